"""End to end: `run` on the sample corpus and on gwr_national honours the output contract."""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import loading, pipeline
from analysis.paths import OUTPUT_MARKER
from analysis.pipeline import OUTPUT_FILES, RunOptions, run
from analysis.records import PHRASE_KINDS, SECTION_TYPES, SourceDocument

CONTRACT = {
    "documents.csv": ["doc_id", "source", "title", "n_chars", "text"],
    "sections.csv": ["doc_id", "level", "number", "marker", "heading", "section_type", "n_chars"],
    "phrases.csv": ["phrase", "kind", "freq", "doc_freq", "score", "example"],
    "section_phrases.csv": ["section_type", "phrase", "freq", "keyness", "example"],
    "structure_stats.csv": ["what", "key", "value"],
}
SAMPLE_IDS = [
    "000_f05c5ea0e063d78f",
    "001_4ec829123300ccfd",
    "002_e242ea8daa6d116a#1",
    "002_e242ea8daa6d116a#2",
    "002_e242ea8daa6d116a#3",
    "002_e242ea8daa6d116a#4",
    "003_b6a6d13a0496e086",
    "004_540c6df316cd4466",
]


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, encoding="utf-8-sig", keep_default_na=False)


def test_every_output_file_is_written(sample_run) -> None:
    out, _, _ = sample_run
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, OUTPUT_MARKER])


def test_contract_columns_come_first_and_csv_has_a_bom(sample_run) -> None:
    out, _, _ = sample_run
    for name, columns in CONTRACT.items():
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
        assert list(read(out, name).columns[: len(columns)]) == columns, name


def test_documents_are_the_eight_sample_reports_cleaned(sample_run) -> None:
    out, _, _ = sample_run
    docs = read(out, "documents.csv")
    assert docs.doc_id.tolist() == SAMPLE_IDS
    assert docs.source.tolist()[2:6] == ["002_e242ea8daa6d116a.txt"] * 4
    assert docs.title.tolist()[2] == "政治生态总体评价"
    assert docs.title.tolist()[1] == ""  # 001 has no title line
    joined = "".join(docs.text)
    for chrome in ("如若转载", "下一篇", "网友为您", "精心整理", "xiezuozhinan"):
        assert chrome not in joined
    assert (docs.n_chars == docs.text.str.len()).all()


def test_sections_follow_the_heading_levels_of_the_sample(sample_run) -> None:
    out, _, _ = sample_run
    sections = read(out, "sections.csv")
    assert set(sections.section_type) <= set(SECTION_TYPES)
    first = sections[sections.doc_id == "000_f05c5ea0e063d78f"]
    assert first.level.tolist() == [1, 2, 2, 2, 1, 2, 2, 2, 1, 2, 2, 2]
    assert first.heading.tolist()[:2] == ["坚定政治立场，筑牢思想根基", "强化理论武装，提升政治素养"]
    top = sections[(sections.doc_id == "001_4ec829123300ccfd") & (sections.level == 1)]
    assert top.section_type.tolist() == ["achievements", "problems", "measures"]


def test_phrases_are_sorted_with_real_examples_and_no_placeholders(sample_run) -> None:
    out, result, _ = sample_run
    phrases = read(out, "phrases.csv")
    assert set(phrases.kind) == set(PHRASE_KINDS)
    expected = phrases.sort_values(["kind", "score", "phrase"], ascending=[True, False, True], kind="stable")
    assert phrases.index.tolist() == expected.index.tolist()
    text = "\n".join(r.text for r in result.reports)
    assert all(example in text for example in phrases.example)
    body = phrases[~phrases.kind.isin(["heading", "frame"])]
    assert all(p in e for p, e in zip(body.phrase, body.example, strict=True))
    frames = phrases[phrases.kind == "frame"]  # a frame's example holds its fixed parts, in order
    assert all(
        re.search(".+".join(map(re.escape, p.split("X"))).strip(".+"), e)
        for p, e in zip(frames.phrase, frames.example, strict=True)
    )
    assert not phrases.phrase.str.contains("□|xx|XX", regex=True).any()
    slogans = set(phrases[phrases.kind == "slogan"].phrase)
    assert {"两个维护", "四个意识", "一岗双责", "三会一课", "关键少数"} <= slogans


def test_section_phrases_are_positive_keyness_with_examples_from_that_section(sample_run) -> None:
    out, result, _ = sample_run
    rows = read(out, "section_phrases.csv")
    assert len(rows) > 0 and (rows.keyness > 0).all()
    by_type = {(s.section_type, s.text) for s in result.sentences}
    assert all((t, e) in by_type for t, e in zip(rows.section_type, rows.example, strict=True))


def test_no_cell_starts_like_a_formula(sample_run) -> None:
    out, _, _ = sample_run
    for name in CONTRACT:
        frame = read(out, name).astype(str)
        for column in frame.columns:
            assert not frame[column].str.match(r"^[=+\-@\t\r]").any(), (name, column)


def test_xlsx_and_chart(sample_run) -> None:
    out, _, _ = sample_run
    sheets = pd.read_excel(out / "phrasebank.xlsx", sheet_name=None)
    assert list(sheets)[:2] == ["说明", "短语库"]
    assert {"文档", "章节", "章节特征短语", "结构统计"} <= set(sheets)
    assert (out / "section_frequency.png").read_bytes().startswith(b"\x89PNG")


def test_rerun_is_byte_identical_and_the_corpus_is_untouched(
    sample_run, sample_dir: Path, tmp_path: Path
) -> None:
    out, _, before = sample_run  # workers=1: everything in one process
    run(sample_dir, tmp_path, options=RunOptions(workers=2))  # cleaned, parsed and segmented in two processes
    for name in OUTPUT_FILES:  # the workbook and the chart too
        if (out / name).is_dir():  # texts/
            assert tree_digest(out / name) == tree_digest(tmp_path / name), name
        else:
            assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name
    assert tree_digest(sample_dir) == before


def crash_in_a_worker(job: object) -> None:
    """The report files' job failing (module level: a pool worker imports it by name)."""
    raise RuntimeError("crash in report files")


@pytest.mark.parametrize("where", ["report files", "mining", "segmenting"])
def test_a_run_failing_while_report_files_are_written_keeps_previous_outputs(
    where: str, sample_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    run(sample_dir, tmp_path, options=RunOptions(workers=2))
    before = tree_digest(tmp_path)

    def crash(*args, **kwargs):
        raise RuntimeError(f"crash in {where}")

    if where == "report files":  # (written by a worker: the job itself fails there)
        monkeypatch.setattr(pipeline, "write_report_job", crash_in_a_worker)
    elif where == "mining":  # while the pool's workers are alive
        monkeypatch.setattr(pipeline, "mine_candidates", crash)
    else:
        monkeypatch.setattr(pipeline, "segment_reports", crash)
    with pytest.raises(RuntimeError, match=f"crash in {where}"):
        run(sample_dir, tmp_path, options=RunOptions(workers=2))
    assert tree_digest(tmp_path) == before  # no file changed, no staging directory left
    assert multiprocessing.active_children() == []  # the pool's workers are stopped


def test_a_failing_run_keeps_previous_outputs(sample_dir: Path, tmp_path: Path, monkeypatch) -> None:
    run(sample_dir, tmp_path, options=RunOptions(xlsx=False))
    before = tree_digest(tmp_path)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full while mining")

    monkeypatch.setattr(pipeline, "document_keyword_rows", crash)
    with pytest.raises(RuntimeError):
        run(sample_dir, tmp_path, options=RunOptions(xlsx=False))
    assert tree_digest(tmp_path) == before


def test_an_unreadable_file_is_reported_and_the_rest_go_on(sample_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_dir, corpus)
    (corpus / "broken.txt").write_bytes(b"PK\x03\x04\x00\x00binary\x00\xff\xfe\x00")
    result = run(corpus, tmp_path / "out", options=RunOptions(xlsx=False))
    assert len(result.reports) == 8
    problems = read(tmp_path / "out", "problems.csv")
    assert problems.source.tolist() == ["broken.txt"]
    assert "broken.txt" in problems.message[0]


def test_a_folder_without_reports_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nothing_here"):
        run(tmp_path / "nothing_here", tmp_path / "out")


def test_gwr_national_runs_end_to_end(gwr_run) -> None:
    out, _ = gwr_run
    docs = read(out, "documents.csv")
    assert len(docs) == 76
    assert docs.year.astype(int).between(1954, 2025).all()
    phrases = read(out, "phrases.csv")
    for notice in ("公有领域", "Public domain", "本作品", "维基文库"):
        assert not phrases.phrase.str.contains(notice).any(), notice
        assert not docs.text.str.contains(notice).any(), notice
    slogans = set(phrases[phrases.kind == "slogan"].phrase)
    assert {"四个意识", "两个维护"} <= slogans
    sections = read(out, "sections.csv")
    y2025 = sections[sections.doc_id == "2025_政府工作报告"]
    assert y2025[y2025.level == 1].section_type.tolist()[0] == "achievements"
    assert (
        "全国人民代表大会" in docs[docs.doc_id == "1954_政府工作报告"].text.iloc[0]
    )  # traditional → simplified


def test_gwr_national_texts_longer_than_a_cell_are_cut_in_documents_csv_and_whole_in_texts(gwr_run) -> None:
    out, result = gwr_run
    docs = read(out, "documents.csv").set_index("doc_id")
    assert docs.text.str.len().max() <= 32_767  # what Excel and WPS keep of a CSV field
    long = docs.loc["1955_政府工作报告"]
    assert long.n_chars == 56_556 and len(long.text) == 32_767
    assert long.text.endswith("……［已截断：全文 56,556 字，见 texts/1955_政府工作报告.txt］")
    for report in result.reports:  # every text whole in its file
        assert (out / docs.text_file[report.doc_id]).read_text(encoding="utf-8") == report.text


def test_gwr_national_review_and_tasks_have_their_own_words(gwr_run) -> None:
    """What notebook 03 says of the national reports' achievements and measures sections."""
    out, _ = gwr_run
    key = read(out, "section_phrases.csv")
    top = {t: set(group.head(10).phrase) for t, group in key.groupby("section_type")}
    assert {"全国各族人民", "来之不易", "国内生产总值", "农村居民人均纯收入"} <= top["achievements"]
    assert {"技术改造", "责任制", "合法权益", "产品质量"} <= top["measures"]


def test_a_provincial_report_copied_from_a_portal(tmp_path: Path) -> None:
    """GBK, CRLF, portal chrome, level-1 headings without markers: a report unlike the bundled corpora."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "2024_provincial_gbk_crlf.txt", corpus / "2024_hebei.txt")
    result = run(corpus, tmp_path / "out", options=RunOptions(xlsx=False, min_doc_freq=1))
    (report,) = result.reports
    assert report.title == "2024年河北省政府工作报告"
    for chrome in ("首页", "浏览次数", "打印本页", "分享到", "扫一扫", "网站标识码", "ICP备"):
        assert chrome not in report.text, chrome
    sections = read(tmp_path / "out", "sections.csv")
    assert sections[["level", "marker", "heading", "section_type"]].values.tolist() == [
        [1, "", "2023年工作回顾", "achievements"],
        [1, "", "2024年重点工作", "measures"],
        [2, "（一）", "扎实推动高质量发展", "measures"],
        [2, "（二）", "持续保障和改善民生", "measures"],
    ]
    enumerations = read(tmp_path / "out", "enumerations.csv")
    assert enumerations.text.tolist() == ["经济运行稳中向好", "改革开放持续深化"]


def test_mined_phrases_fed_back_as_lexicon_are_kept_whole(sample_run, sample_dir: Path) -> None:
    """run writes lexicon_mined.txt; segmenting with it keeps the mined phrases as single tokens."""
    out, _, _ = sample_run
    bare = pipeline.analyze(sample_dir, options=RunOptions(lexicons=()))
    fed = pipeline.analyze(sample_dir, options=RunOptions(lexicons=(out / "lexicon_mined.txt",)))
    words = [line.split(" ")[0] for line in (out / "lexicon_mined.txt").read_text("utf-8").splitlines()[1:]]
    before = {t for s in bare.sentences for t in s.tokens}
    after = {t for s in fed.sentences for t in s.tokens}
    assert len(words) > 50
    assert sum(w in after for w in words) >= 0.95 * len(words)
    assert sum(w in after for w in words) > sum(w in before for w in words)
    assert "一岗双责" in after


def test_the_same_pipeline_runs_on_a_dask_cluster(sample_run, sample_dir: Path) -> None:
    _, serial, _ = sample_run
    on_dask = pipeline.analyze(sample_dir, options=RunOptions(workers=2, dask_scheduler="local"))
    assert on_dask.sentences == serial.sentences
    assert on_dask.phrases == serial.phrases


def test_loading_in_two_processes_gives_the_same_reports_and_problems_in_order(
    sample_dir: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_dir, corpus)
    (corpus / "000_binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary\x00\xff\xfe\x00")
    (corpus / "005_chrome_only.txt").write_text("打印本页\n关闭窗口\n", encoding="utf-8")
    one = pipeline.load_reports(corpus, workers=1)
    two = pipeline.load_reports(corpus, workers=2)
    assert one == two
    reports, problems = two
    assert [r.doc_id for r in reports] == SAMPLE_IDS
    assert [p.source for p in problems] == ["000_binary.txt", "005_chrome_only.txt"]
    with pytest.raises(ValueError, match="workers"):
        pipeline.load_reports(corpus, workers=0)


def test_importing_a_stage_module_does_not_pull_in_pandas_or_matplotlib() -> None:
    import subprocess
    import sys

    code = (
        "import sys, analysis.clean, analysis.structure, analysis.segment, analysis.pipeline;"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_copied_report_is_parsed_once_analysed_under_both_names_and_named_in_a_warning(
    sample_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_dir, corpus)
    original = corpus / "003_b6a6d13a0496e086.txt"
    shutil.copy(original, corpus / "005_repost.txt")
    with caplog.at_level("WARNING", logger="analysis.pipeline"):
        reports, problems = pipeline.load_reports(corpus)
    assert not problems
    by_id = {r.doc_id: r for r in reports}
    copy, first = by_id["005_repost"], by_id["003_b6a6d13a0496e086"]
    assert copy.source == "005_repost.txt"
    assert (copy.title, copy.text, copy.headings, copy.paragraphs) == (
        first.title,
        first.text,
        first.headings,
        first.paragraphs,
    )
    assert copy == pipeline.prepare_report(
        SourceDocument("005_repost", "005_repost.txt", original.read_text(encoding="utf-8"))
    )
    assert "1 report(s) are exact copies" in caplog.text
    assert "005_repost.txt = 003_b6a6d13a0496e086.txt" in caplog.text


def test_workers_default_to_one_per_million_characters_at_most_one_per_core(monkeypatch) -> None:
    monkeypatch.setattr(loading.os, "cpu_count", lambda: 2)
    assert [pipeline.auto_workers(n) for n in (0, 999_999, 1_000_000, 90_000_000)] == [1, 1, 2, 2]
    monkeypatch.setattr(loading.os, "cpu_count", lambda: None)
    assert pipeline.auto_workers(90_000_000) == 1
    assert RunOptions().workers is None
    with pytest.raises(ValueError, match="workers"):
        RunOptions(workers=0)


def test_a_run_expected_to_need_more_memory_than_the_machine_has_says_so_first(tmp_path: Path) -> None:
    """600 MB and 90 bytes a character of distinct text (the benchmark's peaks): 338 million characters
    (1 GB of reports) ≈ 31 GB; the system's out-of-memory killer would stop such a run minutes later."""
    assert loading.expected_peak(0) == 600_000_000
    assert loading.expected_peak(338_000_000) == 31_020_000_000
    said = loading.memory_warning(Path("reports"), 338_000_000, 24_000_000_000)
    assert said == (
        "reports: 338 million characters of distinct text; runs of this size have needed about 31 GB of "
        "memory at their peak, and this machine has 24.0 GB available: the system may stop the run. Run the "
        "corpus in parts (one folder each), or on a machine with more memory."
    )
    assert loading.memory_warning(Path("reports"), 101_000_000, 24_000_000_000) is None  # (≈ 9.7 GB)
    assert loading.memory_warning(Path("reports"), 338_000_000, None) is None  # (unknown: nothing to say)
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24000000 kB\nMemFree:  100 kB\nMemAvailable:   20000000 kB\n")
    assert loading.available_memory(meminfo) == 20_000_000 * 1024
    meminfo.write_text("MemTotal:       24000000 kB\n")  # (a kernel older than 3.14)
    assert loading.available_memory(meminfo) is None
    assert loading.available_memory(tmp_path / "missing") is None


def test_the_memory_warning_comes_at_the_start_of_a_run_that_goes_on(
    sample_dir: Path, tmp_path: Path, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(pipeline, "available_memory", lambda: 100_000_000)  # (less than any run's fixed part)
    with caplog.at_level("WARNING", logger="analysis"):
        run(sample_dir, tmp_path / "out", options=RunOptions(workers=1, xlsx=False))
    said = [r.getMessage() for r in caplog.records if "memory" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith(f"{sample_dir}: 0 million characters of distinct text")
    assert (tmp_path / "out" / "phrases.csv").exists()


def test_the_decoded_files_are_let_go_once_parsed(tmp_path: Path, monkeypatch) -> None:
    """A file's decoded text (and its UTF-8 form, made when it was sent to be cleaned) is not held while
    the reports are segmented and mined: at 300 MB of text that was ≈ 0.5 GB of this process."""
    import gc

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    marker = f"（本文编号{tmp_path.name}）"  # (this test's files only: other tests may hold documents)
    for n in range(3):
        text = f"第{n}号工作报告\n一、主要成绩\n我们坚持稳中求进工作总基调，推动经济高质量发展。\n{marker}\n"
        (corpus / f"report_{n}.txt").write_text(text, encoding="utf-8")
    alive: list[int] = []
    mine = pipeline._mine

    def counting(*args, **kwargs):
        alive.append(sum(type(o) is SourceDocument and marker in o.text for o in gc.get_objects()))
        return mine(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_mine", counting)
    run(corpus, tmp_path / "out", options=RunOptions(workers=1))
    assert alive == [0]
