"""Claim links over the API: stored once, listed from both ends, never a self-link or a duplicate,
and an event's contradictions."""

import pytest
from django.db import IntegrityError
from rest_framework.test import APIClient

from claims.api.serializers import ClaimLinkSerializer
from claims.models import ClaimLink
from tests.factories import ClaimFactory, ClaimLinkFactory, EventFactory, UserFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


OTHER = object()  # stands for another claim's id in a table of bodies


def links_of(claim) -> str:
    return f"/api/claims/{claim.pk}/links/"


def test_editor_links_two_claims(api, editor):
    kyiv = ClaimFactory(text="25 of 30 drones downed.")
    astra = ClaimFactory(text="Only 12 drones downed.")

    response = api.post(
        links_of(kyiv), {"relation": "contradicts", "claim": astra.pk, "note": "Astra's count"}
    )

    assert response.status_code == 201, response.json()
    link = ClaimLink.objects.get()
    assert (link.from_claim, link.to_claim, link.relation, link.note, link.created_by) == (
        kyiv,
        astra,
        "contradicts",
        "Astra's count",
        editor,
    )
    body = response.json()
    assert body == {
        "id": link.pk,
        "relation": "contradicts",
        "direction": "outgoing",
        "from_claim": kyiv.pk,
        "to_claim": astra.pk,
        "claim": {"id": astra.pk, "text": "Only 12 drones downed.", "source": astra.source.name},
        "note": "Astra's count",
        "created_at": body["created_at"],
    }


def test_links_are_listed_once_from_both_ends(api):
    kyiv, astra, moscow = ClaimFactory(), ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=kyiv, to_claim=astra, relation="contradicts")
    ClaimLinkFactory(from_claim=moscow, to_claim=kyiv, relation="corroborates")
    ClaimLinkFactory(from_claim=astra, to_claim=moscow, relation="updates")  # not kyiv's

    listed = api.get(links_of(kyiv)).json()
    from_astra = api.get(links_of(astra)).json()["results"]

    assert listed["count"] == 2
    assert [
        (link["relation"], link["direction"], link["claim"]["id"]) for link in listed["results"]
    ] == [("corroborates", "incoming", moscow.pk), ("contradicts", "outgoing", astra.pk)]
    assert [(link["direction"], link["claim"]["id"]) for link in from_astra] == [
        ("outgoing", moscow.pk),
        ("incoming", kyiv.pk),
    ]


def test_self_link_is_a_400(api):
    claim = ClaimFactory()

    response = api.post(links_of(claim), {"relation": "duplicates", "claim": claim.pk})

    assert response.status_code == 400
    assert response.json() == {"claim": ["A claim cannot be linked to itself."]}
    assert not ClaimLink.objects.exists()


@pytest.mark.parametrize("from_other_end", [False, True])
def test_duplicate_link_is_a_400(api, from_other_end):
    first, second = ClaimFactory(), ClaimFactory()
    link = ClaimLinkFactory(from_claim=first, to_claim=second, relation="contradicts")
    here, there = (second, first) if from_other_end else (first, second)

    response = api.post(links_of(here), {"relation": "contradicts", "claim": there.pk})

    assert response.status_code == 400
    assert response.json() == {
        "claim": [
            f"These two claims are already linked this way: link {link.pk}, claim {first.pk} "
            f"contradicts claim {second.pk}."
        ]
    }
    assert ClaimLink.objects.count() == 1


def test_another_relation_between_the_same_claims_is_allowed(api):
    first, second = ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=first, to_claim=second, relation="corroborates")

    response = api.post(links_of(first), {"relation": "updates", "claim": second.pk})

    assert response.status_code == 201


def test_duplicate_posted_at_the_same_time_is_a_400_not_a_500(api, monkeypatch):
    """Two identical posts at once both pass validation; the database constraint stops one."""
    first, second = ClaimFactory(), ClaimFactory()
    validate = ClaimLinkSerializer.validate

    def validate_then_someone_else_links(serializer, attrs):
        attrs = validate(serializer, attrs)
        ClaimLinkFactory(from_claim=second, to_claim=first, relation="contradicts")
        return attrs

    monkeypatch.setattr(ClaimLinkSerializer, "validate", validate_then_someone_else_links)

    response = api.post(links_of(first), {"relation": "contradicts", "claim": second.pk})

    assert response.status_code == 400
    assert response.json() == {"claim": ["These two claims are already linked this way."]}
    assert ClaimLink.objects.count() == 1


def test_other_database_errors_are_not_taken_for_duplicates(api, monkeypatch):
    first, second = ClaimFactory(), ClaimFactory()

    def fail(*args, **kwargs):
        raise IntegrityError("something else")

    monkeypatch.setattr(ClaimLink, "save", fail)

    response = api.post(links_of(first), {"relation": "contradicts", "claim": second.pk})

    assert response.status_code == 400
    assert response.json() == {"detail": "The database refused these values."}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"claim": OTHER}, "relation"),
        ({"relation": "refutes", "claim": OTHER}, "relation"),
        ({"relation": "contradicts"}, "claim"),
        ({"relation": "contradicts", "claim": 999999}, "claim"),
        ({"relation": "contradicts", "claim": "abc"}, "claim"),
        ({"relation": "contradicts", "claim": 2**70}, "claim"),
        ({"relation": "contradicts", "claim": OTHER, "note": "a\x00b"}, "note"),
    ],
)
def test_bad_links_are_400s_naming_the_field(api, body, field):
    claim, other = ClaimFactory(), ClaimFactory()
    body = {name: other.pk if value is OTHER else value for name, value in body.items()}

    response = api.post(links_of(claim), body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {field}


def test_link_from_an_unknown_claim_is_404(api):
    other = ClaimFactory()

    response = api.post(
        "/api/claims/999999/links/", {"relation": "corroborates", "claim": other.pk}
    )

    assert response.status_code == 404


def test_links_of_an_unknown_claim_are_404(api):
    assert api.get("/api/claims/999999/links/").status_code == 404
    assert api.get(f"/api/claims/{2**70}/links/").status_code == 404


def test_viewer_cannot_link(viewer):
    first, second = ClaimFactory(), ClaimFactory()

    response = client_for(viewer).post(
        links_of(first), {"relation": "corroborates", "claim": second.pk}
    )

    assert response.status_code == 403
    assert not ClaimLink.objects.exists()


def test_links_need_credentials(db):
    claim = ClaimFactory()

    assert APIClient().get(links_of(claim)).status_code == 401


@pytest.mark.parametrize("from_end", ["from_claim", "to_claim"])
def test_editor_removes_a_link_from_either_end(api, from_end):
    link = ClaimLinkFactory()

    response = api.delete(f"/api/claims/{getattr(link, from_end).pk}/links/{link.pk}/")

    assert response.status_code == 204
    assert not ClaimLink.objects.exists()


def test_link_of_another_claim_is_404_to_delete(api):
    link = ClaimLinkFactory()
    stranger = ClaimFactory()

    response = api.delete(f"/api/claims/{stranger.pk}/links/{link.pk}/")

    assert response.status_code == 404
    assert ClaimLink.objects.exists()


def test_viewer_cannot_remove_a_link(viewer):
    link = ClaimLinkFactory()

    response = client_for(viewer).delete(f"/api/claims/{link.from_claim.pk}/links/{link.pk}/")

    assert response.status_code == 403
    assert ClaimLink.objects.exists()


def test_event_detail_lists_the_contradictions_among_its_claims(api):
    event = EventFactory()
    kyiv = ClaimFactory(event=event, text="25 of 30 drones downed.")
    astra = ClaimFactory(event=event, text="Only 12 drones downed.")
    moscow = ClaimFactory(event=event)
    elsewhere = ClaimFactory(event=EventFactory())
    link = ClaimLinkFactory(from_claim=kyiv, to_claim=astra, relation="contradicts", note="count")
    ClaimLinkFactory(from_claim=kyiv, to_claim=moscow, relation="corroborates")
    ClaimLinkFactory(from_claim=moscow, to_claim=elsewhere, relation="contradicts")

    detail = api.get(f"/api/events/{event.pk}/").json()

    expected = [
        {
            "id": link.pk,
            "from_claim": {"id": kyiv.pk, "text": kyiv.text, "source": kyiv.source.name},
            "to_claim": {"id": astra.pk, "text": astra.text, "source": astra.source.name},
            "note": "count",
        }
    ]
    assert detail["contradictions"] == expected


def test_changed_event_still_lists_its_contradictions(api):
    event = EventFactory()
    link = ClaimLinkFactory(
        from_claim=ClaimFactory(event=event),
        to_claim=ClaimFactory(event=event),
        relation="contradicts",
    )

    response = api.patch(f"/api/events/{event.pk}/", {"location": "Odesa"})

    assert [c["id"] for c in response.json()["contradictions"]] == [link.pk]


def test_new_event_has_no_contradictions(api):
    response = api.post("/api/events/", {"title": "Strike on Kharkiv"})

    assert response.json()["contradictions"] == []


def test_superuser_can_link_and_unlink(db):
    chief = client_for(UserFactory(username="chief", is_superuser=True, is_staff=True))
    first, second = ClaimFactory(), ClaimFactory()

    created = chief.post(links_of(first), {"relation": "duplicates", "claim": second.pk})
    removed = chief.delete(f"/api/claims/{second.pk}/links/{created.json()['id']}/")

    assert (created.status_code, removed.status_code) == (201, 204)
