"""How high a term candidate can score before it is scored, and which longer candidates can hide it.

The term score (:func:`~analysis.miners.terms.term_score`) is ``cohesion × H × min(1, termhood / 7) ×
ln(1 + doc_freq)``, with ``H = min(H_left, H_right)`` the branching entropy over the candidate's ``T``
occurrences (its contexts in the index and inside longer tokens, :mod:`~analysis.miners.term_freedom`).
Every context count is an integer ``c ≥ 1``, so ``H_left = ln T − Σ c ln c / T ≤ ln T``, and the termhood
factor is at most 1: with ``cohesion ≥ 0``,

    ``score ≤ bound = cohesion × ln T × ln(1 + doc_freq)``  (:func:`score_bounds`)

where ``T`` is the candidate's frequency (uses inside longer tokens included: each occurrence has one left
context).  The bound holds for the floats too: the entropy is computed as ``ln T − s / T`` with ``s ≥ 0``,
so it is at most the float ``ln T``; the score multiplies the same factors in the same order with one more
factor at most 1, and a product of non-negative floats rounded to nearest is monotonic in each factor.

The termhood factor has a bound too (:func:`termhood_factor_bounds`), read from the dictionary:
``((cohesion × ln T) × min(1, termhood⁺ / 7)) × ln(1 + doc_freq)`` is a tighter bound, ``termhood⁺`` the
termhood of the candidate taken as a name (its own reference probability: the least of the two kinds').

Why: a bound needs only the index's counts, the cohesion and the dictionary, so the term miner scores
first the candidates of highest bound, and stops as soon as no candidate left can reach its ranking (of
2·10⁵ cohesive candidates at 30 MB, ~6 000 have a bound above the 300th term's score, ~2 000 a tightened
one).

A candidate's row also depends on longer candidates that contain it as a string (a part inside a longer
term with ``>= ratio ×`` its occurrences is dropped): :func:`proper_containers` finds them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from ahocorasick_rs import AhoCorasick, MatchKind

from analysis.miners.termhood import ReferenceModel, reference_probabilities

__all__ = ["JoinedTexts", "proper_containers", "score_bounds", "termhood_factor_bounds"]


def score_bounds(cohesion: np.ndarray, freq: np.ndarray, doc_freq: np.ndarray) -> np.ndarray:
    """``(cohesion × ln freq) × ln(1 + doc_freq)`` of each candidate (see the module docstring): no score
    above it; ``inf`` where the cohesion is negative or NaN (a scorer's own units: no bound)."""
    with np.errstate(invalid="ignore"):
        value = (cohesion * np.log(freq.astype(np.float64))) * np.log1p(doc_freq.astype(np.float64))
        return np.where(cohesion >= 0, value, np.inf)


class JoinedTexts(NamedTuple):
    """Texts joined by newlines once, to look for patterns in them many times (:func:`proper_containers`):
    the joined string, where each text starts in it and its length; ``clean`` when no text holds a newline
    (else the texts are searched one by one)."""

    texts: Sequence[str]
    joined: str
    starts: np.ndarray
    lengths: np.ndarray
    clean: bool

    @classmethod
    def of(cls, texts: Sequence[str]) -> JoinedTexts:
        joined = "\n".join(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        starts = np.cumsum(lengths + 1) - (lengths + 1)
        return cls(texts, joined, starts, lengths, joined.count("\n") == max(0, len(texts) - 1))


#: Added to a termhood bound: ``ln`` of the float library need not be monotonic to the last bit.
TERMHOOD_SLACK = 1e-9


def termhood_factor_bounds(
    grams: Sequence[Sequence[str]],
    freq: np.ndarray,
    total: int,
    model: ReferenceModel,
    *,
    saturation: float,
    min_termhood: float,
) -> np.ndarray:
    """An upper bound of the termhood factor ``min(1, termhood / saturation)`` of each gram seen ``freq``
    times among ``total`` running words, whatever its kind, at least 0 (a negative factor scores at most 0);
    ``-inf`` where its termhood is at most ``min_termhood`` whatever its kind (it makes no row).

    A term's reference probability is the larger of its own and its parts' estimate, a name's its own
    (:func:`~analysis.miners.termhood.reference_probabilities` with ``parts``): without the parts it is
    the least, so ``termhood = ln(freq / total / p_ref)`` the largest.
    """
    p_refs = reference_probabilities(grams, model, parts=[False] * len(grams))
    out = np.empty(len(grams))
    for k, (f, p_ref) in enumerate(zip(freq.tolist(), p_refs, strict=True)):
        high = math.log(f / total / p_ref) + TERMHOOD_SLACK
        out[k] = -math.inf if high <= min_termhood else max(0.0, min(1.0, high / saturation))
    return out


def proper_containers(
    patterns: Sequence[str], texts: JoinedTexts, reach: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``(pattern, text)`` index pairs where the non-empty ``patterns[i]`` is a proper substring of the
    text ``j`` (shorter than it) among the first ``reach`` of ``texts`` (all when None), each once, ordered
    by text, then pattern.

    How: one Aho–Corasick automaton over the patterns, run once over the joined texts, every match mapped to
    its text by where it starts.  Why not :func:`~analysis.miners.term_contexts.substring_pair_arrays` over
    all the strings: here a few thousand patterns are looked for in 10⁵ texts, and only the pairs of a pattern
    and a text are wanted.
    """
    empty = np.zeros(0, dtype=np.int64)
    count = len(texts.texts) if reach is None else min(reach, len(texts.texts))
    if not patterns or not count:
        return empty, empty
    automaton = AhoCorasick(list(patterns), matchkind=MatchKind.Standard)
    if texts.clean and not any("\n" in pattern for pattern in patterns):
        end = int(texts.starts[count - 1] + texts.lengths[count - 1])
        matches = automaton.find_matches_as_indexes(texts.joined[:end], overlapping=True)
        found = np.asarray(matches, dtype=np.int64).reshape(-1, 3)
        text = np.searchsorted(texts.starts, found[:, 1], side="right") - 1
    else:  # no separator to join them with: text by text
        rows = [
            (i, start, stop, j)
            for j, string in enumerate(texts.texts[:count])
            for i, start, stop in automaton.find_matches_as_indexes(string, overlapping=True)
        ]
        table = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
        found, text = table[:, :3], table[:, 3]
    proper = found[:, 2] - found[:, 1] < texts.lengths[text]
    keys = np.unique(text[proper] * len(patterns) + found[proper, 0])
    return keys % len(patterns), keys // len(patterns)
