"""The term miner reads only the candidates that can reach its ranking (analysis.miners.term_ranking,
term_pool, term_bounds): the rows are those of the full reading, candidate by candidate, bit for bit.

The full reading is kept here as the definition: every cohesive candidate's entropy
(term_freedom.free_level_candidates), the kinds of all the free ones (term_kinds.candidate_kinds), the
maximal ones among those of a kind (containment pairs over all their texts), termhood and score of each.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.miners import term_ranking
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.names import NAME_FINAL_CHARS, PERSON_TAGS, PLACE_TAGS, name_kind
from analysis.miners.term_bounds import JoinedTexts, proper_containers, termhood_factor_bounds
from analysis.miners.term_cohesion import TermShape, cohesive_levels, resolve_cohesion
from analysis.miners.term_contexts import substring_pair_arrays
from analysis.miners.term_freedom import TermCandidate, free_level_candidates, level_entropies
from analysis.miners.term_kinds import candidate_kinds
from analysis.miners.term_pool import candidate_pool, grams_of, possible_names
from analysis.miners.term_ranking import TERMHOOD_SATURATION, Row, one_per_string, term_score
from analysis.miners.term_shape import TERM_EDGE_STOP_WORDS
from analysis.miners.termhood import reference_model, reference_probabilities, termhood
from analysis.miners.terms import _nested, score_terms
from analysis.records import Phrase, Sentence
from analysis.scoring import get_scorer


# --- the full reading: the definition ------------------------------------------------------------------
def _maximal(candidates: list[TermCandidate], ratio: float) -> list[TermCandidate]:
    """Drop a candidate inside a longer one (as a string) that has ``>= ratio ×`` its occurrences."""
    freq: dict[str, int] = {}
    for c in candidates:
        freq[c.text] = max(freq.get(c.text, 0), c.freq)
    texts = list(freq)
    counts = np.fromiter(freq.values(), dtype=np.int64, count=len(freq))
    shorter, longer = substring_pair_arrays(texts)
    dropped = {texts[i] for i in shorter[counts[longer] >= ratio * counts[shorter]].tolist()}
    return [c for c in candidates if c.text not in dropped]


def _full_reading(
    index: WordIndex, *, top_n: int, min_entropy: float = 0.5, min_termhood: float = 0.0, ratio: float = 0.8
) -> list[Phrase]:
    """score_terms's rows from every candidate read (its defaults otherwise)."""
    tags, model = jieba_lexicon().tag, reference_model(jieba_lexicon().freq)
    threshold = resolve_cohesion("npmi", None)
    shape = TermShape(3, 2, 2, 12, 3, threshold, 2 * threshold)
    stops = frozenset(TERM_EDGE_STOP_WORDS)
    lengths = [n for n in index.lengths() if n <= 5]
    cohesive = cohesive_levels(index, lengths, shape, get_scorer("npmi"), stops, tags, 4)
    free = free_level_candidates(index, cohesive, tags, min_entropy)
    free += _nested(index, shape, stops, tags, min_entropy, known=model.freq)
    kinds = candidate_kinds(index, free, tags=tags, model=model)
    maximal = _maximal([c for c in free if kinds[c.gram] is not None], ratio)
    kind_of_each = [kinds[c.gram] or "term" for c in maximal]
    p_refs = reference_probabilities(
        [c.gram for c in maximal], model, parts=[kind == "term" for kind in kind_of_each]
    )
    by_kind: dict[str, list[Row]] = {"term": [], "name": []}
    for c, kind, p_ref in zip(maximal, kind_of_each, p_refs, strict=True):
        weird = termhood(c.freq, index.total_unigrams, p_ref)
        if weird > min_termhood:
            score = round(term_score(c.cohesion, c.entropy, weird, c.doc_freq), 6)
            by_kind[kind].append((-score, c.text, c.freq, c.doc_freq))
    out: list[Phrase] = []
    for kind, rows in by_kind.items():
        out += [Phrase(text, kind, f, d, -key) for key, text, f, d in one_per_string(rows)[:top_n]]
    return out


@pytest.fixture(scope="module")
def sample_index(sample_body_sentences: list[Sentence]) -> WordIndex:
    return WordIndex.build(sample_body_sentences, min_count=3, max_n=5, max_chars=12)


@pytest.mark.parametrize("top_n", [1, 7, 40, 300, 5000])
def test_the_ranking_read_by_bounds_is_the_full_reading(sample_index: WordIndex, top_n: int) -> None:
    got = score_terms(sample_index, top_n=top_n)
    assert got == _full_reading(sample_index, top_n=top_n)
    assert any(p.kind == "name" for p in got) or top_n < 5


@pytest.mark.parametrize("first_read", [0, 1, 2])
def test_more_readings_give_the_full_reading(
    sample_index: WordIndex, first_read: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    readings: list[int] = []
    hiders = term_ranking.hiders

    def counted(*args: object) -> object:
        readings.append(1)
        return hiders(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(term_ranking, "FIRST_READ", first_read)
    monkeypatch.setattr(term_ranking, "hiders", counted)
    assert score_terms(sample_index, top_n=40) == _full_reading(sample_index, top_n=40)
    assert len(readings) > 1


@pytest.mark.parametrize(
    ("min_entropy", "min_termhood", "ratio"), [(0.0, 0.0, 0.8), (1.0, 3.0, 0.5), (0.5, -2.0, 1.0)]
)
def test_the_ranking_read_by_bounds_is_the_full_reading_with_other_options(
    sample_index: WordIndex, min_entropy: float, min_termhood: float, ratio: float
) -> None:
    got = score_terms(
        sample_index, top_n=25, min_entropy=min_entropy, min_termhood=min_termhood, containment_ratio=ratio
    )
    assert got == _full_reading(
        sample_index, top_n=25, min_entropy=min_entropy, min_termhood=min_termhood, ratio=ratio
    )


def _pool(index: WordIndex):  # type: ignore[no-untyped-def]
    tags, model = jieba_lexicon().tag, reference_model(jieba_lexicon().freq)
    shape = TermShape(3, 2, 2, 12, 3, 0.25, 0.5)
    stops = frozenset(TERM_EDGE_STOP_WORDS)
    cohesive = cohesive_levels(index, index.lengths(), shape, get_scorer("npmi"), stops, tags, 4)
    return candidate_pool(index, cohesive, _nested(index, shape, stops, tags, 0.5, known=model.freq)), model


def test_every_score_is_at_most_its_bounds(sample_index: WordIndex) -> None:
    pool, model = _pool(sample_index)
    tags = jieba_lexicon().tag
    free = free_level_candidates(sample_index, pool.levels, tags, 0.0)  # every level candidate, in order
    assert len(free) == pool.level_size
    total = sample_index.total_unigrams
    level_free = np.arange(len(free))
    factors = termhood_factor_bounds(
        [free[i].gram for i in level_free.tolist()],
        pool.freq[level_free],
        total,
        model,
        saturation=TERMHOOD_SATURATION,
        min_termhood=-math.inf,
    )
    assert [free[i].text for i in level_free.tolist()] == [pool.texts[i] for i in level_free.tolist()]
    for k, i in enumerate(level_free.tolist()):
        c = free[i]
        assert (c.freq, c.doc_freq, c.cohesion) == (pool.freq[i], pool.doc_freq[i], pool.cohesion[i])
        tight = (c.cohesion * math.log(c.freq)) * factors[k] * math.log1p(c.doc_freq) + 1e-12
        for parts in (True, False):
            p_ref = reference_probabilities([c.gram], model, parts=[parts])[0]
            weird = termhood(c.freq, total, p_ref)
            assert min(1.0, weird / TERMHOOD_SATURATION) <= factors[k]
            score = term_score(c.cohesion, c.entropy, weird, c.doc_freq)
            assert score <= tight <= pool.bound[i] + 1e-12


def test_entropies_of_some_candidates_are_those_read_among_all(sample_index: WordIndex) -> None:
    pool, _ = _pool(sample_index)
    tags = jieba_lexicon().tag
    m = pool.level_size
    everything = level_entropies(sample_index, pool.levels, pool.inner, tags)
    rng = np.random.default_rng(7)
    for _ in range(3):
        chosen = np.flatnonzero(rng.random(m) < 0.2)
        levels, offset = {}, 0
        for n, level in pool.levels.items():
            picked = chosen[(chosen >= offset) & (chosen < offset + len(level.rows))] - offset
            if len(picked):
                levels[n] = type(level)(level.rows[picked], level.values[picked])
            offset += len(level.rows)
        some = level_entropies(sample_index, levels, pool.inner.of(chosen), tags)
        assert some.tolist() == everything[chosen].tolist()  # bit for bit


def test_possible_names_are_the_grams_name_kind_may_take(sample_index: WordIndex) -> None:
    pool, _ = _pool(sample_index)
    tags = jieba_lexicon().tag
    grams = grams_of(sample_index, pool, np.arange(len(pool.texts)))
    expected = [
        name_kind(g, tags=tags) is not None or (len(g) == 1 and tags.get(g[0]) in PERSON_TAGS | PLACE_TAGS)
        for g in grams
    ]
    assert possible_names(sample_index, pool, tags=tags).tolist() == expected
    assert any(expected)


NAME_WORDS = [
    "青岛",
    "市",
    "国务院",
    "省",
    "科技厅",
    "习近平",
    "总书记",
    "毛主席",
    "发展",
    "改革",
    "委",
    "和",
    "部",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=4))
def test_a_name_ends_in_a_name_final_character(gram: list[str]) -> None:
    tags = jieba_lexicon().tag
    if name_kind(tuple(gram), tags=tags) is not None:
        assert gram[-1][-1] in NAME_FINAL_CHARS


# --- containment ---------------------------------------------------------------------------------------
def _definition(patterns: list[str], texts: list[str], reach: int) -> list[tuple[int, int]]:
    return sorted(
        (
            (i, j)
            for j, t in enumerate(texts[:reach])
            for i, p in enumerate(patterns)
            if p in t and len(p) < len(t)
        ),
        key=lambda pair: (pair[1], pair[0]),
    )


@settings(deadline=None)
@given(
    st.lists(st.text(alphabet="数字乡村𠀀样", min_size=1, max_size=3), min_size=1, max_size=8, unique=True),
    st.lists(st.text(alphabet="数字乡村𠀀样\n", min_size=1, max_size=7), max_size=20),
    st.integers(0, 25),
)
def test_proper_containers_equal_the_definition(patterns: list[str], texts: list[str], reach: int) -> None:
    found, holder = proper_containers(patterns, JoinedTexts.of(texts), reach)
    assert list(zip(found.tolist(), holder.tolist(), strict=True)) == _definition(patterns, texts, reach)


def test_proper_containers_of_a_formulation() -> None:
    texts = JoinedTexts.of(["全面建成小康社会", "小康社会", "小康", "社会主义"])
    found, holder = proper_containers(["小康社会", "社会"], texts)
    assert list(zip(found.tolist(), holder.tolist(), strict=True)) == [(0, 0), (1, 0), (1, 1), (1, 3)]
