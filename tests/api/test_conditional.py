"""No lost edits: a claim's responses carry its ETag, and PUT, PATCH and DELETE with an If-Match
that no longer matches get 412 and change nothing (RFC 9110), even when two clients race.

A read's ETag is the claim's id and version followed by a MAC (`"12-3-<mac>"`, the validator of
conditional GETs, tests/api/test_conditional_get.py); If-Match compares the id and version."""

import threading

import pytest
from django.db import connection
from django.db.models import F

from claims.api.views import ClaimViewSet
from claims.models import Claim
from tests.factories import ClaimFactory, QuantityFactory
from tests.helpers import client_for


@pytest.fixture
def claim(db):
    claim = ClaimFactory(location="Odesa", quote="a massive combined strike")
    QuantityFactory(claim=claim, value=25, of_total=30)
    return claim


def detail(claim) -> str:
    return f"/api/claims/{claim.pk}/"


def stored(claim) -> dict:
    """Everything of the claim a lost edit could touch: its fields and its quantities."""
    row = Claim.objects.filter(pk=claim.pk).values().first()
    if row is None:
        return {}
    row.pop("search_vector")
    row["quantities"] = list(claim.quantities.order_by("pk").values())
    return row


def someone_else_saves_meanwhile(monkeypatch):
    """The claim is saved by someone else right after the view has read it."""
    read = ClaimViewSet.get_object

    def read_then_someone_else_saves(view):
        copy = read(view)
        Claim.objects.filter(pk=copy.pk).update(location="Izmail", version=F("version") + 1)
        return copy

    monkeypatch.setattr(ClaimViewSet, "get_object", read_then_someone_else_saves)


# ETags ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_claim_carries_its_etag_and_version(api, claim):
    response = api.get(detail(claim))

    assert response["ETag"].startswith(f'"{claim.pk}-1-')
    assert response.json()["version"] == 1


@pytest.mark.django_db
def test_each_change_gives_a_new_etag(api, claim):
    response = api.patch(detail(claim), {"location": "Izmail"})

    assert response["ETag"] == f'"{claim.pk}-2"'
    assert response.json()["version"] == 2
    assert api.get(detail(claim))["ETag"].startswith(f'"{claim.pk}-2-')


@pytest.mark.django_db
def test_new_claim_carries_its_etag(api, claim):
    response = api.post("/api/claims/", {"text": "Drones.", "source": claim.source.pk})

    assert response.status_code == 201
    assert response["ETag"] == f'"{response.json()["id"]}-1"'


@pytest.mark.django_db
def test_errors_carry_no_etag(api, claim):
    assert "ETag" not in api.patch(detail(claim), {"topic": "bogus"})
    assert "ETag" not in api.get("/api/claims/999999/")


@pytest.mark.django_db
def test_version_cannot_be_written(api, claim):
    response = api.patch(detail(claim), {"version": 99, "location": "Izmail"})

    assert response.json()["version"] == 2


@pytest.mark.django_db
def test_a_review_changes_the_etag(api, verifier, claim):
    etag = api.get(detail(claim))["ETag"]
    client_for(verifier).post(
        f"/api/claims/{claim.pk}/reviews/", {"status": "disputed", "rationale": "Astra: 12."}
    )

    response = api.patch(detail(claim), {"location": "Izmail"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 412


# If-Match --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "if_match",
    [
        '"{id}-1"',
        '"{id}-1-anything"',  # a read's ETag: its id and version are compared
        '"{id}-7", "{id}-1"',
        ' , "{id}-1" ,',
        "*",
        'W/"{id}-1", "{id}-1"',
    ],
)
def test_patch_with_a_matching_if_match_is_made(api, claim, if_match):
    response = api.patch(
        detail(claim), {"location": "Izmail"}, HTTP_IF_MATCH=if_match.format(id=claim.pk)
    )

    assert response.status_code == 200, response.json()
    assert Claim.objects.get(pk=claim.pk).location == "Izmail"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "if_match",
    [
        '"{id}-0"',  # an older version
        '"{id}-01"',  # strong comparison is character by character
        '"{id}-0-anything"',  # a read of an older version
        'W/"{id}-1"',  # weak tags never match If-Match
        '"{other}-1"',  # another claim's
        '""',
    ],
)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_stale_if_match_is_412_and_changes_nothing(api, claim, method, if_match):
    other = ClaimFactory()
    before = stored(claim)
    body = {
        "text": "Changed.",
        "source": claim.source.pk,
        "location": "Izmail",
        "quantities": [{"value": 1, "item": "person", "outcome": "killed"}],
    }

    response = getattr(api, method)(
        detail(claim), body, HTTP_IF_MATCH=if_match.format(id=claim.pk, other=other.pk)
    )

    assert response.status_code == 412
    assert "read it again" in response.json()["detail"]
    assert stored(claim) == before


@pytest.mark.django_db
def test_stale_if_match_wins_over_bad_input(api, claim):
    """RFC 9110 13.2.2: the precondition is evaluated before the body."""
    response = api.patch(detail(claim), {"topic": "bogus"}, HTTP_IF_MATCH=f'"{claim.pk}-0"')

    assert response.status_code == 412


@pytest.mark.django_db
def test_unknown_claim_with_if_match_is_404(api):
    assert api.patch("/api/claims/999999/", {}, HTTP_IF_MATCH='"999999-1"').status_code == 404


@pytest.mark.django_db
def test_missing_permission_with_if_match_is_403(viewer, claim):
    response = client_for(viewer).patch(detail(claim), {}, HTTP_IF_MATCH=f'"{claim.pk}-0"')

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("if_match", ["{id}-1", '"{id}-1" "{id}-2"', '"{id}-1', "W/", '"a"b'])
def test_malformed_if_match_is_a_400(api, claim, if_match):
    before = stored(claim)

    response = api.patch(
        detail(claim), {"location": "Izmail"}, HTTP_IF_MATCH=if_match.format(id=claim.pk)
    )

    assert response.status_code == 400
    assert set(response.json()) == {"If-Match"}
    assert stored(claim) == before


@pytest.mark.django_db
def test_change_saved_between_read_and_write_is_a_412_with_if_match(api, claim, monkeypatch):
    someone_else_saves_meanwhile(monkeypatch)

    response = api.patch(
        detail(claim), {"quote": "mine", "quantities": []}, HTTP_IF_MATCH=f'"{claim.pk}-1"'
    )

    assert response.status_code == 412
    stored_claim = stored(claim)
    assert (stored_claim["location"], stored_claim["quote"]) == (
        "Izmail",
        "a massive combined strike",
    )
    assert len(stored_claim["quantities"]) == 1


@pytest.mark.django_db
def test_change_saved_between_read_and_write_is_a_409_with_if_match_star(api, claim, monkeypatch):
    someone_else_saves_meanwhile(monkeypatch)

    response = api.patch(detail(claim), {"quote": "mine"}, HTTP_IF_MATCH="*")

    assert response.status_code == 409


# DELETE ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_with_a_stale_if_match_is_412_and_deletes_nothing(chief, claim):
    before = stored(claim)

    response = chief.delete(detail(claim), HTTP_IF_MATCH=f'"{claim.pk}-0"')

    assert response.status_code == 412
    assert stored(claim) == before


@pytest.mark.django_db
def test_delete_with_the_current_etag_deletes(chief, claim):
    etag = chief.get(detail(claim))["ETag"]

    response = chief.delete(detail(claim), HTTP_IF_MATCH=etag)

    assert response.status_code == 204
    assert not Claim.objects.filter(pk=claim.pk).exists()


@pytest.mark.django_db
def test_delete_compares_the_version_with_the_row_locked(chief, claim, monkeypatch):
    someone_else_saves_meanwhile(monkeypatch)

    response = chief.delete(detail(claim), HTTP_IF_MATCH=f'"{claim.pk}-1"')

    assert response.status_code == 412
    assert Claim.objects.get(pk=claim.pk).location == "Izmail"
    assert claim.quantities.count() == 1


@pytest.mark.django_db
def test_delete_of_a_claim_deleted_meanwhile_is_404(chief, claim, monkeypatch):
    read = ClaimViewSet.get_object

    def read_then_someone_else_deletes(view):
        copy = read(view)
        Claim.objects.filter(pk=copy.pk).delete()
        return copy

    monkeypatch.setattr(ClaimViewSet, "get_object", read_then_someone_else_deletes)

    response = chief.delete(detail(claim), HTTP_IF_MATCH=f'"{claim.pk}-1"')

    assert response.status_code == 404


# Two clients at once ---------------------------------------------------------------------------


def race(claim, changes_by_user: dict, etag: str) -> dict:
    """Each user PATCHes the claim with the same If-Match, from a thread (and a database
    connection) of its own, all starting together; returns each user's response."""
    clients = {user: client_for(user) for user in changes_by_user}
    start = threading.Barrier(len(clients), timeout=20)
    responses = {}

    def patch(user):
        try:
            start.wait()
            responses[user] = clients[user].patch(
                detail(claim), changes_by_user[user], HTTP_IF_MATCH=etag
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=patch, args=(user,)) for user in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(responses) == len(clients), "a request did not finish"
    return responses


def assert_one_winner(claim, before: dict, responses: dict, changes_by_user: dict):
    codes = sorted(response.status_code for response in responses.values())
    assert codes == [200, 412], {u.username: r.json() for u, r in responses.items()}
    winner = next(user for user, response in responses.items() if response.status_code == 200)
    after = stored(claim)
    expected = {**before, **changes_by_user[winner]}
    for name in ("version", "updated_at", "updated_by_id"):
        expected.pop(name), after.pop(name)
    assert after == expected
    assert Claim.objects.get(pk=claim.pk).version == before["version"] + 1


@pytest.mark.django_db(transaction=True)
def test_two_clients_patching_with_the_same_etag_one_wins(editor, verifier, claim):
    changes = {editor: {"location": "Izmail"}, verifier: {"quote": "25 of nearly 30 drones"}}
    before = stored(claim)
    etag = client_for(editor).get(detail(claim))["ETag"]

    responses = race(claim, changes, etag)

    assert_one_winner(claim, before, responses, changes)


@pytest.mark.django_db(transaction=True)
def test_two_clients_that_both_read_the_claim_first_one_wins(editor, verifier, claim, monkeypatch):
    """Both requests have read the claim at the ETag's version before either saves: only the
    version compared in the UPDATE itself can tell them apart."""
    read = ClaimViewSet.get_object
    both_read = threading.Barrier(2, timeout=20)

    def read_and_wait_for_the_other(view):
        copy = read(view)
        both_read.wait()
        return copy

    monkeypatch.setattr(ClaimViewSet, "get_object", read_and_wait_for_the_other)
    changes = {editor: {"location": "Izmail"}, verifier: {"quote": "25 of nearly 30 drones"}}
    before = stored(claim)

    responses = race(claim, changes, f'"{claim.pk}-1"')

    assert_one_winner(claim, before, responses, changes)
