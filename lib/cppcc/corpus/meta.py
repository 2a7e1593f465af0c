"""Document metadata found in a page's text: sessions, units named around 政协, bylines, work-report
titles and datelines, date lines, name lines and salutations (a news report's lead: :mod:`.lead`).

Each function reads one normalised line (or sentence) and returns what it names, or None; the
front phase (:mod:`~cppcc.corpus.front`) asks every line of a page's head, and the attribute phase
chooses among what they found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..divisions import resolve_region
from .dates import _DATE_ZH, _MONTH_DAY, bracket_date, chinese_date, complete_date, date_line, month_day
from .names import POSITION, SALUTATION, compact_name, is_name

__all__ = ["session_of", "units_named", "unit_in", "byline_title", "report_title", "dateline", "bracket_date",
           "date_line", "name_line", "salutation_name", "title_speaker", "chinese_date", "month_day",
           "complete_date", "looks_like_name", "session_at", "POSITION", "Found"]

_POSITIONS = rf"{POSITION}(?:\s*[、，,和兼]?\s*{POSITION})*"
_NUM = r"[〇零一二两三四五六七八九十百\d]+"
_SESSION = re.compile(rf"第?({_NUM})届(?:(?:(?!常务|常委)[\u4e00-\u9fff]){{2,12}}?委员会|委员会|全国委员会"
                      r"|全国政协|政协)?"
                      rf"第?({_NUM})次"
                      r"(?:(?:全体)?会议|(?=委员|大会|开幕|闭幕|期间|提案))")
# bodies whose sessions are not a CPPCC's: the nearest of these before a session names its body
_BODY = re.compile(r"政协|全国委员会|人大|人民代表大会|中共|党委|[省市县区州旗]委(?!员)|党代会|团委|妇联|"
                   r"工会|"
                   r"科协|侨联")
_DASHES = r"[—－\-─–~～]{1,3}"
_DATELINE_SHAPES = (
    re.compile(rf"^{_DASHES}\s*(?P<body>.{{4,90}}?)\s*$"),
    re.compile(r"^[（(]\s*(?P<body>.{4,90}?)\s*[)）]$"),
    re.compile(r"^(?P<body>(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年.{2,12}?日\s*在.{4,80}?)$"),
)
_WHERE = re.compile(r"在(?P<where>.{2,70}?)(?:上|中|期间)?"
                    r"(?:的(?:讲话|致辞|报告|工作报告|发言|总结讲话|主持词|说明))?$")
_BYLINE = re.compile(r"^(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff·\s]{1,6}?)\s*(?:同志)?\s*[:：]\s*(?P<title>"
                     r"[—\-－]*\s*在.{2,70}?(?:讲话|致辞|发言|报告|总结|主持词|演讲))$")
_TITLE_SPEAKER = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,4}?)(?:同志)?在.{2,70}?"
                            r"(?:讲话|致辞|发言|报告|主持词|演讲)"
                            r"(?:\s*[（(].{0,20}[)）])?$")
_REPORT = re.compile(rf"^(?:政协(?P<unit>.{{0,30}}?)第(?P<n>{_NUM})届(?P<unit2>.{{0,30}}?)委员会|"
                     r"(?P<unit3>.{2,30}?)政协(?:第.{1,4}届)?)"
                     r"(?:常务委员会|常委会)(?:关于)?(?:[\u4e00-\u9fff]{0,8}工作|提案工作)(?:情况)?的?报告$")
_NAME = re.compile(rf"^(?:(?P<unit>[\u4e00-\u9fff]{{0,30}}?)\s*政协\s*"
                   r"(?:(?P<unit2>[\u4e00-\u9fff]{2,30}?)委员会)?"
                   rf"\s*(?P<position>{_POSITIONS})\s*|(?P<position2>{_POSITIONS})\s+)?"
                   r"(?P<name>[\u4e00-\u9fff](?:[\s\u3000]{0,3}[\u4e00-\u9fff·]){1,7})$")
_FULL_NAME = "中国人民政治协商会议"
NATIONAL = "全国"


def _short(text: str) -> str:
    """The text with the CPPCC's full name shortened to 政协 (中国人民政治协商会议某市委员会)."""
    return text.replace(_FULL_NAME, "政协").strip() if _FULL_NAME in text else text.strip()


def looks_like_name(name: str) -> bool:
    """Whether a short text reads as a person's name (:func:`cppcc.corpus.names.is_name`).

    Examples
    --------
    >>> [looks_like_name(s) for s in ("李四", "欧阳明", "一是", "相关新闻", "第一篇")]
    [True, True, False, False, False]
    """
    return is_name(name)


def _cn(numeral: str) -> str:
    """A numeral of a session number in Chinese characters (九, 十二), whatever the page wrote."""
    import cn2an

    if numeral.isdigit():
        return cn2an.an2cn(numeral)
    return numeral.replace("两", "二")


def session_of(text: str) -> str | None:
    """The plenary session of a CPPCC that a text names, as ``"<届>届<次>次"`` in Chinese numerals, or None.

    Standing-committee and chair's meetings (``第十次常委会议``, ``六届四十七次主席会议``) and party
    plenums (``十二届十一次全会``) are not plenary sessions of a CPPCC; nor is a session whose nearest
    named body before it is another one (人大, 中共…委, 党代会).

    Examples
    --------
    >>> session_of("在政协临沧市第五届委员会第四次会议上"), session_of("市政协九届四次会议开幕")
    ('五届四次', '九届四次')
    >>> session_of("六届四十七次主席会议") is None, session_of("十二届十一次全会") is None
    (True, True)
    >>> session_of("第12届委员会第3次会议"), session_of("县十八届人大一次会议") is None
    ('十二届三次', True)
    >>> session_of("中共某县委十四届三次全体会议") is None, session_of("七届政协一次会议圆满结束")
    (True, '七届一次')
    >>> session_of("市政协八届三次委员发言摘要"), session_of("市政协八届三次常委会议") is None
    ('八届三次', True)
    >>> session_of("政协第八届文成县委员会第四次会议")
    '八届四次'
    >>> session_of("会议的主要议题是为全国政协十二届五次会议作准备") is None
    True
    >>> session_of("县政协召开十二届十二次常委会，对即将召开的县政协十二届四次会议进行了研究") is None
    True
    >>> session_of("县政协九届三次会议将于2019年2月26日召开") is None  # announced, not held
    True
    >>> session_of("政协第十二届全国委员会常务委员会第十九次会议") is None
    True
    """
    found = session_at(_short(text))
    return found[0] if found else None


def session_at(text: str) -> tuple[str, int] | None:
    """:func:`session_of` of a text already shortened, with the offset where the session is named.

    A session that its sentence names only as prepared for (为…会议作准备, 关于召开…会议的决定) or after a
    standing-committee or chair's meeting held (常委会议…听取…九届五次会议…) is not the text's session.
    """
    for m in _SESSION.finditer(text):
        bodies = list(_BODY.finditer(text, max(0, m.start() - 30), m.end()))
        if bodies and bodies[-1].group(0) not in ("政协", "全国委员会"):
            continue
        sentence = text[:m.start()].rsplit("。", 1)[-1]
        if _PREPARED.search(sentence[-30:]) or _NON_PLENARY.search(sentence) \
                or _ANNOUNCED_AFTER.match(text, m.end()):
            continue
        return f"{_cn(m.group(1))}届{_cn(m.group(2))}次", m.start()
    return None


@lru_cache(maxsize=1 << 14)
def _names_unit(text: str) -> bool:
    """Whether ``text`` is exactly a division name, or 全国 (no variant-character guess)."""
    if text == NATIONAL:
        return True
    r = resolve_region(text)
    return r["status"] != "unknown" and not r["note"]


# meetings of a CPPCC that are no plenary session, and words that name a session only as prepared for
_NON_PLENARY = re.compile(r"常委会议|常务委员会(?:第.{1,4}次)?会议|常委会(?:第.{1,4}次)?会议|主席会议|"
                          r"[一二三四五六七八九十\d]次(?:常委会|常务委员会)|"
                          r"主席团会议|"
                          r"党组(?:扩大)?会议|秘书长会议|协商会|座谈会|报告会|培训班")
# a session announced for later (九届三次会议将于2019年2月26日召开): not one the text reports
_ANNOUNCED_AFTER = re.compile(r"[^。，；]{0,4}?(?:将于|定于|拟于|即将|将在)")
_PREPARED = re.compile(r"(?:为|关于召开|筹备|准备|迎接|决定召开|建议|学习贯彻|传达|即将召开|即将举行|"
                       r"将于|定于|拟于)[^。，；]{0,30}$")
# a two-character unit name before 政协 that starts with one of these is read as a word and a level
# (和县政协: 和 + 县政协), never as the unit
_FUNCTION_CHARS = frozenset("和与及同在对于为向从把被将让使由")
# national members living in a province: 在沪全国政协委员, 驻京全国政协委员, 在湘的全国政协委员
_RESIDENT = re.compile(r"(?:在|驻)[\u4e00-\u9fff]{1,3}的?全国$")
_UNIT_AFTER = re.compile(rf"政协(?:第?{_NUM}届)?(?P<u>[\u4e00-\u9fff]{{2,30}}?)(?:第?{_NUM}届)?(?:全国)?"
                         r"(?:委员会|常委会|常务委员会)")


def units_named(text: str) -> list[tuple[int, str]]:
    """The units a text names next to 政协, as ``(offset, name)``: ``政协<unit>委员会``,
    ``政协<unit>第N届委员会``, ``政协第N届<unit>委员会`` and ``<unit>政协`` (the longest run before
    政协 that is a division name); the national committee (全国政协, 政协第N届全国委员会) is ``全国``.

    Examples
    --------
    >>> units_named("近日，云南省临沧市政协召开常委会议，政协临沧市第五届委员会委员出席")
    [(3, '云南省临沧市'), (20, '临沧市')]
    >>> units_named("政协第七届磐安县委员会"), units_named("中国人民政治协商会议第十三届全国委员会")
    ([(5, '磐安县')], [(2, '全国')])
    >>> units_named("县委书记的讲话和县政协常委会工作报告")
    []

    Members of the national committee who live in a province (在沪全国政协委员, 驻粤全国政协委员) are
    not the national committee: their meeting is their province's.

    >>> units_named("在沪全国政协委员举行行前准备会"), units_named("全国政协委员、某县政协主席")
    ([], [(0, '全国')])
    """
    out = []
    text = _short(text)
    for m in re.finditer("政协", text):
        at = m.start()
        if text.startswith("委员", at + 2) and _RESIDENT.search(text, max(0, at - 6), at):
            continue
        after = _UNIT_AFTER.match(text, at, min(len(text), at + 48))
        if after and after.group(0).endswith("全国委员会") and "届" in after.group(0):
            out.append((at + 2, NATIONAL))
            continue
        if after and _names_unit(after.group("u")):
            out.append((after.start("u"), after.group("u")))
            continue
        before = text[max(0, at - 20):at]
        for n in range(len(before), 1, -1):
            cand = before[-n:]
            if n == 2 and cand[0] in _FUNCTION_CHARS:
                break  # 和县政协: "and the county's CPPCC" far more often than 和县's
            if re.fullmatch(r"[\u4e00-\u9fff]+", cand) and _names_unit(cand):
                out.append((at - n, cand))
                break
    return sorted(out)


def unit_in(text: str) -> str | None:
    """The first unit :func:`units_named` finds in a text, or None.

    Examples
    --------
    >>> unit_in("在政协福州市鼓楼区第九届委员会第四次会议上的讲话"), unit_in("全国政协十三届四次会议闭幕")
    ('福州市鼓楼区', '全国')
    """
    found = units_named(text)
    return found[0][1] if found else None


@dataclass
class Found:
    """What a line names: speaker, position, unit text, date (ISO, or ``md`` a month and day without
    year), session, a document-kind cue (``speech``/``report``) and the officials it names."""

    speaker: str | None = None
    position: str | None = None
    unit: str | None = None
    date: str | None = None
    session: str | None = None
    kind: str | None = None
    md: tuple[int, int] | None = None
    officials: list[str] = field(default_factory=list)
    level: str | None = None  # the level a text's words name where it names no unit (县政协: county)


def _clean_position(p: str | None) -> str | None:
    return re.sub(r"\s+", "", p).replace(",", "、").replace("，", "、") if p else None


def _kind_of(title: str) -> str | None:
    if re.search(r"(?:工作|提案工作)(?:情况)?的?报告$|常务委员会.{0,6}报告|(?:上|中)的报告$", title):
        return "report"
    if re.search(r"(?:讲话|致辞|发言|主持词|演讲|总结)$", title):
        return "speech"
    return None


def byline_title(line: str) -> Found | None:
    """A byline title ``<name>：在<…>会议上的讲话``: the speaker, and the unit and session it names.

    Examples
    --------
    >>> f = byline_title("王明：在政协某某县第九届委员会第四次会议闭幕会上的讲话")
    >>> f.speaker, f.session
    ('王明', '九届四次')
    >>> byline_title("坚持协商：在实践中创新") is None, byline_title("第一篇：在县政协全会上的讲话") is None
    (True, True)
    """
    m = _BYLINE.match(_short(line))
    if not m or not is_name(m.group("name")):
        return None
    title = m.group("title")
    return Found(speaker=compact_name(m.group("name")), unit=unit_in(title), session=session_of(title),
                 kind=_kind_of(title) or "speech")


def title_speaker(line: str) -> Found | None:
    """A title that starts with the speaker: ``<name>在<…>会议上的讲话`` (also ``<name>同志在…``).

    Examples
    --------
    >>> f = title_speaker("张海在政协某县第十届委员会第三次会议闭幕会上的讲话")
    >>> f.speaker, f.session, f.kind
    ('张海', '十届三次', 'speech')
    >>> title_speaker("全县在政协工作会议上的讲话") is None
    True
    """
    s = _short(line)
    m = _TITLE_SPEAKER.match(s)
    if not m or not is_name(m.group("name")):
        return None
    return Found(speaker=m.group("name"), unit=unit_in(s), session=session_of(s),
                 kind=_kind_of(s) or "speech")


def report_title(line: str) -> Found | None:
    """A work-report title ``政协<unit>第<N>届委员会常务委员会工作报告`` (also ``政协第<N>届<unit>委员会…``,
    ``<unit>政协常委会工作报告``): its unit.

    Examples
    --------
    >>> report_title("政协临沧市第五届委员会常务委员会工作报告").unit
    '临沧市'
    >>> report_title("中国人民政治协商会议第十三届全国委员会常务委员会工作报告").unit
    '全国'
    >>> report_title("政协第七届磐安县委员会常务委员会工作报告").unit
    '磐安县'
    >>> report_title("到会祝贺俞正声作政协常委会工作报告") is None
    True
    """
    s = _short(line)
    m = _REPORT.match(s)
    if not m or (m.group("unit3") and not _names_unit(m.group("unit3"))):
        return None  # <words>政协常委会工作报告: only a unit may stand before 政协
    unit = unit_in(s)
    if unit is None:
        named = (m.group("unit"), m.group("unit2"), m.group("unit3"))
        unit = next((u for u in named if u and _names_unit(u)), None)
    return Found(unit=unit, kind="report")


def dateline(line: str) -> Found | None:
    """A dateline ``——<date>在政协<unit>第<N>届委员会第<M>次会议上``: its date, unit and session.

    Also with one dash, in brackets, with the date after 在 (``—在3月2日政协…会议上``: a month and day
    without year go to ``md``), without a date, or without a dash when it starts with a full date; a
    subtitle ``——在<…>上的讲话`` is one too.

    Examples
    --------
    >>> f = dateline("——2021年1月10日在政协临沧市第五届委员会第四次会议上")
    >>> f.date, f.unit, f.session
    ('2021-01-10', '临沧市', '五届四次')
    >>> dateline("（二〇二一年一月十日在中国人民政治协商会议临沧市第五届委员会第四次会议上）").unit
    '临沧市'
    >>> f = dateline("—在3月2日政协常宁市第十一届委员会第五次会议上")
    >>> f.date, f.md, f.unit, f.session
    (None, (3, 2), '常宁市', '十一届五次')
    >>> dateline("——在政协某县全体会议上的讲话").kind, dateline("（2021年1月10日）"), dateline("——习近平")
    ('speech', None, None)
    """
    s = _short(line)
    for shape in _DATELINE_SHAPES:
        m = shape.match(s)
        if m:
            break
    else:
        return None
    body = m.group("body")
    if re.search(r"[。，；！？]", body):
        return None
    date = chinese_date(body)
    md = None if date else month_day(body)
    w = _WHERE.search(body)
    where = w.group("where") if w else ""
    if where and not re.search(r"会|议|式|典礼|论坛|班", where):
        where = ""
    if not where and not (date or md):
        return None
    if not where and shape is not _DATELINE_SHAPES[0]:
        return None  # a date alone in brackets is a date line, not a dateline
    if not where and re.sub(r"[\s\d〇零一二三四五六七八九十年月日上下午]", "", body):
        return None  # a dash before a date and other words (——二〇二一年春) is no dateline
    pre = body[:w.start()] if w else ""
    pre = _DATE_ZH.sub("", _MONTH_DAY.sub("", pre)).strip()
    speaker = compact_name(pre) if pre and is_name(compact_name(pre)) else None
    return Found(date=date, md=md, unit=unit_in(where) if where else None, session=session_of(where),
                 kind=_kind_of(body), speaker=speaker)


def name_line(line: str, known_place: bool = False) -> Found | None:
    """A line that is a person's name (2–4 characters, spaces allowed), optionally after a unit and a
    position (``临沧市政协主席 李四``, ``政协临沧市委员会主席 李四``).

    The name must read as a name (:func:`cppcc.corpus.names.is_name`); ``known_place`` (the line
    stands where a name is expected, next to a dateline or the speech's date line) drops the
    surname condition, so that names without a Han surname (扎西顿珠) are found there.

    Examples
    --------
    >>> f = name_line("政协临沧市委员会主席  李 四")
    >>> f.speaker, f.position, f.unit
    ('李四', '主席', '临沧市')
    >>> name_line("张三").speaker, name_line("一、坚持党的领导"), name_line("二是")
    ('张三', None, None)
    >>> name_line("主席 王 刚").position, name_line("段  鸣").speaker
    ('主席', '段鸣')
    >>> name_line("扎西顿珠"), name_line("扎西顿珠", known_place=True).speaker  # after a dateline
    (None, '扎西顿珠')
    """
    m = _NAME.match(line.strip())
    if not m:
        return None
    name = compact_name(m.group("name"))
    if not is_name(name, strict=not known_place):
        return None
    unit = next((u for u in (m.group("unit2"), m.group("unit")) if u and _names_unit(u)), None)
    position = _clean_position(m.group("position") or m.group("position2"))
    return Found(speaker=name, position=position, unit=unit)


def salutation_name(line: str) -> Found | None:
    """A salutation (``各位委员、同志们：``), with the speaker's name glued before it where a page lost
    the line break (``黎作凤各位委员、同志们：``): ``speaker`` is that name (None without one).

    Examples
    --------
    >>> salutation_name("黎作凤各位委员、同志们：").speaker, salutation_name("各位委员：").speaker
    ('黎作凤', None)
    >>> salutation_name("各位委员提出了建议。") is None
    True
    """
    s = line.strip()
    m = SALUTATION.search(s)
    if not m or len(s) > 40:
        return None
    pre = compact_name(s[:m.start()])
    if not pre:
        return Found()
    return Found(speaker=pre) if is_name(pre) else None
