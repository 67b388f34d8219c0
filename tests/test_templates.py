"""Specification of heading-template induction (analysis.miners.templates)."""

from __future__ import annotations

import functools
import pickle
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.shared import CJK_RE
from analysis.miners.template_induction import HeadingIndex, may_match
from analysis.miners.template_shape import FUNCTION_TAGS, GLUE, content_words, teaches
from analysis.miners.templates import (
    SLOT_PATTERN,
    clause_slots,
    frame_fault,
    generic_heading_words,
    induce_template,
    match_heading_templates,
    mine_heading_templates,
    rank_heading_templates,
    slot_fillers,
    template_regex,
)
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
    # X更加Y: one common adverb is no frame (the issue's ``以更X``, ``X主要Y``)
    assert got == {
        "X还不够“Y”": (4, 1, "学习还不够“深”"),
        "X有Y，努力Z的政治W": (3, 1, "心中有忠诚，努力锻造坚定的政治品格"),
    }
    assert all(p.kind == "heading" for p in rows)
    # one report; all four matched in parallel; fixed 还不够“” = 5 characters of an 8-character heading
    assert rows[0].phrase == "X还不够“Y”"
    assert rows[0].score == pytest.approx(1 + 2.5 / 3.5)


def test_min_headings_and_min_doc_freq(tokenize: Callable[[str], list[str]]) -> None:
    docs = [("001", DOC_001), ("002", DOC_002)]
    assert [p.phrase for p in mine_heading_templates(docs, tokenize=tokenize, min_headings=4)] == [
        "X还不够“Y”"
    ]
    # in fewer reports than asked, only frames with a structure of their own that most of a group of
    # parallel headings is written on stay (还; two parallel clauses)
    rows = mine_heading_templates(docs, tokenize=tokenize, min_doc_freq=2)
    assert [p.phrase for p in rows] == ["X还不够“Y”", "X有Y，努力Z的政治W"]
    assert mine_heading_templates(docs, tokenize=tokenize, min_doc_freq=2, min_headings=5) == []


def test_a_frame_shared_by_reports_comes_before_one_reports_parallel_headings(
    tokenize: Callable[[str], list[str]],
) -> None:
    """Ranked by reports first: 3 reports × 1 heading beat 1 report × 4 parallel headings."""
    one = [heading(2, t) for t in ("学习还不够“深”", "方法还不够“新”", "联系还不够“密”", "推进还不够“快”")]
    shared = [heading(2, t) for t in ("统计工作有待进一步加强", "档案管理有待进一步加强")]
    docs = [("a", one + shared), ("b", [heading(2, "安全生产有待进一步加强")]), ("c", shared[:1])]
    rows = mine_heading_templates(docs, tokenize=tokenize)
    assert [(p.phrase, p.doc_freq) for p in rows] == [("X有待进一步加强", 3), ("X还不够“Y”", 1)]


def test_templates_are_matched_before_the_reports_are_counted(tokenize: Callable[[str], list[str]]) -> None:
    """The two steps a run splits between a worker and itself: matching (no families), then counting; the
    matches cross a process boundary pickled.  Counted with another least number of reports, the same
    matches give that count's rows."""
    docs = [("001", DOC_001), ("002", DOC_002)]
    matched = pickle.loads(pickle.dumps(match_heading_templates(docs, tokenize=tokenize)))
    for least in (1, 2):
        assert rank_heading_templates(matched, min_doc_freq=least) == mine_heading_templates(
            docs, tokenize=tokenize, min_doc_freq=least
        )
    assert [p.phrase for p in rank_heading_templates(matched, min_doc_freq=2)] == [
        "X还不够“Y”",
        "X有Y，努力Z的政治W",
    ]


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
    """经济 shared by siblings is a topic, 和…的 glue, 更加 one common word; 有待…加强 a frame."""
    topic = [heading(1, t) for t in ("推动经济平稳发展", "稳定经济增长预期", "促进经济结构转型")]
    glue = [heading(1, t) for t in ("改革和开放的成就", "民主和法制的建设", "教育和科技的进步")]
    adverb = [heading(1, t) for t in ("作风更加务实", "监督更加严密", "导向更加鲜明")]
    frame = [
        heading(1, t) for t in ("统计工作有待进一步加强", "档案管理有待进一步加强", "信息公开有待进一步加强")
    ]
    docs = [("a", topic), ("b", glue), ("c", adverb), ("d", frame)]
    rows = mine_heading_templates(docs, tokenize=tokenize)
    assert [p.phrase for p in rows] == ["X有待进一步加强"]


@pytest.mark.parametrize(
    ("rendered", "fault"),
    [
        ("关于X的Y", "no content"),
        ("X的Y", "no content"),
        ("X主要Y", "one word"),
        ("以更X", "one word"),
        ("进一步X", "one word"),
        ("加强X和Y", "one word"),
        ("智能X标准", "topic"),
        ("X数据安全Y", "one word"),
        ("X技术Y产业", "topic"),
        ("X不断Y", "one word"),
        ("X还不够“Y”", None),
        ("坚定X，筑牢Y", None),
        ("对X的极端重要性，认识还不够到位", None),
        ("X有待进一步加强", None),
        ("完善X便捷的Y网络", "scattered"),  # an adjective between two slots: a stacked modifier
        ("形成X先进和Y体系", "scattered"),
        ("打造具有X的Y", None),  # glue alone between the slots: the frame is 打造具有…的
    ],
)
def test_frame_fault_reads_the_content_of_the_fixed_part(
    rendered: str, fault: str | None, tokenize: Callable[[str], list[str]]
) -> None:
    tags = jieba_lexicon().tag
    assert frame_fault(_parts(rendered), tokenize=tokenize, tags=tags) == fault


def _content_words_definition(
    fixed: list[str], tags: Mapping[str, str], generic: frozenset[str]
) -> list[str]:
    """The former ``content_words``: one loop over the words."""
    out = []
    for word in fixed:
        cjk = CJK_RE.findall(word)
        tag = tags.get(word, "")
        if not cjk or GLUE.issuperset(cjk) or tag in FUNCTION_TAGS or word in generic:
            continue
        if len(cjk) < 2 and tag not in ("d", "v"):
            continue
        out.append(word)
    return out


_FIXED_WORDS = [
    "还",
    "不够",
    "的",
    "和",
    "加强",
    "建设",
    "有",
    "努力",
    "，",
    "1",
    "年",
    "高效",
    "甲",
    "关于",
    "一批",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FIXED_WORDS), max_size=10))
def test_content_words_are_the_former_loop(fixed: list[str]) -> None:
    """Word by word (:func:`teaches`), its verdicts kept or not, as the former loop."""
    tags = jieba_lexicon().tag
    generic = frozenset({"建设"})
    expected = _content_words_definition(fixed, tags, generic)
    assert content_words(fixed, tags=tags, generic=generic) == expected
    kept = functools.cache(functools.partial(teaches, tags=tags, generic=generic))
    assert content_words(fixed, tags=tags, generic=generic, teaches_word=kept) == expected


def test_generic_heading_words_are_common_nouns_and_verbs_of_many_headings() -> None:
    lexicon = jieba_lexicon()
    headings = [["加强", "安全", "工作"], ["统计", "工作", "还", "不够", "到位"], ["人才", "工作"]] * 10
    generic = generic_heading_words(headings, freq=lexicon.freq, tags=lexicon.tag)
    assert {"工作", "加强"} <= generic  # common in headings and in jieba's dictionary
    assert not {"还", "不够", "到位"} & generic  # an adverb never; 不够, 到位 are rare in general language


def test_matches_are_parallel_only_in_most_of_their_sibling_series(
    tokenize: Callable[[str], list[str]],
) -> None:
    """Two matching headings among six siblings are a coincidence, four of them a series."""
    six = ["学习还不够“深”", "方法还不够“新”", "加强理论武装", "严守纪律规矩", "密切联系群众", "改进工作作风"]
    rows = mine_heading_templates([("d", [heading(2, t) for t in six])], tokenize=tokenize, min_headings=2)
    w = 0.25 * 2 * 5 / 8
    assert [(p.phrase, p.score) for p in rows] == [("X还不够“Y”", pytest.approx(1 + w / (1 + w)))]
    four = ["学习还不够“深”", "方法还不够“新”", "联系还不够“密”", "改进工作作风"]
    rows = mine_heading_templates([("d", [heading(2, t) for t in four])], tokenize=tokenize)
    w = 3 * 5 / 8
    assert [(p.phrase, p.score) for p in rows] == [("X还不够“Y”", pytest.approx(1 + w / (1 + w)))]


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
    assert "X更加Y" not in rows
    assert rows["对X的Y，认识还不够到位"].freq == 4
    assert rows["X有Y，努力Z的政治W"].freq == 3


def test_gwr_templates_are_frames_or_nothing(gwr_dir: Path, tokenize: Callable[[str], list[str]]) -> None:
    """gwr_national's headings share topics and common verbs (关于X, X年工作Y, 加强X和Y), and a few frames
    across the years."""
    docs = [(doc_id, extract_headings(text)) for doc_id, text in read_docs(gwr_dir)]
    rows = mine_heading_templates(docs, tokenize=tokenize, min_doc_freq=2)
    phrases = {p.phrase for p in rows}
    assert not phrases & {"关于X", "关于X的Y", "X年工作Y", "X主要Y", "以更X", "X的Y", "加强X和Y"}
    # frames written once by each of several reports (2004, 2008, 2009, 2010; 2016, 2022, 2023)
    assert {
        "X，保持经济平稳较快发展",
        "X，保持经济运行在合理区间",
        "X年经济社会发展总体要求和政策取向",
    } <= phrases
    for row in rows:
        assert row.freq >= 3 and row.doc_freq >= 2
        assert template_regex(_parts(row.phrase)).match(row.example.replace(",", "，")), row


def _parts(rendered: str) -> tuple[str | None, ...]:
    return tuple(None if p in "XYZW" else p for p in re.split(r"([XYZW])", rendered) if p)


def test_a_frame_of_the_genre_is_found_in_headings_of_different_reports(
    tokenize: Callable[[str], list[str]],
) -> None:
    """No report writes ``X，筑牢安全生产防线`` twice, three reports write it once: the frame is induced
    from headings of different reports, and a narrower variant (``压实X，筑牢安全生产防线``) goes."""
    docs = [
        ("a", [heading(1, "完善应急体系，筑牢安全生产防线"), heading(1, "搞好财政预算")]),
        ("b", [heading(1, "强化隐患排查，筑牢安全生产防线"), heading(1, "做好民生保障")]),
        ("c", [heading(2, "压实企业主体责任，筑牢安全生产防线")]),
    ]
    rows = mine_heading_templates(docs, tokenize=tokenize, min_doc_freq=2)
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [("X，筑牢安全生产防线", 3, 3)]


def test_a_verb_and_the_head_of_its_object_pair_headings_without_a_shared_bigram(
    tokenize: Callable[[str], list[str]],
) -> None:
    docs = [("a", [heading(1, "提升公共服务能力")]), ("b", [heading(1, "提升安全防护能力")])]
    docs.append(("c", [heading(1, "提升应急处置能力")]))
    assert [p.phrase for p in mine_heading_templates(docs, tokenize=tokenize)] == ["提升X能力"]


def test_the_end_of_a_noun_compound_is_no_frame_but_a_dated_heading_is(
    tokenize: Callable[[str], list[str]],
) -> None:
    """``X试点示范``: the slot is the modifier of a compound every heading of a kind ends with; a slot that
    only ever holds a year is the date of the genre's standard heading."""
    suffix = [("a", "智慧交通试点示范"), ("b", "智能工厂试点示范"), ("c", "数字乡村试点示范")]
    dated = [
        ("a", "2019年财政预算执行情况"),
        ("b", "2020年财政预算执行情况"),
        ("c", "2021年财政预算执行情况"),
    ]
    rows = mine_heading_templates([(d, [heading(1, t)]) for d, t in suffix + dated], tokenize=tokenize)
    assert [p.phrase for p in rows] == ["X年财政预算执行情况"]


def test_digits_next_to_a_slot_belong_to_it() -> None:
    a, b = ["１９９６", "年", "国内", "工作"], ["１９９７", "年", "国内", "工作"]
    assert induce_template(a, b) == (None, "年国内工作")
    assert induce_template(["199", "6", "年", "回顾"], ["199", "7", "年", "回顾"]) == (None, "年回顾")


@pytest.mark.parametrize(
    ("rendered", "expected"),
    [
        ("X宏观Y，保持经济运行在合理区间", "X，保持经济运行在合理区间"),
        ("坚定X，筑牢Y", None),
        ("实施X行动", None),
        ("切实X民生，扩大高水平对外开放", "X，扩大高水平对外开放"),
    ],
)
def test_clause_slots_keep_the_whole_fixed_clause(rendered: str, expected: str | None) -> None:
    got = clause_slots(_parts(rendered))
    assert (None if got is None else "".join("X" if p is None else p for p in got)) == expected


def test_a_slot_stays_inside_one_clause() -> None:
    rx = template_regex(("加强", None, "维护社会稳定"))
    assert rx.match("加强治安防控维护社会稳定")
    assert not rx.match("加强法制建设，维护社会稳定")


_HEADING_CHARS = "加强改革创新，。：体系建设1"
_PARTS = st.lists(
    st.one_of(st.none(), st.text(alphabet=_HEADING_CHARS, min_size=1, max_size=3)), min_size=1, max_size=5
)


@settings(max_examples=500, deadline=None)
@given(_PARTS, st.text(alphabet=_HEADING_CHARS, max_size=30))
def test_slot_fillers_are_the_groups_of_the_template_regex(parts: list[str | None], text: str) -> None:
    """The matcher the miner uses gives what the anchored regex with a group per slot gives."""
    regex = re.compile("".join(f"({SLOT_PATTERN})" if p is None else re.escape(p) for p in parts) + r"\Z")
    match = regex.match(text)
    assert slot_fillers(parts, text) == (None if match is None else match.groups())


@settings(max_examples=1000, deadline=None)
@given(_PARTS, st.lists(st.text(alphabet=_HEADING_CHARS, max_size=14), min_size=5, max_size=5))
def test_slot_fillers_of_headings_written_on_the_template(
    parts: list[str | None], fillers: list[str]
) -> None:
    """Headings written on the template, its slots filled (the fixed parts once each, or more): the matcher
    gives the regex's groups, whether it places the fixed parts or walks."""
    filled = iter(fillers)
    text = "".join(next(filled) if p is None else p for p in parts)
    regex = re.compile("".join(f"({SLOT_PATTERN})" if p is None else re.escape(p) for p in parts) + r"\Z")
    match = regex.match(text)
    assert slot_fillers(parts, text) == (None if match is None else match.groups())


@settings(max_examples=500, deadline=None)
@given(_PARTS, st.text(alphabet=_HEADING_CHARS, max_size=30))
def test_may_match_keeps_every_heading_a_template_matches(parts: list[str | None], text: str) -> None:
    """The cheap tests before the walk turn away no heading :func:`slot_fillers` matches."""
    if slot_fillers(parts, text) is not None:
        assert may_match(parts, [text]) == [text]
    head, tail = parts[0] or "", parts[-1] or ""
    fixed = [p for p in parts if p is not None]
    holds = text.startswith(head) and text.endswith(tail) and all(p in text for p in fixed)
    assert may_match(parts, [text, text]) == ([text, text] if holds else [])


@settings(max_examples=500, deadline=None)
@given(_PARTS, st.lists(st.text(alphabet=_HEADING_CHARS, max_size=12), max_size=8))
def test_heading_index_keeps_what_may_match_keeps(parts: list[str | None], texts: list[str]) -> None:
    """The headings the index tries a template on (those holding its rarest character pairs and its ends)
    are all the headings :func:`may_match` keeps."""
    assert sorted(HeadingIndex.of(texts).may_match(parts)) == sorted(set(may_match(parts, texts)))


def test_slot_fillers_of_a_heading() -> None:
    assert slot_fillers(("坚持", None, "，推动", None), "坚持稳中求进，推动高质量发展") == (
        "稳中求进",
        "高质量发展",
    )
    assert slot_fillers(("坚持", None), "坚持稳中求进，推动高质量发展") is None  # a slot stops at ，
    assert slot_fillers((None, "体系"), "体系") is None  # a slot holds a character at least
