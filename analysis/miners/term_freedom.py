"""Which term candidates are free of their contexts: branching entropy of all of them at once, with numpy.

A candidate's contexts on one side (:mod:`~analysis.miners.term_contexts`) are its neighbours in the word
index (:meth:`~analysis.index.WordIndex.neighbour_occurrences`) and the contexts of its uses inside longer
tokens (:func:`~analysis.miners.term_contexts.inner_uses`); on the left, a context that ends a term
(:func:`~analysis.miners.term_shape.boundary_tokens`: a verb) counts as a boundary, like punctuation.  With
``c_k`` the count of context ``k`` and ``T`` the candidate's occurrences, each boundary occurrence counted as
a distinct context of count 1 (:func:`~analysis.scoring.branching_entropy`):

    ``H = ln T − Σ_{k not a boundary} c_k ln c_k / T``

(boundary occurrences add ``(b / T) ln T``, the other contexts ``−Σ (c_k / T) ln(c_k / T)``; together
``ln T − Σ c_k ln c_k / T``).  Why numpy: a candidate list holds ~10⁵ n-grams at 30 MB and the dictionaries of
neighbours built per candidate were a third of the term miner's time; here the occurrences are grouped by
one sort of (candidate, context) keys, and Python touches only the uses inside longer tokens.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from analysis.index import WordIndex
from analysis.miners.term_contexts import InnerUses, inner_uses
from analysis.miners.term_shape import boundary_tokens
from analysis.scoring import BOUNDARY
from analysis.units import SYMBOLS, WordGram

__all__ = ["TermCandidate", "context_entropy", "free_candidates"]


class TermCandidate(NamedTuple):
    """A cohesive n-gram free on both sides: where it is in the index and what the term miner scores."""

    gram: WordGram
    text: str
    freq: int  #: occurrences, with those inside longer tokens
    doc_freq: int
    cohesion: float
    entropy: float  #: min(H_left, H_right), nats
    row: int  #: row in the index level of ``len(gram)`` tokens; -1 for a word found only inside tokens


#: Context id of a boundary occurrence (the code of ``SYMBOLS``' boundary).
BOUNDARY_CODE = -(SYMBOLS.index(BOUNDARY) + 1)


def context_entropy(m: int, owner: np.ndarray, context: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Branching entropy (nats) of each of ``m`` candidates from rows (candidate, context id, count): the
    rows of one candidate and context are summed first; context :data:`BOUNDARY_CODE` is a boundary (see the
    module docstring for the formula).  0 for a candidate without rows."""
    if not len(owner):
        return np.zeros(m)
    low = int(context.min())
    width = int(context.max()) - low + 1
    keys = owner.astype(np.int64) * width + (context.astype(np.int64) - low)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sums = np.add.reduceat(count[order].astype(np.float64), starts)
    group_owner = keys[starts] // width
    plain = keys[starts] % width + low != BOUNDARY_CODE
    total = np.bincount(group_owner, weights=sums, minlength=m)
    spread = np.bincount(group_owner[plain], weights=sums[plain] * np.log(sums[plain]), minlength=m)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = np.where(total > 0, np.log(np.maximum(total, 1.0)) - spread / np.maximum(total, 1.0), 0.0)
    return np.maximum(entropy, 0.0)


def free_candidates(
    index: WordIndex, cohesive: Mapping[tuple[int, int], float], tags: Mapping[str, str], min_entropy: float
) -> list[TermCandidate]:
    """The ``cohesive`` candidates ((n, row) → cohesion) whose left and right branching entropy over their
    contexts is at least ``min_entropy``, in (n, row) order, with ``freq`` and ``doc_freq`` counting their
    uses inside longer tokens (``doc_freq``: the larger of the two document counts, a lower bound)."""
    keys = np.asarray(sorted(cohesive), dtype=np.int64).reshape(-1, 2)
    if not len(keys):
        return []
    vocabulary = index.vocabulary
    rows_of = {n: keys[keys[:, 0] == n, 1] for n in np.unique(keys[:, 0]).tolist()}
    texts = [text for n, rows in rows_of.items() for text in index.strings(n, rows)]
    unique = sorted(set(texts))
    tokens = index.parts(1)[:, 0].tolist()
    uses = inner_uses(
        unique, [vocabulary[t] for t in tokens], index.freq_of(1).tolist(), index.doc_freq_of(1).tolist()
    )
    inner = {text: use for text, use in zip(unique, uses, strict=True) if use.freq}
    lookup = {token: i for i, token in enumerate(vocabulary)}
    entropy = {}
    for side in ("left", "right"):
        neighbours = _neighbour_rows(index, rows_of, side)
        uses_rows, new_strings = _inner_rows(texts, inner, side, lookup)
        owner, context, count = (np.concatenate((a, b)) for a, b in zip(neighbours, uses_rows, strict=True))
        if side == "left":  # a verb before the candidate ends a term: a boundary like punctuation
            context = _boundaries_as_one(context, [*vocabulary, *new_strings], tags)
        entropy[side] = context_entropy(len(keys), owner, context, count)
    freedom = np.minimum(entropy["left"], entropy["right"])
    out: list[TermCandidate] = []
    offset = 0
    for n, rows in rows_of.items():
        free = np.flatnonzero(freedom[offset : offset + len(rows)] >= min_entropy)
        chosen = rows[free]
        grams = [tuple(vocabulary[t] for t in row) for row in index.parts(n)[chosen].tolist()]
        columns = zip(
            grams,
            (free + offset).tolist(),
            chosen.tolist(),
            index.freq_of(n)[chosen].tolist(),
            index.doc_freq_of(n)[chosen].tolist(),
            strict=True,
        )
        for gram, i, row, freq, doc_freq in columns:
            text = texts[i]
            use = inner.get(text)
            if use is not None:
                freq, doc_freq = freq + use.freq, max(doc_freq, use.doc_freq)
            out.append(TermCandidate(gram, text, freq, doc_freq, cohesive[n, row], float(freedom[i]), row))
        offset += len(rows)
    return out


def _neighbour_rows(
    index: WordIndex, rows_of: Mapping[int, np.ndarray], side: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(candidate, neighbour, count) of every occurrence, candidates numbered in (n, row) order."""
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    offset = 0
    for n, rows in rows_of.items():
        owner, neighbour, weights = index.neighbour_occurrences(n, rows, side)
        parts.append((owner + offset, neighbour, weights))
        offset += len(rows)
    return tuple(np.concatenate([part[k] for part in parts]) for k in range(3))  # type: ignore[return-value]


def _inner_rows(
    texts: list[str], inner: Mapping[str, InnerUses], side: str, lookup: Mapping[str, int]
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], list[str]]:
    """(candidate, context, count) of the uses inside longer tokens (``inner``: of the texts having some), and
    the contexts that are no token: a context that is a token of the index gets its id (it merges with that
    neighbour), another string the next id above the vocabulary (``len(lookup) + i`` for the i-th string)."""
    new: dict[str, int] = {}
    owner: list[int] = []
    context: list[int] = []
    count: list[int] = []
    for i, text in enumerate(texts):
        use = inner.get(text)
        if use is None:
            continue
        for string, c in (use.left if side == "left" else use.right).items():
            key = lookup.get(string, -1)
            if key < 0:
                key = new.setdefault(string, len(lookup) + len(new))
            owner.append(i)
            context.append(key)
            count.append(c)
    arrays = (
        np.asarray(owner, dtype=np.int64),
        np.asarray(context, dtype=np.int64),
        np.asarray(count, dtype=np.int64),
    )
    return arrays, list(new)


def _boundaries_as_one(context: np.ndarray, strings: list[str], tags: Mapping[str, str]) -> np.ndarray:
    """``context`` with every context that ends a term (:func:`~analysis.miners.term_shape.boundary_tokens`;
    ids ≥ 0 name ``strings``, negative ones ``SYMBOLS``) replaced by :data:`BOUNDARY_CODE`; verdicts only for
    the contexts met."""
    if not len(context):
        return context
    low = int(context.min())
    met = np.zeros(int(context.max()) - low + 1, dtype=bool)
    met[context - low] = True
    ids = (np.flatnonzero(met) + low).tolist()
    names = [strings[i] if i >= 0 else SYMBOLS[-i - 1] for i in ids]
    ends = boundary_tokens(names, tags=tags)
    boundary = np.zeros(len(met), dtype=bool)
    boundary[[i - low for i, name in zip(ids, names, strict=True) if name in ends]] = True
    return np.where(boundary[context - low], BOUNDARY_CODE, context)
