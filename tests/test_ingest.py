"""Specification of analysis.ingest: decoding, splitting collection files, walking a corpus."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.decode import common_share, decode_text, frequent_characters
from analysis.formats import chinese_number, declared_charset, decode_html, docx_text, html_text
from analysis.ingest import UnreadableFileError, decode_bytes, read_corpus, split_reports
from analysis.paths import readable_path
from analysis.records import IngestProblem, SourceDocument

TEXT = (
    "政府工作报告\n一、2024年工作回顾\n过去一年完成了一万亿元投资（含ABC项目）。\n\u3000\u3000二、下步打算\n"
)

# --- decode_bytes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
)
def test_decode_bytes_reads_every_supported_encoding(encoding: str) -> None:
    assert decode_bytes(TEXT.encode(encoding), source="a.txt") == TEXT


def test_decode_bytes_keeps_crlf_for_the_caller() -> None:
    assert decode_bytes("甲\r\n乙".encode("gbk"), source="a.txt") == "甲\r\n乙"


def test_decode_bytes_rejects_empty_data_naming_the_file() -> None:
    with pytest.raises(UnreadableFileError, match=r"^x/empty\.txt is empty"):
        decode_bytes(b"", source="x/empty.txt")


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:t>报告</w:t>" * 20)
    return buffer.getvalue()


def test_decode_bytes_rejects_binary_data_with_a_hint_that_fits_it() -> None:
    with pytest.raises(UnreadableFileError) as info:
        decode_bytes(_zip_bytes(), source="report.txt")
    message = str(info.value)
    assert message.startswith("report.txt is not text but a ZIP container (a .docx, .xlsx, .pptx or .zip")
    assert "iconv" not in message  # not an encoding problem


def test_unreadable_file_error_is_a_value_error() -> None:
    assert issubclass(UnreadableFileError, ValueError)


@given(st.text(alphabet=st.characters(codec="gb18030", exclude_categories=("Cs", "Cc")), min_size=1))
def test_decode_bytes_round_trips_utf8(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), source="a.txt") == text


# --- split_reports ------------------------------------------------------------------------------------

COLLECTION = (
    "工作总结范文【精编2篇】\n"
    "【参考】此例由网友为您精心整理编辑，以供参考。\n"
    "年度工作总结【第一篇】\n"
    "一、主要工作\n"
    "完成了任务。\n"
    "年度工作总结【第二篇】\n"
    "一、存在问题\n"
    "还有差距。"
)


def test_split_reports_on_bracket_markers_drops_the_preamble() -> None:
    assert split_reports(COLLECTION) == [
        "年度工作总结\n一、主要工作\n完成了任务。",
        "年度工作总结\n一、存在问题\n还有差距。",
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("篇一：述职报告", "篇二：述职报告"),
        ("第一篇：述职报告", "第二篇：述职报告"),
        ("【篇一】述职报告", "【篇二】述职报告"),
        ("范文一：述职报告", "范文二：述职报告"),
    ],
)
def test_split_reports_supports_other_marker_forms(first: str, second: str) -> None:
    text = f"合集\n{first}\n正文一。\n{second}\n正文二。"
    assert split_reports(text) == ["述职报告\n正文一。", "述职报告\n正文二。"]


def test_split_reports_bare_marker_line_takes_the_next_line_as_title() -> None:
    assert split_reports("范文一\n标题甲\n正文。\n范文二\n标题乙\n正文。") == [
        "标题甲\n正文。",
        "标题乙\n正文。",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "没有标记的报告\n正文。",
        "报告【第一篇】\n只有一篇。",
        "第二篇：先出现\n正文。\n第一篇：后出现\n正文。",  # not numbered 1, 2, … in order
    ],
)
def test_split_reports_keeps_files_with_fewer_than_two_ordered_markers_whole(text: str) -> None:
    assert split_reports(text) == [text]


def test_split_reports_on_sample_collection(sample_dir: Path) -> None:
    text = (sample_dir / "002_e242ea8daa6d116a.txt").read_text(encoding="utf-8")
    parts = split_reports(text)
    assert len(parts) == 4
    assert [part.split("\n", 1)[0] for part in parts] == ["政治生态总体评价"] * 4
    assert not any("网友" in part for part in parts)


# --- read_corpus --------------------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_read_corpus_reads_every_encoding_to_the_same_text(tmp_path: Path) -> None:
    text = "工作总结\n一、主要工作\n完成１９９６年任务。"
    encodings = {
        "a_utf8.txt": text.encode("utf-8"),
        "b_bom.txt": text.encode("utf-8-sig"),
        "c_gbk.txt": text.encode("gbk"),
        "d_gb18030.txt": text.encode("gb18030"),
        "e_utf16bom.txt": text.encode("utf-16"),
        "f_utf16le.txt": text.encode("utf-16-le"),
        "g_crlf.txt": text.replace("\n", "\r\n").encode("gbk"),
        "h_cr.md": text.replace("\n", "\r").encode("utf-8"),
    }
    for name, data in encodings.items():
        _write(tmp_path / name, data)
    docs = list(read_corpus(tmp_path))
    assert [doc.doc_id for doc in docs] == [Path(name).stem for name in sorted(encodings)]
    assert all(isinstance(doc, SourceDocument) and doc.text == text for doc in docs)


def test_read_corpus_reports_bad_files_and_reads_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write(tmp_path / "a.txt", "甲报告".encode())
    _write(tmp_path / "b_renamed.txt", _zip_bytes())
    _write(tmp_path / "c_empty.txt", b"")
    _write(tmp_path / "d_blank.txt", " \n\u3000\n".encode())
    _write(tmp_path / "sub" / "e.txt", "乙报告".encode("gbk"))
    with caplog.at_level(logging.WARNING, logger="analysis.ingest"):
        items = list(read_corpus(tmp_path))
    assert [type(item).__name__ for item in items] == [
        "SourceDocument", "IngestProblem", "IngestProblem", "IngestProblem", "SourceDocument",
    ]  # fmt: skip
    problems = [item for item in items if isinstance(item, IngestProblem)]
    assert [p.source for p in problems] == ["b_renamed.txt", "c_empty.txt", "d_blank.txt"]
    assert problems[0].message.startswith("b_renamed.txt is not text but a ZIP container")
    assert problems[1].message.startswith("c_empty.txt is empty")
    assert all(p.message in caplog.text for p in problems)
    assert items[4] == SourceDocument("e", "sub/e.txt", "乙报告")


def test_read_corpus_skips_hidden_files_metadata_and_other_suffixes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write(tmp_path / "a.txt", "甲".encode())
    _write(tmp_path / ".hidden.txt", "乙".encode())
    _write(tmp_path / ".git" / "b.txt", "丙".encode())
    _write(tmp_path / "c.jpg", b"\xff\xd8\xff")
    _write(tmp_path / "d.jpg", b"\xff\xd8\xff")
    _write(tmp_path / "metadata.csv", b"file,year\na.txt,2020\n")
    with caplog.at_level(logging.INFO, logger="analysis.ingest"):
        docs = list(read_corpus(tmp_path))
    assert docs == [SourceDocument("a", "a.txt", "甲")]
    assert docs[0].metadata == {"file": "a.txt", "year": "2020"}
    assert caplog.text.count("ignoring files with suffix .jpg") == 1


def test_read_corpus_unreadable_file_becomes_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "a.txt", "甲".encode())
    _write(tmp_path / "b.txt", "乙".encode())
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    items = list(read_corpus(tmp_path))
    assert items[0] == IngestProblem(
        "a.txt",
        "a.txt cannot be read (Permission denied); check that the file exists and is readable, or remove it",
    )
    assert items[1] == SourceDocument("b", "b.txt", "乙")


def test_read_corpus_raises_at_once_for_a_missing_or_empty_root(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_corpus(tmp_path / "nope")
    _write(tmp_path / "notes.pdf", b"%PDF")
    with pytest.raises(FileNotFoundError, match=r"no \.txt/\.md/\.docx/\.html/\.htm files .*holds 1 \.pdf"):
        read_corpus(tmp_path)


def _tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_read_corpus_on_sample_corpus(sample_dir: Path) -> None:
    before = _tree_hash(sample_dir)
    docs = list(read_corpus(sample_dir))
    assert [doc.doc_id for doc in docs] == [
        "000_f05c5ea0e063d78f",
        "001_4ec829123300ccfd",
        "002_e242ea8daa6d116a#1",
        "002_e242ea8daa6d116a#2",
        "002_e242ea8daa6d116a#3",
        "002_e242ea8daa6d116a#4",
        "003_b6a6d13a0496e086",
        "004_540c6df316cd4466",
    ]
    assert all(isinstance(doc, SourceDocument) for doc in docs)
    assert {doc.source for doc in docs[2:6]} == {"002_e242ea8daa6d116a.txt"}
    assert [doc.text.split("\n", 1)[0] for doc in docs[2:6]] == ["政治生态总体评价"] * 4
    assert docs[0].text.endswith("如若转载,请注明出处:https://www.xiezuozhinan.com/211492.html")  # raw
    assert _tree_hash(sample_dir) == before


def test_read_corpus_on_gwr_national(gwr_dir: Path) -> None:
    before = _tree_hash(gwr_dir)
    docs = list(read_corpus(gwr_dir))
    assert len(docs) == 76
    assert all(isinstance(doc, SourceDocument) for doc in docs)
    assert docs[0].doc_id == "1954_政府工作报告"
    assert docs[0].metadata["year"] == "1954"
    assert all(doc.metadata["year"] == doc.doc_id[:4] for doc in docs)
    assert all("\r" not in doc.text for doc in docs)
    assert _tree_hash(gwr_dir) == before


def test_files_sharing_a_stem_in_subfolders_get_distinct_ids(tmp_path: Path) -> None:
    for folder in ("2023", "2024"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "述职报告.txt").write_text(f"{folder}年述职报告\n正文。", encoding="utf-8")
    (tmp_path / "总结.txt").write_text("工作总结\n正文。", encoding="utf-8")
    ids = [d.doc_id for d in read_corpus(tmp_path)]
    assert ids == ["2023/述职报告", "2024/述职报告", "总结"]


# --- decode_text: bad bytes, other encodings, binary files ------------------------------------------------

REPORT_LINES = [
    "乙县2025年工作总结",
    "一、主要工作",
    "坚持人民至上，办好民生实事。",
    "二、存在问题",
    "服务群众还不够。",
]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@given(
    line=st.integers(min_value=0, max_value=len(REPORT_LINES) - 1), bad=st.sampled_from([b"\xff", b"\x80"])
)
def test_one_bad_byte_is_replaced_and_its_line_named(encoding: str, line: int, bad: bytes) -> None:
    lines = [text.encode(encoding) for text in REPORT_LINES]
    lines[line] = REPORT_LINES[line][:1].encode(encoding) + bad + REPORT_LINES[line][1:].encode(encoding)
    decoded = decode_text(b"\n".join(lines), source="a.txt")
    assert decoded.encoding == encoding
    assert (decoded.replaced, decoded.replaced_lines) == (1, (line + 1,))
    expected = REPORT_LINES.copy()
    expected[line] = expected[line][:1] + "\ufffd" + expected[line][1:]
    assert decoded.text == "\n".join(expected)


def test_line_numbers_count_crlf_and_cr_as_one_break() -> None:
    data = "甲县工作总结\r\n乙项工作\r丙项工作\n丁项工作".encode() + b"\xfe"
    assert decode_text(data, source="a.txt").replaced_lines == (4,)


def test_nul_bytes_in_text_are_replaced_and_listed() -> None:
    data = ("报告正文。" * 40 + "\n第二行").encode() + b"\x00" + "结束。".encode()
    decoded = decode_text(data, source="a.txt")
    assert (decoded.encoding, decoded.replaced, decoded.replaced_lines) == ("utf-8", 1, (2,))
    assert "\x00" not in decoded.text and decoded.text.endswith("第二行\ufffd结束。")


def test_latin1_text_is_read_as_western_not_as_gb18030_mojibake() -> None:
    text = "Le rapport présente les résultats; déjà très bien. Über die Maßnahmen wurde berichtet.\n"
    decoded = decode_text(text.encode("latin-1"), source="w.txt")
    assert (decoded.text, decoded.encoding, decoded.western) == (text, "cp1252", True)
    assert text.encode("latin-1").decode("gb18030", "replace") != text  # what a GB18030 reading would give


def test_big5_text_is_read_as_big5() -> None:
    text = "丙縣2025年工作總結\n一、主要工作\n堅持人民至上，辦好民生實事，推動經濟社會發展。\n"
    decoded = decode_text(text.encode("big5"), source="b.txt")
    assert (decoded.text, decoded.encoding, decoded.western) == (text, "big5", False)


def test_gb18030_text_is_recognised_by_its_frequent_characters() -> None:
    assert common_share("坚持人民至上，办好民生实事。", "gb18030") == 1.0
    assert common_share("Le rapport présente".encode("latin-1").decode("gb18030", "replace"), "gb18030") in (
        None,
        0.0,
    )
    assert len(frequent_characters("gb18030")) == 3755


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b"%PDF-1.7\n...", "r.txt is not text but a PDF: convert it with pdftotext -layout 'r.txt'"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "r.txt is not text but an old Office file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "r.txt is not text but a PNG image"),
        (bytes(range(256)) * 8, "r.txt is not text (it holds NUL bytes: binary data"),
        (
            "Привет, мир! Это отчёт.".encode("koi8-r") * 20,
            "r.txt is not text in UTF-8, GB18030, Big5 or UTF-16",
        ),
    ],
)
def test_files_that_are_not_text_get_a_hint_that_fits_them(data: bytes, start: str) -> None:
    with pytest.raises(UnreadableFileError) as info:
        decode_text(data, source="r.txt")
    message = str(info.value)
    assert message.startswith(start)
    assert ("iconv" in message) == start.endswith("UTF-16")  # an encoding hint only for an encoding fault


@given(
    st.text(
        alphabet=st.characters(codec="gb18030", categories=("L", "N", "P", "Zs")), min_size=1, max_size=40
    )
)
def test_gb18030_text_with_frequent_characters_round_trips(text: str) -> None:
    text = "坚持人民至上，办好民生实事，推动经济社会发展。" * 3 + text
    decoded = decode_text(text.encode("gb18030"), source="a.txt")
    assert decoded.text == text and decoded.replaced == 0


# --- formats: .docx and .html -------------------------------------------------------------------------


def test_html_body_text_has_blocks_on_their_own_lines() -> None:
    page = (
        "<html><head><title>站点</title><script>x()</script></head><body>"
        "<div>首页 &gt; 要闻</div><h2>标题</h2><p>第一段，<i>强调</i>文字。<br/>换行后。</p>"
        "<ul><li>甲</li><li>乙</li></ul><table><tr><td>项目</td><td></td><td>数值</td></tr></table>"
        "<style>.a{}</style><noscript>无脚本</noscript><template>模板</template><pre>保留  两个空格</pre>"
        "<!-- 注释 --></body></html>"
    )
    assert (
        html_text(page)
        == "首页 > 要闻\n标题\n第一段，强调文字。\n换行后。\n甲\n乙\n项目\t数值\n保留  两个空格"
    )


def test_declared_charset_is_used_when_the_bytes_fit_it() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=GB2312"><p>工作报告</p>'
    assert declared_charset(page.encode("gbk")) == "gb18030"
    assert decode_html(page.encode("gbk"), source="p.html").text == page
    lying = '<meta charset="utf-8"><p>工作报告</p>'.encode("gbk")  # declared UTF-8, saved as GBK
    assert "工作报告" in decode_html(lying, source="p.html").text


def test_a_broken_docx_is_a_problem_with_what_to_do(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "甲".encode())
    _write(tmp_path / "b.docx", _zip_bytes())
    items = list(read_corpus(tmp_path))
    assert items[1] == IngestProblem(
        "b.docx",
        "b.docx cannot be read as a Word .docx file (KeyError); open it in Word or WPS and save it as plain "
        "text (.txt), or remove it",
    )


# --- the walk ---------------------------------------------------------------------------------------------


def test_links_to_files_and_folders_are_followed_once(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write(outside / "丁.txt", "丁报告".encode())
    root = tmp_path / "corpus"
    _write(root / "a.txt", "甲".encode())
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "again").symlink_to(outside, target_is_directory=True)
    (root / "b.txt").symlink_to(root / "a.txt")
    items = list(read_corpus(root))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("SourceDocument", "a.txt"),
        ("SourceDocument", "again/丁.txt"),  # the first link in name order is read
        ("SourceDocument", "b.txt"),  # a link to a file is read (a copy: the pipeline names it)
        ("IngestProblem", "linked"),
    ]
    assert items[3].message == "linked is a link to a folder read already; it is not read twice"


def test_a_fifo_is_listed_not_read(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "甲".encode())
    os.mkfifo(tmp_path / "pipe.txt")
    items = list(read_corpus(tmp_path))  # reading the pipe would block for ever
    assert items[1] == IngestProblem(
        "pipe.txt", "pipe.txt is not a regular file (a pipe, socket or device); remove it"
    )


def test_metadata_is_found_for_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode("报告".encode("gbk") + b".txt")
    (tmp_path / name).write_text("甲报告", encoding="utf-8")
    shown = readable_path(name)
    (tmp_path / "metadata.csv").write_text(f"file,year\n{shown},2021\n", encoding="utf-8")
    problem, document = list(read_corpus(tmp_path))
    assert isinstance(problem, IngestProblem) and problem.action == "read (name escaped)"
    assert isinstance(document, SourceDocument)
    assert (document.source, document.doc_id, document.metadata["year"]) == (shown, shown[:-4], "2021")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
    ],
)
def test_chinese_counting_as_word_shows_it(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


def _numbered_docx(fmt: str, text: str) -> bytes:
    """A .docx whose two headings are numbered by Word's "List Number" style, level 1 as ``fmt``/``text``."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("丁县2025年工作总结")
    document.add_paragraph("主要工作", style="List Number")
    document.add_paragraph("完成了任务。")
    document.add_paragraph("存在问题", style="List Number")
    root = document.part.numbering_part.element
    for abstract in root.findall(qn("w:abstractNum")):
        for level in abstract.findall(qn("w:lvl")):
            if level.get(qn("w:ilvl")) == "0":
                level.find(qn("w:numFmt")).set(qn("w:val"), fmt)
                level.find(qn("w:lvlText")).set(qn("w:val"), text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "text", "first", "second"),
    [
        ("chineseCounting", "%1、", "一、", "二、"),
        ("chineseCounting", "（%1）", "（一）", "（二）"),
        ("decimal", "%1.", "1.", "2."),
        ("bullet", "•", "", ""),  # a bullet is no number
    ],
)
def test_word_automatic_numbering_is_written_in_front_of_the_paragraph(
    fmt: str, text: str, first: str, second: str
) -> None:
    assert docx_text(_numbered_docx(fmt, text), source="a.docx") == (
        f"丁县2025年工作总结\n{first}主要工作\n完成了任务。\n{second}存在问题"
    )
