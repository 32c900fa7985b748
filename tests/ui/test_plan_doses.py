"""The doses a prescriber writes go from the plan form to the session, the store, `play` and the
PDF report, and come back unchanged; a plan without them still loads as 'not written'."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    replayed = _stored_and_replayed(session, SCENARIO, tmp_path)
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
    assert view.wait_hint.text() == ("The chart: last opioid dose 2 hours ago, COWS 2 today, so the "
                                     "first dose comes at least 2 hours after it.")
    view.moud.setCurrentIndex(view.moud.findData("naltrexone_xr"))
    assert not view.wait_hint.isVisible() and view.naltrexone_hint.isVisible()
    assert view.naltrexone_hint.text() == ("The chart: last opioid dose 2 hours ago, so 0 opioid-free "
                                           "days so far.")


def _bup_form(view) -> None:
    view.opioid.setCurrentIndex(view.opioid.findData("switch_to_moud"))
    view.moud.setCurrentIndex(view.moud.findData("buprenorphine"))
    view.induction.setCurrentIndex(view.induction.findData("standard"))
    view.cows.setValue(10)
    view.wait.setValue(12)
    view.written["bup_day1_mg"].setValue(8)
    view.written["bup_target_mg"].setValue(16)


def _short_course_form(view) -> None:
    view.opioid.setCurrentIndex(view.opioid.findData("short_course"))
    view.moud.setCurrentIndex(view.moud.findData("none"))
    view.end_days.setValue(5)
    view.written["short_course_tablets"].setValue(15)
    form = view.written["formulation"]
    form.setCurrentIndex(form.findData("immediate_release"))


@pytest.mark.parametrize(
    ("case", "fill", "fields", "words"),
    [
        ("clbp-moderate-oud", _bup_form, {"bup_day1_mg": 8, "bup_target_mg": 16},
         "buprenorphine 8 mg on day 1, 16 mg a day to reach"),
        ("postop-acute", _short_course_form,
         {"short_course_tablets": 15, "end_date_days": 5, "formulation": "immediate_release"},
         "15 tablets, 5 days' supply; immediate-release"),
    ],
    ids=["buprenorphine-doses", "short-course-quantity"],
)
def test_every_written_field_round_trips_through_form_store_play_and_report(
        qtbot, tmp_path, case, fill, fields, words) -> None:
    """The buprenorphine doses, the short course's quantity and days and the formulation go from
    the form to the session, the store, a replay (what `play` runs) and the PDF, unchanged."""
    from simulator.engine.playthrough import load_actions
    from simulator.ui.report_pdf import write_report
    from simulator.ui.views.plan_view import PlanView

    scenario = load_scenario(ROOT / "scenarios" / f"{case}.yaml")
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / f"{case}.expert.yaml")
    upto = next(i for i, a in enumerate(actions) if a.get("type") == "plan")
    session = Session.replay(scenario, actions[:upto])
    applied: list[dict] = []
    view = PlanView(session, lambda a: applied.append(a) or True)
    qtbot.addWidget(view)
    fill(view)
    view.setting.setCurrentIndex(view.setting.findData("outpatient"))
    view.followup.setValue(7)
    view._submit()
    assert applied, view.status.text()
    payload = applied[0]
    assert {k: payload[k] for k in fields} == fields
    session.apply(payload)

    replayed = _stored_and_replayed(session, ROOT / "scenarios" / f"{case}.yaml", tmp_path)
    back = action_to_dict(replayed.data.plan)
    assert {k: back[k] for k in fields} == fields
    choices = plan_choices(replayed.data.plan)
    assert all(getattr(choices, k) == v for k, v in fields.items())
    timeline = [t.text for t in build_debrief(replayed).timeline]
    assert words in next(t for t in timeline if t.startswith("Plan:"))
    report = write_report(build_debrief(replayed), tmp_path / "r.pdf", trainee="Sam Okafor")
    assert words in " ".join(report.text.split())


def _stored_and_replayed(session: Session, path: Path, tmp_path: Path) -> Session:
    """``session``'s actions written to a history and read back, then replayed: what a resume does."""
    store = SessionStore(tmp_path / "s.sqlite3")
    sid = store.start(session.scenario.id, str(path))
    for action in session.actions:
        store.append(sid, action)
    stored = store.actions(sid)
    store.close()
    return Session.replay(session.scenario, stored)
