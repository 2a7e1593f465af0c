"""Small helpers shared by every module: one owner for each.

- :func:`require_columns` and :class:`ColumnError`: the one column check (one error style);
- :func:`check_option` and :func:`option_error`: the one option check (one message form,
  ``cppcc.<func>: <name> must be ..., not <value>``);
- :func:`stamp`: the one result stamp: ``attrs["function"]``, the settings and the grouping of every
  analysis result, so that plots read what a table is instead of guessing from its columns;
- :data:`SENTENCE_END`, :func:`sentence_spans`, :func:`sentence_around`: the one sentence rule,
  used by the tokenizer, the extractors and the loader alike;
- :func:`metadata_names`: the one renaming of document columns passed through to token rows
  (a document column named like a token column becomes ``doc_<name>``);
- :func:`project_root`: the source checkout this package runs from (or ``None`` when installed);
- :func:`as_list`, :func:`is_missing`: argument and value normalisers.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import pandas as pd

__all__ = [
    "ColumnError", "require_columns", "check_option", "option_error", "stamp",
    "SENTENCE_END", "CLOSERS", "sentence_spans", "sentence_around",
    "project_root", "as_list", "is_missing", "metadata_names",
]


# --------------------------------------------------------------------------- column checks
class ColumnError(KeyError, ValueError):
    """A frame passed to a cppcc function lacks columns the function needs.

    It is a :class:`ValueError` (the error of a wrong argument) and, for code written against
    earlier versions, also a :class:`KeyError`.
    """

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


def require_columns(df, columns: Iterable[str], func: str, what: str = "frame",
                    hint: str | None = None) -> None:
    """Raise one clear error when ``df`` is not a DataFrame with all of ``columns``.

    Parameters
    ----------
    df : object
        The argument to check.
    columns : iterable of str
        Columns the caller needs.
    func : str
        The public function's name, for the message (``"distinctive_terms"``).
    what : str, default "frame"
        What the argument is (``"tokens"``, ``"speeches"``); tokens get a hint on how to build them.
    hint : str, optional
        A sentence to append to the message.

    Raises
    ------
    TypeError
        ``df`` is not a pandas DataFrame.
    ColumnError
        Columns are missing; the message names them and the columns the frame has.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"doc_id": []}), ["doc_id"], "kwic", "speeches")
    >>> try:
    ...     require_columns(pd.DataFrame({"doc_id": []}), ["doc_id", "text"], "kwic", "speeches")
    ... except ColumnError as e:
    ...     print(e)
    cppcc.kwic: `speeches` is missing column(s) ['text']; it has ['doc_id']
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"cppcc.{func}: `{what}` must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        if hint is None and what == "tokens":
            hint = "build it with cppcc.tokens(speeches)"
        raise ColumnError(f"cppcc.{func}: `{what}` is missing column(s) {missing}; it has {list(df.columns)}"
                          + (f" ({hint})" if hint else ""))


# --------------------------------------------------------------------------- option checks
def option_error(func: str, name: str, expected: str, value) -> ValueError:
    """The one error of a bad option: ``cppcc.<func>: <name> must be <expected>, not <value>``.

    Returned, not raised, so that a check can ``raise option_error(...)`` where it knows better
    than :func:`check_option` what is expected (a positive int, a non-empty string).

    Examples
    --------
    >>> str(option_error("kwic", "window", "an int >= 0", -1))
    'cppcc.kwic: window must be an int >= 0, not -1'
    """
    return ValueError(f"cppcc.{func}: {name} must be {expected}, not {value!r}")


def check_option(value, allowed: Iterable, name: str, func: str):
    """Return ``value`` when it is one of ``allowed``; else raise the one option error.

    Like scikit-learn's ``_parameter_constraints``: every option of cppcc is checked here, so that
    every message has one form.

    Parameters
    ----------
    value : object
        The argument passed.
    allowed : iterable
        Its allowed values, in the order the message lists them.
    name : str
        The parameter's name (``"method"``).
    func : str
        The public function's name (``"distinctive_terms"``).

    Raises
    ------
    ValueError
        ``cppcc.<func>: <name> must be one of 'a', 'b', not 'c'``.

    Examples
    --------
    >>> check_option("g2", ("log_odds", "g2"), "method", "distinctive_terms")
    'g2'
    >>> check_option("chi2", ("log_odds", "g2"), "method", "distinctive_terms")
    Traceback (most recent call last):
    ...
    ValueError: cppcc.distinctive_terms: method must be one of 'log_odds', 'g2', not 'chi2'
    """
    allowed = tuple(allowed)
    try:
        ok = any(value is a or (isinstance(value, bool) == isinstance(a, bool) and bool(value == a))
                 for a in allowed)
    except (TypeError, ValueError):  # an array or another value without a plain truth value
        ok = False
    if not ok:
        raise option_error(func, name, "one of " + ", ".join(repr(a) for a in allowed), value)
    return value


# --------------------------------------------------------------------------- the result stamp
def stamp(result, function: str, **settings):
    """Record how an analysis result was made: ``function``, its settings and its grouping.

    The one result stamp of cppcc. A DataFrame gets them in ``attrs``, a networkx graph in
    ``G.graph``; a dict of frames (such as :func:`cppcc.term_report` returns) gets them in every frame.
    The grouping is the setting ``by`` (recorded as the function names it: one column or a list);
    a ``stop`` setting is recorded as its :func:`cppcc.text.stop_label` (``"general"``) and
    ``punct`` as a bool. Keys the result already has are overwritten, others kept.

    Parameters
    ----------
    result : DataFrame, networkx.Graph or dict of DataFrame
    function : str
        The public function's name, without ``cppcc.`` (``"term_frequencies"``).
    **settings
        The settings that decide the result (``by``, ``stop``, ``method``, ``window``...), as plain
        values (str, number, bool, None, or lists of them).

    Returns
    -------
    The same ``result`` (stamped in place).

    Examples
    --------
    >>> import pandas as pd
    >>> out = stamp(pd.DataFrame({"term": []}), "term_frequencies", by=["level"], stop=True, punct=0)
    >>> out.attrs
    {'function': 'term_frequencies', 'by': ['level'], 'stop': 'general', 'punct': False}
    """
    if "stop" in settings:
        from .text.stoplists import stop_label  # text imports this module: import on use

        settings["stop"] = stop_label(settings["stop"])
    if "punct" in settings:
        settings["punct"] = bool(settings["punct"])
    meta = {"function": function, **settings}
    for part in result.values() if isinstance(result, dict) else [result]:
        target = part.attrs if isinstance(part, pd.DataFrame) else getattr(part, "graph", None)
        if not isinstance(target, dict):
            raise TypeError(f"stamp: cannot record settings on a {type(part).__name__}")
        target.update({k: list(v) if isinstance(v, list) else v for k, v in meta.items()})
    return result


# --------------------------------------------------------------------------- the sentence rule
#: marks that end a sentence (a line break ends one too)
SENTENCE_END = frozenset("。！？；!?;…")
#: closing quotes and brackets that stay with the sentence they close
CLOSERS = frozenset("”’」』）)】》〉\"'")
_END_CLASS = re.escape("".join(sorted(SENTENCE_END)))
_STAY_CLASS = re.escape("".join(sorted(SENTENCE_END | CLOSERS)))
#: a sentence: text up to an end mark (plus the marks and closers right after it), or up to a
#: line break / the end of the text
SENTENCE = re.compile(rf"[^{_END_CLASS}\n]*[{_END_CLASS}][{_STAY_CLASS}]*|[^{_END_CLASS}\n]+")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` offsets of the sentences of ``text``, in order.

    A sentence ends after a mark of :data:`SENTENCE_END` (with any further marks and closing
    quotes or brackets right after it) or at a line break. Spans that hold only whitespace are
    skipped; a span keeps its surrounding spaces (strip them to display).

    Examples
    --------
    >>> text = "一是建平台；二是“强队伍。”\\n三是重落实"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['一是建平台；', '二是“强队伍。”', '三是重落实']
    """
    for m in SENTENCE.finditer(text):
        if m.group().strip():
            yield m.start(), m.end()


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` that contain ``text[start:end]``, stripped.

    Uses the rule of :func:`sentence_spans`; a match that itself crosses a sentence end gets
    every sentence it touches.

    Examples
    --------
    >>> text = "开展调研30余次；召开座谈会12场。"
    >>> sentence_around(text, text.index("12"), text.index("12") + 2)
    '召开座谈会12场。'
    """
    left, right = None, None
    for a, b in sentence_spans(text):
        if b <= start:
            continue
        if left is None:
            left = a
        right = b
        if b >= end:
            break
    if left is None:
        return text[start:end].strip()
    return text[left:right].strip()


# --------------------------------------------------------------------------- token metadata
def metadata_names(columns: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """Document column -> its name on token rows and KWIC lines: the documents' metadata they carry.

    ``text`` and ``text_original`` are not carried, ``doc_id`` keeps its name, and a column named
    like a token column (:data:`cppcc.text.TOKEN_COLUMNS`: ``sentence``, ``position``...) or like one
    of ``reserved`` (the result's own columns, such as :func:`cppcc.kwic`'s ``start``) becomes
    ``doc_<name>``: the speaker's ``position`` is ``doc_position`` wherever a token or match position
    sits next to it. Used wherever token rows or matches meet their documents (in memory and in a
    store).

    Examples
    --------
    >>> metadata_names(["doc_id", "speaker", "position", "text"])
    {'doc_id': 'doc_id', 'speaker': 'speaker', 'position': 'doc_position'}
    >>> metadata_names(["doc_id", "start"], reserved=["start", "end"])
    {'doc_id': 'doc_id', 'start': 'doc_start'}
    """
    from .text.table import TOKEN_COLUMNS  # text imports this module: import on use

    taken = set(TOKEN_COLUMNS) | set(reserved)
    return {c: f"doc_{c}" if c in taken and c != "doc_id" else c
            for c in columns if c not in ("text", "text_original")}


# --------------------------------------------------------------------------- paths
@cache
def project_root() -> Path | None:
    """The source checkout this package is imported from, or ``None`` when it is installed.

    A checkout is recognised by ``pyproject.toml`` two levels above ``lib/cppcc/``.

    Examples
    --------
    >>> root = project_root()
    >>> root is None or (root / "pyproject.toml").exists()
    True
    """
    here = Path(__file__).resolve().parent  # lib/cppcc
    project = here.parents[1]
    if here.name == "cppcc" and here.parent.name == "lib" and (project / "pyproject.toml").exists():
        return project
    return None


# --------------------------------------------------------------------------- small normalisers
def as_list(value) -> list:
    """``None`` -> ``[]``, a string -> ``[value]``, any other iterable -> a list.

    Examples
    --------
    >>> as_list(None), as_list("level"), as_list(("province", "level"))
    ([], ['level'], ['province', 'level'])
    """
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def is_missing(value) -> bool:
    """True for ``None``, NaN, ``pd.NA`` and ``NaT``; False for anything else (lists included).

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(""), is_missing([1])
    (True, True, False, False)
    """
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
