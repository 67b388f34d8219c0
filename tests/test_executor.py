"""analysis.executor: ordered maps on three backends, state per worker, workers that never outlive the run."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from functools import partial
from pathlib import Path

import numpy as np
import psutil
import pytest

from analysis.collector import collector_paused, frozen_objects
from analysis.executor import (
    DaskExecutor,
    Executor,
    ProcessExecutor,
    SerialExecutor,
    WorkerLost,
    open_executor,
)
from analysis.index import WordIndex
from analysis.interrupt import Interrupted, interruptible, signals_deferred
from analysis.records import Sentence

ROOT = Path(__file__).resolve().parents[1]
linux = pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def square(x: int) -> int:
    return x * x


def bigram_counts(chunk: np.ndarray) -> np.ndarray:
    """What the n-gram index will map: packed keys of a chunk of token ids, counted."""
    keys = chunk[:-1].astype(np.int64) << 32 | chunk[1:]
    return np.unique(keys, return_counts=True)[1]


def worker_and_copy(shared: dict[str, int], item: int) -> tuple[int, int, int]:
    return os.getpid(), id(shared), shared["base"] + item


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError(f"bad item {x}")
    return x


def write_after(path: str, seconds: float) -> None:
    time.sleep(seconds)
    Path(path).write_text("done", encoding="utf-8")


def churn_then_pid(seconds: float, kept: list[bytearray] = []) -> int:  # noqa: B006 (kept on purpose)
    """Hold ~300 MB in blocks of the C heap, free them but one at the top of the heap (which stays, so the
    heap cannot shrink from its top), and be busy ``seconds`` in all."""
    started = time.monotonic()
    blocks = [bytearray(50_000) for _ in range(6_000)]
    kept.append(bytearray(50_000))
    del blocks
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    return os.getpid()


def zeros(size: int) -> bytes:
    return bytes(size)


def _thread_cpu(native_id: int) -> float:
    """CPU seconds a thread of this process used (Linux: ``/proc/self/task/ID/stat``, utime + stime)."""
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sleep_then_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


@pytest.fixture(scope="module", params=["serial", "processes", "dask"])
def executor(request: pytest.FixtureRequest) -> Iterator[Executor]:
    if request.param == "dask":
        pytest.importorskip("distributed")
        with open_executor(workers=2, dask_scheduler="local") as dask:
            yield dask
    else:
        with open_executor(workers=1 if request.param == "serial" else 2) as local:
            yield local


def test_open_executor_picks_the_backend() -> None:
    assert isinstance(open_executor(workers=1), SerialExecutor)
    assert isinstance(open_executor(workers=3), ProcessExecutor)
    with pytest.raises(ValueError, match="workers must be a whole number >= 1, got 0"):
        ProcessExecutor(0)


def test_the_ngram_index_counted_in_shards_on_every_backend_is_the_index(executor: Executor) -> None:
    sentences = [
        Sentence(f"d{i % 4}", "other", "", ("压实", "主体", "责任", f"第{i % 3}条", "。")) for i in range(24)
    ]
    sentences.sort(key=lambda s: s.doc_id)
    whole = WordIndex.build(sentences, min_count=2)
    sharded = WordIndex.build(sentences, min_count=2, shards=3, map_shards=executor.map)
    assert sharded.freq == whole.freq and sharded.doc_freq == whole.doc_freq
    assert sharded.freq[("主体", "责任")] == 24 and sharded.doc_freq[("主体", "责任")] == 4
    assert executor.counts_in_shards == isinstance(executor, DaskExecutor)


@pytest.mark.parametrize("chunksize", [1, 3, 50])
def test_results_come_in_input_order_on_every_backend(executor: Executor, chunksize: int) -> None:
    assert list(executor.map(square, range(20), chunksize=chunksize)) == [x * x for x in range(20)]
    assert list(executor.map(square, [], chunksize=chunksize)) == []


def test_a_function_over_numpy_chunks_works_on_every_backend(executor: Executor) -> None:
    rng = np.random.default_rng(7)
    chunks = [rng.integers(0, 50, size=n, dtype=np.int32) for n in (2, 1000, 37, 5000)]
    results = list(executor.map(bigram_counts, chunks, chunksize=2))
    for got, chunk in zip(results, chunks, strict=True):
        assert np.array_equal(got, bigram_counts(chunk))


def test_a_shared_object_reaches_every_task_and_is_unpickled_once_per_worker(executor: Executor) -> None:
    shared = {"base": 100}
    results = list(executor.map(worker_and_copy, range(40), shared=shared))
    assert [value for _, _, value in results] == [100 + x for x in range(40)]
    copies: dict[int, set[int]] = {}
    for pid, copy, _ in results:
        copies.setdefault(pid, set()).add(copy)
    if isinstance(executor, DaskExecutor):
        # a copy kept between tasks, not one per task; Dask may give a loaded worker a second replica of the
        # scattered object (a stolen task's dependency: seen 1 run in 6 with the machine's cores busy)
        tasks = Counter(pid for pid, _, _ in results)
        assert all(len(ids) <= 2 and len(ids) < tasks[pid] for pid, ids in copies.items() if tasks[pid] > 2)
    else:
        assert all(len(ids) == 1 for ids in copies.values())  # one copy per worker, kept between tasks
    if isinstance(executor, SerialExecutor):
        assert copies == {os.getpid(): {id(shared)}}


def test_an_error_in_a_task_is_raised_here(executor: Executor) -> None:
    results = executor.map(fail_on_three, range(6))
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="bad item 3"):
        next(results)


def test_only_a_local_pool_and_this_process_promise_the_order_of_a_workers_tasks() -> None:
    assert SerialExecutor().runs_in_order and ProcessExecutor(2).runs_in_order
    assert not DaskExecutor.runs_in_order.fget(object.__new__(DaskExecutor))  # (no cluster needed to ask)


def test_the_serial_map_is_lazy() -> None:
    seen: list[int] = []
    results = SerialExecutor().map(seen.append, [1, 2, 3])
    assert seen == []
    next(results)
    assert seen == [1]


@pytest.fixture
def earlier() -> set[int]:
    """Children of this process before the test (a Dask cluster's): not the test's pool workers."""
    return {p.pid for p in psutil.Process().children()}


def test_abort_stops_busy_workers_at_once(earlier: set[int]) -> None:
    executor = ProcessExecutor(2)
    pending = executor.map(sleep_then_pid, [30.0, 30.0])
    workers = _children_soon(2, earlier=earlier)
    started = time.monotonic()
    executor.abort()
    assert _gone(workers, timeout=2)
    assert time.monotonic() - started < 2
    del pending


def test_leaving_the_block_on_an_error_aborts_and_on_success_closes(earlier: set[int]) -> None:
    with pytest.raises(RuntimeError), ProcessExecutor(2) as executor:
        executor.map(sleep_then_pid, [30.0, 30.0])
        workers = _children_soon(2, earlier=earlier)
        raise RuntimeError("a stage failed")
    assert _gone(workers, timeout=2)
    with ProcessExecutor(2) as executor:
        assert len(set(executor.map(sleep_then_pid, [0.2, 0.2, 0.2]))) >= 1
        workers = _children_soon(2, earlier=earlier)
    assert _gone(workers, timeout=0)  # close() joined them


def test_close_lets_work_never_read_finish_then_the_workers_exit_cleanly(
    earlier: set[int], tmp_path: Path
) -> None:
    """close() stops the workers once their work is done — a map whose results nobody reads included —
    and they exit with code 0 (by ``os._exit``, without the interpreter's teardown)."""
    executor = ProcessExecutor(2)
    executor.map(partial(write_after, seconds=0.5), [str(tmp_path / "a"), str(tmp_path / "b")])
    workers = _children_soon(2, earlier=earlier)
    started = [p for p in executor._started().started]
    executor.close()
    assert (tmp_path / "a").read_text(encoding="utf-8") == "done"
    assert (tmp_path / "b").read_text(encoding="utf-8") == "done"
    assert _gone(workers, timeout=0)
    assert [p.exitcode for p in started] == [0, 0]


def test_a_worker_gives_back_the_heap_a_long_task_freed() -> None:
    """After a task of a second or more (an index task) the worker trims its C heap: the ~300 MB the task
    freed leave its resident memory even though a block at the top of the heap is still in use (without
    the trim: 330 MB resident)."""
    with ProcessExecutor(1) as executor:
        (pid,) = executor.map(churn_then_pid, [1.2])
        assert psutil.Process(pid).memory_info().rss < 150 * 2**20


def test_a_worker_that_dies_ends_the_map_with_an_error_instead_of_a_wait_for_ever(earlier: set[int]) -> None:
    executor = ProcessExecutor(2)
    results = executor.map(sleep_then_pid, [30.0, 30.0, 0.0])
    victim = _children_soon(2, earlier=earlier)[0]
    victim.kill()  # what the kernel's OOM killer does
    started = time.monotonic()
    with pytest.raises(WorkerLost, match=r"exit code -9: killed, out of memory\?"):
        list(results)
    assert time.monotonic() - started < 2
    executor.abort()  # what leaving the run's executor block with the error does


@linux
def test_the_pool_does_not_spin_while_a_large_result_is_read() -> None:
    """The pool's worker-handler thread sleeps while the result thread reads large results: it is woken by a
    worker's exit or a change of the pool only (woken by the results pipe, it looped for as long as a result
    was being read: ≈ 0.5 s of CPU over these three).  The results are whole all the same."""
    with ProcessExecutor(1) as executor:
        assert list(executor.map(zeros, [1])) == [bytes(1)]  # (the pool started)
        handler = executor._pool._worker_handler  # type: ignore[union-attr]
        before = _thread_cpu(handler.native_id)
        sizes = [len(result) for result in executor.map(zeros, [100_000_000] * 3)]
        spent = _thread_cpu(handler.native_id) - before
    assert sizes == [100_000_000] * 3
    assert spent < 0.05


def test_workers_ignore_a_ctrl_c_the_parent_decides() -> None:
    with ProcessExecutor(1) as executor:
        (pid,) = executor.map(sleep_then_pid, [0.0])
        os.kill(pid, signal.SIGINT)
        time.sleep(0.3)
        assert psutil.Process(pid).is_running()
        assert list(executor.map(square, [4])) == [16]


def test_workers_exit_when_the_lifeline_is_cut(earlier: set[int]) -> None:
    """Where PR_SET_PDEATHSIG does not exist, the closed pipe is what ends them."""
    executor = ProcessExecutor(2)
    list(executor.map(square, range(4)))
    workers = _children_soon(2, earlier=earlier)
    assert executor._lifeline is not None
    executor._lifeline[1].close()  # what the death of this process does to its end of the pipe
    assert _gone(workers, timeout=2)
    executor.abort()


@linux
def test_workers_die_with_their_parent_even_after_sigkill(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import time
        from analysis.executor import ProcessExecutor

        def sleep_then_pid(seconds):
            time.sleep(seconds)

        if __name__ == "__main__":
            executor = ProcessExecutor(2)
            executor.map(sleep_then_pid, [60.0, 60.0])
            time.sleep(60)
        """
    )
    (tmp_path / "parent.py").write_text(script, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(tmp_path / "parent.py")], cwd=ROOT)
    try:
        workers = _children_soon(2, of=psutil.Process(parent.pid), timeout=30)
        parent.kill()
        parent.wait()
        _, alive = psutil.wait_procs(workers, timeout=2)
        # a zombie has ended: it only waits for init to reap it (slow on a loaded machine)
        assert not [p for p in alive if _running(p)], [p.pid for p in alive]
    finally:
        parent.kill()


def _children_soon(
    n: int, *, of: psutil.Process | None = None, earlier: AbstractSet[int] = frozenset(), timeout: float = 15
) -> list[psutil.Process]:
    """The pool workers of ``of`` (this process) once ``n`` are running: its children but the resource
    tracker and those in ``earlier`` (a Dask cluster of a fixture may still have processes here)."""
    of = of or psutil.Process()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = [
            p
            for p in of.children()
            if p.pid not in earlier and "resource_tracker" not in " ".join(_cmdline(p))
        ]
        if len(workers) >= n:
            return workers
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} workers started")


def _gone(processes: list[psutil.Process], *, timeout: float) -> bool:
    """True once none of ``processes`` runs (a zombie has ended), within ``timeout`` seconds.

    Polled, not ``psutil.wait_procs``: waiting would reap this process's own children behind
    multiprocessing's back, which would then count them as alive for ever.
    """
    deadline = time.monotonic() + timeout
    while True:
        running = [p for p in processes if p.is_running() and _status(p) != psutil.STATUS_ZOMBIE]
        if not running or time.monotonic() >= deadline:
            return not running
        time.sleep(0.02)


def _status(process: psutil.Process) -> str:
    try:
        return process.status()
    except psutil.Error:
        return psutil.STATUS_DEAD


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """The collector given back whatever a test's interruption froze."""
    yield
    gc.unfreeze()


def test_sigterm_and_sigint_become_interrupted_and_the_handlers_are_restored(unfrozen: None) -> None:
    before = signal.getsignal(signal.SIGTERM)
    for signum, code in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
        with pytest.raises(Interrupted) as caught, interruptible():
            os.kill(os.getpid(), signum)
            time.sleep(1)
        assert caught.value.exit_code == code
    assert signal.getsignal(signal.SIGTERM) == before
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_what_an_interrupted_run_built_is_not_walked_by_the_collector_on_its_way_out(unfrozen: None) -> None:
    """Records built with the collector paused are all in its youngest generation; when the interruption
    ends the pause, the next collection would walk every one of them (≈ 1 s at 100 MB of reports)."""
    with pytest.raises(Interrupted), interruptible(), collector_paused():
        records = [(str(i), [i]) for i in range(200_000)]
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
    assert gc.get_freeze_count() >= len(records)
    assert gc.get_count()[0] < 1_000  # nothing left young for the next collection


def test_a_signal_is_held_back_while_files_are_published(unfrozen: None) -> None:
    done = []
    with pytest.raises(Interrupted), interruptible():
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.1)
            done.append("published")
        time.sleep(1)
    assert done == ["published"]


def test_an_unreachable_scheduler_is_named_within_seconds() -> None:
    pytest.importorskip("distributed")
    from analysis.executor import SchedulerUnreachable

    started = time.monotonic()
    with pytest.raises(
        SchedulerUnreachable, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"
    ):
        DaskExecutor.open("tcp://127.0.0.1:9", workers=1, timeout=2)
    assert time.monotonic() - started < 10


def test_the_collector_is_paused_inside_and_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_objects_alive_on_entry_are_frozen_inside_and_handed_back_after() -> None:
    records = [[i] for i in range(1000)]  # tracked by the collector
    assert gc.get_freeze_count() == 0
    with pytest.raises(ValueError), frozen_objects():
        assert gc.get_freeze_count() >= len(records)
        raise ValueError
    assert gc.get_freeze_count() == 0


def copies_kept(_: object) -> tuple[int, int]:
    """(this worker's pid, how many shared copies it keeps)."""
    from analysis import pool_workers

    return os.getpid(), len(pool_workers.WORKER_COPIES._copies)


def counted_use(shared: dict[str, int], item: int) -> tuple[int, int]:
    """Count this use in the task's copy of ``shared``: how many uses the copy has seen."""
    shared["uses"] = shared.get("uses", 0) + 1
    return item, shared["uses"]


def test_an_object_shared_but_not_kept_is_a_fresh_copy_per_task_and_let_go_after() -> None:
    """The index tasks' corpus: pickled once for the map, unpickled by each task, held by no worker after."""
    with ProcessExecutor(2) as executor:
        assert list(executor.map(counted_use, range(6), shared={}, keep_shared=False)) == [
            (i, 1) for i in range(6)
        ]
        assert {kept for _, kept in executor.map(copies_kept, range(8))} == {0}
        kept = [uses for _, uses in executor.map(counted_use, range(6), shared={})]
        assert max(kept) > 1  # (kept: a worker's copy counts the uses of that worker's tasks)
    assert list(SerialExecutor().map(counted_use, range(3), shared={}, keep_shared=False)) == [
        (0, 1),
        (1, 2),
        (2, 3),
    ]  # (in this process the object itself is used)


def test_a_pool_worker_lets_its_shared_copies_go_at_its_first_task_after_forget_shared() -> None:
    """A run's segmenter (a tokenizer of ≈ 0.1 GB a copy) is not kept by the workers through the index
    tasks: after ``forget_shared`` each worker drops its copies at its next task, shared object or not."""
    with ProcessExecutor(2) as executor:
        shared = {"base": 1}
        assert {value for _, _, value in executor.map(worker_and_copy, range(20), shared=shared)} == set(
            range(1, 21)
        )
        assert 1 in {kept for _, kept in executor.map(copies_kept, range(20))}  # (kept between maps)
        executor.forget_shared()
        assert {kept for _, kept in executor.map(copies_kept, range(20))} == {0}
        again = list(executor.map(worker_and_copy, range(4), shared={"base": 5}))
        assert [value for _, _, value in again] == [5, 6, 7, 8]  # a new map's object is unpickled anew
