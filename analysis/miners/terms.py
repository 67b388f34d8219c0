"""Domain terms and multiword expressions (kind ``"term"``: 全面从严治党, 主体责任, 民主生活会 …).

Reads the word index (:class:`~analysis.index.WordIndex` over the sentences' tokens): the miner is index →
filter → score → rank, :func:`mine_terms` builds the index and :func:`score_terms` queries it; call the two
halves yourself to reuse an index.  Ranking ties break by phrase, and scores are rounded to 6 decimals so
that outputs are byte-identical between runs.  Examples are left empty: the phrase bank attaches them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from analysis.index import WordIndex
from analysis.index_shards import ShardMap
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.term_cohesion import TermShape, cohesion, cohesive_levels, resolve_cohesion
from analysis.miners.term_contexts import inner_uses, nested_words
from analysis.miners.term_freedom import TermCandidate
from analysis.miners.term_pool import candidate_pool
from analysis.miners.term_ranking import TERMHOOD_SATURATION, ranked_rows, term_score
from analysis.miners.term_shape import (
    TERM_EDGE_STOP_WORDS,
    TERM_LEAD_STOP_WORDS,
    TERM_NON_FINAL_TAGS,
    TERM_NON_INITIAL_TAGS,
    EdgeVerdicts,
    term_rejection,
)
from analysis.miners.termhood import ReferenceModel, reference_model
from analysis.records import Phrase, Sentence
from analysis.scoring import AssociationScorer, branching_entropy, get_scorer
from analysis.units import DistinctCorpus

__all__ = [
    "TERMHOOD_SATURATION",
    "TERM_EDGE_STOP_WORDS",
    "TERM_LEAD_STOP_WORDS",
    "TERM_NON_FINAL_TAGS",
    "TERM_NON_INITIAL_TAGS",
    "cohesion",
    "mine_terms",
    "score_terms",
    "term_rejection",
    "term_score",
]

logger = logging.getLogger(__name__)

#: Least termhood (nats) of a term: more frequent in the corpus than in general Chinese.
MIN_TERMHOOD = 0.0
#: A term's longest shape: tokens and characters.
TERM_MAX_WORDS = 4
TERM_MAX_CHARS = 12
#: A term in the frame 以 X 为 Y may have one token more (以/经济/建设/为/中心: jieba splits 经济建设 there).
FRAMED_MAX_WORDS = TERM_MAX_WORDS + 1


def score_terms(
    index: WordIndex,
    *,
    min_freq: int = 3,
    min_doc_freq: int = 2,
    max_words: int = TERM_MAX_WORDS,
    min_chars: int = 2,
    max_chars: int = TERM_MAX_CHARS,
    min_single_chars: int = 3,
    top_n: int = 300,
    scorer: str | AssociationScorer = "npmi",
    min_cohesion: float | None = None,
    min_entropy: float = 0.5,
    containment_ratio: float = 0.8,
    stop_words: Iterable[str] = TERM_EDGE_STOP_WORDS,
    word_tags: Mapping[str, str] | None = None,
    single_cohesion: float | None = None,
    reference: ReferenceModel | None = None,
    min_termhood: float = MIN_TERMHOOD,
) -> list[Phrase]:
    """Filter, score and rank the word n-grams of ``index`` as domain terms (kind ``"term"``) and names
    (kind ``"name"``).

    Candidates: 1–``max_words`` tokens, ``min_chars``–``max_chars`` characters (a single token needs
    ``min_single_chars``), ``freq >= min_freq``, ``doc_freq >= min_doc_freq``, edges of a noun phrase
    (:mod:`~analysis.miners.term_shape`: first and last token not in ``stop_words`` nor a numeral with a
    unit (万亿元), first token not in :data:`TERM_LEAD_STOP_WORDS`, not rejected by :func:`term_rejection`
    on jieba's tags ``word_tags`` (:func:`jieba_lexicon` when None), with its exceptions: 乡村振兴,
    以经济建设为中心).
    Filters: :func:`cohesion` ``>= min_cohesion`` (default per scorer, 0.25 for npmi); a single token is
    cohesive by construction (the segmenter made it a word) and gets ``cohesion = single_cohesion`` (default
    twice the threshold, 0.5 for npmi: about a typical multiword term's npmi); left and right
    :func:`~analysis.scoring.branching_entropy` (nats) ``>= min_entropy`` over the candidate's contexts
    (:mod:`~analysis.miners.term_contexts`: its neighbours, those that end a term counted as boundaries, and
    its uses inside longer tokens), which drops fragments such as 从严治党 inside 全面从严治党 and keeps a
    formulation used inside many longer ones (新发展理念); a candidate inside a longer surviving candidate
    with ``freq(longer) >= containment_ratio * freq(shorter)`` is dropped (the maximal one is kept);
    :func:`~analysis.miners.termhood.termhood` against general Chinese (``reference``: jieba's dictionary
    when None) ``> min_termhood``.

    ``score = cohesion × min(H_left, H_right) × min(1, termhood / 7) × ln(1 + doc_freq)`` (term_score),
    rounded to 6 decimals; sorted by score descending, then phrase.  ``freq`` counts the uses inside longer
    tokens too.  Different segmentations of the same string, and strings that differ only by 的
    (表示诚挚的感谢, 表示诚挚感谢), keep the best-scoring one.  Names
    (:func:`~analysis.miners.names.name_kind`) come out as kind ``"name"``; ``top_n`` rows of each kind.
    """
    score_fn = get_scorer(scorer)
    threshold = resolve_cohesion(scorer, min_cohesion)
    if min_freq < 1 or min_doc_freq < 1 or max_words < 1 or top_n < 1:
        raise ValueError(
            f"min_freq={min_freq}, min_doc_freq={min_doc_freq}, max_words={max_words}, top_n={top_n}: "
            "all must be at least 1"
        )
    tags = jieba_lexicon().tag if word_tags is None else word_tags
    model = reference_model(jieba_lexicon().freq) if reference is None else reference
    total = index.total_unigrams
    lengths = [n for n in index.lengths() if n <= max(max_words, FRAMED_MAX_WORDS)]
    if not total or not lengths:
        return []
    stops = frozenset(stop_words)
    single_value = 2.0 * threshold if single_cohesion is None else single_cohesion
    shape = TermShape(min_freq, min_doc_freq, min_chars, max_chars, min_single_chars, threshold, single_value)
    cohesive = cohesive_levels(index, lengths, shape, score_fn, stops, tags, max_words)
    pool = candidate_pool(index, cohesive, _nested(index, shape, stops, tags, min_entropy, known=model.freq))
    ranking = ranked_rows(
        index,
        pool,
        top_n=top_n,
        ratio=containment_ratio,
        min_entropy=min_entropy,
        min_termhood=min_termhood,
        tags=tags,
        model=model,
    )
    out: list[Phrase] = []
    for kind, rows in ranking.rows.items():
        out += [Phrase(text, kind, f, d, -key) for key, text, f, d in rows[:top_n]]
        logger.info("terms: %d %s rows", min(top_n, len(rows)), kind)
    logger.info(
        "terms: %d cohesive, %d read, %d scored",
        len(pool.texts) - len(pool.nested),
        ranking.read,
        ranking.scored,
    )
    return out


def _nested(
    index: WordIndex,
    shape: TermShape,
    stops: frozenset[str],
    tags: Mapping[str, str],
    min_entropy: float,
    *,
    known: Mapping[str, int],
) -> list[TermCandidate]:
    """Dictionary words hidden inside longer tokens (:func:`~analysis.miners.term_contexts.nested_words`)
    as single-token candidates: their uses inside those tokens give their frequency, reports and contexts
    (entropy at least ``min_entropy``, cohesion that of a single token), on the edges of a single token."""
    vocabulary = index.vocabulary
    tokens = [vocabulary[t] for t in index.parts(1)[:, 0].tolist()]
    strings = nested_words(tokens, known)
    singles = EdgeVerdicts.of(strings, stops=stops, tags=tags).singles
    strings = [s for s in strings if s in singles and len(s) <= shape.max_chars]
    uses = inner_uses(strings, tokens, index.freq_of(1).tolist(), index.doc_freq_of(1).tolist())
    out: list[TermCandidate] = []
    for text, inner in zip(strings, uses, strict=True):
        if inner.freq < shape.min_freq or inner.doc_freq < shape.min_doc_freq:
            continue
        h = min(branching_entropy(inner.left), branching_entropy(inner.right))
        if h >= min_entropy:
            out.append(TermCandidate((text,), text, inner.freq, inner.doc_freq, shape.single_value, h, -1))
    return out


def mine_terms(
    sentences: Iterable[Sentence] | DistinctCorpus,
    *,
    min_freq: int = 3,
    min_doc_freq: int = 2,
    max_words: int = TERM_MAX_WORDS,
    top_n: int = 300,
    scorer: str | AssociationScorer = "npmi",
    min_cohesion: float | None = None,
    min_entropy: float = 0.5,
    containment_ratio: float = 0.8,
    shards: int = 1,
    map_shards: ShardMap | None = None,
) -> list[Phrase]:
    """Domain terms and multiword expressions (全面从严治党, 主体责任, 民主生活会 …), and names.

    Counts word n-grams, then calls :func:`score_terms` (see there for the candidates, filters and
    ``score``).  N-gram counts need the sentences of a document to be contiguous.  ``shards`` and
    ``map_shards`` (an executor's ``map``): the index is counted in shards over it (same result).
    """
    index = WordIndex.build(
        sentences,
        min_count=min_freq,
        max_n=max(max_words, FRAMED_MAX_WORDS),
        max_chars=TERM_MAX_CHARS,
        shards=shards,
        map_shards=map_shards,
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
