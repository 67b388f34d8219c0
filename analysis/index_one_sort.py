"""The levels of the n-gram index counted in one process, in one sort each (see :mod:`analysis.index`): what
:class:`~analysis.index.WordIndex` builds unless the levels are counted in shards
(:mod:`analysis.index_shards`) or the character level by blocks (:mod:`analysis.index_chars`)."""

from __future__ import annotations

import numpy as np

from analysis.index_keys import char_offsets, key_starts, sort_composite
from analysis.index_levels import (
    Counted,
    Layout,
    Level,
    count_in_layout,
    extended_level,
    level_parts,
)
from analysis.index_packed import packed_level

__all__ = ["one_sort_levels"]


def one_sort_levels(
    layout: Layout, *, max_n: int, max_chars: int, min_count: int, characters: bool
) -> dict[int, Level]:
    """The levels of the index: level 1 counted in one sort, each next one sorted from the one before (see
    :mod:`analysis.index`); the characters' packed windows in one sort (:func:`packed_level`)."""
    stream = layout.stream
    stream_run = layout.is_run[stream]
    levels: dict[int, Level] = {}
    size = len(stream)
    bits = max(1, int(len(layout.is_run) - 1).bit_length())
    if characters and (size < max_n or max_n * bits <= 64):
        if size >= max_n:  # (a text shorter than one window has no n-gram of max_n characters)
            levels[max_n] = packed_level(layout, stream_run, bits, max_n, min_count)
        return levels
    previous: Counted | None = None
    offsets = None if layout.chars is None else char_offsets(stream, layout.chars)  # (for the length limit)
    for n in range(1, max_n + 1):
        if size < n:
            break
        if previous is None:
            counted = counted_units(layout, stream_run, max_chars, min_count)
        else:
            counted = extended_level(layout, previous, levels[1], n, max_chars, min_count, offsets)
        level = counted.level
        level.parts = level_parts(level, levels.get(n - 1), stream, n)
        levels[n] = level
        previous = counted
        if not len(level.freq):
            break
    if characters:  # the shorter levels (built when the packed keys do not fit) are not asked for
        levels = {n: level for n, level in levels.items() if n == max_n}
    return levels


def counted_units(layout: Layout, stream_run: np.ndarray, max_chars: int, min_count: int) -> Counted:
    """Level 1: :func:`~analysis.index_levels.counted_level` on the keys of
    :func:`~analysis.index_keys.level_keys` (every position of a run whose unit has at most ``max_chars``
    characters, keyed by its unit), with the windows read from one table per unit id and the composites
    ``unit << b | position`` formed in place (b: the bits of a position; they fit 64 bits for any stream).

    Why: the keys as an array of their own, copied to the composites, the positions copied to 64 bits
    unsigned and a filter by length after the windows were found took four arrays of the stream's size
    (at 100 MB of text 0.8 s of the word build's CPU and 0.5 GB of fresh memory); here two.
    """
    stream = layout.stream
    size = len(stream)
    if layout.chars is None:
        starts = np.flatnonzero(stream_run)
    else:  # the unit is short enough: read per unit id, then at every position (one table, in cache)
        valid = stream_run.copy()
        valid &= (layout.chars <= max_chars)[stream]
        starts = np.flatnonzero(valid)
        del valid
    position_bits = max(1, size.bit_length())
    composite = stream[starts].astype(np.uint64)
    composite <<= np.uint64(position_bits)
    composite |= starts.view(np.uint64)
    del starts
    positions = sort_composite(composite, position_bits)
    new = key_starts(composite)
    del composite  # (the keys: not needed by the counting, which peaks next)
    return count_in_layout(positions, new, size, layout, min_count)
