"""Lexicons: jieba user dictionaries read, checked, written, and made from mined phrases.

A user dictionary is in jieba's own format, one entry a line: ``word [freq] [pos]`` separated by single
spaces; ``#`` starts a comment line; blank lines are ignored.  jieba silently ignores an entry whose word
holds a character its cutter never joins (whitespace, punctuation such as ``、`` or ``“``) and a
tab-separated line, so :func:`read_lexicon` skips such lines with a :class:`LexiconWarning` naming the
file and line.  A formulation with punctuation (``不忘初心、牢记使命``) is the slogan detector's job.
So is a line whose frequency is not a whole number from 1 to :data:`MAX_LEXICON_FREQ` (negative, a
fraction, ``99999999999999999999``): the entry never reaches a backend, whichever is used.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.records import Phrase

#: Characters jieba's cutter joins into words (``jieba.re_han_default``); a dictionary word made of anything
#: else can never come out of ``cut`` as one token.
_JIEBA_WORD = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
_POS = re.compile(r"[a-z]+")
_FREQ = re.compile(r"[0-9]+")
_NUMBER_LIKE = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
#: Largest frequency a lexicon entry may give.  jieba's own dictionary counts 60 million words in all, its
#: most frequent word (的) 883,634 times; a word given ten million outweighs every real word ten times over,
#: and a larger number is a typo or an overflow (rjieba stores 64-bit counts and raises OverflowError beyond;
#: jieba's total would swamp every other word's probability).  Omit the frequency to let jieba choose one.
MAX_LEXICON_FREQ = 10_000_000


class LexiconWarning(UserWarning):
    """A lexicon line was skipped because jieba would ignore or misread it."""


def is_jieba_word(word: str) -> bool:
    """True if jieba can cut ``word`` out whole: only CJK U+4E00–U+9FD5, ASCII alphanumerics, ``+#&._%-``."""
    return _JIEBA_WORD.fullmatch(word) is not None


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """A user-dictionary word; ``freq`` None lets jieba choose a frequency just high enough to keep it whole.

    Raises ValueError for a word jieba cannot hold, a frequency below 1 or a tag that is not lower-case ASCII.
    """

    word: str
    freq: int | None = None
    pos: str | None = None

    def __post_init__(self) -> None:
        if not is_jieba_word(self.word):
            raise ValueError(
                f"lexicon word {self.word!r} contains whitespace or punctuation that jieba never joins; "
                "use only Chinese characters, ASCII letters and digits (punctuated slogans: slogan miner)"
            )
        # freq 0 would make jieba call finalseg.add_force_split, which edits jieba's module-global HMM state.
        if self.freq is not None and (
            isinstance(self.freq, bool)
            or not isinstance(self.freq, int)
            or not 1 <= self.freq <= MAX_LEXICON_FREQ
        ):
            raise ValueError(
                f"lexicon frequency of {self.word!r} must be a whole number from 1 to {MAX_LEXICON_FREQ:,} "
                f"or None, got {self.freq!r}"
            )
        if self.pos is not None and not _POS.fullmatch(self.pos):
            raise ValueError(
                f"tag of {self.word!r} must be lower-case ASCII letters such as nz, got {self.pos!r}"
            )

    def to_line(self) -> str:
        """The entry as a jieba dictionary line: ``word [freq] [pos]``."""
        return " ".join(str(x) for x in (self.word, self.freq, self.pos) if x is not None)


def _parse_lexicon_line(line: str) -> LexiconEntry | str:
    """An entry, or the reason the (stripped, non-comment) line is unusable."""
    if "\t" in line:
        return "tab-separated; jieba reads only `word freq pos` separated by single spaces"
    fields = line.split(" ")
    if "" in fields:
        return "several spaces in a row; separate word, freq and pos by single spaces"
    if len(fields) > 3:
        return "more than three fields; a word cannot contain spaces"
    word, rest = fields[0], fields[1:]
    if not is_jieba_word(word):
        bad = sorted({ch for ch in word if not _JIEBA_WORD.fullmatch(ch)})
        return (
            f"word contains {''.join(bad)!r} (whitespace or punctuation), which jieba never joins; "
            "leave punctuated formulations to the slogan miner"
        )
    freq: int | None = None
    pos: str | None = None
    if rest and _FREQ.fullmatch(rest[0]):
        digits = rest.pop(0)
        # compared as text first: int() of thousands of digits is slow and raises beyond 4,300 digits
        if len(digits.lstrip("0")) > len(str(MAX_LEXICON_FREQ)) or int(digits) > MAX_LEXICON_FREQ:
            shown = digits if len(digits) <= 30 else f"{digits[:12]}… ({len(digits)} digits)"
            return (
                f"frequency {shown} is absurd (more than {MAX_LEXICON_FREQ:,}, ten times the most frequent "
                "word of jieba's dictionary); use a realistic count or omit it"
            )
        freq = int(digits)
        if freq < 1:
            return "frequency 0 is not supported (jieba would edit its global HMM state); omit it or use >= 1"
    elif rest and _NUMBER_LIKE.fullmatch(rest[0]):
        return (
            f"frequency {rest[0]!r} is not a whole number from 1 to {MAX_LEXICON_FREQ:,}; "
            "use a realistic count or omit it"
        )
    if rest and _POS.fullmatch(rest[0]):
        pos = rest.pop(0)
    if rest:
        return f"{rest[0]!r} is neither a frequency (digits) nor a tag (a-z); a word cannot contain spaces"
    return LexiconEntry(word, freq, pos)


def read_lexicon(path: Path | str) -> tuple[LexiconEntry, ...]:
    """Entries of a jieba-format user dictionary, in file order.

    Unusable lines are skipped with a :class:`LexiconWarning` ``"<path>:<line>: skipped '<line>': <reason>"``.
    A word listed twice keeps its first position and its last values (as jieba, the last ``add_word`` wins).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"lexicon file {path} not found; pass an existing file or omit the lexicon"
        ) from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"lexicon file {path} is not UTF-8 ({exc.reason}); re-save it as UTF-8") from None
    entries: dict[str, LexiconEntry] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip(" \r\n\ufeff")
        if not line or line.startswith("#"):
            continue
        parsed = _parse_lexicon_line(line)
        if isinstance(parsed, str):
            shown = line if len(line) <= 80 else f"{line[:60]}…"
            warnings.warn(f"{path}:{lineno}: skipped {shown!r}: {parsed}", LexiconWarning, stacklevel=2)
            continue
        entries[parsed.word] = parsed
    return tuple(entries.values())


def write_lexicon(entries: Iterable[LexiconEntry], path: Path | str) -> Path:
    """Write ``entries`` as a jieba user dictionary, atomically (temporary file in the folder, renamed).

    Entry lines only (``word [freq] [pos]``): ``jieba.load_userdict`` reads every line as a word, a comment
    line included, so the file loads as it is in jieba as well as in :func:`read_lexicon`.
    """
    path = Path(path)
    lines = [entry.to_line() for entry in entries]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write("\n".join(lines) + "\n")
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)  # mkstemp made it 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def default_lexicon_path() -> Path:
    """The bundled domain lexicon, ``analysis/data/lexicon.txt``."""
    return Path(__file__).resolve().parent / "data" / "lexicon.txt"


#: Part-of-speech tag given to mined phrases of each kind (jieba's tags: nz = other proper noun, i = idiom).
KIND_POS: dict[str, str] = {"slogan": "nz", "term": "nz", "idiom": "i", "passage": "l", "heading": "l"}


def lexicon_from_phrases(
    phrases: Iterable[Phrase], *, kinds: Sequence[str] = ("slogan", "term", "idiom")
) -> tuple[LexiconEntry, ...]:
    """Lexicon entries for the mined phrases of ``kinds`` that jieba can hold (see :func:`is_jieba_word`).

    Frequencies are left to jieba (None); the tag comes from :data:`KIND_POS`.  Order is the input order,
    each word once; phrases of one character are dropped (a dictionary cannot join them with anything).
    """
    seen: dict[str, LexiconEntry] = {}
    for phrase in phrases:
        word = phrase.phrase
        if phrase.kind in kinds and len(word) > 1 and word not in seen and is_jieba_word(word):
            seen[word] = LexiconEntry(word, None, KIND_POS.get(phrase.kind))
    return tuple(seen.values())


def lexicon_fingerprint(entries: Iterable[LexiconEntry]) -> str:
    """SHA-256 of the entries in order (order matters: a None frequency depends on the words added before)."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(f"{entry.word} {entry.freq} {entry.pos}\n".encode())
    return digest.hexdigest()
