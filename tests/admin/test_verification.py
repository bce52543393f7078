"""The status changes only through a review, by a verifier, with a rationale; a verifier works
through the unverified claims one after the other."""

import pytest
from django.urls import reverse

from claims.admin.claims import ClaimAdmin
from claims.models import Claim, Review
from tests.factories import ClaimFactory
from tests.helpers import CLAIMS_LIST, claim_change_url, existing_claim_form


def review_form(claim, **fields):
    return existing_claim_form(
        claim, **{"status": "confirmed", "review_rationale": "Geolocated footage.", **fields}
    )


# No path around the review.


def test_editor_cannot_review_by_posting_the_review_fields(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(claim_change_url(claim), review_form(claim))
    assert response.status_code == 302  # saved, as an edit: the status field is not theirs
    claim.refresh_from_db()
    assert claim.status == "unverified"
    assert not Review.objects.exists()


def test_viewer_cannot_review(client, viewer):
    claim = ClaimFactory()
    client.force_login(viewer)
    assert client.post(claim_change_url(claim), review_form(claim)).status_code == 403
    claim.refresh_from_db()
    assert claim.status == "unverified"
    assert not Review.objects.exists()


def test_review_without_rationale_is_a_form_error_and_saves_nothing(client, verifier):
    claim = ClaimFactory(text="Before.")
    client.force_login(verifier)
    response = client.post(
        claim_change_url(claim), review_form(claim, review_rationale="  ", text="After.")
    )
    assert response.status_code == 200
    assert "Say why the status changes." in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.text) == ("unverified", "Before.")
    assert not Review.objects.exists()


@pytest.mark.parametrize("role", ["editor", "verifier", "superuser"])
def test_no_admin_action_changes_a_status(client, db, request, role):
    claim = ClaimFactory()
    client.force_login(request.getfixturevalue(role))
    response = client.get(CLAIMS_LIST)
    actions = (
        response.context["action_form"].fields["action"].choices
        if response.context["action_form"]
        else []
    )
    assert {name for name, _label in actions} <= {"", "delete_selected"}
    # An action posted by name that the admin does not offer does nothing.
    client.post(CLAIMS_LIST, {"action": "mark_confirmed", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == "unverified"


def test_claims_list_edits_nothing_in_place():
    assert not ClaimAdmin.list_editable


def test_reviews_are_read_only_in_the_admin(client, superuser, verifier):
    claim = ClaimFactory()
    client.force_login(verifier)
    client.post(claim_change_url(claim), review_form(claim))
    review = Review.objects.get()
    client.force_login(superuser)
    assert client.get(reverse("admin:claims_review_add")).status_code == 403
    delete = reverse("admin:claims_review_delete", args=[review.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = client.get(reverse("admin:claims_review_change", args=[review.pk]))
    assert 'name="new_status"' not in change.content.decode()
    assert Review.objects.count() == 1


# Working through the unverified claims.


def test_verifier_reviews_and_moves_to_the_next_unverified_claim(client, verifier):
    oldest, reviewed_already, middle, newest = (
        ClaimFactory(),
        ClaimFactory(status="confirmed"),
        ClaimFactory(),
        ClaimFactory(),
    )
    client.force_login(verifier)
    page = client.get(claim_change_url(newest)).content.decode()
    assert 'name="_review_next"' in page
    response = client.post(claim_change_url(newest), {**review_form(newest), "_review_next": "1"})
    assert response.status_code == 302
    assert response.url == claim_change_url(middle)  # the next row of the list, newest first
    newest.refresh_from_db()
    assert newest.status == "confirmed"
    # Saving without a review (skipping the claim) moves on too, past the reviewed one.
    response = client.post(
        claim_change_url(middle), {**existing_claim_form(middle), "_review_next": "1"}
    )
    assert response.url == claim_change_url(oldest)
    # Past the last one, back to the first still unverified.
    response = client.post(claim_change_url(oldest), {**review_form(oldest), "_review_next": "1"})
    assert response.url == claim_change_url(middle)
    assert reviewed_already.reviews.count() == 0


def test_next_unverified_claim_follows_the_list_filters(client, verifier):
    strike = ClaimFactory(topic="strike")
    ClaimFactory(topic="diplomacy")
    current = ClaimFactory(topic="strike")
    client.force_login(verifier)
    filters = "_changelist_filters=topic__exact%3Dstrike%26status__exact%3Dunverified"
    response = client.post(
        f"{claim_change_url(current)}?{filters}", {**review_form(current), "_review_next": "1"}
    )
    assert response.status_code == 302
    assert response.url == f"{claim_change_url(strike)}?{filters}"


def test_last_unverified_claim_leads_back_to_the_list(client, verifier):
    claim = ClaimFactory()
    client.force_login(verifier)
    response = client.post(
        claim_change_url(claim), {**review_form(claim), "_review_next": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{CLAIMS_LIST}?status__exact=unverified"
    assert "No unverified claims left to review." in response.content.decode()
    assert Claim.objects.get().status == "confirmed"


def test_review_next_button_and_list_link_are_for_verifiers(client, editor, verifier):
    claim = ClaimFactory()
    client.force_login(editor)
    assert 'name="_review_next"' not in client.get(claim_change_url(claim)).content.decode()
    assert "Unverified claims to review" not in client.get(CLAIMS_LIST).content.decode()
    client.force_login(verifier)
    page = client.get(CLAIMS_LIST).content.decode()
    assert f'href="{CLAIMS_LIST}?status__exact=unverified">Unverified claims to review' in page
