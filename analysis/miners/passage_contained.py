"""Which repeated passages lie inside a longer passage kept (:func:`drop_contained`), the passage miner's rule
of maximality, with the candidates found by arrays of gram hashes.

A run is dropped when a run kept before it holds it and has ``doc_freq ≥ share × its own``.  Each kept run
is indexed by its ``g``-grams at positions ``0, s, 2s …`` (``g`` = 7 and ``s`` = 2 when the shortest run has
8 characters or more: ``s + g − 1`` may not exceed the shortest run).  A kept run holding ``run`` at
position ``p`` has an indexed position among ``p … p + s − 1``, where it holds one of the first ``s`` grams
of ``run`` (which lie inside ``run``); so the runs indexed under those grams are every kept run that can
contain it.

How: runs of one length cannot hold each other (distinct strings), so a stretch of runs of one length is
decided at once against the runs kept before it, and its kept runs are indexed after it.  A gram is keyed by
``Σ_j c_j·B^j mod 2⁶⁴`` over its code points (equal grams, equal keys; a collision only names one more
candidate, and every candidate is checked with ``run in kept``); the index is a few sorted arrays of (key,
kept run), merged as they grow (each the size of the next two at most), searched with ``searchsorted``.
Why: the index as a dictionary of lists took an insertion per gram of every kept run and a lookup per run in
Python (100 MB of distinct text: 1.3 s for the two calls).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import chain

import numpy as np

from analysis.miners.stretch_keys import BASE

__all__ = ["INDEX_GRAM", "INDEX_STRIDE", "drop_contained"]

#: Every how many characters at most a kept passage is indexed, and by grams of how many characters at most.
INDEX_STRIDE = 8
INDEX_GRAM = 7


def drop_contained(runs: Sequence[str], doc_freq: Mapping[str, int], share: float) -> list[str]:
    """``runs`` without those inside a run kept before them with ``doc_freq ≥ share × their own`` (see the
    module docstring; ``runs`` come longest first in the passage miner, but any order gives the rule's
    result).  Runs named twice are decided one by one (:func:`_drop_contained_one_by_one`)."""
    if not runs:
        return []
    if len(set(runs)) != len(runs):
        return _drop_contained_one_by_one(runs, doc_freq, share)
    shortest = min(map(len, runs))
    gram = min(INDEX_GRAM, shortest)
    stride = min(INDEX_STRIDE, shortest - gram + 1)
    lengths = np.fromiter(map(len, runs), dtype=np.int64, count=len(runs))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    codes = np.frombuffer("".join(runs).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    df = np.fromiter(map(doc_freq.__getitem__, runs), dtype=np.int64, count=len(runs))
    bar = share * df.astype(np.float64)
    blocks: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted keys, runs indexed under them)
    keep = np.zeros(len(runs), dtype=bool)
    cut = np.flatnonzero(lengths[1:] != lengths[:-1]) + 1
    for lo, hi in zip(np.concatenate(([0], cut)).tolist(), np.append(cut, len(runs)).tolist(), strict=True):
        block = np.arange(lo, hi)
        first = np.repeat(block, stride)  # each run's first ``stride`` grams
        owner, candidate = _candidates(
            blocks, _gram_keys(codes, starts[first] + np.tile(np.arange(stride), hi - lo), gram), first
        )
        near = np.flatnonzero(df[candidate] >= bar[owner])
        inside: set[int] = set()
        for run, holder in zip(owner[near].tolist(), candidate[near].tolist(), strict=True):
            if run not in inside and runs[run] in runs[holder]:
                inside.add(run)
        kept = np.setdiff1d(block, np.fromiter(inside, dtype=np.int64, count=len(inside)))
        keep[kept] = True
        per_run = (lengths[kept] - gram) // stride + 1
        indexed = np.repeat(kept, per_run)
        within = np.arange(int(per_run.sum())) - np.repeat(np.cumsum(per_run) - per_run, per_run)
        _add_block(blocks, _gram_keys(codes, starts[indexed] + within * stride, gram), indexed)
    return [run for run, kept in zip(runs, keep.tolist(), strict=True) if kept]


def _gram_keys(codes: np.ndarray, at: np.ndarray, gram: int) -> np.ndarray:
    """The key of the ``gram`` characters at each of ``at``: ``Σ_j c_{at+j}·B^j`` modulo 2⁶⁴."""
    key = np.zeros(len(at), dtype=np.uint64)
    for j in range(gram):
        key += codes[at + j].astype(np.uint64) * np.uint64(pow(BASE, j, 2**64))
    return key


def _candidates(
    blocks: Sequence[tuple[np.ndarray, np.ndarray]], keys: np.ndarray, owner: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(owner, candidate)`` pairs: each of ``keys`` (the gram of run ``owner``) with every run indexed
    under it."""
    owners, candidates = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for sorted_keys, indexed in blocks:
        low = np.searchsorted(sorted_keys, keys, side="left")
        count = np.searchsorted(sorted_keys, keys, side="right") - low
        total = int(count.sum())
        if total:
            within = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
            owners.append(np.repeat(owner, count))
            candidates.append(indexed[np.repeat(low, count) + within])
    return np.concatenate(owners), np.concatenate(candidates)


def _add_block(blocks: list[tuple[np.ndarray, np.ndarray]], keys: np.ndarray, indexed: np.ndarray) -> None:
    """Add (``keys``, ``indexed``) to the sorted blocks, merging the last two while the earlier is at most
    twice the later (so there are ``log₂ n`` blocks at most)."""
    order = np.argsort(keys, kind="stable")
    blocks.append((keys[order], indexed[order]))
    while len(blocks) > 1 and len(blocks[-2][0]) <= 2 * len(blocks[-1][0]):
        (keys_a, runs_a), (keys_b, runs_b) = blocks.pop(), blocks.pop()
        keys, indexed = np.concatenate((keys_b, keys_a)), np.concatenate((runs_b, runs_a))
        order = np.argsort(keys, kind="stable")
        blocks.append((keys[order], indexed[order]))


def _drop_contained_one_by_one(runs: Sequence[str], doc_freq: Mapping[str, int], share: float) -> list[str]:
    """:func:`drop_contained` run after run, the index a dictionary of gram → kept runs (runs may repeat)."""
    shortest = min(map(len, runs))
    gram = min(INDEX_GRAM, shortest)
    stride = min(INDEX_STRIDE, shortest - gram + 1)
    kept: list[str] = []
    kept_df: list[int] = []
    index: dict[str, list[int]] = defaultdict(list)  # gram → positions in ``kept`` of runs holding it there
    for run in runs:  # (stride >= 1: gram <= shortest)
        df = doc_freq[run]
        bar = share * df
        near = chain.from_iterable(index.get(run[j : j + gram], ()) for j in range(stride))
        if any(kept_df[k] >= bar and run in kept[k] for k in near):
            continue
        for key in {run[i : i + gram] for i in range(0, len(run) - gram + 1, stride)}:
            index[key].append(len(kept))
        kept.append(run)
        kept_df.append(df)
    return kept
