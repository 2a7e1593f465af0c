"""Who followed whom: reused passages, oriented in time, joined with the units' first mentions.

:func:`cppcc.text_reuse` finds pairs of passages two documents share, without a direction. Dated, a
pair has one: the earlier document's passage was reused later. :func:`diffusion_edges` orients every
pair from the earlier unit to the later one and names the terms the shared passage carries (its
characters are in both passages); joined with :func:`cppcc.first_mentions`, an edge says whether the
later unit's first use of the term came after the earlier unit's (``followed``) and whether the reused
passage is where the later unit is first seen using it (``at_first_use``). :func:`diffusion_graph`
makes a networkx graph of units from it.

Reuse is evidence of contact, not proof of learning: both units may copy a third text (a central
document, a newspaper) the archive does not hold. Pass such texts to ``text_reuse(..., reference=)``
to see them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..common import require_columns, stamp
from ..normalize import normalize_text
from ._frames import is_simulated, prepare

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["diffusion_edges", "diffusion_graph", "EDGE_COLUMNS"]

#: the columns of :func:`diffusion_edges`, in order
EDGE_COLUMNS = ["source", "target", "term", "date_source", "date_target", "doc_source", "doc_target",
                "source_first", "target_first", "target_censored", "followed", "at_first_use",
                "passage", "chars", "identity", "stock"]
_REUSE = ["doc_a", "doc_b", "text_a", "text_b", "chars", "identity", "stock"]


def diffusion_edges(first: pd.DataFrame, reuse: pd.DataFrame, docs,
                    include_stock: bool = False) -> pd.DataFrame:
    """Reused passages as edges from the earlier unit to the later one, with the terms they carry.

    Parameters
    ----------
    first : DataFrame
        :func:`cppcc.first_mentions` (its ``attrs["by"]`` names the unit column; its terms are the
        terms looked for in the passages).
    reuse : DataFrame
        :func:`cppcc.text_reuse` on ``docs`` (``doc_a``, ``doc_b``, ``text_a``, ``text_b``, ``chars``,
        ``identity``, ``stock``).
    docs : DataFrame or store
        The documents (``doc_id``, ``date``, the unit column).
    include_stock : bool, default False
        Keep passages flagged ``stock`` (shared officialese); by default they are left out (counted).

    Returns
    -------
    DataFrame
        One row per reused passage and term it carries (one row with ``term`` None when it carries
        none of them), in the order of ``reuse``: ``source``, ``target`` (the units of the earlier
        and the later document), ``term``, ``date_source``, ``date_target``, ``doc_source``,
        ``doc_target``, ``source_first``, ``target_first`` (each unit's first mention of the term,
        NaT without), ``target_censored`` (the later unit's first mention is left-censored),
        ``followed`` (both units use the term, the source's first use is earlier than the target's
        and the target's is not left-censored: the target took the term up after the source had
        it), ``at_first_use`` (the reused passage is in a document on the target's first-use date),
        ``passage`` (the earlier document's passage), ``chars``, ``identity``, ``stock``.
        Pairs within one unit, pairs with an undated document or a document without a unit, and pairs
        whose documents have the same date (no direction) are left out; ``attrs`` counts them:
        ``function``, ``by``, ``terms``, ``pairs`` (rows of ``reuse``), ``stock`` (left out as
        stock), ``same_unit``, ``undated``, ``same_date``, ``include_stock``, ``simulated``.

    Examples
    --------
    >>> import cppcc
    >>> docs = pd.DataFrame({"doc_id": ["a", "b0", "b"], "unit": ["甲县", "乙县", "乙县"],
    ...     "date": ["2019-01-01", "2018-06-01", "2020-01-01"],
    ...     "text": ["我们推开了“有事好商量”协商议事会，每个村每年至少开展两次协商活动。", "河道治理。",
    ...              "学习外地经验，推开了“有事好商量”协商议事会，每个村每年至少开展两次协商活动。"]})
    >>> first = cppcc.first_mentions(docs, "有事好商量")
    >>> e = diffusion_edges(first, cppcc.text_reuse(docs), docs)
    >>> e[["source", "target", "term", "followed", "at_first_use"]].values.tolist()
    [['甲县', '乙县', '有事好商量', True, True]]
    """
    require_columns(first, ["term", "first_date", "censored"], "diffusion_edges", "first",
                    hint="build it with cppcc.first_mentions(docs)")
    require_columns(reuse, _REUSE, "diffusion_edges", "reuse", hint="build it with cppcc.text_reuse(docs)")
    by = first.attrs.get("by")
    if by is None:
        raise ValueError("cppcc.diffusion_edges: `first` has no attrs['by']: pass cppcc.first_mentions "
                         "as it returns it")
    frame, cols, _ = prepare(docs, by, "diffusion_edges", extra=())
    terms = list(first.attrs.get("terms") or pd.unique(first["term"]))
    unit = dict(zip(frame["doc_id"], frame["_unit"]))
    date = dict(zip(frame["doc_id"], frame["_date"]))
    f = first.assign(_unit=first[cols[0]].astype(object) if len(cols) == 1 else
                     pd.Series(list(zip(*(first[c].astype(object) for c in cols))), index=first.index))
    firsts = {(t, u): (d, c) for t, u, d, c in zip(f["term"], f["_unit"], f["first_date"], f["censored"])}
    counts = {"pairs": len(reuse), "stock": 0, "same_unit": 0, "undated": 0, "same_date": 0}
    rows = []
    for r in reuse[_REUSE].to_dict("records"):
        if r["stock"] and not include_stock:
            counts["stock"] += 1
            continue
        a, b = r["doc_a"], r["doc_b"]
        if a not in unit or b not in unit:
            counts["undated"] += 1
            continue
        if unit[a] == unit[b]:
            counts["same_unit"] += 1
            continue
        if date[a] == date[b]:
            counts["same_date"] += 1
            continue
        early, late, p_early, p_late = (a, b, r["text_a"], r["text_b"]) if date[a] < date[b] else \
            (b, a, r["text_b"], r["text_a"])
        ne, nl = normalize_text(p_early), normalize_text(p_late)
        carried = [t for t in terms if t in ne and t in nl] or [None]
        for t in carried:
            sf, sc = firsts.get((t, unit[early]), (pd.NaT, False))
            tf, tc = firsts.get((t, unit[late]), (pd.NaT, False))
            rows.append({"source": unit[early], "target": unit[late], "term": t,
                         "date_source": date[early], "date_target": date[late],
                         "doc_source": early, "doc_target": late, "source_first": sf, "target_first": tf,
                         "target_censored": bool(tc) if t is not None else False,
                         "followed": bool(t is not None and pd.notna(sf) and pd.notna(tf) and sf < tf
                                          and not tc),
                         "at_first_use": bool(t is not None and pd.notna(tf) and tf == date[late]),
                         "passage": p_early, "chars": int(r["chars"]), "identity": float(r["identity"]),
                         "stock": bool(r["stock"])})
    out = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    for c in ("date_source", "date_target", "source_first", "target_first"):
        out[c] = pd.to_datetime(out[c])
    for c in ("target_censored", "followed", "at_first_use", "stock"):
        out[c] = out[c].astype(bool)
    out["chars"] = out["chars"].astype("int64")
    out["identity"] = out["identity"].astype(float)
    stamp(out, "diffusion_edges", **{"by": by, "terms": terms, **counts,
                 "include_stock": bool(include_stock),
                 "simulated": bool(first.attrs.get("simulated", False)) or is_simulated(docs)})
    return out


def diffusion_graph(edges: pd.DataFrame, first: pd.DataFrame | None = None, term: str | None = None,
                    followed: bool = False, at_first_use: bool = False) -> nx.DiGraph:
    """The diffusion network as a directed graph of units, edges from the earlier to the later unit.

    Parameters
    ----------
    edges : DataFrame
        :func:`diffusion_edges`.
    first : DataFrame, optional
        :func:`cppcc.first_mentions`: with ``term``, every unit that uses the term becomes a node (also
        one no passage links), with its first mention.
    term : str, optional
        Keep the passages that carry this term (default: every passage).
    followed : bool, default False
        Keep only the passages along which the target took the term up after the source (``followed``).
    at_first_use : bool, default False
        Keep only the passages in the document where the target is first seen using the term
        (``at_first_use``); with ``followed=True`` the strongest evidence of who followed whom.

    Returns
    -------
    networkx.DiGraph
        Nodes: units, with ``first`` (the unit's first mention of ``term`` when ``first`` and ``term``
        are given, else NaT), ``censored`` (that first mention is left-censored) and ``level``
        (when ``first`` has it). Edges: ``passages``, ``chars`` (summed), ``terms`` (sorted distinct
        terms carried), ``first_date`` (the earliest ``date_target``), ``followed`` (any passage
        along it is ``followed``). Graph attributes: ``term``, ``followed``, ``at_first_use``,
        ``simulated`` (from the attrs of ``edges``).

    Examples
    --------
    >>> e = pd.DataFrame({"source": ["甲", "甲"], "target": ["乙", "乙"], "term": ["品牌", None],
    ...     "date_target": pd.to_datetime(["2020-01-01", "2021-01-01"]), "followed": [True, False],
    ...     "chars": [30, 25]})
    >>> g = diffusion_graph(e)
    >>> sorted(g.edges(data="passages")), g.edges["甲", "乙"]["terms"]
    ([('甲', '乙', 2)], ['品牌'])
    >>> f = pd.DataFrame({"term": ["品牌"] * 3, "unit": ["甲", "乙", "丙"], "censored": [True, False, False],
    ...                   "first_date": pd.to_datetime(["2019-01-01", "2020-01-01", "2021-01-01"])})
    >>> f.attrs["by"] = "unit"
    >>> g = diffusion_graph(e, f, term="品牌")
    >>> sorted(g.nodes(data="censored")), g.number_of_edges()
    ([('丙', False), ('乙', False), ('甲', True)], 1)
    """
    import networkx as nx

    require_columns(edges, ["source", "target", "term", "date_target", "followed", "chars"],
                    "diffusion_graph", "edges",
                    hint="build it with cppcc.diffusion_edges(first, reuse, docs)")
    e = edges
    if term is not None:
        e = e[e["term"] == term]
    if followed:
        e = e[e["followed"]]
    if at_first_use:
        require_columns(edges, ["at_first_use"], "diffusion_graph", "edges")
        e = e[e["at_first_use"]]
    g = stamp(nx.DiGraph(), "diffusion_graph", term=term, followed=bool(followed),
              at_first_use=bool(at_first_use), simulated=bool(edges.attrs.get("simulated", False)))
    if first is not None and term is not None:
        require_columns(first, ["term", "first_date", "censored"], "diffusion_graph", "first")
        by = first.attrs.get("by")
        if not isinstance(by, str):
            raise ValueError("cppcc.diffusion_graph: `first` must come from cppcc.first_mentions with one "
                             "unit column (attrs['by'])")
        for row in first[first["term"] == term].to_dict("records"):
            g.add_node(row[by], first=row["first_date"], censored=bool(row["censored"]),
                       **({"level": row["level"]} if "level" in row else {}))
    for (s, t), h in e.groupby(["source", "target"], sort=False):
        terms = sorted({x for x in h["term"] if isinstance(x, str)})
        # a pair of passages can carry several terms: count each passage once
        keys = [c for c in ("doc_source", "doc_target", "passage") if c in h.columns]
        passages = h.drop_duplicates(keys) if keys else h
        g.add_edge(s, t, passages=len(passages), chars=int(passages["chars"].sum()), terms=terms,
                   first_date=h["date_target"].min(), followed=bool(h["followed"].any()))
    for node in g.nodes:
        g.nodes[node].setdefault("first", pd.NaT)
        g.nodes[node].setdefault("censored", False)
    return g
