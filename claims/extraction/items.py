"""What is counted: the item nouns and their classes (people, things, places, units), their
singular forms, and finding the item named after a number."""

from __future__ import annotations

from decimal import Decimal

from claims.extraction.phrases import PhraseIndex, phrase_key
from claims.extraction.tokens import Token, wordset
from claims.extraction.vocabulary import AUX, CUE_WORDS, STOP, TENS, UNITS

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
PLACES = wordset(
    "settlement village town city region district oblast province governorate country state "
    "area locality community municipality neighborhood hamlet territory front direction "
    "sector county"
)
AERIAL = {
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
_HEAD_NOUNS = wordset(
    "strike strikes attack attacks debris fragment fragments wreckage barrage raid raids "
    "operator operators unit units factory factories plant plants production program "
    "programme alert alerts threat site sites crew crews pilot pilots deaths death casualties "
    "fatalities injuries systems system block blocks building buildings"
)
# Modifiers skipped between a number and its item.
MODIFIERS = wordset(
    "other more additional further new enemy hostile attack combat kamikaze unmanned aerial "
    "armed residential civil military russian ukrainian israeli palestinian suspected alleged "
    "senior local young elderly wounded injured main heavy light foreign small large oil fuel "
    "energy private high multi ukraine russia"
)
CAPTIVES = {"hostage", "prisoner", "soldier", "detainee"}
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
PERSON_OUTCOMES = {"killed", "wounded", "missing", "evacuated", "detained", "casualty"}
THINGS = set(_ITEMS) - _PERSON_ITEMS - PLACES - _UNIT_ITEMS

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


def singular(word: str) -> str:
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
# Finding the item
# --------------------------------------------------------------------------------------------


def _build_items() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for canonical, variants in _ITEMS.items():
        for variant in variants.split("|"):
            table[phrase_key(variant)] = canonical
    return table


_ITEM_INDEX = PhraseIndex(_build_items())
_OUTCOME_NOUN_INDEX = PhraseIndex(_OUTCOME_NOUNS)


def find_item(toks: list[Token], k: int, value: Decimal, article: bool = False):
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
            if _modifies_next_noun(toks, j + L):
                j += L
                continue  # the item word only modifies the next noun: "missile strike"
            return str(item), True, "", j + L, False
        if tok.low == "others":
            return "", False, "", j + 1, True
        if (tok.low == "more" and j == k and value != 1) or tok.compound or tok.kind == "abbr":
            j += 1
            continue
        if _ends_noun_phrase(tok):
            break
        if tok.cap:
            if _is_demonym_noun(toks, j):
                return "person", True, "", j + 1, False
            j += 1
            continue
        if tok.low in MODIFIERS or article:
            j += 1
            continue
        if _looks_plural(tok.low) or (value == 1 and tok.low.isalpha() and len(tok.low) > 2):
            fallback = tok.low
            fallback_end = j + 1
        plain_end = j + 1  # "18 of its staff had been killed": the predicate starts later
        j += 1
    if fallback:
        return singular(fallback), False, "", fallback_end, False
    return "", False, "", plain_end, False


def _modifies_next_noun(toks: list[Token], after: int) -> bool:
    """Whether an item word ending before `after` is followed by the noun it only modifies."""
    if after >= len(toks) or toks[after].kind != "word":
        return False
    return toks[after].low in _HEAD_NOUNS or _ITEM_INDEX.starting(toks, after) is not None


def _ends_noun_phrase(tok: Token) -> bool:
    if tok.kind != "word" or tok.low in UNITS or tok.low in TENS:
        return True
    return tok.low in STOP or (tok.low in CUE_WORDS and tok.low not in MODIFIERS)


def _is_demonym_noun(toks: list[Token], j: int) -> bool:
    """Demonyms as nouns: "30 Palestinians", "12 Israelis"; not before a noun they modify."""
    tok = toks[j]
    if not tok.low.endswith(("ans", "ians", "is", "ese")):
        return False
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is not None and nxt.kind == "word" and not nxt.cap and nxt.low not in STOP:
        return False
    return _looks_plural(tok.low) or tok.low.endswith("ese")


def age_noun(toks: list[Token], k: int) -> tuple[str, bool, int]:
    """'a 16-year-old was shot dead': the age stands for a person (a child under 18)."""
    n = len(toks)
    if k + 5 > n or toks[k].kind != "num" or toks[k].value is None:
        return "", False, k
    words = [t.low for t in toks[k + 1 : k + 5]]
    if words != ["-", "year", "-", "old"]:
        return "", False, k
    nxt = toks[k + 5] if k + 5 < n else None
    if nxt is not None and nxt.kind == "word" and not (nxt.low in AUX or nxt.low in STOP):
        return "", False, k  # "a 9-year-old boy": the noun follows
    return ("child" if toks[k].value < 18 else "person"), True, k + 5
