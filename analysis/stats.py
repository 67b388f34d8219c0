"""Structure statistics of a corpus of parsed reports, as tidy ``(what, key, value)`` rows.

What a typical report looks like: which section types it has and in which order, how many sub-points a
section has, how long headings and sections are, how often ``一是…二是…`` enumerations run to n items.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import mean, median

from .records import SECTION_TYPES, Heading, Report


@dataclass(frozen=True, slots=True)
class Statistic:
    what: str
    key: str
    value: float


def section_type_sequence(report: Report) -> tuple[str, ...]:
    """Types of the level-1 sections in order, consecutive repeats merged (``achievements→problems→…``)."""
    sequence: list[str] = []
    for heading in report.headings:
        if heading.level == 1 and (not sequence or sequence[-1] != heading.section_type):
            sequence.append(heading.section_type)
    return tuple(sequence)


def level1_counts(reports: Iterable[Report]) -> Counter[str]:
    """How many level-1 sections of each type the corpus has."""
    return Counter(h.section_type for r in reports for h in r.headings if h.level == 1)


def type_presence(reports: Iterable[Report]) -> Counter[str]:
    """How many reports have at least one level-1 section of each type (a report counts once per type)."""
    return Counter(t for r in reports for t in set(section_type_sequence(r)))


def _subsections(headings: Sequence[Heading], index: int) -> int:
    """Level-2 headings inside the level-1 section ``headings[index]`` (a walk over its own headings only, so
    all sections of a report take time linear in its number of headings)."""
    end, count = headings[index].end, 0
    for k in range(index + 1, len(headings)):  # not a slice: that would copy the whole tail for each section
        if headings[k].start >= end:
            break
        count += headings[k].level == 2
    return count


def _round(value: float) -> float:
    return round(float(value), 4)


def structure_statistics(reports: Sequence[Report]) -> list[Statistic]:
    """All structure statistics, in a fixed order (rows sorted within each ``what`` by key)."""
    rows: list[Statistic] = []

    def add(what: str, items: Iterable[tuple[str, float]]) -> None:
        rows.extend(Statistic(what, key, _round(value)) for key, value in sorted(items))

    n_docs = len(reports)
    add("documents", [("count", n_docs)])
    if n_docs == 0:
        return rows
    add(
        "characters",
        [
            ("mean_per_document", mean(len(r.text) for r in reports)),
            ("median_per_document", median(len(r.text) for r in reports)),
            ("total", sum(len(r.text) for r in reports)),
        ],
    )
    add("documents_with_title", [("count", sum(1 for r in reports if r.title))])

    levels = Counter(h.level for r in reports for h in r.headings)
    add("headings_per_level", [(str(level), count) for level, count in levels.items()])
    add(
        "headings_per_document",
        [("mean", mean(len(r.headings) for r in reports)), ("max", max(len(r.headings) for r in reports))],
    )
    add("documents_without_headings", [("count", sum(1 for r in reports if not r.headings))])
    add("inline_headings", [("count", sum(1 for r in reports for h in r.headings if h.inline))])

    counts = level1_counts(reports)
    add("section_type_count", [(t, counts.get(t, 0)) for t in SECTION_TYPES])
    having = type_presence(reports)
    add("section_type_share_of_documents", [(t, having.get(t, 0) / n_docs) for t in SECTION_TYPES])

    positions: dict[str, list[float]] = defaultdict(list)
    children: dict[str, list[int]] = defaultdict(list)
    chars: dict[str, list[int]] = defaultdict(list)
    for report in reports:
        top = [(i, h) for i, h in enumerate(report.headings) if h.level == 1]
        for rank, (index, heading) in enumerate(top):
            positions[heading.section_type].append(rank / max(1, len(top) - 1) if len(top) > 1 else 0.0)
            chars[heading.section_type].append(heading.n_chars)
            children[heading.section_type].append(_subsections(report.headings, index))
    add("section_relative_position_mean", [(t, mean(v)) for t, v in positions.items()])
    add("subsections_per_section_mean", [(t, mean(v)) for t, v in children.items()])
    add("section_chars_mean", [(t, mean(v)) for t, v in chars.items()])

    sequences = Counter("→".join(section_type_sequence(r)) or "(none)" for r in reports)
    add("section_sequence", sequences.items())

    heading_lengths = [len(h.text) for r in reports for h in r.headings]
    if heading_lengths:
        add("heading_chars", [("mean", mean(heading_lengths)), ("median", median(heading_lengths))])

    lists: Counter[int] = Counter()
    for report in reports:
        run = 0
        for item in report.enumerations:
            if item.ordinal == 1 and run:
                lists[run] += 1
                run = 0
            run = item.ordinal
        if run:
            lists[run] += 1
    add("enumeration_items", [("count", sum(1 for r in reports for _ in r.enumerations))])
    add("enumeration_length", [(f"{n:02d}", c) for n, c in lists.items()])
    return rows
