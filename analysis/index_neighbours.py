"""What :class:`analysis.index.WordIndex` hands back about neighbours and rows: occurrences grouped into one
``{neighbour: count}`` per n-gram (neighbours in id order, the boundary symbol last: the order the miners'
tables and ties read), and the rows of n-grams asked for by their units."""

from __future__ import annotations

import numpy as np

from analysis.index_levels import Level
from analysis.scoring import BOUNDARY
from analysis.units import SYMBOLS

__all__ = ["grouped_neighbours", "rows_of"]


def rows_of(level: Level, wanted: list[list[int]]) -> np.ndarray:
    """Row of each wanted n-gram (token ids) in ``level``, or -1."""
    if not wanted:
        return np.empty(0, dtype=np.int64)
    table = {tuple(row): i for i, row in enumerate(level.parts.tolist())}
    return np.fromiter((table.get(tuple(ids), -1) for ids in wanted), dtype=np.int64, count=len(wanted))


def grouped_neighbours(
    m: int, owner: np.ndarray, neighbour: np.ndarray, weights: np.ndarray, vocabulary: list[str]
) -> list[dict[str, int]]:
    """For each owner ``0 … m − 1``: ``{neighbour: Σ weights}``, neighbours in id order, the boundary last."""
    out: list[dict[str, int]] = [{} for _ in range(m)]
    if not len(owner):
        return out
    boundary = -(SYMBOLS.index(BOUNDARY) + 1)
    order = np.lexsort((neighbour, neighbour == boundary, owner))
    owner, neighbour, weights = owner[order], neighbour[order], weights[order]
    key_change = np.concatenate(([True], (owner[1:] != owner[:-1]) | (neighbour[1:] != neighbour[:-1])))
    starts = np.flatnonzero(key_change)
    sums = np.add.reduceat(weights, starts, dtype=np.int64)
    for o, w, c in zip(owner[starts].tolist(), neighbour[starts].tolist(), sums.tolist(), strict=True):
        name = vocabulary[w] if w >= 0 else SYMBOLS[-w - 1]
        out[o][name] = c
    return out
