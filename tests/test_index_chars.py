"""The character level counted by blocks (analysis/char_blocks.py, analysis/index_chars.py,
analysis/char_windows.py) is the level of one sort of every window (analysis/index_packed.py), array for
array.

* :func:`char_blocks` against :func:`char_stream`: vocabulary, ids, token starts and separators, blocks of
  one token up (blocks cut only where a document's first sentence starts);
* :func:`sorted_windows` against one stable sort of the packed keys;
* the index built by blocks of a few tokens (many blocks: documents and shared sentences across block
  edges, copies of documents) against the one-sort build: every n-gram's frequency, document frequency, first
  occurrence and aligned occurrences, the n-gram at every position, the occurrences and neighbours of any
  rows asked (found by scanning the stream), the weight at any position and the one-unit total.
"""

from __future__ import annotations

import itertools
from functools import partial
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_index import corpora, sent
from test_index_levels import TOKENS

import analysis.index
from analysis.char_blocks import block_bounds, char_blocks
from analysis.index import WordIndex
from analysis.index_chars import _sorted_by_keys, char_level_of
from analysis.index_levels import _sorted_runs, packed_keys
from analysis.index_packed import sorted_windows
from analysis.records import Sentence
from analysis.units import char_stream

WIDE = ["𠮷野", "家"]  # a code point past 16 bits


def one_sort(sentences: list[Sentence], **options: int) -> WordIndex:
    """The character index as it was built before the blocks (the block build turned down)."""
    with mock.patch.object(analysis.index, "char_level_of", lambda *args, **kwargs: None):
        return WordIndex.build(sentences, characters=True, **options)


def by_blocks(sentences: list[Sentence], tokens: int, **options: int) -> WordIndex:
    with mock.patch.object(analysis.index, "char_level_of", partial(char_level_of, tokens=tokens)):
        return WordIndex.build(sentences, characters=True, **options)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(TOKENS + WIDE), max_size=6).map(tuple), min_size=1, max_size=8),
    st.integers(1, 8),
    st.data(),
)
def test_blocks_lay_out_the_stream_of_char_stream(
    sentences: list[tuple[str, ...]], tokens: int, data
) -> None:
    first_doc = np.cumsum(
        data.draw(st.lists(st.booleans(), min_size=len(sentences), max_size=len(sentences)))
    )
    blocks = char_blocks(sentences, first_doc, tokens=tokens)
    if any(("\n" in t or "\x01" in t) for t in itertools.chain.from_iterable(sentences)):
        assert blocks is None
        return
    assert blocks is not None
    vocabulary, stream, _, boundary = char_stream(sentences)
    assert blocks.vocabulary == vocabulary
    assert blocks.stream.dtype == np.uint16
    np.testing.assert_array_equal(blocks.stream, stream)
    np.testing.assert_array_equal(blocks.separators, np.flatnonzero(stream == 0))
    starts = [block.starts()[:-1] for block in blocks.blocks[:-1]] + [blocks.blocks[-1].starts()]
    np.testing.assert_array_equal(np.concatenate(starts), boundary)
    edges = [block.first_sentence for block in blocks.blocks] + [len(sentences)]
    assert edges == block_bounds(np.array([len(s) for s in sentences]), first_doc, tokens)
    assert all(first_doc[e] != first_doc[e - 1] for e in edges[1:-1])  # a document's own sentences: one block
    for block in blocks.blocks:
        units = blocks.units(block)
        assert units[0] == units[-1] == 0 and block.offset == blocks.separators[block.first_sentence]


def test_blocks_turn_down_what_they_cannot_lay_out() -> None:
    assert char_blocks([], np.zeros(0, dtype=np.int64)) is None
    assert char_blocks([("甲\x01",)], np.zeros(1, dtype=np.int64)) is None
    assert char_blocks([("甲\n乙",)], np.zeros(1, dtype=np.int64)) is None
    points = itertools.chain(range(0x4E00, 0xD800), range(0x20000, 0x20000 + (1 << 16) - (0xD800 - 0x4E00)))
    many = "".join(map(chr, points))  # 2^16 characters and the separator
    assert char_blocks([(many,)], np.zeros(1, dtype=np.int64)) is None
    assert char_blocks([(many[1:],)], np.zeros(1, dtype=np.int64)) is not None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 9), max_size=80),
    st.sampled_from([2, 3, 4]),
    st.sampled_from([4, 12, 16]),
    st.integers(0, 2**16 - 10),
    st.data(),
)
def test_sorted_windows_equal_a_stable_sort_of_the_packed_keys(
    ids: list[int], n: int, bits: int, base: int, data
) -> None:
    """Streams of few units (0 is the separator, 1 breaks runs), ids offset up to ``bits`` bits wide."""
    top = (1 << bits) - 1
    units = np.array([0, *[0 if i == 0 else min(top, base + i) for i in ids], 0], dtype=np.uint16)
    run = (units != 0) & (units != min(top, base + 1))
    boundary = np.array(data.draw(st.lists(st.booleans(), min_size=len(units), max_size=len(units))))
    boundary |= units == 0
    got = sorted_windows(units, run, boundary, n, bits)
    if len(units) <= n or (n - 1) * bits + len(units).bit_length() + 1 > 64:
        assert got is None
        return
    assert got is not None
    starts, keys = packed_keys(units, run, bits, n)
    positions, new = _sorted_runs(keys, starts, len(units))
    ordered = keys[np.argsort(keys, kind="stable")]
    np.testing.assert_array_equal(got[0], positions)
    np.testing.assert_array_equal(got[1], np.flatnonzero(new))
    np.testing.assert_array_equal(got[2], ordered[new])
    np.testing.assert_array_equal(got[3], boundary[positions] & boundary[positions + n])
    for mine, theirs in zip(
        _sorted_by_keys(units, run, boundary, n, bits), got, strict=True
    ):  # (the fallback)
        np.testing.assert_array_equal(mine, theirs)


def assert_same_character_index(one: WordIndex, other: WordIndex, rows: list[int]) -> None:
    assert one.vocabulary == other.vocabulary and one.lengths() == other.lengths()
    assert (one.total_unigrams, one.n_docs, one.n_sentences) == (
        other.total_unigrams,
        other.n_docs,
        other.n_sentences,
    )
    np.testing.assert_array_equal(one.stream, other.stream)
    for n in one.lengths():
        for read in ("parts", "freq_of", "doc_freq_of", "aligned_of", "rows_at"):
            mine, theirs = getattr(one, read)(n), getattr(other, read)(n)
            assert mine.dtype == theirs.dtype, read
            np.testing.assert_array_equal(mine, theirs, err_msg=read)
        np.testing.assert_array_equal(one._levels[n].first, other._levels[n].first)
        asked = np.array([r % len(one.freq_of(n)) for r in rows], dtype=np.int64)
        for mine, theirs in zip(
            one.both_neighbour_occurrences(n, asked), other.both_neighbour_occurrences(n, asked), strict=True
        ):
            assert mine.dtype == theirs.dtype
            np.testing.assert_array_equal(mine, theirs)
    everywhere = np.arange(len(one.stream))
    np.testing.assert_array_equal(one.weights_at(everywhere), other.weights_at(everywhere))


@settings(max_examples=200, deadline=None)
@given(
    corpora(),
    st.integers(1, 3),
    st.sampled_from([2, 3, 4]),
    st.integers(1, 12),
    st.lists(st.integers(0, 10**6), max_size=8),
)
def test_the_index_by_blocks_equals_the_one_sort_index(
    sentences: list[Sentence], min_count: int, n: int, tokens: int, rows: list[int]
) -> None:
    """Documents of few tokens, copies of documents and sentences shared by documents, in blocks of a few
    tokens: document frequencies whose documents and later documents sit in other blocks."""
    options = {"min_count": min_count, "max_n": n}
    expected = one_sort(sentences, **options)
    got = by_blocks(sentences, tokens, **options)
    assert got._windows is not None or len(expected.stream) < n  # (the blocks were used)
    if got._windows is not None:
        assert_same_character_index(got, expected, rows)


def test_a_shared_sentence_counts_each_later_document_once() -> None:
    """甲乙丙丁 in doc a, whose sentence docs b and c hold too; b also has its own sentence with it, and d is
    a copy of b: b, c and d are counted from the shared sentence once each (b's own one does not add)."""
    a = [sent("a", "甲乙丙丁", "。"), sent("a", "戊")]
    b = [sent("b", "甲乙丙丁", "。"), sent("b", "己甲乙丙丁")]
    c = [sent("c", "甲乙丙丁", "。")]
    d = [sent("d", *s.tokens) for s in b]
    for tokens in (1, 2, 100):
        index = by_blocks(a + b + c + d, tokens, min_count=1)
        rows = np.arange(len(index.freq_of(4)))
        table = dict(zip(index.strings(4, rows), index.doc_freq_of(4).tolist(), strict=True))
        assert table["甲乙丙丁"] == 4
        assert_same_character_index(index, one_sort(a + b + c + d, min_count=1), [0, 1, 2])


def test_wide_characters_keep_their_ids() -> None:
    """A code point past 16 bits (not a run character: 𠮷 breaks runs) gets its id by code point order."""
    sentences = [sent("a", "𠮷甲乙丙丁", "，", "甲乙丙丁𠮷"), sent("b", "家甲乙丙丁")]
    index = by_blocks(sentences, 1, min_count=1)
    assert index.vocabulary[-1] == "𠮷"
    assert index.strings(4, np.arange(len(index.freq_of(4)))) == [
        "家甲乙丙",
        "甲乙丙丁",
    ]  # (code point order)
    assert_same_character_index(index, one_sort(sentences, min_count=1), [0, 1])
