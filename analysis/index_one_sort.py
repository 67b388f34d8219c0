"""The levels of the n-gram index counted in one process, in one sort each (see :mod:`analysis.index`): what
:class:`~analysis.index.WordIndex` builds unless the levels are counted in shards
(:mod:`analysis.index_shards`) or the character level by blocks (:mod:`analysis.index_chars`)."""

from __future__ import annotations

from analysis.index_levels import (
    Counted,
    Layout,
    Level,
    char_offsets,
    counted_level,
    extended_level,
    level_keys,
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
            starts, keys = level_keys(
                stream, stream_run, layout.chars, None, n, len(layout.is_run), max_chars
            )
            counted = counted_level(keys, starts, layout, min_count)
            del starts, keys
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
