"""Start the desktop app: ``python main.py [SCENARIO.yaml]``."""

import sys

from simulator.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
