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
  :func:`quoted_forms` (notebook 04);
- :func:`page_table` / :func:`page_summary` (notebook 01): each page's kind of document, where its
  metadata came from and what the loader repaired;
- :func:`regional_units`, :func:`with_units`, :func:`left_out` and :func:`say_units` (notebooks 02, 03
  and the region profile): the regional comparisons group documents by their *resolved* unit
  (``adcode``) and its level, and say how many documents have none and are left out.
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
    "versus_rest", "THIS", "REST", "stoplist_effect", "page_table", "page_summary",
    "DOC_TYPE_EN", "regional_units", "with_units", "left_out", "say_units",
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
    from .common import check_option

    check_option(what, CORPUS_TABLES, "what", "load_corpus")
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


# --------------------------------------------------------------------------- pages (notebook 01)
#: the kinds of document (``doc_type``) in English, for the notebooks' sentences
DOC_TYPE_EN = {"speech": "speeches", "report": "work reports", "news": "news reports",
               "other": "no recognised document"}

PAGE_TABLE_COLUMNS = ["file", "documents", "doc_type", "meta_source", "with_speaker", "with_unit", "repairs",
                      "truncated", "mojibake"]


def _distinct(values: Iterable) -> str | None:
    """The distinct present values joined with ``", "`` in order of appearance; None if there is none."""
    from .common import is_missing

    kept = list(dict.fromkeys(str(v) for v in values if not is_missing(v) and str(v).strip()))
    return ", ".join(kept) or None


def page_table(docs: pd.DataFrame, pages: pd.DataFrame) -> pd.DataFrame:
    """One row per page: the kind of its documents, where their metadata came from, what was repaired.

    Parameters
    ----------
    docs : DataFrame
        :func:`cppcc.load_speeches` (``source_file``, ``doc_type``, ``meta_source``, ``speaker``,
        ``adcode``).
    pages : DataFrame
        :func:`cppcc.load_pages` of the same corpus (``file``, ``repairs``, ``truncated``,
        ``mojibake``).

    Returns
    -------
    DataFrame
        In the order of ``pages``: ``file``, ``documents`` (how many the page gave),
        ``doc_type`` and ``meta_source`` (their distinct values on the page, joined with ``", "``
        in page order; ``meta_source`` None where no document's speaker or unit was found),
        ``with_speaker`` (documents naming a speaker), ``with_unit`` (documents whose unit
        resolved to an ``adcode``), ``repairs``, ``truncated`` and ``mojibake`` as in
        :func:`cppcc.load_pages`.

    Examples
    --------
    >>> docs = pd.DataFrame({"source_file": ["a.txt", "a.txt", "b.htm"],
    ...                      "doc_type": ["speech", "speech", "other"],
    ...                      "meta_source": ["header", "header", None], "speaker": ["甲", None, None],
    ...                      "adcode": ["410000", "530900", None]})
    >>> pages = pd.DataFrame({"file": ["a.txt", "b.htm"], "repairs": [0, 3], "truncated": [False, True],
    ...                       "mojibake": [None, "锟斤拷"]})
    >>> page_table(docs, pages).values.tolist()
    [['a.txt', 2, 'speech', 'header', 1, 2, 0, False, None],
     ['b.htm', 1, 'other', None, 0, 0, 3, True, '锟斤拷']]
    >>> page_table(load_corpus(), load_corpus(what="pages")).values.tolist()
    [['000_311b16853e29c05d.txt', 5, 'speech', 'header', 5, 5, 0, False, None]]
    """
    from .common import is_missing

    require_columns(docs, ["source_file", "doc_type", "meta_source", "speaker", "adcode"],
                    "notebook.page_table", "docs")
    require_columns(pages, ["file", "repairs", "truncated", "mojibake"], "notebook.page_table", "pages")
    found = docs.assign(_speaker=~docs["speaker"].map(is_missing), _unit=~docs["adcode"].map(is_missing))
    per_page = (found.groupby("source_file", sort=False)
                .agg(documents=("doc_type", "size"), doc_type=("doc_type", _distinct),
                     meta_source=("meta_source", _distinct), with_speaker=("_speaker", "sum"),
                     with_unit=("_unit", "sum")))
    out = pages[["file", "repairs", "truncated", "mojibake"]].merge(
        per_page, left_on="file", right_index=True, how="left")
    for col in ("documents", "with_speaker", "with_unit"):
        out[col] = out[col].fillna(0).astype("int64")
    out["truncated"] = out["truncated"].astype(bool)
    out = out.astype({"doc_type": object, "meta_source": object, "mojibake": object})
    out = out.where(out.notna(), None)
    return out[PAGE_TABLE_COLUMNS].reset_index(drop=True)


def page_summary(table: pd.DataFrame) -> dict:
    """The values of notebook 01's sentence on a :func:`page_table`.

    Returns
    -------
    dict
        ``pages`` (``"3 pages"``), ``kinds`` (one ``"<kind in English> (<n pages>)"`` per distinct
        ``doc_type`` of a page, commonest first, see :data:`DOC_TYPE_EN`), ``no_speaker`` and
        ``no_unit`` (pages none of whose documents names a speaker / has a resolved unit),
        ``repairs`` (the repairs of all pages: ``"4 repairs"``), ``repaired``, ``truncated``,
        ``mojibake`` (pages with repairs, truncated, with mojibake: ``"1 page"``).

    Examples
    --------
    >>> t = pd.DataFrame({"file": ["a", "b", "c"], "doc_type": ["speech", "other", "speech"],
    ...                   "with_speaker": [2, 0, 0], "with_unit": [2, 0, 1], "repairs": [0, 3, 1],
    ...                   "truncated": [False, True, False], "mojibake": [None, "锟斤拷", None]})
    >>> page_summary(t)  # doctest: +NORMALIZE_WHITESPACE
    {'pages': '3 pages', 'kinds': ['speeches (2 pages)', 'no recognised document (1 page)'],
     'no_speaker': '2 pages', 'no_unit': '1 page', 'repairs': '4 repairs', 'repaired': '2 pages',
     'truncated': '1 page', 'mojibake': '1 page'}
    """
    from .common import is_missing

    require_columns(table, ["file", "doc_type", "with_speaker", "with_unit", "repairs", "truncated",
                            "mojibake"], "notebook.page_summary", "page table")
    kinds = table["doc_type"].fillna("other").map(
        lambda k: join([DOC_TYPE_EN.get(x, x) for x in str(k).split(", ")]))
    counts = kinds.value_counts(sort=False).sort_values(ascending=False, kind="stable")
    return {"pages": plural(len(table), "page"),
            "kinds": [f"{k} ({plural(int(n), 'page')})" for k, n in counts.items()],
            "no_speaker": plural(int((table["with_speaker"] == 0).sum()), "page"),
            "no_unit": plural(int((table["with_unit"] == 0).sum()), "page"),
            "repairs": plural(int(table["repairs"].sum()), "repair"),
            "repaired": plural(int((table["repairs"] > 0).sum()), "page"),
            "truncated": plural(int(table["truncated"].astype(bool).sum()), "page"),
            "mojibake": plural(int((~table["mojibake"].map(is_missing)).sum()), "page")}


# --------------------------------------------------------------------------- units (02, 03, profile)
UNIT_COLUMNS = ["doc_id", "speaker", "region", "unit", "adcode", "level", "province", "prefecture", "county"]


def _canonical_unit(row: Mapping) -> str | None:
    """The canonical name of a resolved unit: its province, prefecture and county names, each once."""
    from .common import is_missing

    if is_missing(row.get("adcode")):
        return None
    parts = [row.get(c) for c in ("province", "prefecture", "county")]
    return "".join(dict.fromkeys(str(p) for p in parts if not is_missing(p))) or str(row["adcode"])


def regional_units(speeches: pd.DataFrame) -> pd.DataFrame:
    """Each document's *resolved* unit, the grouping of the regional comparisons.

    A document's unit is the administrative division its ``adcode`` names, written with the
    canonical names of the division table (province, prefecture, county; a municipality's district
    as 北京市朝阳区), so that two pages naming the same unit differently (临沧市, 云南省临沧市) form one
    group and two units of the same name (朝阳区 of Beijing and of Changchun) never do. A document
    without an ``adcode`` (no unit named, an ambiguous or unknown name) has no unit: ``unit`` and
    ``level`` are None, and the regional comparisons leave it out (:func:`with_units`,
    :func:`left_out`).

    Parameters
    ----------
    speeches : DataFrame
        :func:`cppcc.load_speeches` (``doc_id``, ``adcode``, ``level``, ``province``,
        ``prefecture``, ``county``; ``speaker`` and ``region`` when present).

    Returns
    -------
    DataFrame
        :data:`UNIT_COLUMNS`: ``doc_id``, ``speaker``, ``region`` (the unit as the page names it),
        ``unit``, ``adcode``, ``level`` (of the resolved unit), ``province``, ``prefecture``,
        ``county``; one row per document, in order.

    Examples
    --------
    >>> sp = pd.DataFrame({"doc_id": ["a", "b", "c"], "region": ["临沧市", "朝阳区", "北京市朝阳区"],
    ...                    "adcode": ["530900", None, "110105"], "level": ["prefecture", "county", "county"],
    ...                    "province": ["云南省", None, "北京市"], "prefecture": ["临沧市", None, "北京市"],
    ...                    "county": [None, None, "朝阳区"]})
    >>> regional_units(sp)[["doc_id", "unit", "level"]].values.tolist()
    [['a', '云南省临沧市', 'prefecture'], ['b', None, None], ['c', '北京市朝阳区', 'county']]
    >>> regional_units(load_corpus())["unit"].tolist()
    ['云南省临沧市', '河南省', '陕西省', '安徽省蚌埠市蚌山区', '吉林省']
    """
    from .common import is_missing

    require_columns(speeches, ["doc_id", "adcode", "level", "province", "prefecture", "county"],
                    "notebook.regional_units", "speeches")
    out = speeches.reindex(columns=UNIT_COLUMNS).astype(object).reset_index(drop=True)
    out["unit"] = [_canonical_unit(r) for r in out.to_dict("records")]
    out.loc[out["adcode"].map(is_missing), "level"] = None
    return out.where(out.notna(), None)


def with_units(frame: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` (documents or tokens) whose document has a unit, with its ``unit`` and ``level``.

    ``units`` is :func:`regional_units`; ``frame`` needs ``doc_id``. The result's ``unit`` and
    ``level`` columns are those of ``units`` (``level`` replaces the frame's own), so grouping it by
    either compares resolved units only.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "b"], "unit": ["河南省", None], "level": ["province", None]})
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b"], "token": ["协商", "民主", "协商"]})
    >>> with_units(toks, units).values.tolist()
    [['a', '协商', '河南省', 'province'], ['a', '民主', '河南省', 'province']]
    """
    require_columns(units, ["doc_id", "unit", "level"], "notebook.with_units", "units")
    require_columns(frame, ["doc_id"], "notebook.with_units", "frame")
    known = units[units["unit"].notna()]
    unit = dict(zip(known["doc_id"].astype(object), known["unit"]))
    level = dict(zip(known["doc_id"].astype(object), known["level"]))
    ids = frame["doc_id"].astype(object)
    keep = ids.isin(list(unit)).to_numpy()
    out = frame.loc[keep].drop(columns=[c for c in ("unit", "level") if c in frame.columns])
    kept = ids[keep]
    return out.assign(unit=kept.map(unit).astype(object).to_numpy(),
                      level=kept.map(level).astype(object).to_numpy()).reset_index(drop=True)


def left_out(units: pd.DataFrame) -> dict:
    """Who has no resolved unit: the values of :func:`say_units`'s sentence.

    Returns
    -------
    dict
        ``documents`` (all), ``missing`` (documents without a unit), ``ids`` (their doc_ids),
        ``named`` (the distinct names the pages give their units, as written, e.g. an ambiguous
        朝阳区; empty where no unit was named), ``units`` (distinct resolved units), ``levels``
        (distinct levels of the resolved units).

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "b", "c"], "region": ["河南省", "朝阳区", None],
    ...                       "unit": ["河南省", None, None], "level": ["province", None, None]})
    >>> left_out(units)
    {'documents': 3, 'missing': 2, 'ids': ['b', 'c'], 'named': ['朝阳区'], 'units': 1, 'levels': 1}
    >>> left_out(regional_units(load_corpus()))["missing"]
    0
    """
    from .common import is_missing

    require_columns(units, ["doc_id", "unit", "level"], "notebook.left_out", "units")
    gone = units[units["unit"].isna()]
    named = gone["region"] if "region" in gone.columns else pd.Series([], dtype=object)
    return {"documents": len(units), "missing": len(gone), "ids": [str(d) for d in gone["doc_id"]],
            "named": list(dict.fromkeys(str(r) for r in named if not is_missing(r))),
            "units": int(units["unit"].nunique()), "levels": int(units["level"].nunique())}


def say_units(units: pd.DataFrame, compared: str = "by unit and level") -> None:
    """State how many documents have a resolved unit and which are left out of the regional comparison.

    Always says it, also when no document is left out: documents are never dropped silently.
    ``compared`` names the comparison (``"by unit and level"``, ``"by level"``); with
    ``compared=None`` the documents are said to stay in the rest of the corpus (a profile of one
    speech compares it with every other document).

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "b", "c"], "region": ["河南省", "朝阳区", None],
    ...                       "unit": ["河南省", None, None], "level": ["province", None, None]})
    >>> say_units(units)
    **2 of the 3 documents** have no resolved unit (no adcode; the name as written: 朝阳区) and are
    left out of the comparison by unit and level: b and c.
    >>> say_units(units.iloc[:1], compared="by level")
    The corpus's only document has a resolved unit (an adcode of the division table): none is left
    out of the comparison by level.
    >>> say_units(units.iloc[1:2], compared=None)
    The corpus's only document has no resolved unit (no adcode; the name as written: 朝阳区); it still
    counts among the other documents here.
    """
    v = left_out(units)
    n, k = v["documents"], v["missing"]
    scope = f"left out of the comparison {compared}" if compared else ""
    if k == 0:
        who = ("The corpus's only document has" if n == 1 else
               f"All {plural(n, 'document')} have" if n else "The corpus has no documents, so none has")
        rest = f": none is {scope}" if compared else ""
        say(f"{who} a resolved unit (an adcode of the division table){rest}.")
        return
    have, are = ("has", "is") if k == 1 else ("have", "are")
    named = (f"; the {'name' if len(v['named']) == 1 else 'names'} as written: {{named}}" if v["named"] else
             "; no unit named")
    tail = (f" and {are} {scope}: {{ids}}." if compared else
            f"; {'it still counts' if k == 1 else 'they still count'} among the other documents here.")
    who = ("The corpus's only document" if n == 1 else f"**All {plural(n, 'document')}**" if k == n else
           f"**{k} of the {plural(n, 'document')}**")
    say(f"{who} {have} no resolved unit (no adcode{named}){tail}", named=v["named"], ids=v["ids"])
