"""The report's shared kernel: a kernel that dies while starting is started again."""

from __future__ import annotations

from jupyter_client.manager import KernelManager

from cppcc.report import kernel


def test_a_kernel_that_dies_at_start_is_started_again(tmp_path, monkeypatch):
    """jupyter_client picks free ports and the kernel binds them a moment later: a kernel starting at the
    same time in another process may take one first, and the kernel dies before it answers ("Address
    already in use", seen once in a test run). Here the first kernel is killed as soon as it is started;
    the build's kernel is started again and answers."""
    starts = []
    start = KernelManager.start_kernel

    def start_and_kill_the_first(self, **kw):
        starts.append(self)
        out = start(self, **kw)
        if len(starts) == 1:
            self._kill_kernel() if hasattr(self, "_kill_kernel") else self.kill_kernel()
        return out

    monkeypatch.setattr(KernelManager, "start_kernel", start_and_kill_the_first)
    kernel._drop_kernel()
    try:
        km = kernel._kernel(str(tmp_path))
        assert len(starts) == 2 and km is starts[1] and km.is_alive()
        assert not starts[0].is_alive()
    finally:
        kernel._drop_kernel()
