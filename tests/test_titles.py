"""Specification of analysis.titles: the report's own title line, else metadata, else the file name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.records import SourceDocument
from analysis.structure import parse_report
from analysis.titles import (
    TITLE_FILE_NAME,
    TITLE_LINE,
    TITLE_METADATA,
    TITLE_NONE,
    find_title,
    is_title_shaped,
    title_from_file_name,
)


def title_of(text: str, *, source: str = "x.txt", **metadata: str) -> tuple[str, str]:
    report = parse_report(SourceDocument("d", source, text, metadata))
    return report.title, report.title_source


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("2026年某县政府工作报告\n各位代表：\n现在我代表县政府报告工作。\n", "2026年某县政府工作报告"),
        ("某某区2025年度述职述廉报告\n一、履职情况\n全年完成各项任务。\n", "某某区2025年度述职述廉报告"),
        # a main title without a genre word, completed by its dash subtitle
        (
            "坚定信心 接续奋斗 开创某省发展新局面\n——在中国共产党某省第十二次代表大会上的报告\n同志们：\n",
            "坚定信心 接续奋斗 开创某省发展新局面——在中国共产党某省第十二次代表大会上的报告",
        ),
        # a main title over two lines before the subtitle
        (
            "凝心聚力谋发展\n砥砺奋进新征程\n——在某市第九次党代会上的报告\n同志们：\n",
            "凝心聚力谋发展 砥砺奋进新征程——在某市第九次党代会上的报告",
        ),
        # a date-and-venue subtitle does not name the genre: the title stands alone
        ("政府工作报告\n——2026年1月6日在某县人民代表大会上\n各位代表：\n", "政府工作报告"),
        # a title broken inside 《…》 and at a function word
        (
            "关于印发《某市数据要素市场\n培育办法》的通知\n各区县人民政府：\n",
            "关于印发《某市数据要素市场培育办法》的通知",
        ),
        (
            "某县农业机械购置\n和报废更新补贴实施办法\n第一条 为规范管理，制定本办法。\n",
            "某县农业机械购置和报废更新补贴实施办法",
        ),
        # issuing organs and a document code above the title
        (
            "ABC-2026-001\n某县发展和改革局\n某县财政局\n文件\n关于做好春耕备耕工作的通知\n各乡镇：\n",
            "关于做好春耕备耕工作的通知",
        ),
    ],
)
def test_the_title_line(text: str, title: str) -> None:
    assert title_of(text) == (title, TITLE_LINE)


@pytest.mark.parametrize(
    "line",
    [
        "县长 赵某某",
        "国务院总理\u3000某某",
        "（2026年1月6日在某县第十八届人民代表大会上）",
        "2026年1月6日",
        "各位代表：",
    ],
)
def test_speaker_lines_notes_dates_and_salutations_are_not_title_shaped(line: str) -> None:
    assert not is_title_shaped(line)


def test_metadata_then_file_name_then_none() -> None:
    body = "代县长 苏某某\n各位代表：\n我代表县人民政府报告工作。\n"
    assert title_of(body, title="2025年某县政府工作报告") == ("2025年某县政府工作报告", TITLE_METADATA)
    assert title_of(body, source="web/017-某县2025年政府工作报告.txt") == (
        "某县2025年政府工作报告",
        TITLE_FILE_NAME,
    )
    assert title_of(body, source="001_4ec829123300ccfd.txt") == ("", TITLE_NONE)


def test_the_title_lines_are_not_paragraphs_and_lines_above_them_stay() -> None:
    report = parse_report(
        SourceDocument("d", "d.txt", "某县发展和改革局\n关于做好某项工作的通知\n各乡镇：\n")
    )
    assert report.title == "关于做好某项工作的通知"
    assert [p.text for p in report.paragraphs] == ["某县发展和改革局", "各乡镇："]


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("07_2026年某市政府工作报告.txt", "2026年某市政府工作报告"),
        ("（3）某县工作总结(1).txt", "某县工作总结"),
        ("第2篇-某局述职报告_副本.txt", "某局述职报告"),
        ("27、2022年度某局局长述职报告.txt", "2022年度某局局长述职报告"),
        ("20 2025年度某局述职报告.txt", "2025年度某局述职报告"),
        ("a/b/报告_3fa9c2d1e0.md", "报告"),
        ("001_4ec829123300ccfd.txt", ""),
    ],
)
def test_title_from_file_name(source: str, title: str) -> None:
    assert title_from_file_name(source) == title


@given(st.lists(st.text(max_size=30), max_size=8))
def test_find_title_never_fails_and_takes_only_leading_lines(lines: list[str]) -> None:
    lines = [line.strip() for line in lines if line.strip()]
    choice = find_title(lines, headings=[False] * len(lines), metadata={}, source="x.txt")
    assert choice.first_line + choice.n_lines <= len(lines)
    if choice.source == TITLE_LINE:
        assert choice.n_lines >= 1
        assert lines[choice.first_line] in choice.text


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("2026年某市政府工作报告_某市人民政府门户网站", "2026年某市政府工作报告"),
        ("2026年某市政府工作报告 - 某某新闻网", "2026年某市政府工作报告"),
        ("2026年某市政府工作报告【字体：大 中 小】【打印】", "2026年某市政府工作报告"),
        ("2026年某市政府工作报告 2026-01-20 09:30", "2026年某市政府工作报告"),
        ("政府工作报告（全文）", "政府工作报告（全文）"),
        ("坚持稳中求进_奋力开创新局面", "坚持稳中求进_奋力开创新局面"),  # no genre left: not a site suffix
    ],
)
def test_what_a_page_appends_to_the_title_line_is_cut(line: str, title: str) -> None:
    assert title_of(f"{line}\n各位代表：\n现在我代表市政府报告工作。\n") == (title, TITLE_LINE)
