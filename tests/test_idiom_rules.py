"""The idiom rules over arrays (analysis.miners.idiom_rules, idiom_facts, idiom_candidates) give every
candidate the verdict of the per-candidate functions they replace: idiom_rejection, edge_fault, has_set_form,
predicate_coordination, compositional, name_modifier, and the judging loop of score_idioms as it was."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.miners.boundaries import edge_fault
from analysis.miners.idiom_candidates import Halves, candidate_chars, judge_candidates
from analysis.miners.idiom_facts import WHOLE, GramFacts, TagCodes, char_ids, joined, pair_ids
from analysis.miners.idiom_form import (
    MIN_PARTNERS,
    HalfPartners,
    clause_final_shares,
    compositional,
    half_partners,
    half_uses,
    has_set_form,
    is_lexical,
    name_modifier,
    predicate_coordination,
)
from analysis.miners.idiom_neighbours import Occurrences, clause_final_table
from analysis.miners.idiom_rules import (
    EDGE_REASONS,
    WORD_REASONS,
    compositional_mask,
    edge_codes,
    name_modifier_mask,
    predicate_mask,
    set_form_mask,
    word_codes,
)
from analysis.miners.idiom_words import IDIOM_FUNCTION_CHARS, IDIOM_LOCALISERS, idiom_rejection
from analysis.miners.idioms import _screened
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.records import Sentence
from analysis.scoring import BOUNDARY
from analysis.units import SYMBOLS

#: Characters of every class the rules test (localiser 下, preposition 从, numerals 一 十, free edge and
#: function characters 等 和 的, link characters 以 于, degree 更) and plain ones.
ALPHABET = "下从一十等和的以于更新发展国人心"
#: Tags the rules read, and some they do not.
TAG_NAMES = "i l n nr nz ng ns nt nrt nrfg j v vn vd a ad an z t m mq q r p c u uj d b s f"
TAGS = [*TAG_NAMES.split(), ""]
#: The tags most rules turn on, drawn more often.
TAG = st.one_of(st.sampled_from(["n", "v", "vn", "nr", "ns", "i", "l", "a", "vd"]), st.sampled_from(TAGS))
#: Frequencies at and around the rules' thresholds (0: listed with frequency 0).
FREQS = [0, 1, 3, 9, 10, 99, 100, 999, 1000, 1499, 1500, 4999, 5000]
WORD = st.text(ALPHABET, min_size=2, max_size=4)
#: A few halves, so that candidates share them (partners, productive halves).
HALF = st.sampled_from(["新发", "展国", "人心", "从一", "更新", "发展"])
GRAM = st.one_of(
    st.text(ALPHABET, min_size=4, max_size=4),
    st.tuples(WORD, WORD).map(lambda parts: (parts[0] + parts[1])[:4]).filter(lambda g: len(g) == 4),
    st.tuples(HALF, HALF).map("".join),
)
#: The parts of a candidate the rules look up (``g[:2]`` … ``g``) and the middle characters' pairs.
PARTS = ((0, 2), (1, 3), (2, 4), (0, 3), (1, 4), (0, 4))


@st.composite
def candidates(draw: st.DrawFn) -> tuple[list[str], dict[str, int], dict[str, str]]:
    """Candidates and a dictionary of some of their parts: frequencies and tags drawn apart (a tag may
    have no frequency and the reverse: general mappings)."""
    grams = draw(st.lists(GRAM, min_size=1, max_size=30))
    parts = sorted({g[i:j] for g in grams for i, j in PARTS})
    listed = {part: len(part) == 2 or draw(st.integers(0, 3)) == 0 for part in parts}  # fewer long words
    freq = {part: draw(st.sampled_from(FREQS)) for part in parts if listed[part] and draw(st.booleans())}
    tags = {part: draw(TAG) for part in parts if listed[part] and draw(st.booleans())}
    return grams, freq, tags


#: Candidates of every rule (and none) in jieba's dictionary.
FIXTURE_GRAMS = (
    "新形势下 另一方面 从今年起 近几年来 这就是说 一百一十 国务院将 集体林权 推动管党 扎实推进 "
    "英法两国 一国两制 沈阳等市 多措并举 东湖新区 合成树脂 增光添彩 因地制宜 养老保险 政治建设 "
    "等新业态 云计算等 以城市为 更可持续 以更好的 打造一批 培育更多 基于智能 各类企业 分期分批 "
    "监测预警 临床诊疗 持续优化 远程巡检 智慧文旅 伦理道德 精准扶贫 港人治港 稳中向好 与时俱进 "
    "智慧交通 智慧养老 临床试验 横向集成 监测调度 实时监测 精准配送 线上服务 优化升级 集成优化"
)


def _facts(grams: list[str], freq: Mapping[str, int], tags: Mapping[str, str]) -> GramFacts:
    chars, vocabulary = char_ids(grams)
    return GramFacts.of(chars, vocabulary, word_freq=freq, word_tags=tags, raw_head_tags=IDIOM_LOCALISERS)


def _reasons(codes: np.ndarray, reasons: tuple[str, ...]) -> list[str | None]:
    return [None if code < 0 else reasons[code] for code in codes.tolist()]


def _assert_rules_agree(grams: list[str], freq: Mapping[str, int], tags: Mapping[str, str]) -> None:
    facts = _facts(grams, freq, tags)
    words = dict(word_freq=freq, word_tags=tags)
    assert _reasons(word_codes(facts), WORD_REASONS) == [idiom_rejection(g, **words) for g in grams]
    assert _reasons(edge_codes(facts), EDGE_REASONS) == [edge_fault(g, **words) for g in grams]
    assert set_form_mask(facts).tolist() == [has_set_form(g, **words) for g in grams]
    partners = half_partners(grams)
    n_first = np.array([partners.first[g[:2]] for g in grams])
    n_second = np.array([partners.second[g[2:]] for g in grams])
    assert name_modifier_mask(facts, n_first).tolist() == [name_modifier(g, partners, **words) for g in grams]
    # clause-final shares known for the halves of every other gram, around the threshold
    shares = {g[i : i + 2]: (0.0, 0.05, 0.3)[k % 3] for k, g in enumerate(grams[::2]) for i in (0, 2)}
    first_share = np.array([shares.get(g[:2], 1.0) for g in grams])
    second_share = np.array([shares.get(g[2:], 1.0) for g in grams])
    expected = [predicate_coordination(g, **words, clause_final=shares) for g in grams]
    assert predicate_mask(facts, first_share, second_share).tolist() == expected
    doc_share = np.array([(0.0, 0.065, 0.5)[k % 3] for k in range(len(grams))])
    mask = compositional_mask(
        facts, n_first, n_second, doc_share=doc_share, first_share=first_share, second_share=second_share
    )
    expected = [
        compositional(g, partners, **words, doc_share=s, clause_final=shares)
        for g, s in zip(grams, doc_share.tolist(), strict=True)
    ]
    assert mask.tolist() == expected


def test_fixture_grams_get_the_reasons_of_the_functions() -> None:
    lexicon = jieba_lexicon()
    grams = FIXTURE_GRAMS.split()
    _assert_rules_agree(grams, lexicon.freq, lexicon.tag)


@settings(max_examples=300, deadline=None)
@given(candidates())
def test_rules_over_arrays_agree_with_the_functions(case: tuple) -> None:
    _assert_rules_agree(*case)


@given(st.lists(GRAM, min_size=1, max_size=30))
def test_strings_pairs_and_tag_codes(grams: list[str]) -> None:
    chars, vocabulary = char_ids(grams)
    assert joined(chars, vocabulary) == grams
    assert joined(chars[:, 1:3], vocabulary) == [g[1:3] for g in grams]
    ids, distinct = pair_ids(chars, (0, 2), len(vocabulary))
    texts = joined(distinct, vocabulary)
    assert [texts[i] for i in ids[:, 0].tolist()] == [g[:2] for g in grams]
    assert [texts[i] for i in ids[:, 1].tolist()] == [g[2:] for g in grams]
    assert len(set(texts)) == len(texts)
    codes = TagCodes()
    tags = [None, "n", "v", "n", None, "nr"]
    encoded = codes.encode(tags)
    assert codes.among(encoded, {"n", "nr"}).tolist() == [t in {"n", "nr"} for t in tags]
    assert encoded[0] == 0


def test_halves_are_the_partners_and_uses_of_the_functions() -> None:
    grams = ["远程值守", "远程会诊", "远程巡检", "智慧巡检", "凝心聚力", "巡检远程"]
    freqs = [5, 3, 2, 7, 1, 4]
    chars, vocabulary = char_ids(grams)
    halves = Halves.of(chars, vocabulary, np.array(freqs), word_freq={"远程": 900, "巡检": 0})
    everything = np.arange(len(grams))
    assert halves.partners(everything) == half_partners(grams)
    assert halves.uses(everything) == half_uses(grams, freqs)
    assert halves.freq[halves.first].tolist() == [900, 900, 900, 0, 0, 0]


# --- the judging loop of score_idioms as it was: the specification of judge_candidates ------------------


def _reference_verdicts(
    index: WordIndex,
    rows: np.ndarray,
    *,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
    unmarked_docs: int,
) -> tuple[list[int], Counter]:
    """The rows (places in ``rows``) the old per-candidate loop of score_idioms kept, and its reasons, for
    its defaults (the cheap filters included: they are :func:`_screened`'s)."""
    banned = IDIOM_FUNCTION_CHARS
    grams = index.strings(4, rows)
    partners = half_partners(grams)
    words = dict(word_freq=word_freq, word_tags=word_tags)
    halves = {
        h
        for g in grams
        if predicate_coordination(g, **words)
        and partners.first.get(g[:2], 0) >= MIN_PARTNERS
        and partners.second.get(g[2:], 0) >= MIN_PARTNERS
        and not has_set_form(g, **words)
        for h in (g[:2], g[2:])
    }
    ending = [i for i, g in enumerate(grams) if g[2:] in halves]
    clause_final: dict[str, float] = {}
    if ending:
        owner, neighbour, weight = index.neighbour_occurrences(4, rows[ending], "right")
        closing = neighbour == -(SYMBOLS.index(BOUNDARY) + 1)
        closed = np.bincount(owner[closing], weights=weight[closing], minlength=len(ending))
        total = np.bincount(owner, weights=weight, minlength=len(ending))
        clause_final = clause_final_shares(
            [grams[i] for i in ending], closed.astype(np.int64).tolist(), total.astype(np.int64).tolist()
        )
    kept: list[int] = []
    rejected: Counter = Counter()
    freq, aligned = index.freq_of(4)[rows].tolist(), index.aligned_of(4)[rows].tolist()
    docs = index.doc_freq_of(4)[rows].tolist()
    for i, gram in enumerate(grams):
        if aligned[i] / freq[i] < 0.5:
            continue
        if not banned.isdisjoint(gram) and (word_freq.get(gram) or 0) < 10:
            continue
        first, second = word_freq.get(gram[:2]) or 0, word_freq.get(gram[2:]) or 0
        if min(first, second) > 0 and (min(first, second) >= 1000 or max(first, second) >= 5000):
            continue
        reason = idiom_rejection(gram, **words, function_chars=banned) or edge_fault(gram, **words)
        share = docs[i] / index.n_docs
        if reason is None and compositional(
            gram, partners, **words, doc_share=share, clause_final=clause_final
        ):
            reason = "compositional"
        if reason is None and name_modifier(gram, partners, **words):
            reason = "name modifier"
        marked = has_set_form(gram, **words) or is_lexical(gram, word_freq=word_freq)
        if reason is None and docs[i] < unmarked_docs and not marked:
            reason = "rare unmarked"
        if reason is None:
            kept.append(i)
        else:
            rejected[reason] += 1
    return kept, rejected


def test_judge_candidates_keeps_what_the_loop_kept(gwr_body_sentences: list[Sentence]) -> None:
    index = WordIndex.build(gwr_body_sentences, min_count=2, characters=True)
    lexicon = jieba_lexicon()
    freq, aligned = index.freq_of(4), index.aligned_of(4)
    rows = np.flatnonzero((freq >= 2) & (aligned >= 0.5 * freq))
    chars = candidate_chars(index, rows)
    halves = Halves.of(chars, index.vocabulary, freq[rows], word_freq=lexicon.freq)
    judged = _screened(
        chars,
        index.vocabulary,
        halves,
        aligned[rows] / freq[rows],
        word_freq=lexicon.freq,
        min_aligned=0.5,
        max_half_freq=1000,
        common_word_freq=5000,
        banned=IDIOM_FUNCTION_CHARS,
        min_lexicon_freq=10,
    )
    unmarked = max(1, math.ceil(0.02 * index.n_docs))
    expected, reasons = _reference_verdicts(
        index, rows, word_freq=lexicon.freq, word_tags=lexicon.tag, unmarked_docs=unmarked
    )
    verdicts = judge_candidates(
        index,
        rows,
        judged,
        chars,
        halves,
        word_freq=lexicon.freq,
        word_tags=lexicon.tag,
        function_chars=IDIOM_FUNCTION_CHARS,
        unmarked_docs=unmarked,
    )
    assert judged[verdicts.accepted].tolist() == expected
    assert verdicts.rejected == dict(reasons)
    # the reports have coordinations and compounds to tell apart, and set phrases to keep
    assert verdicts.rejected.get("compositional")
    assert len(expected) > 100


def test_set_form_of_the_whole_only() -> None:
    grams = ["同心协力", "一校一策", "远程巡检"]
    chars, vocabulary = char_ids(grams)
    facts = GramFacts.of(
        chars, vocabulary, word_freq={"同心协力": 5, "远程": 9}, word_tags={"同心协力": "i"}, columns=(WHOLE,)
    )
    assert set_form_mask(facts).tolist() == [True, True, False]
    assert facts.freq[:, :WHOLE].sum() == 0  # the other parts are not looked up
    assert HalfPartners({}, {}) == half_partners([])


def test_occurrences_group_as_neighbours_of_rows_and_give_the_clause_final_shares(
    sample_body_sentences: list[Sentence],
) -> None:
    index = WordIndex.build(sample_body_sentences, min_count=2, characters=True)
    rows = np.flatnonzero(index.freq_of(4) >= 3)[::3]
    occurrences = Occurrences.of(index, rows)
    for side in ("left", "right"):
        assert occurrences.grouped(side, len(rows), index.vocabulary) == index.neighbours_of_rows(
            4, rows, side
        )
    places = np.arange(0, len(rows), 4)
    kept = occurrences.of_places(places, len(rows))
    assert kept.grouped("right", len(places), index.vocabulary) == index.neighbours_of_rows(
        4, rows[places], "right"
    )
    # the shares of the second halves of every other row, as clause_final_shares reads them
    grams = index.strings(4, rows)
    chars, vocabulary = char_ids(grams)
    ids, distinct = pair_ids(chars, (2,), len(vocabulary))
    texts = joined(distinct, vocabulary)
    measured = np.arange(len(rows)) % 2 == 0
    share = clause_final_table(occurrences, ids[:, 0], measured, len(texts))
    rights = index.neighbours_of_rows(4, rows, "right")
    chosen = np.flatnonzero(measured).tolist()
    expected = clause_final_shares(
        [grams[i] for i in chosen],
        [rights[i].get(BOUNDARY, 0) for i in chosen],
        [sum(rights[i].values()) for i in chosen],
    )
    assert {texts[h]: s for h, s in enumerate(share.tolist()) if texts[h] in expected} == expected
    assert (share[[h for h, t in enumerate(texts) if t not in expected]] == 1.0).all()
    assert Occurrences.of(index, rows[:0]).grouped("left", 0, index.vocabulary) == []
