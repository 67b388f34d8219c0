"""The command line: help with examples, the run command, KWIC, trends and clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.cli import main


@pytest.mark.parametrize("command", ["run", "kwic", "trend", "lexicon"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_python_dash_m_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True, check=True
    )
    assert "python -m analysis run" in done.stdout


def test_run_writes_outputs_and_summarises(sample_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["run", "--corpus", str(sample_dir), "--out", str(tmp_path), "--no-xlsx"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("8 reports, ")
    assert (tmp_path / "phrases.csv").exists() and not (tmp_path / "phrasebank.xlsx").exists()


def test_missing_corpus_is_named_in_the_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["run", "--corpus", str(tmp_path / "no_such_dir"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no_such_dir" in result.output


def test_kwic_prints_lines_and_writes_csv(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "kwic.csv"
    result = CliRunner().invoke(
        main, ["kwic", "一岗双责", "--corpus", str(sample_dir), "--width", "5", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "【一岗双责】" in result.output
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert (frame.keyword == "一岗双责").all() and len(frame) >= 4


def test_trend_over_years(gwr_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "trend.csv"
    result = CliRunner().invoke(
        main,
        [
            "trend",
            "高质量发展",
            "--corpus",
            str(gwr_dir),
            "--out",
            str(out),
            "--plot",
            str(tmp_path / "t.png"),
        ],
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, encoding="utf-8-sig")
    first = frame[frame["count"] > 0].group.min()
    assert 2017 <= int(first) <= 2018
    assert (tmp_path / "t.png").exists()


def test_an_unwritable_output_path_is_named_in_the_error(sample_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "outputs"
    blocker.write_text("not a folder")
    args = ["run", "--corpus", str(sample_dir), "--no-xlsx", "--out"]
    result = CliRunner().invoke(main, [*args, str(blocker)])
    assert result.exit_code == 2 and "outputs" in result.output  # click refuses a file as --out
    nested = blocker / "run1"
    result = CliRunner().invoke(main, [*args, str(nested)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: output folder {nested} lies under {blocker}, which is a file; choose a folder path for the "
        "outputs\n"
    )
    assert blocker.read_text() == "not a folder"
