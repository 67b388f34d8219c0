"""One ranking over all kinds of phrases: typicality on one scale, whatever the miner's own score.

Scores of different miners are on different scales (a passage's ``doc_freq + 1 − 1/c``, an idiom's entropy
product), so the merged list of the phrase bank is ranked by :func:`typicality` (see there for the formula
and why); :func:`rank_phrases` gives every phrase its ``rank`` (1 = most typical).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from .records import Phrase

#: The per-kind calibration ``w_kind`` of :func:`typicality` (kinds not named get 1).
#:
#: * ``frame`` 0.75: a frame is half a phrase — the writer supplies the slot — and its fixed part is short
#:   (进一步, 加强…建设), so it spreads over more reports than any whole formulation: 17 of 55 reports at the
#:   median frame on gwr_national against 3 for slogans and passages, 7 for idioms.  Unweighted, frames
#:   filled 38 of the merged top 100 there (24 of the top 50) and 30 on policy_docs; at 0.75 (a frame ranks
#:   with a formulation √0.75 ≈ 0.87 of the way up its own list, i.e. 13 % lower) they are 23 and 14 of the
#:   top 100, next to 23 / 35 terms, 22 / 18 idioms, 17 / 25 slogans, 12 / 1 passages.  The judged
#:   precision of the merged top 100 does not move (98–99 / 91–92 useful between 0.7 and 1): the weight
#:   sets the mix of kinds, not what is in each kind.
KIND_WEIGHTS: Mapping[str, float] = MappingProxyType({"frame": 0.75})
#: The least "widest spread" a kind is measured against in :func:`typicality`: reports, so a phrase of one
#: report never counts as fully spread.
MIN_WIDEST = 2


def typicality(phrases: Sequence[Phrase], *, kind_weights: Mapping[str, float] | None = None) -> list[float]:
    """One score on one scale for phrases of every kind: ``w_kind × sqrt(spread) × quality²``.

    * ``quality = 1 − (r − 1) / n``: the phrase's place ``r`` (1 = best) among the ``n`` phrases of its kind
      by the miner's ``score``.  Scores of different kinds are on different scales (a passage's ``doc_freq
      + 1 − 1/c``, an idiom's entropy product); their within-kind percentile is on one.  Squared, because
      the share of useful phrases falls along a miner's list faster than linearly (its head is read, its
      tail is what the filters barely let through).
    * ``spread = doc_freq / max(max doc_freq of the kind, 2)``: typical phrases are used by many reports, but
      kinds spread differently by nature (a four-character idiom is in 60 of 76 reports, a whole repeated
      passage in 29), so the share is measured against the kind's most widespread phrase; the square root
      keeps a phrase of half the reports close to one of all (spread is evidence, quality the judgement).
      The floor of 2 (:data:`MIN_WIDEST`): a phrase of one report is typical of no genre, so a kind whose
      rows are each in one report (heading templates of one report's parallel headings in a small corpus)
      counts them as half spread instead of as widespread as it gets.
    * ``w_kind``: a per-kind calibration, :data:`KIND_WEIGHTS` unless ``kind_weights`` is given (see there
      for the values and how they were set); a kind without one (any kind a new miner adds) gets 1.

    Why not the product of raw ``doc_freq`` and quality: the kind whose miner favours the most widespread
    strings (terms) then fills the whole top 100 (88 of 100 on gwr_national).
    """
    weights = KIND_WEIGHTS if kind_weights is None else kind_weights
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, phrase in enumerate(phrases):
        by_kind[phrase.kind].append(i)
    out = [0.0] * len(phrases)
    for kind, rows in by_kind.items():
        rows.sort(key=lambda i: (-phrases[i].score, phrases[i].phrase))
        widest = max(MIN_WIDEST, *(phrases[i].doc_freq for i in rows))
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
