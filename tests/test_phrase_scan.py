"""One search of the sentences (analysis.phrase_scan) gives what the per-sentence scans gave.

The leftmost-longest matches come from every occurrence by :func:`leftmost_longest` (arrays), the examples and
the counts per (report, section type) from those rows; the references kept here are the per-sentence scans
they replaced: ``PhraseMatcher.findall`` text by text, the example loop of ``find_examples`` and the memoised
count of ``count_phrase_occurrences`` (:func:`~analysis.phrase_scan.counted_by_text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.phrase_scan import (
    PhraseMatcher,
    SentenceTexts,
    counted_by_text,
    example_texts,
    leftmost_longest,
    place_counts,
    scan_phrases,
)
from analysis.phrasebank import GOOD_EXAMPLE_CHARS, count_phrase_occurrences, find_examples, first_of_each
from analysis.records import Sentence


def _greedy(spans: Sequence[tuple[int, int]]) -> list[int]:
    """The reference: from the left, the longest occurrence starting first, then the same after its end."""
    taken, reached = [], 0
    for i, (start, end) in enumerate(spans):  # (sorted by start, longest first)
        if start >= reached and (not taken or spans[taken[-1]][0] != start):
            taken.append(i)
            reached = end
    return taken


def _old_examples(phrases: Iterable[str], sentences: Sequence[Sentence]) -> dict[str, str]:
    """The example loop ``find_examples`` ran over the first of each (text, heading flag)."""
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
    for sentence in sentences:
        for phrase in matcher.findall(sentence.text):
            offer(phrase, sentence)
    for phrase in sorted(wanted - good.keys()):
        for sentence in sentences:
            if phrase in sentence.text:
                offer(phrase, sentence)
                if phrase in good:
                    break
    return {p: good.get(p) or fallback[p] for p in wanted if p in good or p in fallback}


def s(doc: str, text: str, section: str = "measures", heading: bool = False) -> Sentence:
    return Sentence(doc, section, text, tuple(text), heading)


def test_leftmost_longest_takes_the_longest_at_each_start_and_skips_what_it_covers() -> None:
    text = "全面从严治党，从严治党，治党管党"
    scan = scan_phrases(["全面从严治党", "从严治党", "治党", "党管"], [s("a", text)])
    rows = scan.leftmost_longest(scan.phrases)
    assert [scan.phrases[p] for p in scan.phrase[rows]] == PhraseMatcher(scan.phrases).findall(text)
    assert [scan.phrases[p] for p in scan.phrase[rows]] == ["全面从严治党", "从严治党", "治党"]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=40))
def test_leftmost_longest_is_the_greedy_scan(spans: list[tuple[int, int]]) -> None:
    ordered = sorted({(start, start + n) for start, n in spans}, key=lambda x: (x[0], -x[1]))
    start = [a for a, _ in ordered]
    end = [b for _, b in ordered]
    taken = leftmost_longest(np.array(start, dtype=np.int64), np.array(end, dtype=np.int64))
    assert np.flatnonzero(taken).tolist() == _greedy(ordered)


ALPHABET = "主体责任学习落实，。"
SECTIONS = ("measures", "problems", "other")


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[Sentence], list[str]]:
    texts = draw(st.lists(st.text(ALPHABET, min_size=1, max_size=14), min_size=1, max_size=6))
    sentences = [
        s(
            draw(st.sampled_from("abc")),
            draw(st.sampled_from(texts)),
            draw(st.sampled_from(SECTIONS)),
            draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 14)))
    ]
    phrases = draw(st.lists(st.text(ALPHABET, min_size=1, max_size=4), max_size=8))
    return sentences, phrases


@settings(max_examples=300)
@given(corpora())
def test_the_scan_equals_the_per_sentence_scans(corpus: tuple[list[Sentence], list[str]]) -> None:
    sentences, phrases = corpus
    scan = scan_phrases(phrases, sentences)
    matcher = PhraseMatcher(phrases)
    rows = scan.leftmost_longest(phrases)
    texts = scan.sentences.texts
    found = [[] for _ in texts]
    for p, t in zip(scan.phrase[rows].tolist(), scan.text[rows].tolist(), strict=True):
        found[t].append(scan.phrases[p])
    assert found == [matcher.findall(text) for text in texts]
    assert texts == [x.text for x in first_of_each(sentences)]
    good = GOOD_EXAMPLE_CHARS
    assert example_texts(scan, phrases, good) == _old_examples(phrases, first_of_each(sentences))
    new, old = place_counts(scan, phrases), counted_by_text(phrases, sentences)
    assert new == old
    assert [list(x) for x in new] == [list(x) for x in old]  # keys in the same order
    assert [list(t) for t in new[0].values()] == [list(t) for t in old[0].values()]
    assert count_phrase_occurrences(phrases, scan) == count_phrase_occurrences(phrases, sentences)


def test_a_heading_whose_text_is_also_body_text_is_one_text_per_section_and_two_examples_places() -> None:
    sentences = [
        s("a", "从严治党永远在路上", "problems", heading=True),
        s("b", "从严治党永远在路上", "problems"),
        s("b", "全面从严治党", "problems", heading=True),
    ]
    texts = SentenceTexts.of(sentences)
    assert texts.texts == ["从严治党永远在路上", "从严治党永远在路上", "全面从严治党"]
    assert texts.canonical.tolist() == [0, 0, 2]
    occurrences = count_phrase_occurrences(["从严治党"], sentences)
    assert occurrences.section_texts == {"problems": {"从严治党": 2}}  # two distinct texts, not three
    assert find_examples(["从严治党"], sentences) == {"从严治党": "从严治党永远在路上"}


def test_phrases_no_scan_can_take_are_counted_by_the_memoised_scan() -> None:
    sentences = [s("a", "落实主体责任。"), s("b", "主体\n责任。")]
    assert not scan_phrases(["主体\n责任"], sentences).holds(["主体\n责任"])
    assert count_phrase_occurrences(["主体\n责任"], sentences).by_document == {"b": {"主体\n责任": 1}}
    assert find_examples(["主体\n责任", "主体责任"], sentences) == {
        "主体\n责任": "主体\n责任。",
        "主体责任": "落实主体责任。",
    }
