"""Section keyness: the phrases a section type (achievements, problems, causes, measures …) over-uses.

Reads the sentences with their section types and the phrase bank's phrases: the counting and the G² rows are
:mod:`analysis.phrasebank`'s (it counts every phrase once per distinct sentence for the examples and TF-IDF
too), so this module depends on the phrase bank and never the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis.phrasebank import count_phrase_occurrences, section_keyness_rows
from analysis.records import Sentence

__all__ = ["section_keyness"]


def section_keyness(
    sentences: Iterable[Sentence], phrases: Iterable[str], *, min_freq: int = 2
) -> list[tuple[str, str, int, float]]:
    """Phrases over-used in a section type: ``(section_type, phrase, freq_in_section, keyness)`` rows.

    Occurrences are non-overlapping, leftmost-longest matches of the phrases in each sentence text (a phrase
    inside a longer listed phrase is not counted there).  Section size is its number of characters; keyness is
    :func:`~analysis.scoring.keyness_g2` of the section against all other sections together.  Only rows
    with positive keyness and ``freq >= min_freq``; sorted by section type, keyness descending, phrase.
    Each distinct sentence is scanned once and weighted by its occurrences per section type (section sizes
    too): :func:`~analysis.phrasebank.count_phrase_occurrences`, then
    :func:`~analysis.phrasebank.section_keyness_rows`.
    """
    occurrences = count_phrase_occurrences((p for p in phrases if p), sentences)
    return section_keyness_rows(occurrences, min_freq=min_freq)
