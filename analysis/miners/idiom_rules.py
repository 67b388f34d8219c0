"""The word, edge and form rules of the idiom miner over arrays, one four-character candidate per row.

:func:`~analysis.miners.idiom_words.idiom_rejection`, :func:`~analysis.miners.boundaries.edge_fault` (of four
characters), :func:`~analysis.miners.idiom_form.has_set_form`,
:func:`~analysis.miners.idiom_form.predicate_coordination`, :func:`~analysis.miners.idiom_form.compositional`
and :func:`~analysis.miners.idiom_form.name_modifier` are the specification (their docstrings give the rules
and why); here each runs as numpy masks over the dictionary facts of all candidates
(:class:`~analysis.miners.idiom_facts.GramFacts`), the checks in the function's order, so that each
candidate gets the reason the function gives it (``tests/test_idiom_rules.py`` compares them on fixtures and
on generated candidates).  Why: called once per candidate, with 2–6 dictionary lookups per call, the
functions were 1.6 s of the miner's 2.3 s at 30 MB of text.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from analysis.miners.boundaries import (
    DEGREE_CHARS,
    FREE_EDGE_CHARS,
    FUNCTION_TAGS,
    LINK_CHARS,
    UNIT_TAGS,
)
from analysis.miners.idiom_facts import FIRST, HEAD, MIDDLE, SECOND, TAIL, WHOLE, GramFacts
from analysis.miners.idiom_form import (
    ADVERBIAL_HALF_TAGS,
    BOUND_NONWORD_PARTNERS,
    MIN_CLAUSE_FINAL_SHARE,
    MIN_PARTNERS,
    NAME_HALF_MIN_FREQ,
    NAME_HALF_TAGS,
    NOUN_HALF_TAGS,
    PREDICATE_HALF_TAGS,
    SET_PHRASE_TAGS,
    USED_UNIT_MAX_PARTNERS,
    USED_UNIT_MIN_DOC_SHARE,
)
from analysis.miners.idiom_words import (
    HEAD_NOUN_TAGS,
    IDIOM_FUNCTION_CHARS,
    IDIOM_LOCALISERS,
    IDIOM_NUMERALS,
    IDIOM_PREPOSITIONS,
    MODIFIER_TAGS,
    NOMINAL_TAGS,
    PLACE_TAGS,
    PREDICATE_TAGS,
    VERB_HALF_TAGS,
)

__all__ = [
    "EDGE_REASONS",
    "WORD_REASONS",
    "compositional_mask",
    "edge_codes",
    "name_modifier_mask",
    "predicate_mask",
    "set_form_mask",
    "word_codes",
]

#: The reasons :func:`~analysis.miners.idiom_words.idiom_rejection` gives, by code.
WORD_REASONS: tuple[str, ...] = (
    "locative",
    "tag",
    "preposition",
    "temporal",
    "function",
    "numeral",
    "three plus one",
    "count",
    "particle inside",
    "abbreviation",
    "place name",
    "nominal",
    "compound",
    "verb phrase",
)
#: The reasons :func:`~analysis.miners.boundaries.edge_fault` gives (with its word rules), by code.
EDGE_REASONS: tuple[str, ...] = (
    "function start",
    "function end",
    "link end",
    "degree start",
    "link start",
    "quantifier start",
    "quantifier end",
)


class _Verdicts:
    """First match wins: a reason code per row, -1 while undecided or accepted."""

    def __init__(self, n: int, reasons: tuple[str, ...]) -> None:
        self.code = np.full(n, -1, dtype=np.int64)
        self.open = np.ones(n, dtype=bool)
        self._reasons = reasons

    def reject(self, mask: np.ndarray, reason: str) -> None:
        hit = self.open & mask
        self.code[hit] = self._reasons.index(reason)
        self.open &= ~hit

    def accept(self, mask: np.ndarray) -> None:
        self.open &= ~mask


def word_codes(
    facts: GramFacts,
    *,
    common_noun_freq: int = 1500,
    common_word_freq: int = 1000,
    subject_freq: int = 100,
    function_chars: Collection[str] = IDIOM_FUNCTION_CHARS,
) -> np.ndarray:
    """Per row: the code in :data:`WORD_REASONS` of :func:`~analysis.miners.idiom_words.idiom_rejection`
    (same parameters), -1 for None.  ``facts`` built with ``raw_head_tags=IDIOM_LOCALISERS``."""
    freq, tags, among = facts.freq, facts.tag, facts.among
    verdicts = _Verdicts(len(freq), WORD_REASONS)
    tag = facts.word_tag(WHOLE)
    parallel = facts.parallel
    nounish = facts.codes.test(tags[:, MIDDLE], _nounish) | facts.codes.test(tags[:, HEAD], _nounish)
    verdicts.reject(facts.has(IDIOM_LOCALISERS)[:, 3] & nounish, "locative")
    verdicts.accept(among(tag, {"i"}))
    known = SET_PHRASE_TAGS | NOMINAL_TAGS | PREDICATE_TAGS
    verdicts.reject((tag > 0) & ~among(tag, known) & ~parallel, "tag")
    after = (freq[:, TAIL] > 0) | (freq[:, MIDDLE] > 0) | (freq[:, SECOND] > 0)
    verdicts.reject(facts.has(IDIOM_PREPOSITIONS)[:, 0] & after, "preposition")
    verdicts.reject(among(tags[:, :3], {"t"}).any(axis=1), "temporal")
    verdicts.reject(facts.has(frozenset(function_chars)).sum(axis=1) >= 2, "function")
    numeral = facts.has(IDIOM_NUMERALS)
    verdicts.reject(numeral.all(axis=1), "numeral")
    verdicts.reject((freq[:, HEAD] > 0) | (freq[:, TAIL] > 0), "three plus one")
    verdicts.reject(numeral[:, 2] & ~numeral[:, :2].any(axis=1) & ~numeral[:, 3], "count")
    free, rare = facts.has(FREE_EDGE_CHARS), freq[:, :3] < 10
    inside = (free[:, 1] & rare[:, FIRST] & rare[:, MIDDLE]) | (
        free[:, 2] & rare[:, MIDDLE] & rare[:, SECOND]
    )
    verdicts.reject(inside, "particle inside")
    first_tag, second_tag = facts.word_tag(FIRST), facts.word_tag(SECOND)
    first_freq, second_freq = freq[:, FIRST], freq[:, SECOND]
    verdicts.reject(among(first_tag, {"j"}) | among(second_tag, {"j"}), "abbreviation")
    verdicts.reject(among(second_tag, PLACE_TAGS) & (tag == 0) & ~parallel, "place name")
    head_noun = among(second_tag, HEAD_NOUN_TAGS)
    listed_nominal = (
        among(tag, SET_PHRASE_TAGS)
        & among(first_tag, {"v", "vn"})
        & (first_freq >= common_word_freq)
        & head_noun
        & (second_freq >= subject_freq)
        & ~parallel
    )
    verdicts.reject(listed_nominal, "nominal")
    modified = among(tag, NOMINAL_TAGS) | among(first_tag, MODIFIER_TAGS) | (second_freq >= common_noun_freq)
    verdicts.reject(head_noun & modified, "nominal")
    subject = among(first_tag, {"n"}) & among(second_tag, {"v", "vn"}) & (first_freq >= subject_freq)
    verdicts.reject(subject, "nominal")
    unlisted = tag == 0
    verdicts.reject(
        unlisted & among(first_tag, HEAD_NOUN_TAGS) & (first_freq >= common_word_freq), "compound"
    )
    verb = (among(first_tag, VERB_HALF_TAGS) & (first_freq >= common_word_freq)) | (
        among(second_tag, {"v"}) & (second_freq >= common_word_freq)
    )
    verdicts.reject(unlisted & verb, "verb phrase")
    return verdicts.code


def _nounish(tag: str | None) -> bool:
    """``word_tags.get(part, "").startswith("n")``."""
    return tag is not None and tag.startswith("n")


def edge_codes(facts: GramFacts, *, min_word_freq: int = 10) -> np.ndarray:
    """Per row: the code in :data:`EDGE_REASONS` of :func:`~analysis.miners.boundaries.edge_fault` of the
    four characters (with its word rules), -1 for None."""
    freq, tags, among = facts.freq, facts.tag, facts.among
    verdicts = _Verdicts(len(freq), EDGE_REASONS)
    whole = freq[:, WHOLE]
    verdicts.accept((whole > 0) & (among(tags[:, WHOLE], UNIT_TAGS) | (whole >= min_word_freq)))
    start_free, end_free = freq[:, FIRST] < min_word_freq, freq[:, SECOND] < min_word_freq
    free, link, degree = facts.has(FREE_EDGE_CHARS), facts.has(LINK_CHARS), facts.has(DEGREE_CHARS)
    verdicts.reject(free[:, 0] & start_free, "function start")
    verdicts.reject(free[:, 3] & end_free, "function end")
    verdicts.reject(link[:, 3] & end_free, "link end")
    starts = (freq[:, FIRST] > 0) | (freq[:, HEAD] > 0)  # a start word: its first character is g[0]
    verdicts.reject(degree[:, 0] & (start_free | starts), "degree start")
    verdicts.reject(link[:, 0] & start_free & (freq[:, MIDDLE] > 0), "link start")
    verdicts.accept(facts.parallel)
    quantifier = [(freq[:, c] > 0) & among(tags[:, c], FUNCTION_TAGS) for c in (FIRST, HEAD, SECOND, TAIL)]
    verdicts.reject(quantifier[0] | quantifier[1], "quantifier start")
    ends = (quantifier[2] | ((freq[:, SECOND] > 0) & degree[:, 2])) | (
        quantifier[3] | ((freq[:, TAIL] > 0) & degree[:, 1])
    )
    verdicts.reject(ends, "quantifier end")
    return verdicts.code


def set_form_mask(facts: GramFacts) -> np.ndarray:
    """:func:`~analysis.miners.idiom_form.has_set_form` per row."""
    return ((facts.freq[:, WHOLE] > 0) & facts.among(facts.tag[:, WHOLE], SET_PHRASE_TAGS)) | facts.parallel


def predicate_mask(
    facts: GramFacts,
    first_share: np.ndarray,
    second_share: np.ndarray,
    *,
    min_share: float = MIN_CLAUSE_FINAL_SHARE,
) -> np.ndarray:
    """:func:`~analysis.miners.idiom_form.predicate_coordination` per row; ``first_share``, ``second_share``:
    the clause-final share of each half, 1.0 where ``clause_final`` does not know it."""
    first_tag, second_tag = facts.word_tag(FIRST), facts.word_tag(SECOND)
    predicates = facts.among(first_tag, PREDICATE_HALF_TAGS) & facts.among(second_tag, PREDICATE_HALF_TAGS)
    first_ends = facts.among(first_tag, ADVERBIAL_HALF_TAGS) | (first_share >= min_share)
    second_ends = facts.among(second_tag, ADVERBIAL_HALF_TAGS) | (second_share >= min_share)
    return predicates & first_ends & second_ends


def compositional_mask(
    facts: GramFacts,
    n_first: np.ndarray,
    n_second: np.ndarray,
    *,
    doc_share: np.ndarray,
    first_share: np.ndarray,
    second_share: np.ndarray,
    min_partners: int = MIN_PARTNERS,
    nonword_partners: int = BOUND_NONWORD_PARTNERS,
    used_unit_share: float = USED_UNIT_MIN_DOC_SHARE,
    used_unit_partners: int = USED_UNIT_MAX_PARTNERS,
) -> np.ndarray:
    """:func:`~analysis.miners.idiom_form.compositional` per row: ``n_first``, ``n_second`` the partners of
    the halves, ``doc_share`` the candidate's, ``first_share``/``second_share`` as for
    :func:`predicate_mask`."""
    first_word, second_word = facts.freq[:, FIRST] > 0, facts.freq[:, SECOND] > 0
    bound = ~first_word & ~second_word & (np.maximum(n_first, n_second) < nonword_partners)
    free = (n_first >= min_partners) & (n_second >= min_partners)
    used_unit = (doc_share >= used_unit_share) & (np.minimum(n_first, n_second) < used_unit_partners)
    exempt = set_form_mask(facts) | predicate_mask(facts, first_share, second_share) | bound
    return ~exempt & free & ~(first_word & second_word & used_unit)


def name_modifier_mask(
    facts: GramFacts,
    n_first: np.ndarray,
    *,
    min_partners: int = MIN_PARTNERS,
    min_freq: int = NAME_HALF_MIN_FREQ,
) -> np.ndarray:
    """:func:`~analysis.miners.idiom_form.name_modifier` per row (``n_first``: partners of the first half)."""
    freq, tags = facts.freq, facts.tag
    name = (freq[:, FIRST] >= min_freq) & facts.among(tags[:, FIRST], NAME_HALF_TAGS)
    head = (freq[:, SECOND] == 0) | facts.among(tags[:, SECOND], NOUN_HALF_TAGS)
    return ~set_form_mask(facts) & name & (n_first >= min_partners) & head
