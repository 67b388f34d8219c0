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
    """Write each frame as one sheet (sheet names cut to Excel's 31 characters), header row in bold."""
    book = Workbook(path, list(sheets))
    for name, frame in sheets.items():
        book.fill(name, frame)
    book.close()
    return path


class Workbook:
    """An ``.xlsx`` file whose sheets are created now, in order, and filled in any order before :meth:`close`.

    Cells are written by column type (:class:`analysis.xlsx.XlsxFile`): text as inline text (never read as
    a formula, and neutralised by :func:`safe_frame`), numbers as numbers, booleans as booleans, empty or
    NaN cells blank; the header row in bold and frozen.  The bytes depend only on the frames and the order
    they are filled in, so a rerun writes the same file.
    """

    def __init__(self, path: Path, sheet_names: Sequence[str]) -> None:
        from .xlsx import XlsxFile

        self._file = XlsxFile(path, sheet_names)

    def fill(self, name: str, frame: pd.DataFrame) -> None:
        safe = safe_frame(frame)
        kinds = [_cell_kind(safe[column]) for column in safe.columns]
        header = [str(column) for column in safe.columns]
        self._file.fill(name, header, kinds, safe.itertuples(index=False, name=None))

    def close(self) -> None:
        self._file.close()


def _cell_kind(series: pd.Series) -> str:
    """How the cells of ``series`` are written: ``"bool"``, ``"number"`` or ``"text"``."""
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "text"


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
