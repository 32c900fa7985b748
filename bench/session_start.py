"""What a trainee waits for after the library is up: "Start session" to the chart, the first typed answer.

Each run is a fresh app (offscreen, its own database, settings and a warm scenario cache), driven
as a user drives it: the library fills; 0.3 s later the user clicks the first case (the first act
on the window, which warms the scenario loader); ``--read`` seconds after the library filled
(reading the case) Start is clicked; the chart is read for 4 s (the intent model warms meanwhile);
then the interview is opened and "where is the pain?" is typed. Reported (medians): the time from
the Start click to the chart on screen, from Enter to the patient's answer on screen, and the peak
RSS at each step (library filled and idle, at Start, after the first answer).

    python bench/session_start.py [--runs N] [--read S] [--root CHECKOUT]

``--root`` runs another checkout's code (for a before/after comparison on the same machine).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DRIVER = r"""
import json, resource, sys, time
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from simulator.ui import startup

read = float(sys.argv[1])
out = {}
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
filled = startup.Startup._library_filled
def on_filled(self):
    filled(self)
    win, lib = self.window, self.window.library
    out["idle_mb"] = peak()
    def click():
        out["idle_mb"] = peak()  # still idle: nothing asked for
        rect = lib.list.visualItemRect(lib.list.item(0))
        QTest.mouseClick(lib.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    def start():
        out["before_start_mb"] = peak()
        t = time.perf_counter()
        lib.start_button.click()
        QApplication.processEvents()
        out["start_to_chart_ms"] = (time.perf_counter() - t) * 1000
        out["chart_mb"] = peak()
        QTimer.singleShot(4000, ask)
    def ask():
        from simulator.ui.views.interview_view import InterviewView
        win.session_view.advance()
        QApplication.processEvents()
        box = win.session_view.findChild(InterviewView)
        box.input.setText("where is the pain?")
        t = time.perf_counter()
        box._send_typed()
        QApplication.processEvents()
        out["first_answer_ms"] = (time.perf_counter() - t) * 1000
        out["answered_mb"] = peak()
        print("RESULT", json.dumps(out), flush=True)
        self.app.quit()
    QTimer.singleShot(300, click)
    QTimer.singleShot(int(read * 1000), start)
startup.Startup._library_filled = on_filled
sys.exit(startup.main(["--quit-after", "60"]))
"""

KEYS = ("idle_mb", "before_start_mb", "start_to_chart_ms", "chart_mb", "first_answer_ms", "answered_mb")


def one(root: Path, home: Path, read: float) -> dict[str, float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(root),
        "OPIOID_SIM_DB": str(home / "sessions.sqlite3"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    env.pop("OPIOID_SIM_TIMINGS", None)
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(read)],
        env=env, cwd=root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"no result (exit {done.returncode}): {done.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--read", type=float, default=1.5, help="seconds from the library filled to Start")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        subprocess.run(  # warm the scenario cache, as every start but the first finds it
            [sys.executable, "main.py", "--quit-after", "1"], cwd=args.root, capture_output=True, timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(args.root),
                 "OPIOID_SIM_DB": str(home / "warm.sqlite3"), "XDG_CONFIG_HOME": str(home / "config"),
                 "XDG_CACHE_HOME": str(home / "cache"), "XDG_DATA_HOME": str(home / "data")},
        )  # fmt: skip
        runs = []
        for n in range(args.runs):
            for name in ("sessions.sqlite3", "sessions.sqlite3-wal", "sessions.sqlite3-shm"):
                (home / name).unlink(missing_ok=True)  # a new trainee each time (a whole store)
            runs.append(one(args.root, home, args.read))
            print(f"run {n + 1}: " + ", ".join(f"{k} {runs[-1][k]:.0f}" for k in KEYS), flush=True)
    print(f"{args.root}, medians of {args.runs}:")
    for key in KEYS:
        values = [r[key] for r in runs]
        middle = statistics.median(values)
        print(f"  {key:18s} {middle:7.1f}   (min {min(values):.1f}, max {max(values):.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
