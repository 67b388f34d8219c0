"""Termhood against general Chinese: how much more frequent a term is in the corpus than in general language.

The reference corpus is jieba's own dictionary (``dict.txt``: about 350 000 words with their frequencies in
a general corpus of 60 million words, :func:`~analysis.miners.jieba_dictionary.jieba_lexicon`), which every
installation has.  A word of the genre (宏观调控, 小康社会: in the dictionary with the minimum count, or
absent) is far more frequent in a report than there; an everyday word (博物馆, 现代化, 社会主义) is about
as frequent in both.

Reference probability of a string ``s`` (per running word, :func:`reference_probability`):

* ``s`` is a dictionary word with frequency ``F``: ``p_ref(s) = (F + k) / N_ref`` (add-``k`` smoothing,
  ``k = 1``: a word of the dictionary's minimum count 3 is not six times rarer than one of count 0.5), or the
  estimate from its parts below when that is larger (:func:`reference_probability`: jieba counts many
  compounds of general Chinese, 管理制度 or 技术水平, far below what their common parts say);
* otherwise ``s`` is cut into dictionary words ``w₁ … w_m`` (the segmenter's tokens, each cut again by
  the most probable path over the dictionary, :func:`dictionary_cut`; a character unknown to the
  dictionary has count 0) and ``p_ref(s) = (Σᵢ 1 / p_ref(wᵢ))⁻¹ / 10^(m − 1)``: the harmonic combination is
  about the probability of the rarest part (a string cannot be more frequent than its rarest word), and each
  word boundary that had to be inferred divides by 10.  This is the estimate ``wordfreq`` makes for Chinese
  text of several words (``INFERRED_SPACE_FACTOR = 10``), here with jieba's counts, so no new dependency.
  A derivational suffix cut off by the segmenter (精准 + 化) is no word of its own
  (:data:`DERIVATIONAL_SUFFIXES`).

Termhood (:func:`termhood`) is the log-ratio of the relative frequencies (the "weirdness" of Ahmad et al.
1999, in nats): ``ln((f / N) / p_ref(s))`` with ``f`` the occurrences in the corpus and ``N`` its running
words.  It is about 1–2 for common words (社会主义 1.8, 现代化 1.1), 4–5 for a dictionary word the genre
overuses (基础设施) and 7–10 for the genre's own compounds (宏观调控, 供给侧结构性改革).  Why a ratio of
relative frequencies rather than a test statistic (G²): G² grows with the corpus size and favours frequent
words, which is what the term list already has too many of.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "ReferenceModel",
    "dictionary_cut",
    "reference_model",
    "reference_probabilities",
    "reference_probability",
    "termhood",
]

#: Each inferred word boundary inside a string divides its reference probability by this (wordfreq's value).
INFERRED_BOUNDARY_FACTOR = 10.0
#: Add-k smoothing of the reference counts.
SMOOTHING = 1.0
#: jieba's count for words added without one (宏观调控, 增长速度, 建立健全 … have 3): the dictionary knows
#: such a word but not how frequent it is, so its reference probability is estimated from its parts.
UNKNOWN_COUNT = 3
#: Longest dictionary word tried by :func:`dictionary_cut` (jieba's dictionary has none longer that matter).
MAX_WORD_CHARS = 8


class ReferenceModel(NamedTuple):
    """A reference corpus as a word-frequency table: ``freq`` (word → count) and ``total`` (Σ counts);
    ``cuts``, when given, remembers :func:`dictionary_cut`'s answers (the candidates of one corpus share
    their tokens: 647 000 cuts of 30 000 distinct tokens for the terms of 30 MB)."""

    freq: Mapping[str, int]
    total: int
    cuts: dict[tuple[str, bool], tuple[str, ...]] | None = None


def reference_model(freq: Mapping[str, int]) -> ReferenceModel:
    """The reference model of a word → count table (jieba's ``dict.txt`` counts), remembering its cuts.

    The table is copied into a dict (read 10⁶ times a run); a read-only view (jieba's) is copied by its own
    ``copy`` (the dict behind it: 5 ms), not key by key (80 ms for jieba's 350 000 words).
    """
    table = freq.copy() if isinstance(freq, MappingProxyType) else dict(freq)
    return ReferenceModel(table, max(1, sum(table.values())), {})


def _word_probability(word: str, model: ReferenceModel) -> float:
    return (model.freq.get(word, 0) + SMOOTHING) / model.total


def dictionary_cut(text: str, model: ReferenceModel, *, whole: bool = True) -> list[str]:
    """``text`` cut into the most probable sequence of dictionary words (jieba's route without its HMM).

    Dynamic programming from the end: ``best[i] = max over words text[i:j] of ln p(text[i:j]) + best[j]``,
    where a single character is always allowed (with count 0 when the dictionary lacks it); ``whole=False``
    does not take ``text`` itself as one word.
    """
    if model.cuts is None:
        return _best_cut(text, model, whole)
    known = model.cuts.get((text, whole))
    if known is None:
        known = model.cuts[text, whole] = tuple(_best_cut(text, model, whole))
    return list(known)


def _best_cut(text: str, model: ReferenceModel, whole: bool) -> list[str]:
    n = len(text)
    best = [0.0] * (n + 1)
    step = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i] = -math.inf
        for j in range(i + 1, min(n, i + MAX_WORD_CHARS) + 1):
            word = text[i:j]
            if j > i + 1 and (word not in model.freq or (not whole and j - i == n)):
                continue
            value = math.log(_word_probability(word, model)) + best[j]
            if value > best[i]:
                best[i], step[i] = value, j
    words: list[str] = []
    i = 0
    while i < n:
        words.append(text[i : step[i]])
        i = step[i]
    return words


def reference_probability(tokens: Iterable[str], model: ReferenceModel, *, parts: bool = True) -> float:
    """``p_ref`` of the string the ``tokens`` make (see the module docstring for the formula and why).

    A dictionary word (count above :data:`UNKNOWN_COUNT`) gets ``max(p_ref(word), p_ref(its parts))`` with
    ``parts`` (the default), its own ``p_ref(word)`` without: jieba counts many compounds of general Chinese
    far below their parts (管理制度 27, 工业生产 55, 技术水平 51, against 管理 27 191 and 制度 21 517), so a
    compound of two common words is as general as its parts say, whether or not the dictionary lists it.
    """
    tokens = list(tokens)
    text = "".join(tokens)
    count = model.freq.get(text, 0)
    if count > UNKNOWN_COUNT:
        whole = _word_probability(text, model)
        if not parts:
            return whole
        return max(whole, _parts_probability([w for t in tokens for w in _cut(t, model)], model))
    words = [word for token in tokens for word in _words_of(token, model)]
    return _parts_probability(words, model, derivations=True)


def reference_probabilities(
    grams: Sequence[Sequence[str]], model: ReferenceModel, *, parts: Sequence[bool]
) -> list[float]:
    """:func:`reference_probability` of each of ``grams`` (``parts``: its keyword, gram by gram), the same
    floats: the same words in the same order, summed by ``sum`` as there; what every gram shares is read
    once (the dictionary words of each token, ``1 / p_ref`` of each word).

    Why: the term miner asks it of ~10⁵ candidates at 30 MB, made of a few thousand tokens; asked gram by
    gram it looked up the same cuts and probabilities 4·10⁵ times (0.5 s of CPU, a third of that here).
    """
    freq = model.freq
    inverse: dict[str, float] = {}
    cut_entries: dict[str, _Entry] = {}
    own_entries: dict[str, _Entry] = {}

    def entry(words: list[str]) -> _Entry:
        values = []
        for word in words:
            value = inverse.get(word)
            if value is None:
                value = inverse[word] = 1.0 / _word_probability(word, model)
            values.append(value)
        return tuple(words), tuple(values), any(word in DERIVATIONAL_SUFFIXES for word in words)

    probabilities: list[float] = []
    for gram, with_parts in zip(grams, parts, strict=True):
        count = freq.get("".join(gram), 0)
        if count > UNKNOWN_COUNT:
            whole = (count + SMOOTHING) / model.total
            if with_parts:
                entries = [
                    cut_entries.get(t) or cut_entries.setdefault(t, entry(_cut(t, model))) for t in gram
                ]
                values = [value for e in entries for value in e[1]]
                whole = max(whole, (1.0 / sum(values)) / INFERRED_BOUNDARY_FACTOR ** (len(values) - 1))
            probabilities.append(whole)
            continue
        entries = [own_entries.get(t) or own_entries.setdefault(t, entry(_words_of(t, model))) for t in gram]
        values = [value for e in entries for value in e[1]]
        if True in [e[2] for e in entries]:  # a derivational suffix: no word of its own after a word
            words = [word for e in entries for word in e[0]]
            values = [
                value
                for i, (word, value) in enumerate(zip(words, values, strict=True))
                if not (i > 0 and word in DERIVATIONAL_SUFFIXES and len(words[i - 1]) > 1)
            ]
        probabilities.append((1.0 / sum(values)) / INFERRED_BOUNDARY_FACTOR ** (len(values) - 1))
    return probabilities


#: A token's dictionary words, ``1 / p_ref`` of each, and whether one is a derivational suffix.
_Entry = tuple[tuple[str, ...], tuple[float, ...], bool]


#: One-character derivational suffixes (精准 + 化, 可靠 + 性): the segmenter may cut them off, but they make a
#: derivation of the word before them, not a second word.
DERIVATIONAL_SUFFIXES: frozenset[str] = frozenset("化性")


def _parts_probability(words: list[str], model: ReferenceModel, *, derivations: bool = False) -> float:
    """``(Σᵢ 1 / p_ref(wᵢ))⁻¹ / 10^(m − 1)`` over the dictionary words ``wᵢ`` of a string; with
    ``derivations`` (a string the dictionary does not list), a derivational suffix
    (:data:`DERIVATIONAL_SUFFIXES`) after a word of two characters or more is part of that word: no inferred
    boundary, no word of its own.  Why: 精准化, which the dictionary lacks, is about as frequent as 精准 in
    general language (a derivation with a suffix of general use); taken for two words its reference
    probability was ten times too low and it scored as a word of the genre.  A derivation the dictionary
    lists (信息化, 标准化) keeps its own count: the genre's derivations are the ones it made common."""
    kept = [
        word
        for i, word in enumerate(words)
        if not (derivations and i > 0 and word in DERIVATIONAL_SUFFIXES and len(words[i - 1]) > 1)
    ]
    inverse = sum(1.0 / _word_probability(word, model) for word in kept)
    return (1.0 / inverse) / INFERRED_BOUNDARY_FACTOR ** (len(kept) - 1)


def _cut(token: str, model: ReferenceModel) -> list[str]:
    return dictionary_cut(token, model, whole=False) if len(token) > 1 else [token]


def _words_of(token: str, model: ReferenceModel) -> list[str]:
    """A token as dictionary words: itself when the dictionary counts it, else its most probable cut into
    other words (a word of the floor count :data:`UNKNOWN_COUNT` too: its parts say more than its count)."""
    if model.freq.get(token, 0) > UNKNOWN_COUNT:
        return [token]
    return dictionary_cut(token, model, whole=False)


def termhood(freq: int, total: int, p_ref: float) -> float:
    """``ln((freq / total) / p_ref)``: the weirdness of a string seen ``freq`` times in ``total`` running
    words of the corpus whose reference probability is ``p_ref`` (nats; 0 = as frequent as in general
    language)."""
    if freq <= 0 or total <= 0 or p_ref <= 0:
        raise ValueError(f"freq={freq}, total={total}, p_ref={p_ref}: all must be positive")
    return math.log(freq / total / p_ref)
