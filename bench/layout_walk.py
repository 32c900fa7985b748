"""The layout walk in every theme at 100% and 150% text, outside the suite, timed.

tests/ui/test_layout.py walks the same six inside the suite. This walks each from a fresh
window, prints what each found and the time it took, and exits 1 when any screen is broken
(tests/fixtures/layout.py says what counts as broken).

    QT_QPA_PLATFORM=offscreen python bench/layout_walk.py [--shots FOLDER]

``--shots FOLDER``: keep a screenshot of every screen there.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QStandardPaths  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from simulator.scenario import variants  # noqa: E402
from simulator.ui.app import build_window  # noqa: E402
from simulator.ui.check_settings import set_check_mode  # noqa: E402
from simulator.ui.resources import THEMES, apply_theme  # noqa: E402
from tests.fixtures.layout import Walk, walk_app  # noqa: E402

SCALES = (1.0, 1.5)


def walk(app: QApplication, theme: str, scale: float, shots: Path | None) -> dict[str, list[str]]:
    """One walk of every window and tab in ``theme`` at ``scale``; the problems by screen."""
    apply_theme(app, theme, scale)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        set_check_mode("off")  # as the test's window: the walk offers the check itself
        window = build_window([], Path(tmp) / "s.sqlite3")
        window.show()
        while not window.library.loaded:
            app.processEvents()
        looked = Walk(shots, f"{theme}-{int(scale * 100)}")
        for _screen in walk_app(window, looked):
            pass
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # (else each walk re-styles it)
    return looked.found


def main(argv: list[str]) -> int:
    shots = Path(argv[argv.index("--shots") + 1]) if "--shots" in argv else None
    app = QApplication([])
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    variants.fresh_seed = lambda: None  # each case as written (its first patient), as in the test
    broken = 0
    for theme in THEMES:
        for scale in SCALES:
            start = time.perf_counter()
            found = walk(app, theme, scale, shots)
            print(f"{theme} at {scale:.0%}: {len(found)} screen(s) with problems "
                  f"({time.perf_counter() - start:.1f} s)")
            for screen, problems in found.items():
                print(f"  {screen}: " + "; ".join(problems))
            broken += bool(found)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
