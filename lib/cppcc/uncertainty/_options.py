"""The option checks and seeding shared by :mod:`cppcc.uncertainty` and :mod:`cppcc.validation`.

One message form: ``cppcc.<function>: `<argument>` <what is wrong>, got <value>``.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..common import require_columns

__all__ = ["check_ci", "check_n_boot", "check_seed", "as_columns", "group_rng", "label_of", "frame_columns"]


def check_ci(ci, func: str) -> float:
    """``ci`` as a float strictly between 0 and 1."""
    try:
        value = float(ci)
    except (TypeError, ValueError):
        value = float("nan")
    if not 0.0 < value < 1.0:
        raise ValueError(f"cppcc.{func}: `ci` must be a level between 0 and 1 (e.g. 0.95), got {ci!r}")
    return value


def check_n_boot(n_boot, func: str) -> int:
    """``n_boot`` as a positive int (at least 2 replicates)."""
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 2:
        raise ValueError(f"cppcc.{func}: `n_boot` must be an integer of at least 2, got {n_boot!r}")
    return int(n_boot)


def check_seed(seed, func: str) -> int:
    """``seed`` as a non-negative int (results are deterministic for a seed)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"cppcc.{func}: `seed` must be a non-negative integer, got {seed!r}")
    return int(seed)


def as_columns(value, func: str, argument: str) -> list[str]:
    """A column name or a list of them, as a list (None: no columns)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"cppcc.{func}: `{argument}` must be a column name or a list of them, got {value!r}")


def frame_columns(frame, columns, func: str, what: str) -> None:
    """:func:`cppcc.common.require_columns`, the one column check."""
    require_columns(frame, columns, func, what)


def label_of(values) -> str:
    """A stable text label of a group's values (a tuple of column values), used to seed its stream."""
    parts = []
    for v in values:
        if isinstance(v, np.generic):
            v = v.item()
        parts.append("<NA>" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v))
    return "\x1f".join(parts)


def group_rng(seed: int, label: str) -> np.random.Generator:
    """The random stream of one group: it depends on the seed and the group's label only, so a group
    gets the same replicates whatever other groups are in the frame, and in every function that
    resamples it (the rates and the contrasts agree)."""
    digest = hashlib.blake2b(label.encode("utf-8"), digest_size=8).digest()
    return np.random.default_rng([seed, int.from_bytes(digest, "little")])
