"""Corpus files that are not plain text: Word ``.docx`` and web pages are read, other formats are named.

* ``.docx``: the body's paragraphs and tables in document order (python-docx), one paragraph a line, a table
  row a line with its cells separated by tabs.  Headers, footers, comments and text boxes are left out.
  Automatic Word numbering (a heading numbered ``一、`` by a list style) is not part of the paragraph text
  and is lost: :mod:`analysis.structure` then sees unnumbered headings.
* ``.html``/``.htm``: the text of the ``<body>`` (BeautifulSoup with Python's own parser), every block
  element (``p``, ``div``, ``li``, ``h1``–``h6``, ``tr`` … see :data:`BLOCK_TAGS`) and ``<br>`` on a line
  of its own, table cells of a row separated by tabs; ``script``, ``style``, ``noscript`` and ``template``
  are dropped.  Page chrome (menus, toolbars, footers) is kept on purpose: :mod:`analysis.clean` learns it
  from the corpus.  The encoding is the page's own ``<meta charset>`` when its bytes decode with it, else
  what :func:`analysis.decode.decode_text` finds.
* Other known document formats (:data:`CONVERT_HINTS`: ``.doc``, ``.pdf``, ``.wps``, ``.rtf``, ``.odt``,
  spreadsheets, slides, ``.ofd`` …) cannot be read; the corpus walk lists each in ``problems.csv`` with a
  command that converts it to text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from .decode import DecodedText, UnreadableFileError, decode_text

DOCX_SUFFIXES: tuple[str, ...] = (".docx",)
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")
TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md")
#: Suffixes read by default, in the order the README lists them.
READ_SUFFIXES: tuple[str, ...] = (*TEXT_SUFFIXES, *DOCX_SUFFIXES, *HTML_SUFFIXES)

_LIBREOFFICE = "libreoffice --headless --convert-to txt:Text '{path}'"
_SLIDES = "libreoffice --headless --convert-to pdf '{path}', then pdftotext -layout on the PDF"
_SHEET = (
    "copy the report's text into a .txt file (libreoffice --headless --convert-to csv '{path}' for a table)"
)
#: What a known non-text file is, and a command (``{path}``: the file) that turns it into text.
CONVERT_HINTS: dict[str, tuple[str, str]] = {
    ".doc": ("a Word 97-2003 document", _LIBREOFFICE),
    ".docm": ("a Word document with macros", _LIBREOFFICE),
    ".dot": ("a Word template", _LIBREOFFICE),
    ".dotx": ("a Word template", _LIBREOFFICE),
    ".wps": ("a WPS Writer document", _LIBREOFFICE),
    ".wpt": ("a WPS Writer template", _LIBREOFFICE),
    ".rtf": ("an RTF document", _LIBREOFFICE),
    ".odt": ("an OpenDocument text", _LIBREOFFICE),
    ".pdf": ("a PDF", "pdftotext -layout '{path}' (a scanned PDF needs OCR first)"),
    ".ofd": ("an OFD document", "open it in an OFD reader and export or copy its text into a .txt file"),
    ".caj": ("a CNKI CAJ document", "open it in CAJViewer and save it as text"),
    ".epub": ("an e-book", "ebook-convert '{path}' out.txt (Calibre)"),
    ".mht": ("a web archive", "open it in a browser and save it as 'Web page, HTML only' (.html is read)"),
    ".mhtml": ("a web archive", "open it in a browser and save it as 'Web page, HTML only' (.html is read)"),
    ".xls": ("an Excel 97-2003 workbook", _SHEET),
    ".xlsx": ("an Excel workbook", _SHEET),
    ".et": ("a WPS spreadsheet", _SHEET),
    ".ods": ("an OpenDocument spreadsheet", _SHEET),
    ".ppt": ("a PowerPoint 97-2003 presentation", _SLIDES),
    ".pptx": ("a PowerPoint presentation", _SLIDES),
    ".dps": ("a WPS presentation", _SLIDES),
    ".odp": ("an OpenDocument presentation", _SLIDES),
}


def conversion_message(source: str, suffix: str) -> str:
    """The problems.csv message of a known non-text file: what it is and how to convert it."""
    kind, command = CONVERT_HINTS[suffix]
    return (
        f"{source} is {kind} ({suffix}), which is not read; convert it to text, e.g. "
        f"{command.format(path=source)}, and put the .txt in the corpus instead"
    )


# --------------------------------------------------------------------------------------------------- docx


def docx_text(data: bytes, *, source: str) -> str:
    """The text of a ``.docx`` file's body (see module docstring); UnreadableFileError if it is not one."""
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.append(block.text)
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise UnreadableFileError(
            f"{source}: reading .docx needs python-docx (pip install python-docx)"
        ) from exc
    except Exception as exc:  # a broken, encrypted or mislabelled file: python-docx raises many kinds
        raise UnreadableFileError(
            f"{source} cannot be read as a Word .docx file ({exc.__class__.__name__}); open it in Word or "
            "WPS and save it as plain text (.txt), or remove it"
        ) from None
    return "\n".join(lines)


def _table_rows(table: object) -> Iterator[str]:
    from docx.table import Table

    assert isinstance(table, Table)
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:  # a merged cell is listed once per grid column it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text for p in cell.paragraphs if p.text))
        if any(cells):
            yield "\t".join(cells)


# --------------------------------------------------------------------------------------------------- html

#: Elements that start a line of their own (HTML's block-level and table-row elements).
# fmt: off
BLOCK_TAGS: frozenset[str] = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "title", "tr", "ul",
})
# fmt: on
#: Elements whose content is never text of the page.
DROPPED_TAGS: frozenset[str] = frozenset({"script", "style", "noscript", "template", "head"})
_CELL_TAGS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Declared charsets read as the superset browsers use (WHATWG Encoding Standard).
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}


def declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` (or ``http-equiv`` content charset) in the first 4 KB, as a Python codec."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs_lookup(name)
    except LookupError:
        return None


def codecs_lookup(name: str) -> str:
    import codecs

    return codecs.lookup(name).name


def decode_html(data: bytes, *, source: str) -> DecodedText:
    """A page's text before parsing: its declared charset if the bytes decode with it, else detected."""
    charset = declared_charset(data)
    if charset is not None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode(charset), charset)
        except UnicodeDecodeError:
            pass  # a wrong declaration: the bytes decide
    return decode_text(data, source=source)


def html_text(html: str) -> str:
    """The text of a page's body, block elements on lines of their own (see module docstring)."""
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    soup = BeautifulSoup(html, "html.parser")
    root = soup.body or soup
    parts: list[str] = []
    skipped = (Comment, Declaration, Doctype, ProcessingInstruction)

    def walk(node: Tag, pre: bool) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, skipped):
                    parts.append(str(child) if pre else _HTML_SPACE.sub(" ", str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in DROPPED_TAGS:
                continue
            if name == "br":
                parts.append("\n")
            elif name in BLOCK_TAGS:
                parts.append("\n")
                walk(child, pre or name == "pre")
                parts.append("\n")
            elif name in _CELL_TAGS:
                parts.append("\t")
                walk(child, pre)
                parts.append("\t")
            else:
                walk(child, pre)

    walk(root, False)
    lines = (line.strip(" \t") for line in "".join(parts).split("\n"))
    return "\n".join(_collapse_tabs(line) for line in lines if line.strip(" \t\xa0\u3000"))


def _collapse_tabs(line: str) -> str:
    """Cells of a row separated by one tab: empty cells and spaces around them removed."""
    if "\t" not in line:
        return line
    return "\t".join(cell.strip(" ") for cell in line.split("\t") if cell.strip(" "))
