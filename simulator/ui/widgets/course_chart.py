"""A small line chart of the simulated course (pain, COWS, craving, function by week).

Drawn with QPainter so it needs no plotting dependency. Each series has its own line
style and marker shape as well as its colour, so it reads without colour vision.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from simulator.ui.palette import colour

SERIES = (
    # key, label, scale max, colour, pen style, marker
    ("pain", "Pain (0-10)", 10, "series.pain", Qt.PenStyle.SolidLine, "circle"),
    ("cows", "COWS ÷ 4.8 (0-48)", 48, "series.cows", Qt.PenStyle.DashLine, "square"),
    ("craving", "Craving (0-10)", 10, "series.craving", Qt.PenStyle.DotLine, "triangle"),
    ("function", "Function (0-10)", 10, "series.function", Qt.PenStyle.DashDotLine, "diamond"),
)


class CourseChart(QWidget):
    def __init__(self, points: list[dict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points = sorted(points, key=lambda p: p["week"])
        self.setMinimumSize(QSize(460, 260))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Course chart")
        self.setAccessibleDescription(self.summary())

    def summary(self) -> str:
        return "; ".join(
            f"week {p['week']}: pain {p['pain']:g}, COWS {p['cows']}, craving {p['craving']:g}, "
            f"function {p['function']:g}"
            for p in self.points
        )

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colour("plot.background"))
        plot = QRectF(48, 16, self.width() - 230, self.height() - 52)
        weeks = [p["week"] for p in self.points] or [0]
        max_week = max(max(weeks), 1)
        painter.setPen(QPen(colour("plot.grid"), 1))
        small = QFont()
        small.setPointSize(8)
        painter.setFont(small)
        for v in range(0, 11, 2):
            y = plot.bottom() - plot.height() * v / 10
            painter.setPen(QPen(colour("plot.grid"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(colour("plot.muted"))
            painter.drawText(QRectF(8, y - 8, 34, 16), Qt.AlignmentFlag.AlignRight, str(v))
        for w in sorted(set(weeks)):
            x = plot.left() + plot.width() * w / max_week
            painter.drawText(QRectF(x - 30, plot.bottom() + 4, 60, 16), Qt.AlignmentFlag.AlignCenter,
                             f"wk {w}")
        painter.setPen(QPen(colour("plot.frame"), 1))
        painter.drawRect(plot)
        for n, (key, name, scale, series_colour, style, marker) in enumerate(SERIES):
            pen = QPen(colour(series_colour), 2.2, style)
            painter.setPen(pen)
            pts = [
                QPointF(plot.left() + plot.width() * p["week"] / max_week,
                        plot.bottom() - plot.height() * (p[key] * 10 / scale) / 10)
                for p in self.points
            ]
            for a, b in zip(pts, pts[1:], strict=False):
                painter.drawLine(a, b)
            painter.setPen(QPen(colour(series_colour), 1.5))
            painter.setBrush(colour(series_colour))
            for pt in pts:
                _marker(painter, pt, marker)
            ly = plot.top() + 8 + n * 24
            lx = plot.right() + 16
            painter.setPen(pen)
            painter.drawLine(QPointF(lx, ly), QPointF(lx + 28, ly))
            painter.setPen(QPen(colour(series_colour), 1.5))
            _marker(painter, QPointF(lx + 14, ly), marker)
            painter.setPen(colour("plot.text"))
            painter.drawText(QRectF(lx + 36, ly - 9, 170, 18), Qt.AlignmentFlag.AlignVCenter, name)
        painter.end()


def _marker(painter: QPainter, pt: QPointF, kind: str) -> None:
    r = 4.0
    if kind == "circle":
        painter.drawEllipse(pt, r, r)
    elif kind == "square":
        painter.drawRect(QRectF(pt.x() - r, pt.y() - r, 2 * r, 2 * r))
    elif kind == "triangle":
        painter.drawPolygon([QPointF(pt.x(), pt.y() - r - 1), QPointF(pt.x() - r, pt.y() + r),
                             QPointF(pt.x() + r, pt.y() + r)])
    else:
        painter.drawPolygon([QPointF(pt.x(), pt.y() - r - 1), QPointF(pt.x() + r + 1, pt.y()),
                             QPointF(pt.x(), pt.y() + r + 1), QPointF(pt.x() - r - 1, pt.y())])
