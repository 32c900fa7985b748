"""The View menu: theme (light, dark, high contrast) and text size, both remembered."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from simulator.ui.resources import (
    THEME_TITLES,
    THEMES,
    apply_theme,
    current_scale,
    current_theme,
    next_text_scale,
)


class ViewMenu:
    """Builds the menu on ``window`` and keeps its check marks true to what is applied."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        menu: QMenu = window.menuBar().addMenu("&View")
        self.menu = menu
        group = QActionGroup(window)
        group.setExclusive(True)
        self.theme_actions: dict[str, QAction] = {}
        for name in THEMES:
            action = QAction(f"{THEME_TITLES[name]} theme", window, checkable=True)
            action.setData(name)
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            group.addAction(action)
            menu.addAction(action)
            self.theme_actions[name] = action
        # Ctrl+Shift+H switches high contrast on and off (back to the light theme).
        self.contrast_action = QAction("&High contrast", window, shortcut=QKeySequence("Ctrl+Shift+H"))
        self.contrast_action.setCheckable(True)
        self.contrast_action.toggled.connect(self._contrast_toggled)
        menu.addAction(self.contrast_action)
        menu.addSeparator()
        for text, keys, step in (
            ("&Larger text", (QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")), 1),
            ("&Smaller text", (QKeySequence.StandardKey.ZoomOut,), -1),
            ("&Normal text size", (QKeySequence("Ctrl+0"),), 0),
        ):
            action = QAction(text, window)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _=False, s=step: self.change_text_size(s))
            menu.addAction(action)
            window.addAction(action)  # shortcuts work while any view has the focus
        self._sync()

    def set_theme(self, name: str) -> None:
        """Switch to theme ``name`` now and remember it."""
        QSettings().setValue("theme", name)
        apply_theme(QApplication.instance(), name, current_scale())
        self._sync()

    def change_text_size(self, step: int) -> float:
        """One size up (1), down (-1) or back to normal (0); remembered. Returns the new factor."""
        scale = next_text_scale(current_scale(), step)
        QSettings().setValue("text_scale", scale)
        apply_theme(QApplication.instance(), current_theme(), scale)
        self.window.statusBar().showMessage(f"Text size {round(scale * 100)}%", 3000)
        return scale

    def _contrast_toggled(self, on: bool) -> None:
        if on != (current_theme() == "high-contrast"):
            self.set_theme("high-contrast" if on else "light")

    def _sync(self) -> None:
        name = current_theme()
        for theme, action in self.theme_actions.items():
            action.setChecked(theme == name)
        self.contrast_action.blockSignals(True)
        self.contrast_action.setChecked(name == "high-contrast")
        self.contrast_action.blockSignals(False)
