"""Where a repeated passage may start and end, which passages are salutations, which reports are copies.

What :func:`analysis.miners.passages.mine_passages` reads after growing its runs of clauses:

* **Enumerations whole** (:func:`fix_enumeration_edges`).  Clauses are cut at ``、`` too, so a run may
  start inside an enumeration whose first item is fused to a verb that varies between reports
  (``建设创新、宜居、美丽的城市`` / ``打造创新、宜居、美丽的城市`` share only ``宜居、美丽的城市``, which
  lost ``创新、``).  A passage
  that, somewhere it occurs, follows or precedes ``、`` is extended by the words every such occurrence shares
  on that side (the longest common suffix of the clauses before it, cut at a token boundary in every one:
  ``创新、宜居、美丽的城市``); when they share no word, the enumeration goes out whole (the clauses up to the
  first clause mark that is not ``、``), and the passage with it if nothing is left.
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
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter

import numpy as np

from analysis.distinct import DistinctSentences
from analysis.miners.boundaries import FREE_EDGE_CHARS
from analysis.miners.report_sets import numbered_docs, reports_per_key
from analysis.miners.text_places import Places, PlaceTable, find_in_texts, place_table

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

#: Clause marks of passages (full-width; the miner reads ASCII marks as these).
CLAUSE_MARKS = "，；：。！？、\n"
_CLAUSE_SPLIT = re.compile(f"[{CLAUSE_MARKS}]")
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


@dataclass(frozen=True, slots=True)
class PassageEdits:
    """What :func:`fix_enumeration_edges` did: passage → its replacement (None: dropped), and the distinct
    sentences holding each passage looked for (for a later search of an extension: it can only be there)."""

    replaced: dict[str, str | None]
    holders: dict[str, list[int]]

    def apply(self, run: str) -> str | None:
        return self.replaced.get(run, run)


def _cuts(tokens: Sequence[str]) -> list[int]:
    """Offsets where a token starts or ends (0 and the end included), ascending."""
    return list(accumulate(map(len, tokens), initial=0))


def _common_suffix(texts: Sequence[str]) -> str:
    """The longest string every one of ``texts`` ends with: the first text's, cut down text by text, and
    no text read once it is empty (most pieces share nothing; reversing every piece to take the common
    prefix of the reversed read them all)."""
    shared = texts[0]
    for text in texts[1:]:
        if not text.endswith(shared):
            n = 0
            while n < len(shared) and n < len(text) and shared[-1 - n] == text[-1 - n]:
                n += 1
            shared = shared[len(shared) - n :]
            if not shared:
                break
    return shared


def _common_prefix(texts: Sequence[str]) -> str:
    """The longest string every one of ``texts`` starts with: that of the first and the last in sorted
    order (any other lies between them, so it starts with what they share), one comparison per character
    instead of one per text and character."""
    low, high = min(texts), max(texts)
    for i, char in enumerate(low):
        if char != high[i]:
            return low[:i]
    return low


#: An occurrence next to ``、``: (text, offset of its start or end, where the clause beyond the ``、`` starts
#: or ends).
_Edge = tuple[int, int, int]


def _shared_words(
    texts: Sequence[str],
    edges: Sequence[_Edge],
    on_cut: Callable[[_Edge, int], bool],
    *,
    suffix: bool,
    least: int = 1,
) -> str:
    """The longest common suffix (prefix) of the pieces ``texts`` whose inner edge is a token boundary in
    each.

    ``on_cut(edges[i], n)``: whether a token boundary of piece ``i`` lies ``n`` characters from its inner
    edge (where a shared part of ``n`` characters would begin or end); asked only for a common part long
    enough and with no function character at its edges, longest first, edge after edge until one says no
    (most pieces share nothing: the sentence's tokens are not read then; a set of every piece's boundaries
    intersected was a third of the edges' Python time at 100 MB of distinct text).  The result opens and
    closes on no function character and holds at least ``least`` characters: the last item of an
    enumeration, fused to what follows it, is as long as the shortest item before it but the first (items
    are written in parallel, and the first may be fused to a verb: ``财政资金、金融资本、社会资本多方支持``
    and ``…、社会资金多方投入`` share ``社会``, shorter than every item, so an item would be cut and nothing
    is shared; ``…、数字金融标准体系`` and ``…、数字金融。`` share the whole ``数字金融``).
    """
    shared = _common_suffix(texts) if suffix else _common_prefix(texts)
    for n in range(len(shared), max(least, 1) - 1, -1):
        part = shared[-n:] if suffix else shared[:n]
        free = part[0] not in FREE_EDGE_CHARS and part[-1] not in FREE_EDGE_CHARS
        if free and all(on_cut(edge, n) for edge in edges):
            return part
    return ""


def _last_items(run: str) -> list[str]:
    """The items of the enumeration ``run`` ends with: its clauses after the last mark that is not ``、``."""
    marks = [(m.start(), m.group()) for m in _CLAUSE_SPLIT.finditer(run)]
    start = next((pos + 1 for pos, mark in reversed(marks) if mark != "、"), 0)
    return run[start:].split("、")


def _trim_enumeration(run: str, *, head: bool) -> str:
    """``run`` without its leading (``head``) or trailing enumeration: to the first/last mark not ``、``."""
    marks = [(m.start(), m.group()) for m in _CLAUSE_SPLIT.finditer(run)]
    if head:
        for pos, mark in marks:
            if mark != "、":
                return run[pos + 1 :]
        return ""
    for pos, mark in reversed(marks):
        if mark != "、":
            return run[:pos]
    return ""


def fix_enumeration_edges(
    runs: Sequence[str],
    distinct: DistinctSentences,
    texts: Sequence[str],
    within: Mapping[str, Sequence[int]] | None = None,
    known: Places | None = None,
) -> PassageEdits:
    """Each run that meets ``、`` at an edge somewhere, extended over the shared words or trimmed.

    ``texts``: the distinct sentences' texts as the miner read them (ASCII marks made full-width).  Only
    occurrences on clause boundaries count (a run is made of whole clauses).  ``within``: where some runs
    can only be, and ``known``: runs looked for already (:func:`find_in_texts`).  See the module docstring.

    The occurrences are sorted out with numpy (:func:`_enumeration_edges`): at 100 MB of distinct text the
    first round's 138,707 runs have 1.06 million places (5.8 times those at 30 MB, for 3.3 times the text:
    more runs, each in more places), and 236,000 of them are next to ``、``; a tuple per place read in
    Python made the edges grow faster than the text (the self time of this function was 2.3 s).  The
    sentences' tokens are read only for the pieces that share words (:func:`_shared_words`).
    """
    found, places = place_table(runs, texts, within, known)
    holders = dict(zip(runs, found.holders(), strict=True))
    replaced: dict[str, str | None] = {}
    cuts_of: dict[int, list[int]] = {}

    def on_cut(g: int, at: int) -> bool:  # whether a token of text g starts or ends at offset ``at``
        cuts = cuts_of.get(g)
        if cuts is None:
            cuts = cuts_of[g] = _cuts(distinct.groups[g].sentence.tokens)
        i = bisect_left(cuts, at)
        return i < len(cuts) and cuts[i] == at

    def cut_before(edge: _Edge, n: int) -> bool:  # the clause before a 、: n characters back from the 、
        g, at, _ = edge
        return on_cut(g, at - 1 - n)

    def cut_after(edge: _Edge, n: int) -> bool:  # the clause after a 、: n characters on from the 、
        g, end, _ = edge
        return on_cut(g, end + 1 + n)

    for k, left, right in _enumeration_edges(runs, found, places):
        run = runs[k]
        new = run
        if left:
            pieces = [texts[g][begin : at - 1] for g, at, begin in left]
            head = _shared_words(pieces, left, cut_before, suffix=True)
            new = f"{head}、{new}" if head else _trim_enumeration(new, head=True)
        if right and new:
            items = _last_items(new)[1:]  # (the first item may be fused to a verb: 形成财政资金)
            pieces = [texts[g][end + 1 : stop] for g, end, stop in right]
            least = min(map(len, items), default=1)
            tail = _shared_words(pieces, right, cut_after, suffix=False, least=least)
            new = f"{new}、{tail}" if tail else _trim_enumeration(new, head=False)
        replaced[run] = new or None
    return PassageEdits(replaced, holders)


def _enumeration_edges(
    runs: Sequence[str], found: PlaceTable, places: Places
) -> list[tuple[int, list[_Edge], list[_Edge]]]:
    """The runs (their numbers) met by ``、`` somewhere, each with its places that follow ``、`` (text,
    offset, start of the clause before the ``、``) and those it precedes (text, end, end of the clause after
    the ``、``), ascending; only places on clause boundaries.

    A place on a clause boundary has a clause mark (:data:`CLAUSE_MARKS`) or the edge of its text on both
    sides: the characters before and after every place are read at once from the classes of the texts'
    characters (:meth:`~analysis.miners.text_places.Places.classes`: ``、``, another mark, other), where the
    ``\n`` between texts is a mark and not ``、``, as a text's edge is; the clause beyond the ``、`` ends at
    the nearest mark (a sorted array of the marks, searched).
    """
    if not len(found.holder):
        return []
    kind, marks = places.classes(("、", CLAUSE_MARKS))  # 1: 、, 2: another clause mark, 0: other
    row_run = found.run_of_rows()
    base = places.starts()[found.holder] + 1  # where each holder starts in ``kind`` (one \n before all)
    end = found.offset + np.fromiter(map(len, runs), dtype=np.int64, count=len(runs))[row_run]
    before, after = kind[base + found.offset - 1], kind[base + end]
    boundary = (before > 0) & (after > 0)
    left, right = boundary & (before == 1), boundary & (after == 1)
    edged = np.flatnonzero(left | right)
    if not len(edged):
        return []
    base, offset, end = base[edged], found.offset[edged], end[edged]
    # the clause before the 、 at offset − 1 starts after the last mark before it; the one after the 、 at
    # ``end`` ends at the first mark after it (the \n around each text is a mark: no clause runs over; the
    # bounds only keep the side without a 、 of a place in the array: it is not read)
    before_mark = np.maximum(np.searchsorted(marks, base + offset - 1) - 1, 0)
    after_mark = np.minimum(np.searchsorted(marks, base + end + 1), len(marks) - 1)
    begin, stop = marks[before_mark] + 1 - base, marks[after_mark] - base
    # the edges of each run as lists of tuples, cut out of one list per side (rows are in run order)
    run, holder, is_left, is_right = row_run[edged], found.holder[edged], left[edged], right[edged]
    met = np.unique(run)
    sides: list[list[list[_Edge]]] = []
    for side, at, clause_end in ((is_left, offset, begin), (is_right, end, stop)):
        edges = list(zip(holder[side].tolist(), at[side].tolist(), clause_end[side].tolist(), strict=True))
        bounds = np.searchsorted(run[side], met, side="left"), np.searchsorted(run[side], met, side="right")
        sides.append([edges[lo:hi] for lo, hi in zip(bounds[0].tolist(), bounds[1].tolist(), strict=True)])
    return list(zip(met.tolist(), sides[0], sides[1], strict=True))


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
