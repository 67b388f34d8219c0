"""Four-character set phrases (kind ``"idiom"``: 风清气正, 久久为功, 真抓实干 …).

Reads the character index (:class:`~analysis.index.WordIndex` built with ``characters=True``: character
4-grams, their neighbours and how many occurrences line up with token boundaries) and jieba's dictionary
(:mod:`analysis.miners.jieba_dictionary`: frequencies and tags, to tell a set phrase from a noun compound or
a free verb phrase).  :func:`mine_idioms` builds the index and :func:`score_idioms` queries it; call the two
halves yourself to reuse an index.  Ranking ties break by phrase, and scores are rounded to 6 decimals so
that outputs are byte-identical between runs.  Examples are left empty: the phrase bank attaches them.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np

from analysis.index import WordIndex
from analysis.index_shards import ShardMap
from analysis.miners.boundaries import FREE_EDGE_CHARS, edge_fault
from analysis.miners.idiom_form import (
    SET_PHRASE_TAGS,
    compositional,
    half_partners,
    has_set_form,
    is_lexical,
    is_parallel,
)
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.shared import phrase_sort_key
from analysis.records import Phrase, Sentence
from analysis.scoring import BOUNDARY, branching_entropy
from analysis.units import DistinctCorpus

logger = logging.getLogger(__name__)

#: Characters that mark a function-word sequence, not a set phrase (unless the 4 characters are a
#: dictionary word, as in 与时俱进, 各司其职).
IDIOM_FUNCTION_CHARS: frozenset[str] = frozenset(
    "的了是在和与及之其而把被我你他她它们这那吗呢吧啊着过说要也就都还地得"
)


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
#: Tags of the second half of a verb phrase whose object may go on past the 4 characters (see _open_right):
#: a noun (构建智能…), or a verb when both verbs are common words (构建涵盖…: a verb and a verb taking its
#: own object), not coordinated coinages (扫黑除恶专项斗争: 扫黑 2, 除恶 33).
NOUN_OBJECT_TAGS: frozenset[str] = frozenset({"n", "nr", "nz", "ng"})
VERB_OBJECT_TAGS: frozenset[str] = frozenset({"v", "vn"})
COMMON_VERB_FREQ = 100
#: Tags of the second half of a verb phrase that is an attribute of the object to come (see _open_right):
#: distinguishing words, adjectives, a place word as modifier (构建新型…, 依托现有…, 构建高效…, 打造海洋…).
ATTRIBUTE_TAGS: frozenset[str] = frozenset({"b", "a", "ad", "ns", "nr"})
#: A verb before an attribute closed in fewer than this share of its occurrences is the start of a phrase
#: whose object follows: an attribute does not end a verb phrase, unlike a noun object (补齐短板).
ATTRIBUTE_CLOSED_SHARE = 0.5
#: A verb phrase or ABCA pattern closed (followed by punctuation or a function character) in fewer than
#: this share of its occurrences is the start of something longer.
CLOSED_SHARE = 0.1
#: Least reports of an idiom: one (a set phrase is known by its form, not by being repeated across reports).
IDIOM_MIN_DOC_FREQ = 1
#: Share of the reports a string without the form of a set phrase (see
#: :func:`~analysis.miners.idiom_form.has_set_form`) must be used in: such a string is a set phrase by use
#: only, and one or two technical documents coin many four-character compounds (岸基驾控, 国拨经费) that no
#: other report repeats.  A share, not a count: on a handful of reports one use is all there is.
UNMARKED_MIN_DOC_SHARE = 0.02
#: Localisers closing a locative phrase (新形势下, 本世纪末).
IDIOM_LOCALISERS: frozenset[str] = frozenset("上下中里内外前后末初")


def idiom_document_factor(doc_freq: int) -> float:
    """The document factor of an idiom's score, ``1 + ln doc_freq`` (see :func:`score_idioms`)."""
    return 1.0 + math.log(doc_freq)


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
        and not is_parallel(gram)
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
    if (
        gram[2] in IDIOM_NUMERALS
        and not IDIOM_NUMERALS.intersection(gram[:2])
        and gram[3] not in IDIOM_NUMERALS
    ):
        return "count"
    if any(_free_inside(gram, i, word_freq) for i in (1, 2)):
        return "particle inside"
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


def _free_inside(gram: str, i: int, word_freq: Mapping[str, int], min_word_freq: int = 10) -> bool:
    """Whether ``gram[i]`` is a free particle (:data:`~analysis.miners.boundaries.FREE_EDGE_CHARS`: 等, 和,
    的 …) that makes no dictionary word with either neighbour (青岛等市: 岛等, 等市; not 多措并举: 并举)."""
    return gram[i] in FREE_EDGE_CHARS and all(
        (word_freq.get(pair) or 0) < min_word_freq for pair in (gram[i - 1 : i + 1], gram[i : i + 2])
    )


def _open_right(
    gram: str,
    after: Mapping[str, int],
    *,
    freq: int,
    tags: Mapping[str, str],
    word_freq: Mapping[str, int],
    free: frozenset[str],
) -> str | None:
    """Why ``gram`` is the first part of something longer by what follows it (``after``: right neighbours),
    or None.  ``closed``: occurrences followed by punctuation, a sentence edge or a function character.

    * ``"open object"``: a verb (first half tagged ``v``) before a noun or a common verb (second half
      tagged :data:`NOUN_OBJECT_TAGS`, or :data:`VERB_OBJECT_TAGS` with both halves ``>= COMMON_VERB_FREQ``),
      closed in under :data:`CLOSED_SHARE` of the occurrences (构建智能 → 构建智能化…,
      打造智慧 → 打造智慧港口): the object goes on, the 4 characters cut it;
    * ``"open attribute"``: a common verb (first half tagged ``v``, frequency ``>= COMMON_VERB_FREQ``)
      before an attribute (second half tagged :data:`ATTRIBUTE_TAGS`) closed in under
      :data:`ATTRIBUTE_CLOSED_SHARE` of the occurrences (构建新型 → 构建新型…体系, 依托现有 → 依托现有平台):
      the attribute opens the object;
    * ``"repeated pattern"``: ABCA (新模式新 → 新模式新业态, 新技术新产品) so closed: the last character opens
      the next member of a repeated pattern, while 港人治港 closes its clause.
    """
    closed = sum(count for word, count in after.items() if word == BOUNDARY or word in free)
    first = tags.get(gram[:2]) if word_freq.get(gram[:2]) else None
    second = tags.get(gram[2:]) if word_freq.get(gram[2:]) else None
    if (
        first == "v"
        and second in ATTRIBUTE_TAGS
        and word_freq[gram[:2]] >= COMMON_VERB_FREQ
        and closed < ATTRIBUTE_CLOSED_SHARE * freq
    ):
        return "open attribute"
    if closed >= CLOSED_SHARE * freq and (closed or freq < 3):
        return None
    if first == "v" and (
        second in NOUN_OBJECT_TAGS
        or (second in VERB_OBJECT_TAGS and min(word_freq[gram[:2]], word_freq[gram[2:]]) >= COMMON_VERB_FREQ)
    ):
        return "open object"
    if gram[0] == gram[3]:
        return "repeated pattern"
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
    ``min_aligned`` of the occurrences; not a compound of two productive free words
    (:func:`~analysis.miners.idiom_form.compositional`: 线上服务, 精准配送, with the halves' partners counted
    over these same candidates); without the form of a set phrase (a dictionary 成语/习用语 or a parallel
    shape) and not a dictionary word (:func:`~analysis.miners.idiom_form.is_lexical`), used in
    ``>= max(min_doc_freq, ⌈UNMARKED_MIN_DOC_SHARE × n_docs⌉)`` reports; not rejected by
    :func:`idiom_rejection` (jieba's part-of-speech tags,
    ``word_tags``, loaded by :func:`jieba_lexicon` when None: connectives, time expressions, nouns, free verb
    phrases) nor by :func:`~analysis.miners.boundaries.edge_fault` (``等新业态``, ``打造一批``, ``云计算等``);
    ``min(H_left, H_right) >= min_entropy`` nats (character neighbours, punctuation and sentence
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
    grams = index.strings(4, rows)
    partners = half_partners(grams)
    unmarked_docs = max(min_doc_freq, math.ceil(UNMARKED_MIN_DOC_SHARE * index.n_docs))
    columns = (freq[rows].tolist(), aligned[rows].tolist(), doc_freq[rows].tolist())
    for row, gram, f, a, df in zip(rows.tolist(), grams, *columns, strict=True):
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
        reason = reason or edge_fault(gram, word_freq=word_freq, word_tags=tags)
        share = df / index.n_docs if index.n_docs else 0.0
        if reason is None and compositional(
            gram, partners, word_freq=word_freq, word_tags=tags, doc_share=share
        ):
            reason = "compositional"
        marked = has_set_form(gram, word_freq=word_freq, word_tags=tags) or is_lexical(
            gram, word_freq=word_freq
        )
        if reason is None and df < unmarked_docs and not marked:
            reason = "rare unmarked"
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
            open_reason = _open_right(gram, after, freq=f, tags=tags, word_freq=word_freq, free=banned)
            if open_reason is not None:
                rejected[open_reason] += 1
                continue
        df = int(doc_freq[row_of[gram]])
        score = round(math.log1p(f) * idiom_document_factor(df) * h * aligned_share * rarity, 6)
        out.append(Phrase(gram, "idiom", f, df, score))
    out.sort(key=phrase_sort_key)
    logger.info(
        "idioms: %d candidates, %d bounded, %d returned; rejected %s",
        len(candidates),
        len(out),
        min(top_n, len(out)),
        dict(rejected),
    )
    return out[:top_n]


def mine_idioms(
    sentences: Iterable[Sentence] | DistinctCorpus,
    *,
    min_freq: int = 2,
    min_doc_freq: int = IDIOM_MIN_DOC_FREQ,
    top_n: int = 200,
    word_freq: Mapping[str, int] | None = None,
    word_tags: Mapping[str, str] | None = None,
    min_aligned: float = 0.5,
    min_entropy: float = 0.5,
    max_half_freq: int = 1000,
    common_word_freq: int = 5000,
    shards: int = 1,
    map_shards: ShardMap | None = None,
) -> list[Phrase]:
    """Four-character set phrases (风清气正, 久久为功, 真抓实干 …): count, then :func:`score_idioms`.

    ``word_freq`` (word → frequency) and ``word_tags`` (word → part-of-speech tag) default to jieba's
    dictionary (:func:`jieba_lexicon`).  See :func:`score_idioms` for filters and score.  ``shards`` and
    ``map_shards`` (an executor's ``map``): the index is counted in shards over it (same result).
    """
    index = WordIndex.build(
        sentences, min_count=min_freq, max_n=4, characters=True, shards=shards, map_shards=map_shards
    )
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
