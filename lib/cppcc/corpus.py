"""Load captured web pages of CPPCC speeches into tidy tables.

A *page* is one captured web page (a ``.txt`` dump or an ``.htm``/``.html`` file) that holds one
or more speeches. The loader decodes it (byte-order marks, an HTML ``<meta charset>``, UTF-8, then
``charset-normalizer``), turns HTML into text lines with BeautifulSoup, and classifies every
non-blank line: page chrome (SEO spam, navigation, breadcrumb, share bar, footer, editor and
keywords lines, related-news lists), page metadata (title, date/source line) and, for each speech,
its header (``<region>政协<position><name>:``), headline, summary (提要), the speaker's name line
and the body. :func:`cleaning_audit` shows the fate of every line, so nothing is dropped silently.

Speech headers are recognised by their shape, not by the seed: the region before ``政协`` is
resolved against China's administrative divisions (:func:`cppcc.divisions.division_table`), so
provinces, autonomous regions, municipalities, prefecture-level units (cities, 自治州, 地区, 盟) and
county-level units (counties, districts, county-level cities, 旗, 自治县) all work, with the
canonical Simplified names taken from the table.

Public functions
----------------
:func:`load_speeches`  one row per speech
:func:`load_pages`     one row per page
:func:`cleaning_audit` one row per non-blank source line
"""
from __future__ import annotations

import codecs
import functools
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

import pandas as pd

from .normalize import is_cjk, normalize_text, to_simplified

__all__ = [
    "CorpusError", "CorpusWarning", "load_speeches", "load_pages", "cleaning_audit",
    "SPEECH_COLUMNS", "PAGE_COLUMNS", "AUDIT_COLUMNS", "corpus_dir", "resolve_region",
]

SUFFIXES = (".txt", ".htm", ".html")

SPEECH_COLUMNS = [
    "doc_id", "source_file", "speech", "page_title", "date", "speaker", "position", "region",
    "province", "prefecture", "county", "level", "headline", "summary", "text", "text_original",
]
PAGE_COLUMNS = [
    "file", "format", "encoding", "script", "title", "date", "publisher", "editor", "keywords",
    "n_speeches", "n_lines",
]
AUDIT_COLUMNS = ["file", "line", "original", "field", "reason", "doc_id"]

Errors = Literal["raise", "warn"]


class CorpusError(Exception):
    """A corpus file could not be read; the message names the file and the problem."""


class CorpusWarning(UserWarning):
    """Something in a page was odd but the page still loaded (or was skipped with ``errors="warn"``)."""


# --------------------------------------------------------------------------------------------
# Locating files
# --------------------------------------------------------------------------------------------

def corpus_dir() -> Path:
    """The repository's ``corpus/`` directory.

    Looked for next to the package (``lib/cppcc/../../corpus``), then in the working directory
    and its parent (notebooks run from ``notebooks/``).

    Raises
    ------
    CorpusError
        If none of these places has a ``corpus/`` directory.

    Examples
    --------
    >>> corpus_dir().name
    'corpus'
    """
    tried = [Path(__file__).resolve().parents[2] / "corpus", Path.cwd() / "corpus", Path.cwd().parent / "corpus"]
    for cand in tried:
        if cand.is_dir():
            return cand
    raise CorpusError("no corpus directory found (looked in " + ", ".join(str(p) for p in tried)
                      + "); pass path= to name a directory or file")


def _find_files(path: str | Path | None) -> tuple[Path, list[Path]]:
    """(root, files): the directory that relative names are taken from, and the page files."""
    if path is None:
        root = corpus_dir()
    else:
        root = Path(path).expanduser()
        if not root.exists():
            raise CorpusError(f"{root}: no such file or directory")
    if root.is_file():
        return root.parent, [root]
    files = [p for p in root.rglob("*")
             if p.is_file() and p.suffix.lower() in SUFFIXES
             and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    if not files:
        raise CorpusError(f"{root}: directory contains no .txt, .htm or .html files")
    return root, sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _relative(p: Path, root: Path) -> str:
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.name


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
# declared names -> the superset codec that decodes what sites actually serve under that name
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "big5": "big5hkscs", "x-big5": "big5hkscs", "cp950": "big5hkscs"}
_LOOKS_HTML = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _decode(raw: bytes, where: str, html_hint: bool) -> tuple[str, str]:
    """Decode a page's bytes; returns (text, encoding) or raises :class:`CorpusError`."""
    if not raw.strip(b" \t\r\n\x00\x0b\x0c"):
        raise CorpusError(f"{where}: file is empty")
    text = enc = None
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text, enc = raw.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise CorpusError(f"{where}: starts with a {codec} byte-order mark but is not valid "
                                  f"{codec} ({exc.reason} at byte {exc.start})") from None
            break
    if text is None and b"\x00" in raw:
        raise CorpusError(f"{where}: looks like a binary file (contains NUL bytes), not a text or HTML page")
    if text is None and (html_hint or _LOOKS_HTML.match(raw[:2048].decode("latin-1"))):
        m = _META_CHARSET.search(raw[:8192])
        if m:
            declared = m.group(1).decode("ascii").lower()
            for codec in dict.fromkeys([_SUPERSET.get(declared, declared), declared]):
                try:
                    codecs.lookup(codec)
                    text, enc = raw.decode(codec), codec
                    break
                except (LookupError, UnicodeDecodeError):
                    continue
            if text is None:
                warnings.warn(f"{where}: declared charset {declared!r} does not decode the page; "
                              "detecting the encoding instead", CorpusWarning, stacklevel=5)
    if text is None:
        try:
            text, enc = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(raw).best()
            if best is None:
                raise CorpusError(f"{where}: cannot decode the file: not UTF-8 and no known "
                                  "encoding fits (is it binary?)") from None
            text, enc = str(best), best.encoding
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise CorpusError(f"{where}: file is empty (only whitespace after decoding as {enc})")
    bad = len(_BAD_CONTROL.findall(text))
    if bad > max(2, len(text) // 100):
        raise CorpusError(f"{where}: decoded as {enc} but {bad} characters are control or replacement "
                          "characters; the file looks binary or wrongly encoded")
    if not any(is_cjk(ch) for ch in text):
        raise CorpusError(f"{where}: contains no Chinese characters (decoded as {enc}); not a page of speeches")
    return text, enc


# --------------------------------------------------------------------------------------------
# HTML -> lines
# --------------------------------------------------------------------------------------------

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


def _chrome_reason(tag) -> str | None:
    """The removal reason for an HTML element, or None if it may hold article text."""
    name = tag.name
    if name in _DROP_TAGS:
        if name in ("header", "footer") and tag.find_parent(["article", "main"]) is not None:
            return None  # an article's own header/footer holds its title and date
        if name == "header" and tag.find("h1") is not None:
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
            if tag.find("h1") is not None or any(
                    _HEADER.match(normalize_text(line).strip()) for line in tag.get_text("\n").split("\n")
                    if "政" in line or "政" in to_simplified(line)):
                return None
            return reason
    return None


def _block_lines(el) -> list[str]:
    """The text of an element as lines: block elements and ``<br>`` break lines, inline ones don't."""
    from bs4 import Comment, NavigableString

    if isinstance(el, Comment):
        return [s.strip() for s in str(el).splitlines() if s.strip()]
    if isinstance(el, NavigableString):
        return [s.strip() for s in str(el).splitlines() if s.strip()]
    for br in el.find_all("br"):
        br.replace_with("\n")
    for blk in el.find_all(_BLOCK_TAGS):
        blk.insert_before("\n")
        blk.insert_after("\n")
    return _split_lines(el.get_text(""))


def _html_lines(text: str) -> tuple[list[str], list[tuple[str, str]], str | None]:
    """(lines of the article text, removed (line, reason) pairs, the <title> text)."""
    from bs4 import BeautifulSoup, Comment

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
    for el in list(soup.find_all(True)):
        if el.decomposed or (el.parent is None and el is not soup):
            continue
        # skip elements inside an already removed subtree
        root = el
        while root.parent is not None:
            root = root.parent
        if root is not soup:
            continue
        reason = _chrome_reason(el)
        if reason is not None:
            drop(el, reason)
    return _block_lines(soup), removed, title


# --------------------------------------------------------------------------------------------
# Administrative divisions
# --------------------------------------------------------------------------------------------

class _Unit(NamedTuple):
    name: str
    province: str
    prefecture: str | None
    county: str | None
    level: str
    adcode: str


_RANK = {"province": 0, "prefecture": 1, "county": 2}
_ETHNIC = sorted(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 "
    "裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split(), key=len, reverse=True)
_AUTONOMOUS = re.compile(r"^(.+?)(?:(?:%s)族)+自治(州|县|旗)$" % "|".join(_ETHNIC))
_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")


@functools.lru_cache(maxsize=1)
def _division_index() -> tuple[dict[str, list[tuple[_Unit, bool]]], int]:
    """Lookup key -> [(unit, is_alias)], and the longest key. Built once from the division table.

    Keys are the names run through :func:`to_simplified`, exactly like the headers, so that a
    character OpenCC converts wrongly in a place name (乾县 -> 干县) still matches and the
    canonical name comes from the table.
    """
    from .divisions import division_table

    t = division_table()
    units = [_Unit(*row) for row in t[["name", "province", "prefecture", "county", "level", "adcode"]]
             .itertuples(index=False, name=None)]
    keys = to_simplified("\n".join(u.name for u in units)).split("\n")
    index: dict[str, list[tuple[_Unit, bool]]] = {}

    def add(key: str, unit: _Unit, alias: bool) -> None:
        if len(key) >= 2:
            index.setdefault(key, []).append((unit, alias))

    for unit, key in zip(units, keys):
        add(key, unit, False)
        if key != unit.name:
            add(unit.name, unit, False)
        if unit.level == "province":
            short = _PROVINCE_SUFFIX.sub("", key)
            add(short, unit, True)
            if key.endswith("自治区"):
                add(short + "自治区", unit, True)
        m = _AUTONOMOUS.match(key)
        if m:
            add(m.group(1) + m.group(2), unit, True)
    return index, max(map(len, index))


@functools.lru_cache(maxsize=1)
def _name_chars() -> frozenset[str]:
    """Every character used in a division name (or its lookup key)."""
    return frozenset("".join(_division_index()[0]))


@functools.lru_cache(maxsize=1)
def _masked_index() -> dict[str, list[tuple[_Unit, bool]]]:
    """Lookup keys with one character replaced by ``?`` (for variant characters), built on demand."""
    out: dict[str, list[tuple[_Unit, bool]]] = {}
    for key, hits in _division_index()[0].items():
        for j in range(len(key)):
            out.setdefault(key[:j] + "?" + key[j + 1:], []).extend(hits)
    return out


def _is_child(child: _Unit, parent: _Unit) -> bool:
    if _RANK[child.level] <= _RANK[parent.level] or child.province != parent.province:
        return False
    return parent.level != "prefecture" or child.prefecture == parent.name


# Variant characters that OpenCC's t2s leaves alone, as they occur in place names (陜西 for 陕西).
# :func:`to_simplified` maps most of them through :data:`cppcc.normalize.VARIANTS`; this table is
# a safety net used only to look names up (the canonical names always come from the division
# table). Variants in neither fall back to a match that lets one character per name differ,
# accepted only when it is unambiguous.
_NAME_VARIANTS = str.maketrans({
    "陜": "陕", "衞": "卫", "鄕": "乡", "兾": "冀", "蘓": "苏", "囯": "国", "寕": "宁", "寜": "宁", "寍": "宁",
    "峩": "峨", "嶋": "岛", "覇": "霸", "徳": "德", "汚": "污",
})


def resolve_region(region: str) -> dict:
    """Resolve a region as written before 政协 in a speech header to canonical division names.

    The region is segmented into a chain of division names (e.g. 安徽省 + 蚌埠市 + 蚌山区), each
    one a child of the one before. An ambiguous name (朝阳区 exists in 北京市 and in 长春市) is
    resolved by its parent in the header; if it stays ambiguous, only the fields on which all
    candidates agree are filled.

    Parameters
    ----------
    region : str
        The region text, Traditional or Simplified.

    Returns
    -------
    dict
        ``region`` (the header's naming with the table's characters), ``province``,
        ``prefecture``, ``county``, ``level`` (None where unknown) and ``status``:
        ``"ok"``, ``"ambiguous"`` or ``"unknown"``.

    Examples
    --------
    >>> r = resolve_region("安徽省蚌埠市蚌山區")
    >>> r["province"], r["prefecture"], r["county"], r["level"]
    ('安徽省', '蚌埠市', '蚌山区', 'county')
    >>> resolve_region("北京市")["level"]
    'province'
    >>> resolve_region("朝阳区")["status"]
    'ambiguous'
    """
    index, longest = _division_index()
    s = re.sub(r"\s+", "", to_simplified(region)).translate(_NAME_VARIANTS)
    paths: list[tuple[int, list[_Unit], list[str]]] = []  # (alias count, units, pieces as named)

    def walk(pos: int, chain: list[_Unit], pieces: list[str], aliases: int) -> None:
        if pos == len(s):
            if chain:
                paths.append((aliases, chain, pieces))
            return
        for n in range(min(longest, len(s) - pos), 1, -1):
            for unit, alias in index.get(s[pos:pos + n], ()):
                if chain and not _is_child(unit, chain[-1]):
                    continue
                walk(pos + n, chain + [unit], pieces + [s[pos:pos + n] if alias else unit.name],
                     aliases + alias)

    walk(0, [], [], 0)
    note = None
    if not paths:
        # a variant character that OpenCC leaves alone (陜 for 陕) appears in no canonical name:
        # let each such character stand for any one character of a name, and say so
        strange = [ch for ch in s if ch not in _name_chars()]
        if strange:
            masked = _masked_index()
            s_masked = "".join("?" if ch in strange else ch for ch in s)

            def walk_masked(pos: int, chain: list[_Unit], pieces: list[str], aliases: int) -> None:
                if pos == len(s_masked):
                    if chain:
                        paths.append((aliases, chain, pieces))
                    return
                for n in range(min(longest, len(s_masked) - pos), 1, -1):
                    sub = s_masked[pos:pos + n]
                    hits = index.get(sub, ()) if "?" not in sub else \
                        (masked.get(sub, ()) if sub.count("?") == 1 else ())
                    for unit, alias in hits:
                        if chain and not _is_child(unit, chain[-1]):
                            continue
                        walk_masked(pos + n, chain + [unit], pieces + [s[pos:pos + n] if alias else unit.name],
                                    aliases + alias)

            walk_masked(0, [], [], 0)
            if len({p[1][-1] for p in paths}) > 1:
                paths.clear()  # the variant could stand for more than one name: don't guess
            if paths:
                note = "read the variant character(s) " + "".join(dict.fromkeys(strange)) + " as in the table"
    out = {"region": s or None, "province": None, "prefecture": None, "county": None, "level": None,
           "status": "unknown", "note": note}
    if not paths:
        return out
    fewest = min(p[0] for p in paths)
    paths = [p for p in paths if p[0] == fewest]
    # a municipality is listed as province and again as its own prefecture: keep the higher level
    finals = {p[1][-1] for p in paths}
    finals = {u for u in finals if not any(v is not u and v.name == u.name and _RANK[v.level] < _RANK[u.level]
                                           and v.province == u.province for v in finals)}
    keep = [p for p in paths if p[1][-1] in finals]
    out["region"] = "".join(keep[0][2])
    fields = {}
    for col in ("province", "prefecture", "county", "level"):
        values = {getattr(u, col) for u in finals}
        fields[col] = values.pop() if len(values) == 1 else None
    if len(finals) > 1:
        # the unit itself is unknown: keep only the parents all candidates share, and the level
        levels = {u.level for u in finals}
        for col in ("province", "prefecture", "county"):
            if any(_RANK[col] >= _RANK[lv] for lv in levels):
                fields[col] = None
    out.update(fields)
    out["status"] = "ok" if len(finals) == 1 else "ambiguous"
    return out


# --------------------------------------------------------------------------------------------
# Line classification
# --------------------------------------------------------------------------------------------

_POSITION = r"(?:党组书记|党组副书记|党组成员|机关党组书记|常务副主席|专职副主席|副主席|主席|副秘书长|秘书长|常务委员|常委|委员)"
_HEADER = re.compile(
    rf"^(?P<region>[\u4e00-\u9fff\s]{{2,40}}?)\s*政协\s*"
    rf"(?P<position>{_POSITION}(?:\s*[、，,和兼]?\s*{_POSITION})*)\s*"
    r"(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff·•\s]{1,12}?)\s*(?:[（(](?P<note>[^（）()]{1,15})[）)])?\s*"
    r"(?P<colon>[:：])?\s*$"
)
# an unknown region still makes a header (with a warning) if it looks like a unit's name
_UNIT_SUFFIX = re.compile(r"(省|市|州|县|区|旗|盟|地区|兵团)$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})(?!\d)")
_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜/]+)")
_SOURCE_LINE = re.compile(r"^[【\[]?\s*(来源|稿源|出处)\s*[:：]")
_DATELINE_HINT = re.compile(r"来源|发布|时间|日期|\d{1,2}:\d{2}")
_SHARE = re.compile(r"^[【\[]?\s*(分享到|分享|字号|打印|收藏|关闭窗口|纠错)")
_CRUMB_LEAD = re.compile(r"^(当前位置|您的位置|您现在的位置|你的位置|所在位置)\s*[:：]")
_CRUMB_SEP = re.compile(r"\s*[>›»＞→]\s*")
_EDITOR = re.compile(r"^[【\[(（]?\s*(责任编辑|编辑|责编|编审|审核|审校|校对)\s*[:：]\s*(.*?)\s*[】\])）]?\s*$")
_KEYWORDS = re.compile(r"^[【\[]?\s*(关键词|关键字|标签|tags?)\s*[:：]\s*(.*?)\s*[】\]]?$", re.I)
_RELATED = re.compile(r"^[【\[]?\s*(相关新闻|相关阅读|相关文章|相关报道|相关链接|延伸阅读|推荐阅读|热点推荐|热门推荐|"
                      r"更多新闻|更多阅读|热门文章|猜你喜欢|精彩推荐)")
_FOOTER = re.compile(r"(客户端下载|扫一扫|扫描二维码|版权所有|copyright|©|icp备|公网安备|联系我们|关于我们|网站地图|"
                     r"返回顶部|上一篇|下一篇|打印本页|关闭窗口|违法和不良信息举报)", re.I)
_SUMMARY = re.compile(r"^[【\[]?\s*(提要|内容提要|摘要|导读|导语)\s*[】\]]?\s*[:：]\s*")
_SENTENCE_END = re.compile(r"[。！？!?；;]$")
_SPAM_WORDS = ("美女", "粉嫩", "极品", "国产", "无码", "有码", "欧美", "亚洲", "中文字幕", "东京热", "一本一道", "自拍",
               "自线拍", "偷拍", "精品", "av", "成人", "色情", "福利视频", "在线观看", "在线视频", "免费视频", "彩票",
               "博彩", "娱乐城", "赌场", "六合彩", "百家乐", "时时彩", "棋牌", "伦理", "激情", "人妻", "高清")


def _spam_score(line: str) -> int:
    low = line.lower()
    return sum(w in low for w in _SPAM_WORDS)


def _is_spam(line: str) -> bool:
    return _spam_score(line) >= 2


def _is_navigation(line: str) -> bool:
    tokens = line.split()
    return (len(tokens) >= 4 and all(len(t) <= 8 for t in tokens)
            and not re.search(r"[。，；！？]", line))


def _is_breadcrumb(line: str) -> bool:
    if _CRUMB_LEAD.match(line):
        return True
    parts = [p for p in _CRUMB_SEP.split(line) if p.strip()]
    return len(parts) >= 2 and len(_CRUMB_SEP.findall(line)) >= 1 and all(len(p) <= 12 for p in parts) \
        and not re.search(r"[。，；！？]", line)


def _footer_reason(line: str) -> str | None:
    """Why a line is page chrome that ends an article (editor, keywords, related news…), or None.

    Only anchored patterns or short lines count, so a body paragraph that merely mentions
    分享 or 版权所有 is not cut.
    """
    n = len(_compact(line))
    if _EDITOR.match(line) and n <= 40:
        return "editor line"
    if _KEYWORDS.match(line) and n <= 80:
        return "keywords line"
    if _RELATED.match(line) and n <= 30:
        return "related-news"
    if _FOOTER.search(line) and n <= 60:
        return "footer"
    if _SHARE.match(line) and n <= 30:
        return "share bar"
    return None


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _paragraph_like(line: str) -> bool:
    """A line of running text (not chrome): long, or a sentence of some length."""
    n = len(_compact(line))
    if _is_spam(line) or _is_navigation(line) or _is_breadcrumb(line):
        return False
    return n > 50 or (n > 20 and bool(_SENTENCE_END.search(line)))


def _looks_headline(line: str) -> bool:
    return (len(_compact(line)) <= 40 and not _SENTENCE_END.search(line) and not line.endswith(("：", ":"))
            and not _SUMMARY.match(line))


@dataclass
class _Header:
    region: str
    position: str
    speaker: str
    place: dict


def _match_header(line: str) -> _Header | None:
    """A speech header ``<region>政协<position><name>:`` (line already normalised), or None."""
    m = _HEADER.match(line.strip())
    if not m:
        return None
    place = resolve_region(m.group("region"))
    if place["status"] == "unknown" and not (m.group("colon") and _UNIT_SUFFIX.search(_compact(m.group("region")))):
        return None  # a region not in the table needs the colon and a unit's suffix (…市, …县, …兵团)
    position = re.sub(r"\s+", "", m.group("position")).replace(",", "、").replace("，", "、")
    return _Header(region=_compact(m.group("region")), position=position,
                   speaker=_compact(m.group("name").replace("•", "·")), place=place)


def _iso_date(line: str) -> str | None:
    m = _DATE.search(line)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


# --------------------------------------------------------------------------------------------
# Page parsing
# --------------------------------------------------------------------------------------------

@dataclass
class _Speech:
    header: _Header | None
    headline: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    body: list[int] = field(default_factory=list)  # line indices


@dataclass
class _Page:
    file: str
    stem: str
    format: str
    encoding: str
    script: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    editor: str | None = None
    keywords: str | None = None
    original: list[str] = field(default_factory=list)
    norm: list[str] = field(default_factory=list)
    speeches: list[_Speech] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    n_lines: int = 0


def _script(text: str) -> str:
    cjk = [ch for ch in text if is_cjk(ch)]
    if not cjk:
        return "unknown"
    sample = "".join(cjk[:20000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample)))
    return "traditional" if changed > max(2, len(sample) // 200) else "simplified"


def _parse_lines(page: _Page) -> None:
    """Classify every non-blank line of ``page.original`` and fill the page's speeches and audit."""
    orig, norm = page.original, page.norm
    fate: dict[int, tuple[str, str | None, int | None]] = {}  # line -> (kind, field/reason, speech)

    def keep(i: int, fld: str, sp: int | None = None) -> None:
        fate[i] = ("field", fld, sp)

    def drop(i: int, reason: str, sp: int | None = None) -> None:
        fate[i] = ("reason", reason, sp)

    nonblank = [i for i, s in enumerate(norm) if s.strip()]
    for i, s in enumerate(orig):  # e.g. a line of zero-width spaces: nothing left after clean-up
        if s.strip() and not norm[i].strip():
            drop(i, "invisible characters only")
    nonblank_all = [i for i, s in enumerate(orig) if s.strip() or norm[i].strip()]
    headers = []
    for i in nonblank:
        h = _match_header(norm[i])
        if h is not None:
            headers.append((i, h))
    if headers:
        first = headers[0][0]
    else:  # without headers, the page's head ends at the first line that reads like a paragraph
        first = next((i for i in nonblank if _paragraph_like(norm[i].strip())), len(norm))
    pre = [i for i in nonblank if i < first]

    # ---- page preamble: chrome and metadata
    kinds: dict[int, str] = {}
    dated = []
    for i in pre:
        s = norm[i].strip()
        if _is_spam(s):
            kinds[i] = "spam"
        elif _iso_date(s) and len(_compact(s)) <= 80:
            kinds[i] = "date"
            dated.append(i)
        elif _SOURCE_LINE.match(s) and len(_compact(s)) <= 40:
            kinds[i] = "source"
        elif _SHARE.match(s) and len(_compact(s)) <= 30:
            kinds[i] = "share bar"
        elif _is_breadcrumb(s):
            kinds[i] = "breadcrumb"
        elif _is_navigation(s):
            kinds[i] = "navigation"
        elif _footer_reason(s) in ("footer", "editor line", "keywords line"):
            kinds[i] = _footer_reason(s)
        else:
            kinds[i] = "?"
    # the article's date line: one that says 来源/发布/时间 or has a clock time, else the first
    # (a site header may show today's date before the article's own)
    if dated:
        best = next((i for i in dated if _DATELINE_HINT.search(norm[i])), dated[0])
        for i in dated:
            if i != best:
                kinds[i] = "other date"
        page.date = _iso_date(norm[best])
    sources = [i for i in pre if kinds[i] in ("date", "source") and _SOURCE.search(norm[i])]
    if sources:
        page.publisher = _SOURCE.search(norm[sources[0]]).group(1)
    date_at = best if dated else None
    unknown = [i for i in pre if kinds[i] == "?"]
    title_at = None
    if date_at is not None:
        before = [i for i in unknown if i < date_at and len(_compact(norm[i])) <= 80]
        title_at = before[-1] if before else None
    elif headers:
        cands = [i for i in unknown if len(_compact(norm[i])) <= 80 and not _SENTENCE_END.search(norm[i].strip())]
        title_at = cands[-1] if cands else None
    else:
        cands = [i for i in unknown if len(_compact(norm[i])) <= 60 and not _SENTENCE_END.search(norm[i].strip())]
        title_at = cands[0] if cands else None
    if title_at is not None:
        page.title = norm[title_at].strip()
        kinds[title_at] = "title"
    meta_end = max([i for i in pre if kinds[i] in ("date", "title", "share bar", "source")], default=-1)

    if headers:
        for i in pre:
            k = kinds[i]
            if k == "title":
                keep(i, "page_title")
            elif k == "date":
                keep(i, "date")
            elif k == "source":
                keep(i, "publisher")
            elif k == "other date":
                drop(i, "page chrome")
            elif k == "?":
                drop(i, "page chrome" if i < meta_end else "page text before the first speech")
            else:
                drop(i, k)
        blocks = [(headers[j][0], headers[j + 1][0] if j + 1 < len(headers) else len(norm), headers[j][1])
                  for j in range(len(headers))]
    else:
        body_start = meta_end + 1
        for i in pre:
            if i >= body_start and kinds[i] not in ("spam",):
                continue  # body (classified below)
            k = kinds[i]
            if k == "title":
                keep(i, "page_title")
            elif k == "date":
                keep(i, "date")
            elif k == "source":
                keep(i, "publisher")
            elif k in ("?", "other date"):
                drop(i, "page chrome")
            else:
                drop(i, k)
        blocks = [(body_start - 1, len(norm), None)]
        page.warnings.append("no speech header (a line like '<region>政协主席<name>:') found; "
                             "the page loads as a single document without speaker")

    # ---- speeches
    for b, (start, end, header) in enumerate(blocks):
        sp = _Speech(header=header)
        page.speeches.append(sp)
        if header is not None:
            keep(start, "header", b)
            if header.place["status"] == "unknown":
                page.warnings.append(f"line {start + 1}: region {header.region!r} is not a known "
                                     "administrative division; province/prefecture/county left empty")
            if header.place.get("note"):
                page.warnings.append(f"line {start + 1}: region {header.region!r}: {header.place['note']}")
            if header.place["status"] == "ambiguous":
                page.warnings.append(f"line {start + 1}: region {header.region!r} names more than one "
                                     "administrative division; its name fields are left empty")
        lines = [i for i in nonblank if start < i < end and i not in fate]
        # footer: from the first editor/keywords/related/footer line on; a share bar between
        # paragraphs is dropped without ending the speech
        reasons = [_footer_reason(norm[i].strip()) for i in lines]
        cut = next((k for k, r in enumerate(reasons) if r not in (None, "share bar")), None)
        for i, r in zip(lines[:cut], reasons[:cut]):
            if r == "share bar":
                drop(i, "share bar", b)
        if cut is not None:
            cut -= sum(r == "share bar" for r in reasons[:cut])
        lines = [i for i in lines if i not in fate]
        if cut is not None:
            related = False
            for i in lines[cut:]:
                s = norm[i].strip()
                reason = _footer_reason(s)
                if reason == "editor line" and page.editor is None:
                    page.editor = _EDITOR.match(s).group(2) or None
                if reason == "keywords line" and page.keywords is None:
                    page.keywords = "、".join(re.split(r"[\s,，、;；]+", _KEYWORDS.match(s).group(2).strip())) or None
                if reason == "related-news":
                    related = True
                if _is_spam(s):
                    reason = "spam"
                drop(i, reason or ("related-news" if related else "footer"), b)
            lines = lines[:cut]
        if header is None:
            sp.body = lines
            for i in lines:
                keep(i, "body", b)
            continue
        name = _compact(header.speaker)
        name_at = next((k for k, i in enumerate(lines[:8]) if _compact(norm[i]) == name), None)
        k = 0
        # headline, then (labelled or, before the name line, unlabelled) summary
        while k < len(lines):
            i = lines[k]
            s = norm[i].strip()
            if name_at is not None and k == name_at:
                keep(i, "name", b)
                k += 1
                if k < len(lines) and not sp.summary and _SUMMARY.match(norm[lines[k]].strip()):
                    s2 = norm[lines[k]].strip()
                    sp.summary.append(_SUMMARY.sub("", s2).strip())
                    keep(lines[k], "summary", b)
                    k += 1
                break
            if _SUMMARY.match(s):
                sp.summary.append(_SUMMARY.sub("", s).strip())
                keep(i, "summary", b)
            elif not sp.summary and len(sp.headline) < 3 and _looks_headline(s) \
                    and not re.match(r"^[一二三四五六七八九十]+、", s):
                sp.headline.append(s)
                keep(i, "headline", b)
            elif name_at is not None:
                sp.summary.append(s)
                keep(i, "summary", b)
            else:
                break
            k += 1
        sp.body = lines[k:]
        for i in sp.body:
            keep(i, "body", b)

    for i in nonblank_all:
        kind, what, sp = fate.get(i, ("reason", "unclassified", None))
        page.audit.append({"line": i + 1, "original": orig[i].strip(), "field": what if kind == "field" else None,
                           "reason": what if kind == "reason" else None, "speech": sp})


def _split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def _read_page(path: Path, root: Path) -> _Page:
    rel = _relative(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    is_html_name = path.suffix.lower() in (".htm", ".html")
    text, enc = _decode(raw, str(path), is_html_name)
    is_html = is_html_name or bool(_LOOKS_HTML.match(text[:2048]))
    removed: list[tuple[str, str]] = []
    html_title = None
    if is_html:
        lines, removed, html_title = _html_lines(text)
    else:
        lines = _split_lines(text)
    page = _Page(file=rel, stem=path.stem, format="html" if is_html else "text", encoding=enc,
                 script=_script(text), original=lines, norm=[normalize_text(s) for s in lines],
                 n_lines=sum(1 for s in lines if s.strip()))
    _parse_lines(page)
    if is_html:
        title_row = None
        for line, reason in removed:
            row = {"line": None, "original": line, "field": None, "reason": reason, "speech": None}
            if reason == "html head" and html_title and line == html_title and title_row is None:
                title_row = row
            page.audit.append(row)
        if page.title is None and html_title:
            page.title = normalize_text(html_title).strip()
            if title_row is not None:
                title_row.update(field="page_title", reason=None)
    if not any(s.body for s in page.speeches):
        page.warnings.append("no body text found")
    return page


def _load(path: str | Path | None, errors: Errors) -> tuple[Path, list[_Page]]:
    if errors not in ("raise", "warn"):
        raise ValueError(f"errors must be 'raise' or 'warn', not {errors!r}")
    root, files = _find_files(path)
    pages = []
    for f in files:
        try:
            page = _read_page(f, root)
        except CorpusError as exc:
            if errors == "raise":
                raise
            warnings.warn(f"skipped: {exc}", CorpusWarning, stacklevel=3)
            continue
        for w in page.warnings:
            warnings.warn(f"{f}: {w}", CorpusWarning, stacklevel=3)
        pages.append(page)
    stems = [p.stem for p in pages]
    for p in pages:
        if stems.count(p.stem) > 1:  # same stem in two folders or with two suffixes
            p.stem = re.sub(r"[/.\\]", "_", p.file)
    return root, pages


def _doc_id(page: _Page, k: int) -> str:
    return f"{page.stem}-{k + 1:02d}"


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def _frame(rows: list[dict], columns: list[str], ints: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame of object columns with None for missing values; ``ints`` become int64 when complete."""
    df = pd.DataFrame(rows, columns=columns, dtype=object)
    for col in ints:
        if df[col].notna().all():
            df[col] = df[col].astype("int64")
    return df


def load_speeches(path: str | Path | None = None, errors: Errors = "raise") -> pd.DataFrame:
    """Load the speeches of a corpus: one row per speech, in file and page order.

    Parameters
    ----------
    path : str or Path, optional
        A page file, or a directory searched recursively for ``.txt``, ``.htm`` and ``.html``
        files (sorted by relative path; hidden folders skipped). Default: the repository's
        ``corpus/`` (see :func:`corpus_dir`).
    errors : {"raise", "warn"}
        What to do with a file that cannot be read (empty, binary, undecodable, no Chinese
        text): raise :class:`CorpusError`, or skip it with a :class:`CorpusWarning`. A missing
        ``path`` always raises.

    Returns
    -------
    pandas.DataFrame
        Columns (object dtype, None where missing):

        ``doc_id``       ``"<file stem>-<NN>"``, NN the speech's 1-based place in the page
                         (if two files share a stem, their relative path with ``/`` and ``.``
                         made ``_`` is used instead of the stem)
        ``source_file``  path relative to the corpus root (or the file name)
        ``speech``       1-based place of the speech in its page (int)
        ``page_title``   the page's title, normalised
        ``date``         the page's date, ISO ``"YYYY-MM-DD"``
        ``speaker``, ``position``  from the header (``主席``, ``党组书记、主席``…), Simplified
        ``region``       the unit as named in the header, Simplified, with the table's characters
        ``province``, ``prefecture``, ``county``  canonical names from the division table;
                         None where the unit has no such level (a province-level speaker has
                         only ``province``; a municipality's district has ``prefecture`` equal
                         to the municipality, as in the table)
        ``level``        ``"province"``, ``"prefecture"`` or ``"county"``

        A region the table names more than once (朝阳区 alone) leaves its name fields None,
        keeps parents shared by all candidates and the level, and warns; a region missing from
        the table (…兵团) leaves all four None and warns. See :func:`resolve_region`.
        ``headline``     the headline; a headline set on two lines is joined with one space
        ``summary``      the 提要 text without its label (also an unlabelled summary set
                         between headline and the speaker's name line)
        ``text``         the body normalised (:func:`cppcc.normalize_text`): Simplified,
                         full-width Chinese punctuation; paragraphs joined by ``"\\n"``
        ``text_original`` the body in the source's script and characters, one source line
                         per paragraph (surrounding whitespace and blank lines removed)

        A page without any speech header gives one row with empty speaker fields (and a
        warning); its text is everything between the page metadata and the footer.

    Raises
    ------
    CorpusError
        A missing path, a directory without pages, or (with ``errors="raise"``) an unreadable page.

    Examples
    --------
    >>> sp = load_speeches()
    >>> sp[["doc_id", "speaker", "level"]].head(2).values.tolist()
    [['000_311b16853e29c05d-01', '李银峰', 'prefecture'], ['000_311b16853e29c05d-02', '刘伟', 'province']]
    """
    _, pages = _load(path, errors)
    rows = []
    for page in pages:
        for k, sp in enumerate(page.speeches):
            h = sp.header
            place = h.place if h else {}
            rows.append({
                "doc_id": _doc_id(page, k), "source_file": page.file, "speech": k + 1,
                "page_title": page.title, "date": page.date,
                "speaker": h.speaker if h else None, "position": h.position if h else None,
                "region": (place.get("region") or h.region) if h else None,
                "province": place.get("province"), "prefecture": place.get("prefecture"),
                "county": place.get("county"), "level": place.get("level"),
                "headline": " ".join(sp.headline) or None, "summary": "".join(sp.summary) or None,
                "text": "\n".join(page.norm[i].strip() for i in sp.body),
                "text_original": "\n".join(page.original[i].strip() for i in sp.body),
            })
    return _frame(rows, SPEECH_COLUMNS, ints=("speech",))


def load_pages(path: str | Path | None = None, errors: Errors = "raise") -> pd.DataFrame:
    """One row per page: what the loader found in each file.

    Parameters
    ----------
    path, errors
        As in :func:`load_speeches`.

    Returns
    -------
    pandas.DataFrame
        ``file`` (relative path), ``format`` (``"text"`` or ``"html"``), ``encoding`` (as
        decoded: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``, ``big5hkscs``…), ``script``
        (``"traditional"`` or ``"simplified"``), ``title``, ``date`` (ISO), ``publisher`` (from
        来源), ``editor``, ``keywords`` (the keywords line's words joined with ``"、"``),
        ``n_speeches``, ``n_lines`` (non-blank lines, or extracted text lines for HTML).

    Examples
    --------
    >>> pg = load_pages()
    >>> pg[["date", "publisher", "n_speeches"]].values.tolist()
    [['2020-08-24', '人民政协网', 5]]
    """
    _, pages = _load(path, errors)
    rows = [{"file": p.file, "format": p.format, "encoding": p.encoding, "script": p.script, "title": p.title,
             "date": p.date, "publisher": p.publisher, "editor": p.editor, "keywords": p.keywords,
             "n_speeches": len(p.speeches), "n_lines": p.n_lines} for p in pages]
    return _frame(rows, PAGE_COLUMNS, ints=("n_speeches", "n_lines"))


def cleaning_audit(path: str | Path | None = None, errors: Errors = "raise") -> pd.DataFrame:
    """Every non-blank source line and what became of it.

    Parameters
    ----------
    path, errors
        As in :func:`load_speeches`.

    Returns
    -------
    pandas.DataFrame
        ``file``, ``line`` (1-based line number; for HTML the line of the text extracted from
        the DOM, None for the text of removed elements), ``original`` (the line, stripped),
        ``field`` (where it went: ``page_title``, ``date``, ``header``, ``headline``,
        ``summary``, ``name``, ``body``) or ``reason`` (why it was removed: ``spam``,
        ``navigation``, ``breadcrumb``, ``share bar``, ``page chrome``, ``editor line``,
        ``keywords line``, ``related-news``, ``footer``, ``page text before the first speech``,
        and for HTML ``script``, ``style``, ``html head``, ``page header``, ``sidebar``…) and
        ``doc_id`` (the speech the line belongs to, if any). Exactly one of ``field`` and
        ``reason`` is set on every row.

    Examples
    --------
    >>> au = cleaning_audit()
    >>> au.loc[au["line"] == 1, "reason"].item()
    'spam'
    >>> bool((au["field"].isna() != au["reason"].isna()).all())
    True
    """
    _, pages = _load(path, errors)
    rows = []
    for p in pages:
        for r in p.audit:
            rows.append({"file": p.file, "line": r["line"], "original": r["original"], "field": r["field"],
                         "reason": r["reason"],
                         "doc_id": _doc_id(p, r["speech"]) if r["speech"] is not None else None})
    return _frame(rows, AUDIT_COLUMNS, ints=("line",))
