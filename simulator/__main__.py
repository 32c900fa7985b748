"""``python -m simulator``: the headless command line."""

import sys

from simulator.cli import main

sys.exit(main())
