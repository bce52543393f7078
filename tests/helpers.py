"""Helpers shared by the test modules: API clients that send a user's token, and what the admin's
claim form posts."""

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

CLAIMS_LIST = reverse("admin:claims_claim_changelist")
CLAIM_ADD = reverse("admin:claims_claim_add")
AIR_FORCE_CLAIM = "Ukrainian air defenses downed 25 of nearly 30 Russian drones launched overnight."


# API clients.


def client_for(user) -> APIClient:
    """An API client that sends `user`'s token, as a newsroom script would."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def token_client(user) -> APIClient:
    """An API client with a token made for it (`user` must not have one yet)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


# The admin's claim form.


def claim_change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def empty_formset(prefix):
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def quantity_rows(*rows):
    """The inline formset's fields for these quantity rows (dicts of Quantity fields)."""
    data = {
        "quantities-TOTAL_FORMS": str(len(rows)),
        "quantities-INITIAL_FORMS": "0",
        "quantities-MIN_NUM_FORMS": "0",
        "quantities-MAX_NUM_FORMS": "1000",
        # The links and the verification history post their (here empty) formsets too.
        **empty_formset("links_from"),
        **empty_formset("links_to"),
        **empty_formset("reviews"),
    }
    for index, row in enumerate(rows):
        row = {"qualifier": "exact", "upper": "", "of_total": "", "item": "", "outcome": "", **row}
        data.update({f"quantities-{index}-{name}": value for name, value in row.items()})
    return data


def claim_form(claimant, *quantities, **fields):
    """What the claim form posts, as an editor leaves it: only `fields` and `quantities` set."""
    data = {
        "text": "Russian forces shelled Kherson.",
        "topic": "strike",
        "source": claimant.pk,
        "side": "",
        "document": "",
        "document_url": "",
        "quote": "",
        "occurred_on": "",
        "claimed_at_0": "",
        "claimed_at_1": "",
        "event": "",
        "location": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(quantity_rows(*quantities))
    data.update(fields)
    return data


def existing_claim_form(claim, **fields):
    """What the change form posts for an existing claim without quantities, left unchanged."""
    data = claim_form(
        claim.source,
        text=claim.text,
        topic=claim.topic,
        side=claim.side_id or "",
        status=claim.status,
        seen_version=claim.version,
    )
    data.update(fields)
    return data
