"""Where the slogan candidates occur, quotation marks ignored, and whether those places are token boundaries:
the arrays :func:`~analysis.miners.slogan_uses.slogan_uses` judges a candidate's uses by.

* :func:`occurrences`: a phrase's occurrences in the texts with their quotation marks deleted (``“三公”经费``
  holds ``三公经费``), mapped back to places of the texts themselves.  A text without a mark is its own text
  without marks, so there the occurrences are those :meth:`~analysis.miners.slogan_texts.SloganTexts.find`
  found already (the quoted candidates were looked for in the same scan); only the texts with a mark are
  searched again, without their marks — a tenth of the text at 30 MB, where a second scan of all of it cost
  ≈ 0.2 s.
* :func:`at_cuts`: whether places are token boundaries (:func:`~analysis.miners.shared.token_cuts`), from the
  token lengths of the texts concerned at once, where a set of boundaries per sentence cost a Python step per
  token and a set.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.distinct import SentenceGroup
from analysis.miners.shared import CLOSE_QUOTES, OPEN_QUOTES
from analysis.miners.slogan_texts import SloganTexts
from analysis.multimatch import nonoverlapping_matches

__all__ = ["QUOTE_CHARS", "Occurrences", "at_cuts", "member", "occurrences", "token_boundaries"]

#: The quotation marks a use may lie between, and that an occurrence ignores.
QUOTE_CHARS = OPEN_QUOTES | CLOSE_QUOTES
_QUOTE_RE = re.compile(f"[{re.escape(''.join(sorted(QUOTE_CHARS)))}]")


@dataclass(frozen=True, slots=True)
class Occurrences:
    """Occurrences of phrases, ordered by phrase (those of phrase ``k``: ``bounds[k]:bounds[k + 1]``): the
    group holding each, and where it starts and ends in :attr:`SloganTexts.corpus` (marks inside count)."""

    holder: np.ndarray
    start: np.ndarray
    end: np.ndarray
    bounds: list[int]


def occurrences(phrases: Sequence[str], texts: SloganTexts) -> Occurrences:
    """Each phrase's non-overlapping occurrences (:func:`~analysis.multimatch.nonoverlapping_matches`) in
    each text with its quotation marks (:data:`QUOTE_CHARS`) deleted, as places of the text with its marks.

    The texts without a mark: :meth:`SloganTexts.find`.  The others are joined without their marks and
    searched; an occurrence at ``b`` in a text without marks is at ``b + #{j : q_j − j ≤ b}`` in the text
    (the j-th mark at ``q_j``, see :func:`~analysis.miners.slogan_uses.text_offset`), counted for all of them
    by one bisection over the ``q_j − j`` of all the marks, placed in the join: those of the texts before are
    all before the occurrence, those after all after it.  Phrases must be distinct and hold no line break."""
    if not phrases:
        empty = np.zeros(0, dtype=np.int64)
        return Occurrences(empty, empty, empty, [0])
    marks = texts.where(QUOTE_CHARS)
    marked_group = texts.holder(marks)
    n_groups = len(texts.texts)
    n_marks = np.bincount(marked_group, minlength=n_groups)
    marked = np.flatnonzero(n_marks)  # the groups with a mark, ascending
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    lengths = np.array([len(p) for p in phrases], dtype=np.int64)
    for k, (holder, at) in enumerate(texts.find(phrases)):
        kept = n_marks[holder] == 0
        place = at[kept]
        parts.append((np.full(len(place), k), holder[kept], place, place + lengths[k]))
    if len(marked):
        bare_lengths = texts.lengths[marked] - n_marks[marked]
        bare_starts = np.zeros(len(marked), dtype=np.int64)  # where each text without marks starts
        np.cumsum(bare_lengths[:-1] + 1, out=bare_starts[1:])
        bare = _QUOTE_RE.sub("", "\n".join([texts.texts[g] for g in marked.tolist()]))
        first_mark = np.cumsum(n_marks[marked]) - n_marks[marked]  # the first mark of each marked group
        rank = np.searchsorted(marked, marked_group)  # of each mark's group among the marked
        shifts = marks - texts.starts[marked_group] - (np.arange(len(marks)) - first_mark[rank])
        shifted = bare_starts[rank] + shifts  # q_j − j, placed in the join

        def in_text(place: np.ndarray, rank: np.ndarray) -> np.ndarray:
            """Places of the join → places of the corpus."""
            before = np.searchsorted(shifted, place, side="right") - first_mark[rank]
            return place - bare_starts[rank] + before + texts.starts[marked[rank]]

        which, at = nonoverlapping_matches(phrases, bare)
        rank_at = np.searchsorted(bare_starts, at, side="right") - 1
        parts.append(
            (which, marked[rank_at], in_text(at, rank_at), in_text(at + lengths[which] - 1, rank_at) + 1)
        )
    phrase, holder, start, end = (np.concatenate(column) for column in zip(*parts, strict=True))
    order = np.argsort(phrase, kind="stable")
    bounds = np.searchsorted(phrase[order], np.arange(len(phrases) + 1)).tolist()
    return Occurrences(holder[order], start[order], end[order], bounds)


def token_boundaries(groups: Sequence[SentenceGroup], texts: SloganTexts, involved: np.ndarray) -> np.ndarray:
    """The token boundaries (:func:`~analysis.miners.shared.token_cuts`) of the texts of the groups
    ``involved`` (ascending, distinct) as places of :attr:`SloganTexts.corpus`, ascending: each text's start
    and the sums of its token lengths from there, or every place of it when they do not add up to the text.

    All texts at once: the token lengths of all of them, an empty token first in each (its boundary is the
    text's start), summed, each text's sums then moved to its start (``start − the lengths of the texts
    before``).  A Python step per text and ``len`` per token, the rest a few arrays (a set per text cost
    ≈ 6 µs: 0.4 s for the 68,000 sentences the numerals are in at 100 MB)."""
    tokens = [groups[g].sentence.tokens for g in involved.tolist()]
    n_tokens = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    lengths = np.fromiter(
        map(len, itertools.chain.from_iterable(tokens)), dtype=np.int64, count=int(n_tokens.sum())
    )
    places = np.insert(lengths, np.cumsum(n_tokens) - n_tokens, 0)  # an empty token first in each text
    n_tokens += 1
    np.cumsum(places, out=places)
    last = np.cumsum(n_tokens) - 1  # each text's last token
    before = places[last - n_tokens + 1]  # the token lengths of the texts before (its empty token's sum)
    text_start = texts.starts[involved]
    whole = places[last] - before == texts.lengths[involved]
    places += np.repeat(text_start - before, n_tokens)
    if whole.all():
        return places
    places = places[np.repeat(whole, n_tokens)]
    for i in np.flatnonzero(~whole).tolist():  # tokens not adding up to the text: every place of it
        every = text_start[i] + np.arange(texts.lengths[involved[i]] + 1)
        places = np.insert(places, np.searchsorted(places, every[0]), every)
    return places


def at_cuts(
    groups: Sequence[SentenceGroup], texts: SloganTexts, holder: np.ndarray, *places: np.ndarray
) -> list[np.ndarray]:
    """For each array of ``places`` (of :attr:`SloganTexts.corpus`, in the texts of the groups ``holder``),
    whether each is a token boundary of its text (:func:`token_boundaries`, looked up by bisection)."""
    cuts = token_boundaries(groups, texts, np.unique(holder))
    return [member(cuts, place) for place in places]


def member(ascending: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in the ascending array ``ascending``."""
    if not len(ascending):
        return np.zeros(len(values), dtype=bool)
    found = np.minimum(np.searchsorted(ascending, values), len(ascending) - 1)
    return ascending[found] == values
