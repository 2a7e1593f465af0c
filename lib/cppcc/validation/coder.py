"""A small coder for JupyterLab (ipywidgets): one sentence at a time, a checkbox per category.

The coder sees the sentence (bold) between its neighbours, and the categories with their English
and Chinese labels (the definition on hover); never the stratum or the machine's categories.
*Save and next* stores the answer and writes the coder's Parquet file at once (tidy codes
``coder, item, category, value, coded_at``, the format :func:`cppcc.validation.read_codes` and
:func:`cppcc.validation.score_coding` read), so closing the notebook loses nothing; opening the
coder again on the same file resumes at the first sentence not yet coded, and *Previous* shows
earlier answers, which can be changed.
"""
from __future__ import annotations

import html
import os
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from ..common import require_columns
from .sheet_io import NONE, _categories

__all__ = ["coder_widget", "CoderApp"]


class CoderApp:
    """The state and widgets of one coder's session (see :func:`coder_widget`)."""

    def __init__(self, sheet: pd.DataFrame, path, coder: str, codebook=None):
        import ipywidgets as w

        require_columns(sheet, ["item", "text"], "coder_widget", "sheet")
        if not str(coder).strip():
            raise ValueError("cppcc.coder_widget: `coder` must name the coder")
        self.coder, self.path = str(coder), Path(path)
        self.cats, label_en, label_zh, definition = _categories(sheet, codebook)
        cols = [c for c in ("item", "before", "text", "after") if c in sheet.columns]
        self.items = sheet[cols].reset_index(drop=True)  # only what a coder may see
        self.codes: dict[int, dict[str, int]] = self._load()
        self.header, self.body, self.status = w.HTML(), w.HTML(), w.HTML()
        self.boxes = {
            c: w.Checkbox(description=f"{label_en.get(c, c)} · {label_zh.get(c, '')}".rstrip(" ·"),
                          tooltip=str(definition.get(c, "")) or None, indent=False,
                          layout=w.Layout(width="auto"))
            for c in self.cats
        }
        self.boxes[NONE] = w.Checkbox(description="none of these", indent=False,
                                      layout=w.Layout(width="auto"))
        for c, box in self.boxes.items():
            box.observe(lambda change, c=c: self._exclusive(c, change), names="value")
        self.previous = w.Button(description="Previous", icon="arrow-left")
        self.next = w.Button(description="Save and next", icon="check", button_style="primary")
        self.previous.on_click(lambda _: self.go(self.pos - 1))
        self.next.on_click(lambda _: self.answer())
        self.widget = w.VBox([self.header, self.body, w.VBox(list(self.boxes.values())),
                              w.HBox([self.previous, self.next]), self.status])
        uncoded = [i for i, item in enumerate(self.items["item"]) if int(item) not in self.codes]
        self.pos = 0
        self.go(uncoded[0] if uncoded else len(self.items) - 1)

    # ------------------------------------------------------------------ state
    def _load(self) -> dict[int, dict[str, int]]:
        if not self.path.is_file():
            return {}
        df = pd.read_parquet(self.path)
        df = df[df["coder"] == self.coder]
        return {int(i): dict(zip(g["category"], g["value"].astype(int))) for i, g in df.groupby("item")}

    def save(self) -> None:
        """Write every answer of this coder to the Parquet file (atomically: a temporary file, then a rename);
        other coders' rows in the same file are kept."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows = [(self.coder, item, c, int(v), self.stamps.get(item, now))
                for item, marks in self.codes.items() for c, v in marks.items()]
        df = pd.DataFrame(rows, columns=["coder", "item", "category", "value", "coded_at"])
        df["item"], df["value"] = df["item"].astype("int64"), df["value"].astype("int64")
        if self.path.is_file():
            old = pd.read_parquet(self.path)
            df = pd.concat([old[old["coder"] != self.coder], df], ignore_index=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        df.to_parquet(tmp, index=False)
        os.replace(tmp, self.path)

    @property
    def stamps(self) -> dict[int, str]:
        if not hasattr(self, "_stamps"):
            self._stamps = {}
        return self._stamps

    # ------------------------------------------------------------------ actions
    def _exclusive(self, name: str, change) -> None:
        """'none of these' and the categories exclude each other."""
        if not change["new"]:
            return
        if name == NONE:
            for c in self.cats:
                self.boxes[c].value = False
        else:
            self.boxes[NONE].value = False

    def go(self, pos: int) -> None:
        """Show item number ``pos`` (0-based, clipped), with its saved answer if any."""
        self.pos = max(0, min(int(pos), len(self.items) - 1))
        if len(self.items) == 0:
            self.header.value, self.body.value = "<b>The sheet has no sentences.</b>", ""
            return
        row = self.items.iloc[self.pos]
        item = int(row["item"])
        done = len(self.codes)
        self.header.value = (f"<b>Sentence {self.pos + 1} of {len(self.items)}</b> (item {item}) · "
                             f"{done} coded by {html.escape(self.coder)}")
        esc = {k: html.escape(str(row.get(k, "") or "")) for k in ("before", "text", "after")}
        self.body.value = (f"<div style='line-height:1.8'><span style='color:#777'>{esc['before']}</span> "
                           f"<b style='background:#fff3c4'>{esc['text']}</b> "
                           f"<span style='color:#777'>{esc['after']}</span></div>")
        marks = self.codes.get(item, {})
        for c in self.cats:
            self.boxes[c].value = bool(marks.get(c, 0))
        self.boxes[NONE].value = bool(marks) and not any(marks.values())
        self.previous.disabled = self.pos == 0
        self.status.value = ""

    def answer(self, categories=None) -> bool:
        """Store the marks (the ticked boxes, or ``categories`` when given: a list, empty for "none"),
        save the file and move on. Returns False, with a message, when nothing is ticked."""
        if categories is not None:
            chosen = set(categories)
            bad = sorted(chosen - set(self.cats))
            if bad:
                raise ValueError(f"cppcc.coder_widget: unknown categories {bad}")
            for c in self.cats:
                self.boxes[c].value = c in chosen
            self.boxes[NONE].value = not chosen
        if not any(box.value for box in self.boxes.values()):
            self.status.value = ("<span style='color:#b00'>Tick every category that applies, "
                                 "or 'none of these'.</span>")
            return False
        item = int(self.items.iloc[self.pos]["item"])
        self.codes[item] = {c: int(self.boxes[c].value) for c in self.cats}
        self.stamps[item] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.save()
        if self.pos < len(self.items) - 1:
            self.go(self.pos + 1)
        else:
            self.status.value = f"<b>All {len(self.items)} sentences shown; {len(self.codes)} coded.</b>"
        return True

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def coder_widget(sheet: pd.DataFrame, path, coder: str, codebook=None) -> CoderApp:
    """A coder for one person in JupyterLab: display the returned object in a cell.

    Parameters
    ----------
    sheet : DataFrame
        From :func:`cppcc.validation.coding_sheet` or :func:`~cppcc.validation.read_coding_sheet`
        (only ``item``, ``before``, ``text`` and ``after`` are shown).
    path : str or Path
        The coder's Parquet file (created; written after every answer; other coders' rows kept).
    coder : str
        The coder's name, stored with each code.
    codebook : optional
        Categories and labels; default: those recorded in ``sheet.attrs``, else the packaged codebook.

    Returns
    -------
    CoderApp
        ``.widget`` (the ipywidgets box), ``.answer(categories=None)``, ``.go(pos)``, ``.codes``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> sheet = pd.DataFrame({"item": [1, 2], "before": ["", ""], "text": ["建好委员之家。", "天气好。"],
    ...                       "after": ["", ""]})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ann.parquet"
    >>> app = coder_widget(sheet, path, "ann", codebook={"platforms": ["委员之家"]})
    >>> app.answer(["platforms"]), app.answer([])
    (True, True)
    >>> pd.read_parquet(path)[["item", "category", "value"]].values.tolist()
    [[1, 'platforms', 1], [2, 'platforms', 0]]
    """
    return CoderApp(sheet, path, coder, codebook)
