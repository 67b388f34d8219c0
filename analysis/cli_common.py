"""What the commands share: the context settings, the options of corpus and tables, and writing a table or
a file (to stdout for ``-``; otherwise staged and published atomically, a failure named in one line)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .paths import OutputLocationError, make_parent, readable_path

if TYPE_CHECKING:
    import pandas as pd

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

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


def is_stdout(path: Path) -> bool:
    return str(path) == "-"


def write_table(frame: pd.DataFrame, out: Path, table_format: str) -> None:
    """A command's table: to stdout for ``-`` (CSV without BOM, or JSON records), else to the file ``out``
    (CSV as UTF-8 with BOM, or JSON; written atomically)."""
    from . import export  # (pandas: imported by the commands that write a table, not by the command line)

    if is_stdout(out):
        text = (
            frame.to_json(orient="records", force_ascii=False)
            if table_format == "json"
            else frame.to_csv(index=False)
        )
        click.echo(text.rstrip("\n"))
    elif table_format == "json":
        write_file(out, lambda p: p.write_text(frame.to_json(orient="records", force_ascii=False), "utf-8"))
    else:
        write_file(out, lambda p: export.write_csv(frame, p))


def write_file(path: Path, write: Callable[[Path], object], *, staged: bool = True) -> None:
    """Write one output file of a command (``staged``: through a staging folder, else ``write`` is atomic
    itself); a path that cannot be written ends the command with a one-line message naming it."""
    from . import export

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
