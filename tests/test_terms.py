"""Term, idiom and section-keyness miners."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import jieba
import pytest

from analysis.ngrams import count_word_ngrams
from analysis.records import Phrase, Sentence
from analysis.terms import mine_idioms, mine_terms, score_terms, section_keyness

Build = Callable[..., list[Sentence]]

_PART = re.compile(r"【第[一二三四五六七八九十]+篇】")
_NOTICE_START = re.compile(r"^本作品(?:是|来自)", re.MULTILINE)  # two variants of the public-domain notice
_NOTICE = re.compile(r"本作品是中华人民共和国|公有领域|Public domain|^false$")


def read_corpus(directory: Path) -> dict[str, str]:
    """A naive reader: a file holding 【第一篇】… gives stem#1, stem#2 …; the public-domain notice is cut."""
    texts: dict[str, str] = {}
    for path in sorted(directory.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        notice = _NOTICE_START.search(text)
        if notice:
            text = text[: notice.start()]  # the notice spans several lines (法律、法规 … 公有领域 …)
        text = "\n".join(line for line in text.splitlines() if not _NOTICE.search(line.strip()))
        parts = _PART.split(text)
        if len(parts) > 1:
            for i, part in enumerate(parts[1:], start=1):
                texts[f"{path.stem}#{i}"] = part
        else:
            texts[path.stem] = text
    return texts


@pytest.fixture(scope="module")
def word_freq(tokenizer: jieba.Tokenizer) -> Mapping[str, int]:
    return tokenizer.FREQ


@pytest.fixture(scope="module")
def sample_sentences(sample_dir: Path, make_sentences: Build) -> list[Sentence]:
    return make_sentences(read_corpus(sample_dir))


@pytest.fixture(scope="module")
def gwr_sentences(gwr_dir: Path, make_sentences: Build) -> list[Sentence]:
    return make_sentences(read_corpus(gwr_dir))


def phrases_of(rows: list[Phrase]) -> list[str]:
    return [p.phrase for p in rows]


# --- terms ---------------------------------------------------------------------------------------------
TERM_DOCS = {
    "d1": "我们坚持全面从严治党，推进中国特色社会主义事业。全面从严治党永远在路上。",
    "d2": "压实全面从严治党主体责任。坚持和发展中国特色社会主义。",
    "d3": "把全面从严治党引向深入。中国特色社会主义进入新时代。",
    "d4": "落实全面从严治党要求，加强党风廉政建设。中国特色社会主义道路越走越宽广。",
    "d5": "对全面从严治党作出部署。高举中国特色社会主义伟大旗帜。",
}


def test_a_term_used_in_many_contexts_is_found(make_sentences: Build) -> None:
    terms = mine_terms(make_sentences(TERM_DOCS), min_freq=3, min_doc_freq=2)
    found = phrases_of(terms)
    assert "全面从严治党" in found
    assert "中国特色社会主义" in found
    for fragment in ("中国特色社会", "从严治党", "中国特色", "特色社会主义"):
        assert fragment not in found
    term = terms[found.index("全面从严治党")]
    assert (term.kind, term.freq, term.doc_freq, term.example) == ("term", 6, 5, "")
    assert term.score > 0


def test_a_fragment_always_followed_by_the_same_word_is_not_a_term() -> None:
    # tokens chosen so that 中国特色社会 is a word n-gram: its right neighbour is always 主义
    contexts = ["坚持", "发展", "建设", "推进", "高举"]
    sentences = [
        Sentence(f"d{i}", "other", f"{c}中国特色社会主义", (c, "中国", "特色", "社会", "主义"))
        for i, c in enumerate(contexts)
    ]
    found = phrases_of(mine_terms(sentences, min_freq=3, min_doc_freq=2))
    assert "中国特色社会" not in found
    assert "中国特色社会主义" in found


def test_terms_may_not_start_or_end_with_a_function_word() -> None:
    tokens = ("认真", "落实", "主体", "责任", "的", "要求")
    sentences = [Sentence(f"d{i}", "other", "".join(tokens), tokens) for i in range(4)]
    found = phrases_of(mine_terms(sentences, min_freq=3, min_doc_freq=2, min_entropy=0.0, min_cohesion=-1.0))
    assert "落实主体责任" in found
    assert not any(p.startswith("的") or p.endswith("的") for p in found)
    assert not any(p.startswith("认真") for p in found)


def test_terms_are_sorted_by_score_then_phrase_and_cut_at_top_n(sample_sentences: list[Sentence]) -> None:
    terms = mine_terms(sample_sentences, top_n=30)
    assert len(terms) == 30
    assert terms == sorted(terms, key=lambda p: (-p.score, p.phrase))
    assert terms == mine_terms(sample_sentences, top_n=30)


def test_score_terms_reuses_counts_and_takes_any_scorer(sample_sentences: list[Sentence]) -> None:
    counts = count_word_ngrams(sample_sentences, by_section=False)
    assert score_terms(counts, top_n=50) == mine_terms(sample_sentences, top_n=50)
    by_ll = phrases_of(score_terms(counts, scorer="log_likelihood", top_n=100))
    assert "党风廉政建设" in by_ll
    with pytest.raises(ValueError, match="min_cohesion="):
        score_terms(counts, scorer=lambda *, joint, left, right, total: 0.0)
    with pytest.raises(ValueError, match="'dice'"):
        score_terms(counts, scorer="dice")


def test_sample_corpus_terms(sample_sentences: list[Sentence]) -> None:
    top = phrases_of(mine_terms(sample_sentences, top_n=300))
    for term in (
        "党风廉政建设",
        "主体责任",
        "政治生态",
        "理论学习中心组",
        "三会一课",
        "全面从严治党",
        "民主生活会",
    ):
        assert term in top
    assert {"党风廉政建设", "主体责任"} <= set(top[:10])


# --- idioms --------------------------------------------------------------------------------------------
IDIOM_DOCS = {
    "d1": "我们要久久为功，营造风清气正的政治生态。加强政治建设，推动工作落实。",
    "d2": "坚持久久为功。全力营造风清气正、崇廉尚洁的氛围。政治建设是根本性建设。",
    "d3": "必须久久为功、持之以恒。风清气正的环境来之不易。抓好政治建设。",
    "d4": "以钉钉子精神久久为功。形成风清气正良好局面。把政治建设摆在首位。",
}


def test_four_character_set_phrases_are_idioms(make_sentences: Build, word_freq: Mapping[str, int]) -> None:
    idioms = mine_idioms(make_sentences(IDIOM_DOCS), word_freq=word_freq)
    found = phrases_of(idioms)
    assert {"久久为功", "风清气正"} <= set(found)
    assert "政治建设" not in found  # 政治 + 建设: two common words
    idiom = idioms[found.index("久久为功")]
    assert (idiom.kind, idiom.freq, idiom.doc_freq, idiom.example) == ("idiom", 4, 4, "")
    assert all(len(p) == 4 for p in found)
    assert not any("的" in p for p in found)


def test_an_idiom_needs_free_neighbours(make_sentences: Build, word_freq: Mapping[str, int]) -> None:
    docs = {f"d{i}": "营造风清气正的环境。" for i in range(3)}  # always 造 … 的
    assert "风清气正" not in phrases_of(mine_idioms(make_sentences(docs), word_freq=word_freq))


def test_sample_corpus_idioms(sample_sentences: list[Sentence], word_freq: Mapping[str, int]) -> None:
    top = phrases_of(mine_idioms(sample_sentences, word_freq=word_freq, top_n=200))
    for idiom in ("正风肃纪", "真抓实干", "持之以恒", "求真务实", "清正廉洁"):
        assert idiom in top
    assert "政治建设" not in top


# --- section keyness -----------------------------------------------------------------------------------
def test_section_keyness_rows(make_sentences: Build) -> None:
    problems = make_sentences(
        {"d1": "理论学习不够深入。理论学习有差距。理论学习流于形式。"}, section_type="problems"
    )
    measures = make_sentences(
        {"d2": "加强理论学习中心组学习。落实主体责任。压实主体责任。主体责任清单。"}, section_type="measures"
    )
    rows = section_keyness(
        problems + measures, ["理论学习", "理论学习中心组", "主体责任", "不存在"], min_freq=2
    )
    assert [(s, p, f) for s, p, f, _ in rows] == [("measures", "主体责任", 3), ("problems", "理论学习", 3)]
    assert all(k > 0 for *_, k in rows)
    # 理论学习 inside 理论学习中心组 is not counted (longest match): min_freq=1 shows 理论学习中心组 once
    rows = section_keyness(problems + measures, ["理论学习", "理论学习中心组"], min_freq=1)
    assert ("measures", "理论学习中心组", 1) in [(s, p, f) for s, p, f, _ in rows]
    assert section_keyness(problems, ["理论学习"]) == []  # one section type: nothing to compare
    assert section_keyness(problems + measures, []) == []


def test_section_keyness_is_fast_for_many_phrases(gwr_sentences: list[Sentence]) -> None:
    counts = count_word_ngrams(gwr_sentences[:5000], n_range=(2, 3), by_section=False)
    terms = ["".join(g) for g, _ in counts.freq.most_common(1000)]
    labelled = [
        Sentence(s.doc_id, ("achievements", "measures", "problems")[i % 3], s.text, s.tokens)
        for i, s in enumerate(gwr_sentences)
    ]
    start = time.perf_counter()
    rows = section_keyness(labelled, terms)
    assert time.perf_counter() - start < 10.0
    assert rows == sorted(rows, key=lambda r: (r[0], -r[3], r[1]))


# --- gwr_national --------------------------------------------------------------------------------------
def test_gwr_national_terms_and_idioms(gwr_sentences: list[Sentence], word_freq: Mapping[str, int]) -> None:
    start = time.perf_counter()
    terms = mine_terms(gwr_sentences, top_n=300)
    idioms = mine_idioms(gwr_sentences, word_freq=word_freq, top_n=200)
    elapsed = time.perf_counter() - start
    top_terms = phrases_of(terms)
    for term in ("社会主义", "经济体制改革", "高质量发展", "国内生产总值", "一带一路"):
        assert term in top_terms
    top_idioms = phrases_of(idioms[:30])
    for idiom in ("实事求是", "自力更生", "因地制宜", "千方百计", "一国两制"):
        assert idiom in top_idioms
    everything = top_terms + phrases_of(idioms)
    assert not any(word in p for p in everything for word in ("公有领域", "维基", "正式译文", "著作权法"))
    assert elapsed < 25.0
