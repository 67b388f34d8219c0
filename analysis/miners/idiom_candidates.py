"""The idiom miner's judgement of its candidates by their words and form, all candidates at once.

:func:`~analysis.miners.idioms.score_idioms` reads the four-character strings of the character index that
pass the frequency bar as rows of character ids, and judges them here before it reads their neighbours:
the halves' productivity in the candidates (:class:`Halves`: partners and uses, one ``np.bincount`` per side
over the halves' ids), then the word, edge and form rules (:mod:`analysis.miners.idiom_rules`) in the order
of the per-candidate loop they replace (:func:`judge_candidates`), so that each candidate gets the same
reason.  The clause-final shares of the halves that a coordination needs
(:func:`~analysis.miners.idiom_form.clause_final_shares`) are read only for the halves of candidates whose
verdict they can change (:func:`clause_final_rows`), in the one query of the index that also gives the
neighbours of the candidates kept (:mod:`analysis.miners.idiom_neighbours`).

Measured (CPU, 2 vCPU shared): ``score_idioms`` at 30 MB of distinct text 2.7 s → 0.5 s, at 100 MB 3.6 s →
1.1–1.8 s, most of the rest the index's own scans of the stream (``aligned_of``, the neighbours' query);
the whole character task 5.7 s → 4.3 s and 16.8 s → 12.7 s.  Same idioms, same reasons, same counts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.index import WordIndex
from analysis.miners.idiom_facts import (
    FIRST,
    SECOND,
    WHOLE,
    GramFacts,
    TagCodes,
    freqs_of,
    joined,
    pair_ids,
    tags_of,
)
from analysis.miners.idiom_form import (
    ADVERBIAL_HALF_TAGS,
    MIN_PARTNERS,
    PREDICATE_HALF_TAGS,
    HalfPartners,
)
from analysis.miners.idiom_neighbours import Occurrences, clause_final_table
from analysis.miners.idiom_rules import (
    EDGE_REASONS,
    WORD_REASONS,
    compositional_mask,
    edge_codes,
    name_modifier_mask,
    predicate_mask,
    set_form_mask,
    word_codes,
)
from analysis.miners.idiom_words import IDIOM_LOCALISERS

__all__ = ["REASONS", "Halves", "Verdicts", "candidate_chars", "clause_final_rows", "judge_candidates"]

#: Every reason of :func:`judge_candidates`, by code: the word rules, the edge rules, then the form rules.
REASONS: tuple[str, ...] = (*WORD_REASONS, *EDGE_REASONS, "compositional", "name modifier", "rare unmarked")


def candidate_chars(index: WordIndex, rows: np.ndarray) -> np.ndarray:
    """``(len(rows), 4)`` character ids of the four-character n-grams ``rows`` of a character index."""
    chars = index.parts(4)[rows]
    lengths = np.fromiter(map(len, index.vocabulary), np.int64, len(index.vocabulary))
    if len(chars) and (lengths[chars] != 1).any():
        raise ValueError("the idiom miner reads a character index (WordIndex.build(characters=True))")
    return chars


@dataclass(frozen=True, slots=True)
class Halves:
    """The two-character halves of the candidates, made distinct (ids in key order).

    ``first``, ``second``: each candidate's ``g[:2]`` and ``g[2:]`` as half ids; ``text``, ``freq``: the half
    and its dictionary frequency (0 when none) by id; ``n_first``/``n_second``: the candidates opening /
    closing with the half (:func:`~analysis.miners.idiom_form.half_partners`), ``use_first``/``use_second``
    their summed frequencies (:func:`~analysis.miners.idiom_form.half_uses`).
    """

    first: np.ndarray
    second: np.ndarray
    text: list[str]
    freq: np.ndarray
    n_first: np.ndarray
    n_second: np.ndarray
    use_first: np.ndarray
    use_second: np.ndarray

    @classmethod
    def of(
        cls, chars: np.ndarray, vocabulary: Sequence[str], freqs: np.ndarray, *, word_freq: Mapping[str, int]
    ) -> Halves:
        """The halves of the rows of ``chars`` (frequencies ``freqs``): each distinct half looked up once."""
        ids, distinct = pair_ids(chars, (0, 2), len(vocabulary))
        text = joined(distinct, vocabulary)
        first, second = ids[:, 0], ids[:, 1]
        m = len(text)
        weights = np.asarray(freqs, dtype=np.int64)
        return cls(
            first,
            second,
            text,
            freqs_of(text, word_freq),
            np.bincount(first, minlength=m),
            np.bincount(second, minlength=m),
            np.bincount(first, weights=weights, minlength=m).astype(np.int64),
            np.bincount(second, weights=weights, minlength=m).astype(np.int64),
        )

    def partners(self, rows: np.ndarray) -> HalfPartners:
        """:class:`~analysis.miners.idiom_form.HalfPartners` of the halves of ``rows`` (their counts over all
        the candidates)."""
        return self._mappings(rows, self.n_first, self.n_second)

    def uses(self, rows: np.ndarray) -> HalfPartners:
        """:func:`~analysis.miners.idiom_form.half_uses` of the halves of ``rows`` (summed over all the
        candidates)."""
        return self._mappings(rows, self.use_first, self.use_second)

    def _mappings(self, rows: np.ndarray, first: np.ndarray, second: np.ndarray) -> HalfPartners:
        text = self.text
        return HalfPartners(
            {
                text[h]: n
                for h, n in zip(self.first[rows].tolist(), first[self.first[rows]].tolist(), strict=True)
            },
            {
                text[h]: n
                for h, n in zip(self.second[rows].tolist(), second[self.second[rows]].tolist(), strict=True)
            },
        )


@dataclass(frozen=True, slots=True)
class Verdicts:
    """The outcome of :func:`judge_candidates`: ``accepted`` (booleans over the rows judged), how many were
    rejected for each reason (reasons in code order) and the occurrences of the accepted rows (owned by
    their place among them)."""

    accepted: np.ndarray
    rejected: dict[str, int]
    neighbours: Occurrences


def clause_final_rows(
    index: WordIndex,
    chars: np.ndarray,
    halves: Halves,
    wanted: np.ndarray,
    *,
    word_tags: Mapping[str, str],
    word_freq: Mapping[str, int],
    codes: TagCodes,
) -> np.ndarray:
    """The candidates (places in ``chars``' rows) whose occurrences give the clause-final shares of the
    ``wanted`` halves (booleans by half id), as :func:`~analysis.miners.idiom_form.clause_final_shares` reads
    them: those ending with a wanted half held by some candidate that coordinates two predicates (both
    halves tagged :data:`~analysis.miners.idiom_form.PREDICATE_HALF_TAGS`, each with ``>= MIN_PARTNERS``
    partners, no set form).

    Why ``wanted``: a share changes the verdict of a candidate only through its own non-adverbial predicate
    halves, a few hundred halves of thousands; the others need no lookup of four characters.
    """
    half_tag = tags_of(halves.text, word_tags, codes, where=halves.freq > 0)
    predicate = codes.among(half_tag, PREDICATE_HALF_TAGS)
    first, second = halves.first, halves.second
    coordinated = predicate[first] & predicate[second] & (wanted[first] | wanted[second])
    coordinated &= (halves.n_first[first] >= MIN_PARTNERS) & (halves.n_second[second] >= MIN_PARTNERS)
    chosen = np.flatnonzero(coordinated)
    facts = GramFacts.of(
        chars[chosen],
        index.vocabulary,
        word_freq=word_freq,
        word_tags=word_tags,
        columns=(WHOLE,),
        codes=codes,
    )
    chosen = chosen[~set_form_mask(facts)]
    measured = np.zeros(len(halves.text), dtype=bool)
    measured[first[chosen]] = True
    measured[second[chosen]] = True
    return np.flatnonzero((measured & wanted)[second])


def _wanted_halves(
    facts: GramFacts, first: np.ndarray, second: np.ndarray, rejectable: np.ndarray, size: int
) -> np.ndarray:
    """By half id (``size`` halves): whether its clause-final share can change a verdict — a non-adverbial
    half of a candidate coordinating two predicates by their tags that
    :func:`~analysis.miners.idiom_form.compositional` rejects when the coordination fails (``rejectable``:
    the mask with every share 0).  Only such a half's share is read, and only there does it count."""
    always = np.ones(len(first))
    coordination = rejectable & predicate_mask(facts, always, always)
    wanted = np.zeros(size, dtype=bool)
    wanted[first[coordination & ~facts.among(facts.word_tag(FIRST), ADVERBIAL_HALF_TAGS)]] = True
    wanted[second[coordination & ~facts.among(facts.word_tag(SECOND), ADVERBIAL_HALF_TAGS)]] = True
    return wanted


def judge_candidates(
    index: WordIndex,
    rows: np.ndarray,
    judged: np.ndarray,
    chars: np.ndarray,
    halves: Halves,
    *,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
    function_chars: Collection[str],
    unmarked_docs: int,
) -> Verdicts:
    """The verdict on the candidates ``judged`` (places in ``rows``, the index rows that pass the frequency
    bar, of character ids ``chars`` and halves ``halves``): the first reason of
    :func:`~analysis.miners.idiom_words.idiom_rejection`, :func:`~analysis.miners.boundaries.edge_fault`,
    :func:`~analysis.miners.idiom_form.compositional` (halves' partners and clause-final shares over all of
    ``rows``), :func:`~analysis.miners.idiom_form.name_modifier`, and ``"rare unmarked"`` (no set form, no
    dictionary word, fewer than ``unmarked_docs`` reports), as :func:`~analysis.miners.idioms.score_idioms`
    documents them."""
    codes = TagCodes()
    facts = GramFacts.of(
        chars[judged],
        index.vocabulary,
        word_freq=word_freq,
        word_tags=word_tags,
        raw_head_tags=IDIOM_LOCALISERS,
        codes=codes,
    )
    word, edge = word_codes(facts, function_chars=function_chars), edge_codes(facts)
    code = np.where(word >= 0, word, np.where(edge >= 0, edge + len(WORD_REASONS), -1))
    first, second = halves.first[judged], halves.second[judged]
    n_first, n_second = halves.n_first[first], halves.n_second[second]
    docs = index.doc_freq_of(4)[rows[judged]]
    doc_share = docs / index.n_docs if index.n_docs else np.zeros(len(judged))

    def composed(first_share: np.ndarray, second_share: np.ndarray) -> np.ndarray:
        return compositional_mask(
            facts, n_first, n_second, doc_share=doc_share, first_share=first_share, second_share=second_share
        )

    never, always = np.zeros(len(judged)), np.ones(len(judged))
    wanted = _wanted_halves(facts, first, second, (code < 0) & composed(never, never), len(halves.text))
    ending = clause_final_rows(
        index, chars, halves, wanted, word_tags=word_tags, word_freq=word_freq, codes=codes
    )
    name = name_modifier_mask(facts, n_first)
    unmarked = ~(set_form_mask(facts) | (facts.freq[:, WHOLE] > 0)) & (docs < unmarked_docs)
    # one query for the shares' rows and for every row the shares may leave accepted (not compositional
    # even when every coordination holds)
    maybe = (code < 0) & ~composed(always, always) & ~name & ~unmarked
    asked = np.union1d(ending, judged[maybe])
    occurrences = Occurrences.of(index, rows[asked])
    share = clause_final_table(occurrences, halves.second[asked], np.isin(asked, ending), len(halves.text))
    compositional = composed(share[first], share[second])
    for mask, reason in (
        (compositional, "compositional"),
        (name, "name modifier"),
        (unmarked, "rare unmarked"),
    ):
        code[(code < 0) & mask] = REASONS.index(reason)
    counts = np.bincount(code[code >= 0], minlength=len(REASONS))
    accepted = judged[code < 0]
    return Verdicts(
        code < 0,
        {REASONS[i]: n for i, n in enumerate(counts.tolist()) if n},
        occurrences.of_places(np.searchsorted(asked, accepted), len(asked)),
    )
