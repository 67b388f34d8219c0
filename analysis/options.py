"""The options of a run (:class:`RunOptions`): read by the pipeline, the miners' schedule, the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["RunOptions"]


@dataclass(frozen=True)
class RunOptions:
    """Options of a run.  Defaults suit a corpus of a handful to a few hundred reports."""

    lexicons: tuple[Path, ...] | None = None  #: user dictionaries; None → the bundled domain lexicon
    backend: str = "auto"  #: segmenter backend: auto, jieba or rjieba
    workers: int | None = None  #: processes for cleaning and segmenting; None → :func:`auto_workers`
    cache_dir: Path | None = None  #: on-disk segmentation cache (None: no cache)
    min_freq: int = 3  #: least occurrences of a term
    min_doc_freq: int = 2  #: least reports a term or passage occurs in
    top_n: int = 300  #: most phrases kept per kind
    keywords_per_document: int = 10  #: TF-IDF keywords kept per report
    progress: bool = False  #: tqdm progress bars
    dask_scheduler: str | None = None  #: work on Dask: a scheduler address, or "local" for a LocalCluster
    xlsx: bool = True  #: also write phrasebank.xlsx
    wait: bool = False  #: another run writing into the same output folder: wait for it (False: refuse)

    def __post_init__(self) -> None:
        for name in ("workers", "min_freq", "min_doc_freq", "top_n", "keywords_per_document"):
            value = getattr(self, name)
            if name == "workers" and value is None:
                continue
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"option {name} must be a whole number >= 1, got {value!r}")
        if self.backend not in ("auto", "jieba", "rjieba"):
            raise ValueError(f"backend must be auto, jieba or rjieba, got {self.backend!r}")
