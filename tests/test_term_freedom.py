"""Branching entropy of all term candidates at once (analysis.miners.term_freedom): the numpy grouping gives
what the per-candidate definition (a dictionary of contexts, analysis.scoring.branching_entropy) gives."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.term_cohesion import TermShape, cohesive_rows
from analysis.miners.term_contexts import inner_uses, merged_contexts
from analysis.miners.term_freedom import BOUNDARY_CODE, context_entropy, free_candidates
from analysis.miners.term_shape import TERM_EDGE_STOP_WORDS, boundary_tokens
from analysis.records import Sentence
from analysis.scoring import BOUNDARY, branching_entropy, get_scorer

Build = Callable[..., list[Sentence]]


def test_context_entropy_of_two_even_contexts_and_of_boundaries() -> None:
    owner = np.array([0, 0, 0, 1, 1, 1])
    context = np.array([5, 6, 5, BOUNDARY_CODE, BOUNDARY_CODE, 7])
    count = np.array([1, 2, 1, 1, 2, 3])
    # candidate 0: {5: 2, 6: 2} → ln 2; candidate 1: three boundary occurrences and 7 three times
    # → ln 6 − 3 ln 3 / 6; candidate 2 has no rows → 0
    assert context_entropy(3, owner, context, count).tolist() == pytest.approx(
        [math.log(2), math.log(6) - 3 * math.log(3) / 6, 0.0]
    )


rows = st.lists(
    st.tuples(st.integers(0, 4), st.integers(-4, 12), st.integers(1, 40)), min_size=0, max_size=40
)


@given(rows)
def test_context_entropy_equals_branching_entropy_of_each_candidates_contexts(
    table: list[tuple[int, int, int]],
) -> None:
    contexts: list[dict[str, int]] = [{} for _ in range(5)]
    for owner, context, count in table:
        key = BOUNDARY if context == BOUNDARY_CODE else str(context)
        contexts[owner][key] = contexts[owner].get(key, 0) + count
    arrays = [np.asarray([row[k] for row in table], dtype=np.int64) for k in range(3)]
    got = context_entropy(5, *arrays)
    assert got.tolist() == pytest.approx([branching_entropy(c) for c in contexts], abs=1e-12)


def _reference_entropies(index: WordIndex, keys: list[tuple[int, int]]) -> dict[str, float]:
    """The definition, candidate by candidate: a dictionary of neighbours and inner contexts each."""
    tags = jieba_lexicon().tag
    vocabulary = index.vocabulary
    tokens = [vocabulary[t] for t in index.parts(1)[:, 0].tolist()]
    texts = {key: index.strings(key[0], np.array([key[1]]))[0] for key in keys}
    unique = sorted(set(texts.values()))
    uses = dict(
        zip(
            unique,
            inner_uses(unique, tokens, index.freq_of(1).tolist(), index.doc_freq_of(1).tolist()),
            strict=True,
        )
    )
    out: dict[str, float] = {}
    for n, row in keys:
        left = index.neighbours_of_rows(n, np.array([row]), "left")[0]
        right = index.neighbours_of_rows(n, np.array([row]), "right")[0]
        inner = uses[texts[n, row]]
        h_left = branching_entropy(
            merged_contexts(left, inner.left, lambda c: bool(boundary_tokens((c,), tags=tags)))
        )
        h_right = branching_entropy(merged_contexts(right, inner.right, lambda c: False))
        out[texts[n, row]] = max(out.get(texts[n, row], 0.0), min(h_left, h_right))
    return out


FREEDOM_DOCS = {  # an invented formulation used alone and inside longer phrases, after verbs and not
    "d1": "践行共建共享新机制，打造数字乡村样板。完整系统践行共建共享新机制。",
    "d2": "坚持共建共享新机制不动摇。以共建共享新机制带动乡村发展，打造数字乡村样板。",
    "d3": "共建共享新机制是管长远的。落实共建共享新机制要求，加快打造数字乡村样板。",
    "d4": "把共建共享新机制贯穿全过程。深入践行共建共享新机制，服务数字乡村样板。",
}


def test_free_candidates_equal_the_per_candidate_definition(make_sentences: Build) -> None:
    index = WordIndex.build(make_sentences(FREEDOM_DOCS), min_count=2, max_n=3, max_chars=12)
    tags = jieba_lexicon().tag
    shape = TermShape(2, 2, 2, 12, 3, 0.25, 0.5)
    cohesive = cohesive_rows(
        index, [1, 2, 3], shape, get_scorer("npmi"), frozenset(TERM_EDGE_STOP_WORDS), tags, 3
    )
    assert cohesive, "the fixture must give candidates"
    reference = _reference_entropies(index, sorted(cohesive))
    for min_entropy in (0.0, 0.5, 1.0):
        got = {c.text: c.entropy for c in free_candidates(index, cohesive, tags, min_entropy)}
        assert got == pytest.approx({t: h for t, h in reference.items() if h >= min_entropy}, abs=1e-12)


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_free_candidates_equal_the_definition_on_the_sample_corpus(
    data: st.DataObject, sample_body_sentences: list[Sentence]
) -> None:
    start = data.draw(st.integers(0, max(0, len(sample_body_sentences) - 60)))
    body = sample_body_sentences[start : start + 60]
    index = WordIndex.build(body, min_count=2, max_n=3, max_chars=12)
    tags = jieba_lexicon().tag
    shape = TermShape(2, 1, 2, 12, 2, 0.0, 0.5)
    cohesive = cohesive_rows(index, [1, 2, 3], shape, get_scorer("npmi"), frozenset(), tags, 3)
    reference = _reference_entropies(index, sorted(cohesive))
    got = {c.text: c.entropy for c in free_candidates(index, cohesive, tags, 0.3)}
    assert got == pytest.approx({t: h for t, h in reference.items() if h >= 0.3}, abs=1e-12)
