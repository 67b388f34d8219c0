"""Identical sentences grouped: do the per-sentence work once, weight it by where the sentence occurs.

Official reports repeat themselves: the same 提法 sentence, the same closing line, the same boilerplate
paragraph recur across reports and years, and a corpus gathered from the web often holds a report twice.
The miners' per-sentence work (n-gram windows, numeral scans, clause runs, phrase matching) depends only on a
sentence's text and tokens, so it is done once per :class:`SentenceGroup` and its results are weighted by the
group's occurrences: ``freq = Σ count``, ``doc_freq = |∪ docs|``, per-section counts from
``section_counts``.  Results are identical to a sentence-by-sentence pass (the tests check this); only the
time changes, from "per sentence" to "per distinct sentence" plus a cheap per-occurrence step.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter, ne

import numpy as np

from analysis.records import Sentence

#: What makes two sentences the same for the miners.
SentenceKey = tuple[str, tuple[str, ...], bool]


def sentence_key(sentence: Sentence) -> SentenceKey:
    """Text, tokens and heading flag: everything a miner reads besides where the sentence is."""
    return (sentence.text, sentence.tokens, sentence.is_heading)


@dataclass(frozen=True, slots=True)
class SentenceGroup:
    """A distinct sentence and every place it occurs, in corpus order."""

    sentence: Sentence  #: the first occurrence
    occurrences: tuple[tuple[str, str], ...]  #: ``(doc_id, section_type)`` of each occurrence

    @property
    def count(self) -> int:
        """Occurrences in the corpus."""
        return len(self.occurrences)

    @property
    def docs(self) -> tuple[str, ...]:
        """Distinct reports holding the sentence, in order of first occurrence."""
        return tuple(dict.fromkeys(doc for doc, _ in self.occurrences))

    @property
    def section_counts(self) -> Mapping[str, int]:
        """Occurrences per section type, in order of first occurrence."""
        counts: dict[str, int] = {}
        for _, section in self.occurrences:
            counts[section] = counts.get(section, 0) + 1
        return counts


def group_sentences(sentences: Iterable[Sentence]) -> list[SentenceGroup]:
    """Group identical sentences (:func:`sentence_key`), in order of first occurrence.

    ``sum(g.count for g in groups)`` is the number of sentences; the first occurrence of each group keeps its
    position, so "the first sentence containing X" is the same in groups as in sentences.
    """
    # Each sentence is numbered by the first sentence of its text (:func:`_first_of_text`, off the texts'
    # sorted hashes); the rare text seen again with other tokens or heading flag is numbered by the first
    # sentence of its full key, in Python.  The groups are the first sentences, ascending; their places are
    # read off arrays (:func:`_occurrences`).  Why: a loop in Python per sentence (unpack, compare the place,
    # a dictionary lookup and two inserts) took 1.1 s at 100 MB of distinct text (666,000 sentences, 657,000
    # groups), 0.6 s so.  (The order of the groups is the sentences' order: the hashes only pair equal texts.)
    sentences = sentences if isinstance(sentences, Sequence) else list(sentences)
    n = len(sentences)
    if not n:
        return []
    first = _first_of_text(sentences)
    position = np.arange(n, dtype=np.int64)
    again = np.flatnonzero(first != position)
    full: dict[SentenceKey, int] = {}  # a text seen before with other tokens or heading flag: its key's first
    for i, j in zip(again.tolist(), first[again].tolist(), strict=True):
        _, _, text, tokens, is_heading = sentences[i]
        seen = sentences[j]
        if not ((seen[3] is tokens or seen[3] == tokens) and seen[4] == is_heading):
            first[i] = full.setdefault((text, tokens, is_heading), i)
    starts = np.flatnonzero(first == position)  # each group's first sentence, in order
    return _groups([sentences[i] for i in starts.tolist()], _occurrences(sentences, first, starts))


def _first_of_text(sentences: Sequence[Sentence]) -> np.ndarray:
    """Per sentence, the first sentence with its text.

    The texts' hashes sorted (stable: each hash's sentences in corpus order), the texts of one hash compared
    in Python (the texts that repeat, and the rare collision of hashes): a dictionary of every text took
    0.45 s at 100 MB of distinct text (666,000 sentences), its inserts reading memory all over the heap."""
    n = len(sentences)
    hashes = np.fromiter(map(hash, map(itemgetter(2), sentences)), dtype=np.int64, count=n)
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    first = np.arange(n, dtype=np.int64)
    shared = np.flatnonzero(ordered[1:] == ordered[:-1])  # sorted places whose hash is the one before
    if len(shared):
        tied = np.zeros(n + 2, dtype=bool)  # sorted place i at i + 1, between two places untied
        tied[shared + 1] = tied[shared + 2] = True
        edge = np.flatnonzero(np.diff(tied.view(np.int8)))  # where each stretch of one hash starts and ends
        for lo, hi in zip(edge[0::2].tolist(), edge[1::2].tolist(), strict=True):
            seen: dict[str, int] = {}
            for i in order[lo:hi].tolist():
                first[i] = seen.setdefault(sentences[i][2], i)
    return first


def _occurrences(
    sentences: Sequence[Sentence], first: np.ndarray, starts: np.ndarray
) -> list[tuple[tuple[str, str], ...]]:
    """Per group (its first sentence ``starts[k]``; ``first``: per sentence, its group's first sentence), the
    ``(doc_id, section_type)`` of each of its sentences, in corpus order.

    Sentences come in runs of one report and section type: a place is one tuple per run, and the place of a
    group seen once (most of them in distinct text) one tuple per distinct place, shared."""
    docs, sections = list(map(itemgetter(0), sentences)), list(map(itemgetter(1), sentences))
    n = len(sentences)
    moved = np.ones(n, dtype=bool)  # a sentence whose place differs from the one before
    moved[1:] = np.fromiter(map(ne, docs[1:], docs[:-1]), dtype=bool, count=n - 1)
    moved[1:] |= np.fromiter(map(ne, sections[1:], sections[:-1]), dtype=bool, count=n - 1)
    run = np.cumsum(moved) - 1  # per sentence: its run of one place
    places = [(docs[i], sections[i]) for i in np.flatnonzero(moved).tolist()]
    alone: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}  # the one place of a group seen once
    only = [alone.get(where) or alone.setdefault(where, (where,)) for where in places]  # (per run)
    occurrences = list(map(only.__getitem__, run[starts].tolist()))
    group = np.searchsorted(starts, first)  # per sentence: its group
    counts = np.bincount(group, minlength=len(starts))
    several = np.flatnonzero(counts[group] > 1)  # the sentences of groups seen more than once
    if len(several):
        order = several[np.argsort(group[several], kind="stable")]  # by group, in corpus order within one
        held = group[order]
        bounds = np.flatnonzero(np.concatenate(([True], held[1:] != held[:-1], [True]))).tolist()
        where = list(map(places.__getitem__, run[order].tolist()))
        for k, lo, hi in zip(held[bounds[:-1]].tolist(), bounds[:-1], bounds[1:], strict=True):
            occurrences[k] = tuple(where[lo:hi])
    return occurrences


def _groups(sentences: list[Sentence], occurrences: list[tuple[tuple[str, str], ...]]) -> list[SentenceGroup]:
    """``SentenceGroup(sentence, occurrences)`` of each pair, made without calling its ``__init__``: the
    frozen dataclass's sets each field by ``object.__setattr__`` in a Python frame (0.23 s per 300,000
    groups), the descriptors of its slots set them from C (0.08 s; 660,000 groups at 100 MB of distinct
    text)."""
    groups = [object.__new__(SentenceGroup) for _ in sentences]
    for field, values in ((SentenceGroup.sentence, sentences), (SentenceGroup.occurrences, occurrences)):
        deque(map(field.__set__, groups, values), maxlen=0)  # type: ignore[attr-defined]
    return groups


@dataclass(frozen=True, slots=True)
class DistinctSentences:
    """Distinct sentences (:func:`group_sentences`) and the reports each is in: what the slogan and passage
    miners read, computed once for both (:func:`distinct_sentences`)."""

    groups: list[SentenceGroup]
    docs: list[frozenset[str]]  #: reports holding each group
    n_docs: int  #: reports in the corpus


def distinct_sentences(sentences: Iterable[Sentence]) -> DistinctSentences:
    """:func:`group_sentences` plus the set of reports of each group.

    Equal sets are one object: most sentences of distinct text are in one report, and a frozenset per group
    took 216 bytes (140 MB for the 660,000 groups of 100 MB of distinct text); shared, one per report.
    """
    groups = group_sentences(sentences)
    shared: dict[object, frozenset[str]] = {}  # a report → {report}; a set of reports → itself

    def reports(group: SentenceGroup) -> frozenset[str]:
        occurrences = group.occurrences
        if len(occurrences) == 1:
            doc = occurrences[0][0]
            held = shared.get(doc)
            if held is None:
                held = shared[doc] = frozenset((doc,))
            return held
        held = frozenset([doc for doc, _ in occurrences])
        return shared.setdefault(held, held)

    docs = [reports(g) for g in groups]
    return DistinctSentences(groups, docs, len(frozenset().union(*docs)))
