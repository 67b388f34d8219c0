"""Outputs open cleanly in Excel/WPS, carry no formulas, and replace old outputs only on success."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.export import (
    Workbook,
    neutralize_formula,
    safe_frame,
    staged_output,
    write_csv,
    write_outputs,
    write_xlsx,
)
from analysis.paths import (
    OUTPUT_MARKER,
    OutputLocationError,
    check_outside_corpora,
    is_output_folder,
    readable_path,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 电话", "'+86 电话"),
        ("-党建", "'-党建"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t制表", "'\t制表"),
        ("\r回车", "'\r回车"),
        ("两个维护", "两个维护"),
        ("党建+", "党建+"),
        (3, 3),
    ],
)
def test_cells_that_spreadsheets_would_evaluate_get_an_apostrophe(value: object, expected: object) -> None:
    assert neutralize_formula(value) == expected


def test_negative_numbers_are_refused_rather_than_written() -> None:
    with pytest.raises(ValueError, match="'score'"):
        safe_frame(pd.DataFrame({"score": [1.0, -0.5]}))


def test_csv_is_utf8_with_bom_and_reproducible(tmp_path: Path) -> None:
    frame = pd.DataFrame({"phrase": ["三会一课", "=HYPERLINK()"], "score": [1.5, 0.25]})
    first = write_csv(frame, tmp_path / "a.csv").read_bytes()
    second = write_csv(frame, tmp_path / "b.csv").read_bytes()
    assert first.startswith(b"\xef\xbb\xbf")
    assert first == second
    text = first.decode("utf-8-sig")
    assert text == "phrase,score\n三会一课,1.5\n'=HYPERLINK(),0.25\n"


def test_xlsx_holds_the_guide_then_one_sheet_per_table(tmp_path: Path) -> None:
    path = write_xlsx({"phrases": pd.DataFrame({"phrase": ["-x", "一岗双责"]})}, tmp_path / "b.xlsx")
    back = pd.read_excel(path, sheet_name=None)
    assert list(back) == ["说明", "短语库"]
    assert back["短语库"]["短语"].tolist() == ["'-x", "一岗双责"]


def test_a_failing_run_leaves_previous_outputs_intact(tmp_path: Path) -> None:
    (tmp_path / "phrases.csv").write_text("old", encoding="utf-8")

    def broken(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise RuntimeError("miner crashed")

    with pytest.raises(RuntimeError):
        write_outputs(tmp_path, {"documents.csv": lambda p: p.write_text("new"), "phrases.csv": broken})
    assert (tmp_path / "phrases.csv").read_text(encoding="utf-8") == "old"
    assert not (tmp_path / "documents.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["phrases.csv"]  # no staging directory left behind


def test_staged_files_replace_old_ones_on_success(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old")
    with staged_output(tmp_path) as staging:
        (staging / "a.txt").write_text("new")
    assert (tmp_path / "a.txt").read_text() == "new"


def test_workbook_sheets_keep_their_order_whatever_order_they_are_filled_in(tmp_path: Path) -> None:
    book = Workbook(tmp_path / "book.xlsx", ["sections", "phrases"])
    book.fill("phrases", pd.DataFrame({"phrase": ["两个维护", "=1+1"], "freq": [9, 2], "share": [0.5, None]}))
    book.fill("sections", pd.DataFrame({"heading": ["存在的问题"], "inline": [True]}))
    book.close()
    back = pd.read_excel(tmp_path / "book.xlsx", sheet_name=None)
    assert list(back) == ["说明", "章节", "短语库"]
    assert back["短语库"]["短语"].tolist() == ["两个维护", "'=1+1"]  # text stays text, neutralised
    assert back["短语库"]["次数"].tolist() == [9, 2]
    assert back["短语库"]["占比"].isna().tolist() == [False, True]  # NaN → an empty cell
    assert back["章节"]["段首标题"].tolist() == ["是"]


def test_a_workbook_written_twice_has_the_same_bytes(tmp_path: Path) -> None:
    sheets = {"phrases": pd.DataFrame({"phrase": ["三会一课"], "score": [1.25]})}
    first = write_xlsx(sheets, tmp_path / "a.xlsx").read_bytes()
    time.sleep(1.1)  # a creation time in seconds would differ
    assert write_xlsx(sheets, tmp_path / "b.xlsx").read_bytes() == first


def test_a_failed_first_run_leaves_no_output_folder_behind(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    with pytest.raises(RuntimeError), staged_output(out):
        raise RuntimeError("no readable report")
    assert not out.exists()


def test_a_runs_staged_output_folder_is_marked_only_when_published(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    with pytest.raises(RuntimeError), staged_output(out) as staging:
        assert (staging / OUTPUT_MARKER).is_file()  # staged with the outputs, published with them
        raise RuntimeError("mining failed")
    assert not out.exists()
    with staged_output(out) as staging:
        (staging / "phrases.csv").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [OUTPUT_MARKER, "phrases.csv"]
    assert is_output_folder(out)
    assert "never read back as reports" in (out / OUTPUT_MARKER).read_text(encoding="utf-8")


def test_single_files_of_other_commands_do_not_mark_their_folder(tmp_path: Path) -> None:
    write_outputs(tmp_path, {"kwic.csv": lambda p: p.write_text("x", encoding="utf-8")})
    assert [p.name for p in tmp_path.iterdir()] == ["kwic.csv"] and not is_output_folder(tmp_path)


def test_an_output_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("a file", encoding="utf-8")
    match = r"output folder .*/a/b lies under .*/a, which is a file"
    with pytest.raises(OutputLocationError, match=match), staged_output(tmp_path / "a" / "b"):
        pass


@pytest.mark.parametrize(
    ("out", "corpus", "relation"),
    [
        ("c", "c", "the same folder as"),
        ("c/out", "c", "inside"),
        ("c/x/../out", "c", "inside"),
        (".", "c", "a folder containing"),
        ("c/../c", "c", "the same folder as"),
    ],
)
def test_outputs_equal_to_inside_or_containing_a_corpus_are_refused(
    tmp_path: Path, out: str, corpus: str, relation: str
) -> None:
    (tmp_path / "c" / "x").mkdir(parents=True)
    with pytest.raises(OutputLocationError) as info:
        check_outside_corpora(tmp_path / out, [tmp_path.parent / f"{tmp_path.name}-other", tmp_path / corpus])
    assert f"is {relation} the corpus folder {tmp_path / corpus} (= {(tmp_path / corpus).resolve()})" in str(
        info.value
    )


def test_siblings_and_prefixes_are_not_inside(tmp_path: Path) -> None:
    check_outside_corpora(tmp_path / "corpus_outputs", [tmp_path / "corpus"])  # a shared prefix is no parent
    check_outside_corpora(tmp_path / "a" / "out", [tmp_path / "b"])


def test_readable_path_escapes_only_bytes_that_are_not_utf8() -> None:
    assert readable_path("报告.txt") == "报告.txt"
    assert readable_path(os.fsdecode(b"\xb1\xa8.txt")) == "\\xb1\\xa8.txt"
    assert readable_path(os.fsdecode("报".encode() + b"\xff")) == "报\\xff"
