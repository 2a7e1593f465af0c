"""Phase 1, decode: a page's bytes to text, with the encoding it was read in."""
from __future__ import annotations

import codecs
import re
import warnings
from operator import ne

from ..cleaning import looks_utf16
from ..normalize import cjk_characters, to_simplified
from .files import CorpusError, CorpusWarning

__all__ = ["decode", "looks_html", "detect_script", "script_of"]

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


def _from_bom(raw: bytes, where: str) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise CorpusError(f"{where}: starts with a {codec} byte-order mark but is not valid "
                                  f"{codec} ({exc.reason} at byte {exc.start})") from None
    return None


def _from_meta(raw: bytes, where: str) -> tuple[str, str] | None:
    m = _META_CHARSET.search(raw[:8192])
    if not m:
        return None
    declared = m.group(1).decode("ascii").lower()
    for codec in dict.fromkeys([_SUPERSET.get(declared, declared), declared]):
        try:
            codecs.lookup(codec)
            return raw.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            continue
    warnings.warn(f"{where}: declared charset {declared!r} does not decode the page; "
                  "detecting the encoding instead", CorpusWarning, stacklevel=6)
    return None


def _detected(raw: bytes, where: str) -> tuple[str, str]:
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise CorpusError(f"{where}: cannot decode the file: not UTF-8 and no known "
                              "encoding fits (is it binary?)") from None
        return str(best), best.encoding


def decode(raw: bytes, where: str, html_hint: bool = False) -> tuple[str, str]:
    """Decode a page's bytes: a byte-order mark, else UTF-16 without one (bytes with NULs that
    read as Chinese text), else an HTML ``<meta charset>``, else UTF-8, else
    ``charset-normalizer``'s best guess.

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
    (str, str)
        The text (without a BOM) and the codec it was decoded with.

    Raises
    ------
    CorpusError
        Empty, binary, undecodable, or no Chinese characters; the message starts with ``where``.

    Examples
    --------
    >>> decode("政协委员围绕民生开展协商。".encode("gb18030"), "x.txt")
    ('政协委员围绕民生开展协商。', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbf" + "委员".encode(), "x.txt")
    ('委员', 'utf-8-sig')
    >>> decode("政协委员\\n".encode("utf-16-le"), "x.txt")  # UTF-16 without a byte-order mark
    ('政协委员\\n', 'utf-16-le')
    """
    if not raw.strip(b" \t\r\n\x00\x0b\x0c"):
        raise CorpusError(f"{where}: file is empty")
    found = _from_bom(raw, where)
    if found is None and b"\x00" in raw:
        codec = looks_utf16(raw)
        found = (raw.decode(codec), codec) if codec else None
        if found is None:
            raise CorpusError(f"{where}: looks like a binary file (contains NUL bytes and is not "
                              "UTF-16 text), not a text or HTML page")
    if found is None and (html_hint or looks_html(raw[:2048].decode("latin-1"))):
        found = _from_meta(raw, where)
    text, enc = found if found is not None else _detected(raw, where)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise CorpusError(f"{where}: file is empty (only whitespace after decoding as {enc})")
    bad = len(_BAD_CONTROL.findall(text))
    if bad > max(2, len(text) // 100):
        raise CorpusError(f"{where}: decoded as {enc} but {bad} characters are control or replacement "
                          "characters; the file looks binary or wrongly encoded")
    if not cjk_characters(text):
        raise CorpusError(f"{where}: contains no Chinese characters (decoded as {enc}); "
                          "not a page of speeches")
    return text, enc


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
    a, b = cjk_characters("\n".join(lines)), cjk_characters("\n".join(simple))
    if len(a) != len(b):  # a conversion changed the length somewhere: the characters' own conversion
        b = cjk_characters(to_simplified(a[:20000]))
    a = a[:20000]
    if not a:
        return "unknown"
    changed = sum(map(ne, a, b))
    return "traditional" if changed > max(2, len(a) // 200) else "simplified"
