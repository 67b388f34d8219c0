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
* A phrase's **independent reports** (:meth:`DocumentFamilies.count`): the connected groups of related
  documents among the reports holding it.  Groups are formed among the holders only, so a chain of related
  documents through a report that does not hold the phrase does not merge its holders.

Counting uses dictionaries over the distinct long clauses (one pass over the distinct text) and counts pairs
only for clauses held by at most :data:`MAX_HOLDERS` reports (a clause every report has says nothing about
which are versions of each other).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from analysis.distinct import DistinctSentences
from analysis.miners.passage_edges import copy_roots
from analysis.miners.shared import CJK_RE

__all__ = ["DocumentFamilies", "document_families", "merge_copies", "related_pairs"]

#: A clause of at least this many CJK characters is specific content (shorter ones are the genre's glue).
MIN_CLAUSE_CHARS = 8
#: Reports sharing this share of the smaller one's long clauses …
RELATED_SHARE = 0.08
#: … and at least this many …
RELATED_MIN_SHARED = 5
#: … and this many times what each shares with its ``BACKGROUND_RANK``-th closest report are versions of one
#: text: they stand out from the rest of the genre.
STANDOUT = 3.0
BACKGROUND_RANK = 8
#: Share of the independent documents a phrase must be in, beyond one (see ``least_reports``).
MIN_SHARE = 0.01
#: Clauses held by more reports than this are not counted for pairs.
MAX_HOLDERS = 50

_CLAUSE_RE = re.compile(r"[^，,；;：:。！？!?、\n]+")


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


def _long_clauses(text: str) -> set[str]:
    clauses = (m.group() for m in _CLAUSE_RE.finditer(text))
    return {c for c in clauses if len(CJK_RE.findall(c)) >= MIN_CLAUSE_CHARS}


def related_pairs(
    clause_docs: Mapping[str, frozenset[str]] | Iterable[tuple[str, frozenset[str]]],
) -> list[tuple[str, str]]:
    """Pairs of reports that are versions of one text, from ``clause → reports holding it``.

    With ``n`` their shared long clauses and ``share = n / min(size_a, size_b)`` (sizes: long clauses):
    ``n ≥ RELATED_MIN_SHARED``, ``share ≥ RELATED_SHARE`` and ``share ≥ STANDOUT × background`` of both,
    the background of a report being its share with its :data:`BACKGROUND_RANK`-th closest report.
    """
    items = clause_docs.items() if isinstance(clause_docs, Mapping) else clause_docs
    sizes: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    for _, docs in items:
        sizes.update(docs)
        if 2 <= len(docs) <= MAX_HOLDERS:
            ordered = sorted(docs)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    shared[(a, b)] += 1
    share = {(a, b): n / min(sizes[a], sizes[b]) for (a, b), n in shared.items()}
    partners: dict[str, list[float]] = defaultdict(list)
    for (a, b), s in share.items():
        partners[a].append(s)
        partners[b].append(s)
    background = {
        doc: sorted(s, reverse=True)[BACKGROUND_RANK - 1] if len(s) >= BACKGROUND_RANK else 0.0
        for doc, s in partners.items()
    }
    return sorted(
        (a, b)
        for (a, b), s in share.items()
        if shared[(a, b)] >= RELATED_MIN_SHARED
        and s >= RELATED_SHARE
        and s >= STANDOUT * max(background[a], background[b])
    )


def document_families(distinct: DistinctSentences, texts: Sequence[str] | None = None) -> DocumentFamilies:
    """The copy families and related documents of a corpus (see the module docstring).

    ``distinct``: the distinct sentences with their reports (raw report ids); ``texts``: their texts, when
    the caller has them normalised already.
    """
    root = copy_roots(distinct)
    clause_docs: dict[str, set[str]] = defaultdict(set)
    for g, docs in enumerate(distinct.docs):
        text = texts[g] if texts is not None else distinct.groups[g].sentence.text
        clauses = _long_clauses(text)
        if not clauses:
            continue
        families = {root.get(d, d) for d in docs}
        for clause in clauses:
            clause_docs[clause].update(families)
    links: dict[str, set[str]] = defaultdict(set)
    for a, b in related_pairs((c, frozenset(d)) for c, d in clause_docs.items()):
        links[a].add(b)
        links[b].add(a)
    return DocumentFamilies(root, {doc: frozenset(other) for doc, other in links.items()})
