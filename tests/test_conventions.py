"""Conventions a Python user expects of the command line and the package (issue 13, item 5)."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import jieba
import pandas as pd
import pytest
import tomllib
from click.testing import CliRunner

import analysis
from analysis.cli import main
from analysis.lexicon import LexiconEntry, default_lexicon_path, read_lexicon, write_lexicon
from analysis.pipeline import RunOptions, make_segmenter
from analysis.progress import Steps

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_is_printed_with_the_distribution_name() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"report-miner, version {analysis.__version__}"


def test_the_distribution_has_a_specific_name_and_an_spdx_licence() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == "report-miner"
    assert project["license"] == "MIT"  # a string: the table form is deprecated by setuptools
    assert project["dynamic"] == ["version"]


def test_the_command_line_installs_without_the_notebook_server() -> None:
    core = " ".join(PYPROJECT["project"]["dependencies"])
    assert "jupyter" not in core and "ipykernel" not in core
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert any(d.startswith("jupyter") for d in extras["notebooks"])
    assert "report-miner[notebooks]" in extras["test"]  # the README's test command runs the notebooks


def test_run_refuses_a_dash_for_its_output_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", "--corpus", str(tmp_path), "--out", "-"])
    assert result.exit_code == 2
    assert "run writes a folder of files" in result.output
    assert not Path("-").exists()


@pytest.mark.parametrize("table_format", ["csv", "json"])
def test_kwic_writes_its_table_alone_to_stdout_for_a_dash(sample_dir: Path, table_format: str) -> None:
    result = CliRunner().invoke(
        main, ["kwic", "一岗双责", "--corpus", str(sample_dir), "--out", "-", "--format", table_format]
    )
    assert result.exit_code == 0, result.output
    if table_format == "json":
        rows = json.loads(result.stdout)
        assert rows and all(row["keyword"] == "一岗双责" for row in rows)
    else:
        frame = pd.read_csv(StringIO(result.stdout))
        assert list(frame.columns)[:4] == ["doc_id", "section_type", "left", "keyword"]
        assert (frame.keyword == "一岗双责").all()
    assert "hits in" in result.stderr  # the count goes to stderr, not into the table


def test_kwic_writes_json_to_a_file(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "kwic.json"
    result = CliRunner().invoke(
        main, ["kwic", "一岗双责", "--corpus", str(sample_dir), "--out", str(out), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert {row["keyword"] for row in json.loads(out.read_text(encoding="utf-8"))} == {"一岗双责"}


def test_an_unreadable_file_is_reported_once(sample_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(sample_dir.glob("*.txt"))[:2]:
        (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "扫描件.docx").write_bytes(b"not a zip archive")
    done = subprocess.run(  # a real process: the warning goes through logging to stderr
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            "--corpus",
            str(corpus),
            "--out",
            str(tmp_path / "out"),
            "--no-xlsx",
            "--workers",
            "1",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr.count("扫描件.docx") == 1, done.stderr
    assert "skipped: 扫描件.docx cannot be read as a Word .docx file" in done.stderr
    # the program ends without the interpreter's teardown (analysis.cli.program): its output flushed first
    assert done.stdout.rstrip().endswith("the phrase bank, searchable, with examples"), done.stdout


def test_a_run_with_worker_processes_ends_without_a_leaked_semaphore_warning(
    sample_dir: Path, tmp_path: Path
) -> None:
    """The program and its pool workers end by ``os._exit`` (no interpreter teardown), yet what exit runs
    still runs: the semaphores made in them (the pool's queues, tqdm's lock in a worker) are unlinked, so
    multiprocessing's resource tracker has nothing to warn about at the end of the run."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            "--corpus",
            str(sample_dir),
            "--out",
            str(tmp_path / "out"),
            "--no-xlsx",
            "--workers",
            "2",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "outputs written to" in done.stdout
    assert "leaked" not in done.stderr and "resource_tracker" not in done.stderr, done.stderr


def test_a_failed_command_still_ends_with_its_exit_code(tmp_path: Path) -> None:
    missing, out = tmp_path / "none", tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "run", "--corpus", str(missing), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "does not exist" in done.stderr


def test_the_mined_lexicon_loads_in_jieba_as_it_is(tmp_path: Path) -> None:
    path = write_lexicon(
        [LexiconEntry("压实管党治党责任", 3, "nz"), LexiconEntry("风清气正", None, "i")], tmp_path / "l.txt"
    )
    assert not any(line.startswith("#") for line in path.read_text(encoding="utf-8").splitlines())
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    assert "#" not in tokenizer.FREQ and not any(word.startswith("#") for word in tokenizer.user_word_tag_tab)
    assert "压实管党治党责任" in tokenizer.lcut("要压实管党治党责任。")
    assert [e.word for e in read_lexicon(path)] == ["压实管党治党责任", "风清气正"]


def test_lexicon_adds_to_the_bundled_one_and_no_default_lexicon_replaces_it(tmp_path: Path) -> None:
    extra = write_lexicon([LexiconEntry("智慧党建云平台", 5, "nz")], tmp_path / "mine.txt")
    bundled = next(iter(read_lexicon(default_lexicon_path()))).word
    seen: dict[str, RunOptions] = {}

    def capture(corpus: Path, out: Path, *, options: RunOptions) -> None:
        seen["options"] = options
        raise ValueError("captured")

    for flags, expected in (
        ([], (default_lexicon_path(), extra)),
        (["--no-default-lexicon"], (extra,)),
    ):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("analysis.cli.run", capture)
            CliRunner().invoke(main, ["run", "--lexicon", str(extra), *flags, "--out", str(tmp_path / "o")])
        assert seen["options"].lexicons == expected
    segmenter = make_segmenter(RunOptions(lexicons=(default_lexicon_path(), extra), backend="jieba"))
    assert "智慧党建云平台" in segmenter.cut(f"建设智慧党建云平台，{bundled}。")
    assert bundled in segmenter.cut(f"建设智慧党建云平台，{bundled}。")


def test_steps_show_a_bar_per_stage_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    with Steps("mine", 2, enabled=True) as steps:
        with steps.step("slogans"):
            pass
        with steps.step("terms"):
            pass
    shown = capsys.readouterr().err
    assert "mine" in shown and "2/2" in shown and "slogans" in shown
    with Steps("write", 1, enabled=False) as steps, steps.step("phrases.csv"):
        pass
    assert capsys.readouterr().err == ""


def test_a_progress_bar_makes_no_semaphore_for_the_resource_tracker_to_warn_of() -> None:
    """A pool worker stopped by a Ctrl-C runs no exit code: a semaphore its bar made (tqdm's lock) was left
    to multiprocessing's resource tracker, which printed "leaked semaphore objects" after ``interrupted``.
    In a fresh process (tqdm keeps its lock for the process's life) started as a pool worker is (spawn: a
    forked process's semaphores are not tracked), every semaphore made is noted."""
    script = (
        "import multiprocessing\n"
        "multiprocessing.set_start_method('spawn')\n"
        "from multiprocessing import resource_tracker\n"
        "made = []\n"
        "resource_tracker.register = lambda name, kind: made.append(kind)\n"
        "from analysis.progress import Steps, progress_bar\n"
        "with Steps('write', 1, enabled=False) as steps, steps.step('documents.csv'):\n"
        "    pass\n"
        "list(progress_bar(range(3), disable=True))\n"
        "print(made)\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]", shown.stdout + shown.stderr


def test_a_run_with_progress_has_bars_for_mining_and_writing(sample_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["run", "--corpus", str(sample_dir), "--out", str(tmp_path), "--progress", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    for stage in ("clean+parse", "segment", "mine", "write"):
        assert f"{stage}:" in result.stderr, stage
    assert result.stdout.startswith("8 reports")
