"""Specification of heading-template induction (analysis.miners.templates)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import jieba
import pytest

from analysis.miners.templates import induce_template, mine_heading_templates, template_regex
from analysis.records import Heading

_NUMBERS = {ch: i for i, ch in enumerate("一二三四五六七八九十", 1)}
_CN = "[一二三四五六七八九十]+"
_HEADING = re.compile(rf"^(?:(?P<l1>{_CN})、|[（(](?P<l2>{_CN})[）)])(?P<text>.*)$")
_ARTICLE = re.compile(r"^.*【第[一二三四五六七八九十]+篇】.*$", re.M)
_NOTICE = re.compile(r"^.*(本作品|公有领域|Public domain|本模板|维基文库)", re.M)


def heading(level: int, text: str, number: int = 1) -> Heading:
    return Heading(level, number, "", text, "other", 0, 0)


def extract_headings(text: str) -> list[Heading]:
    """``一、…`` lines are level 1, ``（一）…``/``(一)…`` lines level 2; text up to the first 。/：."""
    out: list[Heading] = []
    for line in text.splitlines():
        m = _HEADING.match(line.replace("\u3000", "").replace("\xa0", "").strip())
        if not m:
            continue
        body = re.split(r"[。：:]", m["text"], maxsplit=1)[0].strip()
        numeral = m["l1"] or m["l2"]
        if body:
            out.append(heading(1 if m["l1"] else 2, body, _NUMBERS.get(numeral[-1], 0)))
    return out


def read_docs(corpus: Path) -> list[tuple[str, str]]:
    docs: list[tuple[str, str]] = []
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if notice := _NOTICE.search(text):
            text = text[: notice.start()]
        parts = _ARTICLE.split(text)
        if len(parts) > 1:
            docs.extend((f"{path.stem}#{i}", part) for i, part in enumerate(parts[1:], 1))
        else:
            docs.append((path.stem, text))
    return docs


@pytest.fixture(scope="module")
def tokenize(tokenizer: jieba.Tokenizer) -> Callable[[str], list[str]]:
    return tokenizer.lcut


DOC_001 = [
    heading(1, "自我评价"),
    heading(2, "心中有忠诚，努力锻造坚定的政治品格", 1),
    heading(2, "肩上有担当，努力锤炼过硬的政治能力", 2),
    heading(2, "手中有戒尺，努力永葆清廉的政治本色", 3),
    heading(1, "存在的不足", 2),
    heading(2, "学习还不够“深”", 1),
    heading(2, "方法还不够“新”", 2),
    heading(2, "联系还不够“密”", 3),
    heading(2, "推进还不够“快”", 4),
]
DOC_002 = [
    heading(1, "总体评价"),
    heading(2, "党内政治生活更加严肃", 1),
    heading(2, "党内监督更加严密", 2),
    heading(2, "用人导向更加鲜明", 3),
]


def test_templates_of_parallel_headings(tokenize: Callable[[str], list[str]]) -> None:
    rows = mine_heading_templates([("001", DOC_001), ("002", DOC_002)], tokenize=tokenize)
    got = {p.phrase: (p.freq, p.doc_freq, p.example) for p in rows}
    assert got == {
        "X还不够“Y”": (4, 1, "学习还不够“深”"),
        "X更加Y": (3, 1, "党内政治生活更加严肃"),
        "X有Y，努力Z的政治W": (3, 1, "心中有忠诚，努力锻造坚定的政治品格"),
    }
    assert all(p.kind == "heading" for p in rows)
    # all four matched in parallel; fixed 还不够“” = 5 characters of an 8-character heading
    assert rows[0].phrase == "X还不够“Y”"
    assert rows[0].score == pytest.approx(4 * 5 / 8)


def test_min_headings_and_min_doc_freq(tokenize: Callable[[str], list[str]]) -> None:
    docs = [("001", DOC_001), ("002", DOC_002)]
    assert [p.phrase for p in mine_heading_templates(docs, tokenize=tokenize, min_headings=4)] == [
        "X还不够“Y”"
    ]
    assert mine_heading_templates(docs, tokenize=tokenize, min_doc_freq=2) == []


def test_templates_count_matches_in_other_reports(tokenize: Callable[[str], list[str]]) -> None:
    """Induced from one report's siblings, counted over every heading of the corpus."""
    other = [heading(1, "存在问题"), heading(2, "作风还不够“实”"), heading(2, "党内政治生活不够严肃")]
    rows = mine_heading_templates([("001", DOC_001), ("009", other)], tokenize=tokenize)
    row = next(p for p in rows if p.phrase == "X还不够“Y”")
    assert (row.freq, row.doc_freq) == (5, 2)


def test_headings_under_different_parents_are_not_siblings(tokenize: Callable[[str], list[str]]) -> None:
    doc = [
        heading(1, "主要成绩"),
        heading(2, "学习还不够“深”"),
        heading(1, "存在问题"),
        heading(2, "方法还不够“新”"),
        heading(1, "下步打算"),
        heading(2, "联系还不够“密”"),
    ]
    assert mine_heading_templates([("d", doc)], tokenize=tokenize) == []


def test_other_slot_letter(tokenize: Callable[[str], list[str]]) -> None:
    rows = mine_heading_templates([("001", DOC_001)], tokenize=tokenize, slot="S", min_headings=4)
    assert [p.phrase for p in rows] == ["S1还不够“S2”"]


def test_a_topic_word_or_glue_alone_is_no_template(tokenize: Callable[[str], list[str]]) -> None:
    """经济 shared by siblings is their topic, 和…的 alone is glue; 更加 (an adverb) makes a frame."""
    topic = [heading(1, t) for t in ("推动经济平稳发展", "稳定经济增长预期", "促进经济结构转型")]
    glue = [heading(1, t) for t in ("改革和开放的成就", "民主和法制的建设", "教育和科技的进步")]
    frame = [heading(1, t) for t in ("作风更加务实", "监督更加严密", "导向更加鲜明")]
    rows = mine_heading_templates([("a", topic), ("b", glue), ("c", frame)], tokenize=tokenize)
    assert [p.phrase for p in rows] == ["X更加Y"]


def test_matches_are_parallel_only_in_most_of_their_sibling_series(
    tokenize: Callable[[str], list[str]],
) -> None:
    """Two matching headings among six siblings are a coincidence, four of them a series."""
    six = ["学习还不够“深”", "方法还不够“新”", "加强理论武装", "严守纪律规矩", "密切联系群众", "改进工作作风"]
    rows = mine_heading_templates([("d", [heading(2, t) for t in six])], tokenize=tokenize, min_headings=2)
    assert [(p.phrase, p.score) for p in rows] == [("X还不够“Y”", pytest.approx(0.25 * 2 * 5 / 8))]
    four = ["学习还不够“深”", "方法还不够“新”", "联系还不够“密”", "改进工作作风"]
    rows = mine_heading_templates([("d", [heading(2, t) for t in four])], tokenize=tokenize)
    assert [(p.phrase, p.score) for p in rows] == [("X还不够“Y”", pytest.approx(3 * 5 / 8))]


def test_induce_template_slots_and_rejects() -> None:
    deep, new = ["学习", "还", "不够", "“", "深", "”"], ["方法", "还", "不够", "“", "新", "”"]
    assert induce_template(deep, new) == (None, "还不够“", None, "”")
    # a frame of only punctuation or only 的 is no template; identical headings give none
    assert induce_template(["强化", "理论", "，", "提升"], ["严守", "纪律", "，", "永葆"]) is None
    assert induce_template(["我", "的", "学习"], ["你", "的", "工作"]) is None
    assert induce_template(["加强", "学习"], ["加强", "学习"]) is None


def test_template_regex_slots_are_one_to_twelve_characters_without_full_stop() -> None:
    rx = template_regex((None, "更加", None))
    assert rx.match("党内监督更加严密")
    assert not rx.match("更加严密")
    assert not rx.match("党内监督更加严密。再说")
    assert not rx.match("一二三四五六七八九十一二三更加严密")


def test_sample_corpus_templates(sample_dir: Path, tokenize: Callable[[str], list[str]]) -> None:
    docs = [(doc_id, extract_headings(text)) for doc_id, text in read_docs(sample_dir)]
    assert len(docs) == 8
    rows = {p.phrase: p for p in mine_heading_templates(docs, tokenize=tokenize)}
    assert (rows["X还不够“Y”"].freq, rows["X还不够“Y”"].example) == (4, "学习还不够“深”")
    assert rows["X更加Y"].freq >= 8 and rows["X更加Y"].doc_freq == 2
    assert rows["对X的Y，认识还不够到位"].freq == 4
    assert rows["X有Y，努力Z的政治W"].freq == 3


def test_gwr_templates(gwr_dir: Path, tokenize: Callable[[str], list[str]]) -> None:
    docs = [(doc_id, extract_headings(text)) for doc_id, text in read_docs(gwr_dir)]
    rows = mine_heading_templates(docs, tokenize=tokenize, min_doc_freq=2)
    assert len(rows) >= 20
    by_phrase = {p.phrase: p for p in rows}
    assert by_phrase["关于X"].doc_freq >= 10
    for row in rows:
        assert row.freq >= 3 and row.doc_freq >= 2
        assert template_regex(_parts(row.phrase)).match(row.example.replace(",", "，")), row


def _parts(rendered: str) -> tuple[str | None, ...]:
    return tuple(None if p in "XYZW" else p for p in re.split(r"([XYZW])", rendered) if p)
