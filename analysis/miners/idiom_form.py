"""The form of a four-character set phrase, against a compositional compound of two free words.

A set phrase (风清气正, 提质增效, 真抓实干, 精准施策) is a unit by its form: a 成语 or
习用语 of the dictionary, coordinated halves in a parallel shape (共建共享, 一企一策), a
coordination of two predicates (监测预警, 培育壮大), or a bound half (施策, 增效: not a word
that combines freely).  A compound whose two halves are each free words combining with many
partners is compositional, built for the occasion rather than reused as a unit: a modifier and
its head (线上服务, 强省建设), an adverbial and its verb (精准配送, 精准预测: 精准 opens 47
four-character strings of a policy corpus, 配送 closes 13).

A coordination needs both halves to act as predicates in the corpus, not only in the dictionary's tags:
jieba tags 临床, 横向 as verbs, yet the corpus uses them only as modifiers (临床试验, 横向集成), never to
close a clause as 监测 or 预警 do (加强监测。).  :func:`clause_final_shares` reads that from the candidates'
right neighbours (:data:`MIN_CLAUSE_FINAL_SHARE`).

Productivity is read from the candidates themselves (:func:`half_partners`): the four-character strings of
the character index that line up with token boundaries and pass the frequency bar, distinct by
construction, so the partners of a first half are the rows that open with it.  One ``np.unique`` per side
over the candidates' halves: no pass over the corpus.  Weighted by the candidates' frequencies
(:func:`half_uses`) the same query says how much of a half's use a candidate takes (:func:`cohesion`): two
productive halves mostly used apart, in a string that seldom ends its clause, are a loose compound whatever
the form (:func:`loose_compound`: 集成优化等, 算力算法数据).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

__all__ = [
    "ADVERBIAL_HALF_TAGS",
    "BOUND_NONWORD_PARTNERS",
    "LOOSE_MAX_CLOSED_SHARE",
    "LOOSE_MAX_COHESION",
    "MIN_CLAUSE_EVIDENCE",
    "MIN_CLAUSE_FINAL_SHARE",
    "MIN_PARTNERS",
    "NAME_HALF_MIN_FREQ",
    "NAME_HALF_TAGS",
    "NOUN_HALF_TAGS",
    "PREDICATE_HALF_TAGS",
    "SET_PHRASE_TAGS",
    "USED_UNIT_MAX_PARTNERS",
    "USED_UNIT_MIN_DOC_SHARE",
    "HalfPartners",
    "clause_final_shares",
    "cohesion",
    "compositional",
    "half_partners",
    "half_uses",
    "has_set_form",
    "is_lexical",
    "is_parallel",
    "loose_compound",
    "name_modifier",
    "predicate_coordination",
]

#: Dictionary tags of four-character set phrases: 成语 and 习用语.
SET_PHRASE_TAGS: frozenset[str] = frozenset({"i", "l"})
#: Tags of a half that is a predicate (verb, verbal noun, adjective, adverbial verb): two such halves are a
#: coordination (监测预警, 优化升级, 培育壮大), a unit of the genre even though both halves are free.
PREDICATE_HALF_TAGS: frozenset[str] = frozenset({"v", "vn", "vd", "a", "an", "ad"})
#: A half that opens (first half) or closes (second half) at least this many distinct candidates is a
#: free, productive word of the corpus.  3: two partners are often the two members of one pair of set
#: phrases (简政放权, 简政放…), three are a pattern.
MIN_PARTNERS = 3
#: Two halves that are no words of general Chinese (not in the dictionary) are bound morphemes of the
#: genre's frames when each has fewer partners than this (稳中 of 稳中求进/稳中向好/稳中有进, 向好): a
#: coinage heading a family of technical compounds (运维, 算力, 线上) combines with many more.
BOUND_NONWORD_PARTNERS = 2 * MIN_PARTNERS
#: Share of the reports from which a compound of two productive dictionary words is a formulation of the
#: genre rather than a combination of the occasion: about one report in fifteen uses it as it stands
#: (精准扶贫 in 6 of 76 national reports, 临时救助 in 7), where a free combination stays with the few
#: documents of its topic.
USED_UNIT_MIN_DOC_SHARE = 0.065
#: The used-unit exemption holds while one of the two halves makes fewer than this many candidates: a
#: formulation stands out among the few combinations of its words (精准 8 and 扶贫 15 in the national
#: reports), while two halves that each make dozens (实时 42, 监测 67 in a policy corpus) are a free
#: modifier and a free head whose wide use follows the topic of the corpus.
USED_UNIT_MAX_PARTNERS = 4 * MIN_PARTNERS
#: Name tags of jieba (person, place), which it also gives common nouns learnt from names (智慧 nr, 道德 nr,
#: 伦理 ns, 城市 ns, 深度 ns; see :func:`name_modifier`).
NAME_HALF_TAGS: frozenset[str] = frozenset({"nr", "ns", "nrt", "nrfg"})
#: Tags of a nominal half (a noun or a name).
NOUN_HALF_TAGS: frozenset[str] = frozenset({"n", "nz", "ng", "j"}) | NAME_HALF_TAGS
#: Least dictionary frequency of a name-tagged half for :func:`name_modifier`: rarer entries (克难 3 in
#: 攻坚克难) are no evidence.
NAME_HALF_MIN_FREQ = 100

#: A candidate whose two productive halves each occur mostly without the other (:func:`cohesion` below
#: this) is a loose compound when it also closes a clause in under :data:`LOOSE_MAX_CLOSED_SHARE` of its
#: occurrences (:func:`loose_compound`).  0.08: the set phrases of the genre built from productive words
#: take a tenth or more of one half's uses (持续优化 0.10, 试验验证 0.29, 监测预警 0.24).
LOOSE_MAX_COHESION = 0.08
#: See :data:`LOOSE_MAX_COHESION`: a coordination of verbs ends clauses (优化升级 0.93, 融合共享 0.83 of
#: its uses), a compound inside a longer noun phrase or list rarely (集成接口规范, 集成优化等).
LOOSE_MAX_CLOSED_SHARE = 0.25


#: Least share of a predicate half's uses (as the end of a candidate) that close a clause: a verb of the
#: genre ends a clause now and then (监测 0.35, 优化 0.42, 驾驶 0.10, 开拓 0.05 of their uses), a modifier
#: that jieba tags as a verb almost never (临床 2 of 46, 横向 0 of 9).
MIN_CLAUSE_FINAL_SHARE = 0.05
#: Least occurrences (of candidates ending with a half) for :data:`MIN_CLAUSE_FINAL_SHARE` to say anything.
MIN_CLAUSE_EVIDENCE = 5
#: Tags of an adverbial half (持续, 切实): it modifies the verb after it and closes no clause by nature.
ADVERBIAL_HALF_TAGS: frozenset[str] = frozenset({"vd", "ad", "d"})


def clause_final_shares(
    grams: Sequence[str],
    closed: Sequence[int],
    total: Sequence[int],
    *,
    min_evidence: int = MIN_CLAUSE_EVIDENCE,
) -> dict[str, float]:
    """Share of the uses of each second half ``b`` that close a clause: ``Σ closed(g) / Σ total(g)`` over
    the candidates ``g`` ending with ``b`` (``closed``: occurrences followed by punctuation or a sentence
    edge, ``total``: all occurrences), for halves with ``Σ total >= min_evidence``.  Why the end of other
    candidates: the character index holds four-character strings only, and a half closing a clause is last
    in the string its two left neighbours make."""
    closes: dict[str, int] = {}
    uses: dict[str, int] = {}
    for gram, c, t in zip(grams, closed, total, strict=True):
        closes[gram[2:]] = closes.get(gram[2:], 0) + c
        uses[gram[2:]] = uses.get(gram[2:], 0) + t
    return {half: closes[half] / n for half, n in uses.items() if n >= min_evidence}


def predicate_coordination(
    gram: str,
    *,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
    clause_final: Mapping[str, float] | None = None,
    min_share: float = MIN_CLAUSE_FINAL_SHARE,
) -> bool:
    """Whether ``gram`` coordinates two predicates (监测预警, 培育壮大): both halves tagged
    :data:`PREDICATE_HALF_TAGS`, and each half that is no adverbial (:data:`ADVERBIAL_HALF_TAGS`) closes a
    clause in ``>= min_share`` of its uses when ``clause_final`` (:func:`clause_final_shares`) knows it."""
    tags = [_half_tag(half, word_freq, word_tags) for half in (gram[:2], gram[2:])]
    if not all(tag in PREDICATE_HALF_TAGS for tag in tags):
        return False
    known = clause_final or {}
    return all(
        tag in ADVERBIAL_HALF_TAGS or known.get(half, 1.0) >= min_share
        for half, tag in zip((gram[:2], gram[2:]), tags, strict=True)
    )


class HalfPartners(NamedTuple):
    """How many distinct candidates each two-character half opens (``first``) and closes (``second``)."""

    first: Mapping[str, int]
    second: Mapping[str, int]


def half_partners(grams: Sequence[str]) -> HalfPartners:
    """Partners of each half over distinct four-character ``grams``: ``first[a] = |{g : g[:2] = a}|``,
    ``second[b] = |{g : g[2:] = b}|`` (each gram counted once)."""
    if not grams:
        return HalfPartners({}, {})
    firsts, first_counts = np.unique(np.asarray([g[:2] for g in grams]), return_counts=True)
    seconds, second_counts = np.unique(np.asarray([g[2:] for g in grams]), return_counts=True)
    return HalfPartners(
        dict(zip(firsts.tolist(), first_counts.tolist(), strict=True)),
        dict(zip(seconds.tolist(), second_counts.tolist(), strict=True)),
    )


def half_uses(grams: Sequence[str], freqs: Sequence[int]) -> HalfPartners:
    """Occurrences of each half over distinct four-character ``grams`` of frequencies ``freqs``:
    ``first[a] = Σ freq(g) over g[:2] = a``, ``second[b] = Σ freq(g) over g[2:] = b`` (the token-weighted
    :func:`half_partners`; one ``np.unique`` and one ``np.bincount`` per side)."""
    if not grams:
        return HalfPartners({}, {})
    weights = np.asarray(freqs, dtype=np.int64)
    sides = []
    for halves in ([g[:2] for g in grams], [g[2:] for g in grams]):
        keys, inverse = np.unique(np.asarray(halves), return_inverse=True)
        totals = np.bincount(inverse, weights=weights, minlength=len(keys)).astype(np.int64)
        sides.append(dict(zip(keys.tolist(), totals.tolist(), strict=True)))
    return HalfPartners(sides[0], sides[1])


def cohesion(gram: str, freq: int, uses: HalfPartners) -> float:
    """``max(freq / first[a], freq / second[b])`` for the halves ``a``, ``b`` of ``gram`` (``uses`` from
    :func:`half_uses`): the larger share of one half's uses that ``gram`` takes, 1 when a half occurs in
    ``gram`` only (因地制宜), near 0 when both halves are mostly used with other partners (集成优化 0.05:
    集成 and 优化 each occur some 400 times in the other candidates of a policy corpus)."""
    first, second = uses.first.get(gram[:2], 0), uses.second.get(gram[2:], 0)
    return max(freq / first if first else 1.0, freq / second if second else 1.0)


def loose_compound(
    gram: str,
    *,
    freq: int,
    closed: int,
    partners: HalfPartners,
    uses: HalfPartners,
    min_partners: int = MIN_PARTNERS,
    max_cohesion: float = LOOSE_MAX_COHESION,
    max_closed_share: float = LOOSE_MAX_CLOSED_SHARE,
) -> bool:
    """Whether ``gram`` is a loose compound of two productive words, whatever its form: both halves open
    (first) or close (second) ``>= min_partners`` candidates, :func:`cohesion` ``< max_cohesion`` (each half
    is mostly used without the other) and ``closed`` (occurrences followed by punctuation or a sentence
    edge) ``< max_closed_share × freq`` (the compound is mostly a part of a longer phrase: 集成接口规范,
    集成优化等, 算力算法数据).  Why the form does not exempt it: two free words sharing a character
    (算力 + 算法) look parallel without being coordinated halves of a formula, and two verbs (集成, 优化)
    look like a coordination; a set phrase of the genre takes a larger share of one of its halves, or ends
    its clause."""
    if partners.first.get(gram[:2], 0) < min_partners or partners.second.get(gram[2:], 0) < min_partners:
        return False
    return cohesion(gram, freq, uses) < max_cohesion and closed < max_closed_share * freq


def name_modifier(
    gram: str,
    partners: HalfPartners,
    *,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
    min_partners: int = MIN_PARTNERS,
    min_freq: int = NAME_HALF_MIN_FREQ,
) -> bool:
    """Whether ``gram`` is a noun compound headed by a productive name-tagged modifier: no set form
    (:func:`has_set_form`), the first half a dictionary word of frequency ``>= min_freq`` tagged as a name
    (:data:`NAME_HALF_TAGS`) that opens ``>= min_partners`` candidates, and the second half a noun or name
    (:data:`NOUN_HALF_TAGS`) or no dictionary word.

    Why: jieba tags common nouns learnt from names as names (智慧 nr, 伦理 ns, 城市 ns), and such a noun
    opening many strings of the corpus (智慧 opens 76 of a policy corpus: 智慧交通, 智慧养老 …) is a free
    modifier, its compounds (智慧文旅, 伦理道德) built for the occasion, however rare the head (文旅 is in
    two strings only, so :func:`compositional` cannot call it productive).  A name-tagged half with one
    partner is no modifier (治国 of 治国理政, jieba's ns), nor one before a verb (练兵备战: 练兵 nr).
    """
    if has_set_form(gram, word_freq=word_freq, word_tags=word_tags):
        return False
    first, second = gram[:2], gram[2:]
    if word_freq.get(first, 0) < min_freq or word_tags.get(first) not in NAME_HALF_TAGS:
        return False
    if partners.first.get(first, 0) < min_partners:
        return False
    return not word_freq.get(second) or word_tags.get(second) in NOUN_HALF_TAGS


def is_parallel(gram: str) -> bool:
    """ABAC, ABCB or ABCA patterns (同心同德, 大案要案, 港人治港): coordinated halves."""
    return gram[0] == gram[2] or gram[1] == gram[3] or gram[0] == gram[3]


def has_set_form(gram: str, *, word_freq: Mapping[str, int], word_tags: Mapping[str, str]) -> bool:
    """Whether ``gram`` has the form of a set phrase whatever its use: a dictionary 成语/习用语 or a
    parallel shape (:func:`is_parallel`)."""
    return (bool(word_freq.get(gram)) and word_tags.get(gram) in SET_PHRASE_TAGS) or is_parallel(gram)


def is_lexical(gram: str, *, word_freq: Mapping[str, int]) -> bool:
    """Whether the four characters are a word of the dictionary (any tag: 降本增效, 节能降耗, 保驾护航):
    a unit of general Chinese, not a coinage of one or two documents."""
    return bool(word_freq.get(gram))


def _half_tag(half: str, word_freq: Mapping[str, int], word_tags: Mapping[str, str]) -> str | None:
    return word_tags.get(half) if word_freq.get(half) else None


def compositional(
    gram: str,
    partners: HalfPartners,
    *,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
    doc_share: float = 0.0,
    min_partners: int = MIN_PARTNERS,
    nonword_partners: int = BOUND_NONWORD_PARTNERS,
    used_unit_share: float = USED_UNIT_MIN_DOC_SHARE,
    used_unit_partners: int = USED_UNIT_MAX_PARTNERS,
    clause_final: Mapping[str, float] | None = None,
) -> bool:
    """Whether ``gram`` is a compound of two free words rather than a set phrase.

    False when ``gram`` has a set form (:func:`has_set_form`), its halves are a coordination of two
    predicates (:func:`predicate_coordination`, with ``clause_final``), or both halves are strings the
    dictionary does not list with fewer than ``nonword_partners`` partners each (bound morphemes: 稳中向好).
    Otherwise true when
    both halves are free, opening (first) or closing (second) ``>= min_partners`` candidates, and the
    compound is not used as a unit: two dictionary words used together in ``doc_share >= used_unit_share``
    of the reports, one of them with fewer than ``used_unit_partners`` partners, are a formulation of the
    genre (精准扶贫, 节水灌溉), which their productivity elsewhere does not undo; two halves with dozens of
    partners each (实时监测) stay a free combination however widely the corpus's topic spreads it.

    Productivity is read in the corpus (``partners``), not in the dictionary: 线上, 运维 are no dictionary
    words yet open or close many strings of a policy corpus.
    """
    if has_set_form(gram, word_freq=word_freq, word_tags=word_tags):
        return False
    first, second = gram[:2], gram[2:]
    if predicate_coordination(gram, word_freq=word_freq, word_tags=word_tags, clause_final=clause_final):
        return False
    n_first, n_second = partners.first.get(first, 0), partners.second.get(second, 0)
    words = bool(word_freq.get(first)), bool(word_freq.get(second))
    if not any(words) and max(n_first, n_second) < nonword_partners:
        return False
    if n_first < min_partners or n_second < min_partners:
        return False
    used_unit = doc_share >= used_unit_share and min(n_first, n_second) < used_unit_partners
    return not (all(words) and used_unit)
