#!/usr/bin/env python
"""Loading time on hostile pages: linear in the length of a line and in the depth of the HTML.

Pages (written to a temporary folder), each at a size and at four times that size:

- ``one line``: a page whose whole text is one line, a sentence naming a unit's 政协 repeated
  (a 政协 every ~30 characters; the issue's 50 MB page took more than 600 s: time grew with the
  square of the line's length);
- ``one line, no stops``: the same without any sentence mark (a unit and 政协委员 repeated);
- ``nested HTML``: a paragraph inside ``<div>`` elements nested ``depth`` deep (10,000 deep took
  32-46 s: each element's check walked its subtree);
- ``nested chrome``: the same with divs of a page-chrome class (``share``) and an ``<h1>`` at the
  bottom, so that the chrome rule asks every element whether it holds the article.

Each page is loaded with :func:`cppcc.load_speeches` (best of ``--rounds``); the ratio of the larger
page's time to the smaller one's is printed. Linear time gives about 4 (less where fixed costs
weigh); the target is < 6 (a square law gives 16).

    .venv/bin/python benchmarks/bench_hostile.py [--chars 1000000] [--depth 5000] [--rounds 2]

Exit status 1 if a ratio is 6 or more.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import cppcc  # noqa: E402

LIMIT = 6.0
SENTENCE = "临沧市政协召开常委会议，委员们围绕乡村振兴开展协商，提出了建议。"
NO_STOPS = "临沧市政协委员围绕乡村振兴开展协商 "


def one_line(chars: int, unit: str = SENTENCE) -> str:
    return "政协工作交流\n\n" + unit * max(1, chars // len(unit)) + "\n"


def nested(depth: int, chrome: bool = False) -> str:
    """A paragraph inside ``depth`` nested divs; ``chrome``: divs with a class of page chrome and an
    ``<h1>`` at the bottom (so that none may be dropped and the chrome rule asks each what it holds)."""
    opening = ('<div class="share">' if chrome else "<div>") * depth
    title = "<h1>政协工作交流</h1>" if chrome else ""
    body = "<p>县政协主席王明：</p><p>委员们围绕乡村振兴开展协商，提出了建议。</p>"
    return (f"<html><head><title>政协工作交流</title></head><body>{opening}{title}{body}"
            f"{'</div>' * depth}</body></html>")


def timed(path: Path, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cppcc.load_speeches(path)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=1_000_000,
                    help="length of the smaller line (default 1,000,000)")
    ap.add_argument("--depth", type=int, default=5000, help="depth of the smaller HTML (default 5,000)")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cppcc.load_speeches()  # set-up (OpenCC, division table) before timing
    tmp = Path(tempfile.mkdtemp(prefix="bench_hostile_"))
    cases = [
        ("one line", "chars", args.chars, lambda n: one_line(n), ".txt"),
        ("one line, no stops", "chars", args.chars, lambda n: one_line(n, NO_STOPS), ".txt"),
        ("nested HTML", "depth", args.depth, lambda n: nested(n), ".html"),
        ("nested chrome", "depth", args.depth // 2, lambda n: nested(n, chrome=True), ".html"),
    ]
    print(f"cppcc {cppcc.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'page':<20}{'size':>18}{'time s':>9}{'size x4':>12}{'time s':>9}{'ratio':>7}  target")
    ok = True
    try:
        for k, (name, unit, n, make, suffix) in enumerate(cases):
            times = []
            for size in (n, 4 * n):
                f = tmp / f"case{k}_{size}{suffix}"
                f.write_text(make(size), encoding="utf-8")
                times.append(timed(f, args.rounds))
            ratio = times[1] / times[0]
            met = ratio < LIMIT
            ok &= met
            print(f"{name:<20}{n:>12,} {unit:<5}{times[0]:>9.2f}{4 * n:>12,}{times[1]:>9.2f}{ratio:>7.2f}  "
                  f"< {LIMIT:g} {'met' if met else 'MISSED'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
