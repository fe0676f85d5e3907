"""Work on a file from elsewhere in a child process with bounded time and memory.

Rendering an office's Word template runs the template's own loops and filters: even in Jinja2's
sandbox a template can ask for years of work or gigabytes. The work runs in a forked child with a
ceiling on its address space and CPU time; the parent waits at most ``seconds`` and then kills it.
The child ends with its parent too (Linux's parent-death signal), so a killed command leaves no
orphan. An ``InputError`` in the child comes back as the same one-line error.
"""

from __future__ import annotations

import contextlib
import os
import resource
import select
import signal
import sys
import time
from collections.abc import Callable

from thidua.errors import InputError, LimitExceeded
from thidua.run.signals import die_with_parent

_INPUT, _MEMORY, _FAILED = "input", "memory", "failed"


def run_confined(task: Callable[[], None], *, seconds: float, memory_mb: int, what: str) -> None:
    """Run ``task`` in a child process with at most ``seconds`` and ``memory_mb`` more memory.

    ``what`` names the input in the messages (e.g. the template's path). Raises ``InputError`` when the
    task raised one, ``LimitExceeded`` when it ran out of time or memory.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(reader)
        _child(task, writer, seconds, memory_mb)
    os.close(writer)
    kind, message = "timeout", ""
    try:
        kind, message = _wait(pid, reader, seconds)
    finally:
        os.close(reader)
        if kind == "timeout":  # still running (or interrupted here): end it, then reap it
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    if kind in ("timeout", "cpu"):
        raise LimitExceeded(f"took more than {seconds:g} s; thidua stopped it", file=what)
    if kind == _MEMORY:
        raise LimitExceeded(f"needed more than {memory_mb} MB of memory; thidua stopped it", file=what)
    if kind == _INPUT:
        raise InputError(message)
    if kind != "ok":
        raise LimitExceeded(f"could not be used: {message}", file=what)


def _child(task: Callable[[], None], writer: int, seconds: float, memory_mb: int) -> None:
    code = 0
    try:
        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _limit(seconds, memory_mb)
        task()
        report = "ok\0"
    except InputError as exc:
        report, code = f"{_INPUT}\0{exc}", 2
    except MemoryError:
        report, code = f"{_MEMORY}\0", 3
    except BaseException as exc:  # anything else is told to the parent as one line
        text = str(exc).splitlines()[0] if str(exc) else ""
        report, code = f"{_FAILED}\0{exc.__class__.__name__}: {text[:200]}", 1
    try:
        os.write(writer, report.encode("utf-8", "replace")[:4096])
    finally:
        os._exit(code)


def _limit(seconds: float, memory_mb: int) -> None:
    """Ceilings on this process: address space (what it has now plus ``memory_mb``) and CPU seconds."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    ceiling = pages * os.sysconf("SC_PAGE_SIZE") + memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _wait(pid: int, reader: int, seconds: float) -> tuple[str, str]:
    """The child's report (kind, message), or ("timeout", "") once ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    data = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return "timeout", ""  # the caller kills and reaps it
        ready, _, _ = select.select([reader], [], [], min(left, 0.5))
        if not ready:
            continue
        chunk = os.read(reader, 4096)
        if not chunk:
            break
        data += chunk
    _, status = os.waitpid(pid, 0)
    if not data:  # died without a word: the CPU ceiling (SIGXCPU, SIGKILL) or memory (a failed allocation)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
        return ("cpu", "") if killed else (_MEMORY, "")
    kind, _, message = data.decode("utf-8", "replace").partition("\0")
    return kind, message
