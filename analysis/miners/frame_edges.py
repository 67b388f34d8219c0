"""Where the candidate frames occur: the indexed n-grams at clause edges, counted with numpy.

Kept apart from :mod:`analysis.miners.frame_occurrences` (the records these uses fill, and the clause
layout they are read from) so that each module reads in one sitting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from analysis.index import WordIndex
from analysis.miners.frame_occurrences import PACKED_SHIFT, ClauseLayout, Occurrences
from analysis.units import unique_inverse

__all__ = ["edge_occurrences"]

#: 2^64 / φ, odd: the multiplier of Fibonacci hashing (:func:`_maybe_frequent`).
_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)


def edge_occurrences(
    index: WordIndex, layout: ClauseLayout, *, min_freq: int, max_n: int, max_chars: int
) -> Occurrences:
    """Prefix, suffix and circumfix uses of the index's n-grams of at most ``max_n`` tokens and ``max_chars``
    characters at clause edges (see the module docstring).

    An n-gram is a prefix (suffix) candidate when it opens (closes) ``min_freq`` weighted clauses with a
    non-empty slot; circumfix uses pair the candidates of both edges of one clause, and a pair is kept when
    it frames ``min_freq`` weighted clauses.

    A key is packed as ``head × 4·2^28 + tail`` (each fixed part packed as ``tokens × 2^28 + row + 1``, 0
    for none); keys are numbered shape after shape, in packed order within a shape, uses of a key in
    clause order.  How: each shape (prefix of ``n`` tokens, suffix, circumfix of ``na`` and ``nb``) holds
    keys of its own, so its uses are sorted on their own as packed ``(key rank, clause)`` integers (a plain
    sort: no permutation to carry, the slot follows from the clause and the key's sizes), and the shapes
    are put one after the other.  Why: one stable argsort of every use of every shape (21 million at
    100 MB, with four arrays carried along) was most of the frame miner's time.
    """
    starts, ends = layout.starts, layout.ends
    n_clauses = max(1, len(starts))
    weight = index.weights_at(starts)
    lengths = [n for n in index.lengths() if 1 <= n <= max_n]
    heads: dict[int, np.ndarray] = {}
    tails: dict[int, np.ndarray] = {}
    one_edge: list[_Shape] = []  # one fixed part: every use counts (its n-gram is frequent at that edge)
    for n in lengths:
        rows = index.rows_at(n)
        short = np.append(index.chars_of(n) <= max_chars, False)  # (the last entry: row -1, no n-gram)
        head = _short_rows(rows[starts], short)
        head[starts + n > ends] = -1
        tail_start = ends - n + 1
        tail = _short_rows(rows[np.maximum(tail_start, 0)], short)
        tail[tail_start <= starts] = -1
        heads[n], opening = _one_edge(
            head,
            weight,
            min_freq,
            n_clauses,
            lambda row, n=n: (n * PACKED_SHIFT + row + 1) * (4 * PACKED_SHIFT),
        )
        tails[n], closing = _one_edge(
            tail, weight, min_freq, n_clauses, lambda row, n=n: n * PACKED_SHIFT + row + 1
        )
        one_edge += [opening, closing]
    # per clause: the slot's token next to a fixed part of n tokens opening it, or closing it
    last = len(layout.stream) - 1
    after = {n: layout.stream[np.minimum(starts + n, last)] for n in lengths}
    before = {n: layout.stream[np.maximum(ends - n, 0)] for n in lengths}
    shapes = one_edge
    # per shape: its slot token per clause
    slots = [table for n in lengths for table in (after[n], before[n])]
    if lengths:
        both = np.flatnonzero(
            np.logical_or.reduce([heads[n] >= 0 for n in lengths])
            & np.logical_or.reduce([tails[n] >= 0 for n in lengths])
        )
        room = ends[both] - starts[both]  # (read once for the nine shapes, as the parts of these clauses)
        opening = {n: heads[n][both] for n in lengths}
        closing = {n: tails[n][both] for n in lengths}
        del heads, tails  # (a row per clause and length: 220 MB at 100 MB of text, read no more)
        for na in lengths:
            for nb in lengths:
                head, tail = opening[na], closing[nb]
                at = np.flatnonzero((head >= 0) & (tail >= 0) & (room >= na + nb))
                shapes.append(_two_edges(head[at], tail[at], both[at], na, nb, weight, min_freq, n_clauses))
                slots.append(after[na])
    del after, before, one_edge  # (held by ``shapes`` and ``slots`` only: _gathered lets them go)
    return _gathered(shapes, slots, index, layout, weight)


class _Shape(NamedTuple):
    """The uses of one shape of key: its keys (packed, ascending), where each key's uses start among
    ``clause`` (one more at the end), and their clauses (grouped by key, ascending in each)."""

    keys: np.ndarray
    key_start: np.ndarray
    clause: np.ndarray


def _grouped(rank: np.ndarray, at: np.ndarray, n_clauses: int, n_ranks: int) -> tuple[np.ndarray, np.ndarray]:
    """Uses (key rank, clause) sorted by rank then clause: where each rank starts, and the clauses
    (``at``: ascending).

    Fewer than 2^16 ranks (every one-edge shape at 30 MB of text): a stable argsort of the ranks as 16-bit
    integers, which numpy does by radix (linear), keeps each rank's clauses ascending; 0.18 → 0.04 s CPU
    over the six one-edge shapes at 30 MB.  Else one sort of packed ``(rank, clause)`` integers."""
    if n_ranks <= 1 << 16:
        order = np.argsort(rank.astype(np.uint16), kind="stable")
        counts = np.bincount(rank, minlength=n_ranks)
        return np.concatenate(([0], np.cumsum(counts))), at[order]
    packed = np.sort(rank * n_clauses + at)
    counts = np.bincount(packed // n_clauses, minlength=n_ranks)
    return np.concatenate(([0], np.cumsum(counts))), packed % n_clauses


def _one_edge(
    rows: np.ndarray,
    weight: np.ndarray,
    min_freq: int,
    n_clauses: int,
    pack: Callable[[np.ndarray], np.ndarray],
) -> tuple[np.ndarray, _Shape]:
    """The n-grams of one edge (``rows``: per clause, the row of the n-gram at that edge or -1) used in
    ``min_freq`` weighted clauses or more: ``rows`` with -1 for the others, and their uses (every clause
    whose n-gram is one of them).  (Weights are 1 or more: a row counted is a row used.)"""
    valid = np.flatnonzero(rows >= 0)
    present = rows[valid]
    frequent = np.bincount(present, weights=weight[valid]) >= max(1, min_freq) if len(valid) else valid > 0
    ok = frequent[present]
    at, rows_at = valid[ok], present[ok]
    out = np.full(len(rows), -1, dtype=np.int64)
    out[at] = rows_at
    rank = (np.cumsum(frequent) - 1)[rows_at]  # (rows are n-gram ids: counted, not sorted)
    chosen = np.flatnonzero(frequent)
    key_start, clause = _grouped(rank, at, n_clauses, len(chosen))
    return out, _Shape(pack(chosen), key_start, clause)


def _short_rows(rows: np.ndarray, short: np.ndarray) -> np.ndarray:
    """``rows`` (n-gram rows or -1) as int64, with -1 where the n-gram is not ``short``."""
    return np.where(short[rows], rows, -1).astype(np.int64)


def _two_edges(
    head: np.ndarray,
    tail: np.ndarray,
    at: np.ndarray,
    na: int,
    nb: int,
    weight: np.ndarray,
    min_freq: int,
    n_clauses: int,
) -> _Shape:
    """The circumfix uses of ``na`` and ``nb`` tokens (clauses ``at``, their rows ``head``, ``tail``), pairs
    framing fewer than ``min_freq`` weighted clauses left out.

    The uses are put in (pair, clause) order once, which gives the pairs, their weighted counts and their
    uses in clause order in one pass: when the heads and the tails present are fewer than 2^16 each
    (every shape at 30 MB of text), by two stable radix argsorts of their ranks as 16-bit integers (tail,
    then head: ``at`` is ascending, so each pair's clauses stay so); else by a sort of packed
    ``(pair, clause)`` integers when those fit in 63 bits; else by :func:`~analysis.units.unique_inverse`
    and a second sort of the kept uses.  (The nine shapes at 30 MB: 0.21 s CPU with the packed sort,
    0.16 s with the radix sorts.)  Only the uses that :func:`_maybe_frequent` lets through are sorted: 18%
    of the 3.0 million uses at 30 MB are uses of frequent pairs.
    """
    width = int(tail.max(initial=0)) + 1
    pair = head * width + tail
    maybe = _maybe_frequent(pair, weight[at], min_freq)
    head, tail, at, pair = head[maybe], tail[maybe], at[maybe], pair[maybe]
    order = _pair_order(head, tail)
    if order is not None:
        pair_of, clause = pair[order], at[order]
    elif (int(pair.max(initial=0)) + 1) * n_clauses >= 1 << 63:
        return _two_edges_unpacked(pair, width, at, na, nb, weight, min_freq, n_clauses)
    else:
        pair_of, clause = np.divmod(np.sort(pair * n_clauses + at), n_clauses)
    new = np.flatnonzero(np.concatenate(([True], pair_of[1:] != pair_of[:-1]))) if len(pair_of) else at
    sizes = np.diff(np.append(new, len(pair_of)))
    frequent = np.add.reduceat(weight[clause], new) >= min_freq if len(new) else np.zeros(0, bool)
    key_start = np.concatenate(([0], np.cumsum(sizes[frequent])))
    return _Shape(
        _packed_pairs(pair_of[new[frequent]], width, na, nb), key_start, clause[np.repeat(frequent, sizes)]
    )


def _maybe_frequent(pair: np.ndarray, weight: np.ndarray, min_freq: int) -> np.ndarray:
    """Where the uses (``pair`` values, their ``weight``) may be uses of a pair of ``min_freq`` weighted
    uses or more: every such use, and the few others whose pair shares a hash bucket with enough weight.

    The pairs are hashed (Fibonacci hashing: the top bits of ``pair × 2^64/φ``, wrapping) into about twice
    as many buckets as there are uses; a bucket's weight bounds each of its pairs' weight from above, so a
    use in a bucket lighter than ``min_freq`` is a use of an infrequent pair, dropped before the sort.
    """
    bits = max(1, len(pair).bit_length() + 1)
    bucket = ((pair.astype(np.uint64) * _FIBONACCI) >> np.uint64(64 - bits)).astype(np.intp)
    load = np.bincount(bucket, weights=weight, minlength=1 << bits)
    return np.flatnonzero(load[bucket] >= min_freq)


def _pair_order(head: np.ndarray, tail: np.ndarray) -> np.ndarray | None:
    """The stable order of the uses by (head row, tail row), by radix on 16-bit ranks of the rows present;
    None when either side has more than 2^16 rows present."""
    ranks = []
    for rows in (head, tail):
        present = np.bincount(rows) > 0 if len(rows) else np.zeros(0, dtype=bool)
        if int(present.sum()) > 1 << 16:
            return None
        ranks.append((np.cumsum(present) - 1).astype(np.uint16)[rows])
    order = np.argsort(ranks[1], kind="stable")
    return order[np.argsort(ranks[0][order], kind="stable")]


def _two_edges_unpacked(
    pair: np.ndarray,
    width: int,
    at: np.ndarray,
    na: int,
    nb: int,
    weight: np.ndarray,
    min_freq: int,
    n_clauses: int,
) -> _Shape:
    """:func:`_two_edges` when ``(pair, clause)`` does not fit in an int64: the pairs by one argsort."""
    present, inverse = unique_inverse(pair)
    frequent = np.bincount(inverse, weights=weight[at], minlength=len(present)) >= min_freq
    rank = np.cumsum(frequent) - 1
    kept = frequent[inverse]
    key_start, clause = _grouped(rank[inverse[kept]], at[kept], n_clauses, int(frequent.sum()))
    return _Shape(_packed_pairs(present[frequent], width, na, nb), key_start, clause)


def _packed_pairs(chosen: np.ndarray, width: int, na: int, nb: int) -> np.ndarray:
    """Circumfix keys packed (see :func:`edge_occurrences`) from pairs ``head row × width + tail row``."""
    packed = (
        (na * PACKED_SHIFT + chosen // width + 1) * (4 * PACKED_SHIFT)
        + nb * PACKED_SHIFT
        + chosen % width
        + 1
    )
    return packed


def _gathered(
    shapes: list[_Shape],
    slots: list[np.ndarray],
    index: WordIndex,
    layout: ClauseLayout,
    weight: np.ndarray,
) -> Occurrences:
    """The uses of every shape as one :class:`Occurrences`, keys numbered shape after shape (each shape's
    keys in packed order); ``slots``: per shape, the slot token of each clause.  Both lists are emptied.

    The shapes' uses are put one after the other as they are: no key is moved, since nothing reads the
    keys' numbers but as names (a tie of score and pattern is broken by the packed key, not its number);
    putting the keys in packed order moved every use (three passes over 12 million at 100 MB, 13% of the
    miner's time).  Each use's slot token is read in its shape from the shape's table per clause (one
    small table, not the stream).

    Memory: the uses are copied into arrays of their full size shape by shape, each shape (and its table
    of slot tokens, once no later shape reads it) let go once copied, so the shapes and the result are not
    held whole together: at 100 MB of text 14.5 million uses, whose clauses alone take 116 MB a copy (the
    frame miner's peak, and the word task's, was there)."""
    keys = np.concatenate([s.keys for s in shapes]) if shapes else np.zeros(0, np.int64)
    sizes = np.concatenate([np.diff(s.key_start) for s in shapes]) if shapes else np.zeros(0, np.int64)
    key_start = np.concatenate(([0], np.cumsum(sizes)))
    total = int(key_start[-1])
    # per use, its key and clause as 32-bit numbers when they fit (116 MB less at 100 MB of text: the word
    # task's peak is here; every product of them is taken in 64 bits by its reader)
    number = np.int32 if max(len(keys), len(layout.starts)) < 2**31 else np.int64
    where = np.empty(total, dtype=number)
    tokens = np.empty(total, dtype=layout.stream.dtype)
    filled = 0
    shapes.reverse()  # (popped from the end: the first shape first)
    slots.reverse()
    while shapes:
        shape, table = shapes.pop(), slots.pop()
        size = len(shape.clause)
        where[filled : filled + size] = shape.clause
        tokens[filled : filled + size] = table[shape.clause]
        filled += size
        del shape, table
    key = np.repeat(np.arange(len(keys), dtype=number), sizes)
    head_of, tail_of = keys // (4 * PACKED_SHIFT), keys % (4 * PACKED_SHIFT)
    return Occurrences(
        key,
        where,
        weight[where],
        tokens,
        head_of,
        tail_of,
        key_start,
        index,
        head_of == 0,
        layout.starts,
        layout.ends,
        layout.sentence,
    )
