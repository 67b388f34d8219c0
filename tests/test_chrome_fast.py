"""Specification of the fast paths of the chrome model and of line_view: each equals the simple
implementation kept here (the one it replaced)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.chrome_model import (
    EDGE_SPACE,
    MIN_DOCS,
    CorpusChrome,
    _adjacent_pairs,
    _edge_keys,
    is_sentence,
    learn_chrome,
    line_key,
    units,
)
from analysis.normalize import (
    INNER_SPACE_RE,
    VIEW_MAX_CHARS,
    ZERO_WIDTH,
    line_view,
    normalize_placeholders,
    normalize_width,
    view_may_change,
)

REFERENCE_VIEW_CHANGES_RE = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a(),:;?!．○◯OＯxX×*\\-－]"
    "|[0-9０-９][。．][0-9０-９]|[一二三四五六七八九十〇][0０]|[0０][一二三四五六七八九十〇]"
)


def reference_line_view(line: str) -> str:
    line = INNER_SPACE_RE.sub(" ", re.sub(f"[{ZERO_WIDTH}]", "", line))
    if len(line) > VIEW_MAX_CHARS or not REFERENCE_VIEW_CHANGES_RE.search(line):
        return line
    return normalize_placeholders(normalize_width(line))


def reference_line_key(line: str) -> str:
    key = re.sub(r"\s+", "", line)
    return key if is_sentence(key) else re.sub("[0-9０-９]+", "0", key)


def reference_learn_chrome(documents: Iterable[tuple[str, str]], min_docs: int = MIN_DOCS) -> CorpusChrome:
    line_files: dict[str, set[str]] = {}
    pair_files: dict[tuple[str, str], set[str]] = {}
    files: set[str] = set()
    for source, text in documents:
        files.add(source)
        keys = _edge_keys(text, 40)
        for key in set(keys) - {""}:
            line_files.setdefault(key, set()).add(source)
        for pair in {(a, b) for a, b in pairwise(keys) if a and b}:
            pair_files.setdefault(pair, set()).add(source)
    line_docs = Counter({key: len(found) for key, found in line_files.items()})
    pair_docs = Counter({pair: len(found) for pair, found in pair_files.items()})
    if len(files) < min_docs:
        return CorpusChrome(n_docs=len(files), min_docs=min_docs)
    return CorpusChrome(
        lines=frozenset(key for key, n in line_docs.items() if n >= min_docs),
        pairs={pair: n for pair, n in sorted(pair_docs.items()) if n >= min_docs},
        n_docs=len(files),
        min_docs=min_docs,
    )


_PIECES = st.sampled_from(
    [
        *"政府工作报告一二十〇○0０１Ａxｘ×*-－。．.,:;?!()（）：，、 \u3000\t\xa0\u2003\u200b\ufeff\x0c\x85",
        "  ",
        "二0",
        "0二",
        "1。5",
        "１．５",
        "浏览次数：123",
        "我们要进一步加强政府工作。",
    ]
)
LINES = st.lists(_PIECES, max_size=30).map("".join)


def test_the_characters_line_view_and_line_key_remove_are_unprintable() -> None:
    """What the ``isprintable`` tests rely on: zero-width characters, inner spaces other than the ASCII
    space, and whitespace other than the ASCII space are all unprintable."""
    assert not any(char.isprintable() for char in ZERO_WIDTH)
    inner = [chr(code) for code in range(0x110000) if INNER_SPACE_RE.fullmatch(chr(code))]
    assert [char for char in inner if char.isprintable()] == []
    space = re.compile(r"\s")
    assert [chr(c) for c in range(0x110000) if space.match(chr(c)) and chr(c).isprintable()] == [" "]


@settings(max_examples=800, deadline=None)
@given(LINES)
@example("二0〇五年  \u200b政府(一)")
def test_line_view_equals_the_reference(line: str) -> None:
    assert view_may_change(line) == bool(REFERENCE_VIEW_CHANGES_RE.search(line))
    assert line_view(line) == reference_line_view(line)


@settings(max_examples=800, deadline=None)
@given(LINES)
@example("浏览 次数：123\x85")
def test_line_key_equals_the_reference(line: str) -> None:
    assert line_key(line) == reference_line_key(line)


_CHROME_LINES = st.sampled_from(
    [
        "首页 > 新闻",
        "打印本页",
        "来源：本站",
        "浏览次数：12",
        "关闭窗口",
        "",
        "我们要进一步加强政府工作。",
        "二是要推进改革。",
    ]
)
_DOCUMENTS = st.lists(
    st.tuples(st.sampled_from("abcdef"), st.lists(_CHROME_LINES, max_size=12).map("\n".join)), max_size=12
)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS)
def test_learn_chrome_equals_the_reference(documents: list[tuple[str, str]]) -> None:
    learned = learn_chrome(documents)
    expected = reference_learn_chrome(documents)
    assert learned == expected
    assert list(learned.pairs) == list(expected.pairs)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["", "a", "b", "政府", "0"]), max_size=12))
def test_adjacent_pairs_are_the_pairs_of_non_empty_keys(keys: list[str]) -> None:
    assert _adjacent_pairs(keys) == {(a, b) for a, b in pairwise(keys) if a and b}


def reference_edge_keys(text: str, edge: int) -> list[str]:
    """The definition: every raw line split and stripped, then the units of the first and last ``3 × edge``
    non-blank lines (of all of them when there are at most ``6 × edge``)."""
    raw = [line for line in text.split("\n") if line.strip(EDGE_SPACE)]
    if len(raw) <= 6 * edge:
        lines = units(raw)[0]
        if len(lines) <= 2 * edge:
            return [line_key(line) for line in lines]
        head, tail = lines[:edge], lines[-edge:]
    else:
        head, tail = units(raw[: 3 * edge])[0][:edge], units(raw[-3 * edge :])[0][-edge:]
    return [line_key(line) for line in (*head, "", *tail)]


_EDGE_LINES = st.sampled_from(
    ["", " ", "\u3000\u200b", "首页 > 新闻", "打印本页", "，接上一行", "）", "二是要推进改革。"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_EDGE_LINES, max_size=90).map("\n".join), st.integers(1, 4))
@example("\n".join(["a", *[""] * 40, "b", "c", "d", *[""] * 40, "e"]), 2)
@example("\n".join(["甲", "，乙", "，丙", "", "", "", "", "丁", "，戊", "，己"]), 1)  # 6 × edge: all read
def test_edge_keys_read_only_the_ends_and_equal_the_definition(text: str, edge: int) -> None:
    """Texts with runs of blank lines of any length, so that both the ends-only path and its fallback to the
    whole text are taken."""
    assert _edge_keys(text, edge) == reference_edge_keys(text, edge)
