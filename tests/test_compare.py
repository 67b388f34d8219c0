"""Keyness between subcorpora (analysis.subcorpora, analysis.contrast) and collocations, API and CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.contrast import contrast_rows, g2_p_value, significant
from analysis.records import Phrase, Report, Sentence
from analysis.subcorpora import collocations, compare


def test_contrast_row_by_hand() -> None:
    # 10 of 1000 against 2 of 3000: E1 = 1000 × 12/4000 = 3, E2 = 9; G² = 2(10 ln(10/3) + 2 ln(2/9))
    (row,) = contrast_rows(
        {"新发展理念": 10},
        {"新发展理念": 2},
        total_target=1000,
        total_reference=3000,
        doc_freq={"新发展理念": 4},
    )
    g2 = 2 * (10 * math.log(10 / 3) + 2 * math.log(2 / 9))
    assert row.g2 == pytest.approx(g2, abs=1e-4) and row.g2 == pytest.approx(18.0631, abs=1e-4)
    assert row.p_value == pytest.approx(math.erfc(math.sqrt(g2 / 2)))
    assert row.log_ratio == pytest.approx(math.log2((10 / 1000) / (2 / 3000)), abs=1e-4)
    assert (row.freq, row.freq_reference, row.doc_freq) == (10, 2, 4)
    # Bonferroni: p = 2.1e-5 passes 0.05 / 100 tests, not 0.05 / 10,000
    assert significant([row], tests=100) == [row] and significant([row], tests=10_000) == []
    # one report: not a row at the default min_docs = 2
    assert contrast_rows({"x": 10}, {}, total_target=10, total_reference=10, doc_freq={"x": 1}) == []


def test_p_value_of_the_usual_critical_values() -> None:
    assert g2_p_value(3.841459) == pytest.approx(0.05, abs=1e-6)
    assert g2_p_value(10.827566) == pytest.approx(0.001, abs=1e-7)
    assert g2_p_value(0.0) == 1.0


def _report(doc: str, year: str) -> Report:
    return Report(doc, f"{doc}.txt", doc, "", metadata={"year": year})


def _sentence(doc: str, text: str) -> Sentence:
    return Sentence(doc, "measures", text, tuple(text[i : i + 2] for i in range(0, len(text), 2)))


def test_compare_years_by_a_range() -> None:
    reports = [_report(f"r{y}", str(y)) for y in (2014, 2015, 2019, 2020, 2021)]
    sentences = [_sentence(f"r{y}", "推进供给侧改革工作。" * 3) for y in (2014, 2015)]
    sentences += [_sentence(f"r{y}", "贯彻新发展理念工作。" * 3) for y in (2019, 2020, 2021)]
    phrases = [Phrase(p, "term", 1, 1, 1.0) for p in ("新发展理念", "供给侧改革", "工作")]
    rows = compare(reports, sentences, by="year", target="2018-2025", reference="2013-2017", phrases=phrases)
    assert [(r.item, r.side, r.freq_target, r.freq_reference, r.docs_target) for r in rows] == [
        ("新发展理念", "target", 9, 0, 3),
        ("供给侧改革", "reference", 0, 6, 0),
    ]
    assert all(r.g2 > 0 and r.log_ratio > 0 and r.p_value < 0.05 / 3 for r in rows)
    with pytest.raises(ValueError, match="no column 'province'"):
        compare(reports, sentences, by="province", target="x", phrases=phrases)
    with pytest.raises(ValueError, match="no report has year = '1990'"):
        compare(reports, sentences, by="year", target="1990", phrases=phrases)


def test_collocations_count_a_word_once_per_window() -> None:
    text = ("深化", "改革", "开放", "，", "深化", "改革")
    sentences = [Sentence("d", "other", "".join(text), text)] * 3
    rows = {c.word: c for c in collocations(sentences, "改革", window=1, min_freq=1)}
    # 改革 occurs 6 times; its windows cover 深化 (6) and 开放 (3): 9 slots; 15 words (not the comma)
    assert (rows["深化"].freq, rows["深化"].word_freq, rows["开放"].freq) == (6, 6, 3)
    assert rows["开放"].mi == pytest.approx(math.log2(3 / (9 * 3 / 15)), abs=1e-4)
    assert collocations(sentences, "改革", window=1, min_freq=4, measure="ll")[0].word == "深化"
    with pytest.raises(ValueError, match="measure"):
        collocations(sentences, "改革", measure="dice")


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    corpus = root / "corpus"
    corpus.mkdir()
    rows = ["file,year"]
    for year in range(2014, 2022):
        later = year >= 2018
        body = (
            "一、工作回顾\n"
            + ("我们贯彻新发展理念，推动高质量发展。" if later else "我们推进结构调整，稳定经济增长。") * 4
        )
        body += "\n二、下步打算\n继续深化改革开放，深化改革创新，进一步扩大开放。\n"
        (corpus / f"{year}.txt").write_text(f"{year}年政府工作报告\n{body}", encoding="utf-8")
        rows.append(f"{year}.txt,{year}")
    (corpus / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return corpus


def test_compare_command_writes_a_bom_csv(tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "cmp.csv"
    args = ["compare", "--corpus", str(tiny_corpus), "--by", "year", "--target", "2018-2021"]
    result = CliRunner().invoke(main, [*args, "--units", "words", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns[:3]) == ["item", "unit", "side"]
    target = set(frame[frame.side == "target"].item)
    # (as the bundled lexicon cuts them: whole, or in words)
    assert target & {"新发展理念", "高质量发展", "新", "发展", "理念", "高质量"}
    assert "over-used in the target" in result.output
    bad = CliRunner().invoke(main, [*args[:3], "--by", "province", "--target", "x"])
    assert bad.exit_code != 0 and "no column 'province'" in bad.output


def test_collocations_command(tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "col.csv"
    result = CliRunner().invoke(
        main, ["collocations", "进一步", "--corpus", str(tiny_corpus), "--window", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == ["word", "freq", "word_freq", "mi", "log_likelihood"]
    assert {"扩大开放", "深化改革"} <= set(frame.word)


@pytest.mark.parametrize("command", ["compare", "collocations"])
def test_help_has_examples(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output


@pytest.mark.parametrize("command", ["compare", "collocations"])
def test_a_dash_writes_the_table_alone_to_stdout_as_json(tiny_corpus: Path, command: str) -> None:
    args = {
        "compare": ["compare", "--by", "year", "--target", "2018-2021", "--units", "words", "--all"],
        "collocations": ["collocations", "进一步", "--window", "2", "--min-freq", "1"],
    }[command]
    result = CliRunner().invoke(main, [*args, "--corpus", str(tiny_corpus), "--out", "-", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)  # nothing but the table on stdout
    assert rows and isinstance(rows[0], dict)
    assert ("item" if command == "compare" else "word") in rows[0]
