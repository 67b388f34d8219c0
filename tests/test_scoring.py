"""Scorers: exact values on hand-computed tables, and their properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from analysis.scoring import (
    ASSOCIATION_SCORERS,
    BOUNDARY,
    branching_entropy,
    get_scorer,
    keyness_g2,
    log_likelihood,
    log_ratio,
    npmi,
    pmi,
    t_score,
)


# --- association scorers -------------------------------------------------------------------------------
def test_pmi_of_a_hand_computed_table() -> None:
    # p(xy) = 2/8, p(x) = p(y) = 2/8: log2(2 * 8 / (2 * 2)) = 2
    assert pmi(joint=2, left=2, right=2, total=8) == pytest.approx(2.0)


def test_pmi_is_zero_under_independence_and_minus_infinity_without_cooccurrence() -> None:
    assert pmi(joint=1, left=2, right=4, total=8) == pytest.approx(0.0)
    assert pmi(joint=0, left=2, right=4, total=8) == -math.inf


def test_npmi_reaches_its_bounds() -> None:
    assert npmi(joint=2, left=2, right=2, total=8) == pytest.approx(1.0)  # only together
    assert npmi(joint=1, left=2, right=4, total=8) == pytest.approx(0.0)  # independent
    assert npmi(joint=0, left=2, right=4, total=8) == -1.0  # never together
    assert npmi(joint=5, left=5, right=5, total=5) == 1.0  # p(xy) = 1


def test_npmi_hand_value() -> None:
    # pmi = log2(10 * 100 / (20 * 30)) = log2(5/3); -log2 p(xy) = log2(10)
    assert npmi(joint=10, left=20, right=30, total=100) == pytest.approx(math.log2(5 / 3) / math.log2(10))


def test_log_likelihood_of_a_hand_computed_table() -> None:
    # O = [[10, 10], [20, 60]], E = [[6, 14], [24, 56]]: G² = 2 Σ O ln(O/E)
    assert log_likelihood(joint=10, left=20, right=30, total=100) == pytest.approx(4.473350049571542)
    assert log_likelihood(joint=1, left=2, right=4, total=8) == pytest.approx(0.0, abs=1e-12)


def test_t_score_of_a_hand_computed_table() -> None:
    # E = 20 * 30 / 100 = 6: (10 - 6) / sqrt(10)
    assert t_score(joint=10, left=20, right=30, total=100) == pytest.approx(1.2649110640673518)
    assert t_score(joint=0, left=20, right=30, total=100) == -math.inf


@pytest.mark.parametrize(
    "counts",
    [
        {"joint": 3, "left": 2, "right": 5, "total": 10},  # joint > left
        {"joint": 1, "left": 0, "right": 5, "total": 10},  # empty part
        {"joint": 1, "left": 2, "right": 5, "total": 0},  # empty corpus
        {"joint": 1, "left": 20, "right": 5, "total": 10},  # part larger than corpus
    ],
)
@pytest.mark.parametrize("name", sorted(ASSOCIATION_SCORERS))
def test_scorers_reject_impossible_tables(name: str, counts: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="="):
        ASSOCIATION_SCORERS[name](**counts)


def test_get_scorer_by_name_or_callable() -> None:
    assert get_scorer("npmi") is npmi
    assert get_scorer("log_likelihood") is log_likelihood

    def mine(*, joint: int, left: int, right: int, total: int) -> float:
        return float(joint)

    assert get_scorer(mine) is mine


def test_get_scorer_names_the_bad_name_and_the_valid_ones() -> None:
    with pytest.raises(ValueError) as info:
        get_scorer("dice")
    message = str(info.value)
    assert "'dice'" in message
    for name in ("log_likelihood", "npmi", "pmi", "t_score"):
        assert name in message


def test_the_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        ASSOCIATION_SCORERS["dice"] = pmi  # type: ignore[index]


@st.composite
def tables(draw: st.DrawFn) -> dict[str, int]:
    total = draw(st.integers(min_value=2, max_value=10_000))
    left = draw(st.integers(min_value=1, max_value=total))
    right = draw(st.integers(min_value=1, max_value=total))
    low = max(0, left + right - total)
    joint = draw(st.integers(min_value=low, max_value=min(left, right)))
    return {"joint": joint, "left": left, "right": right, "total": total}


@given(tables())
def test_association_scorers_are_symmetric(table: dict[str, int]) -> None:
    swapped = {**table, "left": table["right"], "right": table["left"]}
    for scorer in ASSOCIATION_SCORERS.values():
        a, b = scorer(**table), scorer(**swapped)
        assert a == b or a == pytest.approx(b)


@given(tables())
def test_npmi_is_bounded_and_log_likelihood_is_non_negative(table: dict[str, int]) -> None:
    assert -1.0 <= npmi(**table) <= 1.0
    assert log_likelihood(**table) >= 0.0


@given(tables())
def test_pmi_npmi_and_t_score_grow_with_the_joint_count(table: dict[str, int]) -> None:
    assume(table["joint"] < min(table["left"], table["right"]))
    more = {**table, "joint": table["joint"] + 1}
    assert pmi(**more) > pmi(**table)
    assert t_score(**more) > t_score(**table)
    assert npmi(**more) >= npmi(**table)


# --- branching entropy ---------------------------------------------------------------------------------
def test_branching_entropy_of_two_equal_neighbours_is_ln_2() -> None:
    assert branching_entropy({"主义": 1, "发展": 1}) == pytest.approx(math.log(2))


def test_branching_entropy_of_a_single_neighbour_is_zero() -> None:
    assert branching_entropy({"主义": 7}) == 0.0
    assert branching_entropy({}) == 0.0


def test_each_boundary_occurrence_is_a_distinct_neighbour() -> None:
    assert branching_entropy({BOUNDARY: 2}) == pytest.approx(math.log(2))
    # {w: 2, <b>, <b>}: -(1/2 ln 1/2) - 2 (1/4 ln 1/4)
    assert branching_entropy({"的": 2, BOUNDARY: 2}) == pytest.approx(1.5 * math.log(2))


@given(st.dictionaries(st.text(min_size=1, max_size=2), st.integers(min_value=1, max_value=50), max_size=20))
def test_branching_entropy_is_between_zero_and_ln_n(neighbours: dict[str, int]) -> None:
    total = sum(neighbours.values())
    h = branching_entropy(neighbours)
    assert 0.0 <= h <= math.log(max(total, 1)) + 1e-12


def test_branching_entropy_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="-1"):
        branching_entropy({"a": -1})


# --- keyness ---------------------------------------------------------------------------------------------
def test_keyness_g2_hand_value_and_sign() -> None:
    # a=10, c=1000, b=10, d=4000: E1 = 4, E2 = 16; G² = 2 (10 ln 2.5 + 10 ln 0.625)
    over = keyness_g2(freq_target=10, total_target=1000, freq_reference=10, total_reference=4000)
    assert over == pytest.approx(8.92574205256839)
    under = keyness_g2(freq_target=10, total_target=4000, freq_reference=10, total_reference=1000)
    assert under == pytest.approx(-8.92574205256839)


def test_keyness_g2_is_zero_for_equal_rates() -> None:
    assert keyness_g2(
        freq_target=5, total_target=100, freq_reference=10, total_reference=200
    ) == pytest.approx(0.0)
    assert keyness_g2(freq_target=0, total_target=100, freq_reference=0, total_reference=200) == 0.0


def test_keyness_g2_rejects_bad_totals() -> None:
    with pytest.raises(ValueError, match="total_target=0"):
        keyness_g2(freq_target=0, total_target=0, freq_reference=1, total_reference=10)
    with pytest.raises(ValueError, match="freq_reference=11"):
        keyness_g2(freq_target=1, total_target=10, freq_reference=11, total_reference=10)


@given(
    st.integers(min_value=0, max_value=500),
    st.integers(min_value=500, max_value=5000),
    st.integers(min_value=0, max_value=500),
    st.integers(min_value=500, max_value=5000),
)
@example(0, 500, 1, 1000)  # a zero frequency: log ratio 0, G² negative
@example(0, 500, 1, 1001)  # found by hypothesis: the 0.5 correction would give a positive log ratio
def test_keyness_sign_follows_relative_frequency(a: int, c: int, b: int, d: int) -> None:
    g2 = keyness_g2(freq_target=a, total_target=c, freq_reference=b, total_reference=d)
    lr = log_ratio(freq_target=a, total_target=c, freq_reference=b, total_reference=d)
    # (a zero frequency counts as 0.5 in the log ratio: 0 of 500 against 1 of 1000 gives 0)
    if a * d > b * c:
        assert g2 >= 0 and (lr > 0 if b else lr >= 0)
    elif a * d < b * c:
        assert g2 <= 0 and (lr < 0 if a else lr <= 0)


def test_log_ratio_counts_doublings() -> None:
    assert log_ratio(
        freq_target=10, total_target=1000, freq_reference=10, total_reference=4000
    ) == pytest.approx(2.0)
    # a zero frequency becomes 0.5: log2((0.5/100) / (4/100)) = -3
    assert log_ratio(freq_target=0, total_target=100, freq_reference=4, total_reference=100) == pytest.approx(
        -3.0
    )
    assert log_ratio(freq_target=0, total_target=100, freq_reference=0, total_reference=100) == 0.0
