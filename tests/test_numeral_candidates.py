"""The numeral-formula scan at one start (analysis.miners.numeral_slogans._numeral_candidates) gives what
its first writing gave.

``reference_numeral_candidates`` is that first writing (a Python step per character for every run of CJK
characters, ``any`` over generators), kept here unchanged as the specification: the faster one (a regex
match per run, loops) must equal it on random texts, starts and token boundaries.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.numeral_slogans import (
    _MAX_GROUPS,
    _MAX_HEAD,
    _MEASURE_CHARS,
    COMMON_NUMERAL_WORDS,
    MEASURE_HEADS,
    PLACE_UNIT_ENDS,
    _nonnum_run,
    _numeral_candidates,
)
from analysis.miners.shared import BAD_END_CHARS, CLOSE_QUOTES, NUMERALS, OPEN_QUOTES


def reference_nonnum_run(text: str, pos: int, limit: int) -> int:
    n = 0
    while pos + n < len(text) and n < limit and _is_cjk(text[pos + n]) and text[pos + n] not in NUMERALS:
        n += 1
    return n


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def reference_chunk_ok(numeral: str, chunk: str) -> bool:
    word = numeral + chunk
    if chunk[0] in _MEASURE_CHARS:
        return False
    return not any(word[:k] in COMMON_NUMERAL_WORDS for k in range(2, len(word) + 1))


def reference_numeral_candidates(
    text: str, start: int, cuts: frozenset[int]
) -> tuple[list[str], set[str], bool]:
    """:func:`_numeral_candidates` as it was written first: a Python step per character."""
    n = len(text)
    quoted_open = start > 0 and text[start - 1] in OPEN_QUOTES

    def ends_ok(end: int) -> bool:
        return end in cuts or (end < n and text[end] in CLOSE_QUOTES)

    def good_end(end: int) -> bool:
        return ends_ok(end) and text[end - 1] not in BAD_END_CHARS

    ends: list[int] = []
    if start + 1 < n and text[start + 1] == "个" and text[start] != "一":
        head_start = start + 2
        run = reference_nonnum_run(text, head_start, _MAX_HEAD)
        head = text[head_start : head_start + run]
        if run >= 2 and not any(head.startswith(m) for m in MEASURE_HEADS):
            places = any(
                text[e - 1] in PLACE_UNIT_ENDS and e in cuts
                for e in range(head_start + 2, head_start + run + 1)
            )
            if not places:
                ends.extend(e for e in range(head_start + 2, head_start + run + 1) if good_end(e))
    pos, groups = start, 0
    while pos < n and text[pos] in NUMERALS and groups < _MAX_GROUPS:
        run = reference_nonnum_run(text, pos + 1, 3)
        if run == 0:
            break
        numeral = text[pos]
        groups += 1
        nxt = pos + 1 + run
        if groups >= 2:
            ends.extend(
                e
                for e in range(pos + 2, nxt + 1)
                if good_end(e) and reference_chunk_ok(numeral, text[pos + 1 : e])
            )
        if (
            not reference_chunk_ok(numeral, text[pos + 1 : nxt])
            or run > 2
            or nxt >= n
            or text[nxt] not in NUMERALS
        ):
            break
        pos = nxt
    bare: set[str] = set()
    tok_end = start + 1
    while tok_end < n and tok_end not in cuts:
        tok_end += 1
    if (
        2 <= tok_end - start <= 3
        and reference_nonnum_run(text, start + 1, 2) >= tok_end - start - 1
        and reference_chunk_ok(text[start], text[start + 1 : tok_end])
        and good_end(tok_end)
    ):
        bare.add(text[start:tok_end])
    if quoted_open:
        close = start + 1
        while close < n and close - start < 4 and _is_cjk(text[close]):
            close += 1
        if close < n and text[close] in CLOSE_QUOTES and close - start >= 2:
            word = text[start:close]
            if word not in COMMON_NUMERAL_WORDS:
                ends.append(close)
        qends = [e for e in ends if e < n and text[e] in CLOSE_QUOTES]
        if qends:
            return [text[start : max(qends)]], set(), True
    cands = {text[start:e] for e in ends} - COMMON_NUMERAL_WORDS
    return sorted(cands | bare, key=len), bare - cands, False


#: Text of numeral formulas: numerals, 个, heads of counts (方面, 年), a place unit, measure and function
#: characters, quotation marks, a character beyond the plane.
FORMULA_TEXT = st.text(alphabet="一二三两双十个方面年省市会课岗责农风意识是些的“”「」，𠀀", max_size=16)


@settings(max_examples=500, deadline=None)
@given(FORMULA_TEXT, st.data())
def test_numeral_candidates_equal_their_first_writing(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, max(len(text) - 1, 0)))
    cuts = frozenset(data.draw(st.lists(st.integers(0, len(text)), max_size=len(text) + 1)))
    if text and text[start] in NUMERALS:
        assert _numeral_candidates(text, start, cuts) == reference_numeral_candidates(text, start, cuts)
    for limit in (2, 3, _MAX_HEAD):
        for pos in range(len(text) + 2):
            assert _nonnum_run(text, pos, limit) == reference_nonnum_run(text, pos, limit)
