"""The alignment the heading-template miner induces with (analysis.miners.alignment) is difflib's."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.alignment import _in_order_blocks, matching_blocks, positions

_TOKENS = st.lists(st.sampled_from(["加强", "的", "建设", "，", "体系", "1", "创新"]), max_size=9)


def _difflib_blocks(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(m.a, m.b, m.size) for m in matcher.get_matching_blocks()]


@settings(max_examples=500, deadline=None)
@given(_TOKENS, _TOKENS)
def test_matching_blocks_are_difflibs(a: list[str], b: list[str]) -> None:
    assert matching_blocks(a, b) == _difflib_blocks(a, b)
    assert matching_blocks(a, b, positions(b)) == _difflib_blocks(a, b)


@settings(max_examples=500, deadline=None)
@given(st.permutations(["加强", "的", "建设", "，", "体系", "1", "创新"]), _TOKENS, _TOKENS)
def test_in_order_blocks_are_difflibs_when_they_apply(
    shared: list[str], extra_a: list[str], extra_b: list[str]
) -> None:
    """Shared tokens once each and in one order (the fast path), with tokens of one side only between."""
    own_a = [f"甲{t}" for t in extra_a]
    own_b = [f"乙{t}" for t in extra_b]
    a = [t for pair in zip(own_a, shared[:5], strict=False) for t in pair] + own_a[5:]
    b = shared[:2] + own_b + shared[2:5]
    blocks = _in_order_blocks(a, positions(b))
    assert blocks is not None
    assert [*blocks, (len(a), len(b), 0)] == _difflib_blocks(a, b)


def test_in_order_blocks_step_aside_for_repeats_and_crossings() -> None:
    assert _in_order_blocks(["的", "建设", "的"], positions(["的", "体系"])) is None  # repeated in a
    assert _in_order_blocks(["的", "建设"], positions(["的", "的"])) is None  # repeated in b
    assert _in_order_blocks(["加强", "建设"], positions(["建设", "加强"])) is None  # crossed
    assert _in_order_blocks(["加强", "体系", "建设"], positions(["加强", "建设"])) == [(0, 0, 1), (2, 1, 1)]
