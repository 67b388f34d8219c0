"""Decoding a corpus file's bytes: which encoding, and what could not be decoded.

Order (:func:`decode_text`):

1. empty data and known binary containers (ZIP/.docx, PDF, OLE2 .doc/.xls/.wps, RTF, images, archives,
   recognised by their first bytes) are refused with a hint that fits what they are;
2. a byte-order mark decides (UTF-8-SIG, UTF-16 LE/BE, UTF-32);
3. BOM-less data with NUL bytes is tried as UTF-16 LE and BE (the reading whose characters are usual);
4. UTF-8: strict, or with replacements when at most :data:`MAX_BAD_SHARE` of its non-ASCII bytes are
   invalid (a damaged byte in a UTF-8 file; a file in another encoding has most of them invalid);
5. GB18030 (a superset of GBK and GB2312) or Big5, whichever reading looks more Chinese: the share of the
   Chinese characters it gives that are among the encoding's frequent characters (GB2312 level 1, Big5
   level 1: each over 99 % of running text in its script) must be at least :data:`MIN_COMMON_SHARE`, and
   the higher share wins.  Chinese text gives 0.7–1.0 in its own encoding and about 0.5 in the other (the
   two frequent blocks overlap in byte ranges); Western text read as GB18030 gives mostly rare characters
   (``déjà`` → ``d閖?``) and fails the test;
6. Western European text (cp1252, a superset of Latin-1's printable characters): accepted when the text is
   mostly ASCII and its other characters are letters; it is reported, as the corpus is meant to be Chinese.

Whatever the encoding, undecodable bytes (and NUL bytes) become U+FFFD and their line numbers are kept
(:attr:`DecodedText.replaced_lines`): the report is analysed and the file listed in ``problems.csv``.  Only
data with more than :data:`MAX_BAD_SHARE` of bad or control characters is refused as not text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

#: Most bytes (a share of the non-ASCII bytes) that may be replaced in a reading that is still taken, and
#: most characters (a share of the text) that may be replaced or control characters in the result.
MAX_BAD_SHARE = 0.05
#: Least share of a CJK reading's Chinese characters that must be frequent ones (see module docstring).
MIN_COMMON_SHARE = 0.5
#: Western text: at most this share of non-ASCII characters, and at least this share of them letters.
MAX_WESTERN_NON_ASCII = 0.3
MIN_WESTERN_LETTERS = 0.8
#: BOM-less data with NUL bytes is UTF-16 when this share of its characters is usual (ASCII, CJK, CJK and
#: full-width punctuation); the wrong byte order of Chinese text scatters characters over all of Unicode.
UTF16_MIN_USUAL_SHARE = 0.9
#: Characters sampled for the share tests (a few pages are enough to tell an encoding).
SAMPLE_CHARS = 200_000

_USUAL_CHAR_RE = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
)
_HANZI_RE = re.compile(r"[\u4e00-\u9fff]")
_LINE_BREAK_RE = re.compile(rb"\r\n|\r|\n")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: First bytes of binary files someone may put (or rename to .txt) in a corpus, and what to do with them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP container (a .docx, .xlsx, .pptx or .zip file renamed?): name a Word file .docx "
     "to have it read, or save it as plain text (.txt)"),
    (b"%PDF-", "a PDF: convert it with pdftotext -layout '{path}' (a scanned PDF needs OCR first)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc, .xls, .wps …): convert it with "
     "libreoffice --headless --convert-to txt:Text '{path}'"),
    (b"{\\rtf", "an RTF document: convert it with libreoffice --headless --convert-to txt:Text '{path}'"),
    (b"\x89PNG", "a PNG image: a scanned page needs OCR, it is not text"),
    (b"\xff\xd8\xff", "a JPEG image: a scanned page needs OCR, it is not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"Rar!", "a RAR archive: unpack it and put the reports in the corpus"),
    (b"7z\xbc\xaf", "a 7-Zip archive: unpack it and put the reports in the corpus"),
    (b"\x1f\x8b", "a gzip archive: unpack it and put the reports in the corpus"),
)  # fmt: skip


class UnreadableFileError(ValueError):
    """A corpus file that is not text in a supported encoding, or is empty."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's text and how it was obtained."""

    text: str
    encoding: str  #: Python codec name (``utf-8``, ``gb18030``, ``big5``, ``cp1252``, ``utf-16`` …)
    replaced: int = 0  #: undecodable bytes and NUL bytes replaced by U+FFFD
    replaced_lines: tuple[int, ...] = ()  #: 1-based numbers of the lines holding them
    western: bool = False  #: read as Western European text (cp1252): not Chinese, worth a look


def binary_kind(data: bytes) -> str | None:
    """What a binary file is and what to do with it (``{path}`` to fill in), from its first bytes."""
    for magic, hint in _MAGIC:
        if data.startswith(magic):
            return hint
    return None


def _hint(source: str) -> str:
    return f"convert it to UTF-8 (e.g. iconv -f <its encoding> -t UTF-8 '{source}' > fixed.txt) or remove it"


@lru_cache(maxsize=2)
def frequent_characters(encoding: str) -> frozenset[str]:
    """The encoding's block of frequent Chinese characters: GB2312 level 1 (B0A1–D7F9, 3,755 characters)
    for GB18030, Big5 level 1 (A440–C67E, 5,401 characters) for Big5."""
    chars: set[str] = set()
    if encoding == "gb18030":
        pairs = ((lead, trail) for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF))
    else:
        trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
        pairs = (
            (lead, trail) for lead in range(0xA4, 0xC7) for trail in trails if (lead, trail) <= (0xC6, 0x7E)
        )
    block = "gb2312" if encoding == "gb18030" else encoding  # GB18030 fills GB2312's gaps (D7FA–D7FE)
    for lead, trail in pairs:
        try:
            chars.add(bytes((lead, trail)).decode(block))
        except UnicodeDecodeError:
            continue
    return frozenset(chars)


def common_share(text: str, encoding: str) -> float | None:
    """Share of the Chinese characters of ``text`` (sampled) frequent in ``encoding``; None without any."""
    hanzi = _HANZI_RE.findall(text[:SAMPLE_CHARS])
    if not hanzi:
        return None
    frequent = frequent_characters(encoding)
    return sum(ch in frequent for ch in hanzi) / len(hanzi)


def _replacements(data: bytes, encoding: str) -> int:
    """How many U+FFFD decoding ``data`` with replacement adds (the data's own U+FFFD not counted)."""
    return data.decode(encoding, "replace").count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")


def _lenient(data: bytes, encoding: str, *, most: float = float("inf")) -> DecodedText:
    """``data`` decoded, undecodable bytes replaced by U+FFFD, with the numbers of the lines holding them.

    Line by line for ASCII-compatible encodings (no multi-byte sequence of UTF-8, GB18030 or Big5 holds a
    CR or LF byte, so a bad byte never swallows a line break); UTF-16/32 as a whole.  With more than
    ``most`` replacements the reading is not wanted: only its count is returned (text empty).
    """
    try:
        return DecodedText(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        pass
    count = _replacements(data, encoding)
    if count > most:
        return DecodedText("", encoding, count)
    if encoding.startswith(("utf-16", "utf-32")):
        text = data.decode(encoding, "replace")
        lines = tuple(n for n, line in enumerate(_split_lines(text), 1) if "\ufffd" in line)
        return DecodedText(text, encoding, count, lines)
    pieces = _LINE_BREAK_RE.split(data)
    breaks = _LINE_BREAK_RE.findall(data)
    out: list[str] = []
    bad_lines: list[int] = []
    replaced = 0
    for number, piece in enumerate(pieces, 1):
        try:
            out.append(piece.decode(encoding))
        except UnicodeDecodeError:
            text = piece.decode(encoding, "replace")
            replaced += text.count("\ufffd") - piece.decode(encoding, "ignore").count("\ufffd")
            bad_lines.append(number)
            out.append(text)
        if number <= len(breaks):
            out.append(breaks[number - 1].decode("ascii"))
    return DecodedText("".join(out), encoding, replaced, tuple(bad_lines))


def _split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _non_ascii(data: bytes) -> int:
    return len(data) - len(data.decode("latin-1").encode("ascii", "ignore"))


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """The UTF-16 reading (LE or BE) of BOM-less ``data`` whose characters are most usual, if usual enough."""
    best: tuple[float, DecodedText] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        decoded = _lenient(data[: len(data) // 2 * 2], encoding)
        text = decoded.text
        if text:
            share = len(_USUAL_CHAR_RE.findall(text[:SAMPLE_CHARS])) / len(text[:SAMPLE_CHARS])
            if share >= UTF16_MIN_USUAL_SHARE and (best is None or share > best[0]):
                best = (share, decoded)
    return best[1] if best else None


def _looks_western(text: str) -> bool:
    sample = text[:SAMPLE_CHARS]
    others = [ch for ch in sample if ord(ch) > 0x7F]
    if not others or len(others) > MAX_WESTERN_NON_ASCII * len(sample):
        return False
    return sum(ch.isalpha() for ch in others) >= MIN_WESTERN_LETTERS * len(others)


def _choose(data: bytes) -> DecodedText | None:
    """The reading of BOM-less ``data`` (steps 3–6 of the module docstring), or None."""
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    try:  # valid UTF-8 (nearly every file): no replacement, whatever the bound below (0.06 s at 100 MB)
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    most = MAX_BAD_SHARE * max(1, _non_ascii(data))
    utf8 = _lenient(data, "utf-8", most=most)
    if utf8.replaced <= most:
        return utf8
    best: tuple[float, DecodedText] | None = None
    for encoding in ("gb18030", "big5"):  # GB18030 wins a tie
        decoded = _lenient(data, encoding, most=most)
        share = common_share(decoded.text, encoding) if decoded.replaced <= most else None
        if share is not None and share >= MIN_COMMON_SHARE and (best is None or share > best[0]):
            best = (share, decoded)
    if best is not None:
        return best[1]
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = data.decode("latin-1")
    if _looks_western(western):
        return DecodedText(western, "cp1252", western=True)
    return None


def _bad_share(text: str) -> float:
    """Share of characters that are U+FFFD or neither printable nor ordinary whitespace."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if not (ch.isprintable() or ch in "\n\r\t\f\u3000\xa0") or ch == "\ufffd")
    return bad / len(text)


def _without_nul(decoded: DecodedText) -> DecodedText:
    """NUL characters replaced by U+FFFD and counted with the other replacements."""
    text = decoded.text
    if "\x00" not in text:
        return decoded
    nul_lines = {n for n, line in enumerate(_split_lines(text), 1) if "\x00" in line}
    return DecodedText(
        text.replace("\x00", "\ufffd"),
        decoded.encoding,
        decoded.replaced + text.count("\x00"),
        tuple(sorted(nul_lines.union(decoded.replaced_lines))),
        decoded.western,
    )


def decode_text(data: bytes, *, source: str) -> DecodedText:
    """Decode a corpus file's bytes (see module docstring); ``source`` names the file in error messages.

    Raises :class:`UnreadableFileError` for empty data, binary files and text in no supported encoding,
    with a hint that fits the fault.
    """
    if not data:
        raise UnreadableFileError(
            f"{source} is empty; put the report's text in it or remove it from the corpus"
        )
    kind = binary_kind(data)
    if kind is not None:
        raise UnreadableFileError(f"{source} is not text but {kind.format(path=source)}")
    decoded: DecodedText | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            decoded = _lenient(data, encoding)
            break
    else:
        decoded = _choose(data)
    if decoded is not None:
        if decoded.encoding.startswith("utf-8") and not decoded.replaced and b"\x00" not in data:
            return decoded  # strict UTF-8 is UTF-8 (other encodings rarely pass), whatever its characters
        decoded = _without_nul(decoded)
        if _bad_share(decoded.text[:SAMPLE_CHARS]) <= MAX_BAD_SHARE:
            return decoded
    if b"\x00" in data:
        raise UnreadableFileError(
            f"{source} is not text (it holds NUL bytes: binary data such as an image, an archive or a "
            "document of a word processor); open it in the program that made it and save it as plain text "
            "(.txt), or remove it"
        )
    raise UnreadableFileError(
        f"{source} is not text in UTF-8, GB18030, Big5 or UTF-16 (most of its bytes do not decode); "
        f"{_hint(source)}"
    )


def decode_bytes(data: bytes, *, source: str) -> str:
    """The text of :func:`decode_text`."""
    return decode_text(data, source=source).text
