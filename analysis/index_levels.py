"""Counting one level of the n-gram index: the n-grams of ``n`` units, their frequencies, document
frequencies and first occurrences (see :mod:`analysis.index` for the method and why).

Kept apart from the queries so that each module reads in one sitting; everything here is numpy on arrays of
positions of the unit stream (:mod:`analysis.units`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from analysis.index_documents import documents, documents_of_firsts, special_entries
from analysis.index_keys import char_offsets, key_starts, sort_composite
from analysis.units import DistinctCorpus


@dataclass(slots=True)
class Level:
    """The frequent n-grams of one length ``n``."""

    parts: np.ndarray  #: (m, n) token ids of each n-gram, in key order
    freq: np.ndarray  #: (m,) occurrences
    doc_freq: np.ndarray  #: (m,) documents
    at: np.ndarray  #: for every stream position: the n-gram starting there, or -1 (None: counted by blocks)
    first: np.ndarray  #: (m,) stream position of the first occurrence of each n-gram


@dataclass(frozen=True, slots=True)
class Layout:
    """The corpus as the index counts it: the unit stream and what each position and unit id carry."""

    stream: np.ndarray  #: unit ids, a separator (0) before, between and after the distinct sentences
    is_run: np.ndarray  #: by unit id: can be part of an n-gram
    chars: np.ndarray | None  #: by unit id: characters (None when every unit is one character)
    weights: np.ndarray  #: by position: occurrences of its sentence
    sentence_of: np.ndarray  #: by position: its distinct sentence
    distinct: DistinctCorpus
    #: by position: :func:`~analysis.index_documents.document_codes` (None: read from ``sentence_of``)
    doc_code: np.ndarray | None = None


@dataclass(frozen=True, slots=True)
class Counted:
    """A level with the occurrences of its n-grams in key order (what the next level is sorted from)."""

    level: Level
    positions: (
        np.ndarray
    )  #: stream positions of the n-grams' occurrences, by n-gram (key order), then position
    gram: np.ndarray  #: the n-gram (row) of each of ``positions``, ascending


def count_level(
    keys: np.ndarray,
    starts: np.ndarray,
    size: int,
    weights: np.ndarray,
    sentence_of: np.ndarray,
    distinct: DistinctCorpus,
    min_count: int,
) -> Level:
    """Frequencies of the keys (weighted by their sentences), those below ``min_count`` dropped, and the
    document frequency and first occurrence of the rest.

    One stable sort by key does it all: equal keys come out in stream order, so each group's first entry is
    the n-gram's first occurrence, and its sentences (numbered in stream order) come out ascending, so
    :func:`documents` finds the distinct (n-gram, document) pairs as the entries that differ from the one
    before.
    """
    positions, new = _sorted_runs(keys, starts, size)
    return _count_sorted(positions, new, size, sentence_of, distinct, min_count, weights=weights).level


def counted_level(keys: np.ndarray, starts: np.ndarray, layout: Layout, min_count: int) -> Counted:
    """:func:`count_level` on the stream of ``layout``, with the kept occurrences in key order (for
    :func:`extended_level`)."""
    size = len(layout.stream)
    positions, new = _sorted_runs(keys, starts, size)
    return _count_sorted(
        positions, new, size, layout.sentence_of, layout.distinct, min_count, doc_code=layout.doc_code
    )


def _sorted_runs(keys: np.ndarray, starts: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The start positions sorted by key, then position (32-bit integers), and where each key's run begins.

    As :func:`_sorted_by_key`; when a key and a position overflow 64 bits by at most 16 bits (the packed
    windows of four characters: 48 + 24 bits at 30 MB), by buckets instead of a stable argsort: a radix sort
    of the keys' top 16 bits or fewer, then in each bucket one plain sort of ``rest of key << b | position``.
    Measured on the 30 MB benchmark (7 M windows): 0.9 s → 0.4 s CPU.
    """
    if len(keys):
        position_bits = max(1, int(size).bit_length())
        key_bits = int(keys.max()).bit_length()
        spill = key_bits + position_bits - 64
        if 0 < spill <= 16:
            low_bits = key_bits - spill
            wide = keys.astype(np.uint64)
            high = (wide >> np.uint64(low_bits)).astype(np.uint16)
            order = np.argsort(high, kind="stable")
            high = high[order]
            wide &= np.uint64((1 << low_bits) - 1)
            wide <<= np.uint64(position_bits)
            wide |= starts.astype(np.uint64)
            composite = wide[order]
            del wide, order
            edges = np.flatnonzero(high[1:] != high[:-1]) + 1
            for begin, end in itertools.pairwise([0, *edges.tolist(), len(composite)]):
                composite[begin:end].sort()
            positions = (composite & np.uint64((1 << position_bits) - 1)).astype(np.int32)
            composite >>= np.uint64(position_bits)
            new = key_starts(composite)
            new[edges] = True
            return positions, new
    ordered, positions = _sorted_by_key(keys, starts, size)
    return positions, key_starts(ordered)


def _count_sorted(
    positions: np.ndarray,
    new: np.ndarray,
    size: int,
    sentence_of: np.ndarray,
    distinct: DistinctCorpus,
    min_count: int,
    *,
    weights: np.ndarray | None = None,
    doc_code: np.ndarray | None = None,
) -> Counted:
    """The level of occurrences sorted by key, then position (``new``: the entry starts a key's run).

    An occurrence weighs its sentence's occurrences, ``distinct.weights[sentence]`` (or ``weights`` by
    position when given): read from the sentences, a table that stays in cache, it saves one gather from
    the whole stream per level (7 M occurrences: 0.11 s → 0.03 s CPU).  ``doc_code``: the positions'
    :func:`~analysis.index_documents.document_codes`, read instead of their sentences.
    """
    if doc_code is not None and weights is None:
        return _counted_by_documents(positions, new, size, sentence_of, distinct, min_count, doc_code)
    heads = np.flatnonzero(new)
    sentence = sentence_of[positions]
    if weights is None:
        freq = _weighted_runs(heads, len(positions), sentence, distinct.weights)
    else:  # weighted occurrences of each key, summed in 64-bit integers over its run of the sorted entries
        freq = np.add.reduceat(weights[positions], heads, dtype=np.int64) if len(heads) else heads
    keep = freq >= min_count
    if not keep.all():
        new, positions, sentence = _kept_entries(keep, heads, new, positions, sentence)
        freq = freq[keep]
        heads = np.flatnonzero(new)
    gram, at = _ranked(positions, new, heads, size)
    doc_freq = documents(gram, sentence, distinct, len(freq), heads)
    level = Level(np.empty((len(freq), 0), dtype=np.int64), freq, doc_freq, at, positions[heads])
    return Counted(level, positions, gram)


def _counted_by_documents(
    positions: np.ndarray,
    new: np.ndarray,
    size: int,
    sentence_of: np.ndarray,
    distinct: DistinctCorpus,
    min_count: int,
    doc_code: np.ndarray,
) -> Counted:
    """:func:`_count_sorted` reading each occurrence's document code (one gather of 16 bits per entry, no
    sentence): its first document, and whether its sentence occurs more than once or in several documents
    (then its sentence is read, for its weight and its documents).  On the 100 MB benchmark (levels 1–5 of
    the word index) the reads per entry 1.5 s → 0.85 s CPU."""
    heads = np.flatnonzero(new)
    code = doc_code[positions]
    special = special_entries(code)
    sentences = sentence_of[positions[special]]
    freq = _weighted_special(heads, len(positions), special, sentences, distinct.weights)
    keep = freq >= min_count
    if not keep.all():
        new, positions, code = _kept_entries(keep, heads, new, positions, code)
        freq = freq[keep]
        heads = np.flatnonzero(new)
        special = special_entries(code)
    code[special] = ~code[special]  # (the first documents)
    gram, at = _ranked(positions, new, heads, size)
    sentences = sentence_of[positions[special]]
    doc_freq = documents_of_firsts(gram, code, special, sentences, distinct, len(freq), heads)
    level = Level(np.empty((len(freq), 0), dtype=np.int64), freq, doc_freq, at, positions[heads])
    return Counted(level, positions, gram)


def _kept_entries(
    keep: np.ndarray, heads: np.ndarray, new: np.ndarray, *columns: np.ndarray
) -> list[np.ndarray]:
    """``new`` and each of ``columns`` (by entry, sorted by key) without the entries of the keys ``keep``
    drops (a key's run of entries starts at its ``heads``)."""
    kept = np.repeat(keep, np.diff(np.append(heads, len(new))))  # each entry: is its key kept?
    return [new[kept], *(column[kept] for column in columns)]


def _ranked(
    positions: np.ndarray, new: np.ndarray, heads: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each entry's rank among the kept keys (they come in key order: each rank repeated over its run, not a
    running sum of ``new``, which first copies the flags to 32-bit integers) and, for every stream position,
    the rank of the key starting there or -1 (``at``)."""
    gram = np.repeat(np.arange(len(heads), dtype=np.int32), np.diff(heads, append=len(new)))
    at = np.full(size, -1, dtype=np.int32)  # ranks and ids fit 32 bits: half the memory per position
    at[positions] = gram
    return gram, at


def _weighted_runs(heads: np.ndarray, size: int, sentence: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Occurrences of each run of entries (``heads``: where the runs start, ``size`` entries), each entry
    weighing its sentence's ``weights``: the run's length, plus ``weight − 1`` for the entries of sentences
    that occur more than once (few), in 64-bit integers.  (Not a weight gathered for every entry and
    summed: that takes two arrays of the entries' size, the sum casting them to 64 bits.)"""
    if not (len(heads) and (weights > 1).any()):
        return np.diff(heads, append=size)
    entries = np.flatnonzero((weights > 1)[sentence])
    return _weighted_special(heads, size, entries, sentence[entries], weights)


def _weighted_special(
    heads: np.ndarray, size: int, entries: np.ndarray, sentences: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """:func:`_weighted_runs` given the sentences of ``entries`` only (ascending; any superset of those
    whose sentence occurs more than once)."""
    freq = np.diff(heads, append=size)
    extra = weights[sentences] - 1
    repeated = extra > 0
    if len(heads) and repeated.any():
        run = np.searchsorted(heads, entries[repeated], side="right") - 1
        freq += np.bincount(run, weights=extra[repeated], minlength=len(heads)).astype(np.int64)
    return freq


def extended_level(
    layout: Layout,
    shorter: Counted,
    unigrams: Level,
    n: int,
    max_chars: int,
    min_count: int,
    offsets: np.ndarray | None = None,
) -> Counted:
    """Level ``n`` (``n ≥ 2``) counted from level ``n − 1``'s ``at``: the same level as
    :func:`counted_level` on :func:`~analysis.index_keys.level_keys`.

    A window of ``n`` units starting at ``p`` is a frequent unit followed by the frequent ``(n − 1)``-gram
    at ``p + 1`` (its suffix: it occurs at least as often, so it is indexed), and the key order of
    ``n``-grams is the order of their unit ids, i.e. of (first unit's rank, suffix's rank).  So the windows
    are the positions where level ``n − 1`` holds an n-gram at ``p`` (the prefix) and at ``p + 1`` (the
    suffix), read in stream order (no gather at random positions), and one plain sort of
    ``(unit rank << s | suffix rank) << b | p`` puts them in (key, position) order (the composites are
    distinct: no stable sort needed).  Windows that are too long are left out first, also in stream order
    (``offsets``: :func:`~analysis.index_keys.char_offsets`, computed once for all levels); those whose
    suffix is not frequent never come up (their keys are rare).  Where the composite does not fit 64 bits,
    level ``n − 1``'s occurrences sorted stably by the first unit (:func:`extended_by_radix`).
    Measured on the 30 MB benchmark (levels 2–5, with their counting; 2 vCPU under load, min of 5):
    1.23 s → 0.71 s CPU against the radix sort.
    """
    at = shorter.level.at
    size = len(at)
    unit_bits = max(1, (len(unigrams.freq) - 1).bit_length())
    suffix_bits = max(1, (len(shorter.level.freq) - 1).bit_length())
    position_bits = max(1, size.bit_length())
    if unit_bits + suffix_bits + position_bits > 64:
        return extended_by_radix(layout, shorter, unigrams, n, max_chars, min_count)
    # the prefix at p and the suffix at p + 1 are frequent (position 0 is a separator: never a start)
    valid = at[:-1] >= 0
    valid &= at[1:] >= 0
    if layout.chars is not None:  # and the window has at most max_chars characters
        if offsets is None:
            offsets = char_offsets(layout.stream, layout.chars)
        windows = max(0, size + 1 - n)  # (later starts hold no window of n units: no frequent suffix)
        valid[:windows] &= offsets[n:] - offsets[:windows] <= max_chars
    starts = np.flatnonzero(valid)
    del valid
    unit = unigrams.at[starts]  # the first unit's rank
    suffix = at[starts + 1]
    composite = unit.astype(np.uint64)
    del unit
    composite <<= np.uint64(suffix_bits)
    composite |= suffix.view(np.uint32)
    del suffix
    composite <<= np.uint64(position_bits)
    composite |= starts.view(np.uint64)
    del starts
    positions = sort_composite(composite, position_bits)
    new = key_starts(composite)
    del composite  # (the keys: not needed by the counting, which peaks next)
    return count_in_layout(positions, new, size, layout, min_count)


def extended_by_radix(
    layout: Layout, shorter: Counted, unigrams: Level, n: int, max_chars: int, min_count: int
) -> Counted:
    """:func:`extended_level` sorted from level ``n − 1``'s occurrences without a sort by key.

    A window of ``n`` units starting at ``p`` is a frequent unit followed by the frequent ``(n − 1)``-gram
    at ``p + 1`` (its suffix: it occurs at least as often, so it is indexed), and the key order of
    ``n``-grams is the order of their unit ids, i.e. of (first unit's rank, suffix's rank).  Level
    ``n − 1``'s occurrences come sorted by (its rank, position); shifted one to the left and sorted stably
    by the first unit's rank alone (:func:`radix_order`), they are sorted by (key, position), as one sort
    of the packed keys would give them.  Windows whose prefix is not frequent or that are too long are
    left out first; those whose suffix is not frequent never come up (their keys are rare).
    Measured on the 30 MB benchmark with the other changes of the build: the word index (levels 1–5)
    3.1–3.6 s → 1.7–2.1 s CPU.
    """
    starts = shorter.positions - 1  # (position 0 is a separator: no n-gram starts there)
    valid = shorter.level.at[starts] >= 0  # the prefix is frequent
    unit = unigrams.at[starts]  # the first unit's rank (>= 0 where the prefix is frequent)
    if layout.chars is not None:
        unit_chars = layout.chars[unigrams.parts[:, 0]]
        gram_chars = layout.chars[shorter.level.parts].sum(axis=1)
        valid &= unit_chars[unit] + gram_chars[shorter.gram] <= max_chars
    starts, unit, suffix = starts[valid], unit[valid], shorter.gram[valid]
    del valid
    order = radix_order(unit)
    starts, suffix = starts[order], suffix[order]
    del order
    new = key_starts(suffix)
    new[np.cumsum(np.bincount(unit))[:-1]] = True  # where the first unit changes (it comes sorted)
    del unit, suffix
    size = len(layout.stream)
    return _count_sorted(
        starts, new, size, layout.sentence_of, layout.distinct, min_count, doc_code=layout.doc_code
    )


def radix_order(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")`` of non-negative 32-bit integers, by 16 bits at a time: numpy's
    stable sort of 16-bit integers is a radix sort (3× a sort of 64-bit integers); a second pass by the
    high 16 bits when some value needs them."""
    if not len(values) or int(values.max()) < 1 << 16:
        return np.argsort(values.astype(np.uint16), kind="stable")
    order = np.argsort((values & 0xFFFF).astype(np.uint16), kind="stable")
    return order[np.argsort((values[order] >> 16).astype(np.uint16), kind="stable")]


def _sorted_by_key(keys: np.ndarray, starts: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The keys sorted, and their start positions (ascending, < ``size``) in the same order as 32-bit
    integers, equal keys in stream order.

    When a key and a position fit 64 bits together, one plain sort of ``key << b | position`` (b: the bits of
    a position) does it: the composites are distinct, so no stable sort is needed, and sorting values is
    about twice as fast as a stable argsort followed by two gathers (numpy's vectorised quicksort); also for
    keys of 16 bits (single units), where a stable argsort is a radix sort: on the 30 MB benchmark's level 1
    (4.3 M windows) 0.16 s → 0.09 s CPU.  Keys too wide for the composite by a stable argsort.
    """
    if not len(keys):
        return keys, starts.astype(np.int32)
    position_bits = max(1, int(size).bit_length())
    if int(keys.max()).bit_length() + position_bits <= 64:
        composite = keys.astype(np.uint64)
        composite <<= np.uint64(position_bits)
        composite |= starts.astype(np.uint64)
        return composite, sort_composite(composite, position_bits)
    order = np.argsort(keys, kind="stable")
    return keys[order], starts.astype(np.int32)[order]  # (memory: stream positions fit 32 bits)


def count_in_layout(
    positions: np.ndarray, new: np.ndarray, size: int, layout: Layout, min_count: int
) -> Counted:
    """:func:`_count_sorted` of the entries ``positions`` of ``layout``'s stream (sorted by key, ``new`` where
    a key starts)."""
    return _count_sorted(
        positions, new, size, layout.sentence_of, layout.distinct, min_count, doc_code=layout.doc_code
    )


def packed_keys(
    stream: np.ndarray, stream_run: np.ndarray, bits: int, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Start and packed key of every window of ``n`` units inside a run (the next run breaker after its
    start is at least ``n`` positions away): the units' ids ``bits`` bits apart, first unit highest."""
    size = len(stream)
    inside = stream_run[: max(0, size - n + 1)].copy()
    for i in range(1, n):
        inside &= stream_run[i : size - n + 1 + i]
    starts = np.flatnonzero(inside)
    del inside
    keys = stream[starts].astype(np.uint64)
    for i in range(1, n):
        keys <<= np.uint64(bits)
        keys |= stream[starts + i].astype(np.uint64)
    return starts, keys


def level_parts(level: Level, shorter: Level | None, stream: np.ndarray, n: int) -> np.ndarray:
    """Token ids of each n-gram of ``level``: its prefix's parts and the token after them."""
    first = level.first
    if shorter is None:
        return stream[first].reshape(-1, 1)
    return np.column_stack((shorter.parts[shorter.at[first]], stream[first + n - 1]))
