"""TF-IDF tables: hand values, the counts path equal to scikit-learn's vectorizer, the numpy weights equal
to scikit-learn's transformer bit for bit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.tfidf import tfidf_of_counts, tfidf_table, tfidf_weights


def test_tfidf_table_hand_values() -> None:
    rows = tfidf_table({"d2": ["党建", "作风"], "d1": ["主体责任", "主体责任", "党建"]})
    idf_rare = math.log(3 / 2) + 1  # smooth idf for df=1 of n=2
    idf_common = 1.0  # df=2
    a = (1 + math.log(2)) * idf_rare  # sublinear tf of 主体责任 in d1
    b = 1.0 * idf_common
    norm1 = math.hypot(a, b)
    norm2 = math.hypot(idf_rare, idf_common)
    expected = [
        ("d1", "主体责任", a / norm1),
        ("d1", "党建", b / norm1),
        ("d2", "作风", idf_rare / norm2),
        ("d2", "党建", idf_common / norm2),
    ]
    assert [(d, t) for d, t, _ in rows] == [(d, t) for d, t, _ in expected]
    for (_, _, got), (_, _, want) in zip(rows, expected, strict=True):
        assert got == pytest.approx(want)


def test_tfidf_table_ties_break_by_term_and_top_n_cuts() -> None:
    rows = tfidf_table({"d": ["乙", "甲", "丙"]}, top_n=2)
    assert [t for _, t, _ in rows] == sorted(["乙", "甲", "丙"])[:2]
    assert rows == tfidf_table({"d": ["乙", "甲", "丙"]}, top_n=2)


def test_tfidf_table_vocabulary_and_empty_input() -> None:
    rows = tfidf_table({"d1": ["甲", "乙"], "d2": ["乙"]}, vocabulary=["乙", "乙"])
    assert [(d, t) for d, t, _ in rows] == [("d1", "乙"), ("d2", "乙")]
    assert tfidf_table({}) == []
    assert tfidf_table({"d": []}) == []
    with pytest.raises(ValueError, match="top_n=0"):
        tfidf_table({"d": ["甲"]}, top_n=0)


@given(
    st.dictionaries(
        st.sampled_from(["甲局", "乙办", "丙委", "丁县"]),
        st.dictionaries(
            st.sampled_from(["党建", "作风", "主体责任", "三会一课", "风清气正"]), st.integers(0, 6)
        ),
    ),
    st.integers(1, 4),
)
def test_tfidf_of_counts_equals_the_table_of_the_tokens_spelled_out(
    counts: dict[str, dict[str, int]], top_n: int
) -> None:
    tokens = {doc: [t for t, n in sorted(c.items()) for _ in range(n)] for doc, c in counts.items()}
    assert tfidf_of_counts(counts, top_n=top_n) == tfidf_table(tokens, top_n=top_n)  # the same floats


def test_tfidf_of_counts_of_nothing() -> None:
    assert tfidf_of_counts({}) == []
    assert tfidf_of_counts({"d": {"甲": 0}}) == []
    with pytest.raises(ValueError, match="at least one term"):
        tfidf_of_counts({"d": {"甲": 1}}, top_n=0)


@st.composite
def count_matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """A CSR count matrix with rows of up to 60 entries in any column order (as CountVectorizer leaves
    them), an empty row now and then, counts up to 1,000."""
    n_terms = draw(st.integers(1, 80))
    rows = draw(
        st.lists(
            st.lists(st.integers(0, n_terms - 1), unique=True, max_size=min(n_terms, 60)),
            min_size=1,
            max_size=12,
        )
    )
    indices = np.asarray([j for row in rows for j in row], dtype=np.int32)
    indptr = np.asarray(np.cumsum([0, *map(len, rows)]), dtype=np.int32)
    counts = draw(st.lists(st.integers(1, 1000), min_size=len(indices), max_size=len(indices)))
    return np.asarray(counts, dtype=np.float64), indices, indptr, n_terms


@settings(max_examples=150)
@given(count_matrices())
def test_tfidf_weights_are_scikit_learns_to_the_last_bit(matrix: tuple[np.ndarray, ...]) -> None:
    from scipy.sparse import csr_array
    from sklearn.feature_extraction.text import TfidfTransformer

    counts, indices, indptr, n_terms = matrix
    expected = TfidfTransformer(smooth_idf=True, sublinear_tf=True).fit_transform(
        csr_array((counts.copy(), indices, indptr), shape=(len(indptr) - 1, n_terms))
    )
    got = tfidf_weights(counts, indices, indptr, n_terms)
    assert got.tobytes() == expected.data.tobytes()
    assert counts.min(initial=1) >= 1  # (the counts handed in are not changed)


def test_tfidf_weights_of_one_document_by_hand() -> None:
    # one document: idf = ln(2 / 2) + 1 = 1; tf = 1 + ln c; the row divided by its norm
    got = tfidf_weights(np.array([1.0, 4.0]), np.array([1, 0]), np.array([0, 2]), 2)
    tf = np.array([1.0, 1.0 + math.log(4.0)])
    assert got == pytest.approx(tf / math.hypot(*tf))
