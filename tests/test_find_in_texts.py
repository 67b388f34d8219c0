"""Where runs occur in the distinct texts: every non-overlapping place, wherever the caller says to look,
and the same when a run's places are remembered from an earlier search."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.text_places import Places, find_in_texts, search_sorted

TEXTS = ["坚持稳中求进，坚持稳中求进。", "推进改革，坚持稳中求进", "哈哈哈哈", "推进改革"]


def _by_str_find(run: str, texts: list[str]) -> list[tuple[int, int]]:
    out = []
    for g, text in enumerate(texts):
        at = text.find(run)
        while at >= 0:
            out.append((g, at))
            at = text.find(run, at + len(run))
    return out


def test_places_are_text_number_and_offset_without_overlaps() -> None:
    found = find_in_texts(["坚持稳中求进", "哈哈", "推进改革"], TEXTS)
    assert found == [[(0, 0), (0, 7), (1, 5)], [(2, 0), (2, 2)], [(1, 0), (3, 0)]]


def test_within_restricts_the_search_to_the_texts_named() -> None:
    assert find_in_texts(["推进改革"], TEXTS, within={"推进改革": [3]}) == [[(3, 0)]]


def test_remembered_places_are_read_not_searched_again() -> None:
    known = Places(TEXTS, {"推进改革": [(3, 0)]})  # (as remembered: a search within text 3)
    assert find_in_texts(["推进改革", "哈哈"], TEXTS, known=known) == [[(3, 0)], [(2, 0), (2, 2)]]
    assert known["哈哈"] == [(2, 0), (2, 2)]  # the new run is remembered too


words = st.sampled_from(["改革", "稳中", "求进", "坚持", "，", "哈"])
texts = st.lists(st.lists(words, max_size=8).map("".join), min_size=1, max_size=6)


@settings(max_examples=80, deadline=None)
@given(
    texts, st.lists(st.lists(words, min_size=1, max_size=3).map("".join), min_size=1, max_size=12), st.data()
)
def test_any_split_of_the_searches_gives_the_places_of_str_find(
    corpus: list[str], runs: list[str], data: st.DataObject
) -> None:
    first = data.draw(st.lists(st.sampled_from(runs), max_size=len(runs)))
    known = Places(corpus)
    find_in_texts(first, corpus, known=known)
    assert find_in_texts(runs, corpus, known=known) == [_by_str_find(run, corpus) for run in runs]


def test_places_of_other_texts_are_refused() -> None:
    with pytest.raises(ValueError, match="other texts"):
        find_in_texts(["推进改革"], TEXTS, known=Places(list(TEXTS)))


def test_an_empty_within_finds_nothing_and_no_texts_find_nothing() -> None:
    assert find_in_texts(["推进改革"], TEXTS, within={"推进改革": []}) == [[]]
    assert find_in_texts(["推进改革"], []) == [[]]


@given(
    st.lists(st.integers(0, 50), max_size=30).map(sorted),
    st.lists(st.integers(-5, 55), max_size=30),
    st.sampled_from(["left", "right"]),
)
def test_search_sorted_is_numpy_searchsorted(haystack: list[int], needles: list[int], side: str) -> None:
    hay, asked = np.array(haystack, dtype=np.int64), np.array(needles, dtype=np.int64)
    assert search_sorted(hay, asked, side).tolist() == np.searchsorted(hay, asked, side).tolist()  # type: ignore[arg-type]
