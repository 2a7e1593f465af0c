"""Writing tables and naming files: the one place every export of cppcc goes through.

- :func:`write_table` writes a frame (or several sheets) as CSV, Parquet or Excel **atomically**: to a
  temporary file beside the target, renamed over it only once the whole file is written, so a
  failed export leaves no file (and an existing one untouched);
- :func:`safe_cell` is the one formula-injection rule (OWASP): a text cell that starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return is written as text — in a CSV with a leading
  apostrophe, in a workbook as a string cell (never a formula);
- :func:`clean_cell` makes a text writable everywhere: control characters that a workbook cannot
  hold are dropped, and the lone surrogates of a file name that is not valid UTF-8 become ``\\xNN``;
- :func:`safe_file_name` turns any text (a ``doc_id``) into a file name that is safe on every file
  system and in a URL, and distinct for distinct texts (also where case is ignored).
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .common import check_option

__all__ = ["write_table", "atomic_file", "safe_cell", "clean_cell", "safe_file_name", "RISKY_STARTS",
           "FORMATS"]

#: the starts of a text cell that a spreadsheet may read as a formula (OWASP CSV injection)
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "parquet", "xlsx")
# characters a workbook cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE); \t \n \r are kept
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAME_KEEP = re.compile(r"[0-9a-z_\-\u3400-\u4dbf\u4e00-\u9fff]")
_MAX_NAME = 120


def clean_cell(value, workbook: bool = False):
    r"""A cell's value made writable: lone surrogates (a file name that is not valid UTF-8, read with
    Python's ``surrogateescape``) become ``\xNN`` escapes of their bytes; for a workbook (``workbook``)
    the control characters it cannot hold are dropped too. Other values pass unchanged.

    Examples
    --------
    >>> clean_cell("a\x00b\x07c", workbook=True), clean_cell("a\x00b")
    ('abc', 'a\x00b')
    >>> clean_cell(os.fsdecode(b"p\xff.txt"))
    'p\\xff.txt'
    """
    if not isinstance(value, str):
        return value
    if _SURROGATE.search(value):
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if workbook and _XLSX_ILLEGAL.search(value):
        value = _XLSX_ILLEGAL.sub("", value)
    return value


def safe_cell(value):
    """A text cell guarded against formula injection for a CSV: a leading apostrophe before a text that
    starts with ``= + - @``, a tab or a carriage return (:data:`RISKY_STARTS`); other values unchanged.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-3"), safe_cell("政协"), safe_cell(-3)
    ("'=HYPERLINK(1)", "'-3", '政协', -3)
    """
    if isinstance(value, str) and value.startswith(RISKY_STARTS):
        return "'" + value
    return value


def _prepared(df: pd.DataFrame, workbook: bool) -> pd.DataFrame:
    text = [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])]
    if not text:
        return df
    out = df.copy()
    for c in text:
        out[c] = out[c].map(lambda v: clean_cell(v, workbook))
    out.columns = [clean_cell(str(c), workbook) for c in out.columns]
    return out


def _write_sheet(ws, df: pd.DataFrame) -> None:
    """Header and rows into an openpyxl sheet; every string cell stored as a string, never a formula."""
    import numpy as np

    ws.append([str(c) for c in df.columns])
    for r, values in enumerate(df.itertuples(index=False, name=None), start=2):
        for j, v in enumerate(values, start=1):
            if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
                continue
            if isinstance(v, np.generic):
                v = v.item()
            elif isinstance(v, pd.Timestamp):
                v = v.to_pydatetime()
            elif not isinstance(v, (str, int, float, bool)) and not hasattr(v, "isoformat"):
                v = str(v)  # lists, tuples, dicts: their text
            cell = ws.cell(row=r, column=j, value=v)
            if isinstance(v, str):
                cell.data_type = "s"


@contextmanager
def atomic_file(path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed to ``path`` when the block ends without an
    error, removed when it raises (nothing is left at ``path``, an existing file there is untouched).

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_file(target) as tmp:
    ...     _ = tmp.write_text("政协")
    >>> target.read_text()
    '政协'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(data: pd.DataFrame | dict[str, pd.DataFrame], path, fmt: str | None = None) -> Path:
    """Write a table to ``path`` atomically, text cells guarded (:func:`safe_cell`) and cleaned
    (:func:`clean_cell`).

    Parameters
    ----------
    data : DataFrame or dict of DataFrame
        The table; a dict writes one sheet per key (``xlsx`` only).
    path : str or Path
        The file to write; its folder is created.
    fmt : {"csv", "parquet", "xlsx"}, optional
        Default: from the suffix of ``path``. CSV is UTF-8 with a byte-order mark (Excel then reads
        the Chinese); its text cells that start like a formula get a leading apostrophe. A workbook
        stores every text as a string cell.

    Returns
    -------
    Path
        ``path``. The file appears only once it is complete: on any error the temporary file is
        removed, nothing is left at ``path`` (an existing file there is untouched) and the error is
        raised.

    Examples
    --------
    >>> import tempfile
    >>> p = write_table(pd.DataFrame({"text": ["=1+1", "政协"]}), Path(tempfile.mkdtemp()) / "t.csv")
    >>> p.read_text(encoding="utf-8-sig").splitlines()
    ['text', "'=1+1", '政协']
    """
    path = Path(path)
    fmt = check_option(fmt or path.suffix.lstrip(".").lower(), FORMATS, "fmt", "write_table")
    sheets = data if isinstance(data, dict) else {"Sheet1": data}
    if len(sheets) != 1 and fmt != "xlsx":
        raise ValueError(f"cppcc write_table: {path}: several sheets need the xlsx format")
    with atomic_file(path) as tmp:
        if fmt == "csv":
            df = _prepared(next(iter(sheets.values())), workbook=False)
            df = df.apply(lambda col: col.map(safe_cell) if col.dtype == object else col)
            # CRLF rows (RFC 4180): a field holding a lone \r is then quoted, not split
            df.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        elif fmt == "parquet":
            _prepared(next(iter(sheets.values())), workbook=False).to_parquet(tmp, index=False)
        else:
            import openpyxl

            wb = openpyxl.Workbook()
            wb.remove(wb.active)
            for name, df in sheets.items():
                _write_sheet(wb.create_sheet(str(name)[:31]), _prepared(df, workbook=True))
            wb.save(tmp)
    return path


def safe_file_name(text) -> str:
    """A file name (without suffix) for ``text``: safe on every file system and in a URL, and distinct
    for distinct texts, also on file systems that ignore case.

    Lower-case ASCII letters, digits, ``_``, ``-`` and Chinese characters are kept; every other
    character (upper-case letters, spaces, ``/``, ``.``, ``~``…) becomes ``~<hex code>~``, so no two
    texts give one name. A name longer than 120 characters keeps its first 100 and adds a digest
    (SHA-256) of the whole text.

    Examples
    --------
    >>> safe_file_name("000_311b16853e29c05d-01"), safe_file_name("a b-01"), safe_file_name("a_b-01")
    ('000_311b16853e29c05d-01', 'a~20~b-01', 'a_b-01')
    >>> safe_file_name("A"), safe_file_name("../x"), safe_file_name("临沧市-01")
    ('~41~', '~2e~~2e~~2f~x', '临沧市-01')
    """
    s = str(text)
    name = "".join(ch if _NAME_KEEP.fullmatch(ch) else f"~{ord(ch):x}~" for ch in s) or "~~"
    if len(name) > _MAX_NAME:
        digest = hashlib.sha256(s.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f"{name[:100]}~{digest}"
    return name
