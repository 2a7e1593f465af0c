"""Encodings: UTF-16 without a byte-order mark."""
from __future__ import annotations

__all__ = ["looks_utf16"]

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
