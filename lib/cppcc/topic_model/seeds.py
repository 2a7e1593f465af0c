"""Seed words: which topics are seeded, with which words of the vocabulary.

``seeds`` is ``None`` (no seeded topic), a dict ``{topic name: words}`` or ``"codebook"``: one seeded
topic per category of :func:`cppcc.load_codebook`, named by its key, with its terms as seeds. A
seed word is matched against the model's vocabulary (the words under the word rule) after
conversion to Simplified script; a codebook pattern (``*党委``: one token ending in 党委) seeds every
word of the vocabulary it matches. Seeds that match no word (a multi-word term the segmenter splits,
a word the corpus never uses) are listed with status ``"not in vocabulary"``, never dropped
silently.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = ["resolve_seeds", "seed_table", "topic_names"]


def resolve_seeds(seeds, func: str = "topics") -> tuple[dict[str, list[str]], dict[str, str]]:
    """``({topic: [seed words]}, {topic: label})`` from the ``seeds`` argument, in topic order.

    Examples
    --------
    >>> words, labels = resolve_seeds({"grassroots": ["基层", "乡镇"]})
    >>> words, labels
    ({'grassroots': ['基层', '乡镇']}, {'grassroots': 'grassroots'})
    >>> words, labels = resolve_seeds("codebook")
    >>> list(words)[:2], labels["platforms"]
    (['platforms', 'procedures'], 'Platforms and venues')
    """
    from ..normalize import to_simplified

    if seeds is None:
        return {}, {}
    if isinstance(seeds, str):
        if seeds != "codebook":
            raise ValueError(f"cppcc.{func}: seeds must be a dict {{topic: words}}, 'codebook' or None, "
                             f"not {seeds!r}")
        from ..mechanisms import load_codebook

        cb = load_codebook()
        words = {str(c): g["term"].tolist() for c, g in cb.groupby("category", sort=False)}
        labels = dict(zip(cb["category"].astype(str), cb["label_en"].astype(str)))
        return words, labels
    if not isinstance(seeds, Mapping):
        raise TypeError(f"cppcc.{func}: seeds must be a dict {{topic: words}}, 'codebook' or None, "
                        f"got {type(seeds).__name__}")
    words = {}
    for name, terms in seeds.items():
        terms = [terms] if isinstance(terms, str) else list(terms)
        if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise ValueError(f"cppcc.{func}: seeds[{name!r}] must be a non-empty list of words")
        words[str(name)] = [to_simplified(t.strip()) for t in terms]
    return words, {n: n for n in words}


def topic_names(seed_names: list[str], k: int, func: str = "topics") -> list[str]:
    """The ``k`` topic names: the seeded topics' names first, then ``topic_1``, ``topic_2`` … for the
    free topics (numbered among the free topics).

    Examples
    --------
    >>> topic_names(["grassroots"], 3)
    ['grassroots', 'topic_1', 'topic_2']
    """
    if len(seed_names) > k:
        raise ValueError(f"cppcc.{func}: k={k} is smaller than the {len(seed_names)} seeded topics; "
                         f"k counts all topics, seeded and free")
    names = [*seed_names, *(f"topic_{i}" for i in range(1, k - len(seed_names) + 1))]
    if len(set(names)) != len(names):
        raise ValueError(f"cppcc.{func}: a seeded topic may not be named like a free one ({names})")
    return names


def _matches(seed: str, vocab: pd.Index) -> list[str]:
    """The vocabulary words a seed stands for: itself, or the words a ``*`` pattern matches."""
    core = seed.strip("*")
    if not core:
        return []
    if seed.startswith("*") and seed.endswith("*"):
        hit = vocab[vocab.str.contains(core, regex=False)]
    elif seed.startswith("*"):
        hit = vocab[vocab.str.endswith(core)]
    elif seed.endswith("*"):
        hit = vocab[vocab.str.startswith(core)]
    else:
        return [seed] if seed in vocab else []
    return sorted(hit)


def seed_table(seed_words: dict[str, list[str]], counts: pd.Series) -> pd.DataFrame:
    """One row per (topic, seed, word of the vocabulary it matches): ``topic``, ``seed`` (as given),
    ``term`` (None when nothing matches), ``count`` (the term's words in the corpus), ``status``
    (``"seeded"`` or ``"not in vocabulary"``).

    Examples
    --------
    >>> counts = pd.Series({"基层": 5, "县委": 2, "省委": 3})
    >>> seed_table({"grassroots": ["基层", "村民"], "party": ["*委"]}, counts).values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['grassroots', '基层', '基层', 5, 'seeded'], ['grassroots', '村民', None, 0, 'not in vocabulary'],
     ['party', '*委', '县委', 2, 'seeded'], ['party', '*委', '省委', 3, 'seeded']]
    """
    vocab = pd.Index(counts.index.astype(str))
    rows = []
    for topic, seeds in seed_words.items():
        for seed in seeds:
            hits = _matches(seed, vocab)
            rows += ([(topic, seed, t, int(counts[t]), "seeded") for t in hits]
                     or [(topic, seed, None, 0, "not in vocabulary")])
    return pd.DataFrame(rows, columns=["topic", "seed", "term", "count", "status"])
