"""What a visit's words claim about the patient, checked against the course state of its day.

A visit's text is chosen from the course state, but free text can still say more than its
condition guarantees ("she still has aches and poor sleep" shown at COWS 46). Each
:class:`Claim` is a wording pattern and the course state it needs; the engine drops a narrative
part, a patient line or a choice whose claims the day's state contradicts (and writes its
clinical default instead), ``lint`` reports the cases where that happens, and the visit sweep
test holds every bundled case to it. One rule for every case, not a check each case remembers.

``values`` are the ``course.*`` variables of the day (see :func:`course_format.course_variables`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Values = Mapping[str, Any]
#: Pain at least this far below the first visit is "better"; this far above is "worse".
PAIN_CHANGE_POINTS = 1.0
#: COWS from which a contact is urgent (moderate withdrawal and above: COWS bands, Wesson 2003).
URGENT_COWS = 13
MILD_COWS = 5
#: Drowsiness (course.sedation, 0-10) from which a visit may call the patient drowsy, and the pain
#: points an added full agonist must relieve for a visit to say it takes a real share off the pain.
DROWSY_SEDATION = 3
REAL_RELIEF = 1.5


@dataclass(frozen=True)
class Claim:
    """Words (``pattern``, unless ``unless`` also matches) that need ``holds(values)``."""

    name: str
    says: str  # what the words claim, in plain words (for lint)
    pattern: re.Pattern[str]
    holds: Callable[[Values], bool]
    unless: re.Pattern[str] | None = None

    def made_by(self, text: str) -> bool:
        return bool(self.pattern.search(text)) and not (self.unless and self.unless.search(text))


def _re(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def _pain_better(v: Values) -> bool:
    return v["course.pain"] <= v["course.baseline_pain"] - PAIN_CHANGE_POINTS


CLAIMS: tuple[Claim, ...] = (
    Claim(
        "withdrawal_now",
        "withdrawal symptoms now",
        _re(r"\b(sweat(s|ing|y)|cramp(s|ing)|diarrho?ea|restless(ness)?|yawning|goose ?bumps|runny nose|"
            r"vomiting|in withdrawal|withdrawal symptoms|feel(s|ing)? (so )?(dreadful|sick|ill|terrible))\b"),
        lambda v: v["course.cows"] >= MILD_COWS,
        unless=_re(r"when a dose is late|between doses|without them|if (s?he|they) miss"),
    ),
    Claim(
        "mild_withdrawal_only",
        "no more than mild withdrawal",
        _re(r"\b(still has aches|aches and poor sleep|a little (shaky|restless)|"
            r"mild (withdrawal|symptoms))\b"),
        lambda v: v["course.cows"] < URGENT_COWS,
    ),
    Claim(
        "calm",
        "the patient is calm and coping",
        _re(r"(just want to feel normal|feels? prepared|has coped|coped with|head feels clearer|"
            r"feel(s|ing)? (fine|well|good)\b)"),
        lambda v: v["course.cows"] < URGENT_COWS,
    ),
    Claim(
        "not_ill",
        "no bad withdrawal at any point",
        _re(r"\b(haven't|have not|hasn't|has not) been ill\b"),
        lambda v: v["course.max_cows"] < URGENT_COWS,
    ),
    Claim(
        "weeks_of_withdrawal",
        "withdrawal that lasted weeks",
        _re(r"\bweeks of withdrawal\b"),
        lambda v: v["course.withdrawal_days"] >= 14,
    ),
    Claim(
        "pain_better",
        "pain is easing",
        _re(r"(pain (is|has been) (easing|better|settling|improving|settled)|"
            r"pain has (eased|settled|improved)|less pain\b|\b(it's|it is|pain is|back is) much better)"),
        _pain_better,
    ),
    Claim(
        "pain_a_bit_better",
        "pain a little lower than at the first visit",
        _re(r"(\bback's a bit better|\b(it's|pain is|back is) a (bit|little) better|"
            r"a little less than before)"),
        lambda v: v["course.pain"] < v["course.baseline_pain"],
    ),
    Claim(
        "pain_unchanged",
        "pain about what it was at the first visit",
        _re(r"\b(pain|back)\b[^.]{0,30}\bmuch as (it was|they were)"),
        lambda v: v["course.pain_change"] == "same",
    ),
    Claim(
        "withdrawal_settled",
        "withdrawal settled",
        _re(r"\b(withdrawal (has|had) (settled|passed|eased)|has settled with further buprenorphine)"),
        lambda v: v["course.cows"] < URGENT_COWS,
    ),
    Claim(
        "pain_not_better",
        "pain has not improved",
        _re(r"(pain has not (settled|improved|eased)|(has|have) not improved yet|pain (is|has got|got) worse|"
            r"the worst it has been|pain is the worst|hurting everywhere|hurts everywhere|"
            r"aches? more than (it|they) did)"),
        lambda v: not _pain_better(v),
    ),
    Claim(
        "craving",
        "craving",
        _re(r"(evenings are hard|\bcrav(e|es|ing|ings) (is|are|has been) (bad|strong|worse|hard)|"
            r"can't stop thinking about)"),
        lambda v: v["course.craving"] >= 3,
    ),
    Claim(
        "little_craving",
        "little craving",
        _re(r"(\bnot chasing (pills|tablets)|cravings? (have|has) (mostly )?gone)"),
        lambda v: v["course.craving"] <= 4,
    ),
    Claim(
        "off_opioid",
        "no prescribed opioid",
        _re(r"\b(I'm off them|I am off them|is off (the )?(oxycodone|morphine|hydrocodone|hydromorphone|"
            r"tramadol|codeine|tapentadol|opioids?|tablets))\b"),
        lambda v: v["course.mme"] == 0,
    ),
    Claim(
        "keep_opioid",
        "a prescribed opioid to keep",
        _re(r"\bkeep the (morphine|oxycodone|hydrocodone|hydromorphone|tramadol|codeine|tapentadol|"
            r"opioid)\b"),
        lambda v: v["course.mme"] > 0,
    ),
    Claim(
        "no_opioid_at_all",
        "no opioid of any kind",
        _re(r"\b(has had|had|takes|is taking) no opioid\b"),
        lambda v: v["course.medication"] in ("none", "naltrexone_xr") and not v["course.added_mme"],
    ),
    Claim(
        "prescribing_opioids",
        "an opioid prescribed now",
        _re(r"\bstop prescribing opioids\b"),
        lambda v: v["course.mme"] > 0,
    ),
    Claim(
        "tapering",
        "a taper still going on",
        _re(r"\b(reductions are steady|steady reductions|slow steps go on|"
            r"(morphine|oxycodone|tramadol|hydrocodone|opioid|dose) is coming down)"),
        lambda v: bool(v.get("course.tapering", True)),
    ),
    Claim(
        "naloxone_at_home",
        "naloxone at home",
        _re(r"\b(the naloxone to hand|restock the naloxone|keeps the naloxone|"
            r"(?<!make sure )there is naloxone (at home|in))"),
        lambda v: bool(v["course.naloxone"]),
    ),
    Claim(
        "on_opioid",
        "a prescribed opioid dose",
        _re(r"\bon [\d.]+ MME\b"),
        lambda v: v["course.mme"] > 0,
    ),
    Claim(
        "taper_pace",
        "a taper still running",
        _re(r"\b(taper pace|next step of the taper|halve (the|it)|steady pace)"),
        lambda v: v["course.mme"] > 0,
        unless=_re(r"\b(restart|resume|start again)"),
    ),
    Claim(
        "on_buprenorphine",
        "buprenorphine being taken",
        _re(r"\b(stop|continue|raise|increase|split|adjust) (the |her |his |their )?buprenorphine\b"),
        lambda v: v["course.medication"] == "buprenorphine",
    ),
    Claim(
        "can_start_buprenorphine",
        "buprenorphine not yet taken and not blocked",
        _re(r"\b(start|offer|begin)(s|ing)? buprenorphine\b"),
        lambda v: v["course.medication"] not in ("buprenorphine", "naltrexone_xr"),
    ),
    Claim(
        "prescription_to_restart",
        "a prescribed opioid to go back to, not blocked by naltrexone",
        _re(r"\b(restart the (opioid|previous prescription)|go back to the previous opioid|"
            r"(restore|restart) the (morphine|oxycodone|hydrocodone|hydromorphone|tramadol|codeine|"
            r"tapentadol)|(restore|restart) (his|her|their) usual dose)\b"),
        lambda v: v["course.start_mme"] > 0 and v["course.medication"] != "naltrexone_xr",
    ),
    Claim(
        "street_opioids",
        "opioids from other sources",
        _re(r"\b(overdosed on opioids from other sources|no street opioids are needed)\b"),
        lambda v: bool(v["course.using"] or v["course.returned_to_use"]),
    ),
    Claim(
        "on_methadone",
        "methadone being taken",
        _re(r"\b(stop|continue|raise|increase) (the |her |his |their )?methadone\b"),
        lambda v: v["course.medication"] in ("methadone", "opioid"),  # methadone for pain is an opioid
    ),
    Claim(
        "drowsy",
        "drowsiness from an added opioid now",
        _re(r"\b((is|found (him|her|them) very) drowsy|drifting off)\b"),
        lambda v: v["course.sedation"] >= DROWSY_SEDATION,
    ),
    Claim(
        "little_added_relief",
        "an added opioid relieving little",
        _re(r"(takes only a little off the pain|does little for the pain)"),
        lambda v: 0 < v["course.added_mme"] and v["course.added_relief"] < REAL_RELIEF,
    ),
    Claim(
        "real_added_relief",
        "an added opioid relieving a real share of the pain",
        _re(r"real share off the pain"),
        lambda v: v["course.added_relief"] >= REAL_RELIEF,
    ),
    Claim(
        "overdosed",
        "an overdose",
        _re(r"\b(overdosed|after (an|the|her|his|their) overdose)\b"),
        lambda v: bool(v["course.overdosed"]),
    ),
    Claim(
        "using",
        "non-prescribed use",
        _re(r"\b(using again|has been using|is using|(bought|buying) (street )?(pills|tablets)|I slipped)\b"),
        lambda v: bool(v["course.returned_to_use"] or v["course.using"]),  # or using from the start
    ),
)

#: Words that show the text speaks of withdrawal at all (for the states a visit must not leave out).
WITHDRAWAL_WORDS = _re(r"withdraw|sweat|cramp|diarrh|restless|vomit|being sick|COWS")
OVERDOSE_WORDS = _re(r"overdos|naloxone|unresponsive|ambulance")
USE_WORDS = _re(r"\b(us(ed|ing)|bought|buy(ing|s)?|street|heroin|fentanyl|other sources)\b")


def contradictions(text: str, values: Values) -> list[Claim]:
    """The claims ``text`` makes that the course state ``values`` contradicts."""
    if not text:
        return []
    return [c for c in claims_made(text) if not c.holds(values)]


@functools.lru_cache(maxsize=4096)
def claims_made(text: str) -> tuple[Claim, ...]:
    """The claims ``text`` makes, worked out once per text: a case has a few hundred visit texts,
    each checked against the day at every visit of every replay and sweep."""
    return tuple(c for c in CLAIMS if c.made_by(text))


def left_out(text: str, values: Values) -> list[str]:
    """Salient course states the visit's text does not speak of: ``withdrawal`` (COWS 13 or more),
    ``overdose`` (the contact is the overdose), ``use`` (the contact is a return to use)."""
    out = []
    if values["course.cows"] >= URGENT_COWS and not WITHDRAWAL_WORDS.search(text):
        out.append("withdrawal")
    if values["course.event"] == "overdose" and not OVERDOSE_WORDS.search(text):
        out.append("overdose")
    if values["course.event"] == "return_to_use" and not USE_WORDS.search(text):
        out.append("use")
    return out
