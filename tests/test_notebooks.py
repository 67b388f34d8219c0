"""Every notebook runs from top to bottom, shows its charts inline and reads as a short analysis.

Each notebook is executed once per test session (nbclient, a fresh ``python3`` kernel started in
``notebooks/`` with this checkout first on ``PYTHONPATH``); the executed notebook is checked for errors, for
at least one ``image/png`` output (a plot cell whose output is the text ``<Figure size …>`` fails), for
missing-glyph warnings, and for the shape of an analysis: a question first, an explanation after each chart,
no ``assert`` cells (the checks live in tests/test_notebook_claims.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
_EXECUTED: dict[Path, NotebookNode] = {}


def executed(path: Path) -> NotebookNode:
    """The notebook at ``path`` after running all its cells (cached for the session)."""
    if path not in _EXECUTED:
        book = nbformat.read(path, as_version=4)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        client = NotebookClient(
            book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        )
        client.execute(env=env)
        _EXECUTED[path] = book
    return _EXECUTED[path]


def _outputs(cell: NotebookNode) -> list[NotebookNode]:
    return list(cell.get("outputs", []))


def _has_image(cell: NotebookNode) -> bool:
    return any("image/png" in out.get("data", {}) for out in _outputs(cell))


def test_there_are_notebooks() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert {"01_structure_overview.ipynb", "04_formulation_trends.ipynb", "05_genre_outline.ipynb"} <= set(
        names
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_shows_its_charts_inline(path: Path) -> None:
    book = executed(path)
    cells = [c for c in book.cells if c.cell_type == "code"]
    assert any(_has_image(c) for c in cells), f"{path.name}: no chart in the executed output"
    for cell in cells:
        for out in _outputs(cell):
            data = out.get("data", {})
            text = data.get("text/plain", "") + out.get("text", "")
            if text.startswith("<Figure size"):
                assert "image/png" in data, f"{path.name}: a figure shown as text only: {cell.source}"
            assert "missing from font" not in text, f"{path.name}: {text}"
            assert out.output_type != "error"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_reads_as_a_short_analysis(path: Path) -> None:
    book = executed(path)
    first = book.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "？" in first.source or "?" in first.source, f"{path.name}: open with the question it answers"
    for k, cell in enumerate(book.cells):
        if cell.cell_type == "code":
            assert "assert " not in cell.source, f"{path.name}: checks belong in the tests, not in cells"
        if _has_image(cell):
            after = book.cells[k + 1] if k + 1 < len(book.cells) else None
            assert after is not None and after.cell_type == "markdown", (
                f"{path.name}: chart without a reading"
            )
            assert len(after.source) >= 60, f"{path.name}: say what the chart shows: {after.source!r}"
