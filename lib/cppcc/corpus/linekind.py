"""Line kinds: what one normalised line of a page is by its own shape — page chrome (navigation, a
breadcrumb, a share bar, a footer, the chrome of :mod:`cppcc.cleaning`), a date or source line, running
text or a headline. Each predicate reads one line; the classify and front phases put them together."""
from __future__ import annotations

import re

from ..cleaning import chrome_reason, paywall_reason
from ..common import SENTENCE_END

__all__ = ["compact", "ends_sentence", "is_navigation", "is_breadcrumb", "footer_reason", "line_chrome",
           "paragraph_like", "looks_headline", "iso_date", "preamble_kind", "SOURCE", "EDITOR", "KEYWORDS",
           "SUMMARY"]

_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})(?!\d)")
# a two-digit year before a clock time (时间:15-02-11 09:43)
#: a day-first stamp with a clock time (18.02.2020  12:01)
_DMY_STAMP = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\s+\d{1,2}:\d{2}")
_SHORT_DATE = re.compile(r"(?<![\d\-/.])(\d{2})-(\d{1,2})-(\d{1,2})\s+\d{1,2}:\d{2}")
SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜/]+)")
_SOURCE_LINE = re.compile(r"^[【\[]?\s*(来源|稿源|出处)\s*[:：]")
_SHARE = re.compile(r"^[【\[]?\s*(分享到|分享|字号|打印|收藏|关闭窗口|纠错)")
_CRUMB_LEAD = re.compile(r"^(当前位置|您的位置|您现在的位置|你的位置|所在位置)\s*[:：]")
_CRUMB_SEP = re.compile(r"\s*[>›»＞→]\s*")
_CRUMB_MARK = re.compile(r"[>›»＞→]")
EDITOR = re.compile(r"^[【\[(（]?\s*(责任编辑|编辑|责编|编审|审核|审校|校对)\s*[:：]\s*(.*?)"
                    r"\s*[】\])）]?\s*$")
KEYWORDS = re.compile(r"^[【\[]?\s*(关键词|关键字|标签|tags?)\s*[:：]\s*(.*?)\s*[】\]]?$", re.I)
_RELATED = re.compile(r"^[【\[]?\s*(相关新闻|相关阅读|相关文章|相关报道|相关链接|延伸阅读|推荐阅读|"
                      r"热点推荐|热门推荐|更多新闻|更多阅读|热门文章|猜你喜欢|精彩推荐)")
_FOOTER = re.compile(r"(客户端下载|扫一扫|扫描二维码|版权所有|copyright|©|icp备|公网安备|联系我们|"
                     r"关于我们|网站地图|返回顶部|上一篇|下一篇|打印本页|关闭窗口|违法和不良信息举报)", re.I)
# _FOOTER in two: its Chinese words (the engine skips to their first characters) and its Latin ones (tried
# only where a c or an i occurs); a line matches _FOOTER when it matches either
_FOOTER_HAN = re.compile("|".join(w for w in _FOOTER.pattern[1:-1].split("|") if not w[0].isascii()), re.I)
_FOOTER_LATIN = re.compile("|".join(w for w in _FOOTER.pattern[1:-1].split("|") if w[0].isascii()), re.I)
_FOOTER_LATIN_FIRST = re.compile("[" + "".join({w[0] for w in _FOOTER_LATIN.pattern.split("|")}) + "]", re.I)
SUMMARY = re.compile(r"^[【\[]?\s*(提要|内容提要|摘要|导读|导语)\s*[】\]]?\s*[:：]\s*")
_RUNNING_PUNCT = re.compile(r"[。，；！？]")


def compact(s: str) -> str:
    """``s`` without any whitespace."""
    return "".join(s.split())  # str.split and re's \s agree on what is whitespace


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
    if not _CRUMB_MARK.search(line):  # no separator: one part
        return False
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
    if n > 80:  # longer than every footer line: a paragraph (the lengths are checked before the patterns)
        return None
    if n <= 40 and EDITOR.match(line):
        return "editor line"
    if KEYWORDS.match(line):
        return "keywords line"
    if n <= 30 and _RELATED.match(line):
        return "related-news"
    if n <= 60 and (_FOOTER_HAN.search(line)
                    or (_FOOTER_LATIN_FIRST.search(line) and _FOOTER_LATIN.search(line))):
        return "footer"
    if n <= 30 and _SHARE.match(line):
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
    >>> iso_date("来源:原创  时间:15-02-11 09:43")  # a two-digit year only before a clock time
    '2015-02-11'
    >>> iso_date("18.02.2020  12:01")  # day first, only before a clock time
    '2020-02-18'
    """
    if "19" not in line and "20" not in line and ("-" not in line or ":" not in line):
        return None  # every date holds a year 19xx/20xx, or a two-digit one with - and a clock time's :
    m = _DATE.search(line)
    if not m and (dmy := _DMY_STAMP.search(line)):
        d, mo, y = (int(g) for g in dmy.groups())
        return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
    if not m and (short := _SHORT_DATE.search(line)):
        y, mo, d = (int(g) for g in short.groups())
        return f"{2000 + y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


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
    if n <= 80 and iso_date(line):
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
