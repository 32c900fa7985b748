"""The Qt binding keeps Python's singletons alive (the cause of the "none_dealloc" abort at exit).

shiboken6/PySide6 6.12.0 wheels are stable-ABI (abi3) builds that skip the reference increment
on ``None``, ``True`` and ``False`` when they return them: harmless on Python 3.12+, where these
objects are immortal, but on 3.11 every call of a Qt method that returns nothing, and every
Python ``Signal.emit()``, takes one reference away. A busy app (or a worker thread that loops)
drives the count to zero and the interpreter aborts, often at exit. pyproject.toml keeps
3.11 on PySide6 < 6.12; this test fails if a binding with that fault is installed.
"""

import ctypes
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from 3.12")


def test_void_qt_calls_and_emits_leave_none_and_true_counted(qapp):
    from PySide6.QtCore import QObject, Signal

    class Source(QObject):
        changed = Signal()

    source = Source()
    source.changed.connect(lambda: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        source.setObjectName("library")  # a Qt method that returns nothing
        source.changed.emit()
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    for obj, lost in ((None, lost_none), (True, lost_true)):
        for _ in range(max(lost, 0)):  # give back what a faulty binding took, so the run survives
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
    assert lost_none < 20, f"each Qt call took a reference to None ({lost_none} lost in 200 calls)"
    assert lost_true < 20, f"each Signal.emit() took a reference to True ({lost_true} lost in 200 emits)"
