"""The typical outline of a genre: relative positions, shares, commonest orders."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.outline import (
    HeadingPlacement,
    Outline,
    Placement,
    common_headings,
    genre_outline,
    heading_key,
    outline_rows,
    relative_positions,
)
from analysis.pipeline import load_reports
from analysis.records import Heading, Report


def _report(doc_id: str, types: list[str], texts: list[str] | None = None) -> Report:
    """A report whose level-1 sections have ``types`` (and heading ``texts``) in order; each has one level-2
    sub-point (ignored)."""
    headings = []
    for k, section_type in enumerate(types):
        text = texts[k] if texts else f"第{k + 1}部分"
        headings.append(Heading(1, k + 1, "一、", text, section_type, 10 * k, 10 * k + 10))
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


def test_heading_key_drops_spacing_and_numbers() -> None:
    assert heading_key("总 则") == "总则"
    assert heading_key("2024年工作回顾") == heading_key("２０２５年工作回顾") == "X年工作回顾"
    assert heading_key("\u3000") == ""


def test_common_headings_in_their_typical_order() -> None:
    kinds = ["other", "measures", "measures", "other"]
    reports = [
        _report("a", kinds, ["总 则", "发展目标", "保障措施", "附则"]),
        _report("b", kinds[1:], ["发展目标", "保障措施", "附 则"]),
        _report("c", ["achievements", "measures"], ["2024年回顾", "保障措施"]),
        _report("d", ["achievements"], ["2025年回顾"]),
    ]
    # positions: a 1/8 3/8 5/8 7/8, b 1/6 1/2 5/6, c 1/4 3/4, d 1/2; 总则 is in one report only
    assert common_headings(reports) == [
        HeadingPlacement("发展目标", 2, 0.5, (3 / 8 + 1 / 6) / 2, "measures"),
        HeadingPlacement("X年回顾", 2, 0.5, 0.375, "achievements"),
        HeadingPlacement("保障措施", 3, 0.75, 0.625, "measures"),
        HeadingPlacement("附则", 2, 0.5, (7 / 8 + 5 / 6) / 2, "other"),
    ]
    # the 2 shared by most reports (ties by heading), in their typical order
    assert [h.heading for h in common_headings(reports, top=2)] == ["X年回顾", "保障措施"]
    assert common_headings(reports, min_documents=1)[0].heading == "总则"


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
