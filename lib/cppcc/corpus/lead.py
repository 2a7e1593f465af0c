"""The lead of a news report: whether a paragraph reports a CPPCC event, the unit, the CPPCC official and
the date it names (a wire dateline's day included)."""
from __future__ import annotations

import re

from .dates import _DATE_ZH, _MONTH_DAY, chinese_date, complete_date, month_day, starts_range
from .meta import _NON_PLENARY, Found, _short, session_at, units_named
from .places import level_of
from .names import POSITION, cppcc_officials, name_before, officials_in

__all__ = ["news_lead", "lead_date", "cppcc_officials", "reported", "story_date"]

_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
_LEAD_CUE = re.compile(rf"^.{{0,30}}?(?:{_MD}|近日|日前|近期|连日来|今年以来|今天|今日|今晨|今晚|昨天|昨日|"
                       r"昨晚|当天|[上下]午\d{1,2}[时点]|(?:早上|上午|下午|晚上)在|【[^】]{1,12}(?:台|网|社|报|新闻)】|"
                       r"本报讯|讯|本报消息|消息】|电[（(\s]|\d{1,2}[日号][上下]午|\d{1,2}[日号][早晚]|记者.{0,12}报道)")
_LEAD_VERB = re.compile(r"政协.{0,40}?(召开|举行|举办|组织|开展|启动|闭幕|开幕|出席|主持|调研|视察|走访|慰问|"
                        r"座谈|考察|来我|到我|莅临|深入|带队|率队|带领|率领|一行|参加|听取|审议|通过|选举|报到|讨论|学习|"
                        r"会议|活动|协商|监督|培训|观摩|检查)")
_LEAD_SUBJECT = re.compile(r"^[\u4e00-\u9fff]{0,14}政协(?:[\u4e00-\u9fff、]{0,16}?)"
                           r"(?:召开|举行|举办|组织|启动|闭幕|开幕|调研|视察|走访|慰问|考察|来我|到我|深入|"
                           r"带队|率队|带领|率领|一行)")
_WIRE = re.compile(r"^.{0,16}?(?P<m>\d{1,2})月(?P<d>\d{1,2})日电")
_DAY_ONLY = re.compile(r"^\D{0,12}?(?<![\d月])(\d{1,2})[日号](?:上午|下午|晚|早|中午|晚上|凌晨)")
_TODAY = re.compile(r"^.{0,30}?(?:今天|今日|今晨|今晚|今年\d{1,2}月|(?<![日号\d])(?:早上|上午|下午|晚上)在)")
#: a publication stamp glued before a lead (2026-03-04 全国政协…; date 2026-03-04 …)
STAMP_PREFIX = re.compile(r"^\s*(?:date|日期|时间)?\s*[:：]?\s*"
                          r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
                          r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?=\S)", re.I)


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
    >>> lead_date("今日上午，县政协召开会议。", "2017-02-19")
    '2017-02-19'
    >>> lead_date("全国政协十四届四次会议下午在北京闭幕。", "2026-03-11")  # no day: the page's
    '2026-03-11'
    >>> lead_date("5日下午，市政协会议分组审议。", "2018-01-06")
    '2018-01-05'
    >>> lead_date("县政协十一届二次会议于1月4日召开，1月3日下午，委员们报到。", "2023-01-04")
    '2023-01-03'
    >>> lead_date("5月25日至28日，政协某县八届四次会议召开。", "2015-06-16") is None  # several days
    True
    """
    s = text[:160]
    if starts_range(s[:40]):
        return None
    if page_date and _TODAY.match(s) and not month_day(s[:24]):
        return page_date  # 今天, 今日上午: the day the page was published
    day = _DAY_ONLY.match(s)
    if page_date and day:  # 5日下午，市政协…: a day of the page's month, not after the page's day
        d = int(day.group(1))
        return f"{page_date[:8]}{d:02d}" if 1 <= d <= int(page_date[8:10]) else None
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
    first = _MONTH_DAY.search(head)
    if first and re.search(r"于\s*$", head[:first.start()]):  # 会议于1月4日召开，1月3日下午报到: the later
        later = _MONTH_DAY.search(s[:80], first.end())
        if later:
            head = s[later.start():later.start() + 40]
    full = _DATE_ZH.search(head)
    md = month_day(head)
    if full and (md is None or full.start() <= _MONTH_DAY.search(head).start() + 6):
        return chinese_date(head)
    if not md or head.find("月") >= 24:
        return _held_on(s, page_date)
    return complete_date(md, page_date) or complete_date(md, page_date, within=45, after=45)


# the day a lead's first sentence says its meeting was held, after its subject (…圆满完成各项议程，2月4日
# 下午在市会议中心闭幕): a month and day right before the meeting's verb, not one announced with 于
_HELD_ON = re.compile(rf"(?<![于至到])(?P<md>{_MD})(?:上午|下午|晚上|晚|早上|中午)?"
                      r"(?:在[^。，,；]{1,20}?)?(?:召开|举行|闭幕|开幕)")


_DAY_HELD = re.compile(r"(?<![\d月于至到])(\d{1,2})日(?:上午|下午|晚上|晚|早上|中午)"
                       r"(?:在[^。，,；]{1,20}?)?(?:召开|举行|闭幕|开幕)")


def _held_on(s: str, page_date: str | None) -> str | None:
    """The day the first sentence of a lead says its meeting was held, completed with the page's year
    (at most 45 days before the page's date), or None.

    Examples
    --------
    >>> _held_on("政协某市第十三届委员会第五次会议完成各项议程，2月4日下午在市会议中心闭幕。", "2026-02-05")
    '2026-02-04'
    >>> _held_on("政协某市第十三届委员会第五次会议定于2月4日下午在市会议中心开幕。", "2026-02-01") is None
    True
    >>> _held_on("政协第十届全国委员会第五次会议3日下午开幕，全国政协主席某某作报告。", "2007-03-03")
    '2007-03-03'
    """
    sentence = re.split(r"[。；！？]", s)[0][:120]
    m = _HELD_ON.search(sentence)
    day = None if m else _DAY_HELD.search(sentence)
    if day and page_date and not starts_range(sentence[day.start():]):  # …第五次会议3日下午开幕: a day of
        d = int(day.group(1))  # the page's month, not after the page's day
        return f"{page_date[:8]}{d:02d}" if 1 <= d <= int(page_date[8:10]) else None
    if not m or not page_date or starts_range(sentence[m.start():]):
        return None
    return complete_date(month_day(m.group("md")), page_date)


_RANK = ("党组书记、主席", "主席、党组书记", "主席", "党组书记", "常务副主席", "专职副主席",
         "党组副书记、副主席", "副主席", "秘书长", "副秘书长")
_GENERIC = re.compile(r"政协(?=委员|工作|事业|理论|履职)|人民政协")


_STORY_DATE = re.compile(r"(?<!于)(?<!将于)(?:(?P<full>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)"
                         r"|今年(?P<md>\d{1,2}月\d{1,2}日))")


def story_date(text: str, page_date: str | None) -> str | None:
    """The day a feature story names its event (这是2015年2月8日的上午; 这是今年1月5日): a full date, or
    今年 with a month and day, at most 45 days before the page's date (a date announced with 于 is not).

    Examples
    --------
    >>> story_date("这时离开会还有二十分钟。这是2015年2月8日的上午。", "2015-02-11")
    '2015-02-08'
    >>> story_date("这是今年1月5日，县委书记出席会议。", "2021-01-20")
    '2021-01-05'
    >>> story_date("会议将于3月5日召开。", "2021-03-01") is None
    True
    """
    if not page_date:
        return None
    for m in _STORY_DATE.finditer(text):
        if m.group("full"):
            found = chinese_date(m.group("full"))
            md = (int(found[5:7]), int(found[8:10])) if found else None
            if found and found <= page_date and complete_date(md, page_date) == found:
                return found
        else:
            found = complete_date(month_day(m.group("md")), page_date)
            if found and found[:4] == page_date[:4]:
                return found
    return None


def reported(line: str) -> bool:
    """Whether a line starts as a news report does: a date, 近日, 本报讯, a wire dateline, then an event
    of a CPPCC.

    Examples
    --------
    >>> reported("本报北京3月11日讯 政协常务委员会会议今天上午在京举行。"), reported("政协委员是主体。")
    (True, False)
    """
    s = _short(line)
    stamp = STAMP_PREFIX.match(s)
    s = s[stamp.end():] if stamp else s
    return bool(_LEAD_CUE.match(s) and _LEAD_VERB.search(s[:300]))


def _first_cppcc(s: str) -> int:
    """Where a lead first names a CPPCC (not 政协委员, 人民政协: the institution in general), or -1."""
    for m in re.finditer("政协", s):
        if not _GENERIC.match(s, max(0, m.start() - 2)) and not _GENERIC.match(s, m.start()):
            return m.start()
    return -1


def _lead_unit(first: str) -> tuple[str | None, str | None]:
    """The unit attached to the lead's first CPPCC (政协<unit>…委员会, <unit>政协) and, without one, the
    level its words name (县政协: county); (None, None) when the lead names no CPPCC of its own."""
    at = _first_cppcc(first)
    if at < 0:
        return None, None
    unit = next((u for o, u in units_named(first) if o + len(u) == at or at + 2 <= o <= at + 8), None)
    return unit, None if unit else level_of(first[max(0, at - 3):at + 2])


def news_lead(sentences: str, page_date: str | None = None) -> Found | None:
    """The unit, official and date of a news report's lead (``<date>，<unit>政协召开…。<unit>政协主席<name>
    出席并讲话``); None unless the lead reports a CPPCC event: it starts with a date, 近日/日前, a
    reporter's credit (本报讯) or a wire dateline, or with ``<unit>政协…`` and an event verb.

    The unit is the one attached to the first CPPCC the lead names (a visit of 市政协 to a county is the
    city's event); without one, ``level`` holds the level its words name (县政协: county). The
    speaker is the highest-ranking CPPCC official named (主席 before 副主席 before 秘书长). The session
    is the plenary the lead reports, not one a standing-committee meeting prepares.

    Parameters
    ----------
    sentences : str
        The first paragraph of the report (the next ones may follow it, one per line: officials are
        looked for in the first 600 characters); a publication stamp glued before it is skipped.
    page_date : str, optional
        The page's date (ISO), whose year completes a lead date without one.

    Examples
    --------
    >>> f = news_lead("3月9日，临沧市政协召开五届四次常委会议。市政协主席李四出席并讲话。", "2021-03-10")
    >>> f.unit, f.speaker, f.position, f.date, f.session
    ('临沧市', '李四', '主席', '2021-03-09', None)
    >>> news_lead("政协委员是政协工作的主体，要开展好履职活动。") is None
    True
    >>> news_lead("县政协主席高世忠带领部分委员深入乡镇调研。").speaker
    '高世忠'
    >>> f = news_lead("3月2日，市政协主席古亚伟来枞阳县走访调研，县政协主席何正清陪同。", "2022-03-03")
    >>> f.unit, f.level, f.speaker
    (None, 'prefecture', '古亚伟')
    """
    s = _short(sentences)
    stamp = STAMP_PREFIX.match(s)
    if stamp:
        page_date = page_date or "{}-{:02d}-{:02d}".format(*(int(stamp.group(k)) for k in "ymd"))
        s = s[stamp.end():]
    first = s.split("\n")[0]
    reported = _LEAD_CUE.match(first) and _LEAD_VERB.search(first[:300])
    if "政协" not in first[:300] or not (reported or _LEAD_SUBJECT.match(first)):
        return None
    unit, level = _lead_unit(first[:300])
    found_session = session_at(first[:300])
    event = re.split(r"[。；]", first)[0]  # the meeting reported is a standing committee's: no session
    session = found_session[0] if found_session and not _NON_PLENARY.search(event) else None
    if unit == "全国" and re.search(r"(?<!全国)[省市县区州旗]政协", s[:400]):
        unit = session = None  # a local CPPCC watching or studying the national session
    found = Found(unit=unit, session=session, date=lead_date(first, page_date), level=level,
                  officials=[n for _, n in officials_in(s[:600])])
    anywhere = found_session or session_at(s[:600])  # the term of the meeting, if the lead names it
    term = re.match(r"[一二三四五六七八九十]+届", anywhere[0]) if anywhere else None
    term = term.group(0) if term else None
    # officials of the lead and its next two lines; only where they name none, of the lines after
    near = "\n".join(s.split("\n")[:3])[:600]
    ranked = [o for o in cppcc_officials(near) if not _former(o[1], near, term) and not _guest(*o, near)] or \
        [o for o in cppcc_officials(s[:600]) if not _former(o[1], s[:600], term) and not _guest(*o, s[:600])]
    visitor = _visitor(event)
    if visitor:  # 市政协副主席某某率队到我县调研: the lead's subject, whoever else it names
        found.position, found.speaker = visitor
    elif ranked:
        acts = {name: _acts(name, s[:1500]) for _, name in ranked}
        best = min(ranked, key=lambda o: (_RANK.index(o[0]) if o[0] in _RANK else len(_RANK),
                                           acts[o[1]]))
        found.position, found.speaker = best
    return found


_VISIT = re.compile(r"(?:一行)?(?:率队|率领|带队|带领|率|一行|到|来|赴|莅|深入|前往)")
_CPPCC_POST = re.compile(rf"政协(?P<pos>{POSITION}(?:、{POSITION})*)")


def _visitor(sentence: str) -> tuple[str, str] | None:
    """The CPPCC official a lead's first sentence is about when he leads a visit (市政协副主席某某率委员
    赴某县视察; 省政协副主席、某党派省委会主委、院士某某率队到我市调研): ``(position, name)`` or None.

    Examples
    --------
    >>> _visitor("5月21日，省政协副主席、民进省委会主委、工程院院士许某某率队到我市调研")
    ('副主席', '许某某')
    >>> _visitor("4月7日下午，县政协主席何某主持召开主席会议") is None
    True
    """
    m = _CPPCC_POST.search(sentence)
    if not m:
        return None
    tail = sentence[m.end():m.end() + 40]
    for k in range(len(tail)):
        if k and not tail.startswith("、"):
            break  # the name follows the position, or a list of other titles after it (、…主委、院士)
        if re.search(r"[，,。；：:]", tail[:k]):
            break
        name = name_before(tail, k)
        if name and _VISIT.match(tail, k + len(name)):
            return m.group("pos"), name
    return None


_FORMER = re.compile(r"原|前任|历届|往届|上届|老领导|退休|离任")


def _former(name: str, text: str, term: str | None) -> bool:
    """Whether the lead names ``name`` as a former official (十届州政协原主席某, 往届县政协主席某) or as an
    official of another term than the session's (七届州政协主席某 at a 十届 meeting).

    Examples
    --------
    >>> _former("粟某", "出席的有：十届州政协原主席粟某，七届州政协主席吴某", "十届")
    True
    >>> _former("吴某", "出席的有：十届州政协原主席粟某，七届州政协主席吴某", "十届")
    True
    >>> _former("颉某", "座谈会上，县政协七届委员会主席颉某致辞", None)
    False
    >>> _former("杨某某", "就座的还有：历届区政协主席张某某、杨某某，区委常委汪某某", "八届")
    True
    """
    listed = r"(?:[\u4e00-\u9fff·]{2,4}\s*、\s*){0,8}?"  # the names listed before it after the same title
    for m in re.finditer(rf"(?P<pre>[^，,、：:；;。]{{0,16}}?){POSITION}\s*{listed}{re.escape(name)}", text):
        pre = m.group("pre")
        if _FORMER.search(pre):
            return True
        said = re.search(r"([一二三四五六七八九十]+)届", pre)
        if term and said and said.group(0) != term:
            return True
    return False


_PARTY_POST = re.compile(r"[省市县区州旗]委(?:常委|副书记|书记)|统战部")


def _guest(position: str, name: str, text: str) -> bool:
    """Whether ``name`` holds only a party-group post of the CPPCC (党组副书记, 党组成员) after a post
    of the party committee (区委常委、统战部长、区政协党组副书记某某): the party's liaison at the meeting,
    not one of its officials.

    Examples
    --------
    >>> _guest("党组副书记", "汪某", "还有：区委常委、统战部长、区政协党组副书记汪某，副区长成某")
    True
    >>> _guest("党组副书记", "梁某", "县政协党组副书记梁某代表常委会作工作报告")
    False
    """
    if position not in ("党组副书记", "党组成员"):
        return False
    m = re.search(rf"(?P<pre>[^，,：:；;。]{{0,30}}?){re.escape(position)}\s*{re.escape(name)}", text)
    return bool(m and _PARTY_POST.search(m.group("pre")))


def _acts(name: str, text: str) -> int:
    """Where the lead first has ``name`` preside, speak or present a report (吴某副主席在大会上作…工作报告,
    会议由副主席某某主持), else a large number: among officials of one rank, the one who acts is the
    meeting's.

    Examples
    --------
    >>> lead = "副主席李四、吴五出席。吴五副主席在大会上作常委会工作报告。"
    >>> _acts("吴五", lead) < _acts("李四", lead)
    True
    """
    m = re.search(re.escape(name) + r"(?:[\u4e00-\u9fff]{0,5}?(?:副主席|主席|秘书长))?[^，。；、]{0,8}?"
                  r"(?:主持|讲话|致辞|致开幕词|致闭幕词|宣布|作[^。；]{0,40}?报告|代表[^。；]{0,30}?作)",
                  text)
    return m.start() if m else 1 << 20
