"""Where each phrase of ``report.html`` occurs: counts per (report, section type) and concordance lines.

:func:`phrase_places` finds every occurrence of every phrase (literal phrases in *overlapping* mode: a term
inside a longer passage counts for both; phrases with slots as patterns around their longest fixed part,
:func:`~analysis.page_data.phrase_pattern`; heading templates against whole headings) and keeps up to
``per_phrase`` concordance lines spread over the reports (:func:`spread`).  Context never crosses a
paragraph.

How, and why so: the occurrences are rows of integer arrays (phrase, text, start, end) from one automaton
pass over each chunk of texts joined by newlines, and the counts and the first hits of each (phrase,
report) come from one sort of those rows, not from a Python loop over every match: at 100 MB of text the
page's phrases occur a few million times.  Python touches only what the page keeps: the (report, section
type) counts and the concordance lines chosen.  Exact copies of a report (which share their parsed
paragraphs and headings, :mod:`analysis.loading`) are matched once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from .kwic import ConcordanceLine
from .multimatch import Automaton
from .page_data import (
    CLAUSE_MARKS,
    KWIC_PER_PHRASE,
    KWIC_WIDTH,
    SLOT_CHARS,
    SLOT_RE,
    PhrasePattern,
    phrase_pattern,
)
from .records import Report

#: Characters of texts joined for one automaton pass (bounds the pass's match table).
CHUNK_CHARS = 4_000_000
_CLAUSE_MARK = re.compile(f"[{CLAUSE_MARKS}]")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PhrasePlaces:
    """Occurrences of phrases ``0 … n-1`` (indexes into the list given to :func:`phrase_places`)."""

    #: phrase index → (report index, section type, occurrences), in report order, then section type
    counts: Mapping[int, tuple[tuple[int, str, int], ...]]
    #: phrase index → concordance lines (at most ``per_phrase``), in report order
    lines: Mapping[int, tuple[ConcordanceLine, ...]]


class PhraseFinder:
    """Occurrences of some phrases in texts: literal phrases overlapping, patterns around their anchors.

    Two automata: one of the literal phrases, one of the patterns' anchors.  An anchor that must open a
    clause is looked for with each clause mark before it (``，积极``), one that must close a clause with each
    mark after it, in the text framed by newlines: the automaton then reports only the anchors at the clause
    edge their pattern needs (a frame's anchor such as ``积极`` is mostly inside clauses), and each reported
    anchor is checked with the pattern.  ``whole``: a pattern must match the whole text (a heading template
    against a heading).
    """

    def __init__(self, phrases: Iterable[tuple[int, str]], *, whole: bool) -> None:
        literal: dict[str, list[int]] = defaultdict(list)
        anchored: dict[str, list[int]] = defaultdict(list)
        # one-slot patterns opening on their anchor, by key: length of the fixed end → fixed end → indexes
        heads: dict[str, dict[int, dict[str, list[int]]]] = defaultdict(dict)
        shifts: dict[str, tuple[int, int]] = {}
        self.patterns: dict[int, PhrasePattern] = {}
        for index, phrase in phrases:
            pattern = phrase_pattern(phrase, clause=not whole)
            if pattern is None:
                if phrase:
                    literal[phrase].append(index)
                continue
            self.patterns[index] = pattern
            if pattern.opens:
                keys, shift = [mark + pattern.anchor for mark in CLAUSE_MARKS], (1, 0)
            elif pattern.closes:
                keys, shift = [pattern.anchor + mark for mark in CLAUSE_MARKS], (0, -1)
            else:
                keys, shift = [pattern.anchor], (0, 0)
            end = _one_slot_end(phrase, pattern)
            for key in keys:
                shifts[key] = shift
                if end is None:
                    anchored[key].append(index)
                else:
                    anchored.setdefault(key, [])  # (the key goes into the automaton)
                    heads[key].setdefault(len(end), {}).setdefault(end, []).append(index)
        literal_keys = sorted(literal)
        # each literal key's phrase indexes, flat: those of key k are flat[first[k] : first[k + 1]]
        self._flat = np.array([i for key in literal_keys for i in literal[key]], dtype=np.int64)
        self._first = np.cumsum([0, *(len(literal[key]) for key in literal_keys)], dtype=np.int64)
        anchor_keys = sorted(anchored)
        self.anchored = [anchored[key] for key in anchor_keys]
        self.heads = [heads.get(key, {}) for key in anchor_keys]
        self.shifts = [shifts[key] for key in anchor_keys]
        self.literals = Automaton(literal_keys) if literal_keys else None
        self.anchors = Automaton(anchor_keys) if anchor_keys else None
        self.whole = whole

    def find_all(self, texts: Sequence[str]) -> np.ndarray:
        """Rows ``(phrase index, text, start, end)`` of every occurrence in each of ``texts``: every literal
        occurrence (also inside a longer phrase); for a pattern, the match holding each anchor occurrence,
        matches of one pattern not overlapping.  In no particular order: one pass of each automaton over each
        chunk of texts joined by newlines (each text framed by the newlines around it, as a pattern sees it;
        a key holds no newline but at its edge, so no match spans two texts)."""
        found = [np.empty((0, 4), dtype=np.int64)]
        for lo, hi in _chunks(texts, CHUNK_CHARS):
            chunk = texts[lo:hi]
            joined = "\n" + "\n".join(chunk) + "\n"
            frames = np.cumsum([0, *(len(text) + 1 for text in chunk[:-1])], dtype=np.int64)  # each "\n"
            if self.literals is not None:
                found.append(self._literal_rows(self.literals.matches(joined), frames, lo))
            if self.anchors is not None:
                found.append(self._pattern_rows(chunk, self.anchors.matches(joined), frames, lo))
        return np.concatenate(found)

    def _literal_rows(self, table: np.ndarray, frames: np.ndarray, lo: int) -> np.ndarray:
        """Rows (phrase, text, start, end) of the literal keys' matches ``table`` (key, start, end) in the
        joined chunk (``frames``: where each text's leading newline is; ``lo``: its first text's number)."""
        text = np.searchsorted(frames, table[:, 1], side="right") - 1
        shift = frames[text] + 1
        per_key = np.diff(self._first)[table[:, 0]]  # phrases of each match's key (mostly one)
        match = np.repeat(np.arange(len(table)), per_key)
        rank = np.arange(len(match)) - np.repeat(np.cumsum(per_key) - per_key, per_key)
        phrase = self._flat[self._first[table[match, 0]] + rank]
        return np.column_stack(
            (phrase, text[match] + lo, table[match, 1] - shift[match], table[match, 2] - shift[match])
        )

    def _pattern_rows(
        self, chunk: Sequence[str], table: np.ndarray, frames: np.ndarray, lo: int
    ) -> np.ndarray:
        """Rows (phrase, text, start, end) of the pattern matches around the anchors' matches ``table``."""
        text = np.searchsorted(frames, table[:, 1], side="right") - 1
        order = np.argsort(text, kind="stable")  # text by text, the automaton's order within each
        table, text = table[order], text[order]
        table[:, 1:] -= frames[text, None]  # offsets in "\n" + text + "\n"
        rows: list[tuple[int, int, int, int]] = []
        bounds = np.flatnonzero(np.diff(text)) + 1
        for group in np.split(np.arange(len(text)), bounds) if len(text) else ():
            i = int(text[group[0]])
            rows.extend((p, i + lo, s, e) for p, s, e in self._matches_of(chunk[i], table[group].tolist()))
        return np.array(rows, dtype=np.int64).reshape(-1, 4)

    def _matches_of(self, text: str, anchors: Sequence[Sequence[int]]) -> list[tuple[int, int, int]]:
        """The pattern matches around the anchor matches ``(key, start, end)`` of ``text`` (offsets in
        ``"\n" + text + "\n"``)."""
        found: list[tuple[int, int, int]] = []
        reached: dict[int, int] = {}
        for key, start, end in anchors:
            shift_start, shift_end = self.shifts[key]
            start, end = start - 1 + shift_start, end - 1 + shift_end  # in ``text``, the anchor alone
            if self.heads[key]:  # one-slot patterns opening here: their match runs to the clause's end
                mark = _CLAUSE_MARK.search(text, end)
                close = mark.start() if mark else len(text)
                for size, by_end in self.heads[key].items():
                    if 1 <= close - end - size <= SLOT_CHARS:
                        held = by_end.get(text[close - size : close], ())
                        found.extend((index, start, close) for index in held)
            for index in self.anchored[key]:
                pattern = self.patterns[index]
                if self.whole:
                    if index not in reached and pattern.regex.fullmatch(text):
                        found.append((index, 0, len(text)))
                    reached[index] = len(text)
                    continue
                if start < reached.get(index, 0):
                    continue  # inside this pattern's last match
                match = pattern.locate(text, start, end)
                if match is not None and match.start() >= reached.get(index, 0) and match.end() >= end:
                    found.append((index, match.start(), match.end()))
                    reached[index] = match.end()
        return found


def _one_slot_end(phrase: str, pattern: PhrasePattern) -> str | None:
    """The fixed end of a clause pattern ``anchor X end`` (``进一步X``: ``""``; ``加强X建设``: ``建设``) whose
    anchor opens it and whose end holds no clause mark, else None.  Such a pattern matches exactly when the
    clause after its anchor is 1–24 characters plus its end: its slot cannot cross a clause mark, and the
    match must stop before one — so one look for the clause's end answers every such pattern of an anchor,
    instead of a regex per pattern (most of the page's frames; 420,000 tries at 30 MB)."""
    parts = SLOT_RE.split(phrase)
    if pattern.shape != "head" or len(parts) != 2 or parts[0] != pattern.anchor:
        return None
    return None if _CLAUSE_MARK.search(parts[1]) else parts[1]


def _chunks(texts: Sequence[str], size: int) -> Iterator[tuple[int, int]]:
    """``(lo, hi)`` ranges of ``texts`` of about ``size`` characters each (at least one text)."""
    lo, chars = 0, 0
    for i, text in enumerate(texts):
        chars += len(text) + 1
        if chars >= size:
            yield lo, i + 1
            lo, chars = i + 1, 0
    if lo < len(texts):
        yield lo, len(texts)


@dataclass(frozen=True, slots=True)
class _Texts:
    """The paragraphs and headings of the distinct reports, numbered report by report (paragraphs first)."""

    texts: list[str]
    sections: list[str]
    offsets: list[int]  #: each text's offset in its report
    body: np.ndarray  #: by text: its distinct report
    paragraphs: np.ndarray  #: numbers of the paragraphs
    headings: np.ndarray  #: numbers of the headings

    @classmethod
    def of(cls, bodies: Sequence[Report]) -> _Texts:
        texts: list[str] = []
        sections: list[str] = []
        offsets: list[int] = []
        body: list[int] = []
        heading: list[bool] = []
        for b, report in enumerate(bodies):
            for parts, is_heading in ((report.paragraphs, False), (report.headings, True)):
                for part in parts:
                    texts.append(part.text)
                    sections.append(part.section_type)
                    offsets.append(part.start)
                    body.append(b)
                    heading.append(is_heading)
        is_heading = np.array(heading, dtype=bool)
        numbers = np.arange(len(texts))
        return cls(
            texts,
            sections,
            offsets,
            np.array(body, dtype=np.int64),
            numbers[~is_heading],
            numbers[is_heading],
        )


def phrase_places(
    phrases: Sequence[str],
    reports: Sequence[Report],
    *,
    in_headings: Iterable[int] = (),
    width: int = KWIC_WIDTH,
    per_phrase: int = KWIC_PER_PHRASE,
) -> PhrasePlaces:
    """Count every phrase per (report, section type) and keep a few concordance lines (module docstring).

    ``in_headings``: indexes of phrases looked for in the headings only (heading templates), a pattern
    matching a whole heading; the others in every paragraph.  Lines are chosen by :func:`spread` among each
    report's first ``per_phrase`` hits (paragraphs first, then headings; in text order).
    """
    heading_only = set(in_headings)
    body_finder = PhraseFinder(((i, p) for i, p in enumerate(phrases) if i not in heading_only), whole=False)
    heading_finder = PhraseFinder(((i, p) for i, p in enumerate(phrases) if i in heading_only), whole=True)
    first: dict[tuple[int, int], Report] = {}  # a report's parsed parts → the first report having them
    for report in reports:
        first.setdefault((id(report.paragraphs), id(report.headings)), report)
    number = {key: b for b, key in enumerate(first)}
    body_of_doc = np.array([number[id(r.paragraphs), id(r.headings)] for r in reports], dtype=np.int64)
    bodies = list(first.values())
    parts = _Texts.of(bodies)
    rows = [np.empty((0, 4), dtype=np.int64)]
    for finder, numbers in ((body_finder, parts.paragraphs), (heading_finder, parts.headings)):
        found = finder.find_all([parts.texts[i] for i in numbers.tolist()])
        found[:, 1] = numbers[found[:, 1]]
        rows.append(found)
    hits = np.concatenate(rows)
    hits = hits[np.lexsort((hits[:, 2], hits[:, 1], hits[:, 0]))]  # by phrase, then text, then start
    docs_of = _docs_of_bodies(body_of_doc, len(bodies))
    counts = _counts(hits, parts, docs_of)
    lines = _lines(hits, parts, docs_of, reports, width=width, per_phrase=per_phrase)
    return PhrasePlaces(counts, lines)


def _docs_of_bodies(body_of_doc: np.ndarray, n_bodies: int) -> list[list[int]]:
    """The reports of each distinct report (itself and its exact copies), ascending."""
    docs: list[list[int]] = [[] for _ in range(n_bodies)]
    for doc, body in enumerate(body_of_doc.tolist()):
        docs[body].append(doc)
    return docs


def _counts(
    hits: np.ndarray, parts: _Texts, docs_of: list[list[int]]
) -> dict[int, tuple[tuple[int, str, int], ...]]:
    """Occurrences of each phrase per (report, section type): one ``np.unique`` of (phrase, distinct report,
    section type) keys, each distinct report's counts given to each of its copies."""
    names = sorted(set(parts.sections))
    code = {name: i for i, name in enumerate(names)}
    section = np.array([code[s] for s in parts.sections], dtype=np.int64)
    n_bodies, n_sections = len(docs_of), max(1, len(names))
    keys = (hits[:, 0] * n_bodies + parts.body[hits[:, 1]]) * n_sections + section[hits[:, 1]]
    unique, n = np.unique(keys, return_counts=True)
    by_phrase: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for key, count in zip(unique.tolist(), n.tolist(), strict=True):
        phrase, rest = divmod(key, n_bodies * n_sections)
        body, sec = divmod(rest, n_sections)
        by_phrase[phrase].extend((doc, names[sec], count) for doc in docs_of[body])
    return {phrase: tuple(sorted(rows)) for phrase, rows in by_phrase.items()}


class _FirstHits(Mapping[int, list[tuple[str, str, int, int, int]]]):
    """One phrase's first hits in each report holding it, made only for the reports :func:`spread` reads:
    report → hits ``(text, section type, offset, start, end)``."""

    def __init__(
        self, hits: np.ndarray, parts: _Texts, docs_of: list[list[int]], body_of: np.ndarray
    ) -> None:
        self._hits, self._parts = hits, parts  # (text, start, end) rows of this phrase's kept hits
        bodies, self._starts = np.unique(body_of, return_index=True)
        self._ends = np.append(self._starts[1:], len(body_of))
        self._slot = {doc: k for k, b in enumerate(bodies.tolist()) for doc in docs_of[b]}

    def __getitem__(self, doc: int) -> list[tuple[str, str, int, int, int]]:
        k = self._slot[doc]
        parts = self._parts
        return [
            (parts.texts[t], parts.sections[t], parts.offsets[t], s, e)
            for t, s, e in self._hits[self._starts[k] : self._ends[k]].tolist()
        ]

    def __iter__(self) -> Iterator[int]:
        return iter(self._slot)

    def __len__(self) -> int:
        return len(self._slot)


def _lines(
    hits: np.ndarray,
    parts: _Texts,
    docs_of: list[list[int]],
    reports: Sequence[Report],
    *,
    width: int,
    per_phrase: int,
) -> dict[int, tuple[ConcordanceLine, ...]]:
    """Concordance lines of each phrase, chosen by :func:`spread` among each report's first ``per_phrase``
    hits (``hits`` sorted by phrase, text, start: a distinct report's texts are numbered together)."""
    body = parts.body[hits[:, 1]]
    group = np.ones(len(hits), dtype=bool)
    group[1:] = (hits[1:, 0] != hits[:-1, 0]) | (body[1:] != body[:-1])
    heads = np.flatnonzero(group)
    rank = np.arange(len(hits)) - np.repeat(heads, np.diff(np.append(heads, len(hits))))
    kept = rank < per_phrase
    hits, body = hits[kept], body[kept]
    phrase_starts = np.flatnonzero(np.diff(hits[:, 0], prepend=-1))  # (none when no phrase occurs)
    phrase_ends = np.append(phrase_starts[1:], len(hits))[: len(phrase_starts)]
    lines = {}
    for lo, hi in zip(phrase_starts.tolist(), phrase_ends.tolist(), strict=True):
        per_doc = _FirstHits(hits[lo:hi, 1:], parts, docs_of, body[lo:hi])
        lines[int(hits[lo, 0])] = tuple(
            ConcordanceLine(
                reports[doc].doc_id,
                section,
                text[max(0, start - width) : start],
                text[start:end],
                text[end : end + width],
                offset + start,
            )
            for doc, (text, section, offset, start, end) in spread(per_doc, per_phrase)
        )
    return lines


def spread(per_doc: Mapping[int, Sequence[T]], limit: int) -> list[tuple[int, T]]:
    """At most ``limit`` hits ``(report index, hit)``, spread over the reports: with ``limit`` reports or
    more, the first hit of ``limit`` reports evenly spaced in corpus order (first and last included: over a
    corpus ordered by year, early and recent uses); with fewer, the reports' first hits, then their second
    hits, ….  In corpus order."""
    docs = sorted(per_doc)
    if len(docs) >= limit:
        step = (len(docs) - 1) / max(1, limit - 1)
        return [(doc, per_doc[doc][0]) for doc in sorted({docs[round(i * step)] for i in range(limit)})]
    picked: list[tuple[int, int]] = []
    depth = 0
    while len(picked) < limit and any(depth < len(per_doc[doc]) for doc in docs):
        picked.extend((doc, depth) for doc in docs if depth < len(per_doc[doc]))
        depth += 1
    return [(doc, per_doc[doc][k]) for doc, k in sorted(picked[:limit])]
