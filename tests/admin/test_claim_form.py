"""The claim form: a claim recorded with its source, side, quote, document and quantities in one
form, invalid input refused with nothing saved, edits over a colleague's caught; and the status,
which only verifiers change, each change a recorded review."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from claims.admin.forms import ClaimForm
from claims.models import Claim, Document, Quantity
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
)
from tests.helpers import (
    AIR_FORCE_CLAIM,
    CLAIM_ADD,
    CLAIMS_LIST,
    claim_change_url,
    claim_form,
    existing_claim_form,
    quantity_rows,
)

# The claim form.


def test_air_force_claim_is_recorded_in_one_form(client, editor, air_force):
    """The issue's "done when": source, side, quote, document and quantities in one form."""
    document = DocumentFactory(url="https://www.rferl.org/a/scholz-putin-ukraine")
    client.force_login(editor)
    response = client.post(
        CLAIM_ADD,
        claim_form(
            air_force,
            {"value": "25", "of_total": "30", "item": "drone", "outcome": "downed"},
            text=AIR_FORCE_CLAIM,
            topic="air_defense",
            side=air_force.party_id,
            document=document.pk,
            quote="Air defenses downed 25 of nearly 30 Russian drones, the air force said.",
            occurred_on="2024-11-14",
            claimed_at_0="2024-11-15",
            claimed_at_1="08:10:00",
            location="Ukraine",
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    claim = Claim.objects.get()
    assert claim.source == air_force
    assert claim.side.slug == "ukraine"
    assert claim.document == document
    assert claim.quote.startswith("Air defenses downed 25")
    assert claim.created_by == editor
    assert claim.updated_by == editor
    quantity = claim.quantities.get()
    assert (quantity.value, quantity.of_total, quantity.item, quantity.outcome) == (
        25,
        30,
        "drone",
        "downed",
    )
    assert quantity.summary == "25 of 30 drones downed"
    listing = client.get(CLAIMS_LIST).content.decode()
    assert "25 of 30 drones downed" in listing


def test_side_is_filled_from_the_source_when_left_empty(client, editor, air_force):
    client.force_login(editor)
    client.post(CLAIM_ADD, claim_form(air_force, side=""))
    assert Claim.objects.get().side == air_force.party


def test_side_chosen_by_the_editor_is_kept(client, editor, air_force):
    russia = PartyFactory(name="Russia", slug="russia")
    client.force_login(editor)
    client.post(CLAIM_ADD, claim_form(air_force, side=russia.pk))
    assert Claim.objects.get().side == russia


def test_independent_source_leaves_side_empty(client, editor):
    outlet = SourceFactory(name="RFE/RL", kind="media", party=None)
    client.force_login(editor)
    client.post(CLAIM_ADD, claim_form(outlet))
    assert Claim.objects.get().side is None


def test_two_quantities_are_saved_with_the_claim(client, editor, air_force):
    client.force_login(editor)
    client.post(
        CLAIM_ADD,
        claim_form(
            air_force,
            {"value": "1", "item": "person", "outcome": "killed"},
            {"value": "10", "qualifier": "at_least", "item": "person", "outcome": "wounded"},
        ),
    )
    summaries = [quantity.summary for quantity in Claim.objects.get().quantities.all()]
    assert summaries == ["1 person killed", "at least 10 people wounded"]


@pytest.mark.parametrize(
    ("quantity", "fields", "message"),
    [
        ({"value": "30", "upper": "25"}, {}, "The upper bound cannot be below the value."),
        ({"value": "30", "of_total": "25"}, {}, "The total (&quot;of N&quot;) cannot be below"),
        ({"value": "-3"}, {}, "Ensure this value is greater than or equal to 0."),
        ({"value": "10", "qualifier": "range"}, {}, "A range needs an upper bound."),
        ({"value": "", "item": "drone"}, {}, "This field is required."),
        ({"value": "25"}, {"latitude": "95"}, "Ensure this value is less than or equal to 90."),
        ({"value": "25"}, {"longitude": "-200"}, "greater than or equal to -180."),
        ({"value": "25"}, {"text": ""}, "This field is required."),
        ({"value": "25"}, {"source": ""}, "This field is required."),
        ({"value": "25"}, {"occurred_on": "14 Novembr"}, "Enter a valid date."),
        ({"value": "25"}, {"document_url": "not a url"}, "Enter a valid URL."),
    ],
)
def test_invalid_input_shows_errors_and_saves_nothing(
    client, editor, air_force, quantity, fields, message
):
    client.force_login(editor)
    response = client.post(
        CLAIM_ADD, claim_form(air_force, {"item": "drone", **quantity}, **fields)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Claim.objects.exists()
    assert not Quantity.objects.exists()
    assert not Document.objects.exists()


def test_invalid_quantity_on_change_keeps_the_claim_as_it_was(client, editor):
    claim = ClaimFactory(text="Before.")
    client.force_login(editor)
    data = existing_claim_form(claim, text="After.")
    data.update(quantity_rows({"value": "5", "of_total": "2", "item": "drone"}))
    response = client.post(claim_change_url(claim), data)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.text == "Before."
    assert not claim.quantities.exists()


def test_existing_quantity_shows_as_a_whole_number(client, editor):
    QuantityFactory(value=Decimal("25.00"), of_total=Decimal("30.00"))
    client.force_login(editor)
    page = client.get(claim_change_url(Claim.objects.get())).content.decode()
    assert 'name="quantities-0-value" value="25"' in page
    assert 'name="quantities-0-of_total" value="30"' in page


def test_change_records_who_changed_the_claim(client, editor, verifier):
    claim = ClaimFactory(created_by=verifier)
    client.force_login(editor)
    client.post(claim_change_url(claim), existing_claim_form(claim, text="Edited."))
    claim.refresh_from_db()
    assert (claim.created_by, claim.updated_by) == (verifier, editor)


def test_save_over_someone_elses_change_is_refused_then_allowed(client, editor, verifier):
    claim = ClaimFactory(text="Original.", location="Odesa")
    client.force_login(editor)
    stale = existing_claim_form(claim, text="Mine.", location="Odesa")
    # A colleague saves first, changing the text and the place.
    client.force_login(verifier)
    other = client.post(
        claim_change_url(claim), existing_claim_form(claim, text="Theirs.", location="Izmail")
    )
    assert other.status_code == 302

    client.force_login(editor)
    refused = client.post(claim_change_url(claim), stale)
    assert refused.status_code == 200
    page = refused.content.decode()
    # Who, and what they changed, field by field; the editor's input stays in the form.
    assert "verifier saved this claim after you opened it, changing:" in page
    assert "<li>text: Original. → Theirs.</li>" in page
    assert "<li>location: Odesa → Izmail</li>" in page
    assert "Nothing was saved: your input is still in the form." in page
    assert refused.context["adminform"].form["text"].value() == "Mine."
    claim.refresh_from_db()
    assert (claim.text, claim.location) == ("Theirs.", "Izmail")

    # The refused form now carries the newer version: saving it again is deliberate.
    stale["seen_version"] = refused.context["adminform"].form["seen_version"].value()
    assert client.post(claim_change_url(claim), stale).status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.location) == ("Mine.", "Odesa")


@pytest.mark.django_db(transaction=True)
def test_save_landing_between_the_forms_check_and_the_save_is_refused(client, editor, monkeypatch):
    claim = ClaimFactory(text="Original.")
    checked = ClaimForm.check_no_edit_since_opened

    def colleague_saves_right_after_the_check(form):
        checked(form)
        if Claim.objects.get(pk=claim.pk).version == 1:
            # Their own connection and transaction, committed while the editor's is open.
            colleague = threading.Thread(target=save_as_colleague, args=[claim.pk])
            colleague.start()
            colleague.join()

    monkeypatch.setattr(
        ClaimForm, "check_no_edit_since_opened", colleague_saves_right_after_the_check
    )
    client.force_login(editor)
    response = client.post(claim_change_url(claim), existing_claim_form(claim, text="Mine."))

    assert response.status_code == 200
    assert "saved this claim after you opened it" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.text, claim.version) == ("Theirs.", 2)


def save_as_colleague(claim_id):
    try:
        theirs = Claim.objects.get(pk=claim_id)
        theirs.text = "Theirs."
        theirs.save()
    finally:
        connection.close()


# The status belongs to verifiers: each change of it is a recorded review.


def test_editor_sees_status_read_only(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    page = client.get(claim_change_url(claim)).content.decode()
    assert 'name="text"' in page
    assert 'name="status"' not in page


def test_editor_cannot_change_status_by_post(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(
        claim_change_url(claim), existing_claim_form(claim, status="confirmed", text="Edited.")
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Edited."
    assert claim.status == "unverified"


def test_editor_cannot_set_status_when_adding(client, air_force, editor):
    client.force_login(editor)
    client.post(CLAIM_ADD, claim_form(air_force, status="confirmed"))
    assert Claim.objects.get().status == "unverified"


@pytest.mark.parametrize("role", ["verifier", "superuser"])
def test_verifier_changes_status_with_a_recorded_review(client, db, request, role):
    reviewer = request.getfixturevalue(role)
    claim = ClaimFactory()
    client.force_login(reviewer)
    page = client.get(claim_change_url(claim)).content.decode()
    assert 'name="status"' in page
    assert 'name="review_rationale"' in page
    response = client.post(
        claim_change_url(claim),
        existing_claim_form(
            claim,
            status="disputed",
            review_rationale="Satellite images show no damage.",
            review_evidence_urls="https://example.org/a\nhttps://example.org/b",
        ),
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "disputed"
    review = claim.reviews.get()
    assert (review.old_status, review.new_status, review.reviewer) == (
        "unverified",
        "disputed",
        reviewer,
    )
    assert review.rationale == "Satellite images show no damage."
    assert review.evidence_urls == ["https://example.org/a", "https://example.org/b"]
    assert (
        "Satellite images show no damage." in client.get(claim_change_url(claim)).content.decode()
    )


def test_status_change_without_a_reason_is_refused(client, verifier):
    claim = ClaimFactory()
    client.force_login(verifier)
    response = client.post(claim_change_url(claim), existing_claim_form(claim, status="refuted"))
    assert response.status_code == 200
    assert "Say why the status changes." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "unverified"
    assert not claim.reviews.exists()


def test_status_offers_only_the_allowed_transitions(client, verifier):
    claim = ClaimFactory(status="retracted")
    client.force_login(verifier)
    form = client.get(claim_change_url(claim)).context["adminform"].form
    assert [value for value, _label in form.fields["status"].choices] == [
        "unverified",
        "retracted",
    ]
    response = client.post(
        claim_change_url(claim),
        existing_claim_form(claim, status="confirmed", review_rationale="Because."),
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == "retracted"


def test_verifier_edit_without_status_change_records_no_review(client, verifier):
    claim = ClaimFactory()
    client.force_login(verifier)
    client.post(claim_change_url(claim), existing_claim_form(claim, text="Edited."))
    claim.refresh_from_db()
    assert claim.text == "Edited."
    assert not claim.reviews.exists()


def test_new_claims_start_unverified_even_for_verifiers(client, verifier, air_force):
    client.force_login(verifier)
    assert 'name="status"' not in client.get(CLAIM_ADD).content.decode()
    client.post(CLAIM_ADD, claim_form(air_force, status="confirmed"))
    assert Claim.objects.get().status == "unverified"
