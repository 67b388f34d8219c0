"""Charts render Chinese labels with a CJK font (no missing-glyph warning, a real PNG), sort their bars by
the value they show, write shares as text and break trend lines over years without data."""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.outline import Outline, Placement
from analysis.phrasebank import SectionPhrase
from analysis.plots import (
    CJK_FAMILY,
    SECTION_LABELS,
    plot_outline,
    plot_ranked_bars,
    plot_section_frequency,
    plot_section_phrases,
    plot_trend,
    save_figure,
    with_gaps,
)


@pytest.fixture(autouse=True)
def warnings_are_errors() -> Iterator[None]:
    """ "Glyph … missing from font" (or any other warning while drawing) fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _drawn(fig: Figure, tmp_path: Path, name: str = "chart.png") -> Figure:
    """Draw the figure to PNG (so every text is laid out with its font) and check the bytes."""
    assert save_figure(fig, tmp_path / name).read_bytes().startswith(b"\x89PNG")
    return fig


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _bar_labels(ax: Axes) -> list[str]:
    """Labels of horizontal bars from the bottom up."""
    return [t.get_text() for t in ax.get_yticklabels()]


def test_section_frequency_shows_counts_and_shares_of_reports(tmp_path: Path) -> None:
    counts = {"problems": 3, "measures": 2}
    fig = _drawn(plot_section_frequency(counts, documents=4, having={"problems": 2, "measures": 1}), tmp_path)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[2] == f"{SECTION_LABELS['problems']}\nproblems"
    assert ax.get_title() == "各类章节出现频次（共 4 篇报告）\n柱上数字：一级章节数 / 含此类章节的报告占比"
    assert [int(p.get_height()) for p in ax.patches] == [0, 0, 3, 0, 2, 0]
    assert _texts(ax) == ["0\n0%", "0\n0%", "3\n50%", "0\n0%", "2\n25%", "0\n0%"]
    assert ax.get_ylabel() == "一级章节数" and ax.get_xlabel() == "章节类型"
    assert CJK_FAMILY in ax.title.get_fontfamily()
    assert all(CJK_FAMILY in t.get_fontfamily() for t in ax.get_xticklabels())


def test_section_frequency_without_report_counts_shows_counts_only(tmp_path: Path) -> None:
    ax = _drawn(plot_section_frequency({"other": 1}), tmp_path).axes[0]
    assert _texts(ax)[-1] == "1" and ax.get_title() == "各类章节出现频次"


def test_same_chart_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    a = save_figure(plot_section_frequency({"other": 1}), tmp_path / "a.png").read_bytes()
    b = save_figure(plot_section_frequency({"other": 1}), tmp_path / "b.png").read_bytes()
    assert a == b


def test_ranked_bars_are_sorted_by_the_value_they_show(tmp_path: Path) -> None:
    # given in score order, drawn in count order: 四风 (11) above 三重一大 (7)
    fig = plot_ranked_bars(
        ["三重一大", "四风", "一岗双责", "两个维护"], [7, 11, 13, 7], title="高频提法", xlabel="出现次数"
    )
    ax = _drawn(fig, tmp_path).axes[0]
    assert _bar_labels(ax) == ["两个维护", "三重一大", "四风", "一岗双责"]  # bottom up; ties keep given order
    assert [p.get_width() for p in ax.patches] == [7, 7, 11, 13]
    assert ax.get_title() == "高频提法" and ax.get_xlabel() == "出现次数"
    assert all(CJK_FAMILY in t.get_fontfamily() for t in ax.get_yticklabels())


def test_top_phrases_per_section_type_in_small_multiples(tmp_path: Path) -> None:
    rows = [
        SectionPhrase("problems", "好人主义", 4, 10.5, ""),
        SectionPhrase("problems", "压力传导", 5, 28.0, ""),
        SectionPhrase("problems", "不严不实", 3, 12.0, ""),
        SectionPhrase("measures", "久久为功", 2, 6.0, ""),
        SectionPhrase("preamble", "政治生态", 9, 25.0, ""),
    ]
    fig = _drawn(plot_section_phrases(rows, top=2, columns=2), tmp_path)
    panels = [ax for ax in fig.axes if ax.axison]
    assert [ax.get_title() for ax in panels] == [
        "开头部分  preamble",
        "存在问题  problems",
        "措施打算  measures",
    ]
    problems = panels[1]
    assert _bar_labels(problems) == ["不严不实", "压力传导"]  # top 2 by keyness, largest on top
    assert [p.get_width() for p in problems.patches] == [12.0, 28.0]
    assert problems.get_xlabel() == "关键性（G²）"
    assert len(fig.axes) == 4 and not fig.axes[3].axison  # 2 × 2 grid, the empty panel hidden
    assert fig.get_suptitle() == "各类章节的特征提法"


def _outline(*types: tuple[str, tuple[float, ...], int]) -> Outline:
    placements = tuple(Placement(t, positions, n, n / 4) for t, positions, n in types)
    return Outline(5, 4, placements, ((("achievements", "measures"), 3), (("measures",), 1)))


def test_outline_chart_gives_types_in_order_shares_and_commonest_orders(tmp_path: Path) -> None:
    outline = _outline(("achievements", (0.25, 0.25, 1 / 6), 3), ("measures", (0.75, 0.75, 0.5, 0.9), 4))
    fig = _drawn(plot_outline(outline), tmp_path)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["工作成效\nachievements", "措施打算\nmeasures"]
    assert _texts(ax) == ["75%（3 篇）", "100%（4 篇）"]
    assert ax.get_title(loc="left") == (
        "4/5 篇有一级标题\n最常见顺序：\n1. 工作成效 → 措施打算（3 篇）\n2. 措施打算（1 篇）"
    )
    assert [t.get_text() for t in ax.get_xticklabels()] == ["开头", "中间", "结尾"]
    dots = [c.get_offsets()[:, 0].tolist() for c in ax.collections]
    assert dots == [[0.25, 0.25, 1 / 6], [0.75, 0.75, 0.5, 0.9]]
    medians = [line.get_xdata()[0] for line in ax.lines]
    assert medians == [0.25, 0.75]
    assert fig.get_suptitle() == "典型结构：各类章节的位置与占比"


def test_outlines_of_two_corpora_side_by_side(tmp_path: Path) -> None:
    one = _outline(("measures", (0.5,), 1))
    fig = _drawn(plot_outline({"政府工作报告": one, "政策文件": one}), tmp_path)
    assert [ax.get_title(loc="left").splitlines()[0] for ax in fig.axes] == [
        "政府工作报告  4/5 篇有一级标题",
        "政策文件  4/5 篇有一级标题",
    ]


def test_trend_lines_break_over_years_without_data(tmp_path: Path) -> None:
    years = [1960, 1964, 1975, 1976, 2019, 2021]
    fig = plot_trend(years, {"改革开放": [0.0, 0.0, 0.0, 0.5, 2.0, 1.5]}, documents=[1, 1, 1, 2, 1, 1])
    ax = fig.axes[0]
    _drawn(fig, tmp_path)
    line = next(line for line in ax.lines if line.get_label() == "改革开放")
    ys = np.asarray(line.get_ydata(), dtype=float)
    segments = [s for s in np.split(ys, np.flatnonzero(np.isnan(ys))) if len(s[~np.isnan(s)])]
    assert [len(s[~np.isnan(s)]) for s in segments] == [1, 1, 2, 1, 1]  # 1964–1975 is not bridged
    assert (
        ax.get_xlabel() == "年份" and ax.get_ylabel() == "每万字出现次数" and ax.get_title() == "提法使用趋势"
    )
    twin = fig.axes[1]
    assert [p.get_height() for p in twin.patches] == [1, 1, 1, 2, 1, 1]
    assert twin.get_ylabel() == "当年文档篇数"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["改革开放", "无数据的年份", "文档篇数（右轴）"]
    assert all(CJK_FAMILY in t.get_fontfamily() for t in ax.get_legend().get_texts())


def test_trend_over_groups_that_are_not_years(tmp_path: Path) -> None:
    fig = _drawn(plot_trend(["report", "resolution"], {"两个维护": [0.5, 1.0]}), tmp_path)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["report", "resolution"]
    assert ax.get_xlabel() == "分组" and not any(math.isnan(y) for y in ax.lines[0].get_ydata())


@given(st.lists(st.integers(1900, 2100), min_size=1, max_size=30, unique=True).map(sorted))
def test_with_gaps_keeps_every_point_and_breaks_once_per_gap(years: list[int]) -> None:
    values = [float(k) for k in range(len(years))]
    xs, ys = with_gaps(years, values)
    gaps = sum(1 for a, b in itertools.pairwise(years) if b - a > 1)
    assert sum(math.isnan(y) for y in ys) == gaps
    kept = [(x, y) for x, y in zip(xs, ys, strict=True) if not math.isnan(y)]
    assert kept == list(zip(map(float, years), values, strict=True))
    assert xs == sorted(xs)


def test_a_worker_prepares_the_writers_once_ahead_of_their_jobs() -> None:
    """What a run maps while it waits for its index task: the writers' imports and the CJK font, once."""
    import sys

    from analysis.outputs import prepare_writers
    from analysis.plots import cjk_font_family

    prepare_writers()
    assert {"matplotlib", "xlsxwriter", "pandas"} <= set(sys.modules)
    assert cjk_font_family.cache_info().currsize == 1
