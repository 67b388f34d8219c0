"""Progress bars for long stages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any


def progress_bar(iterable: Iterable[Any] | None, **options: Any) -> Any:
    """``tqdm.auto.tqdm(iterable, **options)`` without tqdm's monitor thread.

    The monitor (a daemon thread that wakes every 10 s to unstick slow bars) would outlive the bar: a
    thread nobody needs, alive until the process ends.
    """
    from tqdm.auto import tqdm

    class Bar(tqdm):  # type: ignore[misc, valid-type]
        monitor_interval = 0

    return Bar(iterable, **options)


class Steps:
    """One bar over the named steps of a stage (mining, writing): the running step's name is shown beside
    the bar, which advances when the step ends.  Disabled, it does nothing (no output, no thread)."""

    def __init__(self, desc: str, total: int, *, enabled: bool) -> None:
        self._bar = progress_bar(None, total=total, desc=desc, unit="step", disable=not enabled, leave=True)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Show ``name`` while the block runs, then count the step done."""
        self._bar.set_postfix_str(name, refresh=True)
        yield
        self._bar.update(1)

    def close(self) -> None:
        self._bar.set_postfix_str("", refresh=False)
        self._bar.close()

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
