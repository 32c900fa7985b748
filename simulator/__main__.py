"""``python -m simulator`` and the ``opioid-sim`` script: the headless command line.

The top of the layers: it installs the UI's PDF writer for the ``report`` command
(:mod:`simulator.control.reports`), which Qt loads only when a report is written.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from simulator.commands.cli import main as run
    from simulator.control.reports import install_writer

    install_writer(_qt_writer)
    return run(argv)


def _qt_writer():
    from simulator.ui.report_pdf import write_report

    return write_report


if __name__ == "__main__":
    sys.exit(main())
