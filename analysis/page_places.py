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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TypeVar

import numpy as np

from .kwic import ConcordanceLine
from .page_data import KWIC_PER_PHRASE, KWIC_WIDTH
from .page_finder import PhraseFinder as PhraseFinder
from .page_finder import expand
from .records import Report

T = TypeVar("T")
_TEXT, _SECTION, _START = (attrgetter(name) for name in ("text", "section_type", "start"))


@dataclass(frozen=True, slots=True)
class PhrasePlaces:
    """Occurrences of phrases ``0 … n-1`` (indexes into the list given to :func:`phrase_places`)."""

    #: phrase index → (report index, section type, occurrences), in report order, then section type
    counts: PlaceCounts
    #: phrase index → concordance lines (at most ``per_phrase``), in report order
    lines: Mapping[int, tuple[ConcordanceLine, ...]]


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
        """Field by field, a C loop (``map``) over each report's paragraphs and headings: a Python step
        per part (230,000 at 100 MB) took 0.9 s."""
        texts: list[str] = []
        sections: list[str] = []
        offsets: list[int] = []
        sizes: list[int] = []  # parts of each (report, paragraphs or headings), in that order
        for report in bodies:
            for parts in (report.paragraphs, report.headings):
                texts.extend(map(_TEXT, parts))
                sections.extend(map(_SECTION, parts))
                offsets.extend(map(_START, parts))
                sizes.append(len(parts))
        counts = np.array(sizes, dtype=np.int64)
        is_heading = np.repeat(np.arange(len(counts)) % 2 == 1, counts)
        numbers = np.arange(len(texts))
        return cls(
            texts,
            sections,
            offsets,
            np.repeat(np.arange(len(bodies)), counts.reshape(-1, 2).sum(axis=1)),
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


def _counts(hits: np.ndarray, parts: _Texts, docs_of: list[list[int]]) -> PlaceCounts:
    """Occurrences of each phrase per (report, section type): one ``np.unique`` of (phrase, distinct report,
    section type) keys, each distinct report's counts given to each of its copies (arrays: a Python step per
    (phrase, report, section type) took 0.9 s at 100 MB)."""
    names = sorted(set(parts.sections))
    code = {name: i for i, name in enumerate(names)}
    section = np.array([code[s] for s in parts.sections], dtype=np.int64)
    n_bodies, n_sections = len(docs_of), max(1, len(names))
    keys = (hits[:, 0] * n_bodies + parts.body[hits[:, 1]]) * n_sections + section[hits[:, 1]]
    unique, n = np.unique(keys, return_counts=True)
    phrase, rest = np.divmod(unique, n_bodies * n_sections)
    body, sec = np.divmod(rest, n_sections)
    copies = np.array([len(docs) for docs in docs_of], dtype=np.int64)
    flat_docs = np.array([doc for docs in docs_of for doc in docs], dtype=np.int64)
    row, at = expand(copies[body], (np.cumsum(copies) - copies)[body])
    phrase, doc, sec, n = phrase[row], flat_docs[at], sec[row], n[row]
    order = np.lexsort((sec, doc, phrase))  # (section names sorted: as the tuples sort)
    return PlaceCounts(phrase[order], doc[order], sec[order], n[order], names)


class PlaceCounts(Mapping[int, tuple[tuple[int, str, int], ...]]):
    """Occurrences of phrases per (report, section type): phrase → ``(report, section type, occurrences)``
    in report order, then section type; rows of sorted arrays, made into tuples only when asked for
    (:meth:`flat` gives the page's form of every phrase at once)."""

    def __init__(
        self, phrase: np.ndarray, doc: np.ndarray, section: np.ndarray, n: np.ndarray, names: Sequence[str]
    ) -> None:
        self._doc, self._section, self._n, self._names = doc, section, n, list(names)
        keys, starts = np.unique(phrase, return_index=True)
        ends = np.append(starts[1:], len(phrase))[: len(starts)]
        self._rows = dict(zip(keys.tolist(), zip(starts.tolist(), ends.tolist(), strict=True), strict=True))

    def __getitem__(self, phrase: int) -> tuple[tuple[int, str, int], ...]:
        lo, hi = self._rows[phrase]
        names = self._names
        return tuple(
            (doc, names[s], n)
            for doc, s, n in zip(
                self._doc[lo:hi].tolist(), self._section[lo:hi].tolist(), self._n[lo:hi].tolist(), strict=True
            )
        )

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def flat(self, numbers: Mapping[str, int]) -> dict[int, tuple[list[int], int]]:
        """Each phrase's rows flat, ``[report, section number, occurrences, …]`` (``numbers``: section type →
        its number), and its occurrences in all."""
        number = np.array([numbers[name] for name in self._names], dtype=np.int64)
        if not len(number):
            return {}
        flat = np.column_stack((self._doc, number[self._section], self._n)).ravel().tolist()
        totals = np.concatenate(([0], np.cumsum(self._n))).tolist()
        return {
            phrase: (flat[3 * lo : 3 * hi], totals[hi] - totals[lo])
            for phrase, (lo, hi) in self._rows.items()
        }


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
