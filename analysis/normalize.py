"""Character-level normalisation shared by cleaning and the chrome judge: widths and placeholders.

:mod:`analysis.clean` chains these over whole texts; :mod:`analysis.chrome_model` reads every short line
through :func:`line_view`, so that a line is judged as it will read after cleaning (``政０`` as ``政0``,
``xx`` as ``□``) and judging again after cleaning gives the same verdict (cleaning is idempotent).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from analysis.marked_lines import MIN_MARKED_CHARS, class_table, code_classes, line_breaks, map_marked_lines
from analysis.records import PLACEHOLDER

# ---------------------------------------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------------------------------------

#: CJK unified ideographs: the basic block, extension A, the compatibility ideographs, and those beyond the
#: Basic Multilingual Plane (extensions B–F and the compatibility supplement, G–H): a traditional character
#: may simplify to one of those (``俓`` → ``𠇹``), and a rule that did not count it would judge a line
#: differently once cleaned, so that cleaning twice would change the text again.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\U00030000-\U000323af"
#: One character of :data:`CJK`.
CJK_RE = re.compile(f"[{CJK}]")
#: CJK punctuation and full-width forms that count as "Chinese context" next to a half-width mark.
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018\u2019\u201c\u201d\u2014\u2026"

#: Zero-width characters removed everywhere: ZWSP, ZWNJ, ZWJ, WORD JOINER, BOM/ZWNBSP.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

#: Web addresses (ASCII only, so a URL never swallows the Chinese text after it).
URL_RE = re.compile(r"(?:https?://|www\.)[!-~]+", re.IGNORECASE)


def _may_hold_url(text: str) -> bool:
    """False when ``text`` holds no :data:`URL_RE` match: every match holds ``://`` or ``www.`` (any case;
    under IGNORECASE ``w`` matches ``w`` and ``W`` only), so it holds ``://``, ``w.`` or ``W.``.  Three
    substring tests instead of the regex at every position (0.06 s at distinct_10MB, 3 texts with URLs)."""
    return "://" in text or "w." in text or "W." in text


def _map_outside_urls(text: str, func: Callable[[str], str]) -> str:
    """Apply ``func`` to the parts of ``text`` that are not URLs; URLs are passed through unchanged."""
    if not _may_hold_url(text):
        return func(text)
    out: list[str] = []
    pos = 0
    for match in URL_RE.finditer(text):
        out.append(func(text[pos : match.start()]))
        out.append(match.group())
        pos = match.end()
    out.append(func(text[pos:]))
    return "".join(out)


#: Characters stripped from both ends of every line: ASCII space and tab, NBSP, en/em/thin spaces,
#: narrow NBSP, medium math space, ideographic space U+3000, form feed and vertical tab.
LINE_EDGE_SPACE = " \t\xa0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x0b\x0c"
#: Punctuation that continues the previous line: a line starting with it is always joined to the previous
#: line.  Half-width forms are included so that a later :func:`normalize_width` cannot create a new case.
CONTINUATION_START = "，。、；：）》」』”！？,;:!?)"
#: A line ending in one of these (an opened title or quote) is continued by the next line.
OPENERS = "《「『“（("


# ---------------------------------------------------------------------------------------------------------
# Width
# ---------------------------------------------------------------------------------------------------------

#: Full-width digits and Latin letters → ASCII.
_FULLWIDTH_ALNUM = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
#: A run of full-width digits and letters (the keys of :data:`_FULLWIDTH_ALNUM`): ``str.translate`` with a
#: dict table reads every character through the dict (0.21 s at distinct_10MB), the runs are few (0.04 s).
_FULLWIDTH_ALNUM_RUN_RE = re.compile(f"[{''.join(map(chr, sorted(_FULLWIDTH_ALNUM)))}]+")
#: ``．`` or ``。`` between digits: ``(?<=[0-9])[．。](?=[0-9])`` written with the mark first, so that the
#: regex engine skips ahead to the next mark instead of trying the look-behind at every position.
_FULLWIDTH_DECIMAL_RE = re.compile("[．。](?<=[0-9][．。])(?=[0-9])")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
#: A run of ``,:;?!`` with a CJK character or CJK punctuation on at least one side (a run is converted whole,
#: so that converting its first mark cannot put CJK context next to the second on a later pass).
_HALF_PUNCT_RUN_RE = re.compile("[,:;?!]+")
_CJK_CONTEXT_RE = re.compile(f"[{CJK}{CJK_PUNCT}]")
#: A parenthesised run without nested or line-crossing parentheses (either width on either side).
_PAREN_RE = re.compile(r"[(（]([^()（）\n]*)[)）]")
#: A run of Chinese numerals and zero look-alikes (``○`` ``◯`` ``O`` ``Ｏ`` ``0`` ``０``).
_CN_NUMERAL_RUN_RE = re.compile("[一二三四五六七八九十〇○◯OＯ0０]{2,}")
_CN_NONZERO = frozenset("一二三四五六七八九")
#: A zero look-alike right after a numeral: with ``○``/``◯``, what a run :func:`_fix_zero` changes holds.
_NUMERAL_ZERO_RE = re.compile("[一二三四五六七八九十〇][OＯ0０]")


def _fix_zero(match: re.Match[str]) -> str:
    """In a run holding a numeral 一…九: ``○``/``◯`` → ``〇``, and ``O``/``0`` → ``〇`` right after a
    numeral or zero.  ``二○○○年`` → ``二〇〇〇年``, ``二OO五年`` → ``二〇〇五年``; ``○○○`` is left alone.
    """
    run = match.group()
    if not _CN_NONZERO.intersection(run):
        return run
    out: list[str] = []
    for char in run:
        if char in "○◯" or (char in "OＯ0０" and out and out[-1] in "一二三四五六七八九十〇"):
            out.append("〇")
        else:
            out.append(char)
    return "".join(out)


def _fix_parens(match: re.Match[str]) -> str:
    """``(…)`` → ``（…）`` when the content holds CJK or the pair touches CJK on the outside."""
    whole = match.group()
    inner = match.group(1)
    string = match.string
    before = string[match.start() - 1] if match.start() > 0 else ""
    after = string[match.end()] if match.end() < len(string) else ""
    chinese = CJK_RE.search(inner) or CJK_RE.match(before) or CJK_RE.match(after)
    if chinese:
        return f"（{inner}）"
    return whole


def _fix_half_punct(match: re.Match[str]) -> str:
    """A run of ``,:;?!`` with CJK (or CJK punctuation) right before or after it → full width.

    (A plain character-class search with the context checked here, not a look-behind alternation: the
    regex engine can then skip ahead to the next mark instead of trying every position.)
    """
    string, start, end = match.string, match.start(), match.end()
    if (start and _CJK_CONTEXT_RE.match(string, start - 1)) or _CJK_CONTEXT_RE.match(string, end):
        return "".join(_HALF_TO_FULL[c] for c in match.group())
    return match.group()


def _half_width(match: re.Match[str]) -> str:
    return match.group().translate(_FULLWIDTH_ALNUM)


#: Flags of the characters that mark a line for a width step (:func:`_width_segment`).
_ZERO_MARK, _NUMERAL, _ZERO_LIKE, _FULL_ALNUM, _DIGIT, _POINT, _HALF_MARK = (1 << k for k in range(7))


@lru_cache(maxsize=1)
def _width_classes() -> npt.NDArray[np.uint8]:
    """Flags of every code point for :func:`_width_segment` (:func:`analysis.marked_lines.class_table`)."""
    return class_table(
        {
            _ZERO_MARK: "○◯",
            _NUMERAL: "一二三四五六七八九十〇",
            _ZERO_LIKE: "OＯ0０",
            _FULL_ALNUM: "".join(map(chr, _FULLWIDTH_ALNUM)),
            _DIGIT: "0123456789０１２３４５６７８９",
            _POINT: "．。",
            _HALF_MARK: "(),:;?!",
        }
    )


def _width_segment(text: str) -> str:
    """The width steps on a text without URLs (:func:`_width_steps`); a long text's steps each on the lines
    it can change only (:mod:`analysis.marked_lines`: every step is line-local, and each keeps a line's
    length, so the line breaks stay where they are):

    * zeros: a line holding ``○◯`` or a numeral followed by a zero look-alike (:func:`_zero_step`);
    * full-width letters and digits: a line holding one;
    * decimal points: a line holding ``．。`` between two digits of either width (the full-width ones are
      ASCII by then, unless the zero step took them);
    * parentheses and ``,:;?!``: a line holding a half-width one (no step before writes one).
    """
    if len(text) < MIN_MARKED_CHARS:
        return _width_steps(text)
    flags = code_classes(text, _width_classes())
    breaks = line_breaks(flags)

    def has(flag: int) -> npt.NDArray[np.bool_]:
        return (flags & flag).astype(bool)

    zeros = has(_ZERO_MARK)
    zeros[:-1] |= has(_NUMERAL)[:-1] & has(_ZERO_LIKE)[1:]
    text = map_marked_lines(text, breaks, zeros, _zero_step)
    text = map_marked_lines(text, breaks, has(_FULL_ALNUM), _alnum_step)
    digits = has(_DIGIT)
    points = has(_POINT)
    points[1:-1] &= digits[:-2] & digits[2:]  # (a point at either end marks its line for nothing)
    text = map_marked_lines(text, breaks, points, _decimal_step)
    return map_marked_lines(text, breaks, has(_HALF_MARK), _marks_step)


def _zero_step(text: str) -> str:
    """``○``/``◯`` (and zero look-alikes after a numeral) as ``〇``; skipped when a substring test proves it
    changes nothing: :func:`_fix_zero` changes a run only if it holds ``○``/``◯`` or a zero look-alike
    after a numeral (the first ``O``/``0`` it changes follows an unchanged character)."""
    if "○" in text or "◯" in text or _NUMERAL_ZERO_RE.search(text):
        text = _CN_NUMERAL_RUN_RE.sub(_fix_zero, text)
    return text


def _alnum_step(text: str) -> str:
    return _FULLWIDTH_ALNUM_RUN_RE.sub(_half_width, text)


def _decimal_step(text: str) -> str:
    return _FULLWIDTH_DECIMAL_RE.sub(".", text)


def _marks_step(text: str) -> str:
    """Parentheses, then ``,:;?!`` (a full-width parenthesis is CJK context for the marks); the first
    is skipped without a half-width parenthesis (:func:`_fix_parens` changes only such a pair)."""
    if "(" in text or ")" in text:
        text = _PAREN_RE.sub(_fix_parens, text)
    return _HALF_PUNCT_RUN_RE.sub(_fix_half_punct, text)


def _width_steps(text: str) -> str:
    """The width steps on a text without URLs, one after the other (each keeps the text's length)."""
    return _marks_step(_decimal_step(_alnum_step(_zero_step(text))))


def normalize_width(text: str) -> str:
    """Unify character widths the way Chinese official documents write them.

    * full-width digits and letters → ASCII (``１９９６`` → ``1996``, ``ＡＢＣ`` → ``ABC``,
      ``１．５`` → ``1.5``);
    * ``, : ; ? !`` next to a CJK character or CJK punctuation → ``，：；？！``; never inside numbers
      (``1,000``), Latin text or URLs (``https://a.b/c`` is left alone);
    * ``(…)`` → ``（…）`` when the content contains CJK or the pair touches CJK (``(一)`` → ``（一）``,
      ``乡镇(街道)`` → ``乡镇（街道）``, ``f(x)`` unchanged);
    * ``○``/``◯`` (and ``O``/``0`` between Chinese numerals) used as zero → ``〇``
      (``二○○○年`` → ``二〇〇〇年``).

    CJK ideographs are never changed.
    """
    return _map_outside_urls(text, _width_segment)


# ---------------------------------------------------------------------------------------------------------
# Placeholders
# ---------------------------------------------------------------------------------------------------------

#: ``(?<![A-Za-z])[xX]+(?![A-Za-z0-9]) | ×{2,} | (?<![0-9])×(?![0-9]) | \*{2,} | (?<=[0-9])[-－](?=[年月日])``
#: written with the first character consumed by one class and each look-behind moved after it (the
#: alternatives in the same order), so that the regex engine skips ahead to the next candidate character
#: instead of trying five look-behinds at every position: 0.27 → 0.014 s at distinct_10MB.  At a position
#: the same alternatives are tried in the same order, so the matches are the same (a property test).
_PLACEHOLDER_RE = re.compile(
    "[xX×*\\-－](?:"
    # xx, x, XX, X, 201X年 – not inside a Latin word or before a digit
    r"(?<=[xX])(?<![A-Za-z][xX])[xX]*(?![A-Za-z0-9])"
    r"|(?<=×)×+"  # ××
    r"|(?<=×)(?<![0-9]×)(?![0-9])"  # a single × that is not a multiplication sign between numbers
    r"|(?<=\*)\*+"  # ** and ***
    r"|(?<=[-－])(?<=[0-9][-－])(?=[年月日]))"  # 202-年
)


#: Characters every match of :data:`_PLACEHOLDER_RE` contains.
_PLACEHOLDER_CHARS = "xX×*-－"


def normalize_placeholders(text: str, *, placeholder: str = PLACEHOLDER) -> str:
    """Replace template placeholders by ``placeholder`` (``□``); a run of placeholders becomes one.

    Replaced: ``xx``/``x``/``XX``/``X`` not part of a Latin word and not followed by a digit
    (``OA``, ``https``, ``x86`` stay; ``X光`` becomes ``□光`` – the cost of catching ``X月`` and
    ``XX县``); ``××``; a lone ``×`` not between digits (``3×4`` stays); ``**``/``***``; ``-`` between a
    digit and 年/月/日.  ``202-年`` → ``202□年``, ``201X年`` → ``201□年``, ``X月`` → ``□月``.
    URLs are left alone.
    """
    run = re.compile(f"(?:{re.escape(placeholder)}){{2,}}") if placeholder else None

    def replace(segment: str) -> str:
        if not any(char in segment for char in _PLACEHOLDER_CHARS):
            return segment  # the usual case: a fast scan per mark instead of the regex at every position
        segment = _PLACEHOLDER_RE.sub(placeholder, segment)
        return run.sub(placeholder, segment) if run else segment

    def replace_marked(segment: str) -> str:  # the steps are line-local, and change no line without a mark
        if len(segment) < MIN_MARKED_CHARS or "\n" in placeholder:  # (a run of "\n" spans lines)
            return replace(segment)
        if not any(char in segment for char in _PLACEHOLDER_CHARS):
            return segment
        classes = code_classes(segment, _placeholder_classes(placeholder))
        return map_marked_lines(segment, line_breaks(classes), classes == 1, replace)

    return _map_outside_urls(text, replace_marked)


@lru_cache(maxsize=4)
def _placeholder_classes(placeholder: str) -> npt.NDArray[np.uint8]:
    """Class 1: the characters every placeholder match holds (:data:`_PLACEHOLDER_CHARS`), and those of
    ``placeholder`` (a segment holding a placeholder match has its runs of ``placeholder`` made one on
    every line)."""
    return class_table({1: _PLACEHOLDER_CHARS + placeholder})


# ---------------------------------------------------------------------------------------------------------
# One line as cleaning will write it
# ---------------------------------------------------------------------------------------------------------

_ZERO_WIDTH_CHARS_RE = re.compile(f"[{ZERO_WIDTH}]")
#: Spaces inside a line that cleaning writes as one ASCII space (runs, tabs, NBSP, other Unicode spaces):
#: ``[S]{2,}|[S']`` (``S`` these spaces, ``S'`` all but the ASCII space) written with the first character
#: consumed by one class, so that the regex engine skips ahead to the next space instead of trying both
#: alternatives at every position (the same matches: a test).
_INNER_SPACE = r"[ \t\xa0\u2002-\u200a\u202f\u205f]"
_INNER_NON_ASCII_SPACE = r"[\t\xa0\u2002-\u200a\u202f\u205f]"
INNER_SPACE_RE = re.compile(f"{_INNER_SPACE}(?:{_INNER_SPACE}+|(?<={_INNER_NON_ASCII_SPACE}))")
#: Lines longer than this are only stripped of zero-width characters and spaces by :func:`line_view` (the
#: shape rules that look at longer lines, captions and notices, do not depend on widths, and widths do not
#: change whether a line is a sentence); it halves the cost of judging a corpus.
VIEW_MAX_CHARS = 120


#: A line without any of these is left as it is by :func:`normalize_width` and
#: :func:`normalize_placeholders` (full-width letters and digits, half-width marks and parentheses, zero
#: look-alikes, a decimal point after a digit, placeholder characters): :func:`line_view` skips their work.
#: ``[characters]|[0-9０-９][。．][0-9０-９]|[一…十〇][0０]|[0０][一…十〇]`` as two patterns that each open
#: with one class (a search of either is a search of the alternation; the regex engine skips ahead to
#: a class, not to an alternation of classes).
_VIEW_CHANGES_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a(),:;?!．○◯OＯxX×*\\-－]")
_VIEW_NUMERALS_RE = re.compile(
    "[0-9０-９一二三四五六七八九十〇]"
    "(?:(?<=[0-9０-９])[。．][0-9０-９]|(?<=[一二三四五六七八九十〇])[0０]|(?<=[0０])[一二三四五六七八九十〇])"
)


def view_may_change(line: str) -> bool:
    """False when :func:`normalize_width` and :func:`normalize_placeholders` leave ``line`` as it is."""
    return bool(_VIEW_CHANGES_RE.search(line) or _VIEW_NUMERALS_RE.search(line))


def line_view(line: str) -> str:
    """``line`` without zero-width characters, with inner spaces, widths and placeholders as cleaning
    writes them.

    A printable line without two ASCII spaces in a row is left to the width steps as it is: zero-width
    characters (format characters) and every inner space but the ASCII one are unprintable, so one C-level
    ``str.isprintable`` replaces two regex calls for nearly every line (a test checks the classes).
    """
    if not line.isprintable() or "  " in line:
        line = INNER_SPACE_RE.sub(" ", _ZERO_WIDTH_CHARS_RE.sub("", line))
    if len(line) > VIEW_MAX_CHARS or not view_may_change(line):
        return line
    return normalize_placeholders(normalize_width(line))
