"""The miners that query an n-gram index, grouped by the index they read: one executor task per index.

* ``"words"``: one word index (:class:`~analysis.index.WordIndex`) of the distinct corpus, queried by the
  term miner (kinds ``term`` and ``name``) and by the frame miner (its n-grams of at most
  :data:`~analysis.miners.frames.MAX_FIXED_TOKENS` tokens at clause edges).  Building it is the larger part
  of either miner's time, so it is built once for both.
* ``"characters"``: the character index of four-character n-grams, queried by the idiom miner.

Each task is sent the corpus reduced to its distinct sentences (:func:`~analysis.units.distinct_corpus`) and
the sentences' section types (:class:`~analysis.miners.frame_occurrences.SectionCodes`): arrays and token
tuples, a fraction of the sentences.  With two workers or more the pipeline sends both at once, one per
worker (:func:`analysis.mining.mine_candidates`: the character task, ≈ 0.5 GB at its peak at 100 MB of
distinct text, is done long before the word task peaks); :func:`mine_all_indexed` builds and queries one
index after the other (one worker, or serial), so that only one is held at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.index import WordIndex
from analysis.index_shards import ShardMap
from analysis.miners.frame_occurrences import SectionCodes
from analysis.miners.frames import MAX_FIXED_CHARS, MAX_FIXED_TOKENS, FrameMining, frames_of_corpus
from analysis.miners.frames import MIN_FREQ as FRAME_MIN_FREQ
from analysis.miners.idioms import mine_idioms
from analysis.miners.terms import FRAMED_MAX_WORDS, TERM_MAX_CHARS, score_terms
from analysis.records import Phrase
from analysis.units import DistinctCorpus

__all__ = ["INDEXES", "IndexedCorpus", "IndexedKinds", "mine_all_indexed", "mine_indexed"]

#: The indexes, one task each.
INDEXES: tuple[str, ...] = ("words", "characters")


@dataclass(frozen=True, slots=True)
class IndexedCorpus:
    """What an index task reads: the distinct corpus, the sentences' section types, the miners' options."""

    distinct: DistinctCorpus
    sections: SectionCodes
    min_freq: int  #: least occurrences of a term
    min_doc_freq: int
    top_n: int


@dataclass(frozen=True, slots=True)
class IndexedKinds:
    """The rows of one index task (the kinds the other task mines are empty)."""

    terms: list[Phrase]  #: terms and names
    idioms: list[Phrase]
    frames: FrameMining = field(default_factory=lambda: FrameMining((), {}))


def mine_indexed(
    corpus: IndexedCorpus, which: str, *, shards: int = 1, map_shards: ShardMap | None = None
) -> IndexedKinds:
    """The kinds of the index ``which`` (one of :data:`INDEXES`) on ``corpus``; ``shards`` and
    ``map_shards`` (an executor's ``map``): the index is counted in shards over it (the same index).

    The word index is built with the terms' least frequency; the frames read it when that is no more than
    theirs (an index of rarer n-grams holds all of theirs, with the same counts), else they build their own.
    """
    if which == "characters":
        idioms = mine_idioms(corpus.distinct, top_n=corpus.top_n, shards=shards, map_shards=map_shards)
        return IndexedKinds([], idioms)
    if which != "words":
        raise ValueError(f"which={which!r}: use one of {', '.join(INDEXES)}")
    index = WordIndex.build(
        corpus.distinct,
        min_count=corpus.min_freq,
        max_n=max(FRAMED_MAX_WORDS, MAX_FIXED_TOKENS),
        max_chars=max(TERM_MAX_CHARS, MAX_FIXED_CHARS),
        shards=shards,
        map_shards=map_shards,
    )
    terms = score_terms(index, min_freq=corpus.min_freq, min_doc_freq=corpus.min_doc_freq, top_n=corpus.top_n)
    # (the frames read n-grams of at most MAX_FIXED_TOKENS tokens: the longer levels let go before them)
    index = index.shortened(MAX_FIXED_TOKENS)
    frames = frames_of_corpus(
        corpus.distinct,
        corpus.sections,
        index=index if corpus.min_freq <= FRAME_MIN_FREQ else None,
        min_doc_freq=corpus.min_doc_freq,
        top_n=corpus.top_n,
    )
    return IndexedKinds(terms, [], frames)


def mine_all_indexed(corpus: IndexedCorpus) -> tuple[IndexedKinds, ...]:
    """:func:`mine_indexed` for each of :data:`INDEXES` in turn (one index held at a time), in that order."""
    return tuple(mine_indexed(corpus, which) for which in INDEXES)
