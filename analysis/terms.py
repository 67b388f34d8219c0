"""Miners for domain terms, four-character set phrases and section keyness.

Each miner is count → filter → score → rank: :func:`mine_terms` is :func:`~analysis.ngrams.count_word_ngrams`
followed by :func:`score_terms`, :func:`mine_idioms` is :func:`~analysis.ngrams.count_char_ngrams` followed
by :func:`score_idioms`; call the two halves yourself to reuse counts.  Ranking ties break by phrase, and
scores are rounded to 6 decimals so that outputs are byte-identical between runs.  Examples are left empty:
the phrase bank attaches them.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from analysis.ngrams import CharNgramCounts, NgramCounts, WordGram, count_char_ngrams, count_word_ngrams
from analysis.records import Phrase, Sentence
from analysis.scoring import AssociationScorer, branching_entropy, get_scorer, keyness_g2

logger = logging.getLogger(__name__)


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
    认真 切实 努力 继续 大力 积极 充分 深入 严格 坚决 始终 更加 持续 扎实 着力
    主动 自觉 牢固 进一步 不断 及时 逐步 加快 加紧 广泛 普遍 基本 主要 一定 真正
    高度 明显 显著 较 比较 较大 很大 特别
    """
)

#: A token made of numerals and a unit (一九五八年, 万亿元, 亿美元): a term may not start or end with one.
_NUMERAL_TOKEN = re.compile(
    r"[零〇○一二三四五六七八九十百千万亿两几多余数]*(?:[万亿元年]|美元|公里|平方米|公顷|吨)"
)

#: Characters that mark a function-word sequence, not a set phrase (unless the 4 characters are a
#: dictionary word, as in 与时俱进, 各司其职).
IDIOM_FUNCTION_CHARS: frozenset[str] = frozenset(
    "的了是在和与及之其而把被我你他她它们这那吗呢吧啊着过说要也就都还地得"
)

#: Default cohesion thresholds per named scorer (in the scorer's own units).
DEFAULT_MIN_COHESION: Mapping[str, float] = {
    "npmi": 0.25,
    "pmi": 3.0,
    "log_likelihood": 10.83,
    "t_score": 2.576,
}


def _phrase_sort_key(phrase: Phrase) -> tuple[float, str]:
    return (-phrase.score, phrase.phrase)


def _resolve_cohesion(scorer: str | AssociationScorer, min_cohesion: float | None) -> float:
    if min_cohesion is not None:
        return min_cohesion
    if isinstance(scorer, str) and scorer in DEFAULT_MIN_COHESION:
        return DEFAULT_MIN_COHESION[scorer]
    raise ValueError(
        f"no default cohesion threshold for scorer {scorer!r}: pass min_cohesion= in the scorer's units"
    )


def cohesion(
    gram: WordGram, freq: Mapping[WordGram, int], total: int, scorer: AssociationScorer
) -> float | None:
    """Weakest link of an n-gram: ``min over split points k of scorer(c(g), c(g[:k]), c(g[k:]), N)``.

    None for a single token (no split point) and when a part is missing from ``freq`` (pruned).
    """
    joint = freq.get(gram, 0)
    if joint == 0 or len(gram) < 2:
        return None
    best = math.inf
    for k in range(1, len(gram)):
        left = freq.get(gram[:k], 0)
        right = freq.get(gram[k:], 0)
        if left == 0 or right == 0:
            return None
        best = min(best, scorer(joint=joint, left=left, right=right, total=total))
    return best


def score_terms(
    counts: NgramCounts,
    *,
    min_freq: int = 3,
    min_doc_freq: int = 2,
    max_words: int = 4,
    min_chars: int = 2,
    max_chars: int = 12,
    min_single_chars: int = 3,
    top_n: int = 300,
    scorer: str | AssociationScorer = "npmi",
    min_cohesion: float | None = None,
    min_entropy: float = 0.5,
    containment_ratio: float = 0.8,
    stop_words: Iterable[str] = TERM_EDGE_STOP_WORDS,
) -> list[Phrase]:
    """Filter, score and rank the word n-grams of ``counts`` as domain terms (kind ``"term"``).

    Candidates: 1–``max_words`` tokens, ``min_chars``–``max_chars`` characters (a single token needs
    ``min_single_chars``), ``freq >= min_freq``, ``doc_freq >= min_doc_freq``, first and last token not in
    ``stop_words`` nor a numeral with a unit (万亿元), first token not in :data:`TERM_LEAD_STOP_WORDS`.
    Filters: :func:`cohesion` ``>= min_cohesion`` (default per scorer, 0.25 for npmi); a single token is
    cohesive by construction (jieba made it a word) and gets ``cohesion = min_cohesion``, so it ranks
    below multiword terms of equal freedom and frequency;
    left and right :func:`~analysis.scoring.branching_entropy` (nats) ``>= min_entropy``, which drops
    fragments such as 从严治党 inside 全面从严治党; a candidate inside a longer surviving candidate with
    ``freq(longer) >= containment_ratio * freq(shorter)`` is dropped (the maximal one is kept).

    ``score = cohesion × min(H_left, H_right) × ln(1 + freq)``, rounded to 6 decimals; sorted by score
    descending, then phrase.  Different segmentations of the same string keep the best-scoring one.
    """
    score_fn = get_scorer(scorer)
    threshold = _resolve_cohesion(scorer, min_cohesion)
    if min_freq < 1 or min_doc_freq < 1 or max_words < 1 or top_n < 1:
        raise ValueError(
            f"min_freq={min_freq}, min_doc_freq={min_doc_freq}, max_words={max_words}, top_n={top_n}: "
            "all must be at least 1"
        )
    stops = frozenset(stop_words)
    lead_stops = TERM_LEAD_STOP_WORDS
    numeral = _NUMERAL_TOKEN.fullmatch
    freq = counts.freq
    doc_freq = counts.doc_freq
    total = counts.totals.get(1) or sum(f for g, f in freq.items() if len(g) == 1)
    if not total:
        return []

    # filter: size, frequency, edges, cohesion
    cohesive: dict[WordGram, float] = {}
    for gram, f in freq.items():
        n = len(gram)
        if f < min_freq or n > max_words or doc_freq.get(gram, 0) < min_doc_freq:
            continue
        chars = sum(map(len, gram))
        if chars < min_chars or chars > max_chars or (n == 1 and chars < min_single_chars):
            continue
        first, last = gram[0], gram[-1]
        if first in stops or last in stops or first in lead_stops or numeral(first) or numeral(last):
            continue
        if n == 1:
            cohesive[gram] = threshold
            continue
        value = cohesion(gram, freq, total, score_fn)
        if value is not None and value >= threshold:
            cohesive[gram] = value

    # filter: free on both sides
    left = counts.neighbours("left", cohesive)
    right = counts.neighbours("right", cohesive)
    entropy: dict[WordGram, float] = {}
    for gram in cohesive:
        h = min(branching_entropy(left.get(gram, {})), branching_entropy(right.get(gram, {})))
        if h >= min_entropy:
            entropy[gram] = h

    # filter: keep maximal candidates
    dropped: set[WordGram] = set()
    for longer in entropy:
        n = len(longer)
        f_longer = freq[longer]
        for size in range(1, n):
            for i in range(n - size + 1):
                part = longer[i : i + size]
                if part in entropy and f_longer >= containment_ratio * freq[part]:
                    dropped.add(part)

    # score and rank
    best: dict[str, Phrase] = {}
    for gram, h in entropy.items():
        if gram in dropped:
            continue
        f = freq[gram]
        score = round(cohesive[gram] * h * math.log1p(f), 6)
        phrase = Phrase("".join(gram), "term", f, doc_freq.get(gram, 0), score)
        old = best.get(phrase.phrase)
        if old is None or _phrase_sort_key(phrase) < _phrase_sort_key(old):
            best[phrase.phrase] = phrase
    ranked = sorted(best.values(), key=_phrase_sort_key)
    logger.info(
        "terms: %d cohesive, %d free, %d maximal, %d returned",
        len(cohesive),
        len(entropy),
        len(best),
        min(top_n, len(ranked)),
    )
    return ranked[:top_n]


def mine_terms(
    sentences: Iterable[Sentence],
    *,
    min_freq: int = 3,
    min_doc_freq: int = 2,
    max_words: int = 4,
    top_n: int = 300,
    scorer: str | AssociationScorer = "npmi",
    min_cohesion: float | None = None,
    min_entropy: float = 0.5,
    containment_ratio: float = 0.8,
) -> list[Phrase]:
    """Domain terms and multiword expressions (全面从严治党, 主体责任, 民主生活会 …).

    Counts word n-grams, then calls :func:`score_terms`.

    See :func:`score_terms` for the candidates, filters and ``score = cohesion × min(H_left, H_right) ×
    ln(1 + freq)``.  N-gram counts need the sentences of a document to be contiguous.
    """
    counts = count_word_ngrams(sentences, n_range=(1, max_words), min_chars=2, max_chars=12, by_section=False)
    return score_terms(
        counts,
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        max_words=max_words,
        top_n=top_n,
        scorer=scorer,
        min_cohesion=min_cohesion,
        min_entropy=min_entropy,
        containment_ratio=containment_ratio,
    )


def jieba_word_freq() -> Mapping[str, int]:
    """jieba's own dictionary frequencies (a fresh ``jieba.Tokenizer``; takes about a second)."""
    import jieba  # imported here: loading the dictionary is slow and only needed for idioms

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer.FREQ


def score_idioms(
    counts: CharNgramCounts,
    *,
    word_freq: Mapping[str, int],
    min_freq: int = 2,
    min_doc_freq: int = 1,
    top_n: int = 200,
    min_aligned: float = 0.5,
    min_entropy: float = 0.5,
    max_half_freq: int = 1000,
    common_word_freq: int = 5000,
    min_lexicon_freq: int = 10,
    function_chars: Iterable[str] = IDIOM_FUNCTION_CHARS,
) -> list[Phrase]:
    """Filter, score and rank character 4-grams as four-character set phrases (kind ``"idiom"``).

    Candidates: ``freq >= min_freq``, ``doc_freq >= min_doc_freq``, no ``function_chars`` unless the four
    characters are a dictionary word of frequency ``>= min_lexicon_freq`` (与时俱进; jieba lists junk
    compounds such as 党和国家 with frequency 3); aligned with token boundaries at both ends in at least
    ``min_aligned`` of the occurrences; ``min(H_left, H_right) >= min_entropy`` nats (character neighbours,
    punctuation and sentence edges count as distinct); not a compositional pair of two words: rejected when
    both halves are dictionary words (frequency > 0) and both are ``>= max_half_freq`` (政治建设 = 政治 +
    建设) or one is ``>= common_word_freq`` (市场准入 = 市场 + 准入, 两国关系).

    ``score = ln(1 + freq) × (1 + ln doc_freq) × min(H_left, H_right) × aligned_share × rarity`` with
    ``rarity = 1 - ln(1 + min(f(a), f(b))) / (2 ln(1 + max_half_freq))`` in ``(0.5, 1]`` for the halves
    ``a``, ``b`` (set phrases are spread over documents and their halves are rare as words);
    rounded to 6 decimals, sorted by score descending, then phrase.
    """
    if counts.n != 4:
        raise ValueError(f"idioms are four characters: count character n-grams with n=4, not n={counts.n}")
    if min_freq < 1 or min_doc_freq < 1 or top_n < 1:
        raise ValueError(
            f"min_freq={min_freq}, min_doc_freq={min_doc_freq}, top_n={top_n}: must be at least 1"
        )
    banned = frozenset(function_chars)
    limit_log = 2.0 * math.log1p(max_half_freq)
    candidates: dict[str, tuple[float, float]] = {}
    for gram, f in counts.freq.items():
        if f < min_freq or counts.doc_freq.get(gram, 0) < min_doc_freq:
            continue
        aligned_share = counts.aligned.get(gram, 0) / f
        if aligned_share < min_aligned:
            continue
        if not banned.isdisjoint(gram) and (word_freq.get(gram) or 0) < min_lexicon_freq:
            continue
        first = word_freq.get(gram[:2]) or 0
        second = word_freq.get(gram[2:]) or 0
        weaker_half = min(first, second)
        if weaker_half > 0 and (weaker_half >= max_half_freq or max(first, second) >= common_word_freq):
            continue
        candidates[gram] = (aligned_share, 1.0 - math.log1p(weaker_half) / limit_log)
    left = counts.neighbours("left", candidates)
    right = counts.neighbours("right", candidates)
    out: list[Phrase] = []
    for gram, (aligned_share, rarity) in candidates.items():
        h = min(branching_entropy(left.get(gram, {})), branching_entropy(right.get(gram, {})))
        if h < min_entropy:
            continue
        f = counts.freq[gram]
        df = counts.doc_freq.get(gram, 1)
        score = round(math.log1p(f) * (1.0 + math.log(df)) * h * aligned_share * rarity, 6)
        out.append(Phrase(gram, "idiom", f, df, score))
    out.sort(key=_phrase_sort_key)
    logger.info(
        "idioms: %d candidates, %d bounded, %d returned", len(candidates), len(out), min(top_n, len(out))
    )
    return out[:top_n]


def mine_idioms(
    sentences: Iterable[Sentence],
    *,
    min_freq: int = 2,
    min_doc_freq: int = 1,
    top_n: int = 200,
    word_freq: Mapping[str, int] | None = None,
    min_aligned: float = 0.5,
    min_entropy: float = 0.5,
    max_half_freq: int = 1000,
    common_word_freq: int = 5000,
) -> list[Phrase]:
    """Four-character set phrases (风清气正, 久久为功, 真抓实干 …): count, then :func:`score_idioms`.

    ``word_freq`` is a word → frequency dictionary (jieba's ``Tokenizer.FREQ``, loaded with
    :func:`jieba_word_freq` when None).  See :func:`score_idioms` for filters and score.
    """
    counts = count_char_ngrams(sentences, n=4)
    return score_idioms(
        counts,
        word_freq=jieba_word_freq() if word_freq is None else word_freq,
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        top_n=top_n,
        min_aligned=min_aligned,
        min_entropy=min_entropy,
        max_half_freq=max_half_freq,
        common_word_freq=common_word_freq,
    )


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex alternation of the phrases, longest first (a match is the longest phrase at a position)."""
    unique = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    if not unique:
        return None
    return re.compile("|".join(map(re.escape, unique)))


def section_keyness(
    sentences: Iterable[Sentence], phrases: Iterable[str], *, min_freq: int = 2
) -> list[tuple[str, str, int, float]]:
    """Phrases over-used in a section type: ``(section_type, phrase, freq_in_section, keyness)`` rows.

    Occurrences are non-overlapping, leftmost-longest matches of the phrases in each sentence text (a phrase
    inside a longer listed phrase is not counted there).  Section size is its number of characters; keyness is
    :func:`~analysis.scoring.keyness_g2` of the section against all other sections together.  Only rows
    with positive keyness and ``freq >= min_freq``; sorted by section type, keyness descending, phrase.
    """
    pattern = phrase_pattern(phrases)
    if pattern is None:
        return []
    findall = pattern.findall
    per_section: dict[str, Counter] = {}
    sizes: Counter = Counter()
    for sentence in sentences:
        section = sentence.section_type
        sizes[section] += len(sentence.text)
        found = findall(sentence.text)
        if found:
            table = per_section.get(section)
            if table is None:
                table = per_section[section] = Counter()
            table.update(found)
    overall: Counter = Counter()
    for table in per_section.values():
        overall.update(table)
    corpus_size = sum(sizes.values())
    rows: list[tuple[str, str, int, float]] = []
    for section, table in per_section.items():
        size = sizes[section]
        rest = corpus_size - size
        if rest <= 0:
            continue  # a single section type: nothing to compare with
        for phrase, f in table.items():
            if f < min_freq:
                continue
            value = keyness_g2(
                freq_target=f,
                total_target=size,
                freq_reference=overall[phrase] - f,
                total_reference=rest,
            )
            if value > 0:
                rows.append((section, phrase, f, round(value, 6)))
    rows.sort(key=lambda r: (r[0], -r[3], r[1]))
    return rows
