"""The data ``report.html``'s script reads: one JSON object (reports, facets, section sizes, and the phrase
rows with their counts per (report, section type) and concordance lines), kept under a size budget.

Rows come in rank order (:func:`ordered_rows`), at most :data:`MAX_ROWS` of them, each kind keeping its best
rows in proportion (:func:`capped_rows`), with :data:`~analysis.page_data.KWIC_PER_PHRASE` concordance lines
each; when the JSON still exceeds :data:`DATA_BUDGET` bytes, fewer lines (down to 2) and then fewer rows are
kept (:func:`page_data`), and the page says so.  :func:`json_for_script` writes it so that it can stand
inside ``<script type="application/json">`` whatever the reports hold.
"""

from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .page_data import KWIC_PER_PHRASE, document_facets
from .page_labels import COLUMN_LABELS, FACET_LABELS, KIND_LABELS, SECTION_LABELS
from .page_places import PhrasePlaces, phrase_places
from .records import PHRASE_KINDS, PREAMBLE, SECTION_TYPES, Report

if TYPE_CHECKING:
    from .pipeline import Analysis

logger = logging.getLogger(__name__)

#: Phrases written into the page, at most.
MAX_ROWS = 3000
#: Bytes of JSON data, at most (the page adds its charts, ≈ 0.1 MB each, and ≈ 40 kB of code).
DATA_BUDGET = 8_000_000
#: Phrase kinds matched against whole headings (heading templates), not against sentences.
HEADING_KINDS = frozenset({"heading"})

#: Columns of the phrase table shown in their own place, not among a phrase's other fields.
_SHOWN = ("phrase", "kind", "freq", "doc_freq", "score", "example")


def json_for_script(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so ``</script>`` and ``<!--`` cannot
    occur), U+2028 and U+2029 are escaped too; ``JSON.parse`` gives back the same strings.  CJK text stays
    as UTF-8 (three bytes a character, not six).
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def ordered_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The phrase table in the page's order: by ``rank`` (1 = best) when the table has one, rows without a
    rank after; else by kind (in :data:`~analysis.records.PHRASE_KINDS` order, other kinds after) and score
    descending."""
    if "rank" in frame.columns and (pd.to_numeric(frame["rank"], errors="coerce") > 0).any():
        rank = pd.to_numeric(frame["rank"], errors="coerce")
        key = rank.where(rank > 0)  # 0 or blank: not ranked, after the ranked rows
        return (
            frame.assign(_rank=key)
            .sort_values("_rank", kind="stable")
            .drop(columns="_rank")
            .reset_index(drop=True)
        )
    known = {kind: i for i, kind in enumerate(PHRASE_KINDS)}
    key = frame["kind"].map(lambda k: (known.get(k, len(known)), k))
    return (
        frame.assign(_kind=key, _score=-frame["score"])
        .sort_values(["_kind", "_score", "phrase"], kind="stable")
        .drop(columns=["_kind", "_score"])
        .reset_index(drop=True)
    )


def capped_rows(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most ``limit`` rows, each kind keeping its first rows: the largest per-kind quota ``q`` with
    ``Σ min(rows of kind, q) ≤ limit`` (a small kind keeps all its rows).  Order unchanged."""
    if len(frame) <= limit:
        return frame
    sizes = sorted(frame["kind"].value_counts().tolist())
    quota, left = 0, limit
    for i, size in enumerate(sizes):
        share = left // (len(sizes) - i)
        if size > share:
            quota = share
            break
        left -= size
    else:
        quota = sizes[-1]
    position = frame.groupby("kind", sort=False).cumcount()
    return frame[position < quota].reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class PageData:
    """The JSON object the page's script reads, and what was left out to keep the page small."""

    data: dict[str, Any]
    json: str  #: :func:`json_for_script` of ``data``
    rows_total: int
    rows_kept: int
    lines_per_phrase: int


def json_cell(value: Any) -> Any:
    """A table cell as JSON: numbers stay numbers (NaN → null), everything else text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) or hasattr(value, "item"):
        number = value.item() if hasattr(value, "item") else value
        if isinstance(number, float) and not math.isfinite(number):
            return None
        return number
    return "" if value is None else str(value)


def page_data(result: Analysis, phrases: pd.DataFrame, *, max_rows: int | None = None) -> PageData:
    """The page's data: kinds, section types, facets, reports, section sizes and the phrase rows with their
    counts per (report, section type) and concordance lines; shrunk to :data:`DATA_BUDGET` if needed."""
    rows = capped_rows(ordered_rows(phrases), MAX_ROWS if max_rows is None else max_rows)
    reports = result.reports
    places = phrase_places(
        rows["phrase"].tolist(),
        reports,
        in_headings=[i for i, kind in enumerate(rows["kind"]) if kind in HEADING_KINDS],
    )
    facets = document_facets(reports)
    present = {p.section_type for r in reports for p in r.paragraphs} | {
        h.section_type for r in reports for h in r.headings
    }
    sections = [s for s in (*SECTION_TYPES, PREAMBLE) if s in present] + sorted(
        present - {*SECTION_TYPES, PREAMBLE}
    )
    section_index = {s: i for i, s in enumerate(sections)}
    chars: dict[tuple[int, int], int] = {}
    for doc, report in enumerate(reports):
        for paragraph in report.paragraphs:
            key = (doc, section_index[paragraph.section_type])
            chars[key] = chars.get(key, 0) + len(paragraph.text)
    kinds = list(dict.fromkeys([k for k in PHRASE_KINDS if k in set(rows["kind"])] + rows["kind"].tolist()))
    extra = [c for c in phrases.columns if c not in _SHOWN]
    base = {
        "kinds": [[k, KIND_LABELS.get(k, k), int((rows["kind"] == k).sum())] for k in kinds],
        "sections": [[s, SECTION_LABELS.get(s, s)] for s in sections],
        "facets": [
            {
                "name": f.name,
                "label": FACET_LABELS.get(f.name, f.name),
                "range": f.is_range,
                "values": f.values,
            }
            for f in facets
        ],
        "docs": [
            [r.doc_id, label, *(f.by_document[i] for f in facets)]
            for i, (r, label) in enumerate(zip(reports, document_labels(reports), strict=True))
        ],
        "chars": [[doc, section, n] for (doc, section), n in sorted(chars.items())],
        "columns": [[c, COLUMN_LABELS.get(c, c)] for c in extra],
        "total": len(phrases),
    }
    indexes = _Indexes(
        {k: i for i, k in enumerate(kinds)},
        section_index,
        {r.doc_id: i for i, r in enumerate(reports)},
        places.counts.flat(section_index),
    )
    records = rows.to_dict("records")
    phrase_rows = [_phrase_row(i, record, extra, places, indexes) for i, record in enumerate(records)]
    lines = KWIC_PER_PHRASE
    # the JSON of ``{**base, "lines": lines, "phrases": rows[:kept]}`` laid out from its parts: each row
    # encoded once per number of lines, its size then read for any number of rows kept (encoding it all
    # again at each cut took 2.4 s of the page at 300 MB of reports: eight times)
    head = json_for_script(base)[:-1]  # (without the closing brace)
    kept = len(phrase_rows)
    parts = [json_for_script(row) for row in phrase_rows]
    sizes = _cumulative_sizes(parts)
    while True:
        size = len(f'{head},"lines":{lines},"phrases":[]}}'.encode()) + int(sizes[kept]) + max(kept - 1, 0)
        if size <= DATA_BUDGET or kept <= 1:
            break
        if lines > 2:  # first fewer lines, then fewer rows
            lines = max(2, lines // 2)
            phrase_rows = [{**row, "c": row["c"][:lines]} for row in phrase_rows]
            parts = [json_for_script(row) for row in phrase_rows]
            sizes = _cumulative_sizes(parts)
        else:
            kept = int(kept * DATA_BUDGET / size * 0.95)
    phrase_rows = phrase_rows[:kept]
    data = {**base, "lines": lines, "phrases": phrase_rows}
    text = f'{head},"lines":{lines},"phrases":[{",".join(parts[:kept])}]}}'  # (json_for_script(data))
    if len(phrase_rows) < len(rows):
        logger.warning(
            "report.html: %d of %d phrases kept to stay under %d bytes",
            len(phrase_rows),
            len(rows),
            DATA_BUDGET,
        )
    return PageData(data, text, len(phrases), len(phrase_rows), lines)


def _cumulative_sizes(parts: Sequence[str]) -> np.ndarray:
    """Bytes (UTF-8) of the first ``k`` of ``parts``, for every ``k`` (``[0, b0, b0 + b1, …]``)."""
    return np.cumsum([0, *(len(part.encode()) for part in parts)])


def document_labels(reports: Sequence[Report]) -> list[str]:
    """What the page calls each report: its title (else its ``doc_id``), numbered ``（1）``, ``（2）`` … where
    several reports share it (the parts of a collection file, say)."""
    names = [r.title or r.doc_id for r in reports]
    shared = {name for name, n in Counter(names).items() if n > 1}
    seen: Counter[str] = Counter()
    labels = []
    for name in names:
        seen[name] += 1
        labels.append(f"{name}（{seen[name]}）" if name in shared else name)
    return labels


@dataclass(frozen=True, slots=True)
class _Indexes:
    kinds: Mapping[str, int]
    sections: Mapping[str, int]
    documents: Mapping[str, int]
    #: phrase → its flat (report, section, occurrences) triples and occurrences (:meth:`PlaceCounts.flat`)
    counts: Mapping[int, tuple[list[int], int]]


def _phrase_row(
    index: int, record: Mapping[str, Any], extra: Sequence[str], places: PhrasePlaces, indexes: _Indexes
) -> dict[str, Any]:
    """One phrase for the script: p phrase, k kind, f freq, d doc_freq, s score, e example, x extra columns,
    o flat (report, section, count) triples, n occurrences found, c concordance lines (report, section,
    left, keyword, right)."""
    flat, total = indexes.counts.get(index, ([], 0))
    sections = indexes.sections
    return {
        "p": str(record["phrase"]),
        "k": indexes.kinds[record["kind"]],
        "f": json_cell(record["freq"]),
        "d": json_cell(record["doc_freq"]),
        "s": json_cell(record["score"]),
        "e": json_cell(record["example"]),
        "x": [json_cell(record[c]) for c in extra],
        "o": flat,
        "n": total,
        "c": [
            [indexes.documents[line.doc_id], sections[line.section_type], line.left, line.keyword, line.right]
            for line in places.lines.get(index, ())
        ],
    }
