"""Marked lines: a line-local step of cleaning run only on the lines of a long text that it can change.

Several cleaning steps (widths, placeholders) are *line-local*: no match spans a line break, no context
test looks across one, and a line break is never changed, so ``step(a + "\\n" + b) == step(a) + "\\n" +
step(b)``.  Each also leaves a line as it is unless the line holds one of a few characters (a full-width
letter, a half-width parenthesis …) or short sequences (a digit, ``。``, a digit).  Python's regex engine
reads every character of a text for every pattern (10–20 ns a character where nothing matches: a step of
five patterns over distinct_30MB's 10 million characters took 0.6 s); here the text's code points
(``encode("utf-32-le")``) go through a table of character classes (numpy ``take``) and a few vectorised
comparisons say which lines hold a mark (≈ 3 ns a character), and the step runs on those lines only
(a quarter of distinct_30MB's text for the width steps).

    step(text) == "\\n".join(step(line) if marked(line) else line for line in text.split("\\n"))

holds for a step that is line-local and leaves unmarked lines as they are; the caller's marks must be a
superset of where the step can change something (its property tests compare with the whole-text step).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import numpy.typing as npt

_CODE_POINTS = 0x110000
#: The class of the line break in every table (:func:`class_table`): a bit of its own, so that no test of the
#: other bits marks a line break.
LINE_BREAK = 128
#: Texts shorter than this run the step whole: a text's arrays cost ≈ 10 µs, a short line's regexes less.
MIN_MARKED_CHARS = 2000


def class_table(classes: Mapping[int, str]) -> npt.NDArray[np.uint8]:
    """The class of every code point (1.1 MB): ``classes`` maps a value (1–127, bit flags) to characters,
    and a character's class is the OR of the values it is listed under; the line break is
    :data:`LINE_BREAK`, every other code point 0."""
    table = np.zeros(_CODE_POINTS, dtype=np.uint8)
    for value, chars in classes.items():
        if not 0 < value < 128 or "\n" in chars:
            raise ValueError(f"class {value} of {chars!r}: values are 1–127 and hold no line break")
        table[[ord(char) for char in chars]] |= np.uint8(value)
    table[ord("\n")] = LINE_BREAK
    return table


def code_classes(text: str, table: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """The class (``table``) of each character of ``text`` (lone surrogates are code points too)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return table.take(codes)


def line_breaks(classes: npt.NDArray[np.uint8]) -> npt.NDArray[np.intp]:
    """Positions of the line breaks of a text, from its :func:`code_classes`."""
    return np.flatnonzero(classes == LINE_BREAK)


def marked_lines(breaks: npt.NDArray[np.intp], marked: npt.NDArray[np.bool_]) -> npt.NDArray[np.intp]:
    """The numbers of the lines holding a marked position, in order (a line's number: its breaks before)."""
    lines = np.searchsorted(breaks, np.flatnonzero(marked))
    return lines[np.concatenate(([True], lines[1:] != lines[:-1]))] if len(lines) else lines


def marked_spans(breaks: npt.NDArray[np.intp], marked: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive lines holding a marked position, the line breaks between
    them included, in order.  ``breaks``: :func:`line_breaks` of the text; ``marked``: one flag per
    character (a line break is never marked).  (The runs are few: joined in Python, not with a dozen
    numpy calls of 3 µs each.)"""
    positions = np.flatnonzero(marked)
    if not len(positions):
        return []
    spans: list[tuple[int, int]] = []
    last = -2
    for line in np.unique(np.searchsorted(breaks, positions)).tolist():
        end = int(breaks[line]) if line < len(breaks) else len(marked)
        if line == last + 1:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((int(breaks[line - 1]) + 1 if line else 0, end))
        last = line
    return spans


def map_marked_lines(
    text: str, breaks: npt.NDArray[np.intp], marked: npt.NDArray[np.bool_], step: Callable[[str], str]
) -> str:
    """``step`` applied to the runs of marked lines of ``text`` (:func:`marked_spans`), the other lines
    left as they are: ``step(text)`` for a line-local step that changes no unmarked line."""
    out: list[str] = []
    pos = 0
    for start, end in marked_spans(breaks, marked):
        out.append(text[pos:start])
        out.append(step(text[start:end]))
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)
