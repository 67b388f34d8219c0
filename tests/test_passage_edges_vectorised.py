"""The passage edges' vectorised steps against their definitions, kept here as plain loops: the places of
runs as arrays, the occurrences next to ``、``, the enumeration edges, the counts, common prefixes and the
containment rule of the passage miner.  Fixtures are made-up sentences in the shapes of the genre."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.distinct import DistinctSentences, distinct_sentences
from analysis.miners.boundaries import FREE_EDGE_CHARS
from analysis.miners.clause_places import ClausePlaces
from analysis.miners.clause_table import clause_table
from analysis.miners.passage_contained import _drop_contained_one_by_one, drop_contained
from analysis.miners.passage_edges import (
    CLAUSE_MARKS,
    VOCATIVE_RE,
    fix_enumeration_edges,
    occurrences,
    strip_vocatives,
)
from analysis.miners.passage_enumerations import (
    EDGE_CLASSES,
    _common_prefix,
    _common_suffix,
    _last_items,
    _trim_enumeration,
)
from analysis.miners.passage_runs import normalised_texts
from analysis.miners.passages import _longest_first
from analysis.miners.text_places import Places, find_in_texts
from analysis.records import Sentence

# ---------------------------------------------------------------- the definitions (plain loops)


def _reference_shared_words(
    pieces: Sequence[tuple[str, Iterable[int]]], *, suffix: bool, least: int = 1
) -> str:
    texts = [p for p, _ in pieces]
    first = texts[0]
    n = 0
    if suffix:
        while n < len(first) and all(len(t) > n and t[-1 - n] == first[-1 - n] for t in texts):
            n += 1
        shared = first[len(first) - n :]
    else:
        while n < len(first) and all(len(t) > n and t[n] == first[n] for t in texts):
            n += 1
        shared = first[:n]
    allowed = set.intersection(*(set(c) for _, c in pieces))
    for n in range(len(shared), max(least, 1) - 1, -1):
        part = shared[-n:] if suffix else shared[:n]
        if n in allowed and part[0] not in FREE_EDGE_CHARS and part[-1] not in FREE_EDGE_CHARS:
            return part
    return ""


def _reference_fix(
    runs: Sequence[str], distinct: DistinctSentences, texts: Sequence[str]
) -> dict[str, str | None]:
    """fix_enumeration_edges as it was written first: every place read in Python."""
    replaced: dict[str, str | None] = {}

    def cuts_between(g: int, low: int, high: int) -> list[int]:
        cuts = list(accumulate(map(len, distinct.groups[g].sentence.tokens), initial=0))
        return cuts[bisect_left(cuts, low) : bisect_left(cuts, high)]

    for run, found in zip(runs, find_in_texts(runs, texts), strict=True):
        left, right = [], []
        for g, at in found:
            end, text = at + len(run), texts[g]
            if (at and text[at - 1] not in CLAUSE_MARKS) or (
                end < len(text) and text[end] not in CLAUSE_MARKS
            ):
                continue
            if at and text[at - 1] == "、":
                left.append((g, at))
            if end < len(text) and text[end] == "、":
                right.append((g, end))
        if not left and not right:
            continue
        new = run
        if left:
            pieces = []
            for g, at in left:
                begin = at - 1
                while begin > 0 and texts[g][begin - 1] not in CLAUSE_MARKS:
                    begin -= 1
                pieces.append(
                    (texts[g][begin : at - 1], [at - 1 - c for c in cuts_between(g, begin, at - 1)])
                )
            head = _reference_shared_words(pieces, suffix=True)
            new = f"{head}、{new}" if head else _trim_enumeration(new, head=True)
        if right and new:
            pieces = []
            for g, end in right:
                stop = end + 1
                while stop < len(texts[g]) and texts[g][stop] not in CLAUSE_MARKS:
                    stop += 1
                pieces.append(
                    (texts[g][end + 1 : stop], [c - end - 1 for c in cuts_between(g, end + 2, stop + 1)])
                )
            items = _last_items(new)[1:]
            tail = _reference_shared_words(pieces, suffix=False, least=min(map(len, items), default=1))
            new = f"{new}、{tail}" if tail else _trim_enumeration(new, head=False)
        replaced[run] = new or None
    return replaced


def _reference_drop_contained(runs: Sequence[str], doc_freq: dict[str, int], share: float) -> list[str]:
    kept: list[str] = []
    for run in runs:
        if not any(doc_freq[k] >= share * doc_freq[run] and run in k for k in kept):
            kept.append(run)
    return kept


# ---------------------------------------------------------------- fixtures

WORDS = [
    "建设",
    "打造",
    "创新",
    "协调",
    "绿色",
    "宜居",
    "美丽",
    "的",
    "城市",
    "各位",
    "代表们",
    "、",
    "，",
    "。",
]
sentence_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)


def _distinct(docs: Sequence[Sequence[Sequence[str]]]) -> tuple[DistinctSentences, list[str]]:
    """Sentences (as words, the tokens) of each report → the distinct sentences and their texts."""
    sentences = [
        Sentence(f"d{d}", "other", "".join(words), tuple(words))
        for d, report in enumerate(docs)
        for words in report
    ]
    distinct = distinct_sentences(sentences)
    return distinct, normalised_texts(distinct)


corpora = st.lists(st.lists(sentence_words, min_size=1, max_size=4), min_size=1, max_size=5)
run_lists = st.lists(sentence_words.map("".join), min_size=1, max_size=10, unique=True)

ENUMERATIONS = [
    [["建设", "创新", "、", "宜居", "、", "美丽", "的", "城市"]],
    [["打造", "创新", "、", "宜居", "、", "美丽", "的", "城市", "，", "建设", "城市"]],
    [["宜居", "、", "美丽", "的", "城市"], ["绿色", "、", "宜居", "、", "美丽", "的", "城市"]],
]


# ---------------------------------------------------------------- the specification


def test_an_enumeration_grows_over_the_item_its_places_share() -> None:
    distinct, texts = _distinct(ENUMERATIONS)
    runs = ["宜居、美丽的城市", "美丽的城市"]
    edits = fix_enumeration_edges(runs, distinct, texts)
    assert edits.replaced == _reference_fix(runs, distinct, texts)
    assert edits.replaced["美丽的城市"] == "宜居、美丽的城市"  # every place follows 宜居、
    assert edits.holders["宜居、美丽的城市"] == sorted(
        {g for g, _ in find_in_texts(["宜居、美丽的城市"], texts)[0]}
    )


@settings(max_examples=150, deadline=None)
@given(corpora, run_lists)
def test_enumeration_edges_are_those_of_the_definition(docs: list, runs: list[str]) -> None:
    distinct, texts = _distinct(docs)
    edits = fix_enumeration_edges(runs, distinct, texts, known=Places(texts))
    assert edits.replaced == _reference_fix(runs, distinct, texts)
    assert edits.holders == {
        run: sorted({g for g, _ in found})
        for run, found in zip(runs, find_in_texts(runs, texts), strict=True)
    }


@settings(max_examples=150, deadline=None)
@given(corpora, run_lists)
def test_enumeration_edges_read_off_the_clause_table_are_those_searched(docs: list, runs: list[str]) -> None:
    distinct, texts = _distinct(docs)
    known = Places(texts)
    read_off = ClausePlaces(clause_table(texts), known, EDGE_CLASSES)
    edits = fix_enumeration_edges(runs, distinct, texts, known=known, clause_places=read_off)
    assert edits.replaced == _reference_fix(runs, distinct, texts)
    assert edits.holders == {}


@settings(max_examples=100, deadline=None)
@given(corpora, run_lists)
def test_occurrences_count_every_place_and_report(docs: list, runs: list[str]) -> None:
    distinct, texts = _distinct(docs)
    expected = {}
    for run, found in zip(runs, find_in_texts(runs, texts), strict=True):
        groups = sorted({g for g, _ in found})
        reports = {d for g in groups for d in distinct.docs[g]}
        expected[run] = (len(reports), sum(distinct.groups[g].count for g, _ in found), groups)
    assert occurrences(runs, distinct, texts) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=6).map("".join), min_size=1, max_size=6), run_lists)
def test_a_place_table_holds_the_places_found(texts: list[str], runs: list[str]) -> None:
    known = Places(texts)
    table = known.table(runs)
    bounds = table.bounds.tolist()
    rows = list(zip(table.holder.tolist(), table.offset.tolist(), strict=True))
    assert [rows[bounds[k] : bounds[k + 1]] for k in range(len(runs))] == find_in_texts(runs, texts)
    assert table.holders() == [sorted({g for g, _ in found}) for found in find_in_texts(runs, texts)]


@pytest.mark.parametrize(
    "texts", [["推进改革、创新", "坚持，稳中求进"], ["推进𠀀改革、创新", "坚持，稳中求进"]]
)
def test_character_classes_follow_the_texts_joined(texts: list[str]) -> None:
    """(The second texts hold a character beyond the Basic Multilingual Plane: read as code points.)"""
    known = Places(texts)
    kind, marks = known.classes(("、", CLAUSE_MARKS))
    joined = "\n" + "\n".join(texts) + "\n"
    assert kind.tolist() == [1 if c == "、" else 2 if c in CLAUSE_MARKS else 0 for c in joined]
    assert marks.tolist() == [i for i, c in enumerate(joined) if c in CLAUSE_MARKS]
    assert [int(s) for s in known.starts()] == [0, len(texts[0]) + 1]


def test_the_texts_holding_a_word_are_found_in_one_scan() -> None:
    texts = ["向各位代表表示衷心感谢", "推进改革", "致以崇高敬意", ""]
    assert Places(texts).holding(["感谢", "敬意"]) == {0, 2}


@given(st.lists(st.text(alphabet="改革发展稳中求进", max_size=6), min_size=1, max_size=5))
def test_common_prefix_and_suffix_are_those_of_every_text(texts: list[str]) -> None:
    n = 0
    while all(len(t) > n and t[n] == texts[0][n] for t in texts):
        n += 1
    assert _common_prefix(texts) == texts[0][:n]
    n = 0
    while all(len(t) > n and t[-1 - n] == texts[0][-1 - n] for t in texts):
        n += 1
    assert _common_suffix(texts) == texts[0][len(texts[0]) - n :]


@given(
    st.lists(
        st.sampled_from(["同志们", "各位代表", "尊敬的来宾", "我们", "推进改革", "们", "，", "、"]),
        max_size=6,
    )
)
def test_a_run_without_a_vocative_word_is_not_split(words: list[str]) -> None:
    run = "".join(words)
    clauses = [c for c in run.replace("、", "，").split("，")]
    if not any(VOCATIVE_RE.match(c) for c in clauses):
        assert strip_vocatives(run) == run


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["改革", "发展", "稳中求进", "创新", "、"]), min_size=1, max_size=8),
        min_size=1,
        max_size=14,
    ),
    st.lists(st.integers(1, 9), min_size=14, max_size=14),
    st.sampled_from([0.5, 0.8, 1.0]),
)
def test_drop_contained_is_its_definition(words: list, counts: list[int], share: float) -> None:
    runs = sorted({"".join(w) for w in words}, key=lambda r: (-len(r), r))
    doc_freq = {run: counts[i % len(counts)] for i, run in enumerate(runs)}
    runs.sort(key=lambda r: (-len(r), -doc_freq[r], r))
    expected = _reference_drop_contained(runs, doc_freq, share)
    assert drop_contained(runs, doc_freq, share) == expected
    assert _drop_contained_one_by_one(runs, doc_freq, share) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet="改革发展𠀀", min_size=1, max_size=14), min_size=1, max_size=30),
    st.lists(st.integers(1, 9), min_size=1, max_size=30),
    st.sampled_from([0.5, 0.8, 1.0]),
    st.booleans(),
)
def test_drop_contained_by_gram_arrays_is_its_definition_in_any_order(
    runs: list[str], counts: list[int], share: float, longest_first: bool
) -> None:
    """Short runs (grams shorter than 7), runs named twice, runs in any order: the arrays of gram keys
    decide as the plain loop does."""
    doc_freq = {run: counts[i % len(counts)] for i, run in enumerate(sorted(set(runs)))}
    if longest_first:
        runs = sorted(set(runs), key=lambda r: (-len(r), -doc_freq[r], r))
    assert drop_contained(runs, doc_freq, share) == _reference_drop_contained(runs, doc_freq, share)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="改革发展，、稳中求进", min_size=1, max_size=6), st.integers(1, 4), max_size=30
    )
)
def test_longest_first_is_the_sort_by_length_reports_and_text(doc_freq: dict[str, int]) -> None:
    runs = list(doc_freq)
    assert _longest_first(runs, doc_freq) == sorted(runs, key=lambda r: (-len(r), -doc_freq[r], r))
