"""Work mapped over processes: the one module that starts, feeds and stops them (the pool's processes
themselves, how they start and end: :mod:`analysis.pool_workers`).

Every stage that has work to share out (cleaning and parsing, segmentation, later the n-gram index's chunked
counting) calls :meth:`Executor.map` on the executor the pipeline opened for the run; the stage's module
only supplies a plain function.  Three backends give the same results in the same order:

* :class:`SerialExecutor` — in this process (one worker, a notebook, a small corpus);
* :class:`ProcessExecutor` — a spawn-context :class:`multiprocessing.pool.Pool` of local processes, started on
  first use (a pool costs about a second).  ``Pool`` rather than ``concurrent.futures``: ``Pool.terminate``
  stops workers in the middle of a task, which a Ctrl-C needs;
* :class:`DaskExecutor` — a ``dask.distributed`` client (a ``LocalCluster`` for ``"local"``, else a running
  scheduler's address); ``client.map`` over chunks, gathered in order.

**State per worker** (the segmenter, whose tokenizer takes ~0.2 s to build): ``map(fn, items, shared=obj)``
calls ``fn(obj, item)``.  ``obj`` is pickled once per ``map`` call; a pool worker unpickles it once (a small
memo keyed by the pickle's digest, :class:`~analysis.pool_workers.WorkerCopies`) and keeps it, so a
tokenizer built by the first task is used by the next, until :meth:`Executor.forget_shared` (a run calls it
once segmentation is done); with ``keep_shared=False`` each task unpickles its own copy, let go when it ends
(the index tasks' corpus).  Dask scatters it to every worker.  In this process the object itself is used.

**Stopping** (docs/architecture.md, "Interruption"): leaving the ``with`` block on an exception (a Ctrl-C
included) terminates the pool's workers at once.  Workers ignore SIGINT — a Ctrl-C reaches the whole process
group, and the parent decides — and they never outlive the parent: on Linux the kernel kills them when it
dies (``PR_SET_PDEATHSIG``), and everywhere they exit when a pipe only the parent holds is closed.
How a run turns SIGINT and SIGTERM into an exception that unwinds these blocks: :mod:`analysis.interrupt`.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.context
import multiprocessing.pool
import os
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from typing import Any

from .collector import trim_heap
from .pool_workers import (
    WORKER_COPIES,
    SharedObject,
    WatchedPool,
    call_shared,
    init_worker,
    sigint_ignored_by_children,
)

logger = logging.getLogger(__name__)

#: Seconds a ``--dask ADDRESS`` connection may take before the run gives up.
DASK_CONNECT_TIMEOUT = 5.0
#: Seconds :meth:`ProcessExecutor.abort` waits for ``Pool.terminate`` before it lets the workers go by
#: closing their lifeline (a Ctrl-C must end the run within 2 s).
ABORT_TIMEOUT = 1.0
#: Seconds between two looks at the pool's workers while a result is awaited.
WATCH_INTERVAL = 0.25
#: Seconds a task must run for its worker to trim its heap after it (:func:`analysis.collector.trim_heap`).
TRIM_AFTER = 1.0


class SchedulerUnreachable(RuntimeError):
    """``--dask ADDRESS``: no scheduler answered there; the message says what to do."""


class ExecutorClosed(RuntimeError):
    """A map asked of an executor whose workers were stopped (a failed run's late request)."""


class WorkerLost(RuntimeError):
    """A pool worker died in the middle of a map (killed for memory, say): the map cannot finish."""


class Executor(ABC):
    """Maps a function over items, results in input order; a context manager that stops its workers.

    ``map(fn, items, chunksize=k, shared=obj)`` returns an iterator over ``fn(item)`` (``fn(obj, item)``
    with ``shared``: pickled once for the whole map, not once per task) in the order of ``items``; a worker
    keeps its copy of ``obj`` for the map's next tasks, or with ``keep_shared=False`` unpickles it for each
    task and lets it go when the task ends (a large object a worker should not hold once its task is done).
    Work may start as soon as ``map`` is called (a pool or a cluster takes the items ahead), results are
    handed over as the iterator is read; ``chunksize`` items travel together.  ``fn``, the items and the
    results must pickle (numpy arrays do) for the process and Dask backends, and ``fn`` must be importable by
    name (a module-level function or a ``partial`` of one).
    """

    workers: int = 1

    @abstractmethod
    def map(
        self,
        fn: Callable[..., Any],
        items: Iterable[Any],
        *,
        chunksize: int = 1,
        shared: object = None,
        keep_shared: bool = True,
    ) -> Iterator[Any]: ...

    @property
    def counts_in_shards(self) -> bool:
        """True when the n-gram index should be counted in shards over :meth:`map` (a cluster: the counting
        goes where the workers are) rather than built whole in one task."""
        return False

    @property
    def runs_in_order(self) -> bool:
        """True when each worker runs the tasks of a map in the order they were sent and keeps its copy of a
        shared object between them (this process, a local pool: one task queue, read first in, first out);
        a task may then refer to what the tasks before it on its worker sent (segmentation's kept token
        vocabularies, :mod:`analysis.token_chunks`).  Dask may run tasks in any order, anywhere, again."""
        return False

    def forget_shared(self) -> None:
        """Let the workers drop their copies of the objects shared by the maps so far, at their next task
        (a local pool: after segmentation, a copy of the segmenter holds a tokenizer of ≈ 0.1 GB in each
        worker, through the index tasks' peaks).  Nothing to drop here; Dask releases a scattered object
        with its future."""
        return None

    @abstractmethod
    def close(self) -> None:
        """Stop the workers once their work is done."""

    def abort(self) -> None:
        """Stop the workers now (a failed or interrupted run)."""
        self.close()

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class SerialExecutor(Executor):
    """In this process, lazily: ``fn`` runs when the iterator asks for the next result."""

    @property
    def runs_in_order(self) -> bool:
        return True

    def close(self) -> None:
        """Nothing to stop."""

    def map(
        self,
        fn: Callable[..., Any],
        items: Iterable[Any],
        *,
        chunksize: int = 1,
        shared: object = None,
        keep_shared: bool = True,
    ) -> Iterator[Any]:
        call = fn if shared is None else partial(fn, shared)
        return (call(item) for item in items)


class ProcessExecutor(Executor):
    """``workers`` local processes (spawn context), started by the first :meth:`map`."""

    def __init__(self, workers: int) -> None:
        if not isinstance(workers, int) or workers < 1:
            raise ValueError(f"workers must be a whole number >= 1, got {workers!r}")
        self.workers = workers
        self._epoch = 0  #: sent with every task: a worker drops the shared copies of earlier epochs
        self._pool: WatchedPool | None = None
        self._lifeline: tuple[Any, Any] | None = None
        self._closed = False

    @property
    def runs_in_order(self) -> bool:
        return True

    def map(
        self,
        fn: Callable[..., Any],
        items: Iterable[Any],
        *,
        chunksize: int = 1,
        shared: object = None,
        keep_shared: bool = True,
    ) -> Iterator[Any]:
        task = fn if shared is None else partial(call_shared, fn, SharedObject.of(shared, kept=keep_shared))
        pool = self._started()
        # chunks made here rather than by imap(chunksize=), whose iterator cannot wait with a timeout
        chunks = pool.imap(partial(_run_chunk, task, epoch=self._epoch), _chunked(items, max(1, chunksize)))
        return _unless_a_worker_dies(pool, chunks)

    def forget_shared(self) -> None:
        self._epoch += 1

    def _started(self) -> WatchedPool:
        if self._closed:  # (a new pool now would outlive the run)
            raise ExecutorClosed("the run's worker processes were stopped; no more work can be sent")
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            reader, writer = context.Pipe(duplex=False)  # the lifeline: only this process holds the writer
            with sigint_ignored_by_children():
                self._pool = WatchedPool(self.workers, init_worker, (os.getpid(), reader), context=context)
            self._lifeline = (reader, writer)
        return self._pool

    def close(self) -> None:
        pool, self._pool, self._closed = self._pool, None, True
        if pool is not None:
            pool.close()
            pool.join()
        self._cut_lifeline()

    def abort(self) -> None:
        pool, self._pool, self._closed = self._pool, None, True
        if pool is not None:
            # terminate() waits for the pool's threads; should one hang, the closed lifeline still ends the
            # workers, and the exit of this process does not wait for a daemon thread
            stopper = threading.Thread(target=pool.terminate, name="pool-terminate", daemon=True)
            stopper.start()
            stopper.join(ABORT_TIMEOUT)
        self._cut_lifeline()

    def _cut_lifeline(self) -> None:
        if self._lifeline is not None:
            for end in self._lifeline:
                end.close()
            self._lifeline = None


def _unless_a_worker_dies(pool: WatchedPool, chunks: Any) -> Iterator[Any]:
    """The results of ``chunks`` (a ``Pool.imap`` iterator of lists) in order; :class:`WorkerLost` if a
    worker dies meanwhile."""
    while True:
        try:
            chunk = chunks.next(timeout=WATCH_INTERVAL)
        except StopIteration:
            return
        except multiprocessing.TimeoutError:
            dead = [p.exitcode for p in pool.started if p.exitcode is not None]
            if dead:
                raise WorkerLost(
                    f"a worker process ended in the middle of its work (exit code {dead[0]}"
                    f"{': killed, out of memory?' if dead[0] < 0 else ''}); try fewer --workers"
                ) from None
            continue
        yield from chunk


def _chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _run_chunk(
    fn: Callable[..., Any], chunk: list[Any], shared: object = None, epoch: int | None = None
) -> list[Any]:
    """One task: ``fn`` over a chunk (on Dask ``shared`` arrives as the worker's scattered copy; in a pool
    ``epoch`` is the executor's, see :meth:`Executor.forget_shared`).

    A task that ran :data:`TRIM_AFTER` seconds or more (an index task, not a chunk of texts) hands the heap
    it freed back to the system (:func:`~analysis.collector.trim_heap`)."""
    if epoch is not None:
        WORKER_COPIES.forget_before(epoch)
    started = time.monotonic()
    results = [fn(item) for item in chunk] if shared is None else [fn(shared, item) for item in chunk]
    if time.monotonic() - started >= TRIM_AFTER:
        trim_heap()
    return results


class DaskExecutor(Executor):
    """A ``dask.distributed`` client: chunks submitted as tasks, a few per worker thread ahead of the reader.

    ``DaskExecutor.open("local", workers=n)`` starts a ``LocalCluster`` of ``n`` single-threaded processes
    for the run; any other address connects to a running scheduler (``tcp://host:8786``) and fails within
    :data:`DASK_CONNECT_TIMEOUT` seconds with :class:`SchedulerUnreachable` when none answers.
    """

    def __init__(self, client: Any, cluster: Any = None) -> None:
        self._client = client
        self._cluster = cluster
        self.workers = max(1, sum(client.nthreads().values()))

    @classmethod
    def open(cls, address: str, *, workers: int, timeout: float = DASK_CONNECT_TIMEOUT) -> DaskExecutor:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ValueError("--dask needs dask.distributed: pip install 'analysis[dask]'") from exc
        # importing distributed set its loggers to INFO: a cluster's start and stop are not news unless
        # the caller asked for info (-v)
        if logging.getLogger().getEffectiveLevel() > logging.INFO:
            logging.getLogger("distributed").setLevel(logging.WARNING)
        if address == "local":
            with sigint_ignored_by_children():  # its workers too leave a Ctrl-C to this process
                cluster = LocalCluster(  # dashboard on a free port: 8787 may be another user's
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
                )
            try:
                return cls(Client(cluster, set_as_default=False), cluster)
            except BaseException:
                cluster.close()
                raise
        try:
            client = Client(address, timeout=timeout, set_as_default=False)
        except Exception as exc:
            raise SchedulerUnreachable(
                f"cannot reach the Dask scheduler at {address}: {exc}; start one with `dask scheduler` "
                "or use --dask local"
            ) from None
        return cls(client)

    @property
    def counts_in_shards(self) -> bool:
        return True

    def map(
        self,
        fn: Callable[..., Any],
        items: Iterable[Any],
        *,
        chunksize: int = 1,
        shared: object = None,
        keep_shared: bool = True,
    ) -> Iterator[Any]:
        kwargs = {}  # (``keep_shared``: a scattered object lives in the cluster's memory until released)
        if shared is not None:  # in a list, so that a dict or a list is scattered whole, as one object;
            # a key of its own (hash=False), so that releasing another map's copy cannot take this one away
            kwargs["shared"] = self._client.scatter([shared], broadcast=True, hash=False)[0]
        chunks = _chunked(items, max(1, chunksize))
        ahead = 4 * self.workers
        submit = partial(self._client.submit, _run_chunk, fn, pure=False, **kwargs)
        pending: deque[Any] = deque(submit(chunk) for chunk in islice(chunks, ahead))
        return _in_order(pending, chunks, submit)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def abort(self) -> None:
        self._client.close(timeout=ABORT_TIMEOUT)
        if self._cluster is not None:
            self._cluster.close(timeout=ABORT_TIMEOUT)


def _in_order(
    pending: deque[Any], chunks: Iterator[list[Any]], submit: Callable[[Any], Any]
) -> Iterator[Any]:
    """The results of ``pending`` futures in order, one more chunk submitted as each is collected."""
    while pending:
        done = pending.popleft().result()
        for chunk in islice(chunks, 1):
            pending.append(submit(chunk))
        yield from done


def open_executor(*, workers: int = 1, dask_scheduler: str | None = None) -> Executor:
    """The executor of a run: Dask when ``dask_scheduler`` is given (``"local"`` or an address), else
    ``workers`` local processes (one: this process)."""
    if dask_scheduler is not None:
        return DaskExecutor.open(dask_scheduler, workers=workers)
    return SerialExecutor() if workers == 1 else ProcessExecutor(workers)
