"""Publishing a run's files: all of them or none, by one run at a time, leaving nothing behind.

* **Staging** (:func:`staged_output`): every file is written into ``OUT/.staging-<pid>-<random>`` and moved
  into ``OUT`` (``os.replace``, atomic per file; a folder of files, such as ``texts/``, replaces the previous
  run's folder whole) only after all were written; the moves run with SIGINT and SIGTERM held back, so an
  interruption never publishes half a set.  A failed or interrupted run removes
  its staging folder.
* **Stale staging**: a run killed outright (SIGKILL, a power cut) cannot remove its staging folder, so each
  new one removes the ``.staging-<pid>-…`` folders in ``OUT`` whose process no longer exists
  (:func:`remove_stale_staging`), and only those: a live run's folder, or any other folder, is left alone.
* **Lock** (:func:`output_lock`): ``OUT/.lock``, locked with ``flock`` for the whole run, holds the run's
  pid.  A second run into the same folder refuses at once with a message naming the folder and that pid
  (:class:`OutputBusy`), or waits for it (``wait=True``); two runs can never publish a mixed set.  The lock
  file is hidden (a corpus walk skips it), is not an output, and is removed when the run ends; whoever takes
  the lock checks that the file it locked is still the one in the folder, so removing it is safe.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .interrupt import signals_deferred
from .paths import check_output_folder, readable_path, write_marker

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: runs are not locked
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

LOCK_FILE = ".lock"
STAGING_PREFIX = ".staging-"
_STAGING = re.compile(re.escape(STAGING_PREFIX) + r"([0-9]+)-.+")


class OutputBusy(ValueError):
    """Another run holds the lock of the output folder; the message names the folder and its pid."""


def _make_folder(out_dir: Path) -> bool:
    """Create ``out_dir`` if needed; True if this call created it."""
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        check_output_folder(out_dir)  # says which path is a file
        raise
    return created


def _remove_if_empty(out_dir: Path) -> None:
    """A folder made for a run that published nothing is removed again (a failed first run leaves none)."""
    try:
        if not any(out_dir.iterdir()):
            out_dir.rmdir()
    except OSError:
        pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_staging(out_dir: Path) -> list[Path]:
    """Remove the staging folders in ``out_dir`` left by runs whose process is gone; the folders removed."""
    try:
        entries = sorted(out_dir.iterdir())
    except OSError:
        return []
    removed = []
    for entry in entries:
        match = _STAGING.fullmatch(entry.name)
        if match is None or int(match[1]) <= 0 or entry.is_symlink() or not entry.is_dir():
            continue
        if not _alive(int(match[1])):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    if removed:
        logger.warning(
            "removed %d staging folder(s) left in %s by runs that were killed: %s",
            len(removed),
            readable_path(out_dir),
            ", ".join(p.name for p in removed),
        )
    return removed


@contextmanager
def staged_output(out_dir: Path, *, mark: bool = True) -> Iterator[Path]:
    """Yield a staging directory; on success move every file in it into ``out_dir`` (atomic per file).

    On an exception (an interruption included) the staging directory is removed and ``out_dir`` is left
    untouched (a folder made for this call is removed again).  ``mark`` (a run's output folder) stages
    :data:`analysis.paths.OUTPUT_MARKER` too, so the published folder is never read as a corpus
    (:func:`analysis.paths.is_output_folder`).  Stale staging folders are removed first.
    """
    created = _make_folder(out_dir)
    remove_stale_staging(out_dir)
    staging: Path | None = None
    try:
        with signals_deferred():
            staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
        if mark:
            write_marker(staging)
        yield staging
        with signals_deferred():
            for item in sorted(staging.iterdir()):
                _replace(item, out_dir / item.name, staging)
    except BaseException:
        with signals_deferred():
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            if created:
                _remove_if_empty(out_dir)
        raise
    finally:
        if staging is not None:
            with signals_deferred():
                shutil.rmtree(staging, ignore_errors=True)


def _replace(item: Path, target: Path, staging: Path) -> None:
    """Move ``item`` to ``target``.  A folder (``texts/``) replaces the folder of the previous run whole:
    the old one is first moved into ``staging``, which is removed afterwards, so no file of an earlier run
    stays beside the new ones."""
    if item.is_dir() and os.path.lexists(target):
        os.replace(target, staging / f".previous-{item.name}")
    os.replace(item, target)


@contextmanager
def output_lock(out_dir: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold ``out_dir/.lock`` for the block (the folder is created if needed).

    Raises :class:`OutputBusy` at once when another run holds it, or waits for it with ``wait``.  On the way
    out the lock file is removed, and a folder made for this run that stayed empty (a failed first run).
    """
    created = _make_folder(out_dir)
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = None
    try:
        fd = _lock(out_dir, wait=wait)
        yield
    finally:
        with signals_deferred():
            if fd is not None:
                (out_dir / LOCK_FILE).unlink(missing_ok=True)  # still ours: nobody else can hold it now
                os.close(fd)
            if created:
                _remove_if_empty(out_dir)


def _lock(out_dir: Path, *, wait: bool) -> int:
    path = out_dir / LOCK_FILE
    while True:
        out_dir.mkdir(parents=True, exist_ok=True)  # a run that just ended may have removed it
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                if not wait:
                    raise OutputBusy(
                        f"another run ({holder}) is writing into {readable_path(out_dir)}; wait for it to "
                        "finish (or pass --wait), or choose another --out folder"
                    ) from None
                logger.warning("another run (%s) is writing into %s; waiting for it", holder, out_dir)
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):  # not removed by the run that held it
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _holder(fd: int) -> str:
    """``pid N`` of the run holding the lock, as it wrote it (it may not have written it yet)."""
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f"pid {text}" if text.isdigit() else "pid unknown"


def _same_file(fd: int, path: Path) -> bool:
    try:
        here = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)
