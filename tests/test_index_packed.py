"""The character level's sort (analysis/index_packed.py) gives what one stable sort of the packed keys gives:
:func:`packed_runs` against :func:`_sorted_runs` on :func:`packed_keys`, array for array."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.index_levels import _sorted_runs, packed_keys
from analysis.index_packed import packed_runs


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 9), max_size=80),
    st.sampled_from([2, 3, 4]),
    st.sampled_from([4, 12, 16]),
    st.integers(0, 2**16 - 10),
)
def test_packed_runs_equal_a_stable_sort_of_the_packed_keys(
    ids: list[int], n: int, bits: int, base: int
) -> None:
    """Streams of few units (0 is the separator, 1 breaks runs), ids offset up to ``bits`` bits wide."""
    top = (1 << bits) - 1
    stream = np.array([0, *[0 if i == 0 else min(top, base + i) for i in ids], 0], dtype=np.int32)
    stream_run = (stream != 0) & (stream != min(top, base + 1))
    got = packed_runs(stream, stream_run, bits, n)
    if len(stream) < n:  # (no window: the caller counts none)
        assert got is None
        return
    assert got is not None
    starts, keys = packed_keys(stream, stream_run, bits, n)
    positions, new = _sorted_runs(keys, starts, len(stream))
    assert got[0].dtype == positions.dtype == np.int32
    np.testing.assert_array_equal(got[0], positions)
    np.testing.assert_array_equal(got[1], new)


def test_keys_too_wide_for_a_composite_are_left_to_the_stable_sort() -> None:
    stream = np.array([0, 1, 2, 3, 0], dtype=np.int32)
    run = stream != 0
    assert packed_runs(stream, run, 16, 4) is not None  # 3 × 16 + 3 bits
    assert packed_runs(stream, run, 20, 4) is None  # first units wider than 16 bits
    assert packed_runs(stream, run, 16, 5) is None  # 4 × 16 + 3 bits
    assert packed_runs(stream, run, 8, 1) is None
