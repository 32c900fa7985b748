"""Where the app's assets live, and the theme loader."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from simulator.scenario.textlimits import is_asset_id

ASSETS = Path(__file__).resolve().parents[2] / "assets"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


THEMES = ("light", "high-contrast")


def theme_name() -> str:
    """The theme chosen in the settings (``light`` unless the user picked another)."""
    from PySide6.QtCore import QSettings

    name = QSettings().value("theme", "light")
    return name if name in THEMES else "light"


def apply_theme(app: QApplication, name: str | None = None) -> None:
    """Load ``assets/themes/<name>.qss`` (default: the saved choice) into the application."""
    global _current
    _current = name or theme_name()
    path = ASSETS / "themes" / f"{_current}.qss"
    if path.is_file():
        app.setStyleSheet(path.read_text(encoding="utf-8"))


_current = "light"


def portrait_path(portrait: str | None, expression: str = "") -> Path | None:
    """The SVG for a portrait id (``<id>-<expression>.svg`` first, then ``<id>.svg``)."""
    if not portrait or not is_asset_id(portrait) or (expression and not is_asset_id(expression)):
        return None  # never a path: an id names a file inside the portraits folder only
    for name in (f"{portrait}-{expression}.svg", f"{portrait}.svg"):
        path = ASSETS / "portraits" / name
        if path.is_file():
            return path
    return None


def restyle(widget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def transcript_css(name: str | None = None) -> str:
    """The transcript's style sheet for the theme (class names: you, patient, affect)."""
    path = ASSETS / "themes" / f"{name or _current}-transcript.css"
    return path.read_text(encoding="utf-8") if path.is_file() else ""
