"""The typical outline of a genre: which section types its reports have, where in a report each comes, and
the commonest orders.

A report's outline is the sequence of its level-1 sections (``一、`` …, or ``第一章`` … where the document
uses chapters).  For each level-1 section the *relative position* is the middle of its slot when the report's
``n`` level-1 sections are laid side by side in equal slots::

    position = (rank + 0.5) / n        rank = 0 for the first section

so the first of three sections sits at 1/6, the last at 5/6 and a report's only section at 1/2: every
section gets a value strictly between 0 (start of the outline) and 1 (end), whatever the report's length,
and reports with many or few sections compare.  Ranks rather than character offsets: a long achievements
review must not push the measures that follow it towards the end of the scale.

The *share* of a section type is the share of reports with at least one level-1 section that have a section
of that type (reports without level-1 headings have no outline and are counted apart).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from .records import SECTION_TYPES, Report
from .stats import section_type_sequence, type_presence


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the level-1 sections of one type come in the reports of a corpus."""

    section_type: str
    positions: tuple[float, ...]  #: relative position of every level-1 section of this type, in (0, 1)
    documents: int  #: reports with at least one level-1 section of this type
    share: float  #: documents ÷ reports that have level-1 sections

    @property
    def median_position(self) -> float:
        return float(median(self.positions))


@dataclass(frozen=True, slots=True)
class Outline:
    """The typical outline of a corpus (see the module docstring for the formulas)."""

    documents: int  #: all reports
    outlined: int  #: reports with at least one level-1 section
    placements: tuple[Placement, ...]  #: types that occur, by median position (the typical order)
    orders: tuple[tuple[tuple[str, ...], int], ...]  #: commonest type sequences with their report counts


def relative_positions(report: Report) -> list[tuple[str, float]]:
    """``(section_type, (rank + 0.5) / n)`` for each of the report's ``n`` level-1 sections, in order."""
    top = [h.section_type for h in report.headings if h.level == 1]
    return [(t, (rank + 0.5) / len(top)) for rank, t in enumerate(top)]


def genre_outline(reports: Sequence[Report], *, top_orders: int = 3) -> Outline:
    """The :class:`Outline` of ``reports``: placements sorted by median position (ties in
    :data:`SECTION_TYPES` order), and the ``top_orders`` commonest section-type sequences (consecutive
    repeats merged, as in ``structure_stats.csv``; ties in alphabetical order of the sequence)."""
    positions: dict[str, list[float]] = defaultdict(list)
    for report in reports:
        for section_type, position in relative_positions(report):
            positions[section_type].append(position)
    outlined = sum(1 for r in reports if any(h.level == 1 for h in r.headings))
    having = type_presence(reports)
    placements = [
        Placement(t, tuple(positions[t]), having[t], having[t] / outlined if outlined else 0.0)
        for t in SECTION_TYPES
        if positions.get(t)
    ]
    placements.sort(key=lambda p: p.median_position)  # stable: ties stay in SECTION_TYPES order
    sequences = Counter(seq for seq in map(section_type_sequence, reports) if seq)
    orders = sorted(sequences.items(), key=lambda item: (-item[1], "→".join(item[0])))[:top_orders]
    return Outline(len(reports), outlined, tuple(placements), tuple(orders))


@dataclass(frozen=True, slots=True)
class HeadingPlacement:
    """A level-1 heading that many reports share, and where it comes."""

    heading: str  #: the heading text, whitespace removed and digit runs as ``X`` (``X年工作回顾``)
    documents: int  #: reports with this level-1 heading
    share: float  #: documents ÷ reports that have level-1 sections
    median_position: float  #: median relative position (as for :class:`Placement`)
    section_type: str  #: its commonest section type


_DIGITS = re.compile(r"[0-9０-９]+")
_SPACE = re.compile(r"\s+")


def heading_key(text: str) -> str:
    """``总 则`` → ``总则``, ``2024年工作回顾`` → ``X年工作回顾``: level-1 headings that differ only by
    spacing or a year or number count as one."""
    return _DIGITS.sub("X", _SPACE.sub("", text))


def common_headings(
    reports: Sequence[Report], *, top: int = 10, min_documents: int = 2
) -> list[HeadingPlacement]:
    """The ``top`` level-1 headings shared by most reports (at least ``min_documents``; ties by heading),
    in their typical order (median relative position, then more reports first)."""
    positions: dict[str, list[float]] = defaultdict(list)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    docs: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        top_headings = [h for h in report.headings if h.level == 1]
        for (section_type, position), heading in zip(relative_positions(report), top_headings, strict=True):
            key = heading_key(heading.text)
            if key:
                positions[key].append(position)
                types[key][section_type] += 1
                docs[key].add(report.doc_id)
    outlined = sum(1 for r in reports if any(h.level == 1 for h in r.headings))
    shared = sorted((k for k in docs if len(docs[k]) >= min_documents), key=lambda k: (-len(docs[k]), k))[
        :top
    ]
    rows = [
        HeadingPlacement(
            key,
            len(docs[key]),
            len(docs[key]) / outlined,
            float(median(positions[key])),
            types[key].most_common(1)[0][0],
        )
        for key in shared
    ]
    return sorted(rows, key=lambda row: (row.median_position, -row.documents, row.heading))


def outline_rows(outline: Outline) -> Iterable[dict[str, object]]:
    """One row per section type (for a table): type, share, reports, sections, median position."""
    for p in outline.placements:
        yield {
            "section_type": p.section_type,
            "share": round(p.share, 4),
            "documents": p.documents,
            "sections": len(p.positions),
            "median_position": round(p.median_position, 4),
        }
