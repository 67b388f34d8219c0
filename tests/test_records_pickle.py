"""Specification of how records travel between processes: pickled as their class and field values."""

from __future__ import annotations

import copy
import pickle
from dataclasses import fields

import pytest

from analysis import records
from analysis.records import (
    EnumerationItem,
    Heading,
    IngestProblem,
    Paragraph,
    RemovedLine,
    Report,
    SourceDocument,
)

REPORT = Report(
    doc_id="gov#1",
    source="gov.txt",
    title="政府工作报告",
    text="政府工作报告\n一、回顾\n一是稳增长。",
    headings=(Heading(1, 1, "一、", "回顾", "achievements", 7, 20, False, "heading"),),
    paragraphs=(
        Paragraph("一、回顾", 7, 0, "achievements", True),
        Paragraph("一是稳增长。", 12, 0, "achievements"),
    ),
    enumerations=(EnumerationItem(1, 1, "稳增长"),),
    metadata={"year": "2024"},
    removed=(RemovedLine(3, "toolbar", "打印本页"),),
)
RECORDS = [
    REPORT,
    SourceDocument("gov", "gov.txt", "正文", {"year": "2024"}),
    IngestProblem("bad.txt", "bad.txt is empty"),
    *REPORT.headings,
    *REPORT.paragraphs,
    *REPORT.enumerations,
    *REPORT.removed,
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: type(record).__name__)
def test_a_record_comes_back_equal_field_by_field(record: object) -> None:
    for loaded in (
        pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)),
        copy.deepcopy(record),
    ):
        assert type(loaded) is type(record)
        assert [getattr(loaded, f.name) for f in fields(record)] == [  # type: ignore[arg-type]
            getattr(record, f.name)
            for f in fields(record)  # type: ignore[arg-type]
        ]


def test_the_slots_of_each_record_are_its_constructor_fields_in_order() -> None:
    """What ``_by_fields`` relies on."""
    reduced = [
        cls for cls in vars(records).values() if getattr(cls, "__reduce__", None) is records._by_fields
    ]
    assert len(reduced) == 7
    for cls in reduced:
        assert cls.__slots__ == tuple(f.name for f in fields(cls) if f.init)
