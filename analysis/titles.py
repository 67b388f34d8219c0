"""The title of a cleaned report: its own title line, else metadata, else the file name.

A report copied from the web or a library starts with its title, possibly over two lines (a main title without
a genre word and a ``——在…上的报告`` subtitle that names the document).  Page chrome is removed before this
stage (:mod:`analysis.boilerplate`), so the title is looked for among the first lines of the cleaned text,
before the report's first sentence, salutation or heading:

1. **title line** – the first *title-shaped* line (at most :data:`MAX_TITLE_CHARS` characters,
   no sentence punctuation ``。！？；``, not a salutation ending in ``：``, not a ``——`` subtitle,
   not a heading, not a line broken at a link, at least two CJK characters); a line that names a
   document genre (:data:`GENRE_RE`: ``报告``, ``总结``, ``讲话``, ``意见``, ``方案`` …) wins over an
   earlier one that does not.  When the title names no genre and is followed by a dash subtitle that
   does (``——在…代表大会上的报告``), the two are joined: the subtitle is what makes the line a title.
   A two-line main title before such a subtitle is joined with a space.
2. **metadata** – ``metadata["title"]`` (a ``metadata.csv`` column), when the text has no title line.
3. **file name** – the file's stem without numbering prefixes (``07_``, ``（3）``, ``第3篇-``), copy marks
   (``(1)``, ``_副本``) and trailing hex hashes, when it holds at least two CJK characters
   (``001_4ec829123300ccfd`` is not a title).
4. **none** – ``""``.

The lines taken as the title are not paragraphs of the report; lines before them stay preamble paragraphs,
so nothing of the text is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import NamedTuple

MAX_TITLE_CHARS = 60  #: a longer line is body text, not a title
#: How many leading lines may stand before the title (a document code, issuing organs, a date).
TITLE_SEARCH_LINES = 8

TITLE_LINE = "title line"
TITLE_METADATA = "metadata"
TITLE_FILE_NAME = "file name"
TITLE_NONE = "none"
TITLE_SOURCES: tuple[str, ...] = (TITLE_LINE, TITLE_METADATA, TITLE_FILE_NAME, TITLE_NONE)

#: Nouns that name a document genre at (or near) the end of a title.
GENRE_RE = re.compile(
    r"(?:报告|总结|讲话|发言|致辞|汇报|述职|自评|材料|意见|通知|方案|规划|纲要|计划|办法|规定|条例|细则|决定|决议"
    r"|公报|说明|要点|情况|分析|评价|体会|心得)[）)》”]?(?:[（(][^（()）]{1,8}[）)])?$"
)
_SENTENCE_PUNCT = re.compile(r"[。！？；!?;]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
DASH_SUBTITLE = re.compile(r"^(?:——|—|--|－－)")
_CONTINUATION = tuple("》，。、；：）)”,.;:")

#: File-name decorations that are not part of a title.
_NAME_PREFIX = re.compile(
    r"^(?:[0-9０-９]{1,4}[_\-.．、\s]+|[（(【\[][0-9０-９]{1,4}[）)】\]][_\-\s]*|第[0-9０-９一二三四五六七八九十]+篇[_\-\s：:]*)+"
)
_NAME_SUFFIX = re.compile(r"(?:[_\-\s]*(?:[（(][0-9０-９]{1,3}[）)]|副本|copy|[0-9a-fA-F]{8,}))+$")


class TitleChoice(NamedTuple):
    """The title found for a report, where it came from, and which leading lines it took."""

    text: str
    source: str  #: one of TITLE_SOURCES
    first_line: int = 0  #: index of the first line taken as the title
    n_lines: int = 0  #: lines taken as the title (0 when it does not come from the text)


#: A speaker or author line: an office (or a date and an office) and a name of one to four characters
#: after a space (``县长 某某某``, ``国务院总理　某某``): never a title.
_SPEAKER = re.compile(r"^\S.{1,40}?[\s\u3000]+\S{1,4}$")
#: A whole line in brackets (``（2026年1月23日在…会议上）``) or a date alone: never a title.
_NOT_A_TITLE = re.compile(
    r"^[（(].*[）)]$|^[0-9〇一二三四五六七八九十]{2,4}年[0-9一二三四五六七八九十]{1,2}月"
)


def is_title_shaped(line: str) -> bool:
    """Short, at least two CJK characters, no sentence mark, not a salutation, subtitle, speaker line, note
    in brackets or date (the shape alone; :func:`find_title` also looks at the neighbours)."""
    return (
        len(line) <= MAX_TITLE_CHARS
        and len(_CJK.findall(line)) >= 2
        and not _SENTENCE_PUNCT.search(line)
        and not line.endswith(("：", ":"))
        and not DASH_SUBTITLE.match(line)
        and not (_SPEAKER.match(line) and not GENRE_RE.search(line))
        and not _NOT_A_TITLE.match(line)
    )


def _is_title_shaped(line: str, following: Sequence[str], *, is_heading: bool) -> bool:
    return (
        is_title_shaped(line)
        and len(line) <= MAX_TITLE_CHARS
        and len(_CJK.findall(line)) >= 2
        and not _SENTENCE_PUNCT.search(line)
        and not line.endswith(("：", ":"))  # 各位代表： 同志们：
        and not DASH_SUBTITLE.match(line)
        and not any(nxt.startswith(_CONTINUATION) for nxt in following[:2])  # a line broken at a link
        and not is_heading
    )


def _ends_preamble(line: str, *, is_heading: bool) -> bool:
    """The report proper has begun: a sentence, a salutation or a heading."""
    return is_heading or bool(_SENTENCE_PUNCT.search(line)) or line.endswith(("：", ":"))


def title_from_file_name(source: str) -> str:
    """``dir/07_2026年某市政府工作报告(1).txt`` → ``2026年某市政府工作报告``.

    ``""`` when fewer than two CJK characters are left (a hash is not a title).
    """
    stem = PurePosixPath(source).stem
    name = _NAME_SUFFIX.sub("", _NAME_PREFIX.sub("", stem)).strip(" _-")
    return name if len(_CJK.findall(name)) >= 2 else ""


#: What a page adds to a title line: a site's name after a separator (``…报告_某市人民政府网``,
#: ``…报告 - 某某新闻网``), a date and time (``…报告 2026-01-20 09:30``), a bracketed toolbar
#: (``…报告【字体：大 中 小】``).
_SITE_SUFFIX = re.compile(r"\s*(?:[_｜|]|\s[-－—]\s)\s*[^_｜|]{2,24}$")
_DATE_SUFFIX = re.compile(
    r"\s*[\[【(（]?(?:19|20)[0-9]{2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?[\]】)）]?$"
)
_TOOLBAR_SUFFIX = re.compile(r"\s*(?:[【\[][^】\]]{0,12}[】\]]\s*)+$")


def undecorated(line: str) -> str:
    """``line`` without what a page appended to the title: a bracketed toolbar, a date stamp, and a site
    name after ``_``/``|``/`` - `` when what is left names a document genre (``2026年某市政府工作报告``).

    Only lines a title could be part of are looked at (at most twice :data:`MAX_TITLE_CHARS`): the suffix
    patterns are anchored at the end and would backtrack over a long run of spaces.
    """
    if len(line) > 2 * MAX_TITLE_CHARS:
        return line
    for suffix in (_TOOLBAR_SUFFIX, _DATE_SUFFIX):
        cut = suffix.sub("", line)
        if cut and cut != line and len(_CJK.findall(cut)) >= 2:
            line = cut
    cut = _SITE_SUFFIX.sub("", line)
    if cut != line and GENRE_RE.search(cut):
        line = cut
    return line


def find_title(
    lines: Sequence[str],
    *,
    headings: Sequence[bool],
    metadata: Mapping[str, str],
    source: str,
) -> TitleChoice:
    """The report's title (module docstring); ``lines`` are its stripped non-empty lines, ``headings`` marks
    which of them start with a heading marker."""
    lines = [undecorated(line) for line in lines[: TITLE_SEARCH_LINES + MAX_TITLE_LINES]]
    candidates: list[int] = []
    for i, line in enumerate(lines[:TITLE_SEARCH_LINES]):
        if _is_title_shaped(line, lines[i + 1 : i + 3], is_heading=headings[i]):
            candidates.append(i)
        elif _ends_preamble(line, is_heading=headings[i]):
            break
    if candidates:
        named = [i for i in candidates if GENRE_RE.search(lines[i])]
        first = named[0] if named else candidates[0]
        first, last = _balanced(lines, first)
        if last == first and first - 1 in candidates and _broken_between(lines[first - 1], lines[first]):
            first -= 1  # ``某某软件预置`` / ``和分发管理暂行规定``: a title broken at a function word
            last = first + 1
        if last > first:  # a title broken inside 《…》: ``关于印发《某办法`` / ``（试行）》的通知``
            return TitleChoice("".join(lines[first : last + 1]), TITLE_LINE, first, last - first + 1)
        return _with_subtitle(lines, first)
    meta = str(metadata.get("title", "") or "").strip()
    if meta:
        return TitleChoice(meta, TITLE_METADATA)
    from_name = title_from_file_name(source)
    if from_name:
        return TitleChoice(from_name, TITLE_FILE_NAME)
    return TitleChoice("", TITLE_NONE)


#: Characters that cannot end or start a title: a line ending or starting with one was broken.
_FUNCTION_CHARS = "和与及的之等或并"


def _broken_between(above: str, below: str) -> bool:
    """``above`` and ``below`` are one title broken at a function word, and short enough together."""
    joined = len(above) + len(below) <= MAX_TITLE_CHARS
    return joined and (above[-1] in _FUNCTION_CHARS or below[0] in _FUNCTION_CHARS)


_PAIRS = (("《", "》"), ("“", "”"), ("（", "）"), ("(", ")"))
#: Most lines a title broken inside brackets is joined over.
MAX_TITLE_LINES = 3


def _imbalance(text: str) -> int:
    """Open brackets minus closed ones: > 0 the text continues below, < 0 it began above."""
    return sum(text.count(a) - text.count(b) for a, b in _PAIRS)


def _balanced(lines: Sequence[str], index: int) -> tuple[int, int]:
    """The lines ``first..last`` around ``index`` that close the brackets it opens or closes (at most
    :data:`MAX_TITLE_LINES`, none a sentence); ``(index, index)`` when they do not balance."""
    first = last = index
    while (
        _imbalance("".join(lines[first : last + 1])) < 0 and first > 0 and last - first + 1 < MAX_TITLE_LINES
    ):
        first -= 1
    while (
        _imbalance("".join(lines[first : last + 1])) > 0
        and last + 1 < len(lines)
        and last - first + 1 < MAX_TITLE_LINES
    ):
        last += 1
    joined = "".join(lines[first : last + 1])
    if _imbalance(joined) != 0 or _SENTENCE_PUNCT.search(joined) or len(joined) > 2 * MAX_TITLE_CHARS:
        return index, index
    return first, last


def _with_subtitle(lines: Sequence[str], first: int) -> TitleChoice:
    """The title line at ``first``, joined with a second title line and a dash subtitle naming the genre."""
    title = lines[first]
    if GENRE_RE.search(title):
        return TitleChoice(title, TITLE_LINE, first, 1)
    for n_main in (1, 2):
        k = first + n_main
        if k >= len(lines):
            break
        subtitle = lines[k]
        names_genre = GENRE_RE.search(subtitle) and not _SENTENCE_PUNCT.search(subtitle)
        if DASH_SUBTITLE.match(subtitle) and names_genre:
            main = " ".join(lines[first:k])
            return TitleChoice(main + subtitle, TITLE_LINE, first, n_main + 1)
        if not _is_title_shaped(subtitle, lines[k + 1 : k + 3], is_heading=False):
            break  # a second main-title line must look like a title itself
    return TitleChoice(title, TITLE_LINE, first, 1)
