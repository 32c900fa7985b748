"""Issue 19, round 12: the depression and anxiety questionnaires read item by item.

A psychiatry trainee reads the PHQ-9 and GAD-7 aloud; each item is answered from the case's
``interview.questionnaires`` (how often, in the patient's words), never with the mood history again,
and without stealing the withdrawal, side-effect, sleep or suicide-screen questions that share a
word with an item. Family history of mental illness is the family's, never his own.

The turns are written for these tests (paraphrases of the published items), apart from the
training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk
from fixtures.scenario_text import SCENARIOS, real_text

from simulator.patient.understanding.questionnaires import asks_how_often, screen_item
from simulator.scenario.lint_checks import scenario_lint_warnings
from simulator.scenario.loader import scenario_from_document
from simulator.scenario.models import Questionnaires, ScreenItem
from simulator.scenario.yamlio import read_yaml_text

CASES = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))

# ---------------------------------------------------------------- an item in its words, or close


@pytest.mark.parametrize(
    ("typed", "item"),
    [
        ("Have you had little interest or pleasure in doing things lately?", "phq9.interest"),
        ("And feeling down, depressed or hopeless?", "phq9.down"),
        ("How about feeling tired, or having little energy?", "phq9.tired"),
        ("What about a poor appetite or overeating?", "phq9.appetite"),
        ("Have you been feeling bad about yourself - that you're a failure?", "phq9.failure"),
        ("Any trouble concentrating on things, like watching TV?", "phq9.concentration"),
        ("Have you been speaking so slowly that people noticed, or been fidgety or restless?", "phq9.moving"),
        ("Over the last fortnight, have you felt nervous, anxious or on edge?", "gad7.nervous"),
        ("Have you been unable to stop or control your worrying?", "gad7.control_worry"),
        ("Do you find yourself worrying too much about different things?", "gad7.worry_too_much"),
        ("Any trouble relaxing?", "gad7.relaxing"),
        ("Been so restless that it's hard to sit still?", "gad7.restless"),
        ("Getting easily annoyed or irritable?", "gad7.irritable"),
        ("Do you feel afraid, as if something awful might happen?", "gad7.afraid"),
    ],
)
def test_an_item_read_in_its_words_or_close_is_that_item(typed, item):
    assert screen_item(typed) == item


@pytest.mark.parametrize(
    "typed",
    [
        "Do you get restless and can't sit still when you're late with a dose?",
        "Has the oxycodone changed your appetite or made you overeat?",
        "Do you feel hopeless about the future?",
        "Thoughts that you would be better off dead?",
        "Trouble falling or staying asleep, or sleeping too much?",  # his sleep, where the case answers it
        "Any trouble concentrating since the dose went up?",
        "How often do you have a drink?",
        "Do you take one when you can't relax?",
        "How is your mood?",
    ],
)
def test_a_word_shared_with_an_item_does_not_make_it_one(typed):
    assert screen_item(typed) is None


def test_the_sleep_item_is_an_item_only_where_the_case_has_no_sleep_answer():
    asked = "Any trouble falling or staying asleep, or sleeping too much?"
    assert screen_item(asked, answers_sleep=True) is None
    assert screen_item(asked, answers_sleep=False) == "phq9.sleep"


@pytest.mark.parametrize(
    ("typed", "asks"),
    [
        ("And how often - not at all, several days, more than half the days or nearly every day?", True),
        ("how often would you say?", True),
        ("How many days?", True),
        ("How often do you take an extra tablet?", False),
    ],
)
def test_a_frequency_follow_up_is_told_from_a_question_of_its_own(typed, asks):
    assert asks_how_often(typed) is asks


# ---------------------------------------------------------------- answered as the item, through the one path


def test_items_get_their_own_answers_in_her_words_not_the_mood_history():
    case = bundled("tramadol-taper")
    ctl = talk(case)
    items = [
        "Over the last two weeks, have you been bothered by feeling tired or having little energy?",
        "What about a poor appetite, or overeating?",
        "Trouble concentrating on things, like the television?",
        "Feeling nervous, anxious, on edge?",
        "Any trouble relaxing?",
    ]
    replies = []
    for typed in items:
        outcome = ctl.ask(typed)
        assert outcome.intent == "history.mental_health"
        replies.append(outcome.reply)
    assert len(set(replies)) == len(replies)
    assert not any(r.startswith("Like I said") or "divorce" in r for r in replies)
    assert "exhausted" in replies[0].lower()
    assert "eating" in replies[1].lower()


def test_the_frequency_asked_after_an_item_is_that_items_frequency():
    case = bundled("tramadol-taper")
    ctl = talk(case, "Little interest or pleasure in doing things?")
    outcome = ctl.ask("How often is that - several days, more than half the days, or nearly every day?")
    assert outcome.intent == "history.mental_health"
    assert outcome.interpretation.action["items"] == ["phq9.interest"]
    assert outcome.interpretation.action["facet"] == "how_often"
    assert "every day" in outcome.reply.lower()


def test_without_words_the_frequency_is_said_plainly_and_never_twice_the_same():
    case = bundled("postop-acute")
    bare = Questionnaires.model_validate(
        {"gad7": {name: {"often": 0} for name in ("nervous", "control_worry", "relaxing", "irritable")}},
    )
    case = case.model_copy(update={"interview": case.interview.model_copy(update={"questionnaires": bare})})
    ctl = talk(case)
    replies = [ctl.ask(t).reply for t in (
        "Feeling nervous, anxious or on edge?", "Not able to stop or control worrying?", "Trouble relaxing?",
        "Becoming easily annoyed or irritable?",
    )]
    assert len(set(replies)) == 4
    assert all(r.lower().startswith(("no", "not", "nah")) for r in replies)


@pytest.mark.parametrize("name", CASES)
def test_every_case_answers_every_item_but_the_screens_in_its_own_words(name):
    case = bundled(name)
    q = case.interview.questionnaires
    for group, items in (("phq9", type(q.phq9).model_fields), ("gad7", type(q.gad7).model_fields)):
        for item in items:
            written = q.item(f"{group}.{item}")
            assert written is not None, f"{name}: {group}.{item}"
            assert written.says or item == "self_harm"


def test_the_suicide_item_stays_the_suicide_screen():
    case = bundled("trauma-new-pain")
    outcome = talk(case).ask("Thoughts that you would be better off dead, or of hurting yourself?")
    assert outcome.intent == "safety.suicidal_thoughts"
    assert "items" not in outcome.interpretation.action


def test_withdrawal_restlessness_is_still_withdrawal():
    case = bundled("tramadol-taper")
    outcome = talk(case).ask("After each drop in the dose, do you get restless or achy?")
    assert outcome.intent == "opioid.withdrawal"


# ---------------------------------------------------------------- family history is the family's


@pytest.mark.parametrize(
    "typed",
    [
        "Has anybody in your family suffered from depression?",
        "Does mental illness run in your family?",
        "Any history of depression in the family?",
        "Did your parents have any problems with anxiety or depression?",
    ],
)
def test_mental_illness_in_the_family_is_the_familys_history(typed):
    case = bundled("tramadol-taper")
    outcome = talk(case).ask(typed)
    assert outcome.intent == "history.family"
    assert "divorce" not in outcome.reply


# ---------------------------------------------------------------- the model, the loader and lint


def test_an_item_is_scored_zero_to_three():
    assert ScreenItem.model_validate({"often": 3, "says": "Every day."}).often == 3
    with pytest.raises(ValueError):
        ScreenItem.model_validate({"often": 4})
    assert Questionnaires().item("phq9.tired") is None


def test_the_questionnaires_load_from_the_case_file():
    doc = read_yaml_text(real_text(), "s.yaml")
    doc.data["interview"]["questionnaires"] = {"phq9": {"tired": {"often": 2, "says": "Most days."}}}
    scenario = scenario_from_document(doc)
    assert scenario.interview.questionnaires.item("phq9.tired") == ScreenItem(often=2, says="Most days.")
    assert scenario.interview.questionnaires.item("gad7.afraid") is None


def test_a_suicide_item_that_disagrees_with_the_screen_is_a_lint_warning():
    doc = read_yaml_text(real_text(), "s.yaml")
    doc.data["interview"]["questionnaires"] = {"phq9": {"self_harm": {"often": 2}}}
    found = [str(p) for p in scenario_lint_warnings(scenario_from_document(doc), doc)]
    assert any("PHQ-9 item 9" in w and "deny" in w for w in found)


def test_several_items_in_one_turn_are_each_answered_and_sleep_is_his_sleep():
    case = bundled("trauma-new-pain")
    outcome = talk(case).ask(
        "Any trouble falling or staying asleep, or sleeping too much? Feeling tired or having little "
        "energy? What about poor appetite or overeating?"
    )
    assert outcome.interpretation.action["items"] == ["phq9.tired", "phq9.appetite"]
    assert outcome.also == ("life.sleep",)
    q = case.interview.questionnaires
    for item in ("phq9.tired", "phq9.appetite"):
        assert q.item(item).says in outcome.reply
