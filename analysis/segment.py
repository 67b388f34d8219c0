"""Segmentation: split report paragraphs into sentences and sentences into jieba tokens.

The tokenizer is :class:`analysis.segmenter.Segmenter`, lexicons are read and written by
:mod:`analysis.lexicon`, the on-disk cache is :mod:`analysis.segment_cache`; this module re-exports their
public names, so ``from analysis.segment import Segmenter, read_lexicon`` keeps working.

Sentences
    :func:`split_sentences` (:mod:`analysis.sentence_split`, re-exported here) ends a sentence after a run of
    ``。！？；!?;`` with any closing quotes or brackets after it, and at every line break.

Sharing the work, and the cache
    :func:`segment_reports` splits sentences and reads the cache here and sends only the distinct texts not
    cut before to ``cut_chunks``, a plain function the caller supplies: the pipeline's executor mapping
    :func:`cut_texts` over local processes or a Dask cluster (:mod:`analysis.executor`), or by default
    :func:`cut_texts` called here.  This module never starts a process.  Within a run a sentence is cut once
    however often it repeats (a bounded memo).  With ``cache_dir`` the tokens of each report are kept on
    disk between runs, checked by a checksum (:mod:`analysis.segment_cache`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, chain, filterfalse, islice, repeat
from operator import itemgetter
from pathlib import Path
from sys import intern

from analysis.lexicon import (
    KIND_POS,
    MAX_LEXICON_FREQ,
    LexiconEntry,
    LexiconWarning,
    default_lexicon_path,
    is_jieba_word,
    lexicon_fingerprint,
    lexicon_from_phrases,
    read_lexicon,
    write_lexicon,
)
from analysis.progress import progress_bar
from analysis.records import Report, Sentence
from analysis.segment_cache import CACHE_FORMAT, cache_file, load_cached, store_cached
from analysis.segmenter import BACKENDS, CHECK_TEXTS, Backend, Segmenter
from analysis.sentence_split import (
    CLOSERS,
    MAX_SENTENCE_CHARS,
    SENTENCE_ENDS,
    SOFT_BREAK_WINDOW,
    SOFT_BREAKS,
    split_paragraphs,
    split_sentences,
)
from analysis.token_chunks import ChunkCutter, PackedTokens, TextChunk, TokenUnpacker, pack_tokens

__all__ = [
    "BACKENDS",
    "CACHE_FORMAT",
    "CHECK_TEXTS",
    "CLOSERS",
    "KIND_POS",
    "MAX_LEXICON_FREQ",
    "MAX_SENTENCE_CHARS",
    "MEMO_LIMIT",
    "SENTENCE_ENDS",
    "SOFT_BREAKS",
    "SOFT_BREAK_WINDOW",
    "TEXTS_PER_TASK",
    "Backend",
    "CutChunks",
    "LexiconEntry",
    "LexiconWarning",
    "Segmenter",
    "build_tokenizer",
    "cut_texts",
    "default_lexicon_path",
    "is_jieba_word",
    "lexicon_fingerprint",
    "lexicon_from_phrases",
    "read_lexicon",
    "segment_report",
    "segment_reports",
    "split_sentences",
    "write_lexicon",
]

logger = logging.getLogger(__name__)

#: Largest number of distinct sentences memoised per run before the memo is cleared.
MEMO_LIMIT = 200_000


def segment_report(report: Report, segmenter: Segmenter) -> list[Sentence]:
    """Sentences of every paragraph of ``report`` (headings included, the title is not a paragraph), cut."""
    return next(_segment_each([report], partial(map, partial(cut_texts, segmenter)), segmenter, None))


@dataclass(frozen=True, slots=True)
class _Split:
    """A report's sentences before their tokens (:func:`_split_report`)."""

    texts: list[str]  #: every sentence, paragraph after paragraph
    section_types: list[str]  #: of each paragraph
    counts: list[int]  #: sentences of each paragraph
    headings: list[int]  #: where in ``texts`` each heading sentence is


def _split_report(report: Report) -> _Split:
    """The sentences of every paragraph of ``report`` (:func:`split_paragraphs`: one scan of the report).

    Of an inline heading (``（一）强化理论武装。我始终…``) only the first sentence is the heading.
    """
    paragraphs = report.paragraphs
    texts, counts = split_paragraphs([paragraph.text for paragraph in paragraphs])
    starts = accumulate(counts, initial=0)
    headings = [start for p, start, n in zip(paragraphs, starts, counts, strict=False) if n and p.is_heading]
    return _Split(texts, [paragraph.section_type for paragraph in paragraphs], counts, headings)


#: A sentence's text and tokens, as the memo keeps them (the first objects seen).
_Pair = tuple[str, tuple[str, ...]]
_TEXT, _TOKENS = itemgetter(0), itemgetter(1)


def _sentences(doc_id: str, split: _Split, texts: list[str], tokens: list[tuple[str, ...]]) -> list[Sentence]:
    """The report's sentences, ``texts`` and ``tokens`` in the order of ``split.texts``: built by
    ``tuple.__new__`` with every field given (what a named tuple's own ``__new__`` does after a Python-level
    call), mapped in C over the fields zipped: no Python step per sentence."""
    flags = [False] * len(texts)
    for index in split.headings:
        flags[index] = True
    section_types = chain.from_iterable(map(repeat, split.section_types, split.counts))
    fields = zip(repeat(doc_id), section_types, texts, tokens, flags)
    return list(map(tuple.__new__, repeat(Sentence), fields))


def _shared(
    memo: dict[str, _Pair | None], texts: list[str], tokens: list[tuple[str, ...]]
) -> tuple[list[str], list[tuple[str, ...]]]:
    """``texts`` and ``tokens`` (of sentences not cut in this run: read from the cache, or every sentence
    with ``dedupe=False``), each sentence's replaced by the text and tokens first seen in ``memo`` where
    their tokens are equal, and remembered there otherwise (a ``setdefault`` per sentence, mapped in C).

    Why: those are fresh objects even where the text repeats; shared, a corpus of repeated boilerplate (or
    of duplicated reports) keeps the memory of its distinct sentences."""
    pairs = list(map(memo.setdefault, texts, zip(texts, tokens, strict=True)))
    if pairs.count(None) or list(map(_TOKENS, pairs)) != tokens:  # (a text in flight, or other tokens)
        pairs = [
            pair if pair is not None and pair[1] == cut else (text, cut)
            for pair, text, cut in zip(pairs, texts, tokens, strict=True)
        ]
    return list(map(_TEXT, pairs)), list(map(_TOKENS, pairs))


# --------------------------------------------------------------------------------------------- reports

#: Cuts chunks of texts (here, in a pool, on a cluster): ``cut_chunks(chunks)`` yields the tokens of each
#: chunk in order, packed (:func:`cut_texts`).
CutChunks = Callable[[list[list[str]]], Iterable[PackedTokens]]

#: Reports whose sentences are split (and whose distinct texts are sent to be cut) together.
REPORTS_PER_WINDOW = 512


def cut_texts(segmenter: Segmenter, texts: list[str]) -> PackedTokens:
    """The tokens of each text, packed to cross a process boundary (:mod:`analysis.token_chunks`): the
    function an executor maps, the segmenter shared per worker."""
    return pack_tokens(segmenter.cut_joined(texts))


def build_tokenizer(segmenter: Segmenter | ChunkCutter, _: object = None) -> None:
    """Build ``segmenter``'s tokenizer now (≈ 0.2 s): mapped once per worker before the texts arrive."""
    segmenter.resolve()


def segment_reports(
    reports: Iterable[Report],
    *,
    segmenter: Segmenter,
    cut_chunks: CutChunks | None = None,
    cache_dir: Path | str | None = None,
    progress: bool = False,
    dedupe: bool = True,
    window: int = REPORTS_PER_WINDOW,
) -> Iterator[Sentence]:
    """Sentences of every report, in report order, the same whoever cuts them; a repeated sentence shares
    the text and tokens first seen (up to :data:`MEMO_LIMIT` distinct texts at a time).

    ``cut_chunks`` cuts chunks of texts (see :data:`CutChunks`): by default :func:`cut_texts` here; the
    pipeline passes ``partial(executor.map, cut_texts, shared=segmenter)``, which cuts in other processes.
    The backend of ``segmenter`` is chosen here first (``auto`` compares rjieba with jieba), so that every
    process cuts with the same one and the cache is keyed by it.  This process splits the sentences, reads
    the disk cache and sends only the distinct texts not cut before (:func:`_segment_distinct`), ``window``
    reports at a time; ``dedupe=False`` sends every sentence of every report, repeats included (only
    benchmarks want that: it measures the raw tokenizer speed).  ``cache_dir``: see
    :mod:`analysis.segment_cache`.  ``progress`` shows a tqdm bar counting reports.
    """
    cache = Path(cache_dir) if cache_dir is not None else None
    total = len(reports) if isinstance(reports, Sequence) else None
    if segmenter.backend_ is None:
        segmenter.resolve()
    if cut_chunks is None:
        cut_chunks = partial(map, ChunkCutter(segmenter).cut_texts)  # (here: tokens kept, as a pool's)
    results: Iterable[list[Sentence]]
    if dedupe:
        results = _segment_distinct(reports, cut_chunks, segmenter, cache, window=window)
    else:
        results = _segment_each(reports, cut_chunks, segmenter, cache)
    if progress:
        results = progress_bar(results, total=total, unit="report", desc="segment")
    for sentences in results:
        yield from sentences


def _segment_each(
    reports: Iterable[Report], cut_chunks: CutChunks, segmenter: Segmenter, cache: Path | None
) -> Iterator[list[Sentence]]:
    """Every sentence of every report cut, repeats included: one chunk per report not in the cache."""
    plans = []
    for report in reports:
        split = _split_report(report)
        path = cache_file(cache, segmenter.fingerprint, split.texts) if cache is not None else None
        cached = load_cached(path, len(split.texts)) if path is not None else None
        plans.append((report, split, path, cached))
    cuts = iter(cut_chunks([TextChunk(split.texts) for _, split, _, cached in plans if cached is None]))
    unpacker = TokenUnpacker()
    memo: dict[str, _Pair | None] = {}
    for report, split, path, cached in plans:
        tokens = _interned(cached) if cached is not None else unpacker.unpack(next(cuts))
        if cached is None and path is not None:
            store_cached(path, tokens)
        if len(memo) >= MEMO_LIMIT:
            memo = {}
        yield _sentences(report.doc_id, split, *_shared(memo, split.texts, tokens))


#: Texts sent to be cut in one chunk by :func:`_segment_distinct`.
TEXTS_PER_TASK = 512

#: A report's sentences with their texts and tokens once known (None: to be looked up when its window ends).
_Ready = tuple[list[str], list[tuple[str, ...]]] | None
#: What :func:`_send_window` remembers of a report with copies: its paragraphs (keeping their id in use),
#: its sentences and, once known, their texts and tokens.
_Known = tuple[object, _Split, _Ready]


@dataclass
class _Window:
    """Reports whose distinct texts were sent to be cut: what :func:`_finish_window` needs to build them."""

    plans: list[tuple[Report, _Split, Path | None, _Ready]]
    chunks: list[list[str]]  #: the texts sent, chunk by chunk
    cuts: Iterator[PackedTokens]  #: their tokens, chunk by chunk (work started when sent)
    memo: dict[str, _Pair | None]  #: the memo the window was sent with: it holds every text of the window


def _segment_distinct(
    reports: Iterable[Report], cut_chunks: CutChunks, segmenter: Segmenter, cache: Path | None, *, window: int
) -> Iterator[list[Sentence]]:
    """Per window of reports: the main process splits sentences and reads the disk cache; only the distinct
    texts not seen before (in this run) are cut (``cut_chunks``: by the pool, or here); the main process
    builds the sentences.  Windows overlap: the next window is split and sent before the last one's tokens
    are read, so the workers cut while this process splits and builds.

    The memo maps each text seen to its first text object and tokens, or to None while its tokens are on
    their way (sent by this window or the one before, whose tokens reach the memo first: windows end in
    order).  Past :data:`MEMO_LIMIT` texts a new memo starts; the window in flight keeps the one it was sent
    with, and a text of it the next window holds is sent again.

    Why not send whole reports: a corpus that repeats itself would be cut once per worker, and every
    sentence would come back pickled; here each distinct text is cut once and crosses a process boundary
    twice (as text, as tokens), whatever the repetition.
    """
    memo: dict[str, _Pair | None] = {}
    unpacker = TokenUnpacker()  # (the workers' kept vocabularies, this segmentation's)
    # reports sharing their paragraphs (exact copies, see _send_window); only those are remembered
    shared = Counter(id(r.paragraphs) for r in reports) if isinstance(reports, Sequence) else Counter()
    copied = {key for key, n in shared.items() if n > 1}
    copies: dict[int, _Known] = {}
    pending: _Window | None = None
    items = iter(reports)
    while batch := list(islice(items, window)):
        if len(memo) >= MEMO_LIMIT:
            memo = {}
            copies.clear()
        sent = _send_window(batch, cut_chunks, segmenter, cache, memo, (copied, copies))
        if pending is not None:
            yield from _finish_window(pending, copied, copies, unpacker)
        pending = sent
    if pending is not None:
        yield from _finish_window(pending, copied, copies, unpacker)


def _send_window(
    reports: Sequence[Report],
    cut_chunks: CutChunks,
    segmenter: Segmenter,
    cache: Path | None,
    memo: dict[str, _Pair | None],
    copy_state: tuple[set[int], dict[int, _Known]],
) -> _Window:
    """Split one window of :func:`_segment_distinct` and send its texts not in the memo to be cut (marked
    there as on their way).

    ``copy_state`` is ``(copied, copies)``: ``copies`` maps ``id(report.paragraphs)``, for the ids in
    ``copied``, to the sentences split from those paragraphs and their texts and tokens once known (and the
    object, which keeps the id from being reused).  A report that is an exact copy of another shares its
    paragraphs (:func:`analysis.pipeline.load_reports`), so it is split, looked up in the cache and stored
    once, and its sentences share text and token objects.  Other reports are not remembered: their token
    lists (fresh objects when read from the cache) must not outlive the window.
    """
    copied, copies = copy_state
    plans: list[tuple[Report, _Split, Path | None, _Ready]] = []
    wanted: list[list[str]] = []
    for report in reports:
        known = copies.get(id(report.paragraphs))
        if known is not None and known[0] is report.paragraphs:  # a copy: not split, read or stored again
            _, split, ready = known
            plans.append((report, split, None, ready))
            if ready is None:  # its original is in this window or the one before
                wanted.append(split.texts)
            continue
        split = _split_report(report)
        path = cache_file(cache, segmenter.fingerprint, split.texts) if cache is not None else None
        cached = load_cached(path, len(split.texts)) if path is not None else None
        ready = None if cached is None else _shared(memo, split.texts, _interned(cached))
        if ready is None:
            wanted.append(split.texts)
        plans.append((report, split, path, ready))
        if id(report.paragraphs) in copied:
            copies[id(report.paragraphs)] = (report.paragraphs, split, ready)
    # the texts not in the memo put there as on their way, in order of first use (a filter and an update in
    # C, the memo itself taking out repeats); they are the memo's last keys
    known = len(memo)
    for texts in wanted:
        memo.update(zip(filterfalse(memo.__contains__, texts), repeat(None)))
    texts = list(islice(reversed(memo), len(memo) - known))[::-1]
    chunks = [TextChunk(texts[i : i + TEXTS_PER_TASK]) for i in range(0, len(texts), TEXTS_PER_TASK)]
    return _Window(plans, chunks, iter(cut_chunks(chunks)), memo)


def _finish_window(
    window: _Window, copied: set[int], copies: dict[int, _Known], unpacker: TokenUnpacker
) -> Iterator[list[Sentence]]:
    """The sentences of a window sent by :func:`_send_window`, report by report, once its texts are cut."""
    memo = window.memo
    for chunk, cuts in zip(window.chunks, window.cuts, strict=True):
        memo.update(zip(chunk, zip(chunk, unpacker.unpack(cuts), strict=True), strict=True))
    pair_of = memo.__getitem__
    for report, split, path, ready in window.plans:
        if ready is None:
            pairs = list(map(pair_of, split.texts))
            ready = (list(map(_TEXT, pairs)), list(map(_TOKENS, pairs)))
            if id(report.paragraphs) in copied:
                copies[id(report.paragraphs)] = (report.paragraphs, split, ready)
            if path is not None:
                store_cached(path, ready[1])
        yield _sentences(report.doc_id, split, *ready)


def _interned(tokens: Iterable[Sequence[str]]) -> list[tuple[str, ...]]:
    """Each text's tokens interned (``sys.intern``: one object per distinct token, freed with its last use),
    once per distinct text: tokens read from the cache are fresh objects, and a fresh 2-character str takes
    78 bytes (a token repeats ~14 times in 10 MB of distinct text)."""
    return [tuple(map(intern, cut)) for cut in tokens]
