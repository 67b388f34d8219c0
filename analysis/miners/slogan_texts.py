"""The distinct sentences' texts as the three slogan readers see them, made once for all three.

:func:`~analysis.miners.numeral_slogans.numeral_rows`, :func:`~analysis.miners.quoted_slogans.quoted_rows`
and :func:`~analysis.miners.slogan_uses.slogan_uses` each joined the texts by ``"\\n"``, summed their lengths
and looked, sentence by sentence, for numerals or quotation marks.  :class:`SloganTexts` holds the join,
where each text starts in it, each group's occurrences, and the join's code points as a numpy array, so that
"which characters are numerals / quotation marks / CJK" is one table lookup over an array instead of a
regex search or a Python step per sentence; and it remembers where each phrase occurs, so the quoted
candidates and the numeral formulas are looked for in one Aho–Corasick scan
(:func:`~analysis.multimatch.nonoverlapping_matches`) that the uses reuse.

Measured at 30 MB of distinct text (10 M characters, 199,000 distinct sentences): the joins and the
sentence-by-sentence regex searches were ≈ 0.5 s of the 2.1 s of ``mine_slogans``, one of the two scans
≈ 0.2 s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter

import numpy as np

from analysis.distinct import DistinctSentences
from analysis.miners.shared import CLOSE_QUOTES, NUMERALS, OPEN_QUOTES
from analysis.multimatch import ScanText, nonoverlapping_matches

__all__ = [
    "CJK_CHARS",
    "NUMBER_CONTEXT",
    "PLAN_NEXT",
    "SOUGHT_CHARS",
    "SloganTexts",
    "char_table",
    "counted_mask",
]

#: Every CJK character (the unified ideographs and extension A), what the detectors call CJK.
CJK_CHARS = frozenset(map(chr, [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]))
#: A numeral-initial phrase does not count after one of these (inside a longer number).
NUMBER_CONTEXT = NUMERALS | frozenset("第○零")
#: An all-numeral phrase (a plan name, ``十五``) counts before one of these.
PLAN_NEXT = frozenset(["计划", "规划", "期间", "时期"])

#: The characters the slogan readers look for everywhere: numerals (where a formula may start) and
#: quotation marks.
SOUGHT_CHARS = NUMERALS | OPEN_QUOTES | CLOSE_QUOTES

_BMP = 0x10000


def char_table(chars: Iterable[str]) -> np.ndarray:
    """A boolean lookup table over the Basic Multilingual Plane: ``table[code]`` is whether the character of
    that code is one of ``chars`` (characters beyond the plane are never in a set read here: index such codes
    by :func:`clipped`, which maps them to U+FFFF, a non-character, False)."""
    table = np.zeros(_BMP, dtype=bool)
    codes = [ord(ch) for ch in chars]
    if any(code >= _BMP - 1 for code in codes):
        raise ValueError("char_table: characters beyond the Basic Multilingual Plane")
    table[codes] = True
    return table


def clipped(codes: np.ndarray) -> np.ndarray:
    """``codes`` as indexes of a :func:`char_table` (codes beyond the plane become U+FFFF)."""
    return codes if codes.dtype == np.uint16 else np.minimum(codes, _BMP - 1)


def code_points(text: str | ScanText) -> np.ndarray:
    """The characters of ``text`` as code points, one per character: UTF-16 units (two bytes a character)
    when no character lies beyond the Basic Multilingual Plane, else UTF-32 (a :class:`ScanText`'s UTF-16
    bytes are read in place: the scans of it use them too)."""
    encoded = text.utf16() if isinstance(text, ScanText) else text.encode("utf-16-le")
    if len(encoded) == 2 * len(text):
        return np.frombuffer(encoded, dtype=np.uint16)
    plain = text.text if isinstance(text, ScanText) else text
    return np.frombuffer(plain.encode("utf-32-le"), dtype=np.uint32)


class SloganTexts:
    """The texts of ``distinct``'s groups joined by ``"\\n"`` (:attr:`corpus`), where each starts in it
    (:attr:`starts`), each group's occurrences (:attr:`counts`), the join's code points (:attr:`codes`), and
    the places of every phrase looked for so far (:meth:`find`)."""

    def __init__(self, distinct: DistinctSentences) -> None:
        groups = distinct.groups
        self.texts: list[str] = list(map(attrgetter("text"), map(attrgetter("sentence"), groups)))
        self.corpus = "\n".join(self.texts)
        lengths = np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))
        self.lengths = lengths
        self.starts = np.zeros(len(self.texts), dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=self.starts[1:])
        self.counts = np.fromiter(
            map(len, map(attrgetter("occurrences"), groups)), dtype=np.int64, count=len(groups)
        )
        self.scanned = ScanText(self.corpus)  # (encoded once: its code points and every scan read it)
        self.codes = code_points(self.scanned)
        self._tables: dict[frozenset[str], np.ndarray] = {}
        self._found: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._pending: dict[str, None] = {}
        self._sought: np.ndarray | None = None

    def table(self, chars: frozenset[str]) -> np.ndarray:
        """:func:`char_table` of ``chars``, made once."""
        table = self._tables.get(chars)
        if table is None:
            table = self._tables[chars] = char_table(chars)
        return table

    def where(self, chars: frozenset[str]) -> np.ndarray:
        """The places in :attr:`corpus` of the characters ``chars``, ascending.  Those of
        :data:`SOUGHT_CHARS` are found together, in one lookup of every character (≈ 0.1 s at 100 MB)."""
        if not chars <= SOUGHT_CHARS:
            return np.flatnonzero(self.table(chars)[clipped(self.codes)])
        if self._sought is None:
            self._sought = np.flatnonzero(self.table(SOUGHT_CHARS)[clipped(self.codes)])
        return self._sought[self.is_in(chars, self._sought)]

    def holder(self, places: np.ndarray) -> np.ndarray:
        """The group whose text holds each place of :attr:`corpus` (a ``"\\n"`` goes with the text before)."""
        return np.searchsorted(self.starts, places, side="right") - 1

    def is_in(self, chars: frozenset[str], places: np.ndarray) -> np.ndarray:
        """Whether the character at each place of :attr:`corpus` is in ``chars`` (False off the corpus)."""
        inside = (places >= 0) & (places < len(self.codes))
        out = np.zeros(len(places), dtype=bool)
        out[inside] = self.table(chars)[clipped(self.codes[places[inside]])]
        return out

    def will_find(self, phrases: Iterable[str]) -> None:
        """Look for ``phrases`` too in the next scan (:meth:`find`): one scan serves several callers."""
        self._pending.update((p, None) for p in phrases if p not in self._found)

    def find(self, phrases: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each phrase, its non-overlapping occurrences in :attr:`corpus`
        (:func:`~analysis.multimatch.nonoverlapping_matches`) as two arrays: the group holding each and its
        place in :attr:`corpus`, ascending.  A phrase holds no ``"\\n"`` (else its occurrences could span two
        texts: :class:`ValueError`), so these are the occurrences in each text.  Phrases not looked for
        before are looked for in one scan, with those announced by :meth:`will_find`."""
        if any("\n" in p for p in phrases):
            raise ValueError("SloganTexts.find: a phrase with a line break")
        wanted = list(dict.fromkeys(p for p in phrases if p not in self._found))
        if wanted:
            wanted += [p for p in self._pending if p not in self._found and p not in set(wanted)]
            self._pending.clear()
            which, at = nonoverlapping_matches(wanted, self.scanned)
            holder = self.holder(at)
            bounds = np.searchsorted(which, np.arange(len(wanted) + 1)).tolist()
            for k, phrase in enumerate(wanted):
                self._found[phrase] = (holder[bounds[k] : bounds[k + 1]], at[bounds[k] : bounds[k + 1]])
        return [self._found[p] for p in phrases]


def counted_mask(phrase: str, places: np.ndarray, texts: SloganTexts) -> np.ndarray:
    """Which occurrences of ``phrase`` at ``places`` of ``texts.corpus`` count by the numeral rules of
    :func:`~analysis.miners.quoted_slogans.counts_at`, for all of them at once: a numeral-initial phrase not
    after :data:`NUMBER_CONTEXT`; an all-numeral one only before a closing quote or :data:`PLAN_NEXT`."""
    keep = np.ones(len(places), dtype=bool)
    if not len(places) or phrase[0] not in NUMERALS:
        return keep
    keep &= ~texts.is_in(NUMBER_CONTEXT, places - 1)  # (place 0: off the corpus, no context)
    if not all(ch in NUMERALS for ch in phrase):
        return keep
    ends = places + len(phrase)
    plan = keep & ~texts.is_in(CLOSE_QUOTES, ends)  # kept only if a plan word follows
    corpus = texts.corpus
    for i in np.flatnonzero(plan).tolist():
        keep[i] = corpus[ends[i] : ends[i] + 2] in PLAN_NEXT
    return keep
