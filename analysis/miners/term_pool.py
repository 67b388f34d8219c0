"""The term miner's candidates as arrays, and the facts of a row read only for the candidates that need them.

Every cohesive n-gram of the word index (:func:`~analysis.miners.term_cohesion.cohesive_levels`) and every
word found only inside longer tokens (``nested``) is a candidate, numbered in (n, row) order then the
nested ones (:class:`CandidatePool`): its text, frequency and document frequency with its uses inside longer
tokens, and the bound of its score (:func:`~analysis.miners.term_bounds.score_bounds`).  A candidate's row
needs its branching entropy (is it free?), its kind (:mod:`~analysis.miners.term_kinds`) and whether a
longer candidate hides it (:func:`maximal`), which needs the entropy and kind of the candidates of the same
text and of the longer ones that contain it (:func:`hiders`); :func:`evaluated` reads them for the candidates
asked, and remembers them.

Why: the 2·10⁵ candidates at 30 MB cost 4 s of CPU read in full (entropies, kinds, containment pairs,
termhood), and a ranking of 300 rows needs a few thousand of them (:mod:`~analysis.miners.term_bounds`).
Each fact of a candidate is the one the full reading gives, bit for bit: the entropy depends on the
candidate's own contexts only (:func:`~analysis.miners.term_freedom.level_entropies`), the kind on its gram
and its own neighbours.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from analysis.index import WordIndex
from analysis.miners.names import (
    NAME_FINAL_CHARS,
    PERSON_TAGS,
    PLACE_TAGS,
    multiword_names,
    name_edges,
    name_kind,
)
from analysis.miners.term_bounds import JoinedTexts, proper_containers, score_bounds
from analysis.miners.term_cohesion import CohesiveLevel
from analysis.miners.term_freedom import (
    InnerContexts,
    Occurrences,
    TermCandidate,
    inner_contexts,
    inner_users,
    level_entropies,
    level_occurrences,
)
from analysis.miners.term_kinds import candidate_kinds
from analysis.miners.term_neighbours import NeighbourCounts, neighbour_counts_of_occurrences
from analysis.miners.termhood import ReferenceModel

__all__ = [
    "CandidatePool",
    "Evaluation",
    "Hiders",
    "candidate_pool",
    "evaluated",
    "grams_of",
    "hiders",
    "maximal",
    "possible_names",
]


class CandidatePool(NamedTuple):
    """All the term candidates, numbered: the cohesive n-grams of ``levels`` in (n, row) order, then
    ``nested`` (free by construction).  ``freq`` and ``doc_freq`` count the uses inside longer tokens too,
    as :class:`~analysis.miners.term_freedom.TermCandidate` does."""

    levels: dict[int, CohesiveLevel]
    texts: list[str]
    freq: np.ndarray
    doc_freq: np.ndarray
    cohesion: np.ndarray
    bound: np.ndarray  #: no score above it (``inf`` for the nested words: always read)
    inner: InnerContexts  #: the level candidates' contexts inside longer tokens
    nested: list[TermCandidate]
    twins: dict[str, list[int]]  #: the texts of several candidates (other segmentations) → those candidates
    by_freq: np.ndarray  #: the candidates, most frequent first (stable)
    joined: JoinedTexts  #: their texts in that order, to look for shorter texts in

    @property
    def level_size(self) -> int:
        """Candidates of the levels (the nested ones come after them)."""
        return len(self.texts) - len(self.nested)


def candidate_pool(
    index: WordIndex, cohesive: Mapping[int, CohesiveLevel], nested: list[TermCandidate]
) -> CandidatePool:
    """The :class:`CandidatePool` of the cohesive n-grams (n → rows ascending and cohesion) and ``nested``."""
    levels = {n: level for n, level in sorted(cohesive.items()) if len(level.rows)}
    vocabulary = index.vocabulary
    texts = [text for n, level in levels.items() for text in _texts(vocabulary, index.parts(n)[level.rows])]
    size = len(texts)
    last = dict(zip([*texts, *(c.text for c in nested)], range(size + len(nested)), strict=True))
    twins = _twins([*texts, *(c.text for c in nested)], last)
    users = inner_users(index, texts, lambda text: [i for i in twins.get(text) or [last[text]] if i < size])
    empty = np.zeros(0, dtype=np.int64)
    freq = np.concatenate([empty, *(index.freq_of(n)[level.rows] for n, level in levels.items())])
    doc_freq = np.concatenate([empty, *(index.doc_freq_of(n)[level.rows] for n, level in levels.items())])
    freq, doc_freq = freq.astype(np.int64), doc_freq.astype(np.int64)
    if users:
        at = np.asarray([i for i, _ in users], dtype=np.int64)
        freq[at] += np.asarray([use.freq for _, use in users], dtype=np.int64)
        doc_freq[at] = np.maximum(
            doc_freq[at], np.asarray([use.doc_freq for _, use in users], dtype=np.int64)
        )
    cohesion = np.concatenate([np.zeros(0), *(level.values for level in levels.values())])
    bound = score_bounds(cohesion, freq, doc_freq)
    texts += [c.text for c in nested]
    freq = np.concatenate((freq, np.asarray([c.freq for c in nested], dtype=np.int64)))
    by_freq = np.argsort(-freq, kind="stable")
    return CandidatePool(
        levels,
        texts,
        freq,
        np.concatenate((doc_freq, np.asarray([c.doc_freq for c in nested], dtype=np.int64))),
        np.concatenate((cohesion, np.asarray([c.cohesion for c in nested], dtype=np.float64))),
        np.concatenate((bound, np.full(len(nested), np.inf))),
        inner_contexts(users, vocabulary),
        nested,
        twins,
        by_freq,
        JoinedTexts.of(list(map(texts.__getitem__, by_freq.tolist()))),
    )


def _twins(texts: list[str], last: Mapping[str, int]) -> dict[str, list[int]]:
    """The texts held by several of ``texts`` → where (ascending); ``last``: each text → where it is last."""
    if len(last) == len(texts):
        return {}
    twins: dict[str, list[int]] = {}
    where = np.fromiter(map(last.__getitem__, texts), dtype=np.int64, count=len(texts))
    for i in np.flatnonzero(where != np.arange(len(texts))).tolist():
        twins.setdefault(texts[i], []).append(i)
    for text, where in twins.items():
        where.append(last[text])
    return twins


def _texts(vocabulary: Sequence[str], parts: np.ndarray) -> list[str]:
    """The strings of the rows of token ids ``parts`` (their tokens joined; a column at a time: half the
    time of a join per row)."""
    columns = [map(vocabulary.__getitem__, parts[:, k].tolist()) for k in range(parts.shape[1])]
    if len(columns) == 1:
        return list(columns[0])
    joined = map(operator.add, columns[0], columns[1])
    for column in columns[2:]:
        joined = map(operator.add, joined, column)
    return list(joined)


def possible_names(index: WordIndex, pool: CandidatePool, *, tags: Mapping[str, str]) -> np.ndarray:
    """Whether each candidate may be of kind ``"name"``: :func:`~analysis.miners.names.name_kind` without
    neighbours says so, or it is a single word tagged as a person or a place (which its right neighbours can
    make a name).  Every other candidate is a term or nothing, whatever its neighbours.  Only the grams that
    end in one of :data:`~analysis.miners.names.NAME_FINAL_CHARS` are asked (the others cannot be names)."""
    vocabulary = index.vocabulary
    out = np.zeros(len(pool.texts), dtype=bool)
    offset = 0
    evidence_tags = PERSON_TAGS | PLACE_TAGS
    singles: list[int] = []
    for n, level in pool.levels.items():
        if n == 1:
            singles += range(offset, offset + len(level.rows))
        else:
            parts = index.parts(n)[level.rows]
            lasts = np.unique(parts[:, -1])
            ending = np.zeros(len(vocabulary), dtype=bool)
            ending[lasts] = [vocabulary[t][-1:] in NAME_FINAL_CHARS for t in lasts.tolist()]
            asked = np.flatnonzero(ending[parts[:, -1]])
            parts = parts[asked]
            edges = name_edges(vocabulary, parts[:, -1].tolist(), parts[:, -2].tolist(), tags=tags)
            out[offset + asked] = multiword_names(parts, edges)
        offset += len(level.rows)
    singles += range(pool.level_size, len(pool.texts))
    for i in singles:
        text = pool.texts[i]
        if tags.get(text) in evidence_tags:
            out[i] = True
        elif text[-1:] in NAME_FINAL_CHARS:
            out[i] = name_kind((text,), tags=tags) is not None
    return out


def grams_of(index: WordIndex, pool: CandidatePool, numbers: np.ndarray) -> list[tuple[str, ...]]:
    """The grams (token tuples) of the candidates ``numbers``, in that order."""
    vocabulary = index.vocabulary
    out: list[tuple[str, ...]] = [()] * len(numbers)
    offset = 0
    for n, level in pool.levels.items():
        at = np.flatnonzero((numbers >= offset) & (numbers < offset + len(level.rows)))
        if len(at):
            parts = index.parts(n)[level.rows[numbers[at] - offset]].tolist()
            for k, row in zip(at.tolist(), parts, strict=True):
                out[k] = tuple(map(vocabulary.__getitem__, row))
        offset += len(level.rows)
    for k in np.flatnonzero(numbers >= offset).tolist():
        out[k] = pool.nested[int(numbers[k]) - offset].gram
    return out


class Evaluation(NamedTuple):
    """What is known of the candidates read so far (:func:`evaluated`): which were read, the free ones as
    :class:`~analysis.miners.term_freedom.TermCandidate` and their kinds, by number."""

    done: np.ndarray
    free: dict[int, TermCandidate]
    kinds: dict[int, str | None]


def evaluated(
    index: WordIndex,
    pool: CandidatePool,
    wanted: np.ndarray,
    known: Evaluation | None,
    *,
    tags: Mapping[str, str],
    model: ReferenceModel,
    min_entropy: float,
) -> Evaluation:
    """``known`` (None: nothing yet) with the candidates ``wanted`` (a mask) read too: their branching
    entropy (free at ``min_entropy``) and the kinds of the free ones."""
    done = np.zeros(len(pool.texts), dtype=bool) if known is None else known.done
    new = np.flatnonzero(wanted & ~done)
    levels: dict[int, CohesiveLevel] = {}
    numbers: list[np.ndarray] = []
    offset = 0
    for n, level in pool.levels.items():
        picked = new[(new >= offset) & (new < offset + len(level.rows))] - offset
        if len(picked):
            levels[n] = CohesiveLevel(level.rows[picked], level.values[picked])
            numbers.append(picked + offset)
        offset += len(level.rows)
    free: dict[int, TermCandidate] = {}
    occurrences: dict[int, Occurrences] = {}
    if levels:
        chosen = np.concatenate(numbers)
        occurrences = level_occurrences(index, levels)
        entropy = level_entropies(index, levels, pool.inner.of(chosen), tags, occurrences)
        kept = np.flatnonzero(entropy >= min_entropy)
        numbers_kept = chosen[kept]
        columns = zip(
            grams_of(index, pool, numbers_kept),
            map(pool.texts.__getitem__, numbers_kept.tolist()),
            pool.freq[numbers_kept].tolist(),
            pool.doc_freq[numbers_kept].tolist(),
            pool.cohesion[numbers_kept].tolist(),
            entropy[kept].tolist(),
            np.concatenate([level.rows for level in levels.values()])[kept].tolist(),
            strict=True,
        )
        free = dict(zip(numbers_kept.tolist(), map(TermCandidate._make, columns), strict=True))
    base = pool.level_size
    free.update((i, pool.nested[i - base]) for i in new[new >= base].tolist())
    by_gram = candidate_kinds(
        index,
        list(free.values()),
        tags=tags,
        model=model,
        neighbours=lambda rows: _neighbour_counts(index, levels, occurrences, rows, tags),
    )
    done = done.copy()
    done[new] = True
    if known is None:
        return Evaluation(done, free, {i: by_gram[c.gram] for i, c in free.items()})
    kinds = {**known.kinds, **{i: by_gram[c.gram] for i, c in free.items()}}
    return Evaluation(done, {**known.free, **free}, kinds)


def _neighbour_counts(
    index: WordIndex,
    levels: Mapping[int, CohesiveLevel],
    occurrences: Mapping[int, Occurrences],
    wanted: Mapping[int, np.ndarray],
    tags: Mapping[str, str],
) -> list[NeighbourCounts]:
    """The neighbour counts of the n-grams ``wanted`` (n → rows among those of ``levels``), one after the
    other, from the ``occurrences`` of ``levels`` (numbered in their (n, row) order)."""
    parts = []
    offset = 0
    for n, rows in wanted.items():
        level, seen = levels[n], occurrences[n]
        start = sum(len(other.rows) for m, other in levels.items() if m < n)
        place = np.full(len(level.rows), -1, dtype=np.int64)
        place[np.searchsorted(level.rows, rows)] = np.arange(offset, offset + len(rows))
        owner = place[seen.owner - start]
        kept = owner >= 0
        parts.append((owner[kept], seen.left[kept], seen.right[kept], seen.weights[kept]))
        offset += len(rows)
    empty = np.zeros(0, dtype=np.int64)
    columns = [np.concatenate([empty, *(part[k] for part in parts)]) for k in range(4)]
    return neighbour_counts_of_occurrences(index.vocabulary, offset, *columns, tags=tags)


class Hiders(NamedTuple):
    """The candidates that decide whether a longer candidate hides one of the candidates asked
    (:func:`hiders`): the text of each → the candidates of that text, and the longer candidates that hold
    it with enough occurrences to hide it."""

    wanted: np.ndarray  #: the candidates asked, those of their texts and those longer ones
    same: dict[str, list[int]]
    longer: dict[str, list[int]]


#: The texts looked for together have least frequencies within a factor ``2 ** GROUP_BITS``: fewer groups
#: read the candidates' texts fewer times, larger ones read more matches (4 groups of powers of 4 against
#: 13 of powers of 2 at 30 MB).
GROUP_BITS = 2


def hiders(pool: CandidatePool, chosen: np.ndarray, ratio: float, known: Hiders | None = None) -> Hiders:
    """The :class:`Hiders` of the candidates ``chosen`` (a mask): a candidate of text ``t`` is hidden when
    a longer candidate that holds ``t`` has ``>= ratio ×`` the occurrences of ``t`` (:func:`maximal`), at
    least those of the least frequent candidate of text ``t``, so only longer candidates with that many
    occurrences are looked for.  ``known``: the hiders of fewer candidates, whose texts are not looked for
    again.

    How: the texts ``t`` grouped by the power of 4 below that least frequency, each group looked for
    (:func:`~analysis.miners.term_bounds.proper_containers`) in the candidates frequent enough for the
    group's smallest (``pool.by_freq``: most frequent first).  The longer candidates of a frequent text are
    few, those of a rare one many: looked for in all the candidates frequent enough for the rarest, the
    texts gave 4·10⁵ matches to read at 30 MB.
    """
    twins = pool.twins
    old = {} if known is None else known.same
    same = {
        text: twins.get(text) or [i]
        for i in np.flatnonzero(chosen).tolist()
        if (text := pool.texts[i]) not in old
    }
    patterns = list(same)
    least = pool.freq[[members[0] for members in same.values()]]
    wanted = chosen.copy() if known is None else chosen | known.wanted
    for k, text in enumerate(patterns):
        if text in twins:
            wanted[twins[text]] = True
            least[k] = pool.freq[twins[text]].min()
    longer: dict[str, list[int]] = {} if known is None else dict(known.longer)
    descending = -pool.freq[pool.by_freq]
    group = np.floor(np.log2(np.maximum(least, 1)) / GROUP_BITS).astype(np.int64)
    for power in np.unique(group).tolist():
        members = np.flatnonzero(group == power)
        reach = int(np.searchsorted(descending, -(ratio * 2.0 ** (GROUP_BITS * power)), side="right"))
        found, holder = proper_containers([patterns[k] for k in members.tolist()], pool.joined, reach)
        found, holder = members[found], pool.by_freq[holder]
        enough = pool.freq[holder] >= ratio * least[found]
        for k, i in zip(found[enough].tolist(), holder[enough].tolist(), strict=True):
            longer.setdefault(patterns[k], []).append(i)
        wanted[holder[enough]] = True
    return Hiders(wanted, {**old, **same}, longer)


def maximal(
    pool: CandidatePool, evaluation: Evaluation, chosen: np.ndarray, found: Hiders, ratio: float
) -> list[int]:
    """The candidates ``chosen`` (a mask; read with ``found.wanted``) that make a row, in order: free, of a
    kind, and hidden by no longer candidate (string) that is free, of a kind and has ``>= ratio ×`` the
    occurrences of its text (the most of the candidates of that text that are free and of a kind).  General
    language (采取有效措施: of no kind) hides no term inside it (有效措施)."""
    kinds = evaluation.kinds

    def alive(i: int) -> bool:
        return kinds.get(i) is not None

    hidden: dict[str, bool] = {}
    out: list[int] = []
    for i in np.flatnonzero(chosen).tolist():
        if not alive(i):
            continue
        text = pool.texts[i]
        if text not in hidden:
            most = max(int(pool.freq[j]) for j in found.same[text] if alive(j))
            hidden[text] = any(
                float(pool.freq[j]) >= ratio * float(most) for j in found.longer.get(text, ()) if alive(j)
            )
        if not hidden[text]:
            out.append(i)
    return out
