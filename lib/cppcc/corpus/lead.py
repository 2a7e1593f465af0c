"""The lead of a news report: whether a paragraph reports a CPPCC event, the unit, the CPPCC official and
the date it names (a wire dateline's day included)."""
from __future__ import annotations

import re

from .meta import _DATE_ZH, _MONTH_DAY, Found, _short, chinese_date, complete_date, month_day, session_of, \
    unit_in
from .names import OFFICIAL_POSITION, POSITION, officials_in

__all__ = ["news_lead", "lead_date", "cppcc_officials"]

_LEAD_CUE = re.compile(r"^.{0,24}?(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
                       r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日"
                       r"|近日|日前|近期|今年以来|今天|昨天|昨日|本报讯|讯|电[（(\s]|\d{1,2}日[上下]午)")
_LEAD_VERB = re.compile(r"政协.{0,40}?(召开|举行|举办|组织|开展|启动|闭幕|开幕|召开|出席|主持|调研|视察|"
                        r"走访|慰问|"
                        r"座谈|考察|来我|到我|莅临|深入|带队|率队|一行|参加|听取|审议|通过|选举)")
_LEAD_SUBJECT = re.compile(r"^[\u4e00-\u9fff]{0,14}政协(?:[\u4e00-\u9fff、]{0,16}?)"
                           r"(?:召开|举行|举办|组织|开展|"
                           r"启动|闭幕|开幕|调研|视察|走访|慰问|考察|来我|到我|深入|带队|率队|一行)")
_WIRE = re.compile(r"^.{0,16}?(?P<m>\d{1,2})月(?P<d>\d{1,2})日电")

def cppcc_officials(text: str) -> list[tuple[str, str]]:
    """The CPPCC officials a text names: ``(position, name)`` where 政协 stands right before the
    position (县政协主席高世忠, 市政协党组书记、主席张三).

    Examples
    --------
    >>> cppcc_officials("县委书记王明亮出席，县政协主席高世忠主持。")
    [('主席', '高世忠')]
    """
    found = officials_in(text)
    out = []
    for position, name in found:
        at = text.find(position + name)
        if at < 0:
            at = text.find(name) - len(position)
        head = text[max(0, at - 14):max(0, at)]
        if re.search(rf"政协(?:[\u4e00-\u9fff]{{0,12}}委员会)?(?:{OFFICIAL_POSITION}[、，,兼]?)*\s*$", head) \
                and re.fullmatch(POSITION + r"(?:、" + POSITION + ")*", position):
            out.append((position, name))
    return out


def lead_date(text: str, page_date: str | None) -> str | None:
    """The date a news lead gives the event: its first date near the start (the year of ``page_date``
    completes a month and day); after a wire dateline (``新华社北京3月11日电``) the day the lead names
    (``10日下午``) in that month.

    Examples
    --------
    >>> lead_date("3月9日，临沧市政协召开常委会议。", "2021-03-10")
    '2021-03-09'
    >>> lead_date("新华社北京3月11日电（记者 王某）全国政协十三届四次会议10日下午闭幕。", "2021-03-11")
    '2021-03-10'
    >>> lead_date("2020年5月6日上午，县政协召开会议。", None)
    '2020-05-06'
    """
    s = text[:160]
    wire = _WIRE.match(s)
    if wire:
        mo, d = int(wire.group("m")), int(wire.group("d"))
        rest = s[wire.end():].split("。")[0]
        day = re.search(r"(?<![\d月])(\d{1,2})日(?:上午|下午|晚|早|中午|晚上|凌晨)?", rest)
        ref = complete_date((mo, d), page_date) if page_date else None
        if day and ref and int(day.group(1)) <= d:
            return f"{ref[:4]}-{mo:02d}-{int(day.group(1)):02d}"
        return ref
    head = s[:40]
    full = _DATE_ZH.search(head)
    md = month_day(head)
    if full and (md is None or full.start() <= _MONTH_DAY.search(head).start() + 6):
        return chinese_date(head)
    return complete_date(md, page_date) if md and head.find("月") < 24 else None


def news_lead(sentences: str, page_date: str | None = None) -> Found | None:
    """The unit, official and date of a news report's lead (``<date>，<unit>政协召开…。<unit>政协主席<name>
    出席并讲话``); None unless the lead reports a CPPCC event: it starts with a date, 近日/日前, a
    reporter's credit (本报讯) or a wire dateline, or with ``<unit>政协…`` and an event verb.

    Parameters
    ----------
    sentences : str
        The first paragraph of the report.
    page_date : str, optional
        The page's date (ISO), whose year completes a lead date without one.

    Examples
    --------
    >>> f = news_lead("3月9日，临沧市政协召开五届四次常委会议。市政协主席李四出席并讲话。", "2021-03-10")
    >>> f.unit, f.speaker, f.position, f.date
    ('临沧市', '李四', '主席', '2021-03-09')
    >>> news_lead("政协委员是政协工作的主体，要开展好履职活动。") is None
    True
    >>> news_lead("县政协主席高世忠带领部分委员深入乡镇调研。").speaker
    '高世忠'
    """
    s = _short(sentences)
    reported = _LEAD_CUE.match(s) and _LEAD_VERB.search(s[:300])
    if "政协" not in s[:300] or not (reported or _LEAD_SUBJECT.match(s)):
        return None
    cppcc = cppcc_officials(s[:400])
    found = Found(unit=unit_in(s[:300]), session=session_of(s[:300]), date=lead_date(s, page_date),
                  officials=[n for _, n in officials_in(s[:400])])
    if cppcc:
        found.position, found.speaker = cppcc[0]
    return found
