"""Take the README's screenshots from the layout walk (tests/fixtures/layout.py): the same
screens the layout test checks, at 1024x768, light theme, 100% text.

Usage: QT_QPA_PLATFORM=offscreen python tools/screenshots.py [--all]
  --all  also keep every screen in every theme at 100% and 150% text in docs/screenshots/all/
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, QStandardPaths  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from simulator.scenario import variants  # noqa: E402
from simulator.ui.app import build_window  # noqa: E402
from simulator.ui.resources import THEMES, apply_theme  # noqa: E402
from tests.fixtures.layout import Walk, walk_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
README = {  # screen of the walk -> picture in the README
    "library": "library", "chart": "chart", "interview": "interview", "assessment": "assessment",
    "plan": "plan", "week2_bup": "week2_bup", "week8_stable": "week8_stable",
    "debrief-feedback": "debrief", "tools-taper-planner": "tools-taper", "preview": "preview",
}


def walk(app: QApplication, folder: Path, theme: str, scale: float) -> dict[str, list[str]]:
    apply_theme(app, theme, scale)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        window = build_window([], Path(tmp) / "s.sqlite3")
        window.show()
        while not window.library.loaded:
            app.processEvents()
        looked = Walk(folder, f"{theme}-{int(scale * 100)}")
        for _screen in walk_app(window, looked):
            pass
        window.close()
    return looked.found


def main() -> None:
    app = QApplication([])
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    variants.fresh_seed = lambda: None  # each case as written (its first patient)
    with tempfile.TemporaryDirectory() as tmp:
        shots = Path(tmp)
        found = walk(app, shots, "light", 1.0)
        for screen, picture in README.items():
            source = shots / f"{screen}-light-100.png"
            if source.is_file():
                shutil.copy(source, OUT / f"{picture}.png")
        if "--all" in sys.argv:
            every = OUT / "all"
            every.mkdir(parents=True, exist_ok=True)
            for theme in THEMES:
                for scale in (1.0, 1.5):
                    found.update(walk(app, every, theme, scale))
    for screen, problems in found.items():
        print(f"{screen}: " + "; ".join(problems))
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
