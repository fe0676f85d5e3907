"""Kernels forked from the zygote: a fresh one for every notebook, fast, and none left behind."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from thidua.render import KernelPool, shutdown


def _run(km, code):
    client = km.blocking_client()
    client.start_channels()
    client.wait_for_ready(timeout=30)
    reply = client.execute_interactive(code, timeout=30, store_history=False, user_expressions={"out": "_out"})
    client.stop_channels()
    return reply["content"]["user_expressions"]["out"]["data"]["text/plain"]


@pytest.fixture()
def pool():
    p = KernelPool()
    yield p
    p.close()


def test_every_notebook_gets_a_fresh_kernel(pool):
    first = pool.take()
    pid_a = _run(first, "import os\nsecret = 42\n_out = os.getpid()")
    shutdown(first)
    second = pool.take()
    pid_b = _run(second, "import os\n_out = (os.getpid(), 'secret' in globals())")
    shutdown(second)
    assert pid_a != pid_b.strip("()").split(",")[0]
    assert pid_b.endswith("False)"), "nothing from the previous notebook survives"


def test_preloaded_modules_are_there(pool):
    km = pool.take()
    assert _run(km, "import sys\n_out = 'thidua.report' in sys.modules") == "True"
    shutdown(km)


def test_killing_the_stub_kills_its_kernel(pool):
    km = pool.take()
    pid = int(_run(km, "import os\n_out = os.getpid()"))
    os.kill(km.provisioner.process.pid, signal.SIGKILL)  # what shutdown_kernel(now=True) does to a hung kernel
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the kernel outlived its stub")


def test_closing_the_pool_leaves_no_process(pool):
    km = pool.take()
    pid = int(_run(km, "import os\n_out = os.getpid()"))
    zygote = pool._zygote.pid
    pool.close()
    import time

    time.sleep(1.0)
    for p in (pid, zygote):
        with pytest.raises(ProcessLookupError):
            os.kill(p, 0)


def test_socket_folders_of_killed_pools_are_removed(tmp_path, monkeypatch):
    import tempfile

    from thidua import render

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / "thidua-zygote-999999999-abc"  # no process has that id
    alive = tmp_path / f"thidua-zygote-{os.getppid()}-abc"
    for folder in (dead, alive):
        folder.mkdir()
        (folder / "zygote.sock").touch()
    pool = render.KernelPool()
    try:
        assert not dead.exists() and alive.exists()
        assert Path(pool._dir).name.startswith(f"thidua-zygote-{os.getpid()}-")
    finally:
        pool.close()
