"""One search of the phrase bank's phrases in the corpus's sentences, read by both of its sentence scans.

The phrase bank looks for phrases in the sentences twice: the example of each phrase
(:func:`~analysis.phrasebank.find_examples`: leftmost-longest matches of the phrases without an example,
then a plain substring test for the phrases that are always inside a longer one) and the counts per (report,
section type) of the slogans, terms and idioms (:func:`~analysis.phrasebank.count_phrase_occurrences`:
leftmost-longest matches of those).  Both were a ``findall`` per distinct sentence and a Python loop per
match and per sentence: 3.7 s at 100 MB of distinct text.

:func:`scan_phrases` does the matching once for both: every occurrence of every phrase, overlapping ones
included, in one automaton pass (:class:`~analysis.multimatch.Automaton`) over the distinct sentences joined
by newlines, as integer arrays.  The leftmost-longest matches of any subset of the phrases come from those
arrays (:func:`leftmost_longest`), and so does "the first sentence holding the phrase at all"; the counts
are ``numpy`` sorts and ``bincount`` over the sentences' codes, and Python touches only the rows it returns.
The results are equal to the per-sentence scans, dictionaries in the same insertion order
(tests/test_phrase_scan.py keeps those scans as the reference).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from ahocorasick_rs import AhoCorasick, MatchKind

from .multimatch import Automaton
from .records import Sentence

#: Joins the distinct texts for the automaton's pass: no phrase spans it (a phrase holding it is not scanned).
SEPARATOR = "\n"


@dataclass(frozen=True, slots=True)
class SentenceTexts:
    """The distinct ``(text, heading flag)`` of some sentences in corpus order, and what each sentence is.

    ``texts[i]`` is the i-th distinct (text, heading flag) in order of first occurrence (what
    :func:`~analysis.phrasebank.first_of_each` keeps); per sentence, its distinct text and its place, coded
    in order of first occurrence.
    """

    texts: list[str]
    lengths: np.ndarray  #: by distinct text: its characters
    headings: np.ndarray  #: by distinct text: its heading flag
    canonical: np.ndarray  #: by distinct text: the first distinct text with the same string
    text_of: np.ndarray  #: by sentence: its distinct text
    places: list[tuple[str, str]]  #: (doc_id, section_type) in order of first occurrence
    place_of: np.ndarray  #: by sentence: its place
    sections: list[str]  #: section types in order of first occurrence
    section_of_place: np.ndarray  #: by place: its section type
    source: Sequence[Sentence]  #: the sentences

    @classmethod
    def of(cls, sentences: Sequence[Sentence]) -> SentenceTexts:
        """One Python loop over the sentences for their texts (a sentence's key: its text, or ``(text,
        True)`` for a heading: no tuple for most), the places by C loops over runs of sentences of one
        report and section type (which is how sentences come).  Measured at 30 MB (217,000 sentences):
        0.08 s, against 0.15 s for a loop doing both."""
        index: dict[str | tuple[str, bool], int] = {}
        texts: list[str] = []
        lengths: list[int] = []
        headings: list[bool] = []
        text_of: list[int] = []
        get, of = index.get, text_of.append
        for _, _, text, _, heading in sentences:
            key = (text, True) if heading else text
            i = get(key)
            if i is None:
                i = index[key] = len(texts)
                texts.append(text)
                lengths.append(len(text))
                headings.append(heading)
            of(i)
        canonical = np.arange(len(texts), dtype=np.int64)
        for i in np.flatnonzero(headings).tolist():  # a heading's text also a body sentence's: the first
            body = index.get(texts[i])
            if body is not None:
                canonical[max(i, body)] = min(i, body)
        docs = list(map(operator.itemgetter(0), sentences))
        sections = list(map(operator.itemgetter(1), sentences))
        n = len(docs)
        changes = np.fromiter(map(operator.ne, docs[1:], docs[:-1]), dtype=bool, count=max(0, n - 1))
        changes |= np.fromiter(map(operator.ne, sections[1:], sections[:-1]), dtype=bool, count=max(0, n - 1))
        runs = np.flatnonzero(np.concatenate(([n > 0], changes)))
        place_index: dict[tuple[str, str], int] = {}
        codes = [place_index.setdefault((docs[i], sections[i]), len(place_index)) for i in runs.tolist()]
        section_index: dict[str, int] = {}
        section_of_place = [section_index.setdefault(s, len(section_index)) for _, s in place_index]
        return cls(
            texts,
            np.array(lengths, dtype=np.int64),
            np.array(headings, dtype=bool),
            canonical,
            np.array(text_of, dtype=np.int64),
            list(place_index),
            np.repeat(np.array(codes, dtype=np.int64), np.diff(np.append(runs, n))),
            list(section_index),
            np.array(section_of_place, dtype=np.int64),
            sentences,
        )


@dataclass(frozen=True, slots=True)
class PhraseScan:
    """Every occurrence of ``phrases`` in the distinct texts of some sentences: rows ``(phrase, text, start,
    end)`` (offsets in the text joined, ``SEPARATOR`` between texts) sorted by start, longest first."""

    phrases: list[str]
    sentences: SentenceTexts
    phrase: np.ndarray  #: by occurrence: index into ``phrases``
    text: np.ndarray  #: by occurrence: index into ``sentences.texts``
    start: np.ndarray
    end: np.ndarray

    @property
    def source(self) -> Sequence[Sentence]:
        """The sentences scanned."""
        return self.sentences.source

    def holds(self, phrases: Iterable[str]) -> bool:
        """Whether every one of ``phrases`` was scanned."""
        return set(phrases) <= set(self.phrases)

    def occurrences_of(self, phrases: Iterable[str]) -> np.ndarray:
        """The occurrences (indexes of the rows) of ``phrases``, which must all have been scanned."""
        number = {p: i for i, p in enumerate(self.phrases)}
        wanted = np.zeros(len(self.phrases), dtype=bool)
        wanted[[number[p] for p in set(phrases)]] = True
        return np.flatnonzero(wanted[self.phrase])

    def leftmost_longest(self, phrases: Iterable[str]) -> np.ndarray:
        """The rows of the leftmost-longest non-overlapping matches of ``phrases`` in each text, in text
        order then start: what ``PhraseMatcher(phrases).findall`` finds, text by text."""
        rows = self.occurrences_of(phrases)
        return rows[leftmost_longest(self.start[rows], self.end[rows])]


def scannable(phrases: Iterable[str]) -> bool:
    """Whether :func:`scan_phrases` can take ``phrases``: none empty, none holding :data:`SEPARATOR`."""
    return all(p and SEPARATOR not in p for p in phrases)


def scan_phrases(phrases: Iterable[str], sentences: Sequence[Sentence] | SentenceTexts) -> PhraseScan:
    """Every occurrence of every phrase in the distinct texts of ``sentences``: one automaton pass over them
    joined (see the module docstring).  A phrase :func:`scannable` refuses (empty, or holding
    :data:`SEPARATOR`) is left out: the scan does not :meth:`~PhraseScan.holds` it."""
    texts = sentences if isinstance(sentences, SentenceTexts) else SentenceTexts.of(sentences)
    unique = sorted(p for p in set(phrases) if scannable([p]))
    if unique and texts.texts:
        table = Automaton(unique).matches(SEPARATOR.join(texts.texts))
    else:
        table = np.empty((0, 3), dtype=np.int64)
    table = table[np.lexsort((-table[:, 2], table[:, 1]))]  # by start, the longest first
    bounds = np.concatenate(([0], np.cumsum(texts.lengths + 1)))
    text = np.searchsorted(bounds, table[:, 1], side="right") - 1
    return PhraseScan(unique, texts, table[:, 0], text, table[:, 1], table[:, 2])


def leftmost_longest(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Which of the occurrences ``[start, end)`` (sorted by start, then end descending) a leftmost-longest
    scan takes: from the left, the longest occurrence starting first, then the same after its end.

    Vectorised: of the occurrences starting at one place only the first (longest) can be taken; of those,
    one starting at or after the end of every occurrence before it is always taken (whatever was taken
    before ends there at the latest), and only between two such does the greedy choice have to be followed
    step by step — from each, the next taken is the first occurrence starting at or after its end (a
    ``searchsorted``), a Python step per occurrence only where occurrences overlap.
    """
    n = len(start)
    if n == 0:
        return np.zeros(0, dtype=bool)
    head = np.ones(n, dtype=bool)
    head[1:] = start[1:] != start[:-1]
    candidates = np.flatnonzero(head)
    c_start, c_end = start[candidates], end[candidates]
    reach = np.maximum.accumulate(c_end)  # the furthest end up to each candidate
    free = np.ones(len(candidates), dtype=bool)
    free[1:] = c_start[1:] >= reach[:-1]
    taken = free.copy()
    if not free.all():
        following = np.searchsorted(c_start, c_end, side="left")  # from each, the next one it allows
        frees = np.flatnonzero(free)
        limits = np.append(frees[1:], len(candidates))
        crowded = np.flatnonzero(np.diff(np.append(frees, len(candidates))) > 1)  # runs with overlaps
        follow = following.tolist()
        for k in crowded.tolist():
            i, limit = follow[frees[k]], int(limits[k])
            while i < limit:
                taken[i] = True
                i = follow[i]
    out = np.zeros(n, dtype=bool)
    out[candidates[taken]] = True
    return out


def _distinct(keys: np.ndarray) -> np.ndarray:
    """``np.unique(keys)`` by a sort (numpy 2's ``unique`` hashes, 10× slower on 450,000 keys)."""
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


def _first_text(scan: PhraseScan, rows: np.ndarray, among: np.ndarray) -> dict[str, int]:
    """For each phrase of the occurrences ``rows`` (in text order), the first text holding one of them
    among the texts marked in ``among``: phrase → text."""
    rows = rows[among[scan.text[rows]]]
    phrases, first = np.unique(scan.phrase[rows], return_index=True)
    return dict(
        zip([scan.phrases[p] for p in phrases.tolist()], scan.text[rows[first]].tolist(), strict=True)
    )


def example_texts(scan: PhraseScan, phrases: Iterable[str], good: tuple[int, int]) -> dict[str, str]:
    """Each phrase's example sentence (whole), as :func:`~analysis.phrasebank.find_examples` chooses it:
    the first text not a heading and of ``good`` length (characters, bounds included) where a
    leftmost-longest scan of ``phrases`` matches it, else the first such text holding it at all, else the
    first text where the scan matches it, else the first text holding it; phrases in no text left out."""
    wanted = set(phrases)
    texts = scan.sentences.texts
    low, high = good
    lengths = scan.sentences.lengths
    readable = ~scan.sentences.headings & (lengths >= low) & (lengths <= high)
    rows = scan.leftmost_longest(wanted)
    chosen = _first_text(scan, rows, readable)
    fallback = _first_text(scan, rows, ~readable)
    hidden = wanted - chosen.keys()  # (inside a longer phrase wherever the scan reached a readable text)
    if hidden:
        anywhere = scan.occurrences_of(hidden)
        chosen.update(_first_text(scan, anywhere, readable))
        for phrase, text in _first_text(scan, anywhere, np.ones(len(texts), dtype=bool)).items():
            fallback.setdefault(phrase, text)
    return {
        p: texts[chosen[p] if p in chosen else fallback[p]] for p in wanted if p in chosen or p in fallback
    }


#: Occurrences per (doc_id, section_type) → phrase; characters per section type; distinct texts per section
#: type → phrase (:class:`~analysis.phrasebank.PhraseOccurrences`).
PlaceCounts = tuple[dict[tuple[str, str], dict[str, int]], dict[str, int], dict[str, dict[str, int]]]


def place_counts(scan: PhraseScan, phrases: Iterable[str]) -> PlaceCounts:
    """The leftmost-longest matches of ``phrases`` counted at every sentence holding them, per (report,
    section type); each section type's characters (every sentence's); per section type and phrase the
    distinct (text, section type) pairs whose matches hold it.  Dictionaries in order of first occurrence
    (as :func:`~analysis.phrasebank.count_phrase_occurrences` fills them, phrase by phrase)."""
    st = scan.sentences
    lengths = st.lengths
    section_of = st.section_of_place[st.place_of]  # by sentence
    chars = np.bincount(section_of, weights=lengths[st.text_of], minlength=len(st.sections))
    section_chars = dict(zip(st.sections, chars.astype(np.int64).tolist(), strict=True))
    rows = scan.leftmost_longest(phrases)  # by text, then start
    per_text = np.bincount(scan.text[rows], minlength=len(st.texts))
    first_row = np.cumsum(per_text) - per_text
    n = per_text[st.text_of]  # by sentence: its matches
    matched = np.flatnonzero(n)
    # every match at every sentence, in corpus order: (place, phrase) counted, first occurrences kept in order
    sentence = np.repeat(matched, n[matched])
    rank = np.arange(len(sentence)) - np.repeat(np.cumsum(n[matched]) - n[matched], n[matched])
    row = rows[first_row[st.text_of[sentence]] + rank]
    n_phrases = max(1, len(scan.phrases))
    keys, first, counts = np.unique(
        st.place_of[sentence] * n_phrases + scan.phrase[row], return_index=True, return_counts=True
    )
    place, phrase = np.divmod(keys, n_phrases)  # (by place)
    heads = np.flatnonzero(np.diff(place, prepend=-1))
    opened = np.minimum.reduceat(first, heads) if len(heads) else heads  # each place's first occurrence
    order = np.lexsort((first, np.repeat(opened, np.diff(np.append(heads, len(keys))))))
    names = np.array(scan.phrases, dtype=object)[phrase[order]].tolist()
    counted = counts[order].tolist()
    bounds = np.flatnonzero(np.diff(place[order], prepend=-1)).tolist()  # (places come together)
    ends = [*bounds[1:], len(keys)][: len(bounds)]
    by_place = {
        st.places[p]: dict(zip(names[lo:hi], counted[lo:hi], strict=True))
        for p, lo, hi in zip(place[order][bounds].tolist(), bounds, ends, strict=True)
    }
    # distinct (text, section type) pairs with a match, and the distinct phrases of each text
    n_sections = max(1, len(st.sections))
    pairs, first = np.unique(
        st.canonical[st.text_of[matched]] * n_sections + section_of[matched], return_index=True
    )
    pairs = pairs[np.argsort(first, kind="stable")]
    held = _distinct(scan.text[rows] * n_phrases + scan.phrase[rows])  # (text, phrase), by text
    held_text, held_phrase = np.divmod(held, n_phrases)
    text, section = np.divmod(pairs, n_sections)
    lo = np.searchsorted(held_text, text, side="left")
    hi = np.searchsorted(held_text, text, side="right")
    pair = np.repeat(np.arange(len(pairs)), hi - lo)
    at = np.arange(len(pair)) - np.repeat(np.cumsum(hi - lo) - (hi - lo), hi - lo) + lo[pair]
    section_texts: dict[str, dict[str, int]] = {st.sections[s]: {} for s in dict.fromkeys(section.tolist())}
    keys, counts = np.unique(section[pair] * n_phrases + held_phrase[at], return_counts=True)
    for key, count in zip(keys.tolist(), counts.tolist(), strict=True):
        s, phrase = divmod(key, n_phrases)
        section_texts[st.sections[s]][scan.phrases[phrase]] = count
    return by_place, section_chars, section_texts


def _alternation(phrases: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not unique:
        return None
    return re.compile("|".join(map(re.escape, unique)))


class PhraseMatcher:
    """Leftmost-longest, non-overlapping occurrences of literal phrases, as a longest-first alternation finds.

    ``PhraseMatcher(phrases).findall(text)`` equals ``re.findall("|".join(longest first), text)``: scanning
    left to right, at the first position where some phrase starts the longest phrase starting there is taken,
    and the scan resumes after it.  Why not the regex: ``re`` tries every alternative at every position
    (O(phrases × characters)); an Aho–Corasick automaton in leftmost-longest mode (``ahocorasick-rs``, the
    Rust ``aho-corasick`` crate) finds the same matches in one pass whatever the number of phrases.  The
    empty phrase (which an automaton cannot hold) falls back to the regex.
    """

    __slots__ = ("_automaton", "_pattern")

    def __init__(self, phrases: Iterable[str]) -> None:
        unique = sorted(set(phrases), key=lambda p: (-len(p), p))
        self._pattern = _alternation(unique) if "" in unique else None
        self._automaton = (
            AhoCorasick(unique, matchkind=MatchKind.LeftmostLongest)
            if unique and self._pattern is None
            else None
        )

    def __bool__(self) -> bool:
        return self._automaton is not None or self._pattern is not None

    def findall(self, text: str) -> list[str]:
        """The matched phrases of ``text``, in order."""
        if self._pattern is not None:
            return self._pattern.findall(text)
        if self._automaton is None:
            return []
        return self._automaton.find_matches_as_strings(text)


def counted_by_text(phrases: Iterable[str], sentences: Iterable[Sentence]) -> PlaceCounts:
    """:func:`place_counts` by a ``findall`` per distinct text (memoised by text): for phrases that
    :func:`scan_phrases` cannot take."""
    matcher = PhraseMatcher(phrases)
    findall = matcher.findall if matcher else None
    matches: dict[str, tuple[str, ...]] = {}  # text → its matches (the empty tuple is shared)
    by_place: dict[tuple[str, str], dict[str, int]] = {}
    chars: dict[str, int] = {}
    place: tuple[str, str] | None = None
    table: dict[str, int] = {}
    texts: dict[str, dict[str, int]] = {}
    seen: set[tuple[str, str]] = set()  # (text, section type) pairs whose matches were added to ``texts``
    for sentence in sentences:
        text = sentence.text
        section = sentence.section_type
        chars[section] = chars.get(section, 0) + len(text)
        found = matches.get(text)
        if found is None:
            found = matches[text] = tuple(findall(text)) if findall is not None else ()
        if not found:
            continue
        if (text, section) not in seen:
            seen.add((text, section))
            in_section = texts.setdefault(section, {})
            for phrase in set(found):
                in_section[phrase] = in_section.get(phrase, 0) + 1
        if place is None or place[0] != sentence.doc_id or place[1] != section:
            place = (sentence.doc_id, section)  # sentences come in runs of one report and section
            table = by_place.setdefault(place, {})
        for phrase in found:
            table[phrase] = table.get(phrase, 0) + 1
    return by_place, chars, texts
