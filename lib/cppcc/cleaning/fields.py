"""Metadata fields: the value after a label (来源：, 编辑：), never the next field's label."""
from __future__ import annotations

import re

from .base import HAN as _HAN
from .base import simple as _simple

__all__ = ["field_value"]

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
