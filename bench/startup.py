"""Start-up as a user feels it: time to the first mapped window, against a bare PySide6 window.

SPEC section 7: the app's first window within 1.5x of a bare PySide6 window's on the same
machine, measured on a real X server; peak memory within 2x.

How it measures (one run, alternating app and bare window so both see the same machine state):

- An X server: ``$DISPLAY`` when ``--display`` names it, else a private ``Xvfb :95`` started here
  and stopped at the end.
- Each launch is a fresh interpreter. The clock starts just before the process is spawned and
  stops when the X server reports the process's first top-level window as mapped (a MapNotify
  event on the root window, read with libX11 through ctypes, matched to the child by its
  ``_NET_WM_PID``). This is what ``xdotool search --sync --onlyvisible --pid PID`` waits for,
  without its half-second polling; ``xdotool`` is used once per window to cross-check.
- The app is ``main.py --quit-after S`` with a private database, settings and cache
  (so the user's files are never touched); ``OPIOID_SIM_TIMINGS=1`` makes it report when the
  library was filled and the intent model warmed, on the same monotonic clock.
- Peak memory is the child's ``ru_maxrss`` after it exits by itself (after the library and the
  model are loaded), from ``os.wait4``.
- Bytecode as an installed app has it: ``pip install`` and the one-folder build compile every
  module, so the package is compiled (``compileall``) before timing; otherwise a machine with
  ``PYTHONDONTWRITEBYTECODE`` set (this workplace's) compiles the app's sources on every launch,
  a cost no user pays and the bare window (Qt's own modules only) does not have.
- Offscreen (``QT_QPA_PLATFORM=offscreen``) numbers are reported separately: there is no window
  to map, so they time spawn to the first paint event, as printed by the child.

    python bench/startup.py [--runs N] [--display :95] [--quit-after S] [--json]
"""

from __future__ import annotations

import argparse
import compileall
import ctypes
import ctypes.util
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.5

# The baseline: the least a PySide6 program does to put a window of the app's size on screen.
# It quits after the same delay as the app; it prints when it first painted (offscreen runs).
BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
class Window(QWidget):
    painted = False
    def paintEvent(self, event):
        if not self.painted:
            self.painted = True
            import resource
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            now, cpu = time.perf_counter(), time.process_time()
            print("startup: first-paint", now, peak, cpu, file=sys.stderr, flush=True)
app = QApplication(sys.argv)
window = Window(); window.resize(1320, 860); window.show()
QTimer.singleShot(int(float(sys.argv[1]) * 1000), app.quit)
sys.exit(app.exec())
"""

# --- X11 through ctypes: wait for a MapNotify of a given process's top-level window ------------

SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
MAP_NOTIFY = 19


class XMapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xmap", XMapEvent), ("pad", ctypes.c_long * 24)]


class MapWatcher:
    """Top-level windows mapped on an X display, reported as they happen."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11") or "libX11.so.6"
        x = ctypes.CDLL(name)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x.XPending.argtypes = [ctypes.c_void_p]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(XEvent)]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte)),
        ]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.x = x
        self.dpy = x.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError(f"cannot open X display {display}")
        x.XSelectInput(self.dpy, x.XDefaultRootWindow(self.dpy), SUBSTRUCTURE_NOTIFY_MASK)
        x.XFlush(self.dpy)
        self.fd = x.XConnectionNumber(self.dpy)
        self.pid_atom = x.XInternAtom(self.dpy, b"_NET_WM_PID", 0)

    def drain(self) -> None:
        event = XEvent()
        while self.x.XPending(self.dpy):
            self.x.XNextEvent(self.dpy, ctypes.byref(event))

    def window_pid(self, window: int) -> int | None:
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        nitems, after = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.POINTER(ctypes.c_ubyte)()
        status = self.x.XGetWindowProperty(
            self.dpy,
            window,
            self.pid_atom,
            0,
            1,
            0,
            6,  # XA_CARDINAL
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(nitems),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if status != 0 or not data:
            return None
        try:
            if nitems.value < 1 or actual_format.value != 32:
                return None
            return ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0]
        finally:
            self.x.XFree(data)

    def wait_for_pid(self, pid: int, timeout: float) -> tuple[float, int] | None:
        """(perf_counter time, window id) of ``pid``'s first mapped top-level window."""
        event = XEvent()
        deadline = time.perf_counter() + timeout
        while True:
            while self.x.XPending(self.dpy):
                self.x.XNextEvent(self.dpy, ctypes.byref(event))
                if event.type == MAP_NOTIFY and not event.xmap.override_redirect:
                    seen = time.perf_counter()
                    if self.window_pid(event.xmap.window) == pid:
                        return seen, event.xmap.window
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            select.select([self.fd], [], [], min(left, 0.05))

    def close(self) -> None:
        self.x.XCloseDisplay(self.dpy)


# --- one launch ---------------------------------------------------------------------------------


@dataclass
class Launch:
    mapped: float | None = None  # seconds from spawn to the window mapped (X runs)
    painted: float | None = None  # seconds from spawn to the first paint (as the child saw it)
    marks: dict[str, float] = field(default_factory=dict)  # the app's own start-up marks
    mark_rss_mb: dict[str, float] = field(default_factory=dict)  # its peak RSS at each mark
    mark_cpu: dict[str, float] = field(default_factory=dict)  # its CPU seconds at each mark
    rss_mb: float = 0.0
    returncode: int = 0
    visible_per_xdotool: bool | None = None


def launch(argv: list[str], env: dict[str, str], watcher: MapWatcher | None, timeout: float = 60) -> Launch:
    result = Launch()
    if watcher is not None:
        watcher.drain()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
    if watcher is not None:
        found = watcher.wait_for_pid(proc.pid, timeout)
        if found is not None:
            result.mapped = found[0] - start
            if shutil.which("xdotool"):
                out = subprocess.run(
                    ["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid)],
                    capture_output=True,
                    text=True,
                    env=env,
                )
                result.visible_per_xdotool = str(found[1]) in out.stdout.split()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    result.returncode = proc.returncode
    result.rss_mb = usage.ru_maxrss / 1024
    err.seek(0)
    text = err.read().decode("utf-8", "replace")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "startup:":
            result.marks[parts[1]] = float(parts[2]) - start
            if len(parts) >= 5:
                result.mark_rss_mb[parts[1]] = int(parts[3]) / 1024
                result.mark_cpu[parts[1]] = float(parts[4])
    result.painted = result.marks.get("first-paint")
    if result.returncode != 0:
        raise RuntimeError(f"{argv[1:]} exited {result.returncode}:\n{text[-2000:]}")
    return result


def start_xvfb(display: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 10
    while time.time() < deadline:
        if (
            subprocess.run(
                ["xdotool", "getdisplaygeometry"], env=dict(os.environ, DISPLAY=display), capture_output=True
            ).returncode
            == 0
        ):
            return proc
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"Xvfb {display} did not start")


def display_is_up(display: str) -> bool:
    env = dict(os.environ, DISPLAY=display)
    return subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True).returncode == 0


def child_env(home: Path, platform: str, display: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=platform,
        OPIOID_SIM_DB=str(home / "sessions.sqlite3"),
        OPIOID_SIM_TIMINGS="1",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        HF_HUB_OFFLINE="1",
    )
    if display:
        env["DISPLAY"] = display
    return env


def med(values: list[float | None]) -> float:
    real = [v for v in values if v is not None]
    return statistics.median(real) if real else float("nan")


def measure(
    runs: int,
    quit_after: float,
    platform: str,
    display: str | None,
    home: Path,
    watcher: MapWatcher | None,
    executable: str | None = None,
) -> dict:
    env = child_env(home, platform, display)
    launcher = [executable] if executable else [sys.executable, str(ROOT / "main.py")]
    app_argv = [*launcher, "--quit-after", str(quit_after)]
    bare_argv = [sys.executable, "-c", BARE, str(quit_after)]
    cold = launch(app_argv, env, watcher)  # first run: empty cache (and a cold file cache)
    launch(bare_argv, env, watcher)
    app: list[Launch] = []
    bare: list[Launch] = []
    for _ in range(runs):
        app.append(launch(app_argv, env, watcher))
        bare.append(launch(bare_argv, env, watcher))
    key = "mapped" if watcher is not None else "painted"
    out = {
        "platform": platform,
        "runs": runs,
        "bare_ms": med([getattr(b, key) for b in bare]) * 1000,
        "app_ms": med([getattr(a, key) for a in app]) * 1000,
        "bare_rss_mb": med([b.rss_mb for b in bare]),
        "app_rss_mb": med([a.rss_mb for a in app]),
        "app_marks_ms": {
            name: med([a.marks.get(name) for a in app]) * 1000
            for name in sorted({n for a in app for n in a.marks}, key=lambda n: app[0].marks.get(n, 0))
        },
        "app_marks_rss_mb": {
            name: med([a.mark_rss_mb.get(name) for a in app])
            for name in sorted({n for a in app for n in a.mark_rss_mb})
        },
        "cold_cache_marks_ms": {name: value * 1000 for name, value in cold.marks.items()},
        "app_all_ms": [None if getattr(a, key) is None else round(getattr(a, key) * 1000) for a in app],
        "bare_all_ms": [None if getattr(b, key) is None else round(getattr(b, key) * 1000) for b in bare],
    }
    if watcher is not None:
        out["xdotool_agrees"] = all(x.visible_per_xdotool for x in app + bare)
    out["bare_cpu_ms"] = med([b.mark_cpu.get("first-paint") for b in bare]) * 1000
    out["app_cpu_ms"] = med([a.mark_cpu.get("first-paint") for a in app]) * 1000
    out["cpu_ratio"] = out["app_cpu_ms"] / out["bare_cpu_ms"]
    out["ratio"] = out["app_ms"] / out["bare_ms"]
    # Each app run and the bare run right after it saw about the same machine: the median of
    # those pairwise ratios is steadier than the ratio of the medians when the machine is busy.
    pairs = [
        getattr(a, key) / getattr(b, key)
        for a, b in zip(app, bare, strict=True)
        if getattr(a, key) and getattr(b, key)
    ]
    out["paired_ratio"] = statistics.median(pairs) if pairs else float("nan")
    cpu_pairs = [
        a.mark_cpu["first-paint"] / b.mark_cpu["first-paint"]
        for a, b in zip(app, bare, strict=True)
        if "first-paint" in a.mark_cpu and "first-paint" in b.mark_cpu
    ]
    out["paired_cpu_ratio"] = statistics.median(cpu_pairs) if cpu_pairs else float("nan")
    out["rss_ratio"] = out["app_rss_mb"] / out["bare_rss_mb"]
    return out


def report(r: dict) -> str:
    what = "first window mapped (X server)" if r["platform"] == "xcb" else "first paint (offscreen)"
    lines = [
        f"{what}, median of {r['runs']} alternating runs",
        f"  bare PySide6 window : {r['bare_ms']:7.0f} ms   peak RSS {r['bare_rss_mb']:6.1f} MB",
        f"  simulator           : {r['app_ms']:7.0f} ms   peak RSS {r['app_rss_mb']:6.1f} MB",
        f"  ratio               : {r['ratio']:7.2f}x (goal <= {GOAL}x); median of paired runs"
        f" {r['paired_ratio']:.2f}x",
        f"  memory ratio        : {r['rss_ratio']:7.2f}x (goal <= 2x)",
        f"  CPU to first paint  : {r['app_cpu_ms']:7.0f} ms vs {r['bare_cpu_ms']:.0f} ms bare,"
        f" ratio {r['cpu_ratio']:.2f}x, paired {r['paired_cpu_ratio']:.2f}x",
        f"  runs (app)          : {r['app_all_ms']}",
        f"  runs (bare)         : {r['bare_all_ms']}",
    ]
    for name, value in r["app_marks_ms"].items():
        rss = r["app_marks_rss_mb"].get(name)
        lines.append(f"  app {name:<16}: {value:7.0f} ms after spawn, peak RSS {rss:6.1f} MB")
    for name, value in r["cold_cache_marks_ms"].items():
        lines.append(f"  cold cache {name:<9}: {value:7.0f} ms after spawn (first run, empty cache)")
    if "xdotool_agrees" in r:
        lines.append(f"  xdotool --onlyvisible saw every timed window: {r['xdotool_agrees']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--display", default=":95", help="X display to use or start (default :95)")
    parser.add_argument("--quit-after", type=float, default=4.0, help="seconds each window stays up")
    parser.add_argument("--no-offscreen", action="store_true", help="skip the offscreen measurement")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument(
        "--app",
        metavar="EXECUTABLE",
        help="time this launcher instead of main.py (e.g. dist/OpioidCareSimulator/OpioidCareSimulator)",
    )
    args = parser.parse_args()
    compileall.compile_dir(str(ROOT / "simulator"), quiet=1)  # as installed: see the docstring
    xvfb = None if display_is_up(args.display) else start_xvfb(args.display)
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            watcher = MapWatcher(args.display)
            try:
                results.append(
                    measure(
                        args.runs, args.quit_after, "xcb", args.display, Path(tmp) / "x", watcher, args.app
                    )
                )
            finally:
                watcher.close()
            if not args.no_offscreen:
                results.append(
                    measure(args.runs, args.quit_after, "offscreen", None, Path(tmp) / "o", None, args.app)
                )
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for r in results:
        print(report(r))
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
