"""提法 (slogans, kind ``"slogan"``): numeral and quoted formulations, merged.

Two detectors turn :class:`~analysis.records.Sentence` records into :class:`~analysis.records.Phrase` rows:

* :func:`~analysis.miners.numeral_slogans.mine_numeral_slogans` — numeral formulas (``四个意识``,
  ``两个维护``, ``三会一课``, ``一岗双责``, ``双随机一公开``, quoted ``“四风”``/``“十四五”``);
* :func:`~analysis.miners.quoted_slogans.mine_quoted_slogans` — short formulations written inside quotes
  (``“关键少数”``, ``“放管服”``, ``“不忘初心、牢记使命”``);

:func:`mine_slogans` runs both over the same distinct sentences and keeps one row per phrase.  Every
detector counts first, filters, then scores (:func:`~analysis.miners.shared.slogan_score`); rows are sorted
by score descending with the phrase as tie-break, so the output is deterministic.  ``example`` is left
``""``: the caller attaches a real sentence.  The placeholder ``□`` (see :data:`analysis.records.PLACEHOLDER`)
is never part of a phrase.  Passages repeated across reports are :mod:`analysis.miners.passages`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.distinct import DistinctSentences, distinct_sentences
from analysis.miners.boundaries import edge_fault
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.numeral_slogans import mine_numeral_slogans, numeral_rows
from analysis.miners.quoted_slogans import mine_quoted_slogans, quoted_rows
from analysis.miners.shared import ranked, slogan_score
from analysis.records import Phrase, Sentence

__all__ = [
    "CONTAINED_SHARE",
    "drop_contained_slogans",
    "mine_numeral_slogans",
    "mine_quoted_slogans",
    "mine_slogans",
    "slogan_score",
]

#: A slogan whose occurrences lie inside longer slogans at least this often is part of them, not a
#: formulation of its own (``一件事`` in ``高效办成一件事``).  Why 0.85: a part used on its own in one
#: occurrence of seven or more (``一国两制`` beside ``和平统一、一国两制``) is still a 提法 writers use alone.
CONTAINED_SHARE = 0.85


def drop_contained_slogans(rows: Sequence[Phrase], *, share: float = CONTAINED_SHARE) -> list[Phrase]:
    """``rows`` without the slogans found inside longer ones in ≥ ``share`` of their occurrences.

    ``inside(s) = Σ freq(L) × (occurrences of s in L)`` over the longer rows ``L`` holding ``s``: each
    occurrence of ``L`` holds ``s`` that many times; ``s`` goes when ``inside(s) ≥ share × freq(s)``.
    Order kept.
    """
    by_length = sorted(rows, key=lambda r: -len(r.phrase))
    dropped: set[str] = set()
    for i, row in enumerate(by_length):
        inside = sum(
            longer.freq * longer.phrase.count(row.phrase)
            for longer in by_length[:i]
            if len(longer.phrase) > len(row.phrase) and row.phrase in longer.phrase
        )
        if row.freq > 0 and inside >= share * row.freq:
            dropped.add(row.phrase)
    return [r for r in rows if r.phrase not in dropped]


def mine_slogans(
    sentences: Sequence[Sentence],
    *,
    min_freq: int = 2,
    min_doc_freq: int = 1,
    max_chars: int = 16,
    min_quoted_share: float = 0.1,
    word_freq: Mapping[str, int] | None = None,
    distinct: DistinctSentences | None = None,
    contained_share: float = CONTAINED_SHARE,
) -> list[Phrase]:
    """Numeral and quoted formulations merged: one row per phrase (the higher-scoring row wins).

    A phrase opening or closing with a function character (``并跑``:
    :func:`~analysis.miners.boundaries.edge_fault` without its word rules, as a slogan may open with a
    preposition or numeral) is dropped, and so is one inside a longer slogan in nearly all its uses
    (:func:`drop_contained_slogans`).  Sorted by score descending, then phrase.  ``distinct``:
    ``distinct_sentences(sentences)``, if the caller has it already (the passage miner reads the same).
    """
    if distinct is None:
        distinct = distinct_sentences(sentences)  # grouped once for both miners
    lexicon = jieba_lexicon()
    rows = numeral_rows(distinct, min_freq=min_freq, min_doc_freq=min_doc_freq)
    rows += quoted_rows(
        distinct,
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        max_chars=max_chars,
        min_quoted_share=min_quoted_share,
        word_freq=lexicon.freq if word_freq is None else word_freq,
    )
    best: dict[str, Phrase] = {}
    for row in rows:
        if edge_fault(row.phrase, word_freq=lexicon.freq, word_tags=lexicon.tag, words=False):
            continue
        kept = best.get(row.phrase)
        if kept is None or (row.score, row.freq) > (kept.score, kept.freq):
            best[row.phrase] = row
    return ranked(drop_contained_slogans(list(best.values()), share=contained_share))
