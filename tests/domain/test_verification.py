"""A claim's status changes only through a review by a verifier, along the allowed transitions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from claims.models import Claim, StaleClaimError, Status
from claims.verification import TRANSITIONS, review_claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_verifier_review_changes_status_and_records_the_decision(verifier):
    claim = ClaimFactory()
    review = review_claim(
        claim,
        reviewer=verifier,
        status="corroborated",
        rationale="Astra reports the same figure independently.",
        evidence_urls=["https://t.me/astrapress/1"],
    )
    claim.refresh_from_db()
    assert claim.status == "corroborated"
    assert claim.updated_by == verifier
    assert (review.old_status, review.new_status, review.reviewer) == (
        "unverified",
        "corroborated",
        verifier,
    )
    assert list(claim.reviews.all()) == [review]


@pytest.mark.parametrize("user_fixture", ["editor", "viewer"])
def test_only_verifiers_can_review(request, user_fixture):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        review_claim(
            claim,
            reviewer=request.getfixturevalue(user_fixture),
            status="confirmed",
            rationale="Looks right.",
        )
    assert Claim.objects.get(pk=claim.pk).status == "unverified"
    assert not claim.reviews.exists()


@pytest.mark.parametrize("rationale", ["", "   ", None])
def test_review_without_rationale_is_refused(verifier, rationale):
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as refused:
        review_claim(claim, reviewer=verifier, status="confirmed", rationale=rationale)
    assert "rationale" in refused.value.message_dict
    assert Claim.objects.get(pk=claim.pk).status == "unverified"


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (current, new)
        for current in Status.values
        for new in Status.values
        if new == current or new not in TRANSITIONS[current]
    ],
)
def test_transitions_outside_the_table_are_refused(verifier, current, new):
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(status=current)
    with pytest.raises(ValidationError) as refused:
        review_claim(claim, reviewer=verifier, status=new, rationale="Because.")
    assert "status" in refused.value.message_dict
    assert Claim.objects.get(pk=claim.pk).status == current


def test_every_status_can_be_left_and_reached():
    assert set(TRANSITIONS) == set(Status.values)
    reachable = set().union(*TRANSITIONS.values())
    assert reachable == set(Status.values)


def test_review_on_a_claim_changed_since_it_was_seen_is_refused(verifier):
    claim = ClaimFactory()
    seen_version = claim.version
    Claim.objects.get(pk=claim.pk).save()  # somebody else edits it meanwhile
    with pytest.raises(StaleClaimError):
        review_claim(
            claim,
            reviewer=verifier,
            status="confirmed",
            rationale="Geolocated footage.",
            expected_version=seen_version,
        )
    assert not claim.reviews.exists()


def test_stale_save_writes_nothing_and_keeps_the_winners_change():
    claim = ClaimFactory(location="Odesa")
    first, second = Claim.objects.get(pk=claim.pk), Claim.objects.get(pk=claim.pk)
    first.location = "Odesa, Prymorskyi district"
    first.save()
    second.quote = "a massive combined strike"
    with pytest.raises(StaleClaimError), transaction.atomic():
        second.save()
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.location, stored.quote, stored.version) == (
        "Odesa, Prymorskyi district",
        "",
        2,
    )
    assert second.version == 1  # still the version it was read at


def test_a_save_at_the_version_a_client_saw_succeeds_once():
    claim = ClaimFactory()
    seen = claim.version
    editing = Claim.objects.get(pk=claim.pk)
    editing.version = seen
    editing.location = "Kupyansk"
    editing.save()
    assert Claim.objects.get(pk=claim.pk).version == seen + 1
    again = Claim.objects.get(pk=claim.pk)
    again.version = seen
    with pytest.raises(StaleClaimError), transaction.atomic():
        again.save()
