"""Risk factors and the Opioid Risk Tool: vectors ORT-T1..T5 and edge cases."""

import pytest

from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.risk import (
    ORT_ITEMS,
    RISK_FACTOR_IDS,
    RISK_FACTORS,
    ort_band,
    ort_score,
)


def test_the_six_seed_factors_with_implications():
    assert RISK_FACTOR_IDS == (
        "prior_substance_use",
        "anxiety_depression",
        "family_history",
        "higher_dose",
        "longer_duration",
        "childhood_trauma",
    )
    assert all(f.title and f.implication.endswith(".") for f in RISK_FACTORS)
    implication = {f.id: f.implication for f in RISK_FACTORS}
    assert "non-opioid" in implication["prior_substance_use"]
    assert "trauma-informed" in implication["childhood_trauma"]
    assert "lowest dose" in implication["higher_dose"]


def test_ort_weights_and_maximum():
    assert sum(i.female for i in ORT_ITEMS) == 26
    assert sum(i.male for i in ORT_ITEMS) == 26


@pytest.mark.parametrize(
    ("vector", "sex", "age", "items", "score", "band"),
    [
        ("ORT-T1", "female", 35, {"personal_alcohol", "depression"}, 5, "moderate"),
        ("ORT-T2", "male", 50, {"family_alcohol"}, 3, "low"),
        (
            "ORT-T3",
            "F",
            30,
            {"preadolescent_sexual_abuse", "family_illegal_drugs", "depression"},
            7,
            "moderate",
        ),
        (
            "ORT-T4",
            "m",
            28,
            {"personal_prescription_drugs", "family_prescription_drugs"},
            10,
            "high",
        ),
        ("ORT-T5", "male", 40, {"preadolescent_sexual_abuse"}, 1, "low"),
    ],
)
def test_ort_vectors(vector, sex, age, items, score, band):
    result = ort_score(sex, age, items)
    assert (result.score, result.band) == (score, band), vector
    assert result.citation.guidance_id == "risk.ort"


def test_ort_points_and_factors():
    result = ort_score("female", 35, ["personal_alcohol", "depression"])
    assert result.points == (("personal_alcohol", 3), ("age_16_45", 1), ("depression", 1))
    assert [f.id for f in result.factors] == ["prior_substance_use", "anxiety_depression"]
    assert ort_score("male", 46, []).score == 0
    assert ort_score("male", 16, "depression").score == 2


@pytest.mark.parametrize(
    ("score", "band"), [(0, "low"), (3, "low"), (4, "moderate"), (7, "moderate"), (8, "high")]
)
def test_ort_band(score, band):
    assert ort_band(score) == band


@pytest.mark.parametrize("score", [-1, 27, 3.5, True])
def test_ort_band_refuses_impossible(score):
    with pytest.raises(ClinicalInputError, match="0 to 26"):
        ort_band(score)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x", 30, []), "sex must be female or male"),
        ((None, 30, []), "sex must be female or male"),
        (("female", -3, []), "age"),
        (("female", 130, []), "age"),
        (("female", 30, ["gambling"]), "unknown ORT item 'gambling'"),
        (("female", 30, ["age_16_45"]), "set from the age"),
    ],
)
def test_ort_nonsense(args, message):
    with pytest.raises(ClinicalInputError, match=message):
        ort_score(*args)
