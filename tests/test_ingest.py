"""Specification of analysis.ingest: decoding, splitting collection files, walking a corpus."""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ingest import UnreadableFileError, decode_bytes, read_corpus, split_reports
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
