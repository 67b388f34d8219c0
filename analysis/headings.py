"""Heading markers of a cleaned report's lines, which of them are headings, and each heading's level.

Marker kinds, from the outermost in: parts (``第一部分``, or an unmarked part line, below), chapters
(``第一章``), sections of chapters (``第一节``), then ``一、`` ``（一）`` ``1.`` ``（1）`` (levels 1–4 of an
ordinary report).  **Levels are relative to the document's own outermost markers**: the outer kinds the
document uses as headings take levels 1, 2, … in that order, and every other marker moves down by their
number.  A report numbered ``一、（一）1.`` keeps levels 1–3; a regulation with ``第一章`` and ``一、`` has
chapters at level 1 and ``一、`` at level 2; a report that starts at ``（一）`` keeps it at level 2.

**Articles** (``第一条 …``, when the document numbers them from 第一条, at least two) are numbered clauses
of a regulation, not headings: they stay body paragraphs of their chapter, and the numbered items that
follow an article (``（一）`` ``1.`` ``（1）``, until the next ``一、`` or outer heading, the kinds that
never number the 项/目 of an article) are its clauses, listed with the enumerations.  They are not listed
themselves: an article is a whole normative paragraph, not a short lead, and a regulation's forty articles
would swamp the lengths of ``一是…二是…`` lists that the structure statistics report.

**Numbered lists** (:func:`list_items`): ``一、二、…`` also numbers lists inside sections.  Within each
part or chapter, a run of ``一、`` markers is a list, not headings, when it restarts the numbering (the
second run starting at 一), when it comes after a deeper heading or after a paragraph numbered ``第一、``
(the part's own numbering), or when it follows a ``：`` and its items are sentences (median text longer
than :data:`MAX_UNMARKED_CHARS`).

**Unmarked part headings** (:func:`part_headings`): a report in two parts without markers (``2025年工作回顾``
/ ``2026年工作安排``), each with its own ``一、…四、``.  A part line is short (≤ :data:`MAX_PART_CHARS`,
no ``。！？；，：``), stands between a finished sentence and a longer line or a heading, and names a section
type by keyword.  Part lines are taken only when the report's own numbering shows the ``一、`` items to be
their sub-items: a part line precedes the first ``一、`` heading, there are at least two, and under each
later part the ``一、`` numbering restarts at 一 (or the part has none).

**Unmarked level-1 headings**: only when a report has no marked level-1 heading, a short keyword line
between sentences (≤ :data:`MAX_UNMARKED_CHARS`) and section numbers standing alone in sequence
(``一`` / ``二``) become level-1 headings with marker ``""`` / the numeral.

Everything here takes time linear in the number of lines: every step is one pass, and numbered lists keep,
for each last number, the runs ending at it in a heap (of one or two runs, in practice) instead of searching
all runs for each marker.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from heapq import heappop, heappush
from typing import NamedTuple

from analysis.sections import classify_section

MAX_HEADING_CHARS = 60  #: longest heading text taken from a marker line without a delimiter
MAX_UNMARKED_CHARS = 25  #: longest line that may become a heading without a marker
MAX_PART_CHARS = 30  #: longest line that may become an unmarked part heading
#: Outer marker kinds, outermost first (``第一部分``, ``第一章``, ``第一节``).
OUTER_KINDS: tuple[str, ...] = ("部分", "章", "节")
_OUTER = len(OUTER_KINDS)

_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_DIGITS |= {"八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "一二三四五六七八九十〇零两百"
_AR = "0-9０-９"
#: What ``\s`` matches (the characters for which ``str.isspace()`` holds) and the zero-width characters:
#: stripped from both ends of a line (``str.strip`` with a set: linear, where a regex ``\s*$`` is not).
BLANK_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"
)
#: (level, pattern); group "num" is the ordinal, group 0 the marker as written.
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"第(?P<num>[{_CN}]{{1,4}})(?:部分|章|节)[、：:.．\s]?")),
    (1, re.compile(rf"(?P<num>[{_CN}]{{1,4}})(?:、|[.．](?![{_AR}]))")),
    (2, re.compile(rf"[（(](?P<num>[{_CN}]{{1,4}})[）)][、．.]?")),
    (3, re.compile(rf"(?P<num>[{_AR}]{{1,2}})[.．、](?![{_AR}])")),
    (4, re.compile(rf"[（(](?P<num>[{_AR}]{{1,2}})[）)][、．.]?")),
)
#: First characters of every marker: a line starting otherwise is no heading (a quick test for body lines).
_MARKER_START = frozenset("第（(" + _CN + "0123456789０１２３４５６７８９")
_ARTICLE = re.compile(rf"第(?P<num>[{_CN}]{{1,6}})条")
_HEADING_END = re.compile(r"[。：:；;！？!?]")
_TRIM = "，、,;；。：: \u3000\xa0"
_SENTENCE_END = tuple("。！？；：:.!?;…”」』）)")
_CONTINUATION = tuple("》，。、；：）)”,.;:")
_BARE_NUMERAL = re.compile(r"[一二三四五六七八九十]{1,3}")
#: A paragraph numbered ``第一、`` (not a marker: ``第一、二季度`` is no heading), a part's own numbering.
_ORDINAL_PARAGRAPH = re.compile(r"第[一二三四五六七八九十]{1,3}、")
_NOT_HEADING_LINE = re.compile(r"[。！？；，,!?;：:]")


class HeadingMatch(NamedTuple):
    """What :func:`match_heading` reads from one line."""

    level: int  #: the marker's own level: 1 ``一、`` and the outer kinds, 2 ``（一）``, 3 ``1.``, 4 ``（1）``
    number: int
    marker: str
    text: str
    inline: bool

    @property
    def outer(self) -> int | None:
        """Index in :data:`OUTER_KINDS` of a ``第X部分/章/节`` marker, else None."""
        if not self.marker.startswith("第"):
            return None
        return next((k for k, kind in enumerate(OUTER_KINDS) if kind in self.marker), None)


class Found(NamedTuple):
    """A heading of a report: where its line starts, its level in the document, what its marker says."""

    start: int
    level: int
    match: HeadingMatch


@lru_cache(maxsize=4096)  # (a report reads the same few numerals in every marker: 2 µs each)
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
    if not line or line[0] not in _MARKER_START:
        return None
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


def match_article(line: str) -> int | None:
    """The number of an article line (``第十二条 …``), else None."""
    m = _ARTICLE.match(line) if line.startswith("第") else None
    if not m or not line[m.end() :].strip(_TRIM):
        return None
    number = parse_chinese_numeral(m["num"])
    return number or None


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset of first visible char, stripped line) for every non-empty line."""
    out = []
    start = 0  # of the line (``str.split``: a match object per line of ``[^\n]+`` cost twice as much)
    for line in text.split("\n"):
        left = line.lstrip(BLANK_CHARS)
        inner = left.rstrip(BLANK_CHARS)
        if inner:
            out.append((start + len(line) - len(left), inner))
        start += len(line) + 1
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


def unmarked_headings(lines: Sequence[tuple[int, str]], marked: set[int]) -> list[tuple[int, HeadingMatch]]:
    """Short keyword lines between sentences, as level-1 headings (for a report without marked ones)."""
    found = []
    for i, (start, line) in enumerate(lines):
        prev = lines[i - 1][1] if i else ""
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if start not in marked and _is_unmarked_heading(line, prev, nxt):
            found.append((start, HeadingMatch(1, 0, "", line.rstrip(_TRIM), False)))
    return found


def bare_numeral_headings(lines: Sequence[tuple[int, str]]) -> list[tuple[int, HeadingMatch]]:
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


def _is_part_line(line: str, prev: str, nxt: str, nxt_is_heading: bool) -> bool:
    return (
        len(line) <= MAX_PART_CHARS
        and not _NOT_HEADING_LINE.search(line)
        and (not prev or prev.endswith(_SENTENCE_END))
        and (nxt_is_heading or len(nxt) > len(line))
        and not line.startswith(("关于", "——", "--"))
        and not nxt.startswith(_CONTINUATION)
        and classify_section(line) != "other"
    )


def part_headings(
    lines: Sequence[tuple[int, str]], marked: Sequence[tuple[int, HeadingMatch]], skip: set[int]
) -> list[tuple[int, HeadingMatch]]:
    """Unmarked part lines (module docstring) as headings ``HeadingMatch(1, k, "", text, False)``.

    ``marked`` are the report's marker headings in order, ``skip`` the offsets of lines that are no
    candidates (markers, articles).
    """
    firsts = [start for start, hm in marked if hm.level == 1 and hm.outer is None]
    if not firsts or any(hm.outer is not None for _, hm in marked):
        return []
    starts = {start for start, _ in marked}
    candidates = []
    for i, (start, line) in enumerate(lines):
        if start in skip or len(line) > MAX_PART_CHARS:  # (the first test of _is_part_line, made here)
            continue
        prev = lines[i - 1][1] if i else ""
        nxt_start, nxt = lines[i + 1] if i + 1 < len(lines) else (-1, "")
        if _is_part_line(line, prev, nxt, nxt_start in starts):
            candidates.append(start)
    last_mark = max((s for s in starts if s < firsts[0]), default=-1)  # a part line comes after it
    before = [c for c in candidates if last_mark < c < firsts[0]]
    if not before:
        return []
    parts = [before[-1], *(c for c in candidates if c > firsts[0])]
    # the 一、 numbering must restart under each later part (or the part has no 一、 items)
    level1 = iter((start, hm.number) for start, hm in marked if hm.level == 1)
    pending = next(level1, None)
    for k, part in enumerate(parts):
        while pending is not None and pending[0] < part:
            pending = next(level1, None)
        end = parts[k + 1] if k + 1 < len(parts) else None
        if k and pending is not None and (end is None or pending[0] < end) and pending[1] != 1:
            return []
    if len(parts) < 2:
        return []
    by_start = dict(lines)
    return [(s, HeadingMatch(1, k, "", by_start[s].rstrip(_TRIM), False)) for k, s in enumerate(parts, 1)]


def article_clauses(
    lines: Sequence[tuple[int, str]], marked: Sequence[tuple[int, HeadingMatch]]
) -> tuple[set[int], dict[int, HeadingMatch]]:
    """(offsets of article lines, the clauses of articles by offset) — module docstring."""
    articles = {start for start, line in lines if match_article(line) is not None}
    first = next((line for start, line in lines if start in articles), "")
    if len(articles) < 2 or match_article(first) != 1:
        return set(), {}
    by_start = dict(marked)
    clauses: dict[int, HeadingMatch] = {}
    in_article = False
    for start, _ in lines:
        hm = by_start.get(start)
        if start in articles:
            in_article = True
        elif hm is not None and hm.level == 1:
            in_article = False
        elif hm is not None and in_article:
            clauses[start] = hm
    return articles, clauses


def list_items(
    found: Sequence[tuple[int, HeadingMatch]], lines: Sequence[tuple[int, str]], parts: set[int]
) -> dict[int, HeadingMatch]:
    """The ``一、`` lines of ``found`` that are items of numbered lists (module docstring), by offset.

    ``parts`` are the offsets of unmarked part headings, which start a new part like ``第二部分``.
    """
    by_start = dict(found)
    line_before: dict[int, str] = {}
    items: dict[int, HeadingMatch] = {}
    groups: list[list[tuple[int, HeadingMatch | None]]] = [[]]  # None: an ordinal paragraph 第一、
    for i, (start, line) in enumerate(lines):
        hm = by_start.get(start)
        if hm is None:
            if line.startswith("第") and _ORDINAL_PARAGRAPH.match(line):
                groups[-1].append((start, None))
            continue
        line_before[start] = lines[i - 1][1] if i else ""
        if hm.outer is not None or start in parts:
            groups.append([])
        else:
            groups[-1].append((start, hm))
    for group in groups:
        runs: list[list[tuple[int, HeadingMatch]]] = []
        # last number of a run → max-heap (negated indices) of the runs ending so; the run extended is always
        # the latest run ending so, or the latest run of all: the top of its heap
        ending: dict[int, list[int]] = defaultdict(list)
        nested = False  # a deeper heading (or a 第一、 paragraph) comes before the group's first run
        for start, hm in group:
            if hm is None or hm.level != 1 or not hm.marker:
                nested = nested or not runs
            elif hm.number == 1 or not runs:
                runs.append([(start, hm)])
                heappush(ending[hm.number], -(len(runs) - 1))
            else:
                # 二、 after a list of 一、二、 resumes the run it follows in number (the latest such run)
                follows = ending.get(hm.number - 1)
                index = -follows[0] if follows else len(runs) - 1
                heappop(ending[runs[index][-1][1].number])
                runs[index].append((start, hm))
                heappush(ending[hm.number], -index)
        if not runs:
            continue
        first = runs[0]
        lengths = sorted(len(hm.text) for _, hm in first)
        sentences = lengths[len(lengths) // 2] > MAX_UNMARKED_CHARS
        introduced = line_before[first[0][0]].endswith(("：", ":"))
        for run in runs[0 if nested or (introduced and sentences) else 1 :]:
            items.update(run)
    return items


def assign_levels(found: Sequence[tuple[int, HeadingMatch]], parts: set[int]) -> list[Found]:
    """Levels relative to the document's outermost markers (module docstring)."""

    def rank(start: int, hm: HeadingMatch) -> int:
        if start in parts:
            return 0
        outer = hm.outer
        return outer if outer is not None else _OUTER - 1 + hm.level

    ranks = [rank(start, hm) for start, hm in found]
    used = sorted({r for r in ranks if r < _OUTER})
    shift = {r: k + 1 for k, r in enumerate(used)}
    return [
        Found(start, shift[r] if r < _OUTER else hm.level + len(used), hm)
        for (start, hm), r in zip(found, ranks, strict=True)
    ]


def find_headings(lines: Sequence[tuple[int, str]]) -> tuple[list[Found], dict[int, HeadingMatch]]:
    """The headings of a report's body lines, in order with their levels, and its list items by offset
    (items of numbered lists and clauses of articles)."""
    marked = [(start, hm) for start, line in lines if (hm := match_heading(line)) is not None]
    articles, clauses = article_clauses(lines, marked)
    marked = [(start, hm) for start, hm in marked if start not in clauses]
    parts = part_headings(lines, marked, {start for start, _ in marked} | articles)
    part_starts = {start for start, _ in parts}
    found = sorted(marked + parts, key=lambda item: item[0])
    items = list_items(found, lines, part_starts)
    found = [(start, hm) for start, hm in found if start not in items]
    if not any(hm.level == 1 for _, hm in found):
        found += unmarked_headings(lines, {start for start, _ in found} | articles)
        found += bare_numeral_headings(lines)
        found.sort(key=lambda item: item[0])
        count = 0
        for i, (start, hm) in enumerate(found):
            if hm.level == 1 and not hm.marker:
                count += 1
                found[i] = (start, hm._replace(number=count))
    return assign_levels(found, part_starts), items | clauses
