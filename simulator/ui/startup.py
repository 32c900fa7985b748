"""Start the app in the order a user feels: first paint first, everything else after.

1. Before the first paint: Qt, the theme, the main window with the library's frame (an empty
   list saying it is loading). Nothing the frame does not need to draw is imported: no scenario
   loader (pydantic, ruamel, lark), no session store (sqlite3), no intent model, and not even
   PySide's ``Qt`` namespace of enums (see :mod:`simulator.ui.shortcuts`).
2. Right after the first paint: the session store is opened and the library is filled on a
   worker thread through the validated-scenario cache (an unchanged file is not parsed or
   checked again); a scenario named on the command line is opened.
3. When the library is up: the scenario loader is warmed on the worker thread, so "Start
   session" does not wait for its imports. The intent model (about 45 MB in memory) is warmed
   on the worker thread as soon as a session starts, while the trainee reads the chart, so the
   first free-text question does not wait either, and a library left open stays small.

``OPIOID_SIM_TIMINGS=1`` prints each step to stderr as ``startup: NAME SECONDS PEAK_RSS_KB CPU``
(``time.perf_counter``, peak resident memory, ``time.process_time``); ``bench/startup.py`` reads them.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from simulator.ui.resources import SCENARIOS, apply_theme

if TYPE_CHECKING:
    from simulator.ui.main_window import MainWindow

USAGE = """usage: python main.py [SCENARIO.yaml] [--quit-after SECONDS] [--smoke]

Opens the scenario library, or goes straight into SCENARIO.
Sessions are saved in the per-user data folder, or in $OPIOID_SIM_DB.

  --quit-after SECONDS  quit by itself SECONDS after the window first painted
  --smoke               open the first bundled scenario, ask the patient one question,
                        then quit: exit 0 when all of it worked (for install checks)
"""


class Options:
    def __init__(self) -> None:
        self.scenario: str | None = None
        self.quit_after: float | None = None
        self.smoke = False
        self.help = False


def parse_args(argv: Sequence[str]) -> Options:
    """``[SCENARIO] [--quit-after S] [--smoke] [-h]``; raises ValueError with a plain message."""
    options = Options()
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-h", "--help"):
            options.help = True
        elif arg == "--smoke":
            options.smoke = True
        elif arg == "--quit-after":
            if not args:
                raise ValueError("--quit-after needs a number of seconds")
            try:
                options.quit_after = float(args.pop(0))
            except ValueError:
                raise ValueError("--quit-after needs a number of seconds") from None
        elif arg.startswith("-") and arg != "-":
            raise ValueError(f"unknown option {arg}")
        elif options.scenario is None:
            options.scenario = arg
        else:
            raise ValueError("give at most one scenario file")
    return options


class Timeline:
    """Start-up steps and when they happened (printed when ``OPIOID_SIM_TIMINGS`` is set)."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self.verbose = bool(os.environ.get("OPIOID_SIM_TIMINGS"))

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        self.marks.setdefault(name, now)
        if self.verbose:
            cpu = time.process_time()
            print(f"startup: {name} {now:.6f} {_peak_rss_kb()} {cpu:.6f}", file=sys.stderr, flush=True)


def _peak_rss_kb() -> int:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class FirstPaint(QObject):
    """Calls ``then()`` once, just after ``widget`` first painted (or after ``fallback_ms``)."""

    def __init__(self, widget, then: Callable[[], None], fallback_ms: int = 2000) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._fire)  # e.g. started minimised: no paint comes

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self._fire)  # after this paint has reached the screen
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._widget.removeEventFilter(self)
            then()


def set_window_icon(app: QApplication) -> None:
    """The app's icon, for the title bar, the task bar and the window switcher."""
    from PySide6.QtGui import QIcon

    from simulator.ui.resources import icon_path

    app.setWindowIcon(QIcon(str(icon_path("app"))))


def warm_loader() -> None:
    """Work for a background thread: import the scenario loader and its models."""
    import simulator.scenario.loader  # noqa: F401 - imported for its side effect: ready to load


def warm_model() -> str:
    """Work for a background thread: load the intent model and its indexes (the first typed
    turn then waits for nothing)."""
    from simulator.patient.understanding.warmup import warm

    return warm()


class Startup:
    """The steps after the first paint, in order, for one main window."""

    def __init__(self, app: QApplication, window: MainWindow, options: Options, timeline: Timeline) -> None:
        self.app = app
        self.window = window
        self.options = options
        self.timeline = timeline
        self.exit_code = 0
        self.store_opening = None
        self._model_requested = False

    def after_first_paint(self) -> None:
        from simulator.ui.locations import default_store_path
        from simulator.ui.store_open import StoreOpening

        self.timeline.mark("first-paint")
        from simulator.ui.widgets.wheel import install_wheel_policy

        install_wheel_policy(self.app)  # the application's style: it builds Qt's enums, so after the paint
        set_window_icon(self.app)  # an SVG: Qt loads its SVG plugin for it, so after the paint
        # a healthy store opens now; a damaged or busy one is recovered / waited for on a worker
        self.store_opening = StoreOpening(
            self.window, default_store_path(), ours=not os.environ.get("OPIOID_SIM_DB"),
            show_notice=not self.options.smoke,
        )  # fmt: skip
        store_ready = self.store_opening.start()
        from simulator.ui.locations import protect_settings

        protect_settings()  # the settings file (and a password an old version left there) is the user's only
        self.timeline.mark("store-open")
        library = self.window.library
        library.filled.connect(self._library_filled)
        library.startRequested.connect(self._session_starting)  # after the window's own slot
        library.resumeRequested.connect(self._session_starting)
        library.reload()
        if self.options.scenario and store_ready:
            self._open_named()
        elif self.options.scenario:  # a session started before its store is open would not be saved
            self.store_opening.ready.connect(self._open_named)
        from simulator.ui.help import first_run_due

        if first_run_due() and not self.options.smoke:
            self.window.show_guide()
        if not self.options.smoke:
            self.window.show_notice()  # a modal dialog about the session history, if any
        if self.options.quit_after is not None:
            QTimer.singleShot(int(self.options.quit_after * 1000), self.app.quit)

    def _open_named(self) -> None:
        if self.options.scenario and self.window.open_path(self.options.scenario):
            self._session_starting()

    def _library_filled(self) -> None:
        from simulator.ui.worker import background

        self.window.library.filled.disconnect(self._library_filled)
        self.timeline.mark("library-filled")
        background().run(warm_loader, self._loader_warm, self._smoke_failed if self.options.smoke else None)

    def _loader_warm(self, _none: None) -> None:
        self.timeline.mark("loader-warm")
        if self.options.smoke:
            self._smoke_start()

    def _session_starting(self, *_args) -> None:
        from simulator.ui.worker import background

        if self._model_requested:
            return
        self._model_requested = True
        background().run(warm_model, self._model_warm, self._smoke_failed if self.options.smoke else None)

    def _model_warm(self, intent: str) -> None:
        self.timeline.mark("model-warm")
        if self.options.smoke:
            self._smoke_check(intent)

    # --- --smoke: what an install check needs to see working ------------------------------

    def _smoke_start(self) -> None:
        """Open the first playable bundled case as a user would (the model warms meanwhile)."""
        library = self.window.library
        playable = [n for n, e in enumerate(library.entries) if e.scenario is not None]
        if not playable:
            return self._smoke_failed(RuntimeError("no playable scenario in the library"))
        library.list.setCurrentRow(playable[0])
        library.start_button.click()
        if self.window.session_view is None:
            self._smoke_failed(RuntimeError("the session did not open"))

    def _smoke_check(self, intent: str) -> None:
        view = self.window.session_view
        if view is None or intent != "pain.location":
            return self._smoke_failed(RuntimeError(f"session view {view!r}, intent {intent!r}"))
        print(
            f"smoke: {len(self.window.library.entries)} scenario(s) listed; opened "
            f"{view.session.scenario.title!r}; the intent model understood a question ({intent})",
            flush=True,
        )
        QTimer.singleShot(0, self.app.quit)

    def _smoke_failed(self, exc: BaseException) -> None:
        print(f"smoke: failed: {exc}", file=sys.stderr, flush=True)
        self.exit_code = 1
        QTimer.singleShot(0, self.app.quit)


def main(argv: Sequence[str] | None = None) -> int:
    """The desktop app (``python main.py``). Returns the process exit code."""
    timeline = Timeline()
    try:
        options = parse_args(sys.argv[1:] if argv is None else argv)
    except ValueError as exc:
        print(f"main.py: error: {exc}\n\n{USAGE}", file=sys.stderr, end="")
        return 2
    if options.help:
        print(USAGE, end="")
        return 0
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Opioid Care Simulator")
    app.setOrganizationName("OpioidCareSim")
    app.setDesktopFileName("org.opioidcaresim.Simulator")
    apply_theme(app)
    from simulator.ui.main_window import MainWindow

    window = MainWindow(SCENARIOS, None, load_library=False)
    startup = Startup(app, window, options, timeline)
    FirstPaint(window, startup.after_first_paint)
    window.show()
    timeline.mark("shown")
    code = app.exec()
    from simulator.ui.worker import shutdown_background

    shutdown_background()  # every worker joined before the application object goes
    return code or startup.exit_code
