"""Keyword in context: every occurrence of a pattern with its context, on the normalised text, and the
passage in the script the page was written in (:func:`kwic`).

The documents' metadata ride along named as on token rows (:func:`cppcc.common.metadata_names`): the
speaker's ``position`` is ``doc_position`` here as in :func:`cppcc.tokens`. Until 0.4 the old name is
kept too, as a deprecated alias column (:data:`ALIASES_REMOVED_IN`, ``attrs["deprecated_columns"]``).
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from ..common import metadata_names, option_error, require_columns, stamp
from ..counting import source_of
from ..normalize import normalize_text, to_simplified

__all__ = ["kwic", "KWIC_COLUMNS", "ALIASES_REMOVED_IN", "mark_aliases"]

#: kwic's own columns; a document column named like one of them, or like a token column, is carried
#: as ``doc_<name>`` (:func:`cppcc.common.metadata_names`)
KWIC_COLUMNS = ("doc_id", "left", "match", "right", "start", "end", "passage_original", "match_original")
#: the release that drops the deprecated aliases: a document column renamed in 0.3 because a token
#: column has its name (``position`` -> ``doc_position``) is also kept under its old name until then
ALIASES_REMOVED_IN = "0.4"


def _meta_names(columns, text_column: str) -> dict[str, str]:
    """The documents' columns carried to KWIC lines -> their names there (``doc_id`` aside)."""
    names = metadata_names([c for c in columns if c != text_column], reserved=KWIC_COLUMNS)
    return {c: n for c, n in names.items() if c != "doc_id"}


def _aliases(names: dict[str, str]) -> dict[str, str]:
    """Old name -> new name of the columns renamed in 0.3 (named like a token column, not like kwic's
    own columns: those were never readable under their old name)."""
    return {old: new for old, new in names.items() if old != new and old not in KWIC_COLUMNS}


def mark_aliases(out: pd.DataFrame) -> pd.DataFrame:
    """Record the deprecated alias columns of KWIC lines in ``attrs["deprecated_columns"]``.

    ``{old: new}`` for every alias column that ``out`` carries (``{"position": "doc_position"}``), with
    ``attrs["deprecated_removed_in"]`` the release that drops them; nothing when there is none.

    Examples
    --------
    >>> lines = pd.DataFrame({"doc_id": ["a"], "doc_position": ["主席"], "position": ["主席"]})
    >>> mark_aliases(lines).attrs
    {'deprecated_columns': {'position': 'doc_position'}, 'deprecated_removed_in': '0.4'}
    """
    from ..text.table import TOKEN_COLUMNS  # text imports compare: import on use

    aliases = {c: f"doc_{c}" for c in TOKEN_COLUMNS
               if c != "doc_id" and c not in KWIC_COLUMNS and c in out.columns and f"doc_{c}" in out.columns}
    if aliases:
        out.attrs["deprecated_columns"] = aliases
        out.attrs["deprecated_removed_in"] = ALIASES_REMOVED_IN
    return out


def _original_slice(text: str, original: str | None, start: int, end: int) -> str | None:
    """The passage of ``original`` at ``[start, end)`` of ``text`` when the two align, else None.

    Alignment: the whole texts have the same length, or (failing that) they have the same number
    of ``\\n``-separated paragraphs and the paragraph holding the passage has the same length in
    both; a passage spanning a misaligned paragraph gets None.
    """
    if original is None or (isinstance(original, float) and math.isnan(original)):
        return None
    original = str(original)
    if len(original) == len(text):
        return original[start:end]
    tp, op = text.split("\n"), original.split("\n")
    if len(tp) != len(op):
        return None
    pieces, pos = [], 0
    for t, o in zip(tp, op):
        lo, hi = pos, pos + len(t)
        if hi >= start and lo <= end:  # the paragraph overlaps the passage (or its boundary)
            if len(t) != len(o):
                return None
            pieces.append((lo, o))
        pos = hi + 1
    if not pieces:
        return None
    joined_start = pieces[0][0]
    joined = "\n".join(o for _, o in pieces)
    return joined[start - joined_start : end - joined_start]


def kwic(
    speeches: pd.DataFrame, pattern: str, window: int = 15, regex: bool = False, text_column: str = "text"
) -> pd.DataFrame:
    """Keyword in context on the normalised (Simplified) text, with the original-script passage.

    Parameters
    ----------
    speeches : DataFrame
        Frame with ``doc_id`` and ``text`` (e.g. :func:`cppcc.load_speeches`, :func:`cppcc.sections`);
        ``text_original`` is used when present.
    pattern : str
        Plain string (normalised with :func:`cppcc.normalize_text`, so a Traditional or half-width
        query finds the Simplified text) or, with ``regex=True``, a regular expression (converted to
        Simplified with OpenCC; write it for the normalised text, e.g. full-width ``，``).
    window : int, default 15
        Characters of context on each side.
    regex : bool, default False
    text_column : str, default "text"

    Returns
    -------
    DataFrame
        ``doc_id, left, match, right, start, end, passage_original, match_original`` plus the other
        metadata columns of ``speeches`` (speaker, region... not text), named as :func:`cppcc.tokens`
        names them (:func:`cppcc.common.metadata_names`): a column named like a token column or like
        one of the columns above gets ``doc_`` in front, so the speaker's position is
        ``doc_position``. ``start``/``end`` are
        character offsets of the match in the normalised text. In ``left``/``right`` newlines are
        shown as spaces (lengths and offsets unchanged). ``passage_original`` is the
        ``left+match+right`` span of ``text_original`` and ``match_original`` the match alone;
        they are filled only when the offsets provably align (equal text lengths, or equal
        paragraph lengths — OpenCC t2s maps characters one-to-one for nearly all text, but
        clean-up or a phrase conversion can change a length) and are None otherwise.

        .. deprecated:: 0.3
           The speaker's position was ``position`` before 0.3. Until 0.4 the old name is kept as
           well, as a copy of ``doc_position`` at the end of the frame (likewise for any other
           document column named like a token column), listed in ``attrs["deprecated_columns"]``
           (``{"position": "doc_position"}``). Read ``doc_position``; the copy goes in 0.4.

    Examples
    --------
    >>> import cppcc
    >>> speeches = cppcc.load_speeches()
    >>> kwic(speeches, "委員之家", window=6)[["left", "match", "right"]].head(2).values.tolist()
    [['员，以“乡镇', '委员之家', '”、“村级便'], ['制，拓展基层', '委员之家', '、委员工作室']]
    >>> kwic(speeches, r"[一二三四五六七八九十两]个\\w{2}", regex=True)["match"].head(4).tolist()
    ['两个薄弱', '两个薄弱', '两个薄弱', '三个重要']
    >>> kwic(speeches, "委员之家")[["speaker", "doc_position"]].head(1).values.tolist()
    [['李银峰', '主席']]
    >>> kwic(speeches, "委员之家").attrs["deprecated_columns"]
    {'position': 'doc_position'}
    """
    if not isinstance(pattern, str) or pattern == "":
        raise option_error("kwic", "pattern", "a non-empty string", pattern)
    if not isinstance(window, (int, np.integer)) or window < 0:
        raise option_error("kwic", "window", "an int >= 0", window)
    settings = dict(pattern=pattern, window=int(window), regex=bool(regex), text_column=text_column)
    try:
        rx = re.compile(to_simplified(pattern) if regex else re.escape(normalize_text(pattern)))
    except re.error as exc:
        raise ValueError(f"cppcc.kwic: invalid regular expression {pattern!r}: {exc}") from exc
    parts = [_kwic_lines(batch, rx, window, text_column) for batch in source_of(speeches).document_batches()]
    parts = [p for p in parts if len(p)] or parts[:1]
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return mark_aliases(stamp(out, "kwic", **settings))


def _kwic_lines(speeches: pd.DataFrame, rx: re.Pattern, window: int, text_column: str) -> pd.DataFrame:
    """The KWIC lines of one batch of documents (see :func:`kwic`)."""
    require_columns(speeches, ["doc_id", text_column], "kwic", "speeches")
    names = _meta_names(speeches.columns, text_column)
    meta = list(names)
    has_orig = "text_original" in speeches.columns
    rows = []
    for rec in speeches.to_dict("records"):
        text = rec.get(text_column)
        if not isinstance(text, str) or not text:
            continue
        orig = rec.get("text_original") if has_orig else None
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if e == s:
                continue  # zero-width matches carry no passage
            ls, re_ = max(0, s - window), min(len(text), e + window)
            rows.append(
                {
                    "doc_id": rec["doc_id"],
                    "left": text[ls:s].replace("\n", " "),
                    "match": m.group(0),
                    "right": text[e:re_].replace("\n", " "),
                    "start": s,
                    "end": e,
                    "passage_original": _original_slice(text, orig, ls, re_),
                    "match_original": _original_slice(text, orig, s, e),
                    **{names[k]: rec[k] for k in meta},
                }
            )
    cols = [*KWIC_COLUMNS, *names.values()]
    if not rows:
        out = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else object) for c in cols})
    else:
        out = pd.DataFrame(rows, columns=cols)
        for c in ("passage_original", "match_original"):
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    for old, new in _aliases(names).items():  # deprecated in 0.3, dropped in ALIASES_REMOVED_IN
        out[old] = out[new]
    return out
