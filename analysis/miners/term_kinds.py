"""The kind of each term candidate (``"term"``, ``"name"`` or None): neighbours read only where they count.

:func:`~analysis.miners.term_usage.kind_of` reads a candidate's neighbours only for the candidates that
:func:`~analysis.miners.term_usage.reads_neighbours` names (a name, a word of general Chinese, a gram made of
general words, a modified predicate: a fifth of them); the others are terms whatever their neighbours.
Here those are found level by level with numpy (:func:`~analysis.miners.term_reads.multiword_reads`), and
their neighbour counts read with one pass over the index's occurrences
(:func:`~analysis.miners.term_neighbours.neighbour_counts_of_levels`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from analysis.index import WordIndex
from analysis.miners.term_freedom import TermCandidate
from analysis.miners.term_neighbours import NeighbourCounts, neighbour_counts, neighbour_counts_of_levels
from analysis.miners.term_reads import multiword_reads, token_readings
from analysis.miners.term_usage import kind_of_counts, reads_neighbours
from analysis.miners.termhood import ReferenceModel
from analysis.units import WordGram

__all__ = ["NeighbourReader", "candidate_kinds", "reading_neighbours"]


#: The neighbour counts of the n-grams of each level (n → rows), one after the other
#: (:func:`~analysis.miners.term_neighbours.neighbour_counts_of_levels`).
NeighbourReader = Callable[[Mapping[int, np.ndarray]], list[NeighbourCounts]]


def candidate_kinds(
    index: WordIndex,
    candidates: list[TermCandidate],
    *,
    tags: Mapping[str, str],
    model: ReferenceModel,
    neighbours: NeighbourReader | None = None,
) -> dict[WordGram, str | None]:
    """:func:`~analysis.miners.term_usage.kind_of` of each candidate: ``"term"`` for those whose kind does
    not depend on their neighbours (:func:`~analysis.miners.term_usage.reads_neighbours`: most), the others
    with their neighbours read from the index (by ``neighbours`` when given: from occurrences already read).
    """
    wanted = reading_neighbours(index, candidates, tags=tags, model=model)
    rows = {
        n: np.asarray([c.row for c in wanted if c.row >= 0 and len(c.gram) == n], dtype=np.int64)
        for n in sorted({len(c.gram) for c in wanted if c.row >= 0})
    }
    keys = [(n, row) for n, level in rows.items() for row in level.tolist()]
    counts = neighbour_counts_of_levels(index, rows, tags=tags) if neighbours is None else neighbours(rows)
    by_key: dict[tuple[int, int], NeighbourCounts] = dict(zip(keys, counts, strict=True))
    kinds: dict[WordGram, str | None] = {c.gram: "term" for c in candidates}
    none = neighbour_counts({}, {}, tags=tags)
    for c in wanted:
        counts = by_key.get((len(c.gram), c.row), none)
        kinds[c.gram] = kind_of_counts(c.gram, counts, tags=tags, model=model)
    return kinds


def reading_neighbours(
    index: WordIndex, candidates: list[TermCandidate], *, tags: Mapping[str, str], model: ReferenceModel
) -> list[TermCandidate]:
    """The candidates whose kind depends on their neighbours
    (:func:`~analysis.miners.term_usage.reads_neighbours`), in order: the multiword ones of the index level
    by level (:func:`~analysis.miners.term_reads.multiword_reads`), the others one by one."""
    rows_of: dict[int, list[int]] = {}
    for c in candidates:
        if c.row >= 0 and len(c.gram) > 1:
            rows_of.setdefault(len(c.gram), []).append(c.row)
    parts = {n: index.parts(n)[rows] for n, rows in sorted(rows_of.items())}
    readings = token_readings(index.vocabulary, parts.values(), tags=tags, model=model)
    reads = {
        (n, row)
        for n, rows in rows_of.items()
        for row, read in zip(rows, multiword_reads(parts[n], readings).tolist(), strict=True)
        if read
    }
    return [
        c
        for c in candidates
        if (
            (len(c.gram), c.row) in reads
            if c.row >= 0 and len(c.gram) > 1
            else reads_neighbours(c.gram, tags=tags, model=model)
        )
    ]
