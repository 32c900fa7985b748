"""The plan space, swept: the plans the plan form can produce, for every bundled scenario (a
stratified sample of the quick grid, :data:`fixtures.sweeps.SAMPLE`; bench/plan_sweep.py sweeps it
all and checks the sample reaches the same rules and harms).

A reviewer's list of harmful plans is written here on its own, from the choices alone, and every
swept plan it names must be a critical error with the right guidance; no plan with any safety
finding may reach the expert's score, and the expert's plan is the best there is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.cli import run_cli
from fixtures.sweeps import QUICK, SAMPLE, SWEEPS, expert_run, plan_scores, quick_sweep

from simulator.engine.plan_safety import safety_findings
from simulator.scenario.models import Scenario
from simulator.scoring.plan_sweep import plan_context, plan_space
from simulator.scoring.rubric import score

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
KEEPS = {"continue", "increase", "taper"}
ENDS = {"stop_abruptly", "no_opioid", "short_course", "switch_to_moud"}


@pytest.fixture(scope="module", params=NAMES)
def expert(request):
    return expert_run(request.param)


def harms(plan: dict, scenario: Scenario) -> set[str]:
    """Guidance ids a careful reviewer expects as critical errors for this plan and patient."""
    opioid, moud = plan["opioid"], plan["moud"]
    taper = plan.get("taper") or {}
    agonist_kept = opioid in KEEPS and taper.get("percent", 0) < 100
    ends = opioid in ENDS or taper.get("percent") == 100
    expected = set()
    # what the rules read: a full agonist in the body (on the chart, or bought and on the urine
    # screen), or buprenorphine already taken
    screen = scenario.chart.urine_drug_screen.results if scenario.chart.urine_drug_screen else ()
    opioids = ("fentanyl", "heroin", "oxycodone", "morphine")
    bought = [r for r in screen if r.result == "positive" and not r.expected
              and any(word in r.substance.lower() for word in opioids)]
    prescribed = any(not item.drug.lower().startswith("buprenorphine") for item in scenario.chart.regimen)
    full_agonist = prescribed or bool(bought)  # in the body: what a buprenorphine start meets
    if not scenario.chart.regimen:
        # Nothing prescribed (all use is from other sources, e.g. fentanyl-start): nothing to keep
        # or to stop, but what the urine shows blocks naltrexone and an early start all the same
        agonist_kept = ends = False
    if ends and moud not in ("buprenorphine", "methadone") and scenario.chart.months_on_opioids >= 1:
        if not (moud == "naltrexone_xr" and plan.get("setting") == "residential"):
            expected.add("tx.no_abrupt_stop")
    too_soon = plan.get("naltrexone_free_days", 0) < 7 and (bool(scenario.chart.regimen) or bool(bought))
    if moud == "naltrexone_xr" and (agonist_kept or too_soon):
        expected.add("tx.xr_naltrexone")
    if moud == "buprenorphine" and plan.get("induction") == "standard" and full_agonist:
        if agonist_kept or plan.get("induction_cows", 0) < 5 and plan.get("induction_wait_hours", 0) < 6:
            expected.add("tx.bup_induction")
    if (
        moud == "buprenorphine"
        and plan.get("induction") == "low_dose"
        and opioid in ("stop_abruptly", "no_opioid")
        and prescribed
    ):
        expected.add("tx.low_dose_induction")
    if "low_dose_naltrexone" in plan["nonopioid"] and (
        agonist_kept or moud in ("buprenorphine", "methadone")
    ):
        expected.add("tx.naltrexone_with_agonist")
    on_bup = any(item.drug.lower().startswith("buprenorphine") for item in scenario.chart.regimen)
    if scenario.assessment.diagnosis == "oud" and moud == "none" and not (on_bup and opioid in KEEPS):
        expected.add("tx.mat_for_oud")
    if scenario.assessment.diagnosis == "oud" and opioid == "increase" and prescribed:
        expected.add("tx.dose_escalation")
    if moud == "methadone" and plan.get("methadone_route") == "office":
        expected.add("tx.methadone_otp")
    long_term = scenario.chart.months_on_opioids >= 12  # CDC 2022 "a year or more"
    fast = bool(taper) and taper["percent"] >= 25 and taper["interval_days"] <= 7 and taper["percent"] < 100
    if long_term and fast and prescribed:  # the taper rules judge a prescribed full agonist
        expected.add("tx.taper_rate")  # a quarter a week after years on opioids
    return expected


@SWEEPS
def test_no_unsafe_plan_reaches_the_experts_score_and_the_expert_is_best(expert):
    report = quick_sweep(expert.scenario.id)
    assert report.evaluated == len(list(plan_space(_expert_plan(expert), **SAMPLE))) > 3000
    assert report.expert_score == report.max_score > 0
    assert report.best_score == report.expert_score
    assert report.unsafe_at_expert_score == [] and report.above_expert == []
    assert report.unsafe_best_score < report.expert_score
    assert report.findings_without_text == []


def score_plan(expert, plan):
    """The session score with ``plan`` instead of the expert's, and the plan's safety findings."""
    context = plan_context(expert, plan)
    return score(expert.scenario, context), safety_findings(expert.scenario, context)


@SWEEPS
def test_every_harmful_plan_is_a_critical_error_whatever_its_label(expert):
    scenario = expert.scenario
    checked = 0
    # the sweep's scorer, with the scores the quick sweep worked out for the same plans (shared);
    # every 25th plan is checked against the engine's scoring
    scored = plan_scores(scenario.id)
    best = score_plan(expert, _expert_plan(expert))[0]
    plans = list(plan_space(_expert_plan(expert), **SAMPLE))  # the quick sweep's plans, plan for plan
    for n, plan in enumerate(plans):
        expected = harms(plan, scenario)
        total, found = scored(plan)
        if n % 25 == 0:
            full_total, full_found = score_plan(expert, plan)
            assert (total, found) == (full_total, full_found), plan
        critical = {f.guidance for f in found if f.critical}
        assert expected <= critical, (plan, expected - critical)
        for f in found:
            assert f.what and f.why and f.guidance and f.points > 0
        if found:
            assert total < best
        checked += bool(expected)
    full_agonist = any(not item.drug.lower().startswith("buprenorphine") for item in scenario.chart.regimen)
    assert checked > (1000 if full_agonist else 500)  # fewer harms apply with no full agonist


def _expert_plan(expert) -> dict:
    from simulator.engine.actions import action_to_dict

    return action_to_dict(expert.data.plan)


def test_the_plan_form_and_the_sweep_offer_the_same_choices():
    from simulator.scenario import vocabulary as vocab

    plans = list(plan_space({"nonopioid": ["exercise"]}, **QUICK))
    assert {p["opioid"] for p in plans} == set(vocab.ids(vocab.OPIOID_PLANS))
    assert {p["moud"] for p in plans} == set(vocab.ids(vocab.MOUD))
    # the engine refuses buprenorphine with no start and methadone with no route; all else is swept
    assert {p.get("induction") for p in plans if p["moud"] == "buprenorphine"} == {"standard", "low_dose"}
    assert {p.get("methadone_route") for p in plans if p["moud"] == "methadone"} == {"otp", "office"}
    assert {p["taper"]["basis"] for p in plans if p["opioid"] == "taper"} == set(vocab.ids(vocab.TAPER_BASES))
    seen = {n for p in plans for n in p["nonopioid"]}
    assert {"gabapentinoid", "low_dose_naltrexone", "exercise"} <= seen
    # the tests' sample keeps every opioid choice with every MOUD choice, and every other choice
    sample = list(plan_space({"nonopioid": ["exercise"]}, **SAMPLE))
    assert len(sample) < len(plans) / 2 and all(p in plans for p in sample[::50])

    def pairing(p: dict) -> str:
        return json.dumps({k: v for k, v in p.items() if k not in ("naloxone", "followup_days", "nonopioid")},
                          sort_keys=True)

    assert {pairing(p) for p in sample} == {pairing(p) for p in plans}
    for field in ("naloxone", "followup_days"):
        assert {p[field] for p in sample} == {p[field] for p in plans}
    assert {n for p in sample for n in p["nonopioid"]} == seen


def test_the_engine_accepts_every_swept_plan(expert):
    from simulator.engine.playthrough import load_actions
    from simulator.engine.session import Session

    name = expert.scenario.id
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / f"{name}.expert.yaml")
    prefix = actions[: next(i for i, a in enumerate(actions) if a["type"] == "plan")]
    session = Session.replay(expert.scenario, prefix)
    for plan in list(plan_space(_expert_plan(expert), **QUICK))[::40]:
        session.apply(plan)  # revising the plan: raises if the engine refuses it


def test_explore_plays_every_plan_outcome_and_visit_choice_and_sweeps_plans():
    path = ROOT / "scenarios" / "clbp-moderate-oud.yaml"
    result = run_cli("explore", str(path), "--plans", "--quick", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    states = report["states"]
    # every visit is reached by some plan: withdrawal after an abrupt stop, precipitated
    # withdrawal after an early start, the buprenorphine and other-medication follow-ups
    for name in ("week1_withdrawal", "week1_precipitated", "week2_bup", "week2_other", "week2_no_moud"):
        assert name in states["reachable"]
    assert states["unreachable"] == [] and states["dead_ends"] == []
    assert states["min_score"] == 0 and states["max_score"] > 100 and states["full_marks_reached"]
    assert states["items_never_earned"] == []
    assert report["flow"]["dead_ends"] == [] and report["flow"]["unreachable"] == []
    plans = report["plans"]
    assert plans["expert_at_maximum"] is True and plans["unsafe_at_expert_score"] == []
    rules = {f["rule"] for f in plans["findings"]}
    assert {"abrupt_stop", "gabapentinoid_with_opioid", "taper_too_fast", "naltrexone_with_opioid"} <= rules
    for f in plans["findings"]:
        assert f["example"]["sentence"] and f["example"]["guidance"]
