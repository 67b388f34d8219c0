"""Specification of analysis.boilerplate and analysis.chrome_shapes: page chrome learned and recognised."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.boilerplate import strip_chrome
from analysis.chrome_model import CorpusChrome, learn_chrome, line_key
from analysis.chrome_shapes import (
    is_breadcrumb,
    is_byline,
    is_caption,
    is_list_label,
    is_timestamp,
    is_toolbar,
    line_shape_rule,
)
from analysis.clean import clean_text

# ---------------------------------------------------------------- shapes of single lines


@pytest.mark.parametrize(
    "line",
    [
        "阅读 | 转发 | 点赞",
        "【放大】【缩小】【默认】",
        "字体：特大 较大 正常",
        "收藏 转发 纠错 打印",
        "分享至：朋友圈 微博 豆瓣",
    ],
)
def test_rows_of_short_commands_are_toolbars(line: str) -> None:
    assert is_toolbar(line)


@pytest.mark.parametrize(
    "line",
    [
        "县长 赵某某",
        "济 南 市 公 安 局",
        "二〇二六年 三月",
        "一、 总体要求",
        "指标名称 计量单位 完成数值 同比增长率",
    ],
)
def test_speaker_lines_spaced_names_headings_and_table_headers_are_not_toolbars(line: str) -> None:
    assert not is_toolbar(line)


def test_below_the_report_a_toolbar_needs_explicit_separators() -> None:
    assert is_toolbar("收藏 转发 纠错", separated=False)
    assert not is_toolbar("收藏 转发 纠错", separated=True)
    assert is_toolbar("收藏｜转发｜纠错", separated=True)


@pytest.mark.parametrize(
    "line", ["网站首页 » 政务动态 » 正文", "主页>新闻中心>本地新闻", "首页 / 公开 / 报告"]
)
def test_paths_of_short_items_are_breadcrumbs(line: str) -> None:
    assert is_breadcrumb(line)


@pytest.mark.parametrize("line", ["增速>5%的县区有6个，较上年增加2个。", "收入/支出"])
def test_comparisons_are_not_breadcrumbs(line: str) -> None:
    assert not is_breadcrumb(line)


@pytest.mark.parametrize(
    "line",
    [
        "稿源：某某晚报 责编：钱某",
        "作者：孙某某",
        "更新时间：2025/12/30 16:05",
        "信息来源: 县政府办",
        "[责任编辑：吴某]",
    ],
)
def test_label_value_fields_are_bylines(line: str) -> None:
    assert is_byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "拓宽资金来源渠道，确保项目建设时间节点。",
        "资金来源：财政拨款和自筹资金相结合，确保项目顺利推进。",
        "主要目标：地区生产总值增长5%左右",
        "一、时间安排：全年分三个阶段推进",
    ],
)
def test_body_lines_with_labels_are_not_bylines(line: str) -> None:
    assert not is_byline(line)


@pytest.mark.parametrize("line", ["2026-02-03 10:21", "[ 2026/2/3 ]", "（2026.02.03）", "2026年2月3日 10:21"])
def test_numeric_dates_and_times_alone_are_timestamps(line: str) -> None:
    assert is_timestamp(line)


@pytest.mark.parametrize(
    "line", ["2026年2月3日", "二〇二六年二月", "——2026年2月3日在县第十八届人民代表大会上"]
)
def test_written_dates_and_subtitles_are_not_timestamps(line: str) -> None:
    assert not is_timestamp(line)


@pytest.mark.parametrize(
    "line",
    [
        "县长在大会上作报告。 特约通讯员 周某 摄",
        "（记者 郑某某 摄）",
        "会场全景。李某/摄",
        "图为新建成的县城东区污水处理厂",
        "本报记者 冯某 摄影报道",
    ],
)
def test_photo_credits_and_captions(line: str) -> None:
    assert is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "（三）推进影视拍摄基地建设",
        "支持纪录片拍摄。",
        "图书馆、文化馆免费开放率达到100%。",
        "图表显示增长趋势。",
    ],
)
def test_body_lines_about_photography_are_not_captions(line: str) -> None:
    assert not is_caption(line)


@pytest.mark.parametrize("line", ["推荐阅读：", "【延伸阅读】", "更多>>", "相关稿件:"])
def test_short_labels_head_link_lists(line: str) -> None:
    assert is_list_label(line)


def test_a_long_addressee_is_not_a_link_label() -> None:
    assert not is_list_label("各乡镇人民政府，县政府各部门：")


def test_shape_rule_names() -> None:
    assert line_shape_rule("2026-02-03 10:21") == "timestamp"
    assert line_shape_rule("▲ ▼") == "symbols"
    assert line_shape_rule("首页 > 要闻") == "breadcrumb"
    assert line_shape_rule("编辑：某某") == "byline"
    assert line_shape_rule("打印 | 关闭") == "toolbar"
    assert line_shape_rule("返回顶部") == "notice"
    assert line_shape_rule("全县完成固定资产投资120亿元。") is None


# ---------------------------------------------------------------- one page: shapes, head and tail

PAGE = (
    "网站首页 » 政务动态 » 正文\n"  # 1 breadcrumb
    "2026年某县政府工作报告\n"  # 2 title
    "更新时间：2026-01-09 08:30  稿源：某县融媒体中心\n"  # 3 byline
    "收藏 转发 纠错 打印\n"  # 4 toolbar
    "\n"
    "——2026年1月6日在某县第十八届人民代表大会第五次会议上\n"  # 6 subtitle
    "县长 赵某某\n"  # 7 speaker
    "各位代表：\n"  # 8 salutation
    "现在，我代表县人民政府向大会报告工作，请予审议。\n"
    "一、2025年工作回顾\n"
    "全县完成固定资产投资120亿元，群众网上办事时间缩短一半。\n"
    "县长在会上作报告。 特约通讯员 周某 摄\n"  # 12 caption inside the body
    "拓宽资金来源渠道，打印、复印等政务服务全部免费。\n"
    "让我们团结一心，为建设美丽县城而努力奋斗！\n"
    "责编：钱某\n"  # 15 byline: the footer begins
    "推荐阅读：\n"  # 16
    "某县召开经济工作会议\n"  # 17 link title
    "某县部署春耕生产\n"  # 18 link title
    "打印本页 关闭窗口\n"  # 19
)


def test_a_single_page_loses_its_chrome_by_shape_alone() -> None:
    text, removed = strip_chrome(PAGE)
    assert [(r.line, r.rule) for r in removed] == [
        (1, "breadcrumb"),
        (3, "byline"),
        (4, "toolbar"),
        (12, "caption"),
        (15, "byline"),
        (16, "link list"),
        (17, "after footer"),
        (18, "after footer"),
        (19, "notice"),
    ]
    kept = [line for line in text.split("\n") if line]
    assert kept[:4] == [
        "2026年某县政府工作报告",
        "——2026年1月6日在某县第十八届人民代表大会第五次会议上",
        "县长 赵某某",
        "各位代表：",
    ]
    assert kept[-1] == "让我们团结一心，为建设美丽县城而努力奋斗！"
    assert all(r.text == PAGE.split("\n")[r.line - 1].strip() for r in removed)


def test_a_letter_spaced_issuer_above_the_date_stays_even_when_it_recurs() -> None:
    def notice(k: int) -> str:
        return (
            f"关于开展第{k}批试点工作的通知\n各有关单位：\n现将第{k}批试点工作有关事项通知如下，请认真组织申报。\n"
            f"附件：第{k}批试点申报书（格式文本及填写说明，请按要求如实填写后报送）\n"
            f"某 某 局\n2026年{k}月5日\n（此件主动公开）\n"
        )

    pages = [(f"{k}.txt", notice(k)) for k in range(1, 5)]
    assert strip_chrome(pages[0][1], learn_chrome(pages)) == (pages[0][1], ())


def test_a_signature_block_and_an_official_note_below_the_report_stay() -> None:
    text = (
        "关于某项工作的通知\n各乡镇人民政府，县政府各部门：\n现将有关事项通知如下，请认真贯彻执行。\n"
        "某县人民政府办公室\n某县财政局\n2026年1月5日\n（此件公开发布）\n"
    )
    assert strip_chrome(text) == (text, ())


# ---------------------------------------------------------------- what the corpus teaches

NOTICE = (
    "阅览须知\n"
    "本馆所收文献仅供研究者查阅参考。\n"
    "凡转引本馆文献，请一并注明原始出处。\n"
    "如发现文字错误，欢迎来函指正。\n"
)
CLOSING = "让我们在新征程上再立新功！"


def _library_page(k: int, *, notice: bool = True) -> str:
    body = (
        f"第{k}号文献的标题报告\n"
        "同志们：\n"
        f"过去一年，全区完成造林{k}万亩，修建道路{k * 3}公里。\n"
        f"今后要坚持把第{k}项任务抓紧抓好，进一步改善民生。\n"
        f"{CLOSING}\n"
    )
    return body + "\n" + NOTICE if notice else body


def test_a_notice_under_many_files_is_learned_and_removed_whatever_its_words() -> None:
    pages = {f"p{k}.txt": _library_page(k) for k in range(5)} | {"p9.txt": _library_page(9, notice=False)}
    chrome = learn_chrome(pages.items())
    assert chrome.n_docs == 6
    for name, page in pages.items():
        text, removed = strip_chrome(page, chrome)
        assert "本馆" not in text and "阅览须知" not in text, name
        # every file ends with the same closing formula, next to the notice in five of them: it stays
        assert CLOSING in text, name
        assert "同志们：" in text and "进一步改善民生" in text, name
        if name != "p9.txt":
            assert {r.rule for r in removed} == {"recurring block"}


def test_a_notice_broken_at_links_goes_from_its_first_fragment() -> None:
    notice = "本文献依据《\n某某资料管理办法\n》公开，\n供研究参考。\n"
    pages = [(f"{k}.txt", _library_page(k, notice=False) + notice) for k in range(3)]
    chrome = learn_chrome(pages)
    text, _ = strip_chrome(pages[0][1], chrome)
    assert text.rstrip("\n").endswith(CLOSING)


def test_without_the_corpus_model_a_notice_of_sentences_stays() -> None:
    text, _ = strip_chrome(_library_page(1))
    assert "本馆所收文献仅供研究者查阅参考。" in text


def test_reports_of_one_collection_file_count_once() -> None:
    chrome = learn_chrome([("a.txt", "甲\n乙"), ("a.txt", "甲\n丙"), ("b.txt", "甲"), ("c.txt", "丁")])
    assert "甲" not in chrome.lines  # two files only
    chrome = learn_chrome([("a.txt", "甲"), ("b.txt", "甲"), ("c.txt", "甲")])
    assert chrome.lines == frozenset({"甲"})


def test_line_keys_ignore_spaces_and_numbers() -> None:
    assert line_key("浏览次数： 123") == line_key("浏览次数：98") == "浏览次数：0"
    assert line_key("全县完成投资12亿元，增长5%。") != line_key("全县完成投资13亿元，增长5%。")


def _portal_page(k: int) -> str:
    return (
        "某某县人民政府门户网站\n"
        "政务公开\n"
        f"关于第{k}项重点工作的情况报告\n"
        "县长 赵某某\n"
        f"全县第{k}项重点工作取得明显成效，完成投资{k}亿元。\n"
        f"下一步将继续抓好第{k}项工作，确保按期完成。\n"
        "本站主办单位为某县政府办\n"
        "技术支持单位为某县信息中心\n"
    )


def test_recurring_lines_above_the_title_and_a_recurring_footer_go_a_recurring_speaker_line_stays() -> None:
    pages = [(f"{k}.txt", _portal_page(k)) for k in range(4)]
    chrome = learn_chrome(pages)
    text, removed = strip_chrome(pages[0][1], chrome)
    assert [line for line in text.split("\n") if line] == [
        "关于第0项重点工作的情况报告",
        "县长 赵某某",
        "全县第0项重点工作取得明显成效，完成投资0亿元。",
        "下一步将继续抓好第0项工作，确保按期完成。",
    ]
    assert {r.rule for r in removed} == {"recurring"}


def test_a_title_that_every_file_shares_is_kept() -> None:
    pages = [(f"{k}.txt", f"政府工作报告\n各位代表：\n第{k}年的工作取得了新的进展。\n") for k in range(4)]
    chrome = learn_chrome(pages)
    assert "政府工作报告" in chrome.lines
    assert strip_chrome(pages[1][1], chrome)[1] == ()


def test_too_few_files_learn_nothing() -> None:
    assert learn_chrome([("a", "甲"), ("b", "甲")]) == CorpusChrome(n_docs=2)


# ---------------------------------------------------------------- nothing real is ever lost

_WORDS = st.sampled_from(
    [
        "时间",
        "来源",
        "下载",
        "打印",
        "编辑",
        "首页",
        "分享",
        "收藏",
        "相关",
        "记者",
        "摄",
        "版权",
        "图为",
        "：",
        "，",
    ]
)
_HAN = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=3, max_size=12)
_BODY_LINE = st.builds(
    lambda parts: "".join(parts) + "。", st.lists(st.one_of(_HAN, _WORDS), min_size=2, max_size=6)
).filter(lambda line: sum("\u4e00" <= c <= "\u9fff" for c in line) >= 6)
_CHROME_LINE = st.sampled_from(
    [
        "网站首页 » 政务动态 » 正文",
        "更新时间：2026-01-09 08:30  稿源：某县融媒体中心",
        "收藏 转发 纠错 打印",
        "责编：钱某",
        "推荐阅读：",
        "某县召开经济工作会议",
        "打印本页 关闭窗口",
        "▲",
        "本站主办单位为某县政府办",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    head=st.lists(_CHROME_LINE, max_size=5),
    body=st.lists(_BODY_LINE, min_size=1, max_size=8),
    tail=st.lists(_CHROME_LINE, max_size=5),
    learned=st.booleans(),
)
def test_no_body_line_ending_in_a_full_stop_is_ever_removed(
    head: list[str], body: list[str], tail: list[str], learned: bool
) -> None:
    def page(k: int) -> str:  # pages of one site: the same chrome, reports that open and close their own way
        opening, closing = f"第{k}份报告的第一句话写在这里。", f"第{k}份报告到此结束。"
        return "\n".join([*head, "某县年度工作报告", opening, *body, closing, *tail])

    chrome = learn_chrome([(f"{k}.txt", page(k)) for k in range(3)]) if learned else None
    text, removed = strip_chrome(page(0), chrome)
    assert not any(r.text in body for r in removed)
    for line in body:
        assert line in text.split("\n")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_CHROME_LINE, _BODY_LINE, _HAN), max_size=12))
def test_cleaning_a_page_twice_changes_nothing_more(lines: list[str]) -> None:
    once = clean_text("\n".join(lines))
    assert clean_text(once) == once


def test_a_character_simplified_beyond_the_basic_plane_still_counts_as_han() -> None:
    """``俓`` simplifies to ``𠇹`` (U+201F9, extension B): the last line has six Han characters and a full
    stop (a sentence, so the breadcrumb above it is inside the body) before and after cleaning; counted as
    Han only in the basic plane, the second cleaning took it for page chrome and cut the tail (a case
    hypothesis found for the test above)."""
    crumb = "网站首页 » 政务动态 » 正文"
    once = clean_text("\n".join([crumb, crumb, "一一一一一一。", crumb, "一一一俓时间。"]))
    assert once == "\n".join(["一一一一一一。", crumb, "一一一𠇹时间。"])
    assert clean_text(once) == once


# ---------------------------------------------------------------- other kinds of pages, one at a time

ACCOUNT_POST = (
    "关于2025年度工作情况的总结\n"
    "原创 融媒小编 某某发布 2026-01-22 18:30 发表于江西\n"  # dateline
    "2025年，区委办在区委的坚强领导下，认真履职尽责，各项工作取得新成效。\n"
    "一、主要工作\n"
    "全年共起草各类文稿120余篇，办理来文来电3000余件，督查督办事项完成率100%。\n"
    "二、下步打算\n"
    "2026年，我们将进一步提高站位，切实发挥参谋助手作用。\n"
    "预览时标签不可点\n"  # footer lead
    "阅读原文\n"  # notice
    "阅读 2345\n"  # counter
    "分享 收藏 点赞 在看\n"  # after the footer began
)
DOCUMENT_LIBRARY_PAGE = (
    "下载积分：2 | 浏览：1203 | 页数：6\n"  # byline
    "2025年乡镇党委书记述职报告\n"
    "本文档由用户上传，仅供学习交流\n"  # reprint notice
    "一、履职情况\n"
    "一年来，我坚持把抓党建作为第一责任，全年召开党委会24次。\n"
    "二、存在不足\n"
    "一是学习不够系统；二是调研不够深入。\n"
    "以上述职，请予评议。\n"
    "展开阅读全文\n"  # notice
    "剩余3页未读，继续阅读\n"  # notice
)


@pytest.mark.parametrize(
    ("page", "first", "last", "rules"),
    [
        (
            ACCOUNT_POST,
            "关于2025年度工作情况的总结",
            "2026年，我们将进一步提高站位，切实发挥参谋助手作用。",
            ["dateline", "footer", "notice", "timestamp", "after footer"],
        ),
        (
            DOCUMENT_LIBRARY_PAGE,
            "2025年乡镇党委书记述职报告",
            "以上述职，请予评议。",
            ["byline", "notice", "notice", "notice"],
        ),
    ],
)
def test_pages_of_other_kinds_lose_their_chrome_alone(
    page: str, first: str, last: str, rules: list[str]
) -> None:
    text, removed = strip_chrome(page)
    kept = [line for line in text.split("\n") if line]
    assert (kept[0], kept[-1]) == (first, last)
    assert [r.rule for r in removed] == rules


def test_a_table_of_contents_whose_entries_come_back_as_headings_goes() -> None:
    page = (
        "某县数字乡村建设规划\n"
        "目  录\n"
        "一、发展基础……………………1\n"
        "二、总体要求……………………3\n"
        "三、重点任务……………………5\n"
        "一、发展基础\n"
        "近年来，全县数字基础设施加快建设，行政村光纤通达率达到100%。\n"
        "二、总体要求\n"
        "坚持统筹规划、分步实施，推动数字技术与乡村发展深度融合。\n"
        "三、重点任务\n"
        "加快建设乡村数字基础设施，提升乡村治理数字化水平。\n"
    )
    text, removed = strip_chrome(page)
    assert [(r.line, r.rule) for r in removed] == [
        (2, "contents"),
        (3, "contents"),
        (4, "contents"),
        (5, "contents"),
    ]
    assert text.count("一、发展基础") == 1


def test_headings_before_the_first_sentence_are_not_a_table_of_contents() -> None:
    page = (
        "第一章 总则\n一、基本内涵\n（一）主要特征。数字乡村是乡村振兴的战略方向，也是数字中国的重要内容。\n"
    )
    assert strip_chrome(page) == (page, ())


@pytest.mark.parametrize("filler", [" " * 40_000, "报" * 40_000, "、" * 40_000, "【" * 20_000, "-" * 40_000])
def test_a_huge_line_is_judged_in_linear_time(filler: str) -> None:
    import time

    page = f"某县工作报告\n{filler}\n全县各项工作取得新进展。\n{filler}a\n"
    start = time.perf_counter()
    clean_text(page)
    assert time.perf_counter() - start < 5  # generous: linear is well under a second, quadratic is minutes


def _html_page(k: int) -> str:
    return f"""<html><head><title>第{k}区报告 - 某市政府网</title><script>var a = 1;</script></head><body>
<div class="nav"><a href="/">首页</a> | <a>政务公开</a> | <a>政务服务</a> | <a>互动交流</a></div>
<div class="crumb">当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; 正文</div>
<h1>2026年某市第{k}区政府工作报告</h1>
<div class="info">发布时间：2026-01-2{k} 09:00 来源：某市政府办</div>
<p>各位代表：</p><p>现在，我代表区人民政府向大会报告工作，请予审议。</p>
<h2>一、2025年工作回顾</h2><p>过去一年，全区地区生产总值增长{5 + k}.1%，新增就业{k + 1}万人。</p>
<p>让我们团结奋斗，为建设美丽家园而努力！</p>
<div class="share">分享到：<a>微信</a><a>微博</a></div>
<div class="foot"><p>主办：某市人民政府办公室 承办：某市大数据中心</p>
<p>网站标识码：1234567890 某ICP备12345678号</p></div>
</body></html>"""


def test_html_pages_of_one_template_lose_their_chrome_and_keep_their_closing(tmp_path) -> None:
    from analysis.pipeline import load_reports

    for k in range(3):
        (tmp_path / f"page{k}.html").write_text(_html_page(k), encoding="utf-8")
    reports, problems = load_reports(tmp_path, workers=1)
    assert all(p.action != "skipped" for p in problems)
    for k, report in enumerate(reports):
        assert report.title == f"2026年某市第{k}区政府工作报告"
        assert report.text.split("\n")[1:] == [
            "各位代表：",
            "现在，我代表区人民政府向大会报告工作，请予审议。",
            "一、2025年工作回顾",
            f"过去一年，全区地区生产总值增长{5 + k}.1%，新增就业{k + 1}万人。",
            "让我们团结奋斗，为建设美丽家园而努力！",  # every page ends with it: the report's, not chrome
        ]
        assert len(report.removed) == 6
