"""Parse a cleaned report into title, headings, paragraphs and ``一是…二是…`` enumerations.

A *line* is a run of text between ``\\n``; a *paragraph* is a non-empty line with its surrounding whitespace
(spaces, NBSP, U+3000, zero-width characters) removed, and its offset points at its first visible character,
so ``report.text[p.start:p.start + len(p.text)] == p.text``.  A heading starts where its paragraph starts.

Headings are recognised by a line-initial marker only (a marker inside a line is body text):

==========  ====================================================  =====
level       marker                                                number
==========  ====================================================  =====
1           ``一、`` ``一．`` ``第一部分`` ``第一章``             1
2           ``（一）`` ``(一)``                                   1
3           ``1.`` ``1、`` ``1．`` ``１．`` (not ``1.5万``)       1
4           ``（1）`` ``(1)``                                     1
==========  ====================================================  =====

Heading text: the rest of the line up to the first ``。：:；！？`` (trailing ``，、`` stripped); when the
line goes on after it, the heading is *inline* (``（一）强化理论武装，提升政治素养。我始终…``).  A marker line
with no such delimiter within :data:`MAX_HEADING_CHARS` characters is cut at its last ``，`` before that
limit (else at the limit) and counts as inline: a heading is a short formulation, never a whole paragraph.

Section types: a heading with no enclosing heading gets :func:`classify_section` of its own text; every
other heading inherits the type of its outermost enclosing heading (normally its level-1 section).

Reports copied from the web sometimes lose their ``一、`` markers.  Only when a report has no marked
level-1 heading, a short line (≤ :data:`MAX_UNMARKED_CHARS` chars, no ``。！？；，``) that contains a section
keyword of :data:`SECTION_KEYWORDS`, follows a finished sentence and precedes a longer line becomes a
level-1 heading with marker ``""``.

Title: :func:`analysis.titles.find_title` (the report's own title line, possibly joined with a
``——在…上的报告`` subtitle; else ``metadata["title"]``; else the file name), with its source in
``Report.title_source``.  The title lines are not paragraphs; other subtitle lines (``——2022年3月5日…``) are
preamble paragraphs.

Enumerations: ``一是`` … ``十是`` at a paragraph start or after ``。；：！？，``; a list starts at 一是 and
continues in order, also in the following paragraphs, until the next heading.
"""

from __future__ import annotations

import logging
import re
from typing import NamedTuple

from analysis.records import PREAMBLE, EnumerationItem, Heading, Paragraph, Report, SourceDocument
from analysis.titles import TITLE_SEARCH_LINES, find_title

logger = logging.getLogger(__name__)

#: Keywords that give a level-1 section its type.  The keyword found earliest in the heading wins;
#: at the same position the longest one does (``存在问题和原因分析`` → problems, ``原因分析`` → causes).
SECTION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "overview": ("基本情况", "总体情况", "概况", "情况概述"),
    "achievements": (
        "主要工作", "工作回顾", "总体评价", "自我评价", "主要成效", "工作成效", "取得的成绩", "主要做法",
        "工作开展情况", "落实情况", "回顾", "总结", "成绩", "履职情况", "成就", "新的进展",
    ),
    "problems": ("存在问题", "存在的问题", "突出问题", "问题和不足", "不足", "差距", "问题"),
    "causes": ("原因分析", "原因", "根源", "剖析"),
    "measures": (
        "下步打算", "下一步", "整改措施", "对策", "工作安排", "重点工作", "目标任务", "工作任务", "主要任务",
        "措施", "打算", "努力方向", "总体要求", "今后", "任务", "建议",
    ),
}  # fmt: skip

MAX_HEADING_CHARS = 60  #: longest heading text taken from a marker line without a delimiter
MAX_UNMARKED_CHARS = 25  #: longest line that may become a heading without a marker

_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_DIGITS |= {"八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "一二三四五六七八九十〇零两百"
_AR = "0-9０-９"
_BLANK = r"[\s\u200b-\u200d\u2060\ufeff]"
_LINE = re.compile(rf"^{_BLANK}*(.*?){_BLANK}*$")
#: (level, pattern); group "num" is the ordinal, group 0 the marker as written.
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"第(?P<num>[{_CN}]{{1,4}})(?:部分|章)[、：:.．\s]?")),
    (1, re.compile(rf"(?P<num>[{_CN}]{{1,4}})(?:、|[.．](?![{_AR}]))")),
    (2, re.compile(rf"[（(](?P<num>[{_CN}]{{1,4}})[）)][、．.]?")),
    (3, re.compile(rf"(?P<num>[{_AR}]{{1,2}})[.．、](?![{_AR}])")),
    (4, re.compile(rf"[（(](?P<num>[{_AR}]{{1,2}})[）)][、．.]?")),
)
_HEADING_END = re.compile(r"[。：:；;！？!?]")
_TRIM = "，、,;；。：: \u3000\xa0"
_SENTENCE_END = tuple("。！？；：:.!?;…”」』）)")
_CONTINUATION = tuple("》，。、；：）)”,.;:")
_BARE_NUMERAL = re.compile(r"[一二三四五六七八九十]{1,3}")
_ENUM = re.compile(r"(?:^|(?<=[。；：！？，,;:!?]))(?P<num>[一二三四五六七八九十]{1,3})是")
_ENUM_END = re.compile(r"[。；;！？!?]")
_COORDINATION = re.compile(r"以及|[和及与、]")
#: "A few questions" formulas (``关于X的几个问题``): a way to announce topics, not a section of problems.
_DISCOURSE = re.compile(r"(?:几个|若干|有关|一些)问题")


class HeadingMatch(NamedTuple):
    """What :func:`match_heading` reads from one line."""

    level: int
    number: int
    marker: str
    text: str
    inline: bool


def parse_chinese_numeral(s: str) -> int | None:
    """``十一`` → 11, ``二十三`` → 23, ``一百零一`` → 101, ``两`` → 2, ``〇``/``零`` → 0; None if malformed.

    A run of digits without units is read positionally (``二〇二五`` → 2025), as years are written.
    """
    if not s:
        return None
    if all(c in _DIGITS for c in s):
        if len(s) > 1 and "两" in s:
            return None
        return int("".join(str(_DIGITS[c]) for c in s))
    total, digit, prev_unit = 0, None, 10**9
    for c in s:
        if c in _UNITS:
            unit = _UNITS[c]
            if unit >= prev_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, prev_unit = None, unit
        elif c in _DIGITS:
            if digit is not None:
                return None
            digit = _DIGITS[c] or None  # 零 only holds a place: 一百零一
        else:
            return None
    return total + (digit or 0)


def classify_section(heading_text: str) -> str:
    """Section type of a heading: the type of its earliest keyword (longest on a tie), else ``other``.

    In ``X的Y`` the heading names a Y (the head of a Chinese noun phrase comes last), so in the first
    conjunct (text before ``和 及 与 、``) a keyword after the last ``的`` decides first: ``产生问题的原因`` →
    causes, ``对存在问题的整改建议`` → measures, where the earliest keyword alone would say problems; but not
    a bare ``问题`` (``工作中的问题``: then the earliest keyword decides).  ``几个问题``, ``若干问题`` …
    (``应当注意的几个问题``) announce topics, not problems: they are no keywords.
    """
    heading_text = _DISCOURSE.sub("", heading_text)
    first = _COORDINATION.split(heading_text, maxsplit=1)[0]
    if "的" in first:
        head = _earliest_keyword(first.rsplit("的", 1)[1])
        if head is not None and head[1] != "问题":
            return head[0]
    found = _earliest_keyword(heading_text)
    return found[0] if found else "other"


def _earliest_keyword(text: str) -> tuple[str, str] | None:
    """(section type, keyword) of the keyword found earliest in ``text``, the longest on a tie."""
    best: tuple[int, int, str, str] | None = None
    for section_type, keywords in SECTION_KEYWORDS.items():
        for keyword in keywords:
            pos = text.find(keyword)
            if pos >= 0 and (best is None or (pos, -len(keyword)) < best[:2]):
                best = (pos, -len(keyword), section_type, keyword)
    return best[2:] if best else None


def _heading_text(rest: str) -> tuple[str, bool]:
    """Split the text after a marker into (heading text, inline?)."""
    m = _HEADING_END.search(rest, 0, MAX_HEADING_CHARS + 1)
    if m:
        cut, resume = m.start(), m.end()
    elif len(rest) <= MAX_HEADING_CHARS:
        cut = resume = len(rest)
    else:
        comma = max(rest.rfind("，", 0, MAX_HEADING_CHARS), rest.rfind(",", 0, MAX_HEADING_CHARS))
        cut = resume = comma if comma > 0 else MAX_HEADING_CHARS
    return rest[:cut].strip(_TRIM), bool(rest[resume:].strip(_TRIM))


def match_heading(line: str) -> HeadingMatch | None:
    """Read a heading marker at the start of a (stripped) line; None when the line is not a heading."""
    for level, pattern in _MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        raw = m["num"]
        if level <= 2 and len(raw) > 1 and not set(raw) & set("十百"):
            return None  # 一九五四 is a year, not an ordinal
        number = parse_chinese_numeral(raw) if level <= 2 else int(raw)
        rest = line[m.end() :].lstrip(_TRIM)
        if not number or number > 99 or not rest or (level == 1 and _MARKERS[1][1].match(rest)):
            return None  # 一、二、三…: a list of numerals, not a heading
        text, inline = _heading_text(rest)
        return HeadingMatch(level, number, m[0].rstrip(), text, inline) if text else None
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset of first visible char, stripped line) for every non-empty line."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        inner = _LINE.match(m[0])
        if inner and inner[1]:
            out.append((m.start() + inner.start(1), inner[1]))
    return out


def _is_unmarked_heading(line: str, prev: str, nxt: str) -> bool:
    return (
        len(line) <= MAX_UNMARKED_CHARS
        and not re.search(r"[。！？；，,!?;]", line)
        and prev.endswith(_SENTENCE_END)
        and len(nxt) > len(line)
        and not line.startswith(("关于", "——", "--"))
        and not nxt.startswith(_CONTINUATION)
        and classify_section(line) != "other"
    )


def _bare_numeral_headings(lines: list[tuple[int, str]]) -> list[tuple[int, HeadingMatch]]:
    """Section numbers standing alone on a line (``一`` / ``二`` … in the 1960 report): level-1 headings
    without text, accepted only in sequence from 一 and when body text follows."""
    found: list[tuple[int, HeadingMatch]] = []
    for i, (start, line) in enumerate(lines):
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if (
            _BARE_NUMERAL.fullmatch(line)
            and parse_chinese_numeral(line) == len(found) + 1
            and len(nxt) > MAX_UNMARKED_CHARS
        ):
            found.append((start, HeadingMatch(1, len(found) + 1, line, "", False)))
    return found if len(found) >= 2 else []


def _list_items(
    found: list[tuple[int, HeadingMatch]], lines: list[tuple[int, str]]
) -> dict[int, HeadingMatch]:
    """The ``一、`` lines of ``found`` that are items of numbered lists (module docstring), by offset."""
    line_before = {start: lines[i - 1][1] if i else "" for i, (start, _) in enumerate(lines)}
    items: dict[int, HeadingMatch] = {}
    parts: list[list[tuple[int, HeadingMatch]]] = [[]]
    for start, hm in found:
        if hm.level == 1 and hm.marker.startswith("第"):  # 第二部分 starts a new part
            parts.append([])
        else:
            parts[-1].append((start, hm))
    for part in parts:
        runs: list[list[tuple[int, HeadingMatch]]] = []
        nested = False  # a deeper heading comes before the part's first run
        for start, hm in part:
            if hm.level == 1 and hm.marker:
                if hm.number == 1 or not runs:
                    runs.append([(start, hm)])
                    continue
                # 二、 after a list of 一、二、 resumes the run it follows in number (the latest such run)
                follows = [run for run in reversed(runs) if run[-1][1].number == hm.number - 1]
                (follows[0] if follows else runs[-1]).append((start, hm))
            elif not runs:
                nested = True
        if not runs:
            continue
        first = runs[0]
        lengths = sorted(len(hm.text) for _, hm in first)
        sentences = lengths[len(lengths) // 2] > MAX_UNMARKED_CHARS
        introduced = line_before[first[0][0]].endswith(("：", ":"))
        for run in runs[0 if nested or (introduced and sentences) else 1 :]:
            items.update(run)
    return items


def _enumerations(paragraphs: list[Paragraph], list_items: dict[int, HeadingMatch]) -> list[EnumerationItem]:
    """``一是…二是…`` items (a list starts at 一是, goes on in order across paragraphs, ends at a heading)
    and the items of numbered lists (``list_items``, by paragraph offset), in paragraph order."""
    items: list[EnumerationItem] = []
    expected = 1
    for index, para in enumerate(paragraphs):
        listed = list_items.get(para.start)
        if listed is not None:
            items.append(EnumerationItem(index, listed.number, listed.text))
        if para.is_heading:
            expected = 1
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


def parse_report(doc: SourceDocument) -> Report:
    """Parse a cleaned document: title, headings (levels 1–4 with ends), paragraphs, enumerations."""
    text = doc.text
    lines = _lines(text)
    title = find_title(
        [line for _, line in lines],
        headings=[match_heading(line) is not None for _, line in lines[:TITLE_SEARCH_LINES]],
        metadata=doc.metadata,
        source=doc.source,
    )
    del lines[title.first_line : title.first_line + title.n_lines]  # the title lines are not paragraphs
    found: list[tuple[int, HeadingMatch]] = []
    for start, line in lines:
        hm = match_heading(line)
        if hm:
            found.append((start, hm))
    list_items = _list_items(found, lines)
    found = [(start, hm) for start, hm in found if start not in list_items]
    if not any(hm.level == 1 for _, hm in found):
        marked = {start for start, _ in found}
        prev = ""
        for i, (start, line) in enumerate(lines):
            nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
            if start not in marked and _is_unmarked_heading(line, prev, nxt):
                found.append((start, HeadingMatch(1, 0, "", line.rstrip(_TRIM), False)))
            prev = line
        found += _bare_numeral_headings(lines)
        found.sort(key=lambda item: item[0])
        count = 0
        for i, (start, hm) in enumerate(found):
            if hm.level == 1 and not hm.marker:
                count += 1
                found[i] = (start, hm._replace(number=count))
    headings: list[Heading] = []
    open_types: dict[int, str] = {}  # level -> section type of the innermost open heading of that level
    for i, (start, hm) in enumerate(found):
        end = next((s for s, later in found[i + 1 :] if later.level <= hm.level), len(text))
        open_types = {lvl: t for lvl, t in open_types.items() if lvl < hm.level}
        # the outermost open heading stands for the level-1 section (a report may start at （一） or 1.)
        section_type = open_types[min(open_types)] if open_types else classify_section(hm.text)
        open_types[hm.level] = section_type
        headings.append(Heading(hm.level, hm.number, hm.marker, hm.text, section_type, start, end, hm.inline))
    paragraphs: list[Paragraph] = []
    h = -1
    for start, line in lines:
        while h + 1 < len(headings) and headings[h + 1].start <= start:
            h += 1
        is_heading = h >= 0 and headings[h].start == start
        section_type = headings[h].section_type if h >= 0 else PREAMBLE
        paragraphs.append(Paragraph(line, start, h if h >= 0 else None, section_type, is_heading))
    logger.debug("%s: %d headings, %d paragraphs", doc.doc_id, len(headings), len(paragraphs))
    return Report(
        doc_id=doc.doc_id,
        source=doc.source,
        title=title.text,
        title_source=title.source,
        text=text,
        headings=tuple(headings),
        paragraphs=tuple(paragraphs),
        enumerations=tuple(_enumerations(paragraphs, list_items)),
        metadata=doc.metadata,
    )
