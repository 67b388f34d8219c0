"""Units of n-grams: which tokens (or characters) n-grams are made of, and the corpus as arrays of unit ids.

* A *run* is a maximal stretch of tokens that hold a CJK character and no placeholder (:func:`is_run_token`);
  n-grams never leave a run.  At a run edge the neighbour is a class symbol when the run is cut by a number
  (``#``), a Latin word (``A``) or the placeholder ``□`` (:func:`edge_symbol`): ``个百分点`` always follows a
  number and is not a free-standing unit; punctuation and the sentence edge give
  :data:`~analysis.scoring.BOUNDARY`.
* :func:`distinct_corpus` reduces the sentences to distinct documents (exact copies of a report counted once
  with a weight) and distinct sentences (windowed once, weighted by their occurrences), and records which
  documents hold each sentence, for document frequencies.
* :func:`token_stream` and :func:`char_stream` lay the distinct sentences out as one array of unit ids with
  a separator (id 0) before, between and after them: what :mod:`analysis.index` counts.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from analysis.records import PLACEHOLDER, Sentence
from analysis.scoring import BOUNDARY

#: CJK unified ideographs (basic block, extension A, compatibility ideographs).
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK_CLASS}]")
_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")

WordGram = tuple[str, ...]
#: Positions handled at once where numpy would copy a whole array of indices (8 bytes each).
_CHUNK = 1 << 20
_DOC_ID = attrgetter("doc_id")
#: Neighbour codes below 0: the class symbols of a run edge (index = -code - 1).
SYMBOLS: tuple[str, ...] = (BOUNDARY, "#", "A", "□")

#: Shared neighbour of a run edge next to a number (ASCII or full-width digits, ○/〇 as zero, %).
EDGE_DIGIT = "#"
#: Shared neighbour of a run edge next to a non-CJK letter (Latin, Greek …).
EDGE_LATIN = "A"
_DIGIT_LIKE = frozenset("○〇%％‰")


def edge_symbol(char: str) -> str:
    """Neighbour recorded for a run edge next to ``char``: a class symbol, or BOUNDARY for punctuation."""
    if char.isdigit() or char in _DIGIT_LIKE:
        return EDGE_DIGIT
    if char == PLACEHOLDER:
        return PLACEHOLDER
    if char.isalpha():
        return EDGE_LATIN
    return BOUNDARY


def is_run_token(token: str) -> bool:
    """True for a token that can be part of a word n-gram: it holds a CJK character and no placeholder."""
    return _CJK_CHAR.search(token) is not None and PLACEHOLDER not in token


@dataclass(frozen=True, slots=True)
class DistinctCorpus:
    """The corpus reduced to distinct sentences: what is windowed, and where each sentence occurs."""

    tokens: list[tuple[str, ...]]  #: each distinct sentence's tokens
    weights: np.ndarray  #: occurrences of each distinct sentence (copies of documents included)
    doc_of: np.ndarray  #: the document of each sentence held by one document, else -1
    docs: np.ndarray  #: the documents of each sentence, sentence after sentence (CSR) …
    docs_start: np.ndarray  #: … where each sentence's documents start in ``docs`` (one more at the end)
    doc_weights: np.ndarray  #: weight of each distinct document: 1 + its copies
    n_docs: int  #: documents, copies included
    n_sentences: int  #: sentences, copies included
    sentence_ids: np.ndarray  #: the distinct sentence of each sentence given, in their order
    sentence_docs: np.ndarray  #: the document (0, 1, … in order, copies included) of each sentence given


def distinct_corpus(sentences: Sequence[Sentence]) -> DistinctCorpus:
    """Group the sentences of ``sentences`` (documents contiguous) into distinct documents and sentences."""
    by_texts: dict[tuple[str, ...], list[tuple[list[tuple[str, ...]], int]]] = {}
    doc_weight: list[int] = []
    doc_members: list[list[Sentence]] = []
    doc_of_input: list[int] = []  # each input document's distinct document
    doc_sizes: list[int] = []  # each input document's sentences
    seen_docs: set[str] = set()
    n_docs = 0
    for doc_id, group in itertools.groupby(sentences, key=_DOC_ID):
        if doc_id in seen_docs:
            raise ValueError(
                f"sentences of document {doc_id!r} are not contiguous: group the sentences by doc_id "
                "(in document order) before indexing"
            )
        seen_docs.add(doc_id)
        n_docs += 1
        members = list(group)
        same = by_texts.setdefault(tuple([s.text for s in members]), [])
        tokens = [s.tokens for s in members]
        original = next((index for other, index in same if other == tokens), None)
        doc_sizes.append(len(members))
        if original is None:
            same.append((tokens, len(doc_weight)))
            doc_of_input.append(len(doc_weight))
            doc_weight.append(1)
            doc_members.append(members)
        else:
            doc_of_input.append(original)
            doc_weight[original] += 1
    ids: dict[tuple[str, ...], int] = {}
    weights: list[int] = []
    pair_sentence: list[int] = []
    pair_doc: list[int] = []
    sids_of_doc: list[list[int]] = []
    for doc, members in enumerate(doc_members):
        weight = doc_weight[doc]
        in_doc: set[int] = set()
        sids: list[int] = []
        sids_of_doc.append(sids)
        for sentence in members:
            sid = ids.setdefault(sentence.tokens, len(ids))
            sids.append(sid)
            if sid == len(weights):
                weights.append(weight)
            else:
                weights[sid] += weight
            in_doc.add(sid)
        pair_sentence.extend(in_doc)
        pair_doc.extend([doc] * len(in_doc))
    by_sentence = np.asarray(pair_sentence, dtype=np.int64)
    order = np.argsort(by_sentence, kind="stable")
    docs = np.asarray(pair_doc, dtype=np.int64)[order]
    held = np.bincount(by_sentence, minlength=len(ids))
    docs_start = np.concatenate(([0], np.cumsum(held)))
    doc_of = np.where(held == 1, docs[np.minimum(docs_start[:-1], max(len(docs) - 1, 0))], -1).astype(
        np.int32
    )
    return DistinctCorpus(
        list(ids),
        np.asarray(weights, dtype=np.int64),
        doc_of,
        docs,
        docs_start,
        np.asarray(doc_weight, dtype=np.int64),
        n_docs,
        len(sentences),
        np.fromiter(
            itertools.chain.from_iterable(sids_of_doc[doc] for doc in doc_of_input),
            dtype=np.int32,
            count=len(sentences),
        ),
        np.repeat(np.arange(n_docs, dtype=np.int32), doc_sizes),
    )


def token_stream(sentences: list[tuple[str, ...]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Vocabulary (the separator first), the id stream (separator, sentence, separator, …) and, for every
    position, the distinct sentence it belongs to (the separator before a sentence belongs to it).

    Ids are given in order of first occurrence by one ``map`` of a ``defaultdict``'s lookup whose default is
    the next id (``itertools.count``): the whole pass runs in C; the separators are placed by numpy.  On the
    30 MB benchmark (5.4 M positions) 0.9 s → 0.4 s CPU against a ``setdefault`` per token in a Python loop.
    """
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    ids: defaultdict[str, int] = defaultdict(itertools.count().__next__)
    ids["\n"]  # the separator: id 0
    units = np.fromiter(
        map(ids.__getitem__, itertools.chain.from_iterable(sentences)),
        dtype=np.int32,
        count=int(lengths.sum()),
    )
    vocabulary = list(ids)
    total = len(units)
    stream = np.zeros(total + len(sentences) + 1, dtype=np.int32)
    is_token = np.ones(len(stream), dtype=bool)
    is_token[0] = False
    is_token[np.cumsum(lengths + 1)] = False  # the separator after each sentence
    stream[is_token] = units
    owners = np.zeros(len(stream), dtype=np.int32)
    owners[1:] = np.repeat(np.arange(len(sentences), dtype=np.int32), lengths + 1)
    return vocabulary, stream, owners


def char_stream(
    sentences: list[tuple[str, ...]],
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """:func:`token_stream` with characters as units, and where each token starts (``boundary``; also
    True at every separator, the end of the sentence before it).

    The text is laid out once with a mark (U+0001) between the tokens of a sentence, so that token starts
    are read off the code points (the position after a mark or a separator) instead of summing every
    token's length in Python; the marks are then dropped.  On the 30 MB benchmark 0.7 s → 0.5 s CPU.
    When a token holds the mark or a line break (never in segmented text) the lengths are summed instead.
    """
    # (one join: the separators at both ends are the empty strings around the sentences, not two copies)
    text = "\n".join(itertools.chain(("",), map(MARK.join, sentences), ("",))) if sentences else "\n\n"
    marks = sum(map(len, sentences)) - sum(map(bool, sentences))  # one between two tokens of a sentence
    if text.count(MARK) != marks or text.count("\n") != len(sentences) + 1:
        return _char_stream_by_lengths(sentences)
    points = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    del text
    kept = points != ord(MARK)
    newline = points == ord("\n")
    after = np.zeros(len(points), dtype=bool)  # a token starts after a mark or a separator
    np.logical_not(kept[:-1], out=after[1:])
    after[1:] |= newline[:-1]
    boundary = after[kept]
    del after
    separators = newline[kept]
    del newline
    points = points[kept]
    del kept
    boundary |= separators
    vocabulary, stream = _char_ids(points)
    # the sentence of a position: separators before it, less one, less one more on a separator (it ends
    # the sentence before it); the leading separator belongs to sentence 0
    sentence_of = np.cumsum(separators, dtype=np.int32)
    sentence_of -= 1
    sentence_of -= separators
    sentence_of[0] = 0
    return vocabulary, stream, sentence_of, boundary


#: Laid between the tokens of a sentence by :func:`char_stream` (a control character: never in text).
MARK = "\x01"


def _char_ids(points: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Vocabulary and id stream of code points: ids by code point order (a counting sort, linear), the
    separator 0 (a table over the code points)."""
    present = np.zeros(0x110000, dtype=bool)
    for start in range(0, len(points), _CHUNK):  # in chunks: numpy indexes with a copy of 8 bytes a point
        present[points[start : start + _CHUNK]] = True
    present[ord("\n")] = False
    table = np.cumsum(present, dtype=np.int32)
    table[ord("\n")] = 0
    stream = np.empty(len(points), dtype=np.int32)
    for start in range(0, len(points), _CHUNK):
        stream[start : start + _CHUNK] = table[points[start : start + _CHUNK]]
    return ["\n", *map(chr, np.flatnonzero(present).tolist())], stream


def _char_stream_by_lengths(
    sentences: list[tuple[str, ...]],
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """:func:`char_stream` from the lengths of the tokens (for tokens that hold the mark or a line break)."""
    texts = ["".join(tokens) for tokens in sentences]
    points = np.frombuffer(("\n" + "".join([text + "\n" for text in texts])).encode("utf-32-le"), np.uint32)
    vocabulary, stream = _char_ids(points)
    del points
    token_lengths = np.fromiter(map(len, itertools.chain.from_iterable(sentences)), dtype=np.int64)
    token_counts = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    # a token starts after the characters of the tokens before it and one separator per sentence so far
    before = np.cumsum(token_lengths) - token_lengths
    starts = before + np.repeat(np.arange(len(sentences)), token_counts) + 1
    boundary = stream == 0  # separators (where the sentence before ends)
    boundary[starts] = True
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    sentence_of = np.zeros(len(stream), dtype=np.int32)
    sentence_of[1:] = np.repeat(np.arange(len(texts), dtype=np.int32), sizes)
    return vocabulary, stream, sentence_of, boundary


def token_classes(vocabulary: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per token id: in a run?, its characters, and (for a run breaker) the neighbour code it gives the run
    after it (its last character) and the run before it (its first character); 0 for run tokens."""
    is_run = np.fromiter((is_run_token(t) for t in vocabulary), dtype=bool, count=len(vocabulary))
    is_run[0] = False
    chars = np.fromiter((len(t) for t in vocabulary), dtype=np.int64, count=len(vocabulary))
    code = {symbol: -(i + 1) for i, symbol in enumerate(SYMBOLS)}
    left = np.zeros(len(vocabulary), dtype=np.int64)
    right = np.zeros(len(vocabulary), dtype=np.int64)
    for i, token in enumerate(vocabulary):
        if not is_run[i]:
            left[i] = code[edge_symbol(token[-1])] if i else code[BOUNDARY]
            right[i] = code[edge_symbol(token[0])] if i else code[BOUNDARY]
    return is_run, chars, left, right


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted.  (``np.unique`` of numpy 2.3+ hashes instead, 10–20× slower here.)"""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def stable_sort(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(values sorted, order)``, equal values in their input order.

    Non-negative integers that fit 64 bits with their index are sorted as ``value << b | index`` (``b`` the
    bits of an index) by one plain sort (numpy's vectorised quicksort: 1 M keys 0.11 s → 0.05 s CPU against
    an argsort and a gather); others by a stable argsort.
    """
    size = len(values)
    index_bits = max(1, (size - 1).bit_length())
    if (
        size
        and values.dtype.kind in "iu"
        and int(values.min()) >= 0
        and int(values.max()).bit_length() + index_bits <= 64
    ):
        composite = values.astype(np.uint64)
        composite <<= np.uint64(index_bits)
        composite |= np.arange(size, dtype=np.uint64)
        composite.sort()
        order = (composite & np.uint64((1 << index_bits) - 1)).astype(np.intp)
        composite >>= np.uint64(index_bits)
        return composite.astype(values.dtype, copy=False), order
    order = np.argsort(values, kind="stable")
    return values[order], order


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` by one sort (:func:`stable_sort`; about twice as fast on
    these keys)."""
    size = len(values)
    if not size:
        return values[:0], np.empty(0, dtype=np.int64)
    ordered, order = stable_sort(values)
    new = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    inverse = np.empty(size, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse
