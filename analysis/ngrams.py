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

Repeated sentences (boilerplate, 提法 sentences, a report downloaded twice) are windowed once.  A pre-pass of
C-level :class:`~collections.Counter` s over what a counter reads of a sentence (its tokens, or its text and
tokens) gives each distinct sentence its number of occurrences ``w``; its first occurrence adds ``w ×`` its
windows, a later one only adds its memoised n-grams to its document's set (document frequency must know
*which* documents) and, at its first occurrence in another section type, its n-grams weighted by their
occurrences there to that section's table.  A sentence held by several documents is not added to their sets at
all: it records the bitmask of its documents, and the n-grams of such sentences get their document frequency
from the union of the bitmasks (see ``_DocTracker``).  A document made of the same sentences as an earlier one
(the same report twice) is skipped: the earlier one's set is counted once per copy.  Only sentences that occur
again outside copies are memoised.  Counts equal a sentence-by-sentence pass, and the tables get their keys in
the same order (``doc_freq`` is built from sets, in no particular order, as before).

Memory bound (gensim ``Phrases``' ``min_reduce`` idea): with ``prune_below=k`` the tables are pruned of
entries seen fewer than ``k`` times whenever the frequency table grows beyond ``prune_at`` entries, and once
more at the end.  Counts of n-grams pruned early that came back later are then lower bounds, and boundary
counts of the survivors are over-estimated by the pruned extensions; without pruning all counts are exact.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

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

    A document with copies (:func:`_occurrences`) is flushed with weight ``weights[doc_id]``; requires the
    sentences of one document to be contiguous (as the segmenter yields them).

    Sentences held by several documents (``shared``) are not added to the documents' sets: :meth:`add_shared`
    records the n-grams of each once, with the bitmask of the documents holding it, and the n-grams they
    hold (``shared_grams``) get their document frequency from bitmasks: a document's own n-grams among them
    set its bit, and ``doc_freq`` is the weighted number of bits of the union.  Why: a corpus of reports
    sharing most of their sentences (a report re-posted with another heading) added every n-gram of every
    shared sentence to every document's set, 44 million insertions at 103 MB.
    """

    __slots__ = ("bit", "bits", "current", "doc_freq", "finished", "masks", "seen", "shared_grams", "weights")

    def __init__(self, weights: Mapping[str, int], shared_grams: frozenset = frozenset()) -> None:
        self.doc_freq: Counter = Counter()
        self.weights = weights
        self.current: str | None = None
        self.seen: set = set()
        self.finished: set[str] = set()
        self.shared_grams = shared_grams
        self.masks: dict = {}  # n-gram of shared_grams → bitmask of the documents holding it
        self.bits: list[int] = []  # weight of the document of each bit
        self.bit = 0  # the current document's bit

    def switch(self, doc_id: str) -> set:
        if doc_id != self.current:
            self.flush()
            if doc_id in self.finished:
                raise ValueError(
                    f"sentences of document {doc_id!r} are not contiguous: group the sentences by doc_id "
                    "(in document order) before counting"
                )
            self.current = doc_id
            self.bit = 1 << len(self.bits)
            self.bits.append(self.weights.get(doc_id, 1))
        return self.seen

    def flush(self) -> None:
        if self.current is not None:
            own = self.seen
            if self.shared_grams:
                masked = own & self.shared_grams
                if masked:
                    own -= masked
                    masks, bit = self.masks, self.bit
                    for gram in masked:
                        masks[gram] = masks.get(gram, 0) | bit
            _add(self.doc_freq, own, self.weights.get(self.current, 1))
            self.finished.add(self.current)
            self.seen = set()
            self.current = None

    def add_shared(self, grams: Iterable[Hashable], documents: int) -> None:
        """The n-grams of a sentence held by the documents of bitmask ``documents``."""
        masks = self.masks
        for gram in grams:
            masks[gram] = masks.get(gram, 0) | documents

    def finish(self) -> None:
        """Flush the last document and count the documents of every n-gram of ``shared_grams``."""
        self.flush()
        heavier: dict[int, int] = {}  # weight > 1 → bitmask of the documents of that weight
        for position, weight in enumerate(self.bits):
            if weight > 1:
                heavier[weight] = heavier.get(weight, 0) | (1 << position)
        doc_freq = self.doc_freq
        for gram, mask in self.masks.items():
            count = mask.bit_count()
            for weight, documents in heavier.items():
                count += (weight - 1) * (mask & documents).bit_count()
            doc_freq[gram] = doc_freq.get(gram, 0) + count


def _documents_to_count(
    sentences: Iterable[Sentence], tracker: _DocTracker, copies: Collection[str]
) -> Iterator[tuple[Sentence, set, int]]:
    """Each sentence with its document's n-gram set and the document's weight (1 + its copies).

    The sentences of a copy of an earlier document are skipped: they (and their section types) were counted
    with that document, whose set the tracker counts once per copy.
    """
    doc_id: str | None = None
    seen: set = set()
    skip = False
    weight = 1
    for sentence in sentences:
        if sentence.doc_id != doc_id:
            doc_id = sentence.doc_id
            seen = tracker.switch(doc_id)
            skip = doc_id in copies
            weight = tracker.weights.get(doc_id, 1)
        if not skip:
            yield sentence, seen, weight


_DOC_ID = attrgetter("doc_id")


@dataclass(frozen=True, slots=True)
class _Occurrences:
    """Where the distinct sentences and documents occur: the pre-pass of a counter."""

    counts: Counter  #: sentence signature → occurrences in the corpus
    doc_weights: dict[str, int]  #: doc_id of a document with copies → 1 + its number of copies
    copies: frozenset[str]  #: documents made of the same sentences as an earlier one


def _occurrences(sentences: Sequence[Sentence], signature: Callable[[Sentence], Hashable]) -> _Occurrences:
    """Count the sentence signatures (what a counter reads of a sentence) and find copies of documents.

    Documents with equal signature sequences (a report downloaded twice, a corpus copied) have equal n-gram
    sets, so document frequency counts the first one ``w`` times and skips its copies.  Why: once sentences
    are windowed once, the per-document set work (one set insertion and one Counter update per distinct
    n-gram of each document) is what remains.  Sentences are counted per distinct document (C-level
    :meth:`Counter.update`), weighted by its copies.
    """
    # documents are first grouped by their texts (cached string hashes: cheap), and only documents with
    # the same texts compare their signatures (hashing every signature of 860,000 sentences took 0.4 s)
    by_texts: dict[tuple[str, ...], list[tuple[list[Hashable], str]]] = {}  # texts → (signatures, doc)
    distinct: list[tuple[list[Sentence], str]] = []
    doc_weights: dict[str, int] = {}
    copies: set[str] = set()
    for doc_id, group in itertools.groupby(sentences, key=_DOC_ID):
        members = list(group)
        same_texts = by_texts.setdefault(tuple([sentence.text for sentence in members]), [])
        signatures = list(map(signature, members)) if same_texts else []
        original = next((doc for other, doc in same_texts if other == signatures), None)
        if original is None:
            same_texts.append((signatures or list(map(signature, members)), doc_id))
            distinct.append((members, doc_id))
        elif original != doc_id:  # (the same doc_id again is not contiguous: counting raises)
            doc_weights[original] = doc_weights.get(original, 1) + 1
            copies.add(doc_id)
    counts: Counter = Counter()
    for members, doc_id in distinct:
        _add(counts, map(signature, members), doc_weights.get(doc_id, 1))
    return _Occurrences(counts, doc_weights, frozenset(copies))


def _count_shared(
    tracker: _DocTracker, holders: Mapping[Hashable, int], grams_of: Mapping[Hashable, Iterable[Hashable]]
) -> None:
    """Finish ``tracker`` with the n-grams of the shared sentences, grouped by the documents holding them."""
    by_documents: dict[int, set] = {}
    for key, documents in holders.items():
        by_documents.setdefault(documents, set()).update(grams_of[key])
    for documents, grams in by_documents.items():
        tracker.add_shared(grams, documents)
    tracker.finish()


def _shared_keys(
    sentences: Sequence[Sentence], copies: Collection[str], key: Callable[[Sentence], Hashable]
) -> frozenset:
    """The sentence keys found in two or more documents (copies of a document not counted)."""
    holders: Counter = Counter()
    for doc_id, group in itertools.groupby(sentences, key=_DOC_ID):
        if doc_id not in copies:
            holders.update(set(map(key, group)))
    return frozenset(k for k, n in holders.items() if n > 1)


def _per_sentence(section_weights: Mapping[tuple[tuple[str, ...], str], int]) -> Counter:
    """``(tokens, section type) → occurrences`` summed over the section types."""
    weights: Counter = Counter()
    get = weights.get
    for (tokens, _), count in section_weights.items():
        weights[tokens] = get(tokens, 0) + count
    return weights


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
    out: dict = {}
    for gram, neighbour, count in matches:
        bucket = out.get(gram)
        if bucket is None:
            out[gram] = {neighbour: count}
        else:
            bucket[neighbour] = bucket.get(neighbour, 0) + count
    for gram in freq if grams is None else grams:
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


#: Sentence keys of the pre-pass, as C-level getters: what each counter reads of a sentence.
_WORD_KEY = attrgetter("tokens")
_WORD_SECTION_KEY = attrgetter("tokens", "section_type")
_CHAR_KEY = attrgetter("text", "tokens")


def _add(table: Counter, items: Iterable[Hashable], weight: int) -> None:
    """``table[item] += weight`` for each item: one :meth:`Counter.update` (a C loop) when ``weight`` is 1.

    Why: a sentence occurring ``w`` times adds its windows once, weighted, instead of ``w`` times; keys are
    inserted in the order of ``items`` either way, as a sentence-by-sentence pass inserts them.
    """
    if weight == 1:
        table.update(items)
        return
    get = table.get
    for item in items:
        table[item] = get(item, 0) + weight


def _as_sequence(sentences: Iterable[Sentence]) -> Sequence[Sentence]:
    """The sentences as a sequence: the counters read them twice (pre-pass, then counting)."""
    return sentences if isinstance(sentences, Sequence) else list(sentences)


@dataclass(slots=True)
class _WordWindows:
    """What one sentence adds to the word tables (its windows, in the order they are counted)."""

    grams: list[WordGram]  #: n-grams of freq
    kept: list[WordGram]  #: those with at least min_chars (doc and section freq)
    extra: list[WordGram]  #: context n-grams
    lefts: list[WordGram]  #: class-symbol edges at run starts
    rights: list[WordGram]  #: class-symbol edges at run ends
    windows: list[int]  #: windows of n = low, low + 1 … high tokens (totals)


def _word_windows(
    tokens: Iterable[str],
    canonical: dict[str, str | None],
    n_range: tuple[int, int],
    min_chars: int,
    max_chars: int,
) -> _WordWindows:
    """The word n-gram windows of one token stream (see :func:`count_word_ngrams`).

    ``canonical`` maps a token to the first seen equal string, or None for a token that breaks runs; it is
    filled as tokens are met.  Interning makes tuple comparison in the Counters hit the identity shortcut and
    reuses the cached string hashes.
    """
    low, high = n_range
    out = _WordWindows([], [], [], [], [], [0] * (high - low + 1))
    grams, kept, extra, windows = out.grams, out.kept, out.extra, out.windows
    cjk_search = _CJK_CHAR.search
    runs: list[tuple[tuple[str, ...], str, str]] = []  # (run, left edge symbol, right edge symbol)
    current: list[str] = []
    before = BOUNDARY
    for raw in tokens:
        if raw in canonical:
            token = canonical[raw]
        else:
            token = canonical[raw] = raw if cjk_search(raw) is not None and PLACEHOLDER not in raw else None
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
            if n <= high:
                windows[n - low] += length - n + 1
            for i in range(length - n + 1):
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
                    out.lefts.append((left_symbol, *run[:n]))
        if right_symbol:
            for n in range(low, min(high, length) + 1):
                if offsets[length] - offsets[length - n] <= max_chars:
                    out.rights.append((*run[length - n :], right_symbol))
    return out


@dataclass(slots=True)
class _WordRepeat:
    """A sentence that occurs again (outside copies of its document): what its later occurrences add."""

    kept: list[WordGram]  #: its n-grams of at least min_chars: to the document's set, to a new section type
    sections: set[str]  #: section types whose table already holds its weighted n-grams


def _section_table(section_freq: dict[str, Counter], section: str) -> Counter:
    table = section_freq.get(section)
    if table is None:
        table = section_freq[section] = Counter()
    return table


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
    one document must be contiguous.  Sentences with equal tokens are windowed once: their first occurrence
    adds ``w ×`` its windows for ``w`` occurrences (``w_s ×`` to section ``s``), later ones only add their
    n-grams to their document's set, and a copy of an earlier document is skipped (the earlier one's set is
    counted for it).  See the module docstring for neighbours, repeated sentences and pruning.
    """
    _check_word_options(n_range, min_chars, max_chars)
    low, high = n_range
    sentences = _as_sequence(sentences)
    where = _occurrences(sentences, _WORD_SECTION_KEY if by_section else _WORD_KEY)
    doc_weights, copies = where.doc_weights, where.copies
    section_weights = where.counts if by_section else None
    weights = _per_sentence(where.counts) if by_section else where.counts
    freq: Counter = Counter()
    context: Counter = Counter()
    section_freq: dict[str, Counter] = {}
    totals = dict.fromkeys(range(low, high + 1), 0)
    canonical: dict[str, str | None] = {}
    # sentences held by several documents: windowed first, so that their n-grams are known to the tracker
    shared = _shared_keys(sentences, copies, _WORD_KEY) if prune_below is None else frozenset()
    windowed = {key: _word_windows(key, canonical, n_range, min_chars, max_chars) for key in shared}
    tracker = _DocTracker(doc_weights, frozenset().union(*(found.kept for found in windowed.values())))
    holders: dict[tuple[str, ...], int] = {}  # shared sentence → bitmask of the documents holding it
    left_edges: Counter = Counter()
    right_edges: Counter = Counter()
    counts = NgramCounts(
        freq, tracker.doc_freq, context, totals, left_edges, right_edges, (low, high), section_freq
    )
    repeats: dict[tuple[str, ...], _WordRepeat] = {}
    for sentence, seen, doc_weight in _documents_to_count(sentences, tracker, copies):
        key = sentence.tokens
        repeat = repeats.get(key)
        if repeat is not None:  # windowed at its first occurrence: only where it is remains to add
            if key in holders:
                holders[key] |= tracker.bit
            else:
                seen.update(repeat.kept)
            if section_weights is not None and repeat.kept and sentence.section_type not in repeat.sections:
                section = sentence.section_type
                repeat.sections.add(section)
                _add(_section_table(section_freq, section), repeat.kept, section_weights[key, section])
            continue
        found = windowed.pop(key, None) or _word_windows(key, canonical, n_range, min_chars, max_chars)
        weight = weights[key]
        for n, windows in enumerate(found.windows, low):
            totals[n] += weight * windows
        if found.grams:
            _add(freq, found.grams, weight)
        if found.extra:
            _add(context, found.extra, weight)
        if found.lefts:
            _add(left_edges, found.lefts, weight)
        if found.rights:
            _add(right_edges, found.rights, weight)
        kept = found.kept
        if kept:
            if key in shared:
                holders[key] = tracker.bit
            else:
                seen.update(kept)
            if section_weights is not None:
                section = sentence.section_type
                _add(_section_table(section_freq, section), kept, section_weights[key, section])
        if weight > doc_weight:  # it occurs again outside the copies of this document
            repeats[key] = _WordRepeat(kept, {sentence.section_type})
        if prune_below is not None and len(freq) + len(context) > prune_at:
            before = len(freq)
            _prune_word_tables(counts, prune_below)
            logger.info("pruned word n-grams below %d: %d -> %d entries", prune_below, before, len(freq))
    _count_shared(tracker, holders, {key: repeats[key].kept for key in holders})
    if prune_below is not None:
        _prune_word_tables(counts, prune_below)
    counts.n_docs = len(tracker.finished)
    counts.n_sentences = len(sentences)
    return counts


@dataclass(slots=True)
class _CharWindows:
    """What one sentence adds to the character tables."""

    grams: list[str] = field(default_factory=list)  #: n-grams
    extra: list[str] = field(default_factory=list)  #: (n+1)-grams (context)
    aligned: list[str] = field(default_factory=list)  #: n-grams starting and ending on token boundaries
    lefts: list[str] = field(default_factory=list)  #: class-symbol edges at run starts
    rights: list[str] = field(default_factory=list)  #: class-symbol edges at run ends


def _char_windows(text: str, tokens: Iterable[str], n: int) -> _CharWindows:
    """The character ``n``-gram windows of one sentence (see :func:`count_char_ngrams`)."""
    out = _CharWindows()
    grams, extra, good = out.grams, out.extra, out.aligned
    bounds: set[int] | None = None
    for match in _CJK_RUN.finditer(text):
        start, end = match.span()
        if end - start < n:
            continue
        if bounds is None:
            bounds = {0}
            acc = 0
            for token in tokens:
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
        left, right = run_edges(text, start, end, n)
        if left:
            out.lefts.append(left)
        if right:
            out.rights.append(right)
    return out


def run_edges(text: str, start: int, end: int, n: int) -> tuple[str, str]:
    """The class-symbol edges of the CJK run ``text[start:end]``: ``symbol + first n characters`` and ``last
    n characters + symbol``, each ``""`` where the run starts or ends at punctuation or the text's edge."""
    left = edge_symbol(text[start - 1]) if start else BOUNDARY
    right = edge_symbol(text[end]) if end < len(text) else BOUNDARY
    return (left + text[start : start + n] if left else "", text[end - n : end] + right if right else "")


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
    ``sentence.tokens``.  Sentences of one document must be contiguous.  Sentences with equal text and tokens
    are windowed once, weighted by their occurrences, and copies of a document are skipped (as in
    :func:`count_word_ngrams`).  See the module docstring for pruning.
    """
    if n < 1:
        raise ValueError(f"n={n}: character n-grams need n >= 1")
    sentences = _as_sequence(sentences)
    if prune_below is None and n <= 4:  # the same tables, counted with numpy arrays where they fit
        from analysis.char_counts import count_char_ngrams_vectorised

        vectorised = count_char_ngrams_vectorised(sentences, n=n)
        if vectorised is not None:
            return vectorised
    where = _occurrences(sentences, _CHAR_KEY)
    weights, doc_weights, copies = where.counts, where.doc_weights, where.copies
    freq: Counter = Counter()
    context: Counter = Counter()
    aligned: Counter = Counter()
    left_edges: Counter = Counter()
    right_edges: Counter = Counter()
    # sentences held by several documents: windowed first, their n-grams counted by bitmask (see _DocTracker)
    shared = _shared_keys(sentences, copies, _CHAR_KEY) if prune_below is None else frozenset()
    windowed = {key: _char_windows(key[0], key[1], n) for key in shared}
    tracker = _DocTracker(doc_weights, frozenset().union(*(found.grams for found in windowed.values())))
    holders: dict[tuple[str, tuple[str, ...]], int] = {}  # shared sentence → bitmask of its documents
    total = 0
    repeats: dict[tuple[str, tuple[str, ...]], list[str]] = {}  # key → its n-grams, for the document sets
    for sentence, seen, doc_weight in _documents_to_count(sentences, tracker, copies):
        key = (sentence.text, sentence.tokens)
        repeat = repeats.get(key)
        if repeat is not None:  # windowed at its first occurrence
            if key in holders:
                holders[key] |= tracker.bit
            else:
                seen.update(repeat)
            continue
        found = windowed.pop(key, None) or _char_windows(sentence.text, sentence.tokens, n)
        weight = weights[key]
        if weight > doc_weight:
            repeats[key] = found.grams
        if found.lefts:
            _add(left_edges, found.lefts, weight)
        if found.rights:
            _add(right_edges, found.rights, weight)
        if not found.grams:
            continue
        total += len(found.grams) * weight
        _add(freq, found.grams, weight)
        if key in shared:
            holders[key] = tracker.bit
        else:
            seen.update(found.grams)
        _add(context, found.extra, weight)
        _add(aligned, found.aligned, weight)
        if prune_below is not None and len(freq) + len(context) > prune_at:
            _prune_char_tables(freq, tracker.doc_freq, context, aligned, prune_below)
    _count_shared(tracker, holders, repeats)
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
