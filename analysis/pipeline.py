"""The whole job: corpus folder → analysis in memory (:func:`analyze`) → files (:func:`run`).

Each stage is a module of its own; this one only wires them together, in one direction::

    ingest → clean → structure → segment → (slogans, terms, templates) → phrasebank → tables/export/plots
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
from .distinct import distinct_sentences
from .ingest import read_corpus
from .outputs import ReportFiles, output_files
from .parallel import BACKGROUND_NICENESS, Background, Handoff, collector_paused, run_tasks
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
from .records import IngestProblem, Phrase, Report, Sentence, SourceDocument
from .scoring import prepare_tfidf
from .segment import (
    Segmenter,
    default_lexicon_path,
    read_lexicon,
    segment_reports,
    segment_reports_dask,
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
    dask_scheduler: str | None = None  #: segment on Dask: a scheduler address, or "local" for a LocalCluster
    xlsx: bool = True  #: also write phrasebank.xlsx

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


def load_reports(
    corpus: Path, *, workers: int | None = 1, progress: bool = False
) -> tuple[list[Report], list[IngestProblem]]:
    """Read, clean and parse every report of ``corpus``; unreadable files become problems, the rest go on.

    ``workers > 1`` cleans and parses in a spawn-context process pool (≈ 3 MB/s per process, so it pays
    off from a few MB; ``None`` → :func:`auto_workers`); the result is the same, in the same order, whatever
    ``workers`` is.
    """
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a whole number >= 1, got {workers!r}")
    items = list(read_corpus(corpus))
    documents = [item for item in items if isinstance(item, SourceDocument)]
    unique, copy_of = _first_copies(documents)
    chrome = learn_chrome((d.source, d.text) for d in unique)
    prepare = partial(prepare_report, chrome=chrome)
    if workers is None:
        workers = auto_workers(sum(len(d.text) for d in unique))
    prepared: Iterable[Report | IngestProblem]
    pool = None
    if workers > 1 and len(unique) > 1:
        import multiprocessing

        pool = multiprocessing.get_context("spawn").Pool(min(workers, len(unique)))
        prepared = pool.imap(prepare, unique, chunksize=max(1, len(unique) // (8 * workers)))
    else:
        prepared = map(prepare, unique)
    if progress:
        prepared = progress_bar(prepared, total=len(unique), unit="report", desc="clean+parse")
    try:
        results = list(prepared)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    reports: list[Report] = []
    problems: list[IngestProblem] = []
    documents_done = iter(zip(documents, copy_of, strict=True))
    for item in items:
        if isinstance(item, IngestProblem):
            problems.append(item)
            continue
        document, first = next(documents_done)
        result = results[first]
        if unique[first] is not document:  # a copy: the same report under its own name
            result = (
                replace(result, doc_id=document.doc_id, source=document.source, metadata=document.metadata)
                if isinstance(result, Report)
                else prepare(document)
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

    The miners are independent, so they run side by side in ``options.workers`` processes (default: one per
    core), this one and forked children (:func:`analysis.parallel.run_tasks`); the result is the same.
    """
    body = [s for s in sentences if not s.is_heading]
    headings_by_doc = [(r.doc_id, r.headings) for r in reports]
    tasks = {  # run in this order, the longest first (see run_tasks)
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
    processes = options.workers or os.cpu_count() or 1
    jieba_lexicon()  # read once, before the fork: slogans and idioms both need it
    terms, (slogans, passages), idioms, templates = run_tasks(list(tasks.values()), processes=processes)
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


def segment(reports: Sequence[Report], *, segmenter: Segmenter, options: RunOptions) -> list[Sentence]:
    """Sentences and tokens of every report: in local processes, or on a Dask cluster when one is asked for.

    ``dask_scheduler="local"`` starts a ``LocalCluster`` of ``workers`` processes for this call; any other
    value is the address of a running scheduler (``tcp://host:8786``).  The result is the same either way.
    """
    if options.dask_scheduler is None:
        return list(
            segment_reports(
                reports,
                segmenter=segmenter,
                workers=options.workers or auto_workers(_distinct_chars(reports)),
                cache_dir=options.cache_dir,
                progress=options.progress,
            )
        )
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ValueError("dask_scheduler needs dask.distributed: pip install 'analysis[dask]'") from exc
    if options.dask_scheduler == "local":
        with (
            LocalCluster(
                n_workers=options.workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            return segment_reports_dask(
                reports, segmenter=segmenter, client=client, cache_dir=options.cache_dir
            )
    with Client(options.dask_scheduler) as client:
        return segment_reports_dask(reports, segmenter=segmenter, client=client, cache_dir=options.cache_dir)


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


def _analyze(
    corpus: Path,
    options: RunOptions,
    on_parsed: Callable[[list[Report], list[IngestProblem]], object] | None = None,
) -> Analysis:
    # the backend check of segmenter.resolve() (≈ 1 s: it builds jieba's tokenizer) runs beside loading
    checking = Background(partial(_resolved, make_segmenter(options)), fork=options.workers != 1)
    reports, problems = load_reports(corpus, workers=options.workers, progress=options.progress)
    logger.info("%d reports parsed from %s (%d problems)", len(reports), corpus, len(problems))
    if on_parsed is not None:
        on_parsed(reports, problems)
    jieba_lexicon()  # the miners need it (≈ 0.5 s): read while the check runs
    segmenter = checking.result()
    sentences = tuple(segment(reports, segmenter=segmenter, options=options))
    fork = options.workers != 1
    # TF-IDF keywords in a child forked now: it imports scikit-learn (≈ 1 s) while the miners run, at low
    # priority, and gets the phrase counts per report when they are known
    keywords, counts = _keywords_task(options, fork=fork)
    try:
        merged = merge_candidates(mine_candidates(reports, sentences, segmenter=segmenter, options=options))
        # the phrases' examples (forked child) beside counting the phrases for keyness and TF-IDF (here)
        examples = Background(partial(find_examples, without_example(merged), sentences), fork=fork)
        keyed = [p.phrase for p in merged if p.kind in KEYED_KINDS]
        section_rows = _count_for_keyness_and_keywords(keyed, sentences, counts)
        phrases = attach_examples(merged, examples.result())
    except BaseException:
        keywords.cancel()  # the child waits for counts that will not come
        raise
    if len(keyed) != sum(p.kind in KEYED_KINDS for p in phrases):  # a phrase without example: not in the bank
        keywords.cancel()
        keywords, counts = _keywords_task(options, fork=False)
        keyed = [p.phrase for p in phrases if p.kind in KEYED_KINDS]
        section_rows = _count_for_keyness_and_keywords(keyed, sentences, counts)
    return Analysis(
        reports=tuple(reports),
        problems=tuple(problems),
        sentences=sentences,
        phrases=tuple(phrases),
        section_phrases=tuple(section_rows),
        statistics=tuple(structure_statistics(reports)),
        keywords=tuple(keywords.result()),
    )


def _keywords_task(options: RunOptions, *, fork: bool) -> tuple[Background, Handoff]:
    """The TF-IDF keywords task, started now (a low-priority forked child where possible), and the handoff
    that gives it the phrase counts per report later."""
    counts = Handoff()
    task = partial(_keywords_when_counted, counts, top_n=options.keywords_per_document)
    return Background(task, fork=fork, handoff=counts, nice=BACKGROUND_NICENESS), counts


def _keywords_when_counted(counts: Handoff, *, top_n: int) -> list[tuple[str, str, float]]:
    """TF-IDF keywords of each report, from the phrase counts per report handed over later (``counts``)."""
    prepare_tfidf()  # the import first: it overlaps the caller's work
    return document_keyword_rows(counts.get(), top_n=top_n)


def _count_for_keyness_and_keywords(
    keyed: Sequence[str], sentences: Sequence[Sentence], counts: Handoff
) -> list[SectionPhrase]:
    """Count ``keyed`` phrases once: the counts per report go to the keywords task, keyness rows come back."""
    occurrences = count_phrase_occurrences(keyed, sentences)
    counts.put(occurrences.by_document)
    return section_phrase_rows(section_keyness_rows(occurrences), sentences)


def write_analysis(
    result: Analysis, out: Path | str, *, xlsx: bool = True, workers: int | None = None
) -> list[Path]:
    """Write every output file of :data:`OUTPUT_FILES` atomically into ``out``.

    The report files are written in a forked child while this process writes the phrase files
    (:class:`analysis.outputs.ReportFiles`; ``workers=1``: all here).
    """
    from .export import staged_output  # pandas: only when writing

    with staged_output(Path(out)) as staging:
        files = ReportFiles(result.reports, result.problems, staging, xlsx=xlsx, fork=workers != 1)
        try:
            files.finish(result)
        except BaseException:
            files.cancel()
            raise
    return [Path(out) / name for name in output_files(xlsx=xlsx)]


def run(
    corpus: Path | str = "corpus", out: Path | str = "outputs", *, options: RunOptions | None = None
) -> Analysis:
    """:func:`analyze` then write every file of :data:`OUTPUT_FILES` into ``out``.

    The report files are written as soon as the reports are parsed, in a forked child, while segmentation
    and mining go on (:class:`analysis.outputs.ReportFiles`); all files are published together at the end,
    so a failure before the end leaves old outputs intact.  ``out`` (and the cache) equal to, inside or
    containing ``corpus`` is refused before anything is written (:func:`analysis.paths.check_run_paths`).
    """
    from .export import staged_output  # pandas: only when writing

    options = options or RunOptions()
    check_run_paths(corpus, out, cache_dir=options.cache_dir)
    parts: list[ReportFiles] = []
    with staged_output(Path(out)) as staging:

        def start_writing(reports: list[Report], problems: list[IngestProblem]) -> None:
            if reports:
                fork = options.workers != 1
                parts.append(ReportFiles(reports, problems, staging, xlsx=options.xlsx, fork=fork))

        try:
            with collector_paused():
                result = _analyze(Path(corpus), options, on_parsed=start_writing)
            if not result.reports:
                raise ValueError(
                    f"no readable report in {corpus}: {len(result.problems)} file(s) could not be read; "
                    "see the warnings"
                )
            parts[0].finish(result)
        except BaseException:
            for part in parts:
                part.cancel()
            raise
    return result
