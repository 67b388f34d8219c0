"""Quoted 提法 (slogans): short formulations written inside quotes (``“关键少数”``, ``“放管服”``,
``“不忘初心、牢记使命”``).

One of the two slogan detectors (:mod:`analysis.miners.slogans` merges it with
:mod:`analysis.miners.numeral_slogans`).  It reads the distinct sentences
(:class:`~analysis.distinct.DistinctSentences`): the quotations of their texts, then every occurrence of
each quoted string, quoted or not, in all of them; and jieba's dictionary, to tell a coinage from a common
word someone once put in quotes.  Rows are sorted by score descending with the phrase as tie-break, and
``example`` is left ``""``: the phrase bank attaches a sentence.  The placeholder ``□`` (see
:data:`analysis.records.PLACEHOLDER`) is never part of a phrase.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from analysis.distinct import DistinctSentences, distinct_sentences
from analysis.miners.jieba_dictionary import jieba_word_freq
from analysis.miners.shared import (
    BAD_END_CHARS,
    CLOSE_QUOTES,
    NUMERALS,
    cjk_count,
    ranked,
    slogan_score,
    union_size,
)
from analysis.miners.slogan_texts import NUMBER_CONTEXT, PLAN_NEXT, SloganTexts, counted_mask
from analysis.records import PLACEHOLDER, Phrase, Sentence

__all__ = ["COMMON_WORD_FREQ", "counts_at", "mine_quoted_slogans", "quotations", "quoted_rows"]

#: A quoted word of one or two characters with at least this frequency in jieba's dictionary is an ordinary
#: word (优秀 5256, 梦想 1194, 帽子 1032, 神舟 131); it must be quoted :data:`COMMON_WORD_QUOTES` times.
COMMON_WORD_FREQ = 100
COMMON_WORD_QUOTES = 3
#: A quotation marks a 提法 when quoted this often, or in this share of its uses (see :func:`_quote_marked`).
MARKED_QUOTES = 2
MARKED_SHARE = 0.3
#: … or when it has three or more characters and is rare or unknown in jieba's dictionary (a coinage).
RARE_WORD_FREQ = 10

_QUOTE_RES = (
    re.compile(r"“([^“”\n]*)”"),
    re.compile(r"「([^「」\n]*)」"),
    re.compile(r'"([^"\n]*)"'),
)
_OPENING_CHARS = frozenset('“「"')
_ANY_QUOTE_RE = re.compile(f"[{''.join(sorted(_OPENING_CHARS))}]")
_QUOTE_CHARS_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z+＋、，,·]+$")
_NUMBER_CONTEXT = NUMBER_CONTEXT
_PLAN_NEXT = PLAN_NEXT
_SPEECH_BEFORE = frozenset("：:说道讲曰问")


def _quoted_spans(text: str) -> Iterable[str]:
    """Quotation contents of ``text`` that look like a formulation (not a sentence, not speech)."""
    if not _ANY_QUOTE_RE.search(text):  # most sentences quote nothing: one scan instead of three
        return
    for rx in _QUOTE_RES:
        for m in rx.finditer(text):
            content = m.group(1).strip()
            before = text[: m.start()].rstrip()
            if before and before[-1] in _SPEECH_BEFORE:
                continue
            yield content


def quotations(texts: SloganTexts) -> list[tuple[int, str]]:
    """``(group, content)`` of every :func:`_quoted_spans` of every text, in the same order (by group, then
    quote kind, then place), read in one join of the texts holding an opening mark: a quotation never
    holds a line break, so the matches in the join are those in each text.  Why: a call and three regex
    scans per sentence with a quotation cost ≈ 0.2 s for the 86,000 of 100 MB of distinct text."""
    marked = np.unique(texts.holder(texts.where(_OPENING_CHARS)))
    if not len(marked):
        return []
    joined = "\n".join([texts.texts[g] for g in marked.tolist()])
    starts = np.zeros(len(marked), dtype=np.int64)
    np.cumsum(texts.lengths[marked][:-1] + 1, out=starts[1:])
    found = [(m.start(), kind, m.group(1)) for kind, rx in enumerate(_QUOTE_RES) for m in rx.finditer(joined)]
    if not found:
        return []
    at = np.array([place for place, _, _ in found], dtype=np.int64)
    kinds = np.array([kind for _, kind, _ in found], dtype=np.int64)
    rank = np.searchsorted(starts, at, side="right") - 1  # the text of each quotation among ``marked``
    holder, text_start = marked[rank].tolist(), starts[rank].tolist()
    out: list[tuple[int, str]] = []
    for i in np.lexsort((at, kinds, rank)).tolist():
        place, _, content = found[i]
        before = joined[text_start[i] : place].rstrip()
        if not before or before[-1] not in _SPEECH_BEFORE:
            out.append((holder[i], content.strip()))
    return out


def _formulation_ok(content: str, max_chars: int) -> bool:
    if not 2 <= len(content) <= max_chars or PLACEHOLDER in content:
        return False
    if not _QUOTE_CHARS_RE.match(content) or content[0] in "、，,+＋":
        return False
    cjk = cjk_count(content)
    return cjk >= 2 and cjk * 3 >= len(content) * 2


def counts_at(phrase: str, text: str, pos: int) -> bool:
    """Whether the occurrence of ``phrase`` at ``pos`` in ``text`` counts: the numeral rules.

    A numeral-initial phrase never counts inside a longer number: ``一国两制`` does not count after a
    numeral or ``第``/``○``/``零``; an all-numeral plan name (``十五``, ``九五``) counts only before a closing
    quote or 计划/规划/期间/时期: ``一九五四年``, ``十五年`` do not count.  Any other phrase always counts.
    """
    if phrase[0] not in NUMERALS:
        return True
    if pos > 0 and text[pos - 1] in _NUMBER_CONTEXT:
        return False
    if not all(ch in NUMERALS for ch in phrase):
        return True
    end = pos + len(phrase)
    return (end < len(text) and text[end] in CLOSE_QUOTES) or text[end : end + 2] in _PLAN_NEXT


def _quote_marked(phrase: str, n_quoted: int, freq: int, word_freq: Mapping[str, int]) -> bool:
    """Whether the writers' quotes make ``phrase`` a 提法 rather than a word quoted now and then.

    Marked: quoted ≥ :data:`MARKED_QUOTES` times, or in ≥ :data:`MARKED_SHARE` of its uses, or shaped like a
    formula — numeral-initial (``“五保”``), several parts (``“尊重知识、尊重人才”``), or a coinage: three
    or more characters, frequency < :data:`RARE_WORD_FREQ` in jieba's dictionary, not ending in a function
    character (``“专精特新”``, ``“零就业”``, ``“大鸣大放”``; not ``“破产了”``).
    Then a one- or two-character dictionary word of frequency ≥ :data:`COMMON_WORD_FREQ` (``优秀``,
    ``面子``) still needs :data:`COMMON_WORD_QUOTES` quotations; ``台独``, ``三通``, ``瓶颈`` have them.
    """
    known = word_freq.get(phrase, 0)
    if len(phrase) <= 2 and known >= COMMON_WORD_FREQ and n_quoted < COMMON_WORD_QUOTES:
        return False
    return (
        n_quoted >= MARKED_QUOTES
        or n_quoted >= MARKED_SHARE * freq
        or phrase[0] in NUMERALS
        or any(sep in phrase for sep in "、，,")
        or (len(phrase) >= 3 and known < RARE_WORD_FREQ and phrase[-1] not in BAD_END_CHARS)
    )


def mine_quoted_slogans(
    sentences: Sequence[Sentence],
    *,
    min_freq: int = 2,
    min_doc_freq: int = 1,
    max_chars: int = 16,
    min_quoted_share: float = 0.1,
    word_freq: Mapping[str, int] | None = None,
) -> list[Phrase]:
    """Formulations inside ``“…”``, ``「…」`` or ``"…"``: ``关键少数``, ``放管服``, ``不忘初心、牢记使命``.

    A quotation qualifies when it has 2–``max_chars`` characters, at least two thirds CJK, only CJK,
    digits, Latin letters and ``+、，·`` (so no ``。！？``: whole sentences are skipped), no ``□``, and is not
    speech (opening quote right after ``：``/``说``/``道``…).  ``《…》`` titles are never quotations.
    ``freq`` counts the string in all sentence texts, quoted or not (``关键少数`` counts in
    ``抓住关键少数`` too; see :func:`counts_at` for numerals); ``doc_freq`` counts reports containing it.
    A string quoted in fewer than ``min_quoted_share`` of its uses is a common word someone once put in
    quotes (``“社会主义”``, ``“民主”``) and is dropped, and so is one the quotes do not mark as a 提法
    (:func:`_quote_marked`, with ``word_freq`` — word → frequency — defaulting to jieba's dictionary):
    ``“优秀”`` quoted once among six uses.  Score: :func:`~analysis.miners.shared.slogan_score`.
    """
    return quoted_rows(
        distinct_sentences(sentences),
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        max_chars=max_chars,
        min_quoted_share=min_quoted_share,
        word_freq=jieba_word_freq() if word_freq is None else word_freq,
    )


def quoted_rows(
    distinct: DistinctSentences,
    *,
    min_freq: int,
    min_doc_freq: int,
    max_chars: int,
    min_quoted_share: float,
    word_freq: Mapping[str, int],
    texts: SloganTexts | None = None,
) -> list[Phrase]:
    """:func:`mine_quoted_slogans` over distinct sentences, each weighing its count.

    Quotations are read in the sentences holding an opening mark only (found in the code points of
    :class:`~analysis.miners.slogan_texts.SloganTexts`: a regex search per sentence cost more than the
    quotations).  Every candidate is counted in the distinct texts joined by ``"\n"``, all candidates in
    one pass (:meth:`~analysis.miners.slogan_texts.SloganTexts.find`: an Aho–Corasick scan, linear in the
    text, where a ``str.find`` loop per candidate was quadratic as the candidates grow with the text).  A
    candidate's matches are its non-overlapping occurrences as ``str.find`` from the end of the previous
    match finds them, each then kept if :func:`counts_at` counts it
    (:func:`~analysis.miners.slogan_texts.counted_mask`, the same rules over arrays).  A candidate never
    holds a line break, so its matches in the joined text are the matches in each text (the numeral rules
    read the ``"\n"`` at a text's edge as the edge itself); a match counts its group's occurrences and its
    group's reports.  ``texts``: :class:`~analysis.miners.slogan_texts.SloganTexts` of ``distinct``, if the
    caller has it.
    """
    groups, docs = distinct.groups, distinct.docs
    if texts is None:
        texts = SloganTexts(distinct)
    quoted: Counter[str] = Counter()
    for g, content in quotations(texts):
        if _formulation_ok(content, max_chars):
            quoted[content] += groups[g].count
    phrases = list(quoted)
    out: list[Phrase] = []
    for phrase, (holders, at) in zip(phrases, texts.find(phrases), strict=True):
        n_quoted = quoted[phrase]
        if phrase[0] in NUMERALS:  # (the numeral rules; any other phrase counts everywhere)
            holders = holders[counted_mask(phrase, at, texts)]
        freq = max(int(texts.counts[holders].sum()), n_quoted)
        if not (
            freq >= min_freq
            and n_quoted >= min_quoted_share * freq
            and _quote_marked(phrase, n_quoted, freq, word_freq)
        ):
            continue
        doc_freq = union_size(docs, holders.tolist())
        if doc_freq >= min_doc_freq:
            score = slogan_score(freq, doc_freq, distinct.n_docs, n_quoted)
            out.append(Phrase(phrase, "slogan", freq, doc_freq, score))
    return ranked(out)
