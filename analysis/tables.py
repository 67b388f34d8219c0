"""Records → pandas DataFrames: the edge where the pipeline meets CSV, Excel and notebooks.

Column orders follow the output contract (docs/architecture.md): the contract's columns first, extras after.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict

import pandas as pd

from .kwic import ConcordanceLine
from .phrasebank import SectionPhrase
from .records import IngestProblem, Phrase, Report
from .stats import Statistic
from .subcorpora import Collocate, CompareRow
from .trends import TrendPoint

DOCUMENT_COLUMNS = ["doc_id", "source", "title", "n_chars", "text"]
SECTION_COLUMNS = ["doc_id", "level", "number", "marker", "heading", "section_type", "n_chars"]
PHRASE_COLUMNS = ["phrase", "kind", "freq", "doc_freq", "score", "example", "rank"]
#: Columns after the contract's: frames' slot fillers (``A；B；C``; empty for other kinds).
PHRASE_EXTRA_COLUMNS = ["slot_fillers"]
SECTION_PHRASE_COLUMNS = ["section_type", "phrase", "freq", "keyness", "example"]
#: Columns after the contract's: p-value of G², Log Ratio, reports and distinct sentences of the section type.
SECTION_PHRASE_EXTRA_COLUMNS = ["p_value", "log_ratio", "doc_freq", "n_sentences"]
STAT_COLUMNS = ["what", "key", "value"]


def documents_frame(reports: Sequence[Report]) -> pd.DataFrame:
    """One row per report; metadata.csv columns (year, kind …) follow, prefixed ``meta_`` on a name clash."""
    rows = []
    for r in reports:
        row: dict[str, object] = {
            "doc_id": r.doc_id,
            "source": r.source,
            "title": r.title,
            "n_chars": len(r.text),
            "text": r.text,
            "title_source": r.title_source,
            "n_headings": len(r.headings),
            "n_paragraphs": len(r.paragraphs),
        }
        for key, value in r.metadata.items():
            if key == "file":
                continue
            row[f"meta_{key}" if key in row else key] = value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=None if rows else DOCUMENT_COLUMNS)
    return frame


BOILERPLATE_COLUMNS = ["doc_id", "source", "line", "rule", "n_chars", "text"]


def boilerplate_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """One row per line removed as page chrome: where it was (``line``: 1-based, in the file as read, or in
    its part for ``stem#k``), which rule removed it and its text, so nothing real goes unnoticed."""
    rows = [
        (r.doc_id, r.source, removed.line, removed.rule, len(removed.text), removed.text)
        for r in reports
        for removed in r.removed
    ]
    return pd.DataFrame(rows, columns=BOILERPLATE_COLUMNS)


def sections_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """One row per heading, in document order."""
    rows = [
        {
            "doc_id": r.doc_id,
            "level": h.level,
            "number": h.number,
            "marker": h.marker,
            "heading": h.text,
            "section_type": h.section_type,
            "n_chars": h.n_chars,
            "inline": h.inline,
            "type_source": h.type_source,
        }
        for r in reports
        for h in r.headings
    ]
    return pd.DataFrame(rows, columns=[*SECTION_COLUMNS, "inline", "type_source"])


def enumerations_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """One row per ``一是/二是…`` item, with the section it stands in."""
    rows = []
    for r in reports:
        for item in r.enumerations:
            paragraph = r.paragraphs[item.paragraph_index]
            heading = r.headings[paragraph.heading_index].text if paragraph.heading_index is not None else ""
            rows.append(
                {
                    "doc_id": r.doc_id,
                    "section_type": paragraph.section_type,
                    "heading": heading,
                    "ordinal": item.ordinal,
                    "text": item.text,
                }
            )
    return pd.DataFrame(rows, columns=["doc_id", "section_type", "heading", "ordinal", "text"])


def phrases_frame(phrases: Iterable[Phrase]) -> pd.DataFrame:
    return pd.DataFrame([asdict(p) for p in phrases], columns=[*PHRASE_COLUMNS, *PHRASE_EXTRA_COLUMNS])


def section_phrases_frame(rows: Iterable[SectionPhrase]) -> pd.DataFrame:
    """Section keyness rows (phrases or frames): the contract's columns, then p-value, Log Ratio, support."""
    return pd.DataFrame(
        [asdict(r) for r in rows], columns=[*SECTION_PHRASE_COLUMNS, *SECTION_PHRASE_EXTRA_COLUMNS]
    )


def statistics_frame(rows: Iterable[Statistic]) -> pd.DataFrame:
    return pd.DataFrame([asdict(r) for r in rows], columns=STAT_COLUMNS)


def problems_frame(problems: Iterable[IngestProblem]) -> pd.DataFrame:
    return pd.DataFrame([asdict(p) for p in problems], columns=["source", "message", "action"])


def concordance_frame(lines: Iterable[ConcordanceLine]) -> pd.DataFrame:
    return pd.DataFrame(
        [asdict(line) for line in lines],
        columns=["doc_id", "section_type", "left", "keyword", "right", "offset"],
    )


def keywords_frame(rows: Iterable[tuple[str, str, float]]) -> pd.DataFrame:
    """TF-IDF keywords per report: ``doc_id, phrase, tfidf``."""
    return pd.DataFrame(list(rows), columns=["doc_id", "phrase", "tfidf"])


def trend_frame(points: Iterable[TrendPoint]) -> pd.DataFrame:
    """``group, phrase, count, chars, per_10k, documents`` rows (long format; pivot for a wide table)."""
    return pd.DataFrame(
        [asdict(p) for p in points], columns=["group", "phrase", "count", "chars", "per_10k", "documents"]
    )


def compare_frame(rows: Iterable[CompareRow]) -> pd.DataFrame:
    """Target-vs-reference keyness: ``item, unit, side, freq_target, freq_reference, docs_target,
    docs_reference, g2, p_value, log_ratio`` (``side``: which side over-uses the item)."""
    columns = [
        "item",
        "unit",
        "side",
        "freq_target",
        "freq_reference",
        "docs_target",
        "docs_reference",
        "g2",
        "p_value",
        "log_ratio",
    ]
    return pd.DataFrame([asdict(r) for r in rows], columns=columns)


def collocations_frame(rows: Iterable[Collocate]) -> pd.DataFrame:
    """Collocates: ``word, freq, word_freq, mi, log_likelihood``."""
    return pd.DataFrame(
        [asdict(r) for r in rows], columns=["word", "freq", "word_freq", "mi", "log_likelihood"]
    )
