"""The workbook writer: valid SpreadsheetML that spreadsheets read back cell for cell."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.xlsx import MAX_CELL_CHARS, XlsxFile, column_letters, xml_text


def read_back(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def as_excel_shows(value: object) -> object:
    """Text as Excel shows it: it decodes the format's escapes ``_xHHHH_`` (ECMA-376 ST_Xstring); openpyxl
    reads them as they are written."""
    if not isinstance(value, str):
        return value
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def write(path: Path, rows: list[tuple[object, ...]], kinds: tuple[str, ...] = ("text",)) -> Path:
    book = XlsxFile(path, ["表"])
    book.fill("表", [f"列{i}" for i in range(len(kinds))], kinds, rows)
    book.close()
    return path


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(index: int, letters: str) -> None:
    assert column_letters(index) == letters


@given(st.integers(0, 20_000))
def test_column_letters_count_in_bijective_base_26(index: int) -> None:
    value = 0
    for letter in column_letters(index):
        value = value * 26 + ord(letter) - ord("A") + 1
    assert value - 1 == index


def test_sheets_keep_their_order_and_types(tmp_path: Path) -> None:
    book = XlsxFile(tmp_path / "b.xlsx", ["sections", "phrases", "empty"])
    book.fill(
        "phrases",
        ["phrase", "freq", "score", "quoted"],
        ["text", "number", "number", "bool"],
        [
            ("两个维护", 9, 0.25, True),
            ("=1+1", 2, None, False),  # text, never a formula; None stays blank
            ("三会一课", 3, float("nan"), None),
        ],
    )
    book.fill("sections", ["heading"], ["text"], [("存在的问题",)])
    book.close()
    back = read_back(tmp_path / "b.xlsx")
    assert list(back) == ["sections", "phrases", "empty"]
    assert back["phrases"] == [
        ("phrase", "freq", "score", "quoted"),
        ("两个维护", 9, 0.25, True),
        ("=1+1", 2, None, False),
        ("三会一课", 3, None, None),
    ]
    assert back["sections"] == [("heading",), ("存在的问题",)]
    assert back["empty"] == []
    header = openpyxl.load_workbook(tmp_path / "b.xlsx")["phrases"]["A1"]
    assert header.font.b and not openpyxl.load_workbook(tmp_path / "b.xlsx")["phrases"]["A2"].font.b


def test_every_part_is_well_formed_xml_with_a_fixed_date(tmp_path: Path) -> None:
    path = write(tmp_path / "b.xlsx", [("<b>&\"'",)])
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            ElementTree.fromstring(archive.read(info))  # raises on malformed XML
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert "[Content_Types].xml" in archive.namelist()


def test_the_same_tables_give_the_same_bytes(tmp_path: Path) -> None:
    rows = [("三会一课", 1.5), ("一岗双责", 2.0)]
    first = write(tmp_path / "a.xlsx", rows, ("text", "number")).read_bytes()
    assert write(tmp_path / "b.xlsx", rows, ("text", "number")).read_bytes() == first


@pytest.mark.parametrize(
    ("number", "text"), [(3, "3"), (3.0, "3"), (0.1, "0.1"), (1e-7, "1e-07"), (123456789012, "123456789012")]
)
def test_numbers_are_written_as_their_shortest_text(tmp_path: Path, number: float, text: str) -> None:
    path = write(tmp_path / "b.xlsx", [(number,)], ("number",))
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert f'<c r="A2"><v>{text}</v></c>' in sheet
    assert read_back(path)["表"][1] == (number,)


def test_forbidden_characters_and_escape_lookalikes_read_back_as_written(tmp_path: Path) -> None:
    texts = ["a\x01b", "_x0041_", " 前后空格 ", "制表\t换行\n", "\x1f"]
    back = read_back(write(tmp_path / "b.xlsx", [(t,) for t in texts]))
    assert [as_excel_shows(row[0]) for row in back["表"][1:]] == texts
    assert xml_text("a\x01b_x0041_<") == "a_x0001_b_x005F_x0041_&lt;"


def test_text_longer_than_a_cell_is_cut_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="analysis.xlsx"):
        back = read_back(write(tmp_path / "b.xlsx", [("长" * (MAX_CELL_CHARS + 5),)]))
    assert back["表"][1] == ("长" * MAX_CELL_CHARS,)
    assert "cut" in caplog.text


def test_a_sheet_is_filled_once_and_names_must_differ(tmp_path: Path) -> None:
    book = XlsxFile(tmp_path / "b.xlsx", ["a"])
    book.fill("a", ["x"], ["text"], [])
    with pytest.raises(ValueError, match="already filled"):
        book.fill("a", ["x"], ["text"], [])
    book.close()
    with pytest.raises(ValueError, match="31"):
        XlsxFile(tmp_path / "c.xlsx", ["x" * 31 + "1", "x" * 31 + "2"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12), min_size=1, max_size=8
    )
)
def test_any_text_reads_back_unchanged(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    path = write(tmp_path_factory.mktemp("x") / "b.xlsx", [(t,) for t in texts])
    assert [as_excel_shows(row[0]) for row in read_back(path)["表"][1:]] == texts
