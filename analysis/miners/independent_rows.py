"""Rows of an index miner counted in independent documents, as the slogans and passages are counted.

Why: the miners of the n-gram indexes (idioms, terms) count reports, and a corpus of policy documents holds
families of near-identical texts (the same regulation issued by several cities, the editions of one
standards guide: :mod:`analysis.miners.families`).  A string copied inside one family (``共性先立``,
``预申报书``: six reports, one text) then looks as widespread as a set phrase five bodies wrote on their own.
The index task runs in a worker that does not have the families, so the pipeline applies this after it:

* **holders** (:func:`holders_of`): the reports whose distinct sentences contain each row's string, found in
  one Aho–Corasick pass over the distinct sentences (time linear in their text and the matches, whatever the
  number of rows; never one scan per row);
* **independent documents** (:meth:`~analysis.miners.families.DocumentFamilies.count`): the connected groups
  of related documents among the holders;
* :func:`count_independent`: ``doc_freq`` becomes that count, a row in fewer than
  ``max(m, m − 1 + ⌈MIN_SHARE × n⌉)`` independent documents is dropped (``m`` the miner's own least reports,
  ``n`` the independent documents of the corpus, :data:`~analysis.miners.families.MIN_SHARE` 1 %: one
  report more for every hundred documents, as
  :meth:`~analysis.miners.families.DocumentFamilies.least_reports` asks of slogans and passages, which it
  equals at ``m = 2``; the idiom miner keeps a set phrase of one report, ``m = 1``, so on a corpus of under
  a hundred documents nothing is dropped), and the score's document
  factor ``g`` (the miner's own: ``1 + ln d`` for idioms, ``ln(1 + d)`` for terms) is taken at the
  independent count: ``score' = score × g(independent) / g(doc_freq)``, rounded to 6 decimals as the miners
  round, rows re-sorted (score descending, then phrase).  On a corpus without families (gwr_national) only
  the row counts differ where the index and the sentences differ (never in practice) and nothing moves.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
from ahocorasick_rs import BytesAhoCorasick, Implementation

from analysis.distinct import DistinctSentences
from analysis.miners.families import MIN_SHARE, DocumentFamilies
from analysis.miners.shared import phrase_sort_key
from analysis.multimatch import all_matches
from analysis.records import Phrase

__all__ = ["count_independent", "holders_of", "least_independent"]

logger = logging.getLogger(__name__)

#: Joins the distinct sentences into one text: no phrase spans it.
_SEPARATOR = "\n"


def holders_of(phrases: Sequence[str], distinct: DistinctSentences) -> list[frozenset[str]]:
    """For each of ``phrases``, the reports holding a distinct sentence that contains it.

    One pass of an Aho–Corasick automaton over the distinct sentences joined by a newline
    (:func:`_matches_in_texts`); each (phrase, sentence) pair found gives the sentence's reports.
    """
    wanted = [p for p in dict.fromkeys(phrases) if p and _SEPARATOR not in p]
    found: dict[str, set[str]] = {p: set() for p in wanted}
    texts = [group.sentence.text for group in distinct.groups]
    if wanted and texts:
        which, where = _matches_in_texts(wanted, texts)
        keys = np.sort(which * len(texts) + where)  # (distinct by a sort: numpy 2's unique hashes, slower)
        pairs = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
        for pattern, group in zip((pairs // len(texts)).tolist(), (pairs % len(texts)).tolist(), strict=True):
            found[wanted[pattern]].update(distinct.docs[group])
    return [frozenset(found.get(p, ())) for p in phrases]


def _matches_in_texts(patterns: Sequence[str], texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The pattern and the text of every occurrence of ``patterns`` (none empty or holding a newline) in
    ``texts``.

    The texts joined by newlines are scanned as UTF-8 by a DFA automaton (``ahocorasick-rs``'s
    ``Implementation.DFA``: 300 patterns over 33 M characters, 0.41 s against 0.63 s for
    :func:`~analysis.multimatch.all_matches`' default automaton over UTF-16), and a match's text is found
    from its byte offset among the newlines' (UTF-8 is self-synchronising: a pattern matches only at a
    character).  Texts holding a newline themselves are scanned by :func:`all_matches` instead.
    """
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
        matches = all_matches(patterns, joined)
        return matches[:, 0], np.searchsorted(starts, matches[:, 1], side="right") - 1
    data = joined.encode("utf-8", "surrogatepass")
    keys = [p.encode("utf-8", "surrogatepass") for p in patterns]
    try:
        automaton = BytesAhoCorasick(keys, implementation=Implementation.DFA)
    except ValueError:  # (a DFA too large for the crate's limit)
        automaton = BytesAhoCorasick(keys)
    matches = np.array(automaton.find_matches_as_indexes(data, overlapping=True), dtype=np.int64).reshape(
        -1, 3
    )
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord(_SEPARATOR))
    return matches[:, 0], np.searchsorted(newlines, matches[:, 1])


def least_independent(families: DocumentFamilies, min_doc_freq: int) -> int:
    """``max(m, m − 1 + ⌈MIN_SHARE × n⌉)``: the independent documents a row of a miner asking for ``m``
    reports must be in, ``n`` the independent documents of the corpus (see the module docstring)."""
    n = families.count(families.root)
    return max(min_doc_freq, min_doc_freq - 1 + math.ceil(MIN_SHARE * n))


def count_independent(
    rows: Sequence[Phrase],
    distinct: DistinctSentences,
    families: DocumentFamilies,
    *,
    min_doc_freq: int,
    document_factor: Callable[[int], float],
) -> list[Phrase]:
    """``rows`` with ``doc_freq`` counted in independent documents (see the module docstring): those in fewer
    than :func:`least_independent` dropped, the score's ``document_factor`` retaken at the independent count,
    re-sorted.  ``min_doc_freq``: the least reports of the miner that made the rows."""
    least = least_independent(families, min_doc_freq)
    out: list[Phrase] = []
    dropped = 0
    for row, held in zip(rows, holders_of([r.phrase for r in rows], distinct), strict=True):
        independent = families.count(held)
        if independent < least:
            dropped += 1
            continue
        if independent == row.doc_freq:
            out.append(row)
            continue
        factor = document_factor(independent) / document_factor(row.doc_freq) if row.doc_freq > 0 else 1.0
        out.append(replace(row, doc_freq=independent, score=round(row.score * factor, 6)))
    out.sort(key=phrase_sort_key)
    logger.info("independent documents: %d of %d rows kept (at least %d)", len(out), len(rows), least)
    return out
