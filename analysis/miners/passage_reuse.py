"""Which repeated passages are formulations a writer reuses, and in how many independent documents.

What :func:`analysis.miners.passages.mine_passages` reads after its edges are clean: a run of clauses that
several reports share is a *formulation* (``以习近平新时代中国特色社会主义思想为指导``, ``认真落实党中央、
国务院决策部署``) when documents written independently of each other use it, and specific content when it
is copied between versions of one text (``（三）具备人工操作和自动驾驶两种模式`` in the road-test rules of
three cities).  So:

* **Item markers and connectives at the start go**
  (:func:`~analysis.miners.passage_openings.strip_opening`): ``（三）``, ``二是``, ``第一条``, ``1）`` number
  an item of one document, and a leading conjunction (``并``, ``但``, ``同时``: jieba tag ``c``, the longest
  dictionary word at the start) ties the passage to a clause it lost.
* **Notes and address lines are not passages** (:func:`passage_fault`): unbalanced brackets (a run cut
  inside a note, ``省发展改革委、省工业和信息化厅）``), a whole bracketed note (``（责任单位：市工业和信息化
  局）``), a document's address line (``各市人民政府，各县（市、区）人民政府…：``: a sentence opening on 各
  and ending on ``：``, the passage at its start).
* **Reports counted as independent documents** (:func:`independent_holders`): only occurrences as a unit
  count (both edges at a word edge of the sentence's tokens, a clause mark or an item marker), and the
  reports holding them are counted by :meth:`~analysis.miners.families.DocumentFamilies.count`
  (versions of one text are one document).
* **A corpus of hundreds of documents needs more than a pair**
  (:meth:`~analysis.miners.families.DocumentFamilies.least_reports`): one more report than a pair for every
  hundred independent documents.
* **Items of a list are not units** (:data:`MAX_LISTED`): a run next to ``、`` in half of its uses or more
  is a piece of an enumeration (what :mod:`~analysis.miners.passage_edges` could not make whole).
* **Titles are names** (:func:`passage_fault`, ``"title"``): a run some report encloses in book-title marks
  (``《工业物联网仪表互操作协议》``) names a document or a standard, even where a table lists it bare.
* **A short clause is a formula when many documents use it whole** (:func:`reusable_runs`): under
  ``min_chars``, down to ``min_clause_chars`` CJK characters, a run counts only where it is whole clauses
  (a clause mark or the sentence's edge on both sides: ``特制定本行动计划。``, ``自发布之日起施行。``, not
  ``为贯彻落实党中央、国务院`` before ``关于…的决策部署``), in at least :data:`SHORT_MIN_REPORTS`
  independent documents (and ``least_reports``), and it says something: one of its words is a verb, an
  adverb or a preposition (``坚持以人民为中心``), not a noun phrase (``数字化、网络化、智能化水平``).  Why:
  the standard openings and closings of a notice, a plan or a measure are whole clauses of 8–11
  characters; a chance repeat that short is likelier, so the bar is higher than for a long run.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate

from analysis.distinct import DistinctSentences
from analysis.miners.families import DocumentFamilies
from analysis.miners.passage_edges import CLAUSE_MARKS
from analysis.miners.passage_openings import ITEM_MARKER_RE, reuse_candidates, strip_opening
from analysis.miners.report_sets import report_bound
from analysis.miners.shared import CJK_RE
from analysis.miners.text_places import Places, find_in_texts

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_LISTED",
    "SHORT_MIN_REPORTS",
    "Holders",
    "independent_holders",
    "passage_fault",
    "reusable_runs",
    "reuse_candidates",
    "says_something",
    "strip_opening",
]

_MARKER_AT_END_RE = re.compile(f"(?:^|[{CLAUSE_MARKS}])(?:{ITEM_MARKER_RE.pattern})$")
_CLAUSE_MARK_RE = re.compile(f"[{CLAUSE_MARKS}]")
#: jieba tags of nouns and of what joins nouns into a name (和, 的, numerals, localisers): a clause of these
#: only is a name or a term (``工业以太网交换机技术规范``, ``工业和信息化部装备工业司``), not a passage.
NOMINAL_TAGS = ("n", "j", "b", "c", "u", "m", "q", "f", "s", "t", "eng", "x")
_OPEN_BRACKETS = "（(【["
_CLOSE_BRACKETS = "）)】]"
#: A run next to ``、`` in this share of its occurrences is part of an enumeration, not a unit of its own
#: (``宜居、美丽的城市`` where most uses follow ``创新、``); one use as an item of a list
#: (``…、全心全意为人民服务等优良传统``) does not unmake a formula.
MAX_LISTED = 0.5
#: Independent documents a short clause (under ``min_chars``) must be used in, whole, at least.
SHORT_MIN_REPORTS = 3
#: jieba tags of the words that make a short clause say something: verbs (verbal nouns too: 营造, 发展),
#: adverbs, prepositions (以…为…), pronouns (我们, 本).
PREDICATE_TAGS = ("v", "d", "p", "r")


@dataclass(frozen=True, slots=True)
class Holders:
    """Where a passage occurs at clause edges: independent documents, occurrences, sentence groups."""

    independent: int
    freq: int
    groups: tuple[int, ...]
    words: tuple[str, ...]  #: the run's words where it first occurs (``()`` if nowhere)
    whole: int = 0  #: independent documents where it is whole clauses (clause marks or sentence edges around)
    title: bool = False  #: some occurrence is enclosed in book-title marks (《…》)
    listed: float = 0.0  #: share of its occurrences at word edges that are next to ``、`` (an item of a list)


def _nominal(words: Sequence[str], tags: Mapping[str, str]) -> bool:
    """Whether every word is in jieba's dictionary with a nominal tag (:data:`NOMINAL_TAGS`; a word it
    lacks, such as a mined lexicon entry, may be anything) and the last is a noun (the head of a name)."""
    words = [w for w in words if CJK_RE.search(w)]
    return (
        bool(words)
        and all(w in tags and tags[w].startswith(NOMINAL_TAGS) for w in words)
        and tags[words[-1]].startswith("n")
    )


def _balanced(run: str) -> bool:
    depth = 0
    for ch in run:
        if ch in _OPEN_BRACKETS:
            depth += 1
        elif ch in _CLOSE_BRACKETS:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def passage_fault(
    run: str,
    sentences: Iterable[str],
    *,
    words: Sequence[str] = (),
    tags: Mapping[str, str] | None = None,
    title: bool = False,
) -> str | None:
    """Why ``run`` is no passage a writer reuses, or None (see the module docstring).

    ``sentences``: texts of the sentences holding the run; ``words``: its words, ``tags``: jieba's tags;
    ``title``: some occurrence is enclosed in book-title marks.
    """
    if words and tags is not None and not _CLAUSE_MARK_RE.search(run) and _nominal(words, tags):
        return "name"
    if title:
        return "title"
    if not _balanced(run):
        return "bracket"
    if run[0] in _OPEN_BRACKETS and run[-1] in _CLOSE_BRACKETS and _balanced(run[1:-1]):
        return "note"
    if run.startswith("各"):
        for text in sentences:
            if text.startswith(run) and text.rstrip().endswith(("：", ":")) and "。" not in text:
                return "address"
    return None


def _cuts(tokens: Sequence[str]) -> list[int]:
    """Offsets where each token starts, then the end of the last (``[0, len(t0), len(t0) + len(t1), …]``)."""
    return list(accumulate(map(len, tokens), initial=0))


def _word_edges(text: str, tokens: Sequence[str]) -> list[int]:
    """Offsets in ``text`` where a word starts or ends, ascending (its tokens; none when they do not spell
    it).  A sorted list and a binary search (:func:`_on_edge`), not a set: a sentence is asked about one or
    two offsets on average, and building a frozenset of its ~50 cuts cost more than the questions (100 MB
    of distinct text: 177,000 sentences, 0.8 s)."""
    cuts = _cuts(tokens)
    return cuts if cuts[-1] == len(text) else []


def _on_edge(cuts: Sequence[int], at: int) -> bool:
    """Whether ``at`` is one of ``cuts`` (ascending)."""
    i = bisect_left(cuts, at)
    return i < len(cuts) and cuts[i] == at


def _words_between(
    tokens: Sequence[str], start: int, end: int, cuts: Sequence[int] | None = None
) -> tuple[str, ...]:
    """The tokens lying wholly inside ``[start, end)`` of their sentence: token ``t`` spans
    ``[cuts[t], cuts[t + 1])``, so they are ``tokens[i:j]`` with ``i`` the first cut ≥ ``start`` and ``j`` the
    last cut ≤ ``end`` (cuts ascend; ``cuts``: :func:`_cuts` of ``tokens`` when the caller has them)."""
    cuts = _cuts(tokens) if cuts is None else cuts
    i = bisect_left(cuts, start)
    j = bisect_right(cuts, end) - 1
    return tuple(tokens[i:j]) if j > i else ()


def _at_start(text: str, at: int, words: Callable[[], Sequence[int]]) -> bool:
    """Whether a run starts at a clause edge, a word edge (``words``: the sentence's, asked for only when
    the characters do not settle it: most runs are whole clauses) or after an item marker."""
    return (
        at == 0
        or text[at - 1] in CLAUSE_MARKS
        or _on_edge(words(), at)
        or bool(_MARKER_AT_END_RE.search(text, 0, at))
    )


def _at_end(text: str, end: int, words: Callable[[], Sequence[int]]) -> bool:
    return end == len(text) or text[end] in CLAUSE_MARKS or _on_edge(words(), end)


def _whole_clauses(text: str, at: int, end: int) -> bool:
    """Whether ``text[at:end]`` is whole clauses: a clause mark, an item marker or the sentence's edge on
    each side."""
    return (at == 0 or text[at - 1] in CLAUSE_MARKS or bool(_MARKER_AT_END_RE.search(text, 0, at))) and (
        end == len(text) or text[end] in CLAUSE_MARKS
    )


def _titled(text: str, at: int, end: int) -> bool:
    return at > 0 and end < len(text) and text[at - 1] == "《" and text[end] == "》"


def _whole_reports(
    run: str,
    places: Iterable[tuple[int, int]],
    texts: Sequence[str],
    distinct: DistinctSentences,
    families: DocumentFamilies,
) -> int:
    """The independent documents where ``run`` is whole clauses (:func:`_whole_clauses`): its
    :attr:`Holders.whole`, counted without the word edges (a place of whole clauses is at clause edges on
    both sides, so it is an occurrence as a unit too).  Read for a short run before its other counts: most
    short runs fail here (at 30 MB, 16,000 of the 29,000 places read one by one were such runs')."""
    whole = {g for g, at in places if _whole_clauses(texts[g], at, at + len(run))}
    return families.count({d for g in whole for d in distinct.docs[g]})


def says_something(words: Sequence[str], tags: Mapping[str, str]) -> bool:
    """Whether one of ``words`` is tagged a verb, an adverb, a preposition or a pronoun in jieba's
    dictionary (:data:`PREDICATE_TAGS`): a clause, not a noun phrase."""
    return any(tags.get(w, "").startswith(PREDICATE_TAGS) for w in words if CJK_RE.search(w))


def independent_holders(
    runs: Sequence[str],
    distinct: DistinctSentences,
    texts: Sequence[str],
    families: DocumentFamilies,
    within: Mapping[str, Sequence[int]] | None = None,
    known: Places | None = None,
) -> dict[str, Holders]:
    """Each run's occurrences as a unit (its edges at word or clause edges of the sentence: not
    ``智慧金融、智慧`` in ``…智慧金融、智慧港口``) and the independent documents holding them.  ``within``:
    the sentences holding some runs (all of them), where those are looked for; ``known``: runs looked for
    already (:func:`~analysis.miners.passage_edges.find_in_texts`)."""
    words: dict[int, list[int]] = {}
    out: dict[str, Holders] = {}

    def word_edges(g: int) -> list[int]:
        if g not in words:
            words[g] = _word_edges(texts[g], distinct.groups[g].sentence.tokens)
        return words[g]

    for run, places in zip(runs, find_in_texts(runs, texts, within, known), strict=True):
        edged = []
        items = 0  # occurrences next to 、
        whole: set[int] = set()
        title = False
        first: tuple[str, ...] = ()
        for g, at in places:
            text, end = texts[g], at + len(run)
            edges = partial(word_edges, g)
            title = title or _titled(text, at, end)
            if _at_start(text, at, edges) and _at_end(text, end, edges):
                if not edged:
                    first = _words_between(distinct.groups[g].sentence.tokens, at, end)
                edged.append(g)
                if _whole_clauses(text, at, end):
                    whole.add(g)
                items += (at > 0 and text[at - 1] == "、") or (end < len(text) and text[end] == "、")
        groups = sorted(set(edged))
        freq = sum(distinct.groups[g].count for g in edged)
        docs = {d for g in groups for d in distinct.docs[g]}
        whole_docs = families.count({d for g in whole for d in distinct.docs[g]})
        listed = items / len(edged) if edged else 0.0
        out[run] = Holders(families.count(docs), freq, tuple(groups), first, whole_docs, title, listed)
    return out


def reusable_runs(
    runs: Sequence[str],
    distinct: DistinctSentences,
    texts: Sequence[str],
    families: DocumentFamilies,
    *,
    tags: Mapping[str, str],
    min_doc_freq: int,
    min_chars: int,
    min_clause_chars: int | None = None,
    within: Mapping[str, Sequence[int]] | None = None,
    known: Places | None = None,
    openings: Mapping[str, str] | None = None,
) -> dict[str, Holders]:
    """``runs`` as reusable passages (see the module docstring): openings stripped, notes, titles and
    address lines out, each with its independent documents; those in fewer than ``families.least_reports``
    documents or with fewer than ``min_chars`` CJK characters go, except short clauses (down to
    ``min_clause_chars``, default ``min_chars``) used whole in :data:`SHORT_MIN_REPORTS` independent
    documents that say something (:func:`says_something`).

    ``distinct``: the distinct sentences with copies merged (their ``docs`` are family roots of
    ``families``); ``texts``: their normalised texts; ``within``: the sentences holding some of ``runs``
    (all of them), where those are looked for (one scan of every text per call was a third of the passage
    edges' time); ``known``: runs looked for already (:func:`~analysis.miners.passage_edges.find_in_texts`);
    ``openings``: :func:`strip_opening` of some runs, made already (:func:`reuse_candidates`).

    The places of a run are read one by one (:func:`independent_holders`) only when the reports holding
    them, all of them, are as many as it needs (:func:`~analysis.miners.report_sets.report_bound`: the
    independent documents of its units are at most that many) and, for a short run, when the independent
    documents using it whole are (:func:`_whole_reports`, what it is kept or dropped on first).  Why: at
    100 MB of distinct text 2,073 of 77,000 runs pass the first test, and the per-place work of the others
    grew faster than the text (a run common in the genre occurs in more sentences of a larger corpus:
    96,000 places at 30 MB, 500,000 at 100 MB): 4.2 s of the reuse's 4.6 s were spent there.
    """
    floor = min(min_chars, min_chars if min_clause_chars is None else min_clause_chars)
    chars = reuse_candidates(runs, tags, floor, openings)
    candidates = list(chars)
    inside = {run: within[run] for run in candidates if within is not None and run in within}
    known = Places(texts) if known is None else known  # (the places found for the bound are read again)
    least = families.least_reports(min_doc_freq)
    short_least = max(least, SHORT_MIN_REPORTS)
    found = find_in_texts(candidates, texts, inside, known)
    hopeful = [
        run
        for run, places, most in zip(
            candidates, found, report_bound(found, distinct.docs).tolist(), strict=True
        )
        if (
            most >= least
            if chars[run] >= min_chars
            else most >= short_least and _whole_reports(run, places, texts, distinct, families) >= short_least
        )
    ]
    holders = independent_holders(hopeful, distinct, texts, families, inside, known)
    out: dict[str, Holders] = {}
    faults: Counter[str] = Counter()
    for run in candidates:
        held = holders.get(run)
        if held is None:  # fewer reports hold it anywhere than it needs
            faults[
                "short, few independent reports" if chars[run] < min_chars else "few independent reports"
            ] += 1
            continue
        if chars[run] < min_chars:
            if held.whole < short_least:
                faults["short, few independent reports"] += 1
                continue
            if not says_something(held.words, tags):
                faults["short noun phrase"] += 1
                continue
        elif held.independent < least:
            faults["few independent reports"] += 1
            continue
        if held.listed >= MAX_LISTED:
            faults["enumeration item"] += 1
            continue
        fault = passage_fault(
            run, (texts[g] for g in held.groups), words=held.words, tags=tags, title=held.title
        )
        if fault is not None:
            faults[fault] += 1
            continue
        out[run] = held
    logger.debug(
        "reusable passages: %d of %d kept (at least %d reports); out: %s",
        len(out),
        len(runs),
        least,
        dict(faults),
    )
    return out
