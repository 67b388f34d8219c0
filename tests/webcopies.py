"""Reports as people really collect them: portal pages and library pages, written with their ground truth.

A user who builds a corpus copies reports from news and government portals (each page carries the site's
toolbar, breadcrumb, date/source lines, photo captions, related-link tail and footer) and from online
libraries (a two-line title, an author line, a navigation line and a licence footer repeated on every page).
This module writes such corpora for the tests and the benchmarks, and records for every file what a cleaner
must find: the title, where it comes from, every chrome line inserted, and every body line that must survive.

Everything here is invented for the tests (places, sites, names, figures, the licence wording): nothing is
copied from a real report, so the cleaning is measured on material it was not tuned on.  The corpora are
deterministic functions of ``(n, seed)``; all randomness goes through an explicit :class:`random.Random`.

Parts:

* report bodies (:func:`compose_report`): government work reports of provinces, cities and counties, plan
  reports (``关于…计划执行情况…的报告``), 述职报告 and 工作总结, composed from sentence templates with
  slots (place, year, figures, topics).  They hold what a cleaner must not take for chrome: salutations,
  date and speaker lines, short headings, a closing formula shared by many reports, signature blocks, and
  sentences that merely contain chrome words (:data:`CHROME_WORDS`);
* portal pages (:func:`portal_pages`, :func:`write_portal_corpus`): seven made-up sites, each with its own
  template repeated over its pages; two of them put no title on the page (the title is then the file
  name without its numbering prefix);
* library pages (:func:`library_pages`, :func:`write_library_corpus`): party-congress reports with a
  two-line title and a licence footer identical on most pages;
* measurement (:func:`normalize`, :func:`chrome_left`, :func:`body_lost`, :func:`sentences_lost`,
  :func:`residue`): how a cleaned text compares with the ground truth, shared by the tests and
  ``benchmarks/eval_webcopies.py``.

``python -m tests.webcopies OUT_DIR`` writes both corpora (``OUT_DIR/portal``, ``OUT_DIR/library``).
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

TITLE_LINE = "title line"  #: the title is a line of the page
FILE_NAME = "file name"  #: the page has no title line: the title is the file name without numbering

#: Kinds of chrome lines (``Expected.chrome_kinds``).
CHROME_KINDS = (
    "header",  # the site's name or top navigation bar
    "breadcrumb",  # 首页 > 要闻 > 正文
    "meta",  # date, source, author, editor lines
    "font",  # font-size controls
    "toolbar",  # 下载 | 打印 | 收藏, or one command per line
    "caption",  # photo captions
    "share",  # share bars
    "related",  # 相关报道：… and the titles after it
    "editor",  # 责任编辑：…
    "closer",  # 打印本页 关闭窗口
    "footer",  # 主办/承办/ICP备/版权所有
    "author",  # a library's author line
    "nav",  # a library's navigation line
    "licence",  # a library's licence footer (several paragraphs)
)
#: Chrome kinds recognisable by their shape alone, on a single page (no other page to compare with).
SHAPE_KINDS = frozenset({"breadcrumb", "meta", "font", "toolbar", "caption", "related", "editor", "closer"})
#: Words of page chrome that also occur in report sentences; every corpus has body lines holding each.
CHROME_WORDS = ("时间", "来源", "下载", "打印", "编辑", "首页", "分享", "收藏", "相关", "记者", "摄")


@dataclass(frozen=True)
class Expected:
    """Ground truth of one written file.

    ``chrome`` holds every chrome line exactly as written (indentation included, line ending excluded),
    in page order, with its kind in ``chrome_kinds`` (same length); ``body`` holds the report's body lines
    as written, in order (the title line is in neither).  Cleaning must remove every chrome line and keep
    every body line (possibly re-joined or width-normalised: compare with :func:`normalize`).
    """

    file_name: str
    title: str
    title_source: str  #: TITLE_LINE or FILE_NAME
    chrome: tuple[str, ...]
    chrome_kinds: tuple[str, ...]
    body: tuple[str, ...]
    site: str

    @property
    def doc_id(self) -> str:
        """The pipeline's ``doc_id`` of the file: its stem."""
        return Path(self.file_name).stem


@dataclass(frozen=True)
class ReportBody:
    """A composed report: its canonical title, its genre and its body lines (title excluded)."""

    kind: str  #: province, city, county, plan, duty (述职报告), summary (工作总结), congress (党代会报告)
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    """A page as it will be written: its text (lines joined with its line ending) and its ground truth."""

    expected: Expected
    text: str
    encoding: str = "utf-8"


# ---------------------------------------------------------------------------------------------------------
# Places and people (all invented)
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """An administrative unit: ``name`` (东陵省), ``level`` (省/市/县), and its congress's term (十四)."""

    name: str
    level: str
    term: str

    @property
    def short(self) -> str:
        """The name without its level character: 东陵省 → 东陵."""
        return self.name[:-1]


PROVINCES = tuple(
    Place(n, "省", "十四") for n in ("东陵省", "青原省", "云岫省", "江汀省", "北峦省", "西屏省")
)
CITIES = tuple(Place(n, "市", "十七") for n in ("南屏市", "北湖市", "清漪市", "望川市", "鹿溪市", "松岚市"))
COUNTIES = tuple(Place(n, "县", "十八") for n in ("西岭县", "梅汀县", "云阶县", "禾丰县", "棠溪县", "柘川县"))
_HEAD = {"省": "省长", "市": "市长", "县": "县长"}
SURNAMES = "林何周吴郑王冯陈褚卫蒋沈韩杨朱秦许吕施张孔曹严华金魏陶姜谢邹喻柏窦章苏潘葛范彭鲁韦马苗方俞"
#: Departments of a county (name, field of work, head's post).
UNITS = (
    ("统计局", "统计", "局长"),
    ("水利局", "水利", "局长"),
    ("农业农村局", "农业农村", "党组书记、局长"),
    ("文化和旅游局", "文化旅游", "局长"),
    ("市场监督管理局", "市场监管", "局长"),
    ("医疗保障局", "医疗保障", "副局长"),
)
_CN_DIGITS = "〇一二三四五六七八九十"


def _cn(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (numbers 1–19)."""
    if number <= 10:
        return _CN_DIGITS[number]
    return "十" + _CN_DIGITS[number - 10]


def _person(rng: random.Random, given: str = "某某") -> str:
    return rng.choice(SURNAMES) + given


# ---------------------------------------------------------------------------------------------------------
# Sentence banks: templates with slots {place} {short} {lvl} {all} {year} {prev} {term} {sess} and figures
# {a} (1–60) {b} (100–999) {c} (1.0–15.0) {d} (1000–99999) {x} (10.0–900.0) {pct} (60–99) {e} (1–9)
# ---------------------------------------------------------------------------------------------------------

#: (heading, sentences) of achievement sections of a government work report.
GOV_ACHIEVEMENTS = (
    ("经济运行稳中有进", (
        "{all}地区生产总值达到{d}亿元，增长{c}%，增速快于全国平均水平。",
        "规模以上工业增加值增长{c}%，固定资产投资增长{c}%，社会消费品零售总额突破{b}亿元。",
        "新登记经营主体{d}户，民营经济增加值占比提高到{pct}%。",
        "一般公共预算收入完成{x}亿元，其中税收收入占比达到{pct}%。",
    )),
    ("创新动能加快集聚", (
        "研发经费投入强度提高到{c}%，新认定高新技术企业{b}家。",
        "新建重点实验室和工程研究中心{a}个，技术合同成交额达到{x}亿元。",
        "数字经济核心产业增加值增长{c}%，新增上云企业{d}家。",
    )),
    ("改革开放纵深推进", (
        "营商环境改革持续深化，企业开办压缩至{e}个工作日以内。",
        "进出口总额完成{x}亿元，实际使用外资增长{c}%。",
        "国有企业改革深化提升行动扎实推进，完成改革任务{pct}%以上。",
    )),
    ("城乡融合步伐加快", (
        "粮食总产量稳定在{b}万吨以上，新建高标准农田{a}万亩。",
        "新改建农村公路{b}公里，常住人口城镇化率提高到{c}%。",
        "农村居民人均可支配收入增长{c}%，脱贫群众收入增速高于农民平均水平。",
    )),
    ("生态环境持续改善", (
        "空气质量优良天数比率达到{pct}%，重点河流断面水质全部达标。",
        "完成营造林{a}万亩，单位生产总值能耗下降{c}%。",
        "整治入河排污口{b}个，建成美丽河湖{a}条。",
    )),
    ("民生福祉不断增进", (
        "民生支出占一般公共预算支出的比重保持在{pct}%。",
        "城镇新增就业{a}万人，调查失业率控制在预期目标以内。",
        "新增公办学位{d}个，建成社区嵌入式养老服务设施{b}处。",
        "十件民生实事全部兑现，完成老旧小区改造{b}个。",
    )),
    ("安全发展基础更加牢固", (
        "生产安全事故起数和死亡人数分别下降{c}%和{c}%。",
        "地方债务风险总体可控，化解存量隐性债务{x}亿元。",
        "新建应急避难场所{a}处，防灾减灾能力明显提升。",
    )),
)  # fmt: skip
#: (heading, sentences) of measure sections.
GOV_MEASURES = (
    ("着力扩大有效需求", (
        "进一步扩大有效投资，全年实施重点项目{b}个、完成投资{x}亿元以上。",
        "要多措并举提振消费，培育智慧零售、夜间经济等消费新场景。",
        "将实施城市更新项目{a}个，带动社会投资{x}亿元。",
    )),
    ("加快建设现代化产业体系", (
        "进一步推动传统产业向高端化、智能化、绿色化转型。",
        "将新培育专精特新中小企业{a}家，力争战略性新兴产业增加值增长{c}%。",
        "要抓好产业链链长制，围绕主导产业引进补链项目{a}个。",
    )),
    ("持续深化改革扩大开放", (
        "进一步深化要素市场化配置改革，推动更多政务服务事项网上办、掌上办。",
        "要稳住外贸外资基本盘，支持企业参加境外展会{a}场次。",
        "将开展营商环境提升行动，持续降低制度性交易成本。",
    )),
    ("全面推进乡村振兴", (
        "进一步稳定粮食播种面积，新建高标准农田{a}万亩。",
        "要发展乡村特色产业，培育农业产业化龙头企业{a}家。",
        "将持续改善农村人居环境，新改建农村户厕{d}户。",
    )),
    ("加强生态文明建设", (
        "进一步深入打好蓝天、碧水、净土保卫战。",
        "要推进重点领域节能降碳改造，新增光伏装机{a}万千瓦。",
        "将实施重要生态系统保护和修复工程{a}个。",
    )),
    ("用心用情保障和改善民生", (
        "进一步落实就业优先政策，力争城镇新增就业{a}万人。",
        "要扩大优质教育资源供给，新建改扩建中小学和幼儿园{a}所。",
        "将健全多层次医疗保障体系，推进紧密型县域医共体建设。",
    )),
    ("统筹发展和安全", (
        "进一步压实安全生产责任，开展重点行业领域隐患排查整治。",
        "要稳妥化解地方债务风险，严守不发生系统性风险的底线。",
    )),
)  # fmt: skip
#: Problems of a government work report (``…还不够…``, ``差距``).
GOV_PROBLEMS = (
    "经济回升向好的基础还不够稳固",
    "科技创新对产业升级的支撑作用还不够强",
    "与先进地区相比，产业层次和发展质量仍有较大差距",
    "部分中小企业生产经营比较困难",
    "教育、医疗、养老等民生领域还有不少短板",
    "一些干部推动高质量发展的本领还不够过硬",
    "城乡区域发展差距依然较大",
    "防范化解风险的任务依然繁重",
)
#: Sentences holding a chrome word (first element): body text that must survive cleaning.
CHROME_WORD_SENTENCES = (
    ("下载", "推行“一件事一次办”，群众下载“{short}通”App办理高频事项的平均时间由{a}天压减到{e}天。"),
    ("来源", "多渠道拓宽重大项目资金来源，争取中央预算内投资{x}亿元。"),
    ("时间", "时间紧、任务重、要求高，我们必须只争朝夕、压茬推进。"),
    ("打印", "推广3D打印、激光切割等先进制造技术，新增智能工厂{a}家。"),
    ("编辑", "组织编辑《{short}年鉴》和乡镇志{a}部，整理地方史料{b}万字。"),
    ("首页", "在政府门户网站首页开设“我为发展献一策”专栏，收集意见建议{d}条。"),
    ("分享", "推动大型科研仪器开放共享，建立科学数据分享机制，服务中小企业{d}家次。"),
    ("收藏", "建成{short}地方文献数字馆，收藏古籍善本和革命文物{d}件。"),
    ("相关", "相关部门要主动担当、密切协作，形成抓落实的工作合力。"),
    ("记者", "健全新闻发布制度，全年举办新闻发布会{a}场，邀请记者走进项目一线{a}次。"),
    ("摄", "举办“{short}之美”摄影大赛和乡村文化旅游节，接待游客{b}万人次。"),
    ("来源", "来源于基层一线的{b}条意见建议已全部办理回复。"),
    ("下载", "电子证照可在线下载使用，{b}类常用证明实现免提交。"),
)
#: Short body lines holding a chrome word (written as their own paragraph).
CHROME_WORD_LINES = ("拓宽融资来源，盘活存量资产。", "分享发展成果，回应群众期盼。", "时间就是效率。")

GOV_OPENINGS = (
    "受{lvl}人民政府委托，现就政府工作向大会作报告，请各位代表审议，并请政协委员和列席同志提出意见。",
    "我代表{place}人民政府，向大会报告过去一年的工作和{year}年的主要任务，请予审议。",
)
GOV_INTROS = (
    "过去一年，是{place}发展进程中极不平凡的一年。面对复杂严峻的外部环境，我们坚持稳中求进，统筹抓好稳增长、"
    "强创新、优结构、保民生、防风险，经济社会发展主要目标任务顺利完成。",
    "{prev}年，我们团结带领{all}人民攻坚克难、砥砺奋进，较好完成了{lvl}第{term}届人大第{sess1}次会议确定的"
    "目标任务。",
)
GOV_CLOSINGS = (
    # the same exhortation in many reports (as real reports repeat theirs): it is body, not boilerplate
    "各位代表！新的征程已经开启，新的使命催人奋进。让我们同心同德、埋头苦干，勇毅前行、真抓实干，奋力完成全年目标任务！",
    "各位代表，使命呼唤担当，实干创造未来！让我们凝心聚力、开拓奋进，为谱写中国式现代化{short}新篇章而不懈奋斗！",
)
_PLAN_PHRASE = {
    2021: "“十四五”开局之年",
    2022: "“十四五”承上启下的重要一年",
    2023: "“十四五”规划实施的攻坚之年",
    2024: "“十四五”规划攻坚冲刺的关键一年",
    2025: "“十四五”规划的收官之年",
    2026: "“十五五”规划的开局之年",
    2027: "“十五五”规划承前启后的关键之年",
}

DUTY_ACHIEVEMENTS = (
    ("坚持学思践悟，政治能力持续提升", (
        "坚持把理论学习作为首要任务，全年参加中心组学习{a}次，撰写心得体会{e}篇。",
        "始终在政治立场、政治方向上与党中央对标对表，不折不扣落实上级决策部署。",
    )),
    ("聚焦主责主业，{field}工作有序推进", (
        "牵头推进{field}领域重点项目{a}个，完成投资{x}亿元。",
        "围绕中心工作开展{field}专题调研{e}次，形成调研报告{e}篇，提出的{e}条建议被采纳。",
        "全年办理群众来信来访{b}件，按期办结率{pct}%。",
    )),
    ("严守纪律规矩，廉洁自律常抓不懈", (
        "认真履行“一岗双责”，与分管科室负责人开展谈心谈话{a}人次。",
        "严格执行中央八项规定精神，没有违规收受礼品礼金等问题。",
    )),
)  # fmt: skip
DUTY_PROBLEMS = (
    "理论学习的系统性还不够，学用结合还有差距。",
    "推动工作创新的办法还不够多，有的工作满足于按部就班。",
    "深入基层调研还不够经常，对一些新情况新问题研究不深。",
    "抓落实的韧劲还不够足，有的工作推进与群众期盼相比还有差距。",
)
DUTY_MEASURES = (
    "进一步加强理论武装，把学习成果转化为推动工作的实际成效。",
    "进一步聚焦{field}主业，力争{year}年重点指标增长{c}%以上。",
    "进一步从严要求自己，自觉接受组织和群众监督。",
    "进一步改进工作作风，每季度到基层调研不少于{e}次。",
)
DUTY_CLOSING = "以上述职，如有不当之处，恳请各位领导和同志们批评指正。"

SUMMARY_ACHIEVEMENTS = (
    ("突出重点，{field}工作取得新进展", (
        "全年完成{field}领域重点任务{a}项，完成率{pct}%。",
        "争取上级资金{x}万元，同比增长{c}%。",
    )),
    ("深化改革，服务效能不断提升", (
        "政务服务事项全部实现网上可办，平均办理时限压缩{pct}%。",
        "开展“送政策上门”活动{a}次，服务企业{b}家。",
    )),
    ("加强自身建设，队伍素质稳步提高", (
        "组织业务培训{a}期，培训干部职工{b}人次。",
        "扎实开展作风建设专项行动，整改问题{a}个。",
    )),
)  # fmt: skip
SUMMARY_PROBLEMS = (
    "一是{field}基础工作还不够扎实，部分数据质量有待提高。",
    "二是干部队伍专业能力与新形势新任务要求相比还有差距。",
    "三是基层基础设施投入不足，服务保障能力还不够强。",
)
SUMMARY_PLANS = (
    "（一）进一步抓好{field}重点任务，确保{year}年各项指标稳中有进。",
    "（二）进一步深化改革创新，推出便民利企新举措{e}项。",
    "（三）进一步加强队伍建设，打造忠诚干净担当的干部队伍。",
)

CONGRESS_MAIN_FIRST = (
    "坚持稳中求进",
    "勇担时代使命",
    "凝心聚力谋发展",
    "深化改革开放",
    "传承红色基因",
    "坚定信心",
)
CONGRESS_MAIN_SECOND = (
    "不断开创{short}现代化建设新局面",
    "奋力谱写{short}高质量发展新篇章",
    "为建设更加美好的{short}而团结奋斗",
    "加快建设创新{short}开放{short}",
)
CONGRESS_SECTIONS = (
    ("一、过去五年的工作和主要成就", (
        "{prev5}年以来的五年，是{place}发展史上极不平凡的五年。",
        "全{lvl}地区生产总值从{b}亿元增加到{d}亿元，年均增长{c}%。",
        "城乡居民人均可支配收入年均增长{c}%，累计新增城镇就业{a}万人。",
        "在看到成绩的同时，我们也清醒认识到，发展不平衡不充分的问题还不够好解决，与先进地区相比还有不小差距。",
    )),
    ("二、今后五年的总体要求和奋斗目标", (
        "今后五年，是全面建设社会主义现代化的关键时期。",
        "到{plus5}年，全{lvl}经济总量力争突破{d}亿元，人民生活品质进一步提高。",
    )),
    ("三、扎实推进高质量发展", (
        "进一步实施创新驱动发展战略，力争研发经费投入强度达到{c}%。",
        "进一步深化重点领域改革，持续打造一流营商环境。",
        "将统筹新型城镇化和乡村全面振兴，推动城乡融合发展。",
    )),
    ("四、全面加强党的建设", (
        "进一步加强党的政治建设，把党的领导落实到改革发展稳定各领域。",
        "要锲而不舍落实中央八项规定精神，持续营造风清气正的政治生态。",
    )),
)  # fmt: skip
CONGRESS_OPENING = "受中共{place}第{party_prev}届委员会委托，我向大会报告工作，请予审议。"
#: Number of a place's party congress in 2021–2025 (one every five years).
_PARTY_CONGRESS_2021 = {"省": 12, "市": 9, "县": 15}


def party_congress(place: Place, year: int) -> int:
    """The number of ``place``'s party congress held in ``year`` (one every five years from 2021)."""
    return _PARTY_CONGRESS_2021[place.level] + (year - 2021) // 5


CONGRESS_CLOSINGS = (
    "同志们！蓝图已经绘就，号角已经吹响。让我们踔厉奋发、勇毅前行，以新的更大成绩向党和人民交上满意答卷！",
    "同志们！使命催人奋进，实干成就未来。让我们更加紧密地团结起来，为全面建设社会主义现代化{short}而团结奋斗！",
)


# ---------------------------------------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------------------------------------


def _figures(rng: random.Random) -> dict[str, object]:
    """Fresh figures for one sentence (every ``{a}`` … ``{e}`` slot of the banks)."""
    return {
        "a": rng.randint(2, 60),
        "b": rng.randint(100, 999),
        "c": f"{rng.uniform(1.0, 15.0):.1f}",
        "d": rng.randint(1000, 99999),
        "x": f"{rng.uniform(10.0, 900.0):.1f}",
        "pct": rng.randint(60, 99),
        "e": rng.randint(2, 9),
    }


def _filler(rng: random.Random, slots: dict[str, object]) -> Callable[[str], str]:
    """``fill(template)``: the template with the report's slots and fresh figures."""

    def fill(template: str) -> str:
        return template.format(**slots, **_figures(rng))

    return fill


def _base_slots(place: Place, year: int, *, unit: tuple[str, str, str] | None = None) -> dict[str, object]:
    """The slots of a report of ``place`` in ``year`` (figures are drawn per sentence: :func:`_figures`)."""
    slots: dict[str, object] = {
        "place": place.name,
        "short": place.short,
        "lvl": place.level,
        "all": "全" + place.level,
        "year": year,
        "prev": year - 1,
        "prev5": year - 5,
        "plus5": year + 4,
        "term": place.term,
        "sess": _cn(min(max(year - 2022, 1), 5)),
        "sess1": _cn(min(max(year - 2023, 1), 5)),
    }
    if unit is not None:
        slots["field"] = unit[1]
    return slots


def _chrome_word_sentences(offset: int, count: int) -> list[str]:
    """``count`` sentences holding chrome words, cycling through the bank from ``offset`` (so a corpus of a
    few reports already holds every word)."""
    bank = CHROME_WORD_SENTENCES
    return [bank[(offset + i) % len(bank)][1] for i in range(count)]


def _sprinkle(rng: random.Random, paragraphs: list[str], extra: Sequence[str]) -> list[str]:
    """Append each of ``extra`` to a random paragraph of ``paragraphs`` (which end in a sentence)."""
    out = list(paragraphs)
    for sentence in extra:
        i = rng.randrange(len(out))
        out[i] += sentence
    return out


def _subsections(
    rng: random.Random, fill: Callable[[str], str], topics: Sequence[tuple[str, Sequence[str]]], count: int
) -> list[list[str]]:
    """``count`` sub-sections ``（一）…`` from ``topics``: each [heading line, paragraph] or [inline line]."""
    chosen = rng.sample(list(topics), count)
    out: list[list[str]] = []
    for k, (heading, sentences) in enumerate(chosen, start=1):
        picked = rng.sample(list(sentences), min(len(sentences), rng.randint(2, 3)))
        text = "".join(fill(s) for s in picked)
        head = f"（{_cn(k)}）{fill(heading)}"
        out.append([f"{head}。{text}"] if rng.random() < 0.5 else [head, text])
    return out


def _government_report(rng: random.Random, place: Place, year: int, offset: int, *, plan: bool) -> list[str]:
    """Body lines of a government work report (or, ``plan``, of a plan report) of ``place`` for ``year``."""
    slots = _base_slots(place, year)
    fill = _filler(rng, slots)
    lines: list[str] = []
    congress = f"{place.name}第{place.term}届人民代表大会第{slots['sess']}次会议"
    day = rng.randint(8, 28)
    date_style = rng.randrange(4)
    if date_style == 0:
        lines.append(f"（{year}年1月{day}日在{congress}上）")
    elif date_style == 1:
        lines.append(f"——{year}年1月{day}日在{congress}上")
    elif date_style == 2:
        lines.append(f"{year}年1月{day}日")
    if plan:
        lines.append(f"{place.name}发展和改革委员会主任　{_person(rng)}")
    elif rng.random() < 0.8:
        head = ("代" if rng.random() < 0.2 else "") + _HEAD[place.level]
        lines.append(f"{head}{rng.choice((' ', '　', '  '))}{_person(rng)}")
    if rng.random() < 0.85:
        lines.append("各位代表：")
    if plan:
        lines.append(
            fill(
                "受{lvl}人民政府委托，现将{place}{prev}年国民经济和社会发展计划执行情况与{year}年计划草案提请"
                "大会审议，并请政协委员和列席同志提出意见。"
            )
        )
        first = "一、{prev}年国民经济和社会发展计划执行情况"
        second = rng.choice(("二、{year}年经济社会发展的主要任务", "二、{year}年计划安排和重点工作"))
    else:
        lines.append(fill(rng.choice(GOV_OPENINGS)))
        first = rng.choice(("一、{prev}年工作回顾", "一、过去一年的工作", "一、{prev}年主要工作"))
        second = rng.choice(("二、{year}年工作安排", "二、{year}年重点工作", "二、{year}年主要目标任务"))
    extra = _chrome_word_sentences(offset, 4)
    achievements = _subsections(rng, fill, GOV_ACHIEVEMENTS, rng.randint(3, 5))
    measures = _subsections(rng, fill, GOV_MEASURES, rng.randint(3, 5))
    # sprinkle the chrome-word sentences into the paragraphs of both parts
    paragraphs = [sub[-1] for sub in achievements + measures]
    paragraphs = _sprinkle(rng, paragraphs, [fill(s) for s in extra])
    for sub, paragraph in zip(achievements + measures, paragraphs, strict=True):
        sub[-1] = paragraph
    lines.append(fill(first))
    lines.append(fill(rng.choice(GOV_INTROS)))
    for sub in achievements:
        lines.extend(sub)
    problems = rng.sample(GOV_PROBLEMS, 3)
    lines.append(
        "在肯定成绩的同时，我们也清醒看到，与人民群众的期盼相比还有差距，工作中还存在一些困难和问题："
        + "；".join(problems)
        + "。对此，我们将采取有力措施，认真加以解决。"
    )
    lines.append(fill(second))
    lines.append(
        fill(
            "{year}年是"
            + _PLAN_PHRASE.get(year, "承前启后的关键一年")
            + "。做好今年工作，要坚持稳中求进、以进促稳，进一步巩固和增强回升向好态势。主要预期目标是："
            "地区生产总值增长{e}%左右，"
            "一般公共预算收入增长{c}%，城乡居民收入增长与经济增长基本同步。"
        )
    )
    if rng.random() < 0.5:
        lines.append(rng.choice(CHROME_WORD_LINES))
    lines.append(fill("围绕上述目标，{year}年重点抓好以下" + _cn(len(measures)) + "个方面工作。"))
    for sub in measures:
        lines.extend(sub)
    if rng.random() < 0.6:
        lines.append("三、全面加强政府自身建设")
        lines.append(
            fill(
                "新征程对政府工作提出了新的更高要求。我们将进一步加强法治政府建设，自觉接受人大监督和政协民主监督，"
                "坚持过紧日子，把有限的资金用在发展紧要处、民生关键处。"
            )
        )
    lines.append(fill(GOV_CLOSINGS[0] if rng.random() < 0.6 else GOV_CLOSINGS[1]))
    return lines


def _duty_report(
    rng: random.Random, place: Place, year: int, unit: tuple[str, str, str], offset: int
) -> list[str]:
    """Body lines of a 述职报告 by the head of ``unit`` in ``place`` for the year before ``year``."""
    fill = _filler(rng, _base_slots(place, year, unit=unit))
    lines: list[str] = []
    if rng.random() < 0.5:
        lines.append(rng.choice(("各位领导、同志们：", "同志们：")))
    lines.append(
        fill(
            "{prev}年，在县委、县政府的坚强领导下，我认真履行"
            + unit[2]
            + "职责，团结带领班子成员和干部职工，较好完成了各项目标任务。现将一年来的履职情况报告如下："
        )
    )
    lines.append(rng.choice(("一、履职尽责情况", "一、一年来的主要工作", "一、履职情况")))
    subs = _subsections(rng, fill, DUTY_ACHIEVEMENTS, 3)
    paragraphs = _sprinkle(
        rng, [sub[-1] for sub in subs], [fill(s) for s in _chrome_word_sentences(offset, 3)]
    )
    for sub, paragraph in zip(subs, paragraphs, strict=True):
        sub[-1] = paragraph
        lines.extend(sub)
    lines.append(rng.choice(("二、存在的不足", "二、存在的问题和差距")))
    lines.append("".join(rng.sample(DUTY_PROBLEMS, 3)))
    lines.append(rng.choice(("三、下一步打算", "三、今后努力方向")))
    lines.extend(fill(s) for s in rng.sample(DUTY_MEASURES, 3))
    if rng.random() < 0.5:
        lines.append(rng.choice(CHROME_WORD_LINES))
    lines.append(DUTY_CLOSING)
    if rng.random() < 0.7:
        lines.append(f"述职人：{_person(rng)}")
        lines.append(f"{year}年1月{rng.randint(5, 28)}日")
    return lines


def _summary_report(
    rng: random.Random, place: Place, year: int, unit: tuple[str, str, str], offset: int
) -> list[str]:
    """Body lines of a 工作总结 (with next year's plan) of ``unit`` in ``place``."""
    fill = _filler(rng, _base_slots(place, year, unit=unit))
    lines = [
        fill(
            "{prev}年，{place}"
            + unit[0]
            + "在县委、县政府的正确领导下，坚持稳中求进，各项工作取得新进展。现将有关情况总结如下："
        ),
        fill(rng.choice(("一、{prev}年工作开展情况", "一、{prev}年主要工作"))),
    ]
    subs = _subsections(rng, fill, SUMMARY_ACHIEVEMENTS, 3)
    paragraphs = _sprinkle(
        rng, [sub[-1] for sub in subs], [fill(s) for s in _chrome_word_sentences(offset, 3)]
    )
    for sub, paragraph in zip(subs, paragraphs, strict=True):
        sub[-1] = paragraph
        lines.extend(sub)
    lines.append("二、存在的问题")
    lines.append("".join(fill(s) for s in SUMMARY_PROBLEMS))
    lines.append(fill("三、{year}年工作计划"))
    lines.extend(fill(s) for s in SUMMARY_PLANS)
    lines.append(
        fill(
            "新的一年，我们将在县委、县政府的坚强领导下，锐意进取、扎实工作，为{short}高质量发展作出新的更大贡献。"
        )
    )
    if rng.random() < 0.8:
        lines.append(place.name + unit[0])
        lines.append(f"{year - 1}年12月{rng.randint(20, 31)}日")
    return lines


def _congress_report(rng: random.Random, place: Place, year: int, offset: int) -> list[str]:
    """Body lines of a party-congress report of ``place`` in ``year``."""
    number = party_congress(place, year)
    slots = _base_slots(place, year) | {"party_prev": _cn(number - 1)}
    fill = _filler(rng, slots)
    lines = [f"（{year}年{rng.randint(4, 11)}月{rng.randint(1, 28)}日）", "同志们："]
    lines.append(fill(CONGRESS_OPENING))
    extra = [fill(s) for s in _chrome_word_sentences(offset, 3)]
    paragraphs: list[list[str]] = []
    for heading, sentences in CONGRESS_SECTIONS:
        picked = [fill(s) for s in sentences]
        paragraphs.append([heading, *picked])
    flat = [p for section in paragraphs for p in section[1:]]
    flat = _sprinkle(rng, flat, extra)
    k = 0
    for section in paragraphs:
        lines.append(section[0])
        for _ in section[1:]:
            lines.append(flat[k])
            k += 1
    lines.append(fill(CONGRESS_CLOSINGS[0] if rng.random() < 0.6 else CONGRESS_CLOSINGS[1]))
    return lines


def compose_report(
    rng: random.Random,
    kind: str,
    place: Place,
    year: int,
    *,
    unit: tuple[str, str, str] | None = None,
    offset: int = 0,
) -> ReportBody:
    """A report of ``kind`` (province, city, county, plan, duty, summary, congress) of ``place`` in ``year``.

    ``unit`` is the department of a duty or summary report; ``offset`` picks which chrome-word sentences the
    report holds (consecutive offsets cover the whole bank).  Titles: ``2026年东陵省政府工作报告``,
    ``关于南屏市2025年国民经济和社会发展计划执行情况与2026年计划草案的报告``,
    ``2025年度云阶县水利局局长述职报告``, ``禾丰县统计局2025年工作总结和2026年工作计划``; a congress
    report's title is its subtitle ``——在中国共产党…第…次代表大会上的报告`` (the library adds a main title).
    """
    if kind in ("province", "city", "county"):
        title = rng.choice(("{year}年{place}政府工作报告", "{place}{year}年政府工作报告"))
        lines = _government_report(rng, place, year, offset, plan=False)
    elif kind == "plan":
        title = "关于{place}{prev}年国民经济和社会发展计划执行情况与{year}年计划草案的报告"
        lines = _government_report(rng, place, year, offset, plan=True)
    elif kind in ("duty", "summary") and unit is None:
        raise ValueError(f"a {kind} report needs the unit (department) it reports on")
    elif kind == "duty":
        title = "{prev}年度{place}" + unit[0] + unit[2].split("、")[-1] + "述职报告"
        lines = _duty_report(rng, place, year, unit, offset)
    elif kind == "summary":
        title = "{place}" + unit[0] + rng.choice(("{prev}年工作总结和{year}年工作计划", "{prev}年工作总结"))
        lines = _summary_report(rng, place, year, unit, offset)
    elif kind == "congress":
        title = "——在中国共产党{place}第" + _cn(party_congress(place, year)) + "次代表大会上的报告"
        lines = _congress_report(rng, place, year, offset)
    else:
        raise ValueError(
            f"unknown report kind {kind!r}: use province, city, county, plan, duty, summary, congress"
        )
    return ReportBody(
        kind, title.format(place=place.name, year=year, prev=year - 1, term=place.term), tuple(lines)
    )


# ---------------------------------------------------------------------------------------------------------
# Portal sites: each renders a report into (role, line) elements; roles are "title", "body", "blank" or a
# chrome kind
# ---------------------------------------------------------------------------------------------------------

Element = tuple[str, str]


@dataclass(frozen=True)
class Style:
    """How a site writes the report's body: indentation choices, the chance of a blank line after a body
    line, line ending, half-width punctuation in the body (``，：；（）`` → ``,:;()``), file encoding."""

    indents: tuple[str, ...] = ("",)
    blank: float = 0.0
    newline: str = "\n"
    half_width: bool = False
    encoding: str = "utf-8"


_HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})


def _body(
    rng: random.Random,
    lines: Sequence[str],
    style: Style,
    *,
    captions: Sequence[str] = (),
    caption_after: tuple[int, int] = (3, 8),
) -> list[Element]:
    """The body lines as the site writes them, with ``captions`` inserted between body lines."""
    out: list[Element] = []
    slots = sorted(rng.sample(range(caption_after[0], min(caption_after[1], len(lines) - 1)), len(captions)))
    pending = dict(zip(slots, captions, strict=True))
    for i, line in enumerate(lines):
        text = line.translate(_HALF) if style.half_width else line
        out.append(("body", rng.choice(style.indents) + text))
        if i in pending:
            out.append(("blank", ""))
            out.append(("caption", pending[i]))
            out.append(("blank", ""))
        elif rng.random() < style.blank:
            out.append(("blank", ""))
    return out


def _timestamp(rng: random.Random, year: int) -> tuple[str, str]:
    """(date, time) of publication, in the weeks after the meeting: ``2026-01-29``, ``09:30``."""
    month = rng.choice((1, 2, 3))
    day = rng.randint(24, 31) if month == 1 else rng.randint(1, 28)
    return f"{year}-{month:02d}-{day:02d}", f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}"


def _related_titles(rng: random.Random, place: Place, year: int, count: int) -> list[str]:
    """``count`` titles of other articles of the same site, about the same meeting."""
    bank = [
        f"{place.name}第{place.term}届人大第{_cn(min(max(year - 2022, 1), 5))}次会议胜利闭幕",
        f"图解：一图读懂{year}年{place.name}政府工作报告",
        f"{place.short}代表委员热议发展新蓝图",
        f"今年{place.short}经济增长预期目标定在{rng.randint(4, 7)}%左右",
        f"权威发布｜{place.name}{year}年十件民生实事出炉",
        f"{rng.randint(3, 9)}个关键词读懂{place.short}今年发展重点",
        f"{place.short}新闻发布会聚焦稳就业促增收",
    ]
    return rng.sample(bank, count)


def _huaxia(
    rng: random.Random, report: ReportBody, place: Place, year: int, index: int
) -> tuple[str, list[Element]]:
    """A national news portal: title line, ``>`` breadcrumb, labelled meta line, bracketed toolbar, press
    caption with a full stop inside, ``相关报道：`` tail, 责任编辑, closer, footer."""
    date, time = _timestamp(rng, year)
    reporter = " ".join(_person(rng, "某") for _ in range(rng.randint(1, 2)))
    head = _HEAD[place.level]
    els: list[Element] = [
        ("header", "华夏要闻网 | 地方频道 | 数字报 | 客户端"),
        ("breadcrumb", "首页 > 地方 > 时政"),
        ("blank", ""),
        ("title", report.title),
        ("meta", f"{date} {time}  来源：{place.short}日报  作者：记者 {reporter}"),
        ("font", "【字体：放大 还原 缩小】　【打印】【收藏】【关闭】"),
        ("blank", ""),
    ]
    session = _cn(min(max(year - 2022, 1), 5))
    caption = (
        f"1月{rng.randint(8, 28)}日，{place.name}第{place.term}届人民代表大会第{session}"
        f"次会议开幕。{head}{_person(rng)}作政府工作报告。本报记者 {_person(rng, '某')} 摄"
    )
    els += _body(rng, report.lines, Style(indents=("　　",), blank=1.0), captions=[caption])
    els += [("related", "相关报道：")]
    els += [("related", "· " + t) for t in _related_titles(rng, place, year, rng.randint(2, 4))]
    els += [
        ("blank", ""),
        ("editor", f"责任编辑：{_person(rng, '某')}"),
        ("closer", "打印本页　关闭窗口"),
        ("footer", "华夏要闻网版权所有 未经书面授权不得转载"),
        ("footer", "华ICP证060123号  华公网安备11010502000001号"),
    ]
    return f"{report.title}_华夏要闻网.txt", els


def _nanping(
    rng: random.Random, report: ReportBody, place: Place, year: int, index: int
) -> tuple[str, list[Element]]:
    """A city government portal (CRLF): breadcrumb ending in the title, vertical toolbar and font controls,
    meta with view count, bracketed closer, footer with 主办/承办/标识码/ICP."""
    date, _ = _timestamp(rng, year)
    els: list[Element] = [
        ("header", "南屏市人民政府门户网站"),
        ("breadcrumb", f"当前位置：首页 > 政务公开 > 规划计划 > {report.title}"),
        ("title", report.title),
        ("meta", f"发布日期：{date}　　信息来源：南屏市人民政府办公室　　浏览次数：{rng.randint(100, 9999)}"),
        ("toolbar", "分享"),
        ("toolbar", "打印"),
        ("toolbar", "收藏"),
        ("font", "〖字号"),
        ("font", "大"),
        ("font", "中"),
        ("font", "小"),
        ("font", "〗"),
    ]
    els += _body(rng, report.lines, Style())
    els += [
        ("closer", "〖打印本页〗〖关闭窗口〗"),
        ("footer", "主办单位：南屏市人民政府办公室　承办单位：南屏市政务服务数据管理局"),
        ("footer", "网站标识码：3601000012　南ICP备12003456号-1"),
        ("footer", "联系我们 | 网站地图 | 使用帮助"),
    ]
    return f"nanping_{year}_{index:02d}.txt", els


def _numbered(index: int, title: str, rng: random.Random) -> str:
    """A file name as a user numbers it: ``07_title.txt``, ``007-title.txt``, ``7、title.txt``,
    ``07 title.txt``."""
    prefix = rng.choice((f"{index:02d}_", f"{index:03d}-", f"{index}、", f"{index:02d} "))
    return f"{prefix}{title}.txt"


def _xiling(
    rng: random.Random, report: ReportBody, place: Place, year: int, index: int
) -> tuple[str, list[Element]]:
    """A county portal that puts no title on the page: ``»`` breadcrumb, ``[ date ]``, half-width labels,
    bracketed toolbar, share bar, footer; the body indented with spaces, blank lines at random."""
    date, _ = _timestamp(rng, year)
    els: list[Element] = [
        ("breadcrumb", "网站首页 » 信息公开 » 政府文件"),
        ("meta", f"[ {date} ]"),
        ("meta", f"来源:县政府办公室    编辑:{_person(rng, '某')}"),
        ("toolbar", "【打印】 【收藏】 【关闭】"),
        ("blank", ""),
    ]
    els += _body(rng, report.lines, Style(indents=("    ", "  "), blank=0.4))
    els += [
        ("blank", ""),
        ("share", "分享到:"),
        ("share", "微信  微博  QQ空间"),
        ("footer", "主办:西岭县人民政府办公室  版权所有"),
        ("footer", "西ICP备09001234号"),
    ]
    return _numbered(index, report.title, rng), els


def _beihu(
    rng: random.Random, report: ReportBody, place: Place, year: int, index: int
) -> tuple[str, list[Element]]:
    """A city news site: ``→`` breadcrumb, meta over three lines, horizontal ``|`` toolbar, ``图为…``
    captions, ``延伸阅读`` tail, ``【责任编辑：…】``, footer; body lines partly indented with U+3000, blank
    lines mixed."""
    date, time = _timestamp(rng, year)
    els: list[Element] = [
        ("breadcrumb", "北湖新闻网 → 本地新闻 → 正文"),
        ("blank", ""),
        ("title", "  " + report.title),
        ("blank", ""),
        ("meta", f"时间：{date.replace('-', '年', 1).replace('-', '月', 1)}日 {time}　来源：北湖日报"),
        ("meta", f"作者：{_person(rng, '某')}"),
        ("meta", f"编辑：{_person(rng, '某某')}"),
        ("toolbar", "下载 | 打印 | 收藏 | 分享"),
    ]
    captions = [
        f"图为{place.short}城市新区一角（记者 {_person(rng, '某')} 摄）",
        f"（北湖日报记者 {_person(rng, '某某')}摄）",
    ][: rng.randint(1, 2)]
    els += _body(rng, report.lines, Style(indents=("　　", ""), blank=0.5), captions=captions)
    els += [("blank", ""), ("related", "延伸阅读")]
    els += [("related", f"{t}　{date}") for t in _related_titles(rng, place, year, rng.randint(2, 5))]
    els += [
        ("editor", f"【责任编辑：{_person(rng, '某')}】"),
        ("footer", "北湖新闻网 版权所有 © 北湖日报社"),
        ("footer", "北湖日报社主办　北ICP备05012345号"),
    ]
    return f"北湖新闻网-{index:04d}.txt", els


def _hefeng(
    rng: random.Random, report: ReportBody, place: Place, year: int, index: int
) -> tuple[str, list[Element]]:
    """A county portal's department pages: ``/`` breadcrumb, half-width colons, ``字号: 大 | 中 | 小``,
    ``打印 | 关闭``; the body written with half-width punctuation and tab indentation."""
    date, time = _timestamp(rng, year)
    unit = report.title[len(place.name) :].split("20")[0]
    els: list[Element] = [
        ("header", "禾丰县人民政府网站"),
        ("breadcrumb", "首页 / 政务公开 / 部门信息 / 计划总结"),
        ("title", report.title),
        ("meta", f"发布时间:{date} {time}  来源:县{unit}"),
        ("font", "字号: 大 | 中 | 小"),
        ("blank", ""),
    ]
    els += _body(rng, report.lines, Style(indents=("\t",), half_width=True))
    els += [
        ("blank", ""),
        ("closer", "打印 | 关闭"),
        ("footer", "主办:禾丰县人民政府办公室  技术支持:禾丰县信息中心"),
        ("footer", "网站标识码:3607000045"),
    ]
    return f"{index:02d}_{unit}总结.txt", els


def _yunjie(
    rng: random.Random, report: ReportBody, place: Place, year: int, index: int
) -> tuple[str, list[Element]]:
    """A party-building site without a title on the page (CRLF, UTF-8 with BOM): top navigation,
    full-width ``＞`` breadcrumb, one meta line, ``【大 中 小】``, share bar, ``相关链接`` tail, 责任编辑,
    closer, footer."""
    date, _ = _timestamp(rng, year)
    els: list[Element] = [
        ("header", "云阶党建网  首页  要闻  组工动态  述职述廉  学习园地"),
        ("breadcrumb", "您的位置：首页 ＞ 述职述廉 ＞ 正文"),
        ("meta", f"发布：{date}   作者：{_person(rng, '某')}   来源：县委组织部"),
        ("font", "【大 中 小】"),
        ("blank", ""),
    ]
    els += _body(rng, report.lines, Style(indents=("　　",), blank=1.0))
    related = [
        f"云阶县开展{year - 1}年度领导班子和领导干部述职评议",
        "以述促干 以评促改 推动作风建设走深走实",
        "县直单位“一把手”述职述廉会议召开",
        f"{year}年全县组织工作会议召开",
    ]
    els += [("share", "分享：微信 / 微博 / QQ"), ("related", "相关链接")]
    els += [("related", "· " + t) for t in rng.sample(related, rng.randint(2, 4))]
    els += [
        ("editor", f"责任编辑：{_person(rng, '某某')}"),
        ("closer", "打印本页  关闭窗口"),
        ("footer", "版权所有：中共云阶县委组织部　地址：云阶县人民路88号　邮编：339000"),
    ]
    return _numbered(index, report.title, rng), els


def _qingyi(
    rng: random.Random, report: ReportBody, place: Place, year: int, index: int
) -> tuple[str, list[Element]]:
    """A newspaper's app page: the title first, an unlabelled source-and-time line, captions with ``/摄``,
    ``相关报道:`` tail, editor line, vertical toolbar at the bottom, app footer."""
    date, time = _timestamp(rng, year)
    els: list[Element] = [
        ("title", report.title),
        ("meta", f"清漪晚报　{date} {time}"),
        ("blank", ""),
    ]
    captions = [f"（清漪晚报记者 {_person(rng, '某')}/摄）" for _ in range(rng.randint(1, 2))]
    els += _body(rng, report.lines, Style(blank=1.0), captions=captions, caption_after=(2, 12))
    els += [("related", "相关报道:")]
    els += [("related", t) for t in _related_titles(rng, place, year, rng.randint(2, 3))]
    els += [
        ("blank", ""),
        ("editor", f"编辑 {_person(rng, '某')}　审核 {_person(rng, '某某')}"),
        ("toolbar", "收藏"),
        ("toolbar", "分享"),
        ("toolbar", "举报"),
        ("footer", "打开清漪晚报客户端，阅读更多本地新闻"),
    ]
    return f"qingyi_app_{index}.txt", els


SiteRenderer = Callable[[random.Random, ReportBody, Place, int, int], tuple[str, list[Element]]]


@dataclass(frozen=True)
class Site:
    """A made-up portal: its name, what it publishes (report kinds and places), its page template and body
    style, and whether its pages carry a title line."""

    name: str
    slug: str  #: an ASCII name (test ids)
    kinds: tuple[str, ...]
    places: tuple[Place, ...]
    years: tuple[int, ...]
    render: SiteRenderer
    has_title: bool
    style: Style


def _county(name: str) -> Place:
    return next(p for p in COUNTIES if p.name == name)


def _city(name: str) -> Place:
    return next(p for p in CITIES if p.name == name)


SITES: tuple[Site, ...] = (
    Site(
        name="华夏要闻网",
        slug="huaxia",
        kinds=("province", "city"),
        places=PROVINCES + CITIES,
        years=(2024, 2025, 2026, 2027),
        render=_huaxia,
        has_title=True,
        style=Style(),
    ),
    Site(
        name="南屏市人民政府",
        slug="nanping",
        kinds=("city", "plan"),
        places=(_city("南屏市"),),
        years=tuple(range(2020, 2028)),
        render=_nanping,
        has_title=True,
        style=Style(newline="\r\n"),
    ),
    Site(
        name="西岭县人民政府",
        slug="xiling",
        kinds=("county", "plan"),
        places=(_county("西岭县"),),
        years=tuple(range(2020, 2028)),
        render=_xiling,
        has_title=False,
        style=Style(),
    ),
    Site(
        name="北湖新闻网",
        slug="beihu",
        kinds=("city", "county"),
        places=(_city("北湖市"), _county("梅汀县"), _county("棠溪县")),
        years=tuple(range(2022, 2028)),
        render=_beihu,
        has_title=True,
        style=Style(),
    ),
    Site(
        name="禾丰县人民政府网站",
        slug="hefeng",
        kinds=("summary",),
        places=(_county("禾丰县"),),
        years=tuple(range(2021, 2028)),
        render=_hefeng,
        has_title=True,
        style=Style(),
    ),
    Site(
        name="云阶党建网",
        slug="yunjie",
        kinds=("duty",),
        places=(_county("云阶县"),),
        years=tuple(range(2021, 2028)),
        render=_yunjie,
        has_title=False,
        style=Style(newline="\r\n", encoding="utf-8-sig"),
    ),
    Site(
        name="清漪晚报客户端",
        slug="qingyi",
        kinds=("city", "province"),
        places=(_city("清漪市"), PROVINCES[1]),
        years=tuple(range(2022, 2028)),
        render=_qingyi,
        has_title=True,
        style=Style(),
    ),
)


_LEVEL_KIND = {"省": "province", "市": "city", "县": "county"}


def _kind_for_place(kinds: Sequence[str], place: Place, rng: random.Random) -> str:
    """A kind the site publishes that fits ``place`` (a city is not a province)."""
    fitting = [k for k in kinds if k not in ("province", "city", "county") or k == _LEVEL_KIND[place.level]]
    return rng.choice(fitting)


def _assemble(
    site: str, file_name: str, elements: Sequence[Element], report: ReportBody, style: Style
) -> Page:
    """The page text and its ground truth from the rendered elements."""
    has_title = any(role == "title" for role, _ in elements)
    title = report.title if has_title else _strip_numbering(Path(file_name).stem)
    expected = Expected(
        file_name=file_name,
        title=title,
        title_source=TITLE_LINE if has_title else FILE_NAME,
        chrome=tuple(text for role, text in elements if role in CHROME_KINDS),
        chrome_kinds=tuple(role for role, _ in elements if role in CHROME_KINDS),
        body=tuple(text for role, text in elements if role == "body"),
        site=site,
    )
    text = style.newline.join(text for _, text in elements) + style.newline
    return Page(expected, text, style.encoding)


_NUMBERING_RE = re.compile(r"^[0-9]{1,3}(?:[_\-、 ])")


def _strip_numbering(stem: str) -> str:
    """``07_2026年…`` → ``2026年…`` (the numbering prefixes :func:`_numbered` writes)."""
    return _NUMBERING_RE.sub("", stem, count=1)


def portal_pages(n: int = 32, *, seed: int = 0) -> list[Page]:
    """``n`` distinct reports as copied from the portals of :data:`SITES` (page ``i`` from site ``i % 7``)."""
    rng = random.Random(seed)
    pages: list[Page] = []
    titles: set[str] = set()
    for i in range(n):
        site = SITES[i % len(SITES)]
        for _ in range(1000):
            place = rng.choice(site.places)
            year = rng.choice(site.years)
            kind = _kind_for_place(site.kinds, place, rng)
            unit = rng.choice(UNITS) if kind in ("duty", "summary") else None
            report = compose_report(rng, kind, place, year, unit=unit, offset=4 * i)
            if report.title not in titles:
                break
        else:  # pragma: no cover - only for n far beyond what the sites' catalogues hold
            raise ValueError(f"site {site.name} has no new report left for page {i}: use a smaller n")
        titles.add(report.title)
        file_name, elements = site.render(rng, report, place, year, i + 1)
        pages.append(_assemble(site.name, file_name, elements, report, site.style))
    return pages


# ---------------------------------------------------------------------------------------------------------
# The library
# ---------------------------------------------------------------------------------------------------------

LIBRARY_NAV = "‹ 上一篇　｜　本卷目录　｜　下一篇 ›"
#: The library's licence footer (invented wording): identical on every page that has it.
LIBRARY_LICENCE = (
    "版权说明",
    "本页所收文本属于依法不受著作权保护的官方文件，已进入公有领域，任何人均可自由复制、传播和改编。",
    "依照著作权法的规定，国家机关的决议、决定、命令，以及带有立法、行政或司法性质的各类文件，连同其官方正式译文，"
    "不在该法保护范围之内。",
    "本库整理时仅校正录入讹误，标点和分段悉依原件；引用时请以权威出版物为准。",
    "如发现错漏，欢迎通过“纠错反馈”栏目告知本库编校组。",
)


def _without_licence(index: int) -> bool:
    """Pages 3, 7, 11 … (0-based) were copied without the footer: 2 of 8, so at least 6 of 8 have it."""
    return index % 4 == 3


def library_pages(n: int = 8, *, seed: int = 0) -> list[Page]:
    """``n`` party-congress reports as copied from a made-up online library (墨林文献库)."""
    rng = random.Random(seed)
    places = list(PROVINCES + CITIES)
    rng.shuffle(places)
    pages: list[Page] = []
    for i in range(n):
        place = places[i % len(places)]
        # the latest congress of each place, then (when the places run out) the one before, …
        year = rng.choice((2026, 2027)) - 5 * (i // len(places))
        report = compose_report(rng, "congress", place, year, offset=3 * i)
        sep = rng.choice(("", " ", "　"))
        main = (
            rng.choice(CONGRESS_MAIN_FIRST) + sep + rng.choice(CONGRESS_MAIN_SECOND).format(short=place.short)
        )
        els: list[Element] = [
            ("title", main),
            ("title", report.title),
            ("author", f"作者：{_person(rng)}"),
            ("nav", LIBRARY_NAV),
            ("blank", ""),
        ]
        els += _body(rng, report.lines, Style(blank=1.0))
        if _without_licence(i):
            els += [("nav", LIBRARY_NAV)]
        else:
            els += [("blank", "")]
            for paragraph in LIBRARY_LICENCE:
                els += [("licence", paragraph), ("blank", "")]
        file_name = f"{i + 1:02d}_{place.name}第{_cn(party_congress(place, year))}次党代会报告.txt"
        page = _assemble("墨林文献库", file_name, els, report, Style())
        expected = Expected(
            file_name=file_name,
            title=main + report.title,
            title_source=TITLE_LINE,
            chrome=page.expected.chrome,
            chrome_kinds=page.expected.chrome_kinds,
            body=page.expected.body,
            site=page.expected.site,
        )
        pages.append(Page(expected, page.text, page.encoding))
    return pages


# ---------------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------------


def write_pages(folder: Path | str, pages: Sequence[Page]) -> list[Expected]:
    """Write ``pages`` into ``folder`` (created) and return their ground truth, in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (folder / page.expected.file_name).write_bytes(page.text.encode(page.encoding))
    return [page.expected for page in pages]


def write_portal_corpus(folder: Path | str, *, n: int = 32, seed: int = 0) -> list[Expected]:
    """Write ``n`` portal pages (:func:`portal_pages`) into ``folder``; return their ground truth."""
    return write_pages(folder, portal_pages(n, seed=seed))


def write_library_corpus(folder: Path | str, *, n: int = 8, seed: int = 0) -> list[Expected]:
    """Write ``n`` library pages (:func:`library_pages`) into ``folder``; return their ground truth."""
    return write_pages(folder, library_pages(n, seed=seed))


# ---------------------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------------------

_SPACE_RE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
_NORMAL = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        ",": "，",
        ":": "：",
        ";": "；",
        "?": "？",
        "!": "！",
        "(": "（",
        ")": "）",
    }
)
_SENTENCE_RE = re.compile(r"[^。！？]*[。！？]")


def normalize(text: str) -> str:
    """``text`` without whitespace (U+3000 and zero-width characters included), with full-width digits and
    letters as ASCII and ``,:;?!()`` as full-width: what cleaning may change in a line it keeps."""
    return _SPACE_RE.sub("", text).translate(_NORMAL)


def _title_pieces(expected: Expected) -> list[str]:
    pieces = [normalize(expected.title)]
    if "——" in expected.title:
        main, _, sub = expected.title.partition("——")
        pieces += [normalize(main), normalize("——" + sub)]
    return [p for p in pieces if p]


def residue(expected: Expected, text: str) -> list[str]:
    """What is left of the cleaned ``text`` (normalised, line by line) once the title and every body line are
    taken out: the chrome a cleaner left, or anything else it added.  Empty when the text is exactly the
    title and the body."""
    remaining = "\n".join(normalize(line) for line in text.splitlines())
    for piece in sorted({*map(normalize, expected.body), *_title_pieces(expected)}, key=len, reverse=True):
        if piece:
            remaining = remaining.replace(piece, "\n")
    return [line for line in remaining.split("\n") if re.search(r"\w", line)]


def chrome_left(expected: Expected, text: str) -> list[str]:
    """The chrome lines of ``expected`` still in the cleaned ``text``: as a line of their own, or (3 or more
    characters) inside what is left once the body and title are taken out (:func:`residue`)."""
    lines = {normalize(line) for line in text.splitlines()}
    rest = residue(expected, text)
    left: list[str] = []
    for chrome in expected.chrome:
        norm = normalize(chrome)
        if not norm:
            continue
        if norm in lines or norm in rest or (len(norm) >= 3 and any(norm in line for line in rest)):
            left.append(chrome)
    return left


def body_lost(expected: Expected, text: str) -> list[str]:
    """The body lines of ``expected`` that do not occur in the cleaned ``text`` (compared normalised; a line
    joined to its neighbour still occurs)."""
    norm_text = "\n".join(normalize(line) for line in text.splitlines())
    return [line for line in expected.body if normalize(line) not in norm_text]


def body_sentences(expected: Expected) -> list[str]:
    """The sentences (ending in ``。！？``) of the body lines, normalised."""
    return [s for line in expected.body for s in _SENTENCE_RE.findall(normalize(line))]


def sentences_lost(expected: Expected, text: str) -> list[str]:
    """The body sentences (:func:`body_sentences`) that do not occur in the cleaned ``text``."""
    norm_text = "\n".join(normalize(line) for line in text.splitlines())
    return [s for s in body_sentences(expected) if s not in norm_text]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tests.webcopies OUT_DIR [--n N] [--library-n N] [--seed S]``: write both corpora."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.webcopies", description=main.__doc__)
    parser.add_argument("out", type=Path, help="folder to write portal/ and library/ into")
    parser.add_argument("--n", type=int, default=32, help="portal pages (default 32)")
    parser.add_argument("--library-n", type=int, default=8, help="library pages (default 8)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    portal = write_portal_corpus(args.out / "portal", n=args.n, seed=args.seed)
    library = write_library_corpus(args.out / "library", n=args.library_n, seed=args.seed)
    for name, expected in (("portal", portal), ("library", library)):
        chrome = sum(len(e.chrome) for e in expected)
        body = sum(len(e.body) for e in expected)
        print(f"{args.out / name}: {len(expected)} files, {chrome} chrome lines, {body} body lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
