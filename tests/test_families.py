"""Specification of independent documents (analysis.miners.families) and reusable passages
(analysis.miners.passage_reuse): versions of one text count once, and what only they share is no passage."""

from __future__ import annotations

from collections.abc import Callable

import jieba
from hypothesis import given
from hypothesis import strategies as st

from analysis.distinct import distinct_sentences
from analysis.miners.families import (
    _LONG_CLAUSE_RE,
    MIN_CLAUSE_CHARS,
    RARE_HOLDERS,
    RARE_MIN_SHARED,
    RELATED_SHARE,
    DocumentFamilies,
    document_families,
    related_pairs,
)
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.passage_edges import COPY_MAX_HOLDERS, COPY_MIN_SENTENCES, COPY_SHARE, copy_roots
from analysis.miners.passage_reuse import passage_fault, strip_opening
from analysis.miners.passages import mine_passages
from analysis.miners.shared import CJK_RE
from analysis.miners.templates import mine_heading_templates
from analysis.records import Heading, Sentence

# --- independent documents ----------------------------------------------------------------------------


def test_related_documents_are_counted_once_among_the_holders_only() -> None:
    families = DocumentFamilies(
        root={"甲": "甲", "甲副本": "甲", "乙": "乙", "丙": "丙", "丁": "丁"},
        links={"乙": frozenset({"丙"}), "丙": frozenset({"乙", "丁"}), "丁": frozenset({"丙"})},
    )
    assert families.count(["甲", "甲副本"]) == 1  # a copy
    assert families.count(["甲", "乙", "丙", "丁"]) == 2  # 乙–丙–丁 are versions of one text
    assert families.count(["乙", "丁"]) == 2  # linked only through 丙, which does not hold the phrase
    assert families.count([]) == 0


@given(st.sets(st.sampled_from("甲乙丙丁戊己")))
def test_independent_documents_are_between_one_and_the_reports(docs: set[str]) -> None:
    families = DocumentFamilies({}, {"甲": frozenset("乙"), "乙": frozenset("甲")})
    assert min(len(docs), 1) <= families.count(docs) <= len(docs)


def _clauses(prefix: str, n: int) -> list[str]:
    return [f"{prefix}第{i}项长条款的具体规定内容" for i in range(n)]


def test_a_pair_is_related_when_it_stands_out_from_each_report_s_background() -> None:
    """A and B share 10 of their 40 long clauses; each shares 1 with eight other reports: related.  In a
    genre where every report shares 10 with eight others (G1 … G9), sharing 10 says nothing."""
    clause_docs: dict[str, frozenset[str]] = {}
    for c in _clauses("共享", 10):
        clause_docs[c] = frozenset({"A", "B"})
    for i in range(8):
        clause_docs[f"背景条款{i}甲乙丙丁戊己"] = frozenset({"A", "B", f"X{i}"})
    for d in ("A", "B", *(f"X{i}" for i in range(8))):
        for c in _clauses(d, 30):
            clause_docs[c] = frozenset({d})
    assert related_pairs(clause_docs) == [("A", "B")]
    genre = {}
    names = [f"G{i}" for i in range(10)]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            for c in _clauses(a + b, 10):
                genre[c] = frozenset({a, b})
    assert related_pairs(genre) == []


def test_a_pair_sharing_a_few_rare_clauses_draws_on_one_source() -> None:
    """A and B share 3 clauses nobody else has, 3 % of their 100 long clauses (under RELATED_SHARE): they
    draw on one source.  3 clauses A shares with five other reports each (a formula of the genre) or 2
    rare ones do not link a pair; nor do 3 rare ones where each report shares as much with eight others."""
    clause_docs: dict[str, frozenset[str]] = {}
    others = [f"X{i}" for i in range(5)]
    for c in _clauses("同源", RARE_MIN_SHARED):
        clause_docs[c] = frozenset({"A", "B"})
    for c in _clauses("惯用", 3):
        clause_docs[c] = frozenset({"C", "D", *others})
    for c in _clauses("偶合", RARE_MIN_SHARED - 1):
        clause_docs[c] = frozenset({"A", "E"})
    for d in ("A", "B", "C", "D", "E", *others):
        for c in _clauses(d, 97):
            clause_docs[c] = frozenset({d})
    assert related_pairs(clause_docs) == [("A", "B")]
    assert RARE_MIN_SHARED / 100 < RELATED_SHARE and len(others) + 2 > RARE_HOLDERS
    genre = {}
    names = [f"G{i}" for i in range(10)]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            for c in _clauses(a + b, RARE_MIN_SHARED):
                genre[c] = frozenset({a, b})
    assert related_pairs(genre) == []


def test_one_quoted_sentence_is_no_common_source(make_sentences: Callable[..., list[Sentence]]) -> None:
    """Three rare clauses in one sentence of each report are one quotation (a passage, if others use it);
    in three sentences, copied text: the reports draw on one source."""
    own = {d: "。".join(f"{d}报告自己的第{i}项长条款的具体规定内容" for i in range(20)) for d in "甲乙丙丁"}
    clauses = ["统筹推进城乡供水设施提档升级", "持续完善农村饮水安全保障体系", "着力提高应急供水调度保障能力"]
    quoted = "，".join(clauses)
    copied = "。".join(clauses)
    docs = {"甲": f"{quoted}。{own['甲']}。", "乙": f"{own['乙']}。{quoted}。"}
    docs |= {"丙": f"{copied}。{own['丙']}。", "丁": f"{own['丁']}。{copied}。"}
    families = document_families(distinct_sentences(make_sentences(docs)))
    assert families.count(["甲", "乙"]) == 2
    assert families.count(["丙", "丁"]) == 1


# --- openings and faults --------------------------------------------------------------------------------


def test_item_markers_and_leading_conjunctions_are_stripped() -> None:
    tags = jieba_lexicon().tag
    assert strip_opening("（三）具备人工和自动两种驾驶模式", tags) == "具备人工和自动两种驾驶模式"
    assert strip_opening("二是大力发展数字经济", tags) == "大力发展数字经济"
    assert strip_opening("第一条 为深入贯彻落实有关精神", tags) == "为深入贯彻落实有关精神"
    assert strip_opening("1）道路边界与路面状态", tags) == "道路边界与路面状态"
    assert strip_opening("并融合现代通信与网络技术", tags) == "融合现代通信与网络技术"
    assert strip_opening("但不作为强制执行的依据", tags) == "不作为强制执行的依据"
    assert strip_opening("和平共处五项原则", tags) == "和平共处五项原则"  # 和平 is the longer word
    assert strip_opening("一是", tags) == "一是"  # nothing follows: nothing to strip to


def test_notes_brackets_address_lines_and_names_are_no_passages() -> None:
    tags = jieba_lexicon().tag
    assert passage_fault("（责任单位：县农业农村局）", []) == "note"
    assert passage_fault("县发展改革局、县财政局）", []) == "bracket"
    address = "各乡镇人民政府，县政府各部门、各直属机构："
    assert passage_fault("各乡镇人民政府，县政府各部门", [address]) == "address"
    assert passage_fault("各乡镇要压实主体责任", ["各乡镇要压实主体责任，抓好落实。"]) is None
    name = ("工业", "以太网交换机", "技术规范")
    assert passage_fault("工业以太网交换机技术规范", [], words=name, tags=tags) == "name"
    formula = ("认真", "落实", "党中央", "决策", "部署")
    assert passage_fault("认真落实党中央决策部署", [], words=formula, tags=tags) is None


# --- passages in independent documents -------------------------------------------------------------------

#: Three versions of one county regulation (乙 and 丙 adapted 甲 for their towns), and three documents
#: written independently that share one formula with it.
_RULE = [
    "申请人应当具备无饮酒后驾驶机动车的记录",
    "测试车辆应当具备人工操作和自动驾驶两种模式",
    "测试主体应当对测试车辆进行实时远程监控",
    "发生事故时当事人应保护现场并立即报警",
    "测试车辆不得搭载与测试无关的其他人员",
    "测试主体应当每月报送测试情况和数据记录",
]


def _regulation(town: str, n: int) -> str:
    own = "。".join(f"{town}第{i}条本地补充规定条文的内容" for i in range(n))
    return "。".join(_RULE) + "。" + own + "。要认真落实党中央国务院决策部署，推动工作落地见效。"


_FORMULA = "要认真落实党中央国务院决策部署，推动工作落地见效"


def test_clauses_copied_between_versions_of_one_text_are_no_passages(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    docs = {town: _regulation(town, 4) for town in ("甲县", "乙镇", "丙镇")}
    docs |= {
        "丁": f"今年全面完成了城乡道路改造任务。{_FORMULA}。",
        "戊": f"教育事业取得长足进步。{_FORMULA}。",
        "己": f"{_FORMULA}。生态环境持续改善。",
    }
    sentences = make_sentences(docs)
    families = document_families(distinct_sentences(sentences))
    assert families.count(["甲县", "乙镇", "丙镇"]) == 1
    assert families.count(docs) == 4
    rows = {p.phrase: p.doc_freq for p in mine_passages(sentences)}
    assert rows == {_FORMULA: 4}
    # counted as reports, the regulation's clauses would be passages of three
    every_report = {
        p.phrase: p.doc_freq for p in mine_passages(sentences, independent=DocumentFamilies({}, {}))
    }
    assert [every_report.get(rule) for rule in _RULE] == [3] * len(_RULE)


def test_a_heading_template_of_one_family_of_documents_does_not_come_out(tokenizer: jieba.Tokenizer) -> None:
    """坚定X，筑牢Y in three parallel headings of two reports: a template; when the two are versions of one
    text (linked), it is one document's and goes; a third, independent report brings it back."""

    def doc(*texts: str) -> list[Heading]:
        return [Heading(2, i, "", t, "other", 0, 0) for i, t in enumerate(texts, 1)]

    headings = ["坚定理想信念，筑牢思想根基", "坚定政治立场，筑牢纪律防线", "坚定为民情怀，筑牢服务宗旨"]
    tokenize = tokenizer.lcut
    linked = DocumentFamilies({}, {"a": frozenset("b"), "b": frozenset("a")})
    two = [("a", doc(*headings)), ("b", doc(*headings[:2]))]
    assert [p.phrase for p in mine_heading_templates(two, tokenize=tokenize, min_doc_freq=2)] == [
        "坚定X，筑牢Y"
    ]
    assert mine_heading_templates(two, tokenize=tokenize, min_doc_freq=2, families=linked) == []
    three = [*two, ("c", doc(*headings[1:]))]
    rows = mine_heading_templates(three, tokenize=tokenize, min_doc_freq=2, families=linked)
    assert [(p.phrase, p.doc_freq) for p in rows] == [("坚定X，筑牢Y", 2)]


# --- copies -------------------------------------------------------------------------------------------


def _copy_roots_by_pairs(sentences: list[Sentence]) -> dict[str, str]:
    """The definition of copy families, pair by pair: reports sharing ≥ COPY_SHARE of the smaller one's
    distinct sentences (held by ≤ COPY_MAX_HOLDERS reports), the smaller having ≥ COPY_MIN_SENTENCES, joined;
    each family named by its first report (sorted)."""
    held: dict[str, set[str]] = {}
    for s in sentences:
        held.setdefault(s.doc_id, set()).add(s.text)
    holders: dict[str, int] = {}
    for texts in held.values():
        for text in texts:
            holders[text] = holders.get(text, 0) + 1
    root = {doc: doc for doc in held}

    def find(doc: str) -> str:
        while root[doc] != doc:
            doc = root[doc]
        return doc

    for a in sorted(held):
        for b in sorted(held):
            if a >= b:
                continue
            shared = sum(1 for t in held[a] & held[b] if holders[t] <= COPY_MAX_HOLDERS)
            smaller = min(len(held[a]), len(held[b]))
            if smaller >= COPY_MIN_SENTENCES and shared >= COPY_SHARE * smaller:
                ra, rb = find(a), find(b)
                if ra != rb:
                    root[max(ra, rb)] = min(ra, rb)
    return {doc: find(doc) for doc in held}


@given(
    st.lists(st.integers(min_value=0, max_value=3), min_size=2, max_size=9),
    st.lists(
        st.sets(st.integers(min_value=0, max_value=35), min_size=1, max_size=30), min_size=4, max_size=4
    ),
)
def test_copy_families_are_the_pairwise_definition_with_identical_reports_taken_together(
    template_of_report: list[int], templates: list[set[int]]
) -> None:
    """Reports drawn from four sentence sets (so several are exact copies of each other, the shortcut
    :func:`copy_roots` takes) get the families the pair-by-pair definition gives."""
    sentences = [
        Sentence(f"报告{doc:02d}", "other", f"第{n}句话", (f"第{n}句话",), False)
        for doc, template in enumerate(template_of_report)
        for n in sorted(templates[template])
    ]
    assert copy_roots(distinct_sentences(sentences)) == _copy_roots_by_pairs(sentences)


@given(st.text(alphabet="甲乙丙1a，", max_size=14))
def test_a_long_clause_has_at_least_min_clause_chars_cjk_characters(clause: str) -> None:
    long_by_count = len(CJK_RE.findall(clause)) >= MIN_CLAUSE_CHARS
    assert (_LONG_CLAUSE_RE.match(clause) is not None) == long_by_count
