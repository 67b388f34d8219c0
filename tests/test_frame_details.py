"""What each chosen frame shows, read for all frames at once (``frame_details``), against the per-key
definitions (``Occurrences.top_fillers``, ``ClauseLayout.section_counts``)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.index import WordIndex
from analysis.miners import frame_details, frame_occurrences
from analysis.miners.frame_details import _row_numbers, first_sentences, section_counts, top_fillers
from analysis.miners.frame_edges import edge_occurrences
from analysis.miners.frame_occurrences import ClauseLayout, Occurrences, SectionCodes, clause_layout
from analysis.miners.frame_specific import most_specific
from analysis.miners.frame_usage import verb_only_slots
from analysis.records import Sentence
from analysis.units import distinct_corpus

# (加强管理 is also 加强|管理: two runs of tokens, one filler; 可持续发展规划 is longer than the cut)
WORDS = ("进一步", "加强", "管理", "加强管理", "作风", "建设", "还不够", "到位", "可持续发展规划", "改革")
SECTIONS = ("measures", "problems", "preamble")
DOCS = ("甲", "乙", "丙", "丁")

clause = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)
sentence = st.tuples(
    st.sampled_from(DOCS),
    st.sampled_from(SECTIONS),
    st.lists(clause, min_size=1, max_size=3),
    st.integers(1, 2),  # copies of the sentence
    st.lists(st.sampled_from(DOCS), max_size=2),  # other reports holding it too
)


def _found(drafts: list) -> tuple[Occurrences, ClauseLayout]:
    placed = []
    for doc, section, clauses, copies, also in drafts:
        tokens = (*(t for i, c in enumerate(clauses) for t in [*(["，"] if i else []), *c]), "。")
        placed += [(d, section, tokens) for d in [doc] * copies + also]
    placed.sort(key=lambda entry: entry[0])  # (a document's sentences together)
    sentences = [Sentence(doc, section, "".join(tokens), tokens) for doc, section, tokens in placed]
    distinct = distinct_corpus(sentences)
    index = WordIndex.build(distinct, min_count=2, max_n=3, max_chars=8)
    layout = clause_layout(index, distinct, SectionCodes.of(sentences))
    return edge_occurrences(index, layout, min_freq=2, max_n=3, max_chars=8), layout


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=14))
def test_reports_of_each_key_are_its_sentences_places_counted_once(drafts: list) -> None:
    found, layout = _found(drafts)
    expected = []
    for key in range(found.n_keys):
        docs = set()
        for s in found.sentence_of(found.rows_of(key)).tolist():
            docs |= set(layout.place_doc[layout.place_start[s] : layout.place_start[s + 1]].tolist())
        expected.append(len(docs))
    assert layout.doc_freq(found.key, found.clause, found.n_keys).tolist() == expected


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
    firsts = [int(found.sentence_of(found.rows_of(key)).min()) for key in keys.tolist()]
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


@settings(max_examples=60, deadline=None)
@given(
    st.lists(sentence, min_size=1, max_size=14),
    st.data(),
    st.sampled_from((0.5, 0.8, 1.0)),
    st.integers(1, 6),
)
def test_most_specific_is_its_definition_pair_by_pair(
    drafts: list, data: st.DataObject, containment: float, limit: int
) -> None:
    found, _ = _found(drafts)
    keys = data.draw(st.permutations(range(found.n_keys)))
    fixed = dict(zip(keys, found.fixed_parts_of(keys), strict=True))

    def dropped(key: int) -> bool:
        rows = found.rows_of(key)
        weight = dict(zip(found.clause[rows].tolist(), found.weight[rows].tolist(), strict=True))
        for other in keys:
            head, tail = fixed[other]
            if (head, tail) == fixed[key] or not (
                head.startswith(fixed[key][0]) and tail.endswith(fixed[key][1])
            ):
                continue
            shared = sum(
                w for c, w in weight.items() if c in set(found.clause[found.rows_of(other)].tolist())
            )
            if shared >= containment * sum(weight.values()):
                return True
        return False

    expected = [key for key in keys if not dropped(key)][:limit]
    assert most_specific(keys, found, fixed, containment, limit=limit) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=14), st.data())
def test_verb_only_slots_of_suffix_frames_read_off_their_slots(drafts: list, data: st.DataObject) -> None:
    found, layout = _found(drafts)
    vocabulary = len(layout.vocabulary)
    flags = st.lists(st.booleans(), min_size=vocabulary, max_size=vocabulary)
    token = SimpleNamespace(plain_verb=np.array(data.draw(flags)), verb_opener=np.array(data.draw(flags)))
    suffix = np.flatnonzero(found.head == 0)
    keys = np.array(
        sorted(data.draw(st.sets(st.sampled_from(suffix.tolist())))) if len(suffix) else [], np.int64
    )
    freq = np.bincount(found.key, weights=found.weight, minlength=found.n_keys)
    expected = np.zeros(found.n_keys)
    stream = layout.stream
    for key in keys.tolist():
        rows = found.rows_of(key)
        slot_start, slot_end = found.slot_bounds(rows)
        hit = 0
        for a, b, w in zip(slot_start.tolist(), slot_end.tolist(), found.weight[rows].tolist(), strict=True):
            slot = stream[a:b].tolist()
            verb_last = bool(token.plain_verb[slot[-1]])
            if verb_last and (len(slot) == 1 or (len(slot) == 2 and token.verb_opener[slot[0]])):
                hit += w
        expected[key] = hit / max(1, freq[key])
    got = verb_only_slots(found, stream, token, freq, keys)  # type: ignore[arg-type]
    assert got.tolist() == expected.tolist()
