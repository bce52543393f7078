"""Phrase tables over token lists: a phrase's key as the tokenizer reads it, and an index for the
longest phrase starting or ending at a token."""

from __future__ import annotations

from claims.extraction.tokens import Token, tokenize


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The lower-case words of `phrase` as the tokenizer reads them: a phrase table's key."""
    return tuple(t.low for sent in tokenize(phrase) for t in sent)


class PhraseIndex:
    """A phrase table indexed by first and by last word, for cheap longest-match look-ups."""

    def __init__(self, table: dict[tuple[str, ...], object]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        self.by_last: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for key, value in sorted(table.items(), key=lambda kv: -len(kv[0])):
            self.by_first.setdefault(key[0], []).append((key, value))
            self.by_last.setdefault(key[-1], []).append((key, value))

    def starting(self, toks: list[Token], i: int) -> tuple[int, object] | None:
        """Longest phrase starting at token i: (length, value)."""
        if i < 0 or i >= len(toks):
            return None
        for key, value in self.by_first.get(toks[i].low, ()):
            L = len(key)
            if i + L <= len(toks) and all(toks[i + k].low == key[k] for k in range(1, L)):
                return L, value
        return None

    def ending(self, toks: list[Token], j: int) -> tuple[int, object] | None:
        """Longest phrase ending at token j (inclusive): (length, value)."""
        if j < 0 or j >= len(toks):
            return None
        for key, value in self.by_last.get(toks[j].low, ()):
            L = len(key)
            if j - L + 1 >= 0 and all(toks[j - L + 1 + k].low == key[k] for k in range(L - 1)):
                return L, value
        return None
