"""Specification of a 提法's uses (analysis.miners.slogan_uses) and of what they decide in mine_slogans."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.distinct import distinct_sentences
from analysis.miners.families import DocumentFamilies
from analysis.miners.numeral_slogans import mine_numeral_slogans
from analysis.miners.slogan_uses import (
    _QUOTE_CHARS,
    SloganUses,
    described,
    quote_shifts,
    quoted_name,
    slogan_fault,
    slogan_uses,
    text_offset,
)
from analysis.miners.slogans import mine_slogans
from analysis.miners.termhood import reference_model
from analysis.records import Sentence

MakeSentences = Callable[..., list[Sentence]]

#: A made-up dictionary: a place 临江 (ns), common words, one everyday word 疙瘩.
FREQ = {"临江": 900, "在线": 1082, "服务": 13036, "方案": 6000, "中国": 129470, "疙瘩": 300, "学者": 4212}
TAGS = {"临江": "ns", "在线": "b", "服务": "vn", "方案": "n", "中国": "ns", "疙瘩": "n", "学者": "n"}


def sentence(doc: str, text: str, tokens: tuple[str, ...]) -> Sentence:
    assert "".join(tokens) == text
    return Sentence(doc, "other", text, tokens)


def test_a_use_starts_and_ends_at_a_token_boundary_or_a_quote() -> None:
    """``名品`` inside the token ``知名品牌`` is no use of ``“名品”``; quoted or a token of its own, it is."""
    sentences = [
        sentence("a", "打造“名品”", ("打造", "“", "名品", "”")),
        sentence("b", "知名品牌", ("知名品牌",)),
        sentence("c", "培育名品。", ("培育", "名品", "。")),
    ]
    uses = slogan_uses(["名品"], distinct_sentences(sentences))["名品"]
    assert uses == SloganUses(freq=2, quoted=1, reports=2, independent=2, quoting=1)


def test_quotation_marks_inside_a_use_are_ignored() -> None:
    """``“燎火”计划`` is a use of ``燎火计划`` (so the part goes inside the whole) and of ``燎火``."""
    sentences = [
        sentence("a", "实施“燎火”计划", ("实施", "“", "燎火", "”", "计划")),
        sentence("b", "实施燎火计划", ("实施", "燎火", "计划")),
    ]
    uses = slogan_uses(["燎火计划", "燎火"], distinct_sentences(sentences))
    assert uses["燎火计划"] == SloganUses(freq=2, quoted=0, reports=2, independent=2, quoting=0)
    assert uses["燎火"] == SloganUses(freq=2, quoted=1, reports=2, independent=2, quoting=1)


def test_versions_of_one_document_quote_as_one() -> None:
    sentences = [sentence(d, "给“甜头”", ("给", "“", "甜头", "”")) for d in ("v1", "v2", "v3")]
    families = DocumentFamilies(
        {}, {"v1": frozenset({"v2"}), "v2": frozenset({"v1", "v3"}), "v3": frozenset({"v2"})}
    )
    uses = slogan_uses(["甜头"], distinct_sentences(sentences), count_independent=families.count)
    assert uses["甜头"] == SloganUses(freq=3, quoted=3, reports=3, independent=1, quoting=1)


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("临江通", True),  # an app: a place and one character
        ("爱临江", True),
        ("临江学者", True),  # a title conferred on people
        ("临江合作组织", True),  # an organisation
        ("数字临江", False),  # a formulation built on a place
        ("临江制造", False),
        ("中国方案", False),  # the country's own name
    ],
)
def test_quoted_names(phrase: str, name: bool) -> None:
    assert quoted_name(phrase, word_freq=FREQ, word_tags=TAGS) is name


def test_descriptions_of_common_words() -> None:
    model = reference_model(FREQ)
    assert described("在线服务", model=model, word_tags=TAGS)  # common modifier + common activity
    assert not described("中国方案", model=model, word_tags=TAGS)  # a noun head
    assert not described("云服务", model=model, word_tags=TAGS)  # a part of one character


def test_slogan_faults() -> None:
    model = reference_model(FREQ)
    rare = SloganUses(freq=6, quoted=1, reports=6, independent=6, quoting=1)
    kept = SloganUses(freq=6, quoted=6, reports=6, independent=6, quoting=6)
    assert slogan_fault("疙瘩", rare, model=model, word_tags=TAGS) == "quoted word"
    assert slogan_fault("疙瘩", kept, model=model, word_tags=TAGS) is None
    assert slogan_fault("在线服务", rare, model=model, word_tags=TAGS) == "description"
    assert slogan_fault("十佳案例", kept, model=model, word_tags=TAGS) == "ranking"
    assert slogan_fault("爱临江", kept, model=model, word_tags=TAGS) == "name"


def test_a_count_of_places_is_no_numeral_formula(make_sentences: MakeSentences) -> None:
    docs = {d: "支持两个自治州发展，坚持两个坚持。" for d in "abc"}
    assert [p.phrase for p in mine_numeral_slogans(make_sentences(docs))] == ["两个坚持"]


def test_one_documents_quotations_are_no_slogan(make_sentences: MakeSentences) -> None:
    """Three versions of one plan quote ``“甜头”``; two independent reports quote ``“红黄绿”``."""
    docs = {"v1": "给“甜头”，推行“红黄绿”。", "v2": "给“甜头”。", "v3": "给“甜头”。", "x": "推行“红黄绿”。"}
    sentences = make_sentences(docs)
    links = {"v1": frozenset({"v2", "v3"}), "v2": frozenset({"v1"}), "v3": frozenset({"v1"})}
    families = DocumentFamilies({d: d for d in docs}, links)  # a slogan needs 2 independent documents
    assert {p.phrase for p in mine_slogans(sentences, word_freq={})} == {"甜头", "红黄绿"}
    assert [p.phrase for p in mine_slogans(sentences, word_freq={}, independent=families)] == ["红黄绿"]


def test_gwr_slogans_are_formulations(gwr_body_sentences: list[Sentence]) -> None:
    slogans = {p.phrase: p for p in mine_slogans(gwr_body_sentences)}
    # a count of places, an organisation, an event's name quoted in 2 of its 20 uses
    assert not {"两个特别行政区", "上海合作组织", "文化大革命"} & set(slogans)
    # the part goes inside the whole when the quotes hold only the part (“三公”经费, “三网”融合)
    assert {"三公经费", "三网融合", "扫黄打非", "四个现代化"} <= set(slogans)
    assert not {"三公", "三网"} & set(slogans)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="“”‘’「」『』\"'两个维护三会一课", max_size=30))
def test_an_offset_without_quotation_marks_maps_back_to_its_character(text: str) -> None:
    kept = [i for i, ch in enumerate(text) if ch not in _QUOTE_CHARS]  # (the definition)
    shifts = quote_shifts(text)
    assert [text_offset(shifts, bare) for bare in range(len(kept))] == kept
