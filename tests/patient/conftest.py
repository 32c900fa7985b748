"""Shared by the conversation tests: the two bundled patients, loaded once per module."""

from __future__ import annotations

import pytest
from fixtures.interview import STABLE
from fixtures.scenario_text import SCENARIO

from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def marcus():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def ruth():
    return load_scenario(STABLE)
