"""The PDF report, as the layers below the UI see it: its errors, what was written, and the one
writer the program installs.

The report is drawn with Qt (:mod:`simulator.ui.report_pdf`: QTextDocument + QPdfWriter, the
course chart by the widget the debrief shows), so the writer lives in the UI layer. The
``report`` command sits below the UI and must not import it; instead, the program's entry point
(:mod:`simulator.__main__`, the top of the layers) installs the UI's writer here, and the
command asks for it. Nothing below the UI imports Qt, and the command and the Records menu
still write the same PDF. A caller that installed no writer gets a clear :class:`ReportError`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the debrief's modules take about half a second to import: not for `calc`
    from simulator.scoring.debrief import Debrief


class ReportError(Exception):
    """The report cannot be written; ``str()`` is for the user."""


@dataclass(frozen=True)
class WrittenReport:
    """What was written: the file, its page count and the text printed on its pages."""

    path: Path
    pages: int
    text: str


class ReportWriter(Protocol):
    def __call__(
        self, debrief: Debrief, path: str | os.PathLike[str], *, trainee: str = "", date: str = ""
    ) -> WrittenReport: ...


_load_writer: Callable[[], ReportWriter] | None = None


def install_writer(load: Callable[[], ReportWriter]) -> None:
    """Make ``load()`` (called when a report is first written, so Qt loads only then) the writer."""
    global _load_writer
    _load_writer = load


def write_report(
    debrief: Debrief, path: str | os.PathLike[str], *, trainee: str = "", date: str = ""
) -> WrittenReport:
    """Write ``debrief`` as the PDF report at ``path`` with the installed writer."""
    if _load_writer is None:
        raise ReportError("no PDF writer is installed in this program (run it as `python -m simulator`)")
    return _load_writer()(debrief, path, trainee=trainee, date=date)
