"""Every pyqtgraph chart of the app is built here, without pyqtgraph's stray windows.

pyqtgraph's PlotItem builds a "Plot Options" menu (six submenus of controls) for every plot,
even with its menus turned off, and leaves that menu and the form its controls came from with
no parent; a graphics layout and each legend in it leave an empty parentless widget too. They
are top-level windows that outlive the chart (a set per chart: every visit, every What if
replay, every cohort chart) and that anything going through the application's windows meets.
Here everything a chart's construction leaves parentless is handed to the widget that shows the
chart, as hidden plain children: it goes when the chart goes, and is never a window. The app
never shows these menus (each plot is built with its menu off).

A chart's words (ticks, axis titles, legends) follow the app's text size (``follow_text_size``):
at 150% text they were still 9 pt.

A chart is a picture, never zoomed: the mouse wheel over it scrolls the page it sits on (the
graphics view took the turn and the page stood still under the pointer, over a third of a
visit's page).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

CHART_POINTS = 9.0  # the charts' text at 100%


def plot_widget() -> Any:
    """A pyqtgraph PlotWidget with its menu off, keeping its own menus; the wheel scrolls past it."""
    import pyqtgraph as pg

    with _new_windows() as new:
        chart = pg.PlotWidget(enableMenu=False)
    _adopt(chart, [w for w in new if w is not chart])
    wheel_scrolls_the_page(chart)
    return chart


def chart_font() -> QFont:
    """The font of a chart's words at the app's text size (9 pt at 100%, 13.5 pt at 150%)."""
    from simulator.ui.resources import current_scale

    font = QFont(QApplication.font())
    font.setPointSizeF(CHART_POINTS * current_scale())
    return font


def follow_text_size(plots: list[Any], legends: list[Any] = (), left_width: int = 0) -> None:
    """Ticks, axis titles and legends of ``plots`` in :func:`chart_font`; the left axis
    ``left_width`` px wide at 100% text, wider in step with the text."""
    from simulator.ui.resources import current_scale

    font = chart_font()
    for plot in plots:
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        if left_width:
            plot.getAxis("left").setWidth(round(left_width * current_scale()))
    for legend in legends:
        legend.setLabelTextSize(f"{font.pointSizeF():.1f}pt")


class _WheelToPage(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:
            from simulator.ui.widgets.wheel import scroll_page

            scroll_page(self.parent(), event)
            return True
        return False


def wheel_scrolls_the_page(view: Any) -> None:
    """The wheel over ``view`` (a pyqtgraph graphics view) scrolls the page around it."""
    view.viewport().installEventFilter(_WheelToPage(view))


@contextmanager
def kept_by(keeper: QWidget) -> Iterator[None]:
    """Every window built inside the ``with`` (but ``keeper``) becomes a hidden child of ``keeper``:
    wrap whatever builds or redraws pyqtgraph items in a chart."""
    with _new_windows() as new:
        yield
    _adopt(keeper, [w for w in new if w is not keeper])


@contextmanager
def _new_windows() -> Iterator[list[QWidget]]:
    """The list filled, as the ``with`` ends, with the windows made inside it."""
    app = QApplication.instance()
    before = app.topLevelWidgets()  # (held: the ids below stay theirs)
    seen = {id(w) for w in before}
    new: list[QWidget] = []
    yield new
    new.extend(w for w in app.topLevelWidgets() if id(w) not in seen)


def _adopt(keeper: QWidget, strays: list[QWidget]) -> None:
    for stray in strays:
        if stray.parentWidget() is None:
            stray.setParent(keeper, Qt.WindowType.Widget)
        else:  # a submenu: a popup window of its menu
            stray.setWindowFlags(Qt.WindowType.Widget)
        stray.hide()
