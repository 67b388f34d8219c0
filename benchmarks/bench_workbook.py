"""Time writing phrasebank.xlsx (and texts/) from one analysis, CPU and wall, median of --repeat.

    python benchmarks/bench_workbook.py --corpus /tmp/bench_corpora/distinct_100MB_seed0 --save /tmp/a100.pkl
    python benchmarks/bench_workbook.py --load /tmp/a100.pkl --repeat 3

The analysis is done once (``--save`` pickles it, ``--load`` reads it back, so the writers can be timed again
without mining again); then, --repeat times each: the workbook as a run writes it (``export.Workbook``,
XlsxWriter in constant-memory mode, every sheet of ``outputs.SHEETS``), the same cells with openpyxl's
write-only mode (bold frozen header, no other layout), and the full texts (``texts/``).  CPU time
(``time.process_time``) is what to compare on a shared machine: the writers run in one thread.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis import export
from analysis.fulltexts import write_texts
from analysis.outputs import SHEETS, _sheet, phrase_frames, report_frames
from analysis.pipeline import Analysis, RunOptions, analyze


def workbook(frames: dict[str, pd.DataFrame], path: Path) -> None:
    book = export.Workbook(path, list(frames))
    for name, frame in frames.items():
        book.fill(name, frame)
    book.close()


def openpyxl_write_only(frames: dict[str, pd.DataFrame], path: Path) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for name, frame in frames.items():
        safe = export.safe_frame(frame)
        sheet = book.create_sheet(name[:31])
        sheet.freeze_panes = "A2"
        head = []
        for title in safe.columns:
            cell = WriteOnlyCell(sheet, value=str(title))
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        for row in safe.itertuples(index=False, name=None):
            cells: list[object] = []
            for value in row:
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    cells.append(cell)
                else:
                    cells.append(None if value != value else value)
            sheet.append(cells)
    book.save(path)


def timed(write: Callable[[Path], object], repeat: int) -> tuple[float, float]:
    """Median CPU and wall seconds of ``write(path)`` into a fresh temporary folder."""
    cpu, wall = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            t0, c0 = time.perf_counter(), time.process_time()
            write(Path(folder) / "out.xlsx")
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - t0)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--corpus", type=Path, help="analyse this corpus (2 workers)")
    parser.add_argument("--load", type=Path, help="a pickled analysis (from --save)")
    parser.add_argument("--save", type=Path, help="pickle the analysis here")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.load:
        with args.load.open("rb") as f:
            result: Analysis = pickle.load(f)
    else:
        t0 = time.perf_counter()
        result = analyze(args.corpus, options=RunOptions(workers=2))
        print(f"analysis: {time.perf_counter() - t0:.1f} s wall")
        if args.save:
            with args.save.open("wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    frames = {**report_frames(result.reports, result.problems), **phrase_frames(result)}
    frames = {name: _sheet(name, frames[name]) for name in SHEETS}
    cells = sum(frame.size for frame in frames.values())
    print(f"{len(result.reports)} reports, {cells:,} cells in {len(frames)} sheets")
    cases: dict[str, Callable[[Path], object]] = {
        "workbook (XlsxWriter, constant memory, with layout)": lambda p: workbook(frames, p),
        "openpyxl write-only, same cells, no layout": lambda p: openpyxl_write_only(frames, p),
        "texts/ (full texts)": lambda p: write_texts(result.reports, p.parent / "texts"),
    }
    for name, write in cases.items():
        cpu, wall = timed(write, args.repeat)
        print(f"{name}: CPU {cpu:.2f} s ({cpu / cells * 1e6:.1f} µs a cell), wall {wall:.2f} s")


if __name__ == "__main__":
    main()
