"""Section keyness: the phrases a section type (achievements, problems, causes, measures …) over-uses.

Reads the sentences with their section types and the phrase bank's phrases: the counting is
:mod:`analysis.phrasebank`'s (it counts every phrase once per distinct sentence for the examples and TF-IDF
too), the statistics :mod:`analysis.contrast`'s, so this module depends on both and never the other way round.

Each section type is compared with all other sections together (``preamble``, the text before the first
heading, is a section type of its own here).  A row says how sure (G², p-value) and how big (Log Ratio) the
difference is, and how widely it is supported (reports, distinct sentences).  By default only rows that are

* over-used (G² > 0) and used ``min_freq`` times or more,
* in ``min_docs`` = 2 reports or more of that section type (one report's repeated sentence cannot top a
  section), and
* significant at a false discovery rate of 5 % (Benjamini–Hochberg over the ``m`` (section type, phrase)
  pairs tested: :func:`analysis.contrast.significant`)

are kept; ``significant_only=False`` keeps the over-used rows whatever their p-value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from analysis.contrast import Contrast, contrast_rows, significant
from analysis.miners.frames import FrameMining
from analysis.phrasebank import PhraseOccurrences, SectionPhrase, count_phrase_occurrences
from analysis.records import Sentence

__all__ = ["section_contrasts", "section_frame_rows", "section_keyness", "section_keyness_rows"]


def section_keyness(
    sentences: Iterable[Sentence],
    phrases: Iterable[str],
    *,
    min_freq: int = 2,
    min_docs: int = 2,
    alpha: float = 0.05,
    significant_only: bool = True,
) -> list[tuple[str, Contrast]]:
    """Phrases over-used in a section type: ``(section_type, Contrast)`` rows (see the module docstring).

    Occurrences are non-overlapping, leftmost-longest matches of the phrases in each sentence text (a phrase
    inside a longer listed phrase is not counted there).  Section size is its number of characters.  Sorted by
    section type, G² descending, phrase.  Each distinct sentence is scanned once and weighted by its
    occurrences per section type (section sizes too): :func:`~analysis.phrasebank.count_phrase_occurrences`,
    then :func:`section_keyness_rows`.
    """
    occurrences = count_phrase_occurrences((p for p in phrases if p), sentences)
    return section_keyness_rows(
        occurrences, min_freq=min_freq, min_docs=min_docs, alpha=alpha, significant_only=significant_only
    )


def section_keyness_rows(
    occurrences: PhraseOccurrences,
    *,
    min_freq: int = 2,
    min_docs: int = 2,
    alpha: float = 0.05,
    significant_only: bool = True,
) -> list[tuple[str, Contrast]]:
    """:func:`section_keyness` from counted occurrences: each section type (of ``section_chars``
    characters) against all the other sections."""
    docs: dict[str, dict[str, int]] = {}
    for (_, section), table in occurrences.by_place.items():
        into = docs.setdefault(section, {})
        for phrase in table:
            into[phrase] = into.get(phrase, 0) + 1
    return section_contrasts(
        occurrences.by_section,
        occurrences.section_chars,
        docs,
        occurrences.section_texts,
        min_freq=min_freq,
        min_docs=min_docs,
        alpha=alpha,
        significant_only=significant_only,
    )


def section_contrasts(
    by_section: Mapping[str, Mapping[str, int]],
    sizes: Mapping[str, int],
    docs: Mapping[str, Mapping[str, int]],
    sentences: Mapping[str, Mapping[str, int]],
    *,
    min_freq: int = 2,
    min_docs: int = 2,
    alpha: float = 0.05,
    significant_only: bool = True,
) -> list[tuple[str, Contrast]]:
    """Each section type against the rest: ``by_section[type][item]`` occurrences among ``sizes[type]``
    units (characters, clauses …), ``docs[type][item]`` reports, ``sentences[type][item]`` distinct
    sentences; over-used rows, Benjamini–Hochberg over every (type, item) pair tested, sorted by type, G²
    descending, item.
    """
    overall: dict[str, int] = {}
    for table in by_section.values():
        for item, n in table.items():
            overall[item] = overall.get(item, 0) + n
    corpus_size = sum(sizes.values())
    tested: list[tuple[str, Contrast]] = []
    for section, table in by_section.items():
        size = sizes.get(section, 0)
        rest = corpus_size - size
        if rest <= 0 or size <= 0:
            continue  # a single section type: nothing to compare with
        reference = {item: overall[item] - n for item, n in table.items()}
        rows = contrast_rows(
            table,
            reference,
            total_target=size,
            total_reference=rest,
            doc_freq=docs.get(section, {}),
            n_sentences=sentences.get(section, {}),
            min_freq=min_freq,
            min_docs=min_docs,
        )
        tested.extend((section, row) for row in rows)
    kept = {id(row) for row in significant((row for _, row in tested), alpha=alpha, tests=len(tested))}
    out = [
        (section, row) for section, row in tested if row.g2 > 0 and (not significant_only or id(row) in kept)
    ]
    out.sort(key=lambda r: (r[0], -r[1].g2, r[1].item))
    return out


def section_frame_rows(
    mining: FrameMining,
    *,
    min_freq: int = 2,
    min_docs: int = 2,
    alpha: float = 0.05,
    significant_only: bool = True,
) -> list[SectionPhrase]:
    """Sentence frames over-used in a section type (``section_frames.csv``).

    The unit is the clause: a frame's uses in a section type against the section type's clauses, compared
    with its uses in all other sections (:func:`section_contrasts`, the same thresholds and Benjamini–Hochberg
    correction as phrases).  The example is the frame's first sentence in that section type.
    """
    by_section: dict[str, dict[str, int]] = {}
    docs: dict[str, dict[str, int]] = {}
    sentences: dict[str, dict[str, int]] = {}
    examples: dict[tuple[str, str], str] = {}
    for frame in mining.frames:
        for section, count in frame.by_section.items():
            by_section.setdefault(section, {})[frame.pattern] = count.freq
            docs.setdefault(section, {})[frame.pattern] = count.doc_freq
            sentences.setdefault(section, {})[frame.pattern] = count.n_sentences
            examples[(section, frame.pattern)] = count.example
    rows = section_contrasts(
        by_section,
        mining.section_clauses,
        docs,
        sentences,
        min_freq=min_freq,
        min_docs=min_docs,
        alpha=alpha,
        significant_only=significant_only,
    )
    return [
        SectionPhrase(
            section,
            r.item,
            r.freq,
            r.g2,
            examples[(section, r.item)],
            r.p_value,
            r.log_ratio,
            r.doc_freq,
            r.n_sentences,
        )
        for section, r in rows
    ]
