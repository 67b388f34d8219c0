"""Heading templates (kind ``"heading"``): the frames parallel headings share.

Sibling headings (same report, same level, same parent) are written in parallel::

    学习还不够“深”  /  方法还不够“新”  /  联系还不够“密”  /  推进还不够“快”      →  X还不够“Y”
    心中有忠诚，努力锻造坚定的政治品格  /  肩上有担当，努力锤炼过硬的政治能力   →  X有Y，努力Z的政治W

:func:`mine_heading_templates` induces a template from every pair of siblings by aligning their tokens
(:class:`difflib.SequenceMatcher`): tokens both share stay fixed, the differing stretches become slots
named X, Y, Z, W in order.  Each template is then matched against every heading of the corpus.

The miner reads the headings of the reports (not their sentences), cut by the run's tokenizer, and jieba's
dictionary (:mod:`analysis.miners.jieba_dictionary`), which tells a topic word from a frame.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from analysis.miners.families import DocumentFamilies
from analysis.miners.jieba_dictionary import jieba_lexicon
from analysis.miners.shared import CJK_RE, FUNCTION_WORD_TAGS, ranked
from analysis.records import PLACEHOLDER, Heading, Phrase

logger = logging.getLogger(__name__)

__all__ = [
    "GLUE",
    "SLOT_NAMES",
    "content_words",
    "frame_fault",
    "generic_heading_words",
    "induce_template",
    "mine_heading_templates",
    "structural",
    "template_regex",
]

#: Names of the slots, in order of appearance; a template has at most this many slots.
SLOT_NAMES: tuple[str, ...] = ("X", "Y", "Z", "W")
#: A slot stands for 1–12 characters without ``。``.
SLOT_PATTERN = r"[^。]{1,12}"
MIN_FIXED_CJK = 2
#: Connectives that do not make a frame on their own: ``X和Y的Z`` is no template.
GLUE = frozenset("的和与及并或之地得")

_SLOT = None  # marks a slot in a template's parts
_PUNCT_CHARS = "，；：！？（）、“”《》 "
_PUNCT_NORMAL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})
#: A clause mark inside a template's fixed part: parallel clauses, a structure.
_CLAUSE_MARK_RE = re.compile("[，；：,;:]")
#: Least share of a matched heading's characters the fixed part must carry (mean over the matches): below it
#: a template is a few words long headings share (``X应Y安全Z`` in the requirements of one standard).
MIN_FIXED_SHARE = 0.25
#: … and a frame fewer reports than asked use (one report's parallel headings) this share at least: it must
#: be most of what those headings say (``X还不够“Y”``), not a few words of long ones.
LONE_FRAME_SHARE = 0.4
#: … and match half a group of sibling headings, at least this many.
MIN_WHOLE_GROUP = 3
#: Weight of a matching heading none of whose siblings matches (a frame used once, not in parallel).
LONE_WEIGHT = 0.25

Part = str | None  # a fixed string, or None for a slot


@dataclass(frozen=True)
class _Template:
    parts: tuple[Part, ...]

    @property
    def fixed(self) -> str:
        return "".join(p for p in self.parts if p is not None)

    def render(self, slot: str) -> str:
        names = iter(SLOT_NAMES if slot == "X" else [f"{slot}{i}" for i in range(1, len(SLOT_NAMES) + 1)])
        return "".join(next(names) if p is None else p for p in self.parts)


def induce_template(a: Sequence[str], b: Sequence[str]) -> tuple[Part, ...] | None:
    """Align two token sequences; return the shared frame as parts (a string, or ``None`` for a slot).

    Matching tokens stay fixed; a stretch where the sequences differ (on either side) becomes one slot.
    Returns ``None`` when the headings are identical, have more than four slots, or the fixed part carries
    fewer than two CJK characters (a frame of only punctuation or ``的`` is no template).
    """
    matcher = SequenceMatcher(None, list(a), list(b), autojunk=False)
    parts: list[Part] = []
    ia = ib = 0
    for block in matcher.get_matching_blocks():
        if (block.a > ia or block.b > ib) and (not parts or parts[-1] is not None):
            parts.append(_SLOT)
        if block.size:
            fixed = "".join(a[block.a : block.a + block.size])
            if parts and parts[-1] is not None:
                parts[-1] += fixed
            else:
                parts.append(fixed)
        ia, ib = block.a + block.size, block.b + block.size
    n_slots = sum(p is None for p in parts)
    fixed = "".join(p for p in parts if p is not None)
    if n_slots == 0 or n_slots > len(SLOT_NAMES) or len(CJK_RE.findall(fixed)) < MIN_FIXED_CJK:
        return None
    if PLACEHOLDER in fixed:
        return None
    return tuple(parts)


#: jieba tags of function words: they hold a frame together but teach nothing on their own (关于, 的, 和,
#: 年, 一批, 这些).
FUNCTION_TAGS: frozenset[str] = FUNCTION_WORD_TAGS
#: jieba tags of nouns (verbal nouns included: 管理, 建设): content words only the slots should carry.
NOUN_TAGS: frozenset[str] = frozenset({"n", "nr", "ns", "nt", "nz", "ng", "vn", "an", "j", "b", "s", "t"})
#: A word this frequent in jieba's dictionary (加强 11080, 主要 57991, 工作 66367) is a common word.
COMMON_WORD_FREQ = 3000
#: A word in at least this share of the corpus's distinct headings, common in jieba's dictionary too and
#: tagged noun or verb, is a generic heading word of this corpus (工作, 发展, 建设 in government reports).
GENERIC_HEADING_SHARE = 0.03
#: … and in at least this many of them: in a handful of headings a share says nothing.
GENERIC_MIN_HEADINGS = 10
#: Fewest content words of a frame (see :func:`frame_fault`).
MIN_CONTENT_WORDS = 2


def generic_heading_words(
    heading_tokens: Iterable[Sequence[str]], *, freq: Mapping[str, int], tags: Mapping[str, str]
) -> frozenset[str]:
    """Words in ≥ :data:`GENERIC_HEADING_SHARE` (and ≥ :data:`GENERIC_MIN_HEADINGS`) of the distinct
    headings, common (jieba frequency
    ≥ :data:`COMMON_WORD_FREQ`) and tagged noun or verb: the vocabulary every heading of the corpus uses.

    Adverbs and adjectives are never generic: 还, 不够, 更加 carry a frame even where many headings use it.
    """
    counts: Counter[str] = Counter()
    n = 0
    for tokens in heading_tokens:
        n += 1
        counts.update(set(tokens))
    if not n:
        return frozenset()
    return frozenset(
        w
        for w, c in counts.items()
        if c >= max(GENERIC_HEADING_SHARE * n, GENERIC_MIN_HEADINGS)
        and (freq.get(w) or 0) >= COMMON_WORD_FREQ
        and (tags.get(w, "x") in NOUN_TAGS or tags.get(w, "x").startswith("v"))
    )


def content_words(
    fixed: Sequence[str], *, tags: Mapping[str, str], generic: frozenset[str] = frozenset()
) -> list[str]:
    """The fixed part's words that teach something: not punctuation, not glue (:data:`GLUE`), not a function
    word (:data:`FUNCTION_TAGS`), not a generic heading word; a single character only if an adverb or a verb
    (还, 有), the heads of frames (``X还不够Y``, ``X有Y，努力Z``)."""
    out = []
    for word in fixed:
        cjk = CJK_RE.findall(word)
        tag = tags.get(word, "")
        if not cjk or all(ch in GLUE for ch in cjk) or tag in FUNCTION_TAGS or word in generic:
            continue
        if len(cjk) < 2 and tag not in ("d", "v"):
            continue
        out.append(word)
    return out


def frame_fault(
    parts: Sequence[Part],
    *,
    tokenize: Callable[[str], Sequence[str]],
    tags: Mapping[str, str],
    generic: frozenset[str] = frozenset(),
) -> str | None:
    """Why the fixed part of a template makes no frame a writer learns from, or None.

    With :func:`content_words` of the fixed stretches as ``C``: ``"no content"`` when ``C`` is empty
    (``关于X的Y``, ``X年工作Y``, ``X的Y``: function words and generic heading words only); ``"one word"``
    when ``C`` is a single word (``X主要Y``, ``以更X``, ``加强X和Y``, ``进一步X``: one word is a topic or a
    verb, not a frame); ``"topic"`` when every word of ``C`` is a noun (:data:`NOUN_TAGS`: ``智能X标准``),
    or when the one stretch with CJK characters lies between two slots and holds no adverb (``X人才培养Y``:
    what the headings are about, not how they are written; ``X还不够Y`` holds 还); ``"scattered"`` when
    the template opens and closes on a slot and its fixed words hold neither an adverb nor a clause mark
    (``X应Y安全Z``: words that long headings of one kind share here and there, not a structure;
    ``X有Y，努力Z的政治W`` is two parallel clauses).  A frame
    (``X还不够“Y”``: 还, 不够; ``坚定X，筑牢Y``; ``X有待进一步加强``) passes.
    """
    stretches = [p for p in parts if p is not None and CJK_RE.search(p)]
    words = content_words([w for p in stretches for w in tokenize(p)], tags=tags, generic=generic)
    if not words:
        return "no content"
    if len(words) < MIN_CONTENT_WORDS:
        return "one word"
    if all(tags.get(w, "n") in NOUN_TAGS for w in words):  # an unknown word: a coined compound, a noun
        return "topic"
    adverb = any(tags.get(w, "").startswith("d") for w in words)
    inner = len(stretches) == 1 and parts[0] is None and parts[-1] is None
    if inner and not adverb:
        return "topic"
    if (
        parts[0] is None
        and parts[-1] is None
        and not adverb
        and not any(_CLAUSE_MARK_RE.search(p) for p in stretches)
    ):
        return "scattered"
    return None


def structural(
    parts: Sequence[Part], tokenize: Callable[[str], Sequence[str]], tags: Mapping[str, str]
) -> bool:
    """Whether the fixed part holds a structure of its own: an adverb (``X还不够“Y”``), or parallel clauses
    each with fixed words of its own (``X有Y，努力Z的政治W``; not ``企业应X制度，Y``, whose second clause is
    all slot).  Such a frame teaches something even when one report's parallel headings are all that use
    it; a run of topic words (``X计算理论``) does not."""
    text = "".join("\0" if p is None else p for p in parts)
    if any(tags.get(w, "").startswith("d") for p in parts if p is not None for w in tokenize(p)):
        return True
    clauses = _CLAUSE_MARK_RE.split(text)
    return len(clauses) > 1 and all(CJK_RE.search(c) for c in clauses)


def template_regex(parts: Sequence[Part]) -> re.Pattern[str]:
    """Anchored regex of a template: fixed parts literally, each slot ``[^。]{1,12}``."""
    return re.compile("".join(SLOT_PATTERN if p is None else re.escape(p) for p in parts) + r"\Z")


def _fixed_share(tpl: _Template, matches: Sequence[int], texts: Sequence[str]) -> float:
    """Fixed characters / mean length of the matched headings."""
    return len(tpl.fixed) * len(matches) / sum(len(texts[i]) for i in matches)


def _parallel_set(matches: Sequence[int], group_of: Sequence[int], group_size: Sequence[int]) -> bool:
    """Whether the template matches half a sibling group, three headings at least: parallel headings
    written on one frame (``学习还不够“深”``, ``方法还不够“新”``, ``推进还不够“快”``), not three items of a
    longer list that happen to share some words."""
    per_group = Counter(group_of[i] for i in matches if group_of[i] >= 0)
    return any(n >= MIN_WHOLE_GROUP and 2 * n >= group_size[g] for g, n in per_group.items())


def _sibling_groups(headings: Sequence[Heading]) -> list[list[int]]:
    """Indices of headings grouped by (parent, level); the parent is the nearest preceding higher level."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    stack: list[int] = []  # indices of open ancestors
    for i, h in enumerate(headings):
        while stack and headings[stack[-1]].level >= h.level:
            stack.pop()
        parent = stack[-1] if stack else -1
        groups[(parent, h.level)].append(i)
        stack.append(i)
    return [g for g in groups.values() if len(g) >= 2]


def mine_heading_templates(
    headings_by_doc: Sequence[tuple[str, Sequence[Heading]]],
    *,
    tokenize: Callable[[str], list[str]],
    min_headings: int = 3,
    min_doc_freq: int = 1,
    slot: str = "X",
    families: DocumentFamilies | None = None,
) -> list[Phrase]:
    """Heading templates shared by parallel headings, e.g. ``X还不够“Y”``, ``X更加Y``, ``坚定X，筑牢Y``.

    1. Induce: for every pair of siblings (same report, level and parent), :func:`induce_template`.
    2. Count: a template matches a heading when :func:`template_regex` matches its whole text; ``freq`` is
       the number of matching headings in the corpus (all levels), ``doc_freq`` the number of independent
       reports (``families``: versions of one text count once,
       :class:`~analysis.miners.families.DocumentFamilies`; without it, reports): a template only one
       family of documents uses (the parallel headings of one standard and its editions) is no frame of
       the genre: the pipeline asks for ``min_doc_freq`` 2 (its ``min_doc_freq``), and with ``families``
       at least :meth:`~analysis.miners.families.DocumentFamilies.least_reports` (3 of 193 documents),
       unless the frame is :func:`structural`, carries :data:`LONE_FRAME_SHARE` of its headings and
       matches half a group of siblings (one report's ``X还不够“Y”`` headings stay).
    3. Filter: the fixed part teaches a frame (:func:`frame_fault`: not only function words, topic nouns
       or one common word; generic heading words of the corpus, :func:`generic_heading_words`, do not
       count); ``freq ≥ min_headings`` and ``doc_freq ≥ min_doc_freq``; of templates matching exactly the
       same headings keep the most specific (most fixed characters, then fewer slots, then text).
    4. Score: ``doc_freq + w / (1 + w)`` with ``w = (parallel + 0.25 × (freq − parallel)) × fixed_share``:
       ranked by the number of reports first, so a frame shared across reports comes before one report's
       parallel headings, and by ``w`` (squashed into [0, 1)) among equals.  ``parallel`` counts matched
       headings with at least one matching sibling: a template is a frame for *parallel* headings, and a
       word that merely occurs in many unrelated headings (``X经济Y``) is mostly matched alone.
       ``fixed_share`` = fixed characters / mean length of the matched headings: a frame that carries
       most of each heading is worth more than a two-character anchor.

    Slots are named X, Y, Z, W (with another ``slot`` letter ``S``: S1, S2 …).  ``example`` is the first
    matching heading in corpus order.
    """
    originals: list[str] = []
    texts: list[str] = []  # half-width punctuation read as full-width: "坚定X,筑牢Y" is "坚定X，筑牢Y"
    docs: list[str] = []
    group_of: list[int] = []
    group_size: list[int] = []  # headings in each sibling group
    n_groups = 0
    candidates: set[tuple[Part, ...]] = set()
    token_cache: dict[str, tuple[str, ...]] = {}
    induced: set[tuple[str, str]] = set()  # pairs of texts aligned already (reports repeat their headings)
    for doc_id, headings in headings_by_doc:
        base = len(texts)
        for h in headings:
            originals.append(h.text)
            texts.append(h.text.strip().translate(_PUNCT_NORMAL))
            docs.append(doc_id)
            group_of.append(-1)
        for group in _sibling_groups(headings):
            for i in group:
                group_of[base + i] = n_groups
            group_size.append(len(group))
            n_groups += 1
            for i, j in combinations(group, 2):
                pair = (texts[base + i], texts[base + j])
                if pair in induced:
                    continue
                induced.add(pair)
                ta = token_cache.setdefault(pair[0], tuple(tokenize(pair[0])))
                tb = token_cache.setdefault(pair[1], tuple(tokenize(pair[1])))
                parts = induce_template(ta, tb)
                if parts is not None:
                    candidates.add(parts)

    # regexes run once per distinct heading text; a match stands for every heading with that text
    places: dict[str, list[int]] = defaultdict(list)
    for idx, text in enumerate(texts):
        places[text].append(idx)
    distinct = list(places)
    by_char: dict[str, set[int]] = defaultdict(set)
    for idx, text in enumerate(distinct):
        for ch in set(CJK_RE.findall(text)):
            by_char[ch].add(idx)

    count_docs: Callable[[set[str]], int] = len if families is None else families.count
    if families is not None:
        min_doc_freq = families.least_reports(min_doc_freq)
    best_by_matches: dict[tuple[int, ...], tuple[tuple[int, int, str], _Template]] = {}
    lexicon = jieba_lexicon()
    tags = lexicon.tag
    for text in distinct:
        if text not in token_cache:
            token_cache[text] = tuple(tokenize(text))
    generic = generic_heading_words((token_cache[t] for t in distinct), freq=lexicon.freq, tags=tags)
    rejected: Counter[str] = Counter()
    for parts in candidates:
        fault = frame_fault(parts, tokenize=tokenize, tags=tags, generic=generic)
        if fault is not None:
            rejected[fault] += 1
            continue
        tpl = _Template(parts)
        fixed_cjk = sorted(set(CJK_RE.findall(tpl.fixed)), key=lambda c: len(by_char.get(c, ())))
        pool = set(by_char.get(fixed_cjk[0], set()))
        for ch in fixed_cjk[1:3]:
            pool &= by_char.get(ch, set())
        if sum(len(places[distinct[t]]) for t in pool) < min_headings:
            continue
        rx = template_regex(parts)
        matches = tuple(sorted(i for t in pool if rx.match(distinct[t]) for i in places[distinct[t]]))
        if len(matches) < min_headings:
            continue
        if count_docs({docs[i] for i in matches}) < min_doc_freq and not (
            structural(parts, tokenize, tags)
            and _fixed_share(tpl, matches, texts) >= LONE_FRAME_SHARE
            and _parallel_set(matches, group_of, group_size)
        ):
            continue
        rendered = tpl.render(slot)
        rank = (-len(tpl.fixed), sum(p is None for p in parts), rendered)
        kept = best_by_matches.get(matches)
        if kept is None or rank < kept[0]:
            best_by_matches[matches] = (rank, tpl)

    out: list[Phrase] = []
    for matches, (_, tpl) in best_by_matches.items():
        fixed_share = _fixed_share(tpl, matches, texts)
        if fixed_share < MIN_FIXED_SHARE:
            continue
        per_group = Counter(group_of[i] for i in matches if group_of[i] >= 0)
        parallel = sum(c for g, c in per_group.items() if c >= 2 and 2 * c >= group_size[g])
        weight = (parallel + LONE_WEIGHT * (len(matches) - parallel)) * fixed_share
        n_docs = count_docs({docs[i] for i in matches})
        out.append(
            Phrase(
                tpl.render(slot),
                "heading",
                len(matches),
                n_docs,
                n_docs + weight / (1 + weight),
                originals[matches[0]],
            )
        )
    logger.info(
        "heading templates: %d induced, %d kept; rejected %s", len(candidates), len(out), dict(rejected)
    )
    return ranked(out)
