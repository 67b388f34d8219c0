"""Independent documents: which reports are versions of one text, so that what they share counts once.

A corpus of policy documents holds families of near-identical texts: the same regulation issued by several
cities, the 2015 and 2018 editions of one standards guide, a plan and the news items quoting it.  Their
shared clauses (``（三）具备人工操作和自动驾驶两种模式``) are specific content copied inside one family, not
formulations the genre reuses.  A phrase is evidence of the genre when *independent* documents use it.

* **Copies** (:func:`~analysis.miners.passage_edges.copy_roots`): reports sharing half of their distinct
  sentences are one report.
* **Related documents** (:func:`related_pairs`): two reports whose *long clauses* (at least
  :data:`MIN_CLAUSE_CHARS` CJK characters: specific content, not ``加强组织领导``) overlap in at least
  :data:`RELATED_MIN_SHARED` clauses and :data:`RELATED_SHARE` of the smaller one's, *and* in
  :data:`STANDOUT` times what each shares with its 8th closest report, are versions of one text.  Why the
  last condition: a share alone does not tell a family from a homogeneous genre.  Measured: editions of one
  standards guide share 10 % of their long clauses, a regulation adopted by two cities 19–55 %, but
  national government work reports of consecutive years share 8–12 % too; what differs is the rest of the
  corpus: a report of gwr_national shares 12–16 % with its 8th closest report (every report repeats the
  genre), a policy document at most 2 %.  So the versions of a policy text are linked (22 pairs of
  policy_docs) and no two reports of gwr_national are.
* **Documents of one source** (:func:`related_pairs`, second condition): two reports sharing at least
  :data:`RARE_MIN_SHARED` long clauses that almost no other report has (held by at most
  :data:`RARE_HOLDERS`), :data:`RARE_SHARE` of the smaller one's, standing out from their background as
  above, were written from one another or
  from one source — one issuer's programmes in its successive plans (``实施…提升工程`` in five plans of one
  province), the drafts and editions of one series of guides — even when that is 2–7 % of their long
  clauses, under :data:`RELATED_SHARE`.  Why rare clauses: a formulation of the genre is held by many
  reports and says nothing about a pair; three clauses only a handful of reports hold are no coincidence,
  unless the reports are long (2 %: three clauses of two 150-clause reports of one genre may be).
  (Measured: 44 such pairs of policy_docs; of gwr_national, four pairs of reports of the 1950s–70s, whose
  background is near zero.)
* A phrase's **independent reports** (:meth:`DocumentFamilies.count`): the connected groups of related
  documents among the reports holding it.  Groups are formed among the holders only, so a chain of related
  documents through a report that does not hold the phrase does not merge its holders.

Counting reads the clause table the passage miner uses (:func:`~analysis.miners.clause_table.clause_table`:
each clause an id, split once): the long clauses by their CJK characters (counted with the table), the
distinct (clause, family) pairs sorted with numpy, and pairs of reports counted only for clauses held by at
most :data:`MAX_HOLDERS` reports (a clause every report has says nothing about which are versions of each
other).  The pairs of families are counted, and each family's background read, in a dense table of
``families²`` cells while that is at most :data:`DENSE_CELLS` (a bincount and a partition per row, linear in
the pairs: the pairs grow faster than the text, and their sorts were most of this work at 100 MB of
distinct text); beyond it, by sorting.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.distinct import DistinctSentences
from analysis.miners.passage_edges import copy_roots
from analysis.miners.passage_runs import ClauseTable, clause_table, normalised_texts
from analysis.miners.report_sets import distinct_sets, laid_out
from analysis.units import sorted_distinct

__all__ = ["DocumentFamilies", "document_families", "merge_copies", "related_pairs"]

#: A clause of at least this many CJK characters is specific content (shorter ones are the genre's glue).
MIN_CLAUSE_CHARS = 8
#: Matches a clause with at least MIN_CLAUSE_CHARS CJK characters.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"  # (the ranges of CJK_RE)
_LONG_CLAUSE_RE = re.compile(f"(?:[^{_CJK}]*[{_CJK}]){{{MIN_CLAUSE_CHARS}}}")
#: Reports sharing this share of the smaller one's long clauses …
RELATED_SHARE = 0.08
#: … and at least this many …
RELATED_MIN_SHARED = 5
#: … and this many times what each shares with its ``BACKGROUND_RANK``-th closest report are versions of one
#: text: they stand out from the rest of the genre.
STANDOUT = 3.0
BACKGROUND_RANK = 8
#: Reports sharing this many *rare* long clauses (held by at most ``RARE_HOLDERS`` reports), this share of
#: the smaller one's long clauses, standing out from their background (``STANDOUT``), draw on one source.
RARE_MIN_SHARED = 3
RARE_SHARE = 0.02
RARE_HOLDERS = 5
#: Share of the independent documents a phrase must be in, beyond one (see ``least_reports``).
MIN_SHARE = 0.01
#: Clauses held by more reports than this are not counted for pairs.
MAX_HOLDERS = 50
#: Families² up to which pairs of families are counted in a dense table (8 bytes a cell: 64 MB at most).
DENSE_CELLS = 1 << 23


@dataclass(frozen=True, slots=True)
class DocumentFamilies:
    """Reports as independent documents: ``root`` maps a report to its copy family, ``links`` a family to
    the families it is a version of (symmetric)."""

    root: Mapping[str, str]
    links: Mapping[str, frozenset[str]]

    def least_reports(self, min_doc_freq: int) -> int:
        """Independent reports a phrase must be in: ``max(min_doc_freq, 1 + ⌈MIN_SHARE × n⌉)``, ``n`` the
        independent documents of the corpus: one more than a pair for every hundred documents.  Why: the
        pairs of documents grow as ``n²``, and with them what two of them share because one quoted the
        other (a plan and a news item about it); at 193 documents (policy_docs) a phrase needs 3, at 76
        (gwr_national) or 8 (corpus/) still 2."""
        return max(min_doc_freq, 1 + math.ceil(MIN_SHARE * self.count(self.root)))

    def count(self, docs: Iterable[str]) -> int:
        """Independent documents among ``docs``: connected groups of related families among them."""
        left = {self.root.get(d, d) for d in docs}
        n = 0
        while left:
            n += 1
            stack = [left.pop()]
            while stack:
                for other in self.links.get(stack.pop(), ()):
                    if other in left:
                        left.remove(other)
                        stack.append(other)
        return n


def merge_copies(distinct: DistinctSentences, families: DocumentFamilies) -> DistinctSentences:
    """``distinct`` with each report replaced by its copy family (what
    :func:`~analysis.miners.passage_edges.report_families` gives, from ``families.root``)."""
    root = families.root
    if all(doc == r for doc, r in root.items()):
        return distinct
    docs = [frozenset(root.get(d, d) for d in held) for held in distinct.docs]
    return DistinctSentences(distinct.groups, docs, len(set(root.values())))


def related_pairs(
    clause_docs: Mapping[str, frozenset[str]] | Iterable[tuple[str, frozenset[str]]],
) -> list[tuple[str, str]]:
    """Pairs of reports that are versions of one text or draw on one source, from ``clause → reports
    holding it``.

    With ``n`` their shared long clauses, ``r`` those of them held by at most :data:`RARE_HOLDERS` reports,
    ``m = min(size_a, size_b)`` (sizes: long clauses) and ``bg`` the larger background of the two (a
    report's share with its :data:`BACKGROUND_RANK`-th closest report): either ``n ≥ RELATED_MIN_SHARED``,
    ``n / m ≥ RELATED_SHARE`` and ``n / m ≥ STANDOUT × bg`` (versions), or ``r ≥ RARE_MIN_SHARED``,
    ``r / m ≥ RARE_SHARE`` and ``r / m ≥ STANDOUT × bg`` (one source).
    """
    items = list(clause_docs.items() if isinstance(clause_docs, Mapping) else clause_docs)
    names = sorted({doc for _, docs in items for doc in docs})
    number = {name: i for i, name in enumerate(names)}
    pairs = sorted({(c, number[doc]) for c, (_, docs) in enumerate(items) for doc in docs})
    clause = np.array([c for c, _ in pairs], dtype=np.int64)
    family = np.array([f for _, f in pairs], dtype=np.int64)
    return [(names[a], names[b]) for a, b in _related(clause, family, len(names))]


def _related(
    clause: np.ndarray, family: np.ndarray, n_families: int, sentence: np.ndarray | None = None
) -> list[tuple[int, int]]:
    """:func:`related_pairs` on the distinct (clause, family) pairs, sorted by clause, then family (family
    numbers in the order of the names): the pairs ``(a, b)``, ``a < b``, sorted.  ``sentence``: a sentence
    of the family holding the clause, per pair (read for rare clauses only; without it each clause is a
    sentence of its own)."""
    if not len(clause):
        return []
    sizes = np.bincount(family, minlength=n_families)
    starts = np.flatnonzero(np.concatenate(([True], clause[1:] != clause[:-1])))
    holders = np.diff(np.append(starts, len(clause)))
    # every pair of families of a clause held by 2 … MAX_HOLDERS families: entry e pairs with the entries
    # after it in its clause
    counted = np.repeat((holders >= 2) & (holders <= MAX_HOLDERS), holders)
    after = np.repeat(starts + holders, holders) - np.arange(len(clause)) - 1
    after = np.where(counted, after, 0)
    left = np.repeat(np.arange(len(clause)), after)
    right = left + 1 + np.arange(int(after.sum())) - np.repeat(np.cumsum(after) - after, after)
    keys, shared = _pair_counts(family[left] * n_families + family[right], n_families)
    a, b = keys // n_families, keys % n_families
    smaller = np.minimum(sizes[a], sizes[b])
    share = shared / smaller
    background = _backgrounds(a, b, share, n_families)
    standout = STANDOUT * np.maximum(background[a], background[b])
    versions = (shared >= RELATED_MIN_SHARED) & (share >= RELATED_SHARE) & (share >= standout)
    rare = np.repeat(holders <= RARE_HOLDERS, holders)[left]
    rare_shared, spread = _rare_evidence(
        keys, family[left[rare]] * n_families + family[right[rare]], left[rare], right[rare],
        clause if sentence is None else sentence,
    )  # fmt: skip
    rare_share = rare_shared / smaller
    one_source = (
        spread & (rare_shared >= RARE_MIN_SHARED) & (rare_share >= RARE_SHARE) & (rare_share >= standout)
    )
    keep = versions | one_source
    return list(zip(a[keep].tolist(), b[keep].tolist(), strict=True))


def _pair_counts(pairs: np.ndarray, n_families: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``pairs`` (``a × n_families + b``), sorted, and how often each occurs: a count
    per cell of the ``n_families²`` table when it has at most :data:`DENSE_CELLS` cells (linear in the
    pairs), else a sort."""
    if n_families * n_families <= DENSE_CELLS:
        counts = np.bincount(pairs, minlength=n_families * n_families)
        keys = np.flatnonzero(counts)
        return keys, counts[keys]
    ordered = np.sort(pairs)
    heads = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))) if len(ordered) else ordered
    return ordered[heads], np.diff(np.append(heads, len(ordered)))


def _backgrounds(a: np.ndarray, b: np.ndarray, share: np.ndarray, n_families: int) -> np.ndarray:
    """Per family, its :data:`BACKGROUND_RANK`-th largest share with another family (0 with fewer partners
    than that): the pairs ``(a, b)`` share ``share``.

    With at most :data:`DENSE_CELLS` cells the shares fill a symmetric table (0 where two families share
    nothing: every share of a pair is positive) and each row's value at rank ``n − BACKGROUND_RANK`` is
    partitioned out (``np.partition``, linear per row): the same value as the rank read off each family's
    shares sorted largest first, which a row with fewer partners leaves 0.  Why: that sort (a lexical sort
    of twice the pairs) was half of the pair work at 100 MB of distinct text (2,158 families: 0.4–0.6 s;
    the table takes 37 MB and ≈ 0.05 s)."""
    background = np.zeros(n_families)
    if n_families < BACKGROUND_RANK:
        return background
    if n_families * n_families <= DENSE_CELLS:
        table = np.zeros((n_families, n_families))
        table[a, b] = share
        table[b, a] = share
        rank = n_families - BACKGROUND_RANK
        return np.partition(table, rank, axis=1)[:, rank]
    partner = np.concatenate((a, b))
    shares = np.concatenate((share, share))
    order = np.lexsort((-shares, partner))  # each family's shares, largest first
    partner, shares = partner[order], shares[order]
    first = np.flatnonzero(np.concatenate(([True], partner[1:] != partner[:-1]))) if len(partner) else partner
    count = np.diff(np.append(first, len(partner)))
    enough = count >= BACKGROUND_RANK
    background[partner[first[enough]]] = shares[first[enough] + BACKGROUND_RANK - 1]
    return background


def _rare_evidence(
    keys: np.ndarray, rare_keys: np.ndarray, left: np.ndarray, right: np.ndarray, sentence: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per pair of ``keys`` (sorted, distinct): the rare clauses it shares (one per entry of ``rare_keys``,
    the pair of entries ``left``, ``right``) and whether they lie in two sentences or more of each report
    (``sentence`` per entry): several copied passages, not one sentence quoted."""
    order = np.argsort(rare_keys, kind="stable")
    rare_keys, left, right = rare_keys[order], left[order], right[order]
    counted = np.zeros(len(keys), dtype=np.int64)
    spread = np.zeros(len(keys), dtype=bool)
    if not len(rare_keys):
        return counted, spread
    heads = np.flatnonzero(np.concatenate(([True], rare_keys[1:] != rare_keys[:-1])))
    at = np.searchsorted(keys, rare_keys[heads])
    counted[at] = np.diff(np.append(heads, len(rare_keys)))

    def several(side: np.ndarray) -> np.ndarray:
        return np.maximum.reduceat(side, heads) > np.minimum.reduceat(side, heads)

    spread[at] = several(sentence[left]) & several(sentence[right])
    return counted, spread


def document_families(
    distinct: DistinctSentences, texts: Sequence[str] | None = None, table: ClauseTable | None = None
) -> DocumentFamilies:
    """The copy families and related documents of a corpus (see the module docstring).

    ``distinct``: the distinct sentences with their reports (raw report ids); ``texts``, ``table``: their
    normalised texts and clauses (:func:`~analysis.miners.passage_runs.clause_table`), when the caller has
    them.  The long clauses are read off the clause table: per distinct clause once, its families by sorting
    (clause, family) pairs.
    """
    root = copy_roots(distinct)
    if table is None:
        table = clause_table(normalised_texts(distinct) if texts is None else texts)
    long_clause = table.clause_cjk >= MIN_CLAUSE_CHARS  # (what _LONG_CLAUSE_RE matches)
    which, sets = distinct_sets(distinct.docs)
    names = sorted({root.get(d, d) for docs in sets for d in docs})
    number = {name: i for i, name in enumerate(names)}
    group_start, flat = laid_out(which, [sorted({number[root.get(d, d)] for d in docs}) for docs in sets])
    per_group = np.diff(group_start)
    at = np.flatnonzero(long_clause[table.clause]) if len(table.clause) else table.clause
    groups = table.group[at]
    sizes = per_group[groups]
    offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    entries = (
        np.repeat(table.clause[at], sizes) * max(1, len(names))
        + flat[np.repeat(group_start[groups], sizes) + offsets]
    )
    pairs = sorted_distinct(entries)
    clause, family = pairs // max(1, len(names)), pairs % max(1, len(names))
    sentence = _rare_sentences(pairs, clause, entries, np.repeat(groups, sizes), len(names))
    links: dict[str, set[str]] = defaultdict(set)
    for a, b in ((names[i], names[j]) for i, j in _related(clause, family, len(names), sentence)):
        links[a].add(b)
        links[b].add(a)
    return DocumentFamilies(root, {doc: frozenset(other) for doc, other in links.items()})


def _rare_sentences(
    pairs: np.ndarray, clause: np.ndarray, entries: np.ndarray, entry_groups: np.ndarray, n_families: int
) -> np.ndarray:
    """Per distinct (clause, family) key of ``pairs`` (sorted; ``clause`` its clause): the first distinct
    sentence of the family holding the clause, for clauses held by 2 … :data:`RARE_HOLDERS` families (−1
    elsewhere).  ``entries``: the key of each occurrence (``clause × n_families + family``), ``entry_groups``
    its sentence.  Only occurrences of rare clauses are looked up (a mask by clause, then a binary search
    each: searching every occurrence was 0.2–0.4 s at 100 MB of distinct text)."""
    sentence = np.full(len(pairs), -1, dtype=np.int64)
    if not len(pairs):
        return sentence
    starts = np.flatnonzero(np.concatenate(([True], clause[1:] != clause[:-1])))
    holders = np.diff(np.append(starts, len(clause)))
    rare_clause = (holders >= 2) & (holders <= RARE_HOLDERS)
    rare = np.flatnonzero(np.repeat(rare_clause, holders))
    if not len(rare):
        return sentence
    is_rare = np.zeros(int(clause[-1]) + 1, dtype=bool)
    is_rare[clause[starts[rare_clause]]] = True
    looked_up = np.flatnonzero(is_rare[np.minimum(entries // max(1, n_families), len(is_rare) - 1)])
    rare_keys = pairs[rare]
    at = np.searchsorted(rare_keys, entries[looked_up])
    first = np.full(len(rare_keys), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, at, entry_groups[looked_up])
    sentence[rare] = first
    return sentence
