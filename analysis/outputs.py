"""The files of a run: the report files (known once the reports are parsed), then the phrase files.

Everything about the reports themselves (``documents``, ``sections``, ``enumerations``, ``structure_stats``,
``problems``, ``boilerplate``, the section chart and those sheets of the workbook) comes first; then
``phrases``, ``section_phrases``, ``section_frames``, ``document_keywords`` and ``lexicon_mined.txt``, which
need the miners, and their sheets.  The workbook's sheets are filled in that order, which fixes its bytes.
Written into a staging directory (:func:`analysis.publish.staged_output`) whose files are published
together: the workbook by an idle worker of the run's executor when it has local ones, the rest in this
process, one file after the other; ``report.html`` comes last, as it embeds the charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .executor import Executor, SerialExecutor
from .progress import Steps
from .records import IngestProblem, Phrase, Report
from .stats import level1_counts, structure_statistics, type_presence

if TYPE_CHECKING:
    import pandas as pd

    from .phrasebank import SectionPhrase
    from .pipeline import Analysis

#: Tables known from the parsed reports, each written as ``<name>.csv``.
REPORT_TABLES: tuple[str, ...] = (
    "documents",
    "sections",
    "structure_stats",
    "enumerations",
    "problems",
    "boilerplate",
)
#: Tables that need the miners.
PHRASE_TABLES: tuple[str, ...] = ("phrases", "section_phrases", "section_frames", "document_keywords")
#: Sheets of ``phrasebank.xlsx`` after the guide (说明), in order (``documents`` without the full text).
SHEETS: tuple[str, ...] = (
    "phrases",
    "section_phrases",
    "section_frames",
    "sections",
    "structure_stats",
    "enumerations",
    "document_keywords",
    "problems",
    "boilerplate",
    "documents",
)
CHART = "section_frequency.png"
OUTLINE_CHART = "outline.png"  #: where each section type comes in the reports, and its share of them
SECTION_PHRASES_CHART = "section_phrases.png"  #: the phrases typical of each section type
TEXTS = "texts"  #: every report's cleaned text, one file each (analysis.fulltexts)
LEXICON = "lexicon_mined.txt"
WORKBOOK = "phrasebank.xlsx"
#: The phrase bank as one page (analysis/report_page.py), written last: it embeds the charts.
PAGE = "report.html"
#: Files written from the parsed reports alone (:func:`write_report_files`).
REPORT_FILES: tuple[str, ...] = (*(f"{name}.csv" for name in REPORT_TABLES), TEXTS, CHART, OUTLINE_CHART)


def report_frames(reports: Sequence[Report], problems: Sequence[IngestProblem]) -> dict[str, pd.DataFrame]:
    """The :data:`REPORT_TABLES` as DataFrames."""
    from . import fulltexts, tables

    return {
        "documents": fulltexts.documents_for_csv(tables.documents_frame(reports)),
        "sections": tables.sections_frame(reports),
        "structure_stats": tables.statistics_frame(structure_statistics(reports)),
        "enumerations": tables.enumerations_frame(reports),
        "problems": tables.problems_frame(problems),
        "boilerplate": tables.boilerplate_frame(reports),
    }


def phrase_frames(result: Analysis) -> dict[str, pd.DataFrame]:
    """The :data:`PHRASE_TABLES` as DataFrames."""
    from . import tables

    return {
        "phrases": tables.phrases_frame(result.phrases),
        "section_phrases": tables.section_phrases_frame(result.section_phrases),
        "section_frames": tables.section_phrases_frame(result.section_frames),
        "document_keywords": tables.keywords_frame(result.keywords),
    }


def _sheet(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["text"]) if name == "documents" else frame


def write_report_files(
    reports: Sequence[Report], problems: Sequence[IngestProblem], staging: Path, *, progress: bool = False
) -> dict[str, pd.DataFrame]:
    """The files that need only the parsed reports into ``staging``: the report CSVs, ``texts/``, the section
    and outline charts; returns the report tables as the workbook's sheets show them (:func:`_sheet`: the
    documents without their texts, which a worker sending them back would pickle: 100 of 105 MB at 100 MB
    of distinct text).  A run writes them while its index task is still mining
    (:func:`analysis.mining.mine_candidates`)."""
    from . import export
    from .fulltexts import write_texts
    from .outline import genre_outline
    from .plots import plot_outline, plot_section_frequency, save_figure

    report_tables = report_frames(reports, problems)
    with Steps("write", len(REPORT_FILES), enabled=progress) as steps:
        for name, frame in report_tables.items():
            with steps.step(f"{name}.csv"):
                export.write_csv(frame, staging / f"{name}.csv")
        with steps.step(TEXTS):
            write_texts(reports, staging / TEXTS)
        with steps.step(CHART):
            counts, having = level1_counts(reports), type_presence(reports)
            chart = plot_section_frequency(counts, documents=len(reports), having=having)
            save_figure(chart, staging / CHART)
        with steps.step(OUTLINE_CHART):
            save_figure(plot_outline(genre_outline(reports)), staging / OUTLINE_CHART)
    return {name: _sheet(name, frame) for name, frame in report_tables.items()}


class ReportFilesJob(NamedTuple):
    """The files of the parsed reports alone, to write into ``staging`` (:func:`write_report_job`).

    Pickled (sent to a worker) with only the paragraphs the report files read (:func:`files_view`): a
    paragraph is a record pickled through a reducer of its own, and the 172,906 paragraphs of 100 MB of
    distinct text were 0.68 s of this process's 0.93 s of pickling the reports (0.25 s without them; their
    unpickling on the worker alike), on the path to the workbook, which waits for this job's tables."""

    reports: Sequence[Report]
    problems: Sequence[IngestProblem]
    staging: Path

    def __reduce__(self) -> tuple[type[ReportFilesJob], tuple[object, ...]]:
        return ReportFilesJob, (list(map(files_view, self.reports)), self.problems, self.staging)


def files_view(report: Report) -> Report:
    """``report`` as the report files read it (:func:`write_report_files`: the same files): its paragraphs
    counted, and read only where an enumeration stands (its section type and heading); the others None."""
    paragraphs: list[object] = [None] * len(report.paragraphs)
    for item in report.enumerations:
        paragraphs[item.paragraph_index] = report.paragraphs[item.paragraph_index]
    return replace(report, paragraphs=tuple(paragraphs))  # type: ignore[arg-type]


def write_report_job(job: ReportFilesJob) -> dict[str, pd.DataFrame]:
    """:func:`write_report_files` for a worker: no progress bar (this process draws)."""
    return write_report_files(job.reports, job.problems, job.staging)


def write_files(
    result: Analysis,
    staging: Path,
    *,
    xlsx: bool = True,
    progress: bool = False,
    executor: Executor | None = None,
    report_sheets: dict[str, pd.DataFrame] | None = None,
) -> None:
    """Every file of :func:`output_files` into ``staging``: the report files (:func:`write_report_files`,
    unless ``report_sheets``, what it returned, says they are written already), phrase CSVs, the
    section-phrases chart, the lexicon, the page, the workbook (report sheets, then phrase sheets).
    ``progress``: a bar over the files.

    ``executor``: the run's, when it has local workers (idle by now): the workbook (XlsxWriter, pure Python:
    a third of the writing) and the section-phrases chart (matplotlib's import alone ≈ 0.7 s) are written by
    them while this process writes the rest; else here, last.  The bytes are the same either way.
    """
    from . import export
    from .report_page import write_report_page

    if report_sheets is None:
        report_sheets = write_report_files(result.reports, result.problems, staging, progress=progress)
    frames = phrase_frames(result)
    local_worker = executor is not None and executor.workers > 1 and not executor.counts_in_shards
    side = executor if local_worker and executor is not None else SerialExecutor()
    # (a pool's map starts at once; this process's map when its result is asked for)
    chart_job = ChartJob(staging / SECTION_PHRASES_CHART, result.section_phrases)
    chart = side.map(write_section_phrases_chart, [chart_job])
    if xlsx:
        sheets = [*report_sheets.items(), *((name, _sheet(name, frame)) for name, frame in frames.items())]
        workbook = side.map(write_workbook, [WorkbookJob(staging / WORKBOOK, sheets)])
    written_here = len(output_files(xlsx=xlsx)) - len(REPORT_FILES) - 1  # (the chart: within the page's step)
    with Steps("write", written_here, enabled=progress) as steps:
        for name, frame in frames.items():
            with steps.step(f"{name}.csv"):
                export.write_csv(frame, staging / f"{name}.csv")
        with steps.step(LEXICON):
            _write_lexicon(result.phrases, staging / LEXICON)
        with steps.step(PAGE):  # (the chart it embeds drawn meanwhile)
            write_report_page(result, staging / PAGE, frames, charts_written=lambda: next(iter(chart)))
        if xlsx:
            with steps.step(WORKBOOK):
                next(iter(workbook))


class ChartJob(NamedTuple):
    """The section-phrases chart's file and the rows it draws."""

    path: Path
    rows: Sequence[SectionPhrase]


def prepare_writers(_: object = None) -> None:
    """Import what the output writers of a worker need (matplotlib with the CJK font, XlsxWriter, pandas:
    ≈ 1 s) ahead of their jobs: mapped while a run waits for its index task, so that the worker that takes
    the section-phrases chart (the page waits for it) or the workbook has them already."""
    import pandas  # noqa: F401
    import xlsxwriter  # noqa: F401

    from .plots import cjk_font_family

    cjk_font_family()


def write_section_phrases_chart(job: ChartJob) -> Path:
    """Draw and save ``section_phrases.png`` (matplotlib: a worker imports it, ≈ 0.7 s, while this
    process writes the page)."""
    from .plots import plot_section_phrases, save_figure

    save_figure(plot_section_phrases(job.rows), job.path)
    return job.path


class WorkbookJob(NamedTuple):
    """The workbook's file and its sheets' tables, in the order they are filled (which fixes its bytes)."""

    path: Path
    sheets: list[tuple[str, pd.DataFrame]]


def write_workbook(job: WorkbookJob) -> Path:
    """Write ``phrasebank.xlsx``: the sheets of :data:`SHEETS`, filled in the job's order."""
    from . import export

    book = export.Workbook(job.path, SHEETS)
    for name, frame in job.sheets:
        book.fill(name, frame)
    book.close()
    return job.path


def _write_lexicon(phrases: Sequence[Phrase], path: Path) -> None:
    from .segment import lexicon_from_phrases, write_lexicon

    write_lexicon(lexicon_from_phrases(phrases), path)


def output_files(*, xlsx: bool = True) -> list[str]:
    """Names of the files a run writes."""
    names = [f"{name}.csv" for name in (*REPORT_TABLES, *PHRASE_TABLES)] + [
        TEXTS,
        CHART,
        OUTLINE_CHART,
        SECTION_PHRASES_CHART,
        LEXICON,
        PAGE,
    ]
    return [*names, WORKBOOK] if xlsx else names
