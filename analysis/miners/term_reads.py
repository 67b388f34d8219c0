"""Which multiword term candidates have a kind that depends on their neighbours, all rows of a level at once.

:func:`~analysis.miners.term_usage.reads_neighbours` of a multiword gram asks three questions of its
tokens: are all its dictionary words common words of general Chinese
(:func:`~analysis.miners.term_usage.general_parts`), is it two dictionary words, a modifier then a
predicate (:func:`~analysis.miners.term_usage.modified_predicate`), and does it end like a name
(:func:`~analysis.miners.names.name_kind`)?  Each answer combines facts about single tokens: how many
dictionary words a token holds and whether they are all common, its first and last word's tags, what its
shape says as the last token of a name or the one before it.  Here those facts are read once per token id
(:func:`token_readings`) and combined over the candidates' rows of token ids with numpy
(:func:`multiword_reads`).

Why: the term miner asks this of every free candidate (10⁵ at 30 MB); asked gram by gram, with the
dictionary cuts of every token again, it was a sixth of the miner's CPU (≈ 0.8 s at 30 MB).  Tests compare
it with :func:`~analysis.miners.term_usage.reads_neighbours` gram by gram.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from analysis.miners.names import NameEdges, multiword_names, name_edges
from analysis.miners.term_usage import (
    ADVERBIAL_TAGS,
    CONJUNCTIONS,
    DISTINGUISHING_TAGS,
    PREDICATE_TAGS,
    common_word,
    token_words,
)
from analysis.miners.termhood import ReferenceModel

__all__ = ["TokenReadings", "multiword_reads", "token_readings"]


class TokenReadings(NamedTuple):
    """Facts about each token id (arrays by id, read only at the ids asked for) as a token of a multiword
    gram, cut into its dictionary words by :func:`~analysis.miners.term_usage.token_words`
    (``whole=False``)."""

    words: np.ndarray  #: dictionary words other than conjunctions (general_parts counts them)
    common: np.ndarray  #: all of those are common words (two characters or more, common_word)
    particle: np.ndarray  #: the token is 的 (modified_predicate skips it)
    predicate_words: np.ndarray  #: dictionary words, 0 for 的 (modified_predicate needs two in all)
    known: np.ndarray  #: all its words are in the dictionary with a count (True for 的)
    opens_adverbial: np.ndarray  #: its first word is tagged an adjective or adverb
    opens_distinguishing: np.ndarray  #: its first word is tagged a distinguishing word
    closes_predicate: np.ndarray  #: its last word is tagged a predicate and has two characters or more
    closes_verb: np.ndarray  #: its last word is tagged ``v`` and has two characters or more
    names: NameEdges


def token_readings(
    vocabulary: Sequence[str], grams: Iterable[np.ndarray], *, tags: Mapping[str, str], model: ReferenceModel
) -> TokenReadings:
    """:class:`TokenReadings` of the tokens of ``vocabulary`` in the rows of token ids ``grams`` (arrays of
    ``(m, n)`` ids, ``n >= 2``; the name edges only where :func:`multiword_reads` reads them)."""
    grams = list(grams)
    ids = np.unique(np.concatenate([g.ravel() for g in grams])).tolist() if grams else []
    lasts = np.unique(np.concatenate([g[:, -1] for g in grams])).tolist() if grams else []
    befores = np.unique(np.concatenate([g[:, -2] for g in grams])).tolist() if grams else []
    size = len(vocabulary)
    words = np.zeros(size, dtype=np.int64)
    predicate_words = np.zeros(size, dtype=np.int64)
    flags = np.zeros((7, size), dtype=bool)
    for i in ids:
        token = vocabulary[i]
        cut = token_words(token, model, whole=False)
        kept = [word for word in cut if word not in CONJUNCTIONS]
        words[i] = len(kept)
        particle = token == "的"
        predicate_words[i] = 0 if particle else len(cut)
        first, last = tags.get(cut[0]), tags.get(cut[-1])
        long_last = len(cut[-1]) > 1
        flags[:, i] = (
            all(len(word) > 1 and common_word(word, model) for word in kept),
            particle,
            particle or all(len(word) > 0 and model.freq.get(word, 0) > 0 for word in cut),
            first in ADVERBIAL_TAGS,
            first in DISTINGUISHING_TAGS,
            long_last and last in PREDICATE_TAGS,
            long_last and last == "v",
        )
    return TokenReadings(
        words,
        flags[0],
        flags[1],
        predicate_words,
        *flags[2:],
        name_edges(vocabulary, lasts, befores, tags=tags),
    )


def multiword_reads(parts: np.ndarray, readings: TokenReadings) -> np.ndarray:
    """``reads_neighbours(gram)`` of each row of token ids ``parts`` (``(m, n)``, ``n >= 2``).

    * general words: every token's words are common and there are two or more in all;
    * a modified predicate: two dictionary words in all over the tokens other than 的, all in the dictionary,
      the first (the first word of the first such token) an adjective or adverb before a predicate, or a
      distinguishing word before a plain verb (the last word of the last such token);
    * a name: :func:`~analysis.miners.names.multiword_names`.
    """
    m, n = parts.shape
    general = readings.common[parts].all(axis=1) & (readings.words[parts].sum(axis=1) >= 2)
    content = ~readings.particle[parts]
    first = parts[np.arange(m), np.argmax(content, axis=1)]
    last = parts[np.arange(m), n - 1 - np.argmax(content[:, ::-1], axis=1)]
    modified = (readings.predicate_words[parts].sum(axis=1) == 2) & readings.known[parts].all(axis=1)
    modified &= (readings.opens_adverbial[first] & readings.closes_predicate[last]) | (
        readings.opens_distinguishing[first] & readings.closes_verb[last]
    )
    return general | modified | multiword_names(parts, readings.names)
