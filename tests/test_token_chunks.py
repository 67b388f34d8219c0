"""analysis.token_chunks: the tokens of a chunk of texts packed to cross a process boundary, unpacked
interned."""

from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from analysis.token_chunks import pack_tokens, unpack_tokens

TOKENS = st.lists(
    st.lists(st.sampled_from(["坚持", "全面", "从严", "治党", "。", "2024", "年", "的"]), max_size=8)
)


def test_a_chunk_is_each_distinct_token_once_then_ids() -> None:
    packed = pack_tokens([["坚持", "全面", "从严", "治党"], [], ["坚持", "治党", "。"]])
    assert packed.vocabulary == ["坚持", "全面", "从严", "治党", "。"]
    assert packed.ids.tolist() == [0, 1, 2, 3, 0, 3, 4]
    assert packed.ids.dtype == np.uint16
    assert packed.lengths.tolist() == [4, 0, 3]


@given(TOKENS)
def test_unpacking_gives_the_tokens_back_after_a_pickle(cuts: list[list[str]]) -> None:
    unpacked = unpack_tokens(pickle.loads(pickle.dumps(pack_tokens(cuts))))
    assert unpacked == [tuple(cut) for cut in cuts]


def test_equal_tokens_of_two_chunks_are_one_object() -> None:
    """Unpickled, the chunks' tokens are fresh strings; unpacked, they are interned."""
    first = unpack_tokens(pickle.loads(pickle.dumps(pack_tokens([["营造", "风清气正"]]))))
    second = unpack_tokens(pickle.loads(pickle.dumps(pack_tokens([["风清气正", "的", "生态"]]))))
    assert first[0][1] is second[0][0]


def test_a_vocabulary_beyond_16_bits_takes_wider_ids() -> None:
    cuts = [[str(i) for i in range(70_000)], ["0", "69999"]]
    packed = pack_tokens(cuts)
    assert packed.ids.dtype == np.int32
    assert unpack_tokens(packed) == [tuple(cut) for cut in cuts]
