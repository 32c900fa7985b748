"""The ids that several packages name must agree, so a rename cannot split them."""

from simulator.clinical import dsm5, risk
from simulator.patient import understanding
from simulator.scenario import vocabulary as vocab


def test_dsm5_criteria_ids_agree_with_the_clinical_core():
    assert vocab.ids(vocab.DSM5_CRITERIA) == tuple(c.id for c in dsm5.CRITERIA)
    assert set(vocab.DSM5_SHORT) == set(vocab.ids(vocab.DSM5_CRITERIA))


def test_risk_factor_ids_agree_with_the_clinical_core():
    assert set(vocab.ids(vocab.RISK_FACTORS)) == {f.id for f in risk.RISK_FACTORS}


def test_question_bank_covers_exactly_the_intents_the_model_knows():
    assert vocab.intent_ids() == understanding.intent_ids()
