"""Progress bars for long stages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def progress_bar(iterable: Iterable[Any], **options: Any) -> Iterable[Any]:
    """``tqdm.auto.tqdm(iterable, **options)`` without tqdm's monitor thread.

    The monitor (a daemon thread that wakes every 10 s to unstick slow bars) would outlive the bar: a
    thread nobody needs, alive until the process ends.
    """
    from tqdm.auto import tqdm

    class Bar(tqdm):  # type: ignore[misc, valid-type]
        monitor_interval = 0

    return Bar(iterable, **options)
