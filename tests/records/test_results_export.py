"""Results leave the machine: CSV, JSON and xAPI exports of one log or of the whole store."""

from __future__ import annotations

import csv
import json

import pytest
from fixtures.lrs_server import XAPI_MODELS
from fixtures.records_store import SECOND_TRY, critical_titles, earned_titles, fill_store, played
from fixtures.scenario_text import EXPERT, POOR, SCENARIO

from simulator.commands.cli import main
from simulator.control.results import attempt_record, stored_records
from simulator.engine.playthrough import play
from simulator.engine.session import Session
from simulator.records import export, progress, trainees, xapi
from simulator.records.store import SessionStore, StoreError
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


def played_report(scenario, path):
    return build_debrief(play(scenario, path)).to_json()


# ------------------------------------------------------------------------ one played log


@pytest.mark.parametrize("fmt", ["csv", "json", "xapi"])
def test_a_played_log_exports_and_reads_back_with_every_item(tmp_path, scenario, fmt, capsys):
    out = tmp_path / f"result.{fmt}"
    code = main(["export", str(SCENARIO), "--actions", str(SECOND_TRY), "--format", fmt, "--out", str(out),
                 "--trainee", "Priya N"])  # fmt: skip
    assert code == 0
    assert "wrote 1 attempt" in capsys.readouterr().out
    expected = played_report(scenario, SECOND_TRY)
    [record] = export.read_results(out)
    assert record["trainee"] == "Priya N"
    assert record["scenario"] == "clbp-moderate-oud"
    assert record["report"]["score"] == expected["score"]
    assert record["report"]["max_score"] == expected["max_score"]
    got = {i["id"]: (i["guidance"], i["earned"], i["max"], i["critical"]) for i in record["report"]["items"]}
    # xAPI carries only the items that counted (an item whose condition did not hold is not scored)
    sent = [i for i in expected["items"] if fmt != "xapi" or i.get("applies", True)]
    want = {i["id"]: (i["guidance"], i["earned"], i["max"], i["critical"]) for i in sent}
    assert got == want


def test_csv_has_a_row_per_attempt_and_per_rubric_item(tmp_path, scenario):
    out = tmp_path / "results.csv"
    assert main(["export", str(SCENARIO), "--actions", str(POOR), "--format", "csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    expected = played_report(scenario, POOR)
    assert [r["row"] for r in rows] == ["attempt"] + ["item"] * len(expected["items"])
    attempt = rows[0]
    assert attempt["score"] == str(expected["score"])
    assert attempt["critical_errors"].split("; ") == expected["critical"]
    assert attempt["domain_plan"] == next(f"{d['earned']}/{d['max']}" for d in expected["domains"]
                                          if d["domain"] == "plan")  # fmt: skip
    first_critical = next(i for i in expected["items"] if i["critical"])
    row = next(r for r in rows if r["item"] == first_critical["id"])
    assert (row["earned"], row["critical"]) == (str(first_critical["earned"]), "yes")
    assert row["source"] == first_critical["source"] and row["source"]


def test_a_name_a_spreadsheet_would_run_is_written_as_text_and_read_back_unchanged(tmp_path):
    out = tmp_path / "results.csv"
    main(["export", str(SCENARIO), "--actions", str(POOR), "--format", "csv", "--out", str(out),
          "--trainee", "=HYPERLINK(\"http://x\")"])  # fmt: skip
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8")
    assert export.read_results(out)[0]["trainee"] == '=HYPERLINK("http://x")'


def test_export_needs_a_known_format_and_a_scenario_for_actions(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["export", "--format", "pdf", "--out", str(tmp_path / "x")])
    assert main(["export", "--actions", str(POOR), "--format", "csv", "--out", str(tmp_path / "x")]) == 2
    assert "needs the SCENARIO" in capsys.readouterr().err


def test_a_damaged_results_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("row,attempt,item,earned,max\nitem,a,x,five,5\n", encoding="utf-8")
    with pytest.raises(export.ResultsError, match=r"bad.csv:2: this row cannot be read"):
        export.read_results(bad)
    (tmp_path / "other.json").write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(export.ResultsError, match="not a results export"):
        export.read_results(tmp_path / "other.json")


# ------------------------------------------------------------------------ the whole store


def test_the_store_exports_every_finished_attempt_with_who_and_when(tmp_path, scenario, capsys):
    db = tmp_path / "sessions.sqlite3"
    fill_store(db, scenario).close()
    out = tmp_path / "all.json"
    assert main(["export", "--store", str(db), "--format", "json", "--out", str(out)]) == 0
    assert "wrote 3 attempts" in capsys.readouterr().out
    records = export.read_results(out)
    assert [(r["trainee"], r["report"]["score"]) for r in records] == [
        ("Priya N", played(POOR)["score"]),
        ("Priya N", played(SECOND_TRY)["score"]),
        ("Sam O", played(EXPERT)["score"]),
    ]
    assert all(r["started_at"].startswith("2026-11-") and r["finished_at"] for r in records)
    assert len({r["attempt"] for r in records}) == 3
    # --all adds the unfinished one; --trainee filters
    main(
        ["export", "--store", str(db), "--format", "json", "--out", str(out), "--all", "--trainee", "priya n"]
    )
    records = export.read_results(out)
    assert [r["finished"] for r in records] == [True, True, False]


def test_a_session_whose_scenario_file_is_gone_is_left_out_and_named(tmp_path, scenario, capsys):
    db = tmp_path / "sessions.sqlite3"
    store = fill_store(db, scenario)
    sid = store.start("gone", str(tmp_path / "deleted.yaml"))
    store.append(sid, {"type": "advance"})
    store.finish(sid, 1, 2)
    store.close()
    out = tmp_path / "all.csv"
    assert main(["export", "--store", str(db), "--format", "csv", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"warning: session {sid} left out" in err and "deleted.yaml" in err
    assert len(export.read_results(out)) == 3


def test_a_missing_store_is_a_clear_error(tmp_path, capsys):
    code = main(
        ["export", "--store", str(tmp_path / "none.sqlite3"), "--format", "csv", "--out", str(tmp_path / "x")]
    )
    assert code == 1
    assert "there is no session store" in capsys.readouterr().err


def test_results_are_cached_once_a_session_is_finished(tmp_path, scenario):
    store = fill_store(tmp_path / "s.sqlite3", scenario)
    first, _ = stored_records(store)
    assert trainees.cached_result(store, 1) == first[0]
    second, _ = stored_records(store)
    assert second == first
    store.close()


# ------------------------------------------------------------------------ xAPI


def statements_for(scenario, path, trainee="Priya N", started="2026-11-02T09:00:00+00:00"):
    session = play(scenario, path)
    record = attempt_record(
        session, trainee=trainee, started_at=started, finished_at="2026-11-02T09:41:07+00:00"
    )
    return record, xapi.statements(record)


@XAPI_MODELS
def test_statements_are_valid_xapi(scenario):
    from ralph.models.xapi.base.statements import BaseXapiStatement

    for path in (POOR, SECOND_TRY, EXPERT):
        _, statements = statements_for(scenario, path)
        for s in statements:
            BaseXapiStatement(**s)  # raises on anything xAPI 1.0.3 forbids


def test_statements_tell_the_attempt_with_profile_verbs_and_a_scaled_score(scenario):
    record, statements = statements_for(scenario, POOR)
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]
    assert verbs[0] == "launched"
    assert verbs[-2:] == ["completed", "failed"]  # three critical errors: not a pass
    assert "https://w3id.org/xapi/medbiq/verbs/arrived" in {s["verb"]["id"] for s in statements}
    kinds = [a["type"] for a in record["actions"]]
    assert verbs.count("asked") == kinds.count("ask") == 4
    assert verbs.count("answered") == sum(kinds.count(k) for k in ("assess", "plan", "decide")) == 3
    counted = [i for i in record["report"]["items"] if i.get("applies", True)]
    assert verbs.count("scored") == len(counted)
    case = statements[0]["object"]
    assert case["definition"]["type"] == xapi.SIMULATION
    assert case["id"].endswith("/cases/clbp-moderate-oud")
    completed = statements[-2]
    score, mx = record["report"]["score"], record["report"]["max_score"]
    assert completed["result"]["score"]["raw"] == score and completed["result"]["score"]["max"] == mx
    assert completed["result"]["score"]["scaled"] == round(score / mx, 4)
    assert completed["result"]["duration"] == "PT0H41M7S"
    for s in statements:
        assert s["context"]["registration"] == record["attempt"]
        assert {"id": xapi.VP_PROFILE, "objectType": "Activity"} in s["context"]["contextActivities"][
            "category"
        ]
    critical = next(i for i in record["report"]["items"] if i["critical"])
    scored = next(s for s in statements if s["object"]["id"].endswith(f"/items/{critical['id']}"))
    assert scored["result"]["success"] is False
    assert scored["result"]["extensions"][xapi.XapiConfig().ext("critical-error")] is True
    assert scored["context"]["contextActivities"]["parent"][0]["id"] == case["id"]
    assert critical["guidance"] in scored["object"]["definition"]["extensions"].values()
    asked = next(
        s for s in statements if s["verb"]["id"].endswith("asked") and "addict" in s["result"]["response"]
    )
    assert asked["object"]["id"].endswith("/questions/opioid.early_refills")


def test_the_expert_attempt_passes(scenario):
    _, statements = statements_for(scenario, EXPERT)
    assert statements[-1]["verb"]["id"] == xapi.VERBS["passed"]
    assert statements[-1]["result"]["success"] is True


def test_statement_ids_are_the_same_every_time_and_differ_between_attempts(scenario):
    _, once = statements_for(scenario, POOR)
    _, again = statements_for(scenario, POOR)
    assert [s["id"] for s in once] == [s["id"] for s in again]
    assert len({s["id"] for s in once}) == len(once)
    _, other = statements_for(scenario, POOR, started="2026-11-09T09:00:00+00:00")
    assert not {s["id"] for s in once} & {s["id"] for s in other}


# ------------------------------------------------------------------------ trainees and progress


def test_progress_shows_what_improved_between_attempts(tmp_path, scenario):
    store = fill_store(tmp_path / "s.sqlite3", scenario)
    records, _ = stored_records(store, trainee="Priya N")
    store.close()
    [attempts] = progress.by_case(records).values()
    first, second = played(POOR), played(SECOND_TRY)
    assert [a.score for a in attempts] == [first["score"], second["score"]]
    change = progress.compare(*attempts)
    assert change.score_delta == second["score"] - first["score"] > 0
    resolved = [t for t in critical_titles(first) if t not in critical_titles(second)]
    assert resolved and change.critical_resolved == resolved
    assert change.critical_new == [t for t in critical_titles(second) if t not in critical_titles(first)]
    assert set(change.newly_earned) == earned_titles(second) - earned_titles(first) != set()
    lines = change.lines()
    assert lines[0] == f"Score up by {change.score_delta} points."
    assert f"✔ No longer a critical error: {resolved[0]}" in lines
    assert any(line.startswith("▲ Plan:") for line in lines)


def test_trainee_profiles_are_names_only(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite3")
    a = trainees.add(store, "  Priya   Natarajan ")
    assert a.name == "Priya Natarajan"
    assert trainees.add(store, "priya natarajan").id == a.id  # same person, any case
    trainees.add(store, "Sam Okafor")
    assert [t.name for t in trainees.all_trainees(store)] == ["Priya Natarajan", "Sam Okafor"]
    for bad in ("", "   ", "x" * 81, "Bad\x00name"):
        with pytest.raises(StoreError):
            trainees.add(store, bad)
    sid = store.start("clbp-moderate-oud", str(SCENARIO))
    trainees.assign(store, sid, "Sam Okafor")
    assert store.session(sid).trainee == "Sam Okafor"
    store.finish(sid, 0, 144)
    with pytest.raises(StoreError, match="finished"):
        trainees.assign(store, sid, "Priya Natarajan")
    store.close()


def test_a_json_export_is_the_whole_record(tmp_path, scenario):
    record, _ = statements_for(scenario, SECOND_TRY)
    out = tmp_path / "r.json"
    export.write([record], "json", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == export.EXPORT_FORMAT
    [back] = doc["attempts"]
    assert back == record
    # the actions in it replay to the same score
    assert build_debrief(Session.replay(scenario, back["actions"])).score == record["report"]["score"]


PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\uff1d1+1",
    "'Neil",
    "''x",
    "O'Neil",
]


def test_every_formula_payload_is_neutralised_and_every_name_round_trips(tmp_path):
    import csv
    import io

    out = tmp_path / "results.json"
    main(["export", str(SCENARIO), "--actions", str(POOR), "--format", "json", "--out", str(out)])
    (record,) = export.read_results(out)
    for n, name in enumerate(PAYLOADS):
        path = tmp_path / f"r{n}.csv"
        export.write([{**record, "trainee": name}], "csv", path)
        cells = next(r for r in csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"))))
        assert cells["trainee"] == (name if name == "O'Neil" else "'" + name)
        assert export.read_results(path)[0]["trainee"] == name


def test_the_cohort_table_csv_is_neutralised_and_written_atomically(tmp_path, monkeypatch):
    import csv
    import io
    import os

    from simulator.records import cohort

    rows = [cohort.ItemRow("s", p, "i", p, "g", "d", p, attempts=1) for p in PAYLOADS]
    path = tmp_path / "table.csv"
    path.write_text("the instructor's earlier table", encoding="utf-8")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(export.ResultsError, match="No space left"):
        cohort.write_table(rows, path)
    assert path.read_text(encoding="utf-8") == "the instructor's earlier table"  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]
    monkeypatch.undo()
    cohort.write_table(rows, path)
    table = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"))))[1:]
    for row, payload in zip(table, PAYLOADS, strict=True):
        for cell in (row[0], row[1], row[-1]):  # case, title, source
            assert cell == (payload if payload == "O'Neil" else "'" + payload)
