"""The guidance catalogue: every SPEC id present, sourced, in the project's own words."""

import re

import pytest

from simulator.clinical import catalogue
from simulator.clinical.catalogue import CatalogueError, Guidance, Source, _parse

# SPEC.md section 3, hard-coded on purpose (the shared folder may move).
SPEC_IDS = [
    "dx.dependence_not_addiction",
    "dx.oud_behaviours",
    "dx.supervised_exclusion",
    "dx.severity_bands",
    "dx.oih_signs",
    "dx.oih_not_tolerance",
    "risk.factors",
    "risk.response",
    "tx.no_abrupt_stop",
    "tx.taper_rate",
    "tx.taper_supervised",
    "tx.oih_reduce_not_raise",
    "tx.counsel_pain_course",
    "tx.buprenorphine_dual",
    "tx.mat_for_oud",
    "tx.integrated_care",
    "tx.multimodal",
    "tx.acute_not_chronic",
    "tx.setting",
    "tx.naloxone",
    "tx.monitoring",
    "comm.validate_pain",
    "comm.explain_oih",
    "comm.person_first",
]

# Headings exactly as they appear in the seed files.
SEED_A_HEADINGS = {
    "(opening, before the first heading)",
    "How Chronic Pain Leads to Opioid Dependence",
    "Opioid-Induced Hyperalgesia: When Opioids Make Pain Worse",
    "Risk Factors for Developing Addiction During Chronic Pain Treatment",
    "The Distinction Between Dependence and Addiction",
    "Evidence-Based Approaches to Treating Both Conditions",
    "When Substance Use Has Become More Than Occasional",
    "Summary",
    "Frequently Asked Questions",
    "Does chronic pain cause addiction, or do opioids cause addiction?",
    "What is opioid-induced hyperalgesia and how do I know if I have it?",
    "Can buprenorphine treat both pain and addiction at the same time?",
    "Will my pain get worse if I stop taking opioids?",
    "What non-opioid treatments work for chronic pain?",
    "Is it safe to stop opioids suddenly if I have been taking them for chronic pain?",
}
SEED_B_HEADINGS = {
    "Opioids are typically prescribed for acute pain, not chronic pain",
    "Physical dependence and addiction are different",
    "If addiction occurs, seek treatment",
}

# A few seed sentences the catalogue is most tempted to paraphrase too closely.
SEED_SENTENCES = [
    "Physical dependence is a normal physiological adaptation: anyone who takes opioids daily for "
    "several weeks will develop tolerance and experience withdrawal upon cessation.",
    "Tolerance means the same opioid dose produces less effect; OIH means the patient experiences "
    "more pain, including new pain in areas unrelated to the original condition, specifically "
    "because of the opioids they are taking.",
    "All current guidelines recommend gradual tapering under medical supervision, typically "
    "reducing the dose by 10 to 25% per week or slower depending on the patient's response.",
    "Pain typically increases temporarily during the acute withdrawal period (first 1 to 2 weeks).",
    "Opioids can be helpful for treating severe, acute pain, such as a traumatic injury or pain "
    "after back surgery.",
    "Most people who take opioids for longer than 2 to 4 weeks develop a physical dependence, or "
    "tolerance, to the medications.",
    "Recognising OIH is essential because the treatment is the opposite of what the patient's "
    "instinct suggests: rather than increasing the opioid dose, reducing or discontinuing opioids "
    "is what ultimately improves the pain.",
    "Our clinical approach must validate the reality of their pain while providing evidence-based "
    "pathways to manage both conditions simultaneously.",
]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9%]+", text.lower())


def _shares_run(text: str, sentence: str, run: int) -> bool:
    haystack = " " + " ".join(_words(sentence)) + " "
    words = _words(text)
    return any(" " + " ".join(words[i : i + run]) + " " in haystack for i in range(len(words) - run + 1))


@pytest.mark.parametrize("gid", SPEC_IDS)
def test_every_spec_id_is_catalogued(gid):
    entry = catalogue.get(gid)
    assert entry.id == gid
    assert gid in catalogue.all_ids()


def test_all_guidance_matches_all_ids_and_has_no_duplicates():
    entries = catalogue.all_guidance()
    assert [g.id for g in entries] == list(dict.fromkeys(g.id for g in entries))
    assert {g.id for g in entries} == catalogue.all_ids()
    assert set(SPEC_IDS) <= catalogue.all_ids()


@pytest.mark.parametrize("entry", catalogue.all_guidance(), ids=lambda g: g.id)
def test_entry_is_complete(entry: Guidance):
    assert entry.title and entry.summary
    assert 1 <= entry.summary.count(".") + entry.summary.count("!") <= 4
    assert entry.level in catalogue.LEVELS
    assert len(entry.sources) >= 1
    for source in entry.sources:
        assert isinstance(source, Source)
        assert source.document and source.section
        if source.key == "A":
            assert source.section in SEED_A_HEADINGS
        if source.key == "B":
            assert source.section in SEED_B_HEADINGS
    assert entry.cite().count(";") == len(entry.sources) - 1


@pytest.mark.parametrize("entry", catalogue.all_guidance(), ids=lambda g: g.id)
def test_summary_is_not_pasted_from_the_seeds(entry: Guidance):
    for sentence in SEED_SENTENCES:
        for text in (entry.summary, entry.conflict or "", entry.scoring_note or ""):
            assert not _shares_run(text, sentence, 8), (entry.id, sentence)


def test_run_checker_detects_a_copy():
    assert _shares_run("we know: " + SEED_SENTENCES[0], SEED_SENTENCES[0], 8)


@pytest.mark.parametrize(
    ("gid", "keys", "words"),
    [
        ("tx.taper_rate", {"A", "CDC22"}, ("10%", "month")),
        ("dx.dependence_not_addiction", {"B", "DSM5"}, ("Opioids for Back and Neck Pain", "DSM-5")),
        ("tx.mat_for_oud", {"A", "B"}, ("MAT", "MOUD")),
    ],
)
def test_known_conflicts_are_stated_and_cite_both_sides(gid, keys, words):
    entry = catalogue.get(gid)
    assert entry.conflict is not None
    assert keys <= {s.key for s in entry.sources}
    for word in words:
        assert word in entry.conflict


def test_levels_follow_the_strongest_source():
    assert catalogue.get("tx.taper_rate").level == "CDC 2022"
    assert catalogue.get("dx.severity_bands").level == "DSM-5"
    assert catalogue.get("comm.person_first").level == "NIDA"
    assert catalogue.get("risk.factors").level == "seed"


def test_unknown_id_gives_clear_key_error():
    with pytest.raises(KeyError, match="unknown guidance id 'tx.nope'"):
        catalogue.get("tx.nope")


def test_entries_are_frozen():
    entry = catalogue.get("tx.naloxone")
    with pytest.raises(AttributeError):
        entry.title = "changed"  # type: ignore[misc]


def test_source_cite():
    assert Source("CDC22", "doc", "Recommendation 5").cite() == 'CDC22, "Recommendation 5"'


GOOD_ENTRY = {
    "id": "x.one",
    "title": "T",
    "summary": "S.",
    "level": "seed",
    "sources": [{"key": "A", "section": "Summary"}],
}


def _with(**changes):
    entry = dict(GOOD_ENTRY)
    entry.update(changes)
    return {"documents": {"A": "Doc A"}, "guidance": [entry]}


def test_parse_accepts_a_minimal_entry_and_normalises_whitespace():
    parsed = _parse(_with(summary="  two\n  lines "))
    assert parsed["x.one"].summary == "two lines"
    assert parsed["x.one"].conflict is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "top level"),
        ({"documents": {}}, "'documents' mapping"),
        ({"documents": {}, "guidance": ["x"]}, "must be a mapping"),
        ({"documents": {"A": "d"}, "guidance": [GOOD_ENTRY, GOOD_ENTRY]}, "duplicate id"),
        (_with(id=""), "field 'id'"),
        (_with(level="blog"), "unknown level"),
        (_with(sources=[]), "at least one source"),
        (_with(sources=["A"]), "source key None"),
        (_with(sources=[{"key": "Z", "section": "s"}]), "source key 'Z'"),
        (_with(sources=[{"key": "A"}]), "field 'section'"),
        (_with(conflict=3), "field 'conflict'"),
    ],
)
def test_parse_rejects_malformed_data(raw, message):
    with pytest.raises(CatalogueError, match=message):
        _parse(raw)
