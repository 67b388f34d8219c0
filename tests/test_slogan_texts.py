"""The slogan readers over arrays (analysis.miners.slogan_texts, slogan_places) give what their
sentence-by-sentence definitions give.

``reference_*`` below are those definitions, written plainly (a Python step per character, per sentence, per
occurrence: what the miners did before :class:`~analysis.miners.slogan_texts.SloganTexts`); the array
versions must equal them on small fixtures written for the tests and on random ones (hypothesis): texts of
numerals, ``个``, measure and function characters, quotation marks of every kind, a character beyond the
Basic Multilingual Plane, tokens that sometimes do not add up to the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.distinct import DistinctSentences, distinct_sentences
from analysis.miners import slogans
from analysis.miners.numeral_slogans import (
    _numeral_occurrences,
    _numeral_starts,
    numeral_rows,
    possible_starts,
)
from analysis.miners.quoted_slogans import _quoted_spans, counts_at, quotations
from analysis.miners.shared import CLOSE_QUOTES, OPEN_QUOTES, token_cuts
from analysis.miners.slogan_places import QUOTE_CHARS, at_cuts, occurrences
from analysis.miners.slogan_texts import SloganTexts, char_table, counted_mask
from analysis.miners.slogan_uses import SloganUses, slogan_uses
from analysis.miners.slogans import _contained_pairwise, drop_contained_slogans, mine_slogans
from analysis.records import Phrase, Sentence

# --- references ----------------------------------------------------------------------------------------


def reference_numeral_occurrences(distinct: DistinctSentences) -> list[tuple[int, list[str], set[str], bool]]:
    """Every numeral of every sentence tried (:func:`_numeral_starts`, the definition)."""
    return [
        (g, *found) for g, group in enumerate(distinct.groups) for found in _numeral_starts(group.sentence)
    ]


def reference_find(phrase: str, text: str) -> list[int]:
    """``str.find`` repeated from the end of the previous match."""
    out, pos = [], text.find(phrase)
    while pos >= 0:
        out.append(pos)
        pos = text.find(phrase, pos + len(phrase))
    return out


def reference_slogan_uses(phrases: Sequence[str], distinct: DistinctSentences) -> dict[str, SloganUses]:
    """Uses by their definition: occurrences found by ``str.find`` in each text without its quotation marks,
    mapped back to the text by the list of kept offsets, judged one by one."""
    out: dict[str, SloganUses] = {}
    for phrase in dict.fromkeys(phrases):
        freq = quoted = 0
        holders: set[int] = set()
        quoting: set[int] = set()
        for g, group in enumerate(distinct.groups):
            text = group.sentence.text
            kept = [i for i, ch in enumerate(text) if ch not in QUOTE_CHARS]
            bare = "".join(text[i] for i in kept)
            cuts = token_cuts(group.sentence)
            for b in reference_find(phrase, bare):
                start, end = kept[b], kept[b + len(phrase) - 1] + 1
                if not counts_at(phrase, text, start):
                    continue
                open_quote = start > 0 and text[start - 1] in OPEN_QUOTES
                close_quote = end < len(text) and text[end] in CLOSE_QUOTES
                if (open_quote or start in cuts) and (close_quote or end in cuts):
                    freq += group.count
                    holders.add(g)
                    if open_quote and close_quote:
                        quoted += group.count
                        quoting.add(g)
        reports = set().union(*(distinct.docs[g] for g in holders))
        quoters = set().union(*(distinct.docs[g] for g in quoting))
        out[phrase] = SloganUses(freq, quoted, len(reports), len(reports), len(quoters))
    return out


# --- fixtures ------------------------------------------------------------------------------------------

#: Characters of the random texts: numerals, 个, measure and function characters, 第, quotation marks of
#: every kind, punctuation, a Latin letter and a character beyond the Basic Multilingual Plane.
ALPHABET = '一二三四两双十五个年是些的会课岗责农风意识维护治理第○“”「」"‘’，、。a𠀀'

_TOKEN = st.text(alphabet=ALPHABET, min_size=1, max_size=3)


@st.composite
def sentences(draw: st.DrawFn) -> list[Sentence]:
    """A few reports of a few sentences; a sentence's tokens sometimes do not add up to its text."""
    out: list[Sentence] = []
    for doc in draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=3)):
        for tokens in draw(st.lists(st.lists(_TOKEN, min_size=1, max_size=8), min_size=1, max_size=4)):
            text = "".join(tokens)
            if draw(st.booleans()) and len(tokens) > 1 and draw(st.integers(0, 9)) == 0:
                tokens = tokens[:-1]  # no boundary can be trusted: every offset is one
            out.append(Sentence(doc, "other", text, tuple(tokens)))
    return out


#: (group, start, length) of candidate phrases (see :func:`phrases_of`).
SPANS = st.lists(st.tuples(st.integers(0, 20), st.integers(0, 30), st.integers(1, 4)), max_size=8)


def phrases_of(distinct: DistinctSentences, spans: Iterable[tuple[int, int, int]]) -> list[str]:
    """Substrings of the texts (group, start, length), quotation marks deleted, as candidate phrases."""
    texts = [g.sentence.text for g in distinct.groups]
    out = []
    for g, a, k in spans:
        text = texts[g % len(texts)]
        bare = "".join(ch for ch in text if ch not in QUOTE_CHARS)
        if bare:
            out.append(bare[a % len(bare) : a % len(bare) + k])
    return [p for p in dict.fromkeys(out) if p]


def sentence(doc: str, tokens: tuple[str, ...]) -> Sentence:
    return Sentence(doc, "other", "".join(tokens), tokens)


# --- exact values --------------------------------------------------------------------------------------


def test_numerals_that_can_start_no_formula_are_not_tried() -> None:
    """``一些`` (a common word), ``三年`` (a count), ``第三`` (an ordinal) start nothing; ``三会一课``,
    ``四个意识``, ``“五好”`` and the token ``双创`` may."""
    distinct = distinct_sentences(
        [
            sentence("a", ("做好", "一些", "工作", "，", "三年", "完成", "，", "第三", "批")),
            sentence("b", ("落实", "三会一课", "，", "增强", "四个", "意识", "，", "创建", "“", "五好", "”")),
            sentence("c", ("推进", "双创", "。")),
        ]
    )
    texts = SloganTexts(distinct)
    holders, places = possible_starts(texts)
    tried = {(g, distinct.groups[g].sentence.text[p : p + 2]) for g, p in zip(holders, places, strict=True)}
    assert tried == {(1, "三会"), (1, "一课"), (1, "四个"), (1, "五好"), (2, "双创")}
    assert list(_numeral_occurrences(distinct.groups, texts)) == reference_numeral_occurrences(distinct)


def test_uses_are_judged_in_the_text_with_its_marks() -> None:
    """``“三公”经费`` is a use of ``三公经费``, and a quoted use of ``三公``; ``公经`` in tokens is none."""
    distinct = distinct_sentences(
        [
            sentence("a", ("压减", "“", "三公", "”", "经费")),
            sentence("b", ("压减", "三公", "经费", "。")),
            sentence("c", ("办公", "经费", "。")),
        ]
    )
    phrases = ["三公经费", "三公", "公经", "经费"]
    assert slogan_uses(phrases, distinct) == reference_slogan_uses(phrases, distinct)
    assert slogan_uses(phrases, distinct)["三公"] == SloganUses(2, 1, 2, 2, 1)


def test_a_char_table_marks_its_characters_only() -> None:
    table = char_table(frozenset("一“"))
    assert table[ord("一")] and table[ord("“")] and table.sum() == 2
    with pytest.raises(ValueError):
        char_table(frozenset("𠀀"))


# --- properties ----------------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)  # (≈ 90 ms an example: 300 made it the suite's slowest test)
@given(sentences())
def test_numeral_starts_tried_give_every_occurrence(sents: list[Sentence]) -> None:
    distinct = distinct_sentences(sents)
    texts = SloganTexts(distinct)
    found = list(_numeral_occurrences(distinct.groups, texts))
    assert found == reference_numeral_occurrences(distinct)
    assert numeral_rows(distinct, min_freq=1, min_doc_freq=1, texts=texts) == numeral_rows(
        distinct, min_freq=1, min_doc_freq=1
    )


@settings(max_examples=300, deadline=None)
@given(
    sentences(), st.lists(st.tuples(st.integers(0, 20), st.integers(0, 30), st.integers(1, 4)), max_size=8)
)
def test_uses_equal_their_definition(sents: list[Sentence], spans: list[tuple[int, int, int]]) -> None:
    distinct = distinct_sentences(sents)
    phrases = phrases_of(distinct, spans)
    assert slogan_uses(phrases, distinct) == reference_slogan_uses(phrases, distinct)
    texts = SloganTexts(distinct)
    texts.will_find(phrases[::2])  # some found beforehand, in a scan of their own: the same uses
    texts.find(phrases[1::2])
    assert slogan_uses(phrases, distinct, texts=texts) == reference_slogan_uses(phrases, distinct)


@settings(max_examples=300, deadline=None)
@given(
    sentences(), st.lists(st.tuples(st.integers(0, 20), st.integers(0, 30), st.integers(1, 4)), max_size=8)
)
def test_occurrences_and_numeral_rules_equal_their_definition(
    sents: list[Sentence], spans: list[tuple[int, int, int]]
) -> None:
    distinct = distinct_sentences(sents)
    phrases = phrases_of(distinct, spans)
    texts = SloganTexts(distinct)
    found = occurrences(phrases, texts)
    for k, phrase in enumerate(phrases):
        lo, hi = found.bounds[k], found.bounds[k + 1]
        columns = (found.holder[lo:hi], found.start[lo:hi], found.end[lo:hi])
        got = sorted(zip(*(column.tolist() for column in columns), strict=True))
        expected = []
        for g, text in enumerate(texts.texts):
            kept = [i for i, ch in enumerate(text) if ch not in QUOTE_CHARS]
            bare = "".join(text[i] for i in kept)
            for b in reference_find(phrase, bare):
                start, end = kept[b], kept[b + len(phrase) - 1] + 1
                expected.append((g, int(texts.starts[g]) + start, int(texts.starts[g]) + end))
        assert got == expected
        places = found.start[lo:hi]
        assert counted_mask(phrase, places, texts).tolist() == [
            counts_at(phrase, texts.corpus, p) for p in places.tolist()
        ]


@settings(max_examples=300, deadline=None)
@given(sentences(), st.data())
def test_token_boundaries_equal_token_cuts(sents: list[Sentence], data: st.DataObject) -> None:
    distinct = distinct_sentences(sents)
    texts = SloganTexts(distinct)
    n = len(distinct.groups)
    holder = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=12)), dtype=np.int64)
    offsets = [data.draw(st.integers(0, len(texts.texts[g]))) for g in holder.tolist()]
    places = texts.starts[holder] + np.array(offsets, dtype=np.int64)
    (got,) = at_cuts(distinct.groups, texts, holder, places)
    expected = [
        o in token_cuts(distinct.groups[g].sentence) for g, o in zip(holder.tolist(), offsets, strict=True)
    ]
    assert got.tolist() == expected


@settings(max_examples=100, deadline=None)
@given(sentences())
def test_mine_slogans_with_shared_texts_equals_each_reader_on_its_own(sents: list[Sentence]) -> None:
    """:func:`mine_slogans` shares one :class:`SloganTexts` (one scan for both kinds of candidates); with
    one that forgets every scan, each reader scans for itself: the rows are the same."""
    distinct = distinct_sentences(sents)
    shared = mine_slogans(sents, min_freq=1, word_freq={}, distinct=distinct)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(slogans, "SloganTexts", ForgetfulTexts)
        alone = mine_slogans(sents, min_freq=1, word_freq={}, distinct=distinct)
    assert shared == alone


class ForgetfulTexts(SloganTexts):
    """A :class:`SloganTexts` that forgets every scan: each reader scans for itself."""

    def find(self, phrases: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        self._found.clear()
        self._pending.clear()
        return super().find(phrases)


@settings(max_examples=300, deadline=None)
@given(sentences())
def test_quotations_read_in_one_join_equal_those_of_each_text(sents: list[Sentence]) -> None:
    distinct = distinct_sentences(sents)
    expected = [(g, c) for g, group in enumerate(distinct.groups) for c in _quoted_spans(group.sentence.text)]
    assert quotations(SloganTexts(distinct)) == expected


def test_a_part_goes_inside_the_whole_it_is_used_in() -> None:
    """``三网`` is inside ``三网融合`` in 9 of its 10 uses: gone; ``融合`` in 9 of 20: kept."""
    rows = [Phrase("三网融合", "slogan", 9, 3, 1.0), Phrase("三网", "slogan", 10, 3, 1.0)]
    rows.append(Phrase("融合", "slogan", 20, 3, 1.0))
    assert drop_contained_slogans(rows) == [rows[0], rows[2]]
    assert drop_contained_slogans(rows) == _contained_pairwise(rows, 0.85, {r.phrase: r.freq for r in rows})


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(alphabet="三网融合两个维护", min_size=1, max_size=6), st.integers(0, 12)),
        max_size=12,
    ),
    st.sampled_from([0.5, 0.85, 1.0]),
)
def test_contained_slogans_by_one_scan_equal_every_pair(rows: list[tuple[str, int]], share: float) -> None:
    """Repeated rows included (each counts as often as it is there)."""
    phrases = [Phrase(p, "slogan", f, 1, 1.0) for p, f in rows]
    count = {r.phrase: r.freq for r in phrases}
    assert drop_contained_slogans(phrases, share=share) == _contained_pairwise(phrases, share, count)
