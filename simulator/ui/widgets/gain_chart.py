"""Before and after per guidance point for a cohort (issue 26): a pyqtgraph bar chart and a caption.

Each guidance point gets two bars, the share of paired check items answered right before the
case and after it; the caption names the points that stay missed after the case (content a
programme may want to teach again). The data comes from :func:`simulator.records.learning.by_guidance`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from simulator.records import learning
from simulator.ui.palette import colour
from simulator.ui.views.common import label
from simulator.ui.views.progress_view import guidance_title
from simulator.ui.widgets.plots import follow_text_size, plot_widget

MAX_BARS = 10


class GainChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 6, 0, 0)
        box.addWidget(label("Check before and after the case, by guidance point", "section"))
        self.plot = plot_widget()
        self.plot.setAccessibleName("Before and after chart")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setLabel("bottom", "Right, % of paired check answers")
        self.plot.setMinimumHeight(200)
        follow_text_size([self.plot.getPlotItem()], left_width=230)
        self.plot.setXRange(0, 100)
        self.legend = label("Grey: before the case · Coloured: after the case", "muted")
        self.caption = label("", "muted")
        box.addWidget(self.plot, 1)
        box.addWidget(self.legend)
        box.addWidget(self.caption)
        self.rows: list[learning.PrePost] = []

    def show_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Draw the cohort's before and after for ``records`` (already filtered by case)."""
        import pyqtgraph as pg

        self.rows = [r for r in learning.by_guidance(records) if r.paired][:MAX_BARS]
        self.plot.clear()
        if not self.rows:
            self.caption.setText("No check answered both before and after a case in these results.")
            return
        ys = list(range(len(self.rows)))
        before = pg.BarGraphItem(x0=0, y=[y + 0.2 for y in ys], height=0.35,
                                 width=[r.percent("before") for r in self.rows], brush=colour("plot.muted"))
        after = pg.BarGraphItem(x0=0, y=[y - 0.2 for y in ys], height=0.35,
                                width=[r.percent("after") for r in self.rows], brush=colour("plot.bar"))
        self.plot.addItem(before)
        self.plot.addItem(after)
        ticks = [(y, f"{guidance_title(r.key)[:34]} ({r.percent('before')}→{r.percent('after')}%)")
                 for y, r in zip(ys, self.rows, strict=True)]
        self.plot.getAxis("left").setTicks([ticks])
        self.plot.setYRange(-0.7, len(self.rows) - 0.3)
        missed = [r for r in learning.by_guidance(records) if r.stays_missed]
        if missed:
            names = "; ".join(f"{guidance_title(r.key)} ({r.stays_missed})" for r in missed[:3])
            self.caption.setText(f"Still missed after the case: {names}.")
        else:
            self.caption.setText("Nothing stays missed after the case in these results.")
