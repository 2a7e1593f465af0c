"""Coding sheets on disk: the coders' files (Excel and CSV), the key, and the codes read back.

:func:`write_coding_sheet` writes three files from a :func:`cppcc.validation.coding_sheet` frame:

* ``<stem>.xlsx`` — sheet *coding* (item, doc_id, sentence, before, text, after, one empty column
  per category, ``none``, ``note``), sheet *codebook* (each category's labels and definition) and
  sheet *instructions*. Give it to coders;
* ``<stem>.csv`` — the *coding* sheet as UTF-8 CSV (with a byte-order mark, so Excel reads the
  Chinese), for coders who work in another program;
* ``<stem>.key.csv`` — the whole sheet with the design (stratum, weights) and the machine's
  categories. Keep it from the coders: :func:`read_coding_sheet` reads it back for
  :func:`cppcc.validation.score_coding`.

Text cells are written as text, never as formulas: in the workbook every string cell is stored as
a string, and in the CSV a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe (the usual guard against formula injection), which
:func:`read_codes` ignores (codes are joined by ``item``, not by text).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..common import require_columns
from ..export import RISKY_STARTS, atomic_file, write_table

__all__ = ["write_coding_sheet", "read_coding_sheet", "read_codes", "coder_view", "NONE", "CODE_VALUES"]

#: the column coders mark when no category applies
NONE = "none"
#: how a mark is read: these texts mean 1, the second set 0 (case-insensitive, after stripping)
CODE_VALUES = ({"1", "x", "y", "yes", "true", "✓", "✔", "√", "是", "对"},
               {"", "0", "n", "no", "false", "否", "nan", "none"})
_VIEW = ["item", "doc_id", "sentence", "before", "text", "after"]
_RISKY = RISKY_STARTS  # the one formula rule of every export (cppcc.export)
INSTRUCTIONS = (
    "Read the sentence in the column 'text' (the columns 'before' and 'after' show its neighbours).",
    "For every category whose definition (sheet 'codebook') the sentence's content fits, type 1 in its "
    "column.",
    "A sentence may fit several categories: mark all of them. If none applies, type 1 in 'none'.",
    "Judge what the sentence says, not whether a word appears in it: a salutation such as 各位委员 is not "
    "about members' duties.",
    "Leave a row empty if you have not coded it yet. Do not reorder, add or delete rows; 'note' is free "
    "text.",
)


def _stem(path) -> Path:
    p = Path(path)
    return p.with_suffix("") if p.suffix.lower() in (".xlsx", ".csv") else p


def _categories(sheet: pd.DataFrame, codebook) -> tuple[list[str], dict, dict, dict]:
    if sheet.attrs.get("categories") and codebook is None:
        cats = list(sheet.attrs["categories"])
        return (cats, dict(sheet.attrs.get("labels", {})), dict(sheet.attrs.get("labels_zh", {})),
                dict(sheet.attrs.get("definitions", {})))
    from .sample import codebook_frame

    cb = codebook_frame(codebook).drop_duplicates("category").set_index("category")
    return (list(cb.index), cb["label_en"].to_dict(), cb["label_zh"].to_dict(), cb["definition"].to_dict())


def coder_view(sheet: pd.DataFrame, categories: list[str]) -> pd.DataFrame:
    """What coders see: ``item, doc_id, sentence, before, text, after``, an empty column per category,
    ``none`` and ``note``; never the stratum, the weights or the machine's categories.

    Examples
    --------
    >>> s = pd.DataFrame({"item": [1], "doc_id": ["d"], "sentence": [3], "before": [""],
    ...                   "text": ["建好委员之家。"], "after": [""], "stratum": ["platforms"],
    ...                   "categories": [("platforms",)]})
    >>> coder_view(s, ["platforms", "members"]).columns.tolist()
    ['item', 'doc_id', 'sentence', 'before', 'text', 'after', 'platforms', 'members', 'none', 'note']
    """
    require_columns(sheet, _VIEW, "coder_view", "sheet")
    view = sheet[_VIEW].copy()
    for c in [*categories, NONE, "note"]:
        view[c] = ""
    return view


def write_coding_sheet(sheet: pd.DataFrame, path, codebook=None) -> dict[str, Path]:
    """Write the coders' workbook and CSV and the scorer's key (module docstring).

    Parameters
    ----------
    sheet : DataFrame
        From :func:`cppcc.validation.coding_sheet`.
    path : str or Path
        ``<stem>`` (a ``.xlsx`` or ``.csv`` suffix is dropped); folders are created.
    codebook : optional
        The categories and their labels; default: those recorded in ``sheet.attrs``, else the
        packaged codebook.

    Returns
    -------
    dict
        ``{"xlsx": Path, "csv": Path, "key": Path}``.
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font

    require_columns(sheet, ["item", "stratum", "weight", "categories"], "write_coding_sheet", "sheet")
    cats, label_en, label_zh, definition = _categories(sheet, codebook)
    stem = _stem(path)
    stem.parent.mkdir(parents=True, exist_ok=True)
    out = {"xlsx": stem.with_suffix(".xlsx"), "csv": stem.with_suffix(".csv"),
           "key": stem.parent / (stem.name + ".key.csv")}
    view = coder_view(sheet, cats)

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "coding"
    _write_rows(ws, view)
    for j, c in enumerate(view.columns, start=1):
        cell = ws.cell(row=1, column=j)
        cell.font = Font(bold=True)
        if c in cats:
            note = f"{label_en.get(c, c)} · {label_zh.get(c, '')}\n{definition.get(c, '')}".strip()
            cell.comment = Comment(note, "cppcc")
    widths = {"item": 6, "doc_id": 14, "sentence": 8, "before": 30, "text": 60, "after": 30, "note": 24}
    for j, c in enumerate(view.columns, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width = widths.get(c, 11)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=6):
        for cell in row:
            cell.alignment = wrap
    ws.freeze_panes = "G2"
    book = pd.DataFrame({"category": cats, "label_en": [label_en.get(c, c) for c in cats],
                         "label_zh": [label_zh.get(c, "") for c in cats],
                         "definition": [definition.get(c, "") for c in cats]})
    _write_rows(wb.create_sheet("codebook"), book)
    _write_rows(wb.create_sheet("instructions"), pd.DataFrame({"instructions": list(INSTRUCTIONS)}))
    with atomic_file(out["xlsx"]) as tmp:
        wb.save(tmp)

    write_table(view, out["csv"])
    key = sheet.copy()
    for c in ("categories", "terms"):
        if c in key.columns:
            key[c] = key[c].map(lambda v: "|".join(v) if isinstance(v, (tuple, list)) else ("" if v is None
                                                                                          else v))
    write_table(key, out["key"])
    return out


def _write_rows(ws, frame: pd.DataFrame) -> None:
    """Header and rows; every string cell stored as a string (never a formula)."""
    ws.append([str(c) for c in frame.columns])
    for r, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, v in enumerate(values, start=1):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            if isinstance(v, np.generic):
                v = v.item()
            cell = ws.cell(row=r, column=j, value=v)
            if isinstance(v, str):
                cell.data_type = "s"


def _unguard(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_RISKY):
        return value[1:]
    return value


def read_coding_sheet(path) -> pd.DataFrame:
    """Read the key (``<stem>.key.csv``) back into the sheet frame ``score_coding`` takes.

    ``categories`` and ``terms`` become tuples again; texts lose the formula guard.
    """
    stem = _stem(path)
    p = stem.parent / (stem.name + ".key.csv") if not str(path).endswith(".key.csv") else Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"cppcc.read_coding_sheet: {p}: no such file (the key written beside the "
                                "sheet)")
    key = pd.read_csv(p, encoding="utf-8-sig", dtype={"doc_id": str}, keep_default_na=False)
    for c in ("before", "text", "after", "doc_id"):
        if c in key.columns:
            key[c] = key[c].map(_unguard)
    for c in ("categories", "terms"):
        if c in key.columns:
            key[c] = key[c].map(lambda v: tuple(x for x in str(v).split("|") if x))
    key.attrs.update({"function": "read_coding_sheet", "path": str(p)})
    return key


def _mark(value, where: str) -> int:
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if np.isnan(value):
            return 0
        if value in (0, 1):
            return int(value)
    text = str(value).strip().lower()
    if text in CODE_VALUES[0]:
        return 1
    if text in CODE_VALUES[1]:
        return 0
    raise ValueError(f"cppcc.read_codes: {where}: cannot read the mark {value!r} (use 1 for yes, leave empty "
                     "for no)")


def read_codes(path, coder: str | None = None, categories: list[str] | None = None) -> pd.DataFrame:
    """Read a coder's filled sheet (``.xlsx``, ``.csv``) or saved codes (``.parquet``) as tidy codes.

    Parameters
    ----------
    path : str or Path
    coder : str, optional
        The coder's name; default: the file's stem (a Parquet file of the widget holds its own).
    categories : list of str, optional
        The category columns; default: every column between ``after`` and ``none``.

    Returns
    -------
    DataFrame
        ``coder, item, category, value`` (0/1), one row per coded item and category. An item counts
        as coded when any of its category columns or ``none`` is marked; rows left empty are not
        coded and are listed in ``attrs["uncoded"]``.

    Raises
    ------
    ValueError
        A mark that is neither yes nor no (the message names the item and column), or an item with
        ``none`` and a category marked together.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"cppcc.read_codes: {p}: no such file")
    if p.suffix.lower() == ".parquet":
        codes = pd.read_parquet(p)
        require_columns(codes, ["coder", "item", "category", "value"], "read_codes", "codes")
        codes = codes[["coder", "item", "category", "value"]].copy()
        if coder is not None:
            codes["coder"] = coder
        codes.attrs.update({"function": "read_codes", "path": str(p), "uncoded": []})
        return codes.reset_index(drop=True)
    if p.suffix.lower() == ".xlsx":
        sheet = pd.read_excel(p, sheet_name="coding", dtype=object)
    elif p.suffix.lower() == ".csv":
        sheet = pd.read_csv(p, dtype=object, keep_default_na=False, encoding="utf-8-sig")
    else:
        raise ValueError(f"cppcc.read_codes: {p}: expected a .xlsx, .csv or .parquet file")
    require_columns(sheet, ["item", "after", NONE], "read_codes", "sheet")
    cols = list(sheet.columns)
    cats = categories or cols[cols.index("after") + 1:cols.index(NONE)]
    require_columns(sheet, cats, "read_codes", "sheet")
    name = coder or p.stem
    rows, uncoded = [], []
    for _, r in sheet.iterrows():
        item = int(float(r["item"]))
        marks = {c: _mark(r[c], f"{p.name}, item {item}, column {c!r}") for c in [*cats, NONE]}
        if not any(marks.values()):
            uncoded.append(item)
            continue
        if marks[NONE] and any(marks[c] for c in cats):
            raise ValueError(f"cppcc.read_codes: {p.name}, item {item}: 'none' is marked together with a "
                             "category")
        rows += [(name, item, c, marks[c]) for c in cats]
    codes = pd.DataFrame(rows, columns=["coder", "item", "category", "value"])
    codes["item"] = codes["item"].astype("int64")
    codes["value"] = codes["value"].astype("int64")
    codes.attrs.update({"function": "read_codes", "path": str(p), "coder": name, "uncoded": uncoded})
    return codes
