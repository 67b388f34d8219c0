"""The rules of :func:`~analysis.miners.frame_shape.fixed_part_rejection` over arrays, one candidate per row.

The frame miner judges about 110,000 candidates at 30 MB of text; asking the function once per candidate
(its fixed parts as strings, each token's tag looked up in jieba's dictionary) took 0.8 s of the miner's
3.7 s.  Here every token of the vocabulary is looked up once (:class:`TokenTags`: one boolean per token id
and property the rules read), and the rules run as numpy masks over the candidates' token ids, in the same
order as the function's checks, so each candidate gets the reason the function gives (``tests`` compare
the two on fixtures and on generated candidates).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.miners.frame_shape import (
    CIRCUMFIX_VERB_SLOT,
    ENUMERATED_SHARE,
    FUNCTION_TAGS,
    MODIFIER_BARE_SHARE,
    MODIFIER_EDGE_SHARE,
    MODIFIER_TAGS,
    MODIFIER_VERB_SHARE,
    MODIFIER_WITH_MODAL_VERB_SHARE,
    NEGATORS,
    NOUN_EDGE_SHARE,
    NOUN_TAGS,
    VERB_ONLY_SLOT,
    VERB_TAGS,
    VERBAL_EDGE_SHARE,
    VERBAL_NOUN_AFTER,
    VERBAL_NOUN_EDGE_SHARE,
)

__all__ = ["REASONS", "VERB_OPENER_TAGS", "TokenTags", "rejection_codes"]

#: The reasons :func:`~analysis.miners.frame_shape.fixed_part_rejection` gives, by code.
REASONS: tuple[str, ...] = (
    "function words only",
    "one bare content word",
    "adverb of no directive",
    "adverb fused with its verbs",
    "noun next to the slot",
    "verb phrase cut in two",
    "cut inside an enumeration",
    "term after varying verbs",
    "noun compound inside clauses",
    "verbal compound term",
)
#: jieba's tags of what may come before the verb of a slot that is only a verb phrase: adverbs, verbs.
VERB_OPENER_TAGS = frozenset(["d", "ad", "vd", "v"])


@dataclass(frozen=True, slots=True)
class TokenTags:
    """Per token id of a vocabulary: what the frame rules read off its jieba tag (``tag``: the tag, None
    for an untagged token; "long": two characters or more)."""

    content: np.ndarray  #: long and ``tag or "n"`` not in FUNCTION_TAGS
    modifier: np.ndarray  #: ``tag or "n"`` in MODIFIER_TAGS
    negated: np.ndarray  #: first character in NEGATORS
    noun: np.ndarray  #: ``tag`` in NOUN_TAGS (untagged: no)
    nounish: np.ndarray  #: ``tag or "n"`` in NOUN_TAGS (untagged: yes)
    nominal: np.ndarray  #: ``tag or "n"`` starts with n or j, or is vn
    verbal_noun: np.ndarray  #: ``tag`` is vn
    verbal: np.ndarray  #: long, ``tag`` in VERB_TAGS, not negated
    verb: np.ndarray  #: long and ``tag`` starts with v (a content verb)
    plain_verb: np.ndarray  #: long and ``tag`` is v
    verb_opener: np.ndarray  #: plain_verb, or ``tag`` in VERB_OPENER_TAGS
    long_noun: np.ndarray  #: long and nounish

    @classmethod
    def of(cls, vocabulary: Sequence[str], tags: Mapping[str, str]) -> TokenTags:
        """Each token's tag read once; each property computed once per distinct tag (jieba has ~60)."""
        numbers: dict[str | None, int] = {}
        code = np.fromiter(
            (numbers.setdefault(tags.get(t), len(numbers)) for t in vocabulary), np.int64, len(vocabulary)
        )
        distinct = list(numbers)

        def by_tag(test: object) -> np.ndarray:
            assert callable(test)
            return np.array([bool(test(tag)) for tag in distinct], dtype=bool)[code]

        long = np.fromiter((len(t) > 1 for t in vocabulary), bool, len(vocabulary))
        negated = np.fromiter((t[:1] in NEGATORS for t in vocabulary), bool, len(vocabulary))
        plain_verb = long & by_tag(lambda tag: tag == "v")
        nounish = by_tag(lambda tag: _or(tag, "n") in NOUN_TAGS)
        return cls(
            content=long & by_tag(lambda tag: _or(tag, "n") not in FUNCTION_TAGS),
            modifier=by_tag(lambda tag: _or(tag, "n") in MODIFIER_TAGS),
            negated=negated,
            noun=by_tag(lambda tag: tag in NOUN_TAGS),
            nounish=nounish,
            nominal=by_tag(lambda tag: _or(tag, "n")[0] in "nj" or tag == "vn"),
            verbal_noun=by_tag(lambda tag: tag == "vn"),
            verbal=long & ~negated & by_tag(lambda tag: tag in VERB_TAGS),
            verb=long & by_tag(lambda tag: _or(tag, "")[:1] == "v"),
            plain_verb=plain_verb,
            verb_opener=plain_verb | by_tag(lambda tag: tag in VERB_OPENER_TAGS),
            long_noun=long & nounish,
        )


def _or(tag: str | None, default: str) -> str:
    """``tags.get(token, default)`` from ``tags.get(token)``."""
    return default if tag is None else tag


def rejection_codes(
    head: np.ndarray,
    tail: np.ndarray,
    token: TokenTags,
    *,
    verb_slot: np.ndarray,
    edge_share: np.ndarray,
    noun_after: np.ndarray,
    enumerated: np.ndarray,
    verb_only: np.ndarray,
    bare_share: np.ndarray,
) -> np.ndarray:
    """Per candidate: the code in :data:`REASONS` of why its fixed parts carry no meaning, -1 for none —
    :func:`~analysis.miners.frame_shape.fixed_part_rejection` (whose docstring gives the rules) with the
    measures of every candidate given.  ``head``, ``tail``: ``(k, w)`` token ids of the opening and the
    closing fixed part, left-aligned, -1 after the last token (a row of -1: no such part)."""
    k = len(head)
    reason = np.full(k, -1, dtype=np.int64)
    undecided = np.ones(k, dtype=bool)

    def decide(mask: np.ndarray, code: int) -> None:
        hit = undecided & mask
        reason[hit] = code
        undecided[hit] = False

    rows = np.arange(k)
    tokens = np.concatenate((head, tail), axis=1)
    present = tokens >= 0
    safe = np.maximum(tokens, 0)
    n_head, n_tail = (head >= 0).sum(axis=1), (tail >= 0).sum(axis=1)
    content = present & token.content[safe]
    n_content = content.sum(axis=1)
    decide(n_content == 0, 0)
    place = content.argmax(axis=1)  # the content token when there is one
    word = safe[rows, place]
    in_head = place < head.shape[1]
    one = n_content == 1
    modifier = one & in_head & token.modifier[word]
    decide(one & ~modifier & ~(~in_head & token.negated[word]), 1)
    least = np.where((n_head == 1) & (n_tail == 0), MODIFIER_VERB_SHARE, MODIFIER_WITH_MODAL_VERB_SHARE)
    decide(modifier & ((verb_slot < least) | ((n_tail == 0) & (edge_share < MODIFIER_EDGE_SHARE))), 2)
    decide(modifier & (n_tail == 0) & (bare_share < MODIFIER_BARE_SHARE), 3)
    last_head = safe[rows, np.maximum(n_head - 1, 0)]
    first_tail = np.maximum(tail[:, 0], 0)
    circumfix = (n_head > 0) & (n_tail > 0)
    decide(circumfix & token.noun[last_head] & token.noun[first_tail], 4)
    decide(circumfix & (verb_slot >= CIRCUMFIX_VERB_SLOT), 5)
    undecided &= ~circumfix
    suffix = n_tail > 0  # (one-sided from here)
    decide(suffix & (enumerated >= ENUMERATED_SHARE), 6)
    decide(suffix & (verb_only >= VERB_ONLY_SLOT), 7)
    decide(token.nominal[np.where(suffix, first_tail, last_head)], 4)
    outer = np.where(suffix, safe[rows, head.shape[1] + np.maximum(n_tail - 1, 0)], safe[:, 0])
    least_edge = np.where(suffix, NOUN_EDGE_SHARE["suffix"], NOUN_EDGE_SHARE["prefix"])
    decide(token.nounish[outer] & (edge_share < least_edge), 8)
    decide(suffix & token.verbal_noun[outer] & (edge_share < VERBAL_NOUN_EDGE_SHARE), 8)
    verbal = (~present | token.verbal[safe]).all(axis=1)
    used = np.where(suffix, noun_after >= VERBAL_NOUN_AFTER, edge_share < VERBAL_EDGE_SHARE)
    decide(verbal & used, 9)
    return reason
