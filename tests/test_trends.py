"""Trends: occurrences per 10,000 characters, grouped by year; reports selected by metadata."""

from __future__ import annotations

import pytest

from analysis.records import Report
from analysis.trends import (
    TrendPoint,
    TrendSeries,
    parse_where,
    phrase_trend,
    select_reports,
    thin_groups,
    trend_series,
)


def test_counts_per_year_relative_to_length() -> None:
    reports = [
        Report("2019_a", "a.txt", "", "新发展理念" * 2 + "。" * 90, metadata={"year": "2019"}),
        Report("2020_b", "b.txt", "", "新发展理念。" + "。" * 45),
        Report("x", "x.txt", "", "新发展理念"),  # no year anywhere: left out
    ]
    assert phrase_trend(reports, ["新发展理念"]) == [
        TrendPoint("2019", "新发展理念", 2, 100, 200.0, 1),
        TrendPoint("2020", "新发展理念", 1, 51, round(1 / 51 * 10_000, 4), 1),
    ]


def test_a_group_counts_its_documents_and_their_characters_together() -> None:
    reports = [
        Report("r", "r.txt", "", "共同富裕。" * 10, metadata={"year": "2021", "kind": "report"}),
        Report("d", "d.txt", "", "共同富裕。", metadata={"year": "2021", "kind": "resolution"}),
    ]
    assert phrase_trend(reports, ["共同富裕"]) == [TrendPoint("2021", "共同富裕", 11, 55, 2000.0, 2)]


def test_series_per_phrase_with_documents_per_group() -> None:
    reports = [
        Report("2019_a", "a.txt", "", "新发展理念，高质量发展。" + "。" * 88),
        Report("2019_b", "b.txt", "", "。" * 100),
        Report("2021_c", "c.txt", "", "高质量发展。" * 10),
    ]
    assert trend_series(phrase_trend(reports, ["高质量发展", "新发展理念"])) == TrendSeries(
        ("2019", "2021"),
        {"高质量发展": (50.0, 1666.6667), "新发展理念": (50.0, 0.0)},
        (2, 1),
    )


def test_at_least_one_phrase_is_needed() -> None:
    with pytest.raises(ValueError, match="at least one phrase"):
        phrase_trend([], [])


def test_where_conditions_group_values_by_column() -> None:
    assert parse_where([" kind = report", "year=2019", "year=2020"]) == {
        "kind": frozenset({"report"}),
        "year": frozenset({"2019", "2020"}),
    }
    assert parse_where([]) == {}
    assert parse_where(["note="]) == {"note": frozenset({""})}  # an empty value selects empty cells
    for bad in ("kind", "=report", " =x"):
        with pytest.raises(ValueError, match="COLUMN=VALUE"):
            parse_where([bad])


def test_select_reports_by_metadata_and_year_from_the_doc_id() -> None:
    reports = [
        Report("2019_a", "a.txt", "", "甲", metadata={"kind": "report"}),
        Report("b", "b.txt", "", "乙", metadata={"kind": "resolution", "year": "2019"}),
        Report("2020_c", "c.txt", "", "丙", metadata={"kind": "report"}),
        Report("d", "d.txt", "", "丁"),
    ]

    def pick(*conditions: str) -> list[str]:
        return [r.doc_id for r in select_reports(reports, parse_where(conditions))]

    assert pick("kind=report") == ["2019_a", "2020_c"]
    assert pick("year=2019") == ["2019_a", "b"]
    assert pick("kind=report", "year=2020") == ["2020_c"]
    assert pick("kind=report", "kind=resolution") == ["2019_a", "b", "2020_c"]
    assert pick() == ["2019_a", "b", "2020_c", "d"]
    with pytest.raises(ValueError, match="no report has a metadata column 'kinds'; columns: kind, year"):
        pick("kinds=report")


def test_thin_groups_are_under_a_tenth_of_the_median_group() -> None:
    points = [
        TrendPoint(year, "x", 0, chars, 0.0, 1)
        for year, chars in [("2018", 20_000), ("2019", 1_999), ("2020", 2_000), ("2021", 30_000)]
    ]
    # median of 20,000, 1,999, 2,000, 30,000 = 11,000; a tenth: 1,100
    assert thin_groups(points) == []
    assert [p.group for p in thin_groups(points, ratio=0.2)] == ["2019", "2020"]
    assert thin_groups([]) == []
