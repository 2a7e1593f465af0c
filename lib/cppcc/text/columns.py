"""Token columns: the compact form of the tokens of many texts (codes and categories), as the
segmenter makes them, the cache stores them and :func:`cppcc.tokens` spreads them into a frame.

``counts`` (tokens per text), ``tok_codes``/``tok_cats`` (the tokens), ``pos_codes``/``pos_cats`` (their
tags) and ``sentence`` (1-based sentence number per token).
"""

from __future__ import annotations

import marshal

import numpy as np
import pandas as pd

__all__ = ["TAGS"]

_SEP = "\x1f"  # unit separator: clean_unicode removes it from every text, so it cannot occur in a token
#: every part-of-speech tag jieba can give (its dictionary's tags, its HMM POS model's, eng, un);
#: tests/test_text.py checks this against the installed jieba. Stored as uint8 codes in the cache.
TAGS = tuple(
    sorted(
        "a ad ag an b bg c d df dg e eng f g h i in j jn k l ln m mg mq n ng nr nrfg nrt ns nt nz o p q qe "
        "qg r rg rr rz s t tg u ud ug uj ul un uv uz v vd vg vi vn vq x y yg z zg".split()
    )
)
_TAG_CODE = {t: i for i, t in enumerate(TAGS)}


def _take_columns(cols: dict, docs: np.ndarray) -> dict:
    """The columns of the texts ``docs`` (indices into ``cols``' texts; any order, repeats allowed).

    Categories are renumbered in order of first occurrence, as a computation of those texts in
    that order gives them (token tags keep :data:`TAGS` when they are tag codes)."""
    docs = np.asarray(docs, dtype=np.int64)
    counts = cols["counts"]
    out_counts = counts[docs]
    if "tok_codes" not in cols or not out_counts.sum():
        return {"counts": out_counts}
    starts = np.cumsum(counts) - counts
    # the token rows of the chosen texts: for each text its run start..start+count
    lens = out_counts
    offsets = np.repeat(starts[docs] - (np.cumsum(lens) - lens), lens)
    rows = np.arange(int(lens.sum()), dtype=np.int64) + offsets
    return _renumbered({**cols, "counts": out_counts}, rows)


def _renumbered(cols: dict, rows: np.ndarray | None = None) -> dict:
    """``cols`` restricted to the token ``rows`` (all if None), categories in order of first use."""
    tok = cols["tok_codes"] if rows is None else cols["tok_codes"][rows]
    pos = cols["pos_codes"] if rows is None else cols["pos_codes"][rows]
    sentence = cols["sentence"] if rows is None else cols["sentence"][rows]
    tok_new, tok_used = pd.factorize(tok)
    out = {
        "counts": cols["counts"],
        "tok_codes": tok_new.astype(np.int32),
        "tok_cats": cols["tok_cats"][tok_used],
        "sentence": np.ascontiguousarray(sentence, dtype=np.int32),
    }
    if _is_tag_table(cols["pos_cats"]):  # tag codes into TAGS (HMM on): kept as they are
        out.update(pos_codes=np.asarray(pos, dtype=np.uint8), pos_cats=cols["pos_cats"])
    else:
        pos_new, pos_used = pd.factorize(pos)
        pos_cats = cols["pos_cats"][pos_used]
        out.update(
            pos_codes=pos_new.astype(np.uint8) if len(pos_cats) < 256 else pos_new.astype(np.int32),
            pos_cats=pos_cats,
        )
    return out


def _is_tag_table(pos_cats: np.ndarray) -> bool:
    return len(pos_cats) == len(TAGS) and tuple(pos_cats) == TAGS


def _concat_columns(parts: list[dict]) -> dict:
    """The columns of several calls' texts, one after the other (categories unified)."""
    if len(parts) == 1:
        return parts[0]
    counts = np.concatenate([p["counts"] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    full = [p for p in parts if "tok_codes" in p]
    if not full:
        return {"counts": counts}
    tok_index = pd.Index(pd.unique(np.concatenate([p["tok_cats"] for p in full])), dtype=object)
    tags = all(_is_tag_table(p["pos_cats"]) for p in full)
    pos_index = pd.Index(
        list(TAGS) if tags else pd.unique(np.concatenate([p["pos_cats"] for p in full])), dtype=object
    )
    merged = {
        "counts": counts,
        "tok_codes": np.concatenate(
            [tok_index.get_indexer(p["tok_cats"])[p["tok_codes"]] for p in full]
        ).astype(np.int32),
        "tok_cats": np.asarray(tok_index, dtype=object),
        "pos_codes": np.concatenate([pos_index.get_indexer(p["pos_cats"])[p["pos_codes"]] for p in full]),
        "pos_cats": np.asarray(pos_index, dtype=object),
        "sentence": np.concatenate([p["sentence"] for p in full]).astype(np.int32),
    }
    return _renumbered(merged)


def _pack_columns(cols: dict) -> bytes:
    """The assembled columns of one call as bytes (the call-level cache value)."""
    if "tok_codes" not in cols:
        return marshal.dumps((cols["counts"].tobytes(),))
    return marshal.dumps(
        (
            cols["counts"].tobytes(),
            cols["tok_codes"].tobytes(),
            _SEP.join(cols["tok_cats"]),
            cols["pos_codes"].tobytes(),
            str(cols["pos_codes"].dtype),
            _SEP.join(cols["pos_cats"]),
            cols["sentence"].tobytes(),
        )
    )


def _unpack_columns(blob: bytes) -> dict:
    parts = marshal.loads(blob)
    cols = {"counts": np.frombuffer(parts[0], dtype=np.int64)}
    if len(parts) > 1:
        cols.update(
            tok_codes=np.frombuffer(parts[1], dtype=np.int32),
            tok_cats=np.array(parts[2].split(_SEP), dtype=object),
            pos_codes=np.frombuffer(parts[3], dtype=parts[4]),
            pos_cats=np.array(parts[5].split(_SEP), dtype=object),
            sentence=np.frombuffer(parts[6], dtype=np.int32),
        )
    return cols

