"""The character level of the n-gram index: windows of ``n`` characters, each key the characters' ids packed
``bits`` bits apart, counted in one pass (see :mod:`analysis.index`; the idiom miner reads four-character
n-grams only), and the same sort for one block of the stream (:func:`sorted_windows`, what
:mod:`analysis.index_chars` counts block by block).

Kept apart from the word levels (:mod:`analysis.index_levels`): the keys are too wide to sort with their
positions in one 64-bit composite (four 12-bit characters and a 24-bit position at 30 MB), so they are
sorted by buckets of their first unit, with as few arrays of the windows' size as that allows.
"""

from __future__ import annotations

import numpy as np

from analysis.index_keys import key_starts
from analysis.index_levels import Layout, Level, _count_sorted, counted_level, packed_keys


def packed_level(layout: Layout, stream_run: np.ndarray, bits: int, n: int, min_count: int) -> Level:
    """The n-grams of ``n`` units, each key the units' ids packed ``bits`` bits apart (``n × bits ≤ 64``)."""
    stream = layout.stream
    runs = packed_runs(stream, stream_run, bits, n)
    if runs is None:
        starts, keys = packed_keys(stream, stream_run, bits, n)
        level = counted_level(keys, starts, layout, min_count).level
        del starts, keys
    else:
        positions, new = runs
        del runs
        size = len(stream)
        level = _count_sorted(
            positions, new, size, layout.sentence_of, layout.distinct, min_count, doc_code=layout.doc_code
        ).level
    level.parts = np.column_stack([stream[level.first + i] for i in range(n)]).reshape(-1, n)
    return level


def packed_runs(
    stream: np.ndarray, stream_run: np.ndarray, bits: int, n: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """The starts of the windows of :func:`~analysis.index_levels.packed_keys` sorted by key, then position
    (32-bit integers), and where each key's run begins: what
    :func:`~analysis.index_levels._sorted_runs` gives on the packed keys, or None where the units after the
    first and a position do not fit 64 bits (``n ≥ 2``).

    The windows are sorted stably by their first unit (a stable argsort of 16-bit integers is a radix sort),
    then each bucket by one plain sort of ``units after the first << b | position`` (distinct composites).
    The keys are formed in place from one gather of the stream at a time (the starts shifted by one between
    them), not from a copy per unit: fewer arrays of the windows' size, each a page-fault of fresh memory.
    Measured on the 30 MB benchmark (6.3 M windows; min of 5 under load): 0.49 s → 0.44 s CPU against
    :func:`~analysis.index_levels.packed_keys` and :func:`~analysis.index_levels._sorted_runs`, with
    fewer pages faulted in (the system's part of it 0.11 s → 0.06 s).
    """
    size = len(stream)
    position_bits = max(1, size.bit_length())
    if n < 2 or bits > 16 or (n - 1) * bits + position_bits > 64 or size < n:
        return None
    inside = stream_run[: size - n + 1].copy()
    for i in range(1, n):
        inside &= stream_run[i : size - n + 1 + i]
    starts = np.flatnonzero(inside)
    del inside
    # (ids are non-negative: read as unsigned, they widen to 64 bits safely; 16-bit ids as they are)
    units = stream.view(f"u{stream.itemsize}")
    unit = np.take(units, starts)
    first = unit.astype(np.uint16)
    rest = np.zeros(len(starts), dtype=np.uint64)
    for _ in range(1, n):
        starts += 1
        np.take(units, starts, out=unit)
        rest <<= np.uint64(bits)
        rest |= unit
    del unit
    starts -= n - 1
    rest <<= np.uint64(position_bits)
    composite = starts.view(np.uint64)  # (the starts' memory, faulted in already, takes the composites)
    rest |= composite
    np.take(rest, np.argsort(first, kind="stable"), out=composite)
    del rest, starts
    ends = np.cumsum(np.bincount(first, minlength=1 << bits))
    del first
    begin = 0
    for end in ends[np.flatnonzero(np.diff(ends, prepend=0))].tolist():  # each non-empty bucket
        composite[begin:end].sort()
        begin = end
    positions = np.empty(len(composite), dtype=np.uint32)  # (a position fits 31 bits)
    np.bitwise_and(composite, np.uint64((1 << position_bits) - 1), out=positions, casting="unsafe")
    composite >>= np.uint64(position_bits)
    new = key_starts(composite)
    new[ends[:-1][ends[:-1] < len(new)]] = True  # where the first unit changes
    return positions.view(np.int32), new


def sorted_windows(
    units: np.ndarray, run: np.ndarray, boundary: np.ndarray, n: int, bits: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """The windows of ``n`` units inside runs (``run`` by position) of a block of the character stream,
    sorted by packed key (units ``bits`` bits apart), then position: their starts (32 bits), where each
    key's run of windows begins, each run's key, and whether each window starts and ends on a token start
    (``boundary`` at its start and just after it).  None where the composite below does not fit 64 bits.

    :func:`packed_runs` with the window's aligned flag carried in the composite and the first unit split:
    one value ``(low bits of the first unit, units after it) << b + 1 | position << 1 | aligned`` sorted in
    buckets of the first unit's high bits (a stable argsort of 16-bit integers, a radix sort), so the flag
    and the key come out of the sort in order instead of being gathered again at the sorted positions, and a
    block has few buckets (32 for 12-bit ids in blocks of 2^20 positions: 57 bits leave the first unit 7
    of its 12), not one per unit.
    """
    size = len(units)
    position_bits = max(1, size.bit_length())
    rest_bits = (n - 1) * bits
    spare = 64 - rest_bits - position_bits - 1
    if n < 2 or bits > 16 or spare < 0 or size <= n:
        return None
    low_bits = min(bits, spare)
    inside = run[: size - n + 1].copy()
    for i in range(1, n):
        inside &= run[i : size - n + 1 + i]
    starts = np.flatnonzero(inside)
    del inside
    first = units[starts]
    composite = (first & ((1 << low_bits) - 1)).astype(np.uint64)
    for i in range(1, n):
        composite <<= np.uint64(bits)
        composite |= units[i:][starts]
    composite <<= np.uint64(position_bits)
    flag = boundary[starts]
    flag &= boundary[n:][starts]  # (a window ends before the stream's last separator)
    starts <<= 1
    starts |= flag
    del flag
    composite <<= np.uint64(1)
    composite |= starts.view(np.uint64)
    high = (first >> low_bits).astype(np.uint16)
    del first
    ends = np.cumsum(np.bincount(high, minlength=1 << (bits - low_bits)))
    if len(ends) > 1:
        np.take(composite, np.argsort(high, kind="stable"), out=starts.view(np.uint64))
        composite = starts.view(np.uint64)
    del high, starts
    begin = 0
    for end in ends[np.flatnonzero(np.diff(ends, prepend=0))].tolist():  # each non-empty bucket
        composite[begin:end].sort()
        begin = end
    aligned = (composite & np.uint64(1)).astype(bool)
    composite >>= np.uint64(1)
    positions = np.empty(len(composite), dtype=np.uint32)  # (a position fits 31 bits)
    np.bitwise_and(composite, np.uint64((1 << position_bits) - 1), out=positions, casting="unsafe")
    composite >>= np.uint64(position_bits)
    new = key_starts(composite)
    new[ends[:-1][ends[:-1] < len(new)]] = True  # where the first unit's high bits change
    heads = np.flatnonzero(new)
    del new
    keys = (units[positions[heads]] >> low_bits).astype(np.uint64)  # the high bits
    keys <<= np.uint64(low_bits + rest_bits)
    keys |= composite[heads]
    return positions.view(np.int32), heads, keys, aligned
