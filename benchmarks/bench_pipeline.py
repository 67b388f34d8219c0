"""Benchmark: a plain jieba + Counter + TF-IDF baseline against this project's pipeline.

Every measurement runs in a fresh subprocess, so peak memory (``ru_maxrss``) is per case; the wall time is
the median of ``--repeat`` runs (``--repeat-large`` for the large corpus) and covers the work only (not the
interpreter start).  Timed runs are not watched; peak memory comes from one more run whose process tree is
sampled every 50 ms (sampling takes CPU the pipeline's processes would use, see :func:`measure`).
Cases: the sample corpus, gwr_national, gwr_national copied to ``--size-mb`` megabytes
(``large``: distinct file names, identical content) and the same with a distinct first line per copy
(``variants``: no file is an exact copy, the sentences still repeat); the copies live in a temporary folder
removed at the end.

Methods
  baseline        for each file: read, ``jieba.lcut`` (jieba's global tokenizer, one process), a Counter of
                  word 1–4-grams; then scikit-learn ``TfidfVectorizer`` on the token lists.
  ours-cold/warm  ``analysis.pipeline.run`` (everything: ingest, clean, structure, segment, mining, and every
                  output file written) with ``--workers`` processes and an empty (cold) or filled (warm)
                  segmentation cache.
  segment-*       ingest + clean + structure + ``segment_reports(workers=…)`` + a Counter of word 1–4-grams:
                  the same work as the baseline, our way; ``segment-nomemo`` turns off the cache and the
                  memo of repeated sentences (on a corpus of copies the memo makes every copy after the
                  first almost free, so this is the honest raw figure).
  tokenizer       ``segment_reports`` alone on gwr_national, memo off: jieba vs rjieba, 1 and N workers.

Example:
  python benchmarks/bench_pipeline.py                       # all cases, 100 MB large corpus
  python benchmarks/bench_pipeline.py --size-mb 20 --cases sample,gwr,large --repeat 1
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import psutil

METHODS = ("baseline", "ours-cold", "ours-warm", "segment-cold", "segment-warm", "segment-nomemo")
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus"
GWR = ROOT.parent / "shared" / "corpora" / "gwr_national"
PSS = sys.platform.startswith("linux")  #: psutil gives the proportional set size here


# ------------------------------------------------------------------------------------------ child side


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.txt") if p.is_file())


def ngram_counts(tokens: list[str] | tuple[str, ...], counter: Counter) -> None:
    """Add the word 1–4-grams of one token sequence to ``counter``."""
    for n in range(1, 5):
        for i in range(len(tokens) - n + 1):
            counter[tuple(tokens[i : i + n])] += 1


def run_baseline(corpus: Path) -> dict:
    import logging

    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer

    logging.getLogger("jieba").setLevel(logging.WARNING)
    docs: list[list[str]] = []
    counts: Counter = Counter()
    for path in corpus_files(corpus):
        tokens = jieba.lcut(path.read_text(encoding="utf-8"))
        ngram_counts(tokens, counts)
        docs.append(tokens)
    matrix = TfidfVectorizer(analyzer=lambda tokens: tokens).fit_transform(docs)
    return {
        "measured": "jieba.lcut + Counter + TfidfVectorizer",
        "ngrams": len(counts),
        "shape": matrix.shape,
    }


def load_reports(corpus: Path, workers: int) -> list:
    from analysis.pipeline import load_reports as load

    return load(corpus, workers=workers)[0]


def run_segment(corpus: Path, *, workers: int, cache: str | None, dedupe: bool, backend: str) -> dict:
    from analysis.pipeline import RunOptions, make_segmenter
    from analysis.segment import segment_reports

    reports = load_reports(corpus, workers)
    segmenter = make_segmenter(RunOptions(backend=backend))
    counts: Counter = Counter()
    start = time.perf_counter()
    n = 0
    for sentence in segment_reports(
        reports, segmenter=segmenter, workers=workers, cache_dir=cache, dedupe=dedupe
    ):
        ngram_counts(sentence.tokens, counts)
        n += 1
    return {
        "measured": f"load_reports + segment_reports({segmenter.resolve()}, workers={workers}) + Counter",
        "sentences": n,
        "ngrams": len(counts),
        "segment_s": time.perf_counter() - start,
    }


def run_tokenizer(corpus: Path, *, workers: int, backend: str) -> dict:
    from analysis.segment import Segmenter, segment_reports

    reports = load_reports(corpus, 1)
    segmenter = Segmenter(backend=backend)
    segmenter.resolve()
    start = time.perf_counter()
    n = sum(1 for _ in segment_reports(reports, segmenter=segmenter, workers=workers, dedupe=False))
    return {
        "measured": f"segment_reports({backend}, workers={workers})",
        "sentences": n,
        "work_s": time.perf_counter() - start,
    }


def run_analyze(corpus: Path, *, workers: int, cache: str | None) -> dict:
    """The main job as a user runs it: ``analysis.pipeline.run`` (analysis and every output file)."""
    from analysis.pipeline import RunOptions, run

    options = RunOptions(workers=workers or None, cache_dir=Path(cache) if cache else None)
    with tempfile.TemporaryDirectory(prefix="bench_out_") as out:
        result = run(corpus, out, options=options)
    return {
        "measured": f"analysis.pipeline.run(workers={workers or 'auto'}), all outputs written",
        "reports": len(result.reports),
        "sentences": len(result.sentences),
        "phrases": len(result.phrases),
    }


def child(spec: dict) -> None:
    import logging
    import warnings

    logging.basicConfig(level=logging.ERROR)
    warnings.simplefilter("ignore")
    corpus = Path(spec["corpus"])
    method = spec["method"]
    # imports are not part of the measured work (sklearn alone takes 1-2 s); dictionary loading is
    if method == "baseline":
        import jieba  # noqa: F401
        import sklearn.feature_extraction.text  # noqa: F401
    else:
        import analysis.pipeline  # noqa: F401
    start = time.perf_counter()
    if method == "baseline":
        result = run_baseline(corpus)
    elif method == "analyze":
        result = run_analyze(corpus, workers=spec["workers"], cache=spec.get("cache"))
    elif method == "segment":
        result = run_segment(
            corpus,
            workers=spec["workers"] or 2,
            cache=spec.get("cache"),
            dedupe=spec["dedupe"],
            backend="auto",
        )
    elif method == "tokenizer":
        result = run_tokenizer(corpus, workers=spec["workers"] or 2, backend=spec["backend"])
    else:
        raise SystemExit(f"unknown method {method!r}")
    result["wall_s"] = time.perf_counter() - start
    result["rss_self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result, default=str))


# ------------------------------------------------------------------------------------------ parent side


def tree_memory(process: psutil.Process) -> int:
    """Bytes of memory used by ``process`` and all its descendants now (0 for those that just ended).

    Proportional set size (PSS) where the system gives it (Linux): a page shared by a parent and its forked
    children counts once in the sum, as a fraction in each, instead of once per process as in RSS (a forked
    miner shares its parent's gigabyte of sentences).  Elsewhere RSS, which over-counts shared pages.
    """
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        with contextlib.suppress(psutil.Error):
            info = member.memory_full_info() if PSS else member.memory_info()
            total += info.pss if PSS else info.rss
    return total


def measure(spec: dict, *, timeout: float, sample: bool = True) -> dict:
    """Run one case in a fresh interpreter; its RESULT line plus (``sample``) the peak memory of its tree.

    The tree is sampled every 50 ms (``ru_maxrss`` of a pool worker is useless: Linux carries the parent's
    high-water mark over fork+exec), so the peak is a slight underestimate of short spikes.  Sampling is not
    free: reading the PSS of a 1 GB process walks its page tables, and at 103 MB the samples took ≈ 2.5 s of
    CPU from a run that keeps both cores busy (14.9 s unsampled, 17.5 s sampled, medians of 3) while the
    single-process baseline leaves a core idle for them.  So timed runs are not sampled (:func:`repeated`).
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, text=True, cwd=ROOT)
        watched = psutil.Process(proc.pid)
        peak, deadline = 0, time.monotonic() + timeout
        while proc.poll() is None:
            if sample:
                peak = max(peak, tree_memory(watched))
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                return {"error": f"timeout after {timeout:.0f} s"}
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        for line in out.read().splitlines():
            if line.startswith("RESULT "):
                result = json.loads(line[len("RESULT ") :])
                result["tree_mb"] = peak / 1e6
                return result
        return {"error": (err.read().strip().splitlines() or ["no output"])[-1]}


def corpus_mb(corpus: Path) -> float:
    return sum(p.stat().st_size for p in corpus_files(corpus)) / 1e6


def materialise_copies(source: Path, target: Path, size_mb: float, *, variants: bool = False) -> int:
    """Copy the .txt files of ``source`` into ``target`` under distinct names until ``size_mb`` is reached.

    ``variants=True`` makes every copy a different file (a first line ``（副本 k）`` of its own), so no
    file is an exact copy of another and only the sentence-level repetition is left.
    """
    files = corpus_files(source)
    total, copy = 0, 0
    while total < size_mb * 1e6:
        for path in files:
            data = path.read_bytes()
            if variants:
                data = f"（副本{copy}）\n".encode() + data
            (target / f"copy{copy:03d}_{path.name}").write_bytes(data)
            total += len(data)
        copy += 1
    return copy


def repeated(spec: dict | Callable[[int], dict], repeat: int, timeout: float) -> dict:
    """Median wall time over ``repeat`` unsampled runs; memory from one more run, sampled (:func:`measure`).

    ``spec`` may be a function of the run's index (a fresh cache directory per cold run).
    """
    spec_of = spec if callable(spec) else (lambda _: spec)
    runs = [measure(spec_of(i), timeout=timeout, sample=False) for i in range(repeat)]
    runs.append(measure(spec_of(repeat), timeout=timeout, sample=True))
    errors = [r for r in runs if "error" in r]
    if errors:
        return errors[0]
    last = dict(runs[-1])
    last["wall_s"] = statistics.median(r["wall_s"] for r in runs[:-1])
    last["sampled_wall_s"] = runs[-1]["wall_s"]
    return last


def cases(names: Iterable[str], size_mb: float, scratch: Path) -> Iterator[tuple[str, Path]]:
    for name in names:
        if name == "sample":
            yield "sample", SAMPLE
        elif name == "gwr":
            yield "gwr_national", GWR
        elif name in ("large", "variants"):
            target = scratch / name
            target.mkdir()
            copies = materialise_copies(GWR, target, size_mb, variants=name == "variants")
            yield f"gwr_national x{copies}" + (" variants" if name == "variants" else ""), target
        else:
            raise SystemExit(f"unknown case {name!r}: use sample, gwr, large, variants")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: python benchmarks/bench_pipeline.py --size-mb 100 --repeat 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size-mb", type=float, default=100.0, help="size of the large corpus (default 100)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per small case; median reported (default 3)"
    )
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per large case (default 1)")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="processes for our pipeline (default 0: its own choice, auto_workers; 2 for segment-*)",
    )
    parser.add_argument(
        "--cases",
        default="sample,gwr,large,variants",
        help="comma list of sample, gwr, large (exact copies), variants (copies made distinct files)",
    )
    parser.add_argument(
        "--methods",
        default=",".join(METHODS),
        help=f"comma list of {', '.join(METHODS)} (default all)",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a case is abandoned")
    parser.add_argument("--skip-tokenizer", action="store_true", help="skip the jieba vs rjieba table")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return 0

    when = time.strftime("%Y-%m-%d %H:%M")
    print(f"# {when}  {platform.platform()}  cores={os.cpu_count()}  python {platform.python_version()}")
    rows: list[tuple[str, str, float, dict]] = []
    with tempfile.TemporaryDirectory(prefix="bench_pipeline_") as scratch_name:
        scratch = Path(scratch_name)
        for label, corpus in cases(args.cases.split(","), args.size_mb, scratch):
            size = corpus_mb(corpus)
            repeat = args.repeat_large if label.startswith("gwr_national x") else args.repeat
            print(
                f"## {label}: {size:.1f} MB, {len(corpus_files(corpus))} files, repeat {repeat}", flush=True
            )
            cache = scratch / f"cache_{len(rows)}"
            specs: list[tuple[str, dict, int]] = [
                ("baseline", {"method": "baseline", "corpus": str(corpus)}, repeat),
                # cold: a fresh cache directory per run; warm: the directory filled by one more cold run
                ("ours-cold", {"method": "analyze", "corpus": str(corpus), "workers": args.workers}, repeat),
                ("ours-warm", {"method": "analyze", "corpus": str(corpus), "workers": args.workers}, repeat),
                (
                    "segment-cold",
                    {"method": "segment", "corpus": str(corpus), "workers": args.workers},
                    repeat,
                ),
                (
                    "segment-warm",
                    {"method": "segment", "corpus": str(corpus), "workers": args.workers},
                    repeat,
                ),
                (
                    "segment-nomemo",
                    {"method": "segment", "corpus": str(corpus), "workers": args.workers},
                    repeat,
                ),
            ]
            wanted = set(args.methods.split(","))
            for name, spec, times in specs:
                if name not in wanted:
                    continue
                spec.setdefault("dedupe", name != "segment-nomemo")
                if name.endswith("-cold"):
                    result = repeated(
                        lambda i, spec=spec, name=name, cache=cache: {
                            **spec,
                            "cache": str(cache / f"{name}_{i}"),
                        },
                        times,
                        args.timeout,
                    )
                elif name.endswith("-warm"):
                    warm_cache = cache / f"{name}_warm"
                    measure({**spec, "cache": str(warm_cache)}, timeout=args.timeout)  # fill it
                    result = repeated({**spec, "cache": str(warm_cache)}, times, args.timeout)
                else:
                    result = repeated(spec, times, args.timeout)
                rows.append((label, name, size, result))
                print(format_row(label, name, size, result), flush=True)
                shutil.rmtree(cache, ignore_errors=True)
            print_speedups(rows, label)
        if not args.skip_tokenizer:
            print("## tokenizer alone on gwr_national (segment_reports, memo and cache off)")
            size = corpus_mb(GWR)
            for backend in ("jieba", "rjieba"):
                for workers in sorted({1, args.workers or 2}):
                    spec = {"method": "tokenizer", "corpus": str(GWR), "workers": workers, "backend": backend}
                    result = repeated(spec, args.repeat, args.timeout)
                    work = result.get("work_s")
                    speed = f"{size / work:6.2f} MB/s" if work else result.get("error", "?")
                    print(
                        f"  {backend:<7} workers={workers}: {work or float('nan'):7.2f} s  {speed}",
                        flush=True,
                    )
    return 0


def format_row(label: str, name: str, size: float, result: dict) -> str:
    if "error" in result:
        return f"  {name:<15} ERROR {result['error']}"
    wall = result["wall_s"]
    return (
        f"  {name:<15} {wall:8.2f} s  {size / wall:7.2f} MB/s  peak RSS main {result['rss_self_mb']:6.0f} MB"
        f"  all processes (PSS) {result['tree_mb']:6.0f} MB  [{result['measured']}]"
    )


def print_speedups(rows: list[tuple[str, str, float, dict]], label: str) -> None:
    times = {name: r["wall_s"] for lab, name, _, r in rows if lab == label and "error" not in r}
    base = times.get("baseline")
    if not base:
        return
    ratios = ", ".join(f"{name} {base / t:.2f}x" for name, t in times.items() if name != "baseline")
    print(f"  speedup vs baseline: {ratios}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
