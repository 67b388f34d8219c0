"""The phrase bank: miners' candidates merged, one real example sentence each, ranked; section keyness.

Each miner of :mod:`analysis.miners` finds one kind of phrase (``slogans``: 提法, ``passages``: repeated
passages, ``terms``, ``idioms``, ``templates``: heading templates).  Here their outputs become one table:

* a phrase appears once, under the first kind of :data:`KIND_PRIORITY` that found it;
* every phrase gets ``example``: the first sentence of the corpus (in corpus order) containing it, preferring
  body sentences of readable length (:data:`GOOD_EXAMPLE_CHARS`) over headings and very long sentences;
  an example longer than :data:`MAX_EXAMPLE_CHARS` is cut to the clauses around the phrase (:func:`excerpt`);
  a phrase for which no sentence can be found is dropped, so every row can be checked against the corpus;
* every row gets ``rank``, its place in one ranking over all kinds (:mod:`analysis.ranking`: the
  within-kind percentile of the miner's score, squared, times the square root of the phrase's spread over
  reports relative to its kind's most widespread phrase);
* rows are sorted by kind, then score descending, then phrase (a fixed tie-break: same input, same bytes).

Official reports repeat sentences, so every scan reads each distinct sentence once: examples come from the
first of each (text, heading flag), counts (:func:`count_phrase_occurrences`, for both section keyness and
the per-report keywords) from the matches of each distinct text, both from one search of the sentences
(:mod:`analysis.phrase_scan`).  Results equal a sentence-by-sentence scan (tests/test_phrasebank_distinct.py).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .contrast import Contrast
from .phrase_scan import (
    PhraseMatcher,
    PhraseScan,
    counted_by_text,
    example_texts,
    place_counts,
    scan_phrases,
    scannable,
)
from .phrase_scan import _alternation as _alternation
from .ranking import rank_phrases as rank_phrases
from .ranking import typicality as typicality
from .records import PLACEHOLDER, Phrase, Sentence
from .tfidf import tfidf_of_counts

#: When two miners report the same string, the more specific kind wins.
KIND_PRIORITY: tuple[str, ...] = ("slogan", "heading", "frame", "name", "idiom", "term", "passage")
#: Sentence lengths (characters) that read well as an example.
GOOD_EXAMPLE_CHARS = (8, 160)
#: Longest example, in characters: a spreadsheet cell that can still be read.  The development corpora have
#: a few sentences of 300–461 characters; text without punctuation can give sentences of up to
#: :data:`analysis.segment.MAX_SENTENCE_CHARS`.
MAX_EXAMPLE_CHARS = 300
#: Marks after which a clause ends: a long example is cut only there (unless one clause is too long).
CLAUSE_MARKS = "，、；：,;:。！？!?"


@dataclass(frozen=True, slots=True)
class SectionPhrase:
    """A phrase over-used in one section type compared with all other sections (log-likelihood keyness;
    :mod:`analysis.contrast` for the p-value and Log Ratio)."""

    section_type: str
    phrase: str
    freq: int
    keyness: float  #: signed G²
    example: str
    p_value: float = 1.0  #: P(χ²₁ ≥ G²)
    log_ratio: float = 0.0  #: binary log of the ratio of relative frequencies (section / rest)
    doc_freq: int = 0  #: reports using it in that section type
    n_sentences: int = 0  #: distinct sentences of that section type holding it


def merge_candidates(candidates: Iterable[Phrase]) -> list[Phrase]:
    """One row per phrase string; the kind earliest in :data:`KIND_PRIORITY` wins, then the higher score."""
    rank = {kind: i for i, kind in enumerate(KIND_PRIORITY)}
    best: dict[str, Phrase] = {}
    for phrase in candidates:
        if not phrase.phrase or PLACEHOLDER in phrase.phrase:
            continue
        held = best.get(phrase.phrase)
        key = (rank.get(phrase.kind, len(rank)), -phrase.score)
        if held is None or key < (rank.get(held.kind, len(rank)), -held.score):
            best[phrase.phrase] = phrase
    return list(best.values())


def find_examples(phrases: Iterable[str], sentences: Sequence[Sentence] | PhraseScan) -> dict[str, str]:
    """Map each phrase to the first good sentence containing it (see module docstring).

    A leftmost-longest scan (:class:`PhraseMatcher`, longest first) finds most phrases; phrases hidden inside
    a longer phrase in every sentence of that scan are looked up again as substrings.  Both read each
    distinct sentence once (:func:`first_of_each`): a repeat offers the same text with the same goodness
    after its first occurrence, so it can never change the choice.  Both come from one
    :func:`~analysis.phrase_scan.scan_phrases` (given, or made here), which the counts can share.
    """
    wanted = list(phrases)
    scan = _scan_of(wanted, sentences)
    if scan is None:
        return _examples_in_order(wanted, first_of_each(_sentences(sentences)))
    return {p: excerpt(text, p) for p, text in example_texts(scan, wanted, GOOD_EXAMPLE_CHARS).items()}


def _scan_of(phrases: Sequence[str], sentences: Sequence[Sentence] | PhraseScan) -> PhraseScan | None:
    """The scan to read ``phrases`` from: the one given if it holds them, else one made of ``sentences``;
    None for phrases no scan can take (empty, or holding a newline)."""
    if not scannable(phrases):
        return None
    if isinstance(sentences, PhraseScan):
        return sentences if sentences.holds(phrases) else scan_phrases(phrases, sentences.sentences)
    return scan_phrases(phrases, sentences)


def _sentences(sentences: Sequence[Sentence] | PhraseScan) -> Sequence[Sentence]:
    return sentences.source if isinstance(sentences, PhraseScan) else sentences


def first_of_each(sentences: Iterable[Sentence]) -> list[Sentence]:
    """The first sentence of each distinct ``(text, is_heading)``, in corpus order.

    All that example choice reads of a sentence is its text and heading flag; a lighter key than
    :func:`analysis.distinct.group_sentences` (no tokens, no occurrence lists), as the places are not needed.
    """
    first: dict[tuple[str, bool], Sentence] = {}
    for sentence in sentences:
        first.setdefault((sentence.text, sentence.is_heading), sentence)
    return list(first.values())


def _examples_in_order(phrases: Iterable[str], sentences: Sequence[Sentence]) -> dict[str, str]:
    """:func:`find_examples` over sentences already reduced to the first of each (text, heading flag)."""
    wanted = set(phrases)
    good: dict[str, str] = {}
    fallback: dict[str, str] = {}
    low, high = GOOD_EXAMPLE_CHARS

    def offer(phrase: str, sentence: Sentence) -> None:
        if not sentence.is_heading and low <= len(sentence.text) <= high:
            good.setdefault(phrase, sentence.text)
        else:
            fallback.setdefault(phrase, sentence.text)

    matcher = PhraseMatcher(wanted)
    if not matcher:
        return {}
    findall = matcher.findall
    for sentence in sentences:
        for phrase in findall(sentence.text):
            offer(phrase, sentence)
        if len(good) == len(wanted):
            break
    for phrase in sorted(wanted - good.keys()):
        for sentence in sentences:
            if phrase in sentence.text:
                offer(phrase, sentence)
                if phrase in good:
                    break
    return {p: excerpt(good.get(p) or fallback[p], p) for p in wanted if p in good or p in fallback}


def excerpt(sentence: str, phrase: str, *, limit: int = MAX_EXAMPLE_CHARS) -> str:
    """``sentence`` if at most ``limit`` characters long, else the clauses around ``phrase`` that fit.

    The window starts as the clause holding the phrase's first occurrence (from after the clause mark
    before it to the clause mark after it, :data:`CLAUSE_MARKS`) and grows by whole clauses, the shorter
    neighbour first, while it fits; a clause longer than ``limit`` gives ``limit`` characters centred on the
    phrase.  The result is a substring of ``sentence``, at most ``limit`` characters long, holding the phrase;
    for a phrase longer than ``limit`` (a long passage) its first ``limit`` characters, and for a sentence
    that does not hold the phrase (a heading template's example) the sentence's first ``limit`` characters.
    """
    if len(sentence) <= limit:
        return sentence
    start = sentence.find(phrase) if phrase else -1
    if start < 0:
        return sentence[:limit]
    end = start + len(phrase)
    if end - start >= limit:
        return sentence[start : start + limit]
    n = len(sentence)
    bounds = [0, *(i + 1 for i, ch in enumerate(sentence[:-1]) if ch in CLAUSE_MARKS), n]  # clause edges
    lo, hi = bisect_right(bounds, start) - 1, bisect_left(bounds, end)  # the clause(s) holding the phrase
    if bounds[hi] - bounds[lo] > limit:  # one clause too long: a window centred on the phrase
        left = max(0, min(start - (limit - len(phrase)) // 2, n - limit))
        return sentence[left : left + limit]
    while True:
        grown = [(bounds[hi] - bounds[lo - 1], lo - 1, hi)] if lo > 0 else []
        grown += [(bounds[hi + 1] - bounds[lo], lo, hi + 1)] if hi < len(bounds) - 1 else []
        fitting = [option for option in grown if option[0] <= limit]
        if not fitting:
            return sentence[bounds[lo] : bounds[hi]].strip()
        _, lo, hi = min(fitting)


def sort_phrases(phrases: Iterable[Phrase]) -> list[Phrase]:
    """By kind, then score descending, then phrase: a total order, so output is reproducible."""
    return sorted(phrases, key=lambda p: (p.kind, -p.score, p.phrase))


def build_phrase_bank(candidates: Iterable[Phrase], sentences: Sequence[Sentence]) -> list[Phrase]:
    """Merge, attach real examples (a miner's own example kept, e.g. a template's heading), rank, sort."""
    merged = merge_candidates(candidates)
    return attach_examples(merged, find_examples(without_example(merged), sentences))


def without_example(merged: Iterable[Phrase]) -> list[str]:
    """The phrases whose miner gave no example: :func:`find_examples` looks for theirs."""
    return [p.phrase for p in merged if not p.example]


def phrase_bank_scan(
    merged: Sequence[Phrase], sentences: Sequence[Sentence], *, counted: Iterable[str]
) -> PhraseScan:
    """One :func:`~analysis.phrase_scan.scan_phrases` for :func:`find_examples` (the phrases
    :func:`without_example`) and :func:`count_phrase_occurrences` (the phrases of the ``counted`` kinds)."""
    kinds = set(counted)
    return scan_phrases([p.phrase for p in merged if not p.example or p.kind in kinds], sentences)


def attach_examples(merged: Iterable[Phrase], examples: Mapping[str, str]) -> list[Phrase]:
    """The phrase bank: each merged phrase with its example (a phrase without one is left out), sorted."""
    rows = []
    for phrase in merged:
        example = (
            excerpt(phrase.example, phrase.phrase) if phrase.example else examples.get(phrase.phrase, "")
        )
        if example:
            rows.append(replace(phrase, score=round(phrase.score, 6), example=example))
    return sort_phrases(rank_phrases(rows))


def section_phrase_rows(
    keyness: Iterable[tuple[str, Contrast]],
    sentences: Sequence[Sentence],
) -> list[SectionPhrase]:
    """Attach to each ``(section_type, contrast)`` an example sentence from that section type.

    The example is :func:`find_examples` over that section type's sentences, so what counts is the order of
    first occurrence *within the section type* (a sentence first seen elsewhere may come later here): one pass
    keeps, per section type, the first sentence of each (text, heading flag) in that order.
    """
    by_type: dict[str, list[Contrast]] = defaultdict(list)
    for section_type, row in keyness:
        by_type[section_type].append(row)
    firsts: dict[str, dict[tuple[str, bool], Sentence]] = {section_type: {} for section_type in by_type}
    for sentence in sentences:
        table = firsts.get(sentence.section_type)
        if table is not None:
            table.setdefault((sentence.text, sentence.is_heading), sentence)
    rows: list[SectionPhrase] = []
    for section_type, items in by_type.items():
        examples = _examples_in_order((r.item for r in items), list(firsts[section_type].values()))
        rows.extend(
            SectionPhrase(
                section_type,
                r.item,
                r.freq,
                round(r.g2, 4),
                examples[r.item],
                r.p_value,
                r.log_ratio,
                r.doc_freq,
                r.n_sentences,
            )
            for r in items
            if r.item in examples
        )
    return sorted(rows, key=lambda r: (r.section_type, -r.keyness, r.phrase))


@dataclass(frozen=True, slots=True)
class PhraseOccurrences:
    """Non-overlapping leftmost-longest matches of listed phrases per (report, section type).

    One scan feeds both section keyness (:attr:`by_section`, :attr:`section_chars`) and the per-report
    TF-IDF keywords (:attr:`by_document`).
    """

    by_place: Mapping[tuple[str, str], Mapping[str, int]]  #: (doc_id, section_type) → phrase → occurrences
    section_chars: Mapping[str, int]  #: section_type → Σ len(text) over its sentences (matched or not)
    #: section_type → phrase → distinct sentence texts of that section type holding it
    section_texts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @property
    def by_document(self) -> dict[str, dict[str, int]]:
        """doc_id → phrase → occurrences (summed over section types)."""
        return _merge_places(self.by_place, 0)

    @property
    def by_section(self) -> dict[str, dict[str, int]]:
        """section_type → phrase → occurrences (summed over reports)."""
        return _merge_places(self.by_place, 1)


def _merge_places(
    by_place: Mapping[tuple[str, str], Mapping[str, int]], part: int
) -> dict[str, dict[str, int]]:
    """Per-place tables summed by ``place[part]``: part 0 keeps reports, part 1 section types."""
    merged: dict[str, dict[str, int]] = {}
    for place, table in by_place.items():
        into = merged.setdefault(place[part], {})
        for phrase, n in table.items():
            into[phrase] = into.get(phrase, 0) + n
    return merged


def count_phrase_occurrences(
    phrases: Iterable[str], sentences: Sequence[Sentence] | PhraseScan
) -> PhraseOccurrences:
    """Count phrase matches per (report, section type), scanning each distinct text once.

    Matches depend on the text alone, so they are found once per distinct text and counted at every
    occurrence; each occurrence adds ``len(text)`` to its section type's characters.  Equal to a
    sentence-by-sentence scan.  From one :func:`~analysis.phrase_scan.scan_phrases` (given, or made here:
    :func:`~analysis.phrase_scan.place_counts`); phrases no scan can take by the memoised scan below.
    """
    wanted = list(phrases)
    scan = _scan_of(wanted, sentences)
    if scan is not None:
        return PhraseOccurrences(*place_counts(scan, wanted))
    return PhraseOccurrences(*counted_by_text(wanted, _sentences(sentences)))


def phrase_document_counts(
    phrases: Iterable[str], sentences: Iterable[Sentence]
) -> Mapping[str, Mapping[str, int]]:
    """``{doc_id: {phrase: occurrences}}`` by a longest-first scan of sentence texts (non-overlapping).

    :func:`count_phrase_occurrences` ``.by_document``: each distinct sentence is scanned once.
    """
    return count_phrase_occurrences(phrases, sentences).by_document


def document_keyword_rows(
    counts: Mapping[str, Mapping[str, int]], *, top_n: int
) -> list[tuple[str, str, float]]:
    """TF-IDF keywords ``(doc_id, phrase, weight > 0)`` of each report from its phrase counts.

    :func:`~analysis.tfidf.tfidf_of_counts`: :func:`~analysis.tfidf.tfidf_table` over each report's
    phrases as if each were repeated as often as it occurs (own-corpus IDF, sublinear tf); reports and
    phrases in sorted order, so the result is reproducible.
    """
    return tfidf_of_counts(counts, top_n=top_n)
