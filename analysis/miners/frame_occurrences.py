"""Where the candidate frames of :mod:`analysis.miners.frames` occur: clause edges read off the word index.

Kept apart from the frame miner so that each module reads in one sitting; everything here is numpy on
positions of the index's unit stream (:attr:`analysis.index.WordIndex.stream`).

* :func:`clause_layout`: where each clause starts and ends in the stream (a clause runs between punctuation
  marks or sentence edges: a run breaker whose neighbour code is :data:`~analysis.scoring.BOUNDARY`; numbers
  and Latin words stay inside the clause), and where each distinct sentence occurs (report, section type,
  how many times) — read from the original sentences, so counts per section type are exact.
* :func:`~analysis.miners.frame_edges.edge_occurrences` (a module of its own) finds the indexed n-grams
  that open a clause (prefix candidates), close it (suffix candidates) and both (circumfix candidates), each
  with its slot: at least one token between the fixed part and the other edge of the clause; they fill an
  :class:`Occurrences`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.index import WordIndex
from analysis.phrasebank import excerpt
from analysis.records import Sentence
from analysis.scoring import BOUNDARY
from analysis.units import SYMBOLS, DistinctCorpus, sorted_distinct, token_classes

_BOUNDARY_CODE = -(SYMBOLS.index(BOUNDARY) + 1)
#: A key's fixed parts: (tokens of the head n-gram or 0, its row) and the same for the tail.
PACKED_SHIFT = np.int64(1 << 28)  # rows of an n-gram level: fewer than 2^28
#: Fillers are counted over at most this many uses of a frame (in stream order).
FILLER_SAMPLE = 2000


@dataclass(frozen=True, slots=True)
class ClauseLayout:
    """Clauses of the stream and the places (report, section type) of each distinct sentence."""

    vocabulary: list[str]
    stream: np.ndarray
    starts: np.ndarray  #: first position of each clause
    ends: np.ndarray  #: last position of each clause
    sentence: np.ndarray  #: distinct sentence of each clause
    tokens: list[tuple[str, ...]]  #: each distinct sentence's tokens
    place_start: np.ndarray  #: where each distinct sentence's places start (CSR, one more at the end)
    place_doc: np.ndarray  #: report number of each place
    place_section: np.ndarray  #: section type number of each place
    place_count: np.ndarray  #: occurrences of the sentence at that place
    sections: tuple[str, ...]  #: section type names by number
    is_run: np.ndarray  #: per token id: can be part of a word n-gram (:func:`~analysis.units.token_classes`)

    def expand(self, sentence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each entry of ``sentence``: its places (entry index repeated, place index)."""
        first, last = self.place_start[sentence], self.place_start[sentence + 1]
        counts = last - first
        owner = np.repeat(np.arange(len(sentence)), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return owner, np.repeat(first, counts) + offsets

    def doc_freq(self, key: np.ndarray, clause: np.ndarray, m: int) -> np.ndarray:
        """Reports holding each key ``0 … m − 1``, from its occurrences (``key``, ``clause``).

        A clause whose sentence is found in one place only (nearly all of them) gives its report directly
        (one table per clause); only the others are expanded to their sentence's places (three repeats over
        every use were half of this count).  The (key, report) pairs come nearly sorted (by key, then in
        stream order: reports in order but for sentences repeated in later reports, and the expanded ones
        at the end): repeats next to each other are dropped and the rest sorted by a merge sort, which
        finds the sorted runs (0.18 s for numpy's default sort at 30 MB, 0.004 s)."""
        n_docs = int(self.place_doc.max()) + 1 if len(self.place_doc) else 1
        first = self.place_start[:-1]
        only = np.where(
            self.place_start[1:] - first == 1, self.place_doc[np.minimum(first, len(self.place_doc) - 1)], -1
        )
        doc = only[self.sentence][clause]
        single = doc >= 0
        pairs = key[single].astype(np.int64, copy=False)  # (computed in place: a copy per use is 9 million
        pairs *= n_docs  # at 100 MB of text, and this count was the frame miner's peak)
        pairs += doc[single]
        del doc
        if not single.all():
            many = ~single
            owner, place = self.expand(self.sentence[clause[many]])
            pairs = np.concatenate(
                (pairs, key[many][owner].astype(np.int64) * n_docs + self.place_doc[place])
            )
        pairs = pairs[_changes(pairs)]
        pairs.sort(kind="stable")
        pairs = pairs[_changes(pairs)]
        return np.bincount(pairs // n_docs, minlength=m).astype(np.int64)

    def section_clauses(self) -> dict[str, int]:
        """Clauses per section type (a sentence's clauses counted at each of its occurrences)."""
        per_sentence = np.bincount(self.sentence, minlength=len(self.tokens))
        owner, place = self.expand(np.arange(len(self.tokens)))
        sizes = np.bincount(
            self.place_section[place],
            weights=per_sentence[owner] * self.place_count[place],
            minlength=len(self.sections),
        )
        return {name: int(size) for name, size in zip(self.sections, sizes.tolist(), strict=True) if size}

    def section_counts(self, found: Occurrences, key: int) -> dict[str, tuple[int, int, int, int]]:
        """Section type → (uses, reports, distinct sentences, first sentence) of one key: the definition of
        :func:`~analysis.miners.frame_details.section_counts`, which the miner asks for all its frames at
        once."""
        sentence = found.sentence_of(found.rows_of(key))
        owner, place = self.expand(sentence)
        section = self.place_section[place]
        out = {}
        for code in sorted_distinct(section).tolist():
            mine = section == code
            held = sentence[owner[mine]]
            out[self.sections[code]] = (
                int(self.place_count[place[mine]].sum()),
                len(sorted_distinct(self.place_doc[place[mine]])),
                len(sorted_distinct(held)),
                int(held.min()),
            )
        return out

    def example(self, sentence: int, fixed: str) -> str:
        """The distinct sentence ``sentence``, cut to the clauses around ``fixed``."""
        return excerpt("".join(self.tokens[sentence]), fixed)


@dataclass(frozen=True, slots=True)
class SectionCodes:
    """The section type of each sentence given to :func:`~analysis.units.distinct_corpus`, as numbers."""

    codes: np.ndarray  #: per sentence: its section type's number
    names: tuple[str, ...]  #: section type names by number

    @classmethod
    def of(cls, sentences: Sequence[Sentence]) -> SectionCodes:
        numbers: dict[str, int] = {}
        codes = np.fromiter(
            (numbers.setdefault(s.section_type, len(numbers)) for s in sentences),
            dtype=np.int32,
            count=len(sentences),
        )
        return cls(codes, tuple(numbers))


def clause_layout(index: WordIndex, distinct: DistinctCorpus, sections: SectionCodes) -> ClauseLayout:
    """Clauses of ``index``'s stream (built from ``distinct``) and the places (report, section type) of its
    distinct sentences, from ``distinct``'s sentence ids and documents and the sentences' ``sections``."""
    stream = np.asarray(index.stream)
    is_run, _, left, right = token_classes(index.vocabulary)
    breaks = ~is_run & (left == _BOUNDARY_CODE) & (right == _BOUNDARY_CODE)
    breaks[0] = True  # the separator between sentences
    cut = breaks[stream]
    starts = np.flatnonzero(~cut[1:] & cut[:-1]) + 1
    ends = np.flatnonzero(~cut[:-1] & cut[1:])
    # each clause's sentence: sentence k holds the clauses that start between separators k and k + 1 (a
    # search of the 0.7 M separators among the clause starts, not a running count over the whole stream)
    separators = np.flatnonzero(stream == 0)
    sentence_of_start = np.repeat(
        np.arange(len(separators)), np.diff(np.searchsorted(starts, separators), append=len(starts))
    )
    n_docs, n_sections = max(1, distinct.n_docs), max(1, len(sections.names))
    packed = (distinct.sentence_ids.astype(np.int64) * n_docs + distinct.sentence_docs) * n_sections
    places, counts = _counted(packed + sections.codes)
    place_sid = places // (n_docs * n_sections)
    place_start = np.concatenate(([0], np.cumsum(np.bincount(place_sid, minlength=len(distinct.tokens)))))
    return ClauseLayout(
        index.vocabulary,
        stream,
        starts,
        ends,
        sentence_of_start,
        distinct.tokens,
        place_start,
        (places // n_sections) % n_docs,
        places % n_sections,
        counts,
        sections.names,
        is_run,
    )


def _changes(*columns: np.ndarray) -> np.ndarray:
    """Where a row of ``columns`` differs from the row before it (the first row always)."""
    n = len(columns[0])
    if not n:
        return np.zeros(0, dtype=bool)
    out = np.zeros(n, dtype=bool)
    out[0] = True
    for column in columns:
        out[1:] |= column[1:] != column[:-1]
    return out


def _counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, sorted, and how often each occurs (``np.unique(return_counts=True)`` by a
    sort: numpy 2.3+ hashes there, far slower on these keys)."""
    ordered = np.sort(values, kind="stable")  # (sentences come nearly in order: a merge sort finds the runs)
    if not len(ordered):
        return ordered, ordered
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


@dataclass(frozen=True, slots=True)
class Occurrences:
    """Uses of the candidate frames, one entry per use, sorted by key (dense ids ``0 … n_keys − 1``)."""

    key: np.ndarray  #: per use: its key (int32 when the keys and clauses fit: multiply in 64 bits)
    clause: np.ndarray  #: per use: its clause number (the same type)
    weight: np.ndarray  #: occurrences of that sentence
    slot_token: np.ndarray  #: the slot's token next to the fixed part
    head: np.ndarray  #: per key: packed (n, row) of the opening n-gram, 0 for none
    tail: np.ndarray  #: per key: the same for the closing n-gram
    key_start: np.ndarray  #: per key: where its entries start (one more at the end)
    index: WordIndex
    suffix_side: np.ndarray  #: per key: True when the slot opens the clause (suffix frames)
    clause_start: np.ndarray  #: per clause: its first position (:attr:`ClauseLayout.starts`)
    clause_end: np.ndarray  #: per clause: its last position
    clause_sentence: np.ndarray  #: per clause: its distinct sentence (:attr:`ClauseLayout.sentence`)
    #: packed n-gram → its tokens, filled as they are read (a fixed part is shared by many keys)
    grams: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_keys(self) -> int:
        return len(self.head)

    def rows_of(self, key: int) -> slice:
        return slice(int(self.key_start[key]), int(self.key_start[key + 1]))

    def uses_of(self, keys: np.ndarray) -> np.ndarray:
        """The entries of ``keys`` (ascending keys: entries ascending), one after the other."""
        first = self.key_start[keys]
        sizes = self.key_start[keys + 1] - first
        return np.repeat(first - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()))

    def sentence_of(self, uses: np.ndarray | slice) -> np.ndarray:
        """The distinct sentence of each of the entries ``uses`` (read on demand: the miner reads those of
        its 300 frames only; the reports are counted by clause, :meth:`ClauseLayout.doc_freq`)."""
        return self.clause_sentence[self.clause[uses]]

    def slot_bounds(self, uses: np.ndarray | slice) -> tuple[np.ndarray, np.ndarray]:
        """The slot of each of the entries ``uses``: its first position and one after its last (the clause
        less its fixed parts).  Read for the uses that need them only: all of them at once cost two
        gathers over every use (3.8 million at 30 MB) that most of the miner never reads."""
        key, clause = self.key[uses], self.clause[uses]
        start = self.clause_start[clause] + self.head[key] // PACKED_SHIFT
        return start, self.clause_end[clause] + 1 - self.tail[key] // PACKED_SHIFT

    def _gram(self, packed: int) -> tuple[str, ...]:
        if not packed:
            return ()
        tokens = self.grams.get(packed)
        if tokens is None:
            n, row = divmod(packed, int(PACKED_SHIFT))
            vocabulary = self.index.vocabulary
            tokens = self.grams[packed] = tuple(vocabulary[t] for t in self.index.parts(n)[row - 1].tolist())
        return tokens

    def fixed_tokens(self, key: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The tokens of the opening and the closing fixed part (either may be empty)."""
        return self._gram(int(self.head[key])), self._gram(int(self.tail[key]))

    def fixed_token_ids(self, keys: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
        """The token ids of the opening and the closing fixed part of ``keys`` (parts of at most ``width``
        tokens): two ``(len(keys), width)`` arrays, each row left-aligned, -1 after its last token."""
        out = []
        for packed in (self.head[keys], self.tail[keys]):
            n, row = packed // PACKED_SHIFT, packed % PACKED_SHIFT - 1
            ids = np.full((len(keys), width), -1, dtype=np.int64)
            for size in sorted_distinct(n[n > 0]).tolist():
                at = np.flatnonzero(n == size)
                ids[at, :size] = self.index.parts(size)[row[at]]
            out.append(ids)
        return out[0], out[1]

    def part_freq(self) -> tuple[np.ndarray, np.ndarray]:
        """Per key: the index frequency of its opening and of its closing n-gram (0 for none), wherever
        they occur (at a clause edge or inside a clause)."""
        out = []
        for packed in (self.head, self.tail):
            n, row = packed // PACKED_SHIFT, packed % PACKED_SHIFT - 1
            freq = np.zeros(len(packed), np.int64)
            for size in sorted_distinct(n[n > 0]).tolist():
                at = n == size
                freq[at] = self.index.freq_of(size)[row[at]]
            out.append(freq)
        return out[0], out[1]

    def tail_followed_by(self, keys: np.ndarray, wanted: np.ndarray, is_run: np.ndarray) -> np.ndarray:
        """Per key of ``keys`` (each with a closing n-gram of its own: suffix frames): the weighted share
        of that n-gram's uses anywhere in the corpus whose right neighbour is a token marked in ``wanted``
        (a boolean per vocabulary entry; only tokens of runs, ``is_run``, count: punctuation and symbols
        never do).

        The uses are found with a boolean per n-gram row read at every position of the stream (what
        :meth:`~analysis.index.WordIndex.neighbour_occurrences` gives, in the same order, without its
        arrays of every n-gram position: 0.09 → 0.05 s CPU at 30 MB)."""
        size, row = self.tail[keys] // PACKED_SHIFT, self.tail[keys] % PACKED_SHIFT - 1
        out = np.zeros(len(keys))
        stream, hits = self.index.stream, wanted & is_run
        for n in sorted_distinct(size).tolist():
            at = np.flatnonzero(size == n)
            chosen = np.full(len(self.index.freq_of(n)) + 1, -1, dtype=np.int64)  # (last: row -1, none)
            chosen[row[at]] = np.arange(len(at))
            rows = self.index.rows_at(n)
            positions = np.flatnonzero((chosen >= 0)[rows])
            owner = chosen[rows[positions]]
            weight = self.index.weights_at(positions)
            hit = hits[stream[positions + n]]
            total = np.bincount(owner, weights=weight, minlength=len(at))
            out[at] = np.bincount(owner, weights=weight * hit, minlength=len(at)) / np.maximum(1, total)
        return out

    def fixed_parts_of(self, keys: Sequence[int]) -> list[tuple[str, str]]:
        """:meth:`fixed_parts` of each of ``keys``, each distinct part joined once (the token ids of the
        parts of one size read by one numpy gather: 30,000 keys at 30 MB)."""
        chosen = np.asarray(keys, dtype=np.int64)
        sides = []
        vocabulary = self.index.vocabulary
        for packed in (self.head[chosen], self.tail[chosen]):
            distinct = sorted_distinct(packed)
            texts = [""] * len(distinct)
            n, row = distinct // PACKED_SHIFT, distinct % PACKED_SHIFT - 1
            for size in sorted_distinct(n[n > 0]).tolist():
                at = np.flatnonzero(n == size)
                for i, ids in zip(at.tolist(), self.index.parts(size)[row[at]].tolist(), strict=True):
                    texts[i] = "".join([vocabulary[t] for t in ids])
            sides.append([texts[i] for i in np.searchsorted(distinct, packed).tolist()])
        return list(zip(*sides, strict=True))

    def fixed_parts(self, key: int) -> tuple[str, str]:
        return "".join(self._gram(int(self.head[key]))), "".join(self._gram(int(self.tail[key])))

    def top_fillers(self, key: int, k: int, max_chars: int) -> tuple[str, ...]:
        """The ``k`` most frequent slots among the first :data:`FILLER_SAMPLE` uses (ties: first seen), each
        cut to ``max_chars`` characters on the side away from the fixed part: the definition of
        :func:`~analysis.miners.frame_details.top_fillers`, which the miner asks for all its frames at
        once."""
        rows = self.rows_of(key)
        vocabulary, stream = self.index.vocabulary, self.index.stream
        counts: Counter[str] = Counter()
        suffix = bool(self.suffix_side[key])
        slot_start, slot_end = self.slot_bounds(rows)
        for a, b, w in zip(
            slot_start[:FILLER_SAMPLE].tolist(),
            slot_end[:FILLER_SAMPLE].tolist(),
            self.weight[rows][:FILLER_SAMPLE].tolist(),
            strict=True,
        ):
            counts[_cut([vocabulary[t] for t in stream[a:b].tolist()], max_chars, suffix)] += w
        return tuple(text for text, _ in counts.most_common(k))


def _cut(tokens: list[str], max_chars: int, from_end: bool) -> str:
    """The tokens joined, cut at a token boundary to at most ``max_chars`` characters (at least one token),
    keeping the start (or with ``from_end`` the end)."""
    ordered = tokens[::-1] if from_end else tokens
    kept, size = [], 0
    for token in ordered:
        if kept and size + len(token) > max_chars:
            break
        kept.append(token)
        size += len(token)
    return "".join(kept[::-1] if from_end else kept)
