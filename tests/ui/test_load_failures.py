"""Every way opening a case can fail ends in a dialog, never an uncaught exception."""

from __future__ import annotations

import pytest

from simulator.control.dialogs import ScriptedDialogs
from simulator.ui.main_window import MainWindow
from simulator.ui.resources import SCENARIOS
from tests.ui.conftest import ROOT


@pytest.fixture(name="win")
def _win(qtbot):
    win = MainWindow(SCENARIOS, None, load_library=False)
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    return win


def test_a_placeholder_bomb_is_refused_with_its_position(win, tmp_path):
    text = (ROOT / "scenarios" / "stable-dependence.yaml").read_text(encoding="utf-8")
    text = text.replace('text: "{first_name} calls', 'text: "' + "{first_name}" * 3000 + " calls", 1)
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(text.replace("first_name: Ruth", "first_name: " + "R" * 50_000, 1), encoding="utf-8")
    assert win.open_path(str(bomb)) is False
    (shown,) = win.dialogs.shown
    assert (
        shown.title == "This scenario has problems" and "characters long once its placeholders" in shown.text
    )
    assert f"{bomb}:" in shown.text


@pytest.mark.parametrize(
    "failure", [MemoryError, RecursionError, UnicodeDecodeError("utf-8", b"", 0, 1, "x")]
)
def test_a_failure_no_check_foresaw_is_a_dialog(win, monkeypatch, fresh_loads, failure):
    import simulator.scenario.variants as variants

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(variants, "resolve", broken)
    path = ROOT / "scenarios" / "stable-dependence.yaml"
    assert win.open_path(str(path)) is False
    (shown,) = win.dialogs.shown
    assert shown.title == "This scenario has problems" and f"{path}:1:1" in shown.text
