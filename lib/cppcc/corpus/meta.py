"""Document metadata found in a page's text: sessions, units named around 政协, bylines, work-report
titles and datelines, bracketed date lines, name lines and the lead sentence of a news report.

Each function reads one normalised line (or sentence) and returns what it names, or None; the
classify and documents phases decide which lines to ask.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..divisions import resolve_region

__all__ = ["session_of", "units_named", "unit_in", "byline_title", "report_title", "dateline", "bracket_date",
           "name_line", "news_lead", "chinese_date", "looks_like_name", "POSITION", "Found"]

POSITION = (r"(?:党组书记|党组副书记|党组成员|机关党组书记|常务副主席|专职副主席|副主席|主席|"
            r"副秘书长|秘书长|常务委员|常委|委员)")
_POSITIONS = rf"{POSITION}(?:\s*[、，,和兼]?\s*{POSITION})*"
_NUM = r"[〇零一二两三四五六七八九十百\d]+"
_SESSION = re.compile(rf"第?({_NUM})届(?:委员会)?第?({_NUM})次(?:全体)?会议")
_DATE_ZH = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年([\d一二三四五六七八九十]{1,3})月"
                      r"([\d一二三四五六七八九十]{1,3})日")
_DASH = r"[—－\-─–]{1,2}"
_DATELINE = re.compile(rf"^{_DASH}\s*(?P<date>.{{6,16}}?日)\s*(?:在(?P<where>.+?)(?:上|中)?)?\s*$")
_DATELINE_BRACKETED = re.compile(r"^[（(]\s*(?P<date>.{6,16}?日)\s*在(?P<where>.+?)(?:上|中)?\s*[)）]$")
_BRACKET_DATE = re.compile(r"^[（(]\s*(?P<date>.{6,16}?日)\s*[)）]$")
_BYLINE = re.compile(r"^(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff·]{1,4})\s*[:：]\s*(?P<title>"
                     r"[—\-－]*\s*在.{2,60}?(?:讲话|致辞|发言|报告|总结|主持词))$")
_REPORT = re.compile(rf"^政协(?P<unit>.{{2,30}}?)第(?P<n>{_NUM})届委员会"
                     r"常务委员会(?:关于)?(?:工作|提案工作)(?:情况的)?报告$")
_NAME = re.compile(rf"^(?:(?P<unit>[\u4e00-\u9fff]{{0,30}}?)\s*政协\s*"
                   r"(?:(?P<unit2>[\u4e00-\u9fff]{2,30}?)委员会)?"
                   rf"\s*(?P<position>{_POSITIONS})\s*|(?P<position2>{_POSITIONS})\s+)?"
                   r"(?P<name>[\u4e00-\u9fff](?:\s{0,3}[\u4e00-\u9fff·]){1,7})$")
_OFFICIAL = re.compile(rf"(?P<unit>[\u4e00-\u9fff]{{0,20}}?)政协(?P<position>{_POSITIONS})"
                       r"(?P<name>[\u4e00-\u9fff·]{2,4}?)"
                       r"(?=出席|主持|讲话|参加|作|在|指出|强调|表示|带队|率队|一行|同志|，|、|。)")
_LEAD_VERB = re.compile(r"政协.{0,30}?(召开|举行|举办|组织|开展|启动|闭幕|开幕)")
_LEAD_DATE = re.compile(r"^\D{0,16}?(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_FULL_NAME = "中国人民政治协商会议"


def _short(text: str) -> str:
    """The text with the CPPCC's full name shortened to 政协 (中国人民政治协商会议某市委员会)."""
    return text.replace(_FULL_NAME, "政协").strip()


# common Chinese surnames (single and compound), to tell a name line from a short heading
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区"
    "郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍"
    "辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣"
    "信展阴昝智幸奉植衡富尧闭由"
)
_COMPOUND_SURNAMES = tuple("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 "
                           "司徒 夏侯 轩辕 端木 西门 南宫 独孤 呼延".split())
_NOT_NAMES = re.compile(r"^(?:[一二三四五六七八九十]+是|"
                        r".*(?:新闻|阅读|推荐|链接|会议|讲话|报告|发言|工作|协商|委员|政协))$")


def looks_like_name(name: str) -> bool:
    """Whether a short text reads as a person's name: 2–4 characters after a known surname, or
    a name with a middle dot (``巴特尔·布和``).

    Examples
    --------
    >>> [looks_like_name(s) for s in ("李四", "欧阳明", "一是", "相关新闻")]
    [True, True, False, False]
    """
    if "·" in name:
        return True
    if len(name) > 4 or _NOT_NAMES.match(name):
        return False
    return name[0] in _SURNAMES or name.startswith(_COMPOUND_SURNAMES)


def _cn(numeral: str) -> str:
    """A numeral of a session number in Chinese characters (九, 十二), whatever the page wrote."""
    import cn2an

    if numeral.isdigit():
        return cn2an.an2cn(numeral)
    return numeral.replace("两", "二")


def session_of(text: str) -> str | None:
    """The plenary session a text names, as ``"<届>届<次>次"`` in Chinese numerals, or None.

    Standing-committee and chair's meetings (``第十次常委会议``, ``六届四十七次主席会议``) and party
    plenums (``十二届十一次全会``) are not plenary sessions of a CPPCC.

    Examples
    --------
    >>> session_of("在政协临沧市第五届委员会第四次会议上"), session_of("市政协九届四次会议开幕")
    ('五届四次', '九届四次')
    >>> session_of("六届四十七次主席会议") is None, session_of("十二届十一次全会") is None
    (True, True)
    >>> session_of("第12届委员会第3次会议")
    '十二届三次'
    """
    m = _SESSION.search(text)
    return f"{_cn(m.group(1))}届{_cn(m.group(2))}次" if m else None


def chinese_date(text: str) -> str | None:
    """The first ``<year>年<month>月<day>日`` date of a text, Arabic or Chinese numerals, as ISO.

    Examples
    --------
    >>> chinese_date("——二〇二一年一月十日在政协某市第五届委员会第四次会议上"), chinese_date("2021年3月9日")
    ('2021-01-10', '2021-03-09')
    """
    import cn2an

    m = _DATE_ZH.search(text)
    if not m:
        return None
    try:
        y, mo, d = (int(g) if g.isdigit() else int(cn2an.transform(g, "cn2an") if len(g) == 4
                    else cn2an.cn2an(g, "smart")) for g in m.groups())
    except ValueError:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _names_unit(text: str) -> bool:
    """Whether ``text`` is exactly a division name (no variant-character guess)."""
    r = resolve_region(text)
    return r["status"] != "unknown" and not r["note"]


def units_named(text: str) -> list[tuple[int, str]]:
    """The units a text names next to 政协, as ``(offset, name)``: ``政协<unit>委员会``,
    ``政协<unit>第N届``, and ``<unit>政协`` (the longest run before 政协 that is a division name).

    Examples
    --------
    >>> units_named("近日，云南省临沧市政协召开常委会议，政协临沧市第五届委员会委员出席")
    [(3, '云南省临沧市'), (20, '临沧市')]
    """
    out = []
    text = _short(text) if _FULL_NAME in text else text
    for m in re.finditer(r"政协", text):
        after = re.match(rf"政协(.{{2,30}}?)(?:第{_NUM}届)?委员会", text[m.start():])
        if after and _names_unit(after.group(1)):
            out.append((m.start() + 2, after.group(1)))
            continue
        before = text[max(0, m.start() - 20):m.start()]
        for n in range(len(before), 1, -1):
            cand = before[-n:]
            if re.fullmatch(r"[\u4e00-\u9fff]+", cand) and _names_unit(cand):
                out.append((m.start() - n, cand))
                break
    return sorted(out)


def unit_in(text: str) -> str | None:
    """The first unit :func:`units_named` finds in a text, or None.

    Examples
    --------
    >>> unit_in("在政协福州市鼓楼区第九届委员会第四次会议上的讲话")
    '福州市鼓楼区'
    """
    found = units_named(text)
    return found[0][1] if found else None


@dataclass
class Found:
    """What a line names: speaker, position, unit text, date (ISO), session; None where it doesn't."""

    speaker: str | None = None
    position: str | None = None
    unit: str | None = None
    date: str | None = None
    session: str | None = None


def _clean_position(p: str | None) -> str | None:
    return re.sub(r"\s+", "", p).replace(",", "、").replace("，", "、") if p else None


def byline_title(line: str) -> Found | None:
    """A byline title ``<name>：在<…>会议上的讲话``: the speaker, and the unit and session it names.

    Examples
    --------
    >>> f = byline_title("王明：在政协某某县第九届委员会第四次会议闭幕会上的讲话")
    >>> f.speaker, f.session
    ('王明', '九届四次')
    >>> byline_title("坚持协商：在实践中创新") is None
    True
    """
    m = _BYLINE.match(_short(line))
    if not m:
        return None
    title = m.group("title")
    return Found(speaker=m.group("name"), unit=unit_in(title), session=session_of(title))


def report_title(line: str) -> Found | None:
    """A work-report title ``政协<unit>第<N>届委员会常务委员会工作报告``: its unit.

    Examples
    --------
    >>> report_title("政协临沧市第五届委员会常务委员会工作报告").unit
    '临沧市'
    >>> report_title("中国人民政治协商会议临沧市第五届委员会常务委员会工作报告").unit
    '临沧市'
    """
    m = _REPORT.match(_short(line))
    return Found(unit=m.group("unit") if _names_unit(m.group("unit")) else None) if m else None


def dateline(line: str) -> Found | None:
    """A dateline ``——<date>在政协<unit>第<N>届委员会第<M>次会议上``: its date, unit and session.

    Examples
    --------
    >>> f = dateline("——2021年1月10日在政协临沧市第五届委员会第四次会议上")
    >>> f.date, f.unit, f.session
    ('2021-01-10', '临沧市', '五届四次')
    >>> dateline("（二〇二一年一月十日在中国人民政治协商会议临沧市第五届委员会第四次会议上）").unit
    '临沧市'
    >>> dateline("（2021年1月10日）") is None
    True
    """
    m = _DATELINE.match(_short(line)) or _DATELINE_BRACKETED.match(_short(line))
    if not m or chinese_date(m.group("date")) is None:
        return None
    where = m.group("where") or ""
    return Found(date=chinese_date(m.group("date")), unit=unit_in(where) if where else None,
                 session=session_of(where))


def bracket_date(line: str) -> str | None:
    """The date of a line that is only a date in brackets (``（2021年3月9日）``), as ISO.

    Examples
    --------
    >>> bracket_date("（2021年3月9日）"), bracket_date("(二〇二〇年十二月八日)"), bracket_date("（书面发言）")
    ('2021-03-09', '2020-12-08', None)
    """
    m = _BRACKET_DATE.match(line.strip())
    return chinese_date(m.group("date")) if m else None


def name_line(line: str, known_place: bool = False) -> Found | None:
    """A line that is a person's name (2–4 characters, spaces allowed), optionally after a unit and a
    position (``临沧市政协主席 李四``, ``政协临沧市委员会主席 李四``).

    The name must start with a common surname (or hold a ``·``) unless ``known_place``: the line
    stands where a name is expected (right after a dateline or the speech's date line), so that
    names without a Han surname (扎西顿珠) are found there.

    Examples
    --------
    >>> f = name_line("政协临沧市委员会主席  李 四")
    >>> f.speaker, f.position, f.unit
    ('李四', '主席', '临沧市')
    >>> name_line("张三").speaker, name_line("一、坚持党的领导"), name_line("二是")
    ('张三', None, None)
    >>> name_line("主席 王 刚").position
    '主席'
    >>> name_line("扎西顿珠"), name_line("扎西顿珠", known_place=True).speaker  # after a dateline
    (None, '扎西顿珠')
    """
    m = _NAME.match(line.strip())
    if not m:
        return None
    name = re.sub(r"\s+", "", m.group("name"))
    if not looks_like_name(name) and not (known_place and not _NOT_NAMES.match(name)):
        return None
    unit = next((u for u in (m.group("unit2"), m.group("unit")) if u and _names_unit(u)), None)
    position = _clean_position(m.group("position") or m.group("position2"))
    return Found(speaker=re.sub(r"\s+", "", m.group("name")), position=position,
                 unit=unit)


def news_lead(sentences: str, page_date: str | None = None) -> Found | None:
    """The unit, official and date of a news report's lead (``<date>，<unit>政协召开…。<unit>政协主席<name>
    出席并讲话``); None unless the lead reports a CPPCC meeting or event.

    Parameters
    ----------
    sentences : str
        The first paragraph of the report.
    page_date : str, optional
        The page's date (ISO), whose year completes a lead date without one.

    Examples
    --------
    >>> f = news_lead("3月9日，临沧市政协召开五届四次常委会议。市政协主席李四出席并讲话。", "2021-03-10")
    >>> f.unit, f.speaker, f.position, f.date
    ('临沧市', '李四', '主席', '2021-03-09')
    """
    sentences = _short(sentences)
    if not _LEAD_VERB.search(sentences):
        return None
    official = _OFFICIAL.search(sentences)
    found = Found(unit=unit_in(sentences), session=session_of(sentences))
    if official:
        found.speaker, found.position = official.group("name"), _clean_position(official.group("position"))
        own = official.group("unit")
        if own and _names_unit(own):
            found.unit = found.unit or own
    m = _LEAD_DATE.match(sentences)
    year = m.group("y") if m else None
    if m and (year or page_date):
        y, mo, d = int(year or page_date[:4]), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            found.date = f"{y:04d}-{mo:02d}-{d:02d}"
    return found
