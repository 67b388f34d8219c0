"""Names of people, places and organisations among the term candidates (kind ``"name"``).

A report names its leaders (习近平总书记, 毛主席), its places (青岛市, 崂山区) and its organs (国务院,
省科技厅); a writer of another report cannot reuse them as terms, a researcher still wants to read them.
jieba's part-of-speech tags alone cannot tell them (its dictionary tags 文明, 智能化 ``nr`` and 城市,
依法治国 ``ns``), so a name needs a tag *and* the shape of a name, or the corpus's evidence:

* **person** (:func:`name_kind` → ``"person"``): a title word (:data:`TITLE_WORDS`: 总书记, 主席, 同志 …)
  after a name-tagged word, a one-character surname or a short word the dictionary does not know
  (习近平总书记, 江泽民同志, 毛主席, 周总理, 李明同志); or a word
  tagged as a person name that the corpus itself follows with a title word (江泽民 … 同志);
* **place** (``"place"``): a place-tagged word followed by an administrative unit (:data:`ADMIN_UNITS`:
  省, 市, 区, 县 …) inside the candidate (青岛市, 山东省) or, in the corpus, after it (海拉尔 … 区);
* **organisation** (``"organisation"``): a word tagged as an organisation ending in the word for an organ
  (:data:`ORGAN_SUFFIXES`: 院, 部, 委员会, 政府 …: 国务院, 党中央), or a candidate whose last token is
  such an organ after a place or level word (省/科技厅, 市/大数据局).

The title words, administrative units and organ suffixes are generic linguistic resources of Chinese (what
any report names its people, places and organs with), not strings of a corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from analysis.miners.shared import word_set

__all__ = [
    "ADMIN_UNITS",
    "NAME_FINAL_CHARS",
    "ORGAN_SUFFIXES",
    "TITLE_WORDS",
    "NameEdges",
    "common_noun",
    "multiword_names",
    "name_edges",
    "name_fragment",
    "name_kind",
]


#: Titles and forms of address that follow a person's name.
TITLE_WORDS: frozenset[str] = word_set(
    """
    总书记 书记 副书记 主席 副主席 总理 副总理 委员长 副委员长 同志 先生 女士 省长 副省长 市长 副市长
    县长 区长 部长 主任 总统 首相 国务卿 元帅 将军 总司令 司令员 政委 院长 校长 董事长 总经理
    """
)
#: Administrative units that follow a place name.
ADMIN_UNITS: frozenset[str] = word_set("省 市 县 区 州 盟 旗 镇 乡 村 自治区 自治州 自治县 特区 新区")
#: Words for organs that end an organisation's name.
ORGAN_SUFFIXES: tuple[str, ...] = (
    *("委员会", "办公厅", "办公室", "人民政府", "政府", "中央", "国务院", "代表大会", "常委会", "组织"),
    *("集团", "公司", "银行", "大学", "学院", "协会", "联合会", "兵团", "法院", "检察院"),
    *("院", "厅", "局", "署", "委", "办", "党", "军"),
)
#: Suffixes that name a category of organ (a company, an organisation) rather than one organ: a name ending
#: in one needs a head of two characters or more (中国银行, 世界贸易组织; not 党组织, 团组织).
CATEGORY_SUFFIXES: frozenset[str] = frozenset(
    {"组织", "公司", "集团", "银行", "协会", "联合会", "大学", "学院"}
)
#: The one-character organ suffixes: they end common words too (格局, 医院), so the last two characters
#: are checked.
SINGLE_CHARACTER_ORGANS = tuple(suffix for suffix in ORGAN_SUFFIXES if len(suffix) == 1)
_UNIT_ENDS = frozenset(unit[-1] for unit in ADMIN_UNITS)
_ORGAN_ENDS = frozenset(suffix[-1] for suffix in ORGAN_SUFFIXES)
#: The last characters of a name's last token: a title word, an administrative unit, an organ (its suffix,
#: or a one-character organ or 部 on its own).  Every rule of :func:`name_kind` but the corpus's evidence for
#: a single word reads one of them at the end of the gram, so another gram is no name.
NAME_FINAL_CHARS: frozenset[str] = (
    frozenset(title[-1] for title in TITLE_WORDS) | _UNIT_ENDS | _ORGAN_ENDS | {"部"}
)
#: Tags of names in jieba's dictionary: person (nr, nrfg, nrt), place (ns), organisation (nt).
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
PLACE_TAGS = frozenset({"ns"})
ORGAN_TAGS = frozenset({"nt"})
#: Tags of a word that can name the owner of an organ: names, other proper nouns, abbreviations.
NAME_HEAD_TAGS = PERSON_TAGS | PLACE_TAGS | ORGAN_TAGS | {"nz", "j"}
#: Tokens that say which level of government an organ belongs to (省科技厅, 市大数据局).  Not 地方 or 全国:
#: they make a class of organs (地方政府, 全国法院), not one organ.
LEVEL_WORDS = word_set("省 市 县 区 州 乡 镇 国家 中央 自治区")
#: jieba tags of a token that cannot stand inside a name before its last word: verbs, adverbs, pronouns,
#: prepositions, particles, conjunctions and idioms (国务院/提请/…, 毛主席/为首/的/党中央, 贯彻落实/党中央,
#: 妇联/等/…): such a candidate is a piece of a clause around a name.
FRAGMENT_TAGS = frozenset({"v", "vd", "vi", "a", "ad", "d", "r", "rr", "rz", "p", "c", "i", "l"}) | {
    *("u", "ud", "ug", "uj", "ul", "uv", "uz")
}
#: Conjunctions that join two names into a list (中共中央和国务院).
NAME_CONJUNCTIONS = frozenset("和及与")
#: Share of a word's right neighbours that must be title words (or administrative units) for the corpus to
#: show it is a person's (or a place's) name.
EVIDENCE_SHARE = 0.2


def name_kind(
    gram: Sequence[str],
    *,
    tags: Mapping[str, str],
    right: Mapping[str, int] | None = None,
    evidence: tuple[int, int, int] | None = None,
) -> str | None:
    """``"person"``, ``"place"`` or ``"organisation"`` when the token sequence ``gram`` is a name, else None.

    ``tags``: jieba's part-of-speech tags; ``right``: the candidate's right neighbours in the corpus (token →
    count), the corpus's evidence for a single word (see the module docstring for the rules), or instead
    ``evidence``: what is read of them, (occurrences, those before a title word, those before an
    administrative unit).
    """
    last = gram[-1]
    head = gram[:-1]
    if head and last in TITLE_WORDS and _person_head(head, tags):
        return "person"
    if len(gram) == 1 and _titled_word(last, tags):
        return "person"
    if _place_word(last, tags) or (head and last in ADMIN_UNITS and tags.get(head[-1]) in PLACE_TAGS):
        return "place"
    if _organ_word(last, tags) or (head and _organ_suffix(last) and head[-1] in LEVEL_WORDS):
        return "organisation"
    if head and _bare_organ(gram, tags):
        return "organisation"
    if len(gram) == 1 and right:
        titles = sum(count for token, count in right.items() if token in TITLE_WORDS)
        evidence = (sum(right.values()), titles, sum(count for t, count in right.items() if t in ADMIN_UNITS))
    if len(gram) == 1 and evidence is not None and evidence[0]:
        total, titles, units = evidence
        tag = tags.get(last)
        if tag in PERSON_TAGS and titles / total >= EVIDENCE_SHARE:
            return "person"
        if tag in PERSON_TAGS | PLACE_TAGS and units / total >= EVIDENCE_SHARE:
            return "place"
    return None


#: jieba tags of the word before a bare one-character organ (工业和信息化/部, 发展/改革/委): nouns,
#: nominal verbs, abbreviations.
BARE_ORGAN_HEAD_TAGS = frozenset({"n", "vn", "nz", "j"})


def _bare_organ(gram: Sequence[str], tags: Mapping[str, str]) -> bool:
    """A one-character organ as a token of its own after a noun (工业/和/信息化/部, 省/发展/改革/委): the
    segmenter cut an organ's name the dictionary does not hold."""
    last, before = gram[-1], gram[-2]
    return (
        (last in SINGLE_CHARACTER_ORGANS or last == "部")
        and len(before) >= 2
        and tags.get(before, "n") in BARE_ORGAN_HEAD_TAGS  # unknown to the dictionary: 网信/办
    )


def _person_head(head: Sequence[str], tags: Mapping[str, str]) -> bool:
    """The words before a title are a name: one word tagged as a person, a one-character surname, or a word of
    two or three characters the dictionary does not know (a name the segmenter guessed: 李明)."""
    if len(head) != 1:
        return False
    word = head[0]
    return tags.get(word) in PERSON_TAGS or len(word) == 1 or (word not in tags and len(word) <= 3)


def _titled_word(token: str, tags: Mapping[str, str]) -> bool:
    """One token that is a surname and a title (毛主席, 周总理): one character, then a title word."""
    return len(token) >= 3 and token not in TITLE_WORDS and token[1:] in TITLE_WORDS


def _place_word(token: str, tags: Mapping[str, str]) -> bool:
    """A place name and its unit in one token (青岛市, 崂山区): a place-tagged word, then a unit."""
    return token[-1:] in _UNIT_ENDS and any(
        token.endswith(unit) and len(token) > len(unit) + 1 and tags.get(token[: -len(unit)]) in PLACE_TAGS
        for unit in ADMIN_UNITS
    )


def _organ_end(token: str) -> bool:
    """``token`` ends in an organ (:data:`ORGAN_SUFFIXES`, or 部: 公安部, 交通运输部)."""
    return _organ_suffix(token) or token.endswith("部")


def _organ_suffix(token: str) -> bool:
    return token[-1:] in _ORGAN_ENDS and any(token.endswith(suffix) for suffix in ORGAN_SUFFIXES)


def _named_head(token: str, tags: Mapping[str, str]) -> bool:
    """The part before the organ suffix names someone (中国 in 中国政府, 国务 in 国务院, 党 in 党中央), rather
    than a kind of organ (商业 in 商业银行, 上市 in 上市公司): one character, or not a common word."""
    suffix = next(suffix for suffix in ORGAN_SUFFIXES if token.endswith(suffix))
    head = token[: -len(suffix)]
    if suffix in CATEGORY_SUFFIXES and len(head) < 2:
        return False
    return len(head) == 1 or tags.get(head) in (None, *NAME_HEAD_TAGS)


def _organ_word(token: str, tags: Mapping[str, str]) -> bool:
    """A word tagged as an organisation, or unknown to the dictionary (a lexicon word), ending in an organ
    (国务院, 党中央, 工业和信息化部), three characters or more, whose last two characters are not a common
    word (新格局 ends in 格局, 公立医院 in 医院)."""
    return (
        len(token) >= 3
        and tags.get(token) in (None, *ORGAN_TAGS)
        and _organ_suffix(token)
        and (not token.endswith(SINGLE_CHARACTER_ORGANS) or tags.get(token[-2:]) in (None, *ORGAN_TAGS))
        and _named_head(token, tags)
    )


def name_fragment(gram: Sequence[str], *, tags: Mapping[str, str]) -> bool:
    """Whether a candidate that :func:`name_kind` takes for a name is a piece of a clause or a list instead.

    A piece of a clause: a token before the last tagged :data:`FRAGMENT_TAGS` (国务院/提请/全国人大常委会,
    毛主席/为首/的/党中央, 妇联/等/群团组织), or a token the dictionary does not know whose first character
    is so tagged (我受/国务院).  A list: names or words joined by a conjunction (:data:`NAME_CONJUNCTIONS`,
    as a token or inside one token between two dictionary words: 党和政府, 中国共产党和人民政府,
    公安部和交通运输部): a list of two names is no name, its members are (each is a candidate of its own);
    a conjunction inside the head of a bare organ (工业和信息化/部) is kept.  A piece of a longer name: a
    place after an organisation (人民银行/山东省 of 人民银行山东省分行: a branch is named organisation,
    place, then the branch's own organ, so a name cannot end with the place).
    """
    bare = len(gram) > 1 and _bare_organ(gram, tags)
    members = _members(gram, tags)
    if len(members) > 1 and not (bare and not _organ_end(members[0][-1])):
        return True  # a list; a bare organ's head may hold a conjunction (工业和信息化/部, not 公安部和…/部)
    if _branch_head(gram, tags):
        return True
    return any(
        _fragment_token(token, tags) for token in gram[:-1] if not (bare and token in NAME_CONJUNCTIONS)
    )


def _branch_head(gram: Sequence[str], tags: Mapping[str, str]) -> bool:
    """The candidate ends with a place (a place word and its unit, :func:`_place_word`) after an organisation
    (a token tagged as one or ending in an organ, :func:`_organ_word`): the head of a branch's name."""
    return (
        len(gram) > 1
        and (_place_word(gram[-1], tags) or tags.get(gram[-1]) in PLACE_TAGS)
        and any(_organ_word(token, tags) or tags.get(token) in ORGAN_TAGS for token in gram[:-1])
    )


def _fragment_token(token: str, tags: Mapping[str, str]) -> bool:
    tag = tags.get(token)
    if tag is None:
        tag = tags.get(token[0])
    return tag in FRAGMENT_TAGS


def _members(gram: Sequence[str], tags: Mapping[str, str]) -> list[tuple[str, ...]]:
    """The members of a list of names: ``gram`` split at its conjunctions (one member when it has none); one
    token is split at a conjunction between two dictionary words (党和政府) or two organs of three characters
    or more (公安部和交通运输部; not 工业和信息化部: 工业 is no organ)."""
    if len(gram) == 1:
        token = gram[0]
        for i, char in enumerate(token[1:-1], 1):
            before, after = token[:i], token[i + 1 :]
            words = before in tags and after in tags
            organs = min(len(before), len(after)) >= 3 and _organ_end(before) and _organ_end(after)
            if char in NAME_CONJUNCTIONS and (words or organs):
                return [(before,), (after,)]
        return [(token,)]
    members: list[tuple[str, ...]] = [()]
    for token in gram:
        if token in NAME_CONJUNCTIONS:
            members.append(())
        else:
            members[-1] += (token,)
    return [member for member in members if member]


#: jieba tags of a one-character word that makes a common noun of the word after it (大 + 城市, 小 + 城镇).
ADJECTIVE_TAGS = frozenset({"a"})


def common_noun(words: Sequence[str], *, tags: Mapping[str, str]) -> bool:
    """Whether a name candidate of one token, cut into the dictionary words ``words`` (its most probable cut
    other than itself), is an adjective of one character before a word of two characters or more (大 + 城市,
    小 + 城镇): a class of places or organs described, not one named (the dictionary tags 大城市 a place
    because 大城 is one)."""
    return (
        len(words) == 2 and len(words[0]) == 1 and len(words[1]) > 1 and tags.get(words[0]) in ADJECTIVE_TAGS
    )


class NameEdges(NamedTuple):
    """What :func:`name_kind` reads of one token as the last token of a multiword gram or as the one
    before it, as boolean arrays by token id (:func:`name_edges`), for :func:`multiword_names`."""

    title: np.ndarray  #: a title word (习近平/总书记)
    person_head: np.ndarray  #: the name before a title (:func:`_person_head` of the token alone)
    place_word: np.ndarray  #: a place and its unit in one token (:func:`_place_word`)
    admin_unit: np.ndarray  #: an administrative unit (青岛/市)
    place_tag: np.ndarray  #: tagged as a place
    organ_word: np.ndarray  #: an organisation in one token (:func:`_organ_word`)
    organ_suffix: np.ndarray  #: ends in an organ (:func:`_organ_suffix`)
    level_word: np.ndarray  #: a level of government (省/科技厅)
    bare_last: np.ndarray  #: a one-character organ or 部 (发展/改革/委)
    bare_head: np.ndarray  #: may name a bare organ's owner (two characters or more, a nominal tag)


def name_edges(
    vocabulary: Sequence[str], lasts: Iterable[int], befores: Iterable[int], *, tags: Mapping[str, str]
) -> NameEdges:
    """:class:`NameEdges` of the tokens ``lasts`` of ``vocabulary`` as last tokens and of ``befores`` as
    the tokens before the last (False at the other ids)."""
    tests: tuple[tuple[Callable[[str], bool], bool], ...] = (
        (TITLE_WORDS.__contains__, True),
        (lambda token: _person_head((token,), tags), False),
        (lambda token: _place_word(token, tags), True),
        (ADMIN_UNITS.__contains__, True),
        (lambda token: tags.get(token) in PLACE_TAGS, False),
        (lambda token: _organ_word(token, tags), True),
        (_organ_suffix, True),
        (LEVEL_WORDS.__contains__, False),
        (lambda token: token in SINGLE_CHARACTER_ORGANS or token == "部", True),
        (lambda token: len(token) >= 2 and tags.get(token, "n") in BARE_ORGAN_HEAD_TAGS, False),
    )
    ids = {True: sorted(set(lasts)), False: sorted(set(befores))}
    masks = []
    for test, last in tests:
        mask = np.zeros(len(vocabulary), dtype=bool)
        mask[[i for i in ids[last] if test(vocabulary[i])]] = True
        masks.append(mask)
    return NameEdges(*masks)


def multiword_names(parts: np.ndarray, edges: NameEdges) -> np.ndarray:
    """Whether ``name_kind(gram, tags=tags)`` (no neighbours) is not None for each row of token ids
    ``parts`` (``(m, n)``, ``n >= 2``): the rules of :func:`name_kind` that a multiword gram can meet, read
    from its last two tokens (a person's name needs exactly two)."""
    last, before = parts[:, -1], parts[:, -2]
    person = edges.title[last] & edges.person_head[before] & (parts.shape[1] == 2)
    place = edges.place_word[last] | (edges.admin_unit[last] & edges.place_tag[before])
    organ = edges.organ_word[last] | (edges.organ_suffix[last] & edges.level_word[before])
    bare = edges.bare_last[last] & edges.bare_head[before]
    return person | place | organ | bare
