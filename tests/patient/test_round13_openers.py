"""Issue 19, round 13: the opener ("what brings you in today?") is answered with the case's reason
for the visit (``interview.visit_reason``), never with the worries or asked back; "what are you
worried about?" stays the worries; a case that names nothing the case answers fails to load.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.interview import bundled, talk

from simulator.patient.understanding.frames import opens_visit
from simulator.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("turn", [
    "so what's brought you along this morning?",
    "What brings u in?",
    "Right, what can we do for you today, mate?",
    "Why have you come in to see me today?",
    "And you come for what reason today?",
    "What's your main complaint?",
    "Tell me what it is that's brought you here.",
])
def test_openers_are_read_as_openers(turn):
    assert opens_visit(turn)


@pytest.mark.parametrize("turn", [
    "What are you most worried about?",
    "What brought you to start buying them?",
    "Why did you come off the tablets?",
    "What's the problem with the physio?",
    "What can I do to help you cut down?",
])
def test_other_questions_are_not_openers(turn):
    assert not opens_visit(turn)


@pytest.mark.parametrize("case", CASES)
def test_every_case_names_a_reason_it_answers(case):
    interview = load_scenario(ROOT / "scenarios" / f"{case}.yaml").interview
    assert interview.visit_reason
    assert interview.visit_reason != "goals.concerns"


@pytest.mark.parametrize("case", ["clbp-moderate-oud", "stable-dependence", "fentanyl-start"])
def test_the_opener_gets_the_reason_and_the_worry_question_the_worries(case):
    scenario = bundled(case)
    ctl = talk(scenario)
    first = ctl.ask("Hello there. So, what's brought you along to see me today?")
    assert first.interpretation.action["intent"] == scenario.interview.visit_reason
    worry = talk(scenario).ask("What worries you most about all this?")
    assert worry.interpretation.action["intent"] == "goals.concerns"


def test_a_reason_the_case_does_not_answer_is_an_error_with_its_place(tmp_path):
    text = (ROOT / "scenarios" / "cold-turkey.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("visit_reason: topic.why_stop", "visit_reason: topic.why_stopp"),
                   encoding="utf-8")
    from simulator.errors import ProblemsError

    with pytest.raises(ProblemsError) as info:
        load_scenario(bad)
    message = str(info.value)
    assert "visit reason" in message and "topic.why_stop" in message and "bad.yaml:" in message


def test_lint_warns_when_a_case_names_no_reason(tmp_path):
    from simulator.scenario.lint_checks import no_visit_reason
    from simulator.scenario.yamlio import read_yaml_file

    text = (ROOT / "scenarios" / "cold-turkey.yaml").read_text(encoding="utf-8")
    path = tmp_path / "none.yaml"
    path.write_text(text.replace("  visit_reason: topic.why_stop\n", ""), encoding="utf-8")
    scenario = load_scenario(path)
    warnings = no_visit_reason(scenario, read_yaml_file(path))
    assert warnings and "visit_reason" in warnings[0].message and warnings[0].line > 0


@pytest.mark.parametrize("turn", [
    "Morning, Mr Hale, come in. It's parky out there, isn't it?",
    "Ey up, come and sit yourself down. Bit grim outside, eh?",
    "You are welcome, Marcus. I am Dr Mensah. How is the body this morning?",
])
def test_greetings_with_small_talk_get_a_greeting(turn):
    reading = talk(bundled("clbp-moderate-oud")).ask(turn).interpretation
    assert reading.kind == "social"
    assert reading.action.get("intent") is None


@pytest.mark.parametrize("turn", [
    "Oh, is that a Leeds scarf? Did you catch the game last night?",
    "Your son - how old is he now? Which school is he at?",
])
def test_small_talk_about_his_things_and_people_has_no_clinical_answer(turn):
    ctl = talk(bundled("postop-acute"))
    ctl.ask("Do you drink at all?")
    reading = ctl.ask(turn).interpretation
    assert reading.kind == "social" and reading.action.get("intent") is None


def test_his_own_schooling_is_not_small_talk():
    assert opens_visit("What school did you go to?") is False
    reading = talk(bundled("postop-acute")).ask("How old were you when you started drinking?").interpretation
    assert reading.kind != "social"


def test_a_request_after_what_it_is_about_is_asked():
    reading = talk(bundled("tramadol-taper")).ask(
        "That funny turn with the shaking - tell me how it came on.").interpretation
    assert reading.kind == "question"
    assert reading.action["intent"] == "topic.serotonin_episode"


@pytest.mark.parametrize("case", ["severe-oud-overdose", "high-dose-rotation", "tramadol-taper"])
def test_an_opener_gets_the_reason_in_the_patients_own_few_words(case):
    scenario = bundled(case)
    ctl = talk(scenario)
    said = ctl.ask("Hi, come on in. What's brought you in today?")
    assert said.interpretation.action["intent"] == scenario.interview.visit_reason
    assert said.reply == scenario.interview.visit_reason_says
    assert not ctl.session.data.revealed  # the detail, and what it discloses, are left for later
    # asked about it directly afterwards, the whole answer, never "like I said"
    detail = ctl.ask("Tell me more about that.")
    assert detail.reply != said.reply and not detail.reply.startswith(scenario.interview.repeat_prefix)


def test_the_reasons_own_words_need_a_reason(tmp_path):
    text = (ROOT / "scenarios" / "oih-taper.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("  visit_reason: pain.new_sites\n", ""), encoding="utf-8")
    from simulator.errors import ProblemsError

    with pytest.raises(ProblemsError) as info:
        load_scenario(bad)
    assert "visit_reason_says needs visit_reason" in str(info.value) and "bad.yaml:" in str(info.value)
