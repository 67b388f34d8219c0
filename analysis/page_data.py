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

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

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
#: Most characters a slot of a sentence pattern holds.
SLOT_CHARS = 24
#: What a slot of a sentence pattern matches: 1–24 characters inside one clause.
SLOT_TEXT = f"[^{CLAUSE_MARKS}]{{1,{SLOT_CHARS}}}"
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


@dataclass(frozen=True)
class PhrasePattern:
    """A phrase with slots: the regex, its longest fixed part and how far the match reaches around it.

    The regex is compiled when first used (:attr:`regex`): most of the page's patterns are one-slot clause
    patterns that :class:`~analysis.page_finder.PhraseFinder` settles with arrays, never with their regex,
    and compiling all ≈ 370 of a run took 0.2 s of its page (a third of the page at 10 MB of reports)."""

    source: str  #: the regex's text
    anchor: str
    before: int  #: most characters a match can have before the anchor
    after: int  #: most characters a match can have after it
    #: where a match starts, known from the anchor: ``head`` at the anchor (``进一步X``), ``tail`` at the
    #: clause start at most one slot before it (``X还不够到位``); ``""``: searched around the anchor
    shape: str = ""
    opens: bool = False  #: the anchor opens the clause: a clause mark (or nothing) must come before it
    closes: bool = False  #: the anchor closes the clause: a clause mark (or nothing) must come after it

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """:attr:`source` compiled (once)."""
        return re.compile(self.source)

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
    slot, slot_chars = (SLOT_TEXT, SLOT_CHARS) if clause else (HEADING_SLOT_TEXT, 12)
    anchor = max(fixed, key=len)
    at = parts.index(anchor)
    before = sum(len(part) for part in parts[:at]) + at * slot_chars
    after = sum(len(part) for part in parts[at + 1 :]) + (len(parts) - 1 - at) * slot_chars
    body = slot.join(re.escape(part) for part in parts)
    if not clause:
        return PhrasePattern(body, anchor, before, after)
    shape = "head" if at == 0 else "tail" if at == 1 and not parts[0] else ""
    return PhrasePattern(
        _CLAUSE_START + body + _CLAUSE_END,
        anchor,
        before,
        after,
        shape,
        opens=at == 0,
        closes=at == len(parts) - 1,
    )


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
