"""Opening the session store at start-up without freezing the window or giving up too soon.

A healthy store that no one else is writing opens at once on the GUI thread (milliseconds). A
damaged store is recovered, and a busy one (another window migrating or recovering it) is
waited for, on a worker thread; the status bar says what is happening, with the recovery's
progress, and the store is attached when it is ready. A store still busy after
:data:`WAIT_SECONDS` (or one that cannot be opened at all) asks the user: *Retry*, or *Continue
without saving*. The worker opens its own connection (one per thread) and closes it before the
GUI thread opens the store again.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from simulator.control.dialogs import Choice
from simulator.records.store import SessionStore, StoreError

WAIT_SECONDS = 60.0
NOT_SAVED = "Sessions cannot be saved this time, so nothing you do will be kept."


class StoreOpening(QObject):
    """Opens ``path`` for ``window`` (a MainWindow): now when it can, on a worker thread when it must."""

    progress = Signal(str)  # emitted by the worker; shown on the GUI thread
    ready = Signal()  # on the GUI thread, once the store is attached (or the user chose to go on without)
    _finished = Signal(object, object)  # (notice or None, StoreError or None), from the worker

    def __init__(self, window, path: Path, *, ours: bool, wait_seconds: float = WAIT_SECONDS,
                 show_notice: bool = True) -> None:  # fmt: skip
        super().__init__(window)
        self.window = window
        self.path = Path(path)
        self.ours = ours
        self.wait_seconds = wait_seconds
        self.show_notice = show_notice
        self.thread: threading.Thread | None = None
        self.progress.connect(self._show)
        self._finished.connect(self._on_finished)

    def start(self) -> bool:
        """Open the store; True when it is attached already, False when a worker goes on with it."""
        try:
            store, notice = SessionStore.open_or_recover(self.path, ours=self.ours, recover=False)
        except StoreError as exc:
            if exc.corrupt or exc.busy:
                self._in_background()
                return False
            self.window.attach_store(None, f"{NOT_SAVED}\n\nDetails: {exc}")
            return True
        self.window.attach_store(store, notice)
        return True

    # ------------------------------------------------------------------ the worker

    def _in_background(self) -> None:
        self._show("Opening the session history…")
        # no session starts meanwhile: it could not be saved
        self.window.library.setEnabled(False)
        self.thread = threading.Thread(target=self._work, name="store-open", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        began = time.monotonic()
        error: StoreError | None = None
        notice: str | None = None
        while True:
            tried = time.monotonic()
            try:
                store, notice = SessionStore.open_or_recover(self.path, ours=self.ours, progress=self._report)
                store.close()
                break
            except StoreError as exc:
                waited = time.monotonic() - began
                if exc.busy and waited < self.wait_seconds:
                    self._emit_progress(
                        "Waiting for the session history: another window of the simulator is upgrading or "
                        f"recovering it ({int(waited)} s)…"
                    )
                    if time.monotonic() - tried < 0.25:  # SQLite's own busy wait paces the loop
                        threading.Event().wait(0.25)
                    continue
                error = exc
                break
            except Exception as exc:
                error = StoreError(f"the session history could not be opened ({type(exc).__name__}: {exc})")
                break
        try:
            self._finished.emit(notice, error)
        except RuntimeError:  # the window closed meanwhile; the store on disk is complete either way
            pass

    def _report(self, fraction: float, what: str) -> None:
        self._emit_progress(f"Recovering the session history: {what} ({int(fraction * 100)}%)…")

    def _emit_progress(self, text: str) -> None:
        try:
            self.progress.emit(text)
        except RuntimeError:
            pass

    # ------------------------------------------------------------------ back on the GUI thread

    @Slot(str)
    def _show(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 0 if text.endswith("…") else 8000)

    @Slot(object, object)
    def _on_finished(self, notice: str | None, error: StoreError | None) -> None:
        self.window.statusBar().clearMessage()
        if error is None:
            try:
                store = SessionStore(self.path)
            except StoreError as exc:
                error = exc
            else:
                self.window.attach_store(store, notice)
                self.window.statusBar().showMessage("The session history is open.", 5000)
                self._done()
                return
        answer = self.window.dialogs.ask(
            "Session history",
            f"The session history cannot be opened yet.\n\n{error}\n\n"
            "Retry when the other window has finished, or continue without saving.",
            [Choice("retry", "Retry"), Choice("continue", "Continue without saving")],
        )
        if answer == "retry":
            self._in_background()
        else:
            self.window.attach_store(None, f"{NOT_SAVED}\n\nDetails: {error}")
            self._done()

    def _done(self) -> None:
        self.window.library.setEnabled(True)
        if self.show_notice:
            self.window.show_notice()
        self.ready.emit()
