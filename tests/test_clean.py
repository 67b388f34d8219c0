"""Specification of analysis.clean: each step on small fixtures, the chain on the real corpora."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.chrome_model import learn_chrome
from analysis.clean import (
    clean_text,
    join_broken_lines,
    normalize_placeholders,
    normalize_whitespace,
    normalize_width,
    strip_boilerplate,
    to_simplified,
    traditional_share,
)
from analysis.ingest import read_corpus
from analysis.records import SourceDocument

CJK_RE = re.compile(r"[\u4e00-\u9fff]")

# --- normalize_whitespace -----------------------------------------------------------------------------


def test_normalize_whitespace() -> None:
    raw = "\ufeff标题\r\n\r\n\r\n\xa0 \xa0 一、总体\u200b情况\u3000\r\t（一）学习\u2060 \n\u200b\n续行\n\n\n"
    assert normalize_whitespace(raw) == "标题\n\n一、总体情况\n（一）学习\n续行"


def test_normalize_whitespace_collapses_inner_space_runs_but_keeps_single_spaces() -> None:
    assert normalize_whitespace("比1980 年\xa0\xa0翻两番\t了") == "比1980 年 翻两番 了"


# --- normalize_width ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１９９６年ＡＢＣ", "1996年ABC"),
        ("增长２．５％", "增长2.5％"),
        ("(一)强化理论", "（一）强化理论"),
        ("深入乡镇(街道)、村(社区)调研", "深入乡镇（街道）、村（社区）调研"),
        ("主要是:一是学习,二是工作;对吗?对!", "主要是：一是学习，二是工作；对吗？对！"),
        ("投资1,000万元", "投资1,000万元"),
        ("增长3.2万", "增长3.2万"),
        ("出处:https://a.b/c?x=1,2", "出处：https://a.b/c?x=1,2"),
        ("OA系统f(x)", "OA系统f(x)"),
        ("二○○○年和一九九○年", "二〇〇〇年和一九九〇年"),
        ("二OO五年", "二〇〇五年"),
        ("○ 项目", "○ 项目"),
    ],
)
def test_normalize_width(raw: str, expected: str) -> None:
    assert normalize_width(raw) == expected


# --- join_broken_lines --------------------------------------------------------------------------------


def test_join_broken_lines_joins_lines_starting_with_continuing_punctuation() -> None:
    raw = "根据《\n著作权法\n》第五条\n，本作品\n\n。"
    assert join_broken_lines(raw) == "根据《\n著作权法》第五条，本作品。"


def test_join_broken_lines_joins_soft_wraps_in_blank_line_documents() -> None:
    raw = (
        "各位代表：\n\n"
        "在听了刘少奇同志\n关于宪法草案的报告\n并进行了讨论以后，通过了\n中华人民共和国宪法\n，接着。\n\n"
        "一、2024年工作回顾\n\n"
        "二、\n我国人民推翻了封建主义。\n\n"
        "（一）用改革的办法深入推进“三去一降一补”。\n要在巩固成果基础上完善政策。\n\n"
        "三、关于《\n纲要》的说明"
    )
    assert join_broken_lines(raw) == (
        "各位代表：\n\n"
        "在听了刘少奇同志关于宪法草案的报告并进行了讨论以后，通过了中华人民共和国宪法，接着。\n\n"
        "一、2024年工作回顾\n\n"
        "二、我国人民推翻了封建主义。\n\n"
        "（一）用改革的办法深入推进“三去一降一补”。\n要在巩固成果基础上完善政策。\n\n"
        "三、关于《纲要》的说明"
    )


def test_join_broken_lines_keeps_heading_lines_inside_a_block() -> None:
    singles = "甲\n\n乙\n\n丙\n\n丁\n\n"
    raw = singles + "第一段文字\n一、坚定政治立场\n第二段文字，增长\n2.5万元\n1.小标题\n正文很长很长很长"
    assert join_broken_lines(raw) == (
        singles + "第一段文字\n一、坚定政治立场\n第二段文字，增长2.5万元\n1.小标题\n正文很长很长很长"
    )


def test_join_broken_lines_leaves_one_paragraph_per_line_documents_alone() -> None:
    raw = "工作报告\n\n一、坚定政治立场，筑牢思想根基\n我始终坚持学习\n二、强化担当\n我始终服务大局"
    assert join_broken_lines(raw) == raw


# --- strip_boilerplate --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "如若转载,请注明出处:https://www.example.org/211492.html",
        "转载请注明来源",
        "本文来源：某某网",
        "下一篇:返回列表",
        "上一篇：年度总结",
        "相关阅读：",
        "【参考】此例优秀的办公资料“范例”由某题库的网友为您精心整理编辑,以供您阅读参考之用!",
        "https://example.com/a/b.html",
    ],
)
def test_strip_boilerplate_drops_web_chrome_lines_below_the_report(line: str) -> None:
    body = "关于年度工作的报告\n全年各项工作取得新进展。\n让我们共同努力奋斗！"
    assert strip_boilerplate(f"{body}\n{line}") == body


@pytest.mark.parametrize(
    "line",
    [
        "对网友反映的问题及时回复，整理分析网友意见建议120条。",
        "严肃查处未经许可转载、传播涉密文件的行为。",
        "下一步工作打算",
        "点击率高的政务新媒体要发挥示范作用。",
        "资金来源：财政拨款和自筹资金相结合，确保项目顺利推进。",
    ],
)
def test_strip_boilerplate_keeps_report_sentences_that_mention_the_same_words(line: str) -> None:
    text = f"标题\n{line}\n结尾。"
    assert strip_boilerplate(text) == text


def test_strip_boilerplate_drops_a_repeated_title_and_teasers_between() -> None:
    raw = "关于某工作的报告\n门户简介一段。\n关于某工作的报告\n正文。\n关于某工作的报告"
    assert strip_boilerplate(raw) == "关于某工作的报告\n正文。\n关于某工作的报告"


# --- normalize_placeholders ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("xx局召开会议x次", "□局召开会议□次"),
        ("XX县XXXX工作", "□县□工作"),
        ("共查处X件X人", "共查处□件□人"),
        ("××同志", "□同志"),
        ("撰写**万字、***篇", "撰写□万字、□篇"),
        ("202-年和201X年X月", "202□年和201□年□月"),
        ("xx xx单位", "□ □单位"),
        ("OA系统、https://x.com/xx、x86、3×4、8-10个", "OA系统、https://x.com/xx、x86、3×4、8-10个"),
        ("X光检查", "□光检查"),
    ],
)
def test_normalize_placeholders(raw: str, expected: str) -> None:
    assert normalize_placeholders(raw) == expected


def test_normalize_placeholders_takes_the_placeholder_as_option() -> None:
    assert normalize_placeholders("xx局", placeholder="某") == "某局"


# --- to_simplified ------------------------------------------------------------------------------------


def test_to_simplified_converts_mostly_traditional_text() -> None:
    assert to_simplified("我們第一屆全國人民代表大會") == "我们第一届全国人民代表大会"


def test_to_simplified_leaves_simplified_text_alone() -> None:
    text = "著作与干部发展，面包和头发"
    assert traditional_share(text) == 0.0
    assert to_simplified(text) == text


def test_a_traditional_line_of_a_simplified_text_is_converted_alone() -> None:
    text = "第一个五年计划\n第一個五年計劃的若幹問題\n乾隆年间的事。\n"
    assert to_simplified(text) == "第一个五年计划\n第一个五年计划的若干问题\n乾隆年间的事。\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="乾隆個計劃問題的第一五年，。a", max_size=12), max_size=12))
def test_to_simplified_converts_exactly_the_mostly_traditional_lines(lines: list[str]) -> None:
    """Lines are converted when their traditional share (``traditional_share``) reaches the line threshold,
    however the share is counted (the cleaner counts only lines holding a character t2s changes)."""
    from analysis.clean import LINE_TRADITIONAL_SHARE, TRADITIONAL_SHARE_THRESHOLD, traditional_share

    lines = [*lines, "的" * 80_000]  # a long simplified line keeps the text's share below the threshold
    text = "\n".join(lines)
    assert traditional_share(text) < TRADITIONAL_SHARE_THRESHOLD
    expected = [
        to_simplified(line, threshold=0.0) if traditional_share(line) >= LINE_TRADITIONAL_SHARE else line
        for line in lines
    ]
    assert to_simplified(text) == "\n".join(expected)


def test_traditional_share() -> None:
    assert traditional_share("國會") == 1.0
    assert traditional_share("國家") == 0.5
    assert traditional_share("国家abc") == 0.0
    assert traditional_share("abc") == 0.0


# --- clean_text ---------------------------------------------------------------------------------------


def test_clean_text_runs_the_whole_chain() -> None:
    raw = "\xa0工作報告\r\n\xa0 一、總體情況\r\n(一)xx局召開會議３次,成效明顯。\r\n下一篇:返回列表\r\n"
    assert clean_text(raw) == "工作报告\n一、总体情况\n（一）□局召开会议3次，成效明显。"


def test_clean_text_flags_switch_steps_off() -> None:
    raw = "國家xx\n下一篇:返回列表"
    cleaned = clean_text(raw, simplified=False, boilerplate=False, placeholders=False)
    assert cleaned == "國家xx\n下一篇：返回列表"  # width and whitespace always run


_TEXT_ALPHABET = st.sampled_from(
    list("政府工作报告國家會議一二三四五六七八九十〇○年月日")
    + list("，。、；：？！“”《》（）【】 \u3000\xa0\u200b\ufeff\r\n\t")
    + list("xX×*-,.:;?!()0123456789０１ＡaOhtps/w")
    + ["https://a.b/c", "如若转载,请注明出处:", "下一篇:返回列表", "一、", "（一）", "1.", "网友为您精心整理"]
)
_TEXTS = st.lists(_TEXT_ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
@example("府\r政\r\r府政")  # joined lines make the title whole: its repeat goes on the first pass
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_clean_text_leaves_no_zero_width_or_carriage_return(text: str) -> None:
    assert not re.search("[\r\u200b\u200c\u200d\u2060\ufeff]", clean_text(text))


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_clean_text_never_grows_the_text(text: str) -> None:
    assert len(clean_text(text)) <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_normalize_width_never_changes_cjk_characters(text: str) -> None:
    assert CJK_RE.findall(normalize_width(text)) == CJK_RE.findall(text)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_placeholders_leave_no_xx_or_stars_between_cjk(text: str) -> None:
    assert not re.search(r"[\u4e00-\u9fff](?:xx|XX|\*\*)[\u4e00-\u9fff]", normalize_placeholders(text))


# --- real corpora -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_clean(sample_dir: Path) -> dict[str, str]:
    docs = [doc for doc in read_corpus(sample_dir) if isinstance(doc, SourceDocument)]
    return {doc.doc_id: clean_text(doc.text) for doc in docs}


@pytest.fixture(scope="module")
def gwr_clean(gwr_dir: Path) -> dict[str, str]:
    """gwr_national cleaned with what recurs at its documents' edges (its public-domain notices)."""
    docs = [doc for doc in read_corpus(gwr_dir) if isinstance(doc, SourceDocument)]
    chrome = learn_chrome((doc.source, doc.text) for doc in docs)
    return {doc.doc_id: clean_text(doc.text, chrome=chrome) for doc in docs}


def test_sample_corpus_loses_its_web_chrome(sample_clean: dict[str, str]) -> None:
    assert len(sample_clean) == 8
    for doc_id, text in sample_clean.items():
        for junk in ("如若转载", "下一篇", "网友为您", "精心整理"):
            assert junk not in text, (doc_id, junk)


def test_sample_003_has_its_title_once(sample_clean: dict[str, str]) -> None:
    text = sample_clean["003_b6a6d13a0496e086"]
    assert text.count("市政府办公室党组关于思想政治建设工作情况的报告") == 1
    assert text.startswith("市政府办公室党组关于思想政治建设工作情况的报告\n今年以来")


def test_sample_keeps_one_paragraph_per_line(sample_clean: dict[str, str]) -> None:
    lines = sample_clean["000_f05c5ea0e063d78f"].split("\n")
    assert lines[2] == "一、坚定政治立场，筑牢思想根基"
    assert lines[3].startswith("（一）强化理论武装，提升政治素养。我始终")
    assert "深入乡镇（街道）、村（社区）调研" in lines[12]
    assert "202□年" in sample_clean["002_e242ea8daa6d116a#2"]
    assert "202-年" not in sample_clean["002_e242ea8daa6d116a#2"]


def test_sample_cleaning_is_idempotent(sample_clean: dict[str, str]) -> None:
    assert all(clean_text(text) == text for text in sample_clean.values())


def test_gwr_loses_public_domain_notices(gwr_clean: dict[str, str]) -> None:
    assert len(gwr_clean) == 76
    for doc_id, text in gwr_clean.items():
        if doc_id != "2017_关于政府工作报告的决议":  # one line of a variant notice no other file has
            assert "公有领域" not in text, doc_id
        assert "Public domain" not in text, doc_id
        assert "维基文库" not in text, doc_id
        assert not text.endswith("false"), doc_id


def test_gwr_1954_is_simplified_and_joined(gwr_clean: dict[str, str]) -> None:
    text = gwr_clean["1954_政府工作报告"]
    assert "全国人民代表大会" in text
    assert "在听了刘少奇同志关于宪法草案的报告并进行了三天的讨论以后" in text
    assert "根本法——中华人民共和国宪法，接着" in text


def test_gwr_2025_has_no_line_starting_with_punctuation(gwr_clean: dict[str, str]) -> None:
    lines = gwr_clean["2025_政府工作报告"].split("\n")
    assert not any(line.startswith(("，", "。", "》")) for line in lines)
    assert "一、2024年工作回顾" in lines
    assert "二、2025年经济社会发展总体要求和政策取向" in lines


def test_gwr_width_and_zero(gwr_clean: dict[str, str]) -> None:
    assert "1996" in gwr_clean["1996_政府工作报告"]
    assert "１" not in gwr_clean["1996_政府工作报告"]
    assert "○" not in gwr_clean["1982_政府工作报告"]


def test_gwr_cleaning_is_idempotent(gwr_clean: dict[str, str]) -> None:
    for doc_id in ("1954_政府工作报告", "1955_政府工作报告", "2001_政府工作报告", "2017_政府工作报告"):
        assert clean_text(gwr_clean[doc_id]) == gwr_clean[doc_id], doc_id


def test_portal_chrome_goes_but_sentences_that_mention_it_stay() -> None:
    text = (
        "首页 > 政务公开 > 政府工作报告\n"
        "来源：河北省人民政府网  发布时间：2024-01-25  浏览次数：12345\n"
        "【字体：大 中 小】  打印本页  关闭窗口\n"
        "我们要密切联系我们的人民群众，版权所有人的合法权益依法保护。\n"
        "主办单位：河北省人民政府办公厅  网站标识码：1100000000\n"
        "联系我们\n"
    )
    assert strip_boilerplate(text) == "我们要密切联系我们的人民群众，版权所有人的合法权益依法保护。\n"
