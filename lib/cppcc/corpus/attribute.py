"""Who spoke, for which unit, when and at which session: the metadata of each document, from its
header, its title and byline, a work report's dateline, a news report's lead sentence or the
corpus manifest (``sources.csv``), in that order of trust."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..divisions import resolve_region
from .classify import Header
from .meta import Found, bracket_date, byline_title, dateline, name_line, news_lead, report_title, \
    session_of, unit_in

__all__ = ["DocMeta", "Context", "header_meta", "single_meta", "DOC_TYPES", "META_SOURCES"]

DOC_TYPES = ("speech", "report", "news", "other")
META_SOURCES = ("header", "title", "byline", "dateline", "lead", "manifest")
_SPEECH_TITLE = ("讲话", "致辞", "发言", "主持词", "总结")


@dataclass
class Context:
    """What a document's metadata may draw on besides its own lines: the page's title and date,
    the manifest's ``unit`` for the page."""

    title: str | None = None
    date: str | None = None
    unit: str | None = None

    def texts(self, *more: str | None) -> list[str]:
        return [t for t in (self.title, self.unit, *more) if t]


@dataclass
class DocMeta:
    """A document's metadata: the columns of :func:`cppcc.load_speeches` it decides."""

    doc_type: str = "other"
    speaker: str | None = None
    position: str | None = None
    region: str | None = None
    place: dict = field(default_factory=dict)
    session: str | None = None
    meta_source: str | None = None
    date: str | None = None
    warnings: list[str] = field(default_factory=list)


def _place(meta: DocMeta, unit: str | None, ctx: Context, more: list[str], where: str) -> None:
    """Resolve ``unit`` (with the page as context) into ``meta``; fall back to the manifest's unit."""
    place = resolve_region(unit, ctx.texts(*more)) if unit else None
    if (place is None or place["status"] == "unknown") and ctx.unit:
        place = resolve_region(ctx.unit, ctx.texts(*more))
        meta.meta_source = "manifest"
        unit = ctx.unit
    if place is None:
        return
    meta.place, meta.region = place, place.get("region") or unit
    if place["status"] == "ambiguous":
        meta.warnings.append(f"{where}: unit {unit!r} names more than one administrative division ("
                             + ", ".join(place["candidates"]) + "); left unresolved")
    elif place["status"] == "unknown":
        meta.warnings.append(f"{where}: unit {unit!r} is not a known administrative division")


def header_meta(header: Header, line: int, ctx: Context, front_dates: list[str],
                datelines: list[str] = ()) -> DocMeta:
    """The metadata of a document that starts with a speech header (a digest's speech, or a
    work report whose reporter line has a header's shape, after its dateline).

    Examples
    --------
    >>> from cppcc.corpus.classify import match_header
    >>> m = header_meta(match_header("鼓楼区政协主席王明："), 0, Context(title="福州市政协工作交流"), [])
    >>> m.doc_type, m.speaker, m.place["adcode"], m.meta_source
    ('speech', '王明', '350102', 'header')
    """
    dl = _first(dateline(t) for t in datelines)
    report = dl is not None or report_title(ctx.title or "") is not None
    meta = DocMeta(doc_type="report" if report else "speech", speaker=header.speaker,
                   position=header.position, region=header.region, place=header.place, meta_source="header",
                   session=_first([dl.session if dl else None, session_of(ctx.title or "")]),
                   date=_first([dl.date if dl else None] + front_dates + [ctx.date]))
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


def _front(norm: list[str], front) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for i, role in front:
        out.setdefault(role, []).append(norm[i].strip())
    return out


def _first(items):
    return next((x for x in items if x is not None), None)


def single_meta(norm: list[str], front, body: list[int], ctx: Context) -> DocMeta:
    """The metadata of a document without a speech header, from its front matter or lead sentence.

    Parameters
    ----------
    norm : list of str
        The page's normalised lines.
    front : sequence of (int, str)
        The document's front lines and their roles (:attr:`cppcc.corpus.classify.Block.front`).
    body : list of int
        The document's body lines (the first is a news report's lead).
    ctx : Context
        The page's title and date and the manifest's unit.

    Examples
    --------
    >>> norm = ["政协临沧市第五届委员会常务委员会工作报告",
    ...         "——2021年1月10日在政协临沧市第五届委员会第四次会议上", "李四", "各位委员："]
    >>> m = single_meta(norm, [(0, "title"), (1, "dateline"), (2, "name")], [3], Context(title=norm[0]))
    >>> m.doc_type, m.speaker, m.region, m.session, m.date, m.meta_source
    ('report', '李四', '临沧市', '五届四次', '2021-01-10', 'dateline')
    """
    roles = _front(norm, front)
    titles = roles.get("title", []) + roles.get("headline", [])
    byline = _first(byline_title(t) for t in titles)
    report = _first(report_title(t) for t in titles)
    dl = _first(dateline(t) for t in roles.get("dateline", []))
    name = _first(name_line(t, known_place=True) for t in roles.get("name", []))
    meta = DocMeta(date=_first([dl.date if dl else None] + [bracket_date(t) for t in roles.get("date", [])]))
    found: Found | None = None
    if report or dl:
        meta.doc_type, meta.meta_source = "report", "dateline" if dl and dl.unit else "title"
    elif byline or name or any(t.endswith(_SPEECH_TITLE) for t in titles):
        meta.doc_type, meta.meta_source = "speech", "title" if byline else "byline" if name else None
    elif body and (found := news_lead(norm[body[0]].strip(), ctx.date)) is not None:
        meta.doc_type, meta.meta_source = "news", "lead"
    meta.speaker = _first([byline.speaker if byline else None, name.speaker if name else None,
                           found.speaker if found else None])
    meta.position = _first([name.position if name else None, found.position if found else None])
    meta.session = _first([dl.session if dl else None, byline.session if byline else None,
                           found.session if found else None] + [session_of(t) for t in titles])
    if meta.date is None:
        meta.date = found.date if found and found.date else ctx.date
    if meta.doc_type == "other":
        meta.meta_source = None
        meta.warnings.append("no speech header (a line like '<region>政协主席<name>:') found; "
                             "the page loads as a single document without speaker")
        return meta
    unit = _first([dl.unit if dl else None, report.unit if report else None, byline.unit if byline else None,
                   name.unit if name else None, found.unit if found else None])
    if unit is None and (unit := _first(unit_in(t) for t in titles)) is not None:
        meta.meta_source = meta.meta_source or "title"  # a speech without a byline, its unit in the title
    unit = unit or _first(unit_in(norm[i]) for i in body[:3])
    what = f"{meta.doc_type} {titles[0]!r}" if titles else meta.doc_type
    _place(meta, unit, ctx, titles, what)
    if meta.speaker is None:
        meta.warnings.append(f"{what}: no speaker found")
    if not meta.place:
        meta.warnings.append(f"{what}: no unit named (add a `unit` to the manifest sources.csv)")
    return meta
