"""Keyness of items between a target and a reference corpus: G², its p-value, Log Ratio, significance.

What section keyness, section frames and ``python -m analysis compare`` share: one row per item with its
frequency on each side, the signed log-likelihood G² (:func:`analysis.scoring.keyness_g2`), the p-value
of G² under the null hypothesis of equal rates, and the Log Ratio effect size
(:func:`analysis.scoring.log_ratio`), so a reader sees how sure *and* how big a difference is.

* **p-value**: G² of a 2×2 table is asymptotically χ² with one degree of freedom, whose survival function
  is ``P(χ²₁ ≥ G²) = erfc(√(G² / 2))`` (exact for one degree of freedom, no scipy needed).
* **Many tests**: a table of keyness compares hundreds of items at once, so at ``p < 0.05`` one item in
  twenty would come out by chance.  Rows are kept at a false discovery rate of ``alpha``
  (Benjamini–Hochberg 1995 over the ``m`` items tested, those that passed the frequency and report
  thresholds): of the rows shown, at most a share ``alpha`` are expected to be accidents.  Bonferroni
  (``p < alpha / m``) controls the chance of even one accident and asks for G² ≳ 15–22 at these sizes:
  on a folder of eight reports it kept a single row, which leaves a writer nothing to read.
* **Log Ratio** = ``log2((a / c) / (b / d))``, each unit a doubling; a zero frequency counts as 0.5
  (Hardie 2014), so an item absent from the reference gets a finite, size-aware value.
* **Support**: ``doc_freq`` (reports holding the item on the target side) must reach ``min_docs`` (2 by
  default): one report's repeated sentence cannot be typical of a section type or a subcorpus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .scoring import keyness_g2, log_ratio

__all__ = ["Contrast", "contrast_rows", "g2_p_value", "significant"]


@dataclass(frozen=True, slots=True)
class Contrast:
    """One item compared between a target and a reference."""

    item: str
    freq: int  #: occurrences in the target
    freq_reference: int  #: occurrences in the reference
    doc_freq: int  #: reports (on the target side) holding the item
    n_sentences: int  #: distinct target sentences holding it (0: not counted)
    g2: float  #: signed log-likelihood: positive = over-used in the target
    p_value: float  #: P(χ²₁ ≥ |G²|)
    log_ratio: float  #: binary log of the ratio of relative frequencies (zero counts as 0.5)


def g2_p_value(g2: float) -> float:
    """``P(χ²₁ ≥ |g2|) = erfc(√(|g2| / 2))``: the p-value of a G² (or χ²) statistic with 1 degree of freedom.

    >>> round(g2_p_value(3.841459), 4), round(g2_p_value(10.827566), 5)
    (0.05, 0.001)
    """
    return math.erfc(math.sqrt(abs(g2) / 2.0))


def contrast_rows(
    target: Mapping[str, int],
    reference: Mapping[str, int],
    *,
    total_target: int,
    total_reference: int,
    doc_freq: Mapping[str, int],
    n_sentences: Mapping[str, int] | None = None,
    min_freq: int = 2,
    min_docs: int = 2,
    both_sides: bool = False,
) -> list[Contrast]:
    """Every item of ``target`` with ``freq >= min_freq`` and ``doc_freq >= min_docs``, compared.

    ``both_sides``: also the items of ``reference`` that pass the same thresholds there (``doc_freq`` then
    holds their reports on the reference side too; their G² is negative).  Rows come in item order; no
    significance filter (:func:`significant` does that, over all the tests of a table).
    """
    if total_target <= 0 or total_reference <= 0:
        return []
    sentences = n_sentences or {}
    items = [i for i, f in target.items() if f >= min_freq and doc_freq.get(i, 0) >= min_docs]
    if both_sides:
        items += [
            i
            for i, f in reference.items()
            if i not in target and f >= min_freq and doc_freq.get(i, 0) >= min_docs
        ]
    rows = []
    for item in sorted(set(items)):
        a, b = target.get(item, 0), reference.get(item, 0)
        counts = {
            "freq_target": a,
            "total_target": total_target,
            "freq_reference": b,
            "total_reference": total_reference,
        }
        g2 = keyness_g2(**counts)
        rows.append(
            Contrast(
                item,
                a,
                b,
                doc_freq.get(item, 0),
                sentences.get(item, 0),
                round(g2, 4),
                g2_p_value(g2),
                round(log_ratio(**counts), 4),
            )
        )
    return rows


def significant(rows: Iterable[Contrast], *, alpha: float = 0.05, tests: int | None = None) -> list[Contrast]:
    """The rows kept at a false discovery rate of ``alpha`` (Benjamini–Hochberg over ``tests`` p-values,
    by default the number of rows): with the p-values sorted, ``p₍ₖ₎ ≤ k / m × alpha`` for the largest
    such ``k`` keeps the ``k`` smallest.

    ``alpha = 1`` keeps everything.
    """
    rows = list(rows)
    m = max(1, len(rows) if tests is None else tests)
    ranked = sorted(range(len(rows)), key=lambda i: rows[i].p_value)
    cut = 0
    for k, i in enumerate(ranked, start=1):
        if rows[i].p_value <= k / m * alpha:
            cut = k
    kept = set(ranked[:cut])
    return [row for i, row in enumerate(rows) if i in kept]
