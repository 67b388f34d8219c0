"""The processes of a local pool (:class:`analysis.executor.ProcessExecutor`): how they start, what they
ignore, how they end.

A worker ignores SIGINT (a Ctrl-C reaches the whole process group, and the parent decides), never outlives
the parent (on Linux the kernel kills it when the parent dies, ``PR_SET_PDEATHSIG``; everywhere it exits when
a pipe only the parent holds is closed, its lifeline) and ends by ``os._exit`` once the pool lets it go.
The pool keeps every process it starts, so that the executor can tell a worker that died from one that is
slow.  A worker keeps its copies of the objects a map shares (:class:`WorkerCopies`).  Only
:mod:`analysis.executor` imports this module.
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import logging
import multiprocessing.context
import multiprocessing.pool
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from .collector import trim_heap

__all__ = [
    "WORKER_COPIES",
    "QuickExitProcess",
    "SharedObject",
    "WatchedPool",
    "WorkerCopies",
    "call_shared",
    "init_worker",
    "sigint_ignored_by_children",
]

#: ``prctl`` option: the signal a process gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


class WatchedPool(multiprocessing.pool.Pool):
    """A Pool that keeps every worker process it starts (``Pool.Process`` is the hook ``ThreadPool`` uses).

    ``Pool.imap`` waits for ever for the result of a worker that died (killed for memory, say): the pool
    starts another worker, the task is lost.  Its processes kept here, the reader can tell.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.started: list[Any] = []

        def process(context: Any, *process_args: Any, **process_kwargs: Any) -> Any:
            kind = QuickExitProcess if context.get_start_method() == "spawn" else context.Process
            started = kind(*process_args, **process_kwargs)
            self.started.append(started)
            return started

        self.Process = process  # type: ignore[method-assign]
        super().__init__(*args, **kwargs)

    def _get_sentinels(self) -> list[Any]:
        """What wakes the pool's worker-handler thread besides a worker's exit: a change of the pool's state
        or its tasks all done (``Pool``'s change notifier), as in a ``ThreadPool``.

        ``Pool`` also lists its results pipe, which stays readable from the moment a worker writes a result
        until the result-handler thread has read all of it: meanwhile the worker-handler thread loops without
        waiting, holding the GIL in turns (≈ 1 s CPU of this process over a segmentation of 100 MB of text,
        whose results are large).  It only maintains the workers, which their own sentinels signal."""
        return [self._change_notifier._reader]  # type: ignore[attr-defined]


class QuickExitProcess(multiprocessing.context.SpawnProcess):
    """A spawned pool worker that ends with ``os._exit`` once the pool lets it go, skipping the interpreter's
    teardown: freeing every object of a worker that held an n-gram index took ≈ 0.3–1 s at the end of a run
    (``Pool.join`` waits for it), and nothing of a worker needs finalising — its results are sent as each task
    ends (a pipe write), its log records travel with them (:mod:`analysis.worker_logs`).  What exit would run
    still runs (``atexit``'s functions: multiprocessing's finalizers unlink the semaphores a worker made —
    tqdm's lock, say; skipped, the resource tracker warned of a leaked semaphore after the run)."""

    def run(self) -> None:
        super().run()
        atexit._run_exitfuncs()
        os._exit(0)


@contextmanager
def sigint_ignored_by_children() -> Iterator[None]:
    """Workers spawned inside the block start with SIGINT ignored (a disposition that survives ``exec``).

    A Ctrl-C while a worker imports the package would otherwise print its traceback and have the pool start
    another.  SIGINT is blocked in this thread meanwhile, and so in the threads started inside the block, so
    one that arrives is delivered after it.  Done only while this is the one thread (at the start of a run
    from the command line): another thread, not blocking SIGINT, could take the signal and ignore it.
    """
    if threading.active_count() > 1 or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)


def init_worker(parent: int, lifeline: Any) -> None:
    """A pool worker's first act: ignore SIGINT, die with the parent, keep jieba quiet."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
    if os.getppid() != parent:  # the parent died before prctl: nobody would kill this process
        os._exit(1)
    threading.Thread(target=exit_when_closed, args=(lifeline,), name="lifeline", daemon=True).start()
    logging.getLogger("jieba").setLevel(logging.WARNING)


def exit_when_closed(lifeline: Any) -> None:
    """Wait on the lifeline; nothing is ever sent, so it returns when the parent closed it or died."""
    with suppress(EOFError, OSError):
        lifeline.recv()
    os._exit(0)


# ------------------------------------------------------------------ objects shared by the tasks of a map


@dataclass(frozen=True, eq=False)
class SharedObject:
    """An object pickled once, sent with every chunk, unpickled once per worker (its copy kept by the digest
    of its pickle), or once per task when made not ``kept`` (then no digest: nothing looks it up, and hashing
    the index tasks' corpus, 95 MB at 100 MB of distinct text, would cost this process ≈ 0.1 s)."""

    digest: bytes | None  #: None: not kept, each task unpickles its own copy
    payload: bytes

    @classmethod
    def of(cls, value: object, *, kept: bool = True) -> SharedObject:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(hashlib.blake2b(payload, digest_size=16).digest() if kept else None, payload)


class WorkerCopies:
    """A pool worker's copies of shared objects: the last few unpickled, by digest, kept between tasks (a
    tokenizer built by the first task is used by the next), all let go when a task of a later epoch comes
    (:meth:`analysis.executor.ProcessExecutor.forget_shared`).  One per process; filled only in pool
    workers."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.epoch = 0
        self._copies: dict[bytes, Any] = {}

    def of(self, shared: SharedObject) -> Any:
        """The copy of ``shared``, unpickled now if it was not kept (one not ``kept``: the caller's alone)."""
        if shared.digest is None:
            return pickle.loads(shared.payload)
        copy = self._copies.get(shared.digest)
        if copy is None:
            if len(self._copies) >= self.size:
                del self._copies[next(iter(self._copies))]  # (the oldest)
            copy = self._copies[shared.digest] = pickle.loads(shared.payload)
        return copy

    def forget_before(self, epoch: int) -> None:
        """Let go every copy kept from tasks of an earlier epoch than ``epoch``, their heap handed back."""
        if epoch > self.epoch:
            self.epoch = epoch
            if self._copies:
                self._copies.clear()
                trim_heap()


#: This process's copies (a worker's; a pool worker imports this module once).
WORKER_COPIES = WorkerCopies(4)


def call_shared(fn: Callable[[Any, Any], Any], shared: SharedObject, item: Any) -> Any:
    """``fn(copy of shared, item)``: what a pool worker runs for a map with a shared object."""
    return fn(WORKER_COPIES.of(shared), item)
