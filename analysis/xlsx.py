"""A streaming ``.xlsx`` writer for plain tables: SpreadsheetML written directly, one sheet at a time.

The phrase bank's workbook is tables only (a bold header row, then text, numbers and booleans), which needs
a small part of the Office Open XML format: a zip holding one XML part per sheet, a workbook part naming the
sheets, a style part with a bold font, and the relationships and content types tying them together
(ECMA-376 Part 1, §18; Part 2 for the packaging).  Writing these parts directly costs about a microsecond
per cell; a general library spends about fifteen (XlsxWriter's per-cell API, validation and row buffering:
3.5 s of 5 s writing the report files of a 103 MB corpus).

Rules kept here:

* text is an inline string (``t="inlineStr"``), never a formula: a cell is a formula only when written as
  ``<f>``, which this writer never does (and text is also neutralised upstream, see :mod:`analysis.export`);
* characters XML 1.0 forbids (control characters other than tab, line feed and carriage return) and the
  carriage return (which XML parsers turn into a line feed) are written with the format's own escape
  ``_xHHHH_``, and a literal ``_xHHHH_`` in the text gets its ``_`` escaped, so that a spreadsheet shows the
  text as it was;
* text longer than Excel's cell limit (32,767 characters) is cut there, with a warning;
* every zip entry has a fixed date, and sheets are written in the order they are filled, so the same
  tables filled in the same order give the same bytes.
"""

from __future__ import annotations

import logging
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

logger = logging.getLogger(__name__)

#: Excel's limit on the characters of one cell.
MAX_CELL_CHARS = 32_767
#: Excel's limit on the characters of a sheet name.
MAX_SHEET_NAME = 31
#: The date of every zip entry (the zip format's earliest), so reruns give the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Deflate level of the parts: 1 is 3× faster than zlib's default 6 on sheet XML, for a file a fifth larger.
COMPRESS_LEVEL = 1

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
#: Start of a sheet part: the header row frozen, so it stays in view while scrolling.
_SHEET_START = (
    f'{_XML_HEAD}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews><sheetData>"
)
_SHEET_END = "</sheetData></worksheet>"
_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
#: Characters XML 1.0 does not allow, the carriage return (XML parsers read it as a line feed), and a literal
#: escape sequence of the format (its ``_`` is escaped).
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
#: Rows are joined and written in batches of this many (fewer write calls, bounded memory).
_ROWS_PER_WRITE = 2_000


def column_letters(index: int) -> str:
    """Spreadsheet column name of the 0-based ``index``: 0 → A, 25 → Z, 26 → AA, 701 → ZZ, 702 → AAA."""
    if index < 0:
        raise ValueError(f"column index {index} is negative")
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _escape_char(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()[0]):04X}_"


def xml_text(text: str) -> str:
    """``text`` as the content of a ``<t>`` element: XML-escaped, forbidden characters as ``_xHHHH_``."""
    text = escape(text)
    return _NEEDS_ESCAPE.sub(_escape_char, text) if _NEEDS_ESCAPE.search(text) else text


def text_cell(ref: str, value: object, style: str = "") -> str:
    """An inline-string cell; spaces at either end are kept (``xml:space="preserve"``)."""
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        logger.warning("a cell of %d characters was cut to Excel's %d", len(text), MAX_CELL_CHARS)
        text = text[:MAX_CELL_CHARS]
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{xml_text(text)}</t></is></c>'


def number_cell(ref: str, value: Any) -> str:
    """A number cell (``repr`` of the float: the shortest text that reads back as the same number)."""
    number = float(value)
    if not math.isfinite(number):
        return ""  # no spreadsheet number for NaN or infinity: a blank cell
    text = str(int(number)) if number.is_integer() and abs(number) < 2**53 else repr(number)
    return f'<c r="{ref}"><v>{text}</v></c>'


def bool_cell(ref: str, value: Any) -> str:
    return f'<c r="{ref}" t="b"><v>{int(bool(value))}</v></c>'


#: Cell writers by kind of column.
CELL_WRITERS: dict[str, Callable[[str, Any], str]] = {
    "text": text_cell,
    "number": number_cell,
    "bool": bool_cell,
}


class XlsxFile:
    """A workbook whose sheets are named now, in order, and filled once each, in any order, before
    :meth:`close`.  A sheet never filled is left empty.  Rows go straight to the zip (deflated as they
    come), so memory stays flat whatever the table size.
    """

    def __init__(self, path: Path | str, sheet_names: Sequence[str]) -> None:
        names = [name[:MAX_SHEET_NAME] for name in sheet_names]
        if len(set(names)) != len(names):
            raise ValueError(f"sheet names must differ in their first {MAX_SHEET_NAME} characters: {names}")
        self._index = {name: i for i, name in enumerate(sheet_names)}
        self._names = names
        self._filled: set[int] = set()
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)

    def fill(
        self, name: str, header: Sequence[str], kinds: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Write sheet ``name``: a bold ``header`` row, then ``rows`` whose cells are of ``kinds``
        (``"text"``, ``"number"`` or ``"bool"`` per column); None and NaN cells stay blank."""
        index = self._index[name]
        if index in self._filled:
            raise ValueError(f"sheet {name!r} is already filled")
        if len(kinds) != len(header):
            raise ValueError(f"{len(header)} columns but {len(kinds)} kinds for sheet {name!r}")
        self._filled.add(index)
        letters = [column_letters(i) for i in range(len(header))]
        writers = [CELL_WRITERS[kind] for kind in kinds]
        with self._open(f"xl/worksheets/sheet{index + 1}.xml") as part:
            part.write(_SHEET_START.encode())
            head = "".join(
                text_cell(f"{col}1", title, ' s="1"') for col, title in zip(letters, header, strict=True)
            )
            batch = [f'<row r="1">{head}</row>']
            for number, row in enumerate(rows, start=2):
                cells = "".join(
                    [
                        write(f"{col}{number}", value)
                        for col, write, value in zip(letters, writers, row, strict=True)
                        if value is not None and value == value  # None and NaN stay blank
                    ]
                )
                batch.append(f'<row r="{number}">{cells}</row>')
                if len(batch) >= _ROWS_PER_WRITE:
                    part.write("".join(batch).encode())
                    batch = []
            batch.append(_SHEET_END)
            part.write("".join(batch).encode())

    def close(self) -> None:
        """Write the sheets never filled (empty), the workbook, styles, relationships and content types."""
        for index in range(len(self._names)):
            if index not in self._filled:
                with self._open(f"xl/worksheets/sheet{index + 1}.xml") as part:
                    part.write(f"{_SHEET_START}{_SHEET_END}".encode())
        for name, text in _package_parts(self._names).items():
            with self._open(name) as part:
                part.write(text.encode())
        self._zip.close()

    def _open(self, name: str) -> IO[bytes]:
        info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        if hasattr(info, "compress_level"):  # Python 3.13 and later
            info.compress_level = COMPRESS_LEVEL
        else:
            info._compresslevel = COMPRESS_LEVEL  # type: ignore[attr-defined]
        info.external_attr = 0o600 << 16
        return self._zip.open(info, "w")


def _relationships(targets: Iterable[tuple[str, str]]) -> str:
    """A relationships part: ``(type, target)`` pairs get the ids rId1, rId2 … in order."""
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, 1)
    )
    return f'{_XML_HEAD}<Relationships xmlns="{_PKG_RELS}">{items}</Relationships>'


def _package_parts(names: Sequence[str]) -> dict[str, str]:
    """The parts besides the sheets: workbook (sheet names in order), styles, relationships, content types."""
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(names, 1)
    )
    sheet_files = [f"worksheets/sheet{i}.xml" for i in range(1, len(names) + 1)]
    overrides = [
        ("/xl/workbook.xml", f"{_OFFICE_TYPE}.sheet.main+xml"),
        ("/xl/styles.xml", f"{_OFFICE_TYPE}.styles+xml"),
        *((f"/xl/{file}", f"{_OFFICE_TYPE}.worksheet+xml") for file in sheet_files),
    ]
    types = "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
    return {
        "xl/workbook.xml": f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        f"<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets></workbook>",
        "xl/styles.xml": _STYLES,
        "xl/_rels/workbook.xml.rels": _relationships(
            [
                *((f"{_DOC_RELS}/worksheet", file) for file in sheet_files),
                (f"{_DOC_RELS}/styles", "styles.xml"),
            ]
        ),
        "_rels/.rels": _relationships([(f"{_DOC_RELS}/officeDocument", "xl/workbook.xml")]),
        "[Content_Types].xml": f'{_XML_HEAD}<Types xmlns="{_TYPES}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>',
    }
