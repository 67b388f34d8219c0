"""The phrase bank: one row per phrase, a real example each, a total order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.contrast import Contrast
from analysis.phrasebank import (
    PhraseMatcher,
    _alternation,
    build_phrase_bank,
    find_examples,
    merge_candidates,
    phrase_document_counts,
    section_phrase_rows,
)
from analysis.records import Phrase, Sentence


def s(doc: str, text: str, *, section: str = "other", heading: bool = False) -> Sentence:
    return Sentence(doc, section, text, tuple(text), heading)


SENTENCES = [
    s("a", "一、两个维护", heading=True),
    s("a", "坚决做到“两个维护”，落实“一岗双责”。"),
    s("b", "全面从严治党永远在路上。", section="measures"),
    s("b", "严格落实一岗双责制度。", section="measures"),
]


def test_the_more_specific_kind_wins_and_placeholders_never_pass() -> None:
    merged = merge_candidates(
        [
            Phrase("两个维护", "term", 2, 1, 9.0),
            Phrase("两个维护", "slogan", 2, 1, 1.0),
            Phrase("心得体会□余篇", "term", 2, 2, 5.0),
        ]
    )
    assert merged == [Phrase("两个维护", "slogan", 2, 1, 1.0)]


def test_examples_are_real_body_sentences_when_there_is_one() -> None:
    examples = find_examples(["两个维护", "一岗双责", "全面从严治党", "没有的词"], SENTENCES)
    assert examples == {
        "两个维护": "坚决做到“两个维护”，落实“一岗双责”。",  # the heading came first but is no good example
        "一岗双责": "坚决做到“两个维护”，落实“一岗双责”。",
        "全面从严治党": "全面从严治党永远在路上。",
    }


def test_bank_is_sorted_by_kind_then_score_then_phrase_and_drops_phrases_without_example() -> None:
    bank = build_phrase_bank(
        [
            Phrase("一岗双责", "slogan", 2, 2, 1.0),
            Phrase("两个维护", "slogan", 1, 1, 1.0),
            Phrase("全面从严治党", "term", 1, 1, 3.0),
            Phrase("X还不够“Y”", "heading", 4, 1, 2.0, example="学习还不够“深”"),
            Phrase("没有的词", "term", 5, 5, 9.0),
        ],
        SENTENCES,
    )
    assert [(p.kind, p.phrase) for p in bank] == [
        ("heading", "X还不够“Y”"),
        ("slogan", "一岗双责"),
        ("slogan", "两个维护"),
        ("term", "全面从严治党"),
    ]
    assert bank[0].example == "学习还不够“深”"
    assert all(p.example for p in bank)


def test_section_rows_take_examples_from_their_own_section() -> None:
    keyness = [
        ("measures", Contrast("一岗双责", 1, 0, 1, 1, 2.5, 0.11, 1.0)),
        ("other", Contrast("两个维护", 1, 0, 1, 1, 1.0, 0.32, 1.0)),
    ]
    rows = section_phrase_rows(keyness, SENTENCES)
    assert [(r.section_type, r.phrase, r.example) for r in rows] == [
        ("measures", "一岗双责", "严格落实一岗双责制度。"),
        ("other", "两个维护", "坚决做到“两个维护”，落实“一岗双责”。"),
    ]


def test_document_counts_are_per_document() -> None:
    assert phrase_document_counts(["一岗双责", "两个维护"], SENTENCES) == {
        "a": {"两个维护": 2, "一岗双责": 1},
        "b": {"一岗双责": 1},
    }


def test_phrase_matcher_finds_leftmost_longest_non_overlapping_matches() -> None:
    matcher = PhraseMatcher(["从严治党", "全面从严治党", "治党", "一岗双责"])
    assert matcher.findall("坚持全面从严治党，落实一岗双责，从严治党") == [
        "全面从严治党",
        "一岗双责",
        "从严治党",
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab中国人", max_size=6), max_size=8),
    st.text(alphabet="ab中国人，", max_size=40),
)
def test_phrase_matcher_equals_a_longest_first_regex_alternation(phrases: list[str], text: str) -> None:
    pattern = _alternation(phrases)
    assert PhraseMatcher(phrases).findall(text) == (pattern.findall(text) if pattern is not None else [])
