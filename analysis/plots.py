"""Charts with readable Chinese labels.

matplotlib's default font (DejaVu Sans) has no CJK glyphs: labels become boxes and matplotlib warns
``Glyph … missing from font``.  We register the pip-installed Noto Sans CJK collection (package
``noto-cjk-sans-otc``) and draw with the ``Noto Sans CJK SC`` face.  Figures are built with the object API
(:class:`matplotlib.figure.Figure`), so nothing touches pyplot's global state and no display is needed.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

from matplotlib import font_manager
from matplotlib.figure import Figure

from .labels import SECTION_LABELS
from .records import SECTION_TYPES

CJK_FAMILY = "Noto Sans CJK SC"


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


def plot_section_frequency(
    counts: Mapping[str, int],
    *,
    documents: int | None = None,
    title: str = "各类章节出现频次",
) -> Figure:
    """Bar chart of how many level-1 sections of each type the corpus has (all six types, fixed order).

    With ``documents`` the bar labels also give the share of reports that have such a section.
    """
    family = cjk_font_family()
    fig = _figure(8, 4.5)
    ax = fig.add_subplot()
    types = list(SECTION_TYPES)
    values = [int(counts.get(t, 0)) for t in types]
    labels = [f"{SECTION_LABELS[t]}\n{t}" for t in types]
    bars = ax.bar(labels, values, color="#b22222")
    for bar, value in zip(bars, values, strict=True):
        ax.annotate(
            str(value),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontfamily=family,
            fontsize=10,
        )
    ax.set_title(title if documents is None else f"{title}（共 {documents} 篇报告）", fontfamily=family)
    ax.set_ylabel("一级章节数", fontfamily=family)
    ax.set_xlabel("章节类型", fontfamily=family)
    for tick in ax.get_xticklabels():
        tick.set_fontfamily(family)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, max([*values, 1]) * 1.15)
    return fig


def plot_ranked_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
) -> Figure:
    """Horizontal bars, largest on top: top phrases by frequency, keyness, TF-IDF …"""
    family = cjk_font_family()
    fig = _figure(7, max(2.5, 0.32 * len(labels) + 1))
    ax = fig.add_subplot()
    ax.barh(list(labels)[::-1], list(values)[::-1], color="#b22222")
    ax.set_title(title, fontfamily=family)
    ax.set_xlabel(xlabel, fontfamily=family)
    for tick in ax.get_yticklabels():
        tick.set_fontfamily(family)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def plot_trend(
    years: Sequence[int],
    series: Mapping[str, Sequence[float]],
    *,
    title: str = "提法使用趋势",
    ylabel: str = "每万字出现次数",
) -> Figure:
    """One line per phrase over the years (values already normalised, e.g. per 10,000 characters)."""
    family = cjk_font_family()
    fig = _figure(9, 4.5)
    ax = fig.add_subplot()
    for name, values in series.items():
        ax.plot(list(years), list(values), marker="o", markersize=3, label=name)
    ax.set_title(title, fontfamily=family)
    ax.set_xlabel("年份", fontfamily=family)
    ax.set_ylabel(ylabel, fontfamily=family)
    ax.legend(prop={"family": family})
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def save_figure(fig: Figure, path: Path) -> Path:
    """Save as PNG with fixed metadata, so reruns give the same bytes."""
    fig.savefig(path, format="png", metadata={"Software": None})
    return path
