"""Allow ``python -m thidua``; ``run`` is also the ``thidua`` command.

SIGINT and SIGTERM are caught before anything heavy is imported: an interrupt while the command line
is still loading is one line and exit 130, not a traceback, ``Aborted!`` or a silent -15.
"""

import os
import signal

EXIT_INTERRUPTED = 130


def _interrupted(_signum: int, _frame: object) -> None:
    """An interrupt before the command set its own handling: one line, exit 130, nothing written."""
    os.write(2, b"thidua: interrupted; nothing was written\n")
    os._exit(EXIT_INTERRUPTED)


def run() -> None:
    """Catch the signals, then import and run the command line."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _interrupted)
    from thidua.cli import main

    main()


if __name__ == "__main__":
    run()
