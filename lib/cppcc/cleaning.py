"""Cleaning of captured pages, line by line: converter artefacts, mojibake, spam, chrome, TOC, paywalls.

Every function here is pure: it takes a line (or a list of lines, or raw bytes) and returns a plain
value, so the loader's classify phase can call it and record the reason in the audit. Lines may be
Traditional or Simplified, with half- or full-width punctuation: the rules match on a Simplified copy
(:func:`cppcc.normalize.to_simplified`), and repairs are made on the line as given.

=========================  ==================================================================
function                   what it answers
=========================  ==================================================================
:func:`strip_pinyin`       bracketed pinyin after a character (政協(xié)) removed, with a count
:func:`mojibake`           descriptions of mojibake in a text (锟斤拷, Latin-1 read as UTF-8, U+FFFD)
:func:`replace_kunjinkao`  each run of 锟斤拷 as one U+FFFD (the loader's repair)
:func:`spam_reason`        the line without injected gambling/porn/SEO phrases, and the phrases
:func:`chrome_reason`      why a line is page chrome (photo caption, reporter line…), or None
:func:`strip_marks`        continuation marks glued to a paragraph ((上接第一版)…) removed
:func:`toc_block`          indices of a table of contents (目录/提纲) before the text
:func:`paywall_reason`     why a line marks a truncated page (……省略N字), or None
:func:`cut_paywall`        a line's text before a paywall mark, and the mark
:func:`field_value`        a metadata field's value after its label, never the next field's label
:func:`looks_utf16`        "utf-16-le"/"utf-16-be" for UTF-16 bytes without a BOM, else None
=========================  ==================================================================

The spam word lists are data files in ``cppcc/data/cleaning/`` (see the README there).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from itertools import product

from .normalize import is_cjk, to_simplified

__all__ = ["strip_pinyin", "mojibake", "replace_kunjinkao", "spam_reason", "chrome_reason", "strip_marks",
           "toc_block", "paywall_reason", "cut_paywall", "field_value", "looks_utf16", "spam_words"]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _simple(line: str) -> str:
    """A Simplified copy of ``line`` of the same length (else the line itself), for matching."""
    s = to_simplified(line)
    return s if len(s) == len(line) else line


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


# --------------------------------------------------------------------------------------------
# Converter artefacts: bracketed pinyin
# --------------------------------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_BRACKET = re.compile(
    rf"(?P<han>[{_HAN}]{{1,4}})(?P<open>\s?[(（])\s*"
    rf"(?P<py>[a-zA-Z{_TONED}:'’][a-zA-Z{_TONED}:'’ 1-5]{{0,40}}?)\s*[)）]"
)


def _plain_pinyin(s: str) -> str:
    """Lower-case pinyin without tones, spaces, apostrophes or tone digits; ü as v."""
    s = s.lower().replace("u:", "v").replace("ü", "v")
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"[\s'’1-5]", "", s)


@cache
def _readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin  # imported lazily: loading the dictionary takes a moment

    out: set[str] = set()
    for c in dict.fromkeys((ch, to_simplified(ch))):
        for r in pinyin(c, style=Style.NORMAL, heteronym=True, errors="ignore", v_to_u=False)[:1]:
            out.update(x.replace("ü", "v") for x in r)
    return tuple(sorted(out))


def _pinyin_of(chars: str, syllables: str) -> bool:
    """Whether the plain pinyin ``syllables`` reads the characters ``chars``."""
    options = [_readings(c) for c in chars]
    if not all(options):
        return False
    return any("".join(combo) == syllables for combo in product(*options))


def strip_pinyin(line: str) -> tuple[str, int]:
    """Remove bracketed pinyin that a bad converter left after characters.

    A bracket right after Chinese characters is removed when its content is a reading of the
    character(s) before it, by pypinyin (all readings of a polyphonic character count; tone marks,
    tone digits and spaces are ignored). Any other bracketed text stays: years, notes such as
    (试行), continuation marks, English abbreviations (all upper case is never pinyin here). A
    deliberate pronunciation gloss (馕(náng)) has the same shape and is removed too.

    Parameters
    ----------
    line : str
        One line, Traditional or Simplified, half- or full-width brackets.

    Returns
    -------
    tuple of (str, int)
        The repaired line and the number of brackets removed.

    Examples
    --------
    >>> strip_pinyin("全國政協(xié)委(wei)員的經（jīng）驗")
    ('全國政協委員的經驗', 3)
    >>> strip_pinyin("政协(zheng xie)工作（xie2 shang1）")
    ('政协工作（xie2 shang1）', 1)
    >>> strip_pinyin("(上接第一版)办法(试行)于(2021)年发布,政协(CPPCC)")
    ('(上接第一版)办法(试行)于(2021)年发布,政协(CPPCC)', 0)
    """
    n = 0

    def repl(m: re.Match) -> str:
        nonlocal n
        raw = m.group("py")
        if raw.isupper() and len(raw) > 1:
            return m.group(0)  # an abbreviation (CPPCC, NGO), not a converter's pinyin
        syllables = _plain_pinyin(raw)
        han = m.group("han")
        for k in range(1, len(han) + 1):  # the bracket may read the last k characters
            if syllables and _pinyin_of(han[-k:], syllables):
                n += 1
                return han
        return m.group(0)

    out, before = line, None
    while out != before:  # 協(xié)(xie): the second bracket follows the character once the first is gone
        before, out = out, _PINYIN_BRACKET.sub(repl, out)
    return out, n


# --------------------------------------------------------------------------------------------
# Mojibake
# --------------------------------------------------------------------------------------------

_KUNJINKAO = re.compile(r"(?:锟斤拷|鍩斤拷|烫烫烫|屯屯屯)+")
# runs of Latin-1 / cp1252 letters and symbols that UTF-8 bytes turn into when read as Latin-1
_LATIN_RUN = re.compile("[\u00c0-\u00ff\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
                        "\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]{2,}")


def _latin_fix(run: str) -> str | None:
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = run.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run and any(ord(c) > 127 for c in fixed):
            return fixed
    return None


def mojibake(text: str) -> list[str]:
    """Describe the mojibake in ``text``: one message per kind, in order of first appearance.

    Three kinds are found: 锟斤拷 (and its cousins 烫烫烫/屯屯屯), bytes of UTF-8 decoded as Latin-1
    or cp1252 (``â€œ`` for “, ``Ã¤`` for ä: a run is reported only if re-encoding it gives valid UTF-8),
    and replacement characters U+FFFD. Nothing is repaired here (the loader replaces each 锟斤拷 run
    by U+FFFD, :func:`replace_kunjinkao`, and reports what this finds in the page as it was).

    Examples
    --------
    >>> mojibake("政协锟斤拷锟斤拷委员")
    ['锟斤拷 ×1 (GBK bytes of replacement characters)']
    >>> mojibake("MÃ¤rz, â€œGrÃ¼ÃŸeâ€ \ufffd")
    ["Latin-1 read as UTF-8 ×3 (e.g. 'Ã¤' for 'ä')", 'replacement character U+FFFD ×1']
    >>> mojibake("政协委员“协商”")
    []
    """
    found: list[tuple[int, str]] = []
    hits = list(_KUNJINKAO.finditer(text))
    if hits:
        found.append((hits[0].start(), f"锟斤拷 ×{len(hits)} (GBK bytes of replacement characters)"))
    latin = [(m.start(), m.group(0), f) for m in _LATIN_RUN.finditer(text) if (f := _latin_fix(m.group(0)))]
    if latin:
        start, run, fixed = latin[0]
        found.append((start, f"Latin-1 read as UTF-8 ×{len(latin)} (e.g. {run[:6]!r} for {fixed[:3]!r})"))
    if "\ufffd" in text:
        found.append((text.index("\ufffd"), f"replacement character U+FFFD ×{text.count(chr(0xfffd))}"))
    return [msg for _, msg in sorted(found)]


def replace_kunjinkao(text: str) -> tuple[str, int]:
    """Each run of 锟斤拷 (烫烫烫, 屯屯屯...) in ``text`` as one replacement character U+FFFD.

    These runs are what a converter wrote for bytes it could not read; they stand for lost text, not
    for words, so the loader puts the replacement character in their place (a symbol: no token of it
    is a term) and notes the repair in the audit. Returns the text and the number of runs replaced.

    Examples
    --------
    >>> replace_kunjinkao("委员锟斤拷锟斤拷开展协商，烫烫烫。")
    ('委员\ufffd开展协商，\ufffd。', 2)
    >>> replace_kunjinkao("政协委员")
    ('政协委员', 0)
    """
    if "斤拷" not in text and "烫烫" not in text and "屯屯" not in text:
        return text, 0
    return _KUNJINKAO.subn("\ufffd", text)


# --------------------------------------------------------------------------------------------
# Spam
# --------------------------------------------------------------------------------------------

@cache
def _word_list(name: str) -> tuple[str, ...]:
    text = resources.files("cppcc").joinpath("data", "cleaning", f"{name}.txt").read_text(encoding="utf-8")
    words = (ln.split("#", 1)[0].strip().lower() for ln in text.splitlines())
    return tuple(sorted({w for w in words if w}, key=lambda w: (-len(w), w)))


def spam_words(kind: str) -> list[str]:
    """One of the spam word lists: ``"phrases"``, ``"hints"`` or ``"glue"`` (longest first).

    Examples
    --------
    >>> "百家乐" in spam_words("phrases"), "精品" in spam_words("hints"), "在线" in spam_words("glue")
    (True, True, True)
    """
    if kind not in ("phrases", "hints", "glue"):
        raise ValueError(f"spam_words: kind must be 'phrases', 'hints' or 'glue', not {kind!r}")
    return list(_word_list(f"spam_{kind}"))


def _word_pattern(words: tuple[str, ...]) -> re.Pattern:
    alts = [rf"(?<![a-z]){re.escape(w)}(?![a-z])" if w.isascii() else re.escape(w) for w in words]
    return re.compile("|".join(alts), re.I)


@cache
def _spam_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    return tuple(_word_pattern(_word_list(f"spam_{k}")) for k in ("phrases", "hints", "glue"))


_SEGMENT = re.compile(r"[^,，、。；;：:|｜_\s\-—–【】\[\]()（）《》<>!！?？]+")
_SEPARATORS = ",，、。；;：:|｜_-—–/ \t"


def _spam_spans(seg: str) -> list[tuple[int, int]]:
    """Spans of spam words and glue in a segment if it is spam, else []."""
    phrases, hints, glue = _spam_patterns()
    strong = [m.span() for m in phrases.finditer(seg)]
    weak = [m.span() for m in hints.finditer(seg)]
    if not strong and len(weak) < 3:
        return []
    spans = strong + weak + [m.span() for m in glue.finditer(seg)]
    covered = [False] * len(seg)
    for a, b in spans:
        covered[a:b] = [True] * (b - a)
    rest = "".join(ch for ch, c in zip(seg, covered) if not c)
    if sum(map(is_cjk, rest)) < 4:  # what is left is no real text: the whole segment goes
        return [(0, len(seg))]
    return spans


def spam_reason(line: str) -> tuple[str, list[str]]:
    """Remove injected gambling, porn and SEO phrases from a line, keeping its real text.

    The line is cut into segments at punctuation, separators (``_``, ``|``, ``-``) and brackets. A
    segment is spam if it holds a phrase of ``spam_phrases.txt`` or three words of ``spam_hints.txt``;
    in a spam segment those words and the filler of ``spam_glue.txt`` are removed, and the whole
    segment goes if fewer than four Chinese characters remain. A line that is all spam comes back
    as ``""`` (removed whole); separators left dangling are tidied.

    Returns
    -------
    tuple of (str, list of str)
        The cleaned line (unchanged when there is no spam) and the removed phrases, in order.

    Examples
    --------
    >>> spam_reason("美女粉嫩极品国产在线2020,亚洲国产中文欧美国产综合在线,一本一道中文字幕无码东京热")
    ('', ['美女粉嫩极品国产在线2020', '亚洲国产中文欧美国产综合在线', '一本一道中文字幕无码东京热'])
    >>> spam_reason("市政協召開常委會議_澳門新葡京娛樂城官網_百家樂")
    ('市政協召開常委會議', ['澳門新葡京娛樂城官網', '百家樂'])
    >>> spam_reason("打造精品工程，推动国产化，亚洲与欧美国家")
    ('打造精品工程，推动国产化，亚洲与欧美国家', [])
    """
    simple = _simple(line)
    phrases, hints, _ = _spam_patterns()
    if not phrases.search(simple) and len(hints.findall(simple)) < 3:
        return line, []  # the common case: no segment can be spam
    drop = [False] * len(line)
    for m in _SEGMENT.finditer(simple):
        for a, b in _spam_spans(m.group(0)):
            drop[m.start() + a:m.start() + b] = [True] * (b - a)
    if not any(drop):
        return line, []
    removed, run, kept = [], [], []
    for i, ch in enumerate(line):
        if drop[i] or (run and ch in _SEPARATORS and i + 1 < len(line) and drop[i + 1]):
            run.append(ch)
            continue
        if run:
            removed.append("".join(run))
            run = []
        kept.append(ch)
    if run:
        removed.append("".join(run))
    out = re.sub(r"[【\[(（《<]\s*[】\])）》>]", "", "".join(kept))  # brackets emptied by the removal
    out = re.sub(r"([_|｜\-—–/,，、])\s*(?:[_|｜\-—–/,，、]\s*)+", r"\1", out)
    out = out.strip(_SEPARATORS + "　")
    out = out if sum(map(is_cjk, out)) else ""
    pieces = (p for r in removed for p in re.split(f"[{re.escape(_SEPARATORS)}]+", r))
    return out, [p for p in pieces if p]


# --------------------------------------------------------------------------------------------
# Chrome: captions, staff lines, time stamps, continuation marks, source bullets, separators
# --------------------------------------------------------------------------------------------

_OPEN = r"[\s【\[(（<《「●•·■□◆◇▲△▶►★☆\-—*]*"
_CLOSE = r"[\s】\])）>》」]*"
_NAME = rf"[{_HAN}·•]{{2,4}}"
_NAMES = rf"{_NAME}(?:[\s、，,/／]+{_NAME})*"
# what follows 记者 in a sentence, not a name: 记者从会上获悉, 记者了解到, 记者近日
_NOT_NAME = (r"(?!从|在|了解|获悉|采访|看到|注意到|近日|日前|昨日|今天|今日|走进|来到|问|提问|"
             r"发现|随|跟随|一行)")
_REPORTER = (rf"(?:[{_HAN}]{{0,6}}?(?:特约|实习|首席|全媒体|融媒体|驻[{_HAN}]{{1,4}})?"
             r"(?:记者|通讯员)|实习生)")
_EDITORS = (rf"(?:[{_HAN}]{{0,4}}?)(?:责任编辑|新媒体编辑|网络编辑|值班编辑|执行编辑|美术编辑|编辑|"
            r"责编|美编|编审|审核|审校|审签|校对|终审|初审|复审|一审|二审|三审|监制|统筹|策划|制作|"
            r"排版|视频|图片编辑)")
_PHOTO = r"(?:摄影记者|摄影|摄像|图片|图)"
_LABELED = rf"(?:文\s*[/／]\s*)?(<>{_REPORTER}|{_EDITORS}|{_PHOTO})\s*[:：/／|｜丨]?\s*{_NOT_NAME}{_NAMES}"
_STAFF = re.compile(
    rf"^{_OPEN}{_LABELED.replace('(<>', '(?P<label>')}(?:\s*(?:报道|摄|整理|文))?"
    rf"(?:[\s|｜,，;；]+(?:{_LABELED.replace('(<>', '(?:')}|{_NAMES}\s*(?:摄|报道)))*{_CLOSE}$"
)
_BY_PHOTO = re.compile(rf"^{_OPEN}(?:{_REPORTER}\s*)?{_NAMES}\s*(?:摄|摄影|供图|/摄){_CLOSE}$")
_CAPTION = re.compile(rf"^{_OPEN}(?:图为|上图|下图|左图|右图|图片为|图片来源|组图|资料图|配图|"
                      rf"图\s*[:：]|图\s*\d+\s*[:：、.]|▲|△)"
                      rf"|^{_OPEN}(?:图片|照片)由[^。，；]{{1,20}}提供{_CLOSE}$")
_END_MARK = re.compile(rf"^{_OPEN}(?:完|全文完|本文完|end|the end){_CLOSE}$", re.I)
_CN_DIGIT = "〇零一二三四五六七八九十"
_DATE_PART = (rf"(?:(?:19|20)\d{{2}}\s*[年\-/.]\s*\d{{1,2}}\s*[月\-/.]\s*\d{{1,2}}\s*日?"
              rf"|[{_CN_DIGIT}]{{4}}年[{_CN_DIGIT}]{{1,3}}月[{_CN_DIGIT}]{{1,3}}日)")
_TIME_PART = r"(?:\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)"
_DATETIME = re.compile(rf"{_DATE_PART}|{_TIME_PART}|(?:星期|周)[一二三四五六日天]|[上下]午|晚上")
_META_LABEL = re.compile(rf"[{_HAN}]{{0,4}}?(?:时间|日期)\s*[:：]?|(?:来源|稿源|作者|发布者|发布人|"
                         rf"浏览次数|浏览|点击数|点击|阅读数|阅读|访问量)\s*[:：]?\s*[^\s|｜丨。，；！？]{{0,20}}|字号\s*[:：]?(?:\s*[大中小])*"
                         r"|[【\[]?(?:打印|关闭|收藏|分享|纠错|返回|关闭窗口|打印本页)[】\]]?")
_STAMP_REST = re.compile(r"[\s|｜丨()（）【】\[\]<>《》\-—/·•●■◆\d次]*")


def _is_timestamp(s: str) -> bool:
    """A line that is only dates/times with optional labels (发布时间, 来源, 浏览次数…)."""
    if re.search(r"[。，；！？]", s):
        return False
    rest, n = _DATETIME.subn(" ", s)
    if not n:
        return False
    rest = _META_LABEL.sub(" ", rest)
    return not _STAMP_REST.sub("", rest)


_CONTINUATION = re.compile(
    rf"^{_OPEN}(?:上接|下转|接|转|紧接|续)(?:第?\s*[{_CN_DIGIT}\dA-Za-z]{{1,3}}\s*版|上页|下页|上期|前页)"
    rf"(?:\s*[{_HAN}]{{0,4}})?{_CLOSE}$"
)
_SOURCE = re.compile(rf"^{_OPEN}(?:来源|稿源|出处|转自|转载自|信息来源|文章来源)\s*[:：]\s*(?P<rest>.*)$")
_SEPARATOR = re.compile(r"^[\s\-—–_=*~·•.。…#+/\\|｜─━＝﹏◆◇■□●○★☆※§▲△▼▽<>《》]+$")


def chrome_reason(line: str) -> str | None:
    """Why ``line`` is page chrome rather than article text, or None.

    Reasons: ``"photo caption"`` (图为…, ▲…), ``"photographer line"`` (摄影：…, <name> 摄),
    ``"reporter line"`` (本报记者 …, 通讯员 …), ``"editor line"`` (编辑, 责编, 新媒体编辑, 审核…),
    ``"time stamp"`` (a line that is only a date and/or time, with an optional label and source),
    ``"continuation mark"`` ((上接第一版), (下转第二版)), ``"end mark"`` ((完)),
    ``"source line"`` (来源: bullets) and
    ``"separator"`` (a line of dashes, stars or dots). Only whole lines of that shape count: a
    sentence that merely mentions 记者 or 来源 is never chrome.

    Examples
    --------
    >>> chrome_reason("（本报记者 张晓东 通讯员 李梅）")
    'reporter line'
    >>> chrome_reason("新媒體編輯：王小丫　責任編輯：周強")
    'editor line'
    >>> chrome_reason("王建 摄"), chrome_reason("▲ 委员们在社区调研。")
    ('photographer line', 'photo caption')
    >>> chrome_reason("2021-03-09 10:25:31 来源：某某日报"), chrome_reason("(上接第一版)")
    ('time stamp', 'continuation mark')
    >>> chrome_reason("● 来源：市政协办公室"), chrome_reason("————————")
    ('source line', 'separator')
    >>> chrome_reason("记者从会上获悉，全市政协委员今年提交提案312件。") is None
    True
    >>> chrome_reason("来源：据统计，资金来源主要是财政拨款。") is None
    True
    """
    s = _simple(line).strip()
    if not s:
        return None
    if _SEPARATOR.match(unicodedata.normalize("NFKC", s)):
        return "separator"
    n = len(_compact(s))
    if _CONTINUATION.match(s):
        return "continuation mark"
    if _END_MARK.match(s):
        return "end mark"
    if n <= 60 and _is_timestamp(s):
        return "time stamp"
    if n <= 100 and _CAPTION.match(s):
        return "photo caption"
    if n <= 40 and _BY_PHOTO.match(s):
        return "photographer line"
    m = _STAFF.match(s) if n <= 60 else None
    if m:
        label = m.group("label")
        if re.fullmatch(_PHOTO, label):
            return "photographer line"
        return "reporter line" if re.fullmatch(_REPORTER, label) else "editor line"
    m = _SOURCE.match(s)
    if m and n <= 50 and not re.search(r"[。，；！？]", m.group("rest")):
        return "source line"
    return None


_INLINE_MARK = re.compile(
    rf"[(（【\[]\s*(?:上接|下转|接|转|紧接|续)(?:第?\s*[{_CN_DIGIT}\dA-Za-z]{{1,3}}\s*版|上页|下页|前页)\s*[)）】\]]"
)


def strip_marks(line: str) -> tuple[str, list[str]]:
    """Remove bracketed continuation marks inside a line (（上接第一版）…, …（下转第二版）).

    For a line that is only a mark, :func:`chrome_reason` says ``"continuation mark"``; this is for
    marks glued to a paragraph of an e-paper page.

    Returns
    -------
    tuple of (str, list of str)
        The line without the marks and the marks removed.

    Examples
    --------
    >>> strip_marks("（上接第一版）委员们提出了建议。（下转第3版）")
    ('委员们提出了建议。', ['（上接第一版）', '（下转第3版）'])
    >>> strip_marks("接第一版的内容")
    ('接第一版的内容', [])
    """
    spans = [m.span() for m in _INLINE_MARK.finditer(_simple(line))]
    if not spans:
        return line, []
    out, last = [], 0
    for a, b in spans:
        out.append(line[last:a])
        last = b
    out.append(line[last:])
    return "".join(out).strip(), [line[a:b] for a, b in spans]


# --------------------------------------------------------------------------------------------
# Table of contents, paywalls
# --------------------------------------------------------------------------------------------

_TOC_LABEL = re.compile(r"^[\s【\[(（]*(?:本文)?(?:文章)?(?:目\s*录|提\s*纲|目\s*次)[\s】\])）:：]*$")
_LEADER = re.compile(r"(?:[.…·．_\-—\s]{2,}|\s+)\d{1,4}\s*$")
_SENTENCE_END = re.compile(r"[。！？!?；;：:]$")


def _toc_entry(line: str) -> str | None:
    """A table-of-contents entry without dotted leader and page number, or None."""
    s = _LEADER.sub("", _simple(line).strip()).strip()
    if not s or len(_compact(s)) > 40 or _SENTENCE_END.search(s) or "。" in s:
        return None
    return _compact(s)


def toc_block(lines: list[str]) -> list[int]:
    """Indices of the table-of-contents block(s) (目录 / 提纲 / 目次) in ``lines``.

    A block starts at a line that says only 目录, 提纲 or 目次 and runs over the short heading-like
    lines after it (dotted leaders and page numbers allowed); it ends before the first line that
    repeats one of its entries (the text's own heading) or reads like a sentence. Blank lines inside
    the block belong to it. A label followed by a single heading is a block only if that heading has
    a page number or comes again later (else it is the text's first heading, under a title 提纲).

    Examples
    --------
    >>> lines = ["关于基层协商的调研报告", "目 录", "一、基本情况……1", "", "二、存在问题……3",
    ...          "一、基本情况", "今年以来，委员们走访了12个乡镇。"]
    >>> toc_block(lines)
    [1, 2, 3, 4]
    >>> toc_block(["各位委员：", "目录是本次会议印发的材料之一。"])
    []
    """
    out: list[int] = []
    i = 0
    while i < len(lines):
        if not _TOC_LABEL.match(_simple(lines[i])):
            i += 1
            continue
        block, seen, j, numbered = [i], set(), i + 1, False
        while j < len(lines):
            if not lines[j].strip():
                j += 1
                continue
            entry = _toc_entry(lines[j])
            if entry is None or entry in seen:
                break
            seen.add(entry)
            numbered = numbered or bool(_LEADER.search(_simple(lines[j]).strip()))
            block.extend(range(block[-1] + 1, j + 1))
            j += 1
        rest = {_toc_entry(ln) for ln in lines[j:]}
        # one heading right after the label is the text's own heading unless a page number or a
        # repetition later shows it is an entry
        if len(seen) >= 2 or numbered or seen & rest:
            out.extend(block)
        i = j
    return out


_N = rf"[\d{_CN_DIGIT}百千万,，.]+\s*(?:余|多)?"
_PAYWALL = re.compile(
    rf"(?:[…\.。]*\s*[(（【\[]?\s*(?:(?:以下|此处|后文|下文)?(?:省略|略去|隐藏){_N}字"
    rf"|未完[,，]?\s*(?:全文共?\s*{_N}字)?|全文共?\s*{_N}字[,，]?\s*(?:当前)?仅?(?:显示|展示|预览)[^)）】\]]*"
    rf"|剩余\s*{_N}字[^)）】\]]*|(?:阅读|查看|下载)全文需[^)）】\]]*|(?:登录|注册|付费|订阅|开通会员|充值)后?"
    rf"(?:阅读|查看|继续阅读|下载)(?:全文|完整内容|剩余内容)?[^)）】\]]*|付费阅读|点击阅读全文|展开全文)"
    rf"\s*[)）】\]]?\s*[…\.。]*)\s*$"
)


_PAYWALL_HINT = re.compile(r"字|全文|阅读|查看|下载|登录|注册|付费|订阅|会员|充值")


def cut_paywall(line: str) -> tuple[str, str | None]:
    """Split a paywall or truncation mark off the end of a line.

    Returns
    -------
    tuple of (str, str or None)
        The text before the mark (``""`` if the line is only the mark) and the mark, or the line and
        None when it has no mark.

    Examples
    --------
    >>> cut_paywall("委员们提出了三条建议……（未完，全文共3200字）")
    ('委员们提出了三条建议', '……（未完，全文共3200字）')
    >>> cut_paywall("……此处省略1200字……")
    ('', '……此处省略1200字……')
    >>> cut_paywall("全文共分三个部分。")
    ('全文共分三个部分。', None)
    """
    simple = _simple(line)
    m = _PAYWALL.search(simple) if _PAYWALL_HINT.search(simple) else None
    if not m:
        return line, None
    return line[:m.start()].rstrip(), line[m.start():].strip()


def paywall_reason(line: str) -> str | None:
    """``"paywall"`` if the line ends with a paywall or truncation mark (the page is truncated), else None.

    Marks: ……省略N字, 未完，全文共N字, 剩余N字, 阅读全文需…, 登录后阅读全文, 付费阅读; with Arabic or
    Chinese numerals, in brackets or not. Use :func:`cut_paywall` to keep the text before the mark.

    Examples
    --------
    >>> paywall_reason("剩余2,560字，阅读全文需开通会员"), paywall_reason("阅读全文需下载文档")
    ('paywall', 'paywall')
    >>> paywall_reason("委员们认真阅读全文并提出修改意见。") is None
    True
    """
    return "paywall" if cut_paywall(line)[1] is not None else None


# --------------------------------------------------------------------------------------------
# Metadata fields
# --------------------------------------------------------------------------------------------

_FIELD_LABELS = (r"来源|稿源|出处|作者|文|编辑|责任编辑|责编|新媒体编辑|记者|通讯员|摄影|发布时间|"
                 r"发布日期|时间|日期|点击|浏览|浏览次数|阅读|字号|审核|校对|发布|更新时间|访问量")
_NEXT_FIELD = re.compile(rf"\s*(?:{_FIELD_LABELS})\s*[:：]|[|｜丨]|\s{{2,}}|\u3000")
_STRAY = "()（）[]【】<>《》「」{}\"'“”‘’:：,，;；、 \t\u3000"


def field_value(line: str, label: str) -> str | None:
    """The value of the field ``label`` (e.g. 来源, 编辑) in a metadata line, or None.

    The value ends at the next field's label (作者：, 编辑：…), a bar, a wide space or the end of the
    line, and loses any bracket or punctuation around it; an empty value is None. Labels are matched
    in a Simplified copy of the line, the value is returned as written.

    Examples
    --------
    >>> field_value("来源：人民政协网作者：李华", "来源")
    '人民政协网'
    >>> field_value("【來源:某某日報】 2021-03-09", "来源")
    '某某日報'
    >>> field_value("（责任编辑：周强）", "责任编辑"), field_value("编辑：", "编辑")
    ('周强', None)
    """
    s = _simple(line)
    m = re.search(rf"(?<![{_HAN}]){re.escape(label)}\s*[:：]\s*", s) or re.search(
        rf"{re.escape(label)}\s*[:：]\s*", s)
    if not m:
        return None
    end = _NEXT_FIELD.search(s, m.end())
    value = line[m.end():end.start() if end else len(line)]
    value = re.split(r"\s", value.strip(_STRAY), maxsplit=1)[0] if value.strip(_STRAY) else ""
    value = value.strip(_STRAY)
    return value or None


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------

def _plausible(text: str) -> float:
    """Share of characters that a Chinese page in UTF-16 would hold (common Han, ASCII, CJK marks)."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if ch.isascii():
            good += ch.isprintable() or ch in "\r\n\t"
        elif 0x4E00 <= o <= 0x9FFF:
            good += _common_han(ch)
        else:
            good += 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2010 <= o <= 0x2027
    return good / len(text)


def _common_han(ch: str) -> bool:
    for enc in ("gb2312", "big5"):
        try:
            ch.encode(enc)
            return True
        except UnicodeEncodeError:
            pass
    return False


def looks_utf16(raw: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` if ``raw`` reads as UTF-16 text without a BOM, else None.

    Bytes with a BOM, valid UTF-8 and odd lengths are None (other decoders handle them). A candidate
    decoding must be at least 95% common Han characters (GB2312 or Big5), ASCII and CJK punctuation,
    and clearly better than the other byte order.

    Examples
    --------
    >>> looks_utf16("政协委员\\n2021年".encode("utf-16-le")), looks_utf16("政協委員".encode("utf-16-be"))
    ('utf-16-le', 'utf-16-be')
    >>> looks_utf16("政协委员".encode("utf-8")), looks_utf16("政协委员".encode("gb18030"))
    (None, None)
    """
    if len(raw) < 2 or len(raw) % 2 or raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    sample = raw[:20000]
    scores = {}
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            scores[enc] = _plausible(sample.decode(enc, errors="replace"))
        except UnicodeDecodeError:
            scores[enc] = 0.0
    best = max(scores, key=scores.get)
    other = min(scores, key=scores.get)
    if scores[best] >= 0.95 and scores[best] - scores[other] >= 0.2:
        return best
    return None
