"""Page chrome and repeated notices: learned from the corpus, recognised by shape, never taken from a list.

Reports are collected by copying them from portals and online libraries, so a file holds the report and the
page around it: toolbars, breadcrumbs, date/source lines, photo captions, related-link tails, site footers and
licence notices.  What chrome *is* differs from site to site; what it *does* does not:

* **It recurs at the edges of many documents** (:func:`learn_chrome`).  A site prints the same toolbar and
  the same footer on every page, a library the same licence under every work.  The corpus model counts, for
  every line near a document's edges (the first and last :data:`EDGE_LINES` lines; digits masked, so
  ``浏览：123`` and ``浏览：98`` are one line), in how many documents it occurs, and the same for each pair of
  adjacent lines.  A line or pair found in at least ``min_docs`` documents *recurs*.
* **It has the shape of page chrome** (:mod:`analysis.chrome_shapes`): commands of one to four characters in
  a row, ``>``-separated breadcrumbs, ``label：value`` fields with dates, ``…摄`` captions, reprint notices.

A document is read as *head* (lines before its first body line), *body* and *tail* (lines after its last
body line), a line joined with the lines that continue it (a line starting with ``，。》…``: a web page
broke it at a link).  The body starts at a sentence (a line holding ``。！？`` and at least
:data:`MIN_SENTENCE_CJK` CJK characters), a heading (``一、…``) or a salutation (``各位代表：``) and ends at a
sentence or a heading.  Removed are, with the rule named in ``boilerplate.csv``:

``recurring block``  a notice: a run of recurring lines from the first or last line of the document, cut to
                     the notice's own lines (:func:`_strip_recurring_blocks`); a closing formula that several
                     reports share stays, and so does a report found in several files;
``recurring``        in the head, a recurring line above the title (site and channel names), or any recurring
                     line of a head without a title, except a title naming a genre, a ``——`` subtitle, a
                     salutation or addressee line and a date; in the tail, a line that recurs together with a
                     neighbour (a site's footer template);
``after footer``     in the tail, once a footer has begun (:data:`FOOTER_RULES`), every line up to the next
                     sentence, except a signature block, a date, a document number, an ``附件`` line and a
                     whole-line note in brackets (``（此件公开发布）``);
``link list``        a short label heading a list of links below the report (``相关阅读：``);
``footer``           up to three short lines right above the first line of a footer (``延伸阅读``);
shape rules          (:mod:`analysis.chrome_shapes`) in the head and tail; captions and reprint notices
                     anywhere;
``contents``         a table of contents above the first sentence whose entries come back below as headings;
``repeated title``   a title repeated within the next lines, with the portal teaser between
                     (:func:`analysis.clean.repeated_title_lines`).

A line ending in ``。`` inside the body is never removed.  Every removed line is returned as a
:class:`~analysis.records.RemovedLine` (line number, rule, text), so a user can check that nothing real
went.  On a corpus of one or two files only the shape rules and the head/tail rules apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from analysis.chrome_model import (
    EDGE_SPACE,
    CorpusChrome,
    is_sentence,
    line_key,
    units,
)
from analysis.chrome_shapes import (
    HEADING_START,
    is_caption,
    is_list_label,
    is_reprint_notice,
    line_shape_rule,
    vertical_toolbar_runs,
)
from analysis.contents import contents_lines
from analysis.normalize import OPENERS
from analysis.records import RemovedLine
from analysis.titles import DASH_SUBTITLE, GENRE_RE, is_title_shaped

T = TypeVar("T")

#: A recurring block holds at most this share of a document's characters (a notice, not the report).
MAX_BLOCK_SHARE = 0.5

_HEADING = HEADING_START
_SALUTATION = re.compile(r"^[^，。！？,]{1,20}[：:！!]$")
_CN_DATE = re.compile(
    r"^[（(]?[0-9〇○零一二三四五六七八九十]{2,4}\s*年\s*[0-9一二三四五六七八九十]{1,2}\s*月"
    r"(?:\s*[0-9一二三四五六七八九十]{1,3}\s*日)?[^，。！？]{0,4}[）)]?$"
)
#: A whole line in brackets below the report: an official note (``（此件公开发布）``), not page chrome.
_NOTE = re.compile(r"^[（(][^（()）]{2,30}[）)]$")
#: Most lines of a signature block (issuing organs above the date).
MAX_SIGNATURE_LINES = 6
_DOC_NUMBER = re.compile(r"[〔\[［(（][0-9]{4}[〕\]］)）][0-9]+号")
_ATTACHMENT = re.compile(r"^附\s*[件表录：:]")


def _starts_body(line: str) -> bool:
    return is_sentence(line) or bool(_HEADING.match(line)) or bool(_SALUTATION.match(line))


def _ends_body(line: str) -> bool:
    return is_sentence(line) or bool(_HEADING.match(line))


_is_title_shaped = is_title_shaped


def _protected_tail(lines: Sequence[str]) -> set[int]:
    """Positions in ``lines`` (the tail) that belong to the report: a signature block (up to
    :data:`MAX_SIGNATURE_LINES` short lines right above a Chinese date: the issuers), the date,
    a document number, an ``附件`` line and a whole-line note in brackets (``（此件公开发布）``)."""
    protected = {
        k
        for k, line in enumerate(lines)
        if _CN_DATE.match(line) or _DOC_NUMBER.search(line) or _ATTACHMENT.match(line) or _NOTE.match(line)
    }
    for date in (k for k, line in enumerate(lines) if _CN_DATE.match(line)):
        k = date - 1  # the issuing organs: short lines right above the date
        while k >= 0 and date - k <= MAX_SIGNATURE_LINES and len(lines[k]) <= 30:
            protected.add(k)
            k -= 1
    return protected


class _Lazy(Generic[T]):
    """``func`` of each of ``items``, computed when first read: the rules read the keys of the lines near a
    document's edges, not of the body between (most of its lines; 0.08 s of line keys at distinct_30MB)."""

    def __init__(self, func: Callable[[Any], T], items: Any) -> None:
        self._func, self._items, self._values = func, items, dict[int, T]()

    def __getitem__(self, index: int) -> T:
        if index not in self._values:
            self._values[index] = self._func(self._items[index])
        return self._values[index]


class _Doc:
    """One document being judged: its non-blank lines, their keys and the verdicts so far."""

    def __init__(self, lines: list[str], chrome: CorpusChrome) -> None:
        self.lines = lines
        self.keys = _Lazy(line_key, lines)
        self.recurs = _Lazy(chrome.lines.__contains__, self.keys)
        self.chrome = chrome
        self.rule: list[str | None] = [None] * len(lines)

    def remove(self, index: int, rule: str) -> None:
        if self.rule[index] is None:
            self.rule[index] = rule

    def kept(self) -> list[int]:
        return [i for i, rule in enumerate(self.rule) if rule is None]


def _opaque(line: str, *, from_top: bool) -> bool:
    """Lines a recurring run never crosses: a heading, a salutation, a ``——`` subtitle; from the top also a
    title naming a genre (below the report ``版权说明`` heads a notice)."""
    return bool(
        _HEADING.match(line)
        or _SALUTATION.match(line)
        or DASH_SUBTITLE.match(line)
        or (from_top and GENRE_RE.search(line) and _is_title_shaped(line))
    )


def _recurring_run(doc: _Doc, order: list[int]) -> list[int]:
    """Lines from one edge (``order``: indices from the edge inwards) that recur with their neighbour and
    end at a line of the document's own (a line that does not recur, or does not recur next to them).

    A run stops at a heading, a salutation or a title; a run that reaches the other edge is not a notice but
    the report itself, found in several files (the same report copied from several sites): ``[]``.
    """
    run: list[int] = []
    previous: int | None = None
    for i in order:
        if doc.rule[i] is not None and not doc.recurs[i]:
            continue  # already removed by shape: does not break the run
        if not doc.recurs[i] or _opaque(doc.lines[i], from_top=order[0] == 0):
            return run
        fragments = previous is not None and _notice_part(doc, previous) and _notice_part(doc, i)
        if previous is not None and not _pair_count(doc, previous, i) and not fragments:
            return run  # (fragments of a notice chain even where a variant changed their order)
        run.append(i)
        previous = i
    return []


def _strip_recurring_blocks(doc: _Doc) -> None:
    """Notices: recurring runs from either edge (:func:`_recurring_run`) cut to the notice itself.

    A notice has a heading or fragments besides its sentences (``版权说明``, ``本作品是…的``): the block
    reaches from the edge to its innermost such line, and further inwards only over lines that stop in
    mid-sentence (``本作品来自`` / ``…依据《``: the start of the notice's first sentence).  A sentence
    inwards of it stays even when every file has it: several reports of one site often end with the same
    closing formula, and nothing in the counts tells it from a notice's first sentence, so the report keeps
    it.  A block holds a sentence (lines that are not sentences are left to the head and tail rules) and at
    most :data:`MAX_BLOCK_SHARE` of the document's characters.
    """
    n = len(doc.lines)
    total = sum(len(line) for line in doc.lines)
    for order in (list(range(n)), list(range(n - 1, -1, -1))):
        run = _recurring_run(doc, order)
        other = [p for p, i in enumerate(run) if _notice_part(doc, i)]
        if not other:
            continue
        block = run[: other[-1] + 1]
        step = 1 if order[0] == 0 else -1
        inward = block[-1] + step
        while 0 <= inward < n and len(block) < n and _unfinished(doc.lines[inward]):
            block.append(inward)
            inward += step
        chars = sum(len(doc.lines[i]) for i in block)
        if any(is_sentence(doc.lines[i]) for i in block) and chars <= MAX_BLOCK_SHARE * total:
            for i in block:
                doc.remove(i, "recurring block")


_FINISHED = ("。", "！", "？", "!", "?", "…", "”", "」", "』", "：", ":", "；", ";")


def _unfinished(line: str) -> bool:
    """A line that stops in mid-sentence: it ends in an opening bracket (``…依据《``), or it is short and ends
    without a mark (``本作品来自``): a fragment of what follows."""
    if _HEADING.match(line):
        return False
    return line.endswith(tuple(OPENERS)) or (len(line) <= 40 and not line.endswith(_FINISHED))


def _notice_part(doc: _Doc, i: int) -> bool:
    """A line of a notice that is not a sentence (its heading, signature or a fragment), and not page
    chrome of a shape of its own (a toolbar or a site footer below the report is not a notice's part)."""
    line = doc.lines[i]
    return doc.rule[i] is None and not is_sentence(line) and line_shape_rule(line, tail=True) is None


def _pair_count(doc: _Doc, i: int, j: int) -> int:
    """Files in which the lines ``i`` and ``j`` (adjacent, either order) stand together."""
    a, b = sorted((i, j))
    return doc.chrome.pairs.get((doc.keys[a], doc.keys[b]), 0)


def _strip_contents(doc: _Doc) -> None:
    for i in contents_lines(doc.lines, judged=[rule is not None for rule in doc.rule]):
        doc.remove(i, "contents")


def _choose_title(doc: _Doc, head: list[int]) -> int | None:
    """Index of the title line of the head: the first title-shaped line naming a genre, else the line above
    a ``——…报告`` subtitle, else the first title-shaped line that does not recur."""
    shaped = [i for i in head if doc.rule[i] is None and _is_title_shaped(doc.lines[i])]
    named = [i for i in shaped if GENRE_RE.search(doc.lines[i])]
    if named:
        return named[0]
    for i in shaped:
        nxt = next((j for j in head if j > i and doc.rule[j] is None), None)
        if nxt is not None and DASH_SUBTITLE.match(doc.lines[nxt]) and GENRE_RE.search(doc.lines[nxt]):
            return i
    unique = [i for i in shaped if not doc.recurs[i]]
    return unique[0] if unique else None


def _strip_head(doc: _Doc, head: list[int]) -> None:
    """Shapes anywhere in the head; above the title (or in a head without one) also recurring lines that
    are not sentences.  Below the title only shapes: a speaker line (``国务院总理 某某``) recurs too."""
    for i in head:
        rule = line_shape_rule(doc.lines[i])
        if rule:
            doc.remove(i, rule)
    title = _choose_title(doc, head)
    for i in head:
        line = doc.lines[i]
        if doc.rule[i] is not None or not doc.recurs[i] or (title is not None and i >= title):
            continue
        if (
            is_sentence(line)
            or DASH_SUBTITLE.match(line)
            or line.endswith(("：", ":"))
            or _DOC_NUMBER.search(line)
        ):
            continue  # a sentence, a subtitle, a salutation or addressee line, a document number
        if _CN_DATE.match(line):
            continue
        if title is None and GENRE_RE.search(line) and _is_title_shaped(line):
            continue  # a title that recurs (政府工作报告): kept
        doc.remove(i, "recurring")


#: Shape rules that say the page's footer has begun below the report: after one of them, every line that is
#: not a sentence is chrome too (link titles of a related-links list, footer lines).
FOOTER_RULES = frozenset({"byline", "dateline", "notice", "link list", "timestamp", "breadcrumb", "caption"})


def _strip_tail(doc: _Doc, tail: list[int]) -> None:
    """Below the closing: shapes; lines that recur together with a neighbour (a site's footer template);
    and once a footer has begun (:data:`FOOTER_RULES`), every line that is not a sentence, except what
    belongs to the report (:func:`_protected_tail`)."""
    lines = [doc.lines[i] for i in tail]
    protected = _protected_tail(lines)
    footer = any(doc.rule[i] in FOOTER_RULES for i in tail)
    for k, i in enumerate(tail):
        line = lines[k]
        if doc.rule[i] is not None:
            footer = footer or doc.rule[i] in FOOTER_RULES
            continue
        if is_sentence(line):
            footer = False  # a footer is a run of lines without sentences
            continue
        rule = line_shape_rule(line, tail=True)  # a line of page chrome's own shape goes, even above a date
        if rule is None and k in protected:
            continue
        if rule is None and is_list_label(line):
            rule = "link list"
        if rule is None and doc.recurs[i] and _recurs_with_neighbour(doc, tail, k):
            rule = "recurring"
        if rule is None and footer:
            rule = "after footer"
        if rule is not None:
            doc.remove(i, rule)
            footer = footer or rule in FOOTER_RULES
            if rule in FOOTER_RULES:  # ``延伸阅读`` above its first dated link, ``阅读原文`` above a counter
                for above in reversed(tail[max(0, k - MAX_FOOTER_LEAD) : k]):
                    if not _footer_lead(doc, above, protected=tail.index(above) in protected):
                        break
                    doc.remove(above, "footer")


#: Most lines above the first line of a footer that belong to it (labels, prompts of the page).
MAX_FOOTER_LEAD = 3


def _footer_lead(doc: _Doc, i: int, *, protected: bool) -> bool:
    """A short line not yet judged, not a sentence and not the report's (:func:`_protected_tail`), right
    above a footer: its label or a prompt of the page (``延伸阅读``, ``预览时标签不可点``)."""
    line = doc.lines[i]
    return doc.rule[i] is None and not protected and not is_sentence(line) and len(line) <= 16


def _recurs_with_neighbour(doc: _Doc, zone: list[int], k: int) -> bool:
    """The line at ``zone[k]`` recurs as a pair with the line above or below it."""
    i = zone[k]
    above = zone[k - 1] if k else None
    below = zone[k + 1] if k + 1 < len(zone) else None
    return (above is not None and (doc.keys[above], doc.keys[i]) in doc.chrome.pairs) or (
        below is not None and (doc.keys[i], doc.keys[below]) in doc.chrome.pairs
    )


def strip_chrome(
    text: str, chrome: CorpusChrome | None = None, *, known: Mapping[int, str] | None = None
) -> tuple[str, tuple[RemovedLine, ...]]:
    """Remove page chrome from ``text`` (module docstring); return the text and what was removed.

    Lines are removed whole; every other line, blank ones included, is kept byte for byte, and
    ``RemovedLine.line`` is the 1-based line number in ``text``.  ``known``: lines already judged
    elsewhere (0-based line number → rule), removed with the others.
    """
    raw_lines = text.split("\n")
    texts, members = units(raw_lines)
    doc = _Doc(texts, chrome or CorpusChrome())
    if not doc.lines:
        return text, ()
    for k, unit in enumerate(members):
        rule = next((known[i] for i in unit if known and i in known), None)
        if rule:
            doc.remove(k, rule)
    for i, line in enumerate(doc.lines):
        if is_caption(line):
            doc.remove(i, "caption")
        elif is_reprint_notice(line):
            doc.remove(i, "notice")
    _strip_recurring_blocks(doc)
    _strip_contents(doc)
    kept = doc.kept()
    first = next((i for i in kept if _starts_body(doc.lines[i])), None)
    last = next((i for i in reversed(kept) if _ends_body(doc.lines[i])), None)
    if first is not None and last is not None:
        _strip_head(doc, [i for i in kept if i < first])
        _strip_tail(doc, [i for i in kept if i > last])
        head = [i for i in doc.kept() if i < first]
        for run in vertical_toolbar_runs([doc.lines[i] for i in head]):
            for k in run:
                doc.remove(head[k], "toolbar")
    else:  # no sentence at all: only the strict shapes of a tail
        for i in kept:
            rule = line_shape_rule(doc.lines[i], tail=True)
            if rule:
                doc.remove(i, rule)
    dropped = {i: rule for k, rule in enumerate(doc.rule) if rule is not None for i in members[k]}
    if not dropped:
        return text, ()
    removed = tuple(
        RemovedLine(i + 1, rule, raw_lines[i].strip(EDGE_SPACE)) for i, rule in sorted(dropped.items())
    )
    return "\n".join(raw for i, raw in enumerate(raw_lines) if i not in dropped), removed
