"""What the idiom rules read of jieba's dictionary, for many four-character candidates at once.

The idiom miner judges each four-character string of the character index that passes the frequency bar
(144,000 at 30 MB of text) by the words in it: the dictionary frequency and tag of its halves, of its middle
pair, of its three-character ends and of the four characters.  Asked string by string (the functions of
:mod:`~analysis.miners.idiom_words`, :mod:`~analysis.miners.idiom_form` and
:mod:`~analysis.miners.boundaries`) that was 1.3 million dictionary lookups and 600,000 calls.
Here the candidates are rows of character ids (the character index's own), their strings are made by
numpy (:func:`joined`), each distinct pair of characters is looked up once (:func:`pair_ids`,
:func:`listed`), a triple or the four characters once per candidate that gets that far,
and a tag becomes a small integer (:class:`TagCodes`), so that the rules (:mod:`analysis.miners.idiom_rules`)
test sets of tags as numpy masks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "FIRST",
    "HEAD",
    "MIDDLE",
    "SECOND",
    "TAIL",
    "WHOLE",
    "GramFacts",
    "TagCodes",
    "char_ids",
    "char_mask",
    "freqs_of",
    "joined",
    "listed",
    "pair_ids",
    "tags_of",
]

#: Columns of :class:`GramFacts`: the parts of a candidate ``g`` looked up in the dictionary —
#: ``g[:2]``, ``g[1:3]``, ``g[2:]``, ``g[:3]``, ``g[1:]`` and ``g``.
FIRST, MIDDLE, SECOND, HEAD, TAIL, WHOLE = range(6)


class TagCodes:
    """Tags as small integers, numbered as they are first seen; 0 is no tag (``word_tags.get`` gives None).

    Why: a candidate's tags are then integer arrays, and a test on tags (in a set, starts with ``n``) is one
    table of booleans over the few distinct tags (jieba has about 60), indexed by the codes.
    """

    def __init__(self) -> None:
        self._numbers: dict[str | None, int] = {None: 0}

    def encode(self, tags: Sequence[str | None]) -> np.ndarray:
        """The code of each of ``tags`` (numbering the new ones)."""
        numbers = self._numbers
        for tag in dict.fromkeys(tags):  # (the new ones in order of first sight)
            numbers.setdefault(tag, len(numbers))
        return np.fromiter(map(numbers.__getitem__, tags), np.int64, len(tags))

    def test(self, codes: np.ndarray, predicate: Callable[[str | None], bool]) -> np.ndarray:
        """``predicate(tag)`` for the tag of each of ``codes`` (asked once per distinct tag)."""
        table = np.fromiter((bool(predicate(t)) for t in self._numbers), bool, len(self._numbers))
        return table[codes]

    def among(self, codes: np.ndarray, tags: Collection[str]) -> np.ndarray:
        """Whether the tag of each of ``codes`` is one of ``tags`` (no tag never is)."""
        return self.test(codes, lambda tag: tag is not None and tag in tags)


def listed(strings: Sequence[str], mapping: Mapping[str, object]) -> np.ndarray:
    """Places of the ``strings`` that are keys of ``mapping``.

    Why not ``mapping.get`` per string: most strings are no word, and a lookup of a new string in jieba's
    dictionary (350,000 words) costs a hash and a cache miss either way; ``mapping.keys() & strings`` makes
    those probes in one C loop (a read-only ``MappingProxyType`` adds a method call to each ``get``), and the
    few hits are then read one by one: 1.3–1.6× faster where few strings are words (6 % of the triples and
    four characters), as fast where many are (a third of the pairs).
    """
    found = mapping.keys() & strings
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.fromiter(map(found.__contains__, strings), bool, len(strings)))


def freqs_of(strings: Sequence[str], word_freq: Mapping[str, int]) -> np.ndarray:
    """``word_freq.get(s) or 0`` of each of ``strings`` (:func:`listed`, then the hits read)."""
    freq = np.zeros(len(strings), dtype=np.int64)
    places = listed(strings, word_freq)
    freq[places] = [word_freq[strings[i]] or 0 for i in places.tolist()]
    return freq


def tags_of(
    strings: Sequence[str], word_tags: Mapping[str, str], codes: TagCodes, *, where: np.ndarray | None = None
) -> np.ndarray:
    """The code of ``word_tags.get(s)`` of each of ``strings`` (0: no tag); with ``where`` (booleans) looked
    up only there, 0 elsewhere."""
    tag = np.zeros(len(strings), dtype=np.int64)
    if where is None:
        places = listed(strings, word_tags)
    else:
        chosen = np.flatnonzero(where)
        places = chosen[listed([strings[i] for i in chosen.tolist()], word_tags)]
    tag[places] = codes.encode([word_tags[strings[i]] for i in places.tolist()])
    return tag


def char_ids(grams: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """``(n, 4)`` character ids of four-character ``grams`` and the characters by id (for callers holding
    strings; the character index holds the ids already)."""
    vocabulary = sorted(set("".join(grams)))
    number = {c: i for i, c in enumerate(vocabulary)}
    ids = np.fromiter((number[c] for g in grams for c in g), np.int64, 4 * len(grams))
    return ids.reshape(len(grams), 4), vocabulary


def char_mask(chars: np.ndarray, vocabulary: Sequence[str], members: Collection[str]) -> np.ndarray:
    """Whether each character id of ``chars`` (any shape) is one of ``members`` (one table over the
    vocabulary)."""
    table = np.fromiter((c in members for c in vocabulary), bool, len(vocabulary))
    return table[chars]


def pair_ids(chars: np.ndarray, starts: Sequence[int], size: int) -> tuple[np.ndarray, np.ndarray]:
    """The character pairs ``g[s:s + 2]`` for ``s`` in ``starts`` of each row of ``chars``, made distinct:
    ``(n, len(starts))`` ids of the pairs and the ``(m, 2)`` character ids of the distinct pairs (in key
    order).  A pair is the key ``first × size + second`` (``size``: the number of character ids), one
    ``np.unique``."""
    keys = np.stack([chars[:, s].astype(np.int64) * size + chars[:, s + 1] for s in starts], axis=1)
    distinct, inverse = np.unique(keys.ravel(), return_inverse=True)
    return inverse.reshape(keys.shape), np.stack(np.divmod(distinct, size), axis=1)


def joined(chars: np.ndarray, vocabulary: Sequence[str]) -> list[str]:
    """Each row of character ids (each a one-character string of ``vocabulary``) as a string: the rows'
    code points viewed as fixed-width numpy strings, one ``tolist`` (no Python join per row).  numpy drops
    trailing NULs: the character index's runs hold no U+0000."""
    points = np.fromiter(map(ord, vocabulary), np.uint32, len(vocabulary))[chars]
    return np.ascontiguousarray(points).view(f"<U{chars.shape[1]}").ravel().tolist()


@dataclass(frozen=True, slots=True)
class GramFacts:
    """The dictionary facts the idiom rules read of four-character candidates, one row each.

    ``freq``, ``tag``: ``(n, 6)``, by the columns :data:`FIRST` … :data:`WHOLE` (``g[:2]``, ``g[1:3]``,
    ``g[2:]``, ``g[:3]``, ``g[1:]``, ``g``).  The tags of the pairs are the dictionary's whatever their
    frequency (the temporal rule reads them so); those of the triples and of ``g`` only where the string is
    a word (frequency > 0), and for ``g[:3]`` also where ``g`` ends with one of ``raw_head_tags``'s
    characters (the locative rule reads that tag of a non-word): no other rule reads them.
    """

    chars: np.ndarray  #: (n, 4) character ids
    vocabulary: Sequence[str]  #: the character of each id
    freq: np.ndarray  #: (n, 6) ``word_freq.get(part) or 0``
    tag: np.ndarray  #: (n, 6) codes of ``word_tags.get(part)`` in ``codes``
    codes: TagCodes

    @classmethod
    def of(
        cls,
        chars: np.ndarray,
        vocabulary: Sequence[str],
        *,
        word_freq: Mapping[str, int],
        word_tags: Mapping[str, str],
        raw_head_tags: Collection[str] = (),
        columns: Collection[int] = (FIRST, MIDDLE, SECOND, HEAD, TAIL, WHOLE),
        codes: TagCodes | None = None,
    ) -> GramFacts:
        """Look the parts ``columns`` of the rows of ``chars`` up (the others stay 0: no word, no tag): each
        distinct pair once, the triples and the four characters once per row."""
        codes = TagCodes() if codes is None else codes
        n = len(chars)
        freq = np.zeros((n, 6), dtype=np.int64)
        tag = np.zeros((n, 6), dtype=np.int64)
        if {FIRST, MIDDLE, SECOND} & set(columns):
            pairs, distinct = pair_ids(chars, (0, 1, 2), len(vocabulary))
            texts = joined(distinct, vocabulary)
            freq[:, :3] = freqs_of(texts, word_freq)[pairs]
            tag[:, :3] = tags_of(texts, word_tags, codes)[pairs]
        for column, part in ((HEAD, chars[:, :3]), (TAIL, chars[:, 1:]), (WHOLE, chars)):
            if column not in columns:
                continue
            strings = joined(part, vocabulary)
            freq[:, column] = freqs_of(strings, word_freq)
            where = freq[:, column] > 0
            if column == HEAD:
                where |= char_mask(chars[:, 3], vocabulary, raw_head_tags)
            tag[:, column] = tags_of(strings, word_tags, codes, where=where)
        return cls(chars, vocabulary, freq, tag, codes)

    @property
    def parallel(self) -> np.ndarray:
        """ABAC, ABCB or ABCA (:func:`~analysis.miners.idiom_form.is_parallel`)."""
        c = self.chars
        return (c[:, 0] == c[:, 2]) | (c[:, 1] == c[:, 3]) | (c[:, 0] == c[:, 3])

    def word_tag(self, column: int) -> np.ndarray:
        """The tag of a part where it is a word (frequency > 0), else 0 (no tag)."""
        return np.where(self.freq[:, column] > 0, self.tag[:, column], 0)

    def among(self, codes: np.ndarray, tags: Collection[str]) -> np.ndarray:
        """:meth:`TagCodes.among` of this table's codes."""
        return self.codes.among(codes, tags)

    def has(self, members: Collection[str]) -> np.ndarray:
        """``(n, 4)``: whether each character is one of ``members``."""
        return char_mask(self.chars, self.vocabulary, members)
