"""The templates induced from many pairs at once (analysis.miners.template_batch) are those
``induce_template`` reads off each pair."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.template_batch import induce_templates
from analysis.miners.template_induction import induce_template

_WORDS = ["加强", "的", "建设", "，", "体系", "1", "９", "年", "创新", "□", "甲", "乙", "丙", "a1"]
_HEADINGS = st.lists(st.lists(st.sampled_from(_WORDS), max_size=9), min_size=1, max_size=7)


def _one_by_one(tokens: list[list[str]], pairs: list[tuple[int, int]]) -> set[tuple[str | None, ...]]:
    return {p for a, b in pairs if (p := induce_template(tokens[a], tokens[b])) is not None}


@settings(max_examples=500, deadline=None)
@given(_HEADINGS, st.integers(1, 5))
def test_induce_templates_are_induce_templates(tokens: list[list[str]], chunk: int) -> None:
    """Every ordered pair (a heading with itself too), in rounds of ``chunk`` pairs: in-order pairs in the
    arrays, repeated or crossed tokens and digits one by one."""
    pairs = [(a, b) for a in range(len(tokens)) for b in range(len(tokens))]
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    assert induce_templates(tokens, first, second, chunk=chunk) == _one_by_one(tokens, pairs)


def test_induce_templates_of_parallel_headings() -> None:
    headings = [
        ["学习", "还", "不够", "“", "深", "”"],
        ["方法", "还", "不够", "“", "新", "”"],
        ["联系", "还", "不够", "“", "密", "”"],
        ["加强", "基层", "党", "的", "建设"],  # nothing shared with the first three: no template
        ["加强", "作风", "建设"],
        ["2023", "年", "工作", "回顾"],  # a digit: moved to its slot, one by one
        ["2024", "年", "工作", "回顾"],
        ["的", "建设", "的", "体系"],  # 的 twice: difflib's search
    ]
    pairs = [(0, 1), (1, 2), (0, 3), (3, 4), (4, 3), (5, 6), (7, 3), (3, 7)]
    found = induce_templates(headings, [a for a, _ in pairs], [b for _, b in pairs])
    assert found == _one_by_one(headings, pairs)
    assert (None, "还不够“", None, "”") in found
    assert ("加强", None, "建设") in found
    assert (None, "年工作回顾") in found
    assert induce_templates(headings, [], []) == set()
