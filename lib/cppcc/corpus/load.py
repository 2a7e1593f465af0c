"""The loader's public functions: read each page through the four phases and build the tables."""
from __future__ import annotations

import copy
import hashlib
import posixpath
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..cleaning import mojibake
from ..common import ColumnError, is_missing, require_columns
from ..divisions import canonical_unit
from ..normalize import normalize_text
from .classify import classify_lines
from .decode import Decoded, decode_page
from .documents import Speech, audit_rows, build_documents
from .files import CorpusError, CorpusWarning, Errors, Links, find_files, page_stems, relative
from .lines import page_lines

__all__ = ["load_speeches", "load_pages", "cleaning_audit", "read_page", "read_pages", "Page", "page_tables",
           "pages_frame", "SPEECH_COLUMNS", "PAGE_COLUMNS", "AUDIT_COLUMNS"]

SPEECH_COLUMNS = [
    "doc_id", "source_file", "speech", "page_title", "date", "date_source", "page_date", "speaker",
    "position", "officials", "region", "province", "prefecture", "county", "level", "adcode", "doc_type",
    "session", "meta_source", "headline", "summary", "text", "text_original", "unit",
]
PAGE_COLUMNS = [
    "file", "format", "encoding", "script", "title", "date", "publisher", "editor", "keywords",
    "n_speeches", "n_lines", "repairs", "truncated", "mojibake",
]
AUDIT_COLUMNS = ["file", "line", "original", "field", "reason", "doc_id", "repair"]


@dataclass
class Page:
    """One page as read: its metadata, lines, documents, audit rows and warnings."""

    file: str
    stem: str
    format: str
    encoding: str
    script: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    editor: str | None = None
    keywords: str | None = None
    original: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # the lines repaired (pinyin, spam, paywall marks cut)
    norm: list[str] = field(default_factory=list)
    speeches: list[Speech] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    n_lines: int = 0
    repairs: int = 0
    truncated: bool = False
    mojibake: str | None = None
    where: dict[str, int] = field(default_factory=dict)  # page field -> 0-based line it came from
    decode_warned: bool = False  # decoding warned (a declared charset that does not decode)


def _removed_rows(page: Page, removed: list[tuple[str, str]], html_title: str | None) -> None:
    """Audit the removed HTML elements; the ``<title>`` is the page title when none was found."""
    title_row = None
    for line, reason in removed:
        row = {"line": None, "original": line, "field": None, "reason": reason, "speech": None,
               "repair": None}
        if reason == "html head" and html_title and line == html_title and title_row is None:
            title_row = row
        page.audit.append(row)
    if page.title is None and html_title:
        page.title = normalize_text(html_title).strip()
        if title_row is not None:
            title_row.update(field="page_title", reason=None)


MANIFEST = "sources.csv"


@dataclass(frozen=True)
class Manifest:
    """What ``<root>/sources.csv`` says: the ``unit`` and ``date`` of each page by its relative name, the
    row (line of the file) each came from, and the rows it could not use (one line each)."""

    units: dict[str, str]
    dates: dict[str, str]
    rows: dict[str, int]
    problems: tuple[str, ...] = ()


_NO_MANIFEST = Manifest({}, {}, {})


def _manifest_name(value: str, root: Path) -> tuple[str | None, str | None]:
    """A manifest's ``file`` value as a page's relative name, and what was wrong with it (or None)."""
    raw = value.strip()
    text = raw.replace("\\", "/")
    absolute = text.startswith("/") or re.match(r"^[A-Za-z]:/", text)
    if absolute:
        try:
            rel = Path(text).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return None, f"{raw!r} is a path outside the corpus {root}; row ignored"
        return rel, f"{raw!r} is an absolute path; read as {rel!r}"
    rel = posixpath.normpath(text)
    if rel == ".." or rel.startswith("../"):
        return None, f"{raw!r} points outside the corpus; row ignored"
    return rel, (None if rel == raw else f"{raw!r} read as {rel!r}")


@lru_cache(maxsize=8)
def _read_manifest(path: str, mtime: int) -> Manifest:
    """The manifest read once per file and version (a store reads pages one by one)."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        require_columns(df, ["file"], "load_speeches", MANIFEST)
    except (ValueError, ColumnError, pd.errors.ParserError) as exc:
        raise CorpusError(f"{path}: not a usable manifest ({exc})") from None
    root = Path(path).parent
    units, dates, rows, problems = {}, {}, {}, []
    unit_col = df["unit"] if "unit" in df.columns else [""] * len(df)
    date_col = df["date"] if "date" in df.columns else [""] * len(df)
    for i, (f, u, d) in enumerate(zip(df["file"], unit_col, date_col)):
        line = i + 2  # the header is line 1
        if is_missing(f) or not str(f).strip():
            problems.append(f"{path}, line {line}: no file named; row ignored")
            continue
        name, problem = _manifest_name(str(f), root)
        if problem:
            problems.append(f"{path}, line {line}: {problem}")
        if name is None:
            continue
        if name in rows:
            problems.append(f"{path}, line {line}: {name} is named again (first on line {rows[name]}); "
                            f"line {rows[name]} used")
            continue
        rows[name] = line
        u, d = ("" if is_missing(u) else str(u).strip()), ("" if is_missing(d) else str(d).strip())
        if u:
            units[name] = u
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            dates[name] = d
        elif d:
            problems.append(f"{path}, line {line}: date {d!r} is not YYYY-MM-DD; ignored")
    return Manifest(units, dates, rows, tuple(problems))


def manifest(root: Path) -> Manifest:
    """The :class:`Manifest` of ``<root>/sources.csv`` (empty without one).

    Each row's ``file`` is a path relative to ``root``; ``./x.txt``, ``a\\b.txt`` and an absolute path
    inside ``root`` are read as the page's relative name (and reported), a path outside ``root``, a
    row without a file, a second row for one file (the first is used) and a date that is not
    ``YYYY-MM-DD`` are reported in ``problems`` (``<manifest>, line N: …``); :func:`load_speeches`
    warns with each, and with each row that names no page of the corpus.

    Raises
    ------
    CorpusError
        The manifest cannot be read or has no ``file`` column.

    Examples
    --------
    >>> from cppcc.corpus import corpus_dir
    >>> m = manifest(corpus_dir())
    >>> m.dates, m.rows, m.problems
    ({'000_311b16853e29c05d.txt': '2020-08-24'}, {'000_311b16853e29c05d.txt': 2}, ())
    """
    path = Path(root) / MANIFEST
    if not path.is_file():
        return _NO_MANIFEST
    return _read_manifest(str(path), path.stat().st_mtime_ns)


def read_manifest(root: Path) -> dict[str, str]:
    """The optional ``unit`` of each page in ``<root>/sources.csv``: ``{file: unit}``.

    The manifest needs a ``file`` column (paths relative to ``root``); its ``unit`` column is
    optional and names the unit of a page whose text says only 市政协 (a page saved from one
    unit's own site). No manifest, or no ``unit`` column: ``{}``. Names are read as
    :func:`manifest` reads them.

    Examples
    --------
    >>> from cppcc.corpus import corpus_dir
    >>> read_manifest(corpus_dir())
    {}
    """
    return dict(manifest(root).units)


def manifest_dates(root: Path) -> dict[str, str]:
    """The ``date`` of each page in ``<root>/sources.csv`` that has a valid ISO date: ``{file: date}``.

    Used as a page's date where the page shows none (``date_source`` ``"manifest"``). No manifest,
    no ``date`` column, or an unreadable manifest: ``{}`` (:func:`read_manifest` reports a bad one).

    Examples
    --------
    >>> from cppcc.corpus import corpus_dir
    >>> manifest_dates(corpus_dir())
    {'000_311b16853e29c05d.txt': '2020-08-24'}
    """
    try:
        return dict(manifest(root).dates)
    except CorpusError:
        return {}


def read_page(path: Path, root: Path, unit: str | None = None, date: str | None = None,
              name: str | None = None, seen: dict | None = None) -> Page:
    """Read one page file through the phases decode → lines → classify → documents.

    ``unit`` and ``date`` are the manifest's unit and date for the page (see :func:`read_manifest`
    and :func:`manifest_dates`; without ``date``, the manifest beside ``root`` is read for it); the date
    is used only where the page shows none. ``name`` is the page's path relative to ``root``
    (:func:`cppcc.corpus.files.relative`), computed when not given. ``seen`` (a dict the caller keeps
    while it reads a corpus) remembers the latest pages by their bytes: a copy of a page met again is
    not read again (its reading is reused under the copy's name).

    Examples
    --------
    >>> from cppcc.corpus import corpus_dir
    >>> p = read_page(corpus_dir() / "000_311b16853e29c05d.txt", corpus_dir())
    >>> p.file, p.encoding, len(p.speeches), p.speeches[0].header.speaker
    ('000_311b16853e29c05d.txt', 'utf-8', 5, '李银峰')
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    name = name or relative(path, root)
    if date is None:
        date = manifest_dates(root).get(name)
    date = date or None
    html_name = path.suffix.lower() in (".htm", ".html")
    if seen is None:
        return _read_page(raw, path, name, html_name, unit, date)
    key = (hashlib.blake2b(raw, digest_size=16).digest(), html_name, unit, date)
    if key in seen:  # the same bytes read before (a copy of a page): its reading, under this name
        page = copy.copy(seen[key])
        page.file, page.stem, page.warnings = name, path.stem, list(page.warnings)
        return page
    page = _read_page(raw, path, name, html_name, unit, date)
    if not page.decode_warned:
        if len(seen) >= _SAME_PAGES_MAX:
            seen.pop(next(iter(seen)))
        seen[key] = page
    return page


_SAME_PAGES_MAX = 64  # pages remembered by their bytes while a corpus loads (archives hold copies)


def _read_page(raw: bytes, path: Path, name: str, html_name: bool, unit: str | None,
               date: str | None) -> Page:
    with warnings.catch_warnings(record=True) as direct:
        warnings.simplefilter("always")
        decoded = decode_page(raw, str(path), html_name)
    for w in direct:  # a declared charset that does not decode: shown as before, and never memoised
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    text, enc = decoded.text, decoded.encoding
    lines = page_lines(text, html=html_name)
    html_title = normalize_text(lines.html_title) if lines.html_title else None
    layout = classify_lines(lines.original, lines.norm, lines.dropped(), html_title)
    docs = build_documents(lines.norm, layout, unit, date)
    audit = audit_rows(lines.original, lines.norm, docs.fate)
    damaged = _damage_notes(decoded) if lines.format == "text" else {}
    for row in audit:
        repair = lines.repairs.get(row["line"] - 1)
        notes = [n for n in (repair.note() if repair else None, damaged.get(row["line"])) if n]
        row["repair"] = "; ".join(notes) or None
    page = Page(file=name, stem=path.stem, format=lines.format, encoding=enc,
                script=lines.script, title=layout.title, date=layout.date, publisher=layout.publisher,
                editor=docs.editor, keywords=docs.keywords, original=lines.original, text=lines.text,
                norm=lines.norm, speeches=docs.speeches, audit=audit, warnings=list(docs.warnings),
                n_lines=sum(1 for s in lines.original if s.strip()),
                repairs=sum(r.pinyin + len(r.marks) for r in lines.repairs.values()),
                truncated=any(r.paywall for r in lines.repairs.values())
                or any(f.reason == "paywall" for f in docs.fate.values()),
                mojibake="; ".join(mojibake(_undamaged(decoded))) or None, where=dict(layout.where))
    if page.mojibake:
        page.warnings.append(f"mojibake: {page.mojibake}")
    if decoded.damage:
        where = [f"byte {b} (line {n})" for (b, _), n in zip(decoded.damage, decoded.lines())]
        page.warnings.append(f"{len(where)} undecodable byte(s) or NUL(s) read as U+FFFD: "
                             + ", ".join(where[:5]) + (", …" if len(where) > 5 else ""))
    if decoded.unsure:
        page.warnings.append(decoded.unsure)
    if lines.format == "html":
        _removed_rows(page, lines.removed, lines.html_title)
    if not any(s.body for s in page.speeches):
        page.warnings.append("no body text found")
    page.decode_warned = bool(direct)
    return page


def _undamaged(decoded: Decoded) -> str:
    """The text without the U+FFFD that decoding put in (those are reported as damage, not mojibake)."""
    if not decoded.damage:
        return decoded.text
    at = {c for _, c in decoded.damage}
    return "".join(ch for i, ch in enumerate(decoded.text) if i not in at)


def _damage_notes(decoded: Decoded) -> dict[int, str]:
    """The audit note of each line (1-based) that held bytes read as U+FFFD."""
    out: dict[int, list[int]] = {}
    for (byte, _), line in zip(decoded.damage, decoded.lines()):
        out.setdefault(line, []).append(byte)
    return {line: f"undecodable ×{len(b)} -> U+FFFD (byte {', '.join(map(str, b))})"
            for line, b in out.items()}


def _load(path: str | Path | None, errors: Errors, links: Links = "refuse") -> tuple[Path, list[Page]]:
    if errors not in ("raise", "warn"):
        raise ValueError(f"errors must be 'raise' or 'warn', not {errors!r}")
    root, files = find_files(path, links, skip=errors == "warn")
    man = manifest(root)
    names = [relative(f, root) for f in files]
    for problem in man.problems:
        warnings.warn(problem, CorpusWarning, stacklevel=3)
    if len(files) > 1 or (path is not None and Path(path).is_dir()):
        present = set(names)
        for name, line in man.rows.items():
            if name not in present:
                warnings.warn(f"{root / MANIFEST}, line {line}: no page {name} in the corpus; row ignored",
                              CorpusWarning, stacklevel=3)
    pages: list[Page] = []
    seen: dict = {}
    for f, name in zip(files, names):
        try:
            page = read_page(f, root, man.units.get(name), man.dates.get(name, ""), name, seen)  # "": none
        except CorpusError as exc:
            if errors == "raise":
                raise
            warnings.warn(f"skipped: {exc}", CorpusWarning, stacklevel=3)
            continue
        for w in page.warnings:
            warnings.warn(f"{f}: {w}", CorpusWarning, stacklevel=3)
        pages.append(page)
    for p, stem in zip(pages, page_stems([p.file for p in pages])):
        p.stem = stem  # distinct: a stem shared by two files becomes their path (page_stems)
    return root, pages


def _doc_id(page: Page, k: int) -> str:
    return f"{page.stem}-{k + 1:02d}"


def _frame(rows: list[dict], columns: list[str], ints: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame of object columns with None for missing values; ``ints`` become int64 when complete."""
    df = pd.DataFrame(rows, columns=columns, dtype=object)
    for col in ints:
        if df[col].notna().all():
            df[col] = df[col].astype("int64")
    return df


def _body(lines: list[str], sp: Speech) -> str:
    """A document's body from the page's lines: front matter trimmed off, hard-wrapped lines joined."""
    parts = []
    for i in sp.body:
        s = lines[i].strip()
        if i in sp.trim:
            s = s[sp.trim[i]:].strip()
        if i in sp.joined and parts:
            parts[-1] += s
        else:
            parts.append(s)
    return "\n".join(parts)


def _speech_row(page: Page, k: int, sp: Speech) -> dict:
    m = sp.meta
    place = m.place
    return {
        "doc_id": _doc_id(page, k), "source_file": page.file, "speech": k + 1,
        "page_title": page.title, "date": m.date, "date_source": m.date_source, "page_date": m.page_date,
        "speaker": m.speaker, "position": m.position, "officials": "、".join(m.officials) or None,
        "region": place.get("region") or m.region,
        "province": place.get("province"), "prefecture": place.get("prefecture"),
        "county": place.get("county"), "level": place.get("level"), "adcode": place.get("adcode"),
        "doc_type": m.doc_type, "session": m.session, "meta_source": m.meta_source,
        "headline": " ".join(sp.headline) or None, "summary": "".join(sp.summary) or None,
        "text": _body(page.norm, sp), "text_original": _body(page.text, sp),
    }


def load_speeches(path: str | Path | None = None, errors: Errors = "raise",
                  links: Links = "refuse") -> pd.DataFrame:
    """Load the speeches of a corpus: one row per speech, in file and page order.

    Parameters
    ----------
    path : str or Path, optional
        A page file, or a directory searched recursively for ``.txt``, ``.htm`` and ``.html``
        files (sorted by relative path; hidden folders skipped). Default: the repository's
        ``corpus/`` (see :func:`corpus_dir`).
    errors : {"raise", "warn"}
        What to do with a file that cannot be read (empty, binary, undecodable, no Chinese
        text): raise :class:`CorpusError`, or skip it with a :class:`CorpusWarning`. A missing
        ``path`` always raises.
    links : {"refuse", "warn"}
        A symbolic link in the corpus that leads outside it (a private file linked into a corpus
        folder): refused with an error naming the link and its target (skipped with a warning when
        ``errors="warn"``), or read with a warning. Links inside the corpus are followed, folders
        too, and each file gives one page.

    Returns
    -------
    pandas.DataFrame
        Columns (object dtype, None where missing):

        ``doc_id``       ``"<file stem>-<NN>"``, NN the speech's 1-based place in the page
                         (if two files share a stem, their relative path with ``/`` and ``.``
                         made ``_`` is used instead of the stem, with ``~2``, ``~3``… where that
                         is taken too: :func:`cppcc.corpus.files.page_stems`); distinct
        ``source_file``  path relative to the corpus root (or the file name)
        ``speech``       1-based place of the speech in its page (int)
        ``page_title``   the page's title, normalised
        ``date``         ISO ``"YYYY-MM-DD"``: the date the speech was given, the report
                         delivered or the meeting held where the page states it, else the
                         page's publication date, else the manifest's ``date``
        ``date_source``  where ``date`` came from: ``"dateline"``, ``"date line"``, ``"lead"``,
                         ``"title"``, ``"header"``; ``"page"`` or ``"manifest"`` where the page
                         states no event date; None without any date
        ``page_date``    the publication date the page shows (time stamp, 发布时间), or None
        ``speaker``, ``position``  Simplified; from the speech header (``主席``,
                         ``党组书记、主席``…), a byline title or name line, a report's name
                         line or the official a news lead names; a validated person's name
                         (:func:`cppcc.corpus.names.is_name`), None where not stated
        ``officials``    every official the header, byline, dateline, front matter, lead and
                         attendee lists name, joined by ``"、"`` (the speaker first), or None
        ``region``       the unit as named, Simplified, with the table's characters
        ``province``, ``prefecture``, ``county``  canonical names from the division table;
                         None where the unit has no such level (a province-level speaker has
                         only ``province``; a municipality's district has ``prefecture`` equal
                         to the municipality, as in the table)
        ``level``        ``"province"``, ``"prefecture"``, ``"county"``, or ``"national"`` for
                         the national committee (``region`` ``"全国"``, no province fields)
        ``adcode``       the six-digit code of the resolved unit (:func:`cppcc.divisions.division_table`),
                         None where the unit is unknown or ambiguous
        ``doc_type``     ``"speech"`` (a digest's speech, a single speech), ``"report"`` (a
                         standing committee's work report), ``"news"`` (a news report of a
                         meeting) or ``"other"`` (an article, a template, a collection)
        ``session``      the plenary session the document names (``"九届四次"`` for 第九届委员会
                         第四次会议), None otherwise (standing-committee and chair's meetings are
                         no plenary sessions)
        ``meta_source``  where the speaker and unit came from: ``"header"`` (a digest's
                         ``<unit>政协<position><name>:`` line, also with a space instead of the
                         colon or a leading ——), ``"title"`` (a byline title
                         ``<name>：在<…>会议上的讲话`` or a report's title), ``"byline"`` (the
                         name on its own line under the title), ``"dateline"`` (a report's
                         ``——<date>在政协<unit>第N届委员会第M次会议上``), ``"lead"`` (a news
                         report's lead sentence), ``"text"`` (a unit the page names only as
                         a place, on a page that says 县政协), ``"manifest"`` (the unit from
                         the ``unit`` column of ``sources.csv``), None for ``"other"``

        A unit named around 政协 is resolved with the page's title, header and the manifest's
        ``unit`` as context (鼓楼区 with 南京市 in the title). A name the table holds more than
        once that the context does not decide (朝阳区 alone) leaves its name fields None, keeps
        parents shared by all candidates and the level, and warns naming the candidates; a unit
        missing from the table (…兵团) leaves all four None and warns. See
        :func:`cppcc.divisions.resolve_region`.
        ``headline``     the headline; a headline set on two lines is joined with one space
        ``summary``      the 提要 text without its label (also an unlabelled summary set
                         between headline and the speaker's name line)
        ``text``         the body normalised (:func:`cppcc.normalize_text`): Simplified,
                         full-width Chinese punctuation; paragraphs joined by ``"\\n"``; front
                         matter (a repeated title, the name line, the date line, the dateline, a
                         name glued to the salutation) is not in it, the salutation (各位委员：)
                         is; lines hard-wrapped mid-sentence are joined
        ``text_original`` the body in the source's script and characters, one source line
                         per paragraph (surrounding whitespace and blank lines removed; converter
                         pinyin, injected spam phrases and paywall marks cut, see the audit's
                         ``repair``)
        ``unit``         the resolved unit, the grouping of comparisons by unit (new in 0.3, last
                         so that the columns before it keep their places): the canonical names of
                         its ``province``, ``prefecture`` and ``county``, each once (云南省临沧市,
                         北京市朝阳区); ``"全国"`` for the national committee (``level``
                         ``"national"``); None without an ``adcode`` (no unit named, an ambiguous or
                         unknown name; ``region`` keeps the name as written). One rule,
                         :func:`cppcc.divisions.canonical_unit`, also used by
                         :func:`cppcc.units.regional_units`

        A page without any speech header, byline, report dateline or news lead gives one row
        of ``doc_type`` ``"other"`` with empty speaker fields (and a warning); its text is
        everything between the page metadata and the footer.

        An optional ``sources.csv`` in the corpus folder (columns ``file``, ``unit`` and ``date``;
        see docs/corpus.md) names the unit of pages whose text says only 市政协, and the date of pages
        that show none. Where each field came from: :func:`cppcc.corpus.sources.field_sources`.

    Raises
    ------
    CorpusError
        A missing path, a directory without pages, or (with ``errors="raise"``) an unreadable page.

    Examples
    --------
    >>> sp = load_speeches()
    >>> sp[["speaker", "region", "level", "adcode"]].head(2).values.tolist()
    [['李银峰', '云南省临沧市', 'prefecture', '530900'], ['刘伟', '河南省', 'province', '410000']]
    >>> sp[["doc_type", "session", "meta_source"]].drop_duplicates().values.tolist()
    [['speech', None, 'header']]
    """
    return _speeches_frame(_load(path, errors, links)[1])


def _speeches_frame(pages: list[Page]) -> pd.DataFrame:
    rows = [_speech_row(page, k, sp) for page in pages for k, sp in enumerate(page.speeches)]
    for row in rows:  # the resolved unit, by the one rule (cppcc.divisions.canonical_unit)
        row["unit"] = canonical_unit(row)
    return _frame(rows, SPEECH_COLUMNS, ints=("speech",))


def load_pages(path: str | Path | None = None, errors: Errors = "raise",
               links: Links = "refuse") -> pd.DataFrame:
    """One row per page: what the loader found in each file.

    Parameters
    ----------
    path, errors, links
        As in :func:`load_speeches`.

    Returns
    -------
    pandas.DataFrame
        ``file`` (relative path), ``format`` (``"text"`` or ``"html"``), ``encoding`` (as
        decoded: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-16-le`` (UTF-16 without a byte-order
        mark), ``gb18030``, ``big5hkscs``…), ``script``
        (``"traditional"`` or ``"simplified"``), ``title``, ``date`` (ISO), ``publisher`` (from
        来源), ``editor``, ``keywords`` (the keywords line's words joined with ``"、"``),
        ``n_speeches``, ``n_lines`` (non-blank lines, or extracted text lines for HTML),
        ``repairs`` (bracketed pinyin a converter left after characters, 政協(xié), removed:
        :func:`cppcc.cleaning.strip_pinyin`; and continuation marks such as （上接第一版） cut from the
        paragraph they were glued to: :func:`cppcc.cleaning.strip_marks`), ``truncated``
        (True if a paywall or truncation
        mark, ……省略N字 or 未完，全文共N字, shows the page is not the whole text) and ``mojibake``
        (what :func:`cppcc.cleaning.mojibake` found, e.g. 锟斤拷, or None; such a page also warns).

    Examples
    --------
    >>> pg = load_pages()
    >>> pg[["date", "publisher", "n_speeches"]].values.tolist()
    [['2020-08-24', '人民政协网', 5]]
    """
    return _pages_frame(_load(path, errors, links)[1])


def _pages_frame(pages: list[Page]) -> pd.DataFrame:
    rows = [{"file": p.file, "format": p.format, "encoding": p.encoding, "script": p.script, "title": p.title,
             "date": p.date, "publisher": p.publisher, "editor": p.editor, "keywords": p.keywords,
             "n_speeches": len(p.speeches), "n_lines": p.n_lines, "repairs": p.repairs,
             "truncated": p.truncated, "mojibake": p.mojibake} for p in pages]
    df = _frame(rows, PAGE_COLUMNS, ints=("n_speeches", "n_lines", "repairs"))
    df["truncated"] = df["truncated"].astype(bool)
    return df


def cleaning_audit(path: str | Path | None = None, errors: Errors = "raise",
                   links: Links = "refuse") -> pd.DataFrame:
    """Every non-blank source line and what became of it.

    Parameters
    ----------
    path, errors, links
        As in :func:`load_speeches`.

    Returns
    -------
    pandas.DataFrame
        ``file``, ``line`` (1-based line number; for HTML the line of the text extracted from
        the DOM, None for the text of removed elements), ``original`` (the line, stripped),
        ``field`` (where it went: ``page_title``, ``date``, ``publisher``, ``header``,
        ``headline``, ``summary``, ``name``, ``dateline``, ``body``) or ``reason`` (why it was
        removed: ``spam``, ``navigation``, ``breadcrumb``, ``share bar``, ``page chrome``,
        ``editor line``, ``keywords line``, ``related-news``, ``footer``, ``page text before the
        first speech``, ``table of contents``, ``paywall``, the reasons of
        :func:`cppcc.cleaning.chrome_reason` — ``photo caption``, ``reporter line``,
        ``photographer line``, ``time stamp``, ``continuation mark``, ``end mark``,
        ``source line``, ``separator`` —, and for HTML ``script``, ``style``, ``html head``,
        ``page header``, ``sidebar``…), ``doc_id`` (the speech the line belongs to, if any) and
        ``repair`` (what was cut from a kept line: ``pinyin ×N``, ``spam: <phrases>``,
        ``undecodable ×N -> U+FFFD (byte B)`` for bytes that did not decode or NULs (text pages),
        ``paywall: <mark>``; None if nothing). Exactly one of ``field`` and ``reason`` is set
        on every row.

    Examples
    --------
    >>> au = cleaning_audit()
    >>> au.loc[au["line"] == 1, "reason"].item()
    'spam'
    >>> bool((au["field"].isna() != au["reason"].isna()).all())
    True
    """
    return _audit_frame(_load(path, errors, links)[1])


def _audit_frame(pages: list[Page]) -> pd.DataFrame:
    rows = [{"file": p.file, "line": r["line"], "original": r["original"], "field": r["field"],
             "reason": r["reason"], "doc_id": _doc_id(p, r["speech"]) if r["speech"] is not None else None,
             "repair": r["repair"]}
            for p in pages for r in p.audit]
    return _frame(rows, AUDIT_COLUMNS, ints=("line",))


def page_tables(pages: list[Page]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(speeches, pages, audit)`` of pages read once with :func:`read_page`: the tables
    :func:`load_speeches`, :func:`load_pages` and :func:`cleaning_audit` build (one pass, e.g. for
    :func:`cppcc.build_store`'s batches). ``doc_id`` comes from each page's ``stem``.

    Examples
    --------
    >>> from cppcc.corpus import corpus_dir
    >>> sp, pg, au = page_tables([read_page(corpus_dir() / "000_311b16853e29c05d.txt", corpus_dir())])
    >>> sp.equals(load_speeches()), pg.equals(load_pages()), au.equals(cleaning_audit())
    (True, True, True)
    """
    return _speeches_frame(pages), _pages_frame(pages), _audit_frame(pages)



def read_pages(path: str | Path | None = None, errors: Errors = "raise",
               links: Links = "refuse") -> list[Page]:
    """The pages of a corpus as read (:func:`read_page`), each once, for building several tables:
    ``pages_frame(pages)`` is :func:`load_pages` (:func:`cppcc.corpus.sources.sources_frame`,
    :func:`~cppcc.corpus.sources.field_sources`).

    Examples
    --------
    >>> pages_frame(read_pages()).equals(load_pages())
    True
    """
    return _load(path, errors, links)[1]


def pages_frame(pages: list[Page]) -> pd.DataFrame:
    """:func:`load_pages` of pages read with :func:`read_pages`."""
    return _pages_frame(pages)
