"""Full-text search of claims: the query a search box's text becomes, and the order its matches
come in (best match first while ranking them is cheap, newest first beyond).

The search vector holds every word twice (claims.models.base): its English stem, and the word as
written (`simple`). A word or quoted phrase of a search is looked up by its English stems
(`drones` finds "drone"), unless English drops some of its words as stop words: then as written,
exactly (`"not over"`, `"we will not"`). That is SQL's `claim_search_term(text)` (migration
0013), so the planner sees each term as the one tsquery it is and estimates its matches as well
as it did for English alone. Words in other alphabets (`одеса`) have no English stem and no
English stop word: they match as written, case endings not stemmed.
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery

from claims import counting

# Ranking reads every match (its vector, for ts_rank) to sort them: beyond this many matches a
# search comes newest first, which reads only the page it shows.
RANKED_SEARCH_LIMIT = 5_000
RANK, NEWEST = "rank", "newest"

# PostgreSQL's web search syntax: "a quoted phrase" (unclosed: to the end), -excluded, `or`
# between alternatives, any other word required.
TERM = re.compile(r'(-*)"([^"]*)"?|(-*)([^\s"]+)')


class SearchTerm(SearchQuery):
    """One word or "quoted phrase" of a search, as `claim_search_term(text)` makes it a tsquery:
    its English form (websearch_to_tsquery('english', ...)), or the form as written where
    English drops stop words from it. Inverted: `!!claim_search_term(...)`."""

    def __init__(self, term: str, invert: bool = False):
        super().__init__(term, invert=invert)
        self.function = "claim_search_term"


def search_query(text: str) -> SearchQuery:
    """The tsquery of a search in web search syntax: its terms each a `SearchTerm`, all
    required (`&&`) between two `or`s, any such group enough (`||`)."""
    groups: list[list[SearchTerm]] = [[]]
    for match in TERM.finditer(text):
        excluded = bool(match[1] or match[3])
        phrase, word = match[2], match[4]
        if word is not None and word.lower() == "or" and not excluded:
            groups.append([])
        elif phrase is not None and phrase.strip():
            groups[-1].append(SearchTerm(f'"{phrase}"', invert=excluded))
        elif word:
            groups[-1].append(SearchTerm(word, invert=excluded))
    groups = [terms for terms in groups if terms]
    if not groups:  # no word at all (`or`, punctuation): as PostgreSQL reads it
        return SearchTerm(text)
    return reduce(operator.or_, (reduce(operator.and_, terms) for terms in groups))


def is_searched(queryset) -> bool:
    """Whether the claims are a full-text search's matches (ClaimQuerySet.search)."""
    return "rank" in queryset.query.annotations


def search_order(queryset, counted: tuple[int, bool] | None = None) -> str:
    """`RANK` where the search matches at most RANKED_SEARCH_LIMIT claims, else `NEWEST`.

    `counted`: the matches as `counting.page_count` gave them, where the caller has counted
    already (a list's page). Otherwise they are counted here the same way, up to the limit: the
    planner's estimate alone where it expects many more.
    """
    if counted is None:
        counted = counting.page_count(queryset, limit=RANKED_SEARCH_LIMIT)
    count, is_estimate = counted
    return RANK if not is_estimate and count <= RANKED_SEARCH_LIMIT else NEWEST
