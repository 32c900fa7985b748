"""MME calculator against the reference's vectors (MME-T1..T18) and nonsense input."""

import math

import pytest

from simulator.clinical import catalogue
from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.mme import (
    FACTORS_2022,
    Regimen,
    daily_mme,
    methadone_mme_2016,
    normalise_drug,
    total_mme,
)


@pytest.mark.parametrize(
    ("vector", "drug", "strength", "per_dose", "times", "expected"),
    [
        ("MME-T1", "hydrocodone", 5, 1, 4, 20),
        ("MME-T2", "oxycodone", 10, 1, 2, 30),
        ("MME-T3", "oxycodone", 30, 1, 3, 135),
        ("MME-T4", "fentanyl_patch", 25, 1, 1, 60),
        ("MME-T5", "fentanyl_patch", 75, 1, 1, 180),
        ("MME-T6", "methadone", 10, 1, 2, 94),
        ("MME-T7", "methadone", 20, 1, 2, 188),
        ("MME-T8", "methadone", 30, 1, 2, 282),
        ("MME-T9", "methadone", 40, 1, 2, 376),
        ("MME-T10", "hydromorphone", 4, 1, 6, 120),
        ("MME-T11", "tramadol", 50, 1, 4, 40),
        ("MME-T12", "tapentadol", 100, 1, 2, 80),
        ("MME-T13", "codeine", 60, 1, 4, 36),
        ("MME-T14", "oxymorphone", 10, 1, 2, 60),
        ("MME-T15", "morphine", 30, 1, 2, 60),
        ("MME-T18", "hydrocodone", 10, 1, 6, 60),
    ],
)
def test_reference_vectors(vector, drug, strength, per_dose, times, expected):
    result = daily_mme(drug, strength, per_dose, times)
    assert result.value == pytest.approx(expected), vector
    assert result.citation.guidance_id == "calc.mme"
    assert "CDC22" in result.citation.source
    assert result.breakdown[0].factor == FACTORS_2022[drug]


def test_mme_t16_two_drugs_with_breakdown():
    result = total_mme([Regimen("oxycodone", 10, 1, 4), Regimen("morphine ", 15, 1, 2)])
    assert result.value == 90
    assert [(line.drug, line.mme) for line in result.breakdown] == [
        ("oxycodone", 60),
        ("morphine", 30),
    ]
    assert result.band == "high"


def test_mme_t17_buprenorphine_is_refused_with_a_reason():
    for name in ("buprenorphine", "Buprenorphine/naloxone", "Suboxone", "butrans patch"):
        with pytest.raises(ClinicalInputError, match="buprenorphine has no MME conversion factor"):
            daily_mme(name, 16)


@pytest.mark.parametrize(
    ("daily_mg", "expected"), [(20, 80), (40, 320), (60, 600), (80, 960), (100, 1200), (5, 20)]
)
def test_methadone_2016_tiers(daily_mg, expected):
    assert methadone_mme_2016(daily_mg) == expected


def test_methadone_note_compares_with_2016_figures():
    result = daily_mme("methadone", 40, 1, 2)
    assert any("2016" in note and "960" in note and "376" in note for note in result.notes)
    assert any("opioid use disorder" in note for note in result.notes)


def test_patch_counts_patches_worn_together_and_refuses_times_a_day():
    assert daily_mme("Fentanyl patch", 25, per_dose=2).value == 120
    assert daily_mme("transdermal fentanyl", 12).value == pytest.approx(28.8)
    assert daily_mme("fentanyl_patch", 25).breakdown[0].unit == "mcg/hr"
    with pytest.raises(ClinicalInputError, match="mcg/hr"):
        daily_mme("fentanyl_patch", 25, times_per_day=3)


def test_plain_fentanyl_asks_for_the_patch():
    with pytest.raises(ClinicalInputError, match="fentanyl_patch"):
        normalise_drug("fentanyl")


def test_half_tablets_are_allowed():
    assert daily_mme("oxycodone", 10, per_dose=0.5, times_per_day=2).value == 15


@pytest.mark.parametrize(
    ("total", "band"), [(49.9, "standard"), (50, "caution"), (89.9, "caution"), (90, "high")]
)
def test_bands(total, band):
    result = daily_mme("morphine", total)
    assert result.band == band
    assert any("naloxone" in note for note in result.notes) is (band != "standard")
    assert any("2016" in note for note in result.notes) is (band == "high")


def test_every_result_warns_against_dose_conversion_and_notes_drug_cautions():
    assert "substantially lower" in daily_mme("morphine", 10).notes[-1]
    assert any("serotonin" in note for note in daily_mme("tramadol", 50).notes)
    assert any("noradrenaline" in note for note in daily_mme("tapentadol", 50).notes)
    assert any("heat" in note for note in daily_mme("fentanyl_patch", 12).notes)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("oxycodone", -5), "must be more than zero"),
        (("oxycodone", 0), "must be more than zero"),
        (("oxycodone", 10, 0), "units per dose must be more than zero"),
        (("oxycodone", 10, 1, -1), "doses per day must be more than zero"),
        (("oxycodone", 10, 1, 30), "at most 24"),
        (("oxycodone", 1e308), "at most 10000"),
        (("oxycodone", 10, 101), "at most 100"),
        (("oxycodone", math.nan), "finite"),
        (("oxycodone", math.inf), "finite"),
        (("oxycodone", "ten"), "must be a number"),
        (("oxycodone", True), "must be a number"),
        (("aspirin", 10), "unknown opioid 'aspirin'"),
        (("", 10), "name the opioid"),
        ((None, 10), "name the opioid"),
    ],
)
def test_nonsense_is_refused(args, message):
    with pytest.raises(ClinicalInputError, match=message):
        daily_mme(*args)


def test_empty_regimen_is_refused():
    with pytest.raises(ClinicalInputError, match="at least one opioid"):
        total_mme([])


def test_clinical_input_error_is_a_value_error():
    assert issubclass(ClinicalInputError, ValueError)


def test_calc_mme_is_catalogued():
    assert catalogue.get("calc.mme").level == "CDC 2022"
