"""Specification of analysis.sections: a section's type from its heading, else from what its body says."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import tables
from analysis.records import SECTION_TYPES, SourceDocument
from analysis.sections import (
    BODY_TYPES,
    CUES,
    MARGIN,
    MIN_CUES,
    MIN_RATE,
    SECTION_KEYWORDS,
    TYPE_SOURCES,
    Evidence,
    body_type,
    classify_section,
    clause_signature,
    cue_counts,
    section_types,
)
from analysis.structure import parse_report


def counts(achievements: int = 0, problems: int = 0, causes: int = 0, measures: int = 0) -> dict[str, int]:
    return {"achievements": achievements, "problems": problems, "causes": causes, "measures": measures}


# ---------------------------------------------------------------- cue phrases, counted by hand


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 年来, 完成了, 累计; the figures 3项 and □人 in a sentence with 了: 5
        ("一年来，完成了3项改革任务，累计培训干部□人次。", counts(achievements=5)),
        # 下一步, 要, 进一步, 力争, 到2030年; the figure 10期 in a clause with 力争 is a target: 6
        ("下一步，要进一步加强学习，力争全年完成培训10期，到2030年基本建成体系。", counts(measures=6)),
        # 仍存在, 差距, 不够, 不到位 / 根源, 究其, 原因 / 放松了
        (
            "但仍存在一些差距，学习不够深入，根源在于思想认识不到位，究其原因是放松了要求。",
            counts(achievements=1, problems=4, causes=3),
        ),
        # 为了 了解 规定了 重要 主要 要求: none is a cue
        ("为了做好工作，我们了解情况，本标准规定了范围，这是重要任务，主要要求。", counts()),
        # a figure without a past marker or a plan word says nothing (a subsidy rule)
        ("对新认定的企业给予50万元奖励。", counts()),
        # 比上年 is a comparison, not a tense; 拟 makes the clause a plan
        ("今年拟安排资金20亿元，比上年增加3亿元。", counts(measures=1)),
    ],
)
def test_cue_counts(text: str, expected: dict[str, int]) -> None:
    assert cue_counts(text) == Evidence(expected, len(text))


def test_cue_families_are_the_body_types() -> None:
    assert set(CUES) == set(BODY_TYPES) <= set(SECTION_TYPES) - {"other", "overview"}


# ---------------------------------------------------------------- the decision rule


@pytest.mark.parametrize(
    ("found", "chars", "said"),
    [
        (counts(achievements=MIN_CUES), 1000 * MIN_CUES / MIN_RATE, "achievements"),  # at both minimums
        (counts(achievements=MIN_CUES - 1), 100, None),  # dense, but too few cues
        (counts(achievements=MIN_CUES), 1000 * MIN_CUES / MIN_RATE + 1, None),  # rate just below
        (counts(measures=10, achievements=5), 1000, None),  # exactly twice the runner-up: not more
        (counts(measures=11, achievements=5), 1000, "measures"),
        (counts(problems=7, causes=3), 1000, "problems"),
        (counts(problems=6, causes=6), 1000, None),  # a tie says nothing
        (counts(), 0, None),
    ],
)
def test_body_type(found: dict[str, int], chars: float, said: str | None) -> None:
    assert body_type(Evidence(found, int(chars))) == said


def test_the_margin_is_relative_to_the_runner_up() -> None:
    assert MARGIN == 2.0
    assert body_type(Evidence(counts(achievements=40, measures=19), 2000)) == "achievements"
    assert body_type(Evidence(counts(achievements=40, measures=20), 2000)) is None


# ---------------------------------------------------------------- heading, body, parallel siblings

RESULTS = "一年来，完成了各项任务，取得了明显成效，累计开展培训□次，先后组织调研□次，圆满完成了年度目标。"
PLANS = "下一步，要进一步加强学习，力争取得新突破，今后要持续改进作风，明年将继续深化改革。"
MIXED = "一年来完成了部分任务。下一步要继续努力。"


def test_a_heading_keyword_wins_over_the_body() -> None:
    assert section_types([("存在的问题", "存在的问题\n" + RESULTS * 3)]) == [("problems", "heading")]


def test_a_heading_without_keyword_takes_what_the_body_says() -> None:
    sections = [("坚持学用结合", RESULTS), ("谋划来年发展", PLANS), ("关于对外交流", MIXED)]
    assert section_types(sections) == [("achievements", "body"), ("measures", "body"), ("other", "heading")]


def test_parallel_headings_share_what_their_bodies_say_together() -> None:
    weak = "严格要求自己，时时处处做好表率。" * 5  # no cue at all
    parallel = [("学习更加深入，思想更加坚定", RESULTS * 2), ("作风更加扎实，服务更加到位", weak)]
    assert [c for c in map(clause_signature, (h for h, _ in parallel))] == [(6, 6), (6, 6)]
    assert section_types(parallel) == [("achievements", "body"), ("achievements", "body")]
    # the same weak section under a heading of another shape is not pulled along
    alone = [parallel[0], ("作风扎实，服务到位，群众满意", weak)]
    assert section_types(alone) == [("achievements", "body"), ("other", "heading")]
    # nor is a single clause heading: equal lengths of one clause are no parallel writing
    single = [("加强学习", RESULTS * 2), ("转变作风", weak)]
    assert section_types(single) == [("achievements", "body"), ("other", "heading")]


def test_a_plan_section_under_another_name_is_measures() -> None:
    assert classify_section("2026年主要目标和重点任务") == "measures"
    assert classify_section("今年重点抓好以下工作") == "other"  # the heading says nothing …
    assert section_types([("今年重点抓好以下工作", PLANS * 2)]) == [("measures", "body")]  # … the body does


# ---------------------------------------------------------------- in a parsed report

SELF_ASSESSMENT = f"""个人述职报告
现将本人一年来的履职情况报告如下：
一、勤学习强素养，提升履职能力
{RESULTS}
（一）坚持集中学习
{RESULTS}
二、重实干抓落实，推动工作落地
{RESULTS}
三、守纪律讲规矩，保持清正廉洁
严格遵守各项纪律规定，自觉接受监督。
回顾一年来的工作，虽然取得了一定成绩，但仍存在不足，学习不够深入。下一步，我将进一步加强学习，要持续改进作风。
"""


def test_action_headed_sections_of_a_self_assessment_are_achievements() -> None:
    report = parse_report(SourceDocument("d", "d.txt", SELF_ASSESSMENT))
    assert [(h.level, h.section_type, h.type_source) for h in report.headings] == [
        (1, "achievements", "body"),
        (2, "achievements", "body"),  # inherits type and source
        (1, "achievements", "body"),
        (1, "achievements", "body"),  # its own body is mixed (the closing): its parallel siblings decide
    ]
    last = report.headings[-1]
    own = cue_counts(SELF_ASSESSMENT[last.start : last.end])
    assert body_type(own) is None


def test_sections_frame_has_type_source_after_the_contract_columns() -> None:
    report = parse_report(SourceDocument("d", "d.txt", SELF_ASSESSMENT))
    frame = tables.sections_frame([report])
    assert list(frame.columns)[-2:] == ["inline", "type_source"]
    assert set(frame.type_source) <= set(TYPE_SOURCES)


# ---------------------------------------------------------------- the keyword rule as a single search


def earliest_keyword(text: str) -> tuple[int, int, str] | None:
    """The plain search the regex replaces: each keyword's first occurrence, earliest then longest."""
    best = None
    for section_type, keywords in SECTION_KEYWORDS.items():
        for keyword in keywords:
            pos = text.find(keyword)
            if pos >= 0 and (best is None or (pos, -len(keyword)) < best[:2]):
                best = (pos, -len(keyword), section_type)
    return best


PIECES = st.sampled_from([k for ks in SECTION_KEYWORDS.values() for k in ks] + ["的", "和", "工作", "年"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=6).map("".join))
def test_classify_section_without_的_is_the_earliest_longest_keyword(text: str) -> None:
    text = re.sub("[的和]", "", text)
    text = re.sub(r"(?:几个|若干|有关|一些)问题", "", text)
    found = earliest_keyword(text)
    assert classify_section(text) == (found[2] if found else "other")


def test_every_keyword_has_one_type() -> None:
    keywords = [k for ks in SECTION_KEYWORDS.values() for k in ks]
    assert len(keywords) == len(set(keywords))
