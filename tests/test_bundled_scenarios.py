"""Every bundled scenario validates, its expert playthrough earns full marks and its poor one
loses points with the critical errors the case is built to teach."""

from pathlib import Path

import pytest

from simulator.playthrough import play
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))

EXPECTED_CRITICAL = {
    "clbp-moderate-oud": ["tx.no_dismissal", "tx.no_abrupt_stop", "tx.mat_for_oud"],
    "stable-dependence": ["dx.dependence_not_addiction", "tx.no_abrupt_stop"],
    "oih-taper": ["dx.oih_not_tolerance", "tx.oih_reduce_not_raise", "tx.monitoring"],
    "postop-acute": ["tx.acute_not_chronic"],
    "cold-turkey": ["tx.no_abrupt_stop"],
}


def test_every_bundled_scenario_has_both_playthroughs():
    names = {p.stem for p in SCENARIOS}
    assert names == set(EXPECTED_CRITICAL)
    for name in names:
        for kind in ("expert", "poor"):
            assert (ROOT / "scenarios" / "playthroughs" / f"{name}.{kind}.yaml").is_file()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_expert_earns_full_marks_and_poor_hits_the_critical_errors(path):
    scenario = load_scenario(path)
    expert = build_debrief(play(scenario, ROOT / "scenarios" / "playthroughs" / f"{path.stem}.expert.yaml"))
    assert expert.score == expert.max_score and expert.critical == []
    poor = build_debrief(play(scenario, ROOT / "scenarios" / "playthroughs" / f"{path.stem}.poor.yaml"))
    assert poor.critical == EXPECTED_CRITICAL[path.stem]
    assert poor.score < expert.max_score / 3
    assert poor.language, "the poor playthrough uses a stigmatising word that the debrief names"
