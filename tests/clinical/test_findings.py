"""Findings and citations, and the shared number check."""

import pytest

from simulator.clinical.errors import ClinicalInputError, require_number
from simulator.clinical.findings import Citation, finding


def test_finding_takes_its_source_from_the_catalogue():
    item = finding("tx.no_abrupt_stop", "critical", "stopped at once")
    assert item.critical and not item.passed
    assert "CDC22" in item.source and "Recommendation 5" in item.source
    assert finding("tx.taper_rate", "pass", "ok").passed


def test_finding_refuses_unknown_ids_and_severities():
    with pytest.raises(KeyError, match="unknown guidance id"):
        finding("tx.made_up", "pass", "x")
    with pytest.raises(ValueError, match="unknown severity"):
        finding("tx.taper_rate", "bad", "x")  # type: ignore[arg-type]


def test_citation_of():
    assert Citation.of("dx.severity_bands").source.startswith("DSM5")


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        (-1, {"allow_zero": True}, "zero or more"),
        (1, {"minimum": 2}, "at least 2"),
        (5, {"maximum": 4}, "at most 4"),
    ],
)
def test_require_number_messages(value, kwargs, message):
    with pytest.raises(ClinicalInputError, match=message):
        require_number(value, "x", **kwargs)


def test_require_number_accepts_zero_when_allowed():
    assert require_number(0, "x", allow_zero=True) == 0.0


def test_citation_can_be_narrowed_to_the_source_that_applies():
    assert Citation.of("tx.taper_rate", ("CDC22",)).source.startswith("CDC22")
    assert "A," not in finding("tx.taper_rate", "flag", "x", ("CDC22",)).source
    with pytest.raises(ValueError, match="no source with key"):
        Citation.of("tx.taper_rate", ("NIDA",))
