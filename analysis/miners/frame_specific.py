"""Which candidate frames of :mod:`analysis.miners.frames` give way to a more specific frame: most of their
uses are uses of a frame whose fixed parts hold theirs (``X方面还存在差距`` in ``在X方面还存在差距``).

Kept apart from the frame miner so that each module reads in one sitting.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from operator import itemgetter

import numpy as np

from analysis.miners.frame_occurrences import Occurrences

__all__ = ["most_specific"]


def most_specific(
    keys: list[int],
    found: Occurrences,
    fixed: Mapping[int, tuple[str, str]],
    containment: float,
    *,
    limit: int,
) -> list[int]:
    """The first ``limit`` of ``keys`` (in their order) that are not frames most of whose uses
    (≥ ``containment``) are uses of a more specific frame of ``keys``: same clauses, the other's fixed parts
    holding this one's (``X方面还存在差距`` inside ``在X方面还存在差距``; ``进一步X`` inside ``进一步加强X``
    only if nearly all its uses are that).  Whether a key is dropped does not depend on the others being
    dropped, so the keys after the ``limit``-th kept one are never looked at.
    ``fixed``: each key's fixed parts (opening, closing).

    The more specific frames of one are found by binary search: their opening parts start with its opening
    part (a range of the sorted opening parts), their closing parts end with its closing part (a range of
    the sorted reversed closing parts); the narrower range is read, so the work grows with the frames that
    share a part, not with the square of all frames (30,000 frames at 30 MB of text).
    """
    parts = list(map(fixed.__getitem__, keys))
    by_head, head_start, heads = _by_text(keys, list(map(itemgetter(0), parts)))
    by_tail, tail_start, tails = _by_text(keys, [tail[::-1] for _, tail in parts])

    def clauses_of(key: int) -> tuple[np.ndarray, np.ndarray]:  # (clauses, weights), clauses ascending
        rows = found.rows_of(key)
        return found.clause[rows], found.weight[rows]

    kept: list[int] = []
    for key in keys:
        if len(kept) == limit:
            break
        head, tail = fixed[key]
        head_lo, head_hi = (head_start[i] for i in _prefix_range(heads, head))
        tail_lo, tail_hi = (tail_start[i] for i in _prefix_range(tails, tail[::-1]))
        others = (
            by_head[head_lo:head_hi] if head_hi - head_lo <= tail_hi - tail_lo else by_tail[tail_lo:tail_hi]
        )
        mine = least = None
        for other in others:
            if other == key or not _more_specific(fixed[other], fixed[key]):
                continue
            if mine is None:
                mine = found.clause[found.rows_of(key)]
                least = containment * found.weight[found.rows_of(key)].sum()
            # (the weights of the shared clauses, read from the other's uses: a more specific frame has
            # fewer, and a clause's weight is the same in every key)
            theirs, weights = clauses_of(other)
            if weights[_members(theirs, mine)].sum() >= least:
                break
        else:
            kept.append(key)
    return kept


def _by_text(keys: list[int], texts: list[str]) -> tuple[list[int], list[int], list[str]]:
    """``keys`` grouped by their ``texts``, the groups in the order of the texts; where each group starts
    (one more at the end); the distinct texts, sorted.  (Only the distinct texts are sorted, by Python: the
    frames share their fixed parts; the keys are grouped by a stable numpy sort of the texts' ranks.)"""
    ordered = sorted(set(texts))
    rank = {text: i for i, text in enumerate(ordered)}
    ranks = np.fromiter((rank[text] for text in texts), dtype=np.int64, count=len(texts))
    order = np.argsort(ranks, kind="stable")
    starts = np.concatenate(([0], np.cumsum(np.bincount(ranks, minlength=len(ordered)))))
    return np.asarray(keys, dtype=np.int64)[order].tolist(), starts.tolist(), ordered


def _members(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """``np.isin(values, ordered)`` for a non-empty ascending ``ordered``, by binary search."""
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return ordered[at] == values


def _prefix_range(ordered: list[str], prefix: str) -> tuple[int, int]:
    """Where the strings starting with ``prefix`` are in the sorted ``ordered``: ``[start, end)``."""
    start = bisect_left(ordered, prefix)
    return start, bisect_left(ordered, prefix + "\U0010ffff", lo=start)


def _more_specific(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Frame ``a`` (opening part, closing part) says all that ``b`` says and more: its opening part extends
    ``b``'s (both start the clause), its closing part too (both end it)."""
    return a != b and a[0].startswith(b[0]) and a[1].endswith(b[1])
