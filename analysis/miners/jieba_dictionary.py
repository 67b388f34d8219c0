"""jieba's bundled dictionary (``dict.txt``), read once per process: word frequencies and part-of-speech tags.

Why a module of its own: the term, idiom, quoted-slogan and heading-template miners all judge words by it
(a common word, a noun, a 成语), and none of them should import another to get it.  Not to be confused with
:mod:`analysis.lexicon`, the user dictionaries that the segmenter reads.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["JiebaLexicon", "jieba_lexicon", "jieba_word_freq"]


class JiebaLexicon(NamedTuple):
    """jieba's bundled dictionary (``dict.txt``: lines ``word freq tag``) as two read-only mappings."""

    freq: Mapping[str, int]  #: word → frequency
    tag: Mapping[str, str]  #: word → part-of-speech tag (i 成语, l 习用语, n 名词, v 动词 …)


@functools.cache
def jieba_lexicon() -> JiebaLexicon:
    """Read jieba's ``dict.txt`` once per process (about half a second for its 350 000 lines)."""
    import jieba  # imported here: only the idiom miner needs it

    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    with jieba.get_dict_file() as handle:
        text = handle.read().decode("utf-8")  # decoded at once: a third faster than line by line
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        word = parts[0]
        freq[word] = int(parts[1])
        if len(parts) > 2:
            tags[word] = parts[2]
    return JiebaLexicon(MappingProxyType(freq), MappingProxyType(tags))


def jieba_word_freq() -> Mapping[str, int]:
    """jieba's own dictionary frequencies (word → frequency, from :func:`jieba_lexicon`)."""
    return jieba_lexicon().freq
