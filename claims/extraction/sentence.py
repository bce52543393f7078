"""From text to quantities: each sentence's candidates given their outcomes, the items and
outcomes that lists share, and the ExtractedQuantity proposed for each one kept."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claims.extraction.candidates import Candidate, find_candidates
from claims.extraction.cues import (
    detect_over,
    gap_link,
    has_own_predicate,
    link_leading_total,
    post_cue,
    pre_cue,
    toll_cue,
)
from claims.extraction.items import AERIAL, PERSON_OUTCOMES, PLACES, THINGS
from claims.extraction.numbers import normalize_decimal
from claims.extraction.tokens import MAX_INT_DIGITS, Token, normalize_text, tokenize

_MAX_VALUE = Decimal(10) ** MAX_INT_DIGITS


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


def extract_quantities(text: str) -> list[ExtractedQuantity]:
    """The quantities stated in `text`, in order of appearance."""
    if not isinstance(text, str) or not text:
        return []
    result: list[ExtractedQuantity] = []
    for sentence in tokenize(normalize_text(text)):
        try:
            result.extend(_extract_sentence(sentence))
        except (ArithmeticError, IndexError, KeyError, ValueError, RecursionError):
            # Defensive only (no input known to get here): the extractor proposes and editors
            # decide, so a sentence it cannot read yields nothing rather than a failed form.
            continue
    return result


def _extract_sentence(toks: list[Token]) -> list[ExtractedQuantity]:
    cands = [c for c in find_candidates(toks) if not c.drop]
    link_leading_total(toks, cands)
    starts = {c.qstart: c for c in cands}
    for c in cands:
        _read_outcome(toks, c, starts)
    cands = _share_list_outcomes(toks, cands)
    _share_earlier_items(cands)
    for c in cands:
        if not c.outcome and detect_over(toks, c):
            c.outcome, c.outcome_how = "detected", "over"
    return _quantities(cands)


def _read_outcome(toks: list[Token], c: Candidate, starts: dict[int, Candidate]) -> None:
    """The outcome the sentence states for `c`: a verb before it, a predicate after it, a death
    toll it is the number of, or a noun that implies it ("deaths")."""
    c.own_predicate = has_own_predicate(toks, c)
    pre = pre_cue(toks, c)
    if pre:
        c.outcome, c.outcome_how = pre, "pre"
        return
    post, how = post_cue(toks, c, starts)
    if post and not (c.partitive_subject and how == "aux"):
        c.outcome, c.outcome_how = post, how
        return
    toll = toll_cue(toks, c)
    if toll:
        c.outcome, c.outcome_how = toll[0], "pre"
        if not c.item:
            c.item, c.item_known = toll[1], bool(toll[1])
        return
    if c.implied_outcome:
        c.outcome, c.outcome_how = c.implied_outcome, "noun"


def _share_list_outcomes(toks: list[Token], cands: list[Candidate]) -> list[Candidate]:
    """Listed quantities share what the list states once: "destroyed 3 tanks and 5 vehicles",
    "17 drones were intercepted over Bryansk, 10 over Kursk". Places not captured or controlled
    are left out of lists ("337 drones over 10 regions, including 91 over ...")."""
    kept: list[Candidate] = []
    for c in cands:
        prev = kept[-1] if kept else None
        if prev is not None and not c.outcome and prev.outcome and not c.own_predicate:
            link = gap_link(toks, prev, c)
            if link and not (c.article and link == "including"):
                c.outcome, c.outcome_how = prev.outcome, "gap"
                if not c.item and not c.others:
                    c.item, c.item_known = prev.item, prev.item_known
        if c.item in PLACES and c.outcome not in ("captured", "controlled"):
            continue
        kept.append(c)
    return kept


def _share_earlier_items(cands: list[Candidate]) -> None:
    """'five others', '40 of which', '12 of them' take the item (and the total) of the nearest
    earlier quantity with an item."""
    last: Candidate | None = None
    for c in cands:
        if (c.others or c.of_prev) and last is not None:
            if c.others or not c.item:
                c.item, c.item_known = last.item, last.item_known
            if c.of_prev and last.value >= c.value and c.of_total is None:
                c.of_total = last.value
        if c.item and not c.article:
            last = c


def _quantities(cands: list[Candidate]) -> list[ExtractedQuantity]:
    out: list[ExtractedQuantity] = []
    last = None
    for c in cands:
        prev_with_item = last
        if c.item and not c.article:
            last = c
        quantity = _as_quantity(c, prev_with_item)
        if quantity is not None:
            out.append(quantity)
    return out


def _as_quantity(c: Candidate, prev_with_item: Candidate | None) -> ExtractedQuantity | None:
    """The quantity proposed for `c`, or None when it is not one to propose."""
    if c.article and c.outcome_how not in ("pre", "aux", "bare", "gap"):
        return None
    item = c.item
    if not item and c.outcome:
        if c.outcome in PERSON_OUTCOMES:
            item = "person"
        elif prev_with_item is not None:
            item, c.item_known = prev_with_item.item, prev_with_item.item_known
    outcome = _canonical_outcome(c.outcome, item)
    if not outcome and not (item and c.item_known):
        return None
    if item in PLACES and outcome not in ("captured", "controlled"):
        return None
    value = normalize_decimal(c.value)
    upper = normalize_decimal(c.upper) if c.upper is not None else None
    of_total = normalize_decimal(c.of_total) if c.of_total is not None else None
    if max(value, upper or 0, of_total or 0) >= _MAX_VALUE:
        return None  # "999 trillion": a code or a typo, and too big to store
    if upper is not None and upper <= value:
        upper = None
    if of_total is not None and of_total < value:
        of_total = None
    qualifier = c.qualifier
    if qualifier == "range" and upper is None:
        qualifier = "exact"
    return ExtractedQuantity(
        value=value,
        upper=upper,
        qualifier=qualifier,
        of_total=of_total,
        item=item,
        outcome=outcome,
    )


def _canonical_outcome(outcome: str, item: str) -> str:
    if outcome == "casualty":
        outcome = ""
    if outcome == "killed" and item in THINGS:
        outcome = "destroyed"  # "eliminated 3 tanks"
    if outcome == "destroyed" and item in AERIAL:
        outcome = "downed"
    return outcome
