"""Every list and detail runs a fixed number of SQL queries, whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
)


@pytest.fixture
def api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def desk(db, editor):
    """Twelve of everything, every relation filled, so each row needs what the serializer shows."""
    for number in range(12):
        party = PartyFactory(name=f"Party {number}", slug=f"party-{number}")
        source = SourceFactory(party=party)
        event = EventFactory()
        for _ in range(2):
            claim = ClaimFactory(
                source=source,
                side=party,
                event=event,
                document=DocumentFactory(),
                created_by=editor,
                updated_by=editor,
                occurred_on=None if number % 3 else "2024-11-14",
            )
            QuantityFactory(claim=claim)
            QuantityFactory(claim=claim, value=1, item="person", outcome="killed")


def queries(api, url) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200, response.json()
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize(
    "url, expected",
    [
        # token, bounded count, the claims with source, party, side, event, document, outlet
        # and editors joined, their quantities
        ("/api/claims/", 4),
        # the same, rows with and without the date read in one UNION ALL
        ("/api/claims/?ordering=occurred_on", 4),
        # the same, ranked
        ("/api/claims/?q=drones", 4),
        # token, count, the sources with their party and claim counts (a subquery)
        ("/api/sources/", 3),
        # token, count, the parties
        ("/api/parties/", 3),
        # token, count, the documents with their outlet
        ("/api/documents/", 3),
        # token, count, the events, their claims (with source and side), the claims' quantities
        ("/api/events/", 5),
    ],
)
def test_list_queries_do_not_grow_with_the_page(api, desk, url, expected):
    separator = "&" if "?" in url else "?"

    one = queries(api, f"{url}{separator}page_size=1")
    many = queries(api, f"{url}{separator}page_size=500")

    assert len(one) == len(many) == expected, "\n".join(many)


def test_following_a_link_costs_the_same(api, desk):
    first = api.get("/api/claims/?page_size=5&ordering=-occurred_on").json()

    assert len(queries(api, first["next"])) == 4


@pytest.mark.parametrize(
    "resource, expected",
    [
        ("claims", 3),  # token, the claim with everything joined, its quantities
        ("sources", 2),  # token, the source with its claim counts
        ("documents", 2),  # token, the document with its outlet
        ("events", 4),  # token, the event, its claims, their quantities
    ],
)
def test_detail_queries_are_fixed(api, desk, resource, expected):
    first = api.get(f"/api/{resource}/?page_size=1").json()["results"][0]

    assert len(queries(api, f"/api/{resource}/{first['id']}/")) == expected
