"""Dates a page states: ``<year>年<month>月<day>日`` in Arabic or Chinese numerals, a month and day
completed with a year the page gives, date lines (in brackets or not, also with 年 and 月 lost)."""
from __future__ import annotations

import re

__all__ = ["chinese_date", "month_day", "complete_date", "bracket_date", "date_line", "starts_range"]

_DATE_ZH = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年"
                      r"\s*([\d一二三四五六七八九十]{1,3})\s*月"
                      r"\s*([\d一二三四五六七八九十]{1,3})\s*日")
_MONTH_DAY = re.compile(r"(?<![\d年])(?<!年\s)(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                        r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]")
_BRACKET_DATE = re.compile(r"^[（(]\s*(?P<date>.{6,20}?日)\s*(?:上午|下午|晚上)?\s*[)）]$")
_LOST_DATE = re.compile(r"^[（(]?((?:19|20)\d{2})(\d{2,4})日[)）]$")
_PLAIN_DATE = re.compile(r"^(?P<date>(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年.{1,10}?日)$")


_RANGE_END = re.compile(r"\s*(?:至|到|—|－|-|~|～|–)\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*)?"
                        r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]")


def starts_range(text: str) -> bool:
    """Whether the first date of a text (``<year>年<month>月<day>日`` or ``<month>月<day>日``) opens a
    range of days (5月25日至28日, 2月28日-3月1日): an event over several days has no one event date.

    Examples
    --------
    >>> starts_range("5月25日至28日，政协某县八届四次会议召开"), starts_range("2月28日-3月1日，会议召开")
    (True, True)
    >>> starts_range("5月25日，政协某县八届四次会议召开。会期至28日")
    False
    """
    full, md = _DATE_ZH.search(text), _MONTH_DAY.search(text)
    first = min((m for m in (full, md) if m), key=lambda m: m.start(), default=None)
    return bool(first and _RANGE_END.match(text, first.end()))


def _numeral(g: str) -> int:
    import cn2an

    if g.isdigit():
        return int(g)
    if len(g) == 4:
        return int(cn2an.transform(g, "cn2an"))
    return int(cn2an.cn2an(g, "smart"))


def chinese_date(text: str) -> str | None:
    """The first ``<year>年<month>月<day>日`` date of a text, Arabic or Chinese numerals, as ISO.

    Examples
    --------
    >>> chinese_date("——二〇二一年一月十日在政协某市第五届委员会第四次会议上"), chinese_date("2021年3月9日")
    ('2021-01-10', '2021-03-09')
    """
    m = _DATE_ZH.search(text)
    if not m:
        return None
    try:
        y, mo, d = (_numeral(g) for g in m.groups())
    except ValueError:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def month_day(text: str) -> tuple[int, int] | None:
    """The first ``<month>月<day>日`` of a text that has no year, as ``(month, day)``.

    Examples
    --------
    >>> month_day("—在3月2日政协常宁市第十一届委员会第五次会议上"), month_day("2021年3月2日") is None
    ((3, 2), True)
    """
    m = _MONTH_DAY.search(text)
    if not m:
        return None
    try:
        mo, d = _numeral(m.group(1)), _numeral(m.group(2))
    except ValueError:
        return None
    return (mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else None


def complete_date(md: tuple[int, int] | None, ref: str | None, within: int = 45,
                  after: int = 0) -> str | None:
    """A month and day completed with the year of ``ref`` (ISO): the year before if it falls after ``ref``;
    None if the date would lie more than ``within`` days before ``ref`` (a page published months after
    the event, a content farm's upload date, does not tell its year). With ``after``, a date up to that
    many days after ``ref`` is accepted too (``ref`` a date the text names, not the publication date).

    Examples
    --------
    >>> complete_date((3, 2), "2021-03-08"), complete_date((12, 30), "2022-01-03")
    ('2021-03-02', '2021-12-30')
    >>> complete_date((3, 2), None) is None, complete_date((1, 26), "2021-08-31") is None
    (True, True)
    >>> complete_date((12, 22), "2023-12-27", after=45)
    '2023-12-22'
    """
    import datetime as dt

    if md is None or not ref:
        return None
    try:
        until = dt.date.fromisoformat(ref[:10])
        days = [dt.date(y, md[0], md[1]) for y in (until.year - 1, until.year, until.year + 1)]
    except ValueError:
        return None
    near = [d for d in days if -after <= (until - d).days <= within]
    return min(near, key=lambda d: abs((until - d).days)).isoformat() if near else None


def bracket_date(line: str) -> str | None:
    """The date of a line that is only a date in brackets (``（2021年3月9日）``), as ISO.

    Examples
    --------
    >>> bracket_date("（2021年3月9日）"), bracket_date("(二〇二〇年十二月八日)"), bracket_date("（书面发言）")
    ('2021-03-09', '2020-12-08', None)
    """
    m = _BRACKET_DATE.match(line.strip())
    return chinese_date(m.group("date")) if m else None


def date_line(line: str) -> str | None:
    """The date of a line that is only a full Chinese date (``2022年8月3日``), or in brackets, as ISO; also
    a bracketed date whose 年 and 月 a converter lost (``2012324日）``) where only one reading is a date.

    Examples
    --------
    >>> date_line("2022年8月3日"), date_line("（2021年3月9日）"), date_line("2022-08-03 10:20")
    ('2022-08-03', '2021-03-09', None)
    >>> date_line("2012324日）"), date_line("（2012111日）")  # 11-1 or 1-11: no reading
    ('2012-03-24', None)
    """
    s = line.strip()
    m = _PLAIN_DATE.match(s)
    if m:
        return chinese_date(m.group("date"))
    lost = _LOST_DATE.match(s)
    if lost:
        y, digits = lost.group(1), lost.group(2)
        reads = {(int(digits[:k]), int(digits[k:])) for k in (1, 2) if k < len(digits)}
        reads = [(mo, d) for mo, d in reads if 1 <= mo <= 12 and 1 <= d <= 31]
        return f"{y}-{reads[0][0]:02d}-{reads[0][1]:02d}" if len(reads) == 1 else None
    return bracket_date(s)
