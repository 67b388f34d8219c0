"""Where a repeated passage may start and end, which passages are salutations, which reports are copies.

What :func:`analysis.miners.passages.mine_passages` reads after growing its runs of clauses:

* **Enumerations whole** (:func:`~analysis.miners.passage_enumerations.fix_enumeration_edges`, in a module
  of its own): a passage next to ``、`` grows over the words its occurrences share there, or loses the
  enumeration.
* **Salutations** (:func:`is_salutation`): addressing and thanking clauses are the ceremony of a speech,
  not a formulation: a run in a sentence that thanks or salutes (感谢, 敬意, 致意, 问候, 慰问) holding a
  clause addressed with ``向``, the thanks itself, or lying between the ``向`` and the thanks (the list of
  addressees); or a run holding a vocative clause (``同志们``, ``各位代表``).
* **Copies** (:func:`report_families`): a document reposted by several sites (with different page chrome,
  so not an exact copy) repeats all its sentences; reports sharing at least half of the distinct sentences
  of the smaller are one family, and a passage is repeated across families, not across copies.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter

import numpy as np

from analysis.distinct import DistinctSentences
from analysis.miners.passage_enumerations import (
    _CLAUSE_SPLIT,
    CLAUSE_MARKS,
    PassageEdits,
    fix_enumeration_edges,
)
from analysis.miners.report_sets import numbered_docs, reports_per_key
from analysis.miners.text_places import Places, find_in_texts, place_table

__all__ = [
    "CLAUSE_MARKS",
    "THANKS_WORDS",
    "PassageEdits",
    "Places",
    "copy_roots",
    "find_in_texts",
    "fix_enumeration_edges",
    "is_salutation",
    "occurrences",
    "report_families",
    "strip_vocatives",
]

#: Thanks and salutes: the sentence of a salutation says one of these.
THANKS_WORDS = ("感谢", "谢意", "敬意", "致意", "问候", "慰问", "致敬")
THANKS_RE = re.compile("|".join(THANKS_WORDS))
#: A run ending in thanks (表示衷心感谢), not one that only names them (感谢信制度).
THANKS_END_RE = re.compile(f"(?:{THANKS_RE.pattern})$")
#: A vocative clause: a plural address (同志们, 代表们) or 各位/尊敬的 + addressee, at most 8 characters.
VOCATIVE_RE = re.compile(r"^(?:各位\w{1,6}|尊敬的\w{1,6}|\w{1,6}们)$")
#: Reports sharing this share of the distinct sentences of the smaller one are copies of one document.
COPY_SHARE = 0.5
#: Sentences held by more reports than this say nothing about copies (a greeting every report has).
COPY_MAX_HOLDERS = 50
#: Only documents of at least this many distinct sentences are judged copies: two notes of a line or two
#: that share their one sentence are two uses of it.
COPY_MIN_SENTENCES = 20


def is_salutation(run: str, sentences: Iterable[str]) -> bool:
    """Whether ``run`` addresses or thanks rather than says something (see the module docstring).

    ``sentences``: texts of sentences holding the run.
    """
    clauses = [c for c in _CLAUSE_SPLIT.split(run) if c]
    if any(VOCATIVE_RE.match(c) for c in clauses):
        return True
    for text in sentences:
        thanks = THANKS_RE.search(text)
        at = text.find(run)
        if thanks is None or at < 0:
            continue
        if THANKS_END_RE.search(run) or any(c.startswith("向") for c in clauses):
            return True
        addressed = text.find("向")
        if 0 <= addressed <= at and at < thanks.start():  # inside 向 … 感谢: the addressees
            return True
    return False


def strip_vocatives(run: str) -> str:
    """``run`` without vocative clauses at its edges (``同志们，让我们…`` → ``让我们…``); "" if all are.

    A vocative clause holds ``各位``, ``尊敬的`` or ``们`` (:data:`VOCATIVE_RE`): a run holding none is
    returned as it is without being split (most runs).
    """
    if "们" not in run and "各位" not in run and "尊敬的" not in run:
        return run
    clauses = _CLAUSE_SPLIT.split(run)
    marks = _CLAUSE_SPLIT.findall(run)
    start, end = 0, len(clauses)
    while start < end and VOCATIVE_RE.match(clauses[start]):
        start += 1
    while end > start and VOCATIVE_RE.match(clauses[end - 1]):
        end -= 1
    if start == 0 and end == len(clauses):
        return run
    if start >= end:
        return ""
    out = clauses[start]
    for i in range(start + 1, end):
        out += marks[i - 1] + clauses[i]
    return out


def copy_roots(distinct: DistinctSentences) -> dict[str, str]:
    """Each report → its family of copies (see the module docstring), named by its first report (sorted).

    Two reports are copies when the distinct sentences both hold number at least :data:`COPY_SHARE` of
    the smaller one's and the smaller has :data:`COPY_MIN_SENTENCES` or more; families are the connected
    groups of copies.  A report with no copy maps to itself.
    """
    held: dict[str, list[int]] = defaultdict(list)  # each report's distinct sentences
    for g, docs in enumerate(distinct.docs):
        for doc in docs:
            held[doc].append(g)
    # Reports holding exactly the same sentences (a file reposted as it is) are taken as one first: every
    # pair of them would share all they hold, so their pairs need not be counted one by one (29 copies of a
    # corpus: 406 pairs per sentence).  ``counted``: the sentences a pair may share (held by ≤ MAX).
    same: dict[tuple[int, ...], list[str]] = defaultdict(list)
    for doc, groups in held.items():
        same[tuple(groups)].append(doc)
    first = {doc: min(docs) for docs in same.values() for doc in docs}
    counted = [2 <= len(docs) <= COPY_MAX_HOLDERS for docs in distinct.docs]
    shared: Counter[tuple[str, str]] = Counter()
    for g, docs in enumerate(distinct.docs):
        if counted[g]:
            ordered = sorted({first[d] for d in docs})
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    shared[(a, b)] += 1
    for groups, docs in same.items():  # the pairs inside a set of identical reports
        if len(docs) > 1:
            shared[(first[docs[0]], first[docs[0]])] = sum(counted[g] for g in groups)
    parent: dict[str, str] = {}

    def root(doc: str) -> str:
        while parent.get(doc, doc) != doc:
            doc = parent[doc]
        return doc

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    members = {min(docs): docs for docs in same.values()}
    for (a, b), n in sorted(shared.items()):
        smaller = min(len(held[a]), len(held[b]))
        if smaller >= COPY_MIN_SENTENCES and n >= COPY_SHARE * smaller:
            for doc in (*members[a], *members[b]):
                join(a, doc)
    return {doc: root(doc) for doc in held}


def report_families(distinct: DistinctSentences) -> DistinctSentences:
    """``distinct`` with copies of one document counted as one report (:func:`copy_roots`)."""
    family = copy_roots(distinct)
    if all(doc == root for doc, root in family.items()):
        return distinct
    docs = [frozenset(family[d] for d in held) for held in distinct.docs]
    return DistinctSentences(distinct.groups, docs, len(set(family.values())))


def occurrences(
    runs: Sequence[str],
    distinct: DistinctSentences,
    texts: Sequence[str],
    within: Mapping[str, Sequence[int]] | None = None,
    known: Places | None = None,
) -> dict[str, tuple[int, int, list[int]]]:
    """``run → (doc_freq, freq, groups holding it)`` by one scan of the distinct texts (any position;
    ``within``: where some runs can only be, ``known``: runs looked for already, :func:`find_in_texts`).

    ``freq = Σ count`` of the holding sentence over the places, summed per run with numpy
    (cumulative sums at the runs' bounds); ``doc_freq = |∪ reports|`` of the sentences holding it, counted
    by one sort of (run, report) pairs (:func:`~analysis.miners.report_sets.reports_per_key`; a union of
    frozensets per run took 0.5 s at 100 MB of distinct text, where 78,000 runs are in several sentences)."""
    found, _ = place_table(runs, texts, within, known)
    held, which = np.unique(found.holder, return_inverse=True)
    held_groups = list(map(distinct.groups.__getitem__, held.tolist()))
    counts = np.fromiter(
        map(len, map(attrgetter("occurrences"), held_groups)), dtype=np.int64, count=len(held)
    )
    summed = np.concatenate(([0], np.cumsum(counts[which])))
    freq = (summed[found.bounds[1:]] - summed[found.bounds[:-1]]).tolist()
    start, flat, n_docs = numbered_docs([distinct.docs[g] for g in held.tolist()])
    doc_freq = reports_per_key(found.run_of_rows(), which.reshape(-1), start, flat, n_docs, len(runs))
    rows = zip(runs, doc_freq.tolist(), freq, found.holders(), strict=True)
    out: dict[str, tuple[int, int, list[int]]] = {run: (df, f, groups) for run, df, f, groups in rows}
    return out
