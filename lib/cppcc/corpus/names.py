"""Person names and positions in a page's front matter: what may be a name, and the officials a
line names next to their position.

A name is 2–4 Chinese characters (inner spaces removed: 段  鸣, 李 万 廷) that starts with a surname of
``cppcc/data/names/surnames.txt`` (single or compound), or a name with a middle dot (巴特尔·布和); its
other characters are never function words or the words of a title (是, 的, 在, 政, 协, 届, 篇...).
Names are read only where a name is expected — on a line of their own, before the colon of a byline,
glued to a salutation, or right after a position (主席, 副主席, 秘书长, 县长...) — so that precision
comes before recall: no fragment of running text is taken for a name.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

__all__ = ["POSITION", "OFFICIAL_POSITION", "surnames", "is_name", "compact_name", "name_before",
           "officials_in", "cppcc_officials", "SALUTATION"]

#: positions of a CPPCC (the order matters: longest first where one ends another)
POSITION = (r"(?:党组书记|党组副书记|党组成员|机关党组书记|常务副主席|专职副主席|副主席|主席|"
            r"副秘书长|秘书长|常务委员|常委|委员)")
#: positions of other officials named beside them in a lead or an attendee list
OFFICIAL_POSITION = (r"(?:党组书记|党组副书记|党组成员|常务副主席|专职副主席|副主席|主席|副秘书长|秘书长|"
                     r"(?:[省市县区州旗]委)?(?:常委|副书记|书记)|副省长|省长|副市长|市长|副县长|县长|副区长|区长|"
                     r"副州长|州长|副旗长|旗长|副主任|主任|副部长|部长|副厅长|厅长|副局长|局长)")
#: a salutation that opens a speech (各位委员、同志们：)
SALUTATION = re.compile(r"(?:尊敬的|各位|同志们|女士们|亲爱的)[^。！？]{0,30}?[：:]\s*$")

# characters that never stand in a given name here: function words, numerals of titles, the words
# of institutions and document kinds (a 2-4 character run with one of them is a fragment)
_NOT_GIVEN = frozenset(
    "的了是在及或也都就而对于把被将到等个这那其此之们着过说要不没篇届次议委政协席党组县市省区州镇乡村"
    "局厅部处室办各位讲话报告召举参列调研视察第讯电号上下内外里并且但所因虽已网词键按语稿栏目题章节页版"
)
_MIDDLE_DOT = "·•・"
_INSTITUTION = re.compile(r"政|协|委|会|席|届|党|省|市|县|区")


@cache
def surnames() -> tuple[frozenset[str], tuple[str, ...]]:
    """The single-character surnames and the compound surnames (longest first) of the data file.

    Examples
    --------
    >>> single, compound = surnames()
    >>> "王" in single, "欧阳" in compound, "是" in single
    (True, True, False)
    """
    text = resources.files("cppcc").joinpath("data", "names", "surnames.txt").read_text(encoding="utf-8")
    single: set[str] = set()
    compound: set[str] = set()
    in_compound = False
    for line in text.splitlines():
        if line.startswith("# compound surnames"):
            in_compound = True
        line = line.split("#", 1)[0].strip()
        if line and in_compound:
            compound.add(line)
        elif line:
            single.update(line)
    return frozenset(single), tuple(sorted(compound, key=len, reverse=True))


@cache
def _compound_set() -> frozenset[str]:
    return frozenset(surnames()[1])


def compact_name(s: str) -> str:
    """A name without spaces (ASCII, ideographic) and with one kind of middle dot.

    Examples
    --------
    >>> compact_name("李 万　廷"), compact_name("巴特尔•布和")
    ('李万廷', '巴特尔·布和')
    """
    s = re.sub(r"\s+", "", s)
    for dot in _MIDDLE_DOT[1:]:
        s = s.replace(dot, "·")
    return s


def is_name(name: str, strict: bool = True) -> bool:
    """Whether ``name`` (spaces removed) reads as a person's name.

    2–3 characters after a single surname, 3–4 after a compound one, or a name with a middle dot
    (each part 1–6 characters); no character of the given name a function word or a title's word.
    ``strict=False`` (where a name is expected: right after a dateline, in a speech header) drops the
    surname condition and allows 2–4 characters, none of the given name a function word, so that names
    without a Han surname (扎西顿珠, 其木格, 阿苏拉哈) are read there.

    Examples
    --------
    >>> [is_name(s) for s in ("李四", "欧阳明", "段鸣", "第一篇", "是政协工", "会是", "相关新闻")]
    [True, True, True, False, False, False, False]
    >>> is_name("扎西顿珠"), is_name("扎西顿珠", strict=False), is_name("巴特尔·布和")
    (False, True, True)
    """
    name = compact_name(name)
    if "·" in name:
        parts = name.split("·")
        return len(parts) >= 2 and all(1 <= len(p) <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", p)
                                       and not _INSTITUTION.search(p)
                   for p in parts)
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        return False
    if not strict:
        return not any(ch in _NOT_GIVEN for ch in name[1:])
    single, compound = surnames()
    head = name[:2] if name[:2] in _compound_set() else None
    if head is not None:
        given = name[len(head):]
    elif name[0] in single:
        given = name[1:]
    else:
        return False
    return 1 <= len(given) <= 2 and not any(ch in _NOT_GIVEN for ch in given)


# what may follow a name in running text: a verb of attending or speaking, a separator, 同志, 一行...
_AFTER_NAME = re.compile(
    r"(?:出席|参加|列席|陪同|主持|讲话|致辞|致闭幕词|致开幕词|作|在|向|代表|深入|带队|率队|带领|率领|率|一行|同志|"
    r"等|指出|强调|表示|介绍|要求|到|来|赴|前往|对|就|围绕|参与|会见|接见|看望|走访|调研|视察|察看|莅临|受邀|"
    r"应邀|宣读|宣布|发表|通报|传达|总结|说|认为|希望|主讲|讲授|为|与|和|及|以及|分别|先后|一同|共同|也|还|"
    r"首先|同时|则|专程|亲切|一起|认真|详细|充分|高度|随后|检查|督导|提出|当选|参观|颁发|被|出任|担任|主持召开|"
    r"\d|[上下]午|今天|昨天|近日|日前|先生|女士|"
    r"，|、|。|,|；|;|：|:|（|\(|\s|$)")


def name_before(text: str, start: int = 0) -> str | None:
    """The name that starts ``text[start:]`` and is followed by a verb, a separator or the end.

    The longest reading that is a name (:func:`is_name`) and is followed by what may follow a
    name (出席, 主持, 一行, 、, the end...) wins.

    Examples
    --------
    >>> name_before("高世忠深入乡镇调研"), name_before("王五出席会议"), name_before("欧阳明一行")
    ('高世忠', '王五', '欧阳明')
    >>> name_before("高度重视协商工作") is None
    True
    """
    for n in (4, 3, 2):
        cand = text[start:start + n]
        if len(cand) == n and is_name(cand) and _AFTER_NAME.match(text, start + n):
            return cand
    return None


_POSITION_CHARS = frozenset("席长记任委员")  # the last character of every position: a quick test
_LIST_SEP = re.compile(r"\s*(?:、|，|,|和|及|以及)\s*")
_POSITIONED = re.compile(rf"{OFFICIAL_POSITION}(?:\s*[、，,兼]\s*{OFFICIAL_POSITION})*")


@lru_cache(maxsize=4096)
def _officials(text: str, every: bool = False) -> tuple[tuple[str, str, int], ...]:
    """The officials after a position, with the offset of the position (cached: a lead is read in
    several windows); each name once, at its first mention, or with ``every`` at each mention."""
    if not _POSITION_CHARS.intersection(text):
        return ()
    out: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    for m in _POSITIONED.finditer(text):
        position = re.sub(r"\s+", "", m.group(0)).replace("，", "、").replace(",", "、")
        pos, start = m.end(), m.start()
        while True:
            while pos < len(text) and text[pos] in " \u3000":
                pos += 1
            name = name_before(text, pos)
            if name is None:
                break
            if every or name not in seen:
                seen.add(name)
                out.append((position, name, start))
            pos += len(name)
            sep = _LIST_SEP.match(text, pos)
            if not sep or _POSITIONED.match(text, sep.end()):
                break
            pos = sep.end()
    return tuple(out)


def officials_in(text: str) -> list[tuple[str, str]]:
    """The officials a text names right after a position, as ``(position, name)``, in text order.

    A position may be followed by a list of names (副主席李四、王五，秘书长赵六); each name must
    read as a name and be followed by what may follow one.

    Examples
    --------
    >>> officials_in("市政协主席张三，副主席李四、王五，秘书长赵六出席会议。")
    [('主席', '张三'), ('副主席', '李四'), ('副主席', '王五'), ('秘书长', '赵六')]
    >>> officials_in("县委书记王明亮出席并讲话，县政协主席高世忠主持。")
    [('县委书记', '王明亮'), ('主席', '高世忠')]
    >>> officials_in("主席会议成员出席")
    []
    """
    return [(p, n) for p, n, _ in _officials(text)]


# organisations whose officials hold titles like a CPPCC's (主席, 副主席, 秘书长...)
_ORG = re.compile(r"政协|全国委员会|人大|人民代表大会|[省市县区州旗]委|党委|政府|工商联|总工会|工会|妇联|"
                  r"科协|侨联|"
                  r"文联|作协|民革|民盟|民建|民进|农工党|致公党|九三学社|台盟|共青团|团委|学会|协会|商会|"
                  r"基金会|公司|集团|大学|学院|主席团")
_CPPCC_POSITION = re.compile(rf"{POSITION}(?:、{POSITION})*")


def cppcc_officials(text: str) -> list[tuple[str, str]]:
    """The CPPCC officials a text names: ``(position, name)`` with a CPPCC position (主席, 副主席,
    秘书长, 党组书记...) whose nearest organisation named before it in its sentence is 政协
    (县政协主席高世忠; 区政协…闭幕大会副主席邵建明主持; 政协主席汤会礼，副主席胡从周).

    Examples
    --------
    >>> cppcc_officials("县委书记王明亮出席，县政协主席高世忠主持。")
    [('主席', '高世忠')]
    >>> cppcc_officials("区政协会议举行闭幕大会，副主席邵建明主持，主席钟俊鸣出席。县工商联主席李明列席。")
    [('副主席', '邵建明'), ('主席', '钟俊鸣')]

    A name first listed under another title (大会执行主席某某…) counts where a later mention gives him
    a CPPCC position (市政协主席某某作…报告):

    >>> cppcc_officials("大会执行主席李某某、王某在主席台就座。市政协主席李某某作常务委员会工作报告。")
    [('主席', '李某某')]
    """
    out = []
    taken: set[str] = set()
    for position, name, start in _officials(text, every=True):
        if name in taken or not _CPPCC_POSITION.fullmatch(position):
            continue
        before = text[max(0, start - 60):start]
        before = re.split(r"[。！？；]", before)[-1]
        orgs = _ORG.findall(before)
        if orgs and orgs[-1] in ("政协", "全国委员会"):
            taken.add(name)
            out.append((position, name))
    return out
