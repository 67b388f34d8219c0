"""Phrase edges: a phrase never starts or ends with a function character or a free quantifier.

A writer reuses a unit, not a unit glued to the grammar around it: ``等新业态`` is ``等`` + ``新业态``,
``云计算等`` is ``云计算`` + ``等``, ``打造一批`` a verb with its quantifier (``打造一批…平台``), ``培育更多``
a verb with a degree adverb, ``构建基于`` a verb with the preposition that opens its object.  What decides is
the grammar of the edge, read from general resources only (no phrase of any corpus is listed here):

* **function characters** (:data:`FREE_EDGE_CHARS`): particles, conjunctions and list markers that never
  open or close a set phrase (``等 的 了 和 及 或 并 …``);
* **prepositions and linking characters** (:data:`LINK_CHARS`: ``以 与 于 之 为 自 …``): they may open a set
  phrase (``以人为本``, ``与时俱进``) but not a phrase whose rest opens with a word of its own (``以更好``:
  ``更好``), and never close one (``着眼于``, ``予以``, ``本办法自``: 自…起施行);
* **degree adverbs** (:data:`DEGREE_CHARS`: ``更 最 很 较``) open no phrase (``更可持续``);
* **quantifiers**: an edge word of two or more characters that jieba's dictionary tags as a numeral,
  measure word, pronoun, preposition, conjunction or particle (:data:`FUNCTION_TAGS`: ``一批 m``,
  ``一系列 m``, ``各类 r``, ``基于 p``, ``以及 c``), or a degree word at the end (``更多``, ``更大``).
  jieba tags many verbs as adverbs (互动, 同步, 相处 ``d``), so the tag ``d`` alone decides nothing.

A string that is itself a dictionary word (an idiom ``i``/``l`` of any frequency, another word of frequency
``>= min_word_freq``) is a unit whatever its edges (``以质取胜``, ``大有可为``, ``总而言之``); jieba also
lists junk compounds with a tiny frequency (``党和国家`` 3), hence the bar for other tags.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "DEGREE_CHARS",
    "FREE_EDGE_CHARS",
    "FUNCTION_TAGS",
    "LINK_CHARS",
    "edge_fault",
    "trim_edges",
]

#: Characters that open or close no phrase: particles, conjunctions, the list closer 等.
FREE_EDGE_CHARS: frozenset[str] = frozenset("等的了着过和及或并也都就把被且吗呢吧啊")
#: Prepositions and linking characters: may open a set phrase (以人为本), never close one (着眼于).
LINK_CHARS: frozenset[str] = frozenset("以与于之而为在对向从将其由自")
#: Degree adverbs: open no phrase (更可持续, 最广泛).
DEGREE_CHARS: frozenset[str] = frozenset("更最很较")
#: jieba tags of a function word at a phrase's edge: numerals and measure words (一批, 多个), pronouns and
#: determiners (各类, 这些), prepositions (基于), conjunctions (以及), particles and auxiliaries (等).
FUNCTION_TAGS: frozenset[str] = frozenset(
    {"m", "mq", "q", "r", "rr", "rz", "p", "c", "u", "uj", "ul", "uz", "y"}
)
#: Idiom tags of jieba's dictionary: a word so tagged is a unit whatever its edges.
UNIT_TAGS: frozenset[str] = frozenset({"i", "l"})


def _is_unit(
    phrase: str, word_freq: Mapping[str, int], word_tags: Mapping[str, str], min_word_freq: int
) -> bool:
    """Whether ``phrase`` is a dictionary word that stands as a unit (see the module docstring)."""
    freq = word_freq.get(phrase) or 0
    return freq > 0 and (word_tags.get(phrase) in UNIT_TAGS or freq >= min_word_freq)


def _edge_words(phrase: str, word_freq: Mapping[str, int], *, at_start: bool) -> list[str]:
    """Dictionary words of 2–3 characters at one edge of ``phrase`` (shorter than the phrase)."""
    sizes = range(2, min(4, len(phrase)))
    parts = [phrase[:n] if at_start else phrase[-n:] for n in sizes]
    return [w for w in parts if word_freq.get(w)]


def _bound_char(phrase: str, at_start: bool, word_freq: Mapping[str, int], min_word_freq: int) -> bool:
    """Whether the edge character of ``phrase`` makes a dictionary word with its neighbour (等级, 应对)."""
    pair = phrase[:2] if at_start else phrase[-2:]
    return len(phrase) > 2 and (word_freq.get(pair) or 0) >= min_word_freq


def _is_parallel(phrase: str) -> bool:
    """Four characters in ABAC, ABCB or ABCA shape (分期分批, 各行各业): coordinated halves, one unit."""
    return len(phrase) == 4 and (phrase[0] == phrase[2] or phrase[1] == phrase[3] or phrase[0] == phrase[3])


def edge_fault(
    phrase: str,
    *,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
    words: bool = True,
    min_word_freq: int = 10,
) -> str | None:
    """Why ``phrase`` starts or ends with grammar rather than content, or None when its edges are clean.

    Characters (always), unless the edge character makes a dictionary word with its neighbour (``等级…``,
    ``…应对``): ``"function start"``/``"function end"`` (a :data:`FREE_EDGE_CHARS` character at an edge:
    ``等新业态``, ``云计算等``); ``"link end"`` (a :data:`LINK_CHARS` character at the end: ``以城市为``).
    Words (with ``words``; a slogan, marked as a unit by quotes or its numeral shape, opens with a
    preposition or a numeral at will: ``为人民服务``, ``一带一路``): ``"degree start"`` (``更可持续``,
    ``更加便捷``);
    ``"link start"`` (a link character before a dictionary word of its own: ``以更好``); ``"quantifier
    start"`` (an edge word tagged :data:`FUNCTION_TAGS`: ``基于智能``, ``各类企业``) and ``"quantifier end"``
    (an edge word tagged so, or opening with a degree adverb: ``打造一批``, ``培育更多``), except in
    coordinated halves (``分期分批``).  A dictionary word that stands as a unit has no fault.
    """
    if len(phrase) < 2 or _is_unit(phrase, word_freq, word_tags, min_word_freq):
        return None
    first, last = phrase[0], phrase[-1]
    start_free = not _bound_char(phrase, True, word_freq, min_word_freq)
    end_free = not _bound_char(phrase, False, word_freq, min_word_freq)
    if first in FREE_EDGE_CHARS and start_free:
        return "function start"
    if last in FREE_EDGE_CHARS and end_free:
        return "function end"
    if last in LINK_CHARS and end_free:
        return "link end"
    if not words:
        return None
    starts = _edge_words(phrase, word_freq, at_start=True)
    if first in DEGREE_CHARS and (start_free or any(w[0] in DEGREE_CHARS for w in starts)):
        return "degree start"
    if first in LINK_CHARS and start_free and _edge_words(phrase[1:], word_freq, at_start=True):
        return "link start"
    if _is_parallel(phrase):
        return None
    if any(word_tags.get(w) in FUNCTION_TAGS for w in starts):
        return "quantifier start"
    ends = _edge_words(phrase, word_freq, at_start=False)
    if any(word_tags.get(w) in FUNCTION_TAGS or w[0] in DEGREE_CHARS for w in ends):
        return "quantifier end"
    return None


def trim_edges(
    phrase: str, *, word_freq: Mapping[str, int], word_tags: Mapping[str, str], min_word_freq: int = 10
) -> str:
    """``phrase`` without function characters at its edges (``等新业态`` → ``新业态``); idempotent.

    Only single characters of :data:`FREE_EDGE_CHARS` (either edge) and :data:`LINK_CHARS` (the end) are
    cut, repeatedly, and only where :func:`edge_fault` would see them: never one that makes a word with its
    neighbour (``等级…``, ``…应对``), never from a dictionary word that stands as a unit.
    """
    while len(phrase) >= 2 and not _is_unit(phrase, word_freq, word_tags, min_word_freq):
        if phrase[0] in FREE_EDGE_CHARS and not _bound_char(phrase, True, word_freq, min_word_freq):
            phrase = phrase[1:]
        elif (phrase[-1] in FREE_EDGE_CHARS or phrase[-1] in LINK_CHARS) and not _bound_char(
            phrase, False, word_freq, min_word_freq
        ):
            phrase = phrase[:-1]
        else:
            break
    return phrase
