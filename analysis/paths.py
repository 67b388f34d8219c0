"""Where outputs may go, and how a path is shown: the checks every command runs before it writes anything.

* The corpus is only ever read.  An output folder (or file) equal to, inside, or containing a corpus folder is
  refused before anything is written (:func:`check_outside_corpora`); paths are compared resolved
  (``Path.resolve``: symlinks followed, ``..`` removed), so neither a link nor ``../corpus/x`` gets around it.
* A run marks its output folder with :data:`OUTPUT_MARKER`, a small hidden file published with the outputs;
  :func:`is_output_folder` recognises such a folder, and :mod:`analysis.ingest` never reads one as reports.
* :func:`make_parent` creates the folder of an output file with a one-line error naming the path (a parent
  that is a file, a folder that cannot be created) instead of a traceback.
* :func:`readable_path` shows a file name holding bytes that are not UTF-8 (Python decodes them to lone
  surrogates, which no UTF-8 file, CSV or log can hold) with ``\\xNN`` escapes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: Hidden file that marks a folder as the outputs of ``run``; a corpus walk skips any folder holding it.
OUTPUT_MARKER = ".analysis-outputs"
MARKER_TEXT = (
    "This folder holds the outputs of `python -m analysis run`.\n"
    "A corpus walk skips every folder holding this file, so outputs are never read back as reports.\n"
)
#: Files that only a run's output folder holds together (outputs written before the marker existed).
LEGACY_OUTPUT_FILES: tuple[str, ...] = ("documents.csv", "phrases.csv", "lexicon_mined.txt")


class OutputLocationError(ValueError):
    """An output path that would write into a corpus, or that cannot be created; the message says which."""


def readable_path(name: str | os.PathLike[str]) -> str:
    """``name`` with every byte that is not UTF-8 shown as ``\\xNN`` (``'\\udcb1'`` → ``'\\\\xb1'``).

    A name that is valid UTF-8 comes back unchanged.
    """
    text = os.fspath(name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def resolved(path: Path | str) -> Path:
    """``path`` made absolute with symlinks and ``..`` resolved as far as it exists (never raises)."""
    path = Path(path).expanduser()
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare the absolute path instead
        return Path(os.path.abspath(path))


def _relation(out: Path, corpus: Path) -> str | None:
    if out == corpus:
        return "the same folder as"
    if corpus in out.parents:
        return "inside"
    if out in corpus.parents:
        return "a folder containing"
    return None


def check_outside_corpora(
    out: Path | str, corpora: Iterable[Path | str], *, what: str = "output folder"
) -> None:
    """Raise :class:`OutputLocationError` when ``out`` is, is inside, or contains one of ``corpora``.

    ``what`` names ``out`` in the message (``"output folder"``, ``"--out file"`` …).  Both paths are named,
    as given and resolved.
    """
    out_resolved = resolved(out)
    for corpus in corpora:
        corpus_resolved = resolved(corpus)
        relation = _relation(out_resolved, corpus_resolved)
        if relation is not None:
            raise OutputLocationError(
                f"{what} {readable_path(out)} (= {readable_path(out_resolved)}) is {relation} the corpus "
                f"folder {readable_path(corpus)} (= {readable_path(corpus_resolved)}); the corpus is only "
                f"read and outputs there would be read back as reports: put the {what} outside it, "
                "e.g. under outputs/"
            )


def check_output_folder(out: Path | str) -> None:
    """Raise :class:`OutputLocationError` when ``out`` exists but is not a folder, or lies under a file."""
    out = Path(out)
    for folder in (out, *out.parents):
        if folder.exists() and not folder.is_dir():
            where = "is a file" if folder == out else f"lies under {readable_path(folder)}, which is a file"
            raise OutputLocationError(
                f"output folder {readable_path(out)} {where}; choose a folder path for the outputs"
            )
        if folder.exists():
            return


def make_parent(path: Path | str, *, what: str = "output file") -> None:
    """Create the folder of output file ``path``; :class:`OutputLocationError` (one line) if it cannot be."""
    path = Path(path)
    parent = path.parent
    for folder in (parent, *parent.parents):
        if folder.exists() and not folder.is_dir():
            raise OutputLocationError(
                f"{what} {readable_path(path)} cannot be written: {readable_path(folder)} is a file, not a "
                "folder; choose another path"
            )
        if folder.exists():
            break
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise OutputLocationError(
            f"{what} {readable_path(path)} cannot be written: folder {readable_path(parent)} cannot be "
            f"created ({reason}); choose another path"
        ) from None


def check_run_paths(corpus: Path | str, out: Path | str, *, cache_dir: Path | str | None = None) -> None:
    """The checks of ``run`` before it writes: ``out`` a folder (or new) outside ``corpus``, and so is the
    segmentation cache; :class:`OutputLocationError` otherwise."""
    check_outside_corpora(out, [corpus])
    check_output_folder(out)
    if cache_dir is not None:
        check_outside_corpora(cache_dir, [corpus], what="cache folder")


def is_output_folder(folder: Path) -> bool:
    """True if ``folder`` holds :data:`OUTPUT_MARKER`, or every one of :data:`LEGACY_OUTPUT_FILES`."""
    if (folder / OUTPUT_MARKER).is_file():
        return True
    return all((folder / name).is_file() for name in LEGACY_OUTPUT_FILES)


def write_marker(folder: Path) -> Path:
    """Write :data:`OUTPUT_MARKER` into ``folder`` (a staging folder, published with the outputs)."""
    marker = folder / OUTPUT_MARKER
    marker.write_text(MARKER_TEXT, encoding="utf-8")
    return marker
