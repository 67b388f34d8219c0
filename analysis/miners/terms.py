"""Domain terms and multiword expressions (kind ``"term"``: 全面从严治党, 主体责任, 民主生活会 …).

Reads the word index (:class:`~analysis.index.WordIndex` over the sentences' tokens): the miner is index →
filter → score → rank, :func:`mine_terms` builds the index and :func:`score_terms` queries it; call the two
halves yourself to reuse an index.  Ranking ties break by phrase, and scores are rounded to 6 decimals so
that outputs are byte-identical between runs.  Examples are left empty: the phrase bank attaches them.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np

from analysis.index import WordIndex
from analysis.index_shards import ShardMap
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.shared import phrase_sort_key
from analysis.records import Phrase, Sentence
from analysis.scoring import AssociationScorer, branching_entropy, get_scorer
from analysis.units import DistinctCorpus, WordGram

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

#: Default cohesion thresholds per named scorer (in the scorer's own units).
DEFAULT_MIN_COHESION: Mapping[str, float] = {
    "npmi": 0.25,
    "pmi": 3.0,
    "log_likelihood": 10.83,
    "t_score": 2.576,
}


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


#: jieba tags a term may not end with: verbs, adjectives, adverbs, function words, numerals, time words
#: (结合起来, 稳步推进, 请予审议, 比上年).  Nominalised verbs (vn: 改革, 建设) end many terms.
TERM_NON_FINAL_TAGS: frozenset[str] = frozenset(
    {
        "v",
        "vd",
        "vg",
        "vi",
        "vq",
        "a",
        "ad",
        "ag",
        "d",
        "dg",
        "p",
        "c",
        "u",
        "uj",
        "ul",
        "uz",
        "ug",
        "ud",
        "uv",
        "r",
        "rr",
        "rz",
        "m",
        "mq",
        "q",
        "t",
        "tg",
        "f",
        "y",
        "e",
        "o",
        "z",
        "zg",
        "x",
    }
)
#: jieba tags a multiword term may not start with: verbs (表示, 采取, 取得, 维护), prepositions (比), pronouns
#: (各位), adverbs (稳步) and conjunctions.
TERM_NON_INITIAL_TAGS: frozenset[str] = frozenset(
    {"v", "vd", "vg", "vi", "p", "r", "rr", "rz", "d", "c", "u", "uj"}
)


_PREDICATE_HALF_TAGS = frozenset({"v", "vd", "a", "ad", "d"})


def term_rejection(gram: WordGram, *, word_tags: Mapping[str, str]) -> str | None:
    """Why the word n-gram ``gram`` is not a noun phrase by jieba's tags of its edge tokens, or None.

    ``"final"``: the last token is tagged in :data:`TERM_NON_FINAL_TAGS` (a verb-final phrase such as
    结合起来 or 取得新进展 is not a term); ``"initial"``: a multiword n-gram whose first token is tagged in
    :data:`TERM_NON_INITIAL_TAGS` (表示诚挚感谢, 采取有力措施, 各位代表) or a one-character numeral
    (两 国).  A token the dictionary does not know (a domain-lexicon word) passes.
    """
    if _final_rejected(gram[-1], word_tags):
        return "final"
    if len(gram) == 1:
        return _single_rejection(gram[0], word_tags)
    if _initial_rejected(gram[0], word_tags):
        return "initial"
    return None


def _final_rejected(token: str, word_tags: Mapping[str, str]) -> bool:
    return len(token) > 1 and word_tags.get(token) in TERM_NON_FINAL_TAGS  # 会 in 民主生活会 is no verb


def _initial_rejected(token: str, word_tags: Mapping[str, str]) -> bool:
    tag = word_tags.get(token)
    return tag in TERM_NON_INITIAL_TAGS or (tag == "m" and len(token) == 1)


def _single_rejection(token: str, word_tags: Mapping[str, str]) -> str | None:
    if len(token) < 4:
        return None
    # jieba tags such lexicon words at random (宏观调控 n, 严格执行 nr)
    if token[:2] in TERM_LEAD_STOP_WORDS or token[:3] in TERM_LEAD_STOP_WORDS:
        return "initial"
    if word_tags.get(token[:2]) in _PREDICATE_HALF_TAGS and word_tags.get(token[-2:]) in _PREDICATE_HALF_TAGS:
        return "verb phrase"
    return None


class _EdgeVerdicts(NamedTuple):
    """The tokens that may open a multiword term, close a term, and be a term alone (edge filters of
    :func:`score_terms`: stop words, numerals with a unit, :func:`term_rejection`)."""

    opens: frozenset[str]
    closes: frozenset[str]
    singles: frozenset[str]

    @classmethod
    def of(cls, tokens: Iterable[str], *, stops: frozenset[str], tags: Mapping[str, str]) -> _EdgeVerdicts:
        """Verdicts for ``tokens`` (the indexed unigrams: every token of a frequent n-gram is one)."""
        numeral = _NUMERAL_TOKEN.fullmatch
        lead_stops = TERM_LEAD_STOP_WORDS
        edge_ok = [token for token in set(tokens) if token not in stops and numeral(token) is None]
        closes = frozenset(token for token in edge_ok if not _final_rejected(token, tags))
        opening = [token for token in edge_ok if token not in lead_stops]
        return cls(
            frozenset(token for token in opening if not _initial_rejected(token, tags)),
            closes,
            frozenset(
                token for token in opening if token in closes and _single_rejection(token, tags) is None
            ),
        )


def score_terms(
    index: WordIndex,
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
    word_tags: Mapping[str, str] | None = None,
    single_cohesion: float | None = None,
) -> list[Phrase]:
    """Filter, score and rank the word n-grams of ``counts`` as domain terms (kind ``"term"``).

    Candidates: 1–``max_words`` tokens, ``min_chars``–``max_chars`` characters (a single token needs
    ``min_single_chars``), ``freq >= min_freq``, ``doc_freq >= min_doc_freq``, first and last token not in
    ``stop_words`` nor a numeral with a unit (万亿元), first token not in :data:`TERM_LEAD_STOP_WORDS`.
    Filters: :func:`cohesion` ``>= min_cohesion`` (default per scorer, 0.25 for npmi); a single token is
    cohesive by construction (the segmenter made it a word) and gets ``cohesion = single_cohesion`` (default
    twice the threshold, 0.5 for npmi: about a typical multiword term's npmi, so that lexicon words such as
    宏观调控, 改革开放 rank among them); not rejected by :func:`term_rejection` on jieba's part-of-speech tags
    (``word_tags``, :func:`jieba_lexicon` when None): a term is a noun phrase, not 结合起来, 表示诚挚感谢;
    left and right :func:`~analysis.scoring.branching_entropy` (nats) ``>= min_entropy``, which drops
    fragments such as 从严治党 inside 全面从严治党; a candidate inside a longer surviving candidate with
    ``freq(longer) >= containment_ratio * freq(shorter)`` is dropped (the maximal one is kept).

    ``score = cohesion × min(H_left, H_right) × ln(1 + freq)``, rounded to 6 decimals; sorted by score
    descending, then phrase.  Different segmentations of the same string, and strings that differ only by
    的 (表示诚挚的感谢, 表示诚挚感谢), keep the best-scoring one.
    """
    score_fn = get_scorer(scorer)
    threshold = _resolve_cohesion(scorer, min_cohesion)
    if min_freq < 1 or min_doc_freq < 1 or max_words < 1 or top_n < 1:
        raise ValueError(
            f"min_freq={min_freq}, min_doc_freq={min_doc_freq}, max_words={max_words}, top_n={top_n}: "
            "all must be at least 1"
        )
    tags = jieba_lexicon().tag if word_tags is None else word_tags
    total = index.total_unigrams
    lengths = [n for n in index.lengths() if n <= max_words]
    if not total or not lengths:
        return []
    vocabulary = index.vocabulary
    chars = np.fromiter(map(len, vocabulary), dtype=np.int64, count=len(vocabulary))
    edges = _EdgeVerdicts.of(
        [vocabulary[t] for t in index.parts(1)[:, 0].tolist()], stops=frozenset(stop_words), tags=tags
    )
    opens, closes, singles = (_token_mask(vocabulary, words) for words in edges)
    single_value = 2.0 * threshold if single_cohesion is None else single_cohesion

    # filter (vectorised over each length's n-grams): edges, size, frequency, documents; then cohesion
    cohesive: dict[tuple[int, int], float] = {}  # (n, row) → cohesion
    for n in lengths:
        parts, freq, doc_freq = index.parts(n), index.freq_of(n), index.doc_freq_of(n)
        size = chars[parts].sum(axis=1)
        wanted = (freq >= min_freq) & (doc_freq >= min_doc_freq) & (size <= max_chars)
        if n == 1:
            wanted &= singles[parts[:, 0]] & (size >= max(min_chars, min_single_chars))
            cohesive.update(((1, row), single_value) for row in np.flatnonzero(wanted).tolist())
            continue
        wanted &= opens[parts[:, 0]] & closes[parts[:, -1]] & (size >= min_chars)
        rows = np.flatnonzero(wanted)
        splits = [(index.sub_freq(n, rows, 0, k), index.sub_freq(n, rows, k, n - k)) for k in range(1, n)]
        joints = freq[rows].tolist()
        sides = [(left.tolist(), right.tolist()) for left, right in splits]
        for i, row in enumerate(rows.tolist()):
            joint = joints[i]
            value = min(
                score_fn(joint=joint, left=left[i], right=right[i], total=total) for left, right in sides
            )
            if value >= threshold:
                cohesive[n, row] = value

    # filter: free on both sides
    entropy: dict[tuple[int, int], float] = {}
    for n in lengths:
        rows = np.asarray([row for length, row in cohesive if length == n], dtype=np.int64)
        free_left = [
            (row, h)
            for row, bucket in zip(rows.tolist(), index.neighbours_of_rows(n, rows, "left"), strict=True)
            if (h := branching_entropy(bucket)) >= min_entropy
        ]
        rows = np.asarray([row for row, _ in free_left], dtype=np.int64)
        for (row, h_left), bucket in zip(free_left, index.neighbours_of_rows(n, rows, "right"), strict=True):
            h = min(h_left, branching_entropy(bucket))
            if h >= min_entropy:
                entropy[n, row] = h

    # filter: keep maximal candidates
    grams = {key: tuple(vocabulary[t] for t in index.parts(key[0])[key[1]].tolist()) for key in entropy}
    freq_of = {gram: int(index.freq_of(key[0])[key[1]]) for key, gram in grams.items()}
    dropped: set[WordGram] = set()
    for longer in grams.values():
        n = len(longer)
        f_longer = freq_of[longer]
        for size in range(1, n):
            for i in range(n - size + 1):
                part = longer[i : i + size]
                if part in freq_of and f_longer >= containment_ratio * freq_of[part]:
                    dropped.add(part)

    # score and rank
    best: dict[str, Phrase] = {}
    for key, h in entropy.items():
        gram = grams[key]
        if gram in dropped:
            continue
        f = freq_of[gram]
        score = round(cohesive[key] * h * math.log1p(f), 6)
        phrase = Phrase("".join(gram), "term", f, int(index.doc_freq_of(key[0])[key[1]]), score)
        old = best.get(phrase.phrase)
        if old is None or phrase_sort_key(phrase) < phrase_sort_key(old):
            best[phrase.phrase] = phrase
    plain: dict[str, Phrase] = {}
    for phrase in best.values():
        key = phrase.phrase.replace("的", "")
        old = plain.get(key)
        if old is None or phrase_sort_key(phrase) < phrase_sort_key(old):
            plain[key] = phrase
    ranked = sorted(plain.values(), key=phrase_sort_key)
    logger.info(
        "terms: %d cohesive, %d free, %d maximal, %d returned",
        len(cohesive),
        len(entropy),
        len(best),
        min(top_n, len(ranked)),
    )
    return ranked[:top_n]


def _token_mask(vocabulary: list[str], words: frozenset[str]) -> np.ndarray:
    """True at the ids of ``words`` in ``vocabulary``."""
    return np.fromiter((token in words for token in vocabulary), dtype=bool, count=len(vocabulary))


def mine_terms(
    sentences: Iterable[Sentence] | DistinctCorpus,
    *,
    min_freq: int = 3,
    min_doc_freq: int = 2,
    max_words: int = 4,
    top_n: int = 300,
    scorer: str | AssociationScorer = "npmi",
    min_cohesion: float | None = None,
    min_entropy: float = 0.5,
    containment_ratio: float = 0.8,
    shards: int = 1,
    map_shards: ShardMap | None = None,
) -> list[Phrase]:
    """Domain terms and multiword expressions (全面从严治党, 主体责任, 民主生活会 …).

    Counts word n-grams, then calls :func:`score_terms`.

    See :func:`score_terms` for the candidates, filters and ``score = cohesion × min(H_left, H_right) ×
    ln(1 + freq)``.  N-gram counts need the sentences of a document to be contiguous.  ``shards`` and
    ``map_shards`` (an executor's ``map``): the index is counted in shards over it (same result).
    """
    index = WordIndex.build(
        sentences, min_count=min_freq, max_n=max_words, max_chars=12, shards=shards, map_shards=map_shards
    )
    return score_terms(
        index,
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        max_words=max_words,
        top_n=top_n,
        scorer=scorer,
        min_cohesion=min_cohesion,
        min_entropy=min_entropy,
        containment_ratio=containment_ratio,
    )
