"""Every list and detail runs a fixed number of SQL queries, whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import counting, search
from claims.api.caching import KeptForCount
from claims.models import Claim, Party
from claims.verification import review_claim
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
    UserFactory,
)


# Overrides tests/api/conftest.py's `api`: the token is made by Token.objects.create.
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
        # token and the change count (the ETag's; one statement), the planner's estimate of the
        # rows, their bounded count, the page's ids, the claims with source, side, document,
        # outlet, editors and quantities (one statement)
        ("/api/claims/", (5, 5)),
        # the same; a page that runs past the dated claims reads the undated ones in one query
        # more, only then
        ("/api/claims/?ordering=-occurred_on", (5, 6)),
        # the same, ranked
        ("/api/claims/?q=drones", (5, 5)),
        # token and change count, estimate, count, the sources with their party, their claims
        # counted by status (one prepared statement)
        ("/api/sources/", (5, 5)),
        # token and change count, estimate, count, the parties
        ("/api/parties/", (4, 4)),
        # token and change count, estimate, count, the documents with their outlet, the undated
        # ones (the desk has a single dated document)
        ("/api/documents/", (5, 5)),
        # token and change count, estimate, count, the events (the page of one is filled by dated
        # events; of 500, the undated ones follow in one query more), the ledger brought up to
        # date with the test's own transaction (a request outside one has none), the page's
        # summaries: claims and figures per event and side (one statement)
        ("/api/events/", (6, 7)),
    ],
)
def test_list_queries_do_not_grow_with_the_page(api, desk, url, expected):
    separator = "&" if "?" in url else "?"

    one = queries(api, f"{url}{separator}page_size=1")
    many = queries(api, f"{url}{separator}page_size=500")

    assert (len(one), len(many)) == expected, "\n".join(many)


@pytest.mark.parametrize("ranked", [True, False])
def test_a_search_s_order_costs_no_query_of_its_own(api, desk, monkeypatch, ranked):
    # Chosen from the page's own count: token and change count, estimate, count, the page's ids
    # (ranked or newest first), the claims; and the same for the page its `next` link gives.
    monkeypatch.setattr(search, "RANKED_SEARCH_LIMIT", 24 if ranked else 23)

    first = queries(api, "/api/claims/?q=drones&page_size=5")
    page = api.get("/api/claims/?q=drones&page_size=5").json()
    following = queries(api, page["next"])

    assert page["search_order"] == ("rank" if ranked else "newest")
    assert (len(first), len(following)) == (5, 5)
    assert ("ts_rank" in first[3]) is ranked


def test_a_broad_search_is_estimated_not_counted(api, desk, monkeypatch):
    # token and change count, estimate (beyond ESTIMATED_BEYOND: the page says "newest"), the ids,
    # the claims
    monkeypatch.setattr(counting, "ESTIMATED_BEYOND", 0)
    counting._broad_estimates.clear()
    try:
        assert len(queries(api, "/api/claims/?q=drones")) == 4
        assert len(queries(api, "/api/claims/?q=drones")) == 3  # the estimate kept a minute
    finally:
        counting._broad_estimates.clear()


def test_a_kept_count_is_found_by_the_list_s_filters_without_compiling_it(api, desk, monkeypatch):
    monkeypatch.setattr(counting, "ESTIMATED_BEYOND", 0)
    counting._broad_estimates.clear()
    compiled = []
    count_sql = counting._count_sql
    monkeypatch.setattr(counting, "_count_sql", lambda qs: compiled.append(1) or count_sql(qs))
    try:
        first = api.get("/api/claims/?side=party-1").json()
        assert len(compiled) == 1
        # another page, size and order of the same rows: the kept estimate, nothing compiled
        again = api.get("/api/claims/?side=party-1&page_size=1&ordering=occurred_on").json()
        assert (again["count"], again["count_is_estimate"]) == (first["count"], True)
        assert len(compiled) == 1
        api.get("/api/claims/?side=party-2")  # other rows: counted for themselves
        assert len(compiled) == 2
    finally:
        counting._broad_estimates.clear()


def test_a_filter_s_record_is_looked_up_once_for_each_change_count(api, desk):
    source = Claim.objects.filter(side__slug="party-1").values_list("source", flat=True)[0]
    url = f"/api/claims/?side=party-1&source={source}&page_size=5"
    first, again = queries(api, url), queries(api, url)

    # the same reads but for the party by its slug and the source by its id
    assert len(again) == len(first) - 2
    assert any('"claims_party"."slug" =' in sql for sql in first)
    assert not any('"claims_party"."slug" =' in sql for sql in again)

    Party.objects.filter(slug="party-1").update(slug="p1")  # the count changes: looked up anew
    assert api.get(url).status_code == 400
    assert len(api.get(url.replace("side=party-1", "side=p1")).json()["results"]) == 2


def test_following_a_link_costs_the_same(api, desk):
    first = api.get("/api/claims/?page_size=5").json()

    assert len(queries(api, first["next"])) == 5


@pytest.mark.parametrize(
    "resource, expected",
    [
        # the change count (the ETag's), the token and its user, and the claim with its relations
        # and quantities: one statement (claims/api/detail.py)
        ("claims", 1),
        ("sources", 3),  # token and change count, the source, its claims counted by status
        ("documents", 2),  # token and change count, the document with its outlet
        # token and change count, the event, its claims, their quantities, their contradictions
        ("events", 5),
    ],
)
def test_detail_queries_are_fixed(api, desk, resource, expected):
    first = api.get(f"/api/{resource}/?page_size=1").json()["results"][0]
    KeptForCount.forget_all()  # the list kept its source's track record for the detail

    assert len(queries(api, f"/api/{resource}/{first['id']}/")) == expected


def test_track_records_are_counted_once_for_each_change_count(api, desk, verifier):
    url = "/api/sources/?page_size=5"
    first, again = queries(api, url), queries(api, url)
    source = api.get(url).json()["results"][0]

    assert len(again) == len(first) - 1
    assert any("GROUP BY source_id, status" in sql for sql in first)
    assert not any("GROUP BY source_id, status" in sql for sql in again)
    assert api.get(f"/api/sources/{source['id']}/").json()["claim_counts"] == source["claim_counts"]

    claim = Claim.objects.filter(source=source["id"]).first()
    review_claim(claim, reviewer=verifier, status="confirmed", rationale="Two confirmations.")
    recounted = api.get(url).json()["results"][0]  # the count changed: counted anew
    assert recounted["claim_counts"]["confirmed"] == source["claim_counts"]["confirmed"] + 1
    assert recounted["claims_total"] == source["claims_total"]


def test_event_summaries_are_summed_once_for_each_change_count(api, desk):
    url = "/api/events/?page_size=5"
    first, again = queries(api, url), queries(api, url)
    event = api.get(url).json()["results"][0]

    assert len(again) == len(first) - 2  # the sums, and the ledger's flush (a test's transaction)
    assert any("claims_summary_ledger" in sql for sql in first)
    assert not any("claims_summary_ledger" in sql for sql in again)

    claim = ClaimFactory(event_id=event["id"], source=SourceFactory(party=None), side=None)
    QuantityFactory(claim=claim, value=3, item="tank", outcome="destroyed")
    summed = api.get(url).json()["results"][0]  # the count changed: summed anew
    assert summed["claims_total"] == event["claims_total"] + 1
    assert summed["by_side"]["independent"]["figures"] == [
        {"item": "tank", "outcome": "destroyed", "claims": 1, "quantities": 1, "lower": 3.0,
         "upper": 3.0, "open_ended": 0}
    ]  # fmt: skip


@pytest.fixture
def linked_and_reviewed(api, desk):
    """The first claim linked to and from others, reviewed several times, edited over the API."""
    claims = list(Claim.objects.order_by("pk"))
    first = claims[0]
    for other in claims[1:6]:
        ClaimLinkFactory(from_claim=first, to_claim=other, relation="corroborates")
        ClaimLinkFactory(from_claim=other, to_claim=first, relation="contradicts")
    reviewer = UserFactory(username="chief", is_superuser=True)
    for status in ["disputed", "confirmed", "refuted", "disputed"]:
        review_claim(first, reviewer=reviewer, status=status, rationale="Because.")
    api.patch(f"/api/claims/{first.pk}/", {"location": "Odesa"})
    return first


@pytest.mark.parametrize(
    "part, expected",
    [
        # token and change count, the claim exists, estimate, count, the links with both claims
        # and sources
        ("links", 5),
        # token and change count, the claim exists, estimate, count, the reviews with reviewers
        ("reviews", 5),
        ("history", 5),  # token and change count, the claim existed, count, the events, users
    ],
)
def test_claim_part_queries_do_not_grow_with_the_page(api, linked_and_reviewed, part, expected):
    url = f"/api/claims/{linked_and_reviewed.pk}/{part}/"

    one = queries(api, f"{url}?page_size=1")
    many = queries(api, f"{url}?page_size=500")

    assert len(one) == len(many) == expected, "\n".join(many)
