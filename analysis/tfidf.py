"""TF-IDF tables: the top terms of each document, weighted as scikit-learn's ``TfidfVectorizer`` weights them.

Two entry points give the same rows and the same floats:

* :func:`tfidf_table` — documents as token lists, scikit-learn's ``TfidfVectorizer`` itself;
* :func:`tfidf_of_counts` — documents as term counts (what a run has: each report's phrase occurrences),
  the count matrix built as ``CountVectorizer`` builds it and weighted by :func:`tfidf_weights`, the
  ``TfidfTransformer`` steps written with numpy.

Why numpy for the run: importing ``sklearn.feature_extraction.text`` (with scipy.sparse and scikit-learn's
utilities) took ≈ 1 s of the main process on this project's 2-core machine (2026-12-07), on the critical
path of every run — a fifth of a run on gwr_national — for a dozen array operations.  scikit-learn stays
the reference: a test compares the weights with ``TfidfTransformer``'s on random matrices bit for bit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

__all__ = ["tfidf_of_counts", "tfidf_table", "tfidf_weights"]


def tfidf_weights(counts: np.ndarray, indices: np.ndarray, indptr: np.ndarray, n_terms: int) -> np.ndarray:
    """The data of a CSR count matrix (``counts`` with ``indices`` and ``indptr``) as scikit-learn's
    ``TfidfTransformer(smooth_idf=True, sublinear_tf=True, norm="l2")`` weights it, entry for entry.

    ``tf = 1 + ln c``; ``idf = ln((1 + n) / (1 + df)) + 1`` (n documents, df of the term's column);
    ``w = tf · idf / ‖row‖₂``, the row's squares summed in the order of its entries as scikit-learn's
    ``_inplace_csr_row_normalize_l2`` sums them (one addition per entry, no pairwise summation), so that
    the floats are the same to the last bit.  An all-zero row is left as it is (as there)."""
    n_docs = len(indptr) - 1
    data = np.asarray(counts, dtype=np.float64).copy()
    np.log(data, out=data)
    data += 1.0
    df = np.bincount(indices, minlength=n_terms).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=n_docs + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data *= idf[indices]
    starts = np.asarray(indptr[:-1], dtype=np.int64)
    lengths = np.diff(indptr).astype(np.int64)
    squares = data * data
    sums = np.zeros(n_docs, dtype=np.float64)
    by_length = np.argsort(-lengths, kind="stable")  # the rows with a k-th entry: a prefix of this order
    longer = np.searchsorted(-lengths[by_length], -np.arange(int(lengths.max(initial=0))), side="left")
    for k, n_rows in enumerate(longer.tolist()):  # the k-th entry of every row that has one, added in turn
        rows = by_length[:n_rows]
        sums[rows] += squares[starts[rows] + k]
    norms = np.sqrt(sums)
    norms[norms == 0.0] = 1.0  # (an empty row: nothing to divide)
    data /= np.repeat(norms, lengths)
    return data


def tfidf_of_counts(
    counts: Mapping[str, Mapping[str, int]], *, top_n: int = 20
) -> list[tuple[str, str, float]]:
    """:func:`tfidf_table` of documents given as term counts (``doc_id → {term: count}``): the same rows, the
    same floats, without spelling every occurrence out as a token.

    The count matrix is built as ``CountVectorizer`` builds it (documents and terms sorted, counts as
    floats, each row's entries in the order it leaves them) and weighted by :func:`tfidf_weights` with
    :func:`tfidf_table`'s settings — what ``TfidfVectorizer`` does in two steps.  Why: a 100 MB corpus has
    millions of phrase occurrences, and a token list of them counted again in Python was most of the
    keyword step.
    """
    if top_n < 1:
        raise ValueError(f"top_n={top_n}: ask for at least one term per document")
    doc_ids = sorted(counts)
    terms = sorted({term for doc in doc_ids for term, n in counts[doc].items() if n > 0})
    if not doc_ids or not terms:
        return []
    column = {term: j for j, term in enumerate(terms)}
    # within a row, terms in the order ``CountVectorizer`` leaves them (by first use over the documents,
    # then renumbered alphabetically): the row's L2 norm sums them in that order, to the last bit
    first_use: dict[str, int] = {}
    for doc in doc_ids:
        for term in sorted(t for t, n in counts[doc].items() if n > 0):
            first_use.setdefault(term, len(first_use))
    indptr, indices, values = [0], [], []
    for doc in doc_ids:
        present = [
            (column[term], n)
            for term, n in sorted(counts[doc].items(), key=lambda item: first_use.get(item[0], -1))
            if n > 0
        ]
        indices.extend(j for j, _ in present)
        values.extend(n for _, n in present)
        indptr.append(len(indices))
    index_array = np.asarray(indices, dtype=np.int32)
    pointer_array = np.asarray(indptr, dtype=np.int32)
    weights = tfidf_weights(np.asarray(values, dtype=np.float64), index_array, pointer_array, len(terms))
    return _top_rows(doc_ids, terms, pointer_array, index_array, weights, top_n)


def _tokens_as_is(tokens: Sequence[str]) -> list[str]:
    """Analyzer for pre-tokenised documents: the tokens themselves."""
    return list(tokens)


def tfidf_table(
    docs_tokens: Mapping[str, Sequence[str]],
    *,
    vocabulary: Iterable[str] | None = None,
    top_n: int = 20,
) -> list[tuple[str, str, float]]:
    """Top ``top_n`` TF-IDF terms of each document: ``(doc_id, term, weight)`` rows.

    scikit-learn's ``TfidfVectorizer`` over the given tokens (callable analyzer, no re-tokenisation), with
    IDF from these documents only, ``smooth_idf=True`` (``idf = ln((1 + n) / (1 + df)) + 1``),
    ``sublinear_tf=True`` (``tf = 1 + ln c``) and L2-normalised rows.  ``vocabulary`` restricts the terms.
    Rows are sorted by doc_id, then weight descending, then term; zero weights are left out.
    Reference: Salton & Buckley (1988); scikit-learn user guide, "Tf–idf term weighting".
    """
    if top_n < 1:
        raise ValueError(f"top_n={top_n}: ask for at least one term per document")
    from sklearn.feature_extraction.text import TfidfVectorizer  # (≈ 1 s: imported only when used)

    doc_ids = sorted(docs_tokens)
    if not doc_ids:
        return []
    vocab = sorted(set(vocabulary)) if vocabulary is not None else None
    if vocab is not None and not vocab:
        return []
    if vocab is None and not any(len(docs_tokens[d]) for d in doc_ids):
        return []
    vectorizer = TfidfVectorizer(
        analyzer=_tokens_as_is, vocabulary=vocab, smooth_idf=True, sublinear_tf=True, lowercase=False
    )
    matrix = vectorizer.fit_transform([docs_tokens[d] for d in doc_ids]).tocsr()
    terms = [str(t) for t in vectorizer.get_feature_names_out()]
    return _top_rows(doc_ids, terms, matrix.indptr, matrix.indices, matrix.data, top_n)


def _top_rows(
    doc_ids: Sequence[str],
    terms: Sequence[str],
    indptr: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    top_n: int,
) -> list[tuple[str, str, float]]:
    """The ``top_n`` positive weights of each row of a CSR matrix (``weights`` with ``indices`` and
    ``indptr``): ``(doc_id, term, weight)``, weight descending, then term."""
    rows: list[tuple[str, str, float]] = []
    for i, doc_id in enumerate(doc_ids):
        start, end = indptr[i], indptr[i + 1]
        pairs = [
            (str(terms[j]), float(w))
            for j, w in zip(indices[start:end], weights[start:end], strict=True)
            if w > 0
        ]
        pairs.sort(key=lambda tw: (-tw[1], tw[0]))
        rows.extend((doc_id, term, weight) for term, weight in pairs[:top_n])
    return rows
