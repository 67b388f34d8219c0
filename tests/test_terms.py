"""Term, idiom and section-keyness miners."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import jieba
import pytest

from analysis.index import WordIndex
from analysis.records import Phrase, Sentence
from analysis.terms import (
    idiom_rejection,
    jieba_lexicon,
    mine_idioms,
    mine_terms,
    score_idioms,
    score_terms,
    section_keyness,
    term_rejection,
)

Build = Callable[..., list[Sentence]]


@pytest.fixture(scope="module")
def word_freq(tokenizer: jieba.Tokenizer) -> Mapping[str, int]:
    return tokenizer.FREQ


def phrases_of(rows: list[Phrase]) -> list[str]:
    return [p.phrase for p in rows]


# --- terms ---------------------------------------------------------------------------------------------
TERM_DOCS = {
    "d1": "我们坚持全面从严治党，推进中国特色社会主义事业。全面从严治党永远在路上。",
    "d2": "压实全面从严治党主体责任。坚持和发展中国特色社会主义。",
    "d3": "把全面从严治党引向深入。中国特色社会主义进入新时代。",
    "d4": "落实全面从严治党要求，加强党风廉政建设。中国特色社会主义道路越走越宽广。",
    "d5": "对全面从严治党作出部署。高举中国特色社会主义伟大旗帜。",
}


def test_a_term_used_in_many_contexts_is_found(make_sentences: Build) -> None:
    terms = mine_terms(make_sentences(TERM_DOCS), min_freq=3, min_doc_freq=2)
    found = phrases_of(terms)
    assert "全面从严治党" in found
    assert "中国特色社会主义" in found
    for fragment in ("中国特色社会", "从严治党", "中国特色", "特色社会主义"):
        assert fragment not in found
    term = terms[found.index("全面从严治党")]
    assert (term.kind, term.freq, term.doc_freq, term.example) == ("term", 6, 5, "")
    assert term.score > 0


def test_a_fragment_always_followed_by_the_same_word_is_not_a_term() -> None:
    # tokens chosen so that 中国特色社会 is a word n-gram: its right neighbour is always 主义
    contexts = ["坚持", "发展", "建设", "推进", "高举"]
    sentences = [
        Sentence(f"d{i}", "other", f"{c}中国特色社会主义", (c, "中国", "特色", "社会", "主义"))
        for i, c in enumerate(contexts)
    ]
    found = phrases_of(mine_terms(sentences, min_freq=3, min_doc_freq=2))
    assert "中国特色社会" not in found
    assert "中国特色社会主义" in found


def test_terms_may_not_start_or_end_with_a_function_word() -> None:
    tokens = ("认真", "落实", "主体", "责任", "的", "要求")
    sentences = [Sentence(f"d{i}", "other", "".join(tokens), tokens) for i in range(4)]
    found = phrases_of(mine_terms(sentences, min_freq=3, min_doc_freq=2, min_entropy=0.0, min_cohesion=-1.0))
    assert "落实主体责任" in found
    assert not any(p.startswith("的") or p.endswith("的") for p in found)
    assert not any(p.startswith("认真") for p in found)


def test_terms_are_sorted_by_score_then_phrase_and_cut_at_top_n(
    sample_body_sentences: list[Sentence],
) -> None:
    terms = mine_terms(sample_body_sentences, top_n=30)
    assert len(terms) == 30
    assert terms == sorted(terms, key=lambda p: (-p.score, p.phrase))
    assert terms == mine_terms(sample_body_sentences, top_n=30)


def test_score_terms_reuses_counts_and_takes_any_scorer(sample_body_sentences: list[Sentence]) -> None:
    counts = WordIndex.build(sample_body_sentences, min_count=3)
    assert score_terms(counts, top_n=50) == mine_terms(sample_body_sentences, top_n=50)
    by_ll = phrases_of(score_terms(counts, scorer="log_likelihood", top_n=100))
    assert "党风廉政建设" in by_ll
    with pytest.raises(ValueError, match="min_cohesion="):
        score_terms(counts, scorer=lambda *, joint, left, right, total: 0.0)
    with pytest.raises(ValueError, match="'dice'"):
        score_terms(counts, scorer="dice")


def test_sample_corpus_terms(sample_body_sentences: list[Sentence]) -> None:
    top = phrases_of(mine_terms(sample_body_sentences, top_n=300))
    for term in ("党风廉政建设", "主体责任", "政治生态", "全面从严治党", "党内政治生活", "中央八项规定精神"):
        assert term in top
    assert {"党风廉政建设", "主体责任", "全面从严治党"} <= set(top[:20])
    assert not {"认真落实", "组织召开", "作为首要", "存在的问题"} & set(top)  # verb phrases, not terms
    assert "组织生活会" in top  # a noun phrase that merely starts like 组织召开


# --- idioms --------------------------------------------------------------------------------------------
IDIOM_DOCS = {
    "d1": "我们要久久为功，营造风清气正的政治生态。加强政治建设，推动工作落实。",
    "d2": "坚持久久为功。全力营造风清气正、崇廉尚洁的氛围。政治建设是根本性建设。",
    "d3": "必须久久为功、持之以恒。风清气正的环境来之不易。抓好政治建设。",
    "d4": "以钉钉子精神久久为功。形成风清气正良好局面。把政治建设摆在首位。",
}


def test_four_character_set_phrases_are_idioms(make_sentences: Build, word_freq: Mapping[str, int]) -> None:
    idioms = mine_idioms(make_sentences(IDIOM_DOCS), word_freq=word_freq)
    found = phrases_of(idioms)
    assert {"久久为功", "风清气正"} <= set(found)
    assert "政治建设" not in found  # 政治 + 建设: two common words
    idiom = idioms[found.index("久久为功")]
    assert (idiom.kind, idiom.freq, idiom.doc_freq, idiom.example) == ("idiom", 4, 4, "")
    assert all(len(p) == 4 for p in found)
    assert not any("的" in p for p in found)


def test_an_idiom_needs_free_neighbours(make_sentences: Build, word_freq: Mapping[str, int]) -> None:
    docs = {f"d{i}": "营造风清气正的环境。" for i in range(3)}  # always 造 … 的
    assert "风清气正" not in phrases_of(mine_idioms(make_sentences(docs), word_freq=word_freq))


def test_sample_corpus_idioms(sample_body_sentences: list[Sentence], word_freq: Mapping[str, int]) -> None:
    top = phrases_of(mine_idioms(sample_body_sentences, word_freq=word_freq, top_n=200))
    for idiom in ("正风肃纪", "风清气正", "管党治党", "执纪问责", "潜移默化", "亮权明责", "以权谋私"):
        assert idiom in top
    for fragment in ("政治建设", "推动管党", "增强拒腐", "违规公款", "新形势下", "班子成员", "纪委监委"):
        assert fragment not in top


# --- section keyness -----------------------------------------------------------------------------------
def test_section_keyness_rows(make_sentences: Build) -> None:
    problems = make_sentences(
        {"d1": "理论学习不够深入。理论学习有差距。理论学习流于形式。"}, section_type="problems"
    )
    measures = make_sentences(
        {"d2": "加强理论学习中心组学习。落实主体责任。压实主体责任。主体责任清单。"}, section_type="measures"
    )
    rows = section_keyness(
        problems + measures, ["理论学习", "理论学习中心组", "主体责任", "不存在"], min_freq=2
    )
    assert [(s, p, f) for s, p, f, _ in rows] == [("measures", "主体责任", 3), ("problems", "理论学习", 3)]
    assert all(k > 0 for *_, k in rows)
    # 理论学习 inside 理论学习中心组 is not counted (longest match): min_freq=1 shows 理论学习中心组 once
    rows = section_keyness(problems + measures, ["理论学习", "理论学习中心组"], min_freq=1)
    assert ("measures", "理论学习中心组", 1) in [(s, p, f) for s, p, f, _ in rows]
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
    assert rows == sorted(rows, key=lambda r: (r[0], -r[3], r[1]))


# --- idioms: dictionary tags and structure ---------------------------------------------------------
#: A miniature jieba dictionary: word → (frequency, tag).
MINI_LEXICON: dict[str, tuple[int, str]] = {
    "因地制宜": (50, "i"),
    "新形势下": (3, "i"),
    "形势": (900, "n"),
    "另一方面": (300, "c"),
    "港人治港": (3, "ns"),
    "今年": (5000, "t"),
    "年来": (3, "t"),
    "这就是说": (30, "l"),
    "纪检": (150, "j"),
    "监察": (1339, "vn"),
    "养老保险": (300, "n"),
    "养老": (651, "nr"),
    "保险": (2635, "n"),
    "实事求是": (1011, "n"),
    "实事": (572, "n"),
    "海外": (2672, "s"),
    "侨胞": (169, "n"),
    "通货膨胀": (498, "l"),
    "通货": (234, "n"),
    "膨胀": (1353, "v"),
    "集体": (3332, "n"),
    "推动": (4715, "v"),
    "扎实": (469, "a"),
    "推进": (4932, "v"),
    "减税": (107, "v"),
    "国务院": (5000, "nt"),
    "一百一": (3, "m"),
}
MINI_FREQ = {w: f for w, (f, _) in MINI_LEXICON.items()}
MINI_TAGS = {w: t for w, (_, t) in MINI_LEXICON.items()}


@pytest.mark.parametrize(
    ("gram", "reason"),
    [
        ("因地制宜", None),  # 成语
        ("实事求是", None),  # tagged n, but the second half is no noun
        ("减税降费", None),  # not in the dictionary, no evidence against it
        ("港人治港", None),  # ns, but parallel (A…A)
        ("新形势下", "locative"),  # tagged i all the same
        ("另一方面", "tag"),
        ("从今年起", "preposition"),
        ("近几年来", "temporal"),
        ("这就是说", "function"),
        ("纪检监察", "abbreviation"),
        ("养老保险", "nominal"),
        ("海外侨胞", "nominal"),
        ("通货膨胀", "nominal"),
        ("国务院将", "three plus one"),
        ("集体林权", "compound"),
        ("推动管党", "verb phrase"),
        ("扎实推进", "verb phrase"),
    ],
)
def test_idiom_rejection_reasons(gram: str, reason: str | None) -> None:
    assert idiom_rejection(gram, word_freq=MINI_FREQ, word_tags=MINI_TAGS) == reason


def test_jieba_lexicon_reads_tags_fast() -> None:
    start = time.process_time()  # CPU time: other processes on the machine do not count
    lexicon = jieba_lexicon.__wrapped__()  # uncached
    assert time.process_time() - start < 1.5
    assert lexicon.tag["因地制宜"] == "i"
    assert lexicon.tag["另一方面"] == "c"
    assert lexicon.freq["因地制宜"] > 0
    assert jieba_lexicon() is jieba_lexicon()


def _char_sentences(texts: list[str]) -> list[Sentence]:
    """One document per text; each character is a token (every 4-gram is aligned)."""
    return [Sentence(f"d{i}", "other", text, tuple(text)) for i, text in enumerate(texts)]


def _idioms(texts: list[str]) -> list[str]:
    counts = WordIndex.build(_char_sentences(texts), min_count=2, characters=True)
    return phrases_of(score_idioms(counts, word_freq={}, word_tags={}, min_entropy=0.0))


def test_an_unknown_idiom_whose_neighbour_is_always_the_same_content_character_is_a_fragment() -> None:
    # 甲乙丙丁 is followed by 戊 in 3 of 3 occurrences: it is part of a longer string
    assert "甲乙丙丁" not in _idioms(["子甲乙丙丁戊", "丑甲乙丙丁戊", "寅甲乙丙丁戊"])
    # 2 of 3 occurrences is not more than max_dominance
    assert "甲乙丙丁" in _idioms(["子甲乙丙丁戊", "丑甲乙丙丁戊", "寅甲乙丙丁"])
    # function characters (的, 地) after it are no evidence of a longer word
    assert "甲乙丙丁" in _idioms(["子甲乙丙丁的", "丑甲乙丙丁的", "寅甲乙丙丁的"])


def test_an_unknown_idiom_seen_twice_needs_a_boundary_on_one_side() -> None:
    assert "甲乙丙丁" not in _idioms(["子甲乙丙丁戊", "丑甲乙丙丁己"])
    assert "甲乙丙丁" in _idioms(["子甲乙丙丁，", "丑甲乙丙丁己"])


# --- terms: part-of-speech of the edge tokens ----------------------------------------------------------
TERM_TAGS = {
    "结合": "v",
    "起来": "v",
    "表示": "v",
    "诚挚": "a",
    "感谢": "v",
    "各位": "r",
    "代表": "n",
    "两": "m",
    "国": "n",
    "经济体制": "n",
    "改革": "vn",
    "宏观调控": "n",
    "贯彻落实": "i",
    "贯彻": "v",
    "落实": "a",
    "大力发展": "nz",
    "会": "v",
}


@pytest.mark.parametrize(
    ("gram", "reason"),
    [
        (("经济体制", "改革"), None),  # vn ends many terms
        (("宏观调控",), None),
        (("民主", "生活", "会"), None),  # one-character final tokens are ambiguous: kept
        (("结合", "起来"), "final"),
        (("表示", "诚挚", "感谢"), "final"),
        (("表示", "诚挚", "的", "谢意"), "initial"),
        (("各位", "代表"), "initial"),
        (("两", "国"), "initial"),
        (("贯彻落实",), "verb phrase"),  # verb + adjective-tagged verb inside one lexicon token
        (("大力发展",), "initial"),  # 大力 is a lead stop word
    ],
)
def test_term_rejection_reasons(gram: tuple[str, ...], reason: str | None) -> None:
    assert term_rejection(gram, word_tags=TERM_TAGS) == reason


def test_terms_differing_only_by_de_collapse_into_the_best() -> None:
    with_de = ("诚挚", "的", "谢意")
    without = ("诚挚", "谢意")
    sentences = [
        Sentence(f"d{i}", "other", "".join(tokens), (lead, *tokens, "。"))
        for i, (lead, tokens) in enumerate(
            [
                ("致以", with_de),
                ("献上", with_de),
                ("谨致", with_de),
                ("再致", without),
                ("并致", without),
                ("特致", without),
                ("又致", without),
            ]
        )
    ]
    counts = WordIndex.build(sentences, min_count=3)
    found = phrases_of(score_terms(counts, min_cohesion=-1.0, min_entropy=0.0, word_tags={}, stop_words=()))
    assert ("诚挚的谢意" in found) != ("诚挚谢意" in found)  # the better-scoring one of the two
    assert len(score_terms(counts, min_cohesion=-1.0, min_entropy=0.0, word_tags={}, stop_words=("的",))) > 0


# --- real corpora --------------------------------------------------------------------------------------
IDIOMS_TO_KEEP = [
    "因地制宜",
    "实事求是",
    "千方百计",
    "自力更生",
    "铺张浪费",
    "坚定不移",
    "量力而行",
    "弄虚作假",
    "同心同德",
    "标本兼治",
    "攻坚克难",
    "迎难而上",
    "开拓进取",
    "风清气正",
    "久久为功",
    "真抓实干",
    "正风肃纪",
    "管党治党",
    "执纪问责",
    "潜移默化",
    "不折不扣",
    "以权谋私",
    "履职尽责",
    "廉洁自律",
    "亮权明责",
    "减税降费",
    "简政放权",
    "节能减排",
]
NOT_IDIOMS = [
    "另一方面",
    "绝大多数",
    "从根本上",
    "从今年起",
    "近几年来",
    "这就是说",
    "总的来看",
    "本世纪末",
    "养老保险",
    "广播影视",
    "通货膨胀",
    "海外侨胞",
    "无产阶级",
    "小微企业",
    "科研院所",
    "农田水利",
    "集体林权",
    "班子成员",
    "纪检监察",
    "纪委监委",
    "推动管党",
    "增强拒腐",
    "违规公款",
    "新形势下",
]
NOT_TERMS = [
    "各位代表",
    "请予审议",
    "表示诚挚的感谢",
    "表示诚挚感谢",
    "结合起来",
    "稳步推进",
    "两国",
    "比上年",
]
NOT_TERMS += ["取得新进展", "采取有力措施", "成功举办"]


def test_real_corpus_idioms(
    sample_body_sentences: list[Sentence], gwr_body_sentences: list[Sentence]
) -> None:
    found: set[str] = set()
    for sentences in (sample_body_sentences, gwr_body_sentences):
        idioms = mine_idioms(sentences, top_n=300)
        assert idioms == sorted(idioms, key=lambda p: (-p.score, p.phrase))
        found |= set(phrases_of(idioms))
    kept = [idiom for idiom in IDIOMS_TO_KEEP if idiom in found]
    assert len(kept) >= 20, sorted(set(IDIOMS_TO_KEEP) - found)
    assert sorted(found & set(NOT_IDIOMS)) == []


def test_gwr_national_terms_and_idioms(gwr_body_sentences: list[Sentence]) -> None:
    start = time.perf_counter()
    terms = mine_terms(gwr_body_sentences, top_n=300)
    idioms = mine_idioms(gwr_body_sentences, top_n=300)
    elapsed = time.perf_counter() - start
    top_terms = phrases_of(terms)
    for term in (
        "社会主义",
        "经济体制改革",
        "宏观调控",
        "改革开放",
        "高质量发展",
        "国内生产总值",
        "科学发展观",
    ):
        assert term in top_terms
    assert {"宏观调控", "改革开放"} <= set(top_terms[:50])
    assert sorted(set(top_terms) & set(NOT_TERMS)) == []
    top_idioms = phrases_of(idioms[:30])
    for idiom in ("实事求是", "自力更生", "因地制宜", "千方百计", "一国两制"):
        assert idiom in top_idioms
    everything = top_terms + phrases_of(idioms)
    assert not any(word in p for p in everything for word in ("公有领域", "维基", "正式译文", "著作权法"))
    assert elapsed < 25.0
