"""Issue 19, round 13: the screening and misuse questionnaires read item by item.

A trainee reads the CAGE-AID, DAST-10, AUDIT-C, Opioid Risk Tool, PC-PTSD-5 and the asked COWS items
aloud, one at a time, in their published wordings or close to them. Each item is answered as the
interview intent a correct patient answers it with (the case's own answer for it), the withdrawal
scale's items that share their words with the anxiety questionnaire only right after withdrawal, and
a turn that is not an item goes the usual way.

The turns are written for these tests (paraphrases of the published items).
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

from simulator.patient.understanding.questionnaires import form_item

ITEMS = [
    # CAGE-AID
    ("Have you ever thought you should cut down on your drinking or drug use?", "opioid.cut_down"),
    ("Have people ever annoyed you by criticising your drinking or drug use?", "life.relationships"),
    ("Have you ever felt bad or guilty about your drinking or drug use?", "goals.concerns"),
    ("Ever used drugs or had a drink first thing in the morning to steady your nerves?", "opioid.withdrawal"),
    # DAST-10
    ("In the last year, have you used drugs other than those required for medical reasons?",
     "opioid.other_substances"),
    ("Do you take more than one drug at a time?", "opioid.other_substances"),
    ("Are you always able to stop using drugs when you want to?", "opioid.cut_down"),
    ("Any blackouts or flashbacks as a result of your drug use?", "life.health_harm"),
    ("Does your partner ever complain about your involvement with drugs?", "life.relationships"),
    ("Have you neglected your family because of your drug use?", "life.obligations"),
    ("Have you ever done illegal things to get drugs?", "opioid.other_sources"),
    ("Have you had any medical problems as a result of your drug use, like hepatitis or memory loss?",
     "life.health_harm"),
    # AUDIT-C
    ("How often do you have a drink containing alcohol?", "opioid.other_substances"),
    ("On a typical day when you drink, how many units of alcohol do you have?", "opioid.other_substances"),
    ("How often do you have six or more drinks on a single occasion?", "opioid.other_substances"),
    # Opioid Risk Tool
    ("Is there any family history of alcohol or drug abuse?", "history.family"),
    ("Do you have a personal history of substance abuse - alcohol or illegal drugs?",
     "history.substance_use"),
    ("Is there a history of sexual abuse in your childhood?", "history.trauma"),
    ("Have you ever been diagnosed with bipolar disorder, schizophrenia or OCD?", "history.mental_health"),
    # PC-PTSD-5
    ("Sometimes things happen to people that are especially frightening, horrible or traumatic - an "
     "accident, an assault, a war. Have you ever experienced this kind of event?", "history.trauma"),
    ("In the past month, have you had nightmares about the event, or thought about it when you "
     "didn't want to?",
     "history.trauma"),
    ("Have you tried hard not to think about the event, or gone out of your way to avoid situations "
     "that remind you of it?", "history.trauma"),
    ("Have you been constantly on guard, watchful or easily startled?", "history.trauma"),
    ("Felt numb or detached from people, activities or your surroundings?", "history.trauma"),
    ("Have you felt guilty or been unable to stop blaming yourself or others for the events?",
     "history.trauma"),
    # COWS, asked
    ("Any sweating or chills?", "opioid.withdrawal"),
    ("Is your nose running, or your eyes watering?", "opioid.withdrawal"),
    ("Any stomach cramps or diarrhoea?", "opioid.withdrawal"),
    ("Have you been yawning much?", "opioid.withdrawal"),
    ("Any goosebumps?", "opioid.withdrawal"),
]


@pytest.mark.parametrize(("typed", "intent"), ITEMS)
def test_an_item_read_in_its_words_or_close_asks_its_intent(typed, intent):
    found = form_item(typed)
    assert found is not None and found[1] == intent


@pytest.mark.parametrize(
    "name", ["stable-dependence", "trauma-new-pain", "tramadol-taper", "severe-oud-overdose"]
)
def test_each_item_gets_the_cases_answer_for_its_intent(name):
    case = bundled(name)
    for typed, intent in ITEMS:
        outcome = talk(case).ask(typed)
        assert outcome.intent == intent, typed
        assert outcome.reply, typed
        # the case's own answer for that intent, as the same question asked plainly gets it
        plain = talk(case)
        before = len(plain.session.data.transcript)
        plain.apply({**outcome.interpretation.action, "text": outcome.interpretation.understood_as})
        said = [e.text for e in plain.session.data.transcript[before:] if e.speaker == "patient"]
        # (its opening words may be fitted to the question: "I'm worried that..." for "That...")
        assert " ".join(said)[-40:] in outcome.reply, (typed, outcome.reply, said)


def test_the_items_no_longer_get_a_side_effect_or_the_suicide_screen():
    case = bundled("stable-dependence")
    guilty = talk(case).ask("Do you ever feel bad or guilty about your drug use?")
    assert guilty.intent == "goals.concerns" and "constipation" not in guilty.reply
    dreams = talk(case).ask(
        "In the past month, had nightmares about the event or thought of it when you did not want to?"
    )
    assert dreams.intent == "history.trauma"


def test_the_withdrawal_items_that_share_words_are_withdrawal_only_after_it():
    case = bundled("tramadol-taper")
    ctl = talk(case, "Do you get withdrawal when a dose is late?")
    for typed in ("Any aches in your bones or joints?", "Sweating?", "Anxious or irritable?",
                  "Restless, hard to sit still?"):
        assert ctl.ask(typed).intent == "opioid.withdrawal", typed
    assert form_item("Feeling anxious or irritable?") is None
    assert form_item("Any bone or joint aches?") is None
    assert form_item("Any aching in your back?", "Any yawning?") is None  # his pain


def test_the_audit_c_frequency_is_asked_as_how_often():
    case = bundled("stable-dependence")
    outcome = talk(case).ask("How often do you have a drink containing alcohol?")
    assert outcome.intent == "opioid.other_substances"
    assert outcome.interpretation.action.get("facet") == "how_often"


@pytest.mark.parametrize("typed", [
    "What happened when you tried to cut down on the tablets?",
    "Do you feel guilty about anything else?",
    "How old are you?",
    "Does bipolar run in your family?",
    "Any sweating or chills? And who prescribes your tablets?",
])
def test_a_turn_that_is_not_only_an_item_is_not_taken_over(typed):
    case = bundled("stable-dependence")
    outcome = talk(case).ask(typed)
    assert not (form_item(typed) and outcome.interpretation.action.get("intent") != outcome.intent)
    if typed.startswith("Does bipolar"):
        assert outcome.intent == "history.family"
    if typed.startswith("Any sweating"):
        assert outcome.intent != "opioid.withdrawal" or "prescri" in str(outcome.interpretation.action)
