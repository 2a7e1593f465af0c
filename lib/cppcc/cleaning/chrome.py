"""Chrome: captions, staff lines, time stamps, continuation marks, source bullets, separators, and
the page tools of real sites (font-size switchers, content-farm header lines, app-download lines,
embedded-object remnants, news teasers)."""
from __future__ import annotations

import re
import unicodedata

from .base import CN_DIGIT as _CN_DIGIT
from .base import HAN as _HAN
from .base import compact as _compact
from .base import simple as _simple

__all__ = ["chrome_reason", "strip_marks"]

_ANY_HAN = re.compile(rf"[{_HAN}]")
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
# a caption that ends with its photographer's credit (会议现场。张明 摄)
_CREDIT_END = re.compile(rf"^.{{4,80}}?[。\s]\s*[(（]?\s*(?:(?:本报|特约)?记者|通讯员)?\s*{_NAMES}"
                         r"\s*(?:摄|摄影)\s*[)）]?$")
_END_MARK = re.compile(rf"^{_OPEN}(?:完|全文完|本文完|end|the end){_CLOSE}$", re.I)
_DATE_PART = (rf"(?:(?:19|20)\d{{2}}\s*[年\-/.]\s*\d{{1,2}}\s*[月\-/.]\s*\d{{1,2}}\s*日?"
              rf"|[{_CN_DIGIT}]{{4}}年[{_CN_DIGIT}]{{1,3}}月[{_CN_DIGIT}]{{1,3}}日)")
_TIME_PART = r"(?:\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)"
_DATETIME = re.compile(rf"{_DATE_PART}|{_TIME_PART}|(?:星期|周)[一二三四五六日天]|[上下]午|晚上")
_META_LABEL = re.compile(rf"[{_HAN}]{{0,4}}?(?:时间|日期)\s*[:：]?|(?:来源|稿源|作者|发布者|发布人|"
                         rf"浏览次数|浏览|点击数|点击|阅读数|阅读|访问量)\s*[:：]?\s*[^\s|｜丨。，；！？]{{0,20}}|字号\s*[:：]?(?:\s*[大中小])*"
                         r"|[【\[]?(?:打印|关闭|收藏|分享|纠错|返回|关闭窗口|打印本页)[】\]]?")
_STAMP_REST = re.compile(r"[\s|｜丨()（）【】\[\]<>《》\-—/·•●■◆\d次]*")
# cheap guards, each a character or word that every match of a rule holds (a line without it skips the rule)
_SENTENCE_MARK = re.compile(r"[。，；！？]")
_STOP_MARK = re.compile(r"[。；！？]")
_DATETIME_HINT = re.compile(r"[\d年星周午晚]")  # digits, 年, 星期/周, 上午/下午, 晚上
# the first characters of the anchored rules' words (continuation, end mark, font size, e-paper, teaser,
# caption, source), each after the opening marks: a line without one at its start skips those rules
_LEAD = re.compile(rf"^{_OPEN}[上下接转紧续完全本etET字文前后版标返往按日第国统连刊"
                   r"▶►▷»>【图左右组资配▲△照来稿出信]", re.I)
# 记者 通讯员 实习生, the editors' and the photo labels
_STAFF_HINT = re.compile(r"[记通实编审校监统策制排视摄图]")


def _is_timestamp(s: str) -> bool:
    """A line that is only dates/times with optional labels (发布时间, 来源, 浏览次数…)."""
    if _SENTENCE_MARK.search(s) or not _DATETIME_HINT.search(s):
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
_FONT_SIZE = re.compile(r"^[【\[(（]?\s*(?:字体|字号|文字)(?:大小)?\s*[:：]?"
                        r"[\s【\[(（】\])）大中小默认超特标准|｜/、TtAa+＋\-－]*$")
_FARM_LABELS = re.compile(r"(?:栏目|分类|频道|来源|作者|发布者|发布人|发布时间|更新时间|时间|日期|"
                          r"浏览|阅读|点击|"
                          r"热度|人气|字数)\s*[:：]")
_APP = re.compile(r"(?:下载|打开|安装|扫码|扫描|扫一扫)[^。，；]{0,12}(?:客户端|app)"
                  r"|(?:客户端|app)\s*下载|扫码\s*(?:关注|下载|阅读)",
                  re.I)
# a newspaper's digital edition: its page navigation and masthead lines (上一版 下一版, 版面导航, 第3版：要闻,
# 按日期搜索, 国内统一刊号：CN12-3456), each token alone or several on one line
_EPAPER_TOKEN = (rf"(?:上一版|下一版|上一期|下一期|前一版|后一版|版面导航|版面翻页|版面概览|版面目录|"
                 rf"版面|本版目录|标题导航|返回目录|往期回顾|往期|按日期搜索|按日期检索|按日期查询|日期检索|"
                 rf"第\s*[{_CN_DIGIT}\dA-Za-z]{{1,3}}\s*版(?:\s*[:：]\s*[{_HAN}]{{1,6}})?|"
                 rf"(?:国内统一|国际标准|国内|统一)?(?:连续出版物号|刊号)\s*[:：]?\s*(?:CN|ISSN)?\s*[\dA-Z]{{2,4}}-[\dA-Z/]{{3,8}})")
_EPAPER_SEP = r"[\s|｜丨/>»<«【】\[\]]*"
_EPAPER = re.compile(rf"^{_OPEN}{_EPAPER_TOKEN}(?:{_EPAPER_SEP}{_EPAPER_TOKEN})*{_EPAPER_SEP}$", re.I)
# an image left as markdown by a page-to-text converter: ![]() or ![说明](url)
_MD_IMAGE = re.compile(r"^!\[[^\]]{0,40}\]\([^)\s]*\)$")
_EMBED = re.compile(r"^\s*<\s*/?\s*(?:iframe|embed|object|video|audio|script|img|source)\b"
                    r"|</\s*iframe\s*>", re.I)
_TEASER = re.compile(r"^\s*(?:[▶►▷»]|>>|【\s*(?:推荐阅读|相关阅读|相关新闻|延伸阅读|往期回顾|往期精彩|"
                     r"热点推荐|精彩推荐|"
                     r"猜你喜欢|热门文章|阅读推荐)\s*】)")


def chrome_reason(line: str) -> str | None:
    """Why ``line`` is page chrome rather than article text, or None.

    Reasons: ``"photo caption"`` (图为…, ▲…), ``"photographer line"`` (摄影：…, <name> 摄),
    ``"reporter line"`` (本报记者 …, 通讯员 …), ``"editor line"`` (编辑, 责编, 新媒体编辑, 审核…),
    ``"time stamp"`` (a line that is only a date and/or time, with an optional label and source),
    ``"continuation mark"`` ((上接第一版), (下转第二版)), ``"end mark"`` ((完)),
    ``"source line"`` (来源: bullets), ``"separator"`` (a line of dashes, stars or dots),
    ``"font-size switcher"`` (字体大小：【大 中 小】), ``"content-farm header"`` (栏目：… 来源：网络 作者：…
    时间：…), ``"app download"`` (下载…客户端, 扫码下载), ``"embedded object"`` (an ``<iframe>`` left as
    text), ``"news teaser"`` (▶ or 【推荐阅读】 before another article's title) and ``"e-paper navigation"``
    (a newspaper's digital-edition furniture: 上一版 下一版, 版面导航, 第3版：要闻, 按日期搜索,
    国内统一刊号…). Only whole lines of that shape count: a sentence that merely mentions 记者 or 来源 is
    never chrome.

    Examples
    --------
    >>> chrome_reason("（本报记者 张晓东 通讯员 李梅）")
    'reporter line'
    >>> chrome_reason("新媒體編輯：王小丫　責任編輯：周強")
    'editor line'
    >>> chrome_reason("王建 摄"), chrome_reason("▲ 委员们在社区调研。"), chrome_reason("会议现场。王建 摄")
    ('photographer line', 'photo caption', 'photo caption')
    >>> chrome_reason("2021-03-09 10:25:31 来源：某某日报"), chrome_reason("(上接第一版)")
    ('time stamp', 'continuation mark')
    >>> chrome_reason("● 来源：市政协办公室"), chrome_reason("————————")
    ('source line', 'separator')
    >>> chrome_reason("记者从会上获悉，全市政协委员今年提交提案312件。") is None
    True
    >>> chrome_reason("来源：据统计，资金来源主要是财政拨款。") is None
    True
    >>> chrome_reason("字体大小:【"), chrome_reason("栏目：讲话致辞 来源：网络 作者：佚名 时间：2020-05-06")
    ('font-size switcher', 'content-farm header')
    >>> chrome_reason("下载某某新闻客户端"), chrome_reason('<iframe src="x.html"></iframe>')
    ('app download', 'embedded object')
    >>> chrome_reason("![]()")  # an image left as markdown
    'embedded object'
    >>> chrome_reason("▶ 县政协召开主席会议"), chrome_reason("一是下载并学习了客户端里的课程。")
    ('news teaser', None)
    >>> chrome_reason("上一版　下一版"), chrome_reason("第2版：要闻")
    ('e-paper navigation', 'e-paper navigation')
    >>> chrome_reason("国内统一刊号：CN12-3456")
    'e-paper navigation'
    >>> chrome_reason("委员们在第二版刊登的文章中提出建议。") is None
    True
    """
    s = _simple(line).strip()
    if not s:
        return None
    # a line with a Chinese character is no separator (NFKC keeps it one): skip the normalisation
    if not _ANY_HAN.search(s) and _SEPARATOR.match(unicodedata.normalize("NFKC", s)):
        return "separator"
    n = len(_compact(s))
    lead = _LEAD.match(s) is not None
    if lead and ("接" in s or "转" in s or "续" in s) and _CONTINUATION.match(s):
        return "continuation mark"
    if lead and _END_MARK.match(s):
        return "end mark"
    if n <= 30 and lead and _FONT_SIZE.match(s):
        return "font-size switcher"
    if ("<" in s and _EMBED.search(s)) or (s[0] == "!" and _MD_IMAGE.match(s)):
        return "embedded object"
    if n <= 60 and _is_timestamp(s):
        return "time stamp"
    if n <= 40 and lead and _EPAPER.match(s):
        return "e-paper navigation"
    labelled = n <= 100 and (":" in s or "：" in s)
    labels = {re.sub(r"\s*[:：]", "", x) for x in _FARM_LABELS.findall(s)} if labelled else ()
    if len(labels) >= 2 and not _STOP_MARK.search(s):
        return "content-farm header"
    if n <= 40 and ("客户端" in s or "扫码" in s or "a" in s or "A" in s) and _APP.search(s) \
            and not _STOP_MARK.search(s):
        return "app download"
    if n <= 50 and lead and _TEASER.match(s) and not s.endswith("。"):
        return "news teaser"
    if n <= 100 and lead and _CAPTION.match(s):
        return "photo caption"
    if n <= 40 and ("摄" in s or "图" in s) and _BY_PHOTO.match(s):
        return "photographer line"
    m = _STAFF.match(s) if n <= 60 and _STAFF_HINT.search(s) else None
    if m:
        label = m.group("label")
        if re.fullmatch(_PHOTO, label):
            return "photographer line"
        return "reporter line" if re.fullmatch(_REPORTER, label) else "editor line"
    if n <= 100 and "摄" in s and _CREDIT_END.match(s):
        return "photo caption"
    m = _SOURCE.match(s) if n <= 50 and lead else None
    if m and not _SENTENCE_MARK.search(m.group("rest")):
        return "source line"
    return None


_INLINE_MARK = re.compile(
    rf"[(（【\[]\s*(?:上接|下转|接|转|紧接|续)(?:第?\s*[{_CN_DIGIT}\dA-Za-z]{{1,3}}\s*版|上页|下页|前页)\s*[)）】\]]"
)


_MARK_OPEN = re.compile(r"[(（【\[]")


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
    if not _MARK_OPEN.search(line):  # a mark opens with a bracket: most lines have none
        return line, []
    spans = [m.span() for m in _INLINE_MARK.finditer(_simple(line))]
    if not spans:
        return line, []
    out, last = [], 0
    for a, b in spans:
        out.append(line[last:a])
        last = b
    out.append(line[last:])
    return "".join(out).strip(), [line[a:b] for a, b in spans]
