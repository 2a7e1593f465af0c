"""Helpers for the notebooks: findings stated from data, tables for display, the seed's readings.

The notebooks keep their cells short by calling these functions:

- :func:`sentence` / :func:`say`: a finding sentence filled from data (values HTML-escaped);
  :func:`plural`, :func:`join`, :func:`gloss` and :func:`position_en` keep the English right
  (no "speech(es)", no Chinese 、 inside English sentences, one gloss per term from the glossary);
- :func:`tidy_table`: a frame ready to display (no ``None``/``NaN``, no literal line breaks,
  whole-number floats as integers);
- :func:`load_corpus` / :func:`corpus_tokens`: the notebooks' loading cells, from a corpus folder
  or from a store built by :func:`cppcc.build_store` (``STORE`` parameter), the same tables either way;
- :func:`is_seed_corpus`: whether a corpus is exactly the project's seed page, decided from the
  bytes of its files; the report builder shows the notebooks' "Reading of the 2020-08-24 digest"
  cells (tagged :data:`SEED_TAG`) only then;
- small analysis steps that notebooks used to spell out in long cells: :func:`method_agreement`
  (notebook 03), :func:`strongest_cells` and :func:`evidence_drivers` (notebook 02),
  :func:`quoted_forms` (notebook 04).
"""
from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .common import require_columns

__all__ = [
    "sentence", "say", "plural", "join", "gloss", "position_en", "tidy_table",
    "SEED_SHA256", "SEED_DATE", "SEED_TAG", "is_seed_corpus", "load_corpus", "corpus_tokens",
    "method_agreement", "strongest_cells", "evidence_drivers", "quoted_forms", "dominant_mechanism",
    "versus_rest", "THIS", "REST", "stoplist_effect",
]

#: SHA-256 of the seed page ``corpus/000_311b16853e29c05d.txt`` as received (kept byte for byte)
SEED_SHA256 = "5f3fc20892e163b7aec7f97639118bc8efb1f6268260274b8e31e226c6ecad0b"
#: the seed page's date, as the readings' label states it
SEED_DATE = "2020-08-24"
#: the cell tag of a notebook's interpretation of the seed page
SEED_TAG = "seed-reading"


# --------------------------------------------------------------------------- sentences
def _clean(value):
    if isinstance(value, str):
        return html.escape(value, quote=False).replace("*", "\\*").replace("_", "\\_")
    if isinstance(value, (list, tuple)):
        return join([_clean(x) for x in value])
    return value


def join(items: Iterable, last: str = "and") -> str:
    """Join items as an English list: ``a``, ``a and b``, ``a, b and c``.

    Examples
    --------
    >>> join(["委员之家", "有事好商量", "协商议事"])
    '委员之家, 有事好商量 and 协商议事'
    >>> join(["a"]), join([])
    ('a', '')
    """
    items = [str(x) for x in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def sentence(template: str, /, **values) -> str:
    """Format a sentence of findings with its values HTML-escaped (for Markdown output).

    Notebooks state findings with :func:`say` so that every number in the prose is computed and
    corpus text (speaker names, terms) is escaped before it reaches Markdown. Lists are joined as
    an English list (:func:`join`), not with the Chinese 、.

    Examples
    --------
    >>> sentence("The corpus holds {n} speeches; {who} speaks first.", n=5, who="<李银峰>")
    'The corpus holds 5 speeches; &lt;李银峰&gt; speaks first.'
    >>> sentence("Terms: {t}", t=["委员之家", "有事好商量"])
    'Terms: 委员之家 and 有事好商量'
    """
    return template.format(**{k: _clean(v) for k, v in values.items()})


def say(template: str, /, **values) -> None:
    """Display :func:`sentence` as Markdown in a notebook (print it elsewhere).

    Examples
    --------
    >>> say("{n} speeches", n=3)
    3 speeches
    """
    text = sentence(template, **values)
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display

        if get_ipython() is not None:
            display(Markdown(text))
            return
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        pass
    print(text)


_PLURALS = {"speech": "speeches", "match": "matches", "formula": "formulas", "county": "counties",
            "quotation": "quotations", "claim": "claims", "measure": "measures", "term": "terms"}


def plural(n: int | float, word: str, many: str | None = None) -> str:
    """``"1 speech"``, ``"2 speeches"``: the count and the word in the right number.

    Parameters
    ----------
    n : number
    word : the singular.
    many : the plural when it is not ``word + "s"`` and not a known irregular one.

    Examples
    --------
    >>> plural(1, "speech"), plural(3, "speech"), plural(0, "region"), plural(2, "body", "bodies")
    ('1 speech', '3 speeches', '0 regions', '2 bodies')
    >>> plural(1200, "token")
    '1,200 tokens'
    """
    form = word if n == 1 else (many or _PLURALS.get(word) or word + "s")
    count = f"{n:,}" if isinstance(n, (int, np.integer)) else f"{n:g}"
    return f"{count} {form}"


def gloss(term: str, glossary: Mapping[str, str] | None = None) -> str:
    """``term (*gloss*)`` with the project glossary's gloss, or the bare term when it has none.

    One gloss per term: prose glosses come from the same glossary the charts use.

    Examples
    --------
    >>> gloss("两个薄弱")
    '两个薄弱 (*the "two weaknesses"*)'
    >>> gloss("某某")
    '某某'
    """
    if glossary is None:
        from .mechanisms import glossary as load

        glossary = load(as_dict=True)
    en = glossary.get(term)
    return f"{term} (*{en}*)" if en else term


def position_en(position, glossary: Mapping[str, str] | None = None) -> str:
    """A speaker's position in English (主席 -> ``chair``), from the glossary.

    Missing positions give ``"speaker"``; a position the glossary lacks is kept as written.

    Examples
    --------
    >>> position_en("主席"), position_en("副主席"), position_en(None)
    ('chair', 'vice-chair', 'speaker')
    """
    from .common import is_missing

    if is_missing(position) or not str(position).strip():
        return "speaker"
    if glossary is None:
        from .mechanisms import glossary as load

        glossary = load(as_dict=True)
    return glossary.get(str(position), str(position))


# --------------------------------------------------------------------------- tables
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


# --------------------------------------------------------------------------- the seed page
def is_seed_corpus(path: str | Path | None = None) -> bool:
    """True when the corpus at ``path`` (a corpus folder or file, or a store folder built from one)
    is exactly the project's seed page, byte for byte.

    Decided from the data: the corpus must hold one page file whose SHA-256 is
    :data:`SEED_SHA256`. The notebooks' interpretations of the seed (cells tagged
    :data:`SEED_TAG`, headed "Reading of the 2020-08-24 digest") are shown only then.

    Examples
    --------
    >>> is_seed_corpus()  # the project's corpus/ holds the seed page only
    True
    """
    from .corpus.files import find_files
    from .store import is_store, open_store

    if is_store(path):  # a store built from one page records the SHA-256 of its bytes
        return open_store(path).info.get("page_sha256") == SEED_SHA256
    _, files = find_files(path)
    if len(files) != 1:
        return False
    return hashlib.sha256(files[0].read_bytes()).hexdigest() == SEED_SHA256


# --------------------------------------------------------------------------- loading
CORPUS_TABLES = ("speeches", "pages", "audit")


def load_corpus(corpus: str | Path | None = None, store=None, errors: str = "raise",
                what: str = "speeches") -> pd.DataFrame:
    """A table of the corpus, read from its pages or from a store: the notebooks' loading cells.

    Parameters
    ----------
    corpus : path, optional
        A corpus file or folder (None: the project's ``corpus/``); used when ``store`` is None.
    store : path or cppcc.Store, optional
        A store folder written by :func:`cppcc.build_store`: the table is read from its Parquet
        files (nothing is parsed again).
    errors : {"raise", "warn"}
        As in :func:`cppcc.load_speeches` (a store's build decided it already).
    what : {"speeches", "pages", "audit"}
        :func:`cppcc.load_speeches`, :func:`cppcc.load_pages` or :func:`cppcc.cleaning_audit`
        (:meth:`cppcc.Store.documents`, :meth:`~cppcc.Store.pages`, :meth:`~cppcc.Store.audit`).

    Examples
    --------
    >>> load_corpus()["speaker"].tolist()
    ['李银峰', '刘伟', '韩勇', '石艳', '江泽林']
    >>> from cppcc import cleaning_audit
    >>> load_corpus(what="audit").equals(cleaning_audit())
    True
    """
    if what not in CORPUS_TABLES:
        raise ValueError(f"load_corpus: what must be one of {', '.join(CORPUS_TABLES)}, not {what!r}")
    if store is not None:
        from .store import open_store

        st = store if getattr(store, "_cppcc_store", False) else open_store(store)
        return {"speeches": st.documents, "pages": st.pages, "audit": st.audit}[what]()
    from . import corpus as loader

    read = {"speeches": loader.load_speeches, "pages": loader.load_pages, "audit": loader.cleaning_audit}
    return read[what](corpus, errors=errors)


def corpus_tokens(speeches: pd.DataFrame, store=None) -> pd.DataFrame:
    """``cppcc.tokens(speeches, cache=True)``, or with a ``store`` the same frame from the store's
    token files (no segmentation): the token rows of the ``speeches``' documents, in their order,
    with their columns as metadata (so a column added to ``speeches`` is there too). The speeches'
    texts must be the store's (``load_corpus(store=...)``).

    Examples
    --------
    >>> import tempfile, cppcc
    >>> sp = load_corpus()
    >>> with tempfile.TemporaryDirectory() as out:
    ...     st = cppcc.build_store(None, out, progress=False, n_jobs=1)
    ...     from_store = corpus_tokens(load_corpus(store=st), st)
    >>> from_store.equals(corpus_tokens(sp))
    True
    """
    from .text import TOKEN_COLUMNS, tokens

    if store is None:
        return tokens(speeches, cache=True)
    from .store import open_store

    st = store if getattr(store, "_cppcc_store", False) else open_store(store)
    rows = st.tokens(columns=list(TOKEN_COLUMNS))
    meta = speeches.drop(columns=[c for c in ("text", "text_original") if c in speeches.columns])
    meta = meta.reset_index(drop=True)
    meta = meta.rename(columns={c: f"doc_{c}" for c in meta.columns if c in TOKEN_COLUMNS and c != "doc_id"})
    for col in meta.columns:  # as cppcc.tokens makes them
        if meta[col].dtype == object:
            try:
                meta[col] = meta[col].astype("category")
            except TypeError:
                pass
    at = pd.Index(meta["doc_id"].astype(object)).get_indexer(rows["doc_id"].astype(object))
    keep = np.flatnonzero(at >= 0)
    keep = keep[np.argsort(at[keep], kind="stable")]
    rows, taken = rows.iloc[keep].reset_index(drop=True), meta.take(at[keep]).reset_index(drop=True)
    rows["doc_id"] = taken["doc_id"]
    for col in ("token", "pos"):  # categories in order of first appearance, as cppcc.tokens gives them
        values = rows[col].astype(object)
        rows[col] = pd.Categorical(values, categories=pd.unique(values.dropna()))
    for col in taken.columns:
        if col != "doc_id":
            rows[col] = taken[col]
    return rows


# --------------------------------------------------------------------------- analysis steps
def method_agreement(log_odds: pd.DataFrame, g2: pd.DataFrame, by: str, top: int = 10,
                     z: float = 1.96, g2_critical: float = 3.84) -> pd.DataFrame:
    """Do the log-odds z and G² agree? One row per group of two ``distinctive_terms`` results.

    Parameters
    ----------
    log_odds, g2 : DataFrame
        ``cppcc.distinctive_terms(toks, by=by)`` and the same with ``method="g2"``.
    by : the grouping column.
    top : size of the top lists compared.
    z, g2_critical : significance lines (5 %: 1.96 and 3.84).

    Returns
    -------
    DataFrame
        ``by, terms, spearman`` (rank correlation over the group's terms; NaN when a score is
        constant), ``shared_top`` (terms in both top lists), ``sig_log_odds``, ``sig_g2``,
        ``top_both``, ``only_log_odds``, ``only_g2`` (terms joined with ``", "``).

    Examples
    --------
    >>> lo = pd.DataFrame({"g": ["a"] * 3, "term": ["x", "y", "w"], "score": [3.0, 1.0, -1.0]})
    >>> g2 = lo.assign(score=[9.0, 4.0, -2.0])
    >>> method_agreement(lo, g2, "g", top=2)[["terms", "spearman", "shared_top", "sig_g2"]].values.tolist()
    [[3.0, 1.0, 2.0, 2.0]]
    """
    for df in (log_odds, g2):
        require_columns(df, [by, "term", "score"], "notebook.method_agreement", "scores")
    both = log_odds.merge(g2[[by, "term", "score"]], on=[by, "term"], suffixes=("_lo", "_g2"))
    rows = []
    for group, grp in both.groupby(by, sort=False, observed=True):
        top_lo = set(grp.nlargest(top, "score_lo")["term"])
        top_g2 = set(grp.nlargest(top, "score_g2")["term"])
        varied = grp["score_lo"].nunique() > 1 and grp["score_g2"].nunique() > 1
        rho = grp["score_lo"].corr(grp["score_g2"], method="spearman") if varied else float("nan")
        rows.append({by: group, "terms": len(grp), "spearman": rho, "shared_top": len(top_lo & top_g2),
                     "sig_log_odds": int((grp["score_lo"] > z).sum()),
                     "sig_g2": int((grp["score_g2"] > g2_critical).sum()),
                     "top_both": ", ".join(sorted(top_lo & top_g2)),
                     "only_log_odds": ", ".join(sorted(top_lo - top_g2)),
                     "only_g2": ", ".join(sorted(top_g2 - top_lo))})
    cols = [by, "terms", "spearman", "shared_top", "sig_log_odds", "sig_g2",
            "top_both", "only_log_odds", "only_g2"]
    return pd.DataFrame(rows, columns=cols)


def strongest_cells(coded: pd.DataFrame) -> pd.DataFrame:
    """Each document's highest-rate mechanism(s) with at least one match (ties all kept).

    ``coded`` is ``cppcc.code_mechanisms(toks)``; the rows returned are a subset of it.

    Examples
    --------
    >>> coded = pd.DataFrame({"doc_id": ["a", "a", "b"], "category": ["x", "y", "x"],
    ...                       "rate": [2.0, 5.0, 0.0], "matches": [1, 2, 0]})
    >>> strongest_cells(coded)[["doc_id", "category"]].values.tolist()
    [['a', 'y']]
    """
    require_columns(coded, ["doc_id", "category", "rate", "matches"], "notebook.strongest_cells", "coded")
    best = coded.groupby("doc_id", observed=True)["rate"].transform("max")
    return coded[(coded["rate"] == best) & (coded["matches"] > 0)]


def evidence_drivers(ev: pd.DataFrame, cells: pd.DataFrame, label: str = "speech",
                     n: int = 5) -> pd.DataFrame:
    """The terms behind given codebook cells: one row per (label, category) with its top terms.

    Parameters
    ----------
    ev : ``cppcc.evidence(toks)`` (one row per match).
    cells : rows with ``doc_id``, ``category`` and ``label`` (e.g. :func:`strongest_cells` plus a
        speech label).
    label : the column naming each document in the result.
    n : how many terms to list.

    Returns
    -------
    DataFrame
        ``label, category, matches, distinct_terms, top_term, top_share`` (the top term's share of
        the matches), ``top_terms`` (the ``n`` commonest, with counts, joined with ``", "``) and
        ``one_character`` (matches of one-character terms).

    Examples
    --------
    >>> ev = pd.DataFrame({"doc_id": ["a"] * 3, "category": ["x"] * 3, "term": ["委员", "委员", "乡"]})
    >>> cells = pd.DataFrame({"doc_id": ["a"], "category": ["x"], "speech": ["A"]})
    >>> evidence_drivers(ev, cells)[["matches", "top_term", "top_terms", "one_character"]].values.tolist()[0]
    [3, '委员', '委员 (2), 乡 (1)', 1]
    """
    require_columns(ev, ["doc_id", "category", "term"], "notebook.evidence_drivers", "evidence")
    require_columns(cells, ["doc_id", "category", label], "notebook.evidence_drivers", "cells")
    hits = ev.merge(cells[["doc_id", "category", label]], on=["doc_id", "category"]).astype(
        {label: str, "category": str, "term": str})
    rows = []
    for (who, cat), grp in hits.groupby([label, "category"], sort=False):
        counts = grp["term"].value_counts(sort=True)
        counts = counts.sort_values(ascending=False, kind="stable")
        rows.append({label: who, "category": cat, "matches": len(grp), "distinct_terms": len(counts),
                     "top_term": counts.index[0], "top_share": counts.iloc[0] / len(grp),
                     "top_terms": ", ".join(f"{t} ({k})" for t, k in counts.head(n).items()),
                     "one_character": int((grp["term"].str.len() == 1).sum())})
    cols = [label, "category", "matches", "distinct_terms", "top_term", "top_share",
            "top_terms", "one_character"]
    return pd.DataFrame(rows, columns=cols)


def quoted_forms(quotes: pd.DataFrame, formulas: pd.DataFrame, labels: Mapping | None = None,
                 glossary: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per distinct quoted term, with its uses, its speeches and a *form* by stated rules.

    The form: ``numbered formula`` (also found by ``numbered_formulas``), ``one-character
    emphasis``, ``rhetorical question`` (什么/怎么/谁), ``list or compound`` (joined by 、 or +),
    otherwise ``phrase or brand``.

    Parameters
    ----------
    quotes : ``cppcc.quoted_terms(speeches)`` (only ``kind == "quote"`` rows are used).
    formulas : ``cppcc.numbered_formulas(speeches)``.
    labels : doc_id -> speech label (default: the doc_id).
    glossary : ``cppcc.glossary()`` frame; adds ``gloss_en`` (the glossary's notes, which record how
        the seed page uses a term, are left out: they are not about this corpus).

    Examples
    --------
    >>> q = pd.DataFrame({"doc_id": ["a", "b", "a"], "kind": ["quote"] * 3,
    ...                   "term": ["两个薄弱", "两个薄弱", "交"]})
    >>> f = pd.DataFrame({"formula": ["两个薄弱"]})
    >>> quoted_forms(q, f)[["term", "form", "uses", "speeches", "used_by"]].values.tolist()
    [['两个薄弱', 'numbered formula', 2, 2, 'a, b'], ['交', 'one-character emphasis', 1, 1, 'a']]
    """
    require_columns(quotes, ["doc_id", "kind", "term"], "notebook.quoted_forms", "quotes")
    q = quotes[quotes["kind"] == "quote"]
    q = q.assign(speech=q["doc_id"].map(labels) if labels is not None else q["doc_id"])
    out = (q.groupby("term", sort=False)
           .agg(uses=("doc_id", "size"), speeches=("doc_id", "nunique"),
                used_by=("speech", lambda s: ", ".join(dict.fromkeys(map(str, s)))))
           .reset_index())
    terms = out["term"]
    known = set(formulas["formula"]) if "formula" in formulas.columns else set()
    out.insert(1, "form", np.select(
        [terms.isin(known), terms.str.len() == 1, terms.str.contains("什么|怎么|谁"),
         terms.str.contains("、|\\+")],
        ["numbered formula", "one-character emphasis", "rhetorical question", "list or compound"],
        default="phrase or brand"))
    if glossary is not None:
        out = out.merge(glossary[["term", "gloss_en"]], on="term", how="left")
    return out


def dominant_mechanism(coded: pd.DataFrame, keys: Iterable[str] = ("doc_id", "section", "ordinal"),
                       column: str = "label_en") -> pd.DataFrame:
    """The mechanism with most matches in each unit of ``keys`` (ties: first in codebook order).

    ``coded`` is ``cppcc.code_mechanisms(tokens, by=keys)`` (rows in codebook order); units
    without any match are left out.

    Returns
    -------
    DataFrame
        ``*keys, mechanism`` (the value of ``column`` for the winning category).

    Examples
    --------
    >>> coded = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "section": [1, 1, 1, 1],
    ...                       "ordinal": [1, 1, 1, 1], "label_en": ["P", "Q", "R", "P"],
    ...                       "matches": [1, 2, 2, 0]})
    >>> dominant_mechanism(coded).values.tolist()
    [['a', 1, 1, 'Q']]
    """
    keys = list(keys)
    require_columns(coded, [*keys, column, "matches"], "notebook.dominant_mechanism", "coded")
    hit = coded[coded["matches"] > 0].sort_values("matches", ascending=False, kind="stable")
    return (hit.groupby(keys, observed=True, sort=False).head(1)[[*keys, column]]
            .rename(columns={column: "mechanism"}).reset_index(drop=True))


THIS, REST = "本篇 this speech", "其他 rest of corpus"


def versus_rest(coded: pd.DataFrame, doc_id) -> pd.DataFrame:
    """Mechanism rates of one document against all the others pooled (matches over tokens, per 1,000).

    Parameters
    ----------
    coded : ``cppcc.code_mechanisms(toks)`` (one row per document and category).
    doc_id : the document.

    Returns
    -------
    DataFrame
        Indexed by ``category, label_en``; columns :data:`THIS` and (when there are other
        documents) :data:`REST`, sorted by this document's rate.

    Examples
    --------
    >>> coded = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "category": ["x", "y", "x", "x"],
    ...                       "label_en": ["X", "Y", "X", "X"], "matches": [2, 1, 1, 3],
    ...                       "tokens": [100, 100, 200, 200]})
    >>> versus_rest(coded, "a").round(1).values.tolist()  # rest: (1 + 3) / 400 tokens
    [[20.0, 10.0], [10.0, nan]]
    """
    require_columns(coded, ["doc_id", "category", "label_en", "matches", "tokens"],
                    "notebook.versus_rest", "coded")
    side = (coded["doc_id"] == doc_id).map({True: THIS, False: REST})
    pooled = (coded.assign(compare=side).groupby(["compare", "category", "label_en"], sort=False,
                                                  observed=True)[["matches", "tokens"]].sum()
              .assign(rate=lambda d: 1000 * d["matches"] / d["tokens"]).reset_index())
    cols = [THIS] + ([REST] if (side == REST).any() else [])
    return (pooled.pivot(index=["category", "label_en"], columns="compare", values="rate")
            .reindex(columns=cols).sort_values(THIS, ascending=False, kind="stable"))


def stoplist_effect(before: pd.DataFrame, after: pd.DataFrame, stop: Iterable[str],
                    k: int = 20) -> pd.DataFrame:
    """The top ``k`` terms without and with a stop list, side by side (one row per rank).

    Parameters
    ----------
    before, after : ``cppcc.term_frequencies`` without and with the stop list (sorted by count).
    stop : the stop list's words.
    k : ranks shown (fewer when ``after`` has fewer terms).

    Returns
    -------
    DataFrame
        Indexed by ``rank`` (1…k): ``without``, ``count``, ``on stop list``, ``with``,
        ``count with``, ``new in top`` (a term that entered the top ``k`` with the list on).

    Examples
    --------
    >>> b = pd.DataFrame({"term": ["工作", "政协", "协商"], "count": [9, 8, 5]})
    >>> a = pd.DataFrame({"term": ["政协", "协商", "平台"], "count": [8, 5, 2]})
    >>> stoplist_effect(b, a, ["工作"], k=2).values.tolist()
    [['工作', 9, True, '政协', 8, False], ['政协', 8, False, '协商', 5, True]]
    """
    for df in (before, after):
        require_columns(df, ["term", "count"], "notebook.stoplist_effect", "frequencies")
    k = min(k, len(after), len(before))
    stop = set(stop)
    top_before, top_after = before.head(k), after.head(k)
    return pd.DataFrame({
        "without": top_before["term"].to_numpy(), "count": top_before["count"].to_numpy(),
        "on stop list": top_before["term"].isin(stop).to_numpy(),
        "with": top_after["term"].to_numpy(), "count with": top_after["count"].to_numpy(),
        "new in top": (~top_after["term"].isin(top_before["term"])).to_numpy(),
    }, index=pd.RangeIndex(1, k + 1, name="rank"))


def explorer_terms(toks: pd.DataFrame, speeches: pd.DataFrame | None = None, n: int = 5,
                   quotes: int = 2, category: str = "platforms") -> list[str]:
    """Terms for the explorer (notebook 06) to show, chosen from the corpus at hand.

    The codebook terms of ``category`` that occur in the corpus, ranked by the number of documents
    using them, then by occurrences, then longer (more specific) first; then the corpus's most
    quoted terms (:func:`cppcc.quoted_terms`, when ``speeches`` is given) not already listed. A
    corpus with none of these gets its most frequent content words of two or more characters, so
    the list is never a finding of another corpus.

    Parameters
    ----------
    toks : DataFrame
        Token frame (:func:`cppcc.tokens`).
    speeches : DataFrame, optional
        The documents (columns ``doc_id``, ``text``) for the quoted terms.
    n : int, default 5
        Codebook terms at most.
    quotes : int, default 2
        Quoted terms at most.
    category : str, default "platforms"
        Codebook category of the first terms.

    Returns
    -------
    list of str
        Distinct terms, most widely used first; the first is the explorer's default query.

    Examples
    --------
    >>> import pandas as pd
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 2, "sentence": [1, 1, 1, 2, 1, 1],
    ...     "token": ["委员之家", "建设", "。", "协商平台", "委员之家", "。"],
    ...     "is_stop": False, "is_punct": [False, False, True, False, False, True]})
    >>> explorer_terms(toks)
    ['委员之家', '协商平台']
    >>> explorer_terms(toks.assign(token=["读书", "建设", "。", "建设", "读书", "。"]))
    ['建设', '读书']
    """
    from .language import quoted_terms
    from .mechanisms import evidence

    require_columns(toks, ["doc_id", "token", "is_punct"], "explorer_terms", "tokens")
    ev = evidence(toks, category)
    ranked = (ev.groupby("term").agg(docs=("doc_id", "nunique"), count=("doc_id", "size")).reset_index()
              .assign(length=lambda d: d["term"].str.len())
              .sort_values(["docs", "count", "length", "term"], ascending=[False, False, False, True]))
    terms = list(ranked["term"].head(n))
    if speeches is not None and quotes > 0 and len(speeches):
        q = quoted_terms(speeches)
        q = q.loc[(q["kind"] == "quote") & ~q["term"].isin(terms), "term"]
        terms += _most_common(q, quotes)
    if not terms:
        content = ~toks["is_punct"] & ~toks.get("is_stop", False) & (toks["token"].str.len() >= 2)
        terms = _most_common(toks.loc[content, "token"], n)
    return terms


def _most_common(values: pd.Series, n: int) -> list[str]:
    """The ``n`` most frequent values, ties in code-point order."""
    return list(values.value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:n])
