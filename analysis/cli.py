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
import pandas as pd

from . import __version__, export, tables
from .executor import SchedulerUnreachable, WorkerLost
from .interrupt import Interrupted, interruptible
from .kwic import concordance, format_line
from .lexicon import default_lexicon_path
from .paths import OutputLocationError, check_outside_corpora, make_parent, readable_path
from .pipeline import RunOptions, load_reports, run

logger = logging.getLogger("analysis")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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


corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("corpus"),
    show_default=True,
    help="Folder of reports (.txt/.md in any common encoding, .docx, .html; read-only, never modified).",
)


table_out_option = click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Also write the whole table to this file; '-' writes it alone to stdout.",
)
table_format_option = click.option(
    "--format",
    "table_format",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Format of the --out table (CSV: UTF-8 with BOM in a file; JSON: a list of records).",
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
    Writes into --out: documents.csv, sections.csv, phrases.csv, section_phrases.csv, section_frames.csv,
    structure_stats.csv, enumerations.csv, document_keywords.csv, problems.csv,
    section_frequency.png, phrasebank.xlsx, lexicon_mined.txt.

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
@table_out_option
@table_format_option
def kwic_command(
    query: str, corpus: Path, width: int, regex: bool, limit: int, out: Path | None, table_format: str
) -> None:
    """Concordance (keyword in context) of QUERY in the cleaned reports.

    \b
    Examples:
      python -m analysis kwic 一岗双责
      python -m analysis kwic "两个(维护|确立)" --regex --width 12 --out outputs/kwic.csv
      python -m analysis kwic 新发展理念 --out - --format json | jq '.[0]'
    """
    try:
        if out is not None and not _is_stdout(out):
            check_outside_corpora(out, [corpus], what="--out file")
        reports, _ = load_reports(corpus)
        lines = list(concordance(reports, query, width=width, regex=regex))
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if out is None or not _is_stdout(out):  # `--out -`: the table alone goes to stdout
        for line in lines[: limit or None]:
            click.echo(format_line(line, width=width))
    click.echo(f"{len(lines)} hits in {len({line.doc_id for line in lines})} reports", err=True)
    if out is not None:
        write_table(tables.concordance_frame(lines), out, table_format)


@main.command("trend", context_settings=CONTEXT)
@click.argument("phrases", nargs=-1, required=True)
@corpus_option
@click.option("--by", default="year", show_default=True, help="metadata.csv column to group by.")
@click.option(
    "--where",
    "conditions",
    multiple=True,
    metavar="COLUMN=VALUE",
    help="Keep only reports whose metadata.csv COLUMN is VALUE (e.g. kind=report); repeatable: values of "
    "one column are alternatives, different columns must all hold.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the table as CSV."
)
@click.option(
    "--plot", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write a line chart (PNG)."
)
def trend_command(
    phrases: tuple[str, ...],
    corpus: Path,
    by: str,
    conditions: tuple[str, ...],
    out: Path | None,
    plot: Path | None,
) -> None:
    """Occurrences of PHRASES per 10,000 characters, per year (or another metadata column).

    \b
    The table gives the documents of each group; groups resting on under a tenth of the median group's
    characters are named in a warning (their rates mean little). The chart breaks its lines over years
    without data and shows the documents per year as grey bars.
    Example:
      python -m analysis trend 高质量发展 新发展理念 --where kind=report \\
        --corpus ../shared/corpora/gwr_national --plot outputs/trend.png
    """
    from .plots import plot_trend, save_figure
    from .trends import parse_where, phrase_trend, select_reports, thin_groups, trend_series

    try:
        where = parse_where(conditions)
        for path, what in ((out, "--out file"), (plot, "--plot file")):
            if path is not None:
                check_outside_corpora(path, [corpus], what=what)
        reports, _ = load_reports(corpus)
        points = phrase_trend(select_reports(reports, where), list(phrases), by=by)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not points:
        raise click.ClickException(
            f"no report of {corpus} has a value for {by!r} (metadata.csv column or year)"
            + (" among those --where selects" if where else "")
        )
    frame = tables.trend_frame(points)
    wide = frame.pivot(index="group", columns="phrase", values="per_10k")[list(phrases)]
    documents = frame.drop_duplicates("group").set_index("group").documents
    click.echo(wide.assign(documents=documents).to_string())
    for point in thin_groups(points):
        click.echo(
            f"warning: {by} {point.group} holds only {point.chars} characters in {point.documents} "
            f"document(s); its rates rest on little text (restrict with --where, e.g. kind=report)",
            err=True,
        )
    if out is not None:
        _write_file(out, lambda p: export.write_csv(frame, p))
        click.echo(f"table written to {out}", err=True)
    if plot is not None:
        series = trend_series(points)
        fig = plot_trend(series.groups, series.per_10k, documents=series.documents)
        _write_file(plot, lambda p: save_figure(fig, p))
        click.echo(f"chart written to {plot}", err=True)


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


@main.command("compare", context_settings=CONTEXT)
@corpus_option
@click.option(
    "--by",
    required=True,
    help="What splits the corpus: a metadata.csv column (year, kind …), folder, or section_type.",
)
@click.option(
    "--target",
    required=True,
    help="Target value(s): one value, a list a,b,c, or an inclusive range of numbers 2018-2025.",
)
@click.option("--reference", default=None, help="Reference value(s), same forms [default: all the rest].")
@click.option(
    "--units",
    type=click.Choice(["phrases", "words", "both"]),
    default="phrases",
    show_default=True,
    help="Compare the phrase bank's slogans, terms and idioms, the words (jieba tokens), or both.",
)
@click.option(
    "--min-freq",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Least uses on the over-using side.",
)
@click.option(
    "--min-docs", type=click.IntRange(min=1), default=2, show_default=True, help="Least reports on that side."
)
@click.option(
    "--alpha",
    type=click.FloatRange(0, 1),
    default=0.05,
    show_default=True,
    help="False discovery rate (Benjamini–Hochberg).",
)
@click.option("--all", "keep_all", is_flag=True, help="Keep rows that are not significant too.")
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Rows to print per side (0: none).",
)
@table_out_option
@table_format_option
def compare_command(
    corpus: Path,
    by: str,
    target: str,
    reference: str | None,
    units: str,
    min_freq: int,
    min_docs: int,
    alpha: float,
    keep_all: bool,
    top: int,
    out: Path | None,
    table_format: str,
) -> None:
    """Keyness of a target subcorpus against a reference: G², p-value, Log Ratio, uses on each side.

    \b
    Rows over-used in the target come first (side = target), then those over-used in the reference; G² and
    Log Ratio are the over-using side's; only rows significant at a false discovery rate of --alpha
    (Benjamini–Hochberg), in --min-docs reports or more of that side.
    Examples:
      python -m analysis compare --corpus ../shared/corpora/gwr_national --by year \\
        --target 2018-2025 --reference 2013-2017 --out outputs/recent_vs_2013.csv
      python -m analysis compare --corpus corpus --by section_type --target problems --units both
      python -m analysis compare --corpus /data/reports --by folder --target 2026_provinces
    """
    from .pipeline import analyze
    from .subcorpora import compare

    try:
        if out is not None and not _is_stdout(out):
            check_outside_corpora(out, [corpus], what="--out file")
        result = analyze(corpus, options=RunOptions(xlsx=False))
        rows = compare(
            result.reports,
            result.sentences,
            by=by,
            target=target,
            reference=reference,
            phrases=result.phrases if units != "words" else (),
            words=units != "phrases",
            min_freq=min_freq,
            min_docs=min_docs,
            alpha=alpha,
            significant_only=not keep_all,
        )
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    frame = tables.compare_frame(rows)
    if top and not (out is not None and _is_stdout(out)):
        for title in ("target", "reference"):
            part = frame[frame.side == title]
            click.echo(f"over-used in the {title} ({len(part)} rows):")
            click.echo(part.head(top).to_string(index=False) if len(part) else "  (none)")
    click.echo(f"{len(rows)} significant rows" if not keep_all else f"{len(rows)} rows", err=True)
    if out is not None:
        write_table(frame, out, table_format)


@main.command("collocations", context_settings=CONTEXT)
@click.argument("word")
@corpus_option
@click.option(
    "--window", type=click.IntRange(min=1), default=5, show_default=True, help="Words on each side."
)
@click.option(
    "--min-freq", type=click.IntRange(min=1), default=3, show_default=True, help="Least co-occurrences."
)
@click.option(
    "--measure",
    type=click.Choice(["mi", "ll"]),
    default="mi",
    show_default=True,
    help="Sort by mutual information (mi) or log-likelihood (ll).",
)
@click.option(
    "--top", type=click.IntRange(min=0), default=30, show_default=True, help="Rows to print (0: all)."
)
@table_out_option
@table_format_option
def collocations_command(
    word: str,
    corpus: Path,
    window: int,
    min_freq: int,
    measure: str,
    top: int,
    out: Path | None,
    table_format: str,
) -> None:
    """Words that occur near WORD (within --window words, in one sentence): MI, log-likelihood, freq.

    \b
    Examples:
      python -m analysis collocations 改革 --corpus ../shared/corpora/gwr_national
      python -m analysis collocations 主体责任 --window 3 --min-freq 2 --measure ll --out outputs/colloc.csv
    """
    from .pipeline import make_segmenter, segment
    from .subcorpora import collocations

    try:
        if out is not None and not _is_stdout(out):
            check_outside_corpora(out, [corpus], what="--out file")
        options = RunOptions(xlsx=False)
        reports, _ = load_reports(corpus)
        sentences = segment(reports, segmenter=make_segmenter(options), options=options)
        rows = collocations(sentences, word, window=window, min_freq=min_freq, measure=measure)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    frame = tables.collocations_frame(rows)
    if out is None or not _is_stdout(out):
        shown = frame.head(top or None).to_string(index=False) if len(frame) else f"no collocate of {word!r}"
        click.echo(shown)
    click.echo(f"{len(rows)} collocates of {word}", err=True)
    if out is not None:
        write_table(frame, out, table_format)


def _is_stdout(path: Path) -> bool:
    return str(path) == "-"


def write_table(frame: pd.DataFrame, out: Path, table_format: str) -> None:
    """A command's table: to stdout for ``-`` (CSV without BOM, or JSON records), else to the file ``out``
    (CSV as UTF-8 with BOM, or JSON; written atomically)."""
    if _is_stdout(out):
        text = (
            frame.to_json(orient="records", force_ascii=False)
            if table_format == "json"
            else frame.to_csv(index=False)
        )
        click.echo(text.rstrip("\n"))
    elif table_format == "json":
        _write_file(out, lambda p: p.write_text(frame.to_json(orient="records", force_ascii=False), "utf-8"))
    else:
        _write_file(out, lambda p: export.write_csv(frame, p))


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
