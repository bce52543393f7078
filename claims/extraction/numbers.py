"""Reading the number at a token: digits ("1,200", "1.5 million"), words ("twenty-five", "a
dozen"), vague amounts ("dozens", "several hundred"); and the one form numbers are returned in."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from claims.extraction.tokens import Token
from claims.extraction.vocabulary import CUE_WORDS, DIGIT_SCALES, SCALES, TENS, UNITS, VAGUE


def normalize_decimal(value: Decimal) -> Decimal:
    """`value` without trailing zeros or an exponent: 40000, not 4E+4 or 40000.00."""
    with localcontext() as ctx:
        ctx.prec = 60
        value = value.normalize()
        if value.as_tuple().exponent > 0:
            value = value.quantize(Decimal(1))
    return value


@dataclass
class Number:
    start: int  # first token of the number itself
    end: int  # one past its last token
    value: Decimal
    vague: bool = False
    words: bool = False  # spelled out
    digits: bool = False
    scale: int = 1  # scale word applied ("1.5 million")
    needs_of: bool = False  # "dozens of", "a dozen" take an "of" before their item


def _vague_by_first() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    table: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for phrase, value in VAGUE:
        table.setdefault(phrase[0], []).append((phrase, value))
    return table


_VAGUE_BY_FIRST = _vague_by_first()
_NUMBER_STARTERS = set(UNITS) | set(TENS) | set(_VAGUE_BY_FIRST) | {"a", "an", "half"}


def parse_number(toks: list[Token], i: int) -> Number | None:
    """The number starting at token i, if one does."""
    tok = toks[i]
    if tok.kind == "num":
        return _parse_digits(toks, i)
    if tok.kind != "word" or tok.low not in _NUMBER_STARTERS:
        return None
    return _parse_vague(toks, i) or _parse_word_number(toks, i)


def _parse_word_number(toks: list[Token], i: int) -> Number | None:
    n = len(toks)
    low = toks[i].low
    nxt = toks[i + 1].low if i + 1 < n else ""
    nxt2 = toks[i + 2].low if i + 2 < n else ""
    # half a dozen / half a million
    if low == "half" and nxt == "a" and (nxt2 == "dozen" or nxt2 in SCALES):
        mult = 12 if nxt2 == "dozen" else SCALES[nxt2]
        return Number(i, i + 3, Decimal(mult) / 2, words=True)
    # a dozen / a hundred / a thousand / a million
    if low in ("a", "an") and (nxt == "dozen" or nxt in SCALES):
        mult = 12 if nxt == "dozen" else SCALES[nxt]
        return Number(i, i + 2, Decimal(mult), words=True)
    if low not in UNITS and low not in TENS:
        return None
    return _parse_number_words(toks, i)


def _parse_number_words(toks: list[Token], i: int) -> Number | None:
    """'twenty-five', 'one hundred and twenty', 'three million', 'two dozen'."""
    n = len(toks)
    total = 0
    current = 0
    last = ""  # "unit", "teen", "tens", "hundred", "scale"
    j = i
    end = i
    while j < n:
        w = toks[j].low
        if w in UNITS:
            v = UNITS[w]
            kind = "unit" if v < 10 else "teen"
            if last in ("unit", "teen") or (last == "tens" and kind == "teen"):
                break
            current += v
            last = kind
        elif w in TENS:
            if last in ("unit", "teen", "tens"):
                break
            current += TENS[w]
            last = "tens"
        elif w == "hundred":
            if last not in ("unit", "teen", "tens") or current >= 100:
                break
            current *= 100
            last = "hundred"
        elif w in SCALES:
            if last == "scale" or (current == 0):
                break
            total += current * SCALES[w]
            current = 0
            last = "scale"
        elif w == "dozen" and last in ("unit", "teen", "tens"):
            current *= 12
            last = "scale"
        elif _joins_next_word(toks, j, last):
            j += 1
            continue
        else:
            break
        j += 1
        end = j
    if end == i:
        return None
    return Number(i, end, Decimal(total + current), words=True)


def _joins_next_word(toks: list[Token], j: int, last: str) -> bool:
    """'-' in 'twenty-five', 'and' in 'one hundred and twenty': skipped, not part of the end."""
    w = toks[j].low
    if j + 1 >= len(toks):
        return False
    nxt = toks[j + 1]
    if w == "-" and last == "tens" and nxt.low in UNITS:
        return not (toks[j].space or nxt.space)
    return w == "and" and last in ("hundred", "scale") and (nxt.low in UNITS or nxt.low in TENS)


def _parse_vague(toks: list[Token], i: int) -> Number | None:
    n = len(toks)
    for phrase, value in _VAGUE_BY_FIRST.get(toks[i].low, ()):
        L = len(phrase)
        if i + L <= n and all(toks[i + k].low == phrase[k] for k in range(L)):
            end = i + L
            nxt = toks[end].low if end < n else ""
            if phrase == ("scores",) and nxt != "of" and (nxt not in CUE_WORDS):
                continue
            v = Decimal(value)
            # "several hundred", "a few thousand", "several dozen"
            if L <= 2 and nxt in SCALES and value < 10:
                v *= SCALES[nxt]
                end += 1
                return Number(i, end, v, vague=True)
            if L <= 2 and nxt == "dozen" and value < 10:
                return Number(i, end + 1, v * 12, vague=True)
            return Number(i, end, v, vague=True, needs_of=True)
    return None


def _parse_digits(toks: list[Token], i: int) -> Number | None:
    tok = toks[i]
    if tok.kind != "num" or tok.value is None:
        return None
    value = tok.value
    end = i + 1
    scale = 1
    if not tok.unit and end < len(toks) and toks[end].low in DIGIT_SCALES:
        scale = DIGIT_SCALES[toks[end].low]
        value = value * scale
        end += 1
    return Number(i, end, value, digits=True, scale=scale)
