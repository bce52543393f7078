"""How the desk words a quantity back: "25 of 30 drones downed", "at least 10 persons wounded"."""

from decimal import Decimal
from typing import NamedTuple

# Plurals a plain "+s" gets wrong, for the items editors count most.
IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "km2": "km2",
    "km": "km",
    "sheep": "sheep",
    "aircraft": "aircraft",
    "personnel": "personnel",
}
# The conventional values the extractor gives vague amounts, read back as the words they stand for.
VAGUE_WORDS = {
    2: "a few",
    3: "several",
    24: "dozens of",
    36: "several dozen",
    40: "scores of",
    200: "hundreds of",
    300: "several hundred",
    2000: "thousands of",
    20000: "tens of thousands of",
    200000: "hundreds of thousands of",
    2000000: "millions of",
}
QUALIFIER_WORDS = {
    "approximately": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "fewer_than": "fewer than",
}


def format_number(number: Decimal | None) -> str:
    if number is None:
        return ""
    number = Decimal(number)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def pluralize(item: str, count: Decimal | None) -> str:
    if not item or count == 1:
        return item
    if item in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[item]
    words = item.split(" ")
    last = words[-1]
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def describe_quantity(quantity) -> str:
    """A short phrase for a quantity; works on anything with the Quantity fields."""
    value, upper, of_total = quantity.value, quantity.upper, quantity.of_total
    if quantity.qualifier == "range" and upper is not None:
        number = f"{format_number(value)} to {format_number(upper)}"
        count = upper
    elif quantity.qualifier == "vague":
        number = VAGUE_WORDS.get(int(value), f"~{format_number(value)}")
        count = None  # vague amounts are plural
    else:
        prefix = QUALIFIER_WORDS.get(quantity.qualifier, "")
        number = f"{prefix} {format_number(value)}".strip()
        count = value
    if of_total is not None:
        number += f" of {format_number(of_total)}"
        count = of_total
    words = [number, pluralize(quantity.item, count), quantity.outcome]
    return " ".join(word for word in words if word)


class Numbers(NamedTuple):
    """What `describe_quantity` reads of a quantity, for words without a Quantity instance."""

    value: Decimal
    upper: Decimal | None
    qualifier: str
    of_total: Decimal | None
    item: str
    outcome: str
