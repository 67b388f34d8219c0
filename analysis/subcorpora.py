"""Keyness between two subcorpora, and collocations of a word: what quanteda users reach for first.

* :func:`compare`: the reports (or sections) of a corpus split by a ``metadata.csv`` column, the report's
  folder or the section type into a *target* (``--target 2018-2025``) and a *reference* (``--reference
  2013-2017``, by default everything else); each phrase-bank phrase and/or word gets its frequency on both
  sides, G², p-value and Log Ratio (:mod:`analysis.contrast`) and the side that over-uses it (``side``:
  ``target`` or ``reference``; G² and Log Ratio are given for that side, so both are ≥ 0 — a CSV cell never
  starts with ``-``), rows significant at a false discovery rate of 5 % (Benjamini–Hochberg) over all items
  tested, the target's first.
* :func:`collocations`: the words within ``window`` tokens of a word, by mutual information or
  log-likelihood (:func:`analysis.scoring.log_likelihood`).

Phrases are counted as in section keyness (non-overlapping, leftmost-longest matches in each sentence,
:func:`~analysis.phrasebank.count_phrase_occurrences`, sizes in characters); words are the jieba tokens
holding a CJK character (sizes in such tokens).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from .contrast import Contrast, contrast_rows, significant
from .phrasebank import count_phrase_occurrences
from .records import Phrase, Report, Sentence
from .scoring import log_likelihood
from .units import is_run_token

__all__ = ["Collocate", "CompareRow", "collocations", "compare", "side_selector"]

#: Phrase kinds compared by default (what section keyness counts).
COMPARED_KINDS: tuple[str, ...] = ("slogan", "term", "idiom")
_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|~|\.\.)\s*(-?\d+(?:\.\d+)?)\s*$")
TARGET, REFERENCE = "target", "reference"


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One item compared between the target and the reference subcorpus."""

    item: str
    unit: str  #: ``phrase`` or ``word``
    side: str  #: ``target`` or ``reference``: the side that over-uses the item
    freq_target: int
    freq_reference: int
    docs_target: int  #: reports of the target holding it
    docs_reference: int
    g2: float  #: log-likelihood (≥ 0) of the difference
    p_value: float
    log_ratio: float  #: log2 of (over-using side's rate / the other's), ≥ 0; a zero count counts as 0.5


def _matcher(spec: str) -> Callable[[str], bool]:
    """A value test: ``a-b`` (numbers) is an inclusive range, ``a,b,c`` a list, anything else one value."""
    match = _RANGE.match(spec)
    if match:
        low, high = sorted((float(match.group(1)), float(match.group(2))))

        def in_range(value: str) -> bool:
            try:
                return low <= float(value) <= high
            except ValueError:
                return False

        return in_range
    values = {v.strip() for v in spec.split(",")}
    return lambda value: value.strip() in values


def _value(report: Report, by: str) -> str:
    if by == "folder":
        parent = PurePosixPath(report.source).parent.as_posix()
        return "" if parent == "." else parent
    return str(report.metadata.get(by, ""))


def side_selector(
    reports: Sequence[Report], by: str, target: str, reference: str | None = None
) -> Callable[[Sentence], str | None]:
    """Sentence → ``"target"``, ``"reference"`` or None (in neither), for ``by`` = a metadata.csv column,
    ``folder`` or ``section_type``; ``reference=None``: everything not in the target.

    Raises :class:`ValueError` naming the columns there are when ``by`` is none of them, and when the target
    or the reference is empty.
    """
    in_target, in_reference = _matcher(target), _matcher(reference) if reference is not None else None

    def side(value: str) -> str | None:
        if in_target(value):
            return TARGET
        if in_reference is None or in_reference(value):
            return REFERENCE
        return None

    if by == "section_type":
        return lambda sentence: side(sentence.section_type)
    columns = sorted({key for r in reports for key in r.metadata if key != "file"})
    if by != "folder" and by not in columns:
        raise ValueError(
            f"no column {by!r} in the corpus: use folder, section_type or a metadata.csv column "
            f"({', '.join(columns) or 'there is no metadata.csv'})"
        )
    sides = {r.doc_id: side(_value(r, by)) for r in reports}
    found = Counter(sides.values())
    for name, spec in ((TARGET, target), (REFERENCE, reference or "(the rest)")):
        if not found[name]:
            raise ValueError(f"no report has {by} = {spec!r} ({name}); values: {_values(reports, by)}")
    return lambda sentence: sides.get(sentence.doc_id)


def _values(reports: Sequence[Report], by: str) -> str:
    values = sorted({_value(r, by) for r in reports})
    return ", ".join(values[:12]) + (" …" if len(values) > 12 else "")


def compare(
    reports: Sequence[Report],
    sentences: Sequence[Sentence],
    *,
    by: str,
    target: str,
    reference: str | None = None,
    phrases: Iterable[Phrase] = (),
    words: bool = False,
    min_freq: int = 3,
    min_docs: int = 2,
    alpha: float = 0.05,
    significant_only: bool = True,
) -> list[CompareRow]:
    """Target-vs-reference keyness of ``phrases`` (the phrase bank's slogans, terms and idioms) and, with
    ``words``, of the words (see the module docstring).  The target's rows first, each side by G²
    descending, then item."""
    side_of = side_selector(reports, by, target, reference)
    labelled = [s._replace(section_type=side) for s in sentences if not s.is_heading and (side := side_of(s))]
    tested: list[CompareRow] = []
    vocabulary = [p.phrase for p in phrases if p.kind in COMPARED_KINDS]
    if vocabulary:
        occurrences = count_phrase_occurrences(vocabulary, labelled)
        docs: dict[str, Counter[str]] = {TARGET: Counter(), REFERENCE: Counter()}
        for (_, side), table in occurrences.by_place.items():
            docs[side].update(table.keys())
        sizes = occurrences.section_chars
        counts = occurrences.by_section
        tested += _rows("phrase", counts, sizes, docs, min_freq=min_freq, min_docs=min_docs)
    if words:
        counts, sizes, docs = _word_counts(labelled)
        tested += _rows("word", counts, sizes, docs, min_freq=min_freq, min_docs=min_docs)
    kept = {id(r) for r in significant(tested, alpha=alpha)} if significant_only else {id(r) for r in tested}
    return sorted((r for r in tested if id(r) in kept), key=lambda r: (r.side != TARGET, -r.g2, r.item))


def _word_counts(
    labelled: Sequence[Sentence],
) -> tuple[dict[str, Counter[str]], dict[str, int], dict[str, Counter[str]]]:
    counts: dict[str, Counter[str]] = {TARGET: Counter(), REFERENCE: Counter()}
    in_docs: dict[str, dict[str, set[str]]] = {TARGET: {}, REFERENCE: {}}
    for sentence in labelled:
        words = [t for t in sentence.tokens if is_run_token(t)]
        counts[sentence.section_type].update(words)
        in_docs[sentence.section_type].setdefault(sentence.doc_id, set()).update(words)
    sizes = {side: sum(table.values()) for side, table in counts.items()}
    docs = {side: Counter(w for held in by_doc.values() for w in held) for side, by_doc in in_docs.items()}
    return counts, sizes, docs


def _rows(
    unit: str,
    counts: Mapping[str, Mapping[str, int]],
    sizes: Mapping[str, int],
    docs: Mapping[str, Mapping[str, int]],
    *,
    min_freq: int,
    min_docs: int,
) -> list[CompareRow]:
    """Items over-used in the target, then those over-used in the reference, each tested once."""
    t, r = counts.get(TARGET, {}), counts.get(REFERENCE, {})
    st, sr = sizes.get(TARGET, 0), sizes.get(REFERENCE, 0)
    out: list[CompareRow] = []
    for mine, other, size, rest, side in ((t, r, st, sr, TARGET), (r, t, sr, st, REFERENCE)):
        for c in contrast_rows(
            mine,
            other,
            total_target=size,
            total_reference=rest,
            doc_freq=docs.get(side, {}),
            min_freq=min_freq,
            min_docs=min_docs,
        ):
            if c.g2 > 0:
                out.append(_row(unit, c, docs, flipped=side == REFERENCE))
    return out


def _row(unit: str, c: Contrast, docs: Mapping[str, Mapping[str, int]], *, flipped: bool) -> CompareRow:
    """A row from a contrast of the over-using side against the other (``flipped``: the reference's)."""
    docs_t, docs_r = docs.get(TARGET, {}).get(c.item, 0), docs.get(REFERENCE, {}).get(c.item, 0)
    freq_t, freq_r = (c.freq_reference, c.freq) if flipped else (c.freq, c.freq_reference)
    side = REFERENCE if flipped else TARGET
    return CompareRow(c.item, unit, side, freq_t, freq_r, docs_t, docs_r, c.g2, c.p_value, c.log_ratio)


@dataclass(frozen=True, slots=True)
class Collocate:
    """A word seen near the node word."""

    word: str
    freq: int  #: co-occurrences within the window
    word_freq: int  #: occurrences of the word in the corpus
    mi: float  #: log2(observed / expected), expected = node × word × window slots / tokens
    log_likelihood: float  #: G² of the 2×2 table (window slots vs the rest, the word vs other words)


def collocations(
    sentences: Iterable[Sentence],
    word: str,
    *,
    window: int = 5,
    min_freq: int = 3,
    measure: str = "mi",
) -> list[Collocate]:
    """Collocates of ``word`` within ``window`` tokens on either side, in one sentence (words: tokens holding
    a CJK character; punctuation is skipped, not counted in the window; a word in the windows of two
    occurrences counts once).

    ``word`` is matched as one token or as a run of up to 6 consecutive tokens spelling it (a phrase jieba
    cuts in two).  With ``N`` words in the corpus and ``S`` window slots around the node's occurrences:
    ``expected = S × word_freq / N``, ``mi = log2(freq / expected)`` (Church & Hanks 1990) and G² of the
    table (``freq``, ``S``, ``word_freq``, ``N``; Dunning 1993).  Rows with ``freq >= min_freq``, sorted
    by ``measure`` (``mi`` or ``ll``) descending, then word.
    """
    if measure not in ("mi", "ll"):
        raise ValueError(f"measure={measure!r}: use 'mi' or 'll'")
    if window < 1:
        raise ValueError(f"window={window}: need >= 1")
    if not word:
        raise ValueError("empty word: give the word whose collocates to list, e.g. 改革")
    totals: Counter[str] = Counter()
    near: Counter[str] = Counter()
    slots = 0
    for sentence in sentences:
        words = [t for t in sentence.tokens if is_run_token(t)]
        totals.update(words)
        spans = _spans(words, word)
        if not spans:
            continue
        covered: set[int] = set()  # a word in the windows of two nearby occurrences counts once
        for start, end in spans:
            covered.update(range(max(0, start - window), start), range(end, min(len(words), end + window)))
        covered.difference_update(i for start, end in spans for i in range(start, end))
        near.update(words[i] for i in covered)
        slots += len(covered)
    n = sum(totals.values())
    rows = []
    for other, o in near.items():
        if o < min_freq or other == word:
            continue
        f = totals[other]
        expected = slots * f / n
        ll = log_likelihood(joint=o, left=slots, right=f, total=n)
        rows.append(Collocate(other, o, f, round(math.log2(o / expected), 4), round(ll, 4)))
    key = (lambda c: (-c.mi, c.word)) if measure == "mi" else (lambda c: (-c.log_likelihood, c.word))
    return sorted(rows, key=key)


def _spans(words: Sequence[str], word: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of 1–6 consecutive ``words`` spelling ``word``, left to right, not
    overlapping."""
    spans, i = [], 0
    while i < len(words):
        text, j = "", i
        while j < len(words) and j - i < 6 and len(text) < len(word):
            text += words[j]
            j += 1
        if text == word:
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans
