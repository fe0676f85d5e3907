"""Kernels, forked from the zygote or plain: a fresh one for every notebook, none left behind, recovering."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from thidua.run import kernels, make
from thidua.run.kernels import PLAIN, ZYGOTE, KernelPool, shutdown


def _run(km, code):
    client = km.blocking_client()
    client.start_channels()
    client.wait_for_ready(timeout=90)
    reply = client.execute_interactive(code, timeout=90, store_history=False, user_expressions={"out": "_out"})
    client.stop_channels()
    return reply["content"]["user_expressions"]["out"]["data"]["text/plain"]


@pytest.fixture(params=[ZYGOTE, PLAIN])
def pool(request, tmp_path):
    p = KernelPool(tmp_path, request.param)
    yield p
    p.close()


@pytest.fixture()
def zygote_pool(tmp_path):
    p = KernelPool(tmp_path, ZYGOTE)
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


def test_preloaded_modules_are_there(zygote_pool):
    pool = zygote_pool
    km = pool.take()
    assert _run(km, "import sys\n_out = 'thidua.reports.annual_page' in sys.modules") == "True"
    shutdown(km)


def test_killing_the_stub_kills_its_kernel(zygote_pool):
    pool = zygote_pool
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
    others = [pool._zygote.pid] if pool.mode == ZYGOTE else [pool._next.provisioner.process.pid]
    shutdown(km)
    pool.close()
    import time

    time.sleep(1.0)
    for p in (pid, *others):
        with pytest.raises(ProcessLookupError):
            os.kill(p, 0)


def test_socket_folders_of_killed_pools_are_removed(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / "thidua-zygote-999999999-abc"  # no process has that id
    alive = tmp_path / f"thidua-zygote-{os.getppid()}-abc"
    for folder in (dead, alive):
        folder.mkdir()
        (folder / "zygote.sock").touch()
    pool = KernelPool(tmp_path)
    try:
        assert not dead.exists() and alive.exists()
        assert Path(pool._dir).name.startswith(f"thidua-zygote-{os.getpid()}-")
    finally:
        pool.close()


def test_a_kernel_sees_the_environment_its_manager_gives_it(pool, monkeypatch):
    shutdown(pool.take())  # the zygote (if any) is up before the variable exists
    monkeypatch.setenv("THIDUA_SET_LATER", "đã đặt")
    shutdown(pool.take())  # the kernel kept ahead was started before it: the next one is started after
    km = pool.take()
    assert _run(km, "import os\n_out = os.environ.get('THIDUA_SET_LATER')") == "'đã đặt'"
    shutdown(km)


def test_a_killed_zygote_is_started_again_on_its_own_socket(zygote_pool):
    pool = zygote_pool
    shutdown(pool.take())
    first = pool._zygote.pid
    os.kill(first, signal.SIGKILL)
    pool._zygote.wait(timeout=10)
    assert os.path.exists(pool._socket), "the dead zygote's socket is still there"
    km = pool.take()  # the kernel started ahead died with the zygote: a new zygote makes a new one
    assert _run(km, "_out = 6 * 7") == "42"
    assert pool._zygote.pid != first
    shutdown(km)


def test_the_mode_is_linux_zygote_unless_set(monkeypatch):
    monkeypatch.delenv("THIDUA_KERNELS", raising=False)
    monkeypatch.setattr(kernels.sys, "platform", "darwin")
    assert kernels.kernel_mode() == PLAIN
    monkeypatch.setattr(kernels.sys, "platform", "linux")
    assert kernels.kernel_mode() == ZYGOTE
    monkeypatch.setenv("THIDUA_KERNELS", "plain")
    assert kernels.kernel_mode() == PLAIN
    monkeypatch.setenv("THIDUA_KERNELS", "fork")
    with pytest.raises(Exception, match="must be zygote or plain"):
        kernels.kernel_mode()


def test_a_batch_goes_on_when_the_zygote_is_killed_mid_batch(tmp_path):
    import shutil
    import subprocess
    import sys

    import nbformat
    from conftest import ROOT

    nb_dir = tmp_path / "notebooks"
    shutil.copytree(make.NOTEBOOK_DIR, nb_dir)
    nb = nbformat.read(nb_dir / "annual_review.ipynb", as_version=4)
    # In the second review the kernel kills its parent, the zygote, and waits: it dies with it (PDEATHSIG),
    # as every kernel of that zygote does, before it could reply.
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import os, signal, time\nif 'pho_an' in data_path:\n    os.kill(os.getppid(), signal.SIGKILL)\n    time.sleep(60)"
        )
    )
    nbformat.write(nb, nb_dir / "annual_review.ipynb")
    names = ("pho_thuan-2023", "pho_an-2023", "pho_chau-2023")
    town = ROOT / "data" / "sample" / "town" / "catalog.yml"
    config = tmp_path / "batch.yml"
    reviews = "".join(f"  - {{name: {n}, dataset: {n}}}\n" for n in names)
    config.write_text(f"catalog: {town}\nnotebooks: [annual_review]\nreviews:\n{reviews}", encoding="utf-8")
    env = {**os.environ, "THIDUA_NOTEBOOK_DIR": str(nb_dir), "THIDUA_KERNELS": "zygote"}
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "thidua", "batch", str(config), "--out", str(out), "--workers", "1"],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr[-3000:]
    assert "batch: 2 done, 1 failed" in done.stdout
    assert "failed: pho_an-2023: notebook annual_review failed" in done.stderr
    assert (out / "pho_thuan-2023" / "index.html").exists() and (out / "pho_chau-2023" / "index.html").exists()


def test_a_stub_that_vanishes_mid_request_does_not_take_the_zygote_with_it(zygote_pool):
    """A kernel shut down while booting kills its stub before the zygote answers: the zygote must live on."""
    import json
    import socket
    import subprocess
    import sys

    pool = zygote_pool
    shutdown(pool.take())
    zygote = pool._zygote.pid
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    request = {"connection_file": os.devnull, "cwd": os.getcwd(), "stub": int(gone.stdout), "env": {}}
    for _ in range(3):  # send a request, then close without reading the answer
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(pool._socket)
            conn.sendall(json.dumps(request).encode())
            conn.shutdown(socket.SHUT_WR)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:  # and one that sends nonsense
        conn.connect(pool._socket)
        conn.sendall(b"not json")
    km = pool.take()
    assert _run(km, "_out = 6 * 7") == "42"
    assert pool._zygote.pid == zygote, "the zygote was not restarted: it never died"
    shutdown(km)


def test_a_kernel_keeps_no_history(pool):
    """One notebook per kernel: no IPython history database is opened or written, on either path."""
    km = pool.take()
    assert _run(km, "_out = get_ipython().history_manager.enabled") == "False"
    shutdown(km)
