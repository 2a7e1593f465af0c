"""Prose for the notebooks: findings stated from data, and tables ready to display.

- :func:`sentence` / :func:`say`: a finding sentence filled from data (values HTML-escaped);
  :func:`plural`, :func:`join`, :func:`gloss` and :func:`position_en` keep the English right
  (no "speech(es)", no Chinese 、 inside English sentences, one gloss per term from the glossary);
- :func:`tidy_table` and :func:`setup_display` (defined in :mod:`cppcc.display`): a frame ready to
  display, and the notebooks' display settings;
- the English names of document kinds (:func:`cppcc.kinds.documents_phrase`) are in :mod:`cppcc.kinds`.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

import numpy as np

from .display import setup_display, tidy_table
from .kinds import documents_phrase, kind_en

__all__ = ["sentence", "say", "escape_markdown", "plural", "join", "gloss", "position_en", "documents_phrase",
           "kind_en", "tidy_table", "setup_display"]


# --------------------------------------------------------------------------- sentences
#: characters with a meaning in Markdown: a backslash before each makes it literal text (no link,
#: image, emphasis or code span can be made from corpus text)
_MARKDOWN = re.compile(r"([\\`*_\[\]!])")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: HTML-escaped, and every Markdown character backslash-escaped.

    Corpus text (terms, names, file names, manifest units) can hold Markdown such as
    ``[看](javascript:…)`` or ``![](http://…)``: escaped, it renders as the characters it is, never
    as a link, an image or a script.

    Examples
    --------
    >>> print(escape_markdown("[看](javascript:x) ![](http://x.org/a.png) <b>*粗*</b>"))
    \\[看\\](javascript:x) \\!\\[\\](http://x.org/a.png) &lt;b&gt;\\*粗\\*&lt;/b&gt;
    """
    return _MARKDOWN.sub(r"\\\1", html.escape(str(text), quote=False))


def _clean(value):
    if isinstance(value, str):
        return escape_markdown(value)
    if isinstance(value, (list, tuple)):
        return join([_clean(x) for x in value])
    return value


def join(items: Iterable, last: str = "and") -> str:
    """Join items as an English list: ``a``, ``a and b``, ``a, b and c``.

    Examples
    --------
    >>> join(["委员之家", "有事好商量", "协商议事"])
    '委员之家, 有事好商量 and 协商议事'
    >>> join(["a"]), join([])
    ('a', '')
    """
    items = [str(x) for x in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def sentence(template: str, /, **values) -> str:
    """Format a sentence of findings with its values HTML-escaped (for Markdown output).

    Notebooks state findings with :func:`say` so that every number in the prose is computed and
    corpus text (speaker names, terms) is escaped before it reaches Markdown. Lists are joined as
    an English list (:func:`join`), not with the Chinese 、.

    Examples
    --------
    >>> sentence("The corpus holds {n} speeches; {who} speaks first.", n=5, who="<李银峰>")
    'The corpus holds 5 speeches; &lt;李银峰&gt; speaks first.'
    >>> sentence("Terms: {t}", t=["委员之家", "有事好商量"])
    'Terms: 委员之家 and 有事好商量'
    """
    return template.format(**{k: _clean(v) for k, v in values.items()})


def say(template: str, /, **values) -> None:
    """Display :func:`sentence` as Markdown in a notebook (print it elsewhere).

    Examples
    --------
    >>> say("{n} speeches", n=3)
    3 speeches
    """
    text = sentence(template, **values)
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display

        if get_ipython() is not None:
            display(Markdown(text))
            return
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        pass
    print(text)


_PLURALS = {"speech": "speeches", "match": "matches", "formula": "formulas", "county": "counties",
            "quotation": "quotations", "claim": "claims", "measure": "measures", "term": "terms"}


def plural(n: int | float, word: str, many: str | None = None) -> str:
    """``"1 speech"``, ``"2 speeches"``: the count and the word in the right number.

    Parameters
    ----------
    n : number
    word : the singular.
    many : the plural when it is not ``word + "s"`` and not a known irregular one.

    Examples
    --------
    >>> plural(1, "speech"), plural(3, "speech"), plural(0, "region"), plural(2, "body", "bodies")
    ('1 speech', '3 speeches', '0 regions', '2 bodies')
    >>> plural(1200, "token")
    '1,200 tokens'
    """
    form = word if n == 1 else (many or _PLURALS.get(word) or word + "s")
    count = f"{n:,}" if isinstance(n, (int, np.integer)) else f"{n:g}"
    return f"{count} {form}"


def gloss(term: str, glossary: Mapping[str, str] | None = None) -> str:
    """``term (*gloss*)`` with the project glossary's gloss, or the bare term when it has none.

    One gloss per term: prose glosses come from the same glossary the charts use.

    Examples
    --------
    >>> gloss("两个薄弱")
    '两个薄弱 (*the "two weaknesses"*)'
    >>> gloss("某某")
    '某某'
    """
    if glossary is None:
        from .mechanisms import glossary as load

        glossary = load(as_dict=True)
    en = glossary.get(term)
    return f"{term} (*{en}*)" if en else term


def position_en(position, glossary: Mapping[str, str] | None = None) -> str:
    """A speaker's position in English (主席 -> ``chair``), from the glossary.

    Missing positions give ``"speaker"``; a position the glossary lacks is kept as written.

    Examples
    --------
    >>> position_en("主席"), position_en("副主席"), position_en(None)
    ('chair', 'vice-chair', 'speaker')
    """
    from .common import is_missing

    if is_missing(position) or not str(position).strip():
        return "speaker"
    if glossary is None:
        from .mechanisms import glossary as load

        glossary = load(as_dict=True)
    return glossary.get(str(position), str(position))

