"""Locating page files, and the loader's error and warning types."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Literal

from ..common import project_root

__all__ = ["CorpusError", "CorpusWarning", "Errors", "SUFFIXES", "corpus_dir", "find_files", "relative",
           "page_stems"]

SUFFIXES = (".txt", ".htm", ".html")
Errors = Literal["raise", "warn"]


class CorpusError(Exception):
    """A corpus file could not be read; the message names the file and the problem."""


class CorpusWarning(UserWarning):
    """Something in a page was odd but the page still loaded (or was skipped with ``errors="warn"``)."""


def corpus_dir() -> Path:
    """The repository's ``corpus/`` directory.

    Looked for in the source checkout (:func:`cppcc.common.project_root`), then in the working
    directory and its parent (notebooks run from ``notebooks/``).

    Raises
    ------
    CorpusError
        If none of these places has a ``corpus/`` directory.

    Examples
    --------
    >>> corpus_dir().name
    'corpus'
    """
    root = project_root()
    tried = [root / "corpus"] if root is not None else []
    tried += [Path.cwd() / "corpus", Path.cwd().parent / "corpus"]
    for cand in tried:
        if cand.is_dir():
            return cand
    raise CorpusError("no corpus directory found (looked in " + ", ".join(str(p) for p in tried)
                      + "); pass path= to name a directory or file")


def find_files(path: str | Path | None) -> tuple[Path, list[Path]]:
    """``(root, files)``: the directory relative names are taken from, and the page files in it.

    A directory is searched recursively for ``.txt``, ``.htm`` and ``.html`` files (any case),
    hidden folders skipped, sorted by relative path. ``None`` means :func:`corpus_dir`.

    Examples
    --------
    >>> root, files = find_files(None)
    >>> [f.name for f in files][:1]
    ['000_311b16853e29c05d.txt']
    """
    if path is None:
        root = corpus_dir()
    else:
        root = Path(path).expanduser()
        if not root.exists():
            raise CorpusError(f"{root}: no such file or directory")
    if root.is_file():
        return root.parent, [root]
    files = [p for p in root.rglob("*")
             if p.is_file() and p.suffix.lower() in SUFFIXES
             and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    if not files:
        raise CorpusError(f"{root}: directory contains no .txt, .htm or .html files")
    return root, sorted(files, key=lambda p: p.relative_to(root).as_posix())


def relative(p: Path, root: Path) -> str:
    """``p`` relative to ``root`` with ``/`` separators, or its name if it is not below ``root``."""
    try:
        return p.resolve().relative_to(_resolved(str(root))).as_posix()
    except ValueError:
        return p.name


@lru_cache(maxsize=64)
def _resolved(root: str) -> Path:
    """A corpus root resolved once (it is asked for every page of the corpus)."""
    return Path(root).resolve()


def page_stems(names: list[str]) -> list[str]:
    """The stem each page's ``doc_id`` starts with, distinct for distinct pages, from their relative names.

    A page's file stem, where no other page has it; else its relative name with ``/``, ``.`` and
    ``\\`` made ``_`` (``a/b.txt`` -> ``a_b_txt``); a name that is still taken (by a page's own stem
    or another such name: ``a/b.txt`` beside ``a_b_txt.txt``) gets ``~2``, ``~3``… in file order.

    Examples
    --------
    >>> page_stems(["x.txt", "a/b.txt", "b.html", "a_b_txt.txt"])
    ['x', 'a_b_txt~2', 'b_html', 'a_b_txt']
    """
    stems = [PurePosixPath(n).stem for n in names]
    counts = Counter(stems)
    taken = {s for s in stems if counts[s] == 1}
    out = []
    for stem, name in zip(stems, names):
        if counts[stem] == 1:
            out.append(stem)
            continue
        base = cand = re.sub(r"[/.\\]", "_", name)
        k = 2
        while cand in taken:
            cand, k = f"{base}~{k}", k + 1
        taken.add(cand)
        out.append(cand)
    return out
