"""Corpus analysis and phrase mining for Chinese official reports.

The public API; each name lives in the module of its pipeline stage (see docs/architecture.md).
"""

from . import tables
from .clean import clean_text
from .ingest import read_corpus
from .kwic import ConcordanceLine, concordance
from .phrasebank import SectionPhrase, build_phrase_bank
from .pipeline import Analysis, RunOptions, analyze, load_reports, run, write_analysis
from .records import (
    PHRASE_KINDS,
    PLACEHOLDER,
    SECTION_TYPES,
    EnumerationItem,
    Heading,
    IngestProblem,
    Paragraph,
    Phrase,
    Report,
    Sentence,
    SourceDocument,
)
from .segment import Segmenter, read_lexicon, segment_reports, split_sentences, write_lexicon
from .slogans import mine_passages, mine_slogans
from .stats import structure_statistics
from .structure import classify_section, parse_report
from .templates import mine_heading_templates
from .terms import mine_idioms, mine_terms, section_keyness
from .trends import phrase_trend

__version__ = "0.1.0"

__all__ = [
    "PHRASE_KINDS",
    "PLACEHOLDER",
    "SECTION_TYPES",
    "Analysis",
    "ConcordanceLine",
    "EnumerationItem",
    "Heading",
    "IngestProblem",
    "Paragraph",
    "Phrase",
    "Report",
    "RunOptions",
    "SectionPhrase",
    "Segmenter",
    "Sentence",
    "SourceDocument",
    "analyze",
    "build_phrase_bank",
    "classify_section",
    "clean_text",
    "concordance",
    "load_reports",
    "mine_heading_templates",
    "mine_idioms",
    "mine_passages",
    "mine_slogans",
    "mine_terms",
    "parse_report",
    "phrase_trend",
    "read_corpus",
    "read_lexicon",
    "run",
    "section_keyness",
    "segment_reports",
    "split_sentences",
    "structure_statistics",
    "tables",
    "write_analysis",
    "write_lexicon",
]
