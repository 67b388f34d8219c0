"""Chinese names of what ``report.html`` shows (English stays in the tooltips): phrase kinds, section types,
table columns, metadata columns and charts.  A name missing here is shown as it is in the CSV files."""

from __future__ import annotations

from collections.abc import Mapping

from .page_data import FOLDER
from .records import PREAMBLE

KIND_LABELS: Mapping[str, str] = {
    "slogan": "提法",
    "term": "术语",
    "idiom": "四字格",
    "passage": "常用语段",
    "heading": "标题模板",
    "frame": "句式框架",
    "name": "名称",
}
SECTION_LABELS: Mapping[str, str] = {
    "overview": "基本情况",
    "achievements": "工作成效",
    "problems": "存在问题",
    "causes": "原因分析",
    "measures": "措施打算",
    "other": "其他",
    PREAMBLE: "开头部分",
}
COLUMN_LABELS: Mapping[str, str] = {
    "phrase": "提法",
    "kind": "类型",
    "freq": "次数",
    "doc_freq": "篇数",
    "score": "得分",
    "example": "例句",
    "rank": "排名",
    "keyness": "特征度",
    "section_type": "章节类型",
    "p_value": "p 值",
    "log_ratio": "对数比",
    "n_sentences": "句数",
    "slot_fillers": "常见填充词",
}
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
