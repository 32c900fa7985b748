"""What a follow-up visit says, chosen from the course state of its day.

:func:`compose` takes the case's narrative parts and choices for a visit (already filtered by
their ``when`` conditions), drops every part, patient line and choice whose words the day's
course state contradicts (:mod:`simulator.scenario.visit_claims`), and writes the clinical
default for whatever the case leaves unsaid or had to drop: withdrawal at its band, pain against
the first visit, craving, what the patient takes, an overdose or a return to use. The default is
written from the persona (name and pronouns) and the numbers of the day, so it cannot disagree
with the chart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.scenario.visit_claims import URGENT_COWS, contradictions, left_out

Values = Mapping[str, Any]


@dataclass(frozen=True)
class Person:
    """How the default text names the patient."""

    first_name: str
    subject: str = "they"  # she / he / they
    possessive: str = "their"

    @classmethod
    def of(cls, name: str, pronouns: str) -> Person:
        first = name.split()[0] if name.strip() else "The patient"
        subject = (pronouns.split("/")[0].strip().lower() or "they") if pronouns else "they"
        possessive = {"she": "her", "he": "his"}.get(subject, "their")
        return cls(first, subject if subject in ("she", "he") else "they", possessive)

    @property
    def He(self) -> str:
        return self.subject.capitalize()

    def verb(self, singular: str, plural: str) -> str:
        return plural if self.subject == "they" else singular


@dataclass(frozen=True)
class VisitChoice:
    id: str
    text: str
    effects: tuple[str, ...] = ()
    feedback: str = ""
    orders: tuple[str, ...] = ()
    when: str | None = None


@dataclass(frozen=True)
class VisitText:
    """The words of one visit: the narrative, the patient's line, the choices offered, and what
    the engine wrote or dropped (``defaults``: states it wrote; ``dropped``: claims it refused)."""

    text: str
    says: str
    choices: tuple[VisitChoice, ...]
    defaults: tuple[str, ...] = ()
    dropped: tuple[str, ...] = field(default_factory=tuple)


#: Choices the engine offers when a case's own would leave fewer than two that fit the day.
DEFAULT_CHOICES: tuple[VisitChoice, ...] = (
    VisitChoice(
        "engine-support-review",
        "Talk it through, agree what to do next together, and see the patient again within a week.",
        ("support", "close_follow_up"),
        "Close follow-up and problem-solving together keep people in care.",
    ),
    VisitChoice(
        "engine-keep-plan",
        "Keep the plan as it is until the next visit.",
        ("keep_plan",),
        "Nothing changes until the next visit.",
    ),
)


def choice_text(state: Any, choice_id: str) -> str:
    """The words of a choice made at ``state`` (the case's own or the engine's), or its id."""
    choices = (*(state.decision.choices if state.decision else ()), *DEFAULT_CHOICES)
    return next((c.text for c in choices if c.id == choice_id), choice_id)


def _withdrawal(v: Values, p: Person) -> str:
    cows, band = v["course.cows"], v["course.withdrawal"].replace("_", " ")
    if cows < 5:
        return f"{p.first_name} shows no sign of withdrawal (COWS {cows} of 48)."
    if cows < URGENT_COWS:
        return (f"{p.first_name} has mild withdrawal: aches, yawning and poor sleep "
                f"(COWS {cows} of 48).")
    cause = ""
    if v["course.precipitated"] and v.get("plan.moud") == "naltrexone_xr":
        cause = " since the naltrexone injection"
    elif v["course.precipitated"]:
        cause = " since the first buprenorphine dose"
    return (f"{p.first_name} is in {band} withdrawal{cause}: sweating, shaking, vomiting and "
            f"cramps, with COWS {cows} of 48.")


def _pain(v: Values, p: Person) -> str:
    pain, base, change = v["course.pain"], v["course.baseline_pain"], v["course.pain_change"]
    words = {"better": "better than", "same": "about the same as", "worse": "worse than"}[change]
    return f"{p.possessive.capitalize()} pain is {pain:g} out of 10, {words} at the first visit ({base:g})."


def _craving(v: Values, p: Person) -> str:
    craving = v["course.craving"]
    if craving >= 6:
        return f"{p.He} {p.verb('describes', 'describe')} strong craving ({craving:g} out of 10)."
    if craving >= 3:
        return f"{p.He} {p.verb('has', 'have')} some craving ({craving:g} out of 10)."
    return ""


def _medication(v: Values, p: Person) -> str:
    held = v["course.medication"]
    if held == "buprenorphine":
        return f"{p.He} {p.verb('takes', 'take')} buprenorphine."
    if held == "methadone":
        return f"{p.He} {p.verb('takes', 'take')} methadone from the programme."
    if held == "naltrexone_xr":
        return f"{p.He} {p.verb('has', 'have')} had extended-release naltrexone."
    if v["course.mme"] > 0:
        return f"{p.He} {p.verb('takes', 'take')} {_mme(v['course.mme'])} MME a day of the prescribed opioid."
    return f"{p.He} {p.verb('has', 'have')} no opioid prescribed now."


def _mme(mme: float) -> str:
    """A daily MME as a clinician says it: whole numbers from 10 up ("about 49", not "48.8"),
    one decimal below, "about" when the figure was rounded."""
    shown = round(mme) if mme >= 10 else round(mme, 1)
    return f"{shown:g}" if shown == mme else f"about {shown:g}"


def _overdose_cause(v: Values) -> str:
    """What the course says the overdose came from: use from other sources, methadone building up
    in its first weeks (with the prescribed opioid still taken), or an opioid added for the pain."""
    if v["course.using"]:
        return "on opioids from other sources"
    if v["course.on_methadone"]:
        stacked = " on top of the prescribed opioid" if v["course.mme"] > 0 else ""
        return f"as the methadone built up in its first days{stacked}"
    if v["course.added_mme"] > 0:
        return "on the opioid added for the pain"
    return "on opioids"


def _events(v: Values, p: Person) -> list[str]:
    out = []
    if v["course.event"] == "overdose" or (v["course.overdosed"] and v["course.urgent"]):
        rescue = ("someone at home gave naloxone and called an ambulance" if v["course.naloxone"]
                  else "an ambulance crew found " + ("them" if p.subject == "they" else
                                                     {"she": "her", "he": "him"}[p.subject])
                  + " unresponsive")
        out.append(f"{p.first_name} overdosed {_overdose_cause(v)}; {rescue}.")
    elif v["course.using"] or v["course.event"] == "return_to_use":
        out.append(f"{p.He} {p.verb('has', 'have')} been using opioids from other sources.")
    if not v["course.engaged"] and v["course.missed_visits"]:
        out.append(f"{p.He} missed {v['course.missed_visits']} appointment(s).")
    return out


def default_text(v: Values, p: Person, only: Sequence[str] = ()) -> str:
    """The clinical default for the day: every state, or only those in ``only``."""
    parts: dict[str, Callable[[], list[str]]] = {  # each read only when asked for
        "overdose": lambda: _events(v, p) if v["course.event"] == "overdose" else [],
        "use": lambda: _events(v, p) if v["course.event"] != "overdose" else [],
        "withdrawal": lambda: [_withdrawal(v, p)],
        "pain": lambda: [_pain(v, p)],
        "craving": lambda: [_craving(v, p)],
        "medication": lambda: [_medication(v, p)],
    }
    keys = list(only) if only else list(parts)
    return " ".join(s for k in keys if k in parts for s in parts[k]() if s)


def default_says(v: Values) -> str:
    """What the patient says by default, from the day's state (the most pressing first)."""
    if v["course.event"] == "overdose":
        return "I didn't mean for that to happen. I'm scared."
    if v["course.cows"] >= 25:
        return "I feel like I'm dying. Everything hurts and I can't stop being sick."
    if v["course.cows"] >= URGENT_COWS:
        return "I'm sweating and aching and I can't sleep. I need this to stop."
    if v["course.using"]:
        return "I couldn't cope, so I got some from somewhere else."
    if v["course.craving"] >= 6:
        return "The evenings are hard. I keep thinking about using."
    if v["course.pain_change"] == "worse":
        return "The pain is worse than it was."
    if v["course.pain_change"] == "better":
        return "It's been easier than I expected. The pain is a bit better."
    return "I'm getting by."


def compose(
    parts: Sequence[tuple[str, str]],
    fallback_says: str,
    choices: Sequence[VisitChoice],
    values: Values,
    person: Person,
) -> VisitText:
    """The visit's words: ``parts`` are (text, patient line) of the case's narrative parts whose
    conditions hold, ``choices`` the case's choices whose conditions hold."""
    dropped: list[str] = []
    kept_text: list[str] = []
    says = ""
    for text, line in parts:
        bad = contradictions(text, values)
        if bad:
            dropped += [c.says for c in bad]
        elif text:
            kept_text.append(text.strip())
        if line and not says:
            bad_line = contradictions(line, values)
            if bad_line:
                dropped += [c.says for c in bad_line]
            else:
                says = line
    if not says and fallback_says and not contradictions(fallback_says, values):
        says = fallback_says
    written: list[str] = []
    if not kept_text:
        written = ["withdrawal", "pain", "craving", "medication", "overdose", "use"]
        text = default_text(values, person)
    else:
        missing = left_out(" ".join(kept_text), values)
        written = missing
        extra = default_text(values, person, missing) if missing else ""
        text = " ".join([extra, *kept_text] if extra else kept_text)
    if not says or left_out(says + " " + text, values):
        says = says or default_says(values)
    offered = []
    for choice in choices:
        bad = contradictions(choice.text, values)
        if bad:
            dropped += [c.says for c in bad]
        else:
            offered.append(choice)
    if choices and len(offered) < 2:
        offered += [c for c in DEFAULT_CHOICES if c.id not in {o.id for o in offered}][: 2 - len(offered)]
    text, says = stage_direction(text, says)
    return VisitText(text, says, tuple(offered), tuple(written), tuple(dict.fromkeys(dropped)))


#: A patient line that opens with a stage direction: "(Linda comes to the phone.) I did as I was told".
STAGE_DIRECTION = re.compile(r"^\(([^()]*)\)\s*")


def stage_direction(text: str, says: str) -> tuple[str, str]:
    """``text`` and ``says`` with a stage direction at the start of the patient's line moved into the
    text, so the words in quotes after the patient's name are only the patient's ("Linda comes to the
    phone." is not something Linda says; "(Callum does not come.)" leaves no line at all)."""
    found = STAGE_DIRECTION.match(says)
    if not found:
        return text, says
    direction = found.group(1).strip()
    if direction and direction[-1] not in ".!?":
        direction += "."
    return " ".join(w for w in (text, direction) if w), says[found.end():].strip()
