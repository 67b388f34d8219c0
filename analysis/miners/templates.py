"""Heading templates (kind ``"heading"``): the frames parallel headings share.

Sibling headings (same report, same level, same parent) are written in parallel::

    学习还不够“深”  /  方法还不够“新”  /  联系还不够“密”  /  推进还不够“快”      →  X还不够“Y”
    心中有忠诚，努力锻造坚定的政治品格  /  肩上有担当，努力锤炼过硬的政治能力   →  X有Y，努力Z的政治W

:func:`mine_heading_templates` induces a template from every pair of siblings by aligning their tokens
(:class:`difflib.SequenceMatcher`): tokens both share stay fixed, the differing stretches become slots
named X, Y, Z, W in order (:mod:`analysis.miners.template_induction`).  Each template is then matched
against every heading of the corpus, filtered and ranked here.

The miner reads the headings of the reports (not their sentences), cut by the run's tokenizer, and jieba's
dictionary (:mod:`analysis.miners.jieba_dictionary`), which tells a topic word from a frame.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from analysis.miners.families import DocumentFamilies
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.shared import ranked
from analysis.miners.template_batch import induce_templates
from analysis.miners.template_induction import (
    SLOT_NAMES,
    SLOT_PATTERN,
    HeadingIndex,
    clause_slots,
    induce_template,
    slot_fillers,
    template_regex,
)
from analysis.miners.template_pairs import (
    narrower_templates,
    numbered_words,
    shared_pair_codes,
    sibling_groups,
)
from analysis.miners.template_shape import (
    GLUE,
    Part,
    content_words,
    edge_fault,
    frame_fault,
    generic_heading_words,
    open_ended,
    structural,
    teaches,
)
from analysis.records import Heading, Phrase
from analysis.segmenter import Segmenter

logger = logging.getLogger(__name__)

__all__ = [
    "GLUE",
    "SLOT_NAMES",
    "SLOT_PATTERN",
    "TemplateMatches",
    "clause_slots",
    "content_words",
    "edge_fault",
    "frame_fault",
    "generic_heading_words",
    "heading_template_task",
    "induce_template",
    "match_heading_templates",
    "mine_heading_templates",
    "rank_heading_templates",
    "slot_fillers",
    "structural",
    "template_regex",
]


_PUNCT_NORMAL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})
#: Spaces next to a CJK character are layout (``附　则``, ``总 则``), not part of the heading's words.
_SPACE_RE = re.compile(
    r"(?<=[\u3000-\u9fff\uff00-\uffef])[\s\u3000]+|[\s\u3000]+(?=[\u3000-\u9fff\uff00-\uffef])"
)
#: Least share of a matched heading's characters the fixed part must carry (mean over the matches): below it
#: a template is a few words long headings share (``X应Y安全Z`` in the requirements of one standard).
MIN_FIXED_SHARE = 0.25
#: … and a frame fewer reports than asked use (one report's parallel headings) this share at least: it must
#: be most of what those headings say (``X还不够“Y”``), not a few words of long ones.
LONE_FRAME_SHARE = 0.4
#: … and match half a group of sibling headings, at least this many.
MIN_WHOLE_GROUP = 3
#: Weight of a matching heading none of whose siblings matches (a frame used once, not in parallel).
LONE_WEIGHT = 0.25
#: A narrower template (its headings a subset of another's) replaces the broader one when it matches at
#: least this share of the broader one's headings (nearly the same uses, more said), else it goes.
NARROW_SHARE = 0.8


@dataclass(frozen=True)
class _Template:
    parts: tuple[Part, ...]

    @property
    def fixed(self) -> str:
        return "".join(p for p in self.parts if p is not None)

    def render(self, slot: str) -> str:
        names = iter(SLOT_NAMES if slot == "X" else [f"{slot}{i}" for i in range(1, len(SLOT_NAMES) + 1)])
        return "".join(next(names) if p is None else p for p in self.parts)


def _fixed_share(tpl: _Template, matches: Sequence[int], texts: Sequence[str]) -> float:
    """Fixed characters / mean length of the matched headings."""
    return len(tpl.fixed) * len(matches) / sum(len(texts[i]) for i in matches)


def _parallel_set(matches: Sequence[int], group_of: Sequence[int], group_size: Sequence[int]) -> bool:
    """Whether the template matches half a sibling group, three headings at least: parallel headings
    written on one frame (``学习还不够“深”``, ``方法还不够“新”``, ``推进还不够“快”``), not three items of a
    longer list that happen to share some words."""
    per_group = Counter(group_of[i] for i in matches if group_of[i] >= 0)
    return any(n >= MIN_WHOLE_GROUP and 2 * n >= group_size[g] for g, n in per_group.items())


@dataclass(frozen=True)
class _Corpus:
    """The corpus's headings, flat: texts (punctuation normalised), reports, sibling groups."""

    originals: list[str]
    texts: list[str]
    docs: list[str]
    group_of: list[int]  #: sibling group of each heading (-1: none)
    group_size: list[int]  #: headings in each sibling group


def _flatten(
    headings_by_doc: Sequence[tuple[str, Sequence[Heading]]],
) -> tuple[_Corpus, set[tuple[str, str]]]:
    """The headings flat, and the texts of sibling headings, pairwise."""
    corpus = _Corpus([], [], [], [], [])
    sibling_pairs: set[tuple[str, str]] = set()
    for doc_id, headings in headings_by_doc:
        base = len(corpus.texts)
        for h in headings:
            corpus.originals.append(h.text)
            corpus.texts.append(_SPACE_RE.sub("", h.text.strip().translate(_PUNCT_NORMAL)))
            corpus.docs.append(doc_id)
            corpus.group_of.append(-1)
        for group in sibling_groups(headings):
            for i in group:
                corpus.group_of[base + i] = len(corpus.group_size)
            corpus.group_size.append(len(group))
            sibling_pairs.update(
                (corpus.texts[base + i], corpus.texts[base + j]) for i, j in combinations(group, 2)
            )
    return corpus, sibling_pairs


def _without_variants(found: dict[tuple[int, ...], _Template]) -> dict[tuple[int, ...], _Template]:
    """``found`` (matched headings → template) without narrower variants of one template.

    A template whose headings are mostly (:data:`NARROW_SHARE`) among the headings of one matching more
    is a variant of it: the narrower one (``实施产业X行动`` in ``实施X行动``, ``提升X服务能力`` in
    ``提升X能力``) says nothing more about how the headings are written and goes, unless it holds
    :data:`NARROW_SHARE` of the broader one's headings and more fixed characters: then it is the better
    description of nearly the same uses, and the broader one goes.
    """
    sets = {m: frozenset(m) for m in found}
    holding: dict[int, set[tuple[int, ...]]] = defaultdict(set)
    for m in found:
        for i in m:
            holding[i].add(m)
    dropped: set[tuple[int, ...]] = set()
    for m in sorted(found, key=lambda k: (len(k), k)):
        near = {other for i in m for other in holding[i]}
        for other in sorted(near, key=lambda k: (len(k), k)):
            if len(other) <= len(m) or len(sets[m] & sets[other]) < NARROW_SHARE * len(m):
                continue
            if len(m) >= NARROW_SHARE * len(other) and len(found[m].fixed) > len(found[other].fixed):
                dropped.add(other)
            else:
                dropped.add(m)
    return {m: tpl for m, tpl in found.items() if m not in dropped}


def mine_heading_templates(
    headings_by_doc: Sequence[tuple[str, Sequence[Heading]]],
    *,
    tokenize: Callable[[str], list[str]],
    min_headings: int = 3,
    min_doc_freq: int = 1,
    slot: str = "X",
    families: DocumentFamilies | None = None,
) -> list[Phrase]:
    """Heading templates shared by parallel headings or by reports, e.g. ``X还不够“Y”``, ``坚定X，筑牢Y``,
    ``X，保持经济运行在合理区间``.

    1. Induce: :func:`induce_template` for every pair of siblings (same report, level and parent) and every
       pair of headings of different reports sharing a rare word bigram
       (:func:`~analysis.miners.template_pairs.shared_pairs`: a frame of the genre is written once by
       many reports).
    2. Count: a template matches a heading when :func:`template_regex` matches its whole text; ``freq`` is
       the number of matching headings in the corpus (all levels), ``doc_freq`` the number of independent
       reports (``families``: versions of one text count once,
       :class:`~analysis.miners.families.DocumentFamilies`; without it, reports): a template only one
       family of documents uses (the parallel headings of one standard and its editions) is no frame of
       the genre: the pipeline asks for ``min_doc_freq`` 2 (its ``min_doc_freq``), and with ``families``
       at least :meth:`~analysis.miners.families.DocumentFamilies.least_reports` (3 of 193 documents),
       unless the frame is :func:`structural` and not :func:`open_ended` (``X高端智能再制造Y``), carries
       :data:`LONE_FRAME_SHARE` of its headings and
       matches half a group of siblings (one report's ``X还不够“Y”`` headings stay).
    3. Filter: the fixed part teaches a frame (:func:`frame_fault`: not only function words, topic nouns
       or one common word; generic heading words of the corpus, :func:`generic_heading_words`, do not
       count; :func:`edge_fault`: one slot at an edge needs a structure, ``X试点示范`` is a noun compound);
       ``freq ≥ min_headings`` and ``doc_freq ≥ min_doc_freq``; of templates matching exactly the
       same headings keep the most specific (most fixed characters, then fewer slots, then text); of a
       template and a narrower variant, one (:func:`_without_variants`); a template a wider one with more
       headings covers goes (:func:`~analysis.miners.template_pairs.narrower_templates`).
    4. Score: ``doc_freq + w / (1 + w)`` with ``w = (parallel + 0.25 × (freq − parallel)) × fixed_share``:
       ranked by the number of reports first, so a frame shared across reports comes before one report's
       parallel headings, and by ``w`` (squashed into [0, 1)) among equals.  ``parallel`` counts matched
       headings with at least one matching sibling: a template is a frame for *parallel* headings, and a
       word that merely occurs in many unrelated headings (``X经济Y``) is mostly matched alone.
       ``fixed_share`` = fixed characters / mean length of the matched headings: a frame that carries
       most of each heading is worth more than a two-character anchor.

    Slots are named X, Y, Z, W (with another ``slot`` letter ``S``: S1, S2 …).  ``example`` is the first
    matching heading in corpus order.
    """
    return rank_heading_templates(
        match_heading_templates(headings_by_doc, tokenize=tokenize, min_headings=min_headings),
        families=families,
        min_doc_freq=min_doc_freq,
        slot=slot,
    )


@dataclass(frozen=True)
class TemplateMatches:
    """The heading templates before the reports that use them are counted (steps 1 to 3 of
    :func:`mine_heading_templates` but the count of independent reports): each candidate left with the
    headings it matches, and what the count needs to know of it.

    Why two steps: only the count needs the document families, which are known late in a run; the rest —
    nearly all the work — runs on a worker from the start of the mining (:func:`match_heading_templates`),
    and the count where the families are (:func:`rank_heading_templates`)."""

    corpus: _Corpus  #: the headings
    #: (template, matched headings, may stand alone: a frame fewer reports than asked may use, see step 2)
    matched: list[tuple[_Template, tuple[int, ...], bool]]
    induced: int  #: templates induced from pairs of headings
    rejected: Counter[str]  #: templates rejected by a fault, per fault


def match_heading_templates(
    headings_by_doc: Sequence[tuple[str, Sequence[Heading]]],
    *,
    tokenize: Callable[[str], list[str]],
    min_headings: int = 3,
) -> TemplateMatches:
    """Steps 1 (induce) and 3 (filter: faults and ``min_headings``) of :func:`mine_heading_templates`; the
    independent reports are counted by :func:`rank_heading_templates`."""
    corpus, sibling_pairs = _flatten(headings_by_doc)
    # the fixed parts of the candidates repeat (加强, 建设): each is cut once for the faults
    tokenize = functools.cache(tokenize)
    texts, docs, group_of, group_size = corpus.texts, corpus.docs, corpus.group_of, corpus.group_size
    # regexes run once per distinct heading text; a match stands for every heading with that text
    places: dict[str, list[int]] = defaultdict(list)
    for idx, text in enumerate(texts):
        places[text].append(idx)
    distinct = list(places)
    tokens = {t: tuple(tokenize(t)) for t in distinct}
    holders = [frozenset(docs[i] for i in places[t]) for t in distinct]
    words, number, n = [tokens[t] for t in distinct], {t: k for k, t in enumerate(distinct)}, len(distinct)
    siblings = np.fromiter((number[a] * n + number[b] for a, b in sibling_pairs if a != b), dtype=np.int64)
    # the pairs (a, b) of distinct headings as numbers a × n + b, each once (a the first, b the second)
    numbered = numbered_words(words)  # (what the pairs and the templates compare)
    pairs = np.sort(np.concatenate([siblings, shared_pair_codes(words, holders, numbered=numbered)]))
    once = np.ones(len(pairs), dtype=bool)
    once[1:] = pairs[1:] != pairs[:-1]
    pairs = pairs[once]  # (np.unique hashes: 30 times slower)
    candidates = induce_templates(words, pairs // n, pairs % n, numbered=numbered)
    candidates |= {c for p in candidates if (c := clause_slots(p)) is not None}
    index = HeadingIndex.of(distinct)
    matched: list[tuple[_Template, tuple[int, ...], bool]] = []
    lexicon = jieba_lexicon()
    tags = lexicon.tag
    generic = generic_heading_words(tokens.values(), freq=lexicon.freq, tags=tags)
    rejected: Counter[str] = Counter()
    # the words of the fixed parts repeat (260,000 judged at 100 MB, a few thousand distinct): judged once
    teaches_word = functools.cache(functools.partial(teaches, tags=tags, generic=generic))
    for parts in candidates:
        fault = frame_fault(parts, tokenize=tokenize, tags=tags, generic=generic, teaches_word=teaches_word)
        if fault is not None:
            rejected[fault] += 1
            continue
        tpl = _Template(parts)
        held = index.may_match(parts)
        if len(held) < min_headings and sum(len(places[t]) for t in held) < min_headings:
            continue
        found = {t: f for t in held if (f := slot_fillers(parts, t)) is not None}
        matches = tuple(sorted(i for t in found for i in places[t]))
        if len(matches) < min_headings:
            continue
        fillers = [filler for held in found.values() for filler in held]
        fault = edge_fault(parts, tokenize=tokenize, tags=tags, fillers=fillers)
        if fault is not None:
            rejected[fault] += 1
            continue
        alone = (
            not open_ended(parts)
            and structural(parts, tokenize, tags)
            and _fixed_share(tpl, matches, texts) >= LONE_FRAME_SHARE
            and _parallel_set(matches, group_of, group_size)
        )
        matched.append((tpl, matches, alone))
    return TemplateMatches(corpus, matched, len(candidates), rejected)


def heading_template_task(
    segmenter: Segmenter, headings_by_doc: list[tuple[str, tuple[Heading, ...]]]
) -> TemplateMatches:
    """:func:`match_heading_templates` with a run's segmenter (an executor's task: the segmenter shared)."""
    return match_heading_templates(headings_by_doc, tokenize=segmenter.cut)


def rank_heading_templates(
    candidates: TemplateMatches,
    *,
    families: DocumentFamilies | None = None,
    min_doc_freq: int = 1,
    slot: str = "X",
) -> list[Phrase]:
    """Steps 2 (count the independent reports: ``families``, else reports), 3 (of templates matching the
    same headings the most specific, variants, wider templates) and 4 (score) of
    :func:`mine_heading_templates`, on the candidates :func:`match_heading_templates` found."""
    corpus = candidates.corpus
    texts, docs, group_of, group_size = corpus.texts, corpus.docs, corpus.group_of, corpus.group_size
    count_docs: Callable[[set[str]], int] = len if families is None else families.count
    if families is not None:
        min_doc_freq = families.least_reports(min_doc_freq)
    best_by_matches: dict[tuple[int, ...], tuple[tuple[int, int, str], _Template]] = {}
    for tpl, matches, alone in candidates.matched:
        if count_docs({docs[i] for i in matches}) < min_doc_freq and not alone:
            continue
        rank = (-len(tpl.fixed), sum(p is None for p in tpl.parts), tpl.render(slot))
        kept = best_by_matches.get(matches)
        if kept is None or rank < kept[0]:
            best_by_matches[matches] = (rank, tpl)

    found = {
        m: tpl for m, (_, tpl) in best_by_matches.items() if _fixed_share(tpl, m, texts) >= MIN_FIXED_SHARE
    }
    out: list[Phrase] = []
    kept = _without_variants(found)
    covered = narrower_templates({m: tpl.parts for m, tpl in kept.items()}, {m: len(m) for m in kept})
    for matches, tpl in kept.items():
        if matches in covered:
            continue
        fixed_share = _fixed_share(tpl, matches, texts)
        per_group = Counter(group_of[i] for i in matches if group_of[i] >= 0)
        parallel = sum(c for g, c in per_group.items() if c >= 2 and 2 * c >= group_size[g])
        weight = (parallel + LONE_WEIGHT * (len(matches) - parallel)) * fixed_share
        n_docs = count_docs({docs[i] for i in matches})
        out.append(
            Phrase(
                tpl.render(slot),
                "heading",
                len(matches),
                n_docs,
                n_docs + weight / (1 + weight),
                corpus.originals[matches[0]],
            )
        )
    logger.info(
        "heading templates: %d induced, %d kept; rejected %s",
        candidates.induced,
        len(out),
        dict(candidates.rejected),
    )
    return ranked(out)
