"""The app's assets (read from the installed package) and the theme loader."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QApplication

from simulator.resources import assets_folder, scenarios_folder

ASSETS = assets_folder()
SCENARIOS = scenarios_folder()


THEMES = ("light", "dark", "high-contrast")
THEME_TITLES = {"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}


def theme_name() -> str:
    """The theme chosen in the settings (``light`` unless the user picked another)."""
    from PySide6.QtCore import QSettings

    name = QSettings().value("theme", "light")
    return name if name in THEMES else "light"


TEXT_SCALES = (0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0)  # Ctrl+plus twice: 150%


def text_scale() -> float:
    """The text size chosen in the settings, as a factor of the theme's sizes (1.0 by default)."""
    from PySide6.QtCore import QSettings

    try:
        value = float(QSettings().value("text_scale", 1.0))
    except (TypeError, ValueError):
        return 1.0
    return min(TEXT_SCALES, key=lambda s: abs(s - value))  # a size saved by an older version: the nearest


def next_text_scale(current: float, step: int) -> float:
    """The size one step larger (``step=1``) or smaller (``-1``) than ``current``; 0 resets."""
    if step == 0:
        return 1.0
    index = min(range(len(TEXT_SCALES)), key=lambda i: abs(TEXT_SCALES[i] - current))
    return TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, index + step))]


def themed_style_sheet(name: str, scale: float = 1.0) -> str:
    """The style sheet of theme ``name`` with icon paths filled in and every size scaled."""
    path = ASSETS / "themes" / f"{name}.qss"
    if not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8").replace("@ICONS@", (ASSETS / "icons").as_posix())
    return _scaled(text, scale)


def apply_theme(app: QApplication, name: str | None = None, scale: float | None = None) -> None:
    """Load the theme (default: the saved choice) at the text size (default: the saved one)."""
    global _current, _scale
    _current = name or theme_name()
    _scale = text_scale() if scale is None else scale
    text = themed_style_sheet(_current, _scale)
    if text and text != app.styleSheet():  # the same sheet again would only re-polish every widget
        app.setStyleSheet(text)


_current = "light"
_scale = 1.0


def current_scale() -> float:
    """The text size applied last."""
    return _scale


def portrait_path(portrait: str | None, expression: str = "") -> Path | None:
    """The SVG for a portrait id (``<id>-<expression>.svg`` first, then ``<id>.svg``)."""
    from simulator.scenario.textlimits import is_asset_id  # pydantic: not before the first paint

    if not portrait or not is_asset_id(portrait) or (expression and not is_asset_id(expression)):
        return None  # never a path: an id names a file inside the portraits folder only
    for name in (f"{portrait}-{expression}.svg", f"{portrait}.svg"):
        path = ASSETS / "portraits" / name
        if path.is_file():
            return path
    return None


def current_theme() -> str:
    """The theme applied last (``light`` before any)."""
    return _current


def icon_path(name: str) -> Path:
    """An icon of ``assets/icons`` (``app``, or ``up``/``down``/``check`` for a theme)."""
    return ASSETS / "icons" / f"{name}.svg"


def restyle(widget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def report_css(name: str | None = None) -> str:
    """The debrief's style sheet for the theme, scaled like the rest of the text."""
    path = ASSETS / "themes" / f"{name or _current}-report.css"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:  # the light theme prints with the report's own built-in style
        from simulator.scoring.report_html import CSS as text
    return _scaled(text, _scale)


def _scaled(text: str, scale: float) -> str:
    """Every ``Npt`` size (and every icon size) in a style sheet multiplied by ``scale``."""
    if scale == 1.0:
        return text
    text = re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * scale:.1f}pt", text)
    # icon sizes are whole pixels (Qt reads no fractions there): icons grow with the text
    def icon(m: re.Match) -> str:
        return f"{m.group(1)}{round(int(m.group(2)) * scale)}px {round(int(m.group(3)) * scale)}px"

    return re.sub(r"(qproperty-iconSize:\s*)(\d+)px\s+(\d+)px", icon, text)


def transcript_css(name: str | None = None) -> str:
    """The transcript's style sheet for the theme (class names: you, patient, affect)."""
    path = ASSETS / "themes" / f"{name or _current}-transcript.css"
    return path.read_text(encoding="utf-8") if path.is_file() else ""
