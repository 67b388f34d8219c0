"""Specification of the vectorised report counts (analysis.miners.report_sets) and of what reads them: the
reuse bound of the passage miner (analysis.miners.passage_reuse) and its word edges.  Each vectorised
function equals a plain set-and-loop reference kept here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import accumulate

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from analysis.distinct import distinct_sentences
from analysis.miners import passage_reuse
from analysis.miners.families import DocumentFamilies
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.passage_reuse import _on_edge, _word_edges, _words_between, reusable_runs
from analysis.miners.passage_runs import normalised_texts
from analysis.miners.report_sets import distinct_sets, numbered_docs, report_bound, reports_per_key
from analysis.records import Sentence

_REPORTS = ("甲市", "乙县", "丙区", "丁镇", "戊乡")
_doc_sets = st.lists(st.frozensets(st.sampled_from(_REPORTS), min_size=1), min_size=1, max_size=12)


@given(_doc_sets)
def test_numbered_docs_lays_out_each_sentence_s_reports(docs: list[frozenset[str]]) -> None:
    """Reports are numbered as they first appear (each set in sorted order); the numbers of sentence
    ``g``'s reports, in the order of their names, are ``flat[start[g] : start[g + 1]]``."""
    number: dict[str, int] = {}
    for held in docs:
        for doc in sorted(held):
            number.setdefault(doc, len(number))
    start, flat, n = numbered_docs(docs)
    assert n == len(number)
    assert [flat[start[g] : start[g + 1]].tolist() for g in range(len(docs))] == [
        [number[d] for d in sorted(held)] for held in docs
    ]
    which, sets = distinct_sets(docs)
    assert [sets[w] for w in which.tolist()] == docs and len(sets) == len(set(docs))


@given(_doc_sets, st.lists(st.tuples(st.integers(0, 4), st.integers(0, 11)), max_size=30))
def test_reports_per_key_is_the_union_of_the_sentences_reports(
    docs: list[frozenset[str]], pairs: list[tuple[int, int]]
) -> None:
    pairs = [(k, g % len(docs)) for k, g in pairs]
    start, flat, n = numbered_docs(docs)
    key = np.array([k for k, _ in pairs], dtype=np.int64)
    group = np.array([g for _, g in pairs], dtype=np.int64)
    expected = [len(set().union(*(docs[g] for k, g in pairs if k == key_))) for key_ in range(5)]
    assert reports_per_key(key, group, start, flat, n, 5).tolist() == expected


@given(
    _doc_sets, st.lists(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 40)), max_size=6), max_size=6)
)
def test_report_bound_counts_the_reports_of_every_place(
    docs: list[frozenset[str]], found: list[list[tuple[int, int]]]
) -> None:
    found = [[(g % len(docs), at) for g, at in places] for places in found]
    expected = [len(set().union(*(docs[g] for g, _ in places))) for places in found]
    assert report_bound(found, docs).tolist() == expected


def _reference_words_between(tokens: Sequence[str], start: int, end: int) -> tuple[str, ...]:
    out, pos = [], 0
    for token in tokens:
        if pos >= start and pos + len(token) <= end:
            out.append(token)
        pos += len(token)
    return tuple(out)


@given(st.lists(st.sampled_from(["推进", "高质量", "发展", "，", "的", "a", ""]), max_size=8), st.data())
def test_word_edges_and_words_between_equal_the_token_walk(tokens: list[str], data: st.DataObject) -> None:
    text = "".join(tokens)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _words_between(tokens, start, end) == _reference_words_between(tokens, start, end)
    cuts = set(accumulate(map(len, tokens), initial=0))
    edges = _word_edges(text, tokens)
    assert all(_on_edge(edges, at) == (at in cuts) for at in range(len(text) + 2))
    assert _word_edges(text + "多", tokens) == []  # tokens that do not spell the text: no word edges


_FORMULA = "坚持以人民为中心的发展思想"
_TOPICS = ("加快建设现代化产业体系", "全面推进乡村振兴", "持续改善生态环境质量", "稳步提升公共服务水平")


def test_the_report_bound_leaves_the_reusable_passages_as_they_were(
    make_sentences: Callable[..., list[Sentence]], monkeypatch
) -> None:
    """Runs held by too few reports anywhere, and short runs used whole by too few, are dropped before
    their places are read; what is kept, and each kept run's counts, are what counting every run gives."""
    docs = {f"报告{i}": f"{_TOPICS[i]}，{_FORMULA}。{_TOPICS[(i + 1) % 4]}。" for i in range(4)}
    distinct = distinct_sentences(make_sentences(docs))
    texts = normalised_texts(distinct)
    families = DocumentFamilies({d: d for d in docs}, {})
    inside = "以人民为中心的发展"  # in four reports, whole clauses in none
    runs = [_FORMULA, *_TOPICS, f"{_TOPICS[0]}，{_FORMULA}", inside]

    def reuse(min_chars: int) -> dict[str, passage_reuse.Holders]:
        tags = jieba_lexicon().tag
        return reusable_runs(
            runs,
            distinct,
            texts,
            families,
            tags=tags,
            min_doc_freq=3,
            min_chars=min_chars,
            min_clause_chars=8,
        )

    bounded = {min_chars: reuse(min_chars) for min_chars in (8, 14)}  # the formula long, then short
    monkeypatch.setattr(passage_reuse, "report_bound", lambda found, docs: np.full(len(found), 10**6))
    monkeypatch.setattr(passage_reuse, "_whole_reports", lambda *_: 10**6)
    assert bounded == {min_chars: reuse(min_chars) for min_chars in (8, 14)}
    assert set(bounded[8]) == {_FORMULA, inside} and set(bounded[14]) == {_FORMULA}
