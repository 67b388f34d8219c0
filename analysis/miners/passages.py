"""Passages repeated across reports (kind ``"passage"``): runs of clauses that several reports repeat word
for word (``以会议贯彻会议，以文件落实文件``).

Reads the distinct sentences (:class:`~analysis.distinct.DistinctSentences`), cut into clauses: the levels
of :func:`_repeated_runs` grow runs clause by clause over them, each distinct sentence once and weighted by
its count.  Rows are sorted by score descending with the phrase as tie-break, so the output is
deterministic; ``example`` is left ``""``: the caller attaches a real sentence.  The placeholder ``□`` (see
:data:`analysis.records.PLACEHOLDER`) is never part of a passage.
"""

from __future__ import annotations

import functools
import heapq
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from analysis.distinct import DistinctSentences, distinct_sentences
from analysis.miners.cjk_counts import cjk_counts
from analysis.miners.clause_places import ClausePlaces
from analysis.miners.families import DocumentFamilies, document_families, merge_copies
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.passage_contained import drop_contained
from analysis.miners.passage_edges import THANKS_WORDS, is_salutation, occurrences, strip_vocatives
from analysis.miners.passage_enumerations import EDGE_CLASSES, fix_enumeration_edges
from analysis.miners.passage_openings import reuse_candidates, strip_opening
from analysis.miners.passage_reuse import reusable_runs
from analysis.miners.passage_runs import ClauseTable, clause_table, normalised_texts, repeated_runs
from analysis.miners.shared import CJK_RE, cjk_count, ranked
from analysis.miners.text_places import Places
from analysis.records import Phrase, Sentence

logger = logging.getLogger(__name__)

__all__ = ["mine_passages"]


def _repeated_runs(
    sentences: Sequence[Sentence],
    *,
    min_doc_freq: int,
    distinct: DistinctSentences | None = None,
    closed: bool = False,
) -> dict[str, tuple[int, int, tuple[str, ...]]]:
    """Every run of consecutive clauses of one sentence found in ≥ ``min_doc_freq`` reports:
    ``{run: (doc_freq, freq, clauses)}`` (:func:`~analysis.miners.passage_runs.repeated_runs` over the
    distinct sentences, made here when not given)."""
    if distinct is None:
        distinct = distinct_sentences(sentences)
    return repeated_runs(distinct, min_doc_freq=min_doc_freq, closed=closed)


def mine_passages(
    sentences: Sequence[Sentence],
    *,
    min_doc_freq: int = 2,
    min_chars: int = 12,
    min_clause_chars: int = 8,
    contained_share: float = 0.8,
    top_n: int | None = None,
    distinct: DistinctSentences | None = None,
    clean: bool = True,
    independent: DocumentFamilies | None = None,
    texts: Sequence[str] | None = None,
    table: ClauseTable | None = None,
) -> list[Phrase]:
    """Runs of clauses repeated word for word across reports: ``以会议贯彻会议，以文件落实文件``.

    Sentences are cut into clauses at ``，；：。！？、`` (ASCII ``,;:!?`` are read as their full-width
    forms); a passage is a run of consecutive clauses of one sentence (so it is always a substring of a
    sentence), joined with the punctuation between them, with at least ``min_chars`` CJK characters and seen
    in at least ``min_doc_freq`` reports (with ``clean``, a shorter run of whole clauses, down to
    ``min_clause_chars``, when enough independent documents use it whole:
    :func:`~analysis.miners.passage_reuse.reusable_runs`).  Runs are grown clause by clause as long as
    enough reports share them (:func:`_repeated_runs`), so overlapping windows of one repeated paragraph
    come out as one span.

    Maximality: a passage that is a substring of a longer kept passage whose ``doc_freq`` is
    ≥ ``contained_share`` × its own is dropped — ``全面贯彻党的宗教工作基本方针`` (7 reports) goes when
    ``我们要全面贯彻党的宗教工作基本方针`` is in 7; a part used far more widely than the whole
    (``以会议贯彻会议`` alone in 5 reports, the pair in 3) stays a passage of its own.

    Ranking: ``score = (doc_freq + 1 − 1/c) × min(1, c / min_chars) × (1 − overlap)`` with ``c`` the CJK
    characters and ``overlap`` the largest share of the passage's character bigrams found in one passage
    ranked before it (by the score without overlap, then length).  The most shared sentences of the genre
    come first, longer first among equals; a short clause (under ``min_chars``) counts its reports at the
    share of the length it has (a repeat of 8 characters is likelier by chance than one of 20, and the
    genre's long passages are what no other kind holds), and a variant of an earlier passage
    (``并请全国政协委员提出意见`` after ``请予审议，并请全国政协各位委员提出意见``; an extension
    ``高举…旗帜，以…为指导`` of ``高举…旗帜``) sinks
    by the share it repeats, so the top of the list reads as different sentences.  ``freq`` counts
    occurrences.

    Edges (``clean``, :mod:`analysis.miners.passage_edges`): copies of one document count as one report
    (:func:`~analysis.miners.passage_edges.report_families`; ``doc_freq`` counts reports so); an
    enumeration is kept whole or not at all (a run starting or ending next to ``、`` grows over the words
    its occurrences share there, else loses the enumeration); vocative clauses at the edges go, and
    salutations go whole.  ``clean=False`` gives the runs as grown (the reference scan of
    tests/test_slogans_distinct.py checks those).

    ``top_n`` returns only the first ``top_n`` of that list, the same rows, and stops early: novelty is at
    most 1, so once ``top_n`` scores are above the next passage's score without overlap no later passage
    can reach them (at 103 MB of repeated reports, 2 % of the novelty work).
    """
    if distinct is None:
        distinct = distinct_sentences(sentences)
    texts = normalised_texts(distinct) if texts is None else texts  # (the same sentences as ``families``)
    table = clause_table(texts) if table is None else table
    if clean and independent is None:
        independent = document_families(distinct, table=table)
    families = merge_copies(distinct, independent) if independent is not None else distinct
    found = repeated_runs(families, min_doc_freq=min_doc_freq, closed=True, texts=texts, table=table)
    # the runs' CJK characters counted at once (cjk_counts: 246,000 runs at 100 MB of distinct text, 0.12 s;
    # the sums of their distinct clauses' counts, looked up run by run, 0.35 s)
    chars = dict(zip(found, cjk_counts(list(found)).tolist(), strict=True))
    doc_freq = {run: df for run, (df, _, _) in found.items()}
    freq = {run: f for run, (_, f, _) in found.items()}
    floor = min(min_chars, min_clause_chars) if clean else min_chars
    kept = drop_contained(
        _longest_first([run for run in found if chars[run] >= floor], doc_freq), doc_freq, contained_share
    )
    if clean:
        places = Places(texts)  # (every run looked for once: the edges, the counts and the reuse read them)
        tags = jieba_lexicon().tag
        openings: dict[str, str] = {}  # (each run's, made once: for the scan after the edges and the reuse)

        def candidates(runs: Sequence[str]) -> list[str]:
            openings.update(zip(runs, (strip_opening(run, tags) for run in runs), strict=True))
            return list(reuse_candidates(runs, tags, floor, openings))

        holding = _clean_edges(
            kept,
            families,
            texts,
            doc_freq,
            freq,
            chars,
            min_doc_freq=min_doc_freq,
            min_chars=floor,
            table=table,
            known=places,
            also=candidates,
        )
        reusable = reusable_runs(
            list(holding),
            families,
            texts,
            independent,
            tags=tags,
            min_doc_freq=min_doc_freq,
            min_chars=min_chars,
            min_clause_chars=floor,
            within=holding,
            known=places,
            openings=openings,
        )
        for run, held in reusable.items():
            doc_freq[run], freq[run], chars[run] = held.independent, held.freq, cjk_count(run)
        kept = drop_contained(_longest_first(list(reusable), doc_freq), doc_freq, contained_share)

    def bound(run: str) -> float:  # the score with novelty 1
        return (doc_freq[run] + 1 - 1 / chars[run]) * min(1.0, chars[run] / min_chars)

    best: list[tuple[float, str]] = []  # a heap of the top_n (score, reversed-order key) so far
    out: list[Phrase] = []
    for run, novelty in _novelty(sorted(kept, key=lambda r: (-bound(r), -chars[r], r))):
        if top_n is not None and len(best) >= top_n and bound(run) < best[0][0]:
            break  # this and every later run score below the top_n already found
        score = bound(run) * novelty
        out.append(Phrase(run, "passage", freq[run], doc_freq[run], score))
        if top_n is not None:
            (heapq.heappush if len(best) < top_n else heapq.heappushpop)(best, (score, _Reversed(run)))
    logger.info("passages: %d repeated runs, %d kept, %d scored", len(found), len(kept), len(out))
    return ranked(out)[:top_n]


def _longest_first(runs: Sequence[str], doc_freq: Mapping[str, int]) -> list[str]:
    """``sorted(runs, key=lambda r: (-len(r), -doc_freq[r], r))`` (``runs`` distinct): what
    :func:`~analysis.miners.passage_contained.drop_contained` reads.

    Sorted by text (string comparisons in C), then by length and ``doc_freq``, descending, with numpy's
    stable lexical sort: the key tuples, made and compared in Python, took 0.47 s for the 157,000 runs of
    100 MB of distinct text."""
    ordered = sorted(runs)
    n = len(ordered)
    length = np.fromiter(map(len, ordered), dtype=np.int64, count=n)
    held = np.fromiter(map(doc_freq.__getitem__, ordered), dtype=np.int64, count=n)
    return list(map(ordered.__getitem__, np.lexsort((np.arange(n), -held, -length)).tolist()))


#: Rounds of :func:`fix_enumeration_edges`: an extended run is checked again (two rounds settle gwr_national).
_EDGE_ROUNDS = 4


def _clean_edges(
    kept: Sequence[str],
    distinct: DistinctSentences,
    texts: Sequence[str],
    doc_freq: dict[str, int],
    freq: dict[str, int],
    chars: dict[str, int],
    *,
    min_doc_freq: int,
    min_chars: int,
    table: ClauseTable,
    known: Places | None = None,
    also: Callable[[Sequence[str]], Sequence[str]] | None = None,
) -> dict[str, list[int]]:
    """``kept`` with enumerations whole, vocatives stripped and salutations out
    (:mod:`analysis.miners.passage_edges`); ``texts``: the distinct sentences' normalised texts, ``table``:
    their clause table.

    A replacement (an extended or trimmed run) not counted yet is counted where it occurs; ``doc_freq``,
    ``freq`` and ``chars`` are filled in for it.  Runs under ``min_doc_freq`` or ``min_chars`` go.  Each run
    kept comes with the distinct sentences holding it (all of them: the next step looks for it there only).
    ``known``: the places of the runs looked for, kept for the next step
    (:func:`~analysis.miners.passage_edges.find_in_texts`); ``also``: the runs the next step will look for,
    given the runs that outlive the edges (looked for in the same scan).

    The edges read only places on clause boundaries, off the clause table
    (:class:`~analysis.miners.clause_places.ClausePlaces`); the runs that outlive them, and ``also`` of
    them, are looked for in one scan of all texts afterwards.  Why: a scan of all texts for every run kept,
    then one per round for the runs trimmed, was most of the miner's time at 100 MB of distinct text.
    """
    known = Places(texts) if known is None else known
    clause_places = ClausePlaces(table, known, EDGE_CLASSES)
    fixed: dict[str, str | None] = {run: run for run in kept}
    pending = list(kept)
    for _ in range(_EDGE_ROUNDS):  # an extension may meet another 、 further out: look again
        edits = fix_enumeration_edges(pending, distinct, texts, known=known, clause_places=clause_places)
        if not edits.replaced:
            break
        for run, now in fixed.items():  # (the runs edited this round are the ones pending)
            if now is not None and now in edits.replaced:
                fixed[run] = edits.replaced[now]
        pending = sorted({now for now in edits.replaced.values() if now is not None})
    del clause_places
    known.forget_classes()  # (read by fix_enumeration_edges only)
    fixed = {run: (strip_vocatives(now) or None) if now is not None else None for run, now in fixed.items()}
    new = sorted({r for r in fixed.values() if r is not None and r not in doc_freq})
    final = sorted({r for r in fixed.values() if r is not None})
    known.search([*final, *(also(final) if also is not None else ())])
    where = occurrences(final, distinct, texts, known=known)
    for run in new:
        doc_freq[run], freq[run], _ = where[run]
        chars[run] = cjk_count(run)
    thanking = known.holding(THANKS_WORDS)  # (is_salutation reads only sentences that thank or salute)
    out: set[str] = set()
    for run in fixed.values():
        if run is None or run in out or doc_freq[run] < min_doc_freq or chars[run] < min_chars:
            continue
        if is_salutation(run, [texts[g] for g in sorted(thanking.intersection(where[run][2]))]):
            continue
        out.add(run)
    edited = sum(run != now for run, now in fixed.items())
    logger.debug("passage edges: %d of %d runs edited, %d kept", edited, len(kept), len(out))
    return {run: where[run][2] for run in sorted(out)}


@functools.total_ordering
class _Reversed:
    """A string that sorts backwards: the heap's smallest is the lowest score, then the last phrase."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.text == other.text

    def __lt__(self, other: _Reversed) -> bool:
        return self.text > other.text


def _bigrams(text: str) -> set[str]:
    chars = "".join(CJK_RE.findall(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def _most_common_count(values: np.ndarray) -> int:
    """The largest number of times one value occurs in ``values`` (non-negative ints; 0 when empty)."""
    if not len(values):
        return 0
    low = int(values.min())
    if int(values.max()) - low <= 4 * len(values):  # a dense range: count in place
        return int(np.bincount(values - low).max())
    ordered = np.sort(values)
    edges = np.flatnonzero(ordered[1:] != ordered[:-1])
    return int(np.diff(edges, prepend=-1, append=len(ordered) - 1).max())


def _novelty(ranked: Sequence[str]) -> Iterable[tuple[str, float]]:
    """``(text, 1 − overlap)``: overlap is the largest share of its CJK bigrams held by one earlier text.

    ``max_j<i |B_i ∩ B_j| / |B_i|``: the earlier texts holding each bigram of ``B_i`` are concatenated and
    the most frequent one counted with numpy: common bigrams (发展, 社会) are in thousands of passages, which
    makes 157 million (text, earlier text) pairs at 103 MB, 40 s when counted one by one in Python.
    """
    grams: list[set[str]] = []
    holders: dict[str, np.ndarray] = {}
    earlier: dict[str, int] = defaultdict(int)  # texts before the current one holding the bigram
    for i, text in enumerate(ranked):
        if i == len(grams):  # index the next block of texts (doubling: a caller may stop early)
            grams += map(_bigrams, ranked[i : max(1024, 2 * i)])
            postings: dict[str, list[int]] = defaultdict(list)
            for pos, text_grams in enumerate(grams):
                for gram in text_grams:
                    postings[gram].append(pos)
            holders = {gram: np.array(at, dtype=np.int64) for gram, at in postings.items()}
        text_grams = grams[i]
        parts = []
        for gram in text_grams:
            if earlier[gram]:
                parts.append(holders[gram][: earlier[gram]])
            earlier[gram] += 1
        shared = _most_common_count(np.concatenate(parts)) if parts else 0
        yield text, 1.0 - (shared / len(text_grams) if text_grams else 0.0)
