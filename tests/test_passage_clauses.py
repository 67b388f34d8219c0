"""Specification of short formulas, titles and enumeration tails of the passage miner
(analysis.miners.passage_reuse, analysis.miners.passage_edges): a whole clause of 8–11 characters that
enough independent documents use is a passage; a noun phrase, a title or a clause cut inside is not."""

from __future__ import annotations

from collections.abc import Callable

from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.passage_reuse import SHORT_MIN_REPORTS, passage_fault, says_something
from analysis.miners.passages import mine_passages
from analysis.records import Sentence

#: Opening sentences of four unrelated notices of a water authority: each its own topic, one closing formula.
_TOPICS = (
    "各灌区管理站要做好春季灌溉用水调度",
    "全面排查病险水库的安全隐患",
    "认真组织汛前河道清淤疏浚",
    "加快推进农村饮水工程提质增效",
)
_FORMULA = "请结合实际认真贯彻执行"  # 10 CJK characters, a whole clause


def _notices(n: int, formula: str = _FORMULA) -> dict[str, str]:
    return {f"通知{i}": f"{_TOPICS[i]}，{formula}。" for i in range(n)}


def test_a_short_whole_clause_used_by_enough_documents_is_a_passage(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    rows = {p.phrase: p.doc_freq for p in mine_passages(make_sentences(_notices(SHORT_MIN_REPORTS)))}
    assert rows == {_FORMULA: SHORT_MIN_REPORTS}


def test_a_short_clause_of_two_documents_is_not(make_sentences: Callable[..., list[Sentence]]) -> None:
    """Two documents sharing 10 characters may share them by chance (a long run needs only two)."""
    assert mine_passages(make_sentences(_notices(2))) == []


def test_a_short_clause_needs_its_own_minimum_only_under_min_chars(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    """With ``min_clause_chars`` at ``min_chars`` the short clause is no candidate at all."""
    assert mine_passages(make_sentences(_notices(4)), min_clause_chars=12) == []


def test_a_short_run_cut_inside_a_clause_is_not_a_passage(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    """``请结合实际认真贯彻执行`` followed by words of each notice's own is no whole clause anywhere."""
    docs = {
        f"通知{i}": f"{_TOPICS[i]}，{_FORMULA}{tail}。"
        for i, tail in enumerate(("本办法", "上级部署", "各项要求", "相关规定"))
    }
    assert mine_passages(make_sentences(docs)) == []


def test_a_short_noun_phrase_is_not_a_passage(make_sentences: Callable[..., list[Sentence]]) -> None:
    """A whole clause of nouns only (a list of topics) says nothing a writer reuses as a formula."""
    nouns = "水资源、水生态、水环境"
    rows = mine_passages(make_sentences(_notices(4, nouns)))
    assert rows == []
    tags = jieba_lexicon().tag
    assert not says_something(("水资源", "、", "水生态", "、", "水环境"), tags)
    assert says_something(("请", "结合", "实际"), tags)


def test_a_title_is_no_passage(make_sentences: Callable[..., list[Sentence]]) -> None:
    """A run one report encloses in book-title marks names a document, even where others list it bare."""
    title = "农村集体经济组织财务会计制度汇编"
    docs = {
        "甲": f"各乡镇要组织学习{title}，提高财务管理水平。",
        "乙": f"印发《{title}》。",
        "丙": f"{title}。",
    }
    rows = {p.phrase for p in mine_passages(make_sentences(docs))}
    assert title not in rows
    assert passage_fault(title, [], title=True) == "title"


def test_the_last_item_of_an_enumeration_is_not_cut(make_sentences: Callable[..., list[Sentence]]) -> None:
    """The run grows over the words its occurrences share after ``、`` only when they make a whole item
    (as long as the items before it): ``乡村公路`` of ``乡村公路养护`` / ``乡村公路管护`` (4, like the
    other items) is one; ``城乡`` of ``城乡供水`` / ``城乡排水`` (2 of 4) is not, so the enumeration goes."""
    whole = {
        f"报告{i}": f"{lead}，统筹推进高速公路、国省干线、乡村公路{tail}。"
        for i, (lead, tail) in enumerate(
            (("今年重点抓好三件事", "养护"), ("明年工作安排如下", "管护"), ("交通部门要履职尽责", "。同时"))
        )
    }
    rows = {p.phrase for p in mine_passages(make_sentences(whole))}
    assert "统筹推进高速公路、国省干线、乡村公路" in rows
    cut = {
        f"报告{i}": f"{lead}，统筹推进水库除险、河道整治、城乡{tail}。"
        for i, (lead, tail) in enumerate(
            (("今年重点抓好三件事", "供水"), ("明年工作安排如下", "排水"), ("水利部门要履职尽责", "污水"))
        )
    }
    rows = {p.phrase for p in mine_passages(make_sentences(cut))}
    assert not any(p.endswith("城乡") for p in rows), rows


def test_one_use_as_a_list_item_does_not_unmake_a_formula(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    """Used whole by three notices and as one item of a list by a fourth, the formula stays; what is next to
    ``、`` in half of its uses or more is a piece of an enumeration."""
    docs = _notices(3) | {"通知3": f"弘扬艰苦奋斗、{_FORMULA}的作风，加快推进农村饮水工程提质增效。"}
    rows = {p.phrase for p in mine_passages(make_sentences(docs))}
    assert _FORMULA in rows
