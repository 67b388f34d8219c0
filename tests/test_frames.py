"""Sentence frames (analysis.miners.frames) and their keyness by section type."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from analysis.contrast import g2_p_value
from analysis.miners.frames import fixed_part_rejection, frame_phrases, mine_frames
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.keyness import section_frame_rows
from analysis.records import Sentence

Build = Callable[..., list[Sentence]]

#: Three made-up self-assessments: each problems section says "… is not yet in place" about other things,
#: each measures section says "further …" about other things; a filler sentence elsewhere.
PROBLEMS = {
    "甲局": "理论学习还不够到位，调查研究还不够到位。",
    "乙办": "整改落实还不够到位，制度执行还不够到位。",
    "丙委": "监督检查还不够到位，作风建设还不够到位。",
}
MEASURES = {
    "甲局": "进一步加强理论学习，进一步改进工作作风。",
    "乙办": "进一步压实主体责任，进一步完善制度体系。",
    "丙委": "进一步强化监督检查，进一步优化营商环境。",
}
OVERVIEW = dict.fromkeys(PROBLEMS, "今年以来上下团结一心，各项工作稳步推进。")  # the same everywhere


@pytest.fixture(scope="module")
def fixture_sentences(make_sentences: Build) -> list[Sentence]:
    out: list[Sentence] = []
    for doc in PROBLEMS:  # documents contiguous, sections in report order
        out += make_sentences({doc: OVERVIEW[doc]}, section_type="overview")
        out += make_sentences({doc: PROBLEMS[doc]}, section_type="problems")
        out += make_sentences({doc: MEASURES[doc]}, section_type="measures")
    return out


def test_frames_of_problems_and_measures_with_their_fillers(fixture_sentences: list[Sentence]) -> None:
    mining = mine_frames(fixture_sentences, min_freq=3, min_doc_freq=2, min_fillers=3, min_entropy=1.0)
    frames = {f.pattern: f for f in mining.frames}
    assert set(frames) == {"X还不够到位", "进一步X"}
    not_in_place = frames["X还不够到位"]
    assert (not_in_place.shape, not_in_place.freq, not_in_place.doc_freq) == ("suffix", 6, 3)
    assert not_in_place.fillers == ("理论学习", "调查研究", "整改落实")  # the most frequent (ties: first)
    assert not_in_place.example == "理论学习还不够到位，调查研究还不够到位。"
    further = frames["进一步X"]
    assert (further.shape, further.freq, further.doc_freq, further.n_fillers) == ("prefix", 6, 3, 6)
    assert further.fillers == ("加强理论学习", "改进工作作风", "压实主体责任")
    assert {s: c.freq for s, c in not_in_place.by_section.items()} == {"problems": 6}
    assert {s: c.freq for s, c in further.by_section.items()} == {"measures": 6}
    assert mining.section_clauses == {"overview": 6, "problems": 6, "measures": 6}
    rows = {p.phrase: p for p in frame_phrases(mining)}
    assert rows["X还不够到位"].kind == "frame"
    assert rows["X还不够到位"].slot_fillers == "理论学习；调查研究；整改落实"


def test_section_frames_have_g2_p_and_log_ratio_as_computed_by_hand(
    fixture_sentences: list[Sentence],
) -> None:
    mining = mine_frames(fixture_sentences)
    rows = {(r.section_type, r.phrase): r for r in section_frame_rows(mining)}
    assert set(rows) == {("problems", "X还不够到位"), ("measures", "进一步X")}
    row = rows[("problems", "X还不够到位")]
    # 6 of the 6 problems clauses against 0 of the 12 other clauses: E1 = 6 × 6/18 = 2,
    # G² = 2 × 6 ln(6/2) = 13.1833; p = P(χ²₁ ≥ G²); Log Ratio = log2((6/6) / (0.5/12)) = log2(24)
    g2 = 2 * 6 * math.log(3)
    assert row.keyness == pytest.approx(g2, abs=1e-4)
    assert row.p_value == pytest.approx(g2_p_value(g2)) and row.p_value == pytest.approx(2.8264e-4, rel=1e-3)
    assert row.log_ratio == pytest.approx(math.log2(24), abs=1e-4)
    assert (row.freq, row.doc_freq, row.n_sentences) == (6, 3, 3)
    assert row.example == "理论学习还不够到位，调查研究还不够到位。"
    # Bonferroni over the 2 tests: p must be < 0.025, which 2.8e-4 is; at alpha = 1e-4 nothing is left
    assert section_frame_rows(mining, alpha=1e-4) == []


def test_one_report_cannot_make_a_frame_or_top_a_section(make_sentences: Build) -> None:
    one = make_sentences({"甲局": "理论学习还不够到位，调查研究还不够到位，作风建设还不够到位。" * 3})
    assert mine_frames(one).frames == ()  # frames need 2 reports
    assert [f.pattern for f in mine_frames(one, min_doc_freq=1).frames] == ["X还不够到位"]


def test_a_slot_that_never_varies_is_no_frame(make_sentences: Build) -> None:
    same = {d: "进一步加强理论学习，进一步加强理论学习，进一步加强理论学习。" for d in ("甲", "乙", "丙")}
    assert mine_frames(make_sentences(same)).frames == ()


@pytest.mark.parametrize(
    ("head", "tail", "reason"),
    [
        (("在",), (), "function words only"),  # 在X
        (("的",), (), "function words only"),
        (("是",), (), "function words only"),  # 是X
        (("加强",), (), "one bare content word"),  # a bare verb
        ((), ("工作",), "one bare content word"),  # X工作: a noun
        ((), ("进一步",), "one bare content word"),  # a modifier after the slot modifies nothing in it
        (("世界", "经济"), (), "noun next to the slot"),  # 世界经济X: a subject, not a frame
        (("进一步",), (), None),
        (("切实", "加强"), (), None),
        ((), ("还", "不够", "到位"), None),
        ((), ("不足",), None),  # a negated predicate closes a problem frame
        (("在",), ("方面", "还", "存在", "差距"), None),
    ],
)
def test_a_fixed_part_must_carry_meaning(
    head: tuple[str, ...], tail: tuple[str, ...], reason: str | None
) -> None:
    assert fixed_part_rejection(head, tail, jieba_lexicon().tag) == reason


def test_a_modifier_frame_needs_content_verbs_in_its_slot_and_opens_clauses() -> None:
    """进一步加强… (a directive's adverb) against 特别是… / 一定要… (no content verb after it) and 长期… (an
    attribute inside the clause: it rarely opens one)."""
    tags = jieba_lexicon().tag
    assert fixed_part_rejection(("进一步",), (), tags, verb_slot=0.9, edge_share=0.46) is None
    assert fixed_part_rejection(("进一步",), (), tags, verb_slot=0.2) == "adverb of no directive"
    assert fixed_part_rejection(("特别",), (), tags, verb_slot=0.03) == "adverb of no directive"
    assert (
        fixed_part_rejection(("长期",), (), tags, verb_slot=0.9, edge_share=0.11) == "adverb of no directive"
    )


@pytest.mark.parametrize(
    ("head", "tail", "edge_share", "reason"),
    [
        ((), ("应用", "场景"), 0.6, "noun compound inside clauses"),  # X应用场景: 应用场景 is used anywhere
        ((), ("取得", "新进展"), 0.98, None),  # X取得新进展: the object of a predicate closing its clause
        (("智能", "制造"), (), 0.2, "noun compound inside clauses"),  # 智能制造X: a term's continuations
        (("全面", "推进"), (), 0.62, None),  # jieba tags 全面 n, but 全面推进 opens clauses (or follows 要)
        (("智能",), ("技术",), 1.0, "noun next to the slot"),  # 智能X技术: a slot inside a noun compound
        (("建设",), ("平台",), 1.0, None),  # 建设X平台: 建设 is a verbal noun, the frame a verb phrase
    ],
)
def test_a_noun_compound_is_no_frame(
    head: tuple[str, ...], tail: tuple[str, ...], edge_share: float, reason: str | None
) -> None:
    assert fixed_part_rejection(head, tail, jieba_lexicon().tag, edge_share=edge_share) == reason


def test_a_noun_compound_used_inside_clauses_is_no_suffix_frame(make_sentences: Build) -> None:
    """应用场景 closes 3 clauses per report and stands inside 4 others: a term whose modifier varies;
    取得新进展 closes every clause it is in: the frame ``X取得新进展``."""
    texts = {
        doc: "拓展农业应用场景，丰富医疗应用场景，打造文旅应用场景。"
        "应用场景建设加快推进，围绕应用场景开展攻关，依托应用场景培育企业，应用场景清单持续扩容。"
        "乡村振兴取得新进展，城市更新取得新进展，生态保护取得新进展。"
        for doc in ("东区", "西区", "南区")
    }
    patterns = {f.pattern for f in mine_frames(make_sentences(texts)).frames}
    assert "X取得新进展" in patterns
    assert not any("应用场景" in p for p in patterns), patterns


def test_gwr_frames_by_section_type(gwr_body_sentences: list[Sentence]) -> None:
    mining = mine_frames(gwr_body_sentences)
    patterns = {f.pattern for f in mining.frames}
    assert {"进一步X", "切实X", "加强X建设", "深化X改革", "X不足"} <= patterns
    assert not any(p in patterns for p in ("在X", "是X", "X的"))
    assert {"不断X", "持续X", "逐步X", "积极X", "坚决X"} <= patterns  # the genre's directive adverbs
    generic = {"特别X", "已经X", "一定X", "首先X", "仍然X", "长期X", "真正X"}  # sentence, modal, time adverbs
    assert not patterns & generic
    # compounds of verbs that close their clauses as predicates stay frames (never followed by a noun)
    assert {"X得到加强", "X结合起来", "X推向前进", "X协调发展"} <= patterns
    rows = section_frame_rows(mining)
    measures = [r.phrase for r in rows if r.section_type == "measures"]
    assert "进一步X" in measures[:5]
    # gwr has no problems sections: the year's problems are told at the end of the review (achievements)
    assert "problems" not in mining.section_clauses
    review = [r.phrase for r in rows if r.section_type == "achievements"]
    assert "X不足" in review and "X取得新进展" in review
    assert all(r.doc_freq >= 2 and r.keyness > 0 and r.p_value < 0.05 for r in rows)


@pytest.mark.parametrize(
    ("head", "tail", "measures", "reason"),
    [
        # a compound of verbs closing clauses but also modifying nouns elsewhere (示范应用项目): a term
        ((), ("示范", "应用"), {"noun_after": 0.46}, "verbal compound term"),
        ((), ("得到", "加强"), {"noun_after": 0.0}, None),  # a predicate: never followed by a noun
        ((), ("缺乏",), {"noun_after": 0.31}, None),  # a negated verb says a problem (缺乏人才 or not)
        ((), ("显著", "提升"), {"noun_after": 0.3}, None),  # an adverb of degree: a frame of results
        (("自动", "驾驶"), (), {"edge_share": 0.17}, "verbal compound term"),  # 自动驾驶X: inside NPs
        (("加快", "推进"), (), {"edge_share": 0.69}, None),  # opens its clauses: a directive
        # a suffix nearly always followed by 、: an enumeration item cut off, not a phrase's end
        ((), ("贯彻落实", "省委"), {"enumerated": 0.9}, "cut inside an enumeration"),
        ((), ("贯彻落实", "省委"), {"enumerated": 0.2}, None),
        (("鼓励",), ("企业",), {"enumerated": 0.75}, None),  # 鼓励X企业、Y院所: 鼓励 governs the whole list
        # 加快[构建]X体系: the slot nearly always opens with the frame's real verb; 构建X体系 takes a noun
        (("加快",), ("体系",), {"verb_slot": 0.97}, "verb phrase cut in two"),
        (("构建",), ("体系",), {"verb_slot": 0.19}, None),
    ],
)
def test_a_verbal_compound_or_a_cut_list_item_is_no_frame(
    head: tuple[str, ...], tail: tuple[str, ...], measures: dict[str, float], reason: str | None
) -> None:
    assert fixed_part_rejection(head, tail, jieba_lexicon().tag, **measures) == reason


def test_verbal_compounds_and_cut_list_items_are_measured_on_the_corpus(make_sentences: Build) -> None:
    """集成应用 closes clauses (推进…集成应用) but modifies nouns as often (集成应用项目): a term; 得到加强
    closes every clause it is in: the frame ``X得到加强``; 贯彻落实省委 always runs on into 、省政府:
    no frame."""
    texts = {
        doc: "推进农机集成应用，开展医疗集成应用，加快交通集成应用。"
        "一批集成应用项目落地，多个集成应用平台投用，三项集成应用标准发布。"
        "安全生产得到加强，基层治理得到加强，监督执纪得到加强。"
        "我们全面贯彻落实省委、省政府部署，各地深入贯彻落实省委、省政府决定，部门切实贯彻落实省委、省政府要求。"
        for doc in ("东城", "西城", "北城")
    }
    patterns = {f.pattern for f in mine_frames(make_sentences(texts)).frames}
    assert "X得到加强" in patterns
    assert not any("集成应用" in p or "贯彻落实省委" in p for p in patterns), patterns


def test_a_term_after_the_verbs_that_govern_it_is_no_frame(make_sentences: Build) -> None:
    """The slot before 城乡融合新格局 is only its verb (构建, 加快形成, 融入): a term with varying verbs, no
    frame; before 得到加强 it is what is strengthened: the frame ``X得到加强``."""
    texts = {
        doc: "构建城乡融合新格局，加快形成城乡融合新格局，主动融入城乡融合新格局，努力塑造城乡融合新格局。"
        "安全生产得到加强，基层治理得到加强，监督执纪得到加强。"
        for doc in ("上游", "中游", "下游")
    }
    patterns = {f.pattern for f in mine_frames(make_sentences(texts)).frames}
    assert "X得到加强" in patterns
    assert not any("新格局" in p for p in patterns), patterns
    tags = jieba_lexicon().tag
    term = fixed_part_rejection((), ("新", "发展", "格局"), tags, verb_only=0.38)
    assert term == "term after varying verbs"
    assert fixed_part_rejection((), ("取得", "新进展"), tags, verb_only=0.13, edge_share=0.98) is None
