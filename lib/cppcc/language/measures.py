"""Enumerated measures (一是…二是…) classified by their leading verb."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd

from ..common import is_missing, require_columns, stamp
from ..normalize import normalize_text
from .numerals import _CN_NUM

__all__ = ["classify_measures", "measure_verbs"]



_VERBS_CSV = Path(__file__).resolve().parents[1] / "data" / "measure_verbs.csv"
#: Adverbs that may precede the leading verb of a measure (及时“交”, 大力推进).
_LEAD_ADVERBS = (
    "进一步",
    "及时",
    "适时",
    "跟进",
    "全面",
    "大力",
    "积极",
    "切实",
    "着力",
    "持续",
    "不断",
    "深入",
    "认真",
    "扎实",
    "具体",
    "主动",
)
#: Prepositions that open a frame before the verb (按照…标准配备…, 围绕…开展…).
_LEAD_PREPS = (
    "按照",
    "根据",
    "依托",
    "围绕",
    "通过",
    "依据",
    "对照",
    "针对",
    "结合",
    "立足",
    "以",
    "在",
    "对",
    "从",
)
_LEAD_MARKER = re.compile(
    rf"^\s*(?:[{_CN_NUM}]+是|第[{_CN_NUM}]+[，、,]?|[（(][{_CN_NUM}\d]+[)）]|\d+[.、．])\s*"
)
_CLAUSE_END = re.compile(r"[。；;，,：:！？!?\n]")
_BA = re.compile(r"^[把将](?![准握关近])")


def measure_verbs() -> pd.DataFrame:
    """The verb -> category table of :func:`classify_measures` (``lib/cppcc/data/measure_verbs.csv``).

    Columns ``verb``, ``category`` and ``gloss`` (English). Categories: ``platform`` (build a
    body or platform), ``rules`` (make or improve rules), ``clarify`` (define responsibilities or
    content), ``activity`` (hold meetings and activities), ``focus`` (take hold of a task),
    ``strengthen``, ``innovate``, ``expand``, ``coordinate``, ``promote``, ``staffing`` (posts and
    people), ``supervise`` (inspection and assessment), ``follow_up`` (assign, supervise and answer
    the results of consultation), ``training``, ``incentive`` (publicity, commendation),
    ``service``.

    Examples
    --------
    >>> table = measure_verbs()
    >>> table.set_index("verb").loc["设立", "category"]
    'platform'
    """
    return _measure_verbs().copy()


@functools.lru_cache(maxsize=1)
def _measure_verbs() -> pd.DataFrame:
    try:
        table = pd.read_csv(_VERBS_CSV, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:  # a broken install
        raise FileNotFoundError(f"measure verb table missing: {_VERBS_CSV}") from exc
    bad = table[(table.verb == "") | (table.category == "")]
    if not bad.empty or table.verb.duplicated().any():
        raise ValueError(f"{_VERBS_CSV}: empty or duplicated verbs in rows {bad.index.tolist()}")
    return table


@functools.lru_cache(maxsize=1)
def _verb_index() -> tuple[list[str], dict[str, str]]:
    table = _measure_verbs()
    cats = dict(zip(table.verb, table.category))
    return sorted(cats, key=len, reverse=True), cats


_OPENERS, _CLOSERS_Q = "“「『‘", "”」』’"


def _clean_object(obj: str) -> str | None:
    """The object after a verb: a closing mark of a quoted verb (及时“交”) dropped, None if empty."""
    obj = obj.strip()
    if obj and obj[0] in _CLOSERS_Q + '"':
        obj = obj[1:].strip()
    return obj or None


def _classify_lead(lead: str) -> tuple[str | None, str | None, str, str]:
    """(verb, object, category, pattern) of a measure's leading clause."""
    verbs, cats = _verb_index()
    clause = _CLAUSE_END.split(_LEAD_MARKER.sub("", lead), 1)[0].strip()
    if not clause:
        return None, None, "other", "none"
    rest = clause
    for adverb in _LEAD_ADVERBS:
        if rest.startswith(adverb) and len(rest) > len(adverb):
            rest = rest[len(adverb) :]
            break
    unquoted = rest.lstrip('“「『‘"')
    for verb in verbs:
        if unquoted.startswith(verb):
            return verb, _clean_object(unquoted[len(verb) :]), cats[verb], "verb"
    if _BA.match(rest):  # 把班子配强: 把 + object + verb (a listed verb, else the final resultative)
        body = rest[1:]
        for i in range(1, len(body)):
            for verb in verbs:
                if len(verb) > 1 and body.startswith(verb, i):
                    return verb, body[:i], cats[verb], "ba"
        if len(body) >= 3:
            verb = body[-2:]
            return verb, body[:-2], cats.get(verb, "other"), "ba"
    # a listed verb after a prepositional frame (按照…标准配备…) or after an adverb (党组具体推动落实)
    for i in range(1, len(rest)):
        for verb in verbs:
            if (
                len(verb) > 1
                and rest.startswith(verb, i)
                and (rest.startswith(_LEAD_PREPS) or rest[:i].endswith(_LEAD_ADVERBS))
            ):
                return verb, _clean_object(rest[i + len(verb) :]), cats[verb], "inner"
    return None, None, "other", "none"


def classify_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """Classify enumerated measures (一是…二是…) by their leading verb.

    The leading clause of each measure (its ``title`` when the frame has one, else its text up to
    the first 。；，：) is matched, after an ordinal marker (一是, （一）, 1.) and one adverb (及时,
    大力, 进一步…) are removed, against the verb table :func:`measure_verbs` (data in
    ``lib/cppcc/data/measure_verbs.csv``), longest verb first:

    * ``verb``: the clause starts with a listed verb (设立协商议事会议 -> 设立 / 协商议事会议);
    * ``ba``: a 把/将 construction, object before the verb (把班子配强 -> 配强 / 班子);
    * ``inner``: a listed verb of two or more characters later in the clause, after a prepositional
      frame (按照…标准配备…编制) or an adverb (省政协党组具体推动落实);
    * ``none``: no listed verb (在疫情防控中为国分忧): category ``"other"``.

    Parameters
    ----------
    measures : DataFrame
        The frame of :func:`cppcc.measures`: ``doc_id``, ``section``, ``ordinal`` and ``text``
        (``subsection`` and ``title`` are read when present).

    Returns
    -------
    DataFrame
        ``doc_id``, ``section``, ``subsection`` (when ``measures`` has it: a measure is named by
        :data:`cppcc.structure.MEASURE_KEY`, so join this frame to ``measures`` on those columns),
        ``ordinal``, ``verb`` (None when not found), ``object`` (the rest of the clause, or None),
        ``category`` and ``pattern`` (verb/ba/inner/none); one row per measure, in input order.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["a", "a"], "section": [1, 1], "ordinal": [1, 2],
    ...                   "text": ["设立协商议事会议。依托……", "把班子配强。市级政协……"]})
    >>> classify_measures(m)[["verb", "object", "category"]].values.tolist()
    [['设立', '协商议事会议', 'platform'], ['配强', '班子', 'staffing']]
    """
    require_columns(measures, ["doc_id", "section", "ordinal", "text"], "classify_measures", "measures")
    keys = [c for c in ("doc_id", "section", "subsection", "ordinal") if c in measures.columns]
    leads = measures["title"] if "title" in measures.columns else measures["text"]
    rows = []
    for *key, text, lead in zip(*(measures[c] for c in keys), measures["text"], leads):
        if is_missing(lead) or not str(lead).strip():
            lead = "" if is_missing(text) else text
        verb, obj, category, pattern = _classify_lead(normalize_text(str(lead)))
        rows.append(
            {
                **dict(zip(keys, key)),
                "verb": verb,
                "object": obj,
                "category": category,
                "pattern": pattern,
            }
        )
    out = pd.DataFrame(rows, columns=[*keys, "verb", "object", "category", "pattern"])
    for col in ("verb", "object", "category", "pattern"):
        out[col] = out[col].astype(object)
    for col in keys:
        try:
            out[col] = out[col].astype(measures[col].dtype)
        except (TypeError, ValueError):
            pass  # keep what pandas inferred
    return stamp(out, "classify_measures", by=keys)
