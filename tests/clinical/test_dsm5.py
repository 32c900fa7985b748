"""DSM-5 opioid use disorder: vectors DSM-T1..T9, the supervised-use rule and remission."""

import pytest

from simulator.clinical.dsm5 import CRITERIA, CRITERION_IDS, assess, severity_for_count
from simulator.clinical.errors import ClinicalInputError

ALL = set(CRITERION_IDS)
PAST_EPISODE = ["larger_longer", "cut_down", "time_spent", "role_failure"]


def test_criteria_are_the_eleven_in_dsm_order():
    assert CRITERION_IDS == (
        "larger_longer",
        "cut_down",
        "time_spent",
        "craving",
        "role_failure",
        "social_problems",
        "activities_given_up",
        "hazardous_use",
        "use_despite_harm",
        "tolerance",
        "withdrawal",
    )
    assert [c.number for c in CRITERIA] == list(range(1, 12))
    assert all(c.title and c.description.endswith(".") for c in CRITERIA)


@pytest.mark.parametrize(
    ("vector", "criteria", "supervised", "count", "severity"),
    [
        ("DSM-T1", {"tolerance", "withdrawal"}, True, 0, "none"),
        ("DSM-T2", {"tolerance", "withdrawal", "craving"}, True, 1, "none"),
        ("DSM-T3", {"craving", "larger_longer", "tolerance", "withdrawal"}, True, 2, "mild"),
        ("DSM-T4", {"craving", "larger_longer", "tolerance", "withdrawal"}, False, 4, "moderate"),
        (
            "DSM-T5",
            {"larger_longer", "cut_down", "time_spent", "craving", "role_failure"} | {"use_despite_harm"},
            True,
            6,
            "severe",
        ),
        ("DSM-T6", ALL, False, 11, "severe"),
    ],
)
def test_current_vectors(vector, criteria, supervised, count, severity):
    result = assess(criteria, supervised)
    assert (result.count, result.severity) == (count, severity), vector
    assert result.has_oud is (severity != "none")
    assert result.status == ("none" if severity == "none" else "current")
    assert result.citations[0].guidance_id == "dx.severity_bands"


def test_supervised_rule_is_explained_and_cited():
    result = assess({"tolerance", "withdrawal"}, supervised_prescribed_only=True)
    assert result.label == "No opioid use disorder"
    assert [e.criterion for e in result.excluded] == ["tolerance", "withdrawal"]
    assert "prescribed under medical supervision" in result.excluded[0].reason
    assert "dx.supervised_exclusion" in {c.guidance_id for c in result.citations}
    assert "physical dependence" in result.explanation[0]
    assert "at least 2" in result.explanation[-1]


def test_all_eleven_supervised_counts_nine():
    result = assess(ALL, True)
    assert result.count == 9
    assert "tolerance" not in result.counted


def test_counted_criteria_come_back_in_dsm_order():
    result = assess(["withdrawal", "craving", "larger_longer"], False)
    assert result.counted == ("larger_longer", "craving", "withdrawal")
    assert result.label == "Opioid use disorder, mild"


def test_dsm_t7_early_remission_with_craving_allowed():
    timeline = {c: [6, 10] for c in PAST_EPISODE} | {"craving": [0, 2, 5, 9]}
    result = assess(timeline, False)
    assert result.status == "early remission"
    assert result.severity == "moderate"  # 5 criteria when last fully met
    assert result.label == "Opioid use disorder, moderate, in early remission"
    assert "dx.remission" in {c.guidance_id for c in result.citations}


def test_dsm_t8_sustained_remission_on_maintenance():
    timeline = {c: [14, 20] for c in PAST_EPISODE + ["tolerance", "withdrawal"]}
    timeline |= {"craving": [1, 15]}
    result = assess(timeline, False, on_maintenance_therapy=True)
    assert result.status == "sustained remission"
    assert result.specifiers == ("in sustained remission", "on maintenance therapy")
    assert result.severity == "severe"


def test_maintenance_ignores_current_tolerance_and_withdrawal_for_remission():
    timeline = {c: 14 for c in PAST_EPISODE} | {"tolerance": [0, 14], "withdrawal": 0}
    assert assess(timeline, False, on_maintenance_therapy=True).status == "sustained remission"
    assert assess(timeline, False).status == "current"


def test_maintenance_medicine_effects_alone_are_not_a_disorder():
    result = assess({"tolerance", "withdrawal", "craving"}, False, on_maintenance_therapy=True)
    assert result.count == 1
    assert "maintenance medicine" in result.excluded[0].reason


def test_remission_boundaries_and_controlled_environment():
    def status(months):
        return assess({c: months for c in PAST_EPISODE}, False).status

    assert status(2.9) == "current"
    assert status(3) == "early remission"
    assert status(11.9) == "early remission"
    assert status(12) == "sustained remission"
    result = assess({c: 4 for c in PAST_EPISODE}, False, controlled_environment=True)
    assert result.specifiers == ("in early remission", "in a controlled environment")
    assert assess(set(PAST_EPISODE), False, controlled_environment=True).specifiers == ()


def test_dsm_t9_two_criteria_eighteen_months_apart_are_not_added():
    result = assess({"craving": 0, "cut_down": 18}, False)
    assert result.count == 1
    assert not result.has_oud
    assert [e.criterion for e in result.excluded] == ["cut_down"]
    assert "outside the 12-month period" in result.explanation[0]


def test_window_is_twelve_months_inclusive():
    assert assess({"craving": 0, "cut_down": 12}, False).count == 2
    assert assess({"craving": 0, "cut_down": 12.5}, False).count == 1


def test_best_window_wins_over_the_most_recent():
    timeline = {"craving": 0, "cut_down": 20, "time_spent": 22, "role_failure": 25}
    result = assess(timeline, False)
    assert result.counted == ("cut_down", "time_spent", "role_failure")
    # craving only since, so the earlier disorder is in sustained remission
    assert result.status == "sustained remission"


@pytest.mark.parametrize(
    ("n", "severity"),
    [(0, "none"), (1, "none"), (2, "mild"), (3, "mild"), (4, "moderate"), (5, "moderate")]
    + [(n, "severe") for n in range(6, 12)],
)
def test_severity_for_count(n, severity):
    assert severity_for_count(n) == severity


@pytest.mark.parametrize("n", [-1, 12, 2.5, True, "3"])
def test_severity_for_count_refuses_impossible_counts(n):
    with pytest.raises(ClinicalInputError, match="0 to 11"):
        severity_for_count(n)


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"cravings"}, "unknown DSM-5 criterion 'cravings'"),
        ("craving", "not a single string"),
        ({"craving": []}, "at least one time"),
        ({"craving": -1}, "months ago for craving"),
        ({"craving": "recent"}, "must be a number, not 'recent'"),
    ],
)
def test_nonsense_is_refused(criteria, message):
    with pytest.raises(ClinicalInputError, match=message):
        assess(criteria, False)
