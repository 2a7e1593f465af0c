"""Adoption: the share of units using a term over time, and the time to adoption (Kaplan–Meier).

Both start from :func:`cppcc.first_mentions` and the documents (which units exist, and when each
unit's pages begin and end).

**Cumulative adoption** (:func:`adoption_curves`) is descriptive: by each date, how many of a group's
units are *known* to use the term. A left-censored unit (its first page already uses it) counts from
its first page, the date by which it is known to use it.

**Time to adoption** (:func:`time_to_adoption`) is an event-history estimate. Time runs from an
origin (by default the term's first date anywhere in the archive). A unit enters the risk set when its
pages begin (*delayed entry*: it could not be seen adopting before), has its event at its first
mention, or is right-censored at its last page when it never uses the term. A left-censored unit —
its first page already uses the term — adopted at some unknown time before it was first observed.
Such units are **excluded from the risk set, with a count**: they are exactly the units that a
left-truncated design does not see (a unit enters observation only while it has not adopted), and for
the units that remain, the product-limit estimator with delayed entry is the standard estimator under
left truncation (Klein & Moeschberger 2003, §4.6; Tsai, Jewell & Wang 1987). The alternative of
entering them as events at their first page would date their adoption at the start of their pages, a
date the archive does not know, and would pull the curve towards whenever capture began. The price of
exclusion: the curve describes units observed before they adopted; early adopters whose pages begin
late are missing from it, which the counts (``left_censored``) make visible. Pointwise intervals use
Greenwood's variance (statsmodels) on the log(−log) scale.
"""
from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from ..common import as_list, require_columns, stamp
from ._frames import as_documents, prepare, unit_windows

__all__ = ["adoption_curves", "adoption_times", "time_to_adoption", "KM_COLUMNS"]

#: the columns of :func:`time_to_adoption` after the term and group columns
KM_COLUMNS = ["time", "years", "at_risk", "events", "survival", "surv_low", "surv_high", "adopted",
              "units", "left_censored", "not_at_risk"]
_DAY = np.timedelta64(1, "D")


def _units_and_first(first: pd.DataFrame, docs, func: str
                     ) -> tuple[pd.DataFrame, list[str], pd.DataFrame, dict]:
    """The units of ``docs`` (by the unit column of ``first``) and ``first`` keyed by ``_unit``."""
    require_columns(first, ["term", "first_date", "censored"], func, "first",
                    hint="build it with cppcc.first_mentions(docs)")
    by = first.attrs.get("by")
    if by is None:
        raise ValueError(f"cppcc.{func}: `first` has no attrs['by']: pass the frame of cppcc.first_mentions "
                         "as it returns it")
    frame, cols, counts = prepare(as_documents(docs, func, ["doc_id", "date"]), by, func, extra=())
    windows = unit_windows(frame, cols)
    require_columns(first, cols, func, "first")
    key = first[cols[0]].astype(object) if len(cols) == 1 else pd.Series(
        list(zip(*(first[c].astype(object) for c in cols))), index=first.index, dtype=object)
    f = first.assign(_unit=key.to_numpy())
    lost = sorted(set(f["_unit"]) - set(windows["_unit"]), key=str)
    if lost:
        raise ValueError(f"cppcc.{func}: unit(s) {lost[:5]} of `first` have no dated document in `docs`; "
                         "pass the documents first_mentions was computed on")
    return windows, cols, f, counts


def _groups(windows: pd.DataFrame, by, func: str) -> list[str]:
    groups = as_list(by)
    require_columns(windows, groups, func, "docs",
                    hint="a group column must be constant within each unit (level, province)")
    return groups


def adoption_times(first: pd.DataFrame, docs, origin="first_use") -> pd.DataFrame:
    """The event-history data of each term and unit: entry, time, event, and why a unit is left out.

    Parameters
    ----------
    first : DataFrame
        :func:`cppcc.first_mentions` (its ``attrs["by"]`` names the unit column).
    docs : DataFrame or store
        The documents ``first`` was computed on (``doc_id``, ``date``, the unit column): every unit
        with a dated document is at risk, also those that never use a term.
    origin : "first_use" or date, default "first_use"
        Time zero: the term's earliest ``first_date`` in the archive (censored or not), or one date
        for every term.

    Returns
    -------
    DataFrame
        One row per term and unit: the unit column(s) and the unit's constant columns (``level``,
        ``province``...); ``term``, ``origin``; ``entry`` (days from the origin to the unit's first
        page; negative when its pages begin earlier), ``time`` (days to its first mention, or to its
        last page when it never uses the term), ``event`` (1 adopted, 0 right-censored),
        ``status`` (``"adopted"``, ``"never"``, ``"left_censored"``: excluded, the first page
        already uses the term; ``"not_at_risk"``: excluded, its pages end before the origin or it has
        one date only at or after it, so it is never observed at risk; ``"before_origin"``: excluded,
        it adopted before an explicit ``origin``) and ``included``.

    Examples
    --------
    >>> import cppcc
    >>> docs = pd.DataFrame({"doc_id": list("abcde"), "unit": ["甲", "甲", "乙", "丙", "丙"],
    ...     "date": ["2018-01-01", "2018-01-11", "2018-01-06", "2017-12-30", "2018-01-21"],
    ...     "text": ["无", "有事好商量", "有事好商量", "无", "无"]})
    >>> t = adoption_times(cppcc.first_mentions(docs, "有事好商量"), docs)
    >>> t[["unit", "entry", "time", "event", "status"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['甲', -5, 5, 1, 'adopted'], ['乙', 0, 0, 1, 'left_censored'], ['丙', -7, 15, 0, 'never']]
    """
    windows, cols, f, _ = _units_and_first(first, docs, "adoption_times")
    meta = [c for c in windows.columns if c not in ("_unit", "first_page", "last_page", "unit_docs", *cols)]
    rows = []
    for term, g in f.groupby("term", sort=False):
        start = g["first_date"].min() if str(origin) == "first_use" else pd.Timestamp(origin)
        w = windows.merge(g[["_unit", "first_date", "censored"]], on="_unit", how="left")
        used = w["first_date"].notna().to_numpy()
        entry = ((w["first_page"] - start) / _DAY).to_numpy().astype(np.int64)
        end = np.where(used, ((w["first_date"] - start) / _DAY).fillna(0), (w["last_page"] - start) / _DAY)
        end = end.astype(np.int64)
        censored = w["censored"].eq(True).to_numpy(dtype=bool)
        status = np.where(censored, "left_censored", np.where(used, "adopted", "never")).astype(object)
        # never observed at risk: no time after entering (pages end before the origin or one date only)
        status[(status == "never") & (end <= np.maximum(entry, 0))] = "not_at_risk"
        status[(status == "adopted") & (end < 0)] = "before_origin"  # only with an explicit origin
        part = w[[*cols, *meta]].copy()
        part.insert(0, "term", term)
        part["origin"] = start
        part["entry"], part["time"], part["event"] = entry, end, used.astype(np.int64)
        part["status"] = status
        part["included"] = np.isin(status, ["adopted", "never"])
        rows.append(part)
    if not rows:
        out = pd.DataFrame(columns=["term", *cols, *meta, "origin", "entry", "time", "event", "status",
                                    "included"])
    else:
        out = pd.concat(rows, ignore_index=True)
    stamp(out, "adoption_times", **{"by": first.attrs.get("by"),
                 "origin": origin if isinstance(origin, str) else str(pd.Timestamp(origin).date()),
                 "simulated": bool(first.attrs.get("simulated", False))})
    return out


def time_to_adoption(first: pd.DataFrame, docs, by=None, origin="first_use",
                     ci: float = 0.95) -> pd.DataFrame:
    """Kaplan–Meier curves of the time to adoption of each term (by group), with delayed entry.

    See the module docstring for the design: units enter at their first page, adopt at their first
    mention, are right-censored at their last page; left-censored units (first page already uses the
    term) are excluded with a count; estimated with statsmodels' ``SurvfuncRight`` (``entry`` for the
    delayed entry).

    Parameters
    ----------
    first : DataFrame
        :func:`cppcc.first_mentions`.
    docs : DataFrame or store
        The documents ``first`` was computed on.
    by : str or list of str, optional
        Groups of units with one curve each (``"level"``, ``"province"``): columns constant within each
        unit. None: one curve per term.
    origin : "first_use" or date, default "first_use"
        Time zero (see :func:`adoption_times`).
    ci : float, default 0.95
        Level of the pointwise intervals.

    Returns
    -------
    DataFrame
        Per term and group, one row at time 0 (survival 1; ``at_risk``: the units observed from the
        origin on) and one per event time (statsmodels' risk set: units with entry < t ≤ time):
        ``term``, the ``by`` columns,
        ``time`` (days from the origin), ``years`` (``time / 365.25``), ``at_risk``, ``events``,
        ``survival`` (share not yet adopted), ``surv_low``, ``surv_high``, ``adopted``
        (``1 − survival``: the estimated share that adopted by then), and constant per term and
        group: ``units`` (units in the risk set), ``left_censored`` (excluded: already using it on
        their first page), ``not_at_risk`` (excluded: never observed at risk). A group whose units
        are all excluded has the time-0 row only, with NaN survival. ``attrs``: ``function``, ``by``,
        ``unit`` (the unit column), ``origin``, ``ci``, ``left`` (``"excluded"``), ``estimator``,
        ``simulated`` (from ``first``).

    Examples
    --------
    Four units observed from day 0: adoptions on days 1, 2 and 4, one unit without it until day 3.

    >>> import cppcc
    >>> docs = pd.DataFrame({"doc_id": list("abcdefgh"), "unit": list("AABBCCDD"),
    ...     "date": ["2020-01-01", "2020-01-02", "2020-01-01", "2020-01-03",
    ...              "2020-01-01", "2020-01-04", "2020-01-01", "2020-01-05"],
    ...     "text": ["无", "品牌", "无", "品牌", "无", "无", "无", "品牌"]})
    >>> first = cppcc.first_mentions(docs, "品牌")
    >>> km = time_to_adoption(first, docs, origin="2020-01-01")
    >>> km[["time", "at_risk", "events", "survival"]].round(4).values.tolist()
    [[0.0, 4.0, 0.0, 1.0], [1.0, 4.0, 1.0, 0.75], [2.0, 3.0, 1.0, 0.5], [4.0, 1.0, 1.0, 0.0]]
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    if not 0 < float(ci) < 1:
        raise ValueError(f"cppcc.time_to_adoption: `ci` must be between 0 and 1, got {ci!r}")
    times = adoption_times(first, docs, origin=origin)
    groups = _groups(times, by, "time_to_adoption")
    z = NormalDist().inv_cdf(0.5 + ci / 2)
    keys = ["term", *groups]
    out = []
    for key, g in times.groupby(keys, sort=False, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        inc = g[g["included"]]
        counts = {"units": len(inc), "left_censored": int((g["status"] == "left_censored").sum()),
                  "not_at_risk": int((g["status"] == "not_at_risk").sum())}
        head = {"time": 0.0, "at_risk": float(((inc["entry"] <= 0) & (inc["time"] > 0)).sum()), "events": 0.0,
                "survival": 1.0 if len(inc) else np.nan, "surv_low": 1.0 if len(inc) else np.nan,
                "surv_high": 1.0 if len(inc) else np.nan}
        rows = [head]
        if len(inc) and inc["event"].sum():
            # a unit is at risk on (entry, time]: adopted units have entry < time by construction (a
            # first page that already uses the term is left-censored and excluded), never-users too
            sf = SurvfuncRight(inc["time"].to_numpy(float), inc["event"].to_numpy(float),
                               entry=inc["entry"].to_numpy(float))
            low, high = _loglog(sf.surv_prob, sf.surv_prob_se, z)
            for i, t in enumerate(sf.surv_times):
                row = {"time": float(t), "at_risk": float(sf.n_risk[i]), "events": float(sf.n_events[i]),
                       "survival": float(sf.surv_prob[i]), "surv_low": low[i], "surv_high": high[i]}
                if t == 0:
                    rows[0] = row
                else:
                    rows.append(row)
        part = pd.DataFrame(rows)
        for col, value in zip(keys, key):
            part[col] = value
        for col, value in counts.items():
            part[col] = value
        out.append(part)
    cols = [*keys, *KM_COLUMNS]
    if not out:
        res = pd.DataFrame({c: pd.Series(dtype=object if c in keys else float) for c in cols})
    else:
        res = pd.concat(out, ignore_index=True)
        res["years"] = res["time"] / 365.25
        res["adopted"] = 1 - res["survival"]
        res = res[cols]
    stamp(res, "time_to_adoption", **{"by": groups, "unit": first.attrs.get("by"),
                 "origin": times.attrs["origin"], "ci": float(ci), "left": "excluded",
                 "estimator": "Kaplan-Meier with delayed entry (statsmodels SurvfuncRight)",
                 "simulated": bool(first.attrs.get("simulated", False))})
    return res


def _loglog(s: np.ndarray, se: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise interval of a survival probability on the log(−log) scale (Kalbfleisch & Prentice)."""
    s = np.asarray(s, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = se / (s * np.abs(np.log(s)))
        low = s ** np.exp(z * theta)
        high = s ** np.exp(-z * theta)
    low = np.where(s >= 1, 1.0, np.where(s <= 0, 0.0, low))
    high = np.where(s >= 1, 1.0, np.where(s <= 0, 0.0, high))
    return low, high


def adoption_curves(first: pd.DataFrame, docs, by=None) -> pd.DataFrame:
    """Cumulative share of units known to use each term, by date (and group).

    Parameters
    ----------
    first : DataFrame
        :func:`cppcc.first_mentions`.
    docs : DataFrame or store
        The documents ``first`` was computed on (every unit with a dated document counts in the
        denominator).
    by : str or list of str, optional
        Groups of units (``"level"``, ``"province"``), constant within each unit. None: all units.

    Returns
    -------
    DataFrame
        Per term and group, one row per date on which a unit is first seen using the term, in date
        order: ``term``, the ``by`` columns, ``date``, ``new`` (units first seen that day),
        ``adopted`` (cumulative), ``left_censored`` (cumulative; those whose first page already used
        it, counted from that page), ``units`` (the group's units with dated documents), ``share``
        (``adopted / units``). ``attrs``: ``function``, ``by``, ``unit``, ``simulated`` (from ``first``).

    Examples
    --------
    >>> import cppcc
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "unit": ["甲", "甲", "乙", "丙"],
    ...     "level": ["county", "county", "county", "prefecture"],
    ...     "date": ["2018-01-01", "2019-01-01", "2019-06-01", "2020-01-01"],
    ...     "text": ["无", "品牌", "品牌", "无"]})
    >>> c = adoption_curves(cppcc.first_mentions(docs, "品牌"), docs, by="level")
    >>> c[["level", "date", "adopted", "left_censored", "units", "share"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['county', Timestamp('2019-01-01 00:00:00'), 1, 0, 2, 0.5],
     ['county', Timestamp('2019-06-01 00:00:00'), 2, 1, 2, 1.0]]
    """
    windows, cols, f, _ = _units_and_first(first, docs, "adoption_curves")
    groups = _groups(windows, by, "adoption_curves")
    total: dict = {}
    for key in (zip(*(windows[c] for c in groups)) if groups else [()] * len(windows)):
        total[key] = total.get(key, 0) + 1
    out = []
    for term, g in f.groupby("term", sort=False):
        w = g[["_unit", "first_date", "censored"]].merge(windows[["_unit", *groups]], on="_unit")
        for _, h in (w.groupby(groups, sort=False, dropna=False) if groups else [((), w)]):
            key = tuple(h[groups].iloc[0]) if groups else ()
            day = h.groupby("first_date").agg(new=("_unit", "size"), cens=("censored", "sum")).sort_index()
            part = pd.DataFrame({"term": term, "date": day.index, "new": day["new"].to_numpy(),
                                 "adopted": day["new"].cumsum().to_numpy(),
                                 "left_censored": day["cens"].cumsum().to_numpy()})
            for col, value in zip(groups, key):
                part[col] = value
            part["units"] = total[key]
            out.append(part)
    cols_out = ["term", *groups, "date", "new", "adopted", "left_censored", "units", "share"]
    if not out:
        res = pd.DataFrame({c: pd.Series(dtype=object) for c in cols_out})
    else:
        res = pd.concat(out, ignore_index=True)
        res["share"] = res["adopted"] / res["units"]
        for c in ("new", "adopted", "left_censored", "units"):
            res[c] = res[c].astype("int64")
        res = res[cols_out]
    stamp(res, "adoption_curves", **{"by": groups, "unit": first.attrs.get("by"),
                 "simulated": bool(first.attrs.get("simulated", False))})
    return res
