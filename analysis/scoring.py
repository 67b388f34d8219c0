"""Scorers: association of two parts, branching entropy, keyness between corpora (TF-IDF: `tfidf.py`).

Scorers are plain functions with one shared keyword-only signature so that a miner can take any of them by
name or as a callable (the shape of gensim's ``phrases.py`` scorers and NLTK's ``association.py`` measures):

* association scorers ``f(*, joint, left, right, total) -> float`` score how strongly two parts ``x`` and
  ``y`` stick together, from the 2×2 contingency table ``joint = c(xy)``, ``left = c(x)``, ``right = c(y)``
  and ``total = N``;
* keyness scorers ``f(*, freq_target, total_target, freq_reference, total_reference) -> float`` compare how
  often one item occurs in a target corpus and in a reference corpus.

All of them are pure functions of counts; they validate the counts and raise :class:`ValueError` naming the
offending value.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

import numpy as np

logger = logging.getLogger(__name__)

#: Neighbour recorded at a sentence or run edge by the n-gram counters.  No jieba token and no character is
#: empty, so the empty string cannot clash with a real neighbour.
BOUNDARY = ""

AssociationScorer = Callable[..., float]


def _check_table(joint: int, left: int, right: int, total: int) -> None:
    if total <= 0:
        raise ValueError(f"total={total}: the corpus size must be positive")
    if left <= 0 or right <= 0:
        raise ValueError(f"left={left}, right={right}: both parts must occur at least once")
    if joint < 0 or joint > left or joint > right:
        raise ValueError(
            f"joint={joint} with left={left}, right={right}: need 0 <= joint <= min(left, right)"
        )
    if left > total or right > total:
        raise ValueError(f"left={left}, right={right} exceed total={total}: pass the corpus size as total")


def pmi(*, joint: int, left: int, right: int, total: int) -> float:
    """Pointwise mutual information in bits.

    ``pmi = log2(p(xy) / (p(x) p(y))) = log2(joint * total / (left * right))``; ``-inf`` when ``joint == 0``.
    Reference: Church & Hanks (1990), *Word association norms, mutual information, and lexicography*.
    """
    _check_table(joint, left, right, total)
    if joint == 0:
        return -math.inf
    return math.log2(joint * total / (left * right))


def npmi(*, joint: int, left: int, right: int, total: int) -> float:
    """Normalised PMI in ``[-1, 1]``: ``pmi / -log2 p(xy)`` with ``p(xy) = joint / total``.

    -1 when the parts never co-occur, 0 under independence, 1 when they only occur together.  When
    ``joint == total`` (``-log2 p(xy) = 0``) the parts always co-occur and the result is 1.
    Reference: Bouma (2009), *Normalized (pointwise) mutual information in collocation extraction*.
    """
    _check_table(joint, left, right, total)
    if joint == 0:
        return -1.0
    if joint == total:
        return 1.0
    value = math.log2(joint * total / (left * right)) / -math.log2(joint / total)
    return max(-1.0, min(1.0, value))


def _check_rows(joint: np.ndarray, left: np.ndarray, right: np.ndarray, total: int) -> None:
    """:func:`npmi`'s checks on every row of the arrays: the first failing row raises its error."""
    bad = (left <= 0) | (right <= 0) | (joint < 0) | (joint > left) | (joint > right)
    bad |= (left > total) | (right > total)
    if len(joint) and (total <= 0 or bad.any()):
        i = int(np.argmax(bad))
        npmi(joint=int(joint[i]), left=int(left[i]), right=int(right[i]), total=total)


def weakest_npmi(
    joint: np.ndarray, splits: Sequence[tuple[np.ndarray, np.ndarray]], total: int
) -> np.ndarray:
    """``min over splits k of npmi(joint, left_k, right_k, total)`` of every row, the same floats as
    :func:`npmi` per split (bit for bit).

    ``npmi_k = clip(log2(jN / (l_k r_k)) / d, −1, 1)`` with ``d = −log2(j / N) > 0`` the same for every
    split; IEEE division by a positive number and the clip are monotone, so the minimum is
    ``clip(min_k log2(jN / (l_k r_k)) / d)``: one denominator and one division per row, not per split (the
    term miner's cohesion at 30 MB: 4.7·10⁵ split points of 2·10⁵ rows).  Rows with ``j = 0`` are −1 and
    rows with ``j = N`` are 1, as :func:`npmi` says.  The logarithms stay ``math.log2`` of Python numbers
    (integer products, correctly rounded true division): numpy's ``log2`` may differ by an ulp (SVML on
    AVX-512) and its int64 products may overflow.  A call of :func:`npmi` per split was 0.7 s of the term
    miner's CPU at 30 MB; the checks on arrays and one comprehension per split are about a fifth of it.
    """
    joint = np.asarray(joint, dtype=np.int64)
    if not splits:
        return np.zeros(len(joint))
    for left, right in splits:
        _check_rows(joint, np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64), total)
    log2 = math.log2
    joints = joint.tolist()
    scaled = [j * total for j in joints]
    numerators = [
        np.asarray(
            [
                log2(x / (a * b)) if x else 0.0
                for x, a, b in zip(scaled, left.tolist(), right.tolist(), strict=True)
            ],
            dtype=np.float64,
        )
        for left, right in splits
    ]
    denominator = np.asarray([-log2(j / total) if 0 < j < total else 1.0 for j in joints], dtype=np.float64)
    value = np.clip(np.minimum.reduce(numerators) / denominator, -1.0, 1.0)
    value[joint == 0] = -1.0
    value[joint == total] = 1.0
    return value


def _xlogx_ratio(observed: float, expected: float) -> float:
    """``O ln(O / E)`` with the convention ``0 ln 0 = 0``."""
    return observed * math.log(observed / expected) if observed > 0 else 0.0


def log_likelihood(*, joint: int, left: int, right: int, total: int) -> float:
    """Dunning's log-likelihood ratio G² for the 2×2 contingency table of ``x`` and ``y``.

    Cells ``O11 = joint``, ``O12 = left - joint``, ``O21 = right - joint``, ``O22 = total - left - right +
    joint``; expected ``Eij = row_i * col_j / total``; ``G² = 2 Σ Oij ln(Oij / Eij)`` (``0 ln 0 = 0``).
    Non-negative and unsigned: it is large for strong attraction *and* strong repulsion (compare with
    :func:`pmi` for the direction).  Reference: Dunning (1993), *Accurate methods for the statistics of
    surprise and coincidence*.
    """
    _check_table(joint, left, right, total)
    o11 = joint
    o12 = left - joint
    o21 = right - joint
    o22 = total - left - right + joint
    if o22 < 0:
        raise ValueError(f"left={left} + right={right} - joint={joint} exceeds total={total}")
    not_left = total - left
    not_right = total - right
    g2 = (
        _xlogx_ratio(o11, left * right / total)
        + _xlogx_ratio(o12, left * not_right / total)
        + _xlogx_ratio(o21, not_left * right / total)
        + _xlogx_ratio(o22, not_left * not_right / total)
    )
    return max(0.0, 2.0 * g2)


def t_score(*, joint: int, left: int, right: int, total: int) -> float:
    """Student's t approximation for collocations: ``(O - E) / sqrt(O)``, ``E = left * right / total``.

    ``-inf`` when ``joint == 0``.  Reference: Church, Gale, Hanks & Hindle (1991), *Using statistics in
    lexical analysis*; Manning & Schütze (1999), §5.3.1.
    """
    _check_table(joint, left, right, total)
    if joint == 0:
        return -math.inf
    return (joint - left * right / total) / math.sqrt(joint)


#: The association scorers by name (read-only).
ASSOCIATION_SCORERS: Mapping[str, AssociationScorer] = MappingProxyType(
    {"pmi": pmi, "npmi": npmi, "log_likelihood": log_likelihood, "t_score": t_score}
)


def get_scorer(name_or_callable: str | AssociationScorer) -> AssociationScorer:
    """Return the association scorer called ``name`` or the callable itself.

    A callable must accept the keyword arguments ``joint``, ``left``, ``right`` and ``total``.
    """
    if callable(name_or_callable):
        return name_or_callable
    if isinstance(name_or_callable, str) and name_or_callable in ASSOCIATION_SCORERS:
        return ASSOCIATION_SCORERS[name_or_callable]
    valid = ", ".join(sorted(ASSOCIATION_SCORERS))
    raise ValueError(
        f"unknown association scorer {name_or_callable!r}: use one of {valid} "
        "or pass a function f(*, joint, left, right, total) -> float"
    )


def branching_entropy(neighbours: Mapping[str, int], *, boundary: str = BOUNDARY) -> float:
    """Shannon entropy, in nats, of the distribution of neighbours on one side of an n-gram.

    ``H = -Σ p(w) ln p(w)`` with ``p(w) = c(w) / Σ c``.  Each occurrence of the ``boundary`` key (sentence
    or run edge, punctuation) counts as a *distinct* neighbour of count 1, so an n-gram that always stands
    at an edge is maximally free on that side: ``b`` boundary occurrences add ``(b / N) ln N``.
    An empty mapping gives 0.  Reference: Jin & Tanaka-Ishii (2006), *Unsupervised segmentation of Chinese
    text by use of branching entropy*; Harris (1955).
    """
    total = 0
    for count in neighbours.values():
        if count < 0:
            raise ValueError(f"negative neighbour count {count} in {dict(neighbours)!r}")
        total += count
    if total == 0:
        return 0.0
    log_total = math.log(total)
    entropy = 0.0
    for word, count in neighbours.items():
        if count == 0:
            continue
        if word == boundary:
            entropy += count * log_total  # count distinct neighbours of probability 1/total each
        else:
            entropy -= count * (math.log(count) - log_total)
    return max(0.0, entropy / total)


def _check_keyness(freq_target: int, total_target: int, freq_reference: int, total_reference: int) -> None:
    if total_target <= 0 or total_reference <= 0:
        raise ValueError(
            f"total_target={total_target}, total_reference={total_reference}: "
            "both corpus sizes must be positive"
        )
    if not 0 <= freq_target <= total_target:
        raise ValueError(f"freq_target={freq_target} must lie in [0, total_target={total_target}]")
    if not 0 <= freq_reference <= total_reference:
        raise ValueError(
            f"freq_reference={freq_reference} must lie in [0, total_reference={total_reference}]"
        )


def keyness_g2(*, freq_target: int, total_target: int, freq_reference: int, total_reference: int) -> float:
    """Signed log-likelihood keyness: positive when the item is over-used in the target corpus.

    With ``a = freq_target``, ``b = freq_reference``, ``c = total_target``, ``d = total_reference``:
    ``E1 = c (a + b) / (c + d)``, ``E2 = d (a + b) / (c + d)``, ``G² = 2 (a ln(a/E1) + b ln(b/E2))``
    (``0 ln 0 = 0``), negated when ``a / c < b / d``.  Reference: Rayson & Garside (2000), *Comparing corpora
    using frequency profiling*.
    """
    _check_keyness(freq_target, total_target, freq_reference, total_reference)
    a, b, c, d = freq_target, freq_reference, total_target, total_reference
    if a + b == 0:
        return 0.0
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = max(0.0, 2.0 * (_xlogx_ratio(a, e1) + _xlogx_ratio(b, e2)))
    return g2 if a * d >= b * c else -g2


def log_ratio(
    *, freq_target: int, total_target: int, freq_reference: int, total_reference: int, zero: float = 0.5
) -> float:
    """Hardie's Log Ratio effect size: ``log2((a / c) / (b / d))``, the binary log of the ratio of rates.

    A zero frequency is replaced by ``zero`` (0.5, Hardie's suggestion) so the value stays finite; each unit
    is a doubling.  Both frequencies zero gives 0.  The correction never turns the sign against the rates
    themselves: 0 of 500 against 1 of 1,001 would give log2(1.001) > 0 for a phrase the target lacks, so such
    a value is 0 (and the G² sign, :func:`keyness_g2`, says which side uses the phrase more).
    Reference: Hardie (2014), *Log Ratio – an informal introduction* (CASS, Lancaster).
    """
    _check_keyness(freq_target, total_target, freq_reference, total_reference)
    if freq_target == 0 and freq_reference == 0:
        return 0.0
    a = freq_target or zero
    b = freq_reference or zero
    value = math.log2((a / total_target) / (b / total_reference))
    difference = freq_target * total_reference - freq_reference * total_target
    if (difference < 0 < value) or (value < 0 < difference):
        return 0.0
    return value
