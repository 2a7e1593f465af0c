"""Text normalisation shared by the loader and the text pipeline.

Every normalised text in the project goes through :func:`normalize_text`:

1. Unicode clean-up: stray control characters dropped, full-width Latin letters and
   digits folded to ASCII (NFKC, applied to those code points only, so that Chinese
   full-width punctuation is *kept*), ideographic and no-break spaces made plain.
2. Traditional -> Simplified with OpenCC (``t2s``), then a small table of variant
   characters that OpenCC leaves alone (see :data:`VARIANTS`).
3. Half-width punctuation used inside Chinese text made full-width (``,`` -> ``，``,
   ``:`` -> ``：``, ``"..."`` -> ``“...”``), but left alone between digits
   (``22:16``, ``1,000``) and inside Latin text.

The original text is never round-tripped: callers keep it next to the normalised one.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

__all__ = ["normalize_text", "normalize_lines", "to_simplified", "simplified_lines", "clear_memo",
           "fix_punctuation", "clean_unicode", "VARIANTS", "is_cjk", "cjk_characters"]

# Variant characters that OpenCC's t2s leaves unconverted, mapped to the standard
# Simplified form (Table of General Standard Chinese Characters, 2013).
VARIANTS: dict[str, str] = {
    "偺": "咱", "囙": "因", "隂": "阴", "衆": "众", "夥": "伙", "甯": "宁", "鍊": "炼",
    "麪": "面", "綫": "线", "牀": "床", "菓": "果", "祕": "秘", "羣": "群", "峯": "峰",
    "脣": "唇", "裏": "里", "爲": "为", "僞": "伪", "晳": "皙", "鬭": "斗",
    "汙": "污", "敍": "叙", "鷄": "鸡", "吿": "告", "兌": "兑", "戶": "户", "黃": "黄",
    "眞": "真", "稅": "税", "說": "说", "內": "内", "靑": "青", "淸": "清", "晉": "晋",
    "為": "为", "峽": "峡", "產": "产", "溫": "温", "顏": "颜",
    # found in the seed page (陜西省) and by checking OpenCC 1.1 t2s on common variants
    "陜": "陕", "衞": "卫", "姙": "妊", "妬": "妒", "粧": "妆", "牠": "它", "隄": "堤", "枱": "台",
    "蔴": "麻",
}

_CJK_RANGES = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2EBEF), (0x30000, 0x3134F),
)


def is_cjk(ch: str) -> bool:
    """True if ``ch`` is a CJK unified ideograph (any extension block).

    >>> is_cjk("政"), is_cjk("，"), is_cjk("𠀀")
    (True, False, True)
    """
    cp = ord(ch)  # the ranges of _CJK_RANGES, unrolled and the commonest first (called per character)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x2EBEF or 0x30000 <= cp <= 0x3134F)


_CJK_RUN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]+")


def cjk_characters(text: str) -> str:
    """The CJK unified ideographs of ``text`` (:func:`is_cjk`), in order, as one string.

    ``"".join(ch for ch in text if is_cjk(ch))``, found by one regular expression instead of a
    Python call per character.

    >>> cjk_characters("2020年，政協(xié)委員 ok")
    '年政協委員'
    """
    return "".join(_CJK_RUN.findall(text))


# Full-width ASCII letters and digits (U+FF10-FF19, FF21-FF3A, FF41-FF5A) -> ASCII.
_FULLWIDTH_ALNUM = {cp: chr(cp - 0xFEE0) for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for cp in range(r[0], r[1] + 1)}
_SPACES = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: "", 0xFEFF: ""}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


_SURROGATE = re.compile("[\ud800-\udfff]")
_FOLD = {chr(k): v for k, v in {**_FULLWIDTH_ALNUM, **_SPACES}.items()}
_NEEDS_FOLD = re.compile("[" + "".join(re.escape(c) for c in sorted(_FOLD)) + "]")


def clean_unicode(text: str) -> str:
    """NFC-compose, drop control characters and fold full-width letters/digits and odd spaces.

    >>> clean_unicode("２０２０年\\u3000ＡＢ")
    '2020年 AB'
    >>> clean_unicode("\\ud800x")  # a lone surrogate becomes the replacement character
    '\\ufffdx'
    """
    if _SURROGATE.search(text):  # lone surrogates (from surrogateescape decoding): not encodable
        text = _SURROGATE.sub("\ufffd", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _replace_chars(text, _NEEDS_FOLD, _FOLD)


def _replace_chars(text: str, finder: re.Pattern, table: dict[str, str]) -> str:
    """``text.translate(table)`` for a table whose values share no character with its keys.

    ``str.translate`` with a dict costs a dictionary lookup per character of the text; replacing
    only the few distinct characters that occur is many times faster on long texts.
    """
    found = set(finder.findall(text))
    for ch in found:
        text = text.replace(ch, table[ch])
    return text


@functools.lru_cache(maxsize=4)
def _converter(config: str):
    import opencc  # imported lazily: loading the dictionaries takes a moment

    try:
        return opencc.OpenCC(config)
    except Exception:  # older bindings want the .json suffix
        return opencc.OpenCC(config + ".json")


_HAS_VARIANT = re.compile("[" + "".join(re.escape(c) for c in VARIANTS) + "]")


# Place names whose 乾 (qián) OpenCC t2s turns into 干 (乾县 -> 干县): the character is protected
# by a private-use placeholder during the conversion.
_KEEP_QIAN = re.compile(r"乾(?=[县縣安])")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC ``t2s`` plus :data:`VARIANTS`.

    Simplified input passes through unchanged. Lines are remembered (:func:`simplified_lines` converts
    a page's lines in one call and remembers each), so the loader's rules, which all read a line's
    Simplified form, convert it once.

    >>> to_simplified("臨滄市政協主席李銀峰")
    '临沧市政协主席李银峰'
    >>> to_simplified("陝西省乾縣、吉林省乾安县")
    '陕西省乾县、吉林省乾安县'
    """
    if not text:
        return text
    if len(text) > _MEMO_CHARS:
        return _to_simplified(text)
    out = _LINES.get(text)
    if out is None:
        out = _to_simplified(text)
        _remember(text, out)
    return out


_MEMO_CHARS = 20_000  # longer texts are converted each time (a whole page, a one-line 50 MB page)
_MEMO_BUDGET = 4_000_000  # characters held by the memo of lines before it is emptied (~16 MB)
_LINES: dict[str, str] = {}
_memo_size = 0


def _remember(text: str, out: str) -> None:
    global _memo_size
    if _memo_size > _MEMO_BUDGET:
        _LINES.clear()
        _memo_size = 0
    _LINES[text] = out
    _memo_size += len(text) + len(out)


def clear_memo() -> None:
    """Empty the memo of converted lines (for timing; it empties itself beyond ~4 M characters)."""
    global _memo_size
    _LINES.clear()
    _memo_size = 0


def simplified_lines(lines: Sequence[str]) -> list[str]:
    """``[to_simplified(s) for s in lines]`` in one OpenCC call, each line remembered for
    :func:`to_simplified` (the loader's rules then read it without converting it again).

    Lines are joined with ``"\\n"`` (OpenCC never converts across a line break) and split again;
    texts holding a line break, or a joint that does not split back, are converted one by one.

    >>> simplified_lines(["臨滄市政協", "", "說"])
    ['临沧市政协', '', '说']
    """
    global _memo_size
    items = list(lines)
    get = _LINES.get
    todo = [s for s in dict.fromkeys(items) if s and len(s) <= _MEMO_CHARS and get(s) is None]
    if todo:
        joined = "\n".join(todo)
        # one call unless a text holds a line break itself (or the placeholder of 乾)
        parts = _to_simplified(joined).split("\n") if joined.count("\n") == len(todo) - 1 \
            and "\ue000" not in joined else None
        if parts is None or len(parts) != len(todo):
            parts = [_to_simplified(s) for s in todo]
        size = sum(map(len, todo)) + sum(map(len, parts))
        if size <= _MEMO_BUDGET:  # remembered at once (emptied first if full)
            if _memo_size > _MEMO_BUDGET:
                clear_memo()
            _LINES.update(zip(todo, parts))
            _memo_size += size
        else:
            for s, out in zip(todo, parts):
                _remember(s, out)
    return [(get(s) or to_simplified(s)) if s else s for s in items]


def _to_simplified(text: str) -> str:
    protect = "乾" in text and "\ue000" not in text
    if protect:
        text = _KEEP_QIAN.sub("\ue000", text)
    out = _replace_chars(_converter("t2s").convert(text), _HAS_VARIANT, VARIANTS)
    return out.replace("\ue000", "乾") if protect else out


_CJK_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’"
_MARKS = ",:;?!()"
_PUNCT_TABLE = str.maketrans(",:;?!()", "，：；？！（）")
_IS_CLASS = re.compile(rf"[{_CJK_CLASS}]").match
# a mark alone at the end of a line after Chinese and whitespace ("中文 ,")
_LINE_END_MARK = re.compile(rf"(?<=[{_CJK_CLASS}])\s*[,:;?!()]\s*$", re.M)
_MAYBE_LINE_END_MARK = re.compile(r"\s[,:;?!()]\s*$", re.M)
_ANY_HALF = re.compile(r'[,:;?!()"]')
_STRAIGHT_QUOTES = re.compile(rf'"([^"\n]*[{_CJK_CLASS}][^"\n]*)"')


# one substitution per mark, for a mark alone between two other characters (the common case): it
# starts with the mark itself, so the regex engine jumps from one occurrence to the next
_SINGLE_MARKS = [
    (m, re.compile(rf"{re.escape(m)}(?:(?<=[{_CJK_CLASS}]{re.escape(m)})|(?=[{_CJK_CLASS}]))"), full)
    for m, full in zip(_MARKS, "，：；？！（）")
]
_MULTI_MARKS = re.compile(r"[,:;?!()]{2,}")


def _fix_runs(text: str) -> str:
    """Full-width every run of half-width marks that touches a Chinese character or full-width mark.

    A mark next to Chinese becomes full-width, and so, in turn, does a mark next to it: the whole
    run of adjacent marks changes once one end of it touches Chinese. Runs of two or more marks
    are decided first, as a whole; then every single mark by its two neighbours (which are not
    marks, so no change can affect another).
    """
    if _MULTI_MARKS.search(text):
        n = len(text)

        def run(m: re.Match) -> str:
            s, e = m.span()
            if (s and _IS_CLASS(text[s - 1])) or (e < n and _IS_CLASS(text[e])):
                return m.group().translate(_PUNCT_TABLE)
            return m.group()

        text = _MULTI_MARKS.sub(run, text)
    for mark, rx, full in _SINGLE_MARKS:
        if mark in text:  # most texts hold one or two of the marks: the others' substitutions are spared
            text = rx.sub(full, text)
    return text


def fix_punctuation(text: str) -> str:
    """Make half-width punctuation inside Chinese text full-width.

    Marks between digits (``22:16``) or inside Latin text stay as they are.

    >>> fix_punctuation('边境线长300公里,有3个县:"有事好商量"(试点)')
    '边境线长300公里，有3个县：“有事好商量”（试点）'
    >>> fix_punctuation("2020年08月24日 22:16, Hello, world")
    '2020年08月24日 22:16, Hello, world'
    """
    if not _ANY_HALF.search(text):  # nothing to do (e.g. text that is already normalised)
        return text
    if '"' in text:
        text = _STRAIGHT_QUOTES.sub(lambda m: "“" + m.group(1) + "”", text)
    text = _fix_runs(text)
    # a mark alone at a line end after Chinese and whitespace; one such mark can make the next
    # line's lone mark qualify in turn, hence the loop (rarely more than one pass)
    while _MAYBE_LINE_END_MARK.search(text):
        new = _LINE_END_MARK.sub(lambda m: m.group().translate(_PUNCT_TABLE), text)
        if new == text:
            break
        text = new
    return text


def normalize_text(text: str | None) -> str:
    """The project's one normalisation: clean Unicode, Simplified script, full-width Chinese punctuation.

    ``None`` gives ``""``.

    >>> normalize_text("邊境線長300公里,有3個縣與緬甸山水相連")
    '边境线长300公里，有3个县与缅甸山水相连'
    """
    if text is None:
        return ""
    return fix_punctuation(to_simplified(clean_unicode(str(text))))


#: joins texts that hold line breaks for one conversion (:func:`normalize_lines`): a private-use
#: character that no step changes, composes with or treats as part of a phrase
_JOINER = "\ue001"


def normalize_lines(lines: Sequence[str | None]) -> list[str]:
    """``[normalize_text(s) for s in lines]``, faster: one Unicode clean-up and one OpenCC call for all.

    The lines are joined with ``"\\n"`` (texts that hold line breaks themselves: with a private-use
    character), cleaned in one piece and split again, converted in one OpenCC call
    (:func:`simplified_lines`, which remembers each line; neither step ever acts across the joint);
    punctuation is then fixed text by text, as :func:`fix_punctuation` treats line ends specially.
    Texts that hold the joint character are normalised one by one.

    >>> normalize_lines(["臨滄市政協", "邊境線長300公里,有3個縣", None])
    ['临沧市政协', '边境线长300公里，有3个县', '']
    >>> normalize_lines(["第一行\\n第二條", "說"])
    ['第一行\\n第二条', '说']
    """
    items = ["" if s is None else str(s) for s in lines]
    joined = "\n".join(items)
    if "\r" not in joined and joined.count("\n") == len(items) - 1:
        joint = "\n"
    elif _JOINER not in joined:
        joint, joined = _JOINER, _JOINER.join(items)
    else:
        return [normalize_text(s) for s in items]
    parts = clean_unicode(joined).split(joint)
    if len(parts) != len(items):  # pragma: no cover - clean-up keeps the joints
        return [normalize_text(s) for s in items]
    if joint != "\n":  # texts holding line breaks: converted one by one
        return [fix_punctuation(to_simplified(s)) for s in parts]
    return [fix_punctuation(s) for s in simplified_lines(parts)]
