"""The phrase bank: miners' candidates merged, one real example sentence each, ranked; section keyness.

Each miner finds one kind of phrase (``slogans``: 提法 and repeated passages, ``terms``: terms and idioms,
``templates``: heading templates).  Here their outputs become one table:

* a phrase appears once, under the first kind of :data:`KIND_PRIORITY` that found it;
* every phrase gets ``example``: the first sentence of the corpus (in corpus order) containing it, preferring
  body sentences of readable length (:data:`GOOD_EXAMPLE_CHARS`) over headings and very long sentences;
  a phrase for which no sentence can be found is dropped, so every row can be checked against the corpus;
* rows are sorted by kind, then score descending, then phrase (a fixed tie-break: same input, same bytes).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import add

from .records import PLACEHOLDER, Phrase, Sentence

#: When two miners report the same string, the more specific kind wins.
KIND_PRIORITY: tuple[str, ...] = ("slogan", "heading", "idiom", "term", "passage")
#: Sentence lengths (characters) that read well as an example.
GOOD_EXAMPLE_CHARS = (8, 160)


@dataclass(frozen=True, slots=True)
class SectionPhrase:
    """A phrase over-used in one section type compared with all other sections (log-likelihood keyness)."""

    section_type: str
    phrase: str
    freq: int
    keyness: float
    example: str


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


def _alternation(phrases: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not unique:
        return None
    return re.compile("|".join(map(re.escape, unique)))


class PhraseMatcher:
    """Leftmost-longest, non-overlapping occurrences of literal phrases: a fast longest-first alternation.

    ``PhraseMatcher(phrases).findall(text)`` equals ``re.findall("|".join(longest first), text)``: scanning
    left to right, at the first position where some phrase starts the longest phrase starting there is taken,
    and the scan resumes after it.  Why not the regex: ``re`` tries every alternative at every position
    (O(phrases × characters)); here phrases are indexed by their first two characters and only positions
    whose character bigram starts some phrase are tried, longest phrase first (4× faster for 1 300 phrases).
    One-character phrases take a slower per-character scan; the empty phrase falls back to the regex.
    """

    __slots__ = ("_by_bigram", "_pattern", "_singles")

    def __init__(self, phrases: Iterable[str]) -> None:
        unique = sorted(set(phrases), key=lambda p: (-len(p), p))
        self._by_bigram: dict[str, list[str]] = {}
        self._singles: frozenset[str] = frozenset(p for p in unique if len(p) == 1)
        self._pattern = _alternation(unique) if "" in unique else None
        for phrase in unique:
            if len(phrase) > 1:
                self._by_bigram.setdefault(phrase[:2], []).append(phrase)

    def __bool__(self) -> bool:
        return bool(self._by_bigram or self._singles or self._pattern is not None)

    def findall(self, text: str) -> list[str]:
        """The matched phrases of ``text``, in order."""
        if self._pattern is not None:
            return self._pattern.findall(text)
        if self._singles:
            return self._findall_with_singles(text)
        by_bigram = self._by_bigram
        hits = [i for i, bigram in enumerate(map(add, text, text[1:])) if bigram in by_bigram]
        if not hits:
            return hits
        found: list[str] = []
        startswith = text.startswith
        resume = 0
        for i in hits:
            if i < resume:
                continue
            for phrase in by_bigram[text[i : i + 2]]:
                if startswith(phrase, i):
                    found.append(phrase)
                    resume = i + len(phrase)
                    break
        return found

    def _findall_with_singles(self, text: str) -> list[str]:
        get = self._by_bigram.get
        singles = self._singles
        found: list[str] = []
        i, n = 0, len(text)
        while i < n:
            for phrase in get(text[i : i + 2], ()):
                if text.startswith(phrase, i):
                    found.append(phrase)
                    i += len(phrase)
                    break
            else:
                if text[i] in singles:
                    found.append(text[i])
                i += 1
        return found


def find_examples(phrases: Iterable[str], sentences: Sequence[Sentence]) -> dict[str, str]:
    """Map each phrase to the first good sentence containing it (see module docstring).

    One scan with a :class:`PhraseMatcher` (longest first) finds most phrases; phrases hidden inside a longer
    phrase in every sentence of that scan are looked up again one by one.
    """
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
    return {p: good.get(p) or fallback[p] for p in wanted if p in good or p in fallback}


def sort_phrases(phrases: Iterable[Phrase]) -> list[Phrase]:
    """By kind, then score descending, then phrase: a total order, so output is reproducible."""
    return sorted(phrases, key=lambda p: (p.kind, -p.score, p.phrase))


def build_phrase_bank(candidates: Iterable[Phrase], sentences: Sequence[Sentence]) -> list[Phrase]:
    """Merge, attach real examples (keeping a miner's own example, e.g. a heading for a template), sort."""
    merged = merge_candidates(candidates)
    examples = find_examples((p.phrase for p in merged if not p.example), sentences)
    rows = []
    for phrase in merged:
        example = phrase.example or examples.get(phrase.phrase, "")
        if example:
            rows.append(replace(phrase, score=round(phrase.score, 6), example=example))
    return sort_phrases(rows)


def section_phrase_rows(
    keyness: Iterable[tuple[str, str, int, float]],
    sentences: Sequence[Sentence],
) -> list[SectionPhrase]:
    """Attach to each (section_type, phrase, freq, keyness) an example sentence from that section type."""
    by_type: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for section_type, phrase, freq, score in keyness:
        by_type[section_type].append((phrase, freq, score))
    rows: list[SectionPhrase] = []
    for section_type, items in by_type.items():
        in_section = [s for s in sentences if s.section_type == section_type]
        examples = find_examples((p for p, _, _ in items), in_section)
        rows.extend(
            SectionPhrase(section_type, phrase, freq, round(score, 4), examples[phrase])
            for phrase, freq, score in items
            if phrase in examples
        )
    return sorted(rows, key=lambda r: (r.section_type, -r.keyness, r.phrase))


def phrase_document_counts(
    phrases: Iterable[str], sentences: Iterable[Sentence]
) -> Mapping[str, Mapping[str, int]]:
    """``{doc_id: {phrase: occurrences}}`` by a longest-first scan of sentence texts (non-overlapping)."""
    matcher = PhraseMatcher(phrases)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if not matcher:
        return {}
    findall = matcher.findall
    for sentence in sentences:
        for phrase in findall(sentence.text):
            counts[sentence.doc_id][phrase] += 1
    return {doc: dict(c) for doc, c in counts.items()}
