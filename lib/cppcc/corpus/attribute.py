"""Who spoke, for which unit, when and at which session: the metadata of each document, chosen from
the evidence its page gives (a speech header; the head's :class:`~cppcc.corpus.front.Cue` evidence —
title, byline, dateline, date line, name line —; a news report's lead sentence; the corpus manifest,
``sources.csv``). Each field records where it came from."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..divisions import resolve_region
from .classify import Header
from .front import Cue
from .lead import news_lead, reported, story_date
from .front import OPENS_WITH_SALUTATION, REPORT_BODY, presenter
from .meta import _short, chinese_date, complete_date, dateline, session_of, unit_in, units_named
from .names import POSITION, SALUTATION, is_name
from .places import inferred_unit, municipality_of

__all__ = ["DocMeta", "Context", "header_meta", "single_meta", "choose", "DOC_TYPES", "META_SOURCES",
           "DATE_SOURCES"]

DOC_TYPES = ("speech", "report", "news", "other")
META_SOURCES = ("header", "title", "byline", "dateline", "lead", "text", "manifest")
DATE_SOURCES = ("dateline", "date line", "lead", "title", "header", "manifest", "page")
_KIND_ORDER = ("other", "report", "speech", "news")  # on equal evidence, the first wins
# where a speaker may come from, by document kind (a news report's official is in its lead or title)
# (a report's presenter, named by the lead above its text: 某某作常委会工作报告。以下为报告全文)
_SPEAKER_SOURCES = {"news": ("lead", "title", "presenter"),
                    "speech": ("title", "byline", "dateline", "header"),
                    "report": ("title", "byline", "dateline", "header", "presenter")}


@dataclass
class Context:
    """What a document's metadata may draw on besides its own lines: the page's title, its date (the
    publication date, else the document's), the publication date the page shows (``page_date``), the
    manifest's ``unit`` and ``date`` for the page."""

    title: str | None = None
    date: str | None = None
    unit: str | None = None
    page_date: str | None = None
    manifest_date: str | None = None
    lead: tuple[str, int] | None = None  # a news lead above the page's speech headers: (text, line)

    def texts(self, *more: str | None) -> list[str]:
        return [t for t in (self.title, self.unit, *more) if t]


@dataclass
class DocMeta:
    """A document's metadata: the columns of :func:`cppcc.load_speeches` it decides, and ``sources``
    (field -> ``(source, line)``, the 0-based line the value was read from, None for the manifest)."""

    doc_type: str = "other"
    speaker: str | None = None
    position: str | None = None
    region: str | None = None
    place: dict = field(default_factory=dict)
    session: str | None = None
    meta_source: str | None = None
    date: str | None = None
    date_source: str | None = None
    page_date: str | None = None
    officials: list[str] = field(default_factory=list)
    sources: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _place(meta: DocMeta, unit: str | None, ctx: Context, more: list[str], where: str) -> str | None:
    """Resolve ``unit`` (with the page as context) into ``meta``; fall back to the manifest's unit.
    Returns ``"manifest"`` when the manifest's unit was used."""
    place = resolve_region(unit, ctx.texts(*more)) if unit else None
    used = None
    if (place is None or place["status"] == "unknown") and ctx.unit:
        place = resolve_region(ctx.unit, ctx.texts(*more))
        used, unit = "manifest", ctx.unit
    if place is None:
        return used
    meta.place, meta.region = place, place.get("region") or unit
    if place["status"] == "ambiguous":
        meta.warnings.append(f"{where}: unit {unit!r} names more than one administrative division ("
                             + ", ".join(place["candidates"]) + "); left unresolved")
    elif place["status"] == "unknown":
        meta.warnings.append(f"{where}: unit {unit!r} is not a known administrative division")
    return used


def _event_date(meta: DocMeta, ctx: Context, found: tuple[str, str, int | None] | None) -> None:
    """Set ``date``/``date_source``: the stated event date, else the page's, else the manifest's."""
    meta.page_date = ctx.page_date
    if found is not None:
        meta.date, meta.date_source = found[0], found[1]
        meta.sources["date"] = (found[1], found[2])
    elif ctx.page_date:
        meta.date, meta.date_source = ctx.page_date, "page"
    elif ctx.manifest_date:
        meta.date, meta.date_source = ctx.manifest_date, "manifest"
        meta.sources["date"] = ("manifest", None)
    elif ctx.date:  # no publication date: the page's date is its document's (a header page's dateline)
        meta.date, meta.date_source = ctx.date, "page"


def header_meta(header: Header, line: int, ctx: Context, front_dates: list[tuple[str, int]],
                datelines: list[tuple[str, int]] = ()) -> DocMeta:
    """The metadata of a document that starts with a speech header (a digest's speech, or a
    work report whose reporter line has a header's shape, after its dateline).

    ``front_dates`` are the ``(date, line)`` of the speech's date lines, ``datelines`` the
    ``(text, line)`` of the datelines above the header.

    Examples
    --------
    >>> from cppcc.corpus.classify import match_header
    >>> ctx = Context(title="福州市政协工作交流", page_date="2023-04-01")
    >>> m = header_meta(match_header("鼓楼区政协主席王明："), 0, ctx, [])
    >>> m.doc_type, m.speaker, m.place["adcode"], m.meta_source, m.date, m.date_source
    ('speech', '王明', '350102', 'header', '2023-04-01', 'page')
    """
    from .meta import report_title

    dl = next(((dateline(t), i) for t, i in datelines if dateline(t) is not None), None)
    report = dl is not None or report_title(ctx.title or "") is not None
    meta = DocMeta(doc_type="report" if report else "speech", speaker=header.speaker,
                   position=header.position, region=header.region, place=header.place, meta_source="header")
    from .meta import session_of

    session = dl[0].session if dl and dl[0].session else session_of(ctx.title or "")
    meta.session = session
    for key in ("speaker", "position", "unit"):
        meta.sources[key] = ("header", line)
    if session:
        meta.sources["session"] = ("dateline", dl[1]) if dl and dl[0].session else ("title", None)
    event = None
    if dl and dl[0].date:
        event = (dl[0].date, "dateline", dl[1])
    elif dl and dl[0].md and ctx.page_date:
        event = (complete_date(dl[0].md, ctx.page_date), "dateline", dl[1])
    elif front_dates:
        event = (front_dates[0][0], "date line", front_dates[0][1])
    lead = news_lead(ctx.lead[0], ctx.page_date) if ctx.lead else None
    if lead is not None and lead.speaker == header.speaker:  # the lead above reports this very speech
        if meta.session is None and lead.session:
            meta.session = lead.session
            meta.sources["session"] = ("lead", ctx.lead[1])
        if event is None and lead.date:
            event = (lead.date, "lead", ctx.lead[1])
    _event_date(meta, ctx, event)
    place, where = header.place, f"line {line + 1}: region {header.region!r}"
    if place["status"] == "ambiguous":
        narrowed = resolve_region(header.region, ctx.texts())
        if narrowed["status"] == "ok":
            meta.place, place = narrowed, narrowed
    if place["status"] == "unknown":
        meta.warnings.append(f"{where} is not a known administrative division; province/prefecture/county "
                             "left empty")
    if place.get("note") and place["note"] != "resolved from the context":
        meta.warnings.append(f"{where}: {place['note']}")
    if place["status"] == "ambiguous":
        meta.warnings.append(f"{where} names more than one administrative division ("
                             + ", ".join(place["candidates"]) + "); its name fields are left empty")
    return meta


def choose(cues: list[Cue], name: str, sources: tuple[str, ...] | None = None) -> Cue | None:
    """The best cue for a field: the highest weight, then the earliest line (None: no cue).

    Examples
    --------
    >>> cues = [Cue("unit", "临沧市", "title", 0, 4), Cue("unit", "耿马县", "lead", 5, 5),
    ...         Cue("unit", "云南省", "body", 2, 4)]
    >>> choose(cues, "unit").value, choose(cues, "unit", ("title", "body")).value
    ('耿马县', '临沧市')
    """
    found = [c for c in cues if c.field == name and c.value is not None
             and (sources is None or c.source in sources)]
    if not found:
        return None
    return max(found, key=lambda c: (c.weight, -(c.line if c.line is not None else 1 << 30)))


def _kind(cues: list[Cue]) -> tuple[str, Cue | None]:
    """The document kind with the most evidence (3 at least), and its strongest cue."""
    totals: dict[str, int] = {}
    for c in cues:
        if c.field == "kind":
            totals[c.value] = totals.get(c.value, 0) + c.weight
    best = max(_KIND_ORDER, key=lambda k: (totals.get(k, 0), -_KIND_ORDER.index(k)))
    if totals.get(best, 0) < 3:
        return "other", None
    return best, choose(cues, "kind") if best == "other" else max(
        (c for c in cues if c.field == "kind" and c.value == best), key=lambda c: c.weight)


def _lead_cues(norm: list[str], body: list[int], ctx: Context) -> tuple[list[Cue], list[str]]:
    """The evidence of a news report's lead (the first body line, officials also in the next lines within
    600 characters, who presides or presents in the next seven), and the officials it names."""
    ref = ctx.page_date or ctx.manifest_date or _text_date(norm, body)
    found = []  # a subtitle, a view count, a repeated title may stand before the lead
    for k, i in enumerate(body[:6]):
        if SALUTATION.search(norm[i]) or OPENS_WITH_SALUTATION.match(norm[i].strip()):
            break  # 各位委员、同志们：opens a speech; its first sentence is no news lead
        if "政协" not in norm[i] and "政治协商会议" not in norm[i]:
            continue  # no lead: it names a CPPCC in its first sentence
        f = news_lead("\n".join(norm[j].strip() for j in body[k:k + 8]), ref)
        if f is not None:
            found.append((i, f, bool(reported(norm[i]))))
    if not any(x[2] for x in found):  # an e-paper's headline and subtitles above its lead: a lead that
        for i in body[6:10]:  # starts like one (1月26日上午，市政协…) a few lines further down, above
            if SALUTATION.search(norm[i]) or "我代表" in norm[i]:  # any speech's salutation or first words
                break
            if "政协" in norm[i] and reported(norm[i]):
                f = news_lead("\n".join(norm[j].strip() for j in body[body.index(i):body.index(i) + 8]), ref)
                if f is not None:
                    found.append((i, f, True))
                    break
    if not found:
        return [], []
    i, f, _ = next((x for x in found if x[2]), found[0])  # the lead that starts like one (3月11日讯…)
    cues = [Cue("kind", "news", "lead", i, 4)] + ([Cue("level", f.level, "lead", i, 4)] if f.level else [])
    # a lead's date with its year stated (2009年3月3日) holds for a transcript's speech too; one completed
    # from the page's date (今天, 3月3日) only for a news report
    full = chinese_date(norm[i][:40]) is not None
    for name, value, w in (("unit", f.unit, 5), ("speaker", f.speaker, 3), ("position", f.position, 3),
                           ("session", f.session, 4), ("date", f.date, 4 if full else 3)):
        if value:
            cues.append(Cue(name, value, "lead", i, w))
    return cues, f.officials


_OPENING = re.compile(r"开幕|闭幕|召开|举行|胜利|圆满|隆重")


def _body_session(norm: list[str], body: list[int]) -> str | None:
    """The session a document's first lines say is being opened, held or closed (…会议，今天隆重开幕)."""
    return next((v for i in body[:3] if _OPENING.search(norm[i]) and (v := session_of(norm[i][:200]))), None)


def _text_date(norm: list[str], body: list[int]) -> str | None:
    """A full date the document's first lines state (县政协十一届三次会议将于2023年12月27日召开): the year
    of a month and day where the page shows no publication date."""
    for i in body[:6]:
        found = chinese_date(norm[i])
        if found:
            return found
    return None


# a transcript's speaker tag: [俞正声]感谢…, 【贾庆林】 on a line of its own, 俞正声：四是强化…
_TAG = re.compile(r"^(?:[\[【]\s*(?P<name>[\u4e00-\u9fff·]{2,5})\s*[\]】]"
                  rf"|(?:[\u4e00-\u9fff]{{0,10}}?政协{POSITION}\s*)?(?P<name2>[\u4e00-\u9fff·]{{2,4}})[:：])"
                  r"\s*(?P<rest>.*)$")
_SITE = re.compile(r"版权所有|主办|承办|copyright|©|icp备|网站标识码|技术支持", re.I)


def _presents_report(name: str, text: str) -> bool:
    """Whether a lead says ``name`` presents the standing committee's work report (听取某某作…常务委员会
    工作报告, 某某代表…常务委员会向大会报告工作): the transcript under it is that report.

    Examples
    --------
    >>> lead = "开幕会听取贾某作政协全国委员会常务委员会工作报告，听取黄某作提案工作情况的报告。"
    >>> _presents_report("贾某", lead), _presents_report("黄某", lead)
    (True, False)
    >>> _presents_report("汪某", "这是全国政协主席汪某代表政协第十三届全国委员会常务委员会作工作报告。")
    True
    >>> _presents_report("俞某", "请俞某同志代表政协第十二届全国委员会常务委员会会议作工作报告。")
    True
    """
    n = re.escape(name)
    return bool(re.search(rf"{n}(?:代表[^。；，]{{0,40}}?)?作[^。；，]{{0,30}}?常务委员会工作报告"
                          rf"|{n}代表[^。；，]{{0,40}}?常务委员会[，,]?\s*(?:向大会)?报告[^。；，]{{0,6}}工作"
                          rf"|{n}(?:同志)?代表[^。；，]{{0,40}}?常务委员会(?:会议)?[，,]?\s*(?:向大会)?作"
                          r"[^。；，]{0,6}工作报告",
                          text))


def _body_cues(norm: list[str], body: list[int]) -> list[Cue]:
    """Evidence in a document's first lines: a transcript's speaker tag ([俞正声]感谢委员们…), the
    presenter of a work report (…作工作报告)."""
    out: list[Cue] = []
    for k, i in enumerate(body[:6]):
        s = norm[i].strip()
        m = _TAG.match(s)
        name = m and (m.group("name") or m.group("name2"))
        if not name or not is_name(name) or (m.group("name2") and len(m.group("rest")) < 20):
            continue
        rest = m.group("rest") or (norm[body[k + 1]].strip() if k + 1 < len(body) else "")
        out += [Cue("speaker", name, "byline", i, 5), Cue("kind", "speech", "byline", i, 8)]  # a transcript
        # the lines above it, a caption removed as chrome included
        # (这是某某代表…常务委员会作工作报告。某某 摄)
        above = " ".join(norm[j] for j in range(body[0], i))
        if REPORT_BODY.search(rest[:120]) or _presents_report(name, above):
            out.append(Cue("kind", "report", "body", i, 9))
        break
    for i in body[:3]:
        person = presenter(norm[i][:300])
        if person:
            out.append(Cue("speaker", person, "presenter", i, 2))
            break
    return out


def _site_cues(norm: list[str]) -> list[Cue]:
    """A unit the page's site names in its footer (版权所有：政协某市委员会): weak evidence of its unit."""
    for i, s in enumerate(norm):
        if len(s) < 120 and _SITE.search(s) and "政协" in _short(s):
            found = units_named(s)
            if found:
                return [Cue("unit", found[0][1], "site", i, 1)]
    return []


def single_meta(norm: list[str], front, body: list[int], ctx: Context, cues: list[Cue] = ()) -> DocMeta:
    """The metadata of a document without a speech header, chosen from the evidence of its page.

    Parameters
    ----------
    norm : list of str
        The page's normalised lines.
    front : sequence of (int, str)
        The document's front lines and their roles (:attr:`cppcc.corpus.classify.Block.front`).
    body : list of int
        The document's body lines (the first is a news report's lead).
    ctx : Context
        The page's title and dates and the manifest's unit and date.
    cues : list of Cue
        The evidence of the page's head (:func:`cppcc.corpus.front.read_head`).

    Examples
    --------
    >>> from cppcc.corpus.front import read_head
    >>> norm = ["政协临沧市第五届委员会常务委员会工作报告",
    ...         "——2021年1月10日在政协临沧市第五届委员会第四次会议上", "李四", "各位委员："]
    >>> head = read_head(norm, [0, 1, 2, 3])
    >>> m = single_meta(norm, [], [3], Context(title=norm[0]), head.cues)
    >>> m.doc_type, m.speaker, m.region, m.session, m.date, m.date_source, m.meta_source
    ('report', '李四', '临沧市', '五届四次', '2021-01-10', 'dateline', 'dateline')
    """
    lead, officials = _lead_cues(norm, body, ctx)
    cues = list(cues) + lead + _body_cues(norm, body)
    meta = DocMeta(officials=list(officials))
    meta.doc_type, kind_cue = _kind(cues)
    if kind_cue is not None:
        meta.sources["doc_type"] = (kind_cue.source, kind_cue.line)
    titles = [norm[i].strip() for i, role in front if role in ("title", "headline")]
    what = f"{meta.doc_type} {titles[0]!r}" if titles else meta.doc_type
    # a plain date line under a news report's title is its publication date, not the event's; an
    # article or a template states no event
    spoken = meta.doc_type in ("speech", "report")  # a speech's 今天 is no news lead's date, unless the
    presented = {c.line for c in cues if c.source == "presenter"}  # lead says who presents the report
    date = None if meta.doc_type == "other" else choose(
        [c for c in cues if (spoken or c.source != "date line" or c.weight >= 5)
         and not (spoken and c.source == "lead" and c.weight < 4 and c.line not in presented)], "date")
    md = None if meta.doc_type == "other" else choose(cues, "md")
    if date is None and md is None and meta.doc_type == "news":  # a feature story: 这是2015年2月8日的上午
        found = next(((d, i) for i in body[:3] if (d := story_date(norm[i], ctx.page_date))), None)
        date = Cue("date", found[0], "lead", found[1], 2) if found else None
    event = (date.value, date.source, date.line) if date else None
    if event is None and md is not None and (ctx.page_date or ctx.manifest_date):
        event = (complete_date(md.value, ctx.page_date or ctx.manifest_date), md.source, md.line)
    _event_date(meta, ctx, event)
    other = meta.doc_type == "other"
    if other:
        template = kind_cue is not None and kind_cue.weight >= 20
        meta.warnings.append("a template or collection page (placeholders, 通用N篇): loads as one document "
                             "without speaker" if template else
                             "no speech header (a line like '<region>政协主席<name>:') found; "
                             "the page loads as a single document without speaker")
        if template:  # a template or collection names no unit, speaker or session of its own (the
            return meta  # session its model text opens, 政协X县十四届二次会议, was no event of a known unit)
    speaker = None if other else choose(cues, "speaker", _SPEAKER_SOURCES[meta.doc_type])
    if speaker is not None:
        meta.speaker = speaker.value
        meta.sources["speaker"] = (speaker.source, speaker.line)
        # the position given with this speaker: on the speaker's line, else where another cue names him
        # (a headline 俞正声出席 over a lead 全国政协主席俞正声出席)
        lines = [speaker.line] + [c.line for c in cues if c.field == "speaker" and c.value == speaker.value
                                  and c.line != speaker.line]
        position = next((c for at in lines for c in cues if c.field == "position" and c.line == at), None)
        if position is not None:
            meta.position = position.value
            meta.sources["position"] = (position.source, position.line)
    session = choose(cues, "session")
    if session is None and meta.doc_type != "news":  # 政协某县第八届委员会第一次会议…圆满完成各项议程
        found = _body_session(norm, body)
        at = next((i for i in body[:3] if found and found == session_of(norm[i][:200])), None)
        session = Cue("session", found, "body", at, 1) if found else None
    if session is not None:
        meta.session = session.value
        meta.sources["session"] = (session.source, session.line)
    units = sorted((c for c in cues + _site_cues(norm) if c.field == "unit"),
                   key=lambda c: (-c.weight, c.line or 0))
    unit = units[0] if units else None
    if unit is None and meta.doc_type != "news":  # a speech whose unit only its first paragraphs name
        unit = next((Cue("unit", u, "body", i, 1) for i in body[:3] if (u := unit_in(norm[i]))), None)
    level = choose(cues, "level")
    if unit is None and not ctx.unit:  # a 县政协 page that names its county only as a place (凤台)
        place = inferred_unit("\n".join(norm)[:3000], level.value if level else None)
        if place is not None:
            names = (place.province, place.prefecture, place.county)
            unit = Cue("unit", "".join(dict.fromkeys(x for x in names if x)), "text", None, 1)
        elif found := municipality_of("\n".join(norm)[:3000], level.value if level else None):
            unit = Cue("unit", found, "text", None, 1)  # 市政协 of a page on 在沪全国政协委员, 为上海的…
    more = titles + [str(c.value) for c in units[1:]]
    used = _place(meta, unit.value if unit else None, ctx, more, what)
    if used == "manifest":
        meta.sources["unit"] = ("manifest", None)
    elif unit is not None and meta.place:
        meta.sources["unit"] = (unit.source, unit.line)
    if other:  # an article: its unit and session where it names them, no speaker
        return meta
    meta.meta_source = _meta_source(meta, used)
    if meta.speaker is None:
        meta.warnings.append(f"{what}: no speaker found")
    if not meta.place:
        meta.warnings.append(f"{what}: no unit named (add a `unit` to the manifest sources.csv)")
    return meta


_META_SOURCE = {"title": "title", "byline": "byline", "dateline": "dateline", "lead": "lead",
                "header": "header", "body": "title", "presenter": "lead", "text": "text", "site": "text",
                "manifest": "manifest"}


def _meta_source(meta: DocMeta, used: str | None) -> str | None:
    """Where the speaker and unit came from: the manifest, a dateline's unit, else the speaker's source,
    else the unit's."""
    if used == "manifest":
        return "manifest"
    unit = meta.sources.get("unit", (None, None))[0]
    if unit == "dateline":
        return "dateline"
    speaker = meta.sources.get("speaker", (None, None))[0]
    return _META_SOURCE.get(speaker or unit or "")
