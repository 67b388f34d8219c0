"""The typical outline of a genre: relative positions, shares, commonest orders."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.outline import Outline, Placement, genre_outline, outline_rows, relative_positions
from analysis.pipeline import load_reports
from analysis.records import Heading, Report


def _report(doc_id: str, types: list[str]) -> Report:
    """A report whose level-1 sections have ``types`` in order; each has one level-2 sub-point (ignored)."""
    headings = []
    for k, section_type in enumerate(types):
        headings.append(Heading(1, k + 1, "一、", f"第{k + 1}部分", section_type, 10 * k, 10 * k + 10))
        headings.append(Heading(2, 1, "（一）", "小点", section_type, 10 * k + 5, 10 * k + 10))
    return Report(doc_id, f"{doc_id}.txt", "", "文" * 10 * len(types), headings=tuple(headings))


def test_relative_position_is_the_middle_of_the_sections_slot() -> None:
    assert relative_positions(_report("a", ["achievements", "problems", "measures"])) == [
        ("achievements", 1 / 6),
        ("problems", 0.5),
        ("measures", 5 / 6),
    ]
    assert relative_positions(_report("b", ["measures"])) == [("measures", 0.5)]
    assert relative_positions(_report("c", [])) == []


def test_outline_of_four_reports() -> None:
    reports = [
        _report("a", ["achievements", "problems", "measures"]),
        _report("b", ["achievements", "problems", "measures"]),
        _report("c", ["achievements", "measures", "measures"]),  # repeats merge in the order
        _report("d", []),  # no level-1 headings: no outline, left out of the shares
    ]
    outline = genre_outline(reports, top_orders=2)
    assert outline.documents == 4 and outline.outlined == 3
    assert outline.placements == (
        Placement("achievements", (1 / 6, 1 / 6, 1 / 6), 3, 1.0),
        Placement("problems", (0.5, 0.5), 2, 2 / 3),
        Placement("measures", (5 / 6, 5 / 6, 0.5, 5 / 6), 3, 1.0),
    )
    assert [p.median_position for p in outline.placements] == [1 / 6, 0.5, 5 / 6]
    assert outline.orders == (
        (("achievements", "problems", "measures"), 2),
        (("achievements", "measures"), 1),
    )
    assert list(outline_rows(outline))[1] == {
        "section_type": "problems",
        "share": 0.6667,
        "documents": 2,
        "sections": 2,
        "median_position": 0.5,
    }


def test_placements_follow_the_median_position_not_a_fixed_order() -> None:
    outline = genre_outline([_report("a", ["measures", "overview"]), _report("b", ["measures", "overview"])])
    assert [p.section_type for p in outline.placements] == ["measures", "overview"]


def test_an_empty_corpus_has_an_empty_outline() -> None:
    assert genre_outline([]) == Outline(0, 0, (), ())


@pytest.fixture(scope="module")
def gwr_outline(gwr_dir: Path) -> Outline:
    reports, _ = load_reports(gwr_dir)
    return genre_outline(reports)


def test_gwr_national_reviews_the_year_before_the_tasks(gwr_outline: Outline) -> None:
    """What notebook 05 says of the national government work reports."""
    order = [p.section_type for p in gwr_outline.placements]
    assert order.index("achievements") < order.index("measures")
    assert gwr_outline.orders[0] == (("achievements", "measures"), 23)
    by_type = {p.section_type: p for p in gwr_outline.placements}
    assert by_type["measures"].share > 0.9 and by_type["achievements"].share > 0.85
    assert gwr_outline.outlined == 51 and gwr_outline.documents == 76
