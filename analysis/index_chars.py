"""The character level of the n-gram index counted block by block and merged by key: memory bounded by the
distinct n-grams and one block, not by the text.

Why: the character level was counted in one sort of every window of the text (:mod:`analysis.index_packed`):
at 100 MB of distinct text, 21 M windows, ≈ 0.75 GB of 64-bit keys, indices and composites at once, next to
a 32-bit id, weight, sentence, token start and n-gram for each of the 33 M positions; the idiom task peaked
at 1.5 GB (1.25 GB above its corpus).  But the text's four-character strings are few (1.1 M distinct at
100 MB), so each block of the stream (:mod:`analysis.char_blocks`: whole documents, ≈ 1 M positions) is
sorted on its own (:func:`~analysis.index_packed.sorted_windows`), reduced to its distinct keys with their
counts, and added to the table of the blocks before (:class:`_Table`):

* frequency: the occurrences weighted by their sentence's (the copies of a sentence), summed;
* aligned occurrences: those starting and ending on token starts, weighted alike (what
  :meth:`~analysis.index.WordIndex.aligned_of` reads: counted here, so no token start is kept);
* first occurrence: the earliest block's;
* document frequency: a document's own sentences (those numbered in it) sit in one block, so its distinct
  (key, document) pairs are counted there (as :func:`~analysis.index_documents.documents`) and the blocks'
  counts add up.  A sentence held by several documents (few) also gives its other documents, later ones:
  those pairs wait (:class:`_LaterDocuments`) for the block of those documents, where a pair already
  counted is found by :func:`~analysis.index_documents.held_between`.

Keys below ``min_count`` are dropped after the last block.  No per-position array is kept but the stream
(16 bits a position): the occurrences of the n-grams a miner asks for are found by scanning it again
(:class:`~analysis.char_windows.CharWindows`).  Every array equals that of the one-sort level
(``tests/test_index_chars.py``; ``tests/test_index_shards.py`` against the shards' count).  Measured on
the idiom task (fresh processes, medians of 3 alternated with the one-sort build, 2 vCPU shared): at 100 MB
of distinct text peak RSS 1.51 → 0.50 GB (above the corpus 1.26 → 0.25 GB), CPU 12.2 → 6.0 s; at 30 MB
0.54 → 0.29 GB (0.43 → 0.18 GB), 3.7 → 2.3 s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from analysis.char_blocks import BLOCK_TOKENS, CharBlock, CharBlocks, char_blocks
from analysis.char_windows import CharWindows
from analysis.index_documents import held_between
from analysis.index_levels import Level, _sorted_runs, packed_keys
from analysis.index_packed import sorted_windows
from analysis.units import DistinctCorpus, token_classes

__all__ = ["CharLevel", "char_level", "char_level_of"]


@dataclass(frozen=True, slots=True)
class CharLevel:
    """The level of :func:`char_level`, its aligned occurrences and where its n-grams occur."""

    vocabulary: list[str]  #: the separator first, then the characters by code point
    stream: np.ndarray  #: the unit ids (16 bits), as :func:`~analysis.units.char_stream` gives them
    level: Level  #: ``at`` is None: the occurrences are found when asked (``windows``)
    aligned: np.ndarray  #: (m,) weighted occurrences that start and end on token starts
    windows: CharWindows
    total_unigrams: int  #: weighted positions inside runs (what ``WordIndex.total_unigrams`` counts)


@dataclass(slots=True)
class _Sorted:
    """Distinct keys, ascending, with their counts (weighted occurrences, own documents, aligned occurrences)
    and first positions."""

    keys: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    counts: list[np.ndarray] = field(default_factory=lambda: [np.empty(0, dtype=np.int64)] * 3)
    first: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int32))

    def summed(self, keys: np.ndarray, counts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Add the ``counts`` of the ``keys`` (distinct, ascending) held here, in place, at ascending places
        (4× as fast as at random places); the places in ``keys`` of the others, and where they would go.

        Each key's place among the held ones: a stable argsort of both (two sorted runs, merged in one pass
        by timsort: half the time of a binary search per key), the held keys before it counted."""
        order = np.argsort(np.concatenate((self.keys, keys)), kind="stable")
        at = np.flatnonzero(order >= len(self.keys))
        del order
        at -= np.arange(len(keys))
        found = at > 0  # (an equal held key comes just before: it is counted)
        found[found] = self.keys[at[found] - 1] == keys[found]
        at -= found
        seen, fresh = np.flatnonzero(found), np.flatnonzero(~found)
        for column, values in zip(self.counts, counts, strict=True):
            column[at[seen]] += values[seen]
        return fresh, at[fresh]

    def insert(
        self, where: np.ndarray, keys: np.ndarray, counts: list[np.ndarray], first: np.ndarray
    ) -> None:
        """Insert keys not held at their places ``where`` (from :meth:`summed`)."""
        pairs = zip(self.counts, counts, strict=True)
        self.counts = [np.insert(column, where, values) for column, values in pairs]
        self.first = np.insert(self.first, where, first)
        self.keys = np.insert(self.keys, where, keys)

    def merge(self, other: _Sorted) -> None:
        """Take the keys of ``other`` (none held here) in."""
        order = np.argsort(np.concatenate((self.keys, other.keys)), kind="stable")
        self.keys = np.concatenate((self.keys, other.keys))[order]
        self.counts = [np.concatenate(pair)[order] for pair in zip(self.counts, other.counts, strict=True)]
        self.first = np.concatenate((self.first, other.first))[order]


@dataclass(slots=True)
class _Table:
    """The distinct keys of the blocks counted so far with their counts, in two sorted tables: a block's
    keys are summed into the main one where it holds them, the others into a small one of recent keys,
    inserted there (a copy of its arrays, not of the main one's: a block after the first adds few keys),
    which is merged into the main one when it reaches a quarter of its size.  At 100 MB of distinct text
    (34 blocks, 10.5 M keys added, 1.1 M distinct) 1.8 s → 0.7 s CPU against one table, counts kept in order
    of first sight."""

    main: _Sorted = field(default_factory=_Sorted)
    recent: _Sorted = field(default_factory=_Sorted)

    def add(self, keys: np.ndarray, counts: list[np.ndarray], first: np.ndarray) -> None:
        """Add a block's distinct ``keys`` (ascending) with their ``counts`` and first positions (kept for
        new keys only: the blocks come in stream order)."""
        rest, _ = self.main.summed(keys, counts)
        keys, counts, first = keys[rest], [column[rest] for column in counts], first[rest]
        fresh, where = self.recent.summed(keys, counts)
        self.recent.insert(where, keys[fresh], [column[fresh] for column in counts], first[fresh])
        if 4 * len(self.recent.keys) > len(self.main.keys):
            self.merged()

    def merged(self) -> _Sorted:
        """All the keys in one table."""
        self.main.merge(self.recent)
        self.recent = _Sorted()
        return self.main


@dataclass(frozen=True, slots=True)
class _Sentences:
    """What a block's counting reads of the distinct corpus, by distinct sentence or document."""

    weights: np.ndarray  #: occurrences of each sentence
    repeated: np.ndarray  #: the sentence occurs more than once
    first_doc: np.ndarray  #: the document a sentence is numbered in (32 bits; ascending)
    shared: np.ndarray  #: the sentence is held by more than one document
    distinct: DistinctCorpus

    @classmethod
    def of(cls, distinct: DistinctCorpus) -> _Sentences:
        first_doc = distinct.docs[distinct.docs_start[:-1]].astype(np.int32)
        weights = distinct.weights
        return cls(weights, weights > 1, first_doc, distinct.doc_of < 0, distinct)


@dataclass(slots=True)
class _LaterDocuments:
    """(key, document) pairs of sentences held by several documents, for the documents other than the one
    they are numbered in (a later one), waiting for the block of that document's own sentences; then the
    pairs not counted there (``counted``: keys and the documents' weights, to add at the end)."""

    keys: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    docs: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    counted_keys: list[np.ndarray] = field(default_factory=list)
    counted_weights: list[np.ndarray] = field(default_factory=list)

    def add(self, keys: np.ndarray, docs: np.ndarray) -> None:
        self.keys = np.concatenate((self.keys, keys))
        self.docs = np.concatenate((self.docs, docs))

    def resolve(
        self, end_doc: int, keys: np.ndarray, heads: np.ndarray, doc: np.ndarray, weights: np.ndarray
    ) -> None:
        """Count the distinct pairs of documents before ``end_doc`` (those of the block just counted: its
        distinct ``keys``, their runs of entries starting at ``heads``, each entry's own document ``doc``,
        ascending in a run) that the block does not hold."""
        now = self.docs < end_doc
        if not now.any():
            return
        wanted, docs = self.keys[now], self.docs[now]
        self.keys, self.docs = self.keys[~now], self.docs[~now]
        order = np.lexsort((docs, wanted))
        wanted, docs = wanted[order], docs[order]
        new = np.ones(len(wanted), dtype=bool)
        new[1:] = (wanted[1:] != wanted[:-1]) | (docs[1:] != docs[:-1])
        wanted, docs = wanted[new], docs[new]
        row = np.searchsorted(keys, wanted)
        inside = np.flatnonzero(row < len(keys))
        inside = inside[keys[row[inside]] == wanted[inside]]
        held = np.zeros(len(wanted), dtype=bool)
        ends = np.append(heads[1:], len(doc))
        held[inside] = held_between(doc, heads[row[inside]], ends[row[inside]], docs[inside])
        self.counted_keys.append(wanted[~held])
        self.counted_weights.append(weights[docs[~held]])

    def added(self, keys: np.ndarray) -> np.ndarray:
        """The weights counted, summed for each of ``keys`` (sorted; others left out)."""
        counted = np.concatenate([np.empty(0, dtype=np.uint64), *self.counted_keys])
        weights = np.concatenate([np.empty(0, dtype=np.int64), *self.counted_weights])
        row = np.searchsorted(keys, counted)
        known = row < len(keys)
        known[known] = keys[row[known]] == counted[known]
        return np.bincount(row[known], weights=weights[known], minlength=len(keys)).astype(np.int64)


def char_level_of(
    distinct: DistinctCorpus, n: int, min_count: int, *, tokens: int = BLOCK_TOKENS
) -> CharLevel | None:
    """The level of ``n`` characters of ``distinct`` counted by blocks of about ``tokens`` tokens
    (:func:`char_level`); None where the blocks do not apply (ids wider than 16 bits or than a 64-bit key,
    fewer positions than ``n``, a token holding the mark or a line break, no sentence): then the caller's
    one-sort build."""
    first_doc = distinct.docs[distinct.docs_start[:-1]]
    blocks = char_blocks(distinct.tokens, first_doc, tokens=tokens)
    if blocks is None or len(blocks.stream) < n or n * max(1, (len(blocks.vocabulary) - 1).bit_length()) > 64:
        return None
    return char_level(blocks, distinct, token_classes(blocks.vocabulary)[0], n, min_count)


def char_level(
    blocks: CharBlocks, distinct: DistinctCorpus, is_run: np.ndarray, n: int, min_count: int
) -> CharLevel:
    """The n-grams of ``n`` characters (inside runs: ``is_run`` by unit id) occurring at least ``min_count``
    times, counted block by block (see the module docstring); ``n × bits ≤ 64`` for the ids' bits."""
    bits = max(1, (len(blocks.vocabulary) - 1).bit_length())
    sentences = _Sentences.of(distinct)
    later = _LaterDocuments()
    table = _Table()
    total = 0
    while blocks.blocks:
        block = blocks.blocks.pop(0)  # (its token starts, read: freed)
        keys, counts, first, in_runs = _block_counts(blocks, block, n, bits, is_run, sentences, later)
        table.add(keys, counts, first)
        total += in_runs
    counted = table.merged()
    del table
    keep = np.flatnonzero(counted.counts[0] >= min_count)
    keys, first = counted.keys[keep], counted.first[keep]
    freq, docs, aligned = (column[keep] for column in counted.counts)
    del counted, keep
    docs += later.added(keys)
    parts = np.empty((len(keys), n), dtype=np.int32)  # (the units of each key, straight to 32 bits)
    for i in range(n):
        np.bitwise_and(
            keys >> np.uint64(bits * (n - 1 - i)), (1 << bits) - 1, out=parts[:, i], casting="unsafe"
        )
    level = Level(parts, freq, docs, None, first)  # type: ignore[arg-type]
    weights = distinct.weights.astype(np.int32)
    windows = CharWindows(blocks.stream, keys, n, bits, blocks.separators, weights)
    return CharLevel(blocks.vocabulary, blocks.stream, level, aligned, windows, total)


def _block_counts(
    blocks: CharBlocks,
    block: CharBlock,
    n: int,
    bits: int,
    is_run: np.ndarray,
    sentences: _Sentences,
    later: _LaterDocuments,
) -> tuple[np.ndarray, list[np.ndarray], np.ndarray, int]:
    """One block's distinct keys (ascending), their counts (weighted occurrences, own documents, aligned
    occurrences) and first positions, and the block's weighted positions inside runs."""
    units, offset, begin, end = blocks.units(block), block.offset, block.first_sentence, block.end_sentence
    run = is_run[units]
    repeated = sentences.repeated[begin:end]
    in_runs = int(np.count_nonzero(run))
    if repeated.any():  # the run positions of each sentence, and its copies' share
        edges = blocks.separators[begin : end + 1] - offset
        per_sentence = np.add.reduceat(run, edges[:-1], dtype=np.int64)
        in_runs += int(np.dot(per_sentence, sentences.weights[begin:end] - 1))
    boundary = block.starts()
    windows = sorted_windows(units, run, boundary, n, bits)
    if windows is None:
        windows = _sorted_by_keys(units, run, boundary, n, bits)
    del run, boundary
    positions, heads, keys, aligned_flag = windows
    del windows
    # the block's sentence of each window (16 bits when the block has fewer than 2^16 sentences)
    dtype = np.uint16 if end - begin < (1 << 16) - 1 else np.int32
    local = np.cumsum(units == 0, dtype=dtype)
    local -= 1
    sentence = local[positions]
    del local
    heavy = np.flatnonzero(repeated[sentence]) if repeated.any() else None
    weights = sentences.weights[begin:end]
    freq = _run_sums(heads, len(positions), sentence, weights, heavy)
    aligned = _run_sums(heads, len(positions), sentence, weights, heavy, aligned_flag)
    del aligned_flag, heavy
    doc = sentences.first_doc[begin:end][sentence]
    distinct = sentences.distinct
    docs = _own_documents(heads, doc, distinct.doc_weights)
    shared = sentences.shared[begin:end]
    if shared.any():  # pairs with the sentences' later documents
        entries = np.flatnonzero(shared[sentence])
        held_by = sentence[entries].astype(np.int64) + begin
        first_other = distinct.docs_start[held_by] + 1  # (the first document is the sentence's own)
        counts = distinct.docs_start[held_by + 1] - first_other
        run_of = np.searchsorted(heads, entries, side="right") - 1
        later.add(np.repeat(keys[run_of], counts), distinct.docs[_ranges(first_other, counts)])
    del sentence
    # the block's documents end where the next block's first sentence's starts (the last block: all)
    end_doc = int(sentences.first_doc[end]) if end < len(sentences.first_doc) else len(distinct.doc_weights)
    later.resolve(end_doc, keys, heads, doc, distinct.doc_weights)
    del doc
    return keys, [freq, docs, aligned], positions[heads] + np.int32(offset), in_runs


def _sorted_by_keys(
    units: np.ndarray, run: np.ndarray, boundary: np.ndarray, n: int, bits: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`~analysis.index_packed.sorted_windows` by a stable sort of the packed keys (where its
    composite does not fit 64 bits)."""
    starts, keys = packed_keys(units, run, bits, n)
    positions, new = _sorted_runs(keys, starts, len(units))
    del starts, keys
    heads = np.flatnonzero(new)
    first = positions[heads]
    keys = np.zeros(len(heads), dtype=np.uint64)
    for i in range(n):
        keys <<= np.uint64(bits)
        keys |= units[first + i]
    aligned = boundary[positions] & boundary[positions + n]
    return positions, heads, keys, aligned


def _own_documents(heads: np.ndarray, doc: np.ndarray, doc_weights: np.ndarray) -> np.ndarray:
    """Weighted documents of each run of entries (``heads``), the entries' documents ascending within a run:
    the entries that differ from the one before, each weighing its document's weight (1 + its copies)."""
    if not len(doc):
        return np.zeros(0, dtype=np.int64)
    pair = np.empty(len(doc), dtype=bool)
    pair[0] = True
    np.not_equal(doc[1:], doc[:-1], out=pair[1:])
    pair[heads] = True
    if bool((doc_weights == 1).all()):
        return _run_counts(pair, heads)
    weighted = doc_weights[doc]
    weighted *= pair
    return np.add.reduceat(weighted, heads, dtype=np.int64)


def _run_sums(
    heads: np.ndarray,
    size: int,
    sentence: np.ndarray,
    weights: np.ndarray,
    heavy: np.ndarray | None,
    where: np.ndarray | None = None,
) -> np.ndarray:
    """For each run of the ``size`` entries (``heads``: where the runs start): its entries (those ``where``
    is True), each weighing its sentence's occurrences (``weights`` by ``sentence``): the entries counted,
    plus ``weight − 1`` for the ``heavy`` entries (of sentences that occur more than once: few), in 64-bit
    integers (as :func:`~analysis.index_levels._weighted_runs`)."""
    if not len(heads):
        return np.zeros(0, dtype=np.int64)
    sums = np.diff(heads, append=size) if where is None else _run_counts(where, heads)
    if heavy is not None:
        entries = heavy if where is None else heavy[where[heavy]]
        run = np.searchsorted(heads, entries, side="right") - 1
        extra = weights[sentence[entries]] - 1
        sums += np.bincount(run, weights=extra, minlength=len(heads)).astype(np.int64)
    return sums


def _run_counts(flags: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """The flags set in each run of ``flags`` (``heads``: where the runs start), as differences of one
    32-bit running count (``np.add.reduceat`` casting the booleans to 64 bits took 2.7× as long)."""
    counted = np.zeros(len(flags) + 1, dtype=np.int32)
    np.cumsum(flags, dtype=np.int32, out=counted[1:])
    return (counted[np.append(heads[1:], len(flags))] - counted[heads]).astype(np.int64)


def _ranges(begin: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``begin[i], begin[i] + 1, … begin[i] + counts[i] − 1`` for each ``i``, one after the other."""
    total = int(counts.sum())
    shift = np.repeat(begin - (np.cumsum(counts) - counts), counts)
    return shift + np.arange(total, dtype=shift.dtype)
