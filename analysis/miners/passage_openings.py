"""A passage's opening stripped: item markers and a leading connective go (what
:func:`~analysis.miners.passage_reuse.reusable_runs` reads a run as), and the runs it looks for.

``（三）``, ``二是``, ``第一条``, ``1）`` number an item of one document, and a leading conjunction (``并``,
``但``, ``同时``: jieba tag ``c``, the longest dictionary word at the start) ties the passage to a clause it
lost (:func:`strip_opening`).  :func:`reuse_candidates` gives the runs the reuse looks for, so that the
passage miner looks for them in the same scan as the runs that outlive the edges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from analysis.miners.cjk_counts import cjk_counts
from analysis.miners.passage_enumerations import CLAUSE_MARKS

__all__ = ["ITEM_MARKER_RE", "reuse_candidates", "strip_opening"]

#: An item marker at the start of a clause: （三） (3) 二是 第一条 1） 1.  一、 (with the space after it).
ITEM_MARKER_RE = re.compile(
    r"(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}是(?=[^\W\d_])"
    r"|第[一二三四五六七八九十百零\d]{1,4}[条章节款项]|\d{1,2}[）)]|\d{1,2}[.．](?!\d))[\s　]*"
)
#: Longest word looked up at a passage's start (the dictionary's conjunctions have at most 4 characters).
_MAX_CONNECTIVE = 4


def strip_opening(run: str, tags: Mapping[str, str]) -> str:
    """``run`` without item markers and a leading conjunction (see the module docstring); may be ``""``.

    The conjunction is the longest word of jieba's dictionary (``tags``) the run opens with, tagged ``c``:
    ``并融合…`` loses 并, ``和平共处…`` keeps its 和 (``和平`` is the longer word).  A clause mark left at the
    start goes with them.
    """
    while True:
        before = run
        marker = ITEM_MARKER_RE.match(run)
        if marker:
            run = run[marker.end() :]
        for n in range(min(_MAX_CONNECTIVE, len(run)), 0, -1):
            if run[:n] in tags:
                if tags[run[:n]] == "c" and n < len(run):
                    run = run[n:]
                break
        run = run.lstrip(CLAUSE_MARKS + " 　")
        if run == before:
            return run


def reuse_candidates(
    runs: Iterable[str], tags: Mapping[str, str], floor: int, openings: Mapping[str, str] | None = None
) -> dict[str, int]:
    """The runs :func:`reusable_runs` looks for, sorted, with their CJK characters: ``runs`` with their
    openings stripped (:func:`strip_opening`; ``openings``: that of some runs, made already), each once,
    those of ``floor`` CJK characters or more."""
    openings = {} if openings is None else openings
    stripped = list(
        dict.fromkeys(openings[run] if run in openings else strip_opening(run, tags) for run in runs)
    )
    chars = zip(stripped, cjk_counts(stripped).tolist(), strict=True)
    return dict(sorted((run, n) for run, n in chars if n >= floor))
