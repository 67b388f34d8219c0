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

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from analysis.distinct import DistinctSentences, distinct_sentences
from analysis.miners.boundaries import edge_fault
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.numeral_slogans import mine_numeral_slogans, numeral_rows
from analysis.miners.quoted_slogans import mine_quoted_slogans, quoted_rows
from analysis.miners.shared import ranked, slogan_score
from analysis.miners.slogan_texts import SloganTexts
from analysis.miners.slogan_uses import SloganUses, slogan_fault, slogan_uses
from analysis.miners.termhood import reference_model
from analysis.multimatch import nonoverlapping_matches
from analysis.records import Phrase, Sentence

if TYPE_CHECKING:
    from analysis.miners.families import DocumentFamilies

logger = logging.getLogger(__name__)

__all__ = [
    "CONTAINED_SHARE",
    "drop_contained_slogans",
    "mine_numeral_slogans",
    "mine_quoted_slogans",
    "mine_slogans",
    "slogan_score",
    "used_candidates",
    "used_slogans",
]

#: A slogan whose occurrences lie inside longer slogans at least this often is part of them, not a
#: formulation of its own (``一件事`` in ``高效办成一件事``).  Why 0.85: a part used on its own in one
#: occurrence of seven or more (``一国两制`` beside ``和平统一、一国两制``) is still a 提法 writers use alone.
CONTAINED_SHARE = 0.85


def drop_contained_slogans(
    rows: Sequence[Phrase], *, share: float = CONTAINED_SHARE, freq: Mapping[str, int] | None = None
) -> list[Phrase]:
    """``rows`` without the slogans found inside longer ones in ≥ ``share`` of their occurrences.

    ``inside(s) = Σ freq(L) × (occurrences of s in L)`` over the longer rows ``L`` holding ``s``: each
    occurrence of ``L`` holds ``s`` that many times; ``s`` goes when ``inside(s) ≥ share × freq(s)``.
    ``freq``: phrase → occurrences to compare (:attr:`SloganUses.freq`: uses with quotation marks ignored,
    so ``“三网”融合`` is inside ``三网融合``); default each row's ``freq``.  Order kept.

    The occurrences of every row in every other (``str.count``: non-overlapping) come from one
    Aho–Corasick scan of the phrases joined by ``"\n"``
    (:func:`~analysis.multimatch.nonoverlapping_matches`), where a test of every pair was quadratic in the
    rows (1,500 at 100 MB of distinct text: 1.1 M pairs, ≈ 0.1 s).  A phrase with a line break (or none
    at all) is compared pair by pair (:func:`_contained_pairwise`, the definition).
    """
    count = {r.phrase: r.freq for r in rows} if freq is None else freq
    if any(not r.phrase or "\n" in r.phrase for r in rows):
        return _contained_pairwise(rows, share, count)
    copies = Counter(r.phrase for r in rows)  # a repeated row counts as often as it is there
    phrases = list(copies)
    which, at = nonoverlapping_matches(phrases, "\n".join(phrases))
    starts = np.cumsum([0] + [len(p) + 1 for p in phrases[:-1]])
    inside: Counter[str] = Counter()
    for k, holder in zip(
        which.tolist(), (np.searchsorted(starts, at, side="right") - 1).tolist(), strict=True
    ):
        part, longer = phrases[k], phrases[holder]
        if len(longer) > len(part):
            inside[part] += count[longer] * copies[longer]
    dropped = {p for p in phrases if count[p] > 0 and inside[p] >= share * count[p]}
    return [r for r in rows if r.phrase not in dropped]


def _contained_pairwise(rows: Sequence[Phrase], share: float, count: Mapping[str, int]) -> list[Phrase]:
    """:func:`drop_contained_slogans` by its definition, every row against every longer one."""
    by_length = sorted(rows, key=lambda r: -len(r.phrase))
    dropped: set[str] = set()
    for i, row in enumerate(by_length):
        inside = sum(
            count[longer.phrase] * longer.phrase.count(row.phrase)
            for longer in by_length[:i]
            if len(longer.phrase) > len(row.phrase) and row.phrase in longer.phrase
        )
        if count[row.phrase] > 0 and inside >= share * count[row.phrase]:
            dropped.add(row.phrase)
    return [r for r in rows if r.phrase not in dropped]


def used_slogans(
    rows: Sequence[Phrase],
    uses: Mapping[str, SloganUses],
    *,
    shaped: frozenset[str],
    n_documents: int,
    min_freq: int,
    min_documents: int,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
) -> list[Phrase]:
    """The candidate ``rows`` that are 提法 by their ``uses``
    (:func:`~analysis.miners.slogan_uses.slogan_uses`), counted and scored by those uses.

    Kept: ``uses.freq ≥ min_freq``, ``uses.independent ≥ min_documents`` (a formulation several
    independent documents use, not one plan's coinage copied into its versions) and no
    :func:`~analysis.miners.slogan_uses.slogan_fault`.  ``freq``/``doc_freq`` become the uses and the
    reports with a use; score :func:`~analysis.miners.shared.slogan_score` over the independent documents
    (``n_documents`` of them in the corpus), ``shaped`` for numeral formulas.
    """
    out: list[Phrase] = []
    faults: Counter[str] = Counter()
    model = reference_model(word_freq)
    for row in rows:
        use = uses[row.phrase]
        fault = (
            "few uses"
            if use.freq < min_freq or use.independent < min_documents
            else slogan_fault(row.phrase, use, model=model, word_tags=word_tags)
        )
        if fault is not None:
            faults[fault] += 1
            continue
        score = slogan_score(use.freq, use.independent, n_documents, use.quoted, shaped=row.phrase in shaped)
        out.append(Phrase(row.phrase, "slogan", use.freq, use.reports, score))
    logger.info("slogans: %d candidates, %d kept; dropped %s", len(rows), len(out), dict(faults))
    return out


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
    independent: DocumentFamilies | None = None,
) -> list[Phrase]:
    """Numeral and quoted formulations merged: one row per phrase (the higher-scoring row wins).

    A phrase opening or closing with a function character (``并跑``:
    :func:`~analysis.miners.boundaries.edge_fault` without its word rules, as a slogan may open with a
    preposition or numeral) is dropped, and so is one inside a longer slogan in nearly all its uses
    (:func:`drop_contained_slogans`, over their uses, quotation marks ignored, among all the
    candidates: ``“十强”`` inside ``“十强产业”`` goes even if one plan alone has the longer one).  The rest
    are counted again by their uses (:func:`~analysis.miners.slogan_uses.slogan_uses`) and kept by
    :func:`used_slogans`; with ``independent`` (the reports as independent documents) a slogan needs
    ``independent.least_reports(min_doc_freq)`` of them, else ``min_doc_freq`` reports.  Sorted by score
    descending, then phrase.  ``distinct``: ``distinct_sentences(sentences)``, if the caller has it
    already (the passage miner reads the same).
    """
    if distinct is None:
        distinct = distinct_sentences(sentences)  # grouped once for both miners
    lexicon = jieba_lexicon()
    word_freq = lexicon.freq if word_freq is None else word_freq
    texts = SloganTexts(distinct)  # the texts as all three read them, made once
    rows = numeral_rows(distinct, min_freq=min_freq, min_doc_freq=min_doc_freq, texts=texts)
    shaped = frozenset(r.phrase for r in rows)
    texts.will_find(shaped)  # in the quoted candidates' scan: the uses of both are read from it
    rows += quoted_rows(
        distinct,
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        max_chars=max_chars,
        min_quoted_share=min_quoted_share,
        word_freq=word_freq,
        texts=texts,
    )
    best: dict[str, Phrase] = {}
    for row in rows:
        if edge_fault(row.phrase, word_freq=lexicon.freq, word_tags=lexicon.tag, words=False):
            continue
        kept = best.get(row.phrase)
        if kept is None or (row.score, row.freq) > (kept.score, kept.freq):
            best[row.phrase] = row
    return used_candidates(
        list(best.values()),
        distinct,
        shaped=shaped,
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        independent=independent,
        contained_share=contained_share,
        word_freq=word_freq,
        word_tags=lexicon.tag,
        texts=texts,
    )


def used_candidates(
    candidates: Sequence[Phrase],
    distinct: DistinctSentences,
    *,
    shaped: frozenset[str],
    min_freq: int,
    min_doc_freq: int,
    independent: DocumentFamilies | None,
    contained_share: float,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
    texts: SloganTexts | None = None,
) -> list[Phrase]:
    """The second half of :func:`mine_slogans`: the candidates (one row per phrase) counted by their uses
    (:func:`~analysis.miners.slogan_uses.slogan_uses`), parts of longer candidates dropped
    (:func:`drop_contained_slogans`), the rest kept by :func:`used_slogans`; ranked.  ``texts``:
    :class:`~analysis.miners.slogan_texts.SloganTexts` of ``distinct``, if the caller has it."""
    every = set().union(*distinct.docs)
    phrases = [r.phrase for r in candidates]
    if independent is None:
        uses = slogan_uses(phrases, distinct, texts=texts)
        n_documents, min_documents = len(every), min_doc_freq
    else:
        uses = slogan_uses(phrases, distinct, count_independent=independent.count, texts=texts)
        n_documents = independent.count(every)
        min_documents = independent.least_reports(min_doc_freq)
    inner = drop_contained_slogans(
        candidates, share=contained_share, freq={phrase: use.freq for phrase, use in uses.items()}
    )
    kept = used_slogans(
        inner,
        uses,
        shaped=shaped,
        n_documents=n_documents,
        min_freq=min_freq,
        min_documents=min_documents,
        word_freq=word_freq,
        word_tags=word_tags,
    )
    return ranked(kept)
