"""The miners: one module per kind of phrase, each a query over what the pipeline built once.

=================================  ==========  =====================================================
module                             kind        reads
=================================  ==========  =====================================================
:mod:`~analysis.miners.slogans`    slogan      the distinct sentences: numeral formulas
                                               (:mod:`~analysis.miners.numeral_slogans`) and quoted
                                               formulations (:mod:`~analysis.miners.quoted_slogans`)
:mod:`~analysis.miners.passages`   passage     the distinct sentences, cut into clauses
:mod:`~analysis.miners.terms`      term        the word index (:class:`~analysis.index.WordIndex`)
:mod:`~analysis.miners.idioms`     idiom       the character index (``WordIndex``, ``characters=True``)
:mod:`~analysis.miners.templates`  heading     the headings
:mod:`~analysis.miners.frames`     frame       a word index of the sentences, at clause edges
                                               (:mod:`~analysis.miners.frame_occurrences`)
:mod:`~analysis.miners.keyness`    (keyness)   the sentences and the phrase bank's phrases
=================================  ==========  =====================================================

Shared, importing no miner: :mod:`~analysis.miners.jieba_dictionary` (jieba's frequencies and tags) and
:mod:`~analysis.miners.shared` (the row order, CJK counting, reports of sentence groups, the 提法 score).
Every miner returns :class:`~analysis.records.Phrase` rows sorted by score, then phrase, with the example
left for the phrase bank.
"""

from __future__ import annotations

from analysis.miners.frames import frame_phrases, mine_frames
from analysis.miners.idioms import mine_idioms, score_idioms
from analysis.miners.jieba_dictionary import jieba_lexicon, jieba_word_freq
from analysis.miners.keyness import section_keyness
from analysis.miners.passages import mine_passages
from analysis.miners.slogans import mine_numeral_slogans, mine_quoted_slogans, mine_slogans
from analysis.miners.templates import mine_heading_templates
from analysis.miners.terms import mine_terms, score_terms

__all__ = [
    "frame_phrases",
    "jieba_lexicon",
    "jieba_word_freq",
    "mine_frames",
    "mine_heading_templates",
    "mine_idioms",
    "mine_numeral_slogans",
    "mine_passages",
    "mine_quoted_slogans",
    "mine_slogans",
    "mine_terms",
    "score_idioms",
    "score_terms",
    "section_keyness",
]
