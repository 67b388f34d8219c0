"""Loading: a corpus folder read, its documents cleaned and parsed into reports, copies analysed once.

The first stages of a run (ingest → clean → structure), for :func:`analysis.pipeline.run` and for the
commands that only need the reports (``kwic``, ``trend``).  Cleaning and parsing are mapped over an executor
(:mod:`analysis.executor`): the run's, or one opened for the call.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .chrome_model import CorpusChrome, learn_chrome
from .clean import clean_text_and_removed
from .executor import Executor, open_executor
from .ingest import read_corpus
from .progress import progress_bar
from .records import PROBLEM_RECORD, IngestProblem, Report, SourceDocument
from .structure import parse_report

logger = logging.getLogger(__name__)


def prepare_report(document: SourceDocument, chrome: CorpusChrome | None = None) -> Report | IngestProblem:
    """Clean and parse one document; a document with no text left becomes a problem naming its file.

    ``chrome``: the page chrome learned from the whole corpus (:func:`analysis.boilerplate.learn_chrome`).
    """
    text, removed = clean_text_and_removed(document.text, chrome=chrome)
    if not text.strip():
        message = f"{document.source}: no text left after removing web boilerplate; check the file's content"
        return IngestProblem(document.source, message)  # (logged by the process that gathers the results)
    report = parse_report(SourceDocument(document.doc_id, document.source, text, document.metadata))
    return replace(report, removed=removed) if removed else report


#: Characters of text per worker process that :func:`auto_workers` asks for before adding one more.
AUTO_WORKER_CHARS = 1_000_000


def auto_workers(n_chars: int) -> int:
    """Processes worth starting for ``n_chars`` characters: ``min(cores, 1 + n_chars // 1e6)``.

    A spawn-context pool costs about a second to start (each process imports the package and builds its
    tokenizer); in return it cleans and segments in parallel, and the index miners (terms, frames, idioms)
    run on a worker while this process mines slogans and passages.  Measured with ``python -m analysis run``
    (2 cores, 2026-12-06): gwr_national and policy_docs (1.2 million characters each) 9.6–10.7 s with one
    process, 8.3–9.0 s with two; corpus/ (32 000 characters) 4.4–4.7 s with one, 4.9–5.6 s with two.  So a
    second process from a million characters (≈ 3 MB of UTF-8), and never beyond the machine's cores.
    """
    return max(1, min(os.cpu_count() or 1, 1 + n_chars // AUTO_WORKER_CHARS))


#: Memory the processes of a run held together at their peak: a fixed part and bytes per character of
#: distinct text (exact copies counted once).  Fitted on the distinct-text benchmark (2 cores,
#: benchmarks/README.md): 3.6 GB at 34 million characters (100 MB), 9.2 GB at 101 million (300 MB), past 22 GB
#: at 338 million (1 GB: stopped there).  Text that repeats (versions of one document) needs less.
PEAK_FIXED_BYTES = 600_000_000
PEAK_BYTES_PER_CHAR = 90


def expected_peak(n_chars: int) -> int:
    """Bytes of memory a run over ``n_chars`` characters of distinct text may hold at its peak (all its
    processes): ``PEAK_FIXED_BYTES + PEAK_BYTES_PER_CHAR × n_chars``."""
    return PEAK_FIXED_BYTES + PEAK_BYTES_PER_CHAR * n_chars


def available_memory(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """Bytes of memory the system can give without swapping (Linux's ``MemAvailable``), None where unknown."""
    try:
        for line in meminfo.read_text(encoding="ascii", errors="replace").splitlines():
            name, _, value = line.partition(":")
            if name == "MemAvailable" and value.split()[-1:] == ["kB"]:
                return int(value.split()[0]) * 1024
    except (OSError, ValueError):
        return None
    return None


def memory_warning(corpus: Path, n_chars: int, available: int | None) -> str | None:
    """What to tell the user before a run whose :func:`expected_peak` exceeds the ``available`` memory
    (None: nothing to tell).  Why: such a run is stopped by the system's out-of-memory killer minutes later,
    with nothing but ``Killed`` on the terminal."""
    peak = expected_peak(n_chars)
    if available is None or peak <= available:
        return None
    return (
        f"{corpus}: {n_chars / 1e6:,.0f} million characters of distinct text; runs of this size have needed "
        f"about {peak / 1e9:.0f} GB of memory at their peak, and this machine has {available / 1e9:.1f} GB "
        "available: the system may stop the run. Run the corpus in parts (one folder each), or on a machine "
        "with more memory."
    )


@dataclass(frozen=True)
class CorpusFiles:
    """What ingest read: files and problems in walk order, the documents of distinct text, and for each
    document the index of its first copy among them."""

    items: tuple[SourceDocument | IngestProblem, ...]
    unique: tuple[SourceDocument, ...]
    copy_of: tuple[int, ...]

    @property
    def distinct_chars(self) -> int:
        return sum(len(d.text) for d in self.unique)


def read_documents(corpus: Path) -> CorpusFiles:
    """Read every file of ``corpus`` (:func:`analysis.ingest.read_corpus`) and find the exact copies."""
    items = tuple(read_corpus(corpus))
    unique, copy_of = _first_copies([item for item in items if isinstance(item, SourceDocument)])
    return CorpusFiles(items, tuple(unique), tuple(copy_of))


def load_reports(
    corpus: Path, *, workers: int | None = 1, progress: bool = False, executor: Executor | None = None
) -> tuple[list[Report], list[IngestProblem]]:
    """Read, clean and parse every report of ``corpus``; unreadable files become problems, the rest go on.

    Cleaning and parsing are mapped over ``executor``, or over ``workers`` local processes for this call
    (≈ 15 MB/s per process at distinct_30MB, 2026-12-06; ``None`` → :func:`auto_workers`); the result is
    the same, in the same order, whatever does the work.
    """
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a whole number >= 1, got {workers!r}")
    files = read_documents(corpus)
    if executor is not None:
        return prepare_reports(files, executor, progress=progress)
    if workers is None:
        workers = auto_workers(files.distinct_chars)
    with open_executor(workers=workers if len(files.unique) > 1 else 1) as own:
        return prepare_reports(files, own, progress=progress)


def _prepare_with(chrome: CorpusChrome, document: SourceDocument) -> Report | IngestProblem:
    """:func:`prepare_report` with the chrome model as the shared first argument (see Executor.map)."""
    return prepare_report(document, chrome)


def prepare_reports(
    files: CorpusFiles,
    executor: Executor,
    *,
    progress: bool = False,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[Report], list[IngestProblem]]:
    """Clean and parse the distinct documents over ``executor``; each copy gets its first copy's report.

    ``meanwhile``: called once the work is handed out, before its results are read (this process would
    only wait for the workers: a run reads jieba's dictionary and imports scikit-learn then).
    """
    unique = files.unique
    chrome = learn_chrome((d.source, d.text) for d in unique)
    chunksize = max(1, len(unique) // (8 * executor.workers))
    prepared: Iterable[Report | IngestProblem] = executor.map(
        _prepare_with, unique, chunksize=chunksize, shared=chrome
    )
    if meanwhile is not None:
        meanwhile()
    if progress:
        prepared = progress_bar(prepared, total=len(unique), unit="report", desc="clean+parse")
    results = list(prepared)
    reports: list[Report] = []
    problems: list[IngestProblem] = []
    documents = (item for item in files.items if isinstance(item, SourceDocument))
    documents_done = iter(zip(documents, files.copy_of, strict=True))
    for item in files.items:
        if isinstance(item, IngestProblem):
            problems.append(item)
            continue
        document, first = next(documents_done)
        result = results[first]
        if unique[first] is not document:  # a copy: the same report under its own name
            result = (
                replace(result, doc_id=document.doc_id, source=document.source, metadata=document.metadata)
                if isinstance(result, Report)
                else prepare_report(document, chrome)
            )
        if isinstance(result, IngestProblem):
            logger.warning(result.message, extra=PROBLEM_RECORD)
            problems.append(result)
        else:
            reports.append(result)
    return reports, problems


def _first_copies(documents: Sequence[SourceDocument]) -> tuple[list[SourceDocument], list[int]]:
    """Documents with distinct text (and metadata), and for each document the index of its first copy.

    A corpus gathered from the web often holds a report twice (a repost, a mirror, a renamed download): it
    is cleaned and parsed once, analysed under both names, and a warning names the copies, because copies
    inflate document frequencies.
    """
    first_index: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}
    unique: list[SourceDocument] = []
    copy_of: list[int] = []
    copies: list[tuple[str, str]] = []
    for document in documents:
        key = (document.text, tuple(sorted(document.metadata.items())))
        index = first_index.setdefault(key, len(unique))
        if index == len(unique):
            unique.append(document)
        else:
            copies.append((document.source, unique[index].source))
        copy_of.append(index)
    if copies:
        shown = "; ".join(f"{copy} = {original}" for copy, original in copies[:3])
        logger.warning(
            "%d report(s) are exact copies of another report (%s%s); each copy is analysed as a report of "
            "its own: remove the copies if the corpus should hold each report once",
            len(copies),
            shown,
            "; …" if len(copies) > 3 else "",
        )
    return unique, copy_of
