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

from simulator.plaintext import has_hidden
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
    if has_hidden(text) or any(_refused(ch) for ch in text):
        raise StoreError("a trainee's name cannot contain control, invisible or unassigned characters")
    return text


def _refused(ch: str) -> bool:
    """Controls, private and unassigned characters; format characters except the ones that build
    emoji sequences (the zero-width joiner, and the tags of flags such as Scotland's)."""
    category = unicodedata.category(ch)
    if category == "Cf":
        return not (ch in "\u200c\u200d" or 0xE0020 <= ord(ch) <= 0xE007F)
    return category in ("Cc", "Cs", "Co", "Cn")


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
    """The stored attempt record of a finished session, if it was computed before and is intact.

    A record that no longer reads as a JSON object (a damaged page SQLite's own checks cannot
    see, such as the zeroed last page of a long record) counts as not computed: the caller
    computes it again from the session's actions and :func:`cache_result` replaces it.
    """
    with store.transaction() as conn:
        row = conn.execute("SELECT report FROM results WHERE session_id = ?", (int(session_id),)).fetchone()
    return _intact(row[0]) if row is not None else None


def _intact(text: Any) -> dict[str, Any] | None:
    try:
        value = json.loads(text)  # strict: a NUL or other control character inside fails
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def cache_result(
    store: SessionStore, session_id: int, record: dict[str, Any], *, replace: bool = False
) -> None:
    """Keep the attempt record of a finished session (first one wins: its score never changes).

    ``replace`` keeps the new record instead: only for a finished session that has since taken
    answers to the check after the debrief (the score stays; the record holds the answers). A
    kept record that no longer reads (a damaged page) is replaced too.
    """
    text = json.dumps(record, sort_keys=True, ensure_ascii=False)
    with store.transaction(write=True) as conn:
        row = conn.execute("SELECT report FROM results WHERE session_id = ?", (int(session_id),)).fetchone()
        if row is not None and _intact(row[0]) is not None and not replace:
            return
        conn.execute(
            "INSERT OR REPLACE INTO results (session_id, report, computed_at) VALUES (?, ?, ?)",
            (int(session_id), text, _now()),
        )


def action_times(store: SessionStore, session_id: int) -> list[str]:
    """When each action of a session was recorded, in order."""
    with store.transaction() as conn:
        rows = conn.execute(
            "SELECT recorded_at FROM actions WHERE session_id = ? ORDER BY seq", (int(session_id),)
        ).fetchall()
    return [r[0] for r in rows]
