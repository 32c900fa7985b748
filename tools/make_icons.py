"""Draw the action icons of assets/icons/ (one file per theme, in the theme's text colour).

Usage: python tools/make_icons.py

Every icon is a 16x16 line drawing with 2px round strokes, like the spin-box arrows and the
tick, so the set looks of a piece. An icon on a primary button is drawn in that button's text
colour, the others in the theme's ordinary text colour. Theme style sheets refer to them as
``@ICONS@/NAME-THEME.svg`` (``qproperty-icon`` on the button's object name).
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assets" / "icons"

# theme -> (ordinary text colour, text colour on a primary button)
THEMES = {
    "light": ("#1d2733", "#ffffff"),
    "dark": ("#e3e9ef", "#0d1217"),
    "high-contrast": ("#000000", "#ffffff"),
}

# name -> (on a primary button?, SVG path data, what it stands for)
ICONS = {
    "next": (True, "M6 3.5 L10.5 8 L6 12.5", "move on to the next step"),
    "start": (True, "M5 3 L12.5 8 L5 13 Z", "start a new session"),
    "again": (True, "M12.5 8 A4.5 4.5 0 1 1 10.7 4.4 M11 1.5 V4.6 H7.9", "the same case again"),
    "send": (True, "M2.5 8 H12.5 M8.5 4 L12.5 8 L8.5 12", "send what was typed"),
    "resume": (False, "M3.5 3 V13 M7 3 L13 8 L7 13 Z", "resume a saved session"),
    "library": (False, "M2.5 7.5 L8 3 L13.5 7.5 M4 6.5 V13 H12 V6.5", "back to the library"),
    "report": (False, "M4 2 H9.5 L12 4.5 V14 H4 Z M9.5 2 V4.5 H12 M6 8.5 H10 M6 11 H10", "the PDF report"),
    "export": (False, "M8 2.5 V9.5 M5 6.5 L8 9.5 L11 6.5 M3 11 V13.5 H13 V11", "export the results"),
}

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">'
       '<path d="{d}" fill="none" stroke="{colour}" stroke-width="2" stroke-linecap="round" '
       'stroke-linejoin="round"/></svg>\n')


def main() -> None:
    for theme, (text, on_primary) in THEMES.items():
        for name, (primary, d, _what) in ICONS.items():
            path = OUT / f"{name}-{theme}.svg"
            path.write_text(SVG.format(d=d, colour=on_primary if primary else text), encoding="utf-8")
    print(f"{len(THEMES) * len(ICONS)} icons written to {OUT}")


if __name__ == "__main__":
    main()
