"""Corpus analysis and phrase mining for Chinese official reports.

The public API; each name lives in the module of its pipeline stage (see docs/architecture.md).  Names are
imported on first use (PEP 562), so ``import analysis.clean`` in a worker process does not pull in pandas and
matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import tables
    from .clean import clean_text
    from .contrast import Contrast
    from .ingest import read_corpus
    from .kwic import ConcordanceLine, concordance
    from .miners import (
        mine_frames,
        mine_heading_templates,
        mine_idioms,
        mine_passages,
        mine_slogans,
        mine_terms,
        section_keyness,
    )
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
    from .stats import structure_statistics
    from .structure import classify_section, parse_report
    from .subcorpora import Collocate, CompareRow, collocations, compare
    from .trends import phrase_trend

__version__ = "0.1.0"

#: Public name → the module (of this package) defining it.
_HOMES: dict[str, str] = {
    **dict.fromkeys(["clean_text"], "clean"),
    **dict.fromkeys(["Collocate", "CompareRow", "collocations", "compare"], "subcorpora"),
    **dict.fromkeys(["Contrast"], "contrast"),
    **dict.fromkeys(["read_corpus"], "ingest"),
    **dict.fromkeys(["ConcordanceLine", "concordance"], "kwic"),
    **dict.fromkeys(
        [
            "mine_frames",
            "mine_heading_templates",
            "mine_idioms",
            "mine_passages",
            "mine_slogans",
            "mine_terms",
            "section_keyness",
        ],
        "miners",
    ),
    **dict.fromkeys(["SectionPhrase", "build_phrase_bank"], "phrasebank"),
    **dict.fromkeys(
        ["Analysis", "RunOptions", "analyze", "load_reports", "run", "write_analysis"], "pipeline"
    ),
    **dict.fromkeys(
        [
            "PHRASE_KINDS",
            "PLACEHOLDER",
            "SECTION_TYPES",
            "EnumerationItem",
            "Heading",
            "IngestProblem",
            "Paragraph",
            "Phrase",
            "Report",
            "Sentence",
            "SourceDocument",
        ],
        "records",
    ),
    **dict.fromkeys(
        ["Segmenter", "read_lexicon", "segment_reports", "split_sentences", "write_lexicon"], "segment"
    ),
    **dict.fromkeys(["structure_statistics"], "stats"),
    **dict.fromkeys(["classify_section", "parse_report"], "structure"),
    **dict.fromkeys(["phrase_trend"], "trends"),
}


def __getattr__(name: str) -> Any:
    if name == "tables":
        return importlib.import_module(".tables", __name__)
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "PHRASE_KINDS",
    "PLACEHOLDER",
    "SECTION_TYPES",
    "Analysis",
    "Collocate",
    "CompareRow",
    "ConcordanceLine",
    "Contrast",
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
    "collocations",
    "compare",
    "concordance",
    "load_reports",
    "mine_frames",
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
