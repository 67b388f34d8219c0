"""The whole job: corpus folder → analysis in memory (:func:`analyze`) → files (:func:`run`).

Each stage is a module of its own; this one only wires them together, in one direction::

    ingest → clean → structure → segment → miners (n-gram index: terms, idioms; distinct sentences: slogans,
    passages; headings: templates) → phrasebank → tables/export/plots

A run opens one executor (:func:`analysis.executor.open_executor`: this process, local processes or a Dask
cluster, from ``RunOptions.workers`` and ``dask_scheduler``) and hands it to the stages that share out work
(cleaning and parsing, segmentation, the index miners beside the others); the stages supply plain functions.
Which miner runs where and when: :mod:`analysis.mining`; the options: :mod:`analysis.options`.
"""

from __future__ import annotations

import gc
import importlib
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .collector import collector_paused, collector_resumed, frozen_objects
from .executor import Executor, open_executor
from .loading import AUTO_WORKER_CHARS as AUTO_WORKER_CHARS
from .loading import CorpusFiles as CorpusFiles
from .loading import auto_workers, available_memory, memory_warning, prepare_reports, read_documents
from .loading import load_reports as load_reports
from .loading import prepare_report as prepare_report
from .miners import jieba_lexicon
from .miners.frames import frame_phrases
from .miners.keyness import section_frame_rows, section_keyness_rows
from .mining import MINING_STEPS as MINING_STEPS
from .mining import mine_candidates as mine_candidates
from .options import RunOptions as RunOptions
from .outputs import (
    ReportFilesJob,
    output_files,
    prepare_writers,
    write_files,
    write_report_files,
    write_report_job,
)
from .paths import check_run_paths
from .phrasebank import (
    SectionPhrase,
    attach_examples,
    count_phrase_occurrences,
    document_keyword_rows,
    find_examples,
    merge_candidates,
    phrase_bank_scan,
    section_phrase_rows,
    without_example,
)
from .progress import Steps
from .publish import output_lock, staged_output
from .records import IngestProblem, Phrase, Report, Sentence
from .segment import (
    Segmenter,
    build_tokenizer,
    cut_texts,
    default_lexicon_path,
    read_lexicon,
    segment_reports,
)
from .segment_cache import store_choice, user_choice_dir
from .stats import Statistic, structure_statistics
from .token_chunks import ChunkCutter, cut_with_kept_vocabulary
from .worker_logs import Logged, call_logged, replayed

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

#: Phrase kinds counted in every report and section: keyness and TF-IDF keywords are about them.
KEYED_KINDS: tuple[str, ...] = ("slogan", "term", "idiom")

#: Files written by :func:`run` (the output contract, plus extras).
OUTPUT_FILES: tuple[str, ...] = tuple(output_files())


@dataclass(frozen=True)
class Analysis:
    """Everything a run computes, as records; :mod:`analysis.tables` turns each part into a DataFrame."""

    reports: tuple[Report, ...]
    problems: tuple[IngestProblem, ...]
    sentences: tuple[Sentence, ...] = field(repr=False)
    phrases: tuple[Phrase, ...]
    section_phrases: tuple[SectionPhrase, ...]
    statistics: tuple[Statistic, ...]
    keywords: tuple[tuple[str, str, float], ...]  #: (doc_id, phrase, tf-idf weight)
    section_frames: tuple[SectionPhrase, ...] = ()  #: sentence frames over-used in a section type


def make_segmenter(options: RunOptions) -> Segmenter:
    """A segmenter holding the bundled (or the given) lexicons."""
    paths = options.lexicons if options.lexicons is not None else (default_lexicon_path(),)
    entries = tuple(entry for path in paths for entry in read_lexicon(path))
    return Segmenter(lexicon=entries, backend=options.backend)


def _resolved(segmenter: Segmenter) -> Segmenter:
    """``segmenter`` with its backend chosen (it pickles with the choice, without the tokenizer)."""
    segmenter.resolve()
    return segmenter


def segment(
    reports: Sequence[Report], *, segmenter: Segmenter, options: RunOptions, executor: Executor | None = None
) -> list[Sentence]:
    """Sentences and tokens of every report, cut over ``executor`` (local processes, a Dask cluster, or
    here); without one, over an executor opened from ``options`` for this call.  The result is the same."""
    if executor is None:
        workers = options.workers or auto_workers(_distinct_chars(reports))
        with open_executor(workers=workers, dask_scheduler=options.dask_scheduler) as own:
            return segment(reports, segmenter=segmenter, options=options, executor=own)
    # where the workers run their tasks in order, each sends a token once (:mod:`analysis.token_chunks`)
    started = time.perf_counter()
    kept = executor.runs_in_order
    cut = cut_with_kept_vocabulary if kept else cut_texts
    shared: Segmenter | ChunkCutter = ChunkCutter(segmenter) if kept else segmenter
    if executor.workers > 1:  # the workers build their tokenizers while this process splits sentences
        executor.map(build_tokenizer, range(executor.workers), shared=shared)
    sentences = list(
        segment_reports(
            reports,
            segmenter=segmenter,
            cut_chunks=partial(executor.map, cut, shared=shared),
            cache_dir=options.cache_dir,
            progress=options.progress,
        )
    )
    # the workers' copies of the cleaning's and the segmentation's shared objects (a tokenizer of ≈ 0.1 GB
    # each) are let go before the index tasks peak there
    executor.forget_shared()
    logger.info("%d sentences segmented in %.2f s", len(sentences), time.perf_counter() - started)
    return sentences


def _distinct_chars(reports: Sequence[Report]) -> int:
    """Characters of the reports, each exact copy counted once: what segmentation actually cuts.

    Copies share their parsed paragraphs (:func:`load_reports`), and only their first one is cut.
    """
    return sum({id(r.paragraphs): len(r.text) for r in reports}.values())


def analyze(corpus: Path | str, *, options: RunOptions | None = None) -> Analysis:
    """Ingest, clean, parse, segment and mine ``corpus``; return every result as records."""
    return _analyze(Path(corpus), options or RunOptions())


def _analyze(corpus: Path, options: RunOptions, staging: Path | None = None) -> Analysis:
    """:func:`analyze`; with ``staging``, every output file written there too, while the run's executor is
    still open (:func:`~analysis.outputs.write_files` hands the workbook to one of its workers)."""
    files = read_documents(corpus)
    chars = files.distinct_chars
    warning = memory_warning(corpus, chars, available_memory())  # (said now, not by the system minutes later)
    if warning is not None:
        logger.warning(warning)
    workers = options.workers or auto_workers(chars)
    with open_executor(workers=workers, dask_scheduler=options.dask_scheduler) as executor:
        with collector_paused():
            reports, problems, segmenter = _load(corpus, files, options, executor, staging)
            del files  # (the decoded files and their UTF-8 forms, made when they were sent: parsed now)
            result, report_sheets = _mine(reports, problems, segmenter, options, executor, staging)
        if staging is not None:
            with frozen_objects():  # (the records: not walked by the writing's collections)
                write_files(
                    result,
                    staging,
                    xlsx=options.xlsx,
                    progress=options.progress,
                    executor=executor,
                    report_sheets=report_sheets,
                )
    return result


def _while_cleaning() -> None:
    """What this process does while the workers clean and parse: read jieba's dictionary (≈ 0.5 s: the miners
    need it) and import pandas (≈ 0.6 s: the clause table and the outputs need it; the command line does not
    import it, so that this wait takes it)."""
    jieba_lexicon()
    importlib.import_module("pandas")
    # jieba imports pkg_resources, whose vendored importer leaves reference cycles holding the frames it ran
    # under (this one and its callers, with the decoded files): with the collector paused for the run they
    # would keep those files alive to the end (≈ 5 bytes a character with their UTF-8 forms)
    gc.collect()


def _load(
    corpus: Path,
    files: CorpusFiles,
    options: RunOptions,
    executor: Executor,
    staging: Path | None = None,
) -> tuple[list[Report], list[IngestProblem], Segmenter]:
    """The reports of ``files`` cleaned and parsed over ``executor``, their problems, and the segmenter
    checked meanwhile; with ``staging`` (a run writing outputs), a corpus without a readable report stops
    the run here."""
    # the backend check (≈ 1 s: it builds jieba's tokenizer) starts first, in a worker while the reports
    # load when there are workers; the choice made before is read instead from the cache folder, else from
    # the user's (``segment_cache.user_choice_dir``)
    segmenter = make_segmenter(options)
    keep_choice = segmenter.adopt_kept_choice(options.cache_dir or user_choice_dir())
    checking = executor.map(_resolved, [segmenter])
    started = time.perf_counter()
    reports, problems = prepare_reports(files, executor, progress=options.progress, meanwhile=_while_cleaning)
    logger.info(
        "%d reports parsed from %s (%d problems) in %.2f s",
        len(reports),
        corpus,
        len(problems),
        time.perf_counter() - started,
    )
    if staging is not None and not reports:
        raise ValueError(
            f"no readable report in {corpus}: {len(problems)} file(s) could not be read; see the warnings"
        )
    segmenter = next(checking)
    if keep_choice is not None:
        store_choice(keep_choice, segmenter.choice())
    return reports, problems, segmenter


def _mine(
    reports: list[Report],
    problems: list[IngestProblem],
    segmenter: Segmenter,
    options: RunOptions,
    executor: Executor,
    staging: Path | None = None,
) -> tuple[Analysis, dict[str, pd.DataFrame] | None]:
    """Everything :func:`analyze` computes from the parsed reports, over ``executor``; with ``staging``, the
    report files are written there while the index task mines (returned: their sheets, None if they were
    not written)."""
    sentences = tuple(segment(reports, segmenter=segmenter, options=options, executor=executor))

    written: list[dict[str, pd.DataFrame]] = []  # the report sheets, once their files are written
    writing: list[Iterator[Logged]] = []  # … or the worker writing them

    def while_waiting() -> None:  # (the main process would only wait for the index task meanwhile)
        if staging is not None:
            job = ReportFilesJob(reports, problems, staging)
            if executor.workers > 1 and not executor.counts_in_shards:  # a local worker is idle by now
                level = logging.getLogger("analysis").getEffectiveLevel()  # (its warnings told here)
                writing.append(executor.map(partial(call_logged, write_report_job, level), [job]))
                executor.map(prepare_writers, [None])  # (the next free worker: the other one)
            else:
                with collector_resumed():
                    written.append(write_report_files(reports, problems, staging, progress=options.progress))

    with Steps("mine", MINING_STEPS, enabled=options.progress) as steps:
        candidates, frames = mine_candidates(
            reports,
            sentences,
            segmenter=segmenter,
            options=options,
            executor=executor,
            steps=steps,
            while_waiting=while_waiting,
        )
        with steps.step("examples"):  # (one search of the sentences for the examples and the counts below)
            merged = merge_candidates([*candidates, *frame_phrases(frames)])
            scan = phrase_bank_scan(merged, sentences, counted=KEYED_KINDS)
            phrases = attach_examples(merged, find_examples(without_example(merged), scan))
        with steps.step("section keyness"):  # slogans, terms and idioms per report and section, and keywords
            keyed = [p.phrase for p in phrases if p.kind in KEYED_KINDS]
            occurrences = count_phrase_occurrences(keyed, scan)
            section_rows = section_phrase_rows(section_keyness_rows(occurrences), sentences)
        with steps.step("TF-IDF keywords"):
            keywords = document_keyword_rows(occurrences.by_document, top_n=options.keywords_per_document)
    if writing:
        written.append(replayed(next(writing[0])))
    result = Analysis(
        reports=tuple(reports),
        problems=tuple(problems),
        sentences=sentences,
        phrases=tuple(phrases),
        section_phrases=tuple(section_rows),
        statistics=tuple(structure_statistics(reports)),
        keywords=tuple(keywords),
        section_frames=tuple(section_frame_rows(frames)),
    )
    return result, written[0] if written else None


def write_analysis(result: Analysis, out: Path | str, *, xlsx: bool = True) -> list[Path]:
    """Write every output file of :data:`OUTPUT_FILES` into ``out``, all published together, under the
    output folder's lock (:mod:`analysis.publish`)."""
    out = Path(out)
    with output_lock(out), staged_output(out) as staging:
        write_files(result, staging, xlsx=xlsx)
    return [out / name for name in output_files(xlsx=xlsx)]


def run(
    corpus: Path | str = "corpus", out: Path | str = "outputs", *, options: RunOptions | None = None
) -> Analysis:
    """:func:`analyze` then write every file of :data:`OUTPUT_FILES` into ``out``.

    ``out`` (and the cache) equal to, inside or containing ``corpus`` is refused before anything is written
    (:func:`analysis.paths.check_run_paths`).  The run holds ``out``'s lock from start to end (another run
    into it refuses, or waits with ``options.wait``), and publishes all files together at the end: a failed
    or interrupted run leaves the old outputs as they were (:mod:`analysis.publish`).
    """
    options = options or RunOptions()
    check_run_paths(corpus, out, cache_dir=options.cache_dir)
    out = Path(out)
    with output_lock(out, wait=options.wait), staged_output(out) as staging:
        # (the staging folder holds the files only once they are all written; an executor still running
        # ends before it is removed on a failure: the executor's block is inside this one)
        return _analyze(Path(corpus), options, staging)
