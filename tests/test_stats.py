"""Structure statistics describe what a typical report looks like, as tidy (what, key, value) rows."""

from __future__ import annotations

from analysis.records import EnumerationItem, Heading, Paragraph, Report
from analysis.stats import level1_counts, section_type_sequence, structure_statistics


def h(level: int, number: int, text: str, kind: str, start: int, end: int) -> Heading:
    return Heading(level, number, "", text, kind, start, end)


def two_reports() -> list[Report]:
    first = Report(
        "a",
        "a.txt",
        "述职报告",
        "x" * 100,
        headings=(
            h(1, 1, "主要工作", "achievements", 10, 50),
            h(2, 1, "强化学习", "achievements", 15, 30),
            h(2, 2, "改进作风", "achievements", 30, 50),
            h(1, 2, "存在问题", "problems", 50, 80),
            h(1, 3, "下步打算", "measures", 80, 100),
        ),
        paragraphs=(Paragraph("一是学习。二是调研。三是落实。", 20, 1, "achievements"),),
        enumerations=(
            EnumerationItem(0, 1, "学习"),
            EnumerationItem(0, 2, "调研"),
            EnumerationItem(0, 3, "落实"),
        ),
    )
    second = Report(
        "b",
        "b.txt",
        "",
        "y" * 40,
        headings=(h(1, 1, "存在问题", "problems", 0, 20), h(1, 2, "整改措施", "measures", 20, 40)),
    )
    return [first, second]


def test_section_sequence_and_counts() -> None:
    first, second = two_reports()
    assert section_type_sequence(first) == ("achievements", "problems", "measures")
    assert level1_counts([first, second]) == {"achievements": 1, "problems": 2, "measures": 2}


def test_tidy_rows_with_exact_values() -> None:
    rows = {(r.what, r.key): r.value for r in structure_statistics(two_reports())}
    assert rows["documents", "count"] == 2
    assert rows["documents_with_title", "count"] == 1
    assert rows["headings_per_level", "1"] == 5
    assert rows["headings_per_level", "2"] == 2
    assert rows["section_type_count", "problems"] == 2
    assert rows["section_type_count", "overview"] == 0
    assert rows["section_type_share_of_documents", "achievements"] == 0.5
    assert rows["subsections_per_section_mean", "achievements"] == 2
    assert rows["section_sequence", "achievements→problems→measures"] == 1
    assert rows["section_sequence", "problems→measures"] == 1
    assert rows["section_relative_position_mean", "measures"] == 1.0
    assert rows["enumeration_length", "03"] == 1
    assert rows["section_chars_mean", "problems"] == 25  # (30 + 20) / 2


def test_empty_corpus_has_only_the_count() -> None:
    assert [(r.what, r.key, r.value) for r in structure_statistics([])] == [("documents", "count", 0)]
