"""A second executor map started as soon as a first one's results are in, or when asked: whichever is first.

The pipeline runs the character index's task this way (:func:`analysis.mining.mine_candidates`): it should
start when the word index's task is done (a worker is free: large corpora, where the main process's own
miners take longest) or when the main process's miners are done (a core is free: smaller corpora), and the
main process, busy in Python meanwhile, cannot look.  A watcher thread waits for the first map's results and
starts the second; the main thread starts it too when it gets there first.  The only thread of the package
besides the executor's own; it is a daemon and never outlives a failed run (an executor refuses maps once
closed, :class:`~analysis.executor.ExecutorClosed`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")

#: Seconds between two looks of the main thread while it waits for the watcher (a Ctrl-C gets through).
WAIT_INTERVAL = 0.25


class ChainedMaps(Generic[T, U]):
    """The results of ``first`` (an executor's map, already started) and of the map ``start_second`` starts:
    when ``first``'s results are all in, or at :meth:`start_second`, whichever comes first; once."""

    def __init__(self, first: Iterator[T], start_second: Callable[[], Iterator[U]]) -> None:
        self._start: Callable[[], Iterator[U]] | None = start_second  #: (let go once called: what it holds)
        self._second: Iterator[U] | None = None
        self._lock = threading.Lock()
        self._first: list[T] = []
        self._error: BaseException | None = None
        self._watcher = threading.Thread(target=self._watch, args=(first,), name="chained-maps", daemon=True)
        self._watcher.start()

    def _watch(self, first: Iterator[T]) -> None:
        try:
            self._first = list(first)
        except BaseException as error:  # (re-raised by first() in the main thread)
            self._error = error
            return
        with suppress(Exception):  # the executor closed meanwhile (a failed run): second() will say so
            self.start_second()

    def start_second(self) -> None:
        """Start the second map now, unless it was started already."""
        with self._lock:
            if self._second is None and self._start is not None:
                self._second, self._start = self._start(), None

    def first(self) -> list[T]:
        """The first map's results (its error, if it failed), once they are all in."""
        while self._watcher.is_alive():
            self._watcher.join(WAIT_INTERVAL)
        if self._error is not None:
            raise self._error
        return self._first

    def second(self) -> Iterator[U]:
        """The second map's results, started now if it was not yet."""
        self.start_second()
        assert self._second is not None
        return self._second
