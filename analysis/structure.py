"""Parse a cleaned report into title, headings, paragraphs and ``一是…二是…`` enumerations.

A *line* is a run of text between ``\\n``; a *paragraph* is a non-empty line with its surrounding whitespace
(spaces, NBSP, U+3000, zero-width characters) removed, and its offset points at its first visible character,
so ``report.text[p.start:p.start + len(p.text)] == p.text``.  A heading starts where its paragraph starts.

Headings are recognised by a line-initial marker only (a marker inside a line is body text); the rules are
in :mod:`analysis.headings`:

==========  ====================================================  =====
level       marker (an ordinary report)                           number
==========  ====================================================  =====
1           ``一、`` ``一．``                                      1
2           ``（一）`` ``(一)``                                   1
3           ``1.`` ``1、`` ``1．`` ``１．`` (not ``1.5万``)       1
4           ``（1）`` ``(1)``                                     1
==========  ====================================================  =====

Levels are relative to the document's own outermost markers: parts (``第一部分``, or unmarked part lines
such as ``2025年工作回顾`` when each part restarts its ``一、`` numbering), chapters (``第一章``) and
sections of chapters (``第一节``) that a document uses take levels 1, 2, … and push every marker above down
by as many levels (``第一章`` → 1, ``一、`` → 2, ``（一）`` → 3 …).  Articles (``第一条``) are body
paragraphs, and the items numbered under an article are its clauses, listed with the enumerations.

Heading text: the rest of the line up to the first ``。：:；！？`` (trailing ``，、`` stripped); when the
line goes on after it, the heading is *inline* (``（一）强化理论武装，提升政治素养。我始终…``).  A marker line
with no such delimiter within :data:`~analysis.headings.MAX_HEADING_CHARS` characters is cut at its last
``，`` before that limit (else at the limit) and counts as inline: a heading is a short formulation.

Section types (:mod:`analysis.sections`): a heading with no enclosing heading is typed by its own keywords,
else by what its section's body says (cue phrases per 1,000 characters), else ``other``
(``Heading.type_source`` says which); every other heading inherits the type and source of its outermost
enclosing heading (normally its level-1 section).

Reports copied from the web sometimes lose their ``一、`` markers.  Only when a report has no marked
level-1 heading, a short keyword line between sentences, or a section number alone on a line, becomes a
level-1 heading (marker ``""`` or the numeral).

Title: :func:`analysis.titles.find_title` (the report's own title line, possibly joined with a
``——在…上的报告`` subtitle; else ``metadata["title"]``; else the file name), with its source in
``Report.title_source``.  The title lines are not paragraphs; other subtitle lines (``——2022年3月5日…``) are
preamble paragraphs.

Enumerations: ``一是`` … ``十是`` at a paragraph start or after ``。；：！？，``; a list starts at 一是 and
continues in order, also in the following paragraphs, until the next heading.  Items of numbered lists
inside sections and clauses of articles are listed with them.

Parsing takes time linear in the length of the report (1,000,000 headings: benchmarks/bench_headings.py).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right

from analysis.headings import (
    MAX_HEADING_CHARS,
    MAX_UNMARKED_CHARS,
    Found,
    HeadingMatch,
    find_headings,
    match_article,
    match_heading,
    parse_chinese_numeral,
)
from analysis.headings import split_lines as _lines
from analysis.records import PREAMBLE, EnumerationItem, Heading, Paragraph, Report, SourceDocument
from analysis.sections import SECTION_KEYWORDS, classify_section, section_types
from analysis.titles import MAX_TITLE_LINES, TITLE_SEARCH_LINES, find_title

__all__ = [
    "MAX_HEADING_CHARS",
    "MAX_UNMARKED_CHARS",
    "SECTION_KEYWORDS",
    "HeadingMatch",
    "classify_section",
    "match_article",
    "match_heading",
    "parse_chinese_numeral",
    "parse_report",
]

logger = logging.getLogger(__name__)

_TRIM = "，、,;；。：: \u3000\xa0"
#: ``(?:^|(?<=[。；：！？，,;:!?]))(?P<num>[一二三四五六七八九十]{1,3})是`` written with the first numeral
#: consumed and the look-behind after it (two characters: none but the start, or a mark, before the
#: numeral), so the regex engine skips ahead to the next numeral instead of trying the look-behinds at every
#: position (enumerations of distinct_10MB 0.12 → 0.05 s; the same matches: a test).
_ENUM = re.compile(
    r"(?P<num>[一二三四五六七八九十](?<![^。；：！？，,;:!?][一二三四五六七八九十])[一二三四五六七八九十]{0,2})是"
)
_ENUM_END = re.compile(r"[。；;！？!?]")
#: A numeral right before ``是``, as every match of :data:`_ENUM` ends (``是`` first: the regex engine skips
#: ahead to it).
_NUMERAL_SHI = re.compile("是(?<=[一二三四五六七八九十]是)")


def _enumerations(
    paragraphs: list[Paragraph], list_items: dict[int, HeadingMatch], text: str
) -> list[EnumerationItem]:
    """``一是…二是…`` items (a list starts at 一是, goes on in order across paragraphs, ends at a heading)
    and the items of numbered lists (``list_items``, by paragraph offset), in paragraph order.

    Only the paragraphs holding a numeral right before ``是`` are searched for items: one scan of the
    report ``text`` for them instead of a search per paragraph (most hold none).
    """
    starts = [para.start for para in paragraphs]
    searched = set()
    for match in _NUMERAL_SHI.finditer(text):
        index = bisect_right(starts, match.start()) - 1
        if index >= 0 and match.start() < starts[index] + len(paragraphs[index].text):
            searched.add(index)
    items: list[EnumerationItem] = []
    expected = 1
    for index, para in enumerate(paragraphs):
        listed = list_items.get(para.start)
        if listed is not None:
            items.append(EnumerationItem(index, listed.number, listed.text))
        if para.is_heading:
            expected = 1
        if index not in searched:
            continue
        candidates = [
            (parse_chinese_numeral(m["num"]), m.start(), m.end()) for m in _ENUM.finditer(para.text)
        ]
        for k, (n, _, body) in enumerate(candidates):
            if n != 1 and n != expected:
                continue
            expected = n + 1
            stop = candidates[k + 1][1] if k + 1 < len(candidates) else len(para.text)
            end = _ENUM_END.search(para.text, body, stop)
            text = para.text[body : end.start() if end else stop].strip(_TRIM)
            if text:
                items.append(EnumerationItem(index, n, text))
    return items


def _headings(found: list[Found], text: str) -> list[Heading]:
    """Heading records: a section ends at the next heading of the same or a higher level (one pass with a
    stack of open headings); outermost headings are typed, the others inherit from theirs."""
    ends = [len(text)] * len(found)
    roots = list(range(len(found)))
    stack: list[int] = []
    for i, item in enumerate(found):
        while stack and found[stack[-1]].level >= item.level:
            ends[stack.pop()] = item.start
        if stack:
            roots[i] = stack[0]
        stack.append(i)
    outermost = [i for i, root in enumerate(roots) if root == i]
    typed = section_types([(found[i].match.text, text[found[i].start : ends[i]]) for i in outermost])
    types = dict(zip(outermost, typed, strict=True))
    headings = []
    for i, (start, level, hm) in enumerate(found):
        section_type, source = types[roots[i]]
        headings.append(
            Heading(level, hm.number, hm.marker, hm.text, section_type, start, ends[i], hm.inline, source)
        )
    return headings


def parse_report(doc: SourceDocument) -> Report:
    """Parse a cleaned document: title, headings (levels with ends and types), paragraphs, enumerations."""
    text = doc.text
    lines = _lines(text)
    title = find_title(
        [line for _, line in lines[: TITLE_SEARCH_LINES + MAX_TITLE_LINES]],  # (all that find_title reads)
        headings=[match_heading(line) is not None for _, line in lines[:TITLE_SEARCH_LINES]],
        metadata=doc.metadata,
        source=doc.source,
    )
    del lines[title.first_line : title.first_line + title.n_lines]  # the title lines are not paragraphs
    found, list_items = find_headings(lines)
    headings = _headings(found, text)
    paragraphs: list[Paragraph] = []
    starts = [heading.start for heading in headings] + [len(text) + 1]  # (a last one no line reaches)
    h = -1  # the last heading starting at or before the line
    for start, line in lines:
        while starts[h + 1] <= start:
            h += 1
        if h < 0:
            paragraphs.append(Paragraph(line, start, None, PREAMBLE, False))
        else:
            paragraphs.append(Paragraph(line, start, h, headings[h].section_type, starts[h] == start))
    logger.debug("%s: %d headings, %d paragraphs", doc.doc_id, len(headings), len(paragraphs))
    return Report(
        doc_id=doc.doc_id,
        source=doc.source,
        title=title.text,
        title_source=title.source,
        text=text,
        headings=tuple(headings),
        paragraphs=tuple(paragraphs),
        enumerations=tuple(_enumerations(paragraphs, list_items, text)),
        metadata=doc.metadata,
    )
