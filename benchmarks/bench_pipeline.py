"""Benchmark: a plain jieba + Counter + TF-IDF baseline against this project's pipeline.

Every measurement runs in a fresh subprocess (its own session, so a run can be killed with all its children);
the wall time is the median of ``--repeat`` runs (``--repeat-large`` for the copied corpora) and covers the
work only (not the interpreter start).  Timed runs are not watched closely (a cheap RSS check every 0.5 s
guards the memory limit); peak memory comes from one more run whose process tree is sampled every 50 ms
(sampling takes CPU the pipeline's processes would use, see :func:`measure`), or from the timed runs
themselves with ``--sample-timed``.  A run that passes ``--timeout`` seconds or ``--max-memory-gb`` of
memory (PSS of the whole tree) is killed with its tree and recorded as ``timeout`` / ``out of memory``; the
larger sizes of the same corpus kind are then skipped for that method.

Cases
  sample, gwr     the sample corpus and gwr_national as they are.
  large           gwr_national copied to ``--size-mb`` (distinct file names, identical content).
  variants        the same with a distinct first line per copy (no file an exact copy; sentences repeat).
  distinct        text that does not repeat, at each of ``--sizes`` MB: reports written by a word-trigram
                  model of gwr_national and policy_docs (``distinct_corpus.py --kind trigram``).
  substituted     gwr_national copied with ~8 % of Han characters substituted and digits changed, at each
                  of ``--sizes`` MB (``distinct_corpus.py --kind substitute``; issue 11's "before" figures).
Generated corpora live in a temporary folder removed after their case, or in ``--keep-corpora DIR``, where
a later run with the same kind, size and seed reuses them.

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

At the end a markdown table (date, machine, command; per case and method: wall time, MB/s, speed against the
baseline, peak memory of the process tree, and the growth exponent b of time ∝ size^b between consecutive
sizes of one corpus kind) is printed, ready for benchmarks/README.md.

Examples:
  python benchmarks/bench_pipeline.py                       # sample, gwr, large (100 MB), variants
  python benchmarks/bench_pipeline.py --size-mb 20 --cases sample,gwr,large --repeat 1
  python benchmarks/bench_pipeline.py --cases distinct,substituted,large --sizes 10,30,100,300 \\
      --repeat 1 --skip-tokenizer --keep-corpora /tmp/bench_corpora          # the table of issue 11
  python benchmarks/bench_pipeline.py --cases distinct,substituted,large --sizes 1,2 --size-mb 2 \\
      --repeat 1 --skip-tokenizer                                            # a quick check of the above
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import itertools
import json
import math
import os
import platform
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import ModuleType

import psutil

METHODS = ("baseline", "ours-cold", "ours-warm", "segment-cold", "segment-warm", "segment-nomemo")
#: Methods when a distinct or substituted case is asked for and ``--methods`` is not: the table of issue 11.
TABLE_METHODS = ("baseline", "ours-cold")
CASES = ("sample", "gwr", "large", "variants", "distinct", "substituted")
#: Generated kinds measured at each of ``--sizes`` and the generator's kind for each.
SIZED = {"distinct": "trigram", "substituted": "substitute"}
LABELS = {"distinct": "distinct (trigram model)", "substituted": "gwr_national substituted"}
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus"
GWR = ROOT.parent / "shared" / "corpora" / "gwr_national"
PSS = sys.platform.startswith("linux")  #: psutil gives the proportional set size here
#: Seconds between the cheap memory checks of an unsampled run (RSS of the tree: a few /proc reads).
GUARD_INTERVAL = 0.5


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
    from analysis.executor import open_executor
    from analysis.pipeline import RunOptions, make_segmenter
    from analysis.segment import cut_texts, segment_reports

    reports = load_reports(corpus, workers)
    segmenter = make_segmenter(RunOptions(backend=backend))
    counts: Counter = Counter()
    start = time.perf_counter()
    n = 0
    with open_executor(workers=workers) as executor:
        cut_chunks = partial(executor.map, cut_texts, shared=segmenter)
        for sentence in segment_reports(
            reports, segmenter=segmenter, cut_chunks=cut_chunks, cache_dir=cache, dedupe=dedupe
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
    from analysis.executor import open_executor
    from analysis.segment import Segmenter, cut_texts, segment_reports

    reports = load_reports(corpus, 1)
    segmenter = Segmenter(backend=backend)
    segmenter.resolve()
    start = time.perf_counter()
    with open_executor(workers=workers) as executor:
        cut_chunks = partial(executor.map, cut_texts, shared=segmenter)
        n = sum(1 for _ in segment_reports(reports, segmenter=segmenter, cut_chunks=cut_chunks, dedupe=False))
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


def tree_memory(process: psutil.Process, *, pss: bool = PSS) -> int:
    """Bytes of memory used by ``process`` and all its descendants now (0 for those that just ended).

    Proportional set size (PSS) where the system gives it (Linux): a page shared by a parent and its forked
    children counts once in the sum, as a fraction in each, instead of once per process as in RSS (a forked
    miner shares its parent's gigabyte of sentences).  Elsewhere, or with ``pss=False`` (cheap: no page
    table walk), RSS, which over-counts shared pages.
    """
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        with contextlib.suppress(psutil.Error):
            info = member.memory_full_info() if pss else member.memory_info()
            total += info.pss if pss else info.rss
    return total


def kill_tree(proc: subprocess.Popen) -> None:
    """Kill a case's process and every descendant, and reap them.

    The case runs in its own session (``start_new_session``), so its process group holds the pipeline's
    forked miners and pool workers; children are also listed first and killed one by one, in case one left
    the group.  Only processes this harness started are touched.
    """
    try:
        members = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        members = []
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    for member in members:
        with contextlib.suppress(psutil.Error):
            member.kill()
    proc.kill()
    proc.wait()
    psutil.wait_procs(members, timeout=5)


def measure(spec: dict, *, timeout: float, max_memory: float, sample: bool = True) -> dict:
    """Run one case in a fresh interpreter; its RESULT line plus (``sample``) the peak memory of its tree.

    The tree is sampled every 50 ms (``ru_maxrss`` of a pool worker is useless: Linux carries the parent's
    high-water mark over fork+exec), so the peak is a slight underestimate of short spikes.  Sampling is not
    free: reading the PSS of a 1 GB process walks its page tables, and at 103 MB the samples took ≈ 2.5 s of
    CPU from a run that keeps both cores busy (14.9 s unsampled, 17.5 s sampled, medians of 3) while the
    single-process baseline leaves a core idle for them.  So timed runs are not sampled (:func:`repeated`);
    they only add up the tree's RSS every :data:`GUARD_INTERVAL` s and measure its PSS when that passes
    ``max_memory`` bytes (RSS over-counts pages shared with forked children, so it alone would kill runs
    that fit).  Past ``max_memory`` or ``timeout`` the whole tree is killed (:func:`kill_tree`) and the
    result is ``{"error": "out of memory" | "timeout", …}``.
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    env = dict(os.environ)
    if spec.get("tmpdir"):  # the child's temporary output folders, removed by the caller even after a kill
        env["TMPDIR"] = spec["tmpdir"]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            command, stdout=out, stderr=err, text=True, cwd=ROOT, env=env, start_new_session=True
        )
        watched = psutil.Process(proc.pid)
        start = time.monotonic()
        peak, next_guard = 0, start
        while proc.poll() is None:
            now = time.monotonic()
            failure = None
            if sample:
                peak = max(peak, tree_memory(watched))
                if peak > max_memory:
                    failure = "out of memory"
            elif now >= next_guard:
                next_guard = now + GUARD_INTERVAL
                if tree_memory(watched, pss=False) > max_memory:
                    pss = tree_memory(watched)
                    peak = max(peak, pss)
                    if pss > max_memory:
                        failure = "out of memory"
            if failure is None and now - start > timeout:
                failure = "timeout"
            if failure:
                kill_tree(proc)
                return {"error": failure, "after_s": now - start, "tree_mb": peak / 1e6 if peak else None}
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        for line in out.read().splitlines():
            if line.startswith("RESULT "):
                result = json.loads(line[len("RESULT ") :])
                result["tree_mb"] = peak / 1e6 if sample else None
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


@dataclass
class Limits:
    """What one run may take (``timeout`` s, ``max_memory`` bytes of PSS); whether timed runs are sampled."""

    timeout: float
    max_memory: float
    sample_timed: bool = False


def repeated(spec: dict | Callable[[int], dict], repeat: int, limits: Limits) -> dict:
    """Median wall time over ``repeat`` unsampled runs; memory from one more run, sampled (:func:`measure`).

    ``spec`` may be a function of the run's index (a fresh cache directory per cold run).  The first run
    that fails (timeout, out of memory, crash) ends the case: its error is the result.  With
    ``limits.sample_timed`` the timed runs are sampled and no run is added (at 300 MB a run takes many
    minutes; the times then include the sampling's CPU).  If only the memory run times out, the time stands
    and the memory is unknown.
    """
    spec_of = spec if callable(spec) else (lambda _: spec)
    runs: list[dict] = []
    for i in range(repeat):
        run = measure(
            spec_of(i), timeout=limits.timeout, max_memory=limits.max_memory, sample=limits.sample_timed
        )
        if "error" in run:
            return run
        runs.append(run)
    result = dict(runs[-1])
    result["wall_s"] = statistics.median(r["wall_s"] for r in runs)
    if limits.sample_timed:
        result["tree_mb"] = max(r["tree_mb"] for r in runs)
        return result
    memory = measure(spec_of(repeat), timeout=limits.timeout, max_memory=limits.max_memory, sample=True)
    if memory.get("error") == "timeout":
        result["memory_note"] = "memory run timed out"
        return result
    if "error" in memory:
        return memory
    result["tree_mb"] = memory["tree_mb"]
    result["sampled_wall_s"] = memory["wall_s"]
    return result


def load_generator() -> ModuleType:
    """``distinct_corpus.py`` beside this file (benchmarks/ is not a package)."""
    path = Path(__file__).resolve().with_name("distinct_corpus.py")
    spec = importlib.util.spec_from_file_location("distinct_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@dataclass
class Case:
    """One corpus to measure.

    ``series`` for the sized kinds (growth is fitted within a series), ``note`` what the generator said,
    ``remove`` whether the corpus goes once measured, ``rows`` the (method, result) pairs.
    """

    name: str
    label: str
    corpus: Path
    repeat: int
    series: str | None = None
    note: str = ""
    remove: bool = False
    size: float = 0.0  #: MB as measured (set when the case is run)
    files: int = 0
    rows: list[tuple[str, dict]] = field(default_factory=list)


def cached_corpus(
    keep: Path | None, scratch: Path, name: str, params: dict, make: Callable[[Path], dict]
) -> tuple[Path, dict, bool]:
    """The folder of a generated corpus, its generation record, and whether to remove it after the case.

    With ``keep``, ``keep/name`` is reused when ``keep/name.json`` (written only once the corpus is
    complete) records the same parameters; otherwise it is (re)written.  Without, it goes into ``scratch``.
    """
    root = keep if keep else scratch
    folder, marker = root / name, root / f"{name}.json"
    if keep and marker.is_file() and folder.is_dir():
        record = json.loads(marker.read_text(encoding="utf-8"))
        if record.get("params") == params:
            record["reused"] = True
            return folder, record, False
    shutil.rmtree(folder, ignore_errors=True)
    marker.unlink(missing_ok=True)
    folder.mkdir(parents=True)
    record = {"params": params, **make(folder)}
    if keep:
        marker.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder, record, keep is None


def cases(args: argparse.Namespace, scratch: Path) -> Iterator[Case]:
    """The cases of ``--cases`` in order, each corpus made (or found in ``--keep-corpora``) when reached."""
    keep: Path | None = args.keep_corpora
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    names = args.cases.split(",")
    generator = load_generator() if SIZED.keys() & set(names) else None
    for name in names:
        if name == "sample":
            yield Case(name, "sample", SAMPLE, args.repeat)
        elif name == "gwr":
            yield Case(name, "gwr_national", GWR, args.repeat)
        elif name in ("large", "variants"):

            def copies(folder: Path, name: str = name) -> dict:
                start = time.perf_counter()
                n = materialise_copies(GWR, folder, args.size_mb, variants=name == "variants")
                return {"copies": n, "seconds": time.perf_counter() - start}

            params = {"source": str(GWR), "size_mb": args.size_mb}
            folder, record, remove = cached_corpus(
                keep, scratch, f"{name}_{args.size_mb:g}MB", params, copies
            )
            label = f"gwr_national x{record['copies']}" + (" variants" if name == "variants" else "")
            yield Case(name, label, folder, args.repeat_large, remove=remove)
        elif name in SIZED and generator:
            kind = SIZED[name]
            for size in sorted(float(s) for s in args.sizes.split(",")):

                def generate(folder: Path, kind: str = kind, size: float = size) -> dict:
                    summary = generator.generate(kind, folder, size, seed=args.seed)
                    return {"summary": summary.line(), "seconds": summary.seconds + summary.train_seconds}

                params = {
                    "kind": kind,
                    "size_mb": size,
                    "seed": args.seed,
                    "version": generator.GENERATOR_VERSION,
                }
                folder, record, remove = cached_corpus(
                    keep, scratch, f"{name}_{size:g}MB_seed{args.seed}", params, generate
                )
                print(("reused: " if record.get("reused") else "generated: ") + record["summary"], flush=True)
                yield Case(
                    name,
                    LABELS[name],
                    folder,
                    args.repeat,
                    series=name,
                    note=record["summary"],
                    remove=remove,
                )
        else:
            raise SystemExit(f"unknown case {name!r}: use {', '.join(CASES)}")


def method_specs(corpus: Path, workers: int) -> list[tuple[str, dict]]:
    return [
        ("baseline", {"method": "baseline", "corpus": str(corpus)}),
        # cold: a fresh cache directory per run; warm: the directory filled by one more cold run
        ("ours-cold", {"method": "analyze", "corpus": str(corpus), "workers": workers}),
        ("ours-warm", {"method": "analyze", "corpus": str(corpus), "workers": workers}),
        ("segment-cold", {"method": "segment", "corpus": str(corpus), "workers": workers}),
        ("segment-warm", {"method": "segment", "corpus": str(corpus), "workers": workers}),
        ("segment-nomemo", {"method": "segment", "corpus": str(corpus), "workers": workers}),
    ]


def run_case(case: Case, size: float, methods: list[str], args: argparse.Namespace, scratch: Path) -> None:
    """Measure ``methods`` on one case; rows go into ``case.rows`` and are printed as they come."""
    limits = Limits(args.timeout, args.max_memory_gb * 1e9, args.sample_timed)
    cache = scratch / "cache"
    tmp = scratch / "child_tmp"
    for name, spec in method_specs(case.corpus, args.workers):
        if name not in methods:
            continue
        tmp.mkdir(exist_ok=True)
        spec["tmpdir"] = str(tmp)
        spec.setdefault("dedupe", name != "segment-nomemo")
        if name.endswith("-cold"):
            result = repeated(
                lambda i, spec=spec, name=name: {**spec, "cache": str(cache / f"{name}_{i}")},
                case.repeat,
                limits,
            )
        elif name.endswith("-warm"):
            warm_cache = cache / f"{name}_warm"
            filled = measure(
                {**spec, "cache": str(warm_cache)}, timeout=args.timeout, max_memory=limits.max_memory
            )
            result = (
                filled
                if "error" in filled
                else repeated({**spec, "cache": str(warm_cache)}, case.repeat, limits)
            )
        else:
            result = repeated(spec, case.repeat, limits)
        case.rows.append((name, result))
        print(format_row(name, size, result), flush=True)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__[__doc__.index("Examples:") :],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size-mb", type=float, default=100.0, help="size of large / variants (default 100)")
    parser.add_argument(
        "--sizes",
        default="10,30,100,300",
        help="comma list of MB for the distinct and substituted cases (default 10,30,100,300)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per case except copies; median reported (default 3)"
    )
    parser.add_argument(
        "--repeat-large", type=int, default=1, help="runs per large / variants case (default 1)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="processes for our pipeline (default 0: its own choice, auto_workers; 2 for segment-*)",
    )
    parser.add_argument(
        "--cases",
        default="sample,gwr,large,variants",
        help=f"comma list of {', '.join(CASES)} (default sample,gwr,large,variants)",
    )
    parser.add_argument(
        "--methods",
        default=None,
        help=f"comma list of {', '.join(METHODS)} (default: {','.join(TABLE_METHODS)} if distinct or"
        " substituted is among the cases, else all)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated corpora (default 0)")
    parser.add_argument(
        "--keep-corpora",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep generated corpora in DIR and reuse them in later runs (default: a temporary folder)",
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds a run may take before its tree is killed (1800)"
    )
    parser.add_argument(
        "--max-memory-gb",
        type=float,
        default=22.0,
        help="memory (PSS, GB) the process tree of a run may use before it is killed (default 22)",
    )
    parser.add_argument(
        "--sample-timed",
        action="store_true",
        help="sample memory during the timed runs instead of one more run (halves the cost of big cases)",
    )
    parser.add_argument("--skip-tokenizer", action="store_true", help="skip the jieba vs rjieba table")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return 0
    names = args.cases.split(",")
    if set(names) - set(CASES):
        parser.error(f"unknown cases {', '.join(sorted(set(names) - set(CASES)))}: use {', '.join(CASES)}")
    methods = (args.methods or ",".join(TABLE_METHODS if SIZED.keys() & set(names) else METHODS)).split(",")
    unknown = set(methods) - set(METHODS)
    if unknown:
        parser.error(f"unknown methods {', '.join(sorted(unknown))}: use {', '.join(METHODS)}")

    header = machine_header(argv)
    print(header, flush=True)
    done: list[Case] = []
    failed: dict[tuple[str, str], str] = {}  # (series, method) -> why its larger sizes are skipped
    with tempfile.TemporaryDirectory(prefix="bench_pipeline_") as scratch_name:
        scratch = Path(scratch_name)
        for case in cases(args, scratch):
            size = case.size = corpus_mb(case.corpus)
            case.files = len(corpus_files(case.corpus))
            print(f"## {case.label}: {size:.1f} MB, {case.files} files, repeat {case.repeat}", flush=True)
            wanted = list(methods)
            for method in methods:
                why = failed.get((case.series or "", method))
                if why:
                    case.rows.append((method, {"error": f"skipped ({why})"}))
                    print(format_row(method, size, case.rows[-1][1]), flush=True)
                    wanted.remove(method)
            run_case(case, size, wanted, args, scratch)
            for method, result in case.rows:
                error = result.get("error", "")
                if case.series and error in ("timeout", "out of memory"):
                    failed.setdefault((case.series, method), f"{error} at {size:.0f} MB")
            print_speedups(case)
            done.append(case)
            if case.remove:
                shutil.rmtree(case.corpus, ignore_errors=True)
        if not args.skip_tokenizer:
            tokenizer_table(args)
    print()
    print(markdown_table(header, done))
    return 0


def machine_header(argv: list[str] | None) -> str:
    """Date, machine and command of a run, the first line of its output and of its markdown table."""
    command = " ".join(["python benchmarks/bench_pipeline.py", *map(shlex.quote, argv or sys.argv[1:])])
    ram = psutil.virtual_memory().total / 2**30
    return (
        f"# {time.strftime('%Y-%m-%d %H:%M')}  {platform.platform()}  cores={os.cpu_count()}"
        f"  RAM {ram:.1f} GiB  python {platform.python_version()}\n# {command}"
    )


def tokenizer_table(args: argparse.Namespace) -> None:
    print("## tokenizer alone on gwr_national (segment_reports, memo and cache off)")
    size = corpus_mb(GWR)
    limits = Limits(args.timeout, args.max_memory_gb * 1e9)
    for backend in ("jieba", "rjieba"):
        for workers in sorted({1, args.workers or 2}):
            spec = {"method": "tokenizer", "corpus": str(GWR), "workers": workers, "backend": backend}
            result = repeated(spec, args.repeat, limits)
            work = result.get("work_s")
            speed = f"{size / work:6.2f} MB/s" if work else result.get("error", "?")
            print(f"  {backend:<7} workers={workers}: {work or float('nan'):7.2f} s  {speed}", flush=True)


def describe_error(result: dict) -> str:
    """``timeout (after 1800 s)``, ``out of memory (23.1 GB after 95 s)``, ``skipped (…)`` or the crash."""
    error = result["error"]
    if error in ("timeout", "out of memory"):
        memory = (
            f"{result['tree_mb'] / 1e3:.1f} GB " if error == "out of memory" and result.get("tree_mb") else ""
        )
        return f"{error} ({memory}after {result['after_s']:.0f} s)"
    return error


def format_row(name: str, size: float, result: dict) -> str:
    if "error" in result:
        return f"  {name:<15} {describe_error(result)}"
    wall = result["wall_s"]
    tree = result.get("tree_mb")
    memory = f"{tree:6.0f} MB" if tree is not None else result.get("memory_note", "n/a")
    return (
        f"  {name:<15} {wall:8.2f} s  {size / wall:7.2f} MB/s  peak RSS main {result['rss_self_mb']:6.0f} MB"
        f"  all processes (PSS) {memory}  [{result['measured']}]"
    )


def print_speedups(case: Case) -> None:
    times = {name: r["wall_s"] for name, r in case.rows if "error" not in r}
    base = times.get("baseline")
    if not base:
        return
    ratios = ", ".join(f"{name} {base / t:.2f}x" for name, t in times.items() if name != "baseline")
    if ratios:
        print(f"  speedup vs baseline: {ratios}", flush=True)


def growth(points: list[tuple[float, float]]) -> list[float | None]:
    """The exponent b of time ∝ size^b between each (size, seconds) point and the one before it.

    ``b = ln(t2 / t1) / ln(s2 / s1)``: 1 is linear, 2 quadratic; None for the first point or a missing time.
    """
    out: list[float | None] = [None]
    for (s1, t1), (s2, t2) in itertools.pairwise(points):
        ok = min(s1, t1, s2, t2) > 0 and s2 != s1 and not math.isnan(t1 + t2)
        out.append(math.log(t2 / t1) / math.log(s2 / s1) if ok else None)
    return out


def markdown_table(header: str, done: list[Case]) -> str:
    """The results as markdown: one row per case and method, then the generated corpora."""
    exponents: dict[tuple[int, str], float | None] = {}
    series = {c.series for c in done if c.series}
    for name in series:
        members = [c for c in done if c.series == name]
        for method in {m for c in members for m, _ in c.rows}:
            points = []
            for c in members:
                r = dict(c.rows).get(method, {})
                points.append((c.size, r.get("wall_s", math.nan)))
            for c, b in zip(members, growth(points), strict=True):
                exponents[(id(c), method)] = b
    when, command = header.lstrip("# ").split("\n# ")
    lines = [
        f"Measured {when}; `{command}`.",
        "",
        "| corpus | MB | files | method | wall time | MB/s | speed vs baseline | peak memory, all processes"
        " | growth b (time ∝ size^b) |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for c in done:
        base = dict(c.rows).get("baseline", {}).get("wall_s")
        for i, (method, r) in enumerate(c.rows):
            cells = [c.label, f"{c.size:.1f}", f"{c.files}"] if i == 0 else ["", "", ""]
            cells.append(method)
            if "error" in r:
                cells += [describe_error(r), "", "", "", ""]
            else:
                wall = r["wall_s"]
                tree = r.get("tree_mb")
                b = exponents.get((id(c), method))
                cells += [
                    f"{wall:.1f} s",
                    f"{c.size / wall:.2f}",
                    f"{base / wall:.2f}×" if base and method != "baseline" else "",
                    f"{tree / 1e3:.2f} GB" if tree is not None else r.get("memory_note", "n/a"),
                    f"{b:.2f}" if b is not None else "–",
                ]
            lines.append("| " + " | ".join(cells) + " |")
    notes = [c for c in done if c.note]
    if notes:
        lines += [
            "",
            "Generated corpora (`benchmarks/distinct_corpus.py`; sentences split as the pipeline does):",
            "",
        ]
        lines += [f"- {c.label}: {c.note}" for c in notes]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
