"""The segmenter's backend choice (``auto``: rjieba when it cuts as jieba does) kept in the cache folder:
a run with ``--cache-dir`` makes it once, the next adopts it instead of building both tokenizers, and a
damaged or foreign entry is recomputed with a warning, like a report's tokens."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from analysis.lexicon import LexiconEntry
from analysis.segment_cache import (
    CHOICE_DIR_VARIABLE,
    MAGIC,
    choice_file,
    load_choice,
    store_choice,
    user_choice_dir,
)
from analysis.segmenter import Segmenter

LEXICON = (LexiconEntry("两学一做", None, "nz"), LexiconEntry("放管服", None, "nz"), LexiconEntry("清廉机关"))
TEXT = "深化放管服改革，推进两学一做常态化，建设清廉机关。"


def test_a_choice_kept_is_adopted_and_cuts_as_the_choice_made() -> None:
    made = Segmenter(LEXICON)
    choice = made.choice()
    assert choice[0] in ("jieba", "rjieba")
    adopted = Segmenter(LEXICON)
    adopted.adopt(choice)
    assert adopted.backend_ == made.backend_ and adopted.fingerprint == made.fingerprint
    assert adopted.cut(TEXT) == made.cut(TEXT)


def test_the_key_follows_the_lexicon_and_the_hmm_flag() -> None:
    key = Segmenter(LEXICON).choice_key
    assert key == Segmenter(LEXICON).choice_key
    assert key != Segmenter(LEXICON[:2]).choice_key
    assert key != Segmenter(LEXICON, hmm=False).choice_key


def test_a_cache_folder_keeps_the_choice_for_the_next_segmenter(tmp_path: Path) -> None:
    first = Segmenter(LEXICON)
    path = first.adopt_kept_choice(tmp_path)
    assert path == choice_file(tmp_path, first.choice_key) and not path.exists()
    store_choice(path, first.choice())
    second = Segmenter(LEXICON)
    assert second.adopt_kept_choice(tmp_path) is None  # adopted: nothing to keep
    assert second.backend_ == first.backend_ and second.cut(TEXT) == first.cut(TEXT)
    assert Segmenter(LEXICON, backend="jieba").adopt_kept_choice(tmp_path) is None  # a backend named
    assert Segmenter(LEXICON).adopt_kept_choice(None) is None  # no cache folder


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda p: p.write_bytes(b"garbage"), "truncated or not a cache entry"),
        (lambda p: p.write_bytes(p.read_bytes()[:-2]), "does not match its checksum"),
        ("foreign", "is not a backend choice"),
    ],
)
def test_a_damaged_choice_is_recomputed_with_a_warning(
    damage: object, reason: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    segmenter = Segmenter(LEXICON)
    path = choice_file(tmp_path, segmenter.choice_key)
    store_choice(path, segmenter.choice())
    if damage == "foreign":  # a valid entry holding something else (a report's tokens)
        store_choice(path, (("深化", "改革"),))
    else:
        damage(path)  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="analysis"):
        again = Segmenter(LEXICON)
        assert again.adopt_kept_choice(tmp_path) == path  # to be made and kept again
    assert str(path) in caplog.text and reason in caplog.text
    assert again.backend_ is None
    assert path.read_bytes().startswith(MAGIC) or load_choice(path) is None


def test_a_run_with_a_cache_folder_keeps_its_choice_and_the_next_run_gives_the_same_files(
    sample_dir: Path, tmp_path: Path
) -> None:
    from analysis.pipeline import RunOptions, make_segmenter, run

    options = RunOptions(cache_dir=tmp_path / "cache", xlsx=False, workers=1)
    run(sample_dir, tmp_path / "first", options=options)
    key = make_segmenter(options).choice_key
    assert load_choice(choice_file(tmp_path / "cache", key)) is not None
    run(sample_dir, tmp_path / "second", options=options)
    for name in ("phrases.csv", "section_phrases.csv", "documents.csv"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()


def test_a_run_without_a_cache_folder_keeps_its_choice_in_the_users_and_the_next_run_builds_one_tokenizer(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analysis.segmenter
    from analysis.pipeline import RunOptions, make_segmenter, run

    monkeypatch.setenv(CHOICE_DIR_VARIABLE, str(tmp_path / "user"))
    options = RunOptions(xlsx=False, workers=1)
    run(sample_dir, tmp_path / "first", options=options)
    segmenter = make_segmenter(options)
    kept = load_choice(choice_file(tmp_path / "user", segmenter.choice_key))
    assert kept is not None and kept[0] == segmenter.resolve()

    def no_second_tokenizer(*_: object, **__: object) -> None:
        raise AssertionError("the choice was made again")

    if kept[0] == "rjieba":  # adopted: jieba's tokenizer is not built to compare
        monkeypatch.setattr(analysis.segmenter, "_JiebaEngine", no_second_tokenizer)
    run(sample_dir, tmp_path / "second", options=options)
    for name in ("phrases.csv", "section_phrases.csv", "documents.csv"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()


def test_the_users_choice_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CHOICE_DIR_VARIABLE, str(tmp_path / "here"))
    assert user_choice_dir() == tmp_path / "here"
    monkeypatch.setenv(CHOICE_DIR_VARIABLE, "")  # none kept
    assert user_choice_dir() is None
    monkeypatch.delenv(CHOICE_DIR_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_choice_dir() == tmp_path / "xdg" / "report-miner"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_choice_dir() == tmp_path / "home" / ".cache" / "report-miner"


def test_a_run_whose_user_cache_cannot_be_written_warns_and_goes_on(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from analysis.pipeline import RunOptions, run

    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CHOICE_DIR_VARIABLE, str(blocked))
    with caplog.at_level(logging.WARNING, logger="analysis"):
        run(sample_dir, tmp_path / "out", options=RunOptions(xlsx=False, workers=1))
    assert "cannot be written" in caplog.text and str(blocked) in caplog.text
    assert (tmp_path / "out" / "phrases.csv").is_file()
