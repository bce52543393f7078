"""Pull the hedged quantities out of a sentence of war reporting.

"25 of nearly 30 drones", "more than 80", "dozens were downed", "one killed, at least 10 wounded",
"more than 1,200 square kilometers": editors paste a sentence and `extract_quantities` proposes
the Quantities for them to check.

Pure Python, no Django, no network. Everything runs over one token list per sentence with bounded
look-arounds, so the cost is linear in the length of the text (no regex can backtrack
catastrophically: each pattern below either always succeeds once started or is anchored on a
fixed character class).

Rules for the ambiguous cases (the corpus in tests/quantity_corpus.py pins each of them down):

* Items come from the sentence only. "It claimed 25 had been downed." gives item "" because the
  drones are in the previous sentence. Within a sentence an item-less number takes the item of
  the number it is listed with ("17 drones were intercepted over Bryansk, 10 over Kursk"), of
  "others" ("five others injured"), or of the nearest earlier quantity; a number killed, wounded,
  missing, evacuated or detained with no stated item counts persons ("three killed, 15 injured").
* "25 of nearly 30 drones": the hedge belongs to the total, so the 25 stays "exact" and of_total
  is 30. "all four missiles" gives value 4 and of_total 4; "40 of which", "12 of them" take the
  earlier number as the total.
* A percentage is a share, not a count of items: "18%", "90 percent of drones" give nothing.
  Money ("$4 million") gives nothing either.
* A quantity is kept when it has an outcome, or when its item is one the desk counts (people,
  weapons, vehicles, buildings, areas ...); "struck more than 150 targets" with no outcome gives
  nothing. Places (regions, districts, villages ...) are counted only when captured or
  controlled ("captured two villages"), never as targets ("fired at three regions").
* An indefinite article counts as 1 only for a counted item tied directly to an outcome
  ("killed a child", "a cruise missile were fired"), not inside an "including ..." aside
  ("including a 9-year-old boy").
* Vague amounts: a few 2, a couple 2, several 3, dozens 24, scores 40, hundreds 200, thousands
  2000, tens of thousands 20000, hundreds of thousands 200000, millions 2000000 (a vague word
  times a scale word multiplies: "several hundred" 300).
* "Half of the 40 drones were shot down" is 20 of 40; in "most of the 40 drones were shot down"
  the verb belongs to "most", so the 40 gets no outcome. "Of the 9 missiles fired, 7 were
  intercepted" is one quantity, 7 of 9, like "7 of the 9 missiles fired".
* Canonical outcomes follow the item: aerial weapons (drones, missiles, rockets, bombs)
  "destroyed" are "downed"; equipment "killed" or "eliminated" is "destroyed"; hostages "held"
  are "captured". "Killed or wounded" (casualties) has no single outcome and gives "".
* An age standing for a person counts one: "a 16-year-old was shot dead" is one child killed
  (under 18: child, else person). A population ("a city of 60,000 people") is not a claim.
* Numbers of 10 trillion (10**13) or more are taken for codes, not counts, and skipped; this
  also keeps every proposal inside the Quantity model's DecimalField(max_digits=15,
  decimal_places=2).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


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


@dataclass(frozen=True)
class ExtractedQuantity:
    value: Decimal  # the stated number, or the lower bound
    upper: Decimal | None  # upper bound where stated or implied, else None
    qualifier: str  # one of QUALIFIERS
    of_total: Decimal | None  # the "30" in "25 of 30"
    item: str  # singular, lower-case: "drone", "cruise missile", "person", "km2" ... or ""
    outcome: str  # one of OUTCOMES or "" if none stated

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "upper": self.upper,
            "qualifier": self.qualifier,
            "of_total": self.of_total,
            "item": self.item,
            "outcome": self.outcome,
        }


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_UNITS = {
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
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Scale words allowed right after digits: "1.5 million", "40 thousand", "2 bn".
_DIGIT_SCALES = {**_SCALES, "mln": 1_000_000, "bn": 1_000_000_000}

# Vague amounts and their conventional values (multi-word ones first).
_VAGUE = [
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
_TRAILING_QUALIFIERS = {
    ("or", "more"): "at_least",
    ("or", "so"): "approximately",
    ("or", "fewer"): "at_most",
    ("or", "less"): "at_most",
}

_MONTHS = _wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Month abbreviations that are also ordinary words; only capitalised forms count as months.
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "dec"}

_DURATION_UNITS = _wordset(
    "second seconds minute minutes hour hours day days night nights week weeks weekend "
    "weekends month months year years decade decades century centuries times time round "
    "rounds"
)
_PERCENT_WORDS = {"%", "percent", "pct", "percentage", "per"}
_MONEY_AFTER = _wordset(
    "dollar dollars euro euros pound pounds ruble rubles rouble roubles hryvnia hryvnias "
    "hryvnas shekel shekels yuan usd eur uah rub"
)
_MONEY_BEFORE = {"$", "€", "£", "¥", "₴", "₽", "usd", "eur", "uah", "us$"}
_TIME_AFTER = {"a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc", "hrs", "h", "cet", "est"}
# Words right before a number that make it a name or a code, not a count.
_DESIGNATORS = _wordset(
    "day page number no nos resolution article unit brigade division regiment battalion "
    "flight route highway section paragraph chapter platform gate aged age ages code # + ^ / "
    ": № $ € £ ¥ ₴ ₽ us$ usd eur"
)
# Prepositions that make the number a date, a time, a place or a part of an idiom.
_DROP_AFTER_PREPOSITION = {"in", "on", "at", "since", "until", "till", "during", "no"}
# Capitalised words allowed right before a number (sentence openers, hedges).
_CAP_OK = _wordset(
    "about around approximately roughly some nearly almost over under more fewer less up at "
    "all another only just of and but while with including between from a an the upwards as "
    "no killing leaving there after overall among"
)

_PREPOSITIONS = _wordset(
    "on in at near from to into onto against with by of for over under across inside outside "
    "toward towards behind through via off including among"
)
_AUX = _wordset(
    "may might could would will must were was are is had have has been being be got get "
    "remain remained remains left reportedly also all later subsequently successfully "
    "completely fully totally entirely seriously severely critically lightly slightly "
    "moderately fatally mortally still now either allegedly reported confirmed believed "
    "thought said to feared not already"
)
_FINITE_AUX = _wordset(
    "were was are is had have has remain remained remains may might could would will must"
)
_ADVERBS = _wordset("reportedly also later subsequently successfully allegedly overnight all then")
_ATTACK_VERBS = _wordset(
    "attack attacks attacked attacking struck strike strikes striking hit hits targeted "
    "targeting pounded shelled bombarded assault assaulted barrage raid"
)
_REPORT_VERBS = {"reported", "recorded", "registered", "counted", "reports", "records"}
_SUPERLATIVE_WORDS = {"most", "largest", "biggest", "first", "last", "worst", "deadliest"}

# --------------------------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------------------------

# canonical item -> variants. Multi-word variants are matched token by token (longest first).
_ITEMS = {
    "person": "person|persons|people|resident|residents|inhabitant|inhabitants|individual|"
    "individuals|victim|victims|local resident|local residents|gazan|gazans",
    "civilian": "civilian|civilians",
    "soldier": "soldier|soldiers|troop|troops|serviceman|servicemen|servicemember|servicemembers|"
    "service member|service members|military personnel|marine|marines|paratrooper|paratroopers",
    "fighter": "fighter|fighters",
    "militant": "militant|militants",
    "child": "child|children|kid|kids|minor|minors|boy|boys|girl|girls|baby|babies|infant|infants",
    "woman": "woman|women",
    "man": "man|men",
    "hostage": "hostage|hostages",
    "prisoner": "prisoner|prisoners|prisoner of war|prisoners of war|pow|pows",
    "detainee": "detainee|detainees",
    "protester": "protester|protesters|protestor|protestors|demonstrator|demonstrators",
    "journalist": "journalist|journalists|reporter|reporters",
    "aid worker": "aid worker|aid workers|humanitarian worker|humanitarian workers",
    "medic": "medic|medics|paramedic|paramedics|health worker|health workers",
    "doctor": "doctor|doctors",
    "rescuer": "rescuer|rescuers|rescue worker|rescue workers",
    "firefighter": "firefighter|firefighters",
    "police officer": "police officer|police officers|policeman|policemen|policewoman|police",
    "officer": "officer|officers",
    "commander": "commander|commanders",
    "crew member": "crew member|crew members|crewman|crewmen",
    "sailor": "sailor|sailors",
    "pilot": "pilot|pilots",
    "refugee": "refugee|refugees",
    "migrant": "migrant|migrants",
    "patient": "patient|patients",
    "student": "student|students",
    "worker": "worker|workers",
    "agent": "agent|agents",
    "household": "household|households",
    "family": "family|families",
    "consumer": "consumer|consumers",
    "subscriber": "subscriber|subscribers",
    "casualty": "casualty|casualties",
    "body": "body|bodies",
    "home": "home|homes",
    "house": "house|houses",
    "building": "building|buildings|apartment building|apartment buildings|apartment block|"
    "apartment blocks|residential building|residential buildings|high-rise|high-rises|"
    "tower block|tower blocks",
    "apartment": "apartment|apartments|flat|flats",
    "school": "school|schools",
    "hospital": "hospital|hospitals",
    "church": "church|churches",
    "mosque": "mosque|mosques",
    "bridge": "bridge|bridges",
    "car": "car|cars",
    "vehicle": "vehicle|vehicles",
    "armored vehicle": "armored vehicle|armored vehicles|armoured vehicle|armoured vehicles",
    "armored personnel carrier": "armored personnel carrier|armored personnel carriers|"
    "armoured personnel carrier|armoured personnel carriers|apc|apcs",
    "infantry fighting vehicle": "infantry fighting vehicle|infantry fighting vehicles|ifv|ifvs",
    "tank": "tank|tanks",
    "artillery system": "artillery system|artillery systems|artillery piece|artillery pieces",
    "howitzer": "howitzer|howitzers",
    "rocket launcher": "rocket launcher|rocket launchers|multiple rocket launcher|"
    "multiple rocket launchers|mlrs",
    "launcher": "launcher|launchers",
    "air defense system": "air defense system|air defense systems|air defence system|"
    "air defence systems|air-defense system|air-defense systems|air-defence system|"
    "air-defence systems",
    "radar": "radar|radars",
    "truck": "truck|trucks",
    "train": "train|trains",
    "ship": "ship|ships|landing ship|landing ships|warship|warships|vessel|vessels",
    "boat": "boat|boats",
    "submarine": "submarine|submarines",
    "aircraft": "aircraft|plane|planes|airplane|airplanes|warplane|warplanes",
    "jet": "jet|jets|fighter jet|fighter jets",
    "bomber": "bomber|bombers",
    "helicopter": "helicopter|helicopters",
    "drone": "drone|drones|uav|uavs|unmanned aerial vehicle|unmanned aerial vehicles|shahed|"
    "shaheds",
    "naval drone": "naval drone|naval drones|sea drone|sea drones",
    "missile": "missile|missiles|guided missile|guided missiles",
    "cruise missile": "cruise missile|cruise missiles",
    "ballistic missile": "ballistic missile|ballistic missiles",
    "hypersonic missile": "hypersonic missile|hypersonic missiles",
    "rocket": "rocket|rockets",
    "glide bomb": "glide bomb|glide bombs|guided bomb|guided bombs|guided aerial bomb|"
    "guided aerial bombs|kab|kabs",
    "bomb": "bomb|bombs|aerial bomb|aerial bombs",
    "shell": "shell|shells|artillery shell|artillery shells",
    "refinery": "refinery|refineries|oil refinery|oil refineries",
    "depot": "depot|depots|fuel depot|fuel depots|oil depot|oil depots|ammunition depot|"
    "ammunition depots",
    "warehouse": "warehouse|warehouses",
    "substation": "substation|substations",
    "power plant": "power plant|power plants|power station|power stations",
    "facility": "facility|facilities",
    "airfield": "airfield|airfields",
    "base": "base|bases|air base|air bases|military base|military bases",
    # units
    "km2": "km2|sq km|sq. km|square km|square kilometer|square kilometers|square kilometre|"
    "square kilometres",
    "km": "km|kms|kilometer|kilometers|kilometre|kilometres",
    "mi2": "square mile|square miles|sq mi",
    "mile": "mile|miles",
    "hectare": "hectare|hectares",
    # places: counted only when captured or controlled
    "settlement": "settlement|settlements",
    "village": "village|villages",
    "town": "town|towns",
    "city": "city|cities",
    "region": "region|regions",
    "district": "district|districts",
    "oblast": "oblast|oblasts",
    "province": "province|provinces",
    "governorate": "governorate|governorates",
    "country": "country|countries",
    "state": "state|states",
    "area": "area|areas",
    "locality": "locality|localities",
    "community": "community|communities",
    "municipality": "municipality|municipalities",
    "neighborhood": "neighborhood|neighborhoods|neighbourhood|neighbourhoods",
    "hamlet": "hamlet|hamlets",
    "territory": "territory|territories",
    "front": "front|fronts",
    "direction": "direction|directions",
    "sector": "sector|sectors",
    "county": "county|counties",
}
# Nouns that carry their outcome: "12,162 civilian deaths" is 12,162 civilians killed.
_OUTCOME_NOUNS = {
    ("death",): ("person", "killed"),
    ("deaths",): ("person", "killed"),
    ("fatality",): ("person", "killed"),
    ("fatalities",): ("person", "killed"),
    ("civilian", "deaths"): ("civilian", "killed"),
    ("civilian", "fatalities"): ("civilian", "killed"),
    ("injury",): ("person", "wounded"),
    ("injuries",): ("person", "wounded"),
}
_PLACES = _wordset(
    "settlement village town city region district oblast province governorate country state "
    "area locality community municipality neighborhood hamlet territory front direction "
    "sector county"
)
_AERIAL = {
    "drone",
    "missile",
    "cruise missile",
    "ballistic missile",
    "hypersonic missile",
    "rocket",
    "glide bomb",
    "bomb",
}
# Nouns after an item word that make the item a mere modifier: "a drone attack", "missile strike".
_HEAD_NOUNS = _wordset(
    "strike strikes attack attacks debris fragment fragments wreckage barrage raid raids "
    "operator operators unit units factory factories plant plants production program "
    "programme alert alerts threat site sites crew crews pilot pilots deaths death casualties "
    "fatalities injuries systems system block blocks building buildings"
)
# Modifiers skipped between a number and its item.
_MODIFIERS = _wordset(
    "other more additional further new enemy hostile attack combat kamikaze unmanned aerial "
    "armed residential civil military russian ukrainian israeli palestinian suspected alleged "
    "senior local young elderly wounded injured main heavy light foreign small large oil fuel "
    "energy private high multi ukraine russia"
)
_STOP = _wordset(
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
    "captured": "took|taken|seized",  # only with hostages and prisoners, see _pre_cue
}
_CAPTIVES = {"hostage", "prisoner", "soldier", "detainee"}
_PERSON_ITEMS = {
    "person",
    "civilian",
    "soldier",
    "fighter",
    "militant",
    "child",
    "woman",
    "man",
    "hostage",
    "prisoner",
    "detainee",
    "protester",
    "journalist",
    "aid worker",
    "medic",
    "doctor",
    "rescuer",
    "firefighter",
    "police officer",
    "officer",
    "commander",
    "crew member",
    "sailor",
    "pilot",
    "refugee",
    "migrant",
    "patient",
    "student",
    "worker",
    "agent",
    "household",
    "family",
    "consumer",
    "subscriber",
    "casualty",
    "body",
}
_UNIT_ITEMS = {"km2", "km", "mi2", "mile", "hectare"}
_PERSON_OUTCOMES = {"killed", "wounded", "missing", "evacuated", "detained", "casualty"}


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # abbreviations with dots: a.m., U.S., e.g.
    r"|[0-9]+(?:[.,:][0-9]+)*\w*"  # numbers, with whatever is glued to them (47th, 3am, M142)
    r"|[^\W\d_][\w']*"  # words (may hold digits: M142, km2)
    r"|[^\w\s]|_"  # any other single character
)
_PLAIN_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_NUMBER_HEAD = re.compile(r"[0-9]+(?:[.,:][0-9]+)*")
_ABBREVIATIONS = _wordset(
    "mr mrs ms dr gov gen lt col sgt capt maj st no jan feb mar apr jun jul aug sep sept oct "
    "nov dec vs approx est rep sen pres prof adm brig cpl pvt sq mt ft"
)
_MAX_INT_DIGITS = 13
_MAX_VALUE = Decimal(10) ** _MAX_INT_DIGITS
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u2014": ",",
        "\u2015": ",",
        "\u00a0": " ",
    }
)


@dataclass(slots=True)
class _Tok:
    text: str
    low: str  # lower case, possessive 's stripped
    kind: str  # word, num, ord, time, code, abbr, punct
    space: bool  # whitespace right before it
    cap: bool  # starts with an upper-case letter
    value: Decimal | None = None
    unit: str = ""  # "km" for "100km"
    compound: bool = False  # part of a hyphenated compound ("Su-34", "9-year-old")


def _classify_number(text: str) -> tuple[str, Decimal | None, str]:
    head = _NUMBER_HEAD.match(text)
    core = head.group(0) if head else text
    tail = text[len(core) :].lower()
    if ":" in core:
        return "time", None, ""
    if tail in ("st", "nd", "rd", "th"):
        return "ord", None, ""
    if tail in ("am", "pm", "h", "hrs", "gmt", "utc"):
        return "time", None, ""
    if not _PLAIN_NUMBER.fullmatch(core):
        return "code", None, ""
    unit = ""
    if tail:
        if tail in ("km", "kms"):
            unit = "km"
        elif tail == "km2":
            unit = "km2"
        else:
            return "code", None, ""
    digits = core.replace(",", "")
    int_part = digits.split(".", 1)[0]
    if len(int_part) > _MAX_INT_DIGITS:
        return "code", None, ""
    if len(int_part) > 1 and int_part.startswith("0"):
        return "code", None, ""  # 0800, 04: codes, phone numbers, clock times
    try:
        return "num", Decimal(digits), unit
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return "code", None, ""


def _tokenize(text: str) -> list[list[_Tok]]:
    """Tokens, split into sentences."""
    sentences: list[list[_Tok]] = []
    current: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(text):
        raw = m.group(0)
        start = m.start()
        spaced = start != prev_end or start == 0
        if spaced and current and text.find("\n", prev_end, start) != -1:
            sentences.append(current)
            current = []
        prev_end = m.end()
        first = raw[0]
        if "0" <= first <= "9":
            kind, value, unit = _classify_number(raw)
            low = raw.lower()
        elif len(raw) > 2 and raw.endswith(".") and raw[1] == ".":
            kind, value, unit = "abbr", None, ""
            low = raw.lower()
        elif first.isalpha():
            kind, value, unit = "word", None, ""
            low = raw.lower()
            if low.endswith("'s"):
                low = low[:-2]
            elif low.endswith("'"):
                low = low[:-1]
        else:
            kind, value, unit = "punct", None, ""
            low = raw
        current.append(
            _Tok(
                text=raw,
                low=low,
                kind=kind,
                space=spaced,
                cap=first.isupper(),
                value=value,
                unit=unit,
            )
        )
        if kind == "punct" and raw in ".!?":
            prev_word = current[-2].low if len(current) > 1 else ""
            if raw == "." and prev_word in _ABBREVIATIONS:
                continue
            nxt = text[m.end() : m.end() + 3].lstrip(" \"')")
            if raw == "." and nxt and not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "#"):
                continue
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    for sent in sentences:
        _mark_compounds(sent)
    return sentences


def _mark_compounds(toks: list[_Tok]) -> None:
    for k, tok in enumerate(toks):
        if tok.text == "-" and 0 < k < len(toks) - 1 and not tok.space and not toks[k + 1].space:
            toks[k - 1].compound = True
            tok.compound = True
            toks[k + 1].compound = True
    # Runs of bare digit groups ("+380 44 256 7890", "0-800-505-201") are phone numbers or codes.
    n = len(toks)
    k = 0
    while k < n:
        if toks[k].kind in ("num", "code"):
            j = k
            groups = 1
            while j + 1 < n and (
                toks[j + 1].kind in ("num", "code")
                or (
                    toks[j + 1].text == "-"
                    and j + 2 < n
                    and toks[j + 2].kind in ("num", "code")
                    and not toks[j + 1].space
                    and not toks[j + 2].space
                )
            ):
                j += 1 if toks[j + 1].kind in ("num", "code") else 2
                groups += 1
            hyphen_only = all(toks[x].text == "-" for x in range(k + 1, j + 1, 2))
            if groups >= 3 or (groups == 2 and not hyphen_only):
                for x in range(k, j + 1):
                    if toks[x].kind == "num":
                        toks[x].kind = "code"
            k = j + 1
        else:
            k += 1


# --------------------------------------------------------------------------------------------
# Phrase tables (built once)
# --------------------------------------------------------------------------------------------


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(t.low for sent in _tokenize(phrase) for t in sent)


def _build_items() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for canonical, variants in _ITEMS.items():
        for variant in variants.split("|"):
            table[_words(variant)] = canonical
    return table


def _build_cues() -> dict[tuple[str, ...], tuple[str, str]]:
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for outcome, (where, variants) in _CUE_TABLE.items():
        for variant in variants.split("|"):
            table[_words(variant)] = (outcome, where)
    for outcome, variants in _POST_ONLY.items():
        for variant in variants.split("|"):
            table[_words(variant)] = (outcome, "post")
    for outcome, variants in _PRE_ONLY.items():
        for variant in variants.split("|"):
            table[_words(variant)] = (outcome, "pre")
    return table


def _build_qualifiers() -> dict[tuple[str, ...], str]:
    table = {}
    for qualifier, phrases in _QUALIFIER_PHRASES.items():
        for phrase in phrases:
            table[tuple(phrase.split())] = qualifier
    return table


_ITEM_TABLE = _build_items()
_CUES = _build_cues()
_QUALIFIER_TABLE = _build_qualifiers()
_NEUTRAL_TABLE = {tuple(p.split()): True for p in _NEUTRAL_PRE}
_CUE_WORDS = {key[0] for key in _CUES}


# --------------------------------------------------------------------------------------------
# Singular forms for items the table does not know
# --------------------------------------------------------------------------------------------

_IRREGULAR_SINGULAR = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "thieves": "thief",
    "analyses": "analysis",
    "crises": "crisis",
    "theses": "thesis",
    "oases": "oasis",
    "phenomena": "phenomenon",
    "criteria": "criterion",
    "buses": "bus",
    "minibuses": "minibus",
    "trolleybuses": "trolleybus",
    "statuses": "status",
    "viruses": "virus",
    "campuses": "campus",
    "gases": "gas",
    "heroes": "hero",
    "torpedoes": "torpedo",
    "volcanoes": "volcano",
    "potatoes": "potato",
    "tomatoes": "tomato",
    "echoes": "echo",
    "vetoes": "veto",
    "cargoes": "cargo",
    "wolves": "wolf",
    "halves": "half",
    "shelves": "shelf",
    "leaves": "leaf",
    "loaves": "loaf",
    "calves": "calf",
    "selves": "self",
    "bases": "base",
    "personnel": "personnel",
    "aircraft": "aircraft",
    "series": "series",
    "species": "species",
    "sheep": "sheep",
    "headquarters": "headquarters",
    "news": "news",
}


def _singular(word: str) -> str:
    """Singular of a lower-case English plural noun (a rule set good enough for item nouns)."""
    if word in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _looks_plural(word: str) -> bool:
    return (
        word.isalpha()
        and len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous"))
    )


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def _norm(value: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        value = value.normalize()
        if value.as_tuple().exponent > 0:
            value = value.quantize(Decimal(1))
    return value


@dataclass
class _Num:
    start: int  # first token of the number itself
    end: int  # one past its last token
    value: Decimal
    vague: bool = False
    words: bool = False  # spelled out
    digits: bool = False
    scale: int = 1  # scale word applied ("1.5 million")
    needs_of: bool = False  # "dozens of", "a dozen" take an "of" before their item


def _parse_word_number(toks: list[_Tok], i: int) -> _Num | None:
    n = len(toks)
    low = toks[i].low
    nxt = toks[i + 1].low if i + 1 < n else ""
    nxt2 = toks[i + 2].low if i + 2 < n else ""
    # half a dozen / half a million
    if low == "half" and nxt == "a" and (nxt2 == "dozen" or nxt2 in _SCALES):
        mult = 12 if nxt2 == "dozen" else _SCALES[nxt2]
        return _Num(i, i + 3, Decimal(mult) / 2, words=True)
    # a dozen / a hundred / a thousand / a million
    if low in ("a", "an") and (nxt == "dozen" or nxt in _SCALES):
        mult = 12 if nxt == "dozen" else _SCALES[nxt]
        return _Num(i, i + 2, Decimal(mult), words=True)
    if low not in _UNITS and low not in _TENS:
        return None
    total = 0
    current = 0
    last = ""  # "unit", "teen", "tens", "hundred", "scale"
    j = i
    end = i
    while j < n:
        w = toks[j].low
        if w in _UNITS:
            v = _UNITS[w]
            kind = "unit" if v < 10 else "teen"
            if last in ("unit", "teen") or (last == "tens" and kind == "teen"):
                break
            current += v
            last = kind
            j += 1
            end = j
        elif w in _TENS:
            if last in ("unit", "teen", "tens"):
                break
            current += _TENS[w]
            last = "tens"
            j += 1
            end = j
        elif w == "hundred":
            if last not in ("unit", "teen", "tens") or current >= 100:
                break
            current *= 100
            last = "hundred"
            j += 1
            end = j
        elif w in _SCALES:
            if last == "scale" or (current == 0):
                break
            total += current * _SCALES[w]
            current = 0
            last = "scale"
            j += 1
            end = j
        elif w == "dozen" and last in ("unit", "teen", "tens"):
            current *= 12
            last = "scale"
            j += 1
            end = j
        elif w == "-" and last == "tens" and j + 1 < n and toks[j + 1].low in _UNITS:
            if toks[j].space or toks[j + 1].space:
                break
            j += 1
        elif w == "and" and last in ("hundred", "scale") and j + 1 < n:
            nw = toks[j + 1].low
            if nw in _UNITS or nw in _TENS:
                j += 1
            else:
                break
        else:
            break
    if end == i:
        return None
    return _Num(i, end, Decimal(total + current), words=True)


def _parse_vague(toks: list[_Tok], i: int) -> _Num | None:
    n = len(toks)
    for phrase, value in _VAGUE_BY_FIRST.get(toks[i].low, ()):
        L = len(phrase)
        if i + L <= n and all(toks[i + k].low == phrase[k] for k in range(L)):
            end = i + L
            nxt = toks[end].low if end < n else ""
            if phrase == ("scores",) and nxt != "of" and (nxt not in _CUE_WORDS):
                continue
            v = Decimal(value)
            # "several hundred", "a few thousand", "several dozen"
            if L <= 2 and nxt in _SCALES and value < 10:
                v *= _SCALES[nxt]
                end += 1
                return _Num(i, end, v, vague=True)
            if L <= 2 and nxt == "dozen" and value < 10:
                return _Num(i, end + 1, v * 12, vague=True)
            return _Num(i, end, v, vague=True, needs_of=True)
    return None


def _parse_digits(toks: list[_Tok], i: int) -> _Num | None:
    tok = toks[i]
    if tok.kind != "num" or tok.value is None:
        return None
    value = tok.value
    end = i + 1
    scale = 1
    if not tok.unit and end < len(toks) and toks[end].low in _DIGIT_SCALES:
        scale = _DIGIT_SCALES[toks[end].low]
        value = value * scale
        end += 1
    return _Num(i, end, value, digits=True, scale=scale)


_VAGUE_BY_FIRST: dict[str, list[tuple[tuple[str, ...], int]]] = {}
for _phrase, _value in _VAGUE:
    _VAGUE_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _value))
_NUMBER_STARTERS = set(_UNITS) | set(_TENS) | set(_VAGUE_BY_FIRST) | {"a", "an", "half"}


def _parse_number(toks: list[_Tok], i: int) -> _Num | None:
    tok = toks[i]
    if tok.kind == "num":
        return _parse_digits(toks, i)
    if tok.kind != "word" or tok.low not in _NUMBER_STARTERS:
        return None
    return _parse_vague(toks, i) or _parse_word_number(toks, i)


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------


@dataclass
class _Cand:
    qstart: int  # first token including hedges
    start: int
    end: int  # end of the number expression (range, of-total, trailing hedge included)
    np_end: int = 0  # end of the noun phrase (item), where the predicate may start
    value: Decimal = Decimal(0)
    upper: Decimal | None = None
    qualifier: str = "exact"
    of_total: Decimal | None = None
    of_prev: bool = False  # "40 of which", "of which 76", "12 of them"
    all_of: bool = False  # "all four missiles"
    item: str = ""
    item_known: bool = False  # item from the table (not guessed from a plural noun)
    implied_outcome: str = ""  # "deaths" implies killed
    others: bool = False  # "several others": the item of the previous quantity
    article: bool = False  # "a cruise missile"
    outcome: str = ""
    outcome_how: str = ""  # pre, aux, bare, gap, over
    own_predicate: bool = False  # followed by its own verb ("14 others were lost")
    partitive_subject: bool = False  # "most of the 40 drones were ...": the verb is not the 40's
    drop: bool = False


class _Phrases:
    """A phrase table indexed by first and by last word, for cheap longest-match look-ups."""

    def __init__(self, table: dict[tuple[str, ...], object]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        self.by_last: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for key, value in sorted(table.items(), key=lambda kv: -len(kv[0])):
            self.by_first.setdefault(key[0], []).append((key, value))
            self.by_last.setdefault(key[-1], []).append((key, value))

    def starting(self, toks: list[_Tok], i: int) -> tuple[int, object] | None:
        """Longest phrase starting at token i: (length, value)."""
        if i < 0 or i >= len(toks):
            return None
        for key, value in self.by_first.get(toks[i].low, ()):
            L = len(key)
            if i + L <= len(toks) and all(toks[i + k].low == key[k] for k in range(1, L)):
                return L, value
        return None

    def ending(self, toks: list[_Tok], j: int) -> tuple[int, object] | None:
        """Longest phrase ending at token j (inclusive): (length, value)."""
        if j < 0 or j >= len(toks):
            return None
        for key, value in self.by_last.get(toks[j].low, ()):
            L = len(key)
            if j - L + 1 >= 0 and all(toks[j - L + 1 + k].low == key[k] for k in range(L - 1)):
                return L, value
        return None


_ITEM_INDEX = _Phrases(_ITEM_TABLE)
_OUTCOME_NOUN_INDEX = _Phrases(_OUTCOME_NOUNS)
_QUALIFIER_INDEX = _Phrases(_QUALIFIER_TABLE)
_NEUTRAL_INDEX = _Phrases(_NEUTRAL_TABLE)
_CUE_INDEX = {
    wheres: _Phrases({k: v[0] for k, v in _CUES.items() if v[1] in wheres})
    for wheres in (("both", "pre"), ("both", "post"), ("post",))
}


def _hedge_before(toks: list[_Tok], start: int) -> tuple[int, str]:
    """Qualifier phrase right before `start`: (new start, qualifier)."""
    qstart, qualifier = start, "exact"
    m = _QUALIFIER_INDEX.ending(toks, start - 1)
    if m:
        L, qualifier = m
        qstart = start - L
    return qstart, str(qualifier)


def _is_month(tok: _Tok) -> bool:
    if tok.low not in _MONTHS:
        return False
    if tok.low in _AMBIGUOUS_MONTHS:
        return tok.cap
    return True


def _find_item(toks: list[_Tok], k: int, value: Decimal, article: bool = False):
    """The counted noun after a number: (item, known, implied_outcome, end, others)."""
    n = len(toks)
    fallback = ""
    fallback_end = plain_end = k
    limit = min(n, k + 7)
    j = k
    while j < limit:
        tok = toks[j]
        m = _OUTCOME_NOUN_INDEX.starting(toks, j)
        if m:
            L, (item, outcome) = m
            return item, True, outcome, j + L, False
        m = _ITEM_INDEX.starting(toks, j)
        if m and not (tok.compound and j + 1 < n and toks[j + 1].text == "-"):
            L, item = m
            if item == "fighter" and j > k and toks[j - 1].compound and toks[j - 1].kind != "word":
                item = "jet"  # "a Su-27 fighter"
            after = toks[j + L] if j + L < n else None
            if (
                after is not None
                and after.kind == "word"
                and (after.low in _HEAD_NOUNS or _ITEM_INDEX.starting(toks, j + L))
            ):
                j += L
                continue  # the item word only modifies the next noun: "missile strike"
            return str(item), True, "", j + L, False
        if tok.low == "others" or (tok.low == "more" and j == k and value != 1):
            if tok.low == "others":
                return "", False, "", j + 1, True
            j += 1
            continue
        if tok.compound or tok.kind == "abbr":
            j += 1
            continue
        if tok.kind != "word" or tok.low in _UNITS or tok.low in _TENS:
            break
        if tok.low in _STOP or (tok.low in _CUE_WORDS and tok.low not in _MODIFIERS):
            break
        if tok.cap and not tok.low.endswith(("ans", "ians", "is", "ese")):
            j += 1
            continue
        if tok.cap:
            # Demonyms as nouns: "30 Palestinians", "12 Israelis".
            nxt = toks[j + 1] if j + 1 < n else None
            if nxt is not None and nxt.kind == "word" and not nxt.cap and nxt.low not in _STOP:
                j += 1
                continue
            if _looks_plural(tok.low) or tok.low.endswith("ese"):
                return "person", True, "", j + 1, False
            j += 1
            continue
        if tok.low in _MODIFIERS:
            j += 1
            continue
        if article:
            j += 1
            continue
        if _looks_plural(tok.low) or (value == 1 and tok.low.isalpha() and len(tok.low) > 2):
            fallback = tok.low
            fallback_end = j + 1
        plain_end = j + 1  # "18 of its staff had been killed": the predicate starts later
        j += 1
    if fallback:
        return _singular(fallback), False, "", fallback_end, False
    return "", False, "", plain_end, False


def _candidates(toks: list[_Tok]) -> list[_Cand]:
    n = len(toks)
    cands: list[_Cand] = []
    i = 0
    while i < n:
        num = _parse_number(toks, i)
        if num is None:
            tok = toks[i]
            if tok.low in ("a", "an") and tok.kind == "word":
                cand = _article_candidate(toks, i)
                if cand is not None:
                    cands.append(cand)
            i += 1
            continue
        cand = _number_candidate(toks, num)
        cands.append(cand)
        i = max(cand.end, i + 1)
    return cands


def _article_candidate(toks: list[_Tok], i: int) -> _Cand | None:
    if i > 0 and toks[i - 1].low in _PREPOSITIONS:
        return None  # object of a preposition: "a strike on a Kharkiv apartment block"
    item, known, implied, end, _others = _find_item(toks, i + 1, Decimal(1), article=True)
    if not item:
        item, known, end = _age_noun(toks, i + 1)
    if not known or not item or item in _PLACES or item in ("km", "km2", "mile", "mi2"):
        return None
    # No number inside the noun phrase (apart from hyphenated ones: "a 9-year-old boy").
    if any(toks[j].kind == "num" and not toks[j].compound for j in range(i + 1, end)):
        return None
    if implied:
        return None
    return _Cand(
        qstart=i,
        start=i,
        end=i + 1,
        np_end=end,
        value=Decimal(1),
        item=item,
        item_known=True,
        article=True,
    )


def _age_noun(toks: list[_Tok], k: int) -> tuple[str, bool, int]:
    """'a 16-year-old was shot dead': the age stands for a person (a child under 18)."""
    n = len(toks)
    if k + 5 > n or toks[k].kind != "num" or toks[k].value is None:
        return "", False, k
    words = [t.low for t in toks[k + 1 : k + 5]]
    if words != ["-", "year", "-", "old"]:
        return "", False, k
    nxt = toks[k + 5] if k + 5 < n else None
    if nxt is not None and nxt.kind == "word" and not (nxt.low in _AUX or nxt.low in _STOP):
        return "", False, k  # "a 9-year-old boy": the noun follows
    return ("child" if toks[k].value < 18 else "person"), True, k + 5


def _number_candidate(toks: list[_Tok], num: _Num) -> _Cand:
    n = len(toks)
    qstart, qualifier = _hedge_before(toks, num.start)
    cand = _Cand(qstart=qstart, start=num.start, end=num.end, value=num.value)
    cand.qualifier = "vague" if num.vague else qualifier
    end = num.end

    # "between 10 and 15", "10 to 15", "10-15", "two or three"
    second = None
    if end < n and not num.vague:
        conn = toks[end]
        if conn.low in ("to", "-", "or") or (
            conn.low == "and" and qstart > 0 and toks[qstart - 1].low == "between"
        ):
            if end + 1 < n:
                second = _parse_number(toks, end + 1)
                if second is not None and (second.vague or second.words != num.words):
                    second = None
            if second is not None and conn.low == "-" and num.digits:
                a_txt, b_txt = toks[num.start].text, toks[second.start].text
                if "," not in b_txt and len(b_txt) >= 4 and len(a_txt) < len(b_txt):
                    cand.drop = True  # 555-1234: a phone number
            if second is not None:
                low_value = num.value
                if num.scale == 1 and second.scale > 1 and low_value * second.scale <= second.value:
                    low_value *= second.scale
                rising = (
                    qstart > 1
                    and toks[qstart - 1].low == "from"
                    and toks[qstart - 2].low
                    in ("rose", "risen", "increased", "climbed", "jumped", "grew", "rising")
                )
                if second.value > low_value and rising:
                    cand.value = second.value
                    cand.start = second.start
                    end = second.end
                elif second.value > low_value:
                    cand.value = low_value
                    cand.upper = second.value
                    cand.qualifier = "range"
                    end = second.end
                elif conn.low == "-":
                    cand.drop = True  # a score or a code: 3-1, 141-5
                    end = second.end
                if conn.low == "and" and qstart > 0 and cand.qualifier == "range":
                    cand.qstart = qstart - 1
    if qstart > 0 and toks[qstart - 1].low == "between" and cand.qualifier != "range":
        cand.qstart = qstart - 1
    if qstart > 0 and toks[qstart - 1].low == "from" and cand.qualifier == "range":
        cand.qstart = qstart - 1

    # Trailing hedges: "50 or more", "40,000 or so", "30-odd", "30+"
    if end + 1 < n and (toks[end].low, toks[end + 1].low) in _TRAILING_QUALIFIERS:
        if cand.qualifier != "range":
            cand.qualifier = _TRAILING_QUALIFIERS[(toks[end].low, toks[end + 1].low)]
        end += 2
    elif (
        end + 1 < n
        and toks[end].text == "-"
        and not toks[end].space
        and toks[end + 1].low in ("odd", "plus")
    ):
        if cand.qualifier != "range":
            cand.qualifier = "approximately" if toks[end + 1].low == "odd" else "at_least"
        toks[end - 1].compound = toks[end].compound = toks[end + 1].compound = False
        end += 2
    elif end < n and toks[end].text == "+" and not toks[end].space:
        if cand.qualifier != "range":
            cand.qualifier = "at_least"
        end += 1

    # "all four missiles", "all of the 30 drones", "all the 12 hostages"
    j = cand.qstart - 1
    if j >= 0 and toks[j].low == "the":
        j -= 1
    if j >= 0 and toks[j].low == "of":
        j -= 1
    if j >= 0 and toks[j].low == "all" and cand.upper is None:
        cand.all_of = True
        cand.of_total = cand.value
        cand.qstart = j
    _partitive_before(toks, cand)
    # ", of which 76 were shot down"
    if (
        cand.qstart >= 2
        and toks[cand.qstart - 2].low == "of"
        and toks[cand.qstart - 1].low in ("which", "whom", "them")
    ):
        cand.of_prev = True

    # "25 of 30", "25 out of nearly 30", "7 of the 9 missiles", "dozens of drones",
    # "40 of which", "12 of them", "fewer than 10 of the drones"
    item_from = end
    k = end
    if k < n and toks[k].low == "out" and k + 1 < n and toks[k + 1].low == "of":
        k += 1
    if k < n and toks[k].low == "of":
        k += 1
        k0 = k
        if k < n and toks[k].low in ("the", "a"):
            k += 1
        if k < n and toks[k].low == "total" and k + 1 < n and toks[k + 1].low == "of":
            k += 2
        m = _QUALIFIER_INDEX.starting(toks, k)
        k_num = k + m[0] if m else k
        total = _parse_number(toks, k_num) if k_num < n else None
        if total is not None and not total.vague and total.value >= cand.value and not num.vague:
            cand.of_total = total.value
            end = total.end
            item_from = total.end
        elif k0 < n and toks[k0].low in ("which", "whom", "them", "those"):
            cand.of_prev = True
            end = k0 + 1
            item_from = end
        elif k0 < n and toks[k0].low in ("the", "its", "their", "his", "her", "these", "our"):
            item_from = k0 + 1
        elif num.needs_of or num.words:
            item_from = k0
    cand.end = end
    # "downed all but two of the 30 drones": 28 of 30
    if (
        cand.qstart >= 2
        and toks[cand.qstart - 2].low == "all"
        and toks[cand.qstart - 1].low == "but"
        and cand.of_total is not None
        and cand.upper is None
    ):
        cand.value = cand.of_total - cand.value
        cand.qstart -= 2

    if not num.digits or not toks[num.start].unit:
        item, known, implied, np_end, others = _find_item(toks, item_from, cand.value)
    else:
        item, known, implied, np_end, others = toks[num.start].unit, True, "", item_from, False
    cand.item, cand.item_known, cand.implied_outcome, cand.others = item, known, implied, others
    cand.np_end = max(np_end, end)
    _filter_number(toks, cand, num, second)
    return cand


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
_FRACTION_INDEX = _Phrases(_FRACTIONS)
_VAGUE_PARTITIVES = {"most", "some", "many", "several", "few", "none", "majority", "rest", "part"}


def _partitive_before(toks: list[_Tok], cand: _Cand) -> None:
    """'half of the 40 drones' is 20 of 40; in 'most of the 40 drones were downed' the verb
    belongs to 'most', not to the 40."""
    j = cand.qstart - 1
    if j >= 0 and toks[j].low == "the":
        j -= 1
    if j < 1 or toks[j].low != "of":
        return
    m = _FRACTION_INDEX.ending(toks, j - 1)
    if m:
        L, fraction = m
        value = cand.value * fraction
        if value == value.to_integral_value() and cand.upper is None:
            cand.of_total = cand.value
            cand.value = value
            cand.qstart = j - L
            return
        cand.partitive_subject = True
        return
    if toks[j - 1].low in _VAGUE_PARTITIVES:
        cand.partitive_subject = True


def _filter_number(toks: list[_Tok], cand: _Cand, num: _Num, second: _Num | None) -> None:
    """Dates, times, years, durations, ages, ordinals, designations, percentages, money."""
    n = len(toks)
    first = toks[num.start]
    last_num_tok = toks[(second.end if second else num.end) - 1]
    before = toks[cand.qstart - 1] if cand.qstart > 0 else None
    before2 = toks[cand.qstart - 2] if cand.qstart > 1 else None
    num_before = toks[num.start - 1] if num.start > 0 else None
    after_i = second.end if second else num.end
    after = toks[after_i] if after_i < n else None
    after2 = toks[after_i + 1] if after_i + 1 < n else None

    def drop() -> None:
        cand.drop = True

    if first.compound and num.digits:
        # Su-34, Kh-101, 9-year-old, 1,100-kilometer; but 10-15 is a range
        hyphen_range = second is not None and num.end < n and toks[num.end].text == "-"
        attached_before = num_before is not None and num_before.compound
        if not hyphen_range or attached_before:
            drop()
    if (
        after is not None
        and after.text == "-"
        and not after.space
        and after2 is not None
        and not after2.space
        and after2.kind in ("word", "num")
        and after2.low not in ("odd", "plus")
    ):
        drop()  # "a 5-kilometer zone", "nine-year-old"
    if last_num_tok.compound and num.words and after is not None and after.text == "-":
        drop()
    # Prepositions and designators before the number.
    if before is not None:
        if before.low in _DROP_AFTER_PREPOSITION:
            drop()
        if before.low in _DESIGNATORS or before.text in _DESIGNATORS:
            drop()
        if before.low == "." and before2 is not None and before2.low in ("no", "nos"):
            drop()
        if _is_month(before) or (before.text == "." and before2 is not None and _is_month(before2)):
            drop()
        if before.low in ("the",) and before2 is not None and _is_month(before2):
            drop()
        if before.low == "of" and before2 is not None and _singular(before2.low) in _PLACES:
            drop()  # a population: "Pokrovsk, a city of 60,000 people"
        if (
            before.kind == "word"
            and before.cap
            and before.low not in _CAP_OK
            and before.low not in _QUALIFIER_WORDS
            and cand.qstart > 0
            and not before.low.endswith("ing")
        ):
            drop()  # "Resolution 2334", "Article 5", "Unit 8200"
        if before.low in ("a", "an") and num.digits and cand.qstart == num.start:
            drop()  # "a 5 km zone"
        if before.kind == "code" or before.kind == "num":
            drop()
    if num_before is not None and (
        num_before.text in ("/", ":", "^", "+", "#") or num_before.low in _MONEY_BEFORE
    ):
        drop()  # 24/7, 10^30, +380, #5, $4 million
    # After the number.
    if after is not None:
        if (after.low in _PERCENT_WORDS or after.text == "%") and (
            after.low != "per" or (after2 is not None and after2.low == "cent")
        ):
            drop()
        if after.low in _TIME_AFTER or after.text in ("/", ":"):
            drop()
        if _is_month(after):
            drop()
        if after.low in _MONEY_AFTER:
            drop()
        if after.low in ("years", "year", "months", "month") and after2 and after2.low == "old":
            drop()
        if after.kind in ("num", "code"):
            drop()
    if num.digits and first.value is not None and not first.unit:
        v = first.value
        if (
            num.scale == 1
            and "," not in first.text
            and "." not in first.text
            and len(first.text) == 4
            and 1800 <= v <= 2100
            and not (cand.item and (after is not None and not after.cap))
        ):
            drop()  # a year
    if num.words and first.low == "one":
        nxt = toks[num.end] if num.end < n else None
        nxt2 = toks[num.end + 1] if num.end + 1 < n else None
        nxt3 = toks[num.end + 2] if num.end + 2 < n else None
        if nxt is not None and nxt.low in ("another", "by", "after", "way", "side", "hand"):
            drop()
        if (
            nxt is not None
            and nxt.low == "of"
            and nxt2 is not None
            and nxt2.low == "the"
            and nxt3 is not None
            and (nxt3.low in _SUPERLATIVE_WORDS or nxt3.low.endswith("est"))
        ):
            drop()
    # What was counted: durations, ages, sums of money.
    if cand.item in ("day", "hour", "week", "month", "year", "time"):
        drop()
    k = cand.end
    while k < n and k < cand.end + 3 and (toks[k].kind == "word" and toks[k].low in _MODIFIERS):
        k += 1
    if k < n and toks[k].low in _DURATION_UNITS:
        drop()
    if k < n and toks[k].low in ("of",) and k + 1 < n and toks[k + 1].low in _MONEY_AFTER:
        drop()
    if cand.of_total is None and k < n and toks[k].low in _PERCENT_WORDS:
        drop()


_QUALIFIER_WORDS = {w for key in _QUALIFIER_TABLE for w in key}
_THINGS = set(_ITEMS) - _PERSON_ITEMS - _PLACES - _UNIT_ITEMS


# --------------------------------------------------------------------------------------------
# Outcomes
# --------------------------------------------------------------------------------------------


def _cue_ending_at(toks: list[_Tok], j: int, wheres: tuple[str, ...]) -> tuple[str, int] | None:
    hit = _CUE_INDEX[wheres].ending(toks, j)
    return (str(hit[1]), hit[0]) if hit else None


def _cue_starting_at(toks: list[_Tok], j: int, wheres: tuple[str, ...]) -> tuple[str, int] | None:
    hit = _CUE_INDEX[wheres].starting(toks, j)
    return (str(hit[1]), hit[0]) if hit else None


def _pre_cue(toks: list[_Tok], cand: _Cand) -> str:
    j = cand.qstart - 1
    # skip neutral words: "shot down a total of 30", "killed another 10"
    for _ in range(3):
        if j < 0:
            return ""
        m = _NEUTRAL_INDEX.ending(toks, j)
        if m:
            j -= m[0]
            continue
        if toks[j].low in _ADVERBS:
            j -= 1
            continue
        break
    if j < 0:
        return ""
    hit = _cue_ending_at(toks, j, ("both", "pre"))
    if hit:
        outcome, L = hit
        words = tuple(toks[j - L + 1 + k].low for k in range(L))
        if words in (("took",), ("taken",)) and cand.item not in _CAPTIVES:
            return ""
        if outcome == "controlled" and cand.item in _CAPTIVES:
            return "captured"  # "holding 59 hostages"
        return outcome
    tok = toks[j]
    if tok.low == "with":
        # "Russia attacked Ukraine overnight with 93 missiles"
        k = j - 1
        while k >= 0 and k >= j - 8 and toks[k].kind != "punct":
            if toks[k].low in _ATTACK_VERBS:
                return "launched"
            k -= 1
    if tok.low in ("involving", "involved"):
        return "launched"  # "an attack involving 40 missiles"
    return ""


def _toll_cue(toks: list[_Tok], cand: _Cand) -> tuple[str, str] | None:
    """'the death toll rose to more than 2,300', 'the number of people killed rose to 43'."""
    k = cand.qstart - 1
    while k >= 1 and k >= cand.qstart - 10 and toks[k].kind != "punct":
        if toks[k].low == "toll" and toks[k - 1].low == "death":
            return "killed", "person"
        if toks[k].low == "number" and k + 1 < cand.qstart and toks[k + 1].low == "of":
            item, known, _, end, _ = _find_item(toks, k + 2, Decimal(2))
            hit = _cue_starting_at(toks, end, ("both", "post"))
            if hit:
                return hit[0], item if known else ""
            return None
        k -= 1
    return None


def _skip_parenthetical(toks: list[_Tok], pos: int) -> int:
    """', including a 9-year-old boy,' -> the position after the closing comma."""
    n = len(toks)
    if (
        pos + 1 < n
        and toks[pos].text == ","
        and toks[pos + 1].low
        in (
            "including",
            "among",
            "most",
            "mostly",
            "many",
            "mainly",
            "all",
            "both",
            "some",
            "half",
        )
    ):
        k = pos + 2
        while k < n and k < pos + 14:
            if toks[k].text == ",":
                return k + 1
            if toks[k].kind == "punct" and toks[k].text in ".;:!?":
                return pos
            k += 1
    return pos


def _post_cue(toks: list[_Tok], cand: _Cand, starts: dict[int, _Cand]) -> tuple[str, str]:
    """Outcome stated after the number's noun phrase: (outcome, how) with how aux or bare."""
    n = len(toks)
    pos = cand.np_end
    # Coordinated noun phrases share the predicate: "30 drones and a cruise missile were fired".
    for _ in range(6):
        if pos < n and toks[pos].low in ("and", ",", "or"):
            nxt = pos + 1
            if nxt < n and toks[nxt].low == "and":
                nxt += 1
            other = starts.get(nxt)
            if other is not None and (not other.article or toks[pos].low == "and"):
                pos = other.np_end
                continue
            # "2 million homes and businesses without power"
            k = pos + 1
            while (
                toks[pos].low != ","
                and k < n
                and k < pos + 3
                and _bare_noun(toks[k])
                and k not in starts
            ):
                k += 1
            if k > pos + 1:
                pos = k
                continue
        break
    pos = _skip_parenthetical(toks, pos)
    # Adverbs right after the noun: "reportedly", "also"
    while pos < n and toks[pos].low in _ADVERBS and toks[pos].low != "overnight":
        pos += 1
    bare = _cue_starting_at(toks, pos, ("both", "post"))
    if bare:
        outcome, L = bare
        ignore_bare = cand.of_total is not None and outcome == "launched" and not cand.all_of
        # A participle right after the noun may only modify it ("drones launched overnight
        # were downed"): look a little further for the main verb.
        aux = _aux_cue(toks, pos + L, 6)
        if aux:
            return aux, "aux"
        if not ignore_bare:
            return outcome, "bare"
        return "", ""
    aux = _aux_cue(toks, pos, 0)
    if aux:
        return aux, "aux"
    # "5,000 homes in Kharkiv were left without power", "12,000 residents of Kherson without
    # water": a short place phrase before the verb
    if pos < n and toks[pos].low in ("in", "from", "near", "across", "on", "at", "of", "inside"):
        k = pos + 1
        while (
            k < n
            and k < pos + 5
            and toks[k].kind == "word"
            and toks[k].low not in _AUX
            and toks[k].low not in _CUE_WORDS
        ):
            k += 1
        if k < n and toks[k].low in _FINITE_AUX:
            aux = _aux_cue(toks, k, 0)
            if aux:
                return aux, "aux"
        hit = _cue_starting_at(toks, k, ("post",))
        if hit:
            return hit[0], "bare"
    return "", ""


def _bare_noun(tok: _Tok) -> bool:
    return (
        tok.kind == "word"
        and not tok.cap
        and tok.low not in _STOP
        and tok.low not in _CUE_WORDS
        and tok.low not in _AUX
    )


def _aux_cue(toks: list[_Tok], pos: int, skip: int) -> str:
    """'were shot down', 'had been downed', 'remain missing' starting within `skip` tokens."""
    n = len(toks)
    start = pos
    while pos < n and pos <= start + skip:
        if toks[pos].low in _FINITE_AUX:
            break
        if toks[pos].kind == "punct" or toks[pos].low in ("and", "or", "which", "that", "who"):
            return ""
        pos += 1
    else:
        return ""
    if pos >= n or toks[pos].low not in _FINITE_AUX:
        return ""
    k = pos
    while k < n and k < pos + 6:
        hit = _cue_starting_at(toks, k, ("both", "post"))
        if hit:
            return hit[0]
        if toks[k].low in _AUX or toks[k].low in ("among", "those", "the"):
            k += 1
            continue
        return ""
    return ""


def _has_own_predicate(toks: list[_Tok], cand: _Cand) -> bool:
    pos = cand.np_end
    n = len(toks)
    return pos < n and toks[pos].low in _FINITE_AUX


def _gap_link(toks: list[_Tok], prev: _Cand, cand: _Cand) -> str:
    """How a quantity is listed after the previous one: 'and', ',', 'including' or ''."""
    between = toks[prev.np_end : cand.qstart]
    if len(between) > 8 or not between:
        return ""
    if any(t.text in (";", ":", "(", ")") for t in between):
        return ""
    lows = [t.low for t in between]
    while len(lows) > 1 and lows[-1] in ("his", "her", "their", "its", "the"):
        lows.pop()  # "killed a man and his two sons"
    if lows[-1] in ("and", "or"):
        return "and"
    if lows[-1] == ",":
        return ","
    if lows[-1] == "including" or lows[-2:] == ["among", "them"]:
        return "including"
    if lows[-2:] == ["of", "them"] or lows[-2:] == ["of", "which"]:
        return ","
    return ""


def _detect_over(toks: list[_Tok], cand: _Cand) -> bool:
    n = len(toks)
    if cand.np_end >= n or toks[cand.np_end].low not in ("over", "above"):
        return False
    j = cand.qstart - 1
    while j >= 0 and j >= cand.qstart - 3:
        if toks[j].low in _REPORT_VERBS:
            return True
        if toks[j].low not in _ADVERBS and toks[j].low not in ("the", "a", "total", "of"):
            return False
        j -= 1
    return False


def _link_leading_total(toks: list[_Tok], cands: list[_Cand]) -> None:
    """'Of the 9 missiles fired, 7 were intercepted' is one quantity: 7 of 9 missiles."""
    for idx in range(len(cands) - 1):
        total, part = cands[idx], cands[idx + 1]
        q = total.qstart
        if q < 2 or toks[q - 1].low != "the" or toks[q - 2].low != "of":
            continue
        if q > 2 and toks[q - 3].text not in (",", ";", ":"):
            continue
        between = toks[total.np_end : part.qstart]
        if not between or between[-1].text != "," or len(between) > 6 or part.item:
            continue
        if any(t.kind == "punct" for t in between[:-1]) or part.value > total.value:
            continue
        part.of_total, part.item, part.item_known = total.value, total.item, total.item_known
        total.drop = True
    cands[:] = [c for c in cands if not c.drop]


def _extract_sentence(toks: list[_Tok]) -> list[ExtractedQuantity]:
    cands = [c for c in _candidates(toks) if not c.drop]
    _link_leading_total(toks, cands)
    starts = {c.qstart: c for c in cands}
    for c in cands:
        c.own_predicate = _has_own_predicate(toks, c)
        pre = _pre_cue(toks, c)
        if pre:
            c.outcome, c.outcome_how = pre, "pre"
            continue
        post, how = _post_cue(toks, c, starts)
        if post and not (c.partitive_subject and how == "aux"):
            c.outcome, c.outcome_how = post, how
            continue
        toll = _toll_cue(toks, c)
        if toll:
            c.outcome, c.outcome_how = toll[0], "pre"
            if not c.item:
                c.item, c.item_known = toll[1], bool(toll[1])
            continue
        if c.implied_outcome:
            c.outcome, c.outcome_how = c.implied_outcome, "noun"
    # Listed quantities share what the list states once: "destroyed 3 tanks and 5 vehicles",
    # "17 drones were intercepted over Bryansk, 10 over Kursk". Places not captured or
    # controlled are left out of lists ("337 drones over 10 regions, including 91 over ...").
    kept: list[_Cand] = []
    for c in cands:
        prev = kept[-1] if kept else None
        if prev is not None and not c.outcome and prev.outcome and not c.own_predicate:
            link = _gap_link(toks, prev, c)
            if link and not (c.article and link == "including"):
                c.outcome, c.outcome_how = prev.outcome, "gap"
                if not c.item and not c.others:
                    c.item, c.item_known = prev.item, prev.item_known
        if c.item in _PLACES and c.outcome not in ("captured", "controlled"):
            continue
        kept.append(c)
    cands = kept
    last: _Cand | None = None  # the nearest earlier quantity with an item
    for c in cands:
        if (c.others or c.of_prev) and last is not None:
            if c.others or not c.item:
                c.item, c.item_known = last.item, last.item_known
            if c.of_prev and last.value >= c.value and c.of_total is None:
                c.of_total = last.value
        if c.item and not c.article:
            last = c
    for c in cands:
        if not c.outcome and _detect_over(toks, c):
            c.outcome, c.outcome_how = "detected", "over"
    out: list[ExtractedQuantity] = []
    last = None
    for c in cands:
        prev_with_item = last
        if c.item and not c.article:
            last = c
        if c.article and c.outcome_how not in ("pre", "aux", "bare", "gap"):
            continue
        item = c.item
        if not item and c.outcome:
            if c.outcome in _PERSON_OUTCOMES:
                item = "person"
            elif prev_with_item is not None:
                item, c.item_known = prev_with_item.item, prev_with_item.item_known
        outcome = c.outcome
        if outcome == "casualty":
            outcome = ""
        if outcome == "killed" and item in _THINGS:
            outcome = "destroyed"  # "eliminated 3 tanks"
        if outcome == "destroyed" and item in _AERIAL:
            outcome = "downed"
        if not outcome and not (item and c.item_known):
            continue
        if item in _PLACES and outcome not in ("captured", "controlled"):
            continue
        value = _norm(c.value)
        upper = _norm(c.upper) if c.upper is not None else None
        of_total = _norm(c.of_total) if c.of_total is not None else None
        if max(value, upper or 0, of_total or 0) >= _MAX_VALUE:
            continue  # "999 trillion": a code or a typo, and too big to store
        if upper is not None and upper <= value:
            upper = None
        if of_total is not None and of_total < value:
            of_total = None
        qualifier = c.qualifier
        if qualifier == "range" and upper is None:
            qualifier = "exact"
        out.append(
            ExtractedQuantity(
                value=value,
                upper=upper,
                qualifier=qualifier,
                of_total=of_total,
                item=item,
                outcome=outcome,
            )
        )
    return out


def _normalize_text(text: str) -> str:
    text = text.replace("\x00", " ")
    text = unicodedata.normalize("NFKC", text)
    text = text.replace(" \u2013 ", " , ").replace(" - ", " , ")
    text = text.translate(_TRANSLATE)
    return text


def extract_quantities(text: str) -> list[ExtractedQuantity]:
    """The quantities stated in `text`, in order of appearance."""
    if not isinstance(text, str) or not text:
        return []
    result: list[ExtractedQuantity] = []
    for sentence in _tokenize(_normalize_text(text)):
        try:
            result.extend(_extract_sentence(sentence))
        except (ArithmeticError, IndexError, KeyError, ValueError, RecursionError):
            # Defensive only (no input known to get here): the extractor proposes and editors
            # decide, so a sentence it cannot read yields nothing rather than a failed form.
            continue
    return result


# --------------------------------------------------------------------------------------------
# Scoring against a corpus
# --------------------------------------------------------------------------------------------

_FIELDS = ("value", "upper", "qualifier", "of_total", "item", "outcome")


def _as_key(quantity) -> tuple:
    """The six fields of an ExtractedQuantity or of a dict with those keys, numbers as Decimal."""
    data = quantity.as_dict() if isinstance(quantity, ExtractedQuantity) else quantity
    key = []
    for field in _FIELDS:
        value = data.get(field)
        if field in ("value", "upper", "of_total") and value is not None:
            value = _norm(Decimal(str(value)))
        key.append(value if value is not None or field in ("upper", "of_total") else "")
    return tuple(key)


def corpus_scores(cases, extract=None) -> dict:
    """Precision and recall over single quantities, and the share of sentences entirely right.

    `cases` is an iterable of (sentence, expected quantities), each quantity a dict with the six
    fields (numbers as str, int or Decimal) or an ExtractedQuantity. A predicted quantity is a
    true positive when all six fields equal those of one not yet matched expected quantity.
    """
    extract = extract or extract_quantities
    tp = predicted = expected = right = sentences = 0
    for sentence, wanted in cases:
        got_keys = [_as_key(q) for q in extract(sentence)]
        want_keys = [_as_key(q) for q in wanted]
        remaining = list(want_keys)
        for key in got_keys:
            if key in remaining:
                remaining.remove(key)
                tp += 1
        predicted += len(got_keys)
        expected += len(want_keys)
        sentences += 1
        right += got_keys == want_keys
    return {
        "sentences": sentences,
        "sentences_right": right,
        "sentence_accuracy": right / sentences if sentences else 1.0,
        "quantities_expected": expected,
        "quantities_predicted": predicted,
        "true_positives": tp,
        "precision": tp / predicted if predicted else 1.0,
        "recall": tp / expected if expected else 1.0,
    }
