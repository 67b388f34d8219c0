"""Command line: each command parses options, calls the library, writes files or prints a table.

Every command runs :func:`analysis.interrupt.interruptible`: Ctrl-C (SIGINT) and SIGTERM stop it cleanly
(worker processes stopped, nothing published, the staging folder removed) with the message ``interrupted``
and the exit code 130 or 143.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .cli_common import CONTEXT, corpus_option, write_file
from .cli_explore import EXPLORE_COMMANDS
from .executor import SchedulerUnreachable, WorkerLost
from .interrupt import Interrupted, interruptible
from .lexicon import default_lexicon_path
from .paths import check_outside_corpora, readable_path
from .pipeline import RunOptions, run

logger = logging.getLogger("analysis")


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    before = list(logging.getLogger().handlers)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # problems of corpus files: listed once, at the end of a run
        if handler not in before:  # (only the console handler made here, not an embedding program's)
            handler.addFilter(_not_a_corpus_problem)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    warnings.showwarning = _show_warning


def _not_a_corpus_problem(record: logging.LogRecord) -> bool:
    return not getattr(record, "corpus_problem", False)


def _show_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
    """A library warning (a skipped lexicon line …) as one line, without Python's source-line echo."""
    click.echo(f"WARNING {category.__name__}: {readable_path(str(message))}", err=True)


class _Commands(click.Group):
    """The command group, run with SIGINT and SIGTERM turned into :class:`Interrupted`."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with interruptible():
            try:
                return super().main(*args, **kwargs)
            except (Interrupted, KeyboardInterrupt) as exc:
                click.echo("interrupted", err=True)
                sys.exit(exc.exit_code if isinstance(exc, Interrupted) else 130)


class SchedulerError(click.ClickException):
    """``--dask ADDRESS`` unreachable: a usage problem (exit code 2), not a failed run."""

    exit_code = 2


@click.group(cls=_Commands, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", package_name="report-miner", prog_name="report-miner")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Mine phrase banks and structure statistics from Chinese official reports.

    \b
    Examples:
      python -m analysis run                          # corpus/ → outputs/
      python -m analysis run --corpus ../shared/corpora/gwr_national --out outputs/gwr
      python -m analysis kwic 两个维护 --width 15
      python -m analysis trend 高质量发展 --where kind=report --corpus ../shared/corpora/gwr_national
      python -m analysis compare --corpus ../shared/corpora/gwr_national --by year --target 2018-2025
      python -m analysis collocations 改革 --corpus ../shared/corpora/gwr_national
    """
    _setup_logging(verbose)


@main.command("run", context_settings=CONTEXT)
@corpus_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Folder for the outputs (replaced file by file only when the whole run succeeded).",
)
@click.option(
    "--lexicon",
    "lexicons",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="jieba user dictionary ('word freq pos' lines) added to the bundled domain lexicon; repeatable. "
    "Feed a run's lexicon_mined.txt back here.",
)
@click.option(
    "--no-default-lexicon",
    is_flag=True,
    help="Leave the bundled domain lexicon out: only the --lexicon files (none: jieba's own dictionary).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for cleaning and segmenting [default: one per ~3 MB of distinct text, at most one per "
    "core] (1: everything in this process); terms and idioms are mined in a worker beside this process's "
    "other miners; writing runs here.",
)
@click.option(
    "--backend",
    type=click.Choice(["auto", "jieba", "rjieba"]),
    default="auto",
    show_default=True,
    help="Segmenter: rjieba (Rust) is used by auto only where it gives jieba's tokens.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Cache segmentation here; reruns on the same text skip jieba.  [default: no token cache; the "
    "segmenter's backend choice is kept in ~/.cache/report-miner, or $REPORT_MINER_CACHE (empty: nowhere)]",
)
@click.option(
    "--min-freq",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Least occurrences of a term.",
)
@click.option(
    "--min-doc-freq",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Least reports a term or passage occurs in.",
)
@click.option(
    "--top-n", type=click.IntRange(min=1), default=300, show_default=True, help="Most phrases per kind."
)
@click.option("--no-xlsx", is_flag=True, help="Skip phrasebank.xlsx.")
@click.option(
    "--dask",
    "dask_scheduler",
    default=None,
    metavar="ADDRESS",
    help="Clean, parse and segment on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'.",
)
@click.option(
    "--wait",
    is_flag=True,
    help="If another run is writing into --out, wait for it to finish [default: refuse at once].",
)
@click.option("--progress/--no-progress", default=None, help="Progress bars [default: when on a terminal].")
def run_command(
    corpus: Path,
    out: Path,
    lexicons: tuple[Path, ...],
    no_default_lexicon: bool,
    workers: int | None,
    backend: str,
    cache_dir: Path | None,
    min_freq: int,
    min_doc_freq: int,
    top_n: int,
    no_xlsx: bool,
    dask_scheduler: str | None,
    wait: bool,
    progress: bool | None,
) -> None:
    """Analyse a corpus and write the phrase bank, structure tables and chart.

    \b
    Writes into --out: report.html (open it in a browser: the phrase bank to search and filter, with
    examples and concordance lines), phrasebank.xlsx, documents.csv, sections.csv, phrases.csv,
    section_phrases.csv, section_frames.csv, structure_stats.csv, enumerations.csv, document_keywords.csv,
    problems.csv, boilerplate.csv, section_frequency.png, lexicon_mined.txt, texts/ (cleaned texts).

    \b
    Examples:
      python -m analysis run
      python -m analysis run --corpus ../shared/corpora/gwr_national --out outputs/gwr
      python -m analysis run --lexicon outputs/lexicon_mined.txt --out outputs/second-pass
      python -m analysis run --dask tcp://scheduler:8786 --corpus /data/reports --out outputs/big
    """
    if str(out) == "-":
        raise click.BadParameter(
            "run writes a folder of files, not a stream; give a folder", param_hint="--out"
        )
    options = RunOptions(
        lexicons=lexicons if no_default_lexicon else (default_lexicon_path(), *lexicons),
        backend=backend,
        workers=workers,
        cache_dir=cache_dir,
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        top_n=top_n,
        progress=sys.stderr.isatty() if progress is None else progress,
        xlsx=not no_xlsx,
        dask_scheduler=dask_scheduler,
        wait=wait,
    )
    try:
        result = run(corpus, out, options=options)
    except SchedulerUnreachable as exc:
        raise SchedulerError(str(exc)) from exc
    except WorkerLost as exc:
        raise click.ClickException(str(exc)) from exc
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(
            f"cannot write outputs to {out}: {exc}; choose another --out folder"
        ) from exc
    kinds = Counter(p.kind for p in result.phrases)
    n_headings = sum(len(r.headings) for r in result.reports)
    click.echo(f"{len(result.reports)} reports, {n_headings} headings, {len(result.sentences)} sentences")
    click.echo("phrases: " + ", ".join(f"{kind} {kinds[kind]}" for kind in sorted(kinds)))
    for problem in result.problems:  # (left out of the log above: each file is named once)
        click.echo(f"{problem.action}: {readable_path(problem.message)}", err=True)
    click.echo(f"outputs written to {out}/")
    click.echo(f"open {Path(out) / 'report.html'} in a browser: the phrase bank, searchable, with examples")


@main.command("lexicon", context_settings=CONTEXT)
@click.option(
    "--corpus",
    "corpora",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    default=(Path("corpus"),),
    show_default=True,
    help="Folder of reports; repeatable (phrases are merged).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the jieba user dictionary.",
)
@click.option(
    "--bare", is_flag=True, help="Mine with jieba's own dictionary only (how the bundled lexicon is made)."
)
@click.option(
    "--top-n", type=click.IntRange(min=1), default=300, show_default=True, help="Most phrases per kind."
)
def lexicon_command(corpora: tuple[Path, ...], out: Path, bare: bool, top_n: int) -> None:
    """Mine slogans, terms and idioms and write them as a jieba user dictionary.

    \b
    Feed the result back with `run --lexicon FILE`, so segmentation keeps mined phrases whole.
    Examples:
      python -m analysis lexicon --corpus ../shared/corpora/gwr_national --out outputs/gwr_lexicon.txt
      python -m analysis lexicon --bare --corpus corpus --corpus ../shared/corpora/gwr_national \\
        --out analysis/data/lexicon.txt          # regenerate the bundled lexicon
    """
    from .pipeline import analyze
    from .segment import lexicon_from_phrases, write_lexicon

    options = RunOptions(top_n=top_n, lexicons=() if bare else None, xlsx=False)
    phrases = []
    try:
        check_outside_corpora(out, corpora, what="--out file")
        for corpus in corpora:
            phrases += analyze(corpus, options=options).phrases
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    entries = sorted(lexicon_from_phrases(phrases), key=lambda e: e.word)
    write_file(out, lambda p: write_lexicon(entries, p), staged=False)
    click.echo(f"{len(entries)} entries written to {out}")


for _command in EXPLORE_COMMANDS:
    main.add_command(_command)


def program(prog_name: str = "report-miner") -> None:
    """The command line as a program (the console script, ``python -m analysis``): a command that ended
    with an exit code (done, failed with a message, interrupted) ends the process at once, its output
    flushed, without the interpreter's teardown — freeing every object of a large run (millions of
    sentences) one by one took ≈ 0.5 s per 30 MB of reports, after the outputs were written.  An interrupted
    run exits from inside the handler of its exit: its records are still held by the interruption's
    traceback (the frames it unwound), and letting the exception go freed them first (≈ 0.4 s at 100 MB of
    distinct text, of the 2 s a Ctrl-C may take).  An uncaught exception (a bug) ends as usual, with its
    traceback.  (Tests call :func:`main` itself.)

    What the teardown would have run at exit still runs (``atexit``'s functions: logging's shutdown and
    multiprocessing's finalizers, which unlink the worker pool's semaphores — skipped, the resource tracker
    warned of "leaked semaphore objects" after every run with workers): a few milliseconds."""
    try:
        main(prog_name=prog_name)
    except SystemExit as end:
        if not isinstance(end.code, int | None):
            raise
        _exit_now(end.code or 0)
    _exit_now(0)


def _exit_now(code: int) -> NoReturn:
    """End the process with ``code`` after ``atexit``'s functions, output flushed (see :func:`program`)."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    program()
