"""Phase 1, decode: a page's bytes to text, with the encoding it was read in."""
from __future__ import annotations

import codecs
import re
import warnings
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from operator import ne

from ..cleaning import looks_utf16
from ..normalize import _CJK_RUN, cjk_characters, to_simplified
from .files import CorpusError, CorpusWarning

__all__ = ["decode", "decode_page", "Decoded", "looks_html", "detect_script", "script_of"]

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
# declared names -> the superset codec that decodes what sites actually serve under that name
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "big5": "big5hkscs", "x-big5": "big5hkscs", "cp950": "big5hkscs"}
_LOOKS_HTML = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def looks_html(text: str) -> bool:
    """Whether a page's text starts like an HTML document (comments, doctype, ``<html>``…).

    Examples
    --------
    >>> looks_html("<!DOCTYPE html><html>"), looks_html("政协主席")
    (True, False)
    """
    return bool(_LOOKS_HTML.match(text[:2048]))


@dataclass
class Decoded:
    """A page's text, the codec it was read in, the bytes that could not be read (each replaced by
    U+FFFD: ``(byte offset, character offset)``) and a note when the codec is a guess (else None)."""

    text: str
    encoding: str
    damage: list[tuple[int, int]] = field(default_factory=list)
    unsure: str | None = None

    def lines(self) -> list[int]:
        """The 1-based line (:func:`~cppcc.corpus.lines.split_lines`) of each damaged place."""
        return [len(_BREAK.findall(self.text, 0, at)) + 1 for _, at in self.damage]


_BREAK = re.compile(r"\r\n|\r|\n")


def _lenient(raw: bytes, codec: str, limit: int) -> Decoded | None:
    """``raw`` in ``codec`` with each undecodable byte run replaced by U+FFFD, or None if there are more
    than ``limit`` such runs (then the page is not in ``codec``)."""
    out: list[str] = []
    damage: list[tuple[int, int]] = []
    pos, n = 0, 0
    while True:
        try:
            out.append(raw[pos:].decode(codec))
            return Decoded("".join(out), codec, damage)
        except UnicodeDecodeError as exc:
            if len(damage) >= limit:
                return None
            good = raw[pos:pos + exc.start].decode(codec)
            out.append(good)
            n += len(good)
            damage.append((pos + exc.start, n))
            out.append("\ufffd")
            n += 1
            pos += max(exc.end, exc.start + 1)


def _limit(raw: bytes) -> int:
    """How many damaged places a page may have and still be read: a few, or one per 1,000 bytes."""
    return max(3, len(raw) // 1000)


def _from_bom(raw: bytes, where: str) -> Decoded | None:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(codec), codec)
            except UnicodeDecodeError as exc:
                found = _lenient(raw, codec, _limit(raw)) if codec == "utf-8-sig" else None
                if found is None and codec != "utf-8-sig":  # UTF-16/32: a cut-off last character
                    text = raw.decode(codec, errors="replace")
                    if text.count("\ufffd") <= _limit(raw):
                        at = text.index("\ufffd")
                        return Decoded(text, codec, [(exc.start, at)])
                if found is None:
                    raise CorpusError(f"{where}: starts with a {codec} byte-order mark but is not valid "
                                      f"{codec} ({exc.reason} at byte {exc.start})") from None
                return found
    return None


def _from_meta(raw: bytes, where: str) -> Decoded | None:
    m = _META_CHARSET.search(raw[:8192])
    if not m:
        return None
    declared = m.group(1).decode("ascii").lower()
    for codec in dict.fromkeys([_SUPERSET.get(declared, declared), declared]):
        try:
            codecs.lookup(codec)
            return Decoded(raw.decode(codec), codec)
        except (LookupError, UnicodeDecodeError):
            continue
    warnings.warn(f"{where}: declared charset {declared!r} does not decode the page; "
                  "detecting the encoding instead", CorpusWarning, stacklevel=6)
    return None


@cache
def _common_chars() -> frozenset[str]:
    """The characters of ordinary Chinese text: GB2312's first level (3,755 Simplified), Big5's first
    level (5,401 Traditional) and CJK punctuation."""
    out = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with suppress(UnicodeDecodeError):
                out.add(bytes([lead, trail]).decode("gb2312"))
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            if (lead, trail) <= (0xC6, 0x7E):
                with suppress(UnicodeDecodeError):
                    out.add(bytes([lead, trail]).decode("big5"))
    out.update(map(chr, range(0x3000, 0x3040)))
    out.update(map(chr, range(0xFF01, 0xFF5F)))
    out.update("“”‘’…—·•")
    return frozenset(out)


def _chinese_score(text: str) -> float:
    """The share of a text's non-ASCII characters that ordinary Chinese text holds (:func:`_common_chars`)."""
    wide = [ch for ch in text[:20000] if not ch.isascii()]
    if not wide:
        return 0.0
    common = _common_chars()
    return sum(ch in common for ch in wide) / len(wide)


def _chinese(raw: bytes, where: str) -> Decoded | None:
    """GB18030 or Big5, whichever reads as ordinary Chinese text (also a page of one or two lines); a
    close call or a poor reading gets a note in ``unsure``."""
    scores: dict[str, tuple[float, str]] = {}
    for codec in ("gb18030", "big5", "big5hkscs"):
        if codec == "big5hkscs" and "big5" in scores:
            continue
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        scores[codec] = (_chinese_score(text), text)
    if not scores:
        return None
    ranked = sorted(scores, key=lambda c: -scores[c][0])  # ties: GB18030 (listed first)
    best = ranked[0]
    score = scores[best][0]
    if score < 0.5:
        return None  # no ordinary Chinese in either reading
    n_wide = sum(1 for ch in scores[best][1][:20000] if not ch.isascii())
    second = scores[ranked[1]][0] if len(ranked) > 1 else 0.0
    unsure = None
    if score < 0.9 or score - second < 0.2 or n_wide < 6:
        others = ", ".join(f"{c} {scores[c][0]:.0%}" for c in ranked[1:])
        unsure = (f"encoding guessed as {best} ({score:.0%} of its characters are common Chinese"
                  + (f"; {others}" if others else "") + "); check the page")
    return Decoded(scores[best][1], best, unsure=unsure)


def _detected(raw: bytes, where: str) -> Decoded:
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf8 = _lenient(raw, "utf-8", _limit(raw))  # a few bad bytes in a UTF-8 page (a cut-off character)
    if utf8 is not None and len(cjk_characters(utf8.text)) >= 3 * len(utf8.damage):
        return utf8
    found = _chinese(raw, where)
    if found is not None:
        return found
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise CorpusError(f"{where}: cannot decode the file: not UTF-8 and no known "
                          "encoding fits (is it binary?)") from None
    return Decoded(str(best), best.encoding)


def decode(raw: bytes, where: str, html_hint: bool = False) -> tuple[str, str]:
    """Decode a page's bytes: ``(text, codec)`` of :func:`decode_page`.

    Examples
    --------
    >>> decode("政协委员围绕民生开展协商。".encode("gb18030"), "x.txt")
    ('政协委员围绕民生开展协商。', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbf" + "委员".encode(), "x.txt")
    ('委员', 'utf-8-sig')
    >>> decode("政协委员\\n".encode("utf-16-le"), "x.txt")  # UTF-16 without a byte-order mark
    ('政协委员\\n', 'utf-16-le')
    """
    d = decode_page(raw, where, html_hint)
    return d.text, d.encoding


def decode_page(raw: bytes, where: str, html_hint: bool = False) -> Decoded:
    """Decode a page's bytes: a byte-order mark, else UTF-16 without one (bytes with NULs that
    read as Chinese text), else an HTML ``<meta charset>``, else UTF-8, else GB18030 or Big5
    (whichever reads as ordinary Chinese, also on a page of one line), else ``charset-normalizer``'s
    best guess.

    A damaged page is read, not rejected: a few bytes that do not decode (one per 1,000 bytes, at
    least three: an invalid byte, a cut-off last character) and a few NUL bytes become U+FFFD, and
    :attr:`Decoded.damage` says where.

    Parameters
    ----------
    raw : bytes
        The file's content.
    where : str
        The file's name, for error messages.
    html_hint : bool
        The file's name says HTML (``.htm``/``.html``): look for a ``<meta charset>`` even if
        the text does not start like HTML.

    Returns
    -------
    Decoded
        The text (without a BOM), the codec, the damaged places and a note when the codec is a guess.

    Raises
    ------
    CorpusError
        Empty, binary, undecodable, or no Chinese characters; the message starts with ``where``.

    Examples
    --------
    >>> d = decode_page("委员们开展协商。".encode() + b"\\xff" + "建言".encode()[:-1], "x.txt")
    >>> d.text, d.encoding, d.damage
    ('委员们开展协商。\ufffd建\ufffd', 'utf-8', [(24, 8), (28, 10)])
    >>> decode_page("议政".encode("gb18030"), "x.txt").unsure is not None  # two characters: a guess
    True
    """
    if not raw.strip(b" \t\r\n\x00\x0b\x0c"):
        raise CorpusError(f"{where}: file is empty")
    found = _from_bom(raw, where)
    nul_damage: list[int] = []
    if found is None and b"\x00" in raw:
        codec = looks_utf16(raw)
        if codec:
            found = Decoded(raw.decode(codec), codec)
        else:
            nul_damage = [m.start() for m in re.finditer(b"\x00", raw)]
            if len(nul_damage) > _limit(raw):
                raise CorpusError(f"{where}: looks like a binary file (contains NUL bytes and is not "
                                  "UTF-16 text), not a text or HTML page")
    if found is None and (html_hint or looks_html(raw[:2048].decode("latin-1"))):
        found = _from_meta(raw, where)
    found = found if found is not None else _detected(raw, where)
    if nul_damage:  # a NUL decodes as itself in every codec read here: U+FFFD, and noted
        at = [i for i, ch in enumerate(found.text) if ch == "\x00"]
        found.damage = sorted(found.damage + list(zip(nul_damage, at)), key=lambda d: d[1])
        found.text = found.text.replace("\x00", "\ufffd")
    text, enc = found.text, found.encoding
    if text.startswith("\ufeff"):
        n = len(text) - len(text.lstrip("\ufeff"))
        found.text = text = text[n:]
        found.damage = [(b, c - n) for b, c in found.damage]
    if not text.strip():
        raise CorpusError(f"{where}: file is empty (only whitespace after decoding as {enc})")
    bad = len(_BAD_CONTROL.findall(text)) - len(found.damage)
    if bad > max(2, len(text) // 100):
        raise CorpusError(f"{where}: decoded as {enc} but {bad} characters are control or replacement "
                          "characters; the file looks binary or wrongly encoded")
    if not _CJK_RUN.search(text):  # one Chinese character is enough: found without collecting them all
        raise CorpusError(f"{where}: contains no Chinese characters (decoded as {enc}); "
                          "not a page of speeches")
    return found


def detect_script(text: str) -> str:
    """``"traditional"``, ``"simplified"`` (or ``"unknown"`` without Chinese characters).

    Examples
    --------
    >>> detect_script("政協委員們在會議上發言"), detect_script("政协委员们在会议上发言")
    ('traditional', 'simplified')
    """
    sample = cjk_characters(text)[:20000]
    if not sample:
        return "unknown"
    changed = sum(map(ne, sample, to_simplified(sample)))  # map in C: a tenth of a generator's time
    return "traditional" if changed > max(2, len(sample) // 200) else "simplified"


def _changed_by_line(lines: list[str], simple: list[str], joined: str) -> str | None:
    """:func:`script_of` for a page ``joined`` of at most 20,000 characters, counting the changed Chinese
    characters line by line and stopping once they make the page Traditional (more than its characters
    could allow, ``len(joined) // 200``: the page's own count is then not needed); None when a line's
    conversion changed its number of Chinese characters (the page's characters are then compared whole)."""
    bound, changed = max(2, len(joined) // 200), 0
    for s, t in zip(lines, simple):
        if s == t:
            continue
        a, b = cjk_characters(s), cjk_characters(t)
        if len(a) != len(b):
            return None
        changed += sum(map(ne, a, b))
        if changed > bound:
            return "traditional"
    n = len(cjk_characters(joined))
    if not n:
        return "unknown"
    return "traditional" if changed > max(2, n // 200) else "simplified"


def script_of(lines: list[str], simple: list[str]) -> str:
    """:func:`detect_script` of a page's lines from their Simplified forms (``simple``, converted
    already: :func:`cppcc.normalize.simplified_lines`): the share of the first 20,000 Chinese
    characters that the conversion changed.

    Examples
    --------
    >>> script_of(["政協委員們", "在會議上發言"], ["政协委员们", "在会议上发言"])
    'traditional'
    >>> script_of(["政协委员们"], ["政协委员们"]), script_of(["2020"], ["2020"])
    ('simplified', 'unknown')
    """
    joined, converted = "\n".join(lines), "\n".join(simple)
    if joined == converted:  # nothing converted (a Simplified page): no character changed
        return "simplified" if _CJK_RUN.search(joined) else "unknown"
    # the lines' own characters compared, line by line, until the count decides
    if len(joined) <= 20000 and len(lines) == len(simple):
        found = _changed_by_line(lines, simple, joined)
        if found is not None:
            return found
    a, b = cjk_characters(joined), cjk_characters(converted)
    if len(a) != len(b):  # a conversion changed the length somewhere: the characters' own conversion
        b = cjk_characters(to_simplified(a[:20000]))
    a = a[:20000]
    if not a:
        return "unknown"
    changed = sum(map(ne, a, b))
    return "traditional" if changed > max(2, len(a) // 200) else "simplified"
