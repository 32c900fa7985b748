"""What a trainee reads is plain clinical English: every debrief string of every bundled scenario,
on the expert and the poor path and for every kind of safety finding, is free of internal ids,
file words, snake_case drug ids and HTML escapes."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixtures.cases import case, replayed
from fixtures.sweeps import SWEEPS, quick_sweep

from simulator.clinical import catalogue
from simulator.scenario import vocabulary as vocab
from simulator.scoring.debrief import build_debrief
from simulator.scoring.report_html import debrief_html, timeline_html

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
IDS = catalogue.all_ids() | set(vocab.intent_ids())
BANNED_WORDS = re.compile(r"\b(seeds?|CDC22|CDC16|FDA19|yaml|rubric|guidance id)\b", re.IGNORECASE)
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
DOTTED = re.compile(r"\b[a-z]+\.[a-z_]+\b")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag, attrs):
        self._skip = tag == "style"

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def debrief_strings(debrief) -> list[str]:
    out = [debrief.title, *debrief.critical_messages(), *debrief.expert_path, *debrief.key_points]
    for item in debrief.items:
        out += [item.title, item.feedback, item.wrong, item.guidance_title, item.guidance_summary]
        out += [item.citation, item.conflict or "", item.varies, *item.missing]
        out += [f"{what}: {value}" for what, value in item.evidence]
    out += [t.text for t in debrief.timeline] + [t.step for t in debrief.timeline]
    key = debrief.answer_key
    out += [key["diagnosis"], key["severity"], key["rationale"], *key["caveats"], *key["criteria"]]
    out += [d.title for d in debrief.domains]
    return [s for s in out if s]


def problems_in(text: str) -> list[str]:
    found = [m.group(0) for m in BANNED_WORDS.finditer(text)]
    found += [m.group(0) for m in SNAKE.finditer(text)]
    found += [m.group(0) for m in DOTTED.finditer(text) if m.group(0) in IDS or "_" in m.group(0)]
    found += [m.group(0) for m in ENTITY.finditer(text)]
    return found


@pytest.fixture(scope="module", params=[(n, k) for n in NAMES for k in ("expert", "poor")], ids=str)
def debrief(request):
    name, kind = request.param
    playthrough = ROOT / "scenarios" / "playthroughs" / f"{name}.{kind}.yaml"
    return build_debrief(replayed(playthrough, ROOT / "scenarios" / f"{name}.yaml"))


def test_every_debrief_string_is_plain(debrief):
    bad = {s: problems_in(s) for s in debrief_strings(debrief) if problems_in(s)}
    assert bad == {}


def test_the_html_a_trainee_reads_is_plain(debrief):
    for html in (debrief_html(debrief), timeline_html(debrief)):
        assert "&#x27;" not in html and "&#39;" not in html and "&quot;" not in html
        text = visible_text(html)
        assert problems_in(text) == []
        assert "What the guidance says" in html or html is not debrief_html(debrief)


def test_the_poor_debrief_tells_the_trainee_exactly_what_went_wrong(debrief):
    if debrief.percent == 100:
        assert debrief.critical_messages() == []
        return
    messages = debrief.critical_messages()
    assert messages and all(not m.startswith(("Did not", "Offered medication", "Kept")) for m in messages)
    html = debrief_html(debrief)
    for message in messages:
        assert message in unescape(html)
    assert "The expert's assessment" in html and debrief.answer_key["rationale"] in unescape(html)
    assert "flagged for clinical review" in unescape(html)  # the DSM-5 caveat is shown


@SWEEPS
@pytest.mark.parametrize("name", NAMES)
def test_every_kind_of_safety_finding_reads_plainly(name):
    report = quick_sweep(name)  # the report test_plan_sweep checks too
    sentences = {rule: example["sentence"] for rule, example in report.examples.items()}
    # a patient with no full agonist prescribed (nothing, or only buprenorphine) meets only the
    # rules that do not read one
    regimen = case(ROOT / "scenarios" / f"{name}.yaml").chart.regimen
    full_agonist = any(not item.drug.lower().startswith("buprenorphine") for item in regimen)
    assert len(sentences) >= (15 if full_agonist else 4)
    bad = {rule: problems_in(s) for rule, s in sentences.items() if problems_in(s)}
    assert bad == {}
