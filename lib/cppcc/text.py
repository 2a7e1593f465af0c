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
by a hash of each text and of everything that determines the tokens (lexicon, the source code of
every module that decides segmentation, library and backend versions); a change of any of them
starts a new cache file. An unreadable cache gives a warning and the tokens are computed without
it.

Examples
--------
>>> segment("蚌埠市蚌山區政協拓展委員之家")
['蚌埠市', '蚌山区', '政协', '拓展', '委员之家']
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import marshal
import os
import re
import sqlite3
import warnings
from array import array
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from . import memo as _memo
from .cache import BlobCache, cache_root
from .common import CLOSERS, SENTENCE, SENTENCE_END, require_columns, sentence_spans
from .lexicon import DATA_DIR, lexicon_digest, lexicon_version, load_lexicon
from .normalize import normalize_lines, normalize_text

__all__ = [
    "segment",
    "tokens",
    "stopwords",
    "resolve_stop",
    "corpus_words",
    "NAME_COLUMNS",
    "stop_label",
    "DEFAULT_STOP",
    "jieba_tokenizer",
    "segmentation_sources",
    "TOKEN_COLUMNS",
    "SENTENCE_END",
    "BACKENDS",
]

#: columns of :func:`tokens`, in order (the passed-through columns of ``docs`` follow them)
TOKEN_COLUMNS = ("doc_id", "sentence", "position", "token", "pos", "is_stop", "is_punct")
BACKENDS = ("rjieba", "jieba")
STOP_KINDS = ("general", "officialese")
# bump when the segmentation or sentence logic changes (part of the cache key)
PIPELINE_VERSION = "4"
_SEP = "\x1f"  # unit separator: clean_unicode removes it from every text, so it cannot occur in a token
_PUNCT = re.compile(r"[\W_]+")  # tokens made only of punctuation, symbols (incl. emoji)
_ASCII_NUM = re.compile(r"[0-9][0-9.]*")
# a run of Latin letters and digits, dots inside it (a lone "." or "..." is punctuation, tag x)
_ASCII_WORD = re.compile(r"[A-Za-z0-9.]*[A-Za-z0-9][A-Za-z0-9.]*")
_PROGRESS_MIN_DOCS = 200
_POOL_MIN_CHARS = 2_000_000
#: every part-of-speech tag jieba can give (its dictionary's tags, its HMM POS model's, eng, un);
#: tests/test_text.py checks this against the installed jieba. Stored as uint8 codes in the cache.
TAGS = tuple(
    sorted(
        "a ad ag an b bg c d df dg e eng f g h i in j jn k l ln m mg mq n ng nr nrfg nrt ns nt nz o p q qe "
        "qg r rg rr rz s t tg u ud ug uj ul un uv uz v vd vg vi vn vq x y yg z zg".split()
    )
)
_TAG_CODE = {t: i for i, t in enumerate(TAGS)}


# ---------------------------------------------------------------------------------------------
# stop lists


def _read_list(path: Path) -> frozenset[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line)
    return frozenset(words)


@functools.cache
def _stop_list(kind: str) -> frozenset[str]:
    return _read_list(DATA_DIR / f"stopwords_{kind}.txt")


def stopwords(kind: str = "general") -> frozenset[str]:
    """A stop list, as a frozenset of Simplified words.

    Parameters
    ----------
    kind : {"general", "officialese"}
        ``"general"``: function words of general Chinese (stopwordsiso's ``zh`` list, converted
        to Simplified and cleaned; see ``data/README.md``). ``"officialese"``: formulaic verbs,
        adverbs and generic nouns of official reports (加强, 推进, 进一步, 工作...), hand-curated,
        to switch on when boilerplate hides the content.

    Examples
    --------
    >>> "的" in stopwords()
    True
    >>> {"加强", "推进", "工作"} <= stopwords("officialese")
    True
    """
    if kind not in STOP_KINDS:
        raise ValueError(f"unknown stop list kind {kind!r}; choose one of {STOP_KINDS}")
    return _stop_list(kind)


#: the stop lists that ``stop=True`` means
DEFAULT_STOP: tuple[str, ...] = ("general",)


def resolve_stop(stop=True) -> frozenset[str]:
    """The set of stop words a ``stop`` argument means: the one reading of ``stop=`` in cppcc.

    Every function with a ``stop`` parameter (:func:`tokens`, :func:`cppcc.term_frequencies`,
    :func:`cppcc.distinctive_terms`, :func:`cppcc.reference_keyness`, :func:`cppcc.cooccurrence`,
    :func:`cppcc.similarity`, :func:`cppcc.term_report`, the word clouds...) passes it here.

    Parameters
    ----------
    stop : bool, None, str or iterable of str
        * ``True``: the default list(s), :data:`DEFAULT_STOP` (``"general"``);
        * ``False`` or ``None``: no stop words;
        * a list name, ``"general"`` or ``"officialese"`` (see :func:`stopwords`); any other
          single string is an error (a typo must not silently mean "one word");
        * an iterable of strings: each item that is a list name stands for that list, every other
          item is a literal word, so names and words mix (``["general", "工作"]``). Words are
          compared with tokens as they are (tokens are Simplified).

    Returns
    -------
    frozenset of str

    Raises
    ------
    ValueError
        A single string that names no list.
    TypeError
        Anything else (a number, an iterable holding non-strings).

    Examples
    --------
    >>> resolve_stop(True) == stopwords("general"), resolve_stop(False), resolve_stop(None)
    (True, frozenset(), frozenset())
    >>> resolve_stop(["officialese"]) == stopwords("officialese")
    True
    >>> sorted(resolve_stop(["工作", "加强"]))
    ['加强', '工作']
    >>> both = resolve_stop(["general", "officialese", "委员"])
    >>> both == stopwords("general") | stopwords("officialese") | {"委员"}
    True
    """
    if stop is None or stop is False:
        return frozenset()
    if stop is True:
        return frozenset().union(*(stopwords(k) for k in DEFAULT_STOP))
    if isinstance(stop, str):
        if stop in STOP_KINDS:
            return stopwords(stop)
        raise ValueError(
            f"stop={stop!r} names no stop list (choose from {STOP_KINDS}); "
            f"to drop that word, pass it in a list: stop=[{stop!r}]"
        )
    if isinstance(stop, (bytes, int, float)) or not isinstance(stop, Iterable):
        raise TypeError(f"stop must be True, False, None, a list name or an iterable of words, got {stop!r}")
    words: set[str] = set()
    for item in stop:
        if not isinstance(item, str):
            raise TypeError(f"stop: every item must be a string (a list name or a word), got {item!r}")
        if item in STOP_KINDS:
            words |= stopwords(item)
        else:
            words.add(item)
    return frozenset(words)


def stop_label(stop=True) -> str:
    """A short description of a ``stop`` argument, as results record it in ``DataFrame.attrs``.

    Examples
    --------
    >>> stop_label(True), stop_label(None), stop_label(["general", "officialese", "工作"])
    ('general', 'none', 'general+officialese+1 word(s)')
    """
    if stop is None or stop is False:
        return "none"
    if stop is True:
        return "+".join(DEFAULT_STOP)
    items = [stop] if isinstance(stop, str) else list(stop)
    names = [k for k in STOP_KINDS if k in items]
    words = {w for w in items if w not in STOP_KINDS}
    parts = names + ([f"{len(words)} word(s)"] if words else [])
    return "+".join(parts) or "none"


# ---------------------------------------------------------------------------------------------
# segmenters


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
        lex = load_lexicon()
        words, freqs, tags = lex["word"].tolist(), lex["freq"].tolist(), lex["tag"].tolist()
        if backend == "rjieba":
            self._rj = _rjieba_class()()
            for w, f, t in zip(words, freqs, tags):
                self._rj.add_word(w, int(f), t)
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


#: metadata columns whose values are names of people (kept whole by :func:`tokens`)
NAME_COLUMNS: tuple[str, ...] = ("speaker", "officials")
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
_NAME_SPLIT = re.compile(r"[、，,;；/\s]+")
_QUOTED_TERM = re.compile(r"[“「『\"]([^“”「」『』\"\n]{3,10})[”」』\"]")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]{3,10}")
#: metadata columns that name a document's unit (they confirm an ambiguous place form, see corpus_words)
_UNIT_COLUMNS = ("unit", "region", "province", "prefecture", "county")


@functools.cache
def _brand_places() -> tuple:
    """What :func:`corpus_words` needs to find ``<place><brand suffix>`` in unquoted text, built once.

    ``(full, others, longest, tails, cores)``: ``full``, the full names of the division table (the
    lexicon's ``place`` words) that have a short form (凤庆县, 蚌山区; a name without one, 和县 or
    城区, also ends common phrases: 省市和县, 老城区); ``others[form]``, for every such name and short
    form, the other forms of the units it names (凤庆 -> 凤庆县, 比如 -> 比如县); ``longest``, the
    longest form; ``tails``, the last two characters of every form (a quick test before the
    look-up); ``cores``, ``(spelling, suffix, [(prefix spelling, longer suffix)])`` for both
    spellings of each :data:`cppcc.lexicon.BRAND_SUFFIXES` entry that does not end another
    (事好商量, 议事厅, 議事廳), with the longer entries that end with it (有事好商量, 协商议事厅). A plain
    substring search per spelling (no normalisation, no regular expression over the text) keeps
    the scan of a large corpus at a few milliseconds.
    """
    from .lexicon import BRAND_SUFFIXES, place_short_forms

    lex = load_lexicon()
    full: set[str] = set()
    others: dict[str, set[str]] = {}
    for name in lex.loc[lex["source"] == "place", "word"]:
        shorts = place_short_forms(name)
        if shorts:
            full.add(name)
            forms = [name, *shorts]
            for form in forms:
                others.setdefault(form, set()).update(f for f in forms if f != form)
    suffixes = sorted(BRAND_SUFFIXES, key=len, reverse=True)
    cores = []
    for core in suffixes:
        if any(core != s and core.endswith(s) for s in suffixes):
            continue
        longer = []
        for s in suffixes:
            if s != core and s.endswith(core):
                longer += [(s[: -len(core)], s), (BRAND_SUFFIXES[s][: -len(core)], s)]
        spellings = dict.fromkeys([core, BRAND_SUFFIXES[core]])
        cores += [(sp, core, list(dict.fromkeys(longer))) for sp in spellings]
    return (
        frozenset(full),
        {k: frozenset(v) for k, v in others.items()},
        max(map(len, others)),
        frozenset(w[-2:] for w in others),
        cores,
    )


_SIMPLIFIED_CHAR: dict[str, str] = {}


def _simplified(chars: str) -> str:
    """``chars`` with each character in Simplified (memoised per character; length kept)."""
    out = []
    for c in chars:
        s = _SIMPLIFIED_CHAR.get(c)
        if s is None:
            s = normalize_text(c)
            s = _SIMPLIFIED_CHAR[c] = s if len(s) == 1 else c
        out.append(s)
    return "".join(out)


@functools.cache
def _traditional(word: str) -> str:
    """``word`` spelled in Traditional (OpenCC s2t; the converter is set up on the first call)."""
    return _s2t().convert(word)


@functools.cache
def _s2t():
    import opencc

    try:
        return opencc.OpenCC("s2t")
    except Exception:  # noqa: BLE001 - OpenCC builds name their configs with or without .json
        return opencc.OpenCC("s2t.json")


def _unquoted_brands(texts: list[str], context: list[str], seg: _Segmenter) -> set[str]:
    """``<place><brand suffix>`` words written in ``texts`` (see :func:`corpus_words`)."""
    full, others, longest, tails, cores = _brand_places()
    text = _SEP.join(texts)  # the separator is in no place name: a look-up never crosses documents
    found: set[str] = set()
    confirmed: dict[tuple[str, bool], bool] = {}
    traditional = False  # a Traditional character before a brand: confirm in Traditional too
    for spelling, core, longer in cores:
        at = text.find(spelling)
        while at >= 0:
            start, brand = at, core
            for pre, suffix in longer:  # 有事好商量 rather than 有 + 事好商量
                if text.startswith(pre, at - len(pre)):
                    start, brand = at - len(pre), suffix
                    break
            at = text.find(spelling, at + len(spelling))
            tail = text[start - 2 : start]
            if tail not in tails and _simplified(tail) not in tails:  # most follow no place at all
                continue
            raw = text[max(0, start - longest) : start]
            head = _simplified(raw)
            traditional = traditional or head != raw
            place = next((head[-k:] for k in range(len(head), 1, -1) if head[-k:] in others), None)
            if place is None:
                continue
            if place not in full and seg.tag_of(place) != "ns":
                # a short form that the dictionary also knows as something else (比如 "for example",
                # 和平 "peace", 凤庆 a name): only where the corpus names its unit in another form
                key = (place, traditional)
                if key not in confirmed:
                    hay = (text, *context)
                    confirmed[key] = any(form in h for form in others[place] for h in hay) or (
                        traditional and any(_traditional(form) in h for form in others[place] for h in hay)
                    )
                if not confirmed[key]:
                    continue
            found.add(place + brand)
    return found


def corpus_words(docs: pd.DataFrame, backend: str | None = None) -> tuple[str, ...]:
    """Words of a frame that :func:`tokens` keeps whole for it: names and place brands it would split.

    * Names: the values of the columns :data:`NAME_COLUMNS` present in ``docs`` (the speaker, the
      officials named in a header, byline or lead; several names separated by 、，;/), 2-5
      Chinese characters.
    * Quoted place brands: quoted terms of the ``text`` column (3-10 Chinese characters) that the
      segmenter splits into a place name (a word tagged ``ns``, or a full name or short form of the
      division table) and the rest (a page's “<place>议事厅”, “<place>事好商量”), unless they hold
      政协 or a party committee (县委, 党委...: tokens of their own).
    * Unquoted place brands: a place of the division table followed by one of
      :data:`cppcc.lexicon.BRAND_SUFFIXES` (有事好商量, 事好商量, 议事厅...), wherever the text writes
      it: a full name that has a short form (吴兴区议事厅) or a short form (蚌山事好商量), the longest
      that ends where the suffix begins. A short form that the dictionary also knows as something
      else (比如 "for example" and 比如县, 和平 and 和平区, 凤庆 as a name) counts only where the
      frame names its unit in another form, in either script (its text or the unit columns
      ``region``, ``province``, ``prefecture``, ``county``, ``unit``); a name without a short form
      (和县, 城区) never does.

    Only words that the segmenter does not already keep whole are returned, so a corpus whose names
    and brands are in the lexicon (the seed) gets none. Sorted.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "speaker": ["李红梅"],
    ...                      "text": ["打造“湖州议事厅”，推广“蚌山事好商量”。吴兴有事好商量，比如议事厅。"]})
    >>> corpus_words(docs)
    ('李红梅', '湖州议事厅', '蚌山事好商量')
    >>> docs["text"] += "湖州市吴兴区政协"
    >>> corpus_words(docs)
    ('吴兴有事好商量', '李红梅', '湖州议事厅', '蚌山事好商量')
    """
    from .lexicon import LEVEL_COMMITTEES

    seg = _segmenter(backend or _available_backend())
    cands: set[str] = set()
    for col in NAME_COLUMNS:
        if col in docs.columns:
            for value in pd.unique(docs[col].dropna().astype(str)):
                for name in _NAME_SPLIT.split(normalize_text(value)):
                    if _NAME.fullmatch(name):
                        cands.add(name)
    if "text" in docs.columns:
        texts = docs["text"].dropna().astype(str).tolist()
        quoted = {m.group(1) for t in texts for m in _QUOTED_TERM.finditer(t)}
        places = _brand_places()[1]
        committees = {*LEVEL_COMMITTEES.values(), "党委", "地委"}
        for term in quoted:
            norm = normalize_text(term).strip()
            if _HAN_ONLY.fullmatch(norm):
                parts = seg.tag(norm)
                # 政协 and party committees stay tokens of their own (陕西政协书院, “临沧市委书记”):
                # their counts must not hide in brands; a place that the dictionary tags otherwise
                # (“凤庆有事好商量”, 凤庆 nr) opens a brand too
                if (
                    len(parts) > 1
                    and (parts[0][1] == "ns" or parts[0][0] in places)
                    and "政协" not in norm
                    and not any(w in committees for w, _ in parts)
                ):
                    cands.add(norm)
        context = [
            str(v) for col in _UNIT_COLUMNS if col in docs.columns for v in pd.unique(docs[col].dropna())
        ]
        cands |= {w for w in _unquoted_brands(texts, context, seg) if "政协" not in w}
    return tuple(sorted(w for w in cands if seg.cut(w) != [w]))


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


_FIXABLE = frozenset({"eng", "m", "x"})
_HAS_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def _tagged(text: str, seg: _Segmenter) -> tuple[tuple[str, ...], list[str]]:
    """The words of ``text`` and their tags, ASCII runs tagged m / eng (:func:`_fix_tag`)."""
    pairs = seg.tag(text) if text else []
    if not pairs:
        return (), []
    words, tags = zip(*pairs)
    if _HAS_ASCII_ALNUM.search(text):
        return words, [_fix_tag(w, t) if t in _FIXABLE else t for w, t in pairs]
    return words, list(tags)


def _analyse(text: str, seg: _Segmenter, with_tags: bool = True) -> tuple[list[str], list[str] | None, array]:
    """Normalise and segment one text: tokens, tags and 1-based sentence numbers.

    The text is cut into sentences first by the one sentence rule,
    :func:`cppcc.common.sentence_spans` (a sentence ends after a mark of :data:`SENTENCE_END`,
    with any closing quotes or brackets right after it, or at a line break), and each sentence is
    segmented on its own, whitespace-separated chunk by chunk. This is the reference path of
    :func:`segment` and of the tests; :func:`tokens` takes the bulk path, :func:`_analyse_many`,
    which gives the same tokens, tags and sentences (tests/test_text.py checks it).

    ``with_tags=False`` returns ``None`` for the tags: with HMM off they are looked up per distinct
    token afterwards (:meth:`_Segmenter.tag_of`).
    """
    norm = normalize_text(_clean(text))
    words: list[str] = []
    tags: list[str] = []
    sents = array("i")
    number = 0
    for a, b in sentence_spans(norm):
        start = len(words)
        for chunk in norm[a:b].split():
            if not with_tags:
                words.extend(seg.cut(chunk))
                continue
            w, t = _tagged(chunk, seg)
            words.extend(w)
            tags.extend(t)
        if len(words) > start:
            number += 1
            sents.extend(array("i", [number]) * (len(words) - start))
    return words, (tags if with_tags else None), sents


def _record(result: tuple[list[str], list[str], array]) -> tuple:
    """One text's analysis in the form :func:`_columns` reads: (tokens, tag codes, sentences, n)."""
    toks, tags, sents = result
    tag_blob: bytes | str | None = None
    if tags is not None:
        try:
            tag_blob = bytes(map(_TAG_CODE.__getitem__, tags))
        except KeyError:  # a tag outside TAGS: keep the strings
            tag_blob = _SEP.join(tags)
    return toks, tag_blob, sents, len(toks)


def _worker_columns(args) -> bytes:
    texts, backend, hmm, extra = args
    return _pack_columns(_analyse_many(texts, _segmenter(backend, hmm, extra), with_tags=hmm))


def segment(text: str | None, *, words=None, backend: str | None = None, hmm: bool = False) -> list[str]:
    """The words of one text, normalised to Simplified, punctuation as separate tokens.

    Parameters
    ----------
    text : str or None
        Traditional or Simplified Chinese (any mix with Latin text, digits, emoji...). ``None``
        or an empty string gives ``[]``.
    words : str or iterable of str, optional
        Extra words to keep whole (names, new brands: ``["李红梅", "请你来协商"]``), on top of the
        domain lexicon: every occurrence is a token (leftmost, longest first), tagged ``nz``.
    backend : {"rjieba", "jieba"}, optional
        Default: rjieba if installed, else jieba (same tokens).
    hmm : bool, default False
        jieba's HMM guessing of unknown words (off: it invents words; see data/README.md).

    Returns
    -------
    list of str
        Whitespace is dropped; every other character belongs to exactly one token.

    Examples
    --------
    >>> segment("臨滄市政協按照“不建機構建機制”的思路")
    ['临沧市', '政协', '按照', '“', '不建机构建机制', '”', '的', '思路']
    >>> segment(None)
    []
    >>> segment("副主席李红梅"), segment("副主席李红梅", words=["李红梅"])
    (['副主席', '李', '红梅'], ['副主席', '李红梅'])
    """
    seg = _segmenter(backend or _available_backend(), bool(hmm), _extra_words(words))
    return _analyse(text, seg)[0]


# ---------------------------------------------------------------------------------------------
# tokens

#: the folder whose modules :func:`segmentation_sources` reads (a test points it at a copy)
_SOURCE_DIR = Path(__file__).resolve().parent
#: modules imported by the pipeline that decide nothing about the tokens
_NOT_SEGMENTATION = frozenset({"__init__", "_version", "cache", "memo"})


# a relative import statement (``from .x import a`` or ``from . import (a,\n b)``), at any indentation
_RELATIVE_IMPORT = re.compile(r"^[ \t]*from[ \t]+\.\w*[ \t]+import[ \t]+(?:\([^)]*\)|[^\n]*)", re.M)


def segmentation_sources(root: Path | None = None) -> list[Path]:
    """The source files whose code decides the tokens: ``text.py`` and, transitively, every module
    of the package it imports (``normalize``, ``lexicon``, ``common``...), except the cache, the
    in-memory memo and the package's ``__init__`` (its version is a key part of its own). Their
    hashes are part of the token cache key, so code moved into a new module joins the key by
    being imported.

    Examples
    --------
    >>> sorted(p.name for p in segmentation_sources())[:3]
    ['common.py', 'lexicon.py', 'normalize.py']
    """
    import ast

    root = Path(root or _SOURCE_DIR)
    seen: dict[str, Path] = {}
    todo = ["text"]
    while todo:
        name = todo.pop()
        path = root / f"{name}.py"
        if name in seen or name in _NOT_SEGMENTATION or not path.exists():
            continue
        seen[name] = path
        # only the relative import statements are parsed (a whole module's AST costs ~10 ms)
        for match in _RELATIVE_IMPORT.finditer(path.read_text("utf-8")):
            try:
                node = ast.parse(match.group().strip()).body[0]
            except SyntaxError:  # the words of a docstring or a comment, not a statement
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                todo.extend([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
    return sorted(seen.values())


@functools.lru_cache(maxsize=16)
def _settings_digest(backend: str, hmm: bool, extra: tuple[str, ...] = ()) -> str:
    from ._version import __version__

    parts = [
        PIPELINE_VERSION,
        __version__,
        lexicon_version(),
        lexicon_digest(),
        backend,
        str(hmm),
        "\x1f".join(extra),
    ]
    # the code that decides the tokens (so that a development checkout never reads stale tokens)
    for path in segmentation_sources():
        parts.append(path.name + ":" + hashlib.sha256(path.read_bytes()).hexdigest()[:16])
    if backend == "rjieba":
        from importlib.metadata import version

        parts.append(version("rjieba"))
    else:
        import jieba

        parts.append(jieba.__version__)
    import opencc  # noqa: F401  (the converter's dictionaries decide the normalised text)
    from importlib.metadata import PackageNotFoundError, version as _v

    try:
        parts.append(_v("opencc"))
    except PackageNotFoundError:  # pragma: no cover
        parts.append("opencc?")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def _text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _empty_frame(meta: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=meta["doc_id"].dtype if "doc_id" in meta else object),
            "sentence": pd.Series([], dtype=np.int32),
            "position": pd.Series([], dtype=np.int32),
            "token": pd.Series([], dtype="category"),
            "pos": pd.Series([], dtype="category"),
            "is_stop": pd.Series([], dtype=bool),
            "is_punct": pd.Series([], dtype=bool),
        }
    )
    for col in meta.columns:
        if col != "doc_id":
            out[col] = pd.Series([], dtype=meta[col].dtype)
    return out


def tokens(
    docs: pd.DataFrame,
    *,
    cache: bool | str | os.PathLike = False,
    n_jobs: int | None = None,
    progress: bool | None = None,
    stop=True,
    words=None,
    backend: str | None = None,
    hmm: bool = False,
    keep_names: bool = True,
) -> pd.DataFrame:
    """One row per token of every document: the tidy token table.

    Parameters
    ----------
    docs : DataFrame
        Any frame with ``doc_id`` and ``text`` columns: speeches, sections, measures, paragraphs
        or a user's own documents. ``text`` may be Traditional or Simplified; None/NaN and empty
        strings give no tokens.
    cache : bool or path, default False
        Reuse and store results on disk, keyed by a hash of each text and of the settings
        (lexicon, stop lists, library, backend). ``True``: ``<project>/.cache/tokens/``
        (``$CPPCC_CACHE_DIR/tokens`` if set); a path: that folder; ``False``: no disk access.
        Without a cache, a repeat call in the same session is answered from memory (:mod:`cppcc.memo`).
    n_jobs : int, optional
        Worker processes for the uncached texts. Default: one per CPU core when the uncached
        texts hold more than 2,000,000 characters, else 1 (below that, starting the pool costs
        about what it saves on two cores, and more on a busy machine).
    progress : bool, optional
        tqdm progress bar. Default: on for more than 200 uncached documents.
    stop : bool, str or iterable of str, default True
        Which words ``is_stop`` flags: the stop-word spec of :func:`resolve_stop` (``True``: the
        general list; a list name, names and/or words; ``False``: none). It does not change the
        tokens (and is not part of the cache key).
    words : str or iterable of str, optional
        Extra words to keep whole (names, new brands), on top of the domain lexicon; see
        :func:`segment`. Part of the cache key.
    backend : {"rjieba", "jieba"}, optional
        Default: rjieba if installed, else jieba (same tokens; see the module docstring).
    hmm : bool, default False
        jieba's HMM for unknown words (off by default; see data/README.md for the measurement).
    keep_names : bool, default True
        Also keep whole the words of :func:`corpus_words`: the names in the frame's metadata
        columns (``speaker``, ``officials``) and its quoted place brands (“<place>议事厅”) that the
        lexicon would split. These are words of the frame, so with it a document's tokens can
        depend on the other rows passed (``False``: they never do).

    Returns
    -------
    DataFrame
        ``doc_id``; ``sentence`` (1-based index of the sentence within the document row: sentences
        end at 。！？；!?;… or a line break, closing quotes stay with their sentence);
        ``position`` (1-based index of the token within the document row, running across
        sentences); ``token`` (Simplified; category); ``pos`` (jieba/ICTCLAS tag: n, v, ns,
        nz, m, x for punctuation, eng for Latin...; category); ``is_stop``; ``is_punct``
        (the token is only punctuation or symbols, emoji included). Then every other column of
        ``docs`` except ``text`` and ``text_original`` (object columns as categoricals; a
        column whose name clashes with a token column, e.g. the speeches' ``position``, is
        renamed ``doc_<name>``). Rows keep the order of ``docs`` and of the text; whitespace is
        not a token.

    Raises
    ------
    TypeError
        ``docs`` is not a DataFrame.
    ValueError
        ``docs`` has no ``doc_id`` or no ``text`` column; unknown ``stop`` kind or ``backend``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "section": [1], "text": ["蚌山區政協建立委員之家。"]})
    >>> t = tokens(docs)
    >>> cols = ["sentence", "position", "token", "is_punct", "section"]
    >>> t[cols].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[1, 1, '蚌山区', False, 1], [1, 2, '政协', False, 1], [1, 3, '建立', False, 1],
     [1, 4, '委员之家', False, 1], [1, 5, '。', True, 1]]
    """
    require_columns(docs, ["doc_id", "text"], "tokens", "docs")
    stopset = resolve_stop(stop)
    backend = backend or _available_backend()
    if backend not in BACKENDS:
        raise ValueError(f"tokens(): unknown backend {backend!r}; choose one of {BACKENDS}")
    hmm = bool(hmm)
    extra = _extra_words([*_extra_words(words), *(corpus_words(docs, backend) if keep_names else ())])

    meta = docs.drop(columns=[c for c in ("text", "text_original") if c in docs.columns]).reset_index(
        drop=True
    )
    meta = meta.rename(columns={c: f"doc_{c}" for c in meta.columns if c in TOKEN_COLUMNS and c != "doc_id"})
    for col in meta.columns:
        if meta[col].dtype == object:
            try:
                meta[col] = meta[col].astype("category")
            except TypeError:  # unhashable values (lists, dicts): passed through as they are
                pass
    if len(docs) == 0:
        return _empty_frame(meta)

    texts = [_clean(t) for t in docs["text"].tolist()]
    keys = [_text_key(t) for t in texts]
    # a repeat call in this session without cache= is answered from memory (cppcc.memo, store helper)
    memo_key = None if cache else _memo.call_key(_settings_digest(backend, hmm, extra), keys)
    if memo_key and (memoed := _memo.get_columns(_memo.TOKENS, memo_key)) is not None:
        return _frame(meta, memoed, stopset)

    store = call_key = None
    if cache is not False and cache is not None:
        folder = (cache_root() / "tokens") if cache is True else Path(cache)
        store = BlobCache(folder, f"tokens-{_settings_digest(backend, hmm, extra)}")
        call_key = "call:" + hashlib.blake2b("\n".join(keys).encode(), digest_size=16).hexdigest()

    unique = dict(zip(keys, texts))  # key -> text, first occurrence order
    parts: list[tuple[dict, list[str]]] = []  # columns of some texts, and their keys in order
    if store is not None:
        try:
            parts = _cache_read(store, call_key, list(unique))
        except (sqlite3.Error, OSError, ValueError, EOFError, TypeError, KeyError, IndexError) as exc:
            warnings.warn(
                f"token cache {store.path} is unusable ({exc}); tokenising without it", stacklevel=2
            )
            store, parts = None, []
    found = {k for _, part_keys in parts for k in part_keys}
    todo = [k for k in unique if k not in found]
    if todo:
        parts.append((_compute([unique[k] for k in todo], backend, hmm, extra, n_jobs, progress), todo))
    if len(parts) == 1 and parts[0][1] == keys:  # every text once, in order: the columns as they are
        cols = parts[0][0]
    else:
        where = {k: i for i, k in enumerate(k for _, part_keys in parts for k in part_keys)}
        cols = _take_columns(_concat_columns([c for c, _ in parts]), np.array([where[k] for k in keys]))
    if store is not None and todo:
        try:
            _cache_write(store, call_key, parts[-1][0], todo, whole=len(parts) == 1 and todo == keys)
        except (sqlite3.Error, OSError) as exc:
            warnings.warn(
                f"could not write the token cache {store.path} ({exc}); results are not cached", stacklevel=2
            )
    if memo_key:
        _memo.put_columns(_memo.TOKENS, memo_key, cols)
    return _frame(meta, cols, stopset)


def _cache_read(store: BlobCache, call_key: str, keys: list[str]) -> list[tuple[dict, list[str]]]:
    """The cached columns of those of ``keys`` (distinct text keys) that the cache holds.

    The cache holds *parts*: the columns of the texts one call tokenised (``part:<hash>``), a
    reference ``<part> <index>`` under each text's key, and under the key of a call whose texts
    were exactly one part, in order, that part's key (a repeat call reads one part and no
    references). Returns ``(columns, keys)`` pairs, one per part read.
    """
    hit = store.get_many([call_key])
    if hit:
        part = hit[call_key].decode()
        blob = store.get_many([part]).get(part)
        if blob is not None:
            return [(_unpack_columns(blob), keys)]
    wanted: dict[str, list[tuple[str, int]]] = {}
    for key, ref in store.get_many(keys).items():
        part, index = ref.decode().split(" ")
        wanted.setdefault(part, []).append((key, int(index)))
    blobs = store.get_many(wanted)
    out = []
    for part, items in wanted.items():
        if part in blobs:
            cols = _unpack_columns(blobs[part])
            out.append((_take_columns(cols, np.array([i for _, i in items])), [k for k, _ in items]))
    return out


def _cache_write(store: BlobCache, call_key: str, cols: dict, keys: list[str], whole: bool) -> None:
    """Store the columns of the freshly tokenised texts ``keys`` as one part (see :func:`_cache_read`);
    ``whole``: they are the call's texts, in order, so the call's key names the part."""
    part = "part:" + hashlib.blake2b("\n".join(keys).encode(), digest_size=16).hexdigest()
    items = {part: _pack_columns(cols)}
    items.update((k, f"{part} {i}".encode()) for i, k in enumerate(keys))
    if whole:
        items[call_key] = part.encode()
    store.put_many(items)


def _compute(
    texts: list[str],
    backend: str,
    hmm: bool,
    extra: tuple[str, ...],
    n_jobs: int | None,
    progress: bool | None,
) -> list[tuple]:
    total_chars = sum(map(len, texts))
    if n_jobs is None:
        n_jobs = (os.cpu_count() or 1) if total_chars > _POOL_MIN_CHARS else 1
    n_jobs = max(1, min(int(n_jobs), len(texts)))
    show = (len(texts) > _PROGRESS_MIN_DOCS) if progress is None else bool(progress)
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(texts), desc="tokens", unit="doc")
    try:
        seg = _segmenter(backend, hmm, extra)  # before forking: the workers inherit the loaded lexicon
        if n_jobs == 1:
            return _analyse_many(texts, seg, with_tags=hmm, bar=bar)
        # batches of about 50,000 characters, so that workers stay busy and the bar moves
        batches, cur, size = [], [], 0
        for t in texts:
            cur.append(t)
            size += len(t)
            if size >= 50_000:
                batches.append(cur)
                cur, size = [], 0
        if cur:
            batches.append(cur)
        out = []
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=_mp_context()) as pool:
            jobs = [(b, backend, hmm, extra) for b in batches]
            for batch, res in zip(batches, pool.map(_worker_columns, jobs)):
                out.append(_unpack_columns(res))
                if bar is not None:
                    bar.update(len(batch))
        return _concat_columns(out)
    finally:
        if bar is not None:
            bar.close()


def _mp_context():
    import multiprocessing as mp

    # fork shares the loaded lexicon and tokenizer with the workers (Linux); elsewhere spawn
    linux = os.name == "posix" and os.uname().sysname == "Linux"
    return mp.get_context("fork" if linux and "fork" in mp.get_all_start_methods() else "spawn")


def _columns(keys: list[str], records: dict[str, tuple], seg: _Segmenter) -> dict:
    """Concatenate the per-text records of ``keys`` (in order) into column arrays."""
    rows = [records[k] for k in keys]
    counts = np.fromiter((r[3] for r in rows), dtype=np.int64, count=len(rows))
    nonempty = [r for r in rows if r[3]]
    if not nonempty:
        return {"counts": counts}
    toks = np.array(list(itertools.chain.from_iterable(r[0] for r in nonempty)), dtype=object)
    tok_codes, tok_cats = pd.factorize(toks)
    if all(r[1] is None for r in nonempty):  # HMM off: one tag per distinct token
        code_of, pos_cats = pd.factorize(np.array([seg.tag_of(t) for t in tok_cats], dtype=object))
        pos_codes = code_of[tok_codes]
    elif all(isinstance(r[1], bytes) for r in nonempty):
        pos_codes = np.frombuffer(b"".join([r[1] for r in nonempty]), dtype=np.uint8)
        pos_cats = np.array(TAGS, dtype=object)
    else:  # pragma: no cover - a tag outside TAGS
        tags = [
            t
            for r in nonempty
            for t in (r[1].split(_SEP) if isinstance(r[1], str) else [TAGS[c] for c in r[1]])
        ]
        pos_codes, pos_cats = pd.factorize(np.array(tags, dtype=object))
    return {
        "counts": counts,
        "tok_codes": tok_codes.astype(np.int32),
        "tok_cats": np.asarray(tok_cats, dtype=object),
        "pos_codes": pos_codes.astype(np.uint8) if len(pos_cats) < 256 else pos_codes.astype(np.int32),
        "pos_cats": np.asarray(pos_cats, dtype=object),
        "sentence": np.frombuffer(b"".join([r[2] for r in nonempty]), dtype=np.int32),
    }


#: characters that can end a sentence span (:data:`SENTENCE_END` and the closers after it): an
#: extra word holding one could run across two sentences, which the bulk path does not allow
_SPAN_EDGE = SENTENCE_END | CLOSERS


def _analyse_many(texts: list[str], seg: _Segmenter, with_tags: bool = False, bar=None) -> dict:
    """The token columns of ``texts`` (one entry per text, in order): what :func:`_columns` makes
    of their :func:`_analyse` records, computed in bulk.

    The texts are normalised together (:func:`cppcc.normalize.normalize_lines`) and each is
    segmented in one call, whitespace tokens included, so the tokens of a text cover it exactly
    and their character offsets are the running sum of their lengths. The offsets give each token
    its sentence (the one sentence rule, :data:`cppcc.common.SENTENCE`, in one scan over the texts
    joined by line breaks); whitespace tokens are dropped and the sentences that keep a token are
    numbered 1, 2, ... within their text. This equals segmenting sentence by sentence, chunk by chunk
    (:func:`_analyse`): jieba never joins characters across whitespace or punctuation, and a
    sentence ends only after punctuation or at a line break. An extra word that holds a
    sentence-ending mark or closer could run across two sentences; with such words, and for tags
    outside :data:`TAGS`, the texts go through :func:`_analyse` one by one.
    """
    n = len(texts)
    if seg.extra and _SPAN_EDGE.intersection("".join(seg.extra)):
        return _analyse_each(texts, seg, with_tags)
    norms = normalize_lines([_clean(t) for t in texts])
    words: list[str] = []
    tags: list[str] = []
    n_raw = np.zeros(n, dtype=np.int64)
    for i, norm in enumerate(norms):
        if with_tags:
            w, t = _tagged(norm, seg)
            words.extend(w)
            tags.extend(t)
            n_raw[i] = len(w)
        else:
            w = seg.cut(norm) if norm else []
            words.extend(w)
            n_raw[i] = len(w)
        if bar is not None:
            bar.update(1)
    # the texts joined by line breaks, which end every sentence: one scan finds all sentence
    # starts (spans of whitespace only among them; no token but whitespace starts in those)
    joined = "\n".join(norms)
    base = len(joined) - max(n - 1, 0)
    if not words:
        return {"counts": np.zeros(n, dtype=np.int64)}
    codes, cats = pd.factorize(np.array(words, dtype=object))
    cats = np.asarray(cats, dtype=object)
    cat_len = np.fromiter(map(len, cats), dtype=np.int64, count=len(cats))
    lengths = cat_len[codes]
    ends = np.cumsum(lengths)
    if int(ends[-1]) != base:  # pragma: no cover - a backend that drops or adds characters
        return _analyse_each(texts, seg, with_tags)
    space_of = np.fromiter((c.isspace() for c in cats), dtype=bool, count=len(cats))
    keep = ~space_of[codes]
    doc_of = np.repeat(np.arange(n), n_raw)[keep]
    counts = np.bincount(doc_of, minlength=n).astype(np.int64)
    if not keep.any():
        return {"counts": counts}
    # the sentence each kept token starts in (offsets in the joined text: one line break per text
    # before it), then the sentences that keep a token numbered 1, 2, ... within their text
    sent_starts = np.fromiter((m.start() for m in SENTENCE.finditer(joined)), dtype=np.int64)
    span = np.searchsorted(sent_starts, (ends - lengths)[keep] + doc_of, side="right")
    new = np.empty(len(span), dtype=bool)
    new[0] = True
    np.not_equal(span[1:], span[:-1], out=new[1:])
    rank = np.cumsum(new)
    first = (np.cumsum(counts) - counts)[doc_of]  # index of the first token of each token's text
    sentence = (rank - rank[first] + 1).astype(np.int32)
    # the categories of the kept tokens, in order of first occurrence
    remap = np.cumsum(~space_of) - 1
    tok_codes = remap[codes[keep]].astype(np.int32)
    tok_cats = cats[~space_of]
    if with_tags:
        try:
            pos_codes = np.frombuffer(bytes(map(_TAG_CODE.__getitem__, tags)), dtype=np.uint8)[keep]
        except KeyError:  # pragma: no cover - a tag outside TAGS: the per-text path keeps strings
            return _analyse_each(texts, seg, with_tags)
        pos_cats = np.array(TAGS, dtype=object)
    else:
        code_of, pos_cats = pd.factorize(np.array([seg.tag_of(t) for t in tok_cats], dtype=object))
        pos_codes = code_of[tok_codes]
    return {
        "counts": counts,
        "tok_codes": tok_codes,
        "tok_cats": tok_cats,
        "pos_codes": pos_codes.astype(np.uint8) if len(pos_cats) < 256 else pos_codes.astype(np.int32),
        "pos_cats": np.asarray(pos_cats, dtype=object),
        "sentence": sentence,
    }


def _analyse_each(texts: list[str], seg: _Segmenter, with_tags: bool) -> dict:
    """:func:`_analyse_many` text by text (the reference path)."""
    records = {str(i): _record(_analyse(t, seg, with_tags=with_tags)) for i, t in enumerate(texts)}
    return _columns(list(records), records, seg)


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


def _frame(meta: pd.DataFrame, cols: dict, stop: frozenset[str]) -> pd.DataFrame:
    counts = cols["counts"]
    n = int(counts.sum())
    if n == 0:
        return _empty_frame(meta)
    tok_cats = cols["tok_cats"]
    # flags per distinct token, then spread by the codes
    stop_of = np.fromiter((t in stop for t in tok_cats), dtype=bool, count=len(tok_cats))
    punct_of = np.fromiter(
        (_PUNCT.fullmatch(t) is not None for t in tok_cats), dtype=bool, count=len(tok_cats)
    )
    tok_codes = cols["tok_codes"]
    token = pd.Categorical.from_codes(tok_codes, categories=pd.Index(tok_cats, dtype=object), validate=False)
    # the tags that occur, in their order (remove_unused_categories would sort every code)
    pos_cats = cols["pos_cats"]
    used = np.bincount(cols["pos_codes"], minlength=len(pos_cats)) > 0
    pos = pd.Categorical.from_codes(
        (np.cumsum(used) - 1)[cols["pos_codes"]].astype(np.int16),
        categories=pd.Index(pos_cats[used], dtype=object),
        validate=False,
    )
    row = np.repeat(np.arange(len(counts)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    position = (np.arange(n, dtype=np.int64) - starts + 1).astype(np.int32)
    taken = meta.take(row).reset_index(drop=True)
    out = pd.DataFrame(
        {
            "doc_id": taken["doc_id"],
            "sentence": np.array(cols["sentence"]),
            "position": position,
            "token": token,
            "pos": pos,
            "is_stop": stop_of[tok_codes],
            "is_punct": punct_of[tok_codes],
        }
    )
    for col in taken.columns:
        if col != "doc_id":
            out[col] = taken[col]
    return out
