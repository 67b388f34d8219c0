"""Every occurrence of some phrases in texts, as integer arrays: literal phrases overlapping, phrases with
slots as patterns around their anchors (:class:`PhraseFinder`, for
:func:`analysis.page_places.phrase_places`).

The occurrences are rows (phrase, text, start, end) from one automaton pass over each chunk of texts joined
by newlines; the one-slot patterns (``进一步X``, ``加强X建设``: most of the page's frames) are settled for
every anchor at once with ``numpy`` (:meth:`PhraseFinder._one_slot_rows`), the other patterns anchor by
anchor with their regex.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .multimatch import Automaton
from .page_data import CLAUSE_MARKS, SLOT_CHARS, SLOT_RE, PhrasePattern, phrase_pattern

#: Characters of texts joined for one automaton pass (bounds the pass's match table).
CHUNK_CHARS = 4_000_000
_CLAUSE_MARK = re.compile(f"[{CLAUSE_MARKS}]")
#: By code point (in the Basic Multilingual Plane): whether it is a clause mark (all of them are).
_IS_MARK = np.isin(np.arange(0x10000), [ord(mark) for mark in CLAUSE_MARKS])


class PhraseFinder:
    """Occurrences of some phrases in texts: literal phrases overlapping, patterns around their anchors.

    Two automata: one of the literal phrases, one of the patterns' anchors.  An anchor that must open a
    clause is looked for with each clause mark before it (``，积极``), one that must close a clause with each
    mark after it, in the text framed by newlines: the automaton then reports only the anchors at the clause
    edge their pattern needs (a frame's anchor such as ``积极`` is mostly inside clauses), and each reported
    anchor is checked with the pattern.  ``whole``: a pattern must match the whole text (a heading template
    against a heading).
    """

    def __init__(self, phrases: Iterable[tuple[int, str]], *, whole: bool) -> None:
        literal: dict[str, list[int]] = defaultdict(list)
        anchored: dict[str, list[int]] = defaultdict(list)
        # one-slot patterns opening on their anchor, by key: length of the fixed end → fixed end → indexes
        heads: dict[str, dict[int, dict[str, list[int]]]] = defaultdict(dict)
        shifts: dict[str, tuple[int, int]] = {}
        self.patterns: dict[int, PhrasePattern] = {}
        for index, phrase in phrases:
            pattern = phrase_pattern(phrase, clause=not whole)
            if pattern is None:
                if phrase:
                    literal[phrase].append(index)
                continue
            self.patterns[index] = pattern
            if pattern.opens:
                keys, shift = [mark + pattern.anchor for mark in CLAUSE_MARKS], (1, 0)
            elif pattern.closes:
                keys, shift = [pattern.anchor + mark for mark in CLAUSE_MARKS], (0, -1)
            else:
                keys, shift = [pattern.anchor], (0, 0)
            end = _one_slot_end(phrase, pattern)
            for key in keys:
                shifts[key] = shift
                if end is None:
                    anchored[key].append(index)
                else:
                    anchored.setdefault(key, [])  # (the key goes into the automaton)
                    heads[key].setdefault(len(end), {}).setdefault(end, []).append(index)
        literal_keys = sorted(literal)
        # each literal key's phrase indexes, flat: those of key k are flat[first[k] : first[k + 1]]
        self._flat = np.array([i for key in literal_keys for i in literal[key]], dtype=np.int64)
        self._first = np.cumsum([0, *(len(literal[key]) for key in literal_keys)], dtype=np.int64)
        anchor_keys = sorted(anchored)
        self.anchored = [anchored[key] for key in anchor_keys]
        self.heads = [heads.get(key, {}) for key in anchor_keys]
        self.shifts = [shifts[key] for key in anchor_keys]
        self.literals = Automaton(literal_keys) if literal_keys else None
        self.anchors = Automaton(anchor_keys) if anchor_keys else None
        self.whole = whole
        self.one_slot = _OneSlot.of(self.heads)
        self.shift_array = np.array(self.shifts, dtype=np.int64).reshape(-1, 2)
        self.has_anchored = np.array([bool(a) for a in self.anchored], dtype=bool)

    def find_all(self, texts: Sequence[str]) -> np.ndarray:
        """Rows ``(phrase index, text, start, end)`` of every occurrence in each of ``texts``: every literal
        occurrence (also inside a longer phrase); for a pattern, the match holding each anchor occurrence,
        matches of one pattern not overlapping.  In no particular order: one pass of each automaton over each
        chunk of texts joined by newlines (each text framed by the newlines around it, as a pattern sees it;
        a key holds no newline but at its edge, so no match spans two texts)."""
        found = [np.empty((0, 4), dtype=np.int64)]
        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1  # each text and a "\n"
        for lo, hi in _chunks(sizes, CHUNK_CHARS):
            chunk = texts[lo:hi]
            joined = "\n" + "\n".join(chunk) + "\n"
            frames = np.concatenate(([0], np.cumsum(sizes[lo : hi - 1])))  # each text's leading "\n"
            if self.literals is not None:
                found.append(self._literal_rows(self.literals.matches(joined), frames, lo))
            if self.anchors is not None:
                found.append(self._pattern_rows(chunk, joined, self.anchors.matches(joined), frames, lo))
        return np.concatenate(found)

    def _literal_rows(self, table: np.ndarray, frames: np.ndarray, lo: int) -> np.ndarray:
        """Rows (phrase, text, start, end) of the literal keys' matches ``table`` (key, start, end) in the
        joined chunk (``frames``: where each text's leading newline is; ``lo``: its first text's number)."""
        text = np.searchsorted(frames, table[:, 1], side="right") - 1
        shift = frames[text] + 1
        per_key = np.diff(self._first)[table[:, 0]]  # phrases of each match's key (mostly one)
        match = np.repeat(np.arange(len(table)), per_key)
        rank = np.arange(len(match)) - np.repeat(np.cumsum(per_key) - per_key, per_key)
        phrase = self._flat[self._first[table[match, 0]] + rank]
        return np.column_stack(
            (phrase, text[match] + lo, table[match, 1] - shift[match], table[match, 2] - shift[match])
        )

    def _pattern_rows(
        self, chunk: Sequence[str], joined: str, table: np.ndarray, frames: np.ndarray, lo: int
    ) -> np.ndarray:
        """Rows (phrase, text, start, end) of the pattern matches around the anchors' matches ``table``: the
        one-slot patterns' all at once (:meth:`_one_slot_rows`), the others text by text."""
        text = np.searchsorted(frames, table[:, 1], side="right") - 1
        found = [self._one_slot_rows(joined, table, text, frames, lo)]
        others = self.has_anchored[table[:, 0]]
        table, text = table[others], text[others]
        order = np.argsort(text, kind="stable")  # text by text, the automaton's order within each
        table, text = table[order], text[order]
        table[:, 1:] -= frames[text, None]  # offsets in "\n" + text + "\n"
        rows: list[tuple[int, int, int, int]] = []
        bounds = np.flatnonzero(np.diff(text)).tolist()
        anchors = table.tolist()
        for a, b in zip([0, *(k + 1 for k in bounds)], [*(k + 1 for k in bounds), len(text)], strict=True):
            if a < b:
                i = int(text[a])
                rows.extend((p, i + lo, s, e) for p, s, e in self._matches_of(chunk[i], anchors[a:b]))
        found.append(np.array(rows, dtype=np.int64).reshape(-1, 4))
        return np.concatenate(found)

    def _one_slot_rows(
        self, joined: str, table: np.ndarray, text: np.ndarray, frames: np.ndarray, lo: int
    ) -> np.ndarray:
        """Rows (phrase, text, start, end) of the one-slot patterns opening on the anchors of ``table`` (key,
        start, end in ``joined``; ``text``: each one's text): a match runs from the anchor to the clause's end
        (the first clause mark at or after the anchor's end; the newline after the text at the latest) when
        the clause holds 1–:data:`SLOT_CHARS` characters before the pattern's fixed end and ends with it.

        As arrays: every (anchor, pattern end) pair is tested at once, the clause ends found by a
        ``searchsorted`` in the clause marks' places, the fixed ends compared as code points; a Python loop
        per anchor (457,000 at 100 MB) took 2 s."""
        heads = self.one_slot
        per = heads.per_key[table[:, 0]]
        chosen = np.flatnonzero(per)
        if not len(chosen):
            return np.empty((0, 4), dtype=np.int64)
        key, per, text = table[chosen, 0], per[chosen], text[chosen]
        start = table[chosen, 1] + self.shift_array[key, 0]
        end = table[chosen, 2] + self.shift_array[key, 1]
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        marks = np.flatnonzero(_IS_MARK[np.minimum(codes, 0xFFFF)])  # (U+FFFF: no mark)
        close = marks[np.searchsorted(marks, end)]  # (the newline closing the text at the latest)
        anchor, entry = expand(per, heads.first[key])
        gap = close[anchor] - end[anchor] - heads.size[entry]
        fits = (gap >= 1) & (gap <= SLOT_CHARS)
        anchor, entry = anchor[fits], entry[fits]
        width = np.arange(heads.codes.shape[1])
        at = np.minimum((close[anchor] - heads.size[entry])[:, None] + width, len(codes) - 1)
        same = (codes[at] == heads.codes[heads.end[entry]]) | (width >= heads.size[entry][:, None])
        anchor, entry = anchor[same.all(axis=1)], entry[same.all(axis=1)]
        held, at = expand(heads.count[entry], heads.index_first[entry])
        anchor = anchor[held]
        shift = frames[text[anchor]] + 1
        return np.column_stack(
            (heads.indexes[at], text[anchor] + lo, start[anchor] - shift, close[anchor] - shift)
        )

    def _matches_of(self, text: str, anchors: Sequence[Sequence[int]]) -> list[tuple[int, int, int]]:
        """The matches of the patterns other than one-slot ones (:meth:`_one_slot_rows`) around the anchor
        matches ``(key, start, end)`` of ``text`` (offsets in ``"\n" + text + "\n"``)."""
        found: list[tuple[int, int, int]] = []
        reached: dict[int, int] = {}
        for key, start, end in anchors:
            shift_start, shift_end = self.shifts[key]
            start, end = start - 1 + shift_start, end - 1 + shift_end  # in ``text``, the anchor alone
            for index in self.anchored[key]:
                pattern = self.patterns[index]
                if self.whole:
                    if index not in reached and pattern.regex.fullmatch(text):
                        found.append((index, 0, len(text)))
                    reached[index] = len(text)
                    continue
                if start < reached.get(index, 0):
                    continue  # inside this pattern's last match
                match = pattern.locate(text, start, end)
                if match is not None and match.start() >= reached.get(index, 0) and match.end() >= end:
                    found.append((index, match.start(), match.end()))
                    reached[index] = match.end()
        return found


@dataclass(frozen=True, slots=True)
class _OneSlot:
    """The one-slot patterns of each anchor key as arrays: key k's entries (fixed end, its patterns) are
    ``first[k] : first[k] + per_key[k]``; entry e's fixed end has ``size[e]`` characters (``codes[end[e]]``,
    padded) and its pattern indexes are ``indexes[index_first[e] : index_first[e] + count[e]]``."""

    per_key: np.ndarray
    first: np.ndarray
    size: np.ndarray
    end: np.ndarray
    codes: np.ndarray
    count: np.ndarray
    index_first: np.ndarray
    indexes: np.ndarray

    @classmethod
    def of(cls, heads: Sequence[Mapping[int, Mapping[str, list[int]]]]) -> _OneSlot:
        ends: dict[str, int] = {}
        per_key = [sum(len(by_end) for by_end in key.values()) for key in heads]
        entries = [
            (size, end, indexes)
            for key in heads
            for size, by_end in key.items()
            for end, indexes in by_end.items()
        ]
        for _, end, _ in entries:
            ends.setdefault(end, len(ends))
        codes = np.zeros((len(ends), max([1, *map(len, ends)])), dtype=np.uint32)
        for end, row in ends.items():
            codes[row, : len(end)] = [ord(char) for char in end]
        count = np.array([len(indexes) for _, _, indexes in entries], dtype=np.int64)
        return cls(
            np.array(per_key, dtype=np.int64),
            np.cumsum([0, *per_key], dtype=np.int64)[:-1],
            np.array([size for size, _, _ in entries], dtype=np.int64),
            np.array([ends[end] for _, end, _ in entries], dtype=np.int64),
            codes,
            count,
            np.cumsum(count) - count,
            np.array([i for _, _, indexes in entries for i in indexes], dtype=np.int64),
        )


def expand(counts: np.ndarray, firsts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For items with ``counts[i]`` parts numbered from ``firsts[i]``: each part's item and number."""
    item = np.repeat(np.arange(len(counts)), counts)
    return item, firsts[item] + np.arange(len(item)) - np.repeat(np.cumsum(counts) - counts, counts)


def _one_slot_end(phrase: str, pattern: PhrasePattern) -> str | None:
    """The fixed end of a clause pattern ``anchor X end`` (``进一步X``: ``""``; ``加强X建设``: ``建设``) whose
    anchor opens it and whose end holds no clause mark, else None.  Such a pattern matches exactly when the
    clause after its anchor is 1–24 characters plus its end: its slot cannot cross a clause mark, and the
    match must stop before one — so one look for the clause's end answers every such pattern of an anchor,
    instead of a regex per pattern (most of the page's frames; 420,000 tries at 30 MB)."""
    parts = SLOT_RE.split(phrase)
    if pattern.shape != "head" or len(parts) != 2 or parts[0] != pattern.anchor:
        return None
    return None if _CLAUSE_MARK.search(parts[1]) else parts[1]


def _chunks(sizes: np.ndarray, size: int) -> Iterator[tuple[int, int]]:
    """``(lo, hi)`` ranges of texts of ``sizes`` characters (with their newline) of about ``size`` characters
    each: a range ends with the text that brings it to ``size`` (each range at least one text)."""
    ends = np.cumsum(sizes)
    lo, before = 0, 0
    while lo < len(sizes):
        hi = min(int(np.searchsorted(ends, before + size, side="left")) + 1, len(sizes))
        yield lo, hi
        lo, before = hi, int(ends[hi - 1])
