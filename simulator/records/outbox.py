"""The LRS outbox: xAPI statements wait in the session store until a learning record store has them.

Statements are queued in the ``outbox`` table of the same SQLite file as the sessions (so they
survive the app closing, the laptop being offline or the LRS being down) and are sent by
:func:`deliver`, which the app runs off the GUI thread. Exactly once:

* a statement's id is fixed when it is built (uuid5, :mod:`simulator.records.xapi`), and the
  outbox's primary key is that id, so queuing the same attempt twice queues nothing new;
* a statement is marked sent only after the LRS acknowledged it; if the acknowledgement is
  lost and it is sent again, the LRS sees an id it already holds and keeps one copy (an xAPI
  LRS never stores two statements with one id; Ralph 5.1 leaves such ids out of its answer,
  answers 204 when the batch held nothing new, and 409 Conflict when the content differs,
  measured in tests/records/test_outbox_lrs.py). Those statements are then looked up one by
  one (GET ``statements?statementId=``) and marked sent only if the LRS returns them;
* failures back off (30 s, doubling, at most an hour) and never block the statements behind
  a single one the LRS rejects.

The outbox never lies: a batch is marked sent only when the LRS answered ``200`` with the
statement ids it stored (xAPI 1.0.3, Statement API POST), and only the ids it named. Redirects
are never followed (urllib would turn the POST into a GET without a body, which an LRS answers
``200``): a 3xx is a failure whose message names the new address for the instructor to enter.
So the HTTP Basic credentials go to the configured origin and nowhere else, and ``https`` is
required except on this computer's own loopback address.

The endpoint and credentials come from the app's settings; the password is never put in a
message, a log line or ``repr``.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from simulator.records.store import SessionStore, StoreError
from simulator.records.xapi import XAPI_VERSION

BATCH = 50
_NO_IDS = "the learning record store answered without the ids of the statements it stored"
FIRST_BACKOFF = 30.0
MAX_BACKOFF = 3600.0


@dataclass(frozen=True)
class LrsConfig:
    """Where to send statements. ``endpoint`` is the xAPI base (``.../xAPI``), without credentials."""

    endpoint: str
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 10.0

    def statements_url(self) -> str:
        return self.endpoint.rstrip("/") + "/statements"

    def origin(self) -> str:
        """``scheme://host[:port]`` of the endpoint: the only place the credentials are sent."""
        parts = urlsplit(self.endpoint)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def check(self) -> None:
        """Raise StoreError (a message for the user) if the endpoint cannot be used."""
        parts = urlsplit(self.endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError("the LRS endpoint must be an https:// address")
        if parts.username or parts.password:
            raise StoreError("put the LRS user name and password in their own fields, not in the address")
        if parts.scheme == "http" and not _loopback(parts.hostname):
            raise StoreError(
                "the LRS endpoint must be an https:// address (plain http:// would send the password "
                "unencrypted; it is allowed only for an LRS on this computer)"
            )


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Response:
    status: int
    body: bytes = b""
    location: str = ""
    """Where a 3xx answer pointed (never followed)."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Every 3xx comes back as an HTTPError: nothing (no body, no credentials) goes anywhere else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects())


def _open(request: urllib.request.Request, timeout: float):
    return _OPENER.open(request, timeout=timeout)


class SendError(Exception):
    """The LRS could not be reached (network down, timeout, refused)."""


Sender = Callable[[LrsConfig, list[dict[str, Any]]], Response]
Holds = Callable[[LrsConfig, str], bool]


def _request(config: LrsConfig, url: str, method: str, body: bytes | None = None) -> urllib.request.Request:
    """A request to the configured LRS with the xAPI version and, when set, its credentials
    (sent only here: redirects are never followed, so they never reach another origin)."""
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("X-Experience-API-Version", XAPI_VERSION)
    if config.username or config.password:
        token = base64.b64encode(f"{config.username}:{config.password}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    return request


def http_send(config: LrsConfig, statements: list[dict[str, Any]]) -> Response:
    """POST a batch of statements (xAPI 1.0.3 Statement API) with a timeout."""
    body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
    request = _request(config, config.statements_url(), "POST", body)
    request.add_header("Content-Type", "application/json")
    try:
        with _open(request, config.timeout) as reply:
            return Response(reply.status, reply.read(1_000_000))
    except urllib.error.HTTPError as exc:
        location = (exc.headers.get("Location", "") if exc.headers else "") or ""
        return Response(exc.code, exc.read(10_000) if exc.fp else b"", location)
    except OSError as exc:  # URLError, timeouts and refused connections are all OSErrors
        reason = getattr(exc, "reason", exc)
        raise SendError(f"the learning record store cannot be reached ({reason})") from None


def http_holds(config: LrsConfig, statement_id: str) -> bool:
    """Whether the LRS holds a statement with this id (GET /statements?statementId=...).

    Asked when the LRS did not name a statement among those it stored: an xAPI LRS leaves out
    of its answer, or answers 204 / 409 for, statements it already held (Ralph does). Raises
    SendError when the LRS cannot be reached.
    """
    from urllib.parse import quote

    url = config.statements_url() + "?statementId=" + quote(statement_id, safe="")
    request = _request(config, url, "GET")
    try:
        with _open(request, config.timeout) as reply:
            if reply.status != 200:
                return False
            value = json.loads(reply.read(5_000_000))
    except urllib.error.HTTPError:
        return False
    except OSError as exc:
        reason = getattr(exc, "reason", exc)
        raise SendError(f"the learning record store cannot be reached ({reason})") from None
    except ValueError:
        return False
    if isinstance(value, dict) and isinstance(value.get("statements"), list):  # Ralph 5.1 answers a page
        found = [s for s in value["statements"] if isinstance(s, dict)]
    else:
        found = [value] if isinstance(value, dict) else []
    return any(str(s.get("id", "")).lower() == statement_id.lower() for s in found)


def fetch_statements(config: LrsConfig, *, max_statements: int = 100_000) -> list[dict[str, Any]]:
    """Every statement the LRS returns to these credentials (GET /statements, following ``more``).

    For the cohort view's "read from the LRS"; raises SendError when the LRS cannot be read.
    """
    config.check()
    origin = config.origin()
    url = config.statements_url() + "?limit=500"
    out: list[dict[str, Any]] = []
    while url and len(out) < max_statements:
        request = urllib.request.Request(url, method="GET")
        request.add_header("X-Experience-API-Version", XAPI_VERSION)
        if config.username or config.password:
            token = base64.b64encode(f"{config.username}:{config.password}".encode()).decode("ascii")
            request.add_header("Authorization", f"Basic {token}")
        try:
            with _open(request, config.timeout) as reply:
                page = json.loads(reply.read(50_000_000))
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                where = exc.headers.get("Location", "") if exc.headers else ""
                raise SendError(_moved(exc.code, where)) from None
            if exc.code in (401, 403):
                raise SendError("the learning record store refused the user name or password") from None
            raise SendError(f"the learning record store could not be read (HTTP {exc.code})") from None
        except OSError as exc:
            raise SendError(
                f"the learning record store cannot be reached ({getattr(exc, 'reason', exc)})"
            ) from None
        except ValueError:
            raise SendError("the learning record store did not answer with xAPI statements") from None
        statements = page.get("statements") if isinstance(page, dict) else None
        if not isinstance(statements, list):
            raise SendError("the learning record store did not answer with xAPI statements")
        out += [s for s in statements if isinstance(s, dict)]
        more = page.get("more") or ""
        url = (more if more.startswith(("http://", "https://")) else origin + more) if more else ""
        if more and not _same_origin(url, origin):
            raise SendError("the learning record store pointed to another server for more statements")
    return out


def _same_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() == origin


def _moved(status: int, location: str) -> str:
    where = location.strip()[:200]
    if where:
        return (
            f"the learning record store answered that it has moved (HTTP {status}) to {where}; "
            "nothing was sent there: enter that address in Records > Learning record store if it is right"
        )
    return f"the learning record store answered with a redirect (HTTP {status}) and no new address"


def _acknowledged(body: bytes) -> set[str] | None:
    """The statement ids in an LRS's answer to a POST (a JSON array of strings), else None."""
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return {v.lower() for v in value}


# ---------------------------------------------------------------------------- queue


def _now() -> datetime:
    return datetime.now(UTC)


def enqueue(store: SessionStore, statements: Iterable[Mapping[str, Any]], session_id: int | None = None,
            *, now: Callable[[], datetime] = _now) -> int:  # fmt: skip
    """Queue statements; ones already queued (same id) are left as they are. Returns how many are new."""
    stamp = now().isoformat(timespec="milliseconds")
    added = 0
    with store.transaction(write=True) as conn:
        for s in statements:
            cur = conn.execute(
                "INSERT OR IGNORE INTO outbox (statement_id, session_id, statement, queued_at) "
                "VALUES (?, ?, ?, ?)",
                (str(s["id"]), session_id, json.dumps(dict(s), sort_keys=True, ensure_ascii=False), stamp),
            )
            added += cur.rowcount
    return added


@dataclass
class OutboxCounts:
    pending: int
    sent: int
    last_error: str


def counts(store: SessionStore) -> OutboxCounts:
    with store.transaction() as conn:
        pending = conn.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
        sent = conn.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").fetchone()[0]
        row = conn.execute(
            "SELECT last_error FROM outbox WHERE sent_at IS NULL AND last_error != '' "
            "ORDER BY tries DESC LIMIT 1"
        ).fetchone()
    return OutboxCounts(pending, sent, row[0] if row else "")


def queued_sessions(store: SessionStore) -> set[int]:
    """Sessions that have statements in the outbox (sent or not)."""
    with store.transaction() as conn:
        rows = conn.execute("SELECT DISTINCT session_id FROM outbox WHERE session_id IS NOT NULL").fetchall()
    return {r[0] for r in rows}


@dataclass
class Delivery:
    """What one :func:`deliver` run did, for the status bar."""

    sent: int = 0
    pending: int = 0
    error: str = ""

    @property
    def message(self) -> str:
        if self.error:
            return f"{self.pending} result statement(s) wait to be sent: {self.error}"
        if self.sent:
            return f"Sent {self.sent} result statement(s) to the learning record store."
        return "Every result has been sent to the learning record store." if not self.pending else ""


def deliver(store: SessionStore, config: LrsConfig, *, send: Sender = http_send, holds: Holds = http_holds,
            now: Callable[[], datetime] = _now, force: bool = False) -> Delivery:  # fmt: skip
    """Send what is due (everything pending when ``force``); returns what happened.

    ``holds`` asks the LRS whether it has a statement it did not confirm (see :func:`http_holds`).
    """
    config.check()
    result = Delivery()
    while True:
        batch = _due(store, now(), force)
        if not batch:
            break
        ok, failed, error, outage = _send_batch(config, batch, send, holds)
        _mark(store, ok, failed, error, now())
        result.sent += len(ok)
        if failed:
            result.error = error
        if outage or not ok:
            break  # down, refusing us, or only rejects left: stop for now, retry later
    result.pending = counts(store).pending
    return result


def _due(store: SessionStore, moment: datetime, force: bool) -> list[tuple[str, dict[str, Any]]]:
    stamp = moment.isoformat(timespec="milliseconds")
    query = "SELECT statement_id, statement FROM outbox WHERE sent_at IS NULL"
    params: tuple[Any, ...] = ()
    if not force:
        query += " AND (next_try_at = '' OR next_try_at <= ?)"
        params = (stamp,)
    with store.transaction() as conn:
        rows = conn.execute(query + " ORDER BY queued_at, rowid LIMIT ?", (*params, BATCH)).fetchall()
    return [(sid, json.loads(text)) for sid, text in rows]


def _confirm(config: LrsConfig, ids: list[str], stored: set[str], holds: Holds
             ) -> tuple[list[str], list[str], str, bool]:  # fmt: skip
    """Split ``ids`` into confirmed (named in ``stored``, or found by asking) and not."""
    ok = [sid for sid in ids if sid.lower() in stored]
    failed: list[str] = []
    for n, sid in enumerate(ids):
        if sid.lower() in stored:
            continue
        try:
            (ok if holds(config, sid) else failed).append(sid)
        except SendError as exc:
            rest = [s for s in ids[n:] if s.lower() not in stored]
            return ok, failed + rest, str(exc), True
    error = f"the learning record store did not confirm {len(failed)} statement(s)" if failed else ""
    return ok, failed, error, bool(failed) and not ok


def _send_batch(config: LrsConfig, batch: list[tuple[str, dict[str, Any]]], send: Sender, holds: Holds
                ) -> tuple[list[str], list[str], str, bool]:  # fmt: skip
    """(sent ids, failed ids, error for the user, whether the whole LRS is unavailable)."""
    ids = [sid for sid, _ in batch]
    try:
        reply = send(config, [s for _, s in batch])
    except SendError as exc:
        return [], ids, str(exc), True
    if reply.status == 200:
        stored = _acknowledged(reply.body)
        if stored is None:
            return [], ids, _NO_IDS, True
        return _confirm(config, ids, stored, holds)
    if 300 <= reply.status < 400:
        return [], ids, _moved(reply.status, reply.location), True
    if reply.status == 204 or (reply.status == 409 and len(batch) == 1):
        # "nothing new stored" (Ralph, for statements it already holds): confirm each by asking
        return _confirm(config, ids, set(), holds)
    if 200 < reply.status < 300:
        return [], ids, f"the learning record store did not confirm them (HTTP {reply.status})", True
    if reply.status in (401, 403):
        return [], ids, "the learning record store refused the user name or password", True
    if reply.status >= 500 or reply.status == 429:
        return [], ids, f"the learning record store had a problem (HTTP {reply.status})", True
    if len(batch) == 1:
        return [], ids, f"the learning record store rejected a statement (HTTP {reply.status})", False
    # a 400 or 409 for a batch names no culprit: send them one by one so the rest get through
    ok: list[str] = []
    failed: list[str] = []
    error = ""
    for n, one in enumerate(batch):
        o, f, e, outage = _send_batch(config, [one], send, holds)
        ok += o
        failed += f
        error = error or e
        if outage:
            failed += ids[n + 1 :]
            return ok, failed, e, True
    return ok, failed, error, False


def _mark(store: SessionStore, ok: list[str], failed: list[str], error: str, moment: datetime) -> None:
    stamp = moment.isoformat(timespec="milliseconds")
    with store.transaction(write=True) as conn:
        conn.executemany(
            "UPDATE outbox SET sent_at = ?, last_error = '', next_try_at = '' WHERE statement_id = ?",
            [(stamp, sid) for sid in ok],
        )
        for sid in failed:
            tries = conn.execute("SELECT tries FROM outbox WHERE statement_id = ?", (sid,)).fetchone()[0] + 1
            wait = min(FIRST_BACKOFF * 2 ** (tries - 1), MAX_BACKOFF)
            conn.execute(
                "UPDATE outbox SET tries = ?, last_error = ?, next_try_at = ? WHERE statement_id = ?",
                (
                    tries,
                    error[:300],
                    (moment + timedelta(seconds=wait)).isoformat(timespec="milliseconds"),
                    sid,
                ),
            )
