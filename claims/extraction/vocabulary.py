"""The word tables the extractor reads with: number words, hedges, the words that mark dates,
money and codes, grammar words, outcome cues, and the phrase indexes built from them."""

from __future__ import annotations

from decimal import Decimal

from claims.extraction.phrases import PhraseIndex, phrase_key
from claims.extraction.tokens import wordset

# The choices of the Quantity model's qualifier and outcome fields.
QUALIFIERS = (
    "exact",
    "approximately",
    "at_least",
    "more_than",
    "at_most",
    "fewer_than",
    "range",
    "vague",
)
OUTCOMES = (
    "launched",
    "downed",
    "killed",
    "wounded",
    "destroyed",
    "damaged",
    "captured",
    "controlled",
    "detected",
    "affected",
    "evacuated",
    "missing",
    "detained",
)

# --------------------------------------------------------------------------------------------
# Numbers and hedges
# --------------------------------------------------------------------------------------------

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Scale words allowed right after digits: "1.5 million", "40 thousand", "2 bn".
DIGIT_SCALES = {**SCALES, "mln": 1_000_000, "bn": 1_000_000_000}

# Vague amounts and their conventional values (multi-word ones first).
VAGUE = [
    (("tens", "of", "thousands"), 20_000),
    (("hundreds", "of", "thousands"), 200_000),
    (("tens", "of", "millions"), 20_000_000),
    (("hundreds", "of", "millions"), 200_000_000),
    (("a", "few"), 2),
    (("a", "couple", "of"), 2),
    (("several",), 3),
    (("dozens",), 24),
    (("scores",), 40),
    (("hundreds",), 200),
    (("thousands",), 2000),
    (("millions",), 2_000_000),
]

_QUALIFIER_PHRASES = {
    "approximately": [
        "about",
        "around",
        "approximately",
        "approx",
        "roughly",
        "some",
        "an estimated",
        "estimated",
        "nearly",
        "almost",
        "close to",
        "circa",
        "more or less",
        "at around",
        "at about",
    ],
    "at_least": [
        "at least",
        "no fewer than",
        "no less than",
        "not fewer than",
        "not less than",
        "a minimum of",
    ],
    "more_than": [
        "more than",
        "over",
        "upwards of",
        "upward of",
        "in excess of",
        "well over",
        "just over",
        "well above",
        "above",
        "greater than",
    ],
    "at_most": [
        "up to",
        "at most",
        "no more than",
        "not more than",
        "as many as",
        "a maximum of",
    ],
    "fewer_than": [
        "fewer than",
        "less than",
        "under",
        "just under",
        "below",
    ],
}
# Words between a verb and its number that change nothing: "shot down a total of 30".
_NEUTRAL_PRE = [
    "a total of",
    "another",
    "a further",
    "an additional",
    "an extra",
    "the",
    "all",
    "all of the",
    "all the",
    "only",
    "just",
    "its",
    "their",
]
TRAILING_QUALIFIERS = {
    ("or", "more"): "at_least",
    ("or", "so"): "approximately",
    ("or", "fewer"): "at_most",
    ("or", "less"): "at_most",
}

_FRACTIONS = {
    ("half",): Decimal(1) / 2,
    ("a", "half"): Decimal(1) / 2,
    ("one", "half"): Decimal(1) / 2,
    ("a", "third"): Decimal(1) / 3,
    ("one", "third"): Decimal(1) / 3,
    ("two", "thirds"): Decimal(2) / 3,
    ("two", "-", "thirds"): Decimal(2) / 3,
    ("a", "quarter"): Decimal(1) / 4,
    ("one", "quarter"): Decimal(1) / 4,
    ("three", "quarters"): Decimal(3) / 4,
    ("three", "-", "quarters"): Decimal(3) / 4,
}
FRACTION_INDEX = PhraseIndex(_FRACTIONS)
VAGUE_PARTITIVES = {"most", "some", "many", "several", "few", "none", "majority", "rest", "part"}

# --------------------------------------------------------------------------------------------
# Dates, times, money, codes
# --------------------------------------------------------------------------------------------

MONTHS = wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Month abbreviations that are also ordinary words; only capitalised forms count as months.
AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "dec"}

DURATION_UNITS = wordset(
    "second seconds minute minutes hour hours day days night nights week weeks weekend "
    "weekends month months year years decade decades century centuries times time round "
    "rounds"
)
PERCENT_WORDS = {"%", "percent", "pct", "percentage", "per"}
MONEY_AFTER = wordset(
    "dollar dollars euro euros pound pounds ruble rubles rouble roubles hryvnia hryvnias "
    "hryvnas shekel shekels yuan usd eur uah rub"
)
MONEY_BEFORE = {"$", "€", "£", "¥", "₴", "₽", "usd", "eur", "uah", "us$"}
TIME_AFTER = {"a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc", "hrs", "h", "cet", "est"}
# Words right before a number that make it a name or a code, not a count.
DESIGNATORS = wordset(
    "day page number no nos resolution article unit brigade division regiment battalion "
    "flight route highway section paragraph chapter platform gate aged age ages code # + ^ / "
    ": № $ € £ ¥ ₴ ₽ us$ usd eur"
)
# Prepositions that make the number a date, a time, a place or a part of an idiom.
DROP_AFTER_PREPOSITION = {"in", "on", "at", "since", "until", "till", "during", "no"}
# Capitalised words allowed right before a number (sentence openers, hedges).
CAP_OK = wordset(
    "about around approximately roughly some nearly almost over under more fewer less up at "
    "all another only just of and but while with including between from a an the upwards as "
    "no killing leaving there after overall among"
)

# --------------------------------------------------------------------------------------------
# Grammar words
# --------------------------------------------------------------------------------------------

PREPOSITIONS = wordset(
    "on in at near from to into onto against with by of for over under across inside outside "
    "toward towards behind through via off including among"
)
AUX = wordset(
    "may might could would will must were was are is had have has been being be got get "
    "remain remained remains left reportedly also all later subsequently successfully "
    "completely fully totally entirely seriously severely critically lightly slightly "
    "moderately fatally mortally still now either allegedly reported confirmed believed "
    "thought said to feared not already"
)
FINITE_AUX = wordset(
    "were was are is had have has remain remained remains may might could would will must"
)
ADVERBS = wordset("reportedly also later subsequently successfully allegedly overnight all then")
ATTACK_VERBS = wordset(
    "attack attacks attacked attacking struck strike strikes striking hit hits targeted "
    "targeting pounded shelled bombarded assault assaulted barrage raid"
)
REPORT_VERBS = {"reported", "recorded", "registered", "counted", "reports", "records"}
SUPERLATIVE_WORDS = {"most", "largest", "biggest", "first", "last", "worst", "deadliest"}
STOP = wordset(
    "of in on at over from to by with near across during after before since for into onto "
    "against under above around including among amid as and or but while who which that whom "
    "whose when where the a an its their his her this these those were was is are had have "
    "has been be will would could may might remain remained remains said says say according "
    "each per percent there than more so others them out off toward towards overnight "
    "yesterday today tonight later earlier alone all both also reportedly left lost reached "
    "hit struck fled fell being got via like such about not no without within through "
    "throughout between behind along inside outside ago"
)

# --------------------------------------------------------------------------------------------
# Outcome cues
# --------------------------------------------------------------------------------------------

# Each cue: words -> (outcome, where). where: "both" (before or after the number), "pre" (only
# as a verb before the number), "post" (only after the number's noun phrase).
_CUE_TABLE = {
    "launched": (
        "both",
        "fired|fires|firing|launched|launch|launches|launching|used|using|uses|unleashed",
    ),
    "downed": (
        "both",
        "shot down|shoot down|shoots down|shooting down|brought down|bring down|downed|"
        "downing|intercepted|intercept|intercepts|intercepting|neutralized|neutralised|"
        "neutralize|neutralise|neutralizing|neutralising|destroyed in the air",
    ),
    "killed": (
        "both",
        "killed|kill|kills|killing|slain|massacred|shot dead|eliminated|eliminating|eliminate",
    ),
    "wounded": (
        "both",
        "wounded|wounding|injured|injuring|injure|injures|hurt|hospitalized|hospitalised",
    ),
    "destroyed": (
        "both",
        "destroyed|destroying|destroy|destroys|sank|sunk|sink|sinks|sinking|razed|flattened|"
        "demolished",
    ),
    "damaged": ("both", "damaged|damaging|damages|partially destroyed|partly destroyed"),
    "captured": (
        "both",
        "captured|capture|captures|capturing|taken prisoner|took prisoner|taken captive|"
        "taken hostage|held hostage|held captive|taken control of|took control of|seized|"
        "seizing|seize|retaken|retook|retake|recaptured|liberated|surrendered|kidnapped|"
        "abducted",
    ),
    "controlled": (
        "both",
        "control|controls|controlled|controlling|in control of|hold|holds|held|holding|"
        "occupy|occupies|occupied|occupying",
    ),
    "detected": (
        "both",
        "spotted|detected|tracked|observed|detect|detects|spot|track|tracks",
    ),
    "affected": (
        "both",
        "affected|affecting|affects|disconnected|de-energized|de-energised",
    ),
    "evacuated": ("both", "evacuated|evacuate|evacuates|evacuating"),
    "detained": (
        "both",
        "detained|detain|detains|detaining|arrested|arrest|arrests|arresting|"
        "taken into custody|jailed|rounded up",
    ),
}
_POST_ONLY = {
    # Killed and wounded together: casualties, which no single outcome describes.
    "casualty": "killed or wounded|killed and wounded|killed or injured|killed and injured|"
    "dead or wounded|dead and wounded|dead or injured|dead and injured|wounded or killed|"
    "injured or killed",
    "killed": "died|dead|perished|lost their lives|lost his life|lost her life",
    "affected": "without power|without electricity|without heating|without heat|without water|"
    "without gas|without light|without running water|without electricity and water|"
    "without power and water|lost power",
    "missing": "missing|unaccounted for|missing in action",
    "damaged": "damage",
}
_PRE_ONLY = {
    "affected": "supplying heating to|supplying heat to|supplying power to|"
    "supplying electricity to|supplying water to|supplying gas to|supplies heating to|"
    "supplies power to|supplies water to|cut off power to|cutting off power to|"
    "cut power to|cutting power to",
    "evacuated": "evacuation of|evacuations of",
    "killed": "deaths of|death of|killing of|killings of",
    "captured": "took|taken|seized",  # only with hostages and prisoners, see pre_cue
}

# --------------------------------------------------------------------------------------------
# Tables built from the word lists
# --------------------------------------------------------------------------------------------


def _build_cues() -> dict[tuple[str, ...], tuple[str, str]]:
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for outcome, (where, variants) in _CUE_TABLE.items():
        for variant in variants.split("|"):
            table[phrase_key(variant)] = (outcome, where)
    for outcome, variants in _POST_ONLY.items():
        for variant in variants.split("|"):
            table[phrase_key(variant)] = (outcome, "post")
    for outcome, variants in _PRE_ONLY.items():
        for variant in variants.split("|"):
            table[phrase_key(variant)] = (outcome, "pre")
    return table


def _build_qualifiers() -> dict[tuple[str, ...], str]:
    table = {}
    for qualifier, phrases in _QUALIFIER_PHRASES.items():
        for phrase in phrases:
            table[tuple(phrase.split())] = qualifier
    return table


_CUES = _build_cues()
_QUALIFIER_TABLE = _build_qualifiers()
_NEUTRAL_TABLE = {tuple(p.split()): True for p in _NEUTRAL_PRE}
CUE_WORDS = {key[0] for key in _CUES}
QUALIFIER_WORDS = {w for key in _QUALIFIER_TABLE for w in key}
QUALIFIER_INDEX = PhraseIndex(_QUALIFIER_TABLE)
NEUTRAL_INDEX = PhraseIndex(_NEUTRAL_TABLE)
# Cues by where they may stand: ("both", "pre") before the number, ("both", "post") after it.
CUE_INDEX = {
    wheres: PhraseIndex({k: v[0] for k, v in _CUES.items() if v[1] in wheres})
    for wheres in (("both", "pre"), ("both", "post"), ("post",))
}
