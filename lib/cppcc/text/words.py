"""Corpus words: the names and place brands of a frame that :func:`cppcc.tokens` keeps whole."""

from __future__ import annotations

import functools
import re

import pandas as pd

from ..lexicon import load_lexicon
from ..normalize import normalize_text
from .columns import _SEP
from .kept import kept
from .segmenter import _available_backend, _Segmenter, _segmenter

__all__ = ["corpus_words", "NAME_COLUMNS"]


NAME_COLUMNS: tuple[str, ...] = ("speaker", "officials")
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
_NAME_SPLIT = re.compile(r"[、，,;；/\s]+")
_QUOTED_TERM = re.compile(r"[“「『\"]([^“”「」『』\"\n]{3,10})[”」』\"]")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]{3,10}")
#: metadata columns that name a document's unit (they confirm an ambiguous place form, see corpus_words)
_UNIT_COLUMNS = ("unit", "region", "province", "prefecture", "county")


@functools.cache
def _brand_places() -> tuple:
    """:func:`_build_brand_places`, kept on disk (:mod:`cppcc.text.kept`): a cold first call of
    :func:`cppcc.tokens` reads the tables instead of deriving the short forms of every place."""
    from .cache import _code_digest

    return kept("brand_places", [_code_digest()], _build_brand_places)


def _build_brand_places() -> tuple:
    """What :func:`corpus_words` needs to find ``<place><brand suffix>`` in unquoted text, built once.

    ``(full, others, longest, tails, cores)``: ``full``, the full names of the division table (the
    lexicon's ``place`` words) that have a short form (凤庆县, 蚌山区; a name without one, 和县 or
    城区, also ends common phrases: 省市和县, 老城区); ``others[form]``, for every such name and short
    form, the other forms of the units it names (凤庆 -> 凤庆县, 比如 -> 比如县); ``longest``, the
    longest form; ``tails``, the last two characters of every form (a quick test before the
    look-up); ``cores``, ``(spelling, suffix, [(prefix spelling, longer suffix)])`` for both
    spellings of each :data:`cppcc.lexicon.BRAND_SUFFIXES` entry that does not end another
    (事好商量, 议事厅, 議事廳), with the longer entries that end with it (有事好商量, 协商议事厅). A plain
    substring search per spelling (no normalisation, no regular expression over the text) keeps
    the scan of a large corpus at a few milliseconds.
    """
    from ..lexicon import BRAND_SUFFIXES, place_short_forms

    lex = load_lexicon()
    full: set[str] = set()
    others: dict[str, set[str]] = {}
    for name in lex.loc[lex["source"] == "place", "word"]:
        shorts = place_short_forms(name)
        if shorts:
            full.add(name)
            forms = [name, *shorts]
            for form in forms:
                others.setdefault(form, set()).update(f for f in forms if f != form)
    suffixes = sorted(BRAND_SUFFIXES, key=len, reverse=True)
    cores = []
    for core in suffixes:
        if any(core != s and core.endswith(s) for s in suffixes):
            continue
        longer = []
        for s in suffixes:
            if s != core and s.endswith(core):
                longer += [(s[: -len(core)], s), (BRAND_SUFFIXES[s][: -len(core)], s)]
        spellings = dict.fromkeys([core, BRAND_SUFFIXES[core]])
        cores += [(sp, core, list(dict.fromkeys(longer))) for sp in spellings]
    return (
        frozenset(full),
        {k: frozenset(v) for k, v in others.items()},
        max(map(len, others)),
        frozenset(w[-2:] for w in others),
        cores,
    )


_SIMPLIFIED_CHAR: dict[str, str] = {}


def _simplified(chars: str) -> str:
    """``chars`` with each character in Simplified (memoised per character; length kept)."""
    out = []
    for c in chars:
        s = _SIMPLIFIED_CHAR.get(c)
        if s is None:
            s = normalize_text(c)
            s = _SIMPLIFIED_CHAR[c] = s if len(s) == 1 else c
        out.append(s)
    return "".join(out)


@functools.cache
def _traditional(word: str) -> str:
    """``word`` spelled in Traditional (OpenCC s2t; the converter is set up on the first call)."""
    return _s2t().convert(word)


@functools.cache
def _s2t():
    import opencc

    try:
        return opencc.OpenCC("s2t")
    except Exception:  # noqa: BLE001 - OpenCC builds name their configs with or without .json
        return opencc.OpenCC("s2t.json")


def _unquoted_brands(texts: list[str], context: list[str], seg: _Segmenter) -> set[str]:
    """``<place><brand suffix>`` words written in ``texts`` (see :func:`corpus_words`)."""
    full, others, longest, tails, cores = _brand_places()
    text = _SEP.join(texts)  # the separator is in no place name: a look-up never crosses documents
    found: set[str] = set()
    confirmed: dict[tuple[str, bool], bool] = {}
    traditional = False  # a Traditional character before a brand: confirm in Traditional too
    for spelling, core, longer in cores:
        at = text.find(spelling)
        while at >= 0:
            start, brand = at, core
            for pre, suffix in longer:  # 有事好商量 rather than 有 + 事好商量
                if text.startswith(pre, at - len(pre)):
                    start, brand = at - len(pre), suffix
                    break
            at = text.find(spelling, at + len(spelling))
            tail = text[start - 2 : start]
            if tail not in tails and _simplified(tail) not in tails:  # most follow no place at all
                continue
            raw = text[max(0, start - longest) : start]
            head = _simplified(raw)
            traditional = traditional or head != raw
            place = next((head[-k:] for k in range(len(head), 1, -1) if head[-k:] in others), None)
            if place is None:
                continue
            if place not in full and seg.tag_of(place) != "ns":
                # a short form that the dictionary also knows as something else (比如 "for example",
                # 和平 "peace", 凤庆 a name): only where the corpus names its unit in another form
                key = (place, traditional)
                if key not in confirmed:
                    hay = (text, *context)
                    confirmed[key] = any(form in h for form in others[place] for h in hay) or (
                        traditional and any(_traditional(form) in h for form in others[place] for h in hay)
                    )
                if not confirmed[key]:
                    continue
            found.add(place + brand)
    return found


def corpus_words(docs: pd.DataFrame, backend: str | None = None) -> tuple[str, ...]:
    """Words of a frame that :func:`tokens` keeps whole for it: names and place brands it would split.

    * Names: the values of the columns :data:`NAME_COLUMNS` present in ``docs`` (the speaker, the
      officials named in a header, byline or lead; several names separated by 、，;/), 2-5
      Chinese characters.
    * Quoted place brands: quoted terms of the ``text`` column (3-10 Chinese characters) that the
      segmenter splits into a place name (a word tagged ``ns``, or a full name or short form of the
      division table) and the rest (a page's “<place>议事厅”, “<place>事好商量”), unless they hold
      政协 or a party committee (县委, 党委...: tokens of their own).
    * Unquoted place brands: a place of the division table followed by one of
      :data:`cppcc.lexicon.BRAND_SUFFIXES` (有事好商量, 事好商量, 议事厅...), wherever the text writes
      it: a full name that has a short form (吴兴区议事厅) or a short form (蚌山事好商量), the longest
      that ends where the suffix begins. A short form that the dictionary also knows as something
      else (比如 "for example" and 比如县, 和平 and 和平区, 凤庆 as a name) counts only where the
      frame names its unit in another form, in either script (its text or the unit columns
      ``region``, ``province``, ``prefecture``, ``county``, ``unit``); a name without a short form
      (和县, 城区) never does.

    Only words that the segmenter does not already keep whole are returned, so a corpus whose names
    and brands are in the lexicon (the seed) gets none. Sorted.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "speaker": ["李红梅"],
    ...                      "text": ["打造“湖州议事厅”，推广“蚌山事好商量”。吴兴有事好商量，比如议事厅。"]})
    >>> corpus_words(docs)
    ('李红梅', '湖州议事厅', '蚌山事好商量')
    >>> docs["text"] += "湖州市吴兴区政协"
    >>> corpus_words(docs)
    ('吴兴有事好商量', '李红梅', '湖州议事厅', '蚌山事好商量')
    """
    from ..lexicon import LEVEL_COMMITTEES

    seg = _segmenter(backend or _available_backend())
    cands: set[str] = set()
    for col in NAME_COLUMNS:
        if col in docs.columns:
            for value in pd.unique(docs[col].dropna().astype(str)):
                for name in _NAME_SPLIT.split(normalize_text(value)):
                    if _NAME.fullmatch(name):
                        cands.add(name)
    if "text" in docs.columns:
        texts = docs["text"].dropna().astype(str).tolist()
        # one scan over the texts joined by a line break, which no quoted term holds
        quoted = {m.group(1) for m in _QUOTED_TERM.finditer("\n".join(texts))}
        places = _brand_places()[1]
        committees = {*LEVEL_COMMITTEES.values(), "党委", "地委"}
        for term in quoted:
            norm = normalize_text(term).strip()
            if _HAN_ONLY.fullmatch(norm):
                parts = seg.tag(norm)
                # 政协 and party committees stay tokens of their own (陕西政协书院, “临沧市委书记”):
                # their counts must not hide in brands; a place that the dictionary tags otherwise
                # (“凤庆有事好商量”, 凤庆 nr) opens a brand too
                if (
                    len(parts) > 1
                    and (parts[0][1] == "ns" or parts[0][0] in places)
                    and "政协" not in norm
                    and not any(w in committees for w, _ in parts)
                ):
                    cands.add(norm)
        context = [
            str(v) for col in _UNIT_COLUMNS if col in docs.columns for v in pd.unique(docs[col].dropna())
        ]
        cands |= {w for w in _unquoted_brands(texts, context, seg) if "政协" not in w}
    return tuple(sorted(w for w in cands if seg.cut(w) != [w]))

