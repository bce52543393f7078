"""Conditional GET: every list and detail carries an ETag that changes whenever anything it shows
changes, however the change is made and in whichever process; If-None-Match with the current one
is a 304 for the cost of the token and the change count; Cache-Control says who may keep it."""

import threading

import pytest
from django.db import connection, transaction
from django.db.models import F, Q
from rest_framework.test import APIClient

from claims.api import caching
from claims.changes import SLOTS, change_count
from claims.models import Claim, ClaimLink, Document, Event, Party, Quantity, Review, Source
from claims.verification import review_claim
from tests import factories
from tests.helpers import client_for


@pytest.fixture
def desk(editor, verifier):
    """A claim with everything it can show: source and party, side, document with outlet,
    event, quantities, a link each way, a review, and a history."""
    party = factories.PartyFactory(name="Ukraine", slug="ukraine")
    source = factories.SourceFactory(name="Air Force", party=party)
    outlet = factories.SourceFactory(name="Ukrainska Pravda", kind="media", party=party)
    claim = factories.ClaimFactory(
        source=source,
        side=party,
        event=factories.EventFactory(title="Night attack on Odesa"),
        document=factories.DocumentFactory(outlet=outlet, title="Overnight"),
        created_by=editor,
        updated_by=editor,
    )
    factories.QuantityFactory(claim=claim, value=25, of_total=30)
    other = factories.ClaimFactory(source=source, event=claim.event)
    factories.ClaimLinkFactory(from_claim=claim, to_claim=other, relation="corroborates")
    factories.ClaimLinkFactory(from_claim=other, to_claim=claim, relation="contradicts")
    review_claim(claim, reviewer=verifier, status="disputed", rationale="Astra counts 12.")
    return claim


def reads(claim) -> dict[str, str]:
    """Every list and detail of the API, by name, for the desk's claim."""
    side = claim.side.slug if claim.side_id else "ukraine"
    return {
        "claims": "/api/claims/",
        "claim": f"/api/claims/{claim.pk}/",
        "sources": "/api/sources/",
        "source": f"/api/sources/{claim.source_id}/",
        "parties": "/api/parties/",
        "party": f"/api/parties/{side}/",
        "documents": "/api/documents/",
        "document": f"/api/documents/{claim.document_id}/",
        "events": "/api/events/",
        "event": f"/api/events/{claim.event_id}/",
        "reviews": f"/api/claims/{claim.pk}/reviews/",
        "links": f"/api/claims/{claim.pk}/links/",
        "history": f"/api/claims/{claim.pk}/history/",
        "summary": "/api/quantities/summary/?group_by=side,source,event",
    }


READS = list(reads(Claim(pk=0)))


def address(desk, name: str) -> str:
    return reads(desk)[name]


@pytest.mark.django_db
@pytest.mark.parametrize("name", READS)
def test_each_read_carries_an_etag_and_private_caching(api, desk, name):
    response = api.get(address(desk, name))

    assert response.status_code == 200
    if name == "claim":  # its id and version, then the MAC (If-Match compares the first two)
        assert response["ETag"].startswith(f'"{desk.pk}-{desk.version}-')
    else:
        assert response["ETag"].startswith('W/"')
    assert response["Cache-Control"] == "private, no-cache"
    assert {"Accept", "Authorization", "Cookie"} <= vary(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", READS)
def test_the_current_etag_is_a_304_for_one_query(api, desk, name, django_assert_num_queries):
    url = address(desk, name)
    read = api.get(url)

    with django_assert_num_queries(1):  # the token, its user and the change count
        response = api.get(url, HTTP_IF_NONE_MATCH=read["ETag"])

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == read["ETag"]
    assert response["Cache-Control"] == "private, no-cache"
    assert {"Accept", "Authorization", "Cookie"} <= vary(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["claims", "claim"])
def test_if_none_match_compares_weakly_and_takes_a_list(api, desk, name):
    url = address(desk, name)
    etag = api.get(url)["ETag"]
    tag = etag.removeprefix("W/")

    assert api.get(url, HTTP_IF_NONE_MATCH=f"W/{tag}").status_code == 304
    assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert api.get(url, HTTP_IF_NONE_MATCH=f'"stale", {etag}').status_code == 304
    assert api.get(url, HTTP_IF_NONE_MATCH='"stale", W/"older"').status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("if_none_match", ['"a"b', "W/", "no quotes", '"12-3-forged"'])
def test_a_malformed_or_forged_if_none_match_is_a_full_read(api, desk, if_none_match):
    response = api.get(address(desk, "claim"), HTTP_IF_NONE_MATCH=if_none_match)

    assert response.status_code == 200
    assert response.json()["id"] == desk.pk


@pytest.mark.django_db
def test_a_tag_of_another_version_is_a_full_read(api, desk):
    etag = api.get(address(desk, "claim"))["ETag"]
    claim_id, version, mac = etag.strip('"').split("-")
    forged = f'"{claim_id}-{int(version) + 1}-{mac}"'

    assert api.get(address(desk, "claim"), HTTP_IF_NONE_MATCH=forged).status_code == 200


@pytest.mark.django_db
def test_star_is_a_304_for_what_exists_and_a_404_for_what_does_not(api, desk):
    response = api.get(address(desk, "claim"), HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 304
    assert response["ETag"].startswith(f'"{desk.pk}-')
    assert api.get("/api/claims/999999/", HTTP_IF_NONE_MATCH="*").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["claims", "claim", "source"])
def test_head_carries_the_etag_and_honours_if_none_match(api, desk, name):
    url = address(desk, name)
    etag = api.get(url)["ETag"]

    head = api.head(url)
    assert head.status_code == 200
    assert head["ETag"] == etag
    assert api.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


# What changes the ETag -------------------------------------------------------------------------


def rename_source(claim):
    Source.objects.filter(pk=claim.source_id).update(name="Air Force Command")


def rename_outlet(claim):
    Source.objects.filter(pk=claim.document.outlet_id).update(name="UP")


def rename_party(claim):
    Party.objects.filter(pk=claim.side_id).update(slug="ua")


def retitle_document(claim):
    Document.objects.filter(pk=claim.document_id).update(title="Morning")


def retitle_event(claim):
    Event.objects.filter(pk=claim.event_id).update(title="Strike on Odesa")


def change_a_quantity(claim):
    Quantity.objects.filter(claim=claim).update(value=F("value") + 1)


def add_a_quantity(claim):
    factories.QuantityFactory(claim=claim, value=3, item="person", outcome="killed")


def change_the_claim(claim):
    Claim.objects.filter(pk=claim.pk).update(location="Izmail")


def edit_a_review(claim):
    Review.objects.filter(claim=claim).update(rationale="Astra counts 14.")


def remove_the_links(claim):
    ClaimLink.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)).delete()


def rename_the_editor(claim):
    type(claim.created_by).objects.filter(pk=claim.created_by_id).update(username="desk-editor")


CHANGES = {
    # change: the reads that show it
    rename_source: ["claims", "claim", "sources", "source", "event", "links", "summary"],
    rename_outlet: ["claims", "claim", "sources", "documents", "document"],
    rename_party: ["claims", "claim", "parties", "sources", "source", "events", "summary"],
    retitle_document: ["claims", "claim", "documents", "document"],
    retitle_event: ["events", "event", "summary"],
    change_a_quantity: ["claims", "claim", "events", "event", "history", "summary"],
    add_a_quantity: ["claim", "events", "event", "history", "summary"],
    change_the_claim: ["claims", "claim", "history"],
    edit_a_review: ["reviews", "history"],
    remove_the_links: ["links", "event", "history"],
    rename_the_editor: ["claims", "claim"],
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, name",
    [(change, name) for change, names in CHANGES.items() for name in names],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_any_change_to_what_a_read_shows_changes_its_etag(api, desk, change, name):
    url = address(desk, name)
    before = api.get(url)

    change(desk)

    response = api.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert response.status_code == 200
    assert response["ETag"] != before["ETag"]
    assert response.content != before.content


@pytest.mark.django_db
def test_a_write_through_the_api_changes_the_etags_once(api, desk):
    counted = change_count()
    etag = api.get(address(desk, "claims"))["ETag"]

    # Several statements (the claim, its quantities, its history), one transaction.
    api.patch(address(desk, "claim"), {"location": "Izmail", "quantities": []})

    assert change_count() == counted + 1
    assert api.get(address(desk, "claims"), HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_a_read_changes_nothing(api, desk):
    counted = change_count()

    for name in READS:
        api.get(address(desk, name))

    assert change_count() == counted


def commit_elsewhere(write):
    """Run `write` on a connection of its own (another worker's), committed."""

    def run():
        try:
            with transaction.atomic():
                write()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_by_another_connection_changes_the_etag(editorial_groups):
    claim = factories.ClaimFactory(source=factories.SourceFactory(name="Air Force"))
    api = client_for(factories.UserFactory(username="reader"))
    url = f"/api/claims/{claim.pk}/"
    etag = api.get(url)["ETag"]

    commit_elsewhere(lambda: Source.objects.filter(pk=claim.source_id).update(name="Navy"))

    response = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["source"]["name"] == "Navy"


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_keeps_the_etag(editorial_groups):
    claim = factories.ClaimFactory()
    api = client_for(factories.UserFactory(username="reader"))
    url = f"/api/claims/{claim.pk}/"
    etag = api.get(url)["ETag"]

    def rolled_back():
        Claim.objects.filter(pk=claim.pk).update(location="Izmail")
        raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError), transaction.atomic():
        rolled_back()

    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_as_a_replica_changes_the_etag_too(editorial_groups):
    """A load with triggers off (session_replication_role = replica, as the bench fills the
    desk) still counts: the counting triggers fire always."""
    claim = factories.ClaimFactory()
    api = client_for(factories.UserFactory(username="reader"))
    url = "/api/claims/"
    etag = api.get(url)["ETag"]

    def as_replica():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("UPDATE claims_claim SET location = 'Izmail' WHERE id = %s", [claim.pk])

    commit_elsewhere(as_replica)

    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_writer_never_waits_for_another_s_open_transaction_to_count(editorial_groups):
    """The open transaction holds this connection's own counter row: the write counts on
    another, at once (a wait would hit the lock timeout)."""
    party = factories.PartyFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid() %% %s", [SLOTS])
        own_slot = cursor.fetchone()[0]
    holding, done = threading.Event(), threading.Event()

    def hold_the_slot():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM claims_change WHERE slot = %s FOR UPDATE", [own_slot])
                holding.set()
                done.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_slot)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        counted = change_count()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
            Party.objects.filter(pk=party.pk).update(name="Ukraine")
        assert change_count() == counted + 1
    finally:
        done.set()
        holder.join(timeout=30)


# What else the ETag depends on -----------------------------------------------------------------


@pytest.mark.django_db
def test_readers_addresses_and_formats_get_different_etags(api, desk, verifier, settings):
    settings.PUBLIC_READ = True
    url = address(desk, "claims")
    tags = {
        "editor": api.get(url)["ETag"],
        "verifier": client_for(verifier).get(url)["ETag"],
        "anonymous": APIClient().get(url)["ETag"],
        "another page size": api.get(url + "?page_size=1")["ETag"],
        "another filter": api.get(url + "?status=disputed")["ETag"],
        "format=json": api.get(url + "?format=json")["ETag"],
    }

    assert len(set(tags.values())) == len(tags)
    # The editor's tag is no 304 for someone else, who may be shown other fields.
    assert client_for(verifier).get(url, HTTP_IF_NONE_MATCH=tags["editor"]).status_code == 200
    assert APIClient().get(url, HTTP_IF_NONE_MATCH=tags["editor"]).status_code == 200


@pytest.mark.django_db
def test_a_new_release_of_the_code_changes_every_tag(api, desk, monkeypatch):
    # A deploy can change how an answer is written without changing a row.
    url = address(desk, "claims")
    etag = api.get(url)["ETag"]
    monkeypatch.setattr(caching, "RELEASE", "another release")

    response = api.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_the_browsable_api_carries_no_etag(api, desk):
    response = api.get(address(desk, "claims"), HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert "ETag" not in response


@pytest.mark.django_db
def test_session_reads_are_validated_too(editor, desk, django_assert_num_queries):
    client = APIClient()
    client.force_login(editor)
    url = address(desk, "claim")
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(3):  # the session, its user, the change count
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


# Cache-Control ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", READS)
def test_anonymous_reads_may_be_cached_publicly_for_a_short_while(desk, settings, name):
    settings.PUBLIC_READ = True
    if name == "history":  # for signed-in users only, PUBLIC_READ or not
        assert APIClient().get(address(desk, name))["Cache-Control"] == "no-store"
        return
    reader = APIClient()

    read = reader.get(address(desk, name))
    again = reader.get(address(desk, name), HTTP_IF_NONE_MATCH=read["ETag"])

    assert read["Cache-Control"] == again["Cache-Control"] == "public, max-age=10"
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_public_max_age_is_a_setting(desk, settings):
    settings.PUBLIC_READ, settings.API_PUBLIC_MAX_AGE = True, 60

    assert APIClient().get("/api/claims/")["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "client, url, code",
    [
        ("anonymous", "/api/claims/", 401),
        ("editor", "/api/claims/?status=bogus", 400),
        ("editor", "/api/claims/999999/", 404),
        ("editor", "/api/claims/999999/reviews/", 404),
    ],
)
def test_errors_are_never_stored(api, client, url, code):
    response = (api if client == "editor" else APIClient()).get(url)

    assert response.status_code == code
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response


@pytest.mark.django_db
def test_writes_keep_the_claim_s_etag_of_id_and_version(api, desk):
    read = api.get(address(desk, "claim"))

    response = api.patch(address(desk, "claim"), {"location": "Izmail"}, HTTP_IF_MATCH=read["ETag"])

    assert response.status_code == 200
    assert response["ETag"] == f'"{desk.pk}-{desk.version + 1}"'


def vary(response) -> set[str]:
    return {name.strip() for name in response.get("Vary", "").split(",")}
