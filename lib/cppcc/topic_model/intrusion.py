"""Validation by people: word- and topic-intrusion tasks, a coding sheet, and their scores.

The tasks and scores follow Chang et al. (2009), "Reading tea leaves", as the oolong package
(Chan & Sältzer 2020) builds and scores them:

- **Word intrusion** (:func:`word_intrusion`): for each topic, its ``n_terms`` (5) best words and one
  *intruder*: a word among the best words of the other topics whose rank in this topic lies beyond
  the ``bottom`` (60th) percentile of those words' ranks in it. A coder who finds the intruder read
  the topic as one thing. **Model precision** is the share of answered items whose answer is the
  intruder (chance: one in ``n_terms + 1``); the p-value is the one-sided binomial test against
  chance.
- **Topic intrusion** (:func:`topic_intrusion`): a sample of units (paragraphs or documents), each
  shown with the labels (best words) of its ``n_topics`` (3) largest topics and one intruder topic
  drawn from the others. **Topic log odds** of an item is ``log(share of the intruder) - log(share
  of the topic the coder picked)`` in that unit: 0 when the coder picked the intruder, more
  negative the more the model disagrees with the coder. The p-value is oolong's: the share of 1,500
  sets of random answers whose median topic log odds exceeds the coders' median.

The coding sheet (:func:`write_coding_sheet`, ``.csv`` or ``.xlsx``) holds the items without the
answers (the intruders stay in the task frames you keep); coders write the number of the option
they pick in ``answer``; :func:`read_coding_sheet` reads it back and :func:`score_intrusion` scores it.
"""
from __future__ import annotations

from pathlib import Path
from ..export import write_table

import numpy as np
import pandas as pd

__all__ = ["word_intrusion", "topic_intrusion", "write_coding_sheet", "read_coding_sheet", "score_intrusion"]

INSTRUCTIONS = (
    "Word intrusion: each row lists words of one topic and one word that does not belong. "
    "Write the number of the word that does not belong in 'answer'.\n"
    "Topic intrusion: each row shows a passage and some topics, each described by its words; all but one "
    "describe the passage. Write the number of the topic that does not fit the passage in 'answer'.\n"
    "Leave 'answer' empty to skip an item."
)


def _ranked(result, by: str) -> pd.DataFrame:
    if by not in ("prob", "frex"):
        raise ValueError(f"cppcc.topics intrusion: by must be 'prob' or 'frex', not {by!r}")
    col = "rank" if by == "prob" else "frex_rank"
    return result.terms[["topic", "term", col]].rename(columns={col: "r"})


def word_intrusion(result, n_terms: int = 5, *, by: str = "prob", bottom: float = 0.6,
                   seed: int = 0) -> pd.DataFrame:
    """One word-intrusion item per topic of a :class:`~cppcc.topic_model.TopicsResult`.

    Returns the task frame with the key: ``item``, ``topic``, ``word_1`` … ``word_{n_terms+1}`` (in
    the order shown to coders), ``intruder`` (the word) and ``intruder_position`` (1-based). ``attrs``
    hold ``task="word"`` and the settings. Keep it: :func:`score_intrusion` needs it.
    """
    if result.attrs["k"] < 2:
        raise ValueError("cppcc.topics word_intrusion: a word-intrusion task needs at least 2 topics")
    ranked = _ranked(result, by)
    rng = np.random.default_rng(seed)
    top = ranked[ranked["r"] <= n_terms]
    pool = list(dict.fromkeys(top.sort_values(["topic", "r"])["term"]))
    rows = []
    for i, name in enumerate(result.names, start=1):
        mine = ranked[ranked["topic"] == name].set_index("term")["r"]
        good = mine.nsmallest(n_terms).index.tolist()
        pos = mine.reindex(pool).dropna()
        pos = pos[~pos.index.isin(good)]
        candidates = sorted(pos[pos > np.quantile(pos, bottom)].index) if len(pos) else []
        if not candidates:
            candidates = sorted(pos.index)
        if not candidates:
            raise ValueError(f"cppcc.topics word_intrusion: no intruder word for topic {name!r}")
        intruder = candidates[rng.integers(len(candidates))]
        position = int(rng.integers(1, n_terms + 2))
        words = list(rng.permutation(good))
        words.insert(position - 1, intruder)
        rows.append({"item": i, "topic": name, **{f"word_{j}": w for j, w in enumerate(words, start=1)},
                     "intruder": intruder, "intruder_position": position})
    out = pd.DataFrame(rows)
    out.attrs.update({"function": "word_intrusion", "task": "word", "n_choices": n_terms + 1, "by": by,
                      "bottom": bottom, "seed": seed, "k": result.attrs["k"]})
    return out


def topic_intrusion(result, texts: pd.DataFrame, n: int = 15, *, n_topics: int = 3, label_terms: int = 8,
                    by: str = "prob", seed: int = 0) -> pd.DataFrame:
    """Topic-intrusion items for a random sample of ``n`` units with text.

    ``texts`` holds the units' id columns and ``text`` (:func:`cppcc.paragraphs` for paragraphs, the
    speeches for documents). Returns the task frame with the key: ``item``, the unit's id columns,
    ``text``, ``option_1`` … ``option_{n_topics+1}`` (topic labels: their best words),
    ``topic_1`` … (the topics' names), ``share_1`` … (the unit's shares of them), ``intruder`` and
    ``intruder_position``.
    """
    k = result.attrs["k"]
    if k < n_topics + 1:
        raise ValueError(f"cppcc.topics topic_intrusion: needs at least {n_topics + 1} topics (k={k})")
    missing = [c for c in [*result.keys, "text"] if c not in texts.columns]
    if missing:
        raise ValueError(f"cppcc.topics topic_intrusion: `texts` is missing column(s) {missing}")
    ranked = _ranked(result, by)
    labels = {name: " ".join(g.nsmallest(label_terms, "r")["term"])
              for name, g in ranked.groupby("topic", observed=True, sort=False)}
    ids = result.units[result.keys].astype(str)
    lookup = texts.assign(**{c: texts[c].astype(str) for c in result.keys}).drop_duplicates(result.keys)
    text = ids.merge(lookup[[*result.keys, "text"]], on=result.keys, how="left")["text"]
    have = np.flatnonzero(text.notna().to_numpy())
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(have, min(n, len(have)), replace=False))
    theta = result.theta
    rows = []
    for item, u in enumerate(sample, start=1):
        order = np.argsort(-theta[u], kind="stable")
        shown, others = list(order[:n_topics]), order[n_topics:]
        intruder = int(others[rng.integers(len(others))])
        position = int(rng.integers(1, n_topics + 2))
        shown = list(rng.permutation(shown))
        shown.insert(position - 1, intruder)
        row = {"item": item, **ids.iloc[u].to_dict(), "text": text.iloc[u]}
        row.update({f"option_{j}": labels[result.names[t]] for j, t in enumerate(shown, start=1)})
        row.update({f"topic_{j}": result.names[t] for j, t in enumerate(shown, start=1)})
        row.update({f"share_{j}": float(theta[u, t]) for j, t in enumerate(shown, start=1)})
        row.update({"intruder": result.names[intruder], "intruder_position": position})
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update({"function": "topic_intrusion", "task": "topic", "n_choices": n_topics + 1, "by": by,
                      "label_terms": label_terms, "seed": seed, "k": k, "units": list(result.keys)})
    return out


def _task(tasks: pd.DataFrame) -> str:
    task = tasks.attrs.get("task") or ("topic" if "share_1" in tasks.columns else "word")
    if task not in ("word", "topic"):
        raise ValueError(f"cppcc.topics intrusion: unknown task {task!r}")
    return task


def _sheet(tasks: pd.DataFrame) -> pd.DataFrame:
    """The coders' rows of one task frame: no key columns."""
    task = _task(tasks)
    prefix = "word_" if task == "word" else "option_"
    opts = [c for c in tasks.columns if c.startswith(prefix)]
    sheet = pd.DataFrame({"task": task, "item": tasks["item"],
                          "text": tasks["text"] if task == "topic" else ""})
    for j, c in enumerate(opts, start=1):
        sheet[f"option_{j}"] = tasks[c].to_numpy()
    sheet["answer"] = ""
    return sheet


def write_coding_sheet(path, *tasks: pd.DataFrame) -> Path:
    """Write the items of one or more task frames to a coding sheet without their answers.

    ``path`` ends in ``.csv`` (UTF-8 with a byte-order mark, which Excel reads as Unicode) or ``.xlsx``
    (a sheet ``coding`` and a sheet ``instructions``). Columns: ``task``, ``item``, ``text`` (the
    passage of a topic-intrusion item), ``option_1`` …, ``answer`` (empty: the coder writes the number
    of the option that does not belong). Returns the path.

    Examples
    --------
    >>> import tempfile
    >>> t = pd.DataFrame({"item": [1], "topic": ["a"], "word_1": ["基层"], "word_2": ["省委"],
    ...                   "intruder": ["省委"], "intruder_position": [2]})
    >>> p = write_coding_sheet(Path(tempfile.mkdtemp()) / "sheet.csv", t)
    >>> read_coding_sheet(p).columns.tolist()
    ['task', 'item', 'text', 'option_1', 'option_2', 'answer', 'coder']
    """
    if not tasks:
        raise ValueError("cppcc.topics write_coding_sheet: pass at least one task frame")
    path = Path(path)
    sheet = pd.concat([_sheet(t) for t in tasks], ignore_index=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        write_table(sheet, path)
    elif path.suffix.lower() == ".xlsx":
        notes = pd.DataFrame({"instructions": INSTRUCTIONS.split("\n")})
        write_table({"coding": sheet, "instructions": notes}, path)
    else:
        raise ValueError(f"cppcc.topics write_coding_sheet: {path}: the file must end in .csv or .xlsx")
    return path


def read_coding_sheet(path, coder: str | None = None) -> pd.DataFrame:
    """A coding sheet written by :func:`write_coding_sheet` and filled in, with a ``coder`` column
    (``coder``, default the file's name without suffix)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        sheet = pd.read_csv(path, encoding="utf-8-sig", dtype={"task": str, "text": str},
                            keep_default_na=False)
    elif path.suffix.lower() == ".xlsx":
        sheet = pd.read_excel(path, sheet_name="coding", dtype={"task": str, "text": str})
        sheet = sheet.fillna({"text": ""})
    else:
        raise ValueError(f"cppcc.topics read_coding_sheet: {path}: the file must end in .csv or .xlsx")
    missing = [c for c in ("task", "item", "answer") if c not in sheet.columns]
    if missing:
        raise ValueError(f"cppcc.topics read_coding_sheet: {path} is missing column(s) {missing}")
    sheet["coder"] = coder if coder is not None else path.stem
    return sheet


def _answers(tasks: pd.DataFrame, coded: pd.DataFrame, task: str) -> pd.DataFrame:
    """One row per (coder, item) of this task: the option number picked (NaN when unanswered)."""
    coded = coded.copy()
    if "task" in coded.columns:
        coded = coded[coded["task"].astype(str) == task]
    if "coder" not in coded.columns:
        coded["coder"] = "coder"
    prefix = "word_" if task == "word" else "option_"
    opts = [c for c in tasks.columns if c.startswith(prefix)]
    merged = coded[["coder", "item", "answer"]].merge(tasks, on="item", how="inner")
    picked = []
    for _, row in merged.iterrows():
        a = row["answer"]
        if a is None or (isinstance(a, float) and np.isnan(a)) or str(a).strip() == "":
            picked.append(np.nan)
            continue
        text = str(a).strip()
        try:
            number = int(float(text))
        except ValueError:
            choices = [str(row[c]) for c in opts]
            number = choices.index(text) + 1 if text in choices else -1
        if not 1 <= number <= len(opts):
            raise ValueError(f"cppcc.topics score_intrusion: item {row['item']} of {row['coder']}: answer "
                             f"{a!r} is not an option number 1-{len(opts)}")
        picked.append(number)
    merged["picked"] = picked
    return merged


def score_intrusion(tasks: pd.DataFrame, coded: pd.DataFrame, *, per_item: bool = False,
                    seed: int = 0) -> pd.DataFrame:
    """Score coded intrusion items against their task frame.

    Parameters
    ----------
    tasks : DataFrame
        :func:`word_intrusion` or :func:`topic_intrusion` output (with the key).
    coded : DataFrame
        ``item``, ``answer`` (the option number, or the option's text), optionally ``coder`` and
        ``task`` (e.g. :func:`read_coding_sheet` of one or more coders, concatenated).
    per_item : bool, default False
        Return one row per coder and item (``picked``, ``correct``, ``tlo``) instead of the summary.
    seed : int, default 0
        Random answers of the topic log odds' p-value.

    Returns
    -------
    DataFrame
        One row per coder: ``task``, ``coder``, ``items``, ``answered``, ``correct``,
        ``model_precision`` (word task), ``tlo_mean`` and ``tlo_median`` (topic task), ``chance``
        (share correct by guessing), ``p_value``.

    Examples
    --------
    >>> t = pd.DataFrame({"item": [1, 2], "topic": ["a", "b"], "word_1": ["基层", "立法"],
    ...                   "word_2": ["省委", "乡镇"], "intruder": ["省委", "乡镇"],
    ...                   "intruder_position": [2, 2]})
    >>> coded = pd.DataFrame({"item": [1, 2], "answer": [2, 1]})
    >>> score_intrusion(t, coded)[["coder", "answered", "correct", "model_precision"]].values.tolist()
    [['coder', 2, 1, 0.5]]
    """
    from scipy.stats import binomtest

    task = _task(tasks)
    merged = _answers(tasks, coded, task)
    n_choices = len([c for c in tasks.columns if c.startswith("word_" if task == "word" else "option_")])
    answered = merged["picked"].notna()
    merged["correct"] = answered & (merged["picked"] == merged["intruder_position"])
    if task == "topic":
        shares = merged[[f"share_{j}" for j in range(1, n_choices + 1)]].to_numpy(dtype=float)
        pos = merged["intruder_position"].to_numpy(dtype=int) - 1
        pick = np.nan_to_num(merged["picked"].to_numpy(dtype=float), nan=1).astype(int) - 1
        rows_ = np.arange(len(merged))
        tlo = np.log(shares[rows_, pos]) - np.log(shares[rows_, pick])
        merged["tlo"] = np.where(answered, tlo, np.nan)
    if per_item:
        keep = ["coder", "item", "picked", "correct"] + (["tlo"] if task == "topic" else [])
        return merged[keep].reset_index(drop=True)
    rng = np.random.default_rng(seed)
    rows = []
    for coder, g in merged.groupby("coder", sort=False):
        a = g[g["picked"].notna()]
        n_ans, n_ok = len(a), int(a["correct"].sum())
        row = {"task": task, "coder": coder, "items": len(tasks), "answered": n_ans, "correct": n_ok,
               "model_precision": n_ok / n_ans if n_ans and task == "word" else np.nan,
               "tlo_mean": np.nan, "tlo_median": np.nan, "chance": 1 / n_choices, "p_value": np.nan}
        if n_ans and task == "word":
            row["p_value"] = binomtest(n_ok, n_ans, 1 / n_choices, alternative="greater").pvalue
        if n_ans and task == "topic":
            row["tlo_mean"], row["tlo_median"] = float(a["tlo"].mean()), float(a["tlo"].median())
            sh = a[[f"share_{j}" for j in range(1, n_choices + 1)]].to_numpy(dtype=float)
            ip = a["intruder_position"].to_numpy(dtype=int) - 1
            r_ = np.arange(n_ans)
            monkeys = np.array([np.median(np.log(sh[r_, ip])
                                          - np.log(sh[r_, rng.integers(0, n_choices, n_ans)]))
                                for _ in range(1500)])
            row["p_value"] = float((monkeys > row["tlo_median"]).mean())
        rows.append(row)
    out = pd.DataFrame(rows, columns=["task", "coder", "items", "answered", "correct", "model_precision",
                                      "tlo_mean", "tlo_median", "chance", "p_value"])
    out.attrs.update({"function": "score_intrusion", "task": task, "n_choices": n_choices, "seed": seed})
    return out
