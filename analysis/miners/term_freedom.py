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

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from analysis.index import WordIndex
from analysis.miners.term_cohesion import CohesiveLevel
from analysis.miners.term_contexts import InnerUses, inner_use_table
from analysis.miners.term_shape import boundary_tokens
from analysis.scoring import BOUNDARY
from analysis.units import SYMBOLS, WordGram

__all__ = [
    "InnerContexts",
    "Occurrences",
    "TermCandidate",
    "context_entropy",
    "free_candidates",
    "free_level_candidates",
    "inner_contexts",
    "inner_users",
    "level_entropies",
    "level_occurrences",
]


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
    module docstring for the formula).  0 for a candidate without rows.

    Boundary rows only add to ``T``; the other rows are grouped by one sort of the keys
    ``candidate × width + context``, with the count packed in the low bits when it fits 64 bits (a sort of
    values is about twice as fast as an argsort).  The counts are integers (exact in float64), so neither
    their sums nor ``T`` depend on the order; ``Σ c_k ln c_k`` is summed in key order, as before.
    """
    if not len(owner):
        return np.zeros(m)
    owner = owner.astype(np.int64)
    counts = count.astype(np.int64)
    edge = context == BOUNDARY_CODE
    total = np.bincount(owner[edge], weights=counts[edge], minlength=m).astype(np.float64)  # (int if none)
    plain = ~edge
    owner, context, counts = owner[plain], context[plain].astype(np.int64), counts[plain]
    spread = np.zeros(m)
    if len(owner):
        low = int(context.min())
        width = int(context.max()) - low + 1
        keys = owner * width + (context - low)
        bits = max(1, int(counts.max()).bit_length())
        if int(counts.min()) >= 0 and int(keys.max()).bit_length() + bits <= 63:
            packed = np.sort((keys << bits) | counts)
            keys, counts = packed >> bits, packed & ((1 << bits) - 1)
        else:
            order = np.argsort(keys, kind="stable")
            keys, counts = keys[order], counts[order]
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        sums = np.add.reduceat(counts, starts).astype(np.float64)
        group_owner = keys[starts] // width
        total += np.bincount(group_owner, weights=sums, minlength=m)
        spread = np.bincount(group_owner, weights=sums * np.log(sums), minlength=m)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = np.where(total > 0, np.log(np.maximum(total, 1.0)) - spread / np.maximum(total, 1.0), 0.0)
    return np.maximum(entropy, 0.0)


def free_candidates(
    index: WordIndex, cohesive: Mapping[tuple[int, int], float], tags: Mapping[str, str], min_entropy: float
) -> list[TermCandidate]:
    """The ``cohesive`` candidates ((n, row) → cohesion) whose left and right branching entropy over their
    contexts is at least ``min_entropy``, in (n, row) order, with ``freq`` and ``doc_freq`` counting their
    uses inside longer tokens (``doc_freq``: the larger of the two document counts, a lower bound):
    :func:`free_level_candidates` of the mapping cut into levels."""
    keys = sorted(cohesive)
    levels = {
        n: CohesiveLevel(
            np.asarray([row for m, row in keys if m == n], dtype=np.int64),
            np.asarray([cohesive[m, row] for m, row in keys if m == n], dtype=np.float64),
        )
        for n in sorted({n for n, _ in keys})
    }
    return free_level_candidates(index, levels, tags, min_entropy)


def free_level_candidates(
    index: WordIndex, levels: Mapping[int, CohesiveLevel], tags: Mapping[str, str], min_entropy: float
) -> list[TermCandidate]:
    """:func:`free_candidates` of the cohesive n-grams of each level (n → rows ascending and cohesion)."""
    levels = {n: level for n, level in sorted(levels.items()) if len(level.rows)}
    if not levels:
        return []
    vocabulary = index.vocabulary
    by_id = np.asarray(vocabulary, dtype=object)  # the candidates' tokens by one fancy index per level
    words = [row for n, level in levels.items() for row in by_id[index.parts(n)[level.rows]].tolist()]
    texts = list(map("".join, words))
    users = inner_users(index, texts)
    freedom = level_entropies(index, levels, inner_contexts(users, vocabulary), tags)
    out: list[TermCandidate] = []
    place: dict[int, int] = {}  # candidate → its place in out
    offset = 0
    for n, level in levels.items():
        free = np.flatnonzero(freedom[offset : offset + len(level.rows)] >= min_entropy)
        chosen = level.rows[free]
        numbers = (free + offset).tolist()
        place.update((i, len(out) + k) for k, i in enumerate(numbers))
        columns = zip(
            map(tuple, map(words.__getitem__, numbers)),
            map(texts.__getitem__, numbers),
            index.freq_of(n)[chosen].tolist(),
            index.doc_freq_of(n)[chosen].tolist(),
            level.values[free].tolist(),
            freedom[free + offset].tolist(),
            chosen.tolist(),
            strict=True,
        )
        out.extend(map(TermCandidate._make, columns))
        offset += len(level.rows)
    for i, use in users:  # uses inside longer tokens add to the counts
        if i in place:
            c = out[place[i]]
            out[place[i]] = c._replace(freq=c.freq + use.freq, doc_freq=max(c.doc_freq, use.doc_freq))
    return out


def inner_users(
    index: WordIndex, texts: Sequence[str], where: Callable[[str], list[int]] | None = None
) -> list[tuple[int, InnerUses]]:
    """The candidates (numbers in ``texts``) used inside longer indexed tokens, in order, with those uses
    (:func:`~analysis.miners.term_contexts.inner_use_table`); ``where``: the numbers of a text in ``texts``
    (instead of a pass over them all: 10³ texts have inner uses among 10⁵)."""
    vocabulary = index.vocabulary
    tokens = [vocabulary[t] for t in index.parts(1)[:, 0].tolist()]
    table = inner_use_table(texts, tokens, index.freq_of(1).tolist(), index.doc_freq_of(1).tolist())
    inner = {text: use for text, use in table.items() if use.freq}
    if where is None:
        return [(i, inner[text]) for i, text in enumerate(texts) if text in inner]
    return sorted((i, use) for text, use in inner.items() for i in where(text))


class InnerContexts(NamedTuple):
    """The contexts of the candidates' uses inside longer tokens, a side each: rows (candidate, context id,
    count) (:func:`_inner_rows`) and the strings of the context ids above the vocabulary, in id order."""

    left: tuple[np.ndarray, np.ndarray, np.ndarray]
    right: tuple[np.ndarray, np.ndarray, np.ndarray]
    left_strings: list[str]
    right_strings: list[str]

    def of(self, chosen: np.ndarray) -> InnerContexts:
        """The rows of the candidates ``chosen`` (ascending numbers), renumbered by their place there; the
        context ids (and so the order of a candidate's contexts) stay those of all the candidates."""
        sides = []
        for owner, context, count in (self.left, self.right):
            kept = np.isin(owner, chosen)
            sides.append((np.searchsorted(chosen, owner[kept]), context[kept], count[kept]))
        return InnerContexts(sides[0], sides[1], self.left_strings, self.right_strings)


def inner_contexts(users: list[tuple[int, InnerUses]], vocabulary: Sequence[str]) -> InnerContexts:
    """:class:`InnerContexts` of the candidates ``users`` (number, uses inside longer tokens), a context that
    is a token of ``vocabulary`` under its id."""
    lookup = {token: i for i, token in enumerate(vocabulary)}
    left, left_strings = _inner_rows(users, "left", lookup)
    right, right_strings = _inner_rows(users, "right", lookup)
    return InnerContexts(left, right, left_strings, right_strings)


class Occurrences(NamedTuple):
    """Every occurrence of some n-grams of one length (:meth:`~analysis.index.WordIndex.
    both_neighbour_occurrences`): the candidate's number, its left and right neighbour, the weight and the
    stream position of each."""

    owner: np.ndarray
    left: np.ndarray
    right: np.ndarray
    weights: np.ndarray
    positions: np.ndarray


def level_occurrences(index: WordIndex, levels: Mapping[int, CohesiveLevel]) -> dict[int, Occurrences]:
    """The :class:`Occurrences` of the candidates of each level, numbered in (n, row) order (one pass over
    the index per level: what the entropies and the neighbour counts of the kinds both read)."""
    out: dict[int, Occurrences] = {}
    offset = 0
    for n, level in levels.items():
        owner, left, right, weights, positions = index.both_neighbour_occurrences(n, level.rows)
        out[n] = Occurrences(owner + offset, left, right, weights, positions)
        offset += len(level.rows)
    return out


def level_entropies(
    index: WordIndex,
    levels: Mapping[int, CohesiveLevel],
    inner: InnerContexts,
    tags: Mapping[str, str],
    occurrences: Mapping[int, Occurrences] | None = None,
) -> np.ndarray:
    """``min(H_left, H_right)`` of the candidates of ``levels`` (numbered in (n, row) order), over their
    neighbours in the index and their contexts inside longer tokens ``inner`` (numbered alike).

    A candidate's entropy depends only on its own rows, whose contexts have the same ids (so the same order
    in :func:`context_entropy`) whichever other candidates are asked with it: the same float for a candidate
    asked alone or among all.  ``occurrences``: theirs, when already read (:func:`level_occurrences`)."""
    vocabulary = index.vocabulary
    m = sum(len(level.rows) for level in levels.values())
    neighbours = _neighbour_rows(
        index, level_occurrences(index, levels) if occurrences is None else occurrences
    )
    entropy = {}
    for side, uses_rows, new_strings in (
        ("left", inner.left, inner.left_strings),
        ("right", inner.right, inner.right_strings),
    ):
        arrays = (neighbours[side], uses_rows)
        owner, context, count = (np.concatenate((a, b)) for a, b in zip(*arrays, strict=True))
        if side == "left":  # a verb before the candidate ends a term: a boundary like punctuation
            context = _boundaries_as_one(context, [*vocabulary, *new_strings], tags)
        entropy[side] = context_entropy(m, owner, context, count)
    return np.minimum(entropy["left"], entropy["right"])


def _neighbour_rows(
    index: WordIndex, occurrences: Mapping[int, Occurrences]
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Side → (candidate, neighbour, count) of the occurrences of each level, the occurrences of one indexed
    (n + 1)-gram (the candidate and that neighbour) as one row (:func:`_merged_by_extension`)."""
    parts: dict[str, list[tuple[np.ndarray, ...]]] = {"left": [], "right": []}
    lengths = set(index.lengths())
    for n, (owner, left, right, weights, positions) in occurrences.items():
        for side, neighbour, start in (("left", left, positions - 1), ("right", right, positions)):
            extension = index.rows_at(n + 1)[start] if n + 1 in lengths else None
            parts[side].append(_merged_by_extension(owner, neighbour, weights, extension))
    return {
        side: tuple(np.concatenate([part[k] for part in rows]) for k in range(3))  # type: ignore[misc]
        for side, rows in parts.items()
    }


def _merged_by_extension(
    owner: np.ndarray, neighbour: np.ndarray, weights: np.ndarray, extension: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(owner, neighbour, count) rows of occurrences, those whose (n + 1)-gram with the neighbour is indexed
    (``extension``: its row, or -1) summed into one row per (n + 1)-gram, the others one row each.

    Why: an (n + 1)-gram is one n-gram and one neighbour, so its occurrences are one group of
    :func:`context_entropy`; summed by a bincount over the (n + 1)-grams beforehand, they halve the rows to
    sort there (2.3·10⁶ → 1.1·10⁶ a side at 30 MB).  The counts are integers: the sums are the same.
    """
    counts = weights.astype(np.int64)
    if extension is None or not len(extension):
        return owner, neighbour, counts
    merged = extension >= 0
    rows = extension[merged].astype(np.int64)
    if not len(rows):
        return owner, neighbour, counts
    sums = np.bincount(rows, weights=counts[merged], minlength=int(rows.max()) + 1)
    some = np.full(len(sums), -1, dtype=np.int64)
    some[rows] = np.flatnonzero(merged)  # one occurrence of each (n + 1)-gram: its owner and neighbour
    distinct = np.flatnonzero(some >= 0)
    at, alone = some[distinct], ~merged
    return (
        np.concatenate((owner[at], owner[alone])),
        np.concatenate((neighbour[at], neighbour[alone])),
        np.concatenate((sums[distinct].astype(np.int64), counts[alone])),
    )


def _inner_rows(
    users: list[tuple[int, InnerUses]], side: str, lookup: Mapping[str, int]
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], list[str]]:
    """(candidate, context, count) of the uses inside longer tokens (``users``: the candidates having some, in
    order, with their uses), and the contexts that are no token: a context that is a token of the index gets
    its id (it merges with that neighbour), another string the next id above the vocabulary
    (``len(lookup) + i`` for the i-th string)."""
    new: dict[str, int] = {}
    owner: list[int] = []
    context: list[int] = []
    count: list[int] = []
    for i, use in users:
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
