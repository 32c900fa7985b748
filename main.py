"""Start the desktop app: ``python main.py [SCENARIO.yaml] [--quit-after SECONDS] [--smoke]``."""

import sys

from simulator.ui.startup import main

if __name__ == "__main__":
    sys.exit(main())
