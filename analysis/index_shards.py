"""The n-gram index counted in shards and merged by key: the same levels as one sort, over any ``map``.

Why: on a cluster (``--dask``) the counting should run where the data is, a shard per task, and no process
should sort the whole corpus's windows at once.  The unit stream (:func:`analysis.units.token_stream`) is cut
at sentence separators into contiguous shards; each level ``n`` of the Apriori build is two maps over them:

1. **count**: every shard forms its keys ``rank(prefix) × V + unit`` (or the packed character windows) from
   the *global* ranks of level ``n − 1`` and counts them: distinct keys, weighted occurrences, first position.
   No pruning there: a key rare in each shard can be frequent in all of them.
2. **merge** (this process): the shards' keys concatenated in shard order and grouped by one stable sort;
   frequencies add up, the first occurrence is the earliest shard's; keys below ``min_count`` are dropped.
   A survivor's rank is its place in key order, as in the one-sort build.
3. **assign**: every shard looks its keys up among the survivors (a binary search): the rank starting at each
   position (the level's ``at``), and the distinct (n-gram, document) pairs of its sentences.  The pairs of
   all shards are made distinct once more (a document's sentences can sit in two shards) and summed with the
   documents' weights: the document frequency.

The result is a :class:`~analysis.index_levels.Level` per length, equal array for array to
:func:`analysis.index_levels.count_level` on the whole stream (``tests/test_index_shards.py`` checks it
with hypothesis for any number of shards), so :class:`~analysis.index.WordIndex` and its queries do not
change.  What crosses a process boundary per level: a shard (its unit ids, weights, sentence ids and
documents) and the survivors' keys; the shards' ``at`` arrays come back to be joined into the index.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np

from analysis.index_keys import level_keys, unpacked
from analysis.index_levels import Layout, Level, packed_keys
from analysis.units import DistinctCorpus, sorted_distinct

#: ``map_shards(fn, shards, shared=context)`` → the results in shard order (an executor's ``map``).
ShardMap = Callable[..., Iterable[Any]]


def map_here(fn: Callable[[Any, Any], Any], items: Iterable[Any], *, shared: object = None) -> Iterable[Any]:
    """The default :data:`ShardMap`: in this process, one shard after the other."""
    return (fn(shared, item) for item in items)


@dataclass(frozen=True, slots=True)
class Shard:
    """A contiguous slice of the unit stream, from a separator to the next shard's first separator.

    Sentence ids are global; ``doc_of``, ``docs`` and ``docs_start`` describe the documents of the shard's
    sentences ``first_sentence …`` only (a CSR slice of :class:`~analysis.units.DistinctCorpus`).
    """

    offset: int  #: stream position of the shard's first unit
    stream: np.ndarray
    weights: np.ndarray  #: weight of each position (its sentence's occurrences)
    sentence_of: np.ndarray
    first_sentence: int
    doc_of: np.ndarray
    docs: np.ndarray
    docs_start: np.ndarray


@dataclass(frozen=True, slots=True)
class LevelQuery:
    """What every shard is sent to form the keys of one level (and, to assign, the survivors)."""

    n: int
    vocabulary_size: int
    is_run: np.ndarray  #: by unit id
    chars: np.ndarray | None  #: characters of each unit id (None: units are characters)
    max_chars: int
    n_docs: int  #: distinct documents: pairs are coded ``gram × n_docs + doc``
    packed_bits: int = 0  #: > 0: the level is the packed windows of ``n`` units, ``bits`` apart
    survivors: np.ndarray | None = None  #: sorted keys of the frequent n-grams (assign only)


def cut_shards(
    stream: np.ndarray, weights: np.ndarray, sentence_of: np.ndarray, distinct: DistinctCorpus, count: int
) -> list[Shard]:
    """``count`` shards of about equal length, cut at separators (id 0); each ends on the separator that
    starts the next, so no window crosses a shard edge."""
    separators = np.flatnonzero(stream == 0)
    wanted = np.linspace(0, len(stream) - 1, max(1, count) + 1)[1:-1]
    cuts = sorted(set(separators[np.searchsorted(separators, wanted).clip(0, len(separators) - 1)].tolist()))
    bounds = [0, *[c for c in cuts if 0 < c < len(stream) - 1], len(stream) - 1]
    shards = []
    for start, end in itertools.pairwise(bounds):
        sentences = sentence_of[start : end + 1]
        first, last = int(sentences[0]), int(sentences[-1]) + 1
        begin, stop = distinct.docs_start[first], distinct.docs_start[last]
        shards.append(
            Shard(
                start,
                stream[start : end + 1],
                weights[start : end + 1],
                sentences,
                first,
                distinct.doc_of[first:last],
                distinct.docs[begin:stop],
                distinct.docs_start[first : last + 1] - begin,
            )
        )
    return shards


def _keys(query: LevelQuery, shard: Shard, previous: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    stream_run = query.is_run[shard.stream]
    if query.packed_bits:
        return packed_keys(shard.stream, stream_run, query.packed_bits, query.n)
    return level_keys(
        shard.stream, stream_run, query.chars, previous, query.n, query.vocabulary_size, query.max_chars
    )


def count_shard(query: LevelQuery, item: tuple[Shard, np.ndarray | None]) -> tuple[np.ndarray, ...]:
    """A shard's distinct keys of level ``n`` with their weighted occurrences and first (global) position."""
    shard, previous = item
    starts, keys = _keys(query, shard, previous)
    order = np.argsort(keys, kind="stable")
    ordered, positions = keys[order], starts[order]
    heads = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))) if len(ordered) else order
    freq = np.add.reduceat(shard.weights[positions], heads, dtype=np.int64) if len(heads) else heads
    return ordered[heads], freq.astype(np.int64), positions[heads] + shard.offset


def assign_shard(query: LevelQuery, item: tuple[Shard, np.ndarray | None]) -> tuple[np.ndarray, np.ndarray]:
    """The survivor starting at each position of the shard (or -1), and the distinct (n-gram, document)
    pairs of its sentences coded ``gram × n_docs + doc``, sorted."""
    shard, previous = item
    survivors = query.survivors if query.survivors is not None else np.empty(0, dtype=np.int64)
    starts, keys = _keys(query, shard, previous)
    found = np.searchsorted(survivors, keys)
    hit = found < len(survivors)
    hit[hit] = survivors[found[hit]] == keys[hit]
    at = np.full(len(shard.stream), -1, dtype=np.int32)
    positions, gram = starts[hit], found[hit].astype(np.int64)
    at[positions] = gram
    sentence = shard.sentence_of[positions].astype(np.int64) - shard.first_sentence
    span = int(shard.docs_start.size)
    pairs = sorted_distinct(gram * span + sentence)
    gram, sentence = pairs // span, pairs % span
    doc = shard.doc_of[sentence]
    single = doc >= 0
    grams, docs = [gram[single]], [doc[single]]
    if not single.all():  # sentences held by several documents: one pair per document
        shared = sentence[~single]
        counts = shard.docs_start[shared + 1] - shard.docs_start[shared]
        grams.append(np.repeat(gram[~single], counts))
        begins = np.repeat(shard.docs_start[shared] - (np.cumsum(counts) - counts), counts)
        docs.append(shard.docs[np.arange(int(counts.sum())) + begins])
    codes = np.concatenate(grams) * query.n_docs + np.concatenate(docs)
    return at, sorted_distinct(codes)


def merge_counts(counted: Iterable[tuple[np.ndarray, ...]], min_count: int) -> tuple[np.ndarray, ...]:
    """The shards' counts merged by key (shards in stream order): sorted surviving keys, their occurrences
    and first positions."""
    keys, freq, first = (np.concatenate(column) for column in zip(*counted, strict=True))
    order = np.argsort(keys, kind="stable")
    keys, freq, first = keys[order], freq[order], first[order]
    heads = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else order
    total = np.add.reduceat(freq, heads) if len(heads) else freq
    keep = total >= min_count
    return keys[heads][keep], total[keep].astype(np.int64), first[heads][keep]


def sharded_level(
    query: LevelQuery,
    shards: Sequence[Shard],
    previous: Sequence[np.ndarray | None],
    *,
    min_count: int,
    doc_weights: np.ndarray,
    map_shards: ShardMap = map_here,
) -> tuple[Level, list[np.ndarray], np.ndarray]:
    """Level ``query.n`` counted over ``shards`` (``previous``: each shard's ``at`` of level ``n − 1``).

    Returns the level (its ``at`` joined over the shards; ``parts`` left empty), each shard's ``at``, and
    the survivors' keys (to decode the parts).
    """
    items = list(zip(shards, previous, strict=True))
    counted = list(map_shards(count_shard, items, shared=query))
    keys, freq, first = merge_counts(counted, min_count)
    assigned = list(map_shards(assign_shard, items, shared=replace(query, survivors=keys)))
    codes = sorted_distinct(np.concatenate([pairs for _, pairs in assigned]))
    gram, doc = codes // query.n_docs, codes % query.n_docs
    doc_freq = np.bincount(gram, weights=doc_weights[doc], minlength=len(freq)).astype(np.int64)
    shard_at = [at for at, _ in assigned]
    at = np.concatenate([a[:-1] for a in shard_at[:-1]] + shard_at[-1:])
    level = Level(np.empty((len(freq), 0), dtype=np.int64), freq, doc_freq, at, first)
    return level, shard_at, keys


def sharded_levels(
    layout: Layout,
    *,
    max_n: int,
    max_chars: int,
    min_count: int,
    characters: bool,
    shards: int,
    map_shards: ShardMap = map_here,
) -> dict[int, Level]:
    """The levels of :func:`analysis.index._levels`, counted over ``shards`` shards with ``map_shards``."""
    distinct = layout.distinct
    pieces = cut_shards(layout.stream, layout.weights, layout.sentence_of, distinct, shards)
    size, vocabulary_size = len(layout.stream), len(layout.is_run)
    bits = max(1, int(vocabulary_size - 1).bit_length())
    query = LevelQuery(1, vocabulary_size, layout.is_run, layout.chars, max_chars, len(distinct.doc_weights))
    level_of = partial(
        sharded_level, min_count=min_count, doc_weights=distinct.doc_weights, map_shards=map_shards
    )
    levels: dict[int, Level] = {}
    if characters and (size < max_n or max_n * bits <= 64):
        if size >= max_n:
            level, _, keys = level_of(replace(query, n=max_n, packed_bits=bits), pieces, [None] * len(pieces))
            level.parts = unpacked(keys, bits, max_n)
            levels[max_n] = level
        return levels
    previous: list[np.ndarray | None] = [None] * len(pieces)
    parts: np.ndarray | None = None
    for n in range(1, max_n + 1):
        if size < n:
            break
        level, previous, keys = level_of(replace(query, n=n), pieces, previous)  # type: ignore[assignment]
        if parts is None:
            level.parts = keys.reshape(-1, 1)
        else:
            level.parts = np.column_stack((parts[keys // vocabulary_size], keys % vocabulary_size))
        parts = level.parts
        levels[n] = level
        if not len(level.freq):
            break
    if characters:
        levels = {n: level for n, level in levels.items() if n == max_n}
    return levels
