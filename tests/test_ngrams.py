"""Word and character n-gram counting."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ngrams import (
    EDGE_DIGIT,
    count_char_ngrams,
    count_word_ngrams,
    edge_symbol,
    token_runs,
)
from analysis.records import PLACEHOLDER, Sentence
from analysis.scoring import BOUNDARY


def sent(doc_id: str, *tokens: str, section: str = "other") -> Sentence:
    return Sentence(doc_id, section, "".join(tokens), tuple(tokens))


S1 = sent("d1", "全面", "从严治党", "，", "压实", "主体", "责任", "。")
S2 = sent("d2", "落实", "主体", "责任", "□", "主体", "责任", "完成", "30", "项", "任务", section="measures")


def test_runs_split_at_punctuation_digits_latin_and_placeholder() -> None:
    assert token_runs(["全面", "从严治党", "，", "压实", "GDP", "增长", "30", "□", "主体"]) == [
        ("全面", "从严治党"),
        ("压实",),
        ("增长",),
        ("主体",),
    ]
    assert edge_symbol("3") == edge_symbol("３") == edge_symbol("○") == EDGE_DIGIT
    assert edge_symbol("，") == BOUNDARY
    assert edge_symbol(PLACEHOLDER) == PLACEHOLDER


def test_word_ngrams_never_cross_punctuation_or_placeholders() -> None:
    counts = count_word_ngrams([S1, S2])
    assert counts.freq[("全面", "从严治党")] == 1
    assert counts.freq[("主体", "责任")] == 3
    assert ("从严治党", "压实") not in counts.freq
    assert ("责任", "主体") not in counts.freq
    assert not any(PLACEHOLDER in t or t in {"，", "。", "30"} for gram in counts.freq for t in gram)
    # runs: S1 = [2, 3 tokens]; S2 = [3, 3, 2 tokens]
    assert counts.totals == {1: 13, 2: 8, 3: 3, 4: 0}


def test_doc_freq_and_section_freq() -> None:
    counts = count_word_ngrams([S1, S2])
    assert counts.doc_freq[("主体", "责任")] == 2
    assert counts.doc_freq[("全面", "从严治党")] == 1
    assert counts.section_freq["measures"][("主体", "责任")] == 2
    assert counts.section_freq["other"][("主体", "责任")] == 1
    assert counts.n_docs == 2 and counts.n_sentences == 2
    # min_chars=2: a one-character token is in freq (for association scores) but has no doc freq
    assert counts.freq[("项",)] == 1 and ("项",) not in counts.doc_freq


def test_word_neighbours_with_boundaries_and_class_symbols() -> None:
    counts = count_word_ngrams([S1, S2])
    left = counts.neighbours("left")
    right = counts.neighbours("right")
    assert left[("主体", "责任")] == {"压实": 1, "落实": 1, PLACEHOLDER: 1}
    assert right[("主体", "责任")] == {BOUNDARY: 1, PLACEHOLDER: 1, "完成": 1}
    assert left[("项", "任务")] == {EDGE_DIGIT: 1}
    assert left[("全面",)] == {BOUNDARY: 1}
    assert right[("全面",)] == {"从严治党": 1}
    only = counts.neighbours("right", {("主体", "责任")})
    assert set(only) == {("主体", "责任")}
    with pytest.raises(ValueError, match="'up'"):
        counts.neighbours("up")


def test_neighbours_are_complete_when_the_extension_is_too_long() -> None:
    s = sent("d", "中国特色社会主义", "思想", "，", "中国特色社会主义", "道路")
    counts = count_word_ngrams([s], max_chars=8)
    assert ("中国特色社会主义", "思想") not in counts.freq  # 10 characters
    assert counts.neighbours("right")[("中国特色社会主义",)] == {"思想": 1, "道路": 1}


def test_sentences_of_a_document_must_be_contiguous() -> None:
    with pytest.raises(ValueError, match=r"'d1'.*group the sentences"):
        count_word_ngrams([S1, S2, S1])


def test_pruning_drops_rare_ngrams() -> None:
    counts = count_word_ngrams([S1, S2], prune_below=2)
    assert set(counts.freq) == {("主体",), ("责任",), ("主体", "责任")}
    assert set(counts.doc_freq) == {("主体",), ("责任",), ("主体", "责任")}


def test_bad_options_are_named() -> None:
    with pytest.raises(ValueError, match=r"n_range=\(2, 1\)"):
        count_word_ngrams([S1], n_range=(2, 1))
    with pytest.raises(ValueError, match="min_chars=3, max_chars=2"):
        count_word_ngrams([S1], min_chars=3, max_chars=2)
    with pytest.raises(ValueError, match="n=0"):
        count_char_ngrams([S1], n=0)


TOKENS = st.sampled_from(["主体", "责任", "压实", "全面", "从严治党", "的", "，", "。", "30", "□", "GDP"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(TOKENS, max_size=12), min_size=1, max_size=6))
def test_neighbour_counts_add_up_to_frequencies(token_lists: list[list[str]]) -> None:
    sentences = [sent("d", *tokens) for tokens in token_lists if tokens]
    counts = count_word_ngrams(sentences, max_chars=6)
    assert sum(f for g, f in counts.freq.items() if len(g) == 1) == counts.totals[1]
    for side in ("left", "right"):
        table = counts.neighbours(side)
        assert set(table) == set(counts.freq)
        for gram, neighbours in table.items():
            assert sum(neighbours.values()) == counts.freq[gram]


def test_char_ngrams_with_alignment_and_neighbours() -> None:
    a = sent("d1", "要", "久久", "为功", "，", "风清气", "正", "。")
    b = sent("d2", "坚持", "久久", "为功", "2", "次")
    counts = count_char_ngrams([a, b], n=4)
    assert counts.freq["久久为功"] == 2 and counts.doc_freq["久久为功"] == 2
    assert counts.aligned["久久为功"] == 2  # starts and ends on token boundaries both times
    assert counts.aligned["风清气正"] == 1
    assert "要久久为" in counts.freq and "要久久为" not in counts.aligned
    assert counts.neighbours("left")["久久为功"] == {"要": 1, "持": 1}
    assert counts.neighbours("right")["久久为功"] == {BOUNDARY: 1, EDGE_DIGIT: 1}
    assert counts.neighbours("left")["风清气正"] == {BOUNDARY: 1}
    assert counts.total == 6  # 要久久为功 → 2, 风清气正 → 1, 坚持久久为功 → 3
    assert not any(len(g) != 4 for g in counts.freq)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="风清气正久为功，。3□a的", max_size=40))
def test_char_ngrams_are_cjk_only_and_neighbours_add_up(text: str) -> None:
    counts = count_char_ngrams([Sentence("d", "other", text, tuple(text))], n=3)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{3}", g) for g in counts.freq)
    for side in ("left", "right"):
        for gram, neighbours in counts.neighbours(side).items():
            assert sum(neighbours.values()) == counts.freq[gram]
    assert counts.aligned == counts.freq  # one-character tokens: every occurrence is aligned


_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")


def test_sample_corpus_counts(
    sample_dir: Path, tokenizer, make_sentences: Callable[..., list[Sentence]]
) -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(sample_dir.glob("*.txt"))}
    sentences = make_sentences(texts)
    start = time.perf_counter()
    words = count_word_ngrams(sentences)
    chars = count_char_ngrams(sentences)
    elapsed = time.perf_counter() - start
    assert words.freq[("主体", "责任")] >= 20
    assert words.doc_freq[("主体", "责任")] >= 3
    assert chars.freq["党风廉政"] >= 10
    assert words.n_docs == chars.n_docs == 5
    assert elapsed < 5.0
