"""The clause table of the passage miner: the distinct sentences cut into clauses and the punctuation between
them, as ids (:func:`clause_table`, read by :func:`~analysis.miners.passage_runs.repeated_runs` and
:func:`~analysis.miners.families.document_families`).

A sentence is cut at ``，；：。！？、`` and line breaks (ASCII ``,;:!?`` too): a *clause* is a maximal stretch
of other characters, its *gap* the punctuation after it (none after a sentence's last clause: punctuation
opening or closing a sentence is dropped).  Clause and gap ids are numbered by first appearance.

How: the texts joined by line breaks (a separator that no sentence holds), as an array of code points, a
batch of :data:`SPLIT_CHARS` characters at a time; the stretches of separators and of other characters are
where the separator mask changes, and each stretch is keyed by a polynomial hash of its characters,
``h = Σ_j c_j·B^j mod 2⁶⁴`` (from prefix sums: ``(P[e] − P[s])·B^{−s}``; ``B`` is odd, so invertible
mod 2⁶⁴) plus its length; the keys are numbered by first appearance (``pd.factorize`` of integers) and every
occurrence is compared with the first of its id, character by character, so a collision of two keys cannot
merge two clauses: it sends the corpus to the split by strings (:func:`_clause_table_by_strings`, what the
table was made by before and the definition the tests check it against).  Why: the split by strings made a
string per clause occurrence and hashed them all (100 MB of distinct text: 2.6 million occurrences of 1.5
million clauses, 4.4 s and 0.5 GB more in the main process); the arrays need no string but the clauses'
and gaps' texts.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["SPLIT_CHARS", "ClauseTable", "clause_table"]

#: Clause separators (a stretch of them is one separator).  ``、`` splits too, so ``增强“四个意识”、坚定“四个
#: 自信”`` is two clauses.
SEPARATORS = "，,；;：:。！？!?、\n"
_SPLIT_RE = re.compile(f"([{SEPARATORS}]+)")

#: Characters of text split per batch by :func:`clause_table` (bounds the arrays alive at once).
SPLIT_CHARS = 2_000_000

#: The hash's base (odd: invertible modulo 2⁶⁴), its inverse, and the multiplier of a stretch's length.
_BASE = 0x9E3779B97F4A7C15
_BASE_INVERSE = pow(_BASE, -1, 2**64)
_LENGTH_FACTOR = np.uint64(0xC2B2AE3D27D4EB4F)
#: Characters compared at once when the keys are checked.
_CHECK_CHARS = 1_000_000
#: Clauses sliced out of the texts at once (:func:`_texts_at`).
_SLICED = 1 << 16


@dataclass(frozen=True, slots=True)
class ClauseTable:
    """The clauses of the distinct sentences as ids: one entry per clause occurrence, sentence after
    sentence (what :func:`~analysis.miners.passage_runs.repeated_runs` and
    :func:`~analysis.miners.families.document_families` read)."""

    clause: np.ndarray  #: per occurrence: its clause's id
    gap: np.ndarray  #: per occurrence: the id of the punctuation after it (0: none, the sentence's last)
    group: np.ndarray  #: per occurrence: its distinct sentence
    clause_text: list[str]  #: by clause id
    gap_text: list[str]  #: by gap id ("" first)


def clause_table(texts: Sequence[str]) -> ClauseTable:
    """Split ``texts`` (:func:`~analysis.miners.passage_runs.normalised_texts`) into clauses and the
    punctuation between them, as ids (see the module docstring): the table of
    :func:`_clause_table_by_strings`, made from arrays of code points; a text holding a line break is split
    text by text (:func:`_clause_table_by_text`)."""
    if not texts:
        return ClauseTable(*(np.zeros(0, dtype=np.int64) for _ in range(3)), [], [""])
    return _hashed_table(texts) or _clause_table_by_strings(texts)


def _powers(base: int, n: int) -> np.ndarray:
    """``base⁰ … base^(n−1)`` modulo 2⁶⁴."""
    out = np.full(n, base, dtype=np.uint64)
    out[:1] = 1
    return np.multiply.accumulate(out, out=out)


def _span_keys(prefix: np.ndarray, inverse: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The key of each stretch ``[start, start + length)``: its hash (``prefix``: the prefix sums of
    ``c_j·B^j``, ``inverse``: ``B^{−j}``) plus its length times :data:`_LENGTH_FACTOR`."""
    hashed = (prefix[start + length] - prefix[start]) * inverse[start]
    return hashed + length.astype(np.uint64) * _LENGTH_FACTOR


@dataclass(slots=True)
class _Stretches:
    """Stretches of the joined texts found batch by batch: where they start (in the joined texts), their
    lengths and keys."""

    start: list[np.ndarray]
    length: list[np.ndarray]
    key: list[np.ndarray]

    def add(self, base: int, start: np.ndarray, length: np.ndarray, keys: np.ndarray) -> None:
        self.start.append(base + start)
        self.length.append(length)
        self.key.append(keys)

    def numbered(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """``(id, start, length)``: each stretch's id by first appearance of its characters, and where the
        first of each id starts and how long it is; None when two stretches of one key differ
        (:func:`_same_stretches`)."""
        import pandas as pd  # (here: importing a stage pulls in no pandas)

        start, length, key = (np.concatenate(column) for column in (self.start, self.length, self.key))
        self.start, self.length, self.key = [], [], []  # (the batches' arrays: freed)
        if not len(start):
            return start, start, length
        ids = pd.factorize(key)[0].astype(np.int64, copy=False)
        del key
        first = np.flatnonzero(np.concatenate(([True], ids[1:] > np.maximum.accumulate(ids)[:-1])))
        if not _same_stretches(codes, start, start[first][ids], length, length[first][ids]):
            return None
        return ids, start[first], length[first]


def _same_stretches(
    codes: np.ndarray, start: np.ndarray, other: np.ndarray, length: np.ndarray, other_length: np.ndarray
) -> bool:
    """Whether ``codes[start_i : start_i + length_i]`` equals the stretch at ``other_i`` of length
    ``other_length_i`` for every ``i`` (a chunk of :data:`_CHECK_CHARS` characters at a time)."""
    if not np.array_equal(length, other_length):
        return False
    apart = np.flatnonzero(start != other)
    start, other, length = start[apart], other[apart], length[apart]
    ends = np.cumsum(length)
    lo = 0
    while lo < len(start):
        hi = max(lo + 1, int(np.searchsorted(ends, ends[lo] - length[lo] + _CHECK_CHARS, side="right")))
        sizes = length[lo:hi]
        within = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        at = np.repeat(start[lo:hi], sizes) + within
        if not np.array_equal(codes[at], codes[at + np.repeat(other[lo:hi] - start[lo:hi], sizes)]):
            return False
        lo = hi
    return True


def _hashed_table(texts: Sequence[str]) -> ClauseTable | None:
    """:func:`clause_table` from arrays of code points (see the module docstring); None on a collision of
    keys."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths + 1)
    text_start = ends - lengths - 1  # where each text starts in the texts joined by line breaks
    codes = np.full(int(ends[-1]) - 1, ord("\n"), dtype=np.uint16)  # (uint32 once a batch needs it)
    is_separator = np.zeros(0x110000, dtype=bool)
    is_separator[[ord(c) for c in SEPARATORS]] = True
    clauses, gaps = _Stretches([], [], []), _Stretches([], [], [])
    groups: list[np.ndarray] = []
    gap_after: list[np.ndarray] = []  # per clause: the number of the gap after it among the gaps, or −1
    n_gaps = 0
    lo = 0
    while lo < len(texts):
        base = int(text_start[lo])
        hi = max(lo + 1, int(np.searchsorted(ends, base + SPLIT_CHARS, side="left")))
        c = np.frombuffer("\n".join(texts[lo:hi]).encode("utf-32-le"), dtype=np.uint32)
        lo, batch_lo = hi, lo
        if not len(c):
            continue
        if codes.dtype == np.uint16 and int(c.max()) > 0xFFFF:
            codes = codes.astype(np.uint32)
        codes[base : base + len(c)] = c
        separator = is_separator[c]
        line_breaks = np.concatenate(([0], np.cumsum(c == ord("\n"))))
        if int(line_breaks[-1]) != hi - batch_lo - 1:  # a text holding a line break
            return _clause_table_by_text(texts)
        change = np.flatnonzero(separator[1:] != separator[:-1]) + 1
        run_start = np.concatenate(([0], change))
        run_length = np.diff(run_start, append=len(c))
        run_separates = separator[run_start]
        # a separator holding a line break is a sentence's edge, as is one opening or closing the batch
        edge = line_breaks[run_start + run_length] > line_breaks[run_start]
        edge[[0, -1]] = True
        gap = run_separates & ~edge
        gap_number = np.cumsum(gap) - 1 + n_gaps
        n_gaps += int(gap.sum())
        piece = np.flatnonzero(~run_separates)
        after = np.minimum(piece + 1, len(run_start) - 1)  # the run after each piece (a separator, if any)
        gap_after.append(np.where(gap[after] & (piece + 1 < len(run_start)), gap_number[after], -1))
        groups.append(batch_lo + line_breaks[run_start[piece]])
        powers = _powers(_BASE, len(c))
        prefix = np.zeros(len(c) + 1, dtype=np.uint64)
        np.cumsum(c.astype(np.uint64) * powers, out=prefix[1:])
        inverse = _powers(_BASE_INVERSE, len(c))
        for stretches, which in ((clauses, piece), (gaps, np.flatnonzero(gap))):
            start, length = run_start[which], run_length[which]
            stretches.add(base, start, length, _span_keys(prefix, inverse, start, length))
    if not groups:  # (every text empty)
        return _clause_table_by_strings(texts)
    numbered_clauses, numbered_gaps = clauses.numbered(codes), gaps.numbered(codes)
    del codes
    if numbered_clauses is None or numbered_gaps is None:
        return None
    clause_id, clause_start, clause_length = numbered_clauses
    gap_id, gap_start, gap_length = numbered_gaps
    after = np.concatenate(gap_after)
    gap_of_clause = np.zeros(len(after), dtype=np.int64)
    gap_of_clause[after >= 0] = gap_id[after[after >= 0]] + 1
    return ClauseTable(
        clause_id,
        gap_of_clause,
        np.concatenate(groups),
        _texts_at(texts, text_start, clause_start, clause_length),
        ["", *_texts_at(texts, text_start, gap_start, gap_length)],
    )


def _texts_at(
    texts: Sequence[str], text_start: np.ndarray, start: np.ndarray, length: np.ndarray
) -> list[str]:
    """The stretches of the joined texts at ``start`` (each inside one text) as strings, read
    :data:`_SLICED` at a time: the Python integers of their bounds, all at once, took 150 MB for the 1.5
    million clauses of 100 MB of distinct text, and the heap kept it among the strings made meanwhile."""
    out: list[str] = []
    for lo in range(0, len(start), _SLICED):
        at = start[lo : lo + _SLICED]
        which = np.searchsorted(text_start, at, side="right") - 1
        at = at - text_start[which]
        bounds = zip(which.tolist(), at.tolist(), (at + length[lo : lo + _SLICED]).tolist(), strict=True)
        out.extend([texts[g][a:b] for g, a, b in bounds])
    return out


def _clause_table_by_strings(texts: Sequence[str]) -> ClauseTable:
    """:func:`clause_table` by splitting strings: the texts joined by line breaks, :data:`SPLIT_CHARS`
    characters at a time, split by one regex call per batch; a separator holding a line break is a
    sentence's edge, where the punctuation before and after is dropped (as :func:`_clauses_and_gaps` drops
    it) and the clause before it ends its sentence.  Clause and gap ids are numbered by first appearance
    (``pd.factorize``: what a dict's setdefault gives, in C)."""
    import pandas as pd

    if any("\n" in text for text in texts):  # a text with a line break: split text by text
        return _clause_table_by_text(texts)
    gap_ids: dict[str, int] = {"": 0}
    pieces_kept: list[str] = []
    gaps: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    groups: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths + 1)
    lo = 0
    while lo < len(texts):
        hi = max(lo + 1, int(np.searchsorted(ends, ends[lo] - lengths[lo] - 1 + SPLIT_CHARS, side="left")))
        parts = _SPLIT_RE.split("\n".join(texts[lo:hi]))
        pieces = np.array(parts[0::2], dtype=object)
        separators = np.array(parts[1::2], dtype=object)
        del parts
        separator_id, separator_text = pd.factorize(separators)
        line_breaks = [s.count("\n") for s in separator_text]
        breaks = np.asarray(line_breaks, dtype=np.int64)[separator_id]
        edge = breaks > 0  # a sentence edge: no gap there
        if len(separators):  # punctuation opening the batch's first text or closing its last is an edge too
            edge[0] |= pieces[0] == ""
            edge[-1] |= pieces[-1] == ""
        inner_id, inner_of = pd.factorize(separator_id[~edge])  # this batch's gaps, as they first appear
        numbered = [gap_ids.setdefault(s, len(gap_ids)) for s in separator_text[inner_of].tolist()]
        gap_of_separator = np.zeros(len(separators) + 1, dtype=np.int64)  # (0 after the last piece too)
        gap_of_separator[: len(separators)][~edge] = np.asarray(numbered, dtype=np.int64)[inner_id]
        kept = np.flatnonzero(pieces != "")
        pieces_kept.extend(pieces[kept].tolist())
        gaps.append(gap_of_separator[kept])
        groups.append((lo + np.concatenate(([0], np.cumsum(breaks))))[kept])
        lo = hi
    clause, clause_text = pd.factorize(np.array(pieces_kept, dtype=object))
    return ClauseTable(
        clause.astype(np.int64, copy=False),
        np.concatenate(gaps),
        np.concatenate(groups),
        clause_text.tolist(),
        list(gap_ids),
    )


def _clauses_and_gaps(text: str) -> tuple[list[str], list[str]]:
    """The clauses of ``text`` and the punctuation after each (``""`` after the last)."""
    parts = _SPLIT_RE.split(text)  # clause, separator, clause, …, clause ("" at an edge with punctuation)
    if parts[0] == "":
        parts = parts[2:]
    if parts and parts[-1] == "":
        parts = parts[:-2]
    if not parts:
        return [], []
    return parts[0::2], [*parts[1::2], ""]


def _clause_table_by_text(texts: Sequence[str]) -> ClauseTable:
    """:func:`clause_table` text by text (texts holding line breaks)."""
    clause_ids: dict[str, int] = {}
    gap_ids: dict[str, int] = {"": 0}
    clause_seq = array("q")
    gap_seq = array("q")
    sizes = np.zeros(len(texts), dtype=np.int64)
    for g, text in enumerate(texts):
        these, after = _clauses_and_gaps(text)
        clause_seq.extend([clause_ids.setdefault(c, len(clause_ids)) for c in these])
        gap_seq.extend([gap_ids.setdefault(gap, len(gap_ids)) for gap in after])
        sizes[g] = len(these)
    return ClauseTable(
        np.frombuffer(clause_seq, dtype=np.int64) if clause_seq else np.zeros(0, dtype=np.int64),
        np.frombuffer(gap_seq, dtype=np.int64) if gap_seq else np.zeros(0, dtype=np.int64),
        np.repeat(np.arange(len(texts), dtype=np.int64), sizes),
        list(clause_ids),
        list(gap_ids),
    )
