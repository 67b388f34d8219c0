"""The workbook file: tables written with XlsxWriter in constant-memory mode, laid out to be read.

XlsxWriter (a well-kept library that writes Office Open XML, ECMA-376) streams each sheet's rows to a
temporary file in constant-memory mode, so memory stays flat whatever the table size; its cost on the
distinct-text benchmark is in benchmarks/README.md ("The workbook writer").

Layout of a table sheet (:meth:`XlsxBook.table`):

* the header row bold and frozen, an autofilter over the whole table;
* each column as wide as its widest cell, header included, in display width (:func:`display_width`: a CJK
  character counts 2) plus 2, at most :data:`MAX_WIDTH`; a text column whose widest cell is wider than that
  wraps its text, and a row whose wrapped text takes several lines is given their height
  (:func:`row_height`);
* printed one page wide, landscape, the header row on every page;
* the cells of a row that wrapped text makes taller aligned to the top (it reads from its first line);
* numbers with a fraction shown with three decimals (format ``0.000``; the cell keeps the full value), or
  as ``1.23E-45`` when too small for three decimals (p-values); whole numbers as they are.

Rules kept here:

* a text cell is always written as a string (``write_string``): never a formula, URL or number, whatever
  it starts with (text is also neutralised upstream, see :mod:`analysis.export`);  XlsxWriter writes
  control characters as the format's escape ``_xHHHH_`` and escapes a literal ``_xHHHH_``;
* in constant-memory mode XlsxWriter writes a string that starts with ``<r>`` and ends with ``</r>`` as
  raw rich-text XML; such a text is given as a rich string of three plain fragments, which XlsxWriter escapes
  like any other text, so no cell content ever becomes markup;
* text longer than a cell holds (:data:`MAX_CELL_CHARS`) is cut, with :data:`CUT_MARKER` at its end and a
  warning naming the sheet, row and column;
* the workbook's creation date is fixed (:data:`CREATED`) and XlsxWriter dates every zip entry 1980, so
  the same tables give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter

logger = logging.getLogger(__name__)

#: Excel's limit on the characters (UTF-16 code units) of one cell.
MAX_CELL_CHARS = 32_767
#: Excel's limit on the characters of a sheet name.
MAX_SHEET_NAME = 31
#: Widest column, in Excel's width units (about one Latin digit each).
MAX_WIDTH = 60
#: Narrowest column.
MIN_WIDTH = 6
#: Added to the widest cell: the filter button and a margin.
WIDTH_PADDING = 2
#: What ends a cut text: ``{n}`` is the length of the whole text, ``{note}`` says where it is.
CUT_MARKER = "……［已截断：全文 {n:,} 字{note}］"
#: The workbook's creation date in its properties (fixed, so reruns give the same bytes).
CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
#: Height of a line of wrapped text, in points (Excel's default row is 15 for an 11-point font; CJK glyphs
#: need a little more).
LINE_HEIGHT = 18
#: Excel's highest row, in points.
MAX_ROW_HEIGHT = 409
#: Number format of numbers with a fraction (three decimals shown, the full value kept).
DECIMALS_FORMAT = "0.000"
#: Number format of the fractions of a column holding numbers too small for three decimals (p-values).
SCIENTIFIC_FORMAT = "0.00E+00"
SCIENTIFIC_WIDTH = len("1.23E-45")
#: Smallest number shown with three decimals (a smaller one but zero would read 0.000).
SMALL = 0.0005
#: A text at most this long fits a cell whatever it holds (a character is two UTF-16 units at most).
SHORT_TEXT = MAX_CELL_CHARS // 2

#: Column kinds.
TEXT, NUMBER = "text", "number"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: 1 per ASCII character, 2 per CJK character.

    Formula: ``len(text) + (utf8_bytes - len(text)) // 2`` — a 1-byte character counts 1, a 3-byte one
    (CJK, full-width punctuation) 2, a 2-byte one (Latin letters with accents, Cyrillic) 1.5 rounded down
    over the text.  Exact for the texts of these corpora and a C-speed count, where looking up every
    character's East Asian Width would cost a Python call per character.
    """
    n = len(text)
    return n + (len(text.encode("utf-8", "surrogatepass")) - n) // 2


@dataclass(frozen=True, slots=True)
class Column:
    """How one column is written: ``kind`` (:data:`TEXT` or :data:`NUMBER`), ``width``, ``wrap``, and for
    numbers whether some are shown in :data:`SCIENTIFIC_FORMAT` (``small``)."""

    kind: str
    width: float
    wrap: bool = False
    small: bool = False


def fit_column(kind: str, header: str, values: Sequence[Any]) -> Column:
    """The layout of a column holding ``values`` under ``header``: the widest cell's display width plus
    :data:`WIDTH_PADDING`, between :data:`MIN_WIDTH` and :data:`MAX_WIDTH`; a text column wider than that
    wraps.  Numbers are measured as their text with three decimals at most."""
    small = kind == NUMBER and _has_small(values)
    if kind == NUMBER:
        cells = max(_widest_number(values), SCIENTIFIC_WIDTH if small else 0)
    else:
        cells = _widest_text(values)
    width = max(display_width(header), cells) + WIDTH_PADDING
    wrap = kind == TEXT and width > MAX_WIDTH
    return Column(kind, float(min(max(width, MIN_WIDTH), MAX_WIDTH)), wrap, small)


def _has_small(values: Sequence[Any]) -> bool:
    """True if some number is not zero but would show as 0.000 (a p-value): it is shown in
    :data:`SCIENTIFIC_FORMAT`, and the column is made wide enough for that."""
    numbers = np.abs(np.asarray(values, dtype=float))
    return bool(((numbers > 0) & (numbers < SMALL)).any())


def _widest_text(values: Sequence[Any]) -> int:
    """Display width of the widest text, or more than :data:`MAX_WIDTH` when some text is that wide.

    A text's display width lies between its length and 2.5 times it (:func:`display_width`), so only the
    texts at least ``longest ÷ 2.5`` long are measured, and none when the longest is wider than the cap."""
    texts = [
        value if isinstance(value, str) else str(value)
        for value in values
        if value is not None and value == value
    ]
    longest = max(map(len, texts), default=0)
    if longest > MAX_WIDTH:
        return longest
    return max((display_width(text) for text in texts if 2.5 * len(text) >= longest), default=0)


def _widest_number(values: Sequence[Any]) -> int:
    """Width of the widest number as shown: its whole digits, and ``.000`` if any number has a fraction."""
    numbers = np.asarray(values, dtype=float)
    numbers = numbers[np.isfinite(numbers)]
    if not len(numbers):
        return 0
    digits = len(str(int(np.abs(numbers).max()))) + int((numbers < 0).any())
    return digits + (4 if (numbers != np.round(numbers)).any() else 0)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cut_text(text: str, limit: int = MAX_CELL_CHARS, *, note: str = "") -> str:
    """``text`` if a cell holds it (at most ``limit`` UTF-16 units), else its start and :data:`CUT_MARKER`
    (``note`` added inside its brackets), ``limit`` units in all."""
    if len(text) <= limit // 2 or _utf16_len(text) <= limit:
        return text
    marker = CUT_MARKER.format(n=len(text), note=note)
    keep = limit - _utf16_len(marker)
    head = text[:keep]
    while _utf16_len(head) > keep:  # characters outside the BMP take two units
        head = head[: len(head) - (_utf16_len(head) - keep + 1) // 2]
    return head + marker


def row_height(cells: Iterable[tuple[Any, float]]) -> float | None:
    """Height of a row whose wrapped ``(text, column width)`` cells take several lines, in points:
    :data:`LINE_HEIGHT` per line of the cell that takes most, lines = ⌈display width ÷ (column width − 1)⌉,
    at most Excel's :data:`MAX_ROW_HEIGHT`; None for one line (the default height).  Set explicitly because
    not every spreadsheet fits the height of a row to its wrapped text when it opens a file.  A text at most
    ``(width − 1) ÷ 2.5`` long takes one line whatever it holds, and is not measured."""
    lines = 1
    for text, width in cells:
        if isinstance(text, str) and 2.5 * len(text) > width - 1:
            lines = max(lines, math.ceil(display_width(text) / max(width - 1, 1)))
    return min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT) if lines > 1 else None


def _print_setup(sheet: Any, *, landscape: bool) -> None:
    """Printed one page wide (as many pages long as it takes) on A4."""
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    if landscape:
        sheet.set_landscape()


class XlsxBook:
    """A workbook whose sheets are named now, in order, and filled once each, in any order, before
    :meth:`close`; a sheet never filled stays empty.  Rows go to XlsxWriter's temporary files (unnamed,
    in the system's temporary folder) as they come."""

    def __init__(self, path: Path | str, sheet_names: Sequence[str]) -> None:
        names = [name[:MAX_SHEET_NAME] for name in sheet_names]
        if len(set(names)) != len(names):
            raise ValueError(f"sheet names must differ in their first {MAX_SHEET_NAME} characters: {names}")
        self._book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self._book.set_properties({"created": CREATED})
        self._sheets = {
            name: self._book.add_worksheet(short) for name, short in zip(sheet_names, names, strict=True)
        }
        self._filled: set[str] = set()
        self._bold = self._book.add_format({"bold": True})
        self._wrap = self._book.add_format({"text_wrap": True, "valign": "top"})
        self._top = self._book.add_format({"valign": "top"})
        self._decimals = self._book.add_format({"num_format": DECIMALS_FORMAT})
        self._decimals_top = self._book.add_format({"num_format": DECIMALS_FORMAT, "valign": "top"})
        self._scientific = self._book.add_format({"num_format": SCIENTIFIC_FORMAT})
        self._scientific_top = self._book.add_format({"num_format": SCIENTIFIC_FORMAT, "valign": "top"})

    def _sheet(self, name: str) -> Any:
        if name in self._filled:
            raise ValueError(f"sheet {name!r} is already filled")
        self._filled.add(name)
        return self._sheets[name]

    def table(
        self, name: str, header: Sequence[str], columns: Sequence[Column], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Write sheet ``name`` as a table: a bold, frozen ``header`` row with an autofilter, then ``rows``
        laid out by ``columns``; None and NaN cells stay blank."""
        if len(columns) != len(header):
            raise ValueError(f"{len(header)} columns but {len(columns)} layouts for sheet {name!r}")
        sheet = self._sheet(name)
        for c, (title, column) in enumerate(zip(header, columns, strict=True)):
            sheet.set_column(c, c, column.width)
            sheet.write_string(0, c, title, self._bold)
        sheet.freeze_panes(1, 0)
        _print_setup(sheet, landscape=True)
        sheet.repeat_rows(0)  # the header on every printed page
        # formats of (text, whole number, fraction) cells: in a row of one line, and in a taller row (the
        # top alignment only where it shows, which keeps the cells of most rows without a style)
        wrap = [column.wrap for column in columns]
        flat = ([self._wrap if w else None for w in wrap], None, self._decimals, self._scientific)
        tall_text = [self._wrap if w else self._top for w in wrap]
        tall = (tall_text, self._top, self._decimals_top, self._scientific_top)
        texts = [column.kind == TEXT for column in columns]
        wrapped = [(c, column.width) for c, column in enumerate(columns) if column.wrap]
        write_string, write_number = sheet.write_string, sheet.write_number
        last = 0
        for r, row in enumerate(rows, start=1):
            last = r
            height = row_height([(row[c], width) for c, width in wrapped]) if wrapped else None
            if height is not None:
                sheet.set_row(r, height)
            text_format, whole, fraction, small = flat if height is None else tall
            for c, value in enumerate(row):
                if value is None or value != value:  # None and NaN stay blank
                    continue
                if texts[c]:
                    if not isinstance(value, str):
                        value = str(value)
                    if len(value) <= SHORT_TEXT and value[:3] != "<r>":  # (most cells: written as they are)
                        write_string(r, c, value, text_format[c])
                    else:
                        self._text(sheet, r, c, value, text_format[c], header[c])
                elif math.isfinite(value):
                    if float(value).is_integer():
                        write_number(r, c, value, whole)
                    else:
                        write_number(r, c, value, small if -SMALL < value < SMALL else fraction)
        if header:
            sheet.autofilter(0, 0, last, len(header) - 1)

    def _text(self, sheet: Any, r: int, c: int, text: str, cell_format: Any, column: str) -> None:
        if len(text) > SHORT_TEXT:
            whole = len(text)
            text = cut_text(text)
            if len(text) != whole:
                logger.warning(
                    "sheet %s, row %d, column %s: a text of %d characters was cut to the %d a cell holds",
                    sheet.name,
                    r + 1,
                    column,
                    whole,
                    MAX_CELL_CHARS,
                )
        if text.startswith("<r>") and text.endswith("</r>"):  # would be written as raw rich-text XML
            parts: list[Any] = [text[:1], text[1:2], text[2:]]  # XlsxWriter wants three at least
            if cell_format is not None:
                parts.append(cell_format)
            sheet.write_rich_string(r, c, *parts)
        else:
            sheet.write_string(r, c, text, cell_format)

    def notes(
        self,
        name: str,
        lines: Sequence[str],
        header: Sequence[str],
        columns: Sequence[Column],
        rows: Iterable[Sequence[str]],
    ) -> None:
        """Write sheet ``name`` as a guide: ``lines`` of text, each across the table's width and wrapped (the
        first in bold), an empty row, then a bold ``header`` and ``rows`` of text laid out by ``columns``."""
        sheet = self._sheet(name)
        _print_setup(sheet, landscape=False)
        for c, column in enumerate(columns):
            sheet.set_column(c, c, column.width)
        total = sum(column.width for column in columns)
        line_formats = [
            self._book.add_format({"text_wrap": True, "valign": "top", "bold": bold}) for bold in (1, 0)
        ]
        for r, line in enumerate(lines):
            # a merged cell is never fitted to its text by a spreadsheet: the height is set for its lines
            sheet.set_row(r, LINE_HEIGHT * max(1, math.ceil(display_width(line) / max(total - 2, 1))))
            line_format = line_formats[0 if r == 0 else 1]
            if len(columns) > 1:
                sheet.merge_range(r, 0, r, len(columns) - 1, "", line_format)
            sheet.write_string(r, 0, line, line_format)
        start = len(lines) + 1
        for c, title in enumerate(header):
            sheet.write_string(start, c, title, self._bold)
        wrapped = [(c, column.width) for c, column in enumerate(columns) if column.wrap]
        for r, row in enumerate(rows, start=start + 1):
            height = row_height([(row[c], width) for c, width in wrapped])
            if height is not None:
                sheet.set_row(r, height)
            for c, value in enumerate(row):
                if value:
                    self._text(sheet, r, c, value, self._wrap if columns[c].wrap else self._top, header[c])

    def close(self) -> None:
        """Write the workbook (sheets never filled stay empty)."""
        self._book.close()
