"""Hard wraps: lines of a text file broken at a fixed width, mid-sentence or mid-word."""
from __future__ import annotations

import re
from collections import Counter

__all__ = ["hard_wraps"]

_ENDS = "。！？!?；;：:…”’」』）)】"
_OPENS_BLOCK = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]"
                          r"|第[一二三四五六七八九十]+[章节条部分])")


def hard_wraps(lines: list[str], min_lines: int = 3) -> list[bool]:
    """For each line, whether it continues the line before it: the text was hard-wrapped.

    A page is hard-wrapped when at least ``min_lines`` lines that do not end a sentence have the
    same length (the wrap width, counted without surrounding whitespace). A line continues the one
    before it when that one is not blank, ends no sentence and is within one character of the wrap
    width, and it does not itself open a numbered block (一、, （二）, 3.).

    Examples
    --------
    >>> text = ["委员们围绕乡村振兴开展协", "商，提出了十二条建议，得", "到党委政府的重视。", "一、主要做法",
    ...         "会议要求各专委会结合实际", "抓好落实，把协商成果转化", "为工作举措。"]
    >>> hard_wraps(text)
    [False, True, True, False, False, True, True]
    >>> hard_wraps(["一段完整的话。", "另一段完整的话。"])
    [False, False]
    """
    sizes = [len(s.strip()) for s in lines]
    open_ended = Counter(n for s, n in zip(lines, sizes) if n >= 10 and s.strip()[-1] not in _ENDS)
    if not open_ended:
        return [False] * len(lines)
    width, count = open_ended.most_common(1)[0]
    if count < min_lines:
        return [False] * len(lines)
    out = [False] * len(lines)
    for i in range(1, len(lines)):
        prev, cur = lines[i - 1].strip(), lines[i].strip()
        if prev and cur and prev[-1] not in _ENDS and abs(len(prev) - width) <= 1 \
                and not _OPENS_BLOCK.match(cur):
            out[i] = True
    return out
