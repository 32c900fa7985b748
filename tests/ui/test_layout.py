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


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_plan_choice_is_read_whole_at_1024x768(window, qapp, scale):
    """No choice of the plan's drop-downs ends in "…" on a 1024x768 screen, at 100% or 150% text:
    a trainee reads each option without hovering for its tooltip."""
    from PySide6.QtWidgets import QApplication, QComboBox

    from simulator.ui.resources import apply_theme
    from simulator.ui.views.plan_view import PlanView
    from tests.fixtures.layout import ROOT, SCREEN, expert_actions

    apply_theme(qapp, "light", scale)
    window.resize(SCREEN.size())
    window.show()
    assert window.open_path(str(ROOT / "scenarios" / "clbp-moderate-oud.yaml"))
    view = window.session_view
    for action in expert_actions("clbp-moderate-oud"):
        if isinstance(view.view, PlanView):
            break
        assert view.apply(action), (action, view.status.text())
    plan = view.view
    assert isinstance(plan, PlanView)
    for _ in range(3):
        QApplication.processEvents()
    boxes = plan.findChildren(QComboBox)
    assert len(boxes) >= 8
    cut = [
        (box.accessibleName(), box.itemText(i))
        for box in boxes
        for i in range(box.count())
        if box.fontMetrics().horizontalAdvance(box.itemText(i)) > box.text_room()
    ]
    assert not cut, cut


@pytest.mark.parametrize("theme", THEMES)
def test_a_disabled_field_shows_no_empty_button_strip(qtbot, qapp, theme):
    """A number box or drop-down that does not apply is one plain grey field: no strip of
    buttons with nothing in them (an enabled one keeps its arrows, set off by a line)."""
    from PySide6.QtWidgets import QComboBox, QSpinBox

    from simulator.ui.resources import apply_theme

    apply_theme(qapp, theme, 1.0)

    def colours_across(widget) -> int:
        """How many colours a line across the field's right half shows, inside its border (a
        quarter down: through the up arrow of a number box, whose two buttons meet mid-way)."""
        widget.resize(240, widget.sizeHint().height())
        widget.show()
        qtbot.waitExposed(widget)
        image = widget.grab().toImage()
        y = image.height() // 4
        return len({image.pixelColor(x, y).name() for x in range(image.width() // 2, image.width() - 4)})

    for kind in (QSpinBox, QComboBox):
        enabled, disabled = kind(), kind()
        for box in (enabled, disabled):
            qtbot.addWidget(box)
        disabled.setEnabled(False)
        assert colours_across(enabled) > 1, kind.__name__  # the arrows are drawn
        assert colours_across(disabled) == 1, kind.__name__  # nothing but the grey field
