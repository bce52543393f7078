"""Pull the hedged quantities out of a sentence of war reporting.

"25 of nearly 30 drones", "more than 80", "dozens were downed", "one killed, at least 10 wounded",
"more than 1,200 square kilometers": editors paste a sentence and `extract_quantities` proposes
the Quantities for them to check.

Pure Python, no Django, no network. Everything runs over one token list per sentence with bounded
look-arounds, so the cost is linear in the length of the text (no regex can backtrack
catastrophically: each pattern below either always succeeds once started or is anchored on a
fixed character class).

Rules for the ambiguous cases (tests/domain/quantity_corpus.py pins each of them down):

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

The stages, one module each, in the order they run: tokens (normalize, split into sentences of
tokens), numbers (read a number at a token), candidates (a number with its hedges, range, total
and item; filters drops those that are not counts), cues (the outcome stated for it, and how
listed quantities link up), sentence (what each sentence proposes). The word tables they read
are in vocabulary and items; phrases indexes them.
"""

from claims.extraction.sentence import ExtractedQuantity, extract_quantities
from claims.extraction.vocabulary import OUTCOMES, QUALIFIERS

__all__ = ["OUTCOMES", "QUALIFIERS", "ExtractedQuantity", "extract_quantities"]
