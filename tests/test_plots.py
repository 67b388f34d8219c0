"""Charts render Chinese labels with a CJK font: no missing-glyph warning, a real PNG."""

from __future__ import annotations

import warnings
from pathlib import Path

from analysis.plots import SECTION_LABELS, plot_ranked_bars, plot_section_frequency, plot_trend, save_figure


def test_section_frequency_chart_has_chinese_labels_and_no_glyph_warnings(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font" would fail the test
        fig = plot_section_frequency({"problems": 3, "measures": 2}, documents=4)
        path = save_figure(fig, tmp_path / "section_frequency.png")
    assert path.read_bytes().startswith(b"\x89PNG")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[2] == f"{SECTION_LABELS['problems']}\nproblems"
    assert ax.get_title() == "各类章节出现频次（共 4 篇报告）"
    assert [int(p.get_height()) for p in ax.patches] == [0, 0, 3, 0, 2, 0]
    assert "Noto Sans CJK SC" in ax.title.get_fontfamily()


def test_same_chart_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    a = save_figure(plot_section_frequency({"other": 1}), tmp_path / "a.png").read_bytes()
    b = save_figure(plot_section_frequency({"other": 1}), tmp_path / "b.png").read_bytes()
    assert a == b


def test_other_charts_render_without_warnings(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        save_figure(
            plot_ranked_bars(["风清气正", "久久为功"], [3, 2], title="四字格", xlabel="频次"),
            tmp_path / "r.png",
        )
        save_figure(plot_trend([2019, 2020], {"两个维护": [0.5, 1.0]}), tmp_path / "t.png")
