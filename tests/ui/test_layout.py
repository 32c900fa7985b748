"""Nothing cut, drawn over, invisible or too small, in any window or tab, at 1024x768, in
every theme at 100% and 150% text (tests/fixtures/layout.py says what each check means).

Each walk plays a whole session and opens every window once, looking at each screen as it is
shown (its layout settled, the window itself never painted). ``LAYOUT_SHOTS=<folder>`` keeps a
screenshot of every screen (tools/screenshots.py takes the README's pictures from the same walk).
"""

import os
from pathlib import Path

import pytest

from simulator.ui.resources import THEMES
from tests.fixtures.layout import Walk, walk_app

EVERY = [(theme, scale) for theme in THEMES for scale in (1.0, 1.5)]


@pytest.mark.parametrize(("theme", "scale"), EVERY)
def test_every_window_and_tab_holds_at_1024x768(window, qapp, theme, scale):
    from simulator.ui.resources import apply_theme

    apply_theme(qapp, theme, scale)
    shots = os.environ.get("LAYOUT_SHOTS")
    walk = Walk(Path(shots) if shots else None, f"{theme}-{int(scale * 100)}")
    screens = list(walk_app(window, walk))
    steps = {"library", "chart", "interview", "assessment", "plan", "debrief", "review", "windows"}
    assert steps <= set(screens)
    assert not walk.found, "\n".join(f"{screen}: {p}" for screen, ps in walk.found.items() for p in ps)
