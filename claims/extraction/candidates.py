"""Candidate quantities: each number in a sentence read with what hangs on it (hedges, ranges,
totals, "all"/"half of", its item), and an indefinite article standing for one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claims.extraction.filters import filter_number
from claims.extraction.items import PLACES, age_noun, find_item
from claims.extraction.numbers import Number, parse_number
from claims.extraction.tokens import Token
from claims.extraction.vocabulary import (
    FRACTION_INDEX,
    PREPOSITIONS,
    QUALIFIER_INDEX,
    TRAILING_QUALIFIERS,
    VAGUE_PARTITIVES,
)

# "rose from 10 to 15": the count is the 15
_RISES = ("rose", "risen", "increased", "climbed", "jumped", "grew", "rising")


@dataclass
class Candidate:
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


def find_candidates(toks: list[Token]) -> list[Candidate]:
    """Every candidate quantity in a sentence, in order; those to drop are marked `drop`."""
    n = len(toks)
    cands: list[Candidate] = []
    i = 0
    while i < n:
        num = parse_number(toks, i)
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


def _article_candidate(toks: list[Token], i: int) -> Candidate | None:
    """'killed a child', 'a cruise missile was fired': the article at i counts one item."""
    if i > 0 and toks[i - 1].low in PREPOSITIONS:
        return None  # object of a preposition: "a strike on a Kharkiv apartment block"
    item, known, implied, end, _others = find_item(toks, i + 1, Decimal(1), article=True)
    if not item:
        item, known, end = age_noun(toks, i + 1)
    if not known or not item or item in PLACES or item in ("km", "km2", "mile", "mi2"):
        return None
    # No number inside the noun phrase (apart from hyphenated ones: "a 9-year-old boy").
    if any(toks[j].kind == "num" and not toks[j].compound for j in range(i + 1, end)):
        return None
    if implied:
        return None
    return Candidate(
        qstart=i,
        start=i,
        end=i + 1,
        np_end=end,
        value=Decimal(1),
        item=item,
        item_known=True,
        article=True,
    )


def _number_candidate(toks: list[Token], num: Number) -> Candidate:
    """The number `num` with its hedges, range, total and item, read in that order."""
    qstart, qualifier = _hedge_before(toks, num.start)
    cand = Candidate(qstart=qstart, start=num.start, end=num.end, value=num.value)
    cand.qualifier = "vague" if num.vague else qualifier
    end, second = _read_range(toks, cand, num)
    end = _read_trailing_hedge(toks, cand, end)
    _read_all_or_part_before(toks, cand)
    end, item_from = _read_total_after(toks, cand, num, end)
    cand.end = end
    _read_all_but(toks, cand)
    _read_item(toks, cand, num, item_from)
    filter_number(toks, cand, num, second)
    return cand


def _hedge_before(toks: list[Token], start: int) -> tuple[int, str]:
    """Qualifier phrase right before `start`: (new start, qualifier)."""
    qstart, qualifier = start, "exact"
    m = QUALIFIER_INDEX.ending(toks, start - 1)
    if m:
        L, qualifier = m
        qstart = start - L
    return qstart, str(qualifier)


def _read_range(toks: list[Token], cand: Candidate, num: Number) -> tuple[int, Number | None]:
    """'between 10 and 15', '10 to 15', '10-15', 'two or three': (end, the second number)."""
    n = len(toks)
    qstart = cand.qstart
    end = num.end
    second = None
    if end < n and not num.vague:
        conn = toks[end]
        if conn.low in ("to", "-", "or") or (
            conn.low == "and" and qstart > 0 and toks[qstart - 1].low == "between"
        ):
            if end + 1 < n:
                second = parse_number(toks, end + 1)
                if second is not None and (second.vague or second.words != num.words):
                    second = None
            if second is not None:
                end = _join_range(toks, cand, num, second, conn.low)
    if qstart > 0 and toks[qstart - 1].low == "between" and cand.qualifier != "range":
        cand.qstart = qstart - 1
    if qstart > 0 and toks[qstart - 1].low == "from" and cand.qualifier == "range":
        cand.qstart = qstart - 1
    return end, second


def _join_range(toks: list[Token], cand: Candidate, num: Number, second: Number, conn: str) -> int:
    """Two numbers joined by `conn` ("to", "-", "or", "and"): a range, a rise, or a code.
    Returns the end of what was read."""
    end = num.end
    qstart = cand.qstart
    if conn == "-" and num.digits:
        a_txt, b_txt = toks[num.start].text, toks[second.start].text
        if "," not in b_txt and len(b_txt) >= 4 and len(a_txt) < len(b_txt):
            cand.drop = True  # 555-1234: a phone number
    low_value = num.value
    if num.scale == 1 and second.scale > 1 and low_value * second.scale <= second.value:
        low_value *= second.scale
    rising = qstart > 1 and toks[qstart - 1].low == "from" and toks[qstart - 2].low in _RISES
    if second.value > low_value and rising:
        cand.value = second.value
        cand.start = second.start
        end = second.end
    elif second.value > low_value:
        cand.value = low_value
        cand.upper = second.value
        cand.qualifier = "range"
        end = second.end
    elif conn == "-":
        cand.drop = True  # a score or a code: 3-1, 141-5
        end = second.end
    if conn == "and" and qstart > 0 and cand.qualifier == "range":
        cand.qstart = qstart - 1
    return end


def _read_trailing_hedge(toks: list[Token], cand: Candidate, end: int) -> int:
    """Trailing hedges: "50 or more", "40,000 or so", "30-odd", "30+". Returns the new end."""
    n = len(toks)
    if end + 1 < n and (toks[end].low, toks[end + 1].low) in TRAILING_QUALIFIERS:
        if cand.qualifier != "range":
            cand.qualifier = TRAILING_QUALIFIERS[(toks[end].low, toks[end + 1].low)]
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
    return end


def _read_all_or_part_before(toks: list[Token], cand: Candidate) -> None:
    """'all four missiles', 'half of the 40 drones', ', of which 76 were shot down'."""
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


def _partitive_before(toks: list[Token], cand: Candidate) -> None:
    """'half of the 40 drones' is 20 of 40; in 'most of the 40 drones were downed' the verb
    belongs to 'most', not to the 40."""
    j = cand.qstart - 1
    if j >= 0 and toks[j].low == "the":
        j -= 1
    if j < 1 or toks[j].low != "of":
        return
    m = FRACTION_INDEX.ending(toks, j - 1)
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
    if toks[j - 1].low in VAGUE_PARTITIVES:
        cand.partitive_subject = True


def _read_total_after(toks: list[Token], cand: Candidate, num: Number, end: int) -> tuple[int, int]:
    """'25 of 30', '25 out of nearly 30', '7 of the 9 missiles', 'dozens of drones', '40 of
    which', '12 of them', 'fewer than 10 of the drones': (new end, where the item may start)."""
    n = len(toks)
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
        m = QUALIFIER_INDEX.starting(toks, k)
        k_num = k + m[0] if m else k
        total = parse_number(toks, k_num) if k_num < n else None
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
    return end, item_from


def _read_all_but(toks: list[Token], cand: Candidate) -> None:
    """'downed all but two of the 30 drones': 28 of 30."""
    if (
        cand.qstart >= 2
        and toks[cand.qstart - 2].low == "all"
        and toks[cand.qstart - 1].low == "but"
        and cand.of_total is not None
        and cand.upper is None
    ):
        cand.value = cand.of_total - cand.value
        cand.qstart -= 2


def _read_item(toks: list[Token], cand: Candidate, num: Number, item_from: int) -> None:
    """The counted noun from `item_from` on ("100km" carries its own), and the noun phrase end."""
    if not num.digits or not toks[num.start].unit:
        item, known, implied, np_end, others = find_item(toks, item_from, cand.value)
    else:
        item, known, implied, np_end, others = toks[num.start].unit, True, "", item_from, False
    cand.item, cand.item_known, cand.implied_outcome, cand.others = item, known, implied, others
    cand.np_end = max(np_end, cand.end)
