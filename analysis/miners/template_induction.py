"""How a heading template is read off two headings and matched against one.

A template is a tuple of parts (:data:`~analysis.miners.template_shape.Part`): fixed strings and ``None``
for a slot.  :func:`induce_template` aligns the tokens of two headings (difflib's matching blocks,
:mod:`analysis.miners.alignment`): tokens both share stay fixed, each stretch where they differ becomes a
slot; :func:`clause_slots` widens a slot to its whole clause; :func:`slot_fillers` (and the equivalent
:func:`template_regex`) match a template against a whole heading.  The template miner
(:mod:`analysis.miners.templates`) induces candidates here, then counts, filters and ranks them.
"""

from __future__ import annotations

import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from analysis.miners.alignment import in_order_blocks, positions, searched_blocks
from analysis.miners.shared import CJK_RE
from analysis.miners.template_shape import CLAUSE_MARK_RE, Part
from analysis.records import PLACEHOLDER

__all__ = [
    "DIGIT_RE",
    "SLOT_NAMES",
    "SLOT_PATTERN",
    "HeadingIndex",
    "clause_slots",
    "induce_template",
    "may_match",
    "slot_fillers",
    "template_of_blocks",
    "template_regex",
]

#: Names of the slots, in order of appearance; a template has at most this many slots.
SLOT_NAMES: tuple[str, ...] = ("X", "Y", "Z", "W")
#: A slot stands for 1–12 characters within one clause (no ``。``, no clause mark): ``加强X，维护社会稳定``
#: is not ``加强X维护社会稳定`` with a comma in its slot.
SLOT_PATTERN = r"[^。，；：,;:]{1,12}"
MIN_FIXED_CJK = 2

_SLOT = None  # marks a slot in a template's parts


def induce_template(
    a: Sequence[str], b: Sequence[str], b2j: Mapping[str, list[int]] | None = None
) -> tuple[Part, ...] | None:
    """Align two token sequences; return the shared frame as parts (a string, or ``None`` for a slot).

    Matching tokens stay fixed; a stretch where the sequences differ (on either side) becomes one slot.
    Returns ``None`` when the headings are identical, have more than four slots, or the fixed part carries
    fewer than two CJK characters (a frame of only punctuation or ``的`` is no template).  Digits next to a
    slot belong to it (``１９９X年`` is ``X年``: a number differs as a whole).  ``b2j``:
    :func:`~analysis.miners.alignment.positions` of ``b`` when the caller has it (the alignment is
    :func:`~analysis.miners.alignment.matching_blocks`, difflib's blocks).
    """
    b2j = positions(b) if b2j is None else b2j
    if b2j.keys().isdisjoint(a):  # nothing shared: no fixed part (a fifth of the miner's pairs)
        return None
    blocks = in_order_blocks(a, b2j)  # (four in five of the pairs sharing a token: no search)
    if blocks is None:
        blocks = searched_blocks(a, b, b2j)
    else:
        blocks.append((len(a), len(b), 0))
    return template_of_blocks(a, blocks)


def template_of_blocks(a: Sequence[str], blocks: Sequence[tuple[int, int, int]]) -> tuple[Part, ...] | None:
    """:func:`induce_template` read off the matching blocks of ``a`` and ``b`` (the sentinel last): for a
    caller that knows which way they are found (:mod:`analysis.miners.template_batch`)."""
    parts: list[Part] = []
    ia = ib = 0
    for block_a, block_b, size in blocks:
        if (block_a > ia or block_b > ib) and (not parts or parts[-1] is not None):
            parts.append(_SLOT)
        if size:
            fixed = "".join(a[block_a : block_a + size])
            if parts and parts[-1] is not None:
                parts[-1] += fixed
            else:
                parts.append(fixed)
        ia, ib = block_a + size, block_b + size
    fixed = "".join(filter(None, parts))  # (an empty part adds nothing)
    if DIGIT_RE.search(fixed) or "" in parts:  # else nothing to move, nothing to drop
        parts = _digits_to_slots(parts)
        fixed = "".join(filter(None, parts))
    n_slots = parts.count(None)
    if n_slots == 0 or n_slots > len(SLOT_NAMES) or len(CJK_RE.findall(fixed)) < MIN_FIXED_CJK:
        return None
    if PLACEHOLDER in fixed:
        return None
    return tuple(parts)


def clause_slots(parts: Sequence[Part]) -> tuple[Part, ...] | None:
    """``parts`` with every clause that holds a slot made one slot, when a clause without a slot is left:
    ``X宏观Y，保持经济运行在合理区间`` → ``X，保持经济运行在合理区间``; None when nothing changes or no
    clause is all fixed.

    Why: two headings that share a clause also share a word or two of the clause they vary in (宏观 in
    ``稳定和完善宏观经济政策`` and ``创新宏观调控``); the frame is the shared clause and a clause of the
    writer's own.
    """
    text = "".join("\0" if p is None else p for p in parts)
    pieces = CLAUSE_MARK_RE.split(text)
    marks = CLAUSE_MARK_RE.findall(text)
    if all("\0" in c for c in pieces) or all("\0" not in c or c == "\0" for c in pieces):
        return None
    out: list[Part] = []
    for i, clause in enumerate(pieces):
        if "\0" in clause:
            out.append(_SLOT)
        elif clause:
            out.append(clause)
        if i < len(marks):
            if out and out[-1] is not None:
                out[-1] += marks[i]
            else:
                out.append(marks[i])
    return tuple(out)


_DIGITS = "0123456789０１２３４５６７８９"
#: A digit: moved out of a fixed part into the slot next to it (:func:`_digits_to_slots`).
DIGIT_RE = re.compile(f"[{_DIGITS}]")


def _digits_to_slots(parts: list[Part]) -> list[Part]:
    """``parts`` with the digits of a fixed part next to a slot moved into the slot (empty parts dropped)."""
    out = list(parts)
    for k, part in enumerate(out):
        if part is None:
            continue
        if k > 0 and out[k - 1] is None:
            part = part.lstrip(_DIGITS)
        if k + 1 < len(out) and out[k + 1] is None:
            part = part.rstrip(_DIGITS)
        out[k] = part
    merged: list[Part] = []
    for part in out:
        if part == "" or (part is None and merged and merged[-1] is None):
            continue
        merged.append(part)
    return merged


def template_regex(parts: Sequence[Part]) -> re.Pattern[str]:
    """Anchored regex of a template: fixed parts literally, each slot :data:`SLOT_PATTERN`."""
    return re.compile("".join(SLOT_PATTERN if p is None else re.escape(p) for p in parts) + r"\Z")


#: Characters a slot never holds (:data:`SLOT_PATTERN`), and its longest filler.
_SLOT_STOPS = frozenset("。，；：,;:")
_SLOT_MAX = 12


def slot_fillers(parts: Sequence[Part], text: str) -> tuple[str, ...] | None:
    """What the slots of ``parts`` hold in ``text`` when the template matches all of it, else None: the
    groups of ``template_regex`` with each slot captured (slots are greedy, the first match found by
    backtracking: the longest filler of the first slot that lets the rest match, and so on).

    Why not the regex: compiling one per candidate template was most of the template miner's time (10 000
    templates at 30 MB); this walks the fixed parts with ``str.startswith`` and tries only the slot ends
    where the next fixed part starts; when each fixed part occurs once in ``text`` (most of the headings a
    template is tried on), the walk has one way to go and is not run (:func:`_placed`)."""
    n = len(text)
    starts: list[int] = []
    for k, part in enumerate(parts):
        if part is None:
            if k and parts[k - 1] is None:  # (two slots in a row: the walk splits them)
                break
            continue
        at = text.find(part)
        if at < 0 or text.find(part, at + 1) >= 0:
            break
        starts.append(at)
    else:
        return _placed(parts, text, starts)

    def walk(k: int, pos: int) -> tuple[str, ...] | None:
        if k == len(parts):
            return () if pos == n else None
        part = parts[k]
        if part is not None:
            return walk(k + 1, pos + len(part)) if text.startswith(part, pos) else None
        stop = pos
        while stop < n and stop - pos < _SLOT_MAX and text[stop] not in _SLOT_STOPS:
            stop += 1
        following = parts[k + 1] if k + 1 < len(parts) else None
        for end in range(stop, pos, -1):  # greedy: the longest filler first
            if following is not None and not text.startswith(following, end):
                continue
            rest = walk(k + 1, end)
            if rest is not None:
                return (text[pos:end], *rest)
        return None

    return walk(0, 0)


def _placed(parts: Sequence[Part], text: str, starts: Sequence[int]) -> tuple[str, ...] | None:
    """:func:`slot_fillers` when the fixed parts can only start at ``starts`` (each occurs once) and no two
    slots are adjacent: each part must start where the text read so far ends, each slot hold what lies
    before the next fixed part (or the end), 1–12 characters of one clause."""
    fillers: list[str] = []
    pos = k = 0
    for i, part in enumerate(parts):
        if part is not None:
            if starts[k] != pos:
                return None
            pos += len(part)
            k += 1
            continue
        end = starts[k] if i + 1 < len(parts) else len(text)
        filler = text[pos:end]
        if not 0 < len(filler) <= _SLOT_MAX or not _SLOT_STOPS.isdisjoint(filler):
            return None
        fillers.append(filler)
        pos = end
    return tuple(fillers) if pos == len(text) else None


def may_match(parts: Sequence[Part], texts: Iterable[str]) -> list[str]:
    """The ``texts`` that open with the template's first fixed part (when it opens on one), close with its
    last (when it closes on one) and hold each of its fixed parts: all those :func:`slot_fillers` may match
    (it needs these, and more: the parts in order, the slots within a clause and 12 characters).

    Why: the headings a template is tried against hold its rarest characters; four in five of them lack a
    fixed part, and these tests, in C, turn them away for a fraction of a walk each."""
    head = parts[0] if parts and parts[0] is not None else ""
    tail = parts[-1] if parts and parts[-1] is not None else ""
    fixed = [p for p in parts if p is not None]
    return [t for t in texts if t.startswith(head) and t.endswith(tail) and all(p in t for p in fixed)]


_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HeadingIndex:
    """The distinct headings a template is tried against, indexed by what its fixed parts ask of them."""

    texts: frozenset[str]
    by_pair: Mapping[str, set[str]]  #: two adjacent characters → the headings holding them
    by_ends: Mapping[str, set[str]]  #: ``"^"`` + the first character, or the last + ``"$"`` → headings

    @classmethod
    def of(cls, texts: Iterable[str]) -> HeadingIndex:
        by_pair: dict[str, set[str]] = defaultdict(set)
        by_ends: dict[str, set[str]] = defaultdict(set)
        for text in texts:
            for pair in map(operator.add, text, text[1:]):
                by_pair[pair].add(text)
            if text:
                by_ends["^" + text[0]].add(text)
                by_ends[text[-1] + "$"].add(text)
        return cls(frozenset(texts), by_pair, by_ends)

    def may_match(self, parts: Sequence[Part]) -> list[str]:
        """:func:`may_match` on the headings holding the three rarest pairs of adjacent characters of the
        template's fixed parts (all the headings when each part is one character), opening with its first
        character and closing with its last when it opens or closes on a fixed part.

        Why pairs of characters: each of them is in few headings (加强 in far fewer than 加 or 强), so the
        sets intersected (in C, none copied) and the headings :func:`may_match` reads are a few dozen."""
        pairs = {p[k : k + 2] for p in parts if p is not None for k in range(len(p) - 1)}
        rarest = sorted((self.by_pair.get(pair, _NONE) for pair in pairs), key=len)[:3] or [self.texts]
        if parts[0]:
            rarest.append(self.by_ends.get("^" + parts[0][0], _NONE))
        if parts[-1]:
            rarest.append(self.by_ends.get(parts[-1][-1] + "$", _NONE))
        return may_match(parts, rarest[0].intersection(*rarest[1:]))
