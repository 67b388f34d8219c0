"""A run treated as a hostile user would: interrupted, terminated, killed, run twice at once, its cache
damaged, pointed at a Dask scheduler that is not there.  Each run is the command line in a process group of
its own (``start_new_session``), as a terminal starts it; psutil follows its processes."""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from analysis.outputs import output_files
from analysis.paths import OUTPUT_MARKER, is_output_folder
from analysis.pipeline import OUTPUT_FILES, RunOptions, run
from analysis.publish import LOCK_FILE, OutputBusy, output_lock
from analysis.segment_cache import CACHE_FORMAT, MAGIC

ROOT = Path(__file__).resolve().parents[1]
linux = pytest.mark.skipif(sys.platform != "linux", reason="signals and PR_SET_PDEATHSIG as on Linux")


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` (hidden ones too) and its SHA-256."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class Run:
    """``python -m analysis run …`` started now in a session of its own, its descendants watched."""

    def __init__(self, *args: str | Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "analysis", "run", "--no-progress", *map(str, args)],
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.seen: dict[int, psutil.Process] = {}
        self.stdout = self.stderr = ""

    @property
    def pid(self) -> int:
        return self.process.pid

    def watch(self, seconds: float, *, until: Callable[[], bool] = lambda: False) -> None:
        """Note every descendant for ``seconds``, or until ``until()`` or the run's end."""
        deadline = time.monotonic() + seconds
        main = psutil.Process(self.pid)
        while time.monotonic() < deadline and self.process.poll() is None and not until():
            try:
                for child in main.children(recursive=True):
                    self.seen.setdefault(child.pid, child)
            except psutil.Error:
                pass
            time.sleep(0.01)

    def finish(self, timeout: float) -> float:
        """Wait for the end (killing the whole group after ``timeout``); the seconds it took."""
        started = time.monotonic()
        try:
            self.stdout, self.stderr = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.stdout, self.stderr = self.process.communicate()
            raise AssertionError(f"the run did not end within {timeout} s") from None
        return time.monotonic() - started

    def survivors(self, grace: float = 2.0) -> list[int]:
        """Descendants seen that are still alive after ``grace`` seconds."""
        _, alive = psutil.wait_procs(list(self.seen.values()), timeout=grace)
        return [p.pid for p in alive if _status(p) != psutil.STATUS_ZOMBIE]

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
            self.process.communicate()


def _status(process: psutil.Process) -> str:
    try:
        return process.status()
    except psutil.Error:
        return psutil.STATUS_DEAD


def staging_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".staging-")) if out.exists() else []


@pytest.fixture(scope="module")
def old_outputs(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of an earlier run (of the sample corpus), which an interrupted run must leave intact."""
    out = tmp_path_factory.mktemp("old") / "out"
    run(sample_dir, out, options=RunOptions(workers=1))
    return out


@pytest.fixture
def out(old_outputs: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(old_outputs, copy)
    return copy


@pytest.fixture
def cleanup() -> Iterator[list[Run]]:
    runs: list[Run] = []
    yield runs
    for started in runs:
        started.kill()


# ------------------------------------------------------------------------------------------- interruption


@linux
@pytest.mark.parametrize("delay", [0.4, 1.0, 2.0, 3.5, "writing"])
def test_ctrl_c_at_any_moment_stops_the_run_within_2_s_and_leaves_nothing(
    delay: float | str, gwr_dir: Path, out: Path, cleanup: list[Run]
) -> None:
    """SIGINT to the process group, as a Ctrl-C in a terminal: while Python starts, while the pool starts,
    while it cleans and segments, while this process mines, while the files are written."""
    before = tree_digest(out)
    started = Run("--corpus", gwr_dir, "--out", out, "--workers", "2")
    cleanup.append(started)
    if delay == "writing":
        started.watch(120, until=lambda: bool(staging_folders(out)))
        assert staging_folders(out), "the run ended before it wrote anything"
    else:
        started.watch(float(delay))
    assert started.process.poll() is None, "the run ended before the signal"
    os.killpg(started.pid, signal.SIGINT)
    assert started.finish(timeout=10) < 2
    assert started.process.returncode == 130, started.stderr
    assert started.stderr.strip().endswith("interrupted"), started.stderr
    assert "Traceback" not in started.stderr and "Warning" not in started.stderr, started.stderr
    assert started.survivors() == []
    assert tree_digest(out) == before  # the old outputs, no staging folder, no lock file


@linux
@pytest.mark.parametrize("delay", [1.5, 4.0])
def test_sigterm_to_the_main_process_is_handled_like_ctrl_c(
    delay: float, gwr_dir: Path, out: Path, cleanup: list[Run]
) -> None:
    before = tree_digest(out)
    started = Run("--corpus", gwr_dir, "--out", out, "--workers", "2")
    cleanup.append(started)
    started.watch(delay)
    assert started.seen, "no worker process was started"
    os.kill(started.pid, signal.SIGTERM)  # the main process only: its children must be stopped by it
    assert started.finish(timeout=10) < 2
    assert started.process.returncode == 143, started.stderr
    assert "interrupted" in started.stderr
    assert started.survivors() == []
    assert tree_digest(out) == before


@linux
def test_workers_do_not_outlive_a_killed_run(gwr_dir: Path, out: Path, cleanup: list[Run]) -> None:
    started = Run("--corpus", gwr_dir, "--out", out, "--workers", "2")
    cleanup.append(started)
    started.watch(30, until=lambda: len(started.seen) >= 3)  # the resource tracker and two workers
    os.kill(started.pid, signal.SIGKILL)
    started.finish(timeout=10)
    assert started.survivors() == []


@linux
def test_the_next_run_removes_the_staging_folder_of_a_killed_run_and_only_it(
    gwr_dir: Path, sample_dir: Path, out: Path, cleanup: list[Run]
) -> None:
    killed = Run("--corpus", gwr_dir, "--out", out, "--workers", "1")
    cleanup.append(killed)
    killed.watch(120, until=lambda: bool(staging_folders(out)))
    os.kill(killed.pid, signal.SIGKILL)
    killed.finish(timeout=10)
    (left,) = staging_folders(out)
    assert left.startswith(f".staging-{killed.pid}-")
    alive = out / f".staging-{os.getpid()}-abc"  # this test's process is alive: a run's folder, kept
    alive.mkdir()
    unrelated = [out / ".staging-notes", out / ".staging-12x-y", out / "staging-1-x"]
    for folder in unrelated:
        folder.mkdir()
    again = Run("--corpus", sample_dir, "--out", out)
    cleanup.append(again)
    again.finish(timeout=120)
    assert again.process.returncode == 0, again.stderr
    assert left in again.stderr  # named in a warning
    assert not (out / left).exists()
    assert alive.is_dir() and all(folder.is_dir() for folder in unrelated)


# ------------------------------------------------------------------------------------------- the lock


@linux
def test_a_second_run_into_the_same_folder_refuses_at_once_naming_the_folder_and_the_first_run(
    gwr_dir: Path, sample_dir: Path, out: Path, tmp_path: Path, cleanup: list[Run]
) -> None:
    first = Run("--corpus", gwr_dir, "--out", out, "--workers", "1")
    cleanup.append(first)
    first.watch(60, until=(out / LOCK_FILE).exists)
    second = Run("--corpus", sample_dir, "--out", out)
    cleanup.append(second)
    assert second.finish(timeout=30) < 10
    assert second.process.returncode == 1
    assert str(out) in second.stderr and f"pid {first.pid}" in second.stderr, second.stderr
    assert first.process.poll() is None  # the first run goes on, untouched
    impatient = Run("--corpus", sample_dir, "--out", out, "--wait")  # waits, then is interrupted
    cleanup.append(impatient)
    impatient.watch(2.0)
    os.killpg(impatient.pid, signal.SIGINT)
    assert impatient.finish(timeout=10) < 2
    assert impatient.process.returncode == 130 and "interrupted" in impatient.stderr
    # --wait: the second run waits for the first and then publishes its own complete set
    waiting = Run("--corpus", sample_dir, "--out", out, "--wait")
    cleanup.append(waiting)
    waiting.watch(1.0)
    assert waiting.process.poll() is None
    first.finish(timeout=180)
    waiting.finish(timeout=120)
    assert first.process.returncode == 0, first.stderr
    assert waiting.process.returncode == 0, waiting.stderr
    assert f"pid {first.pid}" in waiting.stderr and "waiting" in waiting.stderr
    reference = tmp_path / "reference"
    run(sample_dir, reference, options=RunOptions(workers=1))
    assert tree_digest(out) == tree_digest(reference)  # every file from the second run: no mixed set


def test_the_lock_is_not_an_output_and_goes_with_the_run(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    with output_lock(out):
        assert (out / LOCK_FILE).read_text().strip() == str(os.getpid())
        assert not is_output_folder(out)
        with pytest.raises(OutputBusy, match=rf"pid {os.getpid()}\) is writing into {out}"), output_lock(out):
            pass
    assert not out.exists()  # made for a run that published nothing: removed, lock file and all
    run(sample_dir, out, options=RunOptions(workers=1, xlsx=False))
    assert sorted(p.name for p in out.iterdir()) == sorted([*output_files(xlsx=False), OUTPUT_MARKER])
    assert LOCK_FILE not in OUTPUT_FILES


def test_a_lock_file_left_by_a_killed_run_does_not_stop_the_next(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_FILE).write_text("999999999\n")  # its pid; the kernel released its lock when it died
    run(sample_dir, out, options=RunOptions(workers=1, xlsx=False))
    assert not (out / LOCK_FILE).exists()


# ------------------------------------------------------------------------------------------- the cache


@pytest.mark.parametrize("damage", ["altered", "folder"])
def test_a_damaged_cache_entry_warns_and_the_run_gives_the_same_outputs(
    damage: str, sample_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = Run("--corpus", sample_dir, "--out", tmp_path / "first", "--cache-dir", cache, "--no-xlsx")
    first.finish(timeout=120)
    assert first.process.returncode == 0, first.stderr
    entry = max(cache.glob(f"{CACHE_FORMAT}/*/*.marshal"), key=lambda p: p.stat().st_size)
    if damage == "altered":  # one token changed, still valid marshal with the right number of sentences
        data = entry.read_bytes()
        header = len(MAGIC) + 32
        tokens = marshal.loads(data[header:])
        tokens = (("篡改",), *tokens[1:])
        entry.write_bytes(data[:header] + marshal.dumps(tokens))
    else:
        entry.unlink()
        entry.mkdir()
    second = Run("--corpus", sample_dir, "--out", tmp_path / "second", "--cache-dir", cache, "--no-xlsx")
    second.finish(timeout=120)
    assert second.process.returncode == 0, second.stderr
    assert str(entry) in second.stderr and "recomputing" in second.stderr
    assert "cannot write outputs" not in second.stderr
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "first")


# ------------------------------------------------------------------------------------------- Dask


def free_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def test_an_unreachable_dask_scheduler_fails_within_seconds_with_what_to_do(
    sample_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{free_port()}"
    started = Run("--corpus", sample_dir, "--out", tmp_path / "out", "--dask", address)
    assert started.finish(timeout=60) < 15
    assert started.process.returncode == 2, started.stderr
    assert f"cannot reach the Dask scheduler at {address}: " in started.stderr
    assert "start one with `dask scheduler` or use --dask local" in started.stderr
    assert "output" not in started.stderr
    assert not (tmp_path / "out").exists()


def test_a_local_dask_cluster_gives_the_local_outputs_byte_for_byte(
    old_outputs: Path, sample_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    started = Run("--corpus", sample_dir, "--out", tmp_path / "dask", "--dask", "local", "--workers", "2")
    started.finish(timeout=180)
    assert started.process.returncode == 0, started.stderr
    assert tree_digest(tmp_path / "dask") == tree_digest(old_outputs)  # old_outputs: workers=1, here
