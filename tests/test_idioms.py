"""Four-character set phrase miner (analysis.miners.idioms)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import jieba
import pytest

from analysis.index import WordIndex
from analysis.miners.idiom_words import idiom_rejection
from analysis.miners.idioms import mine_idioms, score_idioms
from analysis.records import Phrase, Sentence

Build = Callable[..., list[Sentence]]


@pytest.fixture(scope="module")
def word_freq(tokenizer: jieba.Tokenizer) -> Mapping[str, int]:
    return tokenizer.FREQ


def phrases_of(rows: list[Phrase]) -> list[str]:
    return [p.phrase for p in rows]


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
    "并举": (60, "v"),
    "新区": (145, "ns"),
    "治港": (3, "ns"),
    "合成": (2266, "v"),
    "树脂": (422, "n"),
    "合成树脂": (13, "l"),
    "增光": (24, "v"),
    "添彩": (4, "n"),
    "增光添彩": (30, "l"),
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
        ("英法两国", "count"),  # names and a count of them
        ("一国两制", None),  # a numeral formula: numerals in both halves
        ("沈阳等市", "particle inside"),  # 等 closes a list inside the 4 characters
        ("多措并举", None),  # 并举 is a word
        ("东湖新区", "place name"),  # a coinage closed by a place word
        ("合成树脂", "nominal"),  # a 习用语 that is a common verb before a noun head: a material
        ("增光添彩", None),  # a 习用语 of a rare verb and a rare noun
    ],
)
def test_idiom_rejection_reasons(gram: str, reason: str | None) -> None:
    assert idiom_rejection(gram, word_freq=MINI_FREQ, word_tags=MINI_TAGS) == reason


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


def test_a_verb_whose_object_goes_on_is_no_idiom() -> None:
    """甲乙 (a verb) + 丙丁 (a noun), never followed by punctuation or a function character: the object goes
    on past the 4 characters (构建智能 → 构建智能化…); closed in some uses, it stands."""
    lexicon = {"甲乙": (800, "v"), "丙丁": (900, "n")}
    freq, tags = {w: f for w, (f, _) in lexicon.items()}, {w: t for w, (_, t) in lexicon.items()}

    def idioms(texts: list[str]) -> list[str]:
        counts = WordIndex.build(_char_sentences(texts), min_count=2, characters=True)
        return phrases_of(score_idioms(counts, word_freq=freq, word_tags=tags, min_entropy=0.0))

    assert "甲乙丙丁" not in idioms(["子甲乙丙丁戊", "丑甲乙丙丁己", "寅甲乙丙丁庚"])
    assert "甲乙丙丁" in idioms(["子甲乙丙丁戊", "丑甲乙丙丁，", "寅甲乙丙丁庚"])


def test_a_verb_before_an_attribute_opens_its_object() -> None:
    """甲乙 (a common verb) + 丙丁 (a distinguishing word, as 新型, 现有): the attribute of an object to come
    (构建新型…体系, 依托现有…平台); closed in half its uses or more, it stands (a rare verb: as before)."""
    lexicon = {"甲乙": (800, "v"), "丙丁": (900, "b"), "戊己": (20, "v")}
    freq, tags = {w: f for w, (f, _) in lexicon.items()}, {w: t for w, (_, t) in lexicon.items()}

    def idioms(texts: list[str]) -> list[str]:
        counts = WordIndex.build(_char_sentences(texts), min_count=2, characters=True)
        return phrases_of(score_idioms(counts, word_freq=freq, word_tags=tags, min_entropy=0.0))

    once_closed = ["子{}庚", "丑{}，", "寅{}辛", "卯{}壬"]  # closed in 1 of 4 uses
    assert "甲乙丙丁" not in idioms([t.format("甲乙丙丁") for t in once_closed])
    assert "甲乙丙丁" in idioms(["子甲乙丙丁庚", "丑甲乙丙丁，", "寅甲乙丙丁。", "卯甲乙丙丁壬"])
    assert "戊己丙丁" in idioms([t.format("戊己丙丁") for t in once_closed])


def test_the_start_of_a_repeated_pattern_is_no_idiom() -> None:
    """新模式新 in 新模式新业态, 新模式新手段: ABCA whose last character opens the next member (never closed);
    港人治港-shaped ABCA closes its clause."""
    assert "甲乙丙甲" not in _idioms(["子甲乙丙甲戊", "丑甲乙丙甲己", "寅甲乙丙甲庚"])
    assert "甲乙丙甲" in _idioms(["子甲乙丙甲，", "丑甲乙丙甲。", "寅甲乙丙甲庚"])
    # closed in one use of three: the list stopped there once; the other uses go on to the next member
    assert "甲乙丙甲" not in _idioms(["子甲乙丙甲，", "丑甲乙丙甲己", "寅甲乙丙甲庚"])


def test_a_loose_compound_of_two_productive_halves_is_no_idiom() -> None:
    """甲乙甲丙 looks parallel (A B A C), but 甲乙 and 甲丙 each make three other strings used 20 times
    apiece (cohesion 4 / 64 < 0.08) and it never closes a clause: two free words inside a longer phrase
    (算力算法数据); closing its clause in half its uses it stands, and so it does when its halves are seldom
    used elsewhere."""
    others = ["甲乙戊己", "甲乙庚辛", "甲乙壬癸", "戊己甲丙", "庚辛甲丙", "壬癸甲丙"]
    open_uses = [f"{left}甲乙甲丙{right}" for left, right in zip("子丑寅卯", "辰巳午未", strict=True)]
    closed_uses = ["子甲乙甲丙，", "丑甲乙甲丙。", "寅甲乙甲丙午", "卯甲乙甲丙未"]
    assert "甲乙甲丙" not in _idioms(open_uses + [o for o in others for _ in range(20)])
    assert "甲乙甲丙" in _idioms(closed_uses + [o for o in others for _ in range(20)])
    assert "甲乙甲丙" in _idioms(open_uses + [o for o in others for _ in range(2)])


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
    "中国愿同",  # a productive noun jieba tags as a name (中国 ns) before a coinage: 中国愿同…合作
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


#: Core formulations of the national reports (each in at least three of them) that are compounds of two
#: productive halves (精准 opens 精准脱贫, 精准调控 …; 稳中 opens 稳中求进, 稳中提质 …) yet used as units.
CORE_COMPOUNDS = ("精准扶贫", "精准脱贫", "稳中向好")


def test_core_formulations_with_productive_halves_come_out(gwr_analysis) -> None:
    rows = {p.phrase for p in gwr_analysis.phrases}
    assert [c for c in CORE_COMPOUNDS if c not in rows] == []
