"""The bundled domain lexicon is mined, not hand-typed: every entry is found again by the miners.

It is made by ``python -m analysis lexicon --bare --corpus corpus --corpus ../shared/corpora/gwr_national
--out analysis/data/lexicon.txt`` (jieba's own dictionary only); when the miners change, regenerate it.
"""

from __future__ import annotations

from pathlib import Path

from analysis.pipeline import RunOptions, analyze
from analysis.segment import default_lexicon_path, read_lexicon


def test_every_bundled_entry_is_mined_again_without_any_lexicon(sample_dir: Path, gwr_dir: Path) -> None:
    bundled = {entry.word for entry in read_lexicon(default_lexicon_path())}
    bare = RunOptions(lexicons=(), workers=2, xlsx=False)
    mined = {p.phrase for corpus in (sample_dir, gwr_dir) for p in analyze(corpus, options=bare).phrases}
    assert len(bundled) > 500
    missing = sorted(bundled - mined)
    assert not missing, f"{len(missing)} bundled entries no miner finds (regenerate it): {missing[:20]}"


def test_the_bundled_lexicon_holds_the_genres_formulations() -> None:
    bundled = {entry.word for entry in read_lexicon(default_lexicon_path())}
    expected = {"一岗双责", "三会一课", "两个维护", "全面从严治党", "党风廉政建设", "风清气正", "高质量发展"}
    assert expected <= bundled
