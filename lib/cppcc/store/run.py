"""Running a build's batches: the store folder's lock (:class:`BuildLock`) and the per-batch task
run inline, in a local process pool or on a Dask cluster (:func:`run_jobs`), a few batches in
flight at a time. Worker processes of the local pool end with the build, even a killed one."""
from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from .reader import StoreError

__all__ = ["BuildLock", "local_pool", "run_jobs"]

#: the file descriptors of the locks this process holds: a forked worker closes its copies at once, so
#: that only the build process holds its lock (a worker that outlives it never keeps the folder locked)
_HELD: set[int] = set()


class BuildLock:
    """The lock of a store folder (``<out>/.lock``), held by one build at a time.

    An operating-system lock on an open file: it goes with the process that holds it, so a killed
    build leaves no stale lock. A second build into the folder fails at once with a StoreError.
    """

    def __init__(self, out: Path):
        self.out, self.path, self.fh = out, out / ".lock", None

    def __enter__(self):
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            _lock(fh)
        except OSError:
            fh.seek(0)
            who = fh.read().strip() or "another process"
            fh.close()
            raise StoreError(f"{self.out}: another build_store is writing this store ({who}); wait for it "
                             "to finish or build into another folder") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} on {socket.gethostname()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        fh.flush()
        self.fh = fh
        _HELD.add(fh.fileno())
        return self

    def __exit__(self, *exc):
        _HELD.discard(self.fh.fileno())
        try:
            self.fh.seek(0)
            self.fh.truncate()
            _unlock(self.fh)
        finally:
            self.fh.close()
            self.fh = None


def _lock(fh) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fh) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _worker_init(parent: int) -> None:
    """In each worker of the local pool: end when the build process ends, however it ends.

    On Linux the kernel kills the worker when its parent dies (``PR_SET_PDEATHSIG``); everywhere a
    watchdog thread ends it within a second of its parent's death (its parent id changes)."""
    import signal

    for fd in list(_HELD):  # the build's lock is the build's: this copy of its descriptor goes
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()
    if os.getppid() != parent:  # the build died before this worker started
        os._exit(1)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="cppcc-store-watchdog", daemon=True).start()


def _ready() -> int:
    return os.getpid()


@contextmanager
def local_pool(n_jobs: int | None, client):
    """The local process pool of a build (None: inline or on Dask), its workers started at once.

    Started before the build lists its pages: forked workers share their parent's memory as it is
    then, and the list of a million pages, made later, is not copied into every worker."""
    n_jobs = (os.cpu_count() or 1) if n_jobs is None else max(1, int(n_jobs))
    if client is not None or n_jobs == 1:
        yield None
        return
    from ..text.analyse import _mp_context, segment

    segment("政协")  # load the lexicon once, before forking: the workers inherit it
    with ProcessPoolExecutor(max_workers=n_jobs, mp_context=_mp_context(), initializer=_worker_init,
                             initargs=(os.getpid(),)) as pool:
        wait([pool.submit(_ready) for _ in range(n_jobs)])
        pool.n_jobs = n_jobs
        yield pool


def run_jobs(jobs: Iterator[dict], task: Callable, n_pages: int, client, pool,
             progress: bool | None) -> dict:
    """Run ``task`` over ``jobs`` (a few in flight at a time): inline, in ``pool`` (a
    :func:`local_pool`) or on a Dask cluster. Returns the summed summaries."""
    from tqdm.auto import tqdm

    total = {"pages": 0, "documents": 0, "tokens": 0, "warnings": 0, "batches": 0}
    show = (n_pages > 200) if progress is None else bool(progress)
    bar = tqdm(total=n_pages, desc="store", unit="page", disable=not show)

    def add(res: dict) -> None:
        for k in ("pages", "documents", "tokens", "warnings"):
            total[k] += res[k]
        total["batches"] += 1
        bar.update(res["pages"])

    try:
        if client is not None:
            _run_dask(jobs, task, client, add)
            return total
        if pool is None:
            for job in jobs:
                add(task(job))
            return total
        _window(
            jobs,
            lambda job: pool.submit(task, job),
            lambda fs: wait(fs, return_when=FIRST_COMPLETED),
            add,
            2 * pool.n_jobs,
        )
        return total
    finally:
        bar.close()


def _window(jobs: Iterator[dict], submit: Callable, wait_some: Callable, add: Callable, size: int) -> None:
    """Keep at most ``size`` tasks in flight (bounded memory whatever the number of batches)."""
    pending: set = set()
    for job in jobs:
        pending.add(submit(job))
        if len(pending) >= size:
            done, pending = wait_some(pending)
            for f in done:
                add(f.result())
    while pending:
        done, pending = wait_some(pending)
        for f in done:
            add(f.result())


def _run_dask(jobs: Iterator[dict], task: Callable, client, add: Callable) -> None:
    from distributed import wait as dwait

    n = max(1, len(client.scheduler_info().get("workers", {})))

    def submit(job):
        return client.submit(task, job, key=f"cppcc-store-{job['part']}", pure=False)

    def wait_some(fs):
        res = dwait(list(fs), return_when="FIRST_COMPLETED")
        return set(res.done), set(res.not_done)

    _window(jobs, submit, wait_some, add, 2 * n)
