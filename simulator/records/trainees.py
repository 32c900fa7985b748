"""Local trainee profiles, who took each session, and the cached result of each attempt.

A profile is a name and nothing else: no password (this is a practice tool on one machine,
not an identity system) and never any patient data. Sessions keep the profile's name in
``sessions.trainee`` (a column every version of the store has); ``trainees`` lists the
profiles so one can be chosen before any session exists.

The tables come from :mod:`simulator.records.migrations` (version 2).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from simulator.records.store import SessionStore, StoreError

MAX_NAME = 80


@dataclass(frozen=True)
class Trainee:
    id: int
    name: str
    created_at: str


def clean_name(name: str) -> str:
    """A profile name as stored: trimmed, inner spaces collapsed; raises StoreError if unusable."""
    if not isinstance(name, str):
        raise StoreError("a trainee's name is text")
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if not text:
        raise StoreError("enter a name for the trainee")
    if len(text) > MAX_NAME:
        raise StoreError(f"a trainee's name is at most {MAX_NAME} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text):
        raise StoreError("a trainee's name cannot contain control or unassigned characters")
    return text


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def add(store: SessionStore, name: str) -> Trainee:
    """Create a profile (or return the existing one with that name, ignoring case)."""
    text = clean_name(name)
    with store.transaction(write=True) as conn:
        conn.execute("INSERT OR IGNORE INTO trainees (name, created_at) VALUES (?, ?)", (text, _now()))
        row = conn.execute("SELECT id, name, created_at FROM trainees WHERE name = ?", (text,)).fetchone()
    return Trainee(*row)


def all_trainees(store: SessionStore) -> list[Trainee]:
    """Every profile, by name."""
    with store.transaction() as conn:
        rows = conn.execute(
            "SELECT id, name, created_at FROM trainees ORDER BY name COLLATE NOCASE"
        ).fetchall()
    return [Trainee(*r) for r in rows]


def assign(store: SessionStore, session_id: int, name: str) -> None:
    """Record that ``name`` is taking the (unfinished) session ``session_id``."""
    text = clean_name(name)
    add(store, text)
    with store.transaction(write=True) as conn:
        cur = conn.execute(
            "UPDATE sessions SET trainee = ? WHERE id = ? AND finished_at IS NULL", (text, int(session_id))
        )
        if cur.rowcount != 1:
            raise StoreError(f"session {session_id} is finished or does not exist; its trainee cannot change")


def cached_result(store: SessionStore, session_id: int) -> dict[str, Any] | None:
    """The stored attempt record of a finished session, if it was computed before."""
    with store.transaction() as conn:
        row = conn.execute("SELECT report FROM results WHERE session_id = ?", (int(session_id),)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def cache_result(
    store: SessionStore, session_id: int, record: dict[str, Any], *, replace: bool = False
) -> None:
    """Keep the attempt record of a finished session (first one wins: its score never changes).

    ``replace`` keeps the new record instead: only for a finished session that has since taken
    answers to the check after the debrief (the score stays; the record holds the answers).
    """
    text = json.dumps(record, sort_keys=True, ensure_ascii=False)
    verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
    with store.transaction(write=True) as conn:
        conn.execute(
            f"{verb} INTO results (session_id, report, computed_at) VALUES (?, ?, ?)",
            (int(session_id), text, _now()),
        )


def action_times(store: SessionStore, session_id: int) -> list[str]:
    """When each action of a session was recorded, in order."""
    with store.transaction() as conn:
        rows = conn.execute(
            "SELECT recorded_at FROM actions WHERE session_id = ? ORDER BY seq", (int(session_id),)
        ).fetchall()
    return [r[0] for r in rows]
