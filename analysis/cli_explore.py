"""Commands that explore a corpus without writing a run's outputs: concordance, trends, keyness between
subcorpora, collocations (registered on the command group by :mod:`analysis.cli`)."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import (
    CONTEXT,
    corpus_option,
    is_stdout,
    table_format_option,
    table_out_option,
    write_file,
    write_table,
)
from .kwic import concordance, format_line
from .paths import check_outside_corpora
from .pipeline import RunOptions, load_reports


@click.command("kwic", context_settings=CONTEXT)
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
    from . import tables  # (pandas: imported by the commands that make a table)

    try:
        if out is not None and not is_stdout(out):
            check_outside_corpora(out, [corpus], what="--out file")
        reports, _ = load_reports(corpus)
        lines = list(concordance(reports, query, width=width, regex=regex))
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if out is None or not is_stdout(out):  # `--out -`: the table alone goes to stdout
        for line in lines[: limit or None]:
            click.echo(format_line(line, width=width))
    click.echo(f"{len(lines)} hits in {len({line.doc_id for line in lines})} reports", err=True)
    if out is not None:
        write_table(tables.concordance_frame(lines), out, table_format)


@click.command("trend", context_settings=CONTEXT)
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
    from . import export, tables
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
        write_file(out, lambda p: export.write_csv(frame, p))
        click.echo(f"table written to {out}", err=True)
    if plot is not None:
        series = trend_series(points)
        fig = plot_trend(series.groups, series.per_10k, documents=series.documents)
        write_file(plot, lambda p: save_figure(fig, p))
        click.echo(f"chart written to {plot}", err=True)


@click.command("compare", context_settings=CONTEXT)
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
    from . import tables
    from .pipeline import analyze
    from .subcorpora import compare

    try:
        if out is not None and not is_stdout(out):
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
    if top and not (out is not None and is_stdout(out)):
        for title in ("target", "reference"):
            part = frame[frame.side == title]
            click.echo(f"over-used in the {title} ({len(part)} rows):")
            click.echo(part.head(top).to_string(index=False) if len(part) else "  (none)")
    click.echo(f"{len(rows)} significant rows" if not keep_all else f"{len(rows)} rows", err=True)
    if out is not None:
        write_table(frame, out, table_format)


@click.command("collocations", context_settings=CONTEXT)
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
    from . import tables
    from .pipeline import make_segmenter, segment
    from .subcorpora import collocations

    try:
        if out is not None and not is_stdout(out):
            check_outside_corpora(out, [corpus], what="--out file")
        options = RunOptions(xlsx=False)
        reports, _ = load_reports(corpus)
        sentences = segment(reports, segmenter=make_segmenter(options), options=options)
        rows = collocations(sentences, word, window=window, min_freq=min_freq, measure=measure)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    frame = tables.collocations_frame(rows)
    if out is None or not is_stdout(out):
        shown = frame.head(top or None).to_string(index=False) if len(frame) else f"no collocate of {word!r}"
        click.echo(shown)
    click.echo(f"{len(rows)} collocates of {word}", err=True)
    if out is not None:
        write_table(frame, out, table_format)


#: The commands of this module, in the order ``--help`` lists them after ``run``.
EXPLORE_COMMANDS = (kwic_command, trend_command, compare_command, collocations_command)
