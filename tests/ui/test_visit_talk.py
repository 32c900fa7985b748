"""At a follow-up visit the trainee types a question to the patient and scores COWS from the
signs, in the visit view; both are saved, so a resumed session shows them again."""

from __future__ import annotations

from fixtures.scenario_text import POOR, SCENARIO
from PySide6.QtCore import Qt

from simulator.control.controller import SessionController
from simulator.control.dialogs import ScriptedDialogs
from simulator.engine.playthrough import load_actions
from simulator.records.store import SessionStore
from simulator.scenario.loader import load_scenario
from simulator.ui.session_view import SessionView
from simulator.ui.views.visit_view import VisitView


def test_typing_a_question_at_a_visit_gets_an_answer_that_resume_shows_again(qtbot, tmp_path):
    scenario = load_scenario(SCENARIO)
    store = SessionStore(tmp_path / "sessions.db")
    ctl = SessionController.start(scenario, str(SCENARIO), store, ScriptedDialogs())
    for action in load_actions(POOR)[0]:
        if ctl.session.phase == "visit":
            break
        assert ctl.apply(action).accepted
    view = SessionView(ctl)
    qtbot.addWidget(view)
    visit = view.view
    assert isinstance(visit, VisitView)
    first = scenario.patient.name.split()[0]

    qtbot.keyClicks(visit.question, "Any cravings since I last saw you?")
    qtbot.keyClick(visit.question, Qt.Key.Key_Return)
    said = [visit.talk.itemAt(i).widget().text() for i in range(visit.talk.count())]
    assert said[0] == "You: Any cravings since I last saw you?"
    assert said[1].startswith(f"{first}: \u201c") and visit.question.text() == ""

    # the earlier steps' review keeps the interview's talk apart from the visit's
    from simulator.ui.review import review_widget

    decide = [a for a in load_actions(POOR)[0] if a["type"] == "decide"][0]
    assert ctl.apply(decide).accepted
    asked = "Any cravings since I last saw you?"
    assert asked not in review_widget(ctl.session, "interview").toPlainText()
    assert f"You: {asked}" in review_widget(ctl.session, "visit").toPlainText()

    today = ctl.session.context()["course.cows"]
    assert not visit.cows_form.isVisibleTo(visit)  # folded until asked for
    qtbot.mouseClick(visit.cows_toggle, Qt.MouseButton.LeftButton)
    assert visit.cows_form.isVisibleTo(visit)
    qtbot.mouseClick(visit.cows_record, Qt.MouseButton.LeftButton)  # every sign left at 0
    assert visit.cows_note.text().startswith("You scored COWS 0 of 48 (none)")
    assert f"add up to {today}" in visit.cows_note.text()

    sid = ctl.session_id
    ctl.close()
    again = SessionController.resume(store, sid, ScriptedDialogs())
    resumed = SessionView(again)
    qtbot.addWidget(resumed)
    shown = [resumed.view.talk.itemAt(i).widget().text() for i in range(resumed.view.talk.count())]
    assert shown == said
    assert resumed.view.cows_note.text() == visit.cows_note.text()
    assert resumed.view.cows_form.isVisibleTo(resumed.view)  # a recorded score is shown open
    again.close()
    store.close()
