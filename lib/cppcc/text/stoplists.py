"""Stop lists: the general and the officialese list, and the one reading of a ``stop=`` argument."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path


from ..lexicon import DATA_DIR

__all__ = ["stopwords", "resolve_stop", "stop_label", "DEFAULT_STOP", "STOP_KINDS"]

STOP_KINDS = ("general", "officialese")



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
