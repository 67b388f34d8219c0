"""Stopping a run: SIGINT and SIGTERM as an exception, and the moments that must not be cut in two.

A Ctrl-C in a terminal sends SIGINT to the whole process group; a job scheduler or ``kill`` sends SIGTERM to
the main process, which by default ends Python at once — leaving pool workers, a Dask cluster and the staging
folder behind.  :func:`interruptible` makes both raise :class:`Interrupted` in the main thread, which
unwinds every ``with`` block on its way out (the executor stops its workers, :mod:`analysis.publish` removes
the staging folder and releases the lock); the command line then says ``interrupted`` and exits with
128 + the signal's number.  :func:`signals_deferred` holds both back while the files of a run are published.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived (see :func:`interruptible`).  A ``BaseException``, like KeyboardInterrupt:
    no ``except Exception`` may swallow it on its way out, and every ``with`` block on the way cleans up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process ended by a signal: 128 + its number (130, 143)."""
        return 128 + self.signum


@contextmanager
def interruptible() -> Iterator[None]:
    """Inside the block SIGINT and SIGTERM raise :class:`Interrupted` in the main thread.

    A second signal during the clean-up that follows exits at once (the workers still die with their
    parent).  Outside the main thread this does nothing (Python runs signal handlers in the main thread).

    Everything alive when the signal arrives is left out of the cyclic collector's passes from then on
    (``gc.freeze``, a splice of its lists): the run is ending.  Why: the analysis builds its records with
    the collector paused (:func:`analysis.collector.collector_paused`), so they are all still in its
    youngest generation; the pause ends as the interruption unwinds it, and the first allocation after
    started a collection that walked every record (0.75–1 s at 100 MB of distinct text, of the 2 s a
    Ctrl-C may take).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        for number in _STOP_SIGNALS:
            signal.signal(number, _exit_now)
        gc.freeze()
        raise Interrupted(signum)

    previous = {number: signal.getsignal(number) for number in _STOP_SIGNALS}
    for number in _STOP_SIGNALS:
        signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _exit_now(signum: int, frame: object) -> None:
    os.write(2, b"interrupted\n")
    os._exit(128 + signum)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM held back inside the block and delivered after it.

    For the few milliseconds that must not be cut in two: publishing a run's files (all or none) and
    removing a staging folder.  The handlers are swapped for one that only notes the signal (a signal mask
    would not do: any thread that does not block a signal may receive it), and a noted signal is raised
    again once the old handlers are back.  Outside the main thread this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    previous = {number: signal.getsignal(number) for number in _STOP_SIGNALS}
    for number in _STOP_SIGNALS:
        signal.signal(number, lambda signum, frame: noted.append(signum))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if noted:
            signal.raise_signal(noted[0])
