"""Phrase matching over distinct sentences gives exactly what the sentence-by-sentence scan gave.

``find_examples``, ``build_phrase_bank``, ``section_phrase_rows``, ``phrase_document_counts``,
``section_keyness`` and the keyword rows scan each distinct sentence once and count it wherever it
occurs.
The ``_old_*`` functions below are the sentence-by-sentence versions they replaced, kept as the specification.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.contrast import Contrast
from analysis.miners.keyness import section_keyness, section_keyness_rows
from analysis.phrasebank import (
    GOOD_EXAMPLE_CHARS,
    KIND_PRIORITY,
    PhraseMatcher,
    SectionPhrase,
    build_phrase_bank,
    count_phrase_occurrences,
    document_keyword_rows,
    find_examples,
    merge_candidates,
    phrase_document_counts,
    rank_phrases,
    section_phrase_rows,
    sort_phrases,
)
from analysis.records import Phrase, Sentence
from analysis.scoring import keyness_g2
from analysis.tfidf import tfidf_table


# --- the sentence-by-sentence reference implementations ------------------------------------------------
def _old_find_examples(phrases: Iterable[str], sentences: Sequence[Sentence]) -> dict[str, str]:
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
    for sentence in sentences:
        for phrase in matcher.findall(sentence.text):
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


def _old_build_phrase_bank(candidates: Iterable[Phrase], sentences: Sequence[Sentence]) -> list[Phrase]:
    merged = merge_candidates(candidates)
    examples = _old_find_examples((p.phrase for p in merged if not p.example), sentences)
    rows = []
    for phrase in merged:
        example = phrase.example or examples.get(phrase.phrase, "")
        if example:
            rows.append(replace(phrase, score=round(phrase.score, 6), example=example))
    return sort_phrases(rank_phrases(rows))  # the ranking reads the rows only


def _old_section_phrase_rows(
    keyness: Iterable[tuple[str, str, int, float]], sentences: Sequence[Sentence]
) -> list[SectionPhrase]:
    by_type: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for section_type, phrase, freq, score in keyness:
        by_type[section_type].append((phrase, freq, score))
    rows: list[SectionPhrase] = []
    for section_type, items in by_type.items():
        in_section = [s for s in sentences if s.section_type == section_type]
        examples = _old_find_examples((p for p, _, _ in items), in_section)
        rows.extend(
            SectionPhrase(section_type, phrase, freq, round(score, 4), examples[phrase])
            for phrase, freq, score in items
            if phrase in examples
        )
    return sorted(rows, key=lambda r: (r.section_type, -r.keyness, r.phrase))


def _old_phrase_document_counts(
    phrases: Iterable[str], sentences: Iterable[Sentence]
) -> Mapping[str, Mapping[str, int]]:
    matcher = PhraseMatcher(phrases)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if not matcher:
        return {}
    for sentence in sentences:
        for phrase in matcher.findall(sentence.text):
            counts[sentence.doc_id][phrase] += 1
    return {doc: dict(c) for doc, c in counts.items()}


def _old_section_keyness(
    sentences: Iterable[Sentence], phrases: Iterable[str], *, min_freq: int = 2
) -> list[tuple[str, str, int, float]]:
    matcher = PhraseMatcher(p for p in phrases if p)
    if not matcher:
        return []
    per_section: dict[str, Counter[str]] = {}
    sizes: Counter[str] = Counter()
    for sentence in sentences:
        sizes[sentence.section_type] += len(sentence.text)
        found = matcher.findall(sentence.text)
        if found:
            per_section.setdefault(sentence.section_type, Counter()).update(found)
    overall: Counter[str] = Counter()
    for table in per_section.values():
        overall.update(table)
    corpus_size = sum(sizes.values())
    rows: list[tuple[str, str, int, float]] = []
    for section, table in per_section.items():
        size = sizes[section]
        rest = corpus_size - size
        if rest <= 0:
            continue
        for phrase, f in table.items():
            if f < min_freq:
                continue
            value = keyness_g2(
                freq_target=f, total_target=size, freq_reference=overall[phrase] - f, total_reference=rest
            )
            if round(value, 4) > 0:  # (a G² that rounds to 0 is no over-use)
                rows.append((section, phrase, f, round(value, 4)))
    rows.sort(key=lambda r: (r[0], -r[3], r[1]))
    return rows


def _tuples(rows: Iterable[tuple[str, Contrast]]) -> list[tuple[str, str, int, float]]:
    """``(section_type, phrase, freq, G²)`` of keyness rows: what the old scan computed."""
    return [(section, row.item, row.freq, row.g2) for section, row in rows]


def _all(
    sentences: list[Sentence], phrases: list[str], *, min_freq: int = 2
) -> list[tuple[str, str, int, float]]:
    """Every over-used row (no report or significance threshold), as the old scan kept them."""
    return _tuples(section_keyness(sentences, phrases, min_freq=min_freq, min_docs=1, significant_only=False))


def _contrast(item: str, freq: int, g2: float) -> Contrast:
    return Contrast(item, freq, 0, 0, 0, g2, 1.0, 0.0)


def _old_document_keywords(
    phrases: Sequence[Phrase], sentences: Sequence[Sentence], *, top_n: int
) -> list[tuple[str, str, float]]:
    vocabulary = [p.phrase for p in phrases if p.kind in ("slogan", "term", "idiom")]
    counts = _old_phrase_document_counts(vocabulary, sentences)
    docs = {doc: [p for p, n in sorted(c.items()) for _ in range(n)] for doc, c in sorted(counts.items())}
    if not docs:
        return []
    return [row for row in tfidf_table(docs, top_n=top_n) if row[2] > 0]


# --- a small exact fixture ---------------------------------------------------------------------------------
def s(doc: str, text: str, *, section: str, heading: bool = False) -> Sentence:
    return Sentence(doc, section, text, tuple(text), heading)


REPEATED = [
    s("a", "落实主体责任，压实主体责任。", section="measures"),  # 14 characters
    s("b", "落实主体责任，压实主体责任。", section="measures"),  # the same sentence in another report
    s("b", "理论学习不够深入。", section="problems"),  # 9
    s("c", "理论学习不够深入。", section="problems"),
    s("c", "主体责任落实不到位。", section="problems"),  # 10
]


def test_a_repeated_sentence_counts_once_per_occurrence() -> None:
    assert phrase_document_counts(["主体责任", "理论学习"], REPEATED) == {
        "a": {"主体责任": 2},
        "b": {"主体责任": 2, "理论学习": 1},
        "c": {"理论学习": 1, "主体责任": 1},
    }
    occurrences = count_phrase_occurrences(["主体责任", "理论学习"], REPEATED)
    assert occurrences.by_section == {"measures": {"主体责任": 4}, "problems": {"理论学习": 2, "主体责任": 1}}
    assert occurrences.section_chars == {"measures": 2 * 14, "problems": 2 * 9 + 10}


def test_section_keyness_weights_repeats_in_counts_and_in_section_sizes() -> None:
    # measures: 主体责任 4 of 28 chars vs 1 in the other 28; problems: 理论学习 2 vs 0; 主体责任 1 < min_freq
    expected = [("measures", "主体责任", 4, 1.9274), ("problems", "理论学习", 2, 2.7726)]
    assert _all(REPEATED, ["主体责任", "理论学习"]) == expected
    occurrences = count_phrase_occurrences(["主体责任", "理论学习"], REPEATED)
    rows = section_keyness_rows(occurrences, min_docs=1, significant_only=False)
    assert _tuples(rows) == expected
    # support: 主体责任 in 2 reports and 1 distinct sentence of measures; 理论学习 in 2 reports of problems
    assert [(r.doc_freq, r.n_sentences) for _, r in rows] == [(2, 1), (2, 1)]
    # neither is significant at 0.05 / 2 tests (G² 1.93 and 2.77 < 5.02): the default keeps no row
    assert section_keyness(REPEATED, ["主体责任", "理论学习"]) == []


def test_a_section_example_is_the_first_sentence_in_that_section_type() -> None:
    sentences = [
        s("a", "全面从严治党永远在路上。", section="other"),
        s("a", "坚持全面从严治党不动摇。", section="measures"),
        s("b", "全面从严治党永远在路上。", section="measures"),  # first seen in corpus order, second here
    ]
    rows = section_phrase_rows([("measures", _contrast("全面从严治党", 2, 1.5))], sentences)
    assert rows == [SectionPhrase("measures", "全面从严治党", 2, 1.5, "坚持全面从严治党不动摇。")]
    assert find_examples(["全面从严治党"], sentences) == {"全面从严治党": "全面从严治党永远在路上。"}


def test_a_heading_repeated_as_body_text_is_still_offered_as_body_text() -> None:
    sentences = [
        s("a", "全面从严治党永远在路上", section="other", heading=True),  # no good example: a heading
        s("b", "全面从严治党永远在路上", section="other"),  # the same text in the body: good
        s("c", "坚持全面从严治党不动摇。", section="other"),
    ]
    assert find_examples(["从严治党"], sentences) == {"从严治党": "全面从严治党永远在路上"}
    rows = section_phrase_rows([("other", _contrast("从严治党", 3, 1.0))], sentences)
    assert [r.example for r in rows] == ["全面从严治党永远在路上"]


# --- equal to the sentence-by-sentence scan on generated corpora with repeats -----------------------------
ALPHABET = "主体责任学习落实，。"
SECTIONS = ("measures", "problems", "other")


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[Sentence], list[str]]:
    """A few texts (short and example-length) placed many times, across reports, section types and headings;
    and phrases, mostly cut from those texts (so they match, also inside each other), some random."""
    texts = draw(st.lists(st.text(alphabet=ALPHABET, min_size=3, max_size=14), min_size=1, max_size=4))
    places = st.tuples(
        st.integers(0, len(texts) - 1),
        st.sampled_from(("d1", "d2", "d3")),
        st.sampled_from(SECTIONS),
        st.sampled_from((False, False, False, True)),
    )
    sentences = [
        Sentence(doc, section, texts[i], tuple(texts[i]), heading)
        for i, doc, section, heading in draw(st.lists(places, max_size=30))
    ]
    cut = st.tuples(st.sampled_from(texts), st.integers(0, 13), st.integers(1, 5)).map(
        lambda t: t[0][t[1] : t[1] + t[2]] or "主体"
    )
    phrases = draw(
        st.lists(st.one_of(cut, cut, st.text(alphabet=ALPHABET, min_size=1, max_size=4)), max_size=6)
    )
    return sentences, phrases


@settings(max_examples=200, deadline=None)
@given(corpora())
def test_examples_and_counts_equal_the_sentence_scan(corpus: tuple[list[Sentence], list[str]]) -> None:
    sentences, phrases = corpus
    assert find_examples(phrases, sentences) == _old_find_examples(phrases, sentences)
    assert phrase_document_counts(phrases, sentences) == _old_phrase_document_counts(phrases, sentences)
    for min_freq in (1, 2):
        expected = _old_section_keyness(sentences, phrases, min_freq=min_freq)
        assert _all(sentences, phrases, min_freq=min_freq) == expected
        shared = count_phrase_occurrences(phrases, sentences)
        rows = section_keyness_rows(shared, min_freq=min_freq, min_docs=1, significant_only=False)
        assert _tuples(rows) == expected


@settings(max_examples=100, deadline=None)
@given(corpora(), st.data())
def test_phrase_bank_equals_the_sentence_scan(
    corpus: tuple[list[Sentence], list[str]], data: st.DataObject
) -> None:
    sentences, phrases = corpus
    kinds = st.sampled_from(KIND_PRIORITY)
    scores = st.floats(0, 10, allow_nan=False)
    examples = st.sampled_from(("", "", "学习还不够“深”"))  # a miner's own example is kept
    candidates = [Phrase(p, data.draw(kinds), 3, 2, data.draw(scores), data.draw(examples)) for p in phrases]
    assert build_phrase_bank(candidates, sentences) == _old_build_phrase_bank(candidates, sentences)


@settings(max_examples=100, deadline=None)
@given(corpora(), st.data())
def test_section_rows_equal_the_sentence_scan(
    corpus: tuple[list[Sentence], list[str]], data: st.DataObject
) -> None:
    sentences, phrases = corpus
    types = st.sampled_from((*SECTIONS, "achievements"))  # a type no sentence has gets no rows
    keyness = [
        (data.draw(types), p, data.draw(st.integers(1, 9)), data.draw(st.floats(0, 10, allow_nan=False)))
        for p in phrases
        for _ in range(data.draw(st.integers(1, 3)))
    ]
    contrasts = [(t, _contrast(p, f, g)) for t, p, f, g in keyness]
    assert section_phrase_rows(contrasts, sentences) == _old_section_phrase_rows(keyness, sentences)


@settings(max_examples=15, deadline=None)
@given(corpora(), st.data())
def test_document_keywords_equal_the_sentence_scan(
    corpus: tuple[list[Sentence], list[str]], data: st.DataObject
) -> None:
    sentences, vocabulary = corpus
    phrases = [Phrase(p, data.draw(st.sampled_from(KIND_PRIORITY)), 3, 2, 1.0) for p in vocabulary]
    expected = _old_document_keywords(phrases, sentences, top_n=3)
    keyed = [p.phrase for p in phrases if p.kind in ("slogan", "term", "idiom")]  # (what a run does)
    assert document_keyword_rows(count_phrase_occurrences(keyed, sentences).by_document, top_n=3) == expected
