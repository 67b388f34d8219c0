"""Charts with readable Chinese labels.

matplotlib's default font (DejaVu Sans) has no CJK glyphs: labels become boxes and matplotlib warns
``Glyph … missing from font``.  We register the pip-installed Noto Sans CJK collection (package
``noto-cjk-sans-otc``) and draw with the ``Noto Sans CJK SC`` face.  Figures are built with the object API
(:class:`matplotlib.figure.Figure`), so nothing touches pyplot's global state and no display is needed.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .outline import Outline
from .records import PREAMBLE, SECTION_TYPES

CJK_FAMILY = "Noto Sans CJK SC"
ACCENT = "#b22222"
PREAMBLE_LABEL = "开头部分"

#: Chinese display names of the section types.
SECTION_LABELS: Mapping[str, str] = {
    "overview": "基本情况",
    "achievements": "工作成效",
    "problems": "存在问题",
    "causes": "原因分析",
    "measures": "措施打算",
    "other": "其他",
}


@functools.cache
def cjk_font_family() -> str:
    """Register the bundled Noto Sans CJK font with matplotlib once and return its family name."""
    import noto_cjk_sans_otc

    font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
    return CJK_FAMILY


def _figure(width: float, height: float) -> Figure:
    """A white figure with constrained layout, which keeps long Chinese labels inside the canvas."""
    fig = Figure(figsize=(width, height), dpi=150, layout="constrained")
    fig.set_facecolor("white")
    return fig


def _cjk_ticks(ax: Axes, family: str) -> None:
    """Tick labels in the CJK face (phrases and section names are Chinese)."""
    ax.tick_params(labelfontfamily=family)


def section_label(section_type: str, *, english: bool = True) -> str:
    """``存在问题\nproblems`` (or ``存在问题`` alone); ``preamble`` is the text before the first heading."""
    name = SECTION_LABELS.get(section_type, PREAMBLE_LABEL if section_type == PREAMBLE else section_type)
    return f"{name}\n{section_type}" if english and name != section_type else name


def _percent(share: float) -> str:
    return f"{share:.0%}"


def plot_section_frequency(
    counts: Mapping[str, int],
    *,
    documents: int | None = None,
    having: Mapping[str, int] | None = None,
    title: str = "各类章节出现频次",
) -> Figure:
    """Bar chart of how many level-1 sections of each type the corpus has (all six types, fixed order).

    With ``documents`` (reports in the corpus) and ``having`` (reports with at least one level-1 section of
    the type, :func:`analysis.stats.type_presence`) each bar also gives the share of reports that have such a
    section: ``having[type] ÷ documents``, written under the count (``12 节 / 75% 报告``).  A report with two
    problems sections counts twice in the bar and once in the share.
    """
    family = cjk_font_family()
    fig = _figure(8, 4.5)
    ax = fig.add_subplot()
    types = list(SECTION_TYPES)
    values = [int(counts.get(t, 0)) for t in types]
    bars = ax.bar([section_label(t) for t in types], values, color=ACCENT)
    shares = documents is not None and having is not None
    for bar, value, section_type in zip(bars, values, types, strict=True):
        text = str(value)
        if shares and documents:
            text += f"\n{_percent(having.get(section_type, 0) / documents)}"  # type: ignore[union-attr]
        ax.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontfamily=family,
            fontsize=9,
        )
    heading = title if documents is None else f"{title}（共 {documents} 篇报告）"
    if shares:
        heading += "\n柱上数字：一级章节数 / 含此类章节的报告占比"
    ax.set_title(heading, fontfamily=family)
    ax.set_ylabel("一级章节数", fontfamily=family)
    ax.set_xlabel("章节类型", fontfamily=family)
    _cjk_ticks(ax, family)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, max([*values, 1]) * (1.3 if shares else 1.15))
    return fig


def ranked(labels: Sequence[str], values: Sequence[float]) -> list[tuple[str, float]]:
    """``(label, value)`` pairs by value, largest first (ties keep the given order): the order of the bars."""
    pairs = list(zip(labels, values, strict=True))
    return sorted(pairs, key=lambda pair: -float(pair[1]))


def _barh(ax: Axes, pairs: Sequence[tuple[str, float]], family: str) -> None:
    """Horizontal bars, largest on top, sorted by the value they show."""
    order = ranked([p[0] for p in pairs], [p[1] for p in pairs])[::-1]
    ax.barh([p[0] for p in order], [p[1] for p in order], color=ACCENT)
    _cjk_ticks(ax, family)
    ax.spines[["top", "right"]].set_visible(False)


def plot_ranked_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
) -> Figure:
    """Horizontal bars sorted by the value plotted, largest on top: top phrases by frequency, keyness …

    The bars are sorted here, whatever order the caller gives (a phrase bank sorted by score drawn on a
    count axis would otherwise put 四风 = 11 below 三重一大 = 7).
    """
    family = cjk_font_family()
    fig = _figure(7, max(2.5, 0.32 * len(labels) + 1))
    ax = fig.add_subplot()
    _barh(ax, list(zip(labels, values, strict=True)), family)
    ax.set_title(title, fontfamily=family)
    ax.set_xlabel(xlabel, fontfamily=family)
    return fig


class KeyedPhrase(Protocol):
    """A row of ``section_phrases`` (:class:`analysis.phrasebank.SectionPhrase` or a DataFrame row)."""

    section_type: str
    phrase: str
    keyness: float


def plot_section_phrases(
    rows: Iterable[KeyedPhrase],
    *,
    top: int = 8,
    columns: int = 3,
    title: str = "各类章节的特征提法",
    xlabel: str = "关键性（G²）",
) -> Figure:
    """Small multiples: for each section type (preamble first, then :data:`SECTION_TYPES` order) its ``top``
    phrases by keyness, bars sorted by keyness, largest on top.  Types without rows get no panel."""
    family = cjk_font_family()
    groups: dict[str, list[tuple[str, float]]] = {}
    for row in rows:
        groups.setdefault(row.section_type, []).append((row.phrase, float(row.keyness)))
    types = [t for t in (PREAMBLE, *SECTION_TYPES) if groups.get(t)]
    columns = max(1, min(columns, len(types)))
    n_rows = max(1, -(-len(types) // columns))
    fig = _figure(4.2 * columns, (0.3 * top + 1.2) * n_rows + 0.6)
    axes = fig.subplots(n_rows, columns, squeeze=False).ravel()
    for ax, section_type in zip(axes, types, strict=False):
        pairs = ranked(*zip(*groups[section_type], strict=True))[:top]  # type: ignore[arg-type]
        _barh(ax, pairs, family)
        ax.set_ylim(-0.5 - (top - len(pairs)), len(pairs) - 0.5)  # same bar thickness in every panel
        ax.set_title(section_label(section_type, english=False) + f"  {section_type}", fontfamily=family)
        ax.set_xlabel(xlabel, fontfamily=family)
    for ax in axes[len(types) :]:
        ax.set_axis_off()
    fig.suptitle(title, fontfamily=family)
    return fig


def with_gaps(years: Sequence[int], values: Sequence[float]) -> tuple[list[float], list[float]]:
    """The points of a line, with a NaN point between two years that are not consecutive, so that the line
    breaks where years have no data instead of bridging them (1964 → 1975 is two segments, not one)."""
    xs: list[float] = []
    ys: list[float] = []
    for i, (year, value) in enumerate(zip(years, values, strict=True)):
        if i and year - years[i - 1] > 1:
            xs.append((year + years[i - 1]) / 2)
            ys.append(math.nan)
        xs.append(float(year))
        ys.append(float(value))
    return xs, ys


def _missing_spans(years: Sequence[int]) -> list[tuple[int, int]]:
    """``(first, last)`` missing year of each run of years without data between the given years."""
    return [(a + 1, b - 1) for a, b in itertools.pairwise(years) if b - a > 1]


def plot_trend(
    years: Sequence[int | str],
    series: Mapping[str, Sequence[float]],
    *,
    documents: Sequence[int] | None = None,
    title: str = "提法使用趋势",
    ylabel: str = "每万字出现次数",
) -> Figure:
    """One line per phrase over the years (values already normalised, e.g. per 10,000 characters).

    Years without data are not bridged: the line breaks (:func:`with_gaps`) and the missing years are
    shaded.  ``documents`` (reports per year) is drawn as grey bars on a second axis, so that a value resting
    on one short document shows as such.  Groups that are not all years (``--by kind``) are drawn in order,
    one per tick.
    """
    family = cjk_font_family()
    fig = _figure(9, 4.5)
    ax = fig.add_subplot()
    numeric = all(str(g).isdigit() for g in years)
    xs_years = [int(g) for g in years] if numeric else list(range(len(years)))
    if documents is not None:
        twin = ax.twinx()
        most = max([*documents, 1])
        twin.bar(xs_years, list(documents), width=0.6, color="#c9d6df", label="文档篇数（右轴）")
        twin.set_ylabel("当年文档篇数" if numeric else "文档篇数", fontfamily=family, color="#777777")
        twin.set_ylim(0, most * 5)  # bars stay in the lowest fifth, under the lines
        ticks = MaxNLocator(integer=True, nbins=3).tick_values(0, most)
        twin.set_yticks([t for t in ticks if 0 <= t <= most])
        twin.tick_params(labelfontfamily=family, colors="#777777")
        twin.spines[["top"]].set_visible(False)
        ax.set_zorder(twin.get_zorder() + 1)
        ax.patch.set_visible(False)
    for name, values in series.items():
        xs, ys = with_gaps(xs_years, values) if numeric else (xs_years, list(values))
        ax.plot(xs, ys, marker="o", markersize=3, label=name)
    if numeric:
        for k, (first, last) in enumerate(_missing_spans(xs_years)):
            ax.axvspan(
                first - 0.5, last + 0.5, color="#eeeeee", zorder=0, label="无数据的年份" if k == 0 else None
            )
    else:
        ax.set_xticks(xs_years, [str(g) for g in years])
    ax.set_title(title, fontfamily=family)
    ax.set_xlabel("年份" if numeric else "分组", fontfamily=family)
    ax.set_ylabel(ylabel, fontfamily=family)
    ax.tick_params(labelfontfamily=family)
    handles, names = ax.get_legend_handles_labels()
    if documents is not None:
        more, more_names = twin.get_legend_handles_labels()
        handles, names = handles + more, names + more_names
    ax.legend(handles, names, prop={"family": family})
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _golden_jitter(n: int, spread: float) -> list[float]:
    """Deterministic vertical offsets in [-spread/2, spread/2) (golden-ratio sequence): dots of a strip
    chart spread out without random numbers, so the same data gives the same PNG bytes."""
    return [((k * 0.6180339887) % 1.0 - 0.5) * spread for k in range(n)]


def _draw_outline(ax: Axes, outline: Outline, name: str, family: str) -> None:
    """Strip chart of one :class:`Outline` on ``ax``: one row per section type, typical order top to bottom,
    a dot per level-1 section at its relative position, a black bar at the median, the share on the right."""
    rows = list(outline.placements)
    for y, placement in enumerate(rows):
        jitter = _golden_jitter(len(placement.positions), 0.5)
        ax.scatter(
            placement.positions,
            [y + j for j in jitter],
            s=12,
            color=ACCENT,
            alpha=0.8 if len(placement.positions) < 20 else 0.35,
            linewidths=0,
        )
        ax.plot([placement.median_position] * 2, [y - 0.35, y + 0.35], color="black", linewidth=2)
        ax.annotate(
            f"{_percent(placement.share)}（{placement.documents} 篇）",
            (1.02, y),
            xycoords=("axes fraction", "data"),
            va="center",
            fontfamily=family,
            fontsize=9,
        )
    ax.set_yticks(range(len(rows)), [section_label(p.section_type) for p in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.5, 1], ["开头", "中间", "结尾"])
    ax.set_xlabel("在一级章节中的相对位置（黑线：中位数）；右列：含此类章节的报告占比", fontfamily=family)
    ax.tick_params(labelfontfamily=family)
    ax.spines[["top", "right"]].set_visible(False)
    lines = [f"{name}  {outline.outlined}/{outline.documents} 篇有一级标题".strip()]
    lines += ["最常见顺序："] if outline.orders else ["没有一级标题"]
    lines += [
        f"{k}. " + " → ".join(section_label(t, english=False) for t in order) + f"（{count} 篇）"
        for k, (order, count) in enumerate(outline.orders, start=1)
    ]
    ax.set_title("\n".join(lines), fontfamily=family, fontsize=9, loc="left")


def plot_outline(
    outline: Outline | Mapping[str, Outline], *, title: str = "典型结构：各类章节的位置与占比"
) -> Figure:
    """The typical outline of a genre (:func:`analysis.outline.genre_outline`): for each section type, where
    in the reports its level-1 sections come and the share of reports that have one; the commonest orders
    above.  Given ``{corpus name: outline}`` the corpora are drawn side by side, one panel each."""
    family = cjk_font_family()
    panels = dict(outline) if isinstance(outline, Mapping) else {"": outline}
    height = max(len(o.placements) for o in panels.values()) if panels else 1
    fig = _figure(6.5 * len(panels), 0.55 * max(height, 1) + 2.2)
    axes = fig.subplots(1, len(panels), squeeze=False).ravel()
    for ax, (name, one) in zip(axes, panels.items(), strict=True):
        _draw_outline(ax, one, name, family)
    fig.suptitle(title, fontfamily=family)
    return fig


def save_figure(fig: Figure, path: Path) -> Path:
    """Save as PNG with fixed metadata, so reruns give the same bytes."""
    fig.savefig(path, format="png", metadata={"Software": None})
    return path
