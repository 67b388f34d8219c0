"""Every pattern's non-overlapping occurrences in one text, found in a single pass.

Why this module: the quoted-slogan miner (:mod:`analysis.miners.quoted_slogans`) counts each quoted
candidate everywhere in the distinct sentences, quoted or not.  Done as ``str.find`` per candidate, that
scans the whole text once per candidate, and the candidates grow with the text (619 on gwr_national, 4,624
at 30 MB and 14,419 at 100 MB of distinct text): 44 G and then 502 G characters searched, a quadratic step,
at 100 MB the critical path.

Method: an Aho–Corasick automaton over all the patterns (``ahocorasick-rs``, Python bindings of the Rust
``aho-corasick`` crate) reports every occurrence of every pattern, overlapping ones included, in one scan of
the text: time linear in the text plus the occurrences, whatever the number of patterns.  Per pattern, the
occurrences are then picked greedily from the left: one is kept when it starts at or after the end of the
last one kept.  That is exactly what ``text.find(pattern, end_of_previous_match)`` repeated finds (the
leftmost occurrence not overlapping the previous match), so ``哈哈`` is found once in ``哈哈哈`` and twice in
``哈哈哈哈``, as with ``str.find`` and ``str.count``.

Measured (30 MB, 10 M characters of distinct text, 4,545 patterns, 92 k occurrences): 0.7 s with
``ahocorasick-rs`` and 2 s with ``pyahocorasick``, against 35 s for the ``str.find`` loop.
"""

from __future__ import annotations

from collections.abc import Sequence

from ahocorasick_rs import AhoCorasick

__all__ = ["find_nonoverlapping"]


#: Up to this many patterns, ``str.find`` per pattern: a scan of 10 M characters by the automaton costs
#: ≈ 0.2 s even for one pattern (it walks every character), ``str.find`` ≈ 5 ms per pattern (it skips).
FEW_PATTERNS = 8


def _find_all(pattern: str, text: str) -> list[int]:
    """The definition of :func:`find_nonoverlapping` for one pattern."""
    out: list[int] = []
    pos = text.find(pattern)
    while pos >= 0:
        out.append(pos)
        pos = text.find(pattern, pos + len(pattern))
    return out


def find_nonoverlapping(patterns: Sequence[str], text: str) -> list[list[int]]:
    """For each pattern, the start offsets of its non-overlapping occurrences in ``text``, ascending.

    ``result[i]`` is the list of offsets that ``str.find`` finds for ``patterns[i]`` when each search starts
    at the end of the previous match::

        pos = text.find(p)
        while pos >= 0:
            yield pos
            pos = text.find(p, pos + len(p))

    Each pattern is counted on its own: occurrences of different patterns may overlap (``关键`` and
    ``关键少数`` both count in ``关键少数``).  Offsets are character offsets of ``text`` (non-BMP characters
    are one character, as in Python).  Patterns may repeat (each gets the same list); an empty pattern raises
    :class:`ValueError`, as it has no meaningful occurrences.
    """
    if any(not p for p in patterns):
        raise ValueError("find_nonoverlapping: empty pattern")
    unique = list(dict.fromkeys(patterns))
    if not unique or not text:
        return [[] for _ in patterns]
    if len(unique) <= FEW_PATTERNS:
        found = {p: _find_all(p, text) for p in unique}
        return [list(found[p]) for p in patterns]
    matches = AhoCorasick(unique).find_matches_as_indexes(text, overlapping=True)
    # (pattern, start, end) sorted: each pattern's occurrences together, left to right (the automaton
    # reports them by end position, which is the same order for one pattern; sorting does not rely on it)
    matches.sort()
    starts: list[list[int]] = [[] for _ in unique]
    free = [0] * len(unique)  # per pattern: the end of its last kept occurrence
    for i, start, end in matches:
        if start >= free[i]:
            starts[i].append(start)
            free[i] = end
    if len(unique) == len(patterns):
        return starts
    found = dict(zip(unique, starts, strict=True))
    return [list(found[p]) for p in patterns]  # a list of its own for each repeat
