"""A session, told as the trainee's story: actions in, patient answers, rapport, score and events out."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import EXPERT, POOR, SCENARIO

from simulator.engine import events as ev
from simulator.engine.actions import ActionError
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.scoring.rubric import max_score, score


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def expert_actions():
    return load_actions(EXPERT)[0]


@pytest.fixture(scope="module")
def poor_actions():
    return load_actions(POOR)[0]


def in_interview(scenario) -> Session:
    session = Session(scenario)
    session.apply({"type": "advance"})
    assert session.phase == "interview"
    return session


def recorder(session: Session) -> list:
    seen: list = []
    session.subscribe(seen.append)
    return seen


# ----------------------------------------------------------------------------- replay


def test_replaying_the_same_actions_gives_the_same_state_and_score(scenario, expert_actions):
    first = Session.replay(scenario, expert_actions)
    second = Session.replay(scenario, expert_actions)
    assert first.context() == second.context()
    assert first.data == second.data
    assert first.state.name == second.state.name == "debrief"
    assert score(scenario, first.context()) == score(scenario, second.context())


def test_a_session_replayed_from_its_own_record_matches_the_live_one(scenario, poor_actions):
    live = Session(scenario)
    live_events = recorder(live)
    for action in poor_actions:
        live.apply(action)
    again = Session(scenario)
    again_events = recorder(again)
    for action in live.actions:
        again.apply(action)
    assert again.context() == live.context()
    assert again.actions == live.actions
    assert again_events == live_events


def test_a_replay_error_names_the_action(scenario):
    with pytest.raises(ActionError) as info:
        Session.replay(scenario, [{"type": "advance"}, {"type": "advance"}])
    assert info.value.index == 1
    assert info.value.message == "Ask the patient at least three questions before moving on."


def test_a_rejected_action_changes_nothing(scenario):
    session = in_interview(scenario)
    before = session.context()
    with pytest.raises(ActionError, match="unknown interview intent"):
        session.apply({"type": "ask", "intent": "pain.nowhere", "text": "Are you an addict?"})
    assert session.context() == before
    assert Session.replay(scenario, session.actions).context() == session.context()


def test_an_unknown_trigger_is_refused_with_a_message(scenario):
    session = Session(scenario)
    with pytest.raises(ActionError):
        session.apply({"type": "advance", "trigger": "teleport"})
    assert session.state.name == "chart"


# ----------------------------------------------------------------------------- the two playthroughs


def test_the_expert_playthrough_earns_full_marks(scenario, expert_actions):
    session = Session.replay(scenario, expert_actions)
    assert session.finished
    assert score(scenario, session.context()) == max_score(scenario, session.context())
    assert session.context()["stigma_count"] == 0
    assert "week8_stable" in session.data.visited


def test_the_poor_playthrough_loses_points_and_ends_struggling(scenario, poor_actions):
    from simulator.scoring.debrief import build_debrief

    session = Session.replay(scenario, poor_actions)
    report = build_debrief(session)
    assert report.score < report.max_score
    assert report.critical == ["tx.no_dismissal", "tx.no_abrupt_stop", "tx.mat_for_oud"]
    assert session.data.visited == [
        "chart",
        "interview",
        "assessment",
        "plan",
        "week1_withdrawal",
        "week8_struggling",
        "debrief",
    ]


# ----------------------------------------------------------------------------- phases


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            {"type": "ask", "intent": "pain.location"},
            "You can ask the patient questions only during the interview step.",
        ),
        (
            {"type": "say", "text": "Hello"},
            "You can talk with the patient only during the interview or follow-up step.",
        ),
        (
            {"type": "mark", "criterion": "craving"},
            "You can use the DSM-5 tracker only during the interview or assessment step.",
        ),
        (
            {"type": "assess", "diagnosis": "oud", "supervised_use": False, "severity": "moderate"},
            "You can record the assessment only during the assessment step.",
        ),
        (
            {"type": "plan", "opioid": "taper", "taper": {"percent": 10, "interval_days": 28}},
            "You can record the plan only during the plan step.",
        ),
        ({"type": "decide", "choice": "offer_moud"}, "There is no decision to make at this step."),
    ],
)
def test_actions_in_the_wrong_phase_are_refused_with_a_clear_message(scenario, action, message):
    session = Session(scenario)
    with pytest.raises(ActionError) as info:
        session.apply(action)
    assert info.value.message == message
    assert session.actions == ()


def test_advancing_is_blocked_with_the_scenarios_message(scenario):
    session = in_interview(scenario)
    session.apply({"type": "ask", "intent": "pain.location"})
    assert session.advance_blocker() == "Ask the patient at least three questions before moving on."
    with pytest.raises(ActionError, match="^Ask the patient at least three questions before moving on.$"):
        session.apply({"type": "advance"})
    session.apply({"type": "ask", "intent": "pain.duration"})
    session.apply({"type": "ask", "intent": "pain.severity"})
    assert session.advance_blocker() is None
    session.apply({"type": "advance"})
    assert session.phase == "assessment"


def test_the_assessment_and_plan_must_be_submitted_before_moving_on(scenario):
    session = in_interview(scenario)
    for intent in ("pain.location", "pain.duration", "pain.severity"):
        session.apply({"type": "ask", "intent": intent})
    session.apply({"type": "advance"})
    with pytest.raises(ActionError, match="Submit your assessment before moving on."):
        session.apply({"type": "advance"})
    session.apply({"type": "assess", "diagnosis": "oud", "supervised_use": False, "severity": "moderate"})
    session.apply({"type": "advance"})
    with pytest.raises(ActionError, match="Submit your plan before moving on."):
        session.apply({"type": "advance"})
    with pytest.raises(ActionError, match="A taper plan needs the step size and interval."):
        session.apply({"type": "plan", "opioid": "taper"})
    with pytest.raises(ActionError, match="Choose how buprenorphine will be started."):
        session.apply({"type": "plan", "opioid": "switch_to_moud", "moud": "buprenorphine"})
    session.apply(
        {"type": "plan", "opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "low_dose"}
    )
    session.apply({"type": "advance"})
    assert session.state.name == "week2_bup"
    with pytest.raises(ActionError, match="Choose how to respond before moving on."):
        session.apply({"type": "advance"})
    # "stop buprenorphine because the pain has not improved yet" is not offered: the pain has eased
    with pytest.raises(ActionError, match="unknown choice 'hug'; choices: adjust_dose, add_oxycodone$"):
        session.apply({"type": "decide", "choice": "hug"})
    session.apply({"type": "decide", "choice": "adjust_dose"})
    with pytest.raises(ActionError, match="You have already decided at this visit."):
        session.apply({"type": "decide", "choice": "stop_bup"})


def test_a_finished_session_cannot_move_on(scenario, expert_actions):
    session = Session.replay(scenario, expert_actions)
    with pytest.raises(ActionError, match="The session is complete."):
        session.apply({"type": "advance"})


def test_malformed_actions_are_refused_readably(scenario):
    session = Session(scenario)
    with pytest.raises(ActionError, match="unknown action type 'fly'"):
        session.apply({"type": "fly"})
    with pytest.raises(ActionError, match="^assess action: diagnosis: "):
        session.apply(
            {"type": "assess", "diagnosis": "addiction", "supervised_use": False, "severity": "mild"}
        )
    with pytest.raises(ActionError, match="an action must be a mapping"):
        session.apply(["advance"])


# ----------------------------------------------------------------------------- the patient


def test_rapport_rises_when_the_pain_is_validated(scenario):
    session = in_interview(scenario)
    seen = recorder(session)
    start = session.data.rapport
    session.apply({"type": "say", "text": "Your pain is real.", "kind": "validate_pain"})
    changes = [e for e in seen if isinstance(e, ev.RapportChanged) and e.reason == "validated pain"]
    assert [(c.old, c.new) for c in changes] == [(start, start + 10)]
    assert session.context()["validated_pain"] is True
    # a second validation still helps, but less
    before = session.data.rapport
    session.apply({"type": "say", "text": "I believe you about the pain.", "kind": "validate_pain"})
    again = [e for e in seen if isinstance(e, ev.RapportChanged) and e.reason == "validated pain"][-1]
    assert (again.old, again.new) == (before, before + 2)


def test_rapport_falls_and_the_word_is_noted_when_language_stigmatises(scenario):
    session = in_interview(scenario)
    seen = recorder(session)
    start = session.data.rapport
    session.apply({"type": "say", "text": "Are you an addict?"})
    assert session.data.rapport == start - 15
    noted = [e for e in seen if isinstance(e, ev.StigmaNoted)]
    assert [n.term.lower() for n in noted] == ["addict"]
    assert noted[0].alternative
    said = [e for e in seen if isinstance(e, ev.TraineeSaid)]
    assert "stigma" in said[0].kinds
    assert session.context()["stigma_count"] == 1


def test_a_stigmatising_question_costs_rapport_too(scenario):
    session = in_interview(scenario)
    start = session.data.rapport
    session.apply(
        {
            "type": "ask",
            "intent": "opioid.early_refills",
            "via": "free",
            "text": "Are you an addict? Is that why you keep running out?",
        }
    )
    assert session.data.rapport == start - 15
    # the patient answers the tone, not the content: nothing disclosed, nothing credited
    reply = session.data.transcript[-1].text
    assert reply.startswith("Wow. I'm not some guy off the street")
    assert "lost some tablets" not in reply
    assert "more_than_prescribed" not in session.data.revealed
    assert "opioid.early_refills" not in session.data.asked


def test_disclosure_waits_for_rapport(scenario):
    session = in_interview(scenario)
    seen = recorder(session)
    assert session.data.rapport < 60
    session.apply({"type": "ask", "intent": "opioid.other_sources"})
    first = [e for e in seen if isinstance(e, ev.PatientAnswered)][-1]
    assert first.text == scenario.interview.answers["opioid.other_sources"][1].text  # the guarded one
    assert first.revealed == () and "other_source" not in session.data.revealed
    session.apply({"type": "say", "text": "Your pain is real.", "kind": "validate_pain"})
    statements = 0
    while session.data.rapport < 60 and statements < 5:
        session.apply({"type": "say", "text": "That sounds really hard.", "kind": "empathy"})
        statements += 1
    assert session.data.rapport >= 60
    session.apply({"type": "ask", "intent": "opioid.other_sources"})
    second = [e for e in seen if isinstance(e, ev.PatientAnswered)][-1]
    assert second.revealed == ("other_source",)
    assert second.text.startswith("When I ran out in June")
    assert "other_source" in session.context()["revealed"]


def test_asking_the_same_question_again_gets_like_i_said(scenario):
    session = in_interview(scenario)
    seen = recorder(session)
    for _ in range(3):
        session.apply({"type": "ask", "intent": "pain.location"})
    first, other, third = [e for e in seen if isinstance(e, ev.PatientAnswered)]
    # asked again, he says it in his other words first; "like I said" once they are used up
    answer = scenario.interview.answers["pain.location"][0]
    assert not first.repeat and not other.repeat and third.repeat
    assert first.text.startswith("Low down across my back") and other.text == answer.wordings[0]
    assert (
        third.text == "Like I said, low down across my back" + first.text[len("Low down across my back") :]
    )
    assert session.data.asked["pain.location"] == 3


def test_a_question_that_was_not_understood_is_logged_for_the_instructor(scenario):
    session = in_interview(scenario)
    session.apply({"type": "ask", "intent": None, "text": "How are the geese this year?", "via": "free"})
    assert session.data.unmatched == ["How are the geese this year?"]
    assert session.data.transcript[-1].text == scenario.interview.not_understood


# ----------------------------------------------------------------------------- events


def test_listeners_hear_events_in_order(scenario):
    from simulator.control.controller import live_score

    session = Session(scenario, scorer=live_score)
    seen = recorder(session)
    session.apply({"type": "advance"})
    session.apply({"type": "ask", "intent": "pain.location"})
    session.apply({"type": "say", "text": "Your pain is real.", "kind": "validate_pain"})
    kinds = [type(e).__name__ for e in seen]
    assert kinds[0] == "StateEntered"
    assert seen[0] == ev.StateEntered("interview", "interview", "Interview")
    assert kinds.index("PatientAnswered") > 0
    after_answer = kinds[kinds.index("PatientAnswered") :]
    assert "RapportChanged" in after_answer and "TraineeSaid" in after_answer
    assert after_answer.index("RapportChanged") < after_answer.index("TraineeSaid")
    scores = [e for e in seen if isinstance(e, ev.ScoreChanged)]
    # items that do not arise in the session are left out of its maximum
    assert scores and all(0 < s.max_score <= scenario.max_score for s in scores)
    assert scores[-1].score == score(scenario, session.context())
    # a score event is only sent when the score changes
    assert all(a.score != b.score for a, b in zip(scores, scores[1:], strict=False))


def test_state_events_follow_the_flow_of_the_expert_run(scenario, expert_actions):
    session = Session(scenario)
    seen = recorder(session)
    for action in expert_actions:
        session.apply(action)
    entered = [e.state for e in seen if isinstance(e, ev.StateEntered)]
    assert entered == ["interview", "assessment", "plan", "week2_bup", "week8_stable", "debrief"]


def test_unsubscribing_stops_events(scenario):
    session = Session(scenario)
    seen: list = []
    stop = session.subscribe(seen.append)
    stop()
    session.apply({"type": "advance"})
    assert seen == []


# ----------------------------------------------------------------------------- the machine


def test_the_machine_has_no_automatic_to_state_triggers(scenario):
    session = Session(scenario)
    model = session._flags
    names = {s.name for s in scenario.flow.states}
    assert session._machine.auto_transitions is False
    assert not [n for n in names if hasattr(model, f"to_{n}")]
    assert set(session._machine.events) == {t.trigger for t in scenario.flow.transitions} == {"advance"}


def test_guards_choose_the_visit_from_the_plan(scenario):
    def ending(plan: dict) -> str:
        session = in_interview(scenario)
        for intent in ("pain.location", "pain.duration", "pain.severity"):
            session.apply({"type": "ask", "intent": intent})
        session.apply({"type": "advance"})
        session.apply({"type": "assess", "diagnosis": "oud", "supervised_use": False, "severity": "moderate"})
        session.apply({"type": "advance"})
        session.apply({"type": "plan", **plan})
        session.apply({"type": "advance"})
        return session.state.name

    assert ending({"opioid": "stop_abruptly"}) == "week1_withdrawal"
    bup = {"opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "standard"}
    assert ending({**bup, "induction_cows": 10, "induction_wait_hours": 12}) == "week2_bup"
    assert ending(bup) == "week1_precipitated"  # first dose before objective withdrawal
    assert ending({**bup, "induction": "low_dose"}) == "week2_bup"
    # methadone builds up over days: the return to use in the first days brings the urgent call
    # (week2_other, a routine follow-up, is not written for it)
    assert (
        ending({"opioid": "switch_to_moud", "moud": "methadone", "methadone_route": "otp"}) == "urgent-plan"
    )
    assert ending({"opioid": "continue"}) == "week2_no_moud"


def test_a_scenario_trigger_other_than_advance_can_be_used():
    from fixtures.scenario_text import real_text, replace_line

    from simulator.scenario.loader import load_scenario_text

    text, _ = replace_line(
        real_text(),
        "    - {source: chart, dest: interview}",
        "    - {trigger: start, source: chart, dest: interview}",
    )
    session = Session(load_scenario_text(text, "custom-trigger.yaml"))
    session.apply({"type": "advance", "trigger": "start"})
    assert session.state.name == "interview"


def test_small_talk_gets_a_natural_reply(scenario):
    session = in_interview(scenario)
    session.apply({"type": "say", "text": "Hello, nice to meet you"})
    reactions = scenario.interview.reactions  # the case's own words for small talk
    assert session.data.transcript[-1].text in reactions.greeting
    session.apply({"type": "say", "text": "Thanks for being so open with me"})
    assert session.data.transcript[-1].text in reactions.thanks
