"""The frame rules over arrays (analysis.miners.frame_rejection) give every candidate the reason that
fixed_part_rejection gives it, and the per-token tags are the dictionary's, read once."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.miners.frame_rejection import REASONS, TokenTags, rejection_codes
from analysis.miners.frame_shape import fixed_part_rejection

#: A made-up vocabulary with tags of every kind the rules read; "未知词语" and "某" are untagged.
TAGS = {
    "进一步": "d",
    "切实": "ad",
    "加强": "v",
    "推进": "v",
    "工作": "vn",
    "发展": "vn",
    "体系": "n",
    "平台": "nz",
    "在": "p",
    "的": "uj",
    "方面": "n",
    "不够": "d",
    "不足": "a",
    "未能": "v",
    "还": "d",
    "要": "v",
    "我们": "r",
    "三项": "mq",
    "深化": "j",
    "创新": "v",
    "到位": "v",
    "局": "n",
}
VOCABULARY = ["\n", *TAGS, "未知词语", "某", "无法"]
MEASURES = ("verb_slot", "edge_share", "noun_after", "enumerated", "verb_only", "bare_share")
#: The thresholds of the rules and values around them.
SHARES = st.sampled_from([0.0, 0.03, 0.15, 0.2, 0.3, 0.46, 0.5, 0.7, 0.75, 0.8, 0.95, 1.0]) | st.floats(0, 1)
PART = st.lists(st.integers(1, len(VOCABULARY) - 1), max_size=3)


def _codes(
    heads: list[list[int]], tails: list[list[int]], measures: list[dict[str, float]]
) -> list[str | None]:
    def ids(parts: list[list[int]]) -> np.ndarray:
        out = np.full((len(parts), 3), -1, dtype=np.int64)
        for i, part in enumerate(parts):
            out[i, : len(part)] = part
        return out

    arrays = {name: np.array([m[name] for m in measures], dtype=float) for name in MEASURES}
    codes = rejection_codes(ids(heads), ids(tails), TokenTags.of(VOCABULARY, TAGS), **arrays)
    return [None if code < 0 else REASONS[code] for code in codes.tolist()]


def _expected(head: list[int], tail: list[int], measures: dict[str, float]) -> str | None:
    return fixed_part_rejection(
        tuple(VOCABULARY[t] for t in head), tuple(VOCABULARY[t] for t in tail), TAGS, **measures
    )


def test_fixture_frames_get_the_reasons_of_the_function() -> None:
    word = VOCABULARY.index
    cases = [
        ([word("进一步")], [], dict.fromkeys(MEASURES, 0.9)),  # a directive adverb: a frame
        ([word("进一步")], [], {**dict.fromkeys(MEASURES, 0.9), "verb_slot": 0.2}),  # no verb after it
        ([word("加强")], [], dict.fromkeys(MEASURES, 0.9)),  # one bare verb
        ([word("在")], [word("方面")], dict.fromkeys(MEASURES, 0.9)),  # one bare noun
        ([], [word("还"), word("不够"), word("到位")], dict.fromkeys(MEASURES, 0.0)),  # a negated predicate
        ([word("的")], [], dict.fromkeys(MEASURES, 0.0)),  # function words only
        ([word("加强")], [word("体系")], {**dict.fromkeys(MEASURES, 0.5), "verb_slot": 0.9}),  # cut in two
        ([], [word("创新"), word("发展")], {**dict.fromkeys(MEASURES, 0.9), "enumerated": 0.6}),
        ([], [word("推进"), word("平台")], {**dict.fromkeys(MEASURES, 0.9), "edge_share": 0.4}),
    ]
    heads, tails, measures = zip(*cases, strict=True)
    assert _codes(list(heads), list(tails), list(measures)) == [_expected(*case) for case in cases]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(PART, PART, st.fixed_dictionaries(dict.fromkeys(MEASURES, SHARES))).filter(
            lambda case: case[0] or case[1]
        ),
        min_size=1,
        max_size=20,
    )
)
def test_rules_over_arrays_agree_with_fixed_part_rejection(cases: list) -> None:
    heads, tails, measures = zip(*cases, strict=True)
    assert _codes(list(heads), list(tails), list(measures)) == [_expected(*case) for case in cases]


def test_token_tags_are_the_dictionary_lookups() -> None:
    token = TokenTags.of(VOCABULARY, TAGS)
    for i, t in enumerate(VOCABULARY):
        assert token.verb[i] == (len(t) > 1 and TAGS.get(t, "")[:1] == "v")
        assert token.plain_verb[i] == (len(t) > 1 and TAGS.get(t) == "v")
        assert token.verb_opener[i] == (token.plain_verb[i] or TAGS.get(t) in {"d", "ad", "vd", "v"})
        assert token.long_noun[i] == (len(t) > 1 and TAGS.get(t, "n") in {"n", "nz", "ng", "nt"})
