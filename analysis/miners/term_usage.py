"""How a term candidate is used: as a noun phrase (a term) or as a predicate of general Chinese (not one).

Why: the segmenter's lexicon and jieba's dictionary hold many verb phrases as single words (采取措施,
创造条件, 保持稳定, 降低成本, 全面贯彻), which the edge tags of :mod:`~analysis.miners.term_shape` cannot see
into, and noun–verb compounds that are terms (乡村振兴, 环境保护) look like them.  What tells them apart is
how the corpus uses them, and what they are made of:

* **predicate use** (:func:`predicate_share`): a verb phrase is modified by adverbs and modal verbs
  (积极采取措施, 要全面贯彻, 努力降低成本) and takes aspect particles (超额完成了); a noun phrase is the
  object of a verb or a preposition, or is followed by 的 (实施扩大内需战略, 把扩大内需, 技术改造的).  The
  share of predicate evidence among both kinds of evidence, over the candidate's neighbours in the index;
* **generic heads** (:func:`head_share`): a word of general Chinese (jieba's count at least
  :data:`GENERAL_WORD_COUNT`) used mostly after a nominal modifier is the head of the genre's compounds
  (工业机器人, 智能传感器, 信息基础设施, 工业互联网), which are the terms; the bare head is everyday
  vocabulary;
* **general words** (:func:`general_parts`): every dictionary word of the candidate is a common word of
  general Chinese (jieba's dictionary count at least :data:`COMMON_COUNT`): 采取 + 措施, 保持 + 稳定.  A
  formulation used as a predicate keeps a word of its own (深化改革: 深化; 扩大内需: 内需;
  贯彻落实科学发展观: 科学发展观).

:func:`usage_rejection` rejects a candidate used mostly as a predicate and made of general words only, and a
coordination of two general words (质量和效益, 中央和地方: a list of two words, not a unit).  The word lists
here are the generic grammar of Chinese (modal verbs, adverb tags, aspect particles), not strings of a corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.miners.names import PERSON_TAGS, PLACE_TAGS, common_noun, name_fragment, name_kind
from analysis.miners.term_neighbours import (
    MODAL_WORDS,
    NeighbourCounts,
    neighbour_counts,
)
from analysis.miners.termhood import UNKNOWN_COUNT, ReferenceModel, dictionary_cut
from analysis.units import WordGram

__all__ = [
    "COMMON_COUNT",
    "MODAL_WORDS",
    "common_word",
    "general_parts",
    "head_share",
    "kind_of",
    "kind_of_counts",
    "modified_predicate",
    "predicate_share",
    "reads_neighbours",
    "token_words",
    "usage_rejection",
]


#: Least evidence (neighbour occurrences of either kind) for :func:`predicate_share` to say anything.
MIN_EVIDENCE = 5
#: Share of predicate evidence from which a candidate is used as a predicate.
PREDICATE_SHARE = 0.5
#: jieba count (in its 60 million words) from which a word is common in general Chinese: about 30 per million
#: words (措施 8163, 稳定 8439, 成本 4289; 深化 1425, 内需 167 and 外资 2363 are on either side).
COMMON_COUNT = 2000
#: jieba count from which a single word is a word of general Chinese for :func:`head_share`: about 1.7 per
#: million words, so that a word the dictionary lists with its floor count (主管部门 3, 服务平台 3) or a
#: handful of uses (数据中心 32, 技术创新 21) is not taken for everyday vocabulary.
GENERAL_WORD_COUNT = 100
#: Share of a word's occurrences after a nominal modifier from which it is the generic head of compounds
#: (机器人 0.62, 数据库 0.71: 工业机器人, 基础数据库); a term of the genre is mostly preceded by a verb, a
#: clause edge or a function word (人工智能 0.22, 信息化 0.22, 数字化 0.46, 一体化 0.51).
HEAD_SHARE = 0.55
#: Least occurrences for :func:`head_share` to say anything: the rule is about a word the corpus uses a lot
#: (jieba's tags are too noisy for a share of a few occurrences: 落实 a, 严格执行 nr).
HEAD_EVIDENCE = 20
#: Share of a word's occurrences before a noun from which it also modifies other nouns (互联网平台,
#: 机器人产业): a link of chains of compounds, as everyday technical vocabulary is.  A word that only closes
#: its compounds (生产责任制, 经济责任制: before a noun in 2 % of its uses) is the head of formulations of
#: the genre and is left to the other rules.
MODIFIER_SHARE = 0.1
#: Share of the occurrences of a word the dictionary lists without a count (:data:`UNKNOWN_COUNT`) and that is
#: made of common words (主管部门 = 主管 + 部门) after a nominal modifier from which it is a generic head
#: (相关主管部门, 交通运输主管部门: 0.76 of its uses), whatever follows it: the dictionary lists it as a word
#: of general Chinese, its parts say how common it is, and only the head of compounds is used so much
#: after modifiers (a term of the genre built from common words is mostly after a verb: 转型升级,
#: 龙头企业 0.32).
FLOOR_HEAD_SHARE = 0.7
#: Share of a candidate's occurrences standing alone between two clause edges, on each side, from which a
#: candidate made of general words is the label of a table or a form (责任单位：…, 牵头单位), not a term.
LABEL_SHARE = 0.9
#: Conjunctions of a coordination of two words.
CONJUNCTIONS: frozenset[str] = frozenset("和与及")


def predicate_share(
    left: Mapping[str, int], right: Mapping[str, int], *, tags: Mapping[str, str]
) -> float | None:
    """``pred / (pred + nominal)`` over a candidate's neighbours (token → count), None with less than
    :data:`MIN_EVIDENCE` occurrences of either.

    ``pred``: left neighbours in :data:`MODAL_WORDS` or tagged
    :data:`~analysis.miners.term_neighbours.PREDICATE_LEFT_TAGS`, and right neighbours in
    :data:`~analysis.miners.term_neighbours.ASPECT_PARTICLES`; ``nominal``: other left neighbours tagged
    :data:`~analysis.miners.term_neighbours.NOMINAL_LEFT_TAGS` (but the copula) and the right neighbour 的.
    Clause edges, nouns and conjunctions say little about what the candidate is, and count for neither.
    """
    return _predicate_share(neighbour_counts(left, right, tags=tags))


def _predicate_share(counts: NeighbourCounts) -> float | None:
    pred = counts.left_predicate + counts.right_aspect
    nominal = counts.left_nominal + counts.right_particle
    if pred + nominal < MIN_EVIDENCE:
        return None
    return pred / (pred + nominal)


def head_share(left: Mapping[str, int], *, tags: Mapping[str, str]) -> float | None:
    """Share of a candidate's occurrences whose left neighbour is a nominal modifier (tagged
    :data:`~analysis.miners.term_neighbours.NOMINAL_MODIFIER_TAGS`): ``modified / all`` over the left
    neighbours (clause edges count in the denominator), None with fewer than :data:`HEAD_EVIDENCE`
    occurrences."""
    return _head_share(neighbour_counts(left, {}, tags=tags))


def _head_share(counts: NeighbourCounts) -> float | None:
    if counts.left_total < HEAD_EVIDENCE:
        return None
    return counts.left_modifier / counts.left_total


def _modifier_share(counts: NeighbourCounts) -> float:
    """Share of a candidate's occurrences followed by a noun."""
    return counts.right_noun / counts.right_total if counts.right_total else 0.0


def _edge_shares(counts: NeighbourCounts) -> tuple[float, float]:
    """Share of a candidate's occurrences with a clause edge on the left and on the right (0 without
    occurrences)."""
    left = counts.left_boundary / counts.left_total if counts.left_total else 0.0
    right = counts.right_boundary / counts.right_total if counts.right_total else 0.0
    return left, right


def general_parts(gram: WordGram, model: ReferenceModel) -> list[str] | None:
    """The dictionary words of ``gram`` when all of them are common words of general Chinese, else None.

    A single token is cut into its dictionary words (:func:`~analysis.miners.termhood.dictionary_cut`, not as
    a whole: 采取措施 → 采取 + 措施); a token of a longer gram is a word of its own when the dictionary knows
    it, else cut.  A word is common with a count ``>= COMMON_COUNT``, or when it is cut again into words of
    two characters or more that are all common (采取有效 → 采取 + 有效: the dictionary lists such phrases
    too).
    A single character other than a conjunction is no common word here (网/信/办 says nothing of 网信办).
    """
    parts = [word for token in gram for word in token_words(token, model, whole=len(gram) == 1)]
    words = [word for word in parts if word not in CONJUNCTIONS]
    if len(words) < 2 or not all(len(word) > 1 and common_word(word, model) for word in words):
        return None
    return parts


def token_words(token: str, model: ReferenceModel, *, whole: bool) -> Sequence[str]:
    """The dictionary words of a token of a gram (``whole``: the gram's only token, cut even when the
    dictionary knows it): itself when one character or a word the dictionary counts, else its cut."""
    if len(token) == 1 or (not whole and model.freq.get(token, 0) > UNKNOWN_COUNT):
        return [token]
    return dictionary_cut(token, model, whole=False)


def common_word(word: str, model: ReferenceModel) -> bool:
    """A common word of general Chinese: a count ``>= COMMON_COUNT``, or made of such words (see
    :func:`general_parts`)."""
    if model.freq.get(word, 0) >= COMMON_COUNT:
        return True
    parts = dictionary_cut(word, model, whole=False) if len(word) >= 4 else []
    return len(parts) > 1 and all(len(part) > 1 and common_word(part, model) for part in parts)


def _words_of_their_own(words: Sequence[str], model: ReferenceModel) -> bool:
    """Each of ``words`` is itself a common dictionary word (not only made of common words)."""
    return all(model.freq.get(word, 0) >= COMMON_COUNT for word in words)


def usage_rejection(
    gram: WordGram,
    left: Mapping[str, int],
    right: Mapping[str, int],
    *,
    tags: Mapping[str, str],
    model: ReferenceModel,
) -> str | None:
    """Why ``gram`` is general language rather than a term, or None.

    ``"generic head"``: a single word of general Chinese (jieba count ``>= GENERAL_WORD_COUNT``) whose
    :func:`head_share` is at least :data:`HEAD_SHARE` (机器人 in 工业机器人, 服务机器人 …) and that is
    followed by a noun in at least :data:`MODIFIER_SHARE` of its uses (机器人产业: a link of compound chains).
    ``"generic head"`` too: a single noun (tag ``n``) the dictionary lists without a count
    (:data:`UNKNOWN_COUNT`), made of common words only (:func:`general_parts`), after a nominal modifier in at
    least :data:`FLOOR_HEAD_SHARE` of its uses (主管部门 in 相关主管部门; not the 习用语 体制改革, ``l``).
    ``"label"``: made of common words only and standing alone between two clause edges in at least
    :data:`LABEL_SHARE` of its uses on each side (责任单位：…: the label of a table's column).
    ``"predicate"``: made of common words only (:func:`general_parts`) and used as a predicate
    (:func:`predicate_share` at least :data:`PREDICATE_SHARE`): 采取措施, 保持稳定, 全面贯彻.
    ``"coordination"``: two common words, each a word of its own, joined by a conjunction (质量和效益,
    中央和地方; not 主权和领土完整).
    """
    return _usage_rejection(gram, neighbour_counts(left, right, tags=tags), tags=tags, model=model)


def _usage_rejection(
    gram: WordGram, counts: NeighbourCounts, *, tags: Mapping[str, str], model: ReferenceModel
) -> str | None:
    if len(gram) == 1 and model.freq.get(gram[0], 0) >= GENERAL_WORD_COUNT:
        share = _head_share(counts)
        if share is not None and share >= HEAD_SHARE and _modifier_share(counts) >= MODIFIER_SHARE:
            return "generic head"
    parts = general_parts(gram, model)
    if parts is None:
        return None
    if len(gram) == 1 and 0 < model.freq.get(gram[0], 0) <= UNKNOWN_COUNT and tags.get(gram[0]) == "n":
        share = _head_share(counts)
        if share is not None and share >= FLOOR_HEAD_SHARE:
            return "generic head"
    if min(_edge_shares(counts)) >= LABEL_SHARE:
        return "label"
    if len(parts) == 3 and parts[1] in CONJUNCTIONS and _words_of_their_own(parts[::2], model):
        return "coordination"
    share = _predicate_share(counts)
    if share is not None and share >= PREDICATE_SHARE:
        return "predicate"
    return None


#: jieba tags of a word that modifies a predicate before it: adjectives and adverbs (健康 + 发展, 新 + 进展).
ADVERBIAL_TAGS: frozenset[str] = frozenset({"a", "ad", "d"})
#: jieba tags of a distinguishing word (超额, 公共): it modifies nouns, so before a verb that is no
#: nominalised verb (超额 + 完成, not 公共 + 服务 ``vn``) it is used as an adverb.
DISTINGUISHING_TAGS: frozenset[str] = frozenset({"b"})
#: jieba tags of a predicate: verbs, nominalised verbs included (发展 and 进展 are ``vn``).
PREDICATE_TAGS: frozenset[str] = frozenset({"v", "vn", "vd", "vi"})


def modified_predicate(gram: WordGram, *, tags: Mapping[str, str], model: ReferenceModel) -> bool:
    """Whether ``gram`` is a predicate of general Chinese under an evaluative or aspectual modifier: two
    dictionary words (and 的 between them or not: 新的进展), an adjective or adverb (:data:`ADVERBIAL_TAGS`)
    then a verb (:data:`PREDICATE_TAGS`), or a distinguishing word then a plain verb (``v``).

    Why: 健康发展 (持续健康发展), 新进展 (取得新进展), 超额完成 say how something goes, not what it is;
    they come out of every report that describes progress, and are the predicates of the genre's
    formulations, not terms.  The genre's terms that end in a verb have a noun or a nominal modifier before it
    (高质量发展, 科技创新, 公共服务: ``n``, ``b`` before ``vn``), which is what a name for a thing looks like.
    """
    words = [
        word for token in gram if token != "的" for word in token_words(token, model, whole=len(gram) == 1)
    ]
    if len(words) != 2 or not all(len(word) > 0 and model.freq.get(word, 0) > 0 for word in words):
        return False
    first, last = (tags.get(word) for word in words)
    return len(words[1]) > 1 and (
        (first in ADVERBIAL_TAGS and last in PREDICATE_TAGS) or (first in DISTINGUISHING_TAGS and last == "v")
    )


def kind_of(
    gram: WordGram,
    left: Mapping[str, int],
    right: Mapping[str, int],
    *,
    tags: Mapping[str, str],
    model: ReferenceModel,
) -> str | None:
    """``"name"``, ``"term"`` or None (neither) for a term candidate and its neighbours.

    A name (:func:`~analysis.miners.names.name_kind`) that is no piece of a clause or a list
    (:func:`~analysis.miners.names.name_fragment`), no common noun
    (:func:`~analysis.miners.names.common_noun`: 大城市) and is not used as a predicate (集中力量办 ends
    like 金融办) is a ``"name"``; any other name candidate is neither.  Another candidate is a ``"term"``
    unless it is a predicate under a modifier (:func:`modified_predicate`: 健康发展, 新进展) or
    :func:`usage_rejection` finds it general language.
    """
    return kind_of_counts(gram, neighbour_counts(left, right, tags=tags), tags=tags, model=model)


def kind_of_counts(
    gram: WordGram, counts: NeighbourCounts, *, tags: Mapping[str, str], model: ReferenceModel
) -> str | None:
    """:func:`kind_of` of a candidate whose neighbours are given as their
    :class:`~analysis.miners.term_neighbours.NeighbourCounts` (all that :func:`kind_of` reads of them)."""
    evidence = (counts.right_total, counts.right_title, counts.right_unit)
    if name_kind(gram, tags=tags, evidence=evidence) is not None:
        share = _predicate_share(counts)
        predicate = share is not None and share >= PREDICATE_SHARE
        described = len(gram) == 1 and common_noun(dictionary_cut(gram[0], model, whole=False), tags=tags)
        return None if predicate or described or name_fragment(gram, tags=tags) else "name"
    if modified_predicate(gram, tags=tags, model=model):
        return None
    return None if _usage_rejection(gram, counts, tags=tags, model=model) else "term"


def reads_neighbours(gram: WordGram, *, tags: Mapping[str, str], model: ReferenceModel) -> bool:
    """Whether :func:`kind_of` reads the neighbours of ``gram``: for a name (or a single person's or place
    word, which the right neighbours can make a name), for a single word of general Chinese (a generic head
    by its neighbours) and for a gram made of general words only.  Another gram is a term whatever its
    neighbours, so a caller can skip counting them (most candidates)."""
    single_name = len(gram) == 1 and tags.get(gram[0]) in PERSON_TAGS | PLACE_TAGS
    general_word = len(gram) == 1 and model.freq.get(gram[0], 0) >= GENERAL_WORD_COUNT
    return (
        single_name
        or general_word
        or name_kind(gram, tags=tags) is not None
        or general_parts(gram, model) is not None
        or modified_predicate(gram, tags=tags, model=model)
    )
