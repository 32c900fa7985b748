"""COWS: vectors COWS-T1..T6 and refusal of impossible values."""

import pytest

from simulator.clinical.cows import ITEM_IDS, ITEMS, band_for_total, pulse_score, score
from simulator.clinical.errors import ClinicalInputError


def rating(*values):
    return dict(zip(ITEM_IDS, values, strict=True))


def test_items_and_allowed_values():
    assert len(ITEMS) == 11
    assert {item.id: item.allowed for item in ITEMS} == {
        "pulse": (0, 1, 2, 4),
        "sweating": (0, 1, 2, 3, 4),
        "restlessness": (0, 1, 3, 5),
        "pupils": (0, 1, 2, 5),
        "aches": (0, 1, 2, 4),
        "runny_nose": (0, 1, 2, 4),
        "gi_upset": (0, 1, 2, 3, 5),
        "tremor": (0, 1, 2, 4),
        "yawning": (0, 1, 2, 4),
        "anxiety": (0, 1, 2, 4),
        "gooseflesh": (0, 3, 5),
    }
    assert sum(max(item.allowed) for item in ITEMS) == 48
    assert all(all(text for text in item.anchors.values()) for item in ITEMS)


@pytest.mark.parametrize(
    ("vector", "values", "total", "band"),
    [
        ("COWS-T1", (2, 1, 1, 1, 1, 1, 2, 0, 1, 1, 0), 11, "mild"),
        ("COWS-T2", (4, 3, 3, 2, 2, 2, 3, 2, 2, 2, 3), 28, "moderately severe"),
        ("COWS-T3", (4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5), 48, "severe"),
        ("zero", (0,) * 11, 0, "none"),
    ],
)
def test_vectors(vector, values, total, band):
    result = score(rating(*values))
    assert (result.total, result.band) == (total, band), vector
    assert result.items[0] == ("pulse", values[0])
    assert result.citation.guidance_id == "calc.cows"


def test_cows_t1_with_pulse_rate():
    values = rating(2, 1, 1, 1, 1, 1, 2, 0, 1, 1, 0)
    del values["pulse"]
    assert score(values, pulse_bpm=104).total == 11
    assert score(rating(2, 1, 1, 1, 1, 1, 2, 0, 1, 1, 0), pulse_bpm=104).total == 11


def test_disagreeing_pulse_is_refused():
    with pytest.raises(ClinicalInputError, match="does not match a resting pulse of 130"):
        score(rating(2, 1, 1, 1, 1, 1, 2, 0, 1, 1, 0), pulse_bpm=130)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "none"),
        (5, "mild"),
        (12, "mild"),
        (13, "moderate"),
        (24, "moderate"),
        (25, "moderately severe"),
        (36, "moderately severe"),
        (37, "severe"),
        (48, "severe"),
    ],
)
def test_cows_t4_band_boundaries(total, band):
    assert band_for_total(total) == band


@pytest.mark.parametrize("total", [-1, 49, 12.5, True])
def test_impossible_totals(total):
    with pytest.raises(ClinicalInputError, match="0 to 48"):
        band_for_total(total)


@pytest.mark.parametrize(
    ("item", "value"),
    [("restlessness", 2), ("gooseflesh", 4), ("gi_upset", 4), ("pupils", 3), ("pulse", 3)]
    + [("sweating", -1), ("yawning", 1.5), ("anxiety", True), ("tremor", "2")],
)
def test_cows_t5_values_off_the_anchors_are_refused(item, value):
    values = rating(*(0,) * 11)
    values[item] = value
    with pytest.raises(ClinicalInputError, match=f"{item} cannot score .* allowed values are"):
        score(values)


@pytest.mark.parametrize(
    ("bpm", "expected"),
    [(80, 0), (81, 1), (100, 1), (101, 2), (120, 2), (121, 4), (60, 0), (100.5, 2)],
)
def test_cows_t6_pulse_mapping(bpm, expected):
    assert pulse_score(bpm) == expected


@pytest.mark.parametrize("bpm", [0, -70, 10, 400])
def test_impossible_pulse(bpm):
    with pytest.raises(ClinicalInputError, match="resting pulse"):
        pulse_score(bpm)


def test_missing_and_unknown_items():
    values = rating(*(0,) * 11)
    del values["yawning"]
    with pytest.raises(ClinicalInputError, match="missing: yawning"):
        score(values)
    with pytest.raises(ClinicalInputError, match="unknown COWS item 'sneezing'"):
        score(rating(*(0,) * 11) | {"sneezing": 1})
