"""Miners for domain terms, four-character set phrases and section keyness.

Each miner is index → filter → score → rank: :func:`mine_terms` is a word :class:`~analysis.index.WordIndex`
queried by :func:`score_terms`, :func:`mine_idioms` a character index queried by :func:`score_idioms`; call
the two halves yourself to reuse an index.  Ranking ties break by phrase, and
scores are rounded to 6 decimals so that outputs are byte-identical between runs.  Examples are left empty:
the phrase bank attaches them.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from analysis.index import WordIndex
from analysis.phrasebank import count_phrase_occurrences, section_keyness_rows
from analysis.records import Phrase, Sentence
from analysis.scoring import BOUNDARY, AssociationScorer, branching_entropy, get_scorer
from analysis.units import WordGram

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
        if old is None or _phrase_sort_key(phrase) < _phrase_sort_key(old):
            best[phrase.phrase] = phrase
    plain: dict[str, Phrase] = {}
    for phrase in best.values():
        key = phrase.phrase.replace("的", "")
        old = plain.get(key)
        if old is None or _phrase_sort_key(phrase) < _phrase_sort_key(old):
            plain[key] = phrase
    ranked = sorted(plain.values(), key=_phrase_sort_key)
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
    index = WordIndex.build(sentences, min_count=min_freq, max_n=max_words, max_chars=12)
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


class JiebaLexicon(NamedTuple):
    """jieba's bundled dictionary (``dict.txt``: lines ``word freq tag``) as two read-only mappings."""

    freq: Mapping[str, int]  #: word → frequency
    tag: Mapping[str, str]  #: word → part-of-speech tag (i 成语, l 习用语, n 名词, v 动词 …)


@functools.cache
def jieba_lexicon() -> JiebaLexicon:
    """Read jieba's ``dict.txt`` once per process (about half a second for its 350 000 lines)."""
    import jieba  # imported here: only the idiom miner needs it

    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    with jieba.get_dict_file() as handle:
        text = handle.read().decode("utf-8")  # decoded at once: a third faster than line by line
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        word = parts[0]
        freq[word] = int(parts[1])
        if len(parts) > 2:
            tags[word] = parts[2]
    return JiebaLexicon(MappingProxyType(freq), MappingProxyType(tags))


def jieba_word_freq() -> Mapping[str, int]:
    """jieba's own dictionary frequencies (word → frequency, from :func:`jieba_lexicon`)."""
    return jieba_lexicon().freq


#: Dictionary tags of four-character set phrases: 成语 and 习用语.
SET_PHRASE_TAGS: frozenset[str] = frozenset({"i", "l"})
#: Dictionary tags of four-character nouns that may still be predicates (jieba tags 实事求是, 简政放权,
#: 攻坚克难 as n): rejected only when the second half is a noun (养老保险, 班子成员).
NOMINAL_TAGS: frozenset[str] = frozenset({"n", "nr", "nz", "nrt", "nrfg"})
#: Dictionary tags of four-character words judged by their structure like unknown strings.
PREDICATE_TAGS: frozenset[str] = frozenset({"v", "vn", "vd", "a", "ad", "an", "z"})
#: Tags of a two-character word heading a noun compound (…保险, …侨胞, …院所) and of its modifier.
HEAD_NOUN_TAGS: frozenset[str] = frozenset({"n", "nz", "ng", "j"})
MODIFIER_TAGS: frozenset[str] = frozenset(
    {"n", "nz", "ng", "nr", "ns", "nt", "j", "b", "s", "f", "m", "r", "vn"}
)
#: Tags of a two-character word opening or closing a free verb phrase (推动…, 扎实…, …推进).
VERB_HALF_TAGS: frozenset[str] = frozenset({"v", "a", "d", "ad"})
#: First characters of prepositional phrases (从今年起, 向中西部, 为进一步, 从各方面).
IDIOM_PREPOSITIONS: frozenset[str] = frozenset("从向为在对把被由于自按据")
#: Numeral characters (一百一十 is a number, not a phrase).
IDIOM_NUMERALS: frozenset[str] = frozenset("零〇○一二三四五六七八九十百千万亿两")
#: Localisers closing a locative phrase (新形势下, 本世纪末).
IDIOM_LOCALISERS: frozenset[str] = frozenset("上下中里内外前后末初")


def _is_parallel(gram: str) -> bool:
    """ABAC, ABCB or ABCA patterns (同心同德, 大案要案, 港人治港): coordinated halves."""
    return gram[0] == gram[2] or gram[1] == gram[3] or gram[0] == gram[3]


def idiom_rejection(
    gram: str,
    *,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
    common_noun_freq: int = 1500,
    common_word_freq: int = 1000,
    subject_freq: int = 100,
    function_chars: Iterable[str] = IDIOM_FUNCTION_CHARS,
) -> str | None:
    """Why the four characters ``gram`` are not a set phrase by their words alone, or None.

    Tags come from jieba's dictionary (``word_tags``), halves are ``gram[:2]`` and ``gram[2:]``.  Rules, first
    match wins (a 成语 ``i`` only meets the first):

    * ``"locative"``: a noun + localiser (新形势下: 形势 + 下);
    * ``"tag"``: a dictionary word tagged neither set phrase (i, l), noun (n …) nor predicate (v, a, z …):
      ns/nt/m/t/c/d/r … (另一方面 c, 绝大多数 m, 本世纪末 t, 科研院所 nt) unless parallel (港人治港);
    * ``"preposition"``: a preposition before a word (从今年起, 向中西部);
    * ``"temporal"``: a two-character time word inside (近几年来: 年来 t);
    * ``"function"``: two or more function characters (这就是说);
    * ``"abbreviation"``: a half is an abbreviation ``j`` (纪检监察, 纪委监委);
    * ``"nominal"``: the second half is a noun (n, nz, ng, j) and the first half a modifier word (noun, ns,
      vn, b, s, m …) or the head noun has frequency ``>= common_noun_freq`` (海外侨胞, 无产阶级, 小微企业);
      for a word the dictionary tags as a noun, any noun second half suffices (养老保险, 班子成员);
    * not in the dictionary only: ``"compound"``, the first half a noun of frequency ``>= common_word_freq``
      (集体林权, 风险隐患); ``"verb phrase"``, the first half a verb/adjective/adverb of frequency
      ``>= common_word_freq`` (推动管党, 增强拒腐) or the second half such a verb (扎实推进, 统筹推进).
    """
    tag = word_tags.get(gram) if word_freq.get(gram) else None
    first, second = gram[:2], gram[2:]
    if gram[-1] in IDIOM_LOCALISERS and any(
        word_tags.get(part, "").startswith("n") for part in (gram[1:3], gram[:3])
    ):
        return "locative"
    if tag == "i":
        return None
    if (
        tag is not None
        and tag not in SET_PHRASE_TAGS | NOMINAL_TAGS | PREDICATE_TAGS
        and not _is_parallel(gram)
    ):
        return "tag"
    if gram[0] in IDIOM_PREPOSITIONS and any(word_freq.get(part) for part in (gram[1:], gram[1:3], gram[2:])):
        return "preposition"
    if any(word_tags.get(gram[i : i + 2]) == "t" for i in range(3)):
        return "temporal"
    if sum(char in frozenset(function_chars) for char in gram) >= 2:
        return "function"
    if all(char in IDIOM_NUMERALS for char in gram):
        return "numeral"
    if word_freq.get(gram[:3]) or word_freq.get(gram[1:]):
        return "three plus one"
    first_tag = word_tags.get(first, "") if word_freq.get(first) else ""
    second_tag = word_tags.get(second, "") if word_freq.get(second) else ""
    if "j" in (first_tag, second_tag):
        return "abbreviation"
    if second_tag in HEAD_NOUN_TAGS and (
        tag in NOMINAL_TAGS or first_tag in MODIFIER_TAGS or word_freq.get(second, 0) >= common_noun_freq
    ):
        return "nominal"
    if first_tag == "n" and second_tag in ("v", "vn") and word_freq.get(first, 0) >= subject_freq:
        return "nominal"
    if tag is None:
        if first_tag in HEAD_NOUN_TAGS and word_freq.get(first, 0) >= common_word_freq:
            return "compound"
        if (first_tag in VERB_HALF_TAGS and word_freq.get(first, 0) >= common_word_freq) or (
            second_tag == "v" and word_freq.get(second, 0) >= common_word_freq
        ):
            return "verb phrase"
    return None


def _dominant_share(neighbours: Mapping[str, int], free: frozenset[str]) -> float:
    """Share of the commonest neighbour that is neither a boundary nor in ``free`` (0 when none)."""
    total = sum(neighbours.values())
    if not total:
        return 0.0
    counts = [c for w, c in neighbours.items() if w != BOUNDARY and w not in free]
    return max(counts, default=0) / total


def score_idioms(
    index: WordIndex,
    *,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str] | None = None,
    min_freq: int = 2,
    min_doc_freq: int = 1,
    top_n: int = 200,
    min_aligned: float = 0.5,
    min_entropy: float = 0.5,
    max_half_freq: int = 1000,
    common_word_freq: int = 5000,
    min_lexicon_freq: int = 10,
    max_dominance: float = 2 / 3,
    function_chars: Iterable[str] = IDIOM_FUNCTION_CHARS,
) -> list[Phrase]:
    """Filter, score and rank character 4-grams as four-character set phrases (kind ``"idiom"``).

    Candidates: ``freq >= min_freq``, ``doc_freq >= min_doc_freq``, no ``function_chars`` unless the four
    characters are a dictionary word of frequency ``>= min_lexicon_freq`` (与时俱进; jieba lists junk
    compounds such as 党和国家 with frequency 3); aligned with token boundaries at both ends in at least
    ``min_aligned`` of the occurrences; not rejected by :func:`idiom_rejection` (jieba's part-of-speech tags,
    ``word_tags``, loaded by :func:`jieba_lexicon` when None: connectives, time expressions, nouns, free verb
    phrases); ``min(H_left, H_right) >= min_entropy`` nats (character neighbours, punctuation and sentence
    edges count as distinct); not a compositional pair of two words: rejected when both halves are dictionary
    words (frequency > 0) and both are ``>= max_half_freq`` (政治建设 = 政治 + 建设) or one is
    ``>= common_word_freq`` (市场准入 = 市场 + 准入, 两国关系).

    Fragments (推动管党 inside 推动管党治党) are caught by the neighbours of a candidate the dictionary does
    not tag i/l: with ``freq >= 3`` the commonest neighbour on either side that is not a boundary nor a
    function character (的, 地 …) may cover at most ``max_dominance`` of the occurrences (entropy is weak
    evidence at low frequency); with ``freq == 2`` some occurrence must touch a boundary on one side.

    ``score = ln(1 + freq) × (1 + ln doc_freq) × min(H_left, H_right) × aligned_share × rarity`` with
    ``rarity = 1 - ln(1 + min(f(a), f(b))) / (2 ln(1 + max_half_freq))`` in ``(0.5, 1]`` for the halves
    ``a``, ``b`` (set phrases are spread over documents and their halves are rare as words);
    rounded to 6 decimals, sorted by score descending, then phrase.
    """
    if 4 not in index.lengths():
        return []
    if min_freq < 1 or min_doc_freq < 1 or top_n < 1:
        raise ValueError(
            f"min_freq={min_freq}, min_doc_freq={min_doc_freq}, top_n={top_n}: must be at least 1"
        )
    tags = jieba_lexicon().tag if word_tags is None else word_tags
    banned = frozenset(function_chars)
    limit_log = 2.0 * math.log1p(max_half_freq)
    candidates: dict[str, tuple[float, float]] = {}
    rejected: Counter = Counter()
    freq, doc_freq, aligned = index.freq_of(4), index.doc_freq_of(4), index.aligned_of(4)
    rows = np.flatnonzero((freq >= min_freq) & (doc_freq >= min_doc_freq) & (aligned >= min_aligned * freq))
    row_of: dict[str, int] = {}
    for row, gram, f, a in zip(
        rows.tolist(), index.strings(4, rows), freq[rows].tolist(), aligned[rows].tolist(), strict=True
    ):
        aligned_share = a / f
        if aligned_share < min_aligned:
            continue
        if not banned.isdisjoint(gram) and (word_freq.get(gram) or 0) < min_lexicon_freq:
            continue
        first = word_freq.get(gram[:2]) or 0
        second = word_freq.get(gram[2:]) or 0
        weaker_half = min(first, second)
        if weaker_half > 0 and (weaker_half >= max_half_freq or max(first, second) >= common_word_freq):
            continue
        reason = idiom_rejection(gram, word_freq=word_freq, word_tags=tags, function_chars=banned)
        if reason is not None:
            rejected[reason] += 1
            continue
        candidates[gram] = (aligned_share, 1.0 - math.log1p(weaker_half) / limit_log)
        row_of[gram] = row
    chosen = np.asarray(list(row_of.values()), dtype=np.int64)
    lefts = index.neighbours_of_rows(4, chosen, "left")
    rights = index.neighbours_of_rows(4, chosen, "right")
    out: list[Phrase] = []
    for (gram, (aligned_share, rarity)), before, after in zip(candidates.items(), lefts, rights, strict=True):
        h = min(branching_entropy(before), branching_entropy(after))
        if h < min_entropy:
            continue
        f = int(freq[row_of[gram]])
        if word_freq.get(gram) is None or tags.get(gram) not in SET_PHRASE_TAGS:
            if (
                f >= 3
                and max(_dominant_share(before, banned), _dominant_share(after, banned)) > max_dominance
            ):
                rejected["fragment"] += 1
                continue
            if f == 2 and not (before.get(BOUNDARY) or after.get(BOUNDARY)):
                rejected["fragment"] += 1
                continue
        df = int(doc_freq[row_of[gram]])
        score = round(math.log1p(f) * (1.0 + math.log(df)) * h * aligned_share * rarity, 6)
        out.append(Phrase(gram, "idiom", f, df, score))
    out.sort(key=_phrase_sort_key)
    logger.info(
        "idioms: %d candidates, %d bounded, %d returned; rejected %s",
        len(candidates),
        len(out),
        min(top_n, len(out)),
        dict(rejected),
    )
    return out[:top_n]


def mine_idioms(
    sentences: Iterable[Sentence],
    *,
    min_freq: int = 2,
    min_doc_freq: int = 1,
    top_n: int = 200,
    word_freq: Mapping[str, int] | None = None,
    word_tags: Mapping[str, str] | None = None,
    min_aligned: float = 0.5,
    min_entropy: float = 0.5,
    max_half_freq: int = 1000,
    common_word_freq: int = 5000,
) -> list[Phrase]:
    """Four-character set phrases (风清气正, 久久为功, 真抓实干 …): count, then :func:`score_idioms`.

    ``word_freq`` (word → frequency) and ``word_tags`` (word → part-of-speech tag) default to jieba's
    dictionary (:func:`jieba_lexicon`).  See :func:`score_idioms` for filters and score.
    """
    index = WordIndex.build(sentences, min_count=min_freq, max_n=4, characters=True)
    return score_idioms(
        index,
        word_freq=jieba_lexicon().freq if word_freq is None else word_freq,
        word_tags=word_tags,
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        top_n=top_n,
        min_aligned=min_aligned,
        min_entropy=min_entropy,
        max_half_freq=max_half_freq,
        common_word_freq=common_word_freq,
    )


def section_keyness(
    sentences: Iterable[Sentence], phrases: Iterable[str], *, min_freq: int = 2
) -> list[tuple[str, str, int, float]]:
    """Phrases over-used in a section type: ``(section_type, phrase, freq_in_section, keyness)`` rows.

    Occurrences are non-overlapping, leftmost-longest matches of the phrases in each sentence text (a phrase
    inside a longer listed phrase is not counted there).  Section size is its number of characters; keyness is
    :func:`~analysis.scoring.keyness_g2` of the section against all other sections together.  Only rows
    with positive keyness and ``freq >= min_freq``; sorted by section type, keyness descending, phrase.
    Each distinct sentence is scanned once and weighted by its occurrences per section type (section sizes
    too): :func:`~analysis.phrasebank.count_phrase_occurrences`, then
    :func:`~analysis.phrasebank.section_keyness_rows`.
    """
    occurrences = count_phrase_occurrences((p for p in phrases if p), sentences)
    return section_keyness_rows(occurrences, min_freq=min_freq)
