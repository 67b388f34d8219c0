"""Trends: occurrences per 10,000 characters, grouped by year."""

from __future__ import annotations

import pytest

from analysis.records import Report
from analysis.trends import TrendPoint, phrase_trend


def test_counts_per_year_relative_to_length() -> None:
    reports = [
        Report("2019_a", "a.txt", "", "新发展理念" * 2 + "。" * 90, metadata={"year": "2019"}),
        Report("2020_b", "b.txt", "", "新发展理念。" + "。" * 45),
        Report("x", "x.txt", "", "新发展理念"),  # no year anywhere: left out
    ]
    assert phrase_trend(reports, ["新发展理念"]) == [
        TrendPoint("2019", "新发展理念", 2, 100, 200.0),
        TrendPoint("2020", "新发展理念", 1, 51, round(1 / 51 * 10_000, 4)),
    ]


def test_at_least_one_phrase_is_needed() -> None:
    with pytest.raises(ValueError, match="at least one phrase"):
        phrase_trend([], [])
