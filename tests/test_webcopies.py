"""Specification of the cleaning on reports as people really collect them (corpora of tests/webcopies.py).

A folder of government work reports copied from seven made-up portals and a folder of party-congress reports
copied from a made-up online library go through the public pipeline (``analysis.pipeline.run``).  What must
come out: every report's own title (or its file name when the page has none, and the column
``title_source`` says which); none of the inserted chrome lines (toolbars, breadcrumbs, date/source lines,
captions, related-link tails, footers, the library's licence) left in the cleaned text, in the phrase bank or
its examples; every body line kept, including the lines that merely contain chrome words, the salutation,
date, speaker and signature lines and the closing formula many reports share; every removed line listed in
``boilerplate.csv``.  A single page (no other page to learn the site's template from) must lose its chrome by
shape alone.

The first tests check the corpora themselves (what the fixtures claim to contain), and the measurement
functions on small hand-made texts, so that a failure below is the cleaner's and not the fixture's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import webcopies as wc
from click.testing import CliRunner

from analysis.cli import main
from analysis.pipeline import RunOptions, run

PORTAL_N = 32
LIBRARY_N = 8
#: Shapes of chrome the portal corpus must hold (the issue's examples, in the fixtures' own wording).
CHROME_SHAPES = (
    r"^首页 > ", " ＞ ", " » ", " → ", " / ",  # breadcrumbs
    r"\| 打印 \|", "^打印$",  # toolbars, horizontal and vertical
    "相关报道[：:]", "^相关链接$", "^延伸阅读$", "^责任编辑：",  # tails
    r"^\[ \d{4}-\d\d-\d\d \]$", "摄）?$", "^图为", "ICP备", "主办",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# The corpora are what they claim to be
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def portal_pages() -> list[wc.Page]:
    return wc.portal_pages(PORTAL_N, seed=0)


@pytest.fixture(scope="module")
def library_pages() -> list[wc.Page]:
    return wc.library_pages(LIBRARY_N, seed=0)


def test_writing_is_deterministic_for_a_seed_and_varies_with_it(tmp_path: Path) -> None:
    first = wc.write_portal_corpus(tmp_path / "a", n=10, seed=5)
    again = wc.write_portal_corpus(tmp_path / "b", n=10, seed=5)
    other = wc.write_portal_corpus(tmp_path / "c", n=10, seed=6)
    assert first == again
    for e in first:
        assert (tmp_path / "a" / e.file_name).read_bytes() == (tmp_path / "b" / e.file_name).read_bytes()
    assert [e.body for e in first] != [e.body for e in other]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(e.file_name for e in first)


def test_portal_pages_come_from_at_least_six_sites_each_repeating_its_own_template(portal_pages) -> None:
    by_site: dict[str, list[wc.Expected]] = {}
    for page in portal_pages:
        by_site.setdefault(page.expected.site, []).append(page.expected)
    assert len(by_site) >= 6
    templates = set()
    has_title = {site.name: site.has_title for site in wc.SITES}
    for site, pages in by_site.items():
        assert len(pages) >= 4, site
        assert {e.title_source == wc.TITLE_LINE for e in pages} == {has_title[site]}
        # the site's fixed lines (header, closer, footer) are the same on every page
        fixed = [
            tuple(
                c
                for c, k in zip(e.chrome, e.chrome_kinds, strict=True)
                if k in ("header", "footer", "closer")
            )
            for e in pages
        ]
        assert len(set(fixed)) == 1, site
        templates.add(fixed[0])
    assert len(templates) == len(by_site)  # no two sites share their chrome
    kinds = Counter(k for page in portal_pages for k in page.expected.chrome_kinds)
    for kind in ("breadcrumb", "meta", "font", "toolbar", "caption", "share", "related", "editor", "closer"):
        assert kinds[kind] >= 4, kind
    chrome = [c for page in portal_pages for c in page.expected.chrome]
    for shape in CHROME_SHAPES:
        assert any(re.search(shape, c) for c in chrome), shape


def test_titles_sit_after_the_breadcrumb_and_before_the_date_line_or_come_from_the_file_name(
    portal_pages,
) -> None:
    sources = Counter(page.expected.title_source for page in portal_pages)
    assert sources[wc.TITLE_LINE] >= 16 and sources[wc.FILE_NAME] >= 6
    for page in portal_pages:
        e = page.expected
        lines = [line.strip() for line in page.text.splitlines()]
        if e.title_source == wc.FILE_NAME:
            assert e.title not in lines
            assert re.fullmatch(r"\d{1,3}[_\- 、]" + re.escape(e.title) + r"\.txt", e.file_name)
            continue
        title_at = lines.index(e.title)
        kinds = dict(zip(e.chrome, e.chrome_kinds, strict=True))
        firsts = {kind: min((i for i, line in enumerate(page.text.splitlines()) if kinds.get(line) == kind),
                            default=None) for kind in ("breadcrumb", "meta")}  # fmt: skip
        if firsts["breadcrumb"] is not None:
            assert firsts["breadcrumb"] < title_at
        assert firsts["meta"] is not None and title_at < firsts["meta"]


def test_pages_vary_line_endings_encodings_indentation_and_colon_widths(portal_pages) -> None:
    texts = [page.text for page in portal_pages]
    assert any("\r\n" in t for t in texts) and any("\r\n" not in t for t in texts)
    assert {page.encoding for page in portal_pages} == {"utf-8", "utf-8-sig"}
    body = [line for page in portal_pages for line in page.expected.body]
    for indent in ("\u3000\u3000", "    ", "\t"):
        assert any(line.startswith(indent) for line in body), repr(indent)
    assert any(not line[:1].isspace() for line in body)
    chrome = [c for page in portal_pages for c in page.expected.chrome]
    assert any("来源:" in c for c in chrome) and any("来源：" in c for c in chrome)
    assert any("," in line for line in body)  # a site writing its body with half-width punctuation


def test_bodies_hold_what_a_cleaner_must_keep(portal_pages, library_pages) -> None:
    for pages in (portal_pages, library_pages):
        body = [line.strip() for page in pages for line in page.expected.body]
        for word in wc.CHROME_WORDS:
            assert any(word in line and line.endswith("。") for line in body), word
        for page in pages:
            e = page.expected
            norm_body = [wc.normalize(line) for line in e.body]
            assert len(set(norm_body)) == len(norm_body), e.file_name  # every body line once
            assert not set(norm_body) & {wc.normalize(c) for c in e.chrome}, e.file_name
            assert any(line.startswith("一、") for line in norm_body), e.file_name
            assert any(line.startswith("（一）") for line in norm_body) or e.site == "墨林文献库"
            assert any("进一步" in line for line in norm_body), e.file_name
            assert any("还不够" in line or "差距" in line for line in norm_body), e.file_name
    portal_body = [line.strip() for page in portal_pages for line in page.expected.body]
    assert "各位代表：" in portal_body and {"同志们：", "各位领导、同志们："} & set(portal_body)
    assert any(re.fullmatch(r"(代)?[省市县]长[ \u3000]+\w某某", line) for line in portal_body)
    assert any(re.fullmatch(r"述职人：\w某某", line) for line in portal_body)
    assert any(
        re.fullmatch(r"（\d{4}年1月\d+日在.*会议上）|\d{4}年1?\d月\d+日", line) for line in portal_body
    )
    closings = Counter(
        page.expected.body[-1].strip() for page in portal_pages if "各位代表" in page.expected.body[-1]
    )
    assert closings.most_common(1)[0][1] >= 5  # the same exhortation closes many reports


def test_the_library_repeats_its_licence_footer_in_at_least_five_files(library_pages) -> None:
    footers = Counter(
        tuple(c for c, k in zip(p.expected.chrome, p.expected.chrome_kinds, strict=True) if k == "licence")
        for p in library_pages
    )
    with_footer = {footer: n for footer, n in footers.items() if footer}
    assert len(with_footer) == 1 and next(iter(with_footer.values())) >= 5
    assert footers[()] in (1, 2)
    assert len(next(iter(with_footer))) >= 4  # several paragraphs
    for page in library_pages:
        e = page.expected
        main, sub = e.title.split("——")
        assert not re.search("报告|讲话|总结", main) and sub.startswith("在") and sub.endswith("上的报告")
        assert page.text.splitlines()[:2] == [main, "——" + sub]
        assert "author" in e.chrome_kinds and "nav" in e.chrome_kinds


def test_measurement_sees_chrome_left_body_lost_and_nothing_on_a_perfect_text() -> None:
    e = wc.Expected(
        file_name="01_2026年某县政府工作报告.txt",
        title="2026年某县政府工作报告",
        title_source=wc.TITLE_LINE,
        chrome=("首页 > 要闻", "下载", "打印", "来源：某县日报"),
        chrome_kinds=("breadcrumb", "toolbar", "toolbar", "meta"),
        body=(
            "各位代表：",
            "　　群众下载App办事的时间缩短一半，打印证明不用跑腿。",
            "（一）拓宽资金来源渠道",
        ),
        site="test",
    )
    perfect = "\n".join(
        (
            "2026年某县政府工作报告",
            "各位代表：",
            "群众下载App办事的时间缩短一半,打印证明不用跑腿。",
            "(一)拓宽资金来源渠道",
        )
    )
    assert (
        wc.chrome_left(e, perfect) == [] and wc.body_lost(e, perfect) == [] and wc.residue(e, perfect) == []
    )
    joined = perfect.replace("\n各位代表：\n", "\n各位代表：")  # a cleaner joined two lines: still all there
    assert wc.body_lost(e, joined) == [] and wc.residue(e, joined) == []
    with_chrome = "首页 > 要闻\n" + perfect + "\n下载\n来源：某县日报"
    assert wc.chrome_left(e, with_chrome) == ["首页 > 要闻", "下载", "来源：某县日报"]
    glued = perfect + "来源：某县日报"  # chrome glued to a body line is still found
    assert wc.chrome_left(e, glued) == ["来源：某县日报"]
    lost = perfect.replace("打印证明不用跑腿。", "")
    assert wc.body_lost(e, lost) == [e.body[1]]
    assert wc.sentences_lost(e, lost) == ["群众下载App办事的时间缩短一半，打印证明不用跑腿。"]


# ---------------------------------------------------------------------------------------------------------
# The cleaning, through the public pipeline
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusRun:
    """A corpus written by tests/webcopies.py, its ground truth, and the run's output folder."""

    name: str
    expected: tuple[wc.Expected, ...]
    out: Path

    def read(self, file_name: str) -> pd.DataFrame:
        path = self.out / file_name
        assert path.is_file(), f"run wrote no {file_name}"
        return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)

    def texts(self) -> dict[str, str]:
        """doc_id → cleaned text; every written file must be a document."""
        docs = self.read("documents.csv")
        texts = dict(zip(docs.doc_id, docs.text, strict=True))
        assert sorted(texts) == sorted(e.doc_id for e in self.expected)
        return texts


WRITERS = {"portal": (wc.write_portal_corpus, PORTAL_N), "library": (wc.write_library_corpus, LIBRARY_N)}


@pytest.fixture(scope="module", params=sorted(WRITERS))
def corpus_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    writer, n = WRITERS[request.param]
    root = tmp_path_factory.mktemp(request.param)
    expected = writer(root / "corpus", n=n, seed=0)
    if request.param == "portal":  # as a user runs it: the command line
        args = [
            "run",
            "--corpus",
            str(root / "corpus"),
            "--out",
            str(root / "out"),
            "--workers",
            "1",
            "--no-xlsx",
        ]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    else:
        run(root / "corpus", root / "out", options=RunOptions(workers=1, xlsx=False))
    return CorpusRun(request.param, tuple(expected), root / "out")


def _squash(text: str) -> str:
    """Whitespace inside a title (``坚持稳中求进　奋力…``) is not part of the specification."""
    return re.sub(r"\s+", "", text)


def test_every_report_gets_its_own_title_and_says_where_it_came_from(corpus_run: CorpusRun) -> None:
    docs = corpus_run.read("documents.csv")
    assert "title_source" in docs.columns, "documents.csv has no title_source column"
    got = {row.doc_id: (_squash(row.title), row.title_source) for row in docs.itertuples()}
    wrong = {
        e.doc_id: (got[e.doc_id], e.title, e.title_source)
        for e in corpus_run.expected
        if got[e.doc_id] != (_squash(e.title), e.title_source)
    }
    assert not wrong, f"{len(wrong)} of {len(corpus_run.expected)} titles wrong: {wrong}"


def test_no_chrome_line_is_left_in_any_cleaned_text(corpus_run: CorpusRun) -> None:
    texts = corpus_run.texts()
    left = {e.doc_id: chrome for e in corpus_run.expected if (chrome := wc.chrome_left(e, texts[e.doc_id]))}
    n_chrome = sum(len(e.chrome) for e in corpus_run.expected)
    n_left = sum(map(len, left.values()))
    assert not left, f"{n_left} of {n_chrome} chrome lines left in {len(left)} reports: {left}"


def test_the_cleaned_text_is_the_title_and_the_body_and_nothing_else(corpus_run: CorpusRun) -> None:
    texts = corpus_run.texts()
    rest = {e.doc_id: r for e in corpus_run.expected if (r := wc.residue(e, texts[e.doc_id]))}
    assert not rest, f"text besides title and body in {len(rest)} reports: {rest}"


def test_every_body_line_and_sentence_survives(corpus_run: CorpusRun) -> None:
    texts = corpus_run.texts()
    lost = {e.doc_id: lines for e in corpus_run.expected if (lines := wc.body_lost(e, texts[e.doc_id]))}
    sentences = {e.doc_id: s for e in corpus_run.expected if (s := wc.sentences_lost(e, texts[e.doc_id]))}
    assert not lost, f"body lines lost in {len(lost)} reports: {lost}"
    assert not sentences, f"body sentences lost: {sentences}"


def test_boilerplate_csv_lists_every_removed_chrome_line_and_no_body_line(corpus_run: CorpusRun) -> None:
    removed = corpus_run.read("boilerplate.csv")
    assert {"doc_id", "rule", "text"} <= set(removed.columns)
    assert set(removed.doc_id) <= {e.doc_id for e in corpus_run.expected}
    assert (removed.rule.str.strip() != "").all()
    lines: dict[str, set[str]] = {}
    for row in removed.itertuples():
        lines.setdefault(row.doc_id, set()).update(wc.normalize(part) for part in row.text.splitlines())
    unlisted = {}
    dropped = {}
    for e in corpus_run.expected:
        listed = lines.get(e.doc_id, set())
        if missing := [c for c in e.chrome if wc.normalize(c) and wc.normalize(c) not in listed]:
            unlisted[e.doc_id] = missing
        if body := [b for b in e.body if wc.normalize(b) in listed]:
            dropped[e.doc_id] = body
    assert not dropped, f"boilerplate.csv lists body lines: {dropped}"
    assert not unlisted, f"chrome lines not listed in boilerplate.csv in {len(unlisted)} reports: {unlisted}"


def test_the_phrase_bank_holds_nothing_taken_from_the_chrome(corpus_run: CorpusRun) -> None:
    phrases = corpus_run.read("phrases.csv")
    chrome = {wc.normalize(c) for e in corpus_run.expected for c in e.chrome}
    # a report's own text, lines run together (a cleaner may join them): where every phrase and example
    # must come from
    own = ["".join(map(wc.normalize, (e.title, *e.body))) for e in corpus_run.expected]
    from_chrome = [
        (row.kind, row.phrase)
        for row in phrases.itertuples()
        if row.kind != "heading"
        and any(wc.normalize(row.phrase) in c for c in chrome)
        and not any(wc.normalize(row.phrase) in text for text in own)
    ]
    assert not from_chrome, f"phrases found only in the chrome: {from_chrome}"
    foreign = [(row.phrase, row.example) for row in phrases.itertuples() if not _in_any(row.example, own)]
    assert not foreign, f"examples that are not sentences of a report: {foreign}"


def _in_any(example: str, texts: list[str]) -> bool:
    norm = wc.normalize(example).rstrip("…")
    return any(norm in text for text in texts)


# ---------------------------------------------------------------------------------------------------------
# One page alone: only the shape of a line can tell chrome from body
# ---------------------------------------------------------------------------------------------------------


SLUGS = {site.name: site.slug for site in wc.SITES}


def _one_page_per_site() -> list[wc.Page]:
    pages = wc.portal_pages(len(wc.SITES), seed=1)
    assert len({p.expected.site for p in pages}) == len(wc.SITES)
    return pages


@pytest.mark.parametrize("page", _one_page_per_site(), ids=lambda p: SLUGS[p.expected.site])
def test_a_single_portal_page_loses_its_chrome_by_shape_and_keeps_its_title(
    page: wc.Page, tmp_path: Path
) -> None:
    e = wc.write_pages(tmp_path / "corpus", [page])[0]
    run(tmp_path / "corpus", tmp_path / "out", options=RunOptions(workers=1, xlsx=False))
    docs = pd.read_csv(
        tmp_path / "out" / "documents.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str
    )
    (doc,) = docs.itertuples()
    assert (doc.title, getattr(doc, "title_source", None)) == (e.title, e.title_source)
    shaped = wc.Expected(
        file_name=e.file_name,
        title=e.title,
        title_source=e.title_source,
        chrome=tuple(c for c, k in zip(e.chrome, e.chrome_kinds, strict=True) if k in wc.SHAPE_KINDS),
        chrome_kinds=tuple(k for k in e.chrome_kinds if k in wc.SHAPE_KINDS),
        body=e.body,
        site=e.site,
    )
    assert wc.chrome_left(shaped, doc.text) == []
    assert wc.body_lost(e, doc.text) == []
