"""Places on clause boundaries read off the clause table (analysis.miners.clause_places) against their
definition: the places the search finds (find_in_texts) with a clause mark or a text's edge on both sides;
and clause ids looked up by key against a dictionary of the clauses' texts."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.clause_places import ClausePlaces, has_border
from analysis.miners.clause_table import _clause_table_by_strings, clause_ids, clause_table
from analysis.miners.passage_enumerations import CLAUSE_MARKS, EDGE_CLASSES
from analysis.miners.text_places import Places, find_in_texts

#: Few characters, so that clauses and runs recur and overlap themselves (甲，甲 in 甲，甲，甲).
_TEXTS = st.lists(st.text(alphabet="甲乙丙，、。；", max_size=14), min_size=1, max_size=6)
_RUNS = st.lists(
    st.text(alphabet="甲乙丙，、。", min_size=1, max_size=8), min_size=1, max_size=12, unique=True
)


def _on_boundaries(
    runs: Sequence[str], texts: Sequence[str], places: Sequence[Sequence[tuple[int, int]]]
) -> list[list[tuple[int, int]]]:
    def edge(text: str, at: int) -> bool:
        return at < 0 or at >= len(text) or text[at] in CLAUSE_MARKS

    return [
        [(g, at) for g, at in found if edge(texts[g], at - 1) and edge(texts[g], at + len(run))]
        for run, found in zip(runs, places, strict=True)
    ]


def _read_off(runs: Sequence[str], texts: list[str]) -> list[list[tuple[int, int]]]:
    found = ClausePlaces(clause_table(texts), Places(texts), EDGE_CLASSES).table(runs)
    rows = list(zip(found.holder.tolist(), found.offset.tolist(), strict=True))
    bounds = found.bounds.tolist()
    return [rows[bounds[k] : bounds[k + 1]] for k in range(len(runs))]


def _with_clauses_of(texts: list[str], runs: list[str]) -> list[str]:
    """``runs`` and runs of whole clauses of the texts (so that many are somewhere)."""
    extra = [part for text in texts for part in text.replace("。", "，").split("，") if part]
    return list(dict.fromkeys([*runs, *extra, *(t.strip("，、。；") for t in texts if t.strip("，、。；"))]))


@settings(max_examples=300, deadline=None)
@given(_TEXTS, _RUNS)
def test_places_read_off_the_table_are_the_searched_places_on_boundaries(
    texts: list[str], runs: list[str]
) -> None:
    runs = _with_clauses_of(texts, runs)
    expected = _on_boundaries(runs, texts, find_in_texts(runs, texts))
    assert _on_boundaries(runs, texts, _read_off(runs, texts)) == expected


def test_a_run_overlapping_itself_keeps_the_places_the_search_keeps() -> None:
    texts = ["甲，甲，甲，甲", "乙，甲，甲"]
    runs = ["甲，甲", "甲"]
    assert _read_off(runs, texts) == [
        [(0, 0), (0, 4), (1, 2)],
        [(0, 0), (0, 2), (0, 4), (0, 6), (1, 2), (1, 4)],
    ]


def test_runs_opening_on_a_mark_and_texts_with_ascii_marks_are_searched() -> None:
    texts = ["甲，，乙、丙", "丙,乙"]  # (an ASCII comma: the table splits there, the edges do not)
    runs = ["，乙", "乙、丙", "丙,乙"]
    assert _on_boundaries(runs, texts, _read_off(runs, texts)) == _on_boundaries(
        runs, texts, find_in_texts(runs, texts)
    )
    texts = ["甲，，乙、丙", "丙；乙"]
    assert _read_off(runs, texts)[0] == [(0, 2)]  # (searched: every place, the edges pick)


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.lists(st.text(alphabet="甲乙丙", min_size=1, max_size=4), max_size=8))
def test_clause_ids_are_those_of_the_clauses_texts(texts: list[str], strings: list[str]) -> None:
    for table in (clause_table(texts), _clause_table_by_strings(texts)):
        known = {text: i for i, text in enumerate(table.clause_text)}
        asked = list(dict.fromkeys([*strings, *known]))
        assert clause_ids(table, asked).tolist() == [known.get(s, -1) for s in asked]


@given(st.text(alphabet="甲乙", max_size=10))
def test_a_border_is_a_proper_prefix_that_is_a_suffix(text: str) -> None:
    assert has_border(text) == any(text[:n] == text[-n:] for n in range(1, len(text)))
