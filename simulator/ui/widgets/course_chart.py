"""The simulated course, day by day: opioid dose, withdrawal, and pain, craving, function and
drowsiness.

Three panels share the day axis, each on its own scale: MME/day (time on medication for OUD
shaded and labelled); COWS on its 0-48 scale with the severity bands marked; pain, craving and
function on 0-10, with drowsiness there too when the course has any (an opioid added on top of
buprenorphine). Visits are vertical lines across all three (dashed when the patient missed the
visit). Drawn with pyqtgraph (the library the cohort view uses): the values of the day under the
mouse are written above the panels, and each panel's legend sits in a column of its own beside
it, so it never covers the plot. Each series has its own line style and marker as well as its
colour, so it reads without colour vision. The widget only draws the points it is given
(``{"day", "mme", "pain", "cows", "craving", "function"}``, and ``sedation`` when the course
tracks it); it computes nothing. The PDF report
renders the same widget into an image (:func:`simulator.ui.report_pdf.course_chart_image`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from simulator.ui.palette import colour
from simulator.ui.resources import current_scale
from simulator.ui.widgets.plots import chart_font, follow_text_size, kept_by, wheel_scrolls_the_page

# key, label, colour, pen style, marker (pyqtgraph symbol)
MME = ("mme", "Opioid (MME/day)", "series.mme", Qt.PenStyle.SolidLine, "o")
COWS = ("cows", "COWS (0-48)", "series.cows", Qt.PenStyle.DashLine, "s")
TEN = (
    ("pain", "Pain", "series.pain", Qt.PenStyle.SolidLine, "o"),
    ("craving", "Craving", "series.craving", Qt.PenStyle.DotLine, "t"),
    ("function", "Function", "series.function", Qt.PenStyle.DashDotLine, "d"),
)
#: Drowsiness on the 0-10 panel, drawn only when the course has any (an opioid added on buprenorphine)
SEDATION = ("sedation", "Drowsiness", "series.sedation", Qt.PenStyle.DashLine, "x")
COWS_BANDS = ((5, "mild"), (13, "moderate"), (25, "mod. severe"), (37, "severe"))
LEGEND_WIDTH = 150


class CourseChart(QWidget):
    """``points``: the course; ``marks``: (day, "visit" | "missed visit") to draw as lines;
    ``spans``: (first day, last day, label) on medication for OUD."""

    def __init__(
        self,
        points: Sequence[dict[str, Any]],
        marks: Sequence[tuple[int, str]] = (),
        title: str = "",
        parent: QWidget | None = None,
        spans: Sequence[tuple[int, int, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.points: list[dict[str, Any]] = []
        self.marks: list[tuple[int, str]] = []
        self.spans: list[tuple[int, int, str]] = []
        self.span_labels: list[Any] = []  # the shaded spans' names inside the MME plot (when drawn)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setProperty("role", "section")
        layout.addWidget(self.heading)
        self.readout = QLabel(" ")  # the values of the day under the mouse
        self.readout.setTextFormat(Qt.TextFormat.PlainText)
        self.readout.setProperty("role", "muted")
        self.readout.setAccessibleName("Values of the day under the mouse")
        layout.addWidget(self.readout)
        # The plots are built when the chart is first shown (ensure_drawn): a chart on a tab the
        # trainee never opens (the debrief's course, What if) costs nothing.
        self.view: Any = None
        self.plots: list[Any] = []
        self.legends: list[Any] = []
        # larger with larger text (two side by side, What if's, stack when they no longer fit)
        self.setMinimumSize(QSize(round(420 * current_scale()), round(330 * current_scale())))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_course(points, marks, spans, title)

    def ensure_drawn(self) -> None:
        """Build the plots and draw the course (on first show; call it before rendering a chart
        that is never shown, as the PDF does)."""
        if self.view is not None:
            return
        with kept_by(self):  # pyqtgraph's parentless menus and widgets: the chart's, hidden
            self._build()

    def _build(self) -> None:
        import pyqtgraph as pg

        self.view = pg.GraphicsLayoutWidget()
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        wheel_scrolls_the_page(self.view)
        self.view.setBackground(colour("plot.background"))
        self._layout.addWidget(self.view, 1)
        for row, unit in enumerate(("MME/day", "COWS 0-48", "0-10")):
            plot = self.view.addPlot(row=row, col=0, enableMenu=False)  # no menu to show
            _fixed_axis_titles(plot, mme=row == 0)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.showGrid(x=False, y=True, alpha=0.3)
            plot.setLabel("left", unit)
            if row:
                plot.setXLink(self.plots[0])
            legend = pg.LegendItem(labelTextColor=colour("plot.text"))  # in its own column
            self.view.addItem(legend, row=row, col=1)
            self.plots.append(plot)
            self.legends.append(legend)
        self.view.ci.layout.setColumnFixedWidth(1, round(LEGEND_WIDTH * current_scale()))
        self.plots[-1].setLabel("bottom", "Day (0: the visit where you made the plan)")
        follow_text_size(self.plots, self.legends, left_width=48)  # 150% text: 150% chart words
        self._moved = pg.SignalProxy(self.view.scene().sigMouseMoved, rateLimit=30, slot=self._hover)
        self._draw()
        self.plots[0].getAxis("left").enableAutoSIPrefix(True)  # its title written once, from its range

    def showEvent(self, event: QShowEvent) -> None:
        if self.view is None:
            self.ensure_drawn()
            self.view.show()  # built while the chart is being shown: show it with the chart
            self._layout.activate()
        super().showEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(720, round(400 * current_scale()))

    def set_course(
        self,
        points: Sequence[dict[str, Any]],
        marks: Sequence[tuple[int, str]] = (),
        spans: Sequence[tuple[int, int, str]] = (),
        title: str | None = None,
    ) -> None:
        """Show another course (a What if replay) in the same chart."""
        self.points = sorted(points, key=lambda p: p["day"])
        self.marks = list(marks)
        self.spans = list(spans)
        if title is not None:
            self.title = title
        self.heading.setText(self.title)
        self.heading.setVisible(bool(self.title))
        self.setAccessibleName(self.title or "Course chart")
        self.setAccessibleDescription(self.summary())
        if self.view is not None:
            with kept_by(self):
                self._draw()

    def at_marks(self) -> list[dict[str, Any]]:
        """The points on visit days (and the first and last), for summaries and markers."""
        days = {0, self.points[-1]["day"]} if self.points else set()
        days |= {d for d, _ in self.marks}
        return [p for p in self.points if p["day"] in days]

    def summary(self) -> str:
        parts = []
        for p in self.at_marks():
            parts.append(f"day {p['day']}: " + self._values(p))
        return "; ".join(parts)

    def _values(self, p: dict[str, Any]) -> str:
        mme = "" if p.get("mme") is None else f"opioid {p['mme']:g} MME, "
        moud = next((t for a, b, t in self.spans if a <= p["day"] <= b), "")
        mme += f"{moud}, " if moud else ""
        drowsy = f", drowsiness {p['sedation']:g}" if self.drowsy() else ""
        return (f"{mme}pain {p['pain']:g}, COWS {p['cows']:g}, "
                f"craving {p['craving']:g}, function {p['function']:g}{drowsy}")

    def drowsy(self) -> bool:
        """Does the course make the patient drowsy on any day (then the chart draws it)?"""
        return any((p.get("sedation") or 0) > 0 for p in self.points)

    # ---------------------------------------------------------------- drawing

    def _draw(self) -> None:
        import pyqtgraph as pg

        for plot, legend in zip(self.plots, self.legends, strict=True):
            plot.clear()
            legend.clear()
        last = max((p["day"] for p in self.points), default=1) or 1
        # the ranges first: set, they turn auto-range off, so no item added below makes the plots
        # work out their ranges again (a third of the drawing); the chart is the same
        mme_top = max((p["mme"] for p in self.points if p.get("mme") is not None), default=0) * 1.15 or 10
        self.plots[0].setYRange(0, mme_top, padding=0)
        self.plots[1].setYRange(0, 48, padding=0)
        self.plots[2].setYRange(0, 10, padding=0)
        self.plots[0].setXRange(0, last, padding=0.02)
        marked = {p["day"] for p in self.at_marks()}
        ten = [*TEN, SEDATION] if self.drowsy() else list(TEN)
        for plot, legend, series in zip(self.plots, self.legends, ([MME], [COWS], ten), strict=True):
            for key, name, series_colour, style, symbol in series:
                pts = [(p["day"], p[key]) for p in self.points if p.get(key) is not None]
                pen = pg.mkPen(colour(series_colour), width=2, style=style)
                curve = plot.plot([d for d, _ in pts], [v for _, v in pts], pen=pen, name=name)
                dots = [(d, v) for d, v in pts if d in marked]
                shade = colour(series_colour)
                plot.addItem(pg.ScatterPlotItem([d for d, _ in dots], [v for _, v in dots], symbol=symbol,
                                                size=7, brush=shade, pen=shade))
                legend.addItem(curve, name)
        font = chart_font()  # the words inside the plots follow the text size as the axes do
        for value, name in COWS_BANDS:
            line = pg.InfiniteLine(pos=value, angle=0, movable=False,
                                   pen=pg.mkPen(colour("plot.muted"), style=Qt.PenStyle.DotLine),
                                   label=name, labelOpts={"position": 0.97, "color": colour("plot.muted"),
                                                          "anchors": [(1, 1), (1, 1)]})
            line.label.setFont(font)
            self.plots[1].addItem(line)
        self.span_labels = []
        for first, end, name in self.spans:
            band = pg.LinearRegionItem(values=(first, end), movable=False, brush=colour("plot.band"))
            band.setZValue(-10)
            self.plots[0].addItem(band)
            text = pg.TextItem(name, color=colour("plot.muted"), anchor=(0, 0))
            text.setFont(font)
            self.span_labels.append(text)
            text.setPos(first, mme_top)
            self.plots[0].addItem(text)
        legend = self.legends[0]
        for day, kind in self.marks:
            style = Qt.PenStyle.DashLine if kind == "missed visit" else Qt.PenStyle.SolidLine
            for plot in self.plots:
                plot.addItem(pg.InfiniteLine(pos=day, angle=90, movable=False,
                                             pen=pg.mkPen(colour("plot.frame"), width=1, style=style)))
        if self.marks:
            kinds = {kind for _, kind in self.marks}
            for kind in ("visit", "missed visit"):
                if kind in kinds:
                    style = Qt.PenStyle.DashLine if kind == "missed visit" else Qt.PenStyle.SolidLine
                    sample = pg.PlotDataItem(pen=pg.mkPen(colour("plot.frame"), style=style))
                    legend.addItem(sample, "Visit" if kind == "visit" else "Missed visit")
        for legend in self.legends:  # as tall as its rows: stretched, it drew each name above its line
            legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            legend.updateGeometry()
        for plot in self.plots:
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setPen(colour("plot.frame"))
                plot.getAxis(axis).setTextPen(colour("plot.text"))

    def _hover(self, event) -> None:
        if not self.points:
            return
        where = event[0]
        for plot in self.plots:
            if plot.sceneBoundingRect().contains(where):
                day = plot.vb.mapSceneToView(where).x()
                nearest = min(self.points, key=lambda p: abs(p["day"] - day))
                self.readout.setText(f"Day {nearest['day']}: " + self._values(nearest))
                return


def _fixed_axis_titles(plot: Any, mme: bool) -> None:
    """pyqtgraph's automatic unit prefix off where it can never change a title: it rewrote each
    axis's title (a rich-text layout) at every change of range, a hundred times a chart. Its
    prefix only shows for an axis without units whose range ends at most at 1 (or past 10⁹):
    never the days (at least 0-1 and 2% more), COWS (0-48), the 0-10 scores or the hidden top
    and right axes. The MME axis (0 to 115% of the highest dose) keeps it, turned back on once
    its range is set (see ``_build``), so its title is what it always was."""
    for name in ("bottom", "top", "right") if mme else ("left", "bottom", "top", "right"):
        plot.getAxis(name).autoSIPrefix = False
    if mme:
        plot.getAxis("left").autoSIPrefix = False  # until the build has set its range
