"""Specification of analysis.structure: headings, title, paragraphs, enumerations of a cleaned report."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.headings import OUTER_KINDS
from analysis.records import PREAMBLE, SECTION_TYPES, Heading, SourceDocument
from analysis.sections import TYPE_SOURCES
from analysis.structure import (
    SECTION_KEYWORDS,
    HeadingMatch,
    classify_section,
    match_heading,
    parse_chinese_numeral,
    parse_report,
)

try:  # the cleaner is written in parallel; real-corpus tests must pass with and without it
    from analysis.clean import clean_text
except ImportError:  # pragma: no cover - depends on the checkout
    clean_text = None


def prepare(raw: str) -> str:
    """Cleaned text of a corpus file: clean_text if available, else only line whitespace stripped."""
    if clean_text is not None:
        return clean_text(raw)
    return "\n".join(line.strip() for line in raw.replace("\r\n", "\n").split("\n"))


def doc(text: str, **metadata: str) -> SourceDocument:
    return SourceDocument("d", "d.txt", text, metadata)


# ---------------------------------------------------------------- a 述职报告 with every heading level

REPORT = (
    "关于2023年度履职情况的报告\n"
    "——2024年1月在全局干部大会上\n"
    "局长 张三\n"
    "同志们：\n"
    "一年来，在局党组的坚强领导下，我认真履行职责。现将有关情况报告如下。\n"
    "\xa0\xa0一、基本情况\n"
    "\u3000\u3000全局共有干部职工□人。\n"
    "1.5万元专项资金已全部拨付到位。\n"
    "（一）强化理论武装，提升政治素养。我始终把理论学习放在首位，一是坚持读原著，二是坚持学原文；三是坚持悟原理。\n"
    "1. 坚持集中学习\n"
    "每周五下午集中学习。\n"
    "（1）开展专题研讨\n"
    "二、存在的问题\n"
    "(二)  学习还不够深入\n"
    "三、原因分析\n"
    "四、下步打算\n"
    "一是持续加强学习。二是改进工作作风。\n"
    "三是严守纪律规矩。\n"
)


@pytest.fixture(scope="module")
def report():
    return parse_report(doc(REPORT))


def at(text: str) -> int:
    return REPORT.index(text)


def test_title_is_first_line_and_not_a_paragraph(report) -> None:
    assert report.title == "关于2023年度履职情况的报告"
    assert report.text == REPORT
    assert report.paragraphs[0].text == "——2024年1月在全局干部大会上"
    assert all(p.text != report.title for p in report.paragraphs)


def test_headings_exact(report) -> None:
    two, three, four = at("二、存在"), at("三、原因"), at("四、下步")
    assert report.headings == (
        Heading(1, 1, "一、", "基本情况", "overview", at("一、基本"), two, False),
        Heading(2, 1, "（一）", "强化理论武装，提升政治素养", "overview", at("（一）"), two, True),
        Heading(3, 1, "1.", "坚持集中学习", "overview", at("1. 坚持"), two, False),
        Heading(4, 1, "（1）", "开展专题研讨", "overview", at("（1）"), two, False),
        Heading(1, 2, "二、", "存在的问题", "problems", two, three, False),
        Heading(2, 2, "(二)", "学习还不够深入", "problems", at("(二)"), three, False),
        Heading(1, 3, "三、", "原因分析", "causes", three, four, False),
        Heading(1, 4, "四、", "下步打算", "measures", four, len(REPORT), False),
    )


def test_preamble_subtitle_and_salutation_are_paragraphs_not_headings(report) -> None:
    preamble = [p for p in report.paragraphs if p.section_type == PREAMBLE]
    assert [p.text for p in preamble] == [
        "——2024年1月在全局干部大会上",
        "局长 张三",
        "同志们：",
        "一年来，在局党组的坚强领导下，我认真履行职责。现将有关情况报告如下。",
    ]
    assert all(p.heading_index is None and not p.is_heading for p in preamble)


def test_paragraphs_know_their_heading_and_section(report) -> None:
    by_text = {p.text: p for p in report.paragraphs}
    assert by_text["全局共有干部职工□人。"].start == at("全局共有")  # indentation (U+3000) is not part of it
    staff = by_text["全局共有干部职工□人。"]
    assert (staff.heading_index, staff.section_type) == (0, "overview")
    assert by_text["1.5万元专项资金已全部拨付到位。"].is_heading is False  # 1.5万 is a number, not 1.
    assert by_text["每周五下午集中学习。"].heading_index == 2
    assert by_text["(二)  学习还不够深入"].is_heading is True
    assert by_text["(二)  学习还不够深入"].heading_index == 5
    assert by_text["三是严守纪律规矩。"].section_type == "measures"
    assert len(report.paragraphs) == 17
    assert sum(p.is_heading for p in report.paragraphs) == len(report.headings)


def test_enumerations_exact(report) -> None:
    inline = next(i for i, p in enumerate(report.paragraphs) if p.text.startswith("（一）"))
    last = len(report.paragraphs) - 1
    assert [(e.paragraph_index, e.ordinal, e.text) for e in report.enumerations] == [
        (inline, 1, "坚持读原著"),
        (inline, 2, "坚持学原文"),
        (inline, 3, "坚持悟原理"),
        (last - 1, 1, "持续加强学习"),
        (last - 1, 2, "改进工作作风"),
        (last, 3, "严守纪律规矩"),  # continues the previous paragraph's list
    ]


def test_enumeration_needs_order_and_a_boundary() -> None:
    text = "标题\n统一是基础，二是不按顺序。唯一是关键。\n一是甲，三是丙，二是乙。\n"
    report = parse_report(doc(text))
    assert [(e.ordinal, e.text) for e in report.enumerations] == [(1, "甲"), (2, "乙")]


# ---------------------------------------------------------------- numbered lists inside sections

NESTED_LIST = (
    "政府工作报告\n"
    "一、过去一年的工作\n"
    "我们取得了显著成绩。\n"
    "（一）关于物价问题\n"
    "国务院研究决定：\n"
    "一、继续改革价格体系；\n"
    "二、加强物价管理。\n"
    "二、今年的主要任务\n"
    "要抓好以下工作。\n"
)


def test_a_list_that_restarts_the_numbering_is_not_a_run_of_headings() -> None:
    report = parse_report(doc(NESTED_LIST))
    assert [(h.level, h.number, h.text) for h in report.headings] == [
        (1, 1, "过去一年的工作"),
        (2, 1, "关于物价问题"),
        (1, 2, "今年的主要任务"),  # resumes the headings: the list ended at 二
    ]
    items = [(report.paragraphs[e.paragraph_index].text, e.ordinal, e.text) for e in report.enumerations]
    assert items == [
        ("一、继续改革价格体系；", 1, "继续改革价格体系"),
        ("二、加强物价管理。", 2, "加强物价管理"),
    ]
    assert report.headings[0].end == report.headings[2].start  # the list stays inside section 一


def test_a_first_run_after_a_deeper_heading_is_a_list_nested_in_it() -> None:
    text = "报告\n（一）当前的经济形势\n主要有以下特点：\n一、增长较快\n二、物价平稳\n（二）今后的方针\n"
    report = parse_report(doc(text))
    assert [(h.level, h.text) for h in report.headings] == [(2, "当前的经济形势"), (2, "今后的方针")]
    assert [(e.ordinal, e.text) for e in report.enumerations] == [(1, "增长较快"), (2, "物价平稳")]


LONG_ITEMS = (
    "国务院决定在物价问题上采取以下的综合配套措施：\n"
    "一、继续坚持有计划有步骤地改革不合理的价格体系，逐步调整农副产品价格，理顺比价；\n"
    "二、从增加供给和抑制需求两方面入手，适当控制物价上涨幅度，使物价总水平保持相对稳定；\n"
    "三、加强物价管理和工商行政管理，建立和健全群众性的社会监督制度。\n"
)


def test_sentences_introduced_by_a_colon_are_list_items_but_short_headings_stay_headings() -> None:
    after = "今后五年的主要任务\n正文很长的一段话，写了很多内容。\n"
    listed = parse_report(doc("报告\n" + LONG_ITEMS + after))
    assert [e.ordinal for e in listed.enumerations] == [1, 2, 3]
    # no marked level-1 heading left: the unmarked section heading is found instead
    assert [(h.level, h.marker, h.text) for h in listed.headings] == [(1, "", "今后五年的主要任务")]
    headed = parse_report(doc("报告\n现将有关情况报告如下：\n一、主要工作\n正文。\n二、存在问题\n正文。\n"))
    assert [h.text for h in headed.headings] == ["主要工作", "存在问题"]
    assert headed.enumerations == ()


def test_each_part_has_its_own_run_of_headings_one_level_below_the_parts() -> None:
    text = "报告\n第一部分 回顾\n一、经济\n正文。\n二、社会\n正文。\n第二部分 任务\n一、改革\n正文。\n"
    report = parse_report(doc(text))
    assert [(h.level, h.number, h.text) for h in report.headings] == [
        (1, 1, "回顾"),
        (2, 1, "经济"),
        (2, 2, "社会"),
        (1, 2, "任务"),
        (2, 1, "改革"),  # the numbering restarts in each part: a run of headings, not a list
    ]
    assert report.enumerations == ()


def test_gwr_national_policy_lists_are_not_level_1_headings(gwr_dir: Path) -> None:
    """1955 and 1988 number policy lists 一、二、…; the sections are 一、…三、 (1955), unmarked parts (1988),
    and the ten tasks that restart at 一、 under 1988's second part are its sub-sections."""
    by_year = {}
    for year in ("1955", "1988"):
        path = next(gwr_dir.glob(f"{year}_*.txt"))
        by_year[year] = parse_report(doc(prepare(path.read_text(encoding="utf-8"))))
    assert [h.text for h in by_year["1955"].headings if h.level == 1] == [
        "国家在过渡时期的总任务",
        "第一个五年计划概要",
        "第一个五年计划的若干问题",  # left in traditional characters in the file
    ]
    level1 = [h.text for h in by_year["1988"].headings if h.level == 1]
    assert level1 == ["过去五年国内工作的基本总结", "今后五年建设和改革的目标、方针和任务"]
    part2 = next(h for h in by_year["1988"].headings if h.level == 1 and h.number == 2)
    tasks = [h for h in by_year["1988"].headings if h.level == 2]
    assert [h.number for h in tasks] == list(range(1, 11))
    assert tasks[0].text.startswith("大力发展农业") and tasks[0].start > part2.start
    assert all(h.end <= part2.end and h.section_type == "measures" for h in tasks)
    listed = [e.ordinal for e in by_year["1988"].enumerations]
    assert listed[:10] == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]  # the price measures and the lessons of part 1


# ---------------------------------------------------------------- single lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("一、基本情况", HeadingMatch(1, 1, "一、", "基本情况", False)),
        ("十一、其他事项", HeadingMatch(1, 11, "十一、", "其他事项", False)),
        ("第二部分 存在问题", HeadingMatch(1, 2, "第二部分", "存在问题", False)),
        ("第三章　整改措施", HeadingMatch(1, 3, "第三章", "整改措施", False)),
        ("第二节 管理要求", HeadingMatch(1, 2, "第二节", "管理要求", False)),
        ("（二十三）加强监督。全年开展……", HeadingMatch(2, 23, "（二十三）", "加强监督", True)),
        ("(一)党建工作领导情况。", HeadingMatch(2, 1, "(一)", "党建工作领导情况", False)),
        ("1、加强学习", HeadingMatch(3, 1, "1、", "加强学习", False)),
        ("１．加强学习：每周一次", HeadingMatch(3, 1, "１．", "加强学习", True)),
        ("12.完善制度", HeadingMatch(3, 12, "12.", "完善制度", False)),
        ("(3)严肃纪律", HeadingMatch(4, 3, "(3)", "严肃纪律", False)),
        ("（10）其他", HeadingMatch(4, 10, "（10）", "其他", False)),
    ],
)
def test_match_heading(line: str, expected: HeadingMatch) -> None:
    assert match_heading(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "1.5万元专项资金",
        "2022年，在市委的领导下",
        "3、4月份开展督查",
        "一、二、三季度均完成任务",
        "（一九五四年九月二十三日）",
        "一是坚持学习",
        "一、",
        "（一）",
        "全县（一）类地区",
        "第一，加强学习",
    ],
)
def test_not_a_heading(line: str) -> None:
    assert match_heading(line) is None


def test_long_marker_line_without_delimiter_is_cut_at_a_comma() -> None:
    body = "坚持以人民为中心的发展思想，" + "推进各项工作" * 7 + "，确保取得实效" * 3
    hm = match_heading("（三）" + body)
    assert hm is not None
    assert hm.text == "坚持以人民为中心的发展思想，" + "推进各项工作" * 7
    assert hm.inline is True


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        *[("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99), ("两", 2)],
        *[("〇", 0), ("零", 0), ("一百零一", 101), ("二〇二五", 2025), ("二○○○", 2000)],
    ],
)
def test_parse_chinese_numeral(numeral: str, value: int) -> None:
    assert parse_chinese_numeral(numeral) == value


@pytest.mark.parametrize("numeral", ["", "十十", "一二十", "甲", "两两", "1"])
def test_parse_chinese_numeral_rejects(numeral: str) -> None:
    assert parse_chinese_numeral(numeral) is None


@pytest.mark.parametrize(
    ("heading", "section_type"),
    [
        ("基本情况", "overview"),
        ("县域政治生态总体情况", "overview"),
        ("2024年工作回顾", "achievements"),
        ("自我评价", "achievements"),
        ("政治生态建设工作落实情况", "achievements"),
        ("存在问题和原因分析", "problems"),  # earliest keyword wins
        ("存在的问题及原因", "problems"),
        ("当前存在的突出问题", "problems"),
        ("原因分析", "causes"),
        ("下一步工作打算", "measures"),
        ("加强县域政治生态建设的对策路径", "measures"),
        ("2025年经济社会发展总体要求和政策取向", "measures"),
        ("产生问题的原因", "causes"),  # X的Y names a Y: the keyword after the last 的 decides first
        ("对存在问题的整改建议", "measures"),
        ("过去一年的工作回顾", "achievements"),
        ("2023年度工作总结", "achievements"),
        ("国民经济的成就和今后的建设任务", "achievements"),  # the first conjunct decides
        ("今后发展国民经济中应当注意的几个问题", "measures"),  # 几个问题 is not a problems section
        ("第一个五年计划的若干问题", "other"),
        ("工作中的问题", "problems"),
        ("今年工作总体部署", "measures"),
        ("上半年重点项目执行情况", "achievements"),
        ("全市产业发展现状", "overview"),
        ("坚定政治立场,筑牢思想根基", "other"),
        ("", "other"),
    ],
)
def test_classify_section(heading: str, section_type: str) -> None:
    assert classify_section(heading) == section_type


def test_keyword_table_only_names_known_section_types() -> None:
    assert set(SECTION_KEYWORDS) <= set(SECTION_TYPES) - {"other"}


# ---------------------------------------------------------------- title rules


@pytest.mark.parametrize(
    ("text", "metadata", "title"),
    [
        ("2021年7月市委决定我担任局长，深感责任重大。\n一、自我评价\n", {}, ""),
        ("各位代表：\n现在，我代表国务院报告工作。\n", {"title": "2025年政府工作报告"}, "2025年政府工作报告"),
        ("同志们：\n下面我讲三点意见。\n", {}, ""),
        ("一、基本情况\n全局共有干部□人。\n", {}, ""),
        ("第十四届全国人民代表大会第二次会议听取和\n政府工作报告\n。会议充分肯定\n", {}, ""),
        ("\n\n  政府工作报告  \n——2022年3月5日在第十三届全国人民代表大会第五次会议上\n", {}, "政府工作报告"),
    ],
)
def test_title(text: str, metadata: dict[str, str], title: str) -> None:
    assert parse_report(doc(text, **metadata)).title == title


def test_report_without_title_keeps_first_line_as_paragraph() -> None:
    report = parse_report(doc("2021年7月市委决定我担任局长，深感责任重大。\n一、自我评价\n正文。\n"))
    assert report.paragraphs[0].text == "2021年7月市委决定我担任局长，深感责任重大。"
    assert report.paragraphs[0].section_type == PREAMBLE
    assert [(h.text, h.section_type) for h in report.headings] == [("自我评价", "achievements")]


def test_report_may_start_at_level_two_or_three() -> None:
    report = parse_report(doc("工作总结\n1.存在的问题\n（1）学习不够\n正文。\n2.下步打算\n正文。\n"))
    assert [(h.level, h.number, h.text, h.section_type) for h in report.headings] == [
        (3, 1, "存在的问题", "problems"),
        (4, 1, "学习不够", "problems"),  # inherits from its enclosing heading
        (3, 2, "下步打算", "measures"),
    ]


# ---------------------------------------------------------------- provincial reports, marked and not

PROVINCIAL = """XX省人民政府工作报告

——2025年1月15日在XX省第十四届人民代表大会第三次会议上

省长 王五

各位代表：

现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员和其他列席人员提出意见。

{h1}

过去一年，全省经济运行稳中有进，地区生产总值增长5.5%，城乡居民收入持续增加。

稳中求进

我们坚持稳中求进工作总基调，统筹发展和安全，各项事业取得新进展。

存在的问题和

不足

。我们也清醒看到，发展不平衡不充分问题仍然突出。

{h2}

今年是“十四五”规划收官之年，做好政府工作意义重大，必须坚定信心、迎难而上。
"""


@pytest.mark.parametrize(
    ("h1", "h2", "marker1", "marker2"),
    [
        ("一、2024年工作回顾", "二、2025年工作安排", "一、", "二、"),
        ("2024年工作回顾", "2025年工作安排", "", ""),
    ],
)
def test_provincial_report_with_and_without_markers(h1: str, h2: str, marker1: str, marker2: str) -> None:
    text = PROVINCIAL.format(h1=h1, h2=h2)
    report = parse_report(doc(text))
    assert report.title == "XX省人民政府工作报告"
    assert report.headings == (
        Heading(1, 1, marker1, "2024年工作回顾", "achievements", text.index(h1), text.index(h2), False),
        Heading(1, 2, marker2, "2025年工作安排", "measures", text.index(h2), len(text), False),
    )
    subtitle = report.paragraphs[0]
    assert (subtitle.text[:2], subtitle.section_type, subtitle.is_heading) == ("——", PREAMBLE, False)


def test_unmarked_headings_are_not_guessed_when_markers_exist() -> None:
    text = "工作总结\n一、主要工作\n全年完成各项任务。\n存在的问题\n学习不够深入，作风不够扎实，需要改进。\n"
    assert [h.text for h in parse_report(doc(text)).headings] == ["主要工作"]


# ---------------------------------------------------------------- properties

FRAGMENTS = st.sampled_from(
    [
        *["一、", "（一）", "(二)", "1.", "1.5万", "（1）", "第一部分", "一是", "二是", "。", "，", "："],
        *["基本情况", "存在的问题", "下步打算", "各位代表：", "——", "》"],
        *["\n", "\n\n", "\xa0", "\u3000", " ", "\u200b"],
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(FRAGMENTS | st.text(max_size=5), max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_parse_report_invariants(text: str) -> None:
    report = parse_report(doc(text))
    starts = [h.start for h in report.headings]
    assert starts == sorted(starts)
    for h in report.headings:
        assert 1 <= h.level <= 4 + len(OUTER_KINDS)
        assert 0 <= h.start < h.end <= len(text)
        assert h.section_type in SECTION_TYPES
        assert h.type_source in TYPE_SOURCES
        assert h.number >= 1
    for p in report.paragraphs:
        assert p.text and text[p.start : p.start + len(p.text)] == p.text
        assert p.heading_index is None or report.headings[p.heading_index].start <= p.start
    for e in report.enumerations:
        assert 0 <= e.paragraph_index < len(report.paragraphs)
        assert e.text in report.paragraphs[e.paragraph_index].text


# ---------------------------------------------------------------- the real corpora


def sample_documents(sample_dir: Path) -> dict[str, str]:
    """doc_id → cleaned text; 002 is split at its 【第N篇】 lines into 002…#1 … #4."""
    docs: dict[str, str] = {}
    for path in sorted(sample_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        parts = re.split(r"(?m)^(?=[^\n]*【第[一二三四五六七八九十]+篇】\s*$)", raw)
        if len(parts) == 1:
            docs[path.stem] = prepare(raw)
        else:
            docs |= {f"{path.stem}#{i}": prepare(part) for i, part in enumerate(parts[1:], 1)}
    return docs


#: (level-1 count, level-2 count, level-1 section types), counted by reading the files.
SAMPLE_EXPECTED = {
    "000_f05c5ea0e063d78f": (3, 9, ["achievements"] * 3),  # typed by their bodies
    "001_4ec829123300ccfd": (3, 15, ["achievements", "problems", "measures"]),
    "002_e242ea8daa6d116a#1": (3, 9, ["achievements", "problems", "measures"]),
    "002_e242ea8daa6d116a#2": (3, 13, ["overview", "problems", "measures"]),
    "002_e242ea8daa6d116a#3": (4, 16, ["overview", "problems", "causes", "measures"]),
    "002_e242ea8daa6d116a#4": (4, 10, ["overview", "achievements", "problems", "measures"]),
    "003_b6a6d13a0496e086": (2, 7, ["achievements", "measures"]),
    "004_540c6df316cd4466": (3, 0, ["achievements"] * 3),  # typed by their bodies
}


def test_sample_corpus_heading_counts(sample_dir: Path) -> None:
    docs = sample_documents(sample_dir)
    reports = {d: parse_report(SourceDocument(d, d, text)) for d, text in docs.items()}
    found = {
        d: (
            sum(h.level == 1 for h in r.headings),
            sum(h.level == 2 for h in r.headings),
            [h.section_type for h in r.headings if h.level == 1],
        )
        for d, r in reports.items()
    }
    assert found == SAMPLE_EXPECTED
    by_body = {d for d, r in reports.items() for h in r.headings if h.type_source == "body"}
    assert by_body == {"000_f05c5ea0e063d78f", "004_540c6df316cd4466"}
    assert all(h.type_source == "body" for d in by_body for h in reports[d].headings)
    assert sum(len(r.headings) for r in reports.values()) == 104
    assert reports["001_4ec829123300ccfd"].title == ""
    assert [h.text for h in reports["004_540c6df316cd4466"].headings] == [
        "抓学习固根本，持续提升自身素养",
        "抓服务勤作为，全心全意履职尽责",
        "严律己重修身，持之以恒转变作风",
    ]
    assert all(h.inline for h in reports["004_540c6df316cd4466"].headings)
    assert [h.text for h in reports["001_4ec829123300ccfd"].headings if h.level == 1] == [
        "自我评价",
        "存在的问题及原因",
        "下步打算",
    ]


def test_gwr_2025_report(gwr_dir: Path) -> None:
    name = "2025_政府工作报告.txt"
    with (gwr_dir / "metadata.csv").open(encoding="utf-8", newline="") as handle:
        metadata = next(row for row in csv.DictReader(handle) if row["file"] == name)
    text = prepare((gwr_dir / name).read_text(encoding="utf-8"))
    report = parse_report(SourceDocument(name, name, text, metadata))
    assert report.title == metadata["title"] == "2025年中华人民共和国国务院政府工作报告"  # the text has none
    level1 = [(h.number, h.text, h.section_type) for h in report.headings if h.level == 1]
    assert level1 == [
        (1, "2024年工作回顾", "achievements"),
        (2, "2025年经济社会发展总体要求和政策取向", "measures"),
        (3, "2025年政府工作任务", "measures"),
    ]
    level2 = [h for h in report.headings if h.level == 2]
    assert [h.number for h in level2] == list(range(1, 11))
    assert level2[0].text == "大力提振消费、提高投资效益，全方位扩大国内需求"
    assert all(h.inline and h.section_type == "measures" for h in level2)
    assert report.paragraphs[0].text == "各位代表："


def test_section_numbers_alone_on_a_line_are_level_1_headings_in_sequence() -> None:
    body = "过去一年，我国国民经济继续保持持续跃进的局面，工业和农业生产都取得了很大的成绩。"
    text = f"各位代表：\n一\n{body}\n二\n{body}\n三\n{body}\n五\n{body}"
    report = parse_report(SourceDocument("1960", "1960.txt", text))
    assert [(h.level, h.number, h.marker, h.text, h.section_type) for h in report.headings] == [
        (1, 1, "一", "", "other"),
        (1, 2, "二", "", "other"),
        (1, 3, "三", "", "other"),  # 五 breaks the sequence: body text, not a heading
    ]


def test_a_lone_numeral_is_not_a_heading() -> None:
    text = "各位代表：\n一\n这是一段足够长的正文内容，用来说明单独一个数字并不构成章节编号。"
    assert parse_report(SourceDocument("d", "d.txt", text)).headings == ()


@pytest.mark.parametrize(
    ("heading", "section_type"),
    [
        ("过去五年的伟大成就", "achievements"),
        ("国民经济在调整中取得了新的进展", "achievements"),
        ("1981年国民经济计划的任务和主要指标", "measures"),
        ("2023年政府工作的建议", "measures"),
        ("关于社会主义建设", "other"),
    ],
)
def test_government_work_report_headings_are_classified(heading: str, section_type: str) -> None:
    assert classify_section(heading) == section_type
