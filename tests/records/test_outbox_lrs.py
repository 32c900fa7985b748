"""A programme's LRS receives every attempt exactly once, even after the laptop was offline.

The integration tests use a real Ralph LRS (PyPI ``ralph-malph``) on 127.0.0.1 in a subprocess
(one for the run, empty for each test); "the LRS is down" is its address with nothing answering.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from fixtures.lrs_server import PASSWORD, USER, USES_LRS
from fixtures.records_store import SECOND_TRY, fill_store, finish_session, played
from fixtures.scenario_text import EXPERT, POOR, SCENARIO

from simulator.control.results import queue_finished, stored_records
from simulator.records import cohort, outbox
from simulator.records.outbox import LrsConfig, Response
from simulator.records.store import SessionStore, StoreError
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module", name="queued_db")
def _queued_db(tmp_path_factory, scenario):
    """Three finished attempts with their statements queued, built once; tests take a copy."""
    db = tmp_path_factory.mktemp("queued") / "s.sqlite3"
    store = fill_store(db, scenario, unfinished=False)
    queued = queue_finished(store)
    store._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return db, queued


def copy_store(queued_db, tmp_path) -> tuple[SessionStore, int]:
    db, queued = queued_db
    (tmp_path / "s.sqlite3").write_bytes(db.read_bytes())
    return SessionStore(tmp_path / "s.sqlite3"), queued


def later(hours: float):
    return lambda: datetime.now(UTC) + timedelta(hours=hours)


@USES_LRS
def test_the_outbox_survives_a_down_lrs_and_delivers_exactly_once_when_it_is_back(tmp_path, scenario, ralph):
    db = tmp_path / "sessions.sqlite3"
    store = fill_store(db, scenario)
    queued = queue_finished(store)
    assert queued > 0
    assert queue_finished(store) == 0  # queuing again adds nothing

    # offline: nothing is lost, the reason is shown, the password never is
    down = ralph.unreachable
    result = outbox.deliver(store, down)
    assert (result.sent, result.pending) == (0, queued)
    assert "cannot be reached" in result.message
    assert PASSWORD not in result.message and PASSWORD not in repr(down)
    # a retry straight away is not due yet (backoff), so nothing hammers a dead server
    assert outbox.deliver(store, down).sent == 0
    store.close()

    # the app is closed and opened again while the LRS is still down: the outbox is on disk
    store = SessionStore(db)
    assert outbox.counts(store).pending == queued

    ralph.start()
    result = outbox.deliver(store, ralph.config, now=later(2))
    assert (result.sent, result.pending, result.error) == (queued, 0, "")
    held = ralph.statements()
    assert len(held) == queued
    ids = {s["id"] for s in held}
    with store.transaction() as conn:
        assert ids == {r[0] for r in conn.execute("SELECT statement_id FROM outbox")}
    # every finished attempt arrived, with its result
    completed = [s for s in held if s["verb"]["id"].endswith("/completed")]
    assert sorted(s["result"]["score"]["raw"] for s in completed) == sorted(
        played(p)["score"] for p in (POOR, SECOND_TRY, EXPERT)
    )

    # the instructor reads the cohort straight from the LRS: the same numbers as from the store
    from_lrs = cohort.from_statements(outbox.fetch_statements(ralph.config))
    records, _ = stored_records(store)
    by_item = {(r.scenario, r.item): (r.attempts, r.missed, r.critical) for r in cohort.item_rows(records)}
    assert {
        (r.scenario, r.item): (r.attempts, r.missed, r.critical) for r in cohort.item_rows(from_lrs.records)
    } == (by_item)
    assert from_lrs.summary() == "3 attempts by 2 trainees across 1 case"

    # the acknowledgement of some statements was lost (the app died before marking them sent):
    # they go again, and the LRS still holds each statement once
    with store.transaction(write=True) as conn:
        conn.execute("UPDATE outbox SET sent_at = NULL WHERE rowid % 3 = 0")
    result = outbox.deliver(store, ralph.config)
    assert result.pending == 0 and result.error == ""
    assert len(ralph.statements()) == queued

    # a later attempt sends only its own statements
    finish_session(store, scenario, "Sam O", SECOND_TRY)
    added = queue_finished(store)
    assert outbox.deliver(store, ralph.config).sent == added
    assert len(ralph.statements()) == queued + added
    store.close()


@USES_LRS
def test_a_redirect_or_wrong_credentials_keep_statements_waiting_and_say_why(tmp_path, scenario, ralph):
    from fixtures.redirect_server import Redirector, serving

    ralph.start()
    store = fill_store(tmp_path / "s.sqlite3", scenario, unfinished=False)
    queued = queue_finished(store)
    # Ralph behind a redirect (http -> https style): urllib would have turned the POST into a GET
    # that Ralph answers 200; now nothing is stored, nothing is marked, and the new address is named
    for redirector in serving(Redirector(301, f"http://127.0.0.1:{ralph.port}")):
        result = outbox.deliver(store, LrsConfig(redirector.url + "/xAPI", USER, PASSWORD, timeout=5))
    assert (result.sent, result.pending) == (0, queued)
    assert ralph.statements() == []
    assert f"127.0.0.1:{ralph.port}/xAPI/statements" in result.error
    wrong = LrsConfig(ralph.config.endpoint, USER, "not-the-password")
    result = outbox.deliver(store, wrong, force=True)
    assert result.sent == 0 and "refused the user name or password" in result.error
    assert "not-the-password" not in result.message
    assert ralph.statements() == []
    # the right address and password: everything arrives, once
    assert outbox.deliver(store, ralph.config, now=later(2)).pending == 0
    assert len(ralph.statements()) == queued
    store.close()


# ---------------------------------------------------------------------------- without a server


def test_one_statement_the_lrs_rejects_does_not_hold_back_the_others(tmp_path, queued_db):
    store, queued = copy_store(queued_db, tmp_path)
    received: dict[str, dict] = {}
    bad = None

    def send(config, batch):
        nonlocal bad
        bad = bad or batch[3]["id"]
        if any(s["id"] == bad for s in batch):
            return Response(400, b'{"detail": "invalid"}')
        received.update({s["id"]: s for s in batch})
        return Response(200, json.dumps([s["id"] for s in batch]).encode())

    result = outbox.deliver(store, LrsConfig("https://lrs.example/xAPI"), send=send)
    assert result.sent == queued - 1 and result.pending == 1
    assert "rejected a statement (HTTP 400)" in result.error
    assert bad not in received and len(received) == queued - 1
    store.close()


def test_backoff_doubles_and_is_capped(tmp_path, scenario):
    store = fill_store(tmp_path / "s.sqlite3", scenario, unfinished=False)
    queue_finished(store)
    start = datetime(2026, 11, 5, 12, tzinfo=UTC)

    def down(config, batch):
        raise outbox.SendError("the learning record store cannot be reached (connection refused)")

    waits = []
    moment = start
    for _ in range(10):
        outbox.deliver(store, LrsConfig("https://lrs.example/xAPI"), send=down, now=lambda m=moment: m)
        with store.transaction() as conn:
            next_try = datetime.fromisoformat(
                conn.execute("SELECT MIN(next_try_at) FROM outbox WHERE next_try_at != ''").fetchone()[0]
            )
        waits.append((next_try - moment).total_seconds())
        moment = next_try
    assert waits[:4] == [30, 60, 120, 240]
    assert max(waits) == outbox.MAX_BACKOFF
    store.close()


@pytest.mark.parametrize(
    "endpoint, message",
    [
        ("ftp://lrs.example/xAPI", "https://"),
        ("https://sim:pw@lrs.example/xAPI", "own fields"),
        ("http://lrs.example/xAPI", "unencrypted"),
    ],
)
def test_an_unusable_endpoint_is_refused_before_anything_is_sent(tmp_path, endpoint, message):
    store = SessionStore(tmp_path / "s.sqlite3")
    with pytest.raises(StoreError, match=message):
        outbox.deliver(store, LrsConfig(endpoint), send=lambda c, b: pytest.fail("sent"))
    store.close()


# ---------------------------------------------------------------------------- the outbox never lies


@pytest.fixture(name="recorder")
def _recorder():
    from fixtures.redirect_server import Recorder, serving

    yield from serving(Recorder())


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirecting_lrs_marks_nothing_sent_and_names_the_new_address(
    tmp_path, queued_db, recorder, status
):
    from fixtures.redirect_server import Redirector, serving

    store, queued = copy_store(queued_db, tmp_path)
    for redirector in serving(Redirector(status, recorder.url)):
        config = LrsConfig(redirector.url + "/xAPI", USER, PASSWORD, timeout=5)
        result = outbox.deliver(store, config)
        assert redirector.seen == ["POST"]  # asked once, then stopped: the LRS is "down" for now
    assert (result.sent, result.pending) == (0, queued)
    assert f"moved (HTTP {status}) to {recorder.url}/xAPI/statements" in result.error
    assert PASSWORD not in result.message
    assert recorder.seen == []  # neither the statements nor the credentials went to the new address
    with store.transaction() as conn:
        assert conn.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").fetchone()[0] == 0
    store.close()


def test_a_200_without_the_statement_ids_is_not_a_delivery(tmp_path, queued_db, recorder):
    store, queued = copy_store(queued_db, tmp_path)
    # a server that answers every request "200 {statements: []}" (a GET page, a login page, a proxy)
    result = outbox.deliver(store, LrsConfig(recorder.url + "/xAPI", USER, PASSWORD, timeout=5))
    assert (result.sent, result.pending) == (0, queued)
    assert "without the ids" in result.error
    store.close()


def test_only_the_ids_the_lrs_returned_are_marked_sent(tmp_path, queued_db):
    store, queued = copy_store(queued_db, tmp_path)

    def half(config, batch):
        return Response(200, json.dumps([s["id"] for s in batch[::2]]).encode())

    result = outbox.deliver(store, LrsConfig("https://lrs.example/xAPI"), send=half, holds=lambda c, i: False)
    assert 0 < result.sent < queued and result.sent + result.pending == queued
    assert "did not confirm" in result.error
    store.close()


def test_no_other_answer_marks_a_statement_sent(tmp_path, queued_db):
    store, queued = copy_store(queued_db, tmp_path)
    for status in (201, 202, 204, 409, 429, 500, 502, 503, 401, 403):

        def answer(config, batch, status=status):
            return Response(status, json.dumps([s["id"] for s in batch]).encode())

        config = LrsConfig("https://lrs.example/xAPI")
        result = outbox.deliver(store, config, send=answer, holds=lambda c, i: False, force=True)
        assert (result.sent, result.pending) == (0, queued) and result.error, status
    store.close()
