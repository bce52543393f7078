"""The claim's history page shows every recorded change of the claim and of its quantities, links
and reviews, with who and what; deleted claims stay readable for those allowed to see them."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimLink, Quantity
from claims.verification import review_claim
from tests.factories import ClaimFactory, QuantityFactory, SourceFactory
from tests.helpers import claim_change_url, existing_claim_form

DELETED = reverse("admin:claims_claim_deleted")


def history_url(claim_id: int) -> str:
    return reverse("admin:claims_claim_history", args=[claim_id])


def test_history_page_lists_who_changed_what_from_what_to_what(client, editor, verifier):
    claim = ClaimFactory(text="Before.", location="Odesa")
    client.force_login(editor)
    client.post(
        claim_change_url(claim), existing_claim_form(claim, text="After.", location="Odesa")
    )
    QuantityFactory(claim=claim, value=25)
    Quantity.objects.filter(claim=claim).update(value=27)  # a bulk update, no admin involved
    review_claim(claim, reviewer=verifier, status="disputed", rationale="No images.")

    client.force_login(editor)
    response = client.get(history_url(claim.pk))
    assert response.status_code == 200
    entries = response.context["entries"]
    rows = [
        (entry.part, entry.label, entry.user, [(c.name, c.before, c.after) for c in entry.changes])
        for entry in entries
    ]
    # (Within a test's single transaction, later changes keep the first request's user.)
    changes = [(part, label, changes) for part, label, _user, changes in rows]
    assert ("claim", "update", "editor", [("text", "Before.", "After.")]) in rows
    assert ("quantity", "update", [("value", "25", "27")]) in changes
    assert ("claim", "update", [("status", "Unverified", "Disputed")]) in changes
    assert ("review", "insert", []) in changes
    assert ("quantity", "insert", []) in changes
    page = response.content.decode()
    assert "<strong>text</strong>: Before. → After." in page
    assert "Unverified → Disputed by verifier" in page  # the review, described


def test_history_page_runs_the_same_queries_for_a_short_and_a_long_history(client, editor):
    claim = ClaimFactory(source=SourceFactory())
    client.force_login(editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(history_url(claim.pk)).status_code == 200
        return len(captured)

    def add_history(edits):
        for number in range(edits):
            client.post(claim_change_url(claim), existing_claim_form(claim, text=f"Edit {number}."))
            claim.refresh_from_db()
            ClaimLink.objects.create(from_claim=claim, to_claim=ClaimFactory(), relation="updates")
            QuantityFactory(claim=claim, value=number)
        claim.source = SourceFactory()
        claim.save()

    add_history(2)
    short = queries()
    add_history(10)
    # The events; the names of the sources, parties, claims and users they mention.
    assert queries() == short


def test_viewer_reads_the_history(client, viewer):
    claim = ClaimFactory()
    client.force_login(viewer)
    assert client.get(history_url(claim.pk)).status_code == 200


def test_claim_page_links_to_its_history(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    assert history_url(claim.pk) in client.get(claim_change_url(claim)).content.decode()


# Deleted claims.


def delete_in_admin(client, claim):
    response = client.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_deleted_claim_is_listed_with_its_last_state(client, superuser):
    claim = ClaimFactory(
        text="Russian forces control Toretsk.", status="disputed", source__name="Milbloggers"
    )
    claim_id = claim.pk
    client.force_login(superuser)
    delete_in_admin(client, claim)

    response = client.get(DELETED)
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert (row["claim"].text, str(row["source"]), row["deleted_by"]) == (
        "Russian forces control Toretsk.",
        "Milbloggers",
        "chief",
    )
    page = response.content.decode()
    assert "claim-status-disputed" in page
    assert history_url(claim_id) in page


def test_deleted_claims_history_stays_readable(client, superuser):
    claim = ClaimFactory(text="Russian forces control Toretsk.")
    QuantityFactory(claim=claim)
    claim_id = claim.pk
    client.force_login(superuser)
    delete_in_admin(client, claim)

    response = client.get(history_url(claim_id))
    assert response.status_code == 200
    labels = {(entry.part, entry.label) for entry in response.context["entries"]}
    assert {("claim", "delete"), ("quantity", "delete"), ("claim", "insert")} <= labels
    page = response.content.decode()
    assert "This claim was deleted on" in page
    assert "Russian forces control Toretsk." in page


def test_a_granted_permission_opens_the_deleted_claims(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="view_claimhistory"))
    claim_id = ClaimFactory().pk
    Claim.objects.filter(pk=claim_id).delete()
    client.force_login(editor)
    assert client.get(DELETED).status_code == 200
    assert client.get(history_url(claim_id)).status_code == 200


@pytest.mark.parametrize("role", ["editor", "verifier", "viewer"])
def test_desk_roles_do_not_see_deleted_claims(client, db, request, role):
    claim_id = ClaimFactory().pk
    Claim.objects.filter(pk=claim_id).delete()
    client.force_login(request.getfixturevalue(role))
    assert client.get(DELETED).status_code == 403
    # A deleted claim's page is, for them, a claim that does not exist.
    response = client.get(history_url(claim_id))
    assert response.status_code == 302
    changelist = client.get(reverse("admin:claims_claim_changelist"))
    assert "Deleted claims" not in changelist.content.decode()


def test_claims_list_links_to_deleted_claims_for_superusers(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert f'href="{DELETED}"' in page


@pytest.mark.parametrize("object_id", ["None", "abc", "99999"])
def test_history_of_an_unknown_claim_redirects(client, superuser, object_id):
    client.force_login(superuser)
    response = client.get(f"/admin/claims/claim/{object_id}/history/")
    assert response.status_code == 302
