"""How a frame's fixed part is used in the corpus (analysis.miners.frame_usage) decides whether it is a frame:
an adverb fused with its usual verbs, and a term ending with a verbal noun."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from analysis.miners.frames import fixed_part_rejection, mine_frames
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.records import Sentence

Build = Callable[..., list[Sentence]]

#: Each report opens three clauses with the bare adverb 充分 before a verb (充分结合, 充分依托, 充分整合:
#: three tokens each) and 持续 likewise.
BARE = (
    "充分结合地方实际，充分依托现有场馆，充分整合社会资源。"
    "持续推进乡村振兴，持续优化营商环境，持续改善人居环境。"
)
#: … and, in one version, nine more clauses with words of the lexicon that start with 充分 (充分发挥 …).
FUSED = "充分发挥社区作用，充分利用闲置厂房，充分调动群众积极性。" * 3
REPORTS = ("东县", "西县", "南县")


@pytest.mark.parametrize(("fused", "expected"), [(False, True), (True, False)])
def test_an_adverb_fused_with_its_usual_verbs_leaves_no_frame(
    make_sentences: Build, fused: bool, expected: bool
) -> None:
    """The same bare uses of 充分 make the frame ``充分X`` only while 充分 opens its clauses alone: when
    充分发挥, 充分利用, 充分调动 (one token each) open three times as many, ``充分X`` holds the leftovers
    (bare share 3 / 12 = 0.25 < 0.3); ``持续X`` (持续 always alone) stays either way."""
    texts = {doc: BARE + (FUSED if fused else "") for doc in REPORTS}
    patterns = {f.pattern for f in mine_frames(make_sentences(texts)).frames}
    assert ("充分X" in patterns) is expected
    assert "持续X" in patterns


def test_the_bare_share_is_read_for_modifier_prefixes_only() -> None:
    tags = jieba_lexicon().tag
    measures = {"verb_slot": 0.9, "edge_share": 0.5}
    assert (
        fixed_part_rejection(("充分",), (), tags, bare_share=0.17, **measures)
        == "adverb fused with its verbs"
    )
    assert fixed_part_rejection(("认真",), (), tags, bare_share=0.39, **measures) is None
    assert fixed_part_rejection(("加快", "推进"), (), tags, bare_share=0.0, **measures) is None


@pytest.mark.parametrize(
    ("tail", "edge_share", "reason"),
    [
        (("可", "持续", "发展"), 0.35, "noun compound inside clauses"),  # 可持续发展能力, 可持续发展规划 …
        (("协调", "发展"), 0.65, None),  # 促进区域协调发展: a predicate closing its clause
        (("得到", "加强"), 0.3, None),  # ends with a verb, not a verbal noun: not this rule's
    ],
)
def test_a_suffix_closing_with_a_verbal_noun_inside_clauses_is_a_term(
    tail: tuple[str, ...], edge_share: float, reason: str | None
) -> None:
    assert fixed_part_rejection((), tail, jieba_lexicon().tag, edge_share=edge_share) == reason


def test_a_term_ending_with_a_verbal_noun_is_measured_on_the_corpus(make_sentences: Build) -> None:
    """可持续发展 closes three clauses per report and opens or stands inside four: a term; 协调发展
    closes every clause it is in: the frame ``X协调发展``."""
    texts = {
        doc: "推动城乡可持续发展，推进林区可持续发展，实现牧区可持续发展。"
        "可持续发展能力增强，编制可持续发展规划，可持续发展指标改善，建设可持续发展示范区。"
        "促进区域协调发展，推动城乡协调发展，实现产业协调发展。"
        for doc in REPORTS
    }
    patterns = {f.pattern for f in mine_frames(make_sentences(texts)).frames}
    assert "X可持续发展" not in patterns
    assert "X协调发展" in patterns
