"""Numeric claims: every quantity stated (十二项, 4000余名, 30多场次, 65万), with its unit and bounds."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from ..common import check_option, require_columns, stamp
from .fields import _alt, _frame, _iter_fields, _sentence
from .formulas import _CONTEXTS, _formulas_in_context, _pos_tagger
from .numerals import _CN_DIGITS, _CN_NUM, cn_number

__all__ = ["numeric_claims", "UNITS"]

#: Measure words (units) of a claim, longest first when matched.
UNITS: tuple[str, ...] = (
    "个百分点",
    "平方公里",
    "平方米",
    "立方米",
    "个月",
    "场次",
    "人次",
    "件次",
    "户次",
    "个次",
    "公里",
    "千米",
    "公顷",
    "小时",
    "千瓦",
    "美元",
    "万元",
    "亿元",
    "元",
    "个",
    "名",
    "次",
    "项",
    "场",
    "条",
    "家",
    "人",
    "件",
    "篇",
    "份",
    "批",
    "期",
    "所",
    "座",
    "户",
    "亩",
    "吨",
    "类",
    "种",
    "支",
    "位",
    "轮",
    "章",
    "部",
    "套",
    "台",
    "辆",
    "处",
    "间",
    "张",
    "本",
    "册",
    "门",
    "年",
    "天",
    "周",
    "倍",
    "岁",
    "米",
    "点",
    "大",
    "方面",
    "幅",
    "枚",
    "栋",
    "幢",
    "棵",
    "株",
    "块",
    "段",
    "首",
    "页",
    "卷",
    "艘",
    "架",
    "盏",
    "%",
    "％",
)
#: A unit followed by these characters starts a word instead (14亿人民, 3项目 are not 人/项).
_UNIT_BLOCK: dict[str, str] = {
    "人": "民员才口大类",
    "名": "单额称义",
    "期": "间待望",
    "所": "有以在谓属",
    "场": "所地景合",
    "家": "庭长乡园",
    "条": "件例款",
    "次": "要序",
    "类": "似",
    "种": "植子类",
    "位": "置于",
    "点": "赞评",
    "部": "门分署",
    "处": "理置于",
    "门": "户槛",
    "本": "地级身职",
    "年": "度代龄轻级",
    "周": "边年末",
    "大": "会学家型力多量",
    "间": "隔",
    "批": "准示复评",
    "台": "阶湾",
    "张": "力",
    "件": "事",
    "首": "先次届位批要",
    "段": "落",
    "页": "面",
    "块": "钱",
    "架": "构势子",
    "株": "洲",
}
#: Prefix markers: approximate, at least, at most.
_PRE_APPROX = ("大约", "将近", "接近", "大概", "近", "约", "上", "数", "几")
_TIME_UNITS = frozenset({"年", "个月", "天", "周", "小时"})
_EVENT_UNITS = frozenset({"次", "场", "场次", "期", "轮"})
#: 上/数/几 mark an approximate round number only before 十/百/千/万 (上百个, 数十名, 几千人).
_ROUND_ONLY = ("上", "数", "几")
_PRE_LEAST = ("不低于", "不少于", "不小于", "至少", "超过", "多于", "高于", "逾", "超")
_PRE_MOST = ("不超过", "不高于", "不多于", "不到", "不足", "至多", "最多", "少于", "低于")
# a bound marker may govern a number a few characters later, within the clause:
# 每年至少开展2次, 至少安排4次, 每年至少接待群众12次
_PRE_BOUND_NEAR = re.compile(
    rf"({_alt([m for m in _PRE_LEAST + _PRE_MOST if len(m) > 1])})[\u4e00-\u9fff]{{1,6}}$"
)
_POST_APPROX = ("左右", "上下")
_POST_LEAST = ("以上",)
_POST_MOST = ("以下", "以内", "之内")

_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CNRUN = rf"(?:[{_CN_DIGITS}十两]|(?<=[上数几])[百千万])[{_CN_NUM}]*"
_NUMBER = rf"(?:{_DIGITS}|{_CNRUN})"
_MAG = r"(?:万亿|千万|百万|亿|万|千|百)"


def _amount_rx(p: str) -> str:
    return rf"(?P<{p}num>{_NUMBER})(?P<{p}a1>多|余)?(?P<{p}mag>{_MAG})?(?P<{p}a2>多|余)?"


_SESSION_BODIES = "政协|人大|委员会|常委会|常务委员会|全国委员会|党代会|省委|市委|县委|区委"
_CLAIM = re.compile(
    rf"(?P<pre>{_alt(_PRE_APPROX + _PRE_LEAST + _PRE_MOST)})?"
    rf"(?P<pct>百分之)?"
    rf"(?<![\d.{_CN_NUM}第])"
    + _amount_rx("")
    + rf"(?:(?P<lunit>%|％|{_alt(UNITS)})?(?P<sep>至|到|~|～|-|—|－){_amount_rx('r')})?"
    rf"(?P<unit>{_alt(UNITS)})?"
    rf"(?P<post>{_alt(_POST_APPROX + _POST_LEAST + _POST_MOST)})?"
)
# spans that are never claims: dates, clock times, ordinals, tiers and plenums
_NOT_CLAIM = re.compile(
    # a year: four digits (or two before a month: 21年3月); 60年, 25年来 are durations
    rf"(?:\d{{4}}|\d{{2}}(?=年[\d{_CN_DIGITS}十]{{1,3}}月)|[{_CN_DIGITS}]{{2,4}})年"
    rf"(?:[\d{_CN_DIGITS}十]{{1,3}}月(?:[\d{_CN_DIGITS}十]{{1,3}}[日号])?)?"
    # sessions and plenums: 七届四次会议, 十二届十一次全会, 六届四十七次主席会议, 九届人大三次会议
    rf"|(?:第?[\d{_CN_NUM}]+|[×XＸ*＊]{{1,3}})届(?:{_SESSION_BODIES})?第?[\d{_CN_NUM}]+次"
    rf"|(?<!个)[\d{_CN_DIGITS}十]{{1,3}}月(?:[\d{_CN_DIGITS}十]{{1,3}}[日号])?"
    rf"|\d{{1,2}}[日号]"
    rf"|\d{{4}}[-/.]\d{{1,2}}(?:[-/.]\d{{1,2}})?"
    rf"|\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?|\d{{1,2}}[点时]\d{{1,2}}分"
    rf"|第[\d{_CN_NUM}]+"
    rf"|[{_CN_NUM}]+届(?:[{_CN_NUM}]+中全会)?|[{_CN_NUM}]中全会"
    rf"|(?<![\d{_CN_NUM}])(?:十[五六七八九]|二十[一二三四]?)大"  # party congresses: 十九大, 二十大
    rf"|[\d{_CN_NUM}]+级"
    rf"|(?<![{_CN_NUM}])[{_CN_NUM}][是则]"
    rf"|^\s*[{_CN_NUM}]+、|[(（][{_CN_NUM}\d]+[)）]",
    re.M,
)
_OBJ_TAIL = re.compile(r"[\u4e00-\u9fff]{1,16}")
_OBJ_STOP_FLAGS = ("p", "c", "u", "d", "r", "m", "x", "eng", "y", "e", "o", "q")
_OBJ_STOP_START = "与和及在对向为从由以到将把被进给并或等之"
_OBJ_PREDICATES = frozenset("试点 培训 参训 参与 参加 走访 座谈 报名 受益 签约".split())
_OBJ_STOP_WORDS = frozenset("全部 全都 都 均 已 已经 共 共计 累计 分别 各 全面 正在 先后".split())
_OBJ_VERB_OK = frozenset(
    "履职 联系 协商 议事 服务 监督 调研 培训 学习 交流 管理 发展 建设 治理 扶贫 集中 要求 规划 宣传 视察 "
    "评议 考核 帮扶 救助 保障 统筹 观摩 活动 工作 提案".split()
)


def _object(text: str, pos: int, after_unit: bool) -> str | None:
    """The noun phrase right after a claim (what is counted), or None."""
    if after_unit and text.startswith("的", pos):
        pos += 1
    m = _OBJ_TAIL.match(text, pos)
    if not m:
        return None
    tagger = _pos_tagger()
    tags = tagger.word_tag_tab
    words = list(tagger.cut(m.group(0), HMM=False))
    clause_end = m.end() == len(text) or not _OBJ_TAIL.match(text, m.end())
    out: list[str] = []
    for i, w in enumerate(words):
        flag = w.flag
        if i > 0 and (flag.startswith(_OBJ_STOP_FLAGS) or w.word[0] in _OBJ_STOP_START):
            break
        if i == 0 and (w.word[0] in _OBJ_STOP_START or flag.startswith(_OBJ_STOP_FLAGS)):
            break
        if flag == "v" and w.word not in _OBJ_VERB_OK or w.word in _OBJ_STOP_WORDS:
            break
        tail = w.word[-2:]
        if len(w.word) >= 4 and tags.get(tail) == "v" and tail not in _OBJ_VERB_OK:
            out.append(w.word[:-2])  # a dictionary compound ending in a verb: 标准|配备
            break
        if sum(map(len, out)) + len(w.word) > 12:
            break
        if (
            clause_end
            and i == len(words) - 1
            and w.word in _OBJ_PREDICATES
            and out
            and words[i - 1].flag.startswith("n")
        ):
            break  # 10个边境乡镇试点。: the last word is what the counted people or places do
        out.append(w.word)
    return "".join(out) or None


def _amount(
    num: str, a1: str | None, mag: str | None, a2: str | None, frequency: bool = False
) -> float | None:
    if num == "一" and not mag and not frequency:
        return None  # 一批, 一个时期, 一系列: the indefinite article, not a count
    value = cn_number("一" + num if num[0] in "百千万亿" else num)
    if value is None:
        for k in range(1, len(num)):  # a numeral run glued to a preceding word (统一三个…)
            value = cn_number(num[k:])
            if value is not None:
                break
    if value is None:
        return None
    if mag:
        mult = cn_number("一" + mag if mag in ("万", "亿", "千", "百") else mag)
        if mult is None:
            return None
        value *= mult
    return value


def _unit_ok(text: str, end: int, unit: str) -> bool:
    nxt = text[end : end + 1]
    return not (nxt and nxt in _UNIT_BLOCK.get(unit, ""))


def numeric_claims(speeches: pd.DataFrame, context: str = "document") -> pd.DataFrame:
    """Every quantity stated in the speeches.

    A claim is a number (Arabic or Chinese numerals, optionally with 万/亿 and 多/余) followed by
    a measure word from :data:`UNITS` (10个边境乡镇, 4000余名委员, 十二项制度措施, 27次, 300公里,
    95%); a bare number counts only with a magnitude (65万以上的大县, 14亿人民).

    What is **not** a claim: dates and clock times (2020年08月24日, 9月21日, 22:16), ordinals (一是, 第一,
    一、, （二）), plenums, sessions and tiers (十九届四中全会, 七届四次会议, 十二届十一次全会,
    六届四十七次主席会议, 第九届委员会第四次会议: the 次 after a 届 is an ordinal; 三级政协, 两级: a tier
    label, not a count), numbered formulas (see :func:`numbered_formulas`: 两个薄弱, 四个一线), and the
    bare numeral 一 before a measure word (一批, 一个时期, 一系列: the indefinite article), except in a
    frequency of events (每月开展一次协商, 至少一次: 1, unit 次). Durations are no claims (连续三年, 近60年,
    25年来, 为期十二天, 会期两天: units 年, 个月, 天, 周, 小时); a four-digit year (or two digits before a
    month, 21年3月) is a date. Nor are stock numbered phrases and counts of the text's own parts (两大主题,
    三大职能, 三项职能, 三点意见, 四个方面, 两个加快: units 大 and 点, objects 方面/部分/层面 and 职能/主题,
    个 in Chinese numerals without a counted object), and a number inside a short quoted brand
    (“聆诵四种精神”). Approximation markers: 多/余 after the number, 近/约/大约/将近 before it, 左右/上下
    after the unit, and 上/数/几 before a round 十/百/千/万 (上百个, 数十名). Bound markers: 以上 (at least),
    以下/以内 (at most) after the number, and 至少/不低于/不少于/超过 (at least) or 不超过/最多/ 不足 (at
    most) before it, also a few characters earlier in the clause (每年至少开展2次).

    ``object`` is a heuristic: the words right after the unit, read with jieba's part-of-speech
    tags and cut at the first verb, preposition, conjunction, particle, number or punctuation
    (10个边境乡镇 -> 边境乡镇; 3个县与缅甸 -> 县). When the counted noun comes before the number
    (开展协商议事活动30多场次) it is None: read ``sentence``.

    Ranges (20万至65万, 3到5个, 1%-2%) and neighbouring numerals (三四十名 -> 30 and 40, 两三个, 十五六个)
    give two rows, the lower with ``bound="at least"`` and the upper with ``bound="at most"``, both
    approximate (``approx`` their own marker, else ``"range"``); the lower end takes the upper end's
    magnitude and unit when it has none (20至65万 -> 200000 and 650000). A prefix marker applies to a list
    joined by 、/和/及 (分别不低于25个、20个、15个 -> three claims bounded "at least").

    Parameters
    ----------
    speeches : DataFrame
        ``doc_id`` and ``text``; ``headline`` and ``summary`` are read too when present.
    context : {"document", "corpus"}, default "document"
        Where the numbered formulas that are masked come from. ``"document"``: each speech's own
        quotations and :data:`KNOWN_FORMULAS`, so a speech gets the same rows whatever other rows
        are passed with it. ``"corpus"``: a formula quoted in any speech of the frame is masked in
        all of them (坚持四个一线 is then not a claim next to a speech quoting “四个一线”).

    Returns
    -------
    DataFrame
        ``doc_id``, ``value`` (float), ``unit`` (measure word or None), ``object`` (the noun phrase
        after the unit, what is counted, or None), ``approx`` (多/余/近/约/左右… or None),
        ``bound`` ("at least"/"at most"/None), ``sentence``, ``field``, ``position`` (offset in
        the normalised field) and ``match`` (the matched text).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["组织4000余名委员干部培训，在10个边境乡镇试点。"]})
    >>> numeric_claims(df)[["value", "unit", "object", "approx"]].values.tolist()
    [[4000.0, '名', '委员干部', '余'], [10.0, '个', '边境乡镇', None]]
    """
    require_columns(speeches, ["doc_id", "text"], "numeric_claims", "speeches")
    check_option(context, _CONTEXTS, "context", "numeric_claims")
    fields = list(_iter_fields(speeches))
    formula_spans: dict[tuple, list[tuple[int, int]]] = {}
    for doc_id, field, _text, start, end, *_ in _formulas_in_context(fields, context, "numeric_claims"):
        formula_spans.setdefault((doc_id, field), []).append((start, end))
    rows: list[dict] = []
    for doc_id, field, text in fields:
        for claim in _claims_in(text, formula_spans.get((doc_id, field), [])):
            rows.append({"doc_id": doc_id, **claim, "field": field})
    out = _frame(
        rows,
        ["doc_id", "value", "unit", "object", "approx", "bound", "sentence", "field", "position", "match"],
        {"value": "float64", "position": "int64"},
        like=speeches,
    )
    return stamp(out, "numeric_claims", by="doc_id", context=context)


_DURATIONS = frozenset({"年", "个月", "天", "周", "小时"})  # 五年来, 为期十二天, 会期两天: spans of time
_OWN_PARTS = re.compile(r"(?:方面|部分|层面|环节|要点)")  # 四个方面, 三大部分: the text's own parts
_STOCK_OBJECTS = re.compile(r"(?:职能|主题)")  # 三项职能, 两大主题: what every CPPCC text says it has


def _stock(text: str, start: int, end: int, unit: str | None, obj: str | None, value: float) -> bool:
    """Whether a matched number is no quantity claim but a duration, a stock numbered phrase or a count
    of the text's own parts (see :func:`numeric_claims`)."""
    if unit in _DURATIONS or unit in ("大", "点"):  # 两大主题, 三大职能; 三点意见, 九点钟
        return True
    if obj and (_OWN_PARTS.match(obj) or _STOCK_OBJECTS.fullmatch(obj)):
        return True
    if unit == "个" and obj is None and value <= 10 and not re.search(r"\d", text[start:end]):
        return True  # 两个加快, 四个一线: a numbered formula without a counted object
    opened, closed = text.rfind("“", 0, start), text.rfind("”", 0, start)
    shut = text.find("”", end)
    return opened > closed and 0 <= shut - opened <= 13  # “聆诵四种精神”: part of a quoted brand


def _claims_in(text: str, formula_spans: list[tuple[int, int]]) -> Iterator[dict]:
    """The claims of one normalised field (``formula_spans`` are masked first), in text order."""
    blocked = formula_spans + [m.span() for m in _NOT_CLAIM.finditer(text)]
    mask = list(text)
    for s, e in blocked:
        mask[s:e] = "#" * (e - s)
    masked = "".join(mask).replace("○", "〇")  # 一千○四十九: a converter's circle for the zero
    prev_end, prev_pre = -10, None
    for m in _CLAIM.finditer(masked):
        claim = _read_claim(m, text, masked, prev_end, prev_pre)
        if claim is None:
            continue
        start, end, pre, unit, obj, values = claim
        if _stock(text, start, end, unit, obj, values[0][0]):
            prev_end, prev_pre = end, pre
            continue
        for value, bound, approx in values:
            yield {
                "value": float(value),
                "unit": unit,
                "object": obj,
                "approx": approx,
                "bound": bound,
                "sentence": _sentence(text, start, end),
                "position": start,
                "match": text[start:end],
            }
        prev_end, prev_pre = end, pre


_ADJACENT = re.compile(r"([一二三四五六七八九两])([二三四五六七八九])([十百千万亿]*)")
_ADJACENT_TEEN = re.compile(r"([一二三四五六七八九]?十)([一二三四五六七八])([二三四五六七八九])")


def _adjacent_range(num: str, mag: str | None) -> tuple[float, float] | None:
    """Neighbouring digits as an approximate range: 三四十 -> (30, 40), 两三 -> (2, 3), 十五六 -> (15, 16)."""
    mult = cn_number("一" + mag) if mag else 1.0
    m = _ADJACENT.fullmatch(num)
    if m:
        a, b = cn_number(m.group(1)), cn_number(m.group(2))
        scale = cn_number("一" + m.group(3)) if m.group(3) else 1.0
        if a is not None and b == a + 1 and scale and mult:
            return a * scale * mult, b * scale * mult
    m = _ADJACENT_TEEN.fullmatch(num)
    if m:
        base, a, b = cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3))
        if base is not None and b == a + 1 and mult:
            return (base + a) * mult, (base + b) * mult
    return None


def _read_claim(m: re.Match, text: str, masked: str, prev_end: int, prev_pre: str | None):
    """(start, end, prefix marker, unit, object, [(value, bound, approx)...]) of one match, or None."""
    g = m.groupdict()
    unit, post, end = g["unit"], g["post"], m.end()
    if unit and not _unit_ok(masked, m.end("unit"), unit):
        unit, post, end = None, None, m.start("unit")  # 14亿人民: 人 starts a word
    unit = unit or g["lunit"]  # 1%-2%: the unit of both ends
    if unit == "％" or g["pct"]:
        unit = "%"
    has_mag = bool(g["mag"] or (g["sep"] and g["rmag"]) or re.search("[万亿]", g["num"]))
    if not unit and not has_mag:
        return None  # a bare number (300以上, 12345) is too ambiguous to report
    pre = g["pre"]
    num_start = m.start("num")
    if pre in _ROUND_ONLY and g["num"][0] not in "十百千万":
        pre = None  # 线上3个: 上 is not a marker here
    elif g["pre"] is None and g["num"][0] in "百千万":
        return None
    joined = masked[prev_end:num_start] if prev_end >= 0 else None
    if pre is None and joined in ("、", "和", "及", "或") and prev_pre is not None:
        pre = prev_pre  # 分别不低于25个、20个: the marker governs the list
    if pre is None:
        near = _PRE_BOUND_NEAR.search(masked, max(0, num_start - 9), num_start)
        pre = near.group(1) if near else None
    # 一 counts in a frequency (每月开展一次, 至少一次): events per period, or a bounded once
    frequency = unit in _EVENT_UNITS and (
        pre in _PRE_LEAST + _PRE_MOST or "每" in masked[max(0, num_start - 6) : num_start]
    )
    adjacent = None if g["sep"] else _adjacent_range(g["num"], g["mag"])
    low = _amount(
        g["num"], g["a1"], g["mag"] or (g["rmag"] if g["sep"] and not g["mag"] else None), g["a2"], frequency
    )
    if low is None and adjacent is None:
        return None
    if g["sep"]:
        high = _amount(g["rnum"], g["ra1"], g["rmag"], g["ra2"])
        if high is None:
            return None
        values = [
            (low, "at least", g["a1"] or g["a2"] or "range"),
            (high, "at most", g["ra1"] or g["ra2"] or "range"),
        ]
    elif adjacent is not None:  # 三四十名: thirty to forty
        values = [(adjacent[0], "at least", "range"), (adjacent[1], "at most", "range")]
    else:
        approx, bound = _markers(pre, post, unit, g["a1"] or g["a2"], text.startswith("来", end))
        values = [(low, bound, approx)]
    obj = _object(text, end, after_unit=bool(unit))
    if post and not unit:
        obj = None  # 65万以上的大县: the county is not what 65万 counts
    start = m.start() if pre == g["pre"] else num_start
    return start, end, pre, unit, obj, values


def _markers(
    pre: str | None, post: str | None, unit: str | None, approx: str | None, then_lai: bool
) -> tuple[str | None, str | None]:
    """(approx, bound) of a single number from its prefix and suffix markers."""
    bound = None
    duration = pre == "近" and unit in _TIME_UNITS and then_lai  # 近五年来: a duration, not "about"
    marks = ((None if duration else pre, _PRE_APPROX, _PRE_LEAST, _PRE_MOST),
             (post, _POST_APPROX, _POST_LEAST, _POST_MOST))
    for mark, approximate, least, most in marks:  # the prefix first, then the suffix
        if mark in approximate:
            approx = approx or mark
        elif mark in least:
            bound = "at least"
        elif mark in most:
            bound = "at most"
    return approx, bound


