"""Every playthrough of the oih-taper, postop-acute and cold-turkey cases ends as its `expect:`
block says: the score (full, or within a range), the exact set of critical guidance ids, and the
debrief reached. (The `test` command will check every case this way; this keeps these cases
checked until then.)"""

from pathlib import Path

import pytest

from simulator.engine.playthrough import play
from simulator.scenario.loader import load_scenario
from simulator.scenario.yamlio import read_yaml_file
from simulator.scoring.debrief import build_debrief

ROOT = Path(__file__).resolve().parents[1]
CASES = ("oih-taper", "postop-acute", "cold-turkey")
PLAYTHROUGHS = sorted(p for c in CASES for p in (ROOT / "scenarios" / "playthroughs").glob(f"{c}.*.yaml"))


def test_each_case_has_an_expert_and_at_least_two_poor_paths():
    for case in CASES:
        names = {p.name.split(".")[1] for p in PLAYTHROUGHS if p.name.startswith(case + ".")}
        assert "expert" in names and len({n for n in names if n.startswith("poor")}) >= 2, (case, names)


@pytest.mark.parametrize("path", PLAYTHROUGHS, ids=lambda p: p.stem)
def test_the_playthrough_ends_as_its_expect_block_says(path):
    doc = read_yaml_file(path).data
    expect = doc["expect"]
    scenario = load_scenario(ROOT / "scenarios" / f"{doc['scenario']}.yaml")
    session = play(scenario, path)
    debrief = build_debrief(session)
    if expect["score"] == "full":
        assert debrief.score == debrief.max_score
    else:
        assert expect["score"]["min"] <= debrief.score <= expect["score"]["max"], debrief.score
    assert set(debrief.critical) == set(expect["critical"])
    assert debrief.finished is expect["finished"]
    assert session.state.name == expect["state"]
    if path.stem.endswith(".expert"):
        assert debrief.critical == [] and debrief.language == []
    else:
        assert debrief.critical and debrief.score < debrief.max_score
