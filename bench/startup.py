"""Start-up to an interactive window, as a ratio to a bare PySide6 window (SPEC section 7: <= 2x).

Each run is a fresh interpreter (offscreen) that imports what it needs, shows its window,
processes events once and prints the elapsed time since the interpreter started. The bare
baseline is measured in the same run on the same machine. Medians of several runs.

    python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([]); w = QWidget(); w.resize(1320, 860); w.show(); app.processEvents()
print(time.perf_counter() - t0)
"""

APP = """
import time; t0 = time.perf_counter()
import sys; sys.path.insert(0, {root!r})
from pathlib import Path
from PySide6.QtWidgets import QApplication
from simulator.ui.app import build_window
from simulator.ui.resources import apply_theme
app = QApplication([]); apply_theme(app)
w = build_window([], Path({db!r})); w.show(); app.processEvents()
shown = time.perf_counter() - t0
while not w.library.loaded:
    app.processEvents()
print(shown, time.perf_counter() - t0)
"""


def run(code: str) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return [float(x) for x in out.stdout.strip().splitlines()[-1].split()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        app_code = APP.format(root=str(ROOT), db=str(Path(tmp) / "s.sqlite3"))
        run(BARE), run(app_code)  # warm the file cache
        bare = [run(BARE) for _ in range(runs)]
        app = [run(app_code) for _ in range(runs)]
    b = statistics.median(x[0] for x in bare)
    shown = statistics.median(x[0] for x in app)
    ready = statistics.median(x[1] for x in app)
    print(f"bare PySide6 window:            {b * 1000:.0f} ms (median of {runs})")
    print(f"simulator window shown:         {shown * 1000:.0f} ms  ratio {shown / b:.2f}x (goal: <= 2x)")
    print(f"scenario library ready:         {ready * 1000:.0f} ms  ratio {ready / b:.2f}x")


if __name__ == "__main__":
    main()
