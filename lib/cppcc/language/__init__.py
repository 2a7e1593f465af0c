"""The political language of the speeches: quotations, numbered formulas, numeric claims, measures.

Chinese official speech has a vocabulary of its own that general text tools do not see:

* quoted policy brands and slogans (“有事好商量”, “吉思广益”) and cited documents (《…》);
* numbered political formulas (“两个薄弱”, “三个重要”, “三好三单”, “双反馈一验证”);
* numeric claims written with Arabic or Chinese numerals, magnitudes and approximations
  (“十二项”, “65万”, “4000余名”, “30多场次”, “分别不低于25个、20个、15个”);
* enumerated measures (一是/二是…) that open with a verb of action (建立, 完善, 开展, 明确…).

Every public function takes the speeches frame (``doc_id`` and ``text``; ``headline`` and
``summary`` are read too when present) and returns a tidy frame with one row per item that keeps
``doc_id`` and records in ``attrs`` the function, its settings and its grouping
(:func:`cppcc.common.stamp`). Each field is passed through :func:`cppcc.normalize_text` first, so
the functions work on raw Traditional text with half-width punctuation as well as on the loader's
normalised text; ``position`` is the character offset in the *normalised* field.

The rules (what counts as a formula or a claim) are documented on each function and kept as data
at the top of their module so that they can be read and audited. One module per job:

``fields``    the fields read, their sentences, the result frame;
``numerals``  the value of Arabic and Chinese numerals (:func:`cn_number`);
``quotes``    quotations and book titles (:func:`quoted_terms`), quoted forms (:func:`quoted_forms`);
``formulas``  numbered formulas (:func:`numbered_formulas`);
``claims``    numeric claims (:func:`numeric_claims`);
``measures``  the leading verb of enumerated measures (:func:`classify_measures`).
"""
from __future__ import annotations

from .claims import UNITS, numeric_claims
from .fields import FIELDS
from .formulas import COUNTED_CORES, FORMULA_HEADS, KNOWN_FORMULAS, numbered_formulas
from .measures import classify_measures, measure_verbs
from .numerals import cn_number
from .quotes import QUOTE_MARKS, quoted_forms, quoted_terms

__all__ = [
    "quoted_terms",
    "quoted_forms",
    "numbered_formulas",
    "numeric_claims",
    "classify_measures",
    "measure_verbs",
    "cn_number",
    "FIELDS",
    "QUOTE_MARKS",
    "KNOWN_FORMULAS",
    "FORMULA_HEADS",
    "COUNTED_CORES",
    "UNITS",
]
