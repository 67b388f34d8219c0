"""How often formulations are used over time (or over any metadata column).

Relative frequency = occurrences ÷ characters × 10,000 (per 万字), so long and short reports compare.
A group resting on little text gives a rate that means little (gwr_national's 2020 holds only a
712-character resolution: one mention is 14 per 万字): restrict the reports by metadata first
(:func:`select_reports`, ``trend --where kind=report``), and see :func:`thin_groups`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median

from .records import Report

PER_CHARS = 10_000


@dataclass(frozen=True, slots=True)
class TrendPoint:
    group: str  #: the metadata value (e.g. a year)
    phrase: str
    count: int
    chars: int  #: characters of the group's reports
    per_10k: float  #: count / chars × 10,000
    documents: int  #: reports in the group


def group_of(report: Report, by: str) -> str | None:
    """The report's value of metadata column ``by``; for ``year`` also a 4-digit year in the doc_id."""
    value = report.metadata.get(by)
    if value:
        return str(value)
    if by == "year":
        head = report.doc_id[:4]
        if head.isdigit() and head.startswith(("19", "20")):
            return head
    return None


def phrase_trend(reports: Iterable[Report], phrases: Sequence[str], *, by: str = "year") -> list[TrendPoint]:
    """Counts of each phrase per group (reports without a value for ``by`` are left out), sorted by group."""
    if not phrases:
        raise ValueError("give at least one phrase to follow, e.g. 两个维护")
    chars: dict[str, int] = defaultdict(int)
    documents: dict[str, int] = defaultdict(int)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for report in reports:
        group = group_of(report, by)
        if group is None:
            continue
        chars[group] += len(report.text)
        documents[group] += 1
        for phrase in phrases:
            counts[group, phrase] += report.text.count(phrase)
    return [
        TrendPoint(
            group,
            phrase,
            counts[group, phrase],
            chars[group],
            round(counts[group, phrase] / chars[group] * PER_CHARS, 4) if chars[group] else 0.0,
            documents[group],
        )
        for group in sorted(chars)
        for phrase in phrases
    ]


@dataclass(frozen=True, slots=True)
class TrendSeries:
    """Points of :func:`phrase_trend` as series, ready for :func:`analysis.plots.plot_trend`."""

    groups: tuple[str, ...]  #: in the order of the points (sorted)
    per_10k: dict[str, tuple[float, ...]]  #: phrase → its rate in each group
    documents: tuple[int, ...]  #: reports in each group


def trend_series(points: Sequence[TrendPoint]) -> TrendSeries:
    """The long rows of :func:`phrase_trend` turned wide: one series per phrase, plus documents per group."""
    groups = tuple(dict.fromkeys(p.group for p in points))
    phrases = tuple(dict.fromkeys(p.phrase for p in points))
    rate = {(p.group, p.phrase): p.per_10k for p in points}
    documents = {p.group: p.documents for p in points}
    return TrendSeries(
        groups,
        {phrase: tuple(rate[g, phrase] for g in groups) for phrase in phrases},
        tuple(documents[g] for g in groups),
    )


def parse_where(conditions: Iterable[str]) -> dict[str, frozenset[str]]:
    """``["kind=report", "year=2019", "year=2020"]`` → ``{"kind": {"report"}, "year": {"2019", "2020"}}``.

    Values of one column are alternatives (or), different columns must all hold (and).  Whitespace around
    the column and the value is dropped; a condition without ``=`` or with an empty column is an error.
    """
    where: dict[str, set[str]] = defaultdict(set)
    for condition in conditions:
        column, sep, value = condition.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"--where takes COLUMN=VALUE (e.g. kind=report), got {condition!r}")
        where[column.strip()].add(value.strip())
    return {column: frozenset(values) for column, values in where.items()}


def select_reports(reports: Iterable[Report], where: Mapping[str, frozenset[str]]) -> list[Report]:
    """The reports whose metadata (:func:`group_of`, so ``year`` also from the doc_id) matches every column
    of ``where``.  A column that no report has is an error naming the columns there are (a typo would
    otherwise select nothing, silently)."""
    reports = list(reports)
    known = {"year"} | {key for r in reports for key in r.metadata}
    unknown = sorted(set(where) - known)
    if unknown:
        raise ValueError(
            f"no report has a metadata column {', '.join(map(repr, unknown))}; "
            f"columns: {', '.join(sorted(known))} (metadata.csv of the corpus)"
        )
    return [r for r in reports if all(group_of(r, column) in values for column, values in where.items())]


def thin_groups(points: Iterable[TrendPoint], *, ratio: float = 0.1) -> list[TrendPoint]:
    """One point per group whose text is under ``ratio`` × the median characters of a group: rates there
    rest on too little text to compare (with the default, a 712-character resolution among 20,000-character
    reports).  Relative to the corpus's own median, so it holds for any genre's report length."""
    per_group = {p.group: p for p in points}
    if not per_group:
        return []
    typical = median(p.chars for p in per_group.values())
    return [p for p in per_group.values() if p.chars < ratio * typical]
