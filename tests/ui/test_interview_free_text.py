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


def test_off_topic_questions_are_declined_in_character(qtbot, window):
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "Did you watch the football last night?")
    assert "keep to why I'm here" in interview.transcript_text()
    assert view.session.data.unmatched == []  # declined, not logged as misunderstood


def test_gibberish_is_declined(qtbot, window):
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "blorf zzzt wibble?")
    assert view.session.actions[-1]["intent"] is None


def test_an_unclear_question_is_logged_and_suggestions_can_be_clicked(qtbot, window, monkeypatch):
    from simulator.patient import turn
    from simulator.patient.understanding import Match

    unclear = Match(None, 0.08, (("opioid.craving", 0.08), ("opioid.cut_down", 0.05)), False)
    monkeypatch.setattr(turn, "match_question", lambda text: unclear)
    view, interview = start_interview(qtbot, window)
    type_line(qtbot, interview, "what about the thingy with the stuff?")
    assert "not sure what you mean" in interview.transcript_text()
    assert view.session.data.unmatched == ["what about the thingy with the stuff?"]
    assert "Did you mean" in interview.understood.text()
    interview.understood.linkActivated.emit("opioid.craving")  # the trainee clicks a suggestion
    assert view.session.actions[-1] == {"type": "ask", "intent": "opioid.craving"}
    assert "I wouldn't say craving" in interview.transcript_text()


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
