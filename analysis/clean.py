"""Clean raw report text: pure ``str -> str`` functions, keyword-only options, chained by :func:`clean_text`.

Like ``textacy.preprocessing`` every step does one thing and can be used alone; :func:`clean_text` applies
them in the order that makes the chain idempotent (``clean_text(clean_text(x)) == clean_text(x)``):

1. :func:`normalize_whitespace` – newlines, zero-width characters, indentation, blank-line runs;
2. (boilerplate is step 0);
0. :func:`strip_boilerplate` – page chrome (:mod:`analysis.boilerplate`: learned from the corpus and
   recognised by shape) and a duplicated title, on the text as read, so removed lines keep their numbers;
3. :func:`join_broken_lines` – lines broken where a web page had links, soft-wrapped paragraphs;
4. :func:`normalize_width` – full-width digits/letters → half-width, ``,:;?!()`` → full-width in Chinese
   context, ``○`` → ``〇`` in Chinese numerals;
5. :func:`normalize_placeholders` – template placeholders (``xx``, ``XX``, ``**``, ``202-年``) → ``□``;
6. :func:`to_simplified` – traditional → simplified characters (only for mostly traditional text;
   :mod:`analysis.traditional`);
7. :func:`normalize_whitespace` again.

Length thresholds below count CJK ideographs only (:func:`_cjk_len`), so a later step that shortens a line
(``xxx`` → ``□``) cannot change an earlier decision on a second pass.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from analysis.boilerplate import strip_chrome
from analysis.chrome_model import CorpusChrome
from analysis.marked_lines import MIN_MARKED_CHARS, class_table, code_classes, line_breaks, marked_lines
from analysis.normalize import (  # noqa: F401 - re-exported: cleaning's public steps
    CJK,
    CJK_PUNCT,
    CJK_RE,
    CONTINUATION_START,
    INNER_SPACE_RE,
    LINE_EDGE_SPACE,
    OPENERS,
    URL_RE,
    ZERO_WIDTH,
    normalize_placeholders,
    normalize_width,
)
from analysis.records import RemovedLine
from analysis.traditional import (  # noqa: F401 - re-exported: cleaning's public steps
    LINE_TRADITIONAL_SHARE,
    TRADITIONAL_SHARE_THRESHOLD,
    to_simplified,
    traditional_share,
)

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------------------------------------

_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_BLANK_RUN_RE = re.compile("\n\n\n+")  # (a literal prefix: the regex engine skips ahead to it)
#: A line holding nothing but zero-width characters (and spaces) is a link artefact inside a paragraph:
#: it is removed with its line break instead of becoming a blank line that would split the paragraph.
_ZERO_WIDTH_LINE_RE = re.compile(
    f"^[{LINE_EDGE_SPACE}]*[{ZERO_WIDTH}][{ZERO_WIDTH}{LINE_EDGE_SPACE}]*(?:\n|$)", re.M
)

#: Heading markers at line start: ``一、`` ``（一）`` ``(一)`` ``1.`` ``1、`` ``1．`` ``（1）`` ``(1)``.
#: ``1.`` must not be a decimal (``2.5``).
HEADING_MARKER_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+、"
    r"|[（(][一二三四五六七八九十百]+[）)]"
    r"|[0-9０-９]{1,3}(?:[.．](?![0-9０-９])|、)"
    r"|[（(][0-9０-９]{1,3}[）)])"
)
#: Sentence-final punctuation: a heading line ending with it is complete.
SENTENCE_END = "。！？；：!?;:"


def _cjk_len(text: str) -> int:
    """Number of CJK ideographs in ``text`` (the length measure of all thresholds in this module)."""
    return len(CJK_RE.findall(text))


# ---------------------------------------------------------------------------------------------------------
# Whitespace
# ---------------------------------------------------------------------------------------------------------


def normalize_whitespace(text: str) -> str:
    """Normalise line breaks and spacing.

    CRLF/CR (and U+2028/U+2029) → LF; lines of only zero-width characters removed with their line break,
    other zero-width characters removed; spaces, tabs, NBSP and U+3000 stripped
    at both ends of each line; inside a line NBSP/tab/other Unicode spaces become one ASCII space and runs
    of them collapse to one (a single U+3000 inside a line is kept); runs of blank lines → one blank line;
    blank lines at the start and end of the text removed.
    """
    if len(text) >= MIN_MARKED_CHARS:
        flags = code_classes(text, _whitespace_classes())
        if not np.any(flags & _BREAKING):
            return _normalize_whitespace_lines(text, flags)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    if any(char in text for char in ZERO_WIDTH):  # (five substring scans; the line regex has no prefix)
        text = _ZERO_WIDTH_LINE_RE.sub("", text)
        text = _ZERO_WIDTH_RE.sub("", text)
    # Inner spaces are replaced in one pass over the text once every line is stripped (no inner space is a
    # line break, and a stripped line ends in no space, so no replaced run touches a line's end): the same
    # as a pass per line, without a regex call per line (0.14 → 0.04 s at distinct_10MB).
    text = "\n".join([line.strip(LINE_EDGE_SPACE) for line in text.split("\n")])
    text = INNER_SPACE_RE.sub(" ", text)
    return _BLANK_RUN_RE.sub("\n\n", text).strip("\n")


#: Flags of :func:`_whitespace_classes`: what changes the lines or their lengths (line breaks other than
#: ``\n``, zero-width characters), an inner space but the ASCII one, the ASCII space.
_BREAKING, _OTHER_SPACE, _ASCII_SPACE = 1, 2, 4
#: The characters of :data:`analysis.normalize.INNER_SPACE_RE` but the ASCII space.
_INNER_SPACE_CHARS = "\t\xa0" + "".join(map(chr, range(0x2002, 0x200B))) + "\u202f\u205f"


@lru_cache(maxsize=1)
def _whitespace_classes() -> npt.NDArray[np.uint8]:
    """Flags of every code point for :func:`normalize_whitespace` (``marked_lines.class_table``)."""
    return class_table(
        {_BREAKING: "\r\u2028\u2029" + ZERO_WIDTH, _OTHER_SPACE: _INNER_SPACE_CHARS, _ASCII_SPACE: " "}
    )


def _normalize_whitespace_lines(text: str, flags: npt.NDArray[np.uint8]) -> str:
    """:func:`normalize_whitespace` of a long text without other line breaks or zero-width characters
    (``flags``: its :func:`_whitespace_classes`): the inner spaces are replaced only on the lines holding
    a space other than the ASCII one or two ASCII spaces in a row (no other line holds a match, and
    stripping a line's ends adds none), instead of a regex scan of the whole text (5 ns a character)."""
    lines = [line.strip(LINE_EDGE_SPACE) for line in text.split("\n")]
    spaced = (flags & _OTHER_SPACE).astype(bool)
    ascii_space = (flags & _ASCII_SPACE).astype(bool)
    spaced[1:] |= ascii_space[1:] & ascii_space[:-1]
    for i in marked_lines(line_breaks(flags), spaced).tolist():
        lines[i] = INNER_SPACE_RE.sub(" ", lines[i])
    return _BLANK_RUN_RE.sub("\n\n", "\n".join(lines)).strip("\n")


# ---------------------------------------------------------------------------------------------------------
# Broken lines
# ---------------------------------------------------------------------------------------------------------

#: Paragraph mode: the mean number of lines per blank-line-separated block is at most this.  Documents
#: that separate paragraphs with blank lines have ≈1 line per block (soft-wrapped or link-broken ones a
#: few more); one-paragraph-per-line documents have one or two big blocks.
PARAGRAPH_MODE_MAX_MEAN_LINES = 2.0
#: A heading line (``（一）…``) longer than this (in CJK ideographs) that does not end a sentence is a
#: paragraph broken by a link, and is continued by the next line of its block.
HEADING_CONTINUES_MIN_CJK = 30


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_bare_marker(line: str) -> bool:
    match = HEADING_MARKER_RE.match(line)
    return bool(match) and not line[match.end() :].strip()


def _continues(previous: str, line: str) -> bool:
    """Inside a soft-wrapped block: does ``line`` continue the (already joined) ``previous`` line?"""
    if HEADING_MARKER_RE.match(line):
        return _is_bare_marker(previous)
    if HEADING_MARKER_RE.match(previous) and not _is_bare_marker(previous):
        if previous.endswith(tuple(SENTENCE_END)):
            return False
        return previous.endswith(tuple(OPENERS)) or _cjk_len(previous) > HEADING_CONTINUES_MIN_CJK
    return True


def _is_paragraph_mode(lines: list[str]) -> bool:
    blocks = _blocks(lines)
    if len(blocks) < 2:
        return False
    mean = sum(len(block) for block in blocks) / len(blocks)
    return mean <= PARAGRAPH_MODE_MAX_MEAN_LINES


def join_broken_lines(text: str) -> str:
    """Join lines that a web copy broke apart.

    1. A line that starts with continuing punctuation (:data:`CONTINUATION_START`, e.g. ``，。、）》``)
       is joined to the previous non-blank line: web pages break lines where they had links
       (``在聽了劉少奇同志\\n關於憲法草案的報告\\n並進行了…``).
    2. Paragraph mode – the document separates paragraphs with blank lines, detected as
       ``mean lines per block <= PARAGRAPH_MODE_MAX_MEAN_LINES`` over ≥ 2 blocks: the lines of one block
       are soft-wrapped and joined without a space, except that a line starting with a heading marker
       (``一、`` ``（一）`` ``1.`` ``1、`` ``（1）``) starts a new line (unless it follows a bare marker
       such as ``二、``), and a complete heading line is not continued (it ends a sentence, or it is
       short and does not end in ``《“（``).

    One-paragraph-per-line documents (the sample corpus) only get step 1.
    """
    lines = text.split("\n")
    # Step 1: continuation punctuation.
    joined: list[str] = []
    for line in lines:
        if line[:1] and line[0] in CONTINUATION_START:
            while joined and not joined[-1].strip():
                joined.pop()
            if joined:
                joined[-1] += line
                continue
        joined.append(line)
    if not _is_paragraph_mode(joined):
        return "\n".join(joined)
    # Step 2: soft wraps inside blank-line-separated blocks.
    out: list[str] = []
    in_block = False
    for line in joined:
        if not line.strip():
            out.append(line)
            in_block = False
            continue
        if in_block and _continues(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
        in_block = True
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------------
# Boilerplate
# ---------------------------------------------------------------------------------------------------------

_SENTENCE_MARK_RE = re.compile("[。！？!?]")
#: A duplicated title is looked for within this many non-empty lines after the first one.
TITLE_REPEAT_WINDOW = 4


def _drop_repeated_title(lines: list[str]) -> list[str]:
    """Lines without the repeats of the first non-empty line within the next :data:`TITLE_REPEAT_WINDOW`
    non-empty lines (after joining broken lines a title can be whole again: 府 / 政 / 府政 → 府政 / 府政).
    Only the repeats go: the lines between were judged by the boilerplate step already."""
    nonblank = [i for i, line in enumerate(lines) if line.strip(LINE_EDGE_SPACE)]
    if not nonblank:
        return lines
    title = lines[nonblank[0]].strip(LINE_EDGE_SPACE)
    if _SENTENCE_MARK_RE.search(title):
        return lines  # a sentence repeated is the report's, not a title
    drop = {i for i in nonblank[1 : TITLE_REPEAT_WINDOW + 1] if lines[i].strip(LINE_EDGE_SPACE) == title}
    return [line for i, line in enumerate(lines) if i not in drop] if drop else lines


def repeated_title_lines(text: str) -> list[int]:
    """0-based numbers of the lines that repeat the first non-empty line within the next
    :data:`TITLE_REPEAT_WINDOW` non-empty lines, with the (portal teaser) lines between them."""
    lines = text.split("\n")
    nonblank = [i for i, line in enumerate(lines) if line.strip(LINE_EDGE_SPACE)]
    if not nonblank:
        return []
    title = lines[nonblank[0]].strip(LINE_EDGE_SPACE)
    if _SENTENCE_MARK_RE.search(title):
        return []
    for k, index in enumerate(nonblank[1 : TITLE_REPEAT_WINDOW + 1], start=1):
        if lines[index].strip(LINE_EDGE_SPACE) == title:
            return nonblank[1 : k + 1]
    return []


def strip_boilerplate(text: str, *, chrome: CorpusChrome | None = None) -> str:
    """Remove page chrome (:func:`analysis.boilerplate.strip_chrome`, with what ``chrome`` learned from the
    corpus) and a duplicated title (:func:`repeated_title_lines`).  Lines are removed whole."""
    return strip_boilerplate_lines(text, chrome=chrome)[0]


def strip_boilerplate_lines(
    text: str, *, chrome: CorpusChrome | None = None
) -> tuple[str, tuple[RemovedLine, ...]]:
    """:func:`strip_boilerplate` that also returns the removed lines (numbered as in ``text``)."""
    repeated = dict.fromkeys(repeated_title_lines(text), "repeated title")
    return strip_chrome(text, chrome, known=repeated)


# ---------------------------------------------------------------------------------------------------------
# The chain
# ---------------------------------------------------------------------------------------------------------


def clean_text(
    text: str,
    *,
    chrome: CorpusChrome | None = None,
    simplified: bool = True,
    boilerplate: bool = True,
    placeholders: bool = True,
) -> str:
    """Clean raw report text: boilerplate → whitespace → join lines → width → placeholders → simplified →
    repeated title → whitespace.  Each flag switches its step off; the result is idempotent.

    ``chrome``: what :func:`analysis.boilerplate.learn_chrome` learned from the whole corpus (None: only the
    shape rules of a single document).
    """
    return clean_text_and_removed(
        text, chrome=chrome, simplified=simplified, boilerplate=boilerplate, placeholders=placeholders
    )[0]


def clean_text_and_removed(
    text: str,
    *,
    chrome: CorpusChrome | None = None,
    simplified: bool = True,
    boilerplate: bool = True,
    placeholders: bool = True,
) -> tuple[str, tuple[RemovedLine, ...]]:
    """:func:`clean_text` that also returns the lines removed as boilerplate (numbered as in ``text``).

    The second :func:`normalize_whitespace` runs only when converting to simplified characters or dropping
    a repeated title changed the text: joining lines (of stripped lines, dropping blank ones), widths and
    placeholders (each writes one character that is no space for another, and no line break) keep the
    first one's result as it is (a property test compares with the chain that always runs it).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    removed: tuple[RemovedLine, ...] = ()
    if boilerplate:
        text, removed = strip_boilerplate_lines(text, chrome=chrome)
    text = normalize_whitespace(text)
    text = join_broken_lines(text)
    text = normalize_width(text)
    if placeholders:
        text = normalize_placeholders(text)
    normal = text
    if simplified:
        text = to_simplified(text)
    if boilerplate:  # joining lines can make the title whole again: 府 / 政 / 府政 → 府政 / 府政
        lines = text.split("\n")
        while (shorter := _drop_repeated_title(lines)) != lines:  # a title repeated twice goes twice
            lines = shorter
        text = "\n".join(lines)
    return (normal if text == normal else normalize_whitespace(text)), removed
