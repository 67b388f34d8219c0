"""Whether four characters are a set phrase by their words alone (:func:`idiom_rejection`).

Reads jieba's dictionary (frequencies and part-of-speech tags of the four characters and of their halves) to
tell a set phrase (因地制宜, 实事求是) from a noun compound (养老保险), a name (雄安新区), a locative or
prepositional phrase (新形势下, 从今年起) or a free verb phrase (扎实推进).  Pure functions over the
dictionary: the corpus is read by :mod:`analysis.miners.idioms`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from analysis.miners.boundaries import FREE_EDGE_CHARS
from analysis.miners.idiom_form import SET_PHRASE_TAGS, is_parallel

#: Characters that mark a function-word sequence, not a set phrase (unless the 4 characters are a
#: dictionary word, as in 与时俱进, 各司其职).
IDIOM_FUNCTION_CHARS: frozenset[str] = frozenset(
    "的了是在和与及之其而把被我你他她它们这那吗呢吧啊着过说要也就都还地得"
)


#: Dictionary tags of four-character nouns that may still be predicates (jieba tags 实事求是, 简政放权,
#: 攻坚克难 as n): rejected only when the second half is a noun (养老保险, 班子成员).
NOMINAL_TAGS: frozenset[str] = frozenset({"n", "nr", "nz", "nrt", "nrfg"})
#: Dictionary tags of four-character words judged by their structure like unknown strings.
PREDICATE_TAGS: frozenset[str] = frozenset({"v", "vn", "vd", "a", "ad", "an", "z"})
#: Tags of a two-character word heading a noun compound (…保险, …侨胞, …院所) and of its modifier.
HEAD_NOUN_TAGS: frozenset[str] = frozenset({"n", "nz", "ng", "j"})
MODIFIER_TAGS: frozenset[str] = frozenset(
    {"n", "nz", "ng", "nr", "ns", "nt", "j", "b", "s", "f", "m", "r", "vn"}
)
#: Tags of a two-character place word closing a name (雄安新区: 新区 ns); a parallel shape (防沙治沙) is
#: exempt.
PLACE_TAGS: frozenset[str] = frozenset({"ns"})
#: Tags of a two-character word opening or closing a free verb phrase (推动…, 扎实…, …推进).
VERB_HALF_TAGS: frozenset[str] = frozenset({"v", "a", "d", "ad"})
#: First characters of prepositional phrases (从今年起, 向中西部, 为进一步, 从各方面).
IDIOM_PREPOSITIONS: frozenset[str] = frozenset("从向为在对把被由于自按据")
#: Numeral characters (一百一十 is a number, not a phrase).
IDIOM_NUMERALS: frozenset[str] = frozenset("零〇○一二三四五六七八九十百千万亿两")
#: Localisers closing a locative phrase (新形势下, 本世纪末).
IDIOM_LOCALISERS: frozenset[str] = frozenset("上下中里内外前后末初")


def idiom_rejection(
    gram: str,
    *,
    word_freq: Mapping[str, int],
    word_tags: Mapping[str, str],
    common_noun_freq: int = 1500,
    common_word_freq: int = 1000,
    subject_freq: int = 100,
    function_chars: Iterable[str] = IDIOM_FUNCTION_CHARS,
) -> str | None:
    """Why the four characters ``gram`` are not a set phrase by their words alone, or None.

    Tags come from jieba's dictionary (``word_tags``), halves are ``gram[:2]`` and ``gram[2:]``.  Rules, first
    match wins (a 成语 ``i`` only meets the first):

    * ``"locative"``: a noun + localiser (新形势下: 形势 + 下);
    * ``"tag"``: a dictionary word tagged neither set phrase (i, l), noun (n …) nor predicate (v, a, z …):
      ns/nt/m/t/c/d/r … (另一方面 c, 绝大多数 m, 本世纪末 t, 科研院所 nt) unless parallel (港人治港);
    * ``"preposition"``: a preposition before a word (从今年起, 向中西部);
    * ``"temporal"``: a two-character time word inside (近几年来: 年来 t);
    * ``"function"``: two or more function characters (这就是说);
    * ``"abbreviation"``: a half is an abbreviation ``j`` (纪检监察, 纪委监委);
    * ``"place name"``: the second half is a place word (:data:`PLACE_TAGS`: 雄安新区) in four characters
      the dictionary does not list (勤俭建国, 抓纲治国 are listed: jieba tags 建国, 治国 ns) nor parallel
      (防沙治沙);
    * ``"nominal"``: a 习用语 (l) that is a common verb (``>= common_word_freq``) modifying a noun head of
      frequency ``>= subject_freq`` (合成树脂, 操作规程: jieba lists material and document names as l), unless
      parallel (互联互通); the second half is a noun (n, nz, ng, j) and the first half a modifier word (noun,
      ns, vn, b, s, m …) or the head noun has frequency ``>= common_noun_freq`` (海外侨胞, 无产阶级,
      小微企业); for a word the dictionary tags as a noun, any noun second half suffices (养老保险, 班子成员);
      a common noun (``>= subject_freq``) before a verb (污染加剧);
    * not in the dictionary only: ``"compound"``, the first half a noun of frequency ``>= common_word_freq``
      (集体林权, 风险隐患); ``"verb phrase"``, the first half a verb/adjective/adverb of frequency
      ``>= common_word_freq`` (推动管党, 增强拒腐) or the second half such a verb (扎实推进, 统筹推进).
    """
    tag = word_tags.get(gram) if word_freq.get(gram) else None
    first, second = gram[:2], gram[2:]
    if gram[-1] in IDIOM_LOCALISERS and any(
        word_tags.get(part, "").startswith("n") for part in (gram[1:3], gram[:3])
    ):
        return "locative"
    if tag == "i":
        return None
    if (
        tag is not None
        and tag not in SET_PHRASE_TAGS | NOMINAL_TAGS | PREDICATE_TAGS
        and not is_parallel(gram)
    ):
        return "tag"
    if gram[0] in IDIOM_PREPOSITIONS and any(word_freq.get(part) for part in (gram[1:], gram[1:3], gram[2:])):
        return "preposition"
    if any(word_tags.get(gram[i : i + 2]) == "t" for i in range(3)):
        return "temporal"
    if sum(char in frozenset(function_chars) for char in gram) >= 2:
        return "function"
    if all(char in IDIOM_NUMERALS for char in gram):
        return "numeral"
    if word_freq.get(gram[:3]) or word_freq.get(gram[1:]):
        return "three plus one"
    if (
        gram[2] in IDIOM_NUMERALS
        and not IDIOM_NUMERALS.intersection(gram[:2])
        and gram[3] not in IDIOM_NUMERALS
    ):
        return "count"
    if any(_free_inside(gram, i, word_freq) for i in (1, 2)):
        return "particle inside"
    first_tag = word_tags.get(first, "") if word_freq.get(first) else ""
    second_tag = word_tags.get(second, "") if word_freq.get(second) else ""
    if "j" in (first_tag, second_tag):
        return "abbreviation"
    if second_tag in PLACE_TAGS and tag is None and not is_parallel(gram):
        return "place name"
    if (
        tag in SET_PHRASE_TAGS
        and first_tag in ("v", "vn")
        and word_freq.get(first, 0) >= common_word_freq
        and second_tag in HEAD_NOUN_TAGS
        and word_freq.get(second, 0) >= subject_freq
        and not is_parallel(gram)
    ):
        return "nominal"
    if second_tag in HEAD_NOUN_TAGS and (
        tag in NOMINAL_TAGS or first_tag in MODIFIER_TAGS or word_freq.get(second, 0) >= common_noun_freq
    ):
        return "nominal"
    if first_tag == "n" and second_tag in ("v", "vn") and word_freq.get(first, 0) >= subject_freq:
        return "nominal"
    if tag is None:
        if first_tag in HEAD_NOUN_TAGS and word_freq.get(first, 0) >= common_word_freq:
            return "compound"
        if (first_tag in VERB_HALF_TAGS and word_freq.get(first, 0) >= common_word_freq) or (
            second_tag == "v" and word_freq.get(second, 0) >= common_word_freq
        ):
            return "verb phrase"
    return None


def _free_inside(gram: str, i: int, word_freq: Mapping[str, int], min_word_freq: int = 10) -> bool:
    """Whether ``gram[i]`` is a free particle (:data:`~analysis.miners.boundaries.FREE_EDGE_CHARS`: 等, 和,
    的 …) that makes no dictionary word with either neighbour (青岛等市: 岛等, 等市; not 多措并举: 并举)."""
    return gram[i] in FREE_EDGE_CHARS and all(
        (word_freq.get(pair) or 0) < min_word_freq for pair in (gram[i - 1 : i + 1], gram[i : i + 2])
    )
