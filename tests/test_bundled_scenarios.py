"""Every bundled scenario validates and every playthrough beside it scores as its ``expect:`` block
says, on every variant of its case: the one place the bundled playthroughs are replayed.

Nothing here names a case: scenarios and playthroughs are discovered, and what each playthrough must
produce is read from the playthrough file itself (checked by the `test` command's own checker), so
adding a case never means editing this file.
"""

import pytest
from fixtures.cases import PLAYTHROUGHS, SCENARIOS, case

from simulator.commands.expect import check_playthrough, load_playthrough, playthroughs_of, scenario_file_for
from simulator.scenario.loader import load_scenario

SEEDS = range(8)  # a case with variants is played on eight seeds: more than one patient


def test_the_library_is_not_empty():
    assert SCENARIOS and PLAYTHROUGHS


@pytest.mark.parametrize("path", PLAYTHROUGHS, ids=lambda p: p.stem)
def test_playthrough_scores_as_its_expect_block_says_on_every_variant(path):
    pt = load_playthrough(path)
    assert pt.expect is not None, f"{path.name} has no expect: block"
    scenario_file = scenario_file_for(pt)
    assert scenario_file is not None, f"{path.name}: no scenario with id {pt.scenario_id!r}"
    seeds = [pt.seed]
    if case(scenario_file).variants:
        seeds += [s for s in SEEDS if s != pt.seed]
    outcomes, patients = set(), set()
    for seed in seeds:
        scenario = case(scenario_file, seed)
        outcome = check_playthrough(pt, scenario)
        assert outcome.passed, f"seed {seed}: " + "\n".join(str(p) for p in outcome.problems)
        report = outcome.debrief
        outcomes.add((report.score, report.max_score, tuple(sorted(report.critical)), report.finished))
        patients.add(scenario.patient.name)
        if path.stem.endswith(".expert"):
            assert report.critical == [] and report.language == [], seed
        elif ".poor" in path.name and report.finished:
            assert report.score < report.max_score, "a poor path loses points"
    assert len(outcomes) == 1, outcomes  # the same score and critical errors for every patient and dose
    if len(seeds) > 1:
        assert len(patients) >= 2  # eight seeds meet more than one patient


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


@pytest.mark.parametrize("name", ["oih-taper", "postop-acute", "cold-turkey"])
def test_these_cases_have_an_expert_and_at_least_two_poor_paths(name):
    kinds = {p.name.split(".")[1] for p in PLAYTHROUGHS if p.name.startswith(name + ".")}
    assert "expert" in kinds and len({k for k in kinds if k.startswith("poor")}) >= 2, kinds
