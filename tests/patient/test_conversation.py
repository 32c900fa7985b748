"""A conversation a clinician trusts (issue 9): asking back, stigma, follow-ups, case topics.

Every test plays typed turns through the same path as the app: ``interpret`` with the
conversation so far, then ``Session.apply``. The turns here are written for these tests, apart
from the training phrasings and the benchmark conversations.
"""

from __future__ import annotations

import json
import re

import pytest
from fixtures.cli import run_cli
from fixtures.interview import STABLE, interview
from fixtures.scenario_text import SCENARIO, real_text

from simulator.engine.session import Session
from simulator.patient import persona, reply
from simulator.patient.dialogue import Conversation, detect_follow_up
from simulator.patient.turn import interpret
from simulator.patient.understanding import CONFIDENCE_THRESHOLD, match_question
from simulator.scenario.loader import load_scenario_text
from simulator.scenario.models import StigmaReactions


def say(session: Session, text: str) -> dict:
    """Type ``text`` as the trainee; return the action recorded."""
    result = interpret(text, Conversation.of(session))
    session.apply(result.action)
    return session.actions[-1]


def last_reply(session: Session) -> str:
    return session.data.transcript[-1].text


# ------------------------------------------------------------------ asking back


@pytest.mark.parametrize(
    "text", ["How are things with the medication?", "What about all of that?", "stuff", "the other one"]
)
def test_an_unclear_turn_is_asked_back_and_earns_nothing(marcus, text):
    session = interview(marcus)
    action = say(session, text)
    assert action["intent"] is None
    assert session.data.asked == {}
    assert last_reply(session).startswith("Sorry, doc, what do you mean")


def test_no_answer_below_the_threshold():
    # whatever the model ranks first, a turn it is unsure of is never answered
    for text in ("How are things with the medication?", "Is everything all right with it?"):
        m = match_question(text)
        if m.confidence < CONFIDENCE_THRESHOLD:
            assert m.intent is None
            assert len(m.alternatives) == 3


def test_asking_back_names_two_topics_in_the_patients_voice(marcus, ruth):
    text = persona.ask_back(ruth.interview, ["opioid.regimen", "safety.storage", "life.sleep"])
    assert text == (
        "I'm sorry, I'm not quite with you. Do you mean which tablets I take and how many or "
        "where I keep my tablets and who's at home?"
    )
    # a scenario template cannot run code: it is replaced, never formatted
    hostile = marcus.interview.model_copy(update={"ask_back": "{options} {options.__class__} {0}"})
    assert persona.ask_back(hostile, ["life.sleep"]) == "my sleep {options.__class__} {0}"
    assert persona.ask_back(marcus.interview, []) == marcus.interview.not_understood


def test_a_bank_question_chosen_after_asking_back_is_credited(marcus):
    session = interview(marcus)
    action = say(session, "How are things with the medication?")
    chosen = action["suggestions"][0]
    session.apply({"type": "ask", "intent": chosen, "via": "bank"})
    assert session.data.asked == {chosen: 1}


# ------------------------------------------------------------------ stigma


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        ("Are you an addict?", "Wow. I'm not some guy off the street"),
        ("Why do you need more? Are you an addict?", "Wow. I'm not some guy off the street"),
        ("So have you been doctor shopping?", "I'm not playing games here"),
        ("Be straight with me, you're just here for the pills, aren't you?", "I'm not playing games"),
        ("Was your last urine dirty?", "What's that supposed to mean?"),
    ],
)
def test_stigmatising_questions_get_the_tone_answered_not_the_content(marcus, text, opening):
    session = interview(marcus)
    before = session.data.rapport
    action = say(session, text)
    reply = last_reply(session)
    assert reply.startswith(opening)
    assert "One used to last me" not in reply and "Oxycodone, the 10" not in reply
    assert session.data.rapport == before + persona.STIGMA_PENALTY
    assert session.data.asked == {} and session.data.revealed == []
    assert session.data.stigma and session.data.stigma[0].alternative
    assert session.data.transcript[-1].affect  # the face and manner change too
    assert action["intent"] is None


def test_the_default_reactions_answer_a_scenario_without_its_own(marcus):
    plain = marcus.interview.model_copy(update={"stigma_reactions": StigmaReactions()})
    text, affect = persona.stigma_reaction(plain, ["label"])
    assert text == persona.DEFAULT_STIGMA_REACTIONS["label"] and affect.startswith("Hurt")


def test_after_being_called_an_addict_he_holds_back_what_he_would_have_said(marcus):
    trusted, judged = interview(marcus), interview(marcus)
    say(trusted, "I believe you, this pain is real.")
    say(judged, "You're an addict, aren't you?")
    say(judged, "I believe you, this pain is real.")
    for session in (trusted, judged):
        say(session, "Do you take any more than the label says?")
    assert "more_than_prescribed" in trusted.data.revealed
    assert "more_than_prescribed" not in judged.data.revealed


def test_ruth_answers_being_called_an_addict_in_her_own_voice(ruth):
    session = interview(ruth)
    say(session, "Honestly, are you a junkie now?")
    assert last_reply(session).startswith("Oh. I didn't expect to hear that word from you")


# ------------------------------------------------------------------ follow-ups


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("anything else?", "else"),
        ("Is there anything else you'd like to tell me?", "else"),
        ("Tell me more.", "more"),
        ("ok, go on", "more"),
        ("why?", "why"),
        ("How come?", "why"),
        ("how long?", "how_long"),
        ("Since when?", "how_long"),
        ("and the pills?", "about"),
        ("What about the other one?", "other"),
        ("what happened?", "then"),
        ("how often?", "how_often"),
        ("who was that?", "who"),
        ("how much?", "how_much"),
    ],
)
def test_follow_ups_are_recognised(text, kind):
    follow = detect_follow_up(text)
    assert follow is not None and follow.kind == kind
    assert detect_follow_up("Any other medical problems?") is None
    assert detect_follow_up("How long have you been on oxycodone?") is None


def test_follow_ups_are_resolved_against_the_conversation(marcus):
    session = interview(marcus)
    say(session, "Could you show me where it's sore?")
    assert session.actions[-1]["intent"] == "pain.location"
    action = say(session, "And since when?")
    assert action == {
        "type": "ask",
        "intent": "pain.duration",
        "text": "And since when?",
        "via": "free",
        "follow_up": True,
    }
    say(session, "Which tablets are you on at the moment, and how many?")
    assert say(session, "how long?")["intent"] == "opioid.duration"
    say(session, "Have you ever tried to cut back on them?")
    why = say(session, "why?")  # the last topic's own "why", not another topic (issue 19)
    assert (why["intent"], why["facet"]) == ("opioid.cut_down", "why")
    cut_down = marcus.interview.answers["opioid.cut_down"][0]
    assert last_reply(session) == cut_down.facets.get("why")


def test_anything_else_brings_out_what_is_on_his_mind_then_thats_all(ruth):
    # Round 11: the worry he has not voiced (and more of it), never the next topic of the case
    # file as if he had been asked it; then "that's it".
    session = interview(ruth)
    told = []
    for _ in range(12):
        action = say(session, "Anything else?")
        if action.get("nothing_more"):
            break
        # Something new each time: the worry, or the `more` facet of the one just told.
        told.append((action["intent"], action.get("facet")))
    assert told and told[0] == ("goals.concerns", None)
    assert len(told) == len(set(told)) and {intent for intent, _ in told} == {"goals.concerns"}
    # nothing more to tell: her own questions, one at a time (round 11), then that's all
    for question in ruth.interview.questions:
        assert last_reply(session) == question
        assert say(session, "Anything else?").get("nothing_more")
    assert last_reply(session) == ruth.interview.nothing_more
    assert "fear_of_label" in session.data.revealed


def test_tell_me_more_without_anything_more_says_so(ruth):
    session = interview(ruth)
    say(session, "Do you ever get your morphine from anyone other than Dr. Novak?")
    assert session.actions[-1]["intent"] == "opioid.other_sources"
    action = say(session, "Tell me more about that.")
    # It stays on the topic (issue 19): a fuller answer or its `more` facet, else says so.
    assert action["intent"] == "opioid.other_sources" and action.get("facet") == "more"
    assert last_reply(session) in reply.NO_FACET["more"]


def test_replay_uses_the_recorded_intents_not_the_rules(marcus):
    session = interview(marcus)
    for text in ("Where is it sore?", "how long?", "anything else?", "Are you an addict?"):
        say(session, text)
    again = Session.replay(marcus, session.actions)
    assert [e.text for e in again.data.transcript] == [e.text for e in session.data.transcript]
    assert again.data.asked == session.data.asked


# ------------------------------------------------------------------ case topics


def test_case_topics_are_loaded_and_matched(ruth):
    session = interview(ruth)
    turns = {
        "When the chemist had no morphine for you, what happened?": "topic.pharmacy_shortage",
        "How were you over those two days with no tablets?": "topic.those_two_days",
        "Are you frightened that you've become addicted?": "topic.am_i_addicted",
    }
    for text, topic in turns.items():
        assert say(session, text)["intent"] == topic, text
    assert {"withdrawal_shortage", "fear_of_label"} <= set(session.data.revealed)
    assert session.context()["asked"] >= set(turns.values())


def test_an_instructor_adds_a_topic_without_retraining():
    extra = """    - id: er_night
      question: Tell me about the night you went to the emergency department.
      label: the night in the emergency department
      phrasings:
        - What happened the night you ended up in the ER?
        - Why did you go to the emergency room that night?
        - Tell me about your hospital visit in the night.
      answers:
        - text: My back locked up on a night shift and they gave me an injection. That's all it was.
"""
    text = real_text().replace("  topics:\n", "  topics:\n" + extra, 1)
    scenario = load_scenario_text(text, "custom.yaml")
    session = interview(scenario)
    assert say(session, "What went on when you were taken to A&E at night?")["intent"] == "topic.er_night"
    assert last_reply(session).startswith("My back locked up")


def test_validate_warns_when_a_topic_overlaps_a_core_intent(tmp_path):
    text = real_text().replace(
        "        - Is there random testing for the forklift drivers?\n",
        "        - Is there random testing for the forklift drivers?\n"
        "        - Where does it hurt the most?\n",
        1,
    )
    path = tmp_path / "overlap.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 0  # a warning, not an error
    line = text.splitlines().index("        - Where does it hurt the most?") + 1
    assert (
        f"{path}:{line}:11: warning: topic 'work_testing' overlaps the core intent pain.location"
        in result.stderr
    )
    clean = run_cli("validate", str(SCENARIO), str(STABLE))
    assert clean.returncode == 0 and "warning" not in clean.stderr


def test_a_topic_revealing_an_unknown_fact_is_an_error():
    text = real_text().replace(
        "            so it's never been a problem. I'd rather they didn't know how many I take, though.\n",
        "            so it's never been a problem. I'd rather they didn't know how many I take, though.\n"
        "          reveals: [no_such_fact]\n",
        1,
    )
    from simulator.errors import ProblemsError

    with pytest.raises(ProblemsError) as exc:
        load_scenario_text(text, "bad.yaml")
    assert "unknown fact 'no_such_fact'" in str(exc.value)


# ------------------------------------------------------------------ the intents contract


def test_intents_is_stateless_and_gives_kind_and_replies():
    lines = [
        "Where abouts is the pain?",
        "why?",
        "anything else?",
        "Are you an addict?",
        "That must be so hard.",
        "Good morning!",
        "Did you catch the match?",
        "How were you over those two days with no tablets?",
        "How are things with the medication?",
    ]
    result = run_cli("intents", str(STABLE), "--replies", input="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in rows] == lines
    assert all(set(r) == {"question", "intent", "confidence", "kind", "reply"} for r in rows)
    got = [(r["intent"], r["kind"]) for r in rows]
    assert got == [
        ("pain.location", "question"),
        (None, "question"),
        (None, "question"),
        (None, "stigma"),
        (None, "empathy"),
        (None, "social"),
        (None, "social"),
        ("topic.those_two_days", "question"),
        (None, "question"),
    ]
    assert rows[0]["reply"].startswith("Low in my back")
    assert rows[3]["reply"].startswith("Oh. I didn't expect")
    assert rows[7]["reply"].startswith("Awful.")
    assert all(0 <= r["confidence"] <= 1 for r in rows)


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("That doesn't make you an addict.", False),
        ("Your son shouldn't have called you an addict.", False),
        ("You're not an addict, you're physically dependent.", False),
        ("You're not an addict, are you?", True),
        ("You aren't abusing your pills, are you?", True),
        ("Are you an addict?", True),
    ],
)
def test_a_denied_or_reported_label_is_not_stigma_but_a_tag_question_is(ruth, text, counted):
    session = interview(ruth)
    say(session, text)
    assert bool(session.data.stigma) == counted
    if not counted:
        assert session.data.rapport >= ruth.interview.rapport_start


def test_a_case_topic_reads_as_its_question_in_the_debrief(ruth):
    from simulator.scoring.debrief import describe_action
    from simulator.scoring.rubric import describe, scenario_labels

    session = interview(ruth)
    session.apply({"type": "ask", "intent": "topic.pharmacy_shortage", "via": "bank"})
    question = "What happened when the pharmacy ran out of your morphine?"
    assert describe_action(session, session.actions[-1]) == f"Asked: {question}"
    labels = scenario_labels(ruth)["asked"]
    assert describe("asked", frozenset({"topic.pharmacy_shortage"}), labels) == question


def test_a_greeting_before_a_question_does_not_hide_the_question(ruth):
    session = interview(ruth)
    assert say(session, "Good morning Ruth, what happened at the pharmacy?")["intent"] == (
        "topic.pharmacy_shortage"
    )
    assert say(session, "Hi, I'm the nurse on today.")["type"] == "say"
    # her own words (with no time of day the trainee did not name: the app does not know the hour)
    own = [re.sub(r"\bGood (?:morning|afternoon|evening)\b", "Hello", line)
           for line in ruth.interview.reactions.greeting]
    assert session.data.transcript[-1].text in own


def test_a_repeated_answer_keeps_a_name_capitalised(ruth):
    assert persona.repeat_text("Like I said, ", "Hillside had none") == "Like I said, Hillside had none"
    assert persona.repeat_text("Like I said, ", "Most days a three") == "Like I said, most days a three"


def test_the_patients_manner_is_said_when_it_changes_not_under_every_reply(ruth):
    session = interview(ruth)
    for intent in ("pain.location", "pain.duration", "opioid.regimen"):
        session.apply({"type": "ask", "intent": intent})
    manners = [e.affect for e in session.data.transcript if e.speaker == "patient"]
    assert manners[-3] and not any(manners[-2:])  # the same rapport band: said once
    for _ in range(4):
        session.apply({"type": "say", "text": "That sounds really hard.", "kind": "empathy"})
        session.apply({"type": "say", "text": "Your pain is real.", "kind": "validate_pain"})
    session.apply({"type": "ask", "intent": "history.family"})
    shown = [e.affect for e in session.data.transcript if e.speaker == "patient" and e.affect]
    assert all(a != b for a, b in zip(shown, shown[1:], strict=False))  # never the same manner twice running
    assert persona.affect_for(session.data.rapport).line in shown  # a new band is said
