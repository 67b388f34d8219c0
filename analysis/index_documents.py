"""Document frequencies of one level of the n-gram index: the weighted number of documents holding each
n-gram, from its occurrences sorted by n-gram, then position (see :mod:`analysis.index` for the method).

Kept apart from the counting (:mod:`analysis.index_levels`): the documents are the one part of a level that
reads the corpus's document structure (:class:`~analysis.units.DistinctCorpus`: which documents hold each
sentence, and their copies).
"""

from __future__ import annotations

import numpy as np

from analysis.units import DistinctCorpus, sorted_distinct


def documents(
    gram: np.ndarray, sentence: np.ndarray, distinct: DistinctCorpus, m: int, heads: np.ndarray | None = None
) -> np.ndarray:
    """Weighted number of documents holding each n-gram, from its (n-gram, sentence) pairs (sorted by
    n-gram, then sentence; a pair may repeat: every occurrence can be given, without making them distinct
    first, which took two more passes over the occurrences for few repeats).  ``heads``: where each n-gram's
    pairs start, when the caller has them.

    Each sentence is read as its first document, and first documents come in sentence order (sentences are
    numbered as documents are read), so the distinct (n-gram, first document) pairs are the entries that
    differ from the one before: :func:`documents_of_firsts` on them.
    """
    if not len(gram):
        return np.zeros(m, dtype=np.int64)
    doc = distinct.docs[distinct.docs_start[:-1]].astype(np.int32)[sentence]
    entries = np.flatnonzero((distinct.doc_of < 0)[sentence])
    return documents_of_firsts(gram, doc, entries, sentence[entries], distinct, m, heads)


def document_codes(sentence_of: np.ndarray, distinct: DistinctCorpus) -> np.ndarray:
    """Per stream position: the first document of its sentence, or its complement ``~doc`` (negative) when
    that sentence occurs more than once or in several documents (:func:`special_entries`); 16-bit
    integers when they fit.

    Why: a level's counts read per occurrence its first document and, for few (0.2% of the positions at
    100 MB of text), its sentence.  Gathered from the sentence of every occurrence, that was two random
    gathers per level and two more for the flags; from these codes one, of half the width, and a sign."""
    first_doc = distinct.docs[distinct.docs_start[:-1]].astype(np.int64)
    special = (distinct.weights > 1) | (distinct.doc_of < 0)
    table = np.where(special, ~first_doc, first_doc)
    wide = len(table) and int(table.min()) < -(1 << 15)
    table = table.astype(np.int32 if wide else np.int16)
    return table[sentence_of] if len(table) else np.zeros(len(sentence_of), dtype=np.int16)


def special_entries(code: np.ndarray) -> np.ndarray:
    """Where the entries' :func:`document_codes` flag a sentence occurring more than once or in several
    documents (ascending)."""
    return np.flatnonzero(code < 0)


def documents_of_firsts(
    gram: np.ndarray,
    doc: np.ndarray,
    entries: np.ndarray,
    sentences: np.ndarray,
    distinct: DistinctCorpus,
    m: int,
    heads: np.ndarray | None = None,
) -> np.ndarray:
    """:func:`documents` from the first document ``doc`` of each entry's sentence and the sentences of
    ``entries``, the entries whose sentence may be held by several documents (any superset of those with
    ``distinct.doc_of < 0``, ascending).

    The distinct (n-gram, first document) pairs are the entries that differ from the one before; each is
    summed with its document's weight over the n-gram's run, in integers and in place (no pairs copied
    out).  A sentence held by several documents (few) adds its other documents: its pairs expanded to all
    its documents, made distinct by a sort, less those already counted (:func:`_held`, a binary search in
    the n-gram's run).  On the 30 MB benchmark (5 levels of the word index) 0.21 s → 0.13 s CPU against
    making the single-document pairs distinct first (the character level: 0.16 s → 0.07 s).
    """
    counts = np.zeros(m, dtype=np.int64)
    size = len(gram)
    if not size:
        return counts
    pair = np.empty(size, dtype=bool)  # the entry starts a distinct (n-gram, first document) pair
    pair[0] = True
    np.not_equal(doc[1:], doc[:-1], out=pair[1:])
    if heads is None:
        heads = np.flatnonzero(np.concatenate(([True], gram[1:] != gram[:-1])))
    pair[heads] = True
    weights = distinct.doc_weights
    if bool((weights == 1).all()):  # no copies of documents: count the pairs (summed in 32 bits: the sum
        # first copies the flags to its type, and fewer than 2^31 pairs fit)
        counts[gram[heads]] = np.add.reduceat(pair, heads, dtype=np.int32)
    else:
        weighted = weights[doc]
        weighted *= pair
        counts[gram[heads]] = np.add.reduceat(weighted, heads, dtype=np.int64)
        del weighted
    del pair
    shared = distinct.doc_of[sentences] < 0
    if shared.any():
        entries, shared_sentences = entries[shared], sentences[shared]
        first, last = distinct.docs_start[shared_sentences], distinct.docs_start[shared_sentences + 1]
        counts_of = last - first
        expanded = np.repeat(gram[entries].astype(np.int64), counts_of)
        offsets = np.repeat(first - np.cumsum(np.concatenate(([0], counts_of[:-1]))), counts_of)
        n_docs = len(weights)
        extra = sorted_distinct(expanded * n_docs + distinct.docs[np.arange(len(expanded)) + offsets])
        del expanded, offsets
        extra = extra[~_held(gram, doc, extra // n_docs, (extra % n_docs).astype(np.int32))]
        counts += np.bincount(extra // n_docs, weights=weights[extra % n_docs], minlength=m).astype(np.int64)
    return counts


def _held(gram: np.ndarray, doc: np.ndarray, wanted_gram: np.ndarray, wanted_doc: np.ndarray) -> np.ndarray:
    """For each (wanted n-gram, wanted document): is it one of the entries ``(gram, doc)`` (sorted by n-gram,
    then document)?  A binary search in each wanted n-gram's run, all at once (:func:`held_between`)."""
    if not len(gram):
        return np.zeros(len(wanted_gram), dtype=bool)
    wanted_gram = wanted_gram.astype(gram.dtype)  # (of another type, the search would copy ``gram`` to it)
    low = np.searchsorted(gram, wanted_gram, side="left")
    high = np.searchsorted(gram, wanted_gram, side="right")
    return held_between(doc, low, high, wanted_doc)


def held_between(doc: np.ndarray, low: np.ndarray, high: np.ndarray, wanted_doc: np.ndarray) -> np.ndarray:
    """For each wanted document: is it among ``doc[low:high]`` (ascending)?  A binary search in each range,
    all at once (one step per halving)."""
    size = len(doc)
    if not size:
        return np.zeros(len(wanted_doc), dtype=bool)
    end = high.copy()
    while True:
        open_ = low < high
        if not open_.any():
            break
        middle = (low + high) >> 1
        below = doc[np.minimum(middle, size - 1)] < wanted_doc
        low = np.where(open_ & below, middle + 1, low)
        high = np.where(open_ & ~below, middle, high)
    return (low < end) & (doc[np.minimum(low, size - 1)] == wanted_doc)
