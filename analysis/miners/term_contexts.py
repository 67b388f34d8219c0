"""Where a term candidate stands: its neighbours in the word index and its uses inside longer tokens.

Why a module of its own: a formulation is often used as a unit inside longer ones (新发展理念 in
贯彻新发展理念, 小康社会 in 全面建设小康社会 and in the lexicon word 全面建成小康社会).  Branching
entropy over the word index sees only the first of these, and a word inside a longer token not at all.
Here a candidate's contexts are

* its neighbours in the index (:meth:`~analysis.index.WordIndex.neighbours_of_rows`), a neighbour that
  ends a term (:func:`~analysis.miners.term_shape.boundary_tokens`: 构建, 的, 和 …) counted as a boundary;
* its occurrences inside longer indexed tokens (:func:`inner_uses`, one Aho–Corasick pass over the
  vocabulary): the part of the token before and after it is one more context each (全面建成 before
  小康社会), or the token itself where the candidate is at its edge.

A sub-phrase whose contexts vary is then free on both sides although it is mostly seen inside longer ones.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Container, Mapping, Sequence
from itertools import accumulate
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick, MatchKind

from analysis.multimatch import Automaton
from analysis.scoring import BOUNDARY

__all__ = ["InnerUses", "inner_uses", "merged_contexts", "nested_words", "substring_pairs"]


class InnerUses(NamedTuple):
    """A string's occurrences inside longer tokens: contexts on each side (context → count), total, and the
    largest document frequency of a token holding it (a lower bound of the documents those uses add)."""

    left: dict[str, int]
    right: dict[str, int]
    freq: int
    doc_freq: int


def inner_uses(
    strings: Sequence[str], tokens: Sequence[str], freqs: Sequence[int], doc_freqs: Sequence[int]
) -> list[InnerUses]:
    """For each of ``strings``, its uses inside the longer ``tokens`` (seen ``freqs`` times in ``doc_freqs``
    documents); one overlapping Aho–Corasick pass over the tokens (tokens hold no newline: they are cut from
    sentences, split at line breaks)."""
    out = [InnerUses({}, {}, 0, 0) for _ in strings]
    if not strings:
        return out
    automaton = Automaton(strings)
    shortest = min(map(len, strings))
    longer = [i for i, token in enumerate(tokens) if len(token) > shortest and "\n" not in token]
    # one automaton pass over the longer tokens joined by newlines (no string holds one), each match handed
    # back to its token: a call per token was most of the time
    starts = list(accumulate((len(tokens[i]) + 1 for i in longer[:-1]), initial=0))
    joined = "\n".join([tokens[i] for i in longer])
    for which, at, stop in automaton.matches(joined).tolist():
        k = bisect_right(starts, at) - 1
        i = longer[k]
        token, count, docs = tokens[i], freqs[i], doc_freqs[i]
        start, end = at - starts[k], stop - starts[k]
        if end - start == len(token):
            continue
        uses = out[which]
        left = token[:start] if start else f"{token}<"
        right = token[end:] if end < len(token) else f">{token}"
        uses.left[left] = uses.left.get(left, 0) + count
        uses.right[right] = uses.right.get(right, 0) + count
        out[which] = uses._replace(freq=uses.freq + count, doc_freq=max(uses.doc_freq, docs))
    return out


def merged_contexts(
    neighbours: Mapping[str, int], inner: Mapping[str, int], is_boundary: Callable[[str], bool]
) -> dict[str, int]:
    """Neighbours and inner contexts in one count table, every context that ends a term as ``BOUNDARY``."""
    out: dict[str, int] = {}
    for table in (neighbours, inner):
        for context, count in table.items():
            key = BOUNDARY if context == BOUNDARY or is_boundary(context) else context
            out[key] = out.get(key, 0) + count
    return out


def substring_pairs(strings: Sequence[str]) -> list[tuple[int, int]]:
    """``(shorter, longer)`` index pairs of ``strings`` where the first is a proper substring of the second
    (one Aho–Corasick pass over the strings themselves)."""
    if not strings:
        return []
    automaton = AhoCorasick(list(strings), matchkind=MatchKind.Standard)
    pairs: set[tuple[int, int]] = set()
    for longer, text in enumerate(strings):
        for shorter, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
            if end - start < len(text):
                pairs.add((shorter, longer))
    return sorted(pairs)


#: Shortest dictionary word taken out of a longer token by :func:`nested_words`.
NESTED_MIN_CHARS = 4


def nested_words(
    tokens: Sequence[str], known: Container[str], *, min_chars: int = NESTED_MIN_CHARS
) -> list[str]:
    """Words of the reference dictionary ``known`` (``min_chars`` characters or more) that open or close a
    longer token and are no token of their own: 小康社会 in the lexicon words 全面建设小康社会 and
    全面建成小康社会, which the segmenter keeps whole, so that the word index never counts 小康社会 alone.

    Why: a term candidate is an n-gram of the index, and an n-gram the segmenter always hides inside longer
    tokens is never one; these words are candidates of their own, with their uses inside the longer tokens as
    their contexts (:func:`inner_uses`).  Sorted, each once.
    """
    present = set(tokens)
    out: set[str] = set()
    for token in present:
        for size in range(min_chars, len(token)):
            for part in (token[:size], token[-size:]):
                if part in known and part not in present:
                    out.add(part)
    return sorted(out)
