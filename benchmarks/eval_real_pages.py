#!/usr/bin/env python
"""Recall and precision of the loader's metadata on real page captures, against a hand-read gold.

The pages (text, kept out of git) are read with the library one file at a time, so that a page the
library cannot read counts as found nothing instead of stopping the run; the gold
(``benchmarks/real_pages/gold.json`` for the development set, ``heldout.json`` for the held-out set)
lists per page the documents a reader sees, in order. Documents are matched by file and order: the
k-th document the library gives for a page against the k-th of the gold.

Per field (doc_type, speaker, position, unit, level, adcode, date, page_date, session):

- *stated*: documents whose gold value is not null (the page states it);
- *given*: documents for which the library gives a value;
- *right*: given and equal to the gold after harmless normalisation (whitespace in names removed,
  Simplified script and full-width digits as :func:`cppcc.normalize_text` makes them, the parts of a
  position compared as a set);
- recall = right among stated / stated, precision = right / given.

A value given where the gold has none is wrong (an invented speaker, a session of a standing-committee
meeting); a document the library gives beyond the gold's has every given value wrong; a gold document
the library does not give is a miss for every stated field. ``date`` is the date of the event (speech,
report, meeting): where the library marks a date as the page's own (``date_source`` "page"), it is not an
event date and is not counted as given; a library without ``date_source`` counts its date as given
unless the gold states no event date and the date is the page's date the library found (its documented
fall-back). The gold's speaker may be a list (a news report naming several officials of the meeting's
CPPCC): any of them is right. A position is right only with the right speaker (where the gold names
one), and for a list it must be the position of the official given.
``unit`` is right when the adcode is the gold's (or, without adcode, the region named ends with the
gold's unit); a national page's unit is right when the level is "national".

Numeric claims: on the pages whose gold lists ``claims``, every claim :func:`cppcc.numeric_claims` finds
in the page's documents is right when the gold lists a claim of the same value and unit (each gold claim
used once); precision = right / found.

    .venv/bin/python benchmarks/eval_real_pages.py DIR [--gold FILE] [--json OUT] [--details] [--present]

It runs with the columns the library has: ``date_source`` and ``page_date`` are used when present
(``page_date`` otherwise comes from :func:`cppcc.load_pages`' ``date``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import pandas as pd  # noqa: E402

import cppcc  # noqa: E402
from cppcc.common import is_missing  # noqa: E402

FIELDS = ["doc_type", "speaker", "position", "unit", "level", "adcode", "date", "page_date", "session"]
DOC_TYPES = ["speech", "report", "news", "other"]
NONE = "(none)"
DEFAULT_GOLD = ROOT / "benchmarks" / "real_pages" / "gold.json"


# ---------------------------------------------------------------- normalisation
def norm(value) -> str | None:
    """A value as compared: None for missing or blank, else Simplified, NFKC, no whitespace.

    >>> norm(" 黃朝慶 "), norm("李 万 廷"), norm(None), norm("  "), norm("２０２１")
    ('黄朝庆', '李万廷', None, None, '2021')
    """
    if is_missing(value):
        return None
    text = re.sub(r"\s+", "", cppcc.normalize_text(str(value)))
    return text or None


def norm_position(value) -> frozenset[str] | None:
    """A position as the set of its parts (``党组书记、主席`` and ``主席，党组书记`` are equal).

    >>> sorted(norm_position("党组书记, 主席")) == sorted(norm_position("主席、党组书记"))
    True
    """
    text = norm(value)
    if text is None:
        return None
    return frozenset(p for p in re.split(r"[、，,和兼/]", text) if p)


def _alternatives(value) -> list:
    """The gold's value as a list of acceptable values (a list stays a list, None gives [])."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


# ---------------------------------------------------------------- the library's answer
def library_documents(page_dir: Path, files: list[str]) -> tuple[dict, dict, list[str]]:
    """Read each gold file with the library: ``({file: speeches frame}, {file: page date}, failures)``.

    A file the library cannot read (or that is missing) gives an empty frame and is listed in
    ``failures`` with the error; its warnings are silenced (the loader warns on most real pages).
    """
    docs, page_dates, failures = {}, {}, []
    for name in files:
        path = page_dir / name
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sp = cppcc.load_speeches(path)
                pg = cppcc.load_pages(path)
        except Exception as exc:  # noqa: BLE001 - any failure of one page must not stop the others
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            docs[name], page_dates[name] = pd.DataFrame(), None
            continue
        docs[name] = sp.reset_index(drop=True)
        page_dates[name] = None if pg.empty or is_missing(pg["date"].iloc[0]) else pg["date"].iloc[0]
    return docs, page_dates, failures


def _get(row, col):
    if row is None or col not in row.index or is_missing(row[col]):
        return None
    return row[col]


# ---------------------------------------------------------------- scoring
def _tally() -> dict:
    return {f: {"stated": 0, "given": 0, "right": 0, "found": 0} for f in FIELDS}


def _count(t: dict, stated: bool, given: bool, right: bool) -> None:
    t["stated"] += stated
    t["given"] += given
    t["right"] += right
    t["found"] += right and stated


def _same(want, got) -> tuple[bool, bool, bool]:
    """``(stated, given, right)`` of a plain field."""
    return want is not None, got is not None, got is not None and got == want


def _speaker(gold: dict, row) -> tuple[bool, bool, bool, int | None]:
    names = [norm(n) for n in _alternatives(gold.get("speaker"))]
    got = norm(_get(row, "speaker"))
    hit = names.index(got) if got is not None and got in names else None
    return bool(names), got is not None, hit is not None, hit


def _position(gold: dict, row, hit: int | None) -> tuple[bool, bool, bool]:
    positions = _alternatives(gold.get("position"))
    got = norm_position(_get(row, "position"))
    if isinstance(gold.get("speaker"), list):  # aligned with the speakers: the given official's position
        want = norm_position(positions[hit]) if hit is not None and hit < len(positions) else None
        stated = any(p is not None for p in positions)
    else:  # the position of a wrongly named person is not right, even when the title matches
        names = _alternatives(gold.get("speaker"))
        want = norm_position(gold.get("position")) if hit is not None or not names else None
        stated = gold.get("position") is not None
    return stated, got is not None, got is not None and got == want


def _unit(gold: dict, row) -> tuple[bool, bool, bool]:
    unit, level = gold.get("unit"), gold.get("level")
    region, adcode, got_level = norm(_get(row, "region")), norm(_get(row, "adcode")), _get(row, "level")
    given = region is not None or adcode is not None or got_level == "national"
    if unit is None:
        return False, given, False
    if level == "national":
        right = got_level == "national"
    elif adcode is not None:
        right = adcode == gold.get("adcode")
    else:
        right = region is not None and region.endswith(norm(unit))
    return True, given, given and right


def _event_date(gold: dict, row, page_date: str | None) -> tuple[bool, bool, bool]:
    want, got = gold.get("date"), norm(_get(row, "date"))
    if got is not None and row is not None and "date_source" in row.index:
        if _get(row, "date_source") == "page":
            got = None  # the page's date, said to be so: no event date claimed
    elif got is not None and want is None and got == norm(page_date):
        got = None  # the documented fall-back of a library without date_source
    return want is not None, got is not None, got is not None and got == want


def score_documents(gold_pages: list[dict], docs: dict, page_dates: dict) -> dict:
    """Tallies per field, the doc_type confusion and the list of mismatches.

    ``docs`` maps each gold file to the library's speeches frame for it (an empty frame when the
    library found nothing); ``page_dates`` to the page date the library found (used for ``page_date``
    when the frame has no ``page_date`` column, and to recognise the date fall-back).
    """
    tally, confusion, details = _tally(), Counter(), []
    for page in gold_pages:
        frame = docs.get(page["file"], pd.DataFrame())
        rows = [frame.iloc[i] for i in range(len(frame))]
        golds = page["documents"]
        for k in range(max(len(golds), len(rows))):
            gold = golds[k] if k < len(golds) else {}
            row = rows[k] if k < len(rows) else None
            where = f"{page['file']}#{k + 1}"
            g_type, l_type = gold.get("doc_type", NONE), _get(row, "doc_type") or NONE
            confusion[(g_type, l_type)] += 1
            _count(tally["doc_type"], bool(gold), row is not None, bool(gold) and row is not None
                   and g_type == l_type)
            stated, given, right, hit = _speaker(gold, row)
            _count(tally["speaker"], stated, given, right)
            _count(tally["position"], *_position(gold, row, hit))
            _count(tally["unit"], *_unit(gold, row))
            g_level, l_level = gold.get("level"), _get(row, "level")
            _count(tally["level"], *_same(g_level, l_level))
            g_code, l_code = gold.get("adcode"), norm(_get(row, "adcode"))
            _count(tally["adcode"], *_same(g_code, l_code))
            page_date = page_dates.get(page["file"])
            _count(tally["date"], *_event_date(gold, row, page_date))
            g_pd = l_pd = None
            if k == 0:  # a page-level field: counted once per page, on its first document
                g_pd = page.get("page_date")
                l_pd = norm(_get(row, "page_date")) if row is not None and "page_date" in row.index \
                    else norm(page_date)
                _count(tally["page_date"], *_same(g_pd, l_pd))
            g_sess, l_sess = norm(gold.get("session")), norm(_get(row, "session"))
            _count(tally["session"], *_same(g_sess, l_sess))
            for field, want, got in [
                ("doc_type", gold.get("doc_type"), _get(row, "doc_type")),
                ("speaker", gold.get("speaker"), _get(row, "speaker")),
                ("position", gold.get("position"), _get(row, "position")),
                ("unit", gold.get("unit"), _get(row, "region")),
                ("level", g_level, l_level),
                ("date", gold.get("date"), _get(row, "date")),
                ("page_date", g_pd, l_pd),
                ("session", gold.get("session"), _get(row, "session")),
            ]:
                wants = [norm(w) for w in _alternatives(want)]
                if (norm(got) in wants if wants else got is None) or (field == "page_date" and k > 0):
                    continue
                details.append({"document": where, "field": field, "gold": want, "library": got})
    return {"fields": tally, "confusion": confusion, "details": details}


def score_claims(gold_pages: list[dict], claims: dict) -> dict:
    """Precision of numeric claims on the pages whose gold lists ``claims``.

    ``claims`` maps each such file to the library's :func:`cppcc.numeric_claims` frame for its
    documents (``value``, ``unit``). A found claim is right when an unused gold claim has the same
    unit and a value equal within 1e-9 (relative).
    """
    found = right = stated = 0
    wrong = []
    for page in gold_pages:
        if "claims" not in page:
            continue
        pool = [(float(c["value"]), norm(c.get("unit"))) for c in page["claims"]]
        stated += len(pool)
        frame = claims.get(page["file"], pd.DataFrame(columns=["value", "unit"]))
        for value, unit in zip(frame.get("value", []), frame.get("unit", [])):
            found += 1
            key = next((c for c in pool if c[1] == norm(unit) and abs(c[0] - float(value))
                        <= 1e-9 * max(1.0, abs(c[0]))), None)
            if key is None:
                wrong.append({"file": page["file"], "value": float(value), "unit": None if is_missing(unit)
                              else unit})
            else:
                pool.remove(key)
                right += 1
    n_pages = sum("claims" in p for p in gold_pages)
    return {"pages": n_pages, "stated": stated, "found": found, "right": right,
            "precision": right / found if found else None, "recall": right / stated if stated else None,
            "wrong": wrong}


def library_claims(gold_pages: list[dict], docs: dict) -> dict:
    """The library's numeric claims on each page whose gold lists ``claims``."""
    out = {}
    for page in gold_pages:
        frame = docs.get(page["file"])
        if "claims" not in page or frame is None or frame.empty:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out[page["file"]] = cppcc.numeric_claims(frame)
    return out


def summary(result: dict) -> dict:
    """Recall and precision per field, doc_type accuracy and the confusion as plain data."""
    fields = {}
    for f, t in result["fields"].items():
        fields[f] = dict(t, recall=t["found"] / t["stated"] if t["stated"] else None,
                         precision=t["right"] / t["given"] if t["given"] else None)
    conf = result["confusion"]
    n_gold = sum(n for (g, _), n in conf.items() if g != NONE)
    correct = sum(n for (g, lib), n in conf.items() if g == lib and g != NONE)
    return {"fields": fields, "doc_type_accuracy": correct / n_gold if n_gold else None,
            "doc_type_correct": correct, "documents": n_gold,
            "confusion": [{"gold": g, "library": lib, "n": n} for (g, lib), n in sorted(conf.items())]}


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.2f}"


def format_table(s: dict, claims: dict | None = None) -> str:
    """The summary as text: a field table, the doc_type confusion and the numeric-claim precision."""
    lines = [f"{'field':<10} {'recall':>18} {'precision':>18}"]
    for f, t in s["fields"].items():
        if f == "doc_type":
            lines.append(f"{'doc_type':<10} accuracy {s['doc_type_correct']}/{s['documents']} = "
                         f"{_fmt(s['doc_type_accuracy'])}")
            continue
        lines.append(f"{f:<10} {t['found']:>4}/{t['stated']:<4} {_fmt(t['recall']):>6}   "
                     f"{t['right']:>4}/{t['given']:<4} {_fmt(t['precision']):>6}")
    labels = DOC_TYPES + [NONE]
    lines += ["", "doc_type confusion (rows gold, columns library)",
              f"{'':<8}" + "".join(f"{lab:>8}" for lab in labels)]
    table = {(d["gold"], d["library"]): d["n"] for d in s["confusion"]}
    for g in labels:
        lines.append(f"{g:<8}" + "".join(f"{table.get((g, lab), 0):>8}" for lab in labels))
    if claims is not None:
        lines += ["", f"numeric claims on {claims['pages']} pages: {claims['right']}/{claims['found']} right "
                  f"(precision {_fmt(claims['precision'])}); {claims['stated']} stated in the gold "
                  f"(recall {_fmt(claims['recall'])})"]
    return "\n".join(lines)


def load_gold(path: Path) -> list[dict]:
    """The gold's pages; a clear error if the file is not a gold file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        pages = data["pages"]
        assert all("file" in p and isinstance(p["documents"], list) for p in pages)
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise SystemExit(f"{path}: not a gold file with pages[].file and pages[].documents ({exc})") from None
    return pages


def evaluate(page_dir: Path, gold_pages: list[dict]) -> tuple[dict, dict, dict]:
    """``(summary, claims summary, raw result)`` of the library on ``page_dir`` against the gold."""
    files = [p["file"] for p in gold_pages]
    docs, page_dates, failures = library_documents(page_dir, files)
    result = score_documents(gold_pages, docs, page_dates)
    claims = score_claims(gold_pages, library_claims(gold_pages, docs))
    s = summary(result)
    columns = sorted(set().union(*(set(f.columns) for f in docs.values())))
    s["meta"] = {"pages": len(files), "failures": failures,
                 "columns": {c: c in columns for c in ("date_source", "page_date")},
                 "run": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                 "library": getattr(cppcc, "__version__", None)}
    return s, claims, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", type=Path, help="folder of the page files named in the gold")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold file (default: %(default)s)")
    ap.add_argument("--json", type=Path, help="write the numbers to this JSON file")
    ap.add_argument("--details", action="store_true", help="also print every mismatch")
    ap.add_argument("--present", action="store_true",
                    help="score only the gold pages whose file is in DIR (a partly re-collected set)")
    args = ap.parse_args(argv)
    if not args.dir.is_dir():
        ap.error(f"{args.dir}: not a folder")
    gold_pages = load_gold(args.gold)
    if args.present:
        gold_pages = [p for p in gold_pages if (args.dir / p["file"]).is_file()]
    s, claims, result = evaluate(args.dir, gold_pages)
    print(f"{len(gold_pages)} pages, {s['documents']} gold documents; gold {args.gold.name}; "
          f"run {s['meta']['run']}")
    for f in s["meta"]["failures"]:
        print(f"could not read: {f}")
    print(format_table(s, claims))
    if args.details:
        print()
        for d in result["details"]:
            print(f"{d['document']:<28} {d['field']:<9} gold={d['gold']!r:<24} library={d['library']!r}")
        for w in claims["wrong"]:
            print(f"{w['file']:<28} claim     not in gold: {w['value']:g} {w['unit']}")
    if args.json:
        s["numeric_claims"] = {k: v for k, v in claims.items() if k != "wrong"}
        args.json.write_text(json.dumps(s, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
