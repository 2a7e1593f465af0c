"""Phase 3, classify: what each line of a page is — page chrome, page metadata (title, date,
source), a speech header — and where the page's documents begin and end.

The predicates here look at one normalised line each; :func:`classify_lines` puts them
together for a page and returns a :class:`Layout`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..cleaning import chrome_reason, field_value, paywall_reason, toc_block
from ..common import SENTENCE_END
from ..divisions import resolve_region
from .meta import POSITION, bracket_date, byline_title, dateline, name_line, report_title

__all__ = [
    "HEADER", "Header", "Fate", "Layout", "match_header", "iso_date", "line_chrome", "is_navigation",
    "is_breadcrumb", "footer_reason", "preamble_kind", "looks_headline", "paragraph_like", "compact",
    "ends_sentence", "classify_lines", "Block", "front_date",
]

_POSITION = POSITION
HEADER = re.compile(
    rf"^(?P<dash>[—－\-─–]{{1,2}}\s*)?(?P<region>[\u4e00-\u9fff\s]{{2,40}}?)\s*政协\s*"
    rf"(?P<position>{_POSITION}(?:\s*[、，,和兼]?\s*{_POSITION})*)\s*"
    r"(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff·•\s]{1,12}?)\s*(?:[（(](?P<note>[^（）()]{1,15})[）)])?\s*"
    r"(?P<colon>[:：])?\s*$"
)
# an unknown region still makes a header (with a warning) if it looks like a unit's name
_UNIT_SUFFIX = re.compile(r"(省|市|州|县|区|旗|盟|地区|兵团)$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})(?!\d)")
SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜/]+)")
_SOURCE_LINE = re.compile(r"^[【\[]?\s*(来源|稿源|出处)\s*[:：]")
_DATELINE_HINT = re.compile(r"来源|发布|时间|日期|\d{1,2}:\d{2}")
_SHARE = re.compile(r"^[【\[]?\s*(分享到|分享|字号|打印|收藏|关闭窗口|纠错)")
_CRUMB_LEAD = re.compile(r"^(当前位置|您的位置|您现在的位置|你的位置|所在位置)\s*[:：]")
_CRUMB_SEP = re.compile(r"\s*[>›»＞→]\s*")
EDITOR = re.compile(r"^[【\[(（]?\s*(责任编辑|编辑|责编|编审|审核|审校|校对)\s*[:：]\s*(.*?)"
                    r"\s*[】\])）]?\s*$")
KEYWORDS = re.compile(r"^[【\[]?\s*(关键词|关键字|标签|tags?)\s*[:：]\s*(.*?)\s*[】\]]?$", re.I)
_RELATED = re.compile(r"^[【\[]?\s*(相关新闻|相关阅读|相关文章|相关报道|相关链接|延伸阅读|推荐阅读|"
                      r"热点推荐|热门推荐|更多新闻|更多阅读|热门文章|猜你喜欢|精彩推荐)")
_FOOTER = re.compile(r"(客户端下载|扫一扫|扫描二维码|版权所有|copyright|©|icp备|公网安备|联系我们|"
                     r"关于我们|网站地图|返回顶部|上一篇|下一篇|打印本页|关闭窗口|违法和不良信息举报)", re.I)
SUMMARY = re.compile(r"^[【\[]?\s*(提要|内容提要|摘要|导读|导语)\s*[】\]]?\s*[:：]\s*")
_RUNNING_PUNCT = re.compile(r"[。，；！？]")

class Fate(NamedTuple):
    """What became of a line: kept in ``field``, or removed for ``reason``; and its document."""

    field: str | None
    reason: str | None
    doc: int | None = None


def compact(s: str) -> str:
    """``s`` without any whitespace."""
    return re.sub(r"\s+", "", s)


def ends_sentence(line: str) -> bool:
    """Whether a line ends with a mark of :data:`cppcc.common.SENTENCE_END`.

    Examples
    --------
    >>> ends_sentence("一是建平台。"), ends_sentence("一、坚持党的领导")
    (True, False)
    """
    return line.rstrip()[-1:] in SENTENCE_END


def is_navigation(line: str) -> bool:
    """A menu bar: four or more short space-separated items and no running-text punctuation.

    Examples
    --------
    >>> is_navigation("首页 政协动态 协商建言 委员声音")
    True
    """
    tokens = line.split()
    return len(tokens) >= 4 and all(len(t) <= 8 for t in tokens) and not _RUNNING_PUNCT.search(line)


def is_breadcrumb(line: str) -> bool:
    """A breadcrumb trail (``当前位置：…``, or short items joined by ``>``).

    Examples
    --------
    >>> is_breadcrumb("首页 > 协商 > 委员"), is_breadcrumb("当前位置：首页")
    (True, True)
    """
    if _CRUMB_LEAD.match(line):
        return True
    parts = [p for p in _CRUMB_SEP.split(line) if p.strip()]
    return (len(parts) >= 2 and len(_CRUMB_SEP.findall(line)) >= 1 and all(len(p) <= 12 for p in parts)
            and not _RUNNING_PUNCT.search(line))


def footer_reason(line: str) -> str | None:
    """Why a line is page chrome that ends an article (editor, keywords, related news…), or None.

    Only anchored patterns or short lines count, so a body paragraph that merely mentions
    分享 or 版权所有 is not cut.

    Examples
    --------
    >>> footer_reason("编辑：付振强"), footer_reason("相关新闻"), footer_reason("正文一段。")
    ('editor line', 'related-news', None)
    """
    n = len(compact(line))
    if EDITOR.match(line) and n <= 40:
        return "editor line"
    if KEYWORDS.match(line) and n <= 80:
        return "keywords line"
    if _RELATED.match(line) and n <= 30:
        return "related-news"
    if _FOOTER.search(line) and n <= 60:
        return "footer"
    if _SHARE.match(line) and n <= 30:
        return "share bar"
    return None


def line_chrome(line: str) -> str | None:
    """Why a line is page chrome by :mod:`cppcc.cleaning`'s rules (photo caption, reporter or
    editor line, time stamp, continuation mark, source bullet, separator, paywall), or None.

    Examples
    --------
    >>> line_chrome("（上接第一版）"), line_chrome("图为委员在社区调研。"), line_chrome("委员们在社区调研。")
    ('continuation mark', 'photo caption', None)
    """
    return chrome_reason(line) or paywall_reason(line)


def paragraph_like(line: str) -> bool:
    """A line of running text (not chrome): long, or a sentence of some length."""
    n = len(compact(line))
    if is_navigation(line) or is_breadcrumb(line) or line_chrome(line):
        return False
    return n > 50 or (n > 20 and ends_sentence(line))


def looks_headline(line: str) -> bool:
    """Short, not a sentence, not a label: may be a headline."""
    return (len(compact(line)) <= 40 and not ends_sentence(line) and not line.endswith(("：", ":"))
            and not SUMMARY.match(line))


def iso_date(line: str) -> str | None:
    """The first valid date in a line as ``"YYYY-MM-DD"``, or None.

    Examples
    --------
    >>> iso_date("2020年08月24日 22:16 | 来源:人民政协网"), iso_date("2020-13-01")
    ('2020-08-24', None)
    """
    m = _DATE.search(line)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


@dataclass
class Header:
    """A speech header: the unit as named, the position, the speaker and the resolved place."""

    region: str
    position: str
    speaker: str
    place: dict
    dash: bool = False  # a byline under its headline (——<unit>政协<position><name>)


def match_header(line: str) -> Header | None:
    """A speech header ``<region>政协<position><name>:`` (line already normalised), or None.

    Examples
    --------
    >>> h = match_header("安徽省蚌埠市蚌山区政协主席石艳：")
    >>> h.speaker, h.position, h.place["county"], h.place["adcode"]
    ('石艳', '主席', '蚌山区', '340303')
    >>> match_header("各级政协主席会议：") is None
    True
    """
    m = HEADER.match(line.strip())
    if not m:
        return None
    place = resolve_region(m.group("region"))
    unit_like = m.group("colon") and _UNIT_SUFFIX.search(compact(m.group("region")))
    if place["status"] == "unknown" and not unit_like:
        return None  # a region not in the table needs the colon and a unit's suffix (…市, …县, …兵团)
    position = re.sub(r"\s+", "", m.group("position")).replace(",", "、").replace("，", "、")
    return Header(region=compact(m.group("region")), position=position,
                  speaker=compact(m.group("name").replace("•", "·")), place=place, dash=bool(m.group("dash")))


def preamble_kind(line: str) -> str:
    """What a line before the first speech is: ``date``, ``source``, ``share bar``,
    ``breadcrumb``, ``navigation``, a footer reason, a reason of :func:`line_chrome` (reporter
    line, photo caption…), or ``"?"`` (title or page text).

    Examples
    --------
    >>> [preamble_kind(s) for s in ("2020年08月24日 来源:人民政协网", "首页>协商", "发言摘登")]
    ['date', 'breadcrumb', '?']
    """
    n = len(compact(line))
    if iso_date(line) and n <= 80:
        return "date"
    if _SOURCE_LINE.match(line) and n <= 40:
        return "source"
    if _SHARE.match(line) and n <= 30:
        return "share bar"
    if is_breadcrumb(line):
        return "breadcrumb"
    if is_navigation(line):
        return "navigation"
    reason = footer_reason(line)
    if reason in ("footer", "editor line", "keywords line"):
        return reason
    return line_chrome(line) or "?"


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
    ``title``, ``date`` and ``publisher``."""

    fate: dict[int, Fate] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    publisher: str | None = None


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


def _pick_title(norm: list[str], kinds: dict[int, str], date_at: int | None, has_headers: bool) -> int | None:
    """The page title among the unclassified head lines: the last short one before the date line;
    without a date, the last short non-sentence (before headers) or the first (a headerless page).
    On a headerless page a byline or report title wins, and a name line under a title is no title."""
    titled = [i for i, k in kinds.items() if k == "doc title"]
    if not has_headers and titled:
        return titled[0]
    unknown = [i for i, k in kinds.items() if k == "?"]
    if date_at is not None:
        cands = [i for i in unknown if i < date_at and len(compact(norm[i])) <= 80]
        under_title = len(cands) >= 2 and name_line(norm[cands[-1]]) and not name_line(norm[cands[-2]])
        if not has_headers and under_title:
            return cands[-2]
        return cands[-1] if cands else None
    limit = 80 if has_headers else 60
    cands = [i for i in unknown if len(compact(norm[i])) <= limit and not ends_sentence(norm[i].strip())]
    if not cands:
        return None
    return cands[-1] if has_headers else cands[0]


_META_FIELDS = {"title": "page_title", "date": "date", "source": "publisher"}


def _preamble_fate(kind: str, before_meta_end: bool) -> Fate:
    if kind in _META_FIELDS:
        return Fate(_META_FIELDS[kind], None)
    if kind == "other date" or (kind in ("?", "doc date", "doc title") and before_meta_end):
        return Fate(None, "page chrome")
    if kind == "?":
        return Fate(None, "page text before the first speech")
    return Fate(None, kind)


def _doc_kind(line: str, kind: str) -> str:
    """A head line of a page without headers read again: ``doc date`` (a dateline or a date in
    brackets), ``doc title`` (a byline or work-report title), else its preamble kind."""
    if kind in ("date", "?") and (dateline(line) or bracket_date(line)):
        return "doc date"
    if kind == "?" and (byline_title(line) or report_title(line)):
        return "doc title"
    return kind


_TEXT_KINDS = (None, "?", "doc date", "doc title")  # head lines that may be front matter


def _front_role(line: str, title: str | None, previous: str | None, has_name: bool) -> str | None:
    if title is not None and compact(line) == compact(title):
        return "headline"
    if previous is None and (byline_title(line) or report_title(line)):
        return "headline"
    if dateline(line):
        return "dateline"
    if bracket_date(line):
        return "date"
    expected = previous in ("dateline", "date")  # a name right after a date line needs no known surname
    if not has_name and previous is not None and name_line(line, known_place=expected):
        return "name"
    return None


def front_date(norm: list[str], front) -> str | None:
    """The date a document's front matter states (its dateline or bracketed date line), or None.

    Examples
    --------
    >>> front_date(["标题", "（2021年3月9日）"], [(0, "title"), (1, "date")])
    '2021-03-09'
    """
    for i, role in front:
        if role == "dateline":
            return dateline(norm[i]).date
        if role == "date":
            return bracket_date(norm[i])
    return None


def _single_front(norm: list[str], nonblank: list[int], kinds: dict[int, str], title_at: int | None,
                  first: int) -> list[tuple[int, str]]:
    """The front matter of a page without headers: after its title, the lines that repeat the
    title, give the byline, the speech's date or a report's dateline, or the speaker's name."""
    front = [(title_at, "title")] if title_at is not None else []
    previous = "title" if title_at is not None else None
    start = title_at + 1 if title_at is not None else 0
    title = norm[title_at].strip() if title_at is not None else None
    for i in nonblank:
        if i < start or kinds.get(i) not in _TEXT_KINDS:
            continue
        if i >= first and previous is None:
            break
        role = _front_role(norm[i].strip(), title, previous, any(r == "name" for _, r in front))
        if role is None:
            break
        front.append((i, role))
        previous = role
    return front


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


def classify_lines(original: list[str], norm: list[str], dropped: dict[int, str] | None = None) -> Layout:
    """Phase 3: classify a page's head and find its documents.

    Parameters
    ----------
    original, norm : list of str
        The page's lines as in the source and normalised (:class:`~cppcc.corpus.lines.Lines`).
    dropped : dict, optional
        Lines the lines phase removed whole (all spam, a paywall mark) and the reason.

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
    ((0, 'title'), (1, 'date'))
    """
    lay = Layout()
    for i, s in enumerate(original):  # e.g. a line of zero-width spaces: nothing left after clean-up
        if s.strip() and not norm[i].strip():
            lay.fate[i] = Fate(None, (dropped or {}).get(i, "invisible characters only"))
    lay.fate.update({i: Fate(None, "table of contents") for i in toc_block(norm) if norm[i].strip()})
    nonblank = [i for i, s in enumerate(norm) if s.strip() and i not in lay.fate]
    headers = [(i, h) for i in nonblank if (h := match_header(norm[i])) is not None]
    if headers:
        first = headers[0][0]
    else:  # without headers, the page's head ends at the first line that reads like a paragraph
        first = next((i for i in nonblank if paragraph_like(norm[i].strip())), len(norm))
    kinds = {i: preamble_kind(norm[i].strip()) for i in nonblank if i < first}
    if not headers:
        kinds = {i: _doc_kind(norm[i].strip(), k) for i, k in kinds.items()}
    else:  # a report whose reporter line has a header's shape: its dateline is front matter
        kinds = {i: "doc date" if k in ("date", "?") and dateline(norm[i]) else k for i, k in kinds.items()}
    date_at = _pick_date(norm, kinds)
    if date_at is not None:
        lay.date = iso_date(norm[date_at])
    source_at = next((i for i, k in kinds.items() if k in ("date", "source") and SOURCE.search(norm[i])),
                     None)
    if source_at is not None:
        lay.publisher = field_value(norm[source_at], "来源")
    title_at = _pick_title(norm, kinds, date_at, bool(headers))
    if title_at is not None:
        lay.title = norm[title_at].strip()
        kinds[title_at] = "title"
    if headers:
        front = [(i, "dateline") for i, k in kinds.items() if k == "doc date"]
    else:
        front = _single_front(norm, nonblank, kinds, title_at, first)
    if lay.date is None:  # a page without its own date line is dated by its document's date
        lay.date = front_date(norm, front)
    meta_end = max([i for i, k in kinds.items() if k in ("date", "title", "share bar", "source")]
                   + [i for i, _ in front], default=-1)
    for i, kind in kinds.items():
        # without headers, the lines after the metadata are the body (chrome excepted)
        if headers or i <= meta_end or kind not in _TEXT_KINDS:
            lay.fate[i] = _preamble_fate(kind, i < meta_end)
    for i, role in front:
        if role != "title":
            lay.fate[i] = Fate(role, None, 0)
    if headers:
        lay.blocks = _header_blocks(norm, lay, nonblank, headers)
        lay.blocks[0] = lay.blocks[0]._replace(front=tuple(front))
    else:
        lay.blocks = [Block(meta_end, len(norm), None, front=tuple(front))]
    return lay
