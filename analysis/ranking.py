"""One ranking over all kinds of phrases: typicality on one scale, whatever the miner's own score.

Scores of different miners are on different scales (a passage's ``doc_freq + 1 − 1/c``, an idiom's entropy
product), so the merged list of the phrase bank is ranked by :func:`typicality` (see there for the formula
and why); :func:`rank_phrases` gives every phrase its ``rank`` (1 = most typical).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from .records import Phrase


def typicality(phrases: Sequence[Phrase], *, kind_weights: Mapping[str, float] | None = None) -> list[float]:
    """One score on one scale for phrases of every kind: ``w_kind × sqrt(spread) × quality²``.

    * ``quality = 1 − (r − 1) / n``: the phrase's place ``r`` (1 = best) among the ``n`` phrases of its kind
      by the miner's ``score``.  Scores of different kinds are on different scales (a passage's ``doc_freq
      + 1 − 1/c``, an idiom's entropy product); their within-kind percentile is on one.  Squared, because
      the share of useful phrases falls along a miner's list faster than linearly (its head is read, its
      tail is what the filters barely let through).
    * ``spread = doc_freq / max doc_freq of the kind``: typical phrases are used by many reports, but kinds
      spread differently by nature (a four-character idiom is in 60 of 76 reports, a whole repeated
      passage in 29), so the share is measured against the kind's most widespread phrase; the square root
      keeps a phrase of half the reports close to one of all (spread is evidence, quality the judgement).
    * ``w_kind``: a per-kind calibration (e.g. a kind's measured precision); a kind without one (any kind a
      new miner adds) gets 1.

    Why not the product of raw ``doc_freq`` and quality: the kind whose miner favours the most widespread
    strings (terms) then fills the whole top 100 (88 of 100 on gwr_national).
    """
    weights = kind_weights or {}
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, phrase in enumerate(phrases):
        by_kind[phrase.kind].append(i)
    out = [0.0] * len(phrases)
    for kind, rows in by_kind.items():
        rows.sort(key=lambda i: (-phrases[i].score, phrases[i].phrase))
        widest = max(phrases[i].doc_freq for i in rows) or 1
        weight = weights.get(kind, 1.0)
        for place, i in enumerate(rows):
            quality = 1.0 - place / len(rows)
            out[i] = weight * (max(phrases[i].doc_freq, 0) / widest) ** 0.5 * quality**2
    return out


def rank_phrases(
    phrases: Sequence[Phrase], *, kind_weights: Mapping[str, float] | None = None
) -> list[Phrase]:
    """``phrases`` (order kept) with ``rank``: 1 for the highest :func:`typicality`; ties broken by the place
    in the kind (score), then by phrase."""
    values = typicality(phrases, kind_weights=kind_weights)
    place = _places_in_kind(phrases)  # equal typicality (e.g. no report counted): the better score first
    order = sorted(
        range(len(phrases)), key=lambda i: (-values[i], place[i], phrases[i].phrase, phrases[i].kind)
    )
    ranks = [0] * len(phrases)
    for place, i in enumerate(order, 1):
        ranks[i] = place
    return [replace(p, rank=r) for p, r in zip(phrases, ranks, strict=True)]


def _places_in_kind(phrases: Sequence[Phrase]) -> list[float]:
    """Each phrase's place among the phrases of its kind by score (0 = best), as a share of the kind."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, phrase in enumerate(phrases):
        by_kind[phrase.kind].append(i)
    out = [0.0] * len(phrases)
    for rows in by_kind.values():
        rows.sort(key=lambda i: (-phrases[i].score, phrases[i].phrase))
        for place, i in enumerate(rows):
            out[i] = place / len(rows)
    return out
