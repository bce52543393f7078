"""Numbers that are not counts: dates, times, years, durations, ages, ordinals, designations
("Article 5", "Su-34"), percentages and money."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.extraction.items import MODIFIERS, PLACES, singular
from claims.extraction.numbers import Number
from claims.extraction.tokens import Token
from claims.extraction.vocabulary import (
    AMBIGUOUS_MONTHS,
    CAP_OK,
    DESIGNATORS,
    DROP_AFTER_PREPOSITION,
    DURATION_UNITS,
    MONEY_AFTER,
    MONEY_BEFORE,
    MONTHS,
    PERCENT_WORDS,
    QUALIFIER_WORDS,
    SUPERLATIVE_WORDS,
    TIME_AFTER,
)

if TYPE_CHECKING:
    from claims.extraction.candidates import Candidate


def filter_number(toks: list[Token], cand: Candidate, num: Number, second: Number | None) -> None:
    """Mark `cand` to drop when its number (`second` ends a range) is not a count."""
    if (
        _in_hyphenated_compound(toks, num, second)
        or _named_by_word_before(toks, cand, num)
        or _marked_by_word_after(toks, num, second)
        or _is_year(toks, cand, num, second)
        or _in_idiom_with_one(toks, num)
        or _counts_time_money_or_share(toks, cand)
    ):
        cand.drop = True


def _is_month(tok: Token) -> bool:
    if tok.low not in MONTHS:
        return False
    if tok.low in AMBIGUOUS_MONTHS:
        return tok.cap
    return True


def _in_hyphenated_compound(toks: list[Token], num: Number, second: Number | None) -> bool:
    n = len(toks)
    first = toks[num.start]
    last_num_tok = toks[(second.end if second else num.end) - 1]
    num_before = toks[num.start - 1] if num.start > 0 else None
    after_i = second.end if second else num.end
    after = toks[after_i] if after_i < n else None
    after2 = toks[after_i + 1] if after_i + 1 < n else None
    if first.compound and num.digits:
        # Su-34, Kh-101, 9-year-old, 1,100-kilometer; but 10-15 is a range
        hyphen_range = second is not None and num.end < n and toks[num.end].text == "-"
        attached_before = num_before is not None and num_before.compound
        if not hyphen_range or attached_before:
            return True
    if (
        after is not None
        and after.text == "-"
        and not after.space
        and after2 is not None
        and not after2.space
        and after2.kind in ("word", "num")
        and after2.low not in ("odd", "plus")
    ):
        return True  # "a 5-kilometer zone", "nine-year-old"
    return last_num_tok.compound and num.words and after is not None and after.text == "-"


def _named_by_word_before(toks: list[Token], cand: Candidate, num: Number) -> bool:
    """Prepositions, designators, months and symbols before the number."""
    before = toks[cand.qstart - 1] if cand.qstart > 0 else None
    before2 = toks[cand.qstart - 2] if cand.qstart > 1 else None
    num_before = toks[num.start - 1] if num.start > 0 else None
    if num_before is not None and (
        num_before.text in ("/", ":", "^", "+", "#") or num_before.low in MONEY_BEFORE
    ):
        return True  # 24/7, 10^30, +380, #5, $4 million
    if before is None:
        return False
    if before.low in DROP_AFTER_PREPOSITION:
        return True
    if before.low in DESIGNATORS or before.text in DESIGNATORS:
        return True
    if before.low == "." and before2 is not None and before2.low in ("no", "nos"):
        return True
    if _is_month(before) or (before.text == "." and before2 is not None and _is_month(before2)):
        return True
    if before.low in ("the",) and before2 is not None and _is_month(before2):
        return True
    if before.low == "of" and before2 is not None and singular(before2.low) in PLACES:
        return True  # a population: "Pokrovsk, a city of 60,000 people"
    if (
        before.kind == "word"
        and before.cap
        and before.low not in CAP_OK
        and before.low not in QUALIFIER_WORDS
        and cand.qstart > 0
        and not before.low.endswith("ing")
    ):
        return True  # "Resolution 2334", "Article 5", "Unit 8200"
    if before.low in ("a", "an") and num.digits and cand.qstart == num.start:
        return True  # "a 5 km zone"
    return before.kind == "code" or before.kind == "num"


def _marked_by_word_after(toks: list[Token], num: Number, second: Number | None) -> bool:
    """A share, a time, a date, money or an age: '18%', '3 a.m.', '15 November', '4 dollars'."""
    n = len(toks)
    after_i = second.end if second else num.end
    if after_i >= n:
        return False
    after = toks[after_i]
    after2 = toks[after_i + 1] if after_i + 1 < n else None
    if (after.low in PERCENT_WORDS or after.text == "%") and (
        after.low != "per" or (after2 is not None and after2.low == "cent")
    ):
        return True
    if after.low in TIME_AFTER or after.text in ("/", ":"):
        return True
    if _is_month(after) or after.low in MONEY_AFTER:
        return True
    if after.low in ("years", "year", "months", "month") and after2 and after2.low == "old":
        return True
    return after.kind in ("num", "code")


def _is_year(toks: list[Token], cand: Candidate, num: Number, second: Number | None) -> bool:
    first = toks[num.start]
    if not (num.digits and first.value is not None and not first.unit):
        return False
    after_i = second.end if second else num.end
    after = toks[after_i] if after_i < len(toks) else None
    v = first.value
    return (
        num.scale == 1
        and "," not in first.text
        and "." not in first.text
        and len(first.text) == 4
        and 1800 <= v <= 2100
        and not (cand.item and (after is not None and not after.cap))
    )


def _in_idiom_with_one(toks: list[Token], num: Number) -> bool:
    """'one another', 'one by one', 'one of the deadliest'."""
    if not (num.words and toks[num.start].low == "one"):
        return False
    n = len(toks)
    nxt = toks[num.end] if num.end < n else None
    nxt2 = toks[num.end + 1] if num.end + 1 < n else None
    nxt3 = toks[num.end + 2] if num.end + 2 < n else None
    if nxt is not None and nxt.low in ("another", "by", "after", "way", "side", "hand"):
        return True
    return (
        nxt is not None
        and nxt.low == "of"
        and nxt2 is not None
        and nxt2.low == "the"
        and nxt3 is not None
        and (nxt3.low in SUPERLATIVE_WORDS or nxt3.low.endswith("est"))
    )


def _counts_time_money_or_share(toks: list[Token], cand: Candidate) -> bool:
    """What was counted: durations, ages, sums of money, shares."""
    if cand.item in ("day", "hour", "week", "month", "year", "time"):
        return True
    n = len(toks)
    k = cand.end
    while k < n and k < cand.end + 3 and (toks[k].kind == "word" and toks[k].low in MODIFIERS):
        k += 1
    if k < n and toks[k].low in DURATION_UNITS:
        return True
    if k < n and toks[k].low in ("of",) and k + 1 < n and toks[k + 1].low in MONEY_AFTER:
        return True
    return cand.of_total is None and k < n and toks[k].low in PERCENT_WORDS
