"""The debrief as HTML: shown in the app and reusable for a printed or PDF report.

Pure string building; state is always written in words and symbols (✔ ✘ ⚠), never
by colour alone.
"""

from __future__ import annotations

from html import escape

from simulator.scoring.debrief import Debrief
from simulator.scoring.learning import check_html
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


def _esc(text: str) -> str:
    """Escape text for an HTML text node (quotes stay as they are: no &#x27; for Qt to show)."""
    return escape(text, quote=False)


def _item(item: ItemResult) -> str:
    if item.critical_failed:
        cls, mark = "crit", "⚠ CRITICAL ERROR"
    elif item.kind == "safety":
        cls, mark = "miss", "⚠ Plan safety"
    elif not item.applicable:
        cls, mark = "ok", "– Not counted"
    elif item.passed:
        cls, mark = "ok", "✔ Earned"
    elif item.partial:
        cls, mark = "miss", "◐ Part earned"
    else:
        cls, mark = "miss", "✘ Missed"
    if item.kind == "safety":
        points = f" · costs {-item.earned} point{'s' if item.earned != -1 else ''}"
    elif not item.applicable:
        points = ""
    else:
        points = f" · {item.earned}/{item.points}"
    heading = item.wrong or item.title
    evidence = "".join(
        f"<br><span class='label'>{_esc(what)}:</span> {_esc(value)}" for what, value in item.evidence
    )
    feedback = f"<br>{_esc(item.feedback)}" if item.feedback else ""
    expected = (
        f"<br><span class='label'>Expected:</span> {_esc(item.title)}"
        if item.wrong and item.kind == "rubric"
        else ""
    )
    conflict = f"<br><span class='src'>Note: {_esc(item.conflict)}</span>" if item.conflict else ""
    did = f"<br><b>What you did</b>{evidence}" if evidence else ""
    return (
        f"<div class='item {cls}'><b>{mark}{points} · {_esc(heading)}</b>"
        f"{expected}{feedback}{did}"
        f"<br><b>What the guidance says</b> ({_esc(item.guidance_title)}): "
        f"{_esc(item.guidance_summary)}"
        f"<br><span class='src'>Source: {_esc(item.citation)}</span>{conflict}</div>"
    )


def _answer_key(debrief: Debrief) -> str:
    key = debrief.answer_key
    if not key:
        return ""
    parts = [
        "<h2>The expert's assessment</h2>",
        f"<p><b>{_esc(key['diagnosis'])}</b> · severity: {_esc(key['severity'])}</p>",
    ]
    if key.get("rationale"):
        parts.append(f"<p>{_esc(key['rationale'])}</p>")
    if key.get("caveats"):
        parts.append("<p class='src'>About the DSM-5 rules used here:</p><ul>")
        parts.extend(f"<li class='src'>{_esc(c)}</li>" for c in key["caveats"])
        parts.append("</ul>")
    return "".join(parts)


def debrief_html(
    debrief: Debrief, *, include_header: bool = True, include_timeline: bool = True, css: str | None = None
) -> str:
    """The whole debrief as an HTML document."""
    parts = [f"<html><head><style>{CSS if css is None else css}</style></head><body>"]
    if include_header:
        parts.append(f"<h2>{_esc(debrief.title)}</h2>")
        if debrief.variant:  # which patient this retry met
            parts.append(f"<p class='variant'>{_esc(debrief.variant)}</p>")
        parts.append(f"<p><b>Score: {debrief.score} / {debrief.max_score} ({debrief.percent}%)</b></p>")
        parts.append("<table class='domains'>")
        for d in debrief.domains:
            parts.append(f"<tr><td>{_esc(d.title)}</td><td>{d.earned} / {d.max}</td></tr>")
        parts.append("</table>")
    critical = debrief.critical_items()
    if critical:
        parts.append(f"<h2>Critical errors ({len(critical)})</h2>")
        parts.extend(_item(i) for i in critical)
    safety = [i for i in debrief.items if i.kind == "safety" and not i.critical_failed]
    if safety:
        parts.append(f"<h2>Plan safety ({len(safety)})</h2>")
        parts.extend(_item(i) for i in safety)
    rubric = [i for i in debrief.items if i.kind == "rubric" and i.applicable]
    missed = [i for i in rubric if not i.passed and not i.critical_failed]
    if missed:
        parts.append(f"<h2>Items missed or part earned ({len(missed)} of {len(rubric)})</h2>")
        parts.extend(_item(i) for i in missed)
    earned = [i for i in rubric if i.passed]
    if earned:
        parts.append(f"<h2>Items earned ({len(earned)} of {len(rubric)})</h2>")
        parts.extend(_item(i) for i in earned)
    parts.append(_answer_key(debrief))
    parts.append(_check_section(debrief))
    skipped = [i for i in debrief.items if not i.applicable]
    if skipped:
        parts.append(f"<h2>Not counted ({len(skipped)})</h2>")
        parts.extend(_item(i) for i in skipped)
    if debrief.tracker:
        parts.append("<h2>Your DSM-5 tracker during the interview</h2><ul>")
        for mark in debrief.tracker:
            verdict = "✔ in the answer key" if mark["in_answer_key"] else "✘ not in the answer key"
            evidence = f" - evidence: {_esc(mark['evidence'])}" if mark["evidence"] else ""
            parts.append(f"<li>{_esc(mark['criterion'])}{evidence} ({verdict})</li>")
        parts.append("</ul>")
    if debrief.language:
        parts.append("<h2>Language</h2><ul>")
        for use in debrief.language:
            parts.append(
                f"<li>You said “{_esc(use['term'])}” (in: “{_esc(use['said'])}”). "
                f"Person-first alternative: {_esc(use['alternative'])}.</li>"
            )
        parts.append("</ul><p class='src'>Source: NIDA, Words Matter</p>")
    if debrief.expert_path:
        parts.append("<h2>The expert path</h2><ol>")
        parts.extend(f"<li>{_esc(step)}</li>" for step in debrief.expert_path)
        parts.append("</ol>")
    if debrief.key_points:
        parts.append("<h2>Key points</h2><ul>")
        parts.extend(f"<li>{_esc(p)}</li>" for p in debrief.key_points)
        parts.append("</ul>")
    if debrief.unmatched_questions:
        parts.append("<h2>Questions the patient did not understand</h2><ul>")
        parts.extend(f"<li>{_esc(q)}</li>" for q in debrief.unmatched_questions)
        parts.append("</ul>")
    if include_timeline and debrief.timeline:
        parts.append(_timeline_table(debrief))
    parts.append("</body></html>")
    return "".join(parts)


def _timeline_table(debrief: Debrief) -> str:
    rows = "".join(
        f"<tr><td>{t.index}.</td><td class='label'>{_esc(t.step)}</td><td>{_esc(t.text)}</td></tr>"
        for t in debrief.timeline
    )
    return f"<h2>Timeline</h2><table cellpadding='3'>{rows}</table>"


def timeline_html(debrief: Debrief, css: str | None = None) -> str:
    """Just the timeline of actions, as an HTML document."""
    style = CSS if css is None else css
    return f"<html><head><style>{style}</style></head><body>{_timeline_table(debrief)}</body></html>"


def _check_section(debrief: Debrief) -> str:
    """The check before and after the case, when any of it was answered ("" otherwise)."""
    check = debrief.check
    if check.asked and (check.answered("before") or check.answered("after")):
        return check_html(check)
    return ""
