"""Shared fixtures: corpus locations and a tiny tokenizer for miner tests."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import jieba
import pytest

from analysis.records import Sentence

if TYPE_CHECKING:
    from analysis.pipeline import Analysis

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "corpus"
GWR_DIR = ROOT.parent / "shared" / "corpora" / "gwr_national"

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def gwr_dir() -> Path:
    if not GWR_DIR.is_dir():
        pytest.fail(f"gwr_national corpus not found at {GWR_DIR}: clone the project beside ../shared")
    return GWR_DIR


@pytest.fixture(scope="session")
def tokenizer() -> jieba.Tokenizer:
    """A private jieba tokenizer (jieba's global one is never used)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@pytest.fixture(scope="session")
def make_sentences(tokenizer: jieba.Tokenizer) -> Callable[..., list[Sentence]]:
    """``make_sentences({"d1": "text…", "d2": …}, section_type="other")`` → Sentence records.

    Splits each text at 。！？； and newlines; for miner tests that should not depend on the other stages.
    """

    def build(
        texts: dict[str, str] | Iterable[tuple[str, str]], *, section_type: str = "other"
    ) -> list[Sentence]:
        items = texts.items() if isinstance(texts, dict) else texts
        out: list[Sentence] = []
        for doc_id, text in items:
            for part in _SENTENCE_END.split(text):
                part = part.strip()
                if part:
                    out.append(Sentence(doc_id, section_type, part, tuple(tokenizer.cut(part))))
        return out

    return build


def pipeline_body_sentences(corpus: Path) -> list[Sentence]:
    """Body sentences of ``corpus`` as the real pipeline makes them (ingest, clean, structure, segment)."""
    from analysis.pipeline import RunOptions, load_reports, make_segmenter
    from analysis.segment import segment_reports

    reports, _ = load_reports(corpus)
    sentences = segment_reports(reports, segmenter=make_segmenter(RunOptions()))
    return [s for s in sentences if not s.is_heading]


@pytest.fixture(scope="session")
def sample_body_sentences(sample_dir: Path) -> list[Sentence]:
    """The sample corpus's body sentences, segmented once per test session."""
    return pipeline_body_sentences(sample_dir)


@pytest.fixture(scope="session")
def gwr_body_sentences(gwr_dir: Path) -> list[Sentence]:
    """gwr_national's body sentences, segmented once per test session."""
    return pipeline_body_sentences(gwr_dir)


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def sample_run(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Analysis, dict]:
    """``run`` on the sample corpus in one process, once per session: (outputs, result, corpus digest)."""
    from analysis.pipeline import RunOptions, run

    before = _tree_digest(sample_dir)
    out = tmp_path_factory.mktemp("sample_out")
    return out, run(sample_dir, out, options=RunOptions(workers=1)), before


@pytest.fixture(scope="session")
def gwr_run(gwr_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Analysis]:
    """``run`` on gwr_national (two workers, no workbook), once per session: (outputs, result)."""
    from analysis.pipeline import RunOptions, run

    out = tmp_path_factory.mktemp("gwr_out")
    return out, run(gwr_dir, out, options=RunOptions(workers=2, xlsx=False))


@pytest.fixture(scope="session")
def gwr_analysis(gwr_run: tuple[Path, Analysis]) -> Analysis:
    """gwr_national analysed once per test session: the records of :func:`gwr_run` (same options)."""
    return gwr_run[1]


@pytest.fixture(autouse=True, scope="session")
def _backend_choice_kept_in_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Runs keep the segmenter's backend choice in a folder of the test session, not the user's cache
    (``REPORT_MINER_CACHE``, read by :func:`analysis.segment_cache.user_choice_dir`; the command-line
    tests' subprocesses inherit it)."""
    from analysis.segment_cache import CHOICE_DIR_VARIABLE

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CHOICE_DIR_VARIABLE, str(tmp_path_factory.mktemp("backend-choice")))
        yield
