"""Krippendorff's alpha: agreement between coders, for any number of coders, missing values, and
nominal, ordinal, interval or ratio values.

Written from Krippendorff's definition ("Computing Krippendorff's Alpha-Reliability", 2011; *Content
Analysis*, ch. 12), by way of the coincidence matrix:

* a unit coded by ``m_u ≥ 2`` coders contributes each ordered pair of its values (``c`` by one coder,
  ``k`` by another) with weight ``1 / (m_u − 1)``: ``o_ck = Σ_u (pairs c-k in u) / (m_u − 1)``;
  units with fewer than two values are not pairable and are left out;
* ``n_c = Σ_k o_ck`` and ``n = Σ_c n_c`` (the pairable values);
* ``α = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck``, with the difference
  function of the level:

  - nominal: ``δ² = 0`` if ``c = k`` else 1;
  - ordinal: ``δ² = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²`` over the values ranked between c and k;
  - interval: ``δ² = (c − k)²``;
  - ratio: ``δ² = ((c − k) / (c + k))²``.

α = 1 is perfect agreement, 0 agreement at chance; Krippendorff asks for α ≥ 0.8, and accepts
α ≥ 0.667 only for tentative conclusions. The GPL package ``krippendorff`` is used in the tests as a
reference only; this module does not import it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["krippendorff_alpha", "LEVELS"]

LEVELS = ("nominal", "ordinal", "interval", "ratio")


def _missing(x) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return bool(np.isnan(x))
    except (TypeError, ValueError):
        return False


def krippendorff_alpha(reliability_data, level: str = "nominal") -> float:
    """Krippendorff's alpha of coders × units reliability data.

    Parameters
    ----------
    reliability_data : array-like or DataFrame
        One row per coder, one column per unit; a missing value (None, NaN, pd.NA) is a unit the
        coder did not code. Values are category labels (any hashable; nominal) or numbers (ordinal,
        interval, ratio; ordinal ranks them by their order).
    level : {"nominal", "ordinal", "interval", "ratio"}, default "nominal"

    Returns
    -------
    float
        α; NaN when no unit has two values or when every pairable value is the same (no variation:
        agreement is undefined).

    Raises
    ------
    ValueError
        An unknown level, data that are not two-dimensional, or non-numeric values for a numeric level.

    Examples
    --------
    Two coders, five units, one disagreement (nominal): the coincidence matrix has ``o_aa = 4``,
    ``o_bb = 4``, ``o_ab = o_ba = 1`` (``n = 10``, ``n_a = n_b = 5``), so
    ``α = 1 − 9 · 2 / (2 · 5 · 5) = 0.64``:

    >>> krippendorff_alpha([["a", "a", "b", "b", "a"], ["a", "a", "b", "b", "b"]])
    0.64

    Interval values, the last unit coded once (not pairable): ``o_11 = o_22 = 2``,
    ``o_34 = o_43 = 1``, ``n = 6``; ``Σ o δ² = 2`` and ``Σ n_c n_k δ² = 82``, so
    ``α = 1 − 5 · 2 / 82``:

    >>> round(krippendorff_alpha([[1, 2, 3, None], [1, 2, 4, 4]], level="interval"), 3)
    0.878
    """
    if level not in LEVELS:
        raise ValueError(f"cppcc.krippendorff_alpha: `level` must be one of {LEVELS}, got {level!r}")
    data = reliability_data.to_numpy(dtype=object) if isinstance(reliability_data, pd.DataFrame) else (
        np.array(reliability_data, dtype=object))
    if data.ndim != 2:
        raise ValueError("cppcc.krippendorff_alpha: `reliability_data` must be two-dimensional "
                         f"(coders × units), got {data.ndim} dimension(s)")
    present = ~np.vectorize(_missing, otypes=[bool])(data) if data.size else np.zeros(data.shape, bool)
    values = data[present]
    if level != "nominal":
        try:
            values = values.astype(float)
        except (TypeError, ValueError):
            raise ValueError(f"cppcc.krippendorff_alpha: level {level!r} needs numeric values") from None
    if values.size == 0:
        return float("nan")
    uniq, codes = np.unique(values, return_inverse=True) if level != "nominal" else _nominal_codes(values)
    V = len(uniq)
    code_grid = np.full(data.shape, -1, dtype=np.int64)
    code_grid[present] = codes
    # values-by-unit counts n_uv (units × values)
    units = np.nonzero(present)[1]
    n_uv = np.zeros((data.shape[1], V))
    np.add.at(n_uv, (units, code_grid[present]), 1.0)
    m_u = n_uv.sum(axis=1)
    pairable = m_u >= 2
    n_uv, m_u = n_uv[pairable], m_u[pairable]
    if len(m_u) == 0:
        return float("nan")
    w = 1.0 / (m_u - 1.0)
    o = (n_uv * w[:, None]).T @ n_uv - np.diag((n_uv * w[:, None]).sum(axis=0))  # coincidences o_ck
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d2 = _delta2(level, np.asarray(uniq), n_c)
    expected = (np.outer(n_c, n_c) * d2).sum()
    if expected == 0:
        return float("nan")
    return float(1.0 - (n - 1.0) * (o * d2).sum() / expected)


def _nominal_codes(values: np.ndarray):
    """Codes of hashable labels in order of first appearance (mixed types allowed)."""
    codes, uniq = pd.factorize(pd.Series(values, dtype=object))
    return np.asarray(uniq, dtype=object), codes


def _delta2(level: str, v: np.ndarray, n_c: np.ndarray) -> np.ndarray:
    """The squared difference δ²_ck between every pair of values (``v`` sorted for numeric levels)."""
    V = len(v)
    if level == "nominal":
        return 1.0 - np.eye(V)
    if level == "interval":
        return np.subtract.outer(v, v) ** 2
    if level == "ratio":
        s = np.add.outer(v, v)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(s != 0, (np.subtract.outer(v, v) / s) ** 2, 0.0)
    # ordinal: Σ_{g between c and k, inclusive} n_g − (n_c + n_k) / 2, squared
    cum = np.concatenate([[0.0], np.cumsum(n_c)])
    lo, hi = np.minimum.outer(np.arange(V), np.arange(V)), np.maximum.outer(np.arange(V), np.arange(V))
    between = cum[hi + 1] - cum[lo]
    return (between - (n_c[:, None] + n_c[None, :]) / 2.0) ** 2
