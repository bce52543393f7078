"""Outcome cues and links: the verb or phrase that says what happened to a quantity (before
the number, after its noun phrase, or in a "death toll"), and how listed quantities link up."""

from __future__ import annotations

from decimal import Decimal

from claims.extraction.candidates import Candidate
from claims.extraction.items import CAPTIVES, find_item
from claims.extraction.tokens import Token
from claims.extraction.vocabulary import (
    ADVERBS,
    ATTACK_VERBS,
    AUX,
    CUE_INDEX,
    CUE_WORDS,
    FINITE_AUX,
    NEUTRAL_INDEX,
    REPORT_VERBS,
    STOP,
)


def _cue_ending_at(toks: list[Token], j: int, wheres: tuple[str, ...]) -> tuple[str, int] | None:
    hit = CUE_INDEX[wheres].ending(toks, j)
    return (str(hit[1]), hit[0]) if hit else None


def _cue_starting_at(toks: list[Token], j: int, wheres: tuple[str, ...]) -> tuple[str, int] | None:
    hit = CUE_INDEX[wheres].starting(toks, j)
    return (str(hit[1]), hit[0]) if hit else None


def pre_cue(toks: list[Token], cand: Candidate) -> str:
    """Outcome stated by a verb before the number: 'shot down 30', 'attacked Kyiv with 93'."""
    j = cand.qstart - 1
    # skip neutral words: "shot down a total of 30", "killed another 10"
    for _ in range(3):
        if j < 0:
            return ""
        m = NEUTRAL_INDEX.ending(toks, j)
        if m:
            j -= m[0]
            continue
        if toks[j].low in ADVERBS:
            j -= 1
            continue
        break
    if j < 0:
        return ""
    hit = _cue_ending_at(toks, j, ("both", "pre"))
    if hit:
        outcome, L = hit
        words = tuple(toks[j - L + 1 + k].low for k in range(L))
        if words in (("took",), ("taken",)) and cand.item not in CAPTIVES:
            return ""
        if outcome == "controlled" and cand.item in CAPTIVES:
            return "captured"  # "holding 59 hostages"
        return outcome
    tok = toks[j]
    if tok.low == "with":
        # "Russia attacked Ukraine overnight with 93 missiles"
        k = j - 1
        while k >= 0 and k >= j - 8 and toks[k].kind != "punct":
            if toks[k].low in ATTACK_VERBS:
                return "launched"
            k -= 1
    if tok.low in ("involving", "involved"):
        return "launched"  # "an attack involving 40 missiles"
    return ""


def toll_cue(toks: list[Token], cand: Candidate) -> tuple[str, str] | None:
    """'the death toll rose to more than 2,300', 'the number of people killed rose to 43'."""
    k = cand.qstart - 1
    while k >= 1 and k >= cand.qstart - 10 and toks[k].kind != "punct":
        if toks[k].low == "toll" and toks[k - 1].low == "death":
            return "killed", "person"
        if toks[k].low == "number" and k + 1 < cand.qstart and toks[k + 1].low == "of":
            item, known, _, end, _ = find_item(toks, k + 2, Decimal(2))
            hit = _cue_starting_at(toks, end, ("both", "post"))
            if hit:
                return hit[0], item if known else ""
            return None
        k -= 1
    return None


def _skip_parenthetical(toks: list[Token], pos: int) -> int:
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


def post_cue(toks: list[Token], cand: Candidate, starts: dict[int, Candidate]) -> tuple[str, str]:
    """Outcome stated after the number's noun phrase: (outcome, how) with how aux or bare."""
    n = len(toks)
    pos = _skip_parenthetical(toks, _end_of_coordination(toks, cand.np_end, starts))
    # Adverbs right after the noun: "reportedly", "also"
    while pos < n and toks[pos].low in ADVERBS and toks[pos].low != "overnight":
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
    return _cue_after_place(toks, pos)


def _end_of_coordination(toks: list[Token], pos: int, starts: dict[int, Candidate]) -> int:
    """Coordinated noun phrases share the predicate: "30 drones and a cruise missile were fired".
    From the end of the first noun phrase (`pos`), the end of the last one."""
    n = len(toks)
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
    return pos


def _cue_after_place(toks: list[Token], pos: int) -> tuple[str, str]:
    """The cue after a short place phrase before the verb, as (outcome, how): '5,000 homes in
    Kharkiv were left without power', '12,000 residents of Kherson without water'."""
    n = len(toks)
    if pos < n and toks[pos].low in ("in", "from", "near", "across", "on", "at", "of", "inside"):
        k = pos + 1
        while (
            k < n
            and k < pos + 5
            and toks[k].kind == "word"
            and toks[k].low not in AUX
            and toks[k].low not in CUE_WORDS
        ):
            k += 1
        if k < n and toks[k].low in FINITE_AUX:
            aux = _aux_cue(toks, k, 0)
            if aux:
                return aux, "aux"
        hit = _cue_starting_at(toks, k, ("post",))
        if hit:
            return hit[0], "bare"
    return "", ""


def _bare_noun(tok: Token) -> bool:
    return (
        tok.kind == "word"
        and not tok.cap
        and tok.low not in STOP
        and tok.low not in CUE_WORDS
        and tok.low not in AUX
    )


def _aux_cue(toks: list[Token], pos: int, skip: int) -> str:
    """'were shot down', 'had been downed', 'remain missing' starting within `skip` tokens."""
    n = len(toks)
    start = pos
    while pos < n and pos <= start + skip:
        if toks[pos].low in FINITE_AUX:
            break
        if toks[pos].kind == "punct" or toks[pos].low in ("and", "or", "which", "that", "who"):
            return ""
        pos += 1
    else:
        return ""
    if pos >= n or toks[pos].low not in FINITE_AUX:
        return ""
    k = pos
    while k < n and k < pos + 6:
        hit = _cue_starting_at(toks, k, ("both", "post"))
        if hit:
            return hit[0]
        if toks[k].low in AUX or toks[k].low in ("among", "those", "the"):
            k += 1
            continue
        return ""
    return ""


def has_own_predicate(toks: list[Token], cand: Candidate) -> bool:
    """Whether a finite verb follows the noun phrase: '14 others were lost'."""
    pos = cand.np_end
    n = len(toks)
    return pos < n and toks[pos].low in FINITE_AUX


def gap_link(toks: list[Token], prev: Candidate, cand: Candidate) -> str:
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


def detect_over(toks: list[Token], cand: Candidate) -> bool:
    """'recorded 30 drones over Belgorod': reported over a place, so detected."""
    n = len(toks)
    if cand.np_end >= n or toks[cand.np_end].low not in ("over", "above"):
        return False
    j = cand.qstart - 1
    while j >= 0 and j >= cand.qstart - 3:
        if toks[j].low in REPORT_VERBS:
            return True
        if toks[j].low not in ADVERBS and toks[j].low not in ("the", "a", "total", "of"):
            return False
        j -= 1
    return False


def link_leading_total(toks: list[Token], cands: list[Candidate]) -> None:
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
