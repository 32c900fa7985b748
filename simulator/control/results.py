"""Attempt records: one played session as plain data, for reports, exports, xAPI and progress.

An *attempt record* is a JSON-ready dict that holds everything a programme keeps about one
run of a case: who (the trainee's profile name), which case, when, the whole debrief report
(score, domains, critical errors, every item with its guidance and source, the course and
the timeline) and the actions themselves, so a record can be replayed. Everything downstream
(the PDF report, CSV/JSON/xAPI export, the LRS outbox, the progress and cohort views) reads
records, never a live :class:`~simulator.engine.session.Session`; the records package stays
free of the engine and scoring.

This module is the one place that turns a session into a record: here, at the level of the
command line, because it needs the engine and scoring.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.engine.actions import ActionError
from simulator.engine.session import Session
from simulator.errors import ProblemsError
from simulator.records import outbox, xapi
from simulator.records import trainees as profiles
from simulator.records.store import SessionRecord, SessionStore, StoreError
from simulator.scenario.loader import load_scenario
from simulator.scenario.models import Scenario
from simulator.scoring.debrief import build_debrief

RECORD_FORMAT = "opioid-care-simulator/attempt/1"
NAMESPACE = uuid.UUID("6f0d8d3e-3a55-5b5c-9d63-0c6b8c9f1a27")
"""uuid5 namespace of attempt ids; an attempt's id depends only on what happened in it."""


def attempt_id(scenario_id: str, trainee: str, started_at: str, actions: Sequence[Mapping[str, Any]]) -> str:
    """The same attempt always gets the same id (so an LRS never stores it twice)."""
    payload = json.dumps(
        [scenario_id, trainee, started_at, list(actions)], sort_keys=True, ensure_ascii=False
    )
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return str(uuid.uuid5(NAMESPACE, digest))


def attempt_record(
    session: Session,
    *,
    trainee: str = "",
    started_at: str = "",
    finished_at: str | None = None,
    session_id: int | None = None,
    recorded_at: Sequence[str] = (),
) -> dict[str, Any]:
    """The record of ``session`` as it stands (finished or not)."""
    scenario = session.scenario
    actions = [dict(a) for a in session.actions]
    report = build_debrief(session).to_json()
    return {
        "format": RECORD_FORMAT,
        "attempt": attempt_id(scenario.id, trainee, started_at, actions),
        "session_id": session_id,
        "trainee": trainee,
        "scenario": scenario.id,
        "title": scenario.title,
        "patient": scenario.patient.name,
        "seed": session.seed,
        "variant": session.variant,
        "started_at": started_at,
        "finished_at": finished_at,
        "finished": session.finished,
        "report": report,
        "actions": actions,
        "steps": list(session.steps),
        "recorded_at": list(recorded_at),
    }


@dataclass
class Skipped:
    """A stored session that could not be turned into a record, and why (for the user)."""

    session_id: int
    reason: str


def stored_records(
    store: SessionStore,
    *,
    finished_only: bool = True,
    trainee: str | None = None,
    scenarios: Mapping[str, Scenario] | None = None,
) -> tuple[list[dict[str, Any]], list[Skipped]]:
    """Records of the sessions in ``store`` (oldest first) and the sessions that were skipped.

    Each session is replayed against its scenario file (or ``scenarios[path]`` when given);
    a finished session's record is cached in the store's ``results`` table the first time.
    """
    out: list[dict[str, Any]] = []
    skipped: list[Skipped] = []
    loaded: dict[str, Scenario] = dict(scenarios or {})
    for rec in sorted(store.history(limit=1_000_000), key=lambda r: r.id):
        if finished_only and not rec.finished:
            continue
        if trainee is not None and rec.trainee.casefold() != trainee.casefold():
            continue
        cached = profiles.cached_result(store, rec.id) if rec.finished else None
        # answers to the check after the debrief come after the finish: a record kept before them is stale
        stale = cached is not None and len(cached.get("actions") or ()) != rec.action_count
        if cached is not None and not stale:
            out.append(cached)
            continue
        try:
            record = _record_for(store, rec, loaded)
        except (ProblemsError, ActionError, StoreError, OSError) as exc:
            skipped.append(Skipped(rec.id, _reason(exc)))
            continue
        if rec.finished:
            profiles.cache_result(store, rec.id, record, replace=stale)
        out.append(record)
    return out, skipped


def stored_record(store: SessionStore, session_id: int) -> dict[str, Any]:
    """The record of one stored session; raises StoreError / ProblemsError / ActionError."""
    rec = store.session(session_id)
    cached = profiles.cached_result(store, rec.id) if rec.finished else None
    stale = cached is not None and len(cached.get("actions") or ()) != rec.action_count
    if cached is not None and not stale:
        return cached
    record = _record_for(store, rec, {})
    if rec.finished:
        profiles.cache_result(store, rec.id, record, replace=stale)
    return record


def _record_for(store: SessionStore, rec: SessionRecord, loaded: dict[str, Scenario]) -> dict[str, Any]:
    key = rec.scenario_path if rec.seed is None else f"{rec.scenario_path}#seed={rec.seed}"
    scenario = loaded.get(key)
    if scenario is None:  # the session's own variant (its stored seed)
        scenario = load_scenario(rec.scenario_path, rec.seed)
        loaded[key] = scenario
    session = Session.replay(scenario, store.actions(rec.id))
    return attempt_record(
        session,
        trainee=rec.trainee,
        started_at=rec.started_at,
        finished_at=rec.finished_at,
        session_id=rec.id,
        recorded_at=profiles.action_times(store, rec.id),
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ProblemsError):
        return str(exc.problems[0]) if exc.problems else "the scenario file has problems"
    if isinstance(exc, ActionError):
        return f"the scenario has changed and action {(exc.index or 0) + 1} no longer applies: {exc.message}"
    if isinstance(exc, OSError):
        return f"the scenario file cannot be read ({exc.strerror or exc})"
    return str(exc)


def queue_finished(store: SessionStore, config: Any = None) -> int:
    """Queue the xAPI statements of every finished session not queued yet; returns how many were added.

    Safe to call as often as wanted: statement ids are deterministic, so nothing is queued twice.
    """
    done = outbox.queued_sessions(store)
    records, _ = stored_records(store)
    added = 0
    for record in records:
        sid = record.get("session_id")
        late = any(a.get("type") == "check" and a.get("stage") == "after" for a in record.get("actions", ()))
        if sid in done and not late:  # answers to the check after the debrief come after the finish
            continue
        added += outbox.enqueue(store, xapi.statements(record, config), sid)
    return added
