"""Every input fault gets a clear one-line message and loses nothing (issue 10, item 6).

Each case runs a command of ``python -m analysis`` (click's CliRunner in this process; two through a real
subprocess) on a small corpus written for the test and checks the exit code, that the message is one line
and no traceback, what ``problems.csv`` lists, and that the corpus folder is byte-for-byte unchanged.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from analysis.cli import main
from analysis.paths import OUTPUT_MARKER
from analysis.phrasebank import MAX_EXAMPLE_CHARS, excerpt
from analysis.segment import MAX_SENTENCE_CHARS

REPORTS = {
    "甲县工作总结.txt": (
        "甲县2025年工作总结\n一、主要工作\n坚持人民至上，全面落实安全生产责任。扎实推进乡村振兴，群众满意度明显提高。\n"
        "二、存在问题\n基层治理能力还不够强，服务群众的办法还不多。\n三、下步打算\n继续推进乡村振兴，全面落实安全生产责任。\n"
    ),
    "乙镇工作总结.txt": (
        "乙镇2025年工作总结\n一、主要工作\n扎实推进乡村振兴，全面落实安全生产责任。坚持人民至上，办好民生实事。\n"
        "二、存在问题\n基层治理能力还不够强，干部作风还有差距。\n三、下步打算\n坚持人民至上，继续推进乡村振兴。\n"
    ),
    "丙街道工作总结.txt": (
        "丙街道2025年工作总结\n一、主要工作\n全面落实安全生产责任，扎实推进乡村振兴。坚持人民至上，化解矛盾纠纷。\n"
        "二、存在问题\n服务群众的办法还不多，基层治理能力还不够强。\n三、下步打算\n全面落实安全生产责任，办好民生实事。\n"
    ),
}
RUN = ["run", "--workers", "1", "--no-xlsx", "--no-progress"]


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def tree(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (links not followed) with a digest of its bytes or link target."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            key = os.fsencode(path.relative_to(root)).hex()
            if path.is_symlink():
                found[key] = "link:" + os.readlink(path)
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "dir"
    return found


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def error_line(result: Result) -> str:
    """The command's error: exactly one line, never a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.output
    return lines[0]


def problems(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "problems.csv", encoding="utf-8-sig", keep_default_na=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


# --- outputs never go into the corpus ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "relation"),
    [
        (".", "the same folder as"),
        ("./sub/..", "the same folder as"),
        ("outputs", "inside"),
        ("deep/er/outputs", "inside"),
        ("..", "a folder containing"),
    ],
)
def test_run_refuses_an_output_folder_equal_to_inside_or_containing_the_corpus(
    corpus: Path, out: str, relation: str
) -> None:
    before = tree(corpus.parent)
    result = invoke([*RUN, "--corpus", corpus, "--out", corpus / out])
    assert result.exit_code == 1
    line = error_line(result)
    assert f"is {relation} the corpus folder {corpus} (= {corpus.resolve()})" in line
    assert str(corpus / out) in line
    assert tree(corpus.parent) == before  # nothing written, not even an empty folder


def test_a_link_to_the_corpus_does_not_get_around_the_check(corpus: Path, tmp_path: Path) -> None:
    link = tmp_path / "looks_elsewhere"
    link.symlink_to(corpus, target_is_directory=True)
    before = tree(corpus)
    result = invoke([*RUN, "--corpus", corpus, "--out", link / "outputs"])
    assert result.exit_code == 1
    assert f"= {corpus.resolve()}/outputs) is inside the corpus folder" in error_line(result)
    assert tree(corpus) == before


def test_the_cache_folder_may_not_be_inside_the_corpus(corpus: Path, tmp_path: Path) -> None:
    before = tree(corpus)
    result = invoke([*RUN, "--corpus", corpus, "--out", tmp_path / "out", "--cache-dir", corpus / ".cache"])
    assert result.exit_code == 1
    assert "cache folder" in error_line(result)
    assert tree(corpus) == before and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["kwic", "乡村振兴", "--out", "{corpus}/kwic.csv"],
        ["trend", "乡村振兴", "--out", "{corpus}/trend.csv"],
        ["trend", "乡村振兴", "--plot", "{corpus}/sub/trend.png"],
        ["lexicon", "--out", "{corpus}/lexicon.txt"],
    ],
)
def test_every_command_refuses_an_output_file_inside_the_corpus(corpus: Path, args: list[str]) -> None:
    before = tree(corpus)
    result = invoke([*(a.format(corpus=corpus) for a in args), "--corpus", corpus])
    assert result.exit_code == 1
    assert f"inside the corpus folder {corpus}" in error_line(result)
    assert tree(corpus) == before


@pytest.mark.parametrize(
    "args",
    [
        ["kwic", "乡村振兴", "--out", "{blocker}/kwic.csv"],
        ["trend", "乡村振兴", "--out", "{blocker}/deeper/trend.csv"],
        ["lexicon", "--out", "{blocker}/lexicon.txt"],
    ],
)
def test_an_output_file_under_a_file_is_a_one_line_error(
    corpus: Path, tmp_path: Path, args: list[str]
) -> None:
    blocker = tmp_path / "a"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    if args[0] == "trend":
        (corpus / "metadata.csv").write_text(
            "file,year\n" + "".join(f"{name},{2020 + k}\n" for k, name in enumerate(REPORTS)),
            encoding="utf-8",
        )
    result = invoke([*(a.format(blocker=blocker) for a in args), "--corpus", corpus])
    assert result.exit_code == 1
    assert f"cannot be written: {blocker} is a file, not a folder" in error_line(result)
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


# --- outputs are never read back --------------------------------------------------------------------------


def test_a_runs_output_folder_is_marked_and_never_read_as_reports(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    assert invoke([*RUN, "--corpus", corpus, "--out", out]).exit_code == 0
    assert (out / OUTPUT_MARKER).is_file()
    bigger = tmp_path / "bigger"
    write_corpus(bigger)
    (bigger / "old_run").mkdir()
    for path in out.iterdir():
        if path.is_dir():  # texts/
            shutil.copytree(path, bigger / "old_run" / path.name)
        else:
            (bigger / "old_run" / path.name).write_bytes(path.read_bytes())
    legacy = bigger / "legacy_run"  # outputs of a version that wrote no marker
    legacy.mkdir()
    for name in ("documents.csv", "phrases.csv", "lexicon_mined.txt"):
        (legacy / name).write_bytes((out / name).read_bytes())
    result = invoke([*RUN, "--corpus", bigger, "--out", tmp_path / "out2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 reports, ")
    assert "skipping folder old_run: it holds the outputs of a run, not reports" in caplog.text
    assert "skipping folder legacy_run: it holds the outputs of a run, not reports" in caplog.text
    result = invoke([*RUN, "--corpus", out, "--out", tmp_path / "out3"])
    assert result.exit_code == 1
    assert "holds the outputs of a run (.analysis-outputs), not reports" in error_line(result)


# --- files and names -----------------------------------------------------------------------------------


def _docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    document = docx.Document()
    document.add_paragraph(paragraphs[0])
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HTML = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>门户网站</title>
<style>p {{ color: red }}</style><script>var x = "不是正文";</script></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/news">要闻</a></div>
<h1>丁区2025年工作总结</h1><p>一、主要工作</p><p>坚持人民至上，<b>全面落实</b>安全生产责任。<br>扎实推进乡村振兴。</p>
<noscript>请启用脚本</noscript><ul><li>办好民生实事</li><li>化解矛盾纠纷</li></ul>
<table><tr><td>指标</td><td>数值</td></tr></table><template><p>模板</p></template></body></html>"""


def test_every_kind_of_corpus_file_is_read_or_listed_with_what_to_do(corpus: Path, tmp_path: Path) -> None:
    bad_name = os.fsdecode("戊报".encode("gbk") + b".txt")  # a name saved by a GBK system
    (corpus / bad_name).write_text(REPORTS["甲县工作总结.txt"].replace("甲县", "戊县"), encoding="utf-8")
    (corpus / "己县.docx").write_bytes(
        _docx(["己县2025年工作总结", "一、主要工作", "坚持人民至上。"], [["指标", "数值"], ["增长", "5%"]])
    )
    (corpus / "丁区.html").write_bytes(HTML.encode("gb18030"))
    (corpus / "庚.pdf").write_bytes(b"%PDF-1.7\n")
    (corpus / "辛.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (corpus / "壬.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (corpus / "断链.txt").symlink_to("不存在.txt")
    (corpus / "自环.txt").symlink_to("自环.txt")
    (corpus / "子目录").mkdir()
    (corpus / "子目录" / "上级").symlink_to("..", target_is_directory=True)
    before = tree(corpus)
    out = tmp_path / "out"
    escaped = "\\xce챨.txt"  # CE is no UTF-8; EC B1 A8 happens to be (a Hangul syllable)
    with_workbook = [a for a in RUN if a != "--no-xlsx"]  # the escaped name goes into the workbook too
    result = invoke([*with_workbook, "--corpus", corpus, "--out", out])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    sheets = pd.read_excel(out / "phrasebank.xlsx", sheet_name=["文档", "读取问题"])
    assert escaped in sheets["文档"]["来源文件"].tolist()
    assert escaped in sheets["读取问题"]["来源文件"].tolist()
    documents = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    by_source = dict(zip(documents.source, documents.text, strict=True))
    assert escaped in by_source and "戊县2025年工作总结" in by_source[escaped]
    assert "坚持人民至上。" in by_source["己县.docx"] and "增长" in by_source["己县.docx"]
    page = by_source["丁区.html"]
    assert (
        "丁区2025年工作总结\n一、主要工作\n坚持人民至上，全面落实安全生产责任。\n扎实推进乡村振兴。" in page
    )
    assert "办好民生实事\n化解矛盾纠纷" in page
    for dropped in ("不是正文", "请启用脚本", "模板", "color", "门户网站"):
        assert dropped not in page
    rows = problems(out)
    listed = dict(zip(rows.source, zip(rows.message, rows.action, strict=True), strict=True))
    assert listed[escaped][1] == "read (name escaped)" and "as GBK it reads 戊报.txt" in listed[escaped][0]
    assert listed["庚.pdf"] == (
        "庚.pdf is a PDF (.pdf), which is not read; convert it to text, e.g. pdftotext -layout '庚.pdf' (a "
        "scanned PDF needs OCR first), and put the .txt in the corpus instead",
        "skipped",
    )
    assert "libreoffice --headless --convert-to txt:Text '辛.doc'" in listed["辛.doc"][0]
    assert "a WPS Writer document" in listed["壬.wps"][0]
    assert (
        listed["断链.txt"][0]
        == "断链.txt is a broken symbolic link (to 不存在.txt, which does not exist); fix or remove it"
    )
    assert "symbolic link loop" in listed["自环.txt"][0]
    assert "link to a folder that contains it" in listed["子目录/上级"][0]
    assert {action for source, (_, action) in listed.items() if source != escaped} == {"skipped"}
    assert f"read (name escaped): {escaped}: the file name is not valid UTF-8" in result.output
    assert "skipped: 庚.pdf is a PDF" in result.output
    assert tree(corpus) == before


def test_an_unlistable_sub_folder_is_a_problem_not_a_silent_gap(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / "锁住").mkdir()
    (corpus / "锁住" / "癸.txt").write_text(REPORTS["乙镇工作总结.txt"], encoding="utf-8")
    scandir = os.scandir

    def refuse(path: object) -> object:  # root may list any folder: refuse this one as a normal user is
        if isinstance(path, (str, os.PathLike)) and Path(path).name == "锁住":
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)
    result = invoke([*RUN, "--corpus", corpus, "--out", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    assert problems(tmp_path / "out").to_dict("records") == [
        {
            "source": "锁住",
            "message": "folder 锁住 cannot be listed (Permission denied); its files are not read: make it "
            "readable (chmod -R u+rX) or move it out of the corpus",
            "action": "skipped",
        }
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may list any folder")
def test_an_unreadable_sub_folder_is_listed(corpus: Path, tmp_path: Path) -> None:  # pragma: no cover
    locked = corpus / "锁住"
    locked.mkdir(mode=0o000)
    try:
        result = invoke([*RUN, "--corpus", corpus, "--out", tmp_path / "out"])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 0
    assert problems(tmp_path / "out").source.tolist() == ["锁住"]


# --- bytes that do not decode ------------------------------------------------------------------------------


def test_a_few_bad_bytes_are_replaced_and_their_lines_listed(corpus: Path, tmp_path: Path) -> None:
    text = REPORTS["甲县工作总结.txt"].replace("甲县", "子县")
    lines = text.encode("utf-8").split(b"\n")
    lines[2] = lines[2][:9] + b"\xff" + lines[2][9:]  # a damaged byte between two characters of line 3
    lines[5] += b"\xc3"
    (corpus / "子县.txt").write_bytes(b"\n".join(lines))
    gb = REPORTS["乙镇工作总结.txt"].replace("乙镇", "丑镇").encode("gb18030").split(b"\n")
    gb[4] = b"\xff" + gb[4]
    (corpus / "丑镇.txt").write_bytes(b"\r\n".join(gb))
    out = tmp_path / "out"
    result = invoke([*RUN, "--corpus", corpus, "--out", out])
    assert result.exit_code == 0, result.output
    rows = problems(out)
    assert rows.to_dict("records") == [
        {
            "source": "丑镇.txt",
            "message": "丑镇.txt: 1 undecodable byte(s) replaced by U+FFFD on line 5 (read as GB18030); the "
            "report is analysed: fix those lines in the file if they matter",
            "action": "read with replacements",
        },
        {
            "source": "子县.txt",
            "message": "子县.txt: 2 undecodable byte(s) replaced by U+FFFD on lines 3, 6 (read as UTF-8); "
            "the report is analysed: fix those lines in the file if they matter",
            "action": "read with replacements",
        },
    ]
    assert "iconv" not in " ".join(rows.message) and ".docx" not in " ".join(rows.message)
    documents = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert documents.source.tolist().count("子县.txt") == 1
    assert (
        "坚持人\ufffd民至上，全面落实安全生产责任。扎实推进乡村振兴"
        in documents.set_index("source").text["子县.txt"]
    )
    assert "基层治理能力还不够强" in documents.set_index("source").text["丑镇.txt"]
    assert "read with replacements: 子县.txt: 2 undecodable byte(s)" in result.output


def test_binary_and_western_files_get_hints_that_fit(corpus: Path, tmp_path: Path) -> None:
    noise = bytes((k * 73 + 11) % 256 for k in range(3000))  # binary data without a known signature
    (corpus / "图片.txt").write_bytes(noise)
    western = "Le rapport présente les résultats. Über die Maßnahmen wurde berichtet; déjà très bien.\n"
    (corpus / "western.txt").write_bytes(western.encode("latin-1"))
    out = tmp_path / "out"
    result = invoke([*RUN, "--corpus", corpus, "--out", out])
    assert result.exit_code == 0, result.output
    listed = problems(out).set_index("source")
    assert listed.action["图片.txt"] == "skipped"
    assert listed.message["图片.txt"].startswith("图片.txt is not text (it holds NUL bytes: binary data")
    assert "iconv" not in listed.message["图片.txt"]
    assert listed.action["western.txt"] == "read as cp1252"
    documents = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert "déjà très bien" in documents.set_index("source").text["western.txt"]  # not 閖 mojibake


# --- lexicons -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_absurd_lexicon_frequencies_are_skipped_on_every_backend(
    corpus: Path, tmp_path: Path, backend: str
) -> None:
    lexicon = tmp_path / "lexicon.txt"
    lexicon.write_text("乡村振兴 5 nz\n安全生产 99999999999999999999 n\n民生实事 -3\n", encoding="utf-8")
    result = invoke(
        [*RUN, "--corpus", corpus, "--out", tmp_path / "out", "--lexicon", lexicon, "--backend", backend]
    )
    assert result.exit_code == 0, result.output
    warnings_shown = [
        line for line in result.output.splitlines() if line.startswith("WARNING LexiconWarning")
    ]
    assert [line.split(": skipped")[0] for line in warnings_shown] == [
        f"WARNING LexiconWarning: {lexicon}:2",
        f"WARNING LexiconWarning: {lexicon}:3",
    ]


# --- sentences without punctuation ------------------------------------------------------------------------


def test_a_line_of_200000_characters_without_punctuation_is_cut_and_stays_small(
    corpus: Path, tmp_path: Path
) -> None:
    words = ["全面", "推进", "乡村", "振兴", "坚持", "人民", "经济", "社会", "建设", "创新", "治理", "服务"]
    line = "".join(words[(k * k + 3 * k) % len(words)] for k in range(100_000))
    for name in ("寅县.txt", "卯县.txt"):  # the same pasted text in two reports: passages are mined from it
        (corpus / name).write_text(
            f"{name[:2]}工作报告\n一、工作回顾\n{line}\n二、下步打算\n继续推进。\n", "utf-8"
        )
    out = tmp_path / "out"
    started = time.perf_counter()
    result = invoke([*RUN, "--corpus", corpus, "--out", out])
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 60
    phrases = pd.read_csv(out / "phrases.csv", encoding="utf-8-sig", keep_default_na=False)
    assert phrases.example.str.len().max() <= MAX_EXAMPLE_CHARS
    assert (out / "phrases.csv").stat().st_size < 1_500_000  # was 46 MB: the whole line as every example
    section = pd.read_csv(out / "section_phrases.csv", encoding="utf-8-sig", keep_default_na=False)
    assert section.example.str.len().max() <= MAX_EXAMPLE_CHARS
    assert MAX_SENTENCE_CHARS >= 461  # the longest real sentence of the development corpora stays whole


def test_excerpt_keeps_whole_clauses_around_the_phrase() -> None:
    sentence = "甲" * 100 + "，" + "乙" * 150 + "，坚持人民至上，" + "丙" * 80 + "，" + "丁" * 200 + "。"
    cut = excerpt(sentence, "人民至上")
    assert (
        cut == "乙" * 150 + "，坚持人民至上，" + "丙" * 80 + "，"
    )  # shorter neighbour first, then the other
    assert excerpt("短句，坚持人民至上。", "人民至上") == "短句，坚持人民至上。"
    unbroken = "无" * 500 + "人民至上" + "有" * 500
    assert excerpt(unbroken, "人民至上") == "无" * 148 + "人民至上" + "有" * 148
    assert excerpt("长" * 400, "没有的词") == "长" * 300
    assert excerpt("长" * 400 + "。", "长" * 350) == "长" * 300


# --- a real process ------------------------------------------------------------------------------------


def test_a_real_process_ends_with_one_line_and_no_traceback(corpus: Path, tmp_path: Path) -> None:
    (corpus / os.fsdecode(b"\xb1\xa8.txt")).write_text(REPORTS["丙街道工作总结.txt"], encoding="utf-8")
    before = tree(corpus)
    refused = subprocess.run(
        [sys.executable, "-m", "analysis", *RUN, "--corpus", str(corpus), "--out", str(corpus / "out")],
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and refused.stderr.startswith("Error: output folder ")
    done = subprocess.run(
        [sys.executable, "-m", "analysis", *RUN, "--corpus", str(corpus), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "read (name escaped): \\xb1\\xa8.txt" in done.stderr
    assert tree(corpus) == before
