"""Heading templates induced from many pairs of headings at once: the set of
:func:`~analysis.miners.template_induction.induce_template` over all the pairs, the common case in arrays.

The template miner aligns ~400,000 pairs of headings at 100 MB of distinct text, and a pair's template is
mostly one of a few: 250,000 pairs whose shared tokens occur once each and in the same order
(:func:`~analysis.miners.alignment.in_order_blocks`) give 51,000 distinct token sequences.  Aligning them
one by one in Python (a dictionary look-up per token, a list of blocks, the parts joined, two regexes on
the fixed part) was a third of the miner's time.  Here:

* every token of a pair's first heading is looked up among the tokens of its second one in one sorted
  array of (heading, token) keys (``np.searchsorted``): its count there and its first position ``j``;
* a pair is *in order* when every token it shares occurs once in the second heading and their ``j`` rise
  strictly along the first (a token repeated in the first one repeats its ``j``): then the matching blocks
  are the runs of shared tokens adjacent in both headings, and its template is read off the shared tokens —
  a slot before a run that does not open both headings, between two runs, after a run that does not close
  both — with the slots counted and the CJK characters of the fixed part summed per token;
* the template is written as token numbers (0 for a slot) and the pairs giving the same numbers are one:
  only the distinct sequences are turned into parts.

The other pairs (a shared token repeated or crossed: difflib's search; a digit in the fixed part: moved to
its slot) go through :func:`~analysis.miners.template_induction.induce_template` one by one, each second
heading's positions built once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from analysis.miners.alignment import positions, searched_blocks
from analysis.miners.shared import CJK_RE
from analysis.miners.template_induction import (
    DIGIT_RE,
    MIN_FIXED_CJK,
    SLOT_NAMES,
    induce_template,
    template_of_blocks,
)
from analysis.miners.template_pairs import NumberedWords, numbered_words
from analysis.miners.template_shape import Part
from analysis.records import PLACEHOLDER

__all__ = ["induce_templates"]

#: Pairs aligned per round of the arrays (bounds their memory: about 8 per pair and token, ~40 MB).
CHUNK = 1 << 16

Ints = npt.NDArray[np.int64]


def induce_templates(
    tokens: Sequence[Sequence[str]],
    first: Sequence[int] | Ints,
    second: Sequence[int] | Ints,
    *,
    chunk: int = CHUNK,
    numbered: NumberedWords | None = None,
) -> set[tuple[Part, ...]]:
    """``{induce_template(tokens[a], tokens[b]) for a, b in zip(first, second)} - {None}``.

    ``tokens``: the words of each heading; ``first``, ``second``: the pairs, as indices; ``chunk``: pairs
    aligned per round of the arrays; ``numbered``: :func:`~analysis.miners.template_pairs.numbered_words`
    of ``tokens``, when the caller has it."""
    _, words_of, lengths, flat = numbered_words(tokens) if numbered is None else numbered  # (0: a slot)
    offsets = np.cumsum(lengths) - lengths
    # per token: CJK characters; whether the pair needs the per-pair path (a digit) or gives nothing (□)
    cjk = np.fromiter((len(CJK_RE.findall(t)) for t in words_of), dtype=np.int64, count=len(words_of))
    digit = np.fromiter((bool(DIGIT_RE.search(t)) for t in words_of), dtype=bool, count=len(words_of))
    digit |= np.fromiter(map(len, words_of), dtype=np.int64, count=len(words_of)) == 0  # (never: jieba's)
    digit[0] = False
    hole = np.fromiter((PLACEHOLDER in t for t in words_of), dtype=bool, count=len(words_of))
    # each heading's (heading, token) keys, sorted: count and first position of a token in a heading
    n_words = len(words_of)
    position = np.arange(len(flat), dtype=np.int64) - np.repeat(offsets, lengths)
    keys = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths) * n_words + flat
    order = np.argsort(keys, kind="stable")
    keys, starts, counts = np.unique(keys[order], return_index=True, return_counts=True)
    first_j = position[order[starts]]
    del position, order, starts

    if not len(keys):  # (no heading has a word: no pair shares one)
        return set()
    first_arr = np.asarray(first, dtype=np.int64)
    second_arr = np.asarray(second, dtype=np.int64)
    sequences: dict[bytes, None] = {}
    by_pair: list[int] = []
    crossed = np.zeros(len(first_arr), dtype=bool)  # a token shared repeated or out of order
    for lo in range(0, len(first_arr), chunk):
        fa, fb = first_arr[lo : lo + chunk], second_arr[lo : lo + chunk]
        rest, crossed[lo : lo + chunk] = _in_order(
            fa, fb, (lengths, flat, offsets), (keys, counts, first_j), (cjk, digit, hole), n_words, sequences
        )
        by_pair.extend((lo + rest).tolist())
    out = {_parts(np.frombuffer(seq, dtype=np.int32).tolist(), words_of) for seq in sequences}
    # the other pairs one by one, grouped by their second heading (its positions built once)
    rest = np.asarray(by_pair, dtype=np.int64)
    rest = rest[np.argsort(second_arr[rest], kind="stable")]
    b2j: dict[str, list[int]] = {}
    last = -1
    for a, b, searched in zip(
        first_arr[rest].tolist(), second_arr[rest].tolist(), crossed[rest].tolist(), strict=True
    ):
        if b != last:
            b2j, last = positions(tokens[b]), b
        if searched:  # (known to share a token, not in order: difflib's search at once)
            parts = template_of_blocks(tokens[a], searched_blocks(tokens[a], tokens[b], b2j))
        else:
            parts = induce_template(tokens[a], tokens[b], b2j)
        if parts is not None:
            out.add(parts)
    return out


def _parts(sequence: list[int], words_of: Sequence[str]) -> tuple[Part, ...]:
    """Token numbers (0: a slot) → parts: adjacent tokens joined into one fixed string."""
    parts: list[Part] = []
    for t in sequence:
        if not t:
            parts.append(None)
        elif parts and parts[-1] is not None:
            parts[-1] += words_of[t]
        else:
            parts.append(words_of[t])
    return tuple(parts)


def _in_order(
    fa: Ints,
    fb: Ints,
    headings: tuple[Ints, Ints, Ints],
    index: tuple[Ints, Ints, Ints],
    per_token: tuple[Ints, npt.NDArray[np.bool_], npt.NDArray[np.bool_]],
    n_words: int,
    sequences: dict[bytes, None],
) -> tuple[Ints, npt.NDArray[np.bool_]]:
    """The templates of the in-order pairs among ``fa``, ``fb`` added to ``sequences`` (as int32 token
    numbers, 0 for a slot); returns the pairs (positions in ``fa``) that need :func:`induce_template`, and
    which pairs share a token repeated or out of order (difflib's search)."""
    lengths, flat, offsets = headings
    keys, counts, first_j = index
    cjk, digit, hole = per_token
    n = len(fa)
    la, lb = lengths[fa], lengths[fb]
    # one element per token of each pair's first heading: its pair, position i, token
    pair = np.repeat(np.arange(n, dtype=np.int64), la)
    i = np.arange(len(pair), dtype=np.int64) - np.repeat(np.cumsum(la) - la, la)
    tok = flat[np.repeat(offsets[fa], la) + i]
    query = fb[pair] * n_words + tok
    at = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    shared = keys[at] == query
    # the shared tokens only, in order: pair, i, j, token, count in the second heading
    pair, i, tok, at = pair[shared], i[shared], tok[shared], at[shared]
    j = first_j[at]
    opens = np.ones(len(pair), dtype=bool)  # the first shared token of its pair
    opens[1:] = pair[1:] != pair[:-1]
    closes = np.ones(len(pair), dtype=bool)
    closes[:-1] = opens[1:]
    crossed = counts[at] > 1
    crossed[1:] |= ~opens[1:] & (j[1:] <= j[:-1])
    any_shared = np.bincount(pair, minlength=n) > 0
    searched = np.bincount(pair[crossed], minlength=n) > 0
    per_pair = searched | (np.bincount(pair[digit[tok]], minlength=n) > 0)
    # the in-order pairs: runs, slots, CJK characters of the fixed part, □
    run = opens.copy()
    run[1:] |= (i[1:] != i[:-1] + 1) | (j[1:] != j[:-1] + 1)
    lead = opens & ((i > 0) | (j > 0))
    trail = closes & ((i < la[pair] - 1) | (j < lb[pair] - 1))
    slots = np.bincount(pair[run], minlength=n) - 1
    slots += np.bincount(pair[lead], minlength=n) + np.bincount(pair[trail], minlength=n)
    fixed_cjk = np.bincount(pair, weights=cjk[tok], minlength=n)
    holed = np.bincount(pair[hole[tok]], minlength=n) > 0
    good = any_shared & ~per_pair & (slots >= 1) & (slots <= len(SLOT_NAMES)) & (fixed_cjk >= MIN_FIXED_CJK)
    good &= ~holed
    # token numbers of the good pairs' templates: a slot (0) before each run but an opening one that opens
    # both headings, the token, a slot after the last token when it does not close both
    keep = good[pair]
    pair, tok, before, after = pair[keep], tok[keep], (run & (lead | ~opens))[keep], trail[keep]
    if len(pair):
        width = 1 + before.astype(np.int64) + after
        end = np.cumsum(width)
        numbers = np.zeros(int(end[-1]), dtype=np.int32)
        numbers[end - width + before] = tok
        stop = end[np.flatnonzero(np.r_[pair[1:] != pair[:-1], True])]
        start = np.r_[0, stop[:-1]]
        buffer = numbers.tobytes()
        spans = zip(start.tolist(), stop.tolist(), strict=True)
        sequences.update(dict.fromkeys(buffer[4 * s : 4 * e] for s, e in spans))
    return np.flatnonzero(any_shared & per_pair), any_shared & searched
