"""The kinds of documents (``doc_type``) in English, for sentences that count documents: a corpus of
speeches, news reports and notices is "6 documents: 3 speeches, ...", never "6 speeches"."""
from __future__ import annotations

import pandas as pd

__all__ = ["KIND_EN", "documents_phrase", "kind_en"]


#: a document's kind (``doc_type``) in English: (one, many)
KIND_EN = {"speech": ("speech", "speeches"), "report": ("work report", "work reports"),
           "news": ("news report", "news reports"), "other": ("other document", "other documents")}


def documents_phrase(docs, kinds: bool = True) -> str:
    """How many documents, of which kinds: ``"5 speeches"`` when every document is a speech, else
    ``"6 documents: 3 speeches, 2 news reports and 1 other document"``.

    Parameters
    ----------
    docs : DataFrame or mapping
        Documents with a ``doc_type`` column (:func:`cppcc.load_speeches`; without it every document
        counts as a speech), or ``{kind: count}``.
    kinds : bool, default True
        Name the kinds after the count (False: ``"6 documents"``).

    Examples
    --------
    >>> documents_phrase({"speech": 5})
    '5 speeches'
    >>> documents_phrase(pd.DataFrame({"doc_type": ["speech", "news", "speech", "other", "news", "speech"]}))
    '6 documents: 3 speeches, 2 news reports and 1 other document'
    >>> documents_phrase({"speech": 3, "news": 2}, kinds=False)
    '5 documents'
    """
    if isinstance(docs, pd.DataFrame):
        counts = (docs["doc_type"].fillna("other").value_counts().to_dict() if "doc_type" in docs.columns
                 else {"speech": len(docs)})
    else:
        counts = dict(docs)

    from .prose import join  # prose re-exports this module's names: imported when called

    def one(kind: str, n: int) -> str:
        single, many = KIND_EN.get(kind, (kind, kind + "s"))
        return f"{int(n):,} {single if n == 1 else many}"

    total = int(sum(counts.values()))
    if set(counts) <= {"speech"}:
        return one("speech", total)
    named = f"{total:,} document{'s' if total != 1 else ''}"
    return f"{named}: " + join([one(k, n) for k, n in counts.items()]) if kinds else named


def kind_en(doc_type) -> str:
    """A document's kind in English, singular (``"news report"``; ``"document"`` when unknown).

    Examples
    --------
    >>> kind_en("news"), kind_en(None)
    ('news report', 'document')
    """
    return KIND_EN.get(str(doc_type), ("document",))[0].replace("other document", "document")
