"""What each chosen frame of :mod:`analysis.miners.frames` shows, read for all chosen frames at once: its
most frequent slot fillers, its first sentence and its uses per section type.

The per-key definitions are :meth:`~analysis.miners.frame_occurrences.Occurrences.top_fillers` and
:meth:`~analysis.miners.frame_occurrences.ClauseLayout.section_counts` (``tests`` compare the two); asked
once per frame they took 0.5 s CPU at 30 MB of text for the 300 frames (a Python join per sampled use, a
numpy pass per frame and section type).  Here the uses of all the frames are one array each, cut and
counted by numpy, and only the distinct fillers are joined into strings.
"""

from __future__ import annotations

import numpy as np

from analysis.miners.frame_occurrences import FILLER_SAMPLE, ClauseLayout, Occurrences

__all__ = ["first_sentences", "section_counts", "top_fillers"]

#: The base of the rows' polynomial hash (:func:`_row_numbers`): odd, its bits mixed.
_HASH_BASE = np.uint64(0x9E3779B97F4A7C15)


def _uses(found: Occurrences, keys: np.ndarray, cap: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The entries of ``keys`` (any order), each key's first ``cap`` (all for None) one after the other,
    and the position of each entry's key in ``keys``."""
    first = found.key_start[keys]
    sizes = found.key_start[keys + 1] - first
    if cap is not None:
        sizes = np.minimum(sizes, cap)
    owner = np.repeat(np.arange(len(keys)), sizes)
    return np.repeat(first - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum())), owner


def first_sentences(found: Occurrences, keys: np.ndarray) -> np.ndarray:
    """Per key of ``keys``: the first distinct sentence it is used in (each key has a use)."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    uses, owner = _uses(found, keys, None)
    starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    return np.minimum.reduceat(found.sentence_of(uses), starts)


def top_fillers(found: Occurrences, keys: np.ndarray, k: int, max_chars: int) -> list[tuple[str, ...]]:
    """Per key of ``keys``: :meth:`~analysis.miners.frame_occurrences.Occurrences.top_fillers` — the ``k``
    most frequent slots among its first :data:`FILLER_SAMPLE` uses (weighted; ties: first seen), each cut to
    ``max_chars`` characters at a token boundary on the side away from the fixed part (one token at least).

    How: the cut is a token count per use, grown one token at a time over all the uses at once while the
    characters fit; the kept token sequences are made distinct by numpy and joined once each; (key, filler)
    groups are summed and ranked by weight, then first use."""
    uses, owner = _uses(found, keys, FILLER_SAMPLE)
    if not len(uses):
        return [() for _ in keys]
    vocabulary, stream = found.index.vocabulary, found.index.stream
    chars = np.fromiter((len(t) for t in vocabulary), dtype=np.int64, count=len(vocabulary))
    from_end = found.suffix_side[keys][owner]
    start, end = found.slot_bounds(uses)
    step = np.where(from_end, -1, 1)
    edge = np.where(from_end, end - 1, start)  # the token next to the fixed part comes first
    room = end - start
    kept = np.ones(len(uses), dtype=np.int64)
    size = chars[stream[edge]]
    growing = room > 1
    while growing.any():
        at = np.flatnonzero(growing)
        width = chars[stream[edge[at] + step[at] * kept[at]]]
        fits = size[at] + width <= max_chars
        at, width = at[fits], width[fits]
        size[at] += width
        kept[at] += 1
        growing[:] = False
        growing[at] = kept[at] < room[at]
    first = np.where(from_end, end - kept, start)
    text = _text_numbers(vocabulary, chars, stream[_runs(first, kept)], kept, size, max_chars)
    group = owner * (int(text.max()) + 1) + text
    order = np.argsort(group, kind="stable")  # (each group's first entry: its first use)
    grouped = group[order]
    starts = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1])))
    weight = np.add.reduceat(found.weight[uses][order].astype(np.int64), starts)
    who, seen = owner[order[starts]], order[starts]
    ranked = np.lexsort((seen, -weight, who))
    who, seen = who[ranked], seen[ranked]
    shown = np.flatnonzero(np.arange(len(who)) - np.searchsorted(who, who) < k)  # (the first k of each key)
    out: list[list[str]] = [[] for _ in keys]
    for key, a, n in zip(
        who[shown].tolist(), first[seen[shown]].tolist(), kept[seen[shown]].tolist(), strict=True
    ):
        out[key].append("".join([vocabulary[t] for t in stream[a : a + n].tolist()]))
    return [tuple(fillers) for fillers in out]


def _runs(first: np.ndarray, size: np.ndarray) -> np.ndarray:
    """The positions ``first[i] … first[i] + size[i] − 1`` of every run, one run after the other."""
    return np.repeat(first - (np.cumsum(size) - size), size) + np.arange(int(size.sum()))


def _text_numbers(
    vocabulary: list[str],
    chars: np.ndarray,
    tokens: np.ndarray,
    kept: np.ndarray,
    size: np.ndarray,
    most: int,
) -> np.ndarray:
    """Per run of tokens (``tokens``: the runs one after the other, ``kept`` tokens and ``size``
    characters each): a number that is the same for two runs exactly when their joined texts are.

    Runs of different tokens may join to the same text (加强|管理, 加强管理), so a run is known by its
    characters: a row of their code points (and its length) when it has at most ``most`` characters, else
    (one token longer than that) by the token's id; the distinct rows are numbered by numpy, with no
    Python string made (a join per run cost 5 µs: 57,000 runs at 30 MB)."""
    codes = np.frombuffer("".join(vocabulary).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    offset = np.cumsum(chars) - chars
    width = chars[tokens]
    run_of = np.repeat(np.arange(len(kept)), kept)
    # each token's first character within its run's text
    at = np.cumsum(width) - width
    at -= np.repeat(at[np.cumsum(kept) - kept], kept)
    short = np.repeat(size <= most, kept)
    width, run_of, at, start = width[short], run_of[short], at[short], offset[tokens[short]]
    within = np.arange(int(width.sum())) - np.repeat(np.cumsum(width) - width, width)
    rows = np.zeros((len(kept), most + 1), dtype=np.int64)
    rows[:, 0] = np.where(size <= most, size, most + 1 + tokens[np.cumsum(kept) - kept])
    rows[np.repeat(run_of, width), 1 + np.repeat(at, width) + within] = codes[
        np.repeat(start, width) + within
    ]
    return _row_numbers(rows)


def _row_numbers(rows: np.ndarray) -> np.ndarray:
    """Per row of the integer matrix ``rows``: a number, the same for two rows exactly when they are equal.

    The rows are hashed to one 64-bit integer each (a polynomial in wrapping arithmetic) and the hashes
    numbered; every row is then checked against the first row of its number, and only if two different
    rows share a hash is ``np.unique`` asked (its sort of whole rows took 0.18 s for 57,000 rows)."""
    power = np.cumprod(np.full(rows.shape[1], _HASH_BASE, dtype=np.uint64))  # (wraps modulo 2^64)
    hashed = rows.astype(np.uint64) @ power
    order = np.argsort(hashed, kind="stable")
    ordered = hashed[order]
    new = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    number = np.empty(len(rows), dtype=np.int64)
    number[order] = np.cumsum(new) - 1
    first = order[np.flatnonzero(new)]
    if (rows == rows[first[number]]).all():
        return number
    return np.unique(rows, axis=0, return_inverse=True)[1].reshape(-1)


def section_counts(
    found: Occurrences, layout: ClauseLayout, keys: np.ndarray
) -> list[dict[str, tuple[int, int, int, int]]]:
    """Per key of ``keys``: :meth:`~analysis.miners.frame_occurrences.ClauseLayout.section_counts` —
    section type (in the order of their numbers) → (uses, reports, distinct sentences, first sentence).

    The places of every use of the keys are expanded once; the groups are (key, section type), counted by
    one sort of packed (group, report) and one of (group, sentence) integers."""
    if not len(keys):
        return []
    uses, owner = _uses(found, keys, None)
    sentence = found.sentence_of(uses)
    entry, place = layout.expand(sentence)
    n_sections = max(1, len(layout.sections))
    group = owner[entry] * n_sections + layout.place_section[place]
    n_groups = len(keys) * n_sections
    freq = np.bincount(group, weights=layout.place_count[place], minlength=n_groups).astype(np.int64)
    n_docs = int(layout.place_doc.max()) + 1 if len(layout.place_doc) else 1
    reports = _distinct_count(group * n_docs + layout.place_doc[place], n_docs, n_groups)
    n_held = len(layout.tokens)
    pairs = np.sort(group * n_held + sentence[entry])
    new = np.concatenate(([True], pairs[1:] != pairs[:-1])) if len(pairs) else np.zeros(0, bool)
    sentences = np.bincount(pairs[new] // n_held, minlength=n_groups)
    firsts = np.zeros(n_groups, dtype=np.int64)
    leads = np.flatnonzero(np.concatenate(([True], pairs[1:] // n_held != pairs[:-1] // n_held)))
    firsts[pairs[leads] // n_held] = pairs[leads] % n_held
    out: list[dict[str, tuple[int, int, int, int]]] = [{} for _ in keys]
    for g in np.flatnonzero(sentences).tolist():
        key, code = divmod(g, n_sections)
        out[key][layout.sections[code]] = (
            int(freq[g]),
            int(reports[g]),
            int(sentences[g]),
            int(firsts[g]),
        )
    return out


def _distinct_count(pairs: np.ndarray, width: int, m: int) -> np.ndarray:
    """Per group ``0 … m − 1``: how many distinct values it holds, from ``group × width + value``."""
    ordered = np.sort(pairs)
    new = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(ordered) else np.zeros(0, bool)
    return np.bincount(ordered[new] // width, minlength=m)
