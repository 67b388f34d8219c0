"""Specification of the patterns of parsing (analysis.sections, analysis.structure): written with a literal
or a class first, they find the same matches as the look-behind-first patterns they replaced (kept here as
the reference)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.headings import BLANK_CHARS, parse_chinese_numeral, split_lines
from analysis.records import EnumerationItem, Paragraph, SourceDocument
from analysis.sections import _FIGURE, _PLAN, CUES, cue_counts, figure_counts
from analysis.structure import _ENUM, _TRIM, _enumerations, parse_report

REFERENCE_CUES: dict[str, re.Pattern[str]] = {
    "achievements": re.compile(
        r"(?<![为除罢])(?<!规定|明确|提出|包括)了(?![解如却结])"
        r"|取得[^。；，,]{0,6}?(?:成绩|成效|进展|成就|成果)"
        r"|累计|共计|先后|圆满|荣获|以来|年来|曾|已经|已(?:完成|建成|形成|达到|实现|基本|全部|初步)"
    ),
    "problems": re.compile(
        r"不够|不到位|差距|薄弱|有待|不足|欠缺|短板|不强|不高(?!于)|不深|不细|不实|不严|不力|滞后|偏差|弱化"
        r"|缺乏|(?:仍然|仍|还|依然)存在|个别|有的(?!放矢)"
    ),
    "causes": re.compile(r"原因|根源|究其|归根结底|根本在于|主要在于|之所以|根子|深层次"),
    "measures": re.compile(
        r"进一步|下一步|下步|今后|力争|务必|明年|到20\d\d年"
        r"|(?<![重主需必只纲摘首紧显扼简概提想])要(?![求点素害紧员闻务件领旨义])"
        r"|将(?=继续|进一步|持续|着力|坚持|全面|深入|加快|加大|大力|切实|不断|更加|努力|始终|认真|严格|积极|重点)"
    ),
}  # fmt: skip
REFERENCE_FIGURE = re.compile(
    r"(?<![0-9０-９])(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|□)\s*"
    r"(?:[%％万亿余多个项次篇人名家件条场期元亩吨倍户所座套批]|公里)"
)

_PIECES = st.sampled_from(
    [
        *"了为除罢解如却结已曾要重主需求点将仍还存在个别有的放矢不够高于差距原因今后",
        *"。；，,：\n 0１9.．□%万个公里",
        "规定了", "包括了", "取得了显著成绩", "取得一定进展", "已经", "已完成", "仍然存在", "依然存在",
        "到2030年", "将继续", "将进一步", "重要", "要求", "12.5%", "３．５万", "□次", "5 个", "1\n个",
        "先后", "累计", "进一步", "下一步",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
@example("为了解决问题，规定了目标。除了这些，已经完成了12个项目；要求要进一步，将继续。")
def test_cue_patterns_find_the_reference_matches(text: str) -> None:
    for family, pattern in CUES.items():
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in REFERENCE_CUES[family].finditer(text)
        ], family


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
@example("1.5万个，□次，12 3个，0１9公里，a3个，3.个")
def test_the_figure_pattern_finds_the_reference_matches(text: str) -> None:
    assert [m.span() for m in _FIGURE.finditer(text)] == [m.span() for m in REFERENCE_FIGURE.finditer(text)]
    for start in range(len(text)):  # a search from inside a text (a sentence of it) too
        found, expected = _FIGURE.search(text, start), REFERENCE_FIGURE.search(text, start)
        assert (found and found.span()) == (expected and expected.span())


def test_cue_counts_of_a_small_section() -> None:
    """了, 累计 and the two figures of the past sentence; 差距; 要, 进一步, 明年 and the planned figure."""
    text = "去年完成了12个项目，累计投资3.5亿元。存在差距。要进一步加强，计划明年建成5所学校。"
    assert cue_counts(text).counts == {"achievements": 4, "problems": 1, "causes": 0, "measures": 4}


REFERENCE_ENUM = re.compile(r"(?:^|(?<=[。；：！？，,;:!?]))(?P<num>[一二三四五六七八九十]{1,3})是")
_ENUM_PIECES = st.sampled_from(
    [*"一二三四五六七八九十是。；：！？，,;:!?、的工作 a\n", "一是", "十二是", "十一二三是"]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(_ENUM_PIECES, max_size=30).map("".join))
@example("一是加强学习，二是改进作风；十是其他。三二一是")
@example("，十一二三是")
def test_the_enumeration_pattern_finds_the_reference_matches(text: str) -> None:
    assert [(m.span(), m.span("num")) for m in _ENUM.finditer(text)] == [
        (m.span(), m.span("num")) for m in REFERENCE_ENUM.finditer(text)
    ]


def reference_figure_counts(text: str) -> tuple[int, int]:
    """Sentence by sentence, clause by clause (the definition :func:`figure_counts` replaced)."""
    planned = past = 0
    for sentence in re.finditer(r"[^。；;！？!?\n]+", text):
        if not _FIGURE.search(sentence[0]):
            continue
        in_past = re.search(r"了|已|累计|共计|先后", sentence[0]) is not None
        for clause in re.finditer(r"[^，,：:]+", sentence[0]):
            figures = len(_FIGURE.findall(clause[0]))
            if figures and _PLAN.search(clause[0]):
                planned += figures
            elif figures and in_past:
                past += figures
    return planned, past


_FIGURE_PIECES = st.sampled_from(
    [
        *"。；;！？!?\n，,：:了已 \t\u3000计划目标拟定不少于公里个万1２9.．□%",
        "累计", "共计", "先后", "12.5%", "３．５万", "□次", "5 个", "1\n个", "3 \n 公里", "1.5\n万",
        "到2030年", "计划5个", "已建成3所", "拟定", "\n\n",
    ]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(_FIGURE_PIECES, max_size=40).map("".join))
@example("去年完成了12个项目，累计投资3.5亿元。存在差距。要进一步加强，计划明年建成5所学校。")
@example("已有5 \n个，3个；计划\n2个，已1.5\n万4个")
def test_figure_counts_equal_the_sentence_by_sentence_definition(text: str) -> None:
    assert figure_counts(text) == reference_figure_counts(text)


def reference_enumerations(paragraphs: list[Paragraph]) -> list[EnumerationItem]:
    """Every paragraph searched (the definition :func:`analysis.structure._enumerations` replaced)."""
    items: list[EnumerationItem] = []
    expected = 1
    for index, para in enumerate(paragraphs):
        if para.is_heading:
            expected = 1
        candidates = [
            (parse_chinese_numeral(m["num"]), m.start(), m.end()) for m in _ENUM.finditer(para.text)
        ]
        for k, (n, _, body) in enumerate(candidates):
            if n != 1 and n != expected:
                continue
            expected = n + 1
            stop = candidates[k + 1][1] if k + 1 < len(candidates) else len(para.text)
            end = re.search(r"[。；;！？!?]", para.text[body:stop])
            text = para.text[body : body + end.start() if end else stop].strip(_TRIM)
            if text:
                items.append(EnumerationItem(index, n, text))
    return items


_REPORT_PIECES = st.sampled_from(
    [
        *"一二三十是。；，的工作 \n\u3000",
        "一是",
        "二是",
        "三是",
        "十一是",
        "一、总体要求\n",
        "（一）",
        "\n\n",
        "报告\n",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_REPORT_PIECES, max_size=40).map("".join))
@example("政府工作报告\n正文，一是\n二是加强。")
@example("标题\n一、总体\n一是加强学习，二是改进作风。\n 三是落实；四是\n二是其他\n\u3000一是再来")
def test_enumerations_search_the_paragraphs_the_reference_searches(text: str) -> None:
    report = parse_report(SourceDocument("d", "d.txt", text, {}))
    paragraphs = list(report.paragraphs)
    assert _enumerations(paragraphs, {}, report.text) == reference_enumerations(paragraphs)


def reference_split_lines(text: str) -> list[tuple[int, str]]:
    """A match per line (the definition :func:`analysis.headings.split_lines` replaced)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        left = m[0].lstrip(BLANK_CHARS)
        inner = left.rstrip(BLANK_CHARS)
        if inner:
            out.append((m.start() + len(m[0]) - len(left), inner))
    return out


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from([*"政府a \n\t\u3000\u200b\r\x85\u2028", "\n\n", "一、标题"]), max_size=30).map(
        "".join
    )
)
def test_split_lines_equals_the_match_per_line(text: str) -> None:
    assert split_lines(text) == reference_split_lines(text)
    assert [parse_chinese_numeral(s) for s in ("十一", "两两", "二〇二五", "")] == [11, None, 2025, None]
