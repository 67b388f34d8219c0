"""Stretches of an array of code points numbered by their characters, without a string per stretch.

Each stretch is keyed by a polynomial hash of its characters, ``h = Σ_j c_j·B^j mod 2⁶⁴``, read off prefix
sums as ``(P[e] − P[s])·B^{−s}`` (``B`` is odd, so invertible modulo 2⁶⁴), plus its length times another
constant; the keys are numbered by first appearance (``pd.factorize`` of integers) and every stretch is then
compared with the first of its id character by character (:func:`same_stretches`), so two stretches of one
id are equal: a collision of keys is found, never taken for equality.  What
:func:`~analysis.miners.clause_table.clause_table` numbers the clauses and gaps of the corpus with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.miners.cjk_counts import CJK_RANGES

__all__ = ["Stretches", "cjk_between", "prefix_hashes", "same_stretches", "stretch_keys", "string_keys"]

#: The hash's base (odd: invertible modulo 2⁶⁴), its inverse, and the multiplier of a stretch's length.
BASE = 0x9E3779B97F4A7C15
BASE_INVERSE = pow(BASE, -1, 2**64)
LENGTH_FACTOR = np.uint64(0xC2B2AE3D27D4EB4F)
#: Characters compared at once when the keys are checked.
CHECK_CHARS = 1_000_000


def _powers(base: int, n: int) -> np.ndarray:
    """``base⁰ … base^(n−1)`` modulo 2⁶⁴."""
    out = np.full(n, base, dtype=np.uint64)
    out[:1] = 1
    return np.multiply.accumulate(out, out=out)


def prefix_hashes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(P, B^{−j})``: the prefix sums ``P[i] = Σ_{j<i} c_j·B^j`` of ``codes`` and the inverse powers of the
    base, modulo 2⁶⁴ (what :func:`stretch_keys` reads)."""
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes.astype(np.uint64) * _powers(BASE, len(codes)), out=prefix[1:])
    return prefix, _powers(BASE_INVERSE, len(codes))


def stretch_keys(
    prefix: np.ndarray, inverse: np.ndarray, start: np.ndarray, length: np.ndarray
) -> np.ndarray:
    """The key of each stretch ``[start, start + length)``: its hash (``prefix``: the prefix sums of
    ``c_j·B^j``, ``inverse``: ``B^{−j}``) plus its length times :data:`LENGTH_FACTOR`."""
    hashed = (prefix[start + length] - prefix[start]) * inverse[start]
    return hashed + length.astype(np.uint64) * LENGTH_FACTOR


@dataclass(slots=True)
class Stretches:
    """Stretches of the joined texts found batch by batch: where they start (in the joined texts), their
    lengths and keys."""

    start: list[np.ndarray] = field(default_factory=list)
    length: list[np.ndarray] = field(default_factory=list)
    key: list[np.ndarray] = field(default_factory=list)

    def add(self, base: int, start: np.ndarray, length: np.ndarray, keys: np.ndarray) -> None:
        self.start.append(base + start)
        self.length.append(length)
        self.key.append(keys)

    def numbered(
        self, codes: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """``(id, first, start, length, key)``: each stretch's id by first appearance of its characters,
        the first stretch of each id, where each stretch starts and how long it is, and each id's key; None
        when two stretches of one key differ (:func:`same_stretches`)."""
        import pandas as pd  # (here: importing a stage pulls in no pandas)

        start, length, key = (np.concatenate(column) for column in (self.start, self.length, self.key))
        self.start, self.length, self.key = [], [], []  # (the batches' arrays: freed)
        if not len(start):
            return start, start, start, length, key
        ids = pd.factorize(key)[0].astype(np.int64, copy=False)
        first = np.flatnonzero(np.concatenate(([True], ids[1:] > np.maximum.accumulate(ids)[:-1])))
        key = key[first]
        if not same_stretches(codes, start, start[first][ids], length, length[first][ids]):
            return None
        return ids, first, start, length, key


def string_keys(strings: Sequence[str]) -> np.ndarray:
    """The key of each of ``strings`` (:func:`stretch_keys` of its code points): what a stretch of the same
    characters is keyed by, wherever it lies."""
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    codes = np.frombuffer(("".join(strings) + "\0").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    prefix, inverse = prefix_hashes(codes)  # (one character more: an empty string last has a start too)
    return stretch_keys(prefix, inverse, np.cumsum(lengths) - lengths, lengths)


def same_stretches(
    codes: np.ndarray, start: np.ndarray, other: np.ndarray, length: np.ndarray, other_length: np.ndarray
) -> bool:
    """Whether ``codes[start_i : start_i + length_i]`` equals the stretch at ``other_i`` of length
    ``other_length_i`` for every ``i`` (a chunk of :data:`CHECK_CHARS` characters at a time)."""
    if not np.array_equal(length, other_length):
        return False
    apart = np.flatnonzero(start != other)
    start, other, length = start[apart], other[apart], length[apart]
    ends = np.cumsum(length)
    lo = 0
    while lo < len(start):
        hi = max(lo + 1, int(np.searchsorted(ends, ends[lo] - length[lo] + CHECK_CHARS, side="right")))
        sizes = length[lo:hi]
        within = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        at = np.repeat(start[lo:hi], sizes) + within
        if not np.array_equal(codes[at], codes[at + np.repeat(other[lo:hi] - start[lo:hi], sizes)]):
            return False
        lo = hi
    return True


def cjk_between(codes: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The CJK characters (:data:`~analysis.miners.cjk_counts.CJK_RANGES`) of each ``codes[start:end]``."""
    cjk = np.zeros(len(codes), dtype=bool)
    for first, last in CJK_RANGES:
        cjk |= (codes - np.uint32(first)) <= np.uint32(last - first)
    cumulative = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(cjk.view(np.uint8), dtype=np.int64, out=cumulative[1:])
    return cumulative[end] - cumulative[start]
