"""One index of the corpus's n-grams, built once with numpy, that the miners query.

Why: each miner used to rescan the sentences with Python dictionaries, one update per window; on 100 MB of
distinct text that was hundreds of millions of updates and ~100 bytes of dictionary per character.  Here the
sentences become arrays of unit ids once (:mod:`analysis.units`: words, or characters) and n-grams are
counted by sorting packed integer keys.

Building (:meth:`WordIndex.build`)
----------------------------------
* Exact copies of a report count once with a weight, identical sentences are windowed once with a weight
  (:func:`analysis.units.distinct_corpus`): counts equal a sentence-by-sentence pass.
* Level by level (Apriori): an n-gram can occur ``k`` times only if its first ``n − 1`` units do, so the
  keys of level ``n`` are ``rank(prefix) × V + unit`` over the positions whose prefix survived
  ``min_count`` (``V`` units; the keys fit 64 bits for any corpus).  One stable sort per level gives each
  key its weighted frequency, its first occurrence and its distinct (n-gram, sentence) pairs; keys below
  ``min_count`` are dropped at once, so memory is bounded by the frequent n-grams, not by the text.
  N-grams longer than ``max_chars`` characters are not counted.  Level ``n``'s windows (a frequent prefix
  at ``p``, a frequent suffix at ``p + 1``) are sorted as 64-bit composites (first unit's rank, suffix's
  rank, position) (:func:`~analysis.index_levels.extended_level`).  The character level is counted block by
  block of whole documents and merged by key (:mod:`analysis.index_chars`): no per-position array is kept
  but the 16-bit stream, the occurrences of the n-grams asked for are found by scanning it again
  (:mod:`analysis.char_windows`).
* Document frequency: the distinct (n-gram, document) pairs summed with the documents' weights (1 + copies)
  (:mod:`analysis.index_documents`).
* Neighbours are read at the positions of the n-grams asked for (:meth:`WordIndex.neighbours_of_rows`): the
  unit before / after, or at a run edge a class symbol (``#`` number, ``A`` Latin, ``□``) or
  :data:`~analysis.scoring.BOUNDARY` (punctuation, sentence edge).

Every figure (frequency, document frequency, one-unit windows, neighbours, token-aligned occurrences of
character n-grams) is exact for every n-gram of at least ``min_count`` occurrences (``tests/test_index.py``
checks them against a naive sentence-by-sentence count).  Measured on 10 MB of distinct text (2 vCPU):
terms 11.9 s → 2.1 s, four-character idioms 4.6 s → 4.2 s, identical rows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import numpy as np

from analysis.char_windows import CharWindows
from analysis.index_chars import char_level_of
from analysis.index_documents import document_codes
from analysis.index_levels import Layout, Level
from analysis.index_neighbours import grouped_neighbours, rows_of
from analysis.index_one_sort import one_sort_levels
from analysis.index_shards import ShardMap, map_here, sharded_levels
from analysis.records import Sentence
from analysis.units import (
    DistinctCorpus,
    WordGram,
    char_stream,
    distinct_corpus,
    token_classes,
    token_stream,
)


class WordIndex:
    """Frequent word n-grams of a corpus with their counts and where they occur (see the module docstring).

    Query with :meth:`grams` (the n-grams with counts, as token tuples), :meth:`neighbour_counts` and the
    attributes ``total_unigrams`` (one-token windows inside runs, weighted), ``n_docs``, ``n_sentences``.
    """

    def __init__(
        self,
        vocabulary: list[str],
        stream: np.ndarray,
        position_weights: np.ndarray | None,
        levels: dict[int, Level],
        left_code: np.ndarray,
        right_code: np.ndarray,
        total_unigrams: int,
        n_docs: int,
        n_sentences: int,
        boundary: np.ndarray | None = None,
        unit_chars: np.ndarray | None = None,
        *,
        windows: dict[int, CharWindows] | None = None,
        aligned: dict[int, np.ndarray] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self._stream = stream
        self._weights = position_weights  # (None: the ``windows`` of levels counted by blocks, ``at`` None,
        self._windows, self._aligned = windows, aligned  # find occurrences and weights when asked)
        self._levels = levels
        self._left_code = left_code
        self._right_code = right_code
        self.total_unigrams = total_unigrams
        self.n_docs = n_docs
        self.n_sentences = n_sentences
        self._freq: dict[WordGram, int] | None = None
        self._boundary = boundary  # character index: True where a token starts (and at separators)
        self._doc_freq: dict[WordGram, int] | None = None
        self._unit_chars = unit_chars  # characters of each unit id

    @classmethod
    def build(
        cls,
        sentences: Iterable[Sentence] | DistinctCorpus,
        *,
        min_count: int = 1,
        max_n: int = 4,
        max_chars: int = 12,
        characters: bool = False,
        shards: int = 1,
        map_shards: ShardMap | None = None,
    ) -> WordIndex:
        """Index the word n-grams of 1–``max_n`` tokens and at most ``max_chars`` characters that occur at
        least ``min_count`` times.  Sentences of one document must be contiguous; ``sentences`` may also be
        their :func:`~analysis.units.distinct_corpus` (what a worker process is sent: token tuples only).

        ``characters=True`` indexes the character n-grams of exactly ``max_n`` characters instead (runs of CJK
        characters), and keeps where tokens start, for :meth:`aligned_of`.  Their keys are the ``max_n``
        character ids packed into one 64-bit integer, counted in one sort (no shorter levels: the idiom
        miner reads four-character n-grams only); where they do not fit (more than 65,535 distinct
        characters for ``max_n = 4``) the levels are built as for words.

        ``shards > 1`` or ``map_shards`` (an executor's ``map``): the levels are counted in that many shards
        of the stream and merged by key (:mod:`analysis.index_shards`); the index is the same.
        """
        if min_count < 1 or max_n < 1 or max_chars < 1:
            raise ValueError(f"min_count={min_count}, max_n={max_n}, max_chars={max_chars}: need >= 1")
        if shards < 1:
            raise ValueError(f"shards={shards}: need >= 1")
        if isinstance(sentences, DistinctCorpus):  # reduced already (e.g. in the process that sent it)
            distinct = sentences
        else:
            distinct = distinct_corpus(sentences if isinstance(sentences, Sequence) else list(sentences))
        boundary: np.ndarray | None = None
        if characters and shards == 1 and map_shards is None:
            counted = char_level_of(distinct, max_n, min_count)
            if counted is not None:
                is_run, chars, left_code, right_code = token_classes(counted.vocabulary)
                return cls(
                    counted.vocabulary,
                    counted.stream,
                    None,
                    {max_n: counted.level},
                    left_code,
                    right_code,
                    counted.total_unigrams,
                    distinct.n_docs,
                    distinct.n_sentences,
                    None,
                    chars,
                    windows={max_n: counted.windows},
                    aligned={max_n: counted.aligned},
                )
        if characters:
            vocabulary, stream, sentence_of, boundary = char_stream(distinct.tokens)
            max_chars = max_n
        else:
            vocabulary, stream, sentence_of = token_stream(distinct.tokens)
        is_run, chars, left_code, right_code = token_classes(vocabulary)
        sentence_weights = distinct.weights if len(distinct.weights) else np.zeros(1, dtype=np.int64)
        # (the leading separator takes sentence 0's; 32 bits: a sentence occurs fewer than 2^31 times)
        position_weights = sentence_weights.astype(np.int32)[sentence_of]
        stream_run = is_run[stream]
        total_unigrams = int(np.sum(position_weights, where=stream_run, dtype=np.int64))  # (no copy)
        sharded = (shards > 1 or map_shards is not None) and bool(distinct.tokens)
        layout = Layout(
            stream,
            is_run,
            None if characters else chars,
            position_weights,
            sentence_of,
            distinct,
            None if sharded else document_codes(sentence_of, distinct),
        )
        if sharded:
            levels = sharded_levels(
                layout,
                max_n=max_n,
                max_chars=max_chars,
                min_count=min_count,
                characters=characters,
                shards=max(1, shards),
                map_shards=map_shards or map_here,
            )
        else:
            levels = one_sort_levels(
                layout, max_n=max_n, max_chars=max_chars, min_count=min_count, characters=characters
            )
        return cls(
            vocabulary,
            stream,
            position_weights,
            levels,
            left_code,
            right_code,
            total_unigrams,
            distinct.n_docs,
            distinct.n_sentences,
            boundary,
            chars,
        )

    def shortened(self, max_n: int) -> WordIndex:
        """The same index without its levels of more than ``max_n`` units (the others' arrays shared): what
        a reader of the shorter n-grams holds once the longer ones are read no more (the frames after the
        terms: at 100 MB of text two per-position tables of 72 MB each let go before the word task's peak)."""
        return WordIndex(
            self.vocabulary,
            self._stream,
            self._weights,
            {n: level for n, level in self._levels.items() if n <= max_n},
            self._left_code,
            self._right_code,
            self.total_unigrams,
            self.n_docs,
            self.n_sentences,
            self._boundary,
            self._unit_chars,
            windows=None if self._windows is None else {n: w for n, w in self._windows.items() if n <= max_n},
            aligned=None if self._aligned is None else {n: a for n, a in self._aligned.items() if n <= max_n},
        )

    @property
    def freq(self) -> dict[WordGram, int]:
        """N-gram → occurrences, for every indexed n-gram (built on first use)."""
        if self._freq is None:
            self._tables()
        return self._freq  # type: ignore[return-value]

    @property
    def doc_freq(self) -> dict[WordGram, int]:
        """N-gram → documents it occurs in (copies of a document count), for every indexed n-gram."""
        if self._doc_freq is None:
            self._tables()
        return self._doc_freq  # type: ignore[return-value]

    def _tables(self) -> None:
        freq: dict[WordGram, int] = {}
        doc_freq: dict[WordGram, int] = {}
        for gram, f, d in self.grams():
            freq[gram] = f
            doc_freq[gram] = d
        self._freq, self._doc_freq = freq, doc_freq

    def grams(self) -> Iterable[tuple[WordGram, int, int]]:
        """``(gram, freq, doc_freq)`` of every indexed n-gram, by length, then by key."""
        vocabulary = self.vocabulary
        for level in self._levels.values():
            for row, f, d in zip(
                level.parts.tolist(), level.freq.tolist(), level.doc_freq.tolist(), strict=True
            ):
                yield tuple([vocabulary[t] for t in row]), f, d

    def lengths(self) -> list[int]:
        """The n-gram lengths indexed (1, 2, … up to ``max_n``, fewer when no longer n-gram is frequent)."""
        return [n for n, level in self._levels.items() if len(level.freq)]

    def parts(self, n: int) -> np.ndarray:
        """``(m, n)`` token ids of the frequent n-grams of ``n`` tokens (rows: the n-grams' ids)."""
        return self._levels[n].parts

    def freq_of(self, n: int) -> np.ndarray:
        """Occurrences of each n-gram of ``n`` tokens (by row)."""
        return self._levels[n].freq

    def doc_freq_of(self, n: int) -> np.ndarray:
        """Documents holding each n-gram of ``n`` tokens (by row; copies of a document count)."""
        return self._levels[n].doc_freq

    def chars_of(self, n: int) -> np.ndarray:
        """Characters of each n-gram of ``n`` units (by row)."""
        if self._unit_chars is None:
            raise ValueError("chars_of needs an index made by WordIndex.build")
        return self._unit_chars[self._levels[n].parts].sum(axis=1)

    def aligned_of(self, n: int) -> np.ndarray:
        """Character index: occurrences of each n-gram of ``n`` characters that start and end on token
        boundaries (by row)."""
        if self._aligned is not None:
            return self._aligned[n].copy()
        if self._boundary is None or self._weights is None:
            raise ValueError("aligned_of needs an index built with characters=True")
        level, boundary = self._levels[n], self._boundary
        # masks over aligned slices rather than gathers at the occurrences' positions (0.5–1.2 → 0.13–0.18 s
        # at 100 MB); an occurrence ends inside the stream, so the slices cover every one of them
        m = min(len(level.at), len(boundary) - n)
        hit = level.at[:m] >= 0
        hit &= boundary[:m]
        hit &= boundary[n : n + m]
        return np.bincount(
            level.at[:m][hit], weights=self._weights[:m][hit], minlength=len(level.freq)
        ).astype(np.int64)

    def strings(self, n: int, rows: np.ndarray) -> list[str]:
        """The n-grams ``rows`` of length ``n`` as strings (their units joined)."""
        vocabulary = self.vocabulary
        return ["".join([vocabulary[t] for t in row]) for row in self._levels[n].parts[rows].tolist()]

    def sub_freq(self, n: int, rows: np.ndarray, start: int, size: int) -> np.ndarray:
        """Occurrences of the sub-n-gram ``gram[start:start + size]`` of each n-gram ``rows`` of length ``n``.

        Read where the n-gram first occurs: its sub-n-grams occur at least as often, so they are indexed.
        """
        if not (start >= 0 and size >= 1 and start + size <= n):
            raise ValueError(f"start={start}, size={size}: not inside an n-gram of {n} tokens")
        positions = self._levels[n].first[rows] + start
        return self._levels[size].freq[self.rows_at(size)[positions]]

    def neighbours_of_rows(self, n: int, rows: np.ndarray, side: str) -> list[dict[str, int]]:
        """Left or right neighbours of the n-grams ``rows`` of length ``n``: for each, token → count, with
        :data:`~analysis.scoring.BOUNDARY` last for occurrences at punctuation or a sentence edge."""
        owner, neighbour, weights = self.neighbour_occurrences(n, rows, side)
        return grouped_neighbours(len(rows), owner, neighbour, weights, self.vocabulary)

    def neighbour_occurrences(
        self, n: int, rows: np.ndarray, side: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every occurrence of the n-grams ``rows`` of length ``n`` with its left or right neighbour, as
        arrays: the n-gram's place in ``rows``, the neighbour (token id, or ``-(i + 1)`` for ``SYMBOLS[i]``:
        the boundary at punctuation or a sentence edge, a number …) and the occurrences of the sentence (its
        copies).  In stream order: what :meth:`neighbours_of_rows` groups, for callers counting with numpy."""
        if side not in ("left", "right"):
            raise ValueError(f"side={side!r}: use 'left' or 'right'")
        owner, positions = self._occurrences(n, rows)
        return owner, self._neighbour(positions, n, side), self.weights_at(positions)

    def both_neighbour_occurrences(
        self, n: int, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`neighbour_occurrences` of both sides at once: the n-gram's place in ``rows``, the left
        neighbour, the right neighbour, the occurrences of the sentence and the position in :attr:`stream`
        (found once for both sides)."""
        owner, positions = self._occurrences(n, rows)
        left, right = (self._neighbour(positions, n, side) for side in ("left", "right"))
        return owner, left, right, self.weights_at(positions), positions

    def _occurrences(self, n: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every stream position of the n-grams ``rows`` of length ``n``, and the n-gram's place in ``rows``
        there."""
        level = self._levels[n]
        if self._windows is not None:
            return self._windows[n].of_rows(rows)
        chosen = np.full(len(level.freq) + 1, -1, dtype=np.int32)  # the last entry answers at = -1
        chosen[rows] = np.arange(len(rows), dtype=np.int32)
        owner = chosen[level.at]
        positions = np.flatnonzero(owner >= 0)
        return owner[positions].astype(np.int64), positions

    @property
    def stream(self) -> np.ndarray:
        """The unit ids of the distinct sentences, one after the other, with the separator (id 0) before,
        between and after them (read-only: the positions the ``rows_at`` arrays refer to)."""
        view = self._stream.view()
        view.flags.writeable = False
        return view

    def rows_at(self, n: int) -> np.ndarray:
        """For every position of :attr:`stream`: the row of the indexed n-gram of ``n`` units starting there,
        or -1 (read-only)."""
        at = self._levels[n].at
        view = (self._windows[n].at() if at is None else at).view()  # type: ignore[index]
        view.flags.writeable = False
        return view

    def weights_at(self, positions: np.ndarray) -> np.ndarray:
        """Occurrences of the sentence holding each of ``positions`` (its copies included)."""
        if self._weights is None:
            return next(iter(self._windows.values())).weights_at(positions)  # type: ignore[union-attr]
        return self._weights[positions]

    def neighbour_counts(self, side: str, grams: Collection[WordGram]) -> dict[WordGram, dict[str, int]]:
        """Left or right neighbours of each of ``grams`` (indexed ones; others are left out): token → count,
        with :data:`~analysis.scoring.BOUNDARY` last for occurrences at punctuation or a sentence edge."""
        if side not in ("left", "right"):
            raise ValueError(f"side={side!r}: use 'left' or 'right'")
        lookup = {word: i for i, word in enumerate(self.vocabulary)}
        out: dict[WordGram, dict[str, int]] = {}
        by_length: dict[int, list[WordGram]] = {}
        for gram in grams:
            by_length.setdefault(len(gram), []).append(gram)
        for n, wanted in sorted(by_length.items()):
            level = self._levels.get(n)
            if level is None or not len(level.freq):
                continue
            rows = rows_of(level, [[lookup.get(t, -1) for t in gram] for gram in wanted])
            known = np.flatnonzero(rows >= 0)
            buckets = self.neighbours_of_rows(n, rows[known], side)
            out.update(
                (wanted[i], bucket) for i, bucket in zip(known.tolist(), buckets, strict=True) if bucket
            )
        return out

    def _neighbour(self, positions: np.ndarray, n: int, side: str) -> np.ndarray:
        """Token id of the neighbour at each occurrence, or a negative class-symbol code at a run edge."""
        stream = self._stream
        if side == "left":
            before = stream[positions - 1]  # position 0 is the leading separator, never an n-gram start
            return np.where(self._left_code[before] == 0, before, self._left_code[before])
        after = stream[positions + n]
        return np.where(self._right_code[after] == 0, after, self._right_code[after])
