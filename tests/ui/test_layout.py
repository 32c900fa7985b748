"""Nothing cut, drawn over, invisible or too small, in any window or tab, at 1024x768, in
every theme at 100% and 150% text (tests/fixtures/layout.py says what each check means).

Each walk plays a whole session and opens every window once, looking at each screen as it is
shown (its layout settled, the window itself never painted), and keeps a screenshot of each
screen where it finds a problem as a test artefact: build/layout-shots/<screen>-<theme>-<text
size>.png; with ``LAYOUT_SHOTS=<folder>``, of every screen, in that folder (tools/screenshots.py
takes the README's pictures from the same walk).
"""

import os
from pathlib import Path

import pytest

from simulator.ui.resources import THEMES
from tests.fixtures.layout import ROOT, Walk, walk_app

# every theme at each text size (issue 25's bar: each theme, 100% and 150%)
EVERY = [(theme, scale) for theme in THEMES for scale in (1.0, 1.5)]


@pytest.mark.parametrize(("theme", "scale"), EVERY)
def test_every_window_and_tab_holds_at_1024x768(window, qapp, theme, scale):
    """The walk's checks on every screen; on the way, two more checks of the same session's
    screens (each used to play it again on its own): every control of each phase is named for a
    screen reader and no button text is cut (tests/ui/test_accessibility.py, which plays
    stable-dependence the same way), and, in every theme, every choice of the plan's drop-downs is
    read whole."""
    from simulator.ui.resources import apply_theme
    from simulator.ui.views.plan_view import PlanView
    from tests.ui.test_accessibility import accessibility_problems

    apply_theme(qapp, theme, scale)
    every = os.environ.get("LAYOUT_SHOTS")
    shots = Path(every or ROOT / "build" / "layout-shots")
    walk = Walk(shots, f"{theme}-{int(scale * 100)}", every=bool(every))
    screens, unnamed = [], {}
    for screen in walk_app(window, walk):
        screens.append(screen)
        if screen not in ("review", "windows"):  # the main window: the library, each phase and visit
            unnamed[screen] = accessibility_problems(window)
        if screen == "plan":
            plan = window.session_view.view
            assert isinstance(plan, PlanView)
            cut = plan_choices_cut(plan)
            assert not cut, cut
    steps = {"library", "check", "chart", "interview", "assessment", "plan", "debrief", "review", "windows"}
    assert steps <= set(screens)
    every = {"debrief-feedback", "debrief-course", "debrief-what-if", "debrief-timeline", "whatif-expert",
             "review-visit", "progress", "cohort", "tools-taper-planner", "help-keys", "help-guide",
             "preview"}
    assert every <= set(walk.looked), sorted(every - set(walk.looked))  # (a tab gone is a screen missed)
    assert not walk.found, f"(screenshots in {shots})\n" + "\n".join(
        f"{screen}: {p}" for screen, ps in walk.found.items() for p in ps)
    assert {"library", "chart", "interview", "assessment", "plan", "debrief"} <= set(unnamed)
    assert not any(unnamed.values()), {screen: p for screen, p in unnamed.items() if p}


def plan_choices_cut(plan) -> list[tuple[str, str]]:
    """The plan's drop-down choices that would end in "…" in their box (a trainee reads each
    option whole, without hovering for its tooltip); there are at least eight boxes."""
    from PySide6.QtWidgets import QComboBox

    boxes = plan.findChildren(QComboBox)
    assert len(boxes) >= 8
    cut = [
        (box.accessibleName(), box.itemText(i))
        for box in boxes
        for i in range(box.count())
        if box.fontMetrics().horizontalAdvance(box.itemText(i)) > box.text_room()
    ]
    return cut


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


def test_the_layout_check_catches_each_break_it_names(qtbot, qapp):
    """The walk's check fails on each kind of break it claims to catch, shown on purpose on one
    small window: cut by its parent, text cut, text over text, a control under 24 px, a window
    larger than the screen, a control whose focus is not drawn, a page that scrolls sideways."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QPushButton, QScrollArea, QWidget

    from simulator.ui.resources import apply_theme
    from tests.fixtures.layout import focus_problems, problems

    apply_theme(qapp, "light", 1.0)
    root = QWidget()
    qtbot.addWidget(root)
    root.resize(600, 400)
    fine = QPushButton("Fine", root)
    fine.setGeometry(10, 10, 120, 32)
    root.show()
    qtbot.waitExposed(root)
    root.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is root)
    assert problems(root) == [] and focus_problems(root, set()) == []  # nothing broken: nothing said

    def found_with(make) -> str:
        broken = make()
        qapp.processEvents()
        said = "\n".join(problems(root) + focus_problems(root, set()))
        broken.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return said

    def outside():
        box = QWidget(root)
        box.setGeometry(200, 10, 100, 60)
        inner = QPushButton("Half out", box)
        inner.setGeometry(50, 10, 120, 32)
        box.show()
        return box

    def cramped():
        text = QLabel("A label far longer than the room it is given", root)
        text.setGeometry(10, 60, 80, 30)
        text.show()
        return text

    def over():
        holder = QWidget(root)
        holder.setGeometry(10, 100, 300, 60)
        for x in (0, 40):
            QLabel("Two labels", holder).setGeometry(x, 0, 150, 30)
        holder.show()
        return holder

    def tiny():
        button = QPushButton("x", root)
        button.setGeometry(10, 170, 80, 18)
        button.show()
        return button

    def sideways():
        page = QScrollArea(root)
        page.setGeometry(300, 200, 200, 150)
        wide = QWidget()
        wide.setMinimumWidth(400)
        page.setWidget(wide)
        page.setWidgetResizable(True)
        page.show()
        return page

    def no_focus_drawn():
        box = QCheckBox("Tick me", root)  # the theme's focus look undone, as a careless rule would
        box.setStyleSheet("QCheckBox:focus { background: none; }"
                          " QCheckBox::indicator:focus { border: 1px solid #5b6b7c; }")
        box.setGeometry(10, 210, 200, 30)
        box.show()
        return box

    assert "cut by its parent: QPushButton 'Half out'" in found_with(outside)
    assert "text cut: QLabel 'A label far longer" in found_with(cramped)
    assert "drawn over each other: QLabel 'Two labels' and QLabel 'Two labels'" in found_with(over)
    assert "control below 24 px: QPushButton 'x' is 80x18" in found_with(tiny)
    assert "no visible focus: QCheckBox 'Tick me'" in found_with(no_focus_drawn)
    assert "scrolls sideways: QScrollArea" in found_with(sideways)
    root.resize(1100, 400)
    qapp.processEvents()
    assert "window larger than the screen: 1100x400" in problems(root)

