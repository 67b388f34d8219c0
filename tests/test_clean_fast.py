"""Specification of the fast paths of cleaning: each equals the simple implementation kept here.

The references are the implementations the fast paths replaced (one regex or one loop per step, no
prefilter); the property tests draw mixed text of Han characters (simplified and traditional), ASCII,
full-width forms and punctuation, URLs, spaces and newlines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from unittest.mock import patch

import numpy as np
import opencc
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import clean, normalize
from analysis.clean import normalize_whitespace
from analysis.marked_lines import class_table, code_classes, line_breaks, map_marked_lines, marked_spans
from analysis.normalize import (
    _FULLWIDTH_ALNUM,
    _HALF_PUNCT_RUN_RE,
    _PAREN_RE,
    CJK,
    INNER_SPACE_RE,
    LINE_EDGE_SPACE,
    URL_RE,
    ZERO_WIDTH,
    _fix_half_punct,
    _fix_parens,
    _fix_zero,
    normalize_placeholders,
    normalize_width,
)
from analysis.traditional import (
    CJK_CHANGED,
    CJK_KEPT,
    CJK_RANGES,
    LINE_TRADITIONAL_SHARE,
    NOT_CJK,
    char_classes,
    to_simplified,
    traditional_share,
)

_T2S = opencc.OpenCC("t2s")
_CJK_RE = re.compile(f"[{CJK}]")

# ---------------------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------------------


def reference_share(text: str) -> float:
    counts = Counter(text)
    cjk = sum(n for c, n in counts.items() if _CJK_RE.match(c))
    changed = sum(n for c, n in counts.items() if _CJK_RE.match(c) and _T2S.convert(c) != c)
    return changed / cjk if cjk else 0.0


def reference_to_simplified(text: str, threshold: float = 0.002) -> str:
    share = reference_share(text)
    if share >= threshold:
        return _T2S.convert(text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        cjk = [c for c in line if _CJK_RE.match(c)]
        changed = sum(1 for c in cjk if _T2S.convert(c) != c)
        if changed and changed >= LINE_TRADITIONAL_SHARE * len(cjk):
            lines[i] = _T2S.convert(line)
    return "\n".join(lines)


def reference_map_outside_urls(text: str, func: Callable[[str], str]) -> str:
    out: list[str] = []
    pos = 0
    for match in URL_RE.finditer(text):
        out.append(func(text[pos : match.start()]))
        out.append(match.group())
        pos = match.end()
    out.append(func(text[pos:]))
    return "".join(out)


def reference_width_segment(text: str) -> str:
    text = re.sub("[一二三四五六七八九十〇○◯OＯ0０]{2,}", _fix_zero, text)
    text = text.translate(_FULLWIDTH_ALNUM)
    text = re.sub(r"(?<=[0-9])[．。](?=[0-9])", ".", text)
    text = _PAREN_RE.sub(_fix_parens, text)
    return _HALF_PUNCT_RUN_RE.sub(_fix_half_punct, text)


def reference_normalize_width(text: str) -> str:
    return reference_map_outside_urls(text, reference_width_segment)


REFERENCE_PLACEHOLDER_RE = re.compile(
    r"(?<![A-Za-z])[xX]+(?![A-Za-z0-9])"
    r"|×{2,}"
    r"|(?<![0-9])×(?![0-9])"
    r"|\*{2,}"
    r"|(?<=[0-9])[-－](?=[年月日])"
)


def reference_normalize_placeholders(text: str) -> str:
    def replace(segment: str) -> str:
        return re.sub("(?:□){2,}", "□", REFERENCE_PLACEHOLDER_RE.sub("□", segment))

    return reference_map_outside_urls(text, replace)


REFERENCE_INNER_SPACE_RE = re.compile(
    r"[ \t\xa0\u2002-\u200a\u202f\u205f]{2,}|[\t\xa0\u2002-\u200a\u202f\u205f]"
)


def reference_normalize_whitespace(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = re.sub(
        f"^[{LINE_EDGE_SPACE}]*[{ZERO_WIDTH}][{ZERO_WIDTH}{LINE_EDGE_SPACE}]*(?:\n|$)", "", text, flags=re.M
    )
    text = re.sub(f"[{ZERO_WIDTH}]", "", text)
    lines = [
        REFERENCE_INNER_SPACE_RE.sub(" ", line.strip(LINE_EDGE_SPACE)).strip(LINE_EDGE_SPACE)
        for line in text.split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


# ---------------------------------------------------------------------------------------------------------
# Mixed text
# ---------------------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        *"一二三四五六七八九十〇○◯OＯ0０１２Ａａｚ9xXｘ×*-－年月日。．.,:;?!()（）：，、政府报告我們個計劃業乾隆",
        *" \u3000\t\n\u200bawWhHps/",
        *"\xa0\u2003\u202f\x0c\r\u2028\ufeff",
        "\n\n\n",
        "\r\n",
        "https://a.b/c",
        "HTTPS://x.y",
        "httpſ://q",
        "www.x.cn",
        "WwW.",
        "二○○○年",
        "二OO五年",
        "202-年",
        "3×4",
        "**",
        "x86",
        "(一)",
        "f(x)",
        "１．５",
        "第一個五年計劃的若幹問題",
    ]
)
MIXED = st.lists(_PIECES, max_size=40).map("".join)


# ---------------------------------------------------------------------------------------------------------
# Traditional → simplified
# ---------------------------------------------------------------------------------------------------------


def test_the_class_table_says_what_t2s_does_to_each_ideograph_alone() -> None:
    classes = char_classes()
    for start, end in CJK_RANGES:
        for code in range(start, end):
            char = chr(code)
            assert classes[code] == (CJK_CHANGED if _T2S.convert(char) != char else CJK_KEPT), char
    assert classes[ord("a")] == classes[ord("。")] == classes[0x20000] == NOT_CJK


def test_traditional_share_of_small_texts() -> None:
    assert traditional_share("") == 0.0
    assert traditional_share("我們的國家") == 0.4
    assert traditional_share("\ud800國") == 1.0  # a lone surrogate is no CJK character


@settings(max_examples=400, deadline=None)
@given(MIXED)
@example("我们\n第一個五年計劃的若幹問題\n" + "国家" * 2000)
@example("乾隆年间\n乾隆\n" + "国家" * 600)
def test_to_simplified_equals_the_reference(text: str) -> None:
    assert traditional_share(text) == reference_share(text)
    assert to_simplified(text) == reference_to_simplified(text)
    assert to_simplified(text, threshold=0.5) == reference_to_simplified(text, threshold=0.5)


# ---------------------------------------------------------------------------------------------------------
# Widths and placeholders
# ---------------------------------------------------------------------------------------------------------


@settings(max_examples=800, deadline=None)
@given(MIXED)
@example("二○○○年和二OO五年，十0个(一)x")
@example("政府(报告)f(x)１．５和1。5，ｗｗｗ.a")
@example("政（报告)")
def test_normalize_width_equals_the_reference(text: str) -> None:
    assert normalize_width(text) == reference_normalize_width(text)


@settings(max_examples=800, deadline=None)
@given(MIXED)
@example("xx县x86X光3×4××**202-年ax×")
@example("x")
def test_normalize_placeholders_equals_the_reference(text: str) -> None:
    assert normalize_placeholders(text) == reference_normalize_placeholders(text)


@settings(max_examples=400, deadline=None)
@given(MIXED)
def test_the_placeholder_pattern_finds_the_reference_matches(text: str) -> None:
    found = [m.span() for m in normalize._PLACEHOLDER_RE.finditer(text)]
    assert found == [m.span() for m in REFERENCE_PLACEHOLDER_RE.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(MIXED)
def test_a_text_said_to_hold_no_url_holds_none(text: str) -> None:
    if not normalize._may_hold_url(text):
        assert URL_RE.search(text) is None


# ---------------------------------------------------------------------------------------------------------
# Whitespace
# ---------------------------------------------------------------------------------------------------------


@settings(max_examples=800, deadline=None)
@given(MIXED)
@example(" 政府\u3000 报告\t\xa0工作 \n\u200b\n\n\n\u3000a\u2003\u2003b \x0c")
def test_normalize_whitespace_equals_the_reference(text: str) -> None:
    assert normalize_whitespace(text) == reference_normalize_whitespace(text)


@settings(max_examples=400, deadline=None)
@given(MIXED)
def test_the_inner_space_pattern_finds_the_reference_matches(text: str) -> None:
    assert [m.span() for m in INNER_SPACE_RE.finditer(text)] == [
        m.span() for m in REFERENCE_INNER_SPACE_RE.finditer(text)
    ]


# ---------------------------------------------------------------------------------------------------------
# Marked lines (analysis.marked_lines): long texts run the line-local steps on their marked lines only
# ---------------------------------------------------------------------------------------------------------

_LONG_PIECES = st.sampled_from(
    ["政府工作报告", "国家" * 30, "\n", "\n\n", "１２", "(一)", "x", "二○年", "1。5", ",", "www.a"]
)


def reference_normalize_placeholders_with(text: str, placeholder: str) -> str:
    def replace(segment: str) -> str:
        if not any(char in segment for char in "xX×*-－"):  # (runs of the placeholder alone stay)
            return segment
        segment = REFERENCE_PLACEHOLDER_RE.sub(placeholder, segment)
        return re.sub(f"(?:{re.escape(placeholder)}){{2,}}", placeholder, segment) if placeholder else segment

    return reference_map_outside_urls(text, replace)


@settings(max_examples=800, deadline=None)
@given(MIXED)
@example("二○○○年\n十0个\n(一)\n１．５\n1。5\n政,\nxx县\n□□\n")
def test_the_marked_lines_of_every_text_give_the_whole_text_steps(text: str) -> None:
    with patch.object(normalize, "MIN_MARKED_CHARS", 0):
        assert normalize_width(text) == reference_normalize_width(text)
        assert normalize_placeholders(text) == reference_normalize_placeholders(text)
        for placeholder in ("某", "", "xx", "□", "\n", "a\n"):
            expected = reference_normalize_placeholders_with(text, placeholder)
            assert normalize_placeholders(text, placeholder=placeholder) == expected


@settings(max_examples=30, deadline=None)
@given(st.lists(_LONG_PIECES, min_size=60, max_size=200).map("".join))
def test_long_texts_take_the_marked_lines_path(text: str) -> None:
    text = "国家" * 1000 + "\n" + text  # (longer than MIN_MARKED_CHARS)
    assert normalize_width(text) == reference_normalize_width(text)
    assert normalize_placeholders(text) == reference_normalize_placeholders(text)


def test_marked_spans_join_consecutive_lines() -> None:
    text = "a\nxb\nxc\nd\nx"
    classes = code_classes(text, class_table({1: "x", 2: "xd"}))
    assert classes.tolist() == [0, 128, 3, 0, 128, 3, 0, 128, 2, 128, 3]
    breaks = line_breaks(classes)
    assert marked_spans(breaks, classes == 3) == [(2, 7), (10, 11)]
    assert map_marked_lines(text, breaks, classes == 3, str.upper) == "a\nXB\nXC\nd\nX"
    assert marked_spans(breaks, classes == 1) == []
    assert (
        map_marked_lines(
            "\n\nx",
            line_breaks(code_classes("\n\nx", class_table({1: "x"}))),
            np.array([0, 0, 1], bool),
            str.upper,
        )
        == "\n\nX"
    )


@settings(max_examples=800, deadline=None)
@given(MIXED)
@example(" 政府\u3000 报告\t\xa0工作 \n\n\n\u3000a\u2003\u2003b \x0c\na  b\n\u205f")
def test_normalize_whitespace_on_marked_lines_equals_the_reference(text: str) -> None:
    with patch.object(clean, "MIN_MARKED_CHARS", 0):
        assert normalize_whitespace(text) == reference_normalize_whitespace(text)


def reference_clean_text(text: str, **flags: bool) -> str:
    """The chain with its second whitespace step always run (what clean_text_and_removed skips)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if flags.get("boilerplate", True):
        text = clean.strip_boilerplate_lines(text)[0]
    text = clean.join_broken_lines(normalize_whitespace(text))
    text = normalize_width(text)
    if flags.get("placeholders", True):
        text = normalize_placeholders(text)
    if flags.get("simplified", True):
        text = to_simplified(text)
    if flags.get("boilerplate", True):
        lines = text.split("\n")
        while (shorter := clean._drop_repeated_title(lines)) != lines:
            lines = shorter
        text = "\n".join(lines)
    return normalize_whitespace(text)


@settings(max_examples=800, deadline=None)
@given(MIXED)
@example("政府工作报告\n\n府\n政\n府政\n\n 正文，(一)x 。\n\n")
@example("a\n，b\n\n\n\n，c \u3000")
def test_clean_text_runs_the_second_whitespace_step_when_it_can_change_something(text: str) -> None:
    assert clean.clean_text(text) == reference_clean_text(text)
    for flags in ({"simplified": False}, {"boilerplate": False}, {"placeholders": False}):
        assert clean.clean_text(text, **flags) == reference_clean_text(text, **flags)


_SPACES = st.sampled_from([*"\x1c\x85\u1680\u2000\u3000 \t\n\u200b\xa0，,x１(", "\n\n\n"])


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(_PIECES, _SPACES), max_size=40).map("".join))
def test_joining_widths_and_placeholders_keep_whitespace_normal(text: str) -> None:
    normal = clean.join_broken_lines(normalize_whitespace(text))
    normal = normalize_placeholders(normalize_width(normal))
    assert normalize_whitespace(normal) == normal
