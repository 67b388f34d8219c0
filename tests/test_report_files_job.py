"""analysis.outputs.ReportFilesJob: the report files' job as a worker receives it writes the same files."""

from __future__ import annotations

import pickle
from pathlib import Path

from analysis.loading import load_reports
from analysis.outputs import ReportFilesJob, write_report_files

REPORT = """关于2025年工作情况的报告

一、主要成绩
今年以来，我们坚持稳中求进。一是抓好理论学习，全年开展集中学习12次；二是抓好队伍建设，选派干部参加培训。
全年完成各项任务。

二、存在问题
一是学习不够深入；二是作风建设仍需加强。

三、下一步措施
进一步加强学习，推动各项工作再上新台阶。
"""


def _reports(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "b.txt").write_text(REPORT.replace("2025", "2024"), encoding="utf-8")
    (corpus / "c.txt").write_text(REPORT, encoding="utf-8")  # (an exact copy: shares a's paragraphs)
    reports, problems = load_reports(corpus, workers=1)
    return reports, problems


def test_the_job_received_by_a_worker_writes_the_same_report_files(tmp_path: Path) -> None:
    reports, problems = _reports(tmp_path)
    assert any(r.enumerations for r in reports)
    received = pickle.loads(pickle.dumps(ReportFilesJob(reports, problems, tmp_path / "x")))
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir(), there.mkdir()
    tables_here = write_report_files(reports, problems, here)
    tables_there = write_report_files(received.reports, received.problems, there)
    assert tables_here.keys() == tables_there.keys()
    assert all(tables_here[name].equals(tables_there[name]) for name in tables_here)
    assert _files(here) == _files(there)
    assert (here / "texts").is_dir() and len(list((here / "texts").iterdir())) == 3


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_job_sends_only_the_paragraphs_the_report_files_read(tmp_path: Path) -> None:
    """Each paragraph is counted; only those an enumeration stands in are sent (their section and
    heading are read)."""
    reports, problems = _reports(tmp_path)
    received = pickle.loads(pickle.dumps(ReportFilesJob(reports, problems, tmp_path)))
    for sent, report in zip(received.reports, reports, strict=True):
        assert len(sent.paragraphs) == len(report.paragraphs)
        read = {item.paragraph_index for item in report.enumerations}
        assert read
        assert [i for i, p in enumerate(sent.paragraphs) if p is not None] == sorted(read)
        assert all(sent.paragraphs[i] == report.paragraphs[i] for i in read)
        assert sent.text == report.text and sent.headings == report.headings
