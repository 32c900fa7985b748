"""Behaviour of the trauma-new-pain and severe-oud-overdose cases that a trainee would notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine.playthrough import play
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief

ROOT = Path(__file__).resolve().parents[1]
TRAUMA = ROOT / "scenarios" / "trauma-new-pain.yaml"
OVERDOSE = ROOT / "scenarios" / "severe-oud-overdose.yaml"
ASK_TRAUMA = {"type": "ask", "intent": "history.trauma"}


def test_trauma_is_disclosed_only_after_the_pain_is_acknowledged_and_empathy_shown():
    scenario = load_scenario(TRAUMA)
    early = Session.replay(scenario, [{"type": "advance"}, ASK_TRAUMA])
    assert "childhood_trauma" not in early.data.revealed
    trusted = Session.replay(
        scenario,
        [
            {"type": "advance"},
            {"type": "say", "kind": "validate_pain", "text": "Your pain is real."},
            {"type": "ask", "intent": "history.substance_use"},
            {"type": "say", "kind": "empathy", "text": "That took a lot of strength."},
            ASK_TRAUMA,
        ],
    )
    assert "childhood_trauma" in trusted.data.revealed


@pytest.mark.parametrize(
    ("case", "name", "critical"),
    [
        (TRAUMA, "poor-opioid", ["tx.acute_not_chronic"]),
        (OVERDOSE, "poor-benzo-stop", ["tx.sedatives"]),
        (OVERDOSE, "poor-no-naloxone", ["tx.naloxone", "tx.no_dismissal"]),
        (OVERDOSE, "poor-early-start", ["tx.bup_induction"]),
    ],
)
def test_each_further_poor_path_is_named_as_its_own_critical_error(case, name, critical):
    scenario = load_scenario(case)
    debrief = build_debrief(play(scenario, case.parent / "playthroughs" / f"{case.stem}.{name}.yaml"))
    assert debrief.critical == critical
    assert debrief.score < debrief.max_score


def test_withholding_moud_because_of_the_benzodiazepine_says_why_it_is_wrong():
    scenario = load_scenario(OVERDOSE)
    poor = OVERDOSE.parent / "playthroughs" / "severe-oud-overdose.poor.yaml"
    debrief = build_debrief(play(scenario, poor))
    messages = " ".join(debrief.critical_messages())
    assert "benzodiazepine is no reason" in messages
