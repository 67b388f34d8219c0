"""Specification of the one ranking over all kinds (analysis.phrasebank.rank_phrases) and of phrase edges
on gwr_national (the session's analysis, tests/conftest.py ``gwr_analysis``)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.boundaries import edge_fault
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.phrasebank import rank_phrases, typicality
from analysis.records import Phrase


def test_rank_mixes_kinds_by_within_kind_quality_and_relative_spread() -> None:
    """Each kind's best row, in as many reports as its kind's widest, scores 1 whatever its miner's scale."""
    rows = [
        Phrase("甲甲甲甲", "idiom", 90, 60, 50.0),
        Phrase("乙乙乙乙", "idiom", 10, 15, 40.0),
        Phrase("丙丙丙丙丙丙丙丙丙丙丙丙", "passage", 9, 8, 9.0),
        Phrase("丁丁", "slogan", 30, 20, 0.5),
        Phrase("戊戊戊", "term", 5, 5, 3.0),  # a kind the ranking has no calibration for: weight 1
    ]
    values = typicality(rows)
    assert values[0] == values[2] == values[3] == values[4] == pytest.approx(1.0)
    assert values[1] == pytest.approx((15 / 60) ** 0.5 * 0.5**2)
    ranked = rank_phrases(rows)
    assert [p.rank for p in ranked] == [4, 5, 2, 1, 3]  # equal values: by phrase (丁 < 丙 < 戊 < 甲)
    assert [p.phrase for p in ranked] == [p.phrase for p in rows]  # order kept
    weighted = rank_phrases(rows, kind_weights={"idiom": 0.5})
    assert weighted[0].rank == 4 and typicality(rows, kind_weights={"idiom": 0.5})[0] == pytest.approx(0.5)


def test_a_kind_whose_rows_are_each_in_one_report_is_not_fully_spread() -> None:
    """One report's heading templates (doc_freq 1 each) rank below a formulation of many reports."""
    rows = [
        Phrase("X还不够“Y”", "heading", 2, 1, 5.0),
        Phrase("对X的认识还不够Y", "heading", 2, 1, 4.0),
        Phrase("三会一课", "slogan", 12, 6, 2.0),
    ]
    assert typicality(rows) == pytest.approx([0.5**0.5, 0.5**0.5 * 0.5**2, 1.0])
    assert [p.rank for p in rank_phrases(rows)] == [2, 3, 1]


def test_a_frame_ranks_below_a_whole_formulation_of_the_same_spread_and_place() -> None:
    """Frames are calibrated by 0.75 (analysis.ranking.KIND_WEIGHTS): half phrases that spread by nature."""
    rows = [Phrase("进一步X", "frame", 50, 40, 3.0), Phrase("宏观调控", "term", 50, 40, 9.0)]
    assert typicality(rows) == pytest.approx([0.75, 1.0])
    assert [p.rank for p in rank_phrases(rows)] == [2, 1]
    assert typicality(rows, kind_weights={}) == pytest.approx([1.0, 1.0])  # no calibration asked for


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text("甲乙丙丁", min_size=1, max_size=4),
            st.sampled_from(("slogan", "idiom", "passage", "name", "frame")),
            st.integers(0, 50),
            st.floats(0, 100, allow_nan=False),
        ),
        max_size=30,
        unique_by=lambda t: t[0],
    )
)
def test_ranks_are_a_permutation_and_follow_the_score_within_a_kind(rows: list[tuple]) -> None:
    phrases = [Phrase(p, kind, 1, df, score) for p, kind, df, score in rows]
    ranked = rank_phrases(phrases)
    assert sorted(p.rank for p in ranked) == list(range(1, len(phrases) + 1))
    for a in ranked:
        for b in ranked:
            if a.kind == b.kind and a.doc_freq == b.doc_freq and a.score > b.score:
                assert a.rank < b.rank


# --- gwr_national ---------------------------------------------------------------------------------------


def _top(analysis, kind: str | None, k: int = 100) -> list[Phrase]:
    rows = [p for p in analysis.phrases if kind is None or p.kind == kind]
    key = (lambda p: p.rank) if kind is None else (lambda p: (-p.score, p.phrase))
    return sorted(rows, key=key)[:k]


def test_gwr_merged_top_100_mixes_kinds(gwr_analysis) -> None:
    kinds = Counter(p.kind for p in _top(gwr_analysis, None))
    assert len(kinds) >= 4 and max(kinds.values()) <= 35, kinds  # no kind fills a third of it
    assert kinds["frame"] >= 10, kinds
    assert sorted(p.rank for p in gwr_analysis.phrases) == list(range(1, len(gwr_analysis.phrases) + 1))


def test_gwr_top_passages_start_and_end_at_clause_or_enumeration_boundaries(gwr_analysis) -> None:
    """No top-100 passage starts after or ends before 、 in most of its uses (a formula used whole in 19
    reports may be one item of a list elsewhere: ``…、全心全意为人民服务等优良传统``), and none is a
    salutation."""
    texts = {s.text for s in gwr_analysis.sentences if not s.is_heading}
    bad = []
    for passage in _top(gwr_analysis, "passage"):
        rx = re.compile(re.escape(passage.phrase))
        uses = listed = 0
        for text in texts:
            for m in rx.finditer(text):
                uses += 1
                listed += (m.start() and text[m.start() - 1] == "、") or text[m.end() : m.end() + 1] == "、"
        if 2 * listed >= uses:
            bad.append((passage.phrase, listed, uses))
        assert not re.search(r"感谢|敬意|致意|问候", passage.phrase), passage.phrase
        assert not passage.phrase.startswith("向"), passage.phrase
    assert bad == []


def test_gwr_top_idioms_and_slogans_have_clean_edges(gwr_analysis) -> None:
    lexicon = jieba_lexicon()
    for kind, words in (("idiom", True), ("slogan", False)):
        for row in _top(gwr_analysis, kind):
            assert edge_fault(row.phrase, word_freq=lexicon.freq, word_tags=lexicon.tag, words=words) is None


def test_gwr_keeps_the_genre_s_core_passages(gwr_analysis) -> None:
    passages = {p.phrase for p in gwr_analysis.phrases if p.kind == "passage"}
    assert "高举中国特色社会主义伟大旗帜" in passages
    assert "增强“四个意识”、坚定“四个自信”、做到“两个维护”" in passages
