"""Units of n-grams and the index on small fixtures: runs, edges, alignment, neighbours."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.records import PLACEHOLDER, Sentence
from analysis.scoring import BOUNDARY
from analysis.units import EDGE_DIGIT, edge_symbol


def sent(doc_id: str, *tokens: str, section: str = "other") -> Sentence:
    return Sentence(doc_id, section, "".join(tokens), tuple(tokens))


S1 = sent("d1", "全面", "从严治党", "，", "压实", "主体", "责任", "。")
S2 = sent("d2", "落实", "主体", "责任", "□", "主体", "责任", "完成", "30", "项", "任务", section="measures")


def test_runs_split_at_punctuation_digits_latin_and_placeholder() -> None:
    index = WordIndex.build([sent("d", "全面", "从严治党", "，", "压实", "GDP", "增长", "30", "□", "主体")])
    assert sorted(g for g in index.freq if len(g) > 1) == [("全面", "从严治党")]  # the only run of two
    assert edge_symbol("3") == edge_symbol("３") == edge_symbol("○") == EDGE_DIGIT
    assert edge_symbol("，") == BOUNDARY
    assert edge_symbol(PLACEHOLDER) == PLACEHOLDER


def test_word_ngrams_never_cross_punctuation_or_placeholders() -> None:
    counts = WordIndex.build([S1, S2])
    assert counts.freq[("全面", "从严治党")] == 1
    assert counts.freq[("主体", "责任")] == 3
    assert ("从严治党", "压实") not in counts.freq
    assert ("责任", "主体") not in counts.freq
    assert not any(PLACEHOLDER in t or t in {"，", "。", "30"} for gram in counts.freq for t in gram)
    # runs: S1 = [2, 3 tokens]; S2 = [3, 3, 2 tokens]
    assert counts.total_unigrams == 13
    assert sum(len(g) == 3 for g in counts.freq) == 3 and not any(len(g) == 4 for g in counts.freq)


def test_doc_freq() -> None:
    counts = WordIndex.build([S1, S2])
    assert counts.doc_freq[("主体", "责任")] == 2
    assert counts.doc_freq[("全面", "从严治党")] == 1
    assert counts.n_docs == 2 and counts.n_sentences == 2
    assert counts.freq[("项",)] == 1 and counts.doc_freq[("项",)] == 1


def test_word_neighbours_with_boundaries_and_class_symbols() -> None:
    counts = WordIndex.build([S1, S2])
    grams = [("主体", "责任"), ("项", "任务"), ("全面",)]
    left = counts.neighbour_counts("left", grams)
    right = counts.neighbour_counts("right", grams)
    assert left[("主体", "责任")] == {"压实": 1, "落实": 1, PLACEHOLDER: 1}
    assert right[("主体", "责任")] == {"完成": 1, PLACEHOLDER: 1, BOUNDARY: 1}
    assert list(right[("主体", "责任")])[-1] == BOUNDARY  # the boundary comes last
    assert left[("项", "任务")] == {EDGE_DIGIT: 1}
    assert left[("全面",)] == {BOUNDARY: 1}
    assert right[("全面",)] == {"从严治党": 1}
    assert counts.neighbour_counts("right", [("不在", "其中")]) == {}


def test_neighbours_are_complete_when_the_extension_is_too_long() -> None:
    s = sent("d", "中国特色社会主义", "思想", "，", "中国特色社会主义", "道路")
    counts = WordIndex.build([s], max_chars=8)
    assert ("中国特色社会主义", "思想") not in counts.freq  # 10 characters
    right = counts.neighbour_counts("right", [("中国特色社会主义",)])
    assert right[("中国特色社会主义",)] == {"思想": 1, "道路": 1}


TOKENS = st.sampled_from(["主体", "责任", "压实", "全面", "从严治党", "的", "，", "。", "30", "□", "GDP"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(TOKENS, max_size=12), min_size=1, max_size=6))
def test_neighbour_counts_add_up_to_frequencies(token_lists: list[list[str]]) -> None:
    sentences = [sent("d", *tokens) for tokens in token_lists if tokens]
    counts = WordIndex.build(sentences, max_chars=6)
    assert sum(f for g, f in counts.freq.items() if len(g) == 1) == counts.total_unigrams
    for side in ("left", "right"):
        table = counts.neighbour_counts(side, list(counts.freq))
        assert set(table) == set(counts.freq)
        for gram, neighbours in table.items():
            assert sum(neighbours.values()) == counts.freq[gram]


def _char_table(index: WordIndex, n: int = 4) -> dict[str, tuple[int, int, int]]:
    """``gram → (freq, doc_freq, aligned)`` of the character n-grams of ``n`` characters."""
    rows = np.arange(len(index.freq_of(n)))
    values = zip(
        index.freq_of(n).tolist(), index.doc_freq_of(n).tolist(), index.aligned_of(n).tolist(), strict=True
    )
    return dict(zip(index.strings(n, rows), values, strict=True))


def test_char_ngrams_with_alignment_and_neighbours() -> None:
    a = sent("d1", "要", "久久", "为功", "，", "风清气", "正", "。")
    b = sent("d2", "坚持", "久久", "为功", "2", "次")
    counts = WordIndex.build([a, b], characters=True)
    table = _char_table(counts)
    assert table["久久为功"] == (2, 2, 2)  # starts and ends on token boundaries both times
    assert table["风清气正"] == (1, 1, 1)
    assert table["要久久为"] == (1, 1, 0)
    rows = np.asarray([list(table).index("久久为功"), list(table).index("风清气正")])
    left, right = counts.neighbours_of_rows(4, rows, "left"), counts.neighbours_of_rows(4, rows, "right")
    assert left[0] == {"持": 1, "要": 1} and right[0] == {EDGE_DIGIT: 1, BOUNDARY: 1}
    assert left[1] == {BOUNDARY: 1}
    assert sum(f for f, _, _ in table.values()) == 6  # 要久久为功 → 2, 风清气正 → 1, 坚持久久为功 → 3


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="风清气正久为功，。3□a的", max_size=40))
def test_char_ngrams_are_cjk_only_and_neighbours_add_up(text: str) -> None:
    counts = WordIndex.build([Sentence("d", "other", text, tuple(text))], max_n=3, characters=True)
    for n in counts.lengths():
        table = _char_table(counts, n)
        assert all(re.fullmatch(f"[\u4e00-\u9fff]{{{n}}}", g) for g in table)
        rows = np.arange(len(table))
        for side in ("left", "right"):
            for (freq, _, _), neighbours in zip(
                table.values(), counts.neighbours_of_rows(n, rows, side), strict=True
            ):
                assert sum(neighbours.values()) == freq
        assert all(f == a for f, _, a in table.values())  # one-character tokens: every occurrence aligned


def test_sample_corpus_counts(
    sample_dir: Path, tokenizer, make_sentences: Callable[..., list[Sentence]]
) -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(sample_dir.glob("*.txt"))}
    sentences = make_sentences(texts)
    start = time.perf_counter()
    words = WordIndex.build(sentences)
    chars = WordIndex.build(sentences, characters=True)
    elapsed = time.perf_counter() - start
    assert words.freq[("主体", "责任")] >= 20
    assert words.doc_freq[("主体", "责任")] >= 3
    assert _char_table(chars)["党风廉政"][0] >= 10
    assert words.n_docs == chars.n_docs == 5
    assert elapsed < 5.0
