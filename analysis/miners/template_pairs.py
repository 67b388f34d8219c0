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

import re
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from itertools import pairwise
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from analysis.records import Heading

__all__ = [
    "MAX_HOLDERS",
    "MAX_PARTNERS",
    "narrower_templates",
    "shared_pair_codes",
    "shared_pairs",
    "sibling_groups",
]

K = TypeVar("K", bound=Hashable)
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
) -> npt.NDArray[np.int64]:
    """Pairs ``(i, j)``, ``i < j``, as numbers ``i × len(tokens) + j`` (in no order), of distinct headings
    (``tokens[i]``: the words of heading ``i``, ``docs[i]``: the reports holding it) that share a word bigram
    held by 2 … ``max_holders`` headings and are not both only in the same one report, or the same first and
    last word (:func:`_keys`).

    Each heading takes partners from its bigrams in order of rarity (fewest holders first, then position),
    at most ``max_partners``; a pair is listed once.  Cost: ``O(Σ tokens + H × max_partners)``.
    """
    # keys as numbers, and a key held by one heading dropped: it pairs nobody
    ids: dict[tuple[str, str], int] = {}
    keys = [[ids.setdefault(gram, len(ids)) for gram in _keys(words)] for words in tokens]
    holders: list[list[int]] = [[] for _ in ids]
    for i, grams in enumerate(keys):
        for gram in grams:
            holders[gram].append(i)
    size = [len(h) for h in holders]
    # the one report of a heading only one report holds (two such in the same report are not paired)
    lone = [next(iter(d)) if len(d) == 1 else None for d in docs]
    n = len(keys)
    out: set[int] = set()  # pair (i, j), i < j, as i × n + j
    for i, all_grams in enumerate(keys):
        grams = sorted((g for g in all_grams if 1 < size[g] <= max_holders), key=size.__getitem__)
        own = lone[i]
        partners: set[int] = set()
        for gram in grams:
            for j in holders[gram]:
                if j == i or j in partners or (own is not None and lone[j] == own):
                    continue
                partners.add(j)
                if len(partners) >= max_partners:
                    break
            if len(partners) >= max_partners:
                break
        out.update([i * n + j if i < j else j * n + i for j in partners])
    return np.fromiter(out, dtype=np.int64, count=len(out))


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
