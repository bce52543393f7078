"""Filtering and searching claims: each filter of SPEC.md, alone and combined, on the demo desk."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim


# Overrides tests/api/conftest.py's `api`: a viewer's client, on the demo desk.
@pytest.fixture
def api(viewer, demo):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=viewer).key}")
    return client


def ids(api, query: str) -> list[int]:
    response = api.get(f"/api/claims/?page_size=500&{query}")
    assert response.status_code == 200, response.json()
    return [claim["id"] for claim in response.json()["results"]]


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_filter_by_side(api):
    assert set(ids(api, "side=russia")) == pks(Claim.objects.by_side("russia"))
    assert pks(Claim.objects.by_side("russia"))


def test_filter_by_source(api):
    assert set(ids(api, "source=9")) == pks(Claim.objects.filter(source=9))


def test_filter_by_several_statuses(api):
    Claim.objects.filter(pk__in=[1, 2]).update(status="confirmed")
    Claim.objects.filter(pk=3).update(status="disputed")

    assert set(ids(api, "status=confirmed,disputed")) == {1, 2, 3}
    assert set(ids(api, "status=disputed")) == {3}


def test_filter_by_topic(api):
    assert set(ids(api, "topic=casualties")) == pks(Claim.objects.filter(topic="casualties"))


def test_filter_by_event(api):
    assert set(ids(api, "event=1")) == {20, 21, 22, 23, 24}


def test_occurred_dates_are_inclusive(api):
    assert set(ids(api, "occurred_after=2024-11-14&occurred_before=2024-11-14")) == pks(
        Claim.objects.filter(occurred_on="2024-11-14")
    )
    assert set(ids(api, "occurred_after=2024-11-15")) == pks(
        Claim.objects.filter(occurred_on="2024-11-15")
    )


def test_filter_by_item_and_outcome_of_the_same_quantity(api):
    downed_drones = ids(api, "item=drone&outcome=downed")

    assert set(downed_drones) == {19, 26}
    assert len(downed_drones) == len(set(downed_drones))


def test_filter_by_outcome_lists_each_claim_once(api):
    claim = Claim.objects.get(pk=21)  # one killed, at least 10 wounded
    claim.quantities.create(value=2, item="person", outcome="killed")

    killed = ids(api, "outcome=killed")

    assert killed.count(21) == 1


def test_filters_combine(api):
    assert set(ids(api, "side=ukraine&event=1&topic=casualties")) == pks(
        Claim.objects.filter(side__slug="ukraine", event=1, topic="casualties")
    )


def test_search_finds_words_in_text_quote_and_source_name(api):
    assert 21 in ids(api, "q=wounded")
    assert set(ids(api, "q=Kondratyev")) == pks(
        Claim.objects.filter(source__name__contains="Kondratyev")
    )


def test_search_ranks_best_matches_first(api):
    results = ids(api, "q=drones")
    ranks = dict(Claim.objects.search("drones").values_list("pk", "rank"))

    assert set(results) == set(ranks)
    assert [ranks[pk] for pk in results] == sorted(ranks.values(), reverse=True)


def test_search_takes_web_search_syntax(api):
    phrase = set(ids(api, 'q="air defense"'))
    without = set(ids(api, "q=drones -Krasnodar"))
    either = set(ids(api, "q=Kupyansk or Odesa"))

    assert phrase and phrase <= set(ids(api, "q=air defense"))
    assert without and not without & set(ids(api, "q=Krasnodar"))
    assert either == set(ids(api, "q=Kupyansk")) | set(ids(api, "q=Odesa"))


def test_search_with_ordering_sorts_by_the_field(api):
    results = api.get("/api/claims/?q=drones&ordering=occurred_on&page_size=500").json()

    days = [claim["occurred_on"] for claim in results["results"]]
    dated = [day for day in days if day]
    assert dated == sorted(dated)
    assert days[len(dated) :] == [None] * (len(days) - len(dated))


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("status=bogus", "status"),
        ("status=confirmed,bogus", "status"),
        ("topic=war", "topic"),
        ("side=atlantis", "side"),
        ("source=999999", "source"),
        ("source=abc", "source"),
        ("event=-1", "event"),
        ("occurred_after=notadate", "occurred_after"),
        ("occurred_before=2024-02-30", "occurred_before"),
        ("outcome=exploded", "outcome"),
        ("ordering=bogus", "ordering"),
        ("ordering=id", "ordering"),
        ("q=" + "x" * 501, "q"),
        ("q=drones%00", "q"),
        ("side=ukr%00aine", "side"),
    ],
)
def test_bad_filter_is_400_naming_the_parameter(api, query, parameter):
    response = api.get(f"/api/claims/?{query}")

    assert response.status_code == 400
    assert parameter in response.json()


def test_each_request_filters_by_its_own_values(api, editor):
    # The filter forms share their fields from one request to the next (claims.api.filters):
    # nothing of one request's values, errors or rendering stays for the next.
    russia, ukraine = pks(Claim.objects.by_side("russia")), pks(Claim.objects.by_side("ukraine"))

    assert set(ids(api, "side=russia")) == russia
    assert api.get("/api/claims/?side=atlantis").status_code == 400
    assert set(ids(api, "side=ukraine")) == ukraine
    assert set(ids(api, "side=russia&status=unverified")) == pks(
        Claim.objects.by_side("russia").unverified()
    )

    browser = APIClient()
    browser.force_login(editor)
    pages = [
        browser.get(f"/api/claims/?side={side}", HTTP_ACCEPT="text/html").content.decode()
        for side in ("russia", "ukraine")
    ]
    assert 'value="russia"' in pages[0] and 'value="ukraine"' not in pages[0]
    assert 'value="ukraine"' in pages[1] and 'value="russia"' not in pages[1]
