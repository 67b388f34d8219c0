"""Whether a heading template's fixed part is a frame a writer learns from (kind ``"heading"``).

A template (:mod:`analysis.miners.templates`) is a tuple of parts: fixed strings and ``None`` for a slot.
Its fixed part teaches something when it holds words of a structure (``X还不够“Y”``: 还, 不够;
``坚定X，筑牢Y``: two clauses; ``实施X行动``: a verb and the head of its object around the slot), not
when it is function words, one common word, topic nouns, or the end of a noun compound every heading
of a kind shares (``X试点示范``, ``X提升工程``: what the headings are about, the slot its modifier).
The rules read jieba's tags and frequencies (:mod:`analysis.miners.jieba_dictionary`) and the corpus's
own heading vocabulary, never a list of formulations.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from analysis.miners.shared import CJK_RE, FUNCTION_WORD_TAGS

__all__ = [
    "GLUE",
    "Part",
    "content_words",
    "edge_fault",
    "fixed_clause",
    "frame_fault",
    "generic_heading_words",
    "open_ended",
    "structural",
    "teaches",
]

#: Connectives that do not make a frame on their own: ``X和Y的Z`` is no template.
GLUE = frozenset("的和与及并或之地得")
#: A clause mark inside a template's fixed part: parallel clauses, a structure.
CLAUSE_MARK_RE = re.compile("[，；：,;:]")

Part = str | None  # a fixed string, or None for a slot

#: jieba tags of function words: they hold a frame together but teach nothing on their own (关于, 的, 和,
#: 年, 一批, 这些).
FUNCTION_TAGS: frozenset[str] = FUNCTION_WORD_TAGS
#: jieba tags of nouns (verbal nouns included: 管理, 建设): content words only the slots should carry.
NOUN_TAGS: frozenset[str] = frozenset({"n", "nr", "ns", "nt", "nz", "ng", "vn", "an", "j", "b", "s", "t"})
#: A word this frequent in jieba's dictionary (加强 11080, 主要 57991, 工作 66367) is a common word.
COMMON_WORD_FREQ = 3000
#: A word in at least this share of the corpus's distinct headings, common in jieba's dictionary too and
#: tagged noun or verb, is a generic heading word of this corpus (工作, 发展, 建设 in government reports).
GENERIC_HEADING_SHARE = 0.03
#: … and in at least this many of them: in a handful of headings a share says nothing.
GENERIC_MIN_HEADINGS = 10
#: Fewest content words of a frame (see :func:`frame_fault`).
MIN_CONTENT_WORDS = 2


def generic_heading_words(
    heading_tokens: Iterable[Sequence[str]], *, freq: Mapping[str, int], tags: Mapping[str, str]
) -> frozenset[str]:
    """Words in ≥ :data:`GENERIC_HEADING_SHARE` (and ≥ :data:`GENERIC_MIN_HEADINGS`) of the distinct
    headings, common (jieba frequency
    ≥ :data:`COMMON_WORD_FREQ`) and tagged noun or verb: the vocabulary every heading of the corpus uses.

    Adverbs and adjectives are never generic: 还, 不够, 更加 carry a frame even where many headings use it.
    """
    counts: Counter[str] = Counter()
    n = 0
    for tokens in heading_tokens:
        n += 1
        counts.update(set(tokens))
    if not n:
        return frozenset()
    return frozenset(
        w
        for w, c in counts.items()
        if c >= max(GENERIC_HEADING_SHARE * n, GENERIC_MIN_HEADINGS)
        and (freq.get(w) or 0) >= COMMON_WORD_FREQ
        and (tags.get(w, "x") in NOUN_TAGS or tags.get(w, "x").startswith("v"))
    )


def teaches(word: str, *, tags: Mapping[str, str], generic: frozenset[str] = frozenset()) -> bool:
    """Whether a word of a fixed part teaches something: not punctuation, not glue (:data:`GLUE`), not a
    function word (:data:`FUNCTION_TAGS`), not a generic heading word; a single character only if an adverb
    or a verb (还, 有), the heads of frames (``X还不够Y``, ``X有Y，努力Z``)."""
    cjk = CJK_RE.findall(word)
    tag = tags.get(word, "")
    if not cjk or GLUE.issuperset(cjk) or tag in FUNCTION_TAGS or word in generic:
        return False
    return len(cjk) >= 2 or tag in ("d", "v")


def content_words(
    fixed: Sequence[str],
    *,
    tags: Mapping[str, str],
    generic: frozenset[str] = frozenset(),
    teaches_word: Callable[[str], bool] | None = None,
) -> list[str]:
    """The fixed part's words that teach something (:func:`teaches`).  ``teaches_word``: :func:`teaches`
    with these ``tags`` and ``generic``, when the caller keeps its verdicts (the template miner judges
    260,000 words of fixed parts at 100 MB, a few thousand distinct)."""
    if teaches_word is None:
        teaches_word = functools.partial(teaches, tags=tags, generic=generic)
    return [word for word in fixed if teaches_word(word)]


def frame_fault(
    parts: Sequence[Part],
    *,
    tokenize: Callable[[str], Sequence[str]],
    tags: Mapping[str, str],
    generic: frozenset[str] = frozenset(),
    teaches_word: Callable[[str], bool] | None = None,
) -> str | None:
    """Why the fixed part of a template makes no frame a writer learns from, or None.

    With :func:`content_words` of the fixed stretches as ``C``: ``"no content"`` when ``C`` is empty
    (``关于X的Y``, ``X年工作Y``, ``X的Y``: function words and generic heading words only); ``"one word"``
    when ``C`` is a single word (``X主要Y``, ``以更X``, ``加强X和Y``, ``进一步X``: one word is a topic or a
    verb, not a frame); ``"topic"`` when every word of ``C`` is a noun (:data:`NOUN_TAGS`: ``智能X标准``),
    or when the one stretch with CJK characters lies between two slots and holds no adverb (``X人才培养Y``:
    what the headings are about, not how they are written; ``X还不够Y`` holds 还); ``"scattered"`` when
    the template opens and closes on a slot and its fixed words hold neither an adverb nor a clause mark
    (``X应Y安全Z``: words that long headings of one kind share here and there, not a structure;
    ``X有Y，努力Z的政治W`` is two parallel clauses); ``"topic"`` too when a fixed stretch between two slots
    of one clause is topic nouns only (:func:`_topic_between_slots`: ``X治理水平Y提升``,
    ``X智能Y，提升Z水平``: a topic word the headings' long subjects share, the slots its modifiers);
    ``"scattered"`` too when a fixed stretch between two slots of one clause is adjectives only
    (:func:`_modifier_between_slots`: ``构建X高效的Y体系``).  A frame
    (``X还不够“Y”``: 还, 不够; ``坚定X，筑牢Y``; ``X有待进一步加强``) passes, and so does a template with a
    whole fixed clause (:func:`fixed_clause`: ``X，保持经济运行在合理区间``), whatever its words.
    ``teaches_word``: as for :func:`content_words`.
    """
    if fixed_clause(parts, tokenize=tokenize, tags=tags):
        return None
    stretches = [p for p in parts if p is not None and CJK_RE.search(p)]
    fixed_words = [w for p in stretches for w in tokenize(p)]
    words = content_words(fixed_words, tags=tags, generic=generic, teaches_word=teaches_word)
    if not words:
        return "no content"
    if len(words) < MIN_CONTENT_WORDS:
        return "one word"
    if all(tags.get(w, "n") in NOUN_TAGS for w in words):  # an unknown word: a coined compound, a noun
        return "topic"
    adverb = any(tags.get(w, "").startswith("d") for w in words)
    inner = len(stretches) == 1 and parts[0] is None and parts[-1] is None
    if inner and not adverb:
        return "topic"
    if any(
        _topic_between_slots(
            parts, k, tokenize=tokenize, tags=tags, generic=generic, teaches_word=teaches_word
        )
        for k in range(len(parts))
    ):
        return "topic"
    if any(_modifier_between_slots(parts, k, tokenize=tokenize, tags=tags) for k in range(len(parts))):
        return "scattered"
    if (
        parts[0] is None
        and parts[-1] is None
        and not adverb
        and not any(CLAUSE_MARK_RE.search(p) for p in stretches)
    ):
        return "scattered"
    return None


def _topic_between_slots(
    parts: Sequence[Part],
    k: int,
    *,
    tokenize: Callable[[str], Sequence[str]],
    tags: Mapping[str, str],
    generic: frozenset[str],
    teaches_word: Callable[[str], bool] | None = None,
) -> bool:
    """Whether ``parts[k]`` is a fixed stretch between two slots, within one clause (no clause mark), that
    is a compound: nouns and verbs only (no glue, function word, adverb or adjective), the last a noun
    (:data:`NOUN_TAGS`): ``治理水平`` in ``X治理水平Y提升``, ``智能`` in ``X智能Y``; not ``的政治`` in
    ``X有Y，努力Z的政治W`` (的 marks a structure), ``一批可`` in ``X一批可Y、可Z的W场景``."""
    part = parts[k]
    if part is None or not 0 < k < len(parts) - 1 or parts[k - 1] is not None or parts[k + 1] is not None:
        return False
    if CLAUSE_MARK_RE.search(part) or not CJK_RE.search(part):
        return False
    words = [w for w in tokenize(part) if CJK_RE.search(w)]
    if len(content_words(words, tags=tags, generic=generic, teaches_word=teaches_word)) != len(words):
        return False
    kinds = [tags.get(w, "n") for w in words]  # (an unknown word: a coined compound, a noun)
    return kinds[-1] in NOUN_TAGS and all(t in NOUN_TAGS or t == "v" for t in kinds)


#: jieba tags of adjectives (高效, 先进, 便捷; 安全 ``an``).
ADJECTIVE_TAGS = frozenset({"a", "ad", "an"})


def _modifier_between_slots(
    parts: Sequence[Part], k: int, *, tokenize: Callable[[str], Sequence[str]], tags: Mapping[str, str]
) -> bool:
    """Whether ``parts[k]`` is a fixed stretch between two slots, within one clause, of adjectives and glue
    only (``高效的`` in ``构建X高效的Y体系``: one adjective of the modifiers a long noun phrase stacks,
    泛在安全高效的智能化基础设施体系, with the slots on either side holding the others: no structure of the
    headings, a word they happen to share)."""
    part = parts[k]
    if part is None or not 0 < k < len(parts) - 1 or parts[k - 1] is not None or parts[k + 1] is not None:
        return False
    if CLAUSE_MARK_RE.search(part):
        return False
    words = [w for w in tokenize(part) if CJK_RE.search(w)]
    adjectives = [w for w in words if tags.get(w) in ADJECTIVE_TAGS]
    return bool(adjectives) and all(w in adjectives or w in GLUE for w in words)


def open_ended(parts: Sequence[Part]) -> bool:
    """Whether a template opens and closes on a slot with no clause mark in its fixed part
    (``X高端智能再制造Y``): words that headings of one kind share somewhere inside, not a structure of
    their own."""
    return (
        len(parts) > 1
        and parts[0] is None
        and parts[-1] is None
        and not any(p is not None and CLAUSE_MARK_RE.search(p) for p in parts)
    )


#: Fewest CJK characters of a whole fixed clause (:func:`fixed_clause`).
MIN_FIXED_CLAUSE = 4


def fixed_clause(
    parts: Sequence[Part], *, tokenize: Callable[[str], Sequence[str]], tags: Mapping[str, str]
) -> bool:
    """Whether a clause of the template (between clause marks) is all fixed, with
    :data:`MIN_FIXED_CLAUSE` CJK characters and a verb, and another clause holds a slot:
    ``X，保持经济运行在合理区间``, ``切实保障和改善民生，X``.  Headings of many reports joining a clause of
    their own to one the genre repeats are written on a frame, even when the words of the repeated clause
    are the corpus's most common (保持, 经济 in government reports)."""
    text = "".join("\0" if p is None else p for p in parts)
    clauses = CLAUSE_MARK_RE.split(text)
    if len(clauses) < 2 or all("\0" not in c for c in clauses):
        return False
    return any(
        "\0" not in c
        and len(CJK_RE.findall(c)) >= MIN_FIXED_CLAUSE
        and any(tags.get(w, "").startswith("v") for w in tokenize(c))
        for c in clauses
    )


def structural(
    parts: Sequence[Part], tokenize: Callable[[str], Sequence[str]], tags: Mapping[str, str]
) -> bool:
    """Whether the fixed part holds a structure of its own: an adverb (``X还不够“Y”``), or parallel clauses
    each with fixed words of its own (``X有Y，努力Z的政治W``; not ``企业应X制度，Y``, whose second clause is
    all slot).  Such a frame teaches something even when one report's parallel headings are all that use
    it; a run of topic words (``X计算理论``) does not."""
    text = "".join("\0" if p is None else p for p in parts)
    if any(tags.get(w, "").startswith("d") for p in parts if p is not None for w in tokenize(p)):
        return True
    clauses = CLAUSE_MARK_RE.split(text)
    return len(clauses) > 1 and all(CJK_RE.search(c) for c in clauses)


#: A slot filler that is a date or a number (``2024``, ``一九五八``, ``今``, ``十四五``): the heading is a
#: dated standard heading (``X年经济社会发展总体要求和政策取向``), its fixed part all it says.
DATE_FILLER_RE = re.compile(r"^[\d０-９〇零一二三四五六七八九十百千两今去明上下本]+(?:年度?)?$|^“[^”]{1,4}”$")


def edge_fault(
    parts: Sequence[Part],
    *,
    tokenize: Callable[[str], Sequence[str]],
    tags: Mapping[str, str],
    fillers: Iterable[str] = (),
) -> str | None:
    """``"edge"`` when the template's one slot lies at its start or end and its fixed part is a single
    stretch without a structure (:func:`structural`: no adverb, no second clause), else None.

    Why: ``X试点示范``, ``X提升工程``, ``X保障能力`` are the head of a noun compound whose modifier varies,
    ``强化科技X``, ``全面提升X`` a verb with the start of its object, ``X推动区域协调发展`` the end of a
    clause: what the headings are about or a cut phrase, not how they are written.  One slot at an edge
    is a frame only with a structure of its own: ``X还不够到位`` (还), ``X有待进一步加强`` (进一步),
    ``X，保持经济运行在合理区间`` (a clause the slot's clause is joined to).  A slot whose ``fillers``
    (the matched headings' texts there) are all dates or numbers (:data:`DATE_FILLER_RE`) is no modifier:
    ``X年经济社会发展总体要求和政策取向`` is the genre's dated heading and stays.
    """
    slots = [i for i, p in enumerate(parts) if p is None]
    if len(slots) != 1 or slots[0] not in (0, len(parts) - 1):
        return None
    if structural(parts, tokenize, tags) or fixed_clause(parts, tokenize=tokenize, tags=tags):
        return None
    seen = [f.strip() for f in fillers]
    if seen and all(DATE_FILLER_RE.match(f) for f in seen):
        return None
    return "edge"
