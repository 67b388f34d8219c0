"""run_tasks: tasks shared between this process and forked children, results as if run in turn."""

from __future__ import annotations

import logging
import os
import sys
import time
from functools import partial

import pytest

from analysis.parallel import Background, Handoff, can_fork, collector_paused, run_tasks

PARENT = os.getpid()
forking = pytest.mark.skipif(sys.platform != "linux", reason="forking is used on Linux only")


def square(x: int) -> int:
    return x * x


def pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


@pytest.mark.parametrize("processes", [1, 2, 3, 8])
def test_results_come_back_in_task_order_whatever_the_number_of_processes(processes: int) -> None:
    tasks = [partial(square, x) for x in range(7)]
    assert run_tasks(tasks, processes=processes) == [0, 1, 4, 9, 16, 25, 36]
    assert run_tasks([], processes=processes) == []


def test_processes_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="processes"):
        run_tasks([partial(square, 1)], processes=0)


@forking
def test_a_test_process_with_one_thread_may_fork() -> None:
    assert can_fork()


@forking
def test_two_processes_run_two_tasks_at_the_same_time() -> None:
    # whichever process takes the slow task, the other one takes the quick one meanwhile
    pids = run_tasks([partial(pid_after, 0.5), partial(pid_after, 0.0)], processes=2)
    assert PARENT in pids
    assert len(set(pids)) == 2


@forking
def test_a_second_thread_keeps_the_tasks_in_this_process() -> None:
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert run_tasks([partial(pid_after, 0.2), partial(pid_after, 0.0)], processes=2) == [PARENT] * 2
    finally:
        stop.set()
        thread.join()


def fail_in_child(message: str) -> str:
    if os.getpid() != PARENT:
        raise ValueError(message)
    time.sleep(0.5)  # let the child take the failing task first
    return "here"


@forking
def test_an_error_in_a_child_is_raised_here() -> None:
    with pytest.raises(ValueError, match="bad input"):
        run_tasks([partial(fail_in_child, "bad input"), partial(fail_in_child, "bad input")], processes=2)


def die_in_child() -> str:
    if os.getpid() != PARENT:
        os._exit(3)  # as if killed
    time.sleep(0.5)
    return "done here"


@forking
def test_the_task_of_a_child_that_dies_is_done_here_with_a_warning(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="analysis.parallel"):
        assert run_tasks([die_in_child, die_in_child], processes=2) == ["done here"] * 2
    assert "ended before finishing its task" in caplog.text


def unpicklable_in_child() -> object:
    if os.getpid() != PARENT:
        return lambda: None  # cannot be sent back
    time.sleep(0.5)
    return "here"


@forking
def test_a_result_that_cannot_be_sent_back_is_an_error_naming_it() -> None:
    with pytest.raises(RuntimeError, match="function"):
        run_tasks([unpicklable_in_child, unpicklable_in_child], processes=2)


@forking
def test_a_background_task_runs_in_a_child_while_this_process_goes_on() -> None:
    started = time.perf_counter()
    pending = Background(partial(pid_after, 0.5))
    assert time.perf_counter() - started < 0.4  # not waited for
    assert pending.result() not in (PARENT, None)
    assert pending.result() == pending.result()  # collected once


def test_a_background_task_that_may_not_fork_runs_here_when_its_result_is_asked() -> None:
    pending = Background(partial(pid_after, 0.0), fork=False)
    assert pending.result() == PARENT


def raise_value_error() -> None:
    raise ValueError("no such file")


def test_a_background_task_gives_its_result_or_raises_its_error() -> None:
    assert Background(partial(square, 12)).result() == 144
    with pytest.raises(ValueError, match="no such file"):
        Background(raise_value_error).result()


@forking
def test_a_background_task_whose_child_dies_is_done_here(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="analysis.parallel"):
        assert Background(die_in_child).result() == "done here"
    assert "ended before finishing its task" in caplog.text


def test_the_collector_is_paused_inside_and_restored_after_even_on_error() -> None:
    import gc

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def tasks_in_a_pool_worker(_: int) -> list[int]:
    return run_tasks([partial(square, 2), partial(square, 3)], processes=2)


def test_a_pool_worker_runs_its_tasks_itself() -> None:
    """A daemonic pool worker may not have children: the tasks run in it, one after the other."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.map(tasks_in_a_pool_worker, [0]) == [[4, 9]]


def pid_and_handed(handoff: Handoff) -> tuple[int, object]:
    return os.getpid(), handoff.get()


@pytest.mark.parametrize("fork", [True, False])
def test_a_handoff_gives_a_background_task_a_value_put_after_it_started(fork: bool) -> None:
    handoff = Handoff()
    pending = Background(partial(pid_and_handed, handoff), fork=fork, handoff=handoff)
    big = {"phrases": ["两个维护"] * 100_000}  # more than a pipe holds: the child reads while this sends
    handoff.put(big)
    pid, value = pending.result()
    assert value == big
    assert (pid != PARENT) == (fork and can_fork()) == pending.forked


def handed_or_die(handoff: Handoff) -> object:
    if os.getpid() != PARENT:
        os._exit(3)  # dies before reading: put() must not wait for it
    return handoff.get()


@forking
def test_a_handoff_to_a_child_that_died_reaches_the_task_rerun_here(caplog) -> None:
    handoff = Handoff()
    pending = Background(partial(handed_or_die, handoff), handoff=handoff)
    time.sleep(0.2)
    handoff.put(["三会一课"] * 100_000)
    with caplog.at_level(logging.WARNING, logger="analysis.parallel"):
        assert pending.result() == ["三会一课"] * 100_000
    assert "ended before finishing its task" in caplog.text


def test_a_handoff_read_before_it_was_put_is_an_error() -> None:
    handoff = Handoff()
    with pytest.raises(RuntimeError, match="before put"):
        Background(handoff.get, fork=False, handoff=handoff).result()


@forking
def test_a_cancelled_background_task_stops_its_child_and_has_no_result() -> None:
    pending = Background(partial(pid_after, 30.0))
    started = time.perf_counter()
    pending.cancel()
    assert time.perf_counter() - started < 5
    with pytest.raises(RuntimeError, match="cancelled"):
        pending.result()
