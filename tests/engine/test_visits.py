"""Follow-up visits from the course model, as a trainee meets them in the back-pain case."""

from __future__ import annotations

import json

import pytest
from fixtures.scenario_text import EXPERT, POOR, SCENARIO, SCENARIOS

from simulator.commands.cli import main
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.engine.visits import day_label
from simulator.scenario.loader import load_scenario
from simulator.scenario.urgent import urgent_state

STABLE = SCENARIOS / "stable-dependence.yaml"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def before_plan():
    actions = load_actions(EXPERT)[0]
    return actions[: next(i for i, a in enumerate(actions) if a["type"] == "plan")]


def after_plan(scenario, before_plan, **plan) -> Session:
    session = Session.replay(scenario, [*before_plan, {"type": "plan", **plan}])
    session.apply({"type": "advance"})
    return session


def text_of(session: Session) -> str:
    narrative, says = session.visits.narrative(session.state, session.context())
    return f"{narrative} {says}"


BUP = {
    "opioid": "switch_to_moud",
    "moud": "buprenorphine",
    "induction": "standard",
    "induction_cows": 10,
    "induction_wait_hours": 12,
}


def test_day_seven_is_week_one():
    assert [day_label(d) for d in (0, 3, 7, 10, 14, 56)] == [
        "Day 0",
        "Day 3",
        "Week 1",
        "Day 10 (week 1)",
        "Week 2",
        "Week 8",
    ]


@pytest.mark.parametrize(("followup", "title"), [(7, "Week 1"), (14, "Week 2"), (10, "Day 10 (week 1)")])
def test_the_first_follow_up_falls_on_the_planned_interval(scenario, before_plan, followup, title):
    session = after_plan(scenario, before_plan, **BUP, followup_days=followup)
    assert session.state.name == "week2_bup"
    assert session.visits.title(session.state) == f"{title} - Follow-up on buprenorphine"
    assert session.context()["course.day"] == followup


def test_an_abrupt_stop_brings_the_patient_back_within_days(scenario, before_plan):
    session = after_plan(scenario, before_plan, opioid="stop_abruptly", followup_days=30)
    assert session.state.name == "week1_withdrawal"
    ctx = session.context()
    assert ctx["course.day"] < 7 and ctx["course.cows"] >= 13
    assert "emergency department" in text_of(session)
    assert "buying tablets" in text_of(session)  # he returned to use before he presented


def test_a_too_early_standard_start_is_a_precipitated_withdrawal_visit(scenario, before_plan):
    session = after_plan(scenario, before_plan, **{**BUP, "induction_cows": 3}, followup_days=7)
    assert session.state.name == "week1_precipitated"
    assert session.context()["course.day"] == 1


def test_an_early_refill_request_comes_when_the_supply_runs_out(scenario, before_plan):
    session = after_plan(scenario, before_plan, opioid="continue", followup_days=30)
    assert session.state.name == "week2_no_moud"
    assert session.context()["course.event"] == "early_refill"
    assert f"on day {session.context()['course.day']}" in text_of(session)


def test_a_too_fast_taper_ends_in_return_to_use(scenario, before_plan):
    session = after_plan(
        scenario, before_plan, opioid="taper", taper={"percent": 25, "interval_days": 7}, followup_days=14
    )
    assert session.state.name == "week1_withdrawal"
    assert session.context()["course.returned_to_use"]
    assert "cuts" in text_of(session)


def test_a_decision_feeds_back_into_the_course(scenario, before_plan):
    kept, added = (after_plan(scenario, before_plan, **BUP, followup_days=7) for _ in range(2))
    # "stop buprenorphine because the pain has not improved" is not offered: the pain has eased
    assert [c.id for c in kept.offered_choices()] == ["adjust_dose", "add_oxycodone"]
    kept.apply({"type": "decide", "choice": "adjust_dose"})
    added.apply({"type": "decide", "choice": "add_oxycodone"})  # a full agonist alongside
    for s in (kept, added):
        s.apply({"type": "advance"})
    assert added.context()["course.craving"] > kept.context()["course.craving"] + 1.5


def test_discharge_is_never_followed_by_missed_appointments(scenario, before_plan):
    session = after_plan(scenario, before_plan, opioid="stop_abruptly", followup_days=30)
    session.apply({"type": "decide", "choice": "discharge"})
    session.apply({"type": "advance"})
    assert session.state.name == "week8_struggling"
    text = text_of(session)
    assert "missed" not in text and "no contact with the practice" in text
    assert session.context()["course.missed_visits"] == 0


def test_visit_text_is_true_of_the_plan(scenario, before_plan):
    bare = after_plan(scenario, before_plan, **BUP, followup_days=7)
    bare.apply({"type": "decide", "choice": "adjust_dose"})
    bare.apply({"type": "advance"})
    assert bare.state.name == "week8_stable"
    text = text_of(bare)
    assert "pain care" not in text and "mood is better" not in text and "fishing" not in text
    full = after_plan(
        scenario,
        before_plan,
        **BUP,
        followup_days=7,
        nonopioid=["physiotherapy", "cbt", "duloxetine"],
        psych_care=True,
        urine_testing=True,
    )
    full.apply({"type": "decide", "choice": "adjust_dose"})
    full.apply({"type": "advance"})
    assert "kept up the pain care" in text_of(full) and "mood is better" in text_of(full)


def test_two_plans_give_two_courses(scenario, before_plan):
    one = after_plan(scenario, before_plan, opioid="stop_abruptly", followup_days=30)
    two = after_plan(scenario, before_plan, **BUP, followup_days=7)
    assert one.visits.run().days != two.visits.run().days
    assert max(d.cows for d in one.visits.run().days) > max(d.cows for d in two.visits.run().days)


def test_replaying_the_log_gives_the_same_course(scenario):
    actions = load_actions(POOR)[0]
    first, again = Session.replay(scenario, actions), Session.replay(scenario, actions)
    assert first.visits.points() == again.visits.points()
    assert first.visits.contacts == again.visits.contacts


def test_a_stable_patient_is_reviewed_when_the_plan_says(before_plan):
    stable = load_scenario(STABLE)
    actions = load_actions(SCENARIOS / "playthroughs" / "stable-dependence.expert.yaml")[0]
    session = Session.replay(stable, actions[:-2])
    assert session.state.name == "week12_review"
    assert session.visits.title(session.state) == "Day 90 (week 12) - Routine review"


def test_play_json_reports_the_course_day_by_day(capsys):
    assert main(["play", str(SCENARIO), "--actions", str(POOR), "--json"]) == 0
    course = json.loads(capsys.readouterr().out)["course"]
    assert [p["day"] for p in course] == list(range(57))
    assert set(course[0]) == {"day", "mme", "pain", "cows", "craving", "function", "sedation"}
    assert course[0]["mme"] == 60 and course[5]["mme"] == 0


def test_a_scenario_without_a_course_block_keeps_its_scripted_visits():
    from simulator.scenario.models import Measures

    stable = load_scenario(STABLE)
    states = [
        s.model_copy(update={"week": 12, "measures": Measures(pain=5, function=7)})
        if s.phase == "visit"
        else s
        for s in stable.flow.states
    ]
    legacy = stable.model_copy(
        update={"course": None, "flow": stable.flow.model_copy(update={"states": states})}
    )
    actions = load_actions(SCENARIOS / "playthroughs" / "stable-dependence.expert.yaml")[0]
    session = Session.replay(legacy, actions[:-2])
    assert session.state.name == "week12_review"
    assert session.visits.title(session.state) == "Routine review"  # no model: no computed day
    assert session.context().get("course.day") is None
    assert [p["day"] for p in session.visits.points()] == [0, 84]
    assert session.visits.points()[1]["mme"] is None  # a scripted visit knows no dose


def test_a_withdrawal_flare_in_a_taper_calls_for_a_pause_that_the_model_follows():
    stable = load_scenario(STABLE)
    actions = load_actions(SCENARIOS / "playthroughs" / "stable-dependence.expert.yaml")[0]
    before = actions[: next(i for i, a in enumerate(actions) if a["type"] == "plan")]
    plan = {
        "type": "plan",
        "opioid": "taper",
        "taper": {"percent": 50, "interval_days": 7},  # morphine ER 15 twice a day: 30 -> 15 -> 0
        "followup_days": 28,
    }
    paused, pushed = (Session.replay(stable, [*before, plan, {"type": "advance"}]) for _ in range(2))
    assert paused.state.name == "taper_flare" and paused.context()["course.cows"] >= 8
    paused.apply({"type": "decide", "choice": "pause"})
    pushed.apply({"type": "decide", "choice": "keep_going"})
    day = paused.context()["course.day"]
    assert paused.visits.run().at(day + 3).mme == 15  # back to the last step she managed
    assert pushed.visits.run().at(day + 3).mme == 0
    settled, suffering = paused.visits.run(), pushed.visits.run()
    assert settled.at(day + 3).cows < suffering.at(day + 3).cows - 3  # withdrawal settles
    assert settled.at(day + 7).pain < suffering.at(day + 7).pain - 2  # and the pain with it


PLANS = [
    {"opioid": "continue", "followup_days": 30},
    {"opioid": "continue", "followup_days": 90, "nonopioid": ["topical_nsaid", "exercise"], "naloxone": True},
    {"opioid": "stop_abruptly", "followup_days": 14},
    {
        "opioid": "taper",
        "taper": {"percent": 10, "interval_days": 28},
        "followup_days": 28,
        "nonopioid": ["cbt"],
    },
    {"opioid": "taper", "taper": {"percent": 25, "interval_days": 7}, "followup_days": 28},
    {"opioid": "taper", "taper": {"percent": 50, "interval_days": 7}, "followup_days": 28},
    {**BUP, "followup_days": 7},
    {**BUP, "followup_days": 14, "nonopioid": ["physiotherapy", "cbt", "duloxetine"], "psych_care": True},
    {**BUP, "induction_cows": 3, "followup_days": 7, "urine_testing": True},
    {"opioid": "switch_to_moud", "moud": "methadone", "methadone_route": "otp", "followup_days": 14},
    {"opioid": "switch_to_moud", "moud": "naltrexone_xr", "naltrexone_free_days": 3, "followup_days": 7},
]


def _holds(fact: str, session: Session) -> bool:
    from simulator.scenario.course_checks import decision_facts

    plan, ctx = session.data.plan, session.context()
    added = set().union(*(decision_facts(session.scenario).get(d, set()) for d in ctx["decisions"]))
    if fact in added:
        return True
    kind, _, value = fact.partition(":")
    if kind == "nonopioid":
        return bool(plan.nonopioid) if value in ("any", "some") else value in plan.nonopioid
    if kind == "moud":
        return plan.moud == value or ctx.get(f"course.on_{value}", False)
    return bool(getattr(plan, fact, False) or ctx.get(f"course.{fact}", False))


def _walk(session: Session, seen: set[str]) -> None:
    """Every path through the visits from ``session`` on; check each visit's text as shown (each
    choice tried on a fork of the session: the log is not replayed for every branch)."""
    from simulator.scenario.course_checks import mentions

    while not session.finished:
        state = session.state
        narrative, says = session.visits.narrative(state, session.context())
        for _, word, fact in mentions(f"{narrative} {says}"):
            assert _holds(fact, session), (state.name, word, session.data.plan)
        assert "{" not in narrative + says  # every placeholder filled
        seen.add(state.name)
        if state.decision and state.name not in session.data.decisions:
            for choice in session.offered_choices():
                twin = session.fork()
                twin.apply({"type": "decide", "choice": choice.id})
                _walk(twin, seen)
            return
        session.apply({"type": "advance"})


@pytest.mark.parametrize("name", ["clbp-moderate-oud", "stable-dependence"])
def test_every_visit_text_is_true_of_the_plan_on_every_path(name):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    actions = load_actions(SCENARIOS / "playthroughs" / f"{name}.expert.yaml")[0]
    before = actions[: next(i for i, a in enumerate(actions) if a["type"] == "plan")]
    seen: set[str] = set()
    for plan in PLANS:
        _walk(Session.replay(scenario, [*before, {"type": "plan", **plan}, {"type": "advance"}]), seen)
    visits = {s.name for s in scenario.flow.states if s.phase == "visit" and not urgent_state(s.name)}
    assert seen - {n for n in seen if urgent_state(n)} == visits  # the sweep reached every visit the case has
