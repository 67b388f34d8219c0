"""Segmentation: split report paragraphs into sentences and sentences into jieba tokens.

Lexicon
    A user dictionary in jieba's own format, one entry a line: ``word [freq] [pos]`` separated by single
    spaces; ``#`` starts a comment line; blank lines are ignored.  jieba silently ignores an entry whose word
    holds a character its cutter never joins (whitespace, punctuation such as ``、`` or ``“``) and a
    tab-separated line, so :func:`read_lexicon` skips such lines with a :class:`LexiconWarning` naming the
    file and line.  A formulation with punctuation (``不忘初心、牢记使命``) is the slogan detector's job.
    So is a line whose frequency is not a whole number from 1 to :data:`MAX_LEXICON_FREQ` (negative, a
    fraction, ``99999999999999999999``): the entry never reaches a backend, whichever is used.

Backends
    :class:`Segmenter` builds one private tokenizer (never jieba's module singleton, never
    ``jieba.enable_parallel``): ``jieba.Tokenizer`` or ``rjieba.Jieba`` (Rust, about 6–10x faster).  rjieba
    keeps an out-of-vocabulary run such as ``2011-2020`` whole where jieba's HMM splits it into
    ``2011 / - / 2020``; the rjieba engine re-splits such tokens the way jieba does, after which both agree
    on every sentence of the bundled corpora.  ``backend="auto"`` checks that agreement on
    :data:`CHECK_TEXTS` (plus the lexicon's words) and uses rjieba only if every token matches.

Sentences
    :func:`split_sentences` ends a sentence after a run of ``。！？；!?;`` together with any closing quotes or
    brackets that follow it (``……。”``), and at every line break.  A sentence longer than
    :data:`MAX_SENTENCE_CHARS` is cut into pieces (see there).

Parallelism and cache
    :func:`segment_reports` runs in-process (``workers=1``) or in a spawn-context process pool; every worker
    process builds its own tokenizer from the pickled :class:`Segmenter` parameters.  Within a run a sentence
    is cut once however often it repeats (a bounded in-memory memo per process).  With ``cache_dir`` the
    tokens of each report are stored in ``cache_dir/segment-v1/<k[:2]>/<k>.marshal``, where ``k`` is the
    SHA-256 of the segmenter's :attr:`Segmenter.fingerprint` (backend, HMM flag, lexicon, package versions)
    and the report's sentences; a rerun on unchanged text skips the tokenizer.  Delete the directory to
    clear the cache; a stale or corrupt file is recomputed, never trusted.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from analysis.progress import progress_bar
from analysis.records import Phrase, Report, Sentence

logger = logging.getLogger(__name__)

Backend = Literal["auto", "jieba", "rjieba"]
BACKENDS: tuple[str, ...] = ("auto", "jieba", "rjieba")

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
#: jieba's HMM splits an out-of-vocabulary non-Chinese run with this pattern (``jieba.finalseg.re_skip``).
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_HAN = re.compile(r"[\u4E00-\u9FD5]+")
_TOTAL_PAD = "\ue000"

SENTENCE_ENDS = "。！？；!?;"
#: Longest sentence kept whole, in characters.  The longest sentence of the development corpora has 461
#: characters and 99.9 % have fewer than 250, so no real sentence comes near it; what does is text that lost
#: its punctuation (pasted from a PDF or a page: a line of 1.7 million characters was seen), which would be
#: one "sentence" that every miner scans whole and that becomes the example of hundreds of phrases.  Such
#: a run is cut after the last comma-like mark or space among the :data:`SOFT_BREAK_WINDOW` characters
#: before the bound (``，、,：:`` …), else at the bound itself.
MAX_SENTENCE_CHARS = 1000
SOFT_BREAK_WINDOW = 200
SOFT_BREAKS = "，、,：:—…\u3000 \t"
CLOSERS = "”’」』）)]】》〉\"'"
_SENTENCE = re.compile(
    f"[^{re.escape(SENTENCE_ENDS)}]*(?:[{re.escape(SENTENCE_ENDS)}]+[{re.escape(CLOSERS)}]*)*"
)

#: Texts on which ``backend="auto"`` compares rjieba with jieba: official prose, numerals, Latin letters,
#: percentages, ranges, full-width digits, names unknown to the dictionary (HMM), mixed whitespace.
CHECK_TEXTS: tuple[str, ...] = (
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。",
    "严格落实全面从严治党主体责任和“一岗双责”，认真执行“三会一课”制度。",
    "国内生产总值增长5.2%，城镇新增就业1244万人，居民消费价格上涨0.2%。",
    "颁布实施2011-2020年中国农村扶贫开发纲要，启动集中连片特殊困难地区扶贫开发攻坚工程。",
    "１９９６年粮食产量达到４９００亿公斤，二○○○年实现翻两番。",
    "推进5G、AI和IPv6规模部署，C919大型客机投入商业运营。",
    "王小明同志任XX县委书记以来，带领班子成员深入基层调研120余次。",
    "存在的问题：一是学习不够深入；二是调查研究不够；三是作风建设有差距！",
    "他说：“我们要以会议贯彻会议，以文件落实文件？”\r\n下一段 文字\t制表 结束",
    "风清气正的政治生态久久为功，驰而不息纠治“四风”，the end of 2024.",
)

#: Largest number of distinct sentences memoised per process before the memo is cleared.
MEMO_LIMIT = 200_000
CACHE_FORMAT = "segment-v1"


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
    """Write ``entries`` as a jieba user dictionary, atomically (temporary file in the folder, renamed)."""
    path = Path(path)
    lines = ["# jieba user dictionary: word [freq] [pos], separated by single spaces"]
    lines += [entry.to_line() for entry in entries]
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


# --------------------------------------------------------------------------------------------- backends


class _JiebaEngine:
    """A private ``jieba.Tokenizer`` with the lexicon loaded."""

    def __init__(self, lexicon: Sequence[LexiconEntry], *, hmm: bool) -> None:
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        self.hmm = hmm
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        self.freqs: list[int] = []  #: frequency jieba gave each entry (its suggestion where freq is None)
        self.replaced = 0  #: sum of the frequencies words had before an entry redefined them
        for entry in lexicon:
            self.replaced += self.tokenizer.FREQ.get(entry.word, 0)
            self.tokenizer.add_word(entry.word, entry.freq, entry.pos)
            self.freqs.append(self.tokenizer.FREQ[entry.word])

    def cut(self, text: str) -> list[str]:
        return self.tokenizer.lcut(text, HMM=self.hmm)


class _RjiebaEngine:
    """A private ``rjieba.Jieba`` with the lexicon loaded, its HMM output re-split as jieba does."""

    def __init__(self, lexicon: Sequence[LexiconEntry], *, hmm: bool, total_offset: int = 0) -> None:
        import rjieba

        self.hmm = hmm
        self.jieba = rjieba.Jieba()
        for entry in lexicon:
            self.jieba.add_word(entry.word, entry.freq, entry.pos)
        if total_offset:
            # jieba adds a redefined word's new frequency to its total without taking the old one off; rjieba
            # replaces it.  A private-use character (cut alone by both anyway) carries the difference.
            self.jieba.add_word(_TOTAL_PAD, total_offset, None)

    def cut(self, text: str) -> list[str]:
        tokens = self.jieba.cut(text, self.hmm)
        if not self.hmm:
            return tokens
        out: list[str] = []
        for token in tokens:
            # jieba's HMM cuts an unknown non-Chinese run at _HMM_SKIP; rjieba keeps e.g. "2011-2020" whole.
            if len(token) > 1 and not _HAN.fullmatch(token) and not self.jieba.has_word(token):
                out.extend(part for part in _HMM_SKIP.split(token) if part)
            else:
                out.append(token)
        return out


def _package_versions() -> str:
    names = ("analysis", "jieba", "rjieba")
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return ";".join(versions)


class Segmenter:
    """Cut text into jieba tokens with a user lexicon.

    The constructor only stores parameters; the tokenizer is built on first use, once per instance (and
    once per worker process: pickling keeps the parameters and the resolved backend, never the tokenizer).

    - ``lexicon``: entries loaded with ``add_word(word, freq, pos)`` in order.
    - ``backend``: ``"jieba"``, ``"rjieba"`` or ``"auto"`` (rjieba if it cuts :data:`CHECK_TEXTS` and the
      lexicon words exactly as jieba does, else jieba).  After the first use ``backend_`` holds the choice,
      and when auto chose rjieba, ``lexicon_`` the lexicon with jieba's suggested frequencies filled in and
      ``total_offset_`` the correction of rjieba's dictionary total (rjieba's own suggestions are often one
      lower, so ``backend="rjieba"`` alone can cut a few sentences differently from jieba).
    - ``hmm``: let jieba's HMM join characters unknown to the dictionary (jieba's default).

    ``calls_`` counts tokenizer calls (cache tests use it).
    """

    def __init__(
        self, lexicon: Iterable[LexiconEntry] = (), *, backend: Backend = "auto", hmm: bool = True
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
        self.lexicon: tuple[LexiconEntry, ...] = tuple(lexicon)
        self.backend = backend
        self.hmm = bool(hmm)
        self.backend_: str | None = None if backend == "auto" else backend
        self.lexicon_: tuple[LexiconEntry, ...] | None = None
        self.total_offset_ = 0
        self.calls_ = 0
        self._engine: _JiebaEngine | _RjiebaEngine | None = None
        self._fingerprint: str | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_files(cls, *paths: Path | str, backend: Backend = "auto", hmm: bool = True) -> Segmenter:
        """A segmenter holding the lexicons of ``paths`` (default: the bundled lexicon)."""
        paths = paths or (default_lexicon_path(),)
        return cls(tuple(e for p in paths for e in read_lexicon(p)), backend=backend, hmm=hmm)

    def __repr__(self) -> str:
        return f"Segmenter(<{len(self.lexicon)} lexicon entries>, backend={self.backend!r}, hmm={self.hmm})"

    def __getstate__(self) -> dict[str, Any]:
        return {
            "lexicon": self.lexicon,
            "backend": self.backend,
            "hmm": self.hmm,
            "backend_": self.backend_,
            "lexicon_": self.lexicon_,
            "total_offset_": self.total_offset_,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lexicon = state["lexicon"]
        self.backend = state["backend"]
        self.hmm = state["hmm"]
        self.backend_ = state["backend_"]
        self.lexicon_ = state["lexicon_"]
        self.total_offset_ = state["total_offset_"]
        self.calls_ = 0
        self._engine = None
        self._fingerprint = None
        self._lock = threading.Lock()

    def _build(self) -> _JiebaEngine | _RjiebaEngine:
        with self._lock:
            if self._engine is not None:
                return self._engine
            if self.backend_ == "jieba":
                engine: _JiebaEngine | _RjiebaEngine = _JiebaEngine(self.lexicon, hmm=self.hmm)
            elif self.backend_ == "rjieba":
                lexicon = self.lexicon_ or self.lexicon
                engine = _RjiebaEngine(lexicon, hmm=self.hmm, total_offset=self.total_offset_)
            else:
                engine = self._choose()
            self._engine = engine
            return engine

    def _choose(self) -> _JiebaEngine | _RjiebaEngine:
        """Build both engines, compare them on the check texts, keep rjieba only if they agree exactly."""
        reference = _JiebaEngine(self.lexicon, hmm=self.hmm)
        # rjieba's suggested frequency is often jieba's minus one, and its total differs after redefining a
        # word; give rjieba jieba's frequencies and total so that both dictionaries are identical.
        explicit = tuple(
            LexiconEntry(e.word, f, e.pos) for e, f in zip(self.lexicon, reference.freqs, strict=True)
        )
        try:
            candidate = _RjiebaEngine(explicit, hmm=self.hmm, total_offset=reference.replaced)
        except ImportError:
            logger.info("rjieba is not installed; segmenting with jieba")
            self.backend_ = "jieba"
            return reference
        texts = list(CHECK_TEXTS) + [f"坚持{e.word}，推进{e.word}工作。" for e in self.lexicon]
        for text in texts:
            if candidate.cut(text) != reference.cut(text):
                logger.info("rjieba cuts %r differently from jieba; segmenting with jieba", text)
                self.backend_ = "jieba"
                return reference
        self.backend_ = "rjieba"
        self.lexicon_ = explicit
        self.total_offset_ = reference.replaced
        return candidate

    def resolve(self) -> str:
        """Build the tokenizer now and return the backend in use (``"jieba"`` or ``"rjieba"``)."""
        self._build()
        assert self.backend_ is not None
        return self.backend_

    @property
    def fingerprint(self) -> str:
        """SHA-256 of what the tokens depend on: backend in use, HMM, lexicon, package and Python versions."""
        if self._fingerprint is None:
            python = f"python={sys.version_info.major}.{sys.version_info.minor}"  # marshal format
            backend = self.backend_ or self.resolve()
            settings = f"{CACHE_FORMAT}|{backend}|hmm={self.hmm}|{_package_versions()}|{python}"
            self._fingerprint = hashlib.sha256(
                f"{settings}|{lexicon_fingerprint(self.lexicon)}".encode()
            ).hexdigest()
        return self._fingerprint

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text``; they concatenate back to ``text`` exactly."""
        engine = self._engine or self._build()
        self.calls_ += 1
        tokens = engine.cut(text)
        if "".join(tokens) != text:  # never seen; a guard so miners can rely on offsets
            raise RuntimeError(
                f"{self.backend_} lost characters while cutting {text[:50]!r}; report this as a bug"
            )
        return tokens


# --------------------------------------------------------------------------------------------- sentences


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, each stripped of surrounding whitespace, none empty.

    A sentence ends after a run of ``。！？；!?;`` plus any closing quotes/brackets right after it
    (``他说：“好。”`` stays whole), and at every line break (``str.splitlines``); a longer sentence than
    :data:`MAX_SENTENCE_CHARS` is cut into pieces no longer than that (:func:`_bounded`).  Nothing else is
    dropped: removing all whitespace from the output joined equals removing it from ``text``.
    """
    out: list[str] = []
    for line in text.splitlines():
        for match in _SENTENCE.finditer(line):
            sentence = match.group().strip()
            if len(sentence) > MAX_SENTENCE_CHARS:
                out.extend(_bounded(sentence))
            elif sentence:
                out.append(sentence)
    return out


def _bounded(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """``sentence`` cut into pieces of at most ``limit`` characters, each after the last of
    :data:`SOFT_BREAKS` in the :data:`SOFT_BREAK_WINDOW` characters before the bound, else at the bound;
    pieces stripped, empty ones dropped (linear: offsets, no repeated slicing of the rest)."""
    pieces: list[str] = []
    start, n = 0, len(sentence)
    window = min(SOFT_BREAK_WINDOW, limit - 1)
    while n - start > limit:
        bound = start + limit
        soft = max(sentence.rfind(mark, bound - window, bound) for mark in SOFT_BREAKS)
        end = soft + 1 if soft >= 0 else bound
        piece = sentence[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    piece = sentence[start:].strip()
    if piece:
        pieces.append(piece)
    return pieces


def segment_report(report: Report, segmenter: Segmenter) -> list[Sentence]:
    """Sentences of every paragraph of ``report`` (headings included, the title is not a paragraph), cut."""
    return _segment_report(report, segmenter, memo={}, cache_dir=None)


def _report_sentences(report: Report) -> list[tuple[str, str, bool]]:
    """(text, section_type, is_heading) of every sentence.

    Of an inline heading (``（一）强化理论武装。我始终…``) only the first sentence is the heading.
    """
    return [
        (sentence, paragraph.section_type, paragraph.is_heading and k == 0)
        for paragraph in report.paragraphs
        for k, sentence in enumerate(split_sentences(paragraph.text))
    ]


def _cache_file(cache_dir: Path, fingerprint: str, texts: Sequence[str]) -> Path:
    digest = hashlib.sha256(fingerprint.encode())
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\x1e")
    key = digest.hexdigest()
    return cache_dir / CACHE_FORMAT / key[:2] / f"{key}.marshal"


def _load_cached(path: Path, count: int) -> list[tuple[str, ...]] | None:
    try:
        data = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (EOFError, ValueError, TypeError, OSError) as exc:
        logger.warning("segmentation cache file %s unreadable (%s); recomputing it", path, exc)
        return None
    if not isinstance(data, tuple) or len(data) != count:
        logger.warning("segmentation cache file %s does not match its report; recomputing it", path)
        return None
    return list(data)


def _store_cached(path: Path, tokens: Sequence[tuple[str, ...]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(tuple(tokens)))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _segment_report(
    report: Report, segmenter: Segmenter, *, memo: dict[str, tuple[str, ...]] | None, cache_dir: Path | None
) -> list[Sentence]:
    """Sentences of one report, via the disk cache (if any) and the per-run memo (None: no memo)."""
    items = _report_sentences(report)
    texts = [text for text, _, _ in items]
    path = _cache_file(cache_dir, segmenter.fingerprint, texts) if cache_dir is not None else None
    tokens = _load_cached(path, len(texts)) if path is not None else None
    if tokens is None:
        tokens = []
        for text in texts:
            if memo is None:
                tokens.append(tuple(segmenter.cut(text)))
                continue
            cut = memo.get(text)
            if cut is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                cut = memo[text] = tuple(segmenter.cut(text))
            tokens.append(cut)
        if path is not None:
            _store_cached(path, tokens)
    return [
        Sentence(report.doc_id, section_type, text, cut, is_heading)
        for (text, section_type, is_heading), cut in zip(items, tokens, strict=True)
    ]


# --------------------------------------------------------------------------------------------- parallel

#: State of a pool worker process, set by :func:`_init_worker` in the child only (never in the parent).
_WORKER_STATE: dict[str, Any] = {}


def _init_worker(segmenter: Segmenter, cache_dir: Path | None, dedupe: bool) -> None:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    segmenter.resolve()
    _WORKER_STATE.update(segmenter=segmenter, cache_dir=cache_dir, memo={} if dedupe else None)


def _worker_segment(report: Report) -> list[Sentence]:
    return _segment_report(
        report, _WORKER_STATE["segmenter"], memo=_WORKER_STATE["memo"], cache_dir=_WORKER_STATE["cache_dir"]
    )


def segment_reports(
    reports: Iterable[Report],
    *,
    segmenter: Segmenter,
    workers: int = 1,
    cache_dir: Path | str | None = None,
    progress: bool = False,
    chunksize: int = 4,
    dedupe: bool = True,
) -> Iterator[Sentence]:
    """Sentences of every report, in report order whatever ``workers`` is.

    ``workers > 1`` starts a spawn-context process pool; each process unpickles the segmenter's parameters
    and builds its own tokenizer once (``backend="auto"`` is resolved here first, so all processes use the
    same backend).  The main process splits the sentences and sends only distinct texts not cut before to
    the pool (:func:`_segment_distinct`; with ``dedupe=False`` whole reports, ``chunksize`` at a
    time).  ``cache_dir``: see the module docstring.  ``progress`` shows a tqdm bar counting reports.
    ``dedupe=False`` turns off the memo of repeated sentences (only benchmarks want that: it measures the
    raw tokenizer speed).
    """
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number >= 1, got {workers!r}")
    cache = Path(cache_dir) if cache_dir is not None else None
    total = len(reports) if isinstance(reports, Sequence) else None
    if workers == 1 or segmenter.backend_ is None:  # pool workers build their own tokenizers
        segmenter.resolve()
    window = 64 * max(1, chunksize) * workers
    if workers == 1:
        results: Iterable[list[Sentence]]
        if dedupe:  # the same path as with a pool, the texts cut here
            results = _segment_distinct(
                reports, partial(map, partial(_cut_all, segmenter)), segmenter, cache, window=window
            )
        else:
            results = (_segment_report(report, segmenter, memo=None, cache_dir=cache) for report in reports)
        yield from _flatten(results, progress=progress, total=total)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(segmenter, cache, dedupe)) as pool:
        if dedupe:
            results = _segment_distinct(
                reports, partial(pool.imap, _worker_cut), segmenter, cache, window=window
            )
        else:
            results = pool.imap(_worker_segment, reports, chunksize=max(1, chunksize))
        yield from _flatten(results, progress=progress, total=total)


def _worker_cut(texts: list[str]) -> list[tuple[str, ...]]:
    return _cut_all(_WORKER_STATE["segmenter"], texts)


def _cut_all(segmenter: Segmenter, texts: list[str]) -> list[tuple[str, ...]]:
    cut = segmenter.cut
    return [tuple(cut(text)) for text in texts]


#: Cuts chunks of texts (in a pool, or here): ``cut_chunks(chunks)`` yields the tokens of each chunk in order.
CutChunks = Callable[[list[list[str]]], Iterable[list[tuple[str, ...]]]]


#: Texts sent to a pool worker in one task by :func:`_segment_distinct`.
TEXTS_PER_TASK = 512


#: What :func:`_segment_window` remembers of a report with copies: its paragraphs (keeping their id in use),
#: its sentences (text, section type, heading?) and, once known, their tokens.
_Known = tuple[object, list[tuple[str, str, bool]], list[tuple[str, ...]] | None]


def _segment_distinct(
    reports: Iterable[Report], cut_chunks: CutChunks, segmenter: Segmenter, cache: Path | None, *, window: int
) -> Iterator[list[Sentence]]:
    """Per window of reports: the main process splits sentences and reads the disk cache; only the distinct
    texts not seen before (in this run) are cut (``cut_chunks``: by the pool, or here); the main process
    builds the sentences.

    Why not send whole reports: a corpus that repeats itself would be cut once per worker, and every
    sentence would come back pickled; here each distinct text is cut once and crosses a process boundary
    twice (as text, as tokens), whatever the repetition.
    """
    memo: dict[str, tuple[str, ...]] = {}
    # reports sharing their paragraphs (exact copies, see _segment_window); only those are remembered
    shared = Counter(id(r.paragraphs) for r in reports) if isinstance(reports, Sequence) else Counter()
    copied = {key for key, n in shared.items() if n > 1}
    copies: dict[int, _Known] = {}
    batch: list[Report] = []
    for report in reports:
        batch.append(report)
        if len(batch) >= window:
            yield from _segment_window(batch, cut_chunks, segmenter, cache, memo, (copied, copies))
            batch = []
    if batch:
        yield from _segment_window(batch, cut_chunks, segmenter, cache, memo, (copied, copies))


def _segment_window(
    reports: Sequence[Report],
    cut_chunks: CutChunks,
    segmenter: Segmenter,
    cache: Path | None,
    memo: dict[str, tuple[str, ...]],
    copy_state: tuple[set[int], dict[int, _Known]],
) -> Iterator[list[Sentence]]:
    """One window of :func:`_segment_distinct`.

    ``copy_state`` is ``(copied, copies)``: ``copies`` maps ``id(report.paragraphs)``, for the ids in
    ``copied``, to the sentences split from those paragraphs and their tokens once known (and the object,
    which keeps the id from being reused).  A report that is an exact copy of another shares its paragraphs
    (:func:`analysis.pipeline.load_reports`), so it is split, looked up in the cache and stored once, and
    its sentences share text and token objects.  Other reports are not remembered: their token lists (fresh
    objects when read from the cache) must not outlive the window.
    """
    copied, copies = copy_state
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
        copies.clear()
    plans: list[tuple[Report, list[tuple[str, str, bool]], Path | None, list[tuple[str, ...]] | None]] = []
    todo: dict[str, None] = {}
    for report in reports:
        known = copies.get(id(report.paragraphs))
        if known is not None and known[0] is report.paragraphs:  # a copy: not split, read or stored again
            _, items, cached = known
            plans.append((report, items, None, cached))
            if cached is None:  # its original is in this window: the memo will hold its texts
                todo.update((text, None) for text, _, _ in items if text not in memo)
            continue
        items = _report_sentences(report)
        texts = [text for text, _, _ in items]
        path = _cache_file(cache, segmenter.fingerprint, texts) if cache is not None else None
        cached = _load_cached(path, len(texts)) if path is not None else None
        if cached is None:
            todo.update((text, None) for text in texts if text not in memo)
        plans.append((report, items, path, cached))
        if id(report.paragraphs) in copied:
            copies[id(report.paragraphs)] = (report.paragraphs, items, cached)
    texts = list(todo)
    chunks = [texts[i : i + TEXTS_PER_TASK] for i in range(0, len(texts), TEXTS_PER_TASK)]
    for chunk, cuts in zip(chunks, cut_chunks(chunks), strict=True):
        memo.update(zip(chunk, cuts, strict=True))
    for report, items, path, cached in plans:
        tokens = cached if cached is not None else [memo[text] for text, _, _ in items]
        if cached is None:
            if id(report.paragraphs) in copied:
                copies[id(report.paragraphs)] = (report.paragraphs, items, tokens)
            if path is not None:
                _store_cached(path, tokens)
        yield [
            Sentence(report.doc_id, section_type, text, cut, is_heading)
            for (text, section_type, is_heading), cut in zip(items, tokens, strict=True)
        ]


def _flatten(results: Iterable[list[Sentence]], *, progress: bool, total: int | None) -> Iterator[Sentence]:
    """The sentences of each report in turn; a repeated sentence shares the text and tokens first seen.

    Sentences unpickled from a worker or read from the disk cache are fresh objects even when their text
    repeats; sharing them keeps a corpus of repeated boilerplate (or of duplicated reports) at the memory of
    its distinct sentences (up to :data:`MEMO_LIMIT` distinct texts).
    """
    if progress:
        results = progress_bar(results, total=total, unit="report", desc="segment")
    shared: dict[str, tuple[str, tuple[str, ...]]] = {}
    for sentences in results:
        for sentence in sentences:
            first = shared.get(sentence.text)
            if first is None:
                if len(shared) < MEMO_LIMIT:
                    shared[sentence.text] = (sentence.text, sentence.tokens)
                yield sentence
            elif (first[1] is sentence.tokens and first[0] is sentence.text) or first[1] != sentence.tokens:
                yield sentence
            else:
                yield Sentence(
                    sentence.doc_id, sentence.section_type, first[0], first[1], sentence.is_heading
                )


def _segment_batch(reports: Sequence[Report], segmenter: Segmenter, cache_dir: Path | None) -> list[Sentence]:
    """A dask task: the scattered ``segmenter`` is one object per worker, so its tokenizer is built once."""
    memo: dict[str, tuple[str, ...]] = {}
    return [
        s for report in reports for s in _segment_report(report, segmenter, memo=memo, cache_dir=cache_dir)
    ]


def segment_reports_dask(
    reports: Iterable[Report],
    *,
    segmenter: Segmenter,
    client: Any,
    batch_size: int | None = None,
    cache_dir: Path | str | None = None,
) -> list[Sentence]:
    """Like :func:`segment_reports`, on a ``dask.distributed.Client``: batches of reports, results in order.

    The segmenter (parameters only) is broadcast to every worker, which builds its own tokenizer on first use.
    ``batch_size`` defaults to spreading the reports over four batches per worker thread.
    """
    items = list(reports)
    if not items:
        return []
    segmenter.resolve()
    if batch_size is None:
        threads = sum(client.nthreads().values()) or 1
        batch_size = max(1, -(-len(items) // (4 * threads)))
    batches = [items[i : i + batch_size] for i in range(0, len(items), batch_size)]
    shared = client.scatter(segmenter, broadcast=True)
    cache = Path(cache_dir) if cache_dir is not None else None
    futures = client.map(_segment_batch, batches, segmenter=shared, cache_dir=cache, pure=False)
    return [s for batch in client.gather(futures) for s in batch]
