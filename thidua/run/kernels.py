"""Fresh kernels for the review notebooks: forked from a warm zygote where that is safe, plain otherwise.

Every notebook runs in a kernel of its own, and the next kernel is always started ahead while the
current notebook runs. On Linux kernels are forked from a warm process (``thidua.run.zygote``) that has
already imported ipykernel, pandas, matplotlib and thidua, so a kernel costs almost nothing; elsewhere,
or with ``THIDUA_KERNELS=plain``, they are ordinary ipykernel processes. A zygote that dies is started
again (its stale socket removed first), so a batch goes on; the review whose kernel died with it is
reported as failed.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing.util
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import run_sync

from thidua.errors import InputError
from thidua.run.zygote import KERNEL_OPTIONS, alive

ZYGOTE, PLAIN = "zygote", "plain"
_PREFIX = "thidua-zygote-"  # socket folders: thidua-zygote-<pid of the pool's process>-<random>
_START_TIMEOUT = 60.0


def kernel_mode() -> str:
    """``zygote`` (fork from a warm process) on Linux, ``plain`` elsewhere; ``THIDUA_KERNELS`` overrides."""
    mode = os.environ.get("THIDUA_KERNELS") or (ZYGOTE if sys.platform.startswith("linux") else PLAIN)
    if mode not in (ZYGOTE, PLAIN):
        raise InputError(f"must be {ZYGOTE} or {PLAIN}, got {mode!r}", field="THIDUA_KERNELS")
    return mode


class Client(AsyncKernelClient):
    """jupyter_client's client, ready as soon as the kernel has answered and gone idle.

    jupyter_client's own wait ends only after 0.2 s with no message on the kernel's output channel: a
    fifth of a second for every notebook of a batch. This one waits for the kernel's idle status after
    its ``kernel_info`` reply, which also proves the output channel is connected, and asks again if it
    does not come.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        """Return once the kernel answered ``kernel_info`` and said it is idle; raise if it died or took too long."""
        deadline = time.monotonic() + (timeout if timeout is not None else _START_TIMEOUT)
        while time.monotonic() < deadline:
            asked = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply" and await self._idle(asked):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
        raise RuntimeError("Kernel didn't respond in time")

    async def _idle(self, asked: str) -> bool:
        """True once the kernel says it is idle after request ``asked`` (within a second)."""
        end = time.monotonic() + 1.0
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return False
            idle = msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
            if idle and msg["parent_header"].get("msg_id") == asked:
                return True
        return False


class KernelPool:
    """Fresh kernels, one per notebook, each started ahead of the notebook that will use it."""

    def __init__(self, cwd: Path, mode: str | None = None) -> None:
        self.mode = mode or kernel_mode()
        self._cwd = cwd
        self._next: AsyncKernelManager | None = None
        self._zygote: subprocess.Popen | None = None
        _remove_dead_pools()
        self._dir = tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=socket_root())
        self._socket = os.path.join(self._dir, "zygote.sock")
        self._count = 0

    def _ensure_zygote(self) -> None:
        """Start the zygote, or start it again after its death; return once it accepts requests."""
        if self._zygote is not None and self._zygote.poll() is None:
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._socket)  # a dead zygote's socket: the new one could not bind to it
        self._zygote = subprocess.Popen(
            [sys.executable, "-m", "thidua.run.zygote", self._socket], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE
        )
        ready, _, _ = select.select([self._zygote.stdout], [], [], _START_TIMEOUT)
        line = self._zygote.stdout.readline() if ready else b""
        self._zygote.stdout.close()
        if line.strip() != b"ready":
            self._zygote.kill()
            raise RuntimeError("the kernel zygote did not start (see its error above)")

    def _argv(self) -> list[str]:
        if self.mode == PLAIN:
            return [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}", *KERNEL_OPTIONS]
        self._ensure_zygote()
        return [sys.executable, "-m", "thidua.run._kernel_stub", self._socket, "{connection_file}"]

    def _start(self) -> AsyncKernelManager:
        self._count += 1
        # IPC sockets in a private folder rather than TCP ports: no other user of the machine can connect.
        # The async manager, as nbclient uses by default: with a blocking one, a dead or hung kernel
        # would block nbclient's event loop and its timeouts would never fire.
        ip = os.path.join(self._dir, f"kernel-{self._count}")
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=ip, client_factory=Client)
        km.kernel_spec.argv = self._argv()
        run_sync(km.start_kernel)(cwd=str(self._cwd))
        return km

    def warm(self) -> None:
        """Start the zygote and the first kernel now, so that the first notebook need not wait for them."""
        if self._next is None:
            self._next = self._start()

    def take(self) -> AsyncKernelManager:
        """A booted (or booting) fresh kernel; another one starts at once for the next call."""
        # A zygote's kernels die with it (see thidua.run.zygote): the one kept ahead is no use after its death.
        zygote_alive = self.mode == PLAIN or (self._zygote is not None and self._zygote.poll() is None)
        alive = self._next is not None and zygote_alive and run_sync(self._next.is_alive)()
        if self._next is not None and not alive:
            with contextlib.suppress(Exception):
                shutdown(self._next)
        km = self._next if alive else self._start()
        self._next = self._start()
        return km

    def close(self) -> None:
        """Shut down the kernel kept ahead and the zygote; remove the socket folder."""
        if self._next is not None:
            with contextlib.suppress(Exception):
                shutdown(self._next)
            self._next = None
        if self._zygote is not None:
            self._zygote.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._zygote.wait(timeout=5)
            self._zygote = None
        shutil.rmtree(self._dir, ignore_errors=True)


def shutdown(km: AsyncKernelManager) -> None:
    """Stop a kernel at once (it served its one notebook, or its run failed).

    The process is killed and reaped here first: jupyter_client would otherwise find it still alive right
    after the kill and sleep a tenth of a second, for every notebook of a batch.
    """
    process = getattr(km.provisioner, "process", None)
    if process is not None:
        with contextlib.suppress(Exception):
            process.kill()
            process.wait(timeout=5)
    run_sync(km.shutdown_kernel)(now=True)


_POOL: KernelPool | None = None


def kernel_pool(cwd: Path) -> KernelPool:
    """This process's kernel pool, closed when the process ends (also in multiprocessing workers)."""
    global _POOL
    if _POOL is None:
        _POOL = KernelPool(cwd)
        atexit.register(_POOL.close)
        multiprocessing.util.Finalize(_POOL, _POOL.close, exitpriority=10)
    return _POOL


_SHORT_ROOT = 40  # a Unix socket path may be 107 bytes at most; its folder and kernel names need the rest


def socket_root() -> str:
    """Where socket folders go: the temporary folder, or /tmp (else /dev/shm) when TMPDIR's path is too long."""
    root = tempfile.gettempdir()
    if len(os.fsencode(root)) <= _SHORT_ROOT:
        return root
    for short in ("/tmp", "/dev/shm"):
        if os.path.isdir(short) and os.access(short, os.W_OK | os.X_OK):
            return short
    return root


def _remove_dead_pools() -> None:
    """Remove the socket folders of kernel pools whose process is gone (killed with SIGKILL, say)."""
    roots = {tempfile.gettempdir(), socket_root()}  # both: TMPDIR may have been shorter or longer before
    for folder in (f for root in roots for f in Path(root).glob(f"{_PREFIX}*-*")):
        pid = folder.name[len(_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and folder.is_dir() and not alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
