"""Segmentation's batch paths against their per-item definitions: a report's paragraphs split in one scan
(:func:`~analysis.sentence_split.split_paragraphs`), a chunk of texts cut at once
(:meth:`~analysis.segmenter.Segmenter.cut_many`, rjieba's re-split of ASCII runs), a chunk cut in one call
(:meth:`~analysis.segmenter.Segmenter.cut_joined`), sentences built in C."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import segment as seg
from analysis.joined_cut import SEPARATOR, cut_in_one_call, joined_cut_of
from analysis.records import PREAMBLE, Paragraph, Report, Sentence
from analysis.segmenter import _ASCII_ALNUM, _HMM_SKIP, Segmenter, _resplit
from analysis.sentence_split import MAX_SENTENCE_CHARS, split_paragraphs, split_sentences

PARAGRAPH = st.lists(
    st.sampled_from(
        [*"甲乙，。！？；!?;”’」）)】》\"' \t\u3000", "\r\n", *"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"]
    ),
    max_size=30,
).map("".join) | st.sampled_from(["", " ", "甲。 ", "甲。\n乙", "丙" * (MAX_SENTENCE_CHARS + 2)])


@settings(max_examples=400, deadline=None)
@given(st.lists(PARAGRAPH | st.text(alphabet=st.sampled_from("甲乙。！ \n"), max_size=12), max_size=8))
def test_paragraphs_split_at_once_as_one_by_one(texts: list[str]) -> None:
    """The definition: each paragraph split on its own (line breaks, whitespace-only sentences and long
    sentences included: those take the per-paragraph path)."""
    one_by_one = [split_sentences(text) for text in texts]
    assert split_paragraphs(texts) == ([s for part in one_by_one for s in part], [len(p) for p in one_by_one])


def test_plain_paragraphs_take_the_one_scan_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.sentence_split as module

    monkeypatch.setattr(module, "split_sentences", None)  # (the per-paragraph path would fail)
    texts = ["一、主要工作", "落实三会一课制度。坚持全面从严治党！“好。”他说", "", "营造风清气正的政治生态"]
    assert split_paragraphs(texts) == (
        [
            "一、主要工作",
            "落实三会一课制度。",
            "坚持全面从严治党！",
            "“好。”",
            "他说",
            "营造风清气正的政治生态",
        ],
        [1, 4, 0, 1],
    )


# ---------------------------------------------------------------- rjieba's re-split of ASCII runs


def _resplit_per_token(tokens: list[str], has_word: Callable[[str], bool]) -> list[str]:
    """The definition (the loop rjieba's engine ran per token): a token of more than one character holding
    an ASCII letter or digit and no dictionary word is cut at jieba's HMM pattern."""
    out: list[str] = []
    for token in tokens:
        if len(token) > 1 and _ASCII_ALNUM.search(token) and not has_word(token):
            out.extend(part for part in _HMM_SKIP.split(token) if part)
        else:
            out.append(token)
    return out


TOKEN = st.text(alphabet=st.sampled_from("甲乙年a9Z0-.%， "), min_size=1, max_size=6)


@settings(max_examples=500, deadline=None)
@given(st.lists(TOKEN, max_size=12), st.sets(TOKEN, max_size=4))
def test_resplit_from_the_texts_runs_is_the_per_token_resplit(tokens: list[str], words: set[str]) -> None:
    text = "".join(tokens)
    assert _resplit(text, tokens, words.__contains__) == _resplit_per_token(tokens, words.__contains__)


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_cut_many_is_cut_of_each_text(backend: str) -> None:
    texts = [
        "颁布实施2011-2020年中国农村扶贫开发纲要。",
        "推进5G、AI和IPv6规模部署，C919大型客机投入商业运营。",
        "",
        "国内生产总值增长5.2%，城镇新增就业1244万人。",
        "坚持全面从严治党。",
    ]
    segmenter = Segmenter(backend=backend)  # type: ignore[arg-type]
    assert segmenter.cut_many(texts) == [segmenter.cut(text) for text in texts]
    assert segmenter.calls_ == 2 * len(texts)


@pytest.fixture(scope="module", params=["jieba", "rjieba"])
def segmenter_of(request: pytest.FixtureRequest) -> Segmenter:
    segmenter = Segmenter(backend=request.param)
    segmenter.resolve()
    return segmenter


WORDS = ("坚持", "全面从严治党", "风清气正", "王小明", "2011-2020", "5.2%", "IPv6", "C919", "，", "。")
SENTENCE = st.lists(st.sampled_from([*WORDS, *"甲乙的了在年、 \t\u3000a9Z0-.%#&_+（）“”!?"]), max_size=12)
SENTENCE = SENTENCE.map("".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(SENTENCE, max_size=6))
def test_a_chunk_cut_in_one_call_gives_each_texts_tokens(segmenter_of: Segmenter, texts: list[str]) -> None:
    """The definition: each text cut alone.  Joined by line breaks, the chunk is one call of the tokenizer;
    rjieba's re-split of ASCII runs still applies to the texts holding one."""
    joined = segmenter_of.cut_joined(texts)
    assert joined.split() == segmenter_of.cut_many(texts)
    assert joined.lengths() == [len(tokens) for tokens in segmenter_of.cut_many(texts)]
    assert joined.texts == len(texts) and [joined.tokens[at] for at in joined.separators] == [SEPARATOR] * (
        len(texts) - 1
    )


@pytest.mark.parametrize("odd", ["第一行\n第二行", "回车\r", "\r", "\n"])
def test_a_chunk_with_a_line_break_in_a_text_is_cut_text_by_text(segmenter_of: Segmenter, odd: str) -> None:
    texts = ["坚持全面从严治党。", odd, "营造风清气正的政治生态"]
    calls: list[str] = []
    assert cut_in_one_call(lambda text: calls.append(text) or [text], texts) is None and not calls
    joined = segmenter_of.cut_joined(texts)
    assert joined.split() == segmenter_of.cut_many(texts) and len(joined.separators) == 2


def test_a_chunk_whose_separators_do_not_come_back_alone_is_not_joined() -> None:
    assert cut_in_one_call(lambda text: [text], ["坚持", "治党"]) is None  # ("坚持\n治党" as one token)
    assert cut_in_one_call(list, ["坚持", "治党"]) == (["坚", "持", SEPARATOR, "治", "党"], [2], 2)
    assert cut_in_one_call(list, []) is None


@pytest.mark.parametrize("method", ["cut_many", "cut_joined"])
def test_a_chunk_whose_characters_were_lost_names_the_text(
    monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    segmenter = Segmenter(backend="rjieba")
    engine = segmenter._build()
    cut_many = engine.cut_many

    def lossy(texts: list[str]) -> list[list[str]]:
        return [cut[:-1] if "丢" in t else cut for t, cut in zip(texts, cut_many(texts), strict=True)]

    monkeypatch.setattr(engine, "cut_many", lossy)
    monkeypatch.setattr(engine, "cut_joined", lambda texts: joined_cut_of(lossy(texts)))
    with pytest.raises(RuntimeError, match=re.escape("'丢失字符。'")):
        getattr(segmenter, method)(["坚持全面从严治党。", "丢失字符。"])


# ---------------------------------------------------------------- sentences built in C


def test_sentences_are_built_field_by_field_with_the_first_sentence_of_a_heading_a_heading() -> None:
    paragraphs = (
        Paragraph("一、主要工作", 0, None, "achievements", is_heading=True),
        Paragraph("（一）强化理论武装。我始终坚持学习。", 7, 0, "achievements", is_heading=True),
        Paragraph("", 30, 0, "achievements", is_heading=True),
        Paragraph("落实制度。", 31, 0, PREAMBLE),
    )
    report = Report("r1", "r1.txt", "", "", paragraphs=paragraphs)
    split = seg._split_report(report)
    tokens = [tuple(text) for text in split.texts]
    expected = [
        Sentence("r1", p.section_type, text, tuple(text), p.is_heading and k == 0)
        for p in paragraphs
        for k, text in enumerate(split_sentences(p.text))
    ]
    built = seg._sentences("r1", split, split.texts, tokens)
    assert built == expected and all(type(s) is Sentence for s in built)
    assert [s.is_heading for s in built] == [True, True, False, False]


def test_shared_takes_the_first_text_and_tokens_seen_only_where_the_tokens_agree() -> None:
    memo: dict = {"甲。": ("甲。", ("甲", "。")), "乙。": None}
    texts, tokens = ["甲。", "乙。", "丙。", "甲。"], [("甲", "。"), ("乙", "。"), ("丙", "。"), ("甲。",)]
    shared_texts, shared_tokens = seg._shared(memo, [t[:] for t in texts], tokens)
    assert shared_texts == texts and shared_tokens == tokens
    assert shared_tokens[0] is memo["甲。"][1] and shared_tokens[3] is tokens[3]  # (other tokens: its own)
    assert memo["丙。"] == ("丙。", ("丙", "。")) and memo["乙。"] is None  # (in flight: left alone)
