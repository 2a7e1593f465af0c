"""Governance mechanisms: a codebook as data, dictionary coding with rates, and the evidence behind
every count; plus the bilingual glossary used to label charts.

The codebook (``data/codebook.yaml``) groups terms into categories — platforms, procedures,
staffing and resources, rules and evaluation, members' duties, party leadership, grassroots reach,
democratic supervision, follow-up and feedback — each with a Chinese and English label, a one-line
definition and a justification. :func:`code_mechanisms` counts matches per document and category
(rate per 1,000 non-punctuation tokens) and :func:`evidence` lists every matched passage, so that
``len(evidence(toks))`` equals ``code_mechanisms(toks)["matches"].sum()``.

Matching (one implementation, :func:`match_terms`, serves both):

* a term matches a run of consecutive tokens *within one sentence* whose concatenation equals the
  term exactly — so terms the segmenter splits still match, and a term never matches part of a
  longer token (工作室 does not match inside the token 委员工作室);
* overlaps are resolved leftmost-longest: a token belongs to at most one match;
* a term with a leading/trailing ``*`` (``"*党委"``) is a pattern matching one whole token (any
  token ending in 党委); an exact term wins over a pattern, and among patterns the first in
  codebook order wins;
* rows of ``tokens`` must be in text order within each sentence (as :func:`cppcc.tokens` returns them).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .common import require_columns, stamp
from .compare import _per_type, _punct_mask, _unit_codes

__all__ = ["load_codebook", "code_mechanisms", "evidence", "glossary", "match_terms"]

_DATA = Path(__file__).with_name("data")
CODEBOOK_PATH = _DATA / "codebook.yaml"
GLOSSARY_PATH = _DATA / "glossary.csv"
_CODEBOOK_COLS = ["category", "label_zh", "label_en", "term", "definition", "justification"]
_TOKEN_LEVEL = {"sentence", "position", "token", "pos", "is_stop", "is_punct", "text", "text_original"}


# --------------------------------------------------------------------------- codebook
@functools.lru_cache(maxsize=8)
def _read_yaml(path: str, mtime: float) -> dict:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise ValueError(f"codebook {path}: not valid YAML: {exc}") from exc


def load_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """Read a governance-mechanism codebook into a tidy frame, one row per (category, term).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file shaped like the packaged ``data/codebook.yaml``: a ``categories`` list of
        mappings with ``key``, ``label_zh``, ``label_en``, ``definition``, (``justification``) and
        ``terms``. Default: the packaged codebook. Terms are converted to Simplified script
        (:func:`cppcc.to_simplified`), so a codebook may be written in Traditional characters.

    Returns
    -------
    DataFrame
        ``category, label_zh, label_en, term, definition, justification`` in file order.

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    ValueError
        A category lacks a field or has no terms, two categories share a key, or a term appears twice
        (the message names the term and its categories: overlaps must be resolved in the file).

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.groupby("category", sort=False).size().index.tolist()[:3]
    ['platforms', 'procedures', 'resources']
    >>> cb.loc[cb.term == "委员之家", "label_en"].item()
    'Platforms and venues'
    """
    from .normalize import to_simplified

    p = Path(path) if path is not None else CODEBOOK_PATH
    if not p.is_file():
        raise FileNotFoundError(f"codebook {p}: no such file")
    data = _read_yaml(str(p.resolve()), p.stat().st_mtime)
    cats = data.get("categories") if isinstance(data, dict) else None
    if not isinstance(cats, list) or not cats:
        raise ValueError(f"codebook {p}: expected a top-level 'categories' list")
    rows, seen_keys, seen_terms = [], set(), {}
    for i, cat in enumerate(cats):
        if not isinstance(cat, dict):
            raise ValueError(f"codebook {p}: category #{i + 1} is not a mapping")
        missing = [f for f in ("key", "label_zh", "label_en", "definition", "terms") if not cat.get(f)]
        if missing:
            raise ValueError(f"codebook {p}: category #{i + 1} ({cat.get('key')!r}) lacks {missing}")
        key = str(cat["key"])
        if key in seen_keys:
            raise ValueError(f"codebook {p}: category key {key!r} appears twice")
        seen_keys.add(key)
        for term in cat["terms"]:
            t = to_simplified(str(term).strip())
            if not t.strip("*") or "*" in t.strip("*"):
                raise ValueError(
                    f"codebook {p}: bad term {term!r} in category {key!r} "
                    "(empty, or '*' not at the start/end)"
                )
            if t in seen_terms:
                raise ValueError(
                    f"codebook {p}: term {t!r} is in categories {seen_terms[t]!r} and {key!r}; "
                    "each term must belong to one category"
                )
            seen_terms[t] = key
            rows.append(
                {
                    "category": key,
                    "label_zh": str(cat["label_zh"]),
                    "label_en": str(cat["label_en"]),
                    "term": t,
                    "definition": str(cat["definition"]).strip(),
                    "justification": str(cat.get("justification") or "").strip() or None,
                }
            )
    return pd.DataFrame(rows, columns=_CODEBOOK_COLS)


def _as_codebook(codebook) -> pd.DataFrame:
    if codebook is None or isinstance(codebook, (str, Path)):
        return load_codebook(codebook)
    if isinstance(codebook, pd.DataFrame):
        missing = [c for c in ("category", "term") if c not in codebook.columns]
        if missing:
            raise ValueError(
                f"codebook frame is missing column(s) {missing}; it has {list(codebook.columns)}"
            )
        cb = codebook.copy()
    elif isinstance(codebook, Mapping):
        cb = pd.DataFrame(
            [(k, t) for k, terms in codebook.items() for t in ([terms] if isinstance(terms, str) else terms)],
            columns=["category", "term"],
        )
    else:
        raise ValueError(
            "codebook must be None, a path, a frame (category, term) or a dict {category: [terms]}"
        )
    for c in ("label_zh", "label_en"):
        if c not in cb.columns:
            cb[c] = cb["category"]
    dup = cb[cb.duplicated("term", keep=False)]
    if dup["category"].groupby(dup["term"]).nunique().gt(1).any():
        bad = dup.groupby("term")["category"].unique().to_dict()
        raise ValueError(f"codebook terms in more than one category: {bad}")
    return cb.drop_duplicates("term").reset_index(drop=True)


# --------------------------------------------------------------------------- matching
def match_terms(tokens: pd.DataFrame, terms) -> pd.DataFrame:
    """Find every codebook term in a token frame (leftmost-longest, non-overlapping, within sentences).

    Parameters
    ----------
    tokens : DataFrame
        ``doc_id``, ``sentence``, ``token`` in text order.
    terms : iterable of str, or a codebook frame with ``term`` (and ``category``)

    Returns
    -------
    DataFrame
        ``row`` (positional index of the match's first token in ``tokens``), ``n_tokens`` (tokens
        spanned), ``term`` and, when a codebook frame is given, ``category``. In token order.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": "d", "sentence": 1, "token": ["委员", "工作室", "和", "委员"]})
    >>> match_terms(t, ["委员", "委员工作室"])[["row", "n_tokens", "term"]].values.tolist()
    [[0, 2, '委员工作室'], [3, 1, '委员']]
    """
    require_columns(tokens, ["doc_id", "sentence", "token"], "match_terms", "tokens")
    cb = terms if isinstance(terms, pd.DataFrame) else None
    term_list = list(cb["term"]) if cb is not None else [str(t) for t in terms]
    cols = ["row", "n_tokens", "term"] + (["category"] if cb is not None and "category" in cb.columns else [])
    empty = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("row", "n_tokens") else object) for c in cols})
    patterns = [t for t in dict.fromkeys(term_list) if t.startswith("*") or t.endswith("*")]
    term_set = {t for t in term_list if t not in set(patterns)}
    n = len(tokens)
    if n == 0 or not (term_set or patterns):
        return empty
    prefixes = {t[:k] for t in term_set for k in range(1, len(t) + 1)}
    max_span = max((len(t) for t in term_set), default=0)  # a term of c characters spans at most c tokens
    tok = tokens["token"].astype(str).to_numpy(dtype=object)
    unit = _unit_codes(tokens)

    starts, spans, found, prio = [], [], [], []
    if patterns:  # one-token patterns, first pattern in codebook order wins
        taken = np.zeros(n, dtype=bool)
        for pat in patterns:
            core = pat.strip("*")
            if pat.startswith("*") and pat.endswith("*"):
                hit = _per_type(tokens["token"], lambda u, core=core: u.str.contains(core, regex=False))
            elif pat.startswith("*"):
                hit = _per_type(tokens["token"], lambda u, core=core: u.str.endswith(core))
            else:
                hit = _per_type(tokens["token"], lambda u, core=core: u.str.startswith(core))
            hit &= ~taken
            taken |= hit
            idx = np.flatnonzero(hit)
            starts.append(idx)
            spans.append(np.ones(len(idx), dtype=int))
            found.append(np.full(len(idx), pat, dtype=object))
            prio.append(np.ones(len(idx), dtype=int))
    alive = (
        np.flatnonzero(_per_type(tokens["token"], lambda u: u.isin(prefixes)))
        if term_set
        else np.array([], dtype=int)
    )
    cur = tok[alive]
    for s in range(1, max_span + 1):
        if s > 1:
            j = alive + s - 1
            ok = j < n
            alive, cur, j = alive[ok], cur[ok], j[ok]
            ok = unit[j] == unit[alive]
            alive, cur, j = alive[ok], cur[ok], j[ok]
            cur = cur + tok[j]
            ok = pd.Series(cur, dtype=object).isin(prefixes).to_numpy()
            alive, cur = alive[ok], cur[ok]
        if len(alive) == 0:
            break
        hit = pd.Series(cur, dtype=object).isin(term_set).to_numpy()
        starts.append(alive[hit])
        spans.append(np.full(hit.sum(), s))
        found.append(cur[hit])
        prio.append(np.zeros(hit.sum(), dtype=int))
    if not starts or sum(len(x) for x in starts) == 0:
        return empty
    st, sp, tm = np.concatenate(starts), np.concatenate(spans), np.concatenate(found)
    pr = np.concatenate(prio)
    order = np.lexsort((pr, -sp, st))  # by start, longest first, exact term before pattern
    st, sp, tm = st[order], sp[order], tm[order]
    keep = np.zeros(len(st), dtype=bool)
    end = -1
    for k in range(len(st)):  # greedy over candidate matches only (not over tokens or terms)
        if st[k] >= end:
            keep[k] = True
            end = st[k] + sp[k]
    out = pd.DataFrame(
        {
            "row": st[keep].astype("int64"),
            "n_tokens": sp[keep].astype("int64"),
            "term": tm[keep].astype(object),
        }
    )
    if "category" in cols:
        out["category"] = out["term"].map(dict(zip(cb["term"], cb["category"])))
    return out[cols]


def _group_metadata(tokens: pd.DataFrame, by_cols: list[str], gcode: np.ndarray) -> pd.DataFrame:
    """One row per group (order of appearance): the ``by`` columns and the columns constant within
    every group (speaker, region, level... for documents)."""
    first = np.unique(gcode, return_index=True)[1]
    cand = [c for c in tokens.columns if c not in _TOKEN_LEVEL and c not in by_cols]
    const = []
    if cand:
        nun = tokens[cand].groupby(gcode, sort=True).nunique(dropna=False)
        const = [c for c in cand if (nun[c] <= 1).all()]
    meta = tokens.iloc[first][by_cols + const].reset_index(drop=True)
    for c in meta.columns:  # None, not NaN, for missing strings
        if meta[c].dtype == object:
            meta[c] = meta[c].where(meta[c].notna(), None)
    return meta


def code_mechanisms(tokens: pd.DataFrame, codebook=None, by: str | list[str] = "doc_id") -> pd.DataFrame:
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

    Returns
    -------
    DataFrame
        One row per group and category (every category for every group, zeros included): the
        ``by`` columns, the metadata of ``tokens`` constant within each group (for documents:
        speaker, region, level...), ``category``, ``label_zh``, ``label_en``, ``matches``,
        ``tokens`` (non-punctuation tokens of the group, stopwords included) and
        ``rate = 1000 * matches / tokens`` (NaN for a group without words). Groups in order of
        appearance, categories in codebook order. ``attrs``: ``function``, ``by`` (list),
        ``method`` ("dictionary"), ``unit``.

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> cm = code_mechanisms(toks)
    >>> cm[["speaker", "category", "matches"]].head(2).values.tolist()
    [['李银峰', 'platforms', 13], ['李银峰', 'procedures', 32]]
    >>> code_mechanisms(toks, by="level")[["level", "category", "matches"]].head(1).values.tolist()
    [['prefecture', 'platforms', 13]]
    """
    if getattr(tokens, "_cppcc_store", False):  # a cppcc.Store: the same numbers, out of core (store.py)
        return tokens.code_mechanisms(codebook=codebook, by=by)
    by_cols = [by] if isinstance(by, str) else list(by)
    require_columns(
        tokens, ["doc_id", "sentence", "token", "is_punct", *by_cols], "code_mechanisms", "tokens"
    )
    cb = _as_codebook(codebook)
    cats = cb.drop_duplicates("category")[["category", "label_zh", "label_en"]].reset_index(drop=True)
    if len(tokens) == 0:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in by_cols})
        grid = empty.merge(cats, how="cross")
        for c, dt in (("matches", "int64"), ("tokens", "int64"), ("rate", float)):
            grid[c] = pd.Series(dtype=dt)
        return _stamped(grid, by_cols, codebook)
    gcode = _unit_codes(tokens, tuple(by_cols))
    G, C = int(gcode.max()) + 1, len(cats)
    meta = _group_metadata(tokens, by_cols, gcode)
    ntok = np.bincount(gcode[~_punct_mask(tokens)], minlength=G)
    m = match_terms(tokens, cb)
    counts = np.zeros((G, C), dtype=np.int64)
    cidx = pd.Index(cats["category"]).get_indexer(m["category"])
    np.add.at(counts, (gcode[m["row"].to_numpy()], cidx), 1)
    grid = meta.merge(cats, how="cross")
    grid["matches"] = counts.ravel()
    grid["tokens"] = np.repeat(ntok, C).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        grid["rate"] = np.where(grid["tokens"] > 0, 1000.0 * grid["matches"] / grid["tokens"], np.nan)
    return _stamped(grid.reset_index(drop=True), by_cols, codebook)


def _stamped(grid: pd.DataFrame, by_cols: list[str], codebook) -> pd.DataFrame:
    """The result stamp of :func:`code_mechanisms` (the same on tokens and on a store)."""
    label = "packaged" if codebook is None else "custom"
    if isinstance(codebook, (str, Path)):
        label = str(codebook)
    return stamp(grid, "code_mechanisms", by=by_cols, method="dictionary", unit="per 1,000 tokens",
                 codebook=label)


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
            from .text import tokens as _tokens

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


# --------------------------------------------------------------------------- glossary
def glossary(path: str | Path | None = None, as_dict: bool = False):
    """The bilingual glossary used to label charts (``data/glossary.csv``).

    It covers every codebook term and category label, frequent institutional terms, the seed's
    policy brands and numbered formulas (有事好商量, 两个薄弱...) and its place names.

    Parameters
    ----------
    path : str or Path, optional
        Another CSV with columns ``term, gloss_en[, note]`` (UTF-8).
    as_dict : bool, default False
        Return ``{term: gloss_en}`` instead of a frame.

    Returns
    -------
    DataFrame
        ``term, gloss_en, note`` (note None when empty), or a dict.

    Examples
    --------
    >>> g = glossary(as_dict=True)
    >>> g["有事好商量"]
    'consultation on matters that concern us'
    """
    p = Path(path) if path is not None else GLOSSARY_PATH
    if not p.is_file():
        raise FileNotFoundError(f"glossary {p}: no such file")
    df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in ("term", "gloss_en") if c not in df.columns]
    if missing:
        raise ValueError(f"glossary {p}: missing column(s) {missing}; it has {list(df.columns)}")
    if "note" not in df.columns:
        df["note"] = ""
    df = df[["term", "gloss_en", "note"]].copy()
    df["term"] = df["term"].str.strip()
    dups = df.loc[df["term"].duplicated(), "term"].tolist()
    if dups:
        raise ValueError(f"glossary {p}: duplicate term(s) {dups}")
    df["note"] = df["note"].where(df["note"].str.len() > 0, None)
    if as_dict:
        return dict(zip(df["term"], df["gloss_en"]))
    return df.reset_index(drop=True)
