"""Corpora of official-report text that does not repeat, for benchmarks that must not be flattered by dedup.

Why: the pipeline does the work of a repeated file or sentence once (memo, cache, distinct-sentence miners),
so gwr_national copied k times measures the dedup, not the miners.  Real corpora are thousands of
different reports.  This module writes corpora of any size whose sentences (almost) never repeat:

``trigram``
    A word-trigram language model trained on gwr_national and policy_docs (jieba, a private
    ``jieba.Tokenizer``), per sentence with start/end markers, writes new reports: a title line,
    level-1 headings ``一、…`` with level-2 ``（一）…`` under them, paragraphs of generated sentences
    ending in ``。``.
    Heading texts come from two small models of their own trained on the corpora's heading lines (a heading
    is not a sentence: short, no final mark).  Sampling backs off trigram → bigram → unigram where a context
    was never seen, and to the bigram with probability ``mix`` where it was: with 2.4 million characters of
    training text most trigram contexts have one successor, and pure trigram sampling copies long runs of
    the training sentences (the same short sentences would come out again and again).  The local word
    statistics stay those of the genre; the sentences are new.  Generation is vectorised over a batch of
    sentences at a time (cumulative counts per context in one flat array, one ``searchsorted`` per step for
    the whole batch), so hundreds of megabytes take minutes, not hours.
``substitute``
    Every gwr_national file copied again and again, each copy with ~8 % of its Han characters replaced by
    characters drawn from the corpus's own character distribution and every ASCII or full-width digit
    replaced by a random one, until the size is reached (stops at a file boundary).  This is how the
    figures of issue 11 were measured; the text is real, only perturbed, so its repetition is that of the
    source's short sentences that survive unchanged.

Both are deterministic for a seed (numpy ``Generator``), and the stream does not depend on the size: a
corpus of 10 MB is the first files of one of 300 MB with the same seed.  :func:`repeated_sentence_share`
measures what share of the sentences (split as the pipeline splits them: ``。！？；!?;`` and line breaks)
occur more than once.

Examples:
  python benchmarks/distinct_corpus.py --kind trigram --size-mb 100 --out /tmp/distinct100
  python benchmarks/distinct_corpus.py --kind substitute --size-mb 30 --out /tmp/subst30 --seed 7
  python benchmarks/distinct_corpus.py --kind trigram --size-mb 5 --out /tmp/d5 --no-check   # speed only
"""

from __future__ import annotations

import argparse
import functools
import logging
import re
import sys
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
GWR = CORPORA / "gwr_national"
POLICY = CORPORA / "policy_docs"
KINDS = ("trigram", "substitute")
#: Raised whenever the same seed would write other text, so that cached corpora (``bench_pipeline.py
#: --keep-corpora``) made by an older generator are not reused.
GENERATOR_VERSION = 1

#: Token ids of the sentence markers; every other token id is a word of the vocabulary.
BOS, EOS = 0, 1
#: Share of Han characters replaced by the ``substitute`` kind (the issue's figures used 8 %).
SUBSTITUTE_RATE = 0.08
#: Bytes of a generated report, drawn uniformly: real reports of the two corpora are mostly 30–60 KB.
REPORT_BYTES = (30_000, 60_000)
#: Sentences sampled per vectorised batch: large enough that numpy's per-call cost is spread over many
#: sentences, small enough that the batch's token matrix (batch × MAX_TOKENS int32) stays ≈ 20 MB.
BATCH = 40_000
MAX_TOKENS = 120
MIN_TOKENS = 6
#: Headings longer than this are dropped (real ones are 2–40 characters, see :func:`_heading_text`).
HEADING_TOKENS = 16
#: Back-off to the bigram of the heading models: higher than :data:`MIX`, because 3,000 training headings
#: sampled as they are give ``（二）指导思想`` again and again (with 0.05, 5.7 % of a 30 MB corpus's sentences
#: repeated, 4.5 points of it headings; with 0.3, 3.1 %).
HEADING_MIX = 0.3
#: Probability of backing off to the bigram where the trigram context was seen (see the module's text).
MIX = 0.05

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff]")
_SPACES = re.compile("[ \t\u3000\xa0]+")
_NUMERAL = "一二三四五六七八九十百零〇○"
_H1 = re.compile(f"^(?:[{_NUMERAL}]{{1,3}}[、．.]|第[{_NUMERAL}]+[章编篇部])\\s*(?P<text>.*)$")
_H2 = re.compile(f"^[（(][{_NUMERAL}]{{1,3}}[）)]\\s*(?P<text>.*)$")
#: Prefixes of items and articles (``第三条``, ``1.``, ``（2）``, ``（二）``, ``①``), dropped from training
#: sentences so that a generated sentence does not open with a number out of sequence (a paragraph opening
#: with ``（二）`` would be a heading to the pipeline).
_ITEM = re.compile(
    f"^(?:第[{_NUMERAL}]+条|[0-9０-９]{{1,2}}[．.、]|[（(](?:[0-9０-９]{{1,2}}|[{_NUMERAL}]{{1,3}})[）)]|[①-⑳])\\s*"
)
_SENTENCE_IN_LINE = re.compile(r"[^。！？!?]+[。！？!?]+[”’」』）)]*")
_LEADING_PUNCT = re.compile(r"^[，。、；：！？,.;:!?》）)\]】”’\s]+")
#: A line whose end is not one of these continues on the next line (gwr_national breaks lines at links).
_LINE_END = "。！？!?：:；;”）)"
#: Sentences as the pipeline splits them (analysis.segment.split_sentences, copied so that this module
#: does not import the package it benchmarks): a run of ``。！？；!?;`` and closers ends one, so does a line.
_PIPELINE_SENTENCE = re.compile(r"[^。！？；!?;]*(?:[。！？；!?;]+[”’」』）)\]】》〉\"']*)*")
_PAIRS = {"“": "”", "（": "）", "《": "》", "(": ")", "【": "】", "‘": "’"}
_CLOSING = {v: k for k, v in _PAIRS.items()}
_TITLE_KINDS = ("实施意见", "工作方案", "行动计划", "工作报告", "指导意见", "通知", "发展规划")


# ------------------------------------------------------------------------------------------ training text


@dataclass
class TrainingText:
    """Sentences (without their final mark) and heading texts (without their numbers) of a corpus."""

    sentences: list[str]
    level1: list[str]
    level2: list[str]


def _is_traditional(text: str) -> bool:
    """The 1954 report is in traditional characters; its words would be a vocabulary of their own."""
    return text.count("國") > text.count("国")


def _logical_lines(text: str) -> Iterator[str]:
    """Lines of ``text`` cleaned of invisible characters, with lines broken inside a sentence re-joined.

    gwr_national breaks lines where the web page had links (``…所作的`` / ``政府工作报告`` / ``。会议…``);
    trained as they are, such pieces would teach the model sentences that end in the middle.
    """
    pending = ""
    for raw in _ZERO_WIDTH.sub("", text).splitlines():
        line = _SPACES.sub("", raw)
        if not line:
            if pending:
                yield pending
            pending = ""
            continue
        heading = bool(_H1.match(line) or _H2.match(line))
        if pending and not heading and (pending[-1] not in _LINE_END or _LEADING_PUNCT.match(line)):
            pending += line
        else:
            if pending:
                yield pending
            pending = line
    if pending:
        yield pending


def _heading_text(rest: str) -> tuple[str, str]:
    """Split what follows a heading number into the heading's text and the sentences after it.

    ``（一）强化安全监管。建立健全…`` has the heading ``强化安全监管`` and a sentence; a text longer than
    40 characters before its first mark is a numbered paragraph, not a heading.
    """
    cut = re.search(r"[。！？；;!?]", rest)
    head = (rest[: cut.start()] if cut else rest).strip("：:，,、 ")
    after = rest[cut.end() :] if cut else ""
    if not 2 <= len(head) <= 40:
        return "", rest
    return head, after


def _sentences_of(line: str) -> Iterator[str]:
    """Complete sentences of a line (ending in ``。！？``), without the final mark and leading numbers."""
    for match in _SENTENCE_IN_LINE.finditer(line):
        sentence = _LEADING_PUNCT.sub("", _ITEM.sub("", match.group()))
        sentence = sentence.rstrip("。！？!?”’」』）)")
        if 6 <= len(sentence) <= 300 and "公有领域" not in sentence and "本作品" not in sentence:
            yield sentence


def read_training_text(sources: Iterable[Path]) -> TrainingText:
    """Sentences and heading texts of the ``.txt`` files of ``sources`` (directories or files), in order."""
    out = TrainingText([], [], [])
    for path in _txt_files(sources):
        text = path.read_text(encoding="utf-8", errors="replace")
        if _is_traditional(text):
            continue
        for line in _logical_lines(text):
            h1, h2 = _H1.match(line), _H2.match(line)
            match = h1 or h2
            rest = line
            if match:
                head, rest = _heading_text(match.group("text"))
                if head:
                    (out.level1 if h1 else out.level2).append(head)
            out.sentences.extend(_sentences_of(rest))
    return out


def _txt_files(sources: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for source in sources:
        source = Path(source)
        files.extend(sorted(source.glob("*.txt")) if source.is_dir() else [source])
    return files


# ------------------------------------------------------------------------------------------ the model


@dataclass(frozen=True)
class _Table:
    """Successor counts of one order: for each seen context, a run of (successor, cumulative count).

    ``keys`` are the sorted packed contexts, ``bounds[i]:bounds[i + 1]`` the run of context ``i`` in
    ``nexts``; ``cum`` is the cumulative count over *all* runs with a leading 0, so sampling a batch of
    contexts is one ``searchsorted`` on ``cum`` for the whole batch (no per-context arrays, no loop).
    """

    keys: np.ndarray
    bounds: np.ndarray
    cum: np.ndarray
    nexts: np.ndarray

    @classmethod
    def build(cls, contexts: np.ndarray, nexts: np.ndarray, vocab: int) -> _Table:
        packed = contexts.astype(np.int64) * vocab + nexts
        unique, counts = np.unique(packed, return_counts=True)
        ctx = unique // vocab
        starts = np.flatnonzero(np.r_[True, ctx[1:] != ctx[:-1]])
        return cls(
            keys=ctx[starts],
            bounds=np.r_[starts, len(unique)].astype(np.int64),
            cum=np.r_[0, np.cumsum(counts)].astype(np.int64),
            nexts=(unique % vocab).astype(np.int32),
        )

    def lookup(self, contexts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of each context in ``keys`` and whether it was seen."""
        index = np.searchsorted(self.keys, contexts)
        index[index == len(self.keys)] = 0
        return index, self.keys[index] == contexts

    def sample(self, index: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One successor for each context ``index``, drawn in proportion to its count."""
        base = self.cum[self.bounds[index]]
        total = self.cum[self.bounds[index + 1]] - base
        draw = base + (rng.random(len(index)) * total).astype(np.int64)
        return self.nexts[np.searchsorted(self.cum, draw, side="right") - 1]


@dataclass(frozen=True)
class TrigramModel:
    """A back-off word-trigram model over token ids; ``vocab[i]`` is the text of token ``i``."""

    vocab: np.ndarray
    trigram: _Table
    bigram: _Table
    unigram_cum: np.ndarray

    @classmethod
    def train(cls, sentences: Sequence[Sequence[str]]) -> TrigramModel:
        """Count the trigrams of ``sentences`` (token lists), each padded ``<s> <s> … </s>``."""
        ids: dict[str, int] = {"<s>": BOS, "</s>": EOS}
        stream = array("i")
        for tokens in sentences:
            stream.extend((BOS, BOS))
            stream.extend(ids.setdefault(t, len(ids)) for t in tokens)
            stream.append(EOS)
        seq = np.frombuffer(stream, dtype=np.int32).astype(np.int64)
        size = len(ids)
        # a window is valid unless it would run from one sentence's </s> into the next one's padding
        third = np.arange(2, len(seq))
        valid = seq[third] != BOS
        a, b, c = seq[third - 2][valid], seq[third - 1][valid], seq[third][valid]
        second = np.arange(1, len(seq))
        valid2 = (seq[second] != BOS) & (seq[second - 1] != EOS)
        vocab = np.empty(size, dtype=object)
        for token, i in ids.items():
            vocab[i] = token
        vocab[BOS], vocab[EOS] = "", "\x00"
        counts = np.bincount(seq[seq > EOS], minlength=size).astype(np.int64)
        return cls(
            vocab=vocab,
            trigram=_Table.build(a * size + b, c, size),
            bigram=_Table.build(seq[second - 1][valid2], seq[second][valid2], size),
            unigram_cum=np.r_[0, np.cumsum(counts)],
        )

    @property
    def size(self) -> int:
        return len(self.vocab)

    def sample_tokens(
        self, n: int, rng: np.random.Generator, *, max_tokens: int = MAX_TOKENS, mix: float = MIX
    ) -> tuple[np.ndarray, np.ndarray]:
        """``n`` token sequences sampled side by side: a matrix (row ``i``: tokens, then EOS) and lengths.

        At each step every unfinished row draws its next token at once: from the trigram of its last two
        tokens where that context was seen (and a draw ≥ ``mix``), else from the bigram of its last token,
        else from the unigram.  A row longer than ``max_tokens`` gets length ``max_tokens`` (caller drops it).
        """
        out = np.full((n, max_tokens + 1), EOS, dtype=np.int32)
        lengths = np.full(n, max_tokens, dtype=np.int64)
        w1 = np.full(n, BOS, dtype=np.int64)
        w2 = np.full(n, BOS, dtype=np.int64)
        active = np.arange(n)
        for step in range(max_tokens):
            a1, a2 = w1[active], w2[active]
            nxt = np.empty(len(active), dtype=np.int64)
            tri, seen = self.trigram.lookup(a1 * self.size + a2)
            use = seen & (rng.random(len(active)) >= mix)
            nxt[use] = self.trigram.sample(tri[use], rng)
            rest = np.flatnonzero(~use)
            bi, seen2 = self.bigram.lookup(a2[rest])
            nxt[rest[seen2]] = self.bigram.sample(bi[seen2], rng)
            unseen = rest[~seen2]
            if len(unseen):
                draw = (rng.random(len(unseen)) * self.unigram_cum[-1]).astype(np.int64)
                nxt[unseen] = np.searchsorted(self.unigram_cum, draw, side="right") - 1
            out[active, step] = nxt
            ended = nxt == EOS
            lengths[active[ended]] = step
            w1[active], w2[active] = a2, nxt
            active = active[~ended]
            if not len(active):
                break
        out[active, max_tokens] = EOS
        return out, lengths

    def sample_texts(
        self,
        n: int,
        rng: np.random.Generator,
        *,
        min_tokens: int = MIN_TOKENS,
        max_tokens: int = MAX_TOKENS,
        mix: float = MIX,
    ) -> list[str]:
        """Texts of the sampled sequences with ``min_tokens``…``max_tokens - 1`` tokens (others dropped).

        The texts are joined in one ``str.join`` over the whole batch (EOS is ``\\0``) and split, instead of
        one join per sentence.
        """
        out, lengths = self.sample_tokens(n, rng, max_tokens=max_tokens, mix=mix)
        keep = (lengths >= min_tokens) & (lengths < max_tokens)
        rows, lengths = out[keep], lengths[keep]
        mask = np.arange(max_tokens + 1) <= lengths[:, None]
        return "".join(self.vocab[rows[mask]].tolist()).split("\x00")[:-1]


def _balanced(text: str) -> str:
    """``text`` without unmatched quotes and brackets (the model does not know that “ needs its ”).

    Unmatched marks make the slogan miner see quotations that do not exist; most sentences are balanced
    and are returned after a count only.
    """
    if all(text.count(o) == text.count(c) for o, c in _PAIRS.items()):
        return text
    stack: list[int] = []
    drop: set[int] = set()
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append(i)
        elif ch in _CLOSING:
            if stack and text[stack[-1]] == _CLOSING[ch]:
                stack.pop()
            else:
                drop.add(i)
    drop.update(stack)
    return "".join(ch for i, ch in enumerate(text) if i not in drop)


@dataclass(frozen=True)
class ReportModels:
    """The three models that write a report: sentences, level-1 and level-2 heading texts."""

    sentences: TrigramModel
    level1: TrigramModel
    level2: TrigramModel
    train_seconds: float


def train_models(sources: Sequence[Path] = (GWR, POLICY)) -> ReportModels:
    """Train the sentence and heading models on the ``.txt`` files of ``sources`` with a private jieba."""
    import jieba

    start = time.perf_counter()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    text = read_training_text(sources)

    def tokens(lines: list[str]) -> list[list[str]]:
        return [tokenizer.lcut(line) for line in lines]

    return ReportModels(
        sentences=TrigramModel.train(tokens(text.sentences)),
        level1=TrigramModel.train(tokens(text.level1)),
        level2=TrigramModel.train(tokens(text.level2)),
        train_seconds=time.perf_counter() - start,
    )


@functools.lru_cache(maxsize=4)
def _cached_models(sources: tuple[Path, ...]) -> ReportModels:
    """Models trained once per process (the benchmark writes several sizes from the same corpora)."""
    return train_models(sources)


# ------------------------------------------------------------------------------------------ writing


@dataclass(frozen=True)
class Repetition:
    """Repetition of a corpus's sentences (split as the pipeline splits them, headings included).

    ``occurrences``: share of the sentence occurrences whose text occurs more than once (the strict figure:
    a sentence written twice counts twice).  ``distinct``: share of the distinct sentence texts that occur
    more than once (lower: a text written 50 times counts once); both are given because the "< 5 %" of
    issue 11 for the substituted corpus holds for the second only.
    """

    occurrences: float
    distinct: float
    sentences: int

    def text(self) -> str:
        return (
            f"repeated sentences {100 * self.occurrences:.2f} % of {self.sentences:,}"
            f" ({100 * self.distinct:.2f} % of the distinct texts)"
        )


@dataclass
class Summary:
    """What a generator wrote; ``repetition`` is filled by :func:`generate` (``check=True``)."""

    kind: str
    seed: int
    files: int
    bytes: int
    seconds: float
    train_seconds: float = 0.0
    repetition: Repetition | None = None

    @property
    def mb(self) -> float:
        return self.bytes / 1e6

    def line(self) -> str:
        share = "" if self.repetition is None else ", " + self.repetition.text()
        train = f" (model trained once in {self.train_seconds:.1f} s)" if self.train_seconds else ""
        return (
            f"{self.kind} seed {self.seed}: {self.mb:.1f} MB in {self.files} files,"
            f" written in {self.seconds:.1f} s{train}, {self.mb / max(self.seconds, 1e-9):.2f} MB/s{share}"
        )


def chinese_number(n: int) -> str:
    """``n`` (1–99) in Chinese numerals as headings write it: 一, 十, 十一, 二十三."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


class _Pool:
    """Texts drawn from a model a batch at a time, handed out one by one (refilled when empty).

    The first batch is small and each next one twice as large up to ``batch``: a small corpus (tests)
    does not pay for 40,000 sentences, and the stream is still the same whatever the size asked for.
    """

    def __init__(
        self,
        model: TrigramModel,
        rng: np.random.Generator,
        batch: int,
        *,
        min_tokens: int,
        max_tokens: int,
        mix: float,
    ) -> None:
        self.model, self.rng, self.batch, self.size = model, rng, batch, min(batch, 1_000)
        self.min_tokens, self.max_tokens, self.mix = min_tokens, max_tokens, mix
        self.items: list[str] = []
        self.position = 0

    def next(self) -> str:
        while self.position >= len(self.items):
            texts = self.model.sample_texts(
                self.size, self.rng, min_tokens=self.min_tokens, max_tokens=self.max_tokens, mix=self.mix
            )
            self.items = [t for t in map(_balanced, texts) if t]
            self.position, self.size = 0, min(self.batch, 2 * self.size)
        self.position += 1
        return self.items[self.position - 1]


def _report(sentences: _Pool, level1: _Pool, level2: _Pool, rng: np.random.Generator) -> str:
    """One report of 30–60 KB: a title, ``一、`` sections, ``（一）`` subsections, paragraphs."""
    target = int(rng.integers(*REPORT_BYTES))
    kind = _TITLE_KINDS[int(rng.integers(len(_TITLE_KINDS)))]
    lines = [f"关于{level1.next()}的{kind}", ""]
    size, section = len(lines[0].encode()), 0

    def paragraph(low: int, high: int) -> str:
        return "".join(sentences.next() + "。" for _ in range(int(rng.integers(low, high))))

    def add(block: list[str]) -> None:
        nonlocal size
        lines.extend(block)
        size += sum(len(line.encode()) + 1 for line in block)

    while size < target:
        section += 1
        add([f"{chinese_number(section)}、{level1.next()}"])
        if rng.random() < 0.5:
            add([paragraph(2, 6)])
        for sub in range(1, int(rng.integers(2, 6)) + 1):
            add([f"（{chinese_number(sub)}）{level2.next()}"])
            add([paragraph(3, 9) for _ in range(int(rng.integers(1, 5)))])
            if size >= target:  # end within the section: files stay near their drawn size
                break
    return "\n".join(lines) + "\n"


def generate_trigram(
    out: Path,
    size_mb: float,
    *,
    seed: int = 0,
    models: ReportModels | None = None,
    sources: Sequence[Path] = (GWR, POLICY),
    mix: float = MIX,
    heading_mix: float = HEADING_MIX,
) -> Summary:
    """Write reports ``gen_000000.txt`` … into ``out`` until ``size_mb`` megabytes (1e6 bytes) are written."""
    models = models or _cached_models(tuple(Path(s) for s in sources))
    rng = np.random.default_rng(seed)
    sentences = _Pool(models.sentences, rng, BATCH, min_tokens=MIN_TOKENS, max_tokens=MAX_TOKENS, mix=mix)
    level1 = _Pool(models.level1, rng, 2_000, min_tokens=2, max_tokens=HEADING_TOKENS, mix=heading_mix)
    level2 = _Pool(models.level2, rng, 2_000, min_tokens=2, max_tokens=HEADING_TOKENS, mix=heading_mix)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    total, files = 0, 0
    while total < size_mb * 1e6:
        data = _report(sentences, level1, level2, rng).encode("utf-8")
        (out / f"gen_{files:06d}.txt").write_bytes(data)
        total, files = total + len(data), files + 1
    return Summary("trigram", seed, files, total, time.perf_counter() - start, models.train_seconds)


def _is_han(codes: np.ndarray) -> np.ndarray:
    return ((codes >= 0x4E00) & (codes <= 0x9FFF)) | ((codes >= 0x3400) & (codes <= 0x4DBF))


def generate_substitute(
    out: Path, size_mb: float, *, seed: int = 0, source: Path = GWR, rate: float = SUBSTITUTE_RATE
) -> Summary:
    """Write perturbed copies ``sub000_<name>`` … of the ``.txt`` files of ``source`` until ``size_mb``.

    Each copy draws its own substitutions: ``rate`` of the Han characters replaced by Han characters drawn
    in proportion to their counts in ``source``, every digit (``0-9``, ``０-９``) by a random digit of the
    same width.  Characters are handled as a numpy array of code points (UTF-32), not one by one.
    """
    files = _txt_files([source])
    codes = [np.frombuffer(p.read_text(encoding="utf-8").encode("utf-32-le"), dtype=np.uint32) for p in files]
    every = np.concatenate(codes)
    chars, counts = np.unique(every[_is_han(every)], return_counts=True)
    cum = np.cumsum(counts)
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    total, written, copy = 0, 0, 0
    while total < size_mb * 1e6:
        for path, original in zip(files, codes, strict=True):
            text = original.copy()
            swap = np.flatnonzero(_is_han(text) & (rng.random(len(text)) < rate))
            text[swap] = chars[np.searchsorted(cum, rng.integers(0, cum[-1], len(swap)), side="right")]
            for zero in (0x30, 0xFF10):
                digits = np.flatnonzero((text >= zero) & (text <= zero + 9))
                text[digits] = zero + rng.integers(0, 10, len(digits))
            data = text.tobytes().decode("utf-32-le").encode("utf-8")
            (out / f"sub{copy:03d}_{path.name}").write_bytes(data)
            total, written = total + len(data), written + 1
            if total >= size_mb * 1e6:
                break
        copy += 1
    return Summary("substitute", seed, written, total, time.perf_counter() - start)


def generate(kind: str, out: Path, size_mb: float, *, seed: int = 0, check: bool = True) -> Summary:
    """Write a corpus of ``kind`` (``trigram`` or ``substitute``); with ``check``, measure its repetition."""
    if kind == "trigram":
        summary = generate_trigram(out, size_mb, seed=seed)
    elif kind == "substitute":
        summary = generate_substitute(out, size_mb, seed=seed)
    else:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if check:
        summary.repetition = repeated_sentence_share(out)
    return summary


# ------------------------------------------------------------------------------------------ checks


def pipeline_sentences(text: str) -> Iterator[str]:
    """Sentences of ``text`` as the pipeline cuts them (see :data:`_PIPELINE_SENTENCE`), stripped."""
    for line in text.splitlines():
        for match in _PIPELINE_SENTENCE.finditer(line):
            sentence = match.group().strip()
            if sentence:
                yield sentence


def repeated_sentence_share(corpus: Path) -> Repetition:
    """How much of the sentences of ``corpus`` repeat (see :class:`Repetition`).

    Headings and titles count as sentences (the pipeline sees them).  Sentences are kept as 64-bit hashes
    in an array, not as strings in a ``Counter``: 300 MB hold millions of them.
    """
    hashes = array("q")
    for path in _txt_files([corpus]):
        hashes.extend(map(hash, pipeline_sentences(path.read_text(encoding="utf-8"))))
    if not hashes:
        return Repetition(0.0, 0.0, 0)
    _, counts = np.unique(np.frombuffer(hashes, dtype=np.int64), return_counts=True)
    repeated = counts > 1
    return Repetition(
        occurrences=float(counts[repeated].sum() / len(hashes)),
        distinct=float(repeated.mean()),
        sentences=len(hashes),
    )


# ------------------------------------------------------------------------------------------ command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n".join(line for line in __doc__.splitlines() if line.startswith(("Examples", "  python"))),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--kind", choices=KINDS, required=True, help="trigram model or substituted copies")
    parser.add_argument(
        "--size-mb", type=float, required=True, help="megabytes (1e6 bytes) of UTF-8 to write"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write into (created; must be empty)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of numpy's random generator (default 0)")
    parser.add_argument(
        "--no-check", action="store_true", help="do not read the corpus back to measure repeated sentences"
    )
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty: give a new or empty folder")
    summary = generate(args.kind, args.out, args.size_mb, seed=args.seed, check=not args.no_check)
    print(summary.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
