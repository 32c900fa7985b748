"""Direction controls, zero-width characters and NUL never reach a transcript, an export or a report;
names with emoji sequences are welcome."""

from __future__ import annotations

import pytest

from simulator.plaintext import visible_text
from simulator.records import export, xapi
from simulator.records.store import SessionStore, StoreError
from simulator.records.trainees import add, clean_name

RLO = "\u202e"
HIDDEN = ["\u202e", "\u2066", "\u200f", "\u200b", "\u2060", "\ufeff", "\x00", "\x1b", "\x85"]


@pytest.mark.parametrize("hidden", HIDDEN)
def test_hidden_characters_are_removed_from_typed_text(hidden):
    assert visible_text(f"do you take {hidden}anything else?") == "do you take anything else?"


def test_joiners_stay_only_where_they_shape_a_sequence():
    assert visible_text("nurse 👩\u200d⚕\ufe0f here") == "nurse 👩\u200d⚕\ufe0f here"
    assert visible_text("می\u200cخواهم") == "می\u200cخواهم"  # Persian: the non-joiner is part of the word
    assert visible_text("\u200dpain \u200d level\u200d") == "pain  level"
    assert visible_text("line one\nline two\ttab") == "line one\nline two\ttab"


def test_a_typed_turn_is_cleaned_where_it_enters():
    from simulator.scenario.textlimits import clean_text  # what interpret() and `intents` call first

    assert clean_text(f"where is the {RLO}pain\x00?\ud800") == "where is the pain?\ufffd"


def test_exports_and_statements_show_older_stored_text_cleaned():
    record = {
        "attempt": "5f0c7a9e-1c2b-4d3e-8f00-000000000001", "trainee": "Ana", "scenario": "s", "title": "Case",
        "started_at": "2026-11-01T09:00:00Z", "finished_at": None, "finished": False,
        "report": {"items": [], "score": 0, "max_score": 0, "domains": []},
        "actions": [{"type": "ask", "intent": "use.other", "text": f"I use {RLO}gnorw{RLO} nothing\u200b"}],
        "steps": [],
    }  # fmt: skip
    cell = export.csv_cell(record["actions"][0]["text"])
    assert cell == "I use gnorw nothing"
    responses = [
        s["result"]["response"] for s in xapi.statements(record) if "response" in s.get("result", {})
    ]
    assert responses and all(RLO not in r and "\u200b" not in r for r in responses)


@pytest.mark.parametrize(
    "name",
    [
        "Ana 👩\u200d⚕\ufe0f",
        "Sam 👨\u200d👩\u200d👧",
        "Iain 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "Zoë O'Neil",
    ],
)
def test_names_with_emoji_sequences_are_accepted(tmp_path, name):
    with SessionStore(tmp_path / "s.sqlite3") as store:
        assert add(store, name).name == name


@pytest.mark.parametrize("name", [f"Ana{RLO}", "Ana\u200b", "\u200dAna", "Ana\x00"])
def test_names_with_hidden_characters_are_refused(name):
    with pytest.raises(StoreError, match="invisible"):
        clean_name(name)
