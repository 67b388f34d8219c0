"""Section types: what a report's outermost sections are about, from their headings and their bodies.

A section is typed by its **heading** when the heading names a type (:func:`classify_section`:
``存在的问题`` → problems), else by its **body** when the body clearly says one (:func:`body_type`), else
it is ``other``.  Many reports title their sections with what was done (``坚定政治立场，筑牢思想根基``,
``抓学习固根本，持续提升自身素养``) or with a topic (``关于外交工作``): the heading then names no type, but
the section still says whether it reports results or plans work.

**Body evidence** (:func:`cue_counts`): cue phrases of four families are counted in the section's text
(heading and sub-sections included):

- achievements: the aspect particle ``了`` after a verb (not in ``为了`` ``除了`` ``了解`` …, nor after
  ``规定 明确 提出 包括``, which describe a text rather than a result), ``取得…成绩/成效/进展/成就/成果``,
  ``累计`` ``共计`` ``先后`` ``圆满`` ``荣获`` ``以来`` ``年来`` ``曾`` ``已经`` ``已完成/已建成…``, and every
  figure (``5万余字``, ``12.5%``, ``□次``) of a sentence that also holds a past marker (``了 已 累计 共计
  先后``; a comparison such as ``比上年`` is no tense: budgets and targets compare with last year too);
- problems: ``不够 不到位 差距 薄弱 有待 不足 欠缺 短板 不强 不深 不实 不严 不力 滞后 缺乏`` ``仍存在``
  ``个别`` ``有的`` …;
- causes: ``原因 根源 究其 归根结底 根本在于 主要在于 之所以 根子 深层次``;
- measures: ``进一步 下一步 下步 今后 力争 务必 明年 到2030年``, modal ``要`` (not in ``重要 主要 需要 要求``
  …), ``将`` before a verb of intent (``将继续`` ``将进一步`` …), and every figure of a clause that names a
  plan or target (``计划 目标 预期 力争 不少于 以内 控制在 左右 每年 拟 预算 确保`` …).

For family *t*, ``rate_t = 1000 × count_t / len(section)`` (cues per 1,000 characters).  The body says *t*
when *t* has the highest rate and

    count_t ≥ MIN_CUES,   rate_t ≥ MIN_RATE,   rate_t > MARGIN × (the second-highest rate)

(5 cues, 5 per 1,000 characters, more than twice the runner-up): a section mixing results and plans in similar
measure, or one with a handful of cues in thousands of characters, stays ``other``.  The body never says
``overview``: a description of the present situation has no cue of its own.

**Parallel headings** (``抓学习固根本，持续提升自身素养`` / ``抓服务勤作为，全心全意履职尽责``: two or more
clauses of the same lengths) are written as one list, so they share a type: a section whose own body is
inconclusive (the report's closing paragraph often falls into its last section) takes the type that the
bodies of all its parallel siblings say together (the same test on their summed counts and lengths).

Cues are counted per character, not learned: a corpus of one report is typed like a corpus of thousands,
and the result never depends on which other reports were read.  Heading keywords always win over the body:
the author's own label is the best evidence there is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

#: Keywords that give a level-1 section its type.  The keyword found earliest in the heading wins;
#: at the same position the longest one does (``存在问题和原因分析`` → problems, ``原因分析`` → causes).
SECTION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "overview": ("基本情况", "总体情况", "概况", "情况概述", "现状"),
    "achievements": (
        "主要工作", "工作回顾", "总体评价", "自我评价", "主要成效", "工作成效", "取得的成绩", "主要做法",
        "工作开展情况", "落实情况", "执行情况", "完成情况", "回顾", "总结", "成绩", "履职情况", "成就",
        "过去", "新的进展",
    ),
    "problems": ("存在问题", "存在的问题", "突出问题", "问题和不足", "不足", "差距", "问题"),
    "causes": ("原因分析", "原因", "根源", "剖析"),
    "measures": (
        "下步打算", "下一步", "整改措施", "对策", "工作安排", "重点工作", "目标任务", "工作任务", "主要任务",
        "措施", "打算", "努力方向", "总体要求", "总体部署", "今后", "任务", "建议", "工作计划", "工作思路",
        "工作要点", "计划安排",
    ),
}  # fmt: skip

#: Where a section's type came from (``Heading.type_source``, the ``type_source`` column of sections.csv).
FROM_HEADING = "heading"
FROM_BODY = "body"
TYPE_SOURCES: tuple[str, ...] = (FROM_HEADING, FROM_BODY)

MIN_CUES = 5  #: fewest cues of the winning family for the body to say a type
MIN_RATE = 5.0  #: fewest cues of the winning family per 1,000 characters
MARGIN = 2.0  #: the winning family's rate over the runner-up's: more than this

_KEYWORD_TYPE = {keyword: t for t, keywords in SECTION_KEYWORDS.items() for keyword in keywords}
#: Leftmost keyword, the longest at one position (alternatives tried longest first).
_KEYWORDS = re.compile("|".join(map(re.escape, sorted(_KEYWORD_TYPE, key=len, reverse=True))))
_COORDINATION = re.compile(r"以及|[和及与、]")
#: "A few questions" formulas (``关于X的几个问题``): a way to announce topics, not a section of problems.
_DISCOURSE = re.compile(r"(?:几个|若干|有关|一些)问题")

#: A number (or □ for a blanked one) with a unit; it starts where a run of digits starts, so a long run is
#: scanned once, not once per digit.  ``(?<![0-9０-９])(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|□)\s*(?:unit)``
#: written with its first character consumed by one class and the look-behinds after it: the regex engine
#: then skips ahead to the next digit or □ instead of trying the look-behind at every position (cue counts
#: of distinct_10MB 0.37 → 0.1 s with the cue patterns below written the same way; same matches: a test).
_FIGURE = re.compile(
    r"[0-9０-９□](?<![0-9０-９].)(?:(?<=[0-9０-９])[0-9０-９]*(?:[.．][0-9０-９]+)?|(?<=□))\s*"
    r"(?:[%％万亿余多个项次篇人名家件条场期元亩吨倍户所座套批]|公里)"
)
_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_CLAUSE = re.compile(r"[^，,：:]+")
_PAST = re.compile(r"了|已|累计|共计|先后")
_PLAN = re.compile(
    r"计划|预算|拟(?!定)|目标|预期|力争|不少于|不低于|不超过|以内|控制在|左右|每年|每月|每季|确保|到20\d\d年"
)
#: Every alternative of a cue pattern opens with a literal character (a look-behind follows it, a group is
#: spelled out), so that the regex engine skips ahead to the next possible first character.
CUES: dict[str, re.Pattern[str]] = {
    "achievements": re.compile(
        r"了(?<![为除罢]了)(?<!规定了|明确了|提出了|包括了)(?![解如却结])"
        r"|取得[^。；，,]{0,6}?(?:成绩|成效|进展|成就|成果)"
        r"|累计|共计|先后|圆满|荣获|以来|年来|曾|已经|已(?:完成|建成|形成|达到|实现|基本|全部|初步)"
    ),
    "problems": re.compile(
        r"不够|不到位|差距|薄弱|有待|不足|欠缺|短板|不强|不高(?!于)|不深|不细|不实|不严|不力|滞后|偏差|弱化"
        r"|缺乏|仍然存在|仍存在|还存在|依然存在|个别|有的(?!放矢)"
    ),
    "causes": re.compile(r"原因|根源|究其|归根结底|根本在于|主要在于|之所以|根子|深层次"),
    "measures": re.compile(
        r"进一步|下一步|下步|今后|力争|务必|明年|到20\d\d年"
        r"|要(?<![重主需必只纲摘首紧显扼简概提想]要)(?![求点素害紧员闻务件领旨义])"
        r"|将(?=继续|进一步|持续|着力|坚持|全面|深入|加快|加大|大力|切实|不断|更加|努力|始终|认真|严格|积极|重点)"
    ),
}  # fmt: skip
BODY_TYPES: tuple[str, ...] = tuple(CUES)


class Evidence(NamedTuple):
    """Cue counts of a stretch of text (:func:`cue_counts`) and its length in characters."""

    counts: dict[str, int]
    chars: int


def classify_section(heading_text: str) -> str:
    """Section type of a heading: the type of its earliest keyword (longest on a tie), else ``other``.

    In ``X的Y`` the heading names a Y (the head of a Chinese noun phrase comes last), so in the first
    conjunct (text before ``和 及 与 、``) a keyword after the last ``的`` decides first: ``产生问题的原因`` →
    causes, ``对存在问题的整改建议`` → measures, where the earliest keyword alone would say problems; but not
    a bare ``问题`` (``工作中的问题``: then the earliest keyword decides).  ``几个问题``, ``若干问题`` …
    (``应当注意的几个问题``) announce topics, not problems: they are no keywords.
    """
    heading_text = _DISCOURSE.sub("", heading_text)
    first = _COORDINATION.split(heading_text, maxsplit=1)[0]
    if "的" in first:
        head = _KEYWORDS.search(first.rsplit("的", 1)[1])
        if head is not None and head[0] != "问题":
            return _KEYWORD_TYPE[head[0]]
    found = _KEYWORDS.search(heading_text)
    return _KEYWORD_TYPE[found[0]] if found else "other"


def cue_counts(text: str) -> Evidence:
    """Cue phrases of each family of :data:`CUES` in ``text``, figures included (module docstring)."""
    counts = {t: len(pattern.findall(text)) for t, pattern in CUES.items()}
    planned, past = figure_counts(text)
    counts["measures"] += planned
    counts["achievements"] += past
    return Evidence(counts, len(text))


#: What ends a sentence (the complement of :data:`_SENTENCE`); that or what ends a clause (:data:`_CLAUSE`).
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END = re.compile(r"[。；;！？!?\n，,：:]")


def _span_around(text: str, backwards: str, position: int, end: re.Pattern[str]) -> tuple[int, int]:
    """The run of ``text`` around ``position`` that holds no match of ``end`` (one character): the nearest
    end before it found in ``backwards`` (``text[::-1]``), the nearest after it in ``text``."""
    before = end.search(backwards, len(text) - position)
    after = end.search(text, position)
    return (len(text) - before.start() if before else 0), (after.start() if after else len(text))


def figure_counts(text: str) -> tuple[int, int]:
    """Figures of the clauses that name a plan (:data:`_PLAN`), and of the other clauses of sentences with
    a past marker (:data:`_PAST`): a sentence is a run of :data:`_SENTENCE`, its clauses runs of
    :data:`_CLAUSE`.

    Figures are found in the whole text, not sentence by sentence (most sentences hold none: 15,000 of
    150,000 at distinct_30MB), and each is given its clause and sentence by the nearest ends around it.  A
    match of :data:`_FIGURE` holds no sentence or clause end but ``\\n`` (``\\s``) and reads one character
    before it (a look-behind, which no end satisfies), so the matches of the text that hold no line break
    are those of its clauses; a clause holds none of its own inside one that does (a test compares with
    the sentence-by-sentence definition).
    """
    planned = past = figures = 0
    clause = ""
    clause_end = sentence_end = -1
    in_past = False
    backwards = ""
    for match in _FIGURE.finditer(text):
        start = match.start()
        if "\n" in match[0]:
            continue
        if start < clause_end:
            figures += 1
            continue
        if figures and _PLAN.search(clause):
            planned += figures
        elif figures and in_past:
            past += figures
        backwards = backwards or text[::-1]
        if start >= sentence_end:
            sentence_start, sentence_end = _span_around(text, backwards, start, _SENTENCE_END)
            in_past = _PAST.search(text, sentence_start, sentence_end) is not None
        clause_start, clause_end = _span_around(text, backwards, start, _CLAUSE_END)
        clause = text[clause_start:clause_end]
        figures = 1
    if figures and _PLAN.search(clause):
        planned += figures
    elif figures and in_past:
        past += figures
    return planned, past


def body_type(evidence: Evidence) -> str | None:
    """The family the evidence clearly says (``count ≥ MIN_CUES``, ``rate ≥ MIN_RATE``, more than ``MARGIN``
    times the runner-up's rate), or None."""
    if evidence.chars <= 0:
        return None
    ranked = sorted(evidence.counts.items(), key=lambda item: -item[1])
    (best, count), runner_up = ranked[0], ranked[1][1]
    rate = 1000 * count / evidence.chars
    if count >= MIN_CUES and rate >= MIN_RATE and count > MARGIN * runner_up:
        return best
    return None


def clause_signature(heading_text: str) -> tuple[int, ...]:
    """Lengths of a heading's clauses (split at ``，,；;``): parallel headings share it."""
    return tuple(len(part) for part in re.split(r"[，,；;]", heading_text))


def section_types(sections: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(section type, type source) of each of a report's outermost sections, given as (heading, text).

    Heading keyword, else the section's own body, else the bodies of its parallel siblings together
    (module docstring), else ``other`` from the heading.
    """
    result = [(classify_section(heading), FROM_HEADING) for heading, _ in sections]
    untyped = [i for i, (t, _) in enumerate(result) if t == "other"]
    evidence = {i: cue_counts(sections[i][1]) for i in untyped}
    siblings: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for i in untyped:
        said = body_type(evidence[i])
        if said is not None:
            result[i] = (said, FROM_BODY)
        signature = clause_signature(sections[i][0])
        if len(signature) >= 2:
            siblings[signature].append(i)
    for group in siblings.values():
        if len(group) < 2 or all(result[i][1] == FROM_BODY for i in group):
            continue
        pooled = Evidence(
            {t: sum(evidence[i].counts[t] for i in group) for t in BODY_TYPES},
            sum(evidence[i].chars for i in group),
        )
        said = body_type(pooled)
        for i in group:
            if said is not None and result[i][1] == FROM_HEADING:
                result[i] = (said, FROM_BODY)
    return result
