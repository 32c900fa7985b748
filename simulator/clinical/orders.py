"""Orders: the tests, referrals and reviews a clinician can request in a plan or at a visit.

One vocabulary for the plan form, visit decisions, the safety rules and the docs. Each order
names the guidance it serves and what it does: most bring a result to a later visit (the case
says what the result is, ``orders:`` in the scenario file; the order says how many days it
usually takes). An order without a result (a referral) is simply recorded.

The orders and why they matter (sources in docs/SAFETY.md and the guidance catalogue):

- ECG and electrolytes before and during methadone: Krantz et al. 2009 (tx.methadone_qtc);
- liver and kidney tests: opioid choice and dose in organ impairment (CDC 2022 Rec 8, tx.monitoring);
- confirmatory (laboratory) urine test after an unexpected screen (CDC 2022 Rec 10, tx.monitoring);
- sleep study or sleep-clinic referral for suspected or untreated sleep apnoea (AASM 2019
  position statement on chronic opioid therapy and sleep; tx.sleep_apnoea);
- referrals (pain, addiction medicine, mental health, cardiology) and a pharmacist's
  interaction review (QT-prolonging and CYP3A4 drugs with methadone: Krantz rec. 5).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Order:
    """One order: ``id`` (used in scenario files and expressions), its words, the guidance it
    serves, and the usual days until its result (0: no result, e.g. a referral)."""

    id: str
    label: str
    guidance: str
    purpose: str
    result_days: int = 0


ORDERS: tuple[Order, ...] = (
    Order("ecg", "ECG (QTc interval)", "tx.methadone_qtc",
          "Measures the QTc before and during methadone or with other QT-prolonging drugs.", 2),
    Order("electrolytes", "Potassium, magnesium and calcium", "tx.methadone_qtc",
          "Low potassium or magnesium lengthens the QTc further.", 2),
    Order("liver_tests", "Liver function tests", "tx.monitoring",
          "Liver disease slows the clearance of most opioids.", 3),
    Order("kidney_tests", "Kidney function (creatinine, eGFR)", "tx.monitoring",
          "Reduced kidney function lets morphine, codeine and tramadol build up.", 3),
    Order("confirmatory_urine", "Confirmatory urine test (laboratory)", "tx.monitoring",
          "Confirms an unexpected screening result before anything is decided on it.", 5),
    Order("sleep_study", "Sleep study", "tx.sleep_apnoea",
          "Confirms sleep apnoea and how severe it is.", 28),
    Order("sleep_referral", "Sleep clinic referral (CPAP)", "tx.sleep_apnoea",
          "Treats sleep apnoea, which opioids make worse.", 0),
    Order("interaction_review", "Medication interaction review", "tx.methadone_qtc",
          "A pharmacist checks QT-prolonging, serotonergic and CYP3A4 interactions.", 3),
    Order("referral_pain", "Pain specialist referral", "tx.multimodal",
          "Specialist pain care for complex or refractory pain.", 0),
    Order("referral_addiction", "Addiction medicine referral", "tx.mat_for_oud",
          "Specialist assessment and treatment of opioid use disorder.", 0),
    Order("referral_mental_health", "Mental health referral", "tx.integrated_care",
          "Care for depression, anxiety or trauma alongside the pain plan.", 0),
    Order("referral_cardiology", "Cardiology referral", "tx.methadone_qtc",
          "Advice on a long QTc, arrhythmia or structural heart disease.", 0),
)

BY_ID: dict[str, Order] = {o.id: o for o in ORDERS}


def order_label(order_id: str) -> str:
    """The words for an order id."""
    order = BY_ID.get(order_id)
    return order.label if order else order_id.replace("_", " ")
