"""xAPI 1.0.3 statements for an attempt record (see :mod:`simulator.control.results`).

Verbs: the MedBiquitous Virtual Patient profile (``https://w3id.org/xapi/virtual-patient``,
MedBiquitous Learning Experience Working Group, draft v1.0) where it has one for the event,
ADL verbs otherwise:

==========================  ==========================================  =====================
event                       verb                                        object
==========================  ==========================================  =====================
the case starts             ADL ``launched``                            the case (simulation)
a step or visit is reached  MedBiquitous ``arrived`` (VP profile)       the step
an interview question       ADL ``asked``                               the question (interaction)
assessment, plan, decision  ADL ``answered``                            the form (interaction)
each rubric item            ADL ``scored``                              the item, parent the case
the debrief is reached      ADL ``completed``                           the case, scaled score
pass / fail                 ADL ``passed`` / ``failed``                 the case, scaled score
==========================  ==========================================  =====================

Every statement carries ``context.registration`` = the attempt id, the VP profile in
``contextActivities.category`` (as the profile asks), the case as ``parent`` or ``grouping``,
and the platform. Statement ids are uuid5 of the attempt id and the statement's place in the
attempt, so building the statements of an attempt twice gives the same ids and an LRS that
receives them twice keeps one copy (xAPI 1.0.3: a statement id is unique in an LRS).

The pass rule is a local programme setting, not clinical guidance: an attempt passes when it
has no critical error and reaches ``pass_percent`` (70 unless the settings say otherwise).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from simulator.plaintext import visible_text

XAPI_VERSION = "1.0.3"
VP_PROFILE = "https://w3id.org/xapi/virtual-patient"
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "launched": ADL + "launched",
    "arrived": "https://w3id.org/xapi/medbiq/verbs/arrived",
    "asked": ADL + "asked",
    "answered": ADL + "answered",
    "scored": ADL + "scored",
    "completed": ADL + "completed",
    "passed": ADL + "passed",
    "failed": ADL + "failed",
}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"
LANG = "en-US"


@dataclass(frozen=True)
class XapiConfig:
    """Where the statements say they come from; a programme sets these to its own IRIs."""

    base: str = "https://opioid-care-simulator.example/xapi"
    home_page: str = "https://opioid-care-simulator.example"
    platform: str = "Opioid Care Simulator"
    pass_percent: int = 70

    def ext(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"

    def case(self, scenario: str) -> str:
        return f"{self.base}/cases/{quote(scenario, safe='')}"


def passed(record: Mapping[str, Any], pass_percent: int = 70) -> bool:
    """The local pass rule: finished, no critical error, at least ``pass_percent`` of the points."""
    report = record.get("report", {})
    return (
        bool(record.get("finished"))
        and not report.get("critical")
        and report.get("percent", 0) >= pass_percent
    )


def statements(record: Mapping[str, Any], config: XapiConfig | None = None) -> list[dict[str, Any]]:
    """Every statement of one attempt, in the order things happened."""
    cfg = config or XapiConfig()
    report = record.get("report", {})
    scenario = str(record.get("scenario") or report.get("scenario"))
    attempt = uuid.UUID(str(record["attempt"]))
    case_id = cfg.case(scenario)
    case = _activity(case_id, str(record.get("title") or report.get("title") or scenario), SIMULATION)
    actor = _actor(str(record.get("trainee") or ""), cfg)
    started = str(record.get("started_at") or "")
    finished_at = str(record.get("finished_at") or "")
    times: Sequence[str] = record.get("recorded_at") or ()
    out: list[dict[str, Any]] = []

    def add(
        key: str,
        verb: str,
        obj: dict[str, Any],
        *,
        when: str = "",
        result: dict | None = None,
        parent: bool = True,
    ) -> None:
        statement: dict[str, Any] = {
            "id": str(uuid.uuid5(attempt, f"{len(out)}:{verb}:{key}")),
            "actor": actor,
            "verb": {"id": VERBS[verb], "display": {LANG: verb}},
            "object": obj,
            "context": _context(attempt, cfg, case_id if parent else None),
        }
        if result:
            statement["result"] = result
        if when:
            statement["timestamp"] = when
        out.append(statement)

    add("case", "launched", case, when=started, parent=False)
    for key, obj, result, when in _check_statements(report, case_id, actions_of(record), times, "before",
                                                    cfg):
        add(key, "answered", obj, when=when, result=result)
    timeline = report.get("timeline", [])
    actions: Sequence[Mapping[str, Any]] = record.get("actions") or ()
    steps: Sequence[str] = record.get("steps") or [t.get("step", "") for t in timeline]
    last_step = None
    for n, action in enumerate(actions):
        when = times[n] if n < len(times) else ""
        step = steps[n] if n < len(steps) else ""
        if step and step != last_step:
            add(
                f"step:{step}",
                "arrived",
                _activity(f"{case_id}/steps/{_slug(step)}", step, SIMULATION),
                when=when,
            )
            last_step = step
        text = visible_text(str(timeline[n]["text"])) if n < len(timeline) else ""
        kind = action.get("type")
        if kind == "ask":
            key = str(action.get("intent") or "unmatched")
            obj = _interaction(
                f"{case_id}/questions/{quote(key, safe='.')}", text.removeprefix("Asked: "), "fill-in"
            )
            typed = visible_text(str(action.get("text") or text))
            add(f"ask:{n}", "asked", obj, when=when, result={"response": typed})
        elif kind in ("assess", "plan", "decide"):
            where = "decision" if kind == "decide" else kind
            title = {"assess": "Assessment", "plan": "Plan", "decide": f"Decision at {step}"}[kind]
            obj = _interaction(
                f"{case_id}/{where}/{_slug(step) if kind == 'decide' else 'form'}", title, "choice"
            )
            add(f"{kind}:{n}", "answered", obj, when=when, result={"response": text})
    if not record.get("finished"):
        return out
    for item, obj, result in _item_statements(report, case_id, cfg):
        add(f"item:{item['id']}", "scored", obj, when=finished_at, result=result)
    score, mx = int(report.get("score", 0)), int(report.get("max_score", 0))
    summary = {
        "score": _score(score, mx),
        "completion": True,
        "extensions": {cfg.ext("critical-errors"): list(report.get("critical", []))},
    }
    if record.get("seed") is not None:  # which variant of the case (patient, doses) was played
        summary["extensions"][cfg.ext("case-seed")] = int(record["seed"])
        summary["extensions"][cfg.ext("case-variant")] = str(record.get("variant", ""))
    duration = _duration(started, finished_at)
    if duration:
        summary["duration"] = duration
    add("case", "completed", case, when=finished_at, result=summary, parent=False)
    ok = passed(record, cfg.pass_percent)
    add(
        "case",
        "passed" if ok else "failed",
        case,
        when=finished_at,
        result={**summary, "success": ok},
        parent=False,
    )
    # The check after the debrief comes last: answered after the finish, its statements may be
    # queued later, and the ones before keep their ids (the outbox never sends one twice).
    for key, obj, result, when in _check_statements(report, case_id, actions, times, "after", cfg):
        add(key, "answered", obj, when=when, result=result)
    return out


def _item_statements(
    report: Mapping[str, Any], case_id: str, cfg: XapiConfig
) -> list[tuple[Mapping[str, Any], dict[str, Any], dict[str, Any]]]:
    """(item, object, result) for each scored rubric item and plan-safety finding."""
    out = []
    for item in report.get("items", []):
        if item.get("applies", True) is False:
            continue  # left out of the score: not scored
        mx = int(item.get("max", 0))
        earned = int(item.get("earned", 0))
        kind = str(item.get("kind") or "rubric")
        obj = _activity(
            f"{case_id}/items/{quote(str(item['id']), safe='')}",
            str(item.get("title", item["id"])),
            OBJECTIVE,
        )
        obj["definition"]["extensions"] = {
            cfg.ext("guidance"): str(item.get("guidance", "")),
            cfg.ext("domain"): str(item.get("domain", "")),
            cfg.ext("source"): str(item.get("source", "")),
            cfg.ext("kind"): kind,
        }
        result: dict[str, Any] = {"extensions": {cfg.ext("critical-error"): bool(item.get("critical"))}}
        if kind == "safety" or mx <= 0:
            # a plan-safety finding: no score of its own, it costs points from the total
            result["success"] = False
            result["extensions"][cfg.ext("points-lost")] = max(0, -earned)
        else:
            result["score"] = _score(earned, mx)
            result["success"] = earned >= mx
        out.append((item, obj, result))
    return out


def actions_of(record: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    return record.get("actions") or ()


def _check_statements(
    report: Mapping[str, Any], case_id: str, actions: Sequence[Mapping[str, Any]], times: Sequence[str],
    stage: str, cfg: XapiConfig,
) -> list[tuple[str, dict[str, Any], dict[str, Any], str]]:
    """(key, object, result, time) for each answer to the check ``stage`` the case."""
    out = []
    for n, action in enumerate(actions):
        if action.get("type") != "check" or action.get("stage") != stage or action.get("skip"):
            continue
        obj, result = _check_answer(report, case_id, action, f"Check {stage} the case", cfg)
        out.append((f"check:{stage}:{action.get('item')}", obj, result, times[n] if n < len(times) else ""))
    return out


def _check_answer(report: Mapping[str, Any], case_id: str, action: Mapping[str, Any], name: str,
                  cfg: XapiConfig) -> tuple[dict[str, Any], dict[str, Any]]:
    """The object and result of one answer to the check before or after the case."""
    stage, item = str(action.get("stage")), str(action.get("item"))
    row = _check_row(report, item)
    iri = f"{case_id}/check/{stage}/{quote(item, safe='')}"
    obj = _interaction(iri, str(row.get("stem") or name), "choice")
    obj["definition"]["extensions"] = {cfg.ext("guidance"): list(row.get("guidance", []))}
    result: dict[str, Any] = {"response": "[,]".join(str(i) for i in action.get("answer", ()))}
    right = _check_outcome(report, item, stage)
    if right is not None:
        result["success"] = right
    return obj, result


def _check_outcome(report: Mapping[str, Any], item: str, stage: str) -> bool | None:
    for row in (report.get("check") or {}).get("items", []):
        if row.get("item") == item:
            return row.get(stage)
    return None


def _check_row(report: Mapping[str, Any], item: str) -> Mapping[str, Any]:
    for row in (report.get("check") or {}).get("items", []):
        if row.get("item") == item:
            return row
    return {}


def _actor(trainee: str, cfg: XapiConfig) -> dict[str, Any]:
    name = trainee or "Unnamed trainee"
    return {"objectType": "Agent", "name": name, "account": {"homePage": cfg.home_page, "name": name}}


def _context(attempt: uuid.UUID, cfg: XapiConfig, parent: str | None) -> dict[str, Any]:
    activities: dict[str, Any] = {"category": [{"id": VP_PROFILE, "objectType": "Activity"}]}
    if parent:
        activities["parent"] = [{"id": parent, "objectType": "Activity"}]
    return {
        "registration": str(attempt),
        "platform": cfg.platform,
        "language": LANG,
        "contextActivities": activities,
    }


def _activity(iri: str, name: str, kind: str) -> dict[str, Any]:
    return {"objectType": "Activity", "id": iri, "definition": {"type": kind, "name": {LANG: name or iri}}}


def _interaction(iri: str, name: str, interaction: str) -> dict[str, Any]:
    obj = _activity(iri, name, INTERACTION)
    obj["definition"]["interactionType"] = interaction
    return obj


def _score(raw: int, mx: int) -> dict[str, Any]:
    """xAPI score: min <= raw <= max and scaled in [-1, 1] (a total can dip below 0 with safety costs)."""
    low = min(0, raw)
    high = max(mx, raw, low + 1)
    scaled = raw / mx if mx > 0 else 0.0
    return {"scaled": round(max(-1.0, min(1.0, scaled)), 4), "raw": raw, "min": low, "max": high}


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "step"


def _duration(start: str, end: str) -> str:
    try:
        seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    except (TypeError, ValueError):
        return ""
    if seconds < 0:
        return ""
    return f"PT{int(seconds // 3600)}H{int(seconds % 3600 // 60)}M{int(seconds % 60)}S"
