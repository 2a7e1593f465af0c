"""Mojibake: 锟斤拷 and its cousins, UTF-8 read as Latin-1, replacement characters."""
from __future__ import annotations

import re

__all__ = ["mojibake", "replace_kunjinkao"]

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
    # every run holds 斤拷, 烫烫 or 屯屯: a text without them is not searched
    hits = list(_KUNJINKAO.finditer(text)) if "斤拷" in text or "烫烫" in text or "屯屯" in text else []
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
