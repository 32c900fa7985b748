"""Named colours for widgets that paint themselves (charts, initials portrait).

Style sheets carry every other colour (assets/themes/*.qss); this is the one place for the
colours QPainter needs. Series also differ by line style and marker, never by colour alone.
"""

from PySide6.QtGui import QColor

COLOURS = {
    "plot.background": "#ffffff",
    "plot.grid": "#e4e9ef",
    "plot.frame": "#5b6b7c",
    "plot.text": "#1d2733",
    "plot.muted": "#5b6b7c",
    "plot.bar": "#3d7fc4",
    "plot.band": "#e3eefa",
    "series.pain": "#c62828",
    "series.cows": "#6a1b9a",
    "series.craving": "#ef6c00",
    "series.function": "#2e7d32",
    "series.mme": "#1f5fa8",
    "portrait.disc": "#c9d6e3",
    "portrait.initials": "#13294b",
}


def colour(name: str) -> QColor:
    """The named colour (KeyError for an unknown name, so typos surface in tests)."""
    return QColor(COLOURS[name])
