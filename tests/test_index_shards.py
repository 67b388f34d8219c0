"""The index counted in shards and merged by key (analysis/index_shards.py) is the index of one sort.

Every array of every level (parts, frequencies, document frequencies, the n-gram starting at each position,
first occurrences, aligned occurrences of characters) must be equal whatever the number of shards, for words
and characters, with copies of documents and sentences shared by documents (what makes document frequencies
cross shard edges).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_index import FIXTURE, corpora, sent

from analysis.index import WordIndex
from analysis.index_keys import unpacked
from analysis.index_levels import packed_keys
from analysis.index_shards import cut_shards
from analysis.records import Sentence
from analysis.units import distinct_corpus, token_stream


def assert_same_index(one: WordIndex, other: WordIndex) -> None:
    assert one.lengths() == other.lengths()
    assert one.total_unigrams == other.total_unigrams
    for n, level in one._levels.items():
        twin = other._levels[n]
        for field in ("parts", "freq", "doc_freq", "first"):
            np.testing.assert_array_equal(
                getattr(level, field), getattr(twin, field), err_msg=f"{field} n={n}"
            )
        # (a character level counted by blocks keeps its positions by row: ``at`` laid out when asked)
        np.testing.assert_array_equal(one.rows_at(n), other.rows_at(n), err_msg=f"at n={n}")
        if one._boundary is not None or one._aligned is not None:
            np.testing.assert_array_equal(one.aligned_of(n), other.aligned_of(n), err_msg=f"aligned n={n}")


def test_two_shards_give_the_fixture_its_counts() -> None:
    sharded = WordIndex.build(FIXTURE, shards=2)
    assert sharded.freq[("全面", "从严治党")] == 3
    assert sharded.doc_freq[("全面", "从严治党")] == 2
    assert sharded.doc_freq[("主体", "责任")] == 2
    assert_same_index(WordIndex.build(FIXTURE), sharded)


def test_a_document_split_over_shards_counts_once() -> None:
    # one long document of distinct sentences, its phrase in every sentence: every shard holds it
    report = [sent("长文", "推进", f"第{i}项", "改革", "任务", "。") for i in range(40)]
    sharded = WordIndex.build([*report, sent("短文", "改革", "任务", "。")], shards=7)
    assert sharded.freq[("改革", "任务")] == 41
    assert sharded.doc_freq[("改革", "任务")] == 2


def test_shards_are_cut_at_separators_and_cover_the_stream() -> None:
    distinct = distinct_corpus([sent("a", "加强", str(i), "党建") for i in range(12)])
    _, stream, sentence_of = token_stream(distinct.tokens)
    weights = distinct.weights[sentence_of]
    shards = cut_shards(stream, weights, sentence_of, distinct, 4)
    assert len(shards) == 4
    assert all(shard.stream[0] == 0 and shard.stream[-1] == 0 for shard in shards)
    joined = np.concatenate([s.stream[:-1] for s in shards[:-1]] + [shards[-1].stream])
    np.testing.assert_array_equal(joined, stream)


def test_packed_keys_unpack_to_their_units() -> None:
    stream = np.array([0, 5, 6, 7, 8, 0, 1, 2], dtype=np.int32)
    run = stream > 0
    starts, keys = packed_keys(stream, run, 4, 3)
    assert starts.tolist() == [1, 2]
    assert unpacked(keys, 4, 3).tolist() == [[5, 6, 7], [6, 7, 8]]


SIZES = st.sampled_from([(4, 12), (3, 5), (2, 3)])


@settings(max_examples=120, deadline=None)
@given(corpora(), st.integers(1, 3), SIZES, st.booleans(), st.integers(1, 6))
def test_any_number_of_shards_gives_the_same_index(
    sentences: list[Sentence], min_count: int, sizes: tuple[int, int], characters: bool, shards: int
) -> None:
    max_n, max_chars = sizes
    options = {"min_count": min_count, "max_n": max_n, "max_chars": max_chars, "characters": characters}
    sharded = WordIndex.build(sentences, shards=shards, **options)
    assert_same_index(WordIndex.build(sentences, **options), sharded)


def test_a_shard_map_is_used_for_every_level() -> None:
    calls: list[str] = []

    def counting_map(fn, items, *, shared):
        calls.append(fn.__name__)
        return [fn(shared, item) for item in items]

    WordIndex.build(FIXTURE, max_n=3, map_shards=counting_map)
    assert calls == ["count_shard", "assign_shard"] * 3


def test_bad_shard_counts_are_named() -> None:
    with pytest.raises(ValueError, match="shards=0"):
        WordIndex.build(FIXTURE, shards=0)
