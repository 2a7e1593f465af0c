"""Executing the report's notebooks, one kernel per worker process (:func:`execute_shared`).

Starting a kernel and importing the library (pandas, matplotlib, jieba, cppcc) costs a notebook more
CPU than most of its cells: each worker process of :func:`cppcc.report.build` keeps one kernel and runs
its notebooks in it one after the other, the namespace reset between them (``%reset``, figures closed,
the warnings' filters and "shown once" registries restored, the working directory put back).
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["execute_shared", "CellError"]

#: this process's kernel manager (``"km"``), kept from one notebook to the next
_KERNEL: dict = {}

_RESET = """get_ipython().run_line_magic("reset", "-f")
import os as _os, warnings as _w, matplotlib.pyplot as _plt
_plt.close("all")
try:  # the inline backend renders every figure at the cell's end: pyplot's redraw before it is a wasted draw
    get_ipython().events.unregister("post_execute", _plt._draw_all_if_interactive)
except (AttributeError, ValueError):  # another matplotlib, or already off
    pass
_os.chdir({cwd!r})
if not hasattr(_w, "_cppcc_filters"):
    _w._cppcc_filters = list(_w.filters)
_w.filters[:] = _w._cppcc_filters
getattr(_w, "_filters_mutated", lambda: None)()
del _os, _w, _plt
"""


def _kernel(cwd: str, tries: int = 3):
    """This worker's kernel (started on first use, restarted when it died), reset for a notebook.

    A kernel that dies before it answers is started again, up to ``tries`` times: jupyter_client picks
    free TCP ports and the kernel binds them a moment later, so a kernel starting at the same time in
    another process can take one first ("Address already in use"; seen once in a test run)."""
    for attempt in range(tries):
        km = _start(cwd)
        kc = km.client()
        kc.start_channels()
        try:
            try:
                kc.wait_for_ready(timeout=120)
            except RuntimeError:  # died before replying to kernel_info
                _drop_kernel()
                if attempt == tries - 1:
                    raise
                continue
            reply = kc.execute_interactive(_RESET.format(cwd=cwd), timeout=120, store_history=False,
                                           output_hook=lambda msg: None)
            if reply["content"].get("status") != "ok":
                raise RuntimeError(f"could not reset the kernel: {reply['content'].get('evalue')}")
        finally:
            kc.stop_channels()
        return km


def _start(cwd: str):
    """This worker's kernel manager, its kernel started unless it is alive."""
    from jupyter_client.manager import KernelManager

    km = _KERNEL.get("km")
    if km is None or not km.is_alive():
        import multiprocessing.util

        km = KernelManager(kernel_name="python3")
        # no input history: nothing reads it in a build, and its SQLite writes wait on a busy disk
        km.start_kernel(cwd=cwd, extra_arguments=["--IPKernelApp.log_level=CRITICAL",
                                                  "--HistoryManager.enabled=False"])
        multiprocessing.util.Finalize(km, km.shutdown_kernel, kwargs={"now": True}, exitpriority=10)
        _KERNEL["km"] = km
    return km


def _drop_kernel() -> None:
    km = _KERNEL.pop("km", None)
    if km is not None:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - already dead
            pass


class CellError(RuntimeError):
    """A cell of a notebook raised (as papermill's error: ``ename``, ``evalue``, ``exec_count``)."""

    def __init__(self, ename: str, evalue: str, exec_count):
        super().__init__(f"{ename}: {evalue}")
        self.ename, self.evalue, self.exec_count = ename, evalue, exec_count


def execute_shared(src: Path, dest: Path, parameters: dict | None = None, timeout: int = 600):
    """Run one notebook like :func:`execute` (parameters injected as papermill does, working directory
    the notebook's folder, inline figures), in this process's kernel, reused across notebooks.

    The executed notebook is written to ``dest`` even when a cell fails; then :class:`CellError` is
    raised naming the cell.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from papermill.parameterize import parameterize_notebook

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.pop("MPLBACKEND", None)  # the inline backend captures the figures
    nb = nbformat.read(src, as_version=4)
    nb.metadata.setdefault("papermill", {})
    for cell in nb.cells:  # as papermill's loader: every cell has tags
        cell.metadata.setdefault("tags", [])
    nb = parameterize_notebook(nb, parameters or {}, kernel_name="python3", language="python")
    km = _kernel(str(src.parent))
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(src.parent)}})
    failure = None
    try:
        client.execute()
    except CellExecutionError as exc:
        failed = [c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
        cell = failed[0] if failed else None
        failure = CellError(exc.ename, exc.evalue, cell.get("execution_count") if cell else None)
    except Exception:
        _drop_kernel()  # a dead or stuck kernel: the next notebook gets a new one
        raise
    finally:
        dest.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, dest)
    if failure is not None:
        raise failure
    return nb
