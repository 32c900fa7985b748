"""``python -m simulator``: the headless command line."""

import sys

from simulator.commands.cli import main

sys.exit(main())
