"""Render every figure of the seed corpus and time it (target: < 20 s in total on 2 cores).

Prints, per figure, the time to build it and write PNG (200 dpi) + SVG with ``cppcc.plots.save``,
and its ratio to a baseline measured in the same run: a plain five-bar chart with Chinese labels,
built and saved the same way. The analysis inputs (tokens, keyness, graph …) are computed first
and not counted. Usage: ``python benchmarks/bench_plots.py [--out DIR] [--repeat N]``.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import cppcc  # noqa: E402
from cppcc import plots  # noqa: E402


def inputs() -> dict:
    s = cppcc.load_speeches()
    toks = cppcc.tokens(s)
    return {
        "speeches": s,
        "sections": cppcc.sections(s),
        "measures": cppcc.measures(s),
        "stats": cppcc.speech_stats(s),
        "tokens": toks,
        "coded": cppcc.code_mechanisms(toks),
        "codebook": cppcc.load_codebook(),
        "glossary": cppcc.glossary(),
        "distinct": cppcc.distinctive_terms(toks, by="region"),
        "sim": cppcc.similarity(toks),
        "graph": cppcc.cooccurrence(toks),
        "formulas": cppcc.numbered_formulas(s),
        "quoted": cppcc.quoted_terms(s),
        "claims": cppcc.numeric_claims(s),
    }


def figures(d: dict) -> dict:
    s = d["speeches"]
    return {
        "corpus_structure": lambda: plots.corpus_structure(s, d["sections"], d["measures"], stats=d["stats"]),
        "mechanism_heatmap": lambda: plots.mechanism_heatmap(d["coded"], s, codebook=d["codebook"]),
        "distinctive_scatter": lambda: plots.distinctive_scatter(d["distinct"], speeches=s),
        "distinctive_bars": lambda: plots.distinctive_bars(d["distinct"], speeches=s, glossary=d["glossary"]),
        "similarity_heatmap": lambda: plots.similarity_heatmap(d["sim"], s),
        "cooccurrence_network": lambda: plots.cooccurrence_network(d["graph"], glossary=d["glossary"]),
        "formula_dotplot": lambda: plots.formula_dotplot(d["formulas"], d["quoted"], s),
        "numeric_claims_chart": lambda: plots.numeric_claims_chart(d["claims"], s),
        "wordcloud_figure": lambda: plots.wordcloud_figure(d["tokens"], stop="officialese"),
        "region_wordclouds": lambda: plots.region_wordclouds(d["tokens"], speeches=s, stop="officialese"),
        "comparison_cloud": lambda: plots.comparison_cloud(d["distinct"], speeches=s),
        "speaker_map": lambda: plots.speaker_map(s, names_en=d["glossary"]),
    }


def baseline() -> plt.Figure:
    with plots.plot_context():
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.bar(["云南", "河南", "陕西", "安徽", "吉林"], [3, 4, 4, 3, 3])
        ax.set_title("基线 baseline")
    return fig


def timed(make, out: Path, name: str) -> float:
    t = time.perf_counter()
    fig = make()
    plots.save(fig, name, out)
    plt.close(fig)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="keep the figures here (default: a temp dir)")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="cppcc-bench-plots-"))
    t0 = time.perf_counter()
    plots.setup_fonts()
    t_font = time.perf_counter() - t0
    t0 = time.perf_counter()
    d = inputs()
    t_inputs = time.perf_counter() - t0
    timed(baseline, out, "baseline")  # warm-up: first draw loads the font's glyph tables
    base = min(timed(baseline, out, "baseline") for _ in range(3))
    print(f"font set-up {t_font:.2f} s; analysis inputs {t_inputs:.2f} s (not counted)")
    print(f"baseline (5 bars, png+svg): {base:.3f} s")
    print(f"{'figure':<24}{'seconds':>9}{'× baseline':>12}")
    total = 0.0
    for name, make in figures(d).items():
        dt = timed(make, out, name)
        total += dt
        print(f"{name:<24}{dt:>9.2f}{dt / base:>12.1f}")
    print(f"{'TOTAL':<24}{total:>9.2f}{total / base:>12.1f}   (target < 20 s)   figures in {out}")


if __name__ == "__main__":
    main()
