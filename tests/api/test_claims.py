"""Claims over the API: reading them with their source and document, writing them with their
quantities, and the rules about side, status and who changed what."""

import pytest
from django.db.models import F

from claims.api.views import ClaimViewSet
from claims.models import Claim, ClaimHistory, Quantity
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
    UserFactory,
)
from tests.helpers import client_for


@pytest.fixture
def air_force(ukraine):
    return SourceFactory(name="Ukrainian Air Force", party=ukraine)


def new_claim(source, **fields):
    return {"text": "Air defenses downed 25 of 30 drones.", "source": source.pk, **fields}


def test_claim_embeds_its_source_and_document(api, air_force):
    document = DocumentFactory(title="Overnight attack", url="https://news.example.org/a/1")
    claim = ClaimFactory(source=air_force, document=document, quote="25 of 30 downed")

    body = api.get(f"/api/claims/{claim.pk}/").json()

    assert body["source"] == {
        "id": air_force.pk,
        "name": "Ukrainian Air Force",
        "kind": "military",
        "party": "ukraine",
    }
    assert body["document"] == {
        "id": document.pk,
        "url": "https://news.example.org/a/1",
        "title": "Overnight attack",
        "outlet": {
            "id": document.outlet.pk,
            "name": document.outlet.name,
            "kind": "media",
            "party": None,
        },
    }
    assert body["side"] == "ukraine"
    assert body["quote"] == "25 of 30 downed"


def test_claim_carries_every_field_of_the_spec(api, air_force):
    claim = ClaimFactory(source=air_force)

    body = api.get(f"/api/claims/{claim.pk}/").json()

    spec_fields = {
        "id",
        "text",
        "source",
        "side",
        "status",
        "topic",
        "occurred_on",
        "claimed_at",
        "location",
        "latitude",
        "longitude",
        "event",
        "document",
        "quote",
        "quantities",
        "created_at",
        "updated_at",
    }
    assert spec_fields <= set(body)


def test_create_claim_with_quantities(api, editor, air_force):
    event = EventFactory()
    document = DocumentFactory()
    payload = new_claim(
        air_force,
        topic="air_defense",
        occurred_on="2024-11-14",
        claimed_at="2024-11-14T10:00:00Z",
        location="Odesa",
        latitude="46.482526",
        longitude=30.7233095,
        event=event.pk,
        document=document.pk,
        quote="downed 25 of nearly 30",
        quantities=[
            {
                "value": 25,
                "of_total": 30,
                "qualifier": "exact",
                "item": "drone",
                "outcome": "downed",
            },
            {"value": 30, "qualifier": "approximately", "item": "drone", "outcome": "launched"},
        ],
    )
    payload["longitude"] = "30.723309"

    response = api.post("/api/claims/", payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    claim = Claim.objects.get(pk=body["id"])
    assert claim.created_by == editor
    assert claim.updated_by == editor
    assert claim.event == event
    assert claim.document == document
    assert [q.summary for q in claim.quantities.all()] == [
        "25 of 30 drones downed",
        "about 30 drones launched",
    ]
    assert [q["summary"] for q in body["quantities"]] == [
        "25 of 30 drones downed",
        "about 30 drones launched",
    ]
    assert body["quantities"][0]["value"] == 25
    assert body["created_by"] == "editor"
    assert body["status"] == "unverified"


def test_side_defaults_to_the_sources_party_when_omitted(api, air_force):
    response = api.post("/api/claims/", new_claim(air_force), format="json")

    assert response.json()["side"] == "ukraine"


def test_side_defaults_to_the_sources_party_when_null(api, air_force):
    response = api.post("/api/claims/", new_claim(air_force, side=None), format="json")

    assert response.json()["side"] == "ukraine"


def test_side_can_be_another_party_by_slug(api, air_force):
    PartyFactory(name="Russia", slug="russia")

    response = api.post("/api/claims/", new_claim(air_force, side="russia"), format="json")

    assert response.status_code == 201
    assert response.json()["side"] == "russia"


def test_independent_source_gives_no_side(api):
    outlet = SourceFactory(name="RFE/RL", kind="media", party=None)

    response = api.post("/api/claims/", new_claim(outlet), format="json")

    assert response.json()["side"] is None


def test_source_may_be_sent_back_as_read(api, air_force):
    claim = ClaimFactory(source=air_force)
    body = api.get(f"/api/claims/{claim.pk}/").json()
    body["text"] = "Corrected text."

    response = api.put(f"/api/claims/{claim.pk}/", body, format="json")

    assert response.status_code == 200, response.json()
    claim.refresh_from_db()
    assert claim.text == "Corrected text."
    assert claim.source == air_force


def test_put_replaces_quantities_as_a_whole(api, air_force):
    claim = ClaimFactory(source=air_force)
    QuantityFactory(claim=claim, value=25, item="drone", outcome="downed")
    QuantityFactory(claim=claim, value=1, item="person", outcome="killed")

    response = api.put(
        f"/api/claims/{claim.pk}/",
        new_claim(air_force, quantities=[{"value": 10, "item": "person", "outcome": "wounded"}]),
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert [q.summary for q in claim.quantities.all()] == ["10 people wounded"]
    assert [q["summary"] for q in response.json()["quantities"]] == ["10 people wounded"]


def test_patch_without_quantities_leaves_them(api, air_force):
    claim = ClaimFactory(source=air_force)
    QuantityFactory(claim=claim)

    response = api.patch(f"/api/claims/{claim.pk}/", {"location": "Odesa"}, format="json")

    assert response.status_code == 200
    assert claim.quantities.count() == 1
    assert len(response.json()["quantities"]) == 1


def test_patch_with_empty_quantities_removes_them(api, air_force):
    claim = ClaimFactory(source=air_force)
    QuantityFactory(claim=claim)

    response = api.patch(f"/api/claims/{claim.pk}/", {"quantities": []}, format="json")

    assert response.status_code == 200
    assert not claim.quantities.exists()


def test_patch_records_who_changed_the_claim(api, air_force):
    author = UserFactory(username="author")
    claim = ClaimFactory(source=air_force, created_by=author, updated_by=author)

    body = api.patch(f"/api/claims/{claim.pk}/", {"location": "Kyiv"}, format="json").json()

    assert body["created_by"] == "author"
    assert body["updated_by"] == "editor"


def test_patch_side_null_takes_the_sources_party_again(api, air_force):
    claim = ClaimFactory(source=air_force, side=PartyFactory(name="Russia", slug="russia"))

    body = api.patch(f"/api/claims/{claim.pk}/", {"side": None}, format="json").json()

    assert body["side"] == "ukraine"


def test_put_without_quantities_is_refused_and_changes_nothing(api, air_force):
    claim = ClaimFactory(source=air_force, text="Original.")
    QuantityFactory(claim=claim)
    body = new_claim(air_force, text="Changed.")  # everything but the quantities

    response = api.put(f"/api/claims/{claim.pk}/", body, format="json")

    assert response.status_code == 400
    assert "quantities" in response.json()
    claim.refresh_from_db()
    assert (claim.text, claim.quantities.count()) == ("Original.", 1)


def test_failed_quantity_leaves_the_claim_unchanged(api, air_force):
    claim = ClaimFactory(source=air_force, text="Original.")
    QuantityFactory(claim=claim)

    response = api.put(
        f"/api/claims/{claim.pk}/",
        new_claim(
            air_force,
            text="Changed.",
            quantities=[{"value": 5, "item": "drone"}, {"value": 5, "upper": 2}],
        ),
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "quantities": {"1": {"upper": ["The upper bound cannot be below the value."]}}
    }
    claim.refresh_from_db()
    assert claim.text == "Original."
    assert claim.quantities.count() == 1


def test_write_is_one_transaction(api, air_force, monkeypatch):
    """If writing the quantities fails in the database, the claim's change is undone too."""
    claim = ClaimFactory(source=air_force, text="Original.")
    QuantityFactory(claim=claim)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Quantity.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        api.put(
            f"/api/claims/{claim.pk}/",
            new_claim(air_force, text="Changed.", quantities=[{"value": 1}]),
            format="json",
        )

    claim.refresh_from_db()
    assert claim.text == "Original."
    assert claim.quantities.count() == 1


@pytest.mark.parametrize("method", ["put", "patch"])
def test_editor_cannot_change_status_by_editing(api, air_force, method):
    claim = ClaimFactory(source=air_force)

    response = getattr(api, method)(
        f"/api/claims/{claim.pk}/", new_claim(air_force, status="confirmed"), format="json"
    )

    assert response.status_code == 400
    assert "through a review" in response.json()["status"][0]
    claim.refresh_from_db()
    assert claim.status == "unverified"


def test_status_errors_come_with_the_other_field_errors(api, air_force):
    claim = ClaimFactory(source=air_force)

    response = api.patch(
        f"/api/claims/{claim.pk}/", {"status": "refuted", "topic": "bogus"}, format="json"
    )

    assert set(response.json()) == {"status", "topic"}


def test_sending_the_current_status_is_accepted(api, air_force):
    claim = ClaimFactory(source=air_force, status="disputed")

    response = api.patch(
        f"/api/claims/{claim.pk}/", {"status": "disputed", "location": "Kyiv"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "disputed"


def test_new_claim_cannot_start_verified(api, air_force):
    response = api.post("/api/claims/", new_claim(air_force, status="confirmed"), format="json")

    assert response.status_code == 400
    assert not Claim.objects.exists()


def test_delete_claim_removes_its_quantities(air_force):
    admin = UserFactory(username="chief", is_superuser=True, is_staff=True)
    claim = ClaimFactory(source=air_force)
    QuantityFactory(claim=claim)

    response = client_for(admin).delete(f"/api/claims/{claim.pk}/")

    assert response.status_code == 204
    assert not Claim.objects.exists()
    assert not Quantity.objects.exists()


def test_editor_cannot_delete_claims(api, air_force):
    claim = ClaimFactory(source=air_force)

    response = api.delete(f"/api/claims/{claim.pk}/")

    assert response.status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_unknown_claim_is_a_json_404(api):
    response = api.get("/api/claims/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Claim matches the given query."}


@pytest.mark.parametrize("path", ["/api/claims/abc/", "/api/nothing-here/", "/api/claims/1/x/"])
def test_unknown_addresses_are_json_404s(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert "detail" in response.json()


def test_missing_trailing_slash_gets_a_hint(api):
    response = api.post("/api/claims", {}, format="json")

    assert response.status_code == 404
    assert "/api/claims/" in response.json()["detail"]


def test_unsupported_method_is_405(api):
    response = api.post("/api/claims/1/", {}, format="json")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


def test_api_changes_are_in_the_history_with_the_token_user(api, editor, air_force):
    claim = ClaimFactory(source=air_force, location="Odesa")

    api.patch(f"/api/claims/{claim.pk}/", {"location": "Izmail"})

    update = ClaimHistory.objects.get(pgh_obj_id=claim.pk, pgh_label="update")
    assert update.location == "Izmail"
    assert update.pgh_context.metadata["user"] == editor.pk


def test_change_saved_meanwhile_is_a_409_not_an_overwrite(api, air_force, monkeypatch):
    claim = ClaimFactory(source=air_force, location="Odesa")
    QuantityFactory(claim=claim)
    read = ClaimViewSet.get_object

    def read_then_someone_else_saves(view):
        copy = read(view)
        Claim.objects.filter(pk=copy.pk).update(location="Izmail", version=F("version") + 1)
        return copy

    monkeypatch.setattr(ClaimViewSet, "get_object", read_then_someone_else_saves)

    response = api.patch(f"/api/claims/{claim.pk}/", {"location": "Kyiv", "quantities": []})

    assert response.status_code == 409
    assert "read it again" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.location == "Izmail"
    assert claim.quantities.count() == 1
