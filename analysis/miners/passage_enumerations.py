"""Enumerations whole: a repeated passage that meets ``、`` at an edge is extended over the words its
occurrences share there, or loses the enumeration (what :func:`analysis.miners.passages.mine_passages` does
first after growing its runs of clauses; :mod:`analysis.miners.passage_edges` holds the rest of the edges).

Clauses are cut at ``、`` too, so a run may start inside an enumeration whose first item is fused to a verb
that varies between reports (``建设创新、宜居、美丽的城市`` / ``打造创新、宜居、美丽的城市`` share only
``宜居、美丽的城市``, which lost ``创新、``).  A passage that, somewhere it occurs, follows or precedes ``、``
is extended by the words every such occurrence shares on that side (the longest common suffix of the clauses
before it, cut at a token boundary in every one: ``创新、宜居、美丽的城市``); when they share no word, the
enumeration goes out whole (the clauses up to the first clause mark that is not ``、``), and the passage with
it if nothing is left (:func:`fix_enumeration_edges`).  Only occurrences on clause boundaries count, so
their places may be read off the clause table instead of searched for
(:class:`~analysis.miners.clause_places.ClausePlaces`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from analysis.distinct import DistinctSentences
from analysis.miners.boundaries import FREE_EDGE_CHARS
from analysis.miners.clause_places import ClausePlaces
from analysis.miners.text_places import Places, PlaceTable, place_table, search_sorted

__all__ = ["CLAUSE_MARKS", "EDGE_CLASSES", "PassageEdits", "fix_enumeration_edges"]

#: Clause marks of passages (full-width; the miner reads ASCII marks as these).
CLAUSE_MARKS = "，；：。！？、\n"
_CLAUSE_SPLIT = re.compile(f"[{CLAUSE_MARKS}]")
#: The character classes the edges read (:meth:`~analysis.miners.text_places.Places.classes`): ``、``,
#: another clause mark.
EDGE_CLASSES = ("、", CLAUSE_MARKS)


@dataclass(frozen=True, slots=True)
class PassageEdits:
    """What :func:`fix_enumeration_edges` did: passage → its replacement (None: dropped), and the distinct
    sentences holding each passage looked for (for a later search of an extension: it can only be there;
    none when the places were read off the clause table)."""

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
    known: Places | None = None,
    clause_places: ClausePlaces | None = None,
) -> PassageEdits:
    """Each run that meets ``、`` at an edge somewhere, extended over the shared words or trimmed.

    ``texts``: the distinct sentences' texts as the miner read them (ASCII marks made full-width).  Only
    occurrences on clause boundaries count (a run is made of whole clauses).  ``known``: runs looked for
    already (:func:`~analysis.miners.text_places.find_in_texts`).  See the module docstring.
    ``clause_places``: the places on clause boundaries read off the clause table instead (of ``known``'s
    texts; no search of ``texts`` then, and no holders).

    The occurrences are sorted out with numpy (:func:`_enumeration_edges`): at 100 MB of distinct text the
    first round's 138,707 runs have 1.06 million places (5.8 times those at 30 MB, for 3.3 times the text:
    more runs, each in more places), and 236,000 of them are next to ``、``; a tuple per place read in
    Python made the edges grow faster than the text (the self time of this function was 2.3 s).  The
    sentences' tokens are read only for the pieces that share words (:func:`_shared_words`).
    """
    if clause_places is None:
        found, places = place_table(runs, texts, None, known)
        holders = dict(zip(runs, found.holders(), strict=True))
    else:
        found, places, holders = clause_places.table(runs), clause_places.places, {}
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
    before_mark = np.maximum(search_sorted(marks, base + offset - 1) - 1, 0)
    after_mark = np.minimum(search_sorted(marks, base + end + 1), len(marks) - 1)
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
