"""The clause table of the passage miner (analysis.miners.clause_table.clause_table): the distinct sentences
split into clauses and the punctuation between them, as ids; one split of the joined texts equals the
split text by text."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.clause_table import (
    ClauseTable,
    _clause_table_by_strings,
    _clause_table_by_text,
    clause_table,
)


def _rows(table: ClauseTable) -> list[tuple[int, str, str]]:
    return [
        (g, table.clause_text[c], table.gap_text[p])
        for c, p, g in zip(table.clause.tolist(), table.gap.tolist(), table.group.tolist(), strict=True)
    ]


def test_clauses_with_the_punctuation_after_them_and_their_sentence() -> None:
    texts = ["，坚持稳中求进，推动高质量发展。", "", "。", "扎实推进；久久为功！", "坚持稳中求进"]
    table = clause_table(texts)
    assert _rows(table) == [
        (0, "坚持稳中求进", "，"),
        (0, "推动高质量发展", ""),  # the sentence's last clause: punctuation closing it is no gap
        (3, "扎实推进", "；"),
        (3, "久久为功", ""),
        (4, "坚持稳中求进", ""),
    ]
    assert list(table.clause_text) == [
        "坚持稳中求进",
        "推动高质量发展",
        "扎实推进",
        "久久为功",
    ]  # first-seen order
    assert table.gap_text == ["", "，", "；"]


def test_no_text_and_a_text_without_punctuation() -> None:
    assert _rows(clause_table([])) == []
    assert _rows(clause_table(["守正创新"])) == [(0, "守正创新", "")]


def test_a_text_holding_a_line_break_is_split_at_it() -> None:
    assert _rows(clause_table(["甲乙\n丙丁", "戊己"])) == [
        (0, "甲乙", "\n"),
        (0, "丙丁", ""),
        (1, "戊己", ""),
    ]


_TEXT = st.text(alphabet="甲乙丙，；。、！：", max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(_TEXT, max_size=8))
def test_one_split_of_the_joined_texts_equals_the_split_text_by_text(texts: list[str]) -> None:
    joined, by_text = clause_table(texts), _clause_table_by_text(texts)
    assert _rows(joined) == _rows(by_text)
    assert list(joined.clause_text) == list(by_text.clause_text)
    assert joined.gap_text == by_text.gap_text


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, max_size=10), st.integers(min_value=1, max_value=30))
def test_batches_of_any_size_give_the_table_of_one_split(texts: list[str], batch_chars: int) -> None:
    """Texts are split a batch of ``SPLIT_CHARS`` characters at a time (a batch holds one text at least):
    ids stay numbered by first appearance over the whole corpus, sentences by their place in it."""
    from analysis.miners import clause_table as module

    whole = _clause_table_by_text(texts)
    saved = module.SPLIT_CHARS
    module.SPLIT_CHARS = batch_chars
    try:
        batched = clause_table(texts)
    finally:
        module.SPLIT_CHARS = saved
    assert _rows(batched) == _rows(whole)
    assert (list(batched.clause_text), batched.gap_text) == (list(whole.clause_text), whole.gap_text)
    assert batched.clause.dtype == batched.gap.dtype == batched.group.dtype == whole.group.dtype


_ANY_TEXT = st.text(alphabet="甲乙丙丁𠀀□，,；;：:。！？!?、 a", max_size=16)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ANY_TEXT, max_size=10), st.integers(min_value=1, max_value=40))
def test_the_table_from_code_points_equals_the_split_by_strings(texts: list[str], batch_chars: int) -> None:
    """The hashed stretches (any batch size, ASCII marks, characters beyond the BMP) give the table of the
    split by strings, ids and texts alike."""
    from analysis.miners import clause_table as module

    saved = module.SPLIT_CHARS
    module.SPLIT_CHARS = batch_chars
    try:
        hashed, by_strings = clause_table(texts), _clause_table_by_strings(texts)
    finally:
        module.SPLIT_CHARS = saved
    assert _rows(hashed) == _rows(by_strings)
    assert (hashed.clause.tolist(), hashed.gap.tolist()) == (
        by_strings.clause.tolist(),
        by_strings.gap.tolist(),
    )
    assert (list(hashed.clause_text), hashed.gap_text) == (list(by_strings.clause_text), by_strings.gap_text)
    assert (hashed.clause_cjk.tolist(), hashed.clause_marked.tolist()) == (
        by_strings.clause_cjk.tolist(),
        by_strings.clause_marked.tolist(),
    )
    assert hashed.clause.dtype == hashed.gap.dtype == hashed.group.dtype == by_strings.group.dtype


def test_colliding_keys_fall_back_to_the_split_by_strings(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Keys that say nothing but the length make different clauses collide: the check finds them, and the
    table is the split by strings."""
    from analysis.miners import clause_table as module

    def by_length(prefix, inverse, start, length):  # type: ignore[no-untyped-def]
        return length.astype("uint64")

    monkeypatch.setattr(module, "stretch_keys", by_length)
    texts = ["甲乙，丙丁。", "甲乙；戊己"]
    assert module._hashed_table(texts) is None
    assert _rows(clause_table(texts)) == _rows(_clause_table_by_strings(texts))
    assert _rows(clause_table(texts))[:2] == [(0, "甲乙", "，"), (0, "丙丁", "")]


def test_clause_texts_are_sliced_out_when_first_read() -> None:
    """The hashed table's clause texts read as a list does: by id, by slice, negative ids, in bulk."""
    texts = ["坚持稳中求进，推动高质量发展。", "扎实推进；久久为功！坚持稳中求进"]
    table, expected = clause_table(texts), _clause_table_by_strings(texts).clause_text
    assert len(table.clause_text) == 4
    assert table.clause_text[1] == "推动高质量发展"
    assert table.clause_text[-1] == "久久为功"
    assert table.clause_text[1:3] == ["推动高质量发展", "扎实推进"]
    assert table.clause_text.take(np.array([3, 0, 3])).tolist() == ["久久为功", "坚持稳中求进", "久久为功"]
    assert list(table.clause_text) == list(expected)
