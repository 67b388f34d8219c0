"""Writing tables safely: UTF-8 with BOM, no spreadsheet formulas, atomic replacement.

* CSV is written as UTF-8 with a byte-order mark (``utf-8-sig``) so that Excel and WPS detect the encoding.
* A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by
  spreadsheets (CSV/formula injection, OWASP).  Such text cells get a leading apostrophe, which spreadsheets
  display as a plain-text marker.
* Every file of a run is first written into a staging directory inside the output directory and moved into
  place with :func:`os.replace` only after all of them were written, so a run that fails half-way leaves the
  previous outputs as they were (:mod:`analysis.publish`; ``staged_output`` is re-exported here).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from .publish import staged_output as staged_output

logger = logging.getLogger(__name__)

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
CSV_ENCODING = "utf-8-sig"


def neutralize_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would evaluate (``=1+1``, ``-x``, ``@SUM``) with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are neutralised and whose numbers are never negative text.

    Negative numbers would start with ``-``; the phrase bank's numbers are counts and non-negative scores,
    so a negative value is a bug upstream and raises instead of being hidden.
    """
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            if (series < 0).any():
                raise ValueError(f"column {column!r} holds negative numbers; outputs must not start with '-'")
            continue
        out[column] = series.map(neutralize_formula)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as UTF-8-with-BOM CSV, byte-identical for identical frames."""
    safe_frame(frame).to_csv(
        path, index=False, encoding=CSV_ENCODING, lineterminator="\n", float_format="%.6g"
    )
    return path


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Write each frame as one sheet after the guide sheet (:class:`Workbook`)."""
    book = Workbook(path, list(sheets))
    for name, frame in sheets.items():
        book.fill(name, frame)
    book.close()
    return path


class Workbook:
    """An ``.xlsx`` file for reading: the guide sheet (说明) first, then one sheet per table, created now in
    the order of ``tables`` and filled in any order before :meth:`close`.

    A table's sheet has a Chinese name (:func:`analysis.sheet_guide.sheet_label`), Chinese headers and
    section types, phrase kinds and a few other values in Chinese (:mod:`analysis.labels`), booleans as
    是/否; text neutralised (:func:`safe_frame`) and always written as text; the layout of
    :class:`analysis.xlsx.XlsxBook` (widths, wrap, filter, frozen header, three decimals).  The guide lists
    every sheet and every column actually written.  The bytes depend only on the frames and the order they
    are filled in, so a rerun writes the same file.
    """

    def __init__(self, path: Path, tables: Sequence[str]) -> None:
        from .sheet_guide import GUIDE_SHEET, sheet_label
        from .xlsx import XlsxBook

        self._tables = list(tables)
        self._columns: dict[str, list[str]] = {}
        self._book = XlsxBook(path, [GUIDE_SHEET, *(sheet_label(t) for t in self._tables)])

    def fill(self, table: str, frame: pd.DataFrame) -> None:
        from .labels import column_label
        from .sheet_guide import sheet_label
        from .xlsx import fit_column

        shown = display_frame(safe_frame(frame))
        header = [column_label(str(column)) for column in shown.columns]
        values = [shown[column].tolist() for column in shown.columns]  # (Python scalars, as itertuples gives)
        layout = [
            fit_column(_cell_kind(shown[column]), title, cells)
            for column, title, cells in zip(shown.columns, header, values, strict=True)
        ]
        self._book.table(sheet_label(table), header, layout, zip(*values, strict=True))
        self._columns[table] = [str(column) for column in frame.columns]

    def close(self) -> None:
        """Write the guide (its table fitted like the others) and the file."""
        from .sheet_guide import GUIDE_HEADER, GUIDE_SHEET, INTRO, guide_rows
        from .xlsx import TEXT, fit_column

        rows = guide_rows([(t, self._columns.get(t, [])) for t in self._tables])
        columns = list(zip(*rows, strict=True)) or [()] * len(GUIDE_HEADER)
        layout = [fit_column(TEXT, title, cells) for title, cells in zip(GUIDE_HEADER, columns, strict=True)]
        self._book.notes(GUIDE_SHEET, INTRO, GUIDE_HEADER, layout, rows)
        self._book.close()


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as a reader sees it: booleans as 是/否, and in the columns of
    :data:`analysis.labels.VALUE_LABELS` each value by its Chinese name (a column of
    :data:`~analysis.labels.WHOLE_COLUMN_ONLY` only when every value has one)."""
    from .labels import NO, VALUE_LABELS, WHOLE_COLUMN_ONLY, YES, value_label

    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_bool_dtype(series):
            out[column] = series.map({True: YES, False: NO}).astype(object)
            continue
        if column not in VALUE_LABELS or pd.api.types.is_numeric_dtype(series):
            continue
        values = [v for v in series.dropna().unique() if isinstance(v, str)]
        if column in WHOLE_COLUMN_ONLY and not all(v in VALUE_LABELS[column] for v in values):
            continue
        names = {v: value_label(str(column), v) for v in values}
        out[column] = series.map(lambda v, names=names: names.get(v, v) if isinstance(v, str) else v)
    return out


def _cell_kind(series: pd.Series) -> str:
    """How the cells of ``series`` are written: numbers as numbers, anything else as text."""
    from .xlsx import NUMBER, TEXT

    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    return NUMBER if numeric else TEXT


def write_outputs(out_dir: Path, writers: Mapping[str, Callable[[Path], object]]) -> list[Path]:
    """Call ``writers[name](staging / name)`` for every output, then publish them all together.

    The folder is not marked as a run's output folder (a KWIC table may go anywhere); nothing is published
    unless every writer succeeded (:func:`analysis.publish.staged_output`).
    """
    with staged_output(out_dir, mark=False) as staging:
        for name, write in writers.items():
            write(staging / name)
        logger.debug("staged %s", ", ".join(writers))
    return [out_dir / name for name in writers]
