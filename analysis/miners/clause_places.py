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

import numpy as np

from analysis.miners.clause_table import ClauseTable, clause_ids, ranked_keys
from analysis.miners.text_places import Places, PlaceTable
from analysis.multimatch import find_one_nonoverlapping

__all__ = ["ClausePlaces", "has_border"]

#: The table's clause separators the edges' classes lack (ASCII punctuation the miner reads as full-width).
OTHER_SEPARATORS = ",;:!?"


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
    ranked: tuple[np.ndarray, np.ndarray] | None  #: the clauses' keys sorted (:func:`ranked_keys`)


@dataclass(frozen=True, slots=True)
class _Runs:
    """Runs as arrays of code points: where each starts among them all, and what each is made of."""

    start: np.ndarray  #: where each run starts in the runs joined
    length: np.ndarray
    marks: np.ndarray  #: how many clause marks it holds
    edged: np.ndarray  #: whether it opens or closes on a mark or holds a line break
    first_recurs: np.ndarray  #: whether its first character recurs in it (it may overlap itself)

    @classmethod
    def of(cls, runs: Sequence[str], is_mark: np.ndarray) -> _Runs:
        length = np.fromiter(map(len, runs), dtype=np.int64, count=len(runs))
        codes = np.frombuffer("".join(runs).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        start = np.cumsum(length) - length
        end = start + length
        mark = is_mark[codes]
        counted = np.zeros((3, len(codes) + 1), dtype=np.int64)  # marks, line breaks, first characters
        np.cumsum(mark, out=counted[0, 1:])
        np.cumsum(codes == ord("\n"), out=counted[1, 1:])
        whole = length > 0
        first = np.zeros(len(runs), dtype=np.uint32)
        first[whole] = codes[start[whole]]
        np.cumsum(codes == np.repeat(first, length), out=counted[2, 1:])
        within = counted[:, end] - counted[:, start]
        edged = ~whole | (within[1] > 0)
        edged[whole] |= mark[start[whole]] | mark[end[whole] - 1]
        return cls(start, length, within[0], edged, within[2] > 1)


class ClausePlaces:
    """The places on clause boundaries of runs (see the module docstring) in the texts of ``places``, split
    into ``table``; ``classes``: the character classes the edges read (every class a clause mark).  The
    runs that cannot be read off the table are searched for in ``places`` (and remembered there)."""

    def __init__(self, table: ClauseTable, places: Places, classes: tuple[str, ...]) -> None:
        self.clause_table = table
        self.places = places
        self.classes = classes
        marks = "".join(classes)
        self._split = re.compile(f"([{re.escape(marks)}]+)")
        self._is_mark = np.zeros(0x110000, dtype=bool)
        self._is_mark[[ord(c) for c in marks]] = True
        self._rows: _Rows | None = None
        self._readable: bool | None = None

    def _index(self) -> _Rows | None:
        """The rows indexed (made at the first question), or None when the table cannot be read so."""
        if self._readable is None:
            self._readable = False
            table, places = self.clause_table, self.places
            joined = places.joined_text()
            if not any(c in joined for c in OTHER_SEPARATORS):
                _, marks = places.classes(self.classes)  # (one \n before all: a mark at m is before m + 1)
                starts = marks[:-1][marks[1:] != marks[:-1] + 1]  # marks followed by another character
                if len(starts) == len(table.clause):
                    n = max(1, len(table.clause))
                    count = np.bincount(table.clause, minlength=len(table.clause_text))
                    self._rows = _Rows(
                        starts - places.starts()[table.group],
                        np.sort(table.clause * n + np.arange(len(table.clause), dtype=np.int64)) % n,
                        np.concatenate(([0], np.cumsum(count))),
                        {text: i for i, text in enumerate(table.gap_text) if text},
                        None if table.clause_key is None else ranked_keys(table),
                    )
                    self._readable = True
        return self._rows

    def table(self, runs: Sequence[str]) -> PlaceTable:
        """The places of ``runs`` on clause boundaries, run after run (those searched for: all their places;
        see the module docstring)."""
        rows = self._index()
        shape = _Runs.of(runs, self._is_mark)
        read = ~shape.edged if rows is not None else np.zeros(len(runs), dtype=bool)
        single, multiple = np.flatnonzero(read & (shape.marks == 0)), np.flatnonzero(read & (shape.marks > 0))
        split = [self._split.split(runs[i]) for i in multiple.tolist()]
        clauses = [runs[i] for i in single.tolist()]
        gaps: list[str] = []
        for parts in split:
            clauses += parts[0::2]
            gaps += parts[1::2]
        k = np.concatenate(
            (
                np.ones(len(single), dtype=np.int64),
                np.fromiter(map(len, split), dtype=np.int64, count=len(split)),
            )
        )
        k[len(single) :] = (k[len(single) :] + 1) // 2  # (a gap may be several marks)
        readable, searched = np.concatenate((single, multiple)), np.flatnonzero(~read)
        pieces = [_read_off(self.clause_table, rows, k, clauses, gaps)] if rows is not None else []
        if len(searched):
            found = self.places.table([runs[i] for i in searched.tolist()])
            pieces.append((found.run_of_rows() + len(readable), found.holder, found.offset))
        if not pieces:
            return PlaceTable(np.zeros(len(runs) + 1, dtype=np.int64), *(np.zeros(0, dtype=np.int64),) * 2)
        run, holder, offset = (np.concatenate(column) for column in zip(*pieces, strict=True))
        run = np.concatenate((readable, searched))[run]  # (the runs as numbered in ``runs``)
        run, holder, offset = _nonoverlapping(
            runs, run, holder, offset, self.places.texts, read & shape.first_recurs
        )
        order = np.argsort(run, kind="stable")
        bounds = np.searchsorted(run[order], np.arange(len(runs) + 1))
        return PlaceTable(bounds, holder[order], offset[order])


def _read_off(
    table: ClauseTable, rows: _Rows, k: np.ndarray, clauses: Sequence[str], gaps: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(run, text, offset)`` of every window of the table equal to a run (its ``k`` clauses, run after
    run, in ``clauses``, and the ``k − 1`` gaps between them in ``gaps``), ascending per run."""
    empty = np.zeros(0, dtype=np.int64)
    if not len(k) or not len(table.clause):
        return empty, empty, empty
    first = np.cumsum(k) - k  # where each run's clauses start among all runs' clauses
    unique = list(dict.fromkeys(clauses))
    number = dict(zip(unique, clause_ids(table, unique, rows.ranked).tolist(), strict=True))
    clause = np.fromiter(map(number.__getitem__, clauses), dtype=np.int64, count=len(clauses))
    gap = np.fromiter((rows.gap_id.get(g, -1) for g in gaps), dtype=np.int64, count=len(gaps))
    run_of_clause = np.repeat(np.arange(len(k), dtype=np.int64), k)
    missing = np.zeros(len(k), dtype=bool)
    missing[run_of_clause[clause < 0]] = True
    missing[np.repeat(np.arange(len(k), dtype=np.int64), k - 1)[gap < 0]] = True
    # the rarest clause of each run: its rows are the run's candidates
    count = np.diff(rows.bounds)[np.maximum(clause, 0)]
    rarest = np.flatnonzero(count == np.minimum.reduceat(count, first)[run_of_clause])
    rarest = rarest[np.unique(run_of_clause[rarest], return_index=True)[1]]  # the first rarest of each run
    anchor, shift = clause[rarest], rarest - first
    n = np.where(missing, 0, np.diff(rows.bounds)[np.maximum(anchor, 0)])
    run = np.repeat(np.arange(len(k), dtype=np.int64), n)
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
    may_overlap: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The places less those of a run that overlaps itself (``may_overlap``: its first character recurs,
    and it was read off the table) that the search would skip."""
    bordered = np.zeros(len(runs), dtype=bool)
    for r in np.unique(run[may_overlap[run]]).tolist():
        bordered[r] = has_border(runs[r])
    asked = np.flatnonzero(bordered[run])
    if not len(asked):
        return run, holder, offset
    keep = np.ones(len(run), dtype=bool)
    kept: dict[tuple[int, int], set[int]] = {}
    for i, r, g, at in zip(
        asked.tolist(), run[asked].tolist(), holder[asked].tolist(), offset[asked].tolist(), strict=True
    ):
        if (r, g) not in kept:
            kept[r, g] = set(find_one_nonoverlapping(runs[r], texts[g]))
        keep[i] = at in kept[r, g]
    return run[keep], holder[keep], offset[keep]
