"""Locating page files, and the loader's error and warning types."""
from __future__ import annotations

import os
import re
import warnings
from collections import Counter
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Literal

from ..common import project_root

__all__ = ["CorpusError", "CorpusWarning", "Errors", "Links", "SUFFIXES", "corpus_dir", "find_files",
           "relative", "page_stems"]

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


Links = Literal["refuse", "warn"]


def find_files(path: str | Path | None, links: Links = "refuse",
               skip: bool = False) -> tuple[Path, list[Path]]:
    """``(root, files)``: the directory relative names are taken from, and the page files in it.

    A directory is searched recursively for ``.txt``, ``.htm`` and ``.html`` files (any case),
    hidden folders and files skipped, sorted by relative path. ``None`` means :func:`corpus_dir`.

    Symbolic links are followed, folders too (a loop of links is walked once), and each file is read
    once: a link to a page of the corpus gives no second page (the file's own path names it). A link
    that leads outside the corpus (a private file linked into a corpus folder) is refused with an
    error naming the link and its target; ``links="warn"`` reads it with a :class:`CorpusWarning`,
    ``skip`` leaves it out with one.

    Examples
    --------
    >>> root, files = find_files(None)
    >>> [f.name for f in files][:1]
    ['000_311b16853e29c05d.txt']
    """
    if links not in ("refuse", "warn"):
        raise ValueError(f"links must be 'refuse' or 'warn', not {links!r}")
    if path is None:
        root = corpus_dir()
    else:
        root = Path(path).expanduser()
        if not root.exists():
            raise CorpusError(f"{root}: no such file or directory")
    if root.is_file():
        return root.parent, [root]
    found = _walk(root, links, skip)
    if not found:
        raise CorpusError(f"{root}: directory contains no .txt, .htm or .html files")
    return root, [root / rel for rel in sorted(found)]


def _read_outside(link: str, target: str, root: Path, links: str, skip: bool) -> bool:
    """Whether to read a link that leads outside the corpus (else: an error, or skipped with a warning)."""
    msg = f"{link}: a symbolic link to {target}, outside the corpus {root}"
    if links == "warn":
        warnings.warn(f"{msg}; read (links='warn')", CorpusWarning, stacklevel=5)
        return True
    if skip:
        warnings.warn(f"skipped: {msg} (links='warn' reads it)", CorpusWarning, stacklevel=5)
        return False
    raise CorpusError(f"{msg}; refused (links='warn' reads it with a warning)")


def _is_page(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUFFIXES


def _walk(root: Path, links: str, skip: bool) -> list[str]:
    """Relative names (``/``) of the page files below ``root``, each real file once."""
    real_root = os.path.realpath(root)
    inside = real_root.rstrip(os.sep) + os.sep
    seen_dirs = {real_root}
    by_real: dict[str, tuple[bool, str]] = {}  # real file -> (reached through a link, relative name)
    stack = [(str(root), real_root, "", False)]
    linked: list[tuple[str, str, str]] = []  # folder links, followed after every real folder is seen
    while stack or linked:
        if not stack:
            path, real, name = linked.pop(0)
            if real not in seen_dirs:
                seen_dirs.add(real)
                stack.append((path, real, name + "/", True))
            continue
        folder, real_folder, rel, via_link = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise CorpusError(f"{folder}: cannot list the folder ({exc.strerror or exc})") from None
        for e in entries:
            if e.name.startswith("."):
                continue
            link = e.is_symlink()
            is_dir = e.is_dir()
            if not is_dir and not (_is_page(e.name) and e.is_file()):
                continue
            real = os.path.realpath(e.path) if link else os.path.join(real_folder, e.name)
            outside = link and not (real + os.sep).startswith(inside)
            if outside and not _read_outside(e.path, real, root, links, skip):
                continue
            name = f"{rel}{e.name}"
            if is_dir:
                if link:
                    linked.append((e.path, real, name))
                elif real not in seen_dirs:
                    seen_dirs.add(real)
                    stack.append((e.path, real, name + "/", via_link))
                continue
            key = (via_link or link, name)
            if real not in by_real or key < by_real[real]:  # a file's own path beats a link to it
                by_real[real] = key
    return [name for _, name in by_real.values()]


def relative(p: Path, root: Path) -> str:
    """``p`` relative to ``root`` with ``/`` separators (a path found below ``root`` keeps its own name,
    also through a link), else its resolved path relative to the resolved root, else its name."""
    p, root = Path(p), Path(root)
    if ".." not in p.parts:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            pass
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
