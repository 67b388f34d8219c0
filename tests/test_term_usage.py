"""How a term candidate is used (analysis.miners.term_usage), names as proper names (analysis.miners.names),
termhood from a compound's parts and nested dictionary words (analysis.miners.termhood, term_contexts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.miners.names import name_fragment, name_kind
from analysis.miners.term_contexts import nested_words
from analysis.miners.term_usage import (
    general_parts,
    head_share,
    kind_of,
    predicate_share,
    reads_neighbours,
    usage_rejection,
)
from analysis.miners.termhood import reference_model, reference_probability
from analysis.scoring import BOUNDARY

#: A small reference dictionary: counts in "general Chinese", in the shape of jieba's.
REFERENCE = reference_model(
    {
        "推行": 6000,
        "办法": 9000,
        "推行办法": 40,  # a compound the dictionary counts far below its parts
        "联防": 300,
        "机制": 5000,
        "联防机制": 3,
        "社会": 40000,
        "质量": 8000,
        "效益": 2500,
        "和": 500000,
        "宜居": 50,
        "乡镇": 3000,
        "仪表盘": 400,  # an everyday noun of general Chinese
        "驾驶舱": 40,  # a rarer one: a word of the genre may be the head of compounds too
    }
)
TAGS = {
    **{"推行": "v", "办法": "n", "积极": "ad", "要": "v", "实施": "v", "的": "uj", "把": "p", "是": "v"},
    **{"汽车": "n", "智能": "n", "数字": "n", "新型": "b", "建设": "vn", "打造": "v"},
}


# --- predicate use --------------------------------------------------------------------------------------
def test_predicate_share_counts_modifiers_of_a_verb_against_signs_of_a_noun() -> None:
    left = {"积极": 6, "要": 2, "实施": 3, "的": 1, BOUNDARY: 40, "是": 9}
    right = {"了": 2, "的": 2, BOUNDARY: 30}
    assert predicate_share(left, right, tags=TAGS) == pytest.approx(10 / 16)  # 积极 要 了 | 实施 的 的
    assert predicate_share({BOUNDARY: 50, "是": 9}, {"了": 1}, tags=TAGS) is None  # too little evidence


@given(
    st.dictionaries(
        st.sampled_from(["积极", "要", "实施", "的", "把", "是", BOUNDARY, "城市"]), st.integers(0, 50)
    ),
    st.dictionaries(st.sampled_from(["了", "的", BOUNDARY, "工作"]), st.integers(0, 50)),
)
def test_predicate_share_is_a_share(left: dict[str, int], right: dict[str, int]) -> None:
    share = predicate_share(left, right, tags=TAGS)
    assert share is None or 0.0 <= share <= 1.0


def test_a_verb_phrase_of_common_words_used_as_a_predicate_is_general_language() -> None:
    predicate_left = {"积极": 8, "要": 4, BOUNDARY: 10}
    assert general_parts(("推行办法",), REFERENCE) == ["推行", "办法"]
    assert usage_rejection(("推行办法",), predicate_left, {}, tags=TAGS, model=REFERENCE) == "predicate"
    # the same words as the object of a verb: a noun phrase
    assert usage_rejection(("推行办法",), {"实施": 8, "的": 4}, {}, tags=TAGS, model=REFERENCE) is None
    # a word of its own (联防 is rare): a formulation even when used as a predicate
    assert general_parts(("联防机制",), REFERENCE) is None
    assert usage_rejection(("联防机制",), predicate_left, {}, tags=TAGS, model=REFERENCE) is None


def test_a_coordination_of_two_common_words_is_no_term() -> None:
    assert usage_rejection(("质量", "和", "效益"), {}, {}, tags=TAGS, model=REFERENCE) == "coordination"
    assert usage_rejection(("宜居", "和", "效益"), {}, {}, tags=TAGS, model=REFERENCE) is None


def test_an_everyday_word_used_as_the_head_of_compounds_is_no_term() -> None:
    """仪表盘 after 汽车, 智能, 数字, 新型 (nominal modifiers) in 7 of 10 uses: the genre's terms are the
    compounds (智能仪表盘), the bare word is general vocabulary.  After verbs and clause edges it stands."""
    as_head = {"汽车": 6, "智能": 4, "数字": 2, "新型": 2, BOUNDARY: 4, "打造": 2}
    assert head_share(as_head, tags=TAGS) == pytest.approx(0.7)
    chained = {"建设": 3, BOUNDARY: 7}  # 仪表盘建设: it modifies the next noun too
    assert usage_rejection(("仪表盘",), as_head, chained, tags=TAGS, model=REFERENCE) == "generic head"
    as_object = {"打造": 10, BOUNDARY: 8, "智能": 2}
    assert usage_rejection(("仪表盘",), as_object, chained, tags=TAGS, model=REFERENCE) is None
    # only ever closing its compounds (生产责任制。): the head of formulations, left to the other rules
    assert usage_rejection(("仪表盘",), as_head, {BOUNDARY: 10}, tags=TAGS, model=REFERENCE) is None
    # a word rare in general Chinese, or a compound of several tokens, is judged by the other rules
    assert usage_rejection(("驾驶舱",), as_head, chained, tags=TAGS, model=REFERENCE) is None
    assert usage_rejection(("仪表盘", "建设"), as_head, chained, tags=TAGS, model=REFERENCE) is None
    assert head_share({"汽车": 15, "打造": 4}, tags=TAGS) is None  # too little evidence: under 20 uses
    assert kind_of(("仪表盘",), as_head, chained, tags=TAGS, model=REFERENCE) is None


# --- termhood of a dictionary compound ----------------------------------------------------------------
def test_a_dictionary_compound_is_as_general_as_its_parts() -> None:
    whole = reference_probability(["推行办法"], REFERENCE, parts=False)
    assert whole == pytest.approx(41 / REFERENCE.total)
    parts = (1 / (1 / 6001 + 1 / 9001)) / REFERENCE.total / 10
    assert reference_probability(["推行办法"], REFERENCE) == pytest.approx(parts)
    assert reference_probability(["社会"], REFERENCE) == pytest.approx(
        40001 / REFERENCE.total
    )  # word > parts


# --- nested dictionary words ---------------------------------------------------------------------------
def test_dictionary_words_hidden_inside_longer_tokens_are_candidates() -> None:
    tokens = ["建设联防机制", "健全联防机制", "联防", "机制"]
    assert nested_words(tokens, REFERENCE.freq) == ["联防机制"]
    assert nested_words([*tokens, "联防机制"], REFERENCE.freq) == []  # a token of its own already


# --- names -------------------------------------------------------------------------------------------------
NAME_TAGS = {
    "国务院": "nt",
    "提请": "v",
    "人大常委会": "nt",
    "党中央": "nt",
    "为首": "v",
    "的": "uj",
    "和": "c",
    "党": "n",
    "政府": "n",
    "地方": "n",
    "信息化": "n",
    "部": "n",
    "党组织": "nt",
    "我": "r",
    "青岛": "ns",
    "城市": "n",
}


@pytest.mark.parametrize(
    ("gram", "fragment"),
    [
        (("国务院", "提请", "人大常委会"), True),  # a clause around two names
        (("我受", "国务院"), True),  # a token the dictionary lacks, opening with a pronoun
        (("国务院", "和", "党中央"), False),  # a list of names
        (("城市", "和", "青岛市"), True),  # a list with a member that is no name
        (("党和政府",), True),  # the same inside one token
        (("青岛", "市"), False),
    ],
)
def test_name_fragments(gram: tuple[str, ...], fragment: bool) -> None:
    assert name_kind(gram, tags=NAME_TAGS) is not None
    assert name_fragment(gram, tags=NAME_TAGS) is fragment


def test_classes_of_organs_are_no_names_and_bare_organs_are() -> None:
    assert name_kind(("地方", "政府"), tags=NAME_TAGS) is None  # every local government
    assert name_kind(("党组织",), tags=NAME_TAGS) is None  # a category: one character before 组织
    assert name_kind(("工业", "和", "信息化", "部"), tags=NAME_TAGS) == "organisation"
    assert not name_fragment(("工业", "和", "信息化", "部"), tags=NAME_TAGS)


def test_kind_of_a_candidate() -> None:
    tags = {**NAME_TAGS, **TAGS}
    assert kind_of(("国务院",), {}, {}, tags=tags, model=REFERENCE) == "name"
    assert kind_of(("国务院", "提请", "人大常委会"), {}, {}, tags=tags, model=REFERENCE) is None
    assert kind_of(("联防机制",), {}, {}, tags=tags, model=REFERENCE) == "term"
    assert kind_of(("推行办法",), {"积极": 9}, {}, tags=tags, model=REFERENCE) is None


# --- which candidates need their neighbours --------------------------------------------------------------
NEIGHBOUR_WORDS = [
    "推行",
    "办法",
    "积极",
    "要",
    "的",
    "和",
    "联防",
    "机制",
    "张三",
    "北京",
    "省",
    "主席",
    "局",
    "了",
    "仪表盘",
    "驾驶舱",
    "汽车",
]
NEIGHBOUR_TAGS = {**TAGS, "张三": "nr", "北京": "ns", "省": "n", "主席": "n", "局": "n", "了": "ul"}


@given(
    st.lists(st.sampled_from(NEIGHBOUR_WORDS), min_size=1, max_size=4).map(tuple),
    st.dictionaries(st.sampled_from([*NEIGHBOUR_WORDS, BOUNDARY]), st.integers(1, 30), max_size=6),
    st.dictionaries(st.sampled_from([*NEIGHBOUR_WORDS, BOUNDARY]), st.integers(1, 30), max_size=6),
)
def test_a_candidate_whose_kind_reads_no_neighbours_is_a_term_whatever_its_neighbours(
    gram: tuple[str, ...], left: dict[str, int], right: dict[str, int]
) -> None:
    if not reads_neighbours(gram, tags=NEIGHBOUR_TAGS, model=REFERENCE):
        assert kind_of(gram, left, right, tags=NEIGHBOUR_TAGS, model=REFERENCE) == "term"


def test_names_and_general_words_read_their_neighbours() -> None:
    assert reads_neighbours(("张三",), tags=NEIGHBOUR_TAGS, model=REFERENCE)  # 张三 + 主席 makes a name
    assert reads_neighbours(("推行", "办法"), tags=NEIGHBOUR_TAGS, model=REFERENCE)  # general words
    assert not reads_neighbours(("联防", "机制"), tags=NEIGHBOUR_TAGS, model=REFERENCE)
    assert reads_neighbours(("仪表盘",), tags=NEIGHBOUR_TAGS, model=REFERENCE)  # a generic head?
    assert not reads_neighbours(("驾驶舱",), tags=NEIGHBOUR_TAGS, model=REFERENCE)  # rare in general Chinese


# --- generic heads the dictionary lists without a count, and labels --------------------------------------
def test_a_noun_listed_without_a_count_and_used_as_a_head_is_no_term() -> None:
    """主办单位 (jieba's floor count 3, made of two common words) after nominal modifiers in 7 of 10 uses is
    the head of compounds; a 习用语 (l) or a rarer use as a head stays to the other rules."""
    model = reference_model({"主办": 3000, "单位": 9000, "主办单位": 3})
    as_head = {"智能": 8, "数字": 4, "新型": 2, BOUNDARY: 3, "打造": 3}
    closing = {BOUNDARY: 20}
    tags = {**TAGS, "主办单位": "n"}
    assert usage_rejection(("主办单位",), as_head, closing, tags=tags, model=model) == "generic head"
    tags_l = {**TAGS, "主办单位": "l"}
    assert usage_rejection(("主办单位",), as_head, closing, tags=tags_l, model=model) is None
    as_object = {"智能": 8, "数字": 4, BOUNDARY: 4, "打造": 4}  # 0.6 after modifiers
    assert usage_rejection(("主办单位",), as_object, closing, tags=tags, model=model) is None


def test_general_words_standing_alone_between_clause_edges_are_a_label() -> None:
    """推行办法：… as the head of a table's column: general words on their own line, not a term."""
    alone = {BOUNDARY: 19, "的": 1}
    assert usage_rejection(("推行", "办法"), alone, {BOUNDARY: 20}, tags=TAGS, model=REFERENCE) == "label"
    in_text = {BOUNDARY: 17, "的": 3}  # 0.85 on the left: used in running text too
    assert usage_rejection(("推行", "办法"), in_text, {BOUNDARY: 20}, tags=TAGS, model=REFERENCE) is None
    # a word of its own (联防 is no common word) is judged by the other rules
    assert usage_rejection(("联防", "机制"), alone, {BOUNDARY: 20}, tags=TAGS, model=REFERENCE) is None
