"""`python -m cablereader`: the same entry point as the `cablereader` command."""

import multiprocessing
import sys

from cablereader.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a no-op unless frozen (e.g. by a packager's own recipe)
    sys.exit(main())
