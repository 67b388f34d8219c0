"""The whole job: corpus folder → analysis in memory (:func:`analyze`) → files (:func:`run`).

Each stage is a module of its own; this one only wires them together, in one direction::

    ingest → clean → structure → segment → (slogans, terms, templates) → phrasebank → tables/export/plots

A run opens one executor (:func:`analysis.executor.open_executor`: this process, local processes or a Dask
cluster, from ``RunOptions.workers`` and ``dask_scheduler``) and hands it to the stages that share out work
(cleaning and parsing, segmentation); the stages themselves supply plain functions.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .chrome_model import CorpusChrome, learn_chrome
from .clean import clean_text_and_removed
from .collector import collector_paused
from .distinct import distinct_sentences
from .executor import Executor, open_executor
from .ingest import read_corpus
from .outputs import output_files, write_files
from .paths import check_run_paths
from .phrasebank import (
    SectionPhrase,
    attach_examples,
    count_phrase_occurrences,
    document_keyword_rows,
    find_examples,
    merge_candidates,
    phrase_document_counts,
    section_keyness_rows,
    section_phrase_rows,
    without_example,
)
from .progress import progress_bar
from .publish import output_lock, staged_output
from .records import IngestProblem, Phrase, Report, Sentence, SourceDocument
from .segment import (
    Segmenter,
    build_tokenizer,
    cut_texts,
    default_lexicon_path,
    read_lexicon,
    segment_reports,
)
from .slogans import mine_passages, mine_slogans
from .stats import Statistic, structure_statistics
from .structure import parse_report
from .templates import mine_heading_templates
from .terms import jieba_lexicon, mine_idioms, mine_terms

logger = logging.getLogger(__name__)

#: Phrase kinds counted in every report and section: keyness and TF-IDF keywords are about them.
KEYED_KINDS: tuple[str, ...] = ("slogan", "term", "idiom")

#: Files written by :func:`run` (the output contract, plus extras).
OUTPUT_FILES: tuple[str, ...] = tuple(output_files())


@dataclass(frozen=True)
class RunOptions:
    """Options of a run.  Defaults suit a corpus of a handful to a few hundred reports."""

    lexicons: tuple[Path, ...] | None = None  #: user dictionaries; None → the bundled domain lexicon
    backend: str = "auto"  #: segmenter backend: auto, jieba or rjieba
    workers: int | None = None  #: processes for cleaning and segmenting; None → :func:`auto_workers`
    cache_dir: Path | None = None  #: on-disk segmentation cache (None: no cache)
    min_freq: int = 3  #: least occurrences of a term
    min_doc_freq: int = 2  #: least reports a term or passage occurs in
    top_n: int = 300  #: most phrases kept per kind
    keywords_per_document: int = 10  #: TF-IDF keywords kept per report
    progress: bool = False  #: tqdm progress bars
    dask_scheduler: str | None = None  #: work on Dask: a scheduler address, or "local" for a LocalCluster
    xlsx: bool = True  #: also write phrasebank.xlsx
    wait: bool = False  #: another run writing into the same output folder: wait for it (False: refuse)

    def __post_init__(self) -> None:
        for name in ("workers", "min_freq", "min_doc_freq", "top_n", "keywords_per_document"):
            value = getattr(self, name)
            if name == "workers" and value is None:
                continue
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"option {name} must be a whole number >= 1, got {value!r}")
        if self.backend not in ("auto", "jieba", "rjieba"):
            raise ValueError(f"backend must be auto, jieba or rjieba, got {self.backend!r}")


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


def make_segmenter(options: RunOptions) -> Segmenter:
    """A segmenter holding the bundled (or the given) lexicons."""
    paths = options.lexicons if options.lexicons is not None else (default_lexicon_path(),)
    entries = tuple(entry for path in paths for entry in read_lexicon(path))
    return Segmenter(lexicon=entries, backend=options.backend)


def _resolved(segmenter: Segmenter) -> Segmenter:
    """``segmenter`` with its backend chosen (it pickles with the choice, without the tokenizer)."""
    segmenter.resolve()
    return segmenter


def prepare_report(document: SourceDocument, chrome: CorpusChrome | None = None) -> Report | IngestProblem:
    """Clean and parse one document; a document with no text left becomes a problem naming its file.

    ``chrome``: the page chrome learned from the whole corpus (:func:`analysis.boilerplate.learn_chrome`).
    """
    text, removed = clean_text_and_removed(document.text, chrome=chrome)
    if not text.strip():
        message = f"{document.source}: no text left after removing web boilerplate; check the file's content"
        logger.warning(message)
        return IngestProblem(document.source, message)
    report = parse_report(SourceDocument(document.doc_id, document.source, text, document.metadata))
    return replace(report, removed=removed) if removed else report


#: Characters of text per worker process that :func:`auto_workers` asks for before adding one more.
AUTO_WORKER_CHARS = 3_000_000


def auto_workers(n_chars: int) -> int:
    """Processes worth starting for ``n_chars`` characters: ``min(cores, 1 + n_chars // 3e6)``.

    A spawn-context pool costs about a second to start (each process imports the package and builds its
    tokenizer), while one process cleans ≈ 3 MB/s and segments ≈ 5 MB/s; so a second process pays off from
    about 3 million characters (≈ 9 MB of UTF-8), and never beyond the machine's cores.
    """
    return max(1, min(os.cpu_count() or 1, 1 + n_chars // AUTO_WORKER_CHARS))


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
    (≈ 3 MB/s per process, so a pool pays off from a few MB; ``None`` → :func:`auto_workers`); the result is
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
    files: CorpusFiles, executor: Executor, *, progress: bool = False
) -> tuple[list[Report], list[IngestProblem]]:
    """Clean and parse the distinct documents over ``executor``; each copy gets its first copy's report."""
    unique = files.unique
    chrome = learn_chrome((d.source, d.text) for d in unique)
    chunksize = max(1, len(unique) // (8 * executor.workers))
    prepared: Iterable[Report | IngestProblem] = executor.map(
        _prepare_with, unique, chunksize=chunksize, shared=chrome
    )
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
        (problems if isinstance(result, IngestProblem) else reports).append(result)  # type: ignore[arg-type]
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


def mine_candidates(
    reports: Sequence[Report],
    sentences: Sequence[Sentence],
    *,
    segmenter: Segmenter,
    options: RunOptions,
) -> list[Phrase]:
    """Run every miner; their candidates, miner by miner (slogans, terms, idioms, passages, templates).

    The miners run here, one after the other (they are about to become queries over one shared n-gram
    index, which the executor will build).
    """
    body = [s for s in sentences if not s.is_heading]
    headings_by_doc = [(r.doc_id, r.headings) for r in reports]
    tasks = {
        "terms": partial(
            mine_terms,
            body,
            min_freq=options.min_freq,
            min_doc_freq=options.min_doc_freq,
            top_n=options.top_n,
        ),
        "slogans and passages": partial(
            _slogans_and_passages, body, min_doc_freq=options.min_doc_freq, top_n=options.top_n
        ),
        "idioms": partial(mine_idioms, body, top_n=options.top_n),
        "templates": partial(
            _top, mine_heading_templates, headings_by_doc, tokenize=segmenter.cut, top_n=options.top_n
        ),
    }
    jieba_lexicon()  # read once: slogans and idioms both need it
    terms, (slogans, passages), idioms, templates = [task() for task in tasks.values()]
    return [*slogans, *terms, *idioms, *passages, *templates]  # the order the phrase bank takes them in


def _slogans_and_passages(
    body: Sequence[Sentence], *, min_doc_freq: int, top_n: int
) -> tuple[list[Phrase], list[Phrase]]:
    """Slogans and passages: one task, as both read the distinct sentences (grouped here, once)."""
    distinct = distinct_sentences(body)
    return (
        mine_slogans(body, distinct=distinct),
        mine_passages(body, min_doc_freq=min_doc_freq, top_n=top_n, distinct=distinct),
    )


def _top(miner: Callable[..., list[Phrase]], *args: object, top_n: int, **kwargs: object) -> list[Phrase]:
    return miner(*args, **kwargs)[:top_n]


def document_keywords(
    phrases: Sequence[Phrase], sentences: Sequence[Sentence], *, top_n: int
) -> list[tuple[str, str, float]]:
    """TF-IDF (own-corpus IDF) of the phrase bank's slogans, terms and idioms in each report."""
    vocabulary = [p.phrase for p in phrases if p.kind in KEYED_KINDS]
    return document_keyword_rows(phrase_document_counts(vocabulary, sentences), top_n=top_n)


def segment(
    reports: Sequence[Report], *, segmenter: Segmenter, options: RunOptions, executor: Executor | None = None
) -> list[Sentence]:
    """Sentences and tokens of every report, cut over ``executor`` (local processes, a Dask cluster, or
    here); without one, over an executor opened from ``options`` for this call.  The result is the same."""
    if executor is None:
        workers = options.workers or auto_workers(_distinct_chars(reports))
        with open_executor(workers=workers, dask_scheduler=options.dask_scheduler) as own:
            return segment(reports, segmenter=segmenter, options=options, executor=own)
    if executor.workers > 1:  # the workers build their tokenizers while this process splits sentences
        executor.map(build_tokenizer, range(executor.workers), shared=segmenter)
    return list(
        segment_reports(
            reports,
            segmenter=segmenter,
            cut_chunks=partial(executor.map, cut_texts, shared=segmenter),
            cache_dir=options.cache_dir,
            progress=options.progress,
        )
    )


def _distinct_chars(reports: Sequence[Report]) -> int:
    """Characters of the reports, each exact copy counted once: what segmentation actually cuts.

    Copies share their parsed paragraphs (:func:`load_reports`), and only their first one is cut.
    """
    return sum({id(r.paragraphs): len(r.text) for r in reports}.values())


def analyze(corpus: Path | str, *, options: RunOptions | None = None) -> Analysis:
    """Ingest, clean, parse, segment and mine ``corpus``; return every result as records."""
    options = options or RunOptions()
    with collector_paused():
        return _analyze(Path(corpus), options)


def _analyze(corpus: Path, options: RunOptions) -> Analysis:
    files = read_documents(corpus)
    workers = options.workers or auto_workers(files.distinct_chars)
    with open_executor(workers=workers, dask_scheduler=options.dask_scheduler) as executor:
        # the backend check (≈ 1 s: it builds jieba's tokenizer) starts first, in a worker while the reports
        # load when there are workers
        checking = executor.map(_resolved, [make_segmenter(options)])
        reports, problems = prepare_reports(files, executor, progress=options.progress)
        logger.info("%d reports parsed from %s (%d problems)", len(reports), corpus, len(problems))
        jieba_lexicon()  # the miners need it (≈ 0.5 s)
        segmenter = next(checking)
        sentences = tuple(segment(reports, segmenter=segmenter, options=options, executor=executor))
        merged = merge_candidates(mine_candidates(reports, sentences, segmenter=segmenter, options=options))
        phrases = attach_examples(merged, find_examples(without_example(merged), sentences))
        # slogans, terms and idioms counted once per report and section: keyness rows and TF-IDF keywords
        keyed = [p.phrase for p in phrases if p.kind in KEYED_KINDS]
        occurrences = count_phrase_occurrences(keyed, sentences)
        section_rows = section_phrase_rows(section_keyness_rows(occurrences), sentences)
        keywords = document_keyword_rows(occurrences.by_document, top_n=options.keywords_per_document)
    return Analysis(
        reports=tuple(reports),
        problems=tuple(problems),
        sentences=sentences,
        phrases=tuple(phrases),
        section_phrases=tuple(section_rows),
        statistics=tuple(structure_statistics(reports)),
        keywords=tuple(keywords),
    )


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
    with output_lock(out, wait=options.wait):
        result = analyze(corpus, options=options)
        if not result.reports:
            raise ValueError(
                f"no readable report in {corpus}: {len(result.problems)} file(s) could not be read; "
                "see the warnings"
            )
        with staged_output(out) as staging:
            write_files(result, staging, xlsx=options.xlsx)
    return result
