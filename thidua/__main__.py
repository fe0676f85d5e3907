"""The ``thidua`` command's entry point (also ``python -m thidua``): exit 130 on a signal from the first moment.

Importing the command line takes about a second; a Ctrl-C or SIGTERM in that time ends the run with
one line and exit 130, as README's exit codes say, not Python's traceback, click's "Aborted!" or a
silent death by SIGTERM. Once a command runs, a signal raises ``Interrupted`` instead, so the command
cleans up (a temporary file, a child process) before it ends with exit 130; ``review`` and ``batch``
then put their own handling in place (``thidua.run.signals.catch_signals``).
"""

import os
import signal
import sys


def _before_start(signum: int, _frame: object) -> None:
    os.write(2, b"thidua: interrupted before anything was written\n")
    os._exit(130)


def run() -> None:
    """Run the command line with SIGINT and SIGTERM turned into exit 130 from the start."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _before_start)
    from thidua.cli import main, stop_on_signals

    stop_on_signals()
    main()


if __name__ == "__main__":
    sys.exit(run())
