"""Benchmark: ``parse_report`` on documents of 10,000 to 1,000,000 numbered headings (parsing is linear).

Two shapes, each heading followed by one body line:

- ``flat``: ``一、`` … ``九十九、`` over and over (a marker numbers at most 99): every restart of the
  numbering opens a new run of ``一、`` markers, the case that made the numbered-list search quadratic
  (each marker searched all earlier runs: 20,000 lines 1 s, 40,000 lines 4.6 s, 1,000,000 > 300 s);
- ``nested``: chapters ``第X章`` (1–99, over and over), each with ``一、`` … ``四、``, each of those with
  ``（一）`` ``（二）``, and ``1.`` ``2.`` under the first: four levels of headings; each ``一、`` section
  ends with an article (``第X条``) and its two clauses ``（一）`` ``（二）`` (listed, not headings).

For each size the wall time of one ``parse_report`` call (title, headings, levels, list items, section ends
and types, paragraphs, enumerations) is printed with the time per heading; a linear parse keeps the time per
heading flat as the size grows.  Building the text is not timed.

Example:
  python benchmarks/bench_headings.py                      # 10k, 100k and 1,000,000 headings, both shapes
  python benchmarks/bench_headings.py --sizes 10000,50000 --shapes flat
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable

from analysis.headings import parse_chinese_numeral
from analysis.records import SourceDocument
from analysis.structure import parse_report

_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """1–99 in Chinese numerals (``十一``, ``二十``, ``九十九``)."""
    tens, ones = divmod(n, 10)
    text = ("" if tens < 2 else _DIGITS[tens]) + ("十" if tens else "") + (_DIGITS[ones] if ones else "")
    assert parse_chinese_numeral(text) == n, text
    return text


BODY = "全年完成投资□亿元，同比增长了5.2%，各项工作取得了新进展。"


def flat(n_headings: int) -> str:
    lines = ["测试报告"]
    for i in range(n_headings):
        lines += [f"{chinese(i % 99 + 1)}、第{i}项工作", BODY]
    return "\n".join(lines) + "\n"


def nested(n_headings: int) -> str:
    """Blocks of 1 chapter + 4 × (一、 + 2 × （一）) + 2 × 1. = 15 headings; an article with two clauses
    closes each ``一、`` section."""
    lines = ["测试办法"]
    count = chapter = article = 0
    while count < n_headings:
        chapter += 1
        lines += [f"第{chinese((chapter - 1) % 99 + 1)}章 第{chapter}章的内容", BODY]
        count += 1
        for k in range(1, 5):
            lines += [f"{chinese(k)}、方面{k}", BODY]
            for j in (1, 2):
                lines += [f"（{chinese(j)}）要点{j}", BODY]
            count += 3
            if k == 1:
                lines += [f"{j}.细项{j}" for j in (1, 2)] + [BODY]
                count += 2
            article += 1  # an article with two clauses ends the block
            lines += [f"第{chinese((article - 1) % 99 + 1)}条 {BODY}", "（一）条款甲；", "（二）条款乙。"]
    return "\n".join(lines) + "\n"


SHAPES: dict[str, Callable[[int], str]] = {"flat": flat, "nested": nested}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="numbers of headings, comma-separated"
    )
    parser.add_argument("--shapes", default="flat,nested", help=f"any of {', '.join(SHAPES)}")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(
        f"{'shape':8} {'headings':>10} {'MB':>7} {'seconds':>8} {'us/heading':>11} {'found':>9} {'listed':>9}"
    )
    for shape in args.shapes.split(","):
        for size in sizes:
            text = SHAPES[shape](size)
            doc = SourceDocument("bench", "bench.txt", text)
            began = time.perf_counter()
            report = parse_report(doc)
            seconds = time.perf_counter() - began
            mb = len(text.encode("utf-8")) / 1e6
            print(
                f"{shape:8} {size:>10,} {mb:>7.1f} {seconds:>8.2f} {1e6 * seconds / size:>11.2f}"
                f" {len(report.headings):>9,} {len(report.enumerations):>9,}"
            )


if __name__ == "__main__":
    main()
