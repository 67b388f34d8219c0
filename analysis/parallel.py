"""Independent stages side by side: tasks shared out between this process and forked children.

The miners read the same sentences and write nothing, so they can run at the same time; but sending ~1 GB of
sentence records to a spawned process costs more than the mining.  A forked child inherits them instead
(copy-on-write; ``gc.freeze`` keeps the child's collector from touching, and so copying, every page), runs
tasks and sends back only their results, which are small (a few hundred phrases per miner).

Tasks are handed out in the order given, each to the first process that is free (this one included), so
the caller lists the longest first; how long each takes depends on the corpus (terms dominate on distinct
text, passages on repeated text), which a fixed split cannot follow.

Forking is used only where it is safe: a platform with the ``fork`` start method that is not macOS (where
system libraries may not survive it), and a process with one thread (a thread holding a lock at the moment
of the fork would leave that lock held forever in the child — a Jupyter kernel has threads, so notebooks run
the tasks one after the other).  Everywhere else, and with ``processes=1``, the tasks run in turn in this
process; the results are the same either way.  A child that dies (killed for memory, say) has its task
rerun here, with a warning.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

logger = logging.getLogger(__name__)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector inside the block (as it was before, after it).

    The analysis builds millions of long-lived, acyclic records (sentences, token tuples, n-gram tables);
    each full collection traverses all of them again, and full collections recur as the heap grows:
    mining 103 MB took 30 s with the collector and 25 s without, segmenting it 4.5 s and 3.1 s.
    Reference counting still frees every object that is not in a cycle, and the stages create no cyclic
    garbage in bulk (the peak memory of a 103 MB run is unchanged).  Forked children inherit the pause.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def can_fork() -> bool:
    """True where :func:`run_tasks` may fork: the ``fork`` start method exists, not macOS, one thread, and
    not a daemonic process (a pool worker, which may not have children)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and sys.platform != "darwin"
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


#: Niceness of a child whose result is needed only later (the report files, the keywords task): it takes the
#: cores mostly when the caller's processes leave them idle.
BACKGROUND_NICENESS = 10


def run_tasks(tasks: Sequence[Callable[[], Any]], *, processes: int) -> list[Any]:
    """``[task() for task in tasks]``, computed by up to ``processes`` processes at once.

    With ``processes > 1`` and :func:`can_fork`, ``min(processes, len(tasks)) − 1`` children are forked;
    every process takes the next task not yet taken until none is left (a thread here receives each
    child's results as they come).  An exception raised by a task is raised here, whichever process ran it
    (the first in task order if several fail).
    """
    if processes < 1:
        raise ValueError(f"processes must be >= 1, got {processes}")
    n_children = min(processes, len(tasks)) - 1 if can_fork() else 0
    if n_children <= 0:
        if processes > 1 and len(tasks) > 1:
            logger.debug("%d tasks run one after another: this process cannot fork safely", len(tasks))
        return [task() for task in tasks]
    context = multiprocessing.get_context("fork")
    next_task = context.Value("i", 0)  # the index of the next task to take, shared by every process

    def take() -> int:
        with next_task.get_lock():
            index = next_task.value
            next_task.value += 1
        return index

    def work(send: Callable[[tuple[int, bool, Any]], None]) -> None:
        while (index := take()) < len(tasks):
            try:
                send((index, True, tasks[index]()))
            except Exception as exc:  # handed to the parent, which raises it
                send((index, False, exc))

    children = []
    gc.freeze()  # the objects of this moment stay out of the children's collections: pages stay shared
    try:
        for _ in range(n_children):
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(work, writer), daemon=True)
            process.start()
            writer.close()
            children.append((process, reader))
    finally:
        gc.unfreeze()

    outcomes: dict[int, tuple[bool, Any]] = {}

    def receive(reader: Any) -> None:  # a thread per child, so a child never waits to hand in a result
        while True:
            try:
                index, ok, value = reader.recv()
            except (EOFError, OSError):
                return
            outcomes[index] = (ok, value)

    receivers = [threading.Thread(target=receive, args=(reader,), daemon=True) for _, reader in children]
    for receiver in receivers:
        receiver.start()
    try:
        work(lambda outcome: outcomes.__setitem__(outcome[0], outcome[1:]))
        for process, _ in children:
            process.join()
        for receiver in receivers:
            receiver.join()
    finally:
        for process, reader in children:
            if process.is_alive():
                process.kill()
                process.join()
            reader.close()
    lost = [index for index in range(len(tasks)) if index not in outcomes]
    if lost:
        logger.warning(
            "a worker process ended before finishing its task (exit codes %s; out of memory?); "
            "running it here",
            [process.exitcode for process, _ in children],
        )
        for index in lost:
            outcomes[index] = (True, tasks[index]())
    results = []
    for index in range(len(tasks)):
        ok, value = outcomes[index]
        if not ok:
            raise value
        results.append(value)
    return results


class Background:
    """One task started now in a forked child, its result collected later: ``Background(task).result()``.

    For a task that can overlap the caller's own work (a check, a computation, files to write); with
    ``fork=False``, or where :func:`can_fork` is false, the task runs here when :meth:`result` is first
    called.  ``nice`` lowers the
    child's scheduling priority (``os.nice``): for a task not needed soon, which should take the cores only
    when the caller's processes leave them idle.  ``result`` returns
    ``task()`` or raises its exception; a child that dies has its task rerun here, with a warning.
    """

    def __init__(
        self, task: Callable[[], Any], *, fork: bool = True, handoff: Handoff | None = None, nice: int = 0
    ) -> None:
        self._task = task
        self._outcome: tuple[bool, Any] | None = None
        self._child: tuple[Any, Any] | None = None
        if fork and can_fork():
            context = multiprocessing.get_context("fork")
            reader, writer = context.Pipe(duplex=False)

            def work(send: Callable[[tuple[int, bool, Any]], None]) -> None:
                if nice:
                    os.nice(nice)
                try:
                    send((0, True, task()))
                except Exception as exc:
                    send((0, False, exc))

            process = context.Process(target=_child, args=(work, writer), daemon=True)
            process.start()
            writer.close()
            self._child = (process, reader)
        if handoff is not None:
            handoff.started()

    @property
    def forked(self) -> bool:
        """True if the task runs in a child (it may have finished)."""
        return self._child is not None

    def cancel(self) -> None:
        """Stop the child, if any, and forget the task: for a caller that gave up on the result."""
        if self._child is not None and self._outcome is None:
            process, reader = self._child
            process.kill()
            process.join()
            reader.close()
        self._outcome = (False, RuntimeError("the background task was cancelled"))

    def result(self) -> Any:
        if self._outcome is None:
            self._outcome = self._collect()
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def _collect(self) -> tuple[bool, Any]:
        if self._child is not None:
            process, reader = self._child
            try:
                _, ok, value = reader.recv()
                return ok, value
            except (EOFError, OSError):
                logger.warning(
                    "a worker process ended before finishing its task (exit code %s); running it here",
                    process.exitcode,
                )
            finally:
                reader.close()
                process.join()
        try:
            return True, self._task()
        except Exception as exc:
            return False, exc


class Handoff:
    """A value given to a :class:`Background` task after it started: ``put`` here, ``get`` in the task.

    For a task that can do much of its work before it needs what the caller computes meanwhile.  The value
    goes through a pipe to a forked child; a task that runs here (no fork, or rerun after its child died)
    gets the value ``put`` before :meth:`Background.result`.  The parent closes its reading end once the
    child exists, so ``put`` never waits on a child that is gone.
    """

    def __init__(self) -> None:
        self._reader, self._writer = multiprocessing.Pipe(duplex=False)
        self._owner = os.getpid()
        self._value: Any = None
        self._given = False

    def started(self) -> None:
        """Called by :class:`Background` once its child (if any) is forked: this process never reads."""
        self._reader.close()

    def put(self, value: Any) -> None:
        self._value, self._given = value, True
        try:
            self._writer.send(value)
        except OSError:  # no child is reading (none was forked, or it died): the task will run here
            pass
        finally:
            self._writer.close()

    def get(self) -> Any:
        if os.getpid() == self._owner:
            if not self._given:
                raise RuntimeError("Handoff.get() before put(): put the value before asking for the result")
            return self._value
        self._writer.close()  # the child's copy: a parent that closes its end gives EOFError here
        return self._reader.recv()


def _child(work: Callable[[Callable[[Any], None]], None], writer: Any) -> None:
    """A forked child's body: do tasks, send each outcome back (an unpicklable error as a RuntimeError)."""

    def send(outcome: tuple[int, bool, Any]) -> None:
        try:
            writer.send(outcome)
        except Exception as exc:
            index, _, value = outcome
            writer.send((index, False, RuntimeError(f"{type(value).__name__}: {value} ({exc})")))

    try:
        work(send)
    finally:
        writer.close()
