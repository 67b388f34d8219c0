"""How well the cleaning handles reports copied from portals and libraries: figures for the closing note.

Writes the two corpora of ``tests/webcopies.py`` (portal pages of seven made-up sites, party-congress reports
from a made-up online library) into a temporary folder, runs the public pipeline on each
(``analysis.pipeline.run``, one process, no workbook) and compares ``documents.csv`` with the ground truth:

* titles right / reports (whitespace inside a title ignored) and, of those, the title source right;
* chrome lines removed / inserted, and chrome lines left in the cleaned texts (``webcopies.chrome_left``);
* chrome lines listed in ``boilerplate.csv`` (when the run writes it) / inserted;
* body lines and body sentences lost (``webcopies.body_lost``, ``webcopies.sentences_lost``);
* reports whose text holds anything besides its title and body (``webcopies.residue``);
* phrases of ``phrases.csv`` found only in the chrome.

Example::

    python benchmarks/eval_webcopies.py                      # 32 portal pages, 8 library pages, seed 0
    python benchmarks/eval_webcopies.py --n 64 --seed 3 --details
    python benchmarks/eval_webcopies.py --keep /tmp/webcopies   # keep corpora and outputs for inspection
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/webcopies.py is a plain module of the repository, not installed

from tests import webcopies as wc  # noqa: E402


@dataclass
class Score:
    """Counts of one corpus (or of all of them: :meth:`add`)."""

    reports: int = 0
    titles_right: int = 0
    sources_right: int = 0
    chrome: int = 0
    chrome_left: int = 0
    chrome_listed: int | None = None  #: None when the run writes no boilerplate.csv
    body_lines: int = 0
    body_lines_lost: int = 0
    sentences: int = 0
    sentences_lost: int = 0
    reports_with_residue: int = 0
    chrome_phrases: int = 0
    seconds: float = 0.0
    details: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("reports", "titles_right", "sources_right", "chrome", "chrome_left", "body_lines"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in (
            "body_lines_lost",
            "sentences",
            "sentences_lost",
            "reports_with_residue",
            "chrome_phrases",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.chrome_listed is not None:
            self.chrome_listed = (self.chrome_listed or 0) + other.chrome_listed
        self.seconds += other.seconds


def _read(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _squash(text: str) -> str:
    return "".join(text.split())


def evaluate(expected: Sequence[wc.Expected], out: Path) -> Score:
    """Compare the outputs in ``out`` with the ground truth ``expected``."""
    docs = {row["doc_id"]: row for row in _read(out / "documents.csv")}
    score = Score(reports=len(expected))
    for e in expected:
        doc = docs.get(e.doc_id)
        if doc is None:
            score.details.append(f"{e.doc_id}: no document")
            continue
        text = doc["text"]
        if _squash(doc["title"]) == _squash(e.title):
            score.titles_right += 1
            score.sources_right += doc.get("title_source") == e.title_source
        else:
            score.details.append(f"{e.doc_id}: title {doc['title']!r}, expected {e.title!r}")
        left = wc.chrome_left(e, text)
        lost = wc.body_lost(e, text)
        sentences = wc.sentences_lost(e, text)
        score.chrome += len(e.chrome)
        score.chrome_left += len(left)
        score.body_lines += len(e.body)
        score.body_lines_lost += len(lost)
        score.sentences += len(wc.body_sentences(e))
        score.sentences_lost += len(sentences)
        score.reports_with_residue += bool(wc.residue(e, text))
        score.details += [f"{e.doc_id}: chrome left {line!r}" for line in left]
        score.details += [f"{e.doc_id}: body line lost {line!r}" for line in lost]
    boilerplate = out / "boilerplate.csv"
    if boilerplate.is_file():
        listed: dict[str, set[str]] = {}
        for row in _read(boilerplate):
            listed.setdefault(row["doc_id"], set()).update(map(wc.normalize, row["text"].splitlines()))
        score.chrome_listed = sum(
            wc.normalize(line) in listed.get(e.doc_id, set()) for e in expected for line in e.chrome
        )
    chrome = {wc.normalize(line) for e in expected for line in e.chrome}
    own = ["".join(map(wc.normalize, (e.title, *e.body))) for e in expected]
    for row in _read(out / "phrases.csv"):
        phrase = wc.normalize(row["phrase"])
        if (
            row["kind"] != "heading"
            and any(phrase in c for c in chrome)
            and not any(phrase in t for t in own)
        ):
            score.chrome_phrases += 1
            score.details.append(f"phrase from the chrome: {row['kind']} {row['phrase']!r}")
    return score


def measure(expected: Sequence[wc.Expected], corpus: Path, out: Path) -> Score:
    """Run the pipeline on ``corpus`` into ``out`` and score it."""
    from analysis.pipeline import RunOptions, run

    start = time.perf_counter()
    run(corpus, out, options=RunOptions(workers=1, xlsx=False))
    seconds = time.perf_counter() - start
    score = evaluate(expected, out)
    score.seconds = seconds
    return score


def _row(name: str, s: Score) -> str:
    listed = "—" if s.chrome_listed is None else f"{s.chrome_listed}/{s.chrome}"
    return (
        f"{name:<8} {s.titles_right:>3}/{s.reports:<3} {s.sources_right:>3}/{s.reports:<3}"
        f" {s.chrome - s.chrome_left:>4}/{s.chrome:<4} {s.chrome_left:>5} {listed:>9}"
        f" {s.body_lines_lost:>4}/{s.body_lines:<4} {s.sentences_lost:>4}/{s.sentences:<5}"
        f" {s.reports_with_residue:>7} {s.chrome_phrases:>7} {s.seconds:>6.1f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=32, help="portal pages (default 32)")
    parser.add_argument("--library-n", type=int, default=8, help="library pages (default 8)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--keep", type=Path, help="write corpora and outputs here instead of a temporary folder"
    )
    parser.add_argument("--details", action="store_true", help="list every wrong title, chrome line left …")
    args = parser.parse_args(argv)
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep} is not empty: name a new or empty folder")

    with tempfile.TemporaryDirectory(prefix="webcopies_") as tmp:
        root = args.keep or Path(tmp)
        corpora = {
            "portal": wc.write_portal_corpus(root / "portal", n=args.n, seed=args.seed),
            "library": wc.write_library_corpus(root / "library", n=args.library_n, seed=args.seed),
        }
        scores = {name: measure(exp, root / name, root / f"{name}_out") for name, exp in corpora.items()}
    total = Score()
    for score in scores.values():
        total.add(score)
    print(
        f"{'corpus':<8} {'titles':>7} {'source':>7} {'removed':>9} {'left':>5} {'listed':>9}"
        f" {'body lost':>9} {'sent. lost':>10} {'residue':>7} {'phrases':>7} {'run s':>6}"
    )
    for name, score in [*scores.items(), ("total", total)]:
        print(_row(name, score))
    print(
        "titles: right/reports (source: title line or file name also right); removed/inserted chrome lines;"
        " left: chrome lines still in the texts;\nlisted: chrome lines in boilerplate.csv; residue: reports"
        " whose text holds more than title and body; phrases: phrase-bank entries found only in the chrome"
    )
    if args.details:
        for name, score in scores.items():
            for line in score.details:
                print(f"{name}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
