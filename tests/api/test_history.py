"""A claim's history over the API: every change of the claim, its quantities, links and reviews,
who made it and what changed, readable after the claim is deleted (see test_history_access),
for signed-in users only."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.models import Claim, Quantity
from tests.factories import ClaimFactory, ClaimLinkFactory, QuantityFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def history_of(claim_id: int) -> str:
    return f"/api/claims/{claim_id}/history/"


def events(client, claim_id: int, **params) -> list[dict]:
    response = client.get(history_of(claim_id), params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def test_history_shows_who_changed_what_newest_first(api, air_force_claim):
    api.patch(f"/api/claims/{air_force_claim.pk}/", {"location": "Izmail"})

    update, insert = events(api, air_force_claim.pk)

    assert (update["model"], update["label"], update["user"]) == ("claim", "update", "editor")
    assert update["object_id"] == air_force_claim.pk
    assert update["changes"]["location"] == {"from": "Odesa", "to": "Izmail"}
    assert update["changes"]["version"] == {"from": 1, "to": 2}
    assert update["state"]["location"] == "Izmail"
    assert (insert["model"], insert["label"], insert["user"], insert["changes"]) == (
        "claim",
        "insert",
        None,  # made by a factory, not over the API or the admin
        {},
    )


@pytest.fixture
def air_force_claim(db):
    return ClaimFactory(location="Odesa")


def test_history_includes_the_quantities_changes(api, air_force_claim):
    quantity = QuantityFactory(claim=air_force_claim, value=25, of_total=30)
    Quantity.objects.filter(pk=quantity.pk).update(value=27)

    listed = events(api, air_force_claim.pk)

    quantity_events = [(e["label"], e["object_id"]) for e in listed if e["model"] == "quantity"]
    assert quantity_events == [("update", quantity.pk), ("insert", quantity.pk)]
    update = next(e for e in listed if e["model"] == "quantity" and e["label"] == "update")
    assert update["changes"] == {"value": {"from": 25, "to": 27}}


def test_history_includes_links_and_reviews(api, verifier, air_force_claim):
    link = ClaimLinkFactory(to_claim=air_force_claim, relation="contradicts")
    client_for(verifier).post(
        f"/api/claims/{air_force_claim.pk}/reviews/",
        {"status": "disputed", "rationale": "Astra counts 12."},
    )

    listed = events(api, air_force_claim.pk)

    models = {(e["model"], e["label"], e["user"]) for e in listed}
    assert ("link", "insert", None) in models
    assert ("review", "insert", "verifier") in models
    assert ("claim", "update", "verifier") in models
    review = next(e for e in listed if e["model"] == "review")
    assert review["state"]["rationale"] == "Astra counts 12."
    assert next(e for e in listed if e["model"] == "link")["object_id"] == link.pk


# Each request its own transaction, as in production: the events of one share a time.
@pytest.mark.django_db(transaction=True)
def test_one_edit_lists_the_claim_first_among_its_changes(api, air_force_claim):
    QuantityFactory(claim=air_force_claim)

    api.patch(
        f"/api/claims/{air_force_claim.pk}/",
        {"location": "Izmail", "quantities": [{"value": 3, "item": "drone"}]},
    )

    latest = events(api, air_force_claim.pk)[:3]
    assert [(e["model"], e["label"]) for e in latest] == [
        ("claim", "update"),
        ("quantity", "insert"),
        ("quantity", "delete"),
    ]
    assert {e["user"] for e in latest} == {"editor"}
    assert len({e["created_at"] for e in latest}) == 1
    assert latest[0]["created_at"] > events(api, air_force_claim.pk)[3]["created_at"]


def test_deleted_claims_history_stays_readable(api, chief):
    claim = ClaimFactory(text="Russian forces control Toretsk.")
    QuantityFactory(claim=claim)
    claim_id = claim.pk

    assert chief.delete(f"/api/claims/{claim_id}/").status_code == 204
    listed = events(chief, claim_id)

    assert not Claim.objects.filter(pk=claim_id).exists()
    labels = {(e["model"], e["label"]) for e in listed}
    assert {("claim", "delete"), ("quantity", "delete"), ("claim", "insert")} <= labels
    deleted = next(e for e in listed if (e["model"], e["label"]) == ("claim", "delete"))
    assert deleted["state"]["text"] == "Russian forces control Toretsk."
    assert deleted["user"] == "chief"
    assert listed[0] == deleted


@pytest.mark.parametrize("claim_id", [999999, 2**70])
def test_a_claim_that_never_existed_is_404(api, claim_id):
    assert api.get(history_of(claim_id)).status_code == 404


def test_claim_without_recorded_history_is_an_empty_list(api):
    """A claim from before the history was installed exists, with nothing recorded yet."""
    claim = ClaimFactory()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_claimhistory WHERE pgh_obj_id = %s", [claim.pk])

    response = api.get(history_of(claim.pk))

    assert (response.status_code, response.json()["results"]) == (200, [])


def test_history_is_for_signed_in_users_only(air_force_claim):
    with override_settings(PUBLIC_READ=True):
        response = APIClient().get(history_of(air_force_claim.pk))

    assert response.status_code == 401


def test_viewers_read_the_history(viewer, air_force_claim):
    assert client_for(viewer).get(history_of(air_force_claim.pk)).status_code == 200


def test_history_pages_follow_links_without_gaps_or_repeats(api, air_force_claim):
    for number in range(7):
        QuantityFactory(claim=air_force_claim, value=number)
    everything = events(api, air_force_claim.pk)

    page = api.get(history_of(air_force_claim.pk), {"page_size": 3}).json()
    walked = page["results"]
    while page["next"]:
        page = api.get(page["next"]).json()
        walked += page["results"]
    back = api.get(page["previous"]).json()

    assert len(everything) == 8
    assert page["count"] == 8
    assert [e["object_id"] for e in walked] == [e["object_id"] for e in everything]
    assert [(e["model"], e["object_id"]) for e in walked] == [
        (e["model"], e["object_id"]) for e in everything
    ]
    assert back["results"] == everything[3:6]


@pytest.mark.parametrize("cursor", ["nonsense", "eyJ0IjoxfQ", "e30"])
def test_bad_history_cursor_is_a_400(api, air_force_claim, cursor):
    response = api.get(history_of(air_force_claim.pk), {"cursor": cursor})

    assert response.status_code == 400
    assert set(response.json()) == {"cursor"}


def test_history_queries_are_fixed(api, editor, verifier, air_force_claim):
    for number in range(5):
        QuantityFactory(claim=air_force_claim, value=number)
    api.patch(f"/api/claims/{air_force_claim.pk}/", {"location": "Izmail"})
    client_for(verifier).post(
        f"/api/claims/{air_force_claim.pk}/reviews/",
        {"status": "disputed", "rationale": "Astra counts 12."},
    )

    with CaptureQueriesContext(connection) as small:
        events(api, air_force_claim.pk, page_size=1)
    with CaptureQueriesContext(connection) as large:
        listed = events(api, air_force_claim.pk, page_size=500)

    assert {e["user"] for e in listed} == {"editor", "verifier", None}
    # token and the change count (the ETag's; one statement), the claim exists, count, the page
    # of events, their users
    assert len(small) == len(large) == 5, "\n".join(q["sql"] for q in large.captured_queries)
