"""The workbook a writer opens: guide first, then the phrase bank, in Chinese, laid out to be read; and the
rule for texts longer than a spreadsheet cell (documents.csv and texts/)."""

from __future__ import annotations

import logging
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.export import Workbook, display_frame, staged_output, write_csv
from analysis.fulltexts import documents_for_csv, text_file, write_texts
from analysis.labels import KIND_LABELS, SECTION_LABELS, column_label, section_label, value_label
from analysis.records import Report
from analysis.sheet_guide import GUIDE_SHEET, SHEET_LABELS, column_note, guide_rows
from analysis.xlsx import DECIMALS_FORMAT, LINE_HEIGHT, MAX_CELL_CHARS, MAX_WIDTH

PHRASES = pd.DataFrame(
    {
        "phrase": ["撸起袖子加油干", "=SUM(A1:A2)", "一张蓝图绘到底"],
        "kind": ["slogan", "idiom", "passage"],
        "freq": [12, 3, 4],
        "doc_freq": [5, 2, 3],
        "score": [0.320203791829237, 2.0, 11.5],
        "example": [
            "我们要撸起袖子加油干，一步一个脚印把各项工作落到实处，不断开创乡村振兴和基层治理的新局面。",
            "-举例",
            "坚持一张蓝图绘到底。",
        ],
        "rank": [1, 2, 3],  # a column another engineer may add: it keeps its English name
    }
)
SECTIONS = pd.DataFrame(
    {
        "doc_id": ["甲镇述职", "甲镇述职", "乙县总结"],
        "heading": ["一、主要成绩", "二、存在的不足", "三、下步打算"],
        "section_type": ["achievements", "problems", "measures"],
        "inline": [False, True, False],
    }
)
DOCUMENTS = pd.DataFrame({"doc_id": ["甲镇述职"], "kind": ["述职报告"], "n_chars": [120]})


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("book") / "phrasebank.xlsx"
    workbook = Workbook(path, ["phrases", "sections", "documents"])
    workbook.fill("sections", SECTIONS)  # filled in any order, shown in the order given
    workbook.fill("phrases", PHRASES)
    workbook.fill("documents", DOCUMENTS)
    workbook.close()
    return openpyxl.load_workbook(path)


def cells(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_guide_comes_first_then_the_phrase_bank(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [GUIDE_SHEET, "短语库", "章节", "文档"]
    assert GUIDE_SHEET == "说明"


def test_headers_are_chinese_and_unknown_columns_keep_their_english_name(book: openpyxl.Workbook) -> None:
    assert cells(book["短语库"])[0] == ["短语", "类型", "次数", "篇数", "得分", "例句", "排名"]
    assert cells(book["章节"])[0] == ["文档编号", "标题", "章节类型", "段首标题"]
    assert column_label("slot_fillers") == "常见填充词" and column_label("新列") == "新列"


def test_values_are_shown_in_chinese(book: openpyxl.Workbook) -> None:
    phrases, sections = cells(book["短语库"]), cells(book["章节"])
    assert [row[1] for row in phrases[1:]] == ["提法", "四字格/成语", "常用语段"]
    assert [row[2] for row in sections[1:]] == ["工作成效", "存在问题", "措施打算"]
    assert [row[3] for row in sections[1:]] == ["否", "是", "否"]  # booleans readable
    assert cells(book["文档"])[1][1] == "述职报告"  # a metadata kind is the user's word: left as it is


def test_every_section_type_and_kind_has_a_chinese_name() -> None:
    from analysis.records import PHRASE_KINDS, PREAMBLE, SECTION_TYPES

    assert set(SECTION_TYPES) <= set(SECTION_LABELS) and set(PHRASE_KINDS) <= set(KIND_LABELS)
    assert section_label("problems") == "存在问题" and section_label(PREAMBLE) == "开头部分"
    assert value_label("key", "achievements→measures→other") == "工作成效→措施打算→其他"
    assert value_label("section_type", "unheard_of") == "unheard_of"


def test_the_kind_column_is_translated_only_when_every_value_is_a_phrase_kind() -> None:
    shown = display_frame(pd.DataFrame({"kind": ["slogan", "report"], "section_type": ["causes", "x"]}))
    assert shown.kind.tolist() == ["slogan", "report"]
    assert shown.section_type.tolist() == ["原因分析", "x"]


def test_tables_have_a_frozen_header_and_a_filter_over_every_row(book: openpyxl.Workbook) -> None:
    for name in ("短语库", "章节", "文档"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1])
    assert book["短语库"].auto_filter.ref == "A1:G4"


def test_columns_are_as_wide_as_their_content_and_long_text_wraps(book: openpyxl.Workbook) -> None:
    sheet = book["短语库"]
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    # 撸起袖子加油干: 7 CJK characters = 14, plus 2 (openpyxl reads XlsxWriter's widths with +0.71 of padding)
    assert widths["A"] == pytest.approx(16, abs=1)
    assert widths["F"] == pytest.approx(MAX_WIDTH, abs=1)  # the 45-character example is capped at 60
    assert sheet["F2"].alignment.wrap_text and sheet["F2"].alignment.vertical == "top"
    assert not sheet["A2"].alignment.wrap_text  # a short column does not wrap
    assert sheet["A2"].alignment.vertical == "top" == sheet["C2"].alignment.vertical  # rows read from the top
    assert sheet.row_dimensions[2].height == 2 * LINE_HEIGHT  # 90 columns of example in a 60-wide column
    assert sheet.row_dimensions[4].height is None  # 坚持一张蓝图绘到底。: one line


def test_fractional_numbers_show_three_decimals_and_keep_their_value(book: openpyxl.Workbook) -> None:
    sheet = book["短语库"]
    assert sheet["E2"].value == 0.320203791829237 and sheet["E2"].number_format == DECIMALS_FORMAT
    assert sheet["E3"].value == 2 and sheet["E3"].number_format == "General"
    assert sheet["C2"].value == 12 and sheet["C2"].number_format == "General"


def test_no_cell_anywhere_is_a_formula(book: openpyxl.Workbook) -> None:
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    assert book["短语库"]["A3"].value == "'=SUM(A1:A2)" and book["短语库"]["F3"].value == "'-举例"


def test_the_guide_names_every_sheet_and_column_with_its_english_name(book: openpyxl.Workbook) -> None:
    rows = cells(book[GUIDE_SHEET])
    header = rows.index(["工作表", "对应文件", "列名", "英文列名", "含义"])
    table = rows[header + 1 :]
    assert [r[0] for r in table if r[1]] == ["短语库", "章节", "文档"]
    assert [r[1] for r in table if r[1]] == ["phrases.csv", "sections.csv", "documents.csv"]
    by_column = {(r[0], r[3]): (r[2], r[4]) for r in table if r[3]}
    assert by_column["短语库", "score"] == ("得分", column_note("phrases", "score"))
    assert by_column["短语库", "rank"] == ("排名", column_note("phrases", "rank"))
    assert by_column["文档", "kind"][1] == "文档类别（来自 metadata.csv）。"
    assert "存在问题（problems）" in by_column["章节", "section_type"][1]
    assert all(note for note in rows[0][:1])  # the notes start at A1


def test_a_workbook_of_no_table_holds_the_guide_alone(tmp_path: Path) -> None:
    Workbook(tmp_path / "empty.xlsx", []).close()
    assert openpyxl.load_workbook(tmp_path / "empty.xlsx").sheetnames == [GUIDE_SHEET]


def test_guide_rows_describe_a_column_nobody_described_yet() -> None:
    rows = guide_rows([("new_table", ["brand_new"])])
    assert rows == [
        ("new_table", "new_table.csv", "", "", ""),
        ("new_table", "", "brand_new", "brand_new", "（尚无说明）"),
    ]
    assert set(SHEET_LABELS) >= {"phrases", "sections", "documents"}


def _report(doc_id: str, text: str) -> Report:
    return Report(doc_id=doc_id, source=f"{doc_id}.txt", title="", text=text)


def test_a_text_longer_than_a_cell_is_cut_in_documents_csv_and_written_whole_to_texts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    long_text = ("各位代表：" + "我们坚持稳中求进工作总基调，" * 3000)[:40_000]
    reports = [_report("长篇报告", long_text), _report("短篇", "一、主要工作\n抓好落实。")]
    frame = pd.DataFrame(
        {"doc_id": [r.doc_id for r in reports], "n_chars": [40_000, 11], "text": [r.text for r in reports]}
    )
    with caplog.at_level(logging.WARNING, logger="analysis.fulltexts"):
        shown = documents_for_csv(frame)
    assert shown.columns.tolist() == ["doc_id", "n_chars", "text", "text_file"]
    cut, whole = shown.text.tolist()
    assert len(cut) == MAX_CELL_CHARS
    assert cut.endswith("……［已截断：全文 40,000 字，见 texts/长篇报告.txt］")
    assert long_text.startswith(cut[: cut.index("……［")])
    assert whole == "一、主要工作\n抓好落实。"
    assert (
        shown.text_file.tolist()
        == ["texts/长篇报告.txt", "texts/短篇.txt"]
        == [text_file("长篇报告"), text_file("短篇")]
    )
    assert (
        "1 text(s)" in caplog.text
        and "长篇报告 (40,000 characters)" in caplog.text
        and "短篇" not in caplog.text
    )
    assert shown.n_chars.tolist() == [40_000, 11]

    write_csv(shown, tmp_path / "documents.csv")
    back = pd.read_csv(tmp_path / "documents.csv", encoding="utf-8-sig")
    assert back.text.str.len().max() <= MAX_CELL_CHARS
    write_texts(reports, tmp_path / "texts")
    assert (tmp_path / "texts" / "长篇报告.txt").read_text(encoding="utf-8") == long_text


def test_texts_of_a_document_id_with_a_folder_go_into_that_folder(tmp_path: Path) -> None:
    write_texts([_report("2023/报告", "正文。")], tmp_path / "texts")
    assert (tmp_path / "texts" / "2023" / "报告.txt").read_text(encoding="utf-8") == "正文。"
    with pytest.raises(ValueError, match="no relative path"):
        write_texts([_report("../外面", "正文。")], tmp_path / "texts")


def test_a_new_texts_folder_replaces_the_old_one_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with staged_output(out) as staging:
        write_texts([_report("旧报告", "旧。"), _report("同名", "旧。")], staging / "texts")
    with staged_output(out) as staging:
        write_texts([_report("同名", "新。")], staging / "texts")
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["同名.txt"]  # nothing of the earlier run
    assert (out / "texts" / "同名.txt").read_text(encoding="utf-8") == "新。"
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]
