"""The neighbours the idiom miner reads, from one query of the character index.

The miner reads neighbours twice: the right neighbours of the candidates that end with a predicate half (the
halves' clause-final shares, :func:`clause_final_table`) and both neighbours of the candidates it keeps
(entropy, fragments, open phrases).  Each query of the index scans the level's row of every stream
position (:meth:`~analysis.index.WordIndex.neighbour_occurrences`: 0.1 s at 30 MB of text, whatever the
number of rows asked), and the kept candidates are known but for the shares; so the miner asks once, for the
union of both sets (:class:`Occurrences`), and groups the neighbours of the kept ones
(:meth:`Occurrences.grouped`) as :meth:`~analysis.index.WordIndex.neighbours_of_rows` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.index import WordIndex
from analysis.miners.idiom_form import MIN_CLAUSE_EVIDENCE
from analysis.scoring import BOUNDARY
from analysis.units import SYMBOLS

__all__ = ["BOUNDARY_CODE", "Occurrences", "clause_final_table"]

#: The neighbour code of a boundary (punctuation, a sentence edge) in the index's neighbour arrays.
BOUNDARY_CODE = -(SYMBOLS.index(BOUNDARY) + 1)


@dataclass(frozen=True, slots=True)
class Occurrences:
    """Every occurrence of some four-character rows: ``owner`` (the row's place among those asked), the
    ``left`` and ``right`` neighbour (unit id, or ``-(i + 1)`` for ``SYMBOLS[i]``) and ``weight`` (the
    sentence's occurrences), in stream order."""

    owner: np.ndarray
    left: np.ndarray
    right: np.ndarray
    weight: np.ndarray

    @classmethod
    def of(cls, index: WordIndex, rows: np.ndarray) -> Occurrences:
        """The occurrences of the n-grams ``rows`` of four units (no query when there are none)."""
        if not len(rows):
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, empty, empty)
        owner, left, right, weight, _ = index.both_neighbour_occurrences(4, rows)
        return cls(owner, left, right, weight)

    def of_places(self, places: np.ndarray, count: int) -> Occurrences:
        """The occurrences of the rows at ``places`` (distinct places among the ``count`` rows asked), owned
        by their place in ``places``."""
        renumbered = np.full(count, -1, dtype=np.int64)
        renumbered[places] = np.arange(len(places))
        owner = renumbered[self.owner]
        kept = owner >= 0
        return Occurrences(owner[kept], self.left[kept], self.right[kept], self.weight[kept])

    def grouped(self, side: str, count: int, vocabulary: Sequence[str]) -> list[dict[str, int]]:
        """For each owner ``0 … count − 1``: neighbour on ``side`` → summed weight, neighbours in id order
        and the boundary last (the dictionaries of :meth:`~analysis.index.WordIndex.neighbours_of_rows`,
        whose order the entropy's sum follows)."""
        out: list[dict[str, int]] = [{} for _ in range(count)]
        if not len(self.owner):
            return out
        neighbour = self.left if side == "left" else self.right
        order = np.lexsort((neighbour, neighbour == BOUNDARY_CODE, self.owner))
        owner, neighbour, weight = self.owner[order], neighbour[order], self.weight[order]
        change = np.concatenate(([True], (owner[1:] != owner[:-1]) | (neighbour[1:] != neighbour[:-1])))
        starts = np.flatnonzero(change)
        sums = np.add.reduceat(weight, starts, dtype=np.int64)
        for o, w, c in zip(owner[starts].tolist(), neighbour[starts].tolist(), sums.tolist(), strict=True):
            out[o][vocabulary[w] if w >= 0 else SYMBOLS[-w - 1]] = c
        return out


def clause_final_table(
    occurrences: Occurrences,
    half: np.ndarray,
    measured: np.ndarray,
    size: int,
    *,
    min_evidence: int = MIN_CLAUSE_EVIDENCE,
) -> np.ndarray:
    """By half id (``size`` halves): :func:`~analysis.miners.idiom_form.clause_final_shares` — the share
    of the occurrences of the candidates ending with the half that a boundary follows, when they number
    ``>= min_evidence`` — else 1.0.  ``half``: the second half of each row asked; ``measured``: whether its
    occurrences count (the rows ending with a half whose share is wanted).  Counts are sums of integer
    weights in float64, exact, so the share is the quotient of the same integers as the function's."""
    share = np.ones(size)
    counted = measured[occurrences.owner]
    halves = half[occurrences.owner[counted]]
    weight = occurrences.weight[counted]
    closing = occurrences.right[counted] == BOUNDARY_CODE
    closed = np.bincount(halves[closing], weights=weight[closing], minlength=size)
    total = np.bincount(halves, weights=weight, minlength=size)
    known = total >= min_evidence
    share[known] = closed[known] / total[known]
    return share
