"""Phase 4, documents: the lines of each document range to its parts — the footer cut off,
then headline, summary and the speaker's name line, then the body — and the audit rows."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cleaning import field_value, hard_wraps
from .attribute import Context, DocMeta, header_meta, single_meta
from .classify import Block, Fate, Header, Layout
from .linekind import EDITOR, KEYWORDS, SUMMARY, compact, footer_reason, line_chrome, looks_headline
from .lead import cppcc_officials
from .meta import bracket_date
from .names import officials_in

__all__ = ["Speech", "Footer", "Documents", "split_footer", "front_matter", "build_documents", "audit_rows",
           "attendees"]

_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")
_ATTENDING = re.compile(r"出席|参加|列席|陪同|主持|参会|一同|带队|率队|一行|讲话|致辞|作报告|作工作报告")


@dataclass
class Speech:
    """One document of a page: its header (None without), headline and summary lines, body lines,
    ``trim`` (body lines whose first characters are front matter: their count) and ``joined`` (body
    lines that continue the line before them: the text was hard-wrapped)."""

    header: Header | None
    headline: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    body: list[int] = field(default_factory=list)  # line indices
    meta: DocMeta = field(default_factory=DocMeta)
    trim: dict[int, int] = field(default_factory=dict)
    joined: set[int] = field(default_factory=set)


@dataclass
class Footer:
    """A document's lines split at its footer: the ``kept`` lines, the ``dropped`` ones with their
    reasons, and the editor and keywords the footer names."""

    kept: list[int]
    dropped: dict[int, str]
    editor: str | None = None
    keywords: str | None = None


def split_footer(lines: list[int], norm: list[str]) -> Footer:
    """Cut a document's footer: from the first editor/keywords/related/footer line on.

    A share bar or other chrome between paragraphs (a photo caption, a reporter line, a
    continuation mark…: :func:`~cppcc.corpus.classify.line_chrome`) is dropped with its reason
    without ending the document; lines after a related-news heading are related news.

    Examples
    --------
    >>> norm = ["正文。", "分享到：", "（上接第一版）", "正文二。", "编辑：付振强", "相关新闻", "某新闻"]
    >>> f = split_footer(list(range(7)), norm)
    >>> f.kept, f.editor
    ([0, 3], '付振强')
    >>> f.dropped
    {1: 'share bar', 2: 'continuation mark', 4: 'editor line', 5: 'related-news', 6: 'related-news'}
    """
    reasons = [footer_reason(norm[i].strip()) for i in lines]
    cut = next((k for k, r in enumerate(reasons) if r not in (None, "share bar")), len(lines))
    out = Footer(kept=[], dropped={})
    for i, reason in zip(lines[:cut], reasons[:cut]):
        reason = reason or line_chrome(norm[i].strip())
        if reason is None:
            out.kept.append(i)
        else:
            out.dropped[i] = reason
    related = False
    for i, reason in zip(lines[cut:], reasons[cut:]):
        s = norm[i].strip()
        if reason == "editor line" and out.editor is None:
            m = EDITOR.match(s)
            out.editor = field_value(s, m.group(1)) if m else None
        if reason == "keywords line" and out.keywords is None:
            out.keywords = "、".join(re.split(r"[\s,，、;；]+", KEYWORDS.match(s).group(2).strip())) or None
        related = related or reason == "related-news"
        out.dropped[i] = reason or ("related-news" if related else "footer")
    return out


def front_matter(texts: list[str], speaker: str | None, headline: list[str] | None = None
                 ) -> tuple[list[str], list[str], list[str]]:
    """Read a document's first lines as headline, summary and the speaker's name line.

    Parameters
    ----------
    texts : list of str
        The document's lines after its header, normalised and stripped.
    speaker : str or None
        The speaker's name from the header (None: no front matter, everything is body).
    headline : list of str, optional
        Headline lines already found above the header (a dashed byline under its headline).

    Returns
    -------
    (fields, headline, summary)
        ``fields[k]`` is the field of ``texts[k]`` (``headline``, ``summary``, ``name``, ``date``
        for a date in brackets) for the front lines; the body starts at ``texts[len(fields)]``.
        A labelled summary (提要：) loses its label; before a name line, unlabelled lines after
        the headline are summary.

    Examples
    --------
    >>> front_matter(["标题", "提要：概要。", "李四", "正文。"], "李四")
    (['headline', 'summary', 'name'], ['标题'], ['概要。'])
    >>> front_matter(["标题", "李四", "提要：概要。", "正文。"], "李四")
    (['headline', 'name', 'summary'], ['标题'], ['概要。'])
    """
    fields: list[str] = []
    headline = list(headline or [])
    summary: list[str] = []
    if speaker is None:
        return fields, headline, summary
    name = compact(speaker)
    name_at = next((k for k, s in enumerate(texts[:8]) if compact(s) == name), None)
    for k, s in enumerate(texts):
        if k == name_at:
            fields.append("name")
            nxt = texts[k + 1] if k + 1 < len(texts) else ""
            if not summary and SUMMARY.match(nxt):
                summary.append(SUMMARY.sub("", nxt).strip())
                fields.append("summary")
            break
        if bracket_date(s):
            fields.append("date")
            continue
        if SUMMARY.match(s):
            summary.append(SUMMARY.sub("", s).strip())
        elif not summary and len(headline) < 3 and looks_headline(s) and not _NUMBERED.match(s):
            headline.append(s)
            fields.append("headline")
            continue
        elif name_at is not None:
            summary.append(s)
        else:
            break
        fields.append("summary")
    return fields, headline, summary


@dataclass
class Documents:
    """A page's documents, the fate of every classified line, and the page's footer fields."""

    speeches: list[Speech]
    fate: dict[int, Fate]
    editor: str | None = None
    keywords: str | None = None
    warnings: list[str] = field(default_factory=list)


def _header_document(norm: list[str], block: Block, b: int, kept: list[int], fate: dict[int, Fate],
                     ctx: Context) -> Speech:
    header = block.header
    sp = Speech(header=header)
    fate[block.start] = Fate("header", None, b)
    above = [norm[block.headline_at].strip()] if block.headline_at is not None else []
    above += [header.title] if header.title else []
    if block.headline_at is not None:
        fate[block.headline_at] = Fate("headline", None, b)
    texts = [norm[i].strip() for i in kept]
    fields, sp.headline, sp.summary = front_matter(texts, header.speaker, above)
    fate.update({i: Fate(f, None, b) for i, f in zip(kept, fields)})
    sp.body = kept[len(fields):]
    dates = [(bracket_date(t), i) for t, f, i in zip(texts, fields, kept) if f == "date"]
    datelines = [(norm[i].strip(), i) for i, role in block.front if role == "dateline"]
    sp.meta = header_meta(header, block.start, ctx, dates, datelines)
    return sp


def _single_document(norm: list[str], block: Block, kept: list[int], ctx: Context, layout: Layout) -> Speech:
    sp = Speech(header=None, body=kept)
    sp.headline = [norm[i].strip() for i, role in block.front if role == "headline"]
    sp.meta = single_meta(norm, block.front, kept, ctx, layout.cues)
    sp.trim = {i: n for i, n in layout.trim.items() if i in kept}
    return sp


def attendees(lines: list[str]) -> list[str]:
    """The officials named after their position in lines that tell who attended, presided or spoke
    (出席, 参加, 主持, 讲话…): an attendee list, a news report's lead.

    Examples
    --------
    >>> attendees(["县政协主席高世忠，副主席李明、王芳出席会议。", "会议指出，要加强协商。"])
    ['高世忠', '李明', '王芳']
    """
    out: list[str] = []
    for s in lines:
        if _ATTENDING.search(s):
            out.extend(n for _, n in officials_in(s) if n not in out)
    return out


def _officials(norm: list[str], sp: Speech, front: list[int]) -> list[str]:
    """Every official a document names in its header, byline, dateline, front matter, lead and
    attendee lists: the speaker first."""
    names = [sp.meta.speaker] if sp.meta.speaker else []
    names += sp.meta.officials
    names += [n for i in front for _, n in cppcc_officials(norm[i])]
    body = [norm[i] for i in sp.body]
    names += attendees(body[:2] + [s for s in body[2:] if len(s) < 300])
    return list(dict.fromkeys(n for n in names if n))


def build_documents(norm: list[str], layout: Layout, unit: str | None = None,
                    manifest_date: str | None = None) -> Documents:
    """Phase 4: split each document range of ``layout`` into its parts and find its metadata.

    Parameters
    ----------
    norm : list of str
        The page's normalised lines.
    layout : Layout
        The classified page (:func:`~cppcc.corpus.classify.classify_lines`).
    unit : str, optional
        The manifest's ``unit`` for the page (``sources.csv``), used as context and where the
        text names no unit.
    manifest_date : str, optional
        The manifest's ``date`` for the page, used where the page shows no date.

    Examples
    --------
    >>> from cppcc.corpus.classify import classify_lines
    >>> norm = ["河南省政协主席刘伟：", "标题", "刘伟", "正文。", "编辑：某某"]
    >>> docs = build_documents(norm, classify_lines(norm, norm))
    >>> sp = docs.speeches[0]
    >>> sp.headline, sp.body, docs.editor, [docs.fate[i].field or docs.fate[i].reason for i in range(5)]
    (['标题'], [3], '某某', ['header', 'headline', 'name', 'body', 'editor line'])
    >>> sp.meta.doc_type, sp.meta.place["adcode"]
    ('speech', '410000')
    """
    docs = Documents(speeches=[], fate=dict(layout.fate))
    fate = docs.fate
    lead_at = layout.where.get("lead")
    ctx = Context(title=layout.title, date=layout.date, unit=unit, page_date=layout.page_date,
                  manifest_date=manifest_date,
                  lead=(norm[lead_at].strip(), lead_at) if lead_at is not None else None)
    wraps = hard_wraps(norm)
    for b, block in enumerate(layout.blocks):
        lines = [i for i in range(block.start + 1, block.end) if norm[i].strip() and i not in fate]
        foot = split_footer(lines, norm)
        fate.update({i: Fate(None, r, b) for i, r in foot.dropped.items()})
        docs.editor = docs.editor or foot.editor
        docs.keywords = docs.keywords or foot.keywords
        if block.header is not None:
            sp = _header_document(norm, block, b, foot.kept, fate, ctx)
        else:
            sp = _single_document(norm, block, foot.kept, ctx, layout)
        fate.update({i: Fate("body", None, b) for i in sp.body})
        sp.joined = {i for i in sp.body if wraps[i] and i - 1 in sp.body}
        front = [i for i, _ in block.front] + ([block.start] if block.header is not None else [])
        sp.meta.officials = _officials(norm, sp, front)
        docs.warnings.extend(sp.meta.warnings)
        docs.speeches.append(sp)
    return docs


def audit_rows(original: list[str], norm: list[str], fate: dict[int, Fate]) -> list[dict]:
    """One audit row per non-blank line (``line`` 1-based, ``original`` stripped, ``field`` or
    ``reason``, ``speech`` the 0-based document or None), in line order.

    Examples
    --------
    >>> audit_rows(["x", "", "y"], ["x", "", "y"], {0: Fate("body", None, 0)})[1]["reason"]
    'unclassified'
    """
    rows = []
    for i, s in enumerate(original):
        if not (s.strip() or norm[i].strip()):
            continue
        f = fate.get(i, Fate(None, "unclassified"))
        rows.append({"line": i + 1, "original": s.strip(), "field": f.field, "reason": f.reason,
                     "speech": f.doc})
    return rows
