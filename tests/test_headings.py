"""Specification of analysis.headings: unmarked parts, chapters and articles, numbered lists, linear time."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.headings import (
    BLANK_CHARS,
    MAX_UNMARKED_CHARS,
    HeadingMatch,
    list_items,
    match_article,
    match_heading,
    split_lines,
)
from analysis.records import PREAMBLE, SourceDocument
from analysis.structure import parse_report


def parse(text: str):
    return parse_report(SourceDocument("d", "d.txt", text))


def outline(text: str) -> list[tuple[int, int, str, str]]:
    return [(h.level, h.number, h.marker, h.text) for h in parse(text).headings]


# ---------------------------------------------------------------- unmarked part headings

TWO_PARTS = """某县2026年政府工作报告
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
“十四五”时期发展成就和2025年工作回顾
五年来，全县上下砥砺奋进，地区生产总值年均增长6%，城乡面貌发生了深刻变化。
一、产业结构持续优化
新建了一批特色产业园区，规上工业企业达到120家。
二、城乡面貌明显改善
完成了老旧小区改造30个，新增公园绿地15处。
三、民生保障更加有力
累计新增城镇就业1.2万人。
2026年工作安排
今年是“十五五”规划开局之年，做好全年工作意义重大。
一、着力扩大有效投资
要进一步加快重点项目建设，力争全年完成投资80亿元。
二、着力增进民生福祉
要持续办好一批民生实事。
"""


def test_part_lines_take_level_1_and_push_the_restarting_items_under_them() -> None:
    report = parse(TWO_PARTS)
    assert [(h.level, h.number, h.marker, h.text, h.section_type) for h in report.headings] == [
        (1, 1, "", "“十四五”时期发展成就和2025年工作回顾", "achievements"),
        (2, 1, "一、", "产业结构持续优化", "achievements"),
        (2, 2, "二、", "城乡面貌明显改善", "achievements"),
        (2, 3, "三、", "民生保障更加有力", "achievements"),
        (1, 2, "", "2026年工作安排", "measures"),
        (2, 1, "一、", "着力扩大有效投资", "measures"),
        (2, 2, "二、", "着力增进民生福祉", "measures"),
    ]
    preamble = [p.text for p in report.paragraphs if p.section_type == PREAMBLE]
    assert preamble == ["各位代表：", "现在，我代表县人民政府，向大会报告工作，请予审议。"]
    part1, part2 = (h for h in report.headings if h.level == 1)
    assert part1.end == part2.start and part2.end == len(TWO_PARTS)
    assert report.enumerations == ()


def test_without_the_part_lines_the_same_report_keeps_its_old_reading() -> None:
    """No part line: the first run is level 1 and the restarted run a list inside its last section."""
    text = TWO_PARTS.replace("“十四五”时期发展成就和2025年工作回顾\n", "").replace("2026年工作安排\n", "")
    report = parse(text)
    assert [(h.level, h.text) for h in report.headings] == [
        (1, "产业结构持续优化"),
        (1, "城乡面貌明显改善"),
        (1, "民生保障更加有力"),
    ]
    assert [(e.ordinal, e.text) for e in report.enumerations] == [
        (1, "着力扩大有效投资"),
        (2, "着力增进民生福祉"),
    ]


def test_part_lines_need_the_numbering_to_restart_under_each_part() -> None:
    continued = TWO_PARTS.replace("一、着力扩大", "四、着力扩大").replace("二、着力增进", "五、着力增进")
    assert [level for level, *_ in outline(continued)] == [1, 1, 1, 1, 1]  # 一…五 is one series
    assert all(marker for _, _, marker, _ in outline(continued))


def test_part_lines_need_one_before_the_first_item_and_at_least_two() -> None:
    no_first = TWO_PARTS.replace("“十四五”时期发展成就和2025年工作回顾\n", "")
    assert [h.marker for h in parse(no_first).headings if h.level == 1] == ["一、", "二、", "三、"]
    single = TWO_PARTS.split("2026年工作安排")[0]
    assert [(level, marker) for level, _, marker, _ in outline(single)] == [
        (1, "一、"),
        (1, "二、"),
        (1, "三、"),
    ]


def test_a_part_line_names_a_section_type_and_stands_between_paragraphs() -> None:
    # a short line without a section keyword (a slogan between paragraphs) is no part
    slogan = TWO_PARTS.replace("2026年工作安排", "乘势而上开新局")
    assert [h.marker for h in parse(slogan).headings if h.level == 1] == ["一、", "二、", "三、"]
    # a line broken in the middle of a sentence is no part either
    broken = TWO_PARTS.replace("2026年工作安排\n今年是", "2026年工作安排\n，今年是")
    assert all(h.marker for h in parse(broken).headings)


def test_a_list_after_a_paragraph_numbered_第一_is_nested_in_it() -> None:
    """A part numbering its own items 第一、 第二、: a run of 一、 inside one of them is a list."""
    text = TWO_PARTS.replace(
        "二、着力增进民生福祉\n要持续办好一批民生实事。\n",
        "二、着力增进民生福祉\n要持续办好一批民生实事。\n"
        "保障措施\n为确保各项任务落实，作出以下安排。\n"
        "第一、压实工作责任，确保各项任务落到实处\n县政府作出以下规定。\n"
        "一、所有项目一律实行清单管理。\n二、所有资金一律纳入预算。\n",
    )
    report = parse(text)
    assert [(h.level, h.text) for h in report.headings if h.level == 1] == [
        (1, "“十四五”时期发展成就和2025年工作回顾"),
        (1, "2026年工作安排"),
        (1, "保障措施"),
    ]
    assert [(e.ordinal, e.text) for e in report.enumerations] == [
        (1, "所有项目一律实行清单管理"),
        (2, "所有资金一律纳入预算"),
    ]


# ---------------------------------------------------------------- chapters, sections, articles

REGULATION = """某市数据资源管理办法
第一章 总则
第一条 为了规范数据资源管理，制定本办法。
第二条 本办法适用于下列单位：
（一）市级部门；
（二）区县人民政府；
（三）公共服务企业。
第二章 管理职责
第一节 主管部门
第三条 市数据主管部门履行下列职责：
1.统筹规划；
2.监督检查。
第二节 使用单位
第四条 使用单位应当建立数据安全制度。
附件
一、数据目录编制要求
（一）目录结构
按照统一格式编制。
1.基础目录
（1）人口信息
包括户籍信息。
"""


def test_levels_are_relative_to_the_outermost_markers_of_the_document() -> None:
    assert outline(REGULATION) == [
        (1, 1, "第一章", "总则"),
        (1, 2, "第二章", "管理职责"),
        (2, 1, "第一节", "主管部门"),
        (2, 2, "第二节", "使用单位"),
        (3, 1, "一、", "数据目录编制要求"),  # the annex after the last article: headings again
        (4, 1, "（一）", "目录结构"),
        (5, 1, "1.", "基础目录"),
        (6, 1, "（1）", "人口信息"),
    ]


def test_ordinary_reports_keep_their_levels() -> None:
    assert outline("报告\n一、甲方面\n正文。\n（一）乙\n正文。\n1.丙\n正文。\n（1）丁\n正文。\n") == [
        (1, 1, "一、", "甲方面"),
        (2, 1, "（一）", "乙"),
        (3, 1, "1.", "丙"),
        (4, 1, "（1）", "丁"),
    ]
    assert [h.level for h in parse("报告\n（一）乙\n正文。\n1.丙\n正文。\n").headings] == [2, 3]
    chapters_only = outline("办法\n第一章 总则\n正文。\n（一）乙\n正文。\n")
    assert chapters_only == [(1, 1, "第一章", "总则"), (3, 1, "（一）", "乙")]  # （一） keeps its place


def test_articles_are_paragraphs_and_their_items_are_listed_clauses() -> None:
    report = parse(REGULATION)
    articles = [p for p in report.paragraphs if p.text.startswith("第") and "条" in p.text[:4]]
    assert [p.text[:3] for p in articles] == ["第一条", "第二条", "第三条", "第四条"]
    assert not any(p.is_heading for p in articles)
    assert [report.headings[p.heading_index].text for p in articles] == [
        "总则",
        "总则",
        "主管部门",
        "使用单位",
    ]
    assert [(e.ordinal, e.text) for e in report.enumerations] == [
        (1, "市级部门"),
        (2, "区县人民政府"),
        (3, "公共服务企业"),
        (1, "统筹规划"),
        (2, "监督检查"),
    ]


def test_article_lines_count_only_when_numbered_from_the_first() -> None:
    assert match_article("第十二条 使用单位应当……") == 12
    assert match_article("第一条") is None  # nothing after the number
    assert match_article("第一章 总则") is None
    # a report that happens to start one line with 第三条 has no articles: its （一） stays a heading
    text = "报告\n一、主要做法\n第三条经验是坚持群众路线。\n（一）深入基层\n正文。\n"
    assert outline(text) == [(1, 1, "一、", "主要做法"), (2, 1, "（一）", "深入基层")]


def test_marker_lines_that_start_with_no_marker_character_are_rejected_quickly() -> None:
    assert match_heading("全年完成投资50亿元。") is None
    assert match_heading("第一节 主管部门") == HeadingMatch(1, 1, "第一节", "主管部门", False)
    assert match_heading("第一节 主管部门").outer == 2
    assert match_heading("第三部分 任务").outer == 0
    assert match_heading("一、任务").outer is None


# ---------------------------------------------------------------- numbered lists: the same as a plain search


def list_items_reference(found: Sequence[tuple[int, HeadingMatch]], before: dict[int, str]) -> set[int]:
    """The former quadratic search (each 一、 looks through all earlier runs), for one part."""
    runs: list[list[tuple[int, HeadingMatch]]] = []
    nested = False
    for start, hm in found:
        if hm.level == 1 and hm.marker:
            if hm.number == 1 or not runs:
                runs.append([(start, hm)])
                continue
            follows = [run for run in reversed(runs) if run[-1][1].number == hm.number - 1]
            (follows[0] if follows else runs[-1]).append((start, hm))
        elif not runs:
            nested = True
    if not runs:
        return set()
    lengths = sorted(len(hm.text) for _, hm in runs[0])
    sentences = lengths[len(lengths) // 2] > MAX_UNMARKED_CHARS
    introduced = before[runs[0][0][0]].endswith(("：", ":"))
    return {start for run in runs[0 if nested or (introduced and sentences) else 1 :] for start, _ in run}


MARKS = st.lists(
    st.tuples(st.sampled_from([1, 1, 1, 2]), st.integers(1, 5), st.sampled_from(["短", "很长的一句话" * 6])),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(MARKS, st.booleans())
def test_list_items_are_those_of_the_plain_search(marks: list[tuple[int, int, str]], colon: bool) -> None:
    lines = [(0, "说明如下：" if colon else "说明如下。")]
    found = []
    for k, (level, number, text) in enumerate(marks, 1):
        marker = f"{'一二三四五'[number - 1]}、" if level == 1 else f"（{'一二三四五'[number - 1]}）"
        lines.append((k, marker + text))
        found.append((k, HeadingMatch(level, number, marker, text, False)))
    before = {start: lines[i - 1][1] for i, (start, _) in enumerate(lines) if i}
    assert set(list_items(found, lines, set())) == list_items_reference(found, before)


# ---------------------------------------------------------------- time


def chinese(n: int) -> str:
    """1–99 in Chinese numerals."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else digits[tens]) + ("十" if tens else "") + (digits[ones] if ones else "")


def test_fifty_thousand_headings_parse_in_linear_time() -> None:
    """A generous guard only (the figures are in benchmarks/bench_headings.py): the former quadratic
    parse took minutes for documents this size and shape."""
    lines = ["报告"]
    for k in range(10_000):
        lines += [f"{chinese(k % 99 + 1)}、第{k}部分工作", "完成了各项任务。"]
        lines += [f"（{c}）要点" for c in "一二三四"] + ["正文。"]
    text = "\n".join(lines)
    began = time.perf_counter()
    report = parse(text)
    assert time.perf_counter() - began < 20
    assert len(report.headings) + len(report.enumerations) >= 50_000


def test_blank_chars_are_what_the_former_line_regex_stripped() -> None:
    former = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]")
    assert set(BLANK_CHARS) == {chr(c) for c in range(0x110000) if former.fullmatch(chr(c))}


def test_split_lines_strips_blanks_and_keeps_offsets() -> None:
    text = " \u3000正文\u200b \n\n\xa0一、标题\n\u3000\n"
    assert split_lines(text) == [(2, "正文"), (text.index("一、"), "一、标题")]


def test_long_runs_of_spaces_or_digits_take_linear_time() -> None:
    """A line with a million spaces inside, or a million digits, once took a regex scan per character."""
    began = time.perf_counter()
    for text in ("甲" + " " * 1_000_000 + "乙\n", "一、" + "1" * 1_000_000 + "。\n"):
        parse(text)
    assert time.perf_counter() - began < 10
