"""Where candidate frames occur: the vectorised ``edge_occurrences`` against its definition, clause by
clause."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.miners.frame_edges import edge_occurrences
from analysis.miners.frame_occurrences import (
    ClauseLayout,
    Occurrences,
    SectionCodes,
    clause_layout,
)
from analysis.records import Sentence
from analysis.units import distinct_corpus

SHIFT = 1 << 28
WORDS = ("进一步", "加强", "作风", "建设", "还不够", "到位", "推进", "改革", "以", "为", "中心")


def _corpus(sentences: list[Sentence], *, max_n: int = 3) -> tuple[WordIndex, ClauseLayout]:
    distinct = distinct_corpus(sentences)
    index = WordIndex.build(distinct, min_count=2, max_n=max_n, max_chars=8)
    return index, clause_layout(index, distinct, SectionCodes.of(sentences))


def _definition(
    index: WordIndex, layout: ClauseLayout, *, min_freq: int, max_n: int, max_chars: int
) -> list[tuple[int, list[tuple[int, int, int]]]]:
    """(packed key, [(clause, slot start, slot end) …]) in key order, clause by clause in Python."""
    weight = index.weights_at(layout.starts).tolist()
    lengths = [n for n in index.lengths() if n <= max_n]

    def gram(n: int, position: int) -> int:
        row = int(index.rows_at(n)[position])
        return row if row >= 0 and int(index.chars_of(n)[row]) <= max_chars else -1

    edges: dict[tuple[str, int, int], list[int]] = defaultdict(list)  # (side, n, row) → clauses
    for c, (s, e) in enumerate(zip(layout.starts.tolist(), layout.ends.tolist(), strict=True)):
        for n in lengths:
            if s + n <= e and gram(n, s) >= 0:
                edges[("head", n, gram(n, s))].append(c)
            if e - n + 1 > s and gram(n, e - n + 1) >= 0:
                edges[("tail", n, gram(n, e - n + 1))].append(c)
    frequent = {k: v for k, v in edges.items() if sum(weight[c] for c in v) >= min_freq}
    uses: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    opening: dict[int, list[tuple[int, int]]] = defaultdict(list)  # clause → (n, row) of frequent heads
    closing: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (side, n, row), clauses in frequent.items():
        for c in clauses:
            s, e = int(layout.starts[c]), int(layout.ends[c])
            if side == "head":
                uses[(n * SHIFT + row + 1) * 4 * SHIFT].append((c, s + n, e + 1))
                opening[c].append((n, row))
            else:
                uses[n * SHIFT + row + 1].append((c, s, e - n + 1))
                closing[c].append((n, row))
    pairs: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for c in opening:
        s, e = int(layout.starts[c]), int(layout.ends[c])
        for na, ra in opening[c]:
            for nb, rb in closing[c]:
                if s + na <= e - nb:
                    pairs[(na * SHIFT + ra + 1) * 4 * SHIFT + nb * SHIFT + rb + 1].append(
                        (c, s + na, e - nb + 1)
                    )
    uses.update({k: v for k, v in pairs.items() if sum(weight[c] for c, _, _ in v) >= min_freq})
    return [(k, sorted(uses[k])) for k in sorted(uses)]


def _as_list(found: Occurrences) -> list[tuple[int, list[tuple[int, int, int]]]]:
    out = []
    for key in range(found.n_keys):
        rows = found.rows_of(key)
        packed = int(found.head[key]) * 4 * SHIFT + int(found.tail[key])
        slot_start, slot_end = found.slot_bounds(rows)
        spans = zip(
            found.clause[rows].tolist(),
            slot_start.tolist(),
            slot_end.tolist(),
            strict=True,
        )
        out.append((packed, list(spans)))
    return sorted(out)  # (keys are numbered shape after shape: compared in packed order)


clause = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)
sentence = st.tuples(st.sampled_from(("甲", "乙", "丙")), st.lists(clause, min_size=1, max_size=3))


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=14))
def test_edge_occurrences_are_the_clause_edges_counted_one_by_one(drafts: list) -> None:
    sentences = []
    for doc, clauses in sorted(drafts, key=lambda draft: draft[0]):  # (a document's sentences together)
        tokens = (*(t for i, c in enumerate(clauses) for t in [*(["，"] if i else []), *c]), "。")
        sentences.append(Sentence(doc, "measures", "".join(tokens), tokens))
    index, layout = _corpus(sentences)
    found = edge_occurrences(index, layout, min_freq=2, max_n=3, max_chars=8)
    assert _as_list(found) == _definition(index, layout, min_freq=2, max_n=3, max_chars=8)
    for key in range(found.n_keys):  # the slot token is the one next to the fixed part
        rows = found.rows_of(key)
        slot_start, slot_end = found.slot_bounds(rows)
        side = slot_end - 1 if found.suffix_side[key] else slot_start
        assert found.slot_token[rows].tolist() == layout.stream[side].tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=14))
def test_each_clause_is_read_in_the_sentence_of_its_start(drafts: list) -> None:
    """A clause's sentence: the separators (id 0) up to its start, less one (the leading separator)."""
    sentences = []
    for doc, clauses in sorted(drafts, key=lambda draft: draft[0]):
        tokens = (*(t for i, c in enumerate(clauses) for t in [*(["，"] if i else []), *c]), "。")
        sentences.append(Sentence(doc, "measures", "".join(tokens), tokens))
    _, layout = _corpus(sentences)
    expected = [int((layout.stream[: start + 1] == 0).sum()) - 1 for start in layout.starts.tolist()]
    assert layout.sentence.dtype == np.int64
    assert layout.sentence.tolist() == expected
    assert all(
        set(layout.tokens[s]) >= set(layout.vocabulary[t] for t in layout.stream[a : b + 1].tolist())
        for s, a, b in zip(
            layout.sentence.tolist(), layout.starts.tolist(), layout.ends.tolist(), strict=True
        )
    )


def test_prefix_suffix_and_circumfix_uses_of_a_small_corpus() -> None:
    texts = {"甲": "进一步加强作风建设。", "乙": "进一步加强改革。", "丙": "进一步推进改革。"}
    sentences = []
    for doc, text in texts.items():
        tokens = tuple(t for t in ("进一步", "加强", "作风", "建设", "推进", "改革", "。") if t in text)
        sentences.append(Sentence(doc, "measures", text, tokens))
    index, layout = _corpus(sentences)
    found = edge_occurrences(index, layout, min_freq=2, max_n=3, max_chars=8)
    keys = {
        "X".join(found.fixed_parts(k)): len(range(*found.rows_of(k).indices(len(found.key))))
        for k in range(found.n_keys)
    }
    assert keys["进一步X"] == 3  # the prefix opens all three clauses
    assert keys["进一步加强X"] == 2
    assert keys["X改革"] == 2  # the suffix closes two
    assert keys["进一步X改革"] == 2  # and both frame two clauses
    # a use's key and clause are 32-bit numbers (the word task's peak holds one per use)
    assert found.key.dtype == found.clause.dtype == np.int32
    assert "X建设" not in keys  # closes one clause only


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=14), st.data())
def test_tail_followed_by_is_the_share_of_right_neighbours_of_the_index(
    drafts: list, data: st.DataObject
) -> None:
    sentences = []
    for doc, clauses in sorted(drafts, key=lambda draft: draft[0]):
        tokens = (*(t for i, c in enumerate(clauses) for t in [*(["，"] if i else []), *c]), "。")
        sentences.append(Sentence(doc, "measures", "".join(tokens), tokens))
    index, layout = _corpus(sentences)
    found = edge_occurrences(index, layout, min_freq=2, max_n=3, max_chars=8)
    keys = np.flatnonzero((found.head == 0) & (found.tail > 0))  # suffix frames: one key per closing part
    wanted = np.array(
        data.draw(st.lists(st.booleans(), min_size=len(index.vocabulary), max_size=len(index.vocabulary)))
    )
    expected = []
    for key in keys.tolist():
        n, row = divmod(int(found.tail[key]), SHIFT)
        _, neighbour, weight = index.neighbour_occurrences(n, np.array([row - 1]), "right")
        hit = sum(w for t, w in zip(neighbour.tolist(), weight.tolist(), strict=True) if t >= 0 and wanted[t])
        expected.append(hit / max(1, int(weight.sum())))
    assert found.tail_followed_by(keys, wanted, layout.is_run).tolist() == pytest.approx(expected)
