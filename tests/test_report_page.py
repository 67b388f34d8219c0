"""report.html: what the page holds, that corpus text stays text, that it stays small; in a real browser.

The browser tests drive Debian's chromium through selenium (``apt-get install chromium chromium-driver``;
``.ci/run`` installs them).  Without a browser they fail, naming what to install; they are skipped only when
``ANALYSIS_SKIP_BROWSER_TESTS=1`` says so.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import outputs, page_rows
from analysis.page_data import document_facets, phrase_pattern
from analysis.page_places import PhraseFinder, phrase_places, spread
from analysis.page_rows import capped_rows, document_labels, json_for_script, ordered_rows
from analysis.phrasebank import SectionPhrase
from analysis.pipeline import Analysis
from analysis.records import Phrase, Report, SourceDocument
from analysis.report_page import outline_context, render_page, write_report_page
from analysis.structure import parse_report

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>window.__pwned=alert(1)</script>"
IMAGE = "<img src=x onerror=window.__pwned=alert(2)>"
CLOSER = "</script><script>window.__pwned=alert(3)</script>"
HOSTILE = (SCRIPT, IMAGE, CLOSER)


def report(doc_id: str, text: str, **metadata: str) -> Report:
    """A report parsed from ``text`` as it is (no cleaning, which would touch the payloads)."""
    return parse_report(SourceDocument(doc_id, metadata.pop("source", f"{doc_id}.txt"), text, metadata))


def analysis_of(reports: list[Report], phrases: list[Phrase], section_phrases=()) -> Analysis:
    return Analysis(
        reports=tuple(reports),
        problems=(),
        sentences=(),
        phrases=tuple(phrases),
        section_phrases=tuple(section_phrases),
        statistics=(),
        keywords=(),
    )


def frames_of(result: Analysis) -> dict[str, pd.DataFrame]:
    return outputs.phrase_frames(result)


def data_block(html: str) -> str:
    """The text of the page's data block, read the way the browser reads it: up to the first ``</script>``."""
    start = html.index('<script type="application/json" id="page-data">')
    body = html[html.index(">", start) + 1 :]
    return body[: body.index("</script>")]


def page_json(html: str) -> dict[str, Any]:
    """The page's data block, parsed."""
    return json.loads(data_block(html))


# ---- a hostile report ----------------------------------------------------------------------------------

HOSTILE_TEXT = f"""关于{SCRIPT}的工作报告
过去一年，我们落实{SCRIPT}要求，取得了成绩。
一、{IMAGE}存在的问题
落实{SCRIPT}不够到位，坚持{IMAGE}还有差距，又见{CLOSER}问题。
二、下一步打算
继续落实{SCRIPT}，坚持{IMAGE}，防止{CLOSER}。
"""


@pytest.fixture(scope="module")
def hostile() -> tuple[Analysis, dict[str, bytes]]:
    reports = [
        report("evil<b>1", HOSTILE_TEXT, year="2020", kind=IMAGE, source=f"{SCRIPT}/a.txt"),
        report("evil2", HOSTILE_TEXT, year="2021", kind="report", source="b/b.txt"),
    ]
    phrases = [
        Phrase(SCRIPT, "slogan", 5, 2, 1.5, f"落实{SCRIPT}不够到位"),
        Phrase(IMAGE, "term", 4, 2, 1.2, f"坚持{IMAGE}还有差距"),
        Phrase(CLOSER, "<i>kind</i>", 2, 2, 0.5, f"又见{CLOSER}问题"),
        Phrase("不够到位", "idiom", 1, 1, 0.1, "落实不够到位"),
    ]
    sections = [SectionPhrase("problems", SCRIPT, 2, 3.0, f"落实{SCRIPT}不够到位")]
    charts = {f'c"><img src=x onerror=alert(4)>{CLOSER}.png': b"\x89PNG"}
    return analysis_of(reports, phrases, sections), charts


def test_json_for_script_escapes_what_could_end_the_block() -> None:
    data = {"a": CLOSER + IMAGE + "&amp; <!-- \u2028\u2029", "b": ["两个维护", 1, 2.5, None]}
    text = json_for_script(data)
    assert not {"<", ">", "&", "\u2028", "\u2029"} & set(text)
    assert "\\u003c/script\\u003e" in text
    assert "两个维护" in text  # CJK stays UTF-8, three bytes a character
    assert json.loads(text) == data


def test_hostile_report_is_text_in_the_page(hostile) -> None:
    result, charts = hostile
    html = render_page(result, frames_of(result), charts)
    for payload in HOSTILE:
        assert payload not in html
    assert html.count("<script") == 2  # the data block and the page's own script
    assert html.count("</script>") == 2
    assert "<img" not in html.replace('<img src="data:image/png;base64,', "")
    assert "&lt;imgsrc=xonerror=window.__pwned=alert(X)&gt;存在的问题" in html  # a shared heading, escaped
    data = page_json(html)
    assert [row["p"] for row in data["phrases"]] == [SCRIPT, IMAGE, "不够到位", CLOSER]
    assert data["kinds"][-1][:2] == ["<i>kind</i>", "<i>kind</i>"]
    assert data["docs"][0][:2] == ["evil<b>1", f"关于{SCRIPT}的工作报告（1）"]  # two reports share the title
    lines = data["phrases"][0]["c"]
    assert lines and all(line[3] == SCRIPT for line in lines)


def test_the_page_holds_no_external_resource(sample_run) -> None:
    out, _, _ = sample_run
    html = (out / outputs.PAGE).read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "innerHTML" not in html and "insertAdjacentHTML" not in html and "document.write" not in html
    assert "Content-Security-Policy" in html


# ---- what the page computes -----------------------------------------------------------------------------


def test_phrase_pattern_reads_slots_but_keeps_latin_words_literal() -> None:
    pattern = phrase_pattern("X还不够“Y”")
    assert pattern is not None and pattern.anchor == "还不够“" and pattern.shape == "tail"
    assert pattern.regex.search("学习还不够“深”。").group() == "学习还不够“深”"
    assert phrase_pattern("GDP增长") is None
    assert phrase_pattern("5G基站") is None
    assert phrase_pattern("X") is None  # no CJK: not a frame


def test_a_sentence_pattern_is_a_whole_clause() -> None:
    """As a frame is: ``进一步X`` opens its clause and X runs to the clause's end."""
    frame = phrase_pattern("进一步X")
    assert frame is not None and frame.shape == "head" and frame.opens and not frame.closes
    assert frame.regex.search("要求，进一步加强学习，").group() == "进一步加强学习"
    assert frame.regex.search("要进一步加强学习。") is None  # not at the clause's start
    reports = [report("d", "一、其他\n要进一步加强学习。\n进一步改进作风，进一步X。\n")]
    places = phrase_places(["进一步X", "X还不够到位"], reports)
    assert [line.keyword for line in places.lines[0]] == ["进一步改进作风", "进一步X"]
    assert 1 not in places.counts


REPORTS_TEXT = {
    "a": "一、工作成效\n全面从严治党取得新成效，管党治党更加严密。\n"
    "二、存在问题\n学习还不够“深”，从严治党还有差距。\n",
    "b": "一、存在问题\n方法还不够“新”。\n二、下步打算\n坚持全面从严治党。\n",
}


def small_reports() -> list[Report]:
    return [report(doc_id, text) for doc_id, text in REPORTS_TEXT.items()]


def test_phrase_places_counts_each_phrase_in_its_own_right_per_report_and_section() -> None:
    reports = small_reports()
    phrases = ["全面从严治党", "从严治党", "X还不够“Y”", "存在问题"]
    places = phrase_places(phrases, reports, in_headings=[3], width=4)
    assert places.counts[0] == ((0, "achievements", 1), (1, "measures", 1))
    # inside 全面从严治党 too: each phrase counts its own uses
    assert places.counts[1] == ((0, "achievements", 1), (0, "problems", 1), (1, "measures", 1))
    assert places.counts[2] == ((0, "problems", 1), (1, "problems", 1))
    assert places.counts[3] == ((0, "problems", 1), (1, "problems", 1))  # headings only: whole heading
    first = places.lines[0][0]
    assert (first.doc_id, first.left, first.keyword, first.right) == ("a", "", "全面从严治党", "取得新成")
    line = places.lines[2][1]
    assert (line.left, line.keyword, line.right) == ("", "方法还不够“新”", "。")  # never past the paragraph


CLAUSE_PIECES = ["进一步", "加强", "建设", "工作", "队伍", "，", "。", "；", "甲" * 20]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(CLAUSE_PIECES), max_size=14))
def test_one_slot_patterns_match_where_their_regex_does(pieces: list[str]) -> None:
    """``进一步X`` and ``加强X建设`` are answered by one look for the clause's end: the same matches as their
    regexes (a slot of 1–24 characters without a clause mark, the match a whole clause from the anchor)."""
    text = "".join(pieces)
    phrases = ["进一步X", "加强X建设", "加强X"]
    found = sorted(PhraseFinder(enumerate(phrases), whole=False).find_all([text])[:, [0, 2, 3]].tolist())
    expected = sorted(
        [i, m.start(), m.end()]
        for i, phrase in enumerate(phrases)
        for m in phrase_pattern(phrase).regex.finditer(text)  # type: ignore[union-attr]
    )
    assert found == expected


def test_phrases_that_occur_nowhere_have_no_counts_and_no_lines() -> None:
    places = phrase_places(["风清气正", "X还不够到位"], small_reports())
    assert (dict(places.counts), dict(places.lines)) == ({}, {})
    assert phrase_places([], small_reports()).counts == {}


def test_heading_templates_match_whole_headings_only() -> None:
    reports = [report("c", "一、关于工业的问题\n我们听了关于宪法草案的报告。\n二、关于农业的问题\n")]
    places = phrase_places(["关于X的问题"], reports, in_headings=[0])
    assert places.counts[0] == ((0, "problems", 2),)
    assert [line.keyword for line in places.lines[0]] == ["关于工业的问题", "关于农业的问题"]


def test_spread_takes_lines_from_reports_across_the_corpus() -> None:
    per_doc = {doc: [f"{doc}.{k}" for k in range(3)] for doc in range(10)}
    assert spread(per_doc, 3) == [(0, "0.0"), (4, "4.0"), (9, "9.0")]
    assert spread({2: ["a", "b", "c"], 7: ["d"]}, 3) == [(2, "a"), (2, "b"), (7, "d")]
    assert spread({}, 3) == []


def test_facets_are_years_as_a_range_and_short_categories() -> None:
    reports = [
        report(
            f"r{i}",
            "正文。",
            year=str(2000 + i),
            kind="report" if i % 2 else "resolution",
            title=f"第{i}号",
            source=f"{'省' if i < 2 else '市'}/r{i}.txt",
        )
        for i in range(4)
    ]
    facets = {f.name: f for f in document_facets(reports)}
    assert list(facets) == ["year", "kind", "folder"]  # title: not a filter
    assert facets["year"].is_range and facets["year"].values == ("2000", "2001", "2002", "2003")
    assert facets["kind"].by_document == ("resolution", "report", "resolution", "report")
    assert facets["folder"].values == ("市", "省")
    assert document_facets([report("x", "正文。")]) == ()


def test_reports_sharing_a_title_are_numbered() -> None:
    reports = [
        report(doc_id, text)
        for doc_id, text in [("a", "甲报告\n正文。"), ("b", "正文。"), ("c", "甲报告\n正文。")]
    ]
    assert [r.title for r in reports] == ["甲报告", "", "甲报告"]
    assert document_labels(reports) == ["甲报告（1）", "b", "甲报告（2）"]


def test_the_outline_names_section_types_in_order_with_their_shared_headings() -> None:
    reports = [*small_reports(), report("c", "一、存在问题\n学习不够。\n")]
    phrases = pd.DataFrame(
        [("X还不够“Y”", "heading", 2, 2, 1.0, "学习还不够“深”")],
        columns=["phrase", "kind", "freq", "doc_freq", "score", "example"],
    )
    context = outline_context(analysis_of(reports, []), phrases)
    steps = [(s["label"], s["documents"], s["sections"], s["headings"]) for s in context["steps"]]
    assert steps == [
        ("工作成效", 1, 1, []),
        ("存在问题", 3, 3, [("存在问题", 3)]),  # a heading several reports share
        ("措施打算", 1, 1, []),
    ]
    assert [(o["labels"], o["count"]) for o in context["sequences"]] == [
        (["工作成效", "存在问题"], 1),
        (["存在问题"], 1),
        (["存在问题", "措施打算"], 1),
    ]
    assert context["outlined"] == 3 and context["without_headings"] == 0
    assert [t["phrase"] for t in context["templates"]] == ["X还不够“Y”"]


def bank(rows: list[tuple[str, str, float]], **extra: list) -> pd.DataFrame:
    columns = ["phrase", "kind", "freq", "doc_freq", "score", "example"]
    frame = pd.DataFrame([(p, k, 1, 1, s, p) for p, k, s in rows], columns=columns)
    return frame.assign(**extra)


def test_rows_follow_rank_when_there_is_one_else_kind_and_score() -> None:
    rows = [("甲", "term", 1.0), ("乙", "slogan", 0.5), ("丙", "slogan", 2.0), ("丁", "frame", 9.0)]
    assert ordered_rows(bank(rows))["phrase"].tolist() == ["丙", "乙", "甲", "丁"]
    assert ordered_rows(bank(rows, rank=[2, 4, 3, 1]))["phrase"].tolist() == ["丁", "甲", "丙", "乙"]
    assert ordered_rows(bank(rows, rank=[2, 0, 0, 1]))["phrase"].tolist() == ["丁", "甲", "乙", "丙"]
    assert ordered_rows(bank(rows, rank=[0, 0, 0, 0]))["phrase"].tolist() == ["丙", "乙", "甲", "丁"]


def test_capped_rows_keep_each_kinds_best_rows() -> None:
    rows = [(f"s{i}", "slogan", 0) for i in range(5)] + [(f"t{i}", "term", 0) for i in range(100)]
    rows += [(f"i{i}", "idiom", 0) for i in range(100)]
    kept = capped_rows(bank(rows), 105)
    assert kept["kind"].value_counts().to_dict() == {"slogan": 5, "term": 50, "idiom": 50}
    assert kept["phrase"].tolist()[:6] == ["s0", "s1", "s2", "s3", "s4", "t0"]


def test_extra_columns_and_new_kinds_reach_the_page() -> None:
    reports = small_reports()
    phrases = [
        Phrase("全面从严治党", "term", 2, 2, 1.0, "全面从严治党取得新成效"),
        Phrase("X还不够“Y”", "frame", 2, 2, 3.0, "学习还不够“深”"),
    ]
    result = analysis_of(reports, phrases)
    frames = frames_of(result)
    frames["phrases"] = frames["phrases"].assign(rank=[2, 1], fillers=["", "深、新"])
    data = page_json(render_page(result, frames))
    assert [row["p"] for row in data["phrases"]] == ["X还不够“Y”", "全面从严治党"]
    assert data["columns"] == [["rank", "排名"], ["slot_fillers", "常见填充词"], ["fillers", "fillers"]]
    assert data["phrases"][0]["x"] == [1, "", "深、新"]
    assert data["kinds"] == [["term", "术语", 1], ["frame", "句式", 1]]
    assert [line[3] for line in data["phrases"][0]["c"]] == ["学习还不够“深”", "方法还不够“新”"]


def test_the_page_is_capped_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    reports = small_reports()
    text = "".join(REPORTS_TEXT.values())
    windows = (text[i : i + 2] for i in range(len(text) - 1))
    pairs = sorted({pair for pair in windows if re.fullmatch(r"[一-龥]{2}", pair)})
    phrases = [Phrase(pair, "term", 1, 1, -i, pair) for i, pair in enumerate(pairs)]
    assert len(phrases) == 36
    result = analysis_of(reports, phrases)
    monkeypatch.setattr(page_rows, "MAX_ROWS", 30)
    monkeypatch.setattr(page_rows, "DATA_BUDGET", 5_000)
    html = render_page(result, frames_of(result))
    data = page_json(html)
    assert len(json_for_script(data).encode()) <= 5_000
    assert data_block(html) == json_for_script(data)  # (laid out from its parts: the same text)
    assert data["lines"] == 2  # first fewer lines, then fewer rows
    assert 0 < len(data["phrases"]) < 30
    assert data["phrases"][0]["p"] == pairs[0]  # the best rows stay
    assert f"页面收录前 {len(data['phrases'])} 条（共 {len(phrases)} 条，完整列表见 phrases.csv）" in html
    assert "每条提法最多收录 2 条语境" in html


def capped_by_encoding_again(data: dict[str, Any], budget: int) -> tuple[int, int]:
    """The page's cap as first written: the whole JSON encoded again after each cut; (lines, rows) kept."""
    rows, lines = data["phrases"], data["lines"]
    while True:
        size = len(json_for_script({**data, "lines": lines, "phrases": rows}).encode())
        if size <= budget or len(rows) <= 1:
            return lines, len(rows)
        if lines > 2:
            lines = max(2, lines // 2)
            rows = [{**row, "c": row["c"][:lines]} for row in rows]
        else:
            rows = rows[: int(len(rows) * budget / size * 0.95)]


def test_the_cap_keeps_what_encoding_the_page_again_after_each_cut_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reports = small_reports()
    text = "".join(REPORTS_TEXT.values())
    pairs = sorted(
        {text[i : i + 2] for i in range(len(text) - 1) if re.fullmatch(r"[一-龥]{2}", text[i : i + 2])}
    )
    result = analysis_of(reports, [Phrase(pair, "term", 1, 1, -i, pair) for i, pair in enumerate(pairs)])
    whole = page_json(render_page(result, frames_of(result)))
    exact = {  # (budgets at a size the cap reads: all rows with n lines each, or the first 10 rows with 2)
        len(
            json_for_script({**whole, "lines": n, "phrases": [{**r, "c": r["c"][:n]} for r in rows]}).encode()
        )
        for n in (whole["lines"], 4, 2)
        for rows in (whole["phrases"], whole["phrases"][:10])
    }
    kept = set()
    for budget in sorted({*range(1_000, 16_000, 500), *exact, *(size - 1 for size in exact)}):
        monkeypatch.setattr(page_rows, "DATA_BUDGET", budget)
        html = render_page(result, frames_of(result))
        data = page_json(html)
        assert (data["lines"], len(data["phrases"])) == capped_by_encoding_again(whole, budget), budget
        assert data_block(html) == json_for_script(data)
        kept.add((data["lines"], len(data["phrases"])))
    assert len(kept) > 5  # (budgets that cut lines, rows, or nothing)


def test_the_data_block_is_the_data_escaped(hostile) -> None:
    result, charts = hostile
    html = render_page(result, frames_of(result), charts)
    assert data_block(html) == json_for_script(page_json(html))


def test_the_same_run_gives_the_same_page(hostile) -> None:
    result, charts = hostile
    assert render_page(result, frames_of(result), charts) == render_page(result, frames_of(result), charts)


def test_a_chart_drawn_while_the_page_data_are_computed_is_embedded(hostile, tmp_path: Path) -> None:
    """``charts_written`` is awaited after the page's data and before the folder's charts are read."""
    result, charts = hostile
    png = next(iter(charts.values()))

    def chart_arrives() -> None:  # (a worker drawing it: it is there when this returns)
        (tmp_path / "section_phrases.png").write_bytes(png)

    path = tmp_path / "report.html"
    page = write_report_page(result, path, frames_of(result), charts_written=chart_arrives)
    expected = render_page(result, frames_of(result), {"section_phrases.png": png})
    assert page.read_text(encoding="utf-8") == expected
    assert "data:image/png;base64," in expected


def test_the_template_is_package_data() -> None:
    """Installed from a wheel, the package carries its template: pyproject's package-data covers every file
    of analysis/templates, and the files are read through importlib.resources."""
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["analysis"]
    folder = resources.files("analysis").joinpath("templates")
    names = sorted(item.name for item in folder.iterdir() if item.is_file())
    assert {"report.html.j2", "report.css", "report.js"} <= set(names)
    for name in names:
        assert any(fnmatch.fnmatch(f"templates/{name}", pattern) for pattern in patterns), name


def test_every_run_writes_the_page(sample_run) -> None:
    out, result, _ = sample_run
    html = (out / outputs.PAGE).read_text(encoding="utf-8")
    data = page_json(html)
    assert len(data["phrases"]) == len(result.phrases)
    assert len(data["docs"]) == len(result.reports) == 8
    assert data["facets"] == []  # no metadata.csv, one folder
    assert "section_frequency.png" in html and "data:image/png;base64," in html
    assert (out / outputs.PAGE).stat().st_size < 2_000_000


def test_the_gwr_page_stays_under_ten_megabytes(gwr_run) -> None:
    out, result = gwr_run
    path = out / outputs.PAGE
    assert path.stat().st_size <= 10_000_000
    data = page_json(path.read_text(encoding="utf-8"))
    assert len(data["phrases"]) == len(result.phrases)
    assert [f["name"] for f in data["facets"]] == ["year", "kind", "source"]


# ---- in a browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless chromium through selenium, with the browser console kept (goog:loggingPrefs)."""
    if os.environ.get("ANALYSIS_SKIP_BROWSER_TESTS") == "1":
        pytest.skip("ANALYSIS_SKIP_BROWSER_TESTS=1")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.fail(
            "the report.html browser tests need chromium and its driver: "
            "apt-get install chromium chromium-driver (.ci/run installs them); "
            "set ANALYSIS_SKIP_BROWSER_TESTS=1 to skip them"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(service=Service(driver), options=options)
    try:
        yield session
    finally:
        session.quit()


def open_page(browser: Any, path: Path) -> list[dict]:
    """Load the page; the console entries of that load."""
    browser.get_log("browser")  # drop what an earlier page logged
    browser.get(path.resolve().as_uri())
    wait_for(lambda: browser.find_element("id", "status").text != "正在加载…")
    return browser.get_log("browser")


def wait_for(condition: Any, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("the page did not get there in time")
        time.sleep(0.05)


def rows(browser: Any) -> list[Any]:
    return browser.find_elements("css selector", "tr.phrase-row")


def phrases_shown(browser: Any) -> list[str]:
    return [cell.text for cell in browser.find_elements("css selector", "tr.phrase-row td.phrase")]


def search(browser: Any, text: str) -> None:
    box = browser.find_element("id", "search")
    box.clear()
    before = browser.find_element("id", "status").text
    box.send_keys(text)
    wait_for(lambda: browser.find_element("id", "status").text != before)


def severe(log: list[dict]) -> list[dict]:
    return [entry for entry in log if entry["level"] in ("SEVERE", "WARNING")]


@pytest.fixture(scope="module")
def sample_page(browser, sample_run) -> Path:
    out, _, _ = sample_run
    return out / outputs.PAGE


def test_the_page_loads_without_console_errors(browser, sample_page, sample_run) -> None:
    log = open_page(browser, sample_page)
    assert severe(log) == []
    assert len(rows(browser)) == 100
    n = len(sample_run[1].phrases)
    assert browser.find_element("id", "status").text == f"显示 100 条 / 符合条件 {n} 条（页面共 {n} 条）"
    assert browser.execute_script("return document.documentElement.lang") == "zh-CN"


def test_typing_in_the_search_box_filters_rows(browser, sample_page) -> None:
    open_page(browser, sample_page)
    search(browser, "两个")
    shown = phrases_shown(browser)
    assert shown and all("两个" in phrase for phrase in shown)
    assert "两个维护" in shown
    search(browser, "没有这个提法")
    assert rows(browser) == []
    assert browser.find_element("id", "status").text == "没有符合条件的提法。"


def test_a_click_on_a_phrase_shows_its_concordance_lines(browser, sample_page) -> None:
    open_page(browser, sample_page)
    search(browser, "两个维护")
    row = next(r for r in rows(browser) if r.find_element("css selector", "td.phrase").text == "两个维护")
    row.click()
    wait_for(lambda: browser.find_elements("css selector", ".kwic .kw"))
    keywords = [cell.text for cell in browser.find_elements("css selector", ".kwic .kw")]
    assert len(keywords) == 8 and set(keywords) == {"两个维护"}
    assert "两个维护" in browser.find_element("css selector", ".example-full mark").text
    rows(browser)[0].click()  # a second click closes it
    wait_for(lambda: not browser.find_elements("css selector", ".kwic"))


def kind_button(browser: Any, kind: str) -> Any:
    buttons = browser.find_elements("css selector", ".kind-toggle")
    return next(b for b in buttons if b.get_attribute("title").startswith(f"{kind}："))


def test_kind_buttons_filter_by_kind(browser, sample_page, sample_run) -> None:
    kinds = Counter(p.kind for p in sample_run[1].phrases)
    assert kinds["idiom"] + kinds["slogan"] < 100
    open_page(browser, sample_page)
    kind_button(browser, "idiom").click()  # all shown: only idioms
    wait_for(lambda: len(rows(browser)) == kinds["idiom"])
    badges = {b.text for b in browser.find_elements("css selector", "tr.phrase-row .badge")}
    assert badges == {"四字格/成语"}
    kind_button(browser, "slogan").click()  # and slogans
    wait_for(lambda: len(rows(browser)) == kinds["idiom"] + kinds["slogan"])
    browser.find_element("id", "reset").click()
    wait_for(lambda: len(rows(browser)) == 100)


def test_a_section_type_ranks_its_typical_phrases(browser, sample_page) -> None:
    from selenium.webdriver.support.ui import Select

    open_page(browser, sample_page)
    Select(browser.find_element("id", "section")).select_by_visible_text("存在问题")
    wait_for(lambda: "存在问题" in browser.find_element("id", "status").text)
    assert Select(browser.find_element("id", "sort")).first_selected_option.text == "章节特征度"
    keys = [float(c.text) for c in browser.find_elements("css selector", "tr.phrase-row td.key-col")]
    assert keys and keys == sorted(keys, reverse=True) and keys[0] > 0


def test_a_hostile_report_runs_nothing(browser, hostile, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    result, charts = hostile
    path = tmp_path / "report.html"
    path.write_text(render_page(result, frames_of(result), charts), encoding="utf-8")
    log = open_page(browser, path)
    shown = phrases_shown(browser)
    assert shown == [SCRIPT, IMAGE, "不够到位", CLOSER]  # as text
    for k in range(len(shown)):  # each click draws the table again: find the row anew
        browser.find_elements("css selector", "tr.phrase-row")[k].click()
    wait_for(lambda: len(browser.find_elements("css selector", "tr.detail")) == len(shown))
    lines = [cell.text for cell in browser.find_elements("css selector", ".kwic .kw")]
    assert SCRIPT in lines and IMAGE in lines
    search(browser, "<img")
    assert phrases_shown(browser) == [IMAGE]
    for link in browser.find_elements("css selector", ".phrase-link"):
        link.click()
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('img:not([src^=\"data:\"])').length") == 0
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert severe(log + browser.get_log("browser")) == []


def test_metadata_filters_restrict_the_reports(browser, gwr_run) -> None:
    from selenium.webdriver.support.ui import Select

    out, _ = gwr_run
    assert severe(open_page(browser, out / outputs.PAGE)) == []
    Select(browser.find_element("id", "facet-0-from")).select_by_visible_text("2013")
    wait_for(lambda: "筛选范围内报告" in browser.find_element("id", "status").text)
    assert "筛选范围内报告 25 篇" in browser.find_element("id", "status").text
    search(browser, "一带一路")
    assert phrases_shown(browser)[0] == "一带一路"
    rows(browser)[0].click()
    wait_for(lambda: browser.find_elements("css selector", ".kwic .where"))
    cells = browser.find_elements("css selector", ".kwic .where")
    wheres = [cell.get_attribute("textContent") for cell in cells]
    years = [int(re.search(r"\d{4}", where).group()) for where in wheres]  # 措施打算 · 2013年…
    assert years and min(years) >= 2013  # the lines of the reports filtered in
    Select(browser.find_element("id", "facet-1")).select_by_visible_text("resolution")
    wait_for(lambda: "筛选范围内报告 13 篇" in browser.find_element("id", "status").text)
    assert severe(browser.get_log("browser")) == []
