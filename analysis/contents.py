"""Tables of contents: the lines above a document's first sentence that announce its headings.

A report copied from a library or converted from a PDF often starts with its table of contents
(``目录`` / ``一、总体要求……………1`` / ``二、…``).  Its lines are the document's, but read as headings they
would give every section twice, so :mod:`analysis.boilerplate` removes them (rule ``contents``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.chrome_model import is_sentence
from analysis.chrome_shapes import HEADING_START

_HEADING = HEADING_START
#: Dot leaders and a page number closing a line of a table of contents (``一、总体要求……………1``).
_LEADER = re.compile(r"(?:[.．·…‥⋯_—-]{3,}|\s{2,})\s*[0-9]{1,4}$")
_CONTENTS_LABEL = re.compile(r"^目\s*录$")
#: A table of contents holds at least this many entries, and at least this share of them come back below
#: as the lines (headings) they announce.
MIN_CONTENTS_ENTRIES = 3
#: Longest line read as an entry with leaders (the leader pattern is anchored at the end of the line).
MAX_ENTRY_CHARS = 200
CONTENTS_FOUND_SHARE = 0.6


def _contents_key(line: str) -> str:
    return re.sub(r"\s+", "", _LEADER.sub("", line) if len(line) <= MAX_ENTRY_CHARS else line)


def contents_lines(lines: Sequence[str], *, judged: Sequence[bool]) -> list[int]:
    """A table of contents above the first sentence: a run of heading lines or lines with dot leaders and
    page numbers (after an optional ``目录`` label), ending where an entry comes again (the body's first
    heading), whose entries come back below as the headings they announce.  It is the document's, but
    counted as headings it would give every section twice."""
    first = next((i for i, line in enumerate(lines) if is_sentence(line)), None)
    if first is None:
        return []
    entries: list[int] = []
    seen: set[str] = set()
    for i in range(first):
        line = lines[i]
        if judged[i] or _CONTENTS_LABEL.match(line):
            continue
        if not (_HEADING.match(line) or (len(line) <= MAX_ENTRY_CHARS and _LEADER.search(line))):
            if entries:
                break
            continue
        key = _contents_key(line)
        if key in seen:
            break  # the body starts again at the first entry
        seen.add(key)
        entries.append(i)
    if len(entries) < MIN_CONTENTS_ENTRIES:
        return []
    below = [re.sub(r"\s+", "", line) for line in lines[entries[-1] + 1 :]]
    found = sum(any(line.startswith(key) for line in below) for key in seen if key)
    if found < CONTENTS_FOUND_SHARE * len(entries):
        return []
    labels = [i for i in range(entries[0]) if not judged[i] and _CONTENTS_LABEL.match(lines[i])]
    return sorted(labels + entries)
