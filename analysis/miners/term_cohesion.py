"""Which word n-grams hold together: the cohesion filter of the term miner (:mod:`analysis.miners.terms`).

A candidate's cohesion is its weakest link, ``min over split points k of scorer(c(g), c(g[:k]), c(g[k:]),
N)`` (NPMI by default): a string held together at every split point is a unit.  :func:`cohesive_rows`
reads it for every n-gram of the word index that has a term's size, frequency, documents and edges
(numpy per level; Python only for the survivors' split points).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from analysis.index import WordIndex
from analysis.miners.term_shape import (
    FRAME_MIDDLE,
    FRAME_OPEN,
    EdgeVerdicts,
    inner_prepositions,
    token_mask,
)
from analysis.scoring import AssociationScorer, npmi, weakest_npmi
from analysis.units import WordGram

__all__ = [
    "DEFAULT_MIN_COHESION",
    "CohesiveLevel",
    "TermShape",
    "cohesion",
    "cohesive_levels",
    "cohesive_rows",
    "resolve_cohesion",
]

#: Default cohesion thresholds per named scorer (in the scorer's own units).
DEFAULT_MIN_COHESION: Mapping[str, float] = {
    "npmi": 0.25,
    "pmi": 3.0,
    "log_likelihood": 10.83,
    "t_score": 2.576,
}


def resolve_cohesion(scorer: str | AssociationScorer, min_cohesion: float | None) -> float:
    if min_cohesion is not None:
        return min_cohesion
    if isinstance(scorer, str) and scorer in DEFAULT_MIN_COHESION:
        return DEFAULT_MIN_COHESION[scorer]
    raise ValueError(
        f"no default cohesion threshold for scorer {scorer!r}: pass min_cohesion= in the scorer's units"
    )


def cohesion(
    gram: WordGram, freq: Mapping[WordGram, int], total: int, scorer: AssociationScorer
) -> float | None:
    """Weakest link of an n-gram: ``min over split points k of scorer(c(g), c(g[:k]), c(g[k:]), N)``.

    None for a single token (no split point) and when a part is missing from ``freq`` (pruned).
    """
    joint = freq.get(gram, 0)
    if joint == 0 or len(gram) < 2:
        return None
    best = math.inf
    for k in range(1, len(gram)):
        left = freq.get(gram[:k], 0)
        right = freq.get(gram[k:], 0)
        if left == 0 or right == 0:
            return None
        best = min(best, scorer(joint=joint, left=left, right=right, total=total))
    return best


class TermShape(NamedTuple):
    """What a term candidate must be: frequency, documents, size, cohesion (see ``score_terms``)."""

    min_freq: int
    min_doc_freq: int
    min_chars: int
    max_chars: int
    min_single_chars: int
    threshold: float
    single_value: float


class CohesiveLevel(NamedTuple):
    """The cohesive n-grams of one length: their rows in the index level (ascending) and cohesion values."""

    rows: np.ndarray
    values: np.ndarray


def cohesive_rows(
    index: WordIndex,
    lengths: list[int],
    shape: TermShape,
    score_fn: AssociationScorer,
    stops: frozenset[str],
    tags: Mapping[str, str],
    max_words: int,
) -> dict[tuple[int, int], float]:
    """(n, row) → cohesion of the n-grams of the right size, frequency, documents and edges: the
    :func:`cohesive_levels` as one mapping, by n, then row."""
    levels = cohesive_levels(index, lengths, shape, score_fn, stops, tags, max_words)
    return {
        (n, row): value
        for n, level in levels.items()
        for row, value in zip(level.rows.tolist(), level.values.tolist(), strict=True)
    }


def cohesive_levels(
    index: WordIndex,
    lengths: list[int],
    shape: TermShape,
    score_fn: AssociationScorer,
    stops: frozenset[str],
    tags: Mapping[str, str],
    max_words: int,
) -> dict[int, CohesiveLevel]:
    """n → the rows of the n-grams of the right size, frequency, documents and edges whose cohesion is at
    least ``shape.threshold``, with that cohesion (numpy per level; the scorer per split point, or
    :func:`~analysis.scoring.weakest_npmi` over a level's split points for npmi: the same floats)."""
    vocabulary = index.vocabulary
    total = index.total_unigrams
    chars = np.fromiter(map(len, vocabulary), dtype=np.int64, count=len(vocabulary))
    ids = index.parts(1)[:, 0]  # the masks are read only at the tokens of n-grams: indexed unigrams
    tokens = [vocabulary[t] for t in ids.tolist()]

    def mask(words: frozenset[str]) -> np.ndarray:
        return token_mask(vocabulary, words, ids, tokens)

    edges = EdgeVerdicts.of(tokens, stops=stops, tags=tags)
    opens, closes, singles, nouns, predicates = (mask(words) for words in edges)
    frame_open = mask(frozenset({FRAME_OPEN}))
    frame_middle = mask(frozenset({FRAME_MIDDLE}))
    preposition = mask(inner_prepositions(tokens, tags))
    particle = mask(frozenset({"的"}))  # 衷心的感谢 is no subject–predicate compound
    cohesive: dict[int, CohesiveLevel] = {}
    for n in lengths:
        parts, freq, doc_freq = index.parts(n), index.freq_of(n), index.doc_freq_of(n)
        size = chars[parts].sum(axis=1)
        wanted = (freq >= shape.min_freq) & (doc_freq >= shape.min_doc_freq) & (size <= shape.max_chars)
        if n == 1:
            wanted &= singles[parts[:, 0]] & (size >= max(shape.min_chars, shape.min_single_chars))
            rows = np.flatnonzero(wanted)
            cohesive[1] = CohesiveLevel(rows, np.full(len(rows), shape.single_value, dtype=np.float64))
            continue
        first, last = parts[:, 0], parts[:, -1]
        framed = frame_open[first] & frame_middle[parts[:, 1:-1]].any(axis=1)
        compound = nouns[first] & predicates[last] & ~particle[parts].any(axis=1)
        wanted &= (opens[first] | framed) & (closes[last] | compound) & (size >= shape.min_chars)
        wanted &= ~preposition[parts[:, 1:-1]].any(axis=1)
        wanted &= framed | ~frame_middle[parts[:, 1:-1]].any(axis=1)  # 为 only in 以X为Y (not X为主线)
        if n > max_words:
            wanted &= framed
        rows = np.flatnonzero(wanted)
        splits = [(index.sub_freq(n, rows, 0, k), index.sub_freq(n, rows, k, n - k)) for k in range(1, n)]
        value = _weakest_links(freq[rows], splits, score_fn, total)
        kept = value >= shape.threshold
        cohesive[n] = CohesiveLevel(rows[kept], value[kept])
    return cohesive


def _weakest_links(
    joint: np.ndarray, splits: list[tuple[np.ndarray, np.ndarray]], score_fn: AssociationScorer, total: int
) -> np.ndarray:
    """``min over split points of score_fn(joint, left, right, total)`` of each row (float64: the scorer's
    floats, the minimum picks one of them)."""
    if score_fn is npmi:
        return weakest_npmi(joint, splits, total)
    joints = joint.tolist()
    values = [
        np.asarray(
            [
                score_fn(joint=j, left=a, right=b, total=total)
                for j, a, b in zip(joints, left.tolist(), right.tolist(), strict=True)
            ],
            dtype=np.float64,
        )
        for left, right in splits
    ]
    return np.minimum.reduce(values) if values else np.zeros(0)
