"""The windows the levels of the n-gram index count, as arrays of stream positions: the keys of one level
over the whole stream (:func:`level_keys`, what the shards count), the characters before each position
(:func:`char_offsets`, for the length limit) and the unit ids of packed keys (:func:`unpacked`).

Kept apart from the counting (:mod:`analysis.index_levels`): these read the stream only, not the corpus.
"""

from __future__ import annotations

import numpy as np


def char_offsets(stream: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """Characters before each position of ``stream`` (one more at the end): the window of ``n`` units at
    ``p`` has ``offsets[p + n] − offsets[p]`` characters (32 bits: a stream holds fewer than 2^31)."""
    offsets = np.zeros(len(stream) + 1, dtype=np.int32)
    np.cumsum(chars.astype(np.int32)[stream], out=offsets[1:])
    return offsets


def unpacked(keys: np.ndarray, bits: int, n: int) -> np.ndarray:
    """``(m, n)`` unit ids of packed keys (the inverse of :func:`packed_keys`)."""
    mask = np.uint64((1 << bits) - 1)
    columns = [((keys >> np.uint64(bits * (n - 1 - i))) & mask).astype(np.int64) for i in range(n)]
    return np.column_stack(columns).reshape(-1, n)


def level_keys(
    stream: np.ndarray,
    stream_run: np.ndarray,
    chars: np.ndarray | None,
    previous: np.ndarray | None,
    n: int,
    vocabulary_size: int,
    max_chars: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Start and key of every window of ``n`` units whose first ``n − 1`` are a frequent n-gram
    (``previous``: the rank of the (n − 1)-gram starting at each position, or -1; None for ``n = 1``) and
    whose last is in a run: ``rank(prefix) × V + unit``.  Windows of more than ``max_chars`` characters
    are left out (``chars``: characters of each unit id; None when every unit is one character)."""
    size = len(stream)
    if previous is None:
        valid = stream_run[: max(0, size - n + 1)].copy()
    else:
        valid = (previous[: size - n + 1] >= 0) & stream_run[n - 1 :]
    starts = np.flatnonzero(valid)
    if chars is not None and previous is None and n == 1:
        starts = starts[chars[stream[starts]] <= max_chars]
    elif chars is not None:
        offsets = np.concatenate(([0], np.cumsum(chars[stream])))
        starts = starts[offsets[starts + n] - offsets[starts] <= max_chars]
    if previous is None:
        return starts, stream[starts].astype(np.int64)
    # rank of the prefix × V + the last unit: < 2^31 × 2^31, fits 64 bits
    return starts, previous[starts].astype(np.int64) * vocabulary_size + stream[starts + n - 1]


def sort_composite(composite: np.ndarray, position_bits: int) -> np.ndarray:
    """Sort ``composite`` (``key << position_bits | position`` each, uint64) in place and split it: the keys
    are left in ``composite``, the positions returned (int32; a position fits 31 bits), both in (key,
    position) order.  One plain sort instead of a stable argsort and two gathers."""
    composite.sort()
    positions = composite.astype(np.uint32)  # (the low 32 bits)
    positions &= np.uint32((1 << position_bits) - 1)
    composite >>= np.uint64(position_bits)
    return positions.view(np.int32)


def key_starts(keys: np.ndarray) -> np.ndarray:
    """Flags of the sorted ``keys``: True where a key differs from the one before (the first of its run)."""
    new = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    return new
