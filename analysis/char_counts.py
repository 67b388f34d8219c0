"""Character n-gram counts with numpy: :func:`analysis.ngrams.count_char_ngrams` without pruning.

Same tables, same numbers and the same key order as the sentence-by-sentence counter; only the counting
moves from Python dictionaries (one update per window: 1.6 million windows and 3 seconds at 103 MB of
reports) to sorting integer arrays:

* the distinct sentences to window (the first occurrence of each (text, tokens), as in
  :func:`analysis.ngrams.count_char_ngrams`) are joined with a separator into one string, read as an array
  of code points;
* a window of ``n ≤ 4`` CJK characters (all in the Basic Multilingual Plane: 16 bits each) is one 64-bit
  integer; ``np.unique`` gives each distinct n-gram a rank, its first position and its occurrences, which
  are weighted by the occurrences of the sentence (``np.bincount``);
* an (n+1)-gram (the neighbour context) is ``rank(first n characters) × 2¹⁶ + last character``;
* document frequency: the distinct (sentence, n-gram) pairs are expanded to the documents holding each
  sentence, made distinct again, and counted with the documents' weights (1 + their copies);
* only the few edge symbols (a run cut by a digit, a letter or ``□``) are counted in Python.

Tables come back as :class:`~collections.Counter` s with their keys in order of first occurrence.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter

import numpy as np

from analysis.ngrams import (
    _CHAR_KEY,
    _CJK_RUN,
    _DIGIT_LIKE,
    CJK_CLASS,
    CharNgramCounts,
    _add,
    _occurrences,
    run_edges,
)
from analysis.records import PLACEHOLDER, Sentence

#: A character that may give a run edge a class symbol (:func:`~analysis.ngrams.edge_symbol`): a word
#: character that is not CJK (digits, letters …), or one of the digit-like signs and the placeholder.
_EDGE_CHAR = re.compile(f"[^\\W{CJK_CLASS}]|[{re.escape(''.join(sorted(_DIGIT_LIKE)))}{PLACEHOLDER}]")
#: Most characters counted with arrays (the text of the documents counted, a copy of a document once): the
#: arrays take about 60 bytes per character at the peak (code points, window starts, keys, ranks, weights,
#: (document, n-gram) pairs and the sorts of ``np.unique``), so 8 million characters (24 MB of UTF-8, 7 times
#: the 76 government work reports) stay near half a gigabyte.  Beyond, the dictionary counter is used.
MAX_CHARS = 8_000_000
#: Longest n-gram held in one 64-bit key (16 bits per character).
MAX_N = 4
_DOC_ID = attrgetter("doc_id")


def _cjk_mask(points: np.ndarray) -> np.ndarray:
    """True where the code point is in :data:`analysis.ngrams.CJK_CLASS` (all below U+FB00)."""
    return (
        ((points >= 0x3400) & (points <= 0x4DBF))
        | ((points >= 0x4E00) & (points <= 0x9FFF))
        | ((points >= 0xF900) & (points <= 0xFAFF))
    )


def _points(keys: np.ndarray, n: int) -> np.ndarray:
    """The characters of 64-bit n-gram keys (16 bits each, the first highest): a ``(len(keys), n)`` array."""
    return np.stack([(keys >> np.uint64(16 * (n - 1 - k))) & np.uint64(0xFFFF) for k in range(n)], axis=1)


def _strings(points: np.ndarray) -> list[str]:
    """One string per row of code points (all in the Basic Multilingual Plane: one UTF-16 unit each)."""
    if not len(points):
        return []
    n = points.shape[1]
    joined = points.astype("<u2").tobytes().decode("utf-16-le")
    return [joined[i : i + n] for i in range(0, len(joined), n)]


def _ranked(keys: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct keys in order of first occurrence, their weighted counts, and each key's rank in that order.

    Returns ``(distinct, counts, rank_of_each)``.
    """
    distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    counts = np.bincount(inverse, weights=weights, minlength=len(distinct))
    return distinct[order], counts[order], rank[inverse]


def _table(strings: Sequence[str], counts: np.ndarray) -> Counter:
    return Counter(dict(zip(strings, counts.astype(np.int64).tolist(), strict=True)))


def count_char_ngrams_vectorised(
    sentences: Sequence[Sentence], *, n: int, max_chars: int = MAX_CHARS
) -> CharNgramCounts | None:
    """:func:`analysis.ngrams.count_char_ngrams` with numpy (no pruning, ``1 ≤ n ≤`` :data:`MAX_N`).

    None when the documents counted hold more than ``max_chars`` characters (a sentence counted in every
    document holding it, copies of documents once): the caller counts with dictionaries then, whose memory
    follows the distinct n-grams rather than the windows and (document, n-gram) pairs.
    """
    if not 1 <= n <= MAX_N:
        raise ValueError(f"n={n}: the vectorised counter takes 1 <= n <= {MAX_N}")
    where = _occurrences(sentences, _CHAR_KEY)
    if sum(len(s.text) for s in sentences if s.doc_id not in where.copies) > max_chars:
        return None  # checked first: it bounds the windows and the (document, n-gram) pairs
    # the sentences to window (first occurrences, copies of documents skipped) and where each one is
    ids: dict[tuple[str, tuple[str, ...]], int] = {}
    texts: list[str] = []
    bounds: list[list[int]] = []
    sentence_weights: list[int] = []
    members: list[tuple[int, int]] = []  # (document, sentence) for each sentence of each document counted
    doc_weights: list[int] = []
    finished: set[str] = set()
    left_edges: Counter = Counter()
    right_edges: Counter = Counter()
    for doc_id, group in itertools.groupby(sentences, key=_DOC_ID):
        if doc_id in finished:
            raise ValueError(
                f"sentences of document {doc_id!r} are not contiguous: group the sentences by doc_id "
                "(in document order) before counting"
            )
        finished.add(doc_id)
        if doc_id in where.copies:
            continue
        doc = len(doc_weights)
        doc_weights.append(where.doc_weights.get(doc_id, 1))
        for sentence in group:
            key = (sentence.text, sentence.tokens)
            sid = ids.get(key)
            if sid is None:
                sid = ids[key] = len(texts)
                texts.append(sentence.text)
                bounds.append(list(itertools.accumulate(map(len, sentence.tokens), initial=0)))
                weight = where.counts[key]
                sentence_weights.append(weight)
                _count_edges(sentence.text, n, weight, left_edges, right_edges)
            members.append((doc, sid))
    if not texts:
        return CharNgramCounts(
            n, Counter(), Counter(), Counter(), Counter(), left_edges, right_edges, 0, len(finished)
        )

    # one array of code points, a separator (not CJK) after each text
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(t) + 1 for t in texts], out=starts[1:])
    points = np.frombuffer("\x00".join(texts).encode("utf-32-le") + b"\0\0\0\0", dtype=np.uint32)
    cjk = _cjk_mask(points)
    size = len(points)
    weight_of_sentence = np.asarray(sentence_weights, dtype=np.float64)

    def windows(k: int) -> np.ndarray:  # start positions of windows of k CJK characters
        if size < k:
            return np.zeros(0, dtype=np.int64)
        ok = cjk[: size - k + 1].copy()
        for shift in range(1, k):
            ok &= cjk[shift : size - k + 1 + shift]
        return np.flatnonzero(ok)

    at = windows(n)
    keys = np.zeros(len(at), dtype=np.uint64)
    for k in range(n):
        keys = (keys << np.uint64(16)) | points[at + k].astype(np.uint64)
    sentence_at = np.searchsorted(starts, at, side="right") - 1  # the sentence of each window
    weight_at = weight_of_sentence[sentence_at]
    grams, counts, rank = _ranked(keys, weight_at)
    gram_points = _points(grams, n)
    strings = _strings(gram_points)
    total = int(weight_at.sum())

    # context: windows of n + 1, keyed by the rank of their first n characters and the last character
    longer = windows(n + 1)
    first_rank = rank[np.searchsorted(at, longer)]  # a window of n + 1 starts a window of n
    context_keys = (first_rank.astype(np.uint64) << np.uint64(16)) | points[longer + n].astype(np.uint64)
    context_grams, context_counts, _ = _ranked(
        context_keys, weight_of_sentence[np.searchsorted(starts, longer, side="right") - 1]
    )
    context_points = np.column_stack(
        (gram_points[(context_grams >> np.uint64(16)).astype(np.int64)], context_grams & np.uint64(0xFFFF))
    )
    context_strings = _strings(context_points)

    # aligned: windows starting and ending on a token boundary of their sentence
    is_bound = np.zeros(size + 1, dtype=bool)
    positions = [
        start + b
        for start, marks, text in zip(starts.tolist(), bounds, texts, strict=False)
        for b in marks
        if b <= len(text)
    ]
    is_bound[np.asarray(positions, dtype=np.int64)] = True
    good = is_bound[at] & is_bound[at + n]
    aligned_ranks, aligned_counts, _ = _ranked(rank[good], weight_at[good])

    # document frequency: distinct (sentence, n-gram) pairs, expanded to the documents holding the sentence
    n_grams = len(grams)
    pairs = _distinct(sentence_at * n_grams + rank)
    pair_sentence, pair_gram = np.divmod(pairs, n_grams)
    member = np.asarray(members, dtype=np.int64)
    member = member[np.argsort(member[:, 1], kind="stable")]
    docs_per_sentence = np.bincount(member[:, 1], minlength=len(texts))
    offsets = np.concatenate(([0], np.cumsum(docs_per_sentence)))
    repeat = docs_per_sentence[pair_sentence]
    expanded = np.repeat(offsets[pair_sentence], repeat) + (
        np.arange(repeat.sum()) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    )
    doc_gram = _distinct(member[expanded, 0] * n_grams + np.repeat(pair_gram, repeat))
    doc_of, gram_of = np.divmod(doc_gram, n_grams)
    doc_freq = np.bincount(
        gram_of, weights=np.asarray(doc_weights, dtype=np.float64)[doc_of], minlength=n_grams
    )
    held = np.flatnonzero(doc_freq)

    return CharNgramCounts(
        n,
        _table(strings, counts),
        Counter(dict(zip([strings[i] for i in held], doc_freq[held].astype(np.int64).tolist(), strict=True))),
        _table(context_strings, context_counts),
        _table([strings[i] for i in aligned_ranks.tolist()], aligned_counts),
        left_edges,
        right_edges,
        total,
        len(finished),
    )


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (a sort: faster than ``np.unique``'s hash table on millions of ints)."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def _count_edges(text: str, n: int, weight: int, left_edges: Counter, right_edges: Counter) -> None:
    """Class-symbol edges of the CJK runs of ``text`` that hold an n-gram (as the Python counter does)."""
    if _EDGE_CHAR.search(text) is None:  # only digits, letters and □ make a class edge (most texts: none)
        return
    lefts: list[str] = []
    rights: list[str] = []
    for match in _CJK_RUN.finditer(text):
        start, end = match.span()
        if end - start < n:
            continue
        left, right = run_edges(text, start, end, n)
        if left:
            lefts.append(left)
        if right:
            rights.append(right)
    if lefts:
        _add(left_edges, lefts, weight)
    if rights:
        _add(right_edges, rights, weight)
