"""What the kind of a term candidate reads of its neighbours: a dozen counts (:class:`NeighbourCounts`).

:func:`~analysis.miners.term_usage.kind_of` asks whether a candidate is used as a predicate (modal words and
adverbial modifiers before it, aspect particles after it, against verbs, prepositions and 的 around it), as
the head of compounds (nominal modifiers before it, nouns after it), as a label (clause edges on both sides)
or as a name (title words and administrative units after it).  Every question is a share of occurrences, so
the neighbours matter only through how many occurrences fall into a few classes of tokens
(:func:`neighbour_classes`).  The counts are read from neighbour tables (:func:`neighbour_counts`: token →
count, as :meth:`~analysis.index.WordIndex.neighbours_of_rows` gives) or, for many candidates at once, from
the occurrences in the word index with numpy (:func:`neighbour_counts_of_rows`): the same integers, so the
same shares.

Why: building a table of neighbours per candidate for 2·10⁴ candidates, then reading it back class by
class, was 0.5 s of the term miner's CPU at 30 MB; the counts over all occurrences take a few bincounts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from analysis.index import WordIndex
from analysis.miners.names import ADMIN_UNITS, TITLE_WORDS
from analysis.miners.shared import word_set
from analysis.scoring import BOUNDARY
from analysis.units import SYMBOLS

__all__ = [
    "ASPECT_PARTICLES",
    "MODAL_WORDS",
    "NeighbourCounts",
    "neighbour_classes",
    "neighbour_counts",
    "neighbour_counts_of_levels",
    "neighbour_counts_of_occurrences",
    "neighbour_counts_of_rows",
]


#: Modal and manner words that put a verb phrase after them (要采取措施, 积极创造条件, 继续保持稳定).  jieba
#: tags most of them ``v`` or ``n`` (要, 继续, 大力, 着力), so the adverb tags alone miss them.
MODAL_WORDS: frozenset[str] = word_set(
    """
    要 能 能够 应 应当 应该 必须 可以 将 会 已 已经 正在 不 没有 需要 继续 努力 积极 大力 切实 认真
    进一步 不断 着力 坚决 力求 争取 逐步 更加 持续 始终 务必 十分 大大 有所
    """
)
#: jieba tags of a left neighbour that modifies a predicate: adverbial adjectives and the particle 地.  Not
#: the adverb tag ``d``: jieba gives it to many modifiers of nouns (自然增长率, 特别行政区); the adverbs that
#: modify predicates are in :data:`MODAL_WORDS`.
PREDICATE_LEFT_TAGS: frozenset[str] = frozenset({"ad", "uv"})
#: Aspect particles: only a verb takes them (超额完成了).
ASPECT_PARTICLES: frozenset[str] = frozenset("了着过")
#: jieba tags of a left neighbour that takes a noun phrase: a verb (its object), a preposition, 的.
NOMINAL_LEFT_TAGS: frozenset[str] = frozenset({"v", "vn", "p", "uj"})
#: Left neighbours that say nothing of the candidate's part of speech (the copula: 是采取措施, 是扩大内需).
NEUTRAL_WORDS: frozenset[str] = frozenset({"是"})
#: jieba tags of a left neighbour that modifies a noun: nouns, nominalised verbs, distinguishing words,
#: adjectives, abbreviations.  Not names nor idiomatic phrases: jieba tags verb phrases such as 严格执行 nr or
#: l.
NOMINAL_MODIFIER_TAGS: frozenset[str] = frozenset({"n", "vn", "b", "a", "an", "nz", "ng", "j"})


class NeighbourCounts(NamedTuple):
    """Occurrences of a candidate by the class of its left and right neighbour (:func:`neighbour_classes`)."""

    left_total: int
    left_boundary: int  #: a clause edge (punctuation, a sentence edge)
    left_predicate: int  #: a modal word or an adverbial modifier: the candidate is a predicate
    left_nominal: int  #: another verb, a preposition or 的: the candidate is a noun phrase
    left_modifier: int  #: a nominal modifier (a noun, an adjective …): the candidate heads a compound
    right_total: int
    right_boundary: int
    right_aspect: int  #: an aspect particle: the candidate is a predicate
    right_particle: int  #: 的: the candidate is a noun phrase
    right_noun: int  #: a noun: the candidate modifies the next noun
    right_title: int  #: a title word (同志, 主席): the candidate is a person's name
    right_unit: int  #: an administrative unit (省, 市): the candidate is a place


#: Number of classes of :func:`neighbour_classes` on each side.
SIDE_CLASSES = 6


def neighbour_classes(token: str, *, tags: Mapping[str, str]) -> tuple[bool, ...]:
    """The classes of ``token`` as a left neighbour (boundary, predicate, nominal, modifier, —, —) and as a
    right neighbour (boundary, aspect, particle, noun, title, unit): :data:`SIDE_CLASSES` flags each.

    Predicate: in :data:`MODAL_WORDS` or tagged :data:`PREDICATE_LEFT_TAGS`; nominal: otherwise tagged
    :data:`NOMINAL_LEFT_TAGS`; the copula (:data:`NEUTRAL_WORDS`) is neither.  Modifier and noun: tagged
    :data:`NOMINAL_MODIFIER_TAGS`.  A clause edge (:data:`~analysis.scoring.BOUNDARY`) is in no other class.
    """
    tag = tags.get(token)
    edge = token == BOUNDARY
    counted = not edge and token not in NEUTRAL_WORDS
    predicate = counted and (token in MODAL_WORDS or tag in PREDICATE_LEFT_TAGS)
    nominal = counted and not predicate and tag in NOMINAL_LEFT_TAGS
    modifier = not edge and tag in NOMINAL_MODIFIER_TAGS
    aspect = token in ASPECT_PARTICLES
    particle = not aspect and token == "的"
    return (
        *(edge, predicate, nominal, modifier, False, False),
        *(edge, aspect, particle, modifier, token in TITLE_WORDS, token in ADMIN_UNITS),
    )


def _counts(left_sums: Sequence[int], right_sums: Sequence[int], left: int, right: int) -> NeighbourCounts:
    return NeighbourCounts(left, *left_sums[:4], right, *right_sums)


def neighbour_counts(
    left: Mapping[str, int], right: Mapping[str, int], *, tags: Mapping[str, str]
) -> NeighbourCounts:
    """:class:`NeighbourCounts` of a candidate's neighbour tables (token → count)."""
    sums = [0] * (2 * SIDE_CLASSES)
    for side, table in ((0, left), (SIDE_CLASSES, right)):
        for token, count in table.items():
            flags = neighbour_classes(token, tags=tags)[side : side + SIDE_CLASSES]
            for k, flag in enumerate(flags):
                if flag:
                    sums[side + k] += count
    return _counts(sums[:SIDE_CLASSES], sums[SIDE_CLASSES:], sum(left.values()), sum(right.values()))


def neighbour_counts_of_rows(
    index: WordIndex, n: int, rows: np.ndarray, *, tags: Mapping[str, str]
) -> list[NeighbourCounts]:
    """:class:`NeighbourCounts` of the n-grams ``rows`` of length ``n`` of ``index``
    (:func:`neighbour_counts_of_levels` of one level)."""
    return neighbour_counts_of_levels(index, {n: rows}, tags=tags)


def neighbour_counts_of_levels(
    index: WordIndex, levels: Mapping[int, np.ndarray], *, tags: Mapping[str, str]
) -> list[NeighbourCounts]:
    """:class:`NeighbourCounts` of the n-grams of each level (n → rows), one after the other: the classes
    of each distinct neighbour once, then one weighted bincount per class over all occurrences (the counts
    are integers, exact in float64 below 2⁵³)."""
    parts = []
    offset = 0
    for n, rows in levels.items():
        owner, left, right, weights, _ = index.both_neighbour_occurrences(n, rows)
        parts.append((owner + offset, left, right, weights))
        offset += len(rows)
    if not parts:
        return []
    owner, left, right, weights = (np.concatenate([part[k] for part in parts]) for k in range(4))
    return neighbour_counts_of_occurrences(index.vocabulary, offset, owner, left, right, weights, tags=tags)


def neighbour_counts_of_occurrences(
    vocabulary: Sequence[str],
    m: int,
    owner: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    weights: np.ndarray,
    *,
    tags: Mapping[str, str],
) -> list[NeighbourCounts]:
    """:class:`NeighbourCounts` of ``m`` candidates from their occurrences (the candidate of each, its left
    and right neighbour as in :meth:`~analysis.index.WordIndex.both_neighbour_occurrences`, its weight): the
    classes of each distinct neighbour once, then one weighted bincount per class (the counts are integers,
    exact in float64 below 2⁵³, whatever the order of the occurrences)."""
    weight = weights.astype(np.float64)
    totals: list[list[int]] = []
    for side, neighbour in ((0, left), (SIDE_CLASSES, right)):
        low = int(neighbour.min()) if len(neighbour) else 0
        present = np.zeros(int(neighbour.max()) - low + 1 if len(neighbour) else 1, dtype=bool)
        present[neighbour - low] = True
        ids = np.flatnonzero(present) + low
        classes = np.zeros((len(present), SIDE_CLASSES), dtype=bool)
        for i in ids.tolist():
            name = vocabulary[i] if i >= 0 else SYMBOLS[-i - 1]
            classes[i - low] = neighbour_classes(name, tags=tags)[side : side + SIDE_CLASSES]
        of = classes[neighbour - low]
        sums = [np.bincount(owner, weights=weight, minlength=m)]
        sums += [np.bincount(owner, weights=weight * of[:, k], minlength=m) for k in range(SIDE_CLASSES)]
        totals.append(np.stack(sums, axis=1).astype(np.int64).tolist())
    return [
        _counts(left_row[1:], right_row[1:], left_row[0], right_row[0])
        for left_row, right_row in zip(totals[0], totals[1], strict=True)
    ]
