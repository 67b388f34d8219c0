"""Concordance lines show each hit with context from its own paragraph."""

from __future__ import annotations

import pytest

from analysis.kwic import concordance, format_line
from analysis.records import Paragraph, Report

TEXT = "述职报告\n我坚决做到“两个维护”。\n一、存在问题\n对“两个维护”认识不深。"


def report() -> Report:
    paragraphs = (
        Paragraph("我坚决做到“两个维护”。", 5, None, "preamble"),
        Paragraph("一、存在问题", 18, 0, "problems", is_heading=True),
        Paragraph("对“两个维护”认识不深。", 25, 0, "problems"),
    )
    return Report("d1", "d1.txt", "述职报告", TEXT, paragraphs=paragraphs)


def test_each_hit_with_context_inside_its_paragraph() -> None:
    lines = list(concordance([report()], "两个维护", width=3))
    assert [(x.left, x.keyword, x.right, x.section_type) for x in lines] == [
        ("做到“", "两个维护", "”。", "preamble"),
        ("对“", "两个维护", "”认识", "problems"),
    ]
    assert TEXT[lines[1].offset : lines[1].offset + 4] == "两个维护"


def test_regex_queries_and_their_errors() -> None:
    assert [x.keyword for x in concordance([report()], "存在.题", regex=True)] == ["存在问题"]
    with pytest.raises(ValueError, match=r"'两个\(' is not a valid regular expression"):
        list(concordance([report()], "两个(", regex=True))
    with pytest.raises(ValueError, match="empty KWIC query"):
        list(concordance([report()], ""))


def test_format_line_brackets_the_keyword() -> None:
    line = next(concordance([report()], "认识", width=2))
    assert format_line(line, width=2) == "d1\t护”【认识】不深"
