"""The n-gram index (analysis/index.py) counts what a naive sentence-by-sentence pass counts.

The reference windows every occurrence of every sentence with Python loops (no copies detected, no
distinct sentences, no pruning); the index must give the same frequencies, document frequencies, one-token
totals, neighbours and (for characters) token-aligned counts for every n-gram of at least ``min_count``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.records import Sentence
from analysis.scoring import BOUNDARY
from analysis.units import edge_symbol, is_run_token


def sent(doc_id: str, *tokens: str, section: str = "other") -> Sentence:
    return Sentence(doc_id, section, "".join(tokens), tuple(tokens))


# ---------------------------------------------------------------------------------------------------------
# Exact fixtures

REPEATED = ("坚持", "全面", "从严治党", "。")
FIXTURE = [
    sent("2022", *REPEATED, section="measures"),
    sent("2022", "压实", "主体", "责任", "。", section="measures"),
    sent("2023", *REPEATED),
    sent("2023", "落实", "主体", "责任", "。"),
    sent("2023", *REPEATED),
]


def test_a_sentence_repeated_in_two_reports_counts_every_occurrence_and_both_reports() -> None:
    index = WordIndex.build(FIXTURE)
    assert index.freq[("全面", "从严治党")] == 3 and index.doc_freq[("全面", "从严治党")] == 2
    assert index.freq[("坚持", "全面", "从严治党")] == 3
    assert index.freq[("主体", "责任")] == 2 and index.doc_freq[("主体", "责任")] == 2
    assert index.freq[("压实",)] == 1 and index.doc_freq[("压实",)] == 1
    assert index.total_unigrams == 15  # runs of 3 tokens: 3 × REPEATED + 2 others
    assert (index.n_sentences, index.n_docs) == (5, 2)
    assert index.neighbour_counts("left", [("全面", "从严治党")]) == {("全面", "从严治党"): {"坚持": 3}}
    assert index.neighbour_counts("right", [("全面", "从严治党")]) == {("全面", "从严治党"): {BOUNDARY: 3}}

    chars = WordIndex.build(FIXTURE, characters=True)
    rows = np.arange(len(chars.freq_of(4)))
    table = dict(
        zip(
            chars.strings(4, rows),
            zip(chars.freq_of(4), chars.doc_freq_of(4), chars.aligned_of(4), strict=True),
            strict=True,
        )
    )
    assert table["全面从严"] == (3, 2, 0)  # 全面 | 从严治党: 从严 does not end a token
    assert table["从严治党"] == (3, 2, 3)
    assert table["压实主体"] == (1, 1, 1)


def test_only_ngrams_of_min_count_are_indexed_and_their_counts_are_exact() -> None:
    index = WordIndex.build(FIXTURE, min_count=2)
    assert ("压实",) not in index.freq and ("主体", "责任") in index.freq
    assert index.freq[("主体", "责任")] == 2 and index.doc_freq[("主体", "责任")] == 2
    assert index.neighbour_counts("left", [("主体", "责任")]) == {("主体", "责任"): {"压实": 1, "落实": 1}}
    assert index.total_unigrams == 15  # the N of association scores counts every window


def test_a_report_and_its_copies_count_as_many_reports() -> None:
    report = [sent("a", "压实", "主体", "责任", "。"), sent("a", "全面", "从严治党")]
    copy = [sent("b", *s.tokens) for s in report]
    other = [sent("c", "落实", "主体", "责任")]
    again = [sent("d", *s.tokens) for s in report]
    index = WordIndex.build(report + copy + other + again)
    assert index.freq[("主体", "责任")] == 4 and index.doc_freq[("主体", "责任")] == 4
    assert index.freq[("全面", "从严治党")] == 3 and index.doc_freq[("全面", "从严治党")] == 3
    assert index.doc_freq[("落实",)] == 1
    assert (index.n_docs, index.n_sentences) == (4, 7)


def test_sentences_shared_by_documents_count_each_document_once() -> None:
    shared, own, other = ("全面", "从严治党"), ("主体", "责任"), ("从严治党", "压实")
    sentences = [
        *(sent(doc, *tokens) for doc, tokens in [("a", shared), ("a", own), ("b", shared), ("b", other)]),
        *(sent("a2", *tokens) for tokens in (shared, own)),
        sent("c", *other),
    ]
    index = WordIndex.build(sentences)
    assert index.doc_freq[("从严治党",)] == 4
    assert index.doc_freq[("全面", "从严治党")] == 3
    assert index.doc_freq[("主体", "责任")] == 2
    assert index.doc_freq[("压实",)] == 2


def test_run_edges_next_to_numbers_letters_and_placeholders_are_class_neighbours() -> None:
    index = WordIndex.build([sent("a", "30", "个百分点", "，", "GDP", "增长", "□", "任务")])
    assert index.neighbour_counts("left", [("个百分点",), ("增长",), ("任务",)]) == {
        ("个百分点",): {"#": 1},
        ("增长",): {"A": 1},
        ("任务",): {"□": 1},
    }
    assert index.neighbour_counts("right", [("个百分点",), ("增长",)]) == {
        ("个百分点",): {BOUNDARY: 1},
        ("增长",): {"□": 1},
    }


def test_ngrams_longer_than_max_chars_are_not_indexed_but_are_neighbours() -> None:
    sentences = [sent("a", "中国特色社会主义", "伟大", "事业"), sent("b", "中国特色社会主义", "伟大", "事业")]
    index = WordIndex.build(sentences, max_chars=10)
    assert ("中国特色社会主义", "伟大") in index.freq
    assert ("中国特色社会主义", "伟大", "事业") not in index.freq
    assert index.neighbour_counts("right", [("中国特色社会主义", "伟大")])[("中国特色社会主义", "伟大")] == {
        "事业": 2
    }


def test_sentences_of_a_document_must_be_contiguous() -> None:
    with pytest.raises(ValueError, match="not contiguous"):
        WordIndex.build([sent("a", "主体"), sent("b", "责任"), sent("a", "全面")])


def test_bad_options_are_named() -> None:
    with pytest.raises(ValueError, match="min_count=0"):
        WordIndex.build(FIXTURE, min_count=0)
    with pytest.raises(ValueError, match="left"):
        WordIndex.build(FIXTURE).neighbour_counts("up", [("主体",)])


# ---------------------------------------------------------------------------------------------------------
# The naive reference


def _runs(tokens: tuple[str, ...]) -> list[tuple[int, tuple[str, ...], str, str]]:
    """Maximal runs of run tokens: where each starts, its tokens, and the neighbour before and after it."""
    runs = []
    i = 0
    while i < len(tokens):
        if not is_run_token(tokens[i]):
            i += 1
            continue
        j = i
        while j < len(tokens) and is_run_token(tokens[j]):
            j += 1
        before = edge_symbol(tokens[i - 1][-1]) if i else BOUNDARY
        after = edge_symbol(tokens[j][0]) if j < len(tokens) else BOUNDARY
        runs.append((i, tokens[i:j], before, after))
        i = j
    return runs


def reference(sentences: list[Sentence], max_n: int, max_chars: int, characters: bool) -> dict[str, dict]:
    freq: Counter = Counter()
    docs: dict[tuple, set] = {}
    left: dict[tuple, Counter] = {}
    right: dict[tuple, Counter] = {}
    aligned: Counter = Counter()
    total = 0
    for s in sentences:
        units = tuple(s.text) if characters else s.tokens
        bounds = {len("".join(s.tokens[:k])) for k in range(len(s.tokens) + 1)}
        offset = 0
        offsets = []
        for unit in units:
            offsets.append(offset)
            offset += len(unit)
        for position, run, before, after in _runs(units):
            total += len(run)
            for n in range(1, max_n + 1):
                for i in range(len(run) - n + 1):
                    gram = run[i : i + n]
                    if len("".join(gram)) > max_chars:
                        continue
                    freq[gram] += 1
                    docs.setdefault(gram, set()).add(s.doc_id)
                    left.setdefault(gram, Counter())[run[i - 1] if i else before] += 1
                    right.setdefault(gram, Counter())[run[i + n] if i + n < len(run) else after] += 1
                    if characters:
                        start = offsets[position + i]
                        if start in bounds and start + n in bounds:
                            aligned[gram] += 1
    return {"freq": freq, "docs": docs, "left": left, "right": right, "aligned": aligned, "total": total}


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
]


@st.composite
def corpora(draw: st.DrawFn) -> list[Sentence]:
    """Documents of sentences drawn from a small pool: repeats within and across documents, and copies of
    whole documents anywhere in the corpus."""
    pool = draw(st.lists(st.lists(st.sampled_from(WORDS), max_size=9), min_size=1, max_size=5))
    documents = draw(st.lists(st.lists(st.integers(0, len(pool) - 1), max_size=6), min_size=1, max_size=4))
    documents = draw(st.permutations(documents + draw(st.lists(st.sampled_from(documents), max_size=3))))
    return [sent(f"d{k}", *pool[i]) for k, doc in enumerate(documents) for i in doc]


@settings(max_examples=150, deadline=None)
@given(corpora(), st.integers(1, 3), st.sampled_from([(4, 12), (3, 5), (2, 3)]), st.booleans())
@example([sent("d0", "的")], 1, (4, 12), True)  # shorter than one window: no n-gram at all
def test_the_index_equals_a_sentence_by_sentence_count(
    sentences: list[Sentence], min_count: int, sizes: tuple[int, int], characters: bool
) -> None:
    max_n, max_chars = sizes
    index = WordIndex.build(
        sentences, min_count=min_count, max_n=max_n, max_chars=max_chars, characters=characters
    )
    expected = reference(sentences, max_n, max_n if characters else max_chars, characters)
    wanted = {
        gram: f
        for gram, f in expected["freq"].items()
        if f >= min_count and (len(gram) == max_n or not characters)  # characters: n-grams of max_n only
    }
    got = {"".join(g) if characters else g: f for g, f in index.freq.items()}
    key = "".join if characters else tuple
    assert got == {key(g): f for g, f in wanted.items()}
    assert {("".join(g) if characters else g): d for g, d in index.doc_freq.items()} == {
        key(g): len(expected["docs"][g]) for g in wanted
    }
    assert index.total_unigrams == expected["total"]
    grams = [tuple(g) for g in wanted]
    for side in ("left", "right"):
        assert index.neighbour_counts(side, grams) == {g: dict(expected[side][g]) for g in grams}
    if characters:
        for n in index.lengths():
            rows = np.arange(len(index.freq_of(n)))
            found = dict(zip(index.strings(n, rows), index.aligned_of(n).tolist(), strict=True))
            assert {g: a for g, a in found.items() if a} == {
                "".join(g): expected["aligned"][g] for g in wanted if len(g) == n and expected["aligned"][g]
            }


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2**40), st.integers(0, 999)), max_size=40, unique_by=lambda t: t[1]),
    st.sampled_from([1000, 2**30]),
)
def test_sorting_by_key_keeps_equal_keys_in_stream_order(pairs, size):
    """Keys sorted with their positions, equal keys in position order: by one sort of composites when a key
    and a position fit 64 bits (40 + 10 bits), by a stable argsort when they do not (40 + 31 bits)."""
    from analysis.index_levels import _sorted_by_key

    pairs = sorted(pairs, key=lambda t: t[1])  # positions come ascending (the windows in stream order)
    keys = np.array([k for k, _ in pairs], dtype=np.int64)
    starts = np.array([p for _, p in pairs], dtype=np.int64)
    ordered, positions = _sorted_by_key(keys, starts, size)
    expected = sorted(pairs)
    assert ordered.tolist() == [k for k, _ in expected]
    assert positions.tolist() == [p for _, p in expected]
    assert positions.dtype == np.int32


def test_a_shortened_index_keeps_the_shorter_levels_as_they_are() -> None:
    index = WordIndex.build(FIXTURE, max_n=4)
    short = index.shortened(2)
    assert short.lengths() == [n for n in index.lengths() if n <= 2] and index.lengths()[-1] > 2
    for n in short.lengths():
        assert short.parts(n) is index.parts(n) and short.freq_of(n) is index.freq_of(n)
        np.testing.assert_array_equal(short.rows_at(n), index.rows_at(n))
    assert list(short.grams()) == [g for g in index.grams() if len(g[0]) <= 2]
    assert (short.vocabulary, short.total_unigrams, short.n_docs) == (
        index.vocabulary,
        index.total_unigrams,
        index.n_docs,
    )
