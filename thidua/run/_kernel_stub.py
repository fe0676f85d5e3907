"""The kernel command jupyter_client launches when kernels are forked (see ``thidua.run.zygote``).

It imports nothing beyond the standard library, so it starts in milliseconds: it asks the zygote
for a kernel on the given connection file, forwards interrupt and terminate signals to it, and
exits when the kernel does.
"""

import json
import os
import signal
import socket
import sys
import time


def main(path: str, connection_file: str) -> None:
    """Ask for a kernel, relay signals to it, and live exactly as long as it does."""
    request = {"connection_file": connection_file, "cwd": os.getcwd(), "stub": os.getpid(), "env": dict(os.environ)}
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(path)
            conn.sendall(json.dumps(request).encode())
            conn.shutdown(socket.SHUT_WR)
            kernel = int(conn.recv(64).decode())
    except (OSError, ValueError) as exc:
        sys.exit(f"thidua: no kernel from the zygote at {path}: {exc}")

    def relay(sig: int, _frame: object) -> None:
        try:
            os.kill(kernel, sig)
        except ProcessLookupError:
            sys.exit(0)
        if sig == signal.SIGTERM:
            sys.exit(0)

    signal.signal(signal.SIGINT, relay)
    signal.signal(signal.SIGTERM, relay)
    while True:
        try:
            os.kill(kernel, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
