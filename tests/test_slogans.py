"""Specification of the 提法 and passage miners (analysis.miners.slogans, analysis.miners.passages)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.distinct import distinct_sentences
from analysis.miners.families import DocumentFamilies, document_families
from analysis.miners.passages import mine_passages
from analysis.miners.slogans import mine_numeral_slogans, mine_quoted_slogans, mine_slogans, slogan_score
from analysis.records import PLACEHOLDER, Phrase, Sentence


def by_phrase(rows: list[Phrase]) -> dict[str, Phrase]:
    return {row.phrase: row for row in rows}


# --- numeral formulas ---------------------------------------------------------------------------------

NUMERAL_DOCS = {
    "d1": "我们要牢固树立“四个意识”，坚决做到“两个维护”。一是加强学习，一些同志认识不足。要从三个方面入手。",
    "d2": "增强四个意识，做到两个维护。二是开一个好头。认真落实三会一课制度。",
    "d3": "落实“三会一课”，履行“一岗双责”。班子成员履行一岗双责。第一季度召开三次会议。",
}


def test_numeral_slogans_exact(make_sentences: Callable[..., list[Sentence]]) -> None:
    rows = mine_numeral_slogans(make_sentences(NUMERAL_DOCS))
    got = {(p.phrase, p.freq, p.doc_freq) for p in rows}
    assert got == {("四个意识", 2, 2), ("两个维护", 2, 2), ("三会一课", 2, 2), ("一岗双责", 2, 1)}
    assert all(p.kind == "slogan" and p.example == "" for p in rows)
    # four of them once quoted of two uses, over three reports
    assert by_phrase(rows)["四个意识"].score == pytest.approx(math.log(3) * 2 / 3 * math.sqrt(0.5))


def test_numeral_slogans_skip_enumerators_counts_and_common_words(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    rows = mine_numeral_slogans(make_sentences(NUMERAL_DOCS), min_freq=1)
    phrases = {p.phrase for p in rows}
    for word in ("一是", "二是", "一些", "三个方面", "一个好头", "一个", "第一", "三次"):
        assert not any(p.startswith(word) for p in phrases), word


def test_numeral_slogan_ends_where_the_corpus_ends_it(make_sentences: Callable[..., list[Sentence]]) -> None:
    """``四个意识的`` and ``四个意识和`` are the formula ``四个意识`` followed by a function word."""
    docs = {"a": "强化四个意识的认识。", "b": "树牢“四个意识”。", "c": "增强四个意识和大局观念。"}
    assert [(p.phrase, p.freq) for p in mine_numeral_slogans(make_sentences(docs))] == [("四个意识", 3)]


def test_numeral_slogans_quoted_short_and_multi_group(make_sentences: Callable[..., list[Sentence]]) -> None:
    docs = {
        "a": "坚决反对“四风”。立足“三服务”职能。编制“十四五”规划。建立“双随机一公开”机制。",
        "b": "反对四风问题。做好“三服务”。“十四五”时期。推行双随机一公开监管。",
    }
    rows = by_phrase(mine_numeral_slogans(make_sentences(docs)))
    assert {k: (v.freq, v.doc_freq) for k, v in rows.items()} == {
        "四风": (2, 2),
        "三服务": (2, 2),
        "十四五": (2, 2),
        "双随机一公开": (2, 2),
    }


def test_placeholder_is_never_part_of_a_formula(make_sentences: Callable[..., list[Sentence]]) -> None:
    docs = {"a": f"落实“三{PLACEHOLDER}一课”。", "b": f"落实三{PLACEHOLDER}一课。"}
    assert mine_numeral_slogans(make_sentences(docs), min_freq=1) == []


# --- quoted formulations ------------------------------------------------------------------------------

QUOTED_DOCS = {
    "a": "抓住“关键少数”。认真学习《习近平谈治国理政》。他说：“我们一定要把工作做好”。",
    "b": "发挥关键少数的带头作用。坚持“第一议题”制度。开展“不忘初心、牢记使命”主题教育。",
    "c": "“关键少数”要带头。落实“第一议题”。巩固“不忘初心、牢记使命”主题教育成果。“今年的工作做得很好。”",
}


def test_quoted_slogans_exact(make_sentences: Callable[..., list[Sentence]]) -> None:
    rows = mine_quoted_slogans(make_sentences(QUOTED_DOCS))
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [
        ("关键少数", 3, 3),
        ("不忘初心、牢记使命", 2, 2),
        ("第一议题", 2, 2),
    ]
    # 关键少数: quoted 2 of 3 uses, in all three reports
    assert rows[0].score == pytest.approx(math.log(4) * 1.0 * math.sqrt(2 / 3))


def test_quoted_slogans_skip_titles_speech_and_sentences(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    rows = mine_quoted_slogans(make_sentences(QUOTED_DOCS), min_freq=1)
    phrases = {p.phrase for p in rows}
    assert "习近平谈治国理政" not in phrases
    assert "我们一定要把工作做好" not in phrases
    assert not any("今年" in p for p in phrases)


def test_quoted_common_word_with_low_quoted_share_is_dropped(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    docs = {"a": "发展“民主”。" + "发扬民主。" * 10, "b": "“党建+”模式。推广“党建+”。"}
    assert [p.phrase for p in mine_quoted_slogans(make_sentences(docs))] == ["党建+"]


# One report per use, so that doc_freq = freq.  word_freq stands in for jieba's dictionary.
MARKING_DOCS = [
    # 优秀: quoted once in five uses (share 0.2), an ordinary word → dropped
    ("a1", "年度考核获评“优秀”。"), ("a2", "选拔优秀年轻干部。"), ("a3", "培养优秀人才。"),
    ("a4", "评选优秀党员。"), ("a5", "表彰优秀。"),
    # 面子: always quoted, but a frequent two-character word quoted only twice → dropped
    ("b1", "不讲“面子”。"), ("b2", "不顾“面子”。"),
    # 瓶颈: a frequent word too, but quoted three times in four uses → kept
    ("c1", "突破“瓶颈”。"), ("c2", "交通“瓶颈”。"), ("c3", "能源“瓶颈”。"), ("c4", "破解瓶颈。"),
    # 好人主义: quoted once in two uses (share 0.5 ≥ 0.3) → kept
    ("d1", "奉行“好人主义”。"), ("d2", "克服好人主义。"),
    # 零就业: quoted once in four uses, but a coinage (three characters, unknown to the dictionary) → kept
    ("e1", "帮扶“零就业”家庭。"), ("e2", "零就业家庭。"), ("e3", "消除零就业。"), ("e4", "零就业户。"),
    # 居安思危: quoted once in four uses and a dictionary word (frequency 28 ≥ 10) → dropped
    ("f1", "要“居安思危”。"), ("f2", "居安思危。"), ("f3", "必须居安思危。"), ("f4", "始终居安思危。"),
    # 尊重知识、尊重人才: quoted once in four uses, but a formulation of several parts → kept
    ("g1", "坚持“尊重知识、尊重人才”。"), ("g2", "尊重知识、尊重人才。"), ("g3", "做到尊重知识、尊重人才。"),
    ("g4", "尊重知识、尊重人才蔚然成风。"),
]  # fmt: skip
WORD_FREQ = {"优秀": 5256, "面子": 1333, "瓶颈": 381, "居安思危": 28, "好人主义": 10}


def test_quoted_words_must_be_marked_as_formulations(make_sentences: Callable[..., list[Sentence]]) -> None:
    rows = mine_quoted_slogans(make_sentences(MARKING_DOCS), word_freq=WORD_FREQ)
    assert sorted((p.phrase, p.freq, p.doc_freq) for p in rows) == [
        ("好人主义", 2, 2),
        ("尊重知识、尊重人才", 4, 4),
        ("瓶颈", 4, 4),
        ("零就业", 4, 4),
    ]


def test_quoted_word_filter_defaults_to_jiebas_dictionary(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    sentences = make_sentences(MARKING_DOCS)
    default = mine_quoted_slogans(sentences)
    assert default == mine_quoted_slogans(sentences, word_freq=WORD_FREQ)
    # without any dictionary nothing is a known word: 优秀 and 面子 are coinages then, 居安思危 too
    unknown = {p.phrase for p in mine_quoted_slogans(sentences, word_freq={})}
    assert unknown - {p.phrase for p in default} == {"面子", "居安思危"}


def test_mine_slogans_merges_one_row_per_phrase(make_sentences: Callable[..., list[Sentence]]) -> None:
    sentences = make_sentences({**NUMERAL_DOCS, **QUOTED_DOCS})
    rows = mine_slogans(sentences)
    phrases = [p.phrase for p in rows]
    assert len(phrases) == len(set(phrases))
    assert {"四个意识", "两个维护", "三会一课", "一岗双责", "关键少数", "第一议题"} <= set(phrases)
    assert rows == sorted(rows, key=lambda p: (-p.score, p.phrase))


def test_slogan_score_formula() -> None:
    assert slogan_score(0, 0, 5, 0) == 0.0
    assert slogan_score(3, 2, 4, 3) == pytest.approx(math.log(4) * 0.5)
    assert slogan_score(3, 2, 4, 0, shaped=True) == pytest.approx(math.log(4) * 0.5 * math.sqrt(0.5))


# --- passages -----------------------------------------------------------------------------------------

PASSAGE_DOCS = {
    "a": "有的党组织形式化，以会议贯彻会议，以文件落实文件，压力传导层层递减。",
    "b": "一些单位表面化，以会议贯彻会议，以文件落实文件，责任没有落实。",
    "c": "管党治党压力传导不到位，以会议贯彻会议，以文件落实文件。",
    # d uses 以会议贯彻会议 as a unit inside a longer clause, but not the pair
    "d": "要防止以会议贯彻会议的做法，以文件落实文件。",
    "e": "不搞形式主义，以会议贯彻会议。",
}


def test_a_part_used_more_widely_than_the_whole_stays(make_sentences: Callable[..., list[Sentence]]) -> None:
    """The halves are in five and four reports (a unit inside a longer clause counts: d), the pair in three:
    3 < 0.8 × 4, so the halves stay passages."""
    rows = mine_passages(make_sentences(PASSAGE_DOCS), min_chars=6)
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [
        ("以会议贯彻会议", 5, 5),
        ("以文件落实文件", 4, 4),
        ("以会议贯彻会议，以文件落实文件", 3, 3),
    ]
    assert rows[0].score == pytest.approx(5 + 1 - 1 / 7)
    # the pair repeats 5 of its 11 distinct bigrams (以会 会议 议贯 贯彻 彻会) from 以会议贯彻会议
    assert rows[2].score == pytest.approx((3 + 1 - 1 / 14) * (1 - 5 / 11))
    assert all(p.kind == "passage" and p.example == "" for p in rows)


def test_sub_runs_with_the_same_reports_are_dropped(make_sentences: Callable[..., list[Sentence]]) -> None:
    docs = {k: PASSAGE_DOCS[k] for k in "abc"}
    rows = mine_passages(make_sentences(docs), min_chars=6)
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [("以会议贯彻会议，以文件落实文件", 3, 3)]


#: Six clauses of six characters; no character bigram occurs twice in RUN.
CLAUSES = ("坚持问题导向", "聚焦主责主业", "压实管党责任", "强化监督执纪", "深化以案促改", "营造良好生态")
RUN = "，".join(CLAUSES)
PAIR = "聚焦主责主业，压实管党责任"  # clauses 2–3 of RUN


def test_overlapping_windows_are_stitched_into_the_whole_run(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    """Three reports share six clauses (more than any fixed window) → one passage of six clauses.

    Its sub-runs are in the same three reports and go (坚持问题导向，聚焦主责主业 is one of them); PAIR is
    also in two more reports, 5 in all, and 3 < 0.8 × 5, so it stays.
    """
    docs = {
        "a": f"今年以来，{RUN}。",
        "b": f"{RUN}，确保取得实效。",
        "c": f"同时，{RUN}，不断巩固成果。",
        "d": f"{PAIR}，推动工作落实。",
        "e": f"{PAIR}。",
    }
    rows = mine_passages(make_sentences(docs))
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [(PAIR, 5, 5), (RUN, 3, 3)]
    assert rows[0].score == pytest.approx(5 + 1 - 1 / 12)
    # RUN: 36 characters, 35 distinct bigrams, 11 of them held by PAIR
    assert rows[1].score == pytest.approx((3 + 1 - 1 / 36) * (1 - 11 / 35))


def test_passage_inside_a_nearly_as_shared_passage_is_dropped(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    """PAIR in 5 reports inside RUN in 4: 4 ≥ 0.8 × 5, so PAIR goes; with a share of 0.9 it stays."""
    docs = {"a": f"{RUN}。", "b": f"{RUN}。", "c": f"{RUN}。", "d": f"{RUN}。", "e": f"{PAIR}。"}
    sentences = make_sentences(docs)
    assert [(p.phrase, p.doc_freq) for p in mine_passages(sentences)] == [(RUN, 4)]
    assert [(p.phrase, p.doc_freq) for p in mine_passages(sentences, contained_share=0.9)] == [
        (PAIR, 5),
        (RUN, 4),
    ]


def test_containment_is_by_text_not_only_by_clauses(make_sentences: Callable[..., list[Sentence]]) -> None:
    """``全面贯彻党的宗教工作基本方针`` is inside the one clause ``我们要全面贯彻党的宗教工作基本方针``."""
    docs = {
        "a": "我们要全面贯彻党的宗教工作基本方针。",
        "b": "我们要全面贯彻党的宗教工作基本方针。",
        "c": "全面贯彻党的宗教工作基本方针。",
        "d": "全面贯彻党的宗教工作基本方针。",
    }
    assert [p.phrase for p in mine_passages(make_sentences(docs))] == ["我们要全面贯彻党的宗教工作基本方针"]


def test_variants_of_a_more_shared_passage_rank_below_new_sentences(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    """Ranked by doc_freq, but a passage repeating an earlier one's text sinks by the share it repeats."""
    closing = "请予审议，并请全国政协各位委员提出意见"
    variant = "并请全国政协委员提出意见"  # the passage is without 并: 9 of its 10 bigrams are in closing
    other = "坚持以人民为中心的发展思想"
    docs = {
        "a": f"{closing}。",
        "b": f"{closing}。",
        "c": f"{closing}。{other}。",
        "d": f"{variant}。{other}。",
        "e": f"{variant}。",
    }
    rows = mine_passages(make_sentences(docs), min_chars=10)
    assert [(p.phrase, p.doc_freq) for p in rows] == [(closing, 3), (other, 2), (variant[1:], 2)]
    assert rows[2].score == pytest.approx((2 + 1 - 1 / 11) * (1 - 9 / 10))


def test_passage_needs_min_chars_and_reports(make_sentences: Callable[..., list[Sentence]]) -> None:
    sentences = make_sentences(PASSAGE_DOCS)
    assert [p.phrase for p in mine_passages(sentences)] == ["以会议贯彻会议，以文件落实文件"]
    assert mine_passages(sentences, min_doc_freq=5, min_chars=6) == []


def test_passage_reads_half_width_punctuation_as_full_width(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    docs = {"a": "坚持以人民为中心,持续改善民生福祉。", "b": "坚持以人民为中心，持续改善民生福祉。"}
    assert [p.phrase for p in mine_passages(make_sentences(docs))] == ["坚持以人民为中心，持续改善民生福祉"]


def test_passages_never_cross_sentences(make_sentences: Callable[..., list[Sentence]]) -> None:
    docs = {"a": "加强学习。提高本领，转变作风。", "b": "加强学习。提高本领，转变作风。"}
    rows = mine_passages(make_sentences(docs), min_chars=4)
    assert [p.phrase for p in rows] == ["提高本领，转变作风", "加强学习"]


_TEXT = st.text(alphabet="四个意识两维护三会一课关键少数以文件落实“”，。□的是", min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), _TEXT), min_size=1, max_size=8))
def test_miners_only_report_strings_of_the_corpus_without_placeholder(items: list[tuple[str, str]]) -> None:
    sentences = [Sentence(doc, "other", text, tuple(text)) for doc, text in items]
    texts = [s.text for s in sentences]
    for row in mine_slogans(sentences, min_freq=1) + mine_passages(sentences, min_chars=2):
        assert PLACEHOLDER not in row.phrase
        assert any(row.phrase in t.replace(",", "，") for t in texts)
        assert 1 <= row.doc_freq <= len({s.doc_id for s in sentences})
        assert row.freq >= row.doc_freq
    passages = mine_passages(sentences, min_chars=2)
    for inner in passages:
        for outer in passages:
            if inner.phrase != outer.phrase and inner.phrase in outer.phrase:
                assert outer.doc_freq < 0.8 * inner.doc_freq, (inner, outer)


# --- real corpora ---------------------------------------------------------------------------------------


def repeated_share(rows: list[Phrase]) -> list[float]:
    """For each row: the largest share of its CJK bigrams held by one row above it."""

    def bigrams(text: str) -> set[str]:
        chars = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
        return {chars[i : i + 2] for i in range(len(chars) - 1)}

    grams = [bigrams(p.phrase) for p in rows]
    return [max((len(g & h) / len(g) for h in grams[:i]), default=0.0) for i, g in enumerate(grams)]


def test_sample_corpus_slogans(sample_body_sentences: list[Sentence]) -> None:
    assert len({s.doc_id for s in sample_body_sentences}) == 8
    slogans = by_phrase(mine_slogans(sample_body_sentences))
    for phrase in (
        "两个维护", "四个意识", "一岗双责", "三会一课", "关键少数", "第一议题", "放管服", "懒散拖", "一言堂",
        "好人主义", "咬耳扯袖", "最多跑一次", "不忘初心、牢记使命",
    ):  # fmt: skip
        assert phrase in slogans, phrase
    assert slogans["一岗双责"].doc_freq == 6
    assert not {"一是", "一些", "三个方面"} & set(slogans)
    assert "优秀" not in slogans  # quoted once (考核获评“优秀”) among six uses


def test_sample_corpus_passages(sample_body_sentences: list[Sentence]) -> None:
    rows = mine_passages(sample_body_sentences)
    texts = [s.text for s in sample_body_sentences]
    assert all(any(p.phrase in t for t in texts) for p in rows)  # every passage can get an example
    passages = by_phrase(rows)
    # in 2 reports as a clause, in 4 as a unit (坚持以…为指导 counts), two of which (002#3, 002#4) draw on
    # one source: 3 independent documents
    assert passages["以习近平新时代中国特色社会主义思想为指导"].doc_freq == 3
    # 002#2 and 002#4 are one report written over for another town (县 → 镇): one independent document;
    # 002#3 shares with them a list of problems in four sentences nobody else has: one source
    families = document_families(distinct_sentences(sample_body_sentences))
    assert families.count(["002_e242ea8daa6d116a#2", "002_e242ea8daa6d116a#4"]) == 1
    assert families.count(["002_e242ea8daa6d116a#3", "002_e242ea8daa6d116a#4"]) == 1
    for part in (
        "以会议贯彻会议，以文件落实文件，以签订责任书代替责任落实，压力传导层层递减",
        "一些领导班子成员履行“一岗双责”不严不实",
    ):  # only in those three
        assert [p.doc_freq for p in rows if part in p.phrase] == [], part
    # one repeated paragraph of seven clauses (in those two reports and another): counted with every
    # report independent, one passage, not overlapping four-clause windows
    every_report = mine_passages(sample_body_sentences, independent=DocumentFamilies({}, {}))
    stitched = [p.phrase for p in every_report if "久久为功的系统工程" in p.phrase]
    assert stitched == [
        "政治生态建设是一个潜移默化、久久为功的系统工程，既要同治理自然生态一样整体把控，统筹推进，"
        "也要针对突出问题进行重点整治，迅速净化涵养"
    ]


def test_gwr_slogans(gwr_body_sentences: list[Sentence]) -> None:
    slogans = by_phrase(mine_slogans(gwr_body_sentences))
    for phrase in (
        "四个意识",
        "两个维护",
        "十四五",
        "一国两制",
        "三个代表",
        "放管服",
        "台独",
        "三通",
        "严打",
    ):
        assert phrase in slogans, phrase
    assert slogans["四个意识"].doc_freq >= 10
    assert "社会主义" not in slogans  # quoted now and then, but a common word
    # ordinary words quoted once or twice
    assert not {"梦想", "帽子", "奴隶", "面子", "蛋糕"} & set(slogans)


def test_gwr_passages(gwr_body_sentences: list[Sentence]) -> None:
    rows = mine_passages(gwr_body_sentences)
    passages = by_phrase(rows)
    assert passages["增强“四个意识”、坚定“四个自信”、做到“两个维护”"].doc_freq >= 10
    assert passages["高举中国特色社会主义伟大旗帜"].doc_freq >= 25
    assert rows[0].phrase == "高举中国特色社会主义伟大旗帜"  # the most shared sentence comes first
    assert not any("公有领域" in p or "维基" in p for p in passages)
    # the top 50 read as different sentences: few repeat half of a passage above them (27 did before)
    assert sum(share >= 0.5 for share in repeated_share(rows[:50])) <= 3
    # the report's closing formula (……向大会作政府工作报告，请予审议……) once in the top 30, not five times
    assert sum("政府工作报告" in p.phrase or "提出意见" in p.phrase for p in rows[:30]) <= 2
