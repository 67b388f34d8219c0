"""Warnings logged by work done in a worker process reach this process's log, as if the work had been
done here: a run with two workers that writes a report longer than a spreadsheet cell says so."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

import pytest

from analysis.executor import open_executor
from analysis.pipeline import RunOptions, run
from analysis.worker_logs import call_logged, replayed

worker_logger = logging.getLogger("analysis.tests.worker")


def say_and_double(n: int) -> int:
    """Work that logs at three levels (a module-level function: a worker imports it by name)."""
    worker_logger.debug("细节 %d", n)
    worker_logger.info("开始 %d", n)
    worker_logger.warning("第 %d 份报告过长", n)
    return 2 * n


def test_records_at_the_level_asked_are_kept_with_their_message_formatted() -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logged = call_logged(say_and_double, logging.INFO, 3)
    assert logged.value == 6
    assert [(r.levelno, r.getMessage()) for r in logged.records] == [
        (logging.INFO, "开始 3"),
        (logging.WARNING, "第 3 份报告过长"),
    ]
    assert all(r.args is None for r in logged.records)
    assert root.handlers == handlers and root.level == level  # put back as they were


def test_replayed_records_reach_this_process_loggers(caplog: pytest.LogCaptureFixture) -> None:
    logged = call_logged(say_and_double, logging.DEBUG, 4)
    with caplog.at_level(logging.WARNING, logger="analysis.tests.worker"):
        assert replayed(logged) == 8
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("analysis.tests.worker", "WARNING", "第 4 份报告过长")  # (below WARNING: not enabled here)
    ]


def test_a_warning_logged_in_a_pool_worker_is_told_here(caplog: pytest.LogCaptureFixture) -> None:
    with open_executor(workers=2) as executor, caplog.at_level(logging.INFO, logger="analysis.tests.worker"):
        values = [replayed(x) for x in executor.map(partial(call_logged, say_and_double, logging.INFO), [5])]
    assert values == [10]
    assert [r.getMessage() for r in caplog.records] == ["开始 5", "第 5 份报告过长"]


def test_a_run_on_two_workers_warns_of_a_text_cut_in_documents_csv(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "报告"
    corpus.mkdir()

    def paragraph(k: int) -> str:  # (no two alike: repeated lines would be taken for page chrome)
        return (
            f"第{k}项工作：全年新建学校{k}所，改造道路{3 * k + 1}公里，持续改善民生，群众满意度明显提升。\n"
        )

    long_text = "一、主要工作\n" + "".join(paragraph(k) for k in range(1, 900))  # 40,000+ characters
    (corpus / "长篇述职报告.txt").write_text(long_text, encoding="utf-8")
    for k in range(3):
        (corpus / f"短篇{k}.txt").write_text("一、主要工作\n" + paragraph(k + 1000), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="analysis"):
        run(corpus, tmp_path / "out", options=RunOptions(workers=2, xlsx=False))
    warned = [r for r in caplog.records if r.name == "analysis.fulltexts"]
    assert len(warned) == 1 and "长篇述职报告" in warned[0].getMessage()
    assert "1 text(s)" in warned[0].getMessage()
