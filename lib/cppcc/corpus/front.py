"""Phase 3b, front: the head of a page without speech headers, read by evidence rather than by position.

Every line before the body (:func:`read_head`) is asked what it is — a byline or report title, a
dateline, a date line, a name line, a publication stamp, a content farm's header line, page chrome —
and what it names (:mod:`~cppcc.corpus.meta`). What the lines name becomes :class:`Cue` evidence for
the document's fields, each with its source and line, so that the attribute phase can choose; a stray
chrome line, a missing title or a changed order costs nothing. The title is the byline or report title
if there is one, else the head line that scores best as a title (just above the publication stamp,
naming a meeting or 政协, the HTML ``<title>``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cleaning import chrome_reason
from .linekind import ends_sentence, iso_date, paragraph_like, preamble_kind
from .lead import STAMP_PREFIX
from .meta import Found, byline_title, chinese_date, date_line, dateline, name_line, \
    report_title, salutation_name, session_of, title_speaker, units_named
from .names import compact_name, cppcc_officials, is_name

__all__ = ["Cue", "Head", "head_role", "read_head", "kind_cues", "presenter", "headline_person",
           "STAMP_ROLES", "REPORT_BODY", "TEMPLATE_MASK", "ANNOUNCED",
           "OPENS_WITH_SALUTATION"]

_DATELINE_HINT = re.compile(r"来源|发布|时间|日期|\d{1,2}:\d{2}")
_COLLECTION = re.compile(r"^第[一二三四五六七八九十\d]{1,3}篇\s*[:：]")
_WIRE = re.compile(r"^.{0,16}?\d{1,2}月\d{1,2}日电")
_SITE = re.compile(r"(?:网|网站|官网|门户|首页|频道|客户端|公众号)$")
_TITLE_CUE = re.compile(r"政协|会议|讲话|致辞|报告|召开|举行|闭幕|开幕|调研|视察|协商|委员|主席")
_NEWS_TITLE = re.compile(r"召开|举行|举办|闭幕|开幕|调研|视察|走访|慰问|考察|出席|座谈|一行|启动|开展|"
                         r"来我|到我|莅临")
# a work report's first words, in the first person (现在，我代表…常务委员会，向大会报告工作)
REPORT_BODY = re.compile(r"^(?:(?:各位|尊敬的)[^：:。]{0,20}[：:]\s*)?(?:现在[，,]\s*|下面[，,]\s*)?"
                         r"(?:(?:我代表|我受|受).{0,40}?(?:常务委员会|常委会).{0,20}?(?:报告工作|作工作报告|报告)"
                         r"|受.{2,40}委托[，,]\s*我)")
# a speech title glued to its salutation on one line (…会议上的讲话2022年06月23日各位常委、同志们：…)
_GLUED = re.compile(r"^(?P<title>.{4,70}?(?:上|中)的(?:讲话|致辞|发言|主持词|报告)|.{2,30}?讲话)\s*"
                    r"(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)?\s*"
                    r"(?=(?:各位|尊敬的|同志们)[^。]{0,20}?[：:，,])")
# a speaker's name and the date glued before the salutation (孙伟(2023年1月16日)各位委员，同志们：…)
_GLUED_NAME = re.compile(r"^(?P<name>[\u4e00-\u9fff·][\u4e00-\u9fff·\s]{1,6}?)\s*"
                         r"[（(](?P<date>(?:19|20)\d{2}\s*年[^)）]{2,8}?日)[)）]\s*"
                         r"(?=(?:各位|尊敬的|同志们)[^。]{0,20}?[：:，,])")
# a masked unit of a template (**县, 中共XX市委, 我们**经济): the page is a template (a masked name, xx同志,
# is not: a real speech may hide a name)
TEMPLATE_MASK = re.compile(r"(?:\*{2,}|[XＸ]{2,}|x{2,}|[×＊]{1,3})(?=[省市县区州旗镇乡村]|[市县区]委)"
                           r"|(?<=[我在本全贵们])(?:\*{2,}|[XＸ]{2,}|×{1,3})(?=[\u4e00-\u9fff])")
_DISCUSS = re.compile(r"学习|讨论|审议|听取|通过|聆听|解读|热议|点赞|分组|委员们|代表们|向大会|发表"
                      r"|(?<!工)作(?!用|为|风)")
_NEWS_WORDS = re.compile(r"学习|讨论|审议|听取|聆听|热议|分组|委员们")
_SPEECH_TITLE = re.compile(r"(?:的|上|中)(?:讲话|致辞|发言|主持词|演讲|总结讲话)(?:稿|提纲|全文)?$"
                           r"|(?:讲话稿|致辞稿|发言稿|讲话提纲|主持词|开幕词|闭幕词|开班词|贺词|新年致辞)$"
                           r"|发言摘登|发言选登|发言摘编|讲话摘登")
_ITEM_NUMBER = (r"\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）]?|篇[一二三四五六七八九十]"
                r"|范文[一二三四五六七八九十\d]{0,2})$")
_GREETING = re.compile(r"^[—－\-]{1,2}\s*(?:热烈|衷心)?(?:祝贺|庆祝|献给)")
# an article, not a speech or a report of a meeting
_ARTICLE = re.compile(r"评论员文章|评论员|社论|时评|述评|论文|研究报告|调研报告|课题报告|访谈|专访|学术"
                      r"|文献综述")
_NEWS_GENRE = re.compile(r"侧记|纪实|综述|特写|速览|直击|掠影|花絮|巡礼|扫描|一线|现场")
STAMP_ROLES = ("stamp", "farm header")
# a member's speech under its speaker's name (白宇委员：), a title after a name (贾庆林：…开局)
_SPEAKER_TAG = re.compile(r"^(?P<name>[\u4e00-\u9fff·]{2,5}?)\s*"
                          r"(?P<pos>委员|常委|主席|副主席|秘书长|同志)\s*[:：]$")
_NAME_TITLE = re.compile(r"^(?!关键词|关键字|编者按|提要|摘要|导读|导语|按语|时间|日期|来源|作者|编辑|责编"
                         r"|分享|发布|浏览|点击|阅读)"
                         r"(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff·\s]{1,5}?)\s*[:：]\s*(?P<title>\S.{3,60})$")
# who presents a work report (俞正声代表…常务委员会作工作报告), who a headline is about (俞正声主持召开…)
_PRESENTS = re.compile(r"(?:代表[^，。；]{2,40}?|受[^，。；]{2,40}?委托[，,]?\s*)?(?:向大会)?"
                       r"作[^，。；]{0,20}?"
                       r"(?:工作报告|工作情况的?报告)")
#: a date announced for a meeting to come (将于2019年2月26日召开, 定于3月5日开幕): neither the page's date
#: nor the event's
ANNOUNCED = re.compile(r"(?:将于|定于|拟于|计划于|将在)\s*(?:(?:19|20)\d{2}\s*年)?\s*\d{1,2}\s*月"
                       r"\s*\d{1,2}\s*日[^。，；]{0,12}?(?:召开|举行|开幕|闭幕|举办)")
# a line of keywords stuffed in by an SEO hijack: six or more short phrases between commas, no sentence
_STUFFED = re.compile(r"^(?:[^，,。！？!?]{2,14}[，,]){5,}[^，,。！？!?]{0,14}[，,]?$")
#: a paragraph that opens with the salutation, the line break after it lost (同志们：今天，我们召开…)
OPENS_WITH_SALUTATION = re.compile(r"^(?:尊敬的|各位|同志们|女士们)[^。！？：:]{0,30}?[：:]\s*\S")
# a stamp line of running text is a lead with its stamp glued before it, not a copyright notice
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HEADLINE_VERB = re.compile(r"(?:主持召开|主持|出席|会见|看望|调研|视察|率队|带队|强调|指出|参加|作|在|发表)")


@dataclass
class Cue:
    """One piece of evidence for a document's field: its ``value``, the ``source`` kind (``title``,
    ``byline``, ``dateline``, ``date line``, ``lead``, ``stamp``…), the 0-based ``line`` it was read
    from (None: not a line of the page) and its ``weight`` (higher wins; ties go to the earlier line)."""

    field: str
    value: object
    source: str
    line: int | None
    weight: int


@dataclass
class Head:
    """A page's head as read: each head line's ``roles`` and what it names (``found``), the ``title``
    line, the first ``body`` line, the ``cues``, the page's publication date and the lines it and the
    publisher came from, and ``trim`` (a body line whose first characters are front matter: a name
    glued to the salutation)."""

    roles: dict[int, str] = field(default_factory=dict)
    found: dict[int, Found] = field(default_factory=dict)
    title: int | None = None
    body: int = 0
    cues: list[Cue] = field(default_factory=list)
    page_date: str | None = None
    page_date_at: int | None = None
    trim: dict[int, int] = field(default_factory=dict)
    glued_title: str | None = None


def head_role(line: str) -> tuple[str, Found | None]:
    """What one normalised head line is, and what it names.

    Roles: ``dateline``, ``date line`` (a date alone, in brackets or not), ``stamp`` (a publication
    time stamp), ``farm header`` (栏目：… 作者：… 时间：…), ``source``, ``collection`` (第一篇：… of a
    collection page), ``byline`` (<name>：在…的讲话), ``speaker title`` (<name>在…的讲话), ``report title``,
    ``salutation`` (各位委员：, with a name glued before it or not), ``name``, ``wire`` (新华社北京3月11日电),
    a chrome reason (``navigation``, ``share bar``, ``font-size switcher``…), or ``text``.

    Examples
    --------
    >>> [head_role(s)[0] for s in ("字体大小:【", "（2009年9月20日）", "段  鸣", "黎作凤各位委员、同志们：",
    ...                            "—在3月2日政协常宁市第十一届委员会第五次会议上",
    ...                            "第一篇：在县政协全会上的讲话")]
    ['font-size switcher', 'date line', 'name', 'salutation', 'dateline', 'collection']
    >>> head_role("县政协九届三次会议将于2019年2月26日召开")[0]  # a headline, not a time stamp
    'text'
    """
    f = dateline(line)
    if f is not None:
        return "dateline", f
    d = date_line(line)
    if d is not None:
        return "date line", Found(date=d)
    kind = preamble_kind(line)
    if kind == "date" and ANNOUNCED.search(line):
        kind = "?"  # 县政协九届三次会议将于2019年2月26日召开: a headline announcing a meeting, no stamp
    if kind == "date" or chrome_reason(line) == "content-farm header":
        farm = chrome_reason(line) == "content-farm header"
        return ("farm header" if farm else "stamp"), Found(date=iso_date(line))
    if kind == "source":
        return "source", None
    if kind != "?":
        return kind, None
    if _COLLECTION.match(line):
        return "collection", None
    readers = (("byline", byline_title), ("speaker title", title_speaker), ("report title", report_title))
    for role, reader in readers:
        f = reader(line)
        if f is not None:
            return role, f
    m = _SPEAKER_TAG.match(line)
    if m and is_name(m.group("name")):
        return "speaker tag", Found(speaker=compact_name(m.group("name")),
                                    position=m.group("pos") if m.group("pos") != "同志" else None)
    m = _NAME_TITLE.match(line)
    if m and is_name(compact_name(m.group("name"))):
        return "name title", Found(speaker=compact_name(m.group("name")))
    f = salutation_name(line)
    if f is not None:
        return "salutation", f
    f = name_line(line)
    if f is not None:
        return "name", f
    if _WIRE.match(line):
        return "wire", None
    return "text", None


def _title_score(i: int, s: str, after_stamp: set[int], html_title: str) -> int:
    score = 3 if i in after_stamp else 0
    score += 2 if _TITLE_CUE.search(s) else 0
    key = re.sub(r"\s+", "", s)
    score += 2 if html_title and len(key) >= 6 and key in html_title else 0
    score -= 3 if _SITE.search(key) or len(key) <= 4 else 0
    return score


def _pick_title(roles: dict[int, str], norm: list[str], html_title: str | None) -> int | None:
    titled = [i for i, r in roles.items() if r in ("byline", "speaker title", "report title", "name title")]
    if titled:
        return titled[0]
    order = sorted(roles)
    after_stamp = set()  # the line right above a stamp or source line (chrome between them skipped)
    for k, i in enumerate(order):
        if roles[i] in (*STAMP_ROLES, "source"):
            j = k - 1
            while j >= 0 and roles[order[j]] not in ("text", "dateline", "name", "date line"):
                j -= 1
            if j >= 0:
                after_stamp.add(order[j])
    key = re.sub(r"\s+", "", html_title or "")
    cands = [i for i in order if roles[i] == "text" and len(re.sub(r"\s+", "", norm[i])) <= 80
             and not ends_sentence(norm[i].strip())]
    if not cands:
        return None
    return max(cands, key=lambda i: (_title_score(i, norm[i].strip(), after_stamp, key), -i))


def _page_date(roles: dict[int, str], found: dict[int, Found], norm: list[str]) -> int | None:
    """The publication stamp: one that says 来源/发布/时间 or has a clock time, else the first."""
    stamps = [i for i, r in roles.items() if r in STAMP_ROLES and found[i] and found[i].date]
    if not stamps:
        plain = [i for i, r in roles.items() if r == "date line"]
        return plain[0] if plain and len(plain) == 1 and not norm[plain[0]].strip().startswith(("（", "(")) \
            else None
    return next((i for i in stamps if _DATELINE_HINT.search(norm[i])), stamps[0])


def kind_cues(title: str, line: int | None, source: str = "title") -> list[Cue]:
    """Document-kind evidence from a title: a work report's (工作报告), a speech's (讲话, 致辞, 发言摘登),
    a news report's (召开, 闭幕, 调研…), a template collection's (通用5篇, 范文).

    Examples
    --------
    >>> [(c.value, c.weight) for c in kind_cues("政协某县第九届委员会常务委员会工作报告", 0)]
    [('report', 6)]
    >>> [(c.value, c.weight) for c in kind_cues("政协主席在全委会上的讲话通用5篇", 0)]
    [('other', 20)]
    """
    out = []
    s = re.sub(r"\s+", "", title)
    if re.search(r"通用\d+篇|精选\d+篇|\d+篇|范文|模板|范本|大全|合集|汇编", s):
        return [Cue("kind", "other", source, line, 20)]
    if _ARTICLE.search(s):
        return [Cue("kind", "other", source, line, 5)]
    reported = re.search(r"(?:常务委员会|常委会)(?:关于)?.{0,10}?报告$|政协.{0,20}?工作报告$", s)
    if reported and not _DISCUSS.search(s):
        out.append(Cue("kind", "report", source, line, 6))
    elif _SPEECH_TITLE.search(s):
        out.append(Cue("kind", "speech", source, line, 4))
    elif _NEWS_TITLE.search(s) or _NEWS_GENRE.search(s) or _NEWS_WORDS.search(s):
        # a CPPCC doing something: a news report's headline
        out.append(Cue("kind", "news", source, line, 3 if "政协" in s else 2))
    return out


def _line_cues(i: int, role: str, f: Found | None, s: str) -> list[Cue]:
    """The evidence one head line gives, by its role."""
    out: list[Cue] = []
    if f is None:
        return out
    src = {"byline": "title", "speaker title": "title", "report title": "title", "dateline": "dateline",
           "name": "byline", "salutation": "byline", "speaker tag": "byline",
           "name title": "title"}.get(role, role)
    weight = {"dateline": 7 if f.unit else 6, "report title": 6, "byline": 5, "name": 5, "speaker title": 4,
              "salutation": 4, "speaker tag": 5, "name title": 4}.get(role, 3)
    if f.speaker:
        out.append(Cue("speaker", f.speaker, src, i, weight))
    if f.position:
        out.append(Cue("position", f.position, src, i, weight))
    if f.unit:
        out.append(Cue("unit", f.unit, src, i, weight))
    if f.session:
        out.append(Cue("session", f.session, src, i, weight))
    if role == "dateline":
        if f.date:
            out.append(Cue("date", f.date, "dateline", i, 6))
        elif f.md:
            out.append(Cue("md", f.md, "dateline", i, 6))
        out.append(Cue("kind", f.kind or "report", "dateline", i, 4 if f.kind else 3))
    elif role == "date line":
        bracketed = s.startswith(("（", "("))
        out.append(Cue("date", f.date, "date line", i, 5 if bracketed else 3))
    elif role in ("byline", "speaker title", "report title"):
        out.extend(kind_cues(s, i))
    elif role == "name":
        out.append(Cue("kind", "speech", "byline", i, 2))
    elif role == "speaker tag":
        out.append(Cue("kind", "speech", "byline", i, 4))
    elif role == "name title":
        out.extend(kind_cues(s[s.find("：") + 1:] if "：" in s else s, i))
    return out


def presenter(s: str) -> str | None:
    """The person a text says presents a work report (俞正声代表…常务委员会作工作报告), or None.

    Examples
    --------
    >>> presenter("这是俞正声代表政协第十二届全国委员会常务委员会作工作报告。")
    '俞正声'
    >>> presenter("主席团常务主席杨多良作工作报告")
    '杨多良'
    >>> presenter("现在请俞某某同志代表政协第十二届全国委员会常务委员会会议作工作报告。")
    '俞某某'
    """
    for m in _PRESENTS.finditer(s):
        end = m.start() - 2 if s.endswith("同志", 0, m.start()) else m.start()  # 请某某同志代表…作工作报告
        for n in (3, 2, 4):
            cand = s[max(0, end - n):end]
            if len(cand) == n and is_name(cand):
                return cand
    return None


def headline_person(s: str) -> str | None:
    """The person a headline starts with, before what they did (俞正声主持召开…), or None.

    Examples
    --------
    >>> headline_person("俞正声主持召开全国政协第六十七次主席会议"), headline_person("高度重视协商工作")
    ('俞正声', None)
    """
    for n in (3, 2, 4):
        if len(s) > n and is_name(s[:n]) and _HEADLINE_VERB.match(s, n):
            return s[:n]
    return None


def _title_cues(i: int, s: str, weight: int) -> list[Cue]:
    """The evidence a title line gives: units, session, kind, a CPPCC official, a date."""
    out = [Cue("unit", u, "title", i, weight) for _, u in units_named(s)[:1]]
    session = session_of(s)
    if session:
        out.append(Cue("session", session, "title", i, weight))
    officials = cppcc_officials(s)
    if officials:
        out.append(Cue("speaker", officials[0][1], "title", i, 3))
        out.append(Cue("position", officials[0][0], "title", i, 3))
    person = presenter(s) or next((p for part in s.split() if (p := headline_person(part))), None)
    if person and not officials:
        out.append(Cue("speaker", person, "title", i, 3))
    date = None if ANNOUNCED.search(s) else chinese_date(s)  # a meeting announced is not the one reported
    if date:
        out.append(Cue("date", date, "title", i, 4))
    return out + kind_cues(s, i)


def read_head(norm: list[str], nonblank: list[int], html_title: str | None = None) -> Head:
    """Read the head of a page without speech headers: every line before the body, by evidence.

    The body starts at the salutation (各位委员：, also with the speaker's name glued before it), a
    wire dateline, or the first line of running text (:func:`~cppcc.corpus.linekind.paragraph_like`)
    that no head reader claims.

    Parameters
    ----------
    norm : list of str
        The page's normalised lines.
    nonblank : list of int
        The lines to read (not blank, not already removed: a table of contents, invisible lines).
    html_title : str, optional
        The page's HTML ``<title>``, evidence for which head line is the title.

    Examples
    --------
    >>> page = ["首页 > 领导讲话", "在政协常宁市第十一届委员会第五次会议闭幕会上的讲话", "字体大小:【",
    ...         "—在3月2日政协常宁市第十一届委员会第五次会议上", "段  鸣", "各位委员、同志们：", "正文。"]
    >>> h = read_head(page, list(range(len(page))))
    >>> h.title, h.body, [h.roles[i] for i in range(5)]
    (1, 5, ['breadcrumb', 'text', 'font-size switcher', 'dateline', 'name'])
    >>> sorted({(c.field, str(c.value)) for c in h.cues if c.field in ("unit", "speaker", "session", "md")})
    [('md', '(3, 2)'), ('session', '十一届五次'), ('speaker', '段鸣'), ('unit', '常宁市')]
    """
    head = Head(body=len(norm))
    for i in nonblank:
        s = norm[i].strip()
        role, f = head_role(s)
        if role == "salutation":
            head.body = i
            if f and f.speaker:
                head.trim[i] = s.find(f.speaker[-1]) + 1 if f.speaker[-1] in s else len(f.speaker)
                head.cues.extend(_line_cues(i, role, f, s))
            head.cues.append(Cue("kind", "speech", "salutation", i, 5))  # no news report says 同志们：
            break
        if role == "text" and _STUFFED.match(s):  # an SEO hijack's keyword list above the page
            role = "keywords"
        if (role == "wire" and len(s) > 24) or (role in ("text", "stamp") and paragraph_like(s)
                                                  and (role == "text" or len(_HAN.findall(s)) >= 10)):
            head.body = i
            named = _GLUED_NAME.match(s)
            if named and is_name(compact_name(named.group("name"))):
                head.trim[i] = named.end()
                head.cues += [Cue("speaker", compact_name(named.group("name")), "byline", i, 5),
                              Cue("date", chinese_date(named.group("date")), "date line", i, 5),
                              Cue("kind", "speech", "salutation", i, 5)]
            if not named and OPENS_WITH_SALUTATION.match(s):  # 同志们：今天，我们召开… on one line
                head.cues.append(Cue("kind", "speech", "salutation", i, 5))
            glued = None if named else _GLUED.match(s)
            if glued:  # the title and the date line run into the salutation: front matter of this line
                head.glued_title = glued.group("title")
                head.trim[i] = glued.end()
                head.cues.extend(_title_cues(i, glued.group("title"), 4))
                if glued.group("date"):
                    head.cues.append(Cue("date", chinese_date(glued.group("date")), "date line", i, 5))
            break
        head.roles[i], head.found[i] = role, f
    order = sorted(head.roles)
    for k, i in enumerate(order):  # a name without a Han surname right next to a dateline or date line
        near = {head.roles.get(order[j]) for j in (k - 1, k + 1) if 0 <= j < len(order)}
        if head.roles[i] == "text" and near & {"dateline", "date line"}:
            f = name_line(norm[i].strip(), known_place=True)
            if f is not None:
                head.roles[i], head.found[i] = "name", f
    head.title = _pick_title(head.roles, norm, html_title)
    for k, i in enumerate(order):  # a name line above the title, away from any dateline, is page chrome
        near = {head.roles.get(order[j]) for j in (k - 1, k + 1) if 0 <= j < len(order)}
        if head.roles[i] == "name" and head.title is not None and i < head.title \
                and not near & {"dateline", "date line"}:
            head.roles[i], head.found[i] = "text", None
    at = _page_date(head.roles, head.found, norm)
    if at is not None:
        head.page_date, head.page_date_at = head.found[at].date, at
    elif head.body < len(norm) and (glued := STAMP_PREFIX.match(norm[head.body])):  # 2026-03-04 全国政协…
        head.page_date = "{}-{:02d}-{:02d}".format(*(int(glued.group(k)) for k in "ymd"))
        head.page_date_at = head.body
    for i in order:
        role, s = head.roles[i], norm[i].strip()
        head.cues.extend(_line_cues(i, role, head.found.get(i), s))
        if i == head.title and role == "text":
            head.cues.extend(_title_cues(i, s, 4))
            if _GREETING.match(s):  # the editorial's subtitle picked as its title (above its stamp)
                head.cues.append(Cue("kind", "other", "title", i, 8))
        elif role == "text" and head.title is not None and i > head.title:
            head.cues.extend(c for c in _title_cues(i, s, 2) if c.field in ("unit", "session"))
            if _GREETING.match(s):  # ——热烈祝贺…会议开幕: the subtitle of an editorial
                head.cues.append(Cue("kind", "other", "title", i, 8))
        elif role == "collection":
            head.cues.append(Cue("kind", "other", "title", i, 20))
    if head.title is not None:  # 政协大会闭幕词1, 闭幕词2…: a collection under one title
        item = re.compile(re.escape(norm[head.title].strip()) + _ITEM_NUMBER)
        if any(item.match(norm[i].strip()) for i in range(head.title + 1, min(len(norm), head.body + 6))):
            head.cues.append(Cue("kind", "other", "title", head.title, 20))
    if any(TEMPLATE_MASK.search(norm[i]) for i in range(min(len(norm), head.body + 4))):
        head.cues.append(Cue("kind", "other", "body", head.body, 20))  # a template: masked units
    for i in range(head.body, min(len(norm), head.body + 3)):  # a report's first words (not a lead's
        # 受…委托，某某作…工作报告: a third person presents it)
        if REPORT_BODY.search(norm[i].strip()[:100]) and not presenter(norm[i].strip()[:100]):
            head.cues.append(Cue("kind", "report", "body", i, 4))
            break
    return head
