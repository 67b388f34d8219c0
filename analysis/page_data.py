"""What ``report.html`` shows beyond the tables: where each phrase occurs, a few concordance lines, the
facets a reader filters reports by, and the typical outline of the reports.

Everything here is computed from the parsed reports and the phrase strings, so it holds for any phrase kind:

* :func:`phrase_places`: every occurrence of every phrase, counted per (report, section type), with up to
  ``per_phrase`` concordance lines (KWIC, :class:`~analysis.kwic.ConcordanceLine`) spread over the reports.
  Literal phrases are found in one pass of an Aho–Corasick automaton in *overlapping* mode (a term inside a
  longer passage counts for both: the page shows each phrase's own uses, unlike the leftmost-longest
  counts of keyness).  A phrase with slots (``进一步X``, ``X还不够到位``: a lone capital ``X Y Z W``) is a
  pattern: its longest fixed part is put in the automaton, and where it occurs the pattern is tried as a
  whole clause (:func:`phrase_pattern`); heading templates (``X还不够“Y”``) are matched against whole
  headings.  Context never crosses a paragraph.
* :func:`document_facets`: the ``metadata.csv`` columns and folders a reader can filter by: four-digit
  values (years) as a range, other columns with 2–:data:`MAX_FACET_VALUES` distinct values as a choice.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeVar

from .kwic import ConcordanceLine
from .multimatch import Automaton
from .records import Report

#: Characters of context on each side of a concordance line.
KWIC_WIDTH = 28
#: Concordance lines kept per phrase.
KWIC_PER_PHRASE = 8
#: A facet with more distinct values than this (titles, departments) is not offered as a filter.
MAX_FACET_VALUES = 40
#: A slot of a phrase pattern: a lone capital X, Y, Z or W (optionally numbered: ``Y1``).
SLOT_RE = re.compile(r"(?<![A-Za-z0-9])[XYZW][0-9]?(?![A-Za-z0-9])")
#: Characters that end a clause.
CLAUSE_MARKS = "。！？；，：,;:!?\n"
#: What a slot of a sentence pattern matches: 1–24 characters inside one clause.
SLOT_TEXT = f"[^{CLAUSE_MARKS}]{{1,24}}"
#: What a slot of a heading template matches (as in :mod:`analysis.miners.templates`).
HEADING_SLOT_TEXT = r"[^。]{1,12}"
_CLAUSE_START = f"(?:^|(?<=[{CLAUSE_MARKS}]))"
_CLAUSE_END = f"(?=[{CLAUSE_MARKS}]|$)"
#: The end of a clause before a point: where a pattern that opens with a slot starts.
_CLAUSE_TAIL = re.compile(SLOT_TEXT + r"\Z")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_YEAR_RE = re.compile(r"\d{4}")
T = TypeVar("T")
#: Folder facet: the folder of a report's file, relative to the corpus root.
FOLDER = "folder"


@dataclass(frozen=True, slots=True)
class PhrasePlaces:
    """Occurrences of phrases ``0 … n-1`` (indexes into the list given to :func:`phrase_places`)."""

    #: phrase index → (report index, section type, occurrences), in report order
    counts: Mapping[int, tuple[tuple[int, str, int], ...]]
    #: phrase index → concordance lines (at most ``per_phrase``), in report order
    lines: Mapping[int, tuple[ConcordanceLine, ...]]


@dataclass(frozen=True, slots=True)
class PhrasePattern:
    """A phrase with slots: the regex, its longest fixed part and how far the match reaches around it."""

    regex: re.Pattern[str]
    anchor: str
    before: int  #: most characters a match can have before the anchor
    after: int  #: most characters a match can have after it
    #: where a match starts, known from the anchor: ``head`` at the anchor (``进一步X``), ``tail`` at the
    #: clause start at most one slot before it (``X还不够到位``); ``""``: searched around the anchor
    shape: str = ""
    opens: bool = False  #: the anchor opens the clause: a clause mark (or nothing) must come before it
    closes: bool = False  #: the anchor closes the clause: a clause mark (or nothing) must come after it

    def locate(self, text: str, start: int, end: int) -> re.Match[str] | None:
        """The match holding the anchor found at ``text[start:end]``, if any.

        ``head`` and ``tail`` patterns are tried at the one place a match can start (the leftmost: a slot
        is greedy and stops at a clause mark); other patterns are searched in the window the pattern can
        reach around the anchor.
        """
        if self.shape == "head":
            return self.regex.match(text, start)
        if self.shape == "tail":
            lead = _CLAUSE_TAIL.search(text, max(0, start - self.before), start)
            return self.regex.match(text, lead.start()) if lead else None
        lo, hi = max(0, start - self.before), min(len(text), end + self.after)
        for match in self.regex.finditer(text, lo, hi):
            if match.start() <= start and match.end() >= end:
                return match
        return None


def phrase_pattern(phrase: str, *, clause: bool = True) -> PhrasePattern | None:
    """The pattern of a phrase with slots, or ``None`` for a literal phrase.

    A slot is a lone capital ``X Y Z W`` (not part of a Latin word such as ``GDP`` or ``5G``) in a phrase
    that has CJK characters; the anchor, the longest fixed part, is what the automaton finds.  ``clause``:
    the pattern is a whole clause, as a sentence frame is (``进一步X``: the fixed part opens the clause and
    the slot runs to its end), each slot 1–24 characters without a clause mark (:data:`SLOT_TEXT`); else
    (a heading template, matched against a whole heading) each slot 1–12 characters without ``。``.
    """
    parts = SLOT_RE.split(phrase)
    fixed = [part for part in parts if part]
    if len(parts) < 2 or not fixed or not _CJK_RE.search(phrase):
        return None
    slot, slot_chars = (SLOT_TEXT, 24) if clause else (HEADING_SLOT_TEXT, 12)
    anchor = max(fixed, key=len)
    at = parts.index(anchor)
    before = sum(len(part) for part in parts[:at]) + at * slot_chars
    after = sum(len(part) for part in parts[at + 1 :]) + (len(parts) - 1 - at) * slot_chars
    body = slot.join(re.escape(part) for part in parts)
    if not clause:
        return PhrasePattern(re.compile(body), anchor, before, after)
    shape = "head" if at == 0 else "tail" if at == 1 and not parts[0] else ""
    regex = re.compile(_CLAUSE_START + body + _CLAUSE_END)
    return PhrasePattern(regex, anchor, before, after, shape, opens=at == 0, closes=at == len(parts) - 1)


class _Finder:
    """Occurrences of some phrases in a text: literal phrases overlapping, patterns around their anchors.

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
            for key in keys:
                anchored[key].append(index)
                shifts[key] = shift
        self.literal_keys = sorted(literal)
        self.literal = [literal[key] for key in self.literal_keys]
        self.anchor_keys = sorted(anchored)
        self.anchored = [anchored[key] for key in self.anchor_keys]
        self.shifts = [shifts[key] for key in self.anchor_keys]
        self.literals = _automaton(self.literal_keys)
        self.anchors = _automaton(self.anchor_keys)
        self.whole = whole

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """``(phrase index, start, end)`` of every occurrence in ``text``: every literal occurrence (also
        inside a longer phrase); for a pattern, the match holding each anchor occurrence, matches of one
        pattern not overlapping."""
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, int]]]:
        """:meth:`find` of each of ``texts``, with one pass of each automaton over them all: the texts
        joined by newlines, each one framed by the newlines around it as :meth:`find` frames it, and the
        matches handed back to their text (a key holds no newline but at its edge, so no match spans two
        texts).  Why: one automaton call per paragraph was most of the page's data at 100 MB."""
        out: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        if not texts:
            return out
        joined = "\n" + "\n".join(texts) + "\n"
        frames = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))  # each text's "\n"
        if self.literals is not None:
            literal = self.literal
            for key, start, end in self.literals.matches(joined).tolist():
                i = bisect_right(frames, start) - 1
                base = frames[i] + 1
                out[i].extend((index, start - base, end - base) for index in literal[key])
        if self.anchors is None:
            return out
        anchors: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        for key, start, end in self.anchors.matches(joined).tolist():
            i = bisect_right(frames, start) - 1
            anchors[i].append((key, start - frames[i], end - frames[i]))
        for i, text in enumerate(texts):
            if anchors[i]:
                out[i].extend(self._pattern_matches(text, anchors[i]))
        return out

    def _pattern_matches(
        self, text: str, anchors: Sequence[tuple[int, int, int]]
    ) -> list[tuple[int, int, int]]:
        """The pattern matches around the anchor matches ``(key, start, end)`` of ``text`` (offsets in
        ``"\n" + text + "\n"``)."""
        found: list[tuple[int, int, int]] = []
        reached: dict[int, int] = {}
        for key, start, end in anchors:
            shift_start, shift_end = self.shifts[key]
            start, end = start - 1 + shift_start, end - 1 + shift_end  # in ``text``, the anchor alone
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


def _automaton(keys: Sequence[str]) -> Automaton | None:
    return Automaton(keys) if keys else None


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
    matching a whole heading; the others in every paragraph.  One automaton pass per paragraph or heading.
    Lines are chosen by :func:`spread`.
    """
    heading_only = set(in_headings)
    body = _Finder(((i, p) for i, p in enumerate(phrases) if i not in heading_only), whole=False)
    heads = _Finder(((i, p) for i, p in enumerate(phrases) if i in heading_only), whole=True)
    counts: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    hits: dict[int, dict[int, list[tuple[str, str, int, int, int]]]] = defaultdict(dict)
    # an exact copy of a report shares its parsed paragraphs and headings (analysis.loading): matched once
    shared = Counter((id(r.paragraphs), id(r.headings)) for r in reports)
    matched: dict[tuple[int, int], list[list[tuple[int, int, int]]]] = {}
    for doc, report in enumerate(reports):
        places = [(p.text, p.section_type, p.start) for p in report.paragraphs]
        places += [(h.text, h.section_type, h.start) for h in report.headings]
        key = (id(report.paragraphs), id(report.headings))
        matches = matched.get(key)
        if matches is None:
            matches = body.find_many([p.text for p in report.paragraphs])
            matches += heads.find_many([h.text for h in report.headings])
            if shared[key] > 1:
                matched[key] = matches
        seen: list[tuple[int, str]] = []  # (phrase, section type) of every occurrence in this report
        first: dict[int, list[tuple[str, str, int, int, int]]] = {}  # phrase → its first hits here
        for (text, section, offset), found in zip(places, matches, strict=True):
            for index, start, end in found:
                seen.append((index, section))
                held = first.get(index)
                if held is None:
                    first[index] = [(text, section, offset, start, end)]
                elif len(held) < per_phrase:
                    held.append((text, section, offset, start, end))
        for (index, section), n in sorted(Counter(seen).items()):
            counts[index].append((doc, section, n))
        for index, held in first.items():
            hits[index][doc] = held
    lines = {}
    for index, per_doc in hits.items():
        lines[index] = tuple(
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
    return PhrasePlaces({index: tuple(rows) for index, rows in counts.items()}, lines)


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


@dataclass(frozen=True, slots=True)
class Facet:
    """A document property a reader filters by: a ``metadata.csv`` column, or the folder."""

    name: str
    is_range: bool  #: four-digit values (years): filtered by a from–to range
    values: tuple[str, ...]  #: distinct non-empty values, sorted
    by_document: tuple[str, ...]  #: each report's value (``""`` when it has none)


def _folder(source: str) -> str:
    return source.rsplit("/", 1)[0] if "/" in source else ""


def document_facets(reports: Sequence[Report], *, max_values: int = MAX_FACET_VALUES) -> tuple[Facet, ...]:
    """The facets worth a filter: metadata columns in first-seen order (``file`` and ``title`` excepted),
    then the folder.  A column whose values are all four digits becomes a range (years) when it has two
    values or more; any other column is offered when it has 2 to ``max_values`` distinct values and fewer
    than one per report (a column of identifiers or titles filters nothing)."""
    names: dict[str, None] = {}
    for report in reports:
        names.update(dict.fromkeys(key for key in report.metadata if key not in ("file", "title")))
    columns = [(name, tuple(str(r.metadata.get(name, "")).strip() for r in reports)) for name in names]
    if FOLDER not in names:
        columns.append((FOLDER, tuple(_folder(r.source) for r in reports)))
    facets = []
    for name, by_document in columns:
        values = sorted(set(by_document) - {""})
        is_range = len(values) >= 2 and all(_YEAR_RE.fullmatch(v) for v in values)
        categorical = 2 <= len(values) <= max_values and (name == FOLDER or len(values) < len(reports))
        if is_range or categorical:
            facets.append(Facet(name, is_range, tuple(values), by_document))
    return tuple(facets)
