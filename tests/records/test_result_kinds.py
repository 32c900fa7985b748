"""Results that carry plan-safety findings and items that did not apply stay honest downstream.

The debrief can hold two kinds of entries besides plain rubric items: a plan-safety finding
(``kind: safety``, worth 0 points, ``earned`` = minus the points it costs, often critical) and a
rubric item whose ``applies`` condition did not hold (left out of the score). These records are
written by hand in that format, apart from any scenario.
"""

from __future__ import annotations

import copy

from fixtures.lrs_server import XAPI_MODELS

from simulator.records import cohort, export, progress, xapi

ATTEMPT = {
    "format": "opioid-care-simulator/attempt/1",
    "attempt": "0b4f1b7e-5a8c-5d1e-9a43-2f0c6d7e8a91",
    "trainee": "Rosa M",
    "scenario": "fentanyl-benzo",
    "title": "Fentanyl patch with nightly diazepam",
    "started_at": "2026-11-10T14:00:00+00:00",
    "finished_at": "2026-11-10T14:35:00+00:00",
    "finished": True,
    "actions": [],
    "steps": [],
    "report": {
        "scenario": "fentanyl-benzo",
        "title": "Fentanyl patch with nightly diazepam",
        "score": 9,
        "max_score": 20,
        "percent": 45,
        "critical": ["tx.sedatives"],
        "domains": [{"domain": "plan", "title": "Plan", "earned": 9, "max": 20}],
        "timeline": [],
        "items": [
            {"id": "plan-naloxone", "guidance": "tx.naloxone", "domain": "plan", "title": "Offered naloxone",
             "earned": 5, "max": 5, "critical": False, "kind": "rubric", "applies": True,
             "source": "CDC 2022"},
            {"id": "plan-taper", "guidance": "tx.taper_rate", "domain": "plan", "title": "Tapered slowly",
             "earned": 4, "max": 10, "critical": False, "kind": "rubric", "applies": True,
             "source": "CDC 2022"},
            {"id": "plan-otp", "guidance": "tx.methadone_otp", "domain": "plan",
             "title": "Methadone via an OTP",
             "earned": 0, "max": 5, "critical": False, "kind": "rubric", "applies": False,
             "source": "SAMHSA"},
            {"id": "safety-sedatives", "guidance": "tx.sedatives", "domain": "plan",
             "title": "Kept a benzodiazepine alongside the opioid without a plan", "earned": -4, "max": 0,
             "critical": True, "kind": "safety", "applies": True, "source": "CDC 2022, Recommendation 11"},
        ],
    },
}  # fmt: skip


def second_attempt():
    """Rosa again: the safety finding gone, the taper now right."""
    again = copy.deepcopy(ATTEMPT)
    again["attempt"] = "7c1d2e3f-4a5b-5c6d-8e9f-0a1b2c3d4e5f"
    again["finished_at"] = "2026-11-17T14:30:00+00:00"
    items = again["report"]["items"]
    items[1]["earned"] = 10
    del items[3]
    again["report"].update(score=15, percent=75, critical=[])
    return again


@XAPI_MODELS
def test_statements_for_safety_findings_and_uncounted_items_are_valid(tmp_path):
    from ralph.models.xapi.base.statements import BaseXapiStatement

    statements = xapi.statements(ATTEMPT)
    for s in statements:
        BaseXapiStatement(**s)
    scored = {
        s["object"]["id"].rsplit("/", 1)[-1]: s for s in statements if s["verb"]["id"].endswith("scored")
    }
    assert "plan-otp" not in scored  # not counted, not scored
    finding = scored["safety-sedatives"]
    assert "score" not in finding["result"] and finding["result"]["success"] is False
    assert xapi.XapiConfig().ext("points-lost") in finding["result"]["extensions"]
    assert statements[-1]["verb"]["id"] == xapi.VERBS["failed"]


@XAPI_MODELS
def test_a_negative_total_still_makes_a_valid_score():
    from ralph.models.xapi.base.statements import BaseXapiStatement

    sunk = copy.deepcopy(ATTEMPT)
    sunk["report"].update(score=-3, percent=-15)
    completed = next(s for s in xapi.statements(sunk) if s["verb"]["id"].endswith("completed"))
    BaseXapiStatement(**completed)
    assert completed["result"]["score"] == {"scaled": -0.15, "raw": -3, "min": -3, "max": 20}


def test_the_cohort_counts_a_safety_finding_against_every_attempt_and_skips_uncounted_items(tmp_path):
    rows = {r.item: r for r in cohort.item_rows([ATTEMPT, second_attempt()])}
    assert "plan-otp" not in rows
    finding = rows["safety-sedatives"]
    assert (finding.attempts, finding.missed, finding.critical) == (2, 1, 1)
    taper = rows["plan-taper"]
    assert (taper.attempts, taper.missed) == (2, 1)  # part marks the first time, full the second


def test_kinds_survive_csv_and_xapi_round_trips(tmp_path):
    for fmt in ("csv", "xapi", "json"):
        out = tmp_path / f"r.{fmt}"
        export.write([ATTEMPT], fmt, out)
        [back] = export.read_results(out)
        items = {i["id"]: i for i in back["report"]["items"]}
        assert items["safety-sedatives"]["kind"] == "safety", fmt
        assert items["safety-sedatives"]["earned"] == -4, fmt
        if fmt != "xapi":  # an item that did not count is not sent as a statement at all
            assert items["plan-otp"]["applies"] is False, fmt
        else:
            assert "plan-otp" not in items
        assert cohort.item_rows([back])[0].item == "safety-sedatives", fmt


def test_progress_names_the_safety_problem_that_went_away():
    change = progress.compare(
        progress.attempt_from_record(ATTEMPT), progress.attempt_from_record(second_attempt())
    )
    assert change.critical_resolved == ["Kept a benzodiazepine alongside the opioid without a plan"]
    assert change.newly_earned == ["Tapered slowly"]
    assert "Methadone via an OTP" not in " ".join(change.lines())


def test_other_providers_statements_in_the_lrs_are_ignored():
    ours = xapi.statements(ATTEMPT)
    theirs = [
        {"id": "1", "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "https://lms/x"},
         "context": {"registration": "r-1"}, "result": {"score": {"raw": "lots"}}},
        {"verb": "not even a mapping"},
        "junk",
    ]  # fmt: skip
    c = cohort.from_statements([*theirs, *ours])
    assert c.problems == [] and [r["attempt"] for r in c.records] == [ATTEMPT["attempt"]]
    damaged = [dict(s) for s in ours]
    scored = next(
        s for s in damaged if s["verb"]["id"] == xapi.VERBS["scored"] and "score" in s.get("result", {})
    )
    scored["result"] = {"score": {"raw": "many", "max": 5}}
    c = cohort.from_statements(damaged)
    assert c.records == [] and "damaged result statement" in c.problems[0]
