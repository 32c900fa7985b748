"""Slow work off the GUI thread, results back on it: the one background-work helper.

Modelled on Anki's ``QueryOp`` / ``TaskManager`` (aqt/operations, aqt/taskman.py):

- ``work`` runs on a worker thread. It takes plain data and returns plain data; it never
  touches a widget (Qt widgets belong to the GUI thread).
- ``on_done(result)`` / ``on_error(exception)`` run later on the GUI thread, delivered through
  a queued signal. They are skipped when their ``owner`` widget has been deleted meanwhile.
- :meth:`Background.shutdown` (connected to ``QCoreApplication.aboutToQuit``, and called by the
  app after its event loop ends) cancels queued work, waits for the running job and drops any
  result not yet delivered, so no worker outlives the application object and nothing is
  delivered to a half-destroyed app.

Why not QThread/QRunnable subclasses: the work is plain Python, and a standard executor keeps
the thread's lifetime in Python's hands (joined before the interpreter finalises). The
"none_dealloc" abort seen at exit in an earlier attempt was not a thread outliving the app:
PySide6/shiboken6 6.12.0's stable-ABI wheels drop a reference to ``None`` on every Qt call
that returns nothing (and to ``True`` on every Python ``Signal.emit()``) when run on Python
3.11, where those objects are still reference counted; a loop of such calls on a worker thread
used them up and the interpreter aborted when it next freed one, typically at exit. pyproject.toml
keeps 3.11 on PySide6 < 6.12 and ``tests/ui/test_qt_binding.py`` detects such a binding.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

T = TypeVar("T")


class Background(QObject):
    """A small pool of worker threads whose results come back on the GUI thread."""

    _pending = Signal()

    def __init__(self, parent: QObject | None = None, workers: int = 1) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="simulator-work")
        self._lock = threading.Lock()
        self._ready: list[tuple[Future, Callable | None, Callable | None, QObject | None]] = []
        self._closed = False
        # Always queued: results arrive from the event loop, never inside run().
        self._pending.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def closed(self) -> bool:
        return self._closed

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], Any] | None = None,
        on_error: Callable[[BaseException], Any] | None = None,
        owner: QObject | None = None,
    ) -> Future[T]:
        """Run ``work()`` on a worker thread; then ``on_done(result)`` on the GUI thread.

        An exception goes to ``on_error`` (default: ``sys.excepthook``, which shows it in the
        terminal and fails a pytest-qt test). After :meth:`shutdown` nothing runs.
        """
        if self._closed:
            future: Future[T] = Future()
            future.cancel()
            return future
        future = self._executor.submit(work)
        future.add_done_callback(lambda f: self._finished(f, on_done, on_error, owner))
        return future

    def shutdown(self) -> None:
        """Cancel queued work, wait for the running job, deliver nothing more. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._ready.clear()
        self._executor.shutdown(wait=True, cancel_futures=True)

    # --- internals -------------------------------------------------------------------------

    def _finished(self, future: Future, on_done, on_error, owner) -> None:
        # On the worker thread (or on the caller's, when the job was already done).
        with self._lock:
            if self._closed:
                return
            self._ready.append((future, on_done, on_error, owner))
        self._pending.emit()

    def _deliver(self) -> None:
        # On the GUI thread.
        with self._lock:
            ready, self._ready = self._ready, []
        for future, on_done, on_error, owner in ready:
            if owner is not None and not _alive(owner):
                continue
            try:
                result = future.result()
            except CancelledError:
                continue
            except BaseException as exc:  # handed to on_error, or reported
                if on_error is not None:
                    on_error(exc)
                else:
                    sys.excepthook(type(exc), exc, exc.__traceback__)
                continue
            if on_done is not None:
                on_done(result)


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


_shared: Background | None = None


def background() -> Background:
    """The application's shared :class:`Background` (made on first use; needs a QApplication)."""
    global _shared
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("background work needs a QApplication")
    if _shared is None or _shared.closed or not _alive(_shared) or _shared.parent() is not app:
        _shared = Background(app)
    return _shared


def shutdown_background() -> None:
    """Finish the shared :class:`Background`, if one was made (the app calls this at exit)."""
    if _shared is not None and _alive(_shared):
        _shared.shutdown()
