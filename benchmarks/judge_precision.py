"""Precision@K of each kind of the phrase bank, read against the judged lists in ``tests/data/judged``.

Quality is read, not assumed: somebody reads the top 100 of each kind on a corpus and marks every phrase
useful (a writer would reuse it as a unit: a formulation, term, set phrase, frame, passage, heading pattern)
or junk (a fragment, a generic word, a name, a boundary error).  The judgements are kept, one file per
corpus and kind, ``tests/data/judged/<corpus>/<kind>.tsv`` with the columns ``phrase``, ``useful`` (1 or 0)
and ``note``; this script reruns the pipeline (or reads a run's ``phrases.csv``) and prints, per kind,
useful / judged in the top K and the phrases nobody has judged yet (judge them and add them to the file).

    python benchmarks/judge_precision.py --corpus ../shared/corpora/gwr_national
    python benchmarks/judge_precision.py --phrases outputs/gwr/phrases.csv --name gwr_national --show-unjudged

Rows are ranked as a writer sees them: by ``rank`` when the table has one, else by ``score`` within the kind.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import pandas as pd

JUDGED = Path(__file__).resolve().parent.parent / "tests" / "data" / "judged"


def read_judged(corpus: str, kind: str) -> dict[str, tuple[bool, str]]:
    """Phrase → (useful, note) from ``tests/data/judged/<corpus>/<kind>.tsv`` (empty when there is none)."""
    path = JUDGED / corpus / f"{kind}.tsv"
    if not path.exists():
        return {}
    out: dict[str, tuple[bool, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            out[row["phrase"]] = (row["useful"].strip() == "1", row.get("note") or "")
    return out


def top_of_kind(phrases: pd.DataFrame, kind: str, k: int) -> list[str]:
    """The first ``k`` phrases of ``kind`` in the order a writer reads them."""
    rows = phrases[phrases["kind"] == kind]
    if "rank" in rows.columns:
        rows = rows.sort_values("rank", kind="stable")
    else:
        rows = rows.sort_values("score", ascending=False, kind="stable")
    return rows["phrase"].astype(str).head(k).tolist()


def precision_table(phrases: pd.DataFrame, corpus: str, k: int) -> list[dict[str, object]]:
    """Per kind: phrases in the top ``k``, judged, useful, precision over the judged, the unjudged phrases."""
    table = []
    for kind in sorted(phrases["kind"].unique()):
        top = top_of_kind(phrases, kind, k)
        judged = read_judged(corpus, kind)
        marks = [judged[p][0] for p in top if p in judged]
        table.append(
            {
                "kind": kind,
                "top": len(top),
                "judged": len(marks),
                "useful": sum(marks),
                "precision": sum(marks) / len(marks) if marks else float("nan"),
                "unjudged": [p for p in top if p not in judged],
                "junk": [p for p in top if p in judged and not judged[p][0]],
            }
        )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", type=Path, help="run the pipeline on this folder first")
    source.add_argument("--phrases", type=Path, help="a run's phrases.csv")
    parser.add_argument("--name", help="judged-list folder (default: the corpus folder's name)")
    parser.add_argument("--k", type=int, default=100)
    parser.add_argument("--show-unjudged", action="store_true")
    parser.add_argument("--show-junk", action="store_true")
    args = parser.parse_args(argv)
    if args.corpus is not None:
        from analysis.pipeline import RunOptions, run

        name = args.name or args.corpus.resolve().name
        with tempfile.TemporaryDirectory() as out:
            run(args.corpus, Path(out) / "run", options=RunOptions(xlsx=False))
            phrases = pd.read_csv(Path(out) / "run" / "phrases.csv", encoding="utf-8-sig")
    else:
        name = args.name or args.phrases.resolve().parent.name
        phrases = pd.read_csv(args.phrases, encoding="utf-8-sig")
    table = precision_table(phrases, name, args.k)
    print(f"{name}: precision@{args.k} per kind (useful / judged; unjudged phrases are not counted)")
    for row in table:
        print(
            f"  {row['kind']:<10} {row['useful']:>4} / {row['judged']:<4} "
            f"= {row['precision']:.2f}   unjudged {len(row['unjudged'])}"  # type: ignore[arg-type]
        )
        if args.show_unjudged and row["unjudged"]:
            print("    unjudged:", " | ".join(row["unjudged"]))  # type: ignore[arg-type]
        if args.show_junk and row["junk"]:
            print("    junk:", " | ".join(row["junk"]))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
