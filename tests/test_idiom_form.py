"""The form of a set phrase against a compound of two productive free words (analysis.miners.idiom_form)."""

from __future__ import annotations

from analysis.miners.idiom_form import (
    HalfPartners,
    clause_final_shares,
    cohesion,
    compositional,
    half_partners,
    half_uses,
    has_set_form,
    is_lexical,
    loose_compound,
    name_modifier,
    predicate_coordination,
)

FREQ = {
    "远程": 900,
    "值守": 80,
    "会诊": 90,
    "巡检": 60,
    "智慧": 700,
    "审批": 800,
    "调度": 700,
    "稳妥": 300,
    "推进": 5000,
    "聚力": 0,
    "同心": 200,
    "凝心": 0,
}
TAGS = {
    "远程": "n",
    "值守": "v",
    "会诊": "v",
    "巡检": "vn",
    "智慧": "n",
    "审批": "vn",
    "调度": "vn",
    "稳妥": "a",
    "推进": "v",
    "同心协力": "i",
}


def test_half_partners_counts_distinct_strings_per_half() -> None:
    partners = half_partners(["远程值守", "远程会诊", "远程巡检", "智慧巡检", "凝心聚力"])
    assert partners.first == {"远程": 3, "智慧": 1, "凝心": 1}
    assert partners.second == {"值守": 1, "会诊": 1, "巡检": 2, "聚力": 1}
    assert half_partners([]) == HalfPartners({}, {})


def test_modifier_with_productive_halves_is_compositional() -> None:
    partners = HalfPartners({"远程": 5, "凝心": 1, "稳妥": 4}, {"巡检": 3, "聚力": 1, "推进": 9})
    assert compositional("远程巡检", partners, word_freq=FREQ, word_tags=TAGS)
    # a bound half (凝心 opens one string) keeps the string
    assert not compositional("凝心聚力", partners, word_freq=FREQ, word_tags=TAGS)
    # two predicates are a coordination
    assert not compositional("稳妥推进", partners, word_freq=FREQ, word_tags=TAGS)
    # fewer partners than the bar: not productive
    assert not compositional("远程巡检", partners, word_freq=FREQ, word_tags=TAGS, min_partners=6)


def test_set_form_is_a_dictionary_idiom_or_a_parallel_shape() -> None:
    assert has_set_form("同心协力", word_freq={"同心协力": 5}, word_tags=TAGS)
    assert has_set_form("一校一策", word_freq={}, word_tags={})
    assert not has_set_form("远程巡检", word_freq=FREQ, word_tags=TAGS)


def test_two_productive_dictionary_words_used_in_many_reports_are_a_formulation() -> None:
    partners = HalfPartners({"远程": 5}, {"巡检": 3})
    # 远程巡检 in one report in twenty: a combination of the occasion
    assert compositional("远程巡检", partners, word_freq=FREQ, word_tags=TAGS, doc_share=0.05)
    # in one report in ten: the genre uses it as it stands
    assert not compositional("远程巡检", partners, word_freq=FREQ, word_tags=TAGS, doc_share=0.1)


def test_two_halves_with_dozens_of_partners_stay_free_however_widely_used() -> None:
    # 远程 opens 30 strings and 巡检 closes 20: a free modifier and a free head, used in many reports only
    # because the corpus is about their topic
    busy = HalfPartners({"远程": 30}, {"巡检": 20})
    assert compositional("远程巡检", busy, word_freq=FREQ, word_tags=TAGS, doc_share=0.3)
    # one half with fewer partners than the cap: the wide use makes it a formulation
    assert not compositional(
        "远程巡检", HalfPartners({"远程": 30}, {"巡检": 11}), word_freq=FREQ, word_tags=TAGS, doc_share=0.3
    )


def test_two_bound_halves_outside_the_dictionary_are_a_frame_not_a_compound() -> None:
    # 凝心 and 聚力 are no dictionary words (frequency 0) and have a handful of partners each
    partners = HalfPartners({"凝心": 4}, {"聚力": 5})
    assert not compositional("凝心聚力", partners, word_freq=FREQ, word_tags=TAGS)
    # a coinage heading a family of compounds (many partners) is free
    assert compositional("凝心聚力", HalfPartners({"凝心": 9}, {"聚力": 5}), word_freq=FREQ, word_tags=TAGS)


def test_a_dictionary_word_is_lexical() -> None:
    assert is_lexical("同心协力", word_freq={"同心协力": 3})
    assert not is_lexical("远程巡检", word_freq=FREQ)


# --- a coordination of two predicates needs both halves to act as predicates ------------------------------
PREDICATES = {"临床": 2400, "诊疗": 120, "监测": 1000, "预警": 770, "持续": 4700, "优化": 950}
PREDICATE_TAGS = {"临床": "vn", "诊疗": "v", "监测": "vn", "预警": "vn", "持续": "vd", "优化": "vn"}


def test_clause_final_shares_of_second_halves() -> None:
    """加强监测。 closes a clause, 开展临床 never: shares over the candidates ending with each half, for
    halves seen at least 5 times."""
    grams = ["加强监测", "实时监测", "开展临床", "药物临床", "做好防汛"]
    shares = clause_final_shares(grams, [6, 1, 0, 0, 2], [10, 10, 8, 2, 3])
    assert shares == {"监测": 0.35, "临床": 0.0}  # 防汛: 3 uses say nothing
    assert clause_final_shares([], [], []) == {}


def test_a_modifier_tagged_as_a_verb_is_no_predicate_of_a_coordination() -> None:
    closing = {"临床": 0.04, "诊疗": 0.15, "监测": 0.35, "预警": 0.32, "持续": 0.02, "优化": 0.42}
    words = {"word_freq": PREDICATES, "word_tags": PREDICATE_TAGS}
    assert predicate_coordination("监测预警", **words, clause_final=closing)
    assert not predicate_coordination("临床诊疗", **words, clause_final=closing)
    assert predicate_coordination("临床诊疗", **words)  # by the tags alone
    assert predicate_coordination("临床诊疗", **words, clause_final={"监测": 0.35})  # no evidence on 临床
    assert predicate_coordination("持续优化", **words, clause_final=closing)  # an adverb closes no clause
    busy = HalfPartners({"临床": 29, "监测": 33}, {"诊疗": 9, "预警": 25})
    assert compositional("临床诊疗", busy, **words, clause_final=closing)
    assert not compositional("临床诊疗", busy, **words)
    assert not compositional("监测预警", busy, **words, clause_final=closing)


def test_half_uses_weight_each_half_by_the_frequency_of_its_strings() -> None:
    uses = half_uses(["远程值守", "远程会诊", "智慧巡检"], [5, 3, 2])
    assert uses.first == {"远程": 8, "智慧": 2}
    assert uses.second == {"值守": 5, "会诊": 3, "巡检": 2}
    assert half_uses([], []) == HalfPartners({}, {})


def test_cohesion_is_the_larger_share_of_a_half_taken_by_the_string() -> None:
    uses = HalfPartners({"远程": 100}, {"巡检": 50})
    assert cohesion("远程巡检", 4, uses) == 0.08  # max(4 / 100, 4 / 50)
    assert cohesion("远程值守", 4, uses) == 1.0  # 值守 occurs nowhere else: bound to 远程
    assert cohesion("凝心巡检", 5, uses) == 1.0


def test_a_loose_compound_is_two_productive_halves_mostly_apart_and_rarely_clause_final() -> None:
    partners = HalfPartners({"远程": 5, "凝心": 1}, {"巡检": 4})
    uses = HalfPartners({"远程": 100, "凝心": 4}, {"巡检": 80})
    # cohesion max(4 / 100, 4 / 80) = 0.05, never followed by punctuation: a part of a longer phrase
    assert loose_compound("远程巡检", freq=4, closed=0, partners=partners, uses=uses)
    # closing its clause in half its uses: a unit of its own
    assert not loose_compound("远程巡检", freq=4, closed=2, partners=partners, uses=uses)
    # a half seldom used elsewhere: cohesive
    assert not loose_compound(
        "远程巡检", freq=4, closed=0, partners=partners, uses=HalfPartners({"远程": 100}, {"巡检": 20})
    )
    # a half with one partner: not productive
    assert not loose_compound("凝心巡检", freq=1, closed=0, partners=partners, uses=uses)


def test_a_productive_noun_tagged_as_a_name_makes_noun_compounds() -> None:
    """jieba tags some common nouns as names (here 光明 nr): opening three strings or more, such a noun is a
    free modifier, whatever follows it but a verb; one partner, a rare entry or a set form keep the string."""
    freq = {"光明": 2000, "品德": 900, "从业": 200, "克难": 3, "守正": 150, "光明磊落": 80}
    tags = {"光明": "nr", "品德": "nr", "从业": "v", "克难": "nr", "守正": "ns", "光明磊落": "i"}
    partners = HalfPartners({"光明": 4, "克难": 5, "守正": 1}, {})

    def verdict(gram: str) -> bool:
        return name_modifier(gram, partners, word_freq=freq, word_tags=tags)

    assert verdict("光明科创")  # before a coinage
    assert verdict("光明品德")  # before another name-tagged noun
    assert not verdict("光明从业")  # before a verb: may be a coordination
    assert not verdict("光明光辉")  # parallel
    assert not verdict("光明磊落")  # a 成语 of the dictionary
    assert not verdict("克难科创")  # frequency 3: no evidence
    assert not verdict("守正科创")  # one partner: no modifier
