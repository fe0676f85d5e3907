"""Allow ``python -m thidua``."""

from thidua.cli import main

main()
