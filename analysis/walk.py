"""Walking a corpus folder: the files to read and, by relative path, everything that cannot be read.

Part of :mod:`analysis.ingest`; :func:`walk_corpus` finds, :func:`analysis.ingest.read_corpus` reads.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from analysis.formats import CONVERT_HINTS, conversion_message
from analysis.paths import is_output_folder, readable_path
from analysis.records import IngestProblem

logger = logging.getLogger("analysis.ingest")

METADATA_FILE = "metadata.csv"


@dataclass
class Walk:
    """What a walk found: files to read, problems (by relative path), suffixes ignored, formats to convert."""

    files: list[tuple[str, Path]]
    problems: list[tuple[str, IngestProblem]]
    ignored: dict[str, str]
    convertible: Counter[str]


def _problem(relative: str, message: str) -> tuple[str, IngestProblem]:
    source = readable_path(relative)
    return relative, IngestProblem(source, message.replace("{source}", source))


def _entry_problem(entry: os.DirEntry[str], relative: str, exc: OSError) -> tuple[str, IngestProblem]:
    """A directory entry that cannot be followed: a broken link, a link loop, or no access."""
    if entry.is_symlink():
        if exc.errno == errno.ELOOP:
            return _problem(relative, "{source} is a symbolic link loop (it leads back to itself); remove it")
        try:
            target = readable_path(os.readlink(entry.path))
        except OSError:
            target = "?"
        return _problem(
            relative,
            "{source} is a broken symbolic link (to " + target + ", which does not exist); fix or remove it",
        )
    reason = exc.strerror or exc.__class__.__name__
    return _problem(relative, "{source} cannot be accessed (" + reason + "); make it readable or remove it")


def walk_corpus(root: Path, wanted: set[str]) -> Walk:
    """Every file under ``root`` with a suffix in ``wanted`` (lower case), and what cannot be read.

    Links to files and folders are followed; a link to a folder that contains it (a loop) or to a folder
    read already is a problem, as are broken links, folders that cannot be listed and entries that are not
    regular files.  Hidden entries, the root's ``metadata.csv`` and folders holding a run's outputs are
    skipped.  Raises ValueError when ``root`` itself cannot be listed.
    """
    walk = Walk([], [], {}, Counter())
    root_real = os.path.realpath(root)
    visited = {root_real}
    stack: list[tuple[Path, str, tuple[str, ...]]] = [(root, "", (root_real,))]
    while stack:
        folder, prefix, ancestors = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            if not prefix:
                raise ValueError(
                    f"corpus directory {readable_path(root)!r} cannot be listed ({reason}); make it readable"
                ) from None
            walk.problems.append(
                _problem(
                    prefix.rstrip("/"),
                    "folder {source} cannot be listed (" + reason + "); its files are not read: make it "
                    "readable (chmod -R u+rX) or move it out of the corpus",
                )
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = prefix + entry.name
            try:
                mode = os.stat(entry.path).st_mode  # follows links
            except OSError as exc:
                walk.problems.append(_entry_problem(entry, relative, exc))
                continue
            if stat.S_ISDIR(mode):
                _visit_folder(walk, stack, Path(entry.path), relative, ancestors, visited)
            elif stat.S_ISREG(mode):
                if not prefix and entry.name == METADATA_FILE:
                    continue
                suffix = os.path.splitext(entry.name)[1].lower()
                if suffix in wanted:
                    walk.files.append((relative, Path(entry.path)))
                elif suffix in CONVERT_HINTS:
                    walk.convertible[suffix] += 1
                    walk.problems.append(_problem(relative, conversion_message("{source}", suffix)))
                else:
                    walk.ignored.setdefault(suffix or "(none)", readable_path(relative))
            else:
                walk.problems.append(
                    _problem(relative, "{source} is not a regular file (a pipe, socket or device); remove it")
                )
    return walk


def _visit_folder(
    walk: Walk,
    stack: list[tuple[Path, str, tuple[str, ...]]],
    path: Path,
    relative: str,
    ancestors: tuple[str, ...],
    visited: set[str],
) -> None:
    real = os.path.realpath(path)
    if real in ancestors:
        walk.problems.append(
            _problem(relative, "{source} is a link to a folder that contains it (a loop); it is not followed")
        )
    elif real in visited:
        walk.problems.append(
            _problem(relative, "{source} is a link to a folder read already; it is not read twice")
        )
    elif is_output_folder(path):
        logger.warning(
            "skipping folder %s: it holds the outputs of a run, not reports", readable_path(relative)
        )
    else:
        visited.add(real)
        stack.append((path, relative + "/", (*ancestors, real)))
