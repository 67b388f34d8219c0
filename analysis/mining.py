"""The miners' schedule in a run: which miner runs where, and when (:func:`mine_candidates`).

The index miners (:mod:`analysis.miners.indexed`) are executor tasks; the heading templates are matched by
another worker; this process groups the sentences and mines slogans and passages meanwhile, then collects
the tasks' rows.  Without an executor everything runs here, one miner after the other, with the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from .collector import trim_heap
from .distinct import distinct_sentences
from .executor import Executor, SerialExecutor
from .miners import jieba_lexicon, mine_passages, mine_slogans
from .miners.families import document_families
from .miners.frame_occurrences import SectionCodes
from .miners.frames import FrameMining
from .miners.idioms import IDIOM_MIN_DOC_FREQ, idiom_document_factor
from .miners.independent_rows import count_independent
from .miners.indexed import INDEXES, IndexedCorpus, IndexedKinds, mine_all_indexed, mine_indexed
from .miners.passage_runs import clause_table, normalised_texts
from .miners.templates import heading_template_task, rank_heading_templates
from .options import RunOptions
from .progress import Steps
from .records import Phrase, Report, Sentence
from .segment import Segmenter
from .units import distinct_corpus

__all__ = ["MINING_STEPS", "SHARDS_PER_WORKER", "mine_candidates"]

#: Steps of the mining progress bar: the miners, sentence frames, examples, section keyness, TF-IDF keywords.
MINING_STEPS = 7

#: On a cluster, shards of the n-gram index per worker: a few, so that one slow shard does not hold the
#: level and each task's arrays stay small.
SHARDS_PER_WORKER = 2


def mine_candidates(
    reports: Sequence[Report],
    sentences: Sequence[Sentence],
    *,
    segmenter: Segmenter,
    options: RunOptions,
    executor: Executor | None = None,
    steps: Steps | None = None,
    while_waiting: Callable[[], object] | None = None,
) -> tuple[list[Phrase], FrameMining]:
    """Run every miner; their candidates, miner by miner (slogans, terms, idioms, passages, templates), and
    the sentence frames.  ``steps``: a progress bar told which miner runs; ``while_waiting``: called once this
    process's miners are done, before it waits for the index task (a run writes its report files then).

    The miners of the n-gram indexes (:mod:`analysis.miners.indexed`) run on ``executor``, sent the distinct
    token tuples (:func:`~analysis.units.distinct_corpus`): terms and frames on the word index, idioms on
    the character index, both from the start (with one worker, one after the other), while this process
    mines slogans and passages.  The heading templates are matched by a worker (a task sent before them)
    and counted here once the families are known (:mod:`~analysis.miners.templates`).
    Without an executor everything runs here, one miner after the other.  The result is the same.
    """
    body = [s for s in sentences if not s.is_heading]
    # the templates need the families only to count reports: a worker matches them (headings are small)
    # while this process groups the sentences and mines slogans and passages; serial: run when asked.
    # Sent first: a worker starts on them while this process lays out the index tasks' corpus (≈ 2 s at
    # 100 MB of distinct text, when both workers would wait); the word task takes the other worker, the
    # character task (needed last) the first one free
    template_run = (executor or SerialExecutor()).map(
        heading_template_task, [[(r.doc_id, r.headings) for r in reports]], shared=segmenter
    )
    corpus = IndexedCorpus(
        distinct_corpus(body), SectionCodes.of(body), options.min_freq, options.min_doc_freq, options.top_n
    )
    indexed = _index_tasks(corpus, executor)
    del corpus  # (0.2 GB at 100 MB of distinct text: held by the tasks until they are sent)
    steps = steps or Steps("mine", MINING_STEPS, enabled=False)
    jieba_lexicon()  # read once here: slogans need it
    with steps.step("slogans, passages"):
        distinct = distinct_sentences(body)
        texts = normalised_texts(distinct)
        table = clause_table(texts)  # (the clauses, read by the families and the passages)
        families = document_families(distinct, table=table)
        # both read off the distinct sentences (grouped once, with their normalised texts and clauses),
        # counting reports as independent documents (``families``)
        slogans = mine_slogans(body, distinct=distinct, independent=families)
        passages = mine_passages(
            body,
            min_doc_freq=options.min_doc_freq,
            top_n=options.top_n,
            distinct=distinct,
            independent=families,
            texts=texts,
            table=table,
        )
    del texts, table  # (the clauses: read by the families and passages only)
    trim_heap()  # (what they freed, returned to the system)
    if while_waiting is not None:  # (before the templates too: on a small corpus they may still be matched)
        while_waiting()
    with steps.step("heading templates"):
        matched = next(iter(template_run))
        templates = rank_heading_templates(matched, families=families, min_doc_freq=options.min_doc_freq)
        templates = templates[: options.top_n]
    results = iter(indexed)
    with steps.step("terms, sentence frames"):
        words = next(results)
    with steps.step("idioms"):
        characters = next(results)
        idioms = count_independent(  # as the slogans: reports counted as independent documents
            characters.idioms,
            distinct,
            families,
            min_doc_freq=IDIOM_MIN_DOC_FREQ,  # what the idiom miner asks
            document_factor=idiom_document_factor,
        )
    return [*slogans, *words.terms, *idioms, *passages, *templates], words.frames


def _index_tasks(corpus: IndexedCorpus, executor: Executor | None) -> Iterable[IndexedKinds]:
    """The index tasks started on ``executor``: their rows, in the order of :data:`INDEXES`."""
    if executor is not None and executor.counts_in_shards:  # a cluster: the indexes counted in its shards
        task = partial(mine_indexed, shards=SHARDS_PER_WORKER * executor.workers, map_shards=executor.map)
        return (task(corpus, which) for which in INDEXES)
    if executor is not None and executor.workers > 1:
        # both sent now, after the templates' task: the word task takes the other worker, the character task
        # the first free one (its peak, ≈ 0.5 GB at 100 MB of distinct text, comes and goes before the word
        # index's, which comes last).  One map: the corpus pickled once for both (a task each: 1.2 s of this
        # process at 100 MB), each task's copy let go when it ends (not kept by a worker through the other
        # task's peak)
        return executor.map(mine_indexed, INDEXES, shared=corpus, keep_shared=False)
    # one worker (serial: run when asked): one index after the other
    run_all = (executor or SerialExecutor()).map(mine_all_indexed, [corpus])
    return (kinds for all_kinds in run_all for kinds in all_kinds)
