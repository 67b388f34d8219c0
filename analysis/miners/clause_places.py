"""Where runs of clauses occur on clause boundaries: read off the clause table, not searched for.

The enumeration edges (:func:`~analysis.miners.passage_enumerations.fix_enumeration_edges`) read only the
places of a run with a clause mark or the text's edge on both sides.  Such a place of a run
``c₁ g₁ c₂ … g_{k−1} c_k`` (clauses ``cᵢ``, the punctuation ``gᵢ`` between them) is a stretch of ``k``
clauses of one sentence in the clause table (:class:`~analysis.miners.clause_table.ClauseTable`) with the
ids of ``c₁ … c_k`` and the gaps ``g₁ … g_{k−1}`` after the first ``k − 1``: a clause of the table starts
after a mark or at its text's start and ends before a mark or at its end, and so does the run there.  So
the places are a join of ids: the rows holding the run's rarest clause (the rows indexed by clause id), each
checked clause by clause; a clause no row holds (:func:`~analysis.miners.clause_table.clause_ids`) leaves
the run nowhere.  Where a row starts in its text is read off the character classes of the texts
(:meth:`~analysis.miners.text_places.Places.classes`: a clause starts where a mark is followed by another
character).

The searches keep, per run, the leftmost occurrences that do not overlap
(:func:`~analysis.multimatch.find_nonoverlapping`), and so do these places: a run that cannot overlap itself
(no border: no proper prefix that is also a suffix) keeps every place; one that can is searched for in each
sentence holding it (``str.find``) and the places that search skips go.

A run that opens or closes on a mark or holds a line break, and every run when the texts hold a clause mark
the table splits at and the edges do not (ASCII punctuation), is searched for
(:class:`~analysis.miners.text_places.Places`) and handed over with all its places (the edges pick those
on boundaries, as they did before).

Why: the first round of edges searched all texts for every run kept (100 MB of distinct text: 138,707 runs
over 33 M characters, 1.06 million places, ≈ 6 s of automaton), and later rounds all texts again for the
runs they trimmed, for places inside clauses the edges never read; now each run that outlives the edges is
searched for once, after them (what the counts and the reuse read), and the edges' places cost 0.5 s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from analysis.miners.clause_table import ClauseTable, clause_ids
from analysis.miners.text_places import Places, PlaceTable
from analysis.multimatch import find_nonoverlapping

__all__ = ["ClausePlaces", "has_border"]

#: The table's clause separators the edges' classes lack (ASCII punctuation the miner reads as full-width).
_OTHER_SEPARATORS = re.compile("[,;:!?]")


def has_border(text: str) -> bool:
    """Whether a proper prefix of ``text`` is also its suffix (two occurrences of it can overlap): only
    where its first character recurs (most runs: nowhere)."""
    at = text.find(text[0], 1) if text else -1
    while at > 0:
        if text.startswith(text[at:]):
            return True
        at = text.find(text[0], at + 1)
    return False


@dataclass(frozen=True, slots=True)
class _Rows:
    """The clause table's rows indexed: where each starts in its text, and the rows of each clause id."""

    offset: np.ndarray  #: per row: where its clause starts in its text
    by_clause: np.ndarray  #: the rows, by clause id, ascending within one
    bounds: np.ndarray  #: clause id ``c``'s rows are ``by_clause[bounds[c] : bounds[c + 1]]``
    gap_id: dict[str, int]  #: a gap's text → its id


class ClausePlaces:
    """The places on clause boundaries of runs (see the module docstring) in the texts of ``places``, split
    into ``table``; ``classes``: the character classes the edges read (every class a clause mark).  The
    runs that cannot be read off the table are searched for in ``places`` (and remembered there)."""

    def __init__(self, table: ClauseTable, places: Places, classes: tuple[str, ...]) -> None:
        self.clause_table = table
        self.places = places
        self.classes = classes
        self._split = re.compile(f"([{re.escape(''.join(classes))}]+)")
        self._rows: _Rows | None = None
        self._readable: bool | None = None

    def _index(self) -> _Rows | None:
        """The rows indexed (made at the first question), or None when the table cannot be read so."""
        if self._readable is None:
            self._readable = False
            table, places = self.clause_table, self.places
            if not _OTHER_SEPARATORS.search(places.joined_text()):
                kind, _ = places.classes(self.classes)
                starts = np.flatnonzero((kind[1:] == 0) & (kind[:-1] > 0))  # (kind has one \n first)
                if len(starts) == len(table.clause):
                    count = np.bincount(table.clause, minlength=len(table.clause_text))
                    self._rows = _Rows(
                        starts - places.starts()[table.group],
                        np.argsort(table.clause, kind="stable"),
                        np.concatenate(([0], np.cumsum(count))),
                        {text: i for i, text in enumerate(table.gap_text) if text},
                    )
                    self._readable = True
        return self._rows

    def table(self, runs: Sequence[str]) -> PlaceTable:
        """The places of ``runs`` on clause boundaries, run after run (those searched for: all their places;
        see the module docstring)."""
        rows = self._index()
        parts = [self._split.split(run) for run in runs]
        read = np.fromiter(
            (
                rows is not None and p[0] != "" and p[-1] != "" and "\n" not in run
                for p, run in zip(parts, runs, strict=True)
            ),
            dtype=bool,
            count=len(runs),
        )
        readable, searched = np.flatnonzero(read), np.flatnonzero(~read)
        pieces = [_read_off(self.clause_table, rows, [parts[i] for i in readable.tolist()])]
        if len(searched):
            found = self.places.table([runs[i] for i in searched.tolist()])
            pieces.append((found.run_of_rows() + len(readable), found.holder, found.offset))
        run, holder, offset = (np.concatenate(column) for column in zip(*pieces, strict=True))
        run = np.concatenate((readable, searched))[run]  # (the runs as numbered in ``runs``)
        if rows is not None:
            run, holder, offset = _nonoverlapping(runs, run, holder, offset, self.places.texts, read)
        order = np.argsort(run, kind="stable")
        bounds = np.searchsorted(run[order], np.arange(len(runs) + 1))
        return PlaceTable(bounds, holder[order], offset[order])


def _read_off(
    table: ClauseTable, rows: _Rows | None, parts: Sequence[Sequence[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(run, text, offset)`` of every window of the table equal to one of the runs split into ``parts``
    (clause, gap, clause, …), ascending per run; ``run`` numbers ``parts``."""
    empty = np.zeros(0, dtype=np.int64)
    if rows is None or not parts:
        return empty, empty, empty
    k = np.fromiter(((len(p) + 1) // 2 for p in parts), dtype=np.int64, count=len(parts))
    first = np.cumsum(k) - k  # where each run's clauses start among all runs' clauses
    clause_strings = list(chain.from_iterable(p[0::2] for p in parts))
    unique = list(dict.fromkeys(clause_strings))
    ids = clause_ids(table, unique)
    number = dict(zip(unique, ids.tolist(), strict=True))
    clause = np.fromiter(map(number.__getitem__, clause_strings), dtype=np.int64, count=len(clause_strings))
    gap_strings = list(chain.from_iterable(p[1::2] for p in parts))
    gap = np.fromiter((rows.gap_id.get(g, -1) for g in gap_strings), dtype=np.int64, count=len(gap_strings))
    run_of_clause = np.repeat(np.arange(len(parts), dtype=np.int64), k)
    missing = np.zeros(len(parts), dtype=bool)
    missing[run_of_clause[clause < 0]] = True
    missing[np.repeat(np.arange(len(parts), dtype=np.int64), k - 1)[gap < 0]] = True
    # the rarest clause of each run: its rows are the run's candidates
    count = np.diff(rows.bounds)[np.maximum(clause, 0)]
    fewest = np.minimum.reduceat(count, first)
    rarest = np.flatnonzero(count == fewest[run_of_clause])
    rarest = rarest[np.unique(run_of_clause[rarest], return_index=True)[1]]  # the first rarest of each run
    anchor, shift = clause[rarest], rarest - first
    n = np.where(missing, 0, np.diff(rows.bounds)[np.maximum(anchor, 0)])
    run = np.repeat(np.arange(len(parts), dtype=np.int64), n)
    nth = np.arange(int(n.sum()), dtype=np.int64) - np.repeat(np.cumsum(n) - n, n)
    row = rows.by_clause[rows.bounds[anchor[run]] + nth] - shift[run]
    keep = (row >= 0) & (row + k[run] <= len(table.clause))
    run, row = run[keep], row[keep]
    long = np.flatnonzero(k[run] > 1)  # (a run of one clause is where its clause is)
    good = np.ones(len(run), dtype=bool)
    for j in range(int(k.max())):
        long = long[k[run[long]] > j]
        at = row[long] + j
        ok = (table.clause[at] == clause[first[run[long]] + j]) & (table.group[at] == table.group[row[long]])
        inner = k[run[long]] - 1 > j
        ok[inner] &= table.gap[at[inner]] == gap[first[run[long[inner]]] - run[long[inner]] + j]
        good[long[~ok]] = False
        long = long[ok]
    run, row = run[good], row[good]
    return run, table.group[row], rows.offset[row]


def _nonoverlapping(
    runs: Sequence[str],
    run: np.ndarray,
    holder: np.ndarray,
    offset: np.ndarray,
    texts: Sequence[str],
    read: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The places read off the table, less those of a run that can overlap itself that the search would
    skip (the places searched for are so already)."""
    placed = np.unique(run[read[run]]).tolist()
    bordered = [r for r in placed if has_border(runs[r])]
    if not bordered:
        return run, holder, offset
    keep = np.ones(len(run), dtype=bool)
    for r in bordered:
        mine = np.flatnonzero(run == r)
        kept: dict[int, set[int]] = {}
        for i, g, at in zip(mine.tolist(), holder[mine].tolist(), offset[mine].tolist(), strict=True):
            if g not in kept:
                kept[g] = set(find_nonoverlapping([runs[r]], texts[g])[0])
            keep[i] = at in kept[g]
    return run[keep], holder[keep], offset[keep]
