"""Segmenters: a private jieba or rjieba tokenizer per backend with the domain lexicon loaded.

No global jieba state is touched; extra words (a user's ``words=``, the corpus words) are cut out
around the lexicon's tokenizer instead of being added to it (see :class:`_Segmenter`).
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..cache import cache_root
from ..lexicon import load_lexicon
from ..normalize import normalize_text
from .kept import kept

__all__ = ["BACKENDS", "jieba_tokenizer"]

BACKENDS = ("rjieba", "jieba")
_ASCII_NUM = re.compile(r"[0-9][0-9.]*")
# a run of Latin letters and digits, dots inside it (a lone "." or "..." is punctuation, tag x)
_ASCII_WORD = re.compile(r"[A-Za-z0-9.]*[A-Za-z0-9][A-Za-z0-9.]*")


def _available_backend() -> str:
    """``"rjieba"`` if it is installed (found, not imported), else ``"jieba"``."""
    import importlib.util

    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


@functools.lru_cache(maxsize=1)
def _rjieba_class():
    """rjieba's ``Jieba`` class, taken from its extension module without running the package's
    ``__init__``: that builds a default tokenizer at import time (about 0.1 s, a tenth of a cold
    first call of :func:`tokens`) which this package never uses. The extension is registered as
    ``rjieba.rjieba``, so a later ``import rjieba`` reuses it; where it cannot be found this way
    (another layout), the package is imported as usual."""
    import importlib.machinery
    import importlib.util
    import sys

    if "rjieba" in sys.modules or "rjieba.rjieba" in sys.modules:
        return (sys.modules.get("rjieba.rjieba") or sys.modules["rjieba"]).Jieba
    spec = importlib.util.find_spec("rjieba")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(folder) / f"rjieba{suffix}"
            if path.is_file():
                loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(path))
                ext_spec = importlib.util.spec_from_file_location("rjieba.rjieba", path, loader=loader)
                module = importlib.util.module_from_spec(ext_spec)
                sys.modules["rjieba.rjieba"] = module
                try:
                    loader.exec_module(module)
                    return module.Jieba
                except Exception:  # pragma: no cover - an unexpected layout: the usual import
                    del sys.modules["rjieba.rjieba"]
    import rjieba

    return rjieba.Jieba


def jieba_tokenizer(dictionary: str | os.PathLike | None = None):
    """A new, initialised, private ``jieba.Tokenizer``: quiet, its prefix dictionary cached by content.

    The one jieba set-up of the package (the segmenter, the part-of-speech tagger of
    :mod:`cppcc.language` and the reference tokenizer of :mod:`cppcc.compare` use it). jieba's
    logger is never touched: the prefix dictionary is built with ``Tokenizer.gen_pfdict`` (which
    does not log) and kept under ``cache_root()/jieba`` (``$CPPCC_CACHE_DIR``), keyed by the
    dictionary file's path, size and modification time and jieba's version; an unwritable cache
    folder only costs the rebuild.

    Parameters
    ----------
    dictionary : path, optional
        A jieba dictionary file (``word freq [tag]`` lines); default: jieba's own.

    Examples
    --------
    >>> tk = jieba_tokenizer()
    >>> tk.lcut("政协委员开展调研", HMM=False)
    ['政协委员', '开展调研']
    """
    import jieba

    path = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME) if dictionary is None else Path(dictionary)
    tk = jieba.Tokenizer() if dictionary is None else jieba.Tokenizer(str(path))
    st = path.stat()
    key = hashlib.blake2b(
        f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{jieba.__version__}".encode(), digest_size=10
    ).hexdigest()
    cached = cache_root() / "jieba" / f"prefix-{key}.marshal"
    try:
        tk.FREQ, tk.total = marshal.loads(cached.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        with path.open("rb") as f:
            tk.FREQ, tk.total = tk.gen_pfdict(f)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps((tk.FREQ, tk.total)))
            os.replace(tmp, cached)
        except OSError:
            pass
    tk.initialized = True
    return tk


def _trie_pattern(words: Iterable[str]) -> re.Pattern:
    """A regex matching any of ``words``, the longest at each position (a trie of alternatives:
    one branch per next character, the longer continuation tried before ending the word)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word may end here: the longer one first (greedy), else stop
            return (body if len(branches) == 1 and len(body) == 1 else f"(?:{body})") + "?"
        return body

    return re.compile(build(trie))


class _Segmenter:
    """A private tokenizer of one backend with the domain lexicon loaded.

    Extra words (a user's ``words=``, :func:`corpus_words`) are not added to the dictionary: a
    segmenter with extra words (:meth:`with_words`) shares the lexicon's tokenizer and cuts each
    occurrence of an extra word out before segmenting the text around it (leftmost, longest
    first), so an extra word is always kept whole, tagged ``nz``, and a new set of words costs no
    new dictionary. jieba's best path through a word it keeps whole is the best path of the text
    on its left plus the word plus the best path of the text on its right, so where jieba would
    keep the word (a frequency high enough) this gives the same tokens.
    """

    def __init__(self, backend: str, hmm: bool = False):
        self.backend, self.hmm, self.extra = backend, hmm, ()
        self._base: _Segmenter | None = None
        self._forced: re.Pattern | None = None
        self._forced_words: frozenset[str] = frozenset()
        words, freqs, tags = _lexicon_lists()
        if backend == "rjieba":
            self._rj = _rjieba_class()()
            # one C-level pass (the kept lists hold ints and strings): no Python loop per word
            list(map(self._rj.add_word, words, freqs, tags))
        elif backend == "jieba":
            import jieba.posseg

            tk = jieba_tokenizer()
            for w, f, t in zip(words, freqs, tags):
                if f == 0:
                    # not tk.del_word: jieba's add_word(w, 0) also adds w to a module-global set
                    tk.FREQ[w] = 0
                    for i in range(1, len(w)):
                        tk.FREQ.setdefault(w[:i], 0)
                else:
                    tk.add_word(w, int(f), t)
            # jieba's add_word adds the new frequency to the total without removing the old one;
            # the total of the dictionary as it now is (what jieba-rs keeps) is the right one
            tk.total = sum(tk.FREQ.values())
            self._pos = jieba.posseg.POSTokenizer(tk)
        else:
            raise ValueError(f"unknown backend {backend!r}; choose one of {BACKENDS}")

        self._tag_memo: dict[str, str] = {}

    def with_words(self, extra: tuple[str, ...]) -> _Segmenter:
        """This segmenter with ``extra`` words kept whole (sharing its dictionary and tag memo)."""
        if not extra:
            return self
        seg = object.__new__(_Segmenter)
        seg.__dict__.update(self.__dict__)
        seg.extra, seg._base = extra, self
        seg._forced, seg._forced_words = _trie_pattern(extra), frozenset(extra)
        return seg

    def _tag(self, text: str) -> list[tuple[str, str]]:
        if self.backend == "rjieba":
            pairs = self._rj.tag(text, self.hmm)
            if not self.hmm:
                # a character that is not in the dictionary: jieba says x, jieba-rs guesses (燹: g)
                has = self._rj.has_word
                pairs = [
                    (w, "x") if len(w) == 1 and t != "x" and not has(w) and not w.isascii() else (w, t)
                    for w, t in pairs
                ]
            return pairs
        return [(p.word, p.flag) for p in self._pos.cut(text, HMM=self.hmm)]

    def _cut(self, text: str) -> list[str]:
        if self.backend == "rjieba":
            return self._rj.cut(text, self.hmm)
        return [p.word for p in self._pos.cut(text, HMM=self.hmm)]

    def _pieces(self, text: str):
        """``(piece, is_extra)`` runs of ``text``: the extra words and the text between them."""
        i = 0
        for m in self._forced.finditer(text):
            if m.start() > i:
                yield text[i:m.start()], False
            yield m.group(), True
            i = m.end()
        if i < len(text):
            yield text[i:], False

    def tag(self, text: str) -> list[tuple[str, str]]:
        if self._forced is None:
            return self._tag(text)
        out: list[tuple[str, str]] = []
        for piece, extra in self._pieces(text):
            if extra:
                out.append((piece, "nz"))
            else:
                out.extend(self._tag(piece))
        return out

    def cut(self, text: str) -> list[str]:
        """The words of :meth:`tag` without the tags (faster with rjieba)."""
        if self._forced is None:
            return self._cut(text)
        out: list[str] = []
        for piece, extra in self._pieces(text):
            if extra:
                out.append(piece)
            else:
                out.extend(self._cut(piece))
        return out

    def tag_of(self, word: str) -> str:
        """The tag of one token. With HMM off a token's tag depends on the token only (its
        dictionary tag, eng/m for Latin letters and digits, x otherwise; ``nz`` for an extra
        word), so the tags of a corpus can be looked up once per distinct token
        (tests/test_text.py checks this on the corpus)."""
        if word in self._forced_words:
            return "nz"
        tag = self._tag_memo.get(word)
        if tag is None:
            pairs = self._tag(word)
            tag = _fix_tag(word, pairs[0][1] if len(pairs) == 1 else "x")
            self._tag_memo[word] = tag
        return tag


def _lexicon_lists() -> tuple[list[str], list[int], list[str]]:
    """The lexicon's words, frequencies and tags as lists, kept on disk (:mod:`cppcc.text.kept`): a
    cold first call reads them instead of parsing the lexicon into a frame."""
    from .cache import _code_digest

    def build():
        lex = load_lexicon()
        return lex["word"].tolist(), lex["freq"].tolist(), lex["tag"].tolist()

    return kept("lexicon", [_code_digest()], build)


@functools.lru_cache(maxsize=4)
def _base_segmenter(backend: str, hmm: bool) -> _Segmenter:
    return _Segmenter(backend, hmm)


@functools.lru_cache(maxsize=16)
def _with_words(backend: str, hmm: bool, extra: tuple[str, ...]) -> _Segmenter:
    return _base_segmenter(backend, hmm).with_words(extra)


def _segmenter(backend: str, hmm: bool = False, extra: tuple[str, ...] = ()) -> _Segmenter:
    """The segmenter of ``backend`` with the lexicon and ``extra`` words: one dictionary per backend
    and HMM setting per process, however the arguments are spelled (an ``lru_cache`` keys
    ``f(b)`` and ``f(b, False)`` apart)."""
    return _with_words(backend, bool(hmm), tuple(extra))


def _extra_words(words) -> tuple[str, ...]:
    """User words as a sorted tuple of normalised strings (the segmenter's cache key)."""
    if words is None:
        return ()
    if isinstance(words, str):
        words = [words]
    out = set()
    for word in words:
        norm = normalize_text(_clean(word)).strip()
        if not norm:
            continue
        if any(c.isspace() for c in norm):
            raise ValueError(f"words: {word!r} contains whitespace; a token never does")
        out.add(norm)
    return tuple(sorted(out))


def _fix_tag(word: str, tag: str) -> str:
    # the backends disagree on ASCII runs (jieba: "eng" for digits too); use m / eng
    if word.isascii():
        if _ASCII_NUM.fullmatch(word):
            return "m"
        if _ASCII_WORD.fullmatch(word):
            return "eng"
    return tag


def _clean(text) -> str:
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return ""
    return str(text)

