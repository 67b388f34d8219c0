"""Numeral 提法 (slogans): ``四个意识``, ``两个维护``, ``三会一课``, ``一岗双责``, ``“四风”``.

One of the two slogan detectors (:mod:`analysis.miners.slogans` merges it with
:mod:`analysis.miners.quoted_slogans`).  It reads the distinct sentences
(:class:`~analysis.distinct.DistinctSentences`): their texts and where their tokens start and end, since a
formula starts and ends at a token boundary.  Counts first, filters, then scores; rows are sorted by score
descending with the phrase as tie-break, and ``example`` is left ``""``: the phrase bank attaches a sentence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

import numpy as np

from analysis.distinct import DistinctSentences, SentenceGroup, distinct_sentences
from analysis.miners.shared import (
    BAD_END_CHARS,
    CLOSE_QUOTES,
    NUMERALS,
    OPEN_QUOTES,
    ranked,
    slogan_score,
    token_cuts,
    union_size,
)
from analysis.miners.slogan_places import member, token_boundaries
from analysis.miners.slogan_texts import CJK_CHARS, SloganTexts
from analysis.records import Phrase, Sentence

__all__ = ["COMMON_NUMERAL_WORDS", "MEASURE_HEADS", "PLACE_UNIT_ENDS", "mine_numeral_slogans", "numeral_rows"]

#: ``[numeral]个`` + one of these is a count, not a formula (``三个方面``, ``两个月``, ``五个百分点``).
MEASURE_HEADS: tuple[str, ...] = (
    "方面", "问题", "月", "年", "百分点", "小时", "工作日", "多月", "多小时", "季度", "星期", "礼拜", "部门",
    "单位", "环节", "阶段", "步骤", "层次", "层面", "领域", "项目", "地方", "省", "市", "县", "乡", "镇",
    "村", "国家", "城市", "人", "重要", "主要", "新的", "基本", "重点", "突出", "根本", "时期", "过程",
    "部分", "维度", "方向", "类别", "等级", "批次",
)  # fmt: skip

#: ``[numeral]个`` + a head with a token ending in an administrative unit counts places (``两个特别行政区``,
#: ``三个自治州发展``), whatever comes before or after the unit.
PLACE_UNIT_ENDS: frozenset[str] = frozenset("省市县区州乡镇村")

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

_MAX_HEAD = 5  # CJK characters after 个 (两个特别行政区)
_MAX_GROUPS = 4  # numeral groups of 三去一降一补 style formulas


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _cjk_class_without(excluded: frozenset[str]) -> str:
    """A regex character class of the CJK characters (:func:`_is_cjk`) not in ``excluded``, as ranges."""
    codes = sorted(ord(ch) for ch in excluded)
    ranges: list[str] = []
    for low, high in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF)):
        for code in [c for c in codes if low <= c <= high] + [high + 1]:
            if code > low:
                ranges.append(f"{chr(low)}-{chr(code - 1)}")
            low = code + 1
    return f"[{''.join(ranges)}]"


#: A run of at most ``limit`` non-numeral CJK characters, for each ``limit`` :func:`_nonnum_run` is read with.
_NONNUM_RUNS = {
    limit: re.compile(f"{_cjk_class_without(NUMERALS)}{{0,{limit}}}") for limit in (2, 3, _MAX_HEAD)
}


def _nonnum_run(text: str, pos: int, limit: int) -> int:
    """Length of the run of non-numeral CJK characters at ``pos`` (at most ``limit``): one regex match (a
    Python step per character was a third of :func:`_numeral_candidates`)."""
    match = _NONNUM_RUNS[limit].match(text, pos)  # (it matches "" at least; past the end, at the end)
    return max(match.end() - pos, 0) if match else 0


def _chunk_ok(numeral: str, chunk: str) -> bool:
    """A numeral group ``三会`` is formula material unless it is an enumerator, a count or a common word."""
    if chunk[0] in _MEASURE_CHARS:
        return False
    word = numeral + chunk
    for k in range(2, len(word) + 1):  # noqa: SIM110  (a generator in all() cost more than the tests)
        if word[:k] in COMMON_NUMERAL_WORDS:
            return False
    return True


def _numeral_candidates(text: str, start: int, cuts: frozenset[int]) -> tuple[list[str], set[str], bool]:
    """Candidate formulas at ``start``; those that are only a bare token; whether the occurrence is quoted."""
    n = len(text)
    quoted_open = start > 0 and text[start - 1] in OPEN_QUOTES

    def ends_ok(end: int) -> bool:
        return end in cuts or (end < n and text[end] in CLOSE_QUOTES)

    def good_end(end: int) -> bool:
        return ends_ok(end) and text[end - 1] not in BAD_END_CHARS

    ends: list[int] = []
    # Pattern 1: [numeral]个[2–5 CJK], not 一个, not a count (三个方面).
    if start + 1 < n and text[start + 1] == "个" and text[start] != "一":
        head_start = start + 2
        run = _nonnum_run(text, head_start, _MAX_HEAD)
        head = text[head_start : head_start + run]
        if run >= 2 and not head.startswith(MEASURE_HEADS):
            places = any(
                text[e - 1] in PLACE_UNIT_ENDS and e in cuts
                for e in range(head_start + 2, head_start + run + 1)
            )
            if not places:
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


#: One numeral character (what may start a formula).
_NUMERAL_RE = re.compile(f"[{re.escape(''.join(sorted(NUMERALS)))}]")
_NOT_AFTER = NUMERALS | frozenset("第")  # a formula does not start after these
_NONNUM_CJK = CJK_CHARS - NUMERALS
_FREE_CJK = _NONNUM_CJK - _MEASURE_CHARS  # what may follow the numeral of a 三会一课 group or a token 三农
_COMMON_PAIRS = np.array(
    sorted(ord(w[0]) * 0x110000 + ord(w[1]) for w in COMMON_NUMERAL_WORDS if len(w) == 2), dtype=np.int64
)


def _numeral_starts(sent: Sentence) -> Iterator[tuple[list[str], set[str], bool]]:
    """Yield ``(candidates, bare-token candidates, quoted)`` for every place a formula may start in ``sent``.

    A numeral inside a candidate of an earlier start (the ``一`` of ``三重一大``) starts nothing.  (The
    definition: :func:`numeral_rows` reads only the numerals :func:`possible_starts` keeps, with the same
    result.)
    """
    text = sent.text
    cuts: frozenset[int] | None = None
    covered = 0
    for match in _NUMERAL_RE.finditer(text):  # only numeral positions: the scan was one step per character
        start = match.start()
        if start < covered:
            continue
        prev = text[start - 1] if start else ""
        if prev == "第" or prev in NUMERALS:
            continue
        if cuts is None:
            cuts = token_cuts(sent)
        if start not in cuts and prev not in OPEN_QUOTES:
            continue
        cands, bare, quoted = _numeral_candidates(text, start, cuts)
        if cands:
            covered = start + max(len(c) for c in cands)
            yield cands, bare, quoted


def possible_starts(texts: SloganTexts) -> tuple[np.ndarray, np.ndarray]:
    """``(groups, offsets)``: the numerals of ``texts`` where :func:`_numeral_candidates` may find a
    formula, ascending: a superset of the starts it finds one at, by tests on the next few characters.

    A start is a numeral not after ``第`` or a numeral; ``c1 c2 …`` are the characters after it (``NC``: a
    CJK character that is no numeral).  :func:`_numeral_candidates` finds nothing unless one of its shapes
    begins there:

    * 3b, a quotation: an opening quote before, ``c1`` CJK;
    * 1, ``[numeral]个[2–5 CJK]``: not ``一``, ``c1 = 个``, ``c2, c3`` NC;
    * 2, ``([numeral][CJK]{1,2})+…``: ``c1`` NC and no measure character (its first group passes
      :func:`_chunk_ok`), then a second group: ``c2`` a numeral and ``c3`` NC, or ``c2`` NC, ``c3`` a
      numeral and ``c4`` NC;
    * 3a, a token ``[numeral][CJK]{1,2}``: ``c1`` NC and no measure character, and the numeral with ``c1``
      no :data:`COMMON_NUMERAL_WORDS` (the two-character prefix :func:`_chunk_ok` reads first).

    So a numeral where none begins starts nothing and covers nothing: :func:`numeral_rows` skips it.  Why:
    at 30 MB of distinct text 77,000 numerals at a token start were tried for 11,000 starts found (and
    66,000 sentences' token boundaries made), ≈ 0.6 s; these tests are a few array operations.
    """
    at = texts.where(NUMERALS)
    at = at[~texts.is_in(_NOT_AFTER, at - 1)]

    def then(k: int, chars: frozenset[str]) -> np.ndarray:
        return texts.is_in(chars, at + k)

    quotation = texts.is_in(OPEN_QUOTES, at - 1) & then(1, CJK_CHARS)
    counted = then(1, frozenset("个")) & (texts.codes[at] != ord("一")) & then(2, _NONNUM_CJK)
    counted &= then(3, _NONNUM_CJK)
    group = then(1, _FREE_CJK)
    second = then(2, NUMERALS) & then(3, _NONNUM_CJK)
    second |= then(2, _NONNUM_CJK) & then(3, NUMERALS) & then(4, _NONNUM_CJK)
    free = np.flatnonzero(group)  # (c1 is in the corpus there)
    pairs = texts.codes[at[free]].astype(np.int64) * 0x110000 + texts.codes[at[free] + 1]
    token = np.zeros(len(at), dtype=bool)
    token[free] = ~np.isin(pairs, _COMMON_PAIRS)
    at = at[quotation | counted | (group & (second | token))]
    holders = texts.holder(at)
    return holders, at - texts.starts[holders]


def _numeral_occurrences(
    groups: Sequence[SentenceGroup], texts: SloganTexts
) -> Iterator[tuple[int, list[str], set[str], bool]]:
    """:func:`_numeral_starts` of each group, as ``(group, …)``, trying only the starts
    :func:`possible_starts` keeps that are at a token boundary or after an opening quote.

    The token boundaries of the texts concerned are made at once
    (:func:`~analysis.miners.slogan_places.token_boundaries`), a text's set of them
    (:func:`_numeral_candidates` reads a set) from its slice of that array."""
    holders, places = possible_starts(texts)
    cuts = token_boundaries(groups, texts, np.unique(holders))
    absolute = texts.starts[holders] + places
    tried = member(cuts, absolute) | texts.is_in(OPEN_QUOTES, absolute - 1)
    holders, places = holders[tried], places[tried]
    first = texts.starts[holders]
    low = np.searchsorted(cuts, first)
    high = np.searchsorted(cuts, first + texts.lengths[holders], side="right")
    current, covered, text, text_cuts = -1, 0, "", frozenset()
    for g, start, lo, hi, at in zip(
        holders.tolist(), places.tolist(), low.tolist(), high.tolist(), first.tolist(), strict=True
    ):
        if g != current:
            current, covered, text = g, 0, texts.texts[g]
            text_cuts = frozenset((cuts[lo:hi] - at).tolist())
        if start < covered:
            continue
        cands, bare, quoted = _numeral_candidates(text, start, text_cuts)
        if cands:
            covered = start + max(map(len, cands))
            yield g, cands, bare, quoted


def mine_numeral_slogans(
    sentences: Sequence[Sentence], *, min_freq: int = 2, min_doc_freq: int = 1
) -> list[Phrase]:
    """Numeral formulas: ``四个意识``, ``两个维护``, ``三会一课``, ``一岗双责``, ``“四风”``, ``“十四五”``.

    Shapes (numerals ``一二三四五六七八九十百千两双``; the formula starts at a token boundary or after an
    opening quote, not after ``第`` or another numeral, and ends at a token boundary or a closing quote):

    1. ``[numeral]个[2–5 CJK]`` — not ``一个…``, not a count (:data:`MEASURE_HEADS`: ``三个方面``; a head
       ending in :data:`PLACE_UNIT_ENDS`: ``两个特别行政区``);
    2. ``([numeral][CJK]{1,2})+[numeral][CJK]{1,3}`` — ``三会一课``, ``双随机一公开``; no group may be an
       enumerator, count or common word (:data:`COMMON_NUMERAL_WORDS`: ``三是一些`` is no formula);
    3. ``[numeral][CJK]{1,3}`` as a whole quotation (``“四风”``, ``“三服务”``, ``“十四五”``), or
       ``[numeral][CJK]{1,2}`` as a token of its own (``三农`` in ``做好三农工作``) when the corpus quotes
       that string at least once — bare numeral tokens are mostly ordinary words (``一员``, ``二亿``).

    An unquoted occurrence may end at several boundaries (``四个意识的…``): each candidate is counted once
    in a first pass, and the occurrence goes to its most frequent candidate (ties: the longer), so the
    corpus decides where a formula ends.  Score: :func:`~analysis.miners.shared.slogan_score`.
    """
    return numeral_rows(distinct_sentences(sentences), min_freq=min_freq, min_doc_freq=min_doc_freq)


def numeral_rows(
    distinct: DistinctSentences, *, min_freq: int, min_doc_freq: int, texts: SloganTexts | None = None
) -> list[Phrase]:
    """:func:`mine_numeral_slogans` over distinct sentences: each is scanned once and weighs its count.

    The starts tried are those :func:`possible_starts` keeps; ``texts``: :class:`SloganTexts` of
    ``distinct``, if the caller has it."""
    groups, docs = distinct.groups, distinct.docs
    if texts is None:
        texts = SloganTexts(distinct)
    occurrences = list(_numeral_occurrences(groups, texts))
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
    doc_freq = {p: union_size(docs, holders[p]) for p in freq}
    out = [
        Phrase(
            p, "slogan", f, doc_freq[p], slogan_score(f, doc_freq[p], distinct.n_docs, quoted[p], shaped=True)
        )
        for p, f in freq.items()
        if f >= min_freq and doc_freq[p] >= min_doc_freq
    ]
    return ranked(out)
