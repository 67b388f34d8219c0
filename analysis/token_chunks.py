"""Tokens of a chunk of texts as they cross a process boundary: each distinct token once, then token ids.

A worker cuts a chunk of texts (:func:`analysis.segment.cut_texts`) and sends their tokens back packed
(:func:`pack_tokens`); this process unpacks them (:func:`unpack_tokens`) with one interned object per
distinct token (``sys.intern``: a token repeats ~14 times in 10 MB of distinct text, and a fresh
2-character ``str`` takes 78 bytes).

Why not the token tuples themselves: unpickled, every token of a chunk is a fresh object that this process
must intern one by one (5.3 million tokens at 30 MB of distinct text: 0.69 s, on the process that bounds
segmentation, plus 0.31 s of unpickling); packed, it interns each distinct token of a chunk once and builds
the tuples from an array of ids (1.0 → 0.77 s, most of the rest moved to the workers).

Kept vocabularies: a chunk's own vocabulary still repeats the common tokens of every chunk (1.46 million
entries for 5.3 million tokens at 30 MB, their interning most of the unpacking here).  A worker that runs a
segmentation's chunks in the order they were sent (a local pool, this process: not Dask) keeps the tokens
it has sent (:class:`KeptVocabulary`, in its copy of a :class:`ChunkCutter`) and sends only the new ones;
this process keeps each worker's tokens, interned once (:class:`TokenUnpacker`), and reads the ids of a
chunk against them.

The texts go the other way as a :class:`TextChunk`: one string and the texts' lengths.  CPython's pickler
asks each ``str`` for its UTF-8 form, which the string then keeps for life (``PyUnicode_AsUTF8AndSize``
caches it): the sentence texts sent one by one kept a second copy of themselves in this process, 3 bytes
per CJK character beside their own 2 (≈ 100 MB at 100 MB of distinct text, for the whole run).  Joined, only
the joined string, gone once sent, keeps one.
"""

from __future__ import annotations

import uuid
from array import array
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate, count, islice, pairwise, starmap
from sys import intern
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.joined_cut import SEPARATOR, JoinedCut

if TYPE_CHECKING:
    from analysis.segmenter import Segmenter

__all__ = [
    "ChunkCutter",
    "KeptVocabulary",
    "PackedTokens",
    "TextChunk",
    "TokenUnpacker",
    "cut_with_kept_vocabulary",
    "pack_tokens",
    "unpack_tokens",
]


class TextChunk(list[str]):
    """A chunk of texts to cut (a list), pickled as the texts joined and their lengths: see the module's
    docstring (the texts of this process keep no UTF-8 copy of themselves once sent)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return _text_chunk, ("".join(self), array("q", map(len, self)))


def _text_chunk(joined: str, lengths: array) -> TextChunk:
    """A :class:`TextChunk` unpickled: ``joined`` cut back into its texts."""
    return TextChunk(map(joined.__getitem__, starmap(slice, pairwise(accumulate(lengths, initial=0)))))


@dataclass(frozen=True, slots=True)
class PackedTokens:
    """The tokens of a chunk of texts: ``vocabulary[ids]`` is every token in order, ``lengths`` the number
    of tokens of each text."""

    vocabulary: list[str]  #: with a ``source``: only the tokens that source had not sent before
    ids: np.ndarray  #: uint16 when the vocabulary allows (a chunk of 512 texts: a few thousand tokens)
    lengths: np.ndarray  #: int32, one per text
    source: str | None = None  #: the kept vocabulary the ids index (None: ``vocabulary`` alone)
    first: int = 0  #: the id of ``vocabulary[0]`` in ``source``'s tokens


def pack_tokens(cut: JoinedCut) -> PackedTokens:
    """The tokens of a chunk of texts packed: the distinct tokens in order of first use (the separator
    first, id 0, never in ``ids``), and ids."""
    index: dict[str, int] = {SEPARATOR: 0}
    ids = np.array([index.setdefault(token, len(index)) for token in cut.tokens], dtype=np.int64)
    dtype = np.uint16 if len(index) <= 1 << 16 else np.int32
    return PackedTokens(list(index), ids[ids != 0].astype(dtype), np.array(cut.lengths(), dtype=np.int32))


def unpack_tokens(packed: PackedTokens) -> list[tuple[str, ...]]:
    """The tokens of each text of ``packed``, interned: equal tokens are one object across chunks."""
    vocabulary = np.empty(len(packed.vocabulary), dtype=object)
    vocabulary[:] = [intern(token) for token in packed.vocabulary]
    return _split(vocabulary[packed.ids].tolist(), packed.lengths)


def _split(flat: list[str], lengths: np.ndarray) -> list[tuple[str, ...]]:
    return [tuple(flat[start:end]) for start, end in pairwise(accumulate(lengths.tolist(), initial=0))]


class KeptVocabulary:
    """The tokens a worker has sent in one segmentation, numbered in order of first use under a source id
    of its own (a fresh one per instance): :meth:`pack` sends only the tokens not sent before."""

    def __init__(self) -> None:
        self.source = uuid.uuid4().hex
        self._ids: defaultdict[str, int] = defaultdict(count().__next__)  # (a new token: the next id)
        self._ids[SEPARATOR]  # id 0: every source's, never sent, never in a chunk's ids

    def pack(self, cut: JoinedCut) -> PackedTokens:
        """The tokens of a chunk packed against the tokens sent so far: their ids, and the tokens new to this
        source."""
        ids_of = self._ids
        first = len(ids_of)
        # every token looked up by ``map`` in C; a new one numbered on the spot by the dictionary's default
        # (the next number: ids in order of first use), so one lookup per token — a ``setdefault`` per token
        # in a Python loop took half as long as cutting the texts, a second pass over the new ones ≈ 1 s of a
        # worker's first chunk at 30 MB of distinct text (where every token is new)
        ids = np.fromiter(map(ids_of.__getitem__, cut.tokens), dtype=np.int64, count=len(cut.tokens))
        new = list(islice(reversed(ids_of), len(ids_of) - first))[::-1]  # (the last keys added, in order)
        return PackedTokens(
            new,
            ids[ids != 0].astype(np.uint16 if len(ids_of) <= 1 << 16 else np.int32),
            np.array(cut.lengths(), dtype=np.int32),
            self.source,
            first,
        )


class TokenUnpacker:
    """This process's side of the kept vocabularies of one segmentation: each source's tokens, interned
    once, in an object array the chunks' ids index.  Chunks without a source are unpacked on their own."""

    def __init__(self) -> None:
        self._tokens: dict[str, tuple[np.ndarray, int]] = {}  #: source → (tokens, how many are filled)

    def unpack(self, packed: PackedTokens) -> list[tuple[str, ...]]:
        """The tokens of each text of ``packed``; a chunk of a source must come after that source's earlier
        chunks (its ids refer to their tokens), else :class:`RuntimeError`."""
        if packed.source is None:
            return unpack_tokens(packed)
        tokens, size = self._tokens.get(packed.source, (np.array([SEPARATOR], dtype=object), 1))
        if packed.first != size:
            raise RuntimeError(
                f"segmentation: a chunk's tokens start at id {packed.first} of their worker's vocabulary, "
                f"{size} were received: chunks arrived out of order (an executor that keeps no order?)"
            )
        end = size + len(packed.vocabulary)
        if end > len(tokens):  # (grown by doubling: filling is linear in the vocabulary)
            grown = np.empty(max(end, 2 * len(tokens), 1024), dtype=object)
            grown[:size] = tokens[:size]
            tokens = grown
        tokens[size:end] = [intern(token) for token in packed.vocabulary]
        self._tokens[packed.source] = (tokens, end)
        return _split(tokens[packed.ids].tolist(), packed.lengths)


class ChunkCutter:
    """A segmenter whose copies keep the vocabulary they have sent, for the chunks of one segmentation.

    Pickled, it carries the segmenter and a session id of its own, so an executor that memoises a shared
    object per pickle (:mod:`analysis.executor`) gives each segmentation fresh copies; each copy numbers
    its tokens under a source of its own.  Only for executors whose workers run a map's tasks in the order
    they were sent and keep their copy between them (:attr:`analysis.executor.Executor.runs_in_order`):
    a chunk's ids refer to the tokens of the chunks its worker sent before.
    """

    def __init__(self, segmenter: Segmenter) -> None:
        self.segmenter = segmenter
        self.session = uuid.uuid4().hex
        self.vocabulary = KeptVocabulary()

    def __getstate__(self) -> dict[str, Any]:
        return {"segmenter": self.segmenter, "session": self.session}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.segmenter = state["segmenter"]
        self.session = state["session"]
        self.vocabulary = KeptVocabulary()

    def resolve(self) -> str:
        """Build the segmenter's tokenizer now (what :func:`analysis.segment.build_tokenizer` asks)."""
        return self.segmenter.resolve()

    def cut_texts(self, texts: list[str]) -> PackedTokens:
        """The tokens of each text, packed against the tokens this copy has sent."""
        return self.vocabulary.pack(self.segmenter.cut_joined(texts))


def cut_with_kept_vocabulary(cutter: ChunkCutter, texts: list[str]) -> PackedTokens:
    """:meth:`ChunkCutter.cut_texts`, as a function an executor maps (the cutter shared per worker)."""
    return cutter.cut_texts(texts)
