"""The paired benchmark of benchmarks/ (two versions alternated, ABBA): its medians and one real pair."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from benchmark_modules import load_benchmark

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("bench_pairs")


def test_the_summary_is_the_median_of_the_paired_ratios_not_the_ratio_of_medians(bench: ModuleType) -> None:
    timing = bench.Timing
    pairs = [
        (timing(10.0, 20.0), timing(9.0, 18.0)),  # 0.9
        (timing(20.0, 40.0), timing(16.0, 30.0)),  # 0.8: the machine slower, B still faster
        (timing(12.0, 24.0), timing(13.2, 26.0)),  # 1.1
    ]
    summary = bench.ratio_summary(pairs)
    assert summary["ratio"] == pytest.approx(0.9)
    assert (summary["a_wall"], summary["b_wall"]) == (12.0, 13.2)
    assert (summary["a_cpu"], summary["b_cpu"]) == (24.0, 26.0)


def test_one_pair_of_this_checkout_against_itself_on_the_sample_corpus(
    bench: ModuleType, sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench.main(["--a", str(ROOT), "--corpus", str(sample_dir), "--pairs", "1", "--", "--no-xlsx"])
    out = capsys.readouterr().out
    assert "run arguments: --no-xlsx" in out
    row = next(line for line in out.splitlines() if line.startswith("| 1 |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    a_wall, b_wall, ratio = float(cells[2][:-2]), float(cells[3][:-2]), float(cells[4])
    assert a_wall > 0 and b_wall > 0
    # the table shows walls to 0.01 s and the ratio of the unrounded walls to 0.001
    lowest, highest = (b_wall - 0.005) / (a_wall + 0.005), (b_wall + 0.005) / (a_wall - 0.005)
    assert lowest - 0.0005 <= ratio <= highest + 0.0005
    assert float(cells[5][:-2]) > 0  # the runs' CPU, counted over their process trees
    assert "paired ratio B / A" in out


def test_a_failing_run_stops_with_its_message(bench: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="failed"):
        bench.timed_run(ROOT, tmp_path / "no such corpus", [])
