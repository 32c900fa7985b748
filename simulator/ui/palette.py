"""Named colours for widgets that paint themselves (charts, initials portrait), per theme.

Style sheets carry every other colour (assets/themes/*.qss); this is the one place for the
colours QPainter needs, one set for each theme so that charts follow the theme the trainee
chose. Series also differ by line style and marker, never by colour alone.
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
    "series.sedation": "#00838f",
    "portrait.disc": "#c9d6e3",
    "portrait.initials": "#13294b",
}

THEME_COLOURS = {
    "light": COLOURS,
    "dark": {
        "plot.background": "#1e2630",
        "plot.grid": "#303b47",
        "plot.frame": "#9fadbb",
        "plot.text": "#e3e9ef",
        "plot.muted": "#aab7c4",
        "plot.bar": "#5a9ae6",
        "plot.band": "#25374b",
        "series.pain": "#ef8a8a",
        "series.cows": "#c79bf0",
        "series.craving": "#ffb067",
        "series.function": "#8fd18f",
        "series.mme": "#7db1ee",
        "series.sedation": "#6fd6df",
        "portrait.disc": "#3c5876",
        "portrait.initials": "#e3e9ef",
    },
    "high-contrast": {
        "plot.background": "#ffffff",
        "plot.grid": "#b0b0b0",
        "plot.frame": "#000000",
        "plot.text": "#000000",
        "plot.muted": "#000000",
        "plot.bar": "#0000cc",
        "plot.band": "#e6e6e6",
        "series.pain": "#b00000",
        "series.cows": "#5a0090",
        "series.craving": "#8a4000",
        "series.function": "#006000",
        "series.mme": "#0000cc",
        "series.sedation": "#005a60",
        "portrait.disc": "#d0d0d0",
        "portrait.initials": "#000000",
    },
}


def colour(name: str) -> QColor:
    """The named colour in the current theme (KeyError for an unknown name, so typos surface)."""
    from simulator.ui.resources import current_theme

    return QColor(THEME_COLOURS.get(current_theme(), COLOURS)[name])
