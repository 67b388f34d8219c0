"""Section keyness (analysis.miners.keyness): phrases a section type over-uses."""

from __future__ import annotations

import time
from collections.abc import Callable

from analysis.index import WordIndex
from analysis.miners.keyness import section_keyness
from analysis.records import Sentence

Build = Callable[..., list[Sentence]]


def test_section_keyness_rows(make_sentences: Build) -> None:
    problems = make_sentences(
        {"d1": "理论学习不够深入。理论学习有差距。理论学习流于形式。"}, section_type="problems"
    )
    measures = make_sentences(
        {"d2": "加强理论学习中心组学习。落实主体责任。压实主体责任。主体责任清单。"}, section_type="measures"
    )
    every = {"min_docs": 1, "significant_only": False}
    rows = section_keyness(
        problems + measures, ["理论学习", "理论学习中心组", "主体责任", "不存在"], min_freq=2, **every
    )
    assert [(s, r.item, r.freq) for s, r in rows] == [
        ("measures", "主体责任", 3),
        ("problems", "理论学习", 3),
    ]
    assert all(r.g2 > 0 for _, r in rows)
    # 理论学习 inside 理论学习中心组 is not counted (longest match): min_freq=1 shows 理论学习中心组 once
    rows = section_keyness(problems + measures, ["理论学习", "理论学习中心组"], min_freq=1, **every)
    assert ("measures", "理论学习中心组", 1) in [(s, r.item, r.freq) for s, r in rows]
    # one report each: below the default of two reports
    assert section_keyness(problems + measures, ["理论学习", "主体责任"]) == []
    assert section_keyness(problems, ["理论学习"]) == []  # one section type: nothing to compare
    assert section_keyness(problems + measures, []) == []


def test_section_keyness_is_fast_for_many_phrases(gwr_body_sentences: list[Sentence]) -> None:
    counts = WordIndex.build(gwr_body_sentences[:5000], min_count=2, max_n=3)
    frequent = sorted(((f, "".join(g)) for g, f in counts.freq.items() if len(g) >= 2), reverse=True)
    terms = [phrase for _, phrase in frequent[:1000]]
    labelled = [
        Sentence(s.doc_id, ("achievements", "measures", "problems")[i % 3], s.text, s.tokens)
        for i, s in enumerate(gwr_body_sentences)
    ]
    start = time.perf_counter()
    rows = section_keyness(labelled, terms)
    assert time.perf_counter() - start < 10.0
    assert rows == sorted(rows, key=lambda r: (r[0], -r[1].g2, r[1].item))
