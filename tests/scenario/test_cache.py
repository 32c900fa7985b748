"""The validated-scenario cache: an unchanged file is listed and loaded without being checked again.

The files are the bundled scenarios copied into a temporary folder and edited the way an
instructor would (a new title, a broken line), so every case is the real format.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from simulator.errors import ProblemsError
from simulator.resources import bundled_scenarios, scenarios_folder
from simulator.scenario import cache as cache_module
from simulator.scenario import loader
from simulator.scenario.cache import ScenarioCache
from tests.fixtures.scenario_text import SCENARIO, real_text, replace_line

TITLE_LINE = next(ln for ln in real_text().splitlines() if ln.startswith("title:"))


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(SCENARIO, folder / SCENARIO.name)
    return folder


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """Every time a file is really parsed and checked (not served from the cache)."""
    seen: list[str] = []
    real = loader.load_scenario

    def counting(path):
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(loader, "load_scenario", counting)
    return seen


def test_an_unchanged_file_is_listed_again_without_being_checked(library, tmp_path, loads):
    first = ScenarioCache(tmp_path / "cache").scan(library)
    assert loads == [SCENARIO.name]
    again = ScenarioCache(tmp_path / "cache")  # the next start of the app
    listed = again.scan(library)
    assert loads == [SCENARIO.name]  # not parsed a second time
    assert listed[0].from_cache and (again.hits, again.misses) == (1, 0)
    assert listed[0].scenario == first[0].scenario
    assert listed[0].scenario.title == "Chronic low back pain: asking for a higher dose"
    assert listed[0].scenario.patient.name and listed[0].scenario.objectives


def test_the_scenario_from_the_cache_is_the_one_the_loader_builds(tmp_path):
    """Every bundled case survives the trip through the cache unchanged (models, defaults, all)."""
    cache = ScenarioCache(tmp_path / "cache")
    for path in bundled_scenarios():
        cache.listed(path)
        assert ScenarioCache(tmp_path / "cache").load(path) == loader.load_scenario(path), path.name


def test_an_edited_title_is_seen_at_once(library, tmp_path, loads):
    ScenarioCache(tmp_path / "cache").scan(library)
    path = library / SCENARIO.name
    text, _ = replace_line(real_text(), TITLE_LINE, 'title: "Back pain, revisited"')
    path.write_text(text, encoding="utf-8")
    listed = ScenarioCache(tmp_path / "cache").scan(library)
    assert listed[0].scenario.title == "Back pain, revisited"
    assert loads == [SCENARIO.name, SCENARIO.name]


def test_a_broken_file_keeps_its_problems_with_positions_until_it_is_fixed(library, tmp_path, loads):
    path = library / SCENARIO.name
    broken, number = replace_line(real_text(), "minutes: 25", "minutes: about half an hour")
    path.write_text(broken, encoding="utf-8")
    first = ScenarioCache(tmp_path / "cache").scan(library)[0]
    renamed = library / "renamed.yaml"
    path.rename(renamed)  # same content under another name: the messages name the file it is now
    again = ScenarioCache(tmp_path / "cache")
    second = again.listed(renamed)
    assert first.scenario is None and second.scenario is None and second.from_cache
    assert [p.replace(str(path), "F") for p in first.problems] == [
        p.replace(str(renamed), "F") for p in second.problems
    ]
    assert all(p.startswith(f"{renamed}:") for p in second.problems)
    assert any(p.startswith(f"{renamed}:{number}:10: error: minutes") for p in second.problems)
    with pytest.raises(ProblemsError) as raised:
        again.load(renamed)
    assert [str(p) for p in raised.value.problems] == list(second.problems)
    assert loads == [SCENARIO.name]  # the problems came from the cache both times
    renamed.write_text(real_text(), encoding="utf-8")
    assert ScenarioCache(tmp_path / "cache").listed(renamed).scenario is not None


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "empty", "other-format", "other-key", "tampered-model", "tampered-listing"],
)
def test_a_damaged_cache_entry_is_ignored_and_rewritten(library, tmp_path, loads, damage):
    folder = tmp_path / "cache"
    ScenarioCache(folder).scan(library)
    (entry_path,) = folder.glob("*.json")
    text = entry_path.read_text(encoding="utf-8")
    entry = json.loads(text)
    if damage == "garbage":
        entry_path.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        entry_path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "empty":
        entry_path.write_text("", encoding="utf-8")
    elif damage == "other-format":
        entry_path.write_text(json.dumps({**entry, "format": 999}), encoding="utf-8")
    elif damage == "other-key":
        entry_path.write_text(json.dumps({**entry, "key": "0" * 64}), encoding="utf-8")
    elif damage == "tampered-model":  # still JSON, but not a scenario the models accept
        model = json.loads(entry["scenario"])
        model["minutes"] = "an hour"
        entry_path.write_text(json.dumps({**entry, "scenario": json.dumps(model)}), encoding="utf-8")
    elif damage == "tampered-listing":
        entry_path.write_text(json.dumps({**entry, "listing": {"title": 3}}), encoding="utf-8")
    cache = ScenarioCache(folder)
    listed = cache.listed(library / SCENARIO.name)
    scenario = cache.load(library / SCENARIO.name)
    assert scenario == loader.load_scenario(SCENARIO)
    assert listed.scenario.title == scenario.title
    assert cache.misses == 1  # fell back to the file itself once, then used the rewritten entry
    assert json.loads(entry_path.read_text(encoding="utf-8"))["format"] == cache_module.FORMAT  # rewritten


def test_a_new_version_of_the_app_does_not_trust_the_old_entries(library, tmp_path, loads, monkeypatch):
    ScenarioCache(tmp_path / "cache").scan(library)
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version")
    ScenarioCache(tmp_path / "cache").scan(library)
    assert loads == [SCENARIO.name, SCENARIO.name]


def test_the_fingerprint_covers_the_validation_code_and_vocabulary(monkeypatch):
    from importlib import resources

    first = cache_module.code_fingerprint()
    assert first == cache_module.code_fingerprint()  # stable within one installation
    names = {name for name, _ in cache_module._core_files(resources.files("simulator"), "")}
    assert {
        "scenario/models.py",
        "scenario/checks.py",
        "scenario/question_bank.yaml",
        "clinical/guidance.yaml",
        "errors.py",
    } <= names
    assert not any(name.startswith("ui/") for name in names)  # the views do not validate anything
    real = cache_module._core_files

    def edited(folder, prefix):
        return [(n, d + b"# edited" if n == "scenario/checks.py" else d) for n, d in real(folder, prefix)]

    monkeypatch.setattr(cache_module, "_core_files", edited)
    assert cache_module.code_fingerprint() != first  # an edited validator misses every entry


def test_an_unwritable_cache_folder_only_costs_time(library, tmp_path, loads):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    cache = ScenarioCache(blocker / "cache")
    assert cache.scan(library)[0].scenario is not None
    assert cache.load(library / SCENARIO.name).title
    assert loads == [SCENARIO.name, SCENARIO.name]


def test_without_a_folder_nothing_is_cached(library, loads):
    cache = ScenarioCache(None)
    cache.scan(library)
    cache.scan(library)
    assert loads == [SCENARIO.name, SCENARIO.name]


def test_a_file_that_cannot_be_read_is_listed_with_a_problem(library, tmp_path):
    (library / "folder.yaml").mkdir()
    listed = {p.path.name: p for p in ScenarioCache(tmp_path / "cache").scan(library)}
    assert listed["folder.yaml"].scenario is None
    assert listed["folder.yaml"].problems[0].endswith("error: not a regular file")
    assert listed[SCENARIO.name].scenario is not None



def test_the_listing_says_how_many_patients_a_retry_can_meet(library, tmp_path):
    """A case with patient variants is not listed under one name (the session may open with
    another); a case without variants is listed under its patient."""
    from simulator.commands.new import case_text

    cache = ScenarioCache(tmp_path / "cache")
    fresh = cache.listed(library / SCENARIO.name)
    again = cache.listed(library / SCENARIO.name)  # from the cache entry this time
    assert again.from_cache
    assert fresh.scenario.patients == again.scenario.patients == 3
    plain = library / "plain.yaml"
    plain.write_text(case_text(plain, "plain"), encoding="utf-8")
    listed = cache.listed(plain)
    assert listed.problems == () and listed.scenario.patients == 1


def test_the_library_summary_of_a_case_with_several_patients_names_none_of_them(tmp_path):
    """The session may open with any of the case's patients: the card describes the case, in
    words that fit each of them (no name, no he or she, no job of one of them)."""
    cache = ScenarioCache(tmp_path / "cache")
    listed = {entry.path.name: entry.scenario for entry in cache.scan(scenarios_folder())}
    varied = [s for s in listed.values() if s is not None and s.patients > 1]
    assert varied
    for listing in varied:
        text = f" {listing.summary.lower()} "
        for word in (" he ", " she ", " his ", " him ", " her ", "{"):
            assert word not in text, (listing.title, word)
    clbp = listed["clbp-moderate-oud.yaml"]
    assert clbp.summary.startswith("A patient on oxycodone") and "warehouse" not in clbp.summary
    # a dose that differs between patients is given as its range, not as "the patient MME a day"
    assert "now 160 to 200 MME a day" in listed["high-dose-rotation.yaml"].summary
    assert "and sertraline or venlafaxine for depression" in listed["tramadol-taper.yaml"].summary
    rescan = ScenarioCache(tmp_path / "cache").scan(scenarios_folder())
    again = {entry.path.name: entry.scenario for entry in rescan}
    assert again["clbp-moderate-oud.yaml"].summary == clbp.summary  # the cached listing says the same
