"""Progress bars for long stages, and the time each named step took (logged at INFO: ``-v``)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

logger = logging.getLogger(__name__)


def progress_bar(iterable: Iterable[Any] | None, **options: Any) -> Any:
    """``tqdm.auto.tqdm(iterable, **options)`` without tqdm's monitor thread, locked by a thread lock.

    The monitor (a daemon thread that wakes every 10 s to unstick slow bars) would outlive the bar: a
    thread nobody needs, alive until the process ends.  tqdm's own lock holds a multiprocessing lock (a
    named semaphore, registered with multiprocessing's resource tracker) for bars of several processes
    sharing a terminal; only this project's main process draws bars, and a pool worker that made one (the
    report files' job: its bar disabled) and was stopped by a Ctrl-C left the semaphore to the tracker,
    which warned of a "leaked semaphore" on the terminal after ``interrupted``.
    """
    from tqdm.auto import tqdm

    class Bar(tqdm):  # type: ignore[misc, valid-type]
        monitor_interval = 0
        _lock = threading.RLock()  # (what ``tqdm.set_lock`` sets: ``get_lock`` then makes none of its own)

    return Bar(iterable, **options)


class Steps:
    """One bar over the named steps of a stage (mining, writing): the running step's name is shown beside
    the bar, which advances when the step ends.  Disabled, it does nothing (no output, no thread)."""

    def __init__(self, desc: str, total: int, *, enabled: bool) -> None:
        self._desc = desc
        self._bar = progress_bar(None, total=total, desc=desc, unit="step", disable=not enabled, leave=True)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Show ``name`` while the block runs, then count the step done and log how long it took (wall
        time, and this process's CPU time: a step that waits for a worker takes little of it)."""
        self._bar.set_postfix_str(name, refresh=True)
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        logger.info("%s: %s took %.2f s (%.2f s of this process's CPU)", self._desc, name, wall, cpu)
        self._bar.update(1)

    def close(self) -> None:
        self._bar.set_postfix_str("", refresh=False)
        self._bar.close()

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
