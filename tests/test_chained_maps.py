"""The character index's task starts when the word index's task is done or when asked, whichever is first."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from analysis.chained_maps import ChainedMaps
from analysis.executor import ExecutorClosed, ProcessExecutor


def counting_start(calls: list[str]):
    def start() -> Iterator[str]:
        calls.append("started")
        return iter(["second"])

    return start


def test_the_second_map_starts_when_the_first_is_done_without_being_asked() -> None:
    calls: list[str] = []
    chain = ChainedMaps(iter([1, 2]), counting_start(calls))
    assert chain.first() == [1, 2]
    assert calls == ["started"]  # by the watcher, before first() returned
    assert list(chain.second()) == ["second"]
    assert calls == ["started"]  # once


def test_asked_first_the_second_map_starts_at_once_and_only_once() -> None:
    calls: list[str] = []
    release = threading.Event()

    def slow_first() -> Iterator[int]:
        release.wait(5)
        yield 7

    chain = ChainedMaps(slow_first(), counting_start(calls))
    chain.start_second()
    assert calls == ["started"]  # the first map still running
    release.set()
    assert chain.first() == [7]
    assert list(chain.second()) == ["second"]
    assert calls == ["started"]


def test_a_failed_first_map_raises_in_the_caller_and_starts_nothing() -> None:
    calls: list[str] = []

    def failing() -> Iterator[int]:
        raise ValueError("a miner failed")
        yield 0  # pragma: no cover

    chain = ChainedMaps(failing(), counting_start(calls))
    with pytest.raises(ValueError, match="a miner failed"):
        chain.first()
    assert calls == []


def test_a_closed_executor_refuses_work_instead_of_starting_a_new_pool() -> None:
    executor = ProcessExecutor(2)
    executor.close()
    with pytest.raises(ExecutorClosed):
        executor.map(abs, [-1])
    aborted = ProcessExecutor(2)
    aborted.abort()
    with pytest.raises(ExecutorClosed):
        aborted.map(abs, [-1])
