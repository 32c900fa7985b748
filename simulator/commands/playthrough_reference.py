"""The "Playthrough files" part of docs/REFERENCE.md, generated from the action models.

Every action type of :mod:`simulator.engine.actions` with its fields, their types, allowed values
and limits, the plan action's nested ``taper`` fields, and the guard variable each field sets
(``plan.taper_percent`` for ``taper: {percent}``), so the format never has to be guessed.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

from pydantic import BaseModel

from simulator.clinical import plan as plan_decl
from simulator.commands.expect import EXPECT_KEYS, TOP_KEYS
from simulator.engine import actions as act
from simulator.scenario import vocabulary as vocab

_PLAIN = {str: "text", bool: "`true` \\| `false`", int: "whole number", float: "number"}


def _type_name(annotation: Any) -> str:
    """The type in plain words: text, number, `true` | `false`, a list of allowed ids."""
    if annotation in _PLAIN:
        return _PLAIN[annotation]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"map ({annotation.__name__.lower()} fields below)"
    origin, args = get_origin(annotation), get_args(annotation)
    if str(origin) == "typing.Literal":
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    names = [_type_name(a) for a in args if a is not type(None)]
    return " or ".join(names) + (" or `null`" if type(None) in args else "")


MODELS: dict[str, type[BaseModel]] = {
    "advance": act.Advance,
    "ask": act.Ask,
    "say": act.Say,
    "mark": act.Mark,
    "assess": act.Assess,
    "plan": act.Plan,
    "decide": act.Decide,
    "check": act.Check,
    "visit_ask": act.VisitAsk,
    "cows": act.Cows,
}

PURPOSE = {
    "advance": "Move on to the next step (chart, interview, assessment, plan, each visit, debrief).",
    "ask": "Ask the patient a question during the interview.",
    "say": "Say something to the patient (acknowledging the pain, empathy, anything typed).",
    "mark": "Mark (or clear) a DSM-5 criterion in the live tracker during the interview or assessment.",
    "assess": "Record the assessment (only at the assessment step).",
    "plan": "Record the treatment plan (only at the plan step).",
    "decide": "Choose one of a visit's choices (only at a visit with a decision, once).",
    "check": "Answer a check item (the scenario's `check:`) before anything else, or once the debrief "
    "is reached; or skip the rest of a stage.",
    "visit_ask": "Ask the patient a question at a follow-up visit: answered from that day's course (the "
    "visit's own `answers:` first); earns no interview points. Fields as for `ask`.",
    "cows": "Score the patient's withdrawal (COWS) at a visit from the signs shown there.",
}

MEANING = {
    ("advance", "trigger"): "Transition trigger of the flow; `advance` unless the flow names another.",
    ("ask", "intent"): "Interview intent id (see Interview intents above) or a case topic id; null = not "
    "understood.",
    ("ask", "text"): "The question as typed; empty = the question bank's wording.",
    (
        "ask",
        "via",
    ): "`bank` = picked from the question list; `free` = typed (checked for stigmatising words).",
    ("ask", "off_topic"): "The question was not about the case.",
    ("ask", "follow_up"): 'Read from the conversation so far ("and the pills?").',
    ("ask", "nothing_more"): '"Anything else?" with nothing left to say.',
    ("ask", "suggestions"): "Topics the patient offered when asking what was meant.",
    ("say", "text"): "What the trainee says.",
    (
        "say",
        "kind",
    ): "Counted as acknowledging the pain or as empathy even if the words are not recognised.",
    ("mark", "criterion"): "DSM-5 criterion id.",
    ("mark", "present"): "`false` clears the mark.",
    ("mark", "evidence"): "What the patient said that supports it.",
    ("assess", "diagnosis"): "Working diagnosis.",
    ("assess", "criteria"): "DSM-5 criteria judged present.",
    ("assess", "supervised_use"): "Takes opioids solely as prescribed under supervision (tolerance and "
    "withdrawal then do not count).",
    ("assess", "severity"): "Severity of opioid use disorder.",
    ("assess", "oih"): "Opioid-induced hyperalgesia suspected.",
    ("assess", "risk_factors"): "Overdose and misuse risk factors identified.",
    # the plan's fields say what they mean in the one plan declaration (simulator.clinical.plan)
    **{(spec.group or "plan", spec.key or name): spec.meaning for name, spec in plan_decl.declared()},
    ("plan", "taper"): "Required when `opioid: taper`.",
    ("check", "stage"): "`before` (only before any other action) or `after` (only at the debrief).",
    ("check", "item"): "The check item's id (`check[].id`); empty with `skip`.",
    ("check", "answer"): "Numbers of the options chosen, from 0: the one best answer, or the statements "
    "marked true.",
    ("check", "skip"): "Skip the rest of this stage (no item or answer).",
    ("cows", "items"): "A score for each of the eleven COWS signs (`pulse`, `sweating`, `restlessness`, "
    "`pupils`, `aches`, `runny_nose`, `gi_upset`, `tremor`, `yawning`, `anxiety`, `gooseflesh`), each one of "
    "that sign's scale values.",
    ("decide", "choice"): "Choice id of the visit's decision (the scenario's `flow.states[].decision."
    "choices[].id`).",
}

# a question at a visit is read as an interview question is: its fields mean the same
MEANING.update({("visit_ask", name): text for (owner, name), text in list(MEANING.items()) if owner == "ask"})

TOP_MEANING = {
    "scenario": ("text", "The scenario id (the file name before the first dot if left out)."),
    "seed": ("whole number", "Optional: which variant of the case to play (cases with variants only)."),
    "expect": (
        "map",
        "What replaying the actions must produce (below); `python -m simulator test` checks it.",
    ),
    "actions": ("list of actions", "The trainee's actions in order (below)."),
}

EXPECT_MEANING = {
    "score": (
        "`full` or number or `{min: N, max: M}`",
        "`full` = the most this session could earn; a number = "
        "exactly that score; a range = at least `min` and at most `max` (either may be left out).",
    ),
    "critical": (
        "list of guidance ids",
        "The exact set of critical errors the debrief reports, order ignored; `[]` = none.",
    ),
    "finished": ("`true` \\| `false`", "Whether the log reaches the debrief."),
    "state": ("text", "The flow state the log ends in, e.g. `debrief`."),
    "language": ("list of words", "Stigmatising words the debrief must name (others may be named too)."),
}


def _variable(owner: str, name: str, variables: dict[str, Any]) -> str:
    candidates = {
        "plan": f"plan.{name}",
        "assess": f"dx.{name}",
        "taper": f"plan.taper_{name}",
    }
    if (owner, name) == ("ask", "intent"):
        return "`asked`"
    if (owner, name) == ("decide", "choice"):
        return "`decisions` (`<state>.<choice>`)"
    var = candidates.get(owner)
    return f"`{var}`" if var in variables else ""


def _limits(field: Any) -> str:
    parts = []
    for meta in field.metadata:
        for attr, word in (
            ("gt", "more than"),
            ("ge", "at least"),
            ("lt", "less than"),
            ("le", "at most"),
            ("min_length", "at least"),
            ("max_length", "at most"),
        ):
            value = getattr(meta, attr, None)
            if value is not None:
                unit = (
                    (" character" if value == 1 else " characters")
                    if "length" in attr and field.annotation is str
                    else (" items" if "length" in attr else "")
                )
                parts.append(f"{word} {value}{unit}")
    return ", ".join(parts)


def _default(field: Any) -> str:
    if field.is_required():
        return ""
    value = field.default
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == "":
        return "empty"
    return f"`{value!r}`".replace("'", "")


def _table(owner: str, model: type[BaseModel], variables: dict[str, Any]) -> list[str]:
    rows = [
        "| field | type and allowed values | required | default | limits | guard variable | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, field in model.model_fields.items():
        if name == "type":
            continue
        rows.append(
            f"| `{name}` | {_type_name(field.annotation)} | {'yes' if field.is_required() else ''} | "
            f"{_default(field)} | {_limits(field)} | {_variable(owner, name, variables)} | "
            f"{MEANING.get((owner, name), field.description or '')} |"
        )
    return rows


def playthrough_reference() -> str:
    """The "Playthrough files" section as Markdown."""
    variables = vocab.base_variables()
    out = [
        "",
        "# Playthrough files",
        "",
        "A playthrough is a scripted list of the trainee's actions for one scenario, kept in "
        "`scenarios/playthroughs/<scenario-id>.<name>.yaml` (name: `expert`, `poor`, or any word such as "
        "`poor-detox`). `python -m simulator play SCENARIO --actions FILE` replays one; "
        "`python -m simulator test PATH...` replays them all and checks each `expect:` block. Every "
        "scenario needs an `expert` playthrough expecting `score: full` and `critical: []` and at least "
        "one `poor` playthrough expecting a critical error.",
        "",
        "## The file",
        "",
        "| key | type | meaning |",
        "|---|---|---|",
    ]
    for key in TOP_KEYS:
        kind, text = TOP_MEANING[key]
        out.append(f"| `{key}` | {kind} | {text} |")
    out += ["", "## expect", "", "| key | type | meaning |", "|---|---|---|"]
    for key in EXPECT_KEYS:
        kind, text = EXPECT_MEANING[key]
        out.append(f"| `{key}` | {kind} | {text} |")
    out += [
        "",
        "Example:",
        "",
        "```yaml",
        "scenario: clbp-moderate-oud",
        "expect:",
        "  score: full",
        "  critical: []",
        "  finished: true",
        "actions:",
        "  - {type: advance}",
        "  - {type: ask, intent: pain.location}",
        "  - type: plan",
        "    opioid: taper",
        "    taper: {percent: 10, interval_days: 30}",
        "```",
        "",
        "## Actions",
        "",
        "Each action is a map with a `type`. An action that cannot be applied at that point (a plan "
        "before the plan step, an unknown choice) is reported at its line. The *guard variable* column "
        "names the expression variable (see Expression variables above) that the field sets, for "
        "`when:` guards and rubric checks.",
    ]
    for name, model in MODELS.items():
        out += [
            "",
            f"### `type: {name}`",
            "",
            PURPOSE.get(name, " ".join((model.__doc__ or "").split())),
            "",
        ]
        out += _table(name, model, variables)
    out += [
        "",
        "### `taper` (inside `type: plan`)",
        "",
        "Written as a nested map, e.g. `taper: {percent: 10, interval_days: 30}`; guards read its fields "
        "as `plan.taper_percent`, `plan.taper_interval_days` and so on, and the derived "
        "`plan.taper_weekly_percent` and `plan.taper_monthly_percent`.",
        "",
    ]
    out += _table("taper", act.Taper, variables)
    return "\n".join(out) + "\n"
