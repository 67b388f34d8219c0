"""The term miner's ranking: rows scored for the candidates that can reach it, highest bound first.

A candidate's score has an upper bound before its entropy, kind and containment are read
(:mod:`~analysis.miners.term_bounds`: ``cohesion × ln freq × ln(1 + doc_freq)``, tightened by an upper bound
of its termhood factor where asked).  :func:`ranked_rows` reads (:func:`~analysis.miners.term_pool.evaluated`)
every candidate that may be a name (a few hundred: fewer than a ranking's rows) and the candidates of highest
bound, scores their rows, and reads more only while a candidate left unread has a bound at least the score of
the ranking's last term (less :data:`BOUND_MARGIN`, for the rounding): none of them can enter the ranking, nor
be the best row of a string in it.  Each row read is the row the full reading gives (its hiders are read
with it), so the ranking is the same, row for row (``tests/test_term_ranking.py`` keeps the full reading as
the definition).  The words found only inside longer tokens are always read (a few dozen).

Why: scoring all 2·10⁵ candidates at 30 MB (their entropies, kinds, containment pairs and termhood) took
4 s of the term miner's 5 s of CPU for a ranking of 300 terms; about 2 000 candidates have a tightened bound
above its last score, and the miner takes 2 s (9.3 s → 3.5 s at 100 MB).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from analysis.index import WordIndex
from analysis.miners.term_bounds import termhood_factor_bounds
from analysis.miners.term_pool import (
    CandidatePool,
    Evaluation,
    Hiders,
    evaluated,
    grams_of,
    hiders,
    maximal,
    possible_names,
)
from analysis.miners.termhood import ReferenceModel, reference_probabilities, termhood

__all__ = ["TERMHOOD_SATURATION", "Ranking", "Row", "one_per_string", "ranked_rows", "term_score"]


#: Termhood (nats) from which a string counts as a word of the genre: the termhood factor of the score
#: saturates there, so that termhood pushes down the words of general Chinese without ranking the genre's
#: words by how long or rare they are.  7 rather than 5: at 5 the genre's dictionary words (基础设施 5.7,
#: 管理制度 5.8) scored as high as its own formulations (两岸关系和平发展, 稳健的货币政策: 7 and more),
#: and the share of reports (the ranking's other factor) put the everyday words first.
TERMHOOD_SATURATION = 7.0


def term_score(cohesion_value: float, entropy: float, weirdness: float, doc_freq: int) -> float:
    """``cohesion × min(H_left, H_right) × min(1, termhood / TERMHOOD_SATURATION) × ln(1 + doc_freq)``.

    Each factor answers one question: is it one unit (cohesion), is it free of its contexts (branching
    entropy), is it a word of the genre rather than of general Chinese (termhood), do many reports use it
    (the log damps the share, so a term of ten reports is not ten times one of one)?
    """
    return cohesion_value * entropy * min(1.0, weirdness / TERMHOOD_SATURATION) * math.log1p(doc_freq)


#: A scored candidate before it becomes a row: (−score, phrase, freq, doc_freq); its first two items are
#: :func:`~analysis.miners.shared.phrase_sort_key`, so rows sort as phrases do (a row object each cost
#: 0.1 s at 30 MB for the 10⁵ candidates of which ``top_n`` are kept).
Row = tuple[float, str, int, int]


def one_per_string(rows: list[Row]) -> list[Row]:
    """The best row of each string, and of strings that differ only by 的; ranked (score descending, then
    phrase: :func:`~analysis.miners.shared.phrase_sort_key`)."""
    best: dict[str, Row] = {}
    for row in rows:
        key = row[1].replace("的", "")
        old = best.get(key)
        if old is None or row[:2] < old[:2]:
            best[key] = row
    return sorted(best.values(), key=lambda row: row[:2])


#: Candidates of highest bound read first, per row of the ranking: enough that the ranking's last row
#: usually scores above the bound of the candidates left (a second reading costs a pass over the index
#: per level, more than reading a few thousand candidates too many).
FIRST_READ = 15
#: A candidate left unread has a bound below the ranking's last score less this: rounded to 6 decimals,
#: its score is below that row's (the margin also covers an ulp between the bound's logarithms and the
#: score's, whose libraries may round differently).
BOUND_MARGIN = 1e-6


class Ranking(NamedTuple):
    """The rows of each kind (``"term"``, ``"name"``), ranked, one per string; the candidates read and
    those scored (for the log)."""

    rows: dict[str, list[Row]]
    read: int
    scored: int


def ranked_rows(
    index: WordIndex,
    pool: CandidatePool,
    *,
    top_n: int,
    ratio: float,
    min_entropy: float,
    min_termhood: float,
    tags: Mapping[str, str],
    model: ReferenceModel,
) -> Ranking:
    """The :class:`Ranking` of the candidates of ``pool`` whose first ``top_n`` rows of each kind are those of
    all the candidates (see the module docstring): free at ``min_entropy``, of a kind, not hidden by a longer
    candidate with ``>= ratio ×`` their occurrences, termhood above ``min_termhood``."""
    total = index.total_unigrams
    bounds = _Bounds(index, pool, total, model, min_termhood)
    chosen = possible_names(index, pool, tags=tags)
    chosen[pool.level_size :] = True  # the nested words: no bound (their entropy is not over T occurrences)
    chosen |= bounds.highest(top_n * FIRST_READ)
    evaluation: Evaluation | None = None
    found: Hiders | None = None
    while True:
        found = hiders(pool, chosen, ratio, found)
        evaluation = evaluated(
            index, pool, found.wanted, evaluation, tags=tags, model=model, min_entropy=min_entropy
        )
        rows = _rows(pool, evaluation, chosen, found, ratio, total, model, min_termhood)
        terms = rows["term"]
        least = -terms[top_n - 1][0] - BOUND_MARGIN if len(terms) >= top_n else -math.inf
        above = bounds.at_least(least, ~chosen)
        if not above.any():
            break
        chosen |= above
    return Ranking(rows, int(evaluation.done.sum()), int(chosen.sum()))


class _Bounds:
    """The score bounds of the candidates of a pool (:attr:`CandidatePool.bound`), tightened by the bound of
    their termhood factor (:func:`~analysis.miners.term_bounds.termhood_factor_bounds`) where asked: a
    dictionary lookup per gram, for the candidates of highest bound only."""

    def __init__(
        self, index: WordIndex, pool: CandidatePool, total: int, model: ReferenceModel, min_termhood: float
    ) -> None:
        self.index, self.pool, self.total, self.model, self.min_termhood = (
            index,
            pool,
            total,
            model,
            min_termhood,
        )
        self.value = pool.bound.copy()
        self.tight = np.zeros(len(self.value), dtype=bool)
        self.tight[pool.level_size :] = True  # the nested words keep theirs (inf)
        self.order = np.argsort(-pool.bound[: pool.level_size], kind="stable")

    def tighten(self, numbers: np.ndarray) -> None:
        """Fold the termhood factor's bound into the bounds of the candidates ``numbers`` (level ones):
        ``((cohesion × ln T) × factor) × ln(1 + doc_freq)``, the score's factors in the score's order."""
        numbers = numbers[~self.tight[numbers]]
        if not len(numbers):
            return
        pool = self.pool
        factor = termhood_factor_bounds(
            grams_of(self.index, pool, numbers),
            pool.freq[numbers],
            self.total,
            self.model,
            saturation=TERMHOOD_SATURATION,
            min_termhood=self.min_termhood,
        )
        cohesion = pool.cohesion[numbers]
        with np.errstate(invalid="ignore"):
            value = (cohesion * np.log(pool.freq[numbers].astype(np.float64))) * np.where(
                np.isneginf(factor), 0.0, factor
            )
            value = value * np.log1p(pool.doc_freq[numbers].astype(np.float64))
        value[np.isneginf(factor)] = -np.inf
        self.value[numbers] = np.where(cohesion >= 0, value, self.value[numbers])
        self.tight[numbers] = True

    def highest(self, size: int) -> np.ndarray:
        """A mask of at least ``size`` level candidates, those of highest bound (tightened: the candidates
        are tightened by first bound, until the next one's is below the ``size``-th tightened bound)."""
        order = self.order
        size = min(size, len(order))
        out = np.zeros(len(self.value), dtype=bool)
        if not size:
            return out
        done = 0
        least = -math.inf
        while done < len(order):
            step = max(1, size // 2)
            self.tighten(order[done : done + step])
            done = min(len(order), done + step)
            if done < size:
                continue
            values = self.value[order[:done]]
            least = float(np.partition(values, len(values) - size)[len(values) - size])
            if done < len(order) and self.pool.bound[order[done]] < least:
                break
        out[order[:done]] = self.value[order[:done]] >= least
        return out

    def at_least(self, least: float, among: np.ndarray) -> np.ndarray:
        """A mask of the candidates of ``among`` whose tightened bound is at least ``least``."""
        self.tighten(np.flatnonzero(among & (self.value >= least)))
        return among & (self.value >= least)


def _rows(
    pool: CandidatePool,
    evaluation: Evaluation,
    chosen: np.ndarray,
    found: Hiders,
    ratio: float,
    total: int,
    model: ReferenceModel,
    min_termhood: float,
) -> dict[str, list[Row]]:
    """The rows of the candidates ``chosen`` by kind, ranked, one per string (:func:`one_per_string`): those
    :func:`~analysis.miners.term_pool.maximal` keeps, with termhood above ``min_termhood``."""
    kept = maximal(pool, evaluation, chosen, found, ratio)
    candidates = [evaluation.free[i] for i in kept]
    kinds = [evaluation.kinds[i] or "term" for i in kept]
    by_kind: dict[str, list[Row]] = {"term": [], "name": []}
    # a name is no compound: its own reference probability, not its parts'
    p_refs = reference_probabilities(
        [c.gram for c in candidates], model, parts=[kind == "term" for kind in kinds]
    )
    for candidate, kind, p_ref in zip(candidates, kinds, p_refs, strict=True):
        weird = termhood(candidate.freq, total, p_ref)
        if weird <= min_termhood:
            continue
        score = round(term_score(candidate.cohesion, candidate.entropy, weird, candidate.doc_freq), 6)
        by_kind[kind].append((-score, candidate.text, candidate.freq, candidate.doc_freq))
    return {kind: one_per_string(rows) for kind, rows in by_kind.items()}
