"""One run of the pipeline, watched: where its wall time goes, process by process, and its peak memory.

Why: on two cores the run is three processes (this project's main process and two workers) sharing the
CPU, and what bounds a run is whichever of them the others wait for; a profile of one process does not
say which.  This script runs ``python -m analysis -v run`` on a corpus, samples the resident memory and
CPU time of every process of its tree every ``--interval`` seconds (psutil), and reads the run's own log
(each step's wall and CPU time, ``analysis.progress``), then prints

* the wall time, the peak of the tree's summed RSS and what each process held at that moment;
* each logged step with the second it ended at (from the start of the run);
* a timeline: every ``--every`` seconds, each process's CPU share over the last interval and its RSS.

Quote medians of several runs for speed (``bench_pairs.py``); this is for finding the critical path.

Examples:
  python benchmarks/run_timeline.py --corpus ../shared/corpora/gwr_national
  python benchmarks/run_timeline.py --corpus /tmp/bench_corpora/distinct_100MB_seed0 --every 4 \\
      -- --cache-dir /tmp/cache              # arguments after -- go to ``analysis run``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Sample:
    """The tree at one moment: seconds from the start, and per process (pid) its RSS and CPU seconds."""

    at: float
    processes: dict[int, tuple[int, float]] = field(default_factory=dict)

    @property
    def rss(self) -> int:
        return sum(rss for rss, _ in self.processes.values())


@dataclass
class Watched:
    """What :func:`watch` saw: the run's exit code, wall time, samples and log lines (second, line)."""

    returncode: int
    wall: float
    samples: list[Sample]
    log: list[tuple[float, str]]


def watch(command: Sequence[str], *, interval: float = 0.25) -> Watched:
    """Run ``command``, sampling its process tree every ``interval`` seconds and timing its stderr lines."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT
    )
    log: list[tuple[float, str]] = []

    def read() -> None:
        assert child.stderr is not None
        for line in child.stderr:
            log.append((time.perf_counter() - start, line.rstrip("\n")))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    root = psutil.Process(child.pid)
    samples: list[Sample] = []
    while child.poll() is None:
        sample = Sample(time.perf_counter() - start)
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for process in processes:
            try:
                times = process.cpu_times()
                sample.processes[process.pid] = (process.memory_info().rss, times.user + times.system)
            except psutil.NoSuchProcess:
                continue
        samples.append(sample)
        time.sleep(interval)
    child.wait()
    wall = time.perf_counter() - start
    reader.join(timeout=5)
    return Watched(child.returncode, wall, samples, log)


def report(watched: Watched, *, every: float = 2.0) -> str:
    """The summary, the steps and the timeline of a watched run, as text."""
    lines = [f"exit code {watched.returncode}, wall {watched.wall:.2f} s"]
    pids = sorted({pid for sample in watched.samples for pid in sample.processes})
    names = {pid: ("main" if k == 0 else f"p{k}") for k, pid in enumerate(pids)}
    if watched.samples:
        peak = max(watched.samples, key=lambda s: s.rss)
        held = ", ".join(f"{names[pid]} {rss / 1e9:.2f}" for pid, (rss, _) in sorted(peak.processes.items()))
        lines.append(f"peak RSS of the tree {peak.rss / 1e9:.2f} GB at {peak.at:.1f} s ({held})")
        last = {pid: cpu for sample in watched.samples for pid, (_, cpu) in sample.processes.items()}
        lines.append(
            "CPU seconds: "
            + ", ".join(f"{names[pid]} {cpu:.1f}" for pid, cpu in sorted(last.items()))
            + f"; total {sum(last.values()):.1f}"
        )
    lines.append("")
    lines.append("steps (the second each ended at, from the run's log):")
    for at, line in watched.log:
        if " took " in line or " parsed from " in line or " segmented in " in line:
            lines.append(f"  {at:7.2f}  {line.split(': ', 1)[-1]}")
    lines.append("")
    lines.append("timeline (CPU % over the last interval, RSS GB): " + "  ".join(names[pid] for pid in pids))
    previous: dict[int, tuple[float, float]] = {}
    next_row = 0.0
    for sample in watched.samples:
        if sample.at < next_row:
            continue
        next_row = sample.at + every
        cells = []
        for pid in pids:
            if pid not in sample.processes:
                cells.append(f"{names[pid]:>4}   –    –  ")
                continue
            rss, cpu = sample.processes[pid]
            before = previous.get(pid)
            share = 0.0
            if before is not None and sample.at > before[0]:
                share = (cpu - before[1]) / (sample.at - before[0]) * 100
            previous[pid] = (sample.at, cpu)
            cells.append(f"{names[pid]:>4} {share:4.0f}% {rss / 1e9:4.2f}")
        lines.append(f"  {sample.at:6.1f} s  sum {sample.rss / 1e9:5.2f} GB  " + "  ".join(cells))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    own = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__[__doc__.index("Examples:") :],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--corpus", required=True, type=Path, help="the corpus folder to run on")
    parser.add_argument("--out", type=Path, help="where the outputs go (default: a temporary folder)")
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between samples (0.25)")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between timeline rows (2)")
    args = parser.parse_args(own)
    with tempfile.TemporaryDirectory(prefix="timeline-") as scratch:
        out = args.out or Path(scratch) / "out"
        command = [sys.executable, "-m", "analysis", "-v", "run", "--corpus", str(args.corpus.resolve())]
        command += ["--out", str(out.resolve()), "--no-progress", *extra]
        watched = watch(command, interval=args.interval)
    print(report(watched, every=args.every))
    if watched.returncode != 0:
        print("\nthe run failed; its last log lines:", *(line for _, line in watched.log[-10:]), sep="\n")
    return watched.returncode


if __name__ == "__main__":
    raise SystemExit(main())
