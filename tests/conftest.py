"""Test-wide setup: Qt runs offscreen and never touches the user's settings or data.

Each test process (one per pytest-xdist worker) gets its own home, config, cache and data
folders, made before anything imports Qt: Qt's test mode writes under ``~/.qttest`` and the
scenario cache under the cache folder, and two workers sharing them would race.

Those folders and every test's ``tmp_path`` are in memory where the machine has a folder there
(/dev/shm): each SQLite commit, store check and settings write on the disk waited for it (a store
made with ``synchronous=FULL`` in WAL mode: a few fsyncs, 5-25 ms), and deleting each passing
test's folder (a packaging venv among them) waited too. The same files and calls; the disk's
waits go. A run that fails keeps its tests' folders there (the path is printed at the end; the
last three failed runs' are kept).
"""

import atexit
import gc
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# The cyclic garbage collector runs a young collection every 700 new objects (Python's default)
# and, as the run's caches grow, each older collection walks more of them: 15-20% of the CPU of
# the sweeps and replays, a fifth of each worker's collection. Collected less often here (the same
# garbage, freed a little later; reference counting frees the rest at once, as before), and what
# the imports and the collection built is frozen (below): never garbage, never walked again.
gc.set_threshold(20_000, 20, 10)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

MEMORY = Path("/dev/shm")  # a folder in memory (Linux); elsewhere the system's temp folder


def _in_memory() -> str | None:
    """/dev/shm where it is writable and roomy (a container's may be 64 MB; the packaging test
    alone writes a wheel and a virtual environment)."""
    try:
        roomy = os.access(MEMORY, os.W_OK) and shutil.disk_usage(MEMORY).free > 1 << 30
    except OSError:
        return None
    return str(MEMORY) if roomy else None


IN_MEMORY = _in_memory()

_HOME = Path(tempfile.mkdtemp(prefix="opioid-sim-tests-", dir=IN_MEMORY))
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
for _name, _sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                    ("XDG_DATA_HOME", "data"), ("XDG_RUNTIME_DIR", "runtime")):  # fmt: skip
    (_HOME / _sub).mkdir(mode=0o700)
    os.environ[_name] = str(_HOME / _sub)
os.environ.pop("OPIOID_SIM_DB", None)  # each test names its own store

from fixtures import loads, rewrites  # noqa: E402 - after the folders above
from fixtures.lrs_server import ralph_for_test, ralph_service  # noqa: E402

loads.install()  # the bundled cases loaded once per content and seed (fixtures/loads.py)


_basetemp: Path | None = None  # the run's folder of test folders, made here (not given)
FAILED, KEPT = "opioid-sim-pytest-failed-", 3  # a failed run's folder is renamed; the last 3 stay


@pytest.hookimpl(tryfirst=True)  # before pytest's temp-folder plugin reads --basetemp
def pytest_configure(config) -> None:
    """The run's test folders in memory (the module's docstring); xdist's workers share the test
    modules' rewritten asserts (fixtures/rewrites.py)."""
    global _basetemp
    # (an xdist worker is given its folder inside the controller's)
    if IN_MEMORY and config.option.basetemp is None and "PYTEST_XDIST_WORKER" not in os.environ:
        _basetemp = Path(tempfile.mkdtemp(prefix="opioid-sim-pytest-", dir=IN_MEMORY))
        config.option.basetemp = str(_basetemp)
        failed = sorted(MEMORY.glob(f"{FAILED}*"), key=lambda p: p.stat().st_mtime)
        for old in failed[: max(0, len(failed) - (KEPT - 1))]:  # room for this run's, should it fail
            shutil.rmtree(old, ignore_errors=True)
    rewrites.offer(config, _HOME / "rewrites")
    rewrites.use(config)


_failed = False


def pytest_sessionfinish(session, exitstatus) -> None:
    global _failed
    _failed = exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:
    """The run's test folders go with a run that passed (as pytest's own would, under
    ``tmp_path_retention_policy = "failed"``); a failed run's stay, for a look.

    Before that, what survived the run is frozen, as after the collection: pytest's
    unraisable-exception plugin has just collected the garbage (its ``pytest_unconfigure``, before
    this one) to report what any finaliser raised, and collects once more at its cleanup, each a
    full pass over the run's caches (0.6-0.8 s a worker). The young garbage made since is
    collected here first, so that second pass only walks what is new."""
    gc.collect(1)
    gc.freeze()
    if _basetemp is None or not _basetemp.exists():
        return
    if _failed:
        kept = _basetemp.rename(_basetemp.with_name(FAILED + _basetemp.name.rsplit("-", 1)[-1]))
        print(f"\nthe failed tests' folders are in {kept}", file=sys.stderr)
    else:
        shutil.rmtree(_basetemp, ignore_errors=True)


@pytest.fixture
def fresh_loads(monkeypatch):
    """Every load of this test reads and checks its file (for a test that breaks the loader's
    insides to see a bundled case fail to open)."""
    monkeypatch.setattr(loads, "enabled", False)


@pytest.fixture(scope="session", name="ralph_service")
def _ralph_service(tmp_path_factory):
    """One real Ralph LRS for the run (tests/fixtures/lrs_server.py), started with its first test."""
    yield from ralph_service(tmp_path_factory)


@pytest.fixture
def ralph(ralph_service):
    """The shared LRS, empty; ``ralph.start()`` when the test wants it up, ``ralph.unreachable``
    for an LRS that is down."""
    return ralph_for_test(ralph_service)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session) -> None:
    """The modules and test items are kept for the whole run: out of the collector's sight."""
    gc.collect()
    gc.freeze()


#: The longest tests (CPU seconds, `pytest --durations`), started first: xdist hands out the
#: rest one by one as workers free up, so a long test is never the last one running while the
#: other worker idles. A test id that starts with one of these moves to the front, in this order.
LONGEST_FIRST = (
    "tests/test_packaging.py::test_a_built_wheel_installs_and_runs_the_bundled_cases",  # 10-12 s
    # each theme at each text size and screen size in one interview (24 looks): the longest UI test
    "tests/ui/test_desk.py::test_the_conversation_is_the_widest_panel_with_a_full_width_typing_box",
    "tests/ui/test_layout.py::test_every_window_and_tab_holds_at_1024x768",  # 4-6 s each
    "tests/scenario/test_lint.py::test_the_bundled_cases_lint_clean_in_strict_mode",
    "tests/ui/test_keyboard_walk.py::test_every_window_and_tab_by_keyboard",
    "tests/scoring/test_visit_sweep.py::test_every_visit_of_a_sample",
    "tests/engine/test_visit_text.py::test_every_visit_holds_against_its_course_state",
    "tests/ui/test_desk.py::test_each_theme_reaches_the_debrief_text",
    "tests/scoring/test_plan_sweep.py::test_explore_plays_every_plan_outcome",
    "tests/ui/test_startup.py::test_the_first_paint_comes_before",
    "tests/engine/test_visits.py::test_every_visit_text_is_true_of_the_plan_on_every_path",
    # 3-4 s each (idle; 8-10 s at load 5): in the UI folder, collected last, so left in its place
    # one of them was among the run's last tests while the other worker had finished
    "tests/ui/test_desk.py::test_interview_panels_become_tabs_when_the_text_is_large",
    "tests/ui/test_keyboard_only.py::test_a_whole_session_with_the_keyboard_alone",
    "tests/ui/test_course_views.py::test_at_150_percent_text_what_if_stacks_its_two_charts",
    "tests/ui/test_accessibility.py::test_every_phase_is_named_and_unclipped_at_1024x768",
    "tests/ui/test_session_flow.py::test_trainee_plays_the_back_pain_case_from_chart_to_debrief",
    "tests/ui/test_course_views.py::test_the_course_tab_outlives_a_garbage_collection",
)


def _longest_first(items) -> None:
    """The longest tests first (:data:`LONGEST_FIRST`); the rest keep their order."""
    def rank(item) -> int:
        return next((n for n, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)),
                    len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: within a rank, the collection's order


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The longest tests first (:func:`_longest_first`), then keep ``xdist_group`` working under
    pytest 9 (``--dist loadgroup``, pyproject's addopts).

    xdist (3.8) groups tests by a ``@group`` suffix it writes to each marked item's ``_nodeid``;
    pytest 9 reads node ids from ``_id``, so the suffix was lost and every worker computed the
    quick sweeps (fixtures/sweeps.py) and started its own Ralph. On a worker, name the group
    in the node id where xdist could not (older pytest: xdist already did, and this does nothing).
    """
    _longest_first(items)
    if not getattr(config.option, "loadgroup", False):  # set on xdist workers only
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        marks = item.iter_markers("xdist_group")
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks})
        nodeid = item.nodeid
        if names and nodeid.rfind("@") <= nodeid.rfind("]"):
            item._id = coerce_node_id(f"{nodeid}@{'_'.join(names)}")
