"""Read a corpus directory into :class:`~analysis.records.SourceDocument` records.

Files are only read (never written); every problem with one file becomes an
:class:`~analysis.records.IngestProblem` plus a warning, and the walk goes on.  The text is decoded and its
newlines normalised, nothing else: cleaning is :mod:`analysis.clean`'s job.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from analysis.records import IngestProblem, SourceDocument

logger = logging.getLogger(__name__)

METADATA_FILE = "metadata.csv"
DEFAULT_SUFFIXES: tuple[str, ...] = (".txt", ".md")

#: Decoded text must consist of at least this share of "text" characters (letters, CJK, digits,
#: punctuation, whitespace); below it the bytes are taken for binary data or a wrong encoding.
MIN_TEXT_SHARE = 0.95
#: BOM-less data with NUL bytes is decoded as UTF-16 LE and BE; the reading whose characters are at least
#: this share "usual" (ASCII, CJK, CJK punctuation, full-width forms, general punctuation) wins.  The wrong
#: byte order of Chinese text gives characters scattered over all of Unicode, well below this share.
UTF16_MIN_USUAL_SHARE = 0.9
_USUAL_CHAR_RE = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
)


class UnreadableFileError(ValueError):
    """A corpus file that is not text in a supported encoding, or is empty."""


def _fix_hint(source: str) -> str:
    return f"convert it to UTF-8 (e.g. iconv -f GB18030 -t UTF-8 '{source}' > fixed.txt) or remove it"


def _text_share(text: str) -> float:
    """Share of characters that are printable or ordinary whitespace: ``printable / len``."""
    if not text:
        return 1.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t\f\u3000\xa0")
    return good / len(text)


def _plausible(text: str) -> bool:
    return "\x00" not in text and _text_share(text) >= MIN_TEXT_SHARE


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 reading (LE or BE) of BOM-less ``data`` whose characters are most usual, if usual enough."""
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _try_decode(data, encoding)
        if text:
            share = len(_USUAL_CHAR_RE.findall(text)) / len(text)
            if share >= UTF16_MIN_USUAL_SHARE and (best is None or share > best[0]):
                best = (share, text)
    return best[1] if best else None


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _plausible(text) else None


def decode_bytes(data: bytes, *, source: str) -> str:
    """Decode a corpus file's bytes; ``source`` names the file in error messages.

    Order: BOM (UTF-8-SIG, UTF-16 LE/BE, UTF-32) → strict UTF-8 → BOM-less UTF-16 (only when there are
    NUL bytes: the byte order whose text looks usual) → GB18030 (a superset of GBK and GB2312) →
    charset-normalizer.  Data with NUL bytes that is not UTF-16 (a .docx, .pdf or zip renamed .txt),
    data whose decoded text is not mostly printable, and an empty file raise
    :class:`UnreadableFileError`.
    """
    if not data:
        raise UnreadableFileError(
            f"{source} is empty; put the report's text in it or remove it from the corpus"
        )
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            text = _try_decode(data, encoding)
            if text is not None:
                return text
            break
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise UnreadableFileError(
            f"{source} is not text in UTF-8, GB18030 or UTF-16 (it holds NUL bytes: binary data such as a "
            f".docx, .pdf or zip file renamed .txt?); save it as plain text and {_fix_hint(source)}"
        )
    try:
        return data.decode("utf-8")  # strict UTF-8 that decodes is UTF-8: other encodings rarely pass
    except UnicodeDecodeError:
        pass
    text = _try_decode(data, "gb18030")
    if text is not None:
        return text
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data).best()
    except Exception as exc:  # charset-normalizer is a last resort; its failure is ours to report
        logger.debug("charset-normalizer failed on %s: %s", source, exc)
        best = None
    if best is not None:
        text = str(best)
        if _plausible(text):
            logger.info("%s: decoded as %s (guessed by charset-normalizer)", source, best.encoding)
            return text
    raise UnreadableFileError(f"{source} is not text in UTF-8, GB18030 or UTF-16; {_fix_hint(source)}")


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
# Walking the corpus
# ---------------------------------------------------------------------------------------------------------


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_metadata(root: Path) -> dict[str, dict[str, str]]:
    """Rows of ``root/metadata.csv`` keyed by their ``file`` column (all values as str); {} if absent."""
    path = root / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        text = decode_bytes(path.read_bytes(), source=METADATA_FILE)
    except (OSError, UnreadableFileError) as exc:
        logger.warning("%s: cannot read metadata (%s); documents get no metadata", path, exc)
        return {}
    reader = csv.DictReader(io.StringIO(_normalize_newlines(text)))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        logger.warning("%s has no 'file' column; add one naming each corpus file to attach metadata", path)
        return {}
    rows: dict[str, dict[str, str]] = {}
    for row in reader:
        name = (row.get("file") or "").strip()
        if name:
            rows[name] = {str(key): "" if value is None else str(value) for key, value in row.items() if key}
    return rows


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _corpus_files(root: Path, suffixes: Sequence[str]) -> list[Path]:
    wanted = {suffix.lower() for suffix in suffixes}
    files: list[Path] = []
    ignored: dict[str, Path] = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if _is_hidden(relative) or not path.is_file():
            continue
        if path.name == METADATA_FILE and path.parent == root:
            continue
        suffix = path.suffix.lower()
        if suffix in wanted:
            files.append(path)
        else:
            ignored.setdefault(suffix or "(none)", relative)
    for suffix, example in sorted(ignored.items()):
        logger.info(
            "ignoring files with suffix %s (e.g. %s): only %s are read", suffix, example, sorted(wanted)
        )
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _doc_ids(root: Path, files: list[Path]) -> dict[Path, str]:
    """The file's stem, as the output contract says; where two files share a stem (``2023/报告.txt`` and
    ``2024/报告.txt``), their relative paths without suffix, and with it where even those collide."""
    stems = Counter(path.stem for path in files)
    bare = Counter(path.relative_to(root).with_suffix("").as_posix() for path in files)
    ids = {}
    for path in files:
        relative = path.relative_to(root)
        if stems[path.stem] == 1:
            ids[path] = path.stem
        elif bare[relative.with_suffix("").as_posix()] == 1:
            ids[path] = relative.with_suffix("").as_posix()
        else:
            ids[path] = relative.as_posix()
    return ids


def _read_file(
    path: Path, source: str, metadata: dict[str, str], *, doc_id: str
) -> Iterator[SourceDocument | IngestProblem]:
    try:
        text = _normalize_newlines(decode_bytes(path.read_bytes(), source=source))
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
        parts = split_reports(text)
        stem = doc_id
        if len(parts) == 1:
            yield SourceDocument(stem, source, parts[0], dict(metadata))
        else:
            for k, part in enumerate(parts, start=1):
                yield SourceDocument(f"{stem}#{k}", source, part, dict(metadata))
        return
    logger.warning(message)
    yield IngestProblem(source, message)


def read_corpus(
    root: Path | str, *, suffixes: Sequence[str] = DEFAULT_SUFFIXES
) -> Iterator[SourceDocument | IngestProblem]:
    """Yield the reports of every text file under ``root`` (recursively, sorted by relative path).

    Hidden files and folders and ``metadata.csv`` are skipped; files with other suffixes are ignored (logged
    at INFO once per suffix).  A file holding several reports (:func:`split_reports`) gives ``stem#1``,
    ``stem#2`` …; ``metadata`` is the row of ``root/metadata.csv`` whose ``file`` equals the file name.
    A file that cannot be read or decoded gives an :class:`IngestProblem` (and a warning) instead.

    Raises FileNotFoundError at once (not on first iteration) when ``root`` is not a directory or holds no
    text files.
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(
            f"corpus directory {str(root)!r} does not exist or is not a directory; pass the folder that "
            f"holds the report files ({', '.join(suffixes)}), e.g. corpus/"
        )
    files = _corpus_files(root, suffixes)
    if not files:
        raise FileNotFoundError(
            f"no {'/'.join(suffixes)} files in corpus directory {str(root)!r}; pass the folder that holds "
            "the report files, or convert the reports to plain text"
        )
    metadata = _read_metadata(root)
    return _iter_corpus(root, files, metadata)


def _iter_corpus(
    root: Path, files: list[Path], metadata: dict[str, dict[str, str]]
) -> Iterator[SourceDocument | IngestProblem]:
    doc_ids = _doc_ids(root, files)
    for path in files:
        source = path.relative_to(root).as_posix()
        yield from _read_file(path, source, metadata.get(path.name, {}), doc_id=doc_ids[path])
