"""The debrief as HTML: shown in the app and reusable for a printed or PDF report.

Pure string building; state is always written in words and symbols (✔ ✘ ⚠), never
by colour alone.
"""

from __future__ import annotations

from html import escape

from simulator.scoring.debrief import Debrief
from simulator.scoring.rubric import ItemResult

CSS = """
body { font-family: sans-serif; font-size: 10.5pt; color: #1d2733; }
h2 { color: #13294b; margin: 14px 0 6px 0; font-size: 13pt; }
.item { margin: 0 0 10px 0; padding: 8px; border: 1px solid #d6dde6; }
.crit { border: 2px solid #c62828; background: #fdecea; }
.miss { background: #fff8ec; }
.ok { background: #f2f8f2; }
.label { color: #5b6b7c; }
.src { color: #5b6b7c; font-size: 9pt; }
table.domains td { padding: 2px 10px 2px 0; }
"""


def _item(item: ItemResult) -> str:
    if item.critical_failed:
        cls, mark = "crit", "⚠ CRITICAL ERROR"
    elif item.passed:
        cls, mark = "ok", "✔ Earned"
    else:
        cls, mark = "miss", "✘ Missed"
    evidence = "".join(
        f"<br><span class='label'>{escape(what)}:</span> {escape(value)}" for what, value in item.evidence
    )
    feedback = f"<br>{escape(item.feedback)}" if item.feedback else ""
    conflict = f"<br><span class='src'>Note: {escape(item.conflict)}</span>" if item.conflict else ""
    return (
        f"<div class='item {cls}'><b>{mark} · {item.earned}/{item.points} · {escape(item.title)}</b>"
        f"{feedback}"
        f"<br><b>What you did</b>{evidence}"
        f"<br><b>What the guidance says</b> ({escape(item.guidance)}: {escape(item.guidance_title)}): "
        f"{escape(item.guidance_summary)}"
        f"<br><span class='src'>Source: {escape(item.citation)}</span>{conflict}</div>"
    )


def debrief_html(debrief: Debrief, *, include_header: bool = True, include_timeline: bool = True) -> str:
    """The whole debrief as an HTML document."""
    parts = [f"<html><head><style>{CSS}</style></head><body>"]
    if include_header:
        parts.append(f"<h2>{escape(debrief.title)}</h2>")
        parts.append(f"<p><b>Score: {debrief.score} / {debrief.max_score} ({debrief.percent}%)</b></p>")
        parts.append("<table class='domains'>")
        for d in debrief.domains:
            parts.append(f"<tr><td>{escape(d.title)}</td><td>{d.earned} / {d.max}</td></tr>")
        parts.append("</table>")
    critical = debrief.critical_items()
    if critical:
        parts.append(f"<h2>Critical errors ({len(critical)})</h2>")
        parts.extend(_item(i) for i in critical)
    missed = [i for i in debrief.items if not i.passed and not i.critical_failed]
    if missed:
        parts.append(f"<h2>Items missed ({len(missed)} of {len(debrief.items)})</h2>")
        parts.extend(_item(i) for i in missed)
    earned = [i for i in debrief.items if i.passed]
    if earned:
        parts.append(f"<h2>Items earned ({len(earned)} of {len(debrief.items)})</h2>")
        parts.extend(_item(i) for i in earned)
    if debrief.tracker:
        parts.append("<h2>Your DSM-5 tracker during the interview</h2><ul>")
        for mark in debrief.tracker:
            verdict = "✔ in the answer key" if mark["in_answer_key"] else "✘ not in the answer key"
            evidence = f" - evidence: {escape(mark['evidence'])}" if mark["evidence"] else ""
            parts.append(f"<li>{escape(mark['criterion'])}{evidence} ({verdict})</li>")
        parts.append("</ul>")
    if debrief.language:
        parts.append("<h2>Language</h2><ul>")
        for use in debrief.language:
            parts.append(
                f"<li>You said “{escape(use['term'])}” (in: “{escape(use['said'])}”). "
                f"Person-first alternative: {escape(use['alternative'])}.</li>"
            )
        parts.append("</ul><p class='src'>Source: NIDA, Words Matter (comm.person_first)</p>")
    if debrief.expert_path:
        parts.append("<h2>The expert path</h2><ol>")
        parts.extend(f"<li>{escape(step)}</li>" for step in debrief.expert_path)
        parts.append("</ol>")
    if debrief.key_points:
        parts.append("<h2>Key points</h2><ul>")
        parts.extend(f"<li>{escape(p)}</li>" for p in debrief.key_points)
        parts.append("</ul>")
    if debrief.unmatched_questions:
        parts.append("<h2>Questions the patient did not understand</h2><ul>")
        parts.extend(f"<li>{escape(q)}</li>" for q in debrief.unmatched_questions)
        parts.append("</ul>")
    if include_timeline and debrief.timeline:
        parts.append(_timeline_table(debrief))
    parts.append("</body></html>")
    return "".join(parts)


def _timeline_table(debrief: Debrief) -> str:
    rows = "".join(
        f"<tr><td>{t.index}.</td><td class='label'>{escape(t.step)}</td><td>{escape(t.text)}</td></tr>"
        for t in debrief.timeline
    )
    return f"<h2>Timeline</h2><table cellpadding='3'>{rows}</table>"


def timeline_html(debrief: Debrief) -> str:
    """Just the timeline of actions, as an HTML document."""
    return f"<html><head><style>{CSS}</style></head><body>{_timeline_table(debrief)}</body></html>"
