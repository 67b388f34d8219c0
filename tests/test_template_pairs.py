"""Which pairs of headings templates are induced from (analysis.miners.template_pairs), against the
per-heading definition it replaced."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.template_pairs import _keys, shared_pairs


def _shared_pairs_definition(
    tokens: Sequence[Sequence[str]],
    docs: Sequence[frozenset[str]],
    *,
    max_holders: int = 24,
    max_partners: int = 16,
) -> list[tuple[int, int]]:
    """The former ``shared_pairs``: keys as tuples, reports compared as sets."""
    keys = [_keys(words) for words in tokens]
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, grams in enumerate(keys):
        for gram in grams:
            holders[gram].append(i)
    out: set[tuple[int, int]] = set()
    for i, all_grams in enumerate(keys):
        grams = [g for g in all_grams if len(holders[g]) <= max_holders]
        grams.sort(key=lambda g: len(holders[g]))
        partners: set[int] = set()
        for gram in grams:
            for j in holders[gram]:
                if j == i or j in partners or (docs[i] == docs[j] and len(docs[i]) == 1):
                    continue
                partners.add(j)
                if len(partners) >= max_partners:
                    break
            if len(partners) >= max_partners:
                break
        out.update((min(i, j), max(i, j)) for j in partners)
    return sorted(out)


_WORD = st.sampled_from(["加强", "建设", "体系", "提升", "能力", "，", "的"])
_WORDS = st.lists(_WORD, min_size=1, max_size=6)
_DOCS = st.frozensets(st.sampled_from(["甲", "乙", "丙"]), min_size=1, max_size=2)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_WORDS, _DOCS), max_size=40),
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=1, max_value=6),
)
def test_shared_pairs_are_the_definitions(
    headings: list[tuple[list[str], frozenset[str]]], max_holders: int, max_partners: int
) -> None:
    tokens = [words for words, _ in headings]
    docs = [d for _, d in headings]
    limits = {"max_holders": max_holders, "max_partners": max_partners}
    assert shared_pairs(tokens, docs, **limits) == _shared_pairs_definition(tokens, docs, **limits)
