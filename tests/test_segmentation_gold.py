"""Segmentation quality on the hand-built gold sample (tests/fixtures/text/gold_segmentation.tsv).

Word-boundary precision, recall and F1 (a word counts as correct when both of its boundaries
match the gold, the usual SIGHAN scoring) for:

(a) plain jieba (default dictionary, HMM on) on the raw text, as users run it on Traditional pages;
(b) plain jieba after OpenCC t2s conversion;
(c) jieba with HMM off after the project's normalisation, without the domain lexicon;
(d) the full pipeline, ``cppcc.segment`` (normalisation + domain lexicon, HMM off);
(e) the full pipeline with jieba's HMM switched on.

Run ``pytest tests/test_segmentation_gold.py -s`` to see the table (it is copied into
lib/cppcc/data/README.md). The test fails if the pipeline's F1 is below 0.95.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path


import cppcc
from cppcc.cache import cache_root
from cppcc.normalize import normalize_text, to_simplified

GOLD = Path(__file__).resolve().parent / "fixtures" / "text" / "gold_segmentation.tsv"
_WS = re.compile(r"\s+")


def load_gold() -> list[tuple[str, str, str, list[str]]]:
    rows = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        sid, script, raw, gold = line.split("\t")
        rows.append((sid, script, raw, gold.split(" ")))
    return rows


def spans(words: list[str]) -> set[tuple[int, int]]:
    out, i = set(), 0
    for w in words:
        w = _WS.sub("", w)
        if w:
            out.add((i, i + len(w)))
            i += len(w)
    return out


def score(pairs) -> tuple[float, float, float]:
    """Micro-averaged precision, recall, F1 over (system words, gold words) pairs."""
    tp = n_sys = n_gold = 0
    for sys_words, gold_words in pairs:
        s, g = spans(sys_words), spans(gold_words)
        tp += len(s & g)
        n_sys += len(s)
        n_gold += len(g)
    p, r = (tp / n_sys if n_sys else 0.0), (tp / n_gold if n_gold else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@functools.lru_cache(maxsize=1)
def _plain_jieba():
    import jieba

    tk = jieba.Tokenizer()  # a private instance with jieba's defaults
    folder = cache_root() / "jieba"
    folder.mkdir(parents=True, exist_ok=True)
    tk.tmp_dir, tk.cache_file = str(folder), "jieba.cache"
    tk.initialize()
    return tk


SYSTEMS = {
    "(a) jieba on raw text (HMM on)": lambda raw: _plain_jieba().lcut(raw),
    "(b) jieba after OpenCC t2s (HMM on)": lambda raw: _plain_jieba().lcut(to_simplified(raw)),
    "(c) jieba, normalised, HMM off, no lexicon": lambda raw: _plain_jieba().lcut(
        normalize_text(raw), HMM=False
    ),
    "(d) cppcc.segment (pipeline)": lambda raw: cppcc.segment(raw),
    "(e) pipeline with HMM on": lambda raw: cppcc.segment(raw, hmm=True),
}


@functools.lru_cache(maxsize=1)
def results() -> dict[str, dict[str, tuple[float, float, float]]]:
    gold = load_gold()
    subsets = {
        "all": gold,
        "seed (Traditional)": [g for g in gold if g[1] == "T-seed"],
        "own, Traditional": [g for g in gold if g[1] == "T"],
        "own, Simplified": [g for g in gold if g[1] == "S"],
    }
    out = {}
    for name, system in SYSTEMS.items():
        out[name] = {
            sub: score([(system(raw), words) for _, _, raw, words in rows]) for sub, rows in subsets.items()
        }
    return out


def format_table() -> str:
    res = results()
    subs = list(next(iter(res.values())))
    head = "| system | P | R | F1 (all) | " + " | ".join(f"F1 {s}" for s in subs[1:]) + " |"
    lines = [head, "|" + "---|" * (4 + len(subs) - 1)]
    for name, by in res.items():
        p, r, f = by["all"]
        lines.append(
            f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | "
            + " | ".join(f"{by[s][2]:.3f}" for s in subs[1:])
            + " |"
        )
    return "\n".join(lines)


def test_gold_sample_is_well_formed():
    gold = load_gold()
    assert len(gold) >= 150
    assert {g[1] for g in gold} == {"T-seed", "T", "S"}
    assert len({g[0] for g in gold}) == len(gold)
    for sid, _, raw, words in gold:
        assert all(words), sid  # no empty words (double spaces)
        # the normalised raw text is exactly the gold characters (spans are comparable)
        assert _WS.sub("", normalize_text(raw)) == "".join(words), sid
        # and normalisation keeps the length, so spans on the raw text compare too
        assert len(_WS.sub("", raw)) == len("".join(words)), sid


def test_score_counts_words_with_both_boundaries():
    assert score([(["政协", "委员"], ["政协", "委员"])]) == (1.0, 1.0, 1.0)
    assert score([(["政", "协委员"], ["政协", "委员"])]) == (0.0, 0.0, 0.0)
    assert score([(["政协委员"], ["政协", "委员"])]) == (0.0, 0.0, 0.0)
    p, r, f = score([(["临沧市", "政协", "主席"], ["临沧市", "政协主席"])])
    assert (round(p, 3), round(r, 3)) == (0.333, 0.5)


def test_pipeline_f1_on_gold_sample():
    table = format_table()
    print("\n" + table)
    res = results()
    f1 = res["(d) cppcc.segment (pipeline)"]["all"][2]
    assert f1 >= 0.95, table
    # the pipeline must beat both baselines users would otherwise run
    assert f1 > res["(a) jieba on raw text (HMM on)"]["all"][2]
    assert f1 > res["(b) jieba after OpenCC t2s (HMM on)"]["all"][2]


if __name__ == "__main__":  # pragma: no cover
    print(format_table())
