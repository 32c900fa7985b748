"""Send results to the programme's learning record store, off the GUI thread.

The LRS is configured in the settings (``lrs/endpoint``, ``lrs/username``; the password is in
the OS keyring, or a 0600 file where there is none: :mod:`simulator.records.secrets`; the
Records menu's "Learning record store…" dialog writes them). A password an older version left
in the settings file is moved out of it the first time it is read. When none is set nothing is
queued or sent. Queuing (replaying newly finished sessions into statements) and the HTTP
delivery run in a worker thread that opens its own connection to the store and reports back
only a message. The password is never shown, logged or put in a message.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QWidget

from simulator.records.secrets import Secrets
from simulator.records.store import SessionStore, StoreError
from simulator.ui.locations import protect_settings

if TYPE_CHECKING:  # the outbox imports urllib, http, email and ssl: only once an LRS is set
    from simulator.records.outbox import LrsConfig

PASSWORD = "lrs/password"


def secrets() -> Secrets:
    """The app's secrets: the OS keyring, or a 0600 file beside the settings file."""
    return Secrets(Path(QSettings().fileName()).parent)


def lrs_config() -> LrsConfig | None:
    """The configured LRS, or None when results stay on this computer."""
    settings = QSettings()
    if settings.contains(PASSWORD):  # an older version kept it in the settings file: move it out
        old = str(settings.value(PASSWORD, "") or "")
        if old:
            secrets().set(PASSWORD, old)
        settings.remove(PASSWORD)
        protect_settings()
    endpoint = str(settings.value("lrs/endpoint", "") or "").strip()
    if not endpoint:
        return None
    from simulator.records.outbox import LrsConfig

    return LrsConfig(endpoint, str(settings.value("lrs/username", "") or ""), secrets().get(PASSWORD))


def save_lrs_config(endpoint: str, username: str, password: str, activity_base: str = "") -> str:
    """Keep the LRS settings (an empty endpoint switches sending off). Raises StoreError if unusable.

    Returns where the password went (the system keyring, or the private file), for the dialog.
    """
    if endpoint.strip():
        from simulator.records.outbox import LrsConfig

        LrsConfig(endpoint.strip(), username, password).check()
    base = activity_base.strip().rstrip("/")
    if base and not base.startswith(("http://", "https://")):
        raise StoreError("activity IRIs must start with http:// or https://")
    settings = QSettings()
    settings.setValue("lrs/endpoint", endpoint.strip())
    settings.setValue("lrs/username", username)
    settings.remove(PASSWORD)
    settings.setValue("xapi/base", base)
    try:
        where = secrets().set(PASSWORD, password)
    except OSError as exc:
        raise StoreError(f"the password could not be kept ({exc.strerror or exc})") from None
    protect_settings()
    return where


def xapi_base() -> str:
    """The programme's own start of activity IRIs, or "" for the default."""
    value = QSettings().value("xapi/base", "")
    return value if isinstance(value, str) else ""


def xapi_config():
    """Statement identifiers: the default IRIs, or the programme's own from the settings."""
    from simulator.records.xapi import XapiConfig

    base = xapi_base()
    return XapiConfig(base=base) if base else XapiConfig()


def outbox_summary(store: SessionStore | None) -> str:
    """One line on the outbox for the settings dialog: what waits, what was sent, the last problem."""
    if store is None:
        return "Sessions are not being saved, so nothing can be sent."
    from simulator.records import outbox

    try:
        c = outbox.counts(store)
    except StoreError as exc:
        return f"The outbox cannot be read: {exc}"
    text = f"Outbox: {c.sent} statement(s) sent, {c.pending} waiting."
    return text + (f" Last problem: {c.last_error}." if c.last_error else "")


class Delivery(QObject):
    """Runs :func:`simulator.records.outbox.deliver` in a thread; ``done`` carries the message."""

    done = Signal(str)  # emitted on the GUI thread
    _finished = Signal(str)  # emitted by the worker thread

    def __init__(self, store_path: str, config: LrsConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.config = config
        self.xapi = xapi_config()  # read here, on the GUI thread (QSettings is not for workers)
        self.thread: threading.Thread | None = None
        self.message = ""
        self.again = False  # asked to send while a run was going: run once more after it
        self.busy = False
        # a slot of this object (which lives on the GUI thread): Qt queues the call there
        self._finished.connect(self._on_finished)

    @Slot(str)
    def _on_finished(self, message: str) -> None:
        self.busy = False
        self.message = message
        self.done.emit(message)
        if self.again:
            self.again = False
            self.start()

    def running(self) -> bool:
        """True from start() until its message has reached the GUI thread."""
        return self.busy

    def start(self) -> None:
        self.busy = True
        self.thread = threading.Thread(target=self._run, name="lrs-delivery", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from simulator.control.results import queue_finished
        from simulator.errors import ProblemsError
        from simulator.records import outbox

        try:
            with SessionStore(self.store_path) as store:  # one connection per thread
                queue_finished(store, self.xapi)  # replays new finished sessions: off the GUI thread too
                message = outbox.deliver(store, self.config).message
        except (StoreError, ProblemsError) as exc:
            message = f"Results could not be sent: {exc}"
        except Exception as exc:
            message = f"Results could not be sent ({type(exc).__name__}); they wait in the outbox"
        try:
            self._finished.emit(message)
        except RuntimeError:  # the window (and this object) closed while sending; the outbox has it all
            pass


_running: dict[str, Delivery] = {}


def sending() -> bool:
    """Whether a delivery is under way (or asked to run again) for any store."""
    return any(d.running() or d.again for d in list(_running.values()))


def queue_and_send(window: QWidget, store: SessionStore | None) -> Delivery | None:
    """Queue every finished session's statements and start sending them, if an LRS is set."""
    config = lrs_config()
    if store is None or config is None or store.path == ":memory:":
        return None
    try:
        config.check()
    except StoreError as exc:
        _show(window, f"Results are not sent to the learning record store: {exc}")
        return None
    key = str(Path(store.path).resolve())
    if key in _running and _running[key].running():
        _running[key].again = True
        return _running[key]
    delivery = Delivery(store.path, config, window)
    delivery.done.connect(lambda text: _show(window, text))
    _running[key] = delivery
    delivery.destroyed.connect(lambda *_: _running.pop(key, None))  # the window went away
    delivery.start()
    return delivery


def _show(window: QWidget, text: str) -> None:
    if text and hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, 15000)
