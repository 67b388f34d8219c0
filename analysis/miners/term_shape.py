"""The shape of a term: which tokens may open, close or stand alone as a term, and which neighbours end one.

A term is a noun phrase (全面从严治党, 主体责任, 民主生活会), so its edges are judged by jieba's
part-of-speech tags of its edge tokens and by small lists of function words (:func:`term_rejection`,
:class:`EdgeVerdicts`).  Three shapes of the genre's formulations are noun phrases although an edge token
says otherwise (generic Chinese grammar, not strings of a corpus):

* a subject–predicate compound: a noun, then a verb or adjective (乡村振兴, 中华民族伟大复兴: jieba tags
  振兴 ``v`` and 复兴 ``a``) — allowed when the first token is a noun;
* the frame 以 X 为 Y ("with X as Y": 以经济建设为中心) — allowed to open with the preposition 以 when 为
  follows inside the candidate;
* a dictionary word that jieba tags as a noun, a 成语 or an idiomatic phrase (共同富裕 ``nz``, 艰苦奋斗
  ``i``) — never rejected as a verb phrase by the tags of its halves.

:func:`boundary_tokens` gives the left neighbours that end a term (verbs): branching entropy counts them as
a boundary, so a formulation always preceded by the same verb (构建新发展格局, 实现中华民族伟大复兴) is still
free on that side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np

from analysis.miners.shared import FUNCTION_WORD_TAGS
from analysis.units import WordGram


def _word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (word lists read better as one string)."""
    return frozenset(text.split())


#: Tokens a term may not start or end with: particles, prepositions, conjunctions, pronouns, adverbs of
#: degree/time, localisers (…中, …上), enumeration markers (一是 …) and calendar units.  Kept small on
#: purpose: content words such as 工作 or 建设 end many real terms (宣传思想工作, 党风廉政建设).
TERM_EDGE_STOP_WORDS: frozenset[str] = _word_set(
    """
    的 了 着 过 地 得 之 其 和 与 及 或 而 并 且 以及 并且 或者 而且 但
    但是 因为 所以 如果 虽然 还是 就是 在 是 把 对 为 被 让 向 从 以 于 由
    同 给 跟 按 按照 根据 关于 对于 由于 通过 围绕 为了 等 也 都 将 就 又 还
    再 更 最 很 所 要 能 可 可以 应 应当 已 已经 正在 不 没有 不断 进一步 中
    上 下 内 外 里 前 后 间 方面 之中 以来 以上 以下 这 那 此 该 各 每 其中
    我 我们 你 他 她 它 他们 自己 本 有 一个 一些 一批 一是 二是 三是 四是
    五是 个 年 月 日 次 项 有利于 一部分 基本上 决不能 不能 不会 必须 需要
    """
)

#: Manner adverbs that open verb phrases (认真落实, 充分发挥): a term may not start with them.  全面 is not
#: here: it opens real terms (全面从严治党, 全面深化改革).
TERM_LEAD_STOP_WORDS: frozenset[str] = _word_set(
    """
    认真 切实 努力 继续 大力 积极 充分 深入 严格 坚决 始终 更加 持续 扎实 着力 全力 尽力 尽快 竭力
    主动 自觉 牢固 进一步 不断 及时 逐步 加快 加紧 广泛 普遍 基本 主要 一定 真正
    高度 明显 显著 较 比较 较大 很大 特别
    """
)

#: A token made of numerals and a unit (一九五八年, 万亿元, 亿美元): a term may not start or end with one.
_NUMERAL_TOKEN = re.compile(
    r"[零〇○一二三四五六七八九十百千万亿两几多余数]*(?:[万亿元年]|美元|公里|平方米|公顷|吨)"
)

#: jieba tags a term may not end with: verbs, adjectives, adverbs, function words, numerals, time words
#: (结合起来, 稳步推进, 请予审议, 比上年).  Nominalised verbs (vn: 改革, 建设) end many terms.
TERM_NON_FINAL_TAGS: frozenset[str] = FUNCTION_WORD_TAGS | {
    *("v", "vd", "vg", "vi", "vq", "a", "ad", "ag", "d", "dg", "t", "tg", "z", "zg")  # predicates, time words
}
#: jieba tags a multiword term may not start with: verbs (表示, 采取, 取得, 维护), prepositions (比), pronouns
#: (各位), adverbs (稳步) and conjunctions.
TERM_NON_INITIAL_TAGS: frozenset[str] = frozenset(
    {"v", "vd", "vg", "vi", "p", "r", "rr", "rz", "d", "c", "u", "uj"}
)


_PREDICATE_HALF_TAGS = frozenset({"v", "vd", "a", "ad", "d"})
#: Tags of a predicate that may end a subject–predicate compound after a noun (乡村振兴, 民族复兴).
PREDICATE_FINAL_TAGS: frozenset[str] = frozenset({"v", "vi", "a"})
#: Tags of a left neighbour that ends a term: a verb (构建 before 新发展格局) takes a noun phrase as its
#: object and cannot be part of it (a nominal verb ``vn`` such as 建设 may be: 建设项目, 经济建设).
BOUNDARY_TAGS: frozenset[str] = frozenset({"v", "vd", "vg", "vi"})
#: Tags of common and proper nouns that open a subject–predicate compound or that the dictionary gives a
#: word of its own (not names: jieba tags 严肃查处 ``nr``).
NOUN_TAGS: frozenset[str] = frozenset({"n", "nz", "nl", "ng"})
#: The frame 以 X 为 Y: a term may open with 以 when 为 follows inside it.
FRAME_OPEN, FRAME_MIDDLE = "以", "为"


def term_rejection(gram: WordGram, *, word_tags: Mapping[str, str]) -> str | None:
    """Why the word n-gram ``gram`` is not a noun phrase by jieba's tags of its edge tokens, or None.

    ``"final"``: the last token is tagged in :data:`TERM_NON_FINAL_TAGS` (a verb-final phrase such as
    结合起来 or 取得新进展 is not a term), unless it is a verb or adjective after a first token tagged as a
    noun (a subject–predicate compound: 乡村振兴); ``"initial"``: a multiword n-gram whose first token is
    tagged in :data:`TERM_NON_INITIAL_TAGS` (表示诚挚感谢, 采取有力措施, 各位代表) or a one-character
    numeral (两 国) or 所 and a verb (所作 的 政府工作报告: a relative clause), unless it is the frame
    以 X 为 Y; ``"verb phrase"``: a single token of four characters
    or more made of two predicate halves (贯彻落实) that the dictionary does not tag as a noun (共同富裕
    ``nz``).  A token the dictionary does not know (a domain-lexicon word) passes.
    """
    if len(gram) == 1:
        return "final" if _final_rejected(gram[0], word_tags) else _single_rejection(gram[0], word_tags)
    if _final_rejected(gram[-1], word_tags) and not _compound(gram, word_tags):
        return "final"
    if _initial_rejected(gram[0], word_tags) and not _frame(gram):
        return "initial"
    return None


def _compound(gram: WordGram, word_tags: Mapping[str, str]) -> bool:
    """Subject–predicate: a noun, …, then a predicate of two characters or more (乡村/全面/振兴), no 的
    between them (衷心/的/感谢 is a verb's object)."""
    return _noun(gram[0], word_tags) and _predicate(gram[-1], word_tags) and "的" not in gram


def _noun(token: str, word_tags: Mapping[str, str]) -> bool:
    return len(token) > 1 and word_tags.get(token) in NOUN_TAGS


def _predicate(token: str, word_tags: Mapping[str, str]) -> bool:
    return len(token) > 1 and word_tags.get(token) in PREDICATE_FINAL_TAGS


def _frame(gram: WordGram) -> bool:
    return gram[0] == FRAME_OPEN and FRAME_MIDDLE in gram[1:-1]


#: Characters that link a word to what follows and end no noun phrase (百分之, 有利于): a token of two
#: characters or more ending in one cannot end a term, whatever its tag (jieba tags 百分之 ``i``).
LINKING_FINAL_CHARS: frozenset[str] = frozenset("之于")


def _final_rejected(token: str, word_tags: Mapping[str, str]) -> bool:
    if len(token) > 1 and token[-1] in LINKING_FINAL_CHARS:
        return True
    return len(token) > 1 and word_tags.get(token) in TERM_NON_FINAL_TAGS  # 会 in 民主生活会 is no verb


#: The particle that turns the verb after it into a noun phrase's modifier (所作的报告, 所需资金): a token of
#: 所 and a verb opens a relative clause, not a term.
RELATIVE_PARTICLE = "所"


def _initial_rejected(token: str, word_tags: Mapping[str, str]) -> bool:
    tag = word_tags.get(token)
    if len(token) == 2 and token[0] == RELATIVE_PARTICLE and word_tags.get(token[1]) in BOUNDARY_TAGS:
        return True
    return tag in TERM_NON_INITIAL_TAGS or (tag == "m" and len(token) == 1)


def _single_rejection(token: str, word_tags: Mapping[str, str]) -> str | None:
    if len(token) < 4:
        return None
    # jieba tags such lexicon words at random (宏观调控 n, 严格执行 nr)
    if token[:2] in TERM_LEAD_STOP_WORDS or token[:3] in TERM_LEAD_STOP_WORDS:
        return "initial"
    if _noun(token, word_tags):  # the dictionary's own word, tagged as a noun (共同富裕 nz)
        return None
    if word_tags.get(token[:2]) in _PREDICATE_HALF_TAGS and word_tags.get(token[-2:]) in _PREDICATE_HALF_TAGS:
        return "verb phrase"
    return None


#: Tags of a preposition: not inside a term (人民/在/中国共产党), except 为 in the frame 以 X 为 Y.
PREPOSITION_TAGS: frozenset[str] = frozenset({"p"})


def inner_prepositions(tokens: Iterable[str], tags: Mapping[str, str]) -> frozenset[str]:
    """The tokens that may not stand inside a term: prepositions other than the frame's 为."""
    return frozenset(t for t in tokens if tags.get(t) in PREPOSITION_TAGS and t != FRAME_MIDDLE)


class EdgeVerdicts(NamedTuple):
    """Which tokens may open a multiword term, close one, stand alone, and the exceptions of the module
    docstring (nouns that open a subject–predicate compound, predicates that close one); the edge filters of
    :func:`~analysis.miners.terms.score_terms`: stop words, numerals with a unit, :func:`term_rejection`."""

    opens: frozenset[str]
    closes: frozenset[str]
    singles: frozenset[str]
    nouns: frozenset[str]
    predicates: frozenset[str]

    @classmethod
    def of(cls, tokens: Iterable[str], *, stops: frozenset[str], tags: Mapping[str, str]) -> EdgeVerdicts:
        """Verdicts for ``tokens`` (the indexed unigrams: every token of a frequent n-gram is one)."""
        numeral = _NUMERAL_TOKEN.fullmatch
        lead_stops = TERM_LEAD_STOP_WORDS
        edge_ok = [token for token in set(tokens) if token not in stops and numeral(token) is None]
        closes = frozenset(token for token in edge_ok if not _final_rejected(token, tags))
        opening = [token for token in edge_ok if token not in lead_stops and token[:2] not in lead_stops]
        opens = frozenset(token for token in opening if not _initial_rejected(token, tags))
        return cls(
            opens,
            closes,
            frozenset(
                token for token in opening if token in closes and _single_rejection(token, tags) is None
            ),
            frozenset(token for token in opens if _noun(token, tags)),
            frozenset(token for token in edge_ok if token not in closes and _predicate(token, tags)),
        )


def boundary_tokens(tokens: Iterable[str], *, tags: Mapping[str, str]) -> frozenset[str]:
    """The left neighbours that end a term: the tokens tagged :data:`BOUNDARY_TAGS` (verbs).

    Why: branching entropy asks whether a candidate is cut out of a longer unit; a verb before it takes it
    as its object and cannot be part of a longer noun phrase, so it is a boundary like punctuation (新发展格局
    is always after 构建 in some corpora, and still a unit).  Only on the left: what follows a noun phrase
    (的, 上, 为) says less about where it ends (在…的基础上, 以…为核心的).
    """
    return frozenset(token for token in tokens if tags.get(token) in BOUNDARY_TAGS)


def token_mask(
    vocabulary: list[str],
    words: frozenset[str],
    ids: np.ndarray | None = None,
    tokens: list[str] | None = None,
) -> np.ndarray:
    """True at the ids of ``words`` in ``vocabulary``; with ``ids`` (and their ``tokens``), only those ids
    are looked at (the indexed unigrams: every token of an indexed n-gram is one, and a corpus of distinct
    text has several times more distinct tokens: 139 000 against 30 000 at 10 MB)."""
    if ids is None:
        return np.fromiter((token in words for token in vocabulary), dtype=bool, count=len(vocabulary))
    if tokens is None:
        tokens = [vocabulary[i] for i in ids.tolist()]
    mask = np.zeros(len(vocabulary), dtype=bool)
    mask[ids[np.fromiter((token in words for token in tokens), dtype=bool, count=len(tokens))]] = True
    return mask
