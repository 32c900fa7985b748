"""Every bundled scenario validates and every playthrough beside it scores as its ``expect:`` block says.

Nothing here names a case: scenarios and playthroughs are discovered, and what each playthrough must
produce is read from the playthrough file itself, so adding a case never means editing this file.
"""

from pathlib import Path

import pytest

from simulator.commands.expect import check_playthrough, load_playthrough, playthroughs_of, scenario_file_for
from simulator.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
PLAYTHROUGHS = sorted((ROOT / "scenarios" / "playthroughs").glob("*.yaml"))


def test_the_library_is_not_empty():
    assert SCENARIOS and PLAYTHROUGHS


@pytest.mark.parametrize("path", PLAYTHROUGHS, ids=lambda p: p.stem)
def test_playthrough_scores_as_its_expect_block_says(path):
    pt = load_playthrough(path)
    assert pt.expect is not None, f"{path.name} has no expect: block"
    scenario_file = scenario_file_for(pt)
    assert scenario_file is not None, f"{path.name}: no scenario with id {pt.scenario_id!r}"
    outcome = check_playthrough(pt, load_scenario(scenario_file, pt.seed))
    assert outcome.passed, "\n".join(str(p) for p in outcome.problems)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_has_an_expert_path_with_full_marks_and_a_poor_one_with_a_critical_error(path):
    scenario = load_scenario(path)
    expects = [load_playthrough(p) for p in playthroughs_of(path, scenario.id)]
    expert = [pt for pt in expects if pt.name.split(".", 1)[1] == "expert"]
    assert expert, f"add playthroughs/{scenario.id}.expert.yaml"
    for pt in expert:
        assert pt.expect is not None and pt.expect.score == "full", f"{pt.path.name}: expect score: full"
        assert pt.expect.critical == frozenset(), f"{pt.path.name}: expect critical: []"
    poor = [pt for pt in expects if pt.name.split(".", 1)[1].startswith("poor")]
    assert poor, f"add playthroughs/{scenario.id}.poor.yaml (or .poor-<word>.yaml)"
    assert any(pt.expect is not None and pt.expect.critical for pt in poor), (
        f"{scenario.id}: at least one poor playthrough expects a critical error"
    )
