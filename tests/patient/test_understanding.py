"""Free-text understanding: intent matching, statements, stigma and the `intents` output."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from simulator.patient.understanding import (
    Match,
    classify_statement,
    intent_ids,
    match_question,
    run_intents,
)
from simulator.patient.understanding.model import CLASSIFIER, OFF_TOPIC, load_phrasings

ISSUE_9_INTENTS = ("life.sleep", "safety.falls", "history.grief", "safety.storage", "goals.function",
                   "opioid.side_effects", "history.medical")
SPEC = Path(__file__).resolve().parents[3] / "shared" / "SPEC.md"


def test_intent_ids_match_spec_and_phrasings():
    ids = intent_ids()
    assert len(ids) == len(set(ids)) == 47
    if SPEC.exists():  # the shared spec sits beside the repository in development and CI
        section = SPEC.read_text(encoding="utf-8").split("## 4.")[1].split("## 5.")[0]
        assert set(re.findall(r"`([a-z_]+\.[a-z_]+)`", section)) <= set(ids)
    # issue 9 added sleep, falls, grief and loss, safe storage, goals for function and more
    assert set(ISSUE_9_INTENTS) <= set(ids)
    ph = load_phrasings()
    assert set(ph.intents) == set(ids)
    for intent, items in ph.intents.items():
        assert len(items) >= 15, intent
    assert len(ph.off_topic) >= 40


def test_shipped_classifier_is_current():
    import numpy as np

    with np.load(CLASSIFIER) as z:
        digest = str(z["digest"])
    assert digest == load_phrasings().digest, (
        "phrasings.yaml changed: run `python -m simulator.patient.understanding.build`"
    )


def test_hashed_tf_is_the_counter_version_bucket_for_bucket_in_order():
    from simulator.patient.understanding.model import hashed_tf, hashed_tf_by_counter

    texts = load_phrasings().examples()[0][::20]  # a sample (every one was checked once)
    odd = ["", " ", "a", "ab", "abc", "a b  c", "naïve café 😀", "x" * 40, "do u take ur meds??", "1 2 3"]
    for text in [*odd, *texts]:
        assert list(hashed_tf(text).items()) == list(hashed_tf_by_counter(text).items()), text


def test_basic_tokenize_of_ascii_is_the_general_paths():
    import random
    import string

    from simulator.patient.understanding.embed import basic_tokenize, basic_tokenize_any
    from simulator.patient.understanding.text import normalise

    texts = load_phrasings().examples()[0][::10]  # a tenth of them (every one was checked once)
    rnd = random.Random(19)
    alphabet = string.printable + "\x00\x01\x0b\x0c\x1c\x1f\x7f"
    noise = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(1000)]
    for text in [*texts, *(normalise(t) for t in texts), *noise, "Naïve CAFÉ, 痛み?"]:
        assert basic_tokenize(text) == basic_tokenize_any(text), repr(text)


def test_stored_core_index_is_current_and_equal_to_one_built_afresh(monkeypatch):
    import numpy as np

    from simulator.patient.understanding import topics

    stored = topics.load_core_index()
    assert stored is not None, (
        "the stored core phrasing index is stale: run "
        "`python -m simulator.patient.understanding.build --index`"
    )
    fresh = topics.build_core_index()
    assert stored.size == fresh.size > 1000
    built = fresh.arrays()
    assert set(stored.arrays()) == set(built)
    for name, array in stored.arrays().items():
        assert array.dtype == built[name].dtype, name
        assert array.shape == built[name].shape, name
        assert np.array_equal(array, built[name]), name
    for text in ("Where is your pain?", "do u ever take more than u should", "That sounds hard."):
        query = stored.query(text)
        assert query[0] == fresh.query(text)[0]
        assert np.array_equal(stored.similarities(query), fresh.similarities(query))
    # every process reads the stored one, never building its own
    topics.core_index.cache_clear()

    def no_build():
        raise AssertionError("the core index was built, not read")

    monkeypatch.setattr(topics, "build_core_index", no_build)
    assert np.array_equal(topics.core_index().arrays()["vals"], built["vals"])


# One unseen phrasing per intent group and more (none of these is in phrasings.yaml).
REPRESENTATIVE = [
    ("Whereabouts on your body is the pain?", "pain.location"),
    ("How long has your back been playing up?", "pain.duration"),
    ("Zero to ten, how bad is it today?", "pain.severity"),
    ("Is it a burning kind of pain?", "pain.character"),
    ("Is the pain stopping you from getting to work?", "pain.function"),
    ("Are the opioids still helping the pain?", "pain.trend_on_opioids"),
    ("Are you getting pain in new places lately?", "pain.new_sites"),
    ("Does it hurt when your clothes touch your skin?", "pain.allodynia"),
    ("Have you tried physio or injections?", "pain.prior_treatments"),
    ("What dose of oxycodone are you taking now?", "opioid.regimen"),
    ("Do you ever run out of your pills before the refill?", "opioid.early_refills"),
    ("Have you bought pills off anyone?", "opioid.other_sources"),
    ("Do you get cravings for the pills?", "opioid.craving"),
    ("What happens to you if you miss a dose?", "opioid.withdrawal"),
    ("Do you drink alcohol or use other drugs?", "opioid.other_substances"),
    ("Have you ever overdosed?", "opioid.overdose"),
    ("Have the pills caused arguments with your wife?", "life.relationships"),
    ("Do you drive after taking your medication?", "life.hazardous_use"),
    ("Has anyone in your family had a drug problem?", "history.family"),
    ("Have you ever been treated for depression?", "history.mental_health"),
    ("What worries you most about all this?", "goals.concerns"),
    ("What do you think about buprenorphine?", "goals.treatment_views"),
    ("Do you have naloxone at home?", "safety.naloxone"),
    ("Have you had thoughts of killing yourself?", "safety.suicidal_thoughts"),
    ("Who do you have to lean on?", "support.people"),
]


@pytest.mark.parametrize(("question", "intent"), REPRESENTATIVE)
def test_representative_questions(question, intent):
    m = match_question(question)
    assert isinstance(m, Match)
    assert m.intent == intent, (question, m)
    assert 0.0 < m.confidence <= 1.0
    assert not m.off_topic
    assert len(m.alternatives) <= 3
    assert all(alt != intent for alt, _ in m.alternatives)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("wher does it hurt", "pain.location"),
        ("how long u been on the opiods", "opioid.duration"),
        ("do u get withdrawls if u skip a dose", "opioid.withdrawal"),
        ("ever had an OD?", "opioid.overdose"),
        ("do you have narcan at hom", "safety.naloxone"),
        ("any benzos or etoh?", "opioid.other_substances"),
        ("whats ur pain level out of 10", "pain.severity"),
    ],
)
def test_typos_and_abbreviations(question, intent):
    assert match_question(question).intent == intent


@pytest.mark.parametrize(
    "question",
    [
        "What's the weather going to be like tomorrow?",
        "Did you watch the football last night?",
        "Who's going to win the Super Bowl?",
        "Can you lend me your car this weekend?",
        "What's your favourite pizza topping?",
    ],
)
def test_off_topic_rejected(question):
    m = match_question(question)
    assert m.intent is None
    assert m.off_topic


def test_empty_and_noise_are_unmatched():
    for text in ("", "   ", "?", "ok"):
        m = match_question(text)
        assert m.intent is None


def test_model_is_cached():
    from simulator.patient import understanding

    match_question("where does it hurt")
    first = understanding._model
    match_question("how long have you had pain")
    assert understanding._model is first
    assert OFF_TOPIC in first.classes


# ----------------------------------------------------------------- statements


@pytest.mark.parametrize(
    "text",
    [
        "Your pain is real.",
        "I believe you.",
        "I believe that you're in pain.",
        "That sounds exhausting.",
        "I can see you're in a lot of pain.",
        "Nobody thinks you're making it up.",
        "I take your pain seriously.",
    ],
)
def test_validation(text):
    assert "validate_pain" in classify_statement(text).kinds


@pytest.mark.parametrize(
    "text",
    [
        "That sounds really hard.",
        "I'm sorry you're going through this.",
        "Thank you for telling me that.",
        "I can imagine how frustrating that must be.",
        "It makes sense that you feel scared.",
        "You're not alone in this.",
        "We'll work on this together.",
    ],
)
def test_empathy(text):
    kinds = classify_statement(text).kinds
    assert "empathy" in kinds
    assert "stigma" not in kinds


@pytest.mark.parametrize(
    ("text", "term", "alt_word"),
    [
        ("Addicts often say that.", "Addicts", "opioid use disorder"),
        ("Are you an addict?", "addict", "opioid use disorder"),
        ("He's a drug abuser.", "drug abuser", "person who uses"),
        ("Are you abusing your pills?", "abusing your pills", "use"),
        ("Substance abuse runs in families.", "Substance abuse", "use"),
        ("Junkies come in here all the time.", "Junkies", "person who uses"),
        ("Your last one was a clean urine.", "clean urine", "negative"),
        ("We got a dirty screen back.", "dirty screen", "positive"),
        ("Your urine test came back clean.", "urine test came back clean", "negative"),
        ("Have you stayed clean?", "stayed clean", "not using"),
        ("Some patients are drug-seeking.", "drug-seeking", "behaviour"),
        ("That sounds manipulative.", "manipulative", "behaviour"),
    ],
)
def test_stigma_terms(text, term, alt_word):
    s = classify_statement(text)
    assert "stigma" in s.kinds
    hit = s.stigma_terms[0]
    assert hit.term == term
    assert text[hit.start : hit.end] == term
    assert alt_word in hit.alternative


@pytest.mark.parametrize(
    "text",
    [
        "Have you ever been abused?",
        "Were you abused as a child?",
        "Keep the wound clean and dry.",
        "Addiction is a treatable condition.",
        "People with opioid use disorder deserve good care.",
        "Your urine test was negative.",
    ],
)
def test_not_stigma(text):
    s = classify_statement(text)
    assert "stigma" not in s.kinds
    assert s.stigma_terms == ()


def test_several_stigma_terms_in_order():
    s = classify_statement("Addicts and junkies with dirty urine are manipulative.")
    assert [h.term for h in s.stigma_terms] == ["Addicts", "junkies", "dirty urine", "manipulative"]
    assert s.kinds == frozenset({"stigma"})


def test_plain_question_has_no_kinds():
    assert classify_statement("How long have you had the pain?").kinds == frozenset()


# ------------------------------------------------------------------ run_intents


def test_run_intents_output_format():
    out = io.StringIO()
    lines = ["Where does it hurt?\n", "\n", "   \n", "Who won the match last night?\n", "mmm\n"]
    assert run_intents(lines, out) == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["question"] for r in records] == [
        "Where does it hurt?",
        "Who won the match last night?",
        "mmm",
    ]
    for r in records:
        assert set(r) == {"question", "intent", "confidence"}
        assert 0.0 <= r["confidence"] <= 1.0
        assert r["confidence"] == round(r["confidence"], 3)
    assert records[0]["intent"] == "pain.location"
    assert records[1]["intent"] is None
    assert records[2]["intent"] is None or records[2]["intent"] in intent_ids()


def test_the_question_bank_lists_exactly_the_intents_the_model_knows():
    from simulator.scenario import vocabulary as vocab

    assert vocab.intent_ids() == intent_ids()  # the bank's file and the model's own list
