"""A visit is a conversation too: the patient's answers at a follow-up visit, and the signs a
COWS is re-scored from there.

A question typed at a visit is read by the interview's own understanding
(:meth:`simulator.control.controller.SessionController.ask_at_visit`) and answered here, from the
visit's day, in this order:

1. the visit's own answers (a visit step's ``answers:``): the first whose ``when`` holds and whose
   words the day's course state does not contradict (:mod:`simulator.scenario.visit_claims`);
2. for what the course models (withdrawal, pain, function, craving, use, an overdose, what the
   patient takes, naloxone, mood), words written from that day's numbers, so an answer cannot
   disagree with the chart;
3. for facts a few weeks do not change (where the pain is, the history, the people at home), the
   interview's answer, read without crediting or disclosing anything;
4. otherwise, that nothing has changed there.

Nothing said at a visit earns an interview point or discloses an interview fact.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from simulator.clinical import cows
from simulator.scenario.expressions import compiled
from simulator.scenario.visit_claims import MILD_COWS, URGENT_COWS, contradictions

Values = Mapping[str, Any]

#: Intents whose interview answer stays true weeks later (the interview's words are used).
LASTING = frozenset({
    "pain.location", "pain.duration", "pain.character", "pain.prior_treatments",
    "opioid.duration", "opioid.prescriber", "opioid.route", "opioid.other_substances",
    "history.substance_use", "history.family", "history.trauma",
    "support.people", "safety.suicidal_thoughts", "goals.concerns", "goals.treatment_views",
})
NOTHING_NEW = "Nothing's changed there since I last saw you."


def _withdrawal(v: Values) -> str:
    cause = ""
    if v["course.precipitated"] and v["course.cows"] >= URGENT_COWS:
        cause = " It came on after the first dose of the new medicine."
    if v["course.cows"] < MILD_COWS:
        return "No, no withdrawal to speak of now."
    if v["course.cows"] < URGENT_COWS:
        return "A bit. I'm yawning a lot, my nose runs and I'm sleeping badly, but I can manage."
    if v["course.cows"] < 25:
        return "It's bad. I'm sweating, my stomach is cramping and I can't sit still." + cause
    return "It's awful. I'm shaking, I've been sick all night and everything aches." + cause


def _pain(v: Values) -> str:
    change = {
        "better": "That's better than when we started.",
        "same": "About where it was when we started.",
        "worse": "It's worse than when we started.",
    }[v["course.pain_change"]]
    return f"Today it's about {round(v['course.pain']):g} out of 10. {change}"


def _function(v: Values) -> str:
    if v["course.function"] >= 7:
        return "I'm managing most things: work, the house, getting out."
    if v["course.function"] >= 4:
        return "Some days are all right, some days I don't get much done."
    return "Not much. Most days I hardly get off the sofa."


def _craving(v: Values) -> str:
    if v["course.craving"] >= 6:
        return "A lot. I keep thinking about using, most of all at night."
    if v["course.craving"] >= 3:
        return "Some, on the bad days. It passes."
    return "Not really. It hardly crosses my mind."


def _use(v: Values) -> str:
    if v["course.using"]:
        return "I'll be honest with you. I've been getting some from someone I know."
    if v["course.returned_to_use"]:
        return "I slipped, I won't lie. But I haven't used since."
    if v["course.mme"] > 0:
        return "No. Only what's prescribed, the way it's written."
    if v["course.medication"] in ("buprenorphine", "methadone", "naltrexone_xr"):
        return "No. Just the medicine we started, nothing on top."
    return "No. Nothing at all."


def _other_substances(v: Values) -> str | None:
    """Opioids from elsewhere when the course has them; otherwise the interview's answer stands."""
    return _use(v) if v["course.using"] or v["course.returned_to_use"] else None


def _taking(v: Values) -> str:
    held = v["course.medication"]
    if held == "buprenorphine":
        return "The buprenorphine, every day, the way you showed me."
    if held == "methadone":
        return "I go to the programme for the methadone every morning."
    if held == "naltrexone_xr":
        return "Just the injection. Nothing else."
    if v["course.mme"] > 0:
        drug = v.get("visit.opioid") or "painkiller"
        return f"The {drug} you prescribe, as it's written now."
    if v["course.using"]:
        return "Nothing from you. What I take, I get myself."
    return "Nothing now. I'm off them."


def _last_dose(v: Values) -> str:
    if v["course.medication"] in ("buprenorphine", "methadone") or v["course.mme"] > 0:
        return "This morning, same as every day."
    if v["course.using"]:
        return "Yesterday, if I'm honest."
    return "Not since it was stopped."


def _overdose(v: Values) -> str:
    if v["course.overdosed"]:
        return "Yes. I overdosed. I don't remember much of it, only waking up with people around me."
    return "No, not since I last saw you."


def _naloxone(v: Values) -> str:
    if v["course.naloxone"]:
        return "Yes, the kit's at home, and my family know where it is."
    return "No, I haven't got any."


def _mood(v: Values) -> str:
    low = v["course.function"] < 4 or v["course.cows"] >= URGENT_COWS or v["course.using"]
    if low:
        return "Low. I'm not sleeping and everything feels like too much."
    if v["course.function"] >= 6 and v["course.craving"] < 3:
        return "Better than it's been in a long while, honestly."
    return "Up and down. I'm getting through it."


#: Intent -> the answer written from the day's course state.
FROM_COURSE: dict[str, Callable[[Values], str | None]] = {
    "opioid.withdrawal": _withdrawal,
    "pain.severity": _pain,
    "pain.trend_on_opioids": _pain,
    "pain.function": _function,
    "life.obligations": _function,
    "opioid.craving": _craving,
    "opioid.other_sources": _use,
    "opioid.as_prescribed": _use,
    "opioid.non_pain_use": _use,
    "opioid.other_substances": _other_substances,
    "opioid.regimen": _taking,
    "opioid.last_dose": _last_dose,
    "opioid.overdose": _overdose,
    "safety.naloxone": _naloxone,
    "history.mental_health": _mood,
}


#: What a scripted visit (no course block) knows of the day: its measures. Only the answers these
#: decide are written from them (not use, the medication held or an overdose, which they do not say).
MEASURED = ("opioid.withdrawal", "pain.severity", "pain.trend_on_opioids", "pain.function",
            "life.obligations", "opioid.craving", "history.mental_health")


def measured_values(measures: Any, baseline_pain: float) -> dict[str, Any]:
    """``course.*`` as far as a scripted visit's measures tell them (for :func:`visit_answer`)."""
    pain = float(measures.pain)
    change = "better" if pain <= baseline_pain - 1 else "worse" if pain >= baseline_pain + 1 else "same"
    return {
        "course.cows": int(measures.cows), "course.pain": pain, "course.baseline_pain": baseline_pain,
        "course.pain_change": change, "course.craving": float(measures.craving),
        "course.function": float(measures.function), "course.precipitated": False, "course.using": False,
    }


def visit_question(action: Mapping[str, Any]) -> dict[str, Any]:
    """The action a typed turn read by the interview's understanding makes at a visit: a question
    becomes a ``visit_ask`` (the same reading, answered from the visit's day); a statement stays one."""
    if action.get("type") != "ask":
        return dict(action)
    return {k: v for k, v in action.items() if k != "confronts"} | {"type": "visit_ask"}


def visit_answer(state: Any, intent: str, values: Values, interview_answer: Any = None) -> str:
    """What the patient says at the visit ``state`` to ``intent`` on the day ``values`` describe
    (the visit's ``course.*`` with the session's other variables). ``interview_answer`` gives the
    interview's own words for ``intent`` (called only for the lasting facts, :data:`LASTING`)."""
    course = values.get("course.day") is not None  # a visit the course model dates: held to its claims
    for answer in getattr(state, "answers", {}).get(intent, ()):
        if answer.when is not None and not compiled(answer.when).holds(values):
            continue
        if course and contradictions(answer.text, values):
            continue
        return answer.text
    known = course or (intent in MEASURED and "course.cows" in values)  # else a scripted visit's measures
    written = FROM_COURSE[intent](values) if intent in FROM_COURSE and known else None
    if written:
        return written
    if intent in LASTING and interview_answer is not None:
        words = interview_answer(intent)
        if words and not (course and contradictions(words, values)):
            return words
    return NOTHING_NEW


# ----------------------------------------------------------------------------- COWS signs

#: The order signs appear in as withdrawal deepens (early: yawning, a runny nose; late: vomiting,
#: gooseflesh, a racing pulse): at the same total, earlier signs score higher.
_ONSET = ("yawning", "runny_nose", "anxiety", "aches", "restlessness", "pupils", "sweating",
          "gi_upset", "tremor", "pulse", "gooseflesh")
_PULSE_RATE = {0: 76, 1: 92, 2: 110, 4: 126}


@functools.cache
def _signs(total: int) -> tuple[tuple[str, int], ...]:
    items = sorted(cows.ITEMS, key=lambda i: _ONSET.index(i.id))
    # best[s] = (cost, scores so far) of the items placed so far adding up to s
    best: dict[int, tuple[float, tuple[int, ...]]] = {0: (0.0, ())}
    for rank, item in enumerate(items):
        share = max(item.allowed) * total / cows.MAX_TOTAL
        nxt: dict[int, tuple[float, tuple[int, ...]]] = {}
        for s, (cost, chosen) in best.items():
            for value in item.allowed:
                if s + value > total:
                    continue
                c = cost + abs(value - share) + value * rank * 0.05
                if s + value not in nxt or c < nxt[s + value][0]:
                    nxt[s + value] = (c, (*chosen, value))
        best = nxt
    return tuple(zip((i.id for i in items), best[total][1], strict=True))


def signs(total: int) -> dict[str, int]:
    """The eleven COWS item scores a patient with ``total`` shows: they add up to ``total``, each
    sign as near its share of the total as the scale's values allow, earlier signs first."""
    return dict(_signs(max(0, min(int(total), cows.MAX_TOTAL))))


def signs_text(total: int) -> list[str]:
    """What the clinician sees and hears, sign by sign, for a patient with ``total``."""
    shown = signs(total)
    out = []
    for item in cows.ITEMS:
        value = shown[item.id]
        if item.id == "pulse":
            out.append(f"Resting pulse {_PULSE_RATE[value]} a minute")
        else:
            out.append(f"{item.title.split(' (')[0].split(',')[0]}: {item.anchors[value]}")
    return out
