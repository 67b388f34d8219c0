"""Log records of work done in another process, told here as if the work had been done here.

A pool worker (:mod:`analysis.executor`) has no logging set up: a warning it logs would reach stderr bare, or
not at all below WARNING.  :func:`call_logged` runs a function there with the records it logs kept (at the
level this process logs at), and :func:`replayed` hands them to this process's loggers, in order, before
the function's value is used: the user reads the same messages, in the same format, wherever the work ran.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NamedTuple

__all__ = ["Logged", "call_logged", "replayed"]


class Logged(NamedTuple):
    """A function's value and the records it logged (message formatted: no arguments left to pickle)."""

    value: Any
    records: list[logging.LogRecord]


class _Keeper(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None  # (a traceback's frames do not pickle)
        self.records.append(record)


def call_logged(fn: Callable[[Any], Any], level: int, item: Any) -> Logged:
    """``fn(item)`` with every record of ``level`` or above that it logs kept (the root logger set to
    ``level`` meanwhile, its own handlers left out, then put back as they were)."""
    root = logging.getLogger()
    keeper = _Keeper()
    handlers, old_level = root.handlers[:], root.level
    root.handlers[:] = [keeper]
    root.setLevel(level)
    try:
        value = fn(item)
    finally:
        root.handlers[:] = handlers
        root.setLevel(old_level)
    return Logged(value, keeper.records)


def replayed(logged: Logged) -> Any:
    """Hand ``logged``'s records to this process's loggers of the same names; its value."""
    for record in logged.records:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)
    return logged.value
