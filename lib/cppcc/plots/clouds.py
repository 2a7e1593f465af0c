"""Word clouds with a CJK font: whole corpus, one per region, and a comparison cloud."""
from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Mapping

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..text.stoplists import resolve_stop
from ._style import (
    MIN_CHARS, _WORDLIKE, _by_column, _content_terms, _font_path, _group_styles, _group_values,
    _groups_and_colours, require, styled,
)

__all__ = ["cloud_frequencies", "make_wordcloud", "wordcloud_figure", "region_wordclouds", "comparison_cloud"]

StopSpec = bool | str | Iterable[str] | None


def _stop_arg(stop: StopSpec, stopwords: StopSpec, func: str) -> frozenset[str]:
    """``stop=``, or the deprecated ``stopwords=`` alias (with a DeprecationWarning)."""
    if stopwords is not None:
        if stop is not None:
            raise TypeError(f"{func}: pass stop= only (stopwords= is its deprecated alias)")
        warnings.warn(
            f"{func}(stopwords=...) is deprecated; use stop= (same values, see cppcc.text.resolve_stop)",
            DeprecationWarning,
            stacklevel=3,
        )
        stop = stopwords
    return resolve_stop(stop)


def cloud_frequencies(
    data: pd.DataFrame | Mapping[str, float] | pd.Series,
    stop: StopSpec = None,
    min_length: int = 1,
    drop_flagged: bool = True,
    *,
    stopwords: StopSpec = None,
) -> dict[str, float]:
    """Term → weight for a word cloud, from tokens, a frequency table or a mapping.

    Parameters
    ----------
    data : DataFrame, Series or mapping
        A token table (:func:`cppcc.tokens`: column ``token``; rows flagged ``is_stop`` or ``is_punct``
        are dropped when ``drop_flagged``), a frequency table (``term`` and ``count``), or term → weight.
    stop : bool, str or iterable, optional
        Extra words to leave out, in the project's one stop-word spec
        (:func:`cppcc.text.resolve_stop`): ``True`` the default list, ``"general"`` or
        ``"officialese"`` (a package list), or an iterable mixing list names and literal words.
        Default None: none beyond the token table's own ``is_stop`` flags.
    min_length : int, default 1
        Shortest term kept (in characters).
    drop_flagged : bool, default True
        Drop tokens flagged ``is_stop``/``is_punct`` in a token table.
    stopwords : deprecated
        The old name of ``stop`` (same values); gives a DeprecationWarning.

    Returns
    -------
    dict
        Term → positive weight; terms without a Chinese character or Latin letter (numbers,
        punctuation) are left out.

    Examples
    --------
    >>> cloud_frequencies({"协商": 3, "的": 9, "2020": 1}, stop=["的"])
    {'协商': 3.0}
    """
    stop = _stop_arg(stop, stopwords, "cloud_frequencies")
    if isinstance(data, pd.DataFrame):
        if "token" in data:
            t = data
            if drop_flagged:
                for flag in ("is_stop", "is_punct"):
                    if flag in t:
                        t = t[~t[flag].fillna(False).astype(bool)]
            counts = t["token"].astype(str).value_counts(sort=False)
        elif {"term", "count"} <= set(data.columns):
            counts = data.groupby(data["term"].astype(str), sort=False)["count"].sum()
        else:
            raise ValueError(
                f"data needs a 'token' column (token table) or 'term' and 'count' "
                f"(frequency table); it has {list(data.columns)}"
            )
        items = counts.items()
    elif isinstance(data, (pd.Series, Mapping)):
        items = data.items()
    else:
        raise TypeError(f"data must be a DataFrame, Series or mapping, got {type(data).__name__}")
    out: dict[str, float] = {}
    for term, w in items:
        term = str(term)
        if (
            w is None
            or not (float(w) > 0)
            or term in stop
            or len(term) < min_length
            or not _WORDLIKE.search(term)
        ):
            continue
        out[term] = out.get(term, 0.0) + float(w)
    return out


def _shade(colour: str) -> Callable:
    """A deterministic colour function: the colour, darker for larger words."""
    r, g, b = to_rgb(colour)

    def func(word, font_size, position, orientation, random_state=None, **kw):
        k = 0.55 + 0.45 * min(font_size / 60.0, 1.0)
        mix = [int(255 * (c * k + 0.85 * (1 - k))) for c in (r, g, b)]
        return "rgb({}, {}, {})".format(*mix)

    return func


def _ramp(cmap: str, lo: float, hi: float) -> Callable:
    """Colours drawn (with the cloud's seeded random state) from the dark part of a colormap.

    The light end of cividis/viridis is unreadable for small words on white, hence ``hi`` < 1.
    """
    import matplotlib

    colormap = matplotlib.colormaps[cmap]

    def func(word, font_size, position, orientation, random_state=None, **kw):
        r = random_state.uniform(lo, hi) if random_state is not None else (lo + hi) / 2
        return to_hex(colormap(r))

    return func


def make_wordcloud(
    frequencies: Mapping[str, float],
    colour: str | Callable | Mapping[str, str] | None = None,
    max_words: int = 150,
    width: int = 640,
    height: int = 400,
    scale: float = 1.5,
    random_state: int = 42,
    background_color: str = "white",
):
    """A fresh :class:`wordcloud.WordCloud` laid out from ``frequencies`` with the CJK font.

    Parameters
    ----------
    frequencies : mapping
        Term → weight (see :func:`cloud_frequencies`).
    colour : str, callable or mapping, optional
        One colour (shaded by size), a wordcloud ``color_func``, or term → colour. Default: the
        dark 70 % of the colour-blind-safe ``cividis`` colormap.
    max_words, width, height, scale, random_state, background_color
        Passed to WordCloud; a new instance is made for every call and ``random_state`` is fixed,
        so the same frequencies give the same picture.

    Returns
    -------
    wordcloud.WordCloud
        With ``words_`` and ``layout_`` filled in.

    Notes
    -----
    Words are laid out horizontally only (vertical Chinese words would read rotated), with the
    font from :func:`setup_fonts` — wordcloud's default font has no CJK glyphs. Ties in weight keep
    the order of ``frequencies``, so an ordered input gives a reproducible layout.

    Examples
    --------
    >>> wc = make_wordcloud({"协商": 5, "政协": 3})
    >>> sorted(wc.words_)
    ['协商', '政协']
    """
    from wordcloud import WordCloud

    if not frequencies:
        raise ValueError("no terms to draw: the frequencies are empty (after stop words)")
    kwargs = {}
    if isinstance(colour, str):
        kwargs["color_func"] = _shade(colour)
    elif isinstance(colour, Mapping):
        cmap = {k: to_hex(v) for k, v in colour.items()}

        def by_term(word, **kw):
            return cmap.get(word, "#777777")

        kwargs["color_func"] = by_term
    elif callable(colour):
        kwargs["color_func"] = colour
    else:
        kwargs["color_func"] = _ramp("cividis", 0.0, 0.7)
    wc = WordCloud(
        font_path=_font_path(),
        width=width,
        height=height,
        scale=scale,
        max_words=max_words,
        random_state=random_state,
        background_color=background_color,
        prefer_horizontal=1.0,
        collocations=False,
        normalize_plurals=False,
        include_numbers=True,
        margin=2,
        **kwargs,
    )
    return wc.generate_from_frequencies(dict(frequencies))


def _no_data(ax) -> None:
    ax.text(0.5, 0.5, "无数据 no data", ha="center", va="center", transform=ax.transAxes, color="#9A9A9A")
    ax.set_axis_off()


def _show(ax, wc) -> None:
    ax.imshow(wc.to_array(), interpolation="bilinear")
    ax.set_axis_off()


@styled
def wordcloud_figure(
    data: pd.DataFrame | Mapping[str, float] | pd.Series,
    stop: StopSpec = None,
    title: str = "词云 Word cloud (whole corpus)",
    max_words: int = 150,
    colour: str | None = None,
    random_state: int = 42,
    min_length: int = 1,
    *,
    stopwords: StopSpec = None,
) -> Figure:
    """Word cloud of the whole corpus (or any token table / frequency table given).

    Parameters
    ----------
    data : DataFrame, Series or mapping
        Tokens, a frequency table or term → weight (see :func:`cloud_frequencies`).
    stop : bool, str or iterable, optional
        Extra stop words, as in :func:`cloud_frequencies` (``stopwords=`` is a deprecated alias).
    title : str
        Figure title.
    max_words : int, default 150
    colour : str, optional
        One colour for all words (shaded by size); default the dark 70 % of ``cividis``.
    random_state : int, default 42
    min_length : int, default 1

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = wordcloud_figure({"协商": 5, "政协": 3}, stop=["政协"])
    >>> fig.axes[0].get_title()
    '词云 Word cloud (whole corpus)'
    """
    freqs = cloud_frequencies(data, _stop_arg(stop, stopwords, "wordcloud_figure"), min_length=min_length)
    fig, ax = plt.subplots(figsize=(6.4, 4.3), layout="constrained")
    if freqs:
        _show(ax, make_wordcloud(freqs, colour=colour, max_words=max_words, random_state=random_state))
    else:
        _no_data(ax)
    ax.set_title(title)
    return fig


@styled
def region_wordclouds(
    tokens: pd.DataFrame,
    by: str = "region",
    speeches: pd.DataFrame | None = None,
    stop: StopSpec = None,
    max_words: int = 80,
    ncols: int = 3,
    random_state: int = 42,
    min_length: int = 1,
    *,
    stopwords: StopSpec = None,
) -> Figure:
    """One word cloud per region (or other group), each in its region's colour.

    Parameters
    ----------
    tokens : DataFrame
        From :func:`cppcc.tokens` (``token`` and the ``by`` column, or ``doc_id`` with ``speeches``).
    by : str, default "region"
    speeches : DataFrame, optional
        For the ``by`` column (joined on doc_id), page order and colours.
    stop : bool, str or iterable, optional
        Extra stop words, as in :func:`cloud_frequencies` (``stopwords=`` is a deprecated alias).
    max_words : int, default 80
    ncols : int, default 3
    random_state : int, default 42
    min_length : int, default 1

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"token": ["协商", "政协", "委员"], "region": ["甲", "甲", "乙"]})
    >>> [ax.get_title() for ax in region_wordclouds(t, stop="officialese").axes[:2]]
    ['甲', '乙']
    """
    require(tokens, ["token"], "tokens", "region_wordclouds")
    stop_set = _stop_arg(stop, stopwords, "region_wordclouds")
    if by not in tokens:
        if speeches is None:
            raise ValueError(f"tokens lacks column {by!r}; pass speeches= to join it on doc_id")
        require(tokens, ["doc_id"], "tokens")
        require(speeches, ["doc_id", by], "speeches")
        meta = dict(zip(speeches["doc_id"].astype(str), speeches[by]))
        tokens = tokens.assign(**{by: tokens["doc_id"].astype(str).map(meta)})
    tokens = tokens.assign(
        **{by: _group_values(tokens[by])}
    )  # speeches of unknown region stay, as "未知 unknown"
    ordered = tokens.sort_values("doc_id", kind="stable") if "doc_id" in tokens else tokens
    groups, pal, names = _group_styles(ordered[by].tolist(), by, speeches)
    ncols = max(1, min(ncols, len(groups) or 1))
    nrows = max(1, math.ceil(len(groups) / ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.2 * ncols, 3.0 * nrows), squeeze=False, layout="constrained"
    )
    key = tokens[by].astype(str)
    for k, g in enumerate(groups):
        ax = axes.flat[k]
        freqs = cloud_frequencies(tokens[key == g], stop_set, min_length=min_length)
        if freqs:
            _show(
                ax,
                make_wordcloud(
                    freqs,
                    colour=pal.get(g, "#555555"),
                    max_words=max_words,
                    width=480,
                    height=320,
                    random_state=random_state,
                ),
            )
        else:
            _no_data(ax)
        ax.set_title(names[g], color=pal[g])
    for ax in axes.flat[len(groups) :]:
        ax.set_axis_off()
    fig.suptitle("各地区词云 Word clouds by region" if by == "region" else f"分组词云 Word clouds by {by}")
    return fig


@styled
def comparison_cloud(
    distinct: pd.DataFrame,
    by: str | None = None,
    n: int = 25,
    speeches: pd.DataFrame | None = None,
    random_state: int = 42,
    stop: StopSpec = None,
    min_chars: int = MIN_CHARS,
    *,
    stopwords: StopSpec = None,
) -> Figure:
    """Comparison cloud: each group's most distinctive terms, sized by z-score, in the group's colour.

    A term distinctive for several groups is given to the group where its z-score is highest. Single
    characters (出, 街, 事) and numbers are never drawn: the same word rule as
    :func:`distinctive_bars` (``min_chars``).

    Parameters
    ----------
    distinct : DataFrame
        From :func:`cppcc.distinctive_terms` (grouping column, ``term``, ``score``).
    by : str, optional
        Grouping column; default the result's ``attrs["by"]`` (a ValueError when neither is given).
    n : int, default 25
        Terms per group (positive scores only).
    speeches : DataFrame, optional
        For the colours (page order of regions).
    random_state : int, default 42
    stop : bool, str or iterable, optional
        Terms to leave out, as in :func:`cloud_frequencies` (``stopwords=`` is a deprecated alias).
    min_chars : int, default 2
        Shortest term drawn, in characters.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> toks = cppcc.tokens(s)
    >>> fig = comparison_cloud(cppcc.distinctive_terms(toks, by="region"), speeches=s)
    >>> len(fig.axes) > 0
    True
    >>> plt.close(fig)
    """
    require(distinct, ["term", "score"], "distinct")
    by = _by_column(distinct, by, "comparison_cloud")
    df = distinct.assign(**{by: distinct[by].astype(str), "term": distinct["term"].astype(str)})
    groups, colours, names = _groups_and_colours(df, by, speeches, None)
    stop_set = _stop_arg(stop, stopwords, "comparison_cloud")
    df = df[(df["score"] > 0) & ~df["term"].isin(stop_set) & _content_terms(df["term"], min_chars)]
    top = (
        df.sort_values(["score", "term"], ascending=[False, True], kind="stable")
        .groupby(by, sort=False)
        .head(n)
        .drop_duplicates("term")
    )  # highest score first: the term goes to its strongest group
    fig, ax = plt.subplots(figsize=(7.5, 5.2), layout="constrained")
    title = "比较词云 Comparison cloud: 各组区分性词语 distinctive terms by group"
    if top.empty:
        _no_data(ax)
        ax.set_title(title)
        return fig
    freqs = dict(zip(top["term"], top["score"].astype(float)))
    term_colour = {t: colours[g] for t, g in zip(top["term"], top[by])}
    wc = make_wordcloud(
        freqs, colour=term_colour, max_words=len(freqs), width=720, height=460, random_state=random_state
    )
    _show(ax, wc)
    shown = [g for g in groups if g in set(top[by])]
    ax.legend(
        handles=[Patch(color=colours[g], label=names[g]) for g in shown],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncols=min(len(shown), 3),
        frameon=False,
    )
    ax.set_title(title)
    return fig
