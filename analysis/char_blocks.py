"""The distinct sentences laid out as character ids block by block, for the character index
(:mod:`analysis.index_chars`): the stream of :func:`analysis.units.char_stream`, cut into blocks of whole
documents.

Why: :func:`~analysis.units.char_stream` lays the whole text out at once: the joined text, its UTF-32 code
points, five masks of its length, then 32-bit ids and a 32-bit sentence number for every position (at 100 MB
of distinct text, 33 M positions: ≈ 0.5 GB above the corpus at its peak, much of its 2.5–4 s CPU the page
faults of that fresh memory).  Here the text is joined and encoded one block of sentences at a time, its code
points written into one 16-bit stream and its token starts kept as bits; once every character is known, the
code points become ids (by code point order, as :func:`~analysis.units.char_stream` numbers them) in place:
at 100 MB, 0.12 GB above the corpus at the peak.

A block is the sentences ``first_sentence …`` laid out with a separator before and after them: its last
separator is the next block's first (one stream position, read by both).  Blocks end where a document's first
sentence starts: sentences are numbered as documents are read, so each document's own sentences (those it
holds first) sit in one block, which the document frequencies count on (:mod:`analysis.index_chars`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from analysis.units import MARK

__all__ = ["BLOCK_TOKENS", "CharBlock", "CharBlocks", "block_bounds", "char_blocks"]

#: Tokens (and separators) of a block, about: at 1.7 characters a token, 1 M positions (the counting's arrays
#: of a block: ≈ 30 MB; its gathers at random positions within the block stay in the cache).
BLOCK_TOKENS = 1 << 19
#: Positions turned from code points to ids at once (a table lookup copies its indices).
_PIECE = 1 << 20


@dataclass(slots=True)
class CharBlock:
    """One block of the character stream (see the module docstring)."""

    offset: int  #: stream position of the block's first unit (a separator)
    size: int  #: its positions, the separators at both ends included
    boundary: np.ndarray  #: a token starts at the position (True at every separator), packed 8 to a byte
    first_sentence: int  #: the distinct sentence after the first separator
    end_sentence: int  #: the sentence after the block's last (its documents end before that one's first)

    def starts(self) -> np.ndarray:
        """Where a token starts, by position of the block (booleans)."""
        return np.unpackbits(self.boundary, count=self.size).view(bool)


@dataclass(slots=True)
class CharBlocks:
    """The character stream of the distinct sentences and its blocks (:func:`char_blocks`)."""

    vocabulary: list[str]  #: the separator first, then the characters by code point
    stream: np.ndarray  #: the unit ids (16 bits), as :func:`~analysis.units.char_stream` lays them out
    blocks: list[CharBlock]
    separators: np.ndarray  #: stream positions of the separators (one before each sentence, one after all)

    def units(self, block: CharBlock) -> np.ndarray:
        """The ids of ``block`` (a view of the stream)."""
        return self.stream[block.offset : block.offset + block.size]


def block_bounds(lengths: np.ndarray, first_doc: np.ndarray, tokens: int) -> list[int]:
    """The first sentence of each block and, last, the number of sentences: a block takes whole documents
    (it starts where ``first_doc``, each sentence's first document, changes) until it holds ``tokens`` or
    more (``lengths``: tokens of each sentence; each separator counts one)."""
    count = len(lengths)
    before = np.zeros(count + 1, dtype=np.int64)  # tokens and separators before each sentence
    np.cumsum(lengths + 1, out=before[1:])
    starts = np.append(np.flatnonzero(first_doc[1:] != first_doc[:-1]) + 1, count)
    bounds = [0]
    while bounds[-1] < count:
        wanted = before[bounds[-1]] + max(1, tokens)
        bounds.append(int(starts[min(len(starts) - 1, np.searchsorted(before[starts], wanted))]))
    return bounds


def char_blocks(
    sentences: list[tuple[str, ...]], first_doc: np.ndarray, *, tokens: int = BLOCK_TOKENS
) -> CharBlocks | None:
    """The sentences as blocks of about ``tokens`` tokens (:func:`block_bounds`), or None where the ids do
    not fit 16 bits or a token holds the mark or a line break (then :func:`~analysis.units.char_stream`).

    Each block's code points are written into the stream as they come (a code point past 16 bits aside,
    put in its place at the end), then the stream's code points become ids in place: one array of 2 bytes a
    position, grown when the guess of its length (two characters a token) falls short.  Equal, position
    for position, to :func:`~analysis.units.char_stream`'s vocabulary, ids and token starts
    (``tests/test_index_chars.py``).
    """
    if not sentences:
        return None
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    bounds = block_bounds(lengths, first_doc, tokens)
    marks = np.zeros(len(sentences) + 1, dtype=np.int64)  # marks before each sentence: one between two tokens
    np.cumsum(np.maximum(lengths - 1, 0), out=marks[1:])
    stream = np.empty(2 * int(lengths.sum()) + len(sentences) + 1, dtype=np.uint16)  # (pages used as written)
    present = np.zeros(0x110000, dtype=bool)
    blocks: list[CharBlock] = []
    separators: list[np.ndarray] = []
    wide: list[tuple[np.ndarray, np.ndarray]] = []  # positions and code points past 16 bits
    offset = 0
    for begin, end in itertools.pairwise(bounds):
        laid = _laid_out(sentences[begin:end], int(marks[end] - marks[begin]))
        if laid is None:
            return None
        points, boundary, separator = laid
        present[points] = True
        size = len(points)
        if offset + size > len(stream):
            grown = np.empty(2 * (offset + size), dtype=np.uint16)
            grown[:offset] = stream[:offset]
            stream = grown
        if int(points.max()) >= 1 << 16:
            beyond = np.flatnonzero(points >= 1 << 16)
            wide.append((beyond + offset, points[beyond]))
        np.copyto(stream[offset : offset + size], points, casting="unsafe")  # (wide ones: their low bits)
        blocks.append(CharBlock(offset, size, np.packbits(boundary), begin, end))
        separators.append(separator[:-1] + offset)
        offset += size - 1  # (the next block starts on this one's last separator)
    separators.append(np.array([offset], dtype=np.int64))
    present[ord("\n")] = False
    if int(present.sum()) >= 1 << 16:  # (ids up to 2^16 − 1 with the separator)
        return None
    table = np.cumsum(present, dtype=np.int32).astype(np.uint16)
    table[ord("\n")] = 0
    stream = stream[: offset + 1]
    for start in range(0, len(stream), _PIECE):  # code points to ids, in place (the indices are read first,
        piece = stream[start : start + _PIECE]  # as 64-bit integers)
        np.take(table, piece, out=piece, mode="clip")
    for positions, points in wide:
        stream[positions] = table[points]
    vocabulary = ["\n", *map(chr, np.flatnonzero(present).tolist())]
    return CharBlocks(vocabulary, stream, blocks, np.concatenate(separators))


def _laid_out(
    sentences: list[tuple[str, ...]], marks: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Code points of the sentences with a separator before, between and after them, where a token starts,
    and the separators' positions; None when the text holds ``MARK`` or a line break inside a token.  As
    :func:`~analysis.units.char_stream`: the mark between the tokens of a sentence tells where tokens start,
    then is dropped (the start flag carried in the code points' top bit, so that one compress drops the
    marks from both)."""
    text = "\n".join(itertools.chain(("",), map(MARK.join, sentences), ("",)))
    points = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    del text
    kept = points != ord(MARK)
    after = np.zeros(len(points), dtype=np.uint32)  # a token starts after a mark or a separator
    np.logical_not(kept[:-1], out=after[1:], casting="unsafe")
    after[1:] |= points[:-1] == ord("\n")
    after <<= np.uint32(31)
    after |= points
    coded = after[kept]
    del after, points
    boundary = coded >= 1 << 31
    coded &= np.uint32((1 << 31) - 1)
    separators = coded == ord("\n")
    positions = np.flatnonzero(separators)
    # (the marks and line breaks counted from the arrays: as many as the tokens and sentences ask)
    if len(kept) - len(coded) != marks or len(positions) != len(sentences) + 1:
        return None
    boundary |= separators
    return coded, boundary, positions
