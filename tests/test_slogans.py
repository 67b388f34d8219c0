"""Specification of the 提法 and passage miners (analysis.slogans)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.records import PLACEHOLDER, Phrase, Sentence
from analysis.slogans import (
    mine_numeral_slogans,
    mine_passages,
    mine_quoted_slogans,
    mine_slogans,
    slogan_score,
)

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_ARTICLE = re.compile(r"^.*【第[一二三四五六七八九十]+篇】.*$", re.M)
_NOTICE = re.compile(r"^.*(本作品|公有领域|Public domain|本模板|维基文库)", re.M)


def read_sample(corpus: Path) -> list[tuple[str, str]]:
    """(doc_id, text) per report; a file with 【第一篇】… lines gives stem#1, stem#2 …"""
    docs: list[tuple[str, str]] = []
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parts = _ARTICLE.split(text)
        if len(parts) > 1:
            docs.extend((f"{path.stem}#{i}", part) for i, part in enumerate(parts[1:], 1))
        else:
            docs.append((path.stem, text))
    return docs


def read_gwr(corpus: Path) -> list[tuple[str, str]]:
    """(doc_id, text) per file, cut before the public-domain notice at the end of most files."""
    docs: list[tuple[str, str]] = []
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        notice = _NOTICE.search(text)
        docs.append((path.stem, text[: notice.start()] if notice else text))
    return docs


def to_sentences(docs: list[tuple[str, str]], tokenizer) -> list[Sentence]:
    out: list[Sentence] = []
    for doc_id, text in docs:
        for line in text.splitlines():
            line = line.replace("\u3000", "").replace("\xa0", "").strip()
            for part in _SENTENCE_END.split(line):
                if part := part.strip():
                    out.append(Sentence(doc_id, "other", part, tuple(tokenizer.cut(part))))
    return out


@pytest.fixture(scope="module")
def sample_sentences(sample_dir: Path, tokenizer) -> list[Sentence]:
    return to_sentences(read_sample(sample_dir), tokenizer)


@pytest.fixture(scope="module")
def gwr_sentences(gwr_dir: Path, tokenizer) -> list[Sentence]:
    return to_sentences(read_gwr(gwr_dir), tokenizer)


def by_phrase(rows: list[Phrase]) -> dict[str, Phrase]:
    return {row.phrase: row for row in rows}


# --- numeral formulas ---------------------------------------------------------------------------------

NUMERAL_DOCS = {
    "d1": "我们要牢固树立“四个意识”，坚决做到“两个维护”。一是加强学习，一些同志认识不足。要从三个方面入手。",
    "d2": "增强四个意识，做到两个维护。二是开一个好头。认真落实三会一课制度。",
    "d3": "落实“三会一课”，履行“一岗双责”。班子成员履行一岗双责。第一季度召开三次会议。",
}


def test_numeral_slogans_exact(make_sentences: Callable[..., list[Sentence]]) -> None:
    rows = mine_numeral_slogans(make_sentences(NUMERAL_DOCS))
    got = {(p.phrase, p.freq, p.doc_freq) for p in rows}
    assert got == {("四个意识", 2, 2), ("两个维护", 2, 2), ("三会一课", 2, 2), ("一岗双责", 2, 1)}
    assert all(p.kind == "slogan" and p.example == "" for p in rows)
    # four of them once quoted of two uses, over three reports
    assert by_phrase(rows)["四个意识"].score == pytest.approx(math.log(3) * 2 / 3 * math.sqrt(0.5))


def test_numeral_slogans_skip_enumerators_counts_and_common_words(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    rows = mine_numeral_slogans(make_sentences(NUMERAL_DOCS), min_freq=1)
    phrases = {p.phrase for p in rows}
    for word in ("一是", "二是", "一些", "三个方面", "一个好头", "一个", "第一", "三次"):
        assert not any(p.startswith(word) for p in phrases), word


def test_numeral_slogan_ends_where_the_corpus_ends_it(make_sentences: Callable[..., list[Sentence]]) -> None:
    """``四个意识的`` and ``四个意识和`` are the formula ``四个意识`` followed by a function word."""
    docs = {"a": "强化四个意识的认识。", "b": "树牢“四个意识”。", "c": "增强四个意识和大局观念。"}
    assert [(p.phrase, p.freq) for p in mine_numeral_slogans(make_sentences(docs))] == [("四个意识", 3)]


def test_numeral_slogans_quoted_short_and_multi_group(make_sentences: Callable[..., list[Sentence]]) -> None:
    docs = {
        "a": "坚决反对“四风”。立足“三服务”职能。编制“十四五”规划。建立“双随机一公开”机制。",
        "b": "反对四风问题。做好“三服务”。“十四五”时期。推行双随机一公开监管。",
    }
    rows = by_phrase(mine_numeral_slogans(make_sentences(docs)))
    assert {k: (v.freq, v.doc_freq) for k, v in rows.items()} == {
        "四风": (2, 2),
        "三服务": (2, 2),
        "十四五": (2, 2),
        "双随机一公开": (2, 2),
    }


def test_placeholder_is_never_part_of_a_formula(make_sentences: Callable[..., list[Sentence]]) -> None:
    docs = {"a": f"落实“三{PLACEHOLDER}一课”。", "b": f"落实三{PLACEHOLDER}一课。"}
    assert mine_numeral_slogans(make_sentences(docs), min_freq=1) == []


# --- quoted formulations ------------------------------------------------------------------------------

QUOTED_DOCS = {
    "a": "抓住“关键少数”。认真学习《习近平谈治国理政》。他说：“我们一定要把工作做好”。",
    "b": "发挥关键少数的带头作用。坚持“第一议题”制度。开展“不忘初心、牢记使命”主题教育。",
    "c": "“关键少数”要带头。落实“第一议题”。巩固“不忘初心、牢记使命”主题教育成果。“今年的工作做得很好。”",
}


def test_quoted_slogans_exact(make_sentences: Callable[..., list[Sentence]]) -> None:
    rows = mine_quoted_slogans(make_sentences(QUOTED_DOCS))
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [
        ("关键少数", 3, 3),
        ("不忘初心、牢记使命", 2, 2),
        ("第一议题", 2, 2),
    ]
    # 关键少数: quoted 2 of 3 uses, in all three reports
    assert rows[0].score == pytest.approx(math.log(4) * 1.0 * math.sqrt(2 / 3))


def test_quoted_slogans_skip_titles_speech_and_sentences(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    rows = mine_quoted_slogans(make_sentences(QUOTED_DOCS), min_freq=1)
    phrases = {p.phrase for p in rows}
    assert "习近平谈治国理政" not in phrases
    assert "我们一定要把工作做好" not in phrases
    assert not any("今年" in p for p in phrases)


def test_quoted_common_word_with_low_quoted_share_is_dropped(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    docs = {"a": "发展“民主”。" + "发扬民主。" * 10, "b": "“党建+”模式。推广“党建+”。"}
    assert [p.phrase for p in mine_quoted_slogans(make_sentences(docs))] == ["党建+"]


def test_mine_slogans_merges_one_row_per_phrase(make_sentences: Callable[..., list[Sentence]]) -> None:
    sentences = make_sentences({**NUMERAL_DOCS, **QUOTED_DOCS})
    rows = mine_slogans(sentences)
    phrases = [p.phrase for p in rows]
    assert len(phrases) == len(set(phrases))
    assert {"四个意识", "两个维护", "三会一课", "一岗双责", "关键少数", "第一议题"} <= set(phrases)
    assert rows == sorted(rows, key=lambda p: (-p.score, p.phrase))


def test_slogan_score_formula() -> None:
    assert slogan_score(0, 0, 5, 0) == 0.0
    assert slogan_score(3, 2, 4, 3) == pytest.approx(math.log(4) * 0.5)
    assert slogan_score(3, 2, 4, 0, shaped=True) == pytest.approx(math.log(4) * 0.5 * math.sqrt(0.5))


# --- passages -----------------------------------------------------------------------------------------

PASSAGE_DOCS = {
    "a": "有的党组织形式化，以会议贯彻会议，以文件落实文件，压力传导层层递减。",
    "b": "一些单位表面化，以会议贯彻会议，以文件落实文件，责任没有落实。",
    "c": "管党治党压力传导不到位，以会议贯彻会议，以文件落实文件。",
    # the first clause of d is "要防止以会议贯彻会议", not "以会议贯彻会议"
    "d": "要防止以会议贯彻会议，以文件落实文件。",
    "e": "不搞形式主义，以会议贯彻会议。",
}


def test_passage_is_reported_once_as_maximal_run(make_sentences: Callable[..., list[Sentence]]) -> None:
    rows = mine_passages(make_sentences(PASSAGE_DOCS), min_chars=6)
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [
        ("以会议贯彻会议，以文件落实文件", 3, 3),
        # each half is in four reports, more than the pair, so each is a passage of its own
        ("以会议贯彻会议", 4, 4),
        ("以文件落实文件", 4, 4),
    ]
    assert rows[0].score == pytest.approx(3 * math.log(14))
    assert all(p.kind == "passage" and p.example == "" for p in rows)


def test_sub_runs_with_the_same_reports_are_dropped(make_sentences: Callable[..., list[Sentence]]) -> None:
    docs = {k: PASSAGE_DOCS[k] for k in "abc"}
    rows = mine_passages(make_sentences(docs), min_chars=6)
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [("以会议贯彻会议，以文件落实文件", 3, 3)]


def test_passage_needs_min_chars_and_reports(make_sentences: Callable[..., list[Sentence]]) -> None:
    sentences = make_sentences(PASSAGE_DOCS)
    assert [p.phrase for p in mine_passages(sentences)] == ["以会议贯彻会议，以文件落实文件"]
    assert mine_passages(sentences, min_doc_freq=5, min_chars=6) == []


def test_passage_reads_half_width_punctuation_as_full_width(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    docs = {"a": "坚持以人民为中心,持续改善民生福祉。", "b": "坚持以人民为中心，持续改善民生福祉。"}
    assert [p.phrase for p in mine_passages(make_sentences(docs))] == ["坚持以人民为中心，持续改善民生福祉"]


_TEXT = st.text(alphabet="四个意识两维护三会一课关键少数以文件落实“”，。□的是", min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), _TEXT), min_size=1, max_size=8))
def test_miners_only_report_strings_of_the_corpus_without_placeholder(items: list[tuple[str, str]]) -> None:
    sentences = [Sentence(doc, "other", text, tuple(text)) for doc, text in items]
    texts = [s.text for s in sentences]
    for row in mine_slogans(sentences, min_freq=1) + mine_passages(sentences, min_chars=2):
        assert PLACEHOLDER not in row.phrase
        assert any(row.phrase in t.replace(",", "，") for t in texts)
        assert 1 <= row.doc_freq <= len({s.doc_id for s in sentences})
        assert row.freq >= row.doc_freq


# --- real corpora ---------------------------------------------------------------------------------------


def test_sample_corpus_slogans_and_passages(sample_sentences: list[Sentence]) -> None:
    assert len({s.doc_id for s in sample_sentences}) == 8
    slogans = by_phrase(mine_slogans(sample_sentences))
    for phrase in (
        "两个维护",
        "四个意识",
        "一岗双责",
        "三会一课",
        "关键少数",
        "放管服",
        "不忘初心、牢记使命",
    ):
        assert phrase in slogans, phrase
    assert slogans["一岗双责"].doc_freq == 6
    assert not {"一是", "一些", "三个方面"} & set(slogans)
    passages = by_phrase(mine_passages(sample_sentences))
    assert passages["以习近平新时代中国特色社会主义思想为指导"].doc_freq == 2
    repeated = [p for p in passages.values() if "以会议贯彻会议，以文件落实文件" in p.phrase]
    assert repeated and max(p.doc_freq for p in repeated) == 3


def test_gwr_slogans_and_passages(gwr_sentences: list[Sentence]) -> None:
    slogans = by_phrase(mine_slogans(gwr_sentences))
    for phrase in ("四个意识", "两个维护", "十四五", "一国两制", "三个代表", "放管服"):
        assert phrase in slogans, phrase
    assert slogans["四个意识"].doc_freq >= 10
    assert "社会主义" not in slogans  # quoted now and then, but a common word
    passages = by_phrase(mine_passages(gwr_sentences))
    assert passages["增强“四个意识”、坚定“四个自信”、做到“两个维护”"].doc_freq >= 10
    assert passages["高举中国特色社会主义伟大旗帜"].doc_freq >= 25
    assert not any("公有领域" in p or "维基" in p for p in passages)
