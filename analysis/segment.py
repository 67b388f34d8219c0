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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import islice
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
    split_sentences,
)
from analysis.token_chunks import ChunkCutter, PackedTokens, TokenUnpacker, pack_tokens

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


def _report_sentences(report: Report) -> list[tuple[str, str, bool]]:
    """(text, section_type, is_heading) of every sentence.

    Of an inline heading (``（一）强化理论武装。我始终…``) only the first sentence is the heading.
    """
    return [
        (sentence, paragraph.section_type, paragraph.is_heading and k == 0)
        for paragraph in report.paragraphs
        for k, sentence in enumerate(split_sentences(paragraph.text))
    ]


def _sentences(
    report: Report, items: Sequence[tuple[str, str, bool]], tokens: Sequence[tuple[str, ...]]
) -> list[Sentence]:
    """The report's sentences, built by ``tuple.__new__`` with every field given (what a named tuple's own
    ``__new__`` does after a Python-level call: 0.34 → 0.15 µs a sentence)."""
    new, doc_id = tuple.__new__, report.doc_id
    return [
        new(Sentence, (doc_id, section_type, text, cut, is_heading))
        for (text, section_type, is_heading), cut in zip(items, tokens, strict=True)
    ]


# --------------------------------------------------------------------------------------------- reports

#: Cuts chunks of texts (here, in a pool, on a cluster): ``cut_chunks(chunks)`` yields the tokens of each
#: chunk in order, packed (:func:`cut_texts`).
CutChunks = Callable[[list[list[str]]], Iterable[PackedTokens]]

#: Reports whose sentences are split (and whose distinct texts are sent to be cut) together.
REPORTS_PER_WINDOW = 512


def cut_texts(segmenter: Segmenter, texts: list[str]) -> PackedTokens:
    """The tokens of each text, packed to cross a process boundary (:mod:`analysis.token_chunks`): the
    function an executor maps, the segmenter shared per worker."""
    cut = segmenter.cut
    return pack_tokens([cut(text) for text in texts])


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
    """Sentences of every report, in report order, the same whoever cuts them.

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
    yield from _flatten(results, progress=progress, total=total)


def _segment_each(
    reports: Iterable[Report], cut_chunks: CutChunks, segmenter: Segmenter, cache: Path | None
) -> Iterator[list[Sentence]]:
    """Every sentence of every report cut, repeats included: one chunk per report not in the cache."""
    plans = []
    for report in reports:
        items = _report_sentences(report)
        texts = [text for text, _, _ in items]
        path = cache_file(cache, segmenter.fingerprint, texts) if cache is not None else None
        cached = load_cached(path, len(texts)) if path is not None else None
        plans.append((report, items, path, cached))
    todo = [[text for text, _, _ in items] for _, items, _, cached in plans if cached is None]
    cuts = iter(cut_chunks(todo))
    unpacker = TokenUnpacker()
    for report, items, path, cached in plans:
        tokens = _interned(cached) if cached is not None else unpacker.unpack(next(cuts))
        if cached is None and path is not None:
            store_cached(path, tokens)
        yield _sentences(report, items, tokens)


#: Texts sent to be cut in one chunk by :func:`_segment_distinct`.
TEXTS_PER_TASK = 512


#: What :func:`_send_window` remembers of a report with copies: its paragraphs (keeping their id in use),
#: its sentences (text, section type, heading?) and, once known, their tokens.
_Known = tuple[object, list[tuple[str, str, bool]], list[tuple[str, ...]] | None]


@dataclass
class _Window:
    """Reports whose distinct texts were sent to be cut: what :func:`_finish_window` needs to build them."""

    plans: list[tuple[Report, list[tuple[str, str, bool]], Path | None, list[tuple[str, ...]] | None]]
    chunks: list[list[str]]  #: the texts sent, chunk by chunk
    cuts: Iterator[PackedTokens]  #: their tokens, chunk by chunk (work started when sent)
    tokens: dict[str, tuple[str, ...]]  #: tokens of the window's texts known when it was sent, then all
    deferred: list[str]  #: texts the window before had sent: their tokens are read from the memo later


def _segment_distinct(
    reports: Iterable[Report], cut_chunks: CutChunks, segmenter: Segmenter, cache: Path | None, *, window: int
) -> Iterator[list[Sentence]]:
    """Per window of reports: the main process splits sentences and reads the disk cache; only the distinct
    texts not seen before (in this run) are cut (``cut_chunks``: by the pool, or here); the main process
    builds the sentences.  Windows overlap: the next window is split and sent before the last one's tokens
    are read, so the workers cut while this process splits and builds.

    Why not send whole reports: a corpus that repeats itself would be cut once per worker, and every
    sentence would come back pickled; here each distinct text is cut once and crosses a process boundary
    twice (as text, as tokens), whatever the repetition.
    """
    memo: dict[str, tuple[str, ...]] = {}
    unpacker = TokenUnpacker()  # (the workers' kept vocabularies, this segmentation's)
    # reports sharing their paragraphs (exact copies, see _send_window); only those are remembered
    shared = Counter(id(r.paragraphs) for r in reports) if isinstance(reports, Sequence) else Counter()
    copied = {key for key, n in shared.items() if n > 1}
    copies: dict[int, _Known] = {}
    pending: _Window | None = None
    items = iter(reports)
    while batch := list(islice(items, window)):
        if len(memo) >= MEMO_LIMIT:  # the window in flight takes what it needs from the memo first
            if pending is not None:
                pending.tokens.update((text, memo[text]) for text in pending.deferred)
                pending.deferred = []
            memo.clear()
            copies.clear()
        in_flight = {text for chunk in pending.chunks for text in chunk} if pending is not None else set()
        sent = _send_window(batch, cut_chunks, segmenter, cache, memo, in_flight, (copied, copies))
        if pending is not None:
            yield from _finish_window(pending, memo, copied, copies, unpacker)
        pending = sent
    if pending is not None:
        yield from _finish_window(pending, memo, copied, copies, unpacker)


def _send_window(
    reports: Sequence[Report],
    cut_chunks: CutChunks,
    segmenter: Segmenter,
    cache: Path | None,
    memo: Mapping[str, tuple[str, ...]],
    in_flight: set[str],
    copy_state: tuple[set[int], dict[int, _Known]],
) -> _Window:
    """Split one window of :func:`_segment_distinct` and send its texts to be cut: those neither in the
    memo nor ``in_flight`` (sent by the window before, whose tokens reach the memo first).

    ``copy_state`` is ``(copied, copies)``: ``copies`` maps ``id(report.paragraphs)``, for the ids in
    ``copied``, to the sentences split from those paragraphs and their tokens once known (and the object,
    which keeps the id from being reused).  A report that is an exact copy of another shares its paragraphs
    (:func:`analysis.pipeline.load_reports`), so it is split, looked up in the cache and stored once, and
    its sentences share text and token objects.  Other reports are not remembered: their token lists (fresh
    objects when read from the cache) must not outlive the window.
    """
    copied, copies = copy_state
    plans: list[tuple[Report, list[tuple[str, str, bool]], Path | None, list[tuple[str, ...]] | None]] = []
    wanted: dict[str, None] = {}
    for report in reports:
        known = copies.get(id(report.paragraphs))
        if known is not None and known[0] is report.paragraphs:  # a copy: not split, read or stored again
            _, items, cached = known
            plans.append((report, items, None, cached))
            if cached is None:  # its original is in this window or the one before
                wanted.update((text, None) for text, _, _ in items)
            continue
        items = _report_sentences(report)
        texts = [text for text, _, _ in items]
        path = cache_file(cache, segmenter.fingerprint, texts) if cache is not None else None
        cached = load_cached(path, len(texts)) if path is not None else None
        if cached is None:
            wanted.update((text, None) for text in texts)
        plans.append((report, items, path, cached))
        if id(report.paragraphs) in copied:
            copies[id(report.paragraphs)] = (report.paragraphs, items, cached)
    tokens = {text: memo[text] for text in wanted if text in memo}
    deferred = [text for text in wanted if text not in tokens and text in in_flight]
    texts = [text for text in wanted if text not in tokens and text not in in_flight]
    chunks = [texts[i : i + TEXTS_PER_TASK] for i in range(0, len(texts), TEXTS_PER_TASK)]
    return _Window(plans, chunks, iter(cut_chunks(chunks)), tokens, deferred)


def _finish_window(
    window: _Window,
    memo: dict[str, tuple[str, ...]],
    copied: set[int],
    copies: dict[int, _Known],
    unpacker: TokenUnpacker,
) -> Iterator[list[Sentence]]:
    """The sentences of a window sent by :func:`_send_window`, report by report, once its texts are cut."""
    tokens = window.tokens
    for chunk, cuts in zip(window.chunks, window.cuts, strict=True):
        pairs = list(zip(chunk, unpacker.unpack(cuts), strict=True))
        memo.update(pairs)
        tokens.update(pairs)
    tokens.update((text, memo[text]) for text in window.deferred)
    for report, items, path, cached in window.plans:
        cut = _interned(cached) if cached is not None else [tokens[text] for text, _, _ in items]
        if cached is None:
            if id(report.paragraphs) in copied:
                copies[id(report.paragraphs)] = (report.paragraphs, items, cut)
            if path is not None:
                store_cached(path, cut)
        yield _sentences(report, items, cut)


def _interned(tokens: Iterable[Sequence[str]]) -> list[tuple[str, ...]]:
    """Each text's tokens interned (``sys.intern``: one object per distinct token, freed with its last use),
    once per distinct text: tokens read from the cache are fresh objects, and a fresh 2-character str takes
    78 bytes (a token repeats ~14 times in 10 MB of distinct text)."""
    return [tuple(map(intern, cut)) for cut in tokens]


def _flatten(results: Iterable[list[Sentence]], *, progress: bool, total: int | None) -> Iterator[Sentence]:
    """The sentences of each report in turn; a repeated sentence shares the text and tokens first seen.

    Sentences built from a worker's results or the disk cache are fresh objects even when their text repeats;
    sharing them keeps a corpus of repeated boilerplate (or of duplicated reports) at the memory of its
    distinct sentences (up to :data:`MEMO_LIMIT` distinct texts)."""
    if progress:
        results = progress_bar(results, total=total, unit="report", desc="segment")
    shared: dict[str, tuple[str, tuple[str, ...]]] = {}
    for sentences in results:
        for sentence in sentences:
            first = shared.get(sentence.text)
            if first is None:
                if len(shared) < MEMO_LIMIT:
                    shared[sentence.text] = (sentence.text, sentence.tokens)
                yield sentence
            elif (first[1] is sentence.tokens and first[0] is sentence.text) or first[1] != sentence.tokens:
                yield sentence
            else:
                yield Sentence(
                    sentence.doc_id, sentence.section_type, first[0], first[1], sentence.is_heading
                )
