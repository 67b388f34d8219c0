"""Specification of the vectorised pair work of the families (analysis.miners.families), the CJK counts
(analysis.miners.cjk_counts) and the run ranks of analysis.miners.passage_runs: each equals a plain
reference kept here (a regex per string, a lexical sort, a dictionary of pairs)."""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.miners import families
from analysis.miners.cjk_counts import cjk_counts
from analysis.miners.clause_table import holding as _holding
from analysis.miners.families import BACKGROUND_RANK, _backgrounds, _pair_counts, _rare_sentences, _related
from analysis.miners.passage_runs import _ranked
from analysis.miners.shared import cjk_count

_chars = st.sampled_from(
    ["发", "展", "㐀", "䶿", "一", "鿿", "䷀", "，", "a", "1", "□", "\U00020000", "\n", " "]
)


@given(st.lists(st.text(_chars, max_size=12), max_size=30))
def test_cjk_counts_equal_the_regex_count(strings: list[str]) -> None:
    assert cjk_counts(strings).tolist() == [cjk_count(s) for s in strings]


def test_cjk_counts_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analysis.miners.cjk_counts.BATCH_STRINGS", 2)
    strings = ["推进高质量发展", "", "1、", "坚持人民至上，", "□□改革"]
    assert cjk_counts(strings).tolist() == [7, 0, 0, 6, 2]


@given(st.lists(st.text(_chars, max_size=6), max_size=20))
def test_holding_is_in(strings: list[str]) -> None:
    assert _holding(strings, "□").tolist() == ["□" in s for s in strings]


@given(st.lists(st.integers(0, 2**40), max_size=40))
def test_ranked_is_a_stable_sort_and_the_ranks_of_the_distinct_keys(values: list[int]) -> None:
    key = np.array(values, dtype=np.int64)
    order, rank = _ranked(key)
    assert order.tolist() == np.argsort(key, kind="stable").tolist()
    distinct = sorted(set(values))
    assert rank.tolist() == [distinct.index(v) for v in sorted(values)]


def test_ranked_without_room_for_the_index_sorts_stably() -> None:
    key = np.array([2**62, 5, 2**62, 0], dtype=np.int64)
    order, rank = _ranked(key)
    assert order.tolist() == [3, 1, 0, 2] and rank.tolist() == [0, 1, 2, 2]


def _reference_backgrounds(a: np.ndarray, b: np.ndarray, share: np.ndarray, n: int) -> np.ndarray:
    shares = defaultdict(list)
    for x, y, s in zip(a.tolist(), b.tolist(), share.tolist(), strict=True):
        shares[x].append(s)
        shares[y].append(s)
    out = np.zeros(n)
    for family, values in shares.items():
        if len(values) >= BACKGROUND_RANK:
            out[family] = sorted(values, reverse=True)[BACKGROUND_RANK - 1]
    return out


_pairs = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=80)


@given(_pairs, st.booleans())
def test_pair_counts_and_backgrounds_equal_a_dictionary_of_pairs(
    pairs: list[tuple[int, int]], dense: bool
) -> None:
    """The dense table (few families) and the sorts (many) give what counting pairs in a dictionary and
    sorting each family's shares gives."""
    n = 12
    pairs = [(min(x, y), max(x, y)) for x, y in pairs if x != y]
    cells = 1 << 23 if dense else 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(families, "DENSE_CELLS", cells)
        keys, shared = _pair_counts(np.array([x * n + y for x, y in pairs], dtype=np.int64), n)
        counted = Counter(pairs)
        assert keys.tolist() == [x * n + y for x, y in sorted(counted)]
        assert shared.tolist() == [counted[p] for p in sorted(counted)]
        a, b = keys // n, keys % n
        share = shared / np.minimum(a + 1, b + 1)  # (any positive shares)
        assert _backgrounds(a, b, share, n).tolist() == _reference_backgrounds(a, b, share, n).tolist()


@given(st.lists(st.frozensets(st.integers(0, 14), min_size=1, max_size=14), max_size=60))
def test_related_is_the_same_with_the_dense_table_and_with_the_sorts(held: list[frozenset[int]]) -> None:
    pairs = sorted((c, f) for c, fams in enumerate(held) for f in fams)
    clause = np.array([c for c, _ in pairs], dtype=np.int64)
    family = np.array([f for _, f in pairs], dtype=np.int64)
    dense = _related(clause, family, 15)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(families, "DENSE_CELLS", 0)
        assert _related(clause, family, 15) == dense


def test_two_families_sharing_many_clauses_are_related_either_way() -> None:
    held = [frozenset({0, 1})] * 6 + [frozenset({i, i + 1}) for i in range(2, 12)]
    pairs = sorted((c, f) for c, fams in enumerate(held) for f in fams)
    clause = np.array([c for c, _ in pairs], dtype=np.int64)
    family = np.array([f for _, f in pairs], dtype=np.int64)
    assert (0, 1) in _related(clause, family, 13)


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 7), st.integers(0, 30)), min_size=1, max_size=60))
def test_rare_sentences_are_each_rare_pair_s_first_sentence(entries: list[tuple[int, int, int]]) -> None:
    """Per (clause, family) of a clause held by 2 … RARE_HOLDERS families: the least sentence of its
    occurrences; −1 elsewhere."""
    n = 8
    keys = np.array([c * n + f for c, f, _ in entries], dtype=np.int64)
    groups = np.array([g for _, _, g in entries], dtype=np.int64)
    pairs = np.unique(keys)
    holders = Counter((pairs // n).tolist())
    first: dict[int, int] = {}
    for key, g in zip(keys.tolist(), groups.tolist(), strict=True):
        first[key] = min(first.get(key, g), g)
    expected = [first[k] if 2 <= holders[k // n] <= families.RARE_HOLDERS else -1 for k in pairs.tolist()]
    assert _rare_sentences(pairs, pairs // n, keys, groups, n).tolist() == expected
