"""How often formulations are used over time (or over any metadata column).

Relative frequency = occurrences ÷ characters × 10,000 (per 万字), so long and short reports compare.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .records import Report

PER_CHARS = 10_000


@dataclass(frozen=True, slots=True)
class TrendPoint:
    group: str  #: the metadata value (e.g. a year)
    phrase: str
    count: int
    chars: int  #: characters of the group's reports
    per_10k: float  #: count / chars × 10,000


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
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for report in reports:
        group = group_of(report, by)
        if group is None:
            continue
        chars[group] += len(report.text)
        for phrase in phrases:
            counts[group, phrase] += report.text.count(phrase)
    return [
        TrendPoint(
            group,
            phrase,
            counts[group, phrase],
            chars[group],
            round(counts[group, phrase] / chars[group] * PER_CHARS, 4) if chars[group] else 0.0,
        )
        for group in sorted(chars)
        for phrase in phrases
    ]
