"""Paging through lists with `page_size` and the `next`/`previous` links: every row exactly once,
in order, through NULLs and ties, in both directions."""

import base64
import datetime
import itertools
import json

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import counting
from claims.models import Claim
from tests.factories import ClaimFactory, EventFactory, SourceFactory


# Overrides tests/api/conftest.py's `api`: a viewer's client.
@pytest.fixture
def api(viewer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=viewer).key}")
    return client


@pytest.fixture
def claims(db):
    """23 claims whose dates repeat and are often missing, and whose creation times tie."""
    source = SourceFactory()
    days = [None, datetime.date(2024, 11, 14), datetime.date(2024, 11, 15), None, None]
    moments = [None, timezone.make_aware(datetime.datetime(2024, 11, 15, 10)), None]
    created = [timezone.make_aware(datetime.datetime(2024, 11, 16, hour)) for hour in (9, 9, 10)]
    made = []
    for number, day, moment, creation in zip(
        range(23), itertools.cycle(days), itertools.cycle(moments), itertools.cycle(created)
    ):
        claim = ClaimFactory(
            source=source,
            occurred_on=day,
            claimed_at=moment,
            text=f"Claim {number}: drones downed" + " drones" * (number % 3),
        )
        Claim.objects.filter(pk=claim.pk).update(created_at=creation)
        made.append(claim.pk)
    return list(Claim.objects.filter(pk__in=made))


def expected_order(claims, field, descending):
    dated = sorted(
        (claim for claim in claims if getattr(claim, field) is not None),
        key=lambda claim: (getattr(claim, field), claim.pk),
        reverse=descending,
    )
    undated = sorted(
        (claim for claim in claims if getattr(claim, field) is None),
        key=lambda claim: claim.pk,
        reverse=descending,
    )
    return [claim.pk for claim in dated + undated]


def walk(api, url, link="next"):
    """Follow the links from `url` to the end; the pages' ids, in the order they were read."""
    pages = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.json()
        body = response.json()
        pages.append([claim["id"] for claim in body["results"]])
        url = body[link]
    return pages, body


@pytest.mark.parametrize("page_size", [1, 4, 7, 23, 500])
@pytest.mark.parametrize(
    "ordering",
    ["occurred_on", "-occurred_on", "claimed_at", "-claimed_at", "created_at", "-created_at"],
)
def test_pages_hold_every_claim_once_in_order(api, claims, ordering, page_size):
    expected = expected_order(claims, ordering.lstrip("-"), ordering.startswith("-"))

    pages, last = walk(api, f"/api/claims/?ordering={ordering}&page_size={page_size}")

    assert [pk for page in pages for pk in page] == expected
    assert all(len(page) == page_size for page in pages[:-1])
    # And back from the last page to the first through the `previous` links.
    if last["previous"]:
        back, first = walk(api, last["previous"], link="previous")
        assert [pk for page in reversed(back) for pk in page] + pages[-1] == expected
        assert first["previous"] is None


def test_default_order_is_newest_first(api, claims):
    pages, _ = walk(api, "/api/claims/?page_size=5")

    assert [pk for page in pages for pk in page] == expected_order(claims, "created_at", True)


@pytest.mark.parametrize("page_size", [1, 2, 5])
def test_search_results_page_by_rank_through_ties(api, claims, page_size):
    ranked = Claim.objects.search("drones").values_list("pk", "rank")
    expected = [pk for pk, rank in sorted(ranked, key=lambda row: (-row[1], -row[0]))]
    assert len({rank for _, rank in ranked}) < len(expected)  # there are ties

    pages, last = walk(api, f"/api/claims/?q=drones&page_size={page_size}")

    assert [pk for page in pages for pk in page] == expected
    back, _ = walk(api, last["previous"], link="previous")
    assert [pk for page in reversed(back) for pk in page] + pages[-1] == expected


def test_links_keep_the_filters(api, claims):
    event = EventFactory()
    Claim.objects.filter(pk__in=[claim.pk for claim in claims[:5]]).update(event=event)

    pages, _ = walk(api, f"/api/claims/?event={event.pk}&page_size=2&ordering=occurred_on")

    assert sorted(pk for page in pages for pk in page) == sorted(c.pk for c in claims[:5])


def test_first_page_shape(api, claims):
    body = api.get("/api/claims/?page_size=10").json()

    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 23
    assert body["previous"] is None
    assert "page_size=10" in body["next"]


def test_new_claims_do_not_shift_the_next_page(api, claims):
    first = api.get("/api/claims/?page_size=5&ordering=created_at").json()
    ClaimFactory(source=claims[0].source)  # newest: sorts last, after the page being read
    Claim.objects.filter(pk=claims[-1].pk).delete()

    second = api.get(first["next"]).json()

    seen = {claim["id"] for claim in first["results"]}
    assert not seen & {claim["id"] for claim in second["results"]}


def test_count_beyond_the_exact_limit_is_flagged_as_an_estimate(api, claims, monkeypatch):
    monkeypatch.setattr(counting, "EXACT_LIMIT", 10)

    body = api.get("/api/claims/?page_size=3").json()

    assert body["count_is_estimate"] is True
    assert body["count"] > 10
    assert len(body["results"]) == 3


def test_exact_count_carries_no_estimate_flag(api, claims):
    body = api.get("/api/claims/?status=unverified").json()

    assert body["count"] == 23
    assert "count_is_estimate" not in body


def test_page_size_up_to_500(api, claims):
    response = api.get("/api/claims/?page_size=500")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 23


@pytest.mark.parametrize("page_size", ["0", "-1", "abc", "501", "1.5", "१"])
def test_bad_page_size_is_400(api, claims, page_size):
    response = api.get(f"/api/claims/?page_size={page_size}")

    assert response.status_code == 400
    assert "page_size" in response.json()


def test_an_empty_page_size_is_the_default_as_any_empty_parameter(api, claims):
    response = api.get("/api/claims/?page_size=")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 23  # all of them: under the default of 50


def cursor(payload) -> str:
    raw = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "%%%",
        cursor(b"not json"),
        cursor([1, 2]),
        cursor({"o": "-created_at", "v": "2024-11-16T09:00:00+00:00"}),
        cursor({"o": "-created_at", "v": "2024-11-16T09:00:00+00:00", "i": "7"}),
        cursor({"o": "-created_at", "v": "2024-11-16T09:00:00+00:00", "i": -1}),
        cursor({"o": "-created_at", "v": "2024-11-16T09:00:00+00:00", "i": 2**70}),
        cursor({"o": "-created_at", "v": "2024-02-30T09:00:00", "i": 1}),
        cursor({"o": "-created_at", "v": 12, "i": 1}),
        cursor({"o": "-created_at", "v": None, "i": 1}),
        cursor({"o": "occurred_on", "v": "2024-11-14", "i": 1}),  # another ordering's cursor
        cursor({"o": "rank", "v": "high", "i": 1}),
    ],
)
def test_malformed_cursor_is_400(api, claims, value):
    response = api.get(f"/api/claims/?cursor={value}")

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_search_cursor_takes_a_number(api, claims):
    bad = cursor({"o": "rank", "v": "high", "i": 1})

    response = api.get(f"/api/claims/?q=drones&cursor={bad}")

    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize("resource", ["sources", "documents", "events", "parties"])
def test_other_lists_are_paged_the_same_way(api, resource, db):
    body = api.get(f"/api/{resource}/?page_size=1").json()

    assert {"count", "next", "previous", "results"} <= set(body)
