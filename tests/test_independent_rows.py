"""Rows of the index miners counted in independent documents (analysis.miners.independent_rows): a string
only versions of one text share counts once, as the slogans and passages count it."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.distinct import distinct_sentences
from analysis.miners.families import DocumentFamilies
from analysis.miners.idioms import idiom_document_factor
from analysis.miners.independent_rows import count_independent, holders_of, least_independent
from analysis.records import Phrase, Sentence

Build = Callable[..., list[Sentence]]

#: Three versions of one notice (通知甲 … 通知丙, related) and two bodies writing on their own.
DOCS = {
    "通知甲": "各单位要坚持先立后破原则。申报材料一式三份。",
    "通知乙": "各单位要坚持先立后破原则。申报材料一式三份，逾期不候。",
    "通知丙": "坚持先立后破原则，申报材料一式三份。",
    "规划": "坚持先立后破，稳中求进。",
    "方案": "要稳中求进、先立后破。",
}
FAMILIES = DocumentFamilies(
    root={doc: doc for doc in DOCS},
    links={
        "通知甲": frozenset({"通知乙", "通知丙"}),
        "通知乙": frozenset({"通知甲"}),
        "通知丙": frozenset({"通知甲"}),
    },
)


def _row(phrase: str, doc_freq: int, score: float) -> Phrase:
    return Phrase(phrase, "idiom", freq=2 * doc_freq, doc_freq=doc_freq, score=score)


def test_holders_are_the_reports_whose_sentences_contain_the_string(make_sentences: Build) -> None:
    distinct = distinct_sentences(make_sentences(DOCS))
    held = holders_of(["先立后破", "一式三份", "稳中求进", "无人用过", "先立后破"], distinct)
    assert held == [
        frozenset(DOCS),
        frozenset({"通知甲", "通知乙", "通知丙"}),
        frozenset({"规划", "方案"}),
        frozenset(),
        frozenset(DOCS),  # a repeated string gets the same answer
    ]


def test_a_string_of_one_family_is_dropped_and_the_others_counted_as_independent_documents(
    make_sentences: Build,
) -> None:
    distinct = distinct_sentences(make_sentences(DOCS))
    rows = [_row("一式三份", 3, 9.0), _row("先立后破", 5, 8.0), _row("稳中求进", 2, 4.0)]
    out = count_independent(rows, distinct, FAMILIES, min_doc_freq=2, document_factor=idiom_document_factor)
    # 一式三份: three versions of one notice, one independent document; 先立后破: the notice, 规划, 方案
    assert [(p.phrase, p.doc_freq) for p in out] == [("先立后破", 3), ("稳中求进", 2)]
    assert out[0].score == pytest.approx(round(8.0 * (1 + math.log(3)) / (1 + math.log(5)), 6))
    assert out[1] == rows[2]  # no family among its reports: the row as it was


def test_a_corpus_without_families_keeps_every_row_as_it_is(make_sentences: Build) -> None:
    distinct = distinct_sentences(make_sentences(DOCS))
    alone = DocumentFamilies({doc: doc for doc in DOCS}, {})
    rows = [_row("先立后破", 5, 8.0), _row("一式三份", 3, 9.0), _row("稳中求进", 2, 4.0)]
    out = count_independent(rows, distinct, alone, min_doc_freq=2, document_factor=math.log1p)
    assert out == sorted(rows, key=lambda p: (-p.score, p.phrase))


def test_one_report_more_for_every_hundred_independent_documents() -> None:
    """``max(m, m − 1 + ⌈n / 100⌉)``: a miner's own least reports ``m`` below a hundred documents; slogans'
    and passages' rule (:meth:`DocumentFamilies.least_reports`) at ``m = 2``."""
    assert least_independent(FAMILIES, 1) == 1  # 3 independent documents
    assert least_independent(FAMILIES, 2) == FAMILIES.least_reports(2) == 2
    many = DocumentFamilies({f"d{i}": f"d{i}" for i in range(193)}, {})  # policy_docs' count
    assert [least_independent(many, m) for m in (1, 2, 3)] == [2, 3, 4]
    assert least_independent(many, 2) == many.least_reports(2)


@given(st.lists(st.sampled_from(["先立后破", "一式三份", "稳中求进", "逾期不候", "原则"]), unique=True))
def test_independent_counts_never_exceed_the_holders(phrases: list[str]) -> None:
    distinct = distinct_sentences(
        [Sentence(doc, "other", text, tuple(text)) for doc, text in DOCS.items()]  # tokens unused
    )
    rows = [
        _row(p, len(holders), 1.0) for p, holders in zip(phrases, holders_of(phrases, distinct), strict=True)
    ]
    rows = [r for r in rows if r.doc_freq]
    out = count_independent(rows, distinct, FAMILIES, min_doc_freq=1, document_factor=idiom_document_factor)
    before = {r.phrase: r for r in rows}
    for row in out:
        assert 1 <= row.doc_freq <= before[row.phrase].doc_freq
        assert row.score <= before[row.phrase].score


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("甲乙丙"), st.text("先立后破\n，", min_size=1, max_size=8)), max_size=8
    ),
    st.lists(st.text("先立后破", min_size=1, max_size=3), max_size=5),
)
def test_holders_are_the_reports_of_the_texts_containing_the_string(
    sentences: list[tuple[str, str]], phrases: list[str]
) -> None:
    """The automaton over the UTF-8 of the texts joined (or over the texts when one holds a newline) finds
    what ``in`` finds, text by text."""
    distinct = distinct_sentences([Sentence(doc, "other", text, tuple(text)) for doc, text in sentences])
    expected = [frozenset(doc for doc, text in sentences if p in text) for p in phrases]
    assert holders_of(phrases, distinct) == expected
