"""analysis.token_chunks: the tokens of a chunk of texts packed to cross a process boundary, unpacked
interned."""

from __future__ import annotations

import pickle
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.joined_cut import SEPARATOR, joined_cut_of
from analysis.segmenter import Segmenter
from analysis.token_chunks import (
    ChunkCutter,
    KeptVocabulary,
    TextChunk,
    TokenUnpacker,
    cut_with_kept_vocabulary,
    pack_tokens,
    unpack_tokens,
)

TOKENS = st.lists(
    st.lists(st.sampled_from(["坚持", "全面", "从严", "治党", "。", "2024", "年", "的"]), max_size=8)
)


def test_a_chunk_is_each_distinct_token_once_then_ids() -> None:
    packed = pack_tokens(joined_cut_of([["坚持", "全面", "从严", "治党"], [], ["坚持", "治党", "。"]]))
    assert packed.vocabulary == [SEPARATOR, "坚持", "全面", "从严", "治党", "。"]  # (the separator: id 0)
    assert packed.ids.tolist() == [1, 2, 3, 4, 1, 4, 5]
    assert packed.ids.dtype == np.uint16
    assert packed.lengths.tolist() == [4, 0, 3]


@given(TOKENS)
def test_unpacking_gives_the_tokens_back_after_a_pickle(cuts: list[list[str]]) -> None:
    unpacked = unpack_tokens(pickle.loads(pickle.dumps(pack_tokens(joined_cut_of(cuts)))))
    assert unpacked == [tuple(cut) for cut in cuts]


def test_equal_tokens_of_two_chunks_are_one_object() -> None:
    """Unpickled, the chunks' tokens are fresh strings; unpacked, they are interned."""
    first = unpack_tokens(pickle.loads(pickle.dumps(pack_tokens(joined_cut_of([["营造", "风清气正"]])))))
    second = unpack_tokens(
        pickle.loads(pickle.dumps(pack_tokens(joined_cut_of([["风清气正", "的", "生态"]]))))
    )
    assert first[0][1] is second[0][0]


def test_a_vocabulary_beyond_16_bits_takes_wider_ids() -> None:
    cuts = [[str(i) for i in range(70_000)], ["0", "69999"]]
    packed = pack_tokens(joined_cut_of(cuts))
    assert packed.ids.dtype == np.int32
    assert unpack_tokens(packed) == [tuple(cut) for cut in cuts]


# ------------------------------------------------------------------ kept vocabularies (a worker's chunks)


@given(st.lists(TOKENS, max_size=5))
def test_a_kept_vocabulary_sends_each_token_once_and_unpacks_the_same(chunks: list[list[list[str]]]) -> None:
    kept, unpacker = KeptVocabulary(), TokenUnpacker()
    sent: list[str] = []
    for cuts in chunks:
        packed = pickle.loads(pickle.dumps(kept.pack(joined_cut_of(cuts))))
        assert packed.source == kept.source and packed.first == len(sent) + 1  # (id 0: the separator)
        sent += packed.vocabulary
        assert unpacker.unpack(packed) == [tuple(cut) for cut in cuts]
    assert sent == list(dict.fromkeys(token for cuts in chunks for cut in cuts for token in cut))


def test_two_workers_chunks_interleaved_unpack_to_one_object_per_token() -> None:
    first, second, unpacker = KeptVocabulary(), KeptVocabulary(), TokenUnpacker()
    a = unpacker.unpack(pickle.loads(pickle.dumps(first.pack(joined_cut_of([["营造", "风清气正"]])))))
    b = unpacker.unpack(pickle.loads(pickle.dumps(second.pack(joined_cut_of([["风清气正", "的", "生态"]])))))
    c = unpacker.unpack(pickle.loads(pickle.dumps(first.pack(joined_cut_of([["风清气正", "的"], ["营造"]])))))
    assert c == [("风清气正", "的"), ("营造",)]
    assert a[0][1] is b[0][0] is c[0][0] and b[0][1] is c[0][1]
    assert first.pack(joined_cut_of([["营造"]])).vocabulary == []  # nothing new: ids only


def test_a_chunk_out_of_its_workers_order_is_refused() -> None:
    kept, unpacker = KeptVocabulary(), TokenUnpacker()
    kept.pack(joined_cut_of([["坚持", "全面"]]))  # (sent, never read here)
    with pytest.raises(RuntimeError, match="out of order"):
        unpacker.unpack(kept.pack(joined_cut_of([["从严", "治党"]])))


def test_a_vocabulary_kept_beyond_16_bits_takes_wider_ids() -> None:
    kept, unpacker = KeptVocabulary(), TokenUnpacker()
    assert unpacker.unpack(kept.pack(joined_cut_of([[str(i) for i in range(40_000)]])))[0][-1] == "39999"
    packed = kept.pack(joined_cut_of([[str(i) for i in range(40_000, 70_000)], ["0"]]))
    assert packed.ids.dtype == np.int32 and packed.first == 40_001
    assert unpacker.unpack(packed) == [tuple(str(i) for i in range(40_000, 70_000)), ("0",)]


def test_each_copy_of_a_chunk_cutter_keeps_a_vocabulary_of_its_own_for_one_session() -> None:
    """Copies (one per worker) number tokens under sources of their own; a new cutter (a new segmentation)
    pickles differently, so an executor's per-pickle memo never hands it a copy holding an old vocabulary."""
    cutter = ChunkCutter(Segmenter(backend="jieba"))
    one, two = pickle.loads(pickle.dumps(cutter)), pickle.loads(pickle.dumps(cutter))
    assert one.session == two.session == cutter.session
    assert len({one.vocabulary.source, two.vocabulary.source, cutter.vocabulary.source}) == 3
    assert pickle.dumps(ChunkCutter(cutter.segmenter)) != pickle.dumps(cutter)
    texts = ["坚持全面从严治党。", "全面从严治党"]
    assert TokenUnpacker().unpack(cut_with_kept_vocabulary(one, texts)) == [
        tuple(cutter.segmenter.cut(text)) for text in texts
    ]


@given(st.lists(st.text(alphabet="全面从严治党，\n\r。 aZ9😀\ud800", max_size=12), max_size=20))
def test_a_text_chunk_comes_back_from_a_pickle_as_the_same_texts(texts: list[str]) -> None:
    chunk = pickle.loads(pickle.dumps(TextChunk(texts)))
    assert type(chunk) is TextChunk
    assert chunk == texts


def test_the_texts_of_a_chunk_sent_keep_no_utf8_copy_of_themselves() -> None:
    """CPython's pickler caches a str's UTF-8 form in the str for life: sent one by one, every sentence text
    of the main process would carry it; in a chunk, only the joined string, which dies once sent, does."""
    texts = ["".join(["坚持全面从严治党", str(n)]) for n in range(3)]  # (made here: no cache yet)
    sizes = [sys.getsizeof(text) for text in texts]
    pickle.dumps(TextChunk(texts))
    assert [sys.getsizeof(text) for text in texts] == sizes
    pickle.dumps(texts)  # (the premise: a str pickled as it is keeps its UTF-8 form)
    assert all(sys.getsizeof(text) > size for text, size in zip(texts, sizes, strict=True))
