"""``trend``: restricted by metadata (``--where``), documents per group, a warning for groups resting on
little text, and the paths it wrote."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.pipeline import load_reports
from analysis.trends import select_reports

#: A small corpus of county documents: reports and a short resolution per year, and one file that
#: metadata.csv does not list.
FILES = {
    "a_2019.txt": "二〇一九年县政府工作报告\n一、过去一年\n全县推进乡村振兴，乡村振兴示范村达到十个。\n"
    "二、今年安排\n继续抓好乡村振兴和城乡融合。\n",
    "b_2019.txt": "县人大关于政府工作报告的决议\n会议同意报告提出的乡村振兴任务。\n",
    "c_2020.txt": "县人大关于二〇二〇年政府工作报告的决议\n会议批准这个报告，要求落实乡村振兴。\n",
    "d_2021.txt": "二〇二一年县政府工作报告\n一、主要成绩\n粮食生产稳定，农民收入增长。\n"
    "二、主要任务\n全面推进乡村振兴，办好民生实事。\n",
    "e_2023.txt": "二〇二三年县政府工作报告\n一、回顾\n城乡面貌明显改善。\n二、任务\n巩固脱贫成果。\n",
    "f_unlisted.txt": "二〇二二年乡镇工作总结\n乡村振兴工作有序开展。\n",
}
METADATA = (
    "file,year,kind\n"
    "a_2019.txt,2019,report\n"
    "b_2019.txt,2019,resolution\n"
    "c_2020.txt,2020,resolution\n"
    "d_2021.txt,2021,report\n"
    "e_2023.txt,2023,report\n"
)


@pytest.fixture
def county(tmp_path: Path) -> Path:
    corpus = tmp_path / "county"
    corpus.mkdir()
    for name, text in FILES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "metadata.csv").write_text(METADATA, encoding="utf-8")
    return corpus


def _trend(
    corpus: Path, tmp_path: Path, *args: str, phrase: str = "乡村振兴"
) -> tuple[pd.DataFrame, str, str]:
    out = tmp_path / "out" / "trend.csv"
    result = CliRunner().invoke(main, ["trend", phrase, "--corpus", str(corpus), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return pd.read_csv(out, encoding="utf-8-sig", dtype={"group": str}), result.stdout, result.stderr


def test_where_keeps_exactly_the_reports_of_that_kind(county: Path, tmp_path: Path) -> None:
    frame, _, stderr = _trend(county, tmp_path, "--where", "kind=report")
    assert frame.group.tolist() == ["2019", "2021", "2023"]  # 2020 holds only a resolution: no data
    assert frame["count"].tolist() == [3, 1, 0]
    assert frame.documents.tolist() == [1, 1, 1]
    reports, _ = load_reports(county)
    chars = {r.doc_id: len(r.text) for r in reports}
    assert frame.chars.tolist() == [chars["a_2019"], chars["d_2021"], chars["e_2023"]]
    assert f"table written to {tmp_path / 'out' / 'trend.csv'}" in stderr


def test_without_where_every_report_with_a_year_counts(county: Path, tmp_path: Path) -> None:
    frame, stdout, _ = _trend(county, tmp_path)
    # f_unlisted has no metadata, and its doc_id does not start with a year: left out
    assert frame.group.tolist() == ["2019", "2020", "2021", "2023"]
    assert frame.documents.tolist() == [2, 1, 1, 1]
    assert frame["count"].tolist() == [4, 1, 1, 0]
    assert stdout.splitlines()[0].split() == ["phrase", "乡村振兴", "documents"]


def test_values_of_one_column_are_alternatives_and_columns_must_all_hold(
    county: Path, tmp_path: Path
) -> None:
    frame, _, _ = _trend(county, tmp_path, "--where", "year=2019", "--where", "year=2020")
    assert frame.group.tolist() == ["2019", "2020"] and frame.documents.tolist() == [2, 1]
    frame, _, _ = _trend(county, tmp_path, "--where", "kind=resolution", "--where", "year=2019")
    assert frame.group.tolist() == ["2019"] and frame.documents.tolist() == [1]
    reports, _ = load_reports(county)
    chosen = select_reports(reports, {"kind": frozenset({"resolution"}), "year": frozenset({"2019"})})
    assert [r.doc_id for r in chosen] == ["b_2019"]


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("kind", "--where takes COLUMN=VALUE"),
        ("=report", "--where takes COLUMN=VALUE"),
        ("genre=report", "no report has a metadata column 'genre'; columns: file, kind, year"),
    ],
)
def test_a_bad_condition_is_explained(county: Path, condition: str, message: str) -> None:
    result = CliRunner().invoke(main, ["trend", "乡村振兴", "--corpus", str(county), "--where", condition])
    assert result.exit_code == 1
    assert message in result.output


def test_a_condition_that_selects_nothing_says_so(county: Path) -> None:
    result = CliRunner().invoke(main, ["trend", "乡村振兴", "--corpus", str(county), "--where", "kind=memo"])
    assert result.exit_code == 1
    assert "among those --where selects" in result.output


def test_the_chart_path_is_printed_and_the_png_written(county: Path, tmp_path: Path) -> None:
    plot = tmp_path / "charts" / "trend.png"
    result = CliRunner().invoke(
        main, ["trend", "乡村振兴", "--corpus", str(county), "--where", "kind=report", "--plot", str(plot)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith(f"chart written to {plot}")
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_gwr_2020_spike_is_a_short_resolution_and_goes_with_kind_report(
    gwr_dir: Path, tmp_path: Path
) -> None:
    everything, _, warned = _trend(gwr_dir, tmp_path, phrase="高质量发展")
    spike = everything.set_index("group").loc["2020"]
    assert spike.documents == 1 and spike.chars < 1_000 and spike.per_10k > 10  # one mention in a resolution
    assert "warning: year 2020 holds only" in warned
    reports_only, _, quiet = _trend(gwr_dir, tmp_path, "--where", "kind=report", phrase="高质量发展")
    assert "2020" not in set(reports_only.group)  # no report that year: a gap, not a spike
    assert set(reports_only.documents) == {1}
    assert "warning" not in quiet
    assert not math.isnan(reports_only.per_10k.max()) and reports_only.per_10k.max() < spike.per_10k
