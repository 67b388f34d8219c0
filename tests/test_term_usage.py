"""How a term candidate is used (analysis.miners.term_usage), names as proper names (analysis.miners.names),
termhood from a compound's parts and nested dictionary words (analysis.miners.termhood, term_contexts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.miners.names import common_noun, name_fragment, name_kind
from analysis.miners.term_contexts import nested_words
from analysis.miners.term_usage import (
    general_parts,
    head_share,
    kind_of,
    modified_predicate,
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
        (("国务院", "和", "党中央"), True),  # a list of names: each member is a name, the list is none
        (("城市", "和", "青岛市"), True),  # a list with a member that is no name
        (("党和政府",), True),  # the same inside one token
        (("青岛", "市"), False),
    ],
)
def test_name_fragments(gram: tuple[str, ...], fragment: bool) -> None:
    assert name_kind(gram, tags=NAME_TAGS) is not None
    assert name_fragment(gram, tags=NAME_TAGS) is fragment


def test_a_list_of_organs_in_one_token_or_around_a_bare_organ_is_no_name() -> None:
    tags = {**NAME_TAGS, "卫生部": "n", "农业": "n", "水利": "n", "部": "n"}
    assert name_fragment(("卫生部和水利部",), tags=tags)  # two organs of three characters, one token
    assert name_fragment(("卫生部", "和", "水利", "部"), tags=tags)  # a name, then a bare organ
    assert not name_fragment(("农业", "和", "水利", "部"), tags=tags)  # one organ whose head holds 和


def test_a_place_after_an_organisation_is_the_head_of_a_branch_name() -> None:
    tags = {**NAME_TAGS, "邮政储蓄银行": "nt", "江西": "ns", "江西省": "ns"}
    assert name_kind(("邮政储蓄银行", "江西省"), tags=tags) == "place"
    assert name_fragment(("邮政储蓄银行", "江西省"), tags=tags)  # …江西省分行
    assert not name_fragment(("江西", "省"), tags=tags)


@pytest.mark.parametrize(
    ("words", "common"),
    [
        (("大", "都市"), True),  # an adjective of one character before a noun: a class described
        (("小", "村镇"), True),
        (("长沙", "市"), False),
        (("新", "西", "兰"), False),  # three pieces: a name the dictionary cuts badly
        (("美", "国"), False),  # a second word of one character
    ],
)
def test_common_nouns_among_name_candidates(words: tuple[str, ...], common: bool) -> None:
    tags = {"大": "a", "小": "a", "新": "a", "美": "ns", "都市": "n", "村镇": "n", "长沙": "ns", "市": "n"}
    assert common_noun(words, tags=tags) is common


def test_classes_of_organs_are_no_names_and_bare_organs_are() -> None:
    assert name_kind(("地方", "政府"), tags=NAME_TAGS) is None  # every local government
    assert name_kind(("党组织",), tags=NAME_TAGS) is None  # a category: one character before 组织
    assert name_kind(("工业", "和", "信息化", "部"), tags=NAME_TAGS) == "organisation"
    assert not name_fragment(("工业", "和", "信息化", "部"), tags=NAME_TAGS)


# --- predicates under an evaluative or aspectual modifier -----------------------------------------------
PREDICATE_TAGS = {"平稳": "a", "增长": "vn", "稳步": "d", "推进": "v", "超量": "b", "完成": "v"}
PREDICATE_TAGS |= {"公共": "b", "服务": "vn", "绿色": "n", "发展": "vn", "新": "a", "进步": "vn", "的": "uj"}
PREDICATE_MODEL = reference_model(dict.fromkeys([*PREDICATE_TAGS, "平稳增长", "绿色发展"], 3000))


@pytest.mark.parametrize(
    ("gram", "modified"),
    [
        (("平稳增长",), True),  # adjective + verb, one token: cut into its dictionary words
        (("稳步", "推进"), True),  # adverb + verb
        (("超量", "完成"), True),  # a distinguishing word before a plain verb: an adverb there
        (("新", "的", "进步"), True),  # 的 between them changes nothing
        (("公共", "服务"), False),  # a distinguishing word before a nominal verb: a noun phrase
        (("绿色发展",), False),  # a noun modifier: the name of a policy
        (("平稳", "增长", "推进"), False),  # three words
    ],
)
def test_predicates_under_a_modifier_are_no_terms(gram: tuple[str, ...], modified: bool) -> None:
    assert modified_predicate(gram, tags=PREDICATE_TAGS, model=PREDICATE_MODEL) is modified
    kind = kind_of(gram, {}, {}, tags=PREDICATE_TAGS, model=PREDICATE_MODEL)
    assert (kind is None) if modified else True
    assert reads_neighbours(gram, tags=PREDICATE_TAGS, model=PREDICATE_MODEL) or not modified


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
