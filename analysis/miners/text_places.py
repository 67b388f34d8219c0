"""Where runs occur in the distinct sentences' texts: one automaton scan per batch of runs, places remembered.

The passage miner looks for most of its runs three times (enumeration edges, counts, independent documents)
and in all texts once per edge round; :class:`Places` keeps what each run's search found, and the texts
joined (with their lengths as an array) for every search of all texts: joining 800,000 texts and summing
their lengths in Python cost ≈ 0.15 s per search at 30 MB, a third of the searches' time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from analysis.multimatch import nonoverlapping_matches

__all__ = ["Places", "find_in_texts"]

#: One place: (text number, offset in that text).
Place = tuple[int, int]


class Places:
    """The texts searched and every run's places found so far (each run's places are all of them,
    wherever it was looked for).  ``found``: places known beforehand (a run → its places)."""

    def __init__(self, texts: Sequence[str], found: Mapping[str, list[Place]] | None = None) -> None:
        self.texts = texts
        self.found: dict[str, list[Place]] = dict(found or {})
        self._lengths: np.ndarray | None = None
        self._whole: tuple[str, np.ndarray] | None = None

    def __getitem__(self, run: str) -> list[Place]:
        return self.found[run]

    def _text_lengths(self) -> np.ndarray:
        if self._lengths is None:
            self._lengths = np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))
        return self._lengths

    def _joined(self, numbers: Sequence[int] | None) -> tuple[str, np.ndarray]:
        """The texts ``numbers`` (None: all) joined by ``\\n``, and where each starts in the join."""
        if numbers is None and self._whole is not None:
            return self._whole
        lengths = self._text_lengths() if numbers is None else self._text_lengths()[np.asarray(numbers)]
        starts = np.zeros(len(lengths), dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
        chosen = self.texts if numbers is None else [self.texts[g] for g in numbers]
        joined = "\n".join(chosen), starts
        if numbers is None:
            self._whole = joined
        return joined

    def find(
        self, runs: Sequence[str], within: Mapping[str, Sequence[int]] | None = None
    ) -> list[list[Place]]:
        """For each run, its non-overlapping occurrences (:func:`~analysis.multimatch.find_nonoverlapping`)
        as (text number, offset).  A run with an entry in ``within`` is looked for in those texts only (the
        caller knows it can be nowhere else: an extension of a run is only where that run is); the others
        in all texts.  Why: a scan of all texts per round was most of the edge work at 100 MB."""
        within = within or {}
        wanted = [run for run in dict.fromkeys(runs) if run not in self.found]
        everywhere = [run for run in wanted if run not in within]
        somewhere = [run for run in wanted if run in within]
        for patterns, numbers in (
            (everywhere, None),
            (somewhere, sorted({g for run in somewhere for g in within[run]})),
        ):
            if not patterns or (numbers is not None and not numbers) or not self.texts:
                self.found.update((run, []) for run in patterns)
                continue
            corpus, starts = self._joined(numbers)
            which, at = nonoverlapping_matches(patterns, corpus)
            text_at = np.searchsorted(starts, at, side="right") - 1  # the text holding each occurrence
            holder = text_at if numbers is None else np.asarray(numbers, dtype=np.int64)[text_at]
            places = list(zip(holder.tolist(), (at - starts[text_at]).tolist(), strict=True))
            bounds = np.searchsorted(which, np.arange(len(patterns) + 1)).tolist()
            self.found.update((run, places[bounds[k] : bounds[k + 1]]) for k, run in enumerate(patterns))
        return [self.found[run] for run in runs]


def find_in_texts(
    runs: Sequence[str],
    texts: Sequence[str],
    within: Mapping[str, Sequence[int]] | None = None,
    known: Places | None = None,
) -> list[list[Place]]:
    """:meth:`Places.find` over ``texts``; ``known``: the places of runs looked for before in the same
    ``texts`` (used instead of a new scan and filled with the new ones), or None for a search of its own."""
    if known is None:
        known = Places(texts)
    elif known.texts is not texts:
        raise ValueError("find_in_texts: the places remembered are of other texts")
    return known.find(runs, within)
