"""Tables ready to display in the notebooks, and the notebooks' display settings.

- :func:`tidy_table`: a frame ready to display (no ``None``/``NaN``, no literal line breaks,
  whole-number floats as integers);
- :func:`setup_display`: the notebooks' display settings (tables offline, column width), one call.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["tidy_table", "setup_display"]


def tidy_table(df: pd.DataFrame, digits: int = 2, missing: str = "") -> pd.DataFrame:
    """A copy of ``df`` ready to display: no ``None``/``NaN``, no literal line breaks, integers as integers.

    Float columns whose values are all whole numbers become integers; other floats are rounded
    to ``digits``; missing values of any column show as ``missing``; line breaks inside strings
    become spaces. The index is kept.

    Examples
    --------
    >>> df = pd.DataFrame({"n": [2.0, None], "z": [1.234, 2.0], "text": ["a\\nb", None]})
    >>> tidy_table(df).to_dict("list")
    {'n': [2, ''], 'z': [1.23, 2.0], 'text': ['a b', '']}
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            continue
        if pd.api.types.is_float_dtype(s):
            vals = s.dropna()
            if len(vals) and np.all(np.isclose(vals, np.round(vals))) and vals.abs().max() < 2**53:
                s = s.round().astype("Int64")
            else:
                s = s.round(digits)
        if s.isna().any():
            s = s.astype(object).where(s.notna(), missing)
        if s.dtype == object:
            s = s.map(lambda v: " ".join(v.split("\n")) if isinstance(v, str) else v)
        out[col] = s
    return out


# --------------------------------------------------------------------------- display
def setup_display(max_colwidth: int | None = 60) -> None:
    """The notebooks' display settings: interactive tables (itables) without any network (the HTML
    report is read offline) and pandas' ``display.max_colwidth`` (None: never cut a cell)."""
    from itables import init_notebook_mode

    init_notebook_mode(all_interactive=False, connected=False)
    pd.set_option("display.max_colwidth", max_colwidth)
