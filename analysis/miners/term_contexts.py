"""Where a term candidate stands: its neighbours in the word index and its uses inside longer tokens.

Why a module of its own: a formulation is often used as a unit inside longer ones (新发展理念 in
贯彻新发展理念, 小康社会 in 全面建设小康社会 and in the lexicon word 全面建成小康社会).  Branching
entropy over the word index sees only the first of these, and a word inside a longer token not at all.
Here a candidate's contexts are

* its neighbours in the index (:meth:`~analysis.index.WordIndex.neighbours_of_rows`), a neighbour that
  ends a term (:func:`~analysis.miners.term_shape.boundary_tokens`: 构建, 的, 和 …) counted as a boundary;
* its occurrences inside longer indexed tokens (:func:`inner_uses`: the tokens' substrings looked up among
  the candidates): the part of the token before and after it is one more context each (全面建成 before
  小康社会), or the token itself where the candidate is at its edge.

A sub-phrase whose contexts vary is then free on both sides although it is mostly seen inside longer ones.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
from ahocorasick_rs import AhoCorasick, MatchKind

from analysis.scoring import BOUNDARY

__all__ = [
    "InnerUses",
    "inner_use_table",
    "inner_uses",
    "merged_contexts",
    "nested_words",
    "substring_pair_arrays",
    "substring_pairs",
]


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
    documents): :func:`inner_use_table`, with an empty entry for a string used inside no token."""
    table = inner_use_table(strings, tokens, freqs, doc_freqs)
    return [table.get(string) or InnerUses({}, {}, 0, 0) for string in strings]


def inner_use_table(
    strings: Iterable[str], tokens: Sequence[str], freqs: Sequence[int], doc_freqs: Sequence[int]
) -> dict[str, InnerUses]:
    """The strings of ``strings`` used inside longer ``tokens`` → their :class:`InnerUses` (the others are
    left out).  Contexts of one string are counted in the order of ``tokens``, then from left to right.

    How: every substring of a token that has the length of some string (and is shorter than the token) is
    looked up in a set of the strings.  Why not an Aho–Corasick automaton over the strings: a term
    candidate list holds ~2·10⁵ strings at 30 MB against ~3·10⁴ tokens of mostly 2–4 characters (1.2·10⁵
    substrings); building the automaton and an empty entry per string was 1.0 s, this is 0.1 s.  Tokens
    holding a newline are skipped, as the automaton's joined text did.
    """
    wanted = set(strings)
    sizes = sorted(set(map(len, wanted)))
    found: dict[str, tuple[dict[str, int], dict[str, int], list[int]]] = {}
    for token, count, docs in zip(tokens, freqs, doc_freqs, strict=True):
        length = len(token)
        if not sizes or length <= sizes[0] or "\n" in token:
            continue
        for size in sizes:
            if size >= length:
                break
            for start in range(length - size + 1):
                part = token[start : start + size]
                if part not in wanted:
                    continue
                entry = found.get(part)
                if entry is None:
                    entry = found[part] = ({}, {}, [0, 0])
                left, right, totals = entry
                end = start + size
                before = token[:start] if start else f"{token}<"
                after = token[end:] if end < length else f">{token}"
                left[before] = left.get(before, 0) + count
                right[after] = right.get(after, 0) + count
                totals[0] += count
                totals[1] = max(totals[1], docs)
    return {string: InnerUses(left, right, *totals) for string, (left, right, totals) in found.items()}


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
    """``(shorter, longer)`` index pairs of ``strings`` where the first is a proper substring of the second,
    sorted (:func:`substring_pair_arrays`)."""
    shorter, longer = substring_pair_arrays(strings)
    return list(zip(shorter.tolist(), longer.tolist(), strict=True))


#: Multiplier of the polynomial hash of :func:`substring_pair_arrays` (odd, 64 bits, arithmetic mod 2⁶⁴).
HASH_BASE = 0x9E3779B97F4A7C15


def substring_pair_arrays(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`substring_pairs` as two arrays (shorter, longer), ordered by shorter, then longer.

    How: a polynomial hash mod 2⁶⁴ of every proper substring of every string (numpy, one pass per length),
    looked up among the hashes of the strings with one sort; every pair a hash finds is checked as strings
    (``in``), so a collision can add no pair; where two strings share a hash (never seen), the strings are
    compared one by one.  Why: the term miner asks it of ~10⁵ candidates at 30 MB (0.5 s with an
    Aho–Corasick automaton over them and a Python loop over its matches; 0.1 s here).
    """
    empty = np.zeros(0, dtype=np.int64)
    if not strings:
        return empty, empty
    if len(set(strings)) < len(strings) or not all(strings):
        return _substring_pairs_by_search(strings)
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    width = int(lengths.max())
    codes = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    row = np.repeat(np.arange(len(strings)), lengths)
    column = np.arange(len(codes)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    table = np.zeros((len(strings), width), dtype=np.uint64)
    table[row, column] = codes + np.uint64(1)
    prefix = np.zeros((len(strings), width + 1), dtype=np.uint64)  # prefix[:, k]: hash of the first k
    base = np.uint64(HASH_BASE)
    powers = [np.uint64(1)]
    with np.errstate(over="ignore"):
        for k in range(width):
            prefix[:, k + 1] = prefix[:, k] * base + table[:, k]
            powers.append(powers[-1] * base)
        whole = prefix[np.arange(len(strings)), lengths]
        order = np.argsort(whole, kind="stable")
        ranked = whole[order]
        if len(ranked) > 1 and bool((ranked[1:] == ranked[:-1]).any()):
            return _substring_pairs_by_search(strings)
        bits = max(16, int(4 * len(strings)).bit_length())
        low = np.uint64((1 << bits) - 1)
        seen = np.zeros(1 << bits, dtype=bool)  # a filter on the low bits of the strings' hashes
        seen[(whole & low).astype(np.int64)] = True
        found_shorter: list[np.ndarray] = [empty]
        found_longer: list[np.ndarray] = [empty]
        for size in range(1, width):
            starts = width + 1 - size
            hashes = prefix[:, size:] - prefix[:, :starts] * powers[size]
            valid = (np.arange(starts)[None, :] + size <= lengths[:, None]) & (lengths[:, None] > size)
            valid &= seen[(hashes & low).astype(np.int64)]
            longer, _ = np.nonzero(valid)
            hashes = hashes[valid]
            at = np.minimum(np.searchsorted(ranked, hashes), len(ranked) - 1)
            hit = ranked[at] == hashes
            found_shorter.append(order[at[hit]])
            found_longer.append(longer[hit])
    shorter, longer = np.concatenate(found_shorter), np.concatenate(found_longer)
    keys = np.unique(shorter * len(strings) + longer)
    shorter, longer = keys // len(strings), keys % len(strings)
    true = [strings[s] in strings[t] for s, t in zip(shorter.tolist(), longer.tolist(), strict=True)]
    kept = np.asarray(true, dtype=bool) & (lengths[shorter] < lengths[longer])
    return shorter[kept].astype(np.int64), longer[kept].astype(np.int64)


def _substring_pairs_by_search(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The definition (repeated or empty strings included): one Aho–Corasick pass over the strings."""
    automaton = AhoCorasick(list(strings), matchkind=MatchKind.Standard)
    pairs: set[tuple[int, int]] = set()
    for longer, text in enumerate(strings):
        for shorter, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
            if end - start < len(text):
                pairs.add((shorter, longer))
    ordered = sorted(pairs)
    return (
        np.asarray([s for s, _ in ordered], dtype=np.int64),
        np.asarray([t for _, t in ordered], dtype=np.int64),
    )


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
