"""The JSON exports over the API: NDJSON (the API's own claims, line by line) and ClaimReview
JSON-LD (each verdict rated), on the demo desk."""

import json

import pytest

from claims.models import Claim
from claims.verification import review_claim
from tests.api.exports.reading import (
    CLAIMS,
    body,
    listed_ids,
    ndjson_objects,
)
from tests.factories import ClaimFactory


def test_ndjson_lines_are_the_api_claims(api):
    response = api.get(CLAIMS, {"format": "ndjson"})

    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Content-Disposition"] == 'attachment; filename="claims.ndjson"'
    lines = ndjson_objects(response)
    assert [line["id"] for line in lines] == listed_ids(api, "")
    for line in lines:
        assert line == api.get(f"/api/claims/{line['id']}/").json()


def test_ndjson_lines_are_the_bytes_the_api_sends(api):
    line = body(api.get(CLAIMS, {"format": "ndjson", "source": 2})).splitlines()[0]

    claim_id = json.loads(line)["id"]
    assert line == api.get(f"/api/claims/{claim_id}/").content


# ClaimReview.


@pytest.fixture
def desk_settings(settings):
    settings.CLAIMREVIEW_URL = "https://desk.example.org/claims/{id}/"
    settings.CLAIMREVIEW_AUTHOR_NAME = "The Desk"
    settings.CLAIMREVIEW_AUTHOR_URL = "https://desk.example.org/"


RATINGS = [
    ("confirmed", 5, "Confirmed by evidence"),
    ("corroborated", 4, "Corroborated by an independent source"),
    ("disputed", 3, "Disputed by a credible source"),
    ("refuted", 1, "Refuted: shown to be false"),
    ("retracted", None, "Retracted by its source"),
]


@pytest.mark.parametrize("status, value, verdict", RATINGS)
def test_claimreview_rates_each_verdict(api, reviewed, desk_settings, status, value, verdict):
    response = api.get(CLAIMS, {"format": "claimreview"})
    reviews = {review["url"]: review for review in json.loads(body(response))}

    claim = Claim.objects.select_related("source", "document").get(pk=reviewed[status])
    review = reviews[f"https://desk.example.org/claims/{claim.pk}/"]
    latest = claim.reviews.first()
    expected_rating = {
        "@type": "Rating",
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": verdict,
        "ratingExplanation": f"Checked: {status}.",
    }
    if value is not None:
        expected_rating["ratingValue"] = value
    assert review["reviewRating"] == expected_rating
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["datePublished"] == latest.created_at.date().isoformat()
    assert review["author"] == {
        "@type": "Organization",
        "name": "The Desk",
        "url": "https://desk.example.org/",
    }
    document = {"@type": "CreativeWork", "url": claim.document.url}
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"] == [document]
    assert item["firstAppearance"] == document
    assert item["author"]["name"] == claim.source.name
    if claim.claimed_at:
        assert item["datePublished"] == claim.claimed_at.isoformat()


def test_claimreview_leaves_out_unverified_claims(api, reviewed):
    response = api.get(CLAIMS, {"format": "claimreview"})

    assert response["Content-Type"] == "application/ld+json"
    assert response["Content-Disposition"] == 'attachment; filename="claims.jsonld"'
    reviews = json.loads(body(response))
    ids = [int(review["url"].rstrip("/").rsplit("/", 1)[1]) for review in reviews]
    assert sorted(ids) == sorted(reviewed.values())


def test_claimreview_url_defaults_to_the_claims_api_address(api, reviewed):
    reviews = json.loads(body(api.get(CLAIMS, {"format": "claimreview"})))

    assert {review["url"] for review in reviews} == {
        f"http://testserver/api/claims/{claim_id}/" for claim_id in reviewed.values()
    }
    assert reviews[0]["author"] == {"@type": "Organization", "name": "Claims desk"}


@pytest.mark.parametrize("kind, author_type", [("expert", "Person"), ("military", "Organization")])
def test_claimreview_author_is_a_person_only_for_experts(api, verifier, kind, author_type):
    claim = ClaimFactory(source__kind=kind, source__url="https://t.me/someone")
    review_claim(claim, reviewer=verifier, status="refuted", rationale="Satellite images.")

    (review,) = json.loads(
        body(api.get(CLAIMS, {"format": "claimreview", "source": claim.source_id}))
    )
    assert review["itemReviewed"]["author"] == {
        "@type": author_type,
        "name": claim.source.name,
        "url": "https://t.me/someone",
    }
    assert "appearance" not in review["itemReviewed"]


def test_claimreview_names_the_archived_copy_too(api, reviewed):
    claim = Claim.objects.get(pk=reviewed["confirmed"])
    claim.document.archived_url = "https://archive.example.org/copy"
    claim.document.save()

    reviews = json.loads(body(api.get(CLAIMS, {"format": "claimreview"})))
    assert reviews[0]["itemReviewed"]["appearance"][1] == {
        "@type": "CreativeWork",
        "url": "https://archive.example.org/copy",
    }


def test_claimreview_without_reviewed_claims_is_an_empty_array(api):
    assert json.loads(body(api.get(CLAIMS, {"format": "claimreview"}))) == []
