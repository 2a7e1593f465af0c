"""Shared fixtures: the seed page's vocabulary, collected with the library."""
from __future__ import annotations

import re

import pytest

import cppcc


def seed_vocabulary() -> dict[str, set[str]]:
    """The seed's units (full and short forms, English names), speakers, date and phrases (quoted
    terms of three or more characters and numbered formulas), collected with the library."""
    sp = cppcc.load_speeches()
    quotes, formulas = cppcc.quoted_terms(sp), cppcc.numbered_formulas(sp)
    gloss = cppcc.glossary(as_dict=True)
    units: set[str] = set()
    for col in ("region", "province", "prefecture", "county"):
        for v in sp[col].dropna():
            units.add(v)
            short = re.sub(r"(省|市|区|县)$", "", v)
            if len(short) >= 2:
                units.add(short)
            if v in gloss:
                units.add(re.split(r"[\s,;(]", gloss[v])[0])
    phrases = set(quotes.loc[(quotes["kind"] == "quote") & (quotes["term"].str.len() >= 3), "term"])
    phrases |= set(formulas["formula"])
    phrases = {p for p in phrases if not p.isdigit()}
    return {"unit": units, "speaker": set(sp["speaker"].dropna()), "date": {"2020-08-24"}, "phrase": phrases}



@pytest.fixture(scope="session")
def seed_vocab() -> dict[str, set[str]]:
    return seed_vocabulary()
