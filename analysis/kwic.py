"""Keyword in context (KWIC) concordance lines over parsed reports."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .records import Report


@dataclass(frozen=True, slots=True)
class ConcordanceLine:
    """One hit: ``left + keyword + right`` is a slice of one paragraph."""

    doc_id: str
    section_type: str
    left: str
    keyword: str
    right: str
    offset: int  #: offset of the hit in ``Report.text``


def compile_query(query: str, *, regex: bool = False) -> re.Pattern[str]:
    """A literal phrase (default) or a regular expression; a bad expression names itself in the error."""
    if not query:
        raise ValueError("empty KWIC query: give the phrase to look up, e.g. 两个维护")
    if not regex:
        return re.compile(re.escape(query))
    try:
        return re.compile(query)
    except re.error as exc:
        raise ValueError(f"KWIC query {query!r} is not a valid regular expression: {exc}") from exc


def concordance(
    reports: Iterable[Report],
    query: str,
    *,
    width: int = 20,
    regex: bool = False,
) -> Iterator[ConcordanceLine]:
    """Every occurrence of ``query`` with up to ``width`` characters of context on each side.

    Context never crosses a paragraph: a concordance line shows what one paragraph says.
    """
    if width < 0:
        raise ValueError(f"KWIC width must be >= 0, got {width}")
    pattern = compile_query(query, regex=regex)
    for report in reports:
        for paragraph in report.paragraphs:
            text = paragraph.text
            for match in pattern.finditer(text):
                if match.end() == match.start():
                    continue
                yield ConcordanceLine(
                    doc_id=report.doc_id,
                    section_type=paragraph.section_type,
                    left=text[max(0, match.start() - width) : match.start()],
                    keyword=match.group(0),
                    right=text[match.end() : match.end() + width],
                    offset=paragraph.start + match.start(),
                )


def format_line(line: ConcordanceLine, *, width: int = 20) -> str:
    """A fixed-width text line: the keyword column lines up when printed in a CJK-aware terminal."""
    left = line.left.rjust(width, "\u3000")
    return f"{line.doc_id}\t{left}【{line.keyword}】{line.right}"
