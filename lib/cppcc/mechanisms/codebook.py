"""The codebook of governance mechanisms (``data/codebook.yaml``) and the bilingual glossary
(``data/glossary.csv``), read into tidy frames."""
from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

__all__ = ["load_codebook", "glossary", "CODEBOOK_PATH", "GLOSSARY_PATH"]

_DATA = Path(__file__).resolve().parents[1] / "data"
CODEBOOK_PATH = _DATA / "codebook.yaml"
GLOSSARY_PATH = _DATA / "glossary.csv"
_CODEBOOK_COLS = ["category", "label_zh", "label_en", "term", "definition", "justification"]


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
        ``attrs["never_count"]``: the file's ``never_count`` phrases (salutations such as 各位委员),
        which the matcher takes like terms and then drops, so that they never count.

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
    from ..normalize import to_simplified

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
    never = [to_simplified(str(t).strip()) for t in (data.get("never_count") or [])]
    clash = sorted(set(never) & set(seen_terms))
    if clash:
        raise ValueError(f"codebook {p}: {clash} are both terms and never_count phrases")
    out = pd.DataFrame(rows, columns=_CODEBOOK_COLS)
    out.attrs["never_count"] = [t for t in dict.fromkeys(never) if t]
    return out


def _as_codebook(codebook) -> pd.DataFrame:
    if codebook is None or isinstance(codebook, (str, Path)):
        return load_codebook(codebook)
    never = list(codebook.attrs.get("never_count", [])) if isinstance(codebook, pd.DataFrame) else []
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
    cb = cb.drop_duplicates("term").reset_index(drop=True)
    cb.attrs["never_count"] = never
    return cb


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
