"""Every report's cleaned text as a file, and ``documents.csv`` with texts that fit a spreadsheet cell.

A spreadsheet cell holds at most 32,767 characters (:data:`analysis.xlsx.MAX_CELL_CHARS`); Excel and WPS
cut a longer CSV field when they open the file, silently.  The rule:

* every report's cleaned text is written whole to ``texts/<doc_id>.txt`` (UTF-8) in the outputs, and the
  ``text_file`` column of ``documents.csv`` names that file;
* a ``text`` longer than a cell holds is cut in ``documents.csv`` so that it fits, and ends with a marker
  naming its length and its file (``……［已截断：全文 56,556 字，见 texts/1955_政府工作报告.txt］``);
  ``n_chars`` keeps the length of the whole text;
* a warning names the documents whose text was cut.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .records import Report

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

#: The folder of the full texts, in the outputs.
TEXTS_DIR = "texts"
#: Most documents named in the warning.
NAMED_IN_WARNING = 10


def text_file(doc_id: str) -> str:
    """Path of a report's full text, relative to the output folder: ``texts/<doc_id>.txt``."""
    return f"{TEXTS_DIR}/{doc_id}.txt"


def documents_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """``documents`` with a ``text_file`` column after ``text`` and every text cut to what a cell holds
    (:func:`analysis.xlsx.cut_text`, the marker naming the file); a warning names the documents cut."""
    from .xlsx import MAX_CELL_CHARS, cut_text

    out = frame.copy()
    files = [text_file(str(doc_id)) for doc_id in out["doc_id"]]
    texts = [
        cut_text(text, note=f"，见 {name}") if isinstance(text, str) else text
        for text, name in zip(out["text"], files, strict=True)
    ]
    cut = [
        (str(doc_id), len(whole))
        for doc_id, whole, kept in zip(out["doc_id"], out["text"], texts, strict=True)
        if isinstance(whole, str) and kept != whole
    ]
    out["text"] = texts
    out.insert(out.columns.get_loc("text") + 1, "text_file", files)
    if cut:
        named = ", ".join(f"{doc_id} ({n:,} characters)" for doc_id, n in cut[:NAMED_IN_WARNING])
        more = f" and {len(cut) - NAMED_IN_WARNING} more" if len(cut) > NAMED_IN_WARNING else ""
        logger.warning(
            "documents.csv: %d text(s) longer than a spreadsheet cell holds (%s characters) cut there, with "
            "a note naming the file in %s/ that holds the whole text: %s%s",
            len(cut),
            f"{MAX_CELL_CHARS:,}",
            TEXTS_DIR,
            named,
            more,
        )
    return out


def write_texts(reports: Iterable[Report], folder: Path) -> list[Path]:
    """Write each report's cleaned text to ``folder/<doc_id>.txt`` (UTF-8, ``\\n`` line ends); a ``doc_id``
    holding a folder (``2023/报告``, given where two files share a stem) gets that folder."""
    paths = []
    for report in reports:
        relative = Path(f"{report.doc_id}.txt")
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"document id {report.doc_id!r} is no relative path")
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report.text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths
