"""The simulated course, day by day: opioid dose, withdrawal, and pain, craving and function.

Three panels share the day axis, each on its own scale: MME/day; COWS on its 0-48 scale with
the severity bands marked (time on medication for OUD shaded and labelled on the dose
panel); pain, craving and function on 0-10. Visits are vertical lines
across all three (dashed when the patient missed the visit). Drawn with QPainter, so it needs
no plotting dependency; each series has its own line style and a marker at every visit as
well as its colour, so it reads without colour vision. The widget only draws the points it is
given (``{"day", "mme", "pain", "cows", "craving", "function"}``); it computes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from simulator.ui.palette import colour

# key, label, colour, pen style, marker
MME = ("mme", "Opioid (MME/day)", "series.mme", Qt.PenStyle.SolidLine, "circle")
COWS = ("cows", "COWS (0-48)", "series.cows", Qt.PenStyle.DashLine, "square")
TEN = (
    ("pain", "Pain", "series.pain", Qt.PenStyle.SolidLine, "circle"),
    ("craving", "Craving", "series.craving", Qt.PenStyle.DotLine, "triangle"),
    ("function", "Function", "series.function", Qt.PenStyle.DashDotLine, "diamond"),
)
COWS_BANDS = ((5, "mild"), (13, "moderate"), (25, "mod. severe"), (37, "severe"))
LEFT, RIGHT, TOP, BOTTOM, GAP = 52, 150, 22, 30, 18


class CourseChart(QWidget):
    """``points``: the course; ``marks``: (day, "visit" | "missed visit") to draw as lines."""

    def __init__(
        self,
        points: Sequence[dict[str, Any]],
        marks: Sequence[tuple[int, str]] = (),
        title: str = "",
        parent: QWidget | None = None,
        spans: Sequence[tuple[int, int, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.points = sorted(points, key=lambda p: p["day"])
        self.marks = list(marks)
        self.spans = list(spans)  # (first day, last day, label): medication for OUD
        self.title = title
        self.setMinimumSize(QSize(520, 380))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(title or "Course chart")
        self.setAccessibleDescription(self.summary())

    def at_marks(self) -> list[dict[str, Any]]:
        """The points on visit days (and the first and last), for summaries and markers."""
        days = {0, self.points[-1]["day"]} if self.points else set()
        days |= {d for d, _ in self.marks}
        return [p for p in self.points if p["day"] in days]

    def summary(self) -> str:
        parts = []
        for p in self.at_marks():
            mme = "" if p.get("mme") is None else f"opioid {p['mme']:g} MME, "
            moud = next((t for a, b, t in self.spans if a <= p["day"] <= b), "")
            mme += f"{moud}, " if moud else ""
            parts.append(
                f"day {p['day']}: {mme}pain {p['pain']:g}, COWS {p['cows']:g}, "
                f"craving {p['craving']:g}, function {p['function']:g}"
            )
        return "; ".join(parts)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colour("plot.background"))
        small = QFont()
        small.setPointSize(8)
        painter.setFont(small)
        top = TOP + (16 if self.title else 0)
        if self.title:
            bold = QFont(small)
            bold.setBold(True)
            bold.setPointSize(9)
            painter.setFont(bold)
            painter.setPen(colour("plot.text"))
            painter.drawText(QRectF(LEFT, 2, self.width() - LEFT, 18), Qt.AlignmentFlag.AlignLeft, self.title)
            painter.setFont(small)
        width = self.width() - LEFT - RIGHT
        usable = self.height() - top - BOTTOM - 2 * GAP
        heights = (usable * 0.25, usable * 0.3, usable * 0.45)
        panels, y = [], top
        for h in heights:
            panels.append(QRectF(LEFT, y, width, h))
            y += h + GAP
        last = max((p["day"] for p in self.points), default=1) or 1
        self._x = lambda day: LEFT + width * day / last

        mme_values = [p["mme"] for p in self.points if p.get("mme") is not None]
        mme_top = _nice(max(mme_values, default=0) * 1.15)
        self._spans(painter, panels[0])
        self._panel(painter, panels[0], mme_top, [0, mme_top / 2, mme_top], [MME])
        self._panel(painter, panels[1], 48, [0, 12, 24, 36, 48], [COWS], bands=True)
        self._panel(painter, panels[2], 10, [0, 2, 4, 6, 8, 10], list(TEN))
        self._visits(painter, panels)
        self._day_axis(painter, panels[-1], last)
        painter.end()

    def _panel(
        self, painter: QPainter, rect: QRectF, top: float, ticks: list[float], series, bands: bool = False
    ) -> None:
        def y_of(v: float) -> float:
            return rect.bottom() - rect.height() * (v / top if top else 0)

        for v in ticks:
            painter.setPen(QPen(colour("plot.grid"), 1))
            painter.drawLine(QPointF(rect.left(), y_of(v)), QPointF(rect.right(), y_of(v)))
            painter.setPen(colour("plot.muted"))
            painter.drawText(QRectF(4, y_of(v) - 8, LEFT - 8, 16), Qt.AlignmentFlag.AlignRight, f"{v:g}")
        if bands:
            for value, name in COWS_BANDS:
                painter.setPen(QPen(colour("plot.muted"), 1, Qt.PenStyle.DotLine))
                painter.drawLine(QPointF(rect.left(), y_of(value)), QPointF(rect.right(), y_of(value)))
                painter.drawText(
                    QRectF(rect.right() - 90, y_of(value) - 13, 86, 12), Qt.AlignmentFlag.AlignRight, name
                )
        painter.setPen(QPen(colour("plot.frame"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        marked = {p["day"] for p in self.at_marks()}
        for n, (key, name, series_colour, style, marker) in enumerate(series):
            pts = [(p["day"], p[key]) for p in self.points if p.get(key) is not None]
            pen = QPen(colour(series_colour), 2.0, style)
            if pts:
                path = QPainterPath(QPointF(self._x(pts[0][0]), y_of(pts[0][1])))
                for day, value in pts[1:]:
                    path.lineTo(QPointF(self._x(day), y_of(value)))
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
                painter.setPen(QPen(colour(series_colour), 1.5))
                painter.setBrush(colour(series_colour))
                for day, value in pts:
                    if day in marked:
                        _marker(painter, QPointF(self._x(day), y_of(value)), marker)
            ly = rect.top() + 10 + n * 20
            lx = rect.right() + 12
            painter.setPen(pen)
            painter.drawLine(QPointF(lx, ly), QPointF(lx + 26, ly))
            painter.setPen(QPen(colour(series_colour), 1.5))
            painter.setBrush(colour(series_colour))
            _marker(painter, QPointF(lx + 13, ly), marker)
            painter.setPen(colour("plot.text"))
            painter.drawText(QRectF(lx + 32, ly - 9, RIGHT - 44, 18), Qt.AlignmentFlag.AlignVCenter, name)

    def _spans(self, painter: QPainter, rect: QRectF) -> None:
        """Stretches on medication for OUD: a band across the dose panel, labelled."""
        for first, last, text in self.spans:
            x0, x1 = self._x(first), self._x(last)
            band = QRectF(x0, rect.top() + 1, max(x1 - x0, 2), rect.height() - 2)
            painter.fillRect(band, colour("plot.band"))
            painter.setPen(colour("plot.text"))
            painter.drawText(
                band.adjusted(4, 2, -2, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text
            )

    def _visits(self, painter: QPainter, panels: list[QRectF]) -> None:
        last_label = -1e9
        for day, kind in self.marks:
            x = self._x(day)
            style = Qt.PenStyle.DashLine if kind != "visit" else Qt.PenStyle.SolidLine
            painter.setPen(QPen(colour("plot.frame"), 1, style))
            for rect in panels:
                painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            if x - last_label < 36:
                continue  # too close to the previous label: the line alone marks it
            last_label = x
            painter.setPen(colour("plot.muted"))
            text = "missed" if kind != "visit" else "visit"
            painter.drawText(QRectF(x - 30, panels[0].top() - 14, 60, 12), Qt.AlignmentFlag.AlignCenter, text)

    def _day_axis(self, painter: QPainter, rect: QRectF, last: int) -> None:
        painter.setPen(colour("plot.muted"))
        step = 1 if last < 14 else (7 if last <= 70 else 28)
        for day in range(0, last + 1, step):
            x = self._x(day)
            text = "visit day" if day == 0 else (f"day {day}" if step == 1 else f"wk {day // 7}")
            painter.drawText(QRectF(x - 30, rect.bottom() + 4, 60, 14), Qt.AlignmentFlag.AlignCenter, text)


def _nice(value: float) -> float:
    """A round axis top at or above ``value`` (at least 10)."""
    for top in (10, 20, 30, 40, 60, 80, 100, 120, 150, 200, 300, 400, 600, 800, 1000):
        if value <= top:
            return float(top)
    return float(round(value, -2) + 100)


def _marker(painter: QPainter, pt: QPointF, kind: str) -> None:
    r = 3.5
    if kind == "circle":
        painter.drawEllipse(pt, r, r)
    elif kind == "square":
        painter.drawRect(QRectF(pt.x() - r, pt.y() - r, 2 * r, 2 * r))
    elif kind == "triangle":
        painter.drawPolygon(
            [
                QPointF(pt.x(), pt.y() - r - 1),
                QPointF(pt.x() - r, pt.y() + r),
                QPointF(pt.x() + r, pt.y() + r),
            ]
        )
    else:
        painter.drawPolygon(
            [
                QPointF(pt.x(), pt.y() - r - 1),
                QPointF(pt.x() + r + 1, pt.y()),
                QPointF(pt.x(), pt.y() + r + 1),
                QPointF(pt.x() - r - 1, pt.y()),
            ]
        )
