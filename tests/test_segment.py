"""Specification of analysis.segment: lexicon files, backends, sentence splitting, parallel/cached runs."""

from __future__ import annotations

import logging
import marshal
import pickle
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis import segment as seg
from analysis import segmenter as segmenter_module
from analysis.executor import Executor, open_executor
from analysis.records import PREAMBLE, Paragraph, Phrase, Report, Sentence
from analysis.segment import (
    CACHE_FORMAT,
    MAX_LEXICON_FREQ,
    LexiconEntry,
    LexiconWarning,
    Segmenter,
    cut_texts,
    default_lexicon_path,
    is_jieba_word,
    lexicon_from_phrases,
    read_lexicon,
    segment_report,
    segment_reports,
    split_sentences,
    write_lexicon,
)
from analysis.token_chunks import ChunkCutter, cut_with_kept_vocabulary

ROOT = Path(__file__).resolve().parents[1]
LEXICON = (
    LexiconEntry("全面从严治党", None, "nz"),
    LexiconEntry("三会一课", None, "nz"),
    LexiconEntry("风清气正"),
)


def cut_over(executor: Executor, segmenter: Segmenter) -> seg.CutChunks:
    """What the pipeline passes to segment_reports: the executor's map of cut_texts, the segmenter shared."""
    return partial(executor.map, cut_texts, shared=segmenter)


def make_report(doc_id: str, text: str, *, section_type: str = PREAMBLE) -> Report:
    """A Report whose paragraphs are the non-empty lines of ``text`` (the structure parser is not needed)."""
    paragraphs, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(line.strip(), offset + line.index(line.strip()), None, section_type))
        offset += len(line) + 1
    return Report(doc_id, f"{doc_id}.txt", "", text, paragraphs=tuple(paragraphs))


@pytest.fixture(scope="module")
def jieba_seg() -> Segmenter:
    return Segmenter(LEXICON, backend="jieba")


@pytest.fixture(scope="module")
def rjieba_seg() -> Segmenter:
    return Segmenter(LEXICON, backend="rjieba")


@pytest.fixture(scope="module")
def gwr_reports(gwr_dir: Path) -> list[Report]:
    """Twelve gwr_national files (about 0.6 MB), one paragraph per non-empty line."""
    files = sorted(gwr_dir.glob("*.txt"))[::6]
    return [make_report(p.stem, p.read_text(encoding="utf-8")) for p in files]


# ---------------------------------------------------------------- lexicon files


def test_lexicon_round_trip(tmp_path: Path) -> None:
    entries = (
        LexiconEntry("全面从严治党", 2000, "nz"),
        LexiconEntry("三会一课"),
        LexiconEntry("风清气正", None, "i"),
        LexiconEntry("C919", 50),
    )
    path = write_lexicon(entries, tmp_path / "lex.txt")
    assert path.read_text(encoding="utf-8").splitlines() == [
        "全面从严治党 2000 nz",
        "三会一课",
        "风清气正 i",
        "C919 50",
    ]
    assert read_lexicon(path) == entries
    assert not list(tmp_path.glob(".*tmp")), "the temporary file is renamed, not left behind"
    assert path.stat().st_mode & 0o777 == 0o644


def test_read_lexicon_skips_lines_jieba_would_ignore_with_a_warning_naming_file_and_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(
        "\ufeff# comment\n"
        "\n"
        "一岗双责 5 n\n"
        "三会一课\t3\tnz\n"
        "不忘初心、牢记使命 nz\n"
        "一岗 双责 5\n"
        "两个\u3000维护\n"
        "四个意识 0\n"
        "两学一做 5 NZ\n"
        "一岗双责 7\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        entries = read_lexicon(path)
    assert entries == (LexiconEntry("一岗双责", 7),)  # listed twice: first position, last values
    assert [w.category for w in caught] == [LexiconWarning] * 6
    punctuation = "(whitespace or punctuation), which jieba never joins; "
    punctuation += "leave punctuated formulations to the slogan miner"
    not_a_field = "is neither a frequency (digits) nor a tag (a-z); a word cannot contain spaces"
    assert [str(w.message) for w in caught] == [
        f"{path}:4: skipped '三会一课\\t3\\tnz': tab-separated; "
        "jieba reads only `word freq pos` separated by single spaces",
        f"{path}:5: skipped '不忘初心、牢记使命 nz': word contains '、' {punctuation}",
        f"{path}:6: skipped '一岗 双责 5': '双责' {not_a_field}",
        f"{path}:7: skipped '两个\\u3000维护': word contains '\\u3000' {punctuation}",
        f"{path}:8: skipped '四个意识 0': frequency 0 is not supported "
        "(jieba would edit its global HMM state); omit it or use >= 1",
        f"{path}:9: skipped '两学一做 5 NZ': 'NZ' {not_a_field}",
    ]


ABSURD_FREQUENCY_LINES = (
    "大词 99999999999999999999 n",  # overflowed rjieba's 64-bit counts: an OverflowError traceback
    "负词 -5 n",
    "小数词 1.5",
    "科学词 1e5 nz",
    "太大词 10000001",
    "长词 " + "9" * 5000,  # int() refuses more than 4,300 digits
)


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_absurd_frequencies_are_skipped_with_the_line_number_on_every_backend(
    tmp_path: Path, backend: str
) -> None:
    path = tmp_path / "lexicon.txt"
    lines = ["好词语 5 n", *ABSURD_FREQUENCY_LINES, f"最大词 {MAX_LEXICON_FREQ} nz"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        segmenter = Segmenter.from_files(path, backend=backend)  # type: ignore[arg-type]
    assert segmenter.lexicon == (
        LexiconEntry("好词语", 5, "n"),
        LexiconEntry("最大词", MAX_LEXICON_FREQ, "nz"),
    )
    messages = [str(w.message) for w in caught]
    assert [m.split(": skipped", 1)[0] for m in messages] == [f"{path}:{n}" for n in range(2, 8)]
    assert "frequency 99999999999999999999 is absurd (more than 10,000,000" in messages[0]
    assert "frequency '-5' is not a whole number from 1 to 10,000,000" in messages[1]
    assert "frequency '1.5' is not a whole number" in messages[2]
    assert "frequency '1e5' is not a whole number" in messages[3]
    assert "frequency 10000001 is absurd" in messages[4]
    assert "frequency 999999999999… (5000 digits) is absurd" in messages[5] and len(messages[5]) < 400
    assert segmenter.resolve() == backend
    assert segmenter.cut("好词语最大词") == ["好词语", "最大词"]


def test_lexicon_errors_name_the_value_and_the_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'不忘初心、牢记使命' contains whitespace or punctuation"):
        LexiconEntry("不忘初心、牢记使命")
    with pytest.raises(
        ValueError, match="frequency of '三会一课' must be a whole number from 1 to 10,000,000"
    ):
        LexiconEntry("三会一课", 0)
    with pytest.raises(ValueError, match=r"from 1 to 10,000,000 or None, got 10000001$"):
        LexiconEntry("三会一课", MAX_LEXICON_FREQ + 1)
    with pytest.raises(FileNotFoundError, match=r"lexicon file .*missing\.txt not found"):
        read_lexicon(tmp_path / "missing.txt")
    (tmp_path / "gbk.txt").write_bytes("三会一课".encode("gbk"))
    with pytest.raises(ValueError, match=r"gbk\.txt is not UTF-8"):
        read_lexicon(tmp_path / "gbk.txt")


def test_bundled_lexicon_reads_without_warnings() -> None:
    assert default_lexicon_path() == ROOT / "analysis" / "data" / "lexicon.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("error", LexiconWarning)
        entries = read_lexicon(default_lexicon_path())
    assert len(entries) > 10
    assert all(is_jieba_word(e.word) for e in entries)


def test_lexicon_from_phrases_keeps_only_words_jieba_can_hold() -> None:
    phrases = [
        Phrase("三会一课", "slogan", 9, 3, 1.0),
        Phrase("不忘初心、牢记使命", "slogan", 8, 3, 1.0),
        Phrase("全面从严治党", "term", 7, 3, 1.0),
        Phrase("三会一课", "term", 7, 3, 0.5),
        Phrase("风清气正", "idiom", 5, 2, 1.0),
        Phrase("以会议贯彻会议以文件落实文件", "passage", 3, 2, 1.0),
        Phrase("党", "term", 99, 5, 1.0),
        Phrase("“关键少数”", "slogan", 4, 2, 1.0),
    ]
    assert lexicon_from_phrases(phrases) == (
        LexiconEntry("三会一课", None, "nz"),
        LexiconEntry("全面从严治党", None, "nz"),
        LexiconEntry("风清气正", None, "i"),
    )
    assert lexicon_from_phrases(phrases, kinds=("passage",)) == (
        LexiconEntry("以会议贯彻会议以文件落实文件", None, "l"),
    )


# ---------------------------------------------------------------- backends


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_lexicon_words_become_one_token_only_with_the_lexicon(backend: str) -> None:
    text = "坚持全面从严治党，落实三会一课制度，营造风清气正的政治生态。"
    without = Segmenter((), backend=backend).cut(text)
    with_lexicon = Segmenter(LEXICON, backend=backend).cut(text)
    for word in ("全面从严治党", "三会一课", "风清气正"):
        assert word not in without
        assert word in with_lexicon
    assert with_lexicon == [
        "坚持", "全面从严治党", "，", "落实", "三会一课", "制度", "，",
        "营造", "风清气正", "的", "政治", "生态", "。",
    ]  # fmt: skip


def test_rjieba_splits_unknown_ranges_as_jieba_does(jieba_seg: Segmenter, rjieba_seg: Segmenter) -> None:
    text = "颁布实施2011-2020年中国农村扶贫开发纲要"
    assert jieba_seg.cut(text)[:4] == ["颁布实施", "2011", "-", "2020"]
    assert rjieba_seg.cut(text) == jieba_seg.cut(text)


def test_backends_agree_on_the_check_texts(jieba_seg: Segmenter, rjieba_seg: Segmenter) -> None:
    for text in seg.CHECK_TEXTS:
        assert rjieba_seg.cut(text) == jieba_seg.cut(text), text


def test_backends_agree_on_gwr_national(
    gwr_reports: list[Report], jieba_seg: Segmenter, rjieba_seg: Segmenter
) -> None:
    sentences = [s for r in gwr_reports for p in r.paragraphs for s in split_sentences(p.text)]
    assert len(sentences) > 4000
    differ = [s for s in sentences if jieba_seg.cut(s) != rjieba_seg.cut(s)]
    assert differ == []


def test_auto_with_the_bundled_lexicon_cuts_gwr_national_exactly_as_jieba(
    gwr_reports: list[Report], jieba_seg: Segmenter
) -> None:
    """rjieba gets jieba's suggested frequencies and dictionary total, so even borderline words agree."""
    lexicon = read_lexicon(default_lexicon_path())
    auto, reference = Segmenter(lexicon), Segmenter(lexicon, backend="jieba")
    assert auto.resolve() == "rjieba"
    copy = pickle.loads(pickle.dumps(auto))  # what a worker process gets
    sentences = [s for r in gwr_reports[:6] for p in r.paragraphs for s in split_sentences(p.text)]
    assert [copy.cut(s) for s in sentences] == [reference.cut(s) for s in sentences]


def test_auto_prefers_rjieba_when_it_agrees_and_falls_back_to_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Segmenter(LEXICON).resolve() == "rjieba"
    monkeypatch.setattr(segmenter_module._RjiebaEngine, "cut", lambda self, text: list(text))
    fallback = Segmenter(LEXICON, hmm=False)
    assert fallback.resolve() == "jieba"
    assert fallback.cut("三会一课制度") == ["三会一课", "制度"]


def test_segmenter_rejects_unknown_backend() -> None:
    with pytest.raises(ValueError, match="backend must be one of auto, jieba, rjieba, got 'pkuseg'"):
        Segmenter(backend="pkuseg")  # type: ignore[arg-type]


_TEXT = st.text(
    alphabet=st.sampled_from(
        list("全面从严治党三会一课的是在和年月日0123456789abAB-.%+， 。、“”（）\n\t\u3000《》!？")
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT)
def test_tokens_concatenate_back_and_backends_agree(
    jieba_seg: Segmenter, rjieba_seg: Segmenter, text: str
) -> None:
    tokens = jieba_seg.cut(text)
    assert "".join(tokens) == text
    # a character repeated three times (一一一00) has routes of equal probability (一/一一, 一一/一), which
    # jieba and rjieba break differently: both are right, so such runs are left out of the comparison
    assume(not re.search(r"([\u4e00-\u9fff])\1\1", text))
    assert rjieba_seg.cut(text) == tokens


def test_pickled_segmenter_keeps_parameters_not_the_tokenizer(rjieba_seg: Segmenter) -> None:
    rjieba_seg.cut("预热")
    data = pickle.dumps(rjieba_seg)
    assert len(data) < 1000
    copy = pickle.loads(data)
    assert (copy.lexicon, copy.backend, copy.hmm, copy.backend_) == (LEXICON, "rjieba", True, "rjieba")
    assert copy._engine is None
    assert copy.cut("落实三会一课制度") == ["落实", "三会一课", "制度"]


def test_jieba_global_tokenizer_is_never_touched() -> None:
    code = (
        "import jieba\n"
        "from functools import partial\n"
        "from analysis.executor import open_executor\n"
        "from analysis.segment import Segmenter, LexiconEntry, cut_texts, segment_reports\n"
        "from analysis.records import Report, Paragraph\n"
        "if __name__ == '__main__':\n"
        "    lex = [LexiconEntry('三会一课')]\n"
        "    for backend in ('jieba', 'rjieba', 'auto'):\n"
        "        Segmenter(lex, backend=backend).cut('落实三会一课制度')\n"
        "    p = Paragraph('落实三会一课制度。', 0, None, 'x')\n"
        "    r = Report('d', 'd.txt', '', p.text, paragraphs=(p,))\n"
        "    s = Segmenter(lex, backend='jieba')\n"
        "    with open_executor(workers=2) as ex:\n"
        "        cut = partial(ex.map, cut_texts, shared=s)\n"
        "        list(segment_reports([r, r], segmenter=s, cut_chunks=cut))\n"
        "    print(jieba.dt.initialized, len(jieba.dt.FREQ))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "0"]


# ---------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "一是学习不深入；二是调研不够。三是作风有差距！",
            ["一是学习不深入；", "二是调研不够。", "三是作风有差距！"],
        ),
        ("他说：“要以会议贯彻会议……。”我们照办。", ["他说：“要以会议贯彻会议……。”", "我们照办。"]),
        ("（详见附件。）下一句？！再下一句", ["（详见附件。）", "下一句？！", "再下一句"]),
        ("  \u3000第一行，没有句号\n\n 第二行。 \n", ["第一行，没有句号", "第二行。"]),
        ("Half-width: ok! Really? yes; done", ["Half-width: ok!", "Really?", "yes;", "done"]),
        ("坚持“两个维护”。“四个意识”牢固", ["坚持“两个维护”。", "“四个意识”牢固"]),
        ("《报告》。】", ["《报告》。】"]),
        ("", []),
        (" \n\t\u3000", []),
        ("。。。", ["。。。"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_a_run_without_sentence_punctuation_is_cut_near_a_comma_or_at_the_bound() -> None:
    limit, window = seg.MAX_SENTENCE_CHARS, seg.SOFT_BREAK_WINDOW
    clause = "甲" * 99 + "，"  # a comma every 100 characters
    assert [len(s) for s in split_sentences(clause * 25 + "乙。")] == [limit, limit, 502]
    assert split_sentences(clause * 25)[0].endswith("，")
    unbroken = "丙" * (2 * limit + 7)
    assert split_sentences(unbroken) == ["丙" * limit, "丙" * limit, "丙" * 7]
    far = "丁" * (limit - window - 10) + "，" + "丁" * (window + 100)  # the comma is too far from the bound
    assert [len(s) for s in split_sentences(far)] == [limit, len(far) - limit]
    spaced = "戊" * (limit - 5) + " " + "戊" * 20  # a space near the bound: cut there, the space dropped
    assert split_sentences(spaced) == ["戊" * (limit - 5), "戊" * 20]
    assert len(split_sentences("己" * 461 + "。")) == 1  # the longest sentence of the corpora stays whole


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("甲乙丙，、 ")), min_size=900, max_size=3500),
    ends=st.lists(st.integers(min_value=0, max_value=3500), max_size=3),
)
def test_long_sentences_are_cut_into_bounded_pieces_losing_only_whitespace(
    text: str, ends: list[int]
) -> None:
    for position in sorted(ends, reverse=True):
        text = text[:position] + "。" + text[position:]
    sentences = split_sentences(text)
    assert all(0 < len(s) <= seg.MAX_SENTENCE_CHARS and s == s.strip() for s in sentences)
    assert _WS.sub("", "".join(sentences)) == _WS.sub("", text)


def _split_by_lines(text: str) -> list[str]:
    """The definition :func:`split_sentences` keeps (it scans the paragraph once): each line of
    ``str.splitlines``, matched sentence by sentence, stripped, long ones bounded."""
    sentence_re = re.compile(
        f"[^{re.escape(seg.SENTENCE_ENDS)}]*(?:[{re.escape(seg.SENTENCE_ENDS)}]+[{re.escape(seg.CLOSERS)}]*)*"
    )
    out: list[str] = []
    for line in text.splitlines():
        for match in sentence_re.finditer(line):
            sentence = match.group().strip()
            if len(sentence) > seg.MAX_SENTENCE_CHARS:
                out.extend(seg.split_sentences(sentence))  # (one line, one match: bounded pieces)
            elif sentence:
                out.append(sentence)
    return out


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            [*"甲乙，。！？；!?;”’」）)】》\"' \t\u3000", "\r\n", *"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"]
        ),
        max_size=60,
    ).map("".join)
    | st.text(max_size=40),
    long=st.booleans(),
)
def test_sentences_of_a_paragraph_are_those_of_its_lines(text: str, long: bool) -> None:
    if long:  # (a line past the bound, beside the others)
        text = text + "丙" * (seg.MAX_SENTENCE_CHARS + 3) + text
    assert split_sentences(text) == _split_by_lines(text)


def test_a_line_of_a_million_characters_is_split_in_linear_time() -> None:
    import time

    started = time.perf_counter()
    pieces = split_sentences("报告" * 500_000)
    assert time.perf_counter() - started < 2.0
    assert len(pieces) == 1000 and {len(p) for p in pieces} == {seg.MAX_SENTENCE_CHARS}


_WS = re.compile(r"\s+")
_END_ONLY_AT_END = re.compile(f"[^{seg.SENTENCE_ENDS}]*[{re.escape(seg.SENTENCE_ENDS + seg.CLOSERS)}]*")


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("甲乙丙。！？；!?;”’）)》，、 \n\r\t\u3000\xa0")), max_size=60)
)
def test_split_sentences_loses_only_whitespace(text: str) -> None:
    sentences = split_sentences(text)
    assert _WS.sub("", "".join(sentences)) == _WS.sub("", text)
    position = 0
    for sentence in sentences:
        assert sentence and sentence == sentence.strip()
        assert not any(ch in sentence for ch in "\n\r")
        position = text.index(sentence, position) + len(sentence)  # in order, taken from the text
        assert _END_ONLY_AT_END.fullmatch(sentence), "after an end mark only end marks and closers follow"


# ---------------------------------------------------------------- reports


def test_segment_report_makes_one_sentence_record_per_sentence(rjieba_seg: Segmenter) -> None:
    text = "述职报告\n一、主要工作\n落实三会一课制度。坚持全面从严治党！"
    report = Report(
        "r1",
        "r1.txt",
        "述职报告",
        text,
        paragraphs=(
            Paragraph("一、主要工作", 5, 0, "achievements", is_heading=True),
            Paragraph("落实三会一课制度。坚持全面从严治党！", 12, 0, "achievements"),
        ),
    )
    assert segment_report(report, rjieba_seg) == [
        Sentence("r1", "achievements", "一、主要工作", ("一", "、", "主要", "工作"), is_heading=True),
        Sentence("r1", "achievements", "落实三会一课制度。", ("落实", "三会一课", "制度", "。")),
        Sentence("r1", "achievements", "坚持全面从严治党！", ("坚持", "全面从严治党", "！")),
    ]


def test_repeated_sentences_are_cut_once_per_run() -> None:
    segmenter = Segmenter(LEXICON, backend="rjieba")
    reports = [
        make_report(f"d{i}", "落实三会一课制度。\n落实三会一课制度。坚持全面从严治党。") for i in range(3)
    ]
    sentences = list(segment_reports(reports, segmenter=segmenter))
    assert len(sentences) == 9
    assert segmenter.calls_ == 2


@pytest.fixture(scope="module")
def two_workers() -> Iterator[Executor]:
    with open_executor(workers=2) as executor:
        yield executor


def test_two_workers_give_exactly_the_serial_result(gwr_reports: list[Report], two_workers: Executor) -> None:
    segmenter = Segmenter(backend="rjieba")
    serial = list(segment_reports(gwr_reports, segmenter=segmenter))
    cut = cut_over(two_workers, segmenter)
    parallel = list(segment_reports(gwr_reports, segmenter=segmenter, cut_chunks=cut, window=3))
    assert len(serial) > 4000
    assert parallel == serial
    assert serial[0].doc_id == gwr_reports[0].doc_id
    every_sentence = list(segment_reports(gwr_reports, segmenter=segmenter, cut_chunks=cut, dedupe=False))
    assert every_sentence == serial


def test_workers_keeping_their_vocabularies_give_exactly_the_serial_result(
    gwr_reports: list[Report], two_workers: Executor
) -> None:
    """As the pipeline cuts on a local pool (:class:`~analysis.token_chunks.ChunkCutter`): each worker
    sends a token once per segmentation; two segmentations on one pool do not mix their vocabularies."""
    assert two_workers.runs_in_order
    segmenter = Segmenter(backend="rjieba")
    serial = list(segment_reports(gwr_reports, segmenter=segmenter))
    for window in (3, 512):  # (a new cutter per segmentation, as the pipeline makes one)
        cut = partial(two_workers.map, cut_with_kept_vocabulary, shared=ChunkCutter(segmenter))
        kept = list(segment_reports(gwr_reports, segmenter=segmenter, cut_chunks=cut, window=window))
        assert kept == serial
    cut = partial(two_workers.map, cut_with_kept_vocabulary, shared=ChunkCutter(segmenter))
    assert list(segment_reports(gwr_reports, segmenter=segmenter, cut_chunks=cut, dedupe=False)) == serial


def test_copies_of_a_report_are_split_once_and_keep_their_own_names(
    gwr_reports: list[Report], two_workers: Executor
) -> None:
    """A copy shares its original's paragraphs (as load_reports makes it): same sentences, its own doc_id."""
    from dataclasses import replace

    originals = gwr_reports[:3]
    copies = [replace(r, doc_id=f"{r.doc_id}-copy", source=f"copy/{r.source}") for r in originals]
    segmenter = Segmenter(backend="rjieba")
    serial = list(segment_reports(originals, segmenter=segmenter))
    cut = cut_over(two_workers, segmenter)
    both = list(segment_reports(originals + copies, segmenter=segmenter, cut_chunks=cut, window=2))
    assert both[: len(serial)] == serial
    renamed = [s._replace(doc_id=f"{s.doc_id}-copy") for s in serial]
    assert both[len(serial) :] == renamed
    assert all(c.text is o.text for c, o in zip(both[len(serial) :], both, strict=False))


def test_a_repeated_sentence_shares_its_text_and_tokens_whatever_their_source(
    tmp_path: Path, two_workers: Executor
) -> None:
    reports = [make_report(f"d{i}", "落实三会一课制度。坚持全面从严治党。") for i in range(4)]
    segmenter = Segmenter(LEXICON, backend="rjieba")
    for run in ("workers", "cold cache", "warm cache"):
        if run == "workers":
            cut = cut_over(two_workers, segmenter)
            sentences = list(segment_reports(reports, segmenter=segmenter, cut_chunks=cut, window=1))
        else:
            sentences = list(segment_reports(reports, segmenter=segmenter, cache_dir=tmp_path))
        assert [s.doc_id for s in sentences] == ["d0", "d0", "d1", "d1", "d2", "d2", "d3", "d3"], run
        firsts = sentences[:2]
        for i, sentence in enumerate(sentences):
            assert sentence.tokens is firsts[i % 2].tokens, run
            assert sentence.text is firsts[i % 2].text, run


def test_sample_corpus_through_the_structure_parser(sample_dir: Path, rjieba_seg: Segmenter) -> None:
    structure = pytest.importorskip("analysis.structure")
    clean = pytest.importorskip("analysis.clean")
    from analysis.records import SourceDocument

    reports = [
        structure.parse_report(
            SourceDocument(p.stem, p.name, clean.clean_text(p.read_text(encoding="utf-8")))
        )
        for p in sorted(sample_dir.glob("*.txt"))
    ]
    sentences = list(segment_reports(reports, segmenter=rjieba_seg))
    assert {s.doc_id for s in sentences} == {r.doc_id for r in reports}
    assert all("".join(s.tokens) == s.text and s.text for s in sentences)
    assert not any(s.text == r.title for r in reports if r.title for s in sentences if s.doc_id == r.doc_id)
    assert any("三会一课" in s.tokens for s in sentences)


def test_cache_hit_skips_the_tokenizer_and_gives_the_same_tokens(tmp_path: Path) -> None:
    reports = [
        make_report("a", "落实三会一课制度。坚持全面从严治党。"),
        make_report("b", "营造风清气正的政治生态。"),
    ]
    cold = Segmenter(LEXICON, backend="rjieba")
    first = list(segment_reports(reports, segmenter=cold, cache_dir=tmp_path))
    assert cold.calls_ == 3
    assert len(list(tmp_path.glob(f"{CACHE_FORMAT}/*/*.marshal"))) == 2

    warm = Segmenter(LEXICON, backend="rjieba")
    assert list(segment_reports(reports, segmenter=warm, cache_dir=tmp_path)) == first
    assert warm.calls_ == 0

    other_lexicon = Segmenter(LEXICON[:1], backend="rjieba")
    second = list(segment_reports(reports, segmenter=other_lexicon, cache_dir=tmp_path))
    assert other_lexicon.calls_ == 3, "a different lexicon must not reuse the cache"
    assert second[0].tokens == ("落实", "三会", "一课", "制度", "。")


def cached_once(tmp_path: Path) -> tuple[list[Report], list[Sentence], Path]:
    """A report segmented once with a cache: the reports, the sentences, the one cache entry."""
    reports = [make_report("a", "落实三会一课制度。坚持全面从严治党。")]
    first = list(segment_reports(reports, segmenter=Segmenter(LEXICON, backend="rjieba"), cache_dir=tmp_path))
    (entry,) = tmp_path.glob(f"{CACHE_FORMAT}/*/*.marshal")
    return reports, first, entry


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda e: e.write_bytes(b"\x00garbage"), "truncated or not a cache entry"),
        (lambda e: e.write_bytes(e.read_bytes()[:-7]), "does not match its checksum"),
        (lambda e: e.write_bytes(e.read_bytes()[:-1] + b"0"), "does not match its checksum"),
        ("altered", "does not match its checksum"),
        ("renamed", "does not match its checksum"),
        ("folder", "is a folder"),
    ],
)
def test_a_damaged_cache_entry_is_recomputed_with_a_warning_naming_it(
    damage: object, reason: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reports, first, entry = cached_once(tmp_path)
    if damage == "altered":
        from analysis.segment_cache import MAGIC

        header = entry.read_bytes()[: len(MAGIC) + 32]
        tokens = (("落实", "三会", "一课制度", "。"), ("坚持", "全面从严治党", "。"))
        entry.write_bytes(header + marshal.dumps(tokens))  # valid marshal, the right number of sentences
    elif damage == "renamed":  # another report of two sentences: its entry copied under this one's name
        other = [make_report("b", "营造风清气正的政治生态。做到两个维护。")]
        list(segment_reports(other, segmenter=Segmenter(LEXICON, backend="rjieba"), cache_dir=tmp_path))
        (other_entry,) = [p for p in tmp_path.glob(f"{CACHE_FORMAT}/*/*.marshal") if p != entry]
        entry.write_bytes(other_entry.read_bytes())
    elif damage == "folder":
        entry.unlink()
        entry.mkdir()
        (entry / "x").write_text("x")
    else:
        damage(entry)  # type: ignore[operator]
    again = Segmenter(LEXICON, backend="rjieba")
    with caplog.at_level(logging.WARNING, logger="analysis.segment_cache"):
        assert list(segment_reports(reports, segmenter=again, cache_dir=tmp_path)) == first
    assert again.calls_ == 2
    assert str(entry) in caplog.text and reason in caplog.text
    caplog.clear()
    if damage != "folder":  # rewritten: the next run trusts it again
        third = Segmenter(LEXICON, backend="rjieba")
        assert list(segment_reports(reports, segmenter=third, cache_dir=tmp_path)) == first
        assert third.calls_ == 0 and not caplog.text


def test_a_cache_that_cannot_be_written_only_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / CACHE_FORMAT).write_text("a file where the cache's folder goes")
    reports = [make_report("a", "落实三会一课制度。")]
    with caplog.at_level(logging.WARNING, logger="analysis.segment_cache"):
        sentences = list(
            segment_reports(reports, segmenter=Segmenter(LEXICON, backend="rjieba"), cache_dir=tmp_path)
        )
    assert sentences[0].tokens == ("落实", "三会一课", "制度", "。")
    assert "cannot be written" in caplog.text


def test_dask_gives_the_serial_result(gwr_reports: list[Report]) -> None:
    pytest.importorskip("distributed")
    segmenter = Segmenter(LEXICON, backend="rjieba")
    reports = gwr_reports[:4]
    serial = list(segment_reports(reports, segmenter=segmenter))
    with open_executor(workers=2, dask_scheduler="local") as executor:
        result = list(segment_reports(reports, segmenter=segmenter, cut_chunks=cut_over(executor, segmenter)))
    assert result == serial


def test_only_the_heading_sentence_of_an_inline_heading_is_a_heading() -> None:
    from analysis.records import Heading, Paragraph, Report
    from analysis.segment import Segmenter, segment_report

    text = "（一）强化理论武装。我始终坚持学习。一是学原著。"
    heading = Heading(2, 1, "（一）", "强化理论武装", "achievements", 0, len(text), inline=True)
    report = Report(
        "d",
        "d.txt",
        "",
        text,
        headings=(heading,),
        paragraphs=(Paragraph(text, 0, 0, "achievements", is_heading=True),),
    )
    sentences = segment_report(report, Segmenter(backend="jieba"))
    assert [(s.text, s.is_heading) for s in sentences] == [
        ("（一）强化理论武装。", True),
        ("我始终坚持学习。", False),
        ("一是学原著。", False),
    ]


def test_overlapping_windows_cut_each_distinct_text_once_and_survive_a_cleared_memo(monkeypatch) -> None:
    """The next window is sent before the last one's tokens are read: a sentence it shares with the window in
    flight is not sent again, and clearing the memo (here after every 3 texts) changes nothing but work."""
    segmenter = Segmenter(LEXICON, backend="jieba")
    texts = [
        "落实三会一课制度。坚持全面从严治党。",
        "坚持全面从严治党。营造风清气正的政治生态。",
        "落实三会一课制度。",
    ]
    reports = [make_report(f"r{i}", texts[i % 3]) for i in range(7)]
    serial = list(segment_reports(reports, segmenter=segmenter))
    sent: list[str] = []

    def counting(chunks: list[list[str]]) -> list[list[tuple[str, ...]]]:
        sent.extend(text for chunk in chunks for text in chunk)
        return [cut_texts(segmenter, chunk) for chunk in chunks]

    assert list(segment_reports(reports, segmenter=segmenter, cut_chunks=counting, window=1)) == serial
    assert sorted(sent) == ["坚持全面从严治党。", "营造风清气正的政治生态。", "落实三会一课制度。"]
    monkeypatch.setattr(seg, "MEMO_LIMIT", 3)
    sent.clear()
    assert list(segment_reports(reports, segmenter=segmenter, cut_chunks=counting, window=1)) == serial
    assert len(sent) > 3  # cut again after the memo was cleared
