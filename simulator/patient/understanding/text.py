"""Text normalisation shared by the intent model and the statement classifier.

Pure Python: lower-casing, expansion of chat shorthand and clinical abbreviations, a small
synonym map that brings lay and brand words to the words the phrasings use, and optional
typo correction against a known vocabulary (rapidfuzz edit distance).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

# Numbers as words, each at its value ("zero" to "twenty"): one list for every reader that turns a
# spoken number into digits or back (a summary's "four a day", a charted fact's "two fills").
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()

# Whole-token rewrites (applied to lower-cased tokens). Values may be several words.
ABBREVIATIONS: dict[str, str] = {
    # chat shorthand
    "u": "you",
    "ya": "you",
    "yu": "you",
    "ur": "your",
    "yr": "your",
    "r": "are",
    "y": "why",
    "n": "and",
    "b4": "before",
    "bc": "because",
    "cos": "because",
    "coz": "because",
    "cuz": "because",
    "tho": "though",
    "thru": "through",
    "alot": "a lot",
    "lotta": "a lot of",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "kinda": "kind of",
    "sorta": "sort of",
    "dunno": "do not know",
    "pls": "please",
    "plz": "please",
    "ok": "okay",
    "hav": "have",
    "wat": "what",
    "wot": "what",
    "whats": "what is",
    "wheres": "where is",
    "hows": "how is",
    "whos": "who is",
    "whens": "when is",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "cannot",
    "wont": "will not",
    "isnt": "is not",
    "havent": "have not",
    "ive": "i have",
    "youre": "you are",
    "youve": "you have",
    "yrs": "years",
    "yr.": "year",
    "wk": "week",
    "wks": "weeks",
    "mo": "month",
    "mos": "months",
    "hr": "hour",
    "hrs": "hours",
    "mins": "minutes",
    "w/": "with",
    "w/o": "without",
    "abt": "about",
    "bout": "about",
    "esp": "especially",
    "prob": "probably",
    "rly": "really",
    "smth": "something",
    "sth": "something",
    "ppl": "people",
    "fam": "family",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "mum": "mother",
    "mom": "mother",
    "dad": "father",
    "meds": "medication",
    "med": "medication",
    "medicine": "medication",
    "medicines": "medication",
    "medications": "medication",
    "tabs": "tablets",
    "painkiller": "painkillers",
    "pain-killers": "painkillers",
    "rx": "prescription",
    "scrip": "script",
    "refil": "refill",
    "refils": "refills",
    # typos of short words the spelling corrector leaves (it only touches five letters or more)
    "teh": "the",
    "hte": "the",
    "adn": "and",
    "yuo": "you",
    "wher": "where",
    "whre": "where",
    "wehre": "where",
    "waht": "what",
    "whta": "what",
    "hwo": "how",
    "whn": "when",
    "thta": "that",
    "tehy": "they",
    "thier": "their",
    "bene": "been",
    "evr": "ever",
    "anythign": "anything",
    "somethign": "something",
    "nad": "and",
    # real words that in a clinical interview are always a slip for another (round 10: "Any carvings
    # lately?" is never about woodwork)
    "carvings": "cravings",
    "carving": "craving",
    # clinical abbreviations
    "od": "overdose",
    "ods": "overdoses",
    "od'd": "overdosed",
    "odd": "overdosed",
    "oded": "overdosed",
    "pdmp": "prescription monitoring database",
    "pmp": "prescription monitoring database",
    "uds": "urine drug screen",
    "utox": "urine drug screen",
    "pt": "physical therapy",
    "physio": "physiotherapy",
    "cbt": "cognitive behavioural therapy",
    "nsaid": "anti-inflammatory",
    "nsaids": "anti-inflammatories",
    "moud": "medication treatment",
    "oud": "opioid use disorder",
    "sud": "substance use disorder",
    "a&e": "emergency room",
    "gp": "doctor",
    "pcp": "doctor",
    "doc": "doctor",
    "dr": "doctor",
    "hx": "history",
    "fhx": "family history",
    "sx": "symptoms",
    "tx": "treatment",
    "dx": "diagnosis",
    "etoh": "alcohol",
    "ivdu": "injecting drugs",
    "mg": "milligrams",
    "mme": "morphine milligram equivalents",
    "prn": "as needed",
    "bid": "twice a day",
    "tid": "three times a day",
    "qid": "four times a day",
    "er/la": "long acting",
    # drug slang and brands
    "oxy": "oxycodone",
    "oxys": "oxycodone",
    "oxies": "oxycodone",
    "oxycontin": "oxycodone",
    "percocet": "oxycodone",
    "percs": "oxycodone",
    "roxy": "oxycodone",
    "norco": "hydrocodone",
    "vicodin": "hydrocodone",
    "dilaudid": "hydromorphone",
    "bupe": "buprenorphine",
    "subs": "suboxone",
    "subbies": "suboxone",
    "subutex": "suboxone",
    "sublocade": "suboxone",
    "benzo": "benzodiazepines",
    "benzos": "benzodiazepines",
    "xanax": "benzodiazepines",
    "valium": "benzodiazepines",
    "klonopin": "benzodiazepines",
    "ativan": "benzodiazepines",
    "narcan": "naloxone",
    "weed": "cannabis",
    "pot": "cannabis",
    "marijuana": "cannabis",
    "booze": "alcohol",
    "coke": "cocaine",
    "dope": "heroin",
    "smack": "heroin",
    "withdrawl": "withdrawal",
    "withdrawls": "withdrawals",
    "w/d": "withdrawal",
    "dopesick": "withdrawal sick",
}

# Abbreviations that are also ordinary words ("act", "er", "ed"): rewritten only in capitals.
CASED_ABBREVIATIONS: dict[str, str] = {
    "ACT": "acceptance therapy",
    "ER": "emergency room",
    "ED": "emergency room",
    "SI": "suicidal thoughts",
    "MAT": "medication treatment",
    "IV": "intravenous injection",
    "OD": "overdose",
    "PT": "physical therapy",
}

_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:['&/.-][A-Za-z0-9]+)*|[/&]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (no normalisation)."""
    return _TOKEN_RE.findall(text.lower().translate(_APOSTROPHES))


def _cased_tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.translate(_APOSTROPHES))


def normalise(text: str, correct: Callable[[str], str] | None = None) -> str:
    """Lower-case, expand shorthand and abbreviations, optionally correct typos.

    ``correct`` maps a single unknown token to its corrected form (see ``SpellCorrector``).
    """
    out: list[str] = []
    for raw in _cased_tokens(text):
        if raw in CASED_ABBREVIATIONS:
            out.append(CASED_ABBREVIATIONS[raw])
            continue
        tok = raw.lower().strip("'.")
        if not tok:
            continue
        if tok in ABBREVIATIONS:
            out.append(ABBREVIATIONS[tok])
            continue
        if tok.endswith("'s") and tok[:-2] in ABBREVIATIONS:
            out.append(ABBREVIATIONS[tok[:-2]])
            continue
        if correct is not None:
            tok = correct(tok)
            if tok in ABBREVIATIONS:
                tok = ABBREVIATIONS[tok]
        out.append(tok)
    return " ".join(out)


class SpellCorrector:
    """Corrects a token that is not a known word to the closest known word.

    Only tokens of five or more letters that are not in ``known`` are touched; the candidate
    must be within one edit (two edits for tokens of eight or more letters; a swap of two
    neighbouring letters, "todya", is one edit) and must come from
    ``targets`` (the words the phrasings and the domain actually use), so that a rare but
    valid English word is never bent into a different one.
    """

    def __init__(self, known: Iterable[str], targets: Iterable[str]) -> None:
        self.known = frozenset(known)
        self.targets = sorted({t for t in targets if len(t) >= 4 and t.isalpha()})
        self._cache: dict[str, str] = {}

    def __call__(self, tok: str) -> str:
        if len(tok) < 5 or not tok.isalpha() or tok in self.known:
            return tok
        hit = self._cache.get(tok)
        if hit is not None:
            return hit
        limit = 2 if len(tok) >= 8 else 1
        best = extractOne(tok, self.targets, scorer=OSA.distance, score_cutoff=limit)
        fixed = best[0] if best is not None else tok
        self._cache[tok] = fixed
        return fixed
