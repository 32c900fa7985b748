"""A visit is a conversation too: the trainee asks the patient questions at a follow-up visit
(read as the interview reads them, answered from that day's course) and scores COWS from the
patient's signs before deciding. Nothing asked there earns interview points."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import POOR, SCENARIO

from simulator.clinical import cows
from simulator.control.controller import SessionController, live_score
from simulator.control.dialogs import ScriptedDialogs
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.engine.visit_talk import FROM_COURSE, signs, signs_text, visit_answer
from simulator.records.store import SessionStore
from simulator.scenario.loader import load_scenario
from simulator.scenario.visit_claims import contradictions
from simulator.scoring.debrief import build_debrief


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture
def store(tmp_path):
    s = SessionStore(tmp_path / "sessions.db")
    s._connection().execute("PRAGMA synchronous=OFF")
    yield s
    s.close()


def at_first_visit(scenario, store=None) -> SessionController:
    """The poor run of the back-pain case, up to its first visit (withdrawal after a stop)."""
    if store is None:
        session = Session(scenario, scorer=live_score)
        ctl = SessionController(session, str(SCENARIO), None, None, ScriptedDialogs())
    else:
        ctl = SessionController.start(scenario, str(SCENARIO), store, ScriptedDialogs())
    for action in load_actions(POOR)[0]:
        if ctl.session.phase == "visit":
            break
        assert ctl.apply(action).accepted, action
    assert ctl.session.phase == "visit"
    return ctl


def test_a_question_at_a_visit_is_read_like_the_interview_and_answered_from_that_day(scenario, store):
    ctl = at_first_visit(scenario, store)
    session = ctl.session
    day = session.context()
    assert day["course.cows"] >= 5  # he is in withdrawal today
    asked, points = dict(session.data.asked), build_debrief(session).score
    result = ctl.ask_at_visit("How bad is the withdrawal today?")
    assert result.accepted and result.intent == "opioid.withdrawal"
    assert result.reply == visit_answer(session.state, "opioid.withdrawal", day)
    assert any(w in result.reply for w in ("sick", "sweating", "yawning"))  # not "no withdrawal"
    follow = ctl.ask_at_visit("and the pain?")  # a follow-up, read against the question before
    assert follow.accepted and follow.intent and follow.intent.startswith("pain.")
    assert f"{round(day['course.pain']):g} out of 10" in follow.reply
    assert session.data.asked == asked and build_debrief(session).score == points  # no interview points
    stored = store.actions(ctl.session_id)
    assert [a["type"] for a in stored[-2:]] == ["visit_ask", "visit_ask"]  # saved, so a resume shows it
    visit = session.visits.log()[-1]
    assert [t["speaker"] for t in visit["talk"]] == ["trainee", "patient", "trainee", "patient"]


def test_a_visit_question_outside_a_visit_is_refused_plainly(scenario):
    ctl = SessionController.practice(scenario)  # at the interview
    result = ctl.apply({"type": "visit_ask", "intent": "opioid.craving"})
    assert not result.accepted and "only during the follow-up" in result.message.lower()


def test_stigmatising_words_at_a_visit_still_count(scenario):
    ctl = at_first_visit(scenario)
    before = len(ctl.session.data.stigma)
    ctl.ask_at_visit("Are you using again, like an addict?")
    assert len(ctl.session.data.stigma) > before


def test_the_patient_never_contradicts_the_day_at_any_course_state(scenario):
    """Every answer written from the course holds against the day it is given on (the same
    claims that hold a visit's text), from no withdrawal to the worst."""
    ctl = at_first_visit(scenario)
    base = ctl.session.context()
    for cows_now in (0, 8, 18, 30, 45):
        for using in (False, True):
            for mme, medication in ((0, "none"), (40, "opioid"), (0, "buprenorphine")):
                day = {**base, "course.cows": cows_now, "course.using": using, "course.mme": mme,
                       "course.returned_to_use": using, "course.medication": medication}
                for intent in FROM_COURSE:
                    words = visit_answer(ctl.session.state, intent, day)
                    assert words and not contradictions(words, day), (intent, day["course.cows"], words)


def test_cows_is_scored_from_the_signs_and_set_beside_them(scenario):
    ctl = at_first_visit(scenario)
    today = ctl.session.context()["course.cows"]
    shown = signs(today)
    assert cows.score(shown).total == today and len(signs_text(today)) == len(cows.ITEMS)
    low = dict.fromkeys(cows.ITEM_IDS, 0)
    assert ctl.apply({"type": "cows", "items": low}).accepted
    assert not ctl.apply({"type": "cows", "items": {"pulse": 3}}).accepted  # not a COWS value
    log = ctl.session.visits.log()[-1]
    assert log["cows_scored"] == {"total": 0, "band": "none", "signs": today}


@pytest.mark.parametrize("total", range(cows.MAX_TOTAL + 1))
def test_the_signs_of_every_total_add_up_to_it(total):
    assert cows.score(signs(total)).total == total


def test_play_json_reports_what_was_asked_and_scored_at_each_visit(tmp_path):
    """A playthrough file may ask and score at a visit like the app: ``play --json`` gives each
    visit's talk and COWS beside the signs', and ``--transcript`` puts the talk under its visit."""
    import json

    from fixtures.cli import run_cli

    from simulator.scenario.yamlio import read_yaml_file

    actions = read_yaml_file(POOR).data["actions"]
    at = next(n for n, a in enumerate(actions) if a.get("type") == "decide")
    items = dict.fromkeys(cows.ITEM_IDS, 0) | {"yawning": 2, "runny_nose": 2}
    asked = [
        {"type": "visit_ask", "intent": "opioid.craving", "text": "Any cravings?", "via": "free"},
        {"type": "cows", "items": items},
    ]
    log = {"scenario": "clbp-moderate-oud", "actions": [*actions[:at], *asked, *actions[at:]]}
    path = tmp_path / "visit-talk.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    ran = run_cli("play", str(SCENARIO), "--actions", str(path), "--json", "--transcript")
    assert ran.returncode == 0, ran.stderr
    report = json.loads(ran.stdout)
    visit = report["visits"][0]
    assert [t["text"] for t in visit["talk"] if t["speaker"] == "trainee"] == ["Any cravings?"]
    assert visit["cows_scored"]["total"] == 4 and visit["cows_scored"]["band"] == "none"
    assert visit["cows_scored"]["signs"] >= 5  # the patient is in withdrawal: the score is low
    lines = [line for line in report["transcript"] if line["step"] == visit["state"]]
    assert [line["kind"] for line in lines][-3:] == ["trainee", "patient", "decision"]


def test_a_scripted_visit_answers_from_its_measures_and_says_no_more_than_they_show():
    """A case without a course block: withdrawal, pain and craving come from the visit's measures;
    what they do not show (use from other sources) is not made up."""
    from simulator.scenario.loader import load_scenario as load
    from simulator.scenario.models import Measures

    stable = load(SCENARIO.with_name("stable-dependence.yaml"))
    states = [
        s.model_copy(update={"week": 4, "measures": Measures(pain=5, cows=18, craving=2, function=4)})
        if s.phase == "visit" else s
        for s in stable.flow.states
    ]
    flow = stable.flow.model_copy(update={"states": states})
    legacy = stable.model_copy(update={"course": None, "flow": flow})
    actions = load_actions(SCENARIO.with_name("playthroughs") / "stable-dependence.expert.yaml")[0]
    session = Session(legacy)
    for action in actions:
        if session.phase == "visit":
            break
        session.apply(action)
    said = {}
    for intent in ("opioid.withdrawal", "opioid.craving", "opioid.other_sources"):
        session.apply({"type": "visit_ask", "intent": intent})
        said[intent] = session.data.transcript[-1].text
    assert "sweating" in said["opioid.withdrawal"]  # COWS 18: moderate
    assert said["opioid.craving"].startswith("Not really")
    assert said["opioid.other_sources"] == "Nothing's changed there since I last saw you."


def test_the_command_line_asks_typed_questions_at_a_visit_the_log_reaches():
    """``intents --conversation --visit STEP --actions FILE``: the log is played as far as the visit,
    and each typed line is asked there through the controller, answered from that day."""
    import json

    from fixtures.cli import run_cli

    asked = "How bad is the withdrawal now?\nAnd the pain?\n"
    ran = run_cli("intents", str(SCENARIO), "--conversation", "--replies", "--visit", "week1_withdrawal",
                  "--actions", str(POOR), input=asked)
    assert ran.returncode == 0, ran.stderr
    first, second = (json.loads(line) for line in ran.stdout.splitlines())
    assert first["intent"] == "opioid.withdrawal" and first["reply"]
    session = at_first_visit(load_scenario(SCENARIO)).session
    context = session.context()
    assert first["reply"] == visit_answer(session.state, "opioid.withdrawal", context)  # the visit's day
    assert second["question"] == "And the pain?" and second["reply"]
    wrong = run_cli("intents", str(SCENARIO), "--conversation", "--visit", "interview",
                    "--actions", str(POOR))
    assert wrong.returncode == 1 and "is not a visit of this case" in wrong.stderr
