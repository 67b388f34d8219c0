"""Read a corpus directory into :class:`~analysis.records.SourceDocument` records.

Files are only read (never written); every fault of one file becomes an
:class:`~analysis.records.IngestProblem` plus a warning, and the walk goes on.  The text is decoded
(:mod:`analysis.decode`) or extracted (:mod:`analysis.formats`: ``.docx``, ``.html``) and its newlines
normalised, nothing else: cleaning is :mod:`analysis.clean`'s job.

The walk (:func:`read_corpus`) follows links to files and folders and lists in ``problems.csv`` what it
cannot read: broken links, link loops, folders it may not list, files that are not regular files, known
document formats it does not read (with a command that converts them), binary and undecodable files.  A file
read with replaced bytes, read as Western European text, or whose name is not UTF-8 is listed too, with the
action taken, and analysed.  A folder holding the outputs of a run (:func:`analysis.paths.is_output_folder`)
is skipped with a warning, so outputs are never read back as reports.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from analysis.decode import DecodedText, UnreadableFileError, decode_bytes, decode_text
from analysis.formats import (
    CONVERT_HINTS,
    DOCX_SUFFIXES,
    HTML_SUFFIXES,
    READ_SUFFIXES,
    decode_html,
    docx_text,
    html_text,
)
from analysis.paths import OUTPUT_MARKER, is_output_folder, readable_path
from analysis.records import PROBLEM_RECORD, IngestProblem, SourceDocument
from analysis.walk import METADATA_FILE, Walk, walk_corpus

__all__ = ["DEFAULT_SUFFIXES", "UnreadableFileError", "decode_bytes", "read_corpus", "split_reports"]

logger = logging.getLogger(__name__)

#: Suffixes read: plain text, Word .docx and web pages (see :mod:`analysis.formats`).
DEFAULT_SUFFIXES: tuple[str, ...] = READ_SUFFIXES
#: Most line numbers named in a problem message (the count is always given).
SHOWN_LINES = 10
_ZIP_MAGIC = b"PK\x03\x04"


# ---------------------------------------------------------------------------------------------------------
# Several reports in one file
# ---------------------------------------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十百零〇两"
_NUM = rf"[{_CN_NUM}]+|[0-9]+|[０-９]+"
#: Part markers of a collection file, each with the ordinal ``n``; ``before``/``after`` are the title.
#: ``政治生态总体评价【第一篇】`` · ``【篇一】标题`` · ``篇一：标题`` · ``第一篇：标题`` ·
#: ``范文一`` / ``范文一：标题``.
PART_MARKER_RES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^(?P<before>.*?)【第?(?P<n>{_NUM})篇】(?P<after>.*)$"),
    re.compile(rf"^(?P<before>)【篇(?P<n>{_NUM})】(?P<after>.*)$"),
    re.compile(rf"^(?P<before>)篇(?P<n>{_NUM})(?:[:：、.．]|\s+|$)(?P<after>.*)$"),
    re.compile(rf"^(?P<before>)第(?P<n>{_NUM})篇(?:[:：、.．]|\s+|$)(?P<after>.*)$"),
    re.compile(rf"^(?P<before>)范文(?P<n>{_NUM})(?:[:：、.．]|\s+|$)(?P<after>.*)$"),
)
_CN_DIGIT_VALUES = {char: value for value, char in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_LINE_EDGE = " \t\xa0\u3000\ufeff\u200b"


def _ordinal(numeral: str) -> int:
    """``一`` → 1, ``十二`` → 12, ``二十`` → 20, ``3``/``３`` → 3 (numbers up to 999)."""
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for char in numeral:
        if char in _CN_DIGIT_VALUES:
            current = _CN_DIGIT_VALUES[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _match_marker(line: str) -> tuple[int, str] | None:
    stripped = line.strip(_LINE_EDGE)
    for pattern in PART_MARKER_RES:
        match = pattern.match(stripped)
        if match:
            title = (match.group("before") + match.group("after")).strip(_LINE_EDGE + "：:")
            return _ordinal(match.group("n")), title
    return None


def split_reports(text: str) -> list[str]:
    """Split a collection file into its reports; a file with fewer than two part markers is one report.

    A part starts at a line with a marker (:data:`PART_MARKER_RES`) and runs to the next one; its first line
    is the title with the marker removed (``政治生态总体评价【第一篇】`` → ``政治生态总体评价``), or, for a
    bare marker line (``范文一``), the line after it.  Text before the first marker (the collection title and
    portal notes) is dropped.  Markers must be numbered 1, 2, 3 … in order; otherwise the file is returned
    whole, since a single report may well mention ``第一篇``.
    """
    if "篇" not in text and "范文" not in text:  # every marker holds one of them: most files have none
        return [text]
    lines = text.split("\n")
    marks: list[tuple[int, int, str]] = []
    for index, line in enumerate(lines):
        found = _match_marker(line) if "篇" in line or "范文" in line else None
        if found is not None:
            marks.append((index, *found))
    if len(marks) < 2 or [ordinal for _, ordinal, _ in marks] != list(range(1, len(marks) + 1)):
        return [text]
    parts: list[str] = []
    for k, (index, _, title) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
        body = lines[index + 1 : end]
        part_lines = [title, *body] if title else body
        parts.append("\n".join(part_lines).strip("\n"))
    return parts


# ---------------------------------------------------------------------------------------------------------
# Reading one file
# ---------------------------------------------------------------------------------------------------------


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_list(lines: Sequence[int]) -> str:
    """``line 3``, ``lines 3, 7``, ``lines 1, 2, … 10 … (25 lines)``."""
    shown = ", ".join(map(str, lines[:SHOWN_LINES]))
    if len(lines) == 1:
        return f"line {shown}"
    return f"lines {shown} … ({len(lines)} lines)" if len(lines) > SHOWN_LINES else f"lines {shown}"


def decoding_problems(decoded: DecodedText, source: str) -> list[IngestProblem]:
    """Problems of a file that was read all the same: bytes replaced, or read as Western European text."""
    problems = []
    if decoded.replaced:
        lines = decoded.replaced_lines
        problems.append(
            IngestProblem(
                source,
                f"{source}: {decoded.replaced} undecodable byte(s) replaced by U+FFFD on {_line_list(lines)} "
                f"(read as {decoded.encoding.upper()}); the report is analysed: fix those lines in the file "
                "if they matter",
                "read with replacements",
            )
        )
    if decoded.western:
        problems.append(
            IngestProblem(
                source,
                f"{source} is not Chinese text in UTF-8, GB18030 or Big5; read as Western European text "
                f"(cp1252/Latin-1): check that it belongs to the corpus, or convert it (iconv -f CP1252 -t "
                f"UTF-8 '{source}' > fixed.txt)",
                "read as cp1252",
            )
        )
    return problems


def _extract(path: Path, source: str) -> tuple[str, list[IngestProblem]]:
    """The text of one file by its kind, and the problems of a file that was read all the same."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return docx_text(data, source=source), []
    if suffix in HTML_SUFFIXES:
        decoded = decode_html(data, source=source)
        return html_text(decoded.text), decoding_problems(decoded, source)
    if data.startswith(_ZIP_MAGIC):  # a Word file renamed .txt: read it, and say so
        try:
            text = docx_text(data, source=source)
        except UnreadableFileError:
            pass
        else:
            message = f"{source} is a Word .docx file with another suffix; read as .docx: rename it to .docx"
            return text, [IngestProblem(source, message, "read as .docx")]
    decoded = decode_text(data, source=source)
    return decoded.text, decoding_problems(decoded, source)


def _read_file(
    path: Path, source: str, metadata: dict[str, str], *, doc_id: str
) -> Iterator[SourceDocument | IngestProblem]:
    try:
        raw, problems = _extract(path, source)
        text = _normalize_newlines(raw)
        if not text.strip():
            raise UnreadableFileError(
                f"{source} is empty (only whitespace); put the report's text in it or remove it"
            )
    except UnreadableFileError as exc:
        message = str(exc)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        message = (
            f"{source} cannot be read ({reason}); check that the file exists and is readable, or remove it"
        )
    else:
        for problem in problems:
            logger.warning(problem.message, extra=PROBLEM_RECORD)
            yield problem
        parts = split_reports(text)
        if len(parts) == 1:
            yield SourceDocument(doc_id, source, parts[0], dict(metadata))
        else:
            for k, part in enumerate(parts, start=1):
                yield SourceDocument(f"{doc_id}#{k}", source, part, dict(metadata))
        return
    logger.warning(message, extra=PROBLEM_RECORD)
    yield IngestProblem(source, message)


# ---------------------------------------------------------------------------------------------------------
# Walking the corpus
# ---------------------------------------------------------------------------------------------------------


def _read_metadata(root: Path) -> dict[str, dict[str, str]]:
    """Rows of ``root/metadata.csv`` keyed by their ``file`` column (all values as str); {} if absent."""
    path = root / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        text = decode_bytes(path.read_bytes(), source=METADATA_FILE)
    except (OSError, UnreadableFileError) as exc:
        logger.warning("%s: cannot read metadata (%s); documents get no metadata", readable_path(path), exc)
        return {}
    reader = csv.DictReader(io.StringIO(_normalize_newlines(text)))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        logger.warning(
            "%s has no 'file' column; add one naming each corpus file to attach metadata", readable_path(path)
        )
        return {}
    rows: dict[str, dict[str, str]] = {}
    for row in reader:
        name = (row.get("file") or "").strip()
        if name:
            rows[name] = {str(key): "" if value is None else str(value) for key, value in row.items() if key}
    return rows


def _doc_ids(sources: dict[Path, str]) -> dict[Path, str]:
    """The file's stem, as the output contract says; where two files share a stem (``2023/报告.txt`` and
    ``2024/报告.txt``), their relative paths without suffix, and with it where even those collide."""
    stems = {path: Path(source).stem for path, source in sources.items()}
    bare = {path: str(Path(source).with_suffix("").as_posix()) for path, source in sources.items()}
    stem_counts, bare_counts = Counter(stems.values()), Counter(bare.values())
    ids = {}
    for path, source in sources.items():
        if stem_counts[stems[path]] == 1:
            ids[path] = stems[path]
        elif bare_counts[bare[path]] == 1:
            ids[path] = bare[path]
        else:
            ids[path] = source
    return ids


def read_corpus(
    root: Path | str, *, suffixes: Sequence[str] = DEFAULT_SUFFIXES
) -> Iterator[SourceDocument | IngestProblem]:
    """Yield the reports of every file under ``root`` (recursively, sorted by relative path) and its problems.

    Hidden files and folders, ``metadata.csv`` and folders holding a run's outputs are skipped; files with
    other suffixes are listed as problems if they are a known document format (with how to convert them),
    else ignored (logged at INFO once per suffix).  A file holding several reports (:func:`split_reports`)
    gives ``stem#1``, ``stem#2`` …; ``metadata`` is the row of ``root/metadata.csv`` whose ``file`` equals
    the file name.  A file that cannot be read gives an :class:`IngestProblem` (and a warning) instead; a
    file read all the same (bytes replaced, a name that is not UTF-8 …) gives both.  A name that is not
    UTF-8 is shown with ``\\xNN`` escapes in ``source`` and ``doc_id``.

    Raises FileNotFoundError at once (not on first iteration) when ``root`` is not a directory or holds no
    readable files, ValueError when it cannot be listed or holds the outputs of a run.
    """
    root = Path(root)
    shown = readable_path(root)
    if not root.is_dir():
        raise FileNotFoundError(
            f"corpus directory {shown!r} does not exist or is not a directory; pass the folder that "
            f"holds the report files ({', '.join(suffixes)}), e.g. corpus/"
        )
    if is_output_folder(root):
        raise ValueError(
            f"corpus directory {shown!r} holds the outputs of a run ({OUTPUT_MARKER}), not reports; pass the "
            "folder that holds the report files"
        )
    walk = walk_corpus(root, {suffix.lower() for suffix in suffixes})
    for suffix, example in sorted(walk.ignored.items()):
        logger.info(
            "ignoring files with suffix %s (e.g. %s): only %s are read", suffix, example, list(suffixes)
        )
    if not walk.files:
        raise FileNotFoundError(
            f"no {'/'.join(suffixes)} files in corpus directory {shown!r}{_convertible_note(walk)}; pass the "
            "folder that holds the report files, or convert the reports to plain text"
        )
    metadata = _read_metadata(root)
    return _iter_corpus(walk, metadata)


def _convertible_note(walk: Walk) -> str:
    """`` (it holds 3 .pdf file(s), not read: convert them, e.g. pdftotext -layout '<file>')``, or ``""``."""
    if not walk.convertible:
        return ""
    found = ", ".join(f"{n} {suffix}" for suffix, n in sorted(walk.convertible.items()))
    commonest = walk.convertible.most_common(1)[0][0]
    command = CONVERT_HINTS[commonest][1].format(path="<file>")
    return f" (it holds {found} file(s), which are not read: convert them to text, e.g. {command})"


def _iter_corpus(walk: Walk, metadata: dict[str, dict[str, str]]) -> Iterator[SourceDocument | IngestProblem]:
    sources = {path: readable_path(relative) for relative, path in walk.files}
    doc_ids = _doc_ids(sources)
    items: list[tuple[str, int, Path | IngestProblem]] = [(rel, 1, path) for rel, path in walk.files]
    items += [(rel, 0, problem) for rel, problem in walk.problems]
    for relative, _, item in sorted(items, key=lambda it: (it[0], it[1])):
        if isinstance(item, IngestProblem):
            logger.warning(item.message, extra=PROBLEM_RECORD)
            yield item
            continue
        source = sources[item]
        if source != relative:
            message = (
                f"{source}: the file name is not valid UTF-8 (shown with \\x escapes"
                f"{_gb_reading(relative)}); the report is read under this name: rename the file (e.g. "
                "convmv -f GBK -t UTF-8 --notest)"
            )
            logger.warning(message, extra=PROBLEM_RECORD)
            yield IngestProblem(source, message, "read (name escaped)")
        row = metadata.get(item.name) or metadata.get(readable_path(item.name), {})
        yield from _read_file(item, source, row, doc_id=doc_ids[item])


def _gb_reading(relative: str) -> str:
    """``"; as GBK: 报告.txt"`` when the name's bytes read as GB18030, else ``""``."""
    try:
        return f"; as GBK it reads {os.fsencode(relative).decode('gb18030')}"
    except UnicodeDecodeError:
        return ""
