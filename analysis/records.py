"""Typed records passed between pipeline stages.

Data flows one way: ``ingest`` yields :class:`SourceDocument` (and :class:`IngestProblem` for files it
could not read), ``clean`` turns raw text into clean text, ``structure`` parses a cleaned document into a
:class:`Report`, ``segment`` turns reports into :class:`Sentence` records carrying jieba tokens, the miners
turn sentences into :class:`Phrase` records.  All records are frozen: a stage never edits what it was given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: Section types of a level-1 section (lower levels inherit it).  ``preamble`` is used only for text
#: that stands before the first heading; it never appears in ``sections.csv``.
SECTION_TYPES: tuple[str, ...] = ("overview", "achievements", "problems", "causes", "measures", "other")
PREAMBLE = "preamble"

#: Phrase kinds of ``phrases.csv``, in output order.
PHRASE_KINDS: tuple[str, ...] = ("slogan", "term", "idiom", "passage", "heading", "name", "frame")

#: What cleaning writes in place of a template placeholder (``xx``, ``XX``, ``**``, ``202-年`` …).
#: It is not a CJK character, so no miner can make it part of a phrase.
PLACEHOLDER = "□"


def _by_fields(record: Any) -> tuple[type, tuple[object, ...]]:
    """``__reduce__`` of a frozen slots record: its class and its field values, so that unpickling calls the
    constructor.  The dataclass default restores each object through ``__setstate__``, which looks up the
    fields anew for every object: unpickling the reports of distinct_30MB in the process that gathers them
    took 0.29 s, 0.20 s with this (pickling in the workers 0.26 → 0.11 s).  (``__slots__`` of a slots
    dataclass lists its fields in order, and every field is an argument of the constructor.)"""
    return type(record), tuple([getattr(record, name) for name in record.__slots__])


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One report as read from the corpus: decoded, split out of a multi-report file, not yet cleaned."""

    __reduce__ = _by_fields

    doc_id: str  #: the file's stem, or ``stem#1``, ``stem#2`` … for a file holding several reports
    source: str  #: the file's path relative to the corpus root, with ``/`` separators
    text: str  #: decoded text (newlines normalised to ``\n``)
    metadata: Mapping[str, str] = field(default_factory=dict, compare=False)  #: row of metadata.csv, if any


#: ``IngestProblem.action`` of a file that was not read; any other action kept the file's report(s).
SKIPPED = "skipped"


#: ``extra`` of a log record that reports an :class:`IngestProblem` (the command line lists them at the end of
#: a run with what became of each file, and leaves these records out of its console so each is said once).
PROBLEM_RECORD: dict[str, bool] = {"corpus_problem": True}


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """A fault of a corpus file; ``message`` names the file and says what to do.

    ``action`` says what became of the file: :data:`SKIPPED` (not read), or how it was read all the same
    (``"read with replacements"``, ``"read as cp1252"`` …), in which case its report is analysed.
    """

    __reduce__ = _by_fields

    source: str
    message: str
    action: str = SKIPPED


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line that cleaning removed as page chrome (``boilerplate.csv``), kept so a user can check it."""

    __reduce__ = _by_fields

    line: int  #: 1-based line number in the document's text as read (for ``stem#k``: in its part)
    rule: str  #: which rule removed it (see analysis.boilerplate)
    text: str  #: the line, stripped


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading line (or the heading part of an inline-heading paragraph) of a report."""

    __reduce__ = _by_fields

    #: 1 for ``一、``, 2 for ``（一）``, 3 for ``1.``/``1、``, 4 for ``（1）``, each moved down by the
    #: number of outer kinds (parts, chapters ``第一章``, sections ``第一节``) the document uses: those
    #: take levels 1, 2 … themselves
    level: int
    number: int  #: the ordinal as an integer (``（三）`` → 3)
    marker: str  #: the marker as written after cleaning, e.g. ``一、``, ``（一）``, ``1.``; ``""`` if none
    text: str  #: heading text without marker; for an inline heading only the part before the first 。/：
    section_type: str  #: one of SECTION_TYPES; lower levels inherit their level-1 section's type
    start: int  #: offset in ``Report.text`` where the heading line starts
    end: int  #: offset where the section ends (next heading of the same or a higher level, or end of text)
    inline: bool = False  #: True when the heading is followed by body text on the same line
    #: ``heading`` when the section type comes from the outermost heading's keywords (or is ``other``),
    #: ``body`` when from what its section says (analysis/sections.py); lower levels inherit it
    type_source: str = "heading"

    @property
    def n_chars(self) -> int:
        """Characters of the whole section, heading line included."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A non-empty line of the report body (a heading line is a paragraph too)."""

    __reduce__ = _by_fields

    text: str
    start: int  #: offset in ``Report.text``
    heading_index: (
        int | None
    )  #: innermost enclosing heading (index into ``Report.headings``); None before any
    section_type: str  #: the enclosing level-1 section's type, or PREAMBLE
    is_heading: bool = False  #: the line is a heading (for an inline heading: the line starts with one)


@dataclass(frozen=True, slots=True)
class EnumerationItem:
    """One item of a ``一是…二是…三是…`` enumeration inside a paragraph."""

    __reduce__ = _by_fields

    paragraph_index: int  #: index into ``Report.paragraphs``
    ordinal: int  #: 1 for ``一是``, 2 for ``二是`` …
    text: str  #: the item's lead: from after ``X是`` up to the first 。；! ? or the next item


@dataclass(frozen=True, slots=True)
class Report:
    """A cleaned, parsed report."""

    __reduce__ = _by_fields

    doc_id: str
    source: str
    title: str  #: ``""`` when the report has none
    text: str  #: cleaned text, title line included
    title_source: str = "title line"  #: where the title came from: title line, metadata, file name or none
    headings: tuple[Heading, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    enumerations: tuple[EnumerationItem, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict, compare=False)
    removed: tuple[RemovedLine, ...] = ()  #: page chrome removed by cleaning


class Sentence(NamedTuple):
    """A sentence of a report body with its tokens: what the miners count.

    A named tuple, not a frozen dataclass like the other records: a corpus has millions of sentences, and a
    tuple is built three times faster (103 MB of reports: 862,000 sentences, 1.1 s → 0.35 s).
    """

    doc_id: str
    section_type: str  #: type of the enclosing level-1 section, or PREAMBLE
    text: str
    tokens: tuple[str, ...]  #: jieba tokens, in order, concatenating back to ``text``
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """A row of the phrase bank."""

    phrase: str
    kind: str  #: one of PHRASE_KINDS
    freq: int  #: occurrences in the corpus
    doc_freq: int  #: reports it occurs in
    score: float  #: the miner's ranking score (higher is better; only comparable within a kind)
    example: str = ""  #: one real sentence (or heading) of the corpus containing the phrase
    rank: int = 0  #: place in one ranking over all kinds (1 = best; 0 = not ranked yet): ranking.rank_phrases
    slot_fillers: str = ""  #: frames: the most frequent slot fillers, joined by ``；``
