"""The sorts and set operations of the frame miner: each fast path (radix argsort of 16-bit ranks, one sort
of packed integers, binary search) gives what the plain path, or numpy's own function, gives."""

from __future__ import annotations

from random import Random
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners import frame_edges
from analysis.miners.frame_edges import _grouped, _maybe_frequent, _two_edges, _two_edges_unpacked
from analysis.miners.frame_occurrences import Occurrences
from analysis.miners.frame_specific import _by_text, _members
from analysis.miners.frames import _entropy, _pair_counts, _pair_counts_sorted, _score, _scores

SMALL = st.lists(st.integers(0, 30), min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 40)), max_size=60, unique_by=lambda use: use[1]))
def test_radix_grouping_is_the_packed_sort(uses: list[tuple[int, int]]) -> None:
    uses.sort(key=lambda use: use[1])  # clauses ascending, as the miner gives them
    rank = np.array([r for r, _ in uses], dtype=np.int64)
    at = np.array([c for _, c in uses], dtype=np.int64)
    radix_start, radix_clause = _grouped(rank, at, 41, 10)
    packed_start, packed_clause = _grouped(rank, at, 41, (1 << 16) + 1)  # (too many ranks for the radix)
    assert radix_clause.tolist() == packed_clause.tolist()
    assert radix_start.tolist() == packed_start[:11].tolist()
    assert radix_clause.tolist() == [c for _, c in sorted(uses)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=60),
    st.integers(1, 4),
    st.randoms(use_true_random=False),
)
def test_circumfix_pairs_by_one_packed_sort_are_those_of_unique_inverse(
    pairs: list[tuple[int, int]], min_freq: int, random: Random
) -> None:
    clauses = sorted(random.sample(range(200), len(pairs)))
    weight = np.array([1 + c % 3 for c in range(200)], dtype=np.int32)
    head = np.array([h for h, _ in pairs], dtype=np.int64)
    tail = np.array([t for _, t in pairs], dtype=np.int64)
    at = np.array(clauses, dtype=np.int64)
    radix = _two_edges(head, tail, at, 1, 2, weight, min_freq, 200)
    with pytest.MonkeyPatch.context() as patch:  # (as with more than 2^16 rows on a side)
        patch.setattr(frame_edges, "_pair_order", lambda head, tail: None)
        packed = _two_edges(head, tail, at, 1, 2, weight, min_freq, 200)
    width = int(tail.max()) + 1
    plain = _two_edges_unpacked(head * width + tail, width, at, 1, 2, weight, min_freq, 200)
    for got, by_packing, expected in zip(radix, packed, plain, strict=True):
        assert got.tolist() == by_packing.tolist() == expected.tolist()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 8), st.integers(1, 12), st.integers(1, 20)), min_size=1, max_size=80)
)
def test_pair_counts_by_packed_sort_are_those_of_the_argsort(uses: list[tuple[int, int, int]]) -> None:
    owner, neighbour, weight = (np.array(column) for column in zip(*uses, strict=True))
    owner = owner.astype(np.int64)
    weight = weight.astype(np.int32)
    who, counts = _pair_counts(owner, neighbour, weight)
    plain_who, plain_counts = _pair_counts_sorted(owner, neighbour, weight)
    assert who.tolist() == plain_who.tolist()
    assert counts.tolist() == plain_counts.tolist()
    expected: dict[tuple[int, int], int] = {}
    for o, n, w in uses:
        expected[(o, n)] = expected.get((o, n), 0) + w
    assert counts.tolist() == [float(expected[pair]) for pair in sorted(expected)]


@given(SMALL, SMALL)
def test_members_by_binary_search_is_isin(values: list[int], ordered: list[int]) -> None:
    array, sorted_array = np.array(values), np.array(sorted(ordered))
    assert _members(array, sorted_array).tolist() == np.isin(array, sorted_array).tolist()


@given(st.lists(st.text("进一步加强在方面还存差距", max_size=4), max_size=30))
def test_keys_grouped_by_text_in_the_order_of_the_texts(texts: list[str]) -> None:
    keys = list(range(len(texts)))
    grouped, starts, ordered = _by_text(keys, texts)
    assert ordered == sorted(set(texts))
    assert sorted(grouped) == keys
    for i, text in enumerate(ordered):
        assert {texts[k] for k in grouped[starts[i] : starts[i + 1]]} == {text}


@given(st.lists(st.integers(0, 5), min_size=1, max_size=12), st.data())
def test_uses_of_keys_are_their_rows_one_after_the_other(sizes: list[int], data: st.DataObject) -> None:
    key_start = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    keys = sorted(data.draw(st.sets(st.integers(0, len(sizes) - 1))))
    found = SimpleNamespace(key_start=key_start)
    expected = [i for key in keys for i in range(key_start[key], key_start[key + 1])]
    assert Occurrences.uses_of(found, np.array(keys, dtype=np.int64)).tolist() == expected  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2000),
            st.integers(0, 10**7),
            st.floats(0, 12, allow_nan=False, allow_infinity=False),
        ),
        max_size=40,
    ),
    st.integers(0, 3000),
)
def test_scores_over_arrays_are_the_scores_one_by_one(
    frames: list[tuple[int, int, float]], n_docs: int
) -> None:
    docs, freq, entropy = (np.array(column) for column in zip(*frames, strict=True)) if frames else ([],) * 3
    scores = _scores(
        np.asarray(docs, np.int64), np.asarray(freq, np.int64), np.asarray(entropy, float), n_docs
    )
    assert scores.tolist() == [_score(d, f, h, n_docs) for d, f, h in frames]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 1 << 40), st.integers(1, 3)), max_size=60),
    st.integers(1, 5),
    st.booleans(),
)
def test_maybe_frequent_keeps_every_use_of_a_frequent_pair(
    uses: list[tuple[int, int]], min_freq: int, one_bucket: bool
) -> None:
    pair = np.array([p for p, _ in uses], dtype=np.int64)
    weight = np.array([w for _, w in uses], dtype=np.int32)
    totals: dict[int, int] = {}
    for p, w in uses:
        totals[p] = totals.get(p, 0) + w
    with pytest.MonkeyPatch.context() as patch:
        if one_bucket:  # (every pair hashed to bucket 0: a use is dropped only when all weigh too little)
            patch.setattr(frame_edges, "_FIBONACCI", np.uint64(0))
        kept = set(_maybe_frequent(pair, weight, min_freq).tolist())
    assert {i for i, (p, _) in enumerate(uses) if totals[p] >= min_freq} <= kept
    if one_bucket:
        assert kept == (set(range(len(uses))) if sum(totals.values()) >= min_freq else set())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 8), st.integers(1, 12), st.integers(1, 20)), min_size=1, max_size=80)
)
def test_entropy_sums_each_owners_terms_in_pair_order(uses: list[tuple[int, int, int]]) -> None:
    uses.sort(key=lambda use: use[0])  # (uses come grouped by owner)
    owner, neighbour, weight = (np.array(column, dtype=np.int64) for column in zip(*uses, strict=True))
    entropy, distinct = _entropy(owner, neighbour, weight, 10)
    counts: dict[tuple[int, int], int] = {}
    for o, n, w in uses:
        counts[(o, n)] = counts.get((o, n), 0) + w
    expected, sizes = [0.0] * 10, [0] * 10
    for (o, _), c in sorted(counts.items()):  # (−p ln p added one pair after the other, as numpy does)
        share = np.float64(c) / np.float64(sum(v for (p, _), v in counts.items() if p == o))
        expected[o] += float(-share * np.log(share))
        sizes[o] += 1
    assert entropy.tolist() == expected
    assert distinct.tolist() == sizes
