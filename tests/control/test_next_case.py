"""Learning gain in records and the next case suggested from what was missed (issue 26)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from fixtures.scenario_text import SCENARIOS

from simulator.control.next_case import suggest
from simulator.records import learning
from simulator.records.export import from_statements
from simulator.records.xapi import statements
from simulator.scenario.loader import load_scenario

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def library():
    return [load_scenario(SCENARIOS / f"{name}.yaml")
            for name in ("stable-dependence", "oih-taper", "postop-acute")]


def record(trainee, scenario, when, items=(), check=(), seed=None, finished=True):
    return {
        "attempt": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{trainee}/{scenario}/{when}")),
        "trainee": trainee, "scenario": scenario, "title": scenario, "finished": finished,
        "started_at": when, "finished_at": when, "seed": seed, "actions": [], "steps": [],
        "report": {"finished": finished, "items": list(items), "score": 0, "max_score": 10,
                   "check": {"asked": bool(check), "items": list(check)}},
    }


def item(guidance, earned, mx=5):
    return {"id": guidance.replace(".", "-"), "guidance": guidance, "earned": earned, "max": mx,
            "title": guidance, "applies": True}


def row(name, guidance, before, after):
    return {"item": name, "stem": name, "guidance": list(guidance), "before": before, "after": after}


def test_gain_per_guidance_counts_only_items_answered_before_and_after():
    recs = [
        record("ana", "oih-taper", "2026-12-01T10:00:00+00:00",
               check=[row("a", ["tx.naloxone"], False, True), row("b", ["tx.naloxone"], True, True),
                      row("c", ["tx.taper_rate"], None, False)]),
        record("ben", "oih-taper", "2026-12-02T10:00:00+00:00",
               check=[row("a", ["tx.naloxone"], False, False)]),
    ]
    rows = {p.key: p for p in learning.by_guidance(recs)}
    naloxone = rows["tx.naloxone"]
    assert (naloxone.paired, naloxone.before, naloxone.after, naloxone.gain) == (3, 1, 2, 1)
    assert naloxone.people == 2 and naloxone.stays_missed == 1 and naloxone.percent("after") == 67
    taper = rows["tx.taper_rate"]
    assert taper.paired == 0 and taper.stays_missed == 1  # missed after, but no pair to count a gain
    assert learning.by_guidance(recs)[0].stays_missed == 1


def test_the_suggestion_follows_what_was_missed_and_says_why(library):
    recs = [
        record("ana", "stable-dependence", "2026-12-01T10:00:00+00:00",
               items=[item("tx.naloxone", 0), item("dx.dependence_not_addiction", 5)]),
        record("ana", "postop-acute", "2026-12-02T10:00:00+00:00",
               items=[item("tx.naloxone", 0), item("tx.acute_not_chronic", 5)]),
        record("ana", "oih-taper", "2026-12-03T10:00:00+00:00",
               check=[row("x", ["dx.oih_not_tolerance"], False, False)]),
    ]
    got = suggest(recs, library, now=NOW)
    assert got is not None
    # oih-taper exercises naloxone (missed twice) and hyperalgesia (missed in its check)
    assert got.scenario == "oih-taper"
    assert got.missed[0] == "tx.naloxone"
    assert got.why.startswith("You missed “Offer naloxone” twice")


def test_a_case_played_today_gives_way_and_a_new_patient_is_offered(library):
    recs = [record("ana", "oih-taper", "2026-12-07T09:00:00+00:00", items=[item("tx.naloxone", 0)], seed=5),
            record("ana", "stable-dependence", "2026-12-01T09:00:00+00:00", items=[item("tx.naloxone", 0)])]
    got = suggest(recs, library, now=NOW)
    assert got.scenario == "stable-dependence"  # both exercise naloxone; oih-taper was played today
    again = suggest(recs[:1], library[1:2], now=NOW)
    assert again.scenario == "oih-taper" and "tomorrow" in again.why
    counts = [len(a.options) for a in library[1].variants]
    from simulator.scenario.variants import pick
    assert pick(counts, again.seed) != pick(counts, 5)  # a patient not met before


def test_nothing_missed_means_no_suggestion(library):
    recs = [record("ana", "oih-taper", "2026-12-01T09:00:00+00:00", items=[item("tx.naloxone", 5)])]
    assert suggest(recs, library, now=NOW) is None


def test_check_answers_survive_the_trip_through_xapi_statements():
    rec = record("ana", "oih-taper", "2026-12-01T10:00:00+00:00",
                 items=[item("tx.naloxone", 5)],
                 check=[row("a", ["tx.naloxone"], False, True)])
    rec["actions"] = [{"type": "check", "stage": "before", "item": "a", "answer": [1]},
                      {"type": "check", "stage": "after", "item": "a", "answer": [0]}]
    rec["report"]["timeline"] = [{"text": "Check before the case: a"}, {"text": "Check after the debrief: a"}]
    back = from_statements(statements(rec))
    assert back[0]["report"]["check"]["items"] == rec["report"]["check"]["items"]
    assert {p.key: p.gain for p in learning.by_guidance(back)} == {"tx.naloxone": 1}


def test_check_answers_survive_a_csv_export_and_import(tmp_path):
    from simulator.records.export import read_results, write

    check = [row("a", ["tx.naloxone", "tx.monitoring"], False, True),
             row("b", ["tx.taper_rate"], None, False)]
    rec = record("ana", "oih-taper", "2026-12-01T10:00:00+00:00", items=[item("tx.naloxone", 5)], check=check)
    path = tmp_path / "results.csv"
    write([rec], "csv", path)
    back = read_results(path)
    assert back[0]["report"]["check"]["items"] == rec["report"]["check"]["items"]
