"""Quoted slogans counted in one Aho–Corasick pass give what one ``str.find`` loop per candidate gave.

``reference_counted_at`` and ``reference_quoted_rows`` are the implementation the quoted-slogan miner had
before :func:`analysis.multimatch.find_nonoverlapping` (one ``str.find`` scan of the whole joined text per
candidate, quadratic as the candidates grow with the text).  They are kept here unchanged as the
specification: the same rows, the same ``freq``, ``doc_freq`` and scores, on every input.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.distinct import DistinctSentences, distinct_sentences
from analysis.miners.quoted_slogans import (
    _NUMBER_CONTEXT,
    _PLAN_NEXT,
    _formulation_ok,
    _quote_marked,
    _quoted_spans,
    counts_at,
    mine_quoted_slogans,
    quoted_rows,
)
from analysis.miners.shared import CLOSE_QUOTES, NUMERALS, ranked, slogan_score, union_size
from analysis.multimatch import FEW_PATTERNS, Automaton, ScanText, find_nonoverlapping, nonoverlapping_matches
from analysis.records import Phrase, Sentence

# --- the reference: one str.find scan per candidate ---------------------------------------------------


def reference_find(pattern: str, text: str) -> Iterator[int]:
    """``str.find`` repeated from the end of the previous match."""
    pos = text.find(pattern)
    while pos >= 0:
        yield pos
        pos = text.find(pattern, pos + len(pattern))


def reference_counted_at(phrase: str, text: str) -> Iterator[int]:
    numeral = phrase[0] in NUMERALS
    plan_name = numeral and all(ch in NUMERALS for ch in phrase)
    pos = text.find(phrase)
    while pos >= 0:
        end = pos + len(phrase)
        before_ok = not numeral or pos == 0 or text[pos - 1] not in _NUMBER_CONTEXT
        after_ok = (
            not plan_name
            or (end < len(text) and text[end] in CLOSE_QUOTES)
            or text[end : end + 2] in _PLAN_NEXT
        )
        if before_ok and after_ok:
            yield pos
        pos = text.find(phrase, end)


def reference_quoted_rows(
    distinct: DistinctSentences,
    *,
    min_freq: int,
    min_doc_freq: int,
    max_chars: int,
    min_quoted_share: float,
    word_freq: Mapping[str, int],
) -> list[Phrase]:
    groups, docs = distinct.groups, distinct.docs
    quoted: Counter[str] = Counter()
    for group in groups:
        for content in _quoted_spans(group.sentence.text):
            if _formulation_ok(content, max_chars):
                quoted[content] += group.count
    corpus = "\n".join(g.sentence.text for g in groups)
    offsets = list(itertools.accumulate((len(g.sentence.text) + 1 for g in groups[:-1]), initial=0))
    out: list[Phrase] = []
    for phrase, n_quoted in quoted.items():
        holders = [bisect_right(offsets, pos) - 1 for pos in reference_counted_at(phrase, corpus)]
        freq = max(sum(groups[g].count for g in holders), n_quoted)
        if not (
            freq >= min_freq
            and n_quoted >= min_quoted_share * freq
            and _quote_marked(phrase, n_quoted, freq, word_freq)
        ):
            continue
        doc_freq = union_size(docs, holders)
        if doc_freq >= min_doc_freq:
            score = slogan_score(freq, doc_freq, distinct.n_docs, n_quoted)
            out.append(Phrase(phrase, "slogan", freq, doc_freq, score))
    return ranked(out)


# --- generated texts: overlaps, self-overlapping phrases, numerals, quotes -------------------------------

#: Self-overlapping 哈/一二一, numerals and their context (第○零), plan words, quotes of three kinds, a
#: non-BMP character (one character in Python, four bytes in UTF-8), separators and a line break.
_ALPHABET = '哈一二九五十四年第○零计划规期间时关键少数“”「」"：、，𠀀\n'
_PIECES = (
    "“哈哈”",
    "哈哈哈",
    "哈哈哈哈",
    "“一二一”",
    "一二一二一",
    "“十五”",
    "十五计划",
    "十五年",
    "一九五四年",
    "第十五",
    "“五四”",
    "“关键少数”",
    "关键少数",
    "「关键」",
    '"𠀀哈"',
    "𠀀哈𠀀哈",
    "：“哈哈”",
    "“十五”时期",
    "○十五",
)
_TEXT = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(alphabet=_ALPHABET, min_size=1, max_size=4)),
    min_size=1,
    max_size=8,
).map("".join)
WORD_FREQ = {"关键": 500, "哈哈": 200, "十五": 150}


@st.composite
def corpora(draw: st.DrawFn) -> list[Sentence]:
    """A few texts placed in reports a–d, some in several reports and some twice in one."""
    pool = draw(st.lists(_TEXT, min_size=1, max_size=8))
    placements = draw(
        st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, len(pool) - 1)), min_size=1, max_size=14)
    )
    return [Sentence(doc, "other", pool[k], tuple(pool[k])) for doc, k in placements]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="哈一二𠀀a", max_size=40),
    st.lists(st.text(alphabet="哈一二𠀀a", min_size=1, max_size=4), max_size=3 * FEW_PATTERNS),
)
def test_find_nonoverlapping_equals_str_find_from_the_end_of_each_match(
    text: str, patterns: list[str]
) -> None:
    """Both ways of finding (``str.find`` for a few patterns, the automaton for more) give the definition."""
    assert find_nonoverlapping(patterns, text) == [list(reference_find(p, text)) for p in patterns]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="哈一二𠀀a", max_size=40),
    st.lists(st.text(alphabet="哈一二𠀀a", min_size=1, max_size=4), unique=True, max_size=3 * FEW_PATTERNS),
)
def test_a_text_encoded_once_is_scanned_as_the_text(text: str, patterns: list[str]) -> None:
    """A :class:`ScanText` (its UTF-16 bytes kept between scans) gives what the ``str`` gives, scan after
    scan, with and without characters beyond the Basic Multilingual Plane."""
    scanned = ScanText(text)
    for _ in range(2):
        got = nonoverlapping_matches(patterns, scanned)
        want = nonoverlapping_matches(patterns, text)
        assert [a.tolist() for a in got] == [a.tolist() for a in want]
    assert scanned.utf16() is scanned.utf16() and scanned.utf16() == text.encode("utf-16-le")


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="哈一二a愀", max_size=40),
    st.lists(st.text(alphabet="哈一二a愀", min_size=1, max_size=5), min_size=1, max_size=6),
    st.integers(1, 12),
)
def test_a_text_scanned_in_pieces_gives_every_match_once(text: str, patterns: list[str], piece: int) -> None:
    """Pieces of any size (a match across two pieces, a pattern longer than a piece, the straddling bytes of
    ``愀`` and ``a``): the matches of the whole text, each once."""
    automaton = Automaton(patterns)
    whole = sorted(map(tuple, automaton.matches(text, piece=len(text) + 1).tolist()))
    assert sorted(map(tuple, automaton.matches(text, piece=piece).tolist())) == whole
    assert whole == sorted(
        (k, i, i + len(p)) for k, p in enumerate(patterns) for i in range(len(text)) if text.startswith(p, i)
    )


def test_the_automaton_and_str_find_agree_on_a_few_and_many_patterns() -> None:
    text = "哈哈哈一二哈哈哈哈𠀀一二一二a哈"
    few = ["哈哈", "一二", "𠀀一"]
    many = [*few, *(f"a{k}" for k in range(FEW_PATTERNS))]
    assert find_nonoverlapping(few, text) == find_nonoverlapping(many, text)[: len(few)]
    assert find_nonoverlapping(few, text) == [[0, 5, 7], [3, 10, 12], [9]]


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=6), st.data())
def test_counted_matches_equal_the_reference(texts: list[str], data: st.DataObject) -> None:
    """Every substring of the text as a phrase: the numeral rules keep the same occurrences."""
    corpus = "\n".join(texts)
    n = len(corpus)
    spans = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 5)), min_size=1, max_size=10))
    phrases = list(dict.fromkeys(p for a, k in spans if "\n" not in (p := corpus[a : a + k]) and p))
    found = find_nonoverlapping(phrases, corpus)
    for phrase, at in zip(phrases, found, strict=True):
        kept = [pos for pos in at if counts_at(phrase, corpus, pos)]
        assert kept == list(reference_counted_at(phrase, corpus))


@settings(max_examples=300, deadline=None)
@given(corpora(), st.sampled_from([1, 2]), st.sampled_from([1, 2]), st.sampled_from([0.1, 0.5]))
def test_quoted_rows_equal_the_str_find_reference(
    sentences: list[Sentence], min_freq: int, min_doc_freq: int, min_quoted_share: float
) -> None:
    distinct = distinct_sentences(sentences)
    options = dict(
        min_freq=min_freq, min_doc_freq=min_doc_freq, max_chars=16, min_quoted_share=min_quoted_share
    )
    for word_freq in (WORD_FREQ, {}):
        assert quoted_rows(distinct, **options, word_freq=word_freq) == reference_quoted_rows(
            distinct, **options, word_freq=word_freq
        )


# --- exact values --------------------------------------------------------------------------------------


def test_each_pattern_is_counted_on_its_own_without_overlapping_itself() -> None:
    text = "哈哈哈哈哈"
    assert find_nonoverlapping(["哈哈", "哈", "哈哈哈"], text) == [[0, 2], [0, 1, 2, 3, 4], [0]]
    assert find_nonoverlapping(["一二一"], "一二一二一二一") == [[0, 4]]
    assert find_nonoverlapping(["关键", "关键少数", "少数"], "抓住关键少数") == [[2], [2], [4]]


def test_offsets_are_python_character_offsets() -> None:
    """A non-BMP character is four bytes in UTF-8 and one character in Python: offsets count characters."""
    assert find_nonoverlapping(["𠀀哈", "哈𠀀"], "𠀀哈𠀀哈") == [[0, 2], [1]]


def test_a_match_across_two_characters_of_the_scanned_bytes_is_no_match() -> None:
    """The automaton scans UTF-16 bytes: ``愀`` is 00 61 and ``a`` 61 00, so ``愀愀`` holds the bytes of
    ``a`` between its two characters; that is no occurrence (with more patterns than ``str.find`` takes)."""
    patterns = ["a", *(f"b{k}" for k in range(FEW_PATTERNS))]
    assert find_nonoverlapping(patterns, "愀愀a愀")[0] == [2]


def test_repeated_patterns_empty_text_and_no_pattern() -> None:
    got = find_nonoverlapping(["哈哈", "哈哈"], "哈哈哈哈")
    assert got == [[0, 2], [0, 2]]
    assert got[0] is not got[1]
    assert find_nonoverlapping(["哈哈"], "") == [[]]
    assert find_nonoverlapping([], "哈哈") == []
    with pytest.raises(ValueError, match="empty pattern"):
        find_nonoverlapping(["哈", ""], "哈")


def test_a_self_overlapping_slogan_counts_like_str_count(
    make_sentences: Callable[..., list[Sentence]],
) -> None:
    """``哈哈`` is once in ``哈哈哈`` and twice in ``哈哈哈哈``: 2 quoted + 1 + 2 uses in three reports."""
    docs = [("a", "笑声“哈哈”，“哈哈”。"), ("b", "哈哈哈。"), ("c", "哈哈哈哈。")]
    rows = mine_quoted_slogans(make_sentences(docs), word_freq={})
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [("哈哈", 5, 3)]
    assert rows[0].score == pytest.approx(math.log(6) * math.sqrt(2 / 5))


def test_numeral_rules_in_the_one_pass_count(make_sentences: Callable[..., list[Sentence]]) -> None:
    """``十五`` counts before a closing quote or 计划/时期, not in ``一九五四年``, ``十五年`` or ``第十五``.

    ``一国两制`` counts anywhere except after a numeral or 第/○/零.
    """
    docs = [
        ("a", "编制“十五”计划。坚持“一国两制”。"),
        ("b", "实施十五计划，一九五四年，十五年来。"),
        ("c", "第十五个，十五时期，○十五计划。"),
        ("d", "一国两制，第一国两制，三一国两制。"),
    ]
    rows = mine_quoted_slogans(make_sentences(docs), word_freq={})
    assert [(p.phrase, p.freq, p.doc_freq) for p in rows] == [("十五", 3, 3), ("一国两制", 2, 2)]
    assert rows[0].score == pytest.approx(math.log(4) * 3 / 4 * math.sqrt(1 / 3))
    assert rows[1].score == pytest.approx(math.log(3) * 2 / 4 * math.sqrt(1 / 2))
