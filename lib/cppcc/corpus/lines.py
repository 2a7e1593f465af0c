"""Phase 2, lines: a decoded page to its text lines (HTML through BeautifulSoup), with the
elements removed from the DOM and the reason for each, and each line repaired: converter pinyin,
injected spam phrases and paywall marks cut (:mod:`cppcc.cleaning`), every repair noted."""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from ..cleaning import cut_paywall, replace_kunjinkao, spam_reason, strip_marks, strip_pinyin
from ..cleaning.base import simple as _simple
from ..cleaning.pinyin import _PINYIN_OPEN
from ..cleaning.spam import _no_spam_in, repeated_suffix
from ..cleaning.toc import _PAYWALL_HINT
from ..normalize import normalize_lines, normalize_text, simplified_lines, to_simplified
from .classify import HEADER
from .decode import looks_html, script_of

__all__ = ["Lines", "Repair", "split_lines", "html_lines", "repair_line", "page_lines"]

_DROP_TAGS = {
    "script": "script", "noscript": "script", "style": "style", "template": "script",
    "iframe": "embedded object", "object": "embedded object", "embed": "embedded object",
    "canvas": "embedded object", "svg": "embedded object", "form": "form", "button": "form",
    "select": "form", "textarea": "form", "input": "form", "nav": "navigation", "aside": "sidebar",
    "footer": "footer", "header": "page header", "menu": "navigation",
}
_CLASS_REASON = [  # tokens of class/id attributes that mark page chrome
    ({"nav", "navbar", "navigation", "menu", "menubar", "topnav", "subnav"}, "navigation"),
    ({"breadcrumb", "breadcrumbs", "crumb", "crumbs", "weizhi", "dqwz"}, "breadcrumb"),
    ({"share", "bdshare", "bdsharebuttonbox", "sharebar", "fenxiang", "social"}, "share bar"),
    ({"related", "relate", "relevant", "recommend", "xgxw", "xgwz", "tuijian", "hot", "hotnews", "more"},
     "related-news"),
    ({"footer", "foot", "copyright", "banquan"}, "footer"),
    ({"sidebar", "side", "aside", "ad", "ads", "advert", "advertisement", "banner"}, "sidebar"),
    ({"comment", "comments", "pinglun"}, "comments"),
]
_BLOCK_TAGS = ["p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th",
               "table", "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl", "center",
               "figure", "figcaption", "hr", "title", "address"]


@dataclass
class Repair:
    """What :func:`repair_line` did to one line: the repaired ``text``, the number of ``pinyin``
    brackets removed, the ``spam`` phrases, the ``paywall`` mark cut off (None if none) and the
    continuation ``marks`` (（上接第一版）…) cut from a paragraph they were glued to, and the number of
    ``mojibake`` runs (锟斤拷...) replaced by U+FFFD."""

    text: str
    pinyin: int = 0
    spam: list[str] = field(default_factory=list)
    paywall: str | None = None
    marks: list[str] = field(default_factory=list)
    mojibake: int = 0

    def note(self) -> str | None:
        """The repairs as one audit note (None without repairs)."""
        parts = ([f"pinyin ×{self.pinyin}"] if self.pinyin else []) + \
            ([f"spam: {'、'.join(self.spam)}"] if self.spam else []) + \
            ([f"paywall: {self.paywall}"] if self.paywall else []) + \
            ([f"continuation mark: {'、'.join(self.marks)}"] if self.marks else []) + \
            ([f"mojibake ×{self.mojibake} -> U+FFFD"] if self.mojibake else [])
        return "; ".join(parts) or None

    def reason(self) -> str | None:
        """Why the line is removed whole (all spam, only a paywall mark), or None."""
        if self.text.strip():
            return None
        return "spam" if self.spam else "paywall" if self.paywall else None


_LATIN = re.compile(r"[A-Za-z]")
# a character that one of repair_line's rules needs: 锟斤拷/烫烫烫/屯屯屯, a pinyin residue (?), a Latin
# letter (spam); a bracket that opens on a letter (pinyin); a bracket and 接/转/续 (a continuation mark)
_REPAIR_HINT = re.compile(r"[斤烫屯?？A-Za-z]")
_BRACKET = re.compile(r"[(（【\[]")


def _may_repair(line: str, spam: bool, suffix: str | None) -> bool:
    """False when :func:`repair_line` would leave ``line`` as it is (no rule can act on it): a page's
    other lines need no call."""
    if spam or _REPAIR_HINT.search(line) or (suffix and line.rstrip().endswith(suffix)):
        return True
    simple = _simple(line)  # what the paywall and continuation-mark rules read
    if _PAYWALL_HINT.search(simple):
        return True
    return bool(_BRACKET.search(line) and (_PINYIN_OPEN.search(line)
                                          or "接" in simple or "转" in simple or "续" in simple))


def repair_line(line: str, spam: bool = True, suffix: str | None = None) -> Repair:
    """Repair one source line: bracketed pinyin after characters (政協(xié)), injected spam phrases,
    a ``suffix`` the site glues to every paragraph (:func:`cppcc.cleaning.spam.repeated_suffix`),
    a trailing paywall mark and continuation marks glued to a paragraph (:func:`cppcc.cleaning.strip_marks`)
    are removed, and each run of mojibake 锟斤拷 becomes one U+FFFD
    (:func:`cppcc.cleaning.replace_kunjinkao`); the line's real text is kept. A line that is only a
    continuation mark is left to the chrome rules (reason ``continuation mark``). ``spam=False`` (the
    page holds no spam phrase: :func:`cppcc.cleaning.spam.no_spam_phrases`) looks for spam only in a
    line with Latin letters.

    Examples
    --------
    >>> r = repair_line("政協(xié)常委會工作報告_澳門新葡京娛樂城官網")
    >>> r.text, r.note()
    ('政協常委會工作報告', 'pinyin ×1; spam: 澳門新葡京娛樂城官網')
    >>> repair_line("……（未完，全文共6800字）").reason()
    'paywall'
    >>> r = repair_line("（上接第一版）委员们提出了建议。")
    >>> r.text, r.note()
    ('委员们提出了建议。', 'continuation mark: （上接第一版）')
    >>> repair_line("（上接第一版）").note() is None
    True
    >>> repair_line("委员锟斤拷锟斤拷开展协商。").note()
    'mojibake ×1 -> U+FFFD'
    """
    text, bad = replace_kunjinkao(line)
    text, pinyin = strip_pinyin(text)
    if spam or _LATIN.search(text):  # spam=False: the page holds no phrase (no_spam_phrases)
        text, found = spam_reason(text)
    else:
        found = []
    if suffix and text.rstrip().endswith(suffix):  # a site mark glued to every paragraph
        text, found = text.rstrip()[:-len(suffix)], found + [suffix]
    text, mark = cut_paywall(text)
    kept, marks = strip_marks(text)
    if marks and kept.strip():
        text = kept
    else:
        marks = []
    return Repair(text=text, pinyin=pinyin, spam=found, paywall=mark, marks=marks, mojibake=bad)


@dataclass
class Lines:
    """A page as lines: what the classifier reads.

    ``original`` the text lines as in the source (HTML: the lines of the article text extracted
    from the DOM), ``text`` the same lines repaired (:func:`repair_line`), ``norm`` the repaired
    lines normalised (:func:`cppcc.normalize_text`), ``script`` the lines' script
    (:func:`~cppcc.corpus.decode.script_of`), ``repairs`` the :class:`Repair` of each
    repaired line (by index), ``removed`` the ``(line, reason)`` pairs of removed HTML elements,
    ``html_title`` the ``<title>`` text, ``format`` ``"text"`` or ``"html"``.
    """

    original: list[str]
    norm: list[str]
    format: str = "text"
    removed: list[tuple[str, str]] = field(default_factory=list)
    html_title: str | None = None
    text: list[str] = field(default_factory=list)
    repairs: dict[int, Repair] = field(default_factory=dict)
    script: str = "unknown"

    def dropped(self) -> dict[int, str]:
        """Lines the repairs removed whole, with the reason (``spam``, ``paywall``)."""
        return {i: r.reason() for i, r in self.repairs.items() if r.reason()}


def split_lines(text: str) -> list[str]:
    r"""Split at ``\r\n``, ``\r`` or ``\n`` (keeping empty lines).

    Examples
    --------
    >>> split_lines("一\r\n二\r三\n")
    ['一', '二', '三', '']
    """
    return re.split(r"\r\n|\r|\n", text)


def _holds_header(tag) -> bool:
    return any(_header_line(line) for line in tag.get_text("\n").split("\n"))


def _header_line(line: str) -> bool:
    if "政" not in line and "政" not in to_simplified(line):
        return False
    return HEADER.match(normalize_text(line).strip()) is not None


class _Inside:
    """What each element of a tree holds below it: an ``<h1>`` (found in one walk from the leaves), a
    speech header line (:func:`_holds_header`, found when first asked, each element once); so that no
    check walks an element's subtree again."""

    def __init__(self, root) -> None:
        from bs4 import Tag

        types = root.interesting_string_types
        self._takes = (lambda t: t is types) if isinstance(types, type) else (lambda t: t in types)
        self.h1: dict[int, bool] = {}
        self._header: dict[int, bool] = {}
        order, stack = [], [root]
        while stack:  # every element, parents before children; then children before parents
            el = stack.pop()
            order.append(el)
            stack.extend(c for c in el.contents if isinstance(c, Tag))
        for el in reversed(order):
            self.h1[id(el)] = any(c.name == "h1" or self.h1[id(c)] for c in el.contents if isinstance(c, Tag))

    def header(self, top) -> bool:
        """Whether a line of ``top``'s text is a speech header."""
        from bs4 import NavigableString, Tag

        if id(top) in self._header:
            return self._header[id(top)]
        order, stack = [], [top]
        while stack:
            el = stack.pop()
            order.append(el)
            stack.extend(c for c in el.contents if isinstance(c, Tag) and id(c) not in self._header)
        for el in reversed(order):
            found = False
            for c in el.contents:
                if isinstance(c, Tag):
                    found = self._header[id(c)]
                elif isinstance(c, NavigableString) and self._takes(type(c)):
                    found = any(_header_line(line) for line in str(c).split("\n"))
                if found:
                    break
            self._header[id(el)] = found
        return self._header[id(top)]


def _chrome_reason(tag, inside: _Inside | None = None, in_article: bool | None = None) -> str | None:
    """The removal reason for an HTML element, or None if it may hold article text.

    ``inside`` (what each element holds) and ``in_article`` (whether an ``<article>`` or ``<main>``
    encloses the element) spare the walks of its subtree and of its ancestors."""
    name = tag.name
    has_h1 = (lambda: tag.find("h1") is not None) if inside is None else (lambda: inside.h1[id(tag)])
    holds = (lambda: _holds_header(tag)) if inside is None else (lambda: inside.header(tag))
    if name in _DROP_TAGS:
        if in_article is None:
            in_article = tag.find_parent(["article", "main"]) is not None
        if name in ("header", "footer") and in_article:
            return None  # an article's own header/footer holds its title and date
        if name == "header" and has_h1():
            return None
        return _DROP_TAGS[name]
    if name in ("html", "body", "article", "main"):
        return None
    attrs = getattr(tag, "attrs", None) or {}
    values = list(attrs.get("class") or []) + [attrs.get("id") or ""]
    tokens = {t for v in values for t in re.split(r"[-_\s]+", str(v).lower()) if t}
    for marks, reason in _CLASS_REASON:
        if tokens & marks:
            # a class name is only a hint: never drop an element that holds the article
            if has_h1() or holds():
                return None
            return reason
    return None


def _block_lines(el) -> list[str]:
    """The text of an element as lines: block elements and ``<br>`` break lines, inline ones don't.

    ``el.get_text("")`` with a line break before and after every block element below ``el`` and for
    every ``<br>`` (the strings ``get_text`` takes: those of ``el``'s own string types), walked once:
    time linear in the element's size, whatever its depth.
    """
    from bs4 import NavigableString, Tag

    if isinstance(el, NavigableString):  # comments included
        return [s.strip() for s in str(el).splitlines() if s.strip()]
    types = el.interesting_string_types
    takes = (lambda t: t is types) if isinstance(types, type) else (lambda t: t in types)
    nl = "\n" if takes(NavigableString) else ""
    blocks = frozenset(_BLOCK_TAGS)
    parts: list[str] = []
    stack: list = [(el, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            parts.append(nl)
        elif isinstance(node, Tag):
            if node is not el and node.name == "br":
                parts.append(nl)
                continue
            if node is not el and node.name in blocks:
                parts.append(nl)
                stack.append((node, True))
            stack.extend((c, False) for c in reversed(node.contents))
        elif takes(type(node)):
            parts.append(str(node))
    return split_lines("".join(parts))


def html_lines(text: str) -> tuple[list[str], list[tuple[str, str]], str | None]:
    """Lines of an HTML page's article text, the removed ``(line, reason)`` pairs, the ``<title>``.

    Scripts, styles, comments and the ``<head>`` go; so do elements that are page chrome by
    their tag (``nav``, ``aside``, ``footer``…) or class/id (``breadcrumb``, ``share``…), unless
    they hold the article (an ``<h1>`` or a speech header).

    Examples
    --------
    >>> html_lines("<html><head><title>T</title></head><body><nav>首页</nav><p>正文</p></body></html>")
    (['', '正文', ''], [('T', 'html head'), ('首页', 'navigation')], 'T')
    """
    from bs4 import BeautifulSoup, Comment, Tag

    with warnings.catch_warnings():  # bs4's hints (text that looks like a URL or XML) are not ours
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, "lxml")
    removed: list[tuple[str, str]] = []

    def drop(el, reason: str) -> None:
        el.extract()
        removed.extend((line.strip(), reason) for line in _block_lines(el) if line.strip())

    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        drop(c, "html comment")
    for el in soup.find_all(["script", "noscript", "style", "template"]):
        drop(el, _DROP_TAGS[el.name])
    title = None
    head = soup.find("head")
    if head is not None:
        t = head.find("title")
        title = t.get_text(" ", strip=True) if t is not None else None
        drop(head, "html head")
    # every element in document order, the inside of a removed one skipped, what each holds found in
    # one walk: linear in the page's size, whatever its depth
    inside = _Inside(soup)
    stack = [(c, False) for c in reversed(soup.contents) if isinstance(c, Tag)]
    while stack:
        el, in_article = stack.pop()
        reason = _chrome_reason(el, inside, in_article)
        if reason is not None:
            drop(el, reason)
        else:
            below = in_article or el.name in ("article", "main")
            stack.extend((c, below) for c in reversed(el.contents) if isinstance(c, Tag))
    return _block_lines(soup), removed, title


def page_lines(text: str, html: bool = False) -> Lines:
    """Phase 2: a decoded page's text to :class:`Lines` (HTML if ``html`` or if it looks so).

    Examples
    --------
    >>> lines = page_lines("河南省政協主席劉偉:\\n\\n正文,一段。")
    >>> lines.format, lines.norm
    ('text', ['河南省政协主席刘伟：', '', '正文，一段。'])
    >>> page_lines("委(wei)員會").repairs[0].note()
    'pinyin ×1'
    """
    if html or looks_html(text):
        original, removed, title = html_lines(text)
        fmt = "html"
    else:
        original, removed, title, fmt = split_lines(text), [], None, "text"
    simple = simplified_lines(original)  # one conversion; the repairs' rules read it from the memo
    # no_spam_phrases(original), on the conversions at hand (a line whose conversion changed its length
    # is read as it is, as the rules read it)
    same = list(map(len, original)) == list(map(len, simple))
    spam = not _no_spam_in("\n".join(simple if same else (t if len(t) == len(s) else s
                                                             for s, t in zip(original, simple))))
    suffix = repeated_suffix(original)
    repairs = {i: r for i, s in enumerate(original)
               if s.strip() and _may_repair(s, spam, suffix) and (r := repair_line(s, spam, suffix)).note()}
    fixed = [repairs[i].text if i in repairs else s for i, s in enumerate(original)]
    if title:
        title = repair_line(title).text
    norm = normalize_lines(fixed)
    simplified_lines(norm)  # every later rule reads a normalised line's Simplified form from the memo
    return Lines(original=original, norm=norm, format=fmt, removed=removed, html_title=title, text=fixed,
                 repairs=repairs, script=script_of(original, simple))
