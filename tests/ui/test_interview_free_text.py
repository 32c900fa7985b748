"""Typing to the patient: understanding, declining off-topic questions, suggestions, evidence."""

from PySide6.QtCore import Qt

from simulator.ui.views.interview_view import InterviewView


def start_interview(qtbot, window) -> tuple:
    qtbot.mouseClick(window.library.start_button, Qt.MouseButton.LeftButton)
    view = window.session_view
    view.advance()
    assert isinstance(view.view, InterviewView)
    return view, view.view


def type_line(qtbot, interview: InterviewView, text: str) -> None:
    qtbot.keyClicks(interview.input, text)
    qtbot.keyClick(interview.input, Qt.Key.Key_Return)


def test_a_typed_paraphrase_gets_the_right_answer(qtbot, window):
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "so whereabouts does it hurt?")
    assert "Low down across my back" in interview.transcript_text()
    assert "Understood as" in interview.understood.text()
    assert interview.input.text() == ""  # cleared once sent
    assert view.session.actions[-1]["intent"] == "pain.location"


def test_the_hint_says_what_the_patient_took_the_question_as_without_a_percentage(qtbot, window):
    _view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "so whereabouts does it hurt?")
    hint = interview.understood.text()
    assert "Understood as" in hint and "Put it another way" in hint
    assert "%" not in hint and "sure" not in hint  # the trainee reads the patient, not the classifier


def test_off_topic_questions_are_declined_in_character(qtbot, window):
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "Did you watch the football last night?")
    assert "keep to why I'm here" in interview.transcript_text()
    assert view.session.data.unmatched == []  # declined, not logged as misunderstood


def test_gibberish_is_declined(qtbot, window):
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "blorf zzzt wibble?")
    assert view.session.actions[-1]["intent"] is None


def test_a_vague_question_is_asked_back_and_a_suggestion_gets_the_answer(qtbot, window):
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "How are you getting on with the medication?")
    ask = view.session.actions[-1]
    assert ask["intent"] is None and 2 <= len(ask["suggestions"]) <= 3
    # the patient asks back in his own voice, naming what it might be about
    reply = view.session.data.transcript[-1].text
    assert reply.startswith("Sorry, doc, what do you mean")
    assert view.session.data.unmatched == ["How are you getting on with the medication?"]
    assert view.session.data.asked == {}  # nothing credited for a question not understood
    assert "Did you mean" in interview.understood.text()
    chosen = ask["suggestions"][0]
    assert f"href='{chosen}'" in interview.understood.text()
    interview.understood.linkActivated.emit(chosen)  # the trainee clicks the first suggestion
    assert view.session.actions[-1] == {"type": "ask", "intent": chosen}
    answers = {a.text for a in view.session.scenario.interview.answers[chosen]}
    assert view.session.data.transcript[-1].text in answers
    assert view.session.data.transcript[-1].text in interview.transcript_text()
    assert view.session.data.asked == {chosen: 1}


def test_a_follow_up_is_resolved_against_the_conversation(qtbot, window):
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "Whereabouts is the pain?")
    type_line(qtbot, interview, "how long?")
    assert view.session.actions[-1]["intent"] == "pain.duration"
    assert view.session.actions[-1]["follow_up"] is True
    assert "Since I hurt it lifting pallets" in interview.transcript_text()
    assert "Follow-up, taken as" in interview.understood.text()


def test_the_conversation_scrolls_to_the_newest_reply(qtbot, window):
    view, interview = start_interview(qtbot, window)
    interview.resize(700, 400)
    for intent in ("pain.location", "pain.function", "opioid.regimen", "opioid.cut_down",
                   "opioid.withdrawal", "life.relationships", "history.family", "support.people"):
        interview.apply({"type": "ask", "intent": intent})
    # an unclear question: the hint line grows
    type_line(qtbot, interview, "How are things going with the medication and everything?")
    bar = interview.transcript.verticalScrollBar()
    assert bar.maximum() > 0
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=2000)
    lines = interview.transcript.toPlainText().splitlines()
    asked = max(i for i, line in enumerate(lines) if line.startswith("You: How are things"))
    assert "what do you mean" in " ".join(lines[asked + 1:])  # the ask-back is the newest reply


def test_stigmatising_words_cost_rapport_and_are_pointed_out(qtbot, window):
    view, interview = start_interview(qtbot, window)
    before = view.session.data.rapport
    type_line(qtbot, interview, "Are you an addict?")
    assert view.session.data.rapport == before - 15
    assert "stigmatising" in interview.understood.text()
    assert view.card.rapport_bar.value() == before - 15


def test_a_validating_statement_raises_rapport(qtbot, window):
    view, interview = start_interview(qtbot, window)
    before = view.session.data.rapport
    type_line(qtbot, interview, "I believe you, this pain is real.")
    assert view.session.data.rapport == before + 10
    assert view.card.rapport_bar.value() == before + 10


def test_tracker_marks_carry_the_selected_evidence(qtbot, window):
    view, interview = start_interview(qtbot, window)
    qtbot.mouseClick(interview.validate_button, Qt.MouseButton.LeftButton)
    interview.apply({"type": "ask", "intent": "opioid.craving"})
    interview.disclosed.setCurrentRow(0)
    interview.criteria["craving"].click()
    assert view.session.data.marks["craving"].startswith("Strong urges")
    assert "Evidence: Strong urges" in interview.criteria["craving"].toolTip()


def test_typing_a_compound_question_answers_and_credits_both_parts(qtbot, window):
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "How are you sleeping these days? And have you had any falls?")
    action = view.session.actions[-1]
    assert (action["intent"], action["also"]) == ("life.sleep", ["safety.falls"])
    assert {"life.sleep", "safety.falls"} <= set(view.session.data.asked)
    falls = view.session.scenario.interview.answers["safety.falls"][0].text
    assert falls in interview.transcript_text()
    assert "Understood as" in interview.understood.text()


def test_body_language_comes_back_when_the_interview_is_shown_again(qtbot, window):
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "Do you get tablets from anywhere else?")  # he crosses his arms
    affect = view.session.data.transcript[-1].affect
    assert affect and affect in interview.transcript_text()
    again = InterviewView(view.session, view.apply, ask=view.ask)  # as on resume: from the transcript
    qtbot.addWidget(again)
    assert affect in again.transcript_text()
