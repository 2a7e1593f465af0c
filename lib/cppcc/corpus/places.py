"""Units a page names only as places: a page that says 县政协 (我县, 全县) and names its county in the text
(凤台, 庆元县) is that county's. Used only where no line of the page names a unit next to 政协.

A unit is inferred when the page says which level its CPPCC is (县政协, 区政协, 市政协, 州政协, 省政协
and 我县, 全市…), and names, in full (庆元县) or by a short form of the segmentation lexicon (凤台), units
of that level: the one named most often wins, only if no other is named as often.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ..divisions import Unit, division_index, units_in
from .meta import _FUNCTION_CHARS

__all__ = ["cppcc_level", "places_named", "inferred_unit", "level_of", "municipality_of"]

_LEVEL_CUES = (  # (level, pattern): 自治区政协 before 区政协
    ("province", re.compile(r"自治区政协|省政协|我省|全省")),
    ("county", re.compile(r"[县旗]政协|(?<!自治)区政协|我[县区旗]|全[县旗]|本[县旗]")),
    ("prefecture", re.compile(r"[市州盟]政协|我[市州盟]|全[市州盟]|本[市州]")),
)


def cppcc_level(text: str) -> str | None:
    """The level of the CPPCC a page speaks for, by the words it uses (县政协, 我市, 全州…): the level
    named most often, or None.

    Examples
    --------
    >>> cppcc_level("县政协召开会议，为我县发展建言。市政协副主席出席。"), cppcc_level("委员们发言")
    ('county', None)
    """
    counts = Counter()
    for level, pattern in _LEVEL_CUES:
        counts[level] += len(pattern.findall(text))
    if not counts or max(counts.values()) == 0:
        return None
    (best, n), *rest = counts.most_common()
    return best if not rest or rest[0][1] < n else None


@cache
def _short_forms() -> dict[str, tuple[Unit, ...]]:
    """Short forms of county- and prefecture-level units that the segmentation lexicon keeps as
    place words tagged ``ns`` (凤台 -> 凤台县), each with the units it may name."""
    from ..lexicon import load_lexicon, place_short_forms

    lex = load_lexicon()
    # only the short forms the lexicon tags as place names (凤台 ns; not 富民 n, 和龙 nz, 越秀 nr)
    shorts = set(lex.loc[(lex["source"] == "place_short") & (lex["tag"] == "ns"), "word"])
    index, _ = division_index()
    out: dict[str, set[Unit]] = {}
    for hits in index.values():
        for unit, alias in hits:
            if alias or unit.level == "province":
                continue
            for form in place_short_forms(unit.name):
                if form in shorts:
                    out.setdefault(form, set()).add(unit)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _every_short_form() -> dict[str, tuple[Unit, ...]]:
    """Short forms of every county- and prefecture-level unit (安康 -> 安康市), whatever the lexicon's tag:
    read only where a local medium's credit names its place (安康新网讯)."""
    from ..lexicon import place_short_forms

    index, _ = division_index()
    out: dict[str, set[Unit]] = {}
    for hits in index.values():
        for unit, alias in hits:
            # not a municipality listed again as its own prefecture (北京日报讯 names no prefecture)
            if not alias and unit.level != "province" and unit.name != unit.province:
                for form in place_short_forms(unit.name):
                    out.setdefault(form, set()).add(unit)
    return {k: tuple(v) for k, v in out.items()}


# a local medium's credit opening a report: 安康新网讯, 仪陇融媒（记者…）, 某某日报讯
_CREDIT = re.compile(r"(?m)^[\W_]{0,3}(?P<place>[\u4e00-\u9fff]{2,4}?)"
                     r"(?:新网|新闻网|日报社?|晚报|融媒体中心|融媒|广播电视台|电视台)(?:讯|[（(]记者)")


@cache
def _short_starts() -> frozenset[str]:
    """The first two characters of every short form (a quick test before the look-up)."""
    return frozenset(form[:2] for form in _short_forms())


def places_named(text: str) -> Counter:
    """How much a text names each unit of the division table: 2 for each full name (a name several units
    share, 南山区, counts for none), 1 for each short form that names one unit only, 2 where the short
    form names the place's medium (民权网, 枞阳在线), also 2 where a line opens with the credit of a
    medium named after a unit (安康新网讯, 仪陇融媒（记者…）); 福州市鼓楼区 names 鼓楼区 and 福州市.

    Examples
    --------
    >>> sorted((u.name, n) for u, n in places_named("立足凤台发展实际，凤台县政协").items())
    [('凤台县', 3)]
    >>> sorted((u.name, n) for u, n in places_named("安康新网讯（记者 某某）市政协召开会议。").items())
    [('安康市', 2)]
    """
    counts: Counter = Counter()
    text_lines = text
    text = re.sub(r"\s+", "", text)
    # a province-level unit is listed again as its own prefecture (北京市, 香港): count it once, as itself
    full = [u for u in units_in(text) if not (u.level == "prefecture" and u.name == u.province)
            and not (len(u.name) == 2 and u.name[0] in _FUNCTION_CHARS)]  # 和县 in 讲话和县政协
    same = Counter(u.name for u in set(full))
    full = [u for u in full if same[u.name] == 1]  # a name several units share (南山区) tells nothing
    counts.update(full + full)
    names = {u.name for u in full}
    shorts = _short_forms()
    longest = max(map(len, shorts), default=0)
    starts = _short_starts()
    pos = 0
    while pos < len(text):
        if text[pos:pos + 2] not in starts:
            pos += 1
            continue
        for n in range(min(longest, len(text) - pos), 1, -1):
            hits = shorts.get(text[pos:pos + n])
            if hits and len(hits) == 1 and not any(text.startswith(name, pos) for name in names):
                # the place's own medium (民权网, 枞阳在线, 凤台发布) names it as plainly as its full name
                counts[hits[0]] += 2 if _MEDIUM.match(text, pos + n) else 1
                pos += n
                break
        else:
            pos += 1
    for m in _CREDIT.finditer(text_lines):
        hits = _every_short_form().get(m.group("place"), ())
        if len(hits) == 1 and not any(m.group("place") == u.name for u in counts):
            counts[hits[0]] += 2  # the report's own medium names its place
    return counts


def level_of(words: str) -> str | None:
    """The level a text's level words name (县政协 county, 市政协 prefecture...), or None.

    Examples
    --------
    >>> level_of("县政协"), level_of("自治区政协"), level_of("全国政协") is None
    ('county', 'province', True)
    """
    for level, pattern in _LEVEL_CUES:
        if pattern.search(words):
            return level
    return None


_MEDIUM = re.compile(r"网|新网|新闻网|新闻|在线|融媒|发布|日报|电视台|广播电视台")


def _fits(unit: Unit, level: str) -> bool:
    if level == "prefecture":  # 市政协 may also be a county-level city's
        return unit.level == "prefecture" or (unit.level == "county" and unit.name.endswith("市"))
    return unit.level == level


def inferred_unit(text: str, level: str | None = None) -> Unit | None:
    """The unit a page's CPPCC is, from the level it speaks of (or ``level``) and the places it names
    (:func:`places_named`: a full name, or a short form twice), or None.

    Examples
    --------
    >>> inferred_unit("县政协十一届五次会议召开。委员们立足凤台实际，为凤台发展建言献策。").name
    '凤台县'
    >>> inferred_unit("县政协委员赴凤台县、寿县考察学习。") is None  # two counties named as often
    True
    """
    level = level or cppcc_level(text)
    if level is None:
        return None
    fits = [(u, n) for u, n in places_named(text).most_common() if _fits(u, level)]
    if not fits or fits[0][1] < 2 or (len(fits) > 1 and fits[1][1] >= fits[0][1]):
        return None  # a short form named once (幸福安康 holds 福安) is no evidence
    return fits[0][0]


_MUNICIPALITIES = {"上海": ("沪", "上海市"), "重庆": ("渝", "重庆市"), "北京": ("京", "北京市"),
                   "天津": ("津", "天津市")}
# national members who live in a municipality (在沪全国政协委员, 驻渝的全国政协委员): its CPPCC's guests
_RESIDENT_ABBR = re.compile(r"(?:在|驻)(?P<abbr>[沪渝京津])的?(?:全国政协|全国|市政协)?(?:委员|常委)")
# a municipality named as a place someone goes to or works with, not as the page's own (赴上海, 对接上海)
_ELSEWHERE = re.compile(r"(?:赴|到|去|往|来|至|在|对接|融入|接轨|学习|借鉴|与|和|同|及|、)$")


def municipality_of(text: str, level: str | None = None) -> str | None:
    """The municipality (上海市, 重庆市, 北京市, 天津市) whose CPPCC a 市政协 page speaks for when it names
    no unit next to 政协: its national members by the municipality's abbreviation (在沪全国政协委员, 2
    each) and its name as the page's own place (为上海的发展, 1 each; not 赴上海, 对接上海), 3 at least,
    one municipality only, and no other city the page names (:func:`inferred_unit`); else None.

    Examples
    --------
    >>> municipality_of("在沪全国政协委员举行准备会，市政协主席某某出席。在沪委员共百余名。")
    '上海市'
    >>> municipality_of("市政协举行大会发言，委员们为上海的发展建言。上海要以人为本，推进上海金融中心建设。")
    '上海市'
    >>> municipality_of("市政协组织委员赴上海学习，与上海对接，到上海考察。") is None  # where they went
    True
    >>> municipality_of("县政协委员为上海的发展建言，上海，上海。") is None  # no 市政协
    True
    """
    level = level or cppcc_level(text)
    if level != "prefecture" or inferred_unit(text, level) is not None:
        return None
    text = re.sub(r"\s+", "", text)
    scores = Counter()
    for m in _RESIDENT_ABBR.finditer(text):
        scores[next(k for k, (a, _) in _MUNICIPALITIES.items() if a == m.group("abbr"))] += 2
    for name in _MUNICIPALITIES:
        for m in re.finditer(name, text):
            if not _ELSEWHERE.search(text[max(0, m.start() - 2):m.start()]):
                scores[name] += 1
    named = [(k, n) for k, n in scores.most_common() if n]
    if len(named) != 1 or named[0][1] < 3:
        return None
    return _MUNICIPALITIES[named[0][0]][1]
