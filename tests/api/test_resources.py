"""Sources (with track records), parties (by slug), documents and events (with what each side
says happened) over the API."""

import pytest

from claims.models import Document, Party, Source
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
    UserFactory,
)
from tests.helpers import token_client


# These two override tests/api/conftest.py's: their tokens are made by Token.objects.create.
@pytest.fixture
def api(editor):
    return token_client(editor)


@pytest.fixture
def chief(db):
    return token_client(UserFactory(username="chief", is_staff=True, is_superuser=True))


def results(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


# Sources ------------------------------------------------------------------------------------------


def test_source_track_record_counts_every_status(api):
    source = SourceFactory(name="Governor")
    for status in ["confirmed", "confirmed", "refuted", "unverified"]:
        ClaimFactory(source=source, status=status)
    ClaimFactory(status="confirmed")  # another source's

    listed = results(api, "/api/sources/?q=governor")[0]
    detail = api.get(f"/api/sources/{source.pk}/").json()

    expected = {
        "unverified": 1,
        "corroborated": 0,
        "confirmed": 2,
        "disputed": 0,
        "refuted": 1,
        "retracted": 0,
    }
    assert listed["claim_counts"] == expected
    assert detail["claim_counts"] == expected


def test_source_track_record_has_totals_and_shares(api):
    source = SourceFactory(name="Governor")
    for status in ["confirmed", "confirmed", "refuted", "unverified"]:
        ClaimFactory(source=source, status=status)

    listed = results(api, "/api/sources/?q=governor")[0]
    detail = api.get(f"/api/sources/{source.pk}/").json()

    for body in (listed, detail):
        assert (body["claims_total"], body["confirmed_share"], body["refuted_share"]) == (
            4,
            0.5,
            0.25,
        )


def test_source_without_claims_has_no_shares(api):
    SourceFactory(name="Silent")

    listed = results(api, "/api/sources/")[0]

    assert (listed["claims_total"], listed["confirmed_share"], listed["refuted_share"]) == (
        0,
        None,
        None,
    )


def test_changed_source_answers_with_its_track_record(api):
    source = SourceFactory(name="Governor")
    ClaimFactory(source=source, status="refuted")

    body = api.patch(f"/api/sources/{source.pk}/", {"notes": "Often wrong."}).json()

    assert (body["claims_total"], body["confirmed_share"], body["refuted_share"]) == (1, 0.0, 1.0)


def test_source_without_claims_counts_zeros(api):
    SourceFactory(name="Silent")

    counts = results(api, "/api/sources/")[0]["claim_counts"]

    assert set(counts.values()) == {0}
    assert len(counts) == 6


def test_new_source_answers_with_its_counts(api):
    response = api.post("/api/sources/", {"name": "Ukrainian Navy", "party": None}, format="json")

    assert response.status_code == 201
    assert response.json()["claim_counts"]["unverified"] == 0
    assert (response.json()["claims_total"], response.json()["confirmed_share"]) == (0, None)


def test_source_party_by_slug(api):
    PartyFactory(name="Ukraine", slug="ukraine")

    response = api.post(
        "/api/sources/",
        {"name": "Ukrainian Navy", "kind": "military", "party": "ukraine", "reliability": "C"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["party"] == "ukraine"
    assert Source.objects.get().party.slug == "ukraine"


def test_source_names_are_unique_whatever_the_case(api):
    SourceFactory(name="RFE/RL")

    response = api.post("/api/sources/", {"name": "rfe/rl"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"name": ["A source with this name already exists."]}


def test_source_may_keep_its_own_name(api):
    source = SourceFactory(name="RFE/RL")

    response = api.put(f"/api/sources/{source.pk}/", {"name": "RFE/RL", "kind": "media"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query, expected",
    [
        ("party=ukraine", {"Air Force", "Navy"}),
        ("party=russia", {"Defense Ministry"}),
        ("independent=true", {"RFE/RL"}),
        ("kind=media", {"RFE/RL"}),
        ("kind=military,government", {"Air Force", "Navy", "Defense Ministry"}),
        ("reliability=B", {"RFE/RL", "Navy"}),
        ("q=force", {"Air Force"}),
    ],
)
def test_source_filters(api, query, expected):
    ukraine = PartyFactory(name="Ukraine", slug="ukraine")
    russia = PartyFactory(name="Russia", slug="russia")
    SourceFactory(name="Air Force", party=ukraine, kind="military")
    SourceFactory(name="Navy", party=ukraine, kind="military", reliability="B")
    SourceFactory(name="Defense Ministry", party=russia, kind="government")
    SourceFactory(name="RFE/RL", party=None, kind="media", reliability="B")

    assert {source["name"] for source in results(api, f"/api/sources/?{query}")} == expected


def test_sources_are_listed_by_name(api):
    for name in ["Zeta", "Alpha", "Mu"]:
        SourceFactory(name=name)

    assert [source["name"] for source in results(api, "/api/sources/")] == ["Alpha", "Mu", "Zeta"]


def test_source_with_claims_cannot_be_deleted(chief):
    claim = ClaimFactory()

    response = chief.delete(f"/api/sources/{claim.source.pk}/")

    assert response.status_code == 409
    assert "claims" in response.json()["detail"]
    assert Source.objects.filter(pk=claim.source.pk).exists()


# Parties ------------------------------------------------------------------------------------------


def test_parties_are_addressed_by_slug(api):
    PartyFactory(name="Ukraine", slug="ukraine")

    assert results(api, "/api/parties/") == [{"slug": "ukraine", "name": "Ukraine"}]
    assert api.get("/api/parties/ukraine/").json() == {"slug": "ukraine", "name": "Ukraine"}
    assert api.get("/api/parties/atlantis/").status_code == 404


def test_party_renamed_by_superuser(chief):
    PartyFactory(name="Ukraine", slug="ukraine")

    response = chief.patch("/api/parties/ukraine/", {"name": "Ukraine (government)"})

    assert response.status_code == 200
    assert Party.objects.get().name == "Ukraine (government)"


def test_party_in_use_cannot_be_deleted(chief):
    PartyFactory(name="Ukraine", slug="ukraine")
    SourceFactory(party=Party.objects.get())

    response = chief.delete("/api/parties/ukraine/")

    assert response.status_code == 409


# Documents ----------------------------------------------------------------------------------------


def test_document_url_is_stored_normalized(api):
    outlet = SourceFactory(name="RFE/RL", party=None, kind="media")

    response = api.post(
        "/api/documents/",
        {
            "url": "HTTPS://www.RFERL.org/a/story/?utm_source=x#top",
            "title": "Story",
            "outlet": outlet.pk,
            "published_at": "2024-11-15T16:00:00Z",
            "language": "en",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["url"] == "https://www.rferl.org/a/story"
    assert response.json()["outlet"]["name"] == "RFE/RL"


def test_same_document_pasted_twice_is_refused(api):
    DocumentFactory(url="https://www.rferl.org/a/story")

    response = api.post(
        "/api/documents/", {"url": "https://www.rferl.org/a/story/?fbclid=1"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"url": ["A document with this URL already exists."]}
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    "query, expected",
    [
        ("published_after=2024-11-15", {"Later"}),
        ("published_before=2024-11-14", {"Earlier"}),
        ("published_after=2024-11-14&published_before=2024-11-14", {"Earlier"}),
        ("language=UK", {"Earlier"}),
        ("q=later", {"Later"}),
        ("q=example.org/b", {"Later"}),
    ],
)
def test_document_filters(api, query, expected):
    DocumentFactory(
        title="Earlier",
        url="https://example.org/a",
        published_at="2024-11-14T23:00:00Z",
        language="uk",
    )
    DocumentFactory(
        title="Later",
        url="https://example.org/b",
        published_at="2024-11-15T08:00:00Z",
        language="en",
    )
    DocumentFactory(title="Undated", url="https://example.org/c", published_at=None)

    assert {doc["title"] for doc in results(api, f"/api/documents/?{query}")} == expected


def test_document_filter_by_outlet(api):
    document = DocumentFactory()
    DocumentFactory()

    assert [doc["id"] for doc in results(api, f"/api/documents/?outlet={document.outlet.pk}")] == [
        document.pk
    ]


def test_documents_newest_first_undated_last(api):
    undated = DocumentFactory(published_at=None)
    old = DocumentFactory(published_at="2024-01-01T00:00:00Z")
    new = DocumentFactory(published_at="2024-06-01T00:00:00Z")

    assert [doc["id"] for doc in results(api, "/api/documents/")] == [new.pk, old.pk, undated.pk]


# Events -------------------------------------------------------------------------------------------


def test_event_groups_its_claims_quantities_by_side(api):
    ukraine = PartyFactory(name="Ukraine", slug="ukraine")
    russia = PartyFactory(name="Russia", slug="russia")
    event = EventFactory(title="Overnight drone attack")
    air_force = SourceFactory(name="Ukrainian Air Force", party=ukraine)
    ministry = SourceFactory(name="Russian Defense Ministry", party=russia)
    monitor = SourceFactory(name="Monitor", party=None)
    ukrainian = ClaimFactory(event=event, source=air_force)
    QuantityFactory(claim=ukrainian, value=25, of_total=30, item="drone", outcome="downed")
    russian = ClaimFactory(event=event, source=ministry)
    QuantityFactory(claim=russian, value=24, qualifier="vague", item="drone", outcome="downed")
    independent = ClaimFactory(event=event, source=monitor)
    QuantityFactory(claim=independent, value=3, item="person", outcome="wounded")
    ClaimFactory(event=event, source=air_force)  # no numbers
    QuantityFactory(value=99)  # another event's

    by_side = api.get(f"/api/events/{event.pk}/").json()["quantities_by_side"]

    assert set(by_side) == {"ukraine", "russia", "independent"}
    assert [q["summary"] for q in by_side["ukraine"]] == ["25 of 30 drones downed"]
    assert [q["summary"] for q in by_side["russia"]] == ["dozens of drones downed"]
    assert by_side["ukraine"][0]["claim"] == ukrainian.pk
    assert by_side["ukraine"][0]["source"] == "Ukrainian Air Force"
    assert by_side["russia"][0]["value"] == 24
    assert by_side["independent"][0]["outcome"] == "wounded"


def test_event_lists_summarize_the_same_sides(api, demo):
    odesa = next(event for event in results(api, "/api/events/") if event["id"] == 1)
    detail = api.get("/api/events/1/").json()

    assert (
        list(odesa["by_side"]) == list(detail["quantities_by_side"]) == ["ukraine", "independent"]
    )
    assert "quantities_by_side" not in odesa


@pytest.mark.parametrize(
    "query, expected",
    [
        ("occurred_after=2024-11-15", {"Kupyansk assault", "Krasnodar attack"}),
        ("occurred_before=2024-11-14", {"Odesa strike"}),
        ("q=odesa", {"Odesa strike"}),
        ("q=russia", {"Krasnodar attack"}),
    ],
)
def test_event_filters(api, query, expected):
    EventFactory(title="Odesa strike", occurred_on="2024-11-14", location="Odesa, Ukraine")
    EventFactory(title="Kupyansk assault", occurred_on="2024-11-15", location="Kharkiv region")
    EventFactory(title="Krasnodar attack", occurred_on="2024-11-15", location="Russia")
    EventFactory(title="Undated", occurred_on=None)

    assert {event["title"] for event in results(api, f"/api/events/?{query}")} == expected


def test_event_create_and_patch(api):
    created = api.post("/api/events/", {"title": "Strike on Kharkiv", "occurred_on": "2024-11-16"})
    changed = api.patch(f"/api/events/{created.json()['id']}/", {"location": "Kharkiv"})

    assert created.status_code == 201
    assert changed.json()["location"] == "Kharkiv"
    assert changed.json()["quantities_by_side"] == {}
