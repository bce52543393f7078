"""The claims list's search box: best match first for few matches, newest first for many (and
the editor is told so under the box), a sort by column still winning; quotes in any language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import counting, search
from tests.factories import ClaimFactory
from tests.helpers import CLAIMS_LIST


@pytest.fixture
def searched(client, editor):
    counting._broad_estimates.clear()
    client.force_login(editor)
    ClaimFactory(text="Drones downed, drones everywhere, drones again.")
    ClaimFactory(text="Shelling reported.", quote="Drones were heard.")
    ClaimFactory(text="A drone was heard over Odesa.", quote="Над Одесою збито дрони.")
    yield client
    counting._broad_estimates.clear()


def listed(client, **params) -> tuple[list[str], str]:
    response = client.get(CLAIMS_LIST, params)
    assert response.status_code == 200
    texts = [claim.text for claim in response.context["cl"].result_list]
    return texts, response.content.decode()


def test_a_narrow_search_comes_best_match_first(searched):
    texts, page = listed(searched, q="drones")

    assert texts == [
        "Drones downed, drones everywhere, drones again.",
        "A drone was heard over Odesa.",
        "Shelling reported.",
    ]
    assert "newest first" not in page


def test_a_broad_search_comes_newest_first_and_says_so(searched, monkeypatch):
    monkeypatch.setattr(search, "RANKED_SEARCH_LIMIT", 2)

    texts, page = listed(searched, q="drones")

    assert texts == [
        "A drone was heard over Odesa.",
        "Shelling reported.",
        "Drones downed, drones everywhere, drones again.",
    ]
    assert "More than 2 matches: newest first, not best match first." in page


def test_a_sort_by_column_wins_without_a_note(searched, monkeypatch):
    monkeypatch.setattr(search, "RANKED_SEARCH_LIMIT", 2)
    occurred_on_column = 5  # list_display index of occurred_on

    texts, page = listed(searched, q="drones", o=str(occurred_on_column))

    assert len(texts) == 3
    assert "newest first" not in page


def test_a_cyrillic_quote_is_found(searched):
    texts, _ = listed(searched, q="Одесою")

    assert texts == ["A drone was heard over Odesa."]


def test_a_search_counts_its_matches_once(searched):
    with CaptureQueriesContext(connection) as queries:
        texts, page = listed(searched, q="drones")
    counts = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
    # One bounded count chooses the order and is the count the page shows.
    assert len(counts) == 1
    assert len(texts) == 3 and "3 results" in page
