"""Stopping a run cleanly: SIGINT and SIGTERM become a stop request that every running part watches.

A stop kills the running notebook's kernel, lets no further notebook or review start, and ends the
command with exit 130 and one line (see ``thidua.run.make.execute`` and ``thidua.run.batch``).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading

_STOP = threading.Event()


def stop_requested() -> bool:
    """True once this process was asked to stop by SIGINT or SIGTERM (see :func:`catch_signals`)."""
    return _STOP.is_set()


def request_stop(signum: int | None = None, _frame: object = None) -> None:
    """Ask the run to stop: the running notebook's kernel is killed, no further notebook or review starts."""
    _STOP.set()


def catch_signals() -> None:
    """Turn SIGTERM and SIGINT into a stop request, so an interrupted run cleans up, says so, exits 130."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, request_stop)


_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask Linux to send ``sig`` to this process when the process that started it dies, however it dies.

    Elsewhere a no-op. A batch killed with SIGKILL (or by the out-of-memory killer) then leaves no
    worker, zygote or kernel behind; a worker asks for SIGTERM, to stop its review and close its kernels.
    """
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sig)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
