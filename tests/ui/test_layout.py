"""Nothing cut, drawn over, invisible or too small, in any window or tab, at 1024x768, in every
theme at 100% and 150% text (tests/fixtures/layout.py says what each check means).

Set ``LAYOUT_SHOTS=<folder>`` to keep a screenshot of every screen (the README's pictures are
taken by tools/screenshots.py from the same walk).
"""

import os
from pathlib import Path

import pytest

from simulator.ui.resources import THEMES
from tests.fixtures.layout import Walk, walk_app


@pytest.mark.parametrize("scale", [1.0, 1.5])
@pytest.mark.parametrize("theme", THEMES)
def test_every_window_and_tab_holds_at_1024x768(window, qapp, theme, scale):
    from simulator.ui.resources import apply_theme

    apply_theme(qapp, theme, scale)
    shots = os.environ.get("LAYOUT_SHOTS")
    walk = Walk(Path(shots) if shots else None, f"{theme}-{int(scale * 100)}")
    screens = list(walk_app(window, walk))
    assert "debrief" in screens and "windows" in screens
    assert not walk.found, "\n".join(f"{screen}: {p}" for screen, ps in walk.found.items() for p in ps)
