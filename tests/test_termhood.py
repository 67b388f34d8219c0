"""Termhood against general Chinese, names, and formulations nested in longer ones (analysis.miners.termhood,
analysis.miners.names, analysis.miners.term_contexts, through analysis.miners.terms)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.miners.names import name_kind
from analysis.miners.term_contexts import inner_uses, merged_contexts, substring_pairs
from analysis.miners.termhood import (
    ReferenceModel,
    dictionary_cut,
    reference_model,
    reference_probability,
    termhood,
)
from analysis.miners.terms import mine_terms, score_terms
from analysis.records import Phrase, Sentence
from analysis.scoring import BOUNDARY

Build = Callable[..., list[Sentence]]

#: A made-up reference corpus of 1,000,000 words.
REFERENCE = ReferenceModel(
    {"发展": 9_999, "理念": 999, "博物馆": 4_999, "宏观调控": 3, "新": 19_999}, 1_000_000
)


# --- termhood ------------------------------------------------------------------------------------------
def test_a_derivational_suffix_cut_off_is_no_word_of_its_own() -> None:
    """精准 + 化 (the dictionary lacks 精准化): as frequent as its base, not a tenth of its rarer part; a
    derivation the dictionary lists (信息化) keeps its own count."""
    model = ReferenceModel({"精准": 99, "化": 6_999, "信息": 11_999, "信息化": 1_347}, 1_000_000)
    assert reference_probability(["精准", "化"], model) == pytest.approx(100 / 1_000_000)
    assert reference_probability(["精准化"], model) == pytest.approx(100 / 1_000_000)
    assert reference_probability(["信息化"], model) == pytest.approx(1_348 / 1_000_000)
    assert reference_probability(["化", "精准"], model) < 100 / 1_000_000 / 10  # a suffix ends a word


def test_a_dictionary_word_takes_its_own_smoothed_count() -> None:
    assert reference_probability(["博物馆"], REFERENCE) == pytest.approx(5_000 / 1_000_000)
    assert termhood(50, 10_000, 5_000 / 1_000_000) == pytest.approx(0.0)  # as frequent as in general use


def test_a_string_unknown_to_the_dictionary_is_estimated_from_its_words() -> None:
    # 1 / (1/p(新) + 1/p(发展) + 1/p(理念)), divided by 10 for each of the two inferred boundaries
    p = 1 / (1_000_000 / 20_000 + 1_000_000 / 10_000 + 1_000_000 / 1_000) / 100
    assert reference_probability(["新", "发展", "理念"], REFERENCE) == pytest.approx(p)
    assert reference_probability(["新发展理念"], REFERENCE) == pytest.approx(p)  # one lexicon token, cut


def test_a_word_of_the_dictionarys_floor_count_is_estimated_from_its_parts() -> None:
    # 宏观调控 has jieba's count for words added without one (3): its characters say more
    p = reference_probability(["宏观调控"], REFERENCE)
    assert p < 4 / 1_000_000
    assert dictionary_cut("宏观调控", REFERENCE, whole=False) == ["宏", "观", "调", "控"]


def test_dictionary_cut_prefers_the_most_probable_words() -> None:
    assert dictionary_cut("新发展理念", REFERENCE) == ["新", "发展", "理念"]
    assert dictionary_cut("", REFERENCE) == []


@given(st.text(alphabet="新发展理念博物馆宏观调控", max_size=12))
def test_dictionary_cut_covers_the_text(text: str) -> None:
    assert "".join(dictionary_cut(text, REFERENCE)) == text


def test_termhood_is_the_log_ratio_of_relative_frequencies() -> None:
    assert termhood(10, 1_000, 0.001) == pytest.approx(math.log(10))
    with pytest.raises(ValueError, match="freq=0"):
        termhood(0, 1_000, 0.001)


def test_the_default_reference_is_jiebas_dictionary() -> None:
    from analysis.miners.jieba_dictionary import jieba_lexicon

    model = reference_model(jieba_lexicon().freq)
    assert model.total > 50_000_000
    # an everyday word is far more probable in general Chinese than a formulation of the genre
    formulation = reference_probability(["新", "发展", "理念"], model)
    assert reference_probability(["博物馆"], model) > 100 * formulation


# --- contexts of a candidate ---------------------------------------------------------------------------
def test_uses_inside_longer_tokens_are_contexts_of_their_own() -> None:
    tokens = ["全面建成小康社会", "小康社会", "小康社会建设"]
    uses = inner_uses(["小康社会"], tokens, [42, 30, 5], [18, 12, 3])
    assert uses[0].left == {"全面建成": 42, "小康社会建设<": 5}
    assert uses[0].right == {">全面建成小康社会": 42, "建设": 5}
    assert (uses[0].freq, uses[0].doc_freq) == (47, 18)
    assert inner_uses([], ["x"], [1], [1]) == []


def test_merged_contexts_count_verbs_as_boundaries() -> None:
    merged = merged_contexts({"构建": 17, BOUNDARY: 2}, {"加快构建": 3}, lambda word: word.endswith("构建"))
    assert merged == {BOUNDARY: 22}


def test_substring_pairs() -> None:
    assert substring_pairs(["小康社会", "全面建设小康社会", "社会"]) == [(0, 1), (2, 0), (2, 1)]


# --- names ---------------------------------------------------------------------------------------------
NAME_TAGS = {"李明": "nr", "党委": "n", "青岛": "ns", "国务院": "nt", "新格局": "nt", "格局": "n"}
NAME_TAGS["商业"] = "n"


@pytest.mark.parametrize(
    ("gram", "kind"),
    [
        (("李明", "同志"), "person"),
        (("李明", "总书记"), "person"),
        (("毛主席",), "person"),  # a surname and a title in one token
        (("主席",), None),
        (("党委", "书记"), None),  # a title after a common noun is no name
        (("青岛市",), "place"),
        (("青岛", "市"), "place"),
        (("国务院",), "organisation"),
        (("省", "科技厅"), "organisation"),
        (("新格局",), None),  # tagged nt, but 格局 is a common word
        (("商业银行",), None),  # a kind of bank, not one bank
        (("宏观调控",), None),
    ],
)
def test_name_kinds(gram: tuple[str, ...], kind: str | None) -> None:
    assert name_kind(gram, tags=NAME_TAGS) == kind


def test_the_corpus_shows_a_name_by_the_titles_after_it() -> None:
    assert name_kind(("李明",), tags=NAME_TAGS, right={"同志": 5, "": 5}) == "person"
    assert name_kind(("李明",), tags=NAME_TAGS, right={"的": 9, "同志": 1}) is None
    assert name_kind(("文明",), tags={"文明": "nr"}, right={"城市": 9}) is None


# --- through the term miner ----------------------------------------------------------------------------
NESTED_DOCS = {
    "r1": "我们完整准确全面贯彻绿色低碳新理念。绿色低碳新理念深入人心。李明同志主持会议。",
    "r2": "坚持绿色低碳新理念引领发展。李明同志作报告。各地博物馆开放。",
    "r3": "以绿色低碳新理念推动转型。李明同志讲话。参观博物馆。博物馆免费开放。",
    "r4": "落实绿色低碳新理念要求。李明同志强调。新建博物馆。",
}


def test_a_formulation_inside_many_longer_phrases_is_a_term(make_sentences: Build) -> None:
    found = {p.phrase: p for p in mine_terms(make_sentences(NESTED_DOCS), min_freq=3, min_doc_freq=2)}
    assert "绿色低碳新理念" in found
    assert (found["绿色低碳新理念"].freq, found["绿色低碳新理念"].doc_freq) == (5, 4)
    assert "贯彻绿色低碳新理念" not in found  # the verb is not part of it


def test_a_person_and_title_is_a_name_not_a_term(make_sentences: Build) -> None:
    rows = mine_terms(make_sentences(NESTED_DOCS), min_freq=3, min_doc_freq=2)
    kinds = {p.phrase: p.kind for p in rows}
    assert kinds.get("李明同志") == "name"
    assert all(p.kind in {"term", "name"} for p in rows)


def test_a_word_as_common_in_general_chinese_is_not_a_term(make_sentences: Build) -> None:
    index = WordIndex.build(make_sentences(NESTED_DOCS), min_count=3)
    total = index.total_unigrams
    # a reference where 博物馆 is as frequent as here, and the formulation's words are rare
    words = {"博物馆": 1_000_000 * 5 // total, "绿色": 10, "低碳": 10, "新理念": 10}
    reference = ReferenceModel(words, 1_000_000)
    found = [p.phrase for p in score_terms(index, reference=reference)]
    assert "绿色低碳新理念" in found
    assert "博物馆" not in found
    with_jieba: list[Phrase] = score_terms(index)
    assert "博物馆" in [p.phrase for p in with_jieba]  # in 4 tiny reports a word of 4,999 per million is rare
