"""Where a 提法 is used as a unit, and what that says about it: a reusable formulation of the genre, or a
word inside another word, one document's coinage, a quoted everyday word, a name.

The two slogan detectors (:mod:`~analysis.miners.numeral_slogans`, :mod:`~analysis.miners.quoted_slogans`)
propose candidates; :func:`slogan_uses` counts each candidate's uses again, all candidates in one
Aho–Corasick pass over the distinct sentences (:func:`~analysis.multimatch.find_nonoverlapping`):

* a **use** is an occurrence that starts and ends at a token boundary or a quotation mark: ``名品`` inside
  ``知名品牌`` or ``智能办`` inside ``智能办公`` is no use of the quoted ``“名品”``, ``“智能办”``; the marks
  themselves are ignored inside it (``“三公”经费`` is a use of ``三公经费`` too, so the part goes inside the
  whole, :func:`~analysis.miners.slogans.drop_contained_slogans`);
* its **independent documents** (:class:`~analysis.miners.families.DocumentFamilies`): four versions of one
  plan quoting ``“给政策”`` are one document, not four;
* the independent documents that **quote** it.

:func:`slogan_fault` then says why a candidate is no 提法 from generic resources only (jieba's dictionary,
place tags, words for people and organs): a dictionary word writers rarely quote (``“两难”``, ``“耐心”``), a
name (``“爱山东”`` app, ``泰山学者`` title, ``上海合作组织``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from analysis.distinct import DistinctSentences
from analysis.miners.shared import CLOSE_QUOTES, NUMERALS, OPEN_QUOTES
from analysis.miners.slogan_places import at_cuts, occurrences
from analysis.miners.slogan_texts import SloganTexts, counted_mask
from analysis.miners.termhood import ReferenceModel, dictionary_cut

__all__ = [
    "COUNTRY_WORDS",
    "PERSON_NOUNS",
    "QUOTED_WORD_SHARE",
    "SloganUses",
    "described",
    "quoted_name",
    "slogan_fault",
    "slogan_uses",
]

#: A dictionary word is a 提法 when quoted in at least this share of its uses (``低保`` 12 of 32, ``一站式``
#: 8 of 25) …
QUOTED_WORD_SHARE = 0.25
#: … by at least this many independent documents (``“耐心”资本`` is quoted by four versions of one plan
#: only, ``“领跑”`` by two documents among its uses in five): an everyday word becomes a formulation when
#: writers keep quoting it (``“瓶颈”`` 5, ``“菜篮子”`` 13).
QUOTED_WORD_DOCUMENTS = 3
#: A word this frequent in jieba's dictionary is general vocabulary.  jieba lists words it has no count for
#: with 3 (卡脖子, 独角兽 4 are such coinages), so a count of 5 or more is one it has seen.
DICTIONARY_WORD_FREQ = 5
#: Parts of a description: a phrase cut into dictionary words of two or more characters each this frequent,
#: ending in an activity (``在线服务``: 在线 1082 + 服务 13036 vn; ``自动驾驶测试``: 驾驶 911) …
COMMON_PART_FREQ = 500
ACTIVITY_TAGS: frozenset[str] = frozenset({"v", "vn"})
#: … is a description, not a 提法, unless at least this many independent documents quote it.
DESCRIPTION_QUOTING = 2
#: A numeral before one of these ranks the best of something (十强, 百强, 十佳): a ranking, not a formula.
RANKING_CHARS: frozenset[str] = frozenset("强佳优")
#: A place word this frequent in jieba's dictionary is a real place (jieba tags junk compounds ``ns`` with
#: count 3: 两国, 中美, 深港).
PLACE_WORD_FREQ = 100
#: The country's own name: a national formulation holds it (两个中国, 中国方案, 健康中国), no name does.
COUNTRY_WORDS: frozenset[str] = frozenset({"中国", "中华", "全国", "我国"})
#: Nouns for people that make a place word a title conferred on people (a talent programme: 某山学者,
#: 某地产业领军人才), not a formulation.
PERSON_NOUNS: tuple[str, ...] = ("学者", "人才", "英才", "专家", "名师", "工匠", "院士", "能手", "标兵")
#: Words ending an organisation's name (上海合作组织, 某某委员会).
ORGAN_ENDINGS: tuple[str, ...] = ("组织", "委员会", "联合会", "协会", "集团", "公司", "银行")
_QUOTE_CHARS = OPEN_QUOTES | CLOSE_QUOTES
_QUOTE_RE = re.compile(f"[{re.escape(''.join(sorted(_QUOTE_CHARS)))}]")


@dataclass(frozen=True, slots=True)
class SloganUses:
    """A candidate's uses as a unit (see the module docstring)."""

    freq: int  #: uses: occurrences at token boundaries or quotation marks on both sides
    quoted: int  #: uses inside quotation marks
    reports: int  #: reports with a use
    independent: int  #: independent documents among them
    quoting: int  #: independent documents quoting it


def slogan_uses(
    phrases: Sequence[str],
    distinct: DistinctSentences,
    *,
    count_independent: Callable[[Iterable[str]], int] | None = None,
    texts: SloganTexts | None = None,
) -> dict[str, SloganUses]:
    """Each phrase's :class:`SloganUses` in the distinct sentences, each group weighing its count.

    Occurrences are found in the texts with their quotation marks deleted (``“三公”经费`` is an occurrence
    of ``三公经费``: :func:`~analysis.miners.slogan_places.occurrences`) and judged in the text itself: a
    use starts and ends at a token boundary or a quotation mark; it is quoted when marks open before it and
    close after it.  A numeral-initial phrase never counts inside a longer number
    (:func:`~analysis.miners.quoted_slogans.counts_at`).  All occurrences are judged at once, as arrays
    (the places of the token boundaries: :func:`~analysis.miners.slogan_places.at_cuts`); a Python step
    per occurrence and a set of boundaries per sentence were ≈ 0.3 s at 30 MB.  ``count_independent``:
    reports → independent documents among them
    (:meth:`~analysis.miners.families.DocumentFamilies.count`); default: every report is independent.
    ``texts``: :class:`~analysis.miners.slogan_texts.SloganTexts` of ``distinct``, if the caller has it
    (its scans are reused).
    """
    count = count_independent or (lambda docs: len(set(docs)))
    groups, docs = distinct.groups, distinct.docs
    if texts is None:
        texts = SloganTexts(distinct)
    unique = list(dict.fromkeys(phrases))
    found = occurrences(unique, texts)
    holder, start, end = found.holder, found.start, found.end
    text_start = texts.starts[holder]
    open_quote = (start > text_start) & texts.is_in(OPEN_QUOTES, start - 1)
    close_quote = (end < text_start + texts.lengths[holder]) & texts.is_in(CLOSE_QUOTES, end)
    starts_ok, ends_ok = at_cuts(groups, texts, holder, start, end)
    used = (open_quote | starts_ok) & (close_quote | ends_ok)
    quoted_use = used & open_quote & close_quote
    weight = texts.counts[holder]
    out: dict[str, SloganUses] = {}
    for k, phrase in enumerate(unique):
        lo, hi = found.bounds[k], found.bounds[k + 1]
        use, quote = used[lo:hi], quoted_use[lo:hi]
        if phrase[0] in NUMERALS:
            counted = counted_mask(phrase, start[lo:hi], texts)
            use, quote = use & counted, quote & counted
        holders, quoting = holder[lo:hi][use].tolist(), holder[lo:hi][quote].tolist()
        freq, quoted = int(weight[lo:hi][use].sum()), int(weight[lo:hi][quote].sum())
        reports = _reports(docs, holders)
        out[phrase] = SloganUses(freq, quoted, len(reports), count(reports), count(_reports(docs, quoting)))
    return out


def quote_shifts(text: str) -> list[int]:
    """``q_j − j`` for the quotation marks of ``text`` (the j-th at ``q_j``): see :func:`text_offset`."""
    return [m.start() - j for j, m in enumerate(_QUOTE_RE.finditer(text))]


def text_offset(shifts: Sequence[int], bare: int) -> int:
    """The offset in a text of the character at ``bare`` in the text without its quotation marks: ``bare``
    plus the marks before it — mark j comes before when ``q_j − j <= bare`` (``shifts``:
    :func:`quote_shifts`).  One bisection, where a list of every kept character's offset cost a step per
    character of every sentence read."""
    return bare + bisect_right(shifts, bare)


def _reports(docs: Sequence[frozenset[str]], holders: Iterable[int]) -> set[str]:
    return set().union(*(docs[g] for g in set(holders)))


def quoted_name(phrase: str, *, word_freq: Mapping[str, int], word_tags: Mapping[str, str]) -> bool:
    """Whether ``phrase`` names one thing rather than formulating a policy: a place word (tagged ``ns``,
    frequency ``>= PLACE_WORD_FREQ``, not :data:`COUNTRY_WORDS`) with at most one character beside it
    (an app or a brand: 爱某省, 某省通), or followed by a noun for people (:data:`PERSON_NOUNS`: a title,
    某山学者) or an organisation (:data:`ORGAN_ENDINGS`: 上海合作组织).  A place in a longer formulation
    (数字某省, 某省制造, 台湾独立) is kept: the genre builds formulations on places.
    """
    for size in range(min(len(phrase) - 1, 4), 1, -1):
        for i in range(len(phrase) - size + 1):
            word = phrase[i : i + size]
            if (
                word in COUNTRY_WORDS
                or word_tags.get(word) != "ns"
                or (word_freq.get(word) or 0) < PLACE_WORD_FREQ
            ):
                continue
            if len(phrase) - size <= 1 or phrase.endswith(PERSON_NOUNS + ORGAN_ENDINGS):
                return True
    return False


def described(phrase: str, *, model: ReferenceModel, word_tags: Mapping[str, str]) -> bool:
    """Whether ``phrase`` is a description made of common words: cut into two or more dictionary words
    (:func:`~analysis.miners.termhood.dictionary_cut`), each of frequency ``>= COMMON_PART_FREQ``, the last
    an activity (``v``/``vn``: 在线服务, 企业运营, 自动驾驶测试).  ``model``: the dictionary's counts
    (:func:`~analysis.miners.termhood.reference_model`).  A noun head (中国方案, 工业大脑) or a part
    the dictionary lacks (企业上云, 云制造) is no such description."""
    parts = dictionary_cut(phrase, model, whole=False)
    return (
        len(parts) >= 2
        and all(len(part) >= 2 and (model.freq.get(part) or 0) >= COMMON_PART_FREQ for part in parts)
        and word_tags.get(parts[-1]) in ACTIVITY_TAGS
    )


def slogan_fault(
    phrase: str, uses: SloganUses, *, model: ReferenceModel, word_tags: Mapping[str, str]
) -> str | None:
    """Why the candidate ``phrase`` with ``uses`` is no 提法 by its words, or None.

    * ``"quoted word"``: a dictionary word of general language (frequency ``>= DICTIONARY_WORD_FREQ``, not a
      set phrase ``i``/``l``, not numeral-initial) quoted in fewer than :data:`QUOTED_WORD_SHARE` of its
      uses or by fewer than :data:`QUOTED_WORD_DOCUMENTS` independent documents (``两难`` 1 of 6,
      ``文化大革命`` 2 of 20, ``“耐心”`` by one plan);
    * ``"description"``: :func:`described`, not numeral-initial (``四个现代化`` is a formula), and quoted
      by fewer than :data:`DESCRIPTION_QUOTING` independent documents;
    * ``"ranking"``: a numeral and a :data:`RANKING_CHARS` character (``十佳…``);
    * ``"name"``: :func:`quoted_name`.

    ``model``: jieba's dictionary counts (:func:`~analysis.miners.termhood.reference_model`).
    """
    word_freq = model.freq
    if (
        (word_freq.get(phrase) or 0) >= DICTIONARY_WORD_FREQ
        and word_tags.get(phrase) not in ("i", "l")
        and phrase[0] not in NUMERALS
        and (uses.quoted < QUOTED_WORD_SHARE * uses.freq or uses.quoting < QUOTED_WORD_DOCUMENTS)
    ):
        return "quoted word"
    if (
        phrase[0] not in NUMERALS
        and uses.quoting < DESCRIPTION_QUOTING
        and described(phrase, model=model, word_tags=word_tags)
    ):
        return "description"
    if phrase[0] in NUMERALS and phrase[1:2] in RANKING_CHARS:
        return "ranking"
    if quoted_name(phrase, word_freq=word_freq, word_tags=word_tags):
        return "name"
    return None
