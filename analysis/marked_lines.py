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
#: The class of the line break in every table (:func:`class_table`).
LINE_BREAK = 255
#: Texts shorter than this run the step whole: a text's arrays cost ≈ 10 µs, a short line's regexes less.
MIN_MARKED_CHARS = 2000


def class_table(classes: Mapping[int, str]) -> npt.NDArray[np.uint8]:
    """The class of every code point (1.1 MB): ``classes`` maps a class (1–254) to its characters, the line
    break is :data:`LINE_BREAK`, every other code point 0."""
    table = np.zeros(_CODE_POINTS, dtype=np.uint8)
    for value, chars in classes.items():
        if not 0 < value < LINE_BREAK or "\n" in chars:
            raise ValueError(f"class {value} of {chars!r}: classes are 1–254 and hold no line break")
        table[[ord(char) for char in chars]] = value
    table[ord("\n")] = LINE_BREAK
    return table


def code_classes(text: str, table: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """The class (``table``) of each character of ``text`` (lone surrogates are code points too)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return table.take(codes)


def marked_spans(classes: npt.NDArray[np.uint8], marked: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive lines holding a marked position, the line breaks between
    them included, in order.  ``classes``: :func:`code_classes` of the text; ``marked``: one flag per
    character (a line break is never marked)."""
    positions = np.flatnonzero(marked)
    if not len(positions):
        return []
    breaks = np.flatnonzero(classes == LINE_BREAK)
    lines = np.unique(np.searchsorted(breaks, positions))  # a line's number: the breaks before it
    first = lines[np.flatnonzero(np.diff(lines, prepend=-2) != 1)]  # runs of consecutive lines
    last = lines[np.flatnonzero(np.diff(lines, append=lines[-1] + 2) != 1)]
    starts = np.concatenate(([0], breaks + 1))[first]
    ends = np.append(breaks, len(classes))[last]
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def map_marked_lines(
    text: str, classes: npt.NDArray[np.uint8], marked: npt.NDArray[np.bool_], step: Callable[[str], str]
) -> str:
    """``step`` applied to the runs of marked lines of ``text`` (:func:`marked_spans`), the other lines
    left as they are: ``step(text)`` for a line-local step that changes no unmarked line."""
    out: list[str] = []
    pos = 0
    for start, end in marked_spans(classes, marked):
        out.append(text[pos:start])
        out.append(step(text[start:end]))
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)
