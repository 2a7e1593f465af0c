"""Tables of contents (目录/提纲) before the text, and paywall or truncation marks."""
from __future__ import annotations

import re

from .base import CN_DIGIT as _CN_DIGIT
from .base import compact as _compact
from .base import simple as _simple

__all__ = ["toc_block", "paywall_reason", "cut_paywall"]

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


# what every mark holds (a line without any is no mark: the search of the mark is spared)
_PAYWALL_HINT = re.compile(r"省略|略去|隐藏|未完|全文|剩余|登录|注册|付费|订阅|会员|充值")


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
