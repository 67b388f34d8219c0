"""Runs of clauses repeated across reports, counted with numpy: the candidates of the passage miner.

A sentence is cut into clauses at ``，；：。！？、`` and line breaks (ASCII ``,;:!?`` read as their full-width
forms); a *run* is a stretch of consecutive clauses of one sentence with the punctuation between them, so it
is always a substring of the sentence.  :func:`repeated_runs` finds every run held by at least
``min_doc_freq`` reports, level by level (Apriori): a run of ``k`` clauses can be in that many reports only
if both its runs of ``k − 1`` clauses are.

How it is counted: the clauses of all distinct sentences become one array of positions; each clause gets an
id, and each clause with the punctuation before it (its *unit*) another.  The runs of level 1 are the
clause ids; a run of level ``k`` starting at position ``p`` is the pair (its run of level ``k − 1`` at
``p``, the unit at ``p + k − 1``), packed into one integer.  One sort of ``key << b | place`` per level
ranks the runs and gives each run's places in corpus order (:func:`_ranked`), ``freq = Σ count`` of the
sentences holding it (once per place) and ``doc_freq = |∪ reports|``
(:func:`~analysis.miners.report_sets.reports_per_key`: a run in one sentence takes that sentence's reports,
the others count distinct (run, report) pairs); the texts of the runs kept are built a clause at a time over
object arrays (:func:`_add_level`).  The result equals counting run texts in a dictionary sentence by
sentence (``tests/test_slogans_distinct.py``), in the same order; the time is a few sorts per level instead
of a dictionary update per clause and level (100 MB of distinct text: 22 s → 3.5 s → about 2 s CPU, the last
step the composite sort, the report sets numbered once per distinct set and the column-wise texts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import attrgetter

import numpy as np

from analysis.distinct import DistinctSentences
from analysis.miners.clause_table import ClauseTable, clause_table
from analysis.miners.report_sets import numbered_docs, reports_per_key
from analysis.records import PLACEHOLDER
from analysis.units import stable_sort, unique_inverse

__all__ = ["PUNCT_NORMAL", "ClauseTable", "clause_spans", "clause_table", "normalised_texts", "repeated_runs"]

#: Clause separators of passages.  ``、`` splits too, so ``增强“四个意识”、坚定“四个自信”`` is two clauses.
_CLAUSE_RE = re.compile(r"[^，,；;：:。！？!?、\n]+")
PUNCT_NORMAL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})

#: ``{run: (doc_freq, freq, clauses)}``
Runs = dict[str, tuple[int, int, tuple[str, ...]]]


_ASCII_PUNCT_RE = re.compile("[,;:!?]")


def normalised_texts(distinct: DistinctSentences) -> list[str]:
    """Each distinct sentence's text with ASCII ``,;:!?`` as their full-width forms (:data:`PUNCT_NORMAL`;
    ``str.translate`` only where there is one: it costs a dictionary lookup per character)."""
    search = _ASCII_PUNCT_RE.search
    return [
        text.translate(PUNCT_NORMAL) if search(text) else text
        for text in (g.sentence.text for g in distinct.groups)
    ]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Where each clause of ``text`` (normalised punctuation) starts and ends."""
    return [(m.start(), m.end()) for m in _CLAUSE_RE.finditer(text)]


def repeated_runs(
    distinct: DistinctSentences,
    *,
    min_doc_freq: int,
    closed: bool = False,
    texts: Sequence[str] | None = None,
    table: ClauseTable | None = None,
) -> Runs:
    """Every run of consecutive clauses held by ≥ ``min_doc_freq`` reports (see the module docstring), in
    order of length, then of first place; a clause holding ``□`` never joins a run.

    ``closed=True`` leaves out the runs held by one distinct sentence only, except the sentence's *segments*
    (its maximal runs of clauses without ``□``): such a run is inside its segment, in the same reports, and
    the passage miner would drop it; every run holding it is held by that sentence only too, so it is not
    grown either (a corpus holding each report twice would otherwise count all ``n(n+1)/2`` runs of every
    sentence).  ``texts``, ``table``: :func:`normalised_texts` and :func:`clause_table` of ``distinct``
    when the caller has them.
    """
    texts = normalised_texts(distinct) if texts is None else texts
    table = clause_table(texts) if table is None else table
    clause, gap, group = table.clause, table.gap, table.group
    n_clauses = len(clause)
    gap_before = np.concatenate(([0], gap[:-1])) if n_clauses else gap
    _, unit = unique_inverse(gap_before * max(1, len(table.clause_text)) + clause)
    counts = np.fromiter(
        map(len, map(attrgetter("occurrences"), distinct.groups)), dtype=np.int64, count=len(texts)
    )
    docs_start, docs_flat, n_docs = numbered_docs(distinct.docs)
    starts = np.flatnonzero(~table.clause_marked[clause])
    found: Runs = {}
    gap_strings = np.array(table.gap_text, dtype=object)
    rank = np.zeros(0, dtype=np.int64)
    n_units = int(unit.max()) + 1 if len(unit) else 1
    k = 1
    while len(starts):
        key = clause[starts] if k == 1 else rank[starts] * n_units + unit[starts + k - 1]
        order, run_sorted = _ranked(key)
        run = np.empty(len(starts), dtype=np.int64)
        run[order] = run_sorted
        place, holder = starts[order], group[starts[order]]
        first = np.flatnonzero(np.concatenate(([True], run_sorted[1:] != run_sorted[:-1])))
        last = np.append(first[1:], len(run_sorted)) - 1
        freq = np.add.reduceat(counts[holder], first)
        pair = np.concatenate(([True], (run_sorted[1:] != run_sorted[:-1]) | (holder[1:] != holder[:-1])))
        doc_freq = reports_per_key(run_sorted[pair], holder[pair], docs_start, docs_flat, n_docs, len(first))
        alive = doc_freq >= min_doc_freq
        if closed:
            alive &= holder[first] != holder[last]
        chosen = np.flatnonzero(alive)[np.argsort(place[first[alive]], kind="stable")]
        _add_level(found, table, gap_strings, place[first[chosen]], k, doc_freq[chosen], freq[chosen])
        survived = np.zeros(n_clauses + 1, dtype=bool)
        survived[starts] = alive[run]
        rank = np.full(n_clauses, -1, dtype=np.int64)
        rank[starts] = run
        k += 1
        nxt = starts[survived[starts] & survived[starts + 1]]
        starts = nxt[group[np.minimum(nxt + 1, n_clauses - 1)] == group[nxt]]
    if closed:
        held_by = np.diff(docs_start)  # reports per sentence
        for g in np.flatnonzero(held_by >= min_doc_freq).tolist():
            text = texts[g]
            _add_segments(found, text, clause_spans(text), int(held_by[g]), int(counts[g]))
    return found


def _ranked(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(order, rank)``: the stable order of ``key`` and the rank of each sorted key among the distinct
    keys (``0, 0, 1, 2, 2, …``), by one sort (:func:`~analysis.units.stable_sort`: its ranks and a lexical
    sort by (rank, index) afterwards were two sorts per level)."""
    ordered, order = stable_sort(key)
    new = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(key) else np.zeros(0, dtype=bool)
    return order, np.cumsum(new) - 1


def _add_level(
    found: Runs,
    table: ClauseTable,
    gap_text: np.ndarray,
    place: np.ndarray,
    k: int,
    doc_freq: np.ndarray,
    freq: np.ndarray,
) -> None:
    """Add the runs of ``k`` clauses starting at ``place`` (in that order) to ``found`` (``gap_text``: the
    table's gap texts as an object array; the clauses' are read from the table, sliced out of the sentences
    when first read: :class:`~analysis.miners.clause_table.ClauseTexts`); each run's text is
    its clauses with the punctuation between them, built a column at a time over object arrays (one
    elementwise string addition per clause of the run, not a join per run: 240,000 runs at 100 MB)."""
    columns = [table.clause_text.take(table.clause[place + j]) for j in range(k)]
    text = columns[0].copy()
    for j in range(1, k):
        text += gap_text[table.gap[place + j - 1]]
        text += columns[j]
    parts = zip(*(column.tolist() for column in columns), strict=True)
    found.update(zip(text.tolist(), zip(doc_freq.tolist(), freq.tolist(), parts, strict=True), strict=True))


def _add_segments(
    found: Runs, text: str, spans: Sequence[tuple[int, int]], doc_freq: int, count: int
) -> None:
    """Add the segments of one sentence group (maximal runs of clauses without ``□``) missing from ``found``.

    A missing segment is held by this group only (a run held by two groups was grown whole), so it is in the
    group's reports (``doc_freq``) and occurs ``count`` times per place where its clauses are, in a row.
    """
    clauses = [text[a:b] for a, b in spans]
    segments: list[tuple[str, tuple[str, ...]]] = []
    start = 0
    for end in range(len(clauses) + 1):
        if end == len(clauses) or PLACEHOLDER in clauses[end]:
            if end > start:
                segments.append((text[spans[start][0] : spans[end - 1][1]], tuple(clauses[start:end])))
            start = end + 1
    for segment, parts in segments:
        if segment not in found:
            size = len(parts)  # (a place holds the same clauses with the same punctuation between them)
            places = sum(
                text[spans[i][0] : spans[i + size - 1][1]] == segment for i in range(len(clauses) - size + 1)
            )
            found[segment] = (doc_freq, count * places, parts)
