"""Text to tokens: normalizing the text, splitting it into sentences of tokens, and marking
hyphenated compounds and digit runs (phone numbers, codes)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # abbreviations with dots: a.m., U.S., e.g.
    r"|[0-9]+(?:[.,:][0-9]+)*\w*"  # numbers, with whatever is glued to them (47th, 3am, M142)
    r"|[^\W\d_][\w']*"  # words (may hold digits: M142, km2)
    r"|[^\w\s]|_"  # any other single character
)
_PLAIN_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_NUMBER_HEAD = re.compile(r"[0-9]+(?:[.,:][0-9]+)*")


def wordset(text: str) -> frozenset[str]:
    """The words of `text`: how the word tables are written."""
    return frozenset(text.split())


_ABBREVIATIONS = wordset(
    "mr mrs ms dr gov gen lt col sgt capt maj st no jan feb mar apr jun jul aug sep sept oct "
    "nov dec vs approx est rep sen pres prof adm brig cpl pvt sq mt ft"
)
# Numbers with more integer digits are codes, not counts (see _MAX_VALUE in sentence.py).
MAX_INT_DIGITS = 13
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
class Token:
    text: str
    low: str  # lower case, possessive 's stripped
    kind: str  # word, num, ord, time, code, abbr, punct
    space: bool  # whitespace right before it
    cap: bool  # starts with an upper-case letter
    value: Decimal | None = None
    unit: str = ""  # "km" for "100km"
    compound: bool = False  # part of a hyphenated compound ("Su-34", "9-year-old")


def normalize_text(text: str) -> str:
    """One form for the characters reporting spells several ways (quotes, dashes, spaces)."""
    text = text.replace("\x00", " ")
    text = unicodedata.normalize("NFKC", text)
    text = text.replace(" \u2013 ", " , ").replace(" - ", " , ")
    text = text.translate(_TRANSLATE)
    return text


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
    if len(int_part) > MAX_INT_DIGITS:
        return "code", None, ""
    if len(int_part) > 1 and int_part.startswith("0"):
        return "code", None, ""  # 0800, 04: codes, phone numbers, clock times
    try:
        return "num", Decimal(digits), unit
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return "code", None, ""


def _make_token(raw: str, spaced: bool) -> Token:
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
    return Token(
        text=raw,
        low=low,
        kind=kind,
        space=spaced,
        cap=first.isupper(),
        value=value,
        unit=unit,
    )


def _ends_sentence(text: str, m: re.Match, current: list[Token]) -> bool:
    """Whether the '.', '!' or '?' just read (m, the last of `current`) ends the sentence."""
    raw = m.group(0)
    prev_word = current[-2].low if len(current) > 1 else ""
    if raw == "." and prev_word in _ABBREVIATIONS:
        return False
    nxt = text[m.end() : m.end() + 3].lstrip(" \"')")
    return not (raw == "." and nxt and not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "#"))


def tokenize(text: str) -> list[list[Token]]:
    """Tokens, split into sentences."""
    sentences: list[list[Token]] = []
    current: list[Token] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(text):
        start = m.start()
        spaced = start != prev_end or start == 0
        if spaced and current and text.find("\n", prev_end, start) != -1:
            sentences.append(current)
            current = []
        prev_end = m.end()
        tok = _make_token(m.group(0), spaced)
        current.append(tok)
        if tok.kind == "punct" and tok.text in ".!?" and _ends_sentence(text, m, current):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    for sent in sentences:
        _mark_compounds(sent)
    return sentences


def _mark_compounds(toks: list[Token]) -> None:
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
