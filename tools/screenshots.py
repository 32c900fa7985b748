"""Render every view of the app offscreen to docs/screenshots/ (for the README and review).

Usage: QT_QPA_PLATFORM=offscreen python tools/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from simulator.engine.playthrough import load_actions  # noqa: E402
from simulator.ui.app import build_window  # noqa: E402
from simulator.ui.resources import apply_theme  # noqa: E402


def action_payload(session):
    data = session.data.assessment if session.phase == "assessment" else session.data.plan
    return data.model_dump()


OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    app = QApplication([])
    apply_theme(app)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        window = build_window([], Path(tmp) / "s.sqlite3")
        window.resize(1280, 720)
        window.show()
        while not window.library.loaded:
            app.processEvents()
        app.processEvents()
        window.library._start()
        app.processEvents()
        view = window.session_view
        actions, _ = load_actions(ROOT / "scenarios/playthroughs/clbp-moderate-oud.expert.yaml")
        for n, action in enumerate(actions):
            if action["type"] == "advance":  # each step just before leaving it
                if view.session.phase in ("assessment", "plan"):
                    view.view.load(action_payload(view.session))
                app.processEvents()
                window.grab().save(str(OUT / f"{view.session.state.name}.png"))
            assert view.apply(action), (n, action, view.status.text())
        app.processEvents()
        window.grab().save(str(OUT / "debrief.png"))
        window.show_tools()
        tools = window.tools
        tools.tabs.setCurrentWidget(tools.taper)
        tools.taper.calculate()
        app.processEvents()
        tools.grab().save(str(OUT / "tools-taper.png"))
        tools.close()
        window.show_library()  # the library, now listing the finished attempt with its score
        for _ in range(3):
            app.processEvents()
        window.grab().save(str(OUT / "library.png"))
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
