"""Shapes of page chrome: one stripped line in, a rule name (or a verdict) out.

These recognise what a line *is* (a row of commands, a path, a list of ``label：value`` fields, a time stamp,
a photo credit, a reprint notice), not which site printed it, so they work on pages never seen.  They are
applied by :mod:`analysis.boilerplate` to the lines above and below the report (the head and tail), where a
report has no body text; captions and reprint notices are also recognised between paragraphs.  None of them
matches a line that ends with ``。``.

=============  =============================================================================================
rule           shape
=============  =============================================================================================
``toolbar``    three or more items of at most four characters (``下载 打印 收藏``, ``【字号：大 中 小】``),
               or two such items with an explicit separator (``打印 | 关闭``) or in brackets
``breadcrumb`` two or more short items (≤ 12 characters) joined by ``> ＞ » › →`` (or three by ``/``)
``byline``     ``label：value`` fields (label: two to six CJK characters): two or more of them, or one whose
               value holds a numeric date or clock time, or one whose label ends with a byline noun
               (:data:`BYLINE_NOUNS`: 来源, 作者, 编辑, 记者 …)
``timestamp``  only a numeric date and/or time (``2026-01-21 09:30``, ``[ 2026/1/21 ]``), or a short text
               followed by one (``某某晚报 2025-03-23 19:38``, a dated link ``某县召开全会 2025-01-25``)
``dateline``   a short line holding a numeric date with a clock time (``原创 某某 2026-01-22 18:30``)
``symbols``    no letter, digit or CJK character at all (``】``, ``>>``, ``|``, ``▲``)
``caption``    a photo credit: ends with ``摄`` after a space, a slash or a ``记者 …`` byline, or ``供图``;
               or a short ``图为…`` / ``图：…`` line
``link list``  (below the report only) a short label heading a list of links: ``相关阅读：``, ``【推荐】``
``notice``     a reprint or navigation notice (``转载请注明出处``, ``下一篇``, ``返回列表``, ``打印本页``,
               ``版权所有``, ``ICP备``), or a bare URL
=============  =============================================================================================
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.normalize import CJK, CJK_RE

#: Nouns that end the label of a page's byline field (``来源：``, ``责任编辑：``, ``发布时间：``).
BYLINE_NOUNS = (
    "来源|出处|作者|编辑|责编|记者|通讯员|摄影|供稿|审核|校对|发布|时间|日期|浏览|点击|阅读|访问|字号|字体"
)

_SENTENCE = re.compile(r"[。！？!?；;]")
#: A heading marker at the start of a line (``一、`` ``（一）`` ``第一章`` ``1.``): never page chrome.
HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百]+[）)]|第[一二三四五六七八九十百]+[章节部分条]"
    r"|[0-9０-９]{1,2}[.．、](?![0-9０-９])|[（(][0-9０-９]{1,2}[）)])"
)
_HEADING = HEADING_START
_NUMERIC_DATE = re.compile(
    r"(?<![0-9.])(?:19|20)[0-9]{2}(?:-[0-9]{1,2}-[0-9]{1,2}|/[0-9]{1,2}/[0-9]{1,2}|\.[0-9]{1,2}\.[0-9]{1,2}"
    r"|年[0-9]{1,2}月[0-9]{1,2}日)(?![0-9])"
)
_CLOCK = re.compile(r"(?<![0-9])[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?(?![0-9])")
_TIMESTAMP = re.compile(
    r"^[\[【(（]?\s*(?:[0-9]{4}\s*[-/.]\s*[0-9]{1,2}\s*[-/.]\s*[0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
    r"|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日\s*[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?)\s*[\]】)）]?$"
)
_FIELD = re.compile(
    r"(?:^|(?<=[\s|｜/【\[(（]))[【\[]?(?P<label>[\u4e00-\u9fff]{2,6})[】\]]?\s*[:：]\s*(?P<value>[^\s:：|｜]*)"
)
_BYLINE_LABEL = re.compile(f"(?:{BYLINE_NOUNS})$")
_ITEM_SPLIT = re.compile(r"[\s|｜/·•【】\[\]「」]+|[:：](?=\s|$)|[:：]")
_EXPLICIT_SEPARATOR = re.compile(r"[|｜·•]|[】\]]\s*[【\[]|^[【\[].*[】\]]$")
_CRUMB = re.compile(r"\s*(?:>>?|＞|»|›|→)\s*")
_SLASH = re.compile(r"\s*[/／]\s*")
_ATTACHMENT = re.compile(r"^附\s*[件表录]")
#: A date, written out or blank to fill in (``2021 年 11 月``, ``年  月  日``): never a toolbar.
_DATE_FORM = re.compile(
    r"^[0-9〇零一二三四五六七八九十\s]*年[0-9一二三四五六七八九十\s]*月(?:[0-9一二三四五六七八九十\s]*日)?$"
)
_LETTER = re.compile(f"[0-9A-Za-z{CJK}□]")  # □: a placeholder
_CAPTION = re.compile(
    r"(?:(?:\s|[/／]|记者|通讯员|摄影)[^。！？]{0,16}摄|供图|摄影报道)[）)]?$|^[（(]?图[为：:片]\S"
)
_REPRINT = re.compile(
    r"如若转载|转载请注明|请注明出处|转载请保留|网友(?:为您|为大家|们?精心)|^【参考】"
    r"|^本(?:文档|文|站|网)(?:由|为|来自|内容|资料).{0,20}(?:上传|仅供|转载|版权|来源|整理)|仅供(?:学习|参考)交流"
)
_NOTICE = re.compile(
    r"^.{0,4}(?:下一篇|上一篇|返回列表|返回首页|返回顶部|打印本页|关闭窗口)"
    r"|^.{0,12}(?:阅读全文|继续阅读|展开全文|阅读原文|查看全文|查看原文)"
    r"|版权所有|ICP备|公网安备|网站标识码|^(?:https?://|www\.)\S+$",
    re.IGNORECASE,
)
#: Longest line a toolbar, breadcrumb or byline may be (characters).
MAX_CHROME_LINE = 100
#: Longest item of a toolbar (characters): commands are one to four characters (``打印``, ``QQ空间``).
MAX_COMMAND = 4
#: Least lines of a vertical toolbar (one command per line).
MIN_VERTICAL_RUN = 3


def _items(line: str) -> list[str]:
    return [item for item in _ITEM_SPLIT.split(line) if item]


def is_toolbar(line: str, *, separated: bool = False) -> bool:
    """A row of short commands (module docstring); ``separated``: only rows with explicit separators or
    brackets (below a report, where a table's header row can also be a row of short words)."""
    if (
        len(line) > MAX_CHROME_LINE
        or _SENTENCE.search(line)
        or _HEADING.match(line)
        or _DATE_FORM.match(line)
    ):
        return False
    items = _items(line)
    if not items or not CJK_RE.search(line) or any(len(item) > MAX_COMMAND for item in items):
        return False
    explicit = bool(_EXPLICIT_SEPARATOR.search(line))
    if all(len(item) == 1 for item in items) and not explicit:
        return False  # letter-spaced text (济 南 市 公 安 局), not commands (【大 中 小】 is bracketed)
    if separated and not explicit:
        return False
    return len(items) >= 3 or (len(items) == 2 and explicit)


def is_breadcrumb(line: str) -> bool:
    """Short items joined by ``>``-like arrows (or three by slashes)."""
    if len(line) > MAX_CHROME_LINE or _SENTENCE.search(line) or not CJK_RE.search(line):
        return False
    for separator, least in ((_CRUMB, 2), (_SLASH, 3)):
        parts = [part for part in separator.split(line.strip("【】[]")) if part]
        if len(parts) < least or len(separator.findall(line)) < least - 1:
            continue
        # every step is short; after arrows the last may be the page's own title (``首页 > 要闻 > 某市…报告``)
        short = parts if len(parts) == 2 or separator is _SLASH else parts[:-1]
        if all(len(part) <= 12 for part in short):
            return True
    return False


def is_byline(line: str) -> bool:
    """``label：value`` fields of a page's article header or footer."""
    if len(line) > MAX_CHROME_LINE or line.endswith("。") or _HEADING.match(line):
        return False
    fields = [m for m in _FIELD.finditer(line) if m["value"] or m.end() < len(line)]
    if not fields:
        return False
    if len(fields) >= 2 or _NUMERIC_DATE.search(line) or _CLOCK.search(line):
        return not _SENTENCE.search(line.replace("：", "").replace(":", ""))
    label = fields[0]["label"]
    return bool(_BYLINE_LABEL.search(label)) and fields[0].start() == 0 and not _SENTENCE.search(line)


_DATED = re.compile(
    r"^(?P<text>[^。！？!?；;]{1,60}?)[\s\u3000]+[\[【(（]?(?:19|20)[0-9]{2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"
    r"(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?[\]】)）]?$"
)


#: A counter of a page: ``阅读 2345``, ``点赞 12``, ``浏览：1.2万``.
_COUNTER = re.compile(
    r"^(?:阅读|浏览|点击|点赞|评论|转发|收藏|分享|在看|访问|人气|热度)(?:量|数|次数)?[:：]?\s*[0-9][0-9.,]*[万千+]?"
    r"\s*(?:次|人)?$"
)


def is_timestamp(line: str) -> bool:
    """Only a numeric date and/or time; a short text followed by one (a source and its time,
    ``某某晚报 2025-03-23 19:38``, or an item of a list of links, ``某县召开全会 2025-01-25``); or a page's
    counter (``阅读 2345``)."""
    return bool(_TIMESTAMP.match(line) or _DATED.match(line) or _COUNTER.match(line))


def is_dateline(line: str) -> bool:
    """A short line, not a sentence, holding a numeric date with a clock time: when and where a page was
    posted (``原创 某某 2026-01-22 18:30 发表于某地``)."""
    return (
        len(line) <= MAX_CHROME_LINE
        and not _SENTENCE.search(line)
        and bool(_NUMERIC_DATE.search(line))
        and bool(_CLOCK.search(line))
    )


def is_symbols(line: str) -> bool:
    """No letter, digit or CJK character."""
    return not _LETTER.search(line)


def is_caption(line: str) -> bool:
    """A photo credit or caption (never a heading, never a line ending with ``。``)."""
    return (
        len(line) <= 160
        and not line.endswith("。")
        and not _HEADING.match(line)
        and bool(_CAPTION.search(line))
        and (not line.startswith(("图", "（图", "(图")) or len(line) <= 80)
    )


def is_reprint_notice(line: str) -> bool:
    """A reprint notice or a portal's teaser (``转载请注明出处``, ``…网友为您精心整理…``), wherever it stands
    (never a line ending with ``。``)."""
    return len(line) <= 200 and not line.endswith("。") and bool(_REPRINT.search(line))


def is_notice(line: str) -> bool:
    """A navigation or site notice (``下一篇``, ``打印本页``, ``版权所有``, ``ICP备``) or a bare URL: above or
    below the report only (a form inside a document may ask for an ICP number)."""
    return len(line) <= 200 and not line.endswith("。") and bool(_NOTICE.search(line))


_LIST_LABEL = re.compile(r"^(?:[【\[][^】\]]{2,6}[】\]]|[^，。！？,\s]{2,5}(?:[:：]|>>|»|＞＞))$")


def is_list_label(line: str) -> bool:
    """A short label heading a list of links below an article (``相关阅读：``, ``【推荐】``, ``更多>>``).

    Only meaningful below the report: above it the same shape is a salutation (``各位代表：``).
    """
    return bool(_LIST_LABEL.match(line))


_LINE_RULES = (
    ("notice", is_notice),
    ("timestamp", is_timestamp),
    ("symbols", is_symbols),
    ("breadcrumb", is_breadcrumb),
    ("byline", is_byline),
    ("dateline", is_dateline),
)


def line_shape_rule(line: str, *, tail: bool = False) -> str | None:
    """The first shape rule that ``line`` matches, or None; ``tail``: below the report, where a toolbar must
    have explicit separators."""
    for name, test in _LINE_RULES:
        if test(line):
            return name
    if is_toolbar(line, separated=tail):
        return "toolbar"
    return None


def vertical_toolbar_runs(lines: Sequence[str]) -> list[list[int]]:
    """Runs of at least :data:`MIN_VERTICAL_RUN` consecutive lines that are one command each (at most
    :data:`MAX_COMMAND` characters, no sentence mark, not a heading) or symbols only."""
    runs: list[list[int]] = []
    current: list[int] = []
    for k, line in enumerate([*lines, ""]):
        short = bool(line) and (
            is_symbols(line)
            or (
                len(line) <= MAX_COMMAND
                and not _SENTENCE.search(line)
                and not _HEADING.match(line)
                and not _ATTACHMENT.match(line)
                and not line.isdigit()
            )
        )
        if short:
            current.append(k)
            continue
        if sum(not is_symbols(lines[i]) for i in current) >= MIN_VERTICAL_RUN:
            runs.append(current)
        current = []
    return runs
