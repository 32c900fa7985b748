"""Nothing cut, drawn over, invisible or too small, in any window or tab, at 1024x768
(tests/fixtures/layout.py says what each check means).

Each walk plays a whole session and opens every window (about 6 s), so the suite walks each
theme once, with both text sizes covered: light at 100%, dark and high contrast at 150%.
``LAYOUT_ALL=1`` walks all six (every theme at 100% and 150%); ``LAYOUT_SHOTS=<folder>`` keeps a
screenshot of every screen (tools/screenshots.py takes the README's pictures from the same walk).
"""

import os
from pathlib import Path

import pytest

from simulator.ui.resources import THEMES
from tests.fixtures.layout import Walk, walk_app

EVERY = [(theme, scale) for theme in THEMES for scale in (1.0, 1.5)]
EACH_THEME_ONCE = [("light", 1.0), ("dark", 1.5), ("high-contrast", 1.5)]


@pytest.mark.parametrize(("theme", "scale"), EVERY if os.environ.get("LAYOUT_ALL") else EACH_THEME_ONCE)
def test_every_window_and_tab_holds_at_1024x768(window, qapp, theme, scale):
    from simulator.ui.resources import apply_theme

    apply_theme(qapp, theme, scale)
    shots = os.environ.get("LAYOUT_SHOTS")
    walk = Walk(Path(shots) if shots else None, f"{theme}-{int(scale * 100)}")
    screens = list(walk_app(window, walk))
    steps = {"library", "chart", "interview", "assessment", "plan", "debrief", "review", "windows"}
    assert steps <= set(screens)
    assert not walk.found, "\n".join(f"{screen}: {p}" for screen, ps in walk.found.items() for p in ps)
