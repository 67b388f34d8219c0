"""The alignment the heading-template miner induces with (analysis.miners.alignment) is difflib's, and the
templates read off it (analysis.miners.template_induction) are the former definition's."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.alignment import in_order_blocks, matching_blocks, positions, searched_blocks
from analysis.miners.shared import CJK_RE
from analysis.miners.template_induction import MIN_FIXED_CJK, SLOT_NAMES, _digits_to_slots, induce_template
from analysis.records import PLACEHOLDER

_TOKENS = st.lists(st.sampled_from(["加强", "的", "建设", "，", "体系", "1", "创新"]), max_size=9)


def _difflib_blocks(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(m.a, m.b, m.size) for m in matcher.get_matching_blocks()]


@settings(max_examples=500, deadline=None)
@given(_TOKENS, _TOKENS)
def test_matching_blocks_are_difflibs(a: list[str], b: list[str]) -> None:
    assert matching_blocks(a, b) == _difflib_blocks(a, b)
    assert matching_blocks(a, b, positions(b)) == _difflib_blocks(a, b)
    assert searched_blocks(a, b, positions(b)) == _difflib_blocks(a, b)  # (the search alone, too)


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
    blocks = in_order_blocks(a, positions(b))
    assert blocks is not None
    assert [*blocks, (len(a), len(b), 0)] == _difflib_blocks(a, b)


def test_in_order_blocks_step_aside_for_repeats_and_crossings() -> None:
    assert in_order_blocks(["的", "建设", "的"], positions(["的", "体系"])) is None  # repeated in a
    assert in_order_blocks(["的", "建设"], positions(["的", "的"])) is None  # repeated in b
    assert in_order_blocks(["加强", "建设"], positions(["建设", "加强"])) is None  # crossed
    assert in_order_blocks(["加强", "体系", "建设"], positions(["加强", "建设"])) == [(0, 0, 1), (2, 1, 1)]


def _induce_definition(a: list[str], b: list[str]) -> tuple[str | None, ...] | None:
    """The former ``induce_template``: parts read off difflib's blocks, digits always moved."""
    parts: list[str | None] = []
    ia = ib = 0
    for block_a, block_b, size in _difflib_blocks(a, b):
        if (block_a > ia or block_b > ib) and (not parts or parts[-1] is not None):
            parts.append(None)
        if size:
            fixed = "".join(a[block_a : block_a + size])
            if parts and parts[-1] is not None:
                parts[-1] += fixed
            else:
                parts.append(fixed)
        ia, ib = block_a + size, block_b + size
    parts = _digits_to_slots(parts)
    n_slots = sum(p is None for p in parts)
    fixed = "".join(p for p in parts if p is not None)
    if n_slots == 0 or n_slots > len(SLOT_NAMES) or len(CJK_RE.findall(fixed)) < MIN_FIXED_CJK:
        return None
    if PLACEHOLDER in fixed:
        return None
    return tuple(parts)


_HEADING_TOKENS = st.lists(
    st.sampled_from(["加强", "的", "建设", "，", "体系", "1", "９", "年", "创新", "□", "甲", "乙", "丙"]),
    max_size=10,
)


@settings(max_examples=1000, deadline=None)
@given(_HEADING_TOKENS, _HEADING_TOKENS)
def test_induce_template_is_the_definition(a: list[str], b: list[str]) -> None:
    """The parts read in one pass (shared tokens once each, in order) or off the blocks are the former's."""
    assert induce_template(a, b) == _induce_definition(a, b)
    assert induce_template(a, b, positions(b)) == _induce_definition(a, b)
