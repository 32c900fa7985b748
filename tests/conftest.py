"""Test-wide setup: Qt runs offscreen and never touches the user's settings or data.

Each test process (one per pytest-xdist worker) gets its own home, config, cache and data
folders, made before anything imports Qt: Qt's test mode writes under ``~/.qttest`` and the
scenario cache under the cache folder, and two workers sharing them would race.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

_HOME = Path(tempfile.mkdtemp(prefix="opioid-sim-tests-"))
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
for _name, _sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                    ("XDG_DATA_HOME", "data"), ("XDG_RUNTIME_DIR", "runtime")):  # fmt: skip
    (_HOME / _sub).mkdir(mode=0o700)
    os.environ[_name] = str(_HOME / _sub)
os.environ.pop("OPIOID_SIM_DB", None)  # each test names its own store

from fixtures.lrs_server import ralph_for_test, ralph_service  # noqa: E402 - after the folders above


@pytest.fixture(scope="session", name="ralph_service")
def _ralph_service(tmp_path_factory):
    """One real Ralph LRS for the run (tests/fixtures/lrs_server.py), started with its first test."""
    yield from ralph_service(tmp_path_factory)


@pytest.fixture
def ralph(ralph_service):
    """The shared LRS, empty; ``ralph.start()`` when the test wants it up, ``ralph.unreachable``
    for an LRS that is down."""
    return ralph_for_test(ralph_service)
