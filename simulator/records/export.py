"""Result files: attempt records written as JSON, CSV or xAPI, and read back (for the cohort).

* JSON: ``{"format": ..., "exported_at": ..., "attempts": [record, ...]}`` with every record whole
  (report, actions, timeline), so a JSON export can be replayed or re-imported losslessly.
* CSV: one ``attempt`` row per attempt (score, percent, critical errors, one column per domain)
  followed by one ``item`` row per rubric item (guidance id, domain, earned, max, critical, source).
  Cells that a spreadsheet would run as a formula are prefixed with ``'``.
* xAPI: a JSON array of xAPI 1.0.3 statements (:mod:`simulator.records.xapi`).

:func:`read_results` reads any of the three back into the shape the cohort view needs
(records whose ``report.items`` hold each item's result).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.plaintext import visible_text
from simulator.records import xapi

EXPORT_FORMAT = "opioid-care-simulator/results/1"
FORMATS = ("csv", "json", "xapi")
DOMAINS = ("interview", "communication", "assessment", "plan", "course")
CSV_COLUMNS = (
    "row",
    "attempt",
    "trainee",
    "scenario",
    "case",
    "variant",
    "started_at",
    "finished_at",
    "finished",
    "score",
    "max_score",
    "percent",
    "critical_errors",
    *(f"domain_{d}" for d in DOMAINS),
    "item",
    "item_title",
    "guidance",
    "domain",
    "earned",
    "max",
    "critical",
    "kind",
    "counted",
    "source",
    "check_before",
    "check_after",
)
_MARK = {True: "right", False: "wrong", None: ""}
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""A cell starting with one of these is run as a formula by some spreadsheet (OWASP's list, plus
the full-width forms); it is written with a leading ``'``."""
MAX_IMPORT_BYTES = 64 * 1024 * 1024


class ResultsError(Exception):
    """A results file cannot be read or written; ``str()`` is for the user."""


def render(records: Iterable[Mapping[str, Any]], fmt: str, config: xapi.XapiConfig | None = None) -> str:
    """The text of an export in ``fmt`` (csv, json or xapi)."""
    records = list(records)
    if fmt == "json":
        doc = {
            "format": EXPORT_FORMAT,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "attempts": records,
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "xapi":
        statements = [s for r in records for s in xapi.statements(r, config)]
        return json.dumps(statements, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(records)
    raise ResultsError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write(
    records: Iterable[Mapping[str, Any]],
    fmt: str,
    path: str | os.PathLike[str],
    config: xapi.XapiConfig | None = None,
) -> None:
    """Write an export atomically (a half-written file never replaces a good one)."""
    write_text_atomic(path, render(records, fmt, config))


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` under a temporary name, then rename it over ``path``; ResultsError if it fails."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise ResultsError(f"cannot write {target}: {exc.strerror or exc}") from None


def csv_cell(value: Any) -> Any:
    """A CSV cell as written: a leading ``'`` before what a spreadsheet would run as a formula,
    and before a leading ``'`` (so a name such as ``'Neil`` reads back as it was)."""
    if isinstance(value, str):
        value = visible_text(value)
        if value.startswith((*_FORMULA, "'")):
            return "'" + value
    return value


def csv_uncell(value: str) -> str:
    """The inverse of :func:`csv_cell`."""
    if value.startswith("'") and value[1:2] and value[1:2] in (*_FORMULA, "'"):
        return value[1:]
    return value


def _csv(records: list[Mapping[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for r in records:
        report = r.get("report", {})
        base = {
            "attempt": r.get("attempt", ""),
            "trainee": r.get("trainee", ""),
            "scenario": r.get("scenario", ""),
            "case": r.get("title", ""),
            "variant": r.get("variant", ""),
            "started_at": r.get("started_at") or "",
            "finished_at": r.get("finished_at") or "",
            "finished": "yes" if r.get("finished") else "no",
        }
        domains = {f"domain_{d['domain']}": f"{d['earned']}/{d['max']}" for d in report.get("domains", [])}
        writer.writerow(
            {
                k: csv_cell(v)
                for k, v in {
                    "row": "attempt",
                    **base,
                    "score": report.get("score", 0),
                    "max_score": report.get("max_score", 0),
                    "percent": report.get("percent", 0),
                    "critical_errors": "; ".join(report.get("critical", [])),
                    **domains,
                }.items()
            }
        )
        for item in report.get("items", []):
            writer.writerow(
                {
                    k: csv_cell(v)
                    for k, v in {
                        "row": "item",
                        **base,
                        "item": item.get("id", ""),
                        "item_title": item.get("title", ""),
                        "guidance": item.get("guidance", ""),
                        "domain": item.get("domain", ""),
                        "earned": item.get("earned", 0),
                        "max": item.get("max", 0),
                        "critical": "yes" if item.get("critical") else "no",
                        "kind": item.get("kind", "rubric"),
                        "counted": "no" if item.get("applies", True) is False else "yes",
                        "source": item.get("source", ""),
                    }.items()
                }
            )
        for row in (report.get("check") or {}).get("items", []):  # the check before and after
            if row.get("before") is None and row.get("after") is None:
                continue  # not answered at either stage
            writer.writerow(
                {
                    k: csv_cell(v)
                    for k, v in {
                        "row": "check",
                        **base,
                        "item": row.get("item", ""),
                        "item_title": row.get("stem", ""),
                        "guidance": "; ".join(row.get("guidance", [])),
                        "check_before": _MARK.get(row.get("before"), ""),
                        "check_after": _MARK.get(row.get("after"), ""),
                    }.items()
                }
            )
    return buf.getvalue()


# ---------------------------------------------------------------------------- reading


def read_results(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Attempt records (at least ``report.items``) from a JSON, CSV or xAPI results file."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_IMPORT_BYTES:
            raise ResultsError(f"{p} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
        text = p.read_bytes().decode("utf-8-sig")  # no newline translation: a CR inside a cell stays
    except OSError as exc:
        raise ResultsError(f"cannot read {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ResultsError(f"{p} is not a text file (UTF-8)") from None
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise ResultsError(f"{p} is not valid JSON ({exc})") from None
        if (
            isinstance(doc, dict)
            and doc.get("format") == EXPORT_FORMAT
            and isinstance(doc.get("attempts"), list)
        ):
            return [_checked(r, p) for r in doc["attempts"]]
        if isinstance(doc, list) and all(isinstance(s, dict) and "verb" in s for s in doc):
            return from_statements(doc)
        raise ResultsError(f"{p} is JSON but not a results export or a list of xAPI statements")
    if stripped.startswith("row,"):
        return _read_csv(text, p)
    raise ResultsError(f"{p} is not a results file (JSON, CSV or xAPI export)")


def _checked(record: Any, path: Path) -> dict[str, Any]:
    if not isinstance(record, dict) or not isinstance(record.get("report"), dict):
        raise ResultsError(f"{path}: an attempt has no report")
    items = record["report"].get("items")
    if not isinstance(items, list) or not all(isinstance(i, dict) and "id" in i for i in items):
        raise ResultsError(f"{path}: an attempt's items are damaged")
    for item in items:
        for key in ("earned", "max"):
            value = item.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or not -10_000 <= value <= 10_000:
                raise ResultsError(f"{path}: item {str(item['id'])[:60]!r} has no whole-number {key!r}")
    return record


def _read_csv(text: str, path: Path) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"row", "attempt", "item", "earned", "max"} <= set(reader.fieldnames):
        raise ResultsError(f"{path} is a CSV file but not a results export (columns are missing)")
    records: dict[str, dict[str, Any]] = {}
    for n, row in enumerate(reader, start=2):
        row = {k: csv_uncell(v or "") for k, v in row.items() if k}
        key = row["attempt"]
        rec = records.setdefault(
            key,
            {
                "attempt": key,
                "trainee": row.get("trainee", ""),
                "scenario": row.get("scenario", ""),
                "title": row.get("case", ""),
                "variant": row.get("variant", ""),
                "started_at": row.get("started_at", ""),
                "finished_at": row.get("finished_at") or None,
                "finished": row.get("finished") == "yes",
                "report": {"items": [], "critical": [], "domains": []},
            },
        )
        try:
            if row["row"] == "attempt":
                rec["report"].update(
                    score=int(row["score"] or 0),
                    max_score=int(row["max_score"] or 0),
                    percent=int(row["percent"] or 0),
                    critical=[c for c in row.get("critical_errors", "").split("; ") if c],
                    scenario=rec["scenario"],
                    title=rec["title"],
                )
                for d in DOMAINS:
                    cell = row.get(f"domain_{d}", "")
                    if cell:
                        earned, mx = cell.split("/")
                        rec["report"]["domains"].append(
                            {"domain": d, "title": d.title(), "earned": int(earned), "max": int(mx)}
                        )
            elif row["row"] == "item":
                rec["report"]["items"].append(
                    {
                        "id": row["item"],
                        "title": row.get("item_title", ""),
                        "guidance": row.get("guidance", ""),
                        "domain": row.get("domain", ""),
                        "earned": int(row["earned"]),
                        "max": int(row["max"]),
                        "critical": row.get("critical") == "yes",
                        "kind": row.get("kind") or "rubric",
                        "applies": row.get("counted", "yes") != "no",
                        "source": row.get("source", ""),
                    }
                )
            elif row["row"] == "check":
                marks = {"right": True, "wrong": False, "": None}
                check = rec["report"].setdefault("check", {"asked": True, "items": []})
                check["items"].append(
                    {
                        "item": row["item"],
                        "stem": row.get("item_title", ""),
                        "guidance": [g for g in row.get("guidance", "").split("; ") if g],
                        "before": marks[row.get("check_before", "")],
                        "after": marks[row.get("check_after", "")],
                    }
                )
            else:
                raise ValueError(f"unknown row kind {row['row']!r}")
        except (ValueError, KeyError) as exc:
            raise ResultsError(f"{path}:{n}: this row cannot be read ({exc})") from None
    return list(records.values())


def from_statements(statements: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rebuild per-attempt item results from xAPI statements (ours, as an LRS returns them).

    An LRS holds other activity providers' statements too: only statements that carry the
    Virtual Patient profile and one of our verbs are read. Raises ValueError/TypeError for one
    of ours that is damaged.
    """
    records: dict[str, dict[str, Any]] = {}
    for s in statements:
        if not _ours(s):
            continue
        context = s.get("context") or {}
        registration = context.get("registration")
        verb = (s.get("verb") or {}).get("id", "")
        obj = s.get("object") or {}
        if not registration:
            continue
        actor = s.get("actor") or {}
        rec = records.setdefault(
            registration,
            {
                "attempt": registration,
                "trainee": (actor.get("account") or {}).get("name") or actor.get("name", ""),
                "scenario": "",
                "title": "",
                "started_at": "",
                "finished_at": None,
                "finished": False,
                "report": {"items": [], "critical": [], "domains": []},
            },
        )
        name = next(iter(((obj.get("definition") or {}).get("name") or {}).values()), "")
        result = s.get("result") or {}
        score = result.get("score") or {}
        if verb == xapi.VERBS["launched"]:
            rec["scenario"] = obj.get("id", "").rsplit("/", 1)[-1]
            rec["title"] = name
            rec["started_at"] = s.get("timestamp", "")
        elif verb == xapi.VERBS["scored"] and "/items/" in obj.get("id", ""):
            ext = (obj.get("definition") or {}).get("extensions") or {}
            rext = result.get("extensions") or {}
            if not rec["scenario"]:
                rec["scenario"] = obj["id"].split("/items/")[0].rsplit("/", 1)[-1]
            rec["report"]["items"].append(
                {
                    "id": obj["id"].rsplit("/", 1)[-1],
                    "title": name,
                    "guidance": _ext(ext, "guidance"),
                    "domain": _ext(ext, "domain"),
                    "source": _ext(ext, "source"),
                    "earned": int(score.get("raw", -int(_ext(rext, "points-lost") or 0))),
                    "max": int(score.get("max", 0)),
                    "critical": bool(_ext(rext, "critical-error")),
                    "kind": _ext(ext, "kind") or "rubric",
                }
            )
        elif verb == xapi.VERBS["answered"] and "/check/" in obj.get("id", ""):
            # an answer to the check before or after the case (learning gain)
            stage, item = obj["id"].split("/check/", 1)[1].split("/", 1)
            ext = (obj.get("definition") or {}).get("extensions") or {}
            check = rec["report"].setdefault("check", {"asked": True, "items": []})
            row = next((r for r in check["items"] if r["item"] == item), None)
            if row is None:
                row = {
                    "item": item,
                    "stem": name,
                    "guidance": list(_ext(ext, "guidance") or []),
                    "before": None,
                    "after": None,
                }
                check["items"].append(row)
            if stage in ("before", "after") and isinstance(result.get("success"), bool):
                row[stage] = result["success"]
        elif verb == xapi.VERBS["completed"]:
            rec["finished"] = True
            rec["finished_at"] = s.get("timestamp")
            rec["report"].update(
                score=int(score.get("raw", 0)),
                max_score=int(score.get("max", 0)),
                percent=round(100 * float(score.get("scaled", 0))),
                critical=list(_ext(result.get("extensions") or {}, "critical-errors") or []),
            )
    return [r for r in records.values() if r["report"]["items"]]


def _ours(statement: Mapping[str, Any]) -> bool:
    if not isinstance(statement, Mapping):
        return False
    verb = statement.get("verb")
    context = statement.get("context")
    if (
        not isinstance(verb, Mapping)
        or verb.get("id") not in xapi.VERBS.values()
        or not isinstance(context, Mapping)
    ):
        return False
    activities = context.get("contextActivities")
    category = activities.get("category") if isinstance(activities, Mapping) else None
    return isinstance(category, list) and any(
        isinstance(c, Mapping) and c.get("id") == xapi.VP_PROFILE for c in category
    )


def _ext(extensions: Mapping[str, Any], name: str) -> Any:
    for key, value in extensions.items():
        if key.endswith("/extensions/" + name):
            return value
    return ""
