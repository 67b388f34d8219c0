"""The corpus model of page chrome: which lines, and which pairs of adjacent lines, recur near the edges of
many files of a corpus (:func:`learn_chrome`), and how a line is keyed and split into units for it.

:mod:`analysis.boilerplate` judges each document with this model; see its docstring for why recurrence at
the edges is what marks chrome.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from analysis.normalize import CJK, CONTINUATION_START, LINE_EDGE_SPACE, ZERO_WIDTH, line_view

#: Lines at each edge of a document that the corpus model counts.  A portal page puts 5–20 lines of chrome
#: above the report and a library 5–15 lines of notice below it.
EDGE_LINES = 40
#: Raw lines split off each end of a long text per edge line counted (blank lines between included): enough
#: for the :data:`EDGE_LINES` units of a page of chrome; a text with more blank lines there is split whole.
EDGE_SPLIT = 4
#: Least documents a line must occur in (near their edges) to recur.
MIN_DOCS = 3
#: A line holding a sentence mark and at least this many CJK characters is a sentence (a body line).
MIN_SENTENCE_CJK = 6

#: Characters stripped from a line before it is judged (spaces of all widths, zero-width characters).
EDGE_SPACE = LINE_EDGE_SPACE + ZERO_WIDTH

_SENTENCE_MARK = re.compile(r"[。！？!?]")
#: :data:`MIN_SENTENCE_CJK` CJK characters somewhere in a line (found without counting them all).
_ENOUGH_CJK = re.compile(f"[{CJK}](?:[^{CJK}]*[{CJK}]){{{MIN_SENTENCE_CJK - 1}}}")
_SPACE_RUN = re.compile(r"\s+")
_DIGIT = re.compile(r"[0-9０-９]+")


@dataclass(frozen=True)
class CorpusChrome:
    """What recurs near the edges of a corpus's documents (:func:`learn_chrome`); empty: nothing learned."""

    lines: frozenset[str] = frozenset()  #: keys (:func:`line_key`) of recurring lines
    pairs: Mapping[tuple[str, str], int] = field(default_factory=dict)  #: recurring adjacent pairs: files
    n_docs: int = 0  #: documents learned from
    min_docs: int = MIN_DOCS


def line_key(line: str) -> str:
    """The line as the corpus model counts it: without whitespace; in a line that is not a sentence, every
    number masked as ``0`` (``浏览次数：123``); a sentence keeps its numbers, so reports written from one
    template with other figures do not recur.

    (Every whitespace character but the ASCII space is unprintable: a printable line without a space has
    no whitespace to remove, and one C-level test spares the regex call.)"""
    key = _SPACE_RUN.sub("", line) if " " in line or not line.isprintable() else line
    return key if is_sentence(key) else _DIGIT.sub("0", key)


#: A line starting with one of these continues the line above it (a web page broke the line at a link):


def units(raw_lines: Sequence[str]) -> tuple[list[str], list[list[int]]]:
    """Non-blank lines, each joined with the lines that continue it, and the raw line numbers of each.

    Each line is read through :func:`analysis.normalize.line_view` (zero-width characters dropped, widths
    and placeholders as cleaning writes them), so a line is judged as it will read after cleaning:
    ``政\u200b０`` and ``政0`` are one line, and a second cleaning judges it the same way.
    """
    texts: list[str] = []
    members: list[list[int]] = []
    for i, raw in enumerate(raw_lines):
        line = line_view(raw.strip(EDGE_SPACE)).strip(EDGE_SPACE)
        if not line:
            continue
        if texts and line[0] in CONTINUATION_START:
            texts[-1] += line
            members[-1].append(i)
        else:
            texts.append(line)
            members.append([i])
    return texts, members


def _edge_keys(text: str, edge: int) -> list[str]:
    """Keys of the first and last ``edge`` units of ``text`` (all of them when it is short), in order, with
    ``""`` between the two ends.  Only the raw lines near the edges are read (a unit joins a few lines).

    The non-blank raw lines ``raw``: when there are more than ``6 × edge``, the units of ``raw[:3 × edge]``
    and of ``raw[-3 × edge:]``; else the units of all.  A long text is not split whole: its first and last
    ``EDGE_SPLIT × edge`` lines are, and only if either holds too few non-blank lines is the rest read."""
    wanted = 3 * edge
    if text.count("\n") >= 2 * EDGE_SPLIT * edge:  # (the two ends' lines do not meet)
        head_raw = [line for line in text.split("\n", EDGE_SPLIT * edge)[:-1] if line.strip(EDGE_SPACE)]
        tail_raw = [line for line in text.rsplit("\n", EDGE_SPLIT * edge)[1:] if line.strip(EDGE_SPACE)]
        if len(head_raw) > wanted and len(tail_raw) > wanted:  # so more than 6 × edge in all
            return _ends(head_raw[:wanted], tail_raw[-wanted:], edge)
    raw = [line for line in text.split("\n") if line.strip(EDGE_SPACE)]
    if len(raw) <= 2 * wanted:
        lines = units(raw)[0]
        if len(lines) <= 2 * edge:
            return [line_key(line) for line in lines]
        return [line_key(line) for line in (*lines[:edge], "", *lines[-edge:])]
    return _ends(raw[:wanted], raw[-wanted:], edge)


def _ends(head_raw: list[str], tail_raw: list[str], edge: int) -> list[str]:
    """Keys of the first ``edge`` units of ``head_raw`` and of the last ``edge`` of ``tail_raw``, ``""``
    between them."""
    head, tail = units(head_raw)[0][:edge], units(tail_raw)[0][-edge:]
    return [line_key(line) for line in (*head, "", *tail)]


def learn_chrome(
    documents: Iterable[tuple[str, str]], *, min_docs: int = MIN_DOCS, edge: int = EDGE_LINES
) -> CorpusChrome:
    """Count, per line and per pair of adjacent lines near the edges, the files it occurs in.

    ``documents``: ``(source file, text)`` pairs; the reports of one collection file count as one file
    (they share the collection's title, not a site's chrome).
    ``recurring = {key : files(key) >= min_docs}``.  A corpus of fewer than ``min_docs`` files learns
    nothing.  Linear in the number of documents (only ``2 × edge`` lines of each are read).
    """
    # Per file the set of its keys and pairs, then one C-level count over the files' sets: the number of
    # files a key occurs in.  Only the recurring pairs are sorted (sorting all of them took 0.4 s at
    # distinct_100MB, as long as the rest of the counting).
    file_keys: dict[str, set[str]] = {}
    file_pairs: dict[str, set[tuple[str, str]]] = {}
    for source, text in documents:
        keys = _edge_keys(text, edge)
        file_keys.setdefault(source, set()).update(keys)
        file_pairs.setdefault(source, set()).update(_adjacent_pairs(keys))
    n_docs = len(file_keys)
    if n_docs < min_docs:
        return CorpusChrome(n_docs=n_docs, min_docs=min_docs)
    line_docs: Counter[str] = Counter()
    pair_docs: Counter[tuple[str, str]] = Counter()
    for source, keys in file_keys.items():
        line_docs.update(keys)
        pair_docs.update(file_pairs[source])
    return CorpusChrome(
        lines=frozenset(key for key, n in line_docs.items() if n >= min_docs and key),
        pairs=dict(sorted((pair, n) for pair, n in pair_docs.items() if n >= min_docs)),
        n_docs=n_docs,
        min_docs=min_docs,
    )


def _adjacent_pairs(keys: list[str]) -> set[tuple[str, str]]:
    """``{(a, b) for a, b in pairwise(keys) if a and b}``: all adjacent pairs at C speed, then those holding
    an empty key (the two around each ``""``: few) taken out (a generator over 160,000 pairs took 0.2 s
    at distinct_100MB)."""
    pairs = set(pairwise(keys))
    empty = -1
    for _ in range(keys.count("")):
        empty = keys.index("", empty + 1)
        if empty:
            pairs.discard((keys[empty - 1], ""))
        if empty + 1 < len(keys):
            pairs.discard(("", keys[empty + 1]))
    return pairs


def is_sentence(line: str) -> bool:
    """A line holding a sentence mark (``。！？``) and at least :data:`MIN_SENTENCE_CJK` CJK characters."""
    return bool(_SENTENCE_MARK.search(line)) and bool(_ENOUGH_CJK.search(line))
