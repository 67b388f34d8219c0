"""Two versions of the pipeline run alternately on the same corpora: paired wall and CPU times.

Why: the machine this project is measured on (a 2-vCPU VM) drifts by ±15 % within minutes and by a quarter
from one day to the next (benchmarks/README.md, twelfth and thirteenth sessions): a figure taken before a
change and one taken after it compare the machine as much as the code.  This script runs version A and
version B one after the other, in ABBA order (A B, then B A, …: a steady drift cancels within each
four), each run a fresh ``python -m analysis run`` of that version's code, and reports per pair the wall
times, their ratio B / A and the CPU time of each run's whole process tree, with a fixed pure-Python loop
timed before each pair as a reference for the machine's speed at that moment.  The median of the paired
ratios is the figure to quote.

Versions: ``--a`` and ``--b`` are folders holding a checkout of this project, or git revisions of the
checkout this script lives in (a temporary worktree is made for each and removed at the end).  ``--b``
defaults to this checkout as it is.  The outputs of each run go to a temporary folder, removed.

Examples:
  python benchmarks/bench_pairs.py --a HEAD~3 --corpus ../shared/corpora/gwr_national --pairs 5
  python benchmarks/bench_pairs.py --a 96601a1 --corpus /tmp/bench_corpora/distinct_100MB_seed0 \\
      --pairs 3 -- --cache-dir /tmp/cache             # arguments after -- go to ``analysis run``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Iterations of the reference loop (≈ 1 s on the project's VM on a fast day).
REFERENCE_LOOP = 10_000_000


@dataclass(frozen=True)
class Timing:
    """One run: wall seconds and the CPU seconds (user + system) of its process tree."""

    wall: float
    cpu: float


def reference_loop(n: int = REFERENCE_LOOP) -> float:
    """Seconds a fixed pure-Python loop takes now: the machine's speed at this moment."""
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - start


def timed_run(checkout: Path, corpus: Path, extra: Sequence[str]) -> Timing:
    """``python -m analysis run`` of ``checkout``'s code on ``corpus`` (outputs to a temporary folder):
    its wall time and the CPU time of its processes (they are waited for, so ``RUSAGE_CHILDREN`` counts
    them all)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory(prefix="bench_pairs_") as out:
        command = [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", out, *extra]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        tail = done.stderr[-2000:]
        raise SystemExit(f"{checkout}: the run on {corpus} failed (exit code {done.returncode}):\n{tail}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


@contextlib.contextmanager
def checkout_of(version: str | None) -> Iterator[Path]:
    """A folder holding ``version``'s code: this checkout (None), a folder, or a temporary git worktree of a
    revision (removed afterwards)."""
    if version is None:
        yield ROOT
        return
    if Path(version).is_dir():
        yield Path(version).resolve()
        return
    with tempfile.TemporaryDirectory(prefix="bench_pairs_worktree_") as parent:
        path = Path(parent) / "checkout"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(path), version], check=True
        )
        try:
            yield path
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False)


def ratio_summary(pairs: Sequence[tuple[Timing, Timing]]) -> dict[str, float]:
    """Medians of A's and B's wall times and CPU, and of the paired wall ratios B / A."""
    return {
        "a_wall": statistics.median(a.wall for a, _ in pairs),
        "b_wall": statistics.median(b.wall for _, b in pairs),
        "a_cpu": statistics.median(a.cpu for a, _ in pairs),
        "b_cpu": statistics.median(b.cpu for _, b in pairs),
        "ratio": statistics.median(b.wall / a.wall for a, b in pairs),
    }


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__[__doc__.index("Examples:") :],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--a", required=True, help="version A: a folder with a checkout, or a git revision")
    parser.add_argument("--b", help="version B (default: this checkout as it is)")
    parser.add_argument("--corpus", type=Path, action="append", required=True, help="a corpus (repeatable)")
    parser.add_argument("--pairs", type=int, default=4, help="pairs per corpus (default 4; ABBA order)")
    args = parser.parse_args(argv)
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  cores={os.cpu_count()}  python {sys.version.split()[0]}")
    print(f"# A = {args.a}, B = {args.b or 'this checkout'}; run arguments: {' '.join(extra) or '(none)'}")
    with checkout_of(args.a) as a_path, checkout_of(args.b) as b_path:
        for corpus in args.corpus:
            pairs: list[tuple[Timing, Timing]] = []
            print(f"\n## {corpus}")
            print("| pair | reference loop | A wall | B wall | B / A | A CPU | B CPU |")
            print("|---:|---:|---:|---:|---:|---:|---:|")
            for k in range(args.pairs):
                reference = reference_loop()
                order = (a_path, b_path) if k % 2 == 0 else (b_path, a_path)  # ABBA: drift cancels
                first, second = (timed_run(path, corpus, extra) for path in order)
                a, b = (first, second) if k % 2 == 0 else (second, first)
                pairs.append((a, b))
                print(
                    f"| {k + 1} | {reference:.2f} s | {a.wall:.2f} s | {b.wall:.2f} s "
                    f"| {b.wall / a.wall:.3f} | {a.cpu:.1f} s | {b.cpu:.1f} s |",
                    flush=True,
                )
            summary = ratio_summary(pairs)
            print(
                f"\nmedians: A {summary['a_wall']:.2f} s ({summary['a_cpu']:.1f} s CPU), "
                f"B {summary['b_wall']:.2f} s ({summary['b_cpu']:.1f} s CPU); "
                f"paired ratio B / A {summary['ratio']:.3f}"
            )


if __name__ == "__main__":
    main()
