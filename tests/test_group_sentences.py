"""Grouping identical sentences (analysis.distinct.group_sentences) against its definition, kept here as a
plain loop: one group per (text, tokens, heading flag), in order of first occurrence, with every place."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.distinct import SentenceGroup, distinct_sentences, group_sentences
from analysis.records import Sentence


def _reference(sentences: list[Sentence]) -> list[SentenceGroup]:
    first: dict[tuple[str, tuple[str, ...], bool], Sentence] = {}
    places: dict[tuple[str, tuple[str, ...], bool], list[tuple[str, str]]] = {}
    for s in sentences:
        key = (s.text, s.tokens, s.is_heading)
        first.setdefault(key, s)
        places.setdefault(key, []).append((s.doc_id, s.section_type))
    return [SentenceGroup(first[key], tuple(where)) for key, where in places.items()]


_SENTENCE = st.builds(
    Sentence,
    st.sampled_from(["甲报告", "乙报告", "丙报告"]),
    st.sampled_from(["preamble", "工作回顾"]),
    st.sampled_from(["坚持稳中求进", "推动高质量发展", ""]),
    st.sampled_from([("坚持", "稳中求进"), ("坚持稳中求进",), ()]),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE, max_size=12))
def test_groups_are_the_distinct_sentences_with_their_places(sentences: list[Sentence]) -> None:
    groups = group_sentences(sentences)
    assert groups == _reference(sentences)
    assert all(type(g) is SentenceGroup and g.sentence is not None for g in groups)
    assert sum(g.count for g in groups) == len(sentences)


def test_the_same_sentence_object_twice_is_one_group_of_two_places() -> None:
    sentence = Sentence("甲报告", "preamble", "坚持稳中求进", ("坚持", "稳中求进"), False)
    groups = distinct_sentences([sentence, sentence]).groups
    assert groups == [SentenceGroup(sentence, (("甲报告", "preamble"), ("甲报告", "preamble")))]
    assert groups[0].sentence is sentence


class _Colliding(str):
    """A text whose hash is every other's: the texts of one hash are told apart by comparing them."""

    def __hash__(self) -> int:
        return 7


@settings(max_examples=200, deadline=None)
@given(st.lists(_SENTENCE, max_size=12))
def test_texts_of_one_hash_are_told_apart(sentences: list[Sentence]) -> None:
    colliding = [s._replace(text=_Colliding(s.text)) for s in sentences]
    assert group_sentences(colliding) == _reference(colliding)


def test_sentences_read_once_from_an_iterator() -> None:
    sentences = [
        Sentence("甲报告", "preamble", "坚持稳中求进", ("坚持", "稳中求进"), False),
        Sentence("乙报告", "preamble", "坚持稳中求进", ("坚持", "稳中求进"), False),
    ]
    assert group_sentences(iter(sentences)) == _reference(sentences)
