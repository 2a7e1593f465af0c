"""The structure of a speech: paragraphs, numbered sections and enumerated measures.

Local CPPCC speeches are built the same way: an introduction, then numbered sections
(``一、`` ``二、`` ``三、`` …, each with a heading), and inside a section the concrete measures
enumerated as ``一是…二是…三是…``. These functions cut a speeches frame (anything with
``doc_id`` and normalised ``text``, paragraphs separated by ``"\\n"``) into tidy frames.

Rules (all documented in the functions):

- A section heading is a paragraph that starts with the *next* number in sequence and ``、``
  (``一、`` first, then ``二、``…); out-of-sequence numbers are ordinary text. If a speech has no
  ``一、`` heading, the bracketed style ``（一）`` is used instead, if present.
- The text before the first heading (the introduction) is section 0: it is left out of
  :func:`sections` and :func:`measures` unless ``include_preamble=True``; :func:`paragraphs`
  always numbers it 0. Text after the last section's measures stays with the last section.
- A measure starts at ``一是``, ``二是`` … or ``一要``, ``二要`` … (the next ordinal in sequence, of the
  same kind as the first, at the start of a paragraph or after punctuation) and runs to the next marker,
  across sentences and paragraphs; the last measure of a section ends with the paragraph it starts in.
  Text in a section before ``一是`` is the section's introduction, not a measure.
- Inside a ``一、`` section, ``（一）`` ``（二）`` … headings (in sequence) open sub-sections: they stay
  in the section's text, and the measures of each sub-section are numbered on their own
  (``subsection`` of :func:`measures`). A speech without numbered sections has its measures in
  section 0, found without ``include_preamble``.
"""

from __future__ import annotations

import re

import pandas as pd

from .common import SENTENCE_END, require_columns, sentence_spans, stamp

__all__ = ["paragraphs", "sections", "measures", "speech_stats", "chinese_number", "MEASURE_KEY"]

#: the columns that name one measure of :func:`measures`: with sub-sections, the same ordinal (一是)
#: occurs once per sub-section of a section, so join and group measures on all four
MEASURE_KEY: tuple[str, ...] = ("doc_id", "section", "subsection", "ordinal")

_NUMERAL = "一二三四五六七八九十"


def chinese_number(s: str) -> int | None:
    """The value of a Chinese numeral from 1 to 99 (一, 十二, 二十三), or None.

    Conversion by cn2an (strict mode); anything else, or a value outside 1-99, gives None.

    Examples
    --------
    >>> [chinese_number(s) for s in ("一", "十", "十二", "二十", "九十九", "abc")]
    [1, 10, 12, 20, 99, None]
    """
    if not s or len(s) > 3 or any(ch not in _NUMERAL for ch in s):
        return None
    import cn2an  # imported lazily: it loads its own tables

    try:
        value = int(cn2an.cn2an(s, "strict"))
    except ValueError:
        return None
    return value if 1 <= value <= 99 else None


_HEADING = re.compile(rf"^\s*([{_NUMERAL}]{{1,3}})\s*、\s*(.*)$")
_HEADING_PAREN = re.compile(rf"^\s*[（(]\s*([{_NUMERAL}]{{1,3}})\s*[）)]\s*(.*)$")
_MARKER = re.compile(rf"(?:^|(?<=[\n\s。；;！？!?：:，,、）)”]))([{_NUMERAL}]{{1,3}})([是要])", re.M)


def _check(speeches: pd.DataFrame, func: str) -> None:
    require_columns(speeches, ["doc_id", "text"], func, "speeches")


def _title(body: str) -> str | None:
    """A measure's first sentence (the one rule, :func:`cppcc.common.sentence_spans`) without its end mark."""
    for a, b in sentence_spans(body):
        first = body[a:b]
        cut = next((i for i, ch in enumerate(first) if ch in SENTENCE_END), len(first))
        return first[:cut].strip() or None
    return None


def _heading_pattern(paras: list[str]) -> re.Pattern:
    """``一、`` headings if the text has a ``一、`` paragraph, else the bracketed ``（一）`` style."""
    for p in paras:
        m = _HEADING.match(p)
        if m and chinese_number(m.group(1)) == 1:
            return _HEADING
    return _HEADING_PAREN


def _numbered(text: str | None) -> list[tuple[int, str, re.Match | None]]:
    """[(section number, paragraph, heading match or None)] for the paragraphs of a text."""
    paras = [p.strip() for p in (text or "").split("\n") if p.strip()]
    pattern = _heading_pattern(paras)
    out, sec = [], 0
    for p in paras:
        m = pattern.match(p)
        if m and chinese_number(m.group(1)) == sec + 1:
            sec += 1
        else:
            m = None
        out.append((sec, p, m))
    return out


def _split(text: str | None) -> list[tuple[int, str | None, list[str]]]:
    """[(section number, heading, paragraphs)], section 0 being the text before the first heading."""
    out: list[tuple[int, str | None, list[str]]] = [(0, None, [])]
    for sec, p, m in _numbered(text):
        if m is not None:
            heading, _, rest = m.group(2).partition("。")
            out.append((sec, heading.strip() or None, [rest.strip()] if rest.strip() else []))
        else:
            out[-1][2].append(p)
    return out


def paragraphs(speeches: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph of each speech's ``text``.

    Parameters
    ----------
    speeches : pandas.DataFrame
        Needs ``doc_id`` and ``text`` (paragraphs separated by ``"\\n"``), e.g. from
        :func:`cppcc.load_speeches`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``paragraph`` (1-based within the speech), ``section`` (0 for the text before
        the first numbered heading; a heading paragraph carries its own section's number),
        ``text``.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["导言。\\n一、加强学习\\n一是读书。二是研讨。"]})
    >>> paragraphs(df)[["paragraph", "section", "text"]].values.tolist()
    [[1, 0, '导言。'], [2, 1, '一、加强学习'], [3, 1, '一是读书。二是研讨。']]
    """
    _check(speeches, "paragraphs")
    rows = []
    for doc_id, text in zip(speeches["doc_id"], speeches["text"]):
        rows += [
            {"doc_id": doc_id, "paragraph": k + 1, "section": sec, "text": p}
            for k, (sec, p, _m) in enumerate(_numbered(text))
        ]
    return stamp(pd.DataFrame(rows, columns=["doc_id", "paragraph", "section", "text"]), "paragraphs",
                 by=["doc_id", "paragraph"])


def sections(speeches: pd.DataFrame, include_preamble: bool = False) -> pd.DataFrame:
    """One row per numbered section (``一、`` ``二、`` …) of each speech.

    Parameters
    ----------
    speeches : pandas.DataFrame
        Needs ``doc_id`` and normalised ``text``.
    include_preamble : bool, default False
        Also return the text before the first heading as section 0 (heading None). A speech
        without numbered sections then gives a single section 0 with its whole text.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``section`` (1-based), ``heading`` (without the number; a heading paragraph
        that goes on after a ``。`` is cut there, the rest starting the section's text),
        ``text`` (the section's paragraphs, without the heading, joined by ``"\\n"``).

    Examples
    --------
    >>> text = "导言。\\n一、加强学习\\n一是读书。\\n二、完善制度\\n建章立制。"
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    >>> sections(df)[["section", "heading", "text"]].values.tolist()
    [[1, '加强学习', '一是读书。'], [2, '完善制度', '建章立制。']]
    """
    _check(speeches, "sections")
    rows = []
    for doc_id, text in zip(speeches["doc_id"], speeches["text"]):
        for number, heading, paras in _split(text):
            if number == 0 and (not include_preamble or not paras):
                continue
            rows.append({"doc_id": doc_id, "section": number, "heading": heading, "text": "\n".join(paras)})
    out = pd.DataFrame(rows, columns=["doc_id", "section", "heading", "text"])
    return stamp(out, "sections", by=["doc_id", "section"], include_preamble=bool(include_preamble))


def _measures_in(text: str) -> list[tuple[int, str, str]]:
    """[(ordinal, marker, text without marker)] of the 一是/二是… (or 一要/二要…) measures in a text.

    The first marker fixes the kind (是 or 要); the next ordinal of the same kind continues it.
    """
    starts: list[tuple[int, int, int, str]] = []  # (ordinal, start of marker, start of text, marker)
    kind = None
    for m in _MARKER.finditer(text):
        if chinese_number(m.group(1)) == len(starts) + 1 and kind in (None, m.group(2)):
            kind = m.group(2)
            starts.append((len(starts) + 1, m.start(1), m.end(), m.group(0).strip()))
    out = []
    for k, (ordinal, _mstart, tstart, marker) in enumerate(starts):
        if k + 1 < len(starts):
            end = starts[k + 1][1]
        else:
            nl = text.find("\n", tstart)
            end = len(text) if nl < 0 else nl
        out.append((ordinal, marker, text[tstart:end].strip().lstrip("，,：:").strip()))
    return out


def _subsections(paras: list[str]) -> list[tuple[int, str | None, list[str]]]:
    """[(sub-section number, heading, paragraphs)] of a section: （一）（二）… headings in sequence
    open sub-sections (0: the text before the first, heading None); the heading paragraph's text
    stays in its part, and its heading is that text up to the first 。."""
    out: list[tuple[int, str | None, list[str]]] = [(0, None, [])]
    for p in paras:
        m = _HEADING_PAREN.match(p)
        if m and chinese_number(m.group(1)) == out[-1][0] + 1:
            heading = m.group(2).partition("。")[0].strip() or None
            out.append((out[-1][0] + 1, heading, [m.group(2)] if m.group(2).strip() else []))
        else:
            out[-1][2].append(p)
    return out


def measures(speeches: pd.DataFrame, include_preamble: bool = False) -> pd.DataFrame:
    """One row per enumerated measure (``一是`` ``二是`` …) inside each numbered section.

    Parameters
    ----------
    speeches : pandas.DataFrame
        Needs ``doc_id`` and normalised ``text``.
    include_preamble : bool, default False
        Also look for measures in the text before the first section heading (section 0). A
        speech without numbered sections is searched as a whole (section 0) in any case.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``section``, ``ordinal`` (1-based, the number in the marker), ``text`` (the
        measure without its marker; it may run over several sentences), ``marker``
        (``"一是"``…) and ``title`` (the measure's first sentence without its end mark).
        Numbering must run in sequence (一是, 二是, 三是 … 十是, 十一是 …); a marker out of
        sequence is ordinary text of the current measure. ``subsection``: the number of the
        ``（一）``-style sub-section holding the measure inside a ``一、`` section (0: none); the
        numbering restarts in each sub-section, so a measure is named by :data:`MEASURE_KEY`
        (``doc_id``, ``section``, ``subsection``, ``ordinal``): join and group on all four.
        ``heading``: the section's heading (None for section 0); ``subheading``: the
        sub-section's heading (None outside sub-sections).

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["一、加强学习\\n一是读书。每周一次。二是研讨。"]})
    >>> measures(df)[["section", "ordinal", "text", "title"]].values.tolist()
    [[1, 1, '读书。每周一次。', '读书'], [1, 2, '研讨。', '研讨']]
    >>> text = "一、加强学习\\n（一）读书\\n一是精读。二是泛读。\\n（二）研讨\\n一是集中研讨。"
    >>> m = measures(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    >>> m[[*MEASURE_KEY, "title", "heading", "subheading"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['a', 1, 1, 1, '精读', '加强学习', '读书'], ['a', 1, 1, 2, '泛读', '加强学习', '读书'],
     ['a', 1, 2, 1, '集中研讨', '加强学习', '研讨']]
    """
    _check(speeches, "measures")
    rows = []
    for doc_id, text in zip(speeches["doc_id"], speeches["text"]):
        parts = _split(text)
        unsectioned = len(parts) == 1  # no numbered sections: the whole text is section 0
        for number, heading, paras in parts:
            if number == 0 and not (include_preamble or unsectioned):
                continue
            for sub, subheading, chunk in _subsections(paras):
                for ordinal, marker, body in _measures_in("\n".join(chunk)):
                    rows.append(
                        {
                            "doc_id": doc_id,
                            "section": number,
                            "ordinal": ordinal,
                            "text": body,
                            "marker": marker,
                            "title": _title(body),
                            "subsection": sub,
                            "heading": heading,
                            "subheading": subheading,
                        }
                    )
    out = pd.DataFrame(
        rows,
        columns=["doc_id", "section", "ordinal", "text", "marker", "title", "subsection", "heading",
                 "subheading"],
    )
    return stamp(out, "measures", by=list(MEASURE_KEY), include_preamble=bool(include_preamble))


def speech_stats(speeches: pd.DataFrame) -> pd.DataFrame:
    """Length and structure of each speech: one row per speech, in the order given.

    The single definition of "length" used by the notebooks and charts: ``characters`` counts the
    characters of the normalised body ``text`` without whitespace (punctuation included).

    Parameters
    ----------
    speeches : pandas.DataFrame
        Needs ``doc_id`` and ``text``.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``characters``, ``paragraphs``, ``sections``, ``measures`` (ints; zeros where a
        speech has no numbered sections or measures).

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["导言。\\n一、加强学习\\n一是读书。二是研讨。"]})
    >>> speech_stats(df).to_dict("records")
    [{'doc_id': 'a', 'characters': 19, 'paragraphs': 3, 'sections': 1, 'measures': 2}]
    """
    _check(speeches, "speech_stats")
    ids = speeches["doc_id"]

    def count(frame: pd.DataFrame):
        return ids.map(frame.groupby("doc_id").size()).fillna(0).astype(int).to_numpy()

    stats = pd.DataFrame(
        {
            "doc_id": ids.to_numpy(),
            "characters": [len(re.sub(r"\s+", "", t)) if isinstance(t, str) else 0 for t in speeches["text"]],
            "paragraphs": count(paragraphs(speeches)),
            "sections": count(sections(speeches)),
            "measures": count(measures(speeches)),
        }
    )
    return stamp(stats, "speech_stats", by="doc_id")
