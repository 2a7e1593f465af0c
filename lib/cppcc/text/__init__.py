"""Chinese text pipeline: normalised, domain-aware segmentation into a tidy token table.

Every text goes through :func:`cppcc.normalize_text` (Unicode clean-up, OpenCC Traditional ->
Simplified plus variant characters, full-width Chinese punctuation) and is then segmented by a
*private* jieba tokenizer (no global jieba state is touched) with HMM off, extended by the domain
lexicon of :mod:`cppcc.lexicon` (CPPCC vocabulary, quoted policy terms, every administrative
division of China and its safe short forms; see ``lib/cppcc/data/README.md``).

Two backends give identical tokens and tags on the corpus (``tests/test_text.py`` checks it):

``"rjieba"``  the Rust port of jieba (``rjieba.Jieba``, a private instance), about 7x faster;
``"jieba"``   jieba's own ``Tokenizer`` + ``posseg.POSTokenizer`` (used if rjieba is missing).

:func:`tokens` can cache its results on disk (``cache=True``: ``<project>/.cache/tokens/``), keyed
by a hash of each text and of everything that determines the tokens: the pipeline version, the
lexicon's digest, the files of :data:`SEGMENTATION_FILES`, the settings and the backend's version.
A change of any of them starts a new cache file. An unreadable cache gives a warning and the tokens
are computed without it.

The package, one module per job (data flows down the list):

``stoplists``  the stop lists and the one reading of ``stop=`` (:func:`resolve_stop`);
``segmenter``  the private tokenizers of each backend with the lexicon (:func:`jieba_tokenizer`);
``words``      the names and place brands of a frame kept whole (:func:`corpus_words`);
``analyse``    normalise, cut into sentences and words, gather the token columns (:func:`segment`);
``columns``    the compact token columns (codes and categories) and their byte form;
``cache``      the segmentation cache: its key and its parts;
``table``      :func:`tokens`, the tidy token table.

Examples
--------
>>> segment("蚌埠市蚌山區政協拓展委員之家")
['蚌埠市', '蚌山区', '政协', '拓展', '委员之家']
"""

from __future__ import annotations

from .analyse import SENTENCE_END, segment
from .cache import PIPELINE_VERSION, SEGMENTATION_FILES, segmentation_sources
from .columns import TAGS
from .segmenter import BACKENDS, jieba_tokenizer
from .stoplists import DEFAULT_STOP, STOP_KINDS, resolve_stop, stop_label, stopwords
from .table import TOKEN_COLUMNS, tokens
from .words import NAME_COLUMNS, corpus_words

__all__ = [
    "segment",
    "tokens",
    "stopwords",
    "resolve_stop",
    "corpus_words",
    "NAME_COLUMNS",
    "stop_label",
    "DEFAULT_STOP",
    "STOP_KINDS",
    "jieba_tokenizer",
    "segmentation_sources",
    "SEGMENTATION_FILES",
    "PIPELINE_VERSION",
    "TOKEN_COLUMNS",
    "TAGS",
    "SENTENCE_END",
    "BACKENDS",
]
