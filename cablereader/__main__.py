"""`python -m cablereader`: the same entry point as the `cablereader` command."""

import sys

from cablereader.cli import main

sys.exit(main())
