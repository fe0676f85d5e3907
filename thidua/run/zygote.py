"""Fresh kernels without the start-up cost: fork them from a warm process.

A kernel's start-up is mostly importing (ipykernel, pandas, matplotlib, thidua): about a second of
CPU, paid again for every notebook. The zygote imports all that once, then forks one child per
kernel. Each child is a new process with a new IPython shell and an empty namespace, used for one
notebook and then shut down, so every notebook still runs in a fresh kernel.

jupyter_client stays in charge: the kernel command it launches is ``thidua.run._kernel_stub``, a tiny
process that asks the zygote for a kernel, forwards signals (interrupt, terminate) to it and exits
with it. When the stub dies (even by SIGKILL), the zygote kills its kernel.

Each kernel gets the environment jupyter_client gave its stub (sent with the request), not the
zygote's. A kernel that fails to start says why on stderr. The zygote prints ``ready`` once it
accepts requests.

Run as ``python -m thidua.run.zygote SOCKET``; ``thidua.run.kernels.KernelPool`` starts and stops it.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import socket
import sys
import time
import traceback

from thidua.run.signals import die_with_parent

# What every kernel imports as it starts (the kernel and its debugger: pydevd alone is a tenth of a second),
# then the modules the notebooks import (the registry).
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "pandas", "matplotlib")


# A kernel runs one notebook and is gone: it keeps no IPython history (an SQLite file each kernel would
# open and write) and starts no Jedi completion.
KERNEL_OPTIONS = ("--HistoryManager.enabled=False", "--IPCompleter.use_jedi=False")


def alive(pid: int) -> bool:
    """True while ``pid`` runs; a zombie (dead, not yet reaped by its parent) counts as dead."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def _run_kernel(request: dict) -> None:
    """In the forked child: become an ordinary IPython kernel on the request's connection file."""
    die_with_parent()
    os.setsid()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    code = 0
    try:
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(["-f", request["connection_file"], *KERNEL_OPTIONS])
        app.start()
    except SystemExit as exc:  # the kernel was asked to shut down
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        code = 1
        sys.stderr.write(f"thidua: a kernel failed to start (stub {request.get('stub')}):\n")
        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(code)


def serve(path: str) -> None:
    """Answer fork requests on the Unix socket ``path`` until the parent process goes away."""
    from thidua.run.notebooks import preloaded

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # else pydevd warns of frozen modules on import
    for module in (*PRELOAD, *preloaded()):
        importlib.import_module(module)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # exit through the cleanup below
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the run that owns it, which stops it cleanly
    die_with_parent()
    parent = os.getppid()
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # the socket of a zygote that was killed: bind would fail on it
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    server.settimeout(0.2)
    try:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the process that started this one is gone (a worker killed as it started it)
        os._exit(0)
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the parent reads no more than that line
    kernels: dict[int, int] = {}  # kernel pid -> stub pid
    code = 0
    try:
        _loop(server, kernels, parent)
    except SystemExit:  # SIGTERM: the pool is closing
        pass
    except BaseException:
        code = 1
        traceback.print_exc()
    finally:
        for kernel in kernels:
            with contextlib.suppress(ProcessLookupError):
                os.kill(kernel, signal.SIGKILL)
        _reaped(kernels)
        sys.stderr.flush()
        os._exit(code)  # nothing else to flush; tearing down pandas, matplotlib and ipykernel takes a third of a second


def _reaped(kernels: dict[int, int], timeout: float = 2.0) -> None:
    """Wait until the killed kernels are gone.

    This process reaps them (SIGCHLD ignored); exiting first would leave zombies to an init that may never reap them.
    """
    deadline = time.monotonic() + timeout
    for kernel in kernels:
        while time.monotonic() < deadline:
            try:
                os.kill(kernel, 0)
            except ProcessLookupError:
                break
            time.sleep(0.005)


def _loop(server: socket.socket, kernels: dict[int, int], parent: int) -> None:
    while alive(parent) and os.getppid() == parent:
        try:
            conn, _ = server.accept()
        except TimeoutError:
            conn = None
        if conn is not None:
            with conn:
                _answer(server, conn, kernels)
        for kernel, stub in list(kernels.items()):
            if not alive(kernel):
                del kernels[kernel]
            elif not alive(stub):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(kernel, signal.SIGKILL)
                del kernels[kernel]


def _answer(server: socket.socket, conn: socket.socket, kernels: dict[int, int]) -> None:
    """Fork a kernel for one request.

    A stub that vanishes meanwhile (its kernel was shut down while booting) costs that one kernel,
    never the zygote: every later kernel depends on it.
    """
    try:
        conn.settimeout(5)
        request = json.loads(_read_all(conn))
        stub = int(request["stub"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        sys.stderr.write(f"thidua: a kernel request could not be read: {exc}\n")
        return
    pid = os.fork()
    if pid == 0:
        server.close()
        conn.close()
        _run_kernel(request)
    try:
        conn.sendall(str(pid).encode())
    except OSError:  # the stub is gone: so is the use of its kernel
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        return
    kernels[pid] = stub


def _read_all(conn: socket.socket) -> bytes:
    """The whole request: the stub sends it and closes its side for writing."""
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


if __name__ == "__main__":
    serve(sys.argv[1])
