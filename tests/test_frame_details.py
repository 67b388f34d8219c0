"""What each chosen frame shows, read for all frames at once (``frame_details``), against the per-key
definitions (``Occurrences.top_fillers``, ``ClauseLayout.section_counts``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.miners import frame_details, frame_occurrences
from analysis.miners.frame_details import _row_numbers, first_sentences, section_counts, top_fillers
from analysis.miners.frame_edges import edge_occurrences
from analysis.miners.frame_occurrences import ClauseLayout, Occurrences, SectionCodes, clause_layout
from analysis.records import Sentence
from analysis.units import distinct_corpus

# (加强管理 is also 加强|管理: two runs of tokens, one filler; 可持续发展规划 is longer than the cut)
WORDS = ("进一步", "加强", "管理", "加强管理", "作风", "建设", "还不够", "到位", "可持续发展规划", "改革")
SECTIONS = ("measures", "problems", "preamble")

clause = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)
sentence = st.tuples(
    st.sampled_from(("甲", "乙", "丙", "丁")),
    st.sampled_from(SECTIONS),
    st.lists(clause, min_size=1, max_size=3),
    st.integers(1, 2),  # copies of the sentence
)


def _found(drafts: list) -> tuple[Occurrences, ClauseLayout]:
    sentences = []
    for doc, section, clauses, copies in sorted(drafts, key=lambda draft: draft[0]):
        tokens = (*(t for i, c in enumerate(clauses) for t in [*(["，"] if i else []), *c]), "。")
        sentences.extend([Sentence(doc, section, "".join(tokens), tokens)] * copies)
    distinct = distinct_corpus(sentences)
    index = WordIndex.build(distinct, min_count=2, max_n=3, max_chars=8)
    layout = clause_layout(index, distinct, SectionCodes.of(sentences))
    return edge_occurrences(index, layout, min_freq=2, max_n=3, max_chars=8), layout


@settings(max_examples=80, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=14), st.data(), st.integers(1, 4), st.integers(1, 9))
def test_all_frames_at_once_are_each_frame_read_alone(
    drafts: list, data: st.DataObject, sample: int, max_chars: int
) -> None:
    found, layout = _found(drafts)
    keys = np.array(data.draw(st.permutations(range(found.n_keys))), dtype=np.int64)
    with pytest.MonkeyPatch.context() as patch:  # (a small sample: the first uses only)
        patch.setattr(frame_details, "FILLER_SAMPLE", sample)
        patch.setattr(frame_occurrences, "FILLER_SAMPLE", sample)
        fillers = top_fillers(found, keys, 2, max_chars)
        assert fillers == [found.top_fillers(key, 2, max_chars) for key in keys.tolist()]
    assert section_counts(found, layout, keys) == [layout.section_counts(found, key) for key in keys.tolist()]
    firsts = [int(found.sentence[found.rows_of(key)].min()) for key in keys.tolist()]
    assert first_sentences(found, keys).tolist() == firsts


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=1, max_size=30))
def test_row_numbers_are_equal_exactly_for_equal_rows(rows: list[list[int]]) -> None:
    numbers = _row_numbers(np.array(rows, dtype=np.int64)).tolist()
    for i, a in enumerate(rows):
        for j, b in enumerate(rows):
            assert (numbers[i] == numbers[j]) == (a == b)


def test_rows_sharing_a_hash_are_numbered_by_unique(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frame_details, "_HASH_BASE", np.uint64(0))  # (every row hashed to 0)
    numbers = _row_numbers(np.array([[1, 2], [0, 5], [1, 2], [0, 5], [3, 3]], dtype=np.int64)).tolist()
    assert numbers[0] == numbers[2] != numbers[1] == numbers[3] != numbers[4] != numbers[0]
