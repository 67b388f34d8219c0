"""Chinese names of what ``report.html`` shows (English stays in the tooltips): phrase kinds, section types,
table columns, metadata columns and charts.  A name missing here is shown as it is in the CSV files."""

from __future__ import annotations

from collections.abc import Mapping

from . import labels
from .page_data import FOLDER

#: Kinds, section types and columns by the names every output uses (:mod:`analysis.labels`); the page calls
#: its phrases 提法 whatever their kind.
KIND_LABELS: Mapping[str, str] = labels.KIND_LABELS
SECTION_LABELS: Mapping[str, str] = labels.VALUE_LABELS["section_type"]
COLUMN_LABELS: Mapping[str, str] = {**labels.COLUMN_LABELS, "phrase": "提法"}
FACET_LABELS: Mapping[str, str] = {
    "year": "年份",
    "kind": "类别",
    "genre": "文体",
    "type": "类型",
    "level": "层级",
    "issuer": "发文机关",
    "department": "部门",
    "region": "地区",
    "province": "省份",
    "city": "城市",
    "source": "来源",
    "author": "作者",
    "truncated": "是否节选",
    FOLDER: "文件夹",
}
#: What each kind is, for the guide and the kind buttons' tooltips.
KIND_HINTS: Mapping[str, str] = {
    "slogan": "数字概括式提法和引号中的固定说法，如“两个维护”“三会一课”（slogan）",
    "term": "由几个词组成、反复出现的术语，如“全面从严治党”（term）",
    "idiom": "四字格、成语式短语，如“风清气正”“久久为功”（idiom）",
    "passage": "多篇报告反复出现的整段表述（passage）",
    "heading": "并列标题共用的框架，X、Y 等为可替换部分（heading template）",
    "frame": "句子中固定的部分，X 为可替换部分，如“进一步X”（frame）",
    "name": "机构、会议、文件等名称（name）",
}
CHART_LABELS: Mapping[str, str] = {"section_frequency.png": "各类章节出现频次"}
#: Titles of the section tables (``section_*`` phrase tables with a ``section_type`` column).
SECTION_TABLE_LABELS: Mapping[str, str] = {
    "section_phrases": "各类章节的特征提法",
    "section_frames": "各类章节的特征句式",
}
