"""A stratified random sample of sentences for people to code, blind to the machine's codes.

:func:`sentence_matches` lists every sentence of a token frame with the codebook categories the
dictionary finds in it (by :func:`cppcc.mechanisms.match_terms`, the matcher of
:func:`cppcc.code_mechanisms` and :func:`cppcc.evidence`). :func:`coding_sheet` draws the sample:

* **strata.** Every sentence belongs to exactly one stratum: ``unmatched`` when the dictionary finds
  nothing in it, otherwise the *rarest* category it matches (the one with the fewest matched
  sentences in the corpus; ties in codebook order), so that rare categories are not crowded out;
* **draws.** Up to ``n_per_category`` sentences from each category's stratum and ``n_unmatched``
  from the unmatched ones, a simple random sample without replacement in each (numpy, seeded);
* **weights.** A sentence's inclusion probability is ``π = n_h / N_h`` (sampled / all sentences of
  its stratum) and its weight ``1 / π``. Recall needs the unmatched sentences at their weight: a
  category's misses are mostly among the many sentences the dictionary did not match.

Coders see the sentence and its neighbours (``context`` sentences on each side, same document) in
a shuffled order, never the stratum, the weight or the machine's categories; they mark every
category that applies (or "none"). Those machine columns stay in the sheet frame (and the
``.key.csv`` file that :func:`cppcc.validation.write_coding_sheet` writes beside the coders'
files), which :func:`cppcc.validation.score_coding` reads.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..common import require_columns
from ..uncertainty._options import check_seed

__all__ = ["sentence_matches", "coding_sheet", "recode_sheet", "codebook_frame", "SHEET_COLUMNS", "UNMATCHED"]

#: the stratum of sentences without any match
UNMATCHED = "unmatched"
#: columns of the sheet frame (the coders' files hold only item, doc_id, sentence, before, text, after)
SHEET_COLUMNS = ["item", "doc_id", "sentence", "before", "text", "after", "stratum", "stratum_size",
                 "stratum_sample", "pi", "weight", "categories", "terms"]


def codebook_frame(codebook=None) -> pd.DataFrame:
    """A codebook as a frame ``category, term, label_zh, label_en, definition`` (one row per term).

    ``codebook`` is what :func:`cppcc.code_mechanisms` takes: None (the packaged codebook), a YAML
    path (:func:`cppcc.load_codebook`), a frame with ``category`` and ``term``, or a mapping
    ``{category: [terms]}``. Missing labels are the category key; a missing definition is empty.

    Examples
    --------
    >>> codebook_frame({"platforms": ["委员之家"]})[["category", "term", "label_en"]].values.tolist()
    [['platforms', '委员之家', 'platforms']]
    """
    from ..mechanisms import load_codebook

    if codebook is None or isinstance(codebook, (str, Path)):
        cb = load_codebook(codebook)
    elif isinstance(codebook, pd.DataFrame):
        require_columns(codebook, ["category", "term"], "coding_sheet", "codebook")
        cb = codebook.copy()
    elif isinstance(codebook, Mapping):
        pairs = [(k, t) for k, terms in codebook.items()
                 for t in ([terms] if isinstance(terms, str) else terms)]
        cb = pd.DataFrame(pairs, columns=["category", "term"])
    else:
        raise ValueError("cppcc.coding_sheet: `codebook` must be None, a path, a frame (category, term) "
                         f"or a dict {{category: [terms]}}, got {type(codebook).__name__}")
    for c in ("label_zh", "label_en"):
        if c not in cb.columns:
            cb[c] = cb["category"]
    if "definition" not in cb.columns:
        cb["definition"] = ""
    return cb.reset_index(drop=True)


def sentence_matches(tokens: pd.DataFrame, codebook=None) -> pd.DataFrame:
    """Every sentence of a token frame, with the codebook categories and terms matched in it.

    Parameters
    ----------
    tokens : DataFrame
        From :func:`cppcc.tokens` (``doc_id``, ``sentence``, ``token`` in text order), or speeches
        (``doc_id``, ``text``), which are tokenised first.
    codebook : see :func:`cppcc.code_mechanisms`

    Returns
    -------
    DataFrame
        One row per sentence in text order: ``doc_id``, ``sentence``, ``text`` (its tokens joined),
        ``categories`` (tuple of matched categories, codebook order, each once), ``terms`` (tuple
        of the matched codebook entries, in text order) and ``n_matches``. ``attrs``: ``function``,
        ``categories`` (the codebook's category keys, in order).

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": "d", "sentence": [1, 1, 1, 2, 2],
    ...                   "token": ["建好", "委员之家", "。", "天气", "好"]})
    >>> s = sentence_matches(t, {"platforms": ["委员之家"], "members": ["委员"]})
    >>> s[["sentence", "text", "categories", "n_matches"]].values.tolist()
    [[1, '建好委员之家。', ('platforms',), 1], [2, '天气好', (), 0]]
    """
    from ..mechanisms import match_terms

    speeches = isinstance(tokens, pd.DataFrame) and "token" not in tokens.columns
    if speeches and {"doc_id", "text"} <= set(tokens.columns):
        from ..text.table import tokens as _tokens

        tokens = _tokens(tokens)
    require_columns(tokens, ["doc_id", "sentence", "token"], "sentence_matches", "tokens")
    cb = codebook_frame(codebook)
    cats = list(dict.fromkeys(cb["category"]))
    unit = tokens.groupby(["doc_id", "sentence"], sort=False, dropna=False, observed=True).ngroup().to_numpy()
    first = np.unique(unit, return_index=True)[1]
    out = tokens.iloc[first][["doc_id", "sentence"]].reset_index(drop=True)
    out["text"] = pd.Series(tokens["token"].astype(str).to_numpy()).groupby(unit).agg("".join).to_numpy()
    m = match_terms(tokens, cb)
    mu = unit[m["row"].to_numpy()] if len(m) else np.array([], dtype=int)
    rank = {c: i for i, c in enumerate(cats)}
    found: dict[int, list] = {}
    for u, term, cat in zip(mu, m["term"], m["category"]):
        found.setdefault(int(u), []).append((term, cat))
    out["categories"] = [tuple(sorted({c for _, c in found.get(i, [])}, key=rank.get))
                         for i in range(len(out))]
    out["terms"] = [tuple(t for t, _ in found.get(i, [])) for i in range(len(out))]
    out["n_matches"] = [len(found.get(i, [])) for i in range(len(out))]
    out.attrs.update({"function": "sentence_matches", "categories": cats})
    return out


def _strata(sentences: pd.DataFrame, cats: list[str]) -> np.ndarray:
    """The stratum of each sentence: ``unmatched``, or its rarest matched category."""
    sizes = pd.Series(0, index=cats)
    for cs in sentences["categories"]:
        for c in cs:
            sizes[c] += 1
    order = {c: (int(sizes[c]), i) for i, c in enumerate(cats)}
    return np.array([min(cs, key=order.get) if cs else UNMATCHED for cs in sentences["categories"]],
                    dtype=object)


def _context(sentences: pd.DataFrame, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` sentences before and after each sentence, within its document."""
    text = sentences["text"].to_numpy(dtype=object)
    doc = sentences["doc_id"].to_numpy(dtype=object)
    n = len(text)
    before, after = np.empty(n, dtype=object), np.empty(n, dtype=object)
    for i in range(n):
        lo = i
        while lo > 0 and i - lo < k and doc[lo - 1] == doc[i]:
            lo -= 1
        hi = i
        while hi < n - 1 and hi - i < k and doc[hi + 1] == doc[i]:
            hi += 1
        before[i], after[i] = "".join(text[lo:i]), "".join(text[i + 1:hi + 1])
    return before, after


def coding_sheet(
    tokens_or_matches: pd.DataFrame,
    codebook=None,
    n_per_category: int = 20,
    n_unmatched: int = 40,
    seed: int = 0,
    context: int = 1,
    path=None,
) -> pd.DataFrame:
    """Draw a stratified random sample of sentences for human coding, with sampling weights.

    Parameters
    ----------
    tokens_or_matches : DataFrame
        A token frame (:func:`cppcc.tokens`), speeches (``doc_id``, ``text``), or the output of
        :func:`sentence_matches` (recognised by its ``categories`` column).
    codebook : see :func:`cppcc.code_mechanisms`
        Its categories are the strata and the columns coders fill in.
    n_per_category : int, default 20
        Sentences drawn from each category's stratum (all of them when it has fewer); at least 1.
    n_unmatched : int, default 40
        Sentences drawn from those without any match; at least 1 (recall needs them).
    seed : int, default 0
        Seed of the draws and of the shuffled order.
    context : int, default 1
        Sentences of the same document shown before and after the sentence.
    path : str or Path, optional
        Also write the coders' files and the key there (:func:`write_coding_sheet`): ``<path>.xlsx``,
        ``<path>.csv`` and ``<path>.key.csv``.

    Returns
    -------
    DataFrame
        One row per sampled sentence, in the shuffled order coders see: ``item`` (1, 2, ...),
        ``doc_id``, ``sentence``, ``before``, ``text``, ``after`` (what coders see), then the
        design: ``stratum``, ``stratum_size`` (N_h), ``stratum_sample`` (n_h), ``pi`` (n_h / N_h),
        ``weight`` (1 / pi), and the machine's ``categories`` and ``terms``. ``attrs``:
        ``function``, ``seed``, ``n_per_category``, ``n_unmatched``, ``context``, ``categories``
        (keys in codebook order), ``labels`` (key -> English label), ``labels_zh``, ``definitions``,
        ``strata``
        (stratum -> [N_h, n_h]).

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": "d", "sentence": [1, 1, 2, 3, 3, 4],
    ...                   "token": ["委员之家", "。", "天气好。", "委员", "说。", "下雨。"]})
    >>> cb = {"platforms": ["委员之家"], "members": ["委员"]}
    >>> sheet = coding_sheet(t, cb, n_per_category=1, n_unmatched=1, seed=0)
    >>> sorted(sheet["stratum"])
    ['members', 'platforms', 'unmatched']
    >>> u = sheet[sheet["stratum"] == "unmatched"].iloc[0]
    >>> int(u["stratum_size"]), int(u["stratum_sample"]), float(u["weight"])
    (2, 1, 2.0)
    >>> sheet.attrs["strata"]
    {'platforms': [1, 1], 'members': [1, 1], 'unmatched': [2, 1]}
    """
    func = "coding_sheet"
    seed = check_seed(seed, func)
    for name, v, low in (("n_per_category", n_per_category, 1), ("n_unmatched", n_unmatched, 1),
                         ("context", context, 0)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
            raise ValueError(f"cppcc.{func}: `{name}` must be an integer of at least {low}, got {v!r} "
                             "(every stratum needs sentences for the weights to cover the corpus)")
    cb = codebook_frame(codebook)
    if isinstance(tokens_or_matches, pd.DataFrame) and "categories" in tokens_or_matches.columns:
        sentences = tokens_or_matches
        require_columns(sentences, ["doc_id", "sentence", "text", "categories"], func, "matches")
        if "terms" not in sentences.columns:
            sentences = sentences.assign(terms=[()] * len(sentences))
    else:
        sentences = sentence_matches(tokens_or_matches, cb)
    sentences = sentences.reset_index(drop=True)
    cats = list(dict.fromkeys(cb["category"]))
    unknown = sorted({c for cs in sentences["categories"] for c in cs} - set(cats))
    if unknown:
        raise ValueError(f"cppcc.{func}: categories {unknown} are not in the codebook {cats}")
    stratum = _strata(sentences, cats)
    before, after = _context(sentences, int(context))
    rng = np.random.default_rng(seed)
    picked, strata = [], {}
    for h in [*cats, UNMATCHED]:
        members = np.flatnonzero(stratum == h)
        want = n_unmatched if h == UNMATCHED else n_per_category
        n_h = min(int(want), len(members))
        strata[h] = [len(members), n_h]
        if n_h:
            picked.append(np.sort(rng.choice(members, size=n_h, replace=False)))
    rows = np.concatenate(picked) if picked else np.array([], dtype=int)
    rows = rows[rng.permutation(len(rows))]
    sheet = pd.DataFrame({
        "item": np.arange(1, len(rows) + 1, dtype="int64"),
        "doc_id": sentences["doc_id"].to_numpy(dtype=object)[rows],
        "sentence": sentences["sentence"].to_numpy()[rows],
        "before": before[rows], "text": sentences["text"].to_numpy(dtype=object)[rows], "after": after[rows],
        "stratum": stratum[rows],
    })
    sheet["stratum_size"] = sheet["stratum"].map(lambda h: strata[h][0]).astype("int64")
    sheet["stratum_sample"] = sheet["stratum"].map(lambda h: strata[h][1]).astype("int64")
    sheet["pi"] = sheet["stratum_sample"] / sheet["stratum_size"]
    sheet["weight"] = sheet["stratum_size"] / sheet["stratum_sample"]
    sheet["categories"] = sentences["categories"].to_numpy(dtype=object)[rows] if len(rows) else []
    sheet["terms"] = sentences["terms"].to_numpy(dtype=object)[rows] if len(rows) else []
    labels = cb.drop_duplicates("category").set_index("category")
    sheet.attrs.update({
        "function": func, "seed": seed, "n_per_category": int(n_per_category),
        "n_unmatched": int(n_unmatched), "context": int(context), "categories": cats,
        "labels": labels["label_en"].to_dict(), "labels_zh": labels["label_zh"].to_dict(),
        "definitions": labels["definition"].to_dict() if "definition" in labels else {},
        "strata": strata,
    })
    if path is not None:
        from .sheet_io import write_coding_sheet

        write_coding_sheet(sheet, path)
    return sheet


def recode_sheet(sheet: pd.DataFrame, tokens: pd.DataFrame, codebook=None) -> pd.DataFrame:
    """A coding sheet with the machine's categories and terms recomputed by another codebook.

    The sample, its strata and weights stay those of the design (people coded those sentences);
    only what the dictionary says about each sentence changes. Score a revised codebook on the
    same coded sample with ``score_coding(recode_sheet(sheet, tokens, revised), codes)`` — and
    remember that a codebook revised on a sample looks better on that sample than it will on new
    sentences.

    Parameters
    ----------
    sheet : DataFrame
        :func:`coding_sheet` or :func:`cppcc.validation.read_coding_sheet` (``doc_id``, ``sentence``).
    tokens : DataFrame
        The token frame the sheet was drawn from (or :func:`sentence_matches` of it).
    codebook : see :func:`cppcc.code_mechanisms`

    Returns
    -------
    DataFrame
        A copy of ``sheet`` with ``categories`` and ``terms`` replaced (``attrs`` kept, with
        ``function`` "recode_sheet", ``recoded`` True and the codebook's ``categories``).

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": "d", "sentence": [1, 1, 2, 2],
    ...                   "token": ["委员之家", "。", "委员", "说"]})
    >>> sheet = coding_sheet(t, {"platforms": ["委员之家"], "members": ["委员"]}, seed=0)
    >>> new = recode_sheet(sheet, t, {"platforms": ["委员之家"], "members": ["委员会"]})
    >>> sorted(new["categories"].tolist())
    [(), ('platforms',)]
    """
    require_columns(sheet, ["doc_id", "sentence"], "recode_sheet", "sheet")
    cb = codebook_frame(codebook)
    if isinstance(tokens, pd.DataFrame) and "categories" in tokens.columns:
        matches = tokens
    else:
        matches = sentence_matches(tokens, cb)
    key = pd.Series(range(len(matches)), index=pd.MultiIndex.from_arrays(
        [matches["doc_id"].astype(str), matches["sentence"].astype("int64")]))
    at = key.reindex(pd.MultiIndex.from_arrays(
        [sheet["doc_id"].astype(str), pd.to_numeric(sheet["sentence"]).astype("int64")]))
    if at.isna().any():
        lost = sheet.loc[at.isna().to_numpy(), ["doc_id", "sentence"]].head(5).values.tolist()
        raise ValueError(f"cppcc.recode_sheet: sentences of the sheet are not in `tokens`: {lost}")
    rows = at.to_numpy(dtype=int)
    out = sheet.copy()
    out["categories"] = matches["categories"].to_numpy(dtype=object)[rows] if len(rows) else []
    out["terms"] = matches["terms"].to_numpy(dtype=object)[rows] if len(rows) else []
    labels = cb.drop_duplicates("category").set_index("category")
    out.attrs = dict(sheet.attrs)
    out.attrs.update({"function": "recode_sheet", "recoded": True, "categories": list(labels.index),
                      "labels": labels["label_en"].to_dict(), "labels_zh": labels["label_zh"].to_dict(),
                      "definitions": labels["definition"].to_dict()})
    return out
