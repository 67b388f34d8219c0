"""The matching blocks of two short token sequences: what :class:`difflib.SequenceMatcher` finds with no
junk and ``autojunk=False``, without building a matcher per pair.

The heading-template miner aligns ~125,000 pairs of headings at 30 MB of distinct text, a heading in ~15
pairs: a ``SequenceMatcher`` per pair rebuilt the index of its second heading each time and went through
its general machinery (junk, popular elements, ``Match`` tuples) — 2.8 s of the miner's 3.9 s.  Here the
index of a sequence (token → its positions) is built once and passed in, and the longest match is the
same dynamic programme as ``find_longest_match`` (the first longest block in ``a``, then in ``b``); the
blocks are found by the same recursion and returned in the same order, adjacent ones merged, with the
``(len(a), len(b), 0)`` sentinel last.

Most pairs need no search at all (:func:`in_order_blocks`): when every token the two share occurs once in
each, in the same order, difflib's blocks are the runs of those tokens — a third of the miner's time at
100 MB went into finding them one longest match at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["in_order_blocks", "matching_blocks", "positions", "searched_blocks"]


def positions(b: Sequence[str]) -> dict[str, list[int]]:
    """Each token of ``b`` → its positions, ascending (difflib's ``b2j`` with no junk)."""
    out: dict[str, list[int]] = {}
    for j, token in enumerate(b):
        out.setdefault(token, []).append(j)
    return out


def _longest(
    a: Sequence[str], b2j: Mapping[str, list[int]], alo: int, ahi: int, blo: int, bhi: int
) -> tuple[int, int, int]:
    """``SequenceMatcher.find_longest_match(alo, ahi, blo, bhi)`` with no junk: the longest block of
    ``a[alo:ahi]`` and ``b[blo:bhi]``, the earliest in ``a`` among the longest, then the earliest in ``b``."""
    best_i, best_j, best = alo, blo, 0
    j2len: dict[int, int] = {}
    for i in range(alo, ahi):
        new: dict[int, int] = {}
        for j in b2j.get(a[i], ()):
            if j < blo:
                continue
            if j >= bhi:
                break
            k = new[j] = j2len.get(j - 1, 0) + 1
            if k > best:
                best_i, best_j, best = i - k + 1, j - k + 1, k
        j2len = new
    return best_i, best_j, best


def in_order_blocks(a: Sequence[str], b2j: Mapping[str, list[int]]) -> list[tuple[int, int, int]] | None:
    """The merged matching blocks of ``a`` and ``b`` (``b2j``: its :func:`positions`) when every token they
    share occurs once in each and in the same order, else None.

    Why they are difflib's: each longest block found is a run of shared tokens; those before it in ``a`` are
    before it in ``b`` too (same order, once each), so the recursion on the left finds them and the one on
    the right the others: every shared token is matched, and the blocks, merged, are the maximal runs of
    shared tokens adjacent in both sequences."""
    blocks: list[tuple[int, int, int]] = []
    start_i = start_j = size = 0
    last_j = -1
    for i, token in enumerate(a):
        js = b2j.get(token)
        if js is None:
            continue
        j = js[0]
        if len(js) > 1 or j <= last_j:  # repeated in b, or out of order (or repeated in a: same j)
            return None
        if size and start_i + size == i and start_j + size == j:
            size += 1
        else:
            if size:
                blocks.append((start_i, start_j, size))
            start_i, start_j, size = i, j, 1
        last_j = j
    if size:
        blocks.append((start_i, start_j, size))
    return blocks


def matching_blocks(
    a: Sequence[str], b: Sequence[str], b2j: Mapping[str, list[int]] | None = None
) -> list[tuple[int, int, int]]:
    """``SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()`` as plain tuples.

    ``b2j``: :func:`positions` of ``b``, when the caller aligns ``b`` with several sequences.
    """
    b2j = positions(b) if b2j is None else b2j
    fast = in_order_blocks(a, b2j)
    if fast is not None:
        fast.append((len(a), len(b), 0))
        return fast
    return searched_blocks(a, b, b2j)


def searched_blocks(
    a: Sequence[str], b: Sequence[str], b2j: Mapping[str, list[int]]
) -> list[tuple[int, int, int]]:
    """:func:`matching_blocks` by difflib's recursion of longest matches (what a pair that
    :func:`in_order_blocks` turns away needs; for a caller that has tried that already)."""
    found: list[tuple[int, int, int]] = []
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = block = _longest(a, b2j, alo, ahi, blo, bhi)
        if k:
            found.append(block)
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    found.sort()
    merged: list[tuple[int, int, int]] = []
    i1 = j1 = k1 = 0
    for i2, j2, k2 in found:
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                merged.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        merged.append((i1, j1, k1))
    merged.append((len(a), len(b), 0))
    return merged
