"""A chunk of texts cut in one call of the tokenizer: the texts joined by a line break, one list of tokens.

Why: a call and a list per sentence are a good part of a worker's cutting (the first 200,000 sentences of
100 MB of distinct reports, cut and packed chunk by chunk as a worker does: 4.14 s of CPU one by one, 3.58 s
joined 512 at a time; medians of six runs alternated), so the tokens stay in one list with a separator token
between two texts (:class:`JoinedCut`) down to the packing that sends them to the main process
(:mod:`analysis.token_chunks`).

The texts' tokens are the same as when each is cut alone: jieba and rjieba cut the blocks of CJK and
alphanumeric characters of a text apart from the rest, and the rest one character (or whitespace) at a
time, so a line break ends a block as the end of a text does.  A text holding a line break or a carriage
return (``\\r\\n`` is one token) cannot be joined so: such a chunk is cut text by text
(tests/test_segment_batches.py checks both tokenizers on both paths).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

__all__ = ["SEPARATOR", "JoinedCut", "cut_in_one_call", "joined_cut_of", "separators_of"]

#: Laid between the texts of a chunk cut in one call (:meth:`analysis.segmenter.Segmenter.cut_joined`): a
#: line break, which jieba and rjieba return as a token of its own (their blocks of text end at whitespace,
#: cut one character at a time): the chunk's tokens are its texts' tokens, a separator between two texts.
SEPARATOR = "\n"


class JoinedCut(NamedTuple):
    """The tokens of a chunk of texts in one list: each text's tokens, and :data:`SEPARATOR` between two
    texts (what one call on the texts joined by it gives; a list per text would cost a split in Python)."""

    tokens: list[str]
    separators: list[int]  #: where each separator is in ``tokens``: one fewer than the texts
    texts: int  #: how many texts

    def bounds(self) -> tuple[list[int], list[int]]:
        """Where each text's tokens start and end in ``tokens`` (two lists, one entry per text)."""
        if not self.texts:
            return [], []
        return [0, *(at + 1 for at in self.separators)], [*self.separators, len(self.tokens)]

    def lengths(self) -> list[int]:
        """The number of tokens of each text."""
        return [end - start for start, end in zip(*self.bounds(), strict=True)]

    def split(self) -> list[list[str]]:
        """The tokens of each text."""
        return [self.tokens[start:end] for start, end in zip(*self.bounds(), strict=True)]


def joined_cut_of(cuts: Sequence[Sequence[str]]) -> JoinedCut:
    """The :class:`JoinedCut` of texts whose tokens are ``cuts``."""
    tokens: list[str] = []
    separators: list[int] = []
    for i, cut in enumerate(cuts):
        if i:
            separators.append(len(tokens))
            tokens.append(SEPARATOR)
        tokens.extend(cut)
    return JoinedCut(tokens, separators, len(cuts))


def cut_in_one_call(cut: Callable[[str], list[str]], texts: Sequence[str]) -> JoinedCut | None:
    """``texts`` joined by :data:`SEPARATOR` and cut in one call by ``cut``; None when a text holds a line
    break or a carriage return (which would join the separator: ``\\r\\n`` is one token) or when a separator
    does not come back as a token of its own (the module's docstring says why the tokens are the same)."""
    joined = SEPARATOR.join(texts)
    if not texts or joined.count(SEPARATOR) != len(texts) - 1 or "\r" in joined:
        return None
    tokens = cut(joined)
    separators = separators_of(tokens, len(texts))
    return None if separators is None else JoinedCut(tokens, separators, len(texts))


def separators_of(tokens: list[str], texts: int) -> list[int] | None:
    """Where the ``texts − 1`` separator tokens are in ``tokens`` (a scan in C per text), None if missing."""
    separators: list[int] = []
    at = -1
    try:
        for _ in range(texts - 1):
            at = tokens.index(SEPARATOR, at + 1)
            separators.append(at)
    except ValueError:
        return None
    return separators
