"""Phase 3, classify: what each line of a page is — page chrome, page metadata (title, date,
source), a speech header — and where the page's documents begin and end.

The predicates of :mod:`~cppcc.corpus.linekind` look at one normalised line each (re-exported here);
:func:`classify_lines` puts them together for a page and returns a :class:`Layout`. A page with speech
headers (a digest) is cut at its headers; the head of a page without them is read by evidence
(:func:`cppcc.corpus.front.read_head`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..cleaning import field_value, toc_block
from ..divisions import resolve_region
from .front import Cue, read_head
from .lead import STAMP_PREFIX, reported
from .linekind import SOURCE, compact, ends_sentence, footer_reason, is_breadcrumb, is_navigation, iso_date, \
    line_chrome, looks_headline, paragraph_like, preamble_kind
from .meta import POSITION, dateline
from .names import is_name

__all__ = [
    "HEADER", "Header", "Fate", "Layout", "match_header", "iso_date", "line_chrome", "is_navigation",
    "is_breadcrumb", "footer_reason", "preamble_kind", "looks_headline", "paragraph_like", "compact",
    "ends_sentence", "classify_lines", "Block",
]

_POSITION = POSITION
HEADER = re.compile(
    rf"^(?P<dash>[—－\-─–]{{1,2}}\s*)?(?P<region>[\u4e00-\u9fff\s]{{2,40}}?)\s*政协\s*"
    rf"(?P<position>{_POSITION}(?:\s*[、，,和兼]?\s*{_POSITION})*)\s*"
    r"(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff·•\s]{1,12}?)\s*(?:[（(](?P<note>[^（）()]{1,15})[）)])?\s*"
    r"(?:(?P<colon>[:：])\s*(?P<title>[^:：。；！？]{2,40}?)?)?\s*$"
)
# an unknown region still makes a header (with a warning) if it looks like a unit's name
_UNIT_SUFFIX = re.compile(r"(省|市|州|县|区|旗|盟|地区|兵团)$")
_DATELINE_HINT = re.compile(r"来源|发布|时间|日期|\d{1,2}:\d{2}")

class Fate(NamedTuple):
    """What became of a line: kept in ``field``, or removed for ``reason``; and its document."""

    field: str | None
    reason: str | None
    doc: int | None = None


@dataclass
class Header:
    """A speech header: the unit as named, the position, the speaker and the resolved place."""

    region: str
    position: str
    speaker: str
    place: dict
    dash: bool = False  # a byline under its headline (——<unit>政协<position><name>)
    title: str | None = None  # the title after the colon of a one-line header (<unit>政协主席<name>：<title>)


def match_header(line: str) -> Header | None:
    """A speech header ``<region>政协<position><name>:`` (line already normalised), or None.

    Examples
    --------
    >>> h = match_header("安徽省蚌埠市蚌山区政协主席石艳：")
    >>> h.speaker, h.position, h.place["county"], h.place["adcode"]
    ('石艳', '主席', '蚌山区', '340303')
    >>> match_header("各级政协主席会议：") is None, match_header("鹤岗市政协委员走访社区养老服务中心") is None
    (True, True)

    The one-line digest header of the CPPCC newspaper, ``<unit>政协主席<name>：<title>``, is a header
    too (its name must read as a name):

    >>> h = match_header("湖州市政协主席沈建国：让协商成果落地见效")
    >>> h.speaker, h.title, h.place["adcode"]
    ('沈建国', '让协商成果落地见效', '330500')
    """
    if "政协" not in line:  # the header's one literal: most lines go no further
        return None
    m = HEADER.match(line.strip())
    if not m:
        return None
    title = (m.group("title") or "").strip() or None
    if not is_name(m.group("name"), strict=title is not None):
        return None  # the words after the position are no name (市政协委员走访社区…)
    place = resolve_region(m.group("region"))
    unit_like = m.group("colon") and _UNIT_SUFFIX.search(compact(m.group("region")))
    if place["status"] == "unknown" and not unit_like:
        return None  # a region not in the table needs the colon and a unit's suffix (…市, …县, …兵团)
    position = re.sub(r"\s+", "", m.group("position")).replace(",", "、").replace("，", "、")
    return Header(region=compact(m.group("region")), position=position,
                  speaker=compact(m.group("name").replace("•", "·")), place=place, dash=bool(m.group("dash")),
                  title=title)


class Block(NamedTuple):
    """One document's line range: ``start`` (its header line, or the line before its first line),
    ``end`` (exclusive), its ``header`` (None without), ``headline_at`` (a headline set above a
    dashed byline header) and ``front`` (for a document without header: ``(line, role)`` of its
    front matter, role one of ``title``, ``headline``, ``dateline``, ``date``, ``name``)."""

    start: int
    end: int
    header: Header | None
    headline_at: int | None = None
    front: tuple[tuple[int, str], ...] = ()


@dataclass
class Layout:
    """The classified page: ``fate`` of the lines decided so far (the page's head and the front
    matter of a document without header), the documents as :class:`Block` line ranges, the page's
    ``title``, ``date`` and ``publisher``; ``page_date`` the publication date the page shows (None if
    it shows none; ``date`` then falls back on the document's own date), the lines the title, the
    date and the publisher came from (``where``: field -> 0-based line), the head's evidence
    (``cues``, for a page without headers) and ``trim`` (a body line whose first characters are front
    matter: a name glued to the salutation)."""

    fate: dict[int, Fate] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    page_date: str | None = None
    where: dict[str, int] = field(default_factory=dict)
    cues: list[Cue] = field(default_factory=list)
    trim: dict[int, int] = field(default_factory=dict)


def _pick_date(norm: list[str], kinds: dict[int, str]) -> int | None:
    """The article's date line: one that says 来源/发布/时间 or has a clock time, else the first
    (a site header may show today's date before the article's own); other dates are chrome."""
    dated = [i for i, k in kinds.items() if k == "date"]
    if not dated:
        return None
    best = next((i for i in dated if _DATELINE_HINT.search(norm[i])), dated[0])
    for i in dated:
        if i != best:
            kinds[i] = "other date"
    return best


def _pick_title(norm: list[str], kinds: dict[int, str], date_at: int | None) -> int | None:
    """The title of a page with headers: the last short head line before the date line, else the
    last short non-sentence."""
    unknown = [i for i, k in kinds.items() if k == "?"]
    if date_at is not None:
        cands = [i for i in unknown if i < date_at and len(compact(norm[i])) <= 80]
        return cands[-1] if cands else None
    cands = [i for i in unknown if len(compact(norm[i])) <= 80 and not ends_sentence(norm[i].strip())]
    return cands[-1] if cands else None


_META_FIELDS = {"title": "page_title", "date": "date", "source": "publisher"}


def _preamble_fate(kind: str, before_meta_end: bool) -> Fate:
    if kind in _META_FIELDS:
        return Fate(_META_FIELDS[kind], None)
    if kind == "other date" or (kind in ("?", "doc date") and before_meta_end):
        return Fate(None, "page chrome")
    if kind == "?":
        return Fate(None, "page text before the first speech")
    return Fate(None, kind)


def _headline_above(norm: list[str], fate: dict[int, Fate], nonblank: list[int], at: int,
                    after: int) -> int | None:
    """The line above a dashed byline header (``——<unit>政协主席<name>``) if it reads as its headline."""
    before = [i for i in nonblank if after < i < at]
    if not before:
        return None
    j = before[-1]
    if j in fate and fate[j].reason != "page text before the first speech":
        return None
    s = norm[j].strip()
    if not looks_headline(s) or re.match(r"^[一二三四五六七八九十]+、", s) or match_header(s) is not None:
        return None
    return j


def _header_blocks(norm: list[str], lay: Layout, nonblank: list[int], headers: list) -> list[Block]:
    blocks: list[Block] = []
    ends = [i for i, _ in headers[1:]] + [len(norm)]
    for (i, h), end in zip(headers, ends):
        above = None
        if h.dash:
            above = _headline_above(norm, lay.fate, nonblank, i, blocks[-1].start if blocks else -1)
        if above is not None:
            lay.fate.pop(above, None)
            if blocks:
                blocks[-1] = blocks[-1]._replace(end=above)
        blocks.append(Block(i, end, h, headline_at=above))
    return blocks


def _digest(norm: list[str], lay: Layout, nonblank: list[int], headers: list) -> None:
    """A page with speech headers: its head (before the first header) is the page's metadata."""
    first = headers[0][0]
    kinds = {i: preamble_kind(norm[i].strip()) for i in nonblank if i < first}
    # a report whose reporter line has a header's shape: its dateline is front matter
    kinds = {i: "doc date" if k in ("date", "?") and dateline(norm[i]) else k for i, k in kinds.items()}
    date_at = _pick_date(norm, kinds)
    if date_at is not None:
        lay.date = lay.page_date = iso_date(norm[date_at])
        lay.where["page_date"] = date_at
    # a news lead above the transcript (3月11日，…闭幕会。主席某某主持并讲话。), a stamp glued before it
    lead_at = next((i for i, k in kinds.items()
                    if (k == "?" or (k == "date" and "。" in norm[i])) and reported(norm[i])), None)
    if lead_at is not None:
        lay.where["lead"] = lead_at
        stamp = STAMP_PREFIX.match(norm[lead_at])
        if stamp and lay.page_date is None:
            lay.date = lay.page_date = "{}-{:02d}-{:02d}".format(*(int(stamp.group(k)) for k in "ymd"))
            lay.where["page_date"] = lead_at
    source_at = next((i for i, k in kinds.items() if k in ("date", "source") and SOURCE.search(norm[i])),
                     None)
    if source_at is not None:
        lay.publisher = field_value(norm[source_at], "来源")
        lay.where["publisher"] = source_at
    title_at = _pick_title(norm, kinds, date_at)
    if title_at is not None:
        lay.title = norm[title_at].strip()
        lay.where["title"] = title_at
        kinds[title_at] = "title"
    front = [(i, "dateline") for i, k in kinds.items() if k == "doc date"]
    if lay.date is None and front:
        lay.date = dateline(norm[front[0][0]]).date
    meta_end = max([i for i, k in kinds.items() if k in ("date", "title", "share bar", "source")]
                   + [i for i, _ in front], default=-1)
    for i, kind in kinds.items():
        lay.fate[i] = _preamble_fate(kind, i < meta_end)
    for i, role in front:
        lay.fate[i] = Fate(role, None, 0)
    lay.blocks = _header_blocks(norm, lay, nonblank, headers)
    lay.blocks[0] = lay.blocks[0]._replace(front=tuple(front))


# the fate of a head line by its role (front matter of the document, page metadata or chrome)
_ROLE_FATE = {"dateline": Fate("dateline", None, 0), "date line": Fate("date", None, 0),
              "name": Fate("name", None, 0), "byline": Fate("headline", None, 0),
              "speaker title": Fate("headline", None, 0), "report title": Fate("headline", None, 0),
              "collection": Fate("headline", None, 0), "headline": Fate("headline", None, 0),
              "farm header": Fate(None, "content-farm header"), "stamp": Fate(None, "page chrome"),
              "source": Fate("publisher", None), "wire": Fate(None, "page chrome"),
              "speaker tag": Fate("name", None, 0), "name title": Fate("headline", None, 0)}
_FRONT_ROLES = ("dateline", "date line", "name", "byline", "speaker title", "report title", "headline",
                "collection", "speaker tag", "name title")


def _single(norm: list[str], lay: Layout, nonblank: list[int], html_title: str | None) -> None:
    """A page without speech headers: one document, its head read by evidence (:func:`read_head`)."""
    head = read_head(norm, nonblank, html_title)
    roles = dict(head.roles)
    if head.title is not None:
        lay.title = norm[head.title].strip()
        lay.where["title"] = head.title
        key = compact(lay.title)
        for i, role in roles.items():  # the title repeated under itself
            if i > head.title and role == "text" and compact(norm[i]) == key:
                roles[i] = "headline"
    if lay.title is None and head.glued_title:
        lay.title = head.glued_title
    lay.page_date = head.page_date
    if head.page_date_at is not None:
        lay.where["page_date"] = head.page_date_at
    source_at = next((i for i, r in roles.items() if r in ("stamp", "source", "farm header")
                      and SOURCE.search(norm[i])), None)
    if source_at is not None:
        lay.publisher = field_value(norm[source_at], "来源")
        lay.where["publisher"] = source_at
    event = next((c.value for c in sorted(head.cues, key=lambda c: -c.weight) if c.field == "date"), None)
    lay.date = lay.page_date or event  # a page without its own date line is dated by its document's date
    meta = [i for i, r in roles.items() if r in _FRONT_ROLES or r in ("stamp", "source", "farm header",
                                                                          "share bar", "font-size switcher")]
    meta_end = max(meta + ([head.title] if head.title is not None else []), default=-1)
    front = []
    for i, role in roles.items():
        if i == head.title:
            lay.fate[i] = Fate("page_title", None)
        elif i == head.page_date_at and role != "date line":
            lay.fate[i] = Fate("date", None) if role == "stamp" else _ROLE_FATE[role]
        elif i == source_at and role == "source":
            lay.fate[i] = Fate("publisher", None)
        elif role in _ROLE_FATE:
            lay.fate[i] = _ROLE_FATE[role]
        elif role == "text":
            if i < meta_end:
                lay.fate[i] = Fate(None, "page chrome")
            continue  # after the metadata: the body
        else:
            lay.fate[i] = Fate(None, role)
        if role in _FRONT_ROLES or i == head.title:
            front.append((i, "title" if i == head.title else role))
    lay.cues, lay.trim = head.cues, head.trim
    start = min(meta_end, head.body - 1)
    lay.blocks = [Block(start, len(norm), None, front=tuple(front))]


def classify_lines(original: list[str], norm: list[str], dropped: dict[int, str] | None = None,
                   html_title: str | None = None) -> Layout:
    """Phase 3: classify a page's head and find its documents.

    Parameters
    ----------
    original, norm : list of str
        The page's lines as in the source and normalised (:class:`~cppcc.corpus.lines.Lines`).
    dropped : dict, optional
        Lines the lines phase removed whole (all spam, a paywall mark) and the reason.
    html_title : str, optional
        The HTML ``<title>`` (normalised), evidence for the title of a page without headers.

    Returns
    -------
    Layout
        Fates of the lines before the first document (metadata and chrome) and of invisible
        lines, and the documents' line ranges. A page without speech headers is one document
        that starts after the page's metadata and its front matter (byline, date line, dateline,
        name line), listed in the block's ``front``.

    Examples
    --------
    >>> lay = classify_lines(["首页>协商", "标题", "河南省政协主席刘伟:", "正文。"],
    ...                      ["首页>协商", "标题", "河南省政协主席刘伟：", "正文。"])
    >>> lay.title, [(b.start, b.end, b.header.speaker) for b in lay.blocks], lay.fate[0].reason
    ('标题', [(2, 4, '刘伟')], 'breadcrumb')
    >>> page = ["王明：在全县政协工作会议上的讲话", "（2021年3月9日）", "同志们：", "今天的会议很重要。"]
    >>> classify_lines(page, page).blocks[0].front
    ((0, 'title'), (1, 'date line'))
    """
    lay = Layout()
    for i, s in enumerate(original):  # e.g. a line of zero-width spaces: nothing left after clean-up
        if s.strip() and not norm[i].strip():
            lay.fate[i] = Fate(None, (dropped or {}).get(i, "invisible characters only"))
    lay.fate.update({i: Fate(None, "table of contents") for i in toc_block(norm) if norm[i].strip()})
    nonblank = [i for i, s in enumerate(norm) if s.strip() and i not in lay.fate]
    headers = [(i, h) for i in nonblank if (h := match_header(norm[i])) is not None]
    if headers:
        _digest(norm, lay, nonblank, headers)
    else:
        _single(norm, lay, nonblank, html_title)
    return lay
