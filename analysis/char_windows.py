"""Where the n-grams of a character level occur, found again when asked: the stream is scanned for their keys.

Why: a level counted by blocks (:mod:`analysis.index_chars`) keeps no per-position array — neither the n-gram
starting at every position (``Level.at``: 4 bytes a position, 133 MB at 100 MB of distinct text) nor the
occurrences by n-gram (4 bytes a window, plus each block's runs: 160 MB).  The idiom miner asks for the
occurrences of a few n-grams once (14 k rows of 700 k at 100 MB, 0.6 M occurrences of 21 M windows), so
:meth:`CharWindows.of_rows` scans the stream piece by piece instead: each window's packed key (its units
``bits`` bits apart, as the level sorted them) looked up among the keys asked for, first in a table of
their hashes (one gather of a small table for every window; the few that pass are searched for).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["CharWindows"]

#: Window starts read at once.
_PIECE = 1 << 20
#: Fibonacci hashing: a key times ⌊2^64 / φ⌋, its top bits.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class CharWindows:
    """The windows of ``n`` units of a stream and the keys of a level's n-grams (see the module docstring),
    with the weight of each position's sentence (from the ``separators``' positions)."""

    stream: np.ndarray  #: unit ids
    keys: np.ndarray  #: the level's packed keys, ascending (its rows)
    n: int
    bits: int
    separators: np.ndarray  #: stream positions of the separators, ascending
    sentence_weights: np.ndarray  #: occurrences of each distinct sentence (32 bits)

    def of_rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every occurrence of the n-grams ``rows``, in stream order: the n-gram's place in ``rows`` (the
        last place for a row asked twice) and the position (64-bit integers)."""
        place = np.full(len(self.keys), -1, dtype=np.int64)
        place[rows] = np.arange(len(rows))
        wanted = np.flatnonzero(place >= 0)
        owners, found = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
        for positions, index in self._scan(wanted):
            owners.append(place[wanted[index]])
            found.append(positions)
        return np.concatenate(owners), np.concatenate(found)

    def at(self) -> np.ndarray:
        """For every position of the stream: the row of the n-gram starting there, or -1 (32 bits)."""
        at = np.full(len(self.stream), -1, dtype=np.int32)
        for positions, row in self._scan(np.arange(len(self.keys))):
            at[positions] = row
        return at

    def weights_at(self, positions: np.ndarray) -> np.ndarray:
        """Occurrences of the sentence holding each of ``positions`` (a separator: the sentence before it;
        the first separator: sentence 0), as :func:`~analysis.units.char_stream` numbers them."""
        sentence = np.searchsorted(self.separators, positions, side="left") - 1
        np.maximum(sentence, 0, out=sentence)
        return self.sentence_weights[sentence]

    def _scan(self, rows: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """For each piece of the stream: the start of every window that is one of the n-grams ``rows``
        (ascending), and its place in ``rows``."""
        wanted = self.keys[rows]
        if not len(wanted):
            return
        shift = np.uint64(64 - min(24, max(12, len(wanted).bit_length() + 6)))  # (≤ 1/64 of the table set)
        hashed = np.zeros(1 << (64 - int(shift)), dtype=bool)
        hashed[(wanted * _GOLDEN) >> shift] = True
        stream, n, bits = self.stream, self.n, np.uint64(self.bits)
        for begin in range(0, len(stream) - n + 1, _PIECE):
            # every window's key, from slices of the piece (a window holding a unit that is not in runs —
            # a separator, a digit … — has a key no n-gram of the level has: no need to leave it out first)
            units = stream[begin : begin + _PIECE + n - 1]
            count = len(units) - n + 1
            keys = units[:count].astype(np.uint64)
            for i in range(1, n):
                keys <<= bits
                keys |= units[i : i + count]
            maybe = np.flatnonzero(hashed[(keys * _GOLDEN) >> shift])
            keys = keys[maybe]
            index = np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)
            hit = np.flatnonzero(wanted[index] == keys)
            yield maybe[hit] + begin, index[hit]
