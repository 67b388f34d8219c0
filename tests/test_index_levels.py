"""The fast paths of the index build (analysis/units.py, analysis/index_levels.py) give what the simple ones
give, array for array.

* :func:`token_stream` and :func:`char_stream` against the Python loops they replaced (kept here);
* :func:`extended_level` (level ``n`` counted from level ``n − 1``: by one sort of composites, or by the
  radix sort of :func:`extended_by_radix`) against one sort of the packed keys of :func:`level_keys`;
* :func:`_sorted_runs` (by buckets of the top bits) against a stable argsort;
* :func:`documents` given every occurrence against the distinct (n-gram, sentence) pairs;
* the levels counted from the positions' document codes (:func:`document_codes`) and level 1 by
  :func:`counted_units` against those counted from the positions' sentences and :func:`level_keys`.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_index import corpora

from analysis.index_documents import document_codes, documents
from analysis.index_keys import level_keys
from analysis.index_levels import (
    Layout,
    Level,
    counted_level,
    extended_by_radix,
    extended_level,
    level_parts,
    radix_order,
)
from analysis.index_one_sort import counted_units
from analysis.records import Sentence
from analysis.units import char_stream, distinct_corpus, token_classes, token_stream


def reference_token_stream(sentences: list[tuple[str, ...]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The loop :func:`token_stream` replaced: ids by first occurrence, one ``setdefault`` per token."""
    ids: dict[str, int] = {"\n": 0}
    flat: list[int] = [0]
    owners: list[int] = [0]
    for number, tokens in enumerate(sentences):
        flat.extend([ids.setdefault(token, len(ids)) for token in tokens])
        flat.append(0)
        owners.extend([number] * (len(tokens) + 1))
    return list(ids), np.asarray(flat, dtype=np.int32), np.asarray(owners, dtype=np.int32)


def reference_char_stream(
    sentences: list[tuple[str, ...]],
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Character by character: ids by code point, a token start wherever the tokens' lengths say."""
    text = "\n" + "".join("".join(tokens) + "\n" for tokens in sentences)
    vocabulary = ["\n", *sorted(set(text) - {"\n"})]
    ids = {char: i for i, char in enumerate(vocabulary)}
    stream = [ids[char] for char in text]
    boundary = [char == "\n" for char in text]
    owners = [0]
    position = 1
    for number, tokens in enumerate(sentences):
        for token in tokens:
            boundary[position] = True
            position += len(token)
        owners.extend([number] * (len("".join(tokens)) + 1))
        position += 1
    return (
        vocabulary,
        np.asarray(stream, dtype=np.int32),
        np.asarray(owners, dtype=np.int32),
        np.asarray(boundary, dtype=bool),
    )


def assert_same(got: tuple, expected: tuple) -> None:
    assert got[0] == expected[0]
    for mine, theirs in zip(got[1:], expected[1:], strict=True):
        assert mine.dtype == theirs.dtype
        np.testing.assert_array_equal(mine, theirs)


SENTENCES = [
    ("全面", "从严治党", "，", "压实", "主体", "责任", "。"),
    (),
    ("", "坚持", "", "30", "个百分点", ""),
    ("全面", "从严治党"),
]
TOKENS = [
    "全面",
    "从严治党",
    "主体",
    "责任",
    "，",
    "。",
    "30",
    "GDP",
    "□",
    "",
    "\n",
    "甲\n乙",
    "\x01",
    "丙\x01",
]


def test_token_stream_numbers_tokens_by_first_occurrence() -> None:
    vocabulary, stream, owners = token_stream(SENTENCES)
    assert vocabulary[:4] == ["\n", "全面", "从严治党", "，"]
    assert stream[:3].tolist() == [0, 1, 2] and owners[-3:].tolist() == [3, 3, 3]
    assert_same(token_stream(SENTENCES), reference_token_stream(SENTENCES))


def test_char_stream_marks_token_starts_and_separators() -> None:
    vocabulary, stream, owners, boundary = char_stream([("全面", "从严"), ("治党",)])
    assert "".join(vocabulary[i] for i in stream) == "\n全面从严\n治党\n"
    assert boundary.tolist() == [True, True, False, True, False, True, True, False, True]
    assert owners.tolist() == [0, 0, 0, 0, 0, 0, 1, 1, 1]
    assert_same(char_stream(SENTENCES), reference_char_stream(SENTENCES))


def test_tokens_holding_the_mark_or_a_line_break_take_the_slow_path() -> None:
    for sentences in ([("丙\x01", "丁")], [("甲\n乙", "丙")], [], [()]):
        assert_same(char_stream(sentences), reference_char_stream(sentences))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TOKENS), max_size=6).map(tuple), max_size=6))
def test_streams_equal_the_loops(sentences: list[tuple[str, ...]]) -> None:
    assert_same(token_stream(sentences), reference_token_stream(sentences))
    if not any("\n" in token for token in itertools.chain.from_iterable(sentences)):
        # (a line break inside a token: the reference numbers its sentences differently, as the loop did)
        assert_same(char_stream(sentences), reference_char_stream(sentences))


def layout_of(sentences: list[Sentence], *, codes: bool = False) -> Layout:
    """The layout the build counts (``codes``: with the positions' document codes)."""
    distinct = distinct_corpus(sentences)
    vocabulary, stream, sentence_of = token_stream(distinct.tokens)
    is_run, chars, _, _ = token_classes(vocabulary)
    weights = distinct.weights.astype(np.int32)[sentence_of] if len(distinct.weights) else sentence_of * 0
    doc_code = document_codes(sentence_of, distinct) if codes else None
    return Layout(stream, is_run, chars, weights, sentence_of, distinct, doc_code)


def assert_same_level(one: Level, other: Level) -> None:
    for field in ("freq", "doc_freq", "at", "first"):
        mine, theirs = getattr(one, field), getattr(other, field)
        assert mine.dtype == theirs.dtype, field
        np.testing.assert_array_equal(mine, theirs, err_msg=field)


@settings(max_examples=150, deadline=None)
@given(corpora(), st.integers(1, 3), st.sampled_from([3, 5, 12]))
def test_a_level_sorted_from_the_level_before_equals_one_sort_of_its_keys(
    sentences: list[Sentence], min_count: int, max_chars: int
) -> None:
    layout = layout_of(sentences)
    stream_run = layout.is_run[layout.stream]
    vocabulary_size = len(layout.is_run)
    starts, keys = level_keys(layout.stream, stream_run, layout.chars, None, 1, vocabulary_size, max_chars)
    shorter = counted_level(keys, starts, layout, min_count)
    shorter.level.parts = level_parts(shorter.level, None, layout.stream, 1)
    unigrams = shorter.level
    for n in range(2, 5):
        extended = extended_level(layout, shorter, unigrams, n, max_chars, min_count)
        by_radix = extended_by_radix(layout, shorter, unigrams, n, max_chars, min_count)
        starts, keys = level_keys(
            layout.stream, stream_run, layout.chars, shorter.level.at, n, vocabulary_size, max_chars
        )
        expected = counted_level(keys, starts, layout, min_count)
        assert_same_level(extended.level, expected.level)
        np.testing.assert_array_equal(extended.positions, expected.positions)
        np.testing.assert_array_equal(extended.gram, expected.gram)
        assert_same_level(by_radix.level, expected.level)  # (the order when the composites do not fit)
        np.testing.assert_array_equal(by_radix.positions, expected.positions)
        extended.level.parts = level_parts(extended.level, shorter.level, layout.stream, n)
        shorter = extended


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 2**31 - 1) | st.integers(0, 5) | st.integers(65530, 65540)))
def test_the_radix_order_is_a_stable_argsort(values: list[int]) -> None:
    array = np.array(values, dtype=np.int32)
    np.testing.assert_array_equal(radix_order(array), np.argsort(array, kind="stable"))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2**60), st.integers(0, 2047)), max_size=60, unique_by=lambda t: t[1]),
    st.integers(0, 2**60),
)
def test_sorting_by_buckets_of_the_top_bits_keeps_equal_keys_in_stream_order(pairs, top) -> None:
    """60-bit keys and 11-bit positions overflow 64 bits: sorted by buckets of their top bits."""
    from analysis.index_levels import _sorted_runs

    keys = np.array([k for k, _ in pairs] + [top], dtype=np.uint64)  # (a wide key: the buckets are used)
    starts = np.array([p for _, p in pairs] + [2047], dtype=np.int64)
    keys = np.concatenate([keys, keys[: len(keys) // 2]])  # equal keys at other positions
    starts = np.concatenate([starts, starts[: len(starts) // 2] + 2048])
    positions, new = _sorted_runs(keys, starts, 4096)
    order = np.lexsort((starts, keys))
    np.testing.assert_array_equal(positions, starts[order])
    ordered = keys[order]
    np.testing.assert_array_equal(new, np.concatenate(([True], ordered[1:] != ordered[:-1])))


@settings(max_examples=100, deadline=None)
@given(corpora(), st.data())
def test_document_frequencies_from_every_occurrence_equal_those_from_distinct_pairs(
    sentences: list[Sentence], data: st.DataObject
) -> None:
    distinct = distinct_corpus(sentences)
    assume(distinct.tokens)
    m = data.draw(st.integers(1, 4))
    pairs = sorted(
        data.draw(st.lists(st.tuples(st.integers(0, m - 1), st.integers(0, len(distinct.tokens) - 1))))
    )
    gram = np.array([g for g, _ in pairs], dtype=np.int32)
    sentence = np.array([s for _, s in pairs], dtype=np.int32)
    unique = sorted(set(pairs))
    expected = documents(
        np.array([g for g, _ in unique], dtype=np.int32),
        np.array([s for _, s in unique], dtype=np.int32),
        distinct,
        m,
    )
    got = documents(gram, sentence, distinct, m)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, expected)
    held: dict[int, set[int]] = {}
    for g, s in unique:
        docs = distinct.docs[distinct.docs_start[s] : distinct.docs_start[s + 1]]
        held.setdefault(g, set()).update(docs.tolist())
    weights = distinct.doc_weights
    assert got.tolist() == [sum(int(weights[d]) for d in held.get(g, ())) for g in range(m)]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 2**62) | st.integers(0, 9) | st.integers(-5, 5), max_size=50),
    st.sampled_from([np.int64, np.int32, np.uint64]),
)
def test_stable_sort_is_a_stable_argsort(values: list[int], dtype: type) -> None:
    """One packed sort where the values allow, a stable argsort elsewhere: the same order either way."""
    from analysis.units import stable_sort

    fitted = [v % 2**31 if dtype is np.int32 else abs(v) if dtype is np.uint64 else v for v in values]
    array = np.array(fitted).astype(dtype)
    ordered, order = stable_sort(array)
    expected = np.argsort(array, kind="stable")
    assert ordered.dtype == array.dtype
    np.testing.assert_array_equal(order, expected)
    np.testing.assert_array_equal(ordered, array[expected])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 2**62) | st.integers(0, 9) | st.integers(-5, 5), max_size=50),
    st.sampled_from([np.int64, np.int32]),
)
def test_unique_inverse_is_numpys(values: list[int], dtype: type) -> None:
    from analysis.units import unique_inverse

    array = np.array([v if dtype is np.int64 else v % 2**31 for v in values], dtype=dtype)
    present, inverse = unique_inverse(array)
    expected, expected_inverse = np.unique(array, return_inverse=True)
    assert present.dtype == array.dtype and inverse.dtype == np.int64
    np.testing.assert_array_equal(present, expected)
    np.testing.assert_array_equal(inverse, expected_inverse)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 6)), max_size=40),
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 7)), max_size=20),
)
def test_held_pairs_are_found_by_a_binary_search_in_the_runs(entries, wanted) -> None:
    """:func:`~analysis.index_documents._held` against set membership (entries sorted, repeats allowed)."""
    from analysis.index_documents import _held

    entries = sorted(entries)
    gram = np.array([g for g, _ in entries], dtype=np.int32)
    doc = np.array([d for _, d in entries], dtype=np.int32)
    got = _held(
        gram,
        doc,
        np.array([g for g, _ in wanted], dtype=np.int64),
        np.array([d for _, d in wanted], dtype=np.int32),
    )
    assert got.tolist() == [pair in set(entries) for pair in wanted]


def test_document_codes_are_the_first_document_and_the_flag_of_each_position() -> None:
    """Per position: the first document of its sentence, complemented (``~doc``) when the sentence occurs
    more than once or in several documents (the separators take the sentence ``token_stream`` gives them)."""
    sentences = [
        Sentence("a", 0, "正文", ("全面", "从严治党")),
        Sentence("a", 1, "正文", ("压实", "责任")),
        Sentence("b", 0, "正文", ("全面", "从严治党")),
        Sentence("b", 1, "正文", ("落实",)),
        Sentence("b", 2, "正文", ("落实",)),
    ]
    distinct = distinct_corpus(sentences)
    _, _, sentence_of = token_stream(distinct.tokens)
    first = [int(distinct.docs[distinct.docs_start[s]]) for s in range(len(distinct.tokens))]
    special = [int(w > 1 or d < 0) for w, d in zip(distinct.weights, distinct.doc_of, strict=True)]
    expected = [~first[s] if special[s] else first[s] for s in sentence_of.tolist()]
    codes = document_codes(sentence_of, distinct)
    assert codes.dtype == np.int16
    assert codes.tolist() == expected
    assert sorted(set(special)) == [0, 1]


@settings(max_examples=150, deadline=None)
@given(corpora(), st.integers(1, 3), st.sampled_from([1, 3, 5, 12]))
def test_levels_counted_from_document_codes_equal_those_from_sentences(
    sentences: list[Sentence], min_count: int, max_chars: int
) -> None:
    """Level 1 by :func:`counted_units` and the next ones by :func:`extended_level`, reading the positions'
    document codes, against :func:`counted_level` on :func:`level_keys` and the sentences."""
    plain, coded = layout_of(sentences), layout_of(sentences, codes=True)
    stream_run = plain.is_run[plain.stream]
    starts, keys = level_keys(plain.stream, stream_run, plain.chars, None, 1, len(plain.is_run), max_chars)
    pairs = [
        (
            counted_level(keys, starts, plain, min_count),
            counted_units(coded, stream_run, max_chars, min_count),
        )
    ]
    expected, got = pairs[0]
    expected.level.parts = got.level.parts = level_parts(expected.level, None, plain.stream, 1)
    for n in range(2, 5):
        expected, got = pairs[-1]
        pairs.append(
            (
                extended_level(plain, expected, pairs[0][0].level, n, max_chars, min_count),
                extended_level(coded, got, pairs[0][1].level, n, max_chars, min_count),
            )
        )
        for counted in pairs[-1]:
            counted.level.parts = level_parts(counted.level, expected.level, plain.stream, n)
    for expected, got in pairs:
        assert_same_level(got.level, expected.level)
        for field in ("positions", "gram"):
            mine, theirs = getattr(got, field), getattr(expected, field)
            assert mine.dtype == theirs.dtype, field
            np.testing.assert_array_equal(mine, theirs, err_msg=field)
