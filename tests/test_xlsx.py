"""The workbook file: valid SpreadsheetML that spreadsheets read back cell for cell, never a formula."""

from __future__ import annotations

import logging
import re
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.xlsx import (
    DECIMALS_FORMAT,
    LINE_HEIGHT,
    MAX_CELL_CHARS,
    MAX_ROW_HEIGHT,
    MAX_WIDTH,
    MIN_WIDTH,
    NUMBER,
    TEXT,
    Column,
    XlsxBook,
    cut_text,
    display_width,
    fit_column,
    row_height,
)


def read_back(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def as_excel_shows(value: object) -> object:
    """Text as Excel shows it: it decodes the format's escapes ``_xHHHH_`` (ECMA-376 ST_Xstring); openpyxl
    reads them as they are written."""
    if not isinstance(value, str):
        return value
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def write(path: Path, rows: list[tuple[object, ...]], kinds: tuple[str, ...] = (TEXT,)) -> Path:
    book = XlsxBook(path, ["表"])
    book.table("表", [f"列{i}" for i in range(len(kinds))], [Column(kind, 10) for kind in kinds], rows)
    book.close()
    return path


@pytest.mark.parametrize(
    ("text", "width"), [("", 0), ("abc", 3), ("短语", 4), ("（一）", 6), ("ＡＢ", 4), ("é", 1), ("两个a", 5)]
)
def test_display_width_counts_cjk_twice(text: str, width: int) -> None:
    assert display_width(text) == width


def test_a_column_is_as_wide_as_its_widest_cell_within_bounds() -> None:
    assert fit_column(TEXT, "短语", ["两个维护", "四个意识坚定"]) == Column(TEXT, 12 + 2)
    assert fit_column(TEXT, "x", ["a"]) == Column(TEXT, MIN_WIDTH)
    assert fit_column(TEXT, "例句", ["长" * 40]) == Column(TEXT, MAX_WIDTH, wrap=True)
    assert fit_column(TEXT, "例句", ["长" * 29]) == Column(TEXT, 60)  # 58 + 2: fits, no wrap
    assert fit_column(NUMBER, "得分", [0.320203791829237, None, float("nan")]) == Column(NUMBER, 7)  # "0.320"
    assert fit_column(NUMBER, "频次", [1234567]) == Column(NUMBER, 9)


def test_numbers_too_small_for_three_decimals_are_shown_in_scientific_notation(tmp_path: Path) -> None:
    p_values = fit_column(NUMBER, "p值", [3.2e-21, 0.04, 0.0])
    assert p_values == Column(NUMBER, len("1.23E-45") + 2, small=True)
    assert not fit_column(NUMBER, "得分", [0.0005, 0.0, 12.5]).small
    # each number by its own size: a p-value of 0.25 reads 0.250, one of 3.2e-21 reads 3.20E-21
    book = XlsxBook(tmp_path / "b.xlsx", ["表"])
    rows = [(3.2e-21, 0.25), (1.0, 2.0), (0.25, 0.0001)]
    book.table("表", ["p值", "得分"], [p_values, Column(NUMBER, 8)], rows)
    book.close()
    sheet = openpyxl.load_workbook(tmp_path / "b.xlsx")["表"]
    assert sheet["A2"].value == 3.2e-21 and sheet["A2"].number_format == "0.00E+00"
    assert sheet["A3"].number_format == "General"  # a whole number stays as it is
    assert sheet["B2"].number_format == DECIMALS_FORMAT
    assert sheet["A4"].number_format == DECIMALS_FORMAT and sheet["B4"].number_format == "0.00E+00"


def test_a_row_of_wrapped_text_is_as_high_as_its_longest_cell_needs() -> None:
    assert row_height([("长" * 100, 60.0), ("短", 10.0)]) == 4 * LINE_HEIGHT  # 200 ÷ 59 → 4 lines
    assert row_height([("长" * 20, 60.0), (None, 60.0)]) is None  # one line: the default height
    assert row_height([("长" * 32_000, 60.0)]) == MAX_ROW_HEIGHT


def test_sheets_keep_their_order_and_types(tmp_path: Path) -> None:
    book = XlsxBook(tmp_path / "b.xlsx", ["sections", "phrases", "empty"])
    book.table(
        "phrases",
        ["phrase", "freq", "score"],
        [Column(TEXT, 10), Column(NUMBER, 8), Column(NUMBER, 8)],
        [("两个维护", 9, 0.25), ("=1+1", 2, None), ("三会一课", 3, float("nan")), ("无穷", 1, float("inf"))],
    )
    book.table("sections", ["heading"], [Column(TEXT, 20)], [("存在的问题",)])
    book.close()
    back = read_back(tmp_path / "b.xlsx")
    assert list(back) == ["sections", "phrases", "empty"]
    assert back["phrases"] == [
        ("phrase", "freq", "score"),
        ("两个维护", 9, 0.25),
        ("=1+1", 2, None),  # text, never a formula; None, NaN and infinity stay blank
        ("三会一课", 3, None),
        ("无穷", 1, None),
    ]
    assert back["sections"] == [("heading",), ("存在的问题",)]
    assert back["empty"] == []
    sheet = openpyxl.load_workbook(tmp_path / "b.xlsx")["phrases"]
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet["C2"].number_format == DECIMALS_FORMAT and sheet["B2"].number_format == "General"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:C5"


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+86 电话",
        "-党建",
        "@SUM(A1)",
        '=HYPERLINK("http://x","点此")',
        "http://example.com/报告",
        "123",
        "<r><t>富文本</t></r>",
        '<r><t>x</t></r></is></c><c r="B2"><f>1+1</f></c><c><is><r><t>y</t></r>',
    ],
)
def test_text_is_always_text_never_a_formula_number_link_or_markup(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "b.xlsx", [(text,)])
    cell = openpyxl.load_workbook(path)["表"]["A2"]
    assert cell.data_type == "s" and cell.value == text and not cell.hyperlink
    with zipfile.ZipFile(path) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_every_part_is_well_formed_xml_with_a_fixed_date(tmp_path: Path) -> None:
    path = write(tmp_path / "b.xlsx", [("<b>&\"'",)])
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            ElementTree.fromstring(archive.read(info))  # raises on malformed XML
            assert info.date_time[:2] == (1980, 1)
        assert "[Content_Types].xml" in archive.namelist()
        assert "2000-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode()


def test_the_same_tables_give_the_same_bytes(tmp_path: Path) -> None:
    rows = [("三会一课", 1.5), ("一岗双责", 2.0)]
    first = write(tmp_path / "a.xlsx", rows, (TEXT, NUMBER)).read_bytes()
    time.sleep(1.1)  # a creation time in seconds would differ
    assert write(tmp_path / "b.xlsx", rows, (TEXT, NUMBER)).read_bytes() == first


def test_forbidden_characters_and_escape_lookalikes_read_back_as_written(tmp_path: Path) -> None:
    texts = ["a\x01b", "_x0041_", " 前后空格 ", "制表\t换行\n", "\x1f", "回车\r"]
    back = read_back(write(tmp_path / "b.xlsx", [(t,) for t in texts]))
    assert [as_excel_shows(row[0]) for row in back["表"][1:]] == texts


def test_text_longer_than_a_cell_is_cut_with_a_marker_and_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="analysis.xlsx"):
        back = read_back(write(tmp_path / "b.xlsx", [("长" * 40_000,)]))
    cell = back["表"][1][0]
    assert isinstance(cell, str) and len(cell) == MAX_CELL_CHARS
    assert cell.endswith("……［已截断：全文 40,000 字］") and cell.startswith("长" * 32_000)
    assert "sheet 表, row 2, column 列0: a text of 40000 characters was cut" in caplog.text


def test_cut_text_counts_utf16_units_and_keeps_what_fits() -> None:
    assert cut_text("短" * 10, 10) == "短" * 10
    marker = "……［已截断：全文 100 字，见 x］"  # 20 units
    assert cut_text("短" * 100, 30, note="，见 x") == "短" * 10 + marker
    astral = cut_text("𠀀" * 40, 30)  # each takes two UTF-16 units
    assert len(astral.encode("utf-16-le")) // 2 <= 30 and astral.startswith("𠀀" * 7)


def test_a_sheet_is_filled_once_and_names_must_differ(tmp_path: Path) -> None:
    book = XlsxBook(tmp_path / "b.xlsx", ["a"])
    book.table("a", ["x"], [Column(TEXT, 8)], [])
    with pytest.raises(ValueError, match="already filled"):
        book.table("a", ["x"], [Column(TEXT, 8)], [])
    book.close()
    with pytest.raises(ValueError, match="31"):
        XlsxBook(tmp_path / "c.xlsx", ["x" * 31 + "1", "x" * 31 + "2"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12), min_size=1, max_size=8
    )
)
def test_any_text_reads_back_unchanged(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    path = write(tmp_path_factory.mktemp("x") / "b.xlsx", [(t,) for t in texts])
    book = openpyxl.load_workbook(path)
    assert all(cell.data_type == "s" for row in book["表"].iter_rows(min_row=2) for cell in row)
    assert [as_excel_shows(row[0]) for row in read_back(path)["表"][1:]] == texts
