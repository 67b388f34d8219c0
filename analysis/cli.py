"""Command line: each command parses options, calls the library, writes files or prints a table.

Every command runs :func:`analysis.interrupt.interruptible`: Ctrl-C (SIGINT) and SIGTERM stop it cleanly
(worker processes stopped, nothing published, the staging folder removed) with the message ``interrupted``
and the exit code 130 or 143.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import export, tables
from .executor import SchedulerUnreachable, WorkerLost
from .interrupt import Interrupted, interruptible
from .kwic import concordance, format_line
from .paths import OutputLocationError, check_outside_corpora, make_parent, readable_path
from .pipeline import RunOptions, load_reports, run

logger = logging.getLogger("analysis")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("jieba").setLevel(logging.WARNING)
    warnings.showwarning = _show_warning


def _show_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
    """A library warning (a skipped lexicon line …) as one line, without Python's source-line echo."""
    click.echo(f"WARNING {category.__name__}: {readable_path(str(message))}", err=True)


corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("corpus"),
    show_default=True,
    help="Folder of reports (.txt/.md in any common encoding, .docx, .html; read-only, never modified).",
)


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
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Mine phrase banks and structure statistics from Chinese official reports.

    \b
    Examples:
      python -m analysis run                          # corpus/ → outputs/
      python -m analysis run --corpus ../shared/corpora/gwr_national --out outputs/gwr
      python -m analysis kwic 两个维护 --width 15
      python -m analysis trend 高质量发展 新质生产力 --corpus ../shared/corpora/gwr_national
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
    help="jieba user dictionary ('word freq pos' lines); repeatable. Default: the bundled domain "
    "lexicon. Feed a run's lexicon_mined.txt back here.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for cleaning and segmenting [default: one per ~9 MB of distinct text, at most one per "
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
    help="Cache segmentation here; reruns on the same text skip jieba.",
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
    Writes into --out: documents.csv, sections.csv, phrases.csv, section_phrases.csv,
    structure_stats.csv, enumerations.csv, document_keywords.csv, problems.csv,
    section_frequency.png, phrasebank.xlsx, lexicon_mined.txt.

    \b
    Examples:
      python -m analysis run
      python -m analysis run --corpus ../shared/corpora/gwr_national --out outputs/gwr
      python -m analysis run --lexicon outputs/lexicon_mined.txt --out outputs/second-pass
      python -m analysis run --dask tcp://scheduler:8786 --corpus /data/reports --out outputs/big
    """
    options = RunOptions(
        lexicons=lexicons or None,
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
    for problem in result.problems:
        click.echo(f"{problem.action}: {readable_path(problem.message)}", err=True)
    click.echo(f"outputs written to {out}/")
    click.echo(f"open {Path(out) / 'report.html'} in a browser: the phrase bank, searchable, with examples")


@main.command("kwic", context_settings=CONTEXT)
@click.argument("query")
@corpus_option
@click.option(
    "--width", type=click.IntRange(min=0), default=20, show_default=True, help="Context characters per side."
)
@click.option("--regex", is_flag=True, help="QUERY is a regular expression.")
@click.option(
    "--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Lines to print (0: all)."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write all lines as CSV.",
)
def kwic_command(query: str, corpus: Path, width: int, regex: bool, limit: int, out: Path | None) -> None:
    """Concordance (keyword in context) of QUERY in the cleaned reports.

    \b
    Examples:
      python -m analysis kwic 一岗双责
      python -m analysis kwic "两个(维护|确立)" --regex --width 12 --out outputs/kwic.csv
    """
    try:
        if out is not None:
            check_outside_corpora(out, [corpus], what="--out file")
        reports, _ = load_reports(corpus)
        lines = list(concordance(reports, query, width=width, regex=regex))
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    for line in lines[: limit or None]:
        click.echo(format_line(line, width=width))
    click.echo(f"{len(lines)} hits in {len({line.doc_id for line in lines})} reports", err=True)
    if out is not None:
        _write_file(out, lambda p: export.write_csv(tables.concordance_frame(lines), p))


@main.command("trend", context_settings=CONTEXT)
@click.argument("phrases", nargs=-1, required=True)
@corpus_option
@click.option("--by", default="year", show_default=True, help="metadata.csv column to group by.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the table as CSV."
)
@click.option(
    "--plot", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write a line chart (PNG)."
)
def trend_command(
    phrases: tuple[str, ...], corpus: Path, by: str, out: Path | None, plot: Path | None
) -> None:
    """Occurrences of PHRASES per 10,000 characters, per year (or another metadata column).

    \b
    Example:
      python -m analysis trend 高质量发展 新发展理念 \
        --corpus ../shared/corpora/gwr_national --plot outputs/trend.png
    """
    from .plots import plot_trend, save_figure
    from .trends import phrase_trend

    try:
        for path, what in ((out, "--out file"), (plot, "--plot file")):
            if path is not None:
                check_outside_corpora(path, [corpus], what=what)
        reports, _ = load_reports(corpus)
        points = phrase_trend(reports, list(phrases), by=by)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not points:
        raise click.ClickException(
            f"no report of {corpus} has a value for {by!r} (metadata.csv column or year)"
        )
    frame = tables.trend_frame(points)
    wide = frame.pivot(index="group", columns="phrase", values="per_10k")[list(phrases)]
    click.echo(wide.to_string())
    if out is not None:
        _write_file(out, lambda p: export.write_csv(frame, p))
    if plot is not None:
        years = [int(g) if g.isdigit() else i for i, g in enumerate(wide.index)]
        fig = plot_trend(years, {p: wide[p].tolist() for p in phrases})
        _write_file(plot, lambda p: save_figure(fig, p))


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
    _write_file(out, lambda p: write_lexicon(entries, p), staged=False)
    click.echo(f"{len(entries)} entries written to {out}")


def _write_file(path: Path, write: Callable[[Path], object], *, staged: bool = True) -> None:
    """Write one output file of a command (``staged``: through a staging folder, else ``write`` is atomic
    itself); a path that cannot be written ends the command with a one-line message naming it."""
    try:
        make_parent(path)
        if staged:
            export.write_outputs(path.parent, {path.name: write})
        else:
            write(path)
    except OutputLocationError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise click.ClickException(
            f"cannot write {readable_path(path)} ({reason}); choose another path"
        ) from exc


if __name__ == "__main__":  # pragma: no cover
    main()
