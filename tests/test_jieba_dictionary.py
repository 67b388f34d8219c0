"""jieba's bundled dictionary as the miners read it (analysis.miners.jieba_dictionary)."""

from __future__ import annotations

import time

from analysis.miners.jieba_dictionary import jieba_lexicon


def test_jieba_lexicon_reads_tags_fast() -> None:
    start = time.process_time()  # CPU time: other processes on the machine do not count
    lexicon = jieba_lexicon.__wrapped__()  # uncached
    assert time.process_time() - start < 1.5
    assert lexicon.tag["因地制宜"] == "i"
    assert lexicon.tag["另一方面"] == "c"
    assert lexicon.freq["因地制宜"] > 0
    assert jieba_lexicon() is jieba_lexicon()
