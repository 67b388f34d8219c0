"""Specification of heading templates that teach nothing beyond another (analysis.miners.template_shape,
analysis.miners.template_pairs): a topic compound between two slots, one report's words shared inside
long headings, and a narrower variant that a wider frame with more headings covers."""

from __future__ import annotations

import re
from collections.abc import Callable

import jieba
import pytest

from analysis.miners.families import DocumentFamilies
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.template_pairs import narrower_templates
from analysis.miners.template_shape import Part, frame_fault, open_ended
from analysis.miners.templates import mine_heading_templates
from analysis.records import Heading


@pytest.fixture(scope="module")
def tokenize(tokenizer: jieba.Tokenizer) -> Callable[[str], list[str]]:
    return tokenizer.lcut


def _parts(rendered: str) -> tuple[Part, ...]:
    return tuple(None if p in "XYZW" else p for p in re.split("([XYZW])", rendered) if p)


@pytest.mark.parametrize(
    ("rendered", "fault"),
    [
        ("X治理水平Y提升", "topic"),  # a compound between two slots: the subjects' topic
        ("X渔业Y，稳定Z产量", "topic"),
        ("X有Y，努力Z的政治W", None),  # 的 marks a structure between the slots
        ("X一批可Y、可Z的W场景", None),
        ("构建X的Y体系", None),
    ],
)
def test_a_topic_compound_between_two_slots_is_no_frame(
    rendered: str, fault: str | None, tokenize: Callable[[str], list[str]]
) -> None:
    assert frame_fault(_parts(rendered), tokenize=tokenize, tags=jieba_lexicon().tag) == fault


def test_open_ended_templates() -> None:
    assert open_ended(_parts("X深海养殖Y"))
    assert not open_ended(_parts("X有Y，努力Z的政治W"))  # two clauses
    assert not open_ended(_parts("X还不够“Y”"))
    assert not open_ended(_parts("实施X工程"))


def _heading(level: int, text: str, number: int) -> Heading:
    return Heading(level, number, "", text, "other", 0, 0)


def test_one_report_s_words_inside_long_headings_are_no_frame(tokenize: Callable[[str], list[str]]) -> None:
    """Three sibling headings of one report share ``深海养殖`` somewhere inside, with an adverb (再) in it:
    structural, but open at both ends, so the exception for one report's parallel headings does not apply."""
    doc = [
        _heading(1, "重点任务", 1),
        _heading(2, "突破深海再养殖关键装备", 1),
        _heading(2, "推广深海再养殖绿色模式", 2),
        _heading(2, "完善深海再养殖服务体系", 3),
    ]
    rows = mine_heading_templates(
        [("渔业规划", doc)], tokenize=tokenize, families=DocumentFamilies({"渔业规划": "渔业规划"}, {})
    )
    assert [p.phrase for p in rows if "深海" in p.phrase] == []


def test_a_wider_frame_with_more_headings_covers_a_narrower_one() -> None:
    """``实施X提升工程`` is ``实施X工程`` with a word of the slot fixed, even where a filler is longer than a
    slot may be: the wider frame, with more headings, is the one a writer learns from."""
    parts = {
        "wide": _parts("实施X工程"),
        "narrow": _parts("实施X提升工程"),
        "other": _parts("全面提升X能力"),
        "base": _parts("提升X能力"),
    }
    size = {"wide": 8, "narrow": 3, "other": 3, "base": 20}
    assert narrower_templates(parts, size) == {"narrow"}  # 全面提升X能力 does not start like 提升X能力
    assert narrower_templates(parts, {**size, "narrow": 9}) == set()  # the narrower one has more headings
