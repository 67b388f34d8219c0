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
from analysis.miners.jieba_dictionary import jieba_word_freq
from analysis.miners.numeral_slogans import mine_numeral_slogans, numeral_rows
from analysis.miners.quoted_slogans import mine_quoted_slogans, quoted_rows
from analysis.miners.shared import ranked, slogan_score
from analysis.records import Phrase, Sentence

__all__ = ["mine_numeral_slogans", "mine_quoted_slogans", "mine_slogans", "slogan_score"]


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
    rows = numeral_rows(distinct, min_freq=min_freq, min_doc_freq=min_doc_freq)
    rows += quoted_rows(
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
    return ranked(best.values())
