"""Where the app's assets live, and the theme loader."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

ASSETS = Path(__file__).resolve().parents[2] / "assets"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def apply_theme(app: QApplication, name: str = "light") -> None:
    """Load ``assets/themes/<name>.qss`` into the application."""
    path = ASSETS / "themes" / f"{name}.qss"
    if path.is_file():
        app.setStyleSheet(path.read_text(encoding="utf-8"))


def portrait_path(portrait: str | None) -> Path | None:
    """The SVG for a patient portrait id, if it exists."""
    if not portrait:
        return None
    path = ASSETS / "portraits" / f"{portrait}.svg"
    return path if path.is_file() else None


def restyle(widget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
