"""Whether the fixed part of a candidate sentence frame carries meaning (:mod:`analysis.miners.frames`).

Judged by jieba's part-of-speech tags and single-character tokens, and by two measures of how the candidate is
used in the corpus (computed by the frame miner over the word index): the share of its uses whose slot opens
with a content verb, and the share of its fixed part's uses that stand at its clause edge.  Never by a list of
the corpus's strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from analysis.miners.shared import FUNCTION_WORD_TAGS

__all__ = ["FUNCTION_TAGS", "MODIFIER_TAGS", "NOUN_TAGS", "VERB_ONLY_SLOT", "fixed_part_rejection"]

#: Part-of-speech tags (jieba) of function words: prepositions, conjunctions, particles, pronouns,
#: numerals, classifiers, localisers, interjections, punctuation.
FUNCTION_TAGS: frozenset[str] = FUNCTION_WORD_TAGS | {"h", "k", "w", "zg"}  # (prefixes, suffixes, symbols)
#: Tags of modifiers that make a frame on their own (进一步X, 切实X, 不断X): adverbs.
MODIFIER_TAGS = frozenset(["d", "ad", "vd", "dg"])
#: Least share of a modifier frame's uses whose slot opens with a content verb (a verb of two characters or
#: more: 进一步加强…, 不断完善…); sentence and modal adverbs are followed by 是, 要, 能 or a whole clause
#: (特别是, 一定要, 首先是, 已经有), adverbs of degree by adjectives (更加公平).  Measured on gwr_national:
#: the genre's directive adverbs are at 0.73–0.95, 共同 0.63, 真正 0.61, 长期 0.61, 已经 0.45, 特别 0.03.
MODIFIER_VERB_SHARE = 0.7
#: The same when a modal or a subject comes with the adverb (要努力X, 特别要X, 我们坚决X): the clause is a
#: directive already, so the bar of a verb after the adverb is the plain majority.
MODIFIER_WITH_MODAL_VERB_SHARE = 0.5
#: jieba's tags of common nouns (an untagged token, a compound of the lexicon, counts as one where a
#: default is given).  Names (nr, ns) and abbreviations (j) are left out: jieba gives them to verbs such as
#: 弘扬, 拓宽 (nr) and 深化 (j).
NOUN_TAGS = frozenset(["n", "nz", "ng", "nt"])
#: Least share of the uses of a nominal fixed part (its outer token a noun) that stand at its clause edge: a
#: noun compound used anywhere in clauses (应用场景, 创新平台: 0.4–0.7 of its uses close a clause; 智能制造
#: opens 0.2) is a term whose modifier varies, while the noun phrase of a fixed predicate (加大…支持力度,
#: 取得新进展: 0.98) stays at the edge.  An opening verb phrase mis-tagged as a noun by jieba (全面推进: 全面
#: is tagged n) also follows subjects and modals (要全面推进…: 0.62), hence the lower bar for prefixes.
NOUN_EDGE_SHARE: Mapping[str, float] = MappingProxyType({"prefix": 0.5, "suffix": 0.75})
#: The same for a suffix frame closing with a verbal noun (jieba's ``vn``: 发展, 管理), which also ends
#: predicates (促进区域协调发展), hence the lower bar: a term ending with one (可持续发展, 安全管理:
#: 0.20–0.35 of their uses close a clause on policy_docs; 可持续发展能力) is a noun compound whose modifier
#: varies, while the genre's predicates stay at the edge (X协调发展, X稳定发展, X快速发展: 0.53–0.68).
VERBAL_NOUN_EDGE_SHARE = 0.5
#: Least share of the clauses opened by a word starting with a modifier frame's adverb that the adverb opens
#: alone (:func:`~analysis.miners.frame_usage.bare_opening_share`): below it the tokenizer has fused the
#: adverb with the verbs it mostly takes (充分发挥, 充分利用: 充分 alone 0.17–0.18 on both corpora), and the
#: bare adverb's frame holds the leftovers; the genre's directive adverbs are at 0.39–1.0 (认真 the lowest).
MODIFIER_BARE_SHARE = 0.3
#: Least share of the clauses holding a modifier frame's adverb that it opens: an adverb of the genre's
#: directives opens them (进一步 0.46, 持续 0.29, 不断 0.39 on gwr_national); one that mostly qualifies a
#: noun or follows a subject inside the clause does not (长期 0.11, 仿真 0.13).
MODIFIER_EDGE_SHARE = 0.2
#: jieba's tags of verbs and verbal nouns: a fixed part made of these only (示范应用, 创新发展, 自动驾驶)
#: says no manner, degree, negation or modality of its own.
VERB_TAGS = frozenset(["v", "vn"])
#: Most share of the uses of a suffix frame's all-verbal fixed part (anywhere in the corpus) followed by a
#: noun: such a compound used as the modifier of nouns (示范应用项目, 创新应用场景: 0.18–0.50 on policy_docs)
#: is a technical term whose modifier varies, the head of an object noun phrase (开展X示范应用); a
#: predicate or the object of a light verb closes its clause (得到加强, 结合起来, 带动作用, 提供支撑:
#: 0–0.11 on both corpora).
VERBAL_NOUN_AFTER = 0.15
#: Least share of the uses of a prefix frame's all-verbal fixed part that open the clause: the genre's
#: opening verb phrases (加快推进, 深入实施, 研究制定) open 0.47–1.0 of theirs on both corpora; a verbal
#: compound that mostly stands inside noun phrases (自动驾驶汽车: 0.17) is a term.
VERBAL_EDGE_SHARE = 0.3
#: Least share of a suffix frame's uses followed by the enumeration comma 、 for its closing part to be an
#: item cut from a list (…贯彻落实党中央、国务院…: 1.0 on policy_docs), not the end of a phrase.
ENUMERATED_SHARE = 0.5
#: Most share of a circumfix frame's uses whose slot opens with a content verb: above it the opening part
#: is an adverb or a verb of manner before the slot's own verb (加快[构建]X体系, 积极[推进]X建设: 0.8–1.0),
#: and the frame cuts that verb phrase in two; the genre's circumfix frames take a noun phrase in the
#: slot (构建X体系, 发挥X作用: 0.1–0.7 on both corpora).
CIRCUMFIX_VERB_SLOT = 0.8
#: Least share of a suffix frame's uses whose slot is only a verb (at most two tokens, a verb next to the
#: fixed part: 构建|新发展格局, 加快构建|…, 融入|…) for the fixed part to be the object of varying verbs, a
#: term, not a frame: the slot of a frame holds what varies (加大[财政资金]支持力度, [创新能力]显著提升:
#: at most 0.2 on both corpora, X新发展格局 0.38 on policy_docs, 0.88 on gwr_national).
VERB_ONLY_SLOT = 0.3
#: Negating characters: a negated predicate (不够, 不足, 未能, 无法) carries the meaning of a problem frame.
NEGATORS = frozenset("不未没无缺")


def _is_content(token: str, tags: Mapping[str, str]) -> bool:
    return len(token) > 1 and tags.get(token, "n") not in FUNCTION_TAGS


def fixed_part_rejection(
    head: Sequence[str],
    tail: Sequence[str],
    tags: Mapping[str, str],
    *,
    verb_slot: float | None = None,
    edge_share: float = 1.0,
    noun_after: float = 0.0,
    enumerated: float = 0.0,
    verb_only: float = 0.0,
    bare_share: float = 1.0,
) -> str | None:
    """Why the fixed parts ``head`` (opening the clause) and ``tail`` (closing it) of a frame carry no
    meaning of their own, or None.

    A token is a *function* token when it is one character long (的, 在, 是, 要, 还) or tagged as a function
    word (:data:`FUNCTION_TAGS`); the others are content tokens (untagged ones too).  ``verb_slot``: the
    share of the frame's uses whose slot opens with a content verb (None: not measured); ``edge_share``:
    the share of the uses of a one-sided frame's fixed part that stand at its clause edge (the frame's
    uses / the n-gram's); ``noun_after``: the share of the uses of a suffix frame's closing n-gram
    followed by a noun; ``enumerated``: the share of a suffix frame's uses followed by 、; ``verb_only``:
    the share of a suffix frame's uses whose slot is only a verb phrase of one or two tokens; ``bare_share``:
    the share of the clauses opened by a word starting with a prefix frame's one token that it opens alone.
    Rejected:

    * no content token (``在X``, ``X的Y``);
    * exactly one content token, unless it is a modifier (:data:`MODIFIER_TAGS`: 进一步, 切实) that the slot
      follows, or a negated word (first character in :data:`NEGATORS`: 不够, 不足) that the slot precedes
      — a bare verb, noun or adjective (``加强X``, ``X工作``) is a word with an argument, not a frame;
    * a modifier frame whose slot opens with a content verb in less than :data:`MODIFIER_VERB_SHARE` of
      its uses (特别是…, 一定要…, 高举…旗帜), or whose modifier opens less than :data:`MODIFIER_EDGE_SHARE`
      of the clauses it is in (长期, 仿真: an attribute inside noun phrases, not a directive's adverb), or
      that opens alone less than :data:`MODIFIER_BARE_SHARE` of the clauses opened by words starting with
      it (``充分X``: 充分发挥, 充分利用 are words of the lexicon; the frame holds the leftovers);
    * a circumfix frame whose slot opens with a content verb in :data:`CIRCUMFIX_VERB_SLOT` of its uses or
      more (``加快X体系``: 加快构建…体系): a verb phrase cut in two;
    * a noun next to the slot on its one side (``世界经济X``, ``X改革试点``) or on both (``智能X技术``): the
      slot is then a verb or modifier around a fixed noun phrase — a term, not a frame;
    * a one-sided frame whose fixed part is nominal at its outer edge (a prefix opening, a suffix closing
      with a noun) and stands at its clause edge in less than :data:`NOUN_EDGE_SHARE` of its uses: a noun
      compound whose modifier varies (``X应用场景``, ``智能制造X``); a suffix closing with a verbal noun
      below :data:`VERBAL_NOUN_EDGE_SHARE` likewise (``X可持续发展``: 可持续发展能力);
    * a one-sided frame whose fixed part is verbs only (:data:`VERB_TAGS`, none negated) used as a
      compound term: a suffix followed by a noun in :data:`VERBAL_NOUN_AFTER` of its uses or more
      (``X示范应用``), a prefix opening less than :data:`VERBAL_EDGE_SHARE` of its clauses (``自动驾驶X``);
    * a suffix frame whose slot is only a verb in :data:`VERB_ONLY_SLOT` of its uses or more
      (``X新发展格局``: 构建新发展格局, 融入新发展格局): the fixed part is a term, the object of the verbs;
    * a suffix frame followed by 、 in :data:`ENUMERATED_SHARE` of its uses or more: a list item cut off
      (``X贯彻落实党中央``); a circumfix frame's opening verb governs the whole list that follows it
      (``鼓励X企业、``: 鼓励龙头企业、中小企业…; ``加强X建设、完善Y体系``), a whole phrase.
    """
    content = [t for t in (*head, *tail) if _is_content(t, tags)]
    if not content:
        return "function words only"
    if len(content) == 1:
        word = content[0]
        modifier = word in head and tags.get(word, "n") in MODIFIER_TAGS
        if not (modifier or (word in tail and word[0] in NEGATORS)):
            return "one bare content word"
        least = MODIFIER_VERB_SHARE if len(head) == 1 and not tail else MODIFIER_WITH_MODAL_VERB_SHARE
        if modifier and (
            (verb_slot is not None and verb_slot < least) or (not tail and edge_share < MODIFIER_EDGE_SHARE)
        ):
            return "adverb of no directive"
        if modifier and not tail and bare_share < MODIFIER_BARE_SHARE:
            return "adverb fused with its verbs"
    if head and tail:  # both sides of the slot nouns (建设X平台: 建设 is a verbal noun, stays)
        if tags.get(head[-1]) in NOUN_TAGS and tags.get(tail[0]) in NOUN_TAGS:
            return "noun next to the slot"
        if verb_slot is not None and verb_slot >= CIRCUMFIX_VERB_SLOT:
            return "verb phrase cut in two"
        return None
    if tail and enumerated >= ENUMERATED_SHARE:
        return "cut inside an enumeration"
    if tail and verb_only >= VERB_ONLY_SLOT:
        return "term after varying verbs"
    edge = head[-1] if head else tail[0]
    if tags.get(edge, "n")[0] in "nj" or tags.get(edge) == "vn":
        return "noun next to the slot"
    side, outer = ("prefix", head[0]) if head else ("suffix", tail[-1])
    if tags.get(outer, "n") in NOUN_TAGS and edge_share < NOUN_EDGE_SHARE[side]:
        return "noun compound inside clauses"
    if side == "suffix" and tags.get(outer) == "vn" and edge_share < VERBAL_NOUN_EDGE_SHARE:
        return "noun compound inside clauses"
    verbal = all(len(t) > 1 and tags.get(t) in VERB_TAGS and t[0] not in NEGATORS for t in (*head, *tail))
    if verbal and (noun_after >= VERBAL_NOUN_AFTER if tail else edge_share < VERBAL_EDGE_SHARE):
        return "verbal compound term"
    return None
