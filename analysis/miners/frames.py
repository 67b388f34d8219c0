"""Sentence frames (kind ``"frame"``): fixed wording at a clause edge with a slot that varies.

Problems sections say ``学习还不够到位`` / ``调研还不够到位`` / ``整改还不够到位``; measures sections say
``进一步加强…`` / ``进一步完善…``.  The genre is built from such frames::

    prefix      进一步X         切实加强X          (fixed part opens the clause, the slot runs to its end)
    suffix      X还不够到位      X有待进一步加强     (the slot opens the clause, the fixed part closes it)
    circumfix   在X方面还存在差距  坚持X不动摇        (fixed parts open and close the clause)

A *clause* is a stretch of tokens between punctuation marks (or sentence edges).  The miner is a query over
the word index (:class:`~analysis.index.WordIndex`, n-grams of 1–3 tokens): the fixed part of a prefix frame
is an indexed n-gram at a clause start (its left neighbour is the boundary), with at least one token after it
in the clause; a suffix frame's at a clause end; a circumfix frame pairs the two in one clause.  A candidate
is a frame when

* it is seen ``min_freq`` times in ``min_doc_freq`` reports or more (copies of a report count);
* its slot varies: ``min_fillers`` distinct tokens or more next to the fixed part, and their Shannon
  entropy (nats; the branching entropy of the fixed part on the slot side, at the clause edge) at least
  ``min_entropy`` — a fixed phrase followed by always the same word is a longer phrase, not a frame;
* its fixed part carries meaning (:func:`~analysis.miners.frame_shape.fixed_part_rejection`): not only
  function words (``在X``, ``X的``), not one bare verb, noun or adjective (``加强X``, ``X工作``), not a
  generic adverb (特别X, 已经X: a directive's adverb is followed by a content verb and opens clauses), not an
  adverb the tokenizer mostly fuses with its verbs (``充分X``: 充分发挥, 充分利用 open most clauses), not a
  noun compound whose modifier varies (``X应用场景``, ``智能X技术``, ``X可持续发展``), not a compound of
  verbs used as a term (``X示范应用``: followed by nouns elsewhere), not a list item cut at 、
  (``X贯彻落实党中央``), not a term after the verbs that govern it (``X新发展格局``: the slot is only 构建
  or 融入), judged by jieba's part-of-speech tags, single-character tokens and how the fixed part is used
  in the corpus (:mod:`analysis.miners.frame_usage`), never by a list of its strings;
* it is not a part of a more specific frame that covers ``containment`` (0.8) of its uses: ``X方面还存在差距``
  gives way to ``在X方面还存在差距`` when nearly every use has the ``在``.

``score = doc_freq / n_docs × ln(1 + freq) × H / (1 + H)``: frames shared by many reports first, damped
frequency, and a saturating reward for a slot that varies (H = slot entropy).  Each frame keeps its most
frequent fillers (``slot_fillers``), its first sentence as the example, and its counts per section type for
:func:`~analysis.miners.keyness.section_contrasts` (``section_frames.csv``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.index import WordIndex
from analysis.miners.frame_details import first_sentences, section_counts, top_fillers
from analysis.miners.frame_edges import edge_occurrences
from analysis.miners.frame_occurrences import (
    PACKED_SHIFT,
    ClauseLayout,
    Occurrences,
    SectionCodes,
    clause_layout,
)
from analysis.miners.frame_rejection import REASONS, TokenTags, rejection_codes
from analysis.miners.frame_shape import fixed_part_rejection
from analysis.miners.frame_specific import most_specific
from analysis.miners.frame_usage import bare_opening_share, noun_after, verb_only_slots
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.shared import ranked
from analysis.records import Phrase, Sentence
from analysis.units import DistinctCorpus, distinct_corpus, sorted_distinct

logger = logging.getLogger(__name__)

__all__ = [
    "Frame",
    "FrameMining",
    "SectionCodes",
    "fixed_part_rejection",
    "frame_phrases",
    "frames_of_corpus",
    "mine_frames",
]

#: A frame's fixed part is at most this many tokens (per side) and characters.
MAX_FIXED_TOKENS = 3
#: Least weighted uses of a frame (and of its fixed part at a clause edge).
MIN_FREQ = 3
MAX_FIXED_CHARS = 8
#: Fillers shown per frame.
SHOWN_FILLERS = 3
#: A shown filler is cut to this many characters.
MAX_FILLER_CHARS = 16


@dataclass(frozen=True, slots=True)
class SectionCount:
    """A frame's uses in one section type."""

    freq: int
    doc_freq: int
    n_sentences: int  #: distinct sentences
    example: str


@dataclass(frozen=True, slots=True)
class Frame:
    """A sentence frame with its slot fillers and its uses per section type."""

    pattern: str  #: fixed parts with the slot ``X`` (``进一步X``, ``X还不够到位``, ``在X方面还存在差距``)
    shape: str  #: prefix, suffix or circumfix
    fixed: tuple[str, ...]  #: the fixed parts, in order
    freq: int
    doc_freq: int
    n_fillers: int  #: distinct tokens next to the fixed part, on the slot side
    slot_entropy: float  #: nats
    score: float
    fillers: tuple[str, ...]  #: the most frequent slot fillers
    example: str
    by_section: Mapping[str, SectionCount] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FrameMining:
    """The frames of a corpus and the clauses of each section type (the size of a section for keyness)."""

    frames: tuple[Frame, ...]
    section_clauses: Mapping[str, int]


def _entropy(owner: np.ndarray, neighbour: np.ndarray, weight: np.ndarray, m: int) -> tuple[np.ndarray, ...]:
    """Per owner ``0 … m − 1``: the Shannon entropy (nats) of its weighted neighbours, and how many
    distinct neighbours it has: ``H = −Σ p ln p`` over the (owner, neighbour) pairs in ascending order.

    The uses are sorted once as packed ``((owner, neighbour), weight)`` integers (a plain sort, nothing
    carried along) when they fit in 63 bits, else by an argsort of the pairs; the pairs and their weighted
    counts, hence the sums and their order, are the same (0.31 → 0.1 s CPU at 30 MB: 3.8 million uses).
    """
    if not len(owner):
        return np.zeros(m), np.zeros(m, dtype=np.int64)
    who, counts = _pair_counts(owner, neighbour, weight)
    totals = np.bincount(who, weights=counts, minlength=m)
    share = counts / totals[who]
    # (bincount adds each owner's terms one after the other from 0.0, in array order, as np.add.at did)
    entropy = np.bincount(who, weights=-share * np.log(share), minlength=m)
    return entropy, np.bincount(who, minlength=m).astype(np.int64)


def _pair_counts(
    owner: np.ndarray, neighbour: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (owner, neighbour) pairs in ascending order: each one's owner and weighted count."""
    width = int(neighbour.max()) + 1
    bits = max(1, int(weight.max())).bit_length()
    if int(weight.min()) >= 0 and (int(owner.max()) + 1) * width << bits < 1 << 63:
        # (a plain sort of the packed values: numpy's default (SIMD) sort, 20% faster than the merge sort;
        # packed, sorted and unpacked in place: two arrays of the uses alive at most, not four — 14.5
        # million uses at 100 MB of text, the frame miner's peak)
        packed = owner.astype(np.int64)
        packed *= width
        packed += neighbour
        packed <<= bits
        packed |= weight
        packed.sort()
        pair = packed >> bits
        packed &= (1 << bits) - 1  # (the weights)
        starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
        return pair[starts] // width, np.add.reduceat(packed, starts).astype(float)
    return _pair_counts_sorted(owner, neighbour, weight)


def _pair_counts_sorted(
    owner: np.ndarray, neighbour: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_pair_counts` by an argsort of the pairs (when the packed uses do not fit in an int64)."""
    order = np.argsort(owner.astype(np.int64) * (int(neighbour.max()) + 1) + neighbour)
    owner, neighbour, weight = owner[order], neighbour[order], weight[order]
    new = np.concatenate(([True], (owner[1:] != owner[:-1]) | (neighbour[1:] != neighbour[:-1])))
    starts = np.flatnonzero(new)
    return owner[starts], np.add.reduceat(weight, starts).astype(float)


def mine_frames(
    sentences: Sequence[Sentence],
    *,
    min_freq: int = MIN_FREQ,
    min_doc_freq: int = 2,
    min_fillers: int = 3,
    min_entropy: float = 1.0,
    containment: float = 0.8,
    top_n: int = 300,
    tags: Mapping[str, str] | None = None,
    distinct: DistinctCorpus | None = None,
) -> FrameMining:
    """Sentence frames of the body ``sentences`` (documents contiguous), ranked (see the module docstring);
    ``distinct``: their :func:`~analysis.units.distinct_corpus` when the caller made it already."""
    distinct = distinct_corpus(sentences) if distinct is None else distinct
    return frames_of_corpus(
        distinct,
        SectionCodes.of(sentences),
        min_freq=min_freq,
        min_doc_freq=min_doc_freq,
        min_fillers=min_fillers,
        min_entropy=min_entropy,
        containment=containment,
        top_n=top_n,
        tags=tags,
    )


def frames_of_corpus(
    distinct: DistinctCorpus,
    sections: SectionCodes,
    *,
    index: WordIndex | None = None,
    min_freq: int = MIN_FREQ,
    min_doc_freq: int = 2,
    min_fillers: int = 3,
    min_entropy: float = 1.0,
    containment: float = 0.8,
    top_n: int = 300,
    tags: Mapping[str, str] | None = None,
) -> FrameMining:
    """:func:`mine_frames` on the sentences as their distinct corpus and section types (what an executor
    task is sent); ``index``: a word index of ``distinct`` already built with ``min_count <= min_freq``,
    n-grams of at least :data:`MAX_FIXED_TOKENS` tokens and :data:`MAX_FIXED_CHARS` characters (the terms'
    index: the frames read its n-grams of at most that size), else one is built."""
    if not distinct.n_sentences:
        return FrameMining((), {})
    tags = jieba_lexicon().tag if tags is None else tags
    if index is None:
        index = WordIndex.build(
            distinct, min_count=min_freq, max_n=MAX_FIXED_TOKENS, max_chars=MAX_FIXED_CHARS
        )
    layout = clause_layout(index, distinct, sections)
    found = edge_occurrences(
        index, layout, min_freq=min_freq, max_n=MAX_FIXED_TOKENS, max_chars=MAX_FIXED_CHARS
    )
    n = found.n_keys
    freq = np.bincount(found.key, weights=found.weight, minlength=n).astype(np.int64)
    entropy, fillers = _entropy(found.key, found.slot_token, found.weight, n)
    varied = (freq >= min_freq) & (fillers >= min_fillers) & (entropy >= min_entropy)
    counted = varied[found.key]  # (reports are counted for these keys only: the costliest count)
    docs = layout.doc_freq(found.key[counted], found.clause[counted], n)
    del counted
    keep = np.flatnonzero(varied & (docs >= min_doc_freq))
    # the shares of uses below are read for ``keep`` only: summed over its uses (62% of all at 30 MB)
    uses = found.uses_of(keep)
    use_key, use_weight, use_slot = found.key[uses], found.weight[uses], found.slot_token[uses]
    cjk_slot = np.bincount(use_key, weights=use_weight * layout.is_run[use_slot], minlength=n) / freq
    token = TokenTags.of(index.vocabulary, tags)
    verb_slot = np.bincount(use_key, weights=use_weight * token.verb[use_slot], minlength=n) / freq
    comma = index.vocabulary.index("、") if "、" in index.vocabulary else -1
    listed = layout.stream[np.minimum(layout.ends + 1, len(layout.stream) - 1)] == comma
    enumerated = np.bincount(use_key, weights=use_weight * listed[found.clause[uses]], minlength=n) / freq
    del uses, use_key, use_weight, use_slot  # (a row per use of ``keep``: 0.25 GB at 100 MB of text)
    edge_share = freq / np.maximum(1, np.maximum(*found.part_freq()))  # (one-sided keys: one part is 0)
    keep = keep[cjk_slot[keep] >= 0.5]
    bare = bare_opening_share(found, layout, keep)
    verb_only = verb_only_slots(found, layout.stream, token, freq, keep[found.head[keep] == 0])
    head, tail = found.fixed_token_ids(keep, MAX_FIXED_TOKENS)
    # (the rules read noun_after only for suffix frames of verbs, the costliest measure: only theirs)
    verbal_suffix = (head < 0).all(axis=1) & ((tail < 0) | token.verbal[np.maximum(tail, 0)]).all(axis=1)
    after = noun_after(found, keep[verbal_suffix], token, layout.is_run)
    reason = rejection_codes(
        head,
        tail,
        token,
        verb_slot=verb_slot[keep],
        edge_share=edge_share[keep],
        noun_after=_aligned(after, keep, 0.0),
        enumerated=enumerated[keep],
        verb_only=verb_only[keep],
        bare_share=_aligned(bare, keep, 1.0),
    )
    kept: list[int] = keep[reason < 0].tolist()
    rejected = {
        REASONS[code]: count
        for code, count in enumerate(np.bincount(reason[reason >= 0], minlength=len(REASONS)).tolist())
        if count
    }
    chosen = np.array(kept, dtype=np.int64)
    scores = _scores(docs[chosen], freq[chosen], entropy[chosen], distinct.n_docs)
    parts = found.fixed_parts_of(kept)
    fixed = dict(zip(kept, parts, strict=True))
    # by score, then pattern, then packed key (fixed parts' sizes and rows: the keys' numbers are names)
    patterns = list(map("X".join, parts))
    rank = {pattern: i for i, pattern in enumerate(sorted(set(patterns)))}
    by_pattern = np.fromiter((rank[p] for p in patterns), dtype=np.int64, count=len(patterns))
    packed = found.head[chosen] * (4 * PACKED_SHIFT) + found.tail[chosen]
    kept = chosen[np.lexsort((packed, by_pattern, -scores))].tolist()
    kept = most_specific(kept, found, fixed, containment, limit=top_n)
    frames = _frames(
        np.array(kept, dtype=np.int64), found, layout, freq, docs, entropy, fillers, distinct.n_docs
    )
    logger.info(
        "frames: %d candidates, %d varied, %d kept (%s)",
        n,
        len(keep),
        len(frames),
        ", ".join(f"{k}: {v}" for k, v in sorted(rejected.items())),
    )
    return FrameMining(tuple(frames), layout.section_clauses())


def _aligned(values: Mapping[int, float], keys: np.ndarray, default: float) -> np.ndarray:
    """``[values.get(key, default) for key in keys]`` as an array, for ascending ``keys``."""
    out = np.full(len(keys), default)
    if values:
        out[np.searchsorted(keys, np.fromiter(values, np.int64, len(values)))] = list(values.values())
    return out


def _scores(doc_freq: np.ndarray, freq: np.ndarray, entropy: np.ndarray, n_docs: int) -> np.ndarray:
    """:func:`_score` of each frame, the same floats: the same operations in the same order, ``ln(1 +
    freq)`` by :func:`math.log1p` once per distinct frequency and each score rounded by Python's ``round``
    (numpy's rounding is not always the correctly rounded one)."""
    distinct = sorted_distinct(freq)
    logs = np.array([math.log1p(f) for f in distinct.tolist()], dtype=float)[np.searchsorted(distinct, freq)]
    raw = doc_freq / max(1, n_docs) * logs * entropy / (1 + entropy)
    return np.array([round(x, 6) for x in raw.tolist()], dtype=float)


def _score(doc_freq: int, freq: int, entropy: float, n_docs: int) -> float:
    """``doc_freq / n_docs × ln(1 + freq) × H / (1 + H)`` (module docstring), rounded to 6 places."""
    return round(doc_freq / max(1, n_docs) * math.log1p(freq) * entropy / (1 + entropy), 6)


def _frames(
    keys: np.ndarray,
    found: Occurrences,
    layout: ClauseLayout,
    freq: np.ndarray,
    docs: np.ndarray,
    entropy: np.ndarray,
    fillers: np.ndarray,
    n_docs: int,
) -> list[Frame]:
    """The :class:`Frame` of each of ``keys``: fillers, first sentences and section counts read for all of
    them at once (:mod:`analysis.miners.frame_details`)."""
    shown = top_fillers(found, keys, SHOWN_FILLERS, MAX_FILLER_CHARS)
    firsts = first_sentences(found, keys).tolist()
    sections = section_counts(found, layout, keys)
    examples: dict[tuple[int, str], str] = {}

    def example(sentence: int, fixed: str) -> str:  # (a frame's first sentence is often a section's first)
        text = examples.get((sentence, fixed))
        if text is None:
            text = examples[(sentence, fixed)] = layout.example(sentence, fixed)
        return text

    out = []
    for key, key_fillers, first, counts in zip(keys.tolist(), shown, firsts, sections, strict=True):
        head, tail = found.fixed_parts(key)
        shape = "circumfix" if head and tail else "prefix" if head else "suffix"
        h = float(entropy[key])
        score = _score(int(docs[key]), int(freq[key]), h, n_docs)
        by_section = {
            section: SectionCount(f, d, s, example(sentence, head or tail))
            for section, (f, d, s, sentence) in counts.items()
        }
        out.append(
            Frame(
                f"{head}X{tail}",
                shape,
                tuple(p for p in (head, tail) if p),
                int(freq[key]),
                int(docs[key]),
                int(fillers[key]),
                round(h, 4),
                score,
                key_fillers,
                example(first, head or tail),
                by_section,
            )
        )
    return out


def frame_phrases(mining: FrameMining) -> list[Phrase]:
    """The frames as phrase-bank rows (kind ``frame``; ``slot_fillers``: fillers joined by ``；``)."""
    return ranked(
        Phrase(f.pattern, "frame", f.freq, f.doc_freq, f.score, f.example, slot_fillers="；".join(f.fillers))
        for f in mining.frames
    )
