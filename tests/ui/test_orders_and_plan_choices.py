"""Orders in the plan form, and a visit that offers only the choices true of the plan, as the
trainee meets them in the methadone-QTc teaching case (tests/fixtures/cases/methadone-qtc.yaml)."""

from __future__ import annotations

from fixtures.qtc_case import BEFORE_PLAN, CASE

from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.ui.views.plan_view import PlanView
from simulator.ui.views.visit_view import VisitView


def test_the_plan_form_places_orders(qtbot):
    session = Session.replay(load_scenario(CASE), BEFORE_PLAN)
    applied = []
    view = PlanView(session, lambda action: applied.append(action) or True)
    qtbot.addWidget(view)
    assert view.orders["ecg"].text() == "ECG (QTc interval)"
    assert "QTc" in view.orders["ecg"].toolTip()
    view.opioid.setCurrentIndex(view.opioid.findData("continue"))
    view.moud.setCurrentIndex(view.moud.findData("none"))
    view.setting.setCurrentIndex(view.setting.findData("outpatient"))
    view.followup.setValue(14)
    view.orders["ecg"].setChecked(True)
    view.orders["sleep_referral"].setChecked(True)
    view._submit()
    assert applied and applied[0]["orders"] == ["ecg", "sleep_referral"]


def test_the_visit_shows_the_result_and_only_the_choices_true_of_the_plan(qtbot):
    plan = {"type": "plan", "opioid": "continue", "naloxone": True, "followup_days": 14,
            "orders": ["ecg", "electrolytes", "sleep_referral"]}
    session = Session.replay(load_scenario(CASE), [*BEFORE_PLAN, plan, {"type": "advance"}])
    view = VisitView(session, session.state, lambda action: True)
    qtbot.addWidget(view)
    assert list(view.buttons) == ["follow_sleep_referral", "raise_dose"]
    texts = " ".join(w.text() for w in view.findChildren(type(view.feedback)))
    assert "Repeat ECG: QTc 481 ms" in texts
