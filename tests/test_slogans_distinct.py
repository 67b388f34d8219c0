"""The slogan and passage miners work per distinct sentence and give the sentence-by-sentence results.

``reference_*`` below are the sentence-by-sentence implementations the miners had before they grouped
identical sentences (:mod:`analysis.distinct`); they are kept here, unchanged, as the specification the
grouped miners must match exactly (same rows, same order, same floats).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.distinct import distinct_sentences
from analysis.miners.boundaries import edge_fault
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.numeral_slogans import _numeral_candidates
from analysis.miners.passage_runs import PUNCT_NORMAL as _PUNCT_NORMAL
from analysis.miners.passage_runs import clause_spans as _clause_spans
from analysis.miners.passages import (
    _bigrams,
    _most_common_count,
    _novelty,
    _repeated_runs,
    mine_passages,
)
from analysis.miners.quoted_slogans import (
    _NUMBER_CONTEXT,
    _PLAN_NEXT,
    _formulation_ok,
    _quote_marked,
    _quoted_spans,
)
from analysis.miners.shared import CLOSE_QUOTES, NUMERALS, OPEN_QUOTES, cjk_count, ranked, token_cuts
from analysis.miners.slogans import (
    CONTAINED_SHARE,
    mine_numeral_slogans,
    mine_quoted_slogans,
    mine_slogans,
    slogan_score,
    used_candidates,
)
from analysis.records import PLACEHOLDER, Phrase, Sentence

# --- reference implementations (sentence by sentence) -------------------------------------------------


def reference_numeral_occurrences(
    sentences: Sequence[Sentence],
) -> Iterable[tuple[str, list[str], set[str], bool]]:
    for sent in sentences:
        text = sent.text
        if not any(ch in NUMERALS for ch in text):
            continue
        cuts: set[int] | None = None
        covered = 0
        for start, ch in enumerate(text):
            if ch not in NUMERALS or start < covered:
                continue
            prev = text[start - 1] if start else ""
            if prev == "第" or prev in NUMERALS:
                continue
            if cuts is None:
                cuts = token_cuts(sent)
            if start not in cuts and prev not in OPEN_QUOTES:
                continue
            cands, bare, quoted = _numeral_candidates(text, start, cuts)
            if cands:
                covered = start + max(len(c) for c in cands)
                yield sent.doc_id, cands, bare, quoted


def reference_mine_numeral_slogans(
    sentences: Sequence[Sentence], *, min_freq: int = 2, min_doc_freq: int = 1
) -> list[Phrase]:
    occurrences = list(reference_numeral_occurrences(sentences))
    seen_quoted = {cands[0] for _, cands, _, is_quoted in occurrences if is_quoted}
    cand_count: Counter[str] = Counter()
    kept_occurrences: list[tuple[str, list[str], bool]] = []
    for doc_id, cands, bare, is_quoted in occurrences:
        cands = [c for c in cands if c not in bare or c in seen_quoted]
        if cands:
            cand_count.update(cands)
            kept_occurrences.append((doc_id, cands, is_quoted))
    freq: Counter[str] = Counter()
    quoted: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    for doc_id, cands, is_quoted in kept_occurrences:
        best = max(cands, key=lambda c: (cand_count[c], len(c)))
        freq[best] += 1
        quoted[best] += is_quoted
        docs[best].add(doc_id)
    n_docs = len({s.doc_id for s in sentences})
    out = [
        Phrase(p, "slogan", f, len(docs[p]), slogan_score(f, len(docs[p]), n_docs, quoted[p], shaped=True))
        for p, f in freq.items()
        if f >= min_freq and len(docs[p]) >= min_doc_freq
    ]
    return ranked(out)


def reference_count_in(phrase: str, text: str) -> int:
    if phrase[0] not in NUMERALS:
        return text.count(phrase)
    plan_name = all(ch in NUMERALS for ch in phrase)
    count = 0
    pos = text.find(phrase)
    while pos >= 0:
        end = pos + len(phrase)
        before_ok = pos == 0 or text[pos - 1] not in _NUMBER_CONTEXT
        after_ok = (
            not plan_name
            or (end < len(text) and text[end] in CLOSE_QUOTES)
            or text[end : end + 2] in _PLAN_NEXT
        )
        count += before_ok and after_ok
        pos = text.find(phrase, end)
    return count


def reference_mine_quoted_slogans(
    sentences: Sequence[Sentence],
    *,
    word_freq: Mapping[str, int],
    min_freq: int = 2,
    min_doc_freq: int = 1,
    max_chars: int = 16,
    min_quoted_share: float = 0.1,
) -> list[Phrase]:
    quoted: Counter[str] = Counter()
    for sent in sentences:
        for content in _quoted_spans(sent.text):
            if _formulation_ok(content, max_chars):
                quoted[content] += 1
    doc_texts: dict[str, list[str]] = defaultdict(list)
    for sent in sentences:
        doc_texts[sent.doc_id].append(sent.text)
    joined = {doc: "\n".join(parts) for doc, parts in doc_texts.items()}
    out: list[Phrase] = []
    for phrase, n_quoted in quoted.items():
        per_doc = [reference_count_in(phrase, text) for text in joined.values()]
        freq = max(sum(per_doc), n_quoted)
        doc_freq = sum(1 for c in per_doc if c)
        if (
            freq >= min_freq
            and doc_freq >= min_doc_freq
            and n_quoted >= min_quoted_share * freq
            and _quote_marked(phrase, n_quoted, freq, word_freq)
        ):
            out.append(
                Phrase(phrase, "slogan", freq, doc_freq, slogan_score(freq, doc_freq, len(joined), n_quoted))
            )
    return ranked(out)


def reference_mine_slogans(
    sentences: Sequence[Sentence], *, word_freq: Mapping[str, int], min_freq: int = 2
) -> list[Phrase]:
    rows = reference_mine_numeral_slogans(sentences, min_freq=min_freq)
    shaped = frozenset(r.phrase for r in rows)
    rows += reference_mine_quoted_slogans(sentences, min_freq=min_freq, word_freq=word_freq)
    best: dict[str, Phrase] = {}
    lexicon = jieba_lexicon()
    for row in rows:
        if edge_fault(row.phrase, word_freq=lexicon.freq, word_tags=lexicon.tag, words=False):
            continue  # the edge and containment rules read rows only, not the scan
        kept = best.get(row.phrase)
        if kept is None or (row.score, row.freq) > (kept.score, kept.freq):
            best[row.phrase] = row
    # the uses of the candidates: counted per distinct sentence too (slogan_uses is specified on its own)
    return used_candidates(
        list(best.values()),
        distinct_sentences(sentences),
        shaped=shaped,
        min_freq=min_freq,
        min_doc_freq=1,
        independent=None,
        contained_share=CONTAINED_SHARE,
        word_freq=word_freq,
        word_tags=lexicon.tag,
    )


def reference_repeated_runs(
    sentences: Sequence[Sentence], *, min_doc_freq: int
) -> dict[str, tuple[int, int, tuple[str, ...]]]:
    items: list[tuple[str, str, list[tuple[int, int]]]] = []
    for sent in sentences:
        text = sent.text.translate(_PUNCT_NORMAL)
        items.append((sent.doc_id, text, _clause_spans(text)))

    def run_at(idx: int, i: int, k: int) -> str:
        _, text, spans = items[idx]
        return text[spans[i][0] : spans[i + k - 1][1]]

    found: dict[str, tuple[int, int, tuple[str, ...]]] = {}
    starts = [(idx, i) for idx, (_, _, spans) in enumerate(items) for i in range(len(spans))]
    k = 1
    while starts:
        docs: dict[str, set[str]] = defaultdict(set)
        freq: Counter[str] = Counter()
        for idx, i in starts:
            run = run_at(idx, i, k)
            docs[run].add(items[idx][0])
            freq[run] += 1
        frequent = {
            run for run, d in docs.items() if len(d) >= min_doc_freq and (k > 1 or PLACEHOLDER not in run)
        }
        survivors = set()
        for idx, i in starts:
            run = run_at(idx, i, k)
            if run in frequent:
                survivors.add((idx, i))
                if run not in found:
                    _, text, spans = items[idx]
                    found[run] = (len(docs[run]), freq[run], tuple(text[a:b] for a, b in spans[i : i + k]))
        k += 1
        starts = sorted(
            (idx, i) for idx, i in survivors if (idx, i + 1) in survivors and i + k - 1 < len(items[idx][2])
        )
    return found


def reference_novelty(ranked: Sequence[str]) -> Iterable[tuple[str, float]]:
    holders: dict[str, list[int]] = defaultdict(list)
    for pos, text in enumerate(ranked):
        grams = _bigrams(text)
        shared: Counter[int] = Counter()
        for gram in grams:
            shared.update(holders.get(gram, ()))
            holders[gram].append(pos)
        overlap = max(shared.values(), default=0) / len(grams) if grams else 0.0
        yield text, 1.0 - overlap


def reference_mine_passages(
    sentences: Sequence[Sentence], *, min_doc_freq: int = 2, min_chars: int = 12, contained_share: float = 0.8
) -> list[Phrase]:
    found = reference_repeated_runs(sentences, min_doc_freq=min_doc_freq)
    by_length = sorted(
        (run for run in found if cjk_count(run) >= min_chars), key=lambda r: (-len(r), -found[r][0], r)
    )
    kept: list[str] = []
    index: dict[str, list[int]] = defaultdict(list)
    for run in by_length:
        df = found[run][0]
        grams = {run[i : i + 4] for i in range(len(run) - 3)}
        if grams:
            anchor = min(grams, key=lambda g: (len(index.get(g, ())), g))
            near: Iterable[int] = index.get(anchor, ())
        else:
            near = range(len(kept))
        if any(found[kept[j]][0] >= contained_share * df and run in kept[j] for j in near):
            continue
        for gram in grams:
            index[gram].append(len(kept))
        kept.append(run)
    out = [
        Phrase(
            run, "passage", found[run][1], found[run][0], (found[run][0] + 1 - 1 / cjk_count(run)) * novelty
        )
        for run, novelty in reference_novelty(sorted(kept, key=lambda r: (-found[r][0], -cjk_count(r), r)))
    ]
    return ranked(out)


# --- generated corpora with repeated sentences -----------------------------------------------------------

#: Numerals, quotes (curly, corner, ASCII), speech markers, plan words, clause separators, the placeholder.
_ALPHABET = '四个意识两维护三会一课岗双责十五计划第关键少数以文件落实的是“”「」"：说，,；、。□'
#: Clauses that recur across texts, so passages and formulas repeat inside different sentences too.
_CLAUSES = (
    "以会议贯彻会议",
    "以文件落实文件",
    "增强“四个意识”",
    "落实三会一课",
    "增强四个意识",
    "编制十五计划",
    "“十五”时期",
    "关键少数",
    "抓住“关键少数”",
    "□",
)
_SEPARATORS = "，,；、"

_RANDOM_TEXT = st.text(alphabet=_ALPHABET, min_size=1, max_size=30)
_CLAUSE_TEXT = st.lists(
    st.tuples(st.sampled_from(_CLAUSES), st.sampled_from(_SEPARATORS)), min_size=1, max_size=6
).map(lambda parts: "".join(c + s for c, s in parts)[:-1])
WORD_FREQ = {"关键": 500, "少数": 300, "意识": 1000, "文件": 800, "十五": 200}


def cut(text: str, sizes: list[int]) -> tuple[str, ...]:
    """``text`` cut into tokens of the given sizes (cycled); the tokens concatenate to ``text``."""
    tokens, pos, k = [], 0, 0
    while pos < len(text):
        tokens.append(text[pos : pos + sizes[k % len(sizes)]])
        pos += sizes[k % len(sizes)]
        k += 1
    return tuple(tokens)


@st.composite
def repeated_corpora(draw: st.DrawFn) -> list[Sentence]:
    """A few texts placed in reports a–d, often in several reports and twice in one report.

    A placement sometimes carries other tokens (one per character) or tokens that do not spell the text, so
    the same text also comes with different tokens.
    """
    pool = draw(
        st.lists(
            st.tuples(
                st.one_of(_RANDOM_TEXT, _CLAUSE_TEXT), st.lists(st.integers(1, 4), min_size=1, max_size=6)
            ),
            min_size=1,
            max_size=8,
        )
    )
    placements = draw(
        st.lists(
            st.tuples(
                st.sampled_from("abcd"),
                st.integers(0, len(pool) - 1),
                st.sampled_from(("cut", "char", "odd")),
            ),
            min_size=1,
            max_size=18,
        )
    )
    sentences = []
    for doc, k, tokens in placements:
        text, sizes = pool[k]
        tok = {"cut": cut(text, sizes), "char": tuple(text), "odd": (text + "的",)}[tokens]
        sentences.append(Sentence(doc, "other", text, tok))
    return sentences


@settings(max_examples=150, deadline=None)
@given(repeated_corpora(), st.sampled_from([1, 2]))
def test_slogans_equal_the_sentence_by_sentence_reference(sentences: list[Sentence], min_freq: int) -> None:
    assert mine_numeral_slogans(sentences, min_freq=min_freq) == reference_mine_numeral_slogans(
        sentences, min_freq=min_freq
    )
    assert mine_quoted_slogans(sentences, min_freq=min_freq, word_freq=WORD_FREQ) == (
        reference_mine_quoted_slogans(sentences, min_freq=min_freq, word_freq=WORD_FREQ)
    )
    assert mine_slogans(sentences, min_freq=min_freq, word_freq=WORD_FREQ) == reference_mine_slogans(
        sentences, min_freq=min_freq, word_freq=WORD_FREQ
    )


@settings(max_examples=150, deadline=None)
@given(repeated_corpora(), st.sampled_from([1, 2, 3]), st.sampled_from([2, 6, 12]))
def test_passages_equal_the_sentence_by_sentence_reference(
    sentences: list[Sentence], min_doc_freq: int, min_chars: int
) -> None:
    runs = _repeated_runs(sentences, min_doc_freq=min_doc_freq)
    assert list(runs.items()) == list(reference_repeated_runs(sentences, min_doc_freq=min_doc_freq).items())
    assert mine_passages(sentences, min_doc_freq=min_doc_freq, min_chars=min_chars, clean=False) == (
        reference_mine_passages(sentences, min_doc_freq=min_doc_freq, min_chars=min_chars)
    )


@settings(max_examples=150, deadline=None)
@given(repeated_corpora(), st.sampled_from([1, 2, 3]))
def test_closed_runs_are_the_runs_minus_those_inside_a_segment_of_their_only_group(
    sentences: list[Sentence], min_doc_freq: int
) -> None:
    """Every run left out is held by one distinct sentence and lies inside a kept run of the same reports."""
    every = reference_repeated_runs(sentences, min_doc_freq=min_doc_freq)
    closed = _repeated_runs(sentences, min_doc_freq=min_doc_freq, closed=True)
    assert {run: every[run] for run in closed} == closed
    for run in every.keys() - closed.keys():
        assert any(run in longer and closed[longer][0] == every[run][0] for longer in closed if longer != run)


def test_a_report_held_twice_gives_its_sentences_whole_not_every_run_of_clauses(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    docs = [(doc, "甲乙丙丁，戊己庚辛，壬癸子丑。") for doc in "ab"] + [("c", "戊己庚辛，壬癸子丑，寅卯。")]
    sentences = make_sentences(docs)
    assert len(_repeated_runs(sentences, min_doc_freq=2)) == 3 + 2 + 1  # every run of a's sentence
    assert _repeated_runs(sentences, min_doc_freq=2, closed=True) == {
        "戊己庚辛": (3, 3, ("戊己庚辛",)),
        "壬癸子丑": (3, 3, ("壬癸子丑",)),
        "戊己庚辛，壬癸子丑": (3, 3, ("戊己庚辛", "壬癸子丑")),
        "甲乙丙丁，戊己庚辛，壬癸子丑": (2, 2, ("甲乙丙丁", "戊己庚辛", "壬癸子丑")),
    }


@settings(max_examples=150, deadline=None)
@given(repeated_corpora(), st.integers(1, 12))
def test_the_top_n_passages_are_the_first_n_of_the_whole_list(sentences: list[Sentence], top_n: int) -> None:
    """Stopping early (novelty ≤ 1 bounds every later score) never changes the first ``top_n`` rows."""
    everything = mine_passages(sentences, min_chars=2)
    assert mine_passages(sentences, min_chars=2, top_n=top_n) == everything[:top_n]


def test_the_top_n_passages_of_gwr_national_are_the_first_n_of_the_whole_list(gwr_body_sentences) -> None:
    everything = mine_passages(gwr_body_sentences)
    for top_n in (1, 10, 300):
        assert mine_passages(gwr_body_sentences, top_n=top_n) == everything[:top_n]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="会议文件落实贯彻以，", min_size=0, max_size=12), max_size=40))
def test_novelty_equals_the_reference(texts: list[str]) -> None:
    assert list(_novelty(texts)) == list(reference_novelty(texts))


@given(st.lists(st.integers(0, 1000), max_size=30))
def test_most_common_count(values: list[int]) -> None:
    """Dense ranges are counted with bincount, sparse ones sorted: both give the largest multiplicity."""
    assert _most_common_count(np.array(values, dtype=np.int64)) == max(Counter(values).values(), default=0)


# --- exact fixtures ------------------------------------------------------------------------------------

#: In reports a, b and c, twice in a.
PASSAGE_DOCS = [
    ("a", "坚持以人民为中心，不断增进民生福祉。"),
    ("a", "坚持以人民为中心，不断增进民生福祉。"),
    ("b", "我们坚持以人民为中心，不断增进民生福祉。"),  # another sentence, holding the passage as a unit
    ("c", "坚持以人民为中心，不断增进民生福祉。"),
]
SLOGAN_DOCS = [("a", "增强“四个意识”，抓住“关键少数”。")] * 2 + [
    ("b", "增强“四个意识”，抓住“关键少数”。"),
    ("c", "增强“四个意识”。抓住“关键少数”。"),
]


def test_a_passage_repeated_in_three_reports(make_sentences: Callable[..., list[Sentence]]) -> None:
    """Three sentences of a and c are one distinct sentence (count 3), b's is another: doc_freq 3, freq 4.

    Grown clause by clause, the pair of clauses is in a and c only (b's first clause is longer), but b
    holds it as a unit after 我们: counted so, the pair is in 3 reports, and its second clause alone, in
    the same 3, goes inside it.
    """
    rows = mine_passages(make_sentences(PASSAGE_DOCS), min_chars=8)
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [("坚持以人民为中心，不断增进民生福祉", 4, 3)]
    assert rows[0].score == pytest.approx(3 + 1 - 1 / 16)


def test_slogans_repeated_in_three_reports(make_sentences: Callable[..., list[Sentence]]) -> None:
    rows = mine_slogans(make_sentences(SLOGAN_DOCS), word_freq=WORD_FREQ)
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [("关键少数", 4, 3), ("四个意识", 4, 3)]
    assert rows[0].score == pytest.approx(math.log(5))  # always quoted, in all three reports


def test_a_plan_name_at_the_end_of_a_sentence_is_not_followed_by_the_next_sentence(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    """``十五`` at the end of one sentence and ``计划`` at the start of the next do not make ``十五计划``."""
    docs = [("a", "编制“十五”计划。"), ("b", "实施十五计划。"), ("c", "今年是十五\n计划先行。")]
    rows = mine_quoted_slogans(make_sentences(docs), word_freq={})
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [("十五", 2, 2)]


def test_each_match_counts_for_its_own_sentence(make_sentences: Callable[..., list[Sentence]]) -> None:
    """Matches in the joined distinct texts are mapped back to their sentence, after many short ones."""
    docs = [("a", "一二三四五六"[i]) for i in range(6)] + [("b", "关键少数"), ("c", "抓住“关键少数”")]
    rows = mine_quoted_slogans(make_sentences(docs), word_freq={})
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [("关键少数", 2, 2)]


def test_a_segment_is_counted_where_its_clauses_repeat_with_the_same_punctuation() -> None:
    """Found by hypothesis: ``甲，甲`` and ``甲；甲`` are two segments of one sentence, each seen once; the
    same clauses with other punctuation between them are not a place of the segment."""
    clause = "甲乙丙丁"
    text = f"{clause}，{clause}，□，{clause}；{clause}"
    sentences = [Sentence("a", "other", text, tuple(text), False)]
    assert _repeated_runs(sentences, min_doc_freq=1, closed=True) == {
        f"{clause}，{clause}": (1, 1, (clause, clause)),
        f"{clause}；{clause}": (1, 1, (clause, clause)),
    }
