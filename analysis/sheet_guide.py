"""The guide sheet (说明) of the workbook: what each sheet and each column holds, in Chinese.

The guide is built from the tables actually written (:func:`guide_rows`), so a column added to a table later
is listed too, with its English name and, until it is described here, a note saying so.  Descriptions are
looked up by ``(table, column)`` first, then by column alone: ``n_chars`` of a document and of a section are
different counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .labels import KIND_LABELS, SECTION_LABELS, column_label

#: Title of the guide sheet; it is the first sheet of the workbook.
GUIDE_SHEET = "说明"

#: Chinese sheet names, by table (the CSV file's stem); a table without one keeps its English name.
SHEET_LABELS: Mapping[str, str] = {
    "phrases": "短语库",
    "section_phrases": "章节特征短语",
    "section_frames": "章节特征句式",
    "sections": "章节",
    "structure_stats": "结构统计",
    "enumerations": "列举项",
    "document_keywords": "文档关键词",
    "documents": "文档",
    "problems": "读取问题",
    "boilerplate": "删除的网页杂项",
}

#: What each table holds.
SHEET_NOTES: Mapping[str, str] = {
    "phrases": "短语库：从全部报告中挖掘出的可复用短语，按类型和得分排列；每条附一个例句。",
    "section_phrases": "各类章节中比其他章节更常用的短语（特征度越高越典型），附例句；"
    "只列至少两篇报告中出现、差异显著的。",
    "section_frames": "各类章节中比其他章节更常用的句式（如“进一步X”“X还不够到位”），"
    "以分句为单位计数，各列同上表。",
    "sections": "每篇报告的各级标题，按文中顺序；一级标题归入一种章节类型，下级标题沿用其类型。",
    "structure_stats": "语料结构的统计：篇数、字数、各级标题、各类章节的数量、占比和位置、列举项等。",
    "enumerations": "正文中“一是……二是……”式的列举项，附所在章节。",
    "document_keywords": "每篇报告按 TF-IDF 权重排出的关键词。",
    "documents": "每篇报告一行：来源文件、标题、字数等（正文见 documents.csv 和 texts 文件夹）。",
    "problems": "无法读取或读取时做了处理的文件。",
    "boilerplate": "清洗时作为网页杂项删除的行，可据此核对是否误删。",
}

_KINDS = "、".join(f"{label}（{kind}）" for kind, label in KIND_LABELS.items())
_SECTIONS = "、".join(f"{label}（{kind}）" for kind, label in SECTION_LABELS.items())

#: What a column holds, whatever the table.
COLUMN_NOTES: Mapping[str, str] = {
    "doc_id": "报告编号：文件名（不含扩展名）；一个文件含多篇报告时为“文件名#1”“文件名#2”……",
    "source": "报告所在文件，相对语料文件夹的路径。",
    "title": "报告标题。",
    "title_source": "标题从哪里得来：标题行、元数据、文件名，或无。",
    "n_headings": "报告中的标题数。",
    "n_paragraphs": "报告中的段落数。",
    "year": "年份（来自 metadata.csv）。",
    "text_file": "清洗后全文所在的文件（输出文件夹中的 texts 文件夹）。",
    "level": "标题层级：1 为一级标题（一、），2 为二级（（一）），依此类推。",
    "number": "标题在同级中的序号。",
    "marker": "标题前的编号，如“一、”“（二）”“第三章”。",
    "heading": "标题文字。",
    "section_type": f"章节类型：{_SECTIONS}；开头部分指第一个标题之前的文字。",
    "inline": "标题与正文在同一段（段首标题）时为“是”。",
    "type_source": "章节类型的依据：标题用语，或正文用语（标题看不出类型时）。",
    "ordinal": "列举项的项次（一是为 1，二是为 2……）。",
    "phrase": "短语。",
    "kind": f"短语类型：{_KINDS}。",
    "freq": "在全部报告中出现的次数。",
    "doc_freq": "出现在多少篇报告中。",
    "score": "挖掘得分，越高越值得收录；只在同一类型内可比。",
    "example": "语料中的一个例句。",
    "keyness": "特征度（对数似然比 G²）：该短语在此类章节中比在其他章节中多用的程度，越高越典型。",
    "tfidf": "TF-IDF 权重：在本篇中常用、在其他报告中少用的程度。",
    "rank": "全部类型统一的排名（1 为最典型）：兼顾覆盖的报告数和在本类型中的得分，"
    "按此列排序即得合并的短语表。",
    "p_value": "p 值：差异由偶然造成的概率，越小越可靠。",
    "log_ratio": "对数比（以 2 为底）：此类章节与其他章节相对频率之比的对数，"
    "1 表示频率是其他章节的 2 倍，2 表示 4 倍。",
    "log_likelihood": "对数似然比：差异的显著程度。",
    "slot_fillers": "句式空位中最常见的填充词。",
    "reports": "出现在多少篇报告中。",
    "sentences": "出现在多少个句子中。",
    "n_sentences": "出现在多少个不同的句子（句式表：分句）中。",
    "what": "统计项。",
    "key": "统计项的分项（章节类型、层级、计数、平均值等）。",
    "value": "统计值。",
    "message": "问题说明及处理建议。",
    "action": "对该文件的处理：skipped 表示未读取，其他表示以何种方式读取。",
    "line": "被删除的行在原文件中的行号（从 1 开始）。",
    "rule": "删除该行所依据的规则（见 analysis/boilerplate.py 的说明）。",
}

#: Where a column means something particular to its table.
TABLE_COLUMN_NOTES: Mapping[tuple[str, str], str] = {
    ("documents", "n_chars"): "清洗后正文的字数。",
    ("documents", "kind"): "文档类别（来自 metadata.csv）。",
    ("documents", "text"): "清洗后的正文；超过电子表格单元格上限的部分截去并注明，全文见全文文件。",
    ("sections", "n_chars"): "本节（含下级各节）正文的字数。",
    ("enumerations", "heading"): "列举项所在章节的标题。",
    ("enumerations", "text"): "列举项的文字。",
    ("boilerplate", "n_chars"): "被删除的行的字数。",
    ("boilerplate", "text"): "被删除的行。",
    ("document_keywords", "phrase"): "关键词。",
    ("section_frames", "phrase"): "句式，X、Y 为空位。",
    ("section_frames", "freq"): "在此类章节中出现的次数。",
    ("section_phrases", "freq"): "在此类章节中出现的次数。",
    ("section_phrases", "doc_freq"): "在此类章节中出现的报告数。",
    ("section_frames", "doc_freq"): "在此类章节中出现的报告数。",
}

#: General notes at the top of the guide.
INTRO: tuple[str, ...] = (
    "本工作簿汇总一次分析的结果。每个工作表对应输出文件夹中的一个 CSV 文件："
    "CSV 保留英文列名和英文取值，供程序读取；本工作簿用中文列名、中文章节类型和短语类型，便于阅读。",
    "各表第一行是表头（已冻结），可用表头的筛选按钮筛选、排序。",
    "带小数的数值显示三位小数，很小的数值（如 p 值）用科学计数法，单元格中保存完整数值；"
    "“是/否”列原为 TRUE/FALSE。",
    "超过单元格上限（32,767 字）的文本截断，并在末尾注明；报告全文见输出文件夹中的 texts 文件夹。",
    "下表列出每个工作表及其各列的含义。",
)

#: Header of the guide's table.
GUIDE_HEADER: tuple[str, ...] = ("工作表", "对应文件", "列名", "英文列名", "含义")


def sheet_label(table: str) -> str:
    """Chinese name of a table's sheet (``phrases`` → 短语库); a table without one keeps its English name."""
    return SHEET_LABELS.get(table, table)


def column_note(table: str, column: str) -> str:
    """What ``column`` of ``table`` holds; a column not described yet says so."""
    return TABLE_COLUMN_NOTES.get((table, column)) or COLUMN_NOTES.get(column) or "（尚无说明）"


def guide_rows(tables: Sequence[tuple[str, Sequence[str]]]) -> list[tuple[str, str, str, str, str]]:
    """Rows of the guide's table for ``(table, columns)`` in sheet order: a row naming the sheet and what
    it holds, then one row per column (Chinese header, English name, meaning)."""
    rows: list[tuple[str, str, str, str, str]] = []
    for table, columns in tables:
        sheet = sheet_label(table)
        rows.append((sheet, f"{table}.csv", "", "", SHEET_NOTES.get(table, "")))
        rows.extend((sheet, "", column_label(c), c, column_note(table, c)) for c in columns)
    return rows
