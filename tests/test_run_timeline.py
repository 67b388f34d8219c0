"""benchmarks/run_timeline.py: one run watched (its tree's memory and CPU, its steps from its own log)."""

from __future__ import annotations

import logging
from pathlib import Path
from types import ModuleType

import pytest
from benchmark_modules import load_benchmark

from analysis.progress import Steps

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def timeline() -> ModuleType:
    return load_benchmark("run_timeline")


def test_a_step_logs_its_wall_and_cpu_time(caplog: pytest.LogCaptureFixture) -> None:
    steps = Steps("mine", 1, enabled=False)
    with caplog.at_level(logging.INFO, logger="analysis.progress"), steps, steps.step("slogans"):
        sum(range(10_000))
    (record,) = caplog.records
    assert record.getMessage().startswith("mine: slogans took ")
    assert record.getMessage().endswith(" s of this process's CPU)")


def test_the_summary_names_the_peak_and_each_process(timeline: ModuleType) -> None:
    sample = timeline.Sample
    watched = timeline.Watched(
        0,
        3.0,
        [
            sample(0.0, {10: (100_000_000, 0.1)}),
            sample(1.0, {10: (300_000_000, 0.9), 11: (200_000_000, 0.5)}),
            sample(2.0, {10: (200_000_000, 1.4), 11: (100_000_000, 1.5)}),
        ],
        [(1.5, "INFO analysis.progress: mine: slogans took 0.80 s (0.70 s of this process's CPU)")],
    )
    text = timeline.report(watched, every=1.0)
    assert "peak RSS of the tree 0.50 GB at 1.0 s (main 0.30, p1 0.20)" in text
    assert "CPU seconds: main 1.4, p1 1.5; total 2.9" in text
    assert "     1.50  mine: slogans took 0.80 s (0.70 s of this process's CPU)" in text
    assert "  2.0 s  sum  0.30 GB  main   50% 0.20    p1  100% 0.10" in text


def test_a_real_run_on_the_sample_corpus(timeline: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert timeline.main(["--corpus", str(ROOT / "corpus"), "--every", "0.5"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("exit code 0, wall ")
    assert "peak RSS of the tree " in text
    assert "reports parsed from" in text and "sentences segmented in" in text
    assert "mine: slogans, passages took" in text and "write: report.html took" in text


def test_a_run_that_fails_says_why_with_the_folder(
    timeline: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "没有这个文件夹"
    assert timeline.main(["--corpus", str(missing)]) != 0
    text = capsys.readouterr().out
    assert "the run failed; its last log lines:" in text
    assert "没有这个文件夹" in text
