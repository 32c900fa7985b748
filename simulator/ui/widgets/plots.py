"""What every pyqtgraph plot of the app shares.

pyqtgraph builds each plot's "Plot Options" menu (and six sub-menus) as a window of its own,
even with the menu disabled, so it outlives the chart it belongs to: every course chart left
seven hidden windows behind, and each later theme change re-styled them all. :func:`owned_menus`
makes the chart's widget their parent, so they go with it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget


def owned_menus(plot: Any, owner: QWidget) -> None:
    """Make ``owner`` the parent of ``plot``'s options menu (a PlotItem, or a PlotWidget's)."""
    item = plot.getPlotItem() if hasattr(plot, "getPlotItem") else plot
    menu = item.ctrlMenu
    menu.setParent(owner, menu.windowFlags())  # still a pop-up, never shown (menus are off)
