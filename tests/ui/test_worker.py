"""The background-work helper: work off the GUI thread, results on it, nothing after shutdown."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from simulator.ui.worker import Background

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def work(qapp):
    helper = Background()
    yield helper
    helper.shutdown()


def test_work_runs_off_the_gui_thread_and_its_result_arrives_on_it(qtbot, work):
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def job() -> list[str]:
        seen["worker"] = threading.get_ident()
        return ["chart", "interview"]

    results: list[list[str]] = []

    def done(value: list[str]) -> None:
        seen["done"] = threading.get_ident()
        results.append(value)

    work.run(job, done)
    assert results == []  # never delivered inside run(), only from the event loop
    qtbot.waitUntil(lambda: results == [["chart", "interview"]])
    assert seen["worker"] != gui and seen["done"] == gui


def test_an_error_in_the_work_goes_to_on_error_on_the_gui_thread(qtbot, work):
    errors: list[tuple[BaseException, int]] = []

    def job() -> None:
        raise ValueError("the file vanished")

    work.run(
        job,
        lambda _v: pytest.fail("on_done must not run"),
        lambda e: errors.append((e, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0][0]) == "the file vanished" and errors[0][1] == threading.get_ident()


def test_a_result_for_a_widget_that_is_gone_is_dropped(qtbot, work):
    from PySide6.QtWidgets import QLabel

    label = QLabel("waiting")
    release = threading.Event()
    later: list[str] = []
    work.run(lambda: release.wait(5) and "ready", lambda text: label.setText(text), owner=label)
    work.run(lambda: "after", later.append)  # delivered in the same batch as the first
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label))
    release.set()
    qtbot.waitUntil(lambda: later == ["after"])  # the deleted label was skipped without an error


def test_shutdown_waits_for_the_running_job_and_delivers_nothing_more(qtbot, qapp):
    helper = Background()
    started, release = threading.Event(), threading.Event()
    finished: list[str] = []
    delivered: list[str] = []

    def job() -> str:
        started.set()
        release.wait(5)
        finished.append("job")
        return "late"

    helper.run(job, delivered.append)
    queued = helper.run(lambda: "never", delivered.append)
    assert started.wait(5)
    threading.Timer(0.05, release.set).start()
    helper.shutdown()
    assert finished == ["job"]  # shutdown returned only after the running job ended
    assert queued.cancelled()
    assert helper.run(lambda: "too late", delivered.append).cancelled()
    qapp.processEvents()
    assert delivered == []


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_quitting_while_work_runs_exits_cleanly():
    """The app quits with a job still running on the worker: no abort, no traceback, exit 0."""
    script = textwrap.dedent(
        """
        import sys, threading
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QLabel
        from simulator.ui.worker import background, shutdown_background

        app = QApplication([])
        label = QLabel("working")
        label.show()
        started = threading.Event()

        def slow():
            started.set()
            total = 0
            for n in range(3_000_000):  # real work that outlasts the event loop
                total += n % 7
            return total

        for _ in range(20):  # many jobs: the queued ones are cancelled at quit
            background().run(slow, lambda total: label.setText(str(total)), owner=label)
        QTimer.singleShot(0, lambda: started.wait(5) and app.quit())
        code = app.exec()
        shutdown_background()
        print("clean exit", code)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**_env(), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert "clean exit 0" in result.stdout
    assert "Fatal" not in result.stderr and "Traceback" not in result.stderr


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)
