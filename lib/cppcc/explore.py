"""Explore one term: its contexts (KWIC), its frequency by region or speaker, and its neighbours.

:func:`term_report` gathers in one call what the explorer notebook (``06_explorer``) shows for a
query, as tidy frames; :func:`term_figure` draws it. Both work on any corpus loaded with
:func:`cppcc.load_speeches` and tokenised with :func:`cppcc.tokens`.

* The query is normalised like the corpus (:func:`cppcc.normalize_text`: Traditional → Simplified,
  half-width → full-width punctuation), so ``委員之家`` finds ``委员之家``.
* Occurrences are counted as (non-overlapping) substrings of the normalised text, exactly the
  KWIC lines, whatever the segmenter makes of the term (a phrase split into several tokens is
  still found; a term inside a longer word, e.g. 委员 in 委员之家, is counted too).
* Co-occurring words are content tokens (no punctuation, no stopword, at least two characters,
  containing a Chinese character or a letter, not a bare Chinese numeral such as 十二) of the
  *sentences* holding the term, outside the matched span, with their association to the term over
  the corpus' sentences.

Examples
--------
>>> import cppcc
>>> s = cppcc.load_speeches()
>>> rep = cppcc.term_report("委員之家", s, cppcc.tokens(s))
>>> rep["frequency"][["region", "matches"]].values.tolist()
[['云南省临沧市', 1], ['河南省', 2], ['陕西省', 0], ['安徽省蚌埠市蚌山区', 1], ['吉林省', 0]]
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd

from .common import as_list, option_error, require_columns, stamp
from .compare.keyness import g2_2x2
from .compare.kwic import kwic
from .counting import word_masks
from .normalize import normalize_text
from .text.table import tokens as _tokenize

__all__ = ["term_report", "term_figure", "explorer_terms"]

_WORDLIKE = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z]")
_NUMERAL = re.compile(r"[〇零一二三四五六七八九十百千万亿两]+")
_BY_ZH = {"region": "地区", "speaker": "发言人", "level": "层级", "province": "省份", "doc_id": "发言"}
_META = ["speaker", "region", "level"]
COOC_COLUMNS = ["word", "count", "sentences", "expected", "pmi", "g2"]
SUMMARY_COLUMNS = ["query", "term", "matches", "documents", "sentences", "corpus_sentences"]


def _g2(o11: int, o12: int, o21: int, o22: int) -> float:
    """:func:`cppcc.compare.g2_2x2` of one table, signed: negative when o11 < expected."""
    n = o11 + o12 + o21 + o22
    if n == 0:
        return 0.0
    g = float(g2_2x2(o11, o12, o21, o22))
    return g if o11 >= (o11 + o12) * (o11 + o21) / n else -g


def _by_columns(speeches: pd.DataFrame, by) -> list[str]:
    cols = as_list(by)
    require_columns(speeches, cols, "term_report", "speeches")
    return cols


def _sentence_frame(tokens: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Token frame reduced to what is needed, with a sentence id per row (text order kept)."""
    t = tokens[["doc_id", "sentence", "token", "is_punct"]].copy()
    t["doc_id"] = t["doc_id"].astype(str)
    t["token"] = t["token"].astype(str)
    unit = pd.MultiIndex.from_frame(t[["doc_id", "sentence"]]).factorize()[0] if len(t) else np.zeros(0, int)
    return t.reset_index(drop=True), unit


def term_report(
    term: str,
    speeches: pd.DataFrame,
    tokens: pd.DataFrame | None = None,
    window: int = 15,
    by: str | list[str] = "region",
    top: int | None = 20,
    min_chars: int = 2,
    stop=True,
) -> dict[str, pd.DataFrame]:
    """Everything the explorer shows for one term: KWIC lines, frequency by group, co-occurring words.

    Parameters
    ----------
    term : str
        A plain string (not a regular expression), in Simplified or Traditional script; it is
        normalised with :func:`cppcc.normalize_text` and stripped of surrounding whitespace.
    speeches : DataFrame
        From :func:`cppcc.load_speeches` (``doc_id``, ``text``; ``text_original``, ``speaker``,
        ``region``, ``level`` are used when present), or any frame with ``doc_id`` and ``text``.
    tokens : DataFrame, optional
        :func:`cppcc.tokens` of ``speeches`` (``doc_id``, ``sentence``, ``token``, ``is_punct``);
        computed when omitted.
    window : int, default 15
        Characters of context on each side of a KWIC line.
    by : str or list of str, default "region"
        Column(s) of ``speeches`` to count by (``"speaker"``, ``"level"``, ``["region", "speaker"]``…).
    top : int or None, default 20
        Co-occurring words returned (None: all).
    min_chars : int, default 2
        Shortest co-occurring word kept.
    stop : bool, str or iterable of str, default True
        Words never reported as co-occurring: the stop-word spec of :func:`cppcc.text.resolve_stop`.

    Returns
    -------
    dict of str to DataFrame
        ``"kwic"``: one row per occurrence (page order): ``doc_id``, ``speaker``, ``region``,
        ``level`` (those present), ``left``, ``match``, ``right``, ``passage_original`` (the line in the
        source script, None when offsets cannot be aligned; see :func:`cppcc.kwic`).

        ``"frequency"``: one row per group of ``by`` (order of first appearance, zero counts
        included): the ``by`` columns, ``speeches``, ``matches`` (occurrences, = KWIC lines),
        ``tokens`` (non-punctuation tokens, stopwords included) and ``rate`` = 1000 · matches / tokens
        (pooled over the group's speeches; NaN for a group without tokens).

        ``"cooccurring"``: content words of the sentences holding the term, outside the match:
        ``word``, ``count`` (sentences holding the term and the word), ``sentences`` (sentences of
        the corpus holding the word), ``expected`` = s_term · s_word / S, ``pmi`` = ln(count /
        expected) and ``g2`` (Dunning 1993 log-likelihood of the sentence 2×2 table, negative
        when ``count`` < ``expected``), sorted by ``g2`` then ``count`` (descending) then ``word``.

        ``"summary"``: one row: ``query`` (as typed), ``term`` (normalised), ``matches``,
        ``documents`` (speeches with a match), ``sentences`` (sentences holding the term, from the
        tokens) and ``corpus_sentences`` (S).

        A term found nowhere gives empty ``kwic``, ``frequency`` and ``cooccurring`` frames (with
        their columns) and a summary row with zeros.

    Raises
    ------
    ValueError
        ``term`` is empty after normalisation, ``speeches`` lacks ``doc_id``/``text`` or a ``by``
        column, or ``tokens`` lacks a needed column.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "region": ["甲", "乙"],
    ...                      "text": ["建立委员之家。委员之家服务群众。", "开展协商。"]})
    >>> rep = term_report("委員之家", docs)
    >>> rep["frequency"][["region", "matches", "tokens"]].values.tolist()
    [['甲', 2, 5], ['乙', 0, 2]]
    >>> rep["cooccurring"]["word"].tolist()
    ['建立', '服务', '群众']
    """
    query = term
    if not isinstance(term, str):
        raise option_error("term_report", "term", "a string", term)
    term = normalize_text(term).strip()
    if not term:
        raise option_error("term_report", "term", "a non-empty string", query)
    require_columns(speeches, ["doc_id", "text"], "term_report", "speeches")
    by_cols = _by_columns(speeches, by)
    if tokens is None:
        tokens = _tokenize(speeches)
    require_columns(tokens, ["doc_id", "sentence", "token", "is_punct"], "term_report", "tokens")

    # KWIC lines: the occurrences
    meta = [c for c in _META if c in speeches.columns]
    kw = kwic(speeches, term, window=window)
    kw_cols = ["doc_id", *meta, "left", "match", "right", "passage_original"]
    kw = kw.reindex(columns=kw_cols).reset_index(drop=True) if len(kw) else pd.DataFrame(columns=kw_cols)

    # frequency by group: occurrences over non-punctuation tokens, pooled
    docs = speeches[["doc_id", *[c for c in by_cols if c != "doc_id"]]].copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    hits = kw["doc_id"].astype(str).value_counts()
    t, unit = _sentence_frame(tokens)
    words = t.loc[word_masks(tokens)[1], "doc_id"].value_counts()  # words: the one rule (cppcc.counting)
    docs["matches"] = docs["doc_id"].map(hits).fillna(0).astype(int)
    docs["tokens"] = docs["doc_id"].map(words).fillna(0).astype(int)
    docs["speeches"] = 1
    freq = (
        docs.groupby(by_cols, sort=False, dropna=False, observed=True)[["speeches", "matches", "tokens"]]
        .sum()
        .reset_index()
    )
    freq["rate"] = np.where(
        freq["tokens"] > 0, 1000 * freq["matches"] / freq["tokens"].where(freq["tokens"] > 0), np.nan
    )
    freq_cols = [*by_cols, "speeches", "matches", "tokens", "rate"]
    if kw.empty:
        freq = pd.DataFrame(columns=freq_cols)

    # co-occurring words, over the sentences of the token table
    S = int(unit.max()) + 1 if len(unit) else 0
    cooc, n_term_sent = _cooccurring(t, unit, S, term, min_chars, stop)
    if top is not None:
        cooc = cooc.head(top).reset_index(drop=True)

    summary = pd.DataFrame(
        [[query, term, len(kw), int(kw["doc_id"].nunique()) if len(kw) else 0, n_term_sent, S]],
        columns=SUMMARY_COLUMNS,
    )
    freq = freq[freq_cols].reset_index(drop=True)
    report = {"kwic": kw, "frequency": freq, "cooccurring": cooc, "summary": summary}
    kw.attrs.clear()  # not kwic's stamp: every part carries the report's
    settings = dict(term=term, by=by_cols, window=int(window), top=top, min_chars=int(min_chars), stop=stop)
    for name, frame in report.items():
        more = dict(method="g2", unit="sentence") if name == "cooccurring" else {}
        stamp(frame, "term_report", part=name, **settings, **more)
    return report


def _cooccurring(
    t: pd.DataFrame, unit: np.ndarray, S: int, term: str, min_chars: int, stop
) -> tuple[pd.DataFrame, int]:
    empty = pd.DataFrame(columns=COOC_COLUMNS)
    if S == 0:
        return empty, 0
    tok = t["token"].to_numpy(dtype=object)
    # sentence strings and the character offset of each token within its sentence
    lens = np.fromiter((len(x) for x in tok), dtype=np.int64, count=len(tok))
    starts = np.r_[0, np.flatnonzero(np.diff(unit)) + 1] if len(unit) else np.zeros(0, int)
    if not (np.diff(unit[starts]) > 0).all():  # rows of one sentence must be contiguous
        raise ValueError(
            "term_report: tokens of a sentence are not contiguous (keep cppcc.tokens' row order)"
        )
    ends = np.r_[starts[1:], len(tok)]
    cum = np.cumsum(lens) - lens  # offset of each token in the concatenation of all tokens
    term_rows: dict[int, set[int]] = {}
    for s0, e0 in zip(starts, ends):
        text = "".join(tok[s0:e0])
        if term not in text:
            continue
        base = cum[s0]
        off = cum[s0:e0] - base
        inside: set[int] = set()
        for m in re.finditer(re.escape(term), text):
            a, b = m.start(), m.end()
            hit = np.flatnonzero((off < b) & (off + lens[s0:e0] > a))
            inside.update((s0 + hit).tolist())
        term_rows[int(unit[s0])] = inside
    if not term_rows:
        return empty, 0
    # content words: counted terms (cppcc.counting) of min_chars or more, with a letter, not a numeral
    ok = {w for w in pd.unique(tok)
          if len(w) >= min_chars and _WORDLIKE.search(w) and not _NUMERAL.fullmatch(w)}
    content = word_masks(t, stop)[0] & t["token"].isin(ok).to_numpy()
    pairs = pd.DataFrame({"unit": unit[content], "word": tok[content]}).drop_duplicates()
    s_word = pairs["word"].value_counts()
    counts: Counter[str] = Counter()
    idx = np.flatnonzero(content & np.isin(unit, list(term_rows)))
    seen: set[tuple[int, str]] = set()
    for i in idx:
        u = int(unit[i])
        if i in term_rows[u]:
            continue
        key = (u, tok[i])
        if key not in seen:
            seen.add(key)
            counts[tok[i]] += 1
    s_t = len(term_rows)
    rows = []
    for w, c in counts.items():
        sw = int(s_word[w])
        exp = s_t * sw / S
        rows.append((w, c, sw, exp, math.log(c / exp), _g2(c, s_t - c, sw - c, S - s_t - sw + c)))
    if not rows:
        return empty, s_t
    out = pd.DataFrame(rows, columns=COOC_COLUMNS)
    out = out.sort_values(["g2", "count", "word"], ascending=[False, False, True], kind="mergesort")
    return out.reset_index(drop=True), s_t


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
    from .language.quotes import quoted_terms
    from .mechanisms.coding import evidence

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
        content = word_masks(toks)[0] & (toks["token"].str.len() >= 2).to_numpy()
        terms = _most_common(toks.loc[content, "token"], n)
    return terms


def _most_common(values: pd.Series, n: int) -> list[str]:
    """The ``n`` most frequent values, ties in code-point order."""
    return list(values.value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:n])


def term_figure(
    report: dict[str, pd.DataFrame],
    speeches: pd.DataFrame | None = None,
    top: int = 12,
    glossary: dict[str, str] | pd.DataFrame | None = None,
):
    """Two panels for a :func:`term_report`: rate per 1,000 tokens by group, and the top neighbours.

    Parameters
    ----------
    report : dict
        From :func:`term_report`.
    speeches : DataFrame, optional
        For region colours (when the report counts by ``region``).
    top : int, default 12
        Co-occurring words drawn (by G², as ordered in the report).
    glossary : mapping or DataFrame, optional
        ``term`` → English gloss (e.g. :func:`cppcc.glossary`), to label words bilingually.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import cppcc
    >>> import matplotlib.pyplot as plt
    >>> s = cppcc.load_speeches()
    >>> fig = term_figure(term_report("委员之家", s), speeches=s)
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    from . import plots
    from .plots import _style

    if isinstance(glossary, pd.DataFrame):
        glossary = dict(zip(glossary["term"], glossary["gloss_en"]))
    glossary = glossary or {}
    summ = report["summary"].iloc[0]
    term = str(summ["term"])
    freq, cooc = report["frequency"], report["cooccurring"].head(top)
    with plots.plot_context():
        n_rows = max(len(freq), len(cooc), 3)
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 1.6 + 0.32 * n_rows), layout="constrained")
        gloss = f" ({glossary[term]})" if term in glossary else ""
        fig.suptitle(
            f"“{term}”{gloss}: {int(summ['matches'])} occurrences (次) in "
            f"{int(summ['documents'])} speeches (篇)"
        )
        if freq.empty:
            for ax in (ax1, ax2):
                ax.text(
                    0.5, 0.5, "无匹配 no match", ha="center", va="center", transform=ax.transAxes, color="0.6"
                )
                ax.set_axis_off()
            return fig
        by_cols = [c for c in freq.columns if c not in ("speeches", "matches", "tokens", "rate")]
        labels = [" · ".join(str(v) for v in row) for row in freq[by_cols].itertuples(index=False)]
        # one palette per meaning: units in their colours, levels in theirs, anything else neutral
        if "region" in by_cols and speeches is not None and "region" in speeches:
            pal = plots.region_palette(speeches)
            colours = [pal.get(str(r), _style.GREY) for r in freq["region"]]
        elif by_cols == ["level"]:
            pal = plots.level_palette()
            colours = [pal.get(str(v), _style.GREY) for v in freq["level"]]
        else:
            colours = [_style.NEUTRAL] * len(freq)
        y = np.arange(len(freq))
        rate = freq["rate"].astype(float).fillna(0).to_numpy()
        ax1.barh(y, rate, color=colours)
        for yi, r, m in zip(y, rate, freq["matches"]):
            ax1.text(r, yi, f" {r:.1f} ({int(m)})", va="center", fontsize=8)
        ax1.set_yticks(y, labels)
        ax1.invert_yaxis()
        ax1.set_xlim(0, max(rate.max(), 1e-9) * 1.35)
        ax1.set_xlabel("每千词 rate per 1,000 tokens (次数 count)")
        zh = "/".join(_BY_ZH.get(c, c) for c in by_cols)
        ax1.set_title(f"按{zh} by {' / '.join(by_cols)}", loc="left")
        if cooc.empty:
            ax2.text(
                0.5,
                0.5,
                "无共现词 no co-occurring word",
                ha="center",
                va="center",
                transform=ax2.transAxes,
                color="0.6",
            )
            ax2.set_axis_off()
        else:
            yc = np.arange(len(cooc))
            g2 = cooc["g2"].astype(float).to_numpy()
            ax2.barh(yc, g2, color=np.where(g2 >= 0, _style.NEUTRAL, _style.NEGATIVE))
            for yi, g, c in zip(yc, g2, cooc["count"]):
                ax2.text(max(g, 0), yi, f" {int(c)}", va="center", fontsize=8)
            ax2.set_yticks(yc, [f"{w} {glossary[w]}" if w in glossary else w for w in cooc["word"]])
            ax2.invert_yaxis()
            ax2.set_xlim(min(0, g2.min() * 1.1), max(g2.max(), 1e-9) * 1.25)
            ax2.set_xlabel("关联 G² association (共现句数 sentences together)")
            ax2.set_title("同句共现词 words in the same sentences", loc="left")
    return fig
