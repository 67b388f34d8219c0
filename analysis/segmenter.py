"""The tokenizer: :class:`Segmenter` cuts text into jieba tokens with a user lexicon.

:class:`Segmenter` builds one private tokenizer (never jieba's module singleton, never
``jieba.enable_parallel``): ``jieba.Tokenizer`` or ``rjieba.Jieba`` (Rust, about 6–10x faster).  rjieba
keeps an out-of-vocabulary run such as ``2011-2020`` whole where jieba's HMM splits it into
``2011 / - / 2020``; the rjieba engine re-splits such tokens the way jieba does, after which both agree
on every sentence of the bundled corpora.  ``backend="auto"`` checks that agreement on
:data:`CHECK_TEXTS` (plus the lexicon's words) and uses rjieba only if every token matches.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from itertools import accumulate, chain, compress
from pathlib import Path
from typing import Any, Literal, NoReturn

from analysis.joined_cut import SEPARATOR, JoinedCut, cut_in_one_call, joined_cut_of, separators_of
from analysis.lexicon import LexiconEntry, default_lexicon_path, lexicon_fingerprint, read_lexicon
from analysis.segment_cache import CACHE_FORMAT, choice_file, load_choice

logger = logging.getLogger(__name__)

Backend = Literal["auto", "jieba", "rjieba"]
BACKENDS: tuple[str, ...] = ("auto", "jieba", "rjieba")
#: jieba's HMM splits an out-of-vocabulary non-Chinese run with this pattern (``jieba.finalseg.re_skip``).
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_ASCII_ALNUM = re.compile(r"[a-zA-Z0-9]")
_ASCII_RUN = re.compile(r"[a-zA-Z0-9]+")
_TOTAL_PAD = "\ue000"

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

    def cut_many(self, texts: Sequence[str]) -> list[list[str]]:
        return [self.tokenizer.lcut(text, HMM=self.hmm) for text in texts]

    def cut_joined(self, texts: Sequence[str]) -> JoinedCut:
        lcut, hmm = self.tokenizer.lcut, self.hmm
        joined = cut_in_one_call(lambda text: lcut(text, HMM=hmm), texts)
        return joined if joined is not None else joined_cut_of(self.cut_many(texts))


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
        return self.cut_many([text])[0]

    def cut_many(self, texts: Sequence[str]) -> list[list[str]]:
        """The tokens of each text; those of a text holding an ASCII letter or digit re-split
        (:func:`_resplit`: only tokens holding one are), the others are rjieba's as they are."""
        cut, hmm = self.jieba.cut, self.hmm
        cuts = [cut(text, hmm) for text in texts]
        if hmm:  # (which texts hold an ASCII letter or digit: a search per text, mapped in C)
            for i in compress(range(len(texts)), map(_ASCII_ALNUM.search, texts)):
                cuts[i] = _resplit(texts[i], cuts[i], self.jieba.has_word)
        return cuts

    def cut_joined(self, texts: Sequence[str]) -> JoinedCut:
        """:meth:`cut_many` as a :class:`JoinedCut`: one call for the chunk, the texts holding an ASCII letter
        or digit re-split in place (the chunk's list rebuilt once when one changed: a few in 512)."""
        cut, hmm = self.jieba.cut, self.hmm
        joined = cut_in_one_call(lambda text: cut(text, hmm), texts)
        if joined is None:
            return joined_cut_of(self.cut_many(texts))
        if not hmm:
            return joined
        tokens = joined.tokens
        starts, ends = joined.bounds()
        changed: dict[int, list[str]] = {}
        for i in compress(range(len(texts)), map(_ASCII_ALNUM.search, texts)):
            own = tokens[starts[i] : ends[i]]
            resplit = _resplit(texts[i], own, self.jieba.has_word)
            if resplit is not own:
                changed[i] = resplit
        if not changed:
            return joined
        rebuilt: list[str] = []
        done = 0
        for i, resplit in changed.items():  # (in text order: ``compress`` went through them in order)
            rebuilt += tokens[done : starts[i]]
            rebuilt += resplit
            done = ends[i]
        rebuilt += tokens[done:]
        found = separators_of(rebuilt, len(texts))
        assert found is not None  # (the separators were kept: only the texts' own tokens were re-split)
        return JoinedCut(rebuilt, found, len(texts))


def _resplit(text: str, tokens: list[str], has_word: Callable[[str], bool]) -> list[str]:
    """``tokens`` of ``text`` with each token of more than one character that holds an ASCII letter or digit
    and is no dictionary word cut as jieba's HMM cuts it (at :data:`_HMM_SKIP`): rjieba keeps e.g.
    ``2011-2020`` whole.  (A token without an ASCII letter or digit would come out of the split whole.)

    The tokens holding one are found from the runs of ASCII letters and digits in ``text`` (a run's first
    and last characters looked up among the tokens' ends: the tokens between hold the run), not by a search
    per token: a text with a number has ≈ 35 tokens and one or two runs."""
    ends = list(accumulate(map(len, tokens)))
    candidates: dict[int, None] = {}
    for run in _ASCII_RUN.finditer(text):
        first, last = bisect_right(ends, run.start()), bisect_right(ends, run.end() - 1)
        candidates.update(dict.fromkeys(range(first, last + 1)))
    out = tokens
    for i in reversed(candidates):  # (from the end: a split leaves the indices before it in place)
        token = tokens[i]
        if len(token) > 1 and not has_word(token):
            parts = [part for part in _HMM_SKIP.split(token) if part]
            if parts != [token]:
                out = out if out is not tokens else list(tokens)
                out[i : i + 1] = parts
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

    @property
    def choice_key(self) -> str:
        """SHA-256 of what ``auto``'s choice depends on: HMM, lexicon, package and Python versions (what a run
        may keep on disk to skip building both tokenizers next time, :mod:`analysis.segment_cache`)."""
        python = f"python={sys.version_info.major}.{sys.version_info.minor}"
        settings = f"choice|{CACHE_FORMAT}|{self.backend}|hmm={self.hmm}|{_package_versions()}|{python}"
        return hashlib.sha256(f"{settings}|{lexicon_fingerprint(self.lexicon)}".encode()).hexdigest()

    def choice(self) -> tuple[str, tuple[tuple[str, int | None, str | None], ...] | None, int]:
        """The backend chosen (:meth:`resolve`), with ``lexicon_`` and ``total_offset_``, as plain values."""
        backend = self.backend_ or self.resolve()
        lexicon = None if self.lexicon_ is None else tuple((e.word, e.freq, e.pos) for e in self.lexicon_)
        return backend, lexicon, self.total_offset_

    def adopt(self, choice: tuple[str, tuple[tuple[str, int | None, str | None], ...] | None, int]) -> None:
        """Take a :meth:`choice` made before for the same :attr:`choice_key` instead of making it again."""
        backend, lexicon, total_offset = choice
        if backend not in ("jieba", "rjieba") or self._engine is not None:
            raise ValueError(f"cannot adopt backend {backend!r} here")
        self.backend_ = backend
        self.lexicon_ = None if lexicon is None else tuple(LexiconEntry(w, f, pos) for w, f, pos in lexicon)
        self.total_offset_ = int(total_offset)
        self._fingerprint = None

    def adopt_kept_choice(self, cache_dir: Path | None) -> Path | None:
        """With ``backend="auto"`` and a cache folder: adopt the choice kept there for :attr:`choice_key` and
        return None, or return the file to keep the choice in once made (none kept, or one that fails its
        checks: then a warning).  Without a cache folder, or with a backend named, None."""
        if cache_dir is None or self.backend != "auto" or self.backend_ is not None:
            return None
        path = choice_file(Path(cache_dir), self.choice_key)
        kept = load_choice(path)
        if kept is None:
            return path
        try:
            self.adopt(kept)
        except (TypeError, ValueError) as exc:
            logger.warning(
                "segmentation cache entry %s is not a usable backend choice (%s); recomputing it", path, exc
            )
            return path
        return None

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
        return self.cut_many([text])[0]

    def cut_many(self, texts: Sequence[str]) -> list[list[str]]:
        """Tokens of each text (:meth:`cut` of each); they concatenate back to their text exactly.

        The guard (tokens joined equal to the texts, never seen to fail) is checked on the whole of
        ``texts`` at once, then text by text only to name the text that failed: a join and a comparison per
        text took a tenth of a worker's time."""
        engine = self._engine or self._build()
        self.calls_ += len(texts)
        cuts = engine.cut_many(texts)
        if "".join(chain.from_iterable(cuts)) != "".join(texts):  # a guard so miners can rely on offsets
            self._lost_characters(texts, cuts)
        return cuts

    def cut_joined(self, texts: Sequence[str]) -> JoinedCut:
        """The tokens of ``texts`` (each :meth:`cut`) in one list, :data:`SEPARATOR` between two texts: the
        chunk cut in one call where no text holds a line break (:class:`JoinedCut`); the same guard as
        :meth:`cut_many`."""
        engine = self._engine or self._build()
        self.calls_ += len(texts)
        joined = engine.cut_joined(texts)
        if "".join(joined.tokens) != SEPARATOR.join(texts):
            self._lost_characters(texts, joined.split())
        return joined

    def _lost_characters(self, texts: Sequence[str], cuts: Sequence[Sequence[str]]) -> NoReturn:
        """Raise the guard's error, naming the first text whose tokens do not join back to it (the chunk
        when none does: its texts' tokens were not where they belong)."""
        for text, tokens in zip(texts, cuts, strict=False):
            if "".join(tokens) != text:
                raise RuntimeError(
                    f"{self.backend_} lost characters while cutting {text[:50]!r}; report this as a bug"
                )
        raise RuntimeError(f"{self.backend_} lost characters while cutting a chunk; report this as a bug")
