"""The doses a prescriber writes go from the plan form to the session, the store, `play` and the
PDF report, and come back unchanged; a plan without them still loads as 'not written'."""

from __future__ import annotations

from pathlib import Path

from simulator.engine.actions import action_to_dict, plan_choices
from simulator.engine.session import Session
from simulator.records.store import SessionStore
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "severe-oud-overdose.yaml"


def _form_plan(qtbot) -> dict:
    from simulator.ui.views.plan_view import PlanView

    applied: list[dict] = []
    view = PlanView(Session(load_scenario(SCENARIO)), lambda a: applied.append(a) or True)
    qtbot.addWidget(view)
    assert not view.written["methadone_start_mg"].isEnabled()  # only with methadone chosen
    view.opioid.setCurrentIndex(view.opioid.findData("switch_to_moud"))
    view.moud.setCurrentIndex(view.moud.findData("methadone"))
    view.methadone_route.setCurrentIndex(view.methadone_route.findData("otp"))
    view.setting.setCurrentIndex(view.setting.findData("outpatient"))
    view.followup.setValue(7)
    assert view.written["methadone_start_mg"].isEnabled()
    assert view.written["methadone_start_mg"].text() == "not written"
    view.written["methadone_start_mg"].setValue(30)
    view.written["methadone_step_mg"].setValue(5)
    view.written["methadone_step_days"].setValue(4)
    benzo = view.written["benzodiazepine"]
    benzo.setCurrentIndex(benzo.findData("taper"))
    view._submit()
    assert applied, view.status.text()
    return applied[0]


def test_written_doses_round_trip_through_form_store_play_and_report(qtbot, tmp_path) -> None:
    payload = _form_plan(qtbot)
    assert payload["methadone_start_mg"] == 30 and payload["benzodiazepine"] == "taper"
    assert "bup_day1_mg" not in payload  # a field left unwritten is not sent

    scenario = load_scenario(SCENARIO)
    session = Session(scenario)
    for action in ({"type": "advance"}, {"type": "ask", "intent": "pain.severity"},
                   {"type": "ask", "intent": "opioid.regimen"}, {"type": "ask", "intent": "opioid.craving"},
                   {"type": "advance"},
                   {"type": "assess", "diagnosis": "oud", "criteria": [], "supervised_use": False,
                    "severity": "severe"},
                   {"type": "advance"}, payload):
        session.apply(action)
    store = SessionStore(tmp_path / "s.sqlite3")
    sid = store.start(scenario.id, str(SCENARIO))
    for action in session.actions:
        store.append(sid, action)
    stored = store.actions(sid)
    store.close()
    replayed = Session.replay(scenario, stored)
    choices = plan_choices(replayed.data.plan)
    assert (choices.methadone_start_mg, choices.methadone_step_mg, choices.methadone_step_days) == (30, 5, 4)
    assert choices.benzodiazepine == "taper"
    assert action_to_dict(replayed.data.plan)["methadone_start_mg"] == 30

    timeline = [t.text for t in build_debrief(replayed).timeline]
    plan_line = next(t for t in timeline if t.startswith("Plan:"))
    assert "methadone 30 mg on day 1, up 5 mg every 4 days" in plan_line
    assert "taper the benzodiazepine gradually" in plan_line

    from simulator.ui.report_pdf import write_report

    report = write_report(build_debrief(replayed), tmp_path / "r.pdf", trainee="Sam Okafor")
    assert "methadone 30 mg on day 1" in " ".join(report.text.split())


def test_the_plan_form_shows_the_charts_last_dose_beside_the_start_it_times(qtbot) -> None:
    from simulator.ui.views.plan_view import PlanView

    view = PlanView(Session(load_scenario(ROOT / "scenarios" / "clbp-moderate-oud.yaml")),
                    lambda a: True)
    qtbot.addWidget(view)
    view.show()
    assert not view.wait_hint.isVisible() and not view.naltrexone_hint.isVisible()  # nothing chosen
    view.moud.setCurrentIndex(view.moud.findData("buprenorphine"))
    view.induction.setCurrentIndex(view.induction.findData("standard"))
    assert view.wait_hint.isVisible()
    assert view.wait_hint.text() == ("The chart: last opioid dose 2 hours ago, so the first dose "
                                     "comes at least 2 hours after it.")
    view.moud.setCurrentIndex(view.moud.findData("naltrexone_xr"))
    assert not view.wait_hint.isVisible() and view.naltrexone_hint.isVisible()
    assert view.naltrexone_hint.text() == ("The chart: last opioid dose 2 hours ago, so 0 opioid-free "
                                           "days so far.")
