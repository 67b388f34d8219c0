"""Specification of phrase edges (analysis.miners.boundaries), passage edges (analysis.miners.passage_edges)
and the slogan containment rule: made-up fixtures in shapes of the genre, exact survivors and rejects."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.distinct import distinct_sentences
from analysis.miners.boundaries import FREE_EDGE_CHARS, LINK_CHARS, edge_fault, trim_edges
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.passage_edges import is_salutation, report_families, strip_vocatives
from analysis.miners.passages import mine_passages
from analysis.miners.slogans import drop_contained_slogans
from analysis.records import Phrase, Sentence

LEXICON = jieba_lexicon()


def fault(phrase: str, *, words: bool = True) -> str | None:
    return edge_fault(phrase, word_freq=LEXICON.freq, word_tags=LEXICON.tag, words=words)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("等新平台", "function start"),  # 等 closes the list before it
        ("新能源等", "function end"),
        ("的基础", "function start"),
        ("以城市为", "link end"),  # 以…为 cut in the middle
        ("本章程自", "link end"),  # 自…起施行 cut in the middle
        ("招募一批", "quantifier end"),  # a free verb with its quantifier
        ("吸引更多", "quantifier end"),
        ("采用基于", "quantifier end"),  # a verb with the preposition opening its object
        ("各类主体", "quantifier start"),
        ("更加便捷", "degree start"),
        ("以更优", "quantifier end"),
        # survivors: units whatever their edges, or edges that make a word with their neighbour
        ("以质取胜", None),  # an idiom of jieba's dictionary
        ("分期分批", None),  # coordinated halves
        ("妥善应对", None),  # 应对 is a word: 对 is no preposition here
        ("等级评定", None),  # 等级 is a word
        ("各自为政", None),  # 各自 is a word: 自 is no preposition here
        ("自力更生", None),
        ("着眼长远", None),
        ("真抓实干", None),
        ("和谐共生", None),
    ],
)
def test_edge_fault(phrase: str, expected: str | None) -> None:
    assert fault(phrase) == expected


def test_slogans_are_judged_by_their_characters_only() -> None:
    """A slogan may open with a preposition or a numeral (为人民服务, 一带一路), not with 等 or 的."""
    assert fault("向科学进军") == "link start"
    assert fault("向科学进军", words=False) is None
    assert fault("招募一批", words=False) is None
    assert fault("等新平台", words=False) == "function start"


def test_trim_edges() -> None:
    trim = lambda p: trim_edges(p, word_freq=LEXICON.freq, word_tags=LEXICON.tag)  # noqa: E731
    assert [trim(p) for p in ("等新平台", "新能源等", "的基础", "以城市为", "等级评定", "妥善应对")] == [
        "新平台",
        "新能源",
        "基础",
        "以城市",
        "等级评定",
        "妥善应对",
    ]


CJK_TEXT = st.text(alphabet=st.sampled_from("等的和与以于新能源平台建设城市一批更多发展级对应"), max_size=8)


@settings(max_examples=300, deadline=None)
@given(CJK_TEXT)
def test_trimming_is_idempotent_and_leaves_no_free_edge(text: str) -> None:
    trimmed = trim_edges(text, word_freq=LEXICON.freq, word_tags=LEXICON.tag)
    assert trim_edges(trimmed, word_freq=LEXICON.freq, word_tags=LEXICON.tag) == trimmed
    assert trimmed in text
    if fault(trimmed, words=False) is not None:
        pytest.fail(f"{text!r} trimmed to {trimmed!r} still has a free edge")


@settings(max_examples=300, deadline=None)
@given(CJK_TEXT)
def test_a_phrase_that_passes_has_no_free_character_at_an_edge(text: str) -> None:
    """Unless the edge character makes a word with its neighbour, or the whole is a dictionary unit."""
    if len(text) < 3 or fault(text) is not None:
        return
    bound = lambda pair: (LEXICON.freq.get(pair) or 0) >= 10  # noqa: E731
    unit = (LEXICON.freq.get(text) or 0) > 0
    assert unit or text[0] not in FREE_EDGE_CHARS or bound(text[:2])
    assert unit or text[-1] not in FREE_EDGE_CHARS | LINK_CHARS or bound(text[-2:])


def test_a_slogan_inside_a_longer_one_in_nearly_all_its_uses_goes() -> None:
    """一张网 is inside 城市运行一张网 in 9 of 10 uses (≥ 0.85): it goes; with 8 of 10 it stays."""
    short, long = Phrase("一张网", "slogan", 10, 5, 1.0), Phrase("城市运行一张网", "slogan", 9, 5, 2.0)
    assert drop_contained_slogans([long, short]) == [long]
    fewer = Phrase("城市运行一张网", "slogan", 8, 5, 2.0)
    assert drop_contained_slogans([fewer, short]) == [fewer, short]
    other = Phrase("两张网", "slogan", 10, 5, 1.0)  # not a substring: untouched
    assert drop_contained_slogans([long, other]) == [long, other]


def test_an_enumeration_is_kept_whole(make_sentences: Callable[..., list[Sentence]]) -> None:
    """The first item is fused to a verb that varies: the passage grows back over the item (创新、)."""
    docs = {
        "a": "我们要建设创新、协调、绿色、开放的滨江生态新城。",
        "b": "全力打造创新、协调、绿色、开放的滨江生态新城。",
        "c": "加快培育创新、协调、绿色、开放的滨江生态新城，不断提升品质。",
    }
    rows = mine_passages(make_sentences(docs))
    assert [(p.phrase, p.doc_freq) for p in rows] == [("创新、协调、绿色、开放的滨江生态新城", 3)]


def test_an_enumeration_without_a_shared_head_goes_whole(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    """The first items differ (文旅 / 康养 / 农业): no shared words, so the enumeration goes, and the
    passage with it; the clause after the enumeration stays when it is long enough."""
    docs = {
        "a": "发展文旅、数字、绿色、开放的沿江产业带，持续推进城乡融合发展示范区建设。",
        "b": "壮大康养、数字、绿色、开放的沿江产业带，持续推进城乡融合发展示范区建设。",
        "c": "培育农业、数字、绿色、开放的沿江产业带，持续推进城乡融合发展示范区建设。",
    }
    rows = mine_passages(make_sentences(docs))
    assert [(p.phrase, p.doc_freq) for p in rows] == [("持续推进城乡融合发展示范区建设", 3)]


def test_salutations_are_not_passages(make_sentences: Callable[..., list[Sentence]]) -> None:
    addressees = "向辛勤工作在各条战线上的广大干部职工、各位专家学者"
    docs = {
        d: f"在此，我谨{addressees}，表示衷心的感谢！同志们，让我们携手奋进，共同开创美好未来新局面。"
        for d in "abc"
    }
    rows = mine_passages(make_sentences(docs), min_chars=8)
    assert [p.phrase for p in rows] == ["让我们携手奋进，共同开创美好未来新局面"]


@pytest.mark.parametrize(
    ("run", "sentence", "expected"),
    [
        ("向各位专家", "在此，向各位专家表示感谢。", True),  # addressed with 向 in a thanks sentence
        ("各界人士和海内外朋友", "向各民主党派、各界人士和海内外朋友致以崇高敬意！", True),  # the addressees
        ("表示衷心感谢", "对此表示衷心感谢。", True),
        ("同志们，让我们携手奋进", "同志们，让我们携手奋进。", True),  # a vocative clause
        ("各位代表", "各位代表：", True),
        ("向农村倾斜", "公共资源向农村倾斜。", False),  # 向 without thanks: a direction
        ("感谢信制度", "推行感谢信制度。", False),  # the word without 向 or the thanks formula around it
    ],
)
def test_is_salutation(run: str, sentence: str, expected: bool) -> None:
    assert is_salutation(run, [sentence]) is expected


def test_copies_of_one_document_are_one_family(make_sentences: Callable[..., list[Sentence]]) -> None:
    """Two reposts of a 25-sentence notice (different first line) are one report; a third report is not."""
    body = "".join(f"第{i}项措施要落实到位。" for i in range(25))
    docs = {"site1": "来源：甲网。" + body, "site2": "来源：乙网。" + body, "other": "第1项措施要落实到位。"}
    families = report_families(distinct_sentences(make_sentences(docs)))
    assert families.n_docs == 2
    held = {frozenset(d) for d in families.docs}
    assert frozenset({"other", "site1"}) in held  # the shared sentence: one family of copies + other


def test_strip_vocatives() -> None:
    assert strip_vocatives("同志们，让我们携手奋进") == "让我们携手奋进"
    assert strip_vocatives("各位代表，同志们") == ""
    assert strip_vocatives("让我们携手奋进，共创未来") == "让我们携手奋进，共创未来"
