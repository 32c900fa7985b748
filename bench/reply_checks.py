"""What ``bench/realistic_turns.py`` counts as a contradiction (issue 19, item 4), in one place.

A contradiction is something the patient SAYS that goes against what he said before or what the
chart shows; not understanding a turn (asking back, answering another question) is counted as
asked back or wrong, never as a contradiction. Three kinds:

- took back: an answer to an intent leaves out a fact an answer to the same intent disclosed
  before (the guarded answer after the open one: "Yeah, I take them how I'm supposed to");
- denied a disclosed fact: an answer that opens with a denial ("No.", "I don't ...") while
  another answer of its intent tells a fact already disclosed, by any question;
- denied the chart: the trainee names what the chart shows (``confronts`` in the data) and the
  patient answers with a denial, or with a guarded answer that withholds a charted fact another
  answer of that intent tells ("No. Just from my doctor.").

A turn that names the chart and is answered without owning any charted fact (neither the
fact's ``confronted`` reply nor an answer that tells a charted fact) is "chart not owned": a
miss, reported apart, and the turn is not judged right.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from simulator.patient import persona, reply
from simulator.scenario.models import Answer, Interview


@dataclass(frozen=True)
class ReplyCheck:
    contradiction: str  # "" or what was contradicted
    chart_owned: bool  # a charted fact owned (confronted reply, or an answer telling one)


def _charted(interview: Interview, facts: Collection[str]) -> set[str]:
    return {f for f in facts if f in interview.facts and interview.facts[f].confronted}


def check(
    interview: Interview,
    given: Sequence[tuple[str, Answer | None]],
    reply_core: str,
    confronted: str | None,
    disclosed_by_intent: dict[str, set[str]],
    revealed_before: Collection[str],
    names_chart: bool,
) -> ReplyCheck:
    """Judge one turn's reply. ``given``: (intent, the case answer its words carry, or None) for
    each intent answered; ``disclosed_by_intent`` is updated with what this turn disclosed."""
    contradiction = ""
    owned = confronted is not None
    for intent, answer in given:
        if answer is None:
            continue
        siblings = persona.answers_for(interview, intent)
        before = disclosed_by_intent.setdefault(intent, set())
        taken = before - set(answer.reveals)
        if taken and not contradiction:
            contradiction = "took back " + ", ".join(sorted(taken))
        told_elsewhere = {f for s in siblings for f in s.reveals} & set(revealed_before)
        if reply.denies(reply_core) and told_elsewhere - set(answer.reveals) and not contradiction:
            contradiction = "denied " + ", ".join(sorted(told_elsewhere - set(answer.reveals)))
        if names_chart and not contradiction:
            withheld = _charted(interview, {f for s in siblings for f in s.reveals}) - set(answer.reveals)
            if reply.denies(reply_core) or (withheld and not _charted(interview, answer.reveals)):
                contradiction = "denied the chart"
        before.update(answer.reveals)
        owned = owned or bool(_charted(interview, answer.reveals))
    return ReplyCheck(contradiction, owned)
