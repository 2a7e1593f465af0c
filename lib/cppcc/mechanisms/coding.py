"""Dictionary coding: codebook matches per document (or any grouping) and category, with rates per
1,000 words (:func:`code_mechanisms`), and every matched passage (:func:`evidence`)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..common import require_columns, stamp
from ..counting import none_for_missing, source_of
from ..counting import unit_codes as _unit_codes
from ..uncertainty._options import check_ci
from .codebook import _as_codebook
from .intervals import add_intervals, unit_counts
from .matching import match_terms

__all__ = ["code_mechanisms", "evidence"]


def code_mechanisms(tokens: pd.DataFrame, codebook=None, by: str | list[str] = "doc_id",
                    ci: float | None = 0.95, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Count codebook matches per document (or any grouping) and category, with rates per 1,000 tokens.

    Parameters
    ----------
    tokens : DataFrame
        Token frame from :func:`cppcc.tokens` (``doc_id``, ``sentence``, ``token``, ``is_punct``;
        the speech metadata columns are passed through).
    codebook : None, path, DataFrame or dict
        Default: the packaged codebook (:func:`load_codebook`); a YAML path; a frame with
        ``category`` and ``term``; or ``{category: [terms]}``.
    by : str or list of str, default "doc_id"
        Unit of counting: ``"doc_id"`` (one speech), ``["doc_id", "section"]`` for tokens of
        :func:`cppcc.sections`, or any metadata column (``"level"``, ``"province"``). Missing
        values form their own group.
    ci : float or None, default 0.95
        Level of the interval of each rate: a percentile bootstrap that resamples the group's
        documents (a group of one document: its sentences), :func:`cppcc.uncertainty.bootstrap_rates`.
        None: no interval (faster).
    n_boot, seed : int, default 1000, 0
        Bootstrap replicates and seed (each group has its own stream: a group's interval does not
        depend on the other groups).

    Returns
    -------
    DataFrame
        One row per group and category (every category for every group, zeros included): the
        ``by`` columns; when ``by`` holds ``doc_id``, the metadata of ``tokens`` constant within
        each group (for documents: speaker, region, level...; a row that pools documents, by
        ``"level"`` say, carries no document's metadata); ``category``, ``label_zh``,
        ``label_en``, ``matches``, ``tokens`` (words of the group: :mod:`cppcc.counting`,
        stopwords included) and
        ``rate = 1000 * matches / tokens`` (NaN for a group without words), ``rate_low`` and
        ``rate_high`` (the interval; NaN when nothing can be resampled, e.g. a group of one
        sentence; [0, 0] for a group without a match: "none in its documents", not a rate known to
        be zero) and ``n_docs`` (the group's documents: with few, read the interval as rough).
        Groups in order of appearance, categories in codebook order. ``attrs``: ``function``,
        ``by`` (list), ``method`` ("dictionary"), ``unit``, ``codebook``, and ``ci``, ``n_boot``,
        ``seed``, ``interval``, ``resampled`` (None, None... with ``ci=None``). The same on a
        :class:`cppcc.Store`.

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> cm = code_mechanisms(toks)
    >>> cm[["speaker", "category", "matches"]].head(2).values.tolist()
    [['李银峰', 'platforms', 13], ['李银峰', 'procedures', 32]]
    >>> code_mechanisms(toks, by="level")[["level", "category", "matches"]].head(1).values.tolist()
    [['prefecture', 'platforms', 13]]
    >>> r = cm.iloc[0]
    >>> bool(r["rate_low"] < r["rate"] < r["rate_high"]), cm.attrs["resampled"]
    (True, 'sentence (single-document groups)')
    """
    by_cols = [by] if isinstance(by, str) else list(by)
    source = source_of(tokens)
    source.require(["doc_id", "sentence", "token", "is_punct", *by_cols], "code_mechanisms")
    if ci is not None:
        check_ci(ci, "code_mechanisms")
    cb = _as_codebook(codebook)
    cats = cb.drop_duplicates("category")[["category", "label_zh", "label_en"]].reset_index(drop=True)
    counted = source.term_counts(by_cols, "code_mechanisms").counted()
    groups = counted.groups
    if groups.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in by_cols})
        grid = empty.merge(cats, how="cross")
        for c, dt in (("matches", "int64"), ("tokens", "int64"), ("rate", float)):
            grid[c] = pd.Series(dtype=dt)
        if ci is not None:
            for c, dt in (("rate_low", float), ("rate_high", float), ("n_docs", "int64")):
                grid[c] = pd.Series(dtype=dt)
        return _stamped(grid, by_cols, codebook, _no_interval(ci, n_boot, seed))
    # a row that pools documents carries its grouping only, never one document's metadata
    meta = source.group_metadata(by_cols) if "doc_id" in by_cols else none_for_missing(groups[by_cols])
    keys = groups[by_cols].assign(_g=np.arange(len(groups)))
    units = unit_counts(source, cb, by_cols)  # one pass over the tokens: matches per sentence
    counts = np.zeros((len(groups), len(cats)), dtype=np.int64)
    hit = units[units["matches"] > 0]
    if len(hit):
        g = hit[by_cols].reset_index(drop=True).merge(keys, on=by_cols, how="left")["_g"].to_numpy()
        np.add.at(counts, (g, pd.Index(cats["category"]).get_indexer(hit["category"])),
                  hit["matches"].to_numpy())
    grid = meta.reset_index(drop=True).merge(cats, how="cross")
    grid["matches"] = counts.ravel()
    grid["tokens"] = np.repeat(groups["n_tokens"].to_numpy(), len(cats)).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        grid["rate"] = np.where(grid["tokens"] > 0, 1000.0 * grid["matches"] / grid["tokens"], np.nan)
    grid = grid.reset_index(drop=True)
    settings = _no_interval(ci, n_boot, seed)
    if ci is not None:
        grid, settings = add_intervals(grid, units, by_cols, ci, n_boot, seed)
    return _stamped(grid, by_cols, codebook, settings)


def _no_interval(ci, n_boot, seed) -> dict:
    """The interval settings of a result without intervals (``ci=None``) or of an empty one."""
    return {"ci": None if ci is None else float(ci), "n_boot": None if ci is None else int(n_boot),
            "seed": None if ci is None else int(seed), "interval": None, "resampled": None}


def _stamped(grid: pd.DataFrame, by_cols: list[str], codebook, settings: dict) -> pd.DataFrame:
    """The result stamp of :func:`code_mechanisms` (the same on tokens and on a store)."""
    label = "packaged" if codebook is None else "custom"
    if isinstance(codebook, (str, Path)):
        label = str(codebook)
    return stamp(grid, "code_mechanisms", by=by_cols, method="dictionary", unit="per 1,000 tokens",
                 codebook=label, **settings)


def _category_keys(cb: pd.DataFrame, category: str | list[str] | None) -> set[str] | None:
    """The codebook categories named by ``category`` (by key, English or Chinese label); None = all."""
    if category is None:
        return None
    wanted = [category] if isinstance(category, str) else list(category)
    lookup = {}
    for r in cb.drop_duplicates("category").itertuples(index=False):
        for name in (r.category, r.label_en, r.label_zh):
            lookup[str(name)] = r.category
    bad = [w for w in wanted if w not in lookup]
    if bad:
        raise ValueError(f"cppcc.evidence: unknown category {bad}; known: {sorted(cb['category'].unique())}")
    return {lookup[w] for w in wanted}


def evidence(
    tokens_or_speeches: pd.DataFrame,
    category: str | list[str] | None = None,
    window: int = 10,
    codebook=None,
    by: str | list[str] = "doc_id",
) -> pd.DataFrame:
    """Every passage matched by the codebook, so that each count of :func:`code_mechanisms` can be audited.

    Parameters
    ----------
    tokens_or_speeches : DataFrame
        A token frame (has ``token``) or a speech/section frame (has ``doc_id`` and ``text``; it is
        tokenised with :func:`cppcc.tokens`).
    category : str or list of str, optional
        Category key(s) (``"platforms"``) or label(s) (``"Platforms and venues"``, ``"协商平台与载体"``);
        None: all categories.
    window : int, default 10
        Tokens of context on each side (within the document).
    codebook : see :func:`code_mechanisms`
    by : str or list of str, default "doc_id"
        As in :func:`code_mechanisms`: these columns are added after ``doc_id`` so that the rows
        can be counted per the same groups.

    Returns
    -------
    DataFrame
        One row per match: ``doc_id``, the other ``by`` columns, ``category, label_en, term`` (the
        codebook entry, e.g. a pattern ``"*党委"``), ``sentence`` (sentence number), ``left, match,
        right`` (tokens joined without spaces; ``match`` is the matched text) and
        ``sentence_text`` (the whole sentence). Its number of rows per (``by``, category) equals
        ``matches`` of :func:`code_mechanisms` on the same tokens, codebook and ``by``.

    Examples
    --------
    >>> import cppcc
    >>> ev = evidence(cppcc.tokens(cppcc.load_speeches()), "platforms", window=4)
    >>> len(ev), ev[["left", "match", "right"]].head(1).values.tolist()
    (60, [['边疆“大治理”', '议事平台', '一是设立协商议事']])
    """
    df = tokens_or_speeches
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"cppcc.evidence: expected a DataFrame, got {type(df).__name__}")
    if "token" not in df.columns:
        if "text" in df.columns and "doc_id" in df.columns:
            from ..text.table import tokens as _tokens

            df = _tokens(df)
        else:
            raise ValueError(
                "cppcc.evidence: expected a token frame (column 'token') or speeches "
                f"(columns 'doc_id', 'text'); got {list(df.columns)}"
            )
    extra = [c for c in ([by] if isinstance(by, str) else list(by)) if c != "doc_id"]
    require_columns(df, ["doc_id", "sentence", "token", *extra], "evidence", "tokens")
    cb = _as_codebook(codebook)
    cols = [
        "doc_id",
        *extra,
        "category",
        "label_en",
        "term",
        "sentence",
        "left",
        "match",
        "right",
        "sentence_text",
    ]
    keys = _category_keys(cb, category)
    settings = dict(by=[by] if isinstance(by, str) else list(by), category=category, window=int(window))
    # match with the full codebook (overlaps resolved exactly as in code_mechanisms), then filter
    m = match_terms(df, cb)
    if keys is not None:
        m = m[m["category"].isin(keys)]
    if m.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="int64" if c == "sentence" else object) for c in cols})
        return stamp(empty, "evidence", **settings)
    tok = df["token"].astype(str).to_numpy(dtype=object)
    doc = df["doc_id"].to_numpy()
    sent = df["sentence"].to_numpy()
    dcode = _unit_codes(df, ("doc_id",))
    unit = _unit_codes(df)
    sent_text = pd.Series(tok).groupby(unit).agg("".join).to_numpy()
    # document bounds for the context window
    n = len(tok)
    change = np.flatnonzero(np.diff(dcode)) + 1
    bounds_lo = np.zeros(n, dtype=int)
    bounds_hi = np.full(n, n)
    seg_starts = np.concatenate([[0], change])
    seg_ends = np.concatenate([change, [n]])
    for a, b in zip(seg_starts, seg_ends):
        bounds_lo[a:b], bounds_hi[a:b] = a, b
    labels = dict(zip(cb["category"], cb["label_en"]))
    extra_values = {c: df[c].to_numpy() for c in extra}
    rows = []
    for r in m.itertuples(index=False):
        i, k = int(r.row), int(r.n_tokens)
        lo, hi = max(bounds_lo[i], i - window), min(bounds_hi[i], i + k + window)
        rows.append(
            {
                "doc_id": doc[i],
                **{c: v[i] for c, v in extra_values.items()},
                "category": r.category,
                "label_en": labels.get(r.category),
                "term": r.term,
                "sentence": sent[i],
                "left": "".join(tok[lo:i]),
                "match": "".join(tok[i : i + k]),
                "right": "".join(tok[i + k : hi]),
                "sentence_text": sent_text[unit[i]],
            }
        )
    return stamp(pd.DataFrame(rows, columns=cols), "evidence", **settings)
