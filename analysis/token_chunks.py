"""Tokens of a chunk of texts as they cross a process boundary: each distinct token once, then token ids.

A worker cuts a chunk of texts (:func:`analysis.segment.cut_texts`) and sends their tokens back packed
(:func:`pack_tokens`); this process unpacks them (:func:`unpack_tokens`) with one interned object per
distinct token (``sys.intern``: a token repeats ~14 times in 10 MB of distinct text, and a fresh
2-character ``str`` takes 78 bytes).

Why not the token tuples themselves: unpickled, every token of a chunk is a fresh object that this process
must intern one by one (5.3 million tokens at 30 MB of distinct text: 0.69 s, on the process that bounds
segmentation, plus 0.31 s of unpickling); packed, it interns each distinct token of a chunk once and builds
the tuples from an array of ids (1.0 → 0.77 s, most of the rest moved to the workers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from sys import intern

import numpy as np

__all__ = ["PackedTokens", "pack_tokens", "unpack_tokens"]


@dataclass(frozen=True, slots=True)
class PackedTokens:
    """The tokens of a chunk of texts: ``vocabulary[ids]`` is every token in order, ``lengths`` the number
    of tokens of each text."""

    vocabulary: list[str]
    ids: np.ndarray  #: uint16 when the vocabulary allows (a chunk of 512 texts: a few thousand tokens)
    lengths: np.ndarray  #: int32, one per text


def pack_tokens(cuts: Sequence[Sequence[str]]) -> PackedTokens:
    """``cuts`` (the tokens of each text) packed: the distinct tokens in order of first use, and ids."""
    index: dict[str, int] = {}
    ids = [index.setdefault(token, len(index)) for cut in cuts for token in cut]
    dtype = np.uint16 if len(index) <= 1 << 16 else np.int32
    return PackedTokens(
        list(index),
        np.array(ids, dtype=dtype),
        np.fromiter(map(len, cuts), dtype=np.int32, count=len(cuts)),
    )


def unpack_tokens(packed: PackedTokens) -> list[tuple[str, ...]]:
    """The tokens of each text of ``packed``, interned: equal tokens are one object across chunks."""
    vocabulary = np.empty(len(packed.vocabulary), dtype=object)
    vocabulary[:] = [intern(token) for token in packed.vocabulary]
    flat = vocabulary[packed.ids].tolist()
    return [tuple(flat[start:end]) for start, end in pairwise(accumulate(packed.lengths.tolist(), initial=0))]
