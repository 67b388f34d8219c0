"""What the notebooks say in words, checked here (the notebooks hold no ``assert`` cells).

Each test names the notebook whose reading it backs; if a change to the miners or the parser makes one fail,
the notebook's text must change with it.  (Notebook 03's reading of gwr_national is checked in
tests/test_pipeline.py, on the run made there.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import analyze, tables
from analysis.outline import common_headings, genre_outline
from analysis.pipeline import Analysis, load_reports
from analysis.records import Report
from analysis.stats import level1_counts, structure_statistics, type_presence
from analysis.trends import parse_where, phrase_trend, select_reports, thin_groups

POLICY_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "policy_docs"


@pytest.fixture(scope="module")
def sample(sample_dir: Path) -> Analysis:
    return analyze(sample_dir)


@pytest.fixture(scope="module")
def gwr_reports(gwr_dir: Path) -> list[Report]:
    return load_reports(gwr_dir)[0]


def test_01_shares_and_order_of_the_sample_reports(sample: Analysis) -> None:
    reports = sample.reports
    having = type_presence(reports)
    assert (having["achievements"], having["measures"], having["problems"], having["causes"]) == (6, 6, 5, 1)
    assert level1_counts(reports)["achievements"] == 10
    outline = genre_outline(reports)
    assert [p.section_type for p in outline.placements] == [
        "overview",
        "achievements",
        "problems",
        "causes",
        "measures",
    ]
    assert max(outline.orders, key=lambda o: (o[1], len(o[0])))[0] == ("achievements", "problems", "measures")
    lengths = {s.key: s.value for s in structure_statistics(reports) if s.what == "enumeration_length"}
    assert max(lengths, key=lambda k: lengths[k]) == "03"


def test_02_most_used_slogan_and_real_examples(sample: Analysis) -> None:
    phrases = tables.phrases_frame(sample.phrases)
    top = phrases.query("kind == 'slogan'").nlargest(1, "freq").iloc[0]
    assert (top.phrase, top.freq) == ("一岗双责", 13)
    corpus_text = "\n".join(r.text for r in sample.reports)
    assert phrases.example.map(lambda example: example in corpus_text).all()


def test_03_problems_sections_speak_of_problems(sample: Analysis) -> None:
    key = tables.section_phrases_frame(sample.section_phrases)
    top = {t: set(group.head(8).phrase) for t, group in key.groupby("section_type")}
    assert {"不严不实", "好人主义", "意识不强", "压力传导层层递减"} <= top["problems"]
    assert "causes" not in top  # nothing typical enough of the causes sections of eight reports
    assert {"凝聚力和战斗力", "权力运行", "纪律监督"} <= top["measures"]


def test_04_the_2020_spike_is_a_short_resolution(gwr_reports: list[Report]) -> None:
    points = phrase_trend(gwr_reports, ["高质量发展", "新发展理念"])
    assert [(p.group, p.documents) for p in thin_groups(points)] == [("1962", 1), ("2020", 1)]
    spike = {p.phrase: p for p in points if p.group == "2020"}
    assert spike["新发展理念"].per_10k > 19 and spike["高质量发展"].per_10k > 19


def test_04_reports_only_leave_gaps_and_first_years(gwr_reports: list[Report]) -> None:
    reports = select_reports(gwr_reports, parse_where(["kind=report"]))
    phrases = ["改革开放", "高质量发展", "新发展理念", "四个意识", "供给侧结构性改革"]
    frame = tables.trend_frame(phrase_trend(reports, phrases))
    years = set(frame.group.astype(int))
    assert 2020 not in years and not years & set(range(1965, 1975))
    first = frame.query("count > 0").groupby("phrase").group.min().astype(int).to_dict()
    assert first["高质量发展"] == 2018 and first["供给侧结构性改革"] == 2016
    peak = frame.loc[frame.groupby("phrase").per_10k.idxmax()].set_index("phrase")
    assert int(peak.loc["改革开放"].group) in range(1990, 1995)
    assert int(peak.loc["供给侧结构性改革"].group) == 2018
    assert int(peak.loc["高质量发展"].group) == 2024 and round(peak.loc["高质量发展"].per_10k) == 14


def test_05_outlines_of_the_two_genres(gwr_reports: list[Report]) -> None:
    outline = genre_outline(gwr_reports)
    order = [p.section_type for p in outline.placements]
    assert order == ["achievements", "measures", "other"]
    assert outline.placements[0].median_position < 1 / 6 + 1e-9
    assert outline.orders[0] == (("achievements", "measures"), 23)
    assert outline.documents - outline.outlined == 25
    gwr_headings = [h.heading for h in common_headings(gwr_reports, top=10)]
    assert gwr_headings.index("X年工作回顾") < gwr_headings.index("X年工作总体部署")
    assert gwr_headings.index("X年工作总体部署") < gwr_headings.index("X年主要任务")
    assert gwr_headings.index("X年主要任务") < gwr_headings.index("关于外交工作")


def test_05_policy_documents_have_their_own_outline() -> None:
    if not POLICY_DIR.is_dir():
        pytest.fail(f"policy_docs corpus not found at {POLICY_DIR}")
    reports = load_reports(POLICY_DIR)[0]
    outline = genre_outline(reports)
    share = {p.section_type: p.share for p in outline.placements}
    assert max(share, key=lambda t: share[t]) == "other"
    headings = [h.heading for h in common_headings(reports, top=10)]
    assert headings[0] == "总则" and headings[-1] == "附则"
    assert headings.index("总体要求") < headings.index("重点任务") < headings.index("保障措施")
    assert headings.index("主要任务") < headings.index("组织实施")
