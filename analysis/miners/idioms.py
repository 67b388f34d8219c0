"""Four-character set phrases (kind ``"idiom"``: 风清气正, 久久为功, 真抓实干 …).

Reads the character index (:class:`~analysis.index.WordIndex` built with ``characters=True``: character
4-grams, their neighbours and how many occurrences line up with token boundaries) and jieba's dictionary
(:mod:`analysis.miners.jieba_dictionary`: frequencies and tags, to tell a set phrase from a noun compound or
a free verb phrase).  :func:`mine_idioms` builds the index and :func:`score_idioms` queries it; call the two
halves yourself to reuse an index.  The candidates are judged by their words and form all at once, as rows
of character ids (:mod:`analysis.miners.idiom_candidates`); the few kept are then read one by one with their
neighbours.  Ranking ties break by phrase, and scores are rounded to 6 decimals so that outputs are
byte-identical between runs.  Examples are left empty: the phrase bank attaches them.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np

from analysis.collector import trim_heap
from analysis.index import WordIndex
from analysis.index_shards import ShardMap
from analysis.miners.idiom_candidates import Halves, candidate_chars, judge_candidates
from analysis.miners.idiom_facts import char_mask, freqs_of, joined
from analysis.miners.idiom_form import SET_PHRASE_TAGS, loose_compound
from analysis.miners.idiom_words import IDIOM_FUNCTION_CHARS
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.shared import phrase_sort_key
from analysis.records import Phrase, Sentence
from analysis.scoring import BOUNDARY, branching_entropy
from analysis.units import DistinctCorpus

logger = logging.getLogger(__name__)

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
#: A verb phrase closed (followed by punctuation or a function character) in fewer than
#: this share of its occurrences is the start of something longer.
CLOSED_SHARE = 0.1
#: An ABCA pattern closed in fewer than this share of its occurrences is the head of the next member of
#: a repeated pattern (新形势新 → 新形势新需求, 新形势新挑战: closed only where the list happens to
#: stop), while a set phrase of that shape (港人治港) ends its clause in most of its uses.
REPEATED_CLOSED_SHARE = 0.5
#: Least reports of an idiom: one (a set phrase is known by its form, not by being repeated across reports).
IDIOM_MIN_DOC_FREQ = 1
#: Share of the reports a string without the form of a set phrase (see
#: :func:`~analysis.miners.idiom_form.has_set_form`) must be used in: such a string is a set phrase by use
#: only, and one or two technical documents coin many four-character compounds (岸基驾控, 国拨经费) that no
#: other report repeats.  A share, not a count: on a handful of reports one use is all there is.
UNMARKED_MIN_DOC_SHARE = 0.02


def idiom_document_factor(doc_freq: int) -> float:
    """The document factor of an idiom's score, ``1 + ln doc_freq`` (see :func:`score_idioms`)."""
    return 1.0 + math.log(doc_freq)


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
    * ``"repeated pattern"``: ABCA (新模式新 → 新模式新业态, 新技术新产品) closed in under
      :data:`REPEATED_CLOSED_SHARE` of the occurrences: the last character opens the next member of a
      repeated pattern, while 港人治港 closes its clause.
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
    if gram[0] == gram[3] and closed < REPEATED_CLOSED_SHARE * freq:
        return "repeated pattern"
    if closed >= CLOSED_SHARE * freq and (closed or freq < 3):
        return None
    if first == "v" and (
        second in NOUN_OBJECT_TAGS
        or (second in VERB_OBJECT_TAGS and min(word_freq[gram[:2]], word_freq[gram[2:]]) >= COMMON_VERB_FREQ)
    ):
        return "open object"
    return None


def _dominant_share(neighbours: Mapping[str, int], free: frozenset[str]) -> float:
    """Share of the commonest neighbour that is neither a boundary nor in ``free`` (0 when none)."""
    total = sum(neighbours.values())
    if not total:
        return 0.0
    counts = [c for w, c in neighbours.items() if w != BOUNDARY and w not in free]
    return max(counts, default=0) / total


def _screened(
    chars: np.ndarray,
    vocabulary: list[str],
    halves: Halves,
    aligned_share: np.ndarray,
    *,
    word_freq: Mapping[str, int],
    min_aligned: float,
    max_half_freq: int,
    common_word_freq: int,
    banned: frozenset[str],
    min_lexicon_freq: int,
) -> np.ndarray:
    """Places (among the rows of ``chars``) of the candidates worth judging (see :func:`score_idioms`):
    ``aligned_share >= min_aligned``, not two common dictionary words (the weaker half ``>= max_half_freq``
    or the stronger ``>= common_word_freq``), no ``banned`` character unless the four characters are a
    dictionary word of frequency ``>= min_lexicon_freq`` (looked up for those rows only)."""
    first, second = halves.freq[halves.first], halves.freq[halves.second]
    weaker = np.minimum(first, second)
    common = (weaker > 0) & ((weaker >= max_half_freq) | (np.maximum(first, second) >= common_word_freq))
    kept = ~(aligned_share < min_aligned) & ~common
    with_banned = np.flatnonzero(kept & char_mask(chars, vocabulary, banned).any(axis=1))
    lexical = freqs_of(joined(chars[with_banned], vocabulary), word_freq) >= min_lexicon_freq
    kept[with_banned[~lexical]] = False
    return np.flatnonzero(kept)


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
    :func:`~analysis.miners.idiom_words.idiom_rejection` (jieba's part-of-speech tags,
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
    Neither is it a loose compound (:func:`~analysis.miners.idiom_form.loose_compound`: two productive
    halves each mostly used without the other, the candidate rarely closing a clause: 集成优化等, whatever
    its form) nor a noun compound headed by a productive noun that jieba tags as a name
    (:func:`~analysis.miners.idiom_form.name_modifier`: 智慧文旅).

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
    freq, doc_freq, aligned = index.freq_of(4), index.doc_freq_of(4), index.aligned_of(4)
    rows = np.flatnonzero((freq >= min_freq) & (doc_freq >= min_doc_freq) & (aligned >= min_aligned * freq))
    chars = candidate_chars(index, rows)
    halves = Halves.of(chars, index.vocabulary, freq[rows], word_freq=word_freq)
    weaker = np.minimum(halves.freq[halves.first], halves.freq[halves.second])
    judged = _screened(
        chars,
        index.vocabulary,
        halves,
        aligned[rows] / freq[rows],
        word_freq=word_freq,
        min_aligned=min_aligned,
        max_half_freq=max_half_freq,
        common_word_freq=common_word_freq,
        banned=banned,
        min_lexicon_freq=min_lexicon_freq,
    )
    verdicts = judge_candidates(
        index,
        rows,
        judged,
        chars,
        halves,
        word_freq=word_freq,
        word_tags=tags,
        function_chars=banned,
        unmarked_docs=max(min_doc_freq, math.ceil(UNMARKED_MIN_DOC_SHARE * index.n_docs)),
    )
    rejected: Counter = Counter(verdicts.rejected)
    row_of: dict[str, int] = {}
    accepted = judged[verdicts.accepted]
    columns = (
        rows[accepted].tolist(),
        halves.first[accepted].tolist(),
        halves.second[accepted].tolist(),
        weaker[accepted].tolist(),
        freq[rows[accepted]].tolist(),
        aligned[rows[accepted]].tolist(),
    )
    for row, first, second, weaker_half, f, a in zip(*columns, strict=True):
        gram = halves.text[first] + halves.text[second]
        candidates[gram] = (a / f, 1.0 - math.log1p(weaker_half) / limit_log)
        row_of[gram] = row
    partners, uses = halves.partners(accepted), halves.uses(accepted)
    lefts = verdicts.neighbours.grouped("left", len(accepted), index.vocabulary)
    rights = verdicts.neighbours.grouped("right", len(accepted), index.vocabulary)
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
            if loose_compound(gram, freq=f, closed=after.get(BOUNDARY, 0), partners=partners, uses=uses):
                rejected["loose compound"] += 1
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
    trim_heap()  # (what the build freed, returned before the scoring loads the dictionary)
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
