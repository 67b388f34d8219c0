"""N-gram counts of corpora with repeated sentences equal a plain sentence-by-sentence count.

The counters window each distinct sentence once and weight it by its occurrences (see
:mod:`analysis.ngrams`); the reference here windows every occurrence, naively (string joins, no offsets),
in the same order, so every table must be equal, key order included (document frequency: values only).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ngrams import (
    CJK_CLASS,
    NgramCounts,
    count_char_ngrams,
    count_word_ngrams,
    edge_symbol,
    is_run_token,
)
from analysis.records import Sentence
from analysis.scoring import BOUNDARY


def sent(doc_id: str, *tokens: str, section: str = "other") -> Sentence:
    return Sentence(doc_id, section, "".join(tokens), tuple(tokens))


# ---------------------------------------------------------------------------------------------------------
# An exact fixture: one sentence in two reports (twice in the second, in another section type)

REPEATED = ("坚持", "全面", "从严治党", "。")
FIXTURE = [
    sent("2022", *REPEATED, section="measures"),
    sent("2022", "压实", "主体", "责任", "。", section="measures"),
    sent("2023", *REPEATED),
    sent("2023", "落实", "主体", "责任", "。"),
    sent("2023", *REPEATED),
]


def test_a_sentence_repeated_in_two_reports_counts_every_occurrence_and_both_reports() -> None:
    counts = count_word_ngrams(FIXTURE)
    assert counts.freq[("全面", "从严治党")] == 3
    assert counts.doc_freq[("全面", "从严治党")] == 2
    assert counts.freq[("坚持", "全面", "从严治党")] == 3
    assert counts.freq[("主体", "责任")] == 2 and counts.doc_freq[("主体", "责任")] == 2
    assert counts.freq[("压实",)] == 1 and counts.doc_freq[("压实",)] == 1
    assert counts.section_freq["measures"][("全面", "从严治党")] == 1
    assert counts.section_freq["other"][("全面", "从严治党")] == 2
    assert counts.totals == {1: 15, 2: 10, 3: 5, 4: 0}  # runs of 3 tokens: 3 × REPEATED + 2 others
    assert counts.n_sentences == 5 and counts.n_docs == 2
    assert counts.neighbours("left")[("全面", "从严治党")] == {"坚持": 3}

    chars = count_char_ngrams(FIXTURE, n=4)
    assert chars.freq["全面从严"] == 3 and chars.doc_freq["全面从严"] == 2
    assert chars.freq["从严治党"] == 3 and chars.doc_freq["从严治党"] == 2
    assert chars.aligned["从严治党"] == 3 and "持全面从" not in chars.aligned
    assert chars.freq["压实主体"] == 1 and chars.doc_freq["压实主体"] == 1
    assert chars.total == 3 * 5 + 2 * 3  # 坚持全面从严治党: 5 windows; 压实主体责任: 3
    assert chars.n_docs == 2


def test_a_report_and_its_copies_count_as_many_reports() -> None:
    report = [sent("a", "压实", "主体", "责任", "。"), sent("a", "全面", "从严治党")]
    copy = [sent("b", *s.tokens) for s in report]
    other = [sent("c", "落实", "主体", "责任")]
    again = [sent("d", *s.tokens) for s in report]
    counts = count_word_ngrams(report + copy + other + again)
    assert counts.doc_freq[("主体", "责任")] == 4 and counts.freq[("主体", "责任")] == 4
    assert counts.doc_freq[("全面", "从严治党")] == 3 and counts.freq[("全面", "从严治党")] == 3
    assert counts.doc_freq[("落实",)] == 1
    assert counts.n_docs == 4 and counts.n_sentences == 7
    chars = count_char_ngrams(report + copy + other + again, n=4)
    assert chars.doc_freq["压实主体"] == 3 and chars.doc_freq["主体责任"] == 4
    assert chars.freq["从严治党"] == 3 and chars.aligned["从严治党"] == 3


def test_a_sentence_only_repeated_inside_one_report_has_doc_freq_one() -> None:
    counts = count_word_ngrams([sent("a", "主体", "责任"), sent("a", "主体", "责任"), sent("b", "压实")])
    assert counts.freq[("主体", "责任")] == 2 and counts.doc_freq[("主体", "责任")] == 1
    chars = count_char_ngrams([sent("a", "风清", "气正"), sent("a", "风清", "气正")], n=4)
    assert chars.freq["风清气正"] == 2 and chars.doc_freq["风清气正"] == 1 and chars.aligned["风清气正"] == 2


# ---------------------------------------------------------------------------------------------------------
# Naive references: every occurrence windowed, tables filled in the counters' order


def reference_word_counts(
    sentences: list[Sentence], n_range: tuple[int, int], min_chars: int, max_chars: int
) -> NgramCounts:
    low, high = n_range
    freq: Counter = Counter()
    context: Counter = Counter()
    lefts: Counter = Counter()
    rights: Counter = Counter()
    sections: dict[str, Counter] = {}
    docs: dict[str, set] = {}
    totals = dict.fromkeys(range(low, high + 1), 0)

    def chars(gram: tuple[str, ...]) -> int:
        return len("".join(gram))

    for s in sentences:
        tokens = s.tokens
        runs = []  # (run, token before it or None, token after it or None)
        i = 0
        while i < len(tokens):
            if not is_run_token(tokens[i]):
                i += 1
                continue
            j = i
            while j < len(tokens) and is_run_token(tokens[j]):
                j += 1
            runs.append((tokens[i:j], tokens[i - 1] if i else None, tokens[j] if j < len(tokens) else None))
            i = j
        kept = []
        for run, before, after in runs:
            for n in range(low, high + 2):
                for start in range(len(run) - n + 1):
                    gram = run[start : start + n]
                    if n <= high:
                        totals[n] += 1
                    if n <= high and chars(gram) <= max_chars:
                        freq[gram] += 1
                        if chars(gram) >= min_chars:
                            kept.append(gram)
                    elif n > low and min(chars(gram[:-1]), chars(gram[1:])) <= max_chars:
                        context[gram] += 1  # one longer than a counted n-gram: its neighbour
            left = edge_symbol(before[-1]) if before else BOUNDARY
            right = edge_symbol(after[0]) if after else BOUNDARY
            for n in range(low, min(high, len(run)) + 1):
                if left and chars(run[:n]) <= max_chars:
                    lefts[(left, *run[:n])] += 1
            for n in range(low, min(high, len(run)) + 1):
                if right and chars(run[-n:]) <= max_chars:
                    rights[(*run[-n:], right)] += 1
        docs.setdefault(s.doc_id, set()).update(kept)
        if kept:
            sections.setdefault(s.section_type, Counter()).update(kept)
    doc_freq = Counter(gram for grams in docs.values() for gram in grams)
    counts = NgramCounts(freq, doc_freq, context, totals, lefts, rights, n_range, sections)
    counts.n_docs = len(docs)
    counts.n_sentences = len(sentences)
    return counts


_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")


def reference_char_counts(sentences: list[Sentence], n: int) -> dict[str, object]:
    tables: dict[str, Counter] = {k: Counter() for k in ("freq", "context", "aligned", "lefts", "rights")}
    docs: dict[str, set] = {}
    total = 0
    for s in sentences:
        text = s.text
        bounds = {len("".join(s.tokens[:k])) for k in range(len(s.tokens) + 1)}
        docs.setdefault(s.doc_id, set())
        for m in _CJK_RUN.finditer(text):
            start, end = m.span()
            if end - start < n:
                continue
            for i in range(start, end - n + 1):
                gram = text[i : i + n]
                tables["freq"][gram] += 1
                docs[s.doc_id].add(gram)
                total += 1
                if i in bounds and i + n in bounds:
                    tables["aligned"][gram] += 1
            for i in range(start, end - n):
                tables["context"][text[i : i + n + 1]] += 1
            if start and edge_symbol(text[start - 1]):
                tables["lefts"][edge_symbol(text[start - 1]) + text[start : start + n]] += 1
            if end < len(text) and edge_symbol(text[end]):
                tables["rights"][text[end - n : end] + edge_symbol(text[end])] += 1
    return {
        **tables,
        "doc_freq": Counter(gram for grams in docs.values() for gram in grams),
        "total": total,
        "n_docs": len(docs),
    }


def assert_same_table(actual: Counter, expected: Counter) -> None:
    assert actual == expected
    assert list(actual) == list(expected)  # same key order as a sentence-by-sentence pass


# ---------------------------------------------------------------------------------------------------------
# Generated corpora: a few distinct sentences placed in documents and section types, with repeats

WORDS = [
    "全面",
    "从严治党",
    "全面从严",
    "治党",
    "主体",
    "责任",
    "压实",
    "的",
    "两",
    "，",
    "。",
    "30",
    "□",
    "GDP",
    "3个",
]
SECTIONS = ["measures", "other", "problems"]


@st.composite
def corpora(draw: st.DrawFn) -> list[Sentence]:
    """Documents of sentences drawn from a small pool: repeats within and across documents and sections,
    and copies of whole documents (the same report twice) anywhere in the corpus."""
    pool = draw(st.lists(st.lists(st.sampled_from(WORDS), max_size=9), min_size=1, max_size=5))
    layout = st.lists(st.tuples(st.integers(0, len(pool) - 1), st.sampled_from(SECTIONS)), max_size=6)
    documents = draw(st.lists(layout, min_size=1, max_size=4))
    documents = draw(st.permutations(documents + draw(st.lists(st.sampled_from(documents), max_size=3))))
    return [sent(f"d{k}", *pool[i], section=section) for k, doc in enumerate(documents) for i, section in doc]


WORD_OPTIONS = st.sampled_from([((1, 4), 2, 12), ((1, 3), 1, 5), ((2, 3), 3, 6), ((1, 1), 2, 4)])


@settings(max_examples=150, deadline=None)
@given(corpora(), WORD_OPTIONS, st.booleans())
def test_word_counts_equal_a_sentence_by_sentence_count(
    sentences: list[Sentence], options: tuple[tuple[int, int], int, int], by_section: bool
) -> None:
    n_range, min_chars, max_chars = options
    expected = reference_word_counts(sentences, n_range, min_chars, max_chars)
    counts = count_word_ngrams(
        iter(sentences), n_range=n_range, min_chars=min_chars, max_chars=max_chars, by_section=by_section
    )
    for table in ("freq", "context", "left_edges", "right_edges"):
        assert_same_table(getattr(counts, table), getattr(expected, table))
    assert counts.doc_freq == expected.doc_freq
    assert counts.totals == expected.totals
    assert (counts.n_docs, counts.n_sentences) == (expected.n_docs, expected.n_sentences)
    if by_section:
        assert list(counts.section_freq) == list(expected.section_freq)
        for section, table in expected.section_freq.items():
            assert_same_table(counts.section_freq[section], table)
    else:
        assert counts.section_freq == {}


@settings(max_examples=150, deadline=None)
@given(corpora(), st.integers(2, 4))
def test_char_counts_equal_a_sentence_by_sentence_count(sentences: list[Sentence], n: int) -> None:
    expected = reference_char_counts(sentences, n)
    counts = count_char_ngrams(sentences, n=n)
    assert_same_table(counts.freq, expected["freq"])
    assert_same_table(counts.context, expected["context"])
    assert_same_table(counts.aligned, expected["aligned"])
    assert_same_table(counts.left_edges, expected["lefts"])
    assert_same_table(counts.right_edges, expected["rights"])
    assert counts.doc_freq == expected["doc_freq"]
    assert (counts.total, counts.n_docs) == (expected["total"], expected["n_docs"])


def test_equal_text_with_other_tokens_is_another_sentence() -> None:
    a = sent("d1", "全面", "从严治党")
    b = sent("d1", "全面从严", "治党")
    chars = count_char_ngrams([a, b, a], n=4)
    assert chars.freq["从严治党"] == 3 and chars.aligned["从严治党"] == 2
    words = count_word_ngrams([a, b, a])
    assert words.freq[("从严治党",)] == 2 and words.freq[("治党",)] == 1


@settings(max_examples=80, deadline=None)
@given(corpora(), st.integers(2, 3))
def test_pruned_counts_are_lower_bounds(sentences: list[Sentence], below: int) -> None:
    exact = count_word_ngrams(sentences, max_chars=6)
    pruned = count_word_ngrams(sentences, max_chars=6, prune_below=below, prune_at=8)
    for table in ("freq", "context", "doc_freq"):
        for gram, value in getattr(pruned, table).items():
            assert value <= getattr(exact, table)[gram]
    assert all(value >= below for value in pruned.freq.values())
    assert set(pruned.doc_freq) <= set(pruned.freq)
    for section, table in pruned.section_freq.items():
        for gram, value in table.items():
            assert value <= exact.section_freq[section][gram]

    exact_chars = count_char_ngrams(sentences, n=3)
    pruned_chars = count_char_ngrams(sentences, n=3, prune_below=below, prune_at=8)
    for table in ("freq", "context", "doc_freq", "aligned"):
        for gram, value in getattr(pruned_chars, table).items():
            assert value <= getattr(exact_chars, table)[gram]
    assert all(value >= below for value in pruned_chars.freq.values())
    assert set(pruned_chars.doc_freq) <= set(pruned_chars.freq)


def test_pruning_in_the_middle_keeps_the_document_counts_of_the_survivors() -> None:
    # 压实 (once) is pruned when 主体责任 (twice) arrives: the n-grams after it are renumbered, and the
    # second 主体责任 and 全面 (first seen after the pruning) still count their own documents only.
    sentences = [
        sent("d0", "压实"),
        sent("d0", "主体", "责任"),
        sent("d1", "主体", "责任"),
        sent("d2", "全面"),
        sent("d2", "全面"),
    ]
    words = count_word_ngrams(sentences, prune_below=2, prune_at=3)
    assert words.freq == {("主体",): 2, ("责任",): 2, ("主体", "责任"): 2, ("全面",): 2}
    assert words.doc_freq == {("主体",): 2, ("责任",): 2, ("主体", "责任"): 2, ("全面",): 1}
    chars = count_char_ngrams(sentences, n=2, prune_below=2, prune_at=3)
    assert chars.freq == {"主体": 2, "体责": 2, "责任": 2, "全面": 2}
    assert chars.doc_freq == {"主体": 2, "体责": 2, "责任": 2, "全面": 1}


@pytest.mark.parametrize("n", [2, 4])
def test_the_numpy_character_counter_equals_the_sentence_by_sentence_one(
    sample_body_sentences: list[Sentence], n: int
) -> None:
    """Without pruning the counts come from numpy arrays (``analysis.char_counts``); ``prune_below=1``
    prunes nothing and takes the dictionary path: the tables, their key order and totals are the same."""
    fast = count_char_ngrams(sample_body_sentences, n=n)
    exact = count_char_ngrams(sample_body_sentences, n=n, prune_below=1)
    for table in ("freq", "context", "aligned", "left_edges", "right_edges"):
        assert_same_table(getattr(fast, table), getattr(exact, table))
    assert fast.doc_freq == exact.doc_freq
    assert (fast.total, fast.n_docs) == (exact.total, exact.n_docs)


def test_text_beyond_the_array_limit_is_counted_with_dictionaries(
    sample_body_sentences: list[Sentence],
) -> None:
    from analysis.char_counts import count_char_ngrams_vectorised

    assert count_char_ngrams_vectorised(sample_body_sentences, n=4, max_chars=100) is None
    assert count_char_ngrams_vectorised(sample_body_sentences, n=4) is not None


def test_sentences_shared_by_documents_count_each_document_once() -> None:
    """全面从严治党 is in a, b and a's copy a2; 从严治党 压实 in b and c: 从严治党 is in all four documents.

    Sentences held by several documents are counted by bitmasks of documents, not added to every document's
    set (``ngrams._DocTracker``); the dictionary path with pruning (``prune_below=1`` prunes nothing) agrees.
    """
    shared, own, other = ("全面", "从严治党"), ("主体", "责任"), ("从严治党", "压实")
    sentences = [
        *(sent(doc, *tokens) for doc, tokens in [("a", shared), ("a", own), ("b", shared), ("b", other)]),
        *(sent("a2", *tokens) for tokens in (shared, own)),
        sent("c", *other),
    ]
    words = count_word_ngrams(sentences)
    assert words.doc_freq[("从严治党",)] == 4
    assert words.doc_freq[("全面", "从严治党")] == 3
    assert words.doc_freq[("主体", "责任")] == 2
    assert words.doc_freq[("压实",)] == 2
    chars = count_char_ngrams(sentences, n=2)
    assert (chars.doc_freq["从严"], chars.doc_freq["全面"], chars.doc_freq["压实"]) == (4, 3, 2)
    assert count_char_ngrams(sentences, n=2, prune_below=1).doc_freq == chars.doc_freq
