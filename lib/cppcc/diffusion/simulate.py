"""A simulated archive for method checks: a brand planted in an order of adoption, in the corpus' own
sentences.

Real archives never tell the true adoption dates, so the methods of this package are checked on an
archive whose truth is known. :func:`simulate_archive` builds one: units at three levels in a few
provinces, one document per unit and year (or more), each made of sentences drawn from a real corpus
(the corpus at hand: its own complete sentences, not invented filler), and a brand planted in the order of
adoption it is told (by default top-down: provinces, then prefectures, then counties; the last county
never adopts). Every frame it returns says it is simulated: a ``simulated`` column that is True,
``attrs["simulated"]``, doc_ids that begin with ``sim-``, and invented unit names (甲省, 甲省一市,
甲省一市一县) that no real division has.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..common import CLOSERS, SENTENCE_END, is_missing, sentence_spans, stamp
from ..normalize import normalize_text

__all__ = ["simulate_archive", "SimulatedArchive", "PROVINCE_NAMES"]

#: the invented provinces of a simulated archive (甲省, 乙省...): no real division is called so
PROVINCE_NAMES = tuple("甲乙丙丁戊己庚辛壬癸")
_LEVELS = ("province", "prefecture", "county")


class SimulatedArchive(NamedTuple):
    """What :func:`simulate_archive` returns: the documents and the planted truth (both simulated)."""

    docs: pd.DataFrame
    planted: pd.DataFrame


def _sentences(source, brand: str, min_chars: int = 8, max_chars: int = 80) -> list[str]:
    """Distinct complete sentences of the source texts (the project's sentence rule; a line without an
    end mark, such as a heading, is not one), normalised."""
    if source is None:
        from ..corpus import load_speeches

        source = load_speeches()
    if isinstance(source, pd.DataFrame):
        if "text" not in source.columns:
            raise ValueError("cppcc.simulate_archive: `source` needs a `text` column (documents), "
                             f"it has {list(source.columns)}")
        texts = [t for t in source["text"] if not is_missing(t)]
    else:
        texts = [str(t) for t in source]
    out: dict[str, None] = {}
    for text in texts:
        text = normalize_text(str(text))
        for a, b in sentence_spans(text):
            s = text[a:b].strip()
            if (min_chars <= len(s) <= max_chars and brand not in s
                    and s.rstrip("".join(CLOSERS))[-1:] in SENTENCE_END):
                out.setdefault(s, None)
    if len(out) < 3:
        raise ValueError(f"cppcc.simulate_archive: `source` holds {len(out)} usable sentence(s) "
                         f"({min_chars}-{max_chars} characters); at least 3 are needed")
    return list(out)


def _units(provinces: int) -> pd.DataFrame:
    if not 1 <= provinces <= len(PROVINCE_NAMES):
        raise ValueError(f"cppcc.simulate_archive: `provinces` must be 1 to {len(PROVINCE_NAMES)}, "
                         f"got {provinces!r}")
    rows = []
    for p in PROVINCE_NAMES[:provinces]:
        prov, pref, county = f"{p}省", f"{p}省一市", f"{p}省一市一县"
        rows += [{"unit": prov, "level": "province", "province": prov, "prefecture": None, "county": None},
                 {"unit": pref, "level": "prefecture", "province": prov, "prefecture": pref, "county": None},
                 {"unit": county, "level": "county", "province": prov, "prefecture": pref, "county": county}]
    return pd.DataFrame(rows)


def _order(units: pd.DataFrame, adoption, never: int, first: int, last: int) -> dict:
    """unit -> planted adoption year (None: never)."""
    if adoption is not None:
        unknown = sorted(set(adoption) - set(units["unit"]))
        if unknown:
            raise ValueError(f"cppcc.simulate_archive: `adoption` names unknown unit(s) {unknown}; "
                             f"units: {units['unit'].tolist()}")
        out = {u: adoption.get(u) for u in units["unit"]}
        bad = {u: y for u, y in out.items() if y is not None and not first <= int(y) <= last}
        if bad:
            raise ValueError(f"cppcc.simulate_archive: adoption year(s) {bad} outside `years` {first}-{last}")
        return {u: (None if y is None else int(y)) for u, y in out.items()}
    rank = units.assign(_l=units["level"].map({lv: i for i, lv in enumerate(_LEVELS)}),
                        _i=range(len(units))).sort_values(["_l", "_i"], kind="stable")["unit"].tolist()
    if not 0 <= never < len(rank):
        raise ValueError(f"cppcc.simulate_archive: `never` must be 0 to {len(rank) - 1}, got {never!r}")
    adopters = rank[:len(rank) - never]
    inner = list(range(first + 1, last)) or [first]
    years = {u: inner[k * len(inner) // len(adopters)] for k, u in enumerate(adopters)}
    return {u: years.get(u) for u in units["unit"]}


def simulate_archive(source=None, *, provinces: int = 3, years: tuple[int, int] = (2015, 2022),
                     brand: str = "模拟品牌", adoption: dict | None = None, never: int = 1,
                     late_start: int = 1, late_years: int = 2, docs_per_year: int = 1, sentences: int = 6,
                     seed: int = 0) -> SimulatedArchive:
    """A simulated archive with a planted order of adoption of a brand (for method checks only).

    Parameters
    ----------
    source : DataFrame or list of str, optional
        The texts whose sentences make up the documents (the project's sentence rule,
        :func:`cppcc.common.sentence_spans`; complete sentences — ending with 。！？；… — of 8 to 80
        characters, distinct, none holding the brand). Default: :func:`cppcc.load_speeches` (the
        seed). In a notebook pass the corpus at hand.
    provinces : int, default 3
        Invented provinces (甲省, 乙省...), each with three units: the province, one prefecture
        (甲省一市) and one county under it (甲省一市一县).
    years : (int, int), default (2015, 2022)
        First and last year of the archive (inclusive).
    brand : str, default "模拟品牌"
        The planted brand; each adopting unit's documents state it in a sentence of its own,
        “推行“<brand>”。”.
    adoption : dict, optional
        Unit -> year of adoption (None: never). Default: top-down, provinces first, then prefectures,
        then counties (in province order), spread evenly over the inner years; the last ``never``
        units never adopt. A unit adopts on the date of its first document of that year.
    never : int, default 1
        With the default order: how many units (the last ones) never adopt.
    late_start : int, default 1
        How many adopting units have pages that begin only ``late_years`` after their adoption year
        (the middle adopters of the order): their first page already uses the brand, so their first
        mention is left-censored.
    late_years : int, default 2
        See ``late_start``.
    docs_per_year : int, default 1
        Documents per unit and year.
    sentences : int, default 6
        Sentences of corpus text per document (besides the planted passages).
    seed : int, default 0
        Seed of every random draw (sentences, days): the same archive for the same arguments.

    Returns
    -------
    SimulatedArchive
        A named tuple ``(docs, planted)``. ``docs``: one row per document, ``doc_id``
        (``sim-u03-2017-1``), ``date`` (ISO string), ``unit``, ``level``, ``province``, ``prefecture``,
        ``county``, ``text``, ``simulated`` (True), ``planted_mentions`` (how many times the brand was
        written into it), ``planted_from`` (the unit whose passage it copies, in the document where a
        unit adopts; None elsewhere). ``planted``: one row per unit, ``unit``, ``level``,
        ``province``, ``order`` (rank of adoption, 1 first; NaN never), ``adopted`` (the planted
        adoption date, NaT never), ``leader`` (the unit adopted just before it, whose passage
        it copies), ``first_page``, ``last_page``, ``late_start`` (pages begin after adoption:
        left-censored by design), ``simulated`` (True). Both frames have ``attrs["simulated"] = True``,
        ``function`` and the settings.

    Notes
    -----
    Every adopter writes a passage of its own — the brand sentence between two corpus sentences that
    no other passage or filler uses (when the source has enough sentences) — into each of its documents
    from its adoption on; in the document where it adopts it also copies its leader's
    passage word for word, which :func:`cppcc.text_reuse` can find (the planted who-followed-whom).
    Corpus sentences are drawn with replacement, so unrelated documents share sentences too, as real
    ones share stock phrases: edges that carry no term.

    Examples
    --------
    >>> sim = simulate_archive(["协商议事会每年开展两次。", "委员之家建在乡镇。", "履职平台延伸到村。",
    ...                         "政协委员深入基层调研。"], provinces=1, years=(2017, 2021), seed=1)
    >>> sim.planted[["unit", "order", "adopted", "late_start"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['甲省', 1.0, Timestamp('2018-06-04 00:00:00'), False],
     ['甲省一市', 2.0, Timestamp('2019-02-28 00:00:00'), True],
     ['甲省一市一县', nan, NaT, False]]

    甲省 adopts first; 甲省一市 adopts in 2019, but its pages begin two years later (left-censored);
    the county never adopts.

    >>> sim.docs[["doc_id", "unit", "date", "planted_mentions"]].iloc[[0, 1, 5]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['sim-u01-2017-1', '甲省', '2017-01-13', 0], ['sim-u01-2018-1', '甲省', '2018-06-04', 1],
     ['sim-u02-2021-1', '甲省一市', '2021-09-19', 1]]
    >>> bool(sim.docs["simulated"].all()), sim.docs.attrs["simulated"]
    (True, True)
    """
    first_year, last_year = (int(y) for y in years)
    if last_year < first_year:
        raise ValueError(f"cppcc.simulate_archive: `years` must be (first, last) with first <= last, "
                         f"got {years!r}")
    if docs_per_year < 1 or sentences < 0:
        raise ValueError("cppcc.simulate_archive: `docs_per_year` must be >= 1 and `sentences` >= 0")
    brand = normalize_text(brand).strip()
    if not brand:
        raise ValueError("cppcc.simulate_archive: `brand` must be a non-empty string")
    rng = np.random.default_rng(seed)
    pool = _sentences(source, brand)
    units = _units(provinces)
    year_of = _order(units, adoption, never, first_year, last_year)
    adopters = sorted((u for u in units["unit"] if year_of[u] is not None),
                      key=lambda u: (year_of[u], units["unit"].tolist().index(u)))
    leader = {u: (adopters[k - 1] if k else None) for k, u in enumerate(adopters)}
    mid = len(adopters) // 2
    late = set(adopters[max(0, mid - late_start // 2):][:late_start]) if late_start else set()
    bsent = f"推行“{brand}”。"
    # each adopter's passage: the brand sentence between two sentences of its own, drawn without
    # replacement and kept out of the filler (when the source has enough), so that two documents share
    # a passage holding the brand only where one copies the other
    own = rng.permutation(len(pool))
    if len(pool) >= 2 * len(adopters) + 3:
        mine, pool = [pool[i] for i in own[:2 * len(adopters)]], [pool[i] for i in own[2 * len(adopters):]]
    else:
        mine = [pool[i % len(pool)] for i in own.tolist() * 2][:2 * len(adopters)]
    passage = {u: [mine[2 * k], bsent, mine[2 * k + 1]] for k, u in enumerate(adopters)}
    rows, adopted_on = [], {}
    for i, u in enumerate(units["unit"]):
        begin = year_of[u] + late_years if u in late else first_year
        for year in range(first_year, last_year + 1):
            slots = np.linspace(0, 365, docs_per_year + 1)
            for j in range(docs_per_year):
                day = int(rng.integers(int(slots[j]), max(int(slots[j]) + 1, int(slots[j + 1]) - 1)))
                date = pd.Timestamp(year, 1, 1) + pd.Timedelta(days=min(day, 364))
                text = rng.choice(pool, sentences, replace=True).tolist() if sentences else []
                mentions, copied = 0, None
                if year_of[u] is not None and year >= year_of[u]:
                    adopting = u not in adopted_on
                    if adopting:
                        adopted_on[u] = date
                    at = int(rng.integers(0, len(text) + 1))
                    text[at:at] = passage[u]
                    mentions += 1
                    if adopting and leader[u] is not None:
                        at = int(rng.integers(0, len(text) + 1))
                        text[at:at] = passage[leader[u]]
                        mentions, copied = mentions + 1, leader[u]
                if year < begin:
                    continue  # captured pages of this unit begin later
                rows.append({"doc_id": f"sim-u{i + 1:02d}-{year}-{j + 1}", "date": date.date().isoformat(),
                             "unit": u, "text": "".join(text), "planted_mentions": mentions,
                             "planted_from": copied})
    docs = pd.DataFrame(rows).merge(units, on="unit", how="left")
    docs["simulated"] = True
    docs = docs[["doc_id", "date", "unit", "level", "province", "prefecture", "county", "text", "simulated",
                 "planted_mentions", "planted_from"]]
    pages = docs.groupby("unit", sort=False)["date"].agg(["min", "max"])
    planted = units[["unit", "level", "province"]].copy()
    rank = {u: k + 1 for k, u in enumerate(adopters)}
    planted["order"] = planted["unit"].map(rank).astype(float)
    planted["adopted"] = pd.to_datetime(planted["unit"].map(adopted_on))
    planted["leader"] = pd.Series([leader.get(u) for u in planted["unit"]], dtype=object)
    planted["first_page"] = pd.to_datetime(planted["unit"].map(pages["min"]))
    planted["last_page"] = pd.to_datetime(planted["unit"].map(pages["max"]))
    planted["late_start"] = planted["unit"].isin(late)
    planted["simulated"] = True
    settings = {"simulated": True, "function": "simulate_archive", "provinces": provinces,
                "years": [first_year, last_year], "brand": brand, "never": never, "late_start": late_start,
                "late_years": late_years, "docs_per_year": docs_per_year, "sentences": sentences,
                "seed": seed, "source_sentences": len(pool)}
    settings.pop("function")
    stamp(docs, "simulate_archive", **settings)
    stamp(planted, "simulate_archive", **settings)
    return SimulatedArchive(docs, planted)
