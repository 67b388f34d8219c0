"""``report.html``: the phrase bank as one self-contained page a writer opens instead of the CSV files.

:func:`render_page` is a pure function of the run's records and tables (and the chart PNGs) to an HTML
string, rendered from the Jinja2 template ``analysis/templates/report.html.j2`` with its stylesheet and
script (``report.css``, ``report.js``) written into the page: no network, no CDN, it opens from a USB stick.

What comes from the corpus is text, never markup:

* the template is rendered with autoescaping on (headings, section-phrase tables, captions);
* the data the script reads (phrases, examples, concordance lines, document titles and metadata;
  :mod:`analysis.page_rows`) is one JSON object inside ``<script type="application/json">``, written by
  :func:`~analysis.page_rows.json_for_script`, which escapes ``<``, ``>`` and ``&`` as ``\\u003c`` … so no
  ``</script>`` or comment opener can end the block;
* the script puts corpus text into the page with ``textContent`` only.

Size: at most :data:`~analysis.page_rows.MAX_ROWS` phrases and a few concordance lines each, under
:data:`~analysis.page_rows.DATA_BUDGET` bytes of data (:mod:`analysis.page_rows`); the page says what was
left out.  The rest of the page (typical outline, section tables, charts) is rendered by the template.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .collector import collector_paused
from .outline import common_headings, genre_outline
from .page_labels import CHART_LABELS, COLUMN_LABELS, KIND_HINTS, SECTION_LABELS, SECTION_TABLE_LABELS
from .page_rows import HEADING_KINDS, PageData, json_cell, ordered_rows, page_data
from .records import PREAMBLE, SECTION_TYPES

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import Analysis

logger = logging.getLogger(__name__)

#: Rows shown per section type in a section table.
SECTION_TABLE_ROWS = 12
#: Columns of a section table shown as cells (the others are in each row's tooltip).
SECTION_TABLE_COLUMNS = ("freq", "doc_freq", "keyness")


def _number(value: Any) -> str:
    """A cell for reading: integers as they are, other numbers with 2 decimals (small ones: 2 digits)."""
    value = json_cell(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2g}" if abs(value) < 0.01 else f"{value:.2f}"
    return "" if value is None else str(value)


def section_tables(
    frames: Mapping[str, pd.DataFrame], *, rows: int = SECTION_TABLE_ROWS
) -> list[dict[str, Any]]:
    """Each ``section_*`` table as groups per section type (in :data:`SECTION_TYPES` order), its first
    ``rows`` rows each: the columns of :data:`SECTION_TABLE_COLUMNS` it has as cells, the example and every
    other column in the row's tooltip."""
    tables = []
    for name, frame in frames.items():
        if not name.startswith("section_") or not {"section_type", "phrase"} <= set(frame.columns):
            continue
        columns = [c for c in SECTION_TABLE_COLUMNS if c in frame.columns]
        others = [c for c in frame.columns if c not in {*columns, "section_type", "phrase", "example"}]
        order = [*SECTION_TYPES, PREAMBLE]
        types = sorted(
            set(frame["section_type"]), key=lambda t: (order.index(t) if t in order else len(order), t)
        )
        groups = []
        for section_type in types:
            part = frame[frame["section_type"] == section_type].head(rows)
            groups.append(
                {
                    "label": SECTION_LABELS.get(section_type, section_type),
                    "name": section_type,
                    "rows": [
                        {
                            "phrase": str(row["phrase"]),
                            "example": "\n".join(
                                [
                                    str(row.get("example", "") or ""),
                                    "  ".join(f"{COLUMN_LABELS.get(c, c)} {_number(row[c])}" for c in others),
                                ]
                            ).strip(),
                            "cells": [_number(row[c]) for c in columns],
                        }
                        for row in part.to_dict("records")
                    ],
                }
            )
        tables.append(
            {
                "title": SECTION_TABLE_LABELS.get(name, name),
                "file": f"{name}.csv",
                "columns": [(c, COLUMN_LABELS.get(c, c)) for c in columns],
                "groups": groups,
            }
        )
    return tables


#: Commonest level-1 headings shown per section type in the outline.
HEADINGS_PER_TYPE = 3


def outline_context(result: Analysis, phrases: pd.DataFrame) -> dict[str, Any]:
    """The typical outline for the template: :func:`analysis.outline.genre_outline` (section types by
    median position, share of the reports with level-1 sections, commonest orders), each type with its
    commonest shared level-1 headings (:func:`analysis.outline.common_headings`), and the commonest heading
    templates."""
    reports = result.reports
    outline = genre_outline(reports, top_orders=6)
    shared = common_headings(reports, top=10 * HEADINGS_PER_TYPE)
    steps = [
        {
            "label": SECTION_LABELS.get(p.section_type, p.section_type),
            "name": p.section_type,
            "share": p.share,
            "documents": p.documents,
            "sections": len(p.positions),
            "position": p.median_position,
            "headings": [(h.heading, h.documents) for h in shared if h.section_type == p.section_type][
                :HEADINGS_PER_TYPE
            ],
        }
        for p in outline.placements
    ]
    orders = [
        {
            "labels": [SECTION_LABELS.get(t, t) for t in sequence],
            "count": count,
            "share": count / outline.outlined,
        }
        for sequence, count in outline.orders
    ]
    headed = phrases[phrases["kind"].isin(HEADING_KINDS)]
    templates = ordered_rows(headed).head(12).to_dict("records") if len(headed) else []
    return {
        "steps": steps,
        "sequences": orders,
        "outlined": outline.outlined,
        "without_headings": outline.documents - outline.outlined,
        "templates": [
            {
                "phrase": str(t["phrase"]),
                "freq": _number(t["freq"]),
                "docs": _number(t["doc_freq"]),
                "example": str(t["example"]),
            }
            for t in templates
        ],
    }


def _template_text(name: str) -> str:
    return resources.files("analysis").joinpath("templates", name).read_text(encoding="utf-8")


def render_page(
    result: Analysis, frames: Mapping[str, pd.DataFrame], charts: Mapping[str, bytes] | None = None
) -> str:
    """The whole page as HTML: ``frames`` are the run's phrase tables (``phrases``, ``section_phrases`` …,
    any extra columns shown), ``charts`` the PNG files by name, embedded as ``data:`` URIs.  The same
    inputs give the same string."""
    return _rendered(result, frames, page_data(result, frames["phrases"]), charts or {})


def _rendered(
    result: Analysis, frames: Mapping[str, pd.DataFrame], data: PageData, charts: Mapping[str, bytes]
) -> str:
    from jinja2 import Environment, StrictUndefined
    from markupsafe import Markup

    phrases = frames["phrases"]
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    template = env.from_string(_template_text("report.html.j2"))
    n_chars = sum(len(r.text) for r in result.reports)
    notes = []
    if data.rows_kept < data.rows_total:
        notes.append(f"页面收录前 {data.rows_kept} 条（共 {data.rows_total} 条，完整列表见 phrases.csv）。")
    notes.append(f"每条提法最多收录 {data.lines_per_phrase} 条语境（分布于不同报告）。")
    return template.render(
        n_docs=len(result.reports),
        n_chars=n_chars,
        n_phrases=len(phrases),
        kinds=[(k, label, n) for k, label, n in data.data["kinds"]],
        kind_hints={k: KIND_HINTS.get(k, "") for k, _, _ in data.data["kinds"]},
        notes=notes,
        outline=outline_context(result, phrases),
        section_tables=section_tables(frames),
        charts=[
            (
                CHART_LABELS.get(name, Path(name).stem),
                name,
                "data:image/png;base64," + base64.b64encode(png).decode(),
            )
            for name, png in sorted(charts.items())
        ],
        data_json=Markup(data.json),
        style=Markup(_template_text("report.css")),
        script=Markup(_template_text("report.js")),
    )


def write_report_page(
    result: Analysis,
    path: Path,
    frames: Mapping[str, pd.DataFrame],
    *,
    charts_written: Callable[[], object] | None = None,
) -> Path:
    """Write the page to ``path`` (UTF-8) with every ``*.png`` chart of its folder embedded.

    ``charts_written``: returns once every chart is in the folder (a worker may be drawing one), called when
    the page's data are computed: the two overlap.  The data are computed with the cyclic garbage collector
    paused (:func:`~analysis.collector.collector_paused`: arrays, lists and dicts, no cycles): with the
    run's millions of records on the heap its collections took 0.9 s of the page's 3.9 s at 100 MB.
    """
    with collector_paused():
        data = page_data(result, frames["phrases"])
    if charts_written is not None:
        charts_written()
    charts = {png.name: png.read_bytes() for png in sorted(path.parent.glob("*.png"))}
    path.write_text(_rendered(result, frames, data, charts), encoding="utf-8")
    return path
