"""提法 (slogans) and passages repeated across reports.

Three detectors turn :class:`~analysis.records.Sentence` records into :class:`~analysis.records.Phrase` rows:

* :func:`mine_numeral_slogans` — numeral formulas (``四个意识``, ``两个维护``, ``三会一课``, ``一岗双责``,
  ``双随机一公开``, quoted ``“四风”``/``“十四五”``), kind ``"slogan"``;
* :func:`mine_quoted_slogans` — short formulations written inside quotes (``“关键少数”``, ``“放管服”``,
  ``“不忘初心、牢记使命”``), kind ``"slogan"``; :func:`mine_slogans` merges both;
* :func:`mine_passages` — runs of clauses that several reports repeat word for word
  (``以会议贯彻会议，以文件落实文件``), kind ``"passage"``.

Every detector counts first, filters, then scores; rows are sorted by score descending with the phrase as
tie-break, so the output is deterministic.  ``example`` is left ``""``: the caller attaches a real sentence.
The placeholder ``□`` (see :data:`analysis.records.PLACEHOLDER`) is never part of a phrase.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import logging
import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

from analysis.distinct import DistinctSentences, distinct_sentences
from analysis.multimatch import find_nonoverlapping
from analysis.records import PLACEHOLDER, Phrase, Sentence
from analysis.terms import jieba_word_freq

logger = logging.getLogger(__name__)

__all__ = [
    "COMMON_NUMERAL_WORDS",
    "COMMON_WORD_FREQ",
    "MEASURE_HEADS",
    "mine_numeral_slogans",
    "mine_passages",
    "mine_quoted_slogans",
    "mine_slogans",
    "slogan_score",
]

#: Characters that start a numeral formula.
NUMERALS = frozenset("一二三四五六七八九十百千两双")
#: Opening and closing quotation marks (curly, corner and ASCII).
OPEN_QUOTES = frozenset('“「"‘')
CLOSE_QUOTES = frozenset('”」"’')

#: ``[numeral]个`` + one of these is a count, not a formula (``三个方面``, ``两个月``, ``五个百分点``).
MEASURE_HEADS: tuple[str, ...] = (
    "方面", "问题", "月", "年", "百分点", "小时", "工作日", "多月", "多小时", "季度", "星期", "礼拜", "部门",
    "单位", "环节", "阶段", "步骤", "层次", "层面", "领域", "项目", "地方", "省", "市", "县", "乡", "镇",
    "村", "国家", "城市", "人", "重要", "主要", "新的", "基本", "重点", "突出", "根本", "时期", "过程",
)  # fmt: skip

#: Words that start with a numeral but are ordinary vocabulary or enumerators (``一是`` … ``十是``).
COMMON_NUMERAL_WORDS: frozenset[str] = frozenset(
    [n + "是" for n in "一二三四五六七八九十"]
    + [n + "要" for n in "一二三四五六七八九十"]
    + [n + "来" for n in "一二三"]
    + [
        "一些", "一定", "一切", "一直", "一起", "一般", "一步", "一批", "一流", "一体", "一致", "一样",
        "一次", "一下", "一种", "一项", "一线", "一贯", "一律", "一同", "一道", "一边", "一面", "一旦",
        "一度", "一再", "一向", "一一", "一时", "一半", "一方面", "一部分", "一系列", "一并", "一番",
        "一带", "一份", "一名", "一位", "一条", "一件", "一场", "一句", "一点", "一方", "一年", "一天",
        "一月", "一日", "一生", "一身", "一心一意", "一刀切", "一窝蜂", "一把", "一帆风顺", "一如既往",
        "一举", "一概", "一味", "一行", "一经", "一手抓", "一揽子", "一大批", "一系", "一连串", "一般性",
        "一家", "一口", "一级", "一层", "一环", "一类", "一起来", "两者", "两国", "两岸", "两党", "两地",
        "两方面", "两年", "两次", "两种", "两位", "两项", "两大", "两件", "两条", "两句", "两手", "两极",
        "两头", "两侧", "两边", "双方", "双重", "双边", "双向", "双赢", "双手", "双多边", "双层", "双轨",
        "双百", "三者", "三年", "三次", "三种", "三项", "三大", "三方", "四周", "四处", "四面", "四方",
        "五年", "十分", "十足", "十年", "百年", "百姓", "百倍", "百花", "千万", "千百", "千方百计",
        "千家万户", "百分之", "二中", "三中", "四中", "五中", "六中", "七中", "千瓦", "百万", "千亿",
        "万亿", "三番五次", "四面八方", "五湖四海", "七上八下", "十全十美", "一五一十", "千辛万苦",
        "千军万马", "百折不挠", "千秋万代", "两面", "一分", "一二", "三四", "四五", "五六", "六七",
        "七八", "八九", "九十",
    ]
)  # fmt: skip

#: A chunk after a numeral that starts with one of these makes a count or an ordinary word, not a formula.
_MEASURE_CHARS = frozenset(
    "亿万年月日天周次个位名人项件条种批类户元倍成半岁期届些点层级部分方面时段是定切直起般步流致样下"
)
#: A formula does not end with a function character (``四个意识的`` is ``四个意识`` + ``的``).
_BAD_END_CHARS = frozenset("的了和与及等是在并或而也都着过把被对向从将为就")

#: A quoted word of one or two characters with at least this frequency in jieba's dictionary is an ordinary
#: word (优秀 5256, 梦想 1194, 帽子 1032, 神舟 131); it must be quoted :data:`COMMON_WORD_QUOTES` times.
COMMON_WORD_FREQ = 100
COMMON_WORD_QUOTES = 3
#: A quotation marks a 提法 when quoted this often, or in this share of its uses (see :func:`_quote_marked`).
MARKED_QUOTES = 2
MARKED_SHARE = 0.3
#: … or when it has three or more characters and is rare or unknown in jieba's dictionary (a coinage).
RARE_WORD_FREQ = 10

_MAX_HEAD = 5  # CJK characters after 个 (两个特别行政区)
_MAX_GROUPS = 4  # numeral groups of 三去一降一补 style formulas

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_QUOTE_RES = (
    re.compile(r"“([^“”\n]*)”"),
    re.compile(r"「([^「」\n]*)」"),
    re.compile(r'"([^"\n]*)"'),
)
_QUOTE_CHARS_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z+＋、，,·]+$")
_NUMBER_CONTEXT = NUMERALS | frozenset("第○零")
_PLAN_NEXT = frozenset(["计划", "规划", "期间", "时期"])
_SPEECH_BEFORE = frozenset("：:说道讲曰问")
#: Clause separators of passages.  ``、`` splits too, so ``增强“四个意识”、坚定“四个自信”`` is two clauses.
_CLAUSE_RE = re.compile(r"[^，,；;：:。！？!?、\n]+")
_PUNCT_NORMAL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _cjk_count(text: str) -> int:
    return len(_CJK_RE.findall(text))


def slogan_score(freq: int, doc_freq: int, n_docs: int, quoted: int, *, shaped: bool = False) -> float:
    """``log(1 + freq) × (doc_freq / n_docs) × sqrt(marked)``.

    Frequency is damped by the log (a formula used 100 times is not 50× better than one used twice); the
    share of reports using it rewards formulas of the whole genre over one report's pet phrase.  ``marked``
    is how strongly writers mark the string as a 提法: its quoted share ``min(1, quoted / freq)``; a numeral
    formula (``shaped``) is marked by its shape too, so its share is at least 0.5.  The square root keeps a
    half-quoted formula close to an always-quoted one, while a common word quoted once in a thousand uses
    (``“社会主义”``) drops by a factor of about 30.
    """
    if freq <= 0 or n_docs <= 0:
        return 0.0
    marked = min(1.0, quoted / freq)
    if shaped:
        marked = max(marked, 0.5)
    return math.log1p(freq) * (doc_freq / n_docs) * math.sqrt(marked)


def _boundaries(sentence: Sentence) -> set[int]:
    """Offsets where a token starts or ends (0 and len(text) included)."""
    cuts = {0}
    pos = 0
    for tok in sentence.tokens:
        pos += len(tok)
        cuts.add(pos)
    if pos != len(sentence.text):  # tokens that do not concatenate to the text: fall back to characters
        logger.debug(
            "tokens of %s do not concatenate to its text; using character boundaries", sentence.doc_id
        )
        return set(range(len(sentence.text) + 1))
    return cuts


def _nonnum_run(text: str, pos: int, limit: int) -> int:
    """Length of the run of non-numeral CJK characters at ``pos`` (at most ``limit``)."""
    n = 0
    while pos + n < len(text) and n < limit and _is_cjk(text[pos + n]) and text[pos + n] not in NUMERALS:
        n += 1
    return n


def _chunk_ok(numeral: str, chunk: str) -> bool:
    """A numeral group ``三会`` is formula material unless it is an enumerator, a count or a common word."""
    word = numeral + chunk
    if chunk[0] in _MEASURE_CHARS:
        return False
    return not any(word[:k] in COMMON_NUMERAL_WORDS for k in range(2, len(word) + 1))


def _numeral_candidates(text: str, start: int, cuts: set[int]) -> tuple[list[str], set[str], bool]:
    """Candidate formulas at ``start``; those that are only a bare token; whether the occurrence is quoted."""
    n = len(text)
    quoted_open = start > 0 and text[start - 1] in OPEN_QUOTES

    def ends_ok(end: int) -> bool:
        return end in cuts or (end < n and text[end] in CLOSE_QUOTES)

    def good_end(end: int) -> bool:
        return ends_ok(end) and text[end - 1] not in _BAD_END_CHARS

    ends: list[int] = []
    # Pattern 1: [numeral]个[2–5 CJK], not 一个, not a count (三个方面).
    if start + 1 < n and text[start + 1] == "个" and text[start] != "一":
        head_start = start + 2
        run = _nonnum_run(text, head_start, _MAX_HEAD)
        head = text[head_start : head_start + run]
        if run >= 2 and not any(head.startswith(m) for m in MEASURE_HEADS):
            ends.extend(e for e in range(head_start + 2, head_start + run + 1) if good_end(e))
    # Pattern 2: ([numeral][CJK]{1,2})+[numeral][CJK]{1,3}: 三会一课, 一岗双责, 双随机一公开, 三去一降一补.
    pos, groups = start, 0
    while pos < n and text[pos] in NUMERALS and groups < _MAX_GROUPS:
        run = _nonnum_run(text, pos + 1, 3)
        if run == 0:
            break
        numeral = text[pos]
        groups += 1
        nxt = pos + 1 + run
        if groups >= 2:
            ends.extend(
                e for e in range(pos + 2, nxt + 1) if good_end(e) and _chunk_ok(numeral, text[pos + 1 : e])
            )
        if not _chunk_ok(numeral, text[pos + 1 : nxt]) or run > 2 or nxt >= n or text[nxt] not in NUMERALS:
            break
        pos = nxt
    # Pattern 3a: a token of its own that is [numeral][CJK]{1,2} (三农, 四风 when jieba keeps them whole);
    # kept later only if the corpus also quotes it (see mine_numeral_slogans).
    bare: set[str] = set()
    tok_end = start + 1
    while tok_end < n and tok_end not in cuts:
        tok_end += 1
    if (
        2 <= tok_end - start <= 3
        and _nonnum_run(text, start + 1, 2) >= tok_end - start - 1
        and _chunk_ok(text[start], text[start + 1 : tok_end])
        and good_end(tok_end)
    ):
        bare.add(text[start:tok_end])
    # Pattern 3b (quoted only): the whole quotation is [numeral][CJK]{1,3}: “四风”, “三服务”, “十四五”.
    if quoted_open:
        close = start + 1
        while close < n and close - start < 4 and _is_cjk(text[close]):
            close += 1
        if close < n and text[close] in CLOSE_QUOTES and close - start >= 2:
            word = text[start:close]
            if word not in COMMON_NUMERAL_WORDS:
                ends.append(close)
        qends = [e for e in ends if e < n and text[e] in CLOSE_QUOTES]
        if qends:
            return [text[start : max(qends)]], set(), True
    cands = {text[start:e] for e in ends} - COMMON_NUMERAL_WORDS
    return sorted(cands | bare, key=len), bare - cands, False


def _numeral_starts(sent: Sentence) -> Iterator[tuple[list[str], set[str], bool]]:
    """Yield ``(candidates, bare-token candidates, quoted)`` for every place a formula may start in ``sent``.

    A numeral inside a candidate of an earlier start (the ``一`` of ``三重一大``) starts nothing.
    """
    text = sent.text
    if not any(ch in NUMERALS for ch in text):
        return
    cuts: set[int] | None = None
    covered = 0
    for start, ch in enumerate(text):
        if ch not in NUMERALS or start < covered:
            continue
        prev = text[start - 1] if start else ""
        if prev == "第" or prev in NUMERALS:
            continue
        if cuts is None:
            cuts = _boundaries(sent)
        if start not in cuts and prev not in OPEN_QUOTES:
            continue
        cands, bare, quoted = _numeral_candidates(text, start, cuts)
        if cands:
            covered = start + max(len(c) for c in cands)
            yield cands, bare, quoted


def _union_size(docs: Sequence[frozenset[str]], holders: Iterable[int]) -> int:
    """``|∪ docs[g]|`` over the groups ``holders`` (repeats allowed): the reports holding any of them."""
    distinct = set(holders)
    if len(distinct) == 1:
        return len(docs[next(iter(distinct))])
    return len(frozenset().union(*(docs[g] for g in distinct)))


def mine_numeral_slogans(
    sentences: Sequence[Sentence], *, min_freq: int = 2, min_doc_freq: int = 1
) -> list[Phrase]:
    """Numeral formulas: ``四个意识``, ``两个维护``, ``三会一课``, ``一岗双责``, ``“四风”``, ``“十四五”``.

    Shapes (numerals ``一二三四五六七八九十百千两双``; the formula starts at a token boundary or after an
    opening quote, not after ``第`` or another numeral, and ends at a token boundary or a closing quote):

    1. ``[numeral]个[2–5 CJK]`` — not ``一个…``, not a count (:data:`MEASURE_HEADS`: ``三个方面``);
    2. ``([numeral][CJK]{1,2})+[numeral][CJK]{1,3}`` — ``三会一课``, ``双随机一公开``; no group may be an
       enumerator, count or common word (:data:`COMMON_NUMERAL_WORDS`: ``三是一些`` is no formula);
    3. ``[numeral][CJK]{1,3}`` as a whole quotation (``“四风”``, ``“三服务”``, ``“十四五”``), or
       ``[numeral][CJK]{1,2}`` as a token of its own (``三农`` in ``做好三农工作``) when the corpus quotes
       that string at least once — bare numeral tokens are mostly ordinary words (``一员``, ``二亿``).

    An unquoted occurrence may end at several boundaries (``四个意识的…``): each candidate is counted once
    in a first pass, and the occurrence goes to its most frequent candidate (ties: the longer), so the
    corpus decides where a formula ends.  Score: :func:`slogan_score`.
    """
    return _numeral_rows(distinct_sentences(sentences), min_freq=min_freq, min_doc_freq=min_doc_freq)


def _numeral_rows(distinct: DistinctSentences, *, min_freq: int, min_doc_freq: int) -> list[Phrase]:
    """:func:`mine_numeral_slogans` over distinct sentences: each is scanned once and weighs its count."""
    groups, docs = distinct.groups, distinct.docs
    occurrences = [(gi, *start) for gi, g in enumerate(groups) for start in _numeral_starts(g.sentence)]
    seen_quoted = {cands[0] for _, cands, _, is_quoted in occurrences if is_quoted}
    cand_count: Counter[str] = Counter()
    kept_occurrences: list[tuple[int, list[str], bool]] = []
    for gi, cands, bare, is_quoted in occurrences:
        cands = [c for c in cands if c not in bare or c in seen_quoted]
        if cands:
            for cand in cands:
                cand_count[cand] += groups[gi].count
            kept_occurrences.append((gi, cands, is_quoted))
    freq: Counter[str] = Counter()
    quoted: Counter[str] = Counter()
    holders: dict[str, list[int]] = defaultdict(list)
    for gi, cands, is_quoted in kept_occurrences:
        best = max(cands, key=lambda c: (cand_count[c], len(c)))
        freq[best] += groups[gi].count
        quoted[best] += is_quoted * groups[gi].count
        holders[best].append(gi)
    doc_freq = {p: _union_size(docs, holders[p]) for p in freq}
    out = [
        Phrase(
            p, "slogan", f, doc_freq[p], slogan_score(f, doc_freq[p], distinct.n_docs, quoted[p], shaped=True)
        )
        for p, f in freq.items()
        if f >= min_freq and doc_freq[p] >= min_doc_freq
    ]
    return _ranked(out)


def _quoted_spans(text: str) -> Iterable[str]:
    """Quotation contents of ``text`` that look like a formulation (not a sentence, not speech)."""
    for rx in _QUOTE_RES:
        for m in rx.finditer(text):
            content = m.group(1).strip()
            before = text[: m.start()].rstrip()
            if before and before[-1] in _SPEECH_BEFORE:
                continue
            yield content


def _formulation_ok(content: str, max_chars: int) -> bool:
    if not 2 <= len(content) <= max_chars or PLACEHOLDER in content:
        return False
    if not _QUOTE_CHARS_RE.match(content) or content[0] in "、，,+＋":
        return False
    cjk = _cjk_count(content)
    return cjk >= 2 and cjk * 3 >= len(content) * 2


def _counts_at(phrase: str, text: str, pos: int) -> bool:
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
        or (len(phrase) >= 3 and known < RARE_WORD_FREQ and phrase[-1] not in _BAD_END_CHARS)
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
    ``抓住关键少数`` too; see :func:`_counts_at` for numerals); ``doc_freq`` counts reports containing it.
    A string quoted in fewer than ``min_quoted_share`` of its uses is a common word someone once put in
    quotes (``“社会主义”``, ``“民主”``) and is dropped, and so is one the quotes do not mark as a 提法
    (:func:`_quote_marked`, with ``word_freq`` — word → frequency — defaulting to jieba's dictionary):
    ``“优秀”`` quoted once among six uses.  Score: :func:`slogan_score`.
    """
    return _quoted_rows(
        distinct_sentences(sentences),
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        max_chars=max_chars,
        min_quoted_share=min_quoted_share,
        word_freq=jieba_word_freq() if word_freq is None else word_freq,
    )


def _quoted_rows(
    distinct: DistinctSentences,
    *,
    min_freq: int,
    min_doc_freq: int,
    max_chars: int,
    min_quoted_share: float,
    word_freq: Mapping[str, int],
) -> list[Phrase]:
    """:func:`mine_quoted_slogans` over distinct sentences, each weighing its count.

    Every candidate is counted in the distinct texts joined by ``"\\n"``, all candidates in one pass
    (:func:`~analysis.multimatch.find_nonoverlapping`: an Aho–Corasick scan, linear in the text, where a
    ``str.find`` loop per candidate was quadratic as the candidates grow with the text).  A candidate's
    matches are its non-overlapping occurrences as ``str.find`` from the end of the previous match finds
    them, each then kept if :func:`_counts_at` counts it.  A candidate never holds a line break, so its
    matches in the joined text are the matches in each text (the numeral rules read the ``"\\n"`` at a
    text's edge as the edge itself); a match counts its group's occurrences and its group's reports.
    """
    groups, docs = distinct.groups, distinct.docs
    quoted: Counter[str] = Counter()
    for group in groups:
        for content in _quoted_spans(group.sentence.text):
            if _formulation_ok(content, max_chars):
                quoted[content] += group.count
    corpus = "\n".join(g.sentence.text for g in groups)
    offsets = list(itertools.accumulate((len(g.sentence.text) + 1 for g in groups[:-1]), initial=0))
    phrases = list(quoted)
    out: list[Phrase] = []
    for phrase, found in zip(phrases, find_nonoverlapping(phrases, corpus), strict=True):
        n_quoted = quoted[phrase]
        holders = [bisect_right(offsets, pos) - 1 for pos in found if _counts_at(phrase, corpus, pos)]
        freq = max(sum(groups[g].count for g in holders), n_quoted)
        if not (
            freq >= min_freq
            and n_quoted >= min_quoted_share * freq
            and _quote_marked(phrase, n_quoted, freq, word_freq)
        ):
            continue
        doc_freq = _union_size(docs, holders)
        if doc_freq >= min_doc_freq:
            score = slogan_score(freq, doc_freq, distinct.n_docs, n_quoted)
            out.append(Phrase(phrase, "slogan", freq, doc_freq, score))
    return _ranked(out)


def mine_slogans(
    sentences: Sequence[Sentence],
    *,
    min_freq: int = 2,
    min_doc_freq: int = 1,
    max_chars: int = 16,
    min_quoted_share: float = 0.1,
    word_freq: Mapping[str, int] | None = None,
    distinct: DistinctSentences | None = None,
) -> list[Phrase]:
    """Numeral and quoted formulations merged: one row per phrase (the higher-scoring row wins).

    Sorted by score descending, then phrase.  ``distinct``: ``distinct_sentences(sentences)``, if the caller
    has it already (the passage miner reads the same).
    """
    if distinct is None:
        distinct = distinct_sentences(sentences)  # grouped once for both miners
    rows = _numeral_rows(distinct, min_freq=min_freq, min_doc_freq=min_doc_freq)
    rows += _quoted_rows(
        distinct,
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        max_chars=max_chars,
        min_quoted_share=min_quoted_share,
        word_freq=jieba_word_freq() if word_freq is None else word_freq,
    )
    best: dict[str, Phrase] = {}
    for row in rows:
        kept = best.get(row.phrase)
        if kept is None or (row.score, row.freq) > (kept.score, kept.freq):
            best[row.phrase] = row
    return _ranked(best.values())


def _ranked(rows: Iterable[Phrase]) -> list[Phrase]:
    return sorted(rows, key=lambda p: (-p.score, p.phrase))


def _clause_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CLAUSE_RE.finditer(text)]


def _repeated_runs(
    sentences: Sequence[Sentence],
    *,
    min_doc_freq: int,
    distinct: DistinctSentences | None = None,
    closed: bool = False,
) -> dict[str, tuple[int, int, tuple[str, ...]]]:
    """Every run of consecutive clauses of one sentence found in ≥ ``min_doc_freq`` reports.

    Returns ``{run: (doc_freq, freq, clauses)}``.  Level-wise (Apriori) counting: a run of ``k`` clauses can
    only be in ``min_doc_freq`` reports if both its runs of ``k − 1`` clauses are, so level ``k`` counts only
    the starts whose two shorter runs survived level ``k − 1``.  There is no length cap: a repeated run of 20
    clauses is found whole, in as many passes as it has clauses.  A clause holding ``□`` never joins a run.

    The levels run over distinct sentences (:func:`~analysis.distinct.group_sentences`): a run remembers the
    groups holding it, one entry per place, and gets ``freq = Σ count`` and ``doc_freq = |∪ docs|`` of those
    groups, so time and memory follow the distinct text, not how often a sentence is repeated.

    ``closed=True`` leaves out the runs held by one group only, except the group's *segments* (its maximal
    runs of clauses without ``□``).  Such a run is inside its segment, which is held by that group only too,
    so both are in the same reports and :func:`_drop_contained` would drop the run; and every run holding
    it is held by that group only, so it is not grown either.  Why: in a corpus holding each report several
    times every sentence is in ≥ 2 reports, and all its ``n(n+1)/2`` runs were counted only to be dropped.
    """
    if distinct is None:
        distinct = distinct_sentences(sentences)
    counts = [g.count for g in distinct.groups]
    docs = distinct.docs
    texts = [g.sentence.text.translate(_PUNCT_NORMAL) for g in distinct.groups]
    spans = [_clause_spans(text) for text in texts]

    found: dict[str, tuple[int, int, tuple[str, ...]]] = {}
    starts = [(g, i) for g, clauses in enumerate(spans) for i in range(len(clauses))]
    k = 1
    while starts:
        places: dict[str, list[int]] = defaultdict(list)  # run → its places, as indices into starts
        for n, (g, i) in enumerate(starts):
            places[texts[g][spans[g][i][0] : spans[g][i + k - 1][1]]].append(n)
        survivors = set()
        for run, at in places.items():
            if k == 1 and PLACEHOLDER in run:
                continue
            holders = [starts[n][0] for n in at]
            if closed and holders.count(holders[0]) == len(holders):
                continue  # held by one group: only its segments are kept, below
            doc_freq = _union_size(docs, holders)
            if doc_freq >= min_doc_freq:
                survivors.update(starts[n] for n in at)
                g, i = starts[at[0]]
                clauses = tuple(texts[g][a:b] for a, b in spans[g][i : i + k])
                found[run] = (doc_freq, sum(counts[h] for h in holders), clauses)
        k += 1
        starts = sorted((g, i) for g, i in survivors if (g, i + 1) in survivors and i + k - 1 < len(spans[g]))
    if closed:
        for g, text in enumerate(texts):
            if len(docs[g]) >= min_doc_freq:
                _add_segments(found, text, spans[g], len(docs[g]), counts[g])
    return found


def _add_segments(
    found: dict[str, tuple[int, int, tuple[str, ...]]],
    text: str,
    spans: Sequence[tuple[int, int]],
    doc_freq: int,
    count: int,
) -> None:
    """Add the segments of one sentence group (maximal runs of clauses without ``□``) missing from ``found``.

    A missing segment is held by this group only (a run held by two groups was grown whole), so it is in the
    group's reports (``doc_freq``) and occurs ``count`` times per place where its clauses are, in a row.
    """
    clauses = [text[a:b] for a, b in spans]
    segments: list[tuple[str, tuple[str, ...]]] = []
    start = 0
    for end in range(len(clauses) + 1):
        if end == len(clauses) or PLACEHOLDER in clauses[end]:
            if end > start:
                segments.append((text[spans[start][0] : spans[end - 1][1]], tuple(clauses[start:end])))
            start = end + 1
    for segment, parts in segments:
        if segment not in found:
            size = len(parts)
            places = sum(tuple(clauses[i : i + size]) == parts for i in range(len(clauses) - size + 1))
            found[segment] = (doc_freq, count * places, parts)


def mine_passages(
    sentences: Sequence[Sentence],
    *,
    min_doc_freq: int = 2,
    min_chars: int = 12,
    contained_share: float = 0.8,
    top_n: int | None = None,
    distinct: DistinctSentences | None = None,
) -> list[Phrase]:
    """Runs of clauses repeated word for word across reports: ``以会议贯彻会议，以文件落实文件``.

    Sentences are cut into clauses at ``，；：。！？、`` (ASCII ``,;:!?`` are read as their full-width
    forms); a passage is a run of consecutive clauses of one sentence (so it is always a substring of a
    sentence), joined with the punctuation between them, with at least ``min_chars`` CJK characters and seen
    in at least ``min_doc_freq`` reports.  Runs are grown clause by clause as long as enough reports share
    them (:func:`_repeated_runs`), so overlapping windows of one repeated paragraph come out as one span.

    Maximality: a passage that is a substring of a longer kept passage whose ``doc_freq`` is
    ≥ ``contained_share`` × its own is dropped — ``全面贯彻党的宗教工作基本方针`` (7 reports) goes when
    ``我们要全面贯彻党的宗教工作基本方针`` is in 7; a part used far more widely than the whole
    (``以会议贯彻会议`` alone in 5 reports, the pair in 3) stays a passage of its own.

    Ranking: ``score = (doc_freq + 1 − 1/c) × (1 − overlap)`` with ``c`` the CJK characters and ``overlap``
    the largest share of the passage's character bigrams found in one passage ranked before it (by
    ``doc_freq``, then length).  The most shared sentences of the genre come first, longer first among
    equals, and a variant of an earlier passage (``并请全国政协委员提出意见`` after
    ``请予审议，并请全国政协各位委员提出意见``; an extension ``高举…旗帜，以…为指导`` of ``高举…旗帜``) sinks
    by the share it repeats, so the top of the list reads as different sentences.  ``freq`` counts
    occurrences.

    ``top_n`` returns only the first ``top_n`` of that list, the same rows, and stops early: novelty is at
    most 1, so once ``top_n`` scores are above the next passage's ``doc_freq + 1 − 1/c`` no later passage
    can reach them (at 103 MB of repeated reports, 2 % of the novelty work).
    """
    found = _repeated_runs(sentences, min_doc_freq=min_doc_freq, distinct=distinct, closed=True)
    # a run's CJK characters are its clauses' (the separators are punctuation); clauses recur across runs
    clause_chars: dict[str, int] = {}
    for _, _, clauses in found.values():
        for clause in clauses:
            if clause not in clause_chars:
                clause_chars[clause] = _cjk_count(clause)
    chars = {run: sum(map(clause_chars.__getitem__, clauses)) for run, (_, _, clauses) in found.items()}
    doc_freq = {run: df for run, (df, _, _) in found.items()}
    by_length = sorted(
        (run for run in found if chars[run] >= min_chars), key=lambda r: (-len(r), -doc_freq[r], r)
    )
    kept = _drop_contained(by_length, doc_freq, contained_share)

    def bound(run: str) -> float:  # the score with novelty 1
        return doc_freq[run] + 1 - 1 / chars[run]

    best: list[tuple[float, str]] = []  # a heap of the top_n (score, reversed-order key) so far
    out: list[Phrase] = []
    for run, novelty in _novelty(sorted(kept, key=lambda r: (-doc_freq[r], -chars[r], r))):
        if top_n is not None and len(best) >= top_n and bound(run) < best[0][0]:
            break  # this and every later run score below the top_n already found
        score = bound(run) * novelty
        out.append(Phrase(run, "passage", found[run][1], doc_freq[run], score))
        if top_n is not None:
            (heapq.heappush if len(best) < top_n else heapq.heappushpop)(best, (score, _Reversed(run)))
    logger.info("passages: %d repeated runs, %d kept, %d scored", len(found), len(kept), len(out))
    return _ranked(out)[:top_n]


@functools.total_ordering
class _Reversed:
    """A string that sorts backwards: the heap's smallest is the lowest score, then the last phrase."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.text == other.text

    def __lt__(self, other: _Reversed) -> bool:
        return self.text > other.text


#: Every how many characters a kept passage is indexed by a 4-gram in :func:`_drop_contained`.
_INDEX_STRIDE = 8


def _drop_contained(runs: Sequence[str], doc_freq: Mapping[str, int], share: float) -> list[str]:
    """``runs`` (longest first) without those inside a kept run with ``doc_freq ≥ share × their own``.

    Each kept run is indexed by its 4-grams at positions ``0, s, 2s …`` (``s`` the stride: 8, or less when a
    run is shorter than 11 characters).  A kept run holding ``run`` at position ``p`` has an indexed
    position among ``p … p + s − 1``, where it holds one of the first ``s`` 4-grams of ``run``; so their
    holder lists together name every kept run that can contain it.  Why: indexing every 4-gram of every kept
    run was most of the time at 103 MB (3.6 million insertions).
    """
    if not runs:
        return []
    stride = min(_INDEX_STRIDE, min(map(len, runs)) - 3)
    kept: list[str] = []
    kept_df: list[int] = []
    index: dict[str, list[int]] = defaultdict(list)  # 4-gram → positions in ``kept`` of runs holding it there
    for run in runs:
        df = doc_freq[run]
        bar = share * df
        near: Iterable[int]
        if stride >= 1:
            near = itertools.chain.from_iterable(index.get(run[j : j + 4], ()) for j in range(stride))
        else:  # a run shorter than a 4-gram (only with a tiny min_chars): check every kept run
            near = range(len(kept))
        if any(kept_df[k] >= bar and run in kept[k] for k in near):
            continue
        if stride >= 1:
            for gram in {run[i : i + 4] for i in range(0, len(run) - 3, stride)}:
                index[gram].append(len(kept))
        kept.append(run)
        kept_df.append(df)
    return kept


def _bigrams(text: str) -> set[str]:
    chars = "".join(_CJK_RE.findall(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def _most_common_count(values: np.ndarray) -> int:
    """The largest number of times one value occurs in ``values`` (non-negative ints; 0 when empty)."""
    if not len(values):
        return 0
    low = int(values.min())
    if int(values.max()) - low <= 4 * len(values):  # a dense range: count in place
        return int(np.bincount(values - low).max())
    ordered = np.sort(values)
    edges = np.flatnonzero(ordered[1:] != ordered[:-1])
    return int(np.diff(edges, prepend=-1, append=len(ordered) - 1).max())


def _novelty(ranked: Sequence[str]) -> Iterable[tuple[str, float]]:
    """``(text, 1 − overlap)``: overlap is the largest share of its CJK bigrams held by one earlier text.

    ``max_j<i |B_i ∩ B_j| / |B_i|``: the earlier texts holding each bigram of ``B_i`` are concatenated and
    the most frequent one counted with numpy: common bigrams (发展, 社会) are in thousands of passages, which
    makes 157 million (text, earlier text) pairs at 103 MB, 40 s when counted one by one in Python.
    """
    grams: list[set[str]] = []
    holders: dict[str, np.ndarray] = {}
    earlier: dict[str, int] = defaultdict(int)  # texts before the current one holding the bigram
    for i, text in enumerate(ranked):
        if i == len(grams):  # index the next block of texts (doubling: a caller may stop early)
            grams += map(_bigrams, ranked[i : max(1024, 2 * i)])
            postings: dict[str, list[int]] = defaultdict(list)
            for pos, text_grams in enumerate(grams):
                for gram in text_grams:
                    postings[gram].append(pos)
            holders = {gram: np.array(at, dtype=np.int64) for gram, at in postings.items()}
        text_grams = grams[i]
        parts = []
        for gram in text_grams:
            if earlier[gram]:
                parts.append(holders[gram][: earlier[gram]])
            earlier[gram] += 1
        shared = _most_common_count(np.concatenate(parts)) if parts else 0
        yield text, 1.0 - (shared / len(text_grams) if text_grams else 0.0)
