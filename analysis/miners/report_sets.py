"""The reports holding many places at once, with numpy: what the run counters and the reuse bound read.

A distinct sentence's reports are a frozenset of report ids (:class:`~analysis.distinct.DistinctSentences`);
most sentences share one of a few thousand sets.  :func:`numbered_docs` numbers the reports and lays every
sentence's set out flat (one array of report numbers, one of where each sentence's begins), numbering each
distinct set once; :func:`reports_per_key` counts ``|∪ reports|`` per key of (key, sentence) pairs by one
sort of (key, report) pairs.  A loop per sentence and a set union per run were the Python half of
:func:`~analysis.miners.passage_runs.repeated_runs` and of the reuse counts at 100 MB of distinct text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import chain, count

import numpy as np

from analysis.units import sorted_distinct

__all__ = ["distinct_sets", "laid_out", "numbered_docs", "report_bound", "reports_per_key"]


def distinct_sets(docs: Sequence[frozenset[str]]) -> tuple[np.ndarray, list[frozenset[str]]]:
    """``(which, sets)``: the distinct sets of ``docs`` in order of first appearance and, per sentence, the
    number of its set (a dictionary lookup each, mapped in C: a frozenset caches its hash, and a new set is
    numbered on the spot by the dictionary's default, the next number; a generator of ``setdefault`` took
    0.3 s of the passages' 11 s at 100 MB of distinct text under cProfile)."""
    number: defaultdict[frozenset[str], int] = defaultdict(count().__next__)
    which = np.fromiter(map(number.__getitem__, docs), np.int64, len(docs))
    return which, list(number)


def laid_out(which: np.ndarray, numbers: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """``(start, flat)``: the numbers of set ``which[g]`` laid out as ``flat[start[g] : start[g + 1]]``."""
    set_size = np.fromiter(map(len, numbers), np.int64, len(numbers))
    set_start = np.concatenate(([0], np.cumsum(set_size)))
    set_flat = np.fromiter(chain.from_iterable(numbers), np.int64, int(set_start[-1]))
    size = set_size[which]
    return np.concatenate(([0], np.cumsum(size))), set_flat[_ranges(set_start[which], size)]


def numbered_docs(docs: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray, int]:
    """``(start, flat, n)``: the reports of sentence ``g`` are ``flat[start[g] : start[g + 1]]``, numbered
    ``0 … n − 1`` (in order of first appearance, each set sorted).  Equal sets are numbered once
    (:func:`distinct_sets`), their numbers then copied with numpy (:func:`laid_out`)."""
    which, sets = distinct_sets(docs)
    doc_number: dict[str, int] = {}
    numbers = [[doc_number.setdefault(d, len(doc_number)) for d in sorted(held)] for held in sets]
    start, flat = laid_out(which, numbers)
    return start, flat, len(doc_number)


def _ranges(first: np.ndarray, size: np.ndarray) -> np.ndarray:
    """``first[0], first[0] + 1, …, first[0] + size[0] − 1, first[1], …``: index ranges end to end."""
    ends = np.cumsum(size)
    return np.repeat(first - (ends - size), size) + np.arange(int(ends[-1]) if len(ends) else 0)


def reports_per_key(
    key: np.ndarray, group: np.ndarray, start: np.ndarray, flat: np.ndarray, n_docs: int, n_keys: int
) -> np.ndarray:
    """Per key ``0 … n_keys − 1``: the distinct reports of the sentences ``group`` paired with it (``key``,
    ``group``: one entry per pair, any order; ``start``, ``flat``, ``n_docs``: :func:`numbered_docs`).

    A key in one pair has its sentence's reports, ``start[g + 1] − start[g]``; the pairs of the other keys
    are expanded to their sentences' reports, packed as ``key × n_docs + report`` and the distinct values
    counted per key.  Why the split: in distinct text most clauses and runs are in one sentence, and the
    sort of every pair's reports was most of :func:`~analysis.miners.passage_runs.repeated_runs`' time."""
    held_by = np.diff(start)
    pairs = np.bincount(key, minlength=n_keys)
    alone = pairs[key] == 1
    out = np.zeros(n_keys, dtype=np.int64)
    out[key[alone]] = held_by[group[alone]]
    key, group = key[~alone], group[~alone]
    size = held_by[group]
    packed = np.repeat(key, size) * max(1, n_docs) + flat[_ranges(start[group], size)]
    out += np.bincount(sorted_distinct(packed) // max(1, n_docs), minlength=n_keys)
    return out


def report_bound(found: Sequence[Sequence[tuple[int, int]]], docs: Sequence[frozenset[str]]) -> np.ndarray:
    """Per run, the reports holding the sentences of its places (``found``: (sentence, offset) per place,
    :func:`~analysis.miners.text_places.find_in_texts`; ``docs``: each sentence's reports).

    An upper bound of its independent documents counted anywhere (``|∪ reports| ≥`` the connected groups of
    their families, :meth:`~analysis.miners.families.DocumentFamilies.count`, over any of its places): a run
    under the bar here is under it there.  Only the sentences holding some place are numbered."""
    size = np.fromiter(map(len, found), np.int64, len(found))
    holder = np.fromiter(chain.from_iterable(chain.from_iterable(found)), np.int64, 2 * int(size.sum()))[0::2]
    run = np.repeat(np.arange(len(found), dtype=np.int64), size)
    held, inverse = np.unique(holder, return_inverse=True)
    start, flat, n_docs = numbered_docs([docs[g] for g in held.tolist()])
    return reports_per_key(run, inverse.reshape(-1), start, flat, n_docs, len(found))
