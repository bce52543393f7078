"""The admin's forms bound every text as the database does: one character past a limit is a form
error on the field, naming the limit, and nothing is saved; the extract view is bounded too."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLink, Event, Review, Source
from tests.factories import ClaimFactory
from tests.helpers import CLAIM_ADD, claim_change_url, claim_form, existing_claim_form

EXTRACT = reverse("admin:claims_claim_extract")


def source_form(**fields):
    return {"name": "Ukrainian Air Force", "kind": "military", "reliability": "F", **fields}


def event_form(**fields):
    return {"title": "Strike on Odesa", "occurred_on": "", "location": "", **fields}


def link_form(**fields):
    first, second = ClaimFactory(), ClaimFactory()
    return {"from_claim": first.pk, "relation": "corroborates", "to_claim": second.pk, **fields}


# (admin page, the form around the value, the field, its limit, the table that must stay empty)
BOUNDS = [
    ("claims/claim", lambda source, v: claim_form(source, text=v), "text", 2_000, Claim),
    ("claims/claim", lambda source, v: claim_form(source, quote=v), "quote", 5_000, Claim),
    ("claims/claim", lambda source, v: claim_form(source, location=v), "location", 300, Claim),
    ("claims/source", lambda source, v: source_form(name="N", notes=v), "notes", 5_000, None),
    ("claims/event", lambda source, v: event_form(description=v), "description", 5_000, Event),
    ("claims/event", lambda source, v: event_form(title=v), "title", 300, Event),
    ("claims/claimlink", lambda source, v: link_form(note=v), "note", 1_000, ClaimLink),
]

each_bound = pytest.mark.parametrize(
    ("page", "form", "field", "limit", "table"),
    BOUNDS,
    ids=[f"{page}.{field}" for page, _form, field, *_ in BOUNDS],
)


@each_bound
def test_a_text_past_its_limit_is_a_form_error(
    client, superuser, air_force, page, form, field, limit, table
):
    client.force_login(superuser)
    posted = form(air_force, "x" * (limit + 1))
    sources_before = Source.objects.count()

    response = client.post(f"/admin/{page}/add/", posted)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert any(f"{limit}" in error for error in errors), errors
    assert Source.objects.count() == sources_before
    if table is not None:
        assert not table.objects.filter(**{field: "x" * (limit + 1)}).exists()


@each_bound
def test_a_text_at_its_limit_is_saved(
    client, superuser, air_force, page, form, field, limit, table
):
    client.force_login(superuser)

    response = client.post(f"/admin/{page}/add/", form(air_force, "x" * limit))

    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"review_rationale": "x" * 5_001}, "review_rationale", "5000"),
        (
            {"review_evidence_urls": "\n".join(f"https://example.org/{n}" for n in range(51))},
            "review_evidence_urls",
            "50",
        ),
        (
            {"review_evidence_urls": "https://example.org/" + "a" * 1_000},
            "review_evidence_urls",
            "1,000",
        ),
    ],
    ids=["rationale", "evidence count", "evidence url"],
)
def test_a_review_past_its_bounds_is_a_form_error(client, verifier, fields, field, message):
    claim = ClaimFactory()
    client.force_login(verifier)
    form = existing_claim_form(
        claim, **{"status": "confirmed", "review_rationale": "Geolocated footage.", **fields}
    )

    response = client.post(claim_change_url(claim), form)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert any(message in error for error in errors), errors
    assert not Review.objects.exists()


def test_the_extract_view_refuses_a_text_past_its_limit(client, editor):
    client.force_login(editor)

    response = client.post(EXTRACT, {"text": "5 drones. " * 1_001})

    assert response.status_code == 400
    assert "10000" in response.json()["errors"]["text"][0]


def test_a_claim_whose_text_holds_many_numbers_gets_at_most_a_hundred(client, editor, air_force):
    text = ", ".join(f"{n} drones" for n in range(1, 170))
    assert len(text) <= 2_000
    client.force_login(editor)

    response = client.post(CLAIM_ADD, claim_form(air_force, text=text))

    assert response.status_code == 302
    assert Claim.objects.get().quantities.count() <= 100
