"""Counting word and character n-grams of sentences: the miners' hot path.

Counting is separate from filtering, scoring and ranking (those live in :mod:`analysis.terms`).  The
counters make one pass over the sentences and keep only flat :class:`collections.Counter` tables:

* word n-grams are tuples of jieba tokens; they never cross a sentence and never contain a token without a
  CJK character (punctuation, whitespace, digits, Latin, the placeholder ``□``): the token stream is first
  split into *runs* of CJK-containing tokens and n-grams are taken inside runs;
* character n-grams are taken inside runs of CJK characters of the sentence text.

Neighbours are not counted separately: the left neighbours of an n-gram ``g`` are exactly the first
elements of the (n+1)-grams ``(w, *g)`` inside runs, and each occurrence of ``g`` that has no such
extension stands at a run edge, i.e. has the neighbour :data:`~analysis.scoring.BOUNDARY`.  So the counters
also count the one-longer *context* n-grams, and :meth:`NgramCounts.neighbours` derives the left/right
neighbour Counters of any n-gram from them (``boundary = freq(g) - Σ_w freq(w g)``).  This costs one dict
update per context n-gram instead of two per n-gram (one per side) and halves the counting time.

Not every run edge is a boundary: a run cut by a number, a Latin word or the placeholder gets a shared
class neighbour (:data:`EDGE_DIGIT` ``"#"``, :data:`EDGE_LATIN` ``"A"``, ``"□"``), counted in small
``left_edges``/``right_edges`` tables, so that ``个百分点`` (always after a number) is not mistaken for a
free-standing unit.  Only punctuation, whitespace and the sentence edge give the per-occurrence boundary.

Memory bound (gensim ``Phrases``' ``min_reduce`` idea): with ``prune_below=k`` the tables are pruned of
entries seen fewer than ``k`` times whenever the frequency table grows beyond ``prune_at`` entries, and once
more at the end.  Counts of n-grams pruned early that came back later are then lower bounds, and boundary
counts of the survivors are over-estimated by the pruned extensions; without pruning all counts are exact.

Implementation: without pruning, :func:`count_word_ngrams` and :func:`count_char_ngrams` count with numpy
(integer ids per n-gram, ``np.unique``; see the comment above :func:`_first_counts`) and return subclasses of
:class:`NgramCounts`/:class:`CharNgramCounts` whose Counters (same keys, values and key order as the
streaming counters ``_count_word_ngrams_python``/``_count_char_ngrams_python``, except ``doc_freq``, which
was in hash order and now follows ``freq``) are built on first access.  The scorers read
:meth:`NgramCounts.frequent` and :meth:`NgramCounts.neighbour_counts` for their candidates instead, which
touch only the n-grams asked for.  With ``prune_below`` the streaming counters run (pruning depends on the
order of the updates).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from analysis.records import PLACEHOLDER, Sentence
from analysis.scoring import BOUNDARY

logger = logging.getLogger(__name__)

#: CJK unified ideographs (basic block, extension A, compatibility ideographs).
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK_CLASS}]")
_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")

WordGram = tuple[str, ...]

#: Shared neighbour of a run edge next to a number (ASCII or full-width digits, ○/〇 as zero, %).
EDGE_DIGIT = "#"
#: Shared neighbour of a run edge next to a non-CJK letter (Latin, Greek …).
EDGE_LATIN = "A"
_DIGIT_LIKE = frozenset("○〇%％‰")


def edge_symbol(char: str) -> str:
    """Neighbour recorded for a run edge next to ``char``: a class symbol, or BOUNDARY for punctuation."""
    if char.isdigit() or char in _DIGIT_LIKE:
        return EDGE_DIGIT
    if char == PLACEHOLDER:
        return PLACEHOLDER
    if char.isalpha():
        return EDGE_LATIN
    return BOUNDARY


def is_run_token(token: str) -> bool:
    """True for a token that can be part of a word n-gram: it holds a CJK character and no placeholder."""
    return _CJK_CHAR.search(token) is not None and PLACEHOLDER not in token


def token_runs(tokens: Iterable[str]) -> list[tuple[str, ...]]:
    """Split a token stream into maximal runs of :func:`is_run_token` tokens."""
    runs: list[tuple[str, ...]] = []
    current: list[str] = []
    for token in tokens:
        if is_run_token(token):
            current.append(token)
        elif current:
            runs.append(tuple(current))
            current = []
    if current:
        runs.append(tuple(current))
    return runs


def cjk_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the maximal runs of CJK characters of ``text``."""
    return [m.span() for m in _CJK_RUN.finditer(text)]


class _DocTracker:
    """Document frequency: a set of the current document's n-grams, flushed into a Counter on doc change.

    Requires the sentences of one document to be contiguous (as the segmenter yields them).
    """

    __slots__ = ("current", "doc_freq", "finished", "seen")

    def __init__(self) -> None:
        self.doc_freq: Counter = Counter()
        self.current: str | None = None
        self.seen: set = set()
        self.finished: set[str] = set()

    def switch(self, doc_id: str) -> set:
        if doc_id != self.current:
            self.flush()
            if doc_id in self.finished:
                raise ValueError(
                    f"sentences of document {doc_id!r} are not contiguous: group the sentences by doc_id "
                    "(in document order) before counting"
                )
            self.current = doc_id
        return self.seen

    def flush(self) -> None:
        if self.current is not None:
            self.doc_freq.update(self.seen)
            self.finished.add(self.current)
            self.seen = set()
            self.current = None


def _with_doc_order(sentences: Iterable[Sentence], tracker: _DocTracker) -> Iterator[tuple[Sentence, set]]:
    for sentence in sentences:
        yield sentence, tracker.switch(sentence.doc_id)


def _derive_neighbours(
    freq: Counter,
    tables: Iterable[Mapping[Hashable, int]],
    grams: Collection[Hashable] | None,
    side: str,
) -> dict:
    """Group extension counts ``(w g) → c`` into ``g → {w: c}`` and add the boundary remainder.

    ``tables`` hold the extensions (one element longer than ``g``: the first element is the left neighbour,
    the last the right one); only ``g`` in ``freq`` (and in ``grams`` when given) are kept.  Why this shape:
    the tables hold millions of keys and few extend a wanted ``g``, so the filter runs as a comprehension
    (one slice and one set lookup per key) and only the matches reach the grouping loop.
    """
    wanted = freq if grams is None else {g for g in grams if g in freq}
    if side == "left":
        matches = [(key[1:], key[0], c) for t in tables for key, c in t.items() if key[1:] in wanted]
    else:
        matches = [(key[:-1], key[-1], c) for t in tables for key, c in t.items() if key[:-1] in wanted]
    return _group_neighbours(matches, freq, freq if grams is None else grams)


def _group_neighbours(
    matches: Iterable[tuple[Hashable, str, int]], freq: Mapping[Hashable, int], grams: Iterable[Hashable]
) -> dict:
    """The grouping half of :func:`_derive_neighbours`: ``(g, w, c)`` matches → ``g → {w: c}`` + boundary."""
    out: dict = {}
    for gram, neighbour, count in matches:
        bucket = out.get(gram)
        if bucket is None:
            out[gram] = {neighbour: count}
        else:
            bucket[neighbour] = bucket.get(neighbour, 0) + count
    for gram in grams:
        total = freq.get(gram, 0)
        if total == 0:
            continue
        bucket = out.get(gram)
        if bucket is None:
            bucket = out[gram] = {}
        rest = total - sum(bucket.values())
        if rest > 0:
            bucket[BOUNDARY] = bucket.get(BOUNDARY, 0) + rest
    return out


@dataclass(slots=True)
class NgramCounts:
    """Word n-gram counts of a corpus (tuples of tokens as keys).

    ``freq`` holds every n-gram of ``n_range`` tokens and at most ``max_chars`` characters; ``doc_freq`` and
    ``section_freq`` those of them with at least ``min_chars`` characters.  ``context`` holds the one-token
    extensions of ``freq``'s n-grams that are not in ``freq`` themselves (too long in tokens or characters);
    use :meth:`neighbours` rather than reading it.
    """

    freq: Counter  #: n-gram → occurrences
    doc_freq: Counter  #: n-gram → documents it occurs in
    context: Counter  #: extension n-grams (not in ``freq``) → occurrences
    totals: dict[int, int]  #: n → number of n-token windows inside runs (before the character limits)
    left_edges: Counter  #: ``(symbol,) + gram`` → occurrences at a run start cut by a number/letter/□
    right_edges: Counter  #: ``gram + (symbol,)`` → occurrences at a run end cut by a number/letter/□
    n_range: tuple[int, int] = (1, 4)
    section_freq: dict[str, Counter] = field(default_factory=dict)  #: section type → n-gram → occurrences
    n_docs: int = 0
    n_sentences: int = 0

    def neighbours(self, side: str, grams: Collection[WordGram] | None = None) -> dict[WordGram, Counter]:
        """Left or right neighbour Counters per n-gram of ``freq`` (only of ``grams`` when given).

        A neighbour is a token; occurrences at a run edge count under :data:`~analysis.scoring.BOUNDARY`.
        N-grams of ``n_range[1]`` tokens whose extensions were cut by ``max_chars`` are also complete:
        the extensions are kept in ``context``.
        """
        return {gram: Counter(bucket) for gram, bucket in self.neighbour_counts(side, grams).items()}

    def neighbour_counts(
        self, side: str, grams: Collection[WordGram] | None = None
    ) -> dict[WordGram, dict[str, int]]:
        """:meth:`neighbours` as plain dicts (same keys, values and order): cheaper for the scorers."""
        if side not in ("left", "right"):
            raise ValueError(f"side={side!r}: use 'left' or 'right'")
        edges = self.left_edges if side == "left" else self.right_edges
        return _derive_neighbours(self.freq, (self.freq, self.context, edges), grams, side)

    def frequent(self, min_freq: int) -> tuple[Counter, Counter]:
        """``freq`` and ``doc_freq`` of the n-grams with ``freq >= min_freq`` only (in ``freq``'s order).

        Every part of such an n-gram is in it too (a part occurs wherever the n-gram does), so a scorer
        that starts by dropping rarer n-grams can read these smaller tables instead of the full ones.
        """
        freq = Counter({g: f for g, f in self.freq.items() if f >= min_freq})
        doc_freq = self.doc_freq
        return freq, Counter({g: doc_freq[g] for g in freq if g in doc_freq})


@dataclass(slots=True)
class CharNgramCounts:
    """Character n-gram counts (strings of ``n`` characters inside CJK runs)."""

    n: int
    freq: Counter  #: n-gram → occurrences
    doc_freq: Counter  #: n-gram → documents it occurs in
    context: Counter  #: (n+1)-gram → occurrences (the neighbour information)
    aligned: Counter  #: n-gram → occurrences that start and end on token boundaries
    left_edges: Counter  #: ``symbol + gram`` → occurrences at a run start cut by a number/letter/□
    right_edges: Counter  #: ``gram + symbol`` → occurrences at a run end cut by a number/letter/□
    total: int = 0  #: number of n-character windows counted
    n_docs: int = 0

    def neighbours(self, side: str, grams: Collection[str] | None = None) -> dict[str, Counter]:
        """Left or right neighbour characters per n-gram (``""`` = run edge), only of ``grams`` if given."""
        return {gram: Counter(bucket) for gram, bucket in self.neighbour_counts(side, grams).items()}

    def neighbour_counts(self, side: str, grams: Collection[str] | None = None) -> dict[str, dict[str, int]]:
        """:meth:`neighbours` as plain dicts (same keys, values and order): cheaper for the scorers."""
        if side not in ("left", "right"):
            raise ValueError(f"side={side!r}: use 'left' or 'right'")
        edges = self.left_edges if side == "left" else self.right_edges
        return _derive_neighbours(self.freq, (self.context, edges), grams, side)

    def frequent(self, min_freq: int) -> tuple[Counter, Counter, Counter]:
        """``freq``, ``doc_freq``, ``aligned`` of the n-grams with ``freq >= min_freq``, in freq's order."""
        freq = Counter({g: f for g, f in self.freq.items() if f >= min_freq})
        doc_freq = self.doc_freq
        aligned = self.aligned
        return (
            freq,
            Counter({g: doc_freq[g] for g in freq if g in doc_freq}),
            Counter({g: aligned[g] for g in freq if g in aligned}),
        )


def _check_word_options(n_range: tuple[int, int], min_chars: int, max_chars: int) -> None:
    low, high = n_range
    if low < 1 or high < low:
        raise ValueError(f"n_range={n_range!r}: need 1 <= low <= high, e.g. (1, 4)")
    if min_chars < 1 or max_chars < min_chars:
        raise ValueError(f"min_chars={min_chars}, max_chars={max_chars}: need 1 <= min_chars <= max_chars")


def _prune(counter: Counter, below: int) -> None:
    for key in [k for k, c in counter.items() if c < below]:
        del counter[key]


def _prune_word_tables(counts: NgramCounts, below: int) -> None:
    _prune(counts.freq, below)
    _prune(counts.context, below)
    freq = counts.freq
    for table in (counts.doc_freq, *counts.section_freq.values()):
        for key in [k for k in table if k not in freq]:
            del table[key]


def _count_word_ngrams_python(
    sentences: Iterable[Sentence],
    *,
    n_range: tuple[int, int] = (1, 4),
    min_chars: int = 2,
    max_chars: int = 12,
    prune_below: int | None = None,
    prune_at: int = 20_000_000,
    by_section: bool = True,
) -> NgramCounts:
    """Count word n-grams of ``n_range`` tokens inside runs of CJK tokens, with doc freq and neighbours.

    ``freq`` counts every n-gram of at most ``max_chars`` characters (1-character tokens included, so the
    parts of a candidate are there for association scores); ``doc_freq`` and ``section_freq`` only those of
    at least ``min_chars`` characters.  ``by_section=False`` skips the per-section-type table.  Sentences of
    one document must be contiguous.  See the module docstring for neighbours and pruning.
    """
    _check_word_options(n_range, min_chars, max_chars)
    low, high = n_range
    freq: Counter = Counter()
    context: Counter = Counter()
    section_freq: dict[str, Counter] = {}
    totals = dict.fromkeys(range(low, high + 1), 0)
    tracker = _DocTracker()
    left_edges: Counter = Counter()
    right_edges: Counter = Counter()
    counts = NgramCounts(
        freq, tracker.doc_freq, context, totals, left_edges, right_edges, (low, high), section_freq
    )
    # token → the canonical (first seen) equal string, or None for a token that breaks runs.  Interning makes
    # tuple comparison in the Counters hit the identity shortcut and reuses the cached string hashes.
    canonical: dict[str, str | None] = {}
    n_sentences = 0
    cjk_search = _CJK_CHAR.search
    placeholder = PLACEHOLDER

    for sentence, seen in _with_doc_order(sentences, tracker):
        n_sentences += 1
        grams: list[WordGram] = []  # n-grams of freq
        kept: list[WordGram] = []  # those with at least min_chars
        extra: list[WordGram] = []  # context n-grams
        lefts: list[WordGram] = []  # class-symbol edges
        rights: list[WordGram] = []
        runs: list[tuple[tuple[str, ...], str, str]] = []  # (run, left edge symbol, right edge symbol)
        current: list[str] = []
        before = BOUNDARY
        for raw in sentence.tokens:
            if raw in canonical:
                token = canonical[raw]
            else:
                token = canonical[raw] = (
                    raw if cjk_search(raw) is not None and placeholder not in raw else None
                )
            if token is not None:
                current.append(token)
            else:
                if current:
                    runs.append((tuple(current), before, edge_symbol(raw[0])))
                    current = []
                before = edge_symbol(raw[-1])
        if current:
            runs.append((tuple(current), before, BOUNDARY))
        for run, left_symbol, right_symbol in runs:
            length = len(run)
            offsets = [0]
            acc = 0
            for token in run:
                acc += len(token)
                offsets.append(acc)
            for n in range(low, min(high + 1, length) + 1):
                windows = length - n + 1
                if n <= high:
                    totals[n] += windows
                for i in range(windows):
                    chars = offsets[i + n] - offsets[i]
                    if n <= high and chars <= max_chars:
                        gram = run[i : i + n]
                        grams.append(gram)
                        if chars >= min_chars:
                            kept.append(gram)
                    elif n > low and (
                        offsets[i + n - 1] - offsets[i] <= max_chars
                        or offsets[i + n] - offsets[i + 1] <= max_chars
                    ):
                        extra.append(run[i : i + n])
            if left_symbol:
                for n in range(low, min(high, length) + 1):
                    if offsets[n] <= max_chars:
                        lefts.append((left_symbol, *run[:n]))
            if right_symbol:
                for n in range(low, min(high, length) + 1):
                    if offsets[length] - offsets[length - n] <= max_chars:
                        rights.append((*run[length - n :], right_symbol))
        if grams:
            freq.update(grams)
        if extra:
            context.update(extra)
        if lefts:
            left_edges.update(lefts)
        if rights:
            right_edges.update(rights)
        if kept:
            seen.update(kept)
            if by_section:
                table = section_freq.get(sentence.section_type)
                if table is None:
                    table = section_freq[sentence.section_type] = Counter()
                table.update(kept)
        if prune_below is not None and len(freq) + len(context) > prune_at:
            before = len(freq)
            _prune_word_tables(counts, prune_below)
            logger.info("pruned word n-grams below %d: %d -> %d entries", prune_below, before, len(freq))
    tracker.flush()
    if prune_below is not None:
        _prune_word_tables(counts, prune_below)
    counts.n_docs = len(tracker.finished)
    counts.n_sentences = n_sentences
    return counts


def _count_char_ngrams_python(
    sentences: Iterable[Sentence],
    *,
    n: int = 4,
    prune_below: int | None = None,
    prune_at: int = 20_000_000,
) -> CharNgramCounts:
    """Count character ``n``-grams inside runs of CJK characters of each sentence text.

    Also counts the (n+1)-grams (for the neighbour characters, ``""`` at a run edge: punctuation, digits,
    Latin, ``□``, sentence edge) and how often an occurrence starts *and* ends on a boundary of
    ``sentence.tokens``.  Sentences of one document must be contiguous.  See the module docstring for pruning.
    """
    if n < 1:
        raise ValueError(f"n={n}: character n-grams need n >= 1")
    freq: Counter = Counter()
    context: Counter = Counter()
    aligned: Counter = Counter()
    left_edges: Counter = Counter()
    right_edges: Counter = Counter()
    tracker = _DocTracker()
    total = 0
    finditer = _CJK_RUN.finditer
    for sentence, seen in _with_doc_order(sentences, tracker):
        text = sentence.text
        grams: list[str] = []
        extra: list[str] = []
        good: list[str] = []
        bounds: set[int] | None = None
        for match in finditer(text):
            start, end = match.span()
            if end - start < n:
                continue
            if bounds is None:
                bounds = {0}
                acc = 0
                for token in sentence.tokens:
                    acc += len(token)
                    bounds.add(acc)
            last = end - n
            for i in range(start, last + 1):
                gram = text[i : i + n]
                grams.append(gram)
                if i in bounds and i + n in bounds:
                    good.append(gram)
            for i in range(start, last):
                extra.append(text[i : i + n + 1])
            if start:
                symbol = edge_symbol(text[start - 1])
                if symbol:
                    left_edges[symbol + text[start : start + n]] += 1
            if end < len(text):
                symbol = edge_symbol(text[end])
                if symbol:
                    right_edges[text[last:end] + symbol] += 1
        if not grams:
            continue
        total += len(grams)
        freq.update(grams)
        seen.update(grams)
        context.update(extra)
        aligned.update(good)
        if prune_below is not None and len(freq) + len(context) > prune_at:
            _prune_char_tables(freq, tracker.doc_freq, context, aligned, prune_below)
    tracker.flush()
    if prune_below is not None:
        _prune_char_tables(freq, tracker.doc_freq, context, aligned, prune_below)
    return CharNgramCounts(
        n, freq, tracker.doc_freq, context, aligned, left_edges, right_edges, total, len(tracker.finished)
    )


def _prune_char_tables(
    freq: Counter, doc_freq: Counter, context: Counter, aligned: Counter, below: int
) -> None:
    _prune(freq, below)
    _prune(context, below)
    for table in (doc_freq, aligned):
        for key in [k for k in table if k not in freq]:
            del table[key]


# --- numpy counting --------------------------------------------------------------------------------------
#
# Both counters below lay the corpus out as one flat integer array (token ids, or code points) with a
# separator (-1, or a non-CJK position) between runs and sentences, give every n-gram occurrence a dense
# integer id (``gid``) with ``np.unique`` — level by level: the id of an n-gram is the rank of the pair
# (id of its (n-1)-token prefix, id of its last token), packed into one int64 — and count ids with
# ``np.unique(return_counts=True)``.  Only the distinct n-grams are turned back into tuples/strings, once.
#
# Dict order: a Counter fed occurrence by occurrence holds its keys in first-occurrence order.  The Python
# counters above feed each sentence's n-grams run by run, and inside a run by length n, then by position, so
# the keys of the word tables are ordered by (run of the first occurrence, n, its position) — reproduced with
# ``np.lexsort``; character n-grams are fed by position.  ``doc_freq`` was filled from a set (hash order):
# here it follows ``freq``'s order.


def _first_counts(gids: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct ``gids``, the position of the first occurrence of each and the occurrences.

    ``positions`` (ascending) are the positions of the ``gids``' occurrences.
    """
    uniq, first, counts = np.unique(gids, return_index=True, return_counts=True)
    return uniq, positions[first], counts


def _distinct_per_group(groups: np.ndarray, gids: np.ndarray, n_gids: int) -> tuple[np.ndarray, np.ndarray]:
    """Per gid, the number of distinct ``groups`` (documents) it occurs in: ``(gids, counts)``."""
    pairs = np.unique(groups.astype(np.int64) * n_gids + gids)
    return np.unique(pairs % n_gids, return_counts=True)


def _ordered_counter(keys: list, values: np.ndarray) -> Counter:
    """A Counter with ``keys`` in the given order and plain-int ``values``."""
    return Counter(dict(zip(keys, values.tolist(), strict=True)))


@dataclass(slots=True)
class _WordLayout:
    """The flat token-id layout of :func:`count_word_ngrams` (position = index into ``ids``)."""

    ids: np.ndarray  #: token id per position, -1 for a token that breaks runs and after each sentence
    words: list[str]  #: token per id
    doc: np.ndarray  #: document index per position
    section: np.ndarray  #: section-type index per position
    sections: list[str]  #: section type per index
    n_docs: int
    n_sentences: int


def _word_layout(
    sentences: Iterable[Sentence],
    *,
    low: int,
    high: int,
    max_chars: int,
    left_edges: Counter,
    right_edges: Counter,
) -> _WordLayout:
    """One Python pass over the tokens: token ids, document/section per position, and the edge tables."""
    vocab: dict[str, int] = {}
    words: list[str] = []
    ids: list[int] = []
    sent_lengths: list[int] = []
    sent_docs: list[int] = []
    sent_sections: list[int] = []
    doc_index: dict[str, int] = {}
    section_index: dict[str, int] = {}
    current_doc: str | None = None
    cjk_search = _CJK_CHAR.search
    placeholder = PLACEHOLDER
    for sentence in sentences:
        doc_id = sentence.doc_id
        if doc_id != current_doc:
            if doc_id in doc_index:
                raise ValueError(
                    f"sentences of document {doc_id!r} are not contiguous: group the sentences by doc_id "
                    "(in document order) before counting"
                )
            doc_index[doc_id] = len(doc_index)
            current_doc = doc_id
        section = section_index.setdefault(sentence.section_type, len(section_index))
        start = len(ids)
        current: list[str] = []
        before = BOUNDARY
        for raw in sentence.tokens:
            token_id = vocab.get(raw)
            if token_id is None:
                if cjk_search(raw) is not None and placeholder not in raw:
                    token_id = vocab[raw] = len(words)
                    words.append(raw)
                else:
                    token_id = vocab[raw] = -1
            ids.append(token_id)
            if token_id >= 0:
                current.append(raw)
            else:
                if current:
                    after = edge_symbol(raw[0])
                    if before or after:
                        _add_edges(current, before, after, low, high, max_chars, left_edges, right_edges)
                    current = []
                before = edge_symbol(raw[-1])
        if current and before:
            _add_edges(current, before, BOUNDARY, low, high, max_chars, left_edges, right_edges)
        ids.append(-1)
        sent_lengths.append(len(ids) - start)
        sent_docs.append(doc_index[doc_id])
        sent_sections.append(section)
    lengths = np.array(sent_lengths, dtype=np.int64)
    return _WordLayout(
        ids=np.array(ids, dtype=np.int64),
        words=words,
        doc=np.repeat(np.array(sent_docs, dtype=np.int64), lengths),
        section=np.repeat(np.array(sent_sections, dtype=np.int64), lengths),
        sections=list(section_index),
        n_docs=len(doc_index),
        n_sentences=len(sent_lengths),
    )


def _add_edges(
    run: list[str],
    left_symbol: str,
    right_symbol: str,
    low: int,
    high: int,
    max_chars: int,
    left_edges: Counter,
    right_edges: Counter,
) -> None:
    """Count the class-symbol edges of one run (as the Python counter does, in the same order)."""
    length = len(run)
    if left_symbol:
        chars = 0
        for n in range(1, min(high, length) + 1):
            chars += len(run[n - 1])
            if n >= low and chars <= max_chars:
                left_edges[(left_symbol, *run[:n])] += 1
    if right_symbol:
        chars = 0
        for n in range(1, min(high, length) + 1):
            chars += len(run[length - n])
            if n >= low and chars <= max_chars:
                right_edges[(*run[length - n :], right_symbol)] += 1


class _WordTables:
    """The word n-gram tables as numpy arrays, and their conversion to Counters of token tuples.

    A table (``freq`` or ``context``) is a set of entries in the Counter's key order: ``size`` (n),
    ``first`` (position of the first occurrence), ``count``, ``gid`` (id of the n-gram among the n-grams of
    its size) and ``pre``/``suf``: the key (:meth:`key`) of its first/last ``size - 1`` tokens, for the
    neighbours.
    """

    def __init__(self, ids: np.ndarray, words: list[str], width: int) -> None:
        self.ids = ids
        self.words = np.array([*words, ""], dtype=object)
        self.vocab = {w: i for i, w in enumerate(words)}
        self.width = width  #: sizes are below width: key = gid * width + size
        self.levels: dict[int, np.ndarray] = {}  #: size >= 2 → sorted (prefix gid, last token id) codes
        self.freq_rank: dict[int, np.ndarray] = {}  #: size → index of each gid in the freq table, or -1
        self.doc_count: dict[int, np.ndarray] = {}  #: size → documents per gid (0: not in doc_freq)
        self.tables: dict[str, dict[str, np.ndarray]] = {}

    def key(self, size: np.ndarray | int, gid: np.ndarray) -> np.ndarray:
        return gid * self.width + size

    def grams(self, size: np.ndarray, first: np.ndarray) -> list[WordGram]:
        """Token tuples of the entries (``size``, ``first``)."""
        out: list = [None] * len(size)
        for n in np.unique(size).tolist():
            rows = np.flatnonzero(size == n)
            grid = self.ids[first[rows][:, None] + np.arange(n)]
            for i, gram in zip(rows.tolist(), map(tuple, self.words[grid].tolist()), strict=True):
                out[i] = gram
        return out

    def counter(self, table: str, rows: np.ndarray | None = None) -> tuple[Counter, list[WordGram]]:
        """The Counter of ``table`` (of its ``rows`` only when given), and its keys in order."""
        t = self.tables[table]
        size, first, count = t["size"], t["first"], t["count"]
        if rows is not None:
            size, first, count = size[rows], first[rows], count[rows]
        grams = self.grams(size, first)
        return _ordered_counter(grams, count), grams

    def lookup(self, grams: Iterable[WordGram]) -> tuple[list[WordGram], np.ndarray]:
        """The ``grams`` found in ``freq`` (in the given order, duplicates dropped) and their freq rows."""
        found: list[WordGram] = []
        rows: list[int] = []
        by_size: dict[int, list[tuple[WordGram, list[int]]]] = {}
        seen: set[WordGram] = set()
        vocab = self.vocab
        for gram in grams:
            if gram in seen:
                continue
            seen.add(gram)
            token_ids = [vocab.get(t, -1) for t in gram]
            if gram and min(token_ids) >= 0 and len(gram) in self.freq_rank:
                by_size.setdefault(len(gram), []).append((gram, token_ids))
        located: dict[WordGram, int] = {}
        for n, items in by_size.items():
            matrix = np.array([ids for _, ids in items], dtype=np.int64)
            gid = matrix[:, 0]
            ok = np.ones(len(items), dtype=bool)
            for level in range(2, n + 1):
                codes = self.levels[level]
                if not len(codes):
                    ok[:] = False
                    break
                wanted = gid * len(self.vocab) + matrix[:, level - 1]
                at = np.minimum(np.searchsorted(codes, wanted), len(codes) - 1)
                ok &= codes[at] == wanted
                gid = at
            ranks = np.where(ok, self.freq_rank[n][np.where(ok, gid, 0)], -1)
            for (gram, _), r in zip(items, ranks.tolist(), strict=True):
                if r >= 0:
                    located[gram] = r
        for gram in grams:
            r = located.pop(gram, None)
            if r is not None:
                found.append(gram)
                rows.append(r)
        return found, np.array(rows, dtype=np.int64)


def _lazy_slot(base: type, name: str) -> property:
    """A property over the slot ``name`` of ``base`` that fills it with ``self._build_<name>()`` when None."""
    slot = getattr(base, name)

    def get(self: object) -> object:
        value = slot.__get__(self)
        if value is None:
            value = getattr(self, "_build_" + name)()
            slot.__set__(self, value)
        return value

    def put(self: object, value: object) -> None:
        slot.__set__(self, value)

    return property(get, put)


class _ArrayNgramCounts(NgramCounts):
    """:class:`NgramCounts` whose ``freq``, ``doc_freq``, ``context`` and ``section_freq`` are built from
    numpy arrays on first access; :meth:`frequent` and :meth:`neighbour_counts` for given n-grams read the
    arrays directly (the full tables hold millions of tuples, the scorers need a few thousand)."""

    __slots__ = ("_section_parts", "_sections", "_tables")

    def __init__(
        self, tables: _WordTables, section_parts: tuple | None, sections: list[str], **fields
    ) -> None:
        self._tables = tables
        self._section_parts = section_parts
        self._sections = sections
        super().__init__(freq=None, doc_freq=None, context=None, section_freq=None, **fields)  # type: ignore[arg-type]

    freq = _lazy_slot(NgramCounts, "freq")
    doc_freq = _lazy_slot(NgramCounts, "doc_freq")
    context = _lazy_slot(NgramCounts, "context")
    section_freq = _lazy_slot(NgramCounts, "section_freq")

    def _build_freq(self) -> Counter:
        return self._tables.counter("freq")[0]

    def _build_context(self) -> Counter:
        return self._tables.counter("context")[0]

    def _build_doc_freq(self) -> Counter:
        t = self._tables.tables["freq"]
        rows = np.flatnonzero(t["docs"] > 0)
        freq = self.freq
        keys = list(freq)
        return _ordered_counter([keys[i] for i in rows.tolist()], t["docs"][rows])

    def _build_section_freq(self) -> dict[str, Counter]:
        out: dict[str, Counter] = {}
        if self._section_parts is None:
            return out
        secs, rows, counts = self._section_parts
        keys = list(self.freq)
        for sec, row, count in zip(secs.tolist(), rows.tolist(), counts.tolist(), strict=True):
            table = out.get(self._sections[sec])
            if table is None:
                table = out[self._sections[sec]] = Counter()
            table[keys[row]] = count
        return out

    def frequent(self, min_freq: int) -> tuple[Counter, Counter]:
        t = self._tables.tables["freq"]
        rows = np.flatnonzero(t["count"] >= min_freq)
        freq, grams = self._tables.counter("freq", rows)
        docs = t["docs"][rows]
        kept = np.flatnonzero(docs > 0)
        return freq, _ordered_counter([grams[i] for i in kept.tolist()], docs[kept])

    def neighbour_counts(
        self, side: str, grams: Collection[WordGram] | None = None
    ) -> dict[WordGram, dict[str, int]]:
        if side not in ("left", "right"):
            raise ValueError(f"side={side!r}: use 'left' or 'right'")
        if grams is None:
            return NgramCounts.neighbour_counts(self, side, grams)
        tables = self._tables
        found, rows = tables.lookup(grams)
        freq_t = tables.tables["freq"]
        wanted_keys = tables.key(freq_t["size"][rows], freq_t["gid"][rows])
        by_key = dict(zip(wanted_keys.tolist(), found, strict=True))
        matches: list[tuple[WordGram, str, int]] = []
        for name in ("freq", "context"):
            t = tables.tables[name]
            part = t["suf"] if side == "left" else t["pre"]
            hits = np.flatnonzero(np.isin(part, wanted_keys))
            where = t["first"][hits] if side == "left" else t["first"][hits] + t["size"][hits] - 1
            neighbours = tables.words[tables.ids[where]].tolist()
            matches += zip(
                [by_key[k] for k in part[hits].tolist()], neighbours, t["count"][hits].tolist(), strict=True
            )
        wanted = set(found)
        if side == "left":
            matches += [(key[1:], key[0], c) for key, c in self.left_edges.items() if key[1:] in wanted]
        else:
            matches += [(key[:-1], key[-1], c) for key, c in self.right_edges.items() if key[:-1] in wanted]
        counts = dict(zip(found, freq_t["count"][rows].tolist(), strict=True))
        return _group_neighbours(matches, counts, grams)


def count_word_ngrams(
    sentences: Iterable[Sentence],
    *,
    n_range: tuple[int, int] = (1, 4),
    min_chars: int = 2,
    max_chars: int = 12,
    prune_below: int | None = None,
    prune_at: int = 20_000_000,
    by_section: bool = True,
) -> NgramCounts:
    """Count word n-grams of ``n_range`` tokens inside runs of CJK tokens, with doc freq and neighbours.

    ``freq`` counts every n-gram of at most ``max_chars`` characters (1-character tokens included, so the
    parts of a candidate are there for association scores); ``doc_freq`` and ``section_freq`` only those of
    at least ``min_chars`` characters.  ``by_section=False`` skips the per-section-type table.  Sentences of
    one document must be contiguous.  See the module docstring for neighbours and pruning.

    Vectorised with numpy (see the comment above :func:`_first_counts`); the tables become Counters of
    tuples only when read.  With ``prune_below`` the streaming Python counter runs instead, as pruning
    depends on the order of the updates.
    """
    _check_word_options(n_range, min_chars, max_chars)
    if prune_below is not None:
        return _count_word_ngrams_python(
            sentences,
            n_range=n_range,
            min_chars=min_chars,
            max_chars=max_chars,
            prune_below=prune_below,
            prune_at=prune_at,
            by_section=by_section,
        )
    low, high = n_range
    left_edges: Counter = Counter()
    right_edges: Counter = Counter()
    layout = _word_layout(
        sentences, low=low, high=high, max_chars=max_chars, left_edges=left_edges, right_edges=right_edges
    )
    ids = layout.ids
    size = len(ids)
    vocab_size = max(len(layout.words), 1)
    tables = _WordTables(ids, layout.words, high + 2)
    lengths = np.array([*map(len, layout.words), 0], dtype=np.int64)  # 0: an empty vocabulary
    breaks = ids < 0
    chars = np.where(breaks, 0, lengths[np.where(breaks, 0, ids)])
    cum_chars = np.concatenate(([0], np.cumsum(chars)))
    cum_breaks = np.concatenate(([0], np.cumsum(breaks)))  # cum_breaks[p] = run index of position p
    totals = dict.fromkeys(range(low, high + 1), 0)

    parts: dict[str, list[dict[str, np.ndarray]]] = {"freq": [], "context": []}
    doc_parts: list[tuple[int, np.ndarray, np.ndarray]] = []
    section_parts: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    gid_of = np.full(size, -1, dtype=np.int64)
    positions = np.flatnonzero(~breaks)
    gid_of[positions] = ids[positions]
    n_gids = vocab_size
    previous = gid_of
    for n in range(1, high + 2):
        if n > 1:
            positions = positions[positions < size - n + 1]
            positions = positions[cum_breaks[positions + n] == cum_breaks[positions]]
            codes = gid_of[positions] * vocab_size + ids[positions + n - 1]
            uniq, inverse = np.unique(codes, return_inverse=True)
            tables.levels[n] = uniq
            previous = gid_of
            gid_of = np.full(size, -1, dtype=np.int64)
            gid_of[positions] = inverse.reshape(-1)
            n_gids = max(len(uniq), 1)
        if n < low:
            continue
        gids = gid_of[positions]
        span = cum_chars[positions + n] - cum_chars[positions]

        def entries(
            mask: np.ndarray,
            n: int = n,
            previous: np.ndarray = previous,
            gids: np.ndarray = gids,
            positions: np.ndarray = positions,
        ) -> dict[str, np.ndarray]:
            gid, first, count = _first_counts(gids[mask], positions[mask])
            if n > 1:
                pre = tables.key(n - 1, previous[first])
                suf = tables.key(n - 1, previous[first + 1])
            else:
                pre = suf = np.full(len(gid), -1, dtype=np.int64)
            size_ = np.full(len(gid), n, dtype=np.int64)
            return {"size": size_, "gid": gid, "first": first, "count": count, "pre": pre, "suf": suf}

        if n <= high:
            totals[n] = len(positions)
            in_freq = span <= max_chars
            parts["freq"].append(entries(in_freq))
            kept = in_freq & (span >= min_chars)
            kept_pos = positions[kept]
            kept_gids = gids[kept]
            doc_parts.append((n, *_distinct_per_group(layout.doc[kept_pos], kept_gids, n_gids)))
            if by_section:
                pairs = layout.section[kept_pos] * n_gids + kept_gids
                uniq, first_pos, counts = _first_counts(pairs, kept_pos)
                section_parts.append((n, uniq // n_gids, uniq % n_gids, first_pos, counts))
        else:
            in_freq = np.zeros(len(positions), dtype=bool)
        if n > low:
            prefix = cum_chars[positions + n - 1] - cum_chars[positions]
            suffix = cum_chars[positions + n] - cum_chars[positions + 1]
            parts["context"].append(entries(~in_freq & ((prefix <= max_chars) | (suffix <= max_chars))))
        if n <= high:
            tables.freq_rank[n] = np.full(n_gids, -1, dtype=np.int64)
            tables.doc_count[n] = np.zeros(n_gids, dtype=np.int64)
    del gid_of, previous, positions

    for name, chunks in parts.items():
        if chunks:
            merged = {f: np.concatenate([c[f] for c in chunks]) for f in chunks[0]}
        else:
            merged = {f: np.zeros(0, dtype=np.int64) for f in ("size", "gid", "first", "count", "pre", "suf")}
        order = np.lexsort((merged["first"], merged["size"], cum_breaks[merged["first"]]))
        tables.tables[name] = {f: v[order] for f, v in merged.items()}
    freq_t = tables.tables["freq"]
    for n in tables.freq_rank:
        rows = np.flatnonzero(freq_t["size"] == n)
        tables.freq_rank[n][freq_t["gid"][rows]] = rows
    for n, gid, docs in doc_parts:
        tables.doc_count[n][gid] = docs
    freq_t["docs"] = np.zeros(len(freq_t["size"]), dtype=np.int64)
    for n in tables.doc_count:
        rows = np.flatnonzero(freq_t["size"] == n)
        freq_t["docs"][rows] = tables.doc_count[n][freq_t["gid"][rows]]

    merged_sections = None
    if section_parts:
        sizes = np.concatenate([np.full(len(p[1]), p[0]) for p in section_parts])
        secs = np.concatenate([p[1] for p in section_parts])
        gids = np.concatenate([p[2] for p in section_parts])
        firsts = np.concatenate([p[3] for p in section_parts])
        counts = np.concatenate([p[4] for p in section_parts])
        order = np.lexsort((firsts, sizes, cum_breaks[firsts]))
        rows = np.empty(len(order), dtype=np.int64)
        for n in np.unique(sizes).tolist():
            mine = sizes[order] == n
            rows[mine] = tables.freq_rank[n][gids[order][mine]]
        merged_sections = (secs[order], rows, counts[order])
    return _ArrayNgramCounts(
        tables,
        merged_sections,
        layout.sections,
        totals=totals,
        left_edges=left_edges,
        right_edges=right_edges,
        n_range=(low, high),
        n_docs=layout.n_docs,
        n_sentences=layout.n_sentences,
    )


@dataclass(slots=True)
class _CharTables:
    """The character n-gram tables as numpy arrays (freq rows in first-occurrence order)."""

    joined: str  #: the sentence texts, each followed by a separator; positions index into it
    n: int
    packed: np.ndarray | None  #: sorted packed code points of the n-grams (n <= 4), index = gid
    rank: np.ndarray  #: gid → freq row
    first: np.ndarray  #: freq row → position of the first occurrence
    count: np.ndarray  #: freq row → occurrences
    docs: np.ndarray  #: freq row → documents
    aligned: np.ndarray  #: freq row → aligned occurrences
    aligned_first: np.ndarray  #: freq row → position of the first aligned occurrence
    context_first: np.ndarray  #: (n+1)-gram row → position of the first occurrence (first-occurrence order)
    context_count: np.ndarray
    context_pre: np.ndarray  #: (n+1)-gram row → gid of its first n characters
    context_suf: np.ndarray  #: (n+1)-gram row → gid of its last n characters

    def grams(self, rows: np.ndarray) -> list[str]:
        joined, n = self.joined, self.n
        return [joined[i : i + n] for i in self.first[rows].tolist()]


class _ArrayCharNgramCounts(CharNgramCounts):
    """:class:`CharNgramCounts` whose ``freq``, ``doc_freq``, ``context`` and ``aligned`` are built from
    numpy arrays on first access; :meth:`frequent` and :meth:`neighbour_counts` for given n-grams read the
    arrays directly."""

    __slots__ = ("_arrays",)

    freq = _lazy_slot(CharNgramCounts, "freq")
    doc_freq = _lazy_slot(CharNgramCounts, "doc_freq")
    context = _lazy_slot(CharNgramCounts, "context")
    aligned = _lazy_slot(CharNgramCounts, "aligned")

    def __init__(self, arrays: _CharTables, **fields) -> None:
        self._arrays = arrays
        super().__init__(freq=None, doc_freq=None, context=None, aligned=None, **fields)  # type: ignore[arg-type]

    def _build_freq(self) -> Counter:
        a = self._arrays
        return _ordered_counter(a.grams(np.arange(len(a.first))), a.count)

    def _build_doc_freq(self) -> Counter:
        keys = list(self.freq)
        return _ordered_counter(keys, self._arrays.docs)

    def _build_aligned(self) -> Counter:
        a = self._arrays
        keys = list(self.freq)
        rows = np.flatnonzero(a.aligned > 0)
        rows = rows[np.argsort(a.aligned_first[rows], kind="stable")]
        return _ordered_counter([keys[i] for i in rows.tolist()], a.aligned[rows])

    def _build_context(self) -> Counter:
        a = self._arrays
        joined, width = a.joined, a.n + 1
        return _ordered_counter([joined[i : i + width] for i in a.context_first.tolist()], a.context_count)

    def frequent(self, min_freq: int) -> tuple[Counter, Counter, Counter]:
        a = self._arrays
        rows = np.flatnonzero(a.count >= min_freq)
        grams = a.grams(rows)
        aligned = np.flatnonzero(a.aligned[rows] > 0)
        return (
            _ordered_counter(grams, a.count[rows]),
            _ordered_counter(grams, a.docs[rows]),
            _ordered_counter([grams[i] for i in aligned.tolist()], a.aligned[rows][aligned]),
        )

    def neighbour_counts(self, side: str, grams: Collection[str] | None = None) -> dict[str, dict[str, int]]:
        if side not in ("left", "right"):
            raise ValueError(f"side={side!r}: use 'left' or 'right'")
        a = self._arrays
        if grams is None or a.packed is None:
            return CharNgramCounts.neighbour_counts(self, side, grams)
        n = a.n
        candidates = [g for g in dict.fromkeys(grams) if isinstance(g, str) and len(g) == n]
        codes = np.array(
            [
                sum(ord(c) << (16 * (n - 1 - j)) for j, c in enumerate(g)) if max(g) < "\U00010000" else 0
                for g in candidates
            ],
            dtype=np.uint64,
        )
        found: dict[int, str] = {}
        counts: dict[str, int] = {}
        if len(a.packed) and len(codes):
            at = np.minimum(np.searchsorted(a.packed, codes), len(a.packed) - 1)
            hit = a.packed[at] == codes
            for gram, gid, ok in zip(candidates, at.tolist(), hit.tolist(), strict=True):
                if ok and a.rank[gid] >= 0:
                    found[gid] = gram
                    counts[gram] = int(a.count[a.rank[gid]])
        wanted = np.array(list(found), dtype=np.int64)
        part = a.context_suf if side == "left" else a.context_pre
        hits = np.flatnonzero(np.isin(part, wanted))
        where = a.context_first[hits] if side == "left" else a.context_first[hits] + n
        joined = a.joined
        matches: list[tuple[str, str, int]] = list(
            zip(
                [found[g] for g in part[hits].tolist()],
                [joined[i] for i in where.tolist()],
                a.context_count[hits].tolist(),
                strict=True,
            )
        )
        if side == "left":
            matches += [(key[1:], key[0], c) for key, c in self.left_edges.items() if key[1:] in counts]
        else:
            matches += [(key[:-1], key[-1], c) for key, c in self.right_edges.items() if key[:-1] in counts]
        return _group_neighbours(matches, counts, grams)


def _is_cjk(codes: np.ndarray) -> np.ndarray:
    """Mask of the code points in :data:`CJK_CLASS`."""
    return (
        ((codes >= 0x3400) & (codes <= 0x4DBF))
        | ((codes >= 0x4E00) & (codes <= 0x9FFF))
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
    )


def count_char_ngrams(
    sentences: Iterable[Sentence],
    *,
    n: int = 4,
    prune_below: int | None = None,
    prune_at: int = 20_000_000,
) -> CharNgramCounts:
    """Count character ``n``-grams inside runs of CJK characters of each sentence text.

    Also counts the (n+1)-grams (for the neighbour characters, ``""`` at a run edge: punctuation, digits,
    Latin, ``□``, sentence edge) and how often an occurrence starts *and* ends on a boundary of
    ``sentence.tokens``.  Sentences of one document must be contiguous.  See the module docstring for pruning.

    Vectorised with numpy over the texts joined by a separator: code points (CJK ones are below 65536) are
    packed 16 bits each into one uint64 per n-gram (level by level beyond 4 characters); with ``prune_below``
    the streaming Python counter runs instead.
    """
    if n < 1:
        raise ValueError(f"n={n}: character n-grams need n >= 1")
    if prune_below is not None:
        return _count_char_ngrams_python(sentences, n=n, prune_below=prune_below, prune_at=prune_at)
    texts: list[str] = []
    token_lengths: list[int] = []
    token_counts: list[int] = []
    sent_docs: list[int] = []
    doc_index: dict[str, int] = {}
    current_doc: str | None = None
    for sentence in sentences:
        doc_id = sentence.doc_id
        if doc_id != current_doc:
            if doc_id in doc_index:
                raise ValueError(
                    f"sentences of document {doc_id!r} are not contiguous: group the sentences by doc_id "
                    "(in document order) before counting"
                )
            doc_index[doc_id] = len(doc_index)
            current_doc = doc_id
        texts.append(sentence.text)
        token_lengths.extend(map(len, sentence.tokens))
        token_counts.append(len(sentence.tokens))
        sent_docs.append(doc_index[doc_id])
    joined = "\n".join(texts) + "\n"  # the separator after each text is position start + len(text)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    size = len(codes)
    text_lengths = np.array([len(t) for t in texts], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(text_lengths + 1)[:-1])).astype(np.int64)
    cjk = _is_cjk(codes)
    cjk[starts + text_lengths] = False  # the separator, whatever character it is
    cum_other = np.concatenate(([0], np.cumsum(~cjk)))

    def windows(width: int) -> np.ndarray:
        """Start positions of the ``width``-character windows inside CJK runs."""
        if size < width:
            return np.zeros(0, dtype=np.int64)
        first = np.arange(size - width + 1)
        return first[cum_other[first + width] == cum_other[first]]

    # gid of the n-gram at each start position: packed code points up to 4 characters, then level by level
    direct = min(n, 4)
    level = windows(direct)
    packed = np.zeros(len(level), dtype=np.uint64)
    for j in range(direct):
        packed = (packed << np.uint64(16)) | codes[level + j].astype(np.uint64)
    uniq, inverse = np.unique(packed, return_inverse=True)
    gids = inverse.reshape(-1).astype(np.int64)
    for width in range(direct + 1, n + 1):
        gid_of = np.full(size, -1, dtype=np.int64)
        gid_of[level] = gids
        level = windows(width)
        uniq, inverse = np.unique(gid_of[level] * 65536 + codes[level + width - 1], return_inverse=True)
        gids = inverse.reshape(-1)
    starts_n = level
    n_gids = len(uniq)
    n_gids = max(n_gids, 1)

    # (n+1)-grams: (gid of the first n characters, last character)
    starts_ctx = windows(n + 1)
    gid_at = np.full(size, -1, dtype=np.int64)
    gid_at[starts_n] = gids
    ctx_keys = gid_at[starts_ctx] * 65536 + codes[starts_ctx + n]

    # token boundaries (0 and the running sums of the token lengths, inside the text) per position
    bound = np.zeros(size + 1, dtype=bool)
    bound[starts] = True
    if token_lengths:
        counts = np.array(token_counts, dtype=np.int64)
        cum_tokens = np.cumsum(np.array(token_lengths, dtype=np.int64))
        before = np.concatenate(([0], cum_tokens))[np.cumsum(counts) - counts]
        within = cum_tokens - np.repeat(before, counts)
        inside = within <= np.repeat(text_lengths, counts)
        bound[(within + np.repeat(starts, counts))[inside]] = True
    aligned_mask = bound[starts_n] & bound[starts_n + n]
    doc_of = np.repeat(np.array(sent_docs, dtype=np.int64), text_lengths + 1)

    f_gids, f_first, f_counts = _first_counts(gids, starts_n)
    order = np.argsort(f_first, kind="stable")
    f_gids, f_first, f_counts = f_gids[order], f_first[order], f_counts[order]
    rank = np.full(n_gids, -1, dtype=np.int64)
    rank[f_gids] = np.arange(len(f_gids))
    d_gids, d_counts = _distinct_per_group(doc_of[starts_n], gids, n_gids)
    docs = np.zeros(len(f_gids), dtype=np.int64)
    docs[rank[d_gids]] = d_counts
    a_gids, a_first, a_counts = _first_counts(gids[aligned_mask], starts_n[aligned_mask])
    aligned_count = np.zeros(len(f_gids), dtype=np.int64)
    aligned_count[rank[a_gids]] = a_counts
    aligned_first = np.full(len(f_gids), size, dtype=np.int64)
    aligned_first[rank[a_gids]] = a_first
    _, c_first, c_counts = _first_counts(ctx_keys, starts_ctx)
    order = np.argsort(c_first, kind="stable")
    c_first, c_counts = c_first[order], c_counts[order]
    arrays = _CharTables(
        joined=joined,
        n=n,
        packed=uniq if n <= 4 else None,
        rank=rank,
        first=f_first,
        count=f_counts,
        docs=docs,
        aligned=aligned_count,
        aligned_first=aligned_first,
        context_first=c_first,
        context_count=c_counts,
        context_pre=gid_at[c_first],
        context_suf=gid_at[c_first + 1],
    )

    # class-symbol edges of the runs of at least n characters, in position order
    left_edges: Counter = Counter()
    right_edges: Counter = Counter()
    run_starts = starts_n[(starts_n == 0) | ~cjk[np.maximum(starts_n - 1, 0)]]
    sentence_start = np.zeros(size + 1, dtype=bool)
    sentence_start[starts] = True
    for start in run_starts[~sentence_start[run_starts]].tolist():
        symbol = edge_symbol(joined[start - 1])
        if symbol:
            left_edges[symbol + joined[start : start + n]] += 1
    run_lasts = starts_n[~cjk[starts_n + n]]
    separator = np.zeros(size, dtype=bool)
    separator[starts + text_lengths] = True
    for last in run_lasts[~separator[run_lasts + n]].tolist():
        symbol = edge_symbol(joined[last + n])
        if symbol:
            right_edges[joined[last : last + n] + symbol] += 1
    return _ArrayCharNgramCounts(
        arrays,
        n=n,
        left_edges=left_edges,
        right_edges=right_edges,
        total=len(starts_n),
        n_docs=len(doc_index),
    )
