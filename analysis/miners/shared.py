"""What several miners need, in one module that imports no miner (so no miner imports another for it).

* :func:`phrase_sort_key`, :func:`ranked`: the one order of every miner's rows, score descending with the
  phrase as tie-break: a total order, so the outputs are byte-identical between runs;
* :data:`CJK_RE`, :func:`cjk_count`: the CJK characters of a text (how long a slogan or passage is);
* :func:`union_size`: the reports holding any of some distinct-sentence groups, the ``doc_freq`` of the
  miners that work once per distinct sentence (slogans, passages);
* the characters of a 提法 (:data:`NUMERALS`, :data:`OPEN_QUOTES`, :data:`CLOSE_QUOTES`,
  :data:`BAD_END_CHARS`) and :func:`slogan_score`: what the numeral and the quoted slogan detectors both
  read.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from itertools import accumulate

from analysis.records import Phrase, Sentence

logger = logging.getLogger(__name__)

#: Characters that start a numeral formula.
NUMERALS = frozenset("一二三四五六七八九十百千两双")
#: Opening and closing quotation marks (curly, corner and ASCII).
OPEN_QUOTES = frozenset('“「"‘')
CLOSE_QUOTES = frozenset('”」"’')

#: A formula does not end with a function character (``四个意识的`` is ``四个意识`` + ``的``).
BAD_END_CHARS = frozenset("的了和与及等是在并或而也都着过把被对向从将为就")

#: One CJK character (the unified ideographs and extension A).
CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

#: jieba tags of function words: conjunctions, interjections, localisers, numerals and measure words,
#: onomatopoeia, prepositions, pronouns, particles and auxiliaries, non-words, modal particles.  What holds a
#: phrase together but says nothing on its own; each miner adds the tags its own rule needs.
FUNCTION_WORD_TAGS: frozenset[str] = frozenset(
    {"c", "e", "f", "m", "mq", "o", "p", "q", "r", "rr", "rz", "x", "y"}
    | {"u", "ud", "ug", "uj", "ul", "uv", "uz"}  # particles and auxiliaries
)


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (a word list reads better as one string)."""
    return frozenset(text.split())


def cjk_count(text: str) -> int:
    """The CJK characters of ``text``: punctuation, digits and Latin letters do not make a phrase longer."""
    return len(CJK_RE.findall(text))


def token_cuts(sentence: Sentence) -> frozenset[int]:
    """Offsets of ``sentence.text`` where a token starts or ends (0 and ``len(text)`` included); every
    offset when the tokens do not concatenate to the text (then no boundary can be trusted)."""
    cuts = list(accumulate(map(len, sentence.tokens), initial=0))
    if cuts[-1] != len(sentence.text):
        logger.debug("tokens of %s do not concatenate to its text: character boundaries", sentence.doc_id)
        return frozenset(range(len(sentence.text) + 1))
    return frozenset(cuts)


def union_size(docs: Sequence[frozenset[str]], holders: Iterable[int]) -> int:
    """``|∪ docs[g]|`` over the groups ``holders`` (repeats allowed): the reports holding any of them."""
    distinct = set(holders)
    if len(distinct) == 1:
        return len(docs[next(iter(distinct))])
    return len(frozenset().union(*(docs[g] for g in distinct)))


def phrase_sort_key(phrase: Phrase) -> tuple[float, str]:
    """Score descending, then phrase: a total order, so equal scores cannot reorder rows between runs."""
    return (-phrase.score, phrase.phrase)


def ranked(rows: Iterable[Phrase]) -> list[Phrase]:
    """``rows`` in :func:`phrase_sort_key` order."""
    return sorted(rows, key=phrase_sort_key)


#: Uses beyond this many per (independent) document say what a report is about, not what the genre reuses
#: (a name repeated 121 times in two reports): :func:`slogan_score` counts at most this many per document.
USES_PER_DOCUMENT = 3


def slogan_score(freq: int, doc_freq: int, n_docs: int, quoted: int, *, shaped: bool = False) -> float:
    """``log(1 + min(freq, USES_PER_DOCUMENT × doc_freq)) × (doc_freq / n_docs) × sqrt(marked)``.

    Frequency is damped by the log (a formula used 100 times is not 50× better than one used twice) and
    capped at :data:`USES_PER_DOCUMENT` uses per document (a topic of two reports is no formulation of the
    genre); the share of reports using it rewards formulas of the whole genre over one report's pet phrase.
    ``marked`` is how strongly writers mark the string as a 提法: its quoted share ``min(1, quoted /
    freq)``; a numeral formula (``shaped``) is marked by its shape too, so its share is at least 0.5.  The
    square root keeps a half-quoted formula close to an always-quoted one, while a common word quoted once
    in a thousand uses (``“社会主义”``) drops by a factor of about 30.
    """
    if freq <= 0 or n_docs <= 0:
        return 0.0
    marked = min(1.0, quoted / freq)
    if shaped:
        marked = max(marked, 0.5)
    return math.log1p(min(freq, USES_PER_DOCUMENT * doc_freq)) * (doc_freq / n_docs) * math.sqrt(marked)
