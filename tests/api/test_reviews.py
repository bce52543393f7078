"""Reviews over the API: the one way a claim's status changes, by a verifier, with a rationale,
along the transitions claims.verification allows."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import Claim, Review
from tests.factories import ClaimFactory, UserFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def reviews_of(claim) -> str:
    return f"/api/claims/{claim.pk}/reviews/"


GEOLOCATED = {
    "status": "confirmed",
    "rationale": "Geolocated footage of the impact.",
    "evidence_urls": ["https://t.me/astrapress/1", "https://example.org/geolocation"],
}


def test_verifier_reviews_a_claim(verifier):
    claim = ClaimFactory()

    response = client_for(verifier).post(reviews_of(claim), GEOLOCATED)

    assert response.status_code == 201, response.json()
    body = response.json()
    review = Review.objects.get()
    assert body == {
        "id": review.pk,
        "claim": claim.pk,
        "old_status": "unverified",
        "new_status": "confirmed",
        "rationale": "Geolocated footage of the impact.",
        "evidence_urls": ["https://t.me/astrapress/1", "https://example.org/geolocation"],
        "reviewer": "verifier",
        "created_at": body["created_at"],
    }
    claim.refresh_from_db()
    assert (claim.status, claim.updated_by, claim.version) == ("confirmed", verifier, 2)


def test_evidence_is_optional(verifier):
    claim = ClaimFactory()

    response = client_for(verifier).post(
        reviews_of(claim), {"status": "disputed", "rationale": "Astra says 12, not 25."}
    )

    assert response.status_code == 201
    assert response.json()["evidence_urls"] == []


@pytest.mark.parametrize("user_fixture", ["viewer", "editor"])
def test_only_verifiers_can_review(request, user_fixture):
    claim = ClaimFactory()

    response = client_for(request.getfixturevalue(user_fixture)).post(reviews_of(claim), GEOLOCATED)

    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == "unverified"
    assert not Review.objects.exists()


def test_anonymous_cannot_review_even_with_public_read(db):
    claim = ClaimFactory()

    with override_settings(PUBLIC_READ=True):
        response = APIClient().post(reviews_of(claim), GEOLOCATED, format="json")

    assert response.status_code == 401
    assert not Review.objects.exists()


@pytest.mark.parametrize("rationale", [None, "", "   "], ids=["missing", "empty", "blank"])
def test_review_without_rationale_is_refused(verifier, rationale):
    claim = ClaimFactory()
    body = {"status": "confirmed"}
    if rationale is not None:
        body["rationale"] = rationale

    response = client_for(verifier).post(reviews_of(claim), body)

    assert response.status_code == 400
    assert set(response.json()) == {"rationale"}
    assert Claim.objects.get(pk=claim.pk).status == "unverified"
    assert not Review.objects.exists()


def test_disallowed_transition_names_the_allowed_ones(verifier):
    claim = ClaimFactory(status="retracted")

    response = client_for(verifier).post(
        reviews_of(claim), {"status": "confirmed", "rationale": "Footage."}
    )

    assert response.status_code == 400
    assert response.json() == {
        "status": ["A retracted claim cannot become confirmed; it can become: unverified."]
    }
    assert Claim.objects.get(pk=claim.pk).status == "retracted"


def test_review_to_the_same_status_is_refused(verifier):
    claim = ClaimFactory(status="confirmed")

    response = client_for(verifier).post(
        reviews_of(claim), {"status": "confirmed", "rationale": "Still true."}
    )

    assert response.status_code == 400
    assert response.json() == {
        "status": ["The claim is already confirmed; it can become: disputed, refuted, retracted."]
    }


def review(**changes):
    return {"status": "confirmed", "rationale": "Footage.", **changes}


@pytest.mark.parametrize(
    "body, field",
    [
        (review(status="verified"), "status"),
        ({"rationale": "Footage."}, "status"),
        (review(evidence_urls=["not a url"]), "evidence_urls"),
        (review(evidence_urls="https://a.org"), "evidence_urls"),
        (review(evidence_urls=["https://a.org/\x00"]), "evidence_urls"),
        (review(evidence_urls=["https://a.org"] * 51), "evidence_urls"),
        (review(rationale="x\x00"), "rationale"),
        (review(rationale=["x"]), "rationale"),
    ],
    ids=[
        "unknown status",
        "no status",
        "bad url",
        "not a list",
        "NUL url",
        "too many urls",
        "NUL rationale",
        "list rationale",
    ],
)
def test_bad_reviews_are_400s_naming_the_field(verifier, body, field):
    claim = ClaimFactory()

    response = client_for(verifier).post(reviews_of(claim), body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert not Review.objects.exists()


def test_evidence_url_with_an_unpaired_surrogate_is_a_400(verifier):
    claim = ClaimFactory()

    response = client_for(verifier).post(
        reviews_of(claim),
        b'{"status": "confirmed", "rationale": "x", "evidence_urls": ["https://\\ud800.org/"]}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"evidence_urls"}


def test_review_of_an_unknown_claim_is_404(verifier):
    response = client_for(verifier).post("/api/claims/999999/reviews/", GEOLOCATED)

    assert response.status_code == 404


def test_reviews_are_listed_newest_first_with_reviewer_and_time(verifier, viewer):
    claim = ClaimFactory()
    api = client_for(verifier)
    api.post(reviews_of(claim), {"status": "disputed", "rationale": "Astra says 12."})
    api.post(reviews_of(claim), {"status": "confirmed", "rationale": "Footage geolocated."})

    response = client_for(viewer).get(reviews_of(claim))

    assert response.status_code == 200
    listed = response.json()["results"]
    assert [(r["old_status"], r["new_status"]) for r in listed] == [
        ("disputed", "confirmed"),
        ("unverified", "disputed"),
    ]
    assert {r["reviewer"] for r in listed} == {"verifier"}
    assert all(r["created_at"] for r in listed)
    assert response.json()["count"] == 2


def test_reviews_of_another_claim_are_not_listed(verifier, viewer):
    claim, other = ClaimFactory(), ClaimFactory()
    client_for(verifier).post(reviews_of(other), GEOLOCATED)

    assert client_for(viewer).get(reviews_of(claim)).json()["results"] == []


def test_reviews_of_an_unknown_claim_are_404(viewer):
    assert client_for(viewer).get("/api/claims/999999/reviews/").status_code == 404


def test_public_readers_see_reviews_without_the_reviewer(verifier):
    claim = ClaimFactory()
    client_for(verifier).post(reviews_of(claim), GEOLOCATED)

    with override_settings(PUBLIC_READ=True):
        listed = APIClient().get(reviews_of(claim)).json()["results"]

    assert listed[0]["new_status"] == "confirmed"
    assert "reviewer" not in listed[0]


def test_reviews_need_credentials_without_public_read(db):
    claim = ClaimFactory()

    assert APIClient().get(reviews_of(claim)).status_code == 401


def test_status_change_by_patch_points_to_the_reviews(editor):
    claim = ClaimFactory()

    response = client_for(editor).patch(f"/api/claims/{claim.pk}/", {"status": "confirmed"})

    assert response.status_code == 400
    assert f"/api/claims/{claim.pk}/reviews/" in response.json()["status"][0]


def test_superuser_can_review(db):
    chief = UserFactory(username="chief", is_superuser=True, is_staff=True)
    claim = ClaimFactory()

    response = client_for(chief).post(reviews_of(claim), GEOLOCATED)

    assert response.status_code == 201


def test_review_on_the_version_read_is_recorded(verifier):
    claim = ClaimFactory()
    api = client_for(verifier)
    etag = api.get(f"/api/claims/{claim.pk}/")["ETag"]

    response = api.post(reviews_of(claim), GEOLOCATED, HTTP_IF_MATCH=etag)

    assert response.status_code == 201, response.json()
    assert Claim.objects.get(pk=claim.pk).status == "confirmed"


def test_review_of_a_claim_changed_since_it_was_read_is_412_and_records_nothing(verifier, editor):
    claim = ClaimFactory(text="25 of 30 drones downed.")
    verifying = client_for(verifier)
    etag = verifying.get(f"/api/claims/{claim.pk}/")["ETag"]
    edited = client_for(editor).patch(
        f"/api/claims/{claim.pk}/", {"text": "21 of 30 drones downed."}
    )
    assert edited.status_code == 200

    response = verifying.post(reviews_of(claim), GEOLOCATED, HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert not Review.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == "unverified"
