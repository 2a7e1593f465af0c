"""The ``cppcc`` command line: build a report, inspect pages and the cleaning audit, export tables.

::

    cppcc report [--corpus DIR | --store DIR] --out DIR [--skip-bad] [--notebook NAME] [--no-profiles]
    cppcc pages DIR                      what the loader made of each page, and where each field came from
    cppcc audit FILE                     the cleaning audit of a page (or folder) as a table
    cppcc export DIR --what speeches|tokens|counts|claims --format csv|parquet|xlsx --out FILE

Exit codes: 0 success, 1 a report notebook failed, 2 a usage or corpus error (one line on stderr,
naming the file).
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

__all__ = ["main", "export_table"]

WHAT = ("speeches", "tokens", "counts", "claims")
FORMATS = ("csv", "parquet", "xlsx")


def _table(df: pd.DataFrame, cols: list[str]) -> str:
    shown = df[[c for c in cols if c in df.columns]]
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", 60):
        return shown.to_string(index=False)


def export_table(corpus: str | Path | None, what: str, errors: str = "raise") -> pd.DataFrame:
    """The table ``cppcc export`` writes: ``speeches``, ``tokens``, ``counts`` (term × speech) or ``claims``.

    ``counts`` is :func:`cppcc.counting.term_counts` by ``doc_id`` with no stop list: every word
    (punctuation, symbols and blank tokens are not words) counted once per speech that uses it.

    Examples
    --------
    >>> export_table(None, "counts").columns.tolist()
    ['doc_id', 'term', 'count']
    >>> len(export_table(None, "speeches"))
    5
    """
    from .common import check_option
    from .counting import term_counts
    from .language.claims import numeric_claims
    from .source import open_corpus

    check_option(what, WHAT, "what", "export_table")
    opened = open_corpus(corpus, errors=errors)
    if what == "speeches":
        return opened.speeches
    if what == "claims":
        return numeric_claims(opened.speeches)
    toks = opened.tokens()
    if what == "tokens":
        return toks
    return term_counts(toks, by="doc_id", stop=False)


def _write(df: pd.DataFrame, out: Path, fmt: str) -> None:
    """Atomically, text cells guarded against formulas and cleaned (:func:`cppcc.export.write_table`)."""
    from .export import write_table

    write_table(df, out, fmt)


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cppcc", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    rep = sub.add_parser("report", help="execute the notebooks and write the HTML site",
                         description="Execute the notebooks on a corpus and write the HTML report site.")
    rep.add_argument("--corpus", default=None, help="corpus file or folder (default: the project's corpus/)")
    rep.add_argument("--store", default=None, metavar="DIR",
                     help="a store folder written by cppcc.build_store, read instead of a corpus")
    rep.add_argument("--out", default="reports", help="folder of the site (default: reports)")
    rep.add_argument("--skip-bad", action="store_true", help="skip unreadable or empty pages with a warning")
    rep.add_argument("--jobs", type=int, default=2, help="notebooks executed in parallel (default: 2)")
    rep.add_argument("--notebook", action="append", help="run only this notebook (repeatable)")
    rep.add_argument("--no-profiles", action="store_true", help="skip the per-speech region profiles")
    pages = sub.add_parser("pages", help="what the loader made of each page",
                           description="One line per page (encoding, format, script, speeches, "
                                       "repairs), then each document's fields: the value chosen, its "
                                       "source and the line it was read from.")
    pages.add_argument("corpus", help="corpus file or folder")
    pages.add_argument("--skip-bad", action="store_true", help="skip unreadable pages with a warning")
    audit = sub.add_parser("audit", help="the cleaning audit of a page as a table",
                           description="Every non-blank line of the page, with the field it went into "
                                       "or the reason it was removed.")
    audit.add_argument("file", help="a page (or a folder of pages)")
    exp = sub.add_parser("export", help="export a table (CSV with BOM, Parquet or Excel)",
                         description="Export speeches, tokens, term counts or numeric claims for use in "
                                     "R, Stata or Excel.")
    exp.add_argument("corpus", help="corpus file or folder")
    exp.add_argument("--what", choices=WHAT, required=True)
    exp.add_argument("--format", choices=FORMATS, default=None, help="default: from the suffix of --out")
    exp.add_argument("--out", required=True, help="file to write")
    exp.add_argument("--skip-bad", action="store_true", help="skip unreadable pages with a warning")
    return ap


def _run(args: argparse.Namespace) -> int:
    from .corpus import cleaning_audit

    errors = "warn" if getattr(args, "skip_bad", False) else "raise"
    if args.command == "report":
        from . import report
        from .report.builder import _command

        argv = ["--out", args.out, "--jobs", str(args.jobs)]
        argv += ["--corpus", args.corpus] if args.corpus else []
        argv += ["--store", args.store] if args.store else []
        argv += [a for name in args.notebook or [] for a in ("--notebook", name)]
        argv += ["--no-profiles"] if args.no_profiles else []
        return report.main(argv + (["--skip-bad"] if args.skip_bad else []), prog="cppcc report",
                           command=_command("cppcc", list(args.argv)))
    if args.command == "pages":
        from .corpus.load import pages_frame, read_pages
        from .corpus.sources import sources_frame

        _exists(args.corpus)
        pages = read_pages(args.corpus, errors=errors)
        print(_table(pages_frame(pages), ["file", "encoding", "format", "script", "doc_type", "date",
                                          "n_speeches", "repairs", "truncated", "mojibake", "title"]))
        fs = sources_frame(pages)  # each document's fields: the value and the line it was read from
        fs = fs[fs["value"].notna()].assign(original=fs["original"].fillna("").str.slice(0, 50))
        fs = fs.map(lambda v: "" if v is None or v != v else v)
        print("\n" + _table(fs, ["doc_id", "field", "value", "source", "line", "original"]))
        return 0
    if args.command == "audit":
        _exists(args.file)
        au = cleaning_audit(args.file)
        print(_table(au.fillna(""), ["file", "line", "field", "reason", "doc_id", "repair", "original"]))
        return 0
    _exists(args.corpus)
    out = Path(args.out)
    fmt = args.format or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise SystemExit(f"cppcc export: cannot tell the format of {out} (use --format csv|parquet|xlsx)")
    df = export_table(args.corpus, args.what, errors=errors)
    _write(df, out, fmt)
    print(f"wrote {len(df)} rows of {args.what} to {out}")
    return 0


def _exists(path: str) -> None:
    if not Path(path).exists():
        raise FileNotFoundError(f"{path}: no such file or folder")


def main(argv: list[str] | None = None) -> int:
    """Run the ``cppcc`` command line (returns the exit code)."""
    from .corpus import CorpusError

    args = _parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            return _run(args)
    except (CorpusError, FileNotFoundError, ValueError, OSError) as exc:
        print(f"cppcc {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
