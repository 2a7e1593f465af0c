"""Converter artefacts: bracketed pinyin after characters (政協(xié)), and the residue of converters that
lost the character and the opening bracket (日?qǐng)?bào)."""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import product

from ..normalize import to_simplified
from .base import HAN as _HAN

__all__ = ["strip_pinyin"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_BRACKET = re.compile(
    rf"(?P<han>[{_HAN}]{{1,4}})(?P<open>\s?[(（])\s*"
    rf"(?P<py>[a-zA-Z{_TONED}:'’][a-zA-Z{_TONED}:'’ 1-5]{{0,40}}?)\s*[)）]"
)

# what every such bracket holds: an opening bracket, then (after spaces) a letter of pinyin
_PINYIN_OPEN = re.compile(rf"[(（]\s*[a-zA-Z{_TONED}:'’]")


# a converter that lost the character and the opening bracket: 日?qǐng)?bào)
_RESIDUE = re.compile(rf"[?？](?P<py>[a-zA-Z{_TONED}]{{1,7}})[)）]")
_SYLLABLE = re.compile(r"^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:i|u|v)?"
                       r"(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|"
                       r"er|i|u|v|in|un|ing|ia|ie|iu|ua|uo|ui|ue|ve|iao|ian|iang|iong|uai|uan|uang|van)$")


def _plain_pinyin(s: str) -> str:
    """Lower-case pinyin without tones, spaces, apostrophes or tone digits; ü as v."""
    s = s.lower().replace("u:", "v").replace("ü", "v")
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"[\s'’1-5]", "", s)


@cache
def _readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin  # imported lazily: loading the dictionary takes a moment

    out: set[str] = set()
    for c in dict.fromkeys((ch, to_simplified(ch))):
        for r in pinyin(c, style=Style.NORMAL, heteronym=True, errors="ignore", v_to_u=False)[:1]:
            out.update(x.replace("ü", "v") for x in r)
    return tuple(sorted(out))


def _pinyin_of(chars: str, syllables: str) -> bool:
    """Whether the plain pinyin ``syllables`` reads the characters ``chars``."""
    options = [_readings(c) for c in chars]
    if not all(options):
        return False
    return any("".join(combo) == syllables for combo in product(*options))


def strip_pinyin(line: str) -> tuple[str, int]:
    """Remove bracketed pinyin that a bad converter left after characters.

    A bracket right after Chinese characters is removed when its content is a reading of the
    character(s) before it, by pypinyin (all readings of a polyphonic character count; tone marks,
    tone digits and spaces are ignored). Any other bracketed text stays: years, notes such as
    (试行), continuation marks, English abbreviations (all upper case is never pinyin here). A
    deliberate pronunciation gloss (馕(náng)) has the same shape and is removed too.

    Parameters
    ----------
    line : str
        One line, Traditional or Simplified, half- or full-width brackets.

    Returns
    -------
    tuple of (str, int)
        The repaired line and the number of brackets removed.

    Examples
    --------
    >>> strip_pinyin("全國政協(xié)委(wei)員的經（jīng）驗")
    ('全國政協委員的經驗', 3)
    >>> strip_pinyin("政协(zheng xie)工作（xie2 shang1）")
    ('政协工作（xie2 shang1）', 1)
    >>> strip_pinyin("(上接第一版)办法(试行)于(2021)年发布,政协(CPPCC)")
    ('(上接第一版)办法(试行)于(2021)年发布,政协(CPPCC)', 0)

    A converter that lost the character and its opening bracket leaves ``?`` and the pinyin
    (日?qǐng)?bào)): such a residue is removed when it holds a tone mark or reads as a syllable.

    >>> strip_pinyin("人民政协日?qǐng)?bào)评论"), strip_pinyin("是否可行?(见附件)")
    (('人民政协日评论', 2), ('是否可行?(见附件)', 0))
    """
    n = 0

    def repl(m: re.Match) -> str:
        nonlocal n
        raw = m.group("py")
        if raw.isupper() and len(raw) > 1:
            return m.group(0)  # an abbreviation (CPPCC, NGO), not a converter's pinyin
        syllables = _plain_pinyin(raw)
        han = m.group("han")
        for k in range(1, len(han) + 1):  # the bracket may read the last k characters
            if syllables and _pinyin_of(han[-k:], syllables):
                n += 1
                return han
        return m.group(0)

    def residue(m: re.Match) -> str:
        nonlocal n
        raw = m.group("py")
        if raw.isascii() and not _SYLLABLE.match(_plain_pinyin(raw)):
            return m.group(0)
        n += 1
        return ""

    out, before = line, None
    if "?" in out or "？" in out:
        out = _RESIDUE.sub(residue, out)
    if "(" not in out and "（" not in out:  # no bracket: nothing to do (most lines)
        return out, n
    if not _PINYIN_OPEN.search(out):  # no bracket opens on a letter (（试行）, （2021）): nothing to do
        return out, n
    while out != before:  # 協(xié)(xie): the second bracket follows the character once the first is gone
        before, out = out, _PINYIN_BRACKET.sub(repl, out)
    return out, n
