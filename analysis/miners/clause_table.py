"""The clause table of the passage miner: the distinct sentences cut into clauses and the punctuation between
them, as ids (:func:`clause_table`, read by :func:`~analysis.miners.passage_runs.repeated_runs` and
:func:`~analysis.miners.families.document_families`).

A sentence is cut at ``，；：。！？、`` and line breaks (ASCII ``,;:!?`` too): a *clause* is a maximal stretch
of other characters, its *gap* the punctuation after it (none after a sentence's last clause: punctuation
opening or closing a sentence is dropped).  Clause and gap ids are numbered by first appearance.

How: the texts joined by line breaks (a separator that no sentence holds), as an array of code points, a
batch of :data:`SPLIT_CHARS` characters at a time; the stretches of separators and of other characters are
where the separator mask changes, numbered by their characters (:mod:`~analysis.miners.stretch_keys`:
hashed, numbered as integers, each checked against the first of its id; a collision of keys sends the
corpus to the split by strings, :func:`_clause_table_by_strings`, what the table was made by before and the
definition the tests check it against).  A clause's text is sliced out of its sentence when first read
(:class:`ClauseTexts`); its CJK characters and whether it holds ``□`` are counted on the arrays.  Why: the
split by strings made a string per clause occurrence and hashed them all, and kept every distinct clause's
text (100 MB of distinct text: 2.6 million occurrences of 1.5 million clauses; 4.4 → 2.0 s CPU, and the
table holds 126 MB instead of 399 MB once the heap is trimmed: the passage miner reads the texts of 14 %
of the clauses).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.miners.cjk_counts import cjk_counts
from analysis.miners.stretch_keys import Stretches, cjk_between, prefix_hashes, stretch_keys, string_keys
from analysis.miners.text_places import search_sorted
from analysis.records import PLACEHOLDER

__all__ = [
    "SPLIT_CHARS",
    "ClauseTable",
    "ClauseTexts",
    "clause_ids",
    "clause_table",
    "holding",
    "ranked_keys",
]

#: Clause separators (a stretch of them is one separator).  ``、`` splits too, so ``增强“四个意识”、坚定“四个
#: 自信”`` is two clauses.
SEPARATORS = "，,；;：:。！？!?、\n"
_SPLIT_RE = re.compile(f"([{SEPARATORS}]+)")

#: Characters of text split per batch by :func:`clause_table` (bounds the arrays alive at once).
SPLIT_CHARS = 2_000_000

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
    clause_text: ClauseTexts  #: by clause id (sliced out of the texts when first read)
    gap_text: list[str]  #: by gap id ("" first)
    clause_cjk: np.ndarray  #: by clause id: its CJK characters (``cjk_count``)
    clause_marked: np.ndarray  #: by clause id: whether it holds the placeholder ``□``
    #: by clause id: the key of its characters (:func:`~analysis.miners.stretch_keys.string_keys`), one per
    #: id; None for a table split by strings (every clause's text is known there)
    clause_key: np.ndarray | None = None


class ClauseTexts(Sequence[str]):
    """The clauses' texts by id, each sliced out of the sentence holding it the first time it is read
    (:meth:`take`): the passage miner reads the texts of the clauses of its repeated runs only (at 30 MB of
    distinct text 73,000 of 523,000; all of them as strings held 160 MB at 100 MB)."""

    __slots__ = ("_at", "_have", "_known", "_texts")

    def __init__(self, texts: Sequence[str], at: np.ndarray) -> None:
        """``at``: per clause id, its sentence, where it starts there and where it ends (three rows)."""
        self._texts = texts
        self._at = at
        self._known = np.empty(at.shape[1], dtype=object)
        self._have = np.zeros(at.shape[1], dtype=bool)

    @classmethod
    def of(cls, strings: Sequence[str]) -> ClauseTexts:
        """The texts ``strings``, read already."""
        out = cls(strings, np.zeros((3, len(strings)), dtype=np.int64))
        out._known[:] = list(strings)  # (a list: each string one entry, not spread over the array)
        out._have[:] = True
        return out

    def take(self, ids: np.ndarray) -> np.ndarray:
        """The texts of clauses ``ids`` as an object array (sliced out once each)."""
        missing = np.unique(ids[~self._have[ids]])
        if len(missing):
            rows = zip(*(row.tolist() for row in self._at[:, missing]), strict=True)
            texts = self._texts
            self._known[missing] = [texts[g][a:b] for g, a, b in rows]
            self._have[missing] = True
        return self._known[ids]

    def __len__(self) -> int:
        return len(self._known)

    def __getitem__(self, i):  # type: ignore[no-untyped-def,override]
        if isinstance(i, slice):
            return self.take(np.arange(len(self))[i]).tolist()
        return self.take(np.asarray([range(len(self))[i]]))[0]

    def __iter__(self) -> Iterator[str]:
        for lo in range(0, len(self), _SLICED):
            yield from self.take(np.arange(lo, min(lo + _SLICED, len(self)))).tolist()


def clause_table(texts: Sequence[str]) -> ClauseTable:
    """Split ``texts`` (:func:`~analysis.miners.passage_runs.normalised_texts`) into clauses and the
    punctuation between them, as ids (see the module docstring): the table of
    :func:`_clause_table_by_strings`, made from arrays of code points; a text holding a line break is split
    text by text (:func:`_clause_table_by_text`)."""
    if not texts:
        return _strings_table(*(np.zeros(0, dtype=np.int64) for _ in range(3)), [], [""])
    return _hashed_table(texts) or _clause_table_by_strings(texts)


def _hashed_table(texts: Sequence[str]) -> ClauseTable | None:
    """:func:`clause_table` from arrays of code points (see the module docstring); None on a collision of
    keys."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths + 1)
    text_start = ends - lengths - 1  # where each text starts in the texts joined by line breaks
    codes = np.full(int(ends[-1]) - 1, ord("\n"), dtype=np.uint16)  # (uint32 once a batch needs it)
    is_separator = np.zeros(0x110000, dtype=bool)
    is_separator[[ord(c) for c in SEPARATORS]] = True
    clauses, gaps = Stretches(), Stretches()
    groups: list[np.ndarray] = []
    cjk: list[np.ndarray] = []  # per clause: its CJK characters
    marked: list[np.ndarray] = []  # per clause: whether it holds the placeholder
    gap_after: list[np.ndarray] = []  # per clause: the number of the gap after it among the gaps, or −1
    n_gaps = 0
    lo = 0
    while lo < len(texts):
        base = int(text_start[lo])
        hi = max(lo + 1, int(np.searchsorted(ends, base + SPLIT_CHARS, side="left")))
        c = np.frombuffer("\n".join(texts[lo:hi]).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
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
        cjk.append(cjk_between(c, run_start[piece], run_start[piece] + run_length[piece]))
        holds = np.zeros(len(piece), dtype=bool)
        holds[np.searchsorted(run_start[piece], np.flatnonzero(c == ord(PLACEHOLDER)), side="right") - 1] = (
            True
        )
        marked.append(holds)
        prefix, inverse = prefix_hashes(c)
        for stretches, which in ((clauses, piece), (gaps, np.flatnonzero(gap))):
            start, length = run_start[which], run_length[which]
            stretches.add(base, start, length, stretch_keys(prefix, inverse, start, length))
    if not groups:  # (every text empty)
        return _clause_table_by_strings(texts)
    numbered_clauses, numbered_gaps = clauses.numbered(codes), gaps.numbered(codes)
    del codes
    if numbered_clauses is None or numbered_gaps is None:
        return None
    clause_id, first, clause_start, clause_length, clause_key = numbered_clauses
    gap_id, first_gap, gap_start, gap_length, _ = numbered_gaps
    after = np.concatenate(gap_after)
    gap_of_clause = np.zeros(len(after), dtype=np.int64)
    gap_of_clause[after >= 0] = gap_id[after[after >= 0]] + 1
    group = np.concatenate(groups)
    clause_start = clause_start[first]
    at = np.stack(
        (group[first], clause_start - text_start[group[first]], clause_start + clause_length[first])
    )
    at[2] -= text_start[at[0]]
    return ClauseTable(
        clause_id,
        gap_of_clause,
        group,
        ClauseTexts(texts, at),
        ["", *_texts_at(texts, text_start, gap_start[first_gap], gap_length[first_gap])],
        np.concatenate(cjk)[first],
        np.concatenate(marked)[first],
        clause_key,
    )


def clause_ids(
    table: ClauseTable, strings: Sequence[str], ranked: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """Per string, the id of the clause of ``table`` with its text, or −1 when no clause has it.

    Looked up by key (:attr:`ClauseTable.clause_key`; ``ranked``: :func:`ranked_keys` of the table when
    the caller asks more than once; the clause found is read and compared, so a key shared by another string
    is no match), or in a dictionary of every clause's text when the table was split by strings."""
    out = np.full(len(strings), -1, dtype=np.int64)
    if not len(strings) or not len(table.clause_text):
        return out
    if table.clause_key is None:
        known = {text: i for i, text in enumerate(table.clause_text)}
        return np.fromiter((known.get(s, -1) for s in strings), dtype=np.int64, count=len(strings))
    order, keys = ranked_keys(table) if ranked is None else ranked
    asked = string_keys(strings)
    at = np.minimum(search_sorted(keys, asked), len(keys) - 1)
    found = np.flatnonzero(keys[at] == asked)
    ids = order[at[found]]
    same = table.clause_text.take(ids) == np.array(strings, dtype=object)[found]
    out[found[same]] = ids[same]
    return out


def ranked_keys(table: ClauseTable) -> tuple[np.ndarray, np.ndarray]:
    """``(ids, keys)``: the clause ids of a table split from code points in the order of their keys, and the
    keys so sorted (what :func:`clause_ids` looks strings up in)."""
    if table.clause_key is None:
        raise ValueError("ranked_keys: a table split by strings has no keys")
    order = np.argsort(table.clause_key)
    return order, table.clause_key[order]


def holding(strings: Sequence[str], mark: str) -> np.ndarray:
    """Per string, whether it holds ``mark`` (one character that joins none of them: one search of the
    strings joined by it, each hit placed by a binary search over where the strings start)."""
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    joined = "".join(strings)
    hits = [m.start() for m in re.finditer(re.escape(mark), joined)]
    out = np.zeros(len(strings), dtype=bool)
    out[np.searchsorted(np.cumsum(lengths), np.asarray(hits, dtype=np.int64), side="right")] = True
    return out


def _strings_table(
    clause: np.ndarray, gap: np.ndarray, group: np.ndarray, clause_text: list[str], gap_text: list[str]
) -> ClauseTable:
    """The table of clauses split as strings (``clause_text``: every clause's text)."""
    return ClauseTable(
        clause,
        gap,
        group,
        ClauseTexts.of(clause_text),
        gap_text,
        cjk_counts(clause_text),
        holding(clause_text, PLACEHOLDER),
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
    return _strings_table(
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
    return _strings_table(
        np.frombuffer(clause_seq, dtype=np.int64) if clause_seq else np.zeros(0, dtype=np.int64),
        np.frombuffer(gap_seq, dtype=np.int64) if gap_seq else np.zeros(0, dtype=np.int64),
        np.repeat(np.arange(len(texts), dtype=np.int64), sizes),
        list(clause_ids),
        list(gap_ids),
    )
