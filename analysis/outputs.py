"""The files of a run, written in two parts: the report files early, the phrase files when mining is done.

Everything about the reports themselves (``documents``, ``sections``, ``enumerations``, ``structure_stats``,
``problems``, the section chart and those sheets of the workbook) is known once the reports are parsed;
only ``phrases``, ``section_phrases``, ``document_keywords`` and ``lexicon_mined.txt`` need the miners.
:class:`ReportFiles` writes the first part in a forked child (:class:`~analysis.parallel.Background`) while
the caller segments and mines, and adds the phrase sheets to the same workbook when handed them
(:class:`~analysis.parallel.Handoff`): most of the writing (the workbook's 230,000 report cells above all)
moves off the path that waits for the miners.  Where forking is
not possible the same functions run here, one after the other; the files are the same.

All files go to a staging directory (:func:`analysis.export.staged_output`) and are published together.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .parallel import BACKGROUND_NICENESS, Background, Handoff
from .records import IngestProblem, Phrase, Report
from .stats import level1_counts, structure_statistics

if TYPE_CHECKING:
    import pandas as pd

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
PHRASE_TABLES: tuple[str, ...] = ("phrases", "section_phrases", "document_keywords")
#: Sheets of ``phrasebank.xlsx``, in order (``documents`` without the full text).
SHEETS: tuple[str, ...] = (
    "sections",
    "phrases",
    "section_phrases",
    "structure_stats",
    "enumerations",
    "document_keywords",
    "problems",
    "boilerplate",
    "documents",
)
CHART = "section_frequency.png"
LEXICON = "lexicon_mined.txt"
WORKBOOK = "phrasebank.xlsx"


def report_frames(reports: Sequence[Report], problems: Sequence[IngestProblem]) -> dict[str, pd.DataFrame]:
    """The :data:`REPORT_TABLES` as DataFrames."""
    from . import tables

    return {
        "documents": tables.documents_frame(reports),
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
        "document_keywords": tables.keywords_frame(result.keywords),
    }


def _sheet(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["text"]) if name == "documents" else frame


def _write_report_part(
    reports: Sequence[Report], problems: Sequence[IngestProblem], staging: Path, xlsx: bool, late: Handoff
) -> None:
    """Report CSVs, the chart, the workbook's report sheets; then the phrase sheets once handed over."""
    from . import export
    from .plots import plot_section_frequency, save_figure

    frames = report_frames(reports, problems)
    book = export.Workbook(staging / WORKBOOK, SHEETS) if xlsx else None
    for name, frame in frames.items():
        if book is not None:
            book.fill(name, _sheet(name, frame))
        export.write_csv(frame, staging / f"{name}.csv")
    save_figure(plot_section_frequency(level1_counts(reports), documents=len(reports)), staging / CHART)
    if book is not None:
        for name, frame in late.get().items():
            book.fill(name, frame)
        book.close()


class ReportFiles:
    """The report part of a run's files, started now (in a forked child where possible), finished later.

    ``ReportFiles(reports, problems, staging)`` begins; :meth:`finish` writes the phrase files here, hands
    the phrase tables to the workbook and waits for the child; :meth:`cancel` stops it (a failed run).
    """

    def __init__(
        self,
        reports: Sequence[Report],
        problems: Sequence[IngestProblem],
        staging: Path,
        *,
        xlsx: bool = True,
        fork: bool = True,
    ) -> None:
        self.staging = staging
        self.xlsx = xlsx
        self._late = Handoff()
        task = partial(_write_report_part, reports, problems, staging, xlsx, self._late)
        self._part = Background(task, fork=fork, handoff=self._late, nice=BACKGROUND_NICENESS)

    def finish(self, result: Analysis) -> None:
        from . import export

        frames = phrase_frames(result)
        for name, frame in frames.items():
            export.write_csv(frame, self.staging / f"{name}.csv")
        _write_lexicon(result.phrases, self.staging / LEXICON)
        self._late.put(frames if self.xlsx else {})
        self._part.result()

    def cancel(self) -> None:
        self._part.cancel()


def _write_lexicon(phrases: Sequence[Phrase], path: Path) -> None:
    from .segment import lexicon_from_phrases, write_lexicon

    write_lexicon(lexicon_from_phrases(phrases), path)


def output_files(*, xlsx: bool = True) -> list[str]:
    """Names of the files a run writes."""
    names = [f"{name}.csv" for name in (*REPORT_TABLES, *PHRASE_TABLES)] + [CHART, LEXICON]
    return [*names, WORKBOOK] if xlsx else names
