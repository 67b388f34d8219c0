"""Chinese display names of what the outputs hold: section types, phrase kinds, columns, statistics.

One mapping for every place that shows a value to a reader (the workbook, the charts, the page), so a section
type is called the same everywhere.  The CSV files keep the English names: they are the machine contract.
A name missing from a mapping is shown as it is (:func:`display`), so a column or value added later is never
hidden, only left in English until it gets a label here.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Chinese names of the section types (:data:`analysis.records.SECTION_TYPES`).
SECTION_LABELS: Mapping[str, str] = {
    "overview": "基本情况",
    "achievements": "工作成效",
    "problems": "存在问题",
    "causes": "原因分析",
    "measures": "措施打算",
    "other": "其他",
}
#: Name of the text before a report's first heading (:data:`analysis.records.PREAMBLE`).
PREAMBLE_LABEL = "开头部分"

#: Chinese names of the phrase kinds (the ``kind`` column of phrases.csv), those mined now and those planned.
KIND_LABELS: Mapping[str, str] = {
    "slogan": "提法",
    "term": "术语",
    "idiom": "四字格/成语",
    "passage": "常用语段",
    "heading": "标题模板",
    "frame": "句式",
    "name": "专名",
}

#: Chinese headers of the table columns, by their English name in the CSV files.
COLUMN_LABELS: Mapping[str, str] = {
    # documents
    "doc_id": "文档编号",
    "source": "来源文件",
    "title": "标题",
    "n_chars": "字数",
    "text": "文本",
    "text_file": "全文文件",
    "title_source": "标题来源",
    "n_headings": "标题数",
    "n_paragraphs": "段落数",
    "year": "年份",
    # sections and enumerations
    "level": "层级",
    "number": "序号",
    "marker": "编号",
    "heading": "标题",
    "section_type": "章节类型",
    "inline": "段首标题",
    "type_source": "类型依据",
    "ordinal": "项次",
    # phrases, section phrases, keywords
    "phrase": "短语",
    "kind": "类型",
    "freq": "次数",
    "doc_freq": "篇数",
    "score": "得分",
    "example": "例句",
    "keyness": "特征度",
    "tfidf": "TF-IDF权重",
    "rank": "排名",
    "p_value": "p 值",
    "log_ratio": "对数比",
    "log_likelihood": "对数似然比",
    "slot_fillers": "常见填充词",
    "reports": "报告数",
    "sentences": "句数",
    "n_sentences": "句数",
    "expected": "期望频次",
    "share": "占比",
    "significant": "显著",
    "mi": "互信息",
    "pmi": "点互信息",
    "collocate": "搭配词",
    "template": "模板",
    "position": "位置",
    # statistics, problems, boilerplate
    "what": "统计项",
    "key": "分项",
    "value": "数值",
    "message": "说明",
    "action": "处理",
    "line": "行号",
    "rule": "规则",
    # trends and concordances
    "group": "分组",
    "count": "次数",
    "chars": "字数",
    "per_10k": "每万字次数",
    "left": "左侧上下文",
    "keyword": "关键词",
    "right": "右侧上下文",
    "offset": "位置",
}

#: Chinese names of the statistics of structure_stats.csv (its ``what`` column).
STAT_LABELS: Mapping[str, str] = {
    "documents": "文档数",
    "characters": "字数",
    "documents_with_title": "有标题的文档数",
    "headings_per_level": "各层级标题数",
    "headings_per_document": "每篇标题数",
    "documents_without_headings": "无标题结构的文档数",
    "inline_headings": "段首标题数",
    "section_type_count": "各类章节数",
    "section_type_share_of_documents": "含该类章节的文档占比",
    "section_relative_position_mean": "章节平均相对位置",
    "subsections_per_section_mean": "每节平均下级标题数",
    "section_chars_mean": "章节平均字数",
    "section_sequence": "章节类型顺序",
    "heading_chars": "标题字数",
    "enumeration_items": "列举项数",
    "enumeration_length": "列举长度（项数）",
}

#: Chinese names of the values of a few columns, by column; values not listed are shown as they are.
VALUE_LABELS: Mapping[str, Mapping[str, str]] = {
    "section_type": {**SECTION_LABELS, "preamble": PREAMBLE_LABEL},
    "kind": KIND_LABELS,
    "what": STAT_LABELS,
    "key": {
        **SECTION_LABELS,
        "count": "计数",
        "mean": "平均",
        "median": "中位数",
        "max": "最大",
        "mean_per_document": "每篇平均",
        "median_per_document": "每篇中位数",
        "total": "合计",
        "(none)": "（无）",
    },
    "type_source": {"heading": "标题用语", "body": "正文用语"},
    "title_source": {"title line": "标题行", "metadata": "元数据", "file name": "文件名", "none": "无"},
}

#: Columns whose values are shown in Chinese only when every value has a label: ``kind`` is a phrase kind in
#: the phrase tables but a column of the user's metadata.csv in the documents table.
WHOLE_COLUMN_ONLY: frozenset[str] = frozenset({"kind"})
#: What joins the section types of a sequence (``achievements→measures``): each part is shown in Chinese.
SEQUENCE_JOINER = "→"

#: How booleans are shown.
YES, NO = "是", "否"


def display(mapping: Mapping[str, str], name: str) -> str:
    """``mapping[name]``, or ``name`` itself when it has no label."""
    return mapping.get(name, name)


def value_label(column: str, value: str) -> str:
    """Chinese name of ``value`` in ``column`` (a sequence ``a→b`` part by part); unknown: as it is."""
    labels = VALUE_LABELS.get(column, {})
    if value in labels or SEQUENCE_JOINER not in value:
        return labels.get(value, value)
    return SEQUENCE_JOINER.join(labels.get(part, part) for part in value.split(SEQUENCE_JOINER))


def section_label(section_type: str) -> str:
    """Chinese name of a section type (``problems`` → 存在问题; ``preamble`` → 开头部分); unknown: as is."""
    return display(VALUE_LABELS["section_type"], section_type)


def column_label(column: str) -> str:
    """Chinese header of a column (``score`` → 得分); a column without a label keeps its English name."""
    return display(COLUMN_LABELS, column)
