"""The debrief a trainee reads: critical errors first, every point explained, cited and in words."""

from __future__ import annotations

import re

import pytest
from fixtures.scenario_text import EXPERT, POOR, SCENARIO

from simulator.clinical import catalogue
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario import vocabulary as vocab
from simulator.scenario.checks import scenario_variables
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief
from simulator.scoring.rubric import describe, evaluate


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def poor(scenario):
    return build_debrief(Session.replay(scenario, load_actions(POOR)[0]))


@pytest.fixture(scope="module")
def expert(scenario):
    return build_debrief(Session.replay(scenario, load_actions(EXPERT)[0]))


# every choice id the vocabulary knows, to make sure none reaches the trainee raw
CHOICE_IDS = {
    cid
    for choices in (
        vocab.DIAGNOSES,
        vocab.SEVERITIES,
        vocab.DSM5_CRITERIA,
        vocab.RISK_FACTORS,
        vocab.OPIOID_PLANS,
        vocab.MOUD,
        vocab.INDUCTIONS,
        vocab.METHADONE_ROUTES,
        vocab.TAPER_BASES,
        vocab.NONOPIOID,
        vocab.SETTINGS,
        vocab.COUNSELLING,
    )
    for cid, _ in choices
    if cid != "none"
} | set(vocab.intent_ids())


def test_critical_errors_come_first_then_missed_then_earned(poor, scenario):
    flags = [(i.critical_failed, i.passed) for i in poor.items]
    critical = [i for i in poor.items if i.critical_failed]
    assert critical and poor.items[: len(critical)] == critical
    rest = [i for i in poor.items[len(critical) :] if i.applicable]
    missed = [i for i in rest if not i.passed]
    assert rest[: len(missed)] == missed
    assert all(i.passed for i in rest[len(missed) :])
    assert flags == sorted(flags, key=lambda f: (not f[0], f[1]))
    # within each group, the rubric's own order is kept, safety findings after the rubric
    order = [item.id for item in scenario.rubric]
    for group in (critical, missed, rest[len(missed) :]):
        positions = [order.index(i.id) if i.kind == "rubric" else len(order) for i in group]
        assert positions == sorted(positions)


def test_the_critical_list_names_guidance_in_the_order_shown(poor):
    assert poor.critical == ["tx.no_dismissal", "tx.no_abrupt_stop", "tx.mat_for_oud"]
    assert [i.id for i in poor.critical_items()] == [
        "course-no-dismissal",
        "safety-abrupt_stop",
        "safety-no_moud",
    ]


def test_the_critical_banner_says_what_went_wrong(poor):
    assert poor.critical_messages() == [
        "Discharged the patient from the practice because of his opioid use",
        "Stopped oxycodone without a taper or medication for OUD",
        "Offered no medication for opioid use disorder",
    ]


def test_every_item_cites_its_guidance_from_the_catalogue(poor):
    for item in poor.items:
        guidance = catalogue.get(item.guidance)
        assert item.guidance_title == guidance.title
        assert item.guidance_summary == guidance.summary and item.guidance_summary
        assert item.citation == guidance.cite_documents() and item.citation
        assert item.conflict == guidance.conflict


def test_missed_items_carry_their_feedback(poor, scenario):
    by_id = {r.id: r for r in scenario.rubric}
    for item in poor.items:
        if item.kind == "safety":
            assert item.feedback and item.earned < 0
            continue
        if not item.applicable:
            assert item.feedback.startswith("Not counted") and item.points == 0
            continue
        rubric = by_id[item.id]
        if item.passed:
            assert item.feedback == rubric.passed
        else:  # what the guidance expected, and which parts were missing
            assert item.feedback.startswith(rubric.missed or "The guidance expected this:")
            for part in item.missing:
                assert part in item.feedback
    refills = next(i for i in poor.items if i.id == "ask-refills")
    # The poor path asked about refills only as "Are you an addict? Is that why you keep running
    # out?": the patient answered the tone, so neither part was asked (issue 9).
    assert refills.earned == 0 and refills.points == 5
    assert refills.missing == ("asked how the tablets are actually taken", "asked why refills ran early")
    assert "Missing: asked how the tablets are actually taken" in refills.feedback


def test_evidence_is_in_words_not_ids(poor, expert):
    for report in (poor, expert):
        for item in report.items:
            assert item.evidence, item.id
            for what, value in item.evidence:
                assert not re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", what), (item.id, what)
                if item.id.startswith("course-"):
                    continue  # see the xfail below
                words = {w.strip() for w in value.split(";")}
                assert not words & CHOICE_IDS, (item.id, what, value)


def test_evidence_examples_read_like_the_chart(poor):
    evidence = {item.id: dict(item.evidence) for item in poor.items}
    variables = vocab.base_variables()

    def label(name: str) -> str:
        return variables[name].label

    assert evidence["safety-no_moud"] == {label("plan.moud"): vocab.label(vocab.MOUD, "none")}
    assert evidence["safety-abrupt_stop"] == {
        label("plan.opioid"): vocab.label(vocab.OPIOID_PLANS, "stop_abruptly"),
        label("plan.moud"): vocab.label(vocab.MOUD, "none"),
    }
    assert evidence["dx-oud"] == {label("dx.diagnosis"): vocab.label(vocab.DIAGNOSES, "dependence")}
    assert evidence["dx-supervised-rule"] == {
        label("dx.supervised_use"): "yes",
        label("dx.criteria"): "Tolerance; Withdrawal",
    }
    assert evidence["dx-severity"] == {
        label("dx.severity"): vocab.label(vocab.SEVERITIES, "none"),
        label("truth.severity"): vocab.label(vocab.SEVERITIES, "moderate"),
        label("dx.criteria_count"): "0",
    }
    # The poor path asked about refills only as "Are you an addict? ...": the patient answered
    # the tone, so the question earned no credit (issue 9) and the evidence says so in words.
    asked = evidence["ask-refills"]["Topics asked about"]
    assert asked in ("none", vocab.intent_question("opioid.regimen") + "; " + vocab.intent_question(
        "opioid.withdrawal"), vocab.intent_question("opioid.withdrawal"))
    assert vocab.intent_question("opioid.early_refills") not in asked


def test_decision_evidence_shows_what_was_chosen_in_words(poor):
    item = next(i for i in poor.items if i.id == "course-no-dismissal")
    ((_, value),) = item.evidence
    assert "week1_withdrawal.discharge" not in value
    assert "Discharge him from the practice" in value


def test_scores_add_up_by_domain(poor, expert, scenario):
    for report in (poor, expert):
        assert report.score == max(0, sum(i.earned for i in report.items))
        assert report.max_score == sum(d.max for d in report.domains) == sum(i.points for i in report.items)
        assert report.max_score <= scenario.max_score  # items that did not arise are left out
        assert {d.domain for d in report.domains} == {i.domain for i in report.items}
    assert sum(d.earned for d in expert.domains) == expert.score
    assert expert.percent == 100 and expert.critical == []
    assert 0 <= poor.percent < 100


def test_stigmatising_words_are_named_in_the_debrief(poor):
    assert len(poor.language) == 1
    (use,) = poor.language
    assert use["term"].lower() == "addict"
    assert use["alternative"]
    assert "addict" in use["said"].lower()
    person_first = next(i for i in poor.items if i.id == "person-first")
    assert not person_first.passed


def test_the_timeline_has_one_line_per_action_with_its_step(poor):
    actions = load_actions(POOR)[0]
    assert [t.index for t in poor.timeline] == list(range(1, len(actions) + 1))
    assert poor.timeline[0].step == "Chart review" and poor.timeline[0].text == "Moved on"
    texts = [t.text for t in poor.timeline]
    assert "Asked: Are you an addict? Is that why you keep running out?" in texts
    assert f"Assessment: {vocab.label(vocab.DIAGNOSES, 'dependence')}" in texts
    assert f"Plan: {vocab.label(vocab.OPIOID_PLANS, 'stop_abruptly')}" in texts
    assert "Decision: Discharge him from the practice for breaking the agreement." in texts


def test_the_course_runs_day_by_day_to_the_end(poor, expert):
    assert [p["day"] for p in poor.course] == list(range(57))  # eight weeks after the visit
    assert {"day", "mme", "pain", "cows", "craving", "function"} <= set(poor.course[0])
    assert expert.course[-1]["pain"] < expert.course[0]["pain"]
    assert max(p["cows"] for p in poor.course) > max(p["cows"] for p in expert.course)


def test_the_json_report_has_the_documented_fields(poor):
    data = poor.to_json()
    assert {"score", "max_score", "critical", "items"} <= set(data)
    for item in data["items"]:
        assert {"guidance", "earned", "max", "source", "guidance_says"} <= set(item)


def test_evaluate_matches_the_cheap_score(scenario):
    session = Session.replay(scenario, load_actions(POOR)[0])
    from simulator.scoring.rubric import score

    results = evaluate(scenario, session.context(), scenario_variables(scenario))
    assert max(0, sum(r.earned for r in results)) == score(scenario, session.context())


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("plan.moud", "buprenorphine", vocab.label(vocab.MOUD, "buprenorphine")),
        ("plan.naloxone", True, "yes"),
        ("dx.oih", False, "no"),
        ("plan.nonopioid", frozenset(), "none"),
        (
            "plan.nonopioid",
            frozenset({"cbt", "physiotherapy"}),
            f"{vocab.label(vocab.NONOPIOID, 'cbt')}; {vocab.label(vocab.NONOPIOID, 'physiotherapy')}",
        ),
        ("plan.followup_days", 7.0, "7"),
        ("rapport", 55, "55"),
        ("asked", frozenset({"pain.location"}), vocab.intent_question("pain.location")),
        ("plan.moud", None, "not recorded"),
    ],
)
def test_values_are_described_for_trainees(name, value, shown):
    assert describe(name, value) == shown
