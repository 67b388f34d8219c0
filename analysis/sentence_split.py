"""Sentences of a paragraph: where the pipeline splits text before it cuts tokens (:func:`split_sentences`).

A sentence ends after a run of ``。！？；!?;`` together with any closing quotes or brackets that follow it
(``……。”``), and at every line break.  A sentence longer than :data:`MAX_SENTENCE_CHARS` is cut into pieces
(see there).  Re-exported by :mod:`analysis.segment`.
"""

from __future__ import annotations

import re

__all__ = [
    "CLOSERS",
    "LINE_BREAKS",
    "MAX_SENTENCE_CHARS",
    "SENTENCE_ENDS",
    "SOFT_BREAKS",
    "SOFT_BREAK_WINDOW",
    "split_paragraphs",
    "split_sentences",
]

SENTENCE_ENDS = "。！？；!?;"
#: Longest sentence kept whole, in characters.  The longest sentence of the development corpora has 461
#: characters and 99.9 % have fewer than 250, so no real sentence comes near it; what does is text that lost
#: its punctuation (pasted from a PDF or a page: a line of 1.7 million characters was seen), which would be
#: one "sentence" that every miner scans whole and that becomes the example of hundreds of phrases.  Such
#: a run is cut after the last comma-like mark or space among the :data:`SOFT_BREAK_WINDOW` characters
#: before the bound (``，、,：:`` …), else at the bound itself.
MAX_SENTENCE_CHARS = 1000
SOFT_BREAK_WINDOW = 200
SOFT_BREAKS = "，、,：:—…\u3000 \t"
CLOSERS = "”’」』）)]】》〉\"'"
#: What ``str.splitlines`` breaks a line at (``\r\n`` is two of them).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: A sentence: text up to a run of sentence ends and the closers after it, within one line (no line break
#: in any of its classes, so a match never crosses one: what ``str.splitlines`` then a match per line
#: gives, in one scan of the paragraph).
_SENTENCE = re.compile(
    f"[^{re.escape(SENTENCE_ENDS + LINE_BREAKS)}]*(?:[{re.escape(SENTENCE_ENDS)}]+[{re.escape(CLOSERS)}]*)*"
)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, each stripped of surrounding whitespace, none empty.

    A sentence ends after a run of ``。！？；!?;`` plus any closing quotes/brackets right after it
    (``他说：“好。”`` stays whole), and at every line break (``str.splitlines``); a longer sentence than
    :data:`MAX_SENTENCE_CHARS` is cut into pieces no longer than that (:func:`_bounded`).  Nothing else is
    dropped: removing all whitespace from the output joined equals removing it from ``text``.
    """
    # (one ``findall`` of the paragraph, in C: a Python loop over lines and matches was a third of this
    # process's segmentation work at 100 MB of distinct text; the sentences' ends include no line break,
    # so a line break only ever ends a match)
    out = [sentence for sentence in map(str.strip, _SENTENCE.findall(text)) if sentence]
    if len(text) <= MAX_SENTENCE_CHARS or max(map(len, out), default=0) <= MAX_SENTENCE_CHARS:
        return out
    return [piece for sentence in out for piece in _bounded(sentence)]


def _bounded(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """``sentence`` cut into pieces of at most ``limit`` characters, each after the last of
    :data:`SOFT_BREAKS` in the :data:`SOFT_BREAK_WINDOW` characters before the bound, else at the bound;
    pieces stripped, empty ones dropped (linear: offsets, no repeated slicing of the rest)."""
    pieces: list[str] = []
    start, n = 0, len(sentence)
    window = min(SOFT_BREAK_WINDOW, limit - 1)
    while n - start > limit:
        bound = start + limit
        soft = max(sentence.rfind(mark, bound - window, bound) for mark in SOFT_BREAKS)
        end = soft + 1 if soft >= 0 else bound
        piece = sentence[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    piece = sentence[start:].strip()
    if piece:
        pieces.append(piece)
    return pieces


def split_paragraphs(texts: list[str]) -> tuple[list[str], list[int]]:
    """The sentences of every text of ``texts`` in turn, and how many each text has: what
    ``[split_sentences(t) for t in texts]`` gives, flattened, and the lengths of its lists.

    Why: one ``findall`` of the texts joined by line breaks instead of one per paragraph (a call costs
    ≈ 2 µs besides its scan, and a report has 80 paragraphs); the sentences of a line break's two sides are
    those of the two texts (no match crosses a line break).  A match is empty only at a line break or at the
    end, so where no text holds a line break of its own (or a sentence of whitespace alone, or more than
    :data:`MAX_SENTENCE_CHARS` characters) the empty matches are exactly the texts' ends; otherwise (rare)
    each text is split on its own.
    """
    raw = _SENTENCE.findall("\n".join(texts))
    sentences = list(filter(None, map(str.strip, raw)))
    breaks = len(raw) - len(sentences)  # (empty matches, and matches of whitespace alone)
    if (
        breaks != len(texts)
        or raw.count("") != breaks
        or max(map(len, texts), default=0) > MAX_SENTENCE_CHARS
    ):
        split = list(map(split_sentences, texts))
        return [sentence for part in split for sentence in part], list(map(len, split))
    counts, start, index = [], 0, raw.index
    for _ in texts:
        end = index("", start)
        counts.append(end - start)
        start = end + 1
    return sentences, counts
