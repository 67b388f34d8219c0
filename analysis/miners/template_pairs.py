"""Which pairs of headings a heading template is induced from (:mod:`analysis.miners.templates`).

Two sources:

* **Siblings** (:func:`sibling_groups`): headings of one report at one level under one parent are written
  in parallel (``学习还不够“深”`` / ``方法还不够“新”``).
* **Headings of different reports that share words** (:func:`shared_pairs`): a frame of the genre is
  written by many reports once each, never as siblings (``稳定和完善宏观经济政策，保持经济运行在合理区间``
  in one year's report, ``创新宏观调控，保持经济运行在合理区间`` in another's).  Two headings are paired
  when they share a word bigram that few headings hold: a bigram in many headings (``加强组织``) pairs
  headings that share little else, and would make the pairs grow as the square of the corpus.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from itertools import pairwise
from typing import NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from analysis.records import Heading

__all__ = [
    "MAX_HOLDERS",
    "MAX_PARTNERS",
    "NumberedWords",
    "narrower_templates",
    "numbered_words",
    "shared_pair_codes",
    "shared_pairs",
    "sibling_groups",
]

K = TypeVar("K", bound=Hashable)
Ints = npt.NDArray[np.int64]
#: A slot of a wider template, matched against a narrower one's text: any stretch within one clause.
_LOOSE_SLOT = "[^。，；：,;:]+"

#: A word bigram held by more distinct headings than this pairs none of them (it is too common to say
#: that two headings are written on one frame).
MAX_HOLDERS = 24
#: Each heading is aligned with at most this many headings of other reports (those sharing its rarest
#: bigrams first): the work stays linear in the headings.
MAX_PARTNERS = 16


def sibling_groups(headings: Sequence[Heading]) -> list[list[int]]:
    """Indices of headings grouped by (parent, level); the parent is the nearest preceding higher level."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    stack: list[int] = []  # indices of open ancestors
    for i, h in enumerate(headings):
        while stack and headings[stack[-1]].level >= h.level:
            stack.pop()
        parent = stack[-1] if stack else -1
        groups[(parent, h.level)].append(i)
        stack.append(i)
    return [g for g in groups.values() if len(g) >= 2]


def _keys(words: Sequence[str]) -> list[tuple[str, str]]:
    """What pairs a heading with others: its word bigrams, and its first and last word (marked with a
    leading ``\0`` so it is no bigram): ``提升公共服务能力`` and ``提升安全防护能力`` share no bigram but
    are written on ``提升X能力``."""
    keys = list(dict.fromkeys(pairwise(words)))
    if len(words) > 2:
        keys.append(("\0" + words[0], words[-1]))
    return keys


class NumberedWords(NamedTuple):
    """The words of headings as numbers (:func:`numbered_words`)."""

    index: dict[str, int]  #: word → its number, from 1 (0 is left free: a slot, for the templates)
    words: list[str]  #: number → word (``""`` for 0)
    lengths: Ints  #: words of each heading
    flat: Ints  #: the numbers of all the words, heading after heading


def numbered_words(tokens: Sequence[Sequence[str]]) -> NumberedWords:
    """Each word numbered in order of first use: what the arrays of the pairs and of the templates
    (:mod:`analysis.miners.template_batch`) compare instead of strings."""
    index: dict[str, int] = {}
    flat = [index.setdefault(w, len(index) + 1) for words in tokens for w in words]
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    return NumberedWords(index, ["", *index], lengths, np.array(flat, dtype=np.int64))


def shared_pairs(
    tokens: Sequence[Sequence[str]],
    docs: Sequence[frozenset[str]],
    *,
    max_holders: int = MAX_HOLDERS,
    max_partners: int = MAX_PARTNERS,
) -> list[tuple[int, int]]:
    """:func:`shared_pair_codes` as pairs ``(i, j)``, sorted."""
    n = len(tokens)
    codes = shared_pair_codes(tokens, docs, max_holders=max_holders, max_partners=max_partners)
    return [divmod(pair, n) for pair in np.sort(codes).tolist()]


def shared_pair_codes(
    tokens: Sequence[Sequence[str]],
    docs: Sequence[frozenset[str]],
    *,
    max_holders: int = MAX_HOLDERS,
    max_partners: int = MAX_PARTNERS,
    numbered: NumberedWords | None = None,
) -> Ints:
    """Pairs ``(i, j)``, ``i < j``, as numbers ``i × len(tokens) + j`` (ascending), of distinct headings
    (``tokens[i]``: the words of heading ``i``, ``docs[i]``: the reports holding it) that share a word bigram
    held by 2 … ``max_holders`` headings and are not both only in the same one report, or the same first and
    last word (:func:`_keys`).

    Each heading takes partners from its bigrams in order of rarity (fewest holders first, then position),
    at most ``max_partners``: the first ``max_partners`` headings of the list its bigrams' holders make in
    that order (each holder's list ascending), itself, repeats and headings only its own one report holds
    left out.  A pair is listed once.  Cost: ``O(Σ tokens × max_holders)``, in arrays (in chunks of
    :data:`PAIR_CHUNK` headings).  ``numbered``: :func:`numbered_words` of ``tokens``, when the caller has it.
    """
    n = len(tokens)
    index, words_of, lengths, flat = numbered_words(tokens) if numbered is None else numbered
    # the key of a bigram (u, v) is u × V + v, of the first and last words ("\0" + u, v): "\0" + u numbered
    # after the words (as the word it is, if one is)
    marked: dict[str, int] = {}
    firsts = [
        -1
        if len(words) <= 2
        else index.get("\0" + words[0]) or marked.setdefault("\0" + words[0], len(words_of) + len(marked))
        for words in tokens
    ]
    size_v = len(words_of) + len(marked)
    heading = np.repeat(np.arange(n, dtype=np.int64), lengths)
    position = np.arange(len(flat), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    follows = np.flatnonzero(heading[1:] == heading[:-1])  # a bigram starts at each of these
    key = flat[follows] * size_v + flat[follows + 1]
    row_heading, row_position = heading[follows], position[follows]
    # a bigram once per heading (its first place), then the first and last words (not deduplicated)
    order = np.lexsort((row_position, key, row_heading))
    once = np.ones(len(order), dtype=bool)
    once[1:] = (row_heading[order][1:] != row_heading[order][:-1]) | (key[order][1:] != key[order][:-1])
    kept = order[once]
    ends = np.flatnonzero(np.asarray(firsts, dtype=np.int64) >= 0)
    last_word = flat[np.cumsum(lengths)[ends] - 1] if len(ends) else ends
    row_heading = np.concatenate([row_heading[kept], ends])
    row_position = np.concatenate([row_position[kept], lengths[ends] - 1])
    key = np.concatenate([key[kept], np.asarray(firsts, dtype=np.int64)[ends] * size_v + last_word])
    # keys numbered; each key's holders, ascending (a heading listed once per row)
    _, key = np.unique(key, return_inverse=True)
    by_key = np.lexsort((row_heading, key))
    holder = row_heading[by_key]
    size = np.bincount(key)
    start = np.cumsum(size) - size
    # the rows a heading takes partners from: 1 < holders ≤ max_holders, rarest first, then by position
    usable = (size[key] > 1) & (size[key] <= max_holders)
    rows = np.flatnonzero(usable)
    rows = rows[np.lexsort((row_position[rows], size[key[rows]], row_heading[rows]))]
    # the one report of a heading only one report holds (two such in the same report are not paired)
    reports: dict[str, int] = {}
    lone = np.fromiter(
        (reports.setdefault(next(iter(d)), len(reports)) if len(d) == 1 else -1 for d in docs),
        dtype=np.int64,
        count=n,
    )
    out: list[Ints] = []
    bounds = np.searchsorted(row_heading[rows], np.arange(0, n + PAIR_CHUNK, PAIR_CHUNK))
    for lo, hi in itertools.pairwise(bounds.tolist()):
        out.append(_partners(rows[lo:hi], row_heading, key, holder, start, size, lone, n, max_partners))
    codes = np.sort(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)
    distinct = np.ones(len(codes), dtype=bool)
    distinct[1:] = codes[1:] != codes[:-1]
    return codes[distinct]


#: Headings whose partners are found per round of the arrays (bounds their memory).
PAIR_CHUNK = 4096


def _partners(
    rows: Ints,
    row_heading: Ints,
    key: Ints,
    holder: Ints,
    start: Ints,
    size: Ints,
    lone: Ints,
    n: int,
    max_partners: int,
) -> Ints:
    """The pairs of the headings of ``rows`` (grouped by heading, in the order each takes partners), as
    numbers ``min × n + max``: each row's holders in order, the heading itself, repeats and headings of the
    same lone report dropped, the first ``max_partners`` kept."""
    count = size[key[rows]]
    i = np.repeat(row_heading[rows], count)
    j = holder[
        np.repeat(start[key[rows]], count) + np.arange(len(i)) - np.repeat(np.cumsum(count) - count, count)
    ]
    own = lone[i]
    keep = (j != i) & ~((own >= 0) & (lone[j] == own))
    i, j = i[keep], j[keep]
    pair = i * n + j
    order = np.argsort(pair, kind="stable")
    first = np.ones(len(order), dtype=bool)
    first[1:] = pair[order][1:] != pair[order][:-1]
    kept = np.sort(order[first])  # each partner at its first place, in order
    i, j = i[kept], j[kept]
    opens = np.ones(len(i), dtype=bool)
    opens[1:] = i[1:] != i[:-1]
    group_start = np.maximum.accumulate(np.where(opens, np.arange(len(i)), 0))
    taken = np.arange(len(i)) - group_start < max_partners
    i, j = i[taken], j[taken]
    return np.minimum(i, j) * n + np.maximum(i, j)


def narrower_templates(parts: Mapping[K, Sequence[str | None]], size: Mapping[K, int]) -> set[K]:
    """The templates a wider one with more matching headings covers: its fixed parts in order, its slots
    absorbing the narrower one's extra words (``实施X工程`` covers ``实施X提升工程`` even where a heading's
    ``科技型中小企业创新能力提升`` is longer than a slot may be).  ``parts``: each template's parts (a string,
    or None for a slot); ``size``: its matching headings.

    Only templates opening or closing on a fixed part cover others (indexed by it: each template looks up
    the prefixes and suffixes of its own text, so the work is linear in the templates).
    """
    text = {k: "".join("\0" if p is None else p for p in ps) for k, ps in parts.items()}
    by_head: dict[str, list[K]] = defaultdict(list)
    by_tail: dict[str, list[K]] = defaultdict(list)
    for k, ps in parts.items():
        if ps and ps[0] is not None:
            by_head[ps[0]].append(k)
        elif ps and ps[-1] is not None:
            by_tail[ps[-1]].append(k)
    loose: dict[K, re.Pattern[str]] = {}
    out: set[K] = set()
    for k, own in text.items():
        wider = [w for n in range(1, len(own)) for w in by_head.get(own[:n], ())]
        wider += [w for n in range(1, len(own)) for w in by_tail.get(own[-n:], ())]
        for w in wider:
            if w == k or size[w] <= size[k]:
                continue
            if w not in loose:
                loose[w] = re.compile("".join(_LOOSE_SLOT if p is None else re.escape(p) for p in parts[w]))
            if loose[w].fullmatch(own):
                out.add(k)
                break
    return out
