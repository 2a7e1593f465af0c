"""Hand-made token frames in the ``cppcc.tokens`` format, shared by the analysis tests."""

from __future__ import annotations

import pandas as pd

STOP = {"的", "和"}
PUNCT = {"，", "。"}


def make_tokens(docs: dict) -> pd.DataFrame:
    """Token frame from ``{doc_id: (metadata, sentences)}``.

    Each sentence is either a whitespace-separated string or a list of tokens; "，" "。" are
    punctuation and "的" "和" stopwords. Positions run on across a document's sentences.
    """
    rows = []
    for doc_id, (meta, sentences) in docs.items():
        pos = 0
        for s_no, sent in enumerate(sentences, 1):
            for tok in sent.split() if isinstance(sent, str) else sent:
                rows.append(
                    {
                        "doc_id": doc_id,
                        "sentence": s_no,
                        "position": pos,
                        "token": tok,
                        "pos": "n",
                        "is_stop": tok in STOP,
                        "is_punct": tok in PUNCT,
                        **meta,
                    }
                )
                pos += 1
    return pd.DataFrame(rows)
