"""Corpus files that are not plain text: Word ``.docx`` and web pages are read, other formats are named.

* ``.docx``: the body's paragraphs and tables in document order (python-docx), one paragraph a line, a table
  row a line with its cells separated by tabs.  Headers, footers, comments and text boxes are left out.
  Word's automatic numbering (a heading numbered ``一、`` or ``（一）`` by a list style, not typed) is not
  part of the paragraph text; :class:`_Numbering` writes it in front of the paragraph as Word shows it
  (``lvlText`` with its counters in the level's ``numFmt``: decimal, Chinese counting, letters, roman,
  circled), so :mod:`analysis.structure` sees the markers.  Bullets and unknown formats add nothing.
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
        numbering = _Numbering(document)
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.append(numbering.label(block) + block.text)
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


_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's ``chineseCounting``, up to 9,999)."""
    if n <= 0 or n >= 10_000:
        return str(n)
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            out += ("零" if zero and out else "") + (
                "" if digit == 1 and unit == "十" and not out else _CN_DIGITS[digit]
            )
            out += unit
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"))
    numerals += ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


#: Word's ``w:numFmt`` values rendered (others, such as ``bullet``, give no label).
NUMBER_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "taiwaneseCounting": chinese_number,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
}


class _Numbering:
    """Labels of Word's automatic numbering, counted in document order (see module docstring)."""

    def __init__(self, document: object) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (fmt, text, start)
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is not None:
                self._levels[num.get(qn("w:numId"))] = {
                    int(lvl.get(qn("w:ilvl"), "0")): self._level(lvl)
                    for lvl in definition.findall(qn("w:lvl"))
                }

    def _level(self, lvl: object) -> tuple[str, str, int]:
        qn = self._qn

        def value(tag: str, default: str) -> str:
            node = lvl.find(qn(tag))  # type: ignore[attr-defined]
            return default if node is None else node.get(qn("w:val"), default)

        start = value("w:start", "1")
        return value("w:numFmt", "decimal"), value("w:lvlText", ""), int(start) if start.isdigit() else 1

    def _num_pr(self, paragraph: object) -> tuple[str, int] | None:
        """(numId, ilvl) of the paragraph, from its own properties or its style's (and the style's base)."""
        qn = self._qn
        sources = [paragraph._p.pPr]  # type: ignore[attr-defined]
        style = getattr(paragraph, "style", None)
        while style is not None and len(sources) < 8:
            sources.append(style.element.pPr)
            style = style.base_style
        num_id, level = None, None
        for pr in sources:
            num_pr = pr.find(qn("w:numPr")) if pr is not None else None
            if num_pr is None:
                continue
            if num_id is None and num_pr.find(qn("w:numId")) is not None:
                num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
            if level is None and num_pr.find(qn("w:ilvl")) is not None:
                level = int(num_pr.find(qn("w:ilvl")).get(qn("w:val"), "0"))
        return None if num_id is None or num_id == "0" else (num_id, level or 0)

    def label(self, paragraph: object) -> str:
        """The number Word shows in front of ``paragraph`` (``一、``, ``（二）``, ``3.``), or ``""``."""
        if not self._levels:
            return ""
        found = self._num_pr(paragraph)
        if found is None or found[0] not in self._levels:
            return ""
        num_id, level = found
        levels = self._levels[num_id]
        counters = self._counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels.get(level, ("", "", 1))[2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _ = levels.get(level, ("", "", 1))
        if fmt not in NUMBER_FORMATS or not text:
            return ""

        def placeholder(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            k_fmt, _, k_start = levels.get(k, ("decimal", "", 1))
            render = NUMBER_FORMATS.get(k_fmt, str)
            return render(counters.get(k, k_start))

        return re.sub(r"%([1-9])", placeholder, text)


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
