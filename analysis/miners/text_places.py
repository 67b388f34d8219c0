"""Where runs occur in the distinct sentences' texts: one automaton scan per batch of runs, places remembered.

The passage miner reads the places of most of its runs more than once (counts, independent documents, and
searched runs at the enumeration edges); :class:`Places` keeps what each run's search found, and the texts
joined (with their lengths as an array) for every search of all texts: joining 800,000 texts and summing
their lengths in Python cost ≈ 0.15 s per search at 30 MB, a third of the searches' time.

The places are kept as arrays (text number, offset), each run a slice of them, and handed out as arrays
(:meth:`Places.table`) to the callers that read them with numpy: at 100 MB the first search finds 1.06
million places, and a tuple per place, made and then read one by one in Python by the enumeration edges,
was most of their time beside the scans (2.3 s); tuples are made only for :meth:`Places.find`.

The scan of all texts for the runs that outlive the passage edges (the edges read places on clause
boundaries off the clause table: :class:`~analysis.miners.clause_places.ClausePlaces`) is what is left,
and it grows faster than the text: the runs grow with it, and a larger automaton scans each character
more slowly (its states fall out of the cache): at 100 MB of distinct text 93,707 runs over 33 M
characters, 716,000 places, ≈ 1 s to build the automaton and 2.5–3.5 s to scan (before the edges read the
table: 138,707 runs, 1.06 million places, and more scans of all texts for the runs the edges trimmed).
Measured and not kept: the automaton split in 2–8 (by first character or not: 1.2–2.4× slower), over the
runs' first 4–12 characters only (no faster, more places to check), Hyperscan (4.3 s to compile), a
numpy hash of every 8-character window (slower), the texts as UTF-16-BE (no faster beyond the noise); and
a run can be in any text (82 % of the characters are in texts holding a place, half the places are inside
a clause), so no text can be left out; the places of a run read off those of a shorter run it extends
would spare 3–9 % of the runs only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from analysis.multimatch import ScanText, nonoverlapping_matches

__all__ = ["PlaceTable", "Places", "find_in_texts", "search_sorted"]

#: One place: (text number, offset in that text).
Place = tuple[int, int]


def search_sorted(
    haystack: np.ndarray, needles: np.ndarray, side: Literal["left", "right"] = "left"
) -> np.ndarray:
    """``np.searchsorted(haystack, needles, side)`` with the needles looked for in ascending order: each
    search starts where the one before ended and reads memory near it (236,000 needles in 5 million
    sorted values, the enumeration edges' at 100 MB of distinct text: 0.18 → 0.03 s)."""
    order = np.argsort(needles, kind="stable")
    out = np.empty(len(needles), dtype=np.int64)
    out[order] = np.searchsorted(haystack, needles[order], side=side)
    return out


@dataclass(frozen=True, slots=True)
class PlaceTable:
    """The places of some runs, run after run: run ``k``'s are rows ``bounds[k] : bounds[k + 1]``, ordered by
    text number, then offset."""

    bounds: np.ndarray  #: (runs + 1,) row where each run's places start; the last is the row count
    holder: np.ndarray  #: per place: its text number
    offset: np.ndarray  #: per place: where the run starts in that text

    def run_of_rows(self) -> np.ndarray:
        """Per place: the number of its run (its place in the runs asked for)."""
        return np.repeat(np.arange(len(self.bounds) - 1, dtype=np.int64), np.diff(self.bounds))

    def holders(self) -> list[list[int]]:
        """Per run: the texts holding it, ascending, each once."""
        rows = self.run_of_rows()
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (self.holder[1:] != self.holder[:-1])
        distinct = self.holder[first].tolist()
        cuts = np.searchsorted(rows[first], np.arange(len(self.bounds))).tolist()
        return [distinct[cuts[k] : cuts[k + 1]] for k in range(len(self.bounds) - 1)]


class Places:
    """The texts searched and every run's places found so far (each run's places are all of them,
    wherever it was looked for).  ``found``: places known beforehand (a run → its places)."""

    def __init__(self, texts: Sequence[str], found: Mapping[str, list[Place]] | None = None) -> None:
        self.texts = texts
        self._holder = np.zeros(0, dtype=np.int64)  # every place found, run after run
        self._offset = np.zeros(0, dtype=np.int64)
        self._slice: dict[str, tuple[int, int]] = {}  # a run → its rows in _holder / _offset
        self._lengths: np.ndarray | None = None
        self._whole: tuple[ScanText, np.ndarray] | None = None  # all texts joined: scanned several times
        self._classes: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}
        given = dict(found or {})
        rows = [place for places in given.values() for place in places]
        self._add(
            list(given),
            np.array([g for g, _ in rows], dtype=np.int64),
            [0, *np.cumsum([len(places) for places in given.values()]).tolist()],
            np.array([at for _, at in rows], dtype=np.int64),
        )

    def __getitem__(self, run: str) -> list[Place]:
        lo, hi = self._slice[run]
        return list(zip(self._holder[lo:hi].tolist(), self._offset[lo:hi].tolist(), strict=True))

    def _add(
        self, runs: Sequence[str], holder: np.ndarray, bounds: Sequence[int], offset: np.ndarray
    ) -> None:
        """Remember the places of ``runs`` (run ``k``'s: rows ``bounds[k] : bounds[k + 1]``)."""
        base = len(self._holder)
        self._holder = np.concatenate((self._holder, holder))
        self._offset = np.concatenate((self._offset, offset))
        self._slice.update((run, (base + bounds[k], base + bounds[k + 1])) for k, run in enumerate(runs))

    def _text_lengths(self) -> np.ndarray:
        if self._lengths is None:
            self._lengths = np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))
        return self._lengths

    def _joined(self, numbers: Sequence[int] | None) -> tuple[ScanText, np.ndarray]:
        """The texts ``numbers`` (None: all, kept with its encoding for the next scans) joined by
        ``\\n``, and where each starts in the join."""
        if numbers is None and self._whole is not None:
            return self._whole
        lengths = self._text_lengths() if numbers is None else self._text_lengths()[np.asarray(numbers)]
        starts = np.zeros(len(lengths), dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
        chosen = self.texts if numbers is None else [self.texts[g] for g in numbers]
        joined = ScanText("\n".join(chosen)), starts
        if numbers is None:
            self._whole = joined
        return joined

    def joined_text(self) -> str:
        """All texts joined by ``\\n`` (kept for the scans)."""
        return self._joined(None)[0].text

    def search(self, runs: Sequence[str]) -> None:
        """Look for those of ``runs`` not looked for yet in all texts, in one scan, and remember their places
        (for callers that read them later, each a few runs at a time)."""
        self._search(runs, None)

    def starts(self) -> np.ndarray:
        """Where each text starts in all texts joined by ``\\n`` (:meth:`classes` is indexed so)."""
        return self._joined(None)[1]

    def classes(self, groups: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Per character of all texts joined by ``\\n``, with one ``\\n`` added before and after (so the
        character at offset ``o`` of text ``g`` is at ``starts()[g] + o + 1``): ``1 + i`` for the first of
        ``groups`` that holds it, 0 for none (uint8, one byte per character); and where the characters of
        some group are, ascending.  Kept per ``groups`` until :meth:`forget_classes` (the texts are read as
        UTF-16 code units when they hold no character beyond the Basic Multilingual Plane: half the
        memory of code points, 66 MB at 100 MB of distinct text, for a while)."""
        if groups not in self._classes:
            corpus = self._joined(None)[0]
            encoded = corpus.utf16()
            wide = len(encoded) != 2 * len(corpus)
            codes = np.frombuffer(
                corpus.text.encode("utf-32-le") if wide else encoded, dtype="<u4" if wide else "<u2"
            )
            table = np.zeros(0x110000 if wide else 0x10000, dtype=np.uint8)
            for i, group in reversed(list(enumerate(groups))):
                table[[ord(c) for c in group]] = i + 1
            kind = np.empty(len(codes) + 2, dtype=np.uint8)
            kind[0] = kind[-1] = table[ord("\n")]
            kind[1:-1] = table[codes]
            self._classes[groups] = kind, np.flatnonzero(kind)
        return self._classes[groups]

    def forget_classes(self) -> None:
        """Let the character classes go (:meth:`classes`)."""
        self._classes.clear()

    def holding(self, words: Sequence[str]) -> set[int]:
        """The texts holding one of ``words`` or more (one scan of all texts joined)."""
        if not self.texts or not words:
            return set()
        corpus, starts = self._joined(None)
        _, at = nonoverlapping_matches(list(dict.fromkeys(words)), corpus)
        return set(np.unique(search_sorted(starts, at, side="right") - 1).tolist())

    def _search(self, runs: Sequence[str], within: Mapping[str, Sequence[int]] | None) -> None:
        """Look for the runs not looked for yet: all texts, or those of ``within`` for a run named there."""
        within = within or {}
        wanted = [run for run in dict.fromkeys(runs) if run not in self._slice]
        everywhere = [run for run in wanted if run not in within]
        somewhere = [run for run in wanted if run in within]
        for patterns, numbers in (
            (everywhere, None),
            (somewhere, sorted({g for run in somewhere for g in within[run]})),
        ):
            if not patterns:
                continue
            if (numbers is not None and not numbers) or not self.texts:
                nothing = np.zeros(0, dtype=np.int64)
                self._add(patterns, nothing, [0] * (len(patterns) + 1), nothing)
                continue
            corpus, starts = self._joined(numbers)
            which, at = nonoverlapping_matches(patterns, corpus)
            text_at = search_sorted(starts, at, side="right") - 1  # the text holding each occurrence
            holder = text_at if numbers is None else np.asarray(numbers, dtype=np.int64)[text_at]
            bounds = np.searchsorted(which, np.arange(len(patterns) + 1)).tolist()
            self._add(patterns, holder, bounds, at - starts[text_at])

    def table(self, runs: Sequence[str], within: Mapping[str, Sequence[int]] | None = None) -> PlaceTable:
        """The places of ``runs`` as arrays (see :meth:`find` for ``within``), run after run."""
        self._search(runs, within)
        lo, hi = np.array([self._slice[run] for run in runs], dtype=np.int64).reshape(-1, 2).T
        sizes = hi - lo
        bounds = np.zeros(len(runs) + 1, dtype=np.int64)
        np.cumsum(sizes, out=bounds[1:])
        rows = np.arange(int(bounds[-1]), dtype=np.int64) + np.repeat(lo - bounds[:-1], sizes)
        return PlaceTable(bounds, self._holder[rows], self._offset[rows])

    def find(
        self, runs: Sequence[str], within: Mapping[str, Sequence[int]] | None = None
    ) -> list[list[Place]]:
        """For each run, its non-overlapping occurrences (:func:`~analysis.multimatch.find_nonoverlapping`)
        as (text number, offset).  A run with an entry in ``within`` is looked for in those texts only (the
        caller knows it can be nowhere else: an extension of a run is only where that run is); the others
        in all texts.  Why: a scan of all texts per round was most of the edge work at 100 MB."""
        found = self.table(runs, within)
        places = list(zip(found.holder.tolist(), found.offset.tolist(), strict=True))
        bounds = found.bounds.tolist()
        return [places[bounds[k] : bounds[k + 1]] for k in range(len(runs))]


def find_in_texts(
    runs: Sequence[str],
    texts: Sequence[str],
    within: Mapping[str, Sequence[int]] | None = None,
    known: Places | None = None,
) -> list[list[Place]]:
    """:meth:`Places.find` over ``texts``; ``known``: the places of runs looked for before in the same
    ``texts`` (used instead of a new scan and filled with the new ones), or None for a search of its own."""
    return _known(texts, known).find(runs, within)


def place_table(
    runs: Sequence[str],
    texts: Sequence[str],
    within: Mapping[str, Sequence[int]] | None = None,
    known: Places | None = None,
) -> tuple[PlaceTable, Places]:
    """:meth:`Places.table` over ``texts`` (``known`` as for :func:`find_in_texts`), and the places used."""
    known = _known(texts, known)
    return known.table(runs, within), known


def _known(texts: Sequence[str], known: Places | None) -> Places:
    if known is None:
        return Places(texts)
    if known.texts is not texts:
        raise ValueError("find_in_texts: the places remembered are of other texts")
    return known
