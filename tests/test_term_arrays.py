"""The term miner's batch paths equal their definitions, candidate by candidate, bit for bit: npmi over
arrays (analysis.scoring.weakest_npmi), uses inside longer tokens and substring pairs
(analysis.miners.term_contexts), which candidates read their neighbours (analysis.miners.term_reads), their
neighbour counts (analysis.miners.term_neighbours), reference probabilities (analysis.miners.termhood),
cohesion per level (analysis.miners.term_cohesion) and context entropy with large counts
(analysis.miners.term_freedom)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.names import multiword_names, name_edges, name_kind
from analysis.miners.term_cohesion import TermShape, cohesive_levels
from analysis.miners.term_contexts import inner_use_table, inner_uses, substring_pair_arrays, substring_pairs
from analysis.miners.term_freedom import BOUNDARY_CODE, context_entropy
from analysis.miners.term_neighbours import neighbour_counts, neighbour_counts_of_rows
from analysis.miners.term_reads import multiword_reads, token_readings
from analysis.miners.term_shape import token_mask
from analysis.miners.term_usage import kind_of, kind_of_counts, reads_neighbours
from analysis.miners.termhood import reference_model, reference_probabilities, reference_probability
from analysis.records import Sentence
from analysis.scoring import BOUNDARY, branching_entropy, npmi, weakest_npmi

Build = Callable[..., list[Sentence]]


# --- npmi over arrays ----------------------------------------------------------------------------------
@st.composite
def tables(draw: st.DrawFn) -> tuple[int, int, int, int]:
    total = draw(st.integers(1, 10**12))
    left = draw(st.integers(1, total))
    right = draw(st.integers(1, total))
    joint = draw(st.sampled_from([0, min(left, right), draw(st.integers(0, min(left, right)))]))
    return joint, left, right, total


@settings(deadline=None)
@given(st.lists(tables(), min_size=1, max_size=20), st.integers(1, 10**12))
def test_weakest_npmi_of_one_split_is_npmi_bit_for_bit(
    rows: list[tuple[int, int, int, int]], total: int
) -> None:
    rows = [(min(j, total), min(a, total), min(b, total)) for j, a, b, _ in rows]
    rows = [(min(j, a, b), a, b) for j, a, b in rows]
    joint, left, right = (np.asarray([row[k] for row in rows]) for k in range(3))
    got = weakest_npmi(joint, [(left, right)], total).tolist()
    assert got == [npmi(joint=j, left=a, right=b, total=total) for j, a, b in rows]


@settings(deadline=None)
@given(st.lists(st.lists(tables(), min_size=1, max_size=4), min_size=1, max_size=10), st.integers(1, 10**12))
def test_weakest_npmi_is_the_least_npmi_of_the_splits_bit_for_bit(
    rows: list[list[tuple[int, int, int, int]]], total: int
) -> None:
    splits = len(rows[0])
    rows = [(row * splits)[:splits] for row in rows]  # as many splits in every row
    joint = [min(row[0][0], total) for row in rows]
    sides = [
        (
            np.asarray([max(j, min(row[k][1], total)) for j, row in zip(joint, rows, strict=True)]),
            np.asarray([max(j, min(row[k][2], total)) for j, row in zip(joint, rows, strict=True)]),
        )
        for k in range(splits)
    ]
    got = weakest_npmi(np.asarray(joint), sides, total).tolist()
    expected = [
        min(npmi(joint=j, left=int(a[i]), right=int(b[i]), total=total) for a, b in sides)
        for i, j in enumerate(joint)
    ]
    assert got == expected


def test_weakest_npmi_of_a_table_with_everything_together_and_of_a_bad_row() -> None:
    both = (np.array([7, 3]), np.array([7, 3]))
    assert weakest_npmi(np.array([7, 0]), [both], 7).tolist() == [1.0, -1.0]
    with pytest.raises(ValueError, match="joint=5"):
        weakest_npmi(np.array([1, 5]), [(np.array([4, 4]), np.array([4, 4]))], 10)
    empty = np.array([], dtype=np.int64)
    assert weakest_npmi(empty, [(empty, empty)], 0).tolist() == []


# --- uses inside longer tokens -------------------------------------------------------------------------
def _inner_uses_reference(
    strings: list[str], tokens: list[str], freqs: list[int], docs: list[int]
) -> dict[str, tuple[list[tuple[str, int]], list[tuple[str, int]], int, int]]:
    """The definition: every occurrence of each string inside a longer token, tokens in order, left to
    right; contexts as (context, count) lists in the order first met."""
    out = {}
    for string in strings:
        left: dict[str, int] = {}
        right: dict[str, int] = {}
        freq = doc_freq = 0
        for token, count, doc in zip(tokens, freqs, docs, strict=True):
            if len(string) >= len(token) or "\n" in token:
                continue
            for start in range(len(token) - len(string) + 1):
                if token[start : start + len(string)] != string:
                    continue
                end = start + len(string)
                before = token[:start] if start else f"{token}<"
                after = token[end:] if end < len(token) else f">{token}"
                left[before] = left.get(before, 0) + count
                right[after] = right.get(after, 0) + count
                freq, doc_freq = freq + count, max(doc_freq, doc)
        if freq:
            out[string] = (list(left.items()), list(right.items()), freq, doc_freq)
    return out


SHORT = st.text(alphabet="新发展理念的化\n", min_size=1, max_size=3)
LONG = st.text(alphabet="新发展理念的化\n", min_size=1, max_size=7)


@settings(deadline=None)
@given(
    st.lists(SHORT, unique=True, max_size=8),
    st.lists(st.tuples(LONG, st.integers(1, 9), st.integers(1, 4)), max_size=10),
)
def test_inner_use_table_equals_the_definition_in_order(
    strings: list[str], tokens: list[tuple[str, int, int]]
) -> None:
    words, freqs, docs = ([row[k] for row in tokens] for k in range(3))
    table = inner_use_table(strings, words, freqs, docs)
    got = {s: (list(u.left.items()), list(u.right.items()), u.freq, u.doc_freq) for s, u in table.items()}
    assert got == _inner_uses_reference(strings, words, freqs, docs)
    listed = inner_uses(strings, words, freqs, docs)
    assert [u.freq for u in listed] == [table[s].freq if s in table else 0 for s in strings]


def test_inner_uses_of_a_formulation_inside_lexicon_words() -> None:
    table = inner_use_table(["共享机制"], ["共建共享机制", "共享机制建设", "共享机制"], [6, 2, 9], [3, 1, 5])
    assert table["共享机制"].left == {"共建": 6, "共享机制建设<": 2}
    assert table["共享机制"].right == {">共建共享机制": 6, "建设": 2}
    assert (table["共享机制"].freq, table["共享机制"].doc_freq) == (8, 3)


# --- substring pairs -----------------------------------------------------------------------------------
@settings(deadline=None)
@given(st.lists(st.text(alphabet="数字乡村𠀀样板", min_size=1, max_size=6), unique=True, max_size=30))
def test_substring_pairs_equal_the_definition(strings: list[str]) -> None:
    expected = sorted(
        (i, j)
        for i, shorter in enumerate(strings)
        for j, longer in enumerate(strings)
        if len(shorter) < len(longer) and shorter in longer
    )
    assert substring_pairs(strings) == expected
    shorter, longer = substring_pair_arrays(strings)
    assert list(zip(shorter.tolist(), longer.tolist(), strict=True)) == expected


def test_substring_pairs_of_repeated_strings_take_the_automaton() -> None:
    assert substring_pairs(["乡村", "数字乡村", "乡村"]) == [(0, 1), (2, 1)]
    assert substring_pairs([]) == []


# --- which candidates read their neighbours -------------------------------------------------------------
#: A made-up dictionary in the shape of jieba's: counts and tags.
READ_MODEL = reference_model(
    {
        **{"推行": 6000, "办法": 9000, "质量": 8000, "效益": 2500, "和": 500000, "的": 900000},
        **{"健康": 3000, "发展": 20000, "超额": 40, "完成": 5000, "新": 20000, "进展": 900},
        **{"联防": 300, "机制": 5000, "主席": 800, "同志": 3000, "青岛": 500, "市": 9000},
        **{"省": 9000, "科技厅": 3, "改革": 9000, "委": 700, "部": 900, "格局": 2000},
        **{"青岛市": 50, "数据局": 3, "推行办法": 40, "健康发展": 100},
    }
)
READ_TAGS = {
    **{"推行": "v", "办法": "n", "质量": "n", "效益": "n", "和": "c", "的": "uj", "健康": "a"},
    **{"发展": "vn", "超额": "b", "完成": "v", "新": "a", "进展": "vn", "联防": "vn", "机制": "n"},
    **{"主席": "n", "同志": "n", "张三": "nr", "青岛": "ns", "市": "n", "省": "n", "科技厅": "nt"},
    **{"改革": "vn", "委": "n", "部": "n", "格局": "n", "青岛市": "ns", "数据局": "n", "推行办法": "n"},
}
READ_WORDS = [*sorted(set(READ_MODEL.freq) | set(READ_TAGS)), "李四", "网信", "办"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(range(len(READ_WORDS))), min_size=2, max_size=5), min_size=1))
def test_multiword_reads_equal_reads_neighbours_gram_by_gram(grams: list[list[int]]) -> None:
    levels = [np.asarray([gram for gram in grams if len(gram) == n]) for n in {len(gram) for gram in grams}]
    readings = token_readings(READ_WORDS, levels, tags=READ_TAGS, model=READ_MODEL)
    for rows in levels:
        got = multiword_reads(rows, readings).tolist()
        words = [tuple(READ_WORDS[t] for t in row) for row in rows.tolist()]
        assert got == [reads_neighbours(gram, tags=READ_TAGS, model=READ_MODEL) for gram in words]
        every = range(len(READ_WORDS))
        edges = name_edges(READ_WORDS, every, every, tags=READ_TAGS)
        names = multiword_names(np.asarray(rows), edges).tolist()
        assert names == [name_kind(gram, tags=READ_TAGS) is not None for gram in words]


def test_multiword_reads_of_general_words_modified_predicates_and_names() -> None:
    grams = [("推行", "办法"), ("健康", "发展"), ("超额", "完成"), ("张三", "同志"), ("联防", "机制")]
    grams += [("省", "科技厅"), ("发展", "改革", "委"), ("青岛", "市"), ("新", "的", "进展")]
    levels = [np.asarray([[READ_WORDS.index(w) for w in g] for g in grams if len(g) == n]) for n in (2, 3)]
    readings = token_readings(READ_WORDS, levels, tags=READ_TAGS, model=READ_MODEL)
    assert multiword_reads(levels[0], readings).tolist() == [True, True, True, True, False, True, True]
    assert multiword_reads(levels[1], readings).tolist() == [True, True]


# --- neighbour counts ----------------------------------------------------------------------------------
NEIGHBOUR_DOCS = {
    "d1": "要积极推行办法，把推行办法落到实处。数字乡村样板要继续建设，打造数字乡村样板。",
    "d2": "推行办法了。实施推行办法的要求。张三同志出席，张三主席讲话。数字乡村样板的经验。",
    "d3": "认真推行办法。青岛市建设数字乡村样板。张三同志强调，是推行办法的关键。",
}


def test_neighbour_counts_of_rows_equal_the_counts_of_neighbour_tables(make_sentences: Build) -> None:
    index = WordIndex.build(make_sentences(NEIGHBOUR_DOCS), min_count=2, max_n=3, max_chars=12)
    tags = jieba_lexicon().tag
    for n in index.lengths():
        rows = np.arange(len(index.freq_of(n)))
        lefts = index.neighbours_of_rows(n, rows, "left")
        rights = index.neighbours_of_rows(n, rows, "right")
        got = neighbour_counts_of_rows(index, n, rows, tags=tags)
        assert got == [neighbour_counts(a, b, tags=tags) for a, b in zip(lefts, rights, strict=True)]
        grams = [tuple(index.vocabulary[t] for t in row) for row in index.parts(n).tolist()]
        model = reference_model(jieba_lexicon().freq)
        for gram, counts, a, b in zip(grams, got, lefts, rights, strict=True):
            assert kind_of_counts(gram, counts, tags=tags, model=model) == kind_of(
                gram, a, b, tags=tags, model=model
            )


# --- reference probabilities ---------------------------------------------------------------------------
PROBABILITY_MODEL = reference_model(
    {"精准": 99, "化": 6999, "信息": 11999, "信息化": 1347, "发展": 9999, "理念": 999, "新": 19999}
    | {"宏观调控": 3, "宏观": 800, "调控": 300, "数字": 4000, "乡村": 3000, "数字乡村": 20}
)
PROBABILITY_WORDS = [*PROBABILITY_MODEL.freq, "精准化", "新发展理念", "样板", "性", "数字化"]


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(PROBABILITY_WORDS), min_size=1, max_size=4), st.booleans()),
        max_size=20,
    )
)
def test_reference_probabilities_are_reference_probability_bit_for_bit(
    grams: list[tuple[list[str], bool]],
) -> None:
    model = reference_model(dict(PROBABILITY_MODEL.freq))
    got = reference_probabilities([tuple(g) for g, _ in grams], model, parts=[p for _, p in grams])
    fresh = reference_model(dict(PROBABILITY_MODEL.freq))
    assert got == [reference_probability(g, fresh, parts=p) for g, p in grams]


# --- cohesion per level and entropy with large counts ----------------------------------------------------
def test_cohesion_with_npmi_over_arrays_equals_the_scorer_called_per_split(
    sample_body_sentences: list[Sentence],
) -> None:
    index = WordIndex.build(sample_body_sentences[:400], min_count=2, max_n=4, max_chars=12)
    shape = TermShape(2, 1, 2, 12, 2, 0.1, 0.5)
    tags = jieba_lexicon().tag

    def called(**table: int) -> float:
        return npmi(**table)

    fast = cohesive_levels(index, [1, 2, 3, 4], shape, npmi, frozenset(), tags, 4)
    slow = cohesive_levels(index, [1, 2, 3, 4], shape, called, frozenset(), tags, 4)
    assert sum(len(level.rows) for level in fast.values()) > 100
    for n in fast:
        assert fast[n].rows.tolist() == slow[n].rows.tolist()
        assert fast[n].values.tolist() == slow[n].values.tolist()


def test_context_entropy_with_counts_too_large_to_pack() -> None:
    owner = np.array([0, 0, 1, 1, 1])
    context = np.array([3, 4, BOUNDARY_CODE, 3, 3])
    count = np.array([2**50, 2**50, 1, 2**40, 2**40])
    got = context_entropy(2, owner, context, count).tolist()
    assert got == pytest.approx(
        [branching_entropy({"a": 2**50, "b": 2**50}), branching_entropy({BOUNDARY: 1, "a": 2**41})]
    )
    assert got[0] == pytest.approx(math.log(2))


def test_a_token_mask_read_at_some_ids_equals_the_whole_mask_there() -> None:
    vocabulary = ["数字", "乡村", "的", "样板", "建设"]
    ids = np.array([0, 2, 3])
    words = frozenset({"的", "样板", "建设"})
    whole = token_mask(vocabulary, words)
    assert token_mask(vocabulary, words, ids)[ids].tolist() == whole[ids].tolist()
    assert token_mask(vocabulary, words, ids).tolist() == [False, False, True, True, False]
