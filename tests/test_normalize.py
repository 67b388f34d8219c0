"""Specification of analysis.normalize.line_view: one line as cleaning will write it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.normalize import line_view, normalize_placeholders, normalize_width, view_may_change

_PIECES = st.sampled_from(
    [
        *"一二三四五六七八九十〇○◯OＯ0０１Ａａxｘ×*-－。．.,:;?!()（）：，政府报告 \u3000\u200babcXYZ/h",
        "https://a.b/c",
        "www.x.cn",
    ]
)
_LINES = st.lists(_PIECES, max_size=24).map("".join)


@settings(max_examples=500, deadline=None)
@given(_LINES)
def test_a_line_the_prefilter_skips_is_one_the_normalisations_leave_alone(line: str) -> None:
    if not view_may_change(line):
        assert normalize_placeholders(normalize_width(line)) == line


def test_line_view_reads_a_line_as_cleaning_writes_it() -> None:
    assert line_view("阅读：１２３４\u200b") == "阅读：1234"
    assert line_view("下载  |\t打印") == "下载 | 打印"
    assert line_view("xx县人民政府") == "□县人民政府"
    assert line_view("第(一)部分,总体要求") == "第（一）部分，总体要求"
