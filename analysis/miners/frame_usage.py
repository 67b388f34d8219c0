"""How the fixed part of a candidate frame is used in the corpus (:mod:`analysis.miners.frames`).

Measures read off the frames' occurrences (:class:`~analysis.miners.frame_occurrences.Occurrences`) and the
word index, one number per candidate, for :func:`~analysis.miners.frame_shape.fixed_part_rejection`: each is
numpy over the uses or a cheap pass per candidate, never a scan of the corpus per candidate.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from analysis.miners.frame_occurrences import PACKED_SHIFT, ClauseLayout, Occurrences
from analysis.miners.frame_rejection import VERB_OPENER_TAGS, TokenTags

__all__ = ["VERB_OPENER_TAGS", "bare_opening_share", "noun_after", "verb_only_slots"]


def verb_only_slots(
    found: Occurrences, stream: np.ndarray, token: TokenTags, freq: np.ndarray, keys: np.ndarray
) -> np.ndarray:
    """Per key of ``keys`` (0 for the others): the weighted share of its uses whose slot is only a verb
    phrase: a verb (jieba tag ``v``, two characters or more: 构建, 融入), alone or after an adverb or another
    verb (加快构建, 主动融入) — not a noun phrase with a verb at its end (基层治理, 安全生产: a subject);
    ``token``: the vocabulary's tags (:attr:`TokenTags.plain_verb`, :attr:`TokenTags.verb_opener`).

    Only the uses of ``keys`` are read (the rules read this share of suffix frames only: 28% of the uses
    at 30 MB); each key's sum is over the same uses in the same order as over all uses.  ``keys``: suffix
    frames (no opening part), so the slot's last token is the use's slot token and its first token opens
    the clause; the first is read for the slots of two tokens only."""
    verb, opener = token.plain_verb, token.verb_opener
    uses = found.uses_of(keys)
    key, clause = found.key[uses], found.clause[uses]
    length = found.clause_end[clause] + 1 - found.tail[key] // PACKED_SHIFT - found.clause_start[clause]
    last = found.slot_token[uses]
    only = verb[np.maximum(last, 0)] & (last >= 0)
    two = np.flatnonzero(only & (length == 2))
    first = stream[found.clause_start[clause[two]]]
    only &= length == 1
    only[two[(first >= 0) & opener[np.maximum(first, 0)]]] = True
    weights = found.weight[uses] * only
    return np.bincount(key, weights=weights, minlength=len(freq)) / np.maximum(1, freq)


def noun_after(
    found: Occurrences, keys: np.ndarray, token: TokenTags, is_run: np.ndarray
) -> dict[int, float]:
    """Per suffix frame of ``keys``: the weighted share of its closing n-gram's uses in the whole corpus
    whose right neighbour is a noun (a token of two characters or more tagged in
    :data:`~analysis.miners.frame_shape.NOUN_TAGS`; an untagged one, a compound of the lexicon, counts:
    :attr:`TokenTags.long_noun` of ``token``; ``is_run``: per token id, a token of a run)."""
    nouns = token.long_noun
    suffix = keys[(found.head[keys] == 0) & (found.tail[keys] > 0)]
    return dict(zip(suffix.tolist(), found.tail_followed_by(suffix, nouns, is_run).tolist(), strict=True))


def bare_opening_share(found: Occurrences, layout: ClauseLayout, keys: np.ndarray) -> dict[int, float]:
    """Per prefix frame of ``keys`` whose opening part is one token ``a``: the weighted share of the clauses
    opened by a token that starts with ``a`` (``a`` itself, or a longer word of the lexicon: 充分发挥,
    充分利用 for 充分) that ``a`` opens alone.

    Why: the tokenizer fuses an adverb with the verbs it mostly goes with into one word of its dictionary;
    when those words open most of the clauses (充分: 0.17–0.18 alone on two corpora), the bare adverb's
    frame holds only the leftovers (the verbs it rarely takes), and the frames of the fused words
    (``充分发挥X作用``) say what the adverb is used for.  The genre's directive adverbs stand alone in most
    of the clauses they open (进一步, 持续, 积极, 不断: 0.76–1.0; 认真: 0.39–0.56)."""
    vocabulary = layout.vocabulary
    opening = np.bincount(
        layout.stream[layout.starts], weights=found.index.weights_at(layout.starts), minlength=len(vocabulary)
    )
    # (only the tokens that open clauses are sorted: the others add 0.0 to every sum read below)
    order = sorted(np.flatnonzero(opening > 0).tolist(), key=vocabulary.__getitem__)
    ordered = [vocabulary[i] for i in order]
    cumulative = np.concatenate(([0.0], np.cumsum(opening[order])))
    out: dict[int, float] = {}
    head = found.head[keys]
    one = keys[(head // PACKED_SHIFT == 1) & (found.tail[keys] == 0)]  # (a packed part of one token)
    words = found.index.parts(1)[found.head[one] % PACKED_SHIFT - 1, 0] if len(one) else one
    for key, token in zip(one.tolist(), words.tolist(), strict=True):
        word = vocabulary[token]
        start = bisect_left(ordered, word)
        end = bisect_left(ordered, word + "\U0010ffff", lo=start)
        alone = opening[order[start]] if ordered[start : start + 1] == [word] else 0.0
        out[key] = float(alone / max(1.0, cumulative[end] - cumulative[start]))
    return out
