"""The page's search as arrays (analysis.page_finder, analysis.page_places) gives what its Python loops gave.

References kept here: the chunking loop, the one-slot patterns' regexes over several texts at once, the
(report, section type, occurrences) tuples per phrase and the page's flat form of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.page_data import phrase_pattern
from analysis.page_finder import PhraseFinder, _chunks
from analysis.page_places import phrase_places
from analysis.records import SourceDocument
from analysis.structure import parse_report


def _old_chunks(texts: Sequence[str], size: int) -> Iterator[tuple[int, int]]:
    lo, chars = 0, 0
    for i, text in enumerate(texts):
        chars += len(text) + 1
        if chars >= size:
            yield lo, i + 1
            lo, chars = i + 1, 0
    if lo < len(texts):
        yield lo, len(texts)


@given(st.lists(st.text("改革发展", max_size=9)), st.integers(1, 20))
def test_chunks_by_cumsum_are_the_loops_chunks(texts: list[str], size: int) -> None:
    sizes = np.array([len(t) + 1 for t in texts], dtype=np.int64)
    assert list(_chunks(sizes, size)) == list(_old_chunks(texts, size))


PIECES = ["进一步", "加强", "党的", "建设", "工作", "，", "。", "；", "！", "甲" * 20]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=10), min_size=1, max_size=5))
def test_one_slot_patterns_over_several_texts_match_where_their_regexes_do(texts: list[list[str]]) -> None:
    """The clause ends are looked up in the texts joined by newlines: a match never runs into the next
    text, and a text without a clause mark ends its clause."""
    joined = ["".join(pieces) for pieces in texts]
    phrases = ["进一步X", "加强X建设", "加强X", "加强党的X工作"]
    finder = PhraseFinder(enumerate(phrases), whole=False)
    found = sorted(finder.find_all(joined).tolist())
    expected = sorted(
        [i, t, m.start(), m.end()]
        for i, phrase in enumerate(phrases)
        for t, text in enumerate(joined)
        for m in phrase_pattern(phrase).regex.finditer(text)  # type: ignore[union-attr]
    )
    assert found == expected


REPORTS = {
    "a": "一、工作成效\n全面深化改革，深化改革开放。\n二、存在问题\n改革还不够深入。\n",
    "b": "一、存在问题\n深化改革有差距。\n二、下步打算\n继续深化改革。深化改革。\n",
}


def test_counts_as_arrays_read_as_the_tuples_and_flat_as_the_page_writes_them() -> None:
    reports = [parse_report(SourceDocument(d, f"{d}.txt", text, {})) for d, text in REPORTS.items()]
    reports.append(reports[1])  # an exact copy: counted for each
    places = phrase_places(["深化改革", "改革", "风清气正"], reports)
    assert places.counts[0] == (
        (0, "achievements", 2),
        (1, "measures", 2),
        (1, "problems", 1),
        (2, "measures", 2),
        (2, "problems", 1),
    )
    assert 2 not in places.counts and len(places.counts) == 2 and sorted(places.counts) == [0, 1]
    numbers = {"achievements": 0, "problems": 1, "measures": 2}
    flat = places.counts.flat(numbers)
    for phrase, rows in places.counts.items():
        old = [v for doc, section, n in rows for v in (doc, numbers[section], n)]
        assert flat[phrase] == (old, sum(n for _, _, n in rows))
